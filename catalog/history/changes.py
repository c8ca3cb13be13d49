"""A server's changefeed rows: when it appeared and every later change to its tools.

Surfaces are compared per source (each source's surfaces in the order first seen), because
two indexes listing different tool sets for one server is disagreement, not change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime

from catalog.history.diff import SurfaceReader, ToolDiff, diff_surfaces, ordered_surfaces, tool_state
from catalog.history.events import (
    ChangeEvent,
    RugPull,
    ToolState,
    as_utc,
    event_id,
    newest_first_key,
    risk_direction,
)
from catalog.models import Classification
from catalog.slugs import slugify
from catalog.views import ServerView, SurfaceView


def _state_text(state: ToolState | None) -> str:
    if state is None or state.action is None:
        return "unclassified"
    return f"{state.action}/{state.risk}"


def _summary(view: ServerView, d: ToolDiff) -> str:
    who = f"{view.name}: {d.name}"
    if d.change == "added":
        return f"{who} added ({_state_text(d.after)})"
    if d.change == "removed":
        return f"{who} removed (was {_state_text(d.before)})"
    parts = []
    if _state_text(d.before) != _state_text(d.after):
        parts.append(f"{_state_text(d.before)} → {_state_text(d.after)}")
    else:
        parts.append(f"definition changed ({', '.join(d.changed_fields) or 'no field'}), still {_state_text(d.after)}")
    if d.rug_pull is not None:
        parts.append("possible rug pull: " + "; ".join(d.rug_pull.reasons))
    return f"{who} " + "; ".join(parts)


def _tool_slugs(view: ServerView) -> dict[str, str]:
    return {t.definition.name: t.tool_slug for t in view.tools}


def _server_added(view: ServerView) -> ChangeEvent | None:
    times = [as_utc(s.first_seen) for s in view.surfaces] + [as_utc(s.first_seen) for s in view.sources]
    if not times:
        return None
    first = min(times)
    first_surface = ordered_surfaces(view)[0] if view.surfaces else None
    source = first_surface.source if first_surface else min(view.sources, key=lambda s: (as_utc(s.first_seen), s.source)).source
    count = first_surface.tool_count if first_surface else 0
    return ChangeEvent(
        id=event_id(view.slug, "server_added"),
        at=first,
        kind="server_added",
        server_slug=view.slug,
        server_name=view.name,
        source=source,
        to_version=first_surface.source_version if first_surface else None,
        to_surface=first_surface.id if first_surface else None,
        summary=f"{view.name} added to the catalog ({count} tool{'s' if count != 1 else ''})",
    )


def _event(
    view: ServerView, old: SurfaceView, new: SurfaceView, d: ToolDiff, slugs: dict[str, str], repeat: int
) -> ChangeEvent:
    parts: list[object] = [
        view.slug, d.change, d.name,
        d.before.definition_hash if d.before else None,
        d.after.definition_hash if d.after else None,
    ]
    if repeat > 1:
        # The same change again (a tool removed and re-added): a new event, not a duplicate.
        parts.append(repeat)
    return ChangeEvent(
        id=event_id(*parts),
        at=as_utc(new.first_seen),
        kind=f"tool_{d.change}",  # type: ignore[arg-type]
        server_slug=view.slug,
        server_name=view.name,
        tool=d.name,
        tool_slug=slugs.get(d.name) or slugify(d.name),
        source=new.source,
        from_version=old.source_version,
        to_version=new.source_version,
        from_surface=old.id,
        to_surface=new.id,
        before=d.before,
        after=d.after,
        changed_fields=d.changed_fields,
        action_changed=d.action_changed,
        risk_direction=d.risk_direction,
        rug_pull=d.rug_pull,
        summary=_summary(view, d),
    )


def changes_for(view: ServerView, store: SurfaceReader | None = None) -> list[ChangeEvent]:
    """Every change of this server, newest first.

    With a store (anything with surface_tools/classification_for) the surfaces are diffed in
    full: added and removed tools, changed fields, added instructions. Without one, only the
    per-tool history in the view is used (definition, class and risk changes of current tools).
    """
    events: list[ChangeEvent] = []
    added = _server_added(view)
    if added is not None:
        events.append(added)
    if store is None:
        events.extend(_from_tool_history(view))
    else:
        events.extend(_from_surfaces(view, store))
        history = getattr(store, "classification_history", None)
        if callable(history):
            events.extend(_reclassifications(view, history))
    # The same change reported by two sources is one change: keep the first sighting.
    kept: dict[str, ChangeEvent] = {}
    for e in sorted(events, key=lambda e: (as_utc(e.at), e.source, e.id)):
        kept.setdefault(e.id, e)
    return sorted(kept.values(), key=newest_first_key)


def _from_surfaces(view: ServerView, store: SurfaceReader) -> list[ChangeEvent]:
    by_source: dict[str, list[SurfaceView]] = defaultdict(list)
    for s in ordered_surfaces(view):
        by_source[s.source].append(s)
    slugs = _tool_slugs(view)
    out: list[ChangeEvent] = []
    for source in sorted(by_source):
        chain = by_source[source]
        seen: Counter[tuple[str, str, str | None, str | None]] = Counter()
        for old, new in zip(chain, chain[1:], strict=False):
            diff = diff_surfaces(store, view, old, new)
            for d in diff.tools:
                key = (d.change, d.name, d.before and d.before.definition_hash, d.after and d.after.definition_hash)
                seen[key] += 1
                out.append(_event(view, old, new, d, slugs, seen[key]))
    return out


def _from_tool_history(view: ServerView) -> list[ChangeEvent]:
    out: list[ChangeEvent] = []
    for tool in view.tools:
        by_source: dict[str, list] = defaultdict(list)
        for h in sorted(tool.history, key=lambda h: (as_utc(h.first_seen), h.definition_hash)):
            by_source[h.source].append(h)
        for chain in by_source.values():
            for h0, h1 in zip(chain, chain[1:], strict=False):
                if h0.definition_hash == h1.definition_hash:
                    continue
                s0 = ToolState(definition_hash=h0.definition_hash, action=h0.action, risk=h0.risk, category=h0.category)
                s1 = ToolState(definition_hash=h1.definition_hash, action=h1.action, risk=h1.risk, category=h1.category)
                same = h0.source_version is not None and h0.source_version == h1.source_version
                rug = (
                    RugPull(
                        version_unchanged=True,
                        reasons=[f"definition changed while the server version stayed {h1.source_version}"],
                    )
                    if same
                    else None
                )
                d = ToolDiff(
                    name=tool.definition.name,
                    change="changed",
                    before=s0,
                    after=s1,
                    action_changed=s0.action is not None and s1.action is not None and s0.action != s1.action,
                    risk_direction=risk_direction(s0.risk, s1.risk),
                    rug_pull=rug,
                )
                out.append(
                    ChangeEvent(
                        id=event_id(view.slug, "changed", d.name, s0.definition_hash, s1.definition_hash),
                        at=as_utc(h1.first_seen),
                        kind="tool_changed",
                        server_slug=view.slug,
                        server_name=view.name,
                        tool=d.name,
                        tool_slug=tool.tool_slug,
                        source=h1.source,
                        from_version=h0.source_version,
                        to_version=h1.source_version,
                        before=s0,
                        after=s1,
                        action_changed=d.action_changed,
                        risk_direction=d.risk_direction,
                        rug_pull=rug,
                        summary=_summary(view, d),
                    )
                )
    return out


def _reclassifications(
    view: ServerView, history: Callable[[str], list[tuple[datetime, Classification]]]
) -> list[ChangeEvent]:
    """A new classifier version that labels an unchanged definition differently is a risk change too.

    Needs the store's optional `classification_history(definition_hash)`: (created, label)
    pairs, oldest first.
    """
    out: list[ChangeEvent] = []
    for tool in view.tools:
        labels = history(tool.definition_hash)
        for (_, c0), (t1, c1) in zip(labels, labels[1:], strict=False):
            if (c0.action, c0.risk, c0.category) == (c1.action, c1.risk, c1.category):
                continue
            s0, s1 = tool_state(tool.definition_hash, c0), tool_state(tool.definition_hash, c1)
            out.append(
                ChangeEvent(
                    id=event_id(view.slug, "reclassified", tool.definition.name, tool.definition_hash,
                                c0.classifier_version, c1.classifier_version),
                    at=as_utc(t1),
                    kind="tool_reclassified",
                    server_slug=view.slug,
                    server_name=view.name,
                    tool=tool.definition.name,
                    tool_slug=tool.tool_slug,
                    source=tool.source,
                    from_version=tool.server_version,
                    to_version=tool.server_version,
                    before=s0,
                    after=s1,
                    action_changed=c0.action != c1.action,
                    risk_direction=risk_direction(c0.risk, c1.risk),
                    summary=(
                        f"{view.name}: {tool.definition.name} reclassified {_state_text(s0)} → {_state_text(s1)} "
                        f"(classifier {c0.classifier_version} → {c1.classifier_version})"
                    ),
                )
            )
    return out


def tool_changes(events: list[ChangeEvent], tool_name: str) -> list[ChangeEvent]:
    """The events of one tool, for its card's history section (newest first)."""
    return [e for e in events if e.tool == tool_name]
