"""Envoy AI Gateway `MCPRoute` (aigateway.envoyproxy.io/v1beta1, envoyproxy/ai-gateway api/v1beta1/mcp_route.go).

The backend's `toolSelector` is an allowlist: only tools it includes are exposed (exclude wins).
`include` takes at most 32 exact names, so larger sets go to `includeRegex` (RE2, at most 32
patterns). Authorization CEL over arguments exists but is marked experimental upstream, and route
rate limits are not per tool, so capped tools and tools with argument rules are left out here.
"""

from __future__ import annotations

from catalog.policies.degrade import Caps, effective
from catalog.policies.model import FormatInfo, ServerPolicy
from catalog.policies.targets.common import header_lines, tool_comment
from catalog.policies.text import nameable, slug_token, yaml_str

INFO = FormatInfo("envoy", "envoy-mcproute.yaml", "application/yaml", "Envoy AI Gateway", comments=True)
CAPS = Caps("Envoy AI Gateway", limit=False, args=False, hide=True)
MAX_INCLUDE = 32
MAX_REGEX_CHARS = 4000
MATCH_NOTHING_EXCLUDE = "(?s).*"  # exclude beats include: with this, no tool is exposed


def re2_literal(name: str) -> str:
    """RE2 pattern matching exactly `name`: letters and digits as is, everything else escaped
    (ASCII punctuation with a backslash, any other character as \\x{hex})."""
    out = []
    for ch in name:
        if ch.isascii() and (ch.isalnum() or ch == "_"):
            out.append(ch)
        elif ch.isascii() and 0x21 <= ord(ch) <= 0x7E:
            out.append("\\" + ch)
        else:
            out.append(f"\\x{{{ord(ch):x}}}")
    return "".join(out)


def _regexes(names: list[str]) -> list[str]:
    """Anchored alternations, each under MAX_REGEX_CHARS."""
    chunks: list[list[str]] = [[]]
    size = 0
    for n in names:
        lit = re2_literal(n)
        if chunks[-1] and size + len(lit) + 1 > MAX_REGEX_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(lit)
        size += len(lit) + 1
    return ["^(?:" + "|".join(c) + ")$" for c in chunks if c]


def render(policy: ServerPolicy) -> str:
    out = [f"# {line}" for line in header_lines(policy, INFO.label)]
    out.append("# Set parentRefs to your Gateway and backendRefs to the Backend that serves this MCP server.")
    effs = [effective(tp, CAPS, name_ok=nameable(tp.name)) for tp in policy.tools]
    allowed = [e.tool.name for e in effs if e.allowed]
    for e in effs:
        out.append(f"# {tool_comment(e)}")
    backend = slug_token(policy.server.slug, 50).replace("_", "-")
    out += [
        "apiVersion: aigateway.envoyproxy.io/v1beta1",
        "kind: MCPRoute",
        "metadata:",
        f"  name: {yaml_str(backend + '-toolrisk')}",
        "spec:",
        "  parentRefs:",
        "  - name: my-gateway",
        "    kind: Gateway",
        "    group: gateway.networking.k8s.io",
        "  backendRefs:",
        f"  - name: {yaml_str(backend)}",
        "    toolSelector:",
    ]
    if not allowed:
        out.append("      # no tool is allowed: exclude everything (exclude wins over include)")
        out.append(f"      excludeRegex: [{yaml_str(MATCH_NOTHING_EXCLUDE)}]")
    elif len(allowed) <= MAX_INCLUDE:
        out.append("      include:")
        out += [f"      - {yaml_str(n)}" for n in allowed]
    else:
        patterns = _regexes(allowed)
        if len(patterns) > MAX_INCLUDE:
            # More names than 32 patterns can hold: keep the first ones, the rest stay hidden.
            out.append("      # too many tools for one selector: the remaining allowed tools stay hidden")
            patterns = patterns[:MAX_INCLUDE]
        out.append("      includeRegex:")
        out += [f"      - {yaml_str(p)}" for p in patterns]
    return "\n".join(out) + "\n"
