"""Execute rules: caller-supplied code, shell commands, scripts, REPLs and write queries."""

from __future__ import annotations

import json
import re

from classifier.lexicon import W
from classifier.rules.contexts import (
    _CHECK_ONLY,
    _COMMAND_PERMISSION,
    _ENFORCED_READONLY,
    _NO_EXECUTION,
    _NO_PROPS,
    _READ_QUERY_KIND,
    _READONLY_ADVICE,
    _READONLY_QUERY,
    _READONLY_SWITCHABLE,
    _SHELL_NAME,
    WRITES_LISTED_AS_SUPPORTED,
)
from classifier.rules.matchers import (
    TEXT_FIELDS,
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
    schema_quote,
)
from classifier.rules.schema_arguments import FUNCTION_NAME_SELECTOR
from classifier.rules.schema_classes import LISTED_READ_STATEMENTS
from classifier.text import ToolText

# "Send key sequences using tmux syntax ... C-c (interrupt) ... Enter": keys typed into a terminal run whatever
# command line they complete (a browser's or a device's key press is exec.browser, high).
_TERMINAL_KEYS = all_of(
    any_of(
        lead_rx(
            # (round 8x: "Send a sequence of commands and keystrokes to a terminal session")
            r"^\W*(?:send|type|press)(?:e?s)?\s+(?:\w+\s+)?(?:(?:sequences?|series|list)\s+of\s+)?(?:keys?|key\s+sequences?|"
            r"keystrokes?|key\s+presses|commands?)\b",
            needles=("key", "command"),
        ),
        # Round 10g: tmux `send_text(target, text, enter)` "Send literal text to a pane. Set enter=true to press
        # Enter": a line typed into a shell runs when Enter follows.
        lead_rx(
            r"^\W*(?:send|sends|type|types|write|writes)\s+(?:literal\s+|raw\s+|the\s+|some\s+)?(?:text|a\s+line|lines)\s+"
            r"(?:to|into)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:panes?|terminals?|shells?|tty|pty)\b",
            needles=("text", "line"),
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
        # (round 9f: `send_keys` of an `mcp-ssh-session` server types into a remote shell)
        r"\b(?:tmux|terminal|shell|pane|console|tty|pty|screen\s+session|ssh[\s_-]+sessions?)\b",
        ("description", "title", "name", "server"),
    ),
)


# Round 9e: `execute_process(file, args)` with `file` "The program to execute (e.g., python3)": whatever the argument is
# called, its description names it as the program (or executable, binary) that runs.
_PROGRAM_DESC = re.compile(
    r"^\W*(?:the\s+|an?\s+)?(?:name\s+or\s+path\s+of\s+the\s+|path\s+(?:to|of)\s+the\s+)?"
    # (round 9r: pm2's `script` "The script or command to run")
    r"(?:(?:script|program|executable|binary)\s+or\s+)?"
    r"(?:program|executable|binary|command)\s+(?:name\s+|path\s+|file\s+)?(?:to\s+)?(?:run|execute|launch|spawn|invoke)\b",
    re.IGNORECASE,
)


def _program_prop(t: ToolText) -> Match | None:
    return described_prop(t, _PROGRAM_DESC)


def _mostly_latin(text: str) -> bool:
    """English-like text. A Chinese character carries a word where a Latin letter carries a fifth of one, so
    ("执行ClickHouse SQL查询", 4 of 17 letters) a fifth of the letters outside ASCII makes it another language."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(not c.isascii() for c in letters) * 5 < len(letters)


# Round 9j: `query(query)` described only in Russian, its argument "SQL запрос для выполнения": whatever the language,
# an argument whose description starts with SQL or Cypher is a statement the caller writes.
_QUERY_PROP_NAMES = frozenset(("query", "sql", "statement", "q"))
# (Round 9m: "要执行的SQL查询", "the SQL query to execute" in Chinese: a few non-Latin words may come first, and a
# non-Latin word may follow the language's name directly, where `\b` finds no boundary.)
_QUERY_LANGUAGE_DESC = re.compile(
    r"^\W*(?:the\s+|an?\s+)?(?:[^\x00-\x7f\s]{1,8}\s*)?(?:sql|cypher)(?![a-z0-9_])", re.IGNORECASE
)
# "只读" (read-only), "仅支持SELECT" (only SELECT supported), "только чтение": the stated limit in the other language.
_QUERY_LANGUAGE_READONLY = re.compile(
    r"只读|唯读|仅(?:支持|允许|限)|只(?:支持|允许|能)|read[- ]?only|select\s+only|only\s+select|только\s+(?:чтени|select)",
    re.IGNORECASE,
)


def _query_language_prop(t: ToolText) -> Match | None:
    """Only where the description is missing or not in English: the English wordings are the other branches',
    whose read-only vetoes ("Execute a read-only operation", "Analyze the plan of a SQL query") need them."""
    hit = described_prop(t, _QUERY_LANGUAGE_DESC, _QUERY_PROP_NAMES)
    # the language test reads the whole description: only for the few tools with such an argument
    if hit is None or (t.description and _mostly_latin(t.description)):
        return None
    for text in (t.description, *(p.description for p in t.props)):
        if text and _QUERY_LANGUAGE_READONLY.search(text):
            return None
    return hit


# Round 9m: `scw_file(args)` "CLI args after 'scw <service>'": the caller writes the command line of a CLI, whatever
# the tool's own description says it is for.
_CLI_ARGS_DESC = re.compile(
    # (round 9s: `kubectl(command_args)` "kubectl command line arguments": the CLI named first)
    r"^\W*(?:the\s+)?(?:raw\s+)?(?:(?!additional\b|extra\b|optional\b|other\b|default\b)[\w-]+\s+)?"
    r"(?:cli|command[- ]line)\s+(?:args|arguments)\b"
    r"|^\W*(?:args|arguments)\s+(?:to\s+pass\s+)?(?:to|for)\s+(?:the\s+)?[`'\"]?[\w-]+[`'\"]?\s+(?:cli|command)\b",
    re.IGNORECASE,
)


def _cli_args_prop(t: ToolText) -> Match | None:
    return described_prop(t, _CLI_ARGS_DESC)


# Round 10p: `cdp_send(method, params)` "Send CDP command to Chrome": any DevTools Protocol method, Runtime.evaluate
# included, runs the caller's JavaScript in the live browser.
_CDP_RAW_COMMAND = all_of(
    lead_rx(
        r"^\W*(?:send|sends|execute|executes|run|runs|call|calls|invoke|invokes|issue|issues)\s+"
        r"(?:an?\s+|the\s+|any\s+|raw\s+|arbitrary\s+)*(?:chrome\s+)?(?:cdp|devtools\s+protocol)\s+"
        r"(?:commands?|methods?|requests?|messages?)\b",
        needles=("cdp", "devtools"),
    ),
    prop_named(r"method|command|cdp_?method"),
)

# Round 9s: `addJob(schedule, command)` "Add a scheduled job", its `command` "Command to run": the argument says it is
# a command line that runs, whatever the tool's own description is about.
_COMMAND_PROP_NAMES = frozenset(("command", "cmd", "shell_command", "shellcommand", "command_line", "commandline"))
_COMMAND_TO_RUN_DESC = re.compile(
    r"^\W*(?:the\s+|a\s+)?(?:shell\s+|bash\s+|cli\s+|system\s+)?command(?:[- ]line)?\s+(?:string\s+)?(?:to\s+)?"
    r"(?:run|execute|be\s+(?:run|executed))\b",
    re.IGNORECASE,
)


def _command_to_run_prop(t: ToolText) -> Match | None:
    """A command chosen from a list ("Command to execute", enum turn_on, turn_off) is one of the server's own."""
    for p in t.props:
        if p.description and not p.enum and p.name.lower() in _COMMAND_PROP_NAMES:
            hit = _COMMAND_TO_RUN_DESC.search(p.description)
            if hit:
                return "input_schema", schema_quote(hit.group().strip())
    return None


def _free_command_prop(t: ToolText) -> Match | None:
    for p in t.props:
        if not p.enum and p.name.lower() in _COMMAND_PROP_NAMES:
            return "input_schema", json.dumps(p.name, ensure_ascii=False)
    return None


# Round 8z: `connect` "Establishes an SSH connection ... used for all subsequent operations (e.g., executing commands)":
# a session opener names what its sibling tools do (labels: an ssh connect is Write/low).
_SESSION_OPENER = none_of(
    name_has(W("connect login"), first=True),
    name_has(W("run exec execute command commands cmd shell")),
)

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
                        # (round 10j: `execute_soil_analysis(func_string)`, a Python function definition to exec)
                        r"commands|shell|bash|function|snippet|code_?snippet|func_?(?:string|str|code|def|source)|"
                        r"function_?(?:string|str|code|def|definition|source)|"
                        r"(?:python|js|javascript|typescript|ts|lua|ruby|bash|shell|clojure|julia|r|user|boto3?)_?code)"
                    ),
                    any_of(
                        rx(
                            r"\b(?:run|runs|execut\w*|evaluat\w*|eval)\b",
                            ("name", "title", "description"),
                            needles=("run", "exec", "eval"),
                        ),
                        # Round 8t: `session_execute(command)` described only in Chinese: the verb is in the name,
                        # where `\b` does not split `session_execute`.
                        # (round 10b: `jupyter_execution_submit(kernel_id, code)`, no description)
                        name_has(W("run execute exec eval evaluate execution executions")),
                    ),
                ),
                _command_to_run_prop,
                # CV (qa `trigger_build(build_config)` "Trigger a new Cloud Build execution"): the build's steps come
                # from the caller, so whatever they say runs on the build machines.
                all_of(
                    name_has(W("trigger run start create submit queue"), W("build builds"), first=True),
                    prop_named(r"build_?(?:config|spec|steps|definition)|buildspec(?:_?override)?|steps|cloudbuild(?:_?yaml)?"),
                ),
                # Round 9u: `start(command, cwd)` "Start a development server": a process started from the caller's
                # command line runs it.
                all_of(
                    any_of(
                        name_has(W("start launch spawn"), first=True),
                        # Round 9y: `session_create(name, command)` "Start a new detached tmux session running
                        # command": the session's process is the caller's command line.
                        lead_rx(
                            r"^\W*(?:start|starts|create|creates|open|opens|spawn|spawns|launch|launches)\s+(?:an?\s+)?"
                            r"(?:new\s+)?(?:[\w-]+\s+){0,2}?(?:sessions?|process(?:es)?|terminals?|panes?|windows?)\s+"
                            r"(?:running|that\s+runs|to\s+run)\b",
                            needles=("running", "runs", "run"),
                        ),
                    ),
                    _free_command_prop,
                ),
                # Round 8r: `run_program(program, args)` "Run a native executable DIRECTLY (no shell)": any program on
                # the host with the caller's arguments is a command line without the shell.
                all_of(
                    any_of(
                        prop_named(
                            r"(?:program|executable|exe|binary|bin|path|file_?path|"
                            r"(?:command|exe|program|executable|binary)_?path)"
                        ),
                        _program_prop,
                    ),
                    prop_named(r"(?:args|arguments|argv|arg_?list|(?:program|cli|command)_?args)"),
                    rx(
                        r"\b(?:run|runs|execut\w*|spawn\w*|launch\w*|start\w*|invok\w*)\b",
                        ("name", "title", "description"),
                        needles=("run", "exec", "spawn", "launch", "start", "invok"),
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
            _CHECK_ONLY,
            # round 8f: a `function` argument named as the server's own function ("Name of the function to execute")
            FUNCTION_NAME_SELECTOR,
            _NO_EXECUTION,
            _COMMAND_PERMISSION,
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
                # Round 8t: `write_query` with no description at all names the statement it runs.
                name_has(["write"], W("query queries sql statement statements")),
                _query_language_prop,
                # Round 8t: `execute_query_tool` on a Trino server, described only in Russian: a query run on a
                # database with no read-only word anywhere (the vetoes below) runs whatever the caller writes.
                all_of(
                    none_of(
                        name_has(W("execute exec run"), W("query queries")),
                        name_has(W("promql logql metric metrics log logs trace traces cloud")),
                    ),
                    rx(
                        r"\b(?:databases?|db|sql|warehouse|trino|presto|snowflake|bigquery|clickhouse|postgres\w*|mysql|"
                        r"mariadb|sqlite|duckdb|oracle|mssql|redshift|athena|hive|databricks|"
                        r"[\w-]+(?:sql|db|base|house))\b",
                        ("description", "title", "name", "server"),
                    ),
                ),
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
                            # (round 10o: "Execute a CQL query on a specific node" of a Cassandra server)
                            r"|\b(?:[\w-]+(?:sql|db|base|house|store)|cypher|aql|sparql|cassandra|scylla\w*)\b",
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
            none_of(_READONLY_QUERY, _READONLY_ADVICE, _READONLY_SWITCHABLE, WRITES_LISTED_AS_SUPPORTED),
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
        none_of(
            any_of(
                rx(
                    # "Execute one or more shell commands": a count phrase is not the one free word allowed. (Round 9h:
                    # "executed command" is a field of a job listing, not a run.)
                    r"\b(?:run|runs|execut(?!ed\b)\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|any\s+|one or more\s+|multiple\s+|"
                    r"several\s+)?(?:\w+\s+)?(?:shell|terminal|bash|cli|command[- ]line|system|os)\s+(?:commands?|cmds?)\b"
                    r"|\bexecut(?!ed\b)\w*\s+(?:an?\s+|the\s+|arbitrary\s+)?commands?\b",
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
                _cli_args_prop,
                # Round 9h: "Start a new interactive shell session" with `shell_command` ["bash"], ["python3"]: the
                # caller names the program the session runs (a session with only a shell choice is Execute/high).
                all_of(
                    lead_rx(
                        r"^\W*(?:start|starts|open|opens|create|creates|launch|launches|spawn|spawns)\s+"
                        r"(?:an?\s+|the\s+|new\s+|persistent\s+|interactive\s+)*(?:[\w-]+\s+)?"
                        # (round 9j: "Create a new HT (headless terminal) session")
                        r"(?:\(\s*(?:[\w-]+\s+)?)?(?:shell|terminal|pty|bash|repl|console)\)?\s+(?:sessions?|process(?:es)?)\b",
                        needles=("shell", "terminal", "pty", "bash", "repl", "console"),
                    ),
                    prop_named(r"(?:shell_?)?(?:command|cmd)s?|argv|program|executable|command_?line"),
                ),
                # ("Send a command to the terminal without executing it": typed for the user to review and run)
                none_of(
                    any_of(
                        _TERMINAL_KEYS,
                        # Round 8: "Send a command to EC2 instances via SSM": the command runs in a shell on the hosts (a
                        # device command of a smart home is not one).
                        lead_rx(
                            r"^\W*sends?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:commands?|scripts?)\s+to\s+(?:an?\s+|the\s+|"
                            r"one or more\s+|multiple\s+|all\s+)?(?:[\w-]+\s+){0,2}?(?:instances?|hosts?|servers?|machines?|nodes?|"
                            r"vms?|shells?|terminals?)\b"
                            # (round 10o: "Send a command to an active Telnet session": the remote shell runs the line)
                            r"|^\W*sends?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?commands?\s+(?:line\s+)?(?:to|into)\s+"
                            r"(?:an?\s+|the\s+)?(?:active\s+|open\s+|existing\s+|running\s+|live\s+|current\s+)?"
                            r"(?:telnet|ssh|serial|shell|terminal|pty|bash|console)\s+(?:sessions?|connections?)\b",
                            needles=("send",),
                        ),
                    ),
                    _NO_EXECUTION,
                ),
            ),
            _SESSION_OPENER,
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
            any_of(
                _CDP_RAW_COMMAND,
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
]
