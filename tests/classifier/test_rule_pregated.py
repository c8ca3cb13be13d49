"""A rule's pre-gated matcher (matchers.pregated_of) answers as the full matcher wherever its gate holds,
and rx's search from start literals finds what a plain search finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.models import ToolInput
from classifier.rules import _GATES
from classifier.rules.matchers import TEXT_FIELDS, pregated_of, rx
from classifier.text import ToolText
from tests.classifier.test_rule_gates import _tools


def _gate_holds(present: int, masks: tuple[int, ...]) -> bool:
    return all(present & m for m in masks)


def test_pregated_rules_agree_with_their_full_matchers_where_the_gate_holds() -> None:
    fast_rules = [(r, on_exact, on_other) for r, on_exact, on_other in _GATES.masks if pregated_of(r.match) is not r.match]
    assert len(fast_rules) >= 10  # the fast path is in use
    checked = 0
    for tool in _tools():
        for exact in (True, False):
            t = ToolText.from_input(tool)
            if not exact:
                t.extra["exact"] = False  # as a text with a Kelvin sign would be taken
            present = _GATES.present(t) | _GATES.always_bit
            for rule, on_exact, on_other in fast_rules:
                if not _gate_holds(present, on_exact if t.literals_exact else on_other):
                    continue
                checked += 1
                assert pregated_of(rule.match)(t) == rule.match(t), (rule.id, tool.id, exact)
    assert checked > 5_000


_WORDS = st.sampled_from(
    ["run", "Run", "code", "CODE", "the", "only", "select", "SELECT", "a", "query", "queries", "shell", "ſelect", "K", "\u212a", "é", "ß", "İ"]
)
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=60).map(" ".join)
# starts with "run", "execute" or "select": long descriptions go through search_from_starts
_SOURCE = r"\b(?:run|execute)s?\s+(?:the\s+)?(?:code|shell|quer(?:y|ies))\b|\bselect\b"
_PATTERN = rx(_SOURCE, TEXT_FIELDS)


@settings(max_examples=400, deadline=None)
@given(title=_TEXT, description=_TEXT)
def test_rx_search_from_start_literals_matches_a_plain_search(title: str, description: str) -> None:
    t = ToolText.from_input(ToolInput(id="x/y", server="x", tool="y", title=title, description=description * 3))
    want = None
    compiled = re.compile(_SOURCE, re.IGNORECASE)
    for f in TEXT_FIELDS:
        text = t.field(f)
        hit = compiled.search(text) if text else None
        if hit and hit.group().strip():
            want = (f, hit.group())
            break
    assert _PATTERN(t) == want
    assert pregated_of(_PATTERN)(t) == want


def test_remembered_candidates_are_the_rules_whose_masks_meet_the_bits() -> None:
    seen = 0
    for tool in _tools()[:500]:
        t = ToolText.from_input(tool)
        present = _GATES.present(t)
        for exact in (True, False):
            for readonly in (True, False):
                p = present | _GATES.always_bit
                want = tuple((r, m) for r, m, a, b, c in _GATES.tables[(exact, readonly)] if p & a and p & b and p & c)
                assert _GATES.candidates(present, exact, readonly) == want
                assert _GATES.candidates(present, exact, readonly) == want  # remembered
                seen += len(want)
    assert seen > 1000
