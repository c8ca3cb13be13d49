"""A small, shape-sniffing walker over index snapshots, used to measure the poisoning detector.

It does not depend on the crawler's parsers: the benchmark must keep working while those evolve,
and recognising a file by its JSON shape lets it read both the bundled `snapshot/` folder and
the research corpus, whatever their directory layout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.models import ToolInput

# Files bigger than this are not index files we know; skip rather than load them.
_MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class CorpusTool:
    source: str  # the index format the record came from
    path: str  # file it was read from, relative to the walked root
    tool: ToolInput


def _docker_arguments_schema(arguments: list[Any]) -> dict[str, Any]:
    """Docker catalog tools list `arguments` instead of a JSON Schema; map them onto one."""
    props: dict[str, Any] = {}
    required: list[str] = []
    for arg in arguments:
        if not isinstance(arg, dict) or not isinstance(arg.get("name"), str):
            continue
        prop: dict[str, Any] = {"type": arg.get("type", "string")}
        if isinstance(arg.get("desc"), str):
            prop["description"] = arg["desc"]
        if "items" in arg:
            prop["items"] = arg["items"]
        props[arg["name"]] = prop
        if not arg.get("optional"):
            required.append(arg["name"])
    return {"type": "object", "properties": props, "required": required}


def _as_input(server: str, raw: Any) -> ToolInput | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        return None
    schema = raw.get("inputSchema", raw.get("input_schema"))
    if schema is None and isinstance(raw.get("arguments"), list):
        schema = _docker_arguments_schema(raw["arguments"])
    if schema is None and isinstance(raw.get("parameters"), dict):
        schema = raw["parameters"]
    ann = raw.get("annotations")
    title = raw.get("title")
    if title is None and isinstance(ann, dict) and isinstance(ann.get("title"), str):
        title = ann["title"]
    try:
        return ToolInput(
            id=f"{server}::{raw['name']}",
            server=server,
            tool=raw["name"],
            title=title if isinstance(title, str) else None,
            description=raw.get("description") if isinstance(raw.get("description"), str) else None,
            input_schema=schema if isinstance(schema, dict) else None,
            annotations=ann if isinstance(ann, dict) else None,
        )
    except ValueError:
        return None


# Keys of registry server records (official server.json), which also carry name + description.
_SERVER_KEYS = frozenset({"packages", "remotes", "repository", "version_detail", "$schema", "server"})


def _looks_like_tool(obj: Any) -> bool:
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("name"), str)
        and ("description" in obj or "inputSchema" in obj or "arguments" in obj)
        and not (_SERVER_KEYS & obj.keys())
    )


def _tools_from_json(data: Any, stem: str) -> Iterator[tuple[str, str, Any]]:
    """Yield (format, server, raw tool) for every tool definition recognised in one decoded file."""
    if isinstance(data, dict):
        # ToolHive legacy registry
        if isinstance(data.get("servers"), dict) and ("remote_servers" in data or "last_updated" in data):
            for group in ("servers", "remote_servers"):
                for name, meta in (data.get(group) or {}).items():
                    if isinstance(meta, dict):
                        for raw in meta.get("tool_definitions") or []:
                            yield "toolhive", name, raw
            return
        # live tools/list capture
        if isinstance(data.get("tools"), list) and "package" in data:
            for raw in data["tools"]:
                yield "live", str(data.get("package")), raw
            return
        # a raw tools/list result
        if isinstance(data.get("tools"), list) and set(data) <= {"tools", "nextCursor", "_meta"}:
            for raw in data["tools"]:
                yield "tools_list", stem, raw
            return
        # mcpm server file
        if isinstance(data.get("tools"), list) and isinstance(data.get("name"), str):
            for raw in data["tools"]:
                yield "mcpm", data["name"], raw
            return
        # a single MCP Tool object (github-mcp-server toolsnaps)
        if _looks_like_tool(data) and "inputSchema" in data:
            yield "toolsnap", "github-mcp-server", data
            return
        # toolsdk packages index: name -> {category, path, tools{name: {name, description}}}
        values = list(data.values())[:50]
        if values and all(isinstance(v, dict) and "path" in v for v in values):
            for pkg, meta in data.items():
                tools = meta.get("tools") if isinstance(meta, dict) else None
                if isinstance(tools, dict):
                    for tname, raw in tools.items():
                        if isinstance(raw, dict):
                            yield "toolsdk", pkg, {"name": raw.get("name", tname), **raw}
            return
    elif isinstance(data, list):
        if data and all(isinstance(x, dict) and isinstance(x.get("tools"), dict) for x in data[:20]):
            # LiveMCPBench: [{name, tools: {id: {tools: [...]}}}]
            for entry in data:
                for sid, block in entry["tools"].items():
                    if isinstance(block, dict):
                        for raw in block.get("tools") or []:
                            yield "livemcpbench", str(block.get("server_name") or sid), raw
            return
        for raw in data:
            if _looks_like_tool(raw):
                yield "tools_array", stem, raw


def _tools_from_yaml(path: Path) -> Iterator[tuple[str, str, Any]]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    if isinstance(data, dict) and isinstance(data.get("tools"), list):
        for raw in data["tools"]:
            yield "docker_inline", str(data.get("name") or path.parent.name), raw


def _server_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    # docker/<server>/tools.json → server name is the folder
    if path.name in ("tools.json", "server.yaml") and len(rel.parts) >= 2:
        return rel.parts[-2]
    return path.stem


def walk(root: Path) -> Iterator[CorpusTool]:
    """Every tool definition found under `root`, in a stable order."""
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.stat().st_size > _MAX_FILE_BYTES:
            continue
        rel = str(path.relative_to(root))
        if path.suffix == ".json":
            if "schema" in path.parts or path.name.endswith(".schema.json"):
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                continue
            found = _tools_from_json(data, _server_name(path, root))
        elif path.suffix in (".yaml", ".yml"):
            found = _tools_from_yaml(path)
        else:
            continue
        for fmt, server, raw in found:
            ti = _as_input(server, raw)
            if ti is not None:
                yield CorpusTool(fmt, rel, ti)


def walk_with_parsers(snapshot: Path) -> Iterator[CorpusTool]:
    """Every tool in a bundled snapshot as the crawler's own parsers read it (sources.json)."""
    from crawler.parsers import ParseError, parse_path

    spec = json.loads((snapshot / "sources.json").read_text(encoding="utf-8"))
    for src in spec.get("sources", []):
        try:
            run = parse_path(src["name"], snapshot / src["path"], src.get("format"))
            for rec in run:
                for tool in rec.tools or []:
                    yield CorpusTool(src["name"], src["path"], ToolInput.from_definition(rec.name, tool))
        except ParseError:
            continue


def default_roots(repo_root: Path) -> list[Path]:
    """The bundled snapshot first (works in CI), then the research corpus if this machine has it."""
    roots = [repo_root / "snapshot", Path("/work/shared/corpus")]
    return [r for r in roots if r.is_dir()]
