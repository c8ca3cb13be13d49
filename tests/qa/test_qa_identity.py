"""QA regressions for server identity and the built site, from real bundled snapshot records.

Found on the full `toolrisk run --snapshot` site: /servers/mcp-clickhouse/ is titled
"optimade-mcp-server" and lists OPTIMADE tools; /servers/arxiv-mcp-server/ is titled
"fibery-mcp-server" and lists Fibery tools. `uv run …`, `uvx run …` and `uv tool run …` install
lines are read as PyPI packages named "run"/"tool", which then join unrelated servers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "catalog.cli"]
MCPM = Path(__file__).resolve().parents[2] / "snapshot" / "mcpm"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def crawl_and_export(tmp_path: Path, names: list[str]) -> dict:
    src = tmp_path / "mcpm"
    src.mkdir()
    for name in names:
        shutil.copy(MCPM / f"{name}.json", src / f"{name}.json")
    run("crawl", "--source", f"mcpm={src}", "--db", "t.db", cwd=tmp_path)
    run("export", "--out", "exp", "--db", "t.db", cwd=tmp_path)
    index = json.loads((tmp_path / "exp" / "api" / "v1" / "index.json").read_text())
    return {s["slug"]: s for s in index["servers"]}


def test_uv_run_install_lines_do_not_join_unrelated_servers(tmp_path):
    servers = crawl_and_export(tmp_path, ["mcp-clickhouse", "optimade-mcp-server", "serena"])
    assert len(servers) == 3, {slug: s["name"] for slug, s in servers.items()}


def test_uv_tool_run_install_lines_do_not_join_unrelated_servers(tmp_path):
    servers = crawl_and_export(tmp_path, ["arxiv-mcp", "fibery-mcp-server"])
    assert len(servers) == 2, {slug: s["name"] for slug, s in servers.items()}


def test_sitemap_has_no_duplicate_urls(tmp_path):
    """Was a QA defect (home page listed twice), fixed in c3db461; kept as a guard."""
    src = tmp_path / "mcpm"
    src.mkdir()
    shutil.copy(MCPM / "mcp-installer.json", src / "mcp-installer.json")
    run("crawl", "--source", f"mcpm={src}", "--db", "t.db", cwd=tmp_path)
    run("classify", "--db", "t.db", cwd=tmp_path)
    run("build", "--out", "pub", "--db", "t.db", cwd=tmp_path)
    text = (tmp_path / "pub" / "sitemap.xml").read_text()
    locs = [part.split("</loc>")[0] for part in text.split("<loc>")[1:]]
    assert locs and len(locs) == len(set(locs)), sorted(loc for loc in locs if locs.count(loc) > 1)


def test_one_package_many_servers_by_argument_are_not_joined(tmp_path):
    servers = crawl_and_export(tmp_path, ["materials-project", "web-fetch", "ssh-exec"])
    assert len(servers) == 3, {slug: s["name"] for slug, s in servers.items()}
