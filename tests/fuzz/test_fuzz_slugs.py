"""Slugs become directory names under public/: whatever a hostile index calls a server or a
tool, its slug must be one safe path segment that stays inside the output directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.fuzz_strategies import FUZZ, hostile_text

slugs = pytest.importorskip("catalog.slugs")

WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

NASTY_NAMES = [
    "",
    ".",
    "..",
    "...",
    "../",
    "../../etc/passwd",
    "..\\..\\windows",
    "/etc/passwd",
    "/",
    "C:\\",
    "C:",
    "CON",
    "con.txt",
    "NUL",
    "nul.json",
    "COM1",
    "lpt9",
    "AUX",
    "index",
    "index.html",
    "api",
    ".git",
    ".well-known",
    "~",
    "~root",
    "%2e%2e%2f",
    "\x00",
    "a\x00b",
    "\u202e",
    "\u200b",
    "\U0001f600",
    "日本語",
    "ملف",
    "ｆｕｌｌｗｉｄｔｈ",
    "x" * 10_000,
    "-" * 50,
    "a/b",
    "a\\b",
    " spaced name ",
]


def _check(slug: str) -> None:
    assert slugs.is_safe_segment(slug), repr(slug)
    assert slug and slug.isascii() and slug == slug.lower()
    assert "/" not in slug and "\\" not in slug and "\x00" not in slug
    assert slug not in (".", "..") and not slug.startswith(".")
    assert slug.split(".")[0] not in WINDOWS_RESERVED
    assert len(slug) <= 100
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp).resolve()
        target = (root / slug).resolve()
        assert target.parent == root
        os.makedirs(target)  # a real filesystem accepts it as one directory
        assert target.is_dir()


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_nasty_names_become_safe_segments(name: str) -> None:
    _check(slugs.slugify(name))
    _check(slugs.slugify(name, fallback_seed="server::" + name))


@FUZZ
@given(name=st.one_of(hostile_text, st.text(min_size=0, max_size=300)))
def test_any_text_becomes_a_safe_segment(name: str) -> None:
    slug = slugs.slugify(name)
    _check(slug)
    # disambiguation of a taken slug must be safe too, and differ from the original
    other = slugs.disambiguate(slug, "seed::" + name)
    _check(other)
    assert other != slug


@FUZZ
@given(a=hostile_text, b=hostile_text)
def test_slugs_are_deterministic(a: str, b: str) -> None:
    assert slugs.slugify(a) == slugs.slugify(a)
    if slugs.slugify(a) == slugs.slugify(b) and a != b:
        # a collision is allowed (the store disambiguates) but the fallbacks must still be safe
        _check(slugs.disambiguate(slugs.slugify(a), a))
