"""Pydantic models for everything that crosses a module boundary.

crawler → ServerRecord / SourceFetch → store → ToolInput → classifier → Classification → store → site/export.
These are the contracts between the pipeline stages; keep them stable.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from catalog.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_NAME_CHARS,
    MAX_TOOLS_PER_SERVER,
    cap_text,
    check_json_depth,
)

Action = Literal["Read", "Write", "Execute"]
Risk = Literal["low", "medium", "high", "critical"]
Category = Literal["Read", "Write", "Execute", "Destructive", "Financial"]
ServerStatus = Literal["active", "deprecated", "deleted"]

ACTIONS: tuple[Action, ...] = ("Read", "Write", "Execute")
RISKS: tuple[Risk, ...] = ("low", "medium", "high", "critical")
CATEGORIES: tuple[Category, ...] = ("Read", "Write", "Execute", "Destructive", "Financial")
RISK_RANK: dict[str, int] = {r: i for i, r in enumerate(RISKS)}
ACTION_RANK: dict[str, int] = {a: i for i, a in enumerate(ACTIONS)}

# The MCP annotation hints; anything else in `annotations` is kept but is not a hint.
HINT_KEYS = ("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")


def _bounded_json(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is not None:
        check_json_depth(value)
    return value


# Every string and structure that comes from a source passes through one of these caps.
CappedTitle = Annotated[str | None, AfterValidator(lambda v: cap_text(v, MAX_NAME_CHARS))]
CappedDescription = Annotated[str | None, AfterValidator(lambda v: cap_text(v, MAX_DESCRIPTION_CHARS))]
BoundedJson = Annotated[dict[str, Any] | None, AfterValidator(_bounded_json)]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def canonical_json(value: Any) -> str:
    """The one serialisation used for hashing: sorted keys, no whitespace, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ToolDefinition(BaseModel):
    """One MCP tool as a source published it (the MCP `Tool` object)."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    name: str = Field(min_length=1)
    title: CappedTitle = None
    description: CappedDescription = None
    input_schema: BoundedJson = Field(default=None, alias="inputSchema")
    output_schema: BoundedJson = Field(default=None, alias="outputSchema")
    annotations: BoundedJson = None

    @field_validator("name")
    @classmethod
    def _cap_name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("tool name is empty")
        if len(v) > MAX_NAME_CHARS:
            raise ValueError(f"tool name longer than {MAX_NAME_CHARS} characters")
        return v

    @classmethod
    def from_canonical(cls, text: str) -> ToolDefinition:
        """Rebuild from the store's canonical JSON without re-validating: it was validated and
        capped on the way in, and re-walking every schema costs more than the rest of a page."""
        d = json.loads(text)
        return cls.model_construct(
            name=d["name"],
            title=d.get("title"),
            description=d.get("description"),
            input_schema=d.get("inputSchema"),
            output_schema=d.get("outputSchema"),
            annotations=d.get("annotations"),
        )

    def canonical(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "inputSchema": self.input_schema,
            "outputSchema": self.output_schema,
            "annotations": self.annotations,
        }

    def canonical_json(self) -> str:
        return canonical_json(self.canonical())

    @property
    def definition_hash(self) -> str:
        """SHA-256 of the canonical JSON (DESIGN §5): the tool definition's identity."""
        return sha256_hex(self.canonical_json())

    def declared_hints(self) -> dict[str, bool | None]:
        ann = self.annotations or {}
        return {k: ann[k] if isinstance(ann.get(k), bool) else None for k in HINT_KEYS}


def surface_hash(definition_hashes: list[str]) -> str:
    """A tool surface is the sorted list of its definition hashes."""
    return sha256_hex("\n".join(sorted(set(definition_hashes))))


class PackageRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    registry: str  # npm | pypi | oci | cargo | nuget | mcpb | ...
    identifier: str
    version: str | None = None


class ServerRecord(BaseModel):
    """One source's description of one server, as seen in one fetch."""

    source: str  # e.g. "toolhive", "docker", "mcpm", "toolsdk", "official", "probe"
    source_id: str  # the server's key inside that source
    name: str
    title: CappedTitle = None
    description: CappedDescription = None
    version: str | None = None  # the source's version string for the server, if any
    repository_url: str | None = None
    homepage: str | None = None
    packages: list[PackageRef] = Field(default_factory=list)
    source_url: str | None = None  # where this record came from (URL or file path)
    status: ServerStatus = "active"
    categories: list[str] = Field(default_factory=list)
    tools: list[ToolDefinition] | None = None  # None = this source has no tool list for the server
    tool_names_only: list[str] = Field(default_factory=list)  # names without definitions (ToolHive `tools`)
    captured_at: datetime | None = None  # when the source captured the tool list, if it says
    meta: dict[str, Any] = Field(default_factory=dict)  # small source-specific extras (permissions, tier…)

    @field_validator("name", "source_id")
    @classmethod
    def _non_empty(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("is empty")
        if len(v) > MAX_NAME_CHARS:
            raise ValueError(f"longer than {MAX_NAME_CHARS} characters")
        return v

    @field_validator("tools")
    @classmethod
    def _cap_tools(cls, v: list[ToolDefinition] | None) -> list[ToolDefinition] | None:
        if v is not None and len(v) > MAX_TOOLS_PER_SERVER:
            raise ValueError(f"more than {MAX_TOOLS_PER_SERVER} tools")
        return v

    @field_validator("meta")
    @classmethod
    def _bounded_meta(cls, v: dict[str, Any]) -> dict[str, Any]:
        check_json_depth(v)
        return v


class SourceFetch(BaseModel):
    """One pull of one source: the unit of one store transaction."""

    source: str
    url: str
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: Literal["ok", "failed", "partial"] = "ok"
    error: str | None = None
    # The source's own time for its data (e.g. a registry file's last_updated); used as the
    # observation time so re-reading the same snapshot writes nothing new.
    observed_at: datetime | None = None


class FetchSummary(BaseModel):
    source: str
    fetched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    errors: int = 0
    error_messages: list[str] = Field(default_factory=list)


class ToolInput(BaseModel):
    """The standalone classification record (DESIGN §3 input)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    server: str = ""
    tool: str = Field(min_length=1)
    title: CappedTitle = None
    description: CappedDescription = None
    input_schema: BoundedJson = None
    annotations: BoundedJson = None

    @classmethod
    def from_definition(cls, server: str, tool: ToolDefinition) -> ToolInput:
        return cls(
            id=f"{server}::{tool.name}",
            server=server,
            tool=tool.name,
            title=tool.title or (tool.annotations or {}).get("title"),
            description=tool.description,
            input_schema=tool.input_schema,
            annotations=tool.annotations,
        )


class Evidence(BaseModel):
    field: str  # "name", "title", "description", "input_schema", "annotations", "server"
    quote: str  # an exact substring of that field's text
    why: str


class Operation(BaseModel):
    argument: str
    value: str
    action: Action
    risk: Risk


class Classification(BaseModel):
    """DESIGN §3 output record."""

    id: str
    action: Action
    risk: Risk
    category: Category
    flags: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    declared: dict[str, bool | None] = Field(default_factory=dict)
    contradicts_declared: bool = False
    operations: list[Operation] = Field(default_factory=list)
    classifier_version: str
    # Set when a human correction from the overrides file replaced the classifier's answer.
    correction: dict[str, Any] | None = None


class ClassificationError(BaseModel):
    id: str | None
    error: str
