"""Execute rules written from the rubric's classes rather than from single examples.

The rubric (classifier/data/SOURCE.md) names four kinds of Execute tool: caller code, commands,
write-capable queries and generic API/HTTP calls; browser (and device screen) automation; starting
a run of a workload (builds, tests, apps, agents, paid model calls); installs. The rules in
execute.py, execute_agents.py and execute_workloads.py were grown from labelled examples; each rule here covers a wording family of one rubric
class that those rules miss on servers they have never seen. Every pattern pre-checks literals
(needles) so a tool without them costs a few substring tests.
"""

from __future__ import annotations

import re

from classifier.lexicon import W, verb_class
from classifier.rules.contexts import _BROWSER_CONTEXT, _EDITOR_CONTEXT, _NO_EXECUTION
from classifier.rules.matchers import (
    LEAD_FIELDS,
    TEXT_FIELDS,
    Gate,
    Match,
    Rule,
    all_of,
    any_of,
    described_prop,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
    set_gate,
)
from classifier.text import ToolText

# Programming languages (and live-coding dialects) a caller's program can be written in.
_LANGUAGE = (
    r"(?:ruby|python|javascript|typescript|js|lua|bash|shell|powershell|perl|php|clojure|elixir|julia|scheme|lisp|"
    r"haskell|matlab|octave|glsl|hlsl|wgsl|p5\.?js|openscad|supercollider|sonic\s+pi|tidal|strudel|gdscript|groovy|"
    r"apex|scala|kotlin|swift|rust|java|node(?:\.?js)?)"
)
# "code: Sonic Pi Ruby code", "code (str): The Python code to execute": a docstring's argument line.
_CODE_ARG_LINE = (
    r"(?:^|\n)\s*(?:-\s+)?(?:code|script|source|source_code|snippet|program)\s*(?:\([^)\n]{0,20}\))?\s*:\s*"
    r"(?:the\s+|an?\s+)?(?:[\w.+#-]+\s+){0,2}?"
    + _LANGUAGE
    + r"\s+(?:source\s+)?(?:code|scripts?|snippets?|programs?)\b"
)
_CODE_PROP_NAMES = frozenset(("code", "script", "source", "source_code", "sourcecode", "snippet", "program"))
_CODE_PROP_DESC = re.compile(
    r"\b" + _LANGUAGE + r"\s+(?:source\s+)?(?:code|scripts?|snippets?|programs?)\b", re.IGNORECASE
)


def _code_prop(t: ToolText) -> Match | None:
    """A `code`/`script` argument described as a program in a named language ("Sonic Pi Ruby code") on a tool
    whose name verb is not a read or a write (`play_music`): the tool runs the caller's program, whatever its
    verb. A tool that reads, lints, saves or converts code names that in its verb. The tool's own text must
    also speak of code or a script (which is also the gate: the schema is not in low_text)."""
    low = t.low_text
    if "code" not in low and "script" not in low and "snippet" not in low and "program" not in low:
        return None
    props = t.props
    if not props:
        return None
    toks = t.name_tokens
    if toks and verb_class(toks[0].text) in ("Read", "Write"):
        return None
    return described_prop(t, _CODE_PROP_DESC, _CODE_PROP_NAMES)


# its first test, the same literals in low_text
set_gate(_code_prop, (Gate(always=frozenset({"code", "script", "snippet", "program"})),))

# "action: ... run to run a gadget for a specific duration, ... deploy to deploy ... via the cluster extension": an
# operation argument whose description lists a run or a deploy among its operations (the tool takes the highest).
_OP_LIST_PROPS = frozenset(("action", "operation", "op", "command", "mode", "subcommand"))
_OP_LIST_RUN = re.compile(
    r"(?:^|[\s,;:(`'\"])(?:run|deploy|execute|exec|launch)['\"`]?\s+to\s+(?:run|deploy|execute|launch|install)\s+"
    r"(?:an?\s+|the\s+)?\w",
    re.IGNORECASE,
)


def _op_list_runs(t: ToolText) -> Match | None:
    return described_prop(t, _OP_LIST_RUN, _OP_LIST_PROPS)


_OP_LIST_RUNS = _op_list_runs

EXECUTE_RUBRIC_RULES: list[Rule] = [
    # (b) Browser automation: history moves, closing the session or page, <select> choices, and the
    # same gestures on a device screen.
    Rule(
        "exec.browser_session",
        "moves, closes or selects in a live browser (or device) session",
        any_of(
            # "Navigate back in browser history", "Go forward to the next page in the history".
            rx(
                r"^\W*(?:navigate|go|goes|move)s?\s+(?:back(?:ward)?|forward)\b[^.\n]{0,40}\b(?:browser|history|page)\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("back", "forward"),
            ),
            # "Close the browser and release all resources" (ending a browser *session* is bookkeeping in the
            # labelled data; closing the browser, a page or a tab acts on the live session).
            none_of(
                rx(
                    r"^\W*clos(?:e|es|ing)\s+(?:the\s+|an?\s+|current\s+|active\s+|open\s+)*(?:[\w-]+\s+)?"
                    r"(?:browser|web\s?page)(?:\s+(?:windows?|instances?|tabs?|pages?))?\b(?!\s+sessions?)",
                    LEAD_FIELDS,
                    lead_only=True,
                    needles=("clos",),
                ),
                _EDITOR_CONTEXT,
            ),
            # "Closes the page by its index" on a browser server.
            none_of(
                all_of(
                    rx(
                        r"^\W*clos(?:e|es|ing)\s+(?:the\s+|an?\s+|current\s+|active\s+|open\s+)*(?:[\w-]+\s+)?"
                        r"(?:tabs?|pages?|windows?)\b",
                        LEAD_FIELDS,
                        lead_only=True,
                        needles=("clos",),
                    ),
                    _BROWSER_CONTEXT,
                ),
                _EDITOR_CONTEXT,
            ),
            # "Select an element on the page with Select tag": choosing an option of a <select>.
            rx(
                r"^\W*selects?\s+(?:an?\s+|the\s+)?(?:element|option|value|item)s?\b[^.\n]{0,40}"
                r"(?:\bselect\s+(?:tag|element|box)|\bdrop-?down\b|<select>)",
                LEAD_FIELDS,
                lead_only=True,
                needles=("select",),
            ),
            # "Swipe from one point to another", "Long press at specific coordinates", "Perform gesture on
            # iOS simulator": a finger on a device screen, as a click is on a page.
            rx(
                r"^\W*(?:(?:double[- ])?taps?|swipes?|long[- ]press(?:es)?|perform\s+(?:an?\s+)?(?:\w+\s+)?gestures?)\b"
                r"[^.\n]{0,60}\b(?:coordinates?|simulators?|emulators?|devices?|screen|points?|elements?)\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("tap", "swipe", "press", "gesture"),
            ),
            # "Execute screen interaction actions (tapping, swiping, key pressing, text input)".
            rx(
                r"^\W*(?:execut|perform)\w*\s+(?:\w+\s+)?(?:screen|ui|touch)\s+interactions?\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("interaction",),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("untrusted_content", "open_world"),
        skip_if_readonly=True,
    ),
    # (c) A local build, test run or app launch runs the project's own code and build scripts.
    Rule(
        "exec.build_test_launch",
        "builds, tests or launches a project or app (its code and build scripts run)",
        any_of(
            rx(
                # "Builds a macOS app using xcodebuild", "Builds and runs an app from a workspace".
                r"^\W*(?:builds?|compiles?)(?:\s+and\s+(?:runs?|launch(?:es)?|tests?|installs?))?\s+(?:an?\s+|the\s+)?"
                r"(?:[\w.-]+\s+){0,2}?(?:apps?|applications?|projects?|packages?|workspaces?|binar(?:y|ies)|executables?)\b"
                r"(?!['’]|\s+(?:documentation|docs|index|indexes|report|summary|context|structure|tree|graph|map|metadata|list))"
                # "Runs tests for a Swift Package with swift test", "Runs Unity's Test Runner tests".
                # (round 9p/9r: "Run the tests found in the folder", "Runs `cargo test` on a project"; a test "on a
                # URL" is a web audit)
                r"|^\W*runs?\s+(?:the\s+|all\s+)?(?:[\w'’.`-]+\s+){0,3}?`?(?:tests?|test\s+suites?|specs?)`?"
                r"(?:\s+(?:for|in|of|from|with|using|found|inside|under)\b|\s*$"
                r"|\s+on\b(?!\s+(?:an?\s+|the\s+|any\s+)?(?:[\w-]+\s+)?(?:urls?|web\s*pages?|pages?|websites?|sites?|"
                r"domains?|hosts?|endpoints?)\b))"
                # "Launch an app using package name", "Launches a macOS application", "Run the Godot project".
                r"|^\W*(?:launch(?:es)?|runs?)\s+(?:an?\s+|the\s+)?(?:[\w.-]+\s+){0,2}?"
                r"(?:apps?|applications?|executables?|binar(?:y|ies)|programs?|projects?)\b"
                r"(?!['’]|\s+(?:analysis|report|scan|search|query|audit|summary|status|health|check|lint|review|"
                r"settings?|config\w*|dashboard|list))"
                # "Start a new isolated Docker container running Node.js": a container that runs an image.
                r"|^\W*(?:start|launch|spin\s+up|run|create)s?\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:[\w-]+\s+){0,2}?"
                r"containers?\s+(?:running|from|with)\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("build", "compile", "test", "spec", "launch", "run", "container"),
            ),
            # Round 8: a build or a run named past the lead: "builds/pushes a Docker image to ECR", "Tests all access
            # patterns by executing their AWS CLI implementations".
            rx(
                r"\bbuilds?(?:/\w+)?\s+(?:and\s+(?:push|tag)\w*\s+)?(?:an?\s+|the\s+|your\s+)?(?:docker|container|oci)\s+images?\b"
                r"|\bexecut\w*\s+(?:\w+\s+){0,3}?cli\s+(?:implementations?|commands?)\b",
                ("description",),
                needles=("image", "cli implementation", "cli command"),
            ),
            # "Run Azure Kubernetes Service Fleet management commands", "Run pulumi refresh for a given stack": a
            # product's CLI commands with the caller's arguments.
            lead_rx(
                r"^\W*runs?\s+(?!(?:an?|the|this|that|all|any|each|your|my)\s)(?:[\w-]+\s+){1,5}?(?:cli\s+)?"
                r"(?:commands|subcommands)\b"
                r"|^\W*runs?\s+(?!(?:an?|the|this|that|all|any|each|your|my)\s)[\w-]+\s+(?:refresh|up|preview|destroy|deploy|"
                r"apply|plan|install|upgrade|sync)\b(?!\s+(?:status|history|logs?|results?|reports?|summary|checks?|"
                r"details?|info\w*|list|output)\b)",
                needles=("run",),
            ),
        ),
        action="Execute",
        risk="high",
        skip_if_readonly=True,
    ),
    # (c) AI agent runs: the request goes to an agent that plans and acts on its own (a paid run).
    # Round 8 (a rule of its own: schema properties have no literal gate, and the rule above keeps its gate)
    Rule(
        "exec.op_list_run",
        "an operation argument lists a run or a deploy among its operations",
        _OP_LIST_RUNS,
        action="Execute",
        risk="high",
        skip_if_readonly=True,
    ),
    Rule(
        "exec.agent_start",
        "starts or hands a request to an AI agent run",
        any_of(
            # "Start an interactive ACP agent", "This tool initiates an intelligent agent that ...".
            rx(
                r"^\W*(?:start|launch|spawn|initiat)\w*\s+(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+){0,3}?(?:ai\s+)?agents?\b"
                r"(?!\s+(?:config\w*|definitions?|records?|profiles?|templates?|cards?|settings?|ids?|names?))",
                LEAD_FIELDS,
                lead_only=True,
                needles=("agent",),
            ),
            rx(
                r"\bthis tool\s+(?:starts|launches|spawns|initiates|runs)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
                r"(?:ai\s+)?agents?\b",
                ("description",),
                needles=("this tool",),
            ),
            # "This tool creates a NormalizedForecaster agent ... and then provides input data to the agent".
            rx(
                r"^\W*(?:this tool\s+)?creat\w*\s+(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+){0,3}?agents?\b[^.\n]{0,100}"
                r"\band\s+(?:then\s+)?(?:provides|sends|runs|asks|gets|returns|invokes|queries)\b",
                ("description",),
                lead_only=True,
                needles=("agent",),
            ),
            # "Intelligently route a request to the best ACP agent".
            rx(
                r"^\W*(?:\w+ly\s+)?(?:route|send|delegate|hand|dispatch|forward)s?\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?"
                r"(?:requests?|tasks?|prompts?|questions?|quer(?:y|ies))\s+to\s+(?:an?\s+|the\s+)?(?:best\s+|appropriate\s+|"
                r"right\s+|most\s+suitable\s+)?(?:[\w-]+\s+){0,2}?(?:ai\s+)?agents?\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("agent",),
            ),
            # "Generate test cases ... using the Test Case Generator AI Agent", "Use DebuggAI to run & test UI
            # changes ... with its User emulation agents".
            rx(
                r"^\W*(?:use\s+[\w.-]+\s+to\s+)?(?:generat|creat|writ|draft|analy[sz]|run|test)\w*\b[^.\n]{0,100}"
                r"\b(?:using|with|via|by)\s+(?:the\s+|an?\s+|its\s+)?(?:[\w-]+\s+){0,4}?(?:ai\s+agents?|agents)\b"
                r"|^\W*(?:use\s+[\w.-]+\s+to\s+)?(?:generat|creat|writ|draft|analy[sz]|run|test)\w*\b[^.\n]{0,100}"
                r"\b(?:using|via)\s+(?:the\s+|an?\s+)(?:[\w-]+\s+){1,4}?agent\b(?!\s*(?:ids?|names?|keys?|tokens?))",
                LEAD_FIELDS,
                lead_only=True,
                needles=("agent",),
            ),
            # "[MARKET INTELLIGENCE] Orchestrates all agents for ...": a bracketed tag before the lead.
            rx(
                r"^\W*\[[^\]]{0,60}\]\s*(?:the\s+)?(?:[\w-]+\s+){0,3}?orchestrates?\s+(?:\w+\s+){0,2}?(?:ai\s+)?agents\b",
                ("description",),
                lead_only=True,
                needles=("orchestrat",),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    # (c) Paid model calls worded without a provider name or "prompt" after the media word.
    Rule(
        "exec.model_call",
        "calls a language or generative model on the caller's input (a paid model run)",
        any_of(
            # "Prompts vision LLM and returns completion".
            rx(
                r"^\W*prompts?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:llms?|language\s+models?|ai\s+models?)\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("prompt",),
            ),
            # "Generate AI text completions with customizable parameters".
            rx(
                r"^\W*(?:generat|get|creat|produc|request)\w*\s+(?:an?\s+)?(?:ai|llm|model|text|chat)\s+"
                r"(?:text\s+|chat\s+)?completions?\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("completion",),
            ),
            # "Make live API calls to 1-5 models via OpenRouter".
            rx(
                r"^\W*(?:make|send|run)s?\s+(?:live\s+)?(?:api\s+)?(?:calls?|requests?|prompts?)\s+to\s+(?:[\w-]+\s+){0,3}?"
                r"(?:llms?|models?|ai\s+models?)\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("model", "llm"),
            ),
            # "Returns the LLM prompt completion in Markdown format": the answer is a model run (a retrieval
            # tool that "accepts an LLM user prompt" only to search returns sources, not a completion).
            rx(
                r"\breturns?\s+(?:the\s+|an?\s+)?(?:llm|ai|model)(?:['’]s)?\s+(?:prompt\s+)?(?:completions?|responses?|answers?)\b",
                ("description",),
                needles=("completion", "response", "answer"),
            ),
            # "Extracts JSON data from text using LLM" (a model reads the caller's text); extraction from
            # web pages is a scrape whose main effect is reading the page.
            none_of(
                rx(
                    r"^\W*(?:extract|describ|classif|translat|summari[sz]|rewrit|answer|tag)\w*\b[^.\n]{0,60}"
                    r"\b(?:using|via|with)\s+(?:an?\s+|the\s+)?(?:vision\s+)?(?:llms?|language\s+models?)\b",
                    LEAD_FIELDS,
                    lead_only=True,
                    needles=("llm", "language model"),
                ),
                rx(
                    r"\b(?:web\s?pages?|websites?|urls?|sites?|crawl\w*|scrap\w*)\b",
                    LEAD_FIELDS,
                    lead_only=True,
                ),
            ),
            # Round 9z: "Compare responses from multiple models" (each model answers the caller's prompt), "Fetches
            # the PR diff, runs static analysis rules, and optionally performs LLM review" (a multi-operation tool is
            # rated by its highest operation: the model run).
            rx(
                r"^\W*compar(?:e|es|ing)\s+(?:the\s+)?(?:responses?|answers?|outputs?|completions?)\s+(?:from|of|across)\s+"
                r"(?:multiple|several|different|many|two\s+or\s+more)\s+(?:ai\s+|llm\s+|language\s+)?models\b"
                r"|\b(?:optional(?:ly)?\s+(?:performs?\s+|runs?\s+)?|performs?\s+|runs?\s+)(?:an?\s+)?llm(?:[- ]powered|[- ]based)?\s+"
                r"(?:code\s+)?reviews?\b",
                LEAD_FIELDS,
                needles=("compar", "llm"),
            ),
            # "Generate 3D asset using Hyper3D by giving description", "Generate a voice based on description
            # prompts": a generative model turns the caller's description into media.
            rx(
                r"^\W*(?:generat|creat)\w*\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:3d\s+(?:assets?|models?|meshes|objects?)|"
                r"images?|videos?|music|speech|audio|voices?)\b"
                r"[^.\n]{0,60}\b(?:from|by\s+giving|given|based\s+on|using)\s+(?:an?\s+|the\s+)?(?:text\s+|natural[- ]language\s+)?"
                r"descriptions?\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("description",),
            ),
            # Round 7: "Generate an image, return the base64-encoded data" with a `prompt` argument: the caller's
            # prompt is what a generative model draws (a template or chart renderer takes data, not a prompt).
            all_of(
                rx(
                    r"^\W*(?:generat|creat)\w*\s+(?:an?\s+|one or more\s+|multiple\s+)?(?:new\s+)?(?:ai[- ])?"
                    r"(?:images?|videos?|music|songs?|speech|audio|voices?)\b",
                    LEAD_FIELDS,
                    lead_only=True,
                    needles=("image", "video", "music", "song", "speech", "audio", "voice"),
                ),
                prop_named(r"(?:\w+_)?prompt|prompt_?text|text_?prompt"),
            ),
            # "Generate a video based on an image. Note: This tool calls MiniMax API and may incur costs.".
            all_of(
                rx(
                    r"^\W*(?:generat|creat|synthes|produc)\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:videos?|images?|voices?|"
                    r"speech|audio|music|songs?)\b",
                    LEAD_FIELDS,
                    lead_only=True,
                ),
                rx(
                    r"\b(?:may|will|can)\s+incur\s+(?:\w+\s+)?(?:costs?|charges?|fees?)\b|\bwill\s+be\s+(?:billed|charged)\b",
                    ("description",),
                    needles=("incur", "billed", "charged"),
                ),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    # (a) Generic HTTP to any address, and generic tool dispatch.
    Rule(
        "exec.http_request",
        "sends an arbitrary HTTP request (any URL, method or body) or calls any tool by name",
        any_of(
            # "Make HTTP requests to web endpoints", "Make an HTTP request to any URL with customizable method".
            rx(
                r"^\W*(?:make|send|perform|issue|execute)s?\s+(?:an?\s+|arbitrary\s+|custom\s+|generic\s+)?https?\s+"
                r"(?:requests?|calls?)\s+to\s+(?:any|arbitrary|web|external|remote)\s+(?:urls?|endpoints?|apis?|servers?|hosts?)\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("http",),
            ),
            # "Perform an HTTP POST request" with nothing after it: any URL, the caller's body.
            rx(
                r"^\W*(?:make|send|perform|issue|execute)s?\s+(?:an?\s+)?(?:https?\s+)?(?:post|put|patch|delete)\s+"
                r"(?:https?\s+)?requests?\s*(?:\.|$)",
                LEAD_FIELDS,
                lead_only=True,
                needles=("request",),
            ),
            all_of(
                rx(
                    r"^\W*(?:make|send|perform|issue|execute)s?\s+(?:an?\s+)?(?:https?|rest|api)\s+requests?\b",
                    LEAD_FIELDS,
                    lead_only=True,
                    needles=("request",),
                ),
                prop_named(r"(?:http_?)?method"),
                prop_named(r"(?:url|uri|endpoint|path)"),
            ),
            # Round 8r: `httpPatch(url, body)` "Send an HTTP PATCH request with a body and return the response": the
            # method is fixed by the name, the URL and the body are the caller's.
            all_of(
                any_of(
                    rx(
                        r"^\W*(?:make|send|perform|issue|execute|do)(?:e?s)?\s+(?:an?\s+)?(?:https?\s+)?(?:post|put|patch|delete)\s+"
                        r"(?:https?\s+)?(?:requests?|calls?)\b",
                        LEAD_FIELDS,
                        lead_only=True,
                        needles=("post", "put", "patch", "delete"),
                    ),
                    name_has(W("http https request fetch curl"), W("post put patch delete")),
                ),
                prop_named(r"(?:url|uri|endpoint|target_?url|request_?url)"),
            ),
            # Round 8: `api_request(method, path, body)`, "Send a request to Elasticsearch": the caller picks the
            # method and the endpoint of one vendor's API (a monitor that stores a method and a URL is not a call).
            none_of(
                all_of(
                    name_has(W("request requests call api http rest")),
                    prop_named(r"(?:http_?)?method"),
                    prop_named(r"(?:url|uri|endpoint|path|route|api_?path)"),
                ),
                # `get-request-body(method, path)` reads an API's description
                name_has(W("get list show describe find search read fetch view"), first=True),
            ),
            # Round 9n: `l402_fetch(url, method, headers, body)` "Fetch a URL with automatic L402 Lightning payment": a
            # fetch that takes the caller's method and body is any request to any URL.
            all_of(
                name_has(W("fetch")),
                prop_named(r"(?:http_?)?method"),
                prop_named(r"(?:url|uri|endpoint|target_?url|request_?url)"),
                prop_named(r"body|data|payload|json|request_?body"),
            ),
            # Round 8y: `invoke_mtproto(method_full_name, params_json)` "invoke for methods not wrapped by other tools":
            # any method of one vendor's API with the caller's parameters.
            all_of(
                # (round 9r: `matomo_api(method, params)` "call ANY Matomo Reporting API method directly")
                any_of(
                    name_has(W("invoke call raw")),
                    rx(r"\bany\b[^.\n]{0,40}\bapi\s+methods?\b", ("description",), needles=("any",)),
                ),
                prop_named(r"(?:api_?|rpc_?)?method(?:_?name)?|method_?full_?name"),
                prop_named(r"params|parameters|args|arguments|body|payload|params_?json"),
            ),
            # "Call a specific tool from a specific server": a dispatcher to any connected tool.
            rx(
                r"^\W*(?:call|invoke|run|execute)s?\s+(?:an?\s+|any\s+)?(?:specific\s+|given\s+)?(?:mcp\s+)?tools?\s+"
                r"(?:from|on|of)\s+(?:an?\s+|any\s+)?(?:specific\s+|given\s+|connected\s+)?(?:mcp\s+)?servers?\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("tool",),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    # (a) Write queries named by what they do rather than by "raw"/"arbitrary".
    Rule(
        "exec.modifying_query",
        "runs the caller's data-modifying query, aggregation or code, or runs the caller's query to time it",
        any_of(
            # "Execute data modification queries (INSERT/UPDATE/DELETE)".
            rx(
                r"\b(?:execut\w*|runs?)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:data[- ])?(?:modification|modifying|mutation|"
                r"mutating|write|dml)\s+(?:sql\s+)?(?:quer(?:y|ies)|statements?)\b",
                TEXT_FIELDS,
                needles=("modif", "mutat", "write", "dml"),
            ),
            # "Run an aggregation against a MongoDB collection": a pipeline can write ($out, $merge).
            rx(
                r"^\W*(?:run|runs|execut\w*)\s+(?:an?\s+)?aggregations?\s+(?:pipelines?\s+)?(?:against|on|in)\s+"
                r"(?:an?\s+|the\s+)?(?:[\w-]+\s+)?collections?\b",
                LEAD_FIELDS,
                lead_only=True,
                needles=("aggregation",),
            ),
            # "Execute custom Playwright JS code against the current page": a language named after a
            # library word, which exec.script's one-word slot misses.
            rx(
                r"^\W*(?:run|runs|execut\w*|evaluat\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|custom\s+|any\s+)*"
                r"(?:[\w.-]+\s+){1,2}?(?:js|javascript|typescript|ts|python|node(?:\.?js)?|bash|shell|lua|ruby|php|apex|groovy|"
                r"powershell)\s+(?:code|scripts?|snippets?)\b(?!\s+(?:review|analysis|search|quality|scan|coverage|format|"
                r"lint|smells?|complexity|metrics|style))",
                LEAD_FIELDS,
                lead_only=True,
                needles=("code", "script", "snippet"),
            ),
            # Round 8v: "Execute a mutation against Dgraph" with the caller's mutation text: whatever triples or
            # records it sets or deletes are committed to the database (a vendor's GraphQL API is exec.dispatch).
            none_of(
                all_of(
                    lead_rx(
                        r"^\W*(?:execut\w*|runs?|apply|applies|commits?)\s+(?:an?\s+|the\s+|one or more\s+)?(?:[\w-]+\s+)?"
                        r"mutations?\b",
                        needles=("mutation",),
                    ),
                    prop_named(r"(?:\w+_)?mutations?|n_?quads|rdf"),
                ),
                rx(r"\bgraphql\b", TEXT_FIELDS, needles=("graphql",)),
            ),
            # "Analyzes the performance of a SQL query by executing it multiple times".
            rx(
                r"\bquer(?:y|ies)\b[^.\n]{0,40}\bby\s+(?:actually\s+)?(?:execut|runn)ing\s+(?:it|them|the\s+quer(?:y|ies))\b",
                TEXT_FIELDS,
                needles=("by execut", "by runn", "by actually"),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    # Critical: deploying the caller's app or compose project ("new/existing apps" defeats deploy.code).
    Rule(
        "deploy.app_project",
        "deploys the caller's app or compose project to a runtime",
        rx(
            r"^\W*(?:\w+ly\s+)?deploy(?:s|ing)?\s+(?:an?\s+|the\s+)?(?:[\w-]+/[\w-]+\s+)(?:apps?|applications?)\b"
            r"|^\W*(?:\w+ly\s+)?deploy(?:s|ing)?\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:[\w-]+\s+)?(?:projects?|services?|stacks?|apps?)"
            r"\s+from\s+(?:an?\s+|the\s+)?(?:[\w.-]+\s+)?(?:docker-compose|compose|dockerfile|git|github|repositor(?:y|ies)|"
            r"source|code|zip|archive|yaml)\b",
            LEAD_FIELDS,
            lead_only=True,
            needles=("deploy",),
        ),
        risk="critical",
        flags=("code_execution",),
        writes=True,
        skip_if_readonly=True,
    ),
    # (a) Round 7: the caller's program in a named language, whatever the verb ("Play music using Sonic Pi code",
    # "code: Sonic Pi Ruby code"): the server runs what the caller wrote.
    Rule(
        "exec.domain_code",
        "takes a program in a named programming language as its code/script argument and runs it",
        none_of(
            any_of(
                # (the argument line's own "code:" / "code (str):" is the pre-check)
                rx(
                    _CODE_ARG_LINE,
                    ("description",),
                    needles=(
                        "code:",
                        "code (",
                        "script:",
                        "script (",
                        "source:",
                        "source (",
                        "snippet:",
                        "program:",
                    ),
                ),
                _code_prop,
            ),
            _NO_EXECUTION,
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    # (a) Round 7 (rubric decision): a generic call that reaches any of the user's connected third-party accounts
    # or platforms, the caller picking platform and action, is critical like any method of a cloud account.
    Rule(
        "exec.any_platform",
        "performs any action on the user's connected third-party platforms or accounts (a generic cross-account call)",
        rx(
            r"^\W*(?:execut|perform|run|call|invoke|trigger)\w*\s+(?:an?\s+|any\s+)?(?:[\w-]+\s+)?(?:actions?|operations?|"
            r"tools?)\b[^.\n]{0,60}\b(?:on|across|in|for)\s+(?:any\s+)?(?:(?:of\s+)?(?:the\s+|your\s+)?(?:user['’]?s\s+)?)?"
            r"(?:connected\s+)?(?:third[- ]party|external)\s+(?:platforms?|apps?|applications?|services?|integrations?|"
            r"accounts?)\b"
            r"|\b(?:on|across|in)\s+any\s+(?:of\s+(?:the\s+|your\s+)?)?connected\s+(?:apps?|applications?|platforms?|"
            r"accounts?|integrations?|services?)\b",
            ("description",),
            lead_only=True,
            needles=("third-party", "third party", "external ", "connected "),
        ),
        action="Execute",
        risk="critical",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
]
