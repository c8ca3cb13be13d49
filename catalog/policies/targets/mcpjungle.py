"""MCPJungle tool group JSON: {name, description, included_tools: ["<server>__<tool>"]}.

A group endpoint exposes only its members, so this is an allowlist like Docker's: no caps, no
argument checks, no approval. The description carries the note (JSON has no comments).
"""

from __future__ import annotations

import re

from catalog.policies import jsonfmt
from catalog.policies.degrade import Caps, effective
from catalog.policies.model import FormatInfo, ServerPolicy
from catalog.policies.text import nameable, slug_token

INFO = FormatInfo("mcpjungle", "mcpjungle-group.json", "application/json", "MCPJungle", comments=False)
CAPS = Caps("MCPJungle", limit=False, args=False, hide=True)


_SAFE_SERVER = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


def server_name(policy: ServerPolicy) -> str:
    """The name to register the server under in MCPJungle (our slug, or a safe token made from it)."""
    slug = policy.server.slug
    return slug if _SAFE_SERVER.fullmatch(slug) else slug_token(slug)


def render(policy: ServerPolicy) -> str:
    effs = [effective(tp, CAPS, name_ok=nameable(tp.name)) for tp in policy.tools]
    prefix = server_name(policy)
    included = [f"{prefix}__{e.tool.name}" for e in effs if e.allowed]
    blocked = sum(1 for e in effs if not e.allowed)
    doc = {
        "name": f"{slug_token(policy.server.slug, 50)}-{policy.profile}",
        "description": (
            f"toolrisk {policy.profile} starter: {len(included)} tool(s) allowed, {blocked} left out "
            "(denied: approval, caps and argument checks cannot be expressed in a group). "
            "Register the server under the name used in included_tools."
        ),
        "included_tools": included,
    }
    return jsonfmt.dumps(doc, depth=3)
