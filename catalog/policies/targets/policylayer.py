"""PolicyLayer hosted policy JSON (policylayer.com docs, "writing policies").

{version:"1", default:"deny", hide:[...], all_tools:{limits:[...]}, tools:{name:{deny_if, limits}}}.
Listing a tool as {} under default deny allows it. No approval field exists, and JSON has no
comments: approval and deny tools are simply not listed (denied by the default); the notes are
printed by the CLI and shown next to the file on the site.
"""

from __future__ import annotations

from typing import Any

from catalog.policies import jsonfmt
from catalog.policies.degrade import Caps, Effective, effective
from catalog.policies.model import ArgRule, Decision, FormatInfo, ServerPolicy
from catalog.policies.text import nameable, slug_token

INFO = FormatInfo("policylayer", "policylayer.json", "application/json", "PolicyLayer", comments=False)
CAPS = Caps("PolicyLayer", limit=True, args=True, hide=True)


def condition(rule: ArgRule) -> dict[str, Any]:
    path = "args." + rule.argument
    if rule.value is None:
        return {"path": path, "op": "exists", "value": True}
    return {"path": path, "op": "eq", "value": rule.value}


def tool_entry(e: Effective, counter: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if e.deny_args:
        entry["deny_if"] = [
            {"conditions": [condition(a)], "on_deny": "Denied by policy: " + a.reason[:300]}
            for a in e.deny_args
        ]
    if e.limit is not None:
        entry["limits"] = [
            {
                "counter": counter or f"{slug_token(e.tool.name)}_per_{e.limit.window}",
                "window": e.limit.window,
                "max": e.limit.max,
                "scope": "grant",
            }
        ]
    return entry


def build(policy: ServerPolicy) -> tuple[dict[str, Any], list[Effective]]:
    doc: dict[str, Any] = {"version": "1", "default": "deny"}
    hide: list[str] = []
    tools: dict[str, Any] = {}
    effs: list[Effective] = []
    counters: set[str] = {f"all_per_{policy.global_limit.window}"} if policy.global_limit else set()
    for tp in policy.tools:
        # "*" means "every tool" in hide and the sister format, so a tool literally named "*" is
        # never written; the default deny covers it.
        e = effective(tp, CAPS, name_ok=nameable(tp.name) and tp.name != "*")
        effs.append(e)
        if e.decision == Decision.HIDE and e.tool.name != "*" and nameable(e.tool.name):
            hide.append(e.tool.name)
        elif e.allowed:
            counter = None
            if e.limit is not None:
                # Names that differ only in punctuation would share a counter: number the repeats.
                base = f"{slug_token(e.tool.name)}_per_{e.limit.window}"
                counter, n = base, 1
                while counter in counters:
                    n += 1
                    counter = f"{base}_{n}"
                counters.add(counter)
            tools[e.tool.name] = tool_entry(e, counter)
    if hide:
        doc["hide"] = hide
    if policy.global_limit is not None:
        g = policy.global_limit
        doc["all_tools"] = {
            "limits": [{"counter": f"all_per_{g.window}", "window": g.window, "max": g.max, "scope": "grant"}]
        }
    doc["tools"] = tools
    return doc, effs


def render(policy: ServerPolicy) -> str:
    doc, _ = build(policy)
    return jsonfmt.dumps(doc, depth=3)


def notes(policy: ServerPolicy) -> list[str]:
    """What the JSON cannot say: one line per tool whose intent was degraded."""
    _, effs = build(policy)
    return [f"{e.tool.name}: {'; '.join(e.notes)}" for e in effs if e.notes]
