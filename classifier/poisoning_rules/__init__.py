"""The text rules of the poisoning detector: precompiled patterns, each with a reason code.

Design rules, learnt from noisy scanners (one scanner's 7 of 7 HIGH findings on a 115-tool
server were false because of unbounded `[^\\n]*` spans; another flagged "forceful language about
correct API usage"):
- every gap between words is bounded (`.{0,N}` with small N, never across a paragraph);
- a rule needs an *instruction aimed at the model* plus a *harmful object* (a credential file,
  the conversation, another tool, a hidden recipient), never a scary word alone;
- words like IMPORTANT, secret, token, password or BCC on their own fire nothing.
Weak rules only count when a second, different rule also fires on the same tool.

The rules live in one module per family (instructions, exfiltration, shadowing); RULES below
puts them together in their original order and gives each its needles (needles.py).
"""

from __future__ import annotations

from dataclasses import replace

from classifier.poisoning_rules.exfiltration import EXFILTRATION_RULES
from classifier.poisoning_rules.instructions import INSTRUCTION_RULES
from classifier.poisoning_rules.needle_index import GroupPlan, NeedleIndex, groups_present, plan_present
from classifier.poisoning_rules.needles import _FILES, _NEEDLES
from classifier.poisoning_rules.phrases import _RECIPIENT_LITERAL, _SECRET_FILE
from classifier.poisoning_rules.rule import Rule, min_width
from classifier.poisoning_rules.shadowing import SHADOWING_RULES

# Re-exported: the poisoning detector and its tests import them from here.
from classifier.regex_literals import (
    LONG_TEXT,
    Clauses,
    alternative_clauses,
    clauses_hold,
    literal_clauses,
    literals_exact,
    search_from_starts,
    start_literals,
)

RULES: tuple[Rule, ...] = (*INSTRUCTION_RULES, *EXFILTRATION_RULES, *SHADOWING_RULES)
RULES = tuple(replace(r, needles=_NEEDLES[r.id], min_len=min_width(r.rx)) for r in RULES)

__all__ = [
    "LONG_TEXT",
    "RULES",
    "Clauses",
    "GroupPlan",
    "NeedleIndex",
    "Rule",
    "_FILES",
    "_RECIPIENT_LITERAL",
    "_SECRET_FILE",
    "alternative_clauses",
    "clauses_hold",
    "groups_present",
    "literal_clauses",
    "literals_exact",
    "min_width",
    "plan_present",
    "search_from_starts",
    "start_literals",
]
