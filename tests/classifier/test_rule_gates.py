"""A rule's gate (classifier.rules.gates) never skips a rule that would fire."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.models import ToolInput
from classifier.rules import _GATES, RULES, run_rules, run_rules_ungated
from classifier.text import ToolText

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("classifier/data/train.jsonl", "classifier/data/qa_labelled.jsonl", "tests/qa/real_tools.jsonl")


def _tools() -> list[ToolInput]:
    out: list[ToolInput] = []
    for rel in SOURCES:
        for line in (ROOT / rel).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(ToolInput.model_validate(json.loads(line)))
    return out


def _key(hits: list) -> list[tuple[str, str, str]]:
    return [(h.rule.id, h.field, h.quote) for h in hits]


def test_most_rules_are_gated() -> None:
    assert sum(1 for _, on_exact, _ in _GATES.masks if on_exact) > len(RULES) // 2


def test_gates_never_skip_a_rule_that_fires() -> None:
    tools = _tools()
    assert len(tools) > 1500
    fired = 0
    for tool in tools:
        for hide in (False, True):
            t = ToolText.from_input(tool, hide_annotations=hide)
            want = run_rules_ungated(t)
            fired += len(want)
            assert _key(run_rules(ToolText.from_input(tool, hide_annotations=hide))) == _key(want), tool.id
            # rule by rule (readOnlyHint aside): a rule that matches has its gate bits present
            present = _GATES.present(t)
            for rule, on_exact, on_other in _GATES.masks:
                if rule.match(t) is None:
                    continue
                for mask in on_exact if t.literals_exact else on_other:
                    assert present & mask, (rule.id, tool.id)
            # a text taken as not literals_exact (as one with a Kelvin sign would be) runs the
            # rx pre-check only where it holds there too: same hits gated and ungated
            inexact = [ToolText.from_input(tool, hide_annotations=hide) for _ in range(2)]
            for u in inexact:
                u.extra["exact"] = False
            assert _key(run_rules(inexact[0])) == _key(run_rules_ungated(inexact[1])), tool.id
    assert fired > 500


def test_gate_literals_are_found_exactly() -> None:
    for tool in _tools()[:400]:
        t = ToolText.from_input(tool)
        present = _GATES.present(t)
        for bits in (_GATES.chunk_bits, *[dict(g) for _, g in _GATES.by_piece], dict(_GATES.always_tested)):
            for lit, b in bits.items():
                assert bool(present & b) == (lit in t.low_text), (lit, tool.id)
        for word, b in _GATES.name_bits.items():
            assert bool(present & b) == (word in t.name_words), (word, tool.id)
