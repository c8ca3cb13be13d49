"""Human corrections (classifier/overrides.yaml): tool id → label + reason, winning over the classifier.

A correction keeps the classifier's own answer in `correction.original` so the page can show
both, and users can send a fix as a pull request to the YAML file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from catalog.errors import BadInput
from catalog.models import Action, Category, Classification, Risk, ToolInput

OVERRIDES_PATH = Path(__file__).with_name("overrides.yaml")


class Override(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Action | None = None
    risk: Risk | None = None
    category: Category | None = None
    flags: list[str] | None = None
    reason: str = Field(min_length=3)
    by: str | None = None  # who sent the correction (PR author), optional


class Overrides:
    def __init__(self, entries: dict[str, Override] | None = None) -> None:
        self.entries = entries or {}

    def digest(self) -> str:
        import hashlib
        import json

        body = json.dumps({k: v.model_dump() for k, v in sorted(self.entries.items())}, sort_keys=True)
        return hashlib.sha256(body.encode()).hexdigest()

    def __len__(self) -> int:
        return len(self.entries)

    def apply(self, tool: ToolInput, result: Classification) -> Classification:
        o = self.entries.get(tool.id)
        if o is None:
            return result
        original = {"action": result.action, "risk": result.risk, "category": result.category}
        # A human checked this tool: the answer is as certain as we can make it.
        update: dict[str, Any] = {"rules": [*result.rules, "override"], "confidence": 1.0}
        if o.action:
            update["action"] = o.action
            if result.category in ("Read", "Write", "Execute"):
                update["category"] = o.action
        if o.risk:
            update["risk"] = o.risk
        if o.category:
            update["category"] = o.category
        if o.flags is not None:
            update["flags"] = o.flags
        update["correction"] = {"reason": o.reason, "by": o.by, "original": original}
        new = result.model_copy(update=update)
        ro = new.declared.get("readOnlyHint")
        new.contradicts_declared = (ro is True and new.action != "Read") or (
            ro is False and new.action == "Read"
        )
        return new


def parse_overrides(text: str, source: str = "overrides.yaml") -> Overrides:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise BadInput(f"{source}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise BadInput(f"{source}: expected a mapping of tool id → correction")
    entries: dict[str, Override] = {}
    for key, value in data.items():
        if not isinstance(value, dict):
            raise BadInput(f"{source}: entry {key!r} must be a mapping")
        try:
            entries[str(key)] = Override.model_validate(value)
        except ValueError as exc:
            first = str(exc).splitlines()
            raise BadInput(f"{source}: entry {key!r}: {first[-1] if first else exc}") from None
    return Overrides(entries)


def load_overrides(path: Path = OVERRIDES_PATH) -> Overrides:
    if not path.exists():
        return Overrides()
    return parse_overrides(path.read_text(encoding="utf-8"), str(path.name))
