"""Pure parts of the probe: package specs, stderr reading, argument guessing, record building."""

from __future__ import annotations

import pytest

from catalog.errors import BadInput
from crawler.probe.kinds import asked_env_vars, guess_args, is_sdk_drift, mentions_network, summarise_stderr
from crawler.probe.record import parse_tools, to_record
from crawler.probe.rpc import Capture
from crawler.probe.runner import ProbeOutcome
from crawler.probe.spec import make_target, parse_spec

HOME = "/home/probe"


@pytest.mark.parametrize(
    ("spec", "registry", "expected"),
    [
        ("@modelcontextprotocol/server-memory@2026.8.31", "npm", ("@modelcontextprotocol/server-memory", "2026.8.31")),
        ("@scope/pkg", "npm", ("@scope/pkg", None)),
        ("tavily-mcp@latest", "npm", ("tavily-mcp", None)),
        ("mcp-server-time==2026.10.19", "pypi", ("mcp-server-time", "2026.10.19")),
        ("excel_mcp.server@1.0rc1", "pypi", ("excel_mcp.server", "1.0rc1")),
    ],
)
def test_parse_spec(spec: str, registry: str, expected: tuple[str, str | None]) -> None:
    assert parse_spec(spec, registry) == expected


@pytest.mark.parametrize(
    ("spec", "registry"),
    [
        ("../evil", "npm"), ("file:/etc", "npm"), ("git+https://x/y.git", "npm"), ("https://x/y.tgz", "npm"),
        ("pkg@^1.0", "npm"), ("pkg@1.0 || 2.0", "npm"), ("-rf", "npm"), ("pkg>=1", "pypi"), ("pkg==1; rm", "pypi"),
        ("pkg@", "pypi"), ("", "npm"), ("pkg", "cargo"), ("a" * 300, "npm"),
    ],
)
def test_hostile_specs_are_refused(spec: str, registry: str) -> None:
    with pytest.raises(BadInput):
        parse_spec(spec, registry)


def test_env_must_be_names() -> None:
    with pytest.raises(BadInput):
        make_target("x", "npm", env={"lower; rm": "x"})


def test_asked_env_vars_needs_context() -> None:
    stderr = "Error: GOOGLE_MAPS_API_KEY environment variable is required\n"
    assert asked_env_vars(stderr, set()) == ["GOOGLE_MAPS_API_KEY"]
    assert asked_env_vars(stderr, {"GOOGLE_MAPS_API_KEY"}) == []
    # constants in a stack trace are not requests for variables
    assert asked_env_vars("at Object.MAX_SAFE_INTEGER (x.js:1)\nRangeError: ERR_OUT_OF_RANGE\n", set()) == []
    assert asked_env_vars("Missing PATH and HOME_DIR_X token", set()) == ["HOME_DIR_X"]


def test_sdk_drift_detection() -> None:
    plain = "Traceback (most recent call last):\n  File \"/v/site-packages/mcp/server/x.py\"\nImportError: cannot import name 'X'\n"
    assert is_sdk_drift(plain)
    grouped = (
        "  + Exception Group Traceback (most recent call last):\n  | Traceback (most recent call last):\n"
        "  |   File \"/v/site-packages/srv/app.py\", line 3\n  | AttributeError: 'Server' object has no attribute 'x'\n"
    )
    assert not is_sdk_drift(grouped)  # nothing says mcp...
    assert is_sdk_drift(grouped, "2.3.0")  # ...but the install resolved SDK 2.x
    assert not is_sdk_drift(grouped, "1.9.4")
    assert not is_sdk_drift("AttributeError: x\n", "2.0.0")  # no traceback, no drift
    assert not is_sdk_drift("Traceback (most recent call last):\nValueError: bad config\n", "2.0.0")


def test_network_words() -> None:
    assert mentions_network("getaddrinfo EAI_AGAIN api.example.com")
    assert mentions_network('{"code": -32603, "message": "fetch failed"}')
    assert not mentions_network("TypeError: undefined is not a function")


def test_guess_args() -> None:
    argparse_required = "usage: x [-h] --db-path DB\nx: error: the following arguments are required: --db-path"
    assert guess_args(argparse_required, [], HOME) == ["--db-path", f"{HOME}/db-path"]
    choice = "x: error: argument transport: invalid choice: 'placeholder' (choose from 'sse', 'stdio')"
    assert guess_args(choice, ["placeholder"], HOME) == ["stdio"]
    assert guess_args("Please provide a database URL as a command-line argument", [], HOME) == [
        "postgresql://placeholder:placeholder@localhost:9/placeholder"
    ]
    assert guess_args("Usage: mcp-server-filesystem [allowed-directory] [additional-directories...]", [], HOME) == [HOME]
    assert guess_args("Error: something else entirely", [], HOME) is None
    assert guess_args("usage: x DIR", [HOME], HOME) is None  # no new guess, no loop


def test_summary_puts_the_error_first() -> None:
    text = "Error: the real cause\n" + "\n".join(f"    at frame {i}" for i in range(200))
    summary = summarise_stderr(text)
    assert summary.startswith("Error: the real cause") and len(summary) < 900
    assert "\x1b" not in summarise_stderr("\x1b[31mError: red\x1b[0m\n")
    assert summarise_stderr("") == "(nothing on stderr)"


def _outcome(tools: list[dict]) -> ProbeOutcome:
    from datetime import UTC, datetime

    capture = Capture(
        protocol_version="2025-11-25", server_info={"name": "s", "version": "1"}, capabilities={"tools": {}},
        instructions=None, pages=[{"tools": tools}], tools=tools, initialize_s=0.1, list_s=0.2,
        captured_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return ProbeOutcome(target=make_target("pkg@1.0.0", "npm"), version="1.0.0", capture=capture)


def test_hostile_tools_are_skipped_not_fatal() -> None:
    deep: dict = {}
    node = deep
    for _ in range(100):
        node["x"] = {}
        node = node["x"]
    raw = [
        {"name": "good", "description": "fine", "inputSchema": {"type": "object"}, "x-extra": 1},
        {"name": ""},
        {"name": "n" * 500},
        {"name": "deep", "inputSchema": deep},
        {"name": "good", "description": "duplicate"},
        {"description": "no name"},
    ]
    tools, problems = parse_tools(raw)
    assert [t.name for t in tools] == ["good"]
    assert len(problems) == 5
    record = to_record(_outcome(raw), "io.example/server")
    assert record.source == "probe" and record.source_id == "npm:pkg" and record.version == "1.0.0"
    assert record.packages[0].identifier == "pkg" and record.packages[0].version == "1.0.0"
    assert record.meta["serverInfo"] == {"name": "s", "version": "1"}
    assert len(record.meta["probe"]["invalid_tools"]) == 5
    assert "raw_tools_list_dropped" in record.meta  # the 100-deep schema cannot go into meta either


def test_raw_pages_that_overflow_the_meta_cap_are_dropped_but_tools_kept() -> None:
    from catalog.limits import MAX_JSON_NODES

    # raw pages just under the node cap on their own, over it once the rest of meta is added
    properties = {f"p{i}": 1 for i in range(MAX_JSON_NODES - 15)}
    raw = [{"name": "wide", "inputSchema": {"type": "object", "properties": properties}}]
    record = to_record(_outcome(raw), None)
    assert [t.name for t in record.tools or []] == ["wide"]
    assert "raw_tools_list" not in record.meta
    assert record.meta["raw_tools_list_dropped"].startswith("the record's meta")
