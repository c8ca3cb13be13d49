"""The README's main job, end to end: `toolrisk run --snapshot` in an empty folder, twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.store import open_store
from crawler.parsers import parse_path
from crawler.snapshot import snapshot_sources

pytestmark = pytest.mark.slow


def run_snapshot(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalog.cli", "run", "--snapshot"], cwd=cwd, capture_output=True, text=True, timeout=900
    )


def bundled_tools() -> set[tuple[str, str]]:
    """(source, source_id, tool name) of every tool in every bundled source, as the parsers read them."""
    found = set()
    for src in snapshot_sources():
        for record in parse_path(src.name, Path(src.path), src.format):
            for tool in record.tools or []:
                found.add((f"{record.source}:{record.source_id}", tool.name))
    return found


def test_run_snapshot_builds_everything_offline_and_reruns_as_a_no_op(tmp_path: Path):
    first = run_snapshot(tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    public = tmp_path / "public"
    assert (public / "index.html").is_file()
    index = json.loads((public / "api" / "v1" / "index.json").read_text())
    assert index, "the API index lists servers"

    with open_store(str(tmp_path / "toolrisk.db")) as store:
        counts = store.counts()
        # every tool of every bundled source has a page: on its server's current surface, or
        # listed by another index than the freshest one
        listed: set[tuple[str, str]] = set()
        missing_pages = []
        for view in store.iter_server_views():
            for source in view.sources:
                for tool in view.tools + view.other_tools:
                    listed.add((f"{source.source}:{source.source_id}", tool.definition.name))
            for tool in view.tools + view.other_tools:
                page = public / "tools" / view.slug / tool.tool_slug / "index.html"
                if not page.is_file():
                    missing_pages.append(str(page.relative_to(public)))
                assert tool.classification is not None, f"{view.slug}/{tool.tool_slug} was not classified"
        assert missing_pages == [], missing_pages[:10]
        # a tool a source listed is shown for the server that source's record joined
        assert bundled_tools() <= listed

    second = run_snapshot(tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "classified 0 new tool definitions" in second.stderr
    with open_store(str(tmp_path / "toolrisk.db")) as store:
        again = store.counts()
    assert {k: v for k, v in again.items() if k != "fetches"} == {k: v for k, v in counts.items() if k != "fetches"}
