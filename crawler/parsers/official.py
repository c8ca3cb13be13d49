"""Official MCP Registry `server.json` (ServerDetail): seed arrays, v0.1 envelopes and list pages.

Shapes handled:
- a bare ServerDetail, 2025-12-11 schema or the older 2025-09-29 shape (same camelCase keys,
  no `$schema`); the 2025-07 snake_case package keys (`registry_name`, `name`) are read too;
- the v0.1 `ServerResponse` envelope `{server, _meta}`, whose
  `_meta["io.modelcontextprotocol.registry/official"].status` becomes ServerRecord.status;
- a `ServerList` page `{servers: [...], metadata}` and a JSON array of either of the above.
The registry publishes no tools, so every record has `tools=None`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalog.models import PackageRef, ServerRecord

from ._common import (
    MAX_REF_CHARS,
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
    make_server,
    norm_status,
    oci_ref,
    parse_time,
)

OFFICIAL_META = "io.modelcontextprotocol.registry/official"
PUBLISHER_META = "io.modelcontextprotocol.registry/publisher-provided"


def package_ref(registry: str, identifier: str, version: str | None, where: str) -> PackageRef:
    if len(identifier) > MAX_REF_CHARS or (version is not None and len(version) > MAX_REF_CHARS):
        raise RecordError(f"{where}: identifier or version longer than {MAX_REF_CHARS} characters")
    reg = registry.strip().lower()[:40] or "unknown"
    if reg in ("docker", "oci") and version is None:
        return oci_ref(identifier)
    return PackageRef(registry=reg, identifier=identifier.strip(), version=version)


def server_packages(detail: dict[str, Any]) -> list[PackageRef]:
    refs: list[PackageRef] = []
    for i, pkg in enumerate(get_list(detail, "packages") or []):
        where = f"packages[{i}]"
        if not isinstance(pkg, dict):
            raise RecordError(f"field '{where}': expected an object")
        registry = (
            get_str(pkg, "registryType", label=f"{where}.registryType")
            or get_str(pkg, "registry_type", label=f"{where}.registry_type")
            or get_str(pkg, "registry_name", label=f"{where}.registry_name")
            or "unknown"
        )
        identifier = get_str(pkg, "identifier", label=f"{where}.identifier") or get_str(
            pkg, "name", label=f"{where}.name"
        )
        if not identifier:
            raise RecordError(f"field '{where}.identifier': missing")
        version = get_scalar(pkg, "version", label=f"{where}.version")
        refs.append(package_ref(registry, identifier, version, where))
    return refs


def remote_urls(detail: dict[str, Any]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for i, remote in enumerate(get_list(detail, "remotes") or []):
        if not isinstance(remote, dict):
            raise RecordError(f"field 'remotes[{i}]': expected an object")
        url = get_str(remote, "url", label=f"remotes[{i}].url")
        kind = get_str(remote, "type", label=f"remotes[{i}].type") or get_str(
            remote, "transport_type", label=f"remotes[{i}].transport_type"
        )
        if url:
            out.append({"type": (kind or "")[:40], "url": url[:MAX_REF_CHARS]})
    return out[:20]


def detail_fields(detail: dict[str, Any]) -> dict[str, Any]:
    """The ServerRecord fields every server.json carries (name, description, repo, packages...)."""
    name = get_str(detail, "name", required=True)
    repo = get_dict(detail, "repository")
    repo_url = get_str(repo, "url", label="repository.url") if repo else None
    homepage = get_str(detail, "websiteUrl") or get_str(detail, "website_url")
    meta: dict[str, Any] = {}
    remotes = remote_urls(detail)
    if remotes:
        meta["remotes"] = remotes
    return {
        "name": name,
        "title": get_str(detail, "title"),
        "description": get_str(detail, "description"),
        "version": get_scalar(detail, "version"),
        "repository_url": repo_url,
        "homepage": homepage,
        "packages": server_packages(detail),
        "meta": meta,
    }


def official_record(source: str, item: dict[str, Any], source_url: str) -> ServerRecord:
    """One server.json, bare or wrapped in the v0.1 `{server, _meta}` envelope."""
    status = "active"
    meta_extra: dict[str, Any] = {}
    detail = item
    if isinstance(item.get("server"), dict):
        detail = item["server"]
        envelope_meta = get_dict(item, "_meta") or {}
        official = envelope_meta.get(OFFICIAL_META)
        if isinstance(official, dict):
            status = norm_status(official.get("status"))
            for key in ("publishedAt", "updatedAt", "statusChangedAt"):
                when = parse_time(official.get(key))
                if when is not None:
                    meta_extra[key] = when.isoformat()
            if isinstance(official.get("isLatest"), bool):
                meta_extra["isLatest"] = official["isLatest"]
    fields = detail_fields(detail)
    fields["meta"].update(meta_extra)
    return make_server(
        source=source,
        source_id=fields["name"],
        status=status,
        source_url=source_url,
        tools=None,
        **fields,
    )


def items_of(data: Any, where: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if isinstance(data.get("servers"), list):
            return data["servers"]
        if "name" in data or isinstance(data.get("server"), dict):
            return [data]
    raise ParseError(
        f"{where}: top level: expected a server.json object, a {{servers: [...]}} page or an array"
    )


def record_label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        inner = item.get("server") if isinstance(item.get("server"), dict) else item
        name = inner.get("name")
        if isinstance(name, str) and name:
            return f"record {index} ({name[:100]!r})"
    return f"record {index}"


def iter_official(source: str, data: Any, where: str) -> ParseRun:
    items = items_of(data, where)

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        records = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                errors.append(f"{where}: record {i}: expected an object")
                continue
            rec = guarded(
                errors, where, record_label(item, i), lambda item=item: official_record(source, item, where)
            )
            if rec is not None:
                records.append(rec)
        yield from latest_versions(records)

    return ParseRun(produce)


def latest_versions(records: list[ServerRecord]) -> list[ServerRecord]:
    """One record per server: the registry lists every version, a fetch describes each server once.

    The version marked `isLatest` wins, else the one listed last (the registry lists versions in
    publishing order); the other version strings are kept in `meta.other_versions`.
    """
    chosen: dict[str, ServerRecord] = {}
    others: dict[str, list[str]] = {}
    for rec in records:
        prev = chosen.get(rec.source_id)
        if prev is None:
            chosen[rec.source_id] = rec
            continue
        if prev.meta.get("isLatest") is True and rec.meta.get("isLatest") is not True:
            loser = rec
        else:
            chosen[rec.source_id], loser = rec, prev
        if loser.version:
            others.setdefault(rec.source_id, []).append(loser.version[:100])
    out = []
    for key, rec in chosen.items():
        if key in others:
            rec = rec.model_copy(update={"meta": {**rec.meta, "other_versions": others[key][:50]}})
        out.append(rec)
    return out


def parse_official(source: str, path: Path) -> ParseRun:
    where = display_path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.json") if p.is_file())

        def produce(errors: list[str]) -> Iterator[ServerRecord]:
            records: list[ServerRecord] = []
            for file in files:
                try:
                    run = iter_official(source, load_json(file), display_path(file))
                except ParseError as exc:
                    errors.append(str(exc))
                    continue
                records.extend(run)
                errors.extend(run.errors)
            yield from latest_versions(records)

        return ParseRun(produce)
    return iter_official(source, load_json(path), where)
