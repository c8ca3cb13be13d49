"""Operation arguments without an enum: the values their description lists count as the enum, and
credential, access and run values take the rubric's levels."""

from __future__ import annotations

import pytest

from classifier.engine import Classifier
from classifier.operations import classify_value, docstring_values, listed_values, section_values
from tests.classifier.helpers import tool


@pytest.mark.parametrize(
    ("description", "values"),
    [
        (
            "Action to perform. Must be one of: 'login', 'get_users', 'delete_user'",
            ("login", "get_users", "delete_user"),
        ),
        ("Action to perform: 'get', 'start', 'pause' or 'skip'.", ("get", "start", "pause", "skip")),
        ('Operation: "list" (all detectors) or "run" (one detector)', ("list", "run")),
        ("Operation: list, create, delete", ("list", "create", "delete")),
        ("Options are: `add` | `remove`", ("add", "remove")),
    ],
)
def test_values_listed_in_the_description(description: str, values: tuple[str, ...]) -> None:
    assert listed_values(description) == values


@pytest.mark.parametrize(
    "description",
    [
        "The Tooling API endpoint to call (e.g., 'sobjects/ApexClass')",
        "The action to perform, e.g. 'click' or 'type' into the page",
        "Command to run in container",
        "The action. Should be atomic, i.e. 'Click the sign in button'",
        "",
    ],
)
def test_examples_and_prose_are_not_a_value_list(description: str) -> None:
    assert listed_values(description) == ()


def test_listed_operations_classify_the_tool(rules_only: Classifier) -> None:
    t = tool(
        "chat_users",
        "Manage chat users operations.",
        props={
            "action": {
                "type": "string",
                "description": "Action to perform. Must be one of: 'get_users', 'search_users', 'delete_user'",
            },
            "params_json": {"type": "string"},
        },
    )
    c = rules_only.classify(t)
    assert {o.value for o in c.operations} == {"get_users", "search_users", "delete_user"}
    # without the listed delete the rule layer reads "Manage ... users" as a Read
    assert c.action == "Write" and c.risk == "high" and "ops.multiplexed" in c.rules


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("create_user_access_token", ("Write", "critical")),
        ("generate_mfa_secret", ("Write", "critical")),
        ("update_user_password", ("Write", "critical")),
        ("revoke_user_access_token", ("Write", "high")),
        ("update_user_roles", ("Write", "high")),
        ("generate_password", ("Read", "low")),
        ("set_key", ("Write", "medium")),
        ("create_token", ("Write", "medium")),
        ("trigger_notify_admin_posts", ("Write", "medium")),
        ("start_following_thread", ("Write", "medium")),
        ("trigger_build", ("Execute", "high")),
        ("issue_token", ("Write", "critical")),
        ("revoke_token", ("Write", "high")),
        ("grant_access", ("Write", "high")),
        ("reply", ("Write", "high")),
        ("forward", ("Write", "high")),
    ],
)
def test_value_levels(value: str, expected: tuple[str, str]) -> None:
    assert classify_value(value) == expected


def test_tool_name_gives_the_values_their_object(clf_plain: Classifier) -> None:
    creds = tool(
        "manage_credential_providers",
        "Manage external credential providers.",
        props={"action": {"type": "string", "enum": ["list", "get", "create", "delete"]}},
    )
    ops = {o.value: o.risk for o in clf_plain.classify(creds).operations}
    assert ops["create"] == "critical" and ops["list"] == "low"
    jobs = tool(
        "manage_jobs",
        "Manage CI jobs.",
        props={"action": {"type": "string", "enum": ["list", "start", "cancel"]}},
    )
    assert {o.value: o.action for o in clf_plain.classify(jobs).operations}["start"] == "Execute"
    player = tool(
        "playback",
        "Manage playback.",
        props={"action": {"type": "string", "enum": ["get", "start", "pause", "skip"]}},
    )
    assert clf_plain.classify(player).action != "Execute"


def test_operations_do_not_outvote_read_only_hint(clf_plain: Classifier) -> None:
    t = tool(
        "cluster_detector",
        "Detector operations.",
        props={
            "operation": {"type": "string", "description": "Operation: 'list' or 'run' or 'run_by_category'"}
        },
        annotations={"readOnlyHint": True},
    )
    c = clf_plain.classify(t)
    assert c.operations and c.action == "Read"


def test_long_lists_keep_the_most_severe(clf_plain: Classifier) -> None:
    values = [f"get_item_{i}" for i in range(120)] + ["create_api_key"]
    t = tool(
        "items",
        "Manage items.",
        props={"action": {"type": "string", "description": "One of: " + ", ".join(f"'{v}'" for v in values)}},
    )
    c = clf_plain.classify(t)
    assert len(c.operations) <= 50
    assert "create_api_key" in {o.value for o in c.operations} and c.risk == "critical"


DOCSTRING = """Manage users and tokens.

Args:
    action: Operation, one of:
        - issue_token: sign a JWT for the user
        - list_users: list users
        - grant_access: give the user a namespace role
    user_id: the user
"""


def test_docstring_bullets_are_the_values() -> None:
    assert docstring_values(DOCSTRING, "action") == ("issue_token", "list_users", "grant_access")
    assert docstring_values(DOCSTRING, "user_id") == ()
    assert docstring_values(DOCSTRING, "mode") == ()


def test_docstring_values_classify_a_tool_without_enum(rules_only: Classifier) -> None:
    t = tool("admin_users", DOCSTRING, props={"action": {"type": "string"}, "user_id": {"type": "string"}})
    c = rules_only.classify(t)
    assert {o.value for o in c.operations} == {"issue_token", "list_users", "grant_access"}
    assert c.risk == "critical"


# "Actions:" sections of a description, in the three layouts real servers use (round 9f/9g misses)
BULLET_SECTION = """Consolidated stack tool.

Actions:
\u2022 list: List stacks on a host
  - Required: host_id

\u2022 deploy: Deploy a stack
  - Required: stack_name, compose_content

\u2022 up/down/restart: Manage stack lifecycle
  - Optional: options

Examples:
  - list everything
"""
DASH_SECTION = """Manage cluster resources.

Available operations:
- get: Display one or many resources
- delete: Delete resources
- drain: Drain node in preparation for maintenance

Common resources: pods, deployments, secrets
"""
DOCSTRING_SECTION = """Unified contract tool.

Actions:
    get_data - Read contract storage data directly
    invoke - Execute contract function (writes to blockchain)

Args:
    action: Operation to perform (see Actions above)
"""


@pytest.mark.parametrize(
    ("description", "values"),
    [
        (BULLET_SECTION, ("list", "deploy", "up", "down", "restart")),
        (DASH_SECTION, ("get", "delete", "drain")),
        (DOCSTRING_SECTION, ("get_data", "invoke")),
        # a single value is no list
        ("Manage things.\n\nActions:\n- start: begin\nThe end.", ()),
    ],
)
def test_section_values(description: str, values: tuple[str, ...]) -> None:
    assert section_values(description) == values


def test_prose_after_a_heading_is_no_section() -> None:
    assert section_values("Actions:\nThis tool does many things: it lists and deletes.") == ()
    assert section_values("Supported actions: see the docs") == ()


def test_operation_to_perform_lists_values() -> None:
    assert listed_values("The operation to perform: get, describe, create, delete") == (
        "get",
        "describe",
        "create",
        "delete",
    )


def test_section_operations_classify_the_tool(rules_only: Classifier) -> None:
    t = tool("stellar_accounts", DOCSTRING_SECTION, props={"action": {"type": "string"}})
    c = rules_only.classify(t)
    assert {o.value for o in c.operations} == {"get_data", "invoke"}
    assert c.action == "Execute" and "ops.multiplexed" in c.rules
    # the same section without an operation argument selects nothing
    assert rules_only.classify(tool("stellar_accounts", DOCSTRING_SECTION)).operations == []
