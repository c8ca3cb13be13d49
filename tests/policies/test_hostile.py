"""Hostile tool and server names cannot break out of any generated document."""

from __future__ import annotations

import json

import cedarpy
import pytest
import yaml

from catalog.policies import Decision, PolicyServer, build_policy, render_policy
from catalog.policies.targets import mcpjungle
from tests.policies.cases import CLAUDE_PROPS, C, T, calls, expected_for
from tests.policies.interp import DECIDERS, DENY, agentgateway_rules, envoy_names, validate

HOSTILE = [
    'say "hi"',
    "it's",
    "back\\slash",
    "new\nline",
    "cr\rreturn",
    "tab\tname",
    "nel\x85name",
    "ls\u2028sep",
    "ps\u2029sep",
    "bom\ufeffname",
    "nul\x00byte",
    "bell\x07",
    "del\x7f",
    "csi\x9b[31m",
    "- item",
    "key: value",
    "&anchor",
    "*alias",
    "!!python/object/apply:os.system",
    "{a: b}",
    "[1, 2]",
    "# comment",
    "? complex",
    "| literal",
    "> folded",
    "%YAML 1.2",
    "---",
    "...",
    "@at",
    "`tick`",
    "yes",
    "null",
    "~",
    "true",
    "1e3",
    "0x10",
    "'single'",
    '" || true || "',
    'a") || mcp.tool.name != ("',
    "mcp.tool.name",
    "\\u0022",
    '"); permit(principal, action, resource); //',
    "*/ permit(principal,action,resource); /*",
    'Tool::"x"',
    '"}, "tools": {"x": {}}, "a": {"',
    "caf\u00e9",
    "\u65e5\u672c\u8a9e",
    "emoji_\U0001f680",
    "rtl\u202etxt",
    "zero\u200bwidth",
    "\U0010ffff",
    "*",
    "_global",
    "args.x",
    "a.b",
    "x" * 200,
    "\u00e9" * 200,
    "\U0001f680" * 200,
]

KINDS = [
    (None, C("Read", "low")),  # allow
    (None, C("Write", "medium")),  # cap
    (None, C("Write", "high", "Destructive", ("destructive",))),  # approval -> deny
    (None, C("Read", "low", flags=("poisoning",))),  # hide
    (CLAUDE_PROPS, C("Execute", "medium")),  # argument rules
]


def _unnameable(fmt: str, name: str) -> bool:
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        return True
    return name == "*" and fmt in ("policylayer", "intercept")


def _tools(offset: int = 0):
    out = []
    for i, name in enumerate(HOSTILE):
        props, cls = KINDS[(i + offset) % len(KINDS)]
        out.append((T(name, props), cls))
    out.append((T("canary_allowed"), C("Read", "low")))
    out.append((T("canary_denied"), C("Write", "high", "Destructive", ("destructive",))))
    return out


SERVERS = [
    PolicyServer(slug="plain", name="Plain"),
    PolicyServer(slug='sl"ug\n- x', name='srv"\n- evil: 1 \u2028 # */ "); //', docker_name="dock\ner: [x]"),
]


@pytest.mark.parametrize("server", SERVERS, ids=["plain-server", "hostile-server"])
@pytest.mark.parametrize("offset", range(len(KINDS)))
@pytest.mark.parametrize("fmt", sorted(DECIDERS))
def test_hostile_names_stay_data(fmt, offset, server):
    tools = _tools(offset)
    policy = build_policy(server, tools, "balanced")
    text = render_policy(fmt, policy)
    text.encode("utf-8")  # strict: no lone surrogate leaked into the document
    validate(fmt, text)
    key = server.docker_name if fmt == "docker" and server.docker_name else server.slug
    if fmt == "mcpjungle":
        key = mcpjungle.server_name(policy)
    defs = {t.name: t for t, _ in tools}
    for tp in policy.tools:
        if _unnameable(fmt, tp.name):
            assert tp.name not in _names_in(fmt, text, server)
            continue
        for args, base, risky in calls(tp, defs[tp.name]):
            got = DECIDERS[fmt](text, key, tp.name, args)
            assert got == expected_for(fmt, tp, base, risky), (fmt, tp.name, args, got)
    assert DECIDERS[fmt](text, key, "canary_denied", {}) == DENY
    assert DECIDERS[fmt](text, key, "not listed at all", {}) == DENY
    _structure_intact(fmt, text, policy, server)


def _names_in(fmt: str, text: str, server: PolicyServer) -> set[str]:
    """Every tool name the parsed document mentions."""
    if fmt == "policylayer":
        doc = json.loads(text)
        return set(doc["tools"]) | set(doc.get("hide", []))
    if fmt == "intercept":
        doc = yaml.safe_load(text)
        return (set(doc["tools"]) - {"*"}) | set(doc.get("hide") or [])
    if fmt == "cedar":
        parsed = json.loads(cedarpy.policies_to_json_str("\n".join(json.loads(text)["cedar"]["policies"])))
        return {
            p["resource"]["entity"]["id"]
            for p in parsed["staticPolicies"].values()
            if "entity" in p["resource"]
        }
    if fmt == "docker":
        return {n for v in (yaml.safe_load(text) or {}).values() for n in (v or [])}
    if fmt == "mcpjungle":
        return {n.split("__", 1)[1] for n in json.loads(text)["included_tools"]}
    if fmt == "envoy":
        return envoy_names(text)
    from tests.policies.interp import _cel_unescape, _tokens

    names = set()
    for r in agentgateway_rules(text):
        expr = r if isinstance(r, str) else next(iter(r.values()))
        subject = None
        for k, v in _tokens(expr):
            if k == "ident" and v.startswith("mcp.tool."):
                subject = v
            elif k == "str" and subject == "mcp.tool.name":
                names.add(_cel_unescape(v))
    return names


def _structure_intact(fmt: str, text: str, policy, server: PolicyServer) -> None:
    """The document has exactly the shape we meant: no extra keys, rules or policies smuggled in."""
    nameable = {tp.name for tp in policy.tools if not _unnameable(fmt, tp.name)}
    mentioned = _names_in(fmt, text, server)
    assert mentioned <= {tp.name for tp in policy.tools}
    if fmt == "policylayer":
        assert set(json.loads(text)) <= {"version", "default", "hide", "all_tools", "tools"}
    elif fmt == "intercept":
        doc = yaml.safe_load(text)
        assert set(doc) == {"version", "description", "default", "hide", "tools"}
        shown = {tp.name for tp in policy.tools} & nameable
        assert (set(doc["tools"]) - {"*"}) | set(doc["hide"]) == shown
    elif fmt == "cedar":
        parsed = json.loads(cedarpy.policies_to_json_str("\n".join(json.loads(text)["cedar"]["policies"])))
        n_args = sum(
            len(tp.deny_args) for tp in policy.tools if tp.decision <= Decision.LIMIT and tp.limit is None
        )
        assert len(parsed["staticPolicies"]) == len(nameable) + n_args
        assert not any(
            p["effect"] == "permit" and p["resource"]["op"] != "==" for p in parsed["staticPolicies"].values()
        )
    elif fmt == "agentgateway":
        doc = yaml.safe_load(text)
        assert len(agentgateway_rules(text)) <= 2
        assert doc["mcp"]["targets"][0]["name"] == server.slug
    elif fmt == "docker":
        assert list(yaml.safe_load(text)) == [server.docker_name or server.slug]
    elif fmt == "mcpjungle":
        assert set(json.loads(text)) == {"name", "description", "included_tools"}
    elif fmt == "envoy":
        doc = yaml.safe_load(text)
        assert set(doc) == {"apiVersion", "kind", "metadata", "spec"}
        assert set(doc["spec"]) == {"parentRefs", "backendRefs"} and len(doc["spec"]["backendRefs"]) == 1
        allowed = {tp.name for tp in policy.tools if tp.decision == Decision.ALLOW and not tp.deny_args}
        assert envoy_names(text) == allowed


@pytest.mark.parametrize("fmt", sorted(DECIDERS))
def test_lone_surrogate_name_is_left_to_default_deny(fmt):
    """pydantic refuses such names, but a definition built around validation must not crash a build."""
    from catalog.models import ToolDefinition

    bad = ToolDefinition.model_construct(name="lone\ud800", input_schema=None)
    policy = build_policy(SERVERS[0], [(bad, C("Read", "low")), (T("ok"), C("Read", "low"))])
    text = render_policy(fmt, policy)
    text.encode("utf-8")
    validate(fmt, text)
    assert DECIDERS[fmt](text, "plain", "ok", {}).kind == "allow"


@pytest.mark.parametrize("fmt", sorted(DECIDERS))
def test_no_invisible_or_bidi_characters_reach_the_file(fmt):
    """A right-to-left override in a name must not make a reviewer read the file differently."""
    sneaky = ["rtl\u202etxt", "iso\u2066late\u2069", "zero\u200bwidth", "mark\u200f"]
    tools = [(T(n), C("Read", "low")) for n in sneaky]
    server = PolicyServer(slug="plain", name="Plain \u202e server")
    text = render_policy(fmt, build_policy(server, tools))
    validate(fmt, text)
    assert not any(
        ch in text
        for ch in "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )
    for n in sneaky:
        assert DECIDERS[fmt](text, "plain", n, {}).kind == "allow"
