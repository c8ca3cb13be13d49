"""Rules written from the rubric's classes as whole tool definitions show them (name verb, object,
schema arguments, description), for servers whose wording no labelled example shares.

Each rule reads a shape rather than a phrase: a generic request tool is a path argument described as
an API endpoint, whatever its lead says; a run of a module, handler, listener or agent starts a
workload whatever the product; a code cell run is caller code. Every text pattern pre-checks
literals (needles) and every schema matcher looks at the properties only after a cheap test, so a
tool without them costs a few substring tests.
"""

from __future__ import annotations

import re

from classifier.lexicon import READ_VERBS, W, verb_class
from classifier.rules.contexts import _BROWSER_CONTEXT
from classifier.rules.matchers import (
    LEAD_FIELDS,
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
    schema_quote,
    set_gate,
)
from classifier.text import ToolText

# "The Bitbucket API endpoint path (without base URL)", "The path of the REST API endpoint": the caller
# names the endpoint of one vendor's API.
_ENDPOINT_PROP_NAMES = frozenset(
    ("path", "endpoint", "url", "uri", "route", "api_path", "apipath", "resource_path")
)
_ENDPOINT_DESC = re.compile(
    r"\bapi\s+(?:endpoint|path|route)\b|\bendpoint\s+path\b|\bpath\s+of\s+the\s+(?:\w+\s+)?(?:rest\s+)?api\s+endpoint\b",
    re.IGNORECASE,
)


def _endpoint_arg(t: ToolText) -> Match | None:
    """A path/endpoint argument described as an API endpoint on a tool that does not name a read in its
    first word: the caller picks any endpoint of the vendor's API (a `get_examples(path)` reads the API's
    description, and a GET-only proxy reads)."""
    props = t.props
    if not props:
        return None
    toks = t.name_tokens
    if toks and toks[0].text in READ_VERBS:
        return None
    return described_prop(t, _ENDPOINT_DESC, _ENDPOINT_PROP_NAMES)


# "Run a Metasploit post-exploitation module against a session", "Start a new handler as a background job",
# "Connect to a specific Azure AI Agent and run a query": a run of a module, handler, listener or agent.
_RUN_WORKLOAD = lead_rx(
    r"^\W*(?:run|runs|start|starts|launch|launches|connect\s+to|connects\s+to)\s+(?:an?\s+|the\s+|new\s+|specific\s+)*"
    r"(?:[\w./-]+\s+){0,3}?(?:modules?|handlers?|listeners?|agents?)\b"
    r"(?!\s+(?:config\w*|definitions?|records?|profiles?|templates?|settings?|ids?|names?|list|status|info\w*|docs?))"
    r"|\bas\s+an?\s+background\s+job\b",
    needles=("module", "handler", "listener", "agent", "background"),
)
# ...an exploit or post-exploitation module runs the operator's code on a compromised host.
_RUN_EXPLOIT = lead_rx(
    r"^\W*(?:run|runs|execute|executes|launch|launches)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:post[- ]exploitation|exploit|exploitation)\s+modules?\b",
    needles=("exploit",),
)

# Round 9g: `reveal` "If true, ... return concealed field values (passwords, TOTPs) in cleartext": a plain switch
# whose own description says the secret values come back.
_REVEAL_SWITCH = re.compile(
    r"(?:include|show|reveal|with|return|expose|decrypt|unmask)(?:_?values?|_?all|_?fields?)?", re.IGNORECASE
)
_REVEALED_SECRETS = re.compile(
    r"\b(?:passwords?|secrets?|credentials?|totps?|concealed|api\s+keys?|private\s+keys?)\b[^.\n]{0,80}?"
    r"\b(?:values?|in\s+(?:clear|plain)\s*text|cleartext|plaintext|unmasked|decrypted)\b"
    r"|\b(?:in\s+(?:clear|plain)\s*text|cleartext|plaintext|unmasked|decrypted|concealed)\b[^.\n]{0,40}?"
    r"\b(?:passwords?|secrets?|credentials?|values?)\b",
    re.IGNORECASE,
)


def _reveal_switch(t: ToolText) -> Match | None:
    for p in t.props:
        if p.description and "boolean" in p.types and _REVEAL_SWITCH.fullmatch(p.name):
            hit = _REVEALED_SECRETS.search(p.description)
            if hit:
                return "input_schema", schema_quote(hit.group())
    return None


SCHEMA_CLASS_RULES: list[Rule] = [
    # (a) The lead's generic one-vendor API request, found by its argument rather than its lead.
    Rule(
        "exec.endpoint_arg",
        "takes any endpoint path of a vendor's API as its argument (a generic API request)",
        _endpoint_arg,
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    # ...whose one method is DELETE: any resource the API holds can go, whole repositories and stores included.
    Rule(
        "delete.any_endpoint",
        "deletes whatever resource the caller's API path names (any data store of the account)",
        all_of(_endpoint_arg, name_has(W("delete remove destroy"))),
        risk="critical",
        flags=("destructive",),
        category="Destructive",
        skip_if_readonly=True,
    ),
    # (c) A workload started: a module, handler, listener or agent run.
    Rule(
        "exec.run_module",
        "runs a module, handler, listener or agent (a workload started on the server)",
        _RUN_WORKLOAD,
        action="Execute",
        risk="high",
        skip_if_readonly=True,
    ),
    Rule(
        "exec.exploit_module",
        "runs an exploit or post-exploitation module (the operator's code on a target host)",
        _RUN_EXPLOIT,
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    # (a) A notebook cell is the caller's code run on the kernel's host.
    Rule(
        "exec.notebook_cell",
        "runs a notebook cell (code on the kernel's host)",
        any_of(
            lead_rx(
                r"^\W*(?:execute|executes|run|runs|re-?run|re-?runs)\s+(?:an?\s+|the\s+|all\s+|one\s+|specific\s+)*"
                r"(?:[\w-]+\s+)?(?:notebook\s+|code\s+|jupyter\s+)?cells?\b",
                needles=("cell",),
            ),
            name_has(W("execute run exec rerun"), W("cell cells"), first=True),
            # Round 10x: `add_code_cell_at_bottom` "Append new code cell at the end of the notebook. Executes the cell
            # after adding": the cell added is run at once (a cell added "without executing it" is an edit).
            all_of(
                name_has(W("add append insert create write"), W("cell cells")),
                rx(
                    r"^\W*(?:add|adds|append|appends|insert|inserts|create|creates|write|writes)\s+and\s+"
                    r"(?:execute|executes|run|runs)\b|(?<!\bnot\s)(?<!\bwithout\s)\b(?:executes|runs)\s+"
                    r"(?:the|this|that|each|every)\s+(?:new\s+|added\s+|code\s+)*cells?\s+(?:after|once|immediately|right)\b",
                    ("description",),
                    needles=("execute", "executes", "run", "runs"),
                ),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    # (b) Browser automation without a click or type verb: a dialog answered, text highlighted on the page.
    Rule(
        "exec.browser_dialog",
        "answers a browser dialog or marks up the live page",
        any_of(
            lead_rx(
                r"^\W*(?:handle|handles|accept|accepts|dismiss|dismisses|respond\s+to|responds\s+to)(?:\s*(?:or|and|/)\s*\w+)?\s+(?:an?\s+|the\s+)?"
                r"(?:browser\s+|javascript\s+|js\s+|page\s+)?(?:alerts?|dialogs?|confirm|prompts?)\b"
                r"(?:[^.\n]{0,40}\b(?:dialogs?|alerts?|popups?))?",
                needles=("alert", "dialog", "confirm", "prompt"),
            ),
            all_of(
                lead_rx(
                    r"^\W*(?:find\s+and\s+)?highlights?\s+(?:the\s+)?(?:text|elements?|words?|phrases?|matches)\b"
                    r"[^.\n]{0,30}\b(?:browser|tabs?|web\s?pages?|pages?)\b",
                    needles=("highlight",),
                ),
                any_of(_BROWSER_CONTEXT, rx(r"\bbrowser\b", LEAD_FIELDS, needles=("browser",))),
            ),
        ),
        action="Execute",
        risk="high",
        flags=("untrusted_content", "open_world"),
        skip_if_readonly=True,
    ),
    # (c) A generative voice model: a new voice made from an existing one or from a sample.
    Rule(
        "exec.voice_model",
        "makes a new voice from an existing voice or a sample (a generative voice model run)",
        lead_rx(
            r"^\W*(?:create|creates|clone|clones|generate|generates|design|designs)\s+(?:an?\s+)?(?:new\s+)?"
            r"(?:[\w-]+\s+)?voices?\s+(?:from|based\s+on|out\s+of)\b",
            needles=("voice",),
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    # Money: a signed swap, transfer or payment transaction sent for execution moves the wallet's funds.
    Rule(
        "money.transaction_exec",
        "executes or submits a swap, transfer or payment transaction (moves a wallet's funds)",
        rx(
            r"\b(?:execute|executes|submit|submits|send|sends|broadcast|broadcasts|sign\s+and\s+send)\s+(?:the\s+|an?\s+)?"
            r"(?:signed\s+)?(?:swap|transfer|payment|trade|order)\s+transactions?\b"
            # "Submit signed transaction to XRPL network": whatever it pays out, it pays now.
            r"|\b(?:submit|submits|broadcast|broadcasts|send|sends)\s+(?:the\s+|an?\s+)?(?:signed\s+|raw\s+)+"
            r"transactions?\b",
            LEAD_FIELDS,
            needles=("transaction",),
        ),
        risk="critical",
        flags=("financial",),
        category="Financial",
        writes=True,
        skip_if_readonly=True,
    ),
    # Secrets: a read tool with a switch that returns the stored secrets ("includeSecrets").
    Rule(
        "secrets.include_flag",
        "can return stored secret values (a switch to include secrets or credentials)",
        any_of(
            prop_named(
                r"(?:include|show|reveal|with|return|expose|decrypt)_?(?:secrets?|credentials?|passwords?|tokens?|api_?keys?)"
            ),
            _reveal_switch,
        ),
        risk="high",
        flags=("secrets",),
    ),
    # Infrastructure: a release uninstalled, and a project created in a cloud subscription and resource group.
    Rule(
        "infra.release_change",
        "uninstalls a release or creates a project in a cloud subscription (cloud infrastructure change)",
        any_of(
            lead_rx(
                r"^\W*uninstall(?:s|ing)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:releases?|charts?|deployments?)\b",
                needles=("uninstall",),
            ),
            all_of(
                name_has(W("create provision"), first=True),
                prop_named(r"subscription_?id|subscription"),
                prop_named(r"resource_?group(?:_?name)?"),
            ),
        ),
        risk="high",
        writes=True,
        skip_if_readonly=True,
    ),
    # Comms: one operation of an `action` argument sends the composed message to the `to` recipients.
    Rule(
        "comms.send_operation",
        "one of its operations sends the message to recipients",
        all_of(
            rx(
                r"[\"'`]send[\"'`]\s+to\s+send\b",
                LEAD_FIELDS,
                needles=("send",),
            ),
            prop_named(r"to|recipients?|to_?address(?:es)?|emails?_?to"),
        ),
        risk="high",
        flags=("open_world",),
        writes=True,
        skip_if_readonly=True,
    ),
    # Files: a download or generated file written to a caller-chosen local path.
    Rule(
        "files.local_destination",
        "writes a downloaded or generated file to a local path",
        any_of(
            all_of(
                name_has(W("download")),
                prop_named(
                    r"(?:dest|destination|output|out|save|target|local)_?(?:path|file|filename|dir|directory)"
                ),
            ),
            lead_rx(
                r"\bsaves?\s+(?:the\s+)?(?:generated\s+|resulting\s+|downloaded\s+)?[\w-]+\s+to\s+(?:an?\s+|the\s+)?"
                r"(?:local\s+)?(?:file|disk)\b",
                needles=("save",),
            ),
            # "Generate a payload ... Saves the generated payload to a file on the server".
            rx(
                r"\bsaves?\s+(?:the\s+)?(?:generated|resulting)\s+[\w-]+\s+to\s+(?:an?\s+)?file\b",
                ("description",),
                needles=("generated", "resulting"),
            ),
            # "Execute a query and export the results to a CSV or Excel file".
            lead_rx(
                r"\bexports?\s+(?:the\s+|its\s+)?(?:query\s+)?results?\s+to\s+(?:an?\s+)?(?:csv|excel|json|parquet|xlsx)"
                r"(?:\s+or\s+\w+)?\s+files?\b",
                needles=("export",),
            ),
        ),
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    # Untrusted content: a repository the caller names is cloned and its files read.
    Rule(
        "read.cloned_repo",
        "clones the caller's repository URL and reads its files (untrusted remote content)",
        all_of(
            prop_named(r"(?:repo|repository|git)_?(?:url|uri)"),
            rx(
                r"\bclon(?:e|es|ing)\s+(?:an?\s+|the\s+)?(?:git\s+|remote\s+)?repo(?:sitory)?\b"
                r"|\b(?:in|from|of)\s+(?:an?\s+|the\s+)?given\s+git\s+repository\b",
                LEAD_FIELDS,
                needles=("repo",),
            ),
        ),
        risk="medium",
        flags=("untrusted_content",),
    ),
    # Bookkeeping: a terminal multiplexer's windows and panes moved or resized are the session's own layout.
    Rule(
        "write.terminal_layout",
        "rearranges a terminal multiplexer's windows or panes (session layout)",
        none_of(
            lead_rx(
                r"^\W*(?:move|moves|swap|swaps|resize|resizes|rename|renames|select|selects|reorder|reorders|"
                r"split|splits)\s+(?:an?\s+|the\s+)?(?:tmux|screen|zellij|terminal)\s+(?:windows?|panes?|tabs?)\b",
                needles=("tmux", "screen", "zellij", "terminal"),
            ),
            rx(r"\bkill\b", LEAD_FIELDS, lead_only=True, needles=("kill",)),
        ),
        cap_risk="low",
        writes=True,
    ),
]


# "Supported queries: - SHOW DATABASES ... - COUNT NODES ...", "SQL Syntax: SELECT ... FROM ...": the description
# lists the statements the tool takes, each a read, and names no statement that writes.
_STATEMENT_LIST = re.compile(
    r"\b(?:supported|allowed|available)\s+(?:queries|statements|commands)\s*:\s*(?:-\s*)?([A-Z]+)\b"
    r"|\b(?:sql|query)\s+syntax\s*:\s*([A-Z]+)\b",
    re.IGNORECASE,
)
_READ_STATEMENTS = frozenset(("SHOW", "SELECT", "DESCRIBE", "DESC", "COUNT", "LIST", "EXPLAIN"))
_WRITE_STATEMENT = re.compile(
    r"\b(?:INSERT|UPDATE|DELETE|DROP|CREATE|ALTER|TRUNCATE|MERGE|UPSERT|GRANT|REVOKE|REPLACE|LOAD|FLUSH|KILL)\b"
)


def _listed_read_statements(t: ToolText) -> Match | None:
    """The statements the description lists start with a read keyword and no write keyword is written
    in capitals anywhere in it (a list that also names INSERT or DROP takes writes)."""
    low = t.low_text
    if "syntax" not in low and "supported" not in low and "allowed" not in low and "available" not in low:
        return None
    desc = t.description
    hit = _STATEMENT_LIST.search(desc)
    if not hit:
        return None
    first = hit.group(1) or hit.group(2)
    if first not in _READ_STATEMENTS or _WRITE_STATEMENT.search(desc):
        return None
    return "description", hit.group()


# its gate is the pre-check above (one of these words in low_text), so run_rules skips it on most tools
set_gate(_listed_read_statements, (Gate(always=frozenset(("syntax", "supported", "allowed", "available"))),))
LISTED_READ_STATEMENTS = _listed_read_statements

SCHEMA_CLASS_RULES.append(
    Rule(
        "read.listed_statements",
        "takes only the read statements its description lists (SHOW, SELECT, COUNT ...)",
        _listed_read_statements,
        action="Read",
    )
)

_LOGIN_WORDS = frozenset(W("login logout signin signout"))


def _login_verb(t: ToolText) -> Match | None:
    """`login`, `helm_registry_logout`: the log-in word is the name's verb (only a product or object
    word before it; `get_user_login` reads a login link)."""
    if _LOGIN_WORDS.isdisjoint(t.name_words):
        return None
    for tok in t.name_tokens:
        if tok.text in _LOGIN_WORDS:
            return "name", tok.text
        if verb_class(tok.text) is not None:
            return None
    return None


set_gate(_login_verb, (Gate(names=_LOGIN_WORDS),))

# Bookkeeping: logging the server's own session in or out of a service (no credentials or OAuth grant handled
# by the call itself) changes only which account the next calls use.
SCHEMA_CLASS_RULES.append(
    Rule(
        "write.login_session",
        "logs the server's session in or out (which account the next calls use)",
        none_of(
            _login_verb,
            rx(
                r"\b(?:oauth|tokens?|passwords?|credentials?|api[ _-]?keys?)\b",
                LEAD_FIELDS,
                needles=("oauth", "token", "password", "credential", "key"),
            ),
            prop_named(r"(?:\w+_)?(?:password|token|api_?key|secret|credentials?)"),
        ),
        cap_risk="low",
        writes=True,
    )
)
