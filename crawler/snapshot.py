"""The bundled offline snapshot of real index data (`snapshot/` at the repo root).

`snapshot/sources.json` lists each source: name, format, path relative to snapshot/, and
`observed_at` — the snapshot date of the source, used as the observation time so that
re-reading the same snapshot writes nothing new. Provenance and licences: snapshot/SOURCES.md.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from catalog.errors import BadInput

ENV_DIR = "TOOLRISK_SNAPSHOT_DIR"
MANIFEST = "sources.json"


class SnapshotSource(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
    path: Path  # absolute once loaded
    format: str
    observed_at: datetime
    description: str = ""
    # The upstream repository of a single-server source (tool snapshots of one project): records
    # that name none get it, so they join the same server listed by the indexes.
    repository: str | None = None

    @field_validator("observed_at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("observed_at must carry a time zone (use ...Z)")
        return v


def snapshot_dir() -> Path:
    """TOOLRISK_SNAPSHOT_DIR, else `snapshot/` next to the installed (editable) packages."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return (Path(__file__).resolve().parent.parent / "snapshot").resolve()


def snapshot_sources(root: Path | None = None) -> list[SnapshotSource]:
    """Every source of the bundled snapshot, in manifest order, with absolute paths."""
    import json

    base = root or snapshot_dir()
    manifest = base / MANIFEST
    try:
        raw = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(
            f"{manifest}: snapshot manifest not found (set {ENV_DIR} to the snapshot folder)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{manifest}: cannot read the snapshot manifest: {exc}") from None
    items = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise BadInput(f"{manifest}: field 'sources': expected an array")
    out: list[SnapshotSource] = []
    for i, item in enumerate(items):
        try:
            src = SnapshotSource.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            raise BadInput(f"{manifest}: sources[{i}].{loc}: {err['msg']}") from None
        path = (base / src.path).resolve()
        if not path.is_relative_to(base.resolve()):
            raise BadInput(f"{manifest}: sources[{i}].path: must stay inside the snapshot folder")
        if not path.exists():
            raise BadInput(f"{manifest}: sources[{i}].path: {src.path} does not exist")
        out.append(src.model_copy(update={"path": path}))
    return out
