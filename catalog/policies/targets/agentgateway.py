"""agentgateway standalone config with `mcpAuthorization` CEL rules (agentgateway schema/config.json).

Rules: a plain string is an allow expression; any allow rule turns the set into an allowlist; deny
wins. The authorization CEL sees the tool's identity, not its arguments, and the local rate limit
is route-wide, so capped tools and tools with argument rules are blocked here, with a note.
"""

from __future__ import annotations

from catalog.policies.degrade import Caps, effective
from catalog.policies.model import FormatInfo, ServerPolicy
from catalog.policies.targets.common import header_lines, tool_comment
from catalog.policies.text import cel_str, nameable, yaml_single, yaml_str

INFO = FormatInfo("agentgateway", "agentgateway.yaml", "application/yaml", "agentgateway", comments=True)
CAPS = Caps("agentgateway", limit=False, args=False, hide=True)
PLACEHOLDER_HOST = "http://localhost:3001/mcp"


def _name_list(names: list[str]) -> str:
    return "mcp.tool.name in [" + ", ".join(cel_str(n) for n in names) + "]"


def render(policy: ServerPolicy) -> str:
    out = [f"# {line}" for line in header_lines(policy, INFO.label)]
    out.append("# Replace the target below with your server's real endpoint (or a stdio command).")
    effs = [effective(tp, CAPS, name_ok=nameable(tp.name)) for tp in policy.tools]
    allowed = [e for e in effs if e.allowed and nameable(e.tool.name)]
    blocked = [e for e in effs if not e.allowed and nameable(e.tool.name)]
    out += [
        "mcp:",
        "  targets:",
        f"  - name: {yaml_str(policy.server.slug)}",
        "    mcp:",
        f"      host: {yaml_str(PLACEHOLDER_HOST)}",
        "  policies:",
        "    mcpAuthorization:",
        "      rules:",
    ]
    for e in allowed:
        out.append(f"      # {tool_comment(e)}")
    if allowed:
        # Scoped to this server's target: merged into a multi-server config, the allow must not
        # reach a same-named tool of another server.
        scope = f"mcp.tool.target == {cel_str(policy.server.slug)} && "
        out.append(f"      - {yaml_single(scope + _name_list([e.tool.name for e in allowed]))}")
    else:
        out.append("      # No tool is allowed. This never-true allow rule keeps the list closed: with deny")
        out.append("      # rules alone agentgateway would allow every tool.")
        out.append('      - "false"')
    for e in effs:
        if not e.allowed or not nameable(e.tool.name):
            out.append(f"      # {tool_comment(e)}")
    if blocked:
        # Redundant with the allowlist, but keeps these blocked if someone widens the allow rule.
        out.append(f"      - deny: {yaml_single(_name_list([e.tool.name for e in blocked]))}")
    return "\n".join(out) + "\n"
