"""One recommendation per tool, derived from its classification.

Every rule that fires adds its id and a plain-language reason (both shown on the tool card); the
decision is the strictest any rule asks for. The rule table is documented in site/docs/policies.md;
keep the two in step.
"""

from __future__ import annotations

import json
from typing import Any

from catalog.models import Classification, Operation, ToolDefinition
from catalog.policies.arguments import find_bypass_arguments
from catalog.policies.model import ArgRule, Decision, RateLimit, Recommendation, tighter

# The caps, named so the docs and the tests read them from one place.
READ_SENSITIVE_CAP = RateLimit(max=60, window="minute")
READ_HIGH_CAP = RateLimit(max=20, window="minute")
WRITE_CAP = RateLimit(max=30, window="hour")
WRITE_HIGH_CAP = RateLimit(max=10, window="hour")
EXECUTE_CAP = RateLimit(max=10, window="hour")
LOW_CONFIDENCE_CAP = RateLimit(max=60, window="minute")
LOW_CONFIDENCE = 0.5

_SENSITIVE_READ_FLAGS = ("secrets", "private_data")


class _Acc:
    """Collects the decision, cap, argument rules and reasons while the rules fire."""

    __slots__ = ("decision", "limit", "deny_args", "approval", "rules", "reasons")

    def __init__(self) -> None:
        self.decision = Decision.ALLOW
        self.limit: RateLimit | None = None
        self.deny_args: list[ArgRule] = []
        self.approval = False
        self.rules: list[str] = []
        self.reasons: list[str] = []

    def fire(self, rule: str, decision: Decision, reason: str, limit: RateLimit | None = None) -> None:
        self.rules.append(rule)
        self.reasons.append(reason)
        if decision > self.decision:
            self.decision = decision
        if decision == Decision.APPROVAL:
            self.approval = True
        if limit is not None:
            self.limit = tighter(self.limit, limit)


def recommend(tool: ToolDefinition, c: Classification) -> Recommendation:
    """The recommended policy for one tool (the `balanced` profile)."""
    acc = _Acc()
    flags = set(c.flags)

    if "poisoning" in flags:
        acc.fire(
            "R-POISON",
            Decision.HIDE,
            "The definition carries instructions aimed at the model (tool poisoning): hidden, so the "
            "text never reaches the agent's context, and every call is blocked.",
        )
    if c.action == "Execute" and c.risk == "critical":
        acc.fire(
            "R-EXEC-CRITICAL", Decision.HIDE, "Runs code or commands with critical risk: hidden and blocked."
        )
    if c.category == "Financial" or "financial" in flags:
        acc.fire("R-FINANCIAL", Decision.APPROVAL, "Moves money: every call should be approved by a person.")
    if c.category == "Destructive" or "destructive" in flags:
        acc.fire(
            "R-DESTRUCTIVE",
            Decision.APPROVAL,
            "Can irreversibly delete or overwrite shared state: every call should be approved by a person.",
        )
    if c.risk == "critical" and c.action != "Execute":
        acc.fire("R-CRITICAL", Decision.APPROVAL, "Critical risk: every call should be approved by a person.")
    if "admin" in flags:
        acc.fire(
            "R-ADMIN", Decision.APPROVAL, "Changes administrative settings or permissions: needs approval."
        )

    if c.action == "Execute" and c.risk == "high":
        acc.fire(
            "R-EXEC-HIGH", Decision.APPROVAL, "Runs code, commands or agents with high risk: needs approval."
        )
    elif c.action == "Execute" and c.risk in ("low", "medium"):
        acc.fire(
            "R-EXEC-CAP",
            Decision.LIMIT,
            f"Runs code, commands or agents: allowed, capped at {EXECUTE_CAP.text()}.",
            EXECUTE_CAP,
        )
    if c.action == "Write":
        cap = WRITE_HIGH_CAP if c.risk in ("high", "critical") else WRITE_CAP
        acc.fire("R-WRITE-CAP", Decision.LIMIT, f"Changes state: allowed, capped at {cap.text()}.", cap)
    if c.action == "Read":
        sensitive = sorted(flags.intersection(_SENSITIVE_READ_FLAGS))
        if c.risk in ("high", "critical"):
            acc.fire(
                "R-READ-HIGH",
                Decision.LIMIT,
                f"Reads data with {c.risk} risk: allowed, capped at {READ_HIGH_CAP.text()}.",
                READ_HIGH_CAP,
            )
        elif sensitive or c.risk == "medium":
            what = " and ".join(s.replace("_", " ") for s in sensitive) or "medium-risk data"
            acc.fire(
                "R-READ-SENSITIVE",
                Decision.LIMIT,
                f"Reads {what}: allowed, capped at {READ_SENSITIVE_CAP.text()} to slow bulk extraction.",
                READ_SENSITIVE_CAP,
            )
        if "untrusted_content" in flags:
            acc.fire(
                "R-UNTRUSTED",
                Decision.LIMIT,
                "Returns content written by third parties (a prompt-injection route): allowed, capped at "
                f"{READ_SENSITIVE_CAP.text()}.",
                READ_SENSITIVE_CAP,
            )
        if not acc.rules:
            acc.fire("R-READ-LOW", Decision.ALLOW, "Reads data with low risk: allowed.")
    if c.confidence < LOW_CONFIDENCE and acc.decision == Decision.ALLOW:
        acc.fire(
            "R-LOW-CONFIDENCE",
            Decision.LIMIT,
            f"The classification is uncertain (confidence {c.confidence:.2f}): capped at "
            f"{LOW_CONFIDENCE_CAP.text()} until a person reviews it.",
            LOW_CONFIDENCE_CAP,
        )

    _bypass_rules(acc, tool)
    _operation_rules(acc, tool, c)

    decision = acc.decision
    limit = acc.limit if decision == Decision.LIMIT else None
    if decision == Decision.LIMIT and limit is None:  # defensive: a cap decision always names its cap
        limit = WRITE_CAP
    # A gateway that cannot read arguments cannot enforce the argument rules: the whole tool
    # degrades to a block there (never to an allow).
    without_args = max(decision, Decision.DENY) if acc.deny_args else decision
    return Recommendation(
        decision=decision,
        limit=limit,
        deny_args=tuple(acc.deny_args),
        without_args=without_args,
        approval=acc.approval,
        rules=tuple(acc.rules),
        reasons=tuple(acc.reasons),
    )


def _bypass_rules(acc: _Acc, tool: ToolDefinition) -> None:
    for hit in find_bypass_arguments(tool.input_schema):
        shown = "any value" if hit.value is None else json.dumps(hit.value, ensure_ascii=False)
        if hit.on_by_default:
            acc.fire(
                "R-ARG-BYPASS-DEFAULT",
                Decision.APPROVAL,
                f"Argument {hit.argument!r} turns off the wrapped agent's permission checks and is on by "
                "default, so no argument rule can stop it: needs approval.",
            )
            continue
        reason = f"Argument {hit.argument!r} = {shown} turns off the wrapped agent's permission checks."
        acc.rules.append("R-ARG-BYPASS")
        acc.reasons.append(reason + " Calls that set it are denied.")
        acc.deny_args.append(
            ArgRule(argument=hit.argument, value=hit.value, reason=reason, rule="R-ARG-BYPASS")
        )


def _op_decision(op: Operation) -> Decision:
    if op.action == "Read":
        return {"low": Decision.ALLOW, "critical": Decision.APPROVAL}.get(op.risk, Decision.LIMIT)
    if op.action == "Write":
        return Decision.APPROVAL if op.risk in ("high", "critical") else Decision.LIMIT
    return {"high": Decision.APPROVAL, "critical": Decision.DENY}.get(op.risk, Decision.LIMIT)


def _operation_rules(acc: _Acc, tool: ToolDefinition, c: Classification) -> None:
    """Multiplexed tools: deny the dangerous operations by argument value; relax the rest only when
    the schema's enum proves no other value exists."""
    if not c.operations:
        return
    dangerous = [op for op in c.operations if _op_decision(op) >= Decision.APPROVAL]
    safe = [op for op in c.operations if _op_decision(op) < Decision.APPROVAL]
    for op in dangerous:
        reason = f"Operation {op.argument}={op.value!r} is {op.action}/{op.risk}."
        acc.rules.append("R-OP-DENY")
        acc.reasons.append(reason + " Calls that select it are denied.")
        acc.deny_args.append(ArgRule(argument=op.argument, value=op.value, reason=reason, rule="R-OP-DENY"))
    if not dangerous or not safe or acc.decision != Decision.APPROVAL or "R-ARG-BYPASS-DEFAULT" in acc.rules:
        return
    if not _enum_fully_covered(tool.input_schema, c.operations):
        return
    relaxed = max([Decision.LIMIT, *(_op_decision(op) for op in safe)])
    cap = tighter(acc.limit, WRITE_CAP if any(op.action != "Read" for op in safe) else READ_SENSITIVE_CAP)
    assert cap is not None
    acc.rules.append("R-OP-RELAX")
    acc.reasons.append(
        "Every value of the operation argument is classified, and the risky ones are denied by "
        f"argument: the remaining operations are allowed, capped at {cap.text()}."
    )
    acc.decision = relaxed
    acc.limit = cap


def _enum_fully_covered(schema: dict[str, Any] | None, ops: list[Operation]) -> bool:
    """True when, for every operation argument, the schema lists an enum whose every value is a known
    operation and a missing argument cannot fall back to an unknown value."""
    props = (schema or {}).get("properties")
    if not isinstance(props, dict):
        return False
    required = (schema or {}).get("required")
    required = required if isinstance(required, list) else []
    by_arg: dict[str, set[str]] = {}
    for op in ops:
        by_arg.setdefault(op.argument, set()).add(op.value)
    safe_values = {(op.argument, op.value) for op in ops if _op_decision(op) < Decision.APPROVAL}
    for arg, values in by_arg.items():
        spec = props.get(arg)
        if not isinstance(spec, dict) or not isinstance(spec.get("enum"), list) or not spec["enum"]:
            return False
        if any(not isinstance(v, str) or v not in values for v in spec["enum"]):
            return False
        if arg not in required and (arg, spec.get("default")) not in safe_values:
            return False
    return True
