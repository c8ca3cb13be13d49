"""`toolrisk build` and `toolrisk serve` on a real SQLite store and a real HTTP server."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog.models import ServerRecord, SourceFetch, ToolDefinition
from catalog.site.build import build_site
from catalog.store import open_store

XSS = '<script>alert("x")</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">y</a>'


def _fill(db: Path) -> None:
    with open_store(str(db)) as store:
        records = [
            ServerRecord(source="toolhive", source_id="files", name="files-server", description="Local files",
                         version="1.2.0", repository_url="javascript:alert(1)",
                         tools=[ToolDefinition(name="delete_file", description="Delete a file. " + XSS,
                                               inputSchema={"type": "object", "properties": {"path": {"type": "string"}}},
                                               annotations={"readOnlyHint": True}),
                                ToolDefinition(name="read_file", description="Read a file's contents.")]),
            ServerRecord(source="toolhive", source_id="mail", name="mail-server", version="0.1",
                         tools=[ToolDefinition(name="send_email", description="Send an email to anyone.")]),
        ]
        store.record_fetch(SourceFetch(source="toolhive", url="file:///registry.json"), records)
        from classifier.store_job import classify_store

        classify_store(store, progress=False)


def test_build_command_from_a_real_store(tmp_path: Path):
    db = tmp_path / "t.db"
    _fill(db)
    out = tmp_path / "public"
    env = {**os.environ, "TOOLRISK_BASE_URL": "https://catalog.example.org/mcp/"}
    proc = subprocess.run([sys.executable, "-m", "catalog.cli", "build", "--db", str(db), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    with open_store(str(db)) as store:
        views = list(store.iter_server_views())
    assert {v.name for v in views} == {"files-server", "mail-server"}
    for v in views:
        assert (out / "servers" / v.slug / "index.html").is_file()
        for t in v.tools:
            page = (out / "tools" / v.slug / t.tool_slug / "index.html").read_text()
            assert t.definition.name in page
            assert '<link rel="canonical" href="https://catalog.example.org/mcp/tools/' in page
            if t.definition.name == "delete_file":
                assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
                assert 'href="javascript:' not in page
                assert t.classification is not None and t.classification.category in page
                assert "contradict" in page  # readOnlyHint=true on a delete
    assert json.loads((out / "api" / "v1" / "index.json").read_text())["count"] == 2
    assert "Disallow: /mcp/search/" in (out / "robots.txt").read_text()
    # a second build with nothing new writes nothing
    again = subprocess.run([sys.executable, "-m", "catalog.cli", "build", "--db", str(db), "--out", str(out)],
                           capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0 and "site: unchanged" in again.stderr, again.stderr
    # a new fetch (even of a new server only) is seen without reading every view
    with open_store(str(db)) as store:
        store.record_fetch(SourceFetch(source="docker", url="file:///x"), [ServerRecord(
            source="docker", source_id="new", name="brand-new-server",
            tools=[ToolDefinition(name="ping", description="Ping.")])])
    third = subprocess.run([sys.executable, "-m", "catalog.cli", "build", "--db", str(db), "--out", str(out)],
                           capture_output=True, text=True, env=env, timeout=300)
    assert third.returncode == 0 and "site: unchanged" not in third.stderr, third.stderr
    assert json.loads((out / "api" / "v1" / "index.json").read_text())["count"] == 3


def test_build_command_errors_are_one_line(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-m", "catalog.cli", "build", "--db", str(tmp_path / "none.db"),
                           "--out", str(tmp_path / "o")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "none.db" in proc.stderr
    bad = subprocess.run([sys.executable, "-m", "catalog.cli", "build", "--db", str(tmp_path / "none.db"),
                          "--base-url", "ftp://x/"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read()


def test_serve_command_local_only_and_no_hidden_files(tmp_path: Path):
    out = tmp_path / "public"
    from catalog.site.synthetic import server_views

    build_site(lambda: server_views(2, 2), out)
    proc = subprocess.Popen([sys.executable, "-m", "catalog.cli", "serve", "--dir", str(out), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "http://127.0.0.1:" in line, line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        status, body = _get(port, "/")
        assert status == 200 and b"toolrisk" in body
        assert _get(port, "/.toolrisk/manifest.json.gz")[0] == 404
        assert _get(port, "/assets/")[0] == 404  # no directory listings
        status, body = _get(port, "/no/such/page/")
        assert status == 404 and b"Page not found" in body
        status, _ = _get(port, "/pagefind/0/pagefind.js")
        assert status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_folder_without_a_site(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-m", "catalog.cli", "serve", "--dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "toolrisk build" in proc.stderr


@pytest.mark.parametrize("n", [0])
def test_empty_store_builds_a_site(tmp_path: Path, n: int):
    db = tmp_path / "empty.db"
    with open_store(str(db)):
        pass
    with open_store(str(db)) as store:
        report = build_site(store, tmp_path / "public")
    assert report.servers == n
    assert (tmp_path / "public" / "index.html").is_file()
    time.sleep(0)


def test_changes_pages_link_only_what_exists(tmp_path: Path):
    """After a tool disappears, the change is listed but its (gone) card is not linked."""
    import test_build as tb

    db = tmp_path / "c.db"
    _fill(db)
    out = tmp_path / "public"
    with open_store(str(db)) as store:
        build_site(store, out)
        records = [
            ServerRecord(source="toolhive", source_id="files", name="files-server", version="1.3.0",
                         tools=[ToolDefinition(name="delete_file", description="Delete a file. " + XSS,
                                               inputSchema={"type": "object", "properties": {"path": {"type": "string"}}},
                                               annotations={"readOnlyHint": True})]),
            ServerRecord(source="toolhive", source_id="mail", name="mail-server", version="0.1",
                         tools=[ToolDefinition(name="send_email", description="Send an email to anyone.")]),
        ]
        store.record_fetch(SourceFetch(source="toolhive", url="file:///registry2.json"), records)
        report = build_site(store, out)
    assert not report.unchanged
    page = out / "changes" / "index.html"
    text = page.read_text()
    assert "read_file" in text
    assert "tools/files-server/read-file/" not in text and not (out / "tools" / "files-server" / "read-file").exists()
    for p in (page, out / "index.html"):
        parser = tb._Links()
        parser.feed(p.read_text())
        for url in parser.urls:
            if url.startswith(("http://", "https://")):
                continue
            target = tb._resolve(out, p, url)
            assert target is not None and target.is_file(), (p, url)
