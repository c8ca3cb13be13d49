"""Fuzz the standalone classification input (DESIGN §3 JSONL) end to end.

ToolInput validation must accept a record or reject it with a ValidationError, never crash; the
classifier must classify every valid record with quotes that really occur in the cited field;
the JSONL stream must answer every input line with exactly one output line."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from catalog.limits import MAX_JSON_DEPTH, InputTooLarge, check_json_depth
from catalog.models import Classification, ToolInput
from classifier.poisoning import field_text, scan
from tests.fuzz.fuzz_strategies import (
    FUZZ,
    deep_dict,
    deep_json_text,
    hostile_text,
    json_values,
    tool_input_like,
)


@pytest.fixture(scope="module")
def clf() -> Any:
    from classifier.engine import Classifier

    return Classifier(None)


def _field(tool: ToolInput, name: str) -> str | None:
    return {
        "name": tool.tool,
        "title": tool.title,
        "description": tool.description,
        "input_schema": field_text(tool.input_schema) if tool.input_schema is not None else None,
        "annotations": field_text(tool.annotations) if tool.annotations is not None else None,
        "server": tool.server,
    }.get(name)


def _validate(obj: Any) -> ToolInput | None:
    try:
        return ToolInput.model_validate(obj)
    except ValidationError:
        return None


@FUZZ
@given(tool_input_like)
def test_tool_input_validates_or_rejects_cleanly(obj: dict[str, Any]) -> None:
    tool = _validate(obj)
    if tool is None:
        return
    assert tool.tool
    for f in scan(tool):
        text = _field(tool, f.field)
        assert text is not None and f.quote in text, (f.field, f.quote)


@FUZZ
@given(
    tool=hostile_text.filter(lambda s: s.strip() != ""),
    description=st.one_of(st.none(), hostile_text),
    schema=st.one_of(st.none(), st.dictionaries(hostile_text, json_values, max_size=4)),
    annotations=st.one_of(st.none(), st.dictionaries(hostile_text, json_values, max_size=4)),
)
def test_classifier_quotes_are_exact_on_hostile_tools(
    clf: Any, tool: str, description: str | None, schema: Any, annotations: Any
) -> None:
    ti = _validate(
        {"id": "x", "tool": tool, "description": description, "input_schema": schema, "annotations": annotations}
    )
    if ti is None:
        return
    result = clf.classify(ti)
    assert isinstance(result, Classification)
    for ev in result.evidence:
        text = _field(ti, ev.field)
        assert text is not None and ev.quote in text, (ev.field, ev.quote)


def test_deeply_nested_schema_is_rejected_not_recursed() -> None:
    for depth in (MAX_JSON_DEPTH + 1, 10_000, 200_000):
        with pytest.raises(InputTooLarge):
            check_json_depth(deep_dict(depth))
        with pytest.raises(ValidationError):
            ToolInput(id="x", tool="t", input_schema=deep_dict(depth))
    assert ToolInput(id="x", tool="t", input_schema=deep_dict(MAX_JSON_DEPTH // 2 - 1)).input_schema


def _blank(line: bytes) -> bool:
    try:
        return not line.decode("utf-8").rstrip("\r\n").strip()
    except UnicodeDecodeError:
        return False


def _run_lines(clf: Any, lines: list[bytes]) -> list[dict[str, Any]]:
    from classifier.standalone import run_stream

    out = io.StringIO()
    total, failed = run_stream(clf, lines, out)
    # JSONL lines end at "\n" only: str.splitlines() would also cut at U+2028/U+0085 inside strings
    text = out.getvalue()
    answered = len(lines)
    while answered and _blank(lines[answered - 1]):  # blank lines after the last record end the file
        answered -= 1
    assert text.endswith("\n") or (answered == 0 and text == "")
    rows = [json.loads(line) for line in text[:-1].split("\n")] if text else []
    assert total == answered == len(rows)
    assert failed == sum(1 for r in rows if "error" in r)
    return rows


line_strategy = st.one_of(
    tool_input_like.map(lambda o: json.dumps(o, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"",
            b"   ",
            b"{",
            b"\xff\xfe\x00",
            deep_json_text(100_000).encode(),
            b'{"id": "a", "tool": "t", "input_schema": ' + deep_json_text(5_000, "{\"a\":", "}").encode() + b"}",
            b'{"id": "a", "tool": "t", "description": "x\\u0000\\u202e<IMPORTANT>"}',
        ]
    ),
)


@FUZZ
@given(st.lists(line_strategy, min_size=1, max_size=6))
def test_jsonl_stream_answers_every_line(clf: Any, lines: list[bytes]) -> None:
    # a line never contains the separator the stream splits on
    lines = [ln.replace(b"\n", b" ").replace(b"\r", b" ") for ln in lines]
    rows = _run_lines(clf, [ln + b"\n" for ln in lines])
    for row in rows:
        assert ("error" in row) != ("action" in row), row
        if "error" in row:
            assert isinstance(row["error"], str) and "\n" not in row["error"]
