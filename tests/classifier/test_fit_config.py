"""The fit's options (classifier.train.FitConfig), block-normalised rows and the experiment script."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from catalog.models import RISKS
from classifier.engine import DEFAULT_ENGINE, EngineConfig, decide
from classifier.experiments import SETTINGS, flips
from classifier.features import BLOCKS, Vocabulary, token_block
from classifier.rules import RULES_BY_ID, RuleHit
from classifier.text import ToolText
from classifier.train import DEFAULT_FIT, _shared_tokens, _weights, fit_bundle, load_records
from tests.classifier.helpers import TRAIN, tool

DOCS = [
    ["n:get", "n:get", "d:alpha", "d:beta", "d:gamma", "r:exec.shell", "p:query"],
    ["n:put", "d:alpha", "d:alpha", "l:write", "vn:Write"],
    ["d:beta", "d:gamma", "p:query", "n:get"],
]


def _dense(v: Vocabulary, docs: list[list[str]]) -> np.ndarray:
    return v.matrix(docs).toarray()


def test_rows_row_and_matrix_agree_with_and_without_blocks() -> None:
    for weights in (None, {"description": 0.5, "cues": 2.0}):
        v = Vocabulary.fit(DOCS, min_df=1, block_weights=weights)
        m = _dense(v, DOCS)
        doc, idx, w = v.rows(DOCS)
        from_rows = np.zeros_like(m)
        from_rows[doc, idx] = w
        assert np.allclose(m, from_rows)
        for i, d in enumerate(DOCS):
            ri, rw = v.row_of_ids([v.index.get(tok, -1) for tok in d])
            one = np.zeros(m.shape[1])
            one[ri] = rw
            assert np.allclose(one, m[i])
        assert np.allclose(np.linalg.norm(m, axis=1), 1.0)


def test_without_blocks_a_row_is_plain_sublinear_tfidf() -> None:
    v = Vocabulary.fit(DOCS, min_df=1)
    row = _dense(v, DOCS)[0]
    counts = {t: DOCS[0].count(t) for t in DOCS[0]}
    expect = np.zeros(len(v.index))
    for t, c in counts.items():
        expect[v.index[t]] = (1 + np.log(c)) * v.idf[v.index[t]]
    assert np.allclose(row, expect / np.linalg.norm(expect))


def test_blocks_weigh_each_block_by_its_weight_whatever_its_length() -> None:
    v = Vocabulary.fit(DOCS, min_df=1, block_weights={b: 1.0 for b in BLOCKS} | {"cues": 2.0})
    row = _dense(v, DOCS)[0]  # name, description (3 words), schema and cue blocks
    norms: dict[str, float] = {}
    for t, i in v.index.items():
        norms[token_block(t)] = norms.get(token_block(t), 0.0) + row[i] ** 2
    present = {b: np.sqrt(x) for b, x in norms.items() if x}
    assert set(present) == {"name", "description", "schema", "cues"}
    # three description words together weigh what the one name word does; the cues twice that
    assert present["description"] == pytest.approx(present["name"])
    assert present["cues"] == pytest.approx(2 * present["name"])


def test_server_power_evens_out_servers_inside_each_source() -> None:
    recs = [{"server": "big"}] * 4 + [{"server": "small"}] + [{"server": "q", "label_source": "blind_qa"}] * 2
    w = _weights(recs, qa_weight=0.5, server_power=1.0)[::2]  # each record is seen twice
    assert w[:4].sum() == pytest.approx(w[4])  # one server, one share
    assert w[:5].sum() == pytest.approx(5.0)  # the train source keeps its total weight
    assert w[5:].sum() == pytest.approx(1.0)  # QA: two records at 0.5
    plain = _weights(recs, qa_weight=0.0)[::2]
    assert list(plain) == [1, 1, 1, 1, 1, 0, 0]


def test_min_servers_drops_tokens_of_a_single_server() -> None:
    recs = [{"server": "a"}, {"server": "b"}]
    docs = [["n:x", "n:only_a"], ["n:x", "n:only_a"], ["n:x"], ["n:x"]]
    assert _shared_tokens(docs, recs, 2) == [["n:x"], ["n:x"], ["n:x"], ["n:x"]]
    assert _shared_tokens(docs, recs, 1) is docs


def test_qa_records_weigh_only_in_the_model_they_are_given_to() -> None:
    train = load_records(TRAIN)[::4]
    qa = [dict(r, server="qa-" + r["server"], label_source="blind_qa") for r in load_records(TRAIN)[1::8]]
    cfg = replace(DEFAULT_FIT, qa_weight_action=0.0, qa_weight_risk=1.0)
    a = fit_bundle([*train, *qa], config=cfg)
    # the QA action labels shuffled: the action model must not move, the risk model fits them
    shuffled = [dict(r, action=("Read" if r["action"] != "Read" else "Write")) for r in qa]
    b = fit_bundle([*train, *shuffled], config=cfg)
    assert np.array_equal(a.action.coef, b.action.coef)
    c = fit_bundle([*train, *(dict(r, risk=RISKS[(RISKS.index(r["risk"]) + 1) % 4]) for r in qa)], config=cfg)
    assert not np.array_equal(a.risk.coef, c.risk.coef)


def test_default_fit_config_is_the_production_fit() -> None:
    # the production model weighs a blind QA label 0.3 against a train.jsonl label and uses the plain rows
    assert SETTINGS["production"].fit == DEFAULT_FIT
    assert DEFAULT_FIT.qa_weight_action == DEFAULT_FIT.qa_weight_risk == 0.3
    assert DEFAULT_FIT.risk_class_weight is None and SETTINGS["baseline"].fit.risk_class_weight == "balanced"
    assert DEFAULT_FIT.block_weights is None and DEFAULT_FIT.min_servers == 1


def _exec_probs(critical: float) -> tuple[dict[str, float], dict[str, float]]:
    rest = (1 - critical) / 3
    return (
        {"Read": 0.1, "Write": 0.1, "Execute": 0.8},
        {"low": rest, "medium": rest, "high": rest, "critical": critical},
    )


def test_model_critical_stays_off_by_default_and_the_knob_is_per_call() -> None:
    t = ToolText.from_input(tool("frobnicate", "Frobnicate the widget."))
    no_floor = EngineConfig(critical_floor=None)
    assert DEFAULT_ENGINE.model_critical_min is None
    assert decide(t, [], _exec_probs(0.7), no_floor).risk == "high"  # no rule quotes a reason for critical
    knob = EngineConfig(model_critical_min=0.4, critical_floor=None)
    assert decide(t, [], _exec_probs(0.7), knob).risk == "critical"
    assert decide(t, [], _exec_probs(0.3), knob).risk == "high"
    assert decide(t, [], _exec_probs(0.7), no_floor).risk == "high"  # the config is per call


def test_the_critical_floor_raises_execute_tools_only_and_says_why() -> None:
    t = ToolText.from_input(tool("frobnicate", "Frobnicate the widget."))
    floor = DEFAULT_ENGINE.critical_floor
    assert floor is not None and 0 < floor < 0.5
    below = decide(t, [], _exec_probs(floor - 0.05))
    assert below.action == "Execute" and below.risk == "high"
    assert not any("model rates" in e.why for e in below.evidence)
    above = decide(t, [], _exec_probs(floor + 0.01))
    assert above.action == "Execute" and above.risk == "critical"
    said = [e for e in above.evidence if "model rates" in e.why]
    assert len(said) == 1 and said[0].field == "name" and said[0].quote in t.name
    # a write the model gives the same critical odds stays at the model's top class: critical writes
    # (money, credentials, a whole store lost) need a rule that quotes the reason
    write = ({"Read": 0.1, "Write": 0.8, "Execute": 0.1}, _exec_probs(floor + 0.1)[1])
    assert decide(t, [], write).risk != "critical"
    # off: the knob is per call
    assert decide(t, [], _exec_probs(floor + 0.01), EngineConfig(critical_floor=None)).risk == "high"


def test_flips_count_fixed_and_broken_tools() -> None:
    class P:
        def __init__(self, action: str, risk: str) -> None:
            self.action, self.risk = action, risk

    gold = [{"action": "Read", "risk": "low"}, {"action": "Write", "risk": "medium"}]
    base = [P("Read", "medium"), P("Write", "medium")]
    new = [P("Read", "low"), P("Read", "medium")]
    assert flips(gold, base, new) == {"action": [0, 1], "risk": [1, 0]}  # type: ignore[arg-type]


def test_a_write_stays_at_least_medium_unless_the_write_low_knob_is_set() -> None:
    t = ToolText.from_input(tool("set_flag", "Set a flag."))
    probs = (
        {"Read": 0.1, "Write": 0.8, "Execute": 0.1},
        {"low": 0.7, "medium": 0.2, "high": 0.05, "critical": 0.05},
    )
    assert DEFAULT_ENGINE.write_low_min is None
    assert decide(t, [], probs).risk == "medium"  # the rubric's floor: a write is medium
    assert decide(t, [], probs, EngineConfig(write_low_min=0.6)).risk == "low"
    assert decide(t, [], probs, EngineConfig(write_low_min=0.8)).risk == "medium"


def test_experiments_score_the_gold_file_given(tmp_path, capsys) -> None:
    """--gold replaces heldout.jsonl: a gold file labelled with the classifier's own answers scores 1.0,
    the same tools with every label moved score lower (so the figures come from the file given)."""
    import json

    from classifier import load_classifier
    from classifier.experiments import main
    from classifier.train import to_input

    records = load_records(TRAIN)[:40]
    answers = load_classifier().classify_many([to_input(r) for r in records])
    agreed = [{**r, "action": c.action, "risk": c.risk} for r, c in zip(records, answers, strict=True)]
    moved = [{**r, "action": "Execute" if r["action"] != "Execute" else "Read"} for r in agreed]
    scores = []
    for name, rows in (("agreed", agreed), ("moved", moved)):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        assert main(["--gold", str(path), "--no-cv", "--json", "--base", "production", "production"]) == 0
        scores.append(json.loads(capsys.readouterr().out.strip().splitlines()[-1])["heldout"]["action_mf1"])
    assert scores[0] == 1.0
    assert scores[1] < 0.5


def test_experiments_refuse_a_missing_gold_file(tmp_path) -> None:
    from classifier.experiments import main

    with pytest.raises(SystemExit) as err:
        main(["--gold", str(tmp_path / "absent.jsonl"), "--no-cv", "production"])
    assert err.value.code == 2


def test_a_rule_that_finds_execute_at_high_outranks_the_critical_floor() -> None:
    dispatch = RULES_BY_ID["exec.dispatch"]
    assert dispatch.action == "Execute" and dispatch.risk == "high"
    t = ToolText.from_input(tool("call_api", "Call any Acme API operation by id."))
    floor = DEFAULT_ENGINE.critical_floor
    assert floor is not None
    probs = _exec_probs(floor + 0.2)
    assert decide(t, [], probs).risk == "critical"
    hit = RuleHit(dispatch, "description", "Call any Acme API operation")
    held = decide(t, [hit], probs)
    assert held.action == "Execute" and held.risk == "high"
    assert not any("model rates" in e.why for e in held.evidence)
