"""Human corrections win and are shown; multiplexed tools get one class per operation."""

from __future__ import annotations

import pytest

from catalog.errors import BadInput
from classifier.engine import Classifier
from classifier.overrides import load_overrides, parse_overrides
from tests.classifier.helpers import tool


def test_override_wins_and_keeps_the_original(clf_plain: Classifier) -> None:
    t = tool("delete_ticket", "Delete a ticket from the helpdesk.", server="desk")
    before = clf_plain.classify(t)
    ov = parse_overrides(
        "desk::delete_ticket:\n  risk: low\n  reason: tickets go to a 30-day bin\n  by: alice\n"
    )
    c = Classifier(clf_plain.predictor, overrides=ov).classify(t)
    assert c.risk == "low" and c.action == before.action
    assert c.correction == {
        "reason": "tickets go to a 30-day bin",
        "by": "alice",
        "original": {"action": before.action, "risk": before.risk, "category": before.category},
    }
    assert "override" in c.rules
    other = Classifier(clf_plain.predictor, overrides=ov).classify(
        tool("delete_ticket", "Delete a ticket.", server="x")
    )
    assert other.correction is None


def test_overrides_change_the_version(clf_plain: Classifier) -> None:
    ov = parse_overrides("a::b:\n  action: Read\n  reason: checked by hand\n")
    assert Classifier(clf_plain.predictor, overrides=ov).version != clf_plain.version


@pytest.mark.parametrize(
    "text",
    ["a::b: [1, 2]", "a::b:\n  action: Explode\n  reason: nope\n", "a::b:\n  action: Read\n", ": : :\n  - ["],
)
def test_bad_overrides_are_bad_input(text: str) -> None:
    with pytest.raises(BadInput):
        parse_overrides(text)


def test_bundled_overrides_file_is_valid() -> None:
    assert len(load_overrides()) >= 1


def test_multiplexed_method_enum(clf_plain: Classifier) -> None:
    t = tool(
        "projects_write",
        "Manage project items.",
        props={
            "method": {"type": "string", "enum": ["add_item", "update_item", "delete_item", "rerun_workflow"]}
        },
    )
    c = clf_plain.classify(t)
    ops = {o.value: (o.action, o.risk) for o in c.operations}
    assert ops["add_item"] == ("Write", "medium")
    assert ops["delete_item"] == ("Write", "high")
    assert ops["rerun_workflow"][0] == "Execute"
    assert c.action == "Execute" and c.risk in ("high", "critical")


def test_read_only_multiplexed_stays_read(clf_plain: Classifier) -> None:
    t = tool(
        "issue_read",
        "Get information about an issue.",
        props={"method": {"type": "string", "enum": ["get", "get_comments", "get_labels"]}},
    )
    c = clf_plain.classify(t)
    assert c.action == "Read" and {o.action for o in c.operations} == {"Read"}


def test_http_method_enum_of_a_monitor_is_not_an_operation(clf_plain: Classifier) -> None:
    t = tool(
        "create_uptime_monitor",
        "Create an uptime monitor.",
        props={"method": {"type": "string", "enum": ["GET", "POST", "DELETE"]}},
    )
    assert clf_plain.classify(t).operations == []
