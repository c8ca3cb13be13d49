"""The difference between two tool surfaces of one server."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from catalog.errors import BadInput
from catalog.history.events import ChangedField, RugPull, ToolState, as_utc, risk_direction
from catalog.history.instructions import MAX_QUOTE_CHARS, added_instructions, sentences
from catalog.models import Classification, ToolDefinition, ToolInput
from catalog.views import ServerView, SurfaceView

ClassifyFn = Callable[[str], Classification | None]
_FIELDS: tuple[tuple[ChangedField, str], ...] = (
    ("title", "title"),
    ("description", "description"),
    ("inputSchema", "input_schema"),
    ("outputSchema", "output_schema"),
    ("annotations", "annotations"),
)


class SurfaceReader(Protocol):
    """The two store reads a diff needs (catalog.store.base.Store provides both)."""

    def surface_tools(self, surface_id: int) -> list[tuple[str, ToolDefinition]]: ...

    def classification_for(
        self, definition_hash: str, classifier_version: str | None = None
    ) -> Classification | None: ...


class ToolDiff(BaseModel):
    name: str
    change: Literal["added", "removed", "changed"]
    before: ToolState | None = None
    after: ToolState | None = None
    changed_fields: list[ChangedField] = Field(default_factory=list)
    action_changed: bool = False
    risk_direction: Literal["up", "down"] | None = None
    rug_pull: RugPull | None = None


class SurfaceDiff(BaseModel):
    server_slug: str
    server_name: str
    from_surface: SurfaceView | None
    to_surface: SurfaceView
    tools: list[ToolDiff] = Field(default_factory=list)  # sorted by tool name
    unchanged: int = 0

    def of(self, change: str) -> list[ToolDiff]:
        return [t for t in self.tools if t.change == change]

    @property
    def rug_pull(self) -> bool:
        return any(t.rug_pull is not None for t in self.tools)


def tool_state(definition_hash: str, classification: Classification | None) -> ToolState:
    if classification is None:
        return ToolState(definition_hash=definition_hash)
    return ToolState(
        definition_hash=definition_hash,
        action=classification.action,
        risk=classification.risk,
        category=classification.category,
        classifier_version=classification.classifier_version,
    )


def changed_fields(old: ToolDefinition, new: ToolDefinition) -> list[ChangedField]:
    return [label for label, attr in _FIELDS if getattr(old, attr) != getattr(new, attr)]


def version_unchanged(old: SurfaceView | None, new: SurfaceView) -> bool:
    """True when the same source reports different tools under the same version string.

    A source with no version string tells us nothing, so it never counts as "unchanged".
    """
    return (
        old is not None
        and old.source == new.source
        and old.source_version is not None
        and old.source_version == new.source_version
    )


def added_poisoning(old: ToolDefinition, new: ToolDefinition) -> list[tuple[str, str]]:
    """(code, quote) of tool-poisoning findings the new definition has and the old one had not.

    The classifier's poisoning detector reads every field a model sees (schema strings too)
    and needs an order aimed at the model plus a harmful object, so it is the precise signal;
    the sentence check in catalog.history.instructions is the broad one.
    """
    from classifier.poisoning import scan

    before = {(f.code, f.quote) for f in scan(ToolInput.from_definition("", old))}
    return [(f.code, f.quote) for f in scan(ToolInput.from_definition("", new)) if (f.code, f.quote) not in before]


def rug_pull_for(
    old: ToolDefinition, new: ToolDefinition, *, same_version: bool, version: str | None
) -> RugPull | None:
    poison = added_poisoning(old, new)
    # Detector quotes are short fragments; show the whole sentence they sit in when there is one.
    new_sentences = sentences(new.description)
    quotes: list[str] = []
    for _, q in poison:
        whole = next((s for s in new_sentences if q in s and len(s) <= MAX_QUOTE_CHARS), q)
        if whole not in quotes:
            quotes.append(whole)
    quotes += [s for s in added_instructions(old.description, new.description) if s not in quotes]
    if not same_version and not quotes:
        return None
    reasons = []
    if same_version:
        reasons.append(f"definition changed while the server version stayed {version}")
    if poison:
        codes = sorted({c for c, _ in poison})
        reasons.append(f"new text the poisoning detector flags ({', '.join(codes)})")
    elif quotes:
        reasons.append(f"description gained {len(quotes)} instruction(s) addressed to the model")
    return RugPull(
        version_unchanged=same_version,
        added_instructions=quotes,
        poisoning=sorted({c for c, _ in poison}),
        reasons=reasons,
    )


def diff_definitions(
    old: Sequence[tuple[str, ToolDefinition]],
    new: Sequence[tuple[str, ToolDefinition]],
    classify: ClassifyFn,
    *,
    same_version: bool = False,
    version: str | None = None,
) -> tuple[list[ToolDiff], int]:
    """Tools added, removed and changed (matched by name), and how many stayed identical."""
    before = {d.name: (h, d) for h, d in old}
    after = {d.name: (h, d) for h, d in new}
    out: list[ToolDiff] = []
    unchanged = 0
    for name in sorted(before.keys() | after.keys()):
        if name not in before:
            h, _ = after[name]
            out.append(ToolDiff(name=name, change="added", after=tool_state(h, classify(h))))
        elif name not in after:
            h, _ = before[name]
            out.append(ToolDiff(name=name, change="removed", before=tool_state(h, classify(h))))
        else:
            (h0, d0), (h1, d1) = before[name], after[name]
            if h0 == h1:
                unchanged += 1
                continue
            s0, s1 = tool_state(h0, classify(h0)), tool_state(h1, classify(h1))
            out.append(
                ToolDiff(
                    name=name,
                    change="changed",
                    before=s0,
                    after=s1,
                    changed_fields=changed_fields(d0, d1),
                    action_changed=s0.action is not None and s1.action is not None and s0.action != s1.action,
                    risk_direction=risk_direction(s0.risk, s1.risk),
                    rug_pull=rug_pull_for(d0, d1, same_version=same_version, version=version),
                )
            )
    return out, unchanged


def diff_surfaces(
    reader: SurfaceReader, view: ServerView, old: SurfaceView | None, new: SurfaceView
) -> SurfaceDiff:
    old_tools = reader.surface_tools(old.id) if old is not None else []
    new_tools = reader.surface_tools(new.id)
    cache: dict[str, Classification | None] = {}

    def classify(h: str) -> Classification | None:
        if h not in cache:
            cache[h] = reader.classification_for(h)
        return cache[h]

    same = version_unchanged(old, new)
    tools, unchanged = diff_definitions(old_tools, new_tools, classify, same_version=same, version=new.source_version)
    return SurfaceDiff(
        server_slug=view.slug, server_name=view.name, from_surface=old, to_surface=new, tools=tools, unchanged=unchanged
    )


# --- picking the two surfaces -----------------------------------------------------------------


def ordered_surfaces(view: ServerView) -> list[SurfaceView]:
    return sorted(view.surfaces, key=lambda s: (as_utc(s.first_seen), s.id))


def current_surface(view: ServerView) -> SurfaceView | None:
    surfaces = ordered_surfaces(view)
    for s in surfaces:
        if s.id == view.current_surface_id:
            return s
    return surfaces[-1] if surfaces else None


def previous_surface(view: ServerView, surface: SurfaceView) -> SurfaceView | None:
    """The surface the same source reported just before `surface` (None for its first one)."""
    earlier = [s for s in ordered_surfaces(view) if s.source == surface.source]
    idx = next(i for i, s in enumerate(earlier) if s.id == surface.id)
    return earlier[idx - 1] if idx > 0 else None


def resolve_surface(view: ServerView, spec: str, *, pick: Literal["oldest", "newest"]) -> SurfaceView:
    """A surface named by `#id`, a surface-hash prefix, `source:version` or a version string.

    A version string can name several surfaces (that is exactly the rug-pull case), so
    `--from` takes the oldest match and `--to` the newest.
    """
    spec = spec.strip()
    surfaces = ordered_surfaces(view)
    matches: list[SurfaceView] = []
    if spec.startswith("#") and spec[1:].isdigit():
        matches = [s for s in surfaces if s.id == int(spec[1:])]
    if not matches:
        matches = [s for s in surfaces if s.source_version == spec]
    if not matches and ":" in spec:
        source, _, version = spec.partition(":")
        matches = [s for s in surfaces if s.source == source and s.source_version == version]
    if not matches and len(spec) >= 6 and all(c in "0123456789abcdef" for c in spec.lower()):
        matches = [s for s in surfaces if s.surface_hash.startswith(spec.lower())]
    if not matches:
        known = sorted({s.source_version for s in surfaces if s.source_version})
        hint = ", ".join(known[:10]) if known else "none recorded; use #<surface id>"
        raise BadInput(f"{view.slug}: no tool surface matches {spec!r} (versions: {hint})")
    return matches[0] if pick == "oldest" else matches[-1]


def pick_pair(
    view: ServerView, from_spec: str | None, to_spec: str | None
) -> tuple[SurfaceView | None, SurfaceView]:
    if not view.surfaces:
        raise BadInput(f"{view.slug}: no tool surface recorded (no source listed its tools)")
    new = resolve_surface(view, to_spec, pick="newest") if to_spec else current_surface(view)
    assert new is not None
    old = resolve_surface(view, from_spec, pick="oldest") if from_spec else previous_surface(view, new)
    return old, new
