"""The streaming writer of the JSON API (DESIGN §6) and the changefeed files.

One pass: the caller feeds ServerViews (normally straight from store.iter_server_views());
each record is written and zipped as it arrives, and only slim rows (already serialised)
stay in memory for the index and list files. Everything goes to a staging folder inside the
output folder and is renamed into place by finish(), so a failure at any point leaves the
previous export as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import time
import zipfile
from collections import defaultdict
from pathlib import Path
from types import TracebackType
from typing import Literal

from pydantic import BaseModel, ConfigDict

from catalog.errors import Failure
from catalog.export.records import (
    API_PREFIX,
    SCHEMA_VERSION,
    ChangesFile,
    RiskListRow,
    ServerExport,
    SourceListRow,
    index_row,
    record_path,
    server_record,
)
from catalog.export.schema import build_schema
from catalog.history.atom import render_atom
from catalog.history.changes import changes_for
from catalog.history.diff import SurfaceReader
from catalog.history.events import ChangeEvent, as_utc, iso, newest_first_key
from catalog.models import RISKS
from catalog.slugs import is_safe_segment, slugify
from catalog.views import ServerView

ExportFormat = Literal["json", "jsonl"]
RISK_FILES = (*RISKS, "unclassified")
# A fixed timestamp and mode for every zip entry: the archive's bytes depend on content only.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_MODE = 0o644 << 16
RECENT_CHANGES = 50


class ExportReport(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    out_dir: Path
    api_dir: Path
    format: ExportFormat
    servers: int
    tools: int
    changes: int
    rug_pulls: int
    files: int
    bytes_written: int
    zip_bytes: int | None
    seconds: float
    feed_path: Path
    changes_path: Path
    recent_changes: list[ChangeEvent]  # newest first, for the home page


def dumps(value: object) -> bytes:
    """Compact UTF-8 JSON with a final newline; key order is the writer's, never a dict's whim."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def model_bytes(model: BaseModel) -> bytes:
    return model.model_dump_json(by_alias=True).encode("utf-8") + b"\n"


class ApiWriter:
    """Write /api/v1/**, /feed.xml for the servers passed to add_server(), then finish().

    `store` (anything with surface_tools and classification_for) lets the changefeed diff
    whole surfaces: removed tools and instructions added to descriptions are only visible
    that way. Use as a context manager so an exception discards the staging folder.
    """

    def __init__(
        self,
        out_dir: Path,
        store: SurfaceReader | None = None,
        *,
        format: ExportFormat = "json",
        site_url: str = "",
    ) -> None:
        if format not in ("json", "jsonl"):
            raise ValueError(f"unknown export format {format!r}")
        self.out_dir = Path(out_dir)
        self.store = store
        self.format: ExportFormat = format
        self.site_url = site_url
        self._started = time.perf_counter()
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Failure(f"{self.out_dir}: cannot create the output folder ({exc.strerror})") from exc
        self._token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._staging = self.out_dir / f".toolrisk-export-{self._token}"
        self._api = self._staging / API_PREFIX
        self._api.mkdir(parents=True)
        self._zip: zipfile.ZipFile | None = None
        self._jsonl = None
        if format == "json":
            (self._api / "servers").mkdir()
            self._zip = zipfile.ZipFile(self._api / "all.zip", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        else:
            self._jsonl = (self._api / "servers.jsonl").open("wb")
        self._index: list[tuple[str, bytes]] = []
        self._modified: list[tuple[str, str]] = []  # (ISO time, slug)
        self._sources: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
        self._risk: dict[str, list[tuple[str, str, bytes]]] = {r: [] for r in RISK_FILES}
        self._changes: list[ChangeEvent] = []
        self._slugs: set[str] = set()
        self._tools = 0
        self._rug_pulls = 0
        self._files = 0
        self._bytes = 0
        self._done = False

    # --- context manager ----------------------------------------------------------------------
    def __enter__(self) -> ApiWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self._done:
            self.abort()

    # --- feeding ------------------------------------------------------------------------------
    def add_server(self, view: ServerView) -> list[ChangeEvent]:
        """Export one server; returns its change events (newest first) for the pages to show."""
        changes = changes_for(view, self.store)
        self.add_record(server_record(view, changes), changes)
        return changes

    def add_record(self, record: ServerExport, changes: list[ChangeEvent]) -> None:
        if self._done:
            raise RuntimeError("ApiWriter.add_record after finish/abort")
        slug = record.slug
        if not is_safe_segment(slug):
            raise Failure(f"server slug {slug!r} is not a safe file name; refusing to export it")
        if slug in self._slugs:
            raise Failure(f"server slug {slug!r} appears twice in the store; export stopped")
        self._slugs.add(slug)
        data = model_bytes(record)
        if self._zip is not None:
            self._write(self._api / record_path(slug), data)
            info = zipfile.ZipInfo(f"{slug}.json", date_time=_ZIP_TIME)
            info.external_attr = _ZIP_MODE
            info.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(info, data, compresslevel=6)
        else:
            assert self._jsonl is not None
            self._jsonl.write(data)
            self._bytes += len(data)

        where = record_path(slug) if self._zip is not None else "servers.jsonl"
        self._index.append((slug, model_bytes(index_row(record, where)).rstrip(b"\n")))
        self._modified.append((iso(record.modified), slug))
        for src in record.sources:
            row = SourceListRow(slug=slug, name=record.name, source_id=src.source_id, version=src.version, status=src.status)
            self._sources[src.source].append((slug, model_bytes(row).rstrip(b"\n")))
        for tool in record.tools:
            c = tool.classification
            level = c.risk if c is not None else "unclassified"
            row = RiskListRow(
                server=slug,
                tool=tool.name,
                tool_slug=tool.slug,
                action=c.action if c else None,
                category=c.category if c else None,
                confidence=c.confidence if c else None,
                definition_hash=tool.definition_hash,
            )
            self._risk[level].append((slug, tool.slug, model_bytes(row).rstrip(b"\n")))
        self._tools += len(record.tools)
        self._changes.extend(changes)
        self._rug_pulls += sum(1 for e in changes if e.rug_pull is not None)

    # --- finishing ----------------------------------------------------------------------------
    def finish(self) -> ExportReport:
        if self._done:
            raise RuntimeError("ApiWriter.finish called twice")
        try:
            report = self._write_rest()
            self._publish()
        except BaseException:
            self.abort()
            raise
        self._done = True
        return report

    def abort(self) -> None:
        """Drop everything written so far; the previous export stays untouched."""
        self._done = True
        if self._zip is not None:
            with contextlib.suppress(Exception):  # the staging folder is about to go anyway
                self._zip.close()
        if self._jsonl is not None and not self._jsonl.closed:
            self._jsonl.close()
        shutil.rmtree(self._staging, ignore_errors=True)

    def _write(self, path: Path, data: bytes) -> None:
        path.write_bytes(data)
        self._files += 1
        self._bytes += len(data)

    def _array_file(self, head: dict[str, object], key: str, rows: list[bytes]) -> bytes:
        # Rows were serialised on arrival; splice them into the wrapper object rather than
        # holding every row as an object until the end.
        body = dumps(head).rstrip(b"\n")[:-1]
        sep = b"," if head else b""
        return body + sep + json.dumps(key).encode() + b":[" + b",".join(rows) + b"]}\n"

    def _write_rest(self) -> ExportReport:
        api = self._api
        zip_bytes: int | None = None
        if self._zip is not None:
            self._zip.close()
            zip_bytes = (api / "all.zip").stat().st_size
            self._files += 1
            self._bytes += zip_bytes
        if self._jsonl is not None:
            self._jsonl.close()
            self._files += 1

        # Newest first, ties by slug: sort by slug, then a stable reverse sort by time.
        self._modified.sort(key=lambda m: m[1])
        self._modified.sort(key=lambda m: m[0], reverse=True)
        newest = self._modified[0][0] if self._modified else None
        index_rows = [row for _, row in sorted(self._index)]
        self._write(
            api / "index.json",
            self._array_file(
                {"schema_version": SCHEMA_VERSION, "modified": newest, "count": len(index_rows),
                 "tool_count": self._tools},
                "servers",
                index_rows,
            ),
        )
        self._write(api / "modified_id.csv", "".join(f"{t},{s}\n" for t, s in self._modified).encode("ascii"))

        (api / "sources").mkdir()
        for source in sorted(self._sources):
            rows = [row for _, row in sorted(self._sources[source])]
            head = {"schema_version": SCHEMA_VERSION, "source": source, "count": len(rows)}
            self._write(api / "sources" / f"{slugify(source)}.json", self._array_file(head, "servers", rows))
        (api / "risk").mkdir()
        for level in RISK_FILES:
            rows = [row for *_, row in sorted(self._risk[level])]
            head = {"schema_version": SCHEMA_VERSION, "risk": level, "count": len(rows)}
            self._write(api / "risk" / f"{level}.json", self._array_file(head, "tools", rows))

        self._write(api / "schema.json", (json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n").encode())

        changes = sorted(self._changes, key=newest_first_key)
        changes_file = ChangesFile(
            modified=as_utc(changes[0].at) if changes else None, count=len(changes), changes=changes
        )
        self._write(api / "changes.json", model_bytes(changes_file))
        self._write(self._staging / "feed.xml", render_atom(changes, site_url=self.site_url))

        return ExportReport(
            out_dir=self.out_dir,
            api_dir=self.out_dir / API_PREFIX,
            format=self.format,
            servers=len(self._slugs),
            tools=self._tools,
            changes=len(changes),
            rug_pulls=self._rug_pulls,
            files=self._files,
            bytes_written=self._bytes,
            zip_bytes=zip_bytes,
            seconds=round(time.perf_counter() - self._started, 3),
            feed_path=self.out_dir / "feed.xml",
            changes_path=self.out_dir / API_PREFIX / "changes.json",
            recent_changes=changes[:RECENT_CHANGES],
        )

    def _publish(self) -> None:
        target = self.out_dir / API_PREFIX
        target.parent.mkdir(parents=True, exist_ok=True)
        old = target.parent / f".v1-old-{self._token}"
        had_old = target.exists()
        if had_old:
            os.replace(target, old)
        try:
            os.replace(self._api, target)
        except OSError:
            if had_old:
                os.replace(old, target)
            raise
        os.replace(self._staging / "feed.xml", self.out_dir / "feed.xml")
        if had_old:
            shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(self._staging, ignore_errors=True)

