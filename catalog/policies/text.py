"""Escaping for every target language. Tool names are hostile: quotes, newlines, Unicode line
separators, YAML/CEL/Cedar syntax. Each function returns a complete literal whose content cannot
end early, so nothing a tool name holds can become syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_COMMENT_CHARS = 240

# Characters that change how text is displayed without being visible (bidi overrides, zero-width
# marks): escaped in every output so a file reads the way it parses.
INVISIBLE = "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
JSON_INVISIBLE_ESCAPES = {ord(ch): f"\\u{ord(ch):04x}" for ch in INVISIBLE}

# A name that contains a lone surrogate cannot be written as UTF-8 at all: no format can name it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def nameable(name: str) -> bool:
    return not _SURROGATE.search(name)


def _escape_outside(text: str, unsafe: re.Pattern[str], escape_one: Callable[[str], str]) -> str:
    """Escape every character `unsafe` matches; the common all-safe case costs one regex search."""
    if not unsafe.search(text):
        return text
    return unsafe.sub(lambda m: escape_one(m.group()), text)


# YAML double-quoted scalars: keep printable ASCII (except " and \) and the printable non-ASCII
# ranges of YAML 1.2, minus U+2028/U+2029/U+0085/U+FEFF which some parsers treat as line breaks/BOM.
_YAML_UNSAFE = re.compile(
    r"[^\x20\x21\x23-\x5b\x5d-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    # Bidirectional controls and invisible marks are printable to YAML, but a name holding them
    # can make a reviewer misread the file (Trojan Source), so they are escaped too.
    r"|[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069]"
)


def _yaml_escape(ch: str) -> str:
    if ch == '"':
        return '\\"'
    if ch == "\\":
        return "\\\\"
    cp = ord(ch)
    if cp <= 0xFF:
        return f"\\x{cp:02x}"
    if cp <= 0xFFFF:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (valid for YAML 1.1 and 1.2 parsers)."""
    return '"' + _escape_outside(text, _YAML_UNSAFE, _yaml_escape) + '"'


# CEL string literals: printable ASCII kept, everything else as \u / \U escapes.
_ASCII_UNSAFE = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")


def _cel_escape(ch: str) -> str:
    if ch == '"':
        return '\\"'
    if ch == "\\":
        return "\\\\"
    cp = ord(ch)
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def cel_str(text: str) -> str:
    return '"' + _escape_outside(text, _ASCII_UNSAFE, _cel_escape) + '"'


def _cedar_escape(ch: str) -> str:
    if ch == '"':
        return '\\"'
    if ch == "\\":
        return "\\\\"
    return f"\\u{{{ord(ch):x}}}"


def cedar_str(text: str) -> str:
    """A Cedar string literal (also the form of an entity id: Tool::"...")."""
    return '"' + _escape_outside(text, _ASCII_UNSAFE, _cedar_escape) + '"'


_COMMENT_UNSAFE = re.compile(r"[^\x20-\x7e]")


def comment_text(text: str, limit: int = MAX_COMMENT_CHARS) -> str:
    """One line of printable ASCII: safe after `#` (YAML) or `//` (Cedar) with no way to end the
    comment early. Non-ASCII is shown as \\u escapes rather than dropped, so names stay tellable."""
    safe = _COMMENT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if len(safe) > limit:
        safe = safe[: limit - 1] + "~"
    return safe


def slug_token(text: str, limit: int = 60) -> str:
    """Lower-case [a-z0-9_] token for counter and group names."""
    token = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return (token or "tool")[:limit]


_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


def yaml_single(text: str) -> str:
    """A YAML single-quoted scalar for printable-ASCII text (CEL expressions read better this way);
    anything else falls back to the double-quoted form."""
    if _PRINTABLE_ASCII.fullmatch(text):
        return "'" + text.replace("'", "''") + "'"
    return yaml_str(text)
