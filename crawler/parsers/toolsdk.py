"""ToolSDK `indexes/packages-list.json`: `{packageName: {category, path, validated?, tools?}}`.

`tools` maps a tool name to `{name, description}` only — no schema, no annotations — so each tool
becomes a ToolDefinition without `inputSchema`. Packages without `tools` get `tools=None` (the
index has no tool list for them), which is most of the 4,548. The file may be gzipped (`.gz`).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalog.limits import MAX_SOURCE_FILE_BYTES
from catalog.models import ServerRecord, ToolDefinition

from ._common import (
    ParseError,
    ParseRun,
    RecordError,
    decode_bytes,
    display_path,
    expect_top,
    get_str,
    guarded,
    load_json,
    make_server,
    make_tool,
    parse_json_text,
)
from .official import package_ref


def looks_like_toolsdk(data: Any) -> bool:
    if not isinstance(data, dict) or not data:
        return False
    # Most entries, not all: a single broken entry must not change how the file is read.
    sample = [v for _, v in zip(range(20), data.values(), strict=False)]
    hits = sum(1 for v in sample if isinstance(v, dict) and "category" in v and "path" in v)
    return hits * 2 > len(sample)


def _tools(value: Any) -> list[ToolDefinition]:
    if not isinstance(value, dict):
        raise RecordError(f"field 'tools': expected an object, got {type(value).__name__}")
    out: list[ToolDefinition] = []
    for key, spec in value.items():
        where = f"tools[{str(key)[:100]!r}]"
        if not isinstance(spec, dict):
            raise RecordError(f"{where}: expected an object")
        name = get_str(spec, "name", label=f"{where}.name") or key
        description = get_str(spec, "description", label=f"{where}.description")
        out.append(make_tool(where, name=name, description=description))
    return out


def package_record(source: str, name: str, entry: Any, where: str) -> ServerRecord:
    if not isinstance(entry, dict):
        raise RecordError("expected an object")
    category = get_str(entry, "category")
    rel = get_str(entry, "path")
    tools = _tools(entry["tools"]) if entry.get("tools") is not None else None
    meta: dict[str, Any] = {}
    if rel:
        meta["path"] = rel[:300]
    if isinstance(entry.get("validated"), bool):
        meta["validated"] = entry["validated"]
    return make_server(
        source=source,
        source_id=name,
        name=name,
        packages=[package_ref("npm", name, None, "packageName")] if _npm_like(name) else [],
        source_url=where,
        categories=[category[:100]] if category else [],
        tools=tools,
        meta=meta,
    )


def _npm_like(name: str) -> bool:
    # ToolSDK keys are npm package names for node packages; python ones are plain names too, so
    # only scoped names are certain. Unscoped names are still kept as the record's identity.
    return name.startswith("@") and "/" in name


def iter_toolsdk(source: str, data: Any, where: str) -> ParseRun:
    expect_top(data, dict, where)

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        for name, entry in data.items():
            rec = guarded(
                errors,
                where,
                f"package {str(name)[:100]!r}",
                lambda name=name, entry=entry: package_record(source, name, entry, where),
            )
            if rec is not None:
                yield rec

    return ParseRun(produce)


def _load_gzip(path: Path) -> Any:
    where = display_path(path)
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.open(path, "rb") as fh:
            # In chunks, so a gzip bomb stops at the limit instead of inflating in full.
            while chunk := fh.read(1 << 20):
                total += len(chunk)
                if total > MAX_SOURCE_FILE_BYTES:
                    raise ParseError(
                        f"{where}: uncompressed size over the {MAX_SOURCE_FILE_BYTES}-byte limit"
                    )
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise ParseError(f"{where}: not a readable gzip file: {exc}") from None
    raw = b"".join(chunks)
    del chunks
    return parse_json_text(decode_bytes(raw, where), where)


def parse_toolsdk(source: str, path: Path) -> ParseRun:
    if path.is_dir():
        for name in ("packages-list.json", "packages-list.json.gz", "indexes/packages-list.json"):
            if (path / name).is_file():
                path = path / name
                break
        else:
            raise ParseError(f"{display_path(path)}: no packages-list.json in this directory")
    data = _load_gzip(path) if path.suffix == ".gz" else load_json(path)
    return iter_toolsdk(source, data, display_path(path))
