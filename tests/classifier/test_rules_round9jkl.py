"""Stop 24: misses of blind rounds 9j/9k/9l (scored on a528916 before any fix from them): each widened rule on
wordings of its class other than the real tools', and on near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_PROMPT = {"prompt": {"type": "string"}}
_SQL_QUERY = {"query": {"type": "string", "description": "SQL-Abfrage, die ausgeführt wird"}}
_CONTAINER = {"image": {"type": "string"}, "command": {"type": "array", "items": {"type": "string"}}}

FIRES = [
    # a statement in SQL whatever language the description is in
    (tool("query", "SQLクエリを実行する", props=_SQL_QUERY), "exec.write_query"),
    (tool("run", None, props=_SQL_QUERY), "exec.write_query"),
    # a terminal session named in brackets, with the program given
    (
        tool(
            "new_session",
            "Create a new PT (pseudo terminal) session.",
            props={"command": {"type": "array", "items": {"type": "string"}}},
        ),
        "exec.shell",
    ),
    # a coding-agent CLI executed, or a session of one continued
    (tool("codex_run", "Execute Codex CLI on the task.", props=_PROMPT), "exec.coding_agent"),
    (tool("reply", "Send a follow-up prompt to the running Claude Code session."), "exec.coding_agent"),
    # signing a transfer, a paid fetch, a container running the caller's command
    (tool("get_signed_tx", "Builds and signs a transfer for the fee payer."), "money.sign_transaction"),
    (tool("paid_fetch", "Fetch a URL with automatic x402 payment."), "money.move"),
    (tool("create_container", "Create a container.", props=_CONTAINER), "exec.container_command"),
    # a vendor word before the verb, a bracketed tag before the lead: the whole store still goes
    (
        tool("acme_delete_volume", "Delete a volume. All data and snapshots will be permanently deleted."),
        "delete.data_store",
    ),
    (tool("project_delete", "[API] Delete a project and all its resources."), "delete.data_store"),
]

MISSES = [
    # an English description keeps its read-only wording to the English branches
    (
        tool("query_db", "Execute a read-only operation against the database.", props=_SQL_QUERY),
        "exec.write_query",
    ),
    # a session of a coding agent read, a signed message, an image pulled
    (tool("status", "Send a status report to the team channel."), "exec.coding_agent"),
    (tool("sign_message", "Signs a message with the wallet key."), "money.sign_transaction"),
    (tool("pull_image", "Pull a container image.", props=_CONTAINER), "exec.container_command"),
    (
        tool("create_container", "Create a container.", props={"image": {"type": "string"}}),
        "exec.container_command",
    ),
    # a file deleted with its data is a local edit
    (
        tool("acme_delete_file", "Delete a file. All data in it will be permanently deleted."),
        "delete.data_store",
    ),
    # a terminal the agent started is no remote state
    (tool("kill_terminal", "Kill a running terminal by ID."), "delete.remote"),
    # a summary made without a model is no model run
    (tool("summarize", "Generate a summary of the trace without using an LLM."), "exec.llm_run"),
]


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round9jkl_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round9jkl_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round9jkl_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


def test_summary_with_a_model_is_still_a_model_run():
    assert "exec.llm_run" in fired(tool("summarize", "Summarize the trace using GPT-4."))


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (tool("query", "Выполнить SQL запрос в ClickHouse", props=_SQL_QUERY), ("Execute", "critical")),
        (tool("get_signed_transaction", "Builds and signs a partial transaction."), ("Write", "critical")),
    ],
)
def test_round9jkl_answers(t, expected):
    assert_answer(t, *expected)


# a case per new rule for test_rules.test_rule_fires_and_quotes
ROUND9JKL_CASES = {
    "exec.container_command": (
        tool("create_container", "Create a container.", props=_CONTAINER),
        tool("create_container", "Create a container.", props={"image": {"type": "string"}}),
    ),
}
