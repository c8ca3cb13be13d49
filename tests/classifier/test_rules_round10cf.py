"""Stop 29: misses of blind rounds 10c/10d/10e/10f (scored on 734857e before any fix from them): each rule on wordings
of its class other than the real tools', near misses that share the words but not the effect, and the operations a
multi-action tool lists in its own description."""

from __future__ import annotations

import pytest

from classifier.operations import classify_operations, classify_value, headed_list_values
from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, tool

FIRES = [
    # one stored login read out
    (tool("lookup_credential", "Look up the login for a website by domain."), "secrets.read"),
    (tool("credential_get", "", props={"item_id": {"type": "string"}}), "secrets.read"),
    # a deployed app's environment written
    (
        tool(
            "set_env_variable", "Set a variable on the production app.", props={"value": {"type": "string"}}
        ),
        "secrets.write",
    ),
    (tool("upsertEnvVar", "Add or change a project setting."), "secrets.write"),
    # software from a source the caller picks
    (
        tool("install_plugin", "Install a plugin from any Git URL.", props={"url": {"type": "string"}}),
        "exec.install_source",
    ),
    (
        tool(
            "install",
            "Installs a Python package.",
            props={"name": {"type": "string"}, "index_url": {"type": "string"}},
        ),
        "exec.install_source",
    ),
    (
        tool("upgrade_extension", "Upgrade an extension straight from its GitHub repository."),
        "exec.install_source",
    ),
    # orders the exchange fills on its own
    (tool("create_bracket_order", "Enter a position with a profit target and a stop."), "money.trade"),
    (tool("place_trailing_order", "", props={"symbol": {"type": "string"}}), "money.trade"),
    # a workflow the caller writes, submitted
    (
        tool("submit", "Submits a new Argo workflow.", props={"manifest": {"type": "string"}}),
        "exec.workflow_manifest",
    ),
    (
        tool("run_job", "Run a batch job on the cluster.", props={"job_yaml": {"type": "string"}}),
        "exec.workflow_manifest",
    ),
    # a workflow (template) created from the caller's spec
    (
        tool("create_cron_workflow", "Create a CronWorkflow.", props={"spec": {"type": "object"}}),
        "deploy.manifest",
    ),
    # a GitOps sync
    (tool("sync_app", "Sync an Argo CD application to its Git revision."), "exec.workload"),
    # rows chosen by a condition
    (
        tool("delete_rows", "Remove rows.", props={"table": {"type": "string"}, "where": {"type": "object"}}),
        "delete.by_filter",
    ),
    (tool("remove_documents", "", props={"filters": {"type": "object"}}), "delete.by_filter"),
]

# (positive, negative) for test_rules.py's per-rule check of the rules this round added
ROUND10CF_CASES = {
    "exec.install_source": (
        tool(
            "install_package", "Install an R package (CRAN or GitHub).", props={"source": {"type": "string"}}
        ),
        tool("install_package", "Install an R package from CRAN.", props={"name": {"type": "string"}}),
    ),
    "exec.workflow_manifest": (
        tool("launch", "Submits a new Argo workflow", props={"manifest": {"type": "string"}}),
        tool("launch", "Submits a new Argo workflow", props={"template_name": {"type": "string"}}),
    ),
}

MISSES = [
    # kinds and detections of credentials, not credentials
    (tool("list_credential_types", "List the credential types a realm supports."), "secrets.read"),
    (tool("list_leaked_credential_detections", "List detections for a zone."), "secrets.read"),
    # a local variable renamed, an environment listed
    (tool("rename_variable", "Rename a local variable in a function."), "secrets.write"),
    (tool("create_environment", "Create a new environment in a project."), "secrets.write"),
    # a named package from the configured registry; a source checked, not installed
    (
        tool("install_package", "Install a package with apt.", props={"name": {"type": "string"}}),
        "exec.install_source",
    ),
    (tool("check_repo", "Check whether a GitHub repository has an install script."), "exec.install_source"),
    # an order looked up; a bracket that is not an order
    (tool("get_oco_order", "Get an OCO order by id."), "money.trade"),
    (tool("create_bracket", "Create a tournament bracket."), "money.trade"),
    # a workflow run named without a manifest; a manifest validated
    (
        tool(
            "submit_workflow", "Submit a workflow by template name.", props={"template": {"type": "string"}}
        ),
        "exec.workflow_manifest",
    ),
    (
        tool("validate", "Validate an Argo workflow manifest.", props={"manifest": {"type": "string"}}),
        "exec.workflow_manifest",
    ),
    # a sync that is not a deployment
    (tool("sync_app", "Sync the app's local cache with the cloud."), "exec.workload"),
    # rows chosen by id; a filter object deleted
    (
        tool("delete_records", "Delete records from a table.", props={"records": {"type": "array"}}),
        "delete.by_filter",
    ),
    (
        tool("delete_filter", "Delete a saved filter.", props={"filter_id": {"type": "string"}}),
        "delete.by_filter",
    ),
]


def test_headed_list_values_reads_a_title_and_four_values():
    assert headed_list_values("Volume tasks: list, inspect, create, remove, prune. Works with Docker.") == (
        "list",
        "inspect",
        "create",
        "remove",
        "prune",
    )
    # three values, or a sentence before the list, are not a heading
    assert headed_list_values("Tasks: list, create, remove") == ()
    assert headed_list_values("This tool manages many things: a, b, c, d") == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("container_exec", ("Execute", "critical")),
        ("exec", ("Execute", "critical")),
        ("get_exec_status", ("Read", "low")),
        ("cron_add", ("Execute", "critical")),
        ("cron_list", ("Read", "low")),
        ("issue_refund", ("Write", "critical")),
        ("refund", ("Write", "critical")),
        ("create_payout", ("Write", "critical")),
        ("list_refunds", ("Read", "low")),
        ("transfer_ownership", None),
    ],
)
def test_operation_values(value, expected):
    got = classify_value(value)
    if expected is None:
        assert got is None or got[1] != "critical"
    else:
        assert got == expected


def test_operations_from_a_described_list_without_enum():
    t = ToolText.from_input(
        tool(
            "host_processes",
            "Process control: list, tree, kill, create, container_exec, limits",
            props={"action": {"type": "string"}, "params": {"type": "object"}},
        )
    )
    ops = {o.value: (o.action, o.risk) for o in classify_operations(t)}
    assert ops["container_exec"] == ("Execute", "critical")
    assert ops["list"] == ("Read", "low")


def test_singular_action_in_a_name_is_the_selector_not_a_workflow_run():
    t = ToolText.from_input(
        tool(
            "docker_container_action",
            "Perform action on a container.",
            props={"action": {"type": "string", "enum": ["start", "stop", "restart"]}},
        )
    )
    assert {o.action for o in classify_operations(t)} == {"Write"}
    runs = ToolText.from_input(
        tool(
            "manage_actions",
            "GitHub Actions runs.",
            props={"action": {"type": "string", "enum": ["list", "start"]}},
        )
    )
    assert {o.value: o.action for o in classify_operations(runs)}["start"] == "Execute"


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "system_jobs",
                "System automation: journal_list, timer_list, timer_create, cron_list, cron_add, cron_remove",
                props={"action": {"type": "string"}},
            ),
            ("Execute", "critical"),
        ),
        (
            tool(
                "payments",
                "Manage charges and refunds.",
                props={
                    "operation": {"type": "string", "enum": ["list_charges", "get_charge", "issue_refund"]}
                },
            ),
            ("Write", "critical"),
        ),
        (
            tool("get_credential", "Returns username and copies the password to the clipboard."),
            ("Read", "high"),
        ),
        (
            tool("launch", "Submits a new Argo workflow", props={"manifest": {"type": "string"}}),
            ("Execute", "critical"),
        ),
    ],
)
def test_round10cf_answers(t, expected):
    assert_answer(t, *expected)
