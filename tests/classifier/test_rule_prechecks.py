"""The literal pre-check in front of every free-text rule never hides a match the regex finds."""

from __future__ import annotations

import json
import random
from pathlib import Path

from classifier.regex_literals import clauses_hold, literals_exact
from classifier.rules import TEXT_PATTERNS

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    out: list[str] = []
    for line in (ROOT / "classifier/data/train.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out += [rec.get("description") or "", rec.get("title") or "", rec.get("tool") or ""]
    return out


def test_every_text_pattern_has_clauses_that_hold_wherever_it_matches() -> None:
    assert len(TEXT_PATTERNS) > 20
    assert sum(1 for _, cl in TEXT_PATTERNS if cl) > 10, "the pre-check should cover most patterns"
    texts = _texts()
    rng = random.Random(3)
    # matched spans glued into other text, in other cases, exercise the literals at odd places
    extra: list[str] = []
    matched = 0
    for rx, clauses in TEXT_PATTERNS:
        for text in texts:
            m = rx.search(text)
            if m is None:
                continue
            matched += 1
            for sample in (text, m.group(), m.group().upper(), "x" + m.group().swapcase() + "y"):
                if literals_exact(sample) and rx.search(sample):
                    assert clauses_hold(clauses, sample.lower()), (rx.pattern[:80], sample[:200])
            if len(extra) < 400 and rng.random() < 0.2:
                extra.append(m.group())
    assert matched > 200
    for rx, clauses in TEXT_PATTERNS:
        for sample in extra:
            if rx.search(sample) and literals_exact(sample):
                assert clauses_hold(clauses, sample.lower()), (rx.pattern[:80], sample[:200])
