"""ToolHive registry files: the legacy `registry.json` and the newer "upstream" wrapper.

Legacy: `{version, last_updated, servers{name: ImageMetadata}, remote_servers{name: RemoteServerMetadata}}`.
Upstream: `{version, meta{last_updated}, data{servers: [server.json]}}` where ToolHive's own fields sit
under `_meta["io.modelcontextprotocol.registry/publisher-provided"]["io.github.stacklok"][<image or url>]`.
Both carry `tools` (names) and `tool_definitions` (full MCP Tool objects) plus a permission profile.
`source_id` is the legacy key; for upstream records it is the server.json name without the
`io.github.stacklok/` namespace, so the same server keeps its identity when the format changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalog.models import ServerRecord

from ._common import (
    ParseError,
    ParseRun,
    RecordError,
    display_path,
    expect_top,
    get_dict,
    get_list,
    get_str,
    get_str_list,
    guarded,
    load_json,
    make_server,
    norm_status,
    oci_ref,
    parse_time,
    small_str_list,
    tool_list,
)
from .official import PUBLISHER_META, detail_fields

STACKLOK_NS = "io.github.stacklok"


def is_upstream(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("data"), dict) and "servers" not in data


def _meta_extras(entry: dict[str, Any]) -> dict[str, Any]:
    """Small, useful extras: tier, transport, permission profile, popularity, secret env names."""
    meta: dict[str, Any] = {}
    for key in ("tier", "transport"):
        value = entry.get(key)
        if isinstance(value, str):
            meta[key] = value[:40]
    perms = get_dict(entry, "permissions")
    if perms:
        meta["permissions"] = perms
    info = entry.get("metadata")
    if isinstance(info, dict):
        for key in ("stars", "pulls"):
            if isinstance(info.get(key), int) and not isinstance(info.get(key), bool):
                meta[key] = info[key]
        updated = parse_time(info.get("last_updated"))
        if updated is not None:
            meta["last_updated"] = updated.isoformat()
    env = entry.get("env_vars")
    if isinstance(env, list):
        names = [
            {"name": e["name"][:100], "secret": bool(e.get("secret")), "required": bool(e.get("required"))}
            for e in env[:50]
            if isinstance(e, dict) and isinstance(e.get("name"), str)
        ]
        if names:
            meta["env_vars"] = names
    return meta


def _tools_of(entry: dict[str, Any]) -> tuple[list[Any] | None, list[str]]:
    defs = entry.get("tool_definitions")
    tools = None if defs is None else tool_list(defs, "tool_definitions")
    names = get_str_list(entry, "tools")
    return tools, names


def legacy_record(source: str, key: str, entry: Any, where: str, remote: bool) -> ServerRecord:
    if not isinstance(entry, dict):
        raise RecordError("expected an object")
    tools, names = _tools_of(entry)
    meta = _meta_extras(entry)
    meta["kind"] = "remote" if remote else "container"
    packages = []
    version = None
    if remote:
        url = get_str(entry, "url", required=True)
        meta["url"] = url[:500]
    else:
        image = get_str(entry, "image", required=True)
        ref = oci_ref(image)
        packages.append(ref)
        version = ref.version
    custom = get_dict(entry, "custom_metadata") or {}
    homepage = custom.get("homepage") if isinstance(custom.get("homepage"), str) else None
    return make_server(
        source=source,
        source_id=key,
        name=key,
        title=get_str(entry, "title"),
        description=get_str(entry, "description"),
        version=version,
        repository_url=get_str(entry, "repository_url"),
        homepage=homepage,
        packages=packages,
        source_url=where,
        status=norm_status(entry.get("status")),
        categories=small_str_list(entry, "tags"),
        tools=tools,
        tool_names_only=names,
        meta=meta,
    )


def upstream_record(source: str, item: Any, where: str) -> ServerRecord:
    if not isinstance(item, dict):
        raise RecordError("expected an object")
    fields = detail_fields(item)
    meta = get_dict(item, "_meta") or {}
    provided = meta.get(PUBLISHER_META)
    ns = provided.get(STACKLOK_NS) if isinstance(provided, dict) else None
    ext: dict[str, Any] = {}
    if ns is not None:
        if not isinstance(ns, dict):
            raise RecordError(f"field '_meta.{PUBLISHER_META}.{STACKLOK_NS}': expected an object")
        # Keyed by image reference or remote URL; a server has one entry.
        for ref_key, value in ns.items():
            if not isinstance(value, dict):
                raise RecordError(f"field '_meta...{STACKLOK_NS}[{str(ref_key)[:80]!r}]': expected an object")
            ext = value
            fields["meta"]["ref"] = str(ref_key)[:500]
            break
    tools, names = _tools_of(ext)
    fields["meta"].update(_meta_extras(ext))
    name = fields["name"]
    short = name.split("/", 1)[1] if name.startswith(STACKLOK_NS + "/") else name
    categories = small_str_list(ext, "tags")
    return make_server(
        source=source,
        source_id=short,
        status=norm_status(ext.get("status")),
        source_url=where,
        categories=categories,
        tools=tools,
        tool_names_only=names,
        **fields,
    )


def iter_toolhive(source: str, data: Any, where: str) -> ParseRun:
    expect_top(data, dict, where)
    if is_upstream(data):
        return _iter_upstream(source, data, where)
    servers = data.get("servers", {})
    remotes = data.get("remote_servers", {})
    if "servers" not in data and "remote_servers" not in data:
        raise ParseError(f"{where}: field 'servers': missing (not a ToolHive registry)")
    expect_top(servers if servers is not None else {}, dict, where, "field 'servers'")
    expect_top(remotes if remotes is not None else {}, dict, where, "field 'remote_servers'")

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        for group, entries, remote in (
            ("servers", servers or {}, False),
            ("remote_servers", remotes or {}, True),
        ):
            for key, entry in entries.items():
                label = f"{group}[{str(key)[:100]!r}]"
                rec = guarded(
                    errors,
                    where,
                    label,
                    lambda key=key, entry=entry, remote=remote: legacy_record(
                        source, key, entry, where, remote
                    ),
                )
                if rec is not None:
                    yield rec

    run = ParseRun(produce)
    run.observed_at = parse_time(data.get("last_updated"))
    return run


def _iter_upstream(source: str, data: dict[str, Any], where: str) -> ParseRun:
    body = data["data"]
    try:
        items = get_list(body, "servers", label="data.servers")
    except RecordError as exc:
        raise ParseError(f"{where}: {exc}") from None
    if items is None:
        raise ParseError(f"{where}: field 'data.servers': missing")

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        for i, item in enumerate(items):
            name = item.get("name") if isinstance(item, dict) else None
            label = f"data.servers[{i}]" + (f" ({name[:100]!r})" if isinstance(name, str) else "")
            rec = guarded(errors, where, label, lambda item=item: upstream_record(source, item, where))
            if rec is not None:
                yield rec

    run = ParseRun(produce)
    meta = data.get("meta")
    run.observed_at = parse_time(meta.get("last_updated")) if isinstance(meta, dict) else None
    return run


def parse_toolhive(source: str, path: Path) -> ParseRun:
    return iter_toolhive(source, load_json(path), display_path(path))
