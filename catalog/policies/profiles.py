"""Profiles on top of the recommendation, and the ServerPolicy every renderer reads.

strict     default deny; only Read/low tools stay allowed, everything else is denied (hide stays hide)
balanced   the recommendation as is
permissive only critical (or poisoned) tools are denied/hidden; "needs approval" becomes a tight cap
Argument rules (permission bypass, risky operations) stay in every profile: they cost nothing to
keep and are the rules a prompt-injected agent would aim for.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog.errors import BadInput
from catalog.models import Classification, ToolDefinition
from catalog.policies.model import (
    PROFILES,
    Decision,
    PolicyServer,
    RateLimit,
    Recommendation,
    ServerPolicy,
    ToolPolicy,
    tighter,
)
from catalog.policies.recommend import EXECUTE_CAP, WRITE_HIGH_CAP, recommend

GLOBAL_CAPS: dict[str, RateLimit | None] = {
    "strict": RateLimit(max=60, window="minute"),
    "balanced": RateLimit(max=120, window="minute"),
    "permissive": None,
}

ToolPair = tuple[ToolDefinition, Classification | None]


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise BadInput(f"unknown profile {profile!r} (expected one of: {', '.join(PROFILES)})")
    return profile


def tool_policy(
    tool: ToolDefinition, c: Classification | None, profile: str, rec: Recommendation | None = None
) -> ToolPolicy:
    if c is None:
        return ToolPolicy(
            tool.name,
            Decision.DENY,
            None,
            (),
            Decision.DENY,
            False,
            "not classified yet: denied until it is",
            "Unclassified",
            "unknown",
        )
    rec = rec or recommend(tool, c)
    tp = ToolPolicy(
        tool.name,
        rec.decision,
        rec.limit,
        rec.deny_args,
        rec.without_args,
        rec.approval,
        f"{rec.summary} [{', '.join(dict.fromkeys(rec.rules))}]",
        c.category,
        c.risk,
    )
    if profile == "strict":
        if rec.decision < Decision.HIDE and not (
            c.action == "Read" and c.risk == "low" and rec.decision <= Decision.LIMIT
        ):
            tp.decision = Decision.DENY
            tp.without_args = Decision.DENY
            tp.limit = None
            tp.reason = f"strict profile allows only Read/low tools ({c.action}/{c.risk})"
    elif profile == "permissive":
        if c.risk == "critical" or "poisoning" in c.flags:
            tp.decision = max(rec.decision, Decision.DENY)
            tp.without_args = max(rec.without_args, tp.decision)
            tp.limit = None
        elif rec.decision >= Decision.APPROVAL:
            cap = EXECUTE_CAP if c.action == "Execute" else WRITE_HIGH_CAP
            tp.decision = Decision.LIMIT
            tp.limit = cap
            tp.without_args = Decision.DENY if rec.deny_args else Decision.LIMIT
            tp.reason = f"permissive profile: capped at {cap.text()} instead of approval [{', '.join(dict.fromkeys(rec.rules))}]"
    return tp


def merge(a: ToolPolicy, b: ToolPolicy) -> ToolPolicy:
    """Two definitions under one name (sources disagree): the gateway sees one name, so the result
    is at least as strict as each of them (strictest decision, tightest cap, every argument rule)."""
    first, second = (a, b) if a.decision >= b.decision else (b, a)
    decision = first.decision
    args = tuple(dict.fromkeys(first.deny_args + second.deny_args))
    return ToolPolicy(
        name=a.name,
        decision=decision,
        limit=tighter(a.limit, b.limit) if decision == Decision.LIMIT else None,
        deny_args=args,
        without_args=max(a.without_args, b.without_args, decision),
        approval=a.approval or b.approval,
        reason=first.reason,
        category=first.category,
        risk=first.risk,
    )


def one_tool_policy(
    server: PolicyServer,
    tool: ToolDefinition,
    c: Classification | None,
    profile: str = "balanced",
    rec: Recommendation | None = None,
) -> ServerPolicy:
    """The policy of a single tool, for snippets (`rec`: its recommendation, when the caller
    already has it)."""
    check_profile(profile)
    return ServerPolicy(
        server=server,
        profile=profile,
        tools=[tool_policy(tool, c, profile, rec)],
        global_limit=GLOBAL_CAPS[profile],
        snippet=True,
    )


def build_policy(server: PolicyServer, tools: Iterable[ToolPair], profile: str = "balanced") -> ServerPolicy:
    check_profile(profile)
    by_name: dict[str, ToolPolicy] = {}
    for tool, c in tools:
        tp = tool_policy(tool, c, profile)
        prev = by_name.get(tp.name)
        by_name[tp.name] = tp if prev is None else merge(prev, tp)
    ordered = [by_name[n] for n in sorted(by_name)]
    return ServerPolicy(server=server, profile=profile, tools=ordered, global_limit=GLOBAL_CAPS[profile])
