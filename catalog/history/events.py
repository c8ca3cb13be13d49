"""The change records that the diff, the changefeed, the Atom feed and the tool card share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from catalog.models import RISK_RANK, sha256_hex

ChangeKind = Literal["server_added", "tool_added", "tool_removed", "tool_changed", "tool_reclassified"]
# Which parts of the MCP tool object changed between two definitions.
ChangedField = Literal["title", "description", "inputSchema", "outputSchema", "annotations"]


class ToolState(BaseModel):
    """One side of a tool change: the definition and how it was classified."""

    model_config = ConfigDict(frozen=True)

    definition_hash: str
    action: str | None = None
    risk: str | None = None
    category: str | None = None
    classifier_version: str | None = None


class RugPull(BaseModel):
    """Why a change looks like a rug pull; quotes are the added text, for people to judge."""

    model_config = ConfigDict(frozen=True)

    version_unchanged: bool = False  # the definition changed but the server's version string did not
    added_instructions: list[str] = Field(default_factory=list)  # new text that orders the model around (quotes)
    poisoning: list[str] = Field(default_factory=list)  # codes of new tool-poisoning findings (classifier.poisoning)
    reasons: list[str] = Field(default_factory=list)


class ChangeEvent(BaseModel):
    """One row of the changefeed."""

    model_config = ConfigDict(frozen=True)

    id: str  # stable: derived from what changed, never from when the export ran
    at: datetime  # when the later surface was first seen
    kind: ChangeKind
    server_slug: str
    server_name: str
    tool: str | None = None
    tool_slug: str | None = None
    source: str
    from_version: str | None = None
    to_version: str | None = None
    from_surface: int | None = None
    to_surface: int | None = None
    before: ToolState | None = None
    after: ToolState | None = None
    changed_fields: list[ChangedField] = Field(default_factory=list)
    action_changed: bool = False
    risk_direction: Literal["up", "down"] | None = None
    rug_pull: RugPull | None = None
    summary: str  # one plain-text line (escape it wherever it is rendered)

    @property
    def is_risk_change(self) -> bool:
        return self.action_changed or self.risk_direction is not None or self.rug_pull is not None


def event_id(*parts: object) -> str:
    return sha256_hex("\x1f".join("" if p is None else str(p) for p in parts))[:20]


def risk_direction(before: str | None, after: str | None) -> Literal["up", "down"] | None:
    if before is None or after is None or before == after:
        return None
    return "up" if RISK_RANK.get(after, -1) > RISK_RANK.get(before, -1) else "down"


def as_utc(value: datetime) -> datetime:
    """Naive times from the store are UTC; make every time aware so comparisons never raise."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def iso(value: datetime) -> str:
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def newest_first_key(event: ChangeEvent) -> tuple[float, str, str, str]:
    # Ties broken by slug, tool and id so the order never depends on dict or set order.
    return (-as_utc(event.at).timestamp(), event.server_slug, event.tool or "", event.id)
