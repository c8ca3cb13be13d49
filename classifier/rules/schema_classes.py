"""Rules written from the rubric's classes as whole tool definitions show them (name verb, object,
schema arguments, description), for servers whose wording no labelled example shares.

Each rule reads a shape rather than a phrase: a generic request tool is a path argument described as
an API endpoint, whatever its lead says; a run of a module, handler, listener or agent starts a
workload whatever the product; a code cell run is caller code. Every text pattern pre-checks
literals (needles) and every schema matcher looks at the properties only after a cheap test, so a
tool without them costs a few substring tests.
"""

from __future__ import annotations

import json
import re

from classifier.lexicon import READ_VERBS, W, verb_class
from classifier.rules.contexts import _BROWSER_CONTEXT
from classifier.rules.matchers import (
    Gate,
    Match,
    Rule,
    all_of,
    any_of,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
    schema_quote,
    set_gate,
)
from classifier.text import ToolText

_LEAD = ("description", "title")

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
    for p in props:
        if p.description and p.name.lower() in _ENDPOINT_PROP_NAMES:
            hit = _ENDPOINT_DESC.search(p.description)
            if hit:
                return "input_schema", schema_quote(hit.group())
    return None


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
                any_of(_BROWSER_CONTEXT, rx(r"\bbrowser\b", _LEAD, needles=("browser",))),
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
            _LEAD,
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
        prop_named(
            r"(?:include|show|reveal|with|return|expose|decrypt)_?(?:secrets?|credentials?|passwords?|tokens?|api_?keys?)"
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
                _LEAD,
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
                _LEAD,
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
            rx(r"\bkill\b", _LEAD, lead_only=True, needles=("kill",)),
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
                _LEAD,
                needles=("oauth", "token", "password", "credential", "key"),
            ),
            prop_named(r"(?:\w+_)?(?:password|token|api_?key|secret|credentials?)"),
        ),
        cap_risk="low",
        writes=True,
    )
)


# --- round 8f ------------------------------------------------------------------------------------------------


def _by_email_key(t: ToolText) -> Match | None:
    """`get_user_by_email`, `find_contact_by_mail`: the e-mail address is the lookup key, not mail read."""
    toks = t.name_tokens
    for i in range(len(toks) - 1):
        if toks[i].text == "by" and toks[i + 1].text in ("email", "mail", "emails"):
            return "name", t.name[toks[i].start : toks[i + 1].end]
    return None


set_gate(_by_email_key, (Gate(names=frozenset(("by",))),))
BY_EMAIL_KEY = _by_email_key


def _function_name_selector(t: ToolText) -> Match | None:
    """A `function` argument described as the name or id of a built-in function picks one of the server's
    own functions (a collector, a check); caller code is described as code, a body or a script."""
    for p in t.props:
        if p.name.lower() == "function" and re.match(
            r"\s*(?:the\s+)?(?:name|id|identifier)\s+of\b", p.description, re.IGNORECASE
        ):
            return "input_schema", schema_quote(p.description[:40])
    return None


FUNCTION_NAME_SELECTOR = _function_name_selector


def _password_prop(t: ToolText) -> Match | None:
    """A top-level argument with a short name (`pass`, `pwd`, `smtp_pass`) described as a password: the
    server keeps it (names spelled out in full are secrets.write's)."""
    schema = t.schema_obj
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict):
        return None
    for name, spec in props.items():
        if not isinstance(spec, dict) or not isinstance(name, str):
            continue
        if re.fullmatch(r"(?:\w+_)?(?:pass|pwd|passwd)", name, re.IGNORECASE):
            desc = spec.get("description")
            if isinstance(desc, str) and re.search(r"\bpassword\b", desc, re.IGNORECASE):
                return "input_schema", json.dumps(name, ensure_ascii=False)
    return None


SCHEMA_CLASS_RULES.extend(
    [
        # Critical: a migration applied runs its code against the database (train: apply_migration Execute/critical).
        Rule(
            "exec.apply_migration",
            "applies a migration (its code runs against the database)",
            any_of(
                lead_rx(
                    r"^\W*(?:apply|applies|run|runs|execute|executes)\s+(?:an?\s+|the\s+|all\s+)?(?:specific\s+|new\s+|"
                    r"pending\s+|given\s+)?(?:database\s+|schema\s+|sql\s+)?migrations?\b(?!\s+(?:status|history|list|plan))",
                    needles=("migration",),
                ),
                name_has(W("apply run execute"), W("migration migrations"), first=True),
            ),
            action="Execute",
            risk="critical",
            flags=("code_execution",),
            skip_if_readonly=True,
        ),
        # (c) Installs named past the lead: "runs `git pull` ... and reinstalls its Python requirements".
        Rule(
            "exec.reinstall",
            "pulls new code or (re)installs dependencies (software installed and run)",
            rx(
                r"\bruns?\s+`?git\s+pull\b[^.\n]{0,80}\b(?:re)?install"
                r"|\b(?:re)?install(?:s|ing)?\s+(?:its\s+|the\s+|all\s+)?(?:python\s+|node\s+|npm\s+|pip\s+)?"
                r"(?:requirements|dependencies)\b",
                ("description",),
                needles=("install",),
            ),
            action="Execute",
            risk="high",
            skip_if_readonly=True,
        ),
        # (c) A paid model run named by its vendor: "rig a 3D model ... using Meshy AI" (a search or crawl "using
        # Exa AI" is a search engine).
        Rule(
            "exec.vendor_ai",
            "runs a vendor's AI model on the caller's input",
            none_of(
                lead_rx(
                    r"\b(?:using|with|via|by)\s+(?:the\s+)?(?-i:[A-Z][\w.-]*)\s+(?-i:AI)\b"
                    r"(?!['’]|\s+(?:features?|credits?|entitlements?|accounts?|api\s+keys?|plans?))",
                    needles=("ai",),
                ),
                # a search, crawl, extraction or check "using Exa AI" is a search engine's work
                lead_rx(
                    r"\b(?:search|searches|crawl|crawls|research|researches|find|finds|look\s+up|fetch|extract|extracts|"
                    r"check|checks|fact-check|scrape|scrapes)\b|^\W*(?:get|gets|list|lists|read|reads|retrieve|retrieves)\b",
                    needles=(
                        "search",
                        "crawl",
                        "research",
                        "find",
                        "look",
                        "fetch",
                        "extract",
                        "check",
                        "scrap",
                        "get",
                        "list",
                        "read",
                        "retriev",
                    ),
                ),
            ),
            action="Execute",
            risk="high",
            flags=("open_world",),
            skip_if_readonly=True,
        ),
        # Critical: a caller's manifest applied to a cluster, or a GitOps application set deployed from a template.
        Rule(
            "deploy.manifest",
            "creates or updates cluster resources from the caller's manifest or deployment template",
            any_of(
                lead_rx(
                    r"\b(?:create|creates|apply|applies|update|updates|deploy|deploys)\b[^.\n]{0,60}\bfrom\s+(?:an?\s+|the\s+)?"
                    r"(?:ya?ml|json|kubernetes|k8s)\s+manifests?\b",
                    needles=("manifest",),
                ),
                all_of(
                    # (`k8s_replace(manifest)`: kubectl replace recreates the resource from the caller's manifest)
                    name_has(W("create update apply upsert deploy replace patch")),
                    prop_named(r"(?:(?:yaml|json|k8s)_?)?manifests?|manifest_?(?:yaml|json|content)"),
                ),
                all_of(
                    name_has(W("create update upsert")),
                    prop_named(r"generators?"),
                    prop_named(r"template|spec"),
                    prop_named(r"sync_?policy"),
                ),
            ),
            risk="critical",
            flags=("code_execution",),
            writes=True,
            skip_if_readonly=True,
        ),
        # Critical: a password argument described as one ("SMTP password") on a tool that adds a configuration.
        Rule(
            "secrets.password_arg",
            "stores a password the caller gives (a credential kept by the server)",
            all_of(
                name_has(W("create add set update put store register configure setup save"), first=True),
                _password_prop,
            ),
            risk="critical",
            flags=("secrets",),
            writes=True,
            skip_if_readonly=True,
        ),
    ]
)

_RECIPIENTS = prop_named(
    r"to|recipients?|receivers?|user_?ids|userid_?list|to_?users?|to_?address(?:es)?|chat_?ids?|open_?ids|emails?_?to"
)

SCHEMA_CLASS_RULES.extend(
    [
        # Comms: a message sent to people named by the schema (the description may be in any language).
        Rule(
            "comms.send_to_recipients",
            "sends a message to the recipients its arguments name",
            all_of(
                name_has(
                    W("send"),
                    W("conversation conversations message messages msg markdown text dm notice"),
                    first=True,
                ),
                _RECIPIENTS,
            ),
            risk="high",
            flags=("open_world",),
            writes=True,
            skip_if_readonly=True,
        ),
        # A delivered message recalled from its recipients is shared data removed (the edge case's remote delete).
        Rule(
            "delete.recall_message",
            "recalls a message already delivered to other people",
            name_has(
                W("recall retract unsend revoke withdraw"),
                W("conversation conversations message messages msg"),
                first=True,
            ),
            risk="high",
            flags=("destructive",),
            writes=True,
            skip_if_readonly=True,
        ),
        # A local directory synchronised to a remote server overwrites the remote copies.
        Rule(
            "delete.sync_to_remote",
            "synchronises a local directory onto a remote server (remote files overwritten)",
            lead_rx(
                r"^\W*(?:sync|syncs|synchroni[sz]e|synchroni[sz]es|mirror|mirrors)\s+(?:an?\s+|the\s+)?(?:local\s+)"
                r"(?:directory|directories|folders?|files?)\s+to\s+(?:an?\s+|the\s+)?(?:remote|\w+\s+remote)\b",
                needles=("sync", "mirror"),
            ),
            risk="high",
            flags=("destructive",),
            writes=True,
            skip_if_readonly=True,
        ),
        # Secrets: mail-server or database configurations read back hold their passwords ("config that may hold
        # credentials": medium).
        Rule(
            "read.credential_configs",
            "reads mail-server or database connection configurations (which may hold their passwords)",
            all_of(
                name_has(W("get list show read fetch"), W("smtp imap mail"), first=True),
                name_has(W("config configs configuration configurations settings accounts")),
            ),
            risk="medium",
            flags=("secrets",),
        ),
        # Sensitive records: a payment account's counterparties, and tickets or conversations filtered by a
        # customer's or requester's e-mail (helpdesk records with contact details).
        Rule(
            "read.customer_records",
            "reads payment counterparties or customer tickets and conversations (personal data)",
            any_of(
                # "Fetch the activity stream of a CRM record: posts, emails, status changes": the customer's mail
                lead_rx(
                    r"^\W*(?:get|gets|fetch|fetches|list|lists|retrieve|retrieves|read|reads|show|shows)\s+(?:the\s+)?"
                    r"activity\s+(?:stream|feed|history|timeline)\b[^.\n]{0,80}\be-?mails?\b",
                    needles=("activity",),
                ),
                lead_rx(
                    r"^\W*(?:get|list|fetch|retrieve|search)\w*\s+(?:all\s+)?(?:the\s+)?counterparties\b"
                    r"(?!\s+(?:options|settings|types))",
                    needles=("counterpart",),
                ),
                all_of(
                    name_has(W("get list search find fetch"), W("tickets conversations conversation")),
                    prop_named(r"(?:customer|requester|requestor|contact)_?email|email"),
                ),
            ),
            risk="medium",
            flags=("private_data",),
        ),
        # A message shown on a device's display changes what the device shows (a device write).
        Rule(
            "write.device_display",
            "shows a message on a device's display",
            lead_rx(
                r"^\W*(?:display|displays|show|shows)\s+(?:an?\s+|the\s+)?(?:text\s+|custom\s+)?(?:message|text|notification)s?\s+"
                r"on\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:devices?|clocks?|displays?|screens?|panels?|signs?|matrix)\b",
                needles=("display", "show"),
            ),
            risk="medium",
            writes=True,
            skip_if_readonly=True,
        ),
        # Bookkeeping: text staged in a terminal multiplexer's paste buffer; an application's status refreshed
        # from its source (nothing synced or changed).
        Rule(
            "write.session_buffer",
            "stages text in the session's own buffer or refreshes a cached status",
            none_of(
                any_of(
                    lead_rx(
                        r"^\W*(?:load|loads|set|sets|save|saves)\s+(?:the\s+)?text\s+into\s+(?:an?\s+|the\s+)?(?:new\s+)?"
                        r"(?:[\w-]+\s+){0,2}?(?:paste\s+)?buffers?\b",
                        needles=("buffer",),
                    ),
                    lead_rx(
                        r"^\W*refresh(?:es)?\s+the\s+(?:status|state)\s+of\b[^.\n]{0,80}\bby\s+fetching\b",
                        needles=("refresh",),
                    ),
                ),
                rx(
                    r"\b(?:sync|syncs|deploy\w*|apply|applies)\b",
                    _LEAD,
                    lead_only=True,
                    needles=("sync", "deploy", "appl"),
                ),
            ),
            cap_risk="low",
            writes=True,
        ),
    ]
)
