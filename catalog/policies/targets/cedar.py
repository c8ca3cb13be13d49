"""ToolHive `cedarv1` authorization config: a Cedar policy set (stacklok/toolhive docs/authz.md).

{"version":"1.0","type":"cedarv1","cedar":{"policies":[...],"entities_json":"[]"}}. Cedar denies by
default and forbid beats permit; ToolHive filters tools/list down to the tools a client may call.
Allowed tools get a permit; argument rules are forbids on `resource.arg_<name>`; every blocked
tool also gets an explicit forbid carrying the reason as a comment. Cedar cannot count calls, so a
capped tool is forbidden here (ToolHive's separate rateLimiting config can re-enable it).
"""

from __future__ import annotations

from catalog.policies import jsonfmt
from catalog.policies.degrade import Caps, effective
from catalog.policies.model import ArgRule, FormatInfo, ServerPolicy
from catalog.policies.targets.common import header_lines, tool_comment
from catalog.policies.text import cedar_str, comment_text, nameable

INFO = FormatInfo("cedar", "toolhive-cedar.json", "application/json", "ToolHive Cedar", comments=True)
CAPS = Caps("Cedar/ToolHive", limit=False, args=True, hide=True)

_CALL = 'action == Action::"call_tool"'


def _value(value: bool | str | int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return cedar_str(value)


def arg_condition(rule: ArgRule) -> str:
    attr = cedar_str("arg_" + rule.argument)
    if rule.value is None:
        return f"resource has {attr}"
    return f"resource has {attr} && resource[{attr}] == {_value(rule.value)}"


def policies(policy: ServerPolicy) -> list[str]:
    out: list[str] = []
    preamble = "".join(f"// {line}\n" for line in header_lines(policy, INFO.label))
    for i, tp in enumerate(policy.tools):
        e = effective(tp, CAPS, name_ok=nameable(tp.name))
        if not nameable(tp.name):
            continue  # cannot be named: Cedar's default deny blocks it
        resource = f"resource == Tool::{cedar_str(tp.name)}"
        comment = f"// {tool_comment(e)}\n"
        if e.allowed:
            out.append(f'{comment}@id("toolrisk-allow-{i}")\npermit(principal, {_CALL}, {resource});')
            for j, a in enumerate(e.deny_args):
                out.append(
                    f"// {comment_text(a.reason)}\n"
                    f'@id("toolrisk-arg-{i}-{j}")\n'
                    f"forbid(principal, {_CALL}, {resource}) when {{ {arg_condition(a)} }};"
                )
        else:
            out.append(
                f'{comment}@id("toolrisk-{e.decision.label}-{i}")\nforbid(principal, {_CALL}, {resource});'
            )
    if not out:
        # ToolHive wants at least one policy; this one never applies, so everything stays denied.
        out.append(
            '// no tool is allowed\n@id("toolrisk-none")\nforbid(principal, action, resource) when { false };'
        )
    out[0] = preamble + out[0]
    return out


def render(policy: ServerPolicy) -> str:
    doc = {
        "version": "1.0",
        "type": "cedarv1",
        "cedar": {"policies": policies(policy), "entities_json": "[]"},
    }
    return jsonfmt.dumps(doc, depth=3)
