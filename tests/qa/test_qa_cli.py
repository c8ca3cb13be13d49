"""QA regressions for the CLI contract (DESIGN §3): bad input → one line naming it, exit 2, no traceback,
nothing left behind. Strict xfails are open defects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "catalog.cli"]


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("toolrisk: error:"), proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return lines[0]


def test_classify_output_to_a_directory_is_bad_input(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "server": "s", "tool": "get_time"}) + "\n")
    (tmp_path / "outdir").mkdir()
    proc = run("classify", "--input", "in.jsonl", "--output", "outdir", cwd=tmp_path)
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert proc.returncode == 2, proc.stderr
    assert "outdir" in one_line_error(proc)
    assert leftovers == ["in.jsonl", "outdir"], leftovers


def test_classify_input_directory_is_named_as_a_directory(tmp_path):
    (tmp_path / "indir").mkdir()
    proc = run("classify", "--input", "indir", "--output", "-", cwd=tmp_path)
    assert proc.returncode == 2
    assert "no such file" not in one_line_error(proc)


def test_crawl_unknown_source_name_is_a_usage_error(tmp_path):
    proc = run("crawl", "--source", "nosuch", "--db", "t.db", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "nosuch" in one_line_error(proc)
    assert not (tmp_path / "t.db").exists()


def test_hostile_jsonl_lines_fail_alone_and_the_run_continues(tmp_path):
    """Guard (works today): oversized, too-deep, non-UTF-8 and non-object lines each get an error line."""
    deep = '{"type":"object","properties":{"a":' * 3000 + '{"type":"string"}' + "}}" * 3000
    body = b"".join([
        json.dumps({"id": "ok1", "server": "s", "tool": "get_time", "description": "Get the time"}).encode() + b"\n",
        json.dumps({"id": "big", "server": "s", "tool": "x", "description": "A" * (9 * 1024 * 1024)}).encode() + b"\n",
        b'{"id":"deep","server":"s","tool":"d","input_schema":' + deep.encode() + b"}\n",
        b'{"id":"bytes","server":"s","tool":"x","description":"\xff\xfe"}\n',
        b"[1,2,3]\n",
        json.dumps({"id": "ok2", "server": "s", "tool": "list_files", "description": "List files"}).encode() + b"\n",
    ])
    (tmp_path / "in.jsonl").write_bytes(body)
    proc = run("classify", "--input", "in.jsonl", "--output", "out.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(out) == 6
    assert [("error" in o) for o in out] == [False, True, True, True, True, False]
    assert out[0]["id"] == "ok1" and out[5]["id"] == "ok2"


def test_jsonl_export_index_points_at_files_that_exist(tmp_path):
    snapshot = Path(__file__).resolve().parents[2] / "snapshot" / "mcpm" / "mcp-installer.json"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "mcp-installer.json").write_bytes(snapshot.read_bytes())
    for args in (["crawl", "--source", f"mcpm={tmp_path / 'src'}", "--db", "t.db"], ["classify", "--db", "t.db"],
                 ["export", "--out", "exp", "--format", "jsonl", "--db", "t.db"]):
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    api = tmp_path / "exp" / "api" / "v1"
    index = json.loads((api / "index.json").read_text())
    assert index["servers"]
    missing = [s["record"] for s in index["servers"] if s.get("record") and not (api / s["record"]).exists()]
    assert not missing, missing


@pytest.mark.parametrize("args", [["export", "--out", "/proc"], ["build", "--out", "/proc/qa-toolrisk"]])
def test_unwritable_output_folder_is_one_clear_line(tmp_path, args):
    snapshot = Path(__file__).resolve().parents[2] / "snapshot" / "mcpm" / "mcp-installer.json"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "mcp-installer.json").write_bytes(snapshot.read_bytes())
    proc = run("crawl", "--source", f"mcpm={tmp_path / 'src'}", "--db", "t.db", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run(*args, "--db", "t.db", cwd=tmp_path)
    assert proc.returncode in (1, 2)
    assert "/proc" in one_line_error(proc)


def test_trailing_blank_line_in_jsonl_is_not_an_error(tmp_path):
    line = json.dumps({"id": "a", "server": "s", "tool": "get_time", "description": "Get the time"})
    proc = run("classify", "--input", "-", "--output", "-", cwd=tmp_path, stdin=line + "\n\n")
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["a"]


def test_blank_line_between_records_keeps_its_error_line(tmp_path):
    # output line N answers input line N: a blank line inside the file is still reported
    good = json.dumps({"id": "a", "server": "s", "tool": "get_time", "description": "Get the time"})
    other = json.dumps({"id": "b", "server": "s", "tool": "delete_file", "description": "Delete a file"})
    proc = run("classify", "--input", "-", "--output", "-", cwd=tmp_path, stdin=f"{good}\n\n  \n{other}\n\n")
    assert proc.returncode == 2
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [x.get("id") for x in lines] == ["a", None, None, "b"]
    assert "line 2: empty line" in lines[1]["error"] and "line 3" in lines[2]["error"]
