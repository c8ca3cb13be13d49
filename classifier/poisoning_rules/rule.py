"""The poisoning rule record, the pattern compiler, and the shortest-match measure."""

from __future__ import annotations

import re
from dataclasses import dataclass

_F = re.IGNORECASE | re.DOTALL


@dataclass(frozen=True)
class Rule:
    id: str
    code: str
    rx: re.Pattern[str]
    why: str
    strong: bool = True
    # Which fields the rule reads: "desc" = description/title/annotations text, "schema" = strings
    # inside the input schema (parameter descriptions, defaults, enums), "key" = property names.
    where: frozenset[str] = frozenset({"desc", "schema"})
    # Groups of lower-case literals: the regex runs only if every group has one literal in the
    # text. A substring test in C is far cheaper than a regex with a leading alternation tried
    # at every position, and almost every real description fails at least one group.
    needles: tuple[tuple[str, ...], ...] = ()
    # The shortest text the regex can match (from the compiled pattern): shorter strings skip it.
    min_len: int = 0


def _r(p: str) -> re.Pattern[str]:
    return re.compile(p, _F)



def min_width(rx: re.Pattern[str]) -> int:
    """Shortest string a pattern can match; 0 if the parser is unavailable (then never skip)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        return int(_parser.parse(rx.pattern, rx.flags).getwidth()[0])
    except Exception:  # noqa: BLE001 - an optimisation only; never let it break scanning
        return 0
