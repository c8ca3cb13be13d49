"""Every format validates, and each tool gets exactly the intended decision (or a stricter one where
the gateway cannot express it), checked by cedarpy and by interpreters of the documented semantics."""

from __future__ import annotations

import json

import pytest
import yaml

from catalog.policies import (
    FORMATS,
    PROFILES,
    PolicyServer,
    build_policy,
    render,
    render_policy,
    tool_snippet,
)
from catalog.policies.targets import policylayer
from tests.policies.cases import CLAUDE_PROPS, C, T, calls, expected_for, one_of_each
from tests.policies.interp import ALLOW, DECIDERS, DENY, Outcome, validate

SERVER = PolicyServer(slug="demo-server", name="Demo Server")


def test_formats_registry():
    assert set(FORMATS) == set(DECIDERS)
    names = [f.filename for f in FORMATS.values()]
    assert len(set(names)) == len(names)
    assert {
        "policylayer.json",
        "intercept.yaml",
        "toolhive-cedar.json",
        "agentgateway.yaml",
        "docker-tools.yaml",
    } <= set(names)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("fmt", sorted(DECIDERS))
def test_one_of_each_category(fmt, profile):
    tools = one_of_each()
    policy = build_policy(SERVER, tools, profile)
    text = render_policy(fmt, policy)
    validate(fmt, text)
    defs = {t.name: t for t, _ in tools}
    for tp in policy.tools:
        for args, base, risky in calls(tp, defs[tp.name]):
            got = DECIDERS[fmt](text, SERVER.slug, tp.name, args)
            want = expected_for(fmt, tp, base, risky)
            assert got == want, (fmt, profile, tp.name, args, got, want)


def test_balanced_decisions_spelled_out():
    """The issue's examples, read off the generated documents with no help from the code under test."""
    text = render("policylayer", SERVER, one_of_each())
    decide = DECIDERS["policylayer"]
    assert decide(text, "", "list_files", {}) == ALLOW
    assert decide(text, "", "read_secret", {}) == Outcome("limit", 60, "minute")
    assert decide(text, "", "write_file", {}) == Outcome("limit", 30, "hour")
    assert decide(text, "", "delete_repo", {}) == DENY
    assert decide(text, "", "create_refund", {}) == DENY
    assert decide(text, "", "run_shell", {}) == DENY and "run_shell" in json.loads(text)["hide"]
    assert decide(text, "", "evil_helper", {}) == DENY and "evil_helper" in json.loads(text)["hide"]
    assert decide(text, "", "claude_request", {"prompt": "hi"}) == Outcome("limit", 10, "hour")
    assert decide(text, "", "claude_request", {"dangerouslySkipPermissions": True}) == DENY
    assert decide(text, "", "claude_request", {"permissionMode": "bypassPermissions"}) == DENY
    assert decide(text, "", "manage", {"action": "list"}) == Outcome("limit", 10, "hour")
    assert decide(text, "", "manage", {"action": "delete"}) == DENY
    assert decide(text, "", "unclassified_tool", {}) == DENY
    assert decide(text, "", "a_tool_added_later", {}) == DENY


def test_intercept_needs_bypass_arguments_spelled_out():
    """Intercept fails a condition on a missing argument: stricter than intended, and documented."""
    text = render("intercept", SERVER, [(T("claude_request", CLAUDE_PROPS), C("Execute", "medium"))])
    decide = DECIDERS["intercept"]
    assert decide(text, "", "claude_request", {"prompt": "x"}) == DENY
    ok = {"dangerouslySkipPermissions": False, "permissionMode": "default"}
    assert decide(text, "", "claude_request", ok) == Outcome("limit", 10, "hour")
    assert "explicitly" in text


def test_cedar_authorizes_sample_calls():
    text = render("cedar", SERVER, one_of_each())
    decide = DECIDERS["cedar"]
    assert decide(text, "", "list_files", {}) == ALLOW
    assert decide(text, "", "write_file", {}) == DENY  # Cedar cannot cap: blocked, with a note
    assert "cannot cap one tool" in text
    assert decide(text, "", "delete_repo", {}) == DENY and "approval" in text
    assert decide(text, "", "not_in_the_catalog", {}) == DENY


def test_agentgateway_never_ends_up_deny_only():
    """With deny rules alone agentgateway allows everything: a closed starter must keep an allow rule."""
    text = render(
        "agentgateway", SERVER, [(T("delete_repo"), C("Write", "high", "Destructive", ("destructive",)))]
    )
    validate("agentgateway", text)
    assert DECIDERS["agentgateway"](text, "", "delete_repo", {}) == DENY
    assert DECIDERS["agentgateway"](text, "", "other_tool", {}) == DENY


def test_docker_closed_server_key_is_an_empty_list():
    text = render(
        "docker",
        PolicyServer(slug="s", name="S", docker_name="github-official"),
        [(T("push"), C("Write", "medium"))],
    )
    assert yaml.safe_load(text.split("\n", 0)[0]) == {"github-official": []}
    assert DECIDERS["docker"](text, "github-official", "push", {}) == DENY


def test_policylayer_round_trip():
    policy = build_policy(SERVER, one_of_each())
    text = render_policy("policylayer", policy)
    doc, _ = policylayer.build(policy)
    assert json.loads(text) == doc
    assert render_policy("policylayer", build_policy(SERVER, one_of_each())) == text  # deterministic


def test_intercept_round_trip_keeps_every_name_and_rule():
    policy = build_policy(SERVER, one_of_each())
    doc = yaml.safe_load(render_policy("intercept", policy))
    assert doc["version"] == "1" and doc["default"] == "deny"
    listed = set(doc["tools"]) | set(doc.get("hide", []))
    assert listed == {tp.name for tp in policy.tools} | {"*"}
    again = yaml.safe_load(yaml.safe_dump(doc, allow_unicode=True))
    assert again == doc


@pytest.mark.parametrize("fmt", sorted(DECIDERS))
def test_tool_snippets_are_valid_documents(fmt):
    for tool, c in one_of_each():
        text = tool_snippet(fmt, SERVER, tool, c)
        validate(fmt, text)
        tp = build_policy(SERVER, [(tool, c)]).tools[0]
        for args, base, risky in calls(tp, tool):
            assert DECIDERS[fmt](text, SERVER.slug, tool.name, args) == expected_for(fmt, tp, base, risky)


@pytest.mark.parametrize("fmt", sorted(DECIDERS))
def test_empty_server_is_valid_and_closed(fmt):
    text = render(fmt, SERVER, [])
    validate(fmt, text)
    assert DECIDERS[fmt](text, SERVER.slug, "anything", {}) == DENY


def test_upstream_examples_pass_our_validators():
    """Our validators accept the gateways' own example files, so a rejection means a real problem."""
    from pathlib import Path

    here = Path(__file__).parent / "upstream"
    validate("intercept", (here / "intercept-default_deny_policy.yaml").read_text())
    validate("docker", (here / "docker-tools.example.yaml").read_text())
    cfg = json.loads((here / "toolhive-authz-config.json").read_text())
    from tests.policies.interp import schema_errors

    assert not schema_errors("toolhive-authz-config.schema.json", cfg)


def test_envoy_uses_regex_selectors_beyond_32_tools():
    from tests.policies.interp import envoy_names

    names = [f"read_{i}" for i in range(60)] + ["a|b", "x\\", "(y)", "new\nline", "caf\u00e9", ".*"]
    tools = [(T(n), C("Read", "low")) for n in names] + [(T("drop_all"), C("Write", "high", "Destructive"))]
    text = render("envoy", SERVER, tools)
    validate("envoy", text)
    assert "includeRegex" in text and "include:" not in text
    assert envoy_names(text) == set(names)
    for n in names:
        assert DECIDERS["envoy"](text, "", n, {}) == ALLOW
    for n in ["drop_all", "read_1x", "aXb", "x", "anything"]:
        assert DECIDERS["envoy"](text, "", n, {}) == DENY


def test_agentgateway_allow_is_scoped_to_this_server_target():
    text = render("agentgateway", SERVER, [(T("list_files"), C("Read", "low"))])
    assert DECIDERS["agentgateway"](text, SERVER.slug, "list_files", {}) == ALLOW
    assert DECIDERS["agentgateway"](text, "another-server", "list_files", {}) == DENY


def test_policylayer_counters_are_unique():
    tools = [(T(n), C("Write", "medium")) for n in ("a-b", "a_b", "A.B", "all")]
    doc = json.loads(render("policylayer", SERVER, tools))
    counters = [lim["counter"] for t in doc["tools"].values() for lim in t["limits"]]
    counters += [lim["counter"] for lim in doc["all_tools"]["limits"]]
    assert len(counters) == len(set(counters)) == 5
