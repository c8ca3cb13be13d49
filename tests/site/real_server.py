"""A real server for the layout tests: the bundled snapshot of GitHub's MCP server (117 tools with
long real names), labelled by the project's rule classifier, as the ServerView the site builds
from. The synthetic catalog's short names (get_issue) hid tables that only overflow on real data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from catalog.models import ToolDefinition, ToolInput
from catalog.views import ServerView, SourceView, SurfaceView, ToolHistoryEntry, ToolView

SNAPSHOT = Path(__file__).resolve().parents[2] / "snapshot" / "github-mcp-server"
SLUG = "github-mcp-server"
AT = datetime(2026, 1, 1, tzinfo=UTC)


def github_server() -> ServerView:
    from classifier import load_classifier

    defs = [ToolDefinition.model_validate({**json.loads(p.read_text("utf-8")), "name": p.stem})
            for p in sorted(SNAPSHOT.glob("*.json"))]
    labels = load_classifier(use_model=False).classify_many([ToolInput.from_definition(SLUG, d) for d in defs])
    tools = []
    for d, c in zip(defs, labels, strict=True):
        h = d.definition_hash
        tools.append(ToolView(
            server_slug=SLUG, tool_slug=d.name.replace("_", "-"), definition=d, definition_hash=h,
            classification=c, source="official", server_version="1.0", captured_at=AT, first_seen=AT,
            history=[ToolHistoryEntry(definition_hash=h, source="official", source_version="1.0", first_seen=AT,
                                      last_seen=AT, action=c.action, risk=c.risk, category=c.category)],
        ))
    return ServerView(
        id=1, slug=SLUG, name="io.github.github/github-mcp-server", title="GitHub",
        description="GitHub's official MCP server.", repository_url="https://github.com/github/github-mcp-server",
        sources=[SourceView(source="official", source_id="io.github.github/github-mcp-server", version="1.0",
                            first_seen=AT, last_seen=AT)],
        surfaces=[SurfaceView(id=1, source="official", source_version="1.0", surface_hash="a" * 64,
                              first_seen=AT, last_seen=AT, captured_at=AT, tool_count=len(tools))],
        current_surface_id=1, tools=tools, modified=AT,
    )
