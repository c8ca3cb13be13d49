"""Parsers on broken input: a clear one-line error, or the broken record skipped and reported.

Fixtures: tests/fixtures/broken/ (damaged cuts of the real snapshot files, see its README).
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

import crawler.parsers._common as common
from catalog.errors import BadInput
from catalog.limits import MAX_DESCRIPTION_CHARS, TRUNCATION_MARK
from crawler.parsers import ParseError, parse_path
from crawler.snapshot import snapshot_dir

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"
SNAP = snapshot_dir()


def _one_line(msg: str) -> None:
    assert msg and "\n" not in msg and "Traceback" not in msg


def _run(name: str, path: Path, fmt: str | None = None) -> tuple[list, list[str]]:
    run = parse_path(name, path, fmt)
    return list(run), run.errors


# --- whole-file problems -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [None, "toolhive", "mcpm", "toolsdk", "mcp-tools", "official"])
def test_truncated_json_raises_naming_the_file(fmt: str | None) -> None:
    with pytest.raises(ParseError) as info:
        list(parse_path("x", BROKEN / "toolhive-truncated.json", fmt))
    msg = str(info.value)
    _one_line(msg)
    assert "toolhive-truncated.json" in msg and "invalid JSON at line" in msg


def test_truncated_json_raises_at_call_not_mid_iteration() -> None:
    # The lead's crawl opens a store transaction after parse_path returns; fail before that.
    with pytest.raises(ParseError):
        parse_path("x", BROKEN / "toolhive-truncated.json")


@pytest.mark.parametrize("fmt", [None, "toolhive"])
def test_non_utf8_raises(fmt: str | None) -> None:
    with pytest.raises(ParseError) as info:
        parse_path("x", BROKEN / "toolhive-not-utf8.json", fmt)
    msg = str(info.value)
    _one_line(msg)
    assert "toolhive-not-utf8.json" in msg and "not valid UTF-8" in msg


def test_parse_error_is_bad_input_and_value_error() -> None:
    with pytest.raises(ParseError) as info:
        parse_path("x", BROKEN / "toolhive-top-array.json", "toolhive")
    assert isinstance(info.value, ValueError) and isinstance(info.value, BadInput)
    assert info.value.exit_code == 2
    assert "top level: expected an object, got an array" in str(info.value)


def test_wrong_top_level_type_for_each_format(tmp_path: Path) -> None:
    number = tmp_path / "number.json"
    number.write_text("42")
    for fmt in ("toolhive", "mcpm", "toolsdk", "mcp-tools", "official"):
        with pytest.raises(ParseError) as info:
            list(parse_path("x", number, fmt))
        _one_line(str(info.value))
        assert "number.json" in str(info.value), fmt
    with pytest.raises(ParseError, match="cannot tell which index format"):
        parse_path("x", number)


def test_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "MAX_SOURCE_FILE_BYTES", 1_000)
    big = tmp_path / "big.json"
    shutil.copy(SNAP / "live/mcp-server-time.json", big)
    assert big.stat().st_size > 1_000
    with pytest.raises(ParseError, match=r"big\.json: file is \d+ bytes, over the 1000-byte limit"):
        parse_path("live", big)


def test_missing_path_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no such file"):
        parse_path("x", tmp_path / "nope.json")
    with pytest.raises(ParseError, match="unknown format 'nope'"):
        parse_path("x", SNAP / "live", "nope")


def test_yaml_alias_bomb_is_refused() -> None:
    with pytest.raises(ParseError) as info:
        parse_path("docker", BROKEN / "yaml-bomb.yaml", "docker")
    _one_line(str(info.value))
    assert "yaml-bomb.yaml" in str(info.value) and "nodes" in str(info.value)


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ParseError, match="deep.json"):
        list(parse_path("x", deep, "mcp-tools"))


def test_schema_nested_too_deep_skips_the_server(tmp_path: Path) -> None:
    schema: dict = {"type": "object"}
    for _ in range(80):
        schema = {"type": "object", "properties": {"x": schema}}
    f = tmp_path / "tools.json"
    f.write_text(json.dumps({"tools": [{"name": "deep", "inputSchema": schema}]}))
    records, errors = _run("x", f)
    assert records == []
    assert len(errors) == 1 and "nested deeper" in errors[0]


# --- broken records inside good files --------------------------------------------------------------


def test_toolhive_bad_records_are_skipped_and_reported() -> None:
    records, errors = _run("toolhive", BROKEN / "toolhive-bad-records.json")
    assert sorted(r.source_id for r in records) == ["adb-mysql-mcp-server", "atlassian-remote"]
    assert len(errors) == 3
    for e in errors:
        _one_line(e)
        assert (
            e.startswith("tests/fixtures/broken/toolhive-bad-records.json: ")
            or "toolhive-bad-records.json" in e
        )
    joined = "\n".join(errors)
    assert "servers['agentql-mcp']: field 'description': expected a string, got an integer" in joined
    assert "servers['arxiv-mcp-server']: field 'image': missing" in joined
    assert "servers['aws-api']: field 'tool_definitions[1].name': missing" in joined
    # Nothing from a broken server leaks out, not even its good tools.
    names = {t.name for r in records for t in r.tools or []}
    raw = json.loads((BROKEN / "toolhive-bad-records.json").read_text())
    aws_tool = raw["servers"]["aws-api"]["tool_definitions"][0]["name"]
    assert aws_tool not in names


def test_docker_directory_with_broken_servers() -> None:
    records, errors = _run("docker", BROKEN / "docker")
    assert [r.source_id for r in records] == ["astro-docs"]
    assert len(errors) == 4
    for e in errors:
        _one_line(e)
    joined = "\n".join(errors)
    assert (
        "wrongtype/server.yaml: server 'wrongtype': field 'name': expected a string, got an array" in joined
    )
    assert "badyaml/server.yaml: invalid YAML" in joined
    assert "badtools/tools.json: invalid JSON" in joined
    assert "badargs/tools.json: server 'badargs': field 'tools[0].arguments[0].name': missing" in joined


def test_single_broken_server_yaml_raises() -> None:
    with pytest.raises(ParseError, match=r"badyaml/server\.yaml: invalid YAML at line \d+"):
        parse_path("docker", BROKEN / "docker/badyaml/server.yaml")


def test_single_server_yaml_with_wrong_type_raises() -> None:
    with pytest.raises(ParseError) as info:
        parse_path("docker", BROKEN / "docker/wrongtype/server.yaml")
    assert str(info.value).endswith(
        "broken/docker/wrongtype/server.yaml: field 'name': expected a string, got an array"
    )


def test_single_server_yaml_with_broken_tools_json_names_tools_json() -> None:
    with pytest.raises(
        ParseError, match=r"badargs/tools\.json: field 'tools\[0\]\.arguments\[0\]\.name': missing"
    ):
        parse_path("docker", BROKEN / "docker/badargs/server.yaml")


def test_mcpm_bad_tool_skips_its_server() -> None:
    records, errors = _run("mcpm", BROKEN / "mcpm-bad-records.json")
    assert len(records) == 2 and "agentkit" not in {r.source_id for r in records}
    assert (
        len(errors) == 1
        and "server 'agentkit': field 'tools[0].name': expected a string, got an integer" in errors[0]
    )


def test_toolsdk_bad_entries() -> None:
    records, errors = _run("toolsdk", BROKEN / "toolsdk-bad-records.json")
    assert [r.source_id for r in records] == ["@toolsdk.ai/aws-ses-mcp", "@kazuph/mcp-screenshot"]
    assert len(errors) == 2
    assert "package '@toolsdk.ai/mcp-send-email': field 'tools': expected an object" in errors[0]
    assert "package 'broken-entry': expected an object" in errors[1]


def test_tool_without_name_drops_the_whole_tool_list() -> None:
    records, errors = _run("gh", BROKEN / "mcp-tools-missing-name.json")
    assert records == []
    assert len(errors) == 1 and "field 'tools[1].name': missing" in errors[0]


def test_live_capture_without_package() -> None:
    records, errors = _run("live", BROKEN / "live-missing-package.json")
    assert records == [] and len(errors) == 1 and "field 'package': missing" in errors[0]


def test_official_page_with_bad_records() -> None:
    records, errors = _run("official", BROKEN / "official-bad-records.json")
    by_id = {r.source_id: r for r in records}
    assert set(by_id) == {"io.github.domdomegg/airtable-mcp-server"}
    assert by_id["io.github.domdomegg/airtable-mcp-server"].status == "deprecated"
    assert len(errors) == 2
    assert "record 1: field 'name': missing" in errors[0]
    assert "field 'packages': expected an array, got a string" in errors[1]


def test_broken_file_in_a_directory_source_is_reported_not_fatal(tmp_path: Path) -> None:
    snaps = tmp_path / "snaps"
    shutil.copytree(SNAP / "github-mcp-server", snaps)
    (snaps / "zz_broken.json").write_bytes(b'{"name": "x", "description": "\xff"}')
    records, errors = _run("gh", snaps, "mcp-tools")
    # One unreadable tool file: the server is skipped (a partial surface would be a false version).
    assert records == []
    assert any("zz_broken.json: not valid UTF-8" in e for e in errors)
    assert any("skipped" in e for e in errors)


# --- hostile sizes -----------------------------------------------------------------------------------


def test_50mb_description_is_truncated(tmp_path: Path) -> None:
    huge = "A" * (50 * 1024 * 1024)
    big = "B" * (1024 * 1024)  # the other fields: big enough to need cutting, cheap to write
    reg = {
        "version": "1.0.0",
        "last_updated": "2026-02-20T00:21:11Z",
        "servers": {
            "huge": {
                "description": big,
                "image": "ghcr.io/x/huge:1",
                "tools": ["t"],
                "tool_definitions": [
                    {"name": "t", "description": huge, "inputSchema": {"type": "object", "description": big}}
                ],
            }
        },
    }
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(reg))
    del reg, huge, big
    records, errors = _run("toolhive", path)
    assert errors == []
    [rec] = records
    assert len(rec.description) == MAX_DESCRIPTION_CHARS and rec.description.endswith(TRUNCATION_MARK)
    tool = rec.tools[0]
    assert len(tool.description) == MAX_DESCRIPTION_CHARS and tool.description.endswith(TRUNCATION_MARK)
    assert len(tool.input_schema["description"]) == MAX_DESCRIPTION_CHARS
    assert len(rec.model_dump_json()) < 200_000


def test_50mb_yaml_description_is_truncated(tmp_path: Path) -> None:
    d = tmp_path / "docker" / "huge"
    d.mkdir(parents=True)
    (d / "server.yaml").write_text(
        "name: huge\ntype: server\nabout:\n  title: Huge\n  description: " + "b" * (50 * 1024 * 1024) + "\n"
    )
    records, errors = _run("docker", tmp_path / "docker")
    assert errors == [] and len(records[0].description) == MAX_DESCRIPTION_CHARS


def test_50mb_tool_name_skips_the_record(tmp_path: Path) -> None:
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([{"name": "n" * (50 * 1024 * 1024), "inputSchema": {"type": "object"}}]))
    records, errors = _run("x", path, "mcp-tools")
    assert records == []
    assert len(errors) == 1 and "longer than 200 characters" in errors[0]
    assert len(errors[0]) < 500


def test_50mb_tool_name_in_name_list_skips_the_record(tmp_path: Path) -> None:
    reg = {
        "version": "1",
        "last_updated": "2026-01-01T00:00:00Z",
        "servers": {"s": {"image": "a/b:1", "tools": ["x" * 50_000_000]}},
    }
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(reg))
    records, errors = _run("toolhive", path)
    assert records == [] and "longer than 200 characters" in errors[0]


def test_server_listed_twice_keeps_the_first(tmp_path: Path) -> None:
    servers = [json.loads((SNAP / "mcpm" / f).read_text()) for f in ("github.json", "filesystem.json")]
    twin = copy.deepcopy(servers[0])
    twin["description"] = "a different description"
    path = tmp_path / "servers.json"
    path.write_text(json.dumps([servers[0], servers[1], twin]))
    run = parse_path("mcpm", path)
    records = list(run)
    assert [r.source_id for r in records] == ["github", "filesystem"]
    assert records[0].description == servers[0]["description"]
    assert len(run.errors) == 1 and "server 'github' listed twice" in run.errors[0]
