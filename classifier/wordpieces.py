"""BERT-uncased WordPiece tokenisation (the vocabulary of all-MiniLM-L6-v2), pure Python.

The same ids as the reference BERT tokenizer (lower-casing, accent stripping, CJK characters
and punctuation split off, greedy longest-match sub-words), checked on every bundled tool text by
tests/classifier/test_wordpieces.py. Written here rather than taken from a tokenizer library
because tool texts repeat the same words endlessly: a per-word cache makes this ~5x faster than a
compiled tokenizer that re-splits every word of every call, and the classifier's speed target
(5,000 tools/s) leaves it a few microseconds per tool.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from pathlib import Path

VOCAB_PATH = Path(__file__).parent / "data" / "minilm" / "vocab.txt"
UNKNOWN = "[UNK]"
MAX_WORD_CHARS = 100  # longer "words" are one unknown piece, as in the reference tokenizer
_WORD_CACHE_MAX = 300_000
_CHUNK_CACHE_MAX = 100_000
_CHUNK_KEY_MAX = 64
# ASCII text after lower-casing: runs of letters/digits, or one punctuation character (BERT
# counts every printable non-alphanumeric ASCII character as punctuation).
_ASCII_WORDS = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")
# ASCII control characters other than tab and line ends: the reference deletes them (so the
# letters on both sides join), the word pattern above would split there.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELETE_ASCII_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
# Characters str.split() splits on that the reference does not treat as spaces (it deletes the
# controls and keeps the line/paragraph separators inside words): text with any of them takes the
# character-by-character path whole.
_SPLIT_DISAGREES = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _ascii_words(text: str) -> list[str]:
    if _ASCII_CONTROL.search(text):
        text = text.translate(_DELETE_ASCII_CONTROL)
    return _ASCII_WORDS.findall(text.lower())


def _unicode_words(text: str) -> list[str]:
    """The reference basic tokenizer, character by character: any text (slow)."""
    chars: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        cat = unicodedata.category(ch)
        if ch in "\t\n\r" or cat == "Zs":
            chars.append(" ")
        elif cat in ("Cc", "Cf"):
            continue
        elif _is_cjk(cp):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    norm = unicodedata.normalize("NFD", "".join(chars).lower())
    norm = "".join(ch for ch in norm if unicodedata.category(ch) != "Mn")
    words: list[str] = []
    for chunk in norm.split():
        start = 0
        for i, ch in enumerate(chunk):
            if _is_punctuation(ch):
                if start < i:
                    words.append(chunk[start:i])
                words.append(ch)
                start = i + 1
        if start < len(chunk):
            words.append(chunk[start:])
    return words


class WordpieceTokenizer:
    def __init__(self, vocab: list[str]) -> None:
        self.vocab = vocab
        self.index = {piece: i for i, piece in enumerate(vocab)}
        self.unknown = self.index[UNKNOWN]
        self._word_cache: dict[str, tuple[int, ...]] = {}
        self._chunk_cache: dict[str, list[str]] = {}

    @classmethod
    def load(cls, path: Path = VOCAB_PATH) -> WordpieceTokenizer:
        with path.open(encoding="utf-8") as fh:
            return cls([line.rstrip("\n") for line in fh])

    def _pieces(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD_CHARS:
            return (self.unknown,)
        out: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = -1
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.index.get(piece, -1)
                if found >= 0:
                    break
                end -= 1
            if found < 0:
                return (self.unknown,)
            out.append(found)
            start = end
        return tuple(out)

    def word_ids(self, word: str) -> tuple[int, ...]:
        ids = self._word_cache.get(word)
        if ids is None:
            ids = self._pieces(word)
            # bounded in entries and in key size: hostile input can invent endless and endless-long
            # words (an over-long word is one unknown piece, found without a lookup anyway)
            if len(word) <= MAX_WORD_CHARS and len(self._word_cache) < _WORD_CACHE_MAX:
                self._word_cache[word] = ids
        return ids

    def words(self, text: str) -> list[str]:
        """The reference's words of text. Non-ASCII text is cut at spaces first and only its
        non-ASCII chunks go character by character (cached: a curly quote or an emoji in every
        description of a server must not cost the whole description each time)."""
        if text.isascii():
            return _ascii_words(text)
        if _SPLIT_DISAGREES.search(text):
            return _unicode_words(text)
        out: list[str] = []
        for chunk in text.split():
            if chunk.isascii():
                out.extend(_ascii_words(chunk))
                continue
            words = self._chunk_cache.get(chunk)
            if words is None:
                words = _unicode_words(chunk)
                if len(chunk) <= _CHUNK_KEY_MAX and len(self._chunk_cache) < _CHUNK_CACHE_MAX:
                    self._chunk_cache[chunk] = words
            out.extend(words)
        return out

    def encode(self, text: str) -> list[int]:
        words = self.words(text)
        # map/chain keep the per-word loop in C; only words never seen before go through Python
        found = list(map(self._word_cache.get, words))
        if None in found:
            found = [
                ids if ids is not None else self.word_ids(w) for w, ids in zip(words, found, strict=True)
            ]
        return list(chain.from_iterable(found))
