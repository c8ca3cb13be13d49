"""Stop 25: misses of blind rounds 9m/9n/9o (scored on d6e084e before any fix from them): each widened rule on
wordings of its class other than the real tools', and on near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from classifier import load_classifier
from classifier.operations import classify_value
from tests.classifier.helpers import assert_answer, fired, tool

_CN_SQL = {"sql": {"type": "string", "description": "需要执行的SQL语句"}}
_CLI_ARGS = {
    "args": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Command-line arguments for hcloud.",
    }
}
_PAID_FETCH = {
    "url": {"type": "string"},
    "method": {"type": "string", "enum": ["GET", "POST"]},
    "body": {"type": "string"},
}

FIRES = [
    # a disk whose every byte goes
    (tool("wipe_device", "Zap the drive. Erases all partitions on the selected disk."), "delete.data_store"),
    (tool("format", "Format a volume. All data on the device will be lost."), "delete.data_store"),
    # a statement in SQL, a Chinese word before the language's name and after it
    (tool("run", "运行SQL", props=_CN_SQL), "exec.write_query"),
    # the caller writes a CLI's command line
    (tool("hcloud", "Hetzner Cloud servers.", props=_CLI_ARGS), "exec.shell"),
    (
        tool(
            "doctl",
            "DigitalOcean.",
            props={"argv": {"type": "array", "description": "CLI arguments, e.g. droplet list"}},
        ),
        "exec.shell",
    ),
    # paying by name with the amount, a paid fetch with the Lightning word in between
    (
        tool("pay_address", "Send to a lightning address.", props={"amount_sats": {"type": "integer"}}),
        "money.move",
    ),
    (tool("paid_request", "Fetch a URL with automatic L402 lightning payment."), "money.move"),
    # a fetch with the caller's method and body is any request
    (tool("proxy_fetch", "Fetch a page.", props=_PAID_FETCH), "exec.http_request"),
    # a getter named for a login token
    (tool("get_session_token", "Obtiene el token de sesión"), "secrets.read"),
    # a file written or read on another machine
    (tool("sftp_put_file", "Put a file."), "files.upload"),
    (tool("push", "Copy a local file to a remote server over SSH."), "files.upload"),
    (tool("cat_file", "Read a file on the remote server."), "read.remote_host_files"),
    # merging a pull request or a branch
    (tool("gitea_merge_pr", "Merge it."), "write.merge_code"),
    (tool("merge", "Merge the feature branch into main."), "write.merge_code"),
]

MISSES = [
    # a partition listed, a file's data removed, a local data store's rows
    (tool("list_disks", "List all data on the disk usage of each device."), "delete.data_store"),
    (tool("truncate_log", "Removes all data on the log file."), "delete.data_store"),
    # a stated read-only limit in the other language, or an English description
    (
        tool(
            "query", "查询数据库（只读）", props={"sql": {"type": "string", "description": "要执行的SQL查询"}}
        ),
        "exec.write_query",
    ),
    (tool("sql_help", "Explain the SQL syntax", props=_CN_SQL), "exec.write_query"),
    # an argument list that is not a command line
    (
        tool("search", "Search docs.", props={"args": {"type": "array", "description": "Search arguments."}}),
        "exec.shell",
    ),
    # paying without an amount, a payment method, a payment count
    (tool("pay_status", "Payment status.", props={"payment_id": {"type": "string"}}), "money.move"),
    (tool("get_payment_amount", "Amount of a payment.", props={"amount": {"type": "number"}}), "money.move"),
    # a fetch of one URL with no method or no body
    (
        tool("fetch", "Fetch a page.", props={"url": {"type": "string"}, "method": {"type": "string"}}),
        "exec.http_request",
    ),
    # a token's metadata, a coin's price, a token count
    (tool("get_auth_token", "Retrieve metadata about an authentication token"), "secrets.read"),
    (tool("get_token_price", "Get the current token price."), "secrets.read"),
    (tool("get_api_tokens_used", "Tokens used."), "secrets.read"),
    # a local file written, a file read on the local disk
    (tool("write_file", "Write a file on disk."), "files.upload"),
    (tool("read_file", "Read a file from the local disk."), "read.remote_host_files"),
    # merging cells, files or a merge request's status
    (tool("merge_cells", "Merge a range into one cell."), "write.merge_code"),
    (tool("get_merge_request", "Get a merge request."), "write.merge_code"),
]


@pytest.mark.parametrize(
    "description",
    [
        "Execute a raw Overpass QL query on map data.",
        "Run a custom Datomic query on the graph.",
        "Run a SPARQL query.",
    ],
)
def test_read_only_query_languages_are_no_caller_write(description):
    t = tool("run_query", description, props={"query": {"type": "string"}})
    assert "exec.write_query" not in fired(t)


def test_a_database_query_is_still_a_caller_write():
    t = tool(
        "run_query", "Execute a custom ClickHouse query on the cluster.", props={"query": {"type": "string"}}
    )
    assert "exec.write_query" in fired(t)


def test_merge_operation_of_a_pull_request_tool_is_high():
    assert classify_value("merge", merges_code=True) == ("Write", "high")
    # merging duplicates in a CRM stays a plain write
    assert classify_value("merge") == ("Write", "medium")


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "query",
                "执行ClickHouse SQL查询",
                props={"query": {"type": "string", "description": "要执行的SQL查询"}},
            ),
            ("Execute", "critical"),
        ),
        (
            tool("init_disk", "Initialize a disk. WARNING: Destroys all data on the specified block device."),
            ("Write", "critical"),
        ),
        (tool("scw_k8s", "Kubernetes API.", props=_CLI_ARGS), ("Execute", "critical")),
        (
            tool(
                "x402_fetch",
                "Fetch any paid endpoint with automatic L402 Lightning payment.",
                props=_PAID_FETCH,
            ),
            ("Execute", "critical"),
        ),
    ],
)
def test_round9mno_answers(t, expected):
    assert_answer(t, *expected)


# a case per new rule for test_rules.test_rule_fires_and_quotes
ROUND9MNO_CASES = {
    "write.merge_code": (
        tool("merge_pull_request", "Merge a pull request."),
        tool("merge_cells", "Merge a range into one cell."),
    ),
    "read.health_records": (
        tool("get_patient_chart", "Get a patient's medical records."),
        tool("get_activity", "Get daily steps and sleep."),
    ),
}


def test_health_records_are_sensitive_reads():
    assert "read.health_records" in fired(
        tool("list_diagnoses", "List diagnoses for a patient or admission.")
    )
    assert "read.health_records" in fired(tool("get_ecg", "Get a list of ECG records for a time period."))
    # a fitness tracker's steps, a schema of a patient database
    assert "read.health_records" not in fired(
        tool("get_activity", "Get daily steps, distance and heart rate.")
    )
    assert "read.health_records" not in fired(tool("ehr_get_schema", "Get the database schema."))


def test_in_memory_scratch_store_caps_its_operations_low():
    t = tool(
        "scratch",
        "In-memory key-value store for temporary data.",
        props={
            "action": {"type": "string", "enum": ["set", "get", "delete", "list"]},
            "key": {"type": "string"},
        },
    )
    assert_answer(t, "Write", "low")
    # the same operations on a shared store keep the delete's risk
    shared = tool(
        "kv",
        "Key-value store of the team's shared settings.",
        props={
            "action": {"type": "string", "enum": ["set", "get", "delete", "list"]},
            "key": {"type": "string"},
        },
    )
    assert load_classifier().classify(shared).risk == "high"
