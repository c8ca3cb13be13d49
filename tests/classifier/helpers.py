"""Shared builders and probes for classifier tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalog.models import Classification, ToolInput
from classifier.engine import load_classifier
from classifier.rules import run_rules, run_rules_ungated
from classifier.text import ToolText

TRAIN = Path(__file__).resolve().parents[2] / "classifier" / "data" / "train.jsonl"


def tool(
    name: str,
    description: str | None = None,
    *,
    server: str = "srv",
    props: dict[str, Any] | None = None,
    annotations: dict[str, Any] | None = None,
    title: str | None = None,
) -> ToolInput:
    schema = {"type": "object", "properties": props} if props is not None else None
    return ToolInput(
        id=f"{server}::{name}",
        server=server,
        tool=name,
        title=title,
        description=description,
        input_schema=schema,
        annotations=annotations,
    )


def rule_ids(text: ToolText) -> set[str]:
    """The ids of the rules that fire on a tool's text (gated, as the classifier runs them)."""
    return {h.rule.id for h in run_rules(text)}


def rule_ids_ungated(text: ToolText) -> set[str]:
    """The same without the literal pre-checks: the gates may skip work, never a hit."""
    return {h.rule.id for h in run_rules_ungated(text)}


def fired(t: ToolInput) -> set[str]:
    return rule_ids(ToolText.from_input(t))


def assert_answer(t: ToolInput, action: str | None, risk: str | None) -> Classification:
    """Classify one tool and check the action and the risk where the case names them."""
    c = load_classifier().classify(t)
    if risk:
        assert c.risk == risk, (c.action, c.risk, c.rules)
    if action:
        assert c.action == action, (c.action, c.risk, c.rules)
    return c
