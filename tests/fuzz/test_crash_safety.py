"""kill -9 the real CLI at random points of crawl, classify and build, again and again.

After every kill: the store opens, passes `PRAGMA integrity_check` and the foreign-key check,
and holds a committed state — the row counts of every table equal the state before the fetch
or after it, never something in between; classification is resumable; the published folder is
the old complete site or the new complete site, never a mix or a half-written page.

The kill times come from a seeded RNG (CRASH_SEED) so a failure can be replayed;
CRASH_ITERATIONS sets how many kills per stage (default 3).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "snapshot"
ITERATIONS = int(os.environ.get("CRASH_ITERATIONS", "3"))
SEED = int(os.environ.get("CRASH_SEED", str(int(time.time()) % 100_000)))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SNAPSHOT / "mcpm").is_dir(), reason="needs the bundled snapshot"),
]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from catalog.cli import main; main()", *args]


def _run(args: list[str], cwd: Path) -> float:
    t0 = time.monotonic()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-1000:]
    return time.monotonic() - t0


class KillWindow:
    """Random kill times inside the run's duration. A run that finishes before its kill time
    shrinks the window (the reference run may have been slower, e.g. a cold model cache), so the
    later kills land while the process is still working."""

    def __init__(self, rng: random.Random, duration: float, low: float = 0.2) -> None:
        self.rng = rng
        self.high = max(duration, low * 2)
        self.low = low
        self.killed = 0

    def run(self, args: list[str], cwd: Path) -> float:
        when = self.rng.uniform(self.low, self.high)
        proc = subprocess.Popen(
            args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        t0 = time.monotonic()
        try:
            proc.wait(timeout=when)
            self.high = max(self.low * 2, (time.monotonic() - t0) * 0.8)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            self.killed += 1
        return when

    def attempts(self) -> range:
        # a few extra tries when runs finished before their kill time
        return range(ITERATIONS + 3)

    def done(self, i: int) -> bool:
        return i + 1 >= ITERATIONS and self.killed > 0


def _copy_db(src: Path, dst: Path) -> None:
    # the backup API copies a consistent image, WAL included
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    finally:
        conn.close()


def _check_store(db: Path) -> dict[str, int]:
    from catalog.store import open_store

    store = open_store(str(db), create=False)
    store.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    return _counts(db)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crash")


@pytest.fixture(scope="module")
def base_db(work: Path) -> Path:
    """A store holding one small source: the 'before' state of the fetches we kill."""
    db = work / "base.db"
    _run(_cli("crawl", "--source", f"live={SNAPSHOT / 'live'}", "--db", str(db)), work)
    return db


@pytest.mark.parametrize(
    "source,path",
    [("mcpm", "mcpm"), ("toolsdk", "toolsdk/packages-list.json")],
)
def test_kill_during_crawl_leaves_before_or_after(work: Path, base_db: Path, source: str, path: str) -> None:
    rng = random.Random(f"{SEED}-{source}")
    crawl = ("crawl", "--source", f"{source}={SNAPSHOT / path}")
    ref = work / f"ref-{source}.db"
    _copy_db(base_db, ref)
    before = _check_store(ref)
    duration = _run(_cli(*crawl, "--db", str(ref)), work)
    after = _check_store(ref)
    assert after != before
    kw = KillWindow(rng, duration)
    for i in kw.attempts():
        db = work / f"kill-{source}-{i}.db"
        _copy_db(base_db, db)
        when = kw.run(_cli(*crawl, "--db", str(db)), work)
        state = _check_store(db)
        assert state in (before, after), f"seed {SEED}: killed at {when:.2f}s, state {state}"
        # the next run completes from whatever was committed
        _run(_cli(*crawl, "--db", str(db)), work)
        assert {k: v for k, v in _check_store(db).items() if k != "fetches"} == {
            k: v for k, v in after.items() if k != "fetches"
        }
        if kw.done(i):
            break
    assert kw.killed, f"seed {SEED}: no run was still going when killed; the test proved nothing"


def test_kill_during_classify_is_resumable(work: Path, base_db: Path) -> None:
    rng = random.Random(f"{SEED}-classify")
    crawled = work / "crawled.db"
    _copy_db(base_db, crawled)
    _run(_cli("crawl", "--source", f"mcpm={SNAPSHOT / 'mcpm'}", "--db", str(crawled)), work)
    ref = work / "classified.db"
    _copy_db(crawled, ref)
    duration = _run(_cli("classify", "--db", str(ref), "--no-progress"), work)
    full = _check_store(ref)
    assert full["classifications"] > 2000
    kw = KillWindow(rng, duration)
    for i in kw.attempts():
        db = work / f"kill-classify-{i}.db"
        _copy_db(crawled, db)
        when = kw.run(_cli("classify", "--db", str(db), "--no-progress"), work)
        state = _check_store(db)
        # only classifications may have been added, in whole committed batches
        assert {k: v for k, v in state.items() if k != "classifications"} == {
            k: v for k, v in full.items() if k != "classifications"
        }
        assert 0 <= state["classifications"] <= full["classifications"]
        conn = sqlite3.connect(db)
        try:
            assert conn.execute(
                "SELECT count(*) FROM classifications WHERE json_valid(record_json) = 0"
            ).fetchone()[0] == 0
        finally:
            conn.close()
        _run(_cli("classify", "--db", str(db), "--no-progress"), work)
        assert _check_store(db) == full, f"seed {SEED}: resume after kill at {when:.2f}s differs"
        if kw.done(i):
            break
    assert kw.killed, f"seed {SEED}: no classify run was still going when killed"


_CONTENT_HASH = re.compile(r"(?<=[._])[0-9a-f]{6,}(?=\.)")


def _site_files(out: Path) -> set[str]:
    # the search index names its shards by content hash; compare the tree's shape, not the hashes
    return {
        _CONTENT_HASH.sub("H", str(p.relative_to(out)))
        for p in out.rglob("*")
        if p.is_file() and ".toolrisk" not in p.parts
    }


def _assert_complete_site(out: Path) -> None:
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), f"half-written page {page}"


def test_kill_during_build_publishes_old_or_new_site(work: Path, base_db: Path) -> None:
    rng = random.Random(f"{SEED}-build")
    site_dir = work / "site"
    site_dir.mkdir()
    old_db = site_dir / "old.db"
    _copy_db(base_db, old_db)
    _run(_cli("classify", "--db", str(old_db), "--no-progress"), site_dir)
    old_out = site_dir / "old-public"
    _run(_cli("build", "--db", str(old_db), "--out", str(old_out)), site_dir)
    old_files = _site_files(old_out)

    new_db = site_dir / "new.db"
    _copy_db(old_db, new_db)
    _run(_cli("crawl", "--source", f"mcpm={SNAPSHOT / 'mcpm'}", "--db", str(new_db)), site_dir)
    _run(_cli("classify", "--db", str(new_db), "--no-progress"), site_dir)
    ref_out = site_dir / "ref-public"
    shutil.copytree(old_out, ref_out)
    duration = _run(_cli("build", "--db", str(new_db), "--out", str(ref_out)), site_dir)
    new_files = _site_files(ref_out)
    assert new_files != old_files

    kw = KillWindow(rng, duration)
    for i in kw.attempts():
        parent = site_dir / f"kill-{i}"
        parent.mkdir()
        out = parent / "public"
        shutil.copytree(old_out, out)
        db = parent / "store.db"
        _copy_db(new_db, db)
        when = kw.run(_cli("build", "--db", str(db), "--out", str(out)), parent)
        assert out.is_dir(), f"seed {SEED}: published folder missing after kill at {when:.2f}s"
        files = _site_files(out)
        assert files in (old_files, new_files), (
            f"seed {SEED}: kill at {when:.2f}s left a mixed site "
            f"({len(files - old_files - new_files)} unexpected, {len(old_files - files)} old missing)"
        )
        _assert_complete_site(out)
        # and the next build still publishes the new site
        _run(_cli("build", "--db", str(db), "--out", str(out)), parent)
        assert _site_files(out) == new_files
        _check_store(db)
        if kw.done(i):
            break
    assert kw.killed, f"seed {SEED}: no build was still going when killed"
