"""Feature tokens for the model: everything a tool definition carries, as prefixed tokens.

One bag of prefixed tokens per tool (n: name token, nf: first name token, t: title word,
l: first-sentence word, d: description word, p: schema property token, e: enum value token,
h: declared hint, r: rule id, v: verb class...). The vocabulary, idf and weights are fitted in
classifier.train; inference here needs only numpy (no scikit-learn import at load time).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

import numpy as np

from classifier.heuristic import lead_verb, name_verb
from classifier.lexicon import W
from classifier.rules import RuleHit
from classifier.text import SchemaProp, ToolText, split_identifier, words

FEATURES_VERSION = "f4"
_DESC_CHARS = 600
_STOP = frozenset(
    W(
        "a an the of to in on for and or with by from is are be this that it as at use used using can will your you "
        "if when which its into not no all any only also more"
    )
)
_NEGATION = re.compile(r"\b(?:no|not|never|without|cannot|doesn't|does not|won't)\b", re.IGNORECASE)
# The same words in a lower-cased ASCII text, where case folding is plain lower-casing: a case-
# sensitive search there skips the IGNORECASE engine's slow path (half the time).
_NEGATION_LOW = re.compile(_NEGATION.pattern)
_CODE_PROPS = frozenset(W("code script command cmd sql query cypher expression function shell snippet"))
_MONEY_PROPS = frozenset(W("amount currency price unit"))


def _char_grams(token: str, n: int = 3) -> Iterable[str]:
    padded = f"^{token}$"
    for i in range(len(padded) - n + 1):
        yield padded[i : i + n]


_DWORD = re.compile(r"[a-z]{3,}")


@lru_cache(maxsize=65_536)
def _prop_tokens(p: SchemaProp) -> tuple[str, ...]:
    """Feature tokens of one schema property (cached: the same properties recur across servers)."""
    out: list[str] = []
    for pt in (tok.text for tok in split_identifier(p.name)):
        out.append("p:" + pt)
        if pt in _CODE_PROPS:
            out.append("pc:code_like")
        if pt in _MONEY_PROPS:
            out.append("pc:money_like")
    out.extend(f"pt:{ty}" for ty in p.types)
    for v in p.enum[:30]:
        out.extend("e:" + et.text for et in split_identifier(v)[:3])
    return tuple(out)


@lru_cache(maxsize=65_536)
def _name_token_features(tok: str) -> tuple[str, ...]:
    """The token and its character trigrams (cached: name words recur across thousands of tools)."""
    if len(tok) < 4:
        return ("n:" + tok,)
    return ("n:" + tok, *("c:" + g for g in _char_grams(tok)))


def doc_tokens(t: ToolText, hits: Sequence[RuleHit]) -> list[str]:
    # list comprehensions and extend() instead of per-token append(): the same tokens in the same
    # order, with the loops in C (this runs once per tool on every classification)
    out: list[str] = []
    toks = [tok.text for tok in t.name_tokens]
    if toks:
        out.append("nf:" + toks[0])
        out.append("nl:" + toks[-1])
        for tok in toks:
            out.extend(_name_token_features(tok))
        out.extend([f"nb:{a}_{b}" for a, b in zip(toks, toks[1:], strict=False)])
    nv, _ = name_verb(t)
    lv, _ = lead_verb(t)
    out.append(f"vn:{nv}")
    out.append(f"vl:{lv}")
    out.append(f"vnl:{nv}_{lv}")
    if t.title:
        out.extend(["t:" + w for w in words(t.title) if w not in _STOP])
    lead_words = [w for w in words(t.lead) if w not in _STOP]
    if lead_words:
        out.append("lf:" + lead_words[0])
        out.extend(["l:" + w for w in lead_words])
        out.extend([f"lb:{a}_{b}" for a, b in zip(lead_words, lead_words[1:], strict=False)])
    desc = t.description[:_DESC_CHARS]
    low_desc = desc.lower()
    if _NEGATION_LOW.search(low_desc) if desc.isascii() else _NEGATION.search(desc):
        out.append("d:__negation__")
    out.extend(["d:" + w for w in _DWORD.findall(low_desc) if w not in _STOP])
    for p in t.props[:60]:
        out.extend(_prop_tokens(p))
    out.append(f"np:{min(len(t.props), 8)}")
    if not t.description:
        out.append("d:__empty__")
    out.extend([f"h:{key}={val}" for key, val in t.hints.items() if val is not None])
    out.append(f"h:ro={t.hints.get('readOnlyHint')}")
    out.extend(["r:" + h.rule.id for h in hits])
    return out


class _IdsOf(dict[str, int]):
    """word -> vocabulary index of prefix + word (-1: not a feature), looked up on first sight;
    stop words are never features (doc_tokens drops them)."""

    __slots__ = ("index", "prefix", "stop")

    def __init__(self, index: dict[str, int], prefix: str, stop: frozenset[str] = _STOP) -> None:
        super().__init__()
        self.index = index
        self.prefix = prefix
        self.stop = stop

    def __missing__(self, word: str) -> int:
        got = -1 if word in self.stop else self.index.get(self.prefix + word, -1)
        if len(self) < _IDS_CACHE_MAX:  # hostile text must not grow it without bound
            self[word] = got
        return got


class _PairIds(dict[tuple[str, str], int]):
    """(a, b) -> vocabulary index of f"{prefix}{a}_{b}" (-1: not a feature), looked up on first
    sight: zip() hands the pairs over as tuples, so map() looks them up without a Python loop
    or a string built per pair."""

    __slots__ = ("index", "prefix")

    def __init__(self, index: dict[str, int], prefix: str) -> None:
        super().__init__()
        self.index = index
        self.prefix = prefix

    def __missing__(self, pair: tuple[str, str]) -> int:
        got = self.index.get(f"{self.prefix}{pair[0]}_{pair[1]}", -1)
        if len(self) < _IDS_CACHE_MAX:
            self[pair] = got
        return got


_IDS_CACHE_MAX = 200_000


class _IdCaches:
    """Per vocabulary: the word maps of doc_ids and the ids of cached token groups."""

    def __init__(self, index: dict[str, int]) -> None:
        self.title = _IdsOf(index, "t:")
        self.lead = _IdsOf(index, "l:")
        self.desc = _IdsOf(index, "d:")
        no_stop: frozenset[str] = frozenset()
        self.first_name = _IdsOf(index, "nf:", no_stop)
        self.last_name = _IdsOf(index, "nl:", no_stop)
        self.first_lead = _IdsOf(index, "lf:", no_stop)
        self.rule = _IdsOf(index, "r:", no_stop)
        self.name_pairs = _PairIds(index, "nb:")
        self.lead_pairs = _PairIds(index, "lb:")
        # (name verb, lead verb) -> ids of vn:, vl:, vnl:; the hints' (key, value) pairs -> ids of
        # the h: tokens and h:ro= (both have a handful of values)
        self.verbs: dict[tuple[str | None, str | None], tuple[int, int, int]] = {}
        self.hints: dict[tuple[tuple[str, bool | None], ...], tuple[int, ...]] = {}
        self.name: dict[str, tuple[int, ...]] = {}
        self.props: dict[SchemaProp, tuple[int, ...]] = {}
        # schema key (text.schema_key's marshal bytes) -> the ids of all its props and of np:
        # catalogs repeat whole schemas, and the bytes' hash is kept on them, so one lookup
        # replaces hashing each SchemaProp (a tuple of tuples) again
        self.schemas: dict[bytes, tuple[int, ...]] = {}


_ID_CACHES: tuple[Vocabulary, _IdCaches] | None = None


def doc_ids(t: ToolText, hits: Sequence[RuleHit], vocab: Vocabulary) -> list[int]:
    """The vocabulary indices of doc_tokens(t, hits) (-1 for a token outside it), in another order.
    A row depends only on which indices occur how often, so inference can skip building the token
    strings: word features come from per-word caches. The tests compare both on every labelled tool."""
    index = vocab.index
    get = index.get
    global _ID_CACHES
    if _ID_CACHES is None or _ID_CACHES[0] is not vocab:
        # one vocabulary's caches at a time (cross-validation fits many in turn); kept off the
        # vocabulary itself, which is pickled with the model
        _ID_CACHES = (vocab, _IdCaches(index))
    caches = _ID_CACHES[1]
    out: list[int] = []
    toks = [tok.text for tok in t.name_tokens]
    if toks:
        out.append(caches.first_name[toks[0]])
        out.append(caches.last_name[toks[-1]])
        name_ids = caches.name
        for tok in toks:
            ids = name_ids.get(tok)
            if ids is None:
                ids = tuple(get(x, -1) for x in _name_token_features(tok))
                if len(name_ids) < _IDS_CACHE_MAX:
                    name_ids[tok] = ids
            out.extend(ids)
        out.extend(map(caches.name_pairs.__getitem__, zip(toks, toks[1:])))  # noqa: B905 - one shorter
    verbs = (name_verb(t)[0], lead_verb(t)[0])
    verb_ids = caches.verbs.get(verbs)
    if verb_ids is None:
        nv, lv = verbs
        verb_ids = caches.verbs[verbs] = (get(f"vn:{nv}", -1), get(f"vl:{lv}", -1), get(f"vnl:{nv}_{lv}", -1))
    out.extend(verb_ids)
    if t.title:
        out.extend(map(caches.title.__getitem__, words(t.title)))
    lead_words = [w for w in words(t.lead) if w not in _STOP]
    if lead_words:
        out.append(caches.first_lead[lead_words[0]])
        out.extend(map(caches.lead.__getitem__, lead_words))
        out.extend(map(caches.lead_pairs.__getitem__, zip(lead_words, lead_words[1:])))  # noqa: B905
    desc = t.description[:_DESC_CHARS]
    low_desc = desc.lower()
    if _NEGATION_LOW.search(low_desc) if desc.isascii() else _NEGATION.search(desc):
        out.append(get("d:__negation__", -1))
    out.extend(map(caches.desc.__getitem__, _DWORD.findall(low_desc)))
    key = t.extra.get("schema_key")
    schema_ids = caches.schemas.get(key) if key is not None else None
    if schema_ids is None:
        schema_ids = _schema_ids(t.props, caches.props, get)
        # same bytes -> same schema -> same props (a key too long is not kept: memory)
        if key is not None and len(key) <= _SCHEMA_KEY_MAX and len(caches.schemas) < _SCHEMA_IDS_MAX:
            caches.schemas[key] = schema_ids
    out.extend(schema_ids)
    if not t.description:
        out.append(get("d:__empty__", -1))
    hint_key = tuple(t.hints.items())
    hint_ids = caches.hints.get(hint_key)
    if hint_ids is None:
        ids = [get(f"h:{key}={val}", -1) for key, val in hint_key if val is not None]
        ids.append(get(f"h:ro={t.hints.get('readOnlyHint')}", -1))
        hint_ids = tuple(ids)
        if len(caches.hints) < _IDS_CACHE_MAX:
            caches.hints[hint_key] = hint_ids
    out.extend(hint_ids)
    rule_ids = caches.rule
    out.extend([rule_ids[h.rule.id] for h in hits])
    return out


_SCHEMA_IDS_MAX = 20_000
_SCHEMA_KEY_MAX = 50_000


def _schema_ids(
    props: Sequence[SchemaProp], prop_ids: dict[SchemaProp, tuple[int, ...]], get: Any
) -> tuple[int, ...]:
    """The ids of a schema's prop tokens (first 60 props) and of its np: token, in doc_ids' order."""
    out: list[int] = []
    for p in props[:60]:
        ids = prop_ids.get(p)
        if ids is None:
            ids = tuple(get(x, -1) for x in _prop_tokens(p))
            if len(prop_ids) < _IDS_CACHE_MAX:
                prop_ids[p] = ids
        out.extend(ids)
    out.append(get(f"np:{min(len(props), 8)}", -1))
    return tuple(out)


# Feature blocks by token prefix. With block weights, each block of a row is normalised on its own
# and then weighted, so a long description cannot drown the name, the verbs and the rule ids.
_BLOCK_OF_PREFIX = {
    **dict.fromkeys(("n", "nf", "nl", "c", "nb"), "name"),
    **dict.fromkeys(("t", "l", "lf", "lb"), "lead"),
    "d": "description",
    **dict.fromkeys(("p", "pt", "e", "np"), "schema"),
    **dict.fromkeys(("vn", "vl", "vnl", "h", "r", "pc"), "cues"),
}
BLOCKS = ("name", "lead", "description", "schema", "cues")


def token_block(token: str) -> str:
    return _BLOCK_OF_PREFIX.get(token.partition(":")[0], "description")


@dataclass
class Vocabulary:
    index: dict[str, int]
    idf: np.ndarray
    # per term: its block's number in BLOCKS, and per block its weight (None: one plain
    # l2-normalised tf-idf row, as before blocks existed)
    block_of: np.ndarray | None = None
    block_weight: np.ndarray | None = None

    def terms(self) -> list[str]:
        """Feature index → token (built once, for explanations)."""
        cached = self.__dict__.get("_terms")
        if cached is None:
            cached = [""] * len(self.index)
            for tok, i in self.index.items():
                cached[i] = tok
            self.__dict__["_terms"] = cached
        return cached

    @classmethod
    def fit(
        cls, docs: Sequence[list[str]], min_df: int = 2, block_weights: dict[str, float] | None = None
    ) -> Vocabulary:
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        terms = sorted(t for t, c in df.items() if c >= min_df)
        n = len(docs)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
        vocab = cls({t: i for i, t in enumerate(terms)}, idf)
        if block_weights:
            vocab.block_of = np.array([BLOCKS.index(token_block(t)) for t in terms], dtype=np.int64)
            vocab.block_weight = np.array([block_weights.get(b, 1.0) for b in BLOCKS], dtype=np.float64)
        return vocab

    def _weigh(self, doc_of: np.ndarray, idx: np.ndarray, tf: np.ndarray, n: int) -> np.ndarray:
        """Sublinear tf-idf, normalised per block and weighted (if blocks are set), then l2 per row."""
        w = (1.0 + np.log(tf)) * self.idf[idx]
        if self.block_of is not None and self.block_weight is not None:
            nb = len(self.block_weight)
            block = self.block_of[idx]
            key = doc_of * nb + block
            bnorm = np.sqrt(np.bincount(key, weights=w * w, minlength=n * nb))
            w *= self.block_weight[block] / bnorm[key]
        norm = np.sqrt(np.bincount(doc_of, weights=w * w, minlength=n))
        return w / norm[doc_of]

    def row_of_ids(self, ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(indices, weights) of one document from its vocabulary indices (doc_ids; -1: unknown):
        the weights rows_of_ids() gives it, with the terms in the order they first occur (the
        name's first), which explanations break ties by."""
        arr = np.asarray(ids, dtype=np.int64)
        arr = arr[arr >= 0]
        if not len(arr):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx, first, tf = np.unique(arr, return_index=True, return_counts=True)
        w = self._weigh(np.zeros(len(idx), dtype=np.int64), idx, tf.astype(np.float64), 1)
        order = np.argsort(first, kind="stable")
        return idx[order], w[order]

    def rows(self, docs: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every document's row at once, as flat (document, indices, weights) arrays; the same
        weights as row(), with the per-document loop done by numpy instead of Python."""
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        total = int(lengths.sum())
        flat = chain.from_iterable(docs)
        ids = np.fromiter(map(self.index.get, flat, repeat(-1, total)), dtype=np.int64, count=total)
        return self._rows(ids, lengths)

    def rows_of_ids(self, docs: Sequence[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """rows() from each document's vocabulary indices (doc_ids; -1: unknown): the same arrays,
        since a row depends on which indices occur how often, not on their order."""
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        total = int(lengths.sum())
        ids = np.fromiter(chain.from_iterable(docs), dtype=np.int64, count=total)
        return self._rows(ids, lengths)

    def _rows(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = len(lengths)
        doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
        known = ids >= 0
        # one sorted key per (document, term): unique() counts the term frequencies of all docs
        keys, tf = np.unique(doc[known] * len(self.index) + ids[known], return_counts=True)
        doc_of, idx = np.divmod(keys, len(self.index))
        return doc_of, idx, self._weigh(doc_of, idx, tf.astype(np.float64), n)

    def matrix(self, docs: Sequence[list[str]]):  # noqa: ANN201 - scipy.sparse.csr_matrix (train only)
        from scipy.sparse import csr_matrix

        doc_of, idx, w = self.rows(docs)
        # rows() sorts by (document, term): the CSR arrays follow directly
        indptr = np.concatenate(([0], np.cumsum(np.bincount(doc_of, minlength=len(docs)))))
        return csr_matrix((w, idx, indptr), shape=(len(docs), len(self.index)))
