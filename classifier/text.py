"""The texts of one tool that rules, features and evidence all read from.

Evidence quotes must be exact substrings of the field they cite, so every field is turned
into one string here, once, and everything downstream quotes from these strings.
"""

from __future__ import annotations

import json
import marshal
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from catalog.models import HINT_KEYS, ToolInput
from classifier.regex_literals import literals_exact

# Sub-words of an identifier in any convention: get_x, x-get, pods.list, listPods, API-post-search.
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n\s*\n")


def field_json(value: Any) -> str:
    """The canonical text of a JSON field that evidence quotes from."""
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# Immutable records as NamedTuples rather than frozen dataclasses: tens of thousands are built
# per batch, and a NamedTuple is created and hashed in C (a frozen dataclass runs Python code
# for __init__, each field's setattr and __hash__).
class Token(NamedTuple):
    text: str  # lower-cased
    start: int
    end: int


_new_tuple = tuple.__new__


@lru_cache(maxsize=65_536)
def _split_cached(name: str) -> tuple[Token, ...]:
    # tuple.__new__ straight from a list: a NamedTuple's own __new__ is a Python function, and
    # tool names are mostly new to the cache
    return tuple([_new_tuple(Token, (m.group().lower(), m.start(), m.end())) for m in _WORD.finditer(name)])


def split_identifier(name: str) -> list[Token]:
    # Property names and tool names repeat across thousands of tools: cached.
    return list(_split_cached(name))


def words(text: str) -> list[str]:
    # findall hands back the strings themselves (_WORD has no groups): no match object per word
    return list(map(str.lower, _WORD.findall(text)))


# "WARNING: Closes ALL positions ...": a warning label in front of the lead is not its verb.
_WARNING_LABEL = re.compile(
    r"^\W{0,4}(?:warning|caution|danger|dangerous|destructive)\s*[:!\-\u2013\u2014]+\s*", re.I
)


def first_sentence(text: str) -> str:
    text = _WARNING_LABEL.sub("", text.strip(), count=1)
    m = _SENTENCE_END.search(text)
    return text[: m.start()] if m else text[:300]


class SchemaProp(NamedTuple):
    name: str
    types: tuple[str, ...]
    enum: tuple[str, ...]
    description: str


def _types(spec: dict[str, Any]) -> tuple[str, ...]:
    t = spec.get("type")
    if type(t) is str and "anyOf" not in spec and "oneOf" not in spec:
        return (t,)  # the common case, without building a list
    out: list[str] = []
    if isinstance(t, str):
        out.append(t)
    elif isinstance(t, list):
        out.extend(x for x in t if isinstance(x, str))
    for key in ("anyOf", "oneOf"):
        alts = spec.get(key)
        if isinstance(alts, list):
            for alt in alts:
                if isinstance(alt, dict) and isinstance(alt.get("type"), str):
                    out.append(alt["type"])
    return tuple(out)


# Keys _enum reads; most property specs carry none of them.
_ENUM_KEYS = frozenset({"enum", "const", "anyOf", "oneOf", "items"})


def _enum(spec: dict[str, Any]) -> tuple[str, ...]:
    if _ENUM_KEYS.isdisjoint(spec):
        return ()
    values: list[Any] = []
    if isinstance(spec.get("enum"), list):
        values.extend(spec["enum"])
    if "const" in spec:
        values.append(spec["const"])
    for key in ("anyOf", "oneOf"):
        alts = spec.get(key)
        if isinstance(alts, list):
            for alt in alts:
                if isinstance(alt, dict):
                    if isinstance(alt.get("enum"), list):
                        values.extend(alt["enum"])
                    if "const" in alt:
                        values.append(alt["const"])
    items = spec.get("items")
    if isinstance(items, dict) and isinstance(items.get("enum"), list):
        values.extend(items["enum"])
    return tuple(v for v in values if isinstance(v, str))[:100]


# The same input schemas recur across servers and versions: their property lists are cached,
# keyed by the schema's marshal bytes (format 2 spells type and content only, never object
# identity, so equal bytes mean an equal schema). The SchemaProp records are frozen, so tools
# with the same schema can share them.
_PROPS_CACHE: dict[tuple[bytes, int], tuple[SchemaProp, ...]] = {}
_PROPS_CACHE_MAX = 20_000
_PROPS_KEY_MAX_BYTES = 50_000


def schema_props(schema: dict[str, Any] | None, limit: int = 200) -> list[SchemaProp]:
    """Top-level and nested property specs, breadth first, bounded (schemas are hostile)."""
    return schema_props_keyed(schema, limit)[0]


def schema_key(schema: Any) -> bytes:
    """The schema's marshal bytes (format 2: type and content only), b"" when it has none. The
    poisoning scan keys its cache on the same bytes (poisoning._struct_key), so a tool's key is
    made once and handed on."""
    try:
        return marshal.dumps(schema, 2)
    except (ValueError, RecursionError):  # hostile nesting or a non-JSON object
        return b""


def schema_props_keyed(schema: dict[str, Any] | None, limit: int = 200) -> tuple[list[SchemaProp], bytes | None]:
    """(schema_props, schema_key) of a schema; the key is None when the schema is not a dict."""
    if not isinstance(schema, dict):
        return [], None
    key = schema_key(schema)
    if not key or len(key) > _PROPS_KEY_MAX_BYTES:  # not cached
        return _schema_props(schema, limit), key
    got = _PROPS_CACHE.get((key, limit))
    if got is None:
        if len(_PROPS_CACHE) >= _PROPS_CACHE_MAX:
            _PROPS_CACHE.clear()
        got = _PROPS_CACHE[(key, limit)] = tuple(_schema_props(schema, limit))
    return list(got), key


def _schema_props(schema: dict[str, Any], limit: int) -> list[SchemaProp]:
    out: list[SchemaProp] = []
    queue: list[dict[str, Any]] = [schema]
    while queue and len(out) < limit:
        node = queue.pop(0)
        props = node.get("properties")
        if isinstance(props, dict):
            for name, spec in props.items():
                if not isinstance(spec, dict):
                    continue
                desc = spec.get("description")
                out.append(
                    SchemaProp(str(name), _types(spec), _enum(spec), desc if isinstance(desc, str) else "")
                )
                if len(queue) < limit:
                    queue.append(spec)
                    if isinstance(spec.get("items"), dict):
                        queue.append(spec["items"])
                if len(out) >= limit:
                    break
    return out


@dataclass
class ToolText:
    id: str
    name: str
    title: str
    description: str
    schema_obj: Any
    ann_obj: Any
    server: str
    hints: dict[str, bool | None]
    props: list[SchemaProp]
    name_tokens: list[Token]
    lead: str  # first sentence of the description (or the title)
    extra: dict[str, Any] = field(default_factory=dict)
    # The name's lower-cased sub-words as a set: most name rules fail, and a set-disjointness
    # test says so without looking at each token.
    name_words: frozenset[str] = field(init=False)
    # Lower-cased title + description + name, for cheap substring pre-checks before regexes. A
    # plain attribute, not a lazy property: every tool needs it (the rule gates read it first)
    # and the matchers read it a dozen times per tool.
    low_text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.name_words = frozenset(tok.text for tok in self.name_tokens)
        self.low_text = f"{self.title}\n{self.description}\n{self.name}".lower()

    def field(self, name: str) -> str:
        return getattr(self, name)

    # The JSON texts are only needed when a rule or the evidence quotes them: built lazily.
    @property
    def input_schema(self) -> str:
        text = self.extra.get("schema_json")
        if text is None:
            text = self.extra["schema_json"] = field_json(self.schema_obj)
        return text

    @property
    def annotations(self) -> str:
        text = self.extra.get("ann_json")
        if text is None:
            text = self.extra["ann_json"] = field_json(self.ann_obj)
        return text

    @property
    def literals_exact(self) -> bool:
        """Whether literal pre-checks on low_text are exact (see classifier.regex_literals)."""
        exact = self.extra.get("exact")
        if exact is None:
            exact = self.extra["exact"] = literals_exact(f"{self.title}\n{self.description}\n{self.name}")
        return exact

    def rule_hits(self) -> list[Any]:
        """The rule hits for this text, computed once (the model and the decision both need them)."""
        hits = self.extra.get("hits")
        if hits is None:
            from classifier.rules import run_rules

            hits = self.extra["hits"] = run_rules(self)
        return hits

    @classmethod
    def from_input(cls, tool: ToolInput, *, hide_annotations: bool = False) -> ToolText:
        ann = None if hide_annotations else tool.annotations
        hints: dict[str, bool | None] = {
            k: (ann[k] if isinstance(ann, dict) and isinstance(ann.get(k), bool) else None) for k in HINT_KEYS
        }
        description = tool.description or ""
        title = tool.title or ""
        props, key = schema_props_keyed(tool.input_schema)
        t = cls(
            id=tool.id,
            name=tool.tool,
            title=title,
            description=description,
            schema_obj=tool.input_schema,
            ann_obj=ann,
            server=tool.server or "",
            hints=hints,
            props=props,
            name_tokens=split_identifier(tool.tool),
            lead=first_sentence(description) if description else title,
        )
        if key is not None:
            t.extra["schema_key"] = key  # for poisoning.scan, which keys its cache on it too
        return t
