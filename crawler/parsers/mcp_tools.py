"""Raw MCP `tools/list` results: what a server itself answers, in the shapes found in the wild.

File shapes:
- one Tool object per file, a directory of them = one server (github-mcp-server toolsnaps);
- a bare tools/list result: `[Tool, ...]`, `{"tools": [...]}` or a JSON-RPC reply `{"result": {"tools": [...]}}`;
- a live capture `{package, registry, version, command[], listed_at, tools[]}` (one server per file).
Server identity: a live capture is its package; anything else is named after the source, and in
a directory of several list files each further file is `<source>:<file stem>` (the file called
`tools.json`, or the only file, takes the bare source name) — unless the directory has a
`captures.json` manifest: then its files are versions of ONE server (crawler.parsers.captures).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalog.models import ServerRecord, ToolDefinition

from ._common import (
    ParseError,
    ParseRun,
    RecordError,
    display_path,
    get_scalar,
    get_str,
    guarded,
    load_json,
    make_server,
    mcp_tool,
    parse_time,
    tool_list,
)
from .captures import has_manifest, parse_captures
from .official import package_ref


def looks_like_capture(data: Any) -> bool:
    return isinstance(data, dict) and "tools" in data and ("package" in data or "listed_at" in data)


def _tool_like(x: Any) -> bool:
    return (
        isinstance(x, dict)
        and "name" in x
        and ("inputSchema" in x or "annotations" in x or "input_schema" in x)
    )


def looks_like_tool_list(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(_tool_like(x) for x in data[:10])
    if isinstance(data, dict):
        if isinstance(data.get("result"), dict):
            data = data["result"]
        return isinstance(data.get("tools"), list) and set(data) <= {"tools", "nextCursor", "_meta"}
    return False


def _tools_value(data: Any, where: str) -> Any:
    """The `tools` array of a tools/list result, whatever the wrapping."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        inner = data.get("result") if isinstance(data.get("result"), dict) else data
        if "tools" in inner:
            return inner["tools"]
    raise ParseError(f"{where}: top level: expected a tools/list result (an array or an object with 'tools')")


def capture_record(source: str, data: dict[str, Any], where: str) -> ServerRecord:
    package = get_str(data, "package", required=True)
    registry = get_str(data, "registry") or "unknown"
    version = get_scalar(data, "version")
    tools = tool_list(data.get("tools"), "tools")
    command = data.get("command")
    meta: dict[str, Any] = {}
    if isinstance(command, list) and all(isinstance(c, str) for c in command):
        meta["command"] = [c[:200] for c in command[:20]]
    return make_server(
        source=source,
        source_id=package,
        name=package,
        version=version,
        packages=[package_ref(registry, package, version, "package")],
        source_url=where,
        tools=tools,
        captured_at=parse_time(data.get("listed_at")),
        meta=meta,
    )


def list_record(source: str, server_id: str, tools: list[ToolDefinition], where: str) -> ServerRecord:
    return make_server(source=source, source_id=server_id, name=server_id, source_url=where, tools=tools)


def iter_mcp_tools(source: str, data: Any, where: str) -> ParseRun:
    """One file: a live capture, a tools/list result, or a single Tool object."""
    if looks_like_capture(data):

        def produce_capture(errors: list[str]) -> Iterator[ServerRecord]:
            rec = guarded(
                errors,
                where,
                f"package {str(data.get('package'))[:100]!r}",
                lambda: capture_record(source, data, where),
            )
            if rec is not None:
                yield rec

        run = ParseRun(produce_capture)
        run.observed_at = parse_time(data.get("listed_at"))
        return run
    if isinstance(data, dict) and "name" in data and "tools" not in data and "result" not in data:
        items: Any = [data]  # a single Tool object
    else:
        items = _tools_value(data, where)
    if not isinstance(items, list):
        raise ParseError(f"{where}: field 'tools': expected an array")

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        rec = guarded(
            errors,
            where,
            f"server {source!r}",
            lambda: list_record(source, source, tool_list(items, "tools"), where),
        )
        if rec is not None:
            yield rec

    return ParseRun(produce)


def _dir_runs(source: str, path: Path) -> ParseRun:
    files = sorted(p for p in path.glob("*.json") if p.is_file())
    where = display_path(path)
    if not files:
        raise ParseError(f"{where}: no .json files")

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        singles: list[ToolDefinition] = []
        single_files = 0
        unreadable = 0
        broken = 0
        lists: list[tuple[Path, Any]] = []
        for file in files:
            fw = display_path(file)
            try:
                data = load_json(file)
            except ParseError as exc:
                errors.append(str(exc))
                unreadable += 1
                continue
            if looks_like_capture(data):
                run = iter_mcp_tools(source, data, fw)
                yield from run
                errors.extend(run.errors)
            elif isinstance(data, dict) and "name" in data and "tools" not in data and "result" not in data:
                single_files += 1
                try:
                    singles.append(mcp_tool(data, "tool"))
                except RecordError as exc:
                    # One broken tool file would silently shrink the server's surface; drop the
                    # whole server instead (reported below), never a partial tool list.
                    errors.append(f"{fw}: {exc}")
                    broken += 1
            else:
                lists.append((file, data))
        if single_files:
            # An unreadable file may have been one of this server's tools: skip rather than
            # store a surface that silently lost a tool.
            if unreadable or broken:
                errors.append(f"{where}: server {source!r} skipped: some tool files are broken")
            else:
                rec = guarded(
                    errors, where, f"server {source!r}", lambda: list_record(source, source, singles, where)
                )
                if rec is not None:
                    yield rec
        for file, data in lists:
            fw = display_path(file)
            bare = file.stem == "tools" or (len(lists) == 1 and not single_files)
            server_id = source if bare else f"{source}:{file.stem}"
            try:
                items = _tools_value(data, fw)
            except ParseError as exc:
                errors.append(str(exc))
                continue
            rec = guarded(
                errors,
                fw,
                f"server {server_id!r}",
                lambda items=items, server_id=server_id, fw=fw: list_record(
                    source, server_id, tool_list(items, "tools"), fw
                ),
            )
            if rec is not None:
                yield rec

    return ParseRun(produce)


def parse_mcp_tools(source: str, path: Path) -> ParseRun:
    if has_manifest(path):
        return parse_captures(source, path)
    if path.is_dir():
        return _dir_runs(source, path)
    return iter_mcp_tools(source, load_json(path), display_path(path))
