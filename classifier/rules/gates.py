"""Testing every rule's gate (matchers.Gate) on a tool at once.

Most rules cannot fire on most tools, yet walking a rule's matcher tree to find that out costs
a Python call per node. Each gate literal and gate name word gets a bit; a tool's present
literals and name words become one integer, and a rule with a gate mask that misses it is
skipped.

A literal without whitespace can only occur inside one whitespace-separated chunk of the text,
so those are found per distinct chunk (chunks repeat across tools and are cached); a literal
with whitespace is tested on the whole text, and only when its longest chunk is present. The
answer for each literal is exactly `literal in t.low_text`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce
from operator import or_
from typing import Any

from classifier.rules.compiled import Compiled, compile_matchers, tested_words
from classifier.rules.matchers import Matcher, Rule, gate_of, pregated_of
from classifier.text import ToolText

_CACHE_LIMIT = 200_000
_CANDIDATES_MAX = 8192


def _one_chunk(s: str) -> bool:
    return s.split() == [s]


class GateIndex:
    def __init__(self, rules: Sequence[Rule]) -> None:
        gates = [gate_of(r.match) for r in rules]
        lit_bits: dict[str, int] = {}
        name_bits: dict[str, int] = {}
        for g in (one for gs in gates for one in gs):
            for table, keys in ((lit_bits, g.always | g.exact), (name_bits, g.names)):
                for key in sorted(keys):
                    if key not in table:
                        table[key] = 1 << (len(lit_bits) + len(name_bits))
        # the matcher each row calls: its pre-gated form when its masks below are all its gate
        calls = [pregated_of(r.match) if len(gs) <= 3 else r.match for r, gs in zip(rules, gates, strict=True)]
        # The literals and name words the compiled matchers test get bits too (no rule's mask
        # holds them), so a compiled matcher tests its needles as one AND on present()'s bits
        # instead of a substring search of low_text per needle.
        tested_lits, tested_names = tested_words(calls)
        for table, keys in ((lit_bits, tested_lits), (name_bits, tested_names)):
            for key in sorted(keys):
                if key not in table:
                    table[key] = 1 << (len(lit_bits) + len(name_bits))
        self.name_bits = name_bits
        self.lit_bits = lit_bits
        self.chunk_bits = {s: b for s, b in lit_bits.items() if _one_chunk(s)}
        # the other literals, filed under their longest chunk, which gets a bit of its own beyond
        # every literal's (a literal of whitespace alone is always tested)
        top = len(lit_bits) + len(name_bits)
        piece_bits: dict[str, int] = {}
        by_piece: dict[int, list[tuple[str, int]]] = {}
        always: list[tuple[str, int]] = []
        for s, b in lit_bits.items():
            if s in self.chunk_bits:
                continue
            pieces = s.split()
            if not pieces:
                always.append((s, b))
                continue
            piece = max(pieces, key=len)
            pb = piece_bits.get(piece)
            if pb is None:
                pb = piece_bits[piece] = 1 << (top + len(piece_bits))
            by_piece.setdefault(pb, []).append((s, b))
        self.piece_bits = piece_bits
        self.by_piece = tuple((pb, tuple(group)) for pb, group in by_piece.items())
        # present() visits only the pieces a text holds (a few) rather than every piece's group
        self._piece_union = reduce(or_, by_piece, 0)
        self._group_of = {pb: tuple(group) for pb, group in by_piece.items()}
        self.always_tested = tuple(always)
        # The same literals as one trie-shaped regex: at each position of a chunk it finds the
        # longest literal starting there, whose closure holds the bits of every literal inside
        # it (any other literal starting at that position is a prefix of it).
        # (a piece may also be a one-chunk literal: both bits are set)
        chunk_lits = (*self.chunk_bits.items(), *piece_bits.items())
        self._closure = {s: reduce(or_, (b for t, b in chunk_lits if t in s), 0) for s, _ in chunk_lits}
        self._longest_at = re.compile(f"(?=({_trie_pattern(sorted(self._closure))}))", re.DOTALL).findall
        if not self._closure:  # no literal at all: the empty pattern would match everywhere
            self._longest_at = lambda chunk: []
        self._chunks = _ChunkBits(self)
        # per rule: the masks that must all meet the present bits, on an exact text and on any
        # other (a Gate with `exact` literals holds on every other text)
        self.masks: list[tuple[Rule, tuple[int, ...], tuple[int, ...]]] = []
        for r, gs in zip(rules, gates, strict=True):
            on_exact: list[int] = []
            on_other: list[int] = []
            for g in gs:
                mask = 0
                for lit in g.always:
                    mask |= lit_bits[lit]
                for word in g.names:
                    mask |= name_bits[word]
                if not g.exact:
                    on_other.append(mask)
                for lit in g.exact:
                    mask |= lit_bits[lit]
                on_exact.append(mask)
            self.masks.append((r, tuple(on_exact), tuple(on_other)))
        # The same masks as flat rows per kind of text (exact or not, readOnlyHint or not), so
        # run_rules picks its candidates in one comprehension instead of a nested Python loop per
        # rule: (rule, mask, mask, mask), all three must meet the present bits. A rule without a
        # gate gets the bit run_rules always adds to present(); fewer masks repeat the first, and
        # masks beyond the third are left out.
        self.always_bit = 1 << (top + len(piece_bits))
        # Each row also holds the matcher to call: its pre-gated form (matchers.pregated_of) when
        # the three masks are all of the rule's gate, so a tool that passes them has passed it all.
        # The matcher in a row is its tree compiled into one function (classifier.rules.compiled),
        # called with the tool's shared texts: run_rules(t) passes them.
        self.compiled: dict[int, Compiled] = {}
        self.source_of: dict[Compiled, Matcher] = {}  # for the tests: the matcher each one compiles
        for m, fn in zip(calls, compile_matchers(calls, lit_bits, name_bits), strict=True):
            self.compiled[id(m)] = fn
            self.source_of[fn] = m
        self.tables: dict[tuple[bool, bool], tuple[tuple[Rule, Compiled, int, int, int], ...]] = {}
        for exact in (True, False):
            for readonly in (True, False):
                rows: list[tuple[Rule, Compiled, int, int, int]] = []
                for (r, on_exact, on_other), call in zip(self.masks, calls, strict=True):
                    if readonly and r.skip_if_readonly:
                        continue
                    # a gate is a condition every hit meets, so testing only three of a
                    # rule's masks still never skips a hit (it only skips fewer misses)
                    ms = (on_exact if exact else on_other)[:3] or (self.always_bit,)
                    # (on_other is a part of on_exact: three of those cover both kinds of text)
                    # (the call is the pre-gated form only when those three are all the masks)
                    rows.append((r, self.compiled[id(call)], ms[0], ms[1 % len(ms)], ms[2 % len(ms)]))
                self.tables[(exact, readonly)] = tuple(rows)
        self._candidates: dict[tuple[int, bool, bool], tuple[tuple[Rule, Compiled], ...]] = {}

    def candidates(self, present: int, exact: bool, readonly: bool) -> tuple[tuple[Rule, Compiled], ...]:
        """(rule, compiled matcher to call) of every rule whose tested masks meet `present` (present()'s
        bits), in table order. The same definitions recur across servers and versions, and so do
        their bits: the answer is remembered per (bits, kind of text), a dict hit instead of a
        pass over every rule's masks."""
        key = (present, exact, readonly)
        got = self._candidates.get(key)
        if got is None:
            p = present | self.always_bit
            got = tuple([(r, m) for r, m, a, b, c in self.tables[(exact, readonly)] if p & a and p & b and p & c])
            if len(self._candidates) >= _CANDIDATES_MAX:  # distinct texts must not grow it without bound
                self._candidates.clear()
            self._candidates[key] = got
        return got

    def chunk_mask(self, chunk: str) -> int:
        """The bits of the one-chunk literals and of the pieces inside `chunk`."""
        closure = self._closure
        return reduce(or_, [closure[s] for s in self._longest_at(chunk)], 0)

    def present(self, t: ToolText) -> int:
        """The bits of the gate literals in t.low_text and of the gate words in t.name_words
        (and of the pieces found, which no rule's mask holds)."""
        low = t.low_text
        chunks = self._chunks
        if len(chunks) >= _CACHE_LIMIT:
            chunks.clear()
        bits = reduce(or_, map(chunks.__getitem__, low.split()), 0)
        found = bits & self._piece_union
        while found:
            pb = found & -found
            found ^= pb
            for s, b in self._group_of[pb]:
                if s in low:
                    bits |= b
        for s, b in self.always_tested:
            if s in low:
                bits |= b
        get = self.name_bits.get
        for word in t.name_words:
            bits |= get(word, 0)
        return bits


def _trie_pattern(words: list[str]) -> str:
    """A regex matching the longest of `words` at a position: one branch per next character, so
    the engine follows a single path instead of trying every word."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # a word may end here: try the longer ones first (greedy), then stop
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


class _ChunkBits(dict[str, int]):
    """chunk → GateIndex.chunk_mask(chunk), computed on first sight."""

    def __init__(self, index: GateIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, chunk: str) -> int:
        bits = self[chunk] = self.index.chunk_mask(chunk)
        return bits
