"""Plain-language text for a tool card, generated from its classification.

Nothing here is a fixed paragraph per class: every sentence is picked by the action, the
category, the flags, the operations and the evidence of this one tool, and names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.models import HINT_KEYS, Classification, ToolDefinition

# What each flag means an agent can do with the tool (sentence completes "It can ...").
_FLAG_CAN = {
    "destructive": "delete or overwrite data irreversibly",
    "financial": "move money or create billable objects",
    "secrets": "read or handle credentials and secret values",
    "code_execution": "run code, commands or queries that it did not define itself",
    "open_world": "reach hosts or content on the open internet",
    "untrusted_content": "return content written by third parties into the agent's context",
    "private_data": "read private or sensitive data",
    "public_sink": "publish or send data where others can see it",
    "bulk": "act on many items in one call",
    "admin": "change permissions, membership or configuration",
    "poisoning": "carry instructions aimed at the agent inside its own description",
}

_ACTION_CAN = {
    "Read": "retrieve data or compute a result",
    "Write": "change state in the system it is connected to",
    "Execute": "run a workload, script, command or automation",
}


@dataclass
class AttackPattern:
    name: str
    text: str


@dataclass
class DeclaredRow:
    hint: str
    declared: str
    inferred: str
    clash: bool


@dataclass
class CardText:
    can: list[str] = field(default_factory=list)
    cannot: list[str] = field(default_factory=list)
    attacks: list[AttackPattern] = field(default_factory=list)
    declared: list[DeclaredRow] = field(default_factory=list)


def _quote(c: Classification, *fields: str) -> str | None:
    for e in c.evidence:
        if not fields or e.field in fields:
            q = e.quote.strip()
            if q:
                return q if len(q) <= 120 else q[:117] + "…"
    return None


def card_text(tool: ToolDefinition, c: Classification | None) -> CardText:
    out = CardText(declared=_declared_rows(tool, c))
    name = tool.name
    if c is None:
        return out
    flags = set(c.flags)
    cue = _quote(c)
    out.can.append(
        f"{name} can {_ACTION_CAN[c.action]}"
        + (f' (the definition says: "{cue}").' if cue else ".")
    )
    for flag in c.flags:
        if flag in _FLAG_CAN:
            out.can.append(f"It can {_FLAG_CAN[flag]}.")
    for op in c.operations[:12]:
        out.can.append(f"Called with {op.argument}={op.value}: {op.action}, {op.risk} risk.")

    if c.action == "Read" and not flags & {"destructive", "financial", "code_execution", "public_sink"}:
        out.cannot.append(f"{name} shows no sign of changing, deleting or running anything.")
    if c.action != "Execute" and "code_execution" not in flags:
        out.cannot.append("Nothing in its definition runs caller-supplied code or commands.")
    if "destructive" not in flags and c.category != "Destructive":
        out.cannot.append("No evidence that it deletes or irreversibly overwrites data.")
    if "financial" not in flags and c.category != "Financial":
        out.cannot.append("No evidence that it moves money.")
    if "open_world" not in flags and "untrusted_content" not in flags:
        out.cannot.append("No evidence that it fetches arbitrary web content.")
    out.attacks = _attacks(name, c, flags)
    return out


def _attacks(name: str, c: Classification, flags: set[str]) -> list[AttackPattern]:
    pats: list[AttackPattern] = []
    desc_q = _quote(c, "description", "name", "input_schema")
    cite = f' Its definition: "{desc_q}".' if desc_q else ""
    if "poisoning" in flags:
        pats.append(AttackPattern(
            "Tool poisoning",
            f"The description of {name} contains text addressed to the agent rather than the user; "
            "an agent that reads tool lists may follow it without anyone asking." + cite,
        ))
    if "untrusted_content" in flags or "open_world" in flags:
        pats.append(AttackPattern(
            "Indirect prompt injection",
            f"Content that {name} brings back is written by third parties and can carry instructions; "
            "an agent that trusts it may turn them into calls to other tools.",
        ))
    if "private_data" in flags and ("public_sink" in flags or "open_world" in flags):
        pats.append(AttackPattern(
            "Data exfiltration",
            f"{name} both reads private data and can send data out, the combination an injected "
            "instruction needs to leak it in one step.",
        ))
    elif "private_data" in flags or "secrets" in flags:
        pats.append(AttackPattern(
            "Data exposure",
            f"What {name} returns ends up in the model's context, where a later injected instruction "
            "can ask another tool to send it elsewhere.",
        ))
    if "code_execution" in flags or c.action == "Execute":
        pats.append(AttackPattern(
            "Command or code injection",
            f"A prompt-injected agent can pass its own payload to {name} and have it run with the "
            "server's privileges." + cite,
        ))
    if "destructive" in flags or c.category == "Destructive":
        pats.append(AttackPattern(
            "Destructive action by a confused agent",
            f"One mistaken or injected call to {name} can delete or overwrite data that cannot be "
            "restored; require approval or deny it by default.",
        ))
    if "financial" in flags or c.category == "Financial":
        pats.append(AttackPattern(
            "Unauthorised payment",
            f"An injected instruction can make the agent call {name} to move money or create charges.",
        ))
    if "admin" in flags:
        pats.append(AttackPattern(
            "Privilege escalation",
            f"{name} changes who can do what; an attacker who steers the agent can grant themselves access.",
        ))
    if "public_sink" in flags and "private_data" not in flags:
        pats.append(AttackPattern(
            "Impersonation and spam",
            f"{name} sends content others will read, in the user's name.",
        ))
    if "bulk" in flags:
        pats.append(AttackPattern(
            "Blast radius",
            f"{name} acts on many items per call, so a single bad call has wide effect.",
        ))
    if not pats and c.action == "Read":
        pats.append(AttackPattern(
            "Reconnaissance",
            f"{name} only reads, but what it reveals can help an injected instruction pick its next target.",
        ))
    if not pats and c.action == "Write":
        pats.append(AttackPattern(
            "Unwanted changes",
            f"A confused or injected agent can call {name} to change state the user did not mean to change.",
        ))
    return pats


def _fmt(v: bool | None) -> str:
    return "not declared" if v is None else ("true" if v else "false")


def _declared_rows(tool: ToolDefinition, c: Classification | None) -> list[DeclaredRow]:
    hints = c.declared if c and c.declared else tool.declared_hints()
    rows = []
    for key in HINT_KEYS:
        declared = hints.get(key)
        inferred: bool | None = None
        if c is not None:
            if key == "readOnlyHint":
                inferred = c.action == "Read"
            elif key == "destructiveHint":
                inferred = c.category == "Destructive" or "destructive" in c.flags
            elif key == "openWorldHint":
                inferred = "open_world" in c.flags or "untrusted_content" in c.flags
        clash = declared is not None and inferred is not None and declared != inferred and key != "openWorldHint"
        if key == "destructiveHint" and declared is True:
            clash = False  # a server more cautious than we are is not contradicting us
        if c is not None and not c.contradicts_declared:
            clash = False  # the card marks exactly what the record's contradicts_declared says
        rows.append(DeclaredRow(key, _fmt(declared), "–" if inferred is None else _fmt(inferred), clash))
    return rows
