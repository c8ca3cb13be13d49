"""What the tool card takes from the policy generator (catalog.policies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalog import policies
from catalog.models import Classification, ToolDefinition
from catalog.policies.profiles import one_tool_policy
from catalog.views import ServerView, ToolView

_VERDICT_CLASS = {"allow": "allow", "allow with a cap": "limit", "require human approval": "approval",
                  "deny": "deny", "hide": "deny"}


@dataclass
class CardRecommendation:
    verdict: str
    verdict_class: str
    summary: str
    reasons: list[str] = field(default_factory=list)
    raw: Any = None


@dataclass
class Faq:
    question: str
    answer: str
    snippet: str | None = None
    # the Copy button's accessible name: "Copy" alone, once per format, told a screen-reader
    # user nothing about which of the seven buttons was which
    copy_name: str | None = None


def recommendation(tool: ToolDefinition, c: Classification | None) -> CardRecommendation:
    if c is None:
        return CardRecommendation(
            "Deny until classified", "deny",
            "every policy starter denies a tool that has no classification yet", [],
        )
    rec = policies.recommend(tool, c)
    summary = rec.summary
    verdict = summary[0].upper() + summary[1:]
    cls = "limit" if summary.startswith("allow, at most") else _VERDICT_CLASS.get(summary, "deny")
    reasons = list(rec.reasons)
    if rec.approval:
        reasons.append("No gateway we target can ask a human to approve a call, so the starters deny it "
                       "and say so in a comment.")
    extra = f"rules: {', '.join(rec.rules)}" if rec.rules else ""
    return CardRecommendation(verdict, cls, extra, reasons, rec)


def faq(pserver: Any, view: ServerView, tool: ToolView, rec: CardRecommendation) -> list[Faq]:
    """Every snippet is the real one-tool policy of the format the question names."""
    name = tool.definition.name
    c = tool.classification
    out: list[Faq] = []
    if c is not None:
        out.append(Faq(
            f"Is {name} safe to allow?",
            f"{name} is a {c.category} tool with {c.risk} risk (confidence {c.confidence:.2f}). "
            f"Our recommendation: {rec.verdict.lower()}.",
        ))
    # Same document as policies.tool_snippet(fmt, …) for each format, with the one-tool policy
    # built once instead of once per format, from the recommendation the card already made.
    one_tool = one_tool_policy(pserver, tool.definition, c, "balanced", rec.raw)
    for fmt, info in policies.FORMATS.items():
        snippet = policies.render_policy(fmt, one_tool)
        out.append(Faq(
            f"How do I enforce this in {info.label}?",
            f"A complete {info.label} document ({info.filename}) applying the recommendation to {name}; "
            f"the full server starter is on the {view.name} page.",
            snippet,
            f"Copy {info.label} policy for {name}",
        ))
    return out


def policy_server(view: ServerView) -> Any:
    return policies.policy_server(view)


def write_policies(stage_dir: Any, view: ServerView) -> list[Any]:
    return policies.write_server_policies(stage_dir, view)


def server_policy_files(view: ServerView) -> list[tuple[str, bytes]]:
    """The files write_server_policies writes (balanced profile, every format), as
    (path under the site root, bytes): the site build writes them itself, once, instead of
    having them written, stat'ed and read back."""
    from catalog.policies.publish import file_name, server_policy

    policy = server_policy(view)
    return [(f"policies/{view.slug}/{file_name(fmt, 'balanced')}", policies.render_policy(fmt, policy).encode("utf-8"))
            for fmt in policies.FORMATS]
