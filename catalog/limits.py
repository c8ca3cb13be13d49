"""Size caps for hostile input. Every string and structure from a source passes through these."""

from __future__ import annotations

from typing import Any

MAX_NAME_CHARS = 200
MAX_DESCRIPTION_CHARS = 20_000
MAX_TOOLS_PER_SERVER = 2_000
MAX_JSON_DEPTH = 64
MAX_JSON_NODES = 50_000
MAX_RECORD_BYTES = 8 * 1024 * 1024  # one server record in a source file
MAX_SOURCE_FILE_BYTES = 256 * 1024 * 1024  # one source file or HTTP body

TRUNCATION_MARK = " …[truncated]"


class InputTooLarge(ValueError):
    """Raised when a structure is too deep or too big to be a plausible tool definition."""


def cap_text(value: str | None, limit: int) -> str | None:
    """Cut over-long text at a fixed size, marked, so a 50 MB description cannot reach the store."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if len(value) <= limit:
        return value
    return value[: limit - len(TRUNCATION_MARK)] + TRUNCATION_MARK


def check_json_depth(value: Any, max_depth: int = MAX_JSON_DEPTH, max_nodes: int = MAX_JSON_NODES) -> None:
    """Walk a decoded JSON value iteratively (no recursion to blow up) and bound depth and size."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            raise InputTooLarge(f"JSON structure has more than {max_nodes} nodes")
        if depth > max_depth:
            raise InputTooLarge(f"JSON structure nested deeper than {max_depth} levels")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
