"""PolicyLayer Intercept policy YAML (PolicyLayer/Intercept POLICY.md).

default: deny lists every tool it lets through; `rules: []` = allowed; `rate_limit: N/window`;
`action: deny` + on_deny for blocked tools (no approval action exists); `hide` for hidden ones.
Argument rules: a condition that must pass. Intercept fails a condition on a missing argument, so
"deny when X is true" is written as "X must be present and not true": an agent has to pass
X=false explicitly. That is stricter than the intent, never looser, and the on_deny text says so.
"""

from __future__ import annotations

from catalog.policies.degrade import Caps, effective
from catalog.policies.model import ArgRule, Decision, FormatInfo, ServerPolicy
from catalog.policies.targets.common import deny_message, header_lines, tool_comment
from catalog.policies.text import comment_text, nameable, yaml_str

INFO = FormatInfo("intercept", "intercept.yaml", "application/yaml", "Intercept", comments=True)
CAPS = Caps("Intercept", limit=True, args=True, hide=True)
MAX_KEY_CHARS = 1000  # YAML parsers refuse implicit keys longer than 1024 characters


def yaml_value(value: bool | str | int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return yaml_str(value)


def _arg_rule_lines(rule: ArgRule, indent: str) -> list[str]:
    path = yaml_str("args." + rule.argument)
    if rule.value is None:
        cond = [f"{indent}    - path: {path}", f"{indent}      op: exists", f"{indent}      value: false"]
        msg = f"Do not pass {rule.argument}: " + rule.reason
    else:
        cond = [
            f"{indent}    - path: {path}",
            f"{indent}      op: neq",
            f"{indent}      value: {yaml_value(rule.value)}",
        ]
        msg = f"Pass {rule.argument} explicitly with a safe value. " + rule.reason
    return [
        f"{indent}- name: {yaml_str(('no bypass: ' if rule.rule == 'R-ARG-BYPASS' else 'risky operation: ') + rule.argument)}",
        f"{indent}  conditions:",
        *cond,
        f"{indent}  on_deny: {yaml_str(msg[:400])}",
    ]


def _name_ok(name: str) -> bool:
    return name != "*" and nameable(name) and len(yaml_str(name)) <= MAX_KEY_CHARS


def render(policy: ServerPolicy) -> str:
    out = [
        f"# {line}"
        for line in header_lines(
            policy, INFO.label, global_cap=not any(tp.name == "*" for tp in policy.tools)
        )
    ]
    out.append('version: "1"')
    out.append(f"description: {yaml_str(comment_text('toolrisk starter for ' + policy.server.name, 200))}")
    out.append("default: deny")
    effs = [effective(tp, CAPS, name_ok=_name_ok(tp.name)) for tp in policy.tools]
    hidden = [e for e in effs if e.decision == Decision.HIDE and _name_ok(e.tool.name)]
    if hidden:
        out.append("hide:")
        for e in hidden:
            out.append(f"  # {tool_comment(e)}")
            out.append(f"  - {yaml_str(e.tool.name)}")
    body: list[str] = []
    for e in effs:
        if e.decision == Decision.HIDE:
            continue
        body.append(f"  # {tool_comment(e)}")
        if not _name_ok(e.tool.name):
            continue  # only the comment: the default deny blocks it
        body.append(f"  {yaml_str(e.tool.name)}:")
        rules: list[str] = []
        if e.decision == Decision.DENY:
            reason = "needs approval: denied" if e.tool.approval else "blocked"
            rules += [
                f"      - name: {yaml_str(reason)}",
                "        action: deny",
                f"        on_deny: {yaml_str(deny_message(e))}",
            ]
        else:
            if e.limit is not None:
                rules += [
                    f"      - name: {yaml_str('cap ' + e.limit.text())}",
                    f"        rate_limit: {e.limit.max}/{e.limit.window}",
                ]
            for a in e.deny_args:
                rules += _arg_rule_lines(a, "      ")
        if rules:
            body.append("    rules:")
            body += rules
        else:
            body.append("    rules: []")
    if policy.global_limit is not None and any(tp.name == "*" for tp in policy.tools):
        # Intercept treats a tool literally named "*" as listed once a "*" rule block exists, so
        # the global cap would let it through; leaving the cap out keeps that tool denied.
        body.append(
            "  # no global cap: this server has a tool named '*', which a '*' rule block would let through"
        )
    elif policy.global_limit is not None:
        g = policy.global_limit
        body += [
            '  "*":',
            "    rules:",
            f"      - name: {yaml_str('global cap ' + g.text())}",
            f"        rate_limit: {g.max}/{g.window}",
        ]
    if any(not line.lstrip().startswith("#") for line in body):
        out.append("tools:")
        out += body
    else:
        out += body
        out.append("tools: {}")
    return "\n".join(out) + "\n"
