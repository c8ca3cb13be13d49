"""Stop 22: misses of rounds 8y/8z (held out at stop 21, studied now, then moved to training): each new or widened
rule on wordings of its class other than the real tools', and on near misses that share the words but not the
effect."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier.helpers import assert_answer, fired, rule_ids, rule_ids_ungated, tool

_IN_OUT = {"input_path": {"type": "string"}, "output_path": {"type": "string"}}
_DELETE_MANY = {
    "collection": {"type": "string"},
    "filter": {"type": "object"},
    "many": {"type": "boolean"},
}

FIRES = [
    # a fixed media operation that writes an output file
    (tool("transcode", "Transcode a video to H.265 with ffmpeg.", props=_IN_OUT), "files.media_edit"),
    (tool("thumbs", "Extract frames every N seconds into a folder.", props=_IN_OUT), "files.media_edit"),
    (tool("resize_photo", "Resizes a photo to the given width.", props=_IN_OUT), "files.media_edit"),
    (tool("make_gif", "Creates a GIF from the clip between two timestamps.", props=_IN_OUT), "files.media_edit"),
    # a preview, check or simulation that says the effect does not happen
    (tool("simulate_swap", "Simulate the swap without broadcasting it."), "read.dry_run"),
    (tool("plan", "Preview the migration's changes without applying them."), "read.dry_run"),
    (tool("lint_script", "Checks the script for errors without executing it."), "read.dry_run"),
    # a find query is a read
    (tool("find", "Run a MongoDB find query against the collection."), "read.query_language"),
    (tool("mongo_find", "Execute a find query with a filter and a projection."), "read.query_language"),
    # any method of one vendor's API with the caller's parameters
    (
        tool(
            "raw_call",
            "Calls an API method the other tools do not cover.",
            props={"method": {"type": "string"}, "params": {"type": "object"}},
        ),
        "exec.http_request",
    ),
    (
        tool(
            "invoke",
            "Invoke a Slack Web API method.",
            props={"api_method": {"type": "string"}, "arguments": {"type": "object"}},
        ),
        "exec.http_request",
    ),
    # the real keyboard and mouse of the user's desktop
    (tool("type_text", "Type the string at the current cursor."), "exec.browser"),
    (tool("press_key", "Press a key.", server="pyautogui-desktop"), "exec.browser"),
    (tool("mouse_click", "Click the left button.", server="vnc-control"), "exec.browser"),
    # answers from several models at once
    (tool("ask_all", "Get answers from the configured AIs and rank them."), "exec.llm_run"),
    # secret values written into plain files
    (tool("materialize", "Writes the project secrets into a local .env file."), "secrets.write"),
    (tool("dump_env", "Export all credentials to a config file on disk."), "secrets.write"),
    # a stored configuration or template
    (tool("create_agent", "Create an assistant configuration.", props={"prompt": {"type": "string"}}), "write.config_record"),
    (tool("save_preset", "Saves a new render preset."), "write.config_record"),
    # one call that deletes every match of a filter
    (tool("remove_docs", "Remove documents.", props=_DELETE_MANY), "delete.by_filter"),
]

MISSES = [
    # generative or hosted media work is a model run, not a fixed edit
    (tool("restyle", "Convert the image into a watercolor painting with AI.", props=_IN_OUT), "files.media_edit"),
    (tool("upscale", "Resize an image 4x with the upscaling model.", props=_IN_OUT), "files.media_edit"),
    (tool("cutout", "Crop the subject and remove the background.", props=_IN_OUT), "files.media_edit"),
    (tool("to_b64", "Convert an image to base64."), "files.media_edit"),
    # facts pulled out of a video page are a read of its data, not a media edit
    (tool("video_info", "Extract metadata from a YouTube video."), "files.media_edit"),
    # a preview that goes on to do the thing
    (tool("preview_deploy", "Preview the deployment and then apply it."), "read.dry_run"),
    # an aggregation can write ($out, $merge)
    (tool("aggregate", "Execute a MongoDB aggregation pipeline."), "read.query_language"),
    # a method named without its parameters, parameters without a method
    (tool("call_status", "Call status.", props={"method": {"type": "string"}}), "exec.http_request"),
    (
        tool("invoke_report", "Invoke the report.", props={"params": {"type": "object"}}),
        "exec.http_request",
    ),
    # a desktop app's keyboard shortcuts listed
    (tool("list_shortcuts", "List the keyboard shortcuts of the desktop app."), "exec.browser"),
    # the models listed
    (tool("list_models", "Get the list of models from the configured providers."), "exec.llm_run"),
    # a file of settings written
    (tool("write_config", "Write the settings to the config file."), "secrets.write"),
    # one record deleted by id, a filter deleted
    (tool("delete_doc", "Delete a document.", props={"id": {"type": "string"}}), "delete.by_filter"),
    (tool("delete_filter", "Delete a saved filter.", props={"filter": {"type": "string"}}), "delete.by_filter"),
    # a configuration created and then run, a configuration read
    (tool("run_config", "Create a test configuration and then run it."), "write.config_record"),
    (tool("get_settings", "Get the settings of the project."), "write.config_record"),
    # a session opener that names what its siblings run; an opener that runs a command itself still is Execute
    (
        tool(
            "connect",
            "Opens an SSH session. The returned id is used by other tools (e.g. executing commands).",
            props={"host": {"type": "string"}},
        ),
        "exec.shell",
    ),
]

# a case per new rule for test_rules.test_rule_fires_and_quotes
ROUND8YZ_CASES = {
    "files.media_edit": (FIRES[0][0], MISSES[0][0]),
    "read.dry_run": (FIRES[4][0], MISSES[5][0]),
    "write.config_record": (
        tool("create_agent", "Create an assistant configuration.", props={"prompt": {"type": "string"}}),
        tool("get_settings", "Get the settings of the project."),
    ),
}


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_round8yz_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_round8yz_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_round8yz_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)


def test_session_opener_that_runs_a_command_stays_execute():
    t = tool(
        "connect_and_run",
        "Connects over SSH and executes the command on the host.",
        props={"host": {"type": "string"}, "command": {"type": "string"}},
    )
    assert "exec.shell" in fired(t)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        # the fixed media edit turns the model's Execute into a Write, at most medium
        (tool("crop", "Crops an image to a rectangle.", props=_IN_OUT), ("Write", "medium")),
        (tool("speed_up", "Speed up a video", props=_IN_OUT), ("Write", "medium")),
        (tool("simulate_tx", "Simulate a transaction without executing it."), ("Read", None)),
        (tool("remove_docs", "Remove documents.", props=_DELETE_MANY), ("Write", "critical")),
        (tool("inject", "Inject secrets from the vault into local configuration files."), (None, "critical")),
        (tool("type_text", "Type text.", server="desktop-control"), ("Execute", "high")),
        (tool("connect", "Connect to the host. The session is used for executing commands."), (None, None)),
    ],
)
def test_round8yz_answers(t, expected):
    c = assert_answer(t, *expected)
    if t.tool == "connect":
        assert "exec.shell" not in c.rules
