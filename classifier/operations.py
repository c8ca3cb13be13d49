"""Multiplexed tools: one argument (`action`, `operation`, `method`...) selects what the tool does.

Each enum value is classified on its own from its verb, so a `projects_write` tool whose
`method` enum contains `delete_project_item` shows that operation as a destructive Write.
"""

from __future__ import annotations

import re

from catalog.models import Operation
from classifier.lexicon import DELETE_VERBS, W, verb_class
from classifier.text import SchemaProp, ToolText, split_identifier

SELECTOR = re.compile(
    r"(?:action|actions|operation|operations|op|method|command|subcommand|verb|task)", re.IGNORECASE
)
HTTP_VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_RUN_WORDS = frozenset(W("run rerun trigger execute exec start deploy install dispatch evaluate eval"))
_CODE_WORDS = frozenset(W("sql query script code command shell"))
MAX_OPERATIONS = 50


def _selector(t: ToolText) -> SchemaProp | None:
    for p in t.props:
        if SELECTOR.fullmatch(p.name) and len(p.enum) >= 2:
            # An HTTP-method enum configures what the tool creates (an uptime monitor's method),
            # unless the tool itself is a generic request.
            if set(v.upper() for v in p.enum) <= HTTP_VERBS and not any(
                tok.text in {"request", "http", "api", "fetch", "call"} for tok in t.name_tokens
            ):
                return None
            return p
    return None


def classify_value(value: str) -> tuple[str, str] | None:
    toks = [tok.text for tok in split_identifier(value)]
    if not toks:
        return None
    if toks[0] in _RUN_WORDS or (toks[0] in {"run", "execute"} and _CODE_WORDS.intersection(toks)):
        risk = "critical" if _CODE_WORDS.intersection(toks) else "high"
        return "Execute", risk
    cls = None
    for tok in toks:
        cls = verb_class(tok)
        if cls:
            break
    if cls is None:
        return None
    if cls == "Execute":
        return "Execute", "high"
    if cls == "Write":
        if DELETE_VERBS.intersection(toks):
            return "Write", "high"
        return "Write", "medium"
    return "Read", "low"


def classify_operations(t: ToolText) -> list[Operation]:
    sel = _selector(t)
    if sel is None:
        return []
    out: list[Operation] = []
    known = 0
    for value in sel.enum[:MAX_OPERATIONS]:
        got = classify_value(value)
        if got is None:
            continue
        known += 1
        out.append(Operation(argument=sel.name, value=value, action=got[0], risk=got[1]))  # type: ignore[arg-type]
    # An enum of modes rather than verbs (half the values unknown) is not an operation selector.
    if known * 2 < len(sel.enum[:MAX_OPERATIONS]):
        return []
    return out
