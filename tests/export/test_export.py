"""The JSON API written from a real SQLite store: round trip, schema, bulk files, determinism."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from catalog.errors import Failure
from catalog.export import ApiWriter, ServerExport, schema_for
from catalog.export.run import export_store
from catalog.models import ServerRecord, SourceFetch
from catalog.store import open_store
from catalog.views import ServerView
from tests.export.crawls import FORECAST_V2, LABELS, POISON, SEND_ALERT, T1, tool


def validator(schema: dict, model: str | None = None) -> jsonschema.Draft202012Validator:
    doc = schema_for(schema, model) if model else schema
    jsonschema.Draft202012Validator.check_schema(doc)
    return jsonschema.Draft202012Validator(doc, format_checker=jsonschema.FormatChecker())


def all_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_round_trip_store_to_export_to_records(store, exported):
    slugs = sorted(p.stem for p in (exported / "servers").glob("*.json"))
    assert slugs == sorted(v.slug for v in store.iter_server_views()) == ["files", "weather"]
    for slug in slugs:
        view = store.server_view(slug)
        record = ServerExport.model_validate_json((exported / "servers" / f"{slug}.json").read_bytes())
        assert record.slug == view.slug and record.name == view.name and record.modified == view.modified
        assert [t.name for t in record.tools] == [t.definition.name for t in view.tools]
        for out, tv in zip(record.tools, view.tools, strict=True):
            assert out.definition == tv.definition
            assert out.definition_hash == tv.definition.definition_hash
            assert out.classification == store.classification_for(tv.definition_hash)
            assert out.provenance.source == tv.source and out.provenance.server_version == tv.server_version
            assert out.provenance.rules == out.classification.rules
            assert out.history == tv.history
        assert [v.surface_hash for v in record.versions] == [s.surface_hash for s in view.surfaces]
        assert record.current_surface == view.current_surface_id
        # Everything we exported reads back as exactly what we wrote.
        again = ServerExport.model_validate_json(record.model_dump_json(by_alias=True))
        assert again == record


def test_exported_tool_keeps_its_hostile_text_verbatim(exported):
    record = json.loads((exported / "servers" / "weather.json").read_text("utf-8"))
    forecast = next(t for t in record["tools"] if t["name"] == "get_forecast")
    assert forecast["definition"]["description"] == FORECAST_V2.description
    assert forecast["definition"]["inputSchema"] == {"type": "object"}
    assert forecast["rug_pull"]["added_instructions"] == [POISON]
    assert record["rug_pull"] is True


def test_every_exported_file_validates_against_the_published_schema(exported, api_schema):
    published = json.loads((exported / "schema.json").read_text("utf-8"))
    assert published == api_schema and published["version"] == "1.0.0"
    root = validator(published)
    checked = 0
    for path in (exported / "servers").glob("*.json"):
        root.validate(json.loads(path.read_bytes()))
        checked += 1
    with zipfile.ZipFile(exported / "all.zip") as zf:
        for name in zf.namelist():
            root.validate(json.loads(zf.read(name)))
            checked += 1
    validator(published, "IndexFile").validate(json.loads((exported / "index.json").read_bytes()))
    validator(published, "ChangesFile").validate(json.loads((exported / "changes.json").read_bytes()))
    for path in (exported / "sources").glob("*.json"):
        validator(published, "SourceList").validate(json.loads(path.read_bytes()))
        checked += 1
    for path in (exported / "risk").glob("*.json"):
        validator(published, "RiskList").validate(json.loads(path.read_bytes()))
        checked += 1
    assert checked == 2 + 2 + 1 + 5


def test_schema_rejects_a_broken_record(exported, api_schema):
    good = json.loads((exported / "servers" / "weather.json").read_bytes())
    root = validator(api_schema)
    for breakage in (
        lambda r: r.pop("slug"),
        lambda r: r["tools"][0]["classification"].update(risk="apocalyptic"),
        lambda r: r["tools"][0]["definition"].pop("name"),
        lambda r: r.update(schema_version="0.1"),
    ):
        bad = json.loads(json.dumps(good))
        breakage(bad)
        with pytest.raises(jsonschema.ValidationError):
            root.validate(bad)


def test_all_zip_holds_exactly_the_record_files(exported):
    with zipfile.ZipFile(exported / "all.zip") as zf:
        assert zf.testzip() is None
        members = {n: zf.read(n) for n in zf.namelist()}
    on_disk = {p.name: p.read_bytes() for p in (exported / "servers").glob("*.json")}
    assert members == on_disk


def test_index_and_lists_agree_with_the_records(exported):
    index = json.loads((exported / "index.json").read_bytes())
    records = {p.stem: json.loads(p.read_bytes()) for p in (exported / "servers").glob("*.json")}
    assert [row["slug"] for row in index["servers"]] == sorted(records)
    assert index["count"] == 2 and index["tool_count"] == sum(len(r["tools"]) for r in records.values())
    for row in index["servers"]:
        rec = records[row["slug"]]
        assert row["record"] == f"servers/{row['slug']}.json"
        assert row["max_risk"] == rec["risk"]["max_risk"] and row["modified"] == rec["modified"]
    # every current tool appears in exactly the risk list of its label
    for level in ("low", "medium", "high", "critical", "unclassified"):
        listed = {(t["server"], t["tool"]) for t in json.loads((exported / "risk" / f"{level}.json").read_bytes())["tools"]}
        expected = {
            (slug, t["name"])
            for slug, rec in records.items()
            for t in rec["tools"]
            if (LABELS[t["definition_hash"]][1] if t["definition_hash"] in LABELS else "unclassified") == level
        }
        assert listed == expected, level
    alpha = json.loads((exported / "sources" / "alpha.json").read_bytes())
    assert [s["slug"] for s in alpha["servers"]] == ["files", "weather"]
    assert {s["source_id"] for s in alpha["servers"]} == {"acme/files", "acme/weather"}


def test_modified_id_csv_is_newest_first_with_slug_ties(tmp_path: Path):
    db = open_store(str(tmp_path / "m.db"))
    base = datetime(2026, 3, 1, tzinfo=UTC)
    # Four servers seen at three different times, two of them at the same time.
    for i, (name, when) in enumerate([("bravo", 2), ("alpha", 0), ("delta", 2), ("charlie", 1)]):
        db.record_fetch(
            SourceFetch(source=f"s{i}", url="test://", observed_at=base + timedelta(days=when)),
            [ServerRecord(source=f"s{i}", source_id=name, name=name, tools=[tool("t", "x")])],
        )
    out = tmp_path / "out"
    export_store(db, out)
    rows = list(csv.reader(io.StringIO((out / "api/v1/modified_id.csv").read_text("ascii"))))
    assert rows == [
        ["2026-03-03T00:00:00Z", "bravo"],
        ["2026-03-03T00:00:00Z", "delta"],
        ["2026-03-02T00:00:00Z", "charlie"],
        ["2026-03-01T00:00:00Z", "alpha"],
    ]
    for when, slug in rows:
        rec = json.loads((out / f"api/v1/servers/{slug}.json").read_bytes())
        assert rec["modified"] == when
    db.close()


def test_same_store_gives_byte_identical_files(store, tmp_path: Path):
    export_store(store, tmp_path / "one")
    path = store.path
    store.close()
    reopened = open_store(str(path), create=False)
    export_store(reopened, tmp_path / "two")
    export_store(reopened, tmp_path / "two")  # re-export over itself: same bytes, no leftovers
    reopened.close()
    one, two = all_files(tmp_path / "one"), all_files(tmp_path / "two")
    assert one.keys() == two.keys() and "api/v1/all.zip" in one and "feed.xml" in one
    assert [k for k in one if one[k] != two[k]] == []
    assert not [p for p in (tmp_path / "two").iterdir() if p.name.startswith(".")]


def test_jsonl_format_writes_one_valid_record_per_line(store, tmp_path: Path, api_schema):
    report = export_store(store, tmp_path / "out", format="jsonl")
    lines = (report.api_dir / "servers.jsonl").read_bytes().splitlines()
    assert [json.loads(line)["slug"] for line in lines] == ["files", "weather"]
    root = validator(api_schema)
    for line in lines:
        root.validate(json.loads(line))
    assert report.zip_bytes is None and not (report.api_dir / "servers").exists()
    assert not (report.api_dir / "all.zip").exists()


def _damage_definitions(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("UPDATE definitions SET canonical_json='{\"name\": ' WHERE name='send_alert'")
    conn.commit()
    conn.close()


def test_store_damaged_mid_export_keeps_the_previous_export(store, tmp_path: Path):
    out = tmp_path / "public"
    export_store(store, out)
    before = all_files(out)
    path = store.path
    store.close()
    _damage_definitions(path)
    damaged = open_store(str(path), create=False)
    with pytest.raises(Failure) as info:
        export_store(damaged, out)
    damaged.close()
    message = str(info.value)
    assert "\n" not in message and str(path) in message and "previous export kept" in message
    assert all_files(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_truncated_store_file_gives_one_line_error_and_no_export(store, tmp_path: Path):
    from catalog.errors import ToolriskError

    path = store.path
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    out = tmp_path / "public"
    with pytest.raises(ToolriskError) as info, open_store(str(path), create=False) as s:
        export_store(s, out)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    assert not (out / "api").exists()


def test_writer_refuses_unsafe_or_duplicate_slugs(tmp_path: Path):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(Failure, match="not a safe file name"), ApiWriter(tmp_path / "o") as writer:
        writer.add_server(ServerView(id=1, slug="../../etc", name="x", modified=now))
    with pytest.raises(Failure, match="twice"), ApiWriter(tmp_path / "o") as writer:
        writer.add_server(ServerView(id=1, slug="same", name="x", modified=now))
        writer.add_server(ServerView(id=2, slug="same", name="y", modified=now))
    assert not (tmp_path / "o" / "api").exists() and list((tmp_path / "o").iterdir()) == []


def test_slug_survives_a_second_crawl_and_a_rename(tmp_path: Path):
    from tests.export.crawls import crawl_one, crawl_two

    db = open_store(str(tmp_path / "s.db"))
    crawl_one(db)
    export_store(db, tmp_path / "a")
    crawl_two(db, weather_name="Acme Weather Pro")  # the index renamed the server
    export_store(db, tmp_path / "b")
    first = json.loads((tmp_path / "a/api/v1/servers/weather.json").read_bytes())
    second = json.loads((tmp_path / "b/api/v1/servers/weather.json").read_bytes())
    assert first["slug"] == second["slug"] == "weather"
    assert db.find_server("acme/weather") == "weather"
    assert sorted(p.name for p in (tmp_path / "b/api/v1/servers").iterdir()) == ["files.json", "weather.json"]
    db.close()


def test_slug_collisions_resolve_the_same_way_every_time(tmp_path: Path):
    def build(path: Path) -> dict[str, str]:
        db = open_store(str(path))
        db.record_fetch(
            SourceFetch(source="alpha", url="test://", observed_at=T1),
            [
                ServerRecord(source="alpha", source_id="one/weather", name="Weather", tools=[SEND_ALERT],
                             repository_url="https://github.com/one/weather"),
                ServerRecord(source="alpha", source_id="two/weather", name="weather", tools=[SEND_ALERT],
                             repository_url="https://github.com/two/weather"),
            ],
        )
        out = tmp_path / f"out-{path.stem}"
        export_store(db, out)
        db.close()
        index = json.loads((out / "api/v1/index.json").read_bytes())
        return {row["slug"]: json.loads((out / "api/v1" / row["record"]).read_bytes())["sources"][0]["source_id"]
                for row in index["servers"]}

    first, second = build(tmp_path / "x.db"), build(tmp_path / "y.db")
    assert first == second and len(first) == 2 and "weather" in first


def test_report_carries_recent_changes_for_the_home_page(store, tmp_path: Path):
    report = export_store(store, tmp_path / "p")
    assert report.servers == 2 and report.tools == 3 and report.rug_pulls == 1
    assert report.feed_path.is_file() and report.changes_path.is_file()
    assert [e.at for e in report.recent_changes] == sorted((e.at for e in report.recent_changes), reverse=True)


def test_jsonl_export_is_deterministic_too(store, tmp_path: Path):
    export_store(store, tmp_path / "a", format="jsonl")
    export_store(store, tmp_path / "b", format="jsonl")
    assert all_files(tmp_path / "a") == all_files(tmp_path / "b")
