"""Assemble ServerView read models from the SQL tables (a handful of queries per server)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from catalog.models import Classification, PackageRef, ToolDefinition
from catalog.slugs import disambiguate, slugify
from catalog.store.timefmt import from_text
from catalog.views import (
    PROBE_SOURCE,
    ProbeCandidate,
    ProbeFailure,
    ServerSummary,
    ServerView,
    SourceView,
    SurfaceView,
    ToolHistoryEntry,
    ToolView,
)


class ViewReader:
    def __init__(self, execute: Any) -> None:
        # execute(sql, params) -> cursor, with '?' placeholders whatever the engine
        self._execute = execute

    def summaries(self) -> list[ServerSummary]:
        # build() already covers records, surfaces and probe failures; a summary skips the tools,
        # so only their classification times need an aggregate of their own.
        classified = dict(
            self._execute(
                "SELECT s.server_id, max(c.created_at) FROM surfaces s JOIN surface_tools st ON st.surface_id = s.id "
                "JOIN classifications c ON c.definition_hash = st.definition_hash GROUP BY s.server_id"
            ).fetchall()
        )
        out = []
        for (server_id,) in self._execute("SELECT id FROM servers ORDER BY slug").fetchall():
            view = self.build(server_id, None, with_tools=False)
            modified = view.modified
            if classified.get(server_id):
                modified = max(modified, from_text(classified[server_id]))
            out.append(
                ServerSummary(
                    id=server_id,
                    slug=view.slug,
                    name=view.name,
                    title=view.title,
                    status=view.status,
                    sources=sorted({src.source for src in view.sources}),
                    tool_count=_current_count(view),
                    modified=modified,
                )
            )
        return out

    def probe_candidates(self) -> Iterator[ProbeCandidate]:
        """ProbeCandidate.from_view(build(id)) for every server, from five whole-table queries
        instead of a full view (tools, classifications, history: ~7 queries) per server."""
        servers = self._execute("SELECT id, slug FROM servers ORDER BY slug").fetchall()
        # the latest record per (server, source, source_id), as build() keeps
        records: dict[int, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        for server_id, source, source_id, record_json in self._execute(
            "SELECT r.server_id, r.source, r.source_id, r.record_json FROM source_records r "
            "JOIN (SELECT max(id) AS id FROM source_records GROUP BY server_id, source, source_id) m ON m.id = r.id"
        ):
            records[server_id][(source, source_id)] = json.loads(record_json)
        surfaces: dict[int, list[SurfaceView]] = defaultdict(list)
        surface_source_id: dict[int, str] = {}
        for server_id, sid, src, source_id, ver, sh, n, cap, fs, ls in self._execute(
            "SELECT server_id, id, source, source_id, source_version, surface_hash, tool_count, captured_at, "
            "first_seen, last_seen FROM surfaces ORDER BY server_id, first_seen, id"
        ):
            surfaces[server_id].append(SurfaceView(
                id=sid, source=src, source_version=ver, surface_hash=sh, tool_count=n,
                captured_at=from_text(cap), first_seen=from_text(fs), last_seen=from_text(ls)))
            surface_source_id[sid] = source_id
        failures: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        for server_id, package, version in self._execute("SELECT server_id, package, version FROM probe_failures"):
            failures[server_id].append((package, version))

        current = {server_id: _pick_current(found, surface_source_id) for server_id, found in surfaces.items()}
        seen: dict[int, datetime | None] = {}
        undated: list[int] = []  # current surfaces with tools but no capture time
        for cur in current.values():
            if cur is not None and cur.tool_count:
                if cur.captured_at is not None:
                    seen[cur.id] = cur.captured_at
                else:
                    undated.append(cur.id)
        seen.update(self._tools_first_seen(undated))

        for server_id, slug in servers:
            recs = records.get(server_id, {})
            found = surfaces.get(server_id, [])
            probed = {(surface_source_id[s.id], s.source_version) for s in found if s.source == PROBE_SOURCE}
            cur = current.get(server_id)
            yield ProbeCandidate.of(
                slug, _packages(recs), seen.get(cur.id) if cur is not None else None,
                (f for f in failures.get(server_id, []) if f not in probed),  # as build() drops replaced failures
                ((sid, rec.get("version")) for (src, sid), rec in recs.items() if src == PROBE_SOURCE),
                (s.source_version for s in found if s.source == PROBE_SOURCE),
            )

    def _tools_first_seen(self, surface_ids: list[int]) -> dict[int, datetime]:
        """Per surface: the newest of its tools' first-seen times, where a tool's first-seen is
        the earliest first_seen of any surface of the same server listing that definition
        (what build() gives ToolView.first_seen)."""
        out: dict[int, datetime] = {}
        for i in range(0, len(surface_ids), 500):
            chunk = surface_ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for surface_id, first in self._execute(
                "SELECT f.cur, max(f.first) FROM (SELECT st.surface_id AS cur, min(s2.first_seen) AS first "
                "FROM surface_tools st JOIN surfaces s ON s.id = st.surface_id "
                "JOIN surface_tools st2 ON st2.definition_hash = st.definition_hash "
                "JOIN surfaces s2 ON s2.id = st2.surface_id AND s2.server_id = s.server_id "
                f"WHERE st.surface_id IN ({marks}) GROUP BY st.surface_id, st.definition_hash) f GROUP BY f.cur",
                chunk,
            ):
                out[surface_id] = from_text(first)
        return out

    def build(self, server_id: int, classifier_version: str | None, *, with_tools: bool = True) -> ServerView:
        slug, name, created_at = self._execute(
            "SELECT slug, name, created_at FROM servers WHERE id=?", (server_id,)
        ).fetchone()

        # latest record per (source, source_id), with the first time that listing was seen
        records: dict[tuple[str, str], dict[str, Any]] = {}
        first_seen_of: dict[tuple[str, str], str] = {}
        modified = created_at
        for source, source_id, record_json, first_seen, last_seen in self._execute(
            "SELECT source, source_id, record_json, first_seen, last_seen FROM source_records "
            "WHERE server_id=? ORDER BY id",
            (server_id,),
        ):
            key = (source, source_id)
            first_seen_of.setdefault(key, first_seen)
            rec = json.loads(record_json)
            rec["_last_seen"] = last_seen
            records[key] = rec
            modified = max(modified, first_seen)

        surfaces = [
            SurfaceView(
                id=sid, source=src, source_version=ver, source_url=url, surface_hash=sh,
                first_seen=from_text(fs), last_seen=from_text(ls), captured_at=from_text(cap), tool_count=n,
            )
            for sid, src, ver, url, sh, fs, ls, cap, n, _srcid in self._execute(
                "SELECT id, source, source_version, source_url, surface_hash, first_seen, last_seen, captured_at, "
                "tool_count, source_id FROM surfaces WHERE server_id=? ORDER BY first_seen, id",
                (server_id,),
            )
        ]
        surface_source_id = dict(
            self._execute("SELECT id, source_id FROM surfaces WHERE server_id=?", (server_id,)).fetchall()
        )
        for s in surfaces:
            modified = max(modified, _text(s.first_seen))

        current = _pick_current(surfaces, surface_source_id)
        primary = _primary_record(records, current, surface_source_id)

        sources = [
            SourceView(
                source=src,
                source_id=sid,
                source_url=rec.get("source_url"),
                version=rec.get("version"),
                status=rec.get("status", "active"),
                first_seen=from_text(first_seen_of[(src, sid)]),
                last_seen=from_text(rec["_last_seen"]),
            )
            for (src, sid), rec in sorted(records.items())
        ]
        statuses = {s.status for s in sources}
        status = "active" if "active" in statuses or not statuses else ("deprecated" if "deprecated" in statuses else "deleted")

        packages = _packages(records)
        categories: list[str] = []
        names_only: set[str] = set()
        meta: dict[str, Any] = {}
        for (src, _sid), rec in sorted(records.items()):
            for c in rec.get("categories") or []:
                if c not in categories:
                    categories.append(c)
            names_only.update(rec.get("tool_names_only") or [])
            if rec.get("meta"):
                meta[src] = rec["meta"]

        failures = [
            ProbeFailure(package=p, version=v, kind=k, message=m, at=from_text(at))
            for p, v, k, m, at in self._execute(
                "SELECT package, version, kind, message, at FROM probe_failures WHERE server_id=? ORDER BY at, id",
                (server_id,),
            )
        ]
        # a failure that a later successful probe of the same version replaced is history, not news
        probed = {(surface_source_id[s.id], s.source_version) for s in surfaces if s.source == "probe"}
        failures = [f for f in failures if (f.package, f.version) not in probed]
        for f in failures:
            modified = max(modified, _text(f.at))

        tools: list[ToolView] = []
        other_tools: list[ToolView] = []
        if with_tools and current is not None:
            tools, other_tools, classified_at = self._tools(
                server_id, slug, surfaces, current, surface_source_id, classifier_version
            )
            modified = max(modified, classified_at)
        names_only -= {t.definition.name for t in tools} | {t.definition.name for t in other_tools}

        return ServerView(
            id=server_id,
            slug=slug,
            name=primary.get("name") or name,  # the latest name an index uses; the slug never changes
            title=primary.get("title"),
            description=primary.get("description"),
            repository_url=primary.get("repository_url") or _first(records, "repository_url"),
            homepage=primary.get("homepage") or _first(records, "homepage"),
            packages=packages,
            status=status,
            categories=categories,
            sources=sources,
            surfaces=surfaces,
            current_surface_id=current.id if current else None,
            tools=tools,
            other_tools=other_tools,
            tool_names_only=sorted(names_only),
            probe_failures=failures,
            modified=from_text(modified),
            meta=meta,
        )

    def _tools(
        self,
        server_id: int,
        server_slug: str,
        surfaces: list[SurfaceView],
        current: SurfaceView,
        surface_source_id: dict[int, str],
        classifier_version: str | None,
    ) -> tuple[list[ToolView], list[ToolView], str]:
        """The current surface's tools, and the tools only other sources' latest surfaces list."""
        members: dict[int, list[str]] = defaultdict(list)
        definitions: dict[str, tuple[str, str]] = {}
        for surface_id, digest, tool_name, canonical in self._execute(
            "SELECT st.surface_id, d.hash, d.name, d.canonical_json FROM surface_tools st "
            "JOIN surfaces s ON s.id = st.surface_id JOIN definitions d ON d.hash = st.definition_hash "
            "WHERE s.server_id=?",
            (server_id,),
        ):
            members[surface_id].append(digest)
            definitions[digest] = (tool_name, canonical)

        classifications, classified_at = self._classifications(server_id, classifier_version)
        by_id = {s.id: s for s in surfaces}

        # history: every definition each tool name has had on this server, from any source
        spans: dict[str, dict[str, Any]] = {}
        for surface_id, digests in members.items():
            s = by_id[surface_id]
            for digest in digests:
                span = spans.get(digest)
                if span is None:
                    spans[digest] = {"first": s.first_seen, "last": s.last_seen, "surface": s}
                else:
                    if s.first_seen < span["first"]:
                        span["first"], span["surface"] = s.first_seen, s
                    span["last"] = max(span["last"], s.last_seen)
        history_by_name: dict[str, list[ToolHistoryEntry]] = defaultdict(list)
        for digest, span in spans.items():
            c = classifications.get(digest)
            history_by_name[definitions[digest][0]].append(
                ToolHistoryEntry(
                    definition_hash=digest,
                    source=span["surface"].source,
                    source_version=span["surface"].source_version,
                    first_seen=span["first"],
                    last_seen=span["last"],
                    action=c.action if c else None,
                    risk=c.risk if c else None,
                    category=c.category if c else None,
                )
            )
        for entries in history_by_name.values():
            entries.sort(key=lambda e: (e.first_seen, e.definition_hash))

        # other sources' latest surfaces, for definitions that disagree with the current one
        latest_other: dict[tuple[str, str], SurfaceView] = {}
        for s in surfaces:
            key = (s.source, surface_source_id[s.id])
            latest_other[key] = s  # surfaces are ordered oldest first
        other_defs: dict[str, list[str]] = defaultdict(list)
        for s in latest_other.values():
            if s.id == current.id:
                continue
            for digest in members.get(s.id, []):
                other_defs[definitions[digest][0]].append(digest)

        current_digests = sorted(members.get(current.id, []), key=lambda d: (definitions[d][0], d))
        current_names = {definitions[d][0] for d in current_digests}
        # tools only other sources list: the freshest such surface speaks for each name
        elsewhere: dict[str, tuple[str, SurfaceView]] = {}
        for s in sorted(latest_other.values(), key=lambda s: (_text(s.captured_at or s.last_seen), s.id)):
            if s.id == current.id:
                continue
            for digest in members.get(s.id, []):
                name = definitions[digest][0]
                if name not in current_names:
                    elsewhere[name] = (digest, s)
        used_slugs: set[str] = set()

        def view(digest: str, surface: SurfaceView) -> ToolView:
            tool_name, canonical = definitions[digest]
            slug = slugify(tool_name)
            if slug in used_slugs:
                slug = disambiguate(slug, f"{tool_name}\n{digest}")
            used_slugs.add(slug)
            alternatives = [
                e for e in history_by_name[tool_name] if e.definition_hash != digest and e.definition_hash in other_defs[tool_name]
            ]
            return ToolView(
                server_slug=server_slug,
                tool_slug=slug,
                definition=ToolDefinition.from_canonical(canonical),
                definition_hash=digest,
                classification=classifications.get(digest),
                source=surface.source,
                source_url=surface.source_url,
                server_version=surface.source_version,
                captured_at=surface.captured_at,
                first_seen=spans[digest]["first"],
                history=history_by_name[tool_name],
                alternatives=alternatives,
            )

        tools = [view(d, current) for d in current_digests]
        others = [view(d, s) for _name, (d, s) in sorted(elsewhere.items())]
        return tools, others, classified_at

    def _classifications(self, server_id: int, classifier_version: str | None) -> tuple[dict[str, Classification], str]:
        """Each definition's classification (at that version, else the newest), and the newest
        classification time: a reclassification changes the server's record."""
        sql = (
            "SELECT c.definition_hash, c.record_json, c.created_at, c.classifier_version FROM classifications c "
            "WHERE c.definition_hash IN (SELECT st.definition_hash FROM surface_tools st "
            "JOIN surfaces s ON s.id = st.surface_id WHERE s.server_id=?)"
        )
        params: tuple[Any, ...] = (server_id,)
        if classifier_version:
            sql += " AND c.classifier_version=?"
            params = (server_id, classifier_version)
        newest: dict[str, tuple[str, str, str]] = {}
        for digest, record_json, created_at, version in self._execute(sql, params):
            prev = newest.get(digest)
            if prev is None or (created_at, version) > (prev[1], prev[2]):
                newest[digest] = (record_json, created_at, version)
        latest = max((v[1] for v in newest.values()), default="")
        return {d: Classification.model_validate_json(v[0]) for d, v in newest.items()}, latest


def _pick_current(surfaces: list[SurfaceView], surface_source_id: dict[int, str]) -> SurfaceView | None:
    """The freshest latest-surface across sources; an empty list loses to any real one."""
    latest: dict[tuple[str, str], SurfaceView] = {}
    for s in surfaces:
        latest[(s.source, surface_source_id[s.id])] = s
    if not latest:
        return None
    return max(
        latest.values(),
        key=lambda s: (s.tool_count > 0, _text(s.captured_at or s.last_seen), _text(s.last_seen), s.id),
    )


def _primary_record(
    records: dict[tuple[str, str], dict[str, Any]], current: SurfaceView | None, surface_source_id: dict[int, str]
) -> dict[str, Any]:
    if current is not None:
        rec = records.get((current.source, surface_source_id[current.id]))
        if rec:
            return rec
    if not records:
        return {}
    return max(records.values(), key=lambda r: r["_last_seen"])


def _packages(records: dict[tuple[str, str], dict[str, Any]]) -> list[PackageRef]:
    """Every listing's packages, listings in (source, source_id) order, each package once."""
    packages: list[PackageRef] = []
    seen: set[tuple[str, str, str | None]] = set()
    for _key, rec in sorted(records.items()):
        for p in rec.get("packages") or []:
            key = (p.get("registry"), p.get("identifier"), p.get("version"))
            if key not in seen:
                seen.add(key)
                packages.append(PackageRef.model_validate(p))
    return packages


def _first(records: dict[tuple[str, str], dict[str, Any]], field: str) -> Any:
    for _key, rec in sorted(records.items()):
        if rec.get(field):
            return rec[field]
    return None


def _current_count(view: ServerView) -> int:
    for s in view.surfaces:
        if s.id == view.current_surface_id:
            return s.tool_count
    return 0


def _text(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
