"""Policy starters for MCP gateways, generated from toolrisk's classifications.

recommend(tool, classification) -> Recommendation          rules + reasons for the tool card
render(fmt, server, [(tool, classification)], profile) -> str
tool_snippet(fmt, server, tool, classification) -> str   one-tool document, valid in that format
write_server_policies(out_dir, server_view) -> [Path]    public/policies/<slug>/<file>
FORMATS: name -> FormatInfo(filename, media_type, label, comments)
"""

from catalog.policies.formats import (
    FORMATS,
    check_format,
    degradation_notes,
    render,
    render_policy,
    tool_snippet,
)
from catalog.policies.model import (
    PROFILES,
    ArgRule,
    Decision,
    FormatInfo,
    PolicyServer,
    RateLimit,
    Recommendation,
    ServerPolicy,
    ToolPolicy,
)
from catalog.policies.profiles import build_policy, check_profile
from catalog.policies.publish import policy_server, server_policy, write_server_policies
from catalog.policies.recommend import recommend

__all__ = [
    "FORMATS",
    "PROFILES",
    "ArgRule",
    "Decision",
    "FormatInfo",
    "PolicyServer",
    "RateLimit",
    "Recommendation",
    "ServerPolicy",
    "ToolPolicy",
    "build_policy",
    "check_format",
    "check_profile",
    "degradation_notes",
    "policy_server",
    "recommend",
    "render",
    "render_policy",
    "server_policy",
    "tool_snippet",
    "write_server_policies",
]
