"""Rounds 8r/8s/8t (blind, measured before any fix, then fixed on) and the QA rounds' out-of-fold misses of stop 20:
each new or widened rule on wordings of its class other than the real tools', and on near misses that share the
words but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_ORDER = {
    "ticker": {"type": "string"},
    "side": {"type": "string", "enum": ["buy", "sell"]},
    "qty": {"type": "number"},
}
_PROGRAM = {"executable": {"type": "string"}, "argv": {"type": "array", "items": {"type": "string"}}}
_GIT_APP = {
    "name": {"type": "string"},
    "git_url": {"type": "string", "description": "Repository to build from"},
    "branch": {"type": "string"},
}

FIRES = [
    # a buy/sell side and a size: an order to the market, named anything
    (tool("open_trade", "Opens a new trade on the account.", props=_ORDER), "money.trade"),
    (
        tool(
            "submit",
            "Submit one or more orders to the broker.",
            props={"orders": {"type": "array", "items": {"type": "object", "properties": _ORDER}}},
        ),
        "money.trade",
    ),
    # any program with the caller's arguments
    (tool("spawn_process", "Spawn a process and wait for it to exit.", props=_PROGRAM), "exec.code_argument"),
    # a fixed-method HTTP request to the caller's URL
    (
        tool("http_delete", "Sends a DELETE request.", props={"url": {"type": "string"}}),
        "exec.http_request",
    ),
    (
        tool("post", "Perform an HTTP POST request and return the body.", props={"endpoint": {"type": "string"}}),
        "exec.http_request",
    ),
    # a raw command to a device through its vendor's API
    (
        tool("execute_commands", "Execute capability commands on a device.", props={"deviceId": {}, "commands": {}}),
        "exec.device_command",
    ),
    (tool("send_raw_command", "Send a raw command with JSON params.", server="vacuum-robot"), "exec.device_command"),
    # an app or a service built from the caller's repository
    (tool("create_app", "Create an app on the platform.", props=_GIT_APP), "deploy.git_source"),
    (tool("new_site", "Deploys a site from the given repository.", props=_GIT_APP), "deploy.git_source"),
    # a presigned URL is a bearer credential
    (tool("get_presigned_url", "Get a download link for a blob."), "secrets.read"),
    (tool("object_url", "Generates a pre-signed URL for an uploaded object."), "secrets.read"),
    # a signed transfer
    (tool("sign_tx", "Sign the transaction with the agent's key."), "money.sign_transaction"),
    (tool("permit_sign", "Sign an ERC-2612 permit for a spender."), "money.sign_transaction"),
    # cloud infrastructure changed (stop 20, out-of-fold misses of the QA rounds)
    (tool("create_volume", "Create a block storage volume in the Vultr cloud."), "infra.change"),
    (tool("assign_floating_ip", "Assign a floating IP to a droplet."), "infra.change"),
    (tool("suspend_vm", "Suspend a running libvirt guest."), "infra.change"),
    # something published on a public platform
    (tool("upload_short", "Upload a finished clip to the user's TikTok account."), "comms.external"),
    (tool("new_post", "Publish an article (draft or live) to Medium."), "comms.external"),
    # round 8t: a query runner named for it, or described in another language on a database server
    (tool("write_query", None), "exec.write_query"),
    (tool("exec_query", None, server="duckdb-mcp"), "exec.write_query"),
    # the run verb only in the name
    (tool("job_run", "ジョブを実行します", props={"script": {"type": "string"}}), "exec.code_argument"),
    # a hypervisor guest, a scaled workload, a changed config map
    (tool("shutdown_guest", "Shut down a KVM guest."), "infra.change"),
    (tool("resize", "Scale a StatefulSet to the given number of replicas."), "infra.change"),
    (tool("patch_configmap", "Patch a config map in place."), "infra.change"),
    (tool("volume_create", "Add a persistent volume.", server="railway-api"), "infra.change"),
    # an upload to a shared store or a remote host
    (tool("put_file", "Put a file on the SFTP host."), "files.upload"),
    (tool("scp_upload", "把文件传到服务器"), "files.upload"),
    # a payment confirmed, a role assumed, a key pair installed, a project and everything in it deleted
    (tool("payment_confirm", "Confirms the intent with the saved card."), "money.move"),
    (tool("assume_role", "Get session credentials for a role."), "secrets.write"),
    (tool("provision_host_key", "Generates a key pair and installs it on the server."), "secrets.write"),
    (tool("remove_workspace", "Removes a workspace and all its data."), "delete.data_store"),
]

MISSES = [
    # a side filter on a read, a fee calculator
    (tool("get_trades", "List recent trades on the account.", props=_ORDER), "money.trade"),
    (tool("calculate_fee", "Calculate the fee of a trade.", props=_ORDER), "money.trade"),
    # a side and a size outside any market (a layout, a shipment)
    (
        tool(
            "add_panel",
            "Add a panel to the order form layout.",
            props={"side": {"type": "string", "enum": ["left", "right"]}, "size": {"type": "number"}},
        ),
        "money.trade",
    ),
    # a program described, not run
    (tool("describe_program", "Describe a TV program.", props=_PROGRAM), "exec.code_argument"),
    # a GET, or a URL stored for later
    (tool("http_get", "Sends a GET request.", props={"url": {"type": "string"}}), "exec.http_request"),
    (
        tool("save_post", "Save a blog post draft.", props={"url": {"type": "string"}}),
        "exec.http_request",
    ),
    # commands listed, a chat command sent to a channel
    (tool("list_device_commands", "List the commands a device supports."), "exec.device_command"),
    (tool("send_command", "Send a slash command to the channel."), "exec.device_command"),
    # a repository linked to an issue, an app created without code
    (tool("create_issue", "Create an issue in the repository.", props={"repo": {}}), "deploy.git_source"),
    (tool("create_app", "Create an OAuth app registration.", props={"name": {}}), "deploy.git_source"),
    # a URL signed by nobody, a signature checked
    (tool("get_url", "Get the public URL of a page."), "secrets.read"),
    (tool("verify_transaction_signature", "Verify a transaction signature."), "money.sign_transaction"),
    (tool("sign_message", "Sign a message to prove wallet ownership."), "money.sign_transaction"),
    # a volume, a network or a port outside any cloud
    (tool("create_volume", "Create a Docker volume on this machine."), "infra.change"),
    (tool("update_network", "Update the neural network weights file."), "infra.change"),
    (tool("create_port", "Create a port forward for the local dev container."), "infra.change"),
    # published nowhere public, or read from a platform
    (tool("upload_file", "Upload a file to the workspace."), "comms.external"),
    (tool("get_video", "Get a video on YouTube by id."), "comms.external"),
    # round 8t near misses: read-only query runners, an image scaled, a config map read
    (tool("run_select_query", "Run a read-only query against ClickHouse."), "exec.write_query"),
    (tool("execute_promql_query", "Execute a PromQL query on the cloud monitor."), "exec.write_query"),
    (tool("scale_image", "Scale an image to the given size."), "infra.change"),
    (tool("get_configmap", "Get a config map."), "infra.change"),
    # an upload that refuses to overwrite, uploads listed
    (tool("upload_object_safe", "Upload an object; fails if the key already exists."), "files.upload"),
    (tool("list_uploads", "List uploaded files."), "files.upload"),
    # an intent created charges nothing; roles listed; a key pair returned and stored nowhere
    (tool("create_payment_intent", "Create a PaymentIntent."), "money.move"),
    (tool("list_roles", "List IAM roles."), "secrets.write"),
    # one record deleted by filter, a comment with its replies
    (tool("delete_one", "Delete a single document matching the filter."), "delete.by_filter"),
    (tool("delete_comment", "Delete a comment and all its replies."), "delete.data_store"),
]

# a case per new rule for test_rules.test_rule_fires_and_quotes
ROUND8RS_CASES = {
    rule_id: (next(t for t, r in FIRES if r == rule_id), next(t for t, r in MISSES if r == rule_id))
    for rule_id in ("exec.device_command", "deploy.git_source", "money.sign_transaction", "files.upload")
}


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round8rs_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round8rs_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round8rs_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (tool("open_trade", "Opens a new trade on the account.", props=_ORDER), ("Write", "critical")),
        (tool("spawn_process", "Spawn a process and wait for it to exit.", props=_PROGRAM), ("Execute", "critical")),
        (tool("sign_tx", "Sign the transaction with the agent's key."), (None, "critical")),
        (tool("create_app", "Create an app on the platform.", props=_GIT_APP), ("Write", "critical")),
    ],
)
def test_round8rs_answers(t, expected):
    action, risk = expected
    assert risk  # every case names the risk
    assert_answer(t, action, risk)
