"""Engine knobs passed per classifier (EngineConfig): the under-rating guard and the model's share,
off / unchanged in production, each able to change an answer when set."""

from __future__ import annotations

from classifier.engine import DEFAULT_ENGINE, ENGINE_REVISION, Classifier, EngineConfig, decide
from classifier.overrides import Overrides
from classifier.text import ToolText
from tests.classifier.helpers import tool

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
    # answers under experiment knobs never carry the production classifier's version
    assert plain.version.endswith(ENGINE_REVISION) and guarded.version.startswith(plain.version + "+cfg-")


def test_the_model_weight_knob_moves_the_action_between_model_and_heuristic() -> None:
    class Fixed:
        version, calibration = "fixed", None

        def predict(self, texts: list[ToolText]) -> list[tuple[dict[str, float], dict[str, float]]]:
            return [({"Read": 0.1, "Write": 0.2, "Execute": 0.7}, dict(_LOW)) for _ in texts]

    t = tool("get_weather", "Get the weather for a city.")  # the heuristic: Read, 0.7
    assert Classifier(Fixed(), overrides=Overrides()).classify(t).action == "Execute"
    alone = EngineConfig(model_weight=0.0)
    assert Classifier(Fixed(), overrides=Overrides(), config=alone).classify(t).action == "Read"
