"""Stop 24: misses of blind rounds 9h/9i (scored on stop 23's last commit, then studied and moved to training):
each widened rule on wordings of its class other than the real tools', and on near misses that share the words
but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_PROMPT = {"prompt": {"type": "string", "description": "What the agent should do."}}
_INVOICE = {"invoice": {"type": "string", "description": "BOLT11 invoice."}}
_SHELL_CMD = {"command": {"type": "array", "items": {"type": "string"}}}
_CODE = {"code": {"type": "string"}}

FIRES = [
    # a coding-agent CLI run on the caller's prompt
    (tool("run_agent", "Run a headless coding agent on the repository.", props=_PROMPT), "exec.coding_agent"),
    (tool("dispatch", "Dispatch the task to Aider in the given folder.", props=_PROMPT), "exec.coding_agent"),
    (tool("spawn_worker", "Spawn a sub-agent for one atomic step.", props=_PROMPT), "exec.coding_agent"),
    (tool("nudge", "Send a follow-up instruction to a running agent session."), "exec.coding_agent"),
    # a shell session whose program the caller names
    (tool("open_session", "Open a persistent terminal session.", props=_SHELL_CMD), "exec.shell"),
    # paying an invoice, a card authorization hold, a paid HTTP call
    (tool("ln_pay", "Settle the challenge.", props=_INVOICE), "money.move"),
    (tool("preauth", "Place an authorization hold on the customer's card."), "money.move"),
    (tool("authorize", "Authorize a card payment of the given amount."), "money.move"),
    (tool("paid_call", "Call an endpoint; pays the HTTP 402 challenge automatically."), "money.move"),
    # a token-signing secret handed to the identity provider
    (
        tool(
            "update_api",
            "Update an API definition.",
            props={"jwt_secret": {"type": "string", "description": "Secret used to sign tokens."}},
        ),
        "secrets.write",
    ),
    # a rollback loses what was written after the snapshot
    (tool("revert_instance", "Revert the instance to a previous snapshot."), "delete.remote"),
    # a statement that the call only reads
    (
        tool("withdrawal_log", "Withdrawal records. Read-only: does not initiate any withdrawal."),
        "read.declared_read_only_call",
    ),
    # the server's own memory is local state
    (tool("delete_flow", "Clear the in-memory login flow."), "delete.local"),
]

MISSES = [
    # an agent listed, or a model asked, is no coding-agent run
    (tool("list_agents", "List the headless coding agents available.", props=_PROMPT), "exec.coding_agent"),
    (tool("spawn_agent", "Spawn a sub-agent for one step."), "exec.coding_agent"),
    (tool("send_message", "Send a message to an agent."), "exec.coding_agent"),
    # a shell session with no program to name, and a listing of jobs that once executed commands
    (
        tool("open_session", "Open a persistent terminal session.", props={"cols": {"type": "integer"}}),
        "exec.shell",
    ),
    (tool("job_list", "List background jobs with their executed command and exit code."), "exec.shell"),
    # an invoice created or looked up is not paid
    (tool("get_invoice", "Get an invoice.", props=_INVOICE), "money.move"),
    (tool("authorize_app", "Authorize the app to read the calendar."), "money.move"),
    # a local snapshot restored is left to the model
    (tool("restore_file", "Restore a file from a local snapshot."), "delete.remote"),
    # names of secrets without their values; code the caller hands over scanned for secrets
    (
        tool("list_secrets", "List stored secrets. Returns only the keys, not the actual secret values."),
        "secrets.read",
    ),
    (tool("scan_secrets", "Scan code for hardcoded secrets and API keys.", props=_CODE), "secrets.read"),
    # a read-only note without the denial of a change
    (
        tool("place_order", "Place an order. The account must not be read-only."),
        "read.declared_read_only_call",
    ),
]


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round9hi_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round9hi_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round9hi_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool("agent_run", "Delegate a task to a local headless CLI agent (Claude Code).", props=_PROMPT),
            ("Execute", "critical"),
        ),
        (
            tool("start_shell", "Start a new interactive shell session.", props=_SHELL_CMD),
            ("Execute", "critical"),
        ),
        (tool("pay", "Pay a Lightning challenge with the wallet.", props=_INVOICE), ("Write", "critical")),
        (
            tool(
                "list_secrets",
                "List all secret keys. Returns only the keys (identifiers), not the actual secret values.",
            ),
            ("Read", "low"),
        ),
    ],
)
def test_round9hi_answers(t, expected):
    assert_answer(t, *expected)
