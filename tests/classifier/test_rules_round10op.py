"""Stop 30: misses of blind rounds 10o/10p (scored on f83f29b before any fix from them): each rule on wordings of its
class other than the real tools', and near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

_SQL = {"statement": {"type": "string"}}

FIRES = [
    # a statement runner that names the writes it takes, with a note about SELECT queries further on
    (
        tool(
            "pg_run",
            "Run PostgreSQL statements. Supports SELECT, INSERT, UPDATE and DELETE. Large SELECT queries are paged.",
            props=_SQL,
        ),
        "exec.write_query",
    ),
    (
        tool(
            "duck_exec",
            "Execute DuckDB SQL statements. If no LIMIT is given in your SELECT query, every row comes back.",
            props=_SQL,
        ),
        "exec.write_query",
    ),
    # a command line typed into a remote session
    (
        tool(
            "serial_send",
            "Send a command line to the open serial console session.",
            props={"command": {"type": "string"}},
        ),
        "exec.shell",
    ),
    (
        tool(
            "ssh_send", "Sends a command to an existing SSH session.", props={"command": {"type": "string"}}
        ),
        "exec.shell",
    ),
    # a model family named as the worker
    (tool("review_diff", "Use Claude Sonnet to review the diff."), "exec.llm_run"),
    (tool("draft_spec", "Ask Haiku to draft a spec from the notes."), "exec.llm_run"),
    # a raw DevTools Protocol method
    (
        tool(
            "devtools_call",
            "Invoke a raw Chrome DevTools Protocol method.",
            props={"method": {"type": "string"}, "params": {"type": "object"}},
        ),
        "exec.script",
    ),
    # money asked for or collected with its amount
    (
        tool(
            "request_withdrawal",
            "Request a withdrawal to the bank.",
            props={"amount_usd": {"type": "number"}},
        ),
        "money.trade",
    ),
    (
        tool("claim_rewards", "Claim the staking rewards of a validator position.", props={"validator": {}}),
        "money.trade",
    ),
    (
        tool("order_etf", "ETF order.", props={"ticker": {}, "side": {"type": "string"}, "qty": {}}),
        "money.trade",
    ),
]

MISSES = [
    # a read-only runner stays read even when it names write verbs as rejected
    (
        tool(
            "pg_run",
            "Run read-only PostgreSQL queries. INSERT, UPDATE and DELETE statements are rejected.",
            props=_SQL,
        ),
        "exec.write_query",
    ),
    # Confluence's CQL searches pages
    (
        tool(
            "cql_search",
            "Execute a CQL query against Confluence.",
            props={"query": {"type": "string"}},
            server="confluence",
        ),
        "exec.write_query",
    ),
    # a command sent to people, or to a device that is not a shell
    (
        tool("send_command", "Send a command to the Discord channel.", props={"command": {"type": "string"}}),
        "exec.shell",
    ),
    # Opus the audio codec
    (tool("encode_audio", "Use Opus to encode the audio stream."), "exec.llm_run"),
    # a DevTools event listed, not a method sent
    (
        tool("list_cdp_events", "List the CDP events captured so far.", props={"method": {"type": "string"}}),
        "exec.script",
    ),
    # a deposit address made, fees read, an order looked up
    (tool("create_deposit_address", "Create a deposit address.", props={"asset": {}}), "money.trade"),
    (tool("get_pool_fees", "Get the fees a liquidity pool charges.", props={"pool": {}}), "money.trade"),
    (
        tool("order_status", "Status of a stock order.", props={"order_id": {}, "qty": {}}),
        "money.trade",
    ),
]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "mysql_exec",
                "Execute MySQL SQL statements using a DSN. Supports SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, etc. "
                "Note: If no LIMIT is specified in your SELECT query, all matching rows will be returned.",
                props={"dsn": {"type": "string"}, "sql": {"type": "string"}},
            ),
            ("Execute", "critical"),
        ),
        (
            tool(
                "query_node",
                "Execute a CQL query on a specific node.",
                props={"query": {"type": "string"}},
                server="cassandra-mcp",
            ),
            ("Execute", "critical"),
        ),
        (
            tool(
                "telnet_send",
                "Send a command to an active Telnet session",
                props={"command": {"type": "string"}},
            ),
            ("Execute", "critical"),
        ),
        (
            tool(
                "cdp_send", "Send CDP command to Chrome", props={"method": {"type": "string"}, "params": {}}
            ),
            ("Execute", "critical"),
        ),
        (tool("upgrade_check", "Check for available core or app updates."), ("Read", "low")),
    ],
)
def test_round10op_answers(t, expected):
    assert_answer(t, *expected)
