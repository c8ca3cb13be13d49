"""The published record formats (DESIGN §6), as pydantic models.

These models are the API: schema.json is generated from them and every file the export
writes is one of them serialised. Change a field only together with SCHEMA_VERSION.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from catalog.history.events import ChangeEvent, RugPull, as_utc
from catalog.models import RISK_RANK, RISKS, Classification, PackageRef, ServerStatus, ToolDefinition
from catalog.views import ProbeFailure, ServerView, SourceView, SurfaceView, ToolHistoryEntry, ToolView

SCHEMA_VERSION = "1.0.0"
SchemaVersion = Literal["1.0.0"]
API_PREFIX = "api/v1"
MAX_CHANGES_PER_RECORD = 200

_FROZEN = ConfigDict(frozen=True)


class Provenance(BaseModel):
    """Where the current definition and its classification came from."""

    model_config = _FROZEN

    source: str
    source_url: str | None = None
    server_version: str | None = None
    captured_at: datetime | None = None
    first_seen: datetime
    definition_hash: str
    classifier_version: str | None = None
    rules: list[str] = Field(default_factory=list)


class ToolRecord(BaseModel):
    model_config = _FROZEN

    slug: str
    name: str
    url: str  # the tool card, relative to the site root
    definition: ToolDefinition  # the MCP Tool object exactly as the source published it
    definition_hash: str
    classification: Classification | None = None
    provenance: Provenance
    history: list[ToolHistoryEntry] = Field(default_factory=list)  # oldest first
    alternatives: list[ToolHistoryEntry] = Field(default_factory=list)  # other sources that disagree
    rug_pull: RugPull | None = None  # set when the current definition arrived as a possible rug pull


class RiskSummary(BaseModel):
    model_config = _FROZEN

    tool_count: int
    max_risk: str | None = None
    by_risk: dict[str, int]  # low/medium/high/critical/unclassified
    by_category: dict[str, int]
    by_action: dict[str, int]


class ServerExport(BaseModel):
    """/api/v1/servers/<slug>.json: one server, everything we know about it."""

    model_config = _FROZEN

    schema_version: SchemaVersion = SCHEMA_VERSION
    slug: str  # stable: assigned once by the store, kept across crawls and renames
    name: str
    title: str | None = None
    description: str | None = None
    url: str
    status: ServerStatus = "active"
    repository_url: str | None = None
    homepage: str | None = None
    packages: list[PackageRef] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    modified: datetime
    sources: list[SourceView] = Field(default_factory=list)
    versions: list[SurfaceView] = Field(default_factory=list)  # every tool surface, oldest first
    current_surface: int | None = None
    risk: RiskSummary
    rug_pull: bool = False
    tools: list[ToolRecord] = Field(default_factory=list)  # current surface, sorted by name
    # tools that only other indexes (not the freshest surface) still list: stale or removed upstream
    other_tools: list[ToolRecord] = Field(default_factory=list)
    tool_names_only: list[str] = Field(default_factory=list)
    probe_failures: list[ProbeFailure] = Field(default_factory=list)
    changes: list[ChangeEvent] = Field(default_factory=list)  # newest first, capped


class IndexRow(BaseModel):
    model_config = _FROZEN

    slug: str
    name: str
    title: str | None = None
    status: ServerStatus = "active"
    sources: list[str] = Field(default_factory=list)
    tool_count: int = 0
    max_risk: str | None = None
    by_risk: dict[str, int] = Field(default_factory=dict)
    rug_pull: bool = False
    modified: datetime
    record: str  # the file holding the full record, relative to /api/v1/ (servers.jsonl in a jsonl export)


class IndexFile(BaseModel):
    """/api/v1/index.json: the slim list of servers, by slug."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    modified: datetime | None = None  # newest record's modified time (not the build time)
    count: int
    tool_count: int
    servers: list[IndexRow]


class SourceListRow(BaseModel):
    model_config = _FROZEN

    slug: str
    name: str
    source_id: str
    version: str | None = None
    status: ServerStatus = "active"


class SourceList(BaseModel):
    """/api/v1/sources/<source>.json: the servers one index lists."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    source: str
    count: int
    servers: list[SourceListRow]


class RiskListRow(BaseModel):
    model_config = _FROZEN

    server: str
    tool: str
    tool_slug: str
    action: str | None = None
    category: str | None = None
    confidence: float | None = None
    definition_hash: str


class RiskList(BaseModel):
    """/api/v1/risk/<level>.json: every current tool at one risk level."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    risk: Literal["low", "medium", "high", "critical", "unclassified"]
    count: int
    tools: list[RiskListRow]


class ChangesFile(BaseModel):
    """/api/v1/changes.json: the changefeed behind /changes/ and /feed.xml, newest first."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    modified: datetime | None = None
    count: int
    changes: list[ChangeEvent]


# --- building ---------------------------------------------------------------------------------


def server_url(slug: str) -> str:
    return f"/servers/{slug}/"


def tool_url(server_slug: str, tool_slug: str) -> str:
    return f"/tools/{server_slug}/{tool_slug}/"


def record_path(slug: str) -> str:
    return f"servers/{slug}.json"


def risk_summary(tools: list[ToolView]) -> RiskSummary:
    by_risk: Counter[str] = Counter({r: 0 for r in (*RISKS, "unclassified")})
    by_category: Counter[str] = Counter()
    by_action: Counter[str] = Counter()
    for t in tools:
        c = t.classification
        if c is None:
            by_risk["unclassified"] += 1
            continue
        by_risk[c.risk] += 1
        by_category[c.category] += 1
        by_action[c.action] += 1
    present = [r for r in RISKS if by_risk[r]]
    return RiskSummary(
        tool_count=len(tools),
        max_risk=max(present, key=RISK_RANK.__getitem__) if present else None,
        by_risk=dict(by_risk),
        by_category=dict(sorted(by_category.items())),
        by_action=dict(sorted(by_action.items())),
    )


def _rug_pull_of(tool: ToolView, changes: list[ChangeEvent]) -> RugPull | None:
    for e in changes:  # newest first: the event that brought the current definition
        if e.tool == tool.definition.name and e.after is not None and e.after.definition_hash == tool.definition_hash:
            return e.rug_pull
    return None


def tool_record(tool: ToolView, changes: list[ChangeEvent]) -> ToolRecord:
    c = tool.classification
    return ToolRecord(
        slug=tool.tool_slug,
        name=tool.definition.name,
        url=tool_url(tool.server_slug, tool.tool_slug),
        definition=tool.definition,
        definition_hash=tool.definition_hash,
        classification=c,
        provenance=Provenance(
            source=tool.source,
            source_url=tool.source_url,
            server_version=tool.server_version,
            captured_at=tool.captured_at,
            first_seen=tool.first_seen,
            definition_hash=tool.definition_hash,
            classifier_version=c.classifier_version if c else None,
            rules=list(c.rules) if c else [],
        ),
        history=tool.history,
        alternatives=tool.alternatives,
        rug_pull=_rug_pull_of(tool, changes),
    )


def server_record(view: ServerView, changes: list[ChangeEvent]) -> ServerExport:
    """The published record of one server; `changes` newest first (see catalog.history.changes_for)."""
    tools = [tool_record(t, changes) for t in view.tools]
    return ServerExport(
        slug=view.slug,
        name=view.name,
        title=view.title,
        description=view.description,
        url=server_url(view.slug),
        status=view.status,
        repository_url=view.repository_url,
        homepage=view.homepage,
        packages=view.packages,
        categories=view.categories,
        # A reclassification is a change of the record even when no surface changed.
        modified=max([as_utc(view.modified), *(as_utc(e.at) for e in changes[:1])]),
        sources=view.sources,
        versions=view.surfaces,
        current_surface=view.current_surface_id,
        risk=risk_summary(view.tools),
        rug_pull=any(t.rug_pull is not None for t in tools),
        tools=tools,
        other_tools=[tool_record(t, changes) for t in view.other_tools],
        tool_names_only=view.tool_names_only,
        probe_failures=view.probe_failures,
        changes=changes[:MAX_CHANGES_PER_RECORD],
    )


def index_row(record: ServerExport, path: str | None = None) -> IndexRow:
    return IndexRow(
        slug=record.slug,
        name=record.name,
        title=record.title,
        status=record.status,
        sources=sorted({s.source for s in record.sources}),
        tool_count=record.risk.tool_count,
        max_risk=record.risk.max_risk,
        by_risk=record.risk.by_risk,
        rug_pull=record.rug_pull,
        modified=record.modified,
        record=path or record_path(record.slug),
    )
