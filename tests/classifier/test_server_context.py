"""Engine knobs passed per classifier (EngineConfig), the under-rating guard, server context and the
templated-family weights: all off in production, each able to change an answer when set."""

from __future__ import annotations

from dataclasses import replace

import pytest

from classifier.engine import DEFAULT_ENGINE, Classifier, EngineConfig, decide
from classifier.features import server_context
from classifier.model import ModelPredictor
from classifier.overrides import Overrides
from classifier.text import ToolText
from classifier.train import DEFAULT_FIT, _weights, fit_bundle, load_records
from tests.classifier.helpers import TRAIN, tool

_READ = {"Read": 0.6, "Write": 0.15, "Execute": 0.25}
_LOW = {"low": 0.75, "medium": 0.1, "high": 0.12, "critical": 0.03}


def _text(name: str, description: str, server: str = "srv") -> ToolText:
    return ToolText.from_input(tool(name, description, server=server))


def test_the_under_rating_guard_is_off_by_default_and_raises_a_doubtful_read_to_medium() -> None:
    t = _text("frobnicate", "Frobnicate the widget.")
    assert DEFAULT_ENGINE.read_guard_execute is None and DEFAULT_ENGINE.read_guard_risk is None
    assert decide(t, [], (_READ, _LOW)).risk == "low"
    assert decide(t, [], (_READ, _LOW), EngineConfig(read_guard_execute=0.2)).risk == "medium"
    assert decide(t, [], (_READ, _LOW), EngineConfig(read_guard_execute=0.3)).risk == "low"
    assert decide(t, [], (_READ, _LOW), EngineConfig(read_guard_risk=0.15)).risk == "medium"
    assert decide(t, [], (_READ, _LOW), EngineConfig(read_guard_risk=0.2)).risk == "low"
    # only a Read is guarded: a write is medium anyway, and the guard never lowers anything
    write = {"Read": 0.2, "Write": 0.55, "Execute": 0.25}
    high = {"low": 0.1, "medium": 0.2, "high": 0.6, "critical": 0.1}
    assert decide(t, [], (write, high), EngineConfig(read_guard_execute=0.2)).risk == "high"


def test_a_classifier_keeps_its_own_engine_config() -> None:
    guarded = Classifier(None, overrides=Overrides(), config=EngineConfig(read_guard_execute=0.0))
    plain = Classifier(None, overrides=Overrides())
    t = tool("get_weather", "Get the weather for a city.")
    assert plain.classify(t).risk == "low"
    assert guarded.classify(t).risk == "medium"  # every Read guarded at threshold 0
    assert plain.classify(t).risk == "low"  # the other classifier is untouched (no global knob)


_DUCKS = [
    tool("list_models", "List available models for LLM providers", server="ducks"),
    tool("chat_with_duck", "Have a conversation with a duck", server="ducks"),
    tool("duck_judge", "Have one duck rank the other ducks' answers", server="ducks"),
    tool("get_weather", "Get the weather", server="weather"),
]


def test_server_context_comes_from_siblings_only_and_not_from_batch_order() -> None:
    texts = [ToolText.from_input(t) for t in _DUCKS]
    ctx = server_context(texts)
    assert ctx[0] == []  # the one tool that names a model has no sibling that does
    assert "x:model_peers" in ctx[1] and "x:model_peers" in ctx[2]
    assert ctx[3] == []  # another server
    by_id = {t.id: c for t, c in zip(texts, ctx, strict=True)}
    rev = list(reversed(texts))
    assert {t.id: c for t, c in zip(rev, server_context(rev), strict=True)} == by_id
    # a tool classified alone has no context; a repeated copy of a tool is not its own sibling
    assert server_context([texts[1]]) == [[]]
    assert server_context([texts[0], texts[0]]) == [[], []]


def test_two_siblings_naming_a_model_are_both_context_for_each_other() -> None:
    a = _text("ask", "Ask GPT-4o a question", server="s")
    b = _text("ask_claude", "Ask Claude a question", server="s")
    assert all("x:model_peers" in c for c in server_context([a, b]))
    assert server_context([a, _text("ask", "Ask GPT-4o a question", server="other")]) == [[], []]


@pytest.fixture(scope="module")
def ctx_predictor() -> ModelPredictor:
    records = load_records(TRAIN)
    return ModelPredictor(fit_bundle(records[::2], config=replace(DEFAULT_FIT, server_context=True)))


def test_a_context_model_scores_a_lone_tool_without_context_and_a_batch_by_its_set(
    ctx_predictor: ModelPredictor,
) -> None:
    assert any(tok.startswith("x:") for tok in ctx_predictor.bundle.vocab.index)
    texts = [ToolText.from_input(t) for t in _DUCKS]
    together = ctx_predictor.predict(texts)
    alone = ctx_predictor.predict([ToolText.from_input(_DUCKS[1])])
    assert together[1] != alone[0]  # the siblings moved the answer
    shuffled = [ToolText.from_input(t) for t in (_DUCKS[2], _DUCKS[3], _DUCKS[1], _DUCKS[0])]
    again = dict(zip((2, 3, 1, 0), ctx_predictor.predict(shuffled), strict=True))
    for i in range(4):
        for got, want in zip(again[i], together[i], strict=True):
            assert got == pytest.approx(want)


def test_family_power_weighs_a_templated_family_as_fewer_records() -> None:
    recs = [{"server": "chart", "tool": f"generate_{k}_chart"} for k in "abcd"] + [
        {"server": "chart", "tool": "list_themes"}
    ]
    w = _weights(recs, qa_weight=0.0, family_power=1.0)[::2]  # each record is seen twice
    assert w[:4].sum() == pytest.approx(w[4])  # the four generate_* tools weigh as one
    assert w.sum() == pytest.approx(5.0)  # the source keeps its total weight
    assert list(_weights(recs, qa_weight=0.0)[::2]) == [1.0] * 5
