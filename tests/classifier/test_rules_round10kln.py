"""Stop 30: misses of blind rounds 10k/10l/10n (scored on 6697643 and again on stop 30's first commit before any fix
from them): each rule on wordings of its class other than the real tools', and near misses that share the words but
not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

_SQL = {"sql": {"type": "string"}}

FIRES = [
    # a write-statement runner that refuses SELECT-only work is not a read-only tool
    (
        tool(
            "run_write_statement",
            "Execute a single UPDATE or DELETE statement written by the caller. SELECT-only statements are rejected "
            "here: use the query tool.",
            props=_SQL,
        ),
        "exec.write_query",
    ),
    # a show-only command runner on a network device
    (
        tool(
            "device_show",
            "Run a command on the router over SSH. The command must begin with 'display'.",
            props={"command": {"type": "string"}},
        ),
        "read.enforced_read_only",
    ),
    (
        tool(
            "exec_cli",
            "Run a CLI command on a switch. Only show commands are accepted.",
            props={"command": {"type": "string"}},
        ),
        "read.enforced_read_only",
    ),
    # a raw Compose file handed to a service create
    (
        tool("create_app", "Create an application.", props={"compose_raw": {"type": "string"}}),
        "deploy.manifest",
    ),
    # a resource of any type written through a generic cloud control API
    (
        tool(
            "create_resource",
            "Create a cloud resource through the Cloud Control API.",
            props={"resource_type": {"type": "string"}, "desired_state": {"type": "object"}},
        ),
        "deploy.manifest",
    ),
    # a question sent to a model
    (tool("ask_model", "Send the question to an AI model and return its answer."), "exec.llm_run"),
    # new token supply issued
    (
        tool("mint_tokens", "Mint more of a fungible token.", props={"token_id": {}, "amount": {}}),
        "money.trade",
    ),
]

MISSES = [
    # the limit stated alongside writes it refuses still holds
    (
        tool(
            "run_sql",
            "Execute a SQL query (INSERT, UPDATE and DELETE statements are rejected). SELECT-only.",
            props=_SQL,
        ),
        "exec.write_query",
    ),
    # a command that may begin with anything; a show command advised, not enforced
    (
        tool(
            "device_exec",
            "Run a command on the router over SSH. The output must begin with a prompt.",
            props={"command": {"type": "string"}},
        ),
        "read.enforced_read_only",
    ),
    # a Compose file read back; a service created from a template
    (
        tool("get_compose", "Show the compose file.", props={"compose_raw": {"type": "string"}}),
        "deploy.manifest",
    ),
    (tool("create_app", "Create an application.", props={"template": {"type": "string"}}), "deploy.manifest"),
    # a resource type looked up; a type-named update outside a cloud control API
    (
        tool(
            "get_resource",
            "Read a resource through the Cloud Control API.",
            props={"resource_type": {"type": "string"}, "desired_state": {"type": "object"}},
        ),
        "deploy.manifest",
    ),
    (
        tool(
            "update_resource",
            "Update a CMS resource.",
            props={"resource_type": {"type": "string"}, "patch": {"type": "object"}},
        ),
        "deploy.manifest",
    ),
    # a picture some model already made, sent to a chat
    (
        tool(
            "post_picture",
            "Send an AI-generated picture to a Slack channel.",
            props={"url": {"type": "string"}},
        ),
        "exec.llm_run",
    ),
    # a mint looked up, a mint address without an amount
    (tool("get_mint_info", "Get a token's mint.", props={"amount": {}}), "money.trade"),
    (tool("mint_nft", "Mint an NFT.", props={"metadata_uri": {}}), "money.trade"),
]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "execute_write_sql",
                "Run one caller-written INSERT, UPDATE or DELETE statement. A WHERE clause is not required. Any "
                "SELECT-only work that belongs in the query tool is rejected.",
                props=_SQL,
            ),
            ("Execute", "critical"),
        ),
        (
            tool(
                "create_service",
                "Create a new one-click service.",
                props={"type": {"type": "string"}, "docker_compose_raw": {"type": "string"}},
            ),
            ("Write", "critical"),
        ),
        (
            tool("hts_mint_token", "Mint HTS tokens", props={"tokenId": {}, "amount": {}}),
            ("Write", "critical"),
        ),
    ],
)
def test_round10kln_answers(t, expected):
    assert_answer(t, *expected)
