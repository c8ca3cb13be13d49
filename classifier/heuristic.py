"""The rules-only action guess: name verb, then description verb, then the declared hints.

Used when no fitted model is available, and as a feature of the model.
"""

from __future__ import annotations

import re

from classifier.lexicon import AMBIGUOUS_NOUNS, W, verb_class
from classifier.text import ToolText, words

_LEAD_VERB = re.compile(
    r"^\W*(?:this tool\s+|use this (?:tool\s+)?to\s+|tool to\s+)?([A-Za-z]+)", re.IGNORECASE
)

# `resolve` closes an issue or a thread (a write), but resolving a name, an address or a domain to what it points
# at is a lookup (round 7: ENS `resolve-name` "Resolve an ENS name to an Ethereum address").
_LOOKUP_NOUNS = frozenset(
    W(
        "name names address addresses ens domain domains dns id ids identifier identifiers hostname host handle handles "
        "symbol symbols url uri alias aliases library assignee assignees"
    )
)
_RESOLVE_LOOKUP = re.compile(
    r"^\W*resolves?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:names?|address(?:es)?|domains?|ids?|identifiers?|"
    r"hostnames?|handles?|symbols?|urls?|uris?|aliases?)\s+(?:to|into)\b",
    re.IGNORECASE,
)


def name_verb(t: ToolText) -> tuple[str | None, str | None]:
    """(verb class, the name token it came from): first token, else last, else any token."""
    # asked three times per tool (features, the guess, the evidence): computed once
    got = t.extra.get("name_verb")
    if got is None:
        got = t.extra["name_verb"] = _name_verb(t)
    return got


def _name_verb(t: ToolText) -> tuple[str | None, str | None]:
    toks = t.name_tokens
    if not toks:
        return None, None
    # A noun-like verb (`status`, `logs`) reads as a verb only as the first token: in
    # `mysql-changeStatus` the verb is `change`, so such tokens elsewhere are tried last.
    rest = [toks[-1], *toks[1:-1]] if len(toks) > 1 else []
    order = [
        toks[0],
        *[x for x in rest if x.text not in AMBIGUOUS_NOUNS],
        *[x for x in rest if x.text in AMBIGUOUS_NOUNS],
    ]
    for tok in order:
        cls = verb_class(tok.text)
        if cls:
            if tok.text == "resolve" and not _LOOKUP_NOUNS.isdisjoint(t.name_words):
                cls = "Read"
            return cls, t.name[tok.start : tok.end]
    return None, None


def lead_verb(t: ToolText) -> tuple[str | None, str | None]:
    got = t.extra.get("lead_verb")
    if got is None:
        got = t.extra["lead_verb"] = _lead_verb(t)
    return got


def _lead_verb(t: ToolText) -> tuple[str | None, str | None]:
    text = t.lead or t.title
    m = _LEAD_VERB.match(text or "")
    if not m:
        return None, None
    word = m.group(1)
    w = word.lower()
    if w in ("resolve", "resolves") and _RESOLVE_LOOKUP.match(text or ""):
        return "Read", word
    for cand in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w):
        cls = verb_class(cand)
        if cls:
            return cls, word
    return None, None


def guess_action(t: ToolText) -> tuple[str, float]:
    """(action, confidence) without rules that assert Execute."""
    nv, _ = name_verb(t)
    lv, _ = lead_verb(t)
    ro = t.hints.get("readOnlyHint")
    if ro is None and t.hints.get("destructiveHint") is True:
        # MCP: destructiveHint is meaningful only when readOnlyHint is false, and an absent readOnlyHint
        # defaults to false, so a server that sets only destructiveHint declares a write (round 8).
        ro = False
    text_guess = nv or lv
    if ro is True:
        return "Read", 0.95 if text_guess in (None, "Read") else 0.8
    if ro is False:
        if text_guess == "Read" and lv in (None, "Read") and not _mentions_write(t):
            return "Read", 0.6
        return "Write", 0.85 if text_guess != "Read" else 0.6
    if text_guess is None:
        return "Read", 0.5
    if text_guess == "Execute":
        return "Write", 0.5
    return text_guess, 0.7 if nv == lv or lv is None else 0.6


_WRITE_WORDS = frozenset(W("create update delete remove modify write add set send post edit insert"))


def _mentions_write(t: ToolText) -> bool:
    return bool(_WRITE_WORDS.intersection(words(t.lead)))
