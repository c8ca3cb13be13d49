"""Tools and classifications shared by the policy tests, and the intent each call should meet."""

from __future__ import annotations

from typing import Any

from catalog.models import Classification, Operation, ToolDefinition
from catalog.policies import Decision, ToolPolicy
from tests.policies.interp import ALLOW, DENY, Outcome

# What each gateway can express (from their docs), written out here rather than read from the code
# under test: (per-tool caps, argument checks).
CAPABILITIES = {
    "policylayer": (True, True),
    "intercept": (True, True),
    "cedar": (False, True),
    "agentgateway": (False, False),
    "docker": (False, False),
    "envoy": (False, False),
    "mcpjungle": (False, False),
}


def C(
    action: str,
    risk: str,
    category: str | None = None,
    flags: tuple[str, ...] = (),
    confidence: float = 0.9,
    ops: tuple[Operation, ...] = (),
) -> Classification:
    return Classification(
        id="t",
        action=action,
        risk=risk,
        category=category or action,
        flags=list(flags),
        confidence=confidence,
        classifier_version="test",
        operations=list(ops),
    )


def T(name: str, props: dict[str, Any] | None = None, required: list[str] | None = None) -> ToolDefinition:
    schema: dict[str, Any] | None = None
    if props is not None:
        schema = {"type": "object", "properties": props}
        if required:
            schema["required"] = required
    return ToolDefinition(name=name, inputSchema=schema)


CLAUDE_PROPS = {
    "prompt": {"type": "string"},
    "dangerouslySkipPermissions": {"type": "boolean"},
    "permissionMode": {"type": "string", "enum": ["default", "acceptEdits", "bypassPermissions"]},
}
MANAGE_PROPS = {"action": {"type": "string", "enum": ["list", "get", "delete"]}}
MANAGE_OPS = (
    Operation(argument="action", value="list", action="Read", risk="low"),
    Operation(argument="action", value="get", action="Read", risk="low"),
    Operation(argument="action", value="delete", action="Write", risk="high"),
)


def one_of_each() -> list[tuple[ToolDefinition, Classification | None]]:
    """A server with one tool of each category and each special case."""
    return [
        (T("list_files"), C("Read", "low")),
        (T("read_secret"), C("Read", "medium", flags=("secrets",))),
        (T("fetch_url"), C("Read", "low", flags=("untrusted_content", "open_world"))),
        (T("write_file"), C("Write", "medium")),
        (T("delete_repo"), C("Write", "high", "Destructive", ("destructive",))),
        (T("create_refund"), C("Write", "high", "Financial", ("financial",))),
        (T("run_tests"), C("Execute", "medium")),
        (T("run_shell"), C("Execute", "critical", flags=("code_execution",))),
        (T("evil_helper"), C("Read", "low", flags=("poisoning",))),
        (T("claude_request", CLAUDE_PROPS), C("Execute", "medium")),
        (
            T("manage", MANAGE_PROPS, ["action"]),
            C("Write", "high", "Destructive", ("destructive",), ops=MANAGE_OPS),
        ),
        (T("maybe_reads"), C("Read", "low", confidence=0.3)),
        (T("unclassified_tool"), None),
    ]


def intended(tp: ToolPolicy) -> Outcome:
    if tp.decision == Decision.ALLOW:
        return ALLOW
    if tp.decision == Decision.LIMIT:
        assert tp.limit is not None
        return Outcome("limit", tp.limit.max, tp.limit.window)
    return DENY


def _safe_value(tool: ToolDefinition, arg: str, bad: list[Any]) -> Any:
    spec = ((tool.input_schema or {}).get("properties") or {}).get(arg) or {}
    for v in spec.get("enum") or []:
        if v not in bad:
            return v
    if all(isinstance(b, bool) for b in bad):
        return False
    return "a-safe-value"


def calls(tp: ToolPolicy, tool: ToolDefinition) -> list[tuple[dict[str, Any], Outcome, bool]]:
    """(arguments, intended outcome, uses a risky argument) for the calls worth checking."""
    bad: dict[str, list[Any]] = {}
    for a in tp.deny_args:
        bad.setdefault(a.argument, []).append(a.value)
    safe: dict[str, Any] = {}
    for arg, values in bad.items():
        if any(v is None for v in values):
            continue  # a "must not be present" argument: leave it out
        safe[arg] = _safe_value(tool, arg, values)
    out = [(safe, intended(tp), False)]
    for a in tp.deny_args:
        args = dict(safe)
        args[a.argument] = "anything" if a.value is None else a.value
        out.append((args, DENY, True))
    return out


def expected_for(fmt: str, tp: ToolPolicy, base: Outcome, risky: bool) -> Outcome:
    """What a correct starter in `fmt` must do: the intent, degraded toward deny where the format
    cannot express it."""
    limits_ok, args_ok = CAPABILITIES[fmt]
    if risky:
        return DENY
    if base.kind == "limit" and not limits_ok:
        return DENY
    if tp.deny_args and not args_ok and base.kind != "deny":
        return DENY
    return base
