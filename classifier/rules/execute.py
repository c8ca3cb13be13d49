"""Execute rules: caller-supplied code, shell commands, write queries, agents, browsers, workloads."""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.contexts import (
    _BROWSER_ACT,
    _BROWSER_CONTEXT,
    _BROWSER_OPEN_CLOSE,
    _DEVICE_UI_CONTEXT,
    _EDITOR_CONTEXT,
    _ENFORCED_READONLY,
    _NO_EXECUTION,
    _NO_PROPS,
    _READ_QUERY_KIND,
    _READONLY_ADVICE,
    _READONLY_QUERY,
    _SHELL_NAME,
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
from classifier.rules.schema_classes import FUNCTION_NAME_SELECTOR, LISTED_READ_STATEMENTS
from classifier.text import ToolText

# "Delegate complex tasks to an autonomous agent for independent execution": the agent works on its own.
_DELEGATE = r"^\W*delegat\w*\b[^.\n]{0,80}\bto\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:sub-?)?agents?\b"

# "Send key sequences using tmux syntax ... C-c (interrupt) ... Enter": keys typed into a terminal run whatever
# command line they complete (a browser's or a device's key press is exec.browser, high).
_TERMINAL_KEYS = all_of(
    any_of(
        lead_rx(
            r"^\W*(?:send|type|press)(?:e?s)?\s+(?:\w+\s+)?(?:keys?|key\s+sequences?|keystrokes?|key\s+presses)\b",
            needles=("key",),
        ),
        # "Resume a paused session by providing input (confirmations, interactive prompts)": the caller's answer
        # goes to the waiting command's stdin, the same as typing it.
        lead_rx(
            r"\b(?:provid(?:e|es|ing)|send(?:s|ing)?|writ(?:e|es|ing))\s+(?:[\w-]+\s+){0,2}?(?:input|stdin)\b"
            r"(?!\s+(?:fields?|schemas?|forms?|boxe?s?|elements?))",
            needles=("input", "stdin"),
        ),
    ),
    rx(
        r"\b(?:tmux|terminal|shell|pane|console|tty|pty|screen\s+session)\b",
        ("description", "title", "name", "server"),
    ),
)

_CRUD_LAST = frozenset(W("create update delete remove list get set add edit"))


def _crud_verb_last(t: ToolText) -> Match | None:
    """A name in the object-then-verb convention (`pods_list`, `trigger_create`)."""
    toks = t.name_tokens
    if len(toks) >= 2 and toks[-1].text in _CRUD_LAST:
        return "name", t.name
    return None


EXECUTE_RULES: list[Rule] = [
    # Execute: caller-supplied code, commands, write queries.
    Rule(
        "exec.code_argument",
        "takes caller-supplied code or a command to run",
        none_of(
            any_of(
                all_of(
                    prop_named(
                        r"(?:code|script|source_?code|js|javascript|python|command|cmd|cli_?command|shell_?command|"
                        r"commands|shell|bash|function|snippet|code_?snippet|"
                        r"(?:python|js|javascript|typescript|ts|lua|ruby|bash|shell|clojure|julia|r|user|boto3?)_?code)"
                    ),
                    rx(
                        r"\b(?:run|runs|execut\w*|evaluat\w*|eval)\b",
                        ("name", "title", "description"),
                        needles=("run", "exec", "eval"),
                    ),
                ),
                # Round 8: `docker_run(image, command)`, a Job created from an image and a command: the caller's command
                # runs in a container of the caller's image.
                all_of(
                    # (a Docker container created is not started; a pod, job or deployment created runs)
                    any_of(
                        name_has(W("run start launch exec execute spawn")),
                        name_has(["create"], W("pod pods job jobs cronjob cronjobs deployment deployments")),
                    ),
                    prop_named(r"(?:container_?)?image(?:_?name)?"),
                    prop_named(r"command|cmd|commands|args|entrypoint"),
                ),
            ),
            _ENFORCED_READONLY,
            # round 8f: a `function` argument named as the server's own function ("Name of the function to execute")
            FUNCTION_NAME_SELECTOR,
            _NO_EXECUTION,
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.write_query",
        "runs a caller-written write/raw query against a database",
        none_of(
            any_of(
                rx(
                    r"\b(?:execut\w*|runs?)\s+(?:an?\s+|the\s+)?(?:raw|arbitrary|write|mutating|custom|any|ddl|dml)\s+"
                    r"(?:\w+\s+){0,3}?(?:sql|cypher|quer(?:y|ies)|statements?|operations?|commands?)"
                    r"|\braw sql\b|\b(?:execut\w*|runs?)\s+(?:an?\s+|the\s+)?(?:ddl|dml)\b"
                    r"|\b(?:execut\w*|runs?)\s+(?:an?\s+|the\s+|multiple\s+|one or more\s+)?(?:sql|cypher)\b"
                    r"|\b(?:execut\w*|runs?)\s+(?:an?\s+|the\s+)?(?:insert|update|delete|drop|create|alter|merge|upsert)\b"
                    r"[^.\n]{0,30}\b(?:quer(?:y|ies)|statements?|sql)",
                    TEXT_FIELDS,
                    needles=("execut", "run", "raw sql"),
                ),
                # Named for running SQL/Cypher (`execute_sql`, `sql_exec`): the caller writes the statement.
                name_has(W("execute exec run"), W("sql cypher dml ddl statement statements")),
                # "Execute ClickHouse queries", "Run a query in a Timeplus database": a query tool with
                # no read-only qualifier runs whatever the caller writes, writes included.
                all_of(
                    rx(
                        # ("Submit a SQL query to BigQuery": handed to the engine, which runs it)
                        r"^\W*(?:\w+ly\s+)?(?:execut\w*|runs?|submits?|issues?)\s+(?:an?\s+|the\s+|any\s+|arbitrary\s+|custom\s+|"
                        r"multiple\s+)?(?:[\w-]+\s+)?(?:sql\s+)?(?:quer(?:y|ies)|statements?|aggregation\s+pipelines?)\b"
                        r"(?!\s+language)",
                        TEXT_FIELDS,
                        lead_only=True,
                        # an aggregation pipeline can write its output ($out, $merge), so it is a caller query
                        needles=("quer", "statement", "aggregation pipeline"),
                    ),
                    any_of(
                        rx(
                            r"\b(?:databases?|db|sql|tables?|warehouse|cluster|server|collections?|graph)\b"
                            r"|\b(?:[\w-]+(?:sql|db|base|house|store)|cypher|aql|sparql)\b",
                            ("description", "title", "name", "server"),
                        ),
                        prop_named(r"(?:\w+_)?(?:sql|statements?|cypher|aql)"),
                    ),
                    # ...and the caller writes the query text (a filter/projection form is a find).
                    any_of(
                        _NO_PROPS,
                        prop_named(r"(?:\w+_)?(?:query|queries|sql|statements?|cypher|aql|q|pipeline)"),
                    ),
                ),
            ),
            none_of(_READONLY_QUERY, _READONLY_ADVICE),
            _ENFORCED_READONLY,
            # round 8e: the statements the description lists are all reads ("Supported queries: - SHOW ...")
            LISTED_READ_STATEMENTS,
            # a GraphQL query goes to one vendor's API, not to a database (exec.dispatch: Execute/high)
            rx(r"\bgraphql\b", TEXT_FIELDS, needles=("graphql",)),
            _READ_QUERY_KIND,
            name_has(W("find search list get count read select fetch show describe ask explain"), first=True),
            name_has(W("select readonly")),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.shell",
        "runs shell or CLI commands",
        any_of(
            rx(
                # "Execute one or more shell commands": a count phrase is not the one free word allowed.
                r"\b(?:run|runs|execut\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|any\s+|one or more\s+|multiple\s+|several\s+)?"
                r"(?:\w+\s+)?(?:shell|terminal|bash|cli|command[- ]line|system|os)\s+(?:commands?|cmds?)\b"
                r"|\bexecut\w*\s+(?:an?\s+|the\s+|arbitrary\s+)?commands?\b",
                TEXT_FIELDS,
                needles=("command", "cmd"),
            ),
            # "Run a kubectl command", "Run a command on this machine": the tool's own job is to run
            # a command the caller writes (only as the lead verb: "convert docker run commands" is not).
            rx(
                r"^\W*(?:\w+ly\s+)?(?:run|runs|execut\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|any\s+|raw\s+|one or more\s+|"
                r"multiple\s+|several\s+)?(?:[\w-]+\s+)?commands?\b",
                TEXT_FIELDS,
                lead_only=True,
                needles=("command",),
            ),
            _SHELL_NAME,
            _TERMINAL_KEYS,
            # Round 8: "Send a command to EC2 instances via SSM": the command runs in a shell on the hosts (a device
            # command of a smart home is not one).
            lead_rx(
                r"^\W*sends?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:commands?|scripts?)\s+to\s+(?:an?\s+|the\s+|one or more\s+|"
                r"multiple\s+|all\s+)?(?:[\w-]+\s+){0,2}?(?:instances?|hosts?|servers?|machines?|nodes?|vms?|shells?|terminals?)\b",
                needles=("send",),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.script",
        "evaluates or runs caller-supplied code",
        none_of(
            rx(
                r"\b(?:evaluat\w*|eval)\s+(?:an?\s+|the\s+)?(?:javascript|js|script|code)"
                r"|\b(?:run|runs|execut\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|custom\s+|any\s+)?"
                r"(?:playwright\s+|python\s+|javascript\s+|js\s+|node\s+|user\s+)?(?:code|script|snippet)s?\b"
                r"|\b(?:run|runs|execut\w*|evaluat\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|custom\s+|any\s+)?"
                r"(?:javascript|js|python|typescript|bash|powershell|lua|ruby|node\.?js|clojure|elixir|julia)\b"
                # "Execute a boto3 code snippet", "Evaluate Clojure code", "Run pandas code": one language or
                # library word before "code"/"code snippet" (not "run static code analysis").
                r"|\b(?:run|runs|execut\w*|evaluat\w*|eval)\s+(?:an?\s+|the\s+|arbitrary\s+|custom\s+|any\s+)?"
                r"(?!(?:both|all|your|our|my|this|that|these|its|static|security|unit|test|sample|example)\s)"
                r"[\w.+#-]+\s+code(?:\s+snippets?)?\b(?!\s+(?:review|analysis|search|quality|scan|coverage|format|lint|"
                r"smells?|complexity|metrics|style|changes?|diffs?|owners?))",
                ("name", "title", "description"),
                needles=(
                    "eval",
                    "code",
                    "script",
                    "snippet",
                    "javascript",
                    "js",
                    "python",
                    "bash",
                    "powershell",
                    "lua",
                    "ruby",
                    "clojure",
                    "elixir",
                    "julia",
                ),
            ),
            # An example prompt in the description ('"user_prompt": "Write and run a Python script"') asks a
            # hosted model to run code in its own sandbox; the server runs nothing the caller wrote.
            rx(
                r"\"(?:user_|system_)?prompt\"\s*:\s*\"[^\"\n]{0,80}\b(?:run|runs|execute|evaluate)\b",
                ("description",),
                needles=("prompt",),
            ),
            # Round 7: "Use other tools to execute any code or scripts provided by the skill": guidance that sends
            # the running to another tool; this one only hands the text over.
            rx(
                r"\b(?:use|call|with|via)\s+(?:other|another|separate|different|a\s+separate|a\s+different)\s+tools?\s+to\s+"
                r"(?:run|execute|evaluate|eval)\b",
                ("description",),
                needles=("tool",),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.repl",
        "is an interactive interpreter (REPL) the caller types code into",
        any_of(
            # "Interactive Python REPL that maintains session state", "A Node.js REPL": every call runs code.
            rx(
                r"^\W*(?:an?\s+|the\s+)?(?:interactive\s+|stateful\s+|persistent\s+)?(?:python|javascript|js|node(?:\.?js)?|"
                r"ruby|julia|r|elixir|clojure|lua|scala|haskell|ocaml|lisp|scheme|deno|bun)\s+(?:language\s+)?repl\b",
                ("description", "title"),
                lead_only=True,
                needles=("repl",),
            ),
            name_has(W("python js javascript node ruby julia elixir clojure lua"), ["repl"]),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.explain_analyze",
        "runs the caller's query to measure it (EXPLAIN ANALYZE executes the statement, writes included)",
        none_of(
            rx(
                r"\bexplain\s+analy[sz]e\b|\bactual\s+(?:query\s+)?execution\s+plans?\b"
                r"|\bexecution\s+plans?\s+with\s+(?:actual\s+)?run-?time\s+statistics\b",
                TEXT_FIELDS,
                needles=("explain analy", "actual execution", "actual query execution", "time statistics"),
            ),
            rx(
                r"\b(?:without|never|does not|doesn't)\s+(?:actually\s+)?(?:execut|runn?)\w*",
                ("description",),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        # not skipped on readOnlyHint: EXPLAIN ANALYZE runs the statement whatever the server declares (round 8)
    ),
    Rule(
        "exec.coding_agent",
        "delegates a prompt to a coding-agent CLI that can run commands and edit files",
        any_of(
            rx(
                r"^\s*(?:[\w -]{1,30}:\s*)?(?:run|runs|start|starts)\b[^.\n]{0,60}\b(?:cli|agent|code)\b[^.\n]{0,20}\brequest",
                ("description",),
                lead_only=True,
            ),
            # Tasks delegated to an agent that refactors files, fixes failing tests or runs commands.
            all_of(
                lead_rx(_DELEGATE, needles=("delegat",)),
                rx(
                    r"\b(?:refactor\w*|(?:multiple|across)\s+files|test failures|(?:run|runs|execut\w*)\s+commands?|codebase)\b",
                    ("description",),
                    needles=("refactor", "files", "test failures", "command", "codebase"),
                ),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.llm_run",
        "runs an LLM / AI agent job (paid, acts on its own)",
        any_of(
            rx(
                r"^\s*(?:[\w -]{1,30}:\s*)?(?:run|runs|start|starts|ask|asks|use|send|invoke|request|challenge|route|select|pick)\b"
                r"[^.\n]{0,80}\b(?:llm|models?|provider|copilot|gpt|claude|gemini|codex|seer|ai agent|judge|chatgpt|openai|"
                r"anthropic|deepseek|mistral|grok|ollama|(?:powerful|another|second|external|an)\s+ai)\b"
                # "Generate text using DeepSeek R1", "Analyze code using OpenAI API", "think with deepseek":
                # the answer comes from a (paid) model run on the caller's prompt.
                r"|^\W*(?:\w+\s+)?(?:generat|think|reason|answer|chat|complet|analy[sz]|summari[sz]|writ|creat|transcrib)\w*\b"
                r"[^.\n]{0,60}\b(?:using|via|with|through)\s+(?:the\s+|an?\s+)?(?:[\w.-]+\s+)?(?:openai|chatgpt|claude|"
                r"gemini|gpt[\w.-]*|anthropic|deepseek|mistral|grok|llama|ollama|qwen|llms?|ai models?)\b"
                # "Generate an image from a text prompt", "Generate AI images from text prompts": a generative
                # media model run (paid per call) on the caller's prompt.
                r"|^\W*(?:generat|creat)\w*\s+(?:an?\s+|one or more\s+|multiple\s+)?(?:new\s+)?(?:ai[- ])?"
                r"(?:images?|videos?|music|speech|audio)\b[^.\n]{0,120}\b(?:prompts?|models?|ai|diffusion|as\s+(?:a\s+)?reference|"
                r"reference\s+(?:images?|photos?))\b"
                # "Generate images using the 4o-image API": a named image model's API.
                r"|^\W*(?:generat|creat)\w*\s+(?:an?\s+)?(?:ai[- ])?(?:images?|videos?)\s+(?:using|via|with)\s+(?:the\s+)?"
                r"[\w.-]+\s+(?:api|model)\b"
                # "Respond with text to a prompt using the ... API": the answer is a model's run on the prompt.
                r"|^\W*respond\w*\s+with\s+(?:text|audio|speech|an?\s+answer)\s+to\s+(?:an?\s+|the\s+)?prompts?\b",
                ("description",),
                lead_only=True,
            ),
            # (apart from the lead pattern above, so its literal pre-check stays as selective as it was)
            lead_rx(
                # "Get responses from various LLM providers": the answers are model runs on the caller's prompt.
                r"^\W*get\s+(?:\w+\s+){0,2}?(?:responses?|answers?|completions?|opinions?)\s+from\s+[^.\n]{0,40}"
                r"\b(?:llms?|models?|ai)\b"
                # "Translate hand-drawn sketches to production-grade images": an image model draws them.
                r"|^\W*(?:translate|turn|convert|transform)s?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                r"(?:sketch(?:es)?|drawings?|doodles?)\s+(?:in)?to\s+(?:[\w-]+\s+){0,2}?images?\b"
                # "Clone a voice using the provided audio file": a voice model is trained and run (billed).
                r"|^\W*clon(?:e|es|ing)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?voices?\b"
                # "Engages in a conversation using the Sonar API": each call is a chat completion.
                r"|^\W*engag(?:e|es|ing)\s+in\s+(?:an?\s+)?conversations?\s+(?:using|with|via)\b"
                # Round 7: a model run worded by what the model does, with no model named: a conversation that
                # keeps its context across messages, one answer judging and ranking others, a face or artwork drawn
                # from nothing but the request (chart and diagram renderers draw given data and are not these).
                r"|^\W*(?:have|has|hold|holds|start|starts|continue|continues)\s+(?:an?\s+)?(?:[\w-]+\s+)?conversations?\s+"
                r"with\b[^.\n]{0,60}\b(?:maintain|keep|preserv|retain)\w*\s+(?:the\s+)?(?:conversation(?:al)?\s+)?"
                r"(?:context|history|memory)\b"
                r"|\b(?:evaluat|judg)\w*\s+and\s+(?:rank|scor|compar|grad)\w*\s+(?:[\w'’-]+\s+){0,4}?"
                r"(?:responses|answers|outputs|completions)\b"
                r"|^\W*(?:generat|draw|paint)\w*\b[^.\n]{0,40}\b(?:human\s+)?(?:faces?|portraits?|photos?|photographs?|"
                r"artworks?|paintings?|illustrations?|avatars?)\b(?!\s+(?:albums?|galler(?:y|ies)|folders?|collections?|"
                r"urls?|links?|records?|entr(?:y|ies)|ids?|metadata|list))",
                needles=(
                    "response",
                    "answer",
                    "completion",
                    "opinion",
                    "sketch",
                    "drawing",
                    "doodle",
                    "voice",
                    "conversation",
                    "outputs",
                    "face",
                    "portrait",
                    "photo",
                    "artwork",
                    "painting",
                    "illustration",
                    "avatar",
                ),
            ),
            # Round 8: "Transform an existing video using AI": the work is done by a model (AI assistants, agents and coding
            # tools named as the caller, an "AI overview" or "AI search" read from a search engine, and "AI-powered" as
            # praise are not a model run).
            rx(
                r"\b(?:using|with|via|by)\s+(?:the\s+)?ai\b(?!-|\s+(?:assistants?|agents?|coding|tools?|clients?|apps?|"
                r"applications?|ides?|editors?|platforms?|integrations?|workflows?|overviews?|modes?|search\w*|"
                r"answers?|summar\w+|results?)\b)",
                ("description",),
                # one needle for all the phrasings: "using ai", "with the ai", "by ai"...
                needles=(" ai",),
            ),
            # "Describe what changes you want and the AI will apply them" on a tool that takes the model to use (without
            # one, "the AI" may be the calling agent).
            all_of(
                rx(r"\bthe\s+ai\s+will\b", ("description",), needles=("the ai will",)),
                prop_named(r"(?:\w+_)?models?(?:_?(?:id|name))?"),
            ),
            # "Chat using free OpenRouter models with automatic model selection": each call is a model's completion.
            lead_rx(
                r"^\W*chat\w*\s+(?:with|using|via)\s+(?:[\w.-]+\s+){0,3}?(?:models?|llms?)\b",
                needles=("chat",),
            ),
            # Round 6: a media model named by its operation alone ("Crisp upscale of the input image",
            # "Vectorize an input image", "Isolate audio from a file", "Generate caption for image",
            # "Submit a tryon task"): each is a (billed) model run on the caller's media.
            lead_rx(
                # (the words before the operation are not a verb that reads, uploads or stores its result)
                r"^\W*(?:(?!(?:get|list|query|check|fetch|read|show|search|upload|add|save|store|download|delete)\b)\w+\s+)"
                r"{0,2}?(?:upscal\w*|vectori[sz]\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:images?|photos?|pictures?|"
                r"logos?|rasters?|bitmaps?)|isolat\w*\s+(?:the\s+)?(?:audio|voices?|vocals?)|(?:remov|replac)\w*\s+(?:the\s+)?"
                r"(?:image\s+)?backgrounds?(?!\s+images?)|inpaint\w*|outpaint\w*|generat\w*\s+(?:an?\s+)?(?:text-to-speech|tts|speech|"
                r"captions?|voice)|(?:submit|create|run|start)\w*\s+(?:an?\s+)?(?:virtual\s+)?try-?on)\b",
                needles=(
                    "upscal",
                    "vectori",
                    "isolat",
                    "background",
                    "inpaint",
                    "outpaint",
                    "speech",
                    "tts",
                    "caption",
                    "voice",
                    "tryon",
                    "try-on",
                ),
            ),
            # "Generate Pact tests using PactFlow AI", "Generates infrastructure code based on a natural language
            # prompt": the vendor's AI or the caller's prompt writes the output.
            lead_rx(
                r"^\W*(?:generat|creat)\w*\b[^.\n]{0,60}\b(?:using|via|with)\s+(?:the\s+)?[\w.-]+\s+ai\b"
                r"|^\W*generat\w*\b[^.\n]{0,60}\b(?:based on|from)\s+(?:an?\s+|the\s+)?(?:natural[- ]language\s+|text\s+)?"
                r"prompts?\b",
                needles=("prompt", " ai"),  # (each alternative needs one; "creat" leads too many tools)
            ),
            # "Generate documentation for code" on a server named for an LLM: the model writes it.
            all_of(
                lead_rx(
                    r"^\W*generat\w*\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:code|documentation|docs|text|tests?|"
                    r"summar(?:y|ies))\b",
                    needles=("generat",),
                ),
                rx(r"\b(?:llms?|gpt|openai|gemini|claude|ollama)\b", ("server",)),
            ),
            # "COST WARNING: This tool makes an API call to ElevenLabs which may incur costs": a paid run, unless
            # the tool only reads or stores a configuration.
            none_of(
                rx(
                    r"\b(?:may|will|can)\s+incur\s+(?:\w+\s+)?(?:costs?|charges?|fees?)\b|\bcost warning\b",
                    ("description",),
                    needles=("incur", "cost warning"),
                ),
                name_has(
                    W(
                        "get list search find read fetch show check create add update delete remove set save register"
                    ),
                    first=True,
                ),
            ),
            # "... returns a chat completion response from the Perplexity model" (said after the lead).
            rx(
                r"\bcompletion\s+responses?\s+from\s+(?:the\s+|an?\s+)?(?:[\w.-]+\s+){0,2}?(?:models?|llms?)\b",
                ("description",),
                needles=("completion",),
            ),
            # "Text chat with ${AI_CHAT_NAME}" on a chat-completions server: the other side is a model.
            all_of(
                rx(
                    r"^\W*(?:text\s+)?chat\s+with\b",
                    ("description", "title"),
                    lead_only=True,
                    needles=("chat with",),
                ),
                rx(r"\b(?:chat[-_ ]?completions?|llms?|openai|ai[-_ ]?chat)\b", ("server", "name")),
            ),
            # `grok_reason`, `kimi_thinking`, `deepseek_answer` ("Deep reasoning"): the tool is named for a model
            # provider and for what the model does; the description may say no more.
            none_of(
                name_has(
                    W("grok kimi deepseek gpt chatgpt claude gemini qwen openai mistral llama o1 o3"),
                    W("reason reasoning think thinking answer chat ask consult"),
                ),
                name_has(W("get list search find read fetch show history logs delete"), first=True),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.agent_run",
        "hands the request to an AI agent that plans and acts on its own (a paid model run)",
        any_of(
            rx(
                # "Specialized agent for financial data extraction", "A comprehensive agent that can utilize
                # multiple sources", "The Director tool orchestrates specialized agents".
                r"^\W*(?:\[[^\]]{0,60}\]\s*)?(?:an?\s+|the\s+)?(?:specialized|specialised|comprehensive|autonomous|"
                r"research|ai|llm|intelligent|expert)\s+(?:[\w-]+\s+)?agents?\s+(?:that|for|which|who)\b"
                r"|^\W*(?:the\s+)?(?:[\w-]+\s+){0,3}?orchestrates?\s+(?:\w+\s+){0,2}?(?:ai\s+)?agents\b",
                ("description",),
                lead_only=True,
                needles=("agent",),
            ),
            # "Generate a deep research on ...", "Delegate tasks to an autonomous agent": an agent plans and acts.
            lead_rx(
                r"^\W*(?:generat|run|start|conduct|perform)\w*\s+(?:an?\s+)?deep[- ]research\b|" + _DELEGATE,
                needles=("deep", "delegat"),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.llm_params",
        "takes a chat prompt with model sampling parameters (a model run per call)",
        none_of(
            all_of(
                prop_named(r"(?:messages|prompt|user_prompt|system_prompt)"),
                prop_named(r"(?:model|model_name|model_id)"),
                prop_named(
                    r"(?:temperature|top_p|max_tokens|max_new_tokens|presence_penalty|frequency_penalty)"
                ),
            ),
            # `create_agent`, `update_prompt_template` store a configuration that a later run uses.
            name_has(W("create update add set save register delete"), first=True),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.browser",
        "drives a live browser session (clicks, typing, navigation)",
        any_of(
            none_of(all_of(_BROWSER_ACT, any_of(_BROWSER_CONTEXT, _DEVICE_UI_CONTEXT)), _EDITOR_CONTEXT),
            all_of(_BROWSER_OPEN_CLOSE, _BROWSER_CONTEXT),
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
            # "Print a 3MF file on a Bambu Lab printer": a physical job on a device.
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
        any_of(
            rx(
                r"^\W*(?:install|upgrade)s?\b[^.\n]{0,40}\b(?:plugins?|packages?|cli|extensions?|software|"
                r"binar(?:y|ies)|dependenc\w*|charts?|releases?)\b",
                ("description", "title"),
                lead_only=True,
            ),
            name_has(["install", "upgrade"], first=True),
            name_has(["cli", "plugin", "package", "extension"], ["upgrade", "install"]),
        ),
        action="Execute",
        risk="high",
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
