"""Stop 27: misses of blind rounds 9v/9w/9x (scored on 6d687d4 before any fix from them), and the rubric's read rows
(logs, people, threads, public posts, a financial account): each rule on wordings of its class other than the real
tools', and on near misses that share the words but not the effect."""

from __future__ import annotations

import pytest

from classifier.text import first_sentence
from tests.classifier.helpers import assert_answer, tool

FIRES = [
    # a wallet prefix in front of the pay verb, with the amount
    (
        tool("wallet_pay_address", "Pay someone.", props={"amount_msats": {"type": "integer"}}),
        "money.move",
    ),
    # a warning label in front of the lead
    (tool("panic", "CAUTION: Close all open positions at market."), "money.trade"),
    # a registration token is a credential
    (tool("agent_token", "Fetch a new enrollment token for the fleet."), "secrets.read"),
    # a Docker container created from the caller's image
    (
        tool("create_container", "Create a Docker container.", props={"image": {"type": "string"}}),
        "exec.container_image",
    ),
    # an Ansible playbook run, in the name or the lead
    (tool("execute_playbook", "Runs a playbook.", server="ansible-ops"), "exec.adhoc_hosts"),
    (tool("pb", "Launch an Ansible playbook against the inventory."), "exec.adhoc_hosts"),
    # a project deployed from a repository
    (
        tool("deploy_project", "Ship it.", props={"git_url": {"type": "string"}}),
        "deploy.code",
    ),
    # a worker's code uploaded
    (
        tool("put_worker", "Store a worker.", props={"code": {"type": "string"}}),
        "deploy.code",
    ),
    # more work sent to a sub-agent
    (tool("more", "Give additional instructions to the idle research subagent."), "exec.coding_agent"),
    # a browser field cleared
    (
        tool("clear_input", "Clear a field.", props={"selector": {"type": "string"}}, server="playwright"),
        "exec.browser",
    ),
    # the rubric's read rows
    (tool("container_logs", "Logs of one container."), "read.logs"),
    (tool("fetch", "Tail the last 200 log lines of a service."), "read.logs"),
    (tool("list_contacts", "Contacts in the CRM."), "read.people_records"),
    (tool("members", "Returns all members of a workspace."), "read.people_records"),
    (tool("get_ticket_details", "One ticket."), "read.thread_text"),
    (tool("read", "Read the comments on an issue."), "read.thread_text"),
    (tool("get_pull_request", "A pull request."), "read.thread_text"),
    (tool("get_posts", "Latest posts of a Bluesky account."), "read.public_posts"),
    (tool("lookup", "Search the web for a query."), "read.public_posts"),
    (tool("get_balances", "Balances of the exchange account."), "read.account_finance"),
    (tool("list_open_orders", "Open orders."), "read.account_finance"),
]

MISSES = [
    # "pay" as a word of something read
    (tool("get_pay_rates", "Pay rates.", props={"amount": {"type": "number"}}), "money.move"),
    # an LXC container from an OS image
    (
        tool("create_container", "Create an LXC container for a user.", props={"image": {"type": "string"}}),
        "exec.container_image",
    ),
    # a playbook read, or a playbook that is not Ansible's
    (tool("get_playbook", "Return the incident playbook.", server="ansible-docs"), "exec.adhoc_hosts"),
    (tool("run_playbook", "Run the support playbook steps.", server="helpdesk"), "exec.adhoc_hosts"),
    # a project deployed again, with no source
    (tool("deploy_project", "Redeploy.", props={"project_id": {"type": "string"}}), "deploy.code"),
    # a worker's route, not its code
    (tool("update_worker_route", "Route.", props={"pattern": {"type": "string"}}), "deploy.code"),
    # a message to people, not to an agent
    (tool("send", "Send a follow-up message to the customer."), "exec.coding_agent"),
    # the dry run of a manifest
    (
        tool("apply_dryrun", "Validate a manifest via dry-run.", props={"manifest": {"type": "string"}}),
        "deploy.manifest",
    ),
    # log settings, a diary's log entry, a git log
    (tool("get_log_levels", "Log levels."), "read.logs"),
    (tool("log_meal", "Log a meal."), "read.logs"),
    (tool("git_log", "Shows the commit logs."), "read.logs"),
    # the caller's own account; database users
    (tool("get_user", "Get the currently authenticated user."), "read.people_records"),
    (tool("list_users", "List database users and their roles."), "read.people_records"),
    # ticket types, a diff, a train ticket
    (tool("list_ticket_types", "Ticket types."), "read.thread_text"),
    (tool("get_merge_request_diff", "Get the diff for a merge request."), "read.thread_text"),
    (tool("search", "Find train tickets between two stations."), "read.thread_text"),
    # a plot's timeline, an RSS subscription list
    (tool("plot_timeline", "Return the timeline plot."), "read.public_posts"),
    (tool("list_feeds", "List RSS feed subscriptions."), "read.public_posts"),
    # public chain data, a company's balance sheet
    (tool("get_balance", "Get the balance of any wallet address."), "read.account_finance"),
    (tool("get_balance_sheet", "Company balance sheet."), "read.account_finance"),
]


# one case per new rule, for test_rules.test_rule_fires_and_quotes (a real wording and its near miss)
ROUND9VWX_CASES = {
    "read.logs": (
        tool("get_journal_entries", "Get journal entries for a systemd unit."),
        tool("get_log_levels", "Get the configured log levels."),
    ),
    "read.people_records": (
        tool("get-persons", "Get all persons from Pipedrive."),
        tool("get_user", "Get the currently authenticated user."),
    ),
    "read.thread_text": (
        tool("get_ticket", "Get a ticket by its id."),
        tool("list_ticket_fields", "List the ticket fields."),
    ),
    "read.public_posts": (
        tool("search_tweets", "Search recent tweets on Twitter."),
        tool("plot_timeline", "Return the timeline plot as an image."),
    ),
    "read.account_finance": (
        tool("list_withdrawals", "List the withdrawals of the exchange account."),
        tool("get_balance", "Get the balance of any wallet address."),
    ),
}


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (
            tool(
                "create-container",
                "Create a new standalone Podman container",
                props={"image": {"type": "string"}},
            ),
            ("Execute", "critical"),
        ),
        (tool("get_runner_registration_token", "Get a runner registration token"), ("Read", "high")),
        (tool("journal_entries", "Read the system journal entries of a unit."), ("Read", "medium")),
    ],
)
def test_round9vwx_answers(t, expected):
    assert_answer(t, *expected)


def test_warning_label_is_not_the_lead():
    assert first_sentence("WARNING: Closes all positions. Then more.") == "Closes all positions."
    # a word that only starts like a label stays
    assert first_sentence("Warnings for a build. More.") == "Warnings for a build."
