"""Versioned `tools/list` captures of ONE server: a folder of list files plus `captures.json`.

The manifest says which server the files belong to and, per file, the server version it was
captured from and when. A file can instead add tools to another file's surface (`adds_to`):
tools the same build registers only with some configuration. Example::

    {
      "server": {"name": "llm-cli-gateway",
                 "repository": "https://github.com/verivus-oss/llm-cli-gateway",
                 "packages": []},
      "captures": [
        {"file": "tools-v2.10.0.json", "version": "2.10.0", "observed_at": "2026-06-15T00:00:00Z"},
        {"file": "tools.json", "version": "3.1.0-rc.8", "observed_at": "2026-08-17T00:00:00Z"},
        {"file": "tools-conditional.json", "adds_to": "tools.json",
         "note": "registered only with some configuration",
         "tool_notes": {"route_request": "only with [least_cost].enabled"}}
      ]
    }

Reading it gives a `CaptureRun`: one observation per file that is not an add-on, oldest first,
each one ServerRecord (source_id = the server's name) carrying that file's tools plus its
add-ons' tools, `version`, `captured_at` = the observation time, and, when add-ons give notes,
`meta["configuration_only"] = {tool name: note}`. The crawl runner stores every observation as
its own fetch at its own time, so the store keeps each version's surface as history of the
same listing (crawler.runner.crawl_local).

The manifest is the contract, so reading is strict: a malformed manifest, a file it names that
is missing or broken, a list file the manifest does not name, or one tool name in two files of
one surface raises ParseError (one line naming the file), never a partial surface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from catalog.limits import MAX_NAME_CHARS
from catalog.models import ServerRecord, ToolDefinition

from ._common import (
    MAX_REF_CHARS,
    ParseError,
    ParseRun,
    RecordError,
    display_path,
    load_json,
    make_server,
    tool_list,
)
from .official import package_ref

MANIFEST = "captures.json"
MAX_NOTE_CHARS = 500


class CapturePackage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    registry: str = Field(min_length=1, max_length=50)  # npm, pypi, oci, ...
    identifier: str = Field(min_length=1, max_length=MAX_REF_CHARS)


class CaptureServer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    title: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    repository: str | None = Field(default=None, max_length=MAX_REF_CHARS)
    packages: list[CapturePackage] = Field(default_factory=list, max_length=20)

    @field_validator("repository")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return v


class CaptureFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(min_length=1, max_length=200)
    version: str | None = Field(default=None, min_length=1, max_length=MAX_REF_CHARS)
    observed_at: datetime | None = None
    adds_to: str | None = None  # another file whose surface these tools join
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)  # shown on every tool of an add-on
    tool_notes: dict[str, str] = Field(default_factory=dict)  # per tool, instead of `note`

    @field_validator("file", "adds_to")
    @classmethod
    def _plain_name(cls, v: str | None) -> str | None:
        if v is not None and (v != Path(v).name or v in (".", "..") or not v.endswith(".json") or v == MANIFEST):
            raise ValueError(f"must be a .json file name in this folder (not {MANIFEST}), without a path")
        return v

    @field_validator("observed_at")
    @classmethod
    def _aware(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError("must carry a time zone (use ...Z)")
        return v

    @field_validator("tool_notes")
    @classmethod
    def _short_notes(cls, v: dict[str, str]) -> dict[str, str]:
        if len(v) > 1000 or any(len(k) > MAX_NAME_CHARS or len(n) > MAX_NOTE_CHARS for k, n in v.items()):
            raise ValueError(f"at most 1000 notes of at most {MAX_NOTE_CHARS} characters")
        return v

    @model_validator(mode="after")
    def _kind(self) -> CaptureFile:
        if self.adds_to is None:
            if self.version is None or self.observed_at is None:
                raise ValueError("a capture needs 'version' and 'observed_at' (or 'adds_to' another file)")
            if self.note is not None or self.tool_notes:
                raise ValueError("'note' and 'tool_notes' belong to a file that 'adds_to' another")
        return self


class CaptureManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    server: CaptureServer
    captures: list[CaptureFile] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _consistent(self) -> CaptureManifest:
        by_file: dict[str, CaptureFile] = {}
        for c in self.captures:
            if c.file in by_file:
                raise ValueError(f"{c.file} is listed twice")
            by_file[c.file] = c
        times: dict[datetime, str] = {}
        for c in self.captures:
            if c.adds_to is not None:
                target = by_file.get(c.adds_to)
                if target is None:
                    raise ValueError(f"{c.file}: adds_to {c.adds_to} is not listed")
                if target.adds_to is not None:
                    raise ValueError(f"{c.file}: adds_to {c.adds_to}, which itself adds to another file")
                if c.version is not None and c.version != target.version:
                    raise ValueError(f"{c.file}: version {c.version} differs from {c.adds_to}'s {target.version}")
                if c.observed_at is not None and c.observed_at != target.observed_at:
                    raise ValueError(f"{c.file}: observed_at differs from {c.adds_to}'s")
            else:
                assert c.observed_at is not None
                second = c.observed_at.replace(microsecond=0)  # the store keeps times to the second
                if second in times:
                    # one listing observed twice at one time: which is newer cannot be told
                    raise ValueError(f"{c.file} and {times[second]} have the same observed_at")
                times[second] = c.file
        return self


@dataclass
class Observation:
    """One capture of the server: the records one fetch stores at `observed_at`."""

    observed_at: datetime
    path: Path  # the capture's own file (add-ons excluded)
    records: list[ServerRecord] = field(default_factory=list)


class CaptureRun(ParseRun):
    """A ParseRun over several observations of the same server, oldest first.

    Iterating it yields every observation's record in time order (so one source_id repeats,
    once per version, unlike a plain ParseRun); `observations` lets the runner store each one
    as its own fetch at its own time. `observed_at` is the newest observation's time.
    """

    def __init__(self, observations: list[Observation]) -> None:
        self.observations = observations
        super().__init__(lambda errors: (r for o in observations for r in o.records))
        self.observed_at = observations[-1].observed_at if observations else None

    def __next__(self) -> ServerRecord:
        return next(self._it)


def has_manifest(path: Path) -> bool:
    return path.is_dir() and (path / MANIFEST).is_file()


def load_manifest(path: Path) -> CaptureManifest:
    """The folder's captures.json, validated; any problem is one ParseError line naming it."""
    manifest = path / MANIFEST
    where = display_path(manifest)
    data = load_json(manifest)
    try:
        parsed = CaptureManifest.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err.get("loc", ()))
        msg = " ".join(str(err.get("msg", "invalid")).removeprefix("Value error, ").split())[:300]
        raise ParseError(f"{where}: {loc + ': ' if loc else ''}{msg}") from None
    for i, c in enumerate(parsed.captures):
        if not (path / c.file).is_file():
            raise ParseError(f"{where}: captures[{i}].file: {c.file} does not exist")
    listed = {c.file for c in parsed.captures}
    stray = sorted(p.name for p in path.glob("*.json") if p.is_file() and p.name != MANIFEST and p.name not in listed)
    if stray:
        raise ParseError(f"{where}: {stray[0]} is in the folder but not listed in 'captures'")
    return parsed


def _file_tools(source: str, file: Path) -> list[ToolDefinition]:
    from .mcp_tools import _tools_value

    where = display_path(file)
    data = load_json(file)
    try:
        return tool_list(_tools_value(data, where), "tools")
    except RecordError as exc:
        raise ParseError(f"{where}: {exc}") from None


def parse_captures(source: str, path: Path) -> CaptureRun:
    """Read a capture folder (see module doc) into one observation per captured version."""
    manifest = load_manifest(path)
    server = manifest.server
    addons: dict[str, list[CaptureFile]] = {}
    for c in manifest.captures:
        if c.adds_to is not None:
            addons.setdefault(c.adds_to, []).append(c)
    observations: list[Observation] = []
    for c in sorted((c for c in manifest.captures if c.adds_to is None), key=lambda c: c.observed_at or 0):
        assert c.observed_at is not None
        file = path / c.file
        tools = _file_tools(source, file)
        names = {t.name: c.file for t in tools}
        notes: dict[str, str] = {}
        for extra in addons.get(c.file, []):
            more = _file_tools(source, path / extra.file)
            for t in more:
                if t.name in names:
                    raise ParseError(
                        f"{display_path(path / extra.file)}: tool {t.name[:100]!r} is also in {names[t.name]}"
                    )
                names[t.name] = extra.file
                note = extra.tool_notes.get(t.name) or extra.note
                if note:
                    notes[t.name] = note
            unknown = sorted(set(extra.tool_notes) - {t.name for t in more})
            if unknown:
                raise ParseError(f"{display_path(path / MANIFEST)}: {extra.file}: tool_notes name "
                                 f"{unknown[0][:100]!r}, which that file does not list")
            tools += more
        try:
            record = make_server(
                source=source,
                source_id=server.name,
                name=server.name,
                title=server.title,
                version=c.version,
                repository_url=server.repository,
                packages=[package_ref(p.registry, p.identifier, c.version, "package") for p in server.packages],
                source_url=display_path(file),
                tools=tools,
                captured_at=c.observed_at,
                meta={"configuration_only": notes} if notes else {},
            )
        except RecordError as exc:
            raise ParseError(f"{display_path(file)}: {exc}") from None
        observations.append(Observation(observed_at=c.observed_at, path=file, records=[record]))
    return CaptureRun(observations)


def observations_of(run: Any) -> list[Observation] | None:
    """The observations of a CaptureRun; None for a run that is one observation."""
    obs = getattr(run, "observations", None)
    return obs if isinstance(obs, list) else None
