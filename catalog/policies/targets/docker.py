"""Docker MCP Gateway `tools.yaml` (docker/mcp-gateway pkg/config/tools.go).

{<catalog server name>: [enabled tool, ...]}. A server key present means only the listed tools
are exposed ([] disables all); there are no caps, argument checks or approval, so only tools the
recommendation allows outright are listed.
"""

from __future__ import annotations

from catalog.policies.degrade import Caps, effective
from catalog.policies.model import FormatInfo, ServerPolicy
from catalog.policies.targets.common import header_lines, tool_comment
from catalog.policies.text import nameable, yaml_str

INFO = FormatInfo("docker", "docker-tools.yaml", "application/yaml", "Docker MCP Gateway", comments=True)
CAPS = Caps("Docker MCP Gateway", limit=False, args=False, hide=True)
MAX_ITEM_CHARS = 1000


def server_key(policy: ServerPolicy) -> str:
    return policy.server.docker_name or policy.server.slug


def _name_ok(name: str) -> bool:
    return nameable(name) and len(yaml_str(name)) <= MAX_ITEM_CHARS


def render(policy: ServerPolicy) -> str:
    out = [f"# {line}" for line in header_lines(policy, INFO.label)]
    out.append(
        "# Merge this key into ~/.docker/mcp/tools.yaml; the key must be the server's name in your catalog."
    )
    effs = [effective(tp, CAPS, name_ok=_name_ok(tp.name)) for tp in policy.tools]
    for e in effs:
        if not e.allowed:
            out.append(f"# {tool_comment(e)}")
    listed = [e for e in effs if e.allowed]
    if not listed:
        out.append(f"{yaml_str(server_key(policy))}: []")
        return "\n".join(out) + "\n"
    out.append(f"{yaml_str(server_key(policy))}:")
    for e in listed:
        out.append(f"  # {tool_comment(e)}")
        out.append(f"  - {yaml_str(e.tool.name)}")
    return "\n".join(out) + "\n"
