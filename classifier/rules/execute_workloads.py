"""Execute rules: browsers acting on a page, workload runs, installs, dispatch to any endpoint, processes."""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.contexts import (
    _BROWSER_ACT,
    _BROWSER_CONTEXT,
    _BROWSER_OPEN_CLOSE,
    _DESKTOP_CONTEXT,
    _DEVICE_UI_CONTEXT,
    _EDITOR_CONTEXT,
)
from classifier.rules.matchers import (
    TEXT_FIELDS,
    Match,
    Rule,
    all_of,
    any_of,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
)
from classifier.text import ToolText

_CRUD_LAST = frozenset(W("create update delete remove list get set add edit"))


def _crud_verb_last(t: ToolText) -> Match | None:
    """A name in the object-then-verb convention (`pods_list`, `trigger_create`)."""
    toks = t.name_tokens
    if len(toks) >= 2 and toks[-1].text in _CRUD_LAST:
        return "name", t.name
    return None


# `install_plugin`, `upgrade_cli`: exec.install's name, and exec.install_source's with a source the caller picks
_INSTALL_NAME = name_has(["install", "upgrade"], first=True)

WORKLOAD_RULES: list[Rule] = [
    # Round 9j: `create_container(image, command, volumes, network_mode)`: the container runs the caller's command in
    # the caller's image (the train precedent `run_container` with `command` is critical; an image alone is high).
    Rule(
        "exec.container_command",
        "creates or runs a container with a command the caller gives",
        all_of(
            name_has(W("create run"), W("container containers")),
            prop_named(r"command|cmd|entrypoint|commands"),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.browser",
        "drives a live browser session (clicks, typing, navigation)",
        any_of(
            none_of(all_of(_BROWSER_ACT, any_of(_BROWSER_CONTEXT, _DEVICE_UI_CONTEXT, _DESKTOP_CONTEXT)), _EDITOR_CONTEXT),
            all_of(_BROWSER_OPEN_CLOSE, _BROWSER_CONTEXT),
            # Round 8u: `create_tab` opens a page in the user's browser; `terminateSession`, `destroy_session` close a
            # live browser session (the original labels' `browser_close` is Execute).
            name_has(["create"], ["tab", "tabs"]),
            all_of(
                name_has(W("close terminate destroy end kill stop delete"), W("session sessions")),
                rx(r"\bbrowser\b", ("description", "title", "server"), needles=("browser",)),
            ),
            # Round 7: "Open a high-resolution image ... in the default web browser", "Display an image in the system's
            # default web browser": the page is loaded in the user's own live browser (round 6's replicate view_image).
            rx(
                r"^\W*(?:open|display|show|view)s?\s+(?:(?!in\b)[\w./:'’-]+\s+){0,8}?in\s+(?:the\s+|your\s+|an?\s+)?"
                r"(?:[\w-]+['’]s?\s+)?(?:default\s+|local\s+)?(?:web\s+)?browser\b",
                ("description",),
                lead_only=True,
                needles=(
                    "in the browser",
                    "in browser",
                    "in your browser",
                    "default browser",
                    "web browser",
                    "in a browser",
                ),
            ),
            # "Create or reuse a browser session", "Launch a headless browser instance".
            rx(
                r"^\W*(?:create|start|launch|open)s?\s+(?:or\s+reuse\s+)?(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+){0,2}?"
                r"browser\s+(?:sessions?|instances?|contexts?)\b",
                ("description", "title"),
                lead_only=True,
                needles=("browser",),
            ),
            # "Run profile in the cloud" (anti-detect browser profiles): starts a remote browser session.
            rx(
                r"^\W*(?:run|start|launch)s?\s+(?:an?\s+|the\s+)?(?:browser\s+)?profiles?\s+(?:in|on)\s+the\s+cloud\b",
                ("description", "title"),
                lead_only=True,
                needles=("profile",),
            ),
            # "Move mouse cursor to specific coordinates", "Drag the mouse from A to B": the real pointer on the user's
            # live desktop, acting (hovering, dragging) on whatever window is under it.
            lead_rx(
                r"^\W*(?:move|moves|drag|drags|scroll|scrolls|hover|hovers|click|clicks|double[- ]clicks?|press|presses)"
                r"\s+(?:the\s+|a\s+)?mouse\b",
                needles=("mouse",),
            ),
            # Computer-use / browser agents: a model clicks, types and submits forms on its own.
            rx(
                r"\b(?:computer|browser)[ _-]use[ _-]agents?\b"
                r"|\bautonomous\w*\s+(?:execut\w*|perform\w*|complet\w*|carr(?:y|ies) out|handl\w*)\b[^.\n]{0,40}"
                r"\b(?:browser|web)[- ](?:based\s+)?tasks?\b",
                ("name", "title", "description"),
                needles=("use", "autonomous"),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("untrusted_content", "open_world"),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.workload",
        "starts a run of a workload (build, pipeline, workflow, job)",
        any_of(
            none_of(
                rx(
                    r"^\s*(?:this tool\s+(?:allows\s+(?:the\s+)?users?\s+to\s+|will\s+|can\s+)?)?"
                    # (a container started again runs what it ran before: its start is a state change;
                    # a container run from the caller's image is exec.container_image)
                    r"(?:trigger|start|run|re-?run|launch|dispatch|kick off)s?\s+"
                    r"(?:an?\s+|the\s+|new\s+|\w+\s+){0,3}?(?:builds?|pipelines?|workflows?|jobs?|runs?|deployments?|"
                    r"(?<!stopped\s)(?<!existing\s)(?<!docker\s)(?<!podman\s)containers?|"
                    r"shortcuts?|automations?|macros?|playbooks?)\b"
                    # "Build a Docker image from a Dockerfile": the Dockerfile's RUN steps execute during the build.
                    r"|^\s*build(?:s)?\s+(?:an?\s+|the\s+|new\s+)?(?:docker|container|oci)\s+images?\b"
                    r"|^\s*build(?:s)?\b[^.\n]{0,40}\bfrom\s+(?:an?\s+|the\s+)?(?:docker|container)file\b"
                    # A sandbox is a container or VM the caller's later commands run in.
                    r"|^\s*(?:create|start|launch|spin up)s?\s+(?:an?\s+|the\s+|new\s+|\w+\s+){0,3}?sandbox(?:es)?\b"
                    # (a payment provider's "sandbox account" is a test account, not a place code runs)
                    r"(?!\s+(?:accounts?|users?|merchants?|stores?|org\w*|customers?|keys?|credentials?))",
                    ("description", "title"),
                    lead_only=True,
                ),
                # Round 8p: "Start a stopped container", title "Start container": the labels' edge table makes
                # starting (or restarting) an existing container a Write/medium state change.
                rx(
                    r"^\s*(?:re-?)?starts?\s+(?:an?\s+|the\s+|\w+\s+){0,3}?containers?\b",
                    ("description", "title"),
                    lead_only=True,
                    needles=("container",),
                ),
                # "Starts an asynchronous crawl job on a website": a crawl, scrape or export job reads and
                # returns data; it runs nothing the caller wrote.
                rx(
                    r"\b(?:crawl|crawling|scrape|scraping|extract|extraction|export|report|search|indexing)\s+jobs?\b",
                    ("description", "title"),
                    lead_only=True,
                    needles=("job",),
                ),
            ),
            # "... This tool triggers a new CircleCI pipeline and returns the URL": said after a preamble.
            rx(
                r"\bthis tool\s+(?:triggers|starts|launches|kicks off)\s+(?:an?\s+|the\s+|new\s+|[\w-]+\s+){0,3}?"
                r"(?:builds?|pipelines?|workflows?|jobs?)\b",
                ("description",),
                needles=("this tool",),
            ),
            # "Build the iOS Xcode workspace/project in the folder": build phases run the project's scripts.
            lead_rx(
                r"^\W*builds?\s+(?:the\s+|an?\s+)?(?:(?!(?:of|for|from|in|on|about|with|to)\s)[\w/-]+\s+){0,3}?"
                r"(?:workspace|project|app|application|target|scheme|solution)s?\b"
                r"(?!\s+(?:plans?|structures?|summar\w*|reports?|index\w*|graphs?|context|maps?|overviews?|docs|"
                r"documentation|descriptions?|outlines?|briefs?|specs?|roadmaps?|lists?))",
                needles=("build",),
            ),
            # "Print a 3MF file on a Bambu Lab printer", "Start printing a G-code file": a physical job on a device
            # (G-code is the machine's program).
            lead_rx(
                r"^\W*(?:start|starts|begin|begins)\s+(?:printing|a\s+print(?:\s+job)?|the\s+print(?:\s+job)?)\b"
                r"|^\W*(?:run|runs|execute|executes|send|sends)\s+(?:an?\s+|the\s+)?g-?code\b",
                needles=("print", "gcode", "g-code"),
            ),
            lead_rx(
                r"^\W*prints?\s+(?:an?\s+|the\s+)?(?:[\w.-]+\s+){0,3}?(?:files?|models?|documents?|jobs?)\s+"
                r"(?:on|to|with|using)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?printers?\b",
                needles=("printer",),
            ),
            # (`trigger_create`, `trigger_list`: a noun-first name whose verb comes last manages trigger objects)
            none_of(name_has(["trigger", "rerun", "dispatch"], first=True), _crud_verb_last),
            # Round 8: "Invoke a Lambda function": the deployed function runs on the caller's payload.
            name_has(["invoke"], W("function functions lambda")),
            # (round 8f: a build configuration or definition created is config; nothing runs)
            none_of(
                name_has(["create", "start", "trigger", "queue"], ["build", "run"], first=True),
                name_has(
                    W("config configs configuration configurations definition definitions template templates")
                ),
            ),
            name_has(["start", "run", "trigger"], ["pipeline", "workflow", "job", "build"], first=True),
            # Round 10f: ArgoCD `sync_application(name, revision, prune)`: a sync is a GitOps deployment run of the
            # app at a revision (qa: argocd `sync_application`, Execute/high).
            all_of(
                name_has(["sync"], W("application applications app apps"), first=True),
                rx(r"\bargo\s*cd\b|\bgitops\b", ("name", "title", "description", "server")),
            ),
            name_has(
                W("unblock retry resume continue restart rebuild rerun"),
                W("job jobs build builds run runs pipeline workflow"),
                first=True,
            ),
        ),
        action="Execute",
        risk="high",
        skip_if_readonly=True,
    ),
    Rule(
        "exec.install",
        "installs or upgrades executable software",
        none_of(
            any_of(
                rx(
                    r"^\W*(?:install|upgrade)s?\b[^.\n]{0,40}\b(?:plugins?|packages?|cli|extensions?|software|"
                    r"binar(?:y|ies)|dependenc\w*|charts?|releases?)\b",
                    ("description", "title"),
                    lead_only=True,
                ),
                _INSTALL_NAME,
                name_has(["cli", "plugin", "package", "extension"], ["upgrade", "install"]),
            ),
            # Round 10o: `upgrade_check` "Check for available Nextcloud core or app updates": a lookup of what an
            # upgrade would bring installs nothing.
            all_of(
                name_has(W("check checks status available preview plan plans history")),
                lead_rx(
                    r"^\W*(?:check|checks|list|lists|show|shows|get|gets|report|reports|preview|previews)\b",
                    needles=("check", "list", "show", "get", "report", "preview"),
                ),
            ),
        ),
        action="Execute",
        risk="high",
        skip_if_readonly=True,
    ),
    # Round 10c/10f: `install_package(package_name, repository)` "Path to a custom sources.list", `install_package`
    # "Install an R package dynamically (CRAN or GitHub)": the caller picks where the code comes from, so any
    # repository's install scripts run (a named package from the configured registry stays high).
    Rule(
        "exec.install_source",
        "installs software from a source the caller picks (a Git repository, a URL, a package source)",
        all_of(
            any_of(
                lead_rx(
                    r"^\W*(?:install|installs|upgrade|upgrades)\b",
                    needles=("install", "installs", "upgrade", "upgrades"),
                ),
                _INSTALL_NAME,
            ),
            any_of(
                rx(
                    r"\b(?:github|gitlab|git\s+(?:repo\w*|urls?)|(?:custom|any|arbitrary)\s+(?:package\s+)?"
                    r"(?:repositor(?:y|ies)|sources?|index(?:es)?|registr(?:y|ies))|sources\.list|from\s+(?:an?\s+|any\s+)?urls?)\b",
                    ("description", "title", "input_schema"),
                ),
                prop_named(r"git_?url|repo_?url|repository_?url|source_?url|index_?url|sources?_?list"),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.dispatch",
        "calls any tool or API by name (generic dispatcher)",
        any_of(
            rx(
                r"\bexecut\w*\s+(?:an?\s+|any\s+)?(?:available\s+)?(?:\w+\s+)?(?:mcp\s+)?tool\b"
                r"|\b(?:make|send|perform|execute)s?\s+(?:an?\s+)?(?:arbitrary|raw|generic|custom|any)\s+"
                r"(?:http|api|rest|graphql)\s+(?:requests?|calls?)"
                r"|^\W*execut\w*\s+(?:\w+\s+)?(?:rest|http|graphql)\s+(?:api\s+)?(?:requests?|calls?)"
                # "Make an HTTP POST request to the specified URL": a write-method request to any address.
                r"|^\W*(?:make|send|perform|execute|issue)s?\s+(?:an?\s+)?(?:https?\s+)?(?:post|put|patch|delete)\s+"
                r"(?:https?\s+)?requests?\s+to\s+(?:the\s+|an?\s+|any\s+)?(?:specified|given|provided|target|arbitrary)?\s*"
                r"(?:urls?|endpoints?)\b",
                TEXT_FIELDS,
                lead_only=True,
            ),
            # "Make a custom request to the Moneybird API", "Call any JSON-RPC method on a server": the caller
            # picks the call (round 6; a friend request to a user or an upload is not an API call).
            none_of(
                lead_rx(
                    r"^\W*(?:make|send|perform|execute|call)s?\s+(?:an?\s+|any\s+)(?:(?:custom|arbitrary|raw|generic)\s+"
                    r"(?:[\w-]+\s+)?|(?:[\w-]*(?:rpc|http|api|rest|graphql)[\w-]*)\s+)(?:requests?|calls?|methods?)\s+"
                    r"(?:to|on|against)\s+(?:an?\s+|the\s+|any\s+)?(?:[\w.-]+\s+){0,2}?(?:api|server|endpoint|node|service)s?\b",
                    needles=("request", "call", "method"),
                ),
                rx(r"\b(?:upload\w*|files?)\b", ("name",)),
            ),
            # "Call a DigitalOcean API endpoint" (by operationId), "Invoke any Acme API operation": the caller picks which
            # endpoint of one vendor's API runs.
            lead_rx(
                r"^\W*(?:call|calls|invoke|invokes|execute|executes)\s+(?:an?\s+|any\s+)(?:[\w.-]+\s+){0,2}?api\s+"
                r"(?:endpoints?|operations?|methods?)\b",
                needles=("api",),
            ),
            # "Escape hatch: send any RoborockCommand with optional JSON params": any command of the vendor's device API.
            lead_rx(
                r"\bsend(?:s|ing)?\s+(?:an?\s+)?(?:any|arbitrary|raw)\s+(?:raw\s+)?(?:[\w-]*commands?|requests?|messages?\s+to\s+the\s+api)\b",
                needles=("any", "arbitrary", "raw"),
            ),
            # "Execute a custom NerdGraph GraphQL query": any query or mutation of one vendor's API (round 8).
            lead_rx(
                r"^\W*(?:execut|run|send|perform|make)\w*\s+(?:an?\s+|the\s+|any\s+)?(?:custom\s+|raw\s+|arbitrary\s+)?"
                r"(?:[\w-]+\s+)?graphql\s+(?:quer(?:y|ies)|mutations?|requests?|operations?)\b",
                needles=("graphql",),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.any_endpoint",
        "calls any method on a server the caller names (a generic RPC client with no fixed host)",
        all_of(
            lead_rx(
                r"^\W*(?:make|send|perform|execute|call)s?\s+any\s+(?:[\w-]+\s+)?(?:methods?|requests?|calls?)\b",
                needles=("any",),
            ),
            prop_named(r"(?:method|method_?name|rpc_?method)"),
            prop_named(r"(?:server|server_?url|url|endpoint|rpc_?url|node_?url|host)"),
        ),
        action="Execute",
        risk="critical",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.render_code",
        "renders or compiles the caller's program in a programming language (the program runs to draw)",
        none_of(
            lead_rx(
                r"^\W*(?:render|compile)s?\b[^.\n]{0,40}\bfrom\s+(?!(?:the|your|this|that|its|existing|source)\s)"
                r"(?:[\w+#-]+\s+)?code\b",
                needles=("code",),
            ),
            # declarative chart and diagram specs draw without running anything (train: Read/low)
            rx(
                r"\b(?:mermaid|plantuml|graphviz|vega|charts?|diagrams?|markdown|html|svg|json|yaml|d2)\b",
                ("description", "name", "title"),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.device_command",
        "sends a raw command to a device, robot or appliance through its vendor's API (the device acts on it)",
        # Round 8r: `send_device_command(deviceId, commands: [free-form objects])` on a smart-home hub, `send_raw_command`
        # to a robot vacuum: whatever the device can do (unlock, disarm, move), one vendor's API (Execute/high).
        all_of(
            name_has(W("send execute run issue exec"), W("command commands cmd")),
            any_of(
                name_has(W("raw device devices robot")),
                rx(
                    r"\b(?:devices?|robots?|vacuums?|appliances?|printers?|drones?|vehicles?|thermostats?|iot|"
                    r"smart\s?home|capabilit(?:y|ies))\b",
                    ("name", "title", "description", "server"),
                    needles=(
                        "device",
                        "robot",
                        "vacuum",
                        "applian",
                        "printer",
                        "drone",
                        "vehicle",
                        "thermostat",
                        "iot",
                        "smart",
                        "capabilit",
                    ),
                ),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.process_session",
        "attaches to a running process or opens a REPL-like session whose later calls run commands in it",
        lead_rx(
            r"\brepl(?:-like)?\s+sessions?\b|\battach\w*\s+to\s+(?:an?\s+|the\s+)?(?:running\s+)?process(?:es)?\b",
            needles=("repl", "attach"),
        ),
        action="Execute",
        risk="high",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
]
