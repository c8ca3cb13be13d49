"""Tool-surface history: diffs between surfaces, the changefeed, rug-pull flags, the Atom feed."""

from catalog.history.atom import render_atom
from catalog.history.changes import changes_for, tool_changes
from catalog.history.diff import (
    SurfaceDiff,
    SurfaceReader,
    ToolDiff,
    diff_definitions,
    diff_surfaces,
    pick_pair,
)
from catalog.history.events import ChangeEvent, RugPull, ToolState
from catalog.history.instructions import added_instructions

__all__ = [
    "ChangeEvent",
    "RugPull",
    "SurfaceDiff",
    "SurfaceReader",
    "ToolDiff",
    "ToolState",
    "added_instructions",
    "changes_for",
    "diff_definitions",
    "diff_surfaces",
    "pick_pair",
    "render_atom",
    "tool_changes",
]
