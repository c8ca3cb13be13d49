"""Stop 32: misses of blind rounds 10u-10z (scored on bc1003f and be4657c before any fix from them): each rule on
wordings of its class other than the real tools', and near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

_DOMAIN = {"domain": {"type": "string"}, "cost": {"type": "number"}}
_PROMPT = {"prompt": {"type": "string"}, "cwd": {"type": "string"}}
_CELL = {"source": {"type": "string"}}

FIRES = [
    # a domain bought under a name that leads with the object, or registered by a plain create
    (tool("domains_purchase", "Buy the domain in the request object.", props=_DOMAIN), "money.move"),
    (
        tool("namecheap_domain_create", "Register a new domain name with account funds.", props=_DOMAIN),
        "money.move",
    ),
    # a coding agent told to run unsandboxed or without approvals
    (
        tool("refactor_with_claude", "Hand the refactor to Claude Code in --yolo mode.", props=_PROMPT),
        "exec.coding_agent",
    ),
    (
        tool(
            "aider_task",
            "Run Aider on the repository. Approval: never; it edits and commits alone.",
            props=_PROMPT,
        ),
        "exec.coding_agent",
    ),
    # a notebook cell added and run at once
    (tool("insert_cell", "Insert and execute a cell at the given index.", props=_CELL), "exec.notebook_cell"),
    (
        tool("append_cell", "Adds code to the notebook, then runs the new cell immediately.", props=_CELL),
        None,
    ),
    # a login token minted for the caller
    (tool("new_session_token", "Mint a new API token for the service account."), "secrets.write"),
    # a private key handed back with the certificate
    (
        tool("download_certificate", "Download the TLS bundle. Returns the chain and the private key."),
        "secrets.read",
    ),
]

MISSES = [
    # a domain's price or availability asked, however the name reads
    (tool("domain_purchase_quote", "Register a domain? Get the price first.", props=_DOMAIN), "money.move"),
    # a coding agent named without any unrestricted mode, and an unrestricted mode without a coding agent
    (tool("ask_codex", "Ask Codex a question about the code.", props=_PROMPT), "exec.coding_agent"),
    (tool("grant_admin", "Gives the user full system access."), "exec.coding_agent"),
    # a notebook cell added without running it
    (
        tool("add_cell", "Add a new cell to a notebook without executing it.", props=_CELL),
        "exec.notebook_cell",
    ),
    # a crypto token minted to an address is money, not a login
    (tool("mint_token", "Mint a new token to the given wallet address."), "secrets.write"),
    # a key that is said never to leave, or a public key
    (
        tool("get_certificate", "Returns the certificate chain. Its private key is never returned."),
        "secrets.read",
    ),
    (tool("get_ssh_key", "Returns the public key of the host."), "secrets.read"),
]

# (append_cell's "then runs the new cell immediately" is matched by the sentence pattern; None means any notebook rule)
FIRES = [(t, rule or "exec.notebook_cell") for t, rule in FIRES]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool("porkbun_domain_create", "Register a domain using account credit.", props=_DOMAIN),
            ("Write", "critical"),
        ),
        (
            tool(
                "add_code_cell_at_bottom",
                "Append new code cell at the end of the notebook. Executes the cell after "
                "adding and gets the result.",
                props={"cell_content": {"type": "string"}},
            ),
            ("Execute", "critical"),
        ),
        (
            tool(
                "grafana_token",
                "Mint a short-lived Grafana Cloud token scoped to read access, and return it.",
            ),
            ("Write", "critical"),
        ),
    ],
)
def test_round10uz_answers(t, expected):
    assert_answer(t, *expected)
