"""The command line's contract: one-line errors and exit codes (DESIGN §3), help for every command."""

from __future__ import annotations

import subprocess
import sys

import pytest

CLI = [sys.executable, "-m", "catalog.cli"]


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, **kw)


@pytest.mark.parametrize(
    "args",
    [
        ["crawl", "--bogus"],
        ["nosuchcommand"],
        ["crawl", "--source", "Bad Name=x"],
        ["crawl", "--source", "toolhive=/no/such/path", "--db", "/no/such/dir/x.db"],
        ["crawl", "--rate", "-3"],
        ["classify", "--input", "/no/such/file.jsonl", "--output", "-"],
        ["db", "check", "--db", "sqlite:///no/such/dir/t.db"],
        ["crawl", "--source", "x=y", "--db", "mysql://nope"],
    ],
)
def test_bad_usage_is_one_line_exit_2(args, tmp_path):
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("toolrisk: error:"), proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_corrupt_store_is_named_in_one_line(tmp_path):
    db = tmp_path / "t.db"
    db.write_bytes(b"\x00garbage" * 1000)
    proc = run("classify", "--db", str(db))
    assert proc.returncode == 2
    assert str(db) in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == b"\x00garbage" * 1000


def test_help_lists_every_command():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ["crawl", "classify", "build", "run", "serve", "policy", "eval", "probe", "diff", "export", "db", "worker"]:
        assert command in proc.stdout
    for command in ["crawl", "run", "db", "worker"]:
        sub = run(command, "--help")
        assert sub.returncode == 0 and "Usage" in sub.stdout
