"""Invisible and deceptive characters in tool text: zero-width, bidi controls, tag characters,
terminal escapes, and names that mix look-alike scripts.

Each check returns (code, start, end, why) spans inside one string; poisoning.py turns them into
quotes. Every legitimate use we know of is exempted explicitly (emoji joiners, flag tag
sequences, variation selectors on emoji, joiners inside non-Latin scripts) because real tool
descriptions in Persian, Hindi or with emoji must not be flagged.
"""

from __future__ import annotations

import re

Span = tuple[str, int, int, str]

# Characters that render as nothing in most UIs. ZWNJ/ZWJ (U+200C/U+200D) are handled apart:
# they are needed in Indic/Arabic scripts and emoji sequences.
_INVISIBLE = re.compile(
    "[\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5"
    "\U000e0100-\U000e01ef]+"
)
_JOINER_BETWEEN_ASCII = re.compile(r"(?<=[\x21-\x7e])[\u200c\u200d]+(?=[\x21-\x7e])")
# Embeddings, overrides and isolates reorder what a human sees without changing what a model reads.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]+")
# LRM/RLM/ALM are normal inside right-to-left text; only odd between two Latin letters.
_BIDI_MARK_IN_LATIN = re.compile("(?<=[A-Za-z])[\u200e\u200f\u061c]+(?=[A-Za-z])")
# Unicode tag block: invisible ASCII twins ("ASCII smuggling"). Flag emoji use them legitimately
# after U+1F3F4 (e.g. the England flag), terminated by U+E007F.
_TAGS = re.compile("[\U000e0000-\U000e007f]+")
_FLAG_TAG_SEQ = re.compile("\U0001f3f4[\U000e0020-\U000e007e]{1,8}\U000e007f")
_ANSI = re.compile(r"[\x1b\x9b]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f\x80-\x9a\x9c-\x9f]")

# One cheap test per string before the detailed checks.
ANY_SUSPECT_CHAR = re.compile(
    "[\u200b-\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff\u180e\u115f\u1160\u3164\uffa0\u034f"
    "\u17b4\u17b5\u061c\U000e0000-\U000e007f\U000e0100-\U000e01ef\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


def _cp(chars: str) -> str:
    seen: list[str] = []
    for c in chars:
        label = f"U+{ord(c):04X}"
        if label not in seen:
            seen.append(label)
        if len(seen) >= 4:
            break
    return ", ".join(seen)


def char_spans(text: str) -> list[Span]:
    """Spans of invisible/deceptive characters in `text` (empty for clean text)."""
    if ANY_SUSPECT_CHAR.search(text) is None:
        return []
    out: list[Span] = []
    for m in _INVISIBLE.finditer(text):
        out.append(
            (
                "invisible_unicode",
                m.start(),
                m.end(),
                f"invisible character(s) {_cp(m.group())} hidden in the text; a model reads around "
                "or through them while a person sees nothing",
            )
        )
    for m in _JOINER_BETWEEN_ASCII.finditer(text):
        out.append(
            (
                "invisible_unicode",
                m.start(),
                m.end(),
                f"zero-width joiner {_cp(m.group())} between plain ASCII characters, where it has no use",
            )
        )
    for rx in (_BIDI, _BIDI_MARK_IN_LATIN):
        for m in rx.finditer(text):
            out.append(
                (
                    "bidi_override",
                    m.start(),
                    m.end(),
                    f"bidirectional control {_cp(m.group())} can make the text display in a different "
                    "order from the one a model reads",
                )
            )
    if _TAGS.search(text):
        masked = _FLAG_TAG_SEQ.sub(lambda m: "\0" * len(m.group()), text)
        for m in _TAGS.finditer(masked):
            hidden = "".join(chr(ord(c) - 0xE0000) for c in m.group() if 0xE0020 <= ord(c) <= 0xE007E)
            shown = hidden[:120] + ("…" if len(hidden) > 120 else "")
            out.append(
                (
                    "tag_characters",
                    m.start(),
                    m.end(),
                    f"{m.end() - m.start()} invisible Unicode tag character(s) ({_cp(m.group())}…) that a "
                    f"model can read as ASCII; they spell {shown!r}",
                )
            )
    for m in _ANSI.finditer(text):
        out.append(
            (
                "ansi_escape",
                m.start(),
                m.end(),
                f"terminal escape {_cp(m.group())} can hide or rewrite text in a terminal client",
            )
        )
        if len(out) > 16:
            break
    for m in _CONTROL.finditer(text):
        out.append(
            (
                "control_characters",
                m.start(),
                m.end(),
                f"control character {_cp(m.group())} has no place in tool text",
            )
        )
        if len(out) > 16:
            break
    return out


# --- look-alike letters ---------------------------------------------------------------------

# Non-Latin letters that render like Latin ones, with the Latin letter they imitate.
_CONFUSABLE: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l",
    "ԛ": "q", "ԝ": "w", "ɡ": "g", "ү": "y", "ո": "n", "А": "A", "В": "B", "Е": "E", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "Ѕ": "S", "І": "I",
    "Ј": "J", "Ү": "Y",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Armenian / Cherokee samples that are used in spoofing
    "օ": "o", "ս": "u", "հ": "h", "Ꭺ": "A", "Ꮯ": "C", "Ꭼ": "E", "Ꮋ": "H", "Ꮃ": "W",
}
_SCRIPT_LETTER = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u13a0-\u13ff\uff21-\uff3a\uff41-\uff5a"
    "\U0001d400-\U0001d7ff\u0250-\u02af]"
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z]")


def _skeleton(word: str) -> str:
    out = []
    for c in word:
        o = ord(c)
        if 0xFF21 <= o <= 0xFF5A:  # fullwidth Latin
            out.append(chr(o - 0xFEE0))
        else:
            out.append(_CONFUSABLE.get(c, c))
    return "".join(out)


def homoglyph_spans(text: str) -> list[Span]:
    """Words that imitate ASCII with letters from another script (or fullwidth/maths letters).

    A word written wholly in Cyrillic or Greek is left alone unless every letter is a Latin
    look-alike (then it exists only to pass for an ASCII word, e.g. Cyrillic "ехес").
    """
    if text.isascii() or _SCRIPT_LETTER.search(text) is None:
        return []
    out: list[Span] = []
    for m in _WORD.finditer(text):
        w = m.group()
        if w.isascii() or _SCRIPT_LETTER.search(w) is None:
            continue
        skel = _skeleton(w)
        mixed = _LATIN.search(w) is not None
        all_lookalike = skel.isascii()
        if not (mixed or (all_lookalike and len(w) >= 3)):
            continue
        odd = [c for c in w if not c.isascii()]
        cps = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(odd))
        if mixed:
            why = f"mixes Latin letters with look-alike letters from another script ({cps})"
        else:
            why = f"is made only of letters that imitate Latin ones ({cps})"
        if skel.isascii():
            why += f"; it reads as {skel!r}"
        out.append(("homoglyph_name", m.start(), m.end(), why))
    return out
