"""Read models the store hands to the site, the export and the policy generator."""

from __future__ import annotations

from collections.abc import Iterable
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


PROBE_SOURCE = "probe"  # the source name live probes are stored under (crawler.probe.record.SOURCE)


class ProbeCandidate(BaseModel):
    """What `probe --from-catalog` needs of one server to decide whether to probe it, without
    its tools, classifications or history (Store.probe_candidates)."""

    slug: str
    packages: list[PackageRef] = Field(default_factory=list)  # as ServerView.packages, same order
    tools_seen: datetime | None = None  # newest capture (else first-seen) time of its current tools; None: no tools
    probe_failures: list[tuple[str, str | None]] = Field(default_factory=list)  # (package, version), sorted
    probe_listings: list[tuple[str, str | None]] = Field(default_factory=list)  # probe source's (source_id, version)
    probe_versions: list[str | None] = Field(default_factory=list)  # source_version of each probe surface

    @classmethod
    def of(cls, slug: str, packages: list[PackageRef], tools_seen: datetime | None,
           failures: Iterable[tuple[str, str | None]], listings: Iterable[tuple[str, str | None]],
           versions: Iterable[str | None]) -> ProbeCandidate:
        """Sets of pairs in one order, so two ways of building the same candidate compare equal."""
        def pair_key(p: tuple[str, str | None]) -> tuple[str, bool, str]:
            return p[0], p[1] is not None, p[1] or ""

        return cls(slug=slug, packages=packages, tools_seen=tools_seen,
                   probe_failures=sorted(set(failures), key=pair_key), probe_listings=sorted(set(listings), key=pair_key),
                   probe_versions=sorted(set(versions), key=lambda v: (v is not None, v or "")))

    @classmethod
    def from_view(cls, view: ServerView) -> ProbeCandidate:
        """The reference: what a full view says (a store may answer faster, never differently)."""
        return cls.of(
            view.slug, view.packages, max((t.captured_at or t.first_seen for t in view.tools), default=None),
            ((f.package, f.version) for f in view.probe_failures),
            ((s.source_id, s.version) for s in view.sources if s.source == PROBE_SOURCE),
            (s.source_version for s in view.surfaces if s.source == PROBE_SOURCE),
        )
