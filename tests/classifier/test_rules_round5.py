"""Fifth blind QA round: each widened rule on a wording of its own and on a near miss that shares the
words but not the effect (the real tools are pinned in tests/qa)."""

from __future__ import annotations

import pytest

from classifier.rules import run_rules
from classifier.text import ToolText
from tests.classifier.helpers import tool


def fired(t) -> set[str]:
    return {h.rule.id for h in run_rules(ToolText.from_input(t))}


@pytest.mark.parametrize(
    ("t", "rule"),
    [
        (tool("exec_many", "Execute one or more shell commands in the container"), "exec.shell"),
        (tool("run_cli", "Runs several CLI commands in the project directory"), "exec.shell"),
        (tool("flux", "Execute a Flux query against the InfluxDB bucket"), "exec.write_query"),
        (
            tool("agg", "Execute an aggregation pipeline on a MongoDB collection", props={"pipeline": {}}),
            "exec.write_query",
        ),
        (tool("iac_deploy", "Deploys a stack to the account using Terraform"), "deploy.code"),
        (tool("give", "Send mana to another user"), "money.trade"),
        (tool("create_discount", "Create a discount code"), "money.billing_object"),
        (tool("new_tx", "Creates one or more received money transactions in the ledger"), "money.billing_object"),
        (tool("second_opinion", "Get answers from several LLM providers"), "exec.llm_run"),
        (tool("sketch", "Turn rough sketches into polished images"), "exec.llm_run"),
        (tool("clone", "Clone a voice from a short audio sample"), "exec.llm_run"),
        (tool("talk", "Engages in a conversation using the provider's API"), "exec.llm_run"),
        (tool("style", "Generate an image that keeps the colours of a reference image"), "exec.llm_run"),
        (tool("chat", "Chat with the assistant", server="openai-chat-completions"), "exec.llm_run"),
        (tool("profile_run", "Start a browser profile in the cloud"), "exec.browser"),
        (tool("build", "Start a new build job for the branch"), "exec.workload"),
        (tool("k8s_get", "Get any Kubernetes resource by kind and name as YAML"), "secrets.read"),
    ],
    ids=lambda v: v.tool if hasattr(v, "tool") else v,
)
def test_fifth_round_wordings_fire(t, rule: str) -> None:
    assert rule in fired(t)


@pytest.mark.parametrize(
    ("t", "rule"),
    [
        # a count phrase before commands the tool only lists or explains
        (tool("history", "List one or more shell commands from the history"), "exec.shell"),
        (tool("explain", "Explain one or more CLI commands"), "exec.shell"),
        # read-only query languages stay reads; a pipeline that is only described runs nothing
        (tool("promql", "Execute a PromQL query on Prometheus"), "exec.write_query"),
        (tool("get_view", "Get the aggregation pipeline of a saved view in MongoDB"), "exec.write_query"),
        # analysing infrastructure code, or reading about a deploy, deploys nothing
        (tool("analyze", "Analyze a Terraform project to list the AWS services used"), "deploy.code"),
        (tool("deploy_status", "Get the status of a stack deployed with CDK"), "deploy.code"),
        (tool("get_mana", "Get the mana balance of a user"), "money.trade"),
        (tool("list_discounts", "List the discount codes of the store"), "money.billing_object"),
        (tool("list_tx", "List money transactions of the account"), "money.billing_object"),
        # answers from something that is not a model; image format conversion; cloning a repository
        (tool("poll", "Get responses from the survey form"), "exec.llm_run"),
        (tool("convert", "Convert PNG images to JPEG images"), "exec.llm_run"),
        (tool("clone_repo", "Clone a repository into the workspace"), "exec.llm_run"),
        (tool("list_chats", "List conversations using the API"), "exec.llm_run"),
        (tool("thumb", "Generate an image thumbnail of a reference document"), "exec.llm_run"),
        (tool("support", "Chat with the support team", server="helpdesk"), "exec.llm_run"),
        (tool("profile_report", "Run a profile report on the cloud database"), "exec.browser"),
        # a crawl or export job reads data
        (tool("crawl", "Starts an asynchronous crawl job on a website"), "exec.workload"),
        (tool("export", "Start an export job for the table"), "exec.workload"),
        # a listing of resource names returns no Secret data
        (tool("k8s_list", "List arbitrary Kubernetes resources"), "secrets.read"),
    ],
    ids=lambda v: v.tool if hasattr(v, "tool") else v,
)
def test_fifth_round_near_misses_do_not_fire(t, rule: str) -> None:
    assert rule not in fired(t)
