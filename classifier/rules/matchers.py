"""The rule record, a rule hit, and the matcher builders rules are made of.

A matcher takes a ToolText and returns (field, exact quote) or None, so every rule hit is also
a piece of evidence. rx() files each free-text pattern with its literal pre-check in
TEXT_PATTERNS (the tests prove a pre-check never hides a match).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from classifier.regex_literals import (
    LONG_TEXT,
    clauses_hold,
    literal_clauses,
    search_from_starts,
    start_literals,
)
from classifier.text import ToolText

Match = tuple[str, str]  # (field, exact quote)
Matcher = Callable[[ToolText], Match | None]

TEXT_FIELDS = ("title", "description")
# Where a tool's lead sentence is read: the description first, so its words are the ones quoted.
LEAD_FIELDS = ("description", "title")


def schema_quote(text: str) -> str:
    """A piece of a schema property's description as it stands in the input_schema field's text (JSON,
    non-ASCII kept), so a quote of it is an exact substring there: a newline or a quote mark in the
    description is escaped in that text."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def described_prop(t: ToolText, desc: re.Pattern[str], names: frozenset[str] | None = None) -> Match | None:
    """The quote of what `desc` finds in the description of the first argument that has one (among
    `names`, lower-cased, when given): the rules that read an argument by what it says it is."""
    for p in t.props:
        if p.description and (names is None or p.name.lower() in names):
            hit = desc.search(p.description)
            if hit:
                return "input_schema", schema_quote(hit.group().strip())
    return None


# A matcher's gate: conditions every tool it matches meets, so run_rules can skip the matcher
# on the (many) tools that fail them with a few cheap tests (classifier.rules.gates). Found as
# the attribute `gate` of the matcher, a tuple of Gates that must all hold; a matcher without
# one (custom functions, prop_named, enum_value) always runs. A Gate holds when one of its atoms
# does: a literal of `always` is in low_text, a literal of `exact` is in low_text or
# literals_exact is false (the rx clause pre-check applies only to exact texts), or a word of
# `names` is one of name_words.


@dataclass(frozen=True)
class Gate:
    always: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()


def gate_of(m: Matcher) -> tuple[Gate, ...]:
    return getattr(m, "gate", ())


def set_gate(m: Matcher, gate: tuple[Gate, ...]) -> None:
    """File `gate` as m's gate (a custom matcher's gate must be proven from its code)."""
    # a new gate voids a pre-gated form built on the old one
    getattr(m, "__dict__", {}).pop("pregated", None)
    if gate:
        m.gate = gate  # type: ignore[attr-defined]


# A matcher's pre-gated form: the same answers on every tool where its whole gate holds, without
# re-testing there what the gate already proved (rx's needle loop and literal clauses, which the
# gate bits answer exactly). run_rules calls it for a rule whose every gate mask it has tested;
# the tests compare gated and ungated runs hit for hit.


def pregated_of(m: Matcher) -> Matcher:
    return getattr(m, "pregated", m)


def _set_pregated(m: Matcher, fast: Matcher) -> None:
    if fast is not m:
        m.pregated = fast  # type: ignore[attr-defined]


def _either(gates: list[tuple[Gate, ...]]) -> tuple[Gate, ...]:
    """A gate for "one of these matchers": one Gate of each, joined ((): one has none)."""
    if not gates or not all(gates):
        return ()
    out = Gate()
    for g in gates:
        one = g[0]
        out = Gate(out.always | one.always, out.exact | one.exact, out.names | one.names)
    return (out,)


@dataclass(frozen=True)
class Rule:
    id: str
    why: str
    match: Matcher
    action: str | None = None  # "Execute" (asserted); "Read"/"Write" (replaces a model-only Execute); None
    risk: str | None = None  # risk floor
    flags: tuple[str, ...] = ()
    category: str | None = None  # "Financial" / "Destructive" when the rule proves it
    skip_if_readonly: bool = False  # the rubric never labels a readOnlyHint:true tool Execute
    cap_risk: str | None = None  # lowers risk (bookkeeping writes); never below a floor rule
    writes: bool = False  # what the rule found changes something, so the tool cannot be a Read


@dataclass
class RuleHit:
    rule: Rule
    field: str
    quote: str


# --- matchers ---------------------------------------------------------------------------


# Every free-text pattern with the literal clauses its matcher pre-checks (for the tests that
# prove the pre-check never hides a match).
TEXT_PATTERNS: list[tuple[re.Pattern[str], tuple[tuple[str, ...], ...]]] = []


def rx(
    pattern: str,
    fields: Iterable[str] = TEXT_FIELDS,
    *,
    lead_only: bool = False,
    needles: tuple[str, ...] = (),
) -> Matcher:
    """A regex over free text. lead_only: only the first sentence of the description.
    needles: lower-case literals one of which must occur in title/description/name before the
    regex runs (a substring test is far cheaper than a regex over a long description)."""
    compiled = re.compile(pattern, re.IGNORECASE)
    flist = tuple(fields)
    text_only = set(flist) <= {"title", "description", "name"}
    # Literals every match must contain: on most tools one is missing, and a few substring
    # tests cost less than the regex trying every position of a long description.
    clauses = literal_clauses(compiled) if text_only else ()
    TEXT_PATTERNS.append((compiled, clauses))

    # Literals every match starts with: on a long text only their positions are tried
    # (regex_literals.search_from_starts), not every position of the description.
    starts = start_literals(compiled) if text_only else ()

    def search(t: ToolText) -> Match | None:
        for f in flist:
            text = getattr(t, f)
            if not text:
                continue
            if lead_only and f == "description":
                text = t.lead
            if starts and len(text) >= LONG_TEXT and t.literals_exact:
                low = _lower(t, text)
                hit = search_from_starts(compiled, starts, text, low) if low is not None else compiled.search(text)
            else:
                hit = compiled.search(text)
            if hit and hit.group().strip():
                return f, hit.group()
        return None

    def m(t: ToolText) -> Match | None:
        if needles and text_only:
            low = t.low_text
            for n in needles:  # a plain loop: no generator per rule per tool
                if n in low:
                    break
            else:
                return None
        if clauses and t.literals_exact and not clauses_hold(clauses, t.low_text):
            return None
        return search(t)

    # the gate is the pre-check above: the needles (tested on every text), else the first and
    # most selective clause (tested only where literals_exact)
    # (every clause is a gate of its own: on an exact text each must hold before the regex runs)
    # what m tests, for classifier.rules.compiled to write out inline (the needles only count
    # on a text-only matcher, as in m)
    m.rx_parts = (needles if text_only else (), clauses, search)  # type: ignore[attr-defined]
    clause_gates = tuple(Gate(exact=frozenset(c)) for c in clauses)
    if needles and text_only:
        set_gate(m, (Gate(always=frozenset(needles)), *clause_gates))
    elif clauses:
        set_gate(m, clause_gates)
    if text_only:
        # where the gate holds, the needles are in low_text and (on an exact text, the only kind
        # the clause check runs on) every clause has a literal there: only the search is left
        _set_pregated(m, search)
    return m


def _lower(t: ToolText, text: str) -> str | None:
    """text.lower() (one per field text of a tool, kept on it); None when lower-casing changes the
    length, so positions found in it are not positions in text."""
    cache = t.extra.get("lower")
    if cache is None:
        cache = t.extra["lower"] = {}
    low = cache.get(text)
    if low is None:
        low = text.lower()
        cache[text] = low = low if len(low) == len(text) else ""
    return low or None


def lead_rx(pattern: str, *, needles: tuple[str, ...]) -> Matcher:
    """A regex over the description's first sentence whose needles (one-word, lower-case) are looked for in
    that sentence alone: a long description is not scanned for words only its lead can use."""
    assert all(n == n.lower() and len(n.split()) == 1 for n in needles), needles
    compiled = re.compile(pattern, re.IGNORECASE)
    TEXT_PATTERNS.append((compiled, ()))

    def search(t: ToolText) -> Match | None:
        hit = compiled.search(t.lead)
        if hit and hit.group().strip():
            return "description", hit.group()
        return None

    def m(t: ToolText) -> Match | None:
        if not t.field("description"):
            return None
        low = t.lead.lower()
        for n in needles:
            if n in low:
                break
        else:
            return None
        return search(t)

    # for classifier.rules.compiled: the needle test on the lowered lead, then search
    m.lead_parts = (needles, search)  # type: ignore[attr-defined]

    # the lead is part of the description, so a needle in it is in low_text too
    set_gate(m, (Gate(always=frozenset(needles)),))
    return m


def name_has(*groups: Iterable[str], first: bool = False) -> Matcher:
    """Every group must contribute one name token (in any order). first: group 1 is the first token."""
    sets = [frozenset(g) for g in groups]

    def m(t: ToolText) -> Match | None:
        names = t.name_words
        for s in sets:
            if s.isdisjoint(names):
                return None
        return tokens(t)

    def tokens(t: ToolText) -> Match | None:
        """m's answer once every group has a word among the name's words."""
        toks = t.name_tokens
        found: list = []
        for i, s in enumerate(sets):
            # Each group needs its own token: `run` cannot be both the verb and the object.
            cands = [tok for tok in toks if tok.text in s and tok not in found]
            if first and i == 0:
                cands = [tok for tok in toks[:1] if tok.text in s]
            if not cands:
                return None
            found.append(cands[0])
        lo = min(tok.start for tok in found)
        hi = max(tok.end for tok in found)
        return "name", t.name[lo:hi]

    # for classifier.rules.compiled: the disjointness tests, then tokens
    m.name_parts = (tuple(sets), tokens)  # type: ignore[attr-defined]
    if sets:
        set_gate(m, (Gate(names=sets[0]),))
    return m


# Property names repeat across thousands of tools ("query", "path", "id"): each prop_named
# matcher remembers its answer per name, a dict hit instead of a fullmatch per property per tool.
_PROP_MEMO_MAX = 50_000


# Whole schemas repeat too: the answer is also remembered per schema key (text.schema_key's
# bytes, equal only for equal schemas, hence equal props), one lookup instead of a pass over the
# props; a ToolText without a key (not built by from_input) takes the pass.
_SCHEMA_MEMO_MAX = 20_000
_SCHEMA_KEY_MAX = 50_000


def prop_named(pattern: str) -> Matcher:
    compiled = re.compile(pattern, re.IGNORECASE)
    memo: dict[str, bool] = {}
    by_schema: dict[bytes, Match | None] = {}

    def m(t: ToolText) -> Match | None:
        key = t.extra.get("schema_key")
        if not key:  # none, or b"" (a schema marshal cannot spell): not a key for one schema
            return scan(t)
        if key in by_schema:
            return by_schema[key]
        got = scan(t)
        if len(key) <= _SCHEMA_KEY_MAX:
            if len(by_schema) >= _SCHEMA_MEMO_MAX:  # hostile schemas must not grow it without bound
                by_schema.clear()
            by_schema[key] = got
        return got

    def scan(t: ToolText) -> Match | None:
        for p in t.props:
            name = p.name
            hit = memo.get(name)
            if hit is None:
                if len(memo) >= _PROP_MEMO_MAX:  # hostile schemas must not grow it without bound
                    memo.clear()
                hit = memo[name] = compiled.fullmatch(name) is not None
            if hit:
                return "input_schema", json.dumps(name, ensure_ascii=False)
        return None

    return m


def enum_value(prop_pattern: str, value_pattern: str) -> Matcher:
    pc = re.compile(prop_pattern, re.IGNORECASE)
    vc = re.compile(value_pattern, re.IGNORECASE)

    def m(t: ToolText) -> Match | None:
        for p in t.props:
            if p.enum and pc.fullmatch(p.name):
                for v in p.enum:
                    if vc.search(v):
                        return "input_schema", json.dumps(v, ensure_ascii=False)
        return None

    return m


def any_of(*ms: Matcher) -> Matcher:
    # a nested any_of's parts are tried in place, in the same order: the first hit is the same,
    # one Python call fewer per level (call count dominates the rule stage)
    flat = tuple(part for one in ms for part in getattr(one, "any_parts", (one,)))

    def m(t: ToolText) -> Match | None:
        for one in flat:
            hit = one(t)
            if hit:
                return hit
        return None

    m.any_parts = flat  # type: ignore[attr-defined]
    set_gate(m, _either([gate_of(one) for one in ms]))
    return m


def all_of(first: Matcher, *conds: Matcher) -> Matcher:
    """Quote from the first matcher, but only when every other matcher also matches."""
    m = all_of_ungated(first, conds)
    set_gate(m, tuple(g for one in (first, *conds) for g in gate_of(one)))
    # the gate is every part's gate, so where it holds each part may run pre-gated
    fast_first, fast_conds = pregated_of(first), tuple(pregated_of(c) for c in conds)
    if fast_first is not first or fast_conds != conds:
        _set_pregated(m, all_of_ungated(fast_first, fast_conds))
    return m


def all_of_ungated(first: Matcher, conds: tuple[Matcher, ...]) -> Matcher:
    """all_of's test without a gate of its own: all_of files its gate on this, and its pre-gated
    form is this over the parts' pre-gated forms."""
    # a nested all_of as the first part is opened up: its first part quotes and its conditions
    # come before ours, in the same order (same answer, one call fewer per level)
    inner = getattr(first, "all_parts", None)
    if inner is not None:
        first, conds = inner[0], (*inner[1], *conds)

    def m(t: ToolText) -> Match | None:
        hit = first(t)
        if hit is None:
            return None
        for c in conds:
            if c(t) is None:
                return None
        return hit

    m.all_parts = (first, conds)  # type: ignore[attr-defined]
    return m


def none_of(first: Matcher, *vetoes: Matcher) -> Matcher:
    m = none_of_ungated(first, vetoes)
    set_gate(m, gate_of(first))
    fast_first = pregated_of(first)
    if fast_first is not first:
        # the gate is the first matcher's alone: only it may run pre-gated, never a veto
        _set_pregated(m, none_of_ungated(fast_first, vetoes))
    return m


def none_of_ungated(first: Matcher, vetoes: tuple[Matcher, ...]) -> Matcher:
    """none_of's test without a gate of its own: none_of files its gate on this, and its pre-gated
    form is this over the first part's pre-gated form."""
    # a nested none_of as the first part is opened up: its vetoes run before ours (same answer)
    inner = getattr(first, "none_parts", None)
    if inner is not None:
        first, vetoes = inner[0], (*inner[1], *vetoes)

    def m(t: ToolText) -> Match | None:
        hit = first(t)
        if hit is None:
            return None
        for v in vetoes:
            if v(t) is not None:
                return None
        return hit

    m.none_parts = (first, vetoes)  # type: ignore[attr-defined]
    return m
