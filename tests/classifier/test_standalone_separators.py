"""Standalone JSONL output never carries a raw U+2028, U+2029 or U+0085 (consumers split on them)."""

from __future__ import annotations

import io
import json

from classifier.engine import Classifier
from classifier.standalone import run_stream

SEPS = ("\u2028", "\u2029", "\u0085")


def test_separators_are_escaped_and_records_round_trip(clf: Classifier) -> None:
    rec = {
        "id": "srv::note\u2028x",
        "server": "srv",
        "tool": "get_note",
        "description": "Gets a note.\u2028Line two\u2029para\u0085next. Returns the note text.",
        "input_schema": {
            "type": "object",
            "properties": {"id": {"type": "string", "description": "a\u2028b"}},
        },
    }
    bad = '{"id": "bad\u2029id", "tool": ""}'
    src = io.StringIO(json.dumps(rec, ensure_ascii=False) + "\n" + bad + "\n")
    out = io.StringIO()
    total, failed = run_stream(clf, src, out)
    assert (total, failed) == (2, 1)
    text = out.getvalue()
    for sep in SEPS:
        assert sep not in text
    lines = text.splitlines()  # splits on U+2028 etc. too: must still give exactly two records
    assert len(lines) == 2
    first, second = (json.loads(x) for x in lines)
    assert first["id"] == rec["id"]
    assert "\\u2028" in lines[0] or "\\u0085" in lines[0]
    assert second["id"] == "bad\u2029id" and "error" in second
