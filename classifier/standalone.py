"""Standalone JSONL mode (DESIGN §3): one output line per input line, same order.

A malformed line becomes {"id": ..., "error": ...} on its own output line; the others are
still classified, and the caller exits 2 if any line failed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from pydantic import ValidationError

from catalog.limits import MAX_RECORD_BYTES
from catalog.models import ToolInput
from classifier.engine import Classifier

BATCH = 1_000

# JSON allows these raw inside strings, but JavaScript's and Python's str.splitlines() (and
# many log tools) treat them as line breaks, which would cut one record in two. They can only
# occur inside JSON strings, so the escape keeps the line the same JSON value.
_LINE_SEPARATORS = {0x2028: "\\u2028", 0x2029: "\\u2029", 0x0085: "\\u0085"}


def escape_line_separators(line: str) -> str:
    if "\u2028" in line or "\u2029" in line or "\u0085" in line:
        return line.translate(_LINE_SEPARATORS)
    return line


def _error_line(rec_id: Any, message: str) -> str:
    ident = rec_id if isinstance(rec_id, str) else None
    return escape_line_separators(json.dumps({"id": ident, "error": message}, ensure_ascii=False))


def _parse(line: str, lineno: int) -> ToolInput | str:
    """A ToolInput, or the error line for this input line."""
    if len(line) > MAX_RECORD_BYTES:
        return _error_line(None, f"line {lineno}: record larger than {MAX_RECORD_BYTES} bytes")
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return _error_line(None, f"line {lineno}: not valid JSON ({msg})")
    if not isinstance(obj, dict):
        return _error_line(None, f"line {lineno}: expected a JSON object")
    try:
        return ToolInput.model_validate(obj)
    except (ValidationError, ValueError) as exc:
        where = ""
        if isinstance(exc, ValidationError) and exc.errors():
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err.get("loc", ())) or "record"
            msg = f"{where}: {err.get('msg', 'invalid')}"
        else:
            msg = str(exc).splitlines()[0]
        return _error_line(obj.get("id"), f"line {lineno}: {msg}")


def classify_lines(clf: Classifier, lines: Iterable[str | bytes]) -> Iterator[tuple[str, bool]]:
    """(output line, ok) per input line, in order. A blank line between records is an error line
    (it keeps output line N answering input line N); blank lines after the last record are the
    end of the file, not records, and get no output."""
    batch: list[tuple[int, ToolInput | str]] = []
    blank: list[int] = []  # line numbers of blank lines not yet known to precede a record

    def flush() -> Iterator[tuple[str, bool]]:
        good = [item for _n, item in batch if isinstance(item, ToolInput)]
        results = iter(clf.classify_many(good)) if good else iter(())
        for _n, item in batch:
            if isinstance(item, ToolInput):
                yield escape_line_separators(next(results).model_dump_json()), True
            else:
                yield item, False
        batch.clear()

    for lineno, raw in enumerate(lines, start=1):
        item: ToolInput | str
        text: str | None = raw if isinstance(raw, str) else None
        if isinstance(raw, bytes):
            with contextlib.suppress(UnicodeDecodeError):
                text = raw.decode("utf-8")
        if text is None:
            item = _error_line(None, f"line {lineno}: not valid UTF-8")
        else:
            line = text.rstrip("\r\n")
            if not line.strip():
                blank.append(lineno)
                continue
            item = _parse(line, lineno)
        batch.extend((n, _error_line(None, f"line {n}: empty line")) for n in blank)
        blank.clear()
        batch.append((lineno, item))
        if len(batch) >= BATCH:
            yield from flush()
    if batch:
        yield from flush()


def run_stream(clf: Classifier, src: Iterable[str | bytes], dst: IO[str]) -> tuple[int, int]:
    """Returns (lines written, lines failed)."""
    total = failed = 0
    for out, ok in classify_lines(clf, src):
        dst.write(out + "\n")
        total += 1
        failed += 0 if ok else 1
    dst.flush()
    return total, failed
