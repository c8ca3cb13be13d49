"""`toolrisk crawl` end to end (a real process) against the loopback index server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from indexserver import API_KEY, IndexServer  # noqa: E402


@pytest.fixture(scope="module")
def server() -> Iterator[IndexServer]:
    with IndexServer() as srv:
        yield srv


def toolrisk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOOLRISK_")}
    return subprocess.run(
        [sys.executable, "-c", "from catalog.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **(env or {})},
    )


def test_crawl_sources_by_url_with_json_summary(server: IndexServer, tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    proc = toolrisk(
        "crawl",
        "--db",
        db,
        "--json",
        "--source",
        f"official={server.url}",
        "--source",
        f"mcpm={server.url}/mcpm/servers.json",
        "--source",
        f"smithery={server.url}/smithery",
    )
    assert proc.returncode == 0, proc.stderr
    rows = {r["source"]: r for r in json.loads(proc.stdout)}
    assert rows["official"]["fetched"] > 300 and rows["official"]["failed"] is None
    assert rows["mcpm"]["fetched"] == 40
    assert rows["smithery"]["skipped"] and "TOOLRISK_SMITHERY_KEY" in rows["smithery"]["skipped"]
    assert not server.requests_to("/smithery/servers")


def test_one_failing_source_does_not_stop_the_others(server: IndexServer, tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    proc = toolrisk(
        "crawl",
        "--db",
        db,
        "--json",
        "--source",
        f"glama={server.url}/glama",
        "--source",
        f"toolsdk={server.url}/toolsdk/packages-list.json",
        env={"TOOLRISK_GLAMA_KEY": "not-the-key"},
    )
    assert proc.returncode == 1
    rows = {r["source"]: r for r in json.loads(proc.stdout)}
    assert "TOOLRISK_GLAMA_KEY" in rows["glama"]["failed"] and rows["glama"]["errors"] >= 1
    assert rows["toolsdk"]["fetched"] == 250 and rows["toolsdk"]["failed"] is None
    assert "glama" in proc.stderr.strip().splitlines()[-1] and "Traceback" not in proc.stderr


def test_keyed_source_with_key_from_environment(server: IndexServer, tmp_path: Path) -> None:
    proc = toolrisk(
        "crawl",
        "--db",
        str(tmp_path / "c.db"),
        "--json",
        "--source",
        f"glama={server.url}/glama",
        env={"TOOLRISK_GLAMA_KEY": API_KEY},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["fetched"] == len(server.glama())
