"""Stop 21: misses of held-out rounds 8p/8u/8v (studied, then moved to training) and of blind rounds 8w/8x (scored
before any fix): each new or widened rule on wordings of its class other than the real tools', and on near misses
that share the words but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_SQL = {"sql": {"type": "string"}}
_STACK = {"name": {"type": "string"}, "compose_yaml": {"type": "string"}}
_AMOUNT = {"amount": {"type": "number"}}

FIRES = [
    # a read-only mode that a setting or an argument lifts is no limit: the query stays write-capable
    (
        tool(
            "run_sql",
            "Run a SQL query on the warehouse. Read-only by default; pass write=true to enable writes.",
            props=_SQL,
        ),
        "exec.write_query",
    ),
    (
        tool(
            "execute_statement",
            "Execute a SQL statement on Postgres. When write operations are disabled, only SELECT queries are allowed.",
            props=_SQL,
        ),
        "exec.write_query",
    ),
    # a read-only runner named so in the lead, or refusing writes
    (tool("query", "Read-only SQL against the analytics replica.", props=_SQL), "read.enforced_read_only"),
    (
        tool(
            "run_query", "Run a query on the store. Writes are rejected.", props={"query": {"type": "string"}}
        ),
        "read.enforced_read_only",
    ),
    # a Compose file deployed as a stack
    (tool("deploy_stack", "Deploys the stack.", props=_STACK), "deploy.manifest"),
    (tool("new_stack", "Creates a stack on the swarm from a docker-compose definition."), "deploy.manifest"),
    # a mutation the caller writes, committed to a database
    (
        tool("mutate", "Runs a mutation on the graph database.", props={"mutation": {"type": "string"}}),
        "exec.modifying_query",
    ),
    # holdings moved by the lead verb with an amount, a pending transfer sent by its confirmation
    (tool("pool_stake", "Stake tokens into the pool.", props=_AMOUNT), "money.trade"),
    (tool("vault_withdraw", "Withdraw from the vault.", props=_AMOUNT), "money.trade"),
    (tool("approve_withdrawal", "Approve the queued withdrawal.", server="bitcoin-wallet"), "money.move"),
    # new signing keys or certificates
    (tool("rotate_jwt", "Rotates the signing keys of the auth service."), "secrets.write"),
    (tool("renew_certificate", "Renew the TLS certificate of the domain."), "secrets.write"),
    # new code for a deployed function, said in the description
    (tool("edit_function", "Replace the worker's source code with the given script."), "deploy.code"),
    # an invoice created whatever the verb says
    (
        tool("bill_order", "Turns the order into a bill. Creates an invoice for the customer."),
        "money.billing_object",
    ),
    # tabs opened, browser sessions ended
    (tool("create_tab", "Create a tab at the URL.", server="edge-browser"), "exec.browser"),
    (tool("end_session", "Ends the remote browser session."), "exec.browser"),
    # which commands may run is a permission
    (tool("permit_command", "Allow a command to run without asking again."), "access.change"),
    (tool("deny_command", "Add a command to the blocklist."), "access.change"),
    # a secret read back
    (tool("kv_get", "Get the secret at the given path."), "secrets.read"),
    # a wager or an order placed
    (tool("place_wager", "Place a wager on the match outcome.", props=_AMOUNT), "money.trade"),
    # commands typed into a terminal
    (tool("type_commands", "Send a series of commands to the shell pane."), "exec.shell"),
]

MISSES = [
    # read-only runners with no way around the limit
    (tool("run_sql", "Run a read-only SQL query on the warehouse.", props=_SQL), "exec.write_query"),
    (
        tool("execute_query", "Executes a validated read-only Postgres SELECT query.", props=_SQL),
        "exec.write_query",
    ),
    # a duplicate refused is not a read-only limit; a delete without WHERE blocked is a guard on a write runner
    (tool("post_note", "Post a note. A duplicate write is refused."), "read.enforced_read_only"),
    (
        tool(
            "execute_write_sql",
            "Execute a write statement. UPDATE without WHERE clause is blocked.",
            props=_SQL,
        ),
        "read.enforced_read_only",
    ),
    # a Compose file read or converted, a stack listed
    (tool("get_compose_file", "Get the Compose file of a stack.", props={"stack_id": {}}), "deploy.manifest"),
    (tool("list_stacks", "List stacks created from compose files."), "deploy.manifest"),
    # a GraphQL mutation goes to one vendor's API (another rule), a mutation log read
    (
        tool("run_mutation", "Execute a GraphQL mutation.", props={"mutation": {"type": "string"}}),
        "exec.modifying_query",
    ),
    (tool("list_mutations", "List the mutations applied to the schema."), "exec.modifying_query"),
    # a swap quoted, a stake listed, a file transfer confirmed
    (tool("swap_quote", "Swap quote for the pair.", props=_AMOUNT), "money.trade"),
    (tool("list_stakes", "Stake positions of the wallet.", props=_AMOUNT), "money.trade"),
    (tool("confirm_transfer", "Confirm the file transfer finished.", server="sftp-server"), "money.move"),
    # keys listed, a keyboard key remapped
    (tool("list_keys", "List signing keys."), "secrets.write"),
    (tool("remap_key", "Remap a keyboard key."), "secrets.write"),
    # a function's code read
    (tool("get_function_code", "Get a function's source code."), "deploy.code"),
    # an invoice read or previewed
    (tool("get_invoice", "Get an invoice by id."), "money.billing_object"),
    (tool("preview", "Generates an invoice preview for the draft."), "money.billing_object"),
    # the tab list read in any namespace, a chat session closed
    (tool("browser_list_tabs", "List the open tabs.", server="chrome-browser"), "exec.browser"),
    (tool("arc_query_tabs", "Search tabs by title.", server="arc-browser"), "exec.browser"),
    (tool("close_session", "Close the support chat session."), "exec.browser"),
    # a container started again is a state change; a model server started is no model run
    (tool("start_container", "Start a stopped container.", title="Start container"), "exec.workload"),
    (tool("serve", "Start Ollama server"), "exec.llm_run"),
    # a command allowed to run is not a command run
    (
        tool("allow_once", "Allow a specific command to run once.", props={"command": {"type": "string"}}),
        "exec.code_argument",
    ),
    # a secret's metadata or list, a secret manager named
    (tool("kv_metadata", "Get secret metadata for the path."), "secrets.read"),
    (tool("kv_list", "Read secret names under a path."), "secrets.read"),
    # "place" alone puts a thing somewhere
    (tool("place_marker", "Place a marker on the map."), "money.trade"),
    (tool("place_block", "Place a block at the given coordinates in the world."), "money.trade"),
    # a command typed for the user to review
    (tool("send_command", "Send a command to the terminal without executing it."), "exec.shell"),
]

# a case per widened rule for test_rules.test_rule_fires_and_quotes (the rules are not new, so none is added)
ROUND8PUX_CASES: dict[str, tuple[object, object]] = {}


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round8pux_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round8pux_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round8pux_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "run_sql",
                "Run a SQL query. SELECT-only by default; set allow_writes=true to enable DML.",
                props=_SQL,
            ),
            ("Execute", "critical"),
        ),
        (tool("run_sql", "Run a read-only SQL query on the warehouse.", props=_SQL), ("Read", None)),
        (tool("deploy_stack", "Deploys the stack.", props=_STACK), (None, "critical")),
        (tool("kv_get", "Get the secret at the given path."), ("Read", "high")),
        (tool("pool_stake", "Stake tokens into the pool.", props=_AMOUNT), ("Write", "critical")),
    ],
)
def test_round8pux_answers(t, expected):
    assert_answer(t, *expected)
