"""Stop 29: misses of blind rounds 10g/10h/10i/10j (scored on 6697643 before any fix from them): each rule on wordings
of its class other than the real tools', and near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from tests.classifier.helpers import assert_answer, tool

FIRES = [
    # a Compose stack torn down with its volumes
    (
        tool("compose_down", "Stop a compose project.", props={"remove_volumes": {"type": "boolean"}}),
        "delete.data_store",
    ),
    # a function definition handed over to be executed
    (
        tool("run_analysis", "Executes the given analysis.", props={"function_code": {"type": "string"}}),
        "exec.code_argument",
    ),
    # a line typed into a shell
    (tool("pane_write", "Type text into a terminal pane and optionally press Enter."), "exec.shell"),
    # a job spec or a patch applied to a cluster
    (
        tool("submit_job", "Create or update a batch job.", props={"job_spec": {"type": "object"}}),
        "deploy.manifest",
    ),
    (
        tool(
            "patch_statefulset",
            "Patch a StatefulSet.",
            props={"name": {"type": "string"}, "patch": {"type": "object"}},
        ),
        "deploy.manifest",
    ),
    # any Kubernetes kind fetched in full
    (
        tool("get_object", "Return one Kubernetes object as JSON.", props={"kind": {"type": "string"}}),
        "secrets.read",
    ),
    (
        tool("fetch_resources", "", props={"resource_type": {"type": "string"}}, server="kube-tools"),
        "secrets.read",
    ),
    # a running service's start command replaced
    (
        tool("update_service", "Update service settings.", props={"start_command": {"type": "string"}}),
        "deploy.build_command",
    ),
]

MISSES = [
    # stopped without volumes; a volume listed
    (
        tool("compose_down", "Stop a compose project.", props={"project": {"type": "string"}}),
        "delete.data_store",
    ),
    (tool("compose_volumes", "List the volumes of a compose project."), "delete.data_store"),
    # text sent to people, not to a shell
    (tool("send_text", "Send text to a Slack channel."), "exec.shell"),
    # a job looked up; a patch to a document
    (tool("get_job", "Get a job.", props={"job_spec": {"type": "object"}}), "deploy.manifest"),
    (tool("patch_note", "Patch a note.", props={"patch": {"type": "object"}}), "deploy.manifest"),
    # a summary of objects, a describe, a kind enum without Secrets, a getter outside Kubernetes
    (
        tool("get_resource_summary", "Summarise Kubernetes resources.", props={"kind": {"type": "string"}}),
        "secrets.read",
    ),
    (
        tool("describe_resource", "Describe a Kubernetes resource.", props={"kind": {"type": "string"}}),
        "secrets.read",
    ),
    (
        tool(
            "get_resource",
            "Get a Kubernetes resource.",
            props={"kind": {"type": "string", "enum": ["pod", "deployment"]}},
        ),
        "secrets.read",
    ),
    (
        tool("get_resource", "Get a resource from the CMS.", props={"kind": {"type": "string"}}),
        "secrets.read",
    ),
    # a service's name changed
    (tool("update_service", "Rename a service.", props={"name": {"type": "string"}}), "deploy.build_command"),
]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "docker_compose_down",
                "Stop and remove Compose services, networks, and optionally volumes.",
                props={"project_dir": {"type": "string"}, "volumes": {"type": "boolean"}},
            ),
            ("Write", "critical"),
        ),
        (
            tool("tmux_send_text", "Send literal text to a pane.", props={"text": {"type": "string"}}),
            ("Execute", "critical"),
        ),
        (tool("get_resource", "", props={"kind": {"type": "string"}}, server="kube-mcp"), ("Read", "high")),
    ],
)
def test_round10gj_answers(t, expected):
    assert_answer(t, *expected)
