"""Versioned tools/list captures of one server (captures.json): the manifest, the parser, and
how the crawl stores the versions (one server, one surface per version, history, diff)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.history import changes_for, diff_surfaces, pick_pair
from catalog.store import open_store
from crawler.parsers import ParseError, parse_path
from crawler.runner import CAPTURES_CURSOR, SourceSpec, crawl_local


def tool(name: str, description: str = "does a thing") -> dict:
    return {"name": name, "description": description, "inputSchema": {"type": "object"}}


def make_folder(root: Path, manifest: dict | str | None = None, files: dict[str, list] | None = None) -> Path:
    folder = root / "gw"
    folder.mkdir()
    files = files if files is not None else {
        "old.json": [tool("status", "Check status (running|done)."), tool("gone"), tool("same")],
        "new.json": [tool("status", "Check status (running|done|failed)."), tool("same"), tool("watch")],
        "extra.json": [tool("route"), tool("api_x")],
    }
    for name, tools in files.items():
        (folder / name).write_text(json.dumps(tools))
    if manifest is None:
        manifest = {
            "server": {"name": "gw", "repository": "https://github.com/example/gw"},
            "captures": [
                {"file": "new.json", "version": "2.0.0", "observed_at": "2026-08-17T00:00:00Z"},
                {"file": "old.json", "version": "1.0.0", "observed_at": "2026-06-15T00:00:00Z"},
                {"file": "extra.json", "adds_to": "new.json", "note": "only with some configuration",
                 "tool_notes": {"route": "only with [least_cost].enabled"}},
            ],
        }
    (folder / "captures.json").write_text(manifest if isinstance(manifest, str) else json.dumps(manifest))
    return folder


# --- manifest and parser ---------------------------------------------------------------------


def test_good_manifest_gives_one_server_per_version_oldest_first(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    for fmt in ("mcp-tools", None):  # an explicit format and auto-detection read it the same
        run = parse_path("gw", folder, fmt)
        old, new = list(run)
        assert run.errors == []
        assert [o.path.name for o in run.observations] == ["old.json", "new.json"]
        assert old.source_id == new.source_id == "gw" and old.name == "gw"
        assert (old.version, new.version) == ("1.0.0", "2.0.0")
        assert old.captured_at.isoformat() == "2026-06-15T00:00:00+00:00"
        assert run.observed_at == new.captured_at
        assert [t.name for t in old.tools] == ["status", "gone", "same"]
        assert [t.name for t in new.tools] == ["status", "same", "watch", "route", "api_x"]
        assert new.meta == {"configuration_only": {
            "route": "only with [least_cost].enabled", "api_x": "only with some configuration"}}
        assert old.meta == {} and new.repository_url == "https://github.com/example/gw"


def test_packages_carry_each_capture_version(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {
        "server": {"name": "gw", "packages": [{"registry": "npm", "identifier": "gw-server"}]},
        "captures": [
            {"file": "old.json", "version": "1.0.0", "observed_at": "2026-06-15T00:00:00Z"},
            {"file": "new.json", "version": "2.0.0", "observed_at": "2026-08-17T00:00:00Z"},
            {"file": "extra.json", "adds_to": "new.json"},
        ],
    })
    old, new = list(parse_path("gw", folder))
    assert [(p.registry, p.identifier, p.version) for p in old.packages] == [("npm", "gw-server", "1.0.0")]
    assert [p.version for p in new.packages] == ["2.0.0"]
    assert new.meta == {}  # an add-on without notes adds tools, no note


BASE = {"server": {"name": "gw"}}
OLD = {"file": "old.json", "version": "1.0.0", "observed_at": "2026-06-15T00:00:00Z"}
NEW = {"file": "new.json", "version": "2.0.0", "observed_at": "2026-08-17T00:00:00Z"}
EXTRA = {"file": "extra.json", "adds_to": "new.json"}


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ("{not json", "invalid JSON at line 1"),
        ([], "Input should be a valid dictionary"),
        ({"captures": [OLD, NEW, EXTRA]}, "server: Field required"),
        ({**BASE, "captures": []}, "captures: List should have at least 1 item"),
        ({**BASE, "captures": [{**OLD, "observed_at": "2026-06-15T00:00:00"}, NEW, EXTRA]},
         "captures.0.observed_at: must carry a time zone"),
        ({**BASE, "captures": [{"file": "old.json", "version": "1.0.0"}, NEW, EXTRA]},
         "captures.0: a capture needs 'version' and 'observed_at'"),
        ({**BASE, "captures": [{**OLD, "file": "../old.json"}, NEW, EXTRA]}, "captures.0.file: must be a .json file"),
        ({**BASE, "captures": [OLD, NEW, {**EXTRA, "adds_to": "nope.json"}]}, "extra.json: adds_to nope.json is not listed"),
        ({**BASE, "captures": [OLD, NEW, {**EXTRA, "version": "1.0.0"}]}, "version 1.0.0 differs from new.json's 2.0.0"),
        ({**BASE, "captures": [OLD, {**NEW, "observed_at": OLD["observed_at"]}, EXTRA]}, "have the same observed_at"),
        ({**BASE, "captures": [OLD, OLD, NEW, EXTRA]}, "old.json is listed twice"),
        ({**BASE, "captures": [OLD, NEW, EXTRA], "surprise": 1}, "surprise: Extra inputs are not permitted"),
        ({"server": {"name": "gw", "repository": "github.com/x"}, "captures": [OLD, NEW, EXTRA]},
         "server.repository: must be an http(s) URL"),
        ({**BASE, "captures": [{**OLD, "note": "x"}, NEW, EXTRA]}, "'note' and 'tool_notes' belong to a file"),
    ],
)
def test_malformed_manifest_is_one_line_naming_the_file(tmp_path: Path, manifest: object, expected: str) -> None:
    folder = make_folder(tmp_path, manifest)  # type: ignore[arg-type]
    with pytest.raises(ParseError) as err:
        parse_path("gw", folder, "mcp-tools")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{folder / 'captures.json'}: ") or message.startswith("gw/captures.json")
    assert expected in message


def test_missing_stray_and_broken_files_are_one_line(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "old.json").unlink()
    with pytest.raises(ParseError, match=r"captures.json: captures\[1\]\.file: old.json does not exist$"):
        parse_path("gw", folder, "mcp-tools")

    (folder / "old.json").write_text("[]")
    (folder / "other.json").write_text("[]")
    with pytest.raises(ParseError, match="captures.json: other.json is in the folder but not listed"):
        parse_path("gw", folder, "mcp-tools")

    (folder / "other.json").unlink()
    (folder / "old.json").write_text(json.dumps([{"description": "no name"}]))
    with pytest.raises(ParseError, match=r"old.json: .*tools\[0\]\.name"):
        parse_path("gw", folder, "mcp-tools")

    (folder / "old.json").write_text(json.dumps([tool("x")]))
    (folder / "extra.json").write_text(json.dumps([tool("watch")]))  # new.json lists it too
    with pytest.raises(ParseError, match="extra.json: tool 'watch' is also in new.json"):
        parse_path("gw", folder, "mcp-tools")


def test_a_folder_without_manifest_still_reads_one_server_per_file(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "captures.json").unlink()
    ids = sorted(r.source_id for r in parse_path("gw", folder, "mcp-tools"))
    assert ids == ["gw:extra", "gw:new", "gw:old"]


# --- what the crawl stores ---------------------------------------------------------------------


def crawl(folder: Path, db: Path):
    spec = SourceSpec(name="gw", location=str(folder), fmt="mcp-tools")
    with open_store(str(db)) as store:
        return crawl_local(spec, store)


def test_two_versions_are_one_server_with_history(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    db = tmp_path / "t.db"
    summary = crawl(folder, db)
    assert (summary.fetched, summary.new, summary.changed, summary.errors) == (2, 1, 1, 0)
    with open_store(str(db)) as store:
        counts = store.counts()
        assert counts["servers"] == 1 and counts["surfaces"] == 2 and counts["source_records"] == 2
        [summ] = store.server_summaries()
        view = store.server_view(summ.slug)
        assert summ.tool_count == 5
        old, new = view.surfaces
        assert (old.source_version, old.tool_count, new.source_version, new.tool_count) == ("1.0.0", 3, "2.0.0", 5)
        assert old.first_seen.date().isoformat() == "2026-06-15" and new.first_seen.date().isoformat() == "2026-08-17"
        assert view.current_surface_id == new.id  # current = the newest version
        assert [t.definition.name for t in view.tools] == ["api_x", "route", "same", "status", "watch"]
        assert view.other_tools == []
        tools = {t.definition.name: t for t in view.tools}
        # the changed tool has both definitions in its history; unchanged ones one, first seen in 1.0.0
        assert [(h.source_version, h.first_seen.date().isoformat()) for h in tools["status"].history] == [
            ("1.0.0", "2026-06-15"), ("2.0.0", "2026-08-17")]
        assert tools["status"].alternatives == []  # an older version is history, not a disagreement
        assert [h.source_version for h in tools["same"].history] == ["1.0.0"]
        assert tools["same"].first_seen.date().isoformat() == "2026-06-15"
        assert view.meta["gw"]["configuration_only"]["route"] == "only with [least_cost].enabled"

        before, after = pick_pair(view, None, None)  # `toolrisk diff` defaults: previous → current
        assert (before.id, after.id) == (old.id, new.id)
        d = diff_surfaces(store, view, before, after)
        assert [t.name for t in d.of("added")] == ["api_x", "route", "watch"]
        assert [t.name for t in d.of("removed")] == ["gone"]
        [changed] = d.of("changed")
        assert (changed.name, changed.changed_fields, changed.rug_pull) == ("status", ["description"], None)
        assert d.unchanged == 1

        events = changes_for(view, store)
        kinds = sorted((e.kind, e.tool or "", e.from_version or "", e.to_version or "") for e in events)
        assert ("tool_changed", "status", "1.0.0", "2.0.0") in kinds
        assert ("tool_removed", "gone", "1.0.0", "2.0.0") in kinds
        assert sum(1 for k in kinds if k[0] == "tool_added") == 3
        assert store.get_source_state("gw") == {CAPTURES_CURSOR: "2026-08-17T00:00:00+00:00"}


def test_recrawl_writes_nothing_new_and_a_new_version_appends(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    db = tmp_path / "t.db"
    crawl(folder, db)
    with open_store(str(db)) as store:
        first = {k: v for k, v in store.counts().items() if k != "fetches"}
    again = crawl(folder, db)
    assert (again.fetched, again.new, again.changed, again.unchanged) == (2, 0, 0, 2)
    with open_store(str(db)) as store:
        assert {k: v for k, v in store.counts().items() if k != "fetches"} == first

    # a third, newer capture joins the same listing; the older two are not replayed
    (folder / "v3.json").write_text(json.dumps([tool("status", "Check status (any)."), tool("same")]))
    manifest = json.loads((folder / "captures.json").read_text())
    manifest["captures"].append({"file": "v3.json", "version": "3.0.0", "observed_at": "2026-09-01T00:00:00Z"})
    (folder / "captures.json").write_text(json.dumps(manifest))
    third = crawl(folder, db)
    assert (third.fetched, third.changed, third.unchanged) == (3, 1, 2)
    with open_store(str(db)) as store:
        view = store.server_view(store.find_server("gw"))
        assert [s.source_version for s in view.surfaces] == ["1.0.0", "2.0.0", "3.0.0"]
        assert next(s for s in view.surfaces if s.id == view.current_surface_id).source_version == "3.0.0"
        status = next(t for t in view.tools if t.definition.name == "status")
        assert [h.source_version for h in status.history] == ["1.0.0", "2.0.0", "3.0.0"]
