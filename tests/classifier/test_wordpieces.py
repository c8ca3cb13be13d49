"""The word-piece tokeniser against the reference BERT tokenizer's own output.

tests/classifier/data/wordpiece_reference.jsonl holds texts and the ids the reference tokenizer
(the all-MiniLM-L6-v2 tokenizer of the transformers library, 5.24.0) gave for them: a seeded sample
of bundled tool descriptions, every non-ASCII kind among them, and hand-made hostile strings
(controls, separators, zero-width and bidi characters, CJK, combining marks, over-long words).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.wordpieces import MAX_WORD_CHARS, UNKNOWN, WordpieceTokenizer, _unicode_words

REFERENCE = Path(__file__).parent / "data" / "wordpiece_reference.jsonl"


@pytest.fixture(scope="module")
def tok() -> WordpieceTokenizer:
    return WordpieceTokenizer.load()


def _reference() -> list[dict]:
    return [json.loads(line) for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line]


def test_every_reference_text_gets_the_reference_ids(tok: WordpieceTokenizer) -> None:
    cases = _reference()
    assert len(cases) > 200
    wrong = [c["text"][:60] for c in cases if tok.encode(c["text"]) != c["ids"]]
    assert wrong == []


def test_the_reference_ids_again_with_warm_caches(tok: WordpieceTokenizer) -> None:
    # the second pass answers from the word and chunk caches: the same ids
    for c in _reference():
        tok.encode(c["text"])
    assert all(tok.encode(c["text"]) == c["ids"] for c in _reference())


def test_sub_words_of_a_word_outside_the_vocabulary(tok: WordpieceTokenizer) -> None:
    pieces = [tok.vocab[i] for i in tok.encode("unaffable")]
    assert pieces == ["una", "##ffa", "##ble"]


def test_accents_case_and_punctuation(tok: WordpieceTokenizer) -> None:
    assert tok.encode("Café") == tok.encode("cafe")
    assert [tok.vocab[i] for i in tok.encode("run_sql(query)")] == ["run", "_", "sql", "(", "query", ")"]


def test_an_over_long_word_is_one_unknown_piece(tok: WordpieceTokenizer) -> None:
    assert [tok.vocab[i] for i in tok.encode("a" * (MAX_WORD_CHARS + 1))] == [UNKNOWN]
    assert tok.vocab[tok.encode("a" * MAX_WORD_CHARS)[0]] != UNKNOWN


def test_caches_stay_bounded_under_endless_new_words(tok: WordpieceTokenizer) -> None:
    fresh = WordpieceTokenizer(tok.vocab)
    for i in range(3000):
        fresh.encode(f"zq{i}x ünï{i}")
    assert len(fresh._word_cache) <= 300_000 and len(fresh._chunk_cache) <= 100_000
    fresh.encode("q" * 5000 + " " + "ü" * 5000)
    assert max(map(len, fresh._word_cache)) <= MAX_WORD_CHARS
    assert max(map(len, fresh._chunk_cache)) <= 64


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_the_fast_paths_split_words_as_the_character_path_does(text: str) -> None:
    fresh = WordpieceTokenizer.load()
    assert fresh.words(text) == _unicode_words(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_text_including_controls(text: str) -> None:
    assert WordpieceTokenizer.load().words(text) == _unicode_words(text)
