"""The per-alternative literal test (regex_literals.alternative_clauses) never skips a pattern
that matches, and the scan with every pre-check answers what running each rule's regex on the
text answers (the slow path)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier import poisoning
from classifier.poisoning_cooc import CO_RULES, co_hits
from classifier.poisoning_rules import RULES, groups_present
from classifier.regex_literals import alternative_clauses, clauses_hold, literals_exact
from tests.poisoning.test_needle_index import _corpus_texts, _texts

_PATTERNS = [r.rx for r in RULES] + [f for r in CO_RULES for f in (*r.all_of, *r.any_of, *r.none_of)]
_ALTS = [(rx, alternative_clauses(rx)) for rx in _PATTERNS]


def _one_holds(alts: tuple[tuple[tuple[str, ...], ...], ...], low: str) -> bool:
    return not alts or any(clauses_hold(alt, low) for alt in alts)


def test_some_patterns_have_alternatives() -> None:
    assert sum(len(a) > 1 for _, a in _ALTS) > 20


def test_alternatives_never_reject_a_match() -> None:
    matched = 0
    for text in [*_corpus_texts(), *_texts()]:
        for rx, alts in _ALTS:
            m = rx.search(text)
            if m is None:
                continue
            for sample in (text, m.group()):
                if literals_exact(sample):
                    matched += 1
                    assert _one_holds(alts, sample.lower()), (rx.pattern[:80], sample[:200])
    assert matched > 100


def _slow_hits(text: str, where: str) -> list[tuple[str, str]]:
    """Every rule's needles and regex tried on the text, one by one, as the rules define them."""
    if len(text) < poisoning._MIN_RULE_TEXT:
        return []
    low = text.lower()
    memo: dict[int, bool] = {}
    out: list[tuple[str, str]] = []
    for r in RULES:
        if where in r.where and groups_present(r.needles, low, memo):
            m = r.rx.search(text)
            if m is not None:
                q = m.group()[: poisoning.MAX_QUOTE_CHARS].strip()
                if q:
                    out.append((r.id, q))
    for co_rule, sentence in co_hits(text, low, {}, where == "schema"):
        out.append((co_rule.id, sentence[: poisoning.MAX_QUOTE_CHARS].strip()))
    return out


def _fast_hits(text: str, where: str) -> list[tuple[str, str]]:
    return [(r.id, q) for r, q in poisoning._rule_hits_uncached(text, where)] if len(text) >= 8 else []


def test_fast_scan_equals_slow_scan_on_the_planted_and_random_texts() -> None:
    rng = random.Random(3)
    texts = [*_corpus_texts(), *_texts()]
    # long texts too: the start-literal search only runs from LONG_TEXT characters
    texts += [" ".join(rng.sample(texts, 6)) for _ in range(60)]
    fired = 0
    for text in texts:
        for where in ("desc", "schema"):
            want = _slow_hits(text, where)
            fired += bool(want)
            assert _fast_hits(text, where) == want, (where, text[:200])
    assert fired > 50


_WORDS = sorted(
    {lit for _, alts in _ALTS for alt in alts for cl in alt for lit in cl}
    | {n for r in (*RULES, *CO_RULES) for g in r.needles for n in g}
)
_PIECES = st.sampled_from([*_WORDS, " ", " ", "\n", ". ", "you", "the user", "https://x.example/a", "İ", "\u212a"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), min_size=2, max_size=40).map(" ".join))
def test_fast_scan_equals_slow_scan_on_any_text(text: str) -> None:
    for where in ("desc", "schema"):
        assert _fast_hits(text, where) == _slow_hits(text, where)
