"""The known traps from the issue, on the full classifier (rules + model)."""

from __future__ import annotations

from catalog.models import ToolInput
from classifier.engine import Classifier
from tests.classifier.helpers import tool


def _by_id(records: list[dict], rid: str) -> ToolInput:
    return ToolInput.model_validate(next(r for r in records if r["id"] == rid))


def test_llm_job_status_is_read_low(clf_plain: Classifier, train_records: list[dict]) -> None:
    t = _by_id(train_records, "llm-cli-gateway::llm_job_status")
    for hide in (False, True):
        c = clf_plain.classify_many([t], hide_annotations=hide)[0]
        assert (c.action, c.risk) == ("Read", "low"), (hide, c)
        assert c.category == "Read"


def test_llm_job_status_unseen_wording(clf_plain: Classifier) -> None:
    t = tool(
        "job_status",
        "Check lifecycle status (running|completed|failed|canceled) of an async job by jobId.",
        server="some-gateway",
        props={"jobId": {"type": "string"}},
    )
    c = clf_plain.classify(t)
    assert (c.action, c.risk) == ("Read", "low")


def test_telemetry_and_verdict_tools_are_not_destructive(clf_plain: Classifier) -> None:
    blanket = {"readOnlyHint": False, "destructiveHint": True}
    signals = tool(
        "signals.report",
        "Report usage signals (events, timings, errors) to the Blueprint analytics service.",
        server="blueprint",
        props={"event": {"type": "string"}, "properties": {"type": "object"}},
        annotations=blanket,
    )
    review = tool(
        "review",
        "Review a wine and return a verdict with a score and tasting notes.",
        server="invinoveritas",
        props={"wine": {"type": "string"}},
        annotations=blanket,
    )
    for t in (signals, review):
        for hide in (False, True):
            c = clf_plain.classify_many([t], hide_annotations=hide)[0]
            assert c.category != "Destructive", (t.tool, hide, c)
            assert "destructive" not in c.flags
            assert c.risk in ("low", "medium"), (t.tool, c.risk)


def test_blanket_destructive_hint_on_list_tags_is_read_and_flagged(clf_plain: Classifier) -> None:
    t = tool(
        "list_tags",
        "List all tags of a repository in the registry.",
        server="oci-registry-x",
        props={"repository": {"type": "string"}},
        annotations={"readOnlyHint": False, "destructiveHint": True},
    )
    c = clf_plain.classify(t)
    assert c.action == "Read"
    assert c.contradicts_declared is True
    assert c.declared["readOnlyHint"] is False and c.declared["destructiveHint"] is True
    assert any(e.field == "annotations" for e in c.evidence)


def test_declared_read_only_shell_is_flagged(clf_plain: Classifier) -> None:
    # A server that calls its shell tool read-only: we follow the rubric (Read when readOnlyHint
    # is true) only if the text agrees; hidden, the same text is Execute/critical.
    t = tool(
        "run_command", "Run arbitrary shell commands on the host.", props={"command": {"type": "string"}}
    )
    c = clf_plain.classify(t)
    assert (c.action, c.risk) == ("Execute", "critical")
    assert "code_execution" in c.flags


def test_money_movement_is_financial_critical(clf_plain: Classifier) -> None:
    t = tool(
        "create_payout",
        "Create a payout to a connected bank account.",
        props={"amount": {"type": "integer"}, "currency": {"type": "string"}},
    )
    c = clf_plain.classify(t)
    assert c.category == "Financial" and c.risk == "critical" and "financial" in c.flags


def test_delete_repository_is_destructive_critical(clf_plain: Classifier) -> None:
    c = clf_plain.classify(tool("delete_repository", "Delete a repository and all its contents."))
    assert (c.action, c.risk, c.category) == ("Write", "critical", "Destructive")


def test_read_only_query_language_is_not_execute(clf_plain: Classifier) -> None:
    t = tool(
        "execute_query",
        "Execute a PromQL instant query against Prometheus.",
        props={"query": {"type": "string"}},
    )
    c = clf_plain.classify(t)
    assert c.action == "Read" and c.risk in ("low", "medium")


def test_model_alone_never_says_critical(clf_plain: Classifier) -> None:
    # Critical needs a rule quoting code execution, money, secrets or data-store loss.
    for c in clf_plain.classify_many(
        [
            tool("frobnicate", "Frobnicate the widget."),
            tool("execute_report", "Execute the monthly report layout."),
        ],
        hide_annotations=True,
    ):
        if c.risk == "critical":
            assert any(
                r.startswith(("exec.", "money.", "secrets.", "delete.", "deploy.")) for r in c.rules
            ), c


def test_javascript_in_the_page_is_critical_and_cookies_are_secrets(clf_plain: Classifier) -> None:
    js = clf_plain.classify(
        tool("browser_execute_script", "Execute JavaScript in the context of the current page.")
    )
    assert (js.action, js.risk) == ("Execute", "critical")
    cookie = clf_plain.classify(tool("browser_get_cookies", "Get all cookies of the current page."))
    assert cookie.action == "Read" and cookie.risk == "high" and "secrets" in cookie.flags


def test_a_plain_read_is_not_high_without_a_reason(clf_plain: Classifier) -> None:
    c = clf_plain.classify(tool("find_element", "Finds an element on the page.", server="selenium"))
    assert c.action == "Read" and c.risk in ("low", "medium")
