"""`toolrisk export` and `toolrisk diff` through the real entry point: exit codes and one-line errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.export.crawls import two_crawls


def toolrisk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalog.cli", *args], capture_output=True, text=True, timeout=120)


def test_export_then_damaged_store_exits_1_and_keeps_files(tmp_path: Path):
    db = tmp_path / "c.db"
    two_crawls(db).close()
    out = tmp_path / "dump"
    ok = toolrisk("export", "--out", str(out), "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    before = (out / "api/v1/index.json").read_bytes()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE definitions SET canonical_json='not json' WHERE name='read_file'")
    conn.commit()
    conn.close()
    bad = toolrisk("export", "--out", str(out), "--db", str(db))
    assert bad.returncode == 1
    assert bad.stderr.startswith("toolrisk: error: ") and bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr
    assert (out / "api/v1/index.json").read_bytes() == before


def test_diff_exit_codes(tmp_path: Path):
    db = tmp_path / "c.db"
    two_crawls(db).close()
    ok = toolrisk("diff", "files", "--db", str(db))
    assert ok.returncode == 0 and "~ read_file  Read/medium -> Write/high" in ok.stdout
    for args in (("diff", "files", "--from", "0.9"), ("diff", "no-such-server")):
        bad = toolrisk(*args, "--db", str(db))
        assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_two_processes_with_different_hash_seeds_write_the_same_bytes(tmp_path: Path):
    import os

    db = tmp_path / "c.db"
    two_crawls(db).close()
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        subprocess.run([sys.executable, "-m", "catalog.cli", "export", "--out", str(out), "--db", str(db)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
        outs.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outs[0] == outs[1] and len(outs[0]) >= 12
