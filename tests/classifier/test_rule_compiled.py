"""A rule compiled into one flat function (classifier.rules.compiled) answers as its matcher tree,
and calls what it still calls (searches, custom matchers) in the same order."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.models import ToolInput
from classifier.rules import _GATES, RULES
from classifier.rules.compiled import compile_matchers
from classifier.rules.gates import GateIndex
from classifier.rules.matchers import Rule, all_of, any_of, lead_rx, name_has, none_of, rx
from classifier.text import ToolText
from tests.classifier.test_rule_gates import _tools


def _args(t: ToolText, index: GateIndex = _GATES) -> tuple[Any, ...]:
    return t, index.present(t), t.name_words, t.literals_exact, t.lead.lower()


def test_compiled_table_rows_answer_as_their_matchers() -> None:
    fns = list(_GATES.source_of)
    assert len(fns) >= len(RULES) // 2
    # the full trees, with present()'s bits where the table has them and on the texts elsewhere
    full = compile_matchers([r.match for r in RULES], _GATES.lit_bits, _GATES.name_bits)
    checked = 0
    for tool in _tools()[:700]:
        for exact in (True, False):
            t = ToolText.from_input(tool)
            if not exact:
                t.extra["exact"] = False  # as a text with a Kelvin sign would be taken
            args = _args(t)
            for fn in fns:
                assert fn(*args) == _GATES.source_of[fn](t), (tool.id, exact)
            for r, fn in zip(RULES, full, strict=True):
                got = fn(*args)
                assert got == r.match(t), (r.id, tool.id, exact)
                checked += got is not None
    assert checked > 200  # the rules do fire on these tools


# --- random trees over logged leaves --------------------------------------------------------

_WORDS = ["run", "Run", "code", "the", "query", "shell", "delete", "file", "K", "\u212a", "é", "."]
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join)
_NAME = st.lists(st.sampled_from(["run", "code", "get", "delete", "file", "x"]), max_size=4).map("_".join)


def _logged(m: Any, log: list[str], name: str) -> Any:
    """m, noting each call; a leaf the compiler writes out inline keeps its parts (its own calls
    are then not noted, so only the custom leaf's calls are compared)."""

    def wrap(t: ToolText) -> Any:
        log.append(name)
        return m(t)

    for attr in ("rx_parts", "lead_parts", "name_parts"):
        if hasattr(m, attr):
            setattr(wrap, attr, getattr(m, attr))
    return wrap


def _leaves(log: list[str]) -> list[Any]:
    plain = [
        rx(r"\brun\b", needles=("run",)),
        rx(r"\b(?:code|query)\b"),
        rx(r"the\s+shell"),
        lead_rx(r"\bdelete\b", needles=("delete",)),
        name_has({"run", "get"}, {"code", "file"}),
        name_has({"delete"}, first=True),
        lambda t: ("name", t.name) if "x" in t.name else None,
    ]
    return [_logged(m, log, f"leaf{i}") for i, m in enumerate(plain)]


def _tree(draw: Any, leaves: list[Any], depth: int) -> Any:
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(leaves))
    kind = draw(st.sampled_from(["any", "all", "none"]))
    parts = [_tree(draw, leaves, depth - 1) for _ in range(draw(st.integers(1, 3)))]
    if kind == "any":
        return any_of(*parts)
    return (all_of if kind == "all" else none_of)(*parts)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), title=_TEXT, description=_TEXT, name=_NAME)
def test_compiled_random_trees_answer_and_call_as_the_tree(data: Any, title: str, description: str, name: str) -> None:
    log: list[str] = []
    leaves = _leaves(log)
    tree = _tree(data.draw, leaves, 3)
    (plain,) = compile_matchers([tree])  # every literal tested on the text
    index = GateIndex([Rule("x", "", tree)])  # every literal a bit of present()
    (row,) = index.tables[(True, False)]
    t = ToolText.from_input(ToolInput(id="s/x", server="s", tool=name or "x", title=title, description=description))
    want = tree(t)
    want_log = [one for one in log if one == "leaf6"]
    assert index.source_of[row[1]] is tree  # (the logged leaves carry no gate: no pre-gated form)
    for fn in (plain, row[1]):
        log.clear()
        assert fn(*_args(t, index)) == want
        assert log == want_log
