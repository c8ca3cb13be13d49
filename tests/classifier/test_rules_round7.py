"""Seventh blind QA round: each new or narrowed rule on a wording of its own and on a near miss that shares
the words but not the effect (the real tools are pinned in tests/qa)."""

from __future__ import annotations

import pytest

from classifier.rules import run_rules, run_rules_ungated
from classifier.text import ToolText
from tests.classifier.helpers import tool


def fired(t) -> set[str]:
    return {h.rule.id for h in run_rules(ToolText.from_input(t))}


FIRES = [
    # model runs worded by what the model does
    (
        tool(
            "chat", "Have a conversation with the assistant, keeping the conversation history between calls"
        ),
        "exec.llm_run",
    ),
    (tool("judge", "Let the panel evaluate and score the candidate answers"), "exec.llm_run"),
    (tool("portrait", "Generate a portrait of a fictional person"), "exec.llm_run"),
    (tool("art", "Generate artwork in the style of Monet"), "exec.llm_run"),
    # the caller's program in a named language, whatever the verb
    (tool("play", "Play a pattern.\n\nArgs:\n    code: Strudel code for the pattern"), "exec.domain_code"),
    (
        tool(
            "live_loop",
            "Loop the given code on the synth",
            props={"code": {"type": "string", "description": "SuperCollider code to loop"}},
        ),
        "exec.domain_code",
    ),
    # a page opened in the user's browser
    (tool("open_doc", "Open the documentation page in your default browser"), "exec.browser"),
    # paying from a wallet
    (tool("summarize_paid", "Summarize the article, and pay with Lightning"), "money.move"),
    (tool("zap", "Send 21 sats to the author"), "money.move"),
    # a generic action across the user's connected accounts
    (tool("run_action", "Run an action on any connected app, chosen by the caller"), "exec.any_platform"),
    (tool("do_op", "Perform operations on third-party platforms the user linked"), "exec.any_platform"),
    # a credential created in a service is still a secret written
    (tool("generate_token", "Generate a secure token for the user account"), "secrets.write"),
    (tool("create_password", "Create a password for the database user"), "secrets.write"),
]

MISSES = [
    # a photo album is a container, a chart is drawn from the caller's data (train: Read/low)
    (tool("photo_album", "Generate a photo album link for the trip"), "exec.llm_run"),
    (tool("generate_chart", "Generate a bar chart from the data"), "exec.llm_run"),
    # a chat message to a person, a survey's answers looked up
    (tool("message", "Start a conversation with a customer in the inbox"), "exec.llm_run"),
    (tool("survey", "Evaluate the survey responses by question"), "exec.llm_run"),
    # codes that are not programs; code that is only formatted
    (tool("lookup", "Look up a country.\n\nArgs:\n    code: ISO country code"), "exec.domain_code"),
    (
        tool(
            "format_code",
            "Format code",
            props={"code": {"type": "string", "description": "Python code to format"}},
        ),
        "exec.domain_code",
    ),
    # a link about a browser, a browser's bookmarks listed
    (tool("get_link", "Get a link that opens the report"), "exec.browser"),
    (tool("list_bookmarks", "List bookmarks saved in the browser"), "exec.browser"),
    # payment methods described, a balance read in sats
    (tool("methods", "List the payment methods customers can pay with"), "money.move"),
    (tool("balance", "Get the wallet balance in sats"), "money.move"),
    # one vendor's action, an action on a connected device
    (tool("run_workflow_action", "Run an action on the Acme workflow"), "exec.any_platform"),
    # a random value computed locally stores no credential
    (tool("generate_password", "Generate a strong password with a mix of character types"), "secrets.write"),
    (tool("generate_password", "Generate a strong password with a mix of character types"), "secrets.read"),
    (tool("generate_token", "Generate secure random tokens"), "secrets.write"),
    # quoted guidance that sends code to other tools
    (
        tool(
            "read_skill",
            "Read a skill file. Use other tools to execute any code or scripts provided by the skill",
        ),
        "exec.script",
    ),
]


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round7_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round7_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round7_gates_agree_with_ungated_run(t, rule):
    text = ToolText.from_input(t)
    assert {h.rule.id for h in run_rules(text)} == {h.rule.id for h in run_rules_ungated(text)}


def test_code_run_in_a_named_language_still_fires_exec_script():
    assert "exec.script" in fired(tool("run", "Run Python code in the sandbox"))
