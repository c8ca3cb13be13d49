"""Map a tool's intended policy onto what one gateway can express, only ever toward deny.

No gateway we target has a "require human approval" verb; some cannot cap one tool, read
arguments or hide. Whatever cannot be expressed becomes a block, and the note saying so goes into
the generated file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.policies.arguments import ADDRESSABLE_ARG
from catalog.policies.model import ArgRule, Decision, RateLimit, ToolPolicy


@dataclass(frozen=True, slots=True)
class Caps:
    target: str  # the gateway's name, for the notes
    limit: bool  # per-tool rate limit
    args: bool  # deny by argument value
    hide: bool  # remove from tools/list while blocking calls


@dataclass(slots=True)
class Effective:
    tool: ToolPolicy
    decision: Decision  # ALLOW, LIMIT, DENY or HIDE: what the generated document does
    limit: RateLimit | None
    deny_args: tuple[ArgRule, ...]
    notes: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.decision <= Decision.LIMIT


def effective(tp: ToolPolicy, caps: Caps, name_ok: bool = True) -> Effective:
    d = tp.decision
    args = tp.deny_args
    notes: list[str] = []
    if args and not caps.args:
        d = max(d, tp.without_args)
        args = ()
        if d >= Decision.DENY:
            notes.append(f"{caps.target} cannot check arguments, so the argument rules become a block")
    elif args and not all(ADDRESSABLE_ARG.fullmatch(a.argument) for a in args):
        d = max(d, tp.without_args)
        args = ()
        notes.append("an argument name cannot be addressed safely, so the argument rules become a block")
    if d == Decision.APPROVAL:
        d = Decision.DENY
    if tp.approval and d >= Decision.DENY:
        notes.append(f"approval wanted; {caps.target} has no approval step, so it is denied")
    if d == Decision.LIMIT and not caps.limit:
        d = Decision.DENY
        notes.append(f"{caps.target} cannot cap one tool, so it is denied")
    if d == Decision.HIDE and not caps.hide:
        d = Decision.DENY
    if not name_ok and d < Decision.DENY:
        d = Decision.DENY
        notes.append("the name cannot be written safely in this format, so it is left to the default deny")
    if d >= Decision.DENY:
        args = ()
    return Effective(tp, d, tp.limit if d == Decision.LIMIT else None, args, notes)
