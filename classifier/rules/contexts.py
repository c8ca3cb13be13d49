"""Context matchers shared by several rule families (browser, local state, shells, money,
read-only query kinds) and the write/read name-verb lists."""

from __future__ import annotations

from classifier.heuristic import lead_verb
from classifier.lexicon import W, verb_class
from classifier.rules.matchers import (
    TEXT_FIELDS,
    Gate,
    Match,
    Matcher,
    all_of,
    any_of,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
    set_gate,
)
from classifier.text import ToolText

WRITE_NAME_VERBS = W(
    "create add update edit set write post put patch send move rename insert upload assign merge close "
    "publish cancel apply import save mark transition reply invite revoke grant submit approve reject push "
    "commit delete remove drop destroy purge reset modify replace upsert finalize void issue capture make"
)
READ_NAME_VERBS = W(
    "get list search find read fetch show describe view retrieve lookup query count inspect check"
)

_BROWSER_CONTEXT = any_of(
    rx(r"\b(?:browser|playwright|puppeteer|chrome|devtools|web ?page|selenium)\b", ("server",)),
    name_has(["browser", "page", "tab", "tabs"]),
    rx(r"\b(?:browser|web ?page|the page|on page|element|dropdown|the target page)\b", TEXT_FIELDS),
)
_BROWSER_ACT = any_of(
    name_has(
        W(
            "click dblclick drag drop fill hover press type navigate upload resize emulate dialog "
            "scroll goto reload keyboard mouse tap focus"
        )
    ),
    # playwright's `browser_tabs` also opens and closes tabs; `get_tabs` only lists them (train: list_pages is a Read)
    # (round 8u: `browser_list_tabs`, `arc_query_tabs` read the tab list whatever namespace leads the name)
    none_of(name_has(["tabs"]), name_has(W("get list query search find"))),
    name_has(["select"], ["option", "options"]),
    # Selenium's `send_keys`, a simulator's `ui_swipe`, `input_text`.
    name_has(W("keys swipe")),
    name_has(["input"], ["text"]),
    # Round 9w: `element_clear` "Clear the contents of an input or textarea element": typing, in reverse.
    name_has(["clear"], W("element elements input inputs field fields textbox textarea")),
    # `mobile_terminate_app`, `launch_app` on a device: the app is started or killed on a live device.
    name_has(W("launch terminate"), W("app apps")),
)
# Round 8y: the user's real desktop driven by keyboard and mouse (a desktop-automation server, or a description
# that names the real screen, keyboard or cursor).
_DESKTOP_CONTEXT = any_of(
    rx(r"\b(?:desktop|computer[- ]?use|pyautogui|autogui|vnc|rdp|xdotool)\b", ("server",)),
    rx(
        r"\bon\s+(?:the|your)\s+(?:desktop|screen)\b|\b(?:real|physical|system)\s+(?:keyboard|mouse)\b"
        r"|\bat\s+(?:the\s+)?(?:current\s+)?cursor\b",
        ("description", "title"),
    ),
)
# A device or simulator screen driven the same way as a page (tap, swipe, type into the simulator).
_DEVICE_UI_CONTEXT = rx(
    r"\b(?:simulators?|emulators?)\b|\bon (?:the|a) (?:device )?screen\b"
    r"|\b(?:on|of|from)\s+(?:the\s+|a\s+)?(?:mobile|android|ios)\s+devices?\b",
    ("description", "title", "server"),
)
# Tabs and UI of a code editor (VS Code's editor tabs) are not a browser page.
_EDITOR_CONTEXT = rx(
    r"\b(?:vs ?code|visual studio|code editor|text editor|ide)\b",
    ("description", "title", "server"),
)
# "Clear all recorded thoughts", "... thoughts recorded in the current session": a thinking tool's own scratch
# notes (round 6 QA: low, like a todo removed from the agent's plan).
_SESSION_SCRATCH = lead_rx(
    r"^\W*(?:clear|reset|delete|remove|wipe)s?\s+(?:all\s+)?(?:the\s+)?(?:recorded\s+thoughts?|thinking\s+history)\b"
    r"|^\W*(?:clear|reset|delete|remove|wipe)s?\b[^.\n]{0,40}\b(?:in|from)\s+the\s+current\s+session\b",
    needles=("thought", "thinking", "session"),
)
# "Send a native macOS notification": a banner on the user's own desktop reaches nobody else.
_LOCAL_NOTIFICATION = (
    r"^\W*(?:send|show|display|post)s?\s+(?:an?\s+)?(?:native\s+|desktop\s+|system\s+|local\s+)?"
    r"(?:macos|mac|windows|linux|desktop|system|native)\s+notifications?\b"
)
_BROWSER_OPEN_CLOSE = name_has(["new", "close", "open"], ["page", "tab", "window"])
_LOCAL = any_of(
    rx(
        r"\b(?:local|file ?system|knowledge graph|workbook|worksheet|spreadsheet|working (?:tree|directory)|"
        # (round 9i: "clear the current in-memory auth-flow state": the server's own process memory)
        r"allowed directories|sandbox|on disk|excel|xlsx|in[- ]memory)\b",
        ("description", "title", "server"),
    ),
    # Round 7: a document open in a desktop app on the user's machine ("Delete an object in FreeCAD").
    rx(
        r"\b(?:freecad|blender|gimp|inkscape|krita|kicad|openscad|sketchup|godot|unity editor|photoshop)\b",
        ("description", "title", "server"),
        needles=(
            "freecad",
            "blender",
            "gimp",
            "inkscape",
            "krita",
            "kicad",
            "openscad",
            "sketchup",
            "godot",
            "unity editor",
            "photoshop",
        ),
    ),
    # A tool that works on a caller-named file path edits local state.
    prop_named(r"(?:file_?path|filename|file_name|repo_path|directory|dir_?path|workbook\w*)"),
)
_SHELL_WORDS = frozenset(W("shell bash sh zsh powershell pwsh cmd terminal"))
_SHELL_TAIL = frozenset(W("exec execute run command commands cmd"))
_SHELL_VERBS_OK = frozenset(W("run exec execute invoke"))
# Verbs that give a tool named for a shell a narrower job than running what it is given.
_SHELL_NARROW = frozenset(W("open new close kill resize history output"))


def _shell_name(t: ToolText) -> Match | None:
    """A tool named for a shell (`adb_shell`, `run_shell`, `shell_exec`): it runs what it is given.
    The shell word must be the head of the name (last, or followed only by exec/command words):
    `shell_grep` or `shell_uptime` is one fixed command under a `shell_` prefix, not a shell; and
    no other verb may give the tool a narrower job (`read_terminal_output`, `close_terminal`)."""
    toks = t.name_tokens
    idx = [i for i, tok in enumerate(toks) if tok.text in _SHELL_WORDS]
    if not idx:
        return None
    head = idx[-1]
    if any(tok.text not in _SHELL_TAIL for tok in toks[head + 1 :]):
        return None
    for tok in toks:
        if tok.text in _SHELL_WORDS or tok.text in _SHELL_TAIL or tok.text in _SHELL_VERBS_OK:
            continue
        if tok.text in _SHELL_NARROW or verb_class(tok.text) is not None:
            return None
    lv, _ = lead_verb(t)
    if lv in ("Read", "Write"):
        return None
    return "name", t.name[toks[idx[0]].start : toks[-1].end]


# it returns nothing unless a name token is a shell word
set_gate(_shell_name, (Gate(names=_SHELL_WORDS),))
_SHELL_NAME: Matcher = _shell_name

# Round 8: "Create a new workspace with a "main" window", "Destroy a workspace and all its windows": a terminal
# multiplexer's session on the agent's machine.
_TERMINAL_SESSION = rx(
    r"\b(?:tmux|terminal\s+sessions?|screen\s+sessions?)\b|\bworkspaces?\b[^.\n]{0,40}\bwindows?\b"
    # (round 9j: "Kill a tracked terminal by its ID": one the agent started)
    r"|\b(?:tracked|running|background|open|local)\s+terminals?\b",
    ("description", "title", "server"),
    needles=("tmux", "terminal", "screen session", "window"),
)

# (round 9p: "SELECT queries are not allowed - use queryDatabase instead" says the opposite)
# (round 10o: "If no LIMIT is specified in your SELECT query, all rows will be returned", "For SELECT queries without
# LIMIT clause": a note on one kind of statement the tool runs, not a statement that it runs only that kind)
_READONLY_QUERY = rx(
    r"(?<!\byour\s)(?<!\bfor\s)(?<!\bin\s)(?<!\bany\s)"
    r"\b(?:read[- ]only|read|select|readonly)\s+(?:sql\s+|cypher\s+|promql\s+)?quer"
    r"(?!(?:y|ies)\s+(?:are|is)\s+(?:not|never)\s+(?:allowed|permitted|supported|accepted)|(?:y|ies)\s+(?:are|is)\s+"
    r"(?:rejected|blocked|refused|forbidden))",
    TEXT_FIELDS,
)
# Round 8: a read-only limit the tool enforces ("CloudTrail Lake only supports SELECT statements", "Only allowlisted
# read-only commands are accepted", "INSERT, UPDATE, DELETE ... are not supported"): the caller's text cannot write,
# so a query or command argument is a read (advice to the caller, below, is not such a limit).
_READONLY_LIMIT_STATED = rx(
    r"\bonly\s+(?:supports?|accepts?|allows?|permits?)\s+(?:[\w-]+\s+)?(?:select|read[- ]only)\b"
    r"|\bonly\s+(?:allow-?listed\s+|whitelisted\s+)?read[- ]only\s+(?:[\w-]+\s+)?(?:commands?|quer(?:y|ies)|statements?)\s+"
    r"(?:are|is)\s+(?:accepted|allowed|permitted|supported)\b"
    r"|\b(?:insert|update|delete)\b[^.\n]{0,80}\b(?:are|is)\s+not\s+(?:supported|allowed|permitted)\b"
    r"|^\W*(?:execut|run)\w*\s+(?:an?\s+|the\s+)?(?:guarded\s+|safe\s+|validated\s+)?read[- ]only\s+(?:[\w-]+\s+){0,2}?"
    r"(?:commands?|quer(?:y|ies)|statements?)\b"
    # "Read-only RQL (no UPDATE/patch)", "Read-only SQL query against ...": the tool names itself a read-only runner
    r"|^\W*read[- ]only\s+(?:[\w-]+\s+)?(?:sql|quer(?:y|ies)|statements?|[a-z]{1,5}ql)\b"
    # "UPDATE/patch is rejected", "write statements are blocked"
    r"|\b(?:insert|update|delete|patch|writes?|mutations?|ddl|dml)(?:\s*[/,]\s*\w+)*\s+(?:statements?\s+|quer(?:y|ies)\s+|"
    r"operations?\s+)?(?:are|is)\s+(?:rejected|blocked|refused)\b"
    # "Supports SELECT queries only for safety", "Only SELECT statements are allowed", "SELECT-only", and the same
    # limit in Chinese ("仅允许 SELECT": only SELECT is allowed)
    r"|\bsupports?\s+select\s+(?:quer(?:y|ies)|statements?)\s+only\b"
    r"|\bonly\s+select\s+(?:quer(?:y|ies)|statements?)\s+(?:are|is)\s+(?:accepted|allowed|permitted|supported)\b"
    r"|\bselect[- ]only\b|(?:仅|只)(?:允许|支持|接受|能)\s*(?:执行\s*)?select\b"
    # Round 10k: "Connect to a switch via SSH and run a show command. The command must start with 'show'": a network
    # device's show commands print state and change nothing.
    r"|\bcommands?\s+must\s+(?:start|begin)\s+with\s+['\"`]?(?:show|display)\b"
    r"|\bonly\s+['\"`]?(?:show|display)['\"`]?\s+commands?\s+(?:are|is)\s+(?:accepted|allowed|permitted|supported)\b",
    TEXT_FIELDS,
    needles=("only", "not supported", "not allowed", "not permitted", "rejected", "blocked", "refused", "must", "仅", "只"),
)
# Round 8v: "SELECT-only by default; set allow_writes=True to enable DML", "When dangerous operations are disabled,
# only SELECT queries are allowed": a read-only mode a setting or an argument turns off is no limit on what one call
# can be made to run, so the query stays write-capable.
_READONLY_SWITCHABLE_TEXT = rx(
    r"\b(?:select|read)[- ]only\s+(?:mode\s+)?(?:by\s+default|unless)\b"
    r"|\bby\s+default\b[^.\n]{0,40}\b(?:select|read[- ]only)\b"
    r"|\bwhen\s+(?:dangerous|write|destructive|unsafe)\s+(?:operations?|quer(?:y|ies)|statements?|mode)\s+(?:are|is)\s+"
    r"(?:disabled|off|not\s+enabled)\b"
    r"|\b(?:set|pass)\s+[\w.-]+\s*=?\s*(?:true|1|yes)\s+to\s+(?:enable|allow)\s+(?:dml|writes?|write\s+\w+|mutations?|"
    r"insert|update|delete|ddl|modifications?)\b"
    r"|\b(?:enable|allow)s?\s+(?:dml|writes?|write\s+(?:operations?|quer(?:y|ies)|statements?)|mutations?|ddl)\s+"
    r"(?:with|via|by\s+setting|when)\b",
    TEXT_FIELDS,
    needles=("by default", "unless", "disabled", "not enabled", " off", "enable", "allow"),
)
# Round 9s: `run_cypher_query(query, read_only=True)` "Whether to execute as read-only query (safer, default True)": the
# caller sets the switch, so one call can be made to write.
_READONLY_SWITCHABLE = any_of(
    _READONLY_SWITCHABLE_TEXT,
    all_of(prop_named(r"read_?only|readonly|is_?read_?only"), prop_named(r"query|sql|cypher|statement|q")),
)
# Round 10o: "Execute MySQL SQL statements ... Supports SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, etc.": the writes
# the tool says it takes outweigh a read word elsewhere in its text.
WRITES_LISTED_AS_SUPPORTED = rx(
    r"\b(?:supports?|supported|allows?|allowed|accepts?|including|such\s+as|e\.g\.)\s*:?\s*(?:[\w-]+\s*[,/]\s*){0,4}?"
    r"(?:insert|update|delete|drop|create|alter|truncate)\s*[,/]\s*(?:(?:and|or)\s+)?"
    r"(?:insert|update|delete|drop|create|alter|truncate|merge|upsert)\b",
    TEXT_FIELDS,
    needles=("support", "allow", "accept", "including", "such as", "e.g."),
)
# Round 10k: `execute_write_sql` "Run one caller-written INSERT, UPDATE or DELETE statement ... any SELECT-only work that
# belongs in the query tool ... is rejected": the lead names the writes the tool runs, so a read-only word further on
# is what it refuses, not a limit on it ("Execute a query (DELETE statements are rejected)" still states a limit).
_WRITE_STATEMENTS_RUN = lead_rx(
    r"^\W*(?:execut\w*|runs?|submits?|issues?)\b(?:(?!read[- ]only|select)[^.\n]){0,40}?"
    r"\b(?:insert|update|delete|dml|write|mutating)\b[^.\n]{0,30}?\b(?:statements?|quer(?:y|ies)|sql)\b"
    r"(?![^.\n]{0,30}\b(?:not|rejected|blocked|refused|disallowed|forbidden)\b)",
    needles=("insert", "update", "delete", "dml", "write", "mutating"),
)
# The stated read-only limit, unless a setting can lift it or the lead says the tool runs writes.
_ENFORCED_READONLY = none_of(_READONLY_LIMIT_STATED, _READONLY_SWITCHABLE, _WRITE_STATEMENTS_RUN)
# "Use only READ-ONLY queries", "DO NOT USE INSERT ... statements": advice to the caller, not a guard the
# tool enforces; the statement the caller writes still runs, writes included.
_READONLY_ADVICE = rx(
    r"\b(?:use only|only use|do not use|don't use|never use|must not use)\s+(?:read[- ]only|select|data modification|"
    r"insert|update|delete|drop|write|mutating)\b",
    TEXT_FIELDS,
    needles=("use",),
)

# "Drop" as a pointer gesture (drag and drop onto a page element), not dropping data.
_DRAG_AND_DROP = all_of(
    any_of(name_has(["drop", "drag"]), rx(r"^\W*drops?\b", ("description",), lead_only=True)),
    any_of(_BROWSER_CONTEXT, rx(r"\bdrag(?:ged|ging|s)?\b|\bdrag[- ]and[- ]drop\b", TEXT_FIELDS)),
)

_MONEY_CONTEXT = any_of(
    prop_named(r"(?:unit_)?amount(?:_\w+)?|currency(?:_code)?"),
    rx(
        r"\b(?:funds?|money|payments?|payouts?|balances?|currenc(?:y|ies)|bank|cents|usd|eur|connected accounts?|"
        r"stripe|paypal|wallets?)\b",
        ("description", "title", "server"),
    ),
)


# A blockchain or coin named anywhere in the tool (a "transfer" there moves coins, not files).
_CRYPTO_CONTEXT = rx(
    r"\b(?:monero|xmr|bitcoin|btc|ethereum|eth|solana|sol|crypto|usdc|usdt|lightning|sats|defi|blockchain|on-?chain|"
    r"aptos|sui|tron|evm|web3)\b",
    ("description", "title", "name", "server"),
)


# Round 8v: "Allow a specific command to run ONCE", "Add a command PREFIX to the project's allowed list", "Remove a
# command from the whitelist": what the call changes is which commands may run (a permission), not a command run.
_COMMAND_PERMISSION = lead_rx(
    r"^\W*(?:allow|allows|permit|permits|approve|approves|deny|denies|block|blocks|whitelist|whitelists|allowlist|"
    r"allowlists|blacklist|blacklists|blocklist|blocklists|add|adds|remove|removes)\s+(?:an?\s+|the\s+|one\s+)?"
    r"(?:specific\s+|single\s+)?(?:[\w-]+\s+)?commands?\b(?:\s+prefix(?:es)?)?\s+(?:to\s+run\b|to\s+(?:the\s+|an?\s+)?"
    r"(?:[\w'’-]+\s+)?(?:allow|block|deny|white|black)\w*|from\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+)?"
    r"(?:allow|block|deny|white|black)\w*)",
    needles=("command",),
)


def _no_props(t: ToolText) -> Match | None:
    """The schema shows no arguments (often: not captured), so it cannot rule a text argument out."""
    return None if t.props else ("name", t.name)


_NO_PROPS: Matcher = _no_props

# Query languages and query kinds that only read (a search, a metrics or log query, SOQL, KQL...).
# Not Flux: its to() and sql.to() write, so a Flux query the caller writes is a write-capable query.
# Round 10o: "Execute a CQL query on a specific node" on a Cassandra server (named in the server alone): Cassandra's CQL
# inserts, updates and drops (Confluence's CQL only searches).
CASSANDRA_CQL = all_of(
    rx(r"\bcql\b", ("description", "title"), needles=("cql",)),
    rx(r"\b(?:cassandra|scylla\w*|keyspaces?)\b", ("server", "name", "title", "description")),
)
_READ_QUERY_KIND_WORDS = rx(
    r"\b(?:select|find|search|read|read[- ]only|readonly|kql|kusto|soql|sosl|promql|logql|metricsql|traceql|"
    # (Cassandra's CQL, which writes like SQL, is vetoed below by CASSANDRA_CQL; Confluence's CQL only searches)
    r"jql|cql|lucene|rag|tree-sitter|geospatial|semantic|vector|similarity|natural[- ]language|"
    # (round 9o: "Execute a raw Overpass QL query", "a custom Datomic query": query languages that cannot write)
    r"overpass|datomic|datalog|sparql|xpath|jsonpath|jmespath|"
    r"analytics|log|logs|metrics?|trace|traces)\s+(?:\w+\s+)?quer(?:y|ies)\b|\bonly\s+(?:select|read)\b",
    TEXT_FIELDS,
    lead_only=True,
)
_READ_QUERY_KIND = none_of(_READ_QUERY_KIND_WORDS, CASSANDRA_CQL)

# "Validate PowerShell syntax without execution", "Parses the script; never runs it": a checker, linter or parser
# of the caller's code reads it.
_NO_EXECUTION = rx(
    r"\bwithout\s+(?:execut(?:ing|ion)|running)\b"
    r"|\b(?:does\s+not|doesn['’]t|never|will\s+not|won['’]t)\s+(?:execute|run)s?\s+(?:it|them|the\s+(?:code|script|"
    r"program|command|statement|query))\b",
    ("description", "title"),
    needles=("without", "not", "never", "n't", "n’t"),
)

# Round 9a/9c: "Run mypy type checker on a Python project" with extra arguments, "Test PowerShell commands for safety
# before execution": a fixed checker reads the code or the command, it does not run it.
_CHECK_ONLY = lead_rx(
    r"\b(?:type[- ]?checker|type[- ]?check(?:s|ing)?|linters?|lint(?:s|ing)?|static\s+(?:code\s+)?analy[sz]\w*|"
    r"style\s+checker)\b"
    r"|^\W*(?:test|tests|check|checks|validate|validates|analy[sz]e|analy[sz]es|scan|scans|verify|verifies)\b[^.\n]{0,60}?"
    r"\b(?:for\s+(?:safety|danger\w*|risks?)|before\s+(?:execution|executing|running|it\s+runs))\b",
    needles=("type", "lint", "static", "style", "safety", "danger", "risk", "before"),
)

# Round 9v: `kubectl_apply_dryrun` "Validate a Kubernetes manifest via dry-run": a name that says it is the dry run
# changes nothing, whatever it validates (a tool with a `dry_run` switch is not this: the name alone decides).
DRY_RUN_NAME = rx(r"(?<![a-z])dry[\W_]*run(?![a-z])", ("name",), needles=("dry",))
