"""The recommendation rules and the profiles, checked against the issue's rule table."""

from __future__ import annotations

import pytest

from catalog.errors import BadInput
from catalog.policies import Decision, PolicyServer, build_policy, recommend
from tests.policies.cases import CLAUDE_PROPS, MANAGE_OPS, MANAGE_PROPS, C, T, one_of_each


@pytest.mark.parametrize(
    ("cls", "decision", "cap"),
    [
        (C("Read", "low"), Decision.ALLOW, None),
        (C("Read", "medium", flags=("secrets",)), Decision.LIMIT, (60, "minute")),
        (C("Read", "low", flags=("private_data",)), Decision.LIMIT, (60, "minute")),
        (C("Read", "high"), Decision.LIMIT, (20, "minute")),
        (C("Read", "low", flags=("untrusted_content",)), Decision.LIMIT, (60, "minute")),
        (C("Write", "low"), Decision.LIMIT, (30, "hour")),
        (C("Write", "high"), Decision.LIMIT, (10, "hour")),
        (C("Write", "high", "Destructive", ("destructive",)), Decision.APPROVAL, None),
        (C("Write", "medium", "Financial", ("financial",)), Decision.APPROVAL, None),
        (C("Execute", "medium"), Decision.LIMIT, (10, "hour")),
        (C("Execute", "high", flags=("code_execution",)), Decision.APPROVAL, None),
        (C("Execute", "critical", flags=("code_execution",)), Decision.HIDE, None),
        (C("Read", "critical"), Decision.APPROVAL, None),
        (C("Read", "low", flags=("poisoning",)), Decision.HIDE, None),
        (C("Write", "low", flags=("admin",)), Decision.APPROVAL, None),
        (C("Read", "low", confidence=0.2), Decision.LIMIT, (60, "minute")),
    ],
)
def test_rule_table(cls, decision, cap):
    rec = recommend(T("x"), cls)
    assert rec.decision == decision
    assert (rec.limit.max, rec.limit.window) == cap if cap else rec.limit is None
    assert rec.rules and len(rec.rules) == len(rec.reasons)
    assert all(r.strip() for r in rec.reasons)


def test_poisoning_beats_everything_else():
    rec = recommend(T("x"), C("Read", "low", flags=("poisoning", "secrets")))
    assert rec.decision == Decision.HIDE and "R-POISON" in rec.rules


@pytest.mark.parametrize(
    ("props", "arg", "value"),
    [
        ({"dangerouslySkipPermissions": {"type": "boolean"}}, "dangerouslySkipPermissions", True),
        ({"fullAuto": {"type": "boolean"}}, "fullAuto", True),
        ({"yolo": {"type": "boolean"}}, "yolo", True),
        ({"--dangerously-skip-permissions": {"type": "boolean"}}, "--dangerously-skip-permissions", True),
        ({"dangerouslyBypassApprovalsAndSandbox": {}}, "dangerouslyBypassApprovalsAndSandbox", True),
        (
            {"permissionMode": {"type": "string", "enum": ["default", "bypassPermissions"]}},
            "permissionMode",
            "bypassPermissions",
        ),
        (
            {"askForApproval": {"type": "string", "enum": ["untrusted", "on-request", "never"]}},
            "askForApproval",
            "never",
        ),
        (
            {"sandbox": {"type": "string", "enum": ["read-only", "danger-full-access"]}},
            "sandbox",
            "danger-full-access",
        ),
        ({"yoloFlags": {"type": "array", "items": {"type": "string"}}}, "yoloFlags", None),
        ({"alwaysApprove": {"type": "boolean", "default": False}}, "alwaysApprove", True),
        ({"sandbox": {"type": "string", "enum": ["enabled", "disabled"]}}, "sandbox", "disabled"),
        ({"permissionMode": {"type": "string", "enum": ["default", "dontAsk"]}}, "permissionMode", "dontAsk"),
    ],
)
def test_permission_bypass_arguments_become_deny_conditions(props, arg, value):
    rec = recommend(T("agent", {"prompt": {"type": "string"}, **props}), C("Execute", "medium"))
    hits = [a for a in rec.deny_args if a.argument == arg]
    assert hits and hits[0].value == value
    assert "R-ARG-BYPASS" in rec.rules
    # Without argument checks the tool is blocked, never left open.
    assert rec.decision == Decision.LIMIT and rec.without_args >= Decision.DENY


def test_plain_arguments_are_not_flagged():
    rec = recommend(
        T(
            "x",
            {
                "path": {"type": "string"},
                "permissions": {"type": "string"},
                "mode": {"enum": ["fast", "slow"]},
            },
        ),
        C("Read", "low"),
    )
    assert rec.deny_args == () and rec.decision == Decision.ALLOW


def test_bypass_on_by_default_needs_approval():
    rec = recommend(T("x", {"yolo": {"type": "boolean", "default": True}}), C("Execute", "low"))
    assert rec.decision == Decision.APPROVAL and "R-ARG-BYPASS-DEFAULT" in rec.rules


def test_multiplexed_tool_relaxed_only_when_the_enum_is_fully_classified():
    cls = C("Write", "high", "Destructive", ("destructive",), ops=MANAGE_OPS)
    rec = recommend(T("manage", MANAGE_PROPS, ["action"]), cls)
    assert rec.decision == Decision.LIMIT and "R-OP-RELAX" in rec.rules
    assert [(a.argument, a.value) for a in rec.deny_args] == [("action", "delete")]
    assert rec.without_args >= Decision.DENY  # gateways blind to arguments block the whole tool
    # An enum value nobody classified: no relaxation, the risky operation is still denied by argument.
    wider = {"action": {"type": "string", "enum": ["list", "get", "delete", "purge"]}}
    rec2 = recommend(T("manage", wider, ["action"]), cls)
    assert rec2.decision == Decision.APPROVAL and ("action", "delete") in [
        (a.argument, a.value) for a in rec2.deny_args
    ]
    # Optional argument without a safe default: no relaxation either.
    rec3 = recommend(T("manage", MANAGE_PROPS), cls)
    assert rec3.decision == Decision.APPROVAL


def test_approval_intent_is_kept():
    rec = recommend(T("x"), C("Write", "high", "Destructive", ("destructive",)))
    assert rec.approval and rec.summary == "require human approval"


def _decisions(profile):
    pol = build_policy(PolicyServer(slug="s", name="s"), one_of_each(), profile)
    return {tp.name: tp for tp in pol.tools}


def test_strict_allows_only_read_low():
    tps = _decisions("strict")
    allowed = {n for n, tp in tps.items() if tp.decision <= Decision.LIMIT}
    assert allowed == {"list_files", "fetch_url", "maybe_reads", "evil_helper"} - {"evil_helper"}
    assert tps["run_shell"].decision == Decision.HIDE and tps["evil_helper"].decision == Decision.HIDE


def test_permissive_blocks_only_critical_and_poisoned():
    tps = _decisions("permissive")
    blocked = {n for n, tp in tps.items() if tp.decision >= Decision.APPROVAL}
    assert blocked == {"run_shell", "evil_helper", "unclassified_tool"}
    assert tps["delete_repo"].decision == Decision.LIMIT and tps["delete_repo"].limit.window == "hour"
    assert tps["claude_request"].deny_args  # argument rules survive every profile


def test_balanced_is_the_recommendation():
    tps = _decisions("balanced")
    for tool, c in one_of_each():
        if c is not None:
            assert tps[tool.name].decision == recommend(tool, c).decision
    assert tps["unclassified_tool"].decision == Decision.DENY


def test_unknown_profile_is_bad_input():
    with pytest.raises(BadInput, match="profile"):
        build_policy(PolicyServer(slug="s", name="s"), [], "yolo")


def test_duplicate_names_keep_the_stricter_policy():
    pol = build_policy(
        PolicyServer(slug="s", name="s"),
        [(T("dup"), C("Read", "low")), (T("dup", CLAUDE_PROPS), C("Execute", "critical"))],
    )
    assert [tp.name for tp in pol.tools] == ["dup"] and pol.tools[0].decision == Decision.HIDE


def test_duplicate_names_merge_to_the_strictest_of_both():
    a = T("dup", {"yolo": {"type": "boolean"}})
    b = T("dup", {"fullAuto": {"type": "boolean"}})
    pol = build_policy(PolicyServer(slug="s", name="s"), [(a, C("Write", "medium")), (b, C("Read", "high"))])
    (tp,) = pol.tools
    assert tp.decision == Decision.LIMIT
    assert (tp.limit.max, tp.limit.window) == (30, "hour")  # 30/hour is a lower rate than 20/minute
    assert {r.argument for r in tp.deny_args} == {"yolo", "fullAuto"}
    assert tp.without_args >= Decision.DENY


def test_recommendation_json_round_trip_uses_labels():
    from catalog.policies import Recommendation

    rec = recommend(T("agent", CLAUDE_PROPS), C("Execute", "medium"))
    data = rec.model_dump_json()
    assert '"decision":"limit"' in data and '"without_args":"deny"' in data
    assert Recommendation.model_validate_json(data) == rec
