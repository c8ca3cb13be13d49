"""NeedleIndex.word_mask, found chunk by chunk (str.split()), is the mask of every \\w+ word."""

from __future__ import annotations

import re
import sys
from functools import reduce
from operator import or_

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier import poisoning
from tests.poisoning.test_needle_index import _texts


def _by_words(low: str) -> int:
    index = poisoning._INDEX
    return reduce(or_, (index._word_mask(w) for w in re.findall(r"\w+", low)), 0)


def test_no_character_is_both_whitespace_and_a_word_character() -> None:
    # the chunking is exact only because a \w+ run can never span a str.split() separator
    word = re.compile(r"\w")
    both = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and word.match(c)]
    assert both == []


def test_word_mask_equals_the_mask_of_each_word() -> None:
    for text in _texts():
        low = text.lower()
        assert poisoning._INDEX.word_mask(low) == _by_words(low), text
        assert poisoning._INDEX.word_mask(low) == _by_words(low), text  # again, from the caches


_PIECES = st.sampled_from(["ignore", "previous", "instructions", "ssh", "id_rsa", ".env", "\u2028", "\x1c", "\u3000", "\t", "é", "x" * 70])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=10)), max_size=30).map("".join))
def test_word_mask_on_any_text(text: str) -> None:
    low = text.lower()
    assert poisoning._INDEX.word_mask(low) == _by_words(low)
