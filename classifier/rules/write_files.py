"""Write rules for files and state: edits, outputs on disk, merges, scaffolds, state verbs, listed actions,
pushes to shared repositories."""

from __future__ import annotations

import re

from classifier.lexicon import W
from classifier.rules.contexts import _LOCAL
from classifier.rules.matchers import (
    Gate,
    Match,
    Rule,
    all_of,
    any_of,
    lead_rx,
    name_has,
    none_of,
    rx,
    schema_quote,
    set_gate,
)
from classifier.text import ToolText

_OUTPUT_DIR_DESC = re.compile(
    r"\b(?:will\s+be|are|is|gets?)\s+(?:generated|saved|written|created)\s+(?:in|to|into)\s+(?:the\s+)?same\s+"
    r"(?:director(?:y|ies)|folders?)\b",
    re.IGNORECASE,
)


def _output_dir_prop(t: ToolText) -> Match | None:
    """Round 8: an input file's argument says "Resources will be generated in the same directory": the output
    lands next to it on disk (on a tool whose own text speaks of generating)."""
    if "generat" not in t.low_text:
        return None
    for p in t.props:
        if p.description and "same" in p.description:
            hit = _OUTPUT_DIR_DESC.search(p.description)
            if hit:
                return "input_schema", schema_quote(hit.group())
    return None


# its first test, the same literal in low_text
set_gate(_output_dir_prop, (Gate(always=frozenset({"generat"})),))
_OUTPUT_DIR_PROP = _output_dir_prop

FILE_WRITE_RULES: list[Rule] = [
    Rule(
        "files.edit",
        "creates and edits files (a multi-operation file editor)",
        rx(
            # "View, create, and edit files", "Create or edit text files": the editing operations decide.
            r"^\W*(?:(?:view|read|open|list)s?\s*,\s*)?(?:create|write)s?\s*(?:,\s*)?(?:and|or|&)?\s*"
            r"(?:edit|modify|update|overwrite)s?\s+(?:\w+\s+){0,2}?files?\b",
            ("description", "title"),
            lead_only=True,
            needles=("file",),
        ),
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "files.output",
        "writes its result to a file or directory on disk",
        any_of(
            # "'outputPath': Path to save a Markdown file", "End a session and generate the test file",
            # "Track progress and update Memory Bank files".
            rx(
                r"\b(?:path|director(?:y|ies)|folder)\s+(?:to|where\s+to)\s+save\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?"
                r"(?:files?|reports?|outputs?|manifests?)\b",
                ("description",),
                needles=("save",),
            ),
            rx(
                r"\band\s+(?:generate|write|save|update)s?\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?files?\b",
                ("description",),
                lead_only=True,
                needles=("file",),
            ),
            # Round 7: "The screenshot is saved to a dated directory in Downloads", "Reads from and writes to file
            # system", "Download and extract a Kaggle dataset", "Scaffold a new iOS project from templates".
            rx(
                r"\b(?:is|are|will\s+be|gets?)\s+saved\s+(?:to|in|into)\s+(?:an?\s+|the\s+|your\s+)?(?:[\w-]+\s+){0,3}?"
                r"(?:director(?:y|ies)|folders?|disk|downloads|files?|paths?|desktop)\b"
                r"|\bwrites?\s+to\s+(?:the\s+)?(?:local\s+)?file ?system\b",
                ("description",),
                needles=("saved", "writes to", "write to"),
            ),
            lead_rx(
                r"^\W*downloads?\s+and\s+(?:extract|unzip|unpack|save|store)s?\b|^\W*scaffold(?:s|ing)?\b"
                # "Download a 3D model from Sketchfab": a model, dataset or video lands on disk, not in the answer.
                r"|^\W*downloads?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:3d\s+models?|datasets?|videos?)\s+from\b",
                needles=("download", "scaffold"),
            ),
            # Round 8: "Returns: Success message with output location", "... with the destination path": the answer is
            # only where the generated files were written.
            rx(
                r"\b(?:success|confirmation)\s+message\s+with\s+(?:the\s+)?(?:destination|output)\s+"
                r"(?:path|location|director(?:y|ies)|folder)\b",
                ("description",),
                needles=("message with",),
            ),
            # "Extract a coredump to a file", "Slice an STL file to generate G-code": the result is written out.
            lead_rx(
                r"^\W*(?:extract|export|dump|save|write|slice|convert)s?\s+(?:an?\s+|the\s+)?[\w-]+\s+(?:files?\s+)?"
                r"(?:(?:to|into)\s+(?:an?\s+)?files?|to\s+generate\s+g-?code)\b",
                needles=("file", "code"),
            ),
        ),
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    # Round 8 (a rule of its own, like comms.cc_recipients)
    Rule(
        "files.output_arg",
        "an input file's argument says the output is generated next to it on disk",
        _OUTPUT_DIR_PROP,
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "files.merge",
        "merges files into one output file (a local file written, nothing shared)",
        # Round 7: "Merge JSON files into a one JSON file" is not a git merge into a shared branch.
        rx(
            r"^\W*merges?\s+(?:(?:two|multiple|several|many|the|all|\d+)\s+)?(?:[\w.-]+\s+){0,2}?files?\s+into\b",
            ("description",),
            lead_only=True,
            needles=("files into", "file into"),
        ),
        risk="medium",
        cap_risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "files.media_edit",
        "converts, cuts or edits a local image, audio or video file (a media tool, not code the caller writes)",
        # Round 8y: "Converts a video file ... using FFmpeg", "Crops an image", "Speed up a video": a fixed media
        # operation writes an output file. Generative models also take images and videos, so any sign of a model,
        # a prompt or a hosted API leaves the tool to the other rules (a paid model run is Execute).
        none_of(
            rx(
                r"^\W*(?:(?:converts?|crops?|resizes?|rotates?|flips?|mirrors?|trims?|cuts?|compress(?:es)?|"
                r"speeds?\s+up|slows?\s+down|merges?|concatenates?|joins?|tiles?|scales?|transcodes?|"
                r"adds?\s+(?:an?\s+)?watermarks?\s+to)\b[^.\n]{0,60}?\b(?:videos?|audio|images?|photos?|pictures?|mp3|"
                r"mp4|gif|png|jpe?g|webp|frames?|clips?)\b"
                r"|extracts?\s+(?:the\s+)?(?:audio|frames?|clips?|stills?|thumbnails?)\b"
                r"|creates?\s+(?:an?\s+)?(?:collage|thumbnail|gif|contact\s+sheet)s?\b)",
                ("description", "title"),
                lead_only=True,
            ),
            rx(
                r"\b(?:ai|models?|generat\w*|prompts?|llms?|gpt|diffusion|upscal\w*|apis?|cloud|replicate|fal|openai|"
                r"gemini|stability|vision|transcri\w*|speech|tts|whisper|inpaint\w*|outpaint\w*|base64)\b"
                r"|\bremoves?\s+(?:the\s+)?background",
                ("name", "title", "description"),
            ),
        ),
        action="Write",
        cap_risk="medium",
        skip_if_readonly=True,
    ),
    Rule(
        "write.config_record",
        "stores a configuration, template or profile (nothing runs until something else uses it)",
        # "Create an assistant configuration" with a prompt, a model and a temperature: the model has learned those
        # arguments from model runs, but a stored configuration runs nothing.
        lead_rx(
            r"^\W*(?:create|creates|save|saves|store|stores|register|registers|define|defines|update|updates)\s+"
            r"(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+){0,2}?(?:configurations?|configs?|settings|presets?|templates?|"
            r"profiles?|definitions?)\b(?!\s+(?:and\s+then|and|then)\s+(?:run|start|execut|launch|deploy))",
            needles=("config", "setting", "preset", "template", "profile", "definition"),
        ),
        action="Write",
        skip_if_readonly=True,
    ),
    Rule(
        "files.scaffold",
        "initialises a project folder with template files",
        # "Initializes the .project/ directory with all standard files", "Initialize memory-bank directory and
        # core files": new files from templates, nothing overwritten (the labelled data rates it low).
        rx(
            r"^\W*initiali[sz](?:e|es|ing)\s+(?:an?\s+|the\s+)?(?:new\s+)?\S+\s+(?:directory|folder)\b",
            ("description",),
            lead_only=True,
            needles=("directory", "folder"),
        ),
        cap_risk="low",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "write.state_verbs",
        "its verb changes state even where the model reads the rest of the name as a read",
        any_of(
            # `archive_list` (a Trello list archived), `draft_email` ("Draft a new email": a draft is saved).
            name_has(W("archive unarchive"), first=True),
            name_has(["draft"], W("email emails mail message messages reply replies"), first=True),
            rx(
                r"^\W*drafts?\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:e-?mails?|messages?|replies|reply)\b"
                # "Injects, manages, and clears chaos faults": a fault injected into a running system.
                r"|^\W*injects?\b[^.\n]{0,40}\b(?:faults?|chaos|failures?|latency)\b",
                ("description",),
                lead_only=True,
                needles=("draft", "inject"),
            ),
            # "Triggers Okta to verify the records ... Okta also provisions and installs a TLS certificate": a check
            # that the vendor acts on (round 6: a Write behind a read-like verb).
            rx(
                r"\btriggers?\s+(?:the\s+)?[\w-]+\s+to\s+(?:verify|provision|issue|install|renew|rotate)\b"
                r"|\bprovisions?\s+and\s+installs?\b",
                ("description",),
                needles=("trigger", "provision"),
            ),
            # Round 7: "Ingests local file into ... knowledge base", "Reprocesses documents that match the filter",
            # "Forget a torrent, keeping the files": stored content is added, rebuilt or dropped.
            rx(
                r"^\W*(?:ingest|re-?sync|re-?index|re-?process)(?:s|es|ed)?\b|^\W*forgets?\s+(?:an?\s+|the\s+)",
                ("description",),
                lead_only=True,
                needles=(
                    "ingest",
                    "resync",
                    "re-sync",
                    "reindex",
                    "re-index",
                    "reprocess",
                    "re-process",
                    "forget",
                ),
            ),
            # `generate_interview_link`: "Creates a new identity verification session": the name's read-like verb
            # names what comes back, the description what the call makes.
            # (the rarer wording first: its needles are the gate)
            all_of(
                rx(
                    r"^\W*creates?\s+(?:an?\s+)?new\b",
                    ("description",),
                    lead_only=True,
                    needles=("create a new", "creates a new", "create new", "creates new", "create an new"),
                ),
                name_has(W("generate get fetch show view"), first=True),
            ),
        ),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "write.listed_actions",
        "one tool with a list of actions, some of which change state",
        # "Manages Cloud Pods with following actions: save, load, delete, reset": the tool takes the highest.
        rx(
            r"\b(?:following|these|the)\s+(?:actions|operations|commands)\s*:\s*[^.\n]{0,80}?"
            r"\b(?:delete|reset|save|create|update|remove|write|set)\b",
            ("description",),
            needles=("actions", "operations", "commands"),
        ),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "code.push",
        "changes code in a shared repository",
        none_of(
            any_of(
                name_has(["push"], first=True), name_has(["create", "update"], ["file", "files"], first=True)
            ),
            _LOCAL,
        ),
        risk="high",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "files.upload",
        "uploads a file or object to a shared store or a remote host (an existing one is overwritten)",
        # Round 8t: `upload_object`, `upload-file-to-s3`, `ssh_upload`: precedents ssh_upload_file, upload_dir and
        # dropbox_upload are high; a browser's file input gets Execute from exec.browser, the floor is the same.
        none_of(
            any_of(
                name_has(W("upload put"), W("file files object objects dir directory folder blob")),
                # "上传文件到远程服务器" (upload a file to a remote server) keeps the verb only in the name
                name_has(W("ssh sftp scp ftp remote s3 bucket"), W("upload")),
                # Round 9m: `write_remote_file` "Write content to a file on the remote host", `ssh_write_file`,
                # `upload` "Uploads a file to a remote SSH server": a file written on another machine.
                name_has(W("ssh sftp scp ftp remote"), W("write put edit append create"), W("file files")),
                lead_rx(
                    r"^\W*(?:upload|uploads|write|writes|copy|copies|transfer|transfers)\s+(?:an?\s+|the\s+)?(?:local\s+)?"
                    r"(?:content\s+to\s+(?:an?\s+|the\s+)?)?files?\s+(?:to|on)\s+(?:an?\s+|the\s+)?remote\s+(?:ssh\s+|sftp\s+)?"
                    r"(?:hosts?|servers?|machines?)\b",
                    needles=("remote",),
                ),
            ),
            # an upload that refuses to overwrite adds a file and nothing else (QA: upload_object_safe, medium)
            name_has(W("safe")),
            rx(
                r"\b(?:(?:does|will)\s+not|won't|never|without)\s+overwrit\w*|\bfails?\s+if\b[^.\n]{0,30}\bexists?\b",
                ("description",),
                needles=("overwrit", "exist"),
            ),
        ),
        risk="high",
        writes=True,
        skip_if_readonly=True,
    ),
]
