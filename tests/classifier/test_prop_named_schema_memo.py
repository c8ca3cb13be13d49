"""prop_named remembers its answer per schema key: the remembered answer is the one a pass over
the props gives (a text without a key takes that pass)."""

from __future__ import annotations

from classifier.rules.matchers import prop_named
from classifier.text import ToolText
from tests.classifier.test_rule_gates import _tools


def test_prop_named_answers_per_schema_key_as_a_pass_over_the_props() -> None:
    m = prop_named(r"(?:code|script|query|sql|command|path|url)")
    fired = 0
    for tool in _tools()[:1500]:
        keyed = ToolText.from_input(tool)
        plain = ToolText.from_input(tool)
        plain.extra.pop("schema_key", None)
        want = m(plain)
        assert m(keyed) == want, tool.id
        assert m(keyed) == want, tool.id  # remembered
        fired += want is not None
    assert fired > 50
