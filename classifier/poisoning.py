"""Tool-poisoning detector: finds instructions aimed at the model hidden in a tool definition.

`scan(tool)` reads every field a model sees (name, title, description, the input schema's keys
and strings, annotations) and returns findings with a reason code, the field, an exact quote
from that field's text and a plain explanation. An empty list means "not flagged": weak signals
that do not add up to a flag are dropped, so every returned finding justifies the flag.

Quotes for `input_schema` and `annotations` are substrings of
`json.dumps(value, sort_keys=True, ensure_ascii=False)`, the text `field_text()` returns.
"""

from __future__ import annotations

import json
import marshal
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from catalog.models import ToolInput
from classifier.poisoning_cooc import CO_RULES, AnyOf, CoRule, anywhere, co_hits_among
from classifier.poisoning_rules import (
    LONG_TEXT,
    RULES,
    Clauses,
    GroupPlan,
    NeedleIndex,
    Rule,
    alternative_clauses,
    clauses_hold,
    literal_clauses,
    literals_exact,
    plan_present,
    search_from_starts,
    start_literals,
)
from classifier.poisoning_unicode import ANY_SUSPECT_CHAR, char_spans, homoglyph_spans

DETECTOR_VERSION = "poisoning-1"

# Descriptions longer than this are far beyond what any function needs to explain itself:
# 99.9 % of the ~13,000 real tool descriptions we measured are under 4,100 characters and the
# longest is 9,809 (AWS pricing and ConfigCat documentation tools).
OVERSIZED_CHARS = 12_000
# Long runs of blank space push the rest of a description out of a UI's visible area.
_PADDING = re.compile(r"(?:[ \t\u00a0\u3000]*\n){25,}|[ \t\u00a0\u3000]{400,}")

MAX_QUOTE_CHARS = 200
MAX_FINDINGS = 24

CODES: tuple[str, ...] = (
    "hidden_instruction",
    "important_block",
    "conceal_from_user",
    "credential_request",
    "file_exfiltration",
    "exfil_parameter",
    "shadowing",
    "invisible_unicode",
    "bidi_override",
    "tag_characters",
    "ansi_escape",
    "control_characters",
    "homoglyph_name",
    "oversized_description",
    "padding",
)


@dataclass(frozen=True)
class PoisonFinding:
    code: str
    field: str
    quote: str
    why: str


def field_text(value: Any) -> str:
    """The text a quote from a structured field ("input_schema", "annotations") refers to."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _escape(s: str) -> str:
    # json escapes per character, so the escaped form of a substring is a substring of the
    # escaped whole: this maps a quote inside one schema string onto the dumped schema text.
    return json.dumps(s, ensure_ascii=False)[1:-1]


# a tuple, not `dict | list`: isinstance on a union type is several times slower
_CONTAINERS = (dict, list)


def _leaves(value: Any) -> tuple[list[str], list[str], list[tuple[Any, Any]]]:
    """Property names and string values of a JSON value, iteratively (no recursion).

    Paths are kept as (parent path, key) pairs and only spelled out for strings that get a
    finding, so clean schemas cost no string building."""
    keys: list[str] = []
    strings: list[str] = []
    paths: list[tuple[Any, Any]] = []
    stack: list[tuple[Any, Any]] = [(value, None)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            for k, v in item.items():
                keys.append(k)
                if isinstance(v, str):
                    strings.append(v)
                    paths.append((path, k))
                elif isinstance(v, _CONTAINERS):
                    stack.append((v, (path, k)))
        elif isinstance(item, list):
            for i, v in enumerate(item):
                if isinstance(v, str):
                    strings.append(v)
                    paths.append((path, i))
                elif isinstance(v, _CONTAINERS):
                    stack.append((v, (path, i)))
    return keys, strings, paths


def _path_label(path: Any) -> str:
    parts: list[str] = []
    while path is not None and len(parts) < 64:
        path, key = path
        parts.append(str(key))
    return "input path " + (".".join(reversed(parts))[:120] or "(top level)")


def _context_quote(text: str, start: int, end: int, pad: int = 16) -> str:
    """Visible text around an invisible run, plus the run itself, as one exact substring."""
    a = max(0, start - pad)
    b = min(len(text), end + pad)
    if end - start > MAX_QUOTE_CHARS:
        b = start + MAX_QUOTE_CHARS
        a = start
    return text[a:b]


class _Collector:
    __slots__ = ("findings", "seen", "strong", "weak_rules")

    def __init__(self) -> None:
        self.findings: list[tuple[bool, PoisonFinding]] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.strong = False
        self.weak_rules: set[str] = set()

    def add(self, strong: bool, rule_id: str, finding: PoisonFinding) -> None:
        key = (finding.code, finding.field, finding.quote)
        if key in self.seen or len(self.findings) >= MAX_FINDINGS:
            return
        self.seen.add(key)
        self.findings.append((strong, finding))
        if strong:
            self.strong = True
        else:
            self.weak_rules.add(rule_id)


# Shorter strings cannot hold an instruction (`<IMPORTANT>` is the shortest pattern we know).
_MIN_RULE_TEXT = 8


def _run_rules(col: _Collector, text: str, field: str, where: str, escape: bool, label: str = "") -> None:
    for rule, quote in _rule_hits(text, where):
        _add_rule(col, rule, quote, field, escape, label)


# Short strings (parameter descriptions such as "Maximum number of results") repeat across
# thousands of tools, so their results are cached; long ones rarely repeat and would make the
# cache large, so they are not.
_CACHE_MAX_TEXT = 512


def _rule_hits(text: str, where: str) -> tuple[tuple[Rule | CoRule, str], ...]:
    """(rule, quote) for every rule matching one string."""
    if len(text) < _MIN_RULE_TEXT:
        return ()
    if len(text) <= _CACHE_MAX_TEXT:
        return _rule_hits_cached(text, where)
    return _rule_hits_uncached(text, where)


@lru_cache(maxsize=65_536)
def _rule_hits_cached(text: str, where: str) -> tuple[tuple[Rule | CoRule, str], ...]:
    return _rule_hits_uncached(text, where)


# Every word needle of every rule gets one bit (see NeedleIndex); the other needles are tested
# only when a rule's group is not already satisfied by a word. Identical groups share one plan
# object, so the per-text memo answers each of them once.
# The literal clauses (regex_literals) of every pattern get bits too: on an ASCII text they are
# then tested through the same mask instead of a substring search per clause per rule.
_RULE_CLAUSES: dict[str, Clauses] = {r.id: literal_clauses(r.rx) for r in RULES}
_CO_CLAUSES: dict[str, Clauses] = {
    r.id: tuple(cl for f in r.all_of for cl in literal_clauses(f)) for r in CO_RULES
}
# The start literals (regex_literals.start_literals) get bits too: on a text whose mask is
# known, only the literals it holds are searched for their positions (an absent one would
# cost a search of the whole text that finds nothing).
_RULE_STARTS: dict[str, tuple[str, ...]] = {r.id: start_literals(r.rx) for r in RULES}
_CO_STARTS: dict[str, tuple[str, ...]] = {r.id: start_literals(r.all_of[0]) for r in CO_RULES}
# Per alternative of a pattern's widest alternation, the literals that alternative needs
# (regex_literals.alternative_clauses): a pattern can match only where the literals of one of
# its alternatives are all present, a test the clauses above (one literal of any alternative per
# alternation) are far looser than. For a co-occurrence rule every feature must match somewhere,
# so each feature's alternatives are a test of their own. (a check with one alternative only
# repeats literal_clauses: left out)
_Checks = tuple[tuple[Clauses, ...], ...]
_RULE_ALTS: dict[str, _Checks] = {
    r.id: tuple(a for a in (alternative_clauses(r.rx),) if len(a) > 1) for r in RULES
}
_CO_ALTS: dict[str, _Checks] = {
    r.id: tuple(a for a in map(alternative_clauses, r.all_of) if len(a) > 1) for r in CO_RULES
}
_INDEX = NeedleIndex(
    [r.needles for r in RULES]
    + [r.needles for r in CO_RULES]
    + list(_RULE_CLAUSES.values())
    + list(_CO_CLAUSES.values())
    + [(starts,) for starts in (*_RULE_STARTS.values(), *_CO_STARTS.values()) if starts]
    + [alt for checks in (*_RULE_ALTS.values(), *_CO_ALTS.values()) for alts in checks for alt in alts]
)


def _alt_masks(checks: _Checks) -> tuple[tuple[tuple[int, ...], ...], ...]:
    return tuple(tuple(tuple(_INDEX.group_mask(cl) for cl in alt) for alt in alts) for alts in checks)


_RULE_ALT_MASKS = {rid: _alt_masks(c) for rid, c in _RULE_ALTS.items()}
_CO_ALT_MASKS = {rid: _alt_masks(c) for rid, c in _CO_ALTS.items()}


def _alternatives_hold(checks: tuple[tuple[tuple[int, ...], ...], ...], has: Callable[[int], int]) -> bool:
    """Whether, for every check, the literals of one of its alternatives are all in the mask."""
    for alts in checks:
        for masks in alts:
            if all(map(has, masks)):
                break
        else:
            return False
    return True
_GROUP_PLANS: dict[tuple[str, ...], GroupPlan] = {}


def _groups(needles: tuple[tuple[str, ...], ...]) -> tuple[GroupPlan, ...]:
    return tuple(_GROUP_PLANS.setdefault(g, _INDEX.group_plan(g)) for g in needles)


# Per rule: (rule, min_len, group plans, full group masks, literal clauses, (start literals,
# their bits), clause masks, alternatives' masks (clause masks per alternative per check)).
_Starts = tuple[tuple[str, ...], tuple[int, ...]]
_AltMasks = tuple[tuple[tuple[int, ...], ...], ...]
_Plan = tuple[
    tuple[Rule, int, tuple[GroupPlan, ...], tuple[int, ...], Clauses, _Starts, tuple[int, ...], _AltMasks], ...
]
_PLANS: dict[str, _Plan] = {}
_CO_PLAN = tuple(
    (
        r,
        r.min_len,
        _groups(r.needles),
        tuple(_INDEX.group_mask(g) for g in r.needles),
        _CO_CLAUSES[r.id],
        (_CO_STARTS[r.id], tuple(_INDEX.bits[s] for s in _CO_STARTS[r.id])),
        tuple(_INDEX.group_mask(cl) for cl in _CO_CLAUSES[r.id]),
        _CO_ALT_MASKS[r.id],
    )
    for r in CO_RULES
)


def _plan(where: str) -> _Plan:
    plan = _PLANS.get(where)
    if plan is None:
        plan = _PLANS[where] = tuple(
            (
                r,
                r.min_len,
                _groups(r.needles),
                tuple(_INDEX.group_mask(g) for g in r.needles),
                _RULE_CLAUSES[r.id],
                (_RULE_STARTS[r.id], tuple(_INDEX.bits[s] for s in _RULE_STARTS[r.id])),
                tuple(_INDEX.group_mask(cl) for cl in _RULE_CLAUSES[r.id]),
                _RULE_ALT_MASKS[r.id],
            )
            for r in RULES
            if where in r.where
        )
    return plan


# A short text's mask holds about three of the bits the rules' first needle groups use, so the
# rules are filed under each bit of their first group and a text opens only the files of its
# bits, instead of testing every rule's groups in turn. (union of filed bits, bit -> plan
# positions, positions of rules without needles, memo: filed bits present -> plan entries)
# Texts share few distinct combinations of those bits (a few hundred over 20,000 descriptions),
# so the entries per combination are remembered rather than gathered and sorted per text.
_Dispatch = tuple[int, dict[int, tuple[int, ...]], tuple[int, ...], dict[int, tuple[Any, ...]]]
_DISPATCH: dict[str, _Dispatch] = {}
_CANDIDATES_MEMO_MAX = 4096


def _dispatch_of(plan: tuple[Any, ...]) -> _Dispatch:
    by_bit: dict[int, list[int]] = {}
    always: list[int] = []
    for i, entry in enumerate(plan):
        fulls = entry[3]
        if not fulls:
            always.append(i)
            continue
        m = fulls[0]
        while m:
            b = m & -m
            m ^= b
            by_bit.setdefault(b, []).append(i)
    union = 0
    for b in by_bit:
        union |= b
    return union, {b: tuple(v) for b, v in by_bit.items()}, tuple(always), {}


def _candidates(plan: tuple[Any, ...], dispatch: _Dispatch, mask: int) -> tuple[Any, ...]:
    """The plan entries whose first needle group meets `mask`, in plan order."""
    union, by_bit, always, memo = dispatch
    present = mask & union
    got = memo.get(present)
    if got is not None:
        return got
    key = present
    found = set(always)
    while present:
        b = present & -present
        present ^= b
        found.update(by_bit[b])
    got = tuple(plan[i] for i in sorted(found))
    if len(memo) >= _CANDIDATES_MEMO_MAX:  # hostile texts must not grow it without bound
        memo.clear()
    memo[key] = got
    return got


_CO_DISPATCH = _dispatch_of(_CO_PLAN)


# Up to this length every needle is looked up at once (one bit mask, each rule then one C-level
# all()). Since the non-word needles are filed by their pieces (NeedleIndex.spaced_mask) that is
# cheaper than testing groups rule by rule on every real description (20,000 labelled tools:
# 0.93 s at this bound vs 1.09 s at 1,000 characters); only beyond it, far past any real
# description, are the non-word needles tested when a rule's group needs them.
_FULL_MASK_CHARS = 20_000


def _own_pattern(rule: Rule) -> re.Pattern[str]:
    return rule.rx


def _first_pattern(rule: CoRule) -> re.Pattern[str] | AnyOf:
    # a co-occurrence rule is only worth its sentence split when its first pattern is present
    # (only whether it is: the faster stand-in will do, see poisoning_cooc.anywhere)
    return anywhere(rule.all_of[0])


def _rule_hits_uncached(text: str, where: str) -> tuple[tuple[Rule | CoRule, str], ...]:
    n = len(text)
    low = text.lower()
    # every needle without whitespace (and the pieces of the others), chunk by chunk
    words = _INDEX.solid_mask(low)
    # literal pre-checks are exact only where no character folds onto an ASCII letter, and
    # start positions found in `low` are positions in `text` only when lower() kept the length
    ascii_text = literals_exact(text)
    long_ascii = ascii_text and n >= LONG_TEXT and len(low) == n
    memo: dict[int, bool] = {}
    # bit 0 is no needle: it keeps a short text's mask non-zero, which selects the full-mask test
    mask = (words | _INDEX.spaced_mask(low, words) | 1) if n <= _FULL_MASK_CHARS else 0
    has = mask.__and__
    plan = _plan(where)
    co_plan: tuple[Any, ...] | list[Any] = _CO_PLAN
    if mask:
        dispatch = _DISPATCH.get(where)
        if dispatch is None:
            dispatch = _DISPATCH[where] = _dispatch_of(plan)
        plan = _candidates(plan, dispatch, mask)  # type: ignore[assignment]
        co_plan = _candidates(_CO_PLAN, _CO_DISPATCH, mask)
        if not plan and not co_plan:
            return ()  # most texts: no rule's first needle group is present

    def matches(
        entries: Iterable[Any], pattern_of: Callable[[Any], re.Pattern[str] | AnyOf]
    ) -> Iterator[tuple[Any, re.Match[str]]]:
        """(rule, first match of its pattern) for every entry whose literals the text holds."""
        for rule, min_len, groups, fulls, clauses, (starts, start_bits), clause_masks, alts in entries:
            if (
                n < min_len
                or not (all(map(has, fulls)) if mask else plan_present(groups, words, low, memo))
                or (
                    ascii_text
                    and not (
                        all(map(has, clause_masks)) and (not alts or _alternatives_hold(alts, has))
                        if mask
                        else clauses_hold(clauses, low)
                    )
                )
            ):
                continue
            rx = pattern_of(rule)
            if long_ascii and starts:
                if mask:
                    # a start literal missing from the mask occurs nowhere in `low`
                    starts = tuple(compress(starts, map(has, start_bits)))
                m = search_from_starts(rx, starts, text, low) if starts else None
            else:
                m = rx.search(text)
            if m is not None:
                yield rule, m

    out: list[tuple[Rule | CoRule, str]] = []
    for rule, m in matches(plan, _own_pattern):
        q = m.group()[:MAX_QUOTE_CHARS].strip()
        if q:
            out.append((rule, q))
    candidates: list[CoRule] = [r for r, _ in matches(co_plan, _first_pattern)]
    if candidates:
        for co_rule, sentence in co_hits_among(text, candidates, where == "schema", first_found=True):
            out.append((co_rule, sentence[:MAX_QUOTE_CHARS].strip()))
    return tuple(out)


def _add_rule(col: _Collector | _Recorder, rule: Rule | CoRule, quote: str, field: str, escape: bool, label: str) -> None:
    why = rule.why + (f" (in {label})" if label else "")
    col.add(rule.strong, rule.id, PoisonFinding(rule.code, field, _escape(quote) if escape else quote, why))


def _char_checks(col: _Collector | _Recorder, text: str, field: str, escape: bool, label: str = "", names: bool = False) -> None:
    spans = char_spans(text)
    if names:
        spans = spans + homoglyph_spans(text)
    for code, start, end, why in spans:
        quote = text[start:end] if code == "homoglyph_name" else _context_quote(text, start, end)
        if label:
            why = f"{why} (in {label})"
        col.add(True, code, PoisonFinding(code, field, _escape(quote) if escape else quote, why))


class _Recorder:
    """Stands in for a _Collector and keeps every add() in order, so a structured field's
    result can be cached and replayed into any collector with the same outcome."""

    __slots__ = ("adds",)

    def __init__(self) -> None:
        self.adds: list[tuple[bool, str, PoisonFinding]] = []

    def add(self, strong: bool, rule_id: str, finding: PoisonFinding) -> None:
        self.adds.append((strong, rule_id, finding))


# The same input schemas recur across servers, sources and versions, so the result is cached
# under a key that spells the value's whole structure (key order, str vs number vs bool, list
# vs dict). marshal format 2 is that key at a quarter of repr()'s cost: it writes each object
# by type and content only (format 3 and later would add back-references that depend on object
# identity), so equal bytes mean an equal value of the same types.
_STRUCT_CACHE: dict[tuple[str, bytes], tuple[tuple[bool, str, PoisonFinding], ...]] = {}
_STRUCT_CACHE_MAX = 20_000
_STRUCT_KEY_MAX_CHARS = 50_000
_STRUCT_MAX_ADDS = 64
_MARSHAL_FORMAT = 2


def _struct_key(value: Any) -> bytes:
    """The cache key of a JSON value; b"" when it cannot be keyed (then it is not cached)."""
    try:
        return marshal.dumps(value, _MARSHAL_FORMAT)
    except (ValueError, RecursionError):  # hostile nesting or a non-JSON object: just not cached
        return b""


def _scan_structured(col: _Collector, value: dict[str, Any], field: str, key: bytes | None = None) -> None:
    if key is None:
        key = _struct_key(value)
    cacheable = 0 < len(key) <= _STRUCT_KEY_MAX_CHARS
    adds = _STRUCT_CACHE.get((field, key)) if cacheable else None
    if adds is None:
        rec = _Recorder()
        _scan_structured_uncached(rec, value, field)
        adds = tuple(rec.adds)
        if cacheable and len(adds) <= _STRUCT_MAX_ADDS:
            if len(_STRUCT_CACHE) >= _STRUCT_CACHE_MAX:
                _STRUCT_CACHE.clear()
            _STRUCT_CACHE[(field, key)] = adds
    for strong, rule_id, finding in adds:
        col.add(strong, rule_id, finding)


def _scan_structured_uncached(col: _Collector | _Recorder, value: dict[str, Any], field: str) -> None:
    keys, strings, paths = _leaves(value)
    # One pass over all property names decides whether any needs a character check.
    joined_keys = "\n".join(k for k in keys if isinstance(k, str))
    if not joined_keys.isascii() or ANY_SUSPECT_CHAR.search(joined_keys) is not None:
        for k in keys:
            if isinstance(k, str) and not (k.isascii() and k.isprintable()):
                _char_checks(col, k, field, True, f"property name {k[:40]!r}", names=field == "input_schema")
    where = "schema" if field == "input_schema" else "desc"
    check_chars = ANY_SUSPECT_CHAR.search("\n".join(strings)) is not None
    cached = _rule_hits_cached
    for s, path in zip(strings, paths, strict=True):
        if check_chars and ANY_SUSPECT_CHAR.search(s) is not None:
            _char_checks(col, s, field, True, _path_label(path))
        n = len(s)
        if n < _MIN_RULE_TEXT:
            continue
        # _rule_hits, inlined: this loop runs for every string of every schema
        hits = cached(s, where) if n <= _CACHE_MAX_TEXT else _rule_hits_uncached(s, where)
        if hits:
            label = _path_label(path)
            for rule, quote in hits:
                _add_rule(col, rule, quote, field, True, label)


def clear_caches() -> None:
    """Forget every cached result (for cold-cache speed measurements)."""
    _rule_hits_cached.cache_clear()
    _STRUCT_CACHE.clear()
    _INDEX.clear()


def scan(tool: ToolInput, schema_key: bytes | None = None) -> list[PoisonFinding]:
    """Poisoning findings for one tool; [] when the tool is not flagged. schema_key: the input
    schema's cache key (_struct_key, i.e. classifier.text.schema_key) when the caller has it."""
    flagged, findings = scan_detail(tool, schema_key)
    return [f for _, f in findings] if flagged else []


def scan_detail(tool: ToolInput, schema_key: bytes | None = None) -> tuple[bool, list[tuple[bool, PoisonFinding]]]:
    """(flagged, [(strong, finding)]) including weak signals that did not add up to a flag;
    for the methodology report, which lists what came close on the real corpus."""
    col = _Collector()
    _char_checks(col, tool.tool, "name", False, names=True)
    if tool.title:
        _char_checks(col, tool.title, "title", False, names=True)
        _run_rules(col, tool.title, "title", "desc", False)
    desc = tool.description
    if desc:
        _char_checks(col, desc, "description", False)
        _run_rules(col, desc, "description", "desc", False)
        if len(desc) > OVERSIZED_CHARS:
            col.add(
                True,
                "oversized_description",
                PoisonFinding(
                    "oversized_description",
                    "description",
                    desc[:80],
                    f"the description is {len(desc):,} characters long, more than {OVERSIZED_CHARS:,}; "
                    "no tool needs that much text, and long text is where instructions hide",
                ),
            )
        # _PADDING needs 25 line breaks or 400 blank characters in a row: count before searching
        # (and a description shorter than 400 characters cannot hold 400 blanks)
        pm = (
            _PADDING.search(desc)
            if desc.count("\n") >= 25
            or (
                len(desc) >= 400
                and desc.count(" ") + desc.count("\t") + desc.count("\u00a0") + desc.count("\u3000") >= 400
            )
            else None
        )
        if pm is not None and desc[pm.end() :].strip():
            tail = desc[pm.end() :].lstrip()
            col.add(
                True,
                "padding",
                PoisonFinding(
                    "padding",
                    "description",
                    tail[:80].rstrip() or tail[:80],
                    f"{pm.end() - pm.start():,} characters of blank space push this text below what a "
                    "person sees in a tool list",
                ),
            )
    if tool.input_schema:
        _scan_structured(col, tool.input_schema, "input_schema", schema_key)
    if tool.annotations:
        _scan_structured(col, tool.annotations, "annotations")
    _demote_own_topic(col, tool)
    return col.strong or len(col.weak_rules) >= 2, col.findings


# Credential stores by the word a tool about them would carry in its name ("ssh_list_hosts",
# "aws_configure", "pypirc_check"): reading them is then the tool's purpose, not a side request.
_TOPICS = ("ssh", "aws", "kube", "npmrc", "pypirc", "netrc", "docker", "gcloud", "gnupg", "gpg", "git", "env",
           "passwd", "wallet", "keychain", "vault", "pgpass", "azure", "terraform")


def _demote_own_topic(col: _Collector, tool: ToolInput) -> None:
    """A credential finding about the tool's own subject counts as a weak signal only."""
    if not col.strong:
        return
    own = (tool.tool + " " + (tool.title or "")).lower()
    # the topic must start a word of the name: "inventory" is not about ".env"
    topics = [t for t in _TOPICS if re.search(rf"(?<![a-z]){t}", own)]
    if not topics:
        return
    strong = False
    for i, (is_strong, f) in enumerate(col.findings):
        if is_strong and f.code in ("credential_request", "exfil_parameter") and any(t in f.quote.lower() for t in topics):
            col.findings[i] = (False, f)
            col.weak_rules.add("own-topic")  # one signal, however many rules saw it
        elif is_strong:
            strong = True
    col.strong = strong
