"""Evidence quotes are exact substrings of the field they cite — on real tools and on junk."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.models import Classification, ToolInput
from classifier.engine import Classifier


def field_text(t: ToolInput, field: str) -> str:
    if field == "name":
        return t.tool
    if field == "server":
        return t.server
    if field in ("input_schema", "annotations"):
        value = getattr(t, field)
        return "" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)
    return getattr(t, field) or ""


def check(t: ToolInput, c: Classification) -> None:
    for e in c.evidence:
        assert e.field in ("name", "title", "description", "input_schema", "annotations", "server"), e
        assert e.quote, e
        assert e.quote in field_text(t, e.field), (t.id, e)


def test_training_evidence_is_quoted(clf_plain: Classifier, train_records: list[dict]) -> None:
    tools = [ToolInput.model_validate(r) for r in train_records]
    for hide in (False, True):
        results = clf_plain.classify_many(tools, hide_annotations=hide)
        for t, c in zip(tools, results, strict=True):
            check(t, c)
            assert c.evidence, f"{t.id}: no evidence"


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=150, deadline=None)
@given(
    name=st.from_regex(r"[A-Za-z][A-Za-z0-9_.\-]{0,30}", fullmatch=True),
    desc=st.one_of(st.none(), _text),
    prop=st.text(min_size=1, max_size=12),
    enum=st.lists(_text, max_size=4),
    ro=st.sampled_from([None, True, False]),
)
def test_random_tools_quote_exactly(clf_plain: Classifier, name, desc, prop, enum, ro) -> None:
    ann = None if ro is None else {"readOnlyHint": ro, "destructiveHint": True}
    schema = {
        "type": "object",
        "properties": {prop: {"type": "string", "enum": enum, "description": desc or ""}},
    }
    t = ToolInput(
        id="x::" + name, server="x", tool=name, description=desc, input_schema=schema, annotations=ann
    )
    c = clf_plain.classify(t)
    check(t, c)
    assert 0.0 <= c.confidence <= 1.0


def test_quotes_from_schema_descriptions_survive_json_escaping(clf_plain: Classifier) -> None:
    # rules that quote a piece of a property's description (an API endpoint path, code in a named language,
    # an operation list that runs, an output directory) cite it as the input_schema text spells it, where a
    # newline, a tab or a quote mark is escaped
    cases = [
        (
            "bb_patch",
            "Send a PATCH request.",
            {"path": {"type": "string", "description": 'The API\nendpoint "path"'}},
        ),
        ("run_code", "Run code.", {"code": {"type": "string", "description": "The Python\tcode to execute"}}),
        (
            "manage_service",
            "Manage a service.",
            {"operation": {"type": "string", "description": 'One of: "status",\n"deploy", "run"'}},
        ),
        (
            "generate_manifests",
            "Generate manifests from an input file.",
            {
                "input": {
                    "type": "string",
                    "description": "Resources will be generated\tin the same directory",
                }
            },
        ),
    ]
    quoted_from_schema = 0
    for name, desc, props in cases:
        t = ToolInput(
            id=f"x::{name}",
            server="x",
            tool=name,
            description=desc,
            input_schema={"type": "object", "properties": props},
        )
        (c,) = clf_plain.classify_many([t])
        check(t, c)
        quoted_from_schema += any(e.field == "input_schema" and "\\" in e.quote for e in c.evidence)
    # the escaped form is what was quoted, not a raw newline or tab that the field's text does not hold
    assert quoted_from_schema >= 2
