"""Shared builders for classifier tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalog.models import ToolInput

TRAIN = Path(__file__).resolve().parents[2] / "classifier" / "data" / "train.jsonl"


def tool(
    name: str,
    description: str | None = None,
    *,
    server: str = "srv",
    props: dict[str, Any] | None = None,
    annotations: dict[str, Any] | None = None,
    title: str | None = None,
) -> ToolInput:
    schema = {"type": "object", "properties": props} if props is not None else None
    return ToolInput(
        id=f"{server}::{name}",
        server=server,
        tool=name,
        title=title,
        description=description,
        input_schema=schema,
        annotations=annotations,
    )
