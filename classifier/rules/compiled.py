"""Each rule's matcher tree written out as one flat Python function.

A rule is a tree of closures (any_of / all_of / none_of over rx, lead_rx and name_has leaves),
and walking it costs a Python call per node per tool: call count dominated the rule stage. Here
the tree is turned into a single expression once: the combinators become `or` / `and` chains,
the leaves' cheap pre-checks (needle and clause literals, name-word sets) become `in` tests on
locals, and only the regex searches and unknown (custom) matchers are still called. The
expression runs the same tests in the same order and stops where the tree stops, so it gives
the same answer with the same side effects (tests/classifier/test_rule_compiled.py compares).

A compiled function takes (t, present, names, exact, lead_low): the GateIndex.present(t) bits,
t.name_words, t.literals_exact and t.lead.lower(), worked out once per tool by run_rules. A
literal or name word with a bit (GateIndex files every one tested_words finds) is tested as an
AND on `present`, whose bit for a literal is exactly `literal in t.low_text` and for a word
`word in t.name_words`; anything without a bit is tested on the text itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from classifier.rules.matchers import Match, Matcher
from classifier.text import ToolText

Compiled = Callable[[ToolText, str, frozenset[str], bool, str], Match | None]


class _Writer:
    def __init__(self, lit_bits: dict[str, int], name_bits: dict[str, int]) -> None:
        self.lit_bits = lit_bits
        self.name_bits = name_bits
        self.env: dict[str, Any] = {}
        self._ids: dict[int, str] = {}
        self._walrus = 0

    def ref(self, obj: Any) -> str:
        """A global name for obj in the compiled code (one per object)."""
        name = self._ids.get(id(obj))
        if name is None:
            name = self._ids[id(obj)] = f"_o{len(self._ids)}"
            self.env[name] = obj
        return name

    def hit_var(self) -> str:
        self._walrus += 1
        return f"_h{self._walrus}"

    def expr(self, m: Matcher) -> str:
        """An expression with m(t)'s value (a Match or None)."""
        parts = getattr(m, "any_parts", None)
        if parts is not None:
            # any_of returns the first truthy hit, else None
            return "(" + " or ".join([*(self.expr(p) for p in parts), "None"]) + ")"
        # all_of: the first part's hit when every other part also hits; none_of: when none of them does
        for attr, others_must_be in (("all_parts", "is not None"), ("none_parts", "is None")):
            parts = getattr(m, attr, None)
            if parts is not None:
                first, others = parts
                h = self.hit_var()
                tests = " and ".join(f"{self.expr(o)} {others_must_be}" for o in others)
                cond = f"({h} := {self.expr(first)}) is not None" + (f" and {tests}" if tests else "")
                return f"({h} if {cond} else None)"
        parts = getattr(m, "rx_parts", None)
        if parts is not None:
            needles, clauses, search = parts
            checks: list[str] = []
            if needles:
                checks.append(self.lits(needles))
            if clauses:
                checks.append("(not exact or (" + " and ".join(self.lits(c) for c in clauses) + "))")
            call = f"{self.ref(search)}(t)"
            return f"({call} if {' and '.join(checks)} else None)" if checks else call
        parts = getattr(m, "lead_parts", None)
        if parts is not None:
            needles, search = parts
            # an empty needle list finds nothing, as lead_rx's loop
            test = _any_in(needles, "lead_low") if needles else "False"
            return f"({self.ref(search)}(t) if t.description and {test} else None)"
        parts = getattr(m, "name_parts", None)
        if parts is not None:
            sets, tokens = parts
            tests = [self.words(s) for s in sets]
            call = f"{self.ref(tokens)}(t)"
            return f"({call} if {' and '.join(tests)} else None)" if tests else call
        return f"{self.ref(m)}(t)"


    def lits(self, literals: tuple[str, ...]) -> str:
        """`one of literals is in t.low_text`."""
        if all(lit in self.lit_bits for lit in literals):
            mask = 0
            for lit in literals:
                mask |= self.lit_bits[lit]
            return f"(present & {mask})"
        return _any_in(literals, "t.low_text")

    def words(self, words: frozenset[str]) -> str:
        """`one of words is in t.name_words`."""
        if words and all(w in self.name_bits for w in words):
            mask = 0
            for w in words:
                mask |= self.name_bits[w]
            return f"(present & {mask})"
        return f"not {self.ref(words)}.isdisjoint(names)"


def tested_words(matchers: list[Matcher]) -> tuple[set[str], set[str]]:
    """(literals tested on low_text, words tested on name_words) by the leaves of the matchers'
    trees that the compiled form writes out inline."""
    lits: set[str] = set()
    names: set[str] = set()

    def walk(m: Matcher) -> None:
        for attr in ("any_parts", "all_parts", "none_parts"):
            parts = getattr(m, attr, None)
            if parts is not None:
                for one in (parts if attr == "any_parts" else (parts[0], *parts[1])):
                    walk(one)
                return
        parts = getattr(m, "rx_parts", None)
        if parts is not None:
            lits.update(parts[0])
            for clause in parts[1]:
                lits.update(clause)
        parts = getattr(m, "name_parts", None)
        if parts is not None:
            for words in parts[0]:
                names.update(words)

    for m in matchers:
        walk(m)
    return lits, names


def _any_in(literals: tuple[str, ...] | frozenset[str], where: str) -> str:
    """`one of literals is in where`, in the order the matcher tries them."""
    return "(" + " or ".join(f"{lit!r} in {where}" for lit in literals) + ")"


def compile_matchers(
    matchers: list[Matcher], lit_bits: dict[str, int] | None = None, name_bits: dict[str, int] | None = None
) -> list[Compiled]:
    """One compiled function per matcher (same order), written as one module; lit_bits and
    name_bits are the bits of present() (GateIndex's)."""
    w = _Writer(lit_bits or {}, name_bits or {})
    lines: list[str] = []
    for i, m in enumerate(matchers):
        lines.append(f"def _r{i}(t, present, names, exact, lead_low):\n    return {w.expr(m)}\n")
    code = compile("\n".join(lines), "<classifier.rules.compiled>", "exec")
    exec(code, w.env)  # noqa: S102 - our own rule trees, written above; no tool text in it
    return [w.env[f"_r{i}"] for i in range(len(matchers))]
