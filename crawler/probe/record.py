"""Turn a probe outcome into store writes: a `probe` source fetch, or a recorded failure.

A successful probe is one source fetch of source `probe` holding one ServerRecord whose
package reference joins it to the catalog's server for that package. The raw `tools/list`
pages go into the record's meta (the store keeps record JSON), because ToolDefinition keeps
only the fields of the MCP Tool object.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from catalog.limits import MAX_NAME_CHARS, InputTooLarge, check_json_depth
from catalog.models import FetchSummary, PackageRef, ServerRecord, SourceFetch, ToolDefinition
from catalog.store.base import Store
from catalog.views import PROBE_SOURCE, ProbeFailure
from crawler.probe.runner import ProbeOutcome
from crawler.probe.spec import ProbeTarget

SOURCE = PROBE_SOURCE  # one name: the store selects probe candidates by it
MAX_RAW_META_BYTES = 4 * 1024 * 1024  # raw pages beyond this are dropped from meta (tools still stored)
MAX_INVALID_LISTED = 20


def package_key(registry: str, package: str) -> str:
    try:
        from crawler.identity import normalize_package
    except ImportError:  # the identity normaliser is optional
        return f"{registry}:{package}"
    return normalize_package(registry, package) or f"{registry}:{package}"


def server_name_for(store: Store, target: ProbeTarget) -> str | None:
    """The catalog server this package belongs to (by slug, or by the package's identity key)."""
    if target.server:
        found = store.find_server(target.server)
        if found:
            return found
    return store.find_server(package_key(target.registry, target.package)) or store.find_server(
        f"{target.registry}:{target.package}"
    )


def parse_tools(raw_tools: list[dict[str, Any]]) -> tuple[list[ToolDefinition], list[str]]:
    """Validate each raw tool on its own: one hostile tool does not cost the others."""
    tools: list[ToolDefinition] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_tools):
        try:
            tool = ToolDefinition.model_validate(raw)
        except (ValidationError, InputTooLarge, ValueError) as exc:
            first = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            problems.append(f"tool #{index}: {first[:200]}")
            continue
        if tool.name in seen:
            problems.append(f"tool #{index}: duplicate name {tool.name[:80]!r}")
            continue
        seen.add(tool.name)
        tools.append(tool)
    return tools, problems


def _small(value: Any, limit: int = 64 * 1024) -> Any:
    """Keep a hostile server's metadata only when it is small and well-formed."""
    if value is None:
        return None
    try:
        check_json_depth(value)
        text = json.dumps(value, ensure_ascii=False)
    except (InputTooLarge, TypeError, ValueError):
        return None
    return value if len(text) <= limit else None


def to_record(outcome: ProbeOutcome, server_name: str | None) -> ServerRecord:
    capture = outcome.capture
    if capture is None:
        raise ValueError("only a successful probe becomes a record")
    target = outcome.target
    tools, problems = parse_tools(capture.tools)
    meta: dict[str, Any] = {
        "serverInfo": _small(capture.server_info),
        "protocolVersion": capture.protocol_version,
        "capabilities": _small(capture.capabilities),
        "probe": {
            "registry": target.registry,
            "package": target.package,
            "version": outcome.version,
            "install_s": outcome.install_s,
            "list_s": capture.list_s,
            "attempts": outcome.attempts,
            "retries": outcome.notes,
            "env_placeholders": outcome.env_placeholders,
            "args": outcome.args,
            "pages": len(capture.pages),
            "peak_memory_mb": round(outcome.peak_memory / 2**20) if outcome.peak_memory else None,
            "invalid_tools": problems[:MAX_INVALID_LISTED],
        },
    }
    if capture.instructions:
        meta["instructions"] = capture.instructions
    raw = {"pages": capture.pages}
    try:
        check_json_depth(raw)
        if len(json.dumps(raw, ensure_ascii=False)) <= MAX_RAW_META_BYTES:
            meta["raw_tools_list"] = capture.pages
        else:
            meta["raw_tools_list_dropped"] = "larger than the meta cap"
    except InputTooLarge as exc:
        meta["raw_tools_list_dropped"] = str(exc)
    name = (server_name or target.package)[:MAX_NAME_CHARS]
    try:
        return _record(outcome, name, tools, meta)
    except ValidationError:
        # The whole meta is bounded too; the raw pages are the only large part, so drop them.
        if "raw_tools_list" not in meta:
            raise
        meta.pop("raw_tools_list")
        meta["raw_tools_list_dropped"] = "the record's meta would exceed the size caps"
        return _record(outcome, name, tools, meta)


def _record(outcome: ProbeOutcome, name: str, tools: list[ToolDefinition], meta: dict[str, Any]) -> ServerRecord:
    target = outcome.target
    assert outcome.capture is not None
    capture = outcome.capture
    return ServerRecord(
        source=SOURCE,
        source_id=f"{target.registry}:{target.package}"[:MAX_NAME_CHARS],
        name=name,
        version=outcome.version,
        packages=[PackageRef(registry=target.registry, identifier=target.package, version=outcome.version)],
        source_url=fetch_url(outcome),
        tools=tools,
        captured_at=capture.captured_at,
        meta=meta,
    )


def fetch_url(outcome: ProbeOutcome) -> str:
    target = outcome.target
    return f"{target.registry}:{target.package}@{outcome.version or target.version or 'latest'}"


def store_outcome(store: Store, outcome: ProbeOutcome) -> FetchSummary | None:
    """Write one outcome. Returns the fetch summary for a success, None for a recorded failure."""
    target = outcome.target
    server = server_name_for(store, target)
    if outcome.capture is not None:
        try:
            record = to_record(outcome, _display_name(store, server))
        except (ValidationError, ValueError) as exc:
            # Hostile content that no cap could make storable: a failure of the server, not of the run.
            outcome.capture = None
            outcome.kind = "protocol_error"
            outcome.message = f"the tool list could not be stored: {str(exc).splitlines()[0][:300]}"
        else:
            fetch = SourceFetch(source=SOURCE, url=fetch_url(outcome), observed_at=outcome.capture.captured_at)
            return store.record_fetch(fetch, [record], complete=False)
    if server is None:
        # A package nobody indexed yet: register it (no tool list) so the failure has a page to show on.
        stub = ServerRecord(
            source=SOURCE, source_id=f"{target.registry}:{target.package}"[:MAX_NAME_CHARS],
            name=target.package[:MAX_NAME_CHARS], version=outcome.version or target.version,
            packages=[PackageRef(registry=target.registry, identifier=target.package,
                                 version=outcome.version or target.version)],
            source_url=fetch_url(outcome),
        )
        store.record_fetch(SourceFetch(source=SOURCE, url=fetch_url(outcome)), [stub], complete=False)
        server = server_name_for(store, target)
    if server is None:
        raise RuntimeError(f"could not register {target.label} in the store")
    failure = ProbeFailure(
        package=f"{target.registry}:{target.package}",
        version=outcome.version or target.version,
        kind=outcome.kind or "crashed",
        message=outcome.message[:2000],
        at=outcome.finished_at,
    )
    store.record_probe_failure(server, failure)
    return None


def _display_name(store: Store, slug: str | None) -> str | None:
    if slug is None:
        return None
    view = store.server_view(slug)
    return view.name if view else None
