"""Fuzz every index-format parser: crawler.parsers.parse_path on mutated real samples and on
garbage must raise ParseError or yield valid ServerRecords, never another exception."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import ServerRecord
from tests.fuzz.fuzz_strategies import FUZZ, deep_json_text, hostile_text, json_values, tool_like

parsers = pytest.importorskip("crawler.parsers")
ParseError = parsers.ParseError
parse_path = parsers.parse_path
parse_data = parsers.parse_data

SNAPSHOT = Path(__file__).resolve().parents[2] / "snapshot"


def _consume(run: Any) -> list[ServerRecord]:
    records = list(run)
    for rec in records:
        assert isinstance(rec, ServerRecord)
        for tool in rec.tools or []:
            assert tool.name.strip()
    assert all(isinstance(e, str) for e in getattr(run, "errors", []))
    return records


def _parse_ok_or_parse_error(call: Callable[[], Any]) -> None:
    try:
        run = call()
        _consume(run)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc).strip()


# --- seeds: small real samples of each format (from the bundled snapshot, else synthetic) ----


def _load(rel: str) -> Any:
    path = SNAPSHOT / rel
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _toolhive_seed() -> Any:
    data = _load("toolhive/registry.json")
    if data is None:
        return {"version": "1", "last_updated": "2026-01-01T00:00:00Z", "servers": {"s": {"description": "d",
                "tool_definitions": [{"name": "t", "description": "d", "inputSchema": {"type": "object"}}]}}}
    servers = dict(list(data["servers"].items())[:2])
    return {**data, "servers": servers, "remote_servers": dict(list(data.get("remote_servers", {}).items())[:1])}


def _toolsdk_seed() -> Any:
    data = _load("toolsdk/packages-list.json")
    if data is None:
        return {"pkg": {"category": "c", "path": "c/p.json", "validated": True, "tools": {"t": {"name": "t"}}}}
    with_tools = [(k, v) for k, v in data.items() if v.get("tools")][:2]
    return dict(with_tools + list(data.items())[:1])


def _mcpm_seed() -> Any:
    files = sorted((SNAPSHOT / "mcpm").glob("*.json")) if (SNAPSHOT / "mcpm").is_dir() else []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        if data.get("tools"):
            return data
    return {"name": "s", "display_name": "S", "description": "d", "tools": [{"name": "t", "description": "d"}]}


def _capture_seed() -> Any:
    data = _load("live/mcp-server-time.json")
    return data or {"package": "p", "registry": "npm", "version": "1", "tools": [{"name": "t", "inputSchema": {}}]}


def _official_seed() -> Any:
    return _load("official/seed.json") or [{"name": "io.x/y", "description": "d", "version": "1.0.0"}]


SEEDS: dict[str, Callable[[], Any]] = {
    "toolhive": _toolhive_seed,
    "toolsdk": _toolsdk_seed,
    "mcpm": _mcpm_seed,
    "mcp-tools": _capture_seed,
    "official": _official_seed,
}


def _paths(value: Any) -> list[tuple[Any, ...]]:
    """Every container path in a JSON value (iteratively)."""
    out: list[tuple[Any, ...]] = [()]
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack and len(out) < 2000:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            out.append((*path, k))
            if isinstance(v, dict | list):
                stack.append((v, (*path, k)))
    return out


def _mutate(seed: Any, data: st.DataObject) -> Any:
    doc = copy.deepcopy(seed)
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = data.draw(st.sampled_from(paths))
        if not path:
            doc = data.draw(json_values)
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "tool", "nest", "string"]))
        key = path[-1]
        if action == "delete":
            del parent[key]
        elif action == "tool":
            parent[key] = data.draw(tool_like)
        elif action == "nest":
            node: Any = parent[key]
            for _ in range(data.draw(st.integers(60, 300))):
                node = [node]
            parent[key] = node
        elif action == "string":
            parent[key] = data.draw(hostile_text)
        else:
            parent[key] = data.draw(json_values)
    return doc


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_index_files(fmt: str, data: st.DataObject) -> None:
    doc = _mutate(SEEDS[fmt](), data)
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _parse_ok_or_parse_error(lambda: parse_path("fuzz", path, fmt))
        _parse_ok_or_parse_error(lambda: parse_path("fuzz", path))  # with format detection


@FUZZ
@given(data=st.data())
def test_mutated_docker_directory(data: st.DataObject) -> None:
    server_yaml = {
        "name": "srv",
        "image": "mcp/srv",
        "type": "server",
        "meta": {"category": "devops"},
        "about": {"title": "Srv", "description": "A server"},
        "source": {"project": "https://github.com/x/y"},
    }
    tools = [{"name": "t", "description": "d", "arguments": [{"name": "a", "type": "string", "desc": "x"}]}]
    y = _mutate(server_yaml, data)
    t = _mutate(tools, data)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / data.draw(st.sampled_from(["srv", "..", "CON", "a b"]))
        d = d if d.name != ".." else Path(tmp) / "dots"
        d.mkdir(parents=True, exist_ok=True)
        # JSON is YAML too, and json.dumps copes with the deep nesting the mutations add
        (d / "server.yaml").write_text(json.dumps(y), encoding="utf-8")
        (d / "tools.json").write_text(json.dumps(t), encoding="utf-8")
        _parse_ok_or_parse_error(lambda: parse_path("fuzz", Path(tmp), "docker"))


@FUZZ
@given(blob=st.binary(max_size=400), suffix=st.sampled_from([".json", ".yaml", ".yml"]))
def test_garbage_files(blob: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"index{suffix}"
        path.write_bytes(blob)
        _parse_ok_or_parse_error(lambda: parse_path("fuzz", path))


@FUZZ
@given(tools=st.one_of(st.lists(tool_like, max_size=6), json_values))
def test_tools_list_results(tools: Any) -> None:
    for body in ({"tools": tools}, {"tools": tools, "nextCursor": "x"}, tools):
        _parse_ok_or_parse_error(lambda body=body: parse_data("fuzz", body, "tools/list", "mcp-tools"))


_CHILD = """
import sys
from crawler.parsers import ParseError, parse_path
try:
    for rec in parse_path("fuzz", sys.argv[1]):
        pass
    print("records")
except ParseError as exc:
    print("ParseError", str(exc)[:200])
"""


@pytest.mark.parametrize(
    "name,text",
    [
        ("deep.json", deep_json_text(200_000)),
        ("deep-obj.json", '{"a":' * 100_000 + "1" + "}" * 100_000),
        ("deep-shallow.yaml", deep_json_text(5_000)),
        # libyaml's C composer once overflowed the C stack (SIGSEGV) on ~30,000 nested collections
        ("deep.yaml", deep_json_text(50_000)),
        ("deep-map.yaml", "{a: " * 40_000 + "1" + "}" * 40_000),
        (
            "bomb.yaml",
            "a: &a ['x','x','x','x','x','x','x','x','x']\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
                for i in range(8)
            ),
        ),
        (
            "tools-deep.json",
            '{"tools": [{"name": "t", "inputSchema": {}, "x": ' + deep_json_text(100_000) + "}]}",
        ),
    ],
)
def test_deeply_nested_and_exploding_files(name: str, text: str) -> None:
    # In a child process: a C-level stack overflow must show up as a failed test, not kill pytest.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=Path(__file__).resolve().parents[2],
        )
    assert proc.returncode == 0, f"parser process died with {proc.returncode}: {proc.stderr[-400:]}"
    assert proc.stdout.startswith(("ParseError", "records")), proc.stdout


def test_snapshot_parses_without_crash() -> None:
    if not (SNAPSHOT / "sources.json").exists():
        pytest.skip("no bundled snapshot")
    spec = json.loads((SNAPSHOT / "sources.json").read_text(encoding="utf-8"))
    total = 0
    for src in spec["sources"]:
        run = parse_path(src["name"], SNAPSHOT / src["path"], src.get("format"))
        total += sum(len(r.tools or []) for r in _consume(run))
    assert total > 10_000
