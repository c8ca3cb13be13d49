"""Stop 23: misses of blind rounds 9d/9e (scored before any fix from them, then studied and moved to training):
each new or narrowed rule on wordings of its class other than the real tools', and on near misses that share the
words but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_WALLET_CALL = {
    "fromAddress": {"type": "string", "description": "Your wallet address"},
    "contractAddress": {"type": "string"},
    "abi": {"type": "string"},
    "method": {"type": "string"},
}
_DEPLOY = {"bytecode": {"type": "string"}, "constructorArgs": {"type": "string"}}
_PROGRAM = {
    "target": {"type": "string", "description": "The executable to run, e.g. node"},
    "argv": {"type": "array", "items": {"type": "string"}},
}

FIRES = [
    # a token allowance lets a third party move the wallet's tokens
    (tool("erc20_approve", "Approve a router to spend your USDC."), "money.contract_write"),
    (tool("set_allowance", "Sets the allowance of a spender for a token."), "money.contract_write"),
    (tool("grant", "Grant a spender allowance over the connected wallet's tokens."), "money.contract_write"),
    # a state-changing contract call from the wallet
    (
        tool("write_contract", "Write to a smart contract on Ethereum.", props=_WALLET_CALL),
        "money.contract_write",
    ),
    (
        tool("invoke", "Invoke a contract function from your wallet.", props=_WALLET_CALL),
        "money.contract_write",
    ),
    # the caller's contract code deployed from the wallet
    (tool("deploy_contract", "Deploys a contract to Base.", props=_DEPLOY), "money.contract_deploy"),
    # an argument described as the program to run, with its arguments
    (tool("spawn", "Spawn a process and wait for it to exit.", props=_PROGRAM), "exec.code_argument"),
    # a simulated trade is a read
    (tool("swap", "Simulate a swap of ETH for USDC on a DEX."), "read.dry_run"),
    # a record created or updated in place
    (tool("put_record", "Create or update a DNS record in the zone."), "infra.change"),
    (tool("upsert_dns_entry", "Sets the entry of a zone."), "infra.change"),
]

MISSES = [
    # reading a contract, or a call that sends nothing
    (
        tool(
            "call_contract",
            "Execute a read-only call against a smart contract (eth_call).",
            props=_WALLET_CALL,
        ),
        "money.contract_write",
    ),
    (
        tool("call", "Call a contract method without sending a transaction.", props=_WALLET_CALL),
        "money.contract_write",
    ),
    (tool("get_allowance", "Get the allowance a spender has for a token."), "money.contract_write"),
    # an API token set for the server's own login is no token allowance
    (tool("set_api_token", "Set an API token for authentication."), "money.contract_write"),
    # a fixed contract deployed for tests takes no code
    (
        tool(
            "deploy_mock_token",
            "Deploys a mock ERC-20 token for testing.",
            props={"name": {"type": "string"}},
        ),
        "money.contract_deploy",
    ),
    # an argument that is not the program
    (
        tool(
            "spawn",
            "Spawn a process and wait for it to exit.",
            props={
                "target": {"type": "string", "description": "The environment to use"},
                "argv": {"type": "array", "items": {"type": "string"}},
            },
        ),
        "exec.code_argument",
    ),
    # a simulated swap is no trade
    (
        tool("swap_tokens", "Simulate a token swap on Uniswap.", props={"amount": {"type": "string"}}),
        "money.trade",
    ),
    # a sub-object of a project or a database is deleted, not the store
    (tool("delete_project_endpoint", "Deletes an endpoint of the project."), "delete.data_store"),
    (tool("delete_database_backup", "Delete one backup of a database."), "delete.data_store"),
    # a mail service's switches are not a mail account's configuration
    (tool("list_mail_settings", "List mail settings (footer, spam check)."), "read.credential_configs"),
    # market data fetched by an id is not the open web
    (
        tool(
            "fetch",
            "Fetch detailed information about a token or market data.",
            props={"id": {"type": "string"}},
        ),
        "read.open_web",
    ),
    # a new DNS record is additive
    (tool("create_dns_record", "Create a DNS record in the zone."), "infra.change"),
]


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round9de_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round9de_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


def test_store_stays_the_object_when_only_picked_by_id():
    assert "delete.data_store" in fired(tool("delete_project_by_id", "Delete a project."))
    assert "delete.data_store" in fired(tool("drop_database", "Drop the database."))


def test_fetch_of_an_address_is_still_the_open_web():
    assert "read.open_web" in fired(tool("fetch", "Fetch a page.", props={"url": {"type": "string"}}))


def test_smtp_settings_are_still_credential_configs():
    assert "read.credential_configs" in fired(tool("get_smtp_settings", "Get the SMTP settings."))


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round9de_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


# a case per new rule for test_rules.test_rule_fires_and_quotes
ROUND9DE_CASES = {
    "money.contract_write": (FIRES[0][0], MISSES[2][0]),
    "money.contract_deploy": (FIRES[5][0], MISSES[4][0]),
}


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool("approve_spender", "Approve a spender for the ERC20 token in the wallet."),
            ("Write", "critical"),
        ),
        (
            tool("deploy_contract", "Deploy a smart contract from your wallet.", props=_DEPLOY),
            ("Execute", "critical"),
        ),
        (tool("run_binary", "Execute a program (non-shell).", props=_PROGRAM), ("Execute", "critical")),
        (tool("simulate_swap", "Simulate a token swap on a DEX."), (None, "low")),
    ],
)
def test_round9de_answers(t, expected):
    assert_answer(t, *expected)
