"""NeedleIndex.mask, built from per-chunk masks (solid_mask) and the whole-text tests of needles
with whitespace (spaced_mask), sets exactly the bits of the needles that occur in the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier import poisoning
from tests.poisoning.test_needle_index import _texts

_INDEX = poisoning._INDEX
_NEEDLE_BITS = 0
for _b in _INDEX.bits.values():
    _NEEDLE_BITS |= _b


def _by_substring(low: str) -> int:
    m = 0
    for needle, b in _INDEX.bits.items():
        if needle in low:
            m |= b
    return m


def _check(text: str) -> None:
    low = text.lower()
    want = _by_substring(low)
    for _ in range(2):  # the second time from the chunk caches
        assert _INDEX.mask(low) & _NEEDLE_BITS == want, text
        solid = _INDEX.solid_mask(low)
        assert (solid | _INDEX.spaced_mask(low, solid)) & _NEEDLE_BITS == want, text


def test_mask_is_the_substring_test_of_every_needle() -> None:
    hits = 0
    for text in _texts():
        _check(text)
        hits += _by_substring(text.lower()) != 0
    assert hits > 100


def test_solid_needles_exist_and_hold_no_space() -> None:
    # the split this rests on: needles with punctuation but no whitespace are found per chunk
    assert _INDEX.solid and all(not any(c.isspace() for c in n) for n, _ in _INDEX.solid)
    assert all(any(c.isspace() for c in n) for n, _ in _INDEX.other)


_NEEDLES = sorted(_INDEX.bits)
_PIECES = st.sampled_from([*_NEEDLES, "\u2028", "\x1c", "\u3000", "\t", "\n", " ", "é", "İ", "x" * 70, "_", "'"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=24).map("".join))
def test_mask_on_any_text(text: str) -> None:
    _check(text)
