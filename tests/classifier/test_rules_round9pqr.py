"""Stop 25: misses of blind rounds 9p/9q/9r (scored on c36b121 before any fix from them): each widened rule on
wordings of its class other than the real tools', and on near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

_AGENT = {
    "prompt": {"type": "string"},
    "sandbox": {"type": "string", "enum": ["read-only", "workspace-write", "danger-full-access"]},
}

FIRES = [
    # tests found in a folder, a tool's own test command in backticks
    (tool("pytest_dir", "Run the tests found in the folder given."), "exec.build_test_launch"),
    (tool("go_test", "Runs `go test` on a module."), "exec.build_test_launch"),
    # a statement runner that refuses reads is a write runner
    (
        tool(
            "exec",
            "Execute DML statements against the database. SELECT queries are not allowed.",
            props={"sql": {"type": "string"}},
        ),
        "exec.write_query",
    ),
    # a prompt with the agent's sandbox or approval policy to pick
    (tool("start", "Start session asynchronously.", props=_AGENT), "exec.coding_agent"),
    (
        tool(
            "reply",
            "Continue existing session.",
            props={"message": {"type": "string"}, "approvalPolicy": {"type": "string"}},
        ),
        "exec.coding_agent",
    ),
    # the script or command a process manager starts
    (
        tool(
            "start_app",
            "Start a new process.",
            props={
                "script": {"type": "string", "description": "Script or command to run"},
                "args": {"type": "array"},
            },
        ),
        "exec.code_argument",
    ),
    # a key's secret value replaced, a certificate imported, an LDAP entry's attributes
    (tool("update_key", "Update an existing API key's secret value."), "secrets.write"),
    (tool("import_cert", "인증서를 등록"), "secrets.write"),
    (tool("modify_entry", "Modify attributes of an existing LDAP entry."), "secrets.write"),
    # any method of one vendor's API by name
    (
        tool(
            "vendor_api",
            "Call ANY Acme API method directly.",
            props={"method": {"type": "string"}, "params": {"type": "object"}},
        ),
        "exec.http_request",
    ),
]

MISSES = [
    # a web audit "on a URL", a test report read
    (tool("run_lighthouse", "Run a performance test on a URL."), "exec.build_test_launch"),
    (tool("get_report", "Get the tests report."), "exec.build_test_launch"),
    # a statement runner that accepts only reads
    (
        tool("query", "Execute SQL. Only SELECT queries are allowed.", props={"sql": {"type": "string"}}),
        "exec.write_query",
    ),
    # a subcommand the server cannot run, a sandbox without a prompt
    (
        tool("fork", "UNAVAILABLE from the gateway: an interactive subcommand.", props=_AGENT),
        "exec.coding_agent",
    ),
    (tool("create_sandbox", "Create a sandbox.", props={"sandbox": {"type": "string"}}), "exec.coding_agent"),
    # a key's description, a certificate listed, an entry read
    (tool("update_key", "Update an API key's description."), "secrets.write"),
    (tool("list_certificates", "List certificates."), "secrets.write"),
    (tool("get_entry", "Get an LDAP entry."), "secrets.write"),
    # one fixed method
    (
        tool(
            "get_stats",
            "Get visit stats.",
            props={"method": {"type": "string"}, "params": {"type": "object"}},
        ),
        "exec.http_request",
    ),
]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (tool("codex", "Start session asynchronously.", props=_AGENT), ("Execute", "critical")),
        (tool("import_certificate_from_pfx", "PFX 파일로부터 인증서를 Key Vault에 등록"), (None, "critical")),
    ],
)
def test_round9pqr_answers(t, expected):
    assert_answer(t, *expected)


# a case per new rule for test_rules.test_rule_fires_and_quotes
ROUND9PQR_CASES = {
    "read.task_status": (
        tool("query_tryon_task", "Query a tryon task with task id"),
        tool("create_task", "Create a task with an id."),
    ),
}


@pytest.mark.xfail(
    strict=True,
    reason="since the model's critical floor (stop 31) the model's critical odds for 'run one of the operations' make "
    "it critical; no rule names a dispatcher of the vendor's own operations",
)
def test_operations_named_in_the_description_of_a_schemaless_tool():
    t = tool("deploy_services", "Select and run one of the following Acme operations get-deploy, deploy-site")
    assert_answer(t, "Execute", "high")
