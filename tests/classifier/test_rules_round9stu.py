"""Stop 26: misses of blind rounds 9s/9t/9u (scored on 2fe8941 before any fix from them): each widened rule on
wordings of its class other than the real tools', and on near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

FIRES = [
    # a bearer token handed back, whatever the tool is named
    (tool("auth", "Fetch a fresh OAuth token for the Acme API."), "secrets.read"),
    (tool("login_token", "Obtains an access token with the configured client credentials."), "secrets.read"),
    # a second-factor code derived from a stored secret
    (tool("code_for", "Get the 2FA code for the named account."), "secrets.read"),
    (tool("otp_now", "Returns the current TOTP one-time code of an entry."), "secrets.read"),
    # a password manager's item, with its concealed fields
    (tool("fetch_item", "Retrieve a login item from the Bitwarden vault by name."), "secrets.read"),
    (tool("pw", "Reads one password entry of the local password store."), "secrets.read"),
    # funds swept to one address
    (
        tool("consolidate", "Sweep remaining USDC balances from every sub-account to the treasury."),
        "money.trade",
    ),
    # wallets generated and kept
    (tool("make_wallets", "Generates 50 new EVM wallets and stores them in the keystore."), "secrets.write"),
    # the CLI named before "command line arguments"
    (
        tool(
            "helm",
            "Use helm.",
            props={"argv": {"type": "array", "description": "helm command-line arguments"}},
        ),
        "exec.shell",
    ),
    # a command argument that says it runs, on a tool that does not say so
    (
        tool(
            "schedule_task",
            "Register a task with the system scheduler.",
            props={"cmd": {"type": "string", "description": "Shell command to execute"}},
        ),
        "exec.code_argument",
    ),
    # a process started from the caller's command line
    (
        tool("launch", "Launch a watcher process.", props={"command": {"type": "string"}}),
        "exec.code_argument",
    ),
    # a coding agent's session resumed with a new prompt
    (
        tool(
            "resume",
            "Continue an earlier Claude Code conversation.",
            props={"session": {"type": "string"}, "prompt": {"type": "string"}},
        ),
        "exec.coding_agent",
    ),
    # a read-only switch the caller sets
    (
        tool(
            "cypher",
            "Execute a Cypher query. read_only: run as a read-only query (default true).",
            props={"query": {"type": "string"}, "read_only": {"type": "boolean"}},
        ),
        "exec.write_query",
    ),
    # a model named by a word that ends in "gpt"
    (tool("ask_docsgpt", "Ask DocsGPT a question about the manual."), "exec.llm_run"),
]

MISSES = [
    # a token's status, a token revoked
    (tool("token_info", "Get access token details such as expiry and scopes."), "secrets.read"),
    (tool("revoke", "Revoke the OAuth access token."), "secrets.read"),
    # a code sent to a phone, a code verified
    (tool("send_code", "Send a 2FA code to the user's phone by SMS."), "secrets.read"),
    (tool("verify_otp", "Verify a TOTP code the user typed."), "secrets.read"),
    # items listed, a note of a notes app's vault
    (tool("list_items", "List all items in a 1Password vault, titles only."), "secrets.read"),
    (tool("get_note", "Get a note from the Obsidian vault."), "secrets.read"),
    # the server checks its own credentials
    (tool("validate_credentials", "Validate all Acme API credentials and configuration."), "secrets.read"),
    # a cache swept, sweeps listed
    (tool("sweep_cache", "Sweep expired entries from the local cache."), "money.trade"),
    (tool("list_sweeps", "Get all futures sweeps."), "money.trade"),
    # a key generated and only returned
    (tool("gen_wallet", "Generate a new wallet address and return it."), "secrets.write"),
    # extra flags for a program the server starts
    (
        tool(
            "start_server",
            "Start the server.",
            props={"args": {"type": "array", "description": "Additional command line arguments"}},
        ),
        "exec.shell",
    ),
    # a command chosen from the server's own list
    (
        tool(
            "control_device",
            "Control a lamp.",
            props={"command": {"type": "string", "description": "Command to execute", "enum": ["on", "off"]}},
        ),
        "exec.code_argument",
    ),
    (
        tool(
            "start_timer",
            "Start a timer.",
            props={"command": {"type": "string", "enum": ["start", "pause"]}},
        ),
        "exec.code_argument",
    ),
    # a read-only limit with no switch
    (
        tool("cypher", "Execute a read-only Cypher query.", props={"query": {"type": "string"}}),
        "exec.write_query",
    ),
    # a session resumed without a prompt, a chat with a person resumed
    (
        tool("resume", "Resume a paused Codex session.", props={"session_id": {"type": "string"}}),
        "exec.coding_agent",
    ),
    (
        tool("resume_chat", "Continue a support conversation.", props={"message": {"type": "string"}}),
        "exec.coding_agent",
    ),
]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "add_cron",
                "Add a scheduled job.",
                props={
                    "schedule": {"type": "string"},
                    "command": {"type": "string", "description": "Command to run"},
                },
            ),
            ("Execute", "critical"),
        ),
        (tool("get_otp", "Generates the current TOTP code for an entry."), ("Read", "high")),
        (
            tool("sweep", "Sweep all native tokens from a wallet group to one destination."),
            (None, "critical"),
        ),
    ],
)
def test_round9stu_answers(t, expected):
    assert_answer(t, *expected)


# Stop 26, from the criticals cross-validation missed (training data, not a held-out round)
CV_FIRES = [
    (
        tool(
            "start_run",
            "Start an autonomous coding agent on the task.",
            props={"task": {"type": "string"}, "working_directory": {"type": "string"}},
        ),
        "exec.coding_agent",
    ),
    (
        tool(
            "ask",
            "Start a new conversation.",
            props={"prompt": {"type": "string"}, "cwd": {"type": "string"}},
            server="claude-code-bridge",
        ),
        "exec.coding_agent",
    ),
    (
        tool("update_job_config", "Replace a job's configuration.", props={"config_xml": {"type": "string"}}),
        "deploy.manifest",
    ),
    (
        tool("run_build", "Run a build in the project.", props={"build_config": {"type": "object"}}),
        "exec.code_argument",
    ),
    (
        tool(
            "cql",
            "Execute a CQL statement query against the Cassandra cluster.",
            props={"query": {"type": "string"}},
        ),
        "exec.write_query",
    ),
]

CV_MISSES = [
    # an agent given a task but no folder; a prompt and a folder on a server that wraps no agent CLI
    (
        tool("start_run", "Start an autonomous agent.", props={"task": {"type": "string"}}),
        "exec.coding_agent",
    ),
    (
        tool(
            "ask",
            "Start a new conversation.",
            props={"prompt": {"type": "string"}, "cwd": {"type": "string"}},
            server="notes-helper",
        ),
        "exec.coding_agent",
    ),
    # a job created from XML runs nothing until triggered
    (
        tool("create_job", "Create a Jenkins job.", props={"config_xml": {"type": "string"}}),
        "deploy.manifest",
    ),
    # a build run by its id
    (tool("run_build", "Run a build.", props={"build_id": {"type": "string"}}), "exec.code_argument"),
    # Confluence's CQL searches pages
    (
        tool("search", "Execute a CQL query against Confluence pages.", props={"query": {"type": "string"}}),
        "exec.write_query",
    ),
]
