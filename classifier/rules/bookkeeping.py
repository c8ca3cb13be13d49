"""Trivial bookkeeping writes that cap risk low (the last rules of the table)."""

from __future__ import annotations

from classifier.rules.matchers import Rule, any_of, name_has

BOOKKEEPING_RULES: list[Rule] = [
    # Trivial bookkeeping writes (rubric: low).
    Rule(
        "write.bookkeeping",
        "personal bookkeeping (stars, notifications read, demo toggles)",
        any_of(
            name_has(["star", "unstar", "toggle", "dismiss"], first=True),
            name_has(["mark"], ["read", "notification", "notifications"]),
        ),
        cap_risk="low",
    ),
]
