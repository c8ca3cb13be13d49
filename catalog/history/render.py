"""Plain-text rendering of a surface diff for the terminal (`toolrisk diff`)."""

from __future__ import annotations

import re

from catalog.history.diff import SurfaceDiff, ToolDiff
from catalog.history.events import ToolState, iso
from catalog.views import SurfaceView

# Tool names and versions come from hostile indexes: an ANSI escape in a name must not
# repaint the user's terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe(text: str | None, limit: int = 200) -> str:
    if text is None:
        return "-"
    cleaned = _CONTROL.sub("?", text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _surface_line(label: str, s: SurfaceView | None) -> str:
    if s is None:
        return f"{label}: (nothing: first surface of this source)"
    return (
        f"{label}: #{s.id} {safe(s.source)} version {safe(s.source_version)} "
        f"first seen {iso(s.first_seen)}, {s.tool_count} tools, surface {s.surface_hash[:12]}"
    )


def _state(s: ToolState | None) -> str:
    if s is None or s.action is None:
        return "unclassified"
    return f"{s.action}/{s.risk}"


def _tool_line(t: ToolDiff) -> list[str]:
    name = safe(t.name)
    if t.change == "added":
        return [f"+ {name}  {_state(t.after)}"]
    if t.change == "removed":
        return [f"- {name}  {_state(t.before)}"]
    line = f"~ {name}  {_state(t.before)} -> {_state(t.after)}"
    if t.changed_fields:
        line += f"  [{', '.join(t.changed_fields)}]"
    out = [line]
    if t.rug_pull is not None:
        out.append("    POSSIBLE RUG PULL: " + "; ".join(safe(r) for r in t.rug_pull.reasons))
        out += [f"    added instruction: \"{safe(q, 300)}\"" for q in t.rug_pull.added_instructions]
    return out


def render_text(diff: SurfaceDiff) -> str:
    lines = [
        f"server: {safe(diff.server_name)} ({diff.server_slug})",
        _surface_line("from", diff.from_surface),
        _surface_line("to  ", diff.to_surface),
    ]
    counts = {c: len(diff.of(c)) for c in ("added", "removed", "changed")}
    lines.append(
        f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed, {diff.unchanged} unchanged"
    )
    for t in diff.tools:
        lines += _tool_line(t)
    return "\n".join(lines) + "\n"
