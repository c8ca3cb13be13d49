"""The real llm-cli-gateway tool surface (bundled snapshot): its permission-bypass arguments are
found, and every starter blocks calls that set them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.models import ToolDefinition
from catalog.policies import PolicyServer, build_policy, render_policy
from tests.policies.cases import C, calls, expected_for
from tests.policies.interp import DECIDERS, DENY, validate

SNAPSHOT = Path(__file__).resolve().parents[2] / "snapshot" / "llm-cli-gateway" / "tools.json"
SERVER = PolicyServer(slug="llm-cli-gateway", name="llm-cli-gateway")


def _pairs():
    raw = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    pairs = []
    for item in raw:
        tool = ToolDefinition.model_validate(item)
        ann = tool.annotations or {}
        # A stand-in classification from the server's own hints, enough to exercise the starters:
        # read-only tools are Read/low, the rest run provider agents (Execute/medium).
        cls = C("Read", "low") if ann.get("readOnlyHint") is True else C("Execute", "medium")
        pairs.append((tool, cls))
    return pairs


pytestmark = pytest.mark.skipif(not SNAPSHOT.exists(), reason="bundled snapshot not present")


def test_bypass_arguments_found_on_the_real_agents():
    policy = build_policy(SERVER, _pairs())
    args = {tp.name: {(a.argument, a.value) for a in tp.deny_args} for tp in policy.tools}
    assert {("dangerouslySkipPermissions", True), ("permissionMode", "bypassPermissions")} <= args[
        "claude_request"
    ]
    assert {
        ("fullAuto", True),
        ("dangerouslyBypassApprovalsAndSandbox", True),
        ("sandboxMode", "danger-full-access"),
        ("askForApproval", "never"),
    } <= args["codex_request"]
    assert {("yolo", True), ("approvalMode", "yolo")} <= args["gemini_request"]
    assert ("alwaysApprove", True) in args["grok_request"]
    assert not args["llm_job_status"]


@pytest.mark.parametrize("fmt", sorted(DECIDERS))
def test_every_starter_blocks_the_bypass_calls(fmt):
    pairs = _pairs()
    policy = build_policy(SERVER, pairs)
    text = render_policy(fmt, policy)
    validate(fmt, text)
    defs = {t.name: t for t, _ in pairs}
    checked = 0
    for tp in policy.tools:
        for args, base, risky in calls(tp, defs[tp.name]):
            got = DECIDERS[fmt](text, SERVER.slug, tp.name, args)
            assert got == expected_for(fmt, tp, base, risky), (tp.name, args, got)
            if risky:
                assert got == DENY
                checked += 1
    assert checked >= 20
