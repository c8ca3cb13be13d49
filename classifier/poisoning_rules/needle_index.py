"""Testing needle groups on a text: rule by rule (groups_present) or all at once (NeedleIndex,
plan_present)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import reduce
from itertools import compress
from operator import or_


def groups_present(groups: tuple[tuple[str, ...], ...], low: str, memo: dict[int, bool]) -> bool:
    """True if every needle group has a literal in `low`. Groups are shared tuples, so the
    answer per group is memoised by identity for the rules that reuse it on the same text."""
    for group in groups:
        key = id(group)
        hit = memo.get(key)
        if hit is None:
            hit = False
            for needle in group:
                if needle in low:
                    hit = True
                    break
            memo[key] = hit
        if not hit:
            return False
    return True


# --- one pass over a text for every needle of every rule --------------------------------------
# Checking the needle groups rule by rule costs a Python loop per needle per text, more than
# the regexes themselves. Instead every distinct needle gets a bit, a text's present needles
# become one integer, and a rule's group is present when its bit mask meets the text's mask.
# Needles made only of word characters can only occur inside one run of word characters, so
# they are found per distinct word (words repeat across texts and are cached); the few others
# (spaces, punctuation) are tested on the whole text. The answer is exactly `groups_present`.

_WORD_RUN = re.compile(r"\w+")


def _has_space(s: str) -> bool:
    return any(c.isspace() for c in s)

_FINDALL_WORDS = _WORD_RUN.findall
# chunks longer than this are not cached (they are rare, and hostile text could make them long)
_CHUNK_KEY_MAX = 64


class _WordMasks(dict[str, int]):
    """word -> needle bits, computed (and stored by `compute`) the first time a word is asked."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[str], int]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> int:
        return self.compute(word)


class NeedleIndex:
    def __init__(self, groups: list[tuple[tuple[str, ...], ...]]) -> None:
        bits: dict[str, int] = {}
        for rule_groups in groups:
            for group in rule_groups:
                for needle in group:
                    bits.setdefault(needle, 1 << (len(bits) + 1))  # bit 0 stays free (see poisoning._rule_hits_uncached)
        self.bits = bits
        self.word_bits = {n: b for n, b in bits.items() if _WORD_RUN.fullmatch(n)}
        # Needles without whitespace ("n't", ".env", "@", "<!--") lie inside one chunk of
        # str.split() as well, so they are found per distinct chunk with the words (chunks repeat
        # across texts); only needles with whitespace ("not ", "you are now") are tested on the
        # whole text (spaced_mask).
        self.solid = tuple((n, b) for n, b in bits.items() if n not in self.word_bits and not _has_space(n))
        self._solid_needles = tuple(n for n, _ in self.solid)
        self._solid_bits = tuple(b for _, b in self.solid)
        self.other = tuple((n, b) for n, b in bits.items() if n not in self.word_bits and _has_space(n))
        # A non-word needle ("you are now", ".env", "n't") can only occur where each of its
        # word pieces occurs inside some word: the pieces get bits of their own (beyond every
        # needle's), and the needles are grouped by the pieces they need.
        need_of: dict[int, list[tuple[str, int]]] = {}
        trigger_of: dict[int, int] = {}
        for needle, b in self.other:
            need = 0
            longest = ""
            for piece in _WORD_RUN.findall(needle):
                pb = self.word_bits.get(piece)
                if pb is None:
                    pb = self.word_bits[piece] = 1 << (len(bits) + len(self.word_bits) + 1)
                need |= pb
                if len(piece) > len(longest):
                    longest = piece
            need_of.setdefault(need, []).append((needle, b))
            if longest:
                trigger_of[need] = self.word_bits[longest]
        groups_of = {
            need: (need, tuple(n for n, _ in items), tuple(b for _, b in items)) for need, items in need_of.items()
        }
        self._other_by_need = tuple(groups_of.values())
        # A text holds a handful of the pieces, so the need groups are filed under one piece each
        # (the longest, the rarest by length) and only the files of present pieces are opened.
        # Needles made of punctuation alone need no piece and are always tested.
        self._other_always = tuple(g for need, g in groups_of.items() if need not in trigger_of)
        by_trigger: dict[int, list[tuple[int, tuple[str, ...], tuple[int, ...]]]] = {}
        for need, trigger in trigger_of.items():
            by_trigger.setdefault(trigger, []).append(groups_of[need])
        self._other_by_trigger = {b: tuple(gs) for b, gs in by_trigger.items()}
        self._triggers = reduce(or_, self._other_by_trigger, 0)
        self.lengths = tuple(sorted({len(n) for n in self.word_bits}))
        # word_mask keeps only these bits of a chunk's mask (the words' and the pieces')
        self._word_only = reduce(or_, self.word_bits.values(), 0)
        self._words: dict[str, int] = _WordMasks(self._word_mask)
        self._chunks: dict[str, int] = _WordMasks(self._chunk_mask)

    def clear(self) -> None:
        self._words.clear()
        self._chunks.clear()

    def _chunk_mask(self, chunk: str) -> int:
        m = reduce(or_, map(self._words.__getitem__, _FINDALL_WORDS(chunk)), 0)
        if not chunk.isalnum():  # every solid needle holds a character that is not alphanumeric
            # bits are distinct powers of two, so their sum is their union
            m |= sum(compress(self._solid_bits, map(chunk.__contains__, self._solid_needles)))
        if len(chunk) <= _CHUNK_KEY_MAX:  # hostile input: no endless or endless-long keys
            if len(self._chunks) > 200_000:
                self._chunks.clear()
            self._chunks[chunk] = m
        return m

    def group_mask(self, group: tuple[str, ...]) -> int:
        m = 0
        for needle in group:
            m |= self.bits[needle]
        return m

    def _word_mask(self, w: str) -> int:
        m = 0
        wb = self.word_bits
        n = len(w)
        if n <= 48:
            # every substring of a needle's length, looked up: cheaper than testing each needle
            for ln in self.lengths:
                if ln > n:
                    break
                for i in range(n - ln + 1):
                    b = wb.get(w[i : i + ln])
                    if b:
                        m |= b
        else:
            for needle, b in wb.items():
                if needle in w:
                    m |= b
        if len(self._words) > 200_000:  # hostile input must not grow the cache without bound
            self._words.clear()
        self._words[w] = m
        return m

    def mask(self, low: str) -> int:
        """Bits of every needle that occurs in `low` (an already lower-cased text)."""
        solid = self.solid_mask(low)
        return solid | self.spaced_mask(low, solid)

    def spaced_mask(self, low: str, solid: int) -> int:
        """Bits of the needles with whitespace found in `low`; `solid` is solid_mask(low)."""
        m = 0
        contains = low.__contains__
        for _need, needles, bits in self._other_always:
            m |= sum(compress(bits, map(contains, needles)))
        present = solid & self._triggers
        by_trigger = self._other_by_trigger
        while present:
            b = present & -present  # the lowest set bit
            present ^= b
            for need, needles, bits in by_trigger[b]:
                if need & solid == need:
                    # bits are distinct powers of two, so their sum is their union
                    m |= sum(compress(bits, map(contains, needles)))
        return m

    def solid_mask(self, low: str) -> int:
        """Bits of every needle without whitespace in `low`, and of the word pieces of the
        others (spaced_mask reads those)."""
        # A needle without whitespace lies inside one chunk of str.split(): the chunks' masks
        # (cached; a chunk is mostly one word, with its punctuation) together are the text's,
        # found without a regex pass over the text. Unknown chunks reach _chunk_mask, unknown
        # words _word_mask, through __missing__.
        return reduce(or_, map(self._chunks.__getitem__, low.split()), 0)

    def word_mask(self, low: str) -> int:
        """Bits of the word-character needles only; `group_in` tests the others on demand."""
        return self.solid_mask(low) & self._word_only

    def group_plan(self, group: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        """(bits of the group's word needles, its other needles in order)."""
        return (
            self.group_mask(tuple(n for n in group if n in self.word_bits)),
            tuple(n for n in group if n not in self.word_bits),
        )


GroupPlan = tuple[int, tuple[str, ...]]


def plan_present(groups: tuple[GroupPlan, ...], words: int, low: str, memo: dict[int, bool]) -> bool:
    """groups_present for planned groups: a word needle answers from `words`, the rest are
    substring tests made at most once per group per text (memo keyed by the group's identity)."""
    for group in groups:
        if group[0] & words:
            continue
        key = id(group)
        hit = memo.get(key)
        if hit is None:
            hit = False
            for needle in group[1]:
                if needle in low:
                    hit = True
                    break
            memo[key] = hit
        if not hit:
            return False
    return True
