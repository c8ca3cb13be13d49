"""The internal policy model every target renders from.

One recommendation per tool (derived from its classification), one profile applied on top, one
ServerPolicy handed to each renderer. Plain dataclasses inside (the renderers run 100k times per
build); pydantic only where the model crosses into the site or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

Window = Literal["minute", "hour", "day"]
WINDOW_SECONDS: dict[str, int] = {"minute": 60, "hour": 3600, "day": 86400}
PROFILES: tuple[str, ...] = ("strict", "balanced", "permissive")


class Decision(IntEnum):
    """Ordered from loosest to strictest, so max() picks the stricter of two decisions."""

    ALLOW = 0
    LIMIT = 1  # allowed, with a rate limit
    APPROVAL = 2  # a human should approve each call; no gateway we target can, so it degrades to DENY
    DENY = 3  # visible, every call blocked
    HIDE = 4  # removed from tools/list and every call blocked

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def blocks_calls(self) -> bool:
        return self >= Decision.APPROVAL


_LABELS = {d: d.name.lower() for d in Decision}


def _parse_decision(value: Any) -> Any:
    if isinstance(value, str) and value.upper() in Decision.__members__:
        return Decision[value.upper()]
    return value


# In JSON a decision reads as its label ("allow", "limit", "approval", "deny", "hide").
DecisionField = Annotated[
    Decision,
    BeforeValidator(_parse_decision),
    PlainSerializer(lambda d: d.label, return_type=str, when_used="json"),
]


class RateLimit(BaseModel):
    model_config = ConfigDict(frozen=True)

    max: int = Field(gt=0)
    window: Window

    @property
    def per_second(self) -> float:
        return self.max / WINDOW_SECONDS[self.window]

    def text(self) -> str:
        return f"{self.max}/{self.window}"


def tighter(a: RateLimit | None, b: RateLimit | None) -> RateLimit | None:
    """The stricter of two caps (the lower sustained rate); None means no cap."""
    if a is None:
        return b
    if b is None:
        return a
    return a if a.per_second <= b.per_second else b


class ArgRule(BaseModel):
    """Deny the call when top-level argument `argument` equals `value` (None: is present at all)."""

    model_config = ConfigDict(frozen=True)

    argument: str
    value: bool | str | int | None
    reason: str
    rule: str  # id of the recommendation rule that produced it


class Recommendation(BaseModel):
    """What we recommend for one tool, with the rules and plain-language reasons for the tool card."""

    model_config = ConfigDict(frozen=True)

    decision: DecisionField
    limit: RateLimit | None = None
    deny_args: tuple[ArgRule, ...] = ()
    # Decision for gateways that cannot look at arguments: never looser than `decision`.
    without_args: DecisionField
    approval: bool = False  # the intent is "a human approves each call"
    rules: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        if self.decision == Decision.LIMIT and self.limit is not None:
            return f"allow, at most {self.limit.max} calls per {self.limit.window}"
        return {
            Decision.ALLOW: "allow",
            Decision.LIMIT: "allow with a cap",
            Decision.APPROVAL: "require human approval",
            Decision.DENY: "deny",
            Decision.HIDE: "hide",
        }[self.decision]


class PolicyServer(BaseModel):
    """The server a policy is for. `docker_name` is its key in Docker's catalog, when known."""

    model_config = ConfigDict(frozen=True)

    slug: str = Field(min_length=1)
    name: str = Field(min_length=1)
    docker_name: str | None = None


@dataclass(slots=True)
class ToolPolicy:
    """One tool's policy after the profile was applied."""

    name: str
    decision: Decision
    limit: RateLimit | None
    deny_args: tuple[ArgRule, ...]
    without_args: Decision
    approval: bool
    reason: str  # one line, for comments
    category: str  # for grouping in the output
    risk: str


@dataclass(slots=True)
class ServerPolicy:
    server: PolicyServer
    profile: str
    tools: list[ToolPolicy]  # sorted by name, unique names
    global_limit: RateLimit | None
    notes: list[str] = field(default_factory=list)
    # A one-tool document for a tool card: same rules, a two-line header instead of five (a card
    # shows one per format, and the long header said the same thing five times).
    snippet: bool = False


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    filename: str
    media_type: str
    label: str
    comments: bool  # whether the format can carry comments (else notes go next to the file)
