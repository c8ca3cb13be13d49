"""The registry of output formats and the render entry points."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from catalog.errors import BadInput
from catalog.models import Classification, ToolDefinition
from catalog.policies.model import FormatInfo, PolicyServer, ServerPolicy
from catalog.policies.profiles import ToolPair, build_policy, one_tool_policy
from catalog.policies.targets import agentgateway, cedar, docker, envoy, intercept, mcpjungle, policylayer

_RENDERERS: dict[str, tuple[FormatInfo, Callable[[ServerPolicy], str]]] = {
    m.INFO.name: (m.INFO, m.render)
    for m in (policylayer, intercept, cedar, agentgateway, docker, envoy, mcpjungle)
}
FORMATS: dict[str, FormatInfo] = {name: info for name, (info, _) in _RENDERERS.items()}


def check_format(fmt: str) -> str:
    if fmt not in _RENDERERS:
        raise BadInput(f"unknown policy format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    return fmt


def render_policy(fmt: str, policy: ServerPolicy) -> str:
    """Render an already built ServerPolicy (build once, render every format)."""
    return _RENDERERS[check_format(fmt)][1](policy)


def render(fmt: str, server: PolicyServer, tools: Iterable[ToolPair], profile: str = "balanced") -> str:
    """The starter for one server in one format. Tools without a classification are denied."""
    check_format(fmt)
    return render_policy(fmt, build_policy(server, tools, profile))


def tool_snippet(
    fmt: str,
    server: PolicyServer,
    tool: ToolDefinition,
    classification: Classification | None,
    profile: str = "balanced",
) -> str:
    """The starter for a single tool: a complete, valid document of that format (for the tool card)."""
    check_format(fmt)
    return render_policy(fmt, one_tool_policy(server, tool, classification, profile))


def degradation_notes(fmt: str, policy: ServerPolicy) -> list[str]:
    """Per-tool notes on what the format could not express (for formats without comments)."""
    from catalog.policies.degrade import effective

    caps = {"policylayer": policylayer.CAPS, "mcpjungle": mcpjungle.CAPS}.get(fmt)
    if caps is None:
        return []
    out = []
    for tp in policy.tools:
        e = effective(tp, caps)
        if e.notes:
            out.append(f"{tp.name!r}: {'; '.join(e.notes)}")
    return out
