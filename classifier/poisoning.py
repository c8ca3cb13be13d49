"""Placeholder: tool-poisoning scan (owned by another engineer, who replaces this file)."""

from __future__ import annotations

from typing import Any

from catalog.models import ToolInput


def scan(tool: ToolInput) -> list[Any]:
    return []
