"""Rules for what must never be missed: code execution, money movement, secrets, destruction.

Each rule has an id, an effect (an action it asserts, a risk floor, flags) and a matcher that
returns the exact quote it found, so every rule hit is also a piece of evidence. The precision
of each rule on the bundled training data is measured by `python -m classifier.rule_stats`
and written next to the rule in RULE_PRECISION (rules_precision.json).

The rules live in one module per family; RULES below puts them together in the order they
have always had (rule order can matter: hits are listed and applied in table order).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# The families are imported in table order, so rx() files their patterns in TEXT_PATTERNS in
# the order the single-file table did (isort would sort them by name).
# isort: off
from classifier.rules.execute import EXECUTE_RULES
from classifier.rules.execute_agents import AGENT_RULES
from classifier.rules.execute_workloads import WORKLOAD_RULES
from classifier.rules.execute_rubric import EXECUTE_RUBRIC_RULES
from classifier.rules.schema_classes import SCHEMA_CLASS_RULES
from classifier.rules.schema_arguments import SCHEMA_ARGUMENT_RULES
from classifier.rules.critical_targets import CRITICAL_TARGET_RULES
from classifier.rules.money import MONEY_RULES
from classifier.rules.secrets import SECRETS_RULES
from classifier.rules.destructive import DESTRUCTIVE_RULES
from classifier.rules.write import WRITE_RULES
from classifier.rules.write_files import FILE_WRITE_RULES
from classifier.rules.read import READ_RULES
from classifier.rules.read_records import READ_RECORD_RULES
from classifier.rules.bookkeeping import BOOKKEEPING_RULES

# isort: on
from classifier.rules.contexts import READ_NAME_VERBS, WRITE_NAME_VERBS
from classifier.rules.gates import GateIndex
from classifier.rules.matchers import (
    TEXT_FIELDS,
    TEXT_PATTERNS,
    Match,
    Matcher,
    Rule,
    RuleHit,
    all_of,
    any_of,
    enum_value,
    name_has,
    none_of,
    prop_named,
    rx,
)
from classifier.text import ToolText

RULES: list[Rule] = [
    *EXECUTE_RULES,
    *AGENT_RULES,
    *WORKLOAD_RULES,
    *EXECUTE_RUBRIC_RULES,
    *SCHEMA_CLASS_RULES,
    *SCHEMA_ARGUMENT_RULES,
    *CRITICAL_TARGET_RULES,
    *MONEY_RULES,
    *SECRETS_RULES,
    *DESTRUCTIVE_RULES,
    *WRITE_RULES,
    *FILE_WRITE_RULES,
    *READ_RULES,
    *READ_RECORD_RULES,
    *BOOKKEEPING_RULES,
]

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


_GATES = GateIndex(RULES)


def run_rules(t: ToolText, rules: Iterable[Rule] = RULES) -> list[RuleHit]:
    """Every rule's hit on `t`, in table order. The table's rules are tried only where their
    gate holds (classifier.rules.gates; the tests prove a gate never skips a hit)."""
    if rules is not RULES:
        return run_rules_ungated(t, rules)
    hits: list[RuleHit] = []
    exact = t.literals_exact
    present = _GATES.present(t)
    names, lead_low = t.name_words, t.lead.lower()
    for rule, match in _GATES.candidates(present, exact, t.hints.get("readOnlyHint") is True):
        found = match(t, present, names, exact, lead_low)
        if found is not None:
            hits.append(RuleHit(rule, found[0], found[1]))
    return hits


def run_rules_ungated(t: ToolText, rules: Iterable[Rule] = RULES) -> list[RuleHit]:
    hits: list[RuleHit] = []
    readonly = t.hints.get("readOnlyHint") is True
    for rule in rules:
        if rule.skip_if_readonly and readonly:
            continue
        found = rule.match(t)
        if found is not None:
            hits.append(RuleHit(rule, found[0], found[1]))
    return hits


@lru_cache(maxsize=1)
def rule_precision() -> dict[str, dict[str, float]]:
    """Measured precision per rule (written by classifier.rule_stats); empty if not measured."""
    # rules_precision.json stays in classifier/, next to rule_stats.py which writes it
    path = Path(__file__).parent.with_name("rules_precision.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class RuleSummary:
    action: str | None = None
    risk_floor: str | None = None
    risk_cap: str | None = None
    flags: list[str] = field(default_factory=list)
    category: str | None = None


__all__ = [
    "READ_NAME_VERBS",
    "RULES",
    "RULES_BY_ID",
    "TEXT_FIELDS",
    "TEXT_PATTERNS",
    "WRITE_NAME_VERBS",
    "Match",
    "Matcher",
    "Rule",
    "RuleHit",
    "RuleSummary",
    "all_of",
    "any_of",
    "enum_value",
    "name_has",
    "none_of",
    "prop_named",
    "rule_precision",
    "run_rules",
    "run_rules_ungated",
    "rx",
]
