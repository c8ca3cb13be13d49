"""Stop 22: misses of blind rounds 9a/9b/9c (scored before any fix from them, then studied and moved to training):
each new or widened rule on wordings of its class other than the real tools', and on near misses that share the
words but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_PATH_ARGS = {"path": {"type": "string"}, "args": {"type": "array", "items": {"type": "string"}}}
_COMMAND = {"command": {"type": "string"}}

FIRES = [
    # a refund whose description goes on to name what it is linked to
    (tool("refund", "Create a refund linked to the original charge."), "money.move"),
    # a fixed checker reads the code or the command
    (tool("lint", "Run the ruff linter on a project.", props=_PATH_ARGS), "read.static_check"),
    (tool("typecheck", "Runs static analysis of the package.", props=_PATH_ARGS), "read.static_check"),
    (tool("vet_cmd", "Check a shell command for danger before running it.", props=_COMMAND), "read.static_check"),
    # a key created as a step of a setup
    (tool("pair", "Pair with the hub by pressing its button and creating an API key."), "secrets.write"),
    (tool("onboard", "Finish onboarding, then generating a new access token for the bot."), "secrets.write"),
    # a call or a message is a write the model may not call Execute
    (tool("dial", "Place a phone call via Twilio to the given number."), "comms.external"),
]

MISSES = [
    # a refund link or a payment link is not money moved
    (tool("refund_link", "Create a refund link for the customer."), "money.move"),
    # running the project's code (tests, a build) is no static check
    (tool("pytest", "Run pytest on a Python project.", props=_PATH_ARGS), "read.static_check"),
    (tool("run_cmd", "Run a shell command before the deploy.", props=_COMMAND), "read.static_check"),
    # a key listed or described
    (tool("keys", "List API keys and show when they were created."), "secrets.write"),
    # a service's health, fees and chains are read, not traded
    (tool("swap_health", "Get current service health, fee configuration and supported chains."), "money.trade"),
    # a CQL query on Cassandra can write; a Confluence CQL search cannot (so only the first is left out)
    (tool("execute_query", "Execute a CQL query on the Cassandra database."), "read.query_language"),
]


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round9abc_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round9abc_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


def test_confluence_cql_search_stays_a_read():
    assert "read.query_language" in fired(tool("search", "Run a CQL query against Confluence pages."))


def test_checked_command_is_not_run():
    assert "exec.code_argument" not in fired(FIRES[3][0])
    assert "exec.code_argument" in fired(tool("run_cmd", "Run a shell command on the host.", props=_COMMAND))


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round9abc_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


# a case per new rule for test_rules.test_rule_fires_and_quotes
ROUND9ABC_CASES = {"read.static_check": (FIRES[1][0], MISSES[1][0])}


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (tool("flake8", "Run flake8 linter on a Python project.", props=_PATH_ARGS), ("Read", None)),
        (tool("refund", "Issue a refund linked to an existing transaction."), ("Write", "critical")),
        (tool("swap_health", "Get current service health and supported chains."), (None, "low")),
        (tool("make_call", "Make a phone call via Twilio"), ("Write", "high")),
    ],
)
def test_round9abc_answers(t, expected):
    assert_answer(t, *expected)
