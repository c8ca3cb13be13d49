"""Docker MCP Catalog: the docker/mcp-registry repo layout and the published catalog.yaml.

Repo layout: `<name>/server.yaml` (+ optional `<name>/tools.json`). The published catalog
(`catalog.yaml` v2/v3): `{version, name, registry: {<name>: Tile}}`, with each server's tools JSON
fetched separately from its `toolsUrl` — `iter_docker_catalog(source, data, where, tools_by_server)`
takes those already decoded so the network crawler can reuse it.

tools.json comes in three shapes, read per tool:
- Docker's own `{name, description, arguments: [{name, type, desc, items?, optional?}], annotations?}`:
  a JSON Schema `inputSchema` is rebuilt (required = arguments not marked optional);
- the MCP shape `{name, description, inputSchema, annotations?}`;
- `{name, description}` only.
Docker drops `false` annotation booleans on export; we keep what is there and invent nothing.
An empty `tools.json` on a remote/dynamic server means "listed at run time", so `tools=None`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from catalog.models import PackageRef, ServerRecord, ToolDefinition

from ._common import (
    ParseError,
    ParseRun,
    RecordError,
    display_path,
    get_dict,
    get_list,
    get_scalar,
    get_str,
    guarded,
    load_json,
    load_yaml,
    make_server,
    make_tool,
    mcp_tool,
    oci_ref,
    small_str_list,
    tool_list,
)

_SCHEMA_TYPES = {"string", "number", "integer", "boolean", "array", "object", "null"}


def arguments_schema(args: list[Any], where: str) -> dict[str, Any]:
    """Rebuild an MCP inputSchema from Docker's flattened `arguments` list."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for i, arg in enumerate(args):
        aw = f"{where}[{i}]"
        if not isinstance(arg, dict):
            raise RecordError(f"{aw}: expected an object")
        name = get_str(arg, "name", required=True, label=f"{aw}.name") or ""
        prop: dict[str, Any] = {}
        kind = get_str(arg, "type", label=f"{aw}.type")
        if kind:
            prop["type"] = kind if kind in _SCHEMA_TYPES else kind[:40]
        desc = get_str(arg, "desc", label=f"{aw}.desc") or get_str(
            arg, "description", label=f"{aw}.description"
        )
        if desc is not None:
            prop["description"] = desc
        items = arg.get("items")
        if items is not None:
            if not isinstance(items, dict):
                raise RecordError(f"{aw}.items: expected an object")
            prop["items"] = items
        properties[name] = prop
        optional = arg.get("optional") is True or arg.get("required") is False
        if not optional:
            required.append(name)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def docker_tool(obj: Any, where: str) -> ToolDefinition:
    """One tool in any of the three tools.json shapes."""
    if not isinstance(obj, dict):
        raise RecordError(f"{where}: expected an object")
    if "arguments" in obj and "inputSchema" not in obj:
        args = get_list(obj, "arguments", label=f"{where}.arguments") or []
        name = get_str(obj, "name", required=True, label=f"{where}.name")
        return make_tool(
            where,
            name=name,
            title=get_str(obj, "title", label=f"{where}.title"),
            description=get_str(obj, "description", label=f"{where}.description"),
            inputSchema=arguments_schema(args, f"{where}.arguments"),
            annotations=get_dict(obj, "annotations", label=f"{where}.annotations"),
        )
    return mcp_tool(obj, where)


def poci_tool(obj: Any, where: str) -> ToolDefinition:
    """Inline tool of a `poci` server: `{name, description, parameters, container}`."""
    if not isinstance(obj, dict):
        raise RecordError(f"{where}: expected an object")
    return make_tool(
        where,
        name=get_str(obj, "name", required=True, label=f"{where}.name"),
        description=get_str(obj, "description", label=f"{where}.description"),
        inputSchema=get_dict(obj, "parameters", label=f"{where}.parameters"),
    )


def _is_dynamic(doc: dict[str, Any]) -> bool:
    dyn = doc.get("dynamic")
    return (isinstance(dyn, dict) and dyn.get("tools") is True) or doc.get("type") == "remote"


def _tools_from_json(raw: Any, dynamic: bool) -> list[ToolDefinition] | None:
    if raw is None:
        return None
    if isinstance(raw, dict) and isinstance(raw.get("tools"), list):
        raw = raw["tools"]
    tools = tool_list(raw, "tools", docker_tool)
    if not tools and dynamic:
        return None
    return tools


def server_yaml_record(
    source: str, doc: Any, where: str, tools_raw: Any = None, tools_where: str | None = None
) -> ServerRecord:
    if not isinstance(doc, dict):
        raise RecordError("top level: expected a mapping")
    name = get_str(doc, "name", required=True)
    kind = get_str(doc, "type") or "server"
    about = get_dict(doc, "about") or {}
    meta_in = get_dict(doc, "meta") or {}
    src = get_dict(doc, "source") or {}
    remote = get_dict(doc, "remote") or {}
    run = get_dict(doc, "run") or {}
    dynamic = _is_dynamic(doc)
    packages: list[PackageRef] = []
    image = get_str(doc, "image")
    if image:
        packages.append(oci_ref(image))

    tools: list[ToolDefinition] | None
    if tools_raw is not None:
        try:
            tools = _tools_from_json(tools_raw, dynamic)
        except RecordError as exc:
            raise RecordError(str(exc), where=tools_where) from None
    elif kind == "poci" and doc.get("tools") is not None:
        tools = tool_list(doc["tools"], "tools", poci_tool)
    else:
        tools = None

    category = get_str(meta_in, "category", label="meta.category")
    meta: dict[str, Any] = {"type": kind[:20]}
    if category:
        meta["category"] = category[:100]
    tags = small_str_list(meta_in, "tags")
    if tags:
        meta["tags"] = tags
    if dynamic:
        meta["dynamic_tools"] = True
    url = get_str(remote, "url", label="remote.url")
    if url:
        meta["remote"] = {"url": url[:500], "transport": str(remote.get("transport_type") or "")[:40]}
    hosts = run.get("allowHosts")
    if isinstance(hosts, list):
        meta["allow_hosts"] = [h[:200] for h in hosts[:50] if isinstance(h, str)]
    if run.get("disableNetwork") is True:
        meta["disable_network"] = True
    commit = get_scalar(src, "commit", label="source.commit")
    if commit:
        meta["source_commit"] = commit[:64]
    config = get_dict(doc, "config") or {}
    secrets = config.get("secrets")
    if isinstance(secrets, list):
        names = [
            s["env"][:100] for s in secrets[:50] if isinstance(s, dict) and isinstance(s.get("env"), str)
        ]
        if names:
            meta["secret_env"] = names
    return make_server(
        source=source,
        source_id=name,
        name=name,
        title=get_str(about, "title", label="about.title"),
        description=get_str(about, "description", label="about.description"),
        version=commit,
        repository_url=get_str(src, "project", label="source.project"),
        packages=packages,
        source_url=where,
        categories=[category[:100]] if category else [],
        tools=tools,
        meta=meta,
    )


def _read_server_dir(file: Path) -> tuple[Any, Any, str]:
    tools_file = file.parent / "tools.json"
    doc = load_yaml(file)
    tools_raw = load_json(tools_file) if tools_file.is_file() else None
    return doc, tools_raw, display_path(tools_file)


def parse_docker(source: str, path: Path) -> ParseRun:
    """A directory of `<name>/server.yaml` (+ tools.json), or one server.yaml file.

    A single file is one server, so any problem with it raises ParseError at once; in a directory
    a broken server is reported in `errors` and the others are still read.
    """
    if not path.is_dir():
        doc, tools_raw, tw = _read_server_dir(path)
        where = display_path(path)
        try:
            record = server_yaml_record(source, doc, where, tools_raw, tw)
        except RecordError as exc:
            raise ParseError(f"{exc.where or where}: {exc}") from None
        return ParseRun(lambda errors: iter([record]))

    files = sorted(p for pattern in ("*/server.yaml", "*/server.yml") for p in path.glob(pattern))
    if not files:
        raise ParseError(f"{display_path(path)}: no <name>/server.yaml files")

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        for file in files:
            fw = display_path(file)
            try:
                doc, tools_raw, tw = _read_server_dir(file)
            except ParseError as exc:
                errors.append(str(exc))
                continue
            rec = guarded(
                errors,
                fw,
                f"server {file.parent.name!r}",
                lambda doc=doc, fw=fw, tools_raw=tools_raw, tw=tw: server_yaml_record(
                    source, doc, fw, tools_raw, tw
                ),
            )
            if rec is not None:
                yield rec

    return ParseRun(produce)


# --- published catalog.yaml ---------------------------------------------------------------------


def tile_record(source: str, name: str, tile: Any, where: str, tools_raw: Any = None) -> ServerRecord:
    if not isinstance(tile, dict):
        raise RecordError("expected a mapping")
    kind = get_str(tile, "type") or "server"
    metadata = get_dict(tile, "metadata") or {}
    remote = get_dict(tile, "remote") or {}
    dynamic = kind == "remote"
    tools: list[ToolDefinition] | None = None
    names: list[str] = []
    if tools_raw is not None:
        tools = _tools_from_json(tools_raw, dynamic)
    else:
        inline = get_list(tile, "tools")
        if inline:
            if all(isinstance(t, dict) and set(t) <= {"name"} for t in inline):
                names = [t["name"][:200] for t in inline if isinstance(t.get("name"), str)]
            else:
                tools = tool_list(inline, "tools", docker_tool)
    packages: list[PackageRef] = []
    image = get_str(tile, "image")
    if image:
        packages.append(oci_ref(image))
    category = get_str(metadata, "category", label="metadata.category")
    meta: dict[str, Any] = {"type": kind[:20]}
    if category:
        meta["category"] = category[:100]
    tags = small_str_list(metadata, "tags")
    if tags:
        meta["tags"] = tags
    for key in ("pulls", "stars", "githubStars"):
        if isinstance(metadata.get(key), int) and not isinstance(metadata.get(key), bool):
            meta[key] = metadata[key]
    tools_url = get_str(tile, "toolsUrl")
    if tools_url:
        meta["tools_url"] = tools_url[:500]
    url = get_str(remote, "url", label="remote.url")
    if url:
        meta["remote"] = {"url": url[:500], "transport": str(remote.get("transport_type") or "")[:40]}
    return make_server(
        source=source,
        source_id=name,
        name=name,
        title=get_str(tile, "title"),
        description=get_str(tile, "description"),
        repository_url=get_str(tile, "source") or get_str(tile, "upstream"),
        packages=packages,
        source_url=where,
        categories=[category[:100]] if category else [],
        tools=tools,
        tool_names_only=names,
        meta=meta,
    )


def iter_docker_catalog(
    source: str, data: Any, where: str, tools_by_server: Mapping[str, Any] | None = None
) -> ParseRun:
    """Parsed catalog.yaml/.json + optional decoded tools JSON per server name."""
    if not isinstance(data, dict):
        raise ParseError(f"{where}: top level: expected a mapping")
    registry = data.get("registry")
    if not isinstance(registry, dict):
        raise ParseError(f"{where}: field 'registry': expected a mapping of server name to tile")
    extra = tools_by_server or {}

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        for name, tile in registry.items():
            label = f"registry[{str(name)[:100]!r}]"
            if not isinstance(name, str):
                errors.append(f"{where}: {label}: server name is not a string")
                continue
            rec = guarded(
                errors,
                where,
                label,
                lambda name=name, tile=tile: tile_record(source, name, tile, where, extra.get(name)),
            )
            if rec is not None:
                yield rec

    return ParseRun(produce)


def parse_docker_catalog(source: str, path: Path, data: Any = None) -> ParseRun:
    """A catalog.yaml/.json file, with tools files `tools/<name>.json` next to it when present.

    `data` is the already-decoded file when the caller has read it (format detection).
    """
    where = display_path(path)
    if data is None:
        data = load_json(path) if path.suffix == ".json" else load_yaml(path)
    tools_dir = path.parent / "tools"
    files: dict[str, Path] = {}
    registry = data.get("registry") if isinstance(data, dict) else None
    if tools_dir.is_dir() and isinstance(registry, dict):
        for name in registry:
            if isinstance(name, str) and (tools_dir / f"{name}.json").is_file():
                files[name] = tools_dir / f"{name}.json"
    return iter_docker_catalog(source, data, where, _ToolsFiles(files))


class _ToolsFiles(Mapping[str, Any]):
    """Server name → decoded tools file, loaded only when that tile is parsed (keeps memory flat).

    A broken tools file becomes a RecordError, so only its server is skipped.
    """

    def __init__(self, files: dict[str, Path]) -> None:
        self._files = files

    def __getitem__(self, key: str) -> Any:
        try:
            return load_json(self._files[key])
        except ParseError as exc:
            raise RecordError(str(exc)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)
