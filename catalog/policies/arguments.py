"""Spot arguments that switch off an agent's own safety checks (permission-bypass flags).

Coding-agent wrappers expose the wrapped CLI's "skip every permission prompt" switch as a tool
argument (`dangerouslySkipPermissions`, `fullAuto`, `yolo`, `--dangerously-*`, a `permissionMode`
of `bypassPermissions`, ...). A prompt-injected agent can flip that switch, so every starter
denies such calls where the gateway can read arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Matched against the argument name lower-cased with everything but letters and digits removed.
_BYPASS_NAME_PARTS = (
    "dangerously",
    "skippermission",
    "bypasspermission",
    "bypassapproval",
    "bypasssandbox",
    "skipapproval",
    "noapproval",
    "fullauto",
    "yolo",
    "nosandbox",
    "disablesandbox",
    "autoapprove",
    "alwaysapprove",
    "allowallpermissions",
    "trustall",
)
# Enum values that mean "no checks", whatever the argument is called.
_BYPASS_VALUES = (
    "bypasspermissions",
    "dangerfullaccess",
    "yolo",
    "fullauto",
    "dangerouslyskippermissions",
    "dontask",
)
# Arguments that pick an approval policy: the value "never" means nobody is asked.
_APPROVAL_NAME_PARTS = ("approval", "askfor")
_NEVER_VALUES = ("never", "none", "off")
# Arguments that pick a sandbox: switching it off is the bypass.
_SANDBOX_NAME_PARTS = ("sandbox",)
_SANDBOX_OFF_VALUES = ("disabled", "off", "none", "false", "no")

# The argument names every target can address without escaping tricks (no dots: they mean nesting
# in PolicyLayer/Intercept paths).
ADDRESSABLE_ARG = re.compile(r"^[A-Za-z0-9_\-]{1,100}$")

_MAX_PROPERTIES = 500  # a hostile schema can list thousands; we only look at the first ones


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True, slots=True)
class BypassArgument:
    argument: str
    value: bool | str | None  # None: any value (the argument being present)
    on_by_default: bool  # the server treats a missing argument as this value


def find_bypass_arguments(input_schema: dict[str, Any] | None) -> list[BypassArgument]:
    """Top-level arguments (and enum values) that turn off the wrapped agent's permission checks."""
    if not isinstance(input_schema, dict):
        return []
    props = input_schema.get("properties")
    if not isinstance(props, dict):
        return []
    found: list[BypassArgument] = []
    for i, (name, spec) in enumerate(props.items()):
        if i >= _MAX_PROPERTIES:
            break
        if not isinstance(name, str) or not name:
            continue
        spec = spec if isinstance(spec, dict) else {}
        norm = _norm(name)
        types = spec.get("type")
        types = types if isinstance(types, list) else [types]
        enum = spec.get("enum") if isinstance(spec.get("enum"), list) else None
        default = spec.get("default")
        if any(part in norm for part in _BYPASS_NAME_PARTS):
            if enum:
                found.extend(_enum_hits(name, enum, default, name_is_bypass=True))
            elif "boolean" in types or types == [None]:
                found.append(BypassArgument(name, True, default is True))
            else:
                # A string/array switch (e.g. a list of raw CLI flags): no single bad value to
                # name, so the argument being present at all is what gets denied.
                found.append(BypassArgument(name, None, default not in (None, False, "", [])))
            continue
        if enum:
            found.extend(_enum_hits(name, enum, default, name_is_bypass=False))
    return found


def _enum_hits(name: str, enum: list[Any], default: Any, *, name_is_bypass: bool) -> list[BypassArgument]:
    hits: list[BypassArgument] = []
    asks_approval = any(part in _norm(name) for part in _APPROVAL_NAME_PARTS)
    picks_sandbox = any(part in _norm(name) for part in _SANDBOX_NAME_PARTS)
    for value in enum[:100]:
        if value is True and name_is_bypass:
            hits.append(BypassArgument(name, True, default is True))
        if not isinstance(value, str):
            continue
        v = _norm(value)
        if (
            v in _BYPASS_VALUES
            or (asks_approval and v in _NEVER_VALUES)
            or (picks_sandbox and v in _SANDBOX_OFF_VALUES)
            or (name_is_bypass and v in ("true", "yes", "on"))
        ):
            hits.append(BypassArgument(name, value, default == value))
    return hits
