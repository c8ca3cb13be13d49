"""Literal strings a regex cannot match without, for cheap substring pre-checks.

Shared by the classifier's rules and the poisoning detector: both run many IGNORECASE word
patterns over long descriptions, and most texts hold none of a pattern's literals.
"""

from __future__ import annotations

import re

# --- literals a pattern cannot match without ---------------------------------------------------
# Most regexes here start with a word alternation behind \b and IGNORECASE, which the regex
# engine cannot skip to: it tries every position of the text. From the parsed pattern we take
# literal strings a match must contain (an AND of ORs: "one of these, and one of those") and
# test them with substring searches first. On an ASCII text an IGNORECASE literal matches
# only itself in either case, so its lower-case form must be in the lower-cased text; on other
# texts (case folding across scripts) the regex always runs, as before.

Clauses = tuple[tuple[str, ...], ...]


def _score(clause: frozenset[str]) -> tuple[int, int]:
    return (min(len(s) for s in clause), -len(clause))


def _seq(items: list[tuple[object, object]]) -> list[frozenset[str]]:
    from re import _constants as c  # type: ignore[attr-defined]

    clauses: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            clauses.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is c.LITERAL and chr(av).isascii():  # type: ignore[arg-type]
            run.append(chr(av).lower())  # type: ignore[arg-type]
            continue
        flush()
        if op is c.SUBPATTERN:
            clauses.extend(_seq(av[-1].data))  # type: ignore[index]
        elif op is c.ATOMIC_GROUP:
            clauses.extend(_seq(av.data))  # type: ignore[attr-defined]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, _hi, sub = av  # type: ignore[misc]
            if lo >= 1:
                clauses.extend(_seq(sub.data))
        elif op is c.BRANCH:
            alts: list[frozenset[str]] = []
            for sub in av[1]:  # type: ignore[index]
                inner = _seq(sub.data)
                if not inner:
                    alts = []
                    break
                alts.append(max(inner, key=_score))
            if alts:
                clauses.append(frozenset().union(*alts))
        # anything else (classes, anchors, lookarounds, back references) requires no literal
    flush()
    return clauses


def literal_clauses(rx: re.Pattern[str], keep: int = 3) -> Clauses:
    """Clauses of lower-case literals a match of `rx` must contain; () when none are known."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        found = _seq(_parser.parse(rx.pattern, rx.flags).data)
    except Exception:  # noqa: BLE001 - an optimisation only; never let it break scanning
        return ()
    best = sorted(set(found), key=_score, reverse=True)[:keep]
    return tuple(tuple(sorted(cl, key=len, reverse=True)) for cl in best)


def alternative_clauses(rx: re.Pattern[str], keep: int = 3) -> tuple[Clauses, ...]:
    """Per alternative of the pattern's widest top-level alternation, the clauses (as
    literal_clauses) a match through that alternative must contain: every match of `rx` holds
    all the clauses of at least one alternative. () when the pattern has no such alternation or
    an alternative needs no literal.

    literal_clauses keeps one clause per alternation (the union of one literal per branch), so
    a text holding a word of one branch and a word of another passes it; per alternative, the
    literals of one branch must all be there together."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        data = list(_parser.parse(rx.pattern, rx.flags).data)
        for i, (op, av) in enumerate(data):
            # a group holding only an alternation matches what the alternation matches
            if op is c.SUBPATTERN and len(av[-1].data) == 1 and av[-1].data[0][0] is c.BRANCH:
                data[i] = av[-1].data[0]
        branches = [i for i, (op, _av) in enumerate(data) if op is c.BRANCH]
        if not branches:
            return ()
        at = max(branches, key=lambda j: len(data[j][1][1]))
        out: list[Clauses] = []
        for sub in data[at][1][1]:
            # the alternative with the rest of the sequence around it: literal runs join across
            found = _seq([*data[:at], *sub.data, *data[at + 1 :]])
            if not found:
                return ()
            best = sorted(set(found), key=_score, reverse=True)[:keep]
            out.append(tuple(tuple(sorted(cl, key=len, reverse=True)) for cl in best))
    except Exception:  # noqa: BLE001 - an optimisation only; never let it break scanning
        return ()
    return tuple(out)


def clauses_hold(clauses: Clauses, low: str) -> bool:
    contains = low.__contains__
    for clause in clauses:  # noqa: SIM110 - the inner any() runs in C; no generator per clause
        if not any(map(contains, clause)):
            return False
    return True


# --- where a match can start ------------------------------------------------------------------
# On a long text even a rare pattern costs a try at every position. When every match must begin
# with one of a few literals (after zero-width checks such as \b), the positions where those
# literals occur in the lower-cased ASCII text are the only places a match can start; trying
# the pattern there (match() with a start position sees the same text before it, so \b and
# look-behinds behave as in search()) in ascending order finds the same leftmost match.


def _first(items: list[tuple[object, object]]) -> frozenset[str] | None:
    from re import _constants as c  # type: ignore[attr-defined]

    for i, (op, av) in enumerate(items):
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the match still starts with what follows
        if op is c.LITERAL:
            run: list[str] = []
            for op2, av2 in items[i:]:
                if op2 is not c.LITERAL or not chr(av2).isascii():  # type: ignore[arg-type]
                    break
                run.append(chr(av2).lower())  # type: ignore[arg-type]
            return frozenset({"".join(run)}) if run else None
        if op is c.SUBPATTERN:
            return _first(av[-1].data)  # type: ignore[index]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:  # type: ignore[index]
            return _first(av[2].data)  # type: ignore[index]
        if op is c.BRANCH:
            out: set[str] = set()
            for sub in av[1]:  # type: ignore[index]
                got = _first(sub.data)
                if got is None:
                    return None
                out |= got
            return frozenset(out)
        return None
    return None


def start_literals(rx: re.Pattern[str]) -> tuple[str, ...]:
    """Lower-case literals one of which every match of `rx` starts with; () when unknown."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        got = _first(_parser.parse(rx.pattern, rx.flags).data)
    except Exception:  # noqa: BLE001 - an optimisation only
        return ()
    if not got or "" in got:
        return ()
    # a literal that starts with another needs no search of its own
    keep = [s for s in got if not any(o != s and s.startswith(o) for o in got)]
    return tuple(sorted(keep))


# Non-ASCII characters that IGNORECASE matches to an ASCII letter (the Kelvin sign, long s,
# dotless i...), found by the regex engine's own folding rather than listed by hand. A text
# without them lets an ASCII literal of a pattern match only its own upper or lower case.
_FOLDS_TO_ASCII = re.compile(r"(?![\x00-\x7f])(?i:[a-z])")


def literals_exact(text: str) -> bool:
    """True when the literal pre-checks (clauses_hold) are exact for `text`."""
    return text.isascii() or _FOLDS_TO_ASCII.search(text) is None


# Below this length one regex search is cheaper than finding the start literals (measured on
# the labelled descriptions: from 100 up the literal search wins, 1.58 s → 1.49 s per 20,000 tools
# at 600; the patterns open with long word alternations the engine tries at every position).
LONG_TEXT = 100
_MAX_TRIES = 48


def search_from_starts(rx: re.Pattern[str], starts: tuple[str, ...], text: str, low: str) -> re.Match[str] | None:
    """rx.search(text) for an ASCII `text` (`low` its lower-case form) with start literals."""
    positions: list[int] = []
    for s in starts:
        i = low.find(s)
        while i >= 0:
            positions.append(i)
            if len(positions) > _MAX_TRIES:
                break
            i = low.find(s, i + 1)
    if not positions:
        return None
    positions.sort()
    if len(positions) > _MAX_TRIES:
        # too many candidates to try one by one: no match starts before the first of them
        return rx.search(text, positions[0])
    for p in positions:
        m = rx.match(text, p)
        if m is not None:
            return m
    return None
