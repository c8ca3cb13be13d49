"""Read models the store hands to the site, the export and the policy generator."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from catalog.models import Classification, PackageRef, ServerStatus, ToolDefinition


class SourceView(BaseModel):
    """One index's listing of the server."""

    source: str
    source_id: str
    source_url: str | None = None
    version: str | None = None
    status: ServerStatus = "active"
    first_seen: datetime
    last_seen: datetime


class SurfaceView(BaseModel):
    """One tool surface (sorted set of definition hashes) as seen from one source."""

    id: int
    source: str
    source_version: str | None = None
    source_url: str | None = None
    surface_hash: str
    first_seen: datetime
    last_seen: datetime
    captured_at: datetime | None = None
    tool_count: int


class ToolHistoryEntry(BaseModel):
    """One definition a tool of this name has had, oldest first."""

    definition_hash: str
    source: str
    source_version: str | None = None
    first_seen: datetime
    last_seen: datetime
    action: str | None = None
    risk: str | None = None
    category: str | None = None


class ToolView(BaseModel):
    server_slug: str
    tool_slug: str
    definition: ToolDefinition
    definition_hash: str
    classification: Classification | None = None
    # provenance of the current definition
    source: str
    source_url: str | None = None
    server_version: str | None = None
    captured_at: datetime | None = None
    first_seen: datetime
    history: list[ToolHistoryEntry] = Field(default_factory=list)
    # other sources' definitions of the same tool name that disagree with the current one
    alternatives: list[ToolHistoryEntry] = Field(default_factory=list)


class ProbeFailure(BaseModel):
    package: str
    version: str | None = None
    kind: str
    message: str
    at: datetime


class ServerView(BaseModel):
    id: int
    slug: str
    name: str
    title: str | None = None
    description: str | None = None
    repository_url: str | None = None
    homepage: str | None = None
    packages: list[PackageRef] = Field(default_factory=list)
    status: ServerStatus = "active"
    categories: list[str] = Field(default_factory=list)
    sources: list[SourceView] = Field(default_factory=list)
    surfaces: list[SurfaceView] = Field(default_factory=list)  # every surface, oldest first
    current_surface_id: int | None = None
    tools: list[ToolView] = Field(default_factory=list)  # the current surface, sorted by name
    # tools other indexes still list but the current (freshest) surface does not: stale or removed
    other_tools: list[ToolView] = Field(default_factory=list)
    tool_names_only: list[str] = Field(default_factory=list)  # names an index lists without definitions
    probe_failures: list[ProbeFailure] = Field(default_factory=list)
    modified: datetime  # last time anything about the server's surface or classification changed
    meta: dict[str, Any] = Field(default_factory=dict)


class ServerSummary(BaseModel):
    """Slim row for index pages."""

    id: int
    slug: str
    name: str
    title: str | None = None
    status: ServerStatus = "active"
    sources: list[str] = Field(default_factory=list)
    tool_count: int = 0
    modified: datetime
