"""Readable JSON at C-encoder speed: the outer levels get one key or item per line, everything
deeper is one compact line from json.dumps (json's own indent= switches to the slow Python encoder)."""

from __future__ import annotations

import json
from typing import Any

from catalog.policies.text import JSON_INVISIBLE_ESCAPES

_ENC = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def pretty(value: Any, depth: int = 2, indent: str = "") -> str:
    if depth <= 0 or not isinstance(value, (dict, list)) or not value:
        return _ENC.encode(value)
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{_ENC.encode(k)}: {pretty(v, depth - 1, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    items = [f"{inner}{pretty(v, depth - 1, inner)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + indent + "]"


def dumps(value: Any, depth: int = 2) -> str:
    # Invisible/bidi characters can only occur inside JSON strings here, where \uXXXX means the same.
    return pretty(value, depth).translate(JSON_INVISIBLE_ESCAPES) + "\n"
