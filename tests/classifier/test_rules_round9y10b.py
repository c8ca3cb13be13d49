"""Stop 28: misses of blind rounds 9y/9z/10a/10b (scored on 2352ef6 before any fix from them): each rule on wordings
of its class other than the real tools', and on near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

FIRES = [
    # a session or process started on the caller's command line
    (
        tool(
            "session_create",
            "Start a new detached screen session running command.",
            props={"command": {"type": "string"}},
        ),
        "exec.code_argument",
    ),
    (
        tool("new_pane", "Open a pane that runs a program.", props={"cmd": {"type": "string"}}),
        "exec.code_argument",
    ),
    # code submitted by an `execution` name, with no description
    (tool("kernel_execution_submit", "", props={"code": {"type": "string"}}), "exec.code_argument"),
    # a signed link is a bearer credential
    (
        tool("make_signed_link", "A link to a private object.", props={"key": {"type": "string"}}),
        "secrets.read",
    ),
    (tool("share", "Create a signed URL for one file."), "secrets.read"),
    # a process's environment
    (tool("env_dump", "Lists all the current environment variables of the server."), "secrets.read"),
    # a balance named without a verb; a balance after three words
    (tool("margin_balance", "Margin summary of the futures account."), "read.account_finance"),
    (tool("earn", "Get flexible savings product balances."), "read.account_finance"),
    # answers of several models; a review by a model as one of the tool's operations
    (tool("compare", "Compare outputs across several language models."), "exec.model_call"),
    (tool("review_diff", "Static checks of a diff; optionally runs an LLM review."), "exec.model_call"),
    # a local project deployed
    (
        tool("deploy_to_render", "Deploy a project to Render.", props={"project_path": {"type": "string"}}),
        "deploy.code",
    ),
    (tool("ship", "Deploys the app to the cloud.", props={"directory": {"type": "string"}}), "deploy.code"),
    # a session as another user
    (tool("impersonate", "Log in as a chosen user.", props={"user_id": {"type": "string"}}), "secrets.write"),
    (
        tool(
            "approve_device",
            "Approve a device code; the device is then granted a session for that user account.",
        ),
        "secrets.write",
    ),
    # orders the exchange fills by itself later
    (tool("set_stop_loss", "Protect a position.", props={"price": {"type": "number"}}), "money.trade"),
    (tool("protect", "Place take-profit orders for an open position."), "money.trade"),
    # a token swap is still a trade
    (tool("swap_tokens", "Swap ETH for USDC on Uniswap."), "money.trade"),
]

MISSES = [
    # a session whose command is not the caller's to choose
    (
        tool("session_create", "Start a new detached tmux session.", props={"name": {"type": "string"}}),
        "exec.code_argument",
    ),
    # an execution read, not submitted
    (tool("get_execution", "", props={"execution_id": {"type": "string"}}), "exec.code_argument"),
    # signing a document, a link that is not signed
    (tool("sign_document", "Sign a PDF."), "secrets.read"),
    (tool("get_share_url", "Get the public share URL of a file."), "secrets.read"),
    # which projects have variables, the variables' names
    (tool("list_projects", "List all projects that have environment variables."), "secrets.read"),
    (tool("list_vars", "List environment variables names of a project."), "secrets.read"),
    # a cloud account's information, a wallet address's balance
    (
        tool("account_info", "Get account information including balance and pending charges."),
        "read.account_finance",
    ),
    (tool("token_balance", "Token balance of a wallet address."), "read.account_finance"),
    # a fix applied after a model's review; models listed
    (
        tool("apply_suggestion", "Apply a fix. Use this when the LLM review provides a recommendation."),
        "exec.model_call",
    ),
    (tool("compare_models", "Compare the prices of models."), "exec.model_call"),
    # a project deployed again from what the platform already has
    (tool("deploy_project", "Deploy a project.", props={"project_id": {"type": "string"}}), "deploy.code"),
    # impersonation talked about, a stop-loss read
    (tool("list_sessions", "List sessions, including impersonation flags."), "secrets.write"),
    (tool("get_stop_loss", "Get the stop loss of a position."), "money.trade"),
    # a window swapped, an effect named drop
    (tool("swap_window", "Exchange two windows of a tmux session."), "money.trade"),
    (
        tool("drop-shadow", "Add a drop shadow to an image.", props={"path": {"type": "string"}}),
        "delete.remote",
    ),
]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "session_create",
                "Start a new detached tmux session running command.",
                props={"command": {"type": "string"}, "cwd": {"type": "string"}},
            ),
            ("Execute", "critical"),
        ),
        (
            tool("generate_signed_url", "Generates a signed URL for temporary access to a blob"),
            ("Read", "high"),
        ),
    ],
)
def test_round9y10b_answers(t, expected):
    assert_answer(t, *expected)
