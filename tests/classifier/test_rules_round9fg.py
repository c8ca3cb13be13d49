"""Stop 23: misses of blind rounds 9f/9g (scored before any fix from them, then studied and moved to training):
each widened rule on wordings of its class other than the real tools', and on near misses that share the words
but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_REVEAL = {
    "query": {"type": "string"},
    "reveal": {"type": "boolean", "description": "If true, return the passwords in cleartext."},
}

FIRES = [
    # a wallet's private key imported, recovered or restored is a stored credential
    (tool("import_wallet", "Import a wallet from its private key."), "secrets.write"),
    (tool("restore", "Restore an existing wallet from a seed phrase."), "secrets.write"),
    # an item of a password manager holds its passwords
    (tool("bw_create_item", "Create a login in Bitwarden."), "secrets.write"),
    (tool("edit_entry", "Edit an entry of the KeePass database."), "secrets.write"),
    # a new OAuth client is a client secret
    (tool("register_client", "Register an OAuth 2 client with the authorization server."), "secrets.write"),
    # a switch whose description says the secret values come back
    (tool("search_items", "Search items by title.", props=_REVEAL), "secrets.include_flag"),
    # keys typed into an SSH session reach a remote shell
    (tool("send_keys", "Send special keys to a session.", server="mcp-ssh-session"), "exec.shell"),
]

MISSES = [
    # a wallet looked up, or its recovery status, stores nothing
    (tool("get_wallet", "Get the wallet's balance."), "secrets.write"),
    (tool("recover_status", "Check the status of a wallet recovery."), "secrets.write"),
    # items of a task list or a CMS are not passwords
    (tool("create_item", "Create an item in the project board."), "secrets.write"),
    # an app created in a store or a mobile backend is no OAuth client
    (tool("create_app", "Create a new app in the App Store Connect account."), "secrets.write"),
    # a switch that reveals nothing secret
    (
        tool(
            "search",
            "Search items.",
            props={"reveal": {"type": "boolean", "description": "If true, expand collapsed sections."}},
        ),
        "secrets.include_flag",
    ),
    # keys sent to a web page are a browser's
    (tool("send_keys", "Send special keys to the page.", server="browser-mcp"), "exec.shell"),
]


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round9fg_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round9fg_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round9fg_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (tool("wallet_recover", "Recover a previously linked wallet by email."), ("Write", "critical")),
        (tool("create_application", "Create a custom OIDC application in Okta."), ("Write", "critical")),
        (tool("search_items", "Search items by title across vaults.", props=_REVEAL), ("Read", "high")),
    ],
)
def test_round9fg_answers(t, expected):
    assert_answer(t, *expected)
