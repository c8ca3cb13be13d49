"""Shared plumbing for the index parsers: safe file loading, typed field access, error collection.

Every parser reads hostile files. The rules kept here:
- a file is read only after its size is checked against MAX_SOURCE_FILE_BYTES;
- bytes must be UTF-8 (a BOM is tolerated), JSON must parse, YAML is read with a safe loader only;
- a problem with the whole file raises ParseError (one line naming the file);
- a problem with one record raises RecordError inside the parser, which the caller turns into
  an entry of `ParseRun.errors` and skips the record, so one bad server cannot sink a file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from catalog.errors import BadInput
from catalog.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_JSON_DEPTH,
    MAX_NAME_CHARS,
    MAX_SOURCE_FILE_BYTES,
    MAX_TOOLS_PER_SERVER,
    InputTooLarge,
    cap_text,
    check_json_depth,
)
from catalog.models import PackageRef, ServerRecord, ServerStatus, ToolDefinition

# A whole YAML document (one server.yaml) must stay small; aliases could otherwise expand a tiny
# file into a huge tree ("billion laughs"), and check_json_depth counts shared nodes every time.
MAX_YAML_NODES = 200_000
# URLs, versions and package identifiers: longer than this is not a real value.
MAX_REF_CHARS = 2_000


class ParseError(BadInput, ValueError):
    """A source file cannot be read at all. The message is one line naming the file and the field."""


class RecordError(ValueError):
    """One record inside a file is broken; the record is skipped and the message collected.

    `where` names a different file than the record's own when that file is at fault (a Docker
    server's tools.json next to its server.yaml).
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where


def display_path(path: Path | str) -> str:
    """Short, stable name for messages: relative to the working directory when possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_text(path: Path, max_bytes: int | None = None) -> str:
    limit = MAX_SOURCE_FILE_BYTES if max_bytes is None else max_bytes
    where = display_path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ParseError(f"{where}: cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise ParseError(f"{where}: file is {size} bytes, over the {limit}-byte limit")
    try:
        with path.open("rb") as fh:
            # Ask for the size stat() saw (a read(n) buffer is allocated up front), plus one byte
            # so a file that grew past the limit after stat() is still caught.
            data = fh.read(min(size, limit) + 1)
            if len(data) > size and len(data) <= limit:
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        raise ParseError(f"{where}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ParseError(f"{where}: file is over the {limit}-byte limit")
    return decode_bytes(data, where)


def decode_bytes(data: bytes, where: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{where}: not valid UTF-8 (bad byte at offset {exc.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_json_text(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"{where}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise ParseError(f"{where}: JSON nested too deeply") from None


def _check_yaml_nesting(text: str, loader: type, where: str) -> None:
    """Walk the event stream (iterative in libyaml) before composing: the composer recurses once
    per nesting level in C, so a 50,000-deep document would overflow the C stack, not raise."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ParseError(f"{where}: YAML nested deeper than {MAX_JSON_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml_text(text: str, where: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _check_yaml_nesting(text, loader, where)
        value = yaml.load(text, Loader=loader)  # noqa: S506 - safe loader only, never yaml.Loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParseError(f"{where}: invalid YAML{pos}: {_one_line(problem)}") from None
    except RecursionError:
        raise ParseError(f"{where}: YAML nested too deeply") from None
    try:
        check_json_depth(value, max_nodes=MAX_YAML_NODES)
    except InputTooLarge as exc:
        raise ParseError(f"{where}: {exc}") from None
    return value


def load_json(path: Path) -> Any:
    return parse_json_text(read_text(path), display_path(path))


def load_yaml(path: Path) -> Any:
    return parse_yaml_text(read_text(path), display_path(path))


def expect_top(value: Any, kind: type, where: str, what: str = "top level") -> Any:
    if not isinstance(value, kind):
        raise ParseError(f"{where}: {what}: expected {_type_word(kind)}, got {_type_word(type(value))}")
    return value


_WORDS: dict[type, str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}


def _type_word(kind: type) -> str:
    return _WORDS.get(kind, kind.__name__)


# --- typed field access inside one record (raises RecordError) -------------------------------


def get_str(obj: dict[str, Any], key: str, *, required: bool = False, label: str | None = None) -> str | None:
    name = label or key
    value = obj.get(key)
    if value is None:
        if required:
            raise RecordError(f"field '{name}': missing")
        return None
    if not isinstance(value, str):
        raise RecordError(f"field '{name}': expected a string, got {_type_word(type(value))}")
    if required and not value.strip():
        raise RecordError(f"field '{name}': empty")
    return value


def get_scalar(obj: dict[str, Any], key: str, *, label: str | None = None) -> str | None:
    """A short string field that YAML may have typed as a number (a commit like 1234567, a version 1.0)."""
    value = obj.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return get_str(obj, key, label=label)


def get_dict(obj: dict[str, Any], key: str, *, label: str | None = None) -> dict[str, Any] | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RecordError(f"field '{label or key}': expected an object, got {_type_word(type(value))}")
    return value


def get_list(obj: dict[str, Any], key: str, *, label: str | None = None) -> list[Any] | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise RecordError(f"field '{label or key}': expected an array, got {_type_word(type(value))}")
    return value


def get_str_list(obj: dict[str, Any], key: str, *, label: str | None = None) -> list[str]:
    items = get_list(obj, key, label=label) or []
    out: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise RecordError(f"field '{label or key}[{i}]': expected a string, got {_type_word(type(item))}")
        out.append(item)
    return out


def small_str_list(obj: dict[str, Any], key: str, limit: int = 50, width: int = 100) -> list[str]:
    """Tags/categories: optional decoration, so wrong-typed items are dropped instead of failing."""
    value = obj.get(key)
    if not isinstance(value, list):
        return []
    return [v[:width] for v in value if isinstance(v, str) and v.strip()][:limit]


def parse_time(value: Any) -> datetime | None:
    """An ISO-8601 time from a source, as an aware UTC datetime; anything else → None."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def oci_ref(image: str) -> PackageRef:
    """Split an image reference into name and tag/digest so the same image joins across sources."""
    ref = image.strip()
    if "@" in ref:
        name, _, digest = ref.partition("@")
        return PackageRef(registry="oci", identifier=name, version=digest or None)
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return PackageRef(registry="oci", identifier=ref[:colon], version=ref[colon + 1 :] or None)
    return PackageRef(registry="oci", identifier=ref, version=None)


def norm_status(value: Any) -> ServerStatus:
    text = value.strip().lower() if isinstance(value, str) else ""
    if text in ("deprecated", "archived"):
        return "deprecated"
    if text == "deleted":
        return "deleted"
    return "active"


# --- MCP tools ---------------------------------------------------------------------------------


def mcp_tool(obj: Any, where: str, *, schema_key: str = "inputSchema") -> ToolDefinition:
    """An MCP `Tool` object (name, title?, description?, inputSchema?, outputSchema?, annotations?)."""
    if not isinstance(obj, dict):
        raise RecordError(f"{where}: expected an object, got {_type_word(type(obj))}")
    name = get_str(obj, "name", required=True, label=f"{where}.name")
    title = get_str(obj, "title", label=f"{where}.title")
    description = get_str(obj, "description", label=f"{where}.description")
    schema = get_dict(obj, schema_key, label=f"{where}.{schema_key}")
    if schema is None and schema_key != "input_schema" and "input_schema" in obj:
        # mcpm has one tool that spells it snake_case.
        schema = get_dict(obj, "input_schema", label=f"{where}.input_schema")
    output = get_dict(obj, "outputSchema", label=f"{where}.outputSchema")
    annotations = get_dict(obj, "annotations", label=f"{where}.annotations")
    return make_tool(
        where,
        name=name,
        title=title,
        description=description,
        inputSchema=schema,
        outputSchema=output,
        annotations=annotations,
    )


def cap_json_strings(value: Any, limit: int = MAX_DESCRIPTION_CHARS, key_limit: int = 1_000) -> Any:
    """Copy of a decoded JSON value with every string (and key) cut to a fixed size.

    The models cap names and descriptions; schemas and annotations are free-form, so a 50 MB
    string hidden in a property description is cut here. Call after check_json_depth: the
    recursion depth is then bounded by MAX_JSON_DEPTH.
    """
    if isinstance(value, str):
        return cap_text(value, limit)
    if isinstance(value, dict):
        return {cap_text(str(k), key_limit): cap_json_strings(v, limit, key_limit) for k, v in value.items()}
    if isinstance(value, list):
        return [cap_json_strings(v, limit, key_limit) for v in value]
    return value


def bounded_json(value: Any, where: str, limit: int = MAX_DESCRIPTION_CHARS) -> Any:
    if value is None:
        return None
    try:
        check_json_depth(value)
    except InputTooLarge as exc:
        raise RecordError(f"{where}: {exc}") from None
    return cap_json_strings(value, limit)


def make_tool(where: str, **fields: Any) -> ToolDefinition:
    for key in ("inputSchema", "outputSchema", "annotations"):
        if fields.get(key) is not None:
            fields[key] = bounded_json(fields[key], f"{where}.{key}")
    try:
        return ToolDefinition(**fields)
    except ValidationError as exc:
        raise RecordError(f"{where}: {validation_message(exc)}") from None
    except (InputTooLarge, ValueError) as exc:
        raise RecordError(f"{where}: {_one_line(str(exc))}") from None


def tool_list(
    items: Any, where: str, build: Callable[[Any, str], ToolDefinition] | None = None
) -> list[ToolDefinition]:
    if not isinstance(items, list):
        raise RecordError(f"field '{where}': expected an array, got {_type_word(type(items))}")
    make = build or (lambda item, w: mcp_tool(item, w))
    return [make(item, f"{where}[{i}]") for i, item in enumerate(items)]


def validation_message(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ()))
    msg = str(err.get("msg", "invalid"))
    msg = msg.removeprefix("Value error, ")
    return _one_line(f"field '{loc}': {msg}" if loc else msg)


def make_server(**fields: Any) -> ServerRecord:
    if fields.get("meta"):
        fields["meta"] = bounded_json(fields["meta"], "meta", limit=2_000)
    names = fields.get("tool_names_only") or []
    if len(names) > MAX_TOOLS_PER_SERVER:
        raise RecordError(f"more than {MAX_TOOLS_PER_SERVER} tool names")
    for i, name in enumerate(names):
        if not name.strip() or len(name) > MAX_NAME_CHARS:
            raise RecordError(f"tool name {i} is empty or longer than {MAX_NAME_CHARS} characters")
    for key in ("version", "repository_url", "homepage", "source_url"):
        value = fields.get(key)
        if isinstance(value, str) and len(value) > MAX_REF_CHARS:
            raise RecordError(f"field '{key}': longer than {MAX_REF_CHARS} characters")
    try:
        return ServerRecord(**fields)
    except ValidationError as exc:
        raise RecordError(validation_message(exc)) from None
    except (InputTooLarge, ValueError) as exc:
        raise RecordError(_one_line(str(exc))) from None


# --- the iterator handed to callers ------------------------------------------------------------


class ParseRun(Iterator[ServerRecord]):
    """Iterator of ServerRecords that also collects one-line messages for skipped records.

    `errors` fills up while iterating; read it after the loop. Whole-file problems are raised as
    ParseError (from parse_path itself for single files, or while iterating for lazy sources).
    """

    def __init__(self, produce: Callable[[list[str]], Iterator[ServerRecord]]) -> None:
        self.errors: list[str] = []
        # The source's own time for the data, when the file says (e.g. ToolHive `last_updated`).
        self.observed_at: datetime | None = None
        self._seen: set[str] = set()
        self._it = produce(self.errors)

    def __iter__(self) -> ParseRun:
        return self

    def __next__(self) -> ServerRecord:
        # A server listed twice in one fetch would make the store flip between the two
        # descriptions on every run; keep the first, report the rest.
        while True:
            record = next(self._it)
            if record.source_id not in self._seen:
                self._seen.add(record.source_id)
                return record
            self.errors.append(
                f"{record.source_url}: server {record.source_id!r} listed twice; the first one is kept"
            )


def guarded(
    errors: list[str], where: str, label: str, build: Callable[[], ServerRecord | None]
) -> ServerRecord | None:
    """Build one record; a RecordError becomes a message in `errors` and None (record skipped)."""
    try:
        return build()
    except RecordError as exc:
        errors.append(f"{exc.where or where}: {label}: {exc}")
        return None
    except InputTooLarge as exc:
        errors.append(f"{where}: {label}: {_one_line(str(exc))}")
        return None
