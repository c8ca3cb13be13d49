"""Property test: random classifications and hostile names -> every output parses and no tool gets a
looser decision than intended (and, in the balanced profile, than recommended)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import ACTIONS, CATEGORIES, RISKS, Operation, ToolDefinition
from catalog.policies import PROFILES, Decision, PolicyServer, build_policy, recommend, render_policy
from tests.policies.cases import C, calls, intended
from tests.policies.interp import DECIDERS, DENY, validate

FLAGS = [
    "destructive",
    "financial",
    "secrets",
    "code_execution",
    "open_world",
    "untrusted_content",
    "private_data",
    "public_sink",
    "bulk",
    "admin",
    "poisoning",
]
PROP_POOL = {
    "prompt": {"type": "string"},
    "dangerouslySkipPermissions": {"type": "boolean"},
    "fullAuto": {"type": "boolean", "default": False},
    "yolo": {"type": "boolean", "default": True},
    "permissionMode": {"type": "string", "enum": ["default", "bypassPermissions"]},
    "rawFlags-dangerously": {"type": "array"},
    "action": {"type": "string", "enum": ["list", "delete"]},
    "op": {"type": "string", "enum": ["get", "put", "drop"]},
    "we.ird": {"type": "boolean"},
}
HOSTILE_BITS = [
    '"',
    "'",
    "\\",
    "\n",
    "\u2028",
    "\x85",
    ": ",
    "- ",
    "#",
    "*",
    "&",
    "!",
    "{",
    "}",
    "[",
    "]",
    "||",
    "mcp.tool.name",
    ");",
    "//",
    "\u00e9",
    "\U0001f680",
    "\x00",
    "\ufeff",
]

names = st.one_of(
    st.text(min_size=1, max_size=30),
    st.lists(st.sampled_from(HOSTILE_BITS + ["a", "b", "_"]), min_size=1, max_size=8).map("".join),
).filter(lambda s: s.strip() != "")

operations = st.builds(
    Operation,
    argument=st.sampled_from(["action", "op", "we.ird"]),
    value=st.sampled_from(["list", "delete", "get", "put", "drop"]),
    action=st.sampled_from(ACTIONS),
    risk=st.sampled_from(RISKS),
)


@st.composite
def tool_pairs(draw):
    name = draw(names)
    props = draw(st.lists(st.sampled_from(sorted(PROP_POOL)), unique=True, max_size=4))
    schema = {"type": "object", "properties": {p: PROP_POOL[p] for p in props}}
    if props:
        schema["required"] = draw(st.lists(st.sampled_from(props), unique=True))
    tool = ToolDefinition(name=name, inputSchema=schema if props or draw(st.booleans()) else None)
    if draw(st.integers(0, 15)) == 0:
        return tool, None
    cls = C(
        draw(st.sampled_from(ACTIONS)),
        draw(st.sampled_from(RISKS)),
        draw(st.sampled_from(CATEGORIES)),
        tuple(draw(st.lists(st.sampled_from(FLAGS), unique=True, max_size=4))),
        draw(st.floats(0, 1)),
        tuple(draw(st.lists(operations, max_size=3))),
    )
    return tool, cls


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pairs=st.lists(tool_pairs(), min_size=0, max_size=6, unique_by=lambda p: p[0].name),
    profile=st.sampled_from(PROFILES),
)
def test_every_output_parses_and_never_loosens(pairs, profile):
    server = PolicyServer(slug="prop", name="prop")
    policy = build_policy(server, pairs, profile)
    defs = dict((t.name, (t, c)) for t, c in pairs)
    balanced = {tp.name: tp for tp in build_policy(server, pairs, "balanced").tools}
    for tp in policy.tools:
        tool, cls = defs[tp.name]
        if cls is not None and profile == "balanced":
            rec = recommend(tool, cls)
            assert (tp.decision, tp.deny_args, tp.limit) == (rec.decision, rec.deny_args, rec.limit)
        if profile == "strict":
            assert tp.decision >= balanced[tp.name].decision or tp.decision == Decision.DENY
        if cls is not None and "poisoning" in cls.flags:
            assert tp.decision >= Decision.DENY
    for fmt, decide in DECIDERS.items():
        text = render_policy(fmt, policy)
        text.encode("utf-8")
        validate(fmt, text)
        for tp in policy.tools:
            if any(0xD800 <= ord(ch) <= 0xDFFF for ch in tp.name):
                continue  # cannot be written in any format; absent means default deny
            tool, _ = defs[tp.name]
            for args, base, risky in calls(tp, tool):
                want = DENY if risky else base
                got = decide(text, server.slug, tp.name, args)
                assert got.at_least_as_strict_as(want), (fmt, profile, tp.name, args, got, want)
                if profile == "balanced" and not risky:
                    assert got.at_least_as_strict_as(intended(balanced[tp.name]))
