"""The per-text needle bit mask answers exactly what the rule-by-rule needle test answers."""

from __future__ import annotations

import random

from classifier import poisoning
from classifier.poisoning_cooc import CO_RULES
from classifier.poisoning_rules import RULES, groups_present, plan_present
from classifier.regex_literals import clauses_hold


def _texts() -> list[str]:
    needles = sorted(
        {n for r in (*RULES, *CO_RULES) for g in r.needles for n in g}
        | {lit for cls in (*poisoning._RULE_CLAUSES.values(), *poisoning._CO_CLAUSES.values()) for cl in cls for lit in cl}
        | {s for starts in (*poisoning._RULE_STARTS.values(), *poisoning._CO_STARTS.values()) for s in starts}
    )
    rng = random.Random(7)
    filler = ["Returns", "the", "list", "of", "files", "É", "ß", "İstanbul", "x_y", "a-b", "\n", " ", ".", "日本"]
    out = ["", "plain words only", "İ" * 5 + "ssh"]
    for _ in range(400):
        parts = [rng.choice(needles if rng.random() < 0.3 else filler) for _ in range(rng.randint(1, 12))]
        # glue some pieces without spaces so needles land inside longer words too
        out.append("".join(p if rng.random() < 0.5 else p + " " for p in parts))
    return out


def test_plans_agree_with_groups_present() -> None:
    index = poisoning._INDEX
    for text in _texts():
        low = text.lower()
        words = index.word_mask(low)
        memo_a: dict[int, bool] = {}
        memo_b: dict[int, bool] = {}
        full = index.mask(low) | 1
        for rule, _min_len, groups, fulls, clauses, _starts, clause_masks, *_alts in poisoning._plan("desc") + poisoning._plan("schema") + poisoning._CO_PLAN:
            want = groups_present(rule.needles, low, memo_a)
            assert plan_present(groups, words, low, memo_b) == want, (rule.id, text)
            assert all(map(full.__and__, fulls)) == want, (rule.id, text)
            # the clause masks answer exactly what the substring tests answer
            assert all(map(full.__and__, clause_masks)) == clauses_hold(clauses, low), (rule.id, text)


def test_start_literal_bits_say_whether_the_literal_is_in_the_text() -> None:
    # the scan searches only the start literals whose bit is set: a bit missing for a literal
    # that is there would skip a real match
    index = poisoning._INDEX
    starts = sorted({s for v in (*poisoning._RULE_STARTS.values(), *poisoning._CO_STARTS.values()) for s in v})
    assert starts
    seen_present = 0
    for text in _texts():
        low = text.lower()
        full = index.mask(low)
        for lit in starts:
            present = lit in low
            seen_present += present
            assert bool(full & index.bits[lit]) == present, (lit, text)
    assert seen_present > 100


def _corpus_texts() -> list[str]:
    import json
    from pathlib import Path

    here = Path(__file__).parent
    out: list[str] = []
    for path in sorted(here.glob("planted*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                out.append(case.get("description") or "")
                out.append(json.dumps(case.get("input_schema"), ensure_ascii=False))
    return out


def test_literal_clauses_never_reject_a_match() -> None:
    """Wherever a pattern matches an ASCII text, the literals it was said to need are there."""
    from classifier.poisoning_rules import clauses_hold, literal_clauses, literals_exact

    patterns = [r.rx for r in RULES] + [f for r in CO_RULES for f in (*r.all_of, *r.any_of)]
    matched = 0
    planned = [(rx, literal_clauses(rx)) for rx in patterns]
    for text in _corpus_texts():
        for rx, clauses in planned:
            m = rx.search(text)
            if m is not None:
                for sample in (text, m.group()):
                    if literals_exact(sample):
                        matched += 1
                        assert clauses_hold(clauses, sample.lower()), (rx.pattern[:80], sample[:200])
    assert matched > 100


def test_search_from_starts_finds_what_search_finds() -> None:
    from classifier.poisoning_rules import literals_exact, search_from_starts, start_literals

    patterns = [r.rx for r in RULES] + [r.all_of[0] for r in CO_RULES]
    planned = [(rx, start_literals(rx)) for rx in patterns]
    long_text = " ".join(_corpus_texts())  # long: exercises the many-candidates fallback too
    found = 0
    for text in [*_corpus_texts(), long_text]:
        low = text.lower()
        if not literals_exact(text) or len(low) != len(text):
            continue
        for rx, starts in planned:
            if not starts:
                continue
            want = rx.search(text)
            got = search_from_starts(rx, starts, text, low)
            assert (want is None) == (got is None), (rx.pattern[:80], text[:120])
            if want is not None and got is not None:
                found += 1
                assert want.span() == got.span()
    assert found > 50


def test_folding_characters_disable_the_literal_checks() -> None:
    from classifier.poisoning_rules import literals_exact

    assert literals_exact("plain ASCII") and literals_exact("caf\u00e9 \u65e5\u672c")
    # Kelvin sign, long s, dotted and dotless i match ASCII letters under IGNORECASE
    for ch in ("\u212a", "\u017f", "\u0130", "\u0131"):
        assert not literals_exact(f"ignore previous instructions {ch}")
