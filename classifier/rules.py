"""Rules for what must never be missed: code execution, money movement, secrets, destruction.

Each rule has an id, an effect (an action it asserts, a risk floor, flags) and a matcher that
returns the exact quote it found, so every rule hit is also a piece of evidence. The precision
of each rule on the bundled training data is measured by `python -m classifier.rule_stats`
and written next to the rule in RULE_PRECISION (rules_precision.json).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from classifier.heuristic import lead_verb
from classifier.lexicon import W, verb_class
from classifier.regex_literals import clauses_hold, literal_clauses
from classifier.text import ToolText

Match = tuple[str, str]  # (field, exact quote)
Matcher = Callable[[ToolText], Match | None]

TEXT_FIELDS = ("title", "description")


@dataclass(frozen=True)
class Rule:
    id: str
    why: str
    match: Matcher
    action: str | None = None  # "Execute" (asserted) or None
    risk: str | None = None  # risk floor
    flags: tuple[str, ...] = ()
    category: str | None = None  # "Financial" / "Destructive" when the rule proves it
    skip_if_readonly: bool = False  # the rubric never labels a readOnlyHint:true tool Execute
    cap_risk: str | None = None  # lowers risk (bookkeeping writes); never below a floor rule
    writes: bool = False  # what the rule found changes something, so the tool cannot be a Read


@dataclass
class RuleHit:
    rule: Rule
    field: str
    quote: str


# --- matchers ---------------------------------------------------------------------------


# Every free-text pattern with the literal clauses its matcher pre-checks (for the tests that
# prove the pre-check never hides a match).
TEXT_PATTERNS: list[tuple[re.Pattern[str], tuple[tuple[str, ...], ...]]] = []


def rx(
    pattern: str,
    fields: Iterable[str] = TEXT_FIELDS,
    *,
    lead_only: bool = False,
    needles: tuple[str, ...] = (),
) -> Matcher:
    """A regex over free text. lead_only: only the first sentence of the description.
    needles: lower-case literals one of which must occur in title/description/name before the
    regex runs (a substring test is far cheaper than a regex over a long description)."""
    compiled = re.compile(pattern, re.IGNORECASE)
    flist = tuple(fields)
    text_only = set(flist) <= {"title", "description", "name"}
    # Literals every match must contain: on most tools one is missing, and a few substring
    # tests cost less than the regex trying every position of a long description.
    clauses = literal_clauses(compiled) if text_only else ()
    TEXT_PATTERNS.append((compiled, clauses))

    def m(t: ToolText) -> Match | None:
        if needles and text_only:
            low = t.low_text
            for n in needles:  # a plain loop: no generator per rule per tool
                if n in low:
                    break
            else:
                return None
        if clauses and t.literals_exact and not clauses_hold(clauses, t.low_text):
            return None
        for f in flist:
            text = t.field(f)
            if not text:
                continue
            if lead_only and f == "description":
                text = t.lead
            hit = compiled.search(text)
            if hit and hit.group().strip():
                return f, hit.group()
        return None

    return m


def name_has(*groups: Iterable[str], first: bool = False) -> Matcher:
    """Every group must contribute one name token (in any order). first: group 1 is the first token."""
    sets = [frozenset(g) for g in groups]

    def m(t: ToolText) -> Match | None:
        names = t.name_words
        for s in sets:
            if s.isdisjoint(names):
                return None
        toks = t.name_tokens
        found: list = []
        for i, s in enumerate(sets):
            # Each group needs its own token: `run` cannot be both the verb and the object.
            cands = [tok for tok in toks if tok.text in s and tok not in found]
            if first and i == 0:
                cands = [tok for tok in toks[:1] if tok.text in s]
            if not cands:
                return None
            found.append(cands[0])
        lo = min(tok.start for tok in found)
        hi = max(tok.end for tok in found)
        return "name", t.name[lo:hi]

    return m


def prop_named(pattern: str) -> Matcher:
    compiled = re.compile(pattern, re.IGNORECASE)

    def m(t: ToolText) -> Match | None:
        for p in t.props:
            if compiled.fullmatch(p.name):
                return "input_schema", json.dumps(p.name, ensure_ascii=False)
        return None

    return m


def enum_value(prop_pattern: str, value_pattern: str) -> Matcher:
    pc = re.compile(prop_pattern, re.IGNORECASE)
    vc = re.compile(value_pattern, re.IGNORECASE)

    def m(t: ToolText) -> Match | None:
        for p in t.props:
            if p.enum and pc.fullmatch(p.name):
                for v in p.enum:
                    if vc.search(v):
                        return "input_schema", json.dumps(v, ensure_ascii=False)
        return None

    return m


def any_of(*ms: Matcher) -> Matcher:
    def m(t: ToolText) -> Match | None:
        for one in ms:
            hit = one(t)
            if hit:
                return hit
        return None

    return m


def all_of(first: Matcher, *conds: Matcher) -> Matcher:
    """Quote from the first matcher, but only when every other matcher also matches."""

    def m(t: ToolText) -> Match | None:
        hit = first(t)
        if hit is None:
            return None
        for c in conds:
            if c(t) is None:
                return None
        return hit

    return m


def none_of(first: Matcher, *vetoes: Matcher) -> Matcher:
    def m(t: ToolText) -> Match | None:
        hit = first(t)
        if hit is None:
            return None
        for v in vetoes:
            if v(t) is not None:
                return None
        return hit

    return m


# --- shared contexts ----------------------------------------------------------------------

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
            "click dblclick drag drop fill hover press type navigate upload resize emulate dialog tabs "
            "scroll goto reload keyboard mouse tap"
        )
    ),
    name_has(["select"], ["option", "options"]),
)
_BROWSER_OPEN_CLOSE = name_has(["new", "close", "open"], ["page", "tab", "window"])
_LOCAL = any_of(
    rx(
        r"\b(?:local|file ?system|knowledge graph|workbook|worksheet|spreadsheet|working (?:tree|directory)|"
        r"allowed directories|sandbox|on disk|excel|xlsx)\b",
        ("description", "title", "server"),
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


_SHELL_NAME: Matcher = _shell_name

_READONLY_QUERY = rx(
    r"\b(?:read[- ]only|read|select|readonly)\s+(?:sql\s+|cypher\s+|promql\s+)?quer", TEXT_FIELDS
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

def _no_props(t: ToolText) -> Match | None:
    """The schema shows no arguments (often: not captured), so it cannot rule a text argument out."""
    return None if t.props else ("name", t.name)


_NO_PROPS: Matcher = _no_props

# Query languages and query kinds that only read (a search, a metrics or log query, SOQL, KQL...).
_READ_QUERY_KIND = rx(
    r"\b(?:select|find|search|read|read[- ]only|readonly|kql|kusto|soql|sosl|promql|logql|metricsql|traceql|"
    r"flux|jql|cql|lucene|rag|tree-sitter|geospatial|semantic|vector|similarity|natural[- ]language|"
    r"analytics|log|logs|metrics?|trace|traces)\s+(?:\w+\s+)?quer(?:y|ies)\b|\bonly\s+(?:select|read)\b",
    TEXT_FIELDS,
    lead_only=True,
)

# --- the rules ------------------------------------------------------------------------------

RULES: list[Rule] = [
    # Execute: caller-supplied code, commands, write queries.
    Rule(
        "exec.code_argument",
        "takes caller-supplied code or a command to run",
        all_of(
            prop_named(
                r"(?:code|script|source_?code|js|javascript|python|command|cmd|cli_?command|shell_?command|"
                r"commands|shell|bash|function|snippet)"
            ),
            rx(
                r"\b(?:run|runs|execut\w*|evaluat\w*|eval)\b",
                ("name", "title", "description"),
                needles=("run", "exec", "eval"),
            ),
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
                        r"^\W*(?:\w+ly\s+)?(?:execut\w*|runs?)\s+(?:an?\s+|the\s+|any\s+|arbitrary\s+|custom\s+|"
                        r"multiple\s+)?(?:[\w-]+\s+)?(?:sql\s+)?(?:quer(?:y|ies)|statements?)\b(?!\s+language)",
                        TEXT_FIELDS,
                        lead_only=True,
                        needles=("quer", "statement"),
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
                    any_of(_NO_PROPS, prop_named(r"(?:\w+_)?(?:query|queries|sql|statements?|cypher|aql|q)")),
                ),
            ),
            _READONLY_QUERY,
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
                r"\b(?:run|runs|execut\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|any\s+)?(?:\w+\s+)?"
                r"(?:shell|terminal|bash|cli|command[- ]line|system|os)\s+commands?"
                r"|\bexecut\w*\s+(?:an?\s+|the\s+|arbitrary\s+)?commands?\b",
                TEXT_FIELDS,
                needles=("command",),
            ),
            # "Run a kubectl command", "Run a command on this machine": the tool's own job is to run
            # a command the caller writes (only as the lead verb: "convert docker run commands" is not).
            rx(
                r"^\W*(?:\w+ly\s+)?(?:run|runs|execut\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|any\s+|raw\s+)?"
                r"(?:[\w-]+\s+)?commands?\b",
                TEXT_FIELDS,
                lead_only=True,
                needles=("command",),
            ),
            _SHELL_NAME,
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.script",
        "evaluates or runs caller-supplied code",
        rx(
            r"\b(?:evaluat\w*|eval)\s+(?:an?\s+|the\s+)?(?:javascript|js|script|code)"
            r"|\b(?:run|runs|execut\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|custom\s+|any\s+)?"
            r"(?:playwright\s+|python\s+|javascript\s+|js\s+|node\s+|user\s+)?(?:code|script|snippet)s?\b"
            r"|\b(?:run|runs|execut\w*|evaluat\w*)\s+(?:an?\s+|the\s+|arbitrary\s+|custom\s+|any\s+)?"
            r"(?:javascript|js|python|typescript|bash|powershell|lua|ruby|node\.?js)\b",
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
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.coding_agent",
        "delegates a prompt to a coding-agent CLI that can run commands and edit files",
        rx(
            r"^\s*(?:[\w -]{1,30}:\s*)?(?:run|runs|start|starts)\b[^.\n]{0,60}\b(?:cli|agent|code)\b[^.\n]{0,20}\brequest",
            ("description",),
            lead_only=True,
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.llm_run",
        "runs an LLM / AI agent job (paid, acts on its own)",
        rx(
            r"^\s*(?:[\w -]{1,30}:\s*)?(?:run|runs|start|starts|ask|asks|use|send|invoke|request|challenge|route|select|pick)\b"
            r"[^.\n]{0,80}\b(?:llm|models?|provider|copilot|gpt|claude|gemini|codex|seer|ai agent|judge)\b",
            ("description",),
            lead_only=True,
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.browser",
        "drives a live browser session (clicks, typing, navigation)",
        any_of(all_of(_BROWSER_ACT, _BROWSER_CONTEXT), all_of(_BROWSER_OPEN_CLOSE, _BROWSER_CONTEXT)),
        action="Execute",
        risk="high",
        flags=("untrusted_content", "open_world"),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.workload",
        "starts a run of a workload (build, pipeline, workflow, job)",
        any_of(
            rx(
                r"^\s*(?:trigger|start|run|re-?run|launch|dispatch|kick off)s?\s+"
                r"(?:an?\s+|the\s+|new\s+|\w+\s+){0,3}?(?:builds?|pipelines?|workflows?|jobs?|runs?|deployments?|containers?)\b",
                ("description", "title"),
                lead_only=True,
            ),
            name_has(["trigger", "rerun", "dispatch"], first=True),
            name_has(["create", "start", "trigger", "queue"], ["build", "run"], first=True),
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
        rx(
            r"\bexecut\w*\s+(?:an?\s+|any\s+)?(?:available\s+)?(?:\w+\s+)?(?:mcp\s+)?tool\b"
            r"|\b(?:make|send|perform|execute)s?\s+(?:an?\s+)?(?:arbitrary|raw|generic|custom|any)\s+"
            r"(?:http|api|rest|graphql)\s+(?:requests?|calls?)"
            r"|^\W*execut\w*\s+(?:\w+\s+)?(?:rest|http|graphql)\s+(?:api\s+)?(?:requests?|calls?)",
            TEXT_FIELDS,
            lead_only=True,
        ),
        action="Execute",
        risk="high",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    # Money and billing.
    Rule(
        "money.move",
        "moves money (payment, refund, payout, transfer, capture)",
        none_of(
            any_of(
                name_has(
                    [
                        "create",
                        "issue",
                        "capture",
                        "send",
                        "make",
                        "process",
                        "initiate",
                        "execute",
                        "refund",
                        "pay",
                    ],
                    [
                        "refund",
                        "refunds",
                        "payout",
                        "payouts",
                        "charge",
                        "payment",
                        "payments",
                    ],
                ),
                # A transfer moves money only in a money context: issues, apps and ownership transfer too.
                all_of(name_has(["transfer", "transfers"]), _MONEY_CONTEXT),
                rx(
                    r"\b(?:create|issue|make|send|process|capture|initiate|execute)s?\s+(?:an?\s+|the\s+|new\s+)?"
                    r"(?:\w+\s+)?(?:refunds?|payouts?|payments?|money transfers?|transfers? of funds|charges?)\b"
                    r"(?!\s+(?:link|method|intent|page|record)s?)",
                    TEXT_FIELDS,
                    lead_only=True,
                ),
            ),
            name_has(W("link links method methods intent list get search account accounts")),
            # Code generators and checks that mention payments do not move money themselves.
            name_has(
                W("generate test check validate quote estimate preview calculate explain simulate"),
                first=True,
            ),
        ),
        risk="critical",
        flags=("financial",),
        category="Financial",
        skip_if_readonly=True,
    ),
    Rule(
        "money.trade",
        "trades, deposits, withdraws or sends funds or assets",
        none_of(
            any_of(
                name_has(W("place buy sell swap purchase deposit withdraw"), first=True),
                name_has(W("place submit create"), W("order orders"), W("market limit futures spot trade")),
                name_has(
                    W("send transfer"),
                    W("transaction transactions tx eth btc sol token tokens funds crypto usdc coins nft"),
                ),
                rx(
                    r"^\W*(?:place|buy|sell|swap|purchase|deposit|withdraw|transfer|send)s?\b[^.\n]{0,40}"
                    r"\b(?:orders?|funds|tokens?|eth|btc|crypto|money|usdc|usdt|assets?|shares|stocks?|coins?)\b",
                    ("description", "title"),
                    lead_only=True,
                ),
            ),
            name_has(W("get list search quote estimate preview simulate history"), first=True),
        ),
        risk="critical",
        flags=("financial",),
        category="Financial",
        skip_if_readonly=True,
    ),
    Rule(
        "money.sign",
        "signs messages or transactions with a wallet key (a signature can authorise a transfer)",
        name_has(["sign"], W("transaction transactions tx message messages typed data permit psbt")),
        risk="high",
        flags=("financial", "secrets"),
    ),
    Rule(
        "money.amount_currency",
        "takes an amount and a currency",
        all_of(prop_named(r"(?:unit_)?amount(?:_\w+)?"), prop_named(r"currency(?:_code)?")),
        risk="high",
        flags=("financial",),
        skip_if_readonly=True,
    ),
    Rule(
        "money.billing_object",
        "changes billing objects (invoices, prices, subscriptions, payment links, coupons)",
        name_has(
            W("create update cancel finalize void delete send pay issue add"),
            W(
                "invoice invoices price prices subscription subscriptions coupon coupons payment dispute disputes "
                "billing plan"
            ),
        ),
        risk="high",
        flags=("financial",),
        writes=True,
        skip_if_readonly=True,
    ),
    # Secrets.
    Rule(
        "secrets.write",
        "creates or stores credentials or secrets",
        any_of(
            name_has(
                W("create add set update store put rotate generate regenerate refresh renew reissue write"),
                W("secret secrets credential credentials password passwords token tokens apikey"),
            ),
            rx(
                r"^\s*(?:create|add|set|store|rotate|generate|regenerate|refresh|renew|reissue|write)(?:e?s)?\s+(?:an?\s+|the\s+|new\s+)?(?:\w+\s+)?"
                r"(?:secrets?|credentials?|api keys?|access keys?|passwords?|access tokens?)\b",
                ("description",),
                lead_only=True,
            ),
        ),
        risk="critical",
        flags=("secrets",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "secrets.read",
        "returns secret values",
        any_of(
            name_has(W("secret secrets env credentials password passwords")),
            # Cookies are session credentials when they are read out.
            name_has(W("get list read show find export dump"), W("cookie cookies")),
            rx(
                r"\b(?:secret values?|leaked secrets?|private keys?|secrets? scanning)\b",
                TEXT_FIELDS,
                lead_only=True,
            ),
        ),
        risk="high",
        flags=("secrets",),
    ),
    Rule(
        "secrets.api_keys",
        "returns API keys",
        any_of(
            name_has(["get", "list", "read", "show"], ["apikey", "apikeys"]),
            name_has(
                ["get", "list", "read", "show"],
                ["key", "keys"],
                W("api access private secret publishable anon service"),
            ),
            rx(r"\b(?:returns?|gets?|lists?)\b[^.\n]{0,30}\bapi keys?\b", TEXT_FIELDS, lead_only=True),
        ),
        risk="medium",
        flags=("secrets",),
    ),
    # Destruction.
    Rule(
        "delete.data_store",
        "can destroy a whole data store (database, repository, collection, bucket, project)",
        none_of(
            any_of(
                name_has(
                    ["delete", "drop", "destroy", "purge", "wipe"],
                    W(
                        "database databases db repository repo collection bucket keyspace cluster project organization"
                    ),
                    first=True,
                ),
                name_has(
                    W("delete drop destroy remove"),
                    W("postgres postgresql mysql mariadb mongo mongodb redis database db"),
                ),
                rx(
                    r"^\W*(?:drop|delete|destroy|wipe|purge|remove)s?(?:/\w+)?\s+(?:an?\s+|the\s+|entire\s+|whole\s+)*"
                    r"(?:\w+\s+)?(?:database|repository|collection|bucket|keyspace|cluster)\b",
                    TEXT_FIELDS,
                    lead_only=True,
                ),
            ),
            # Deleting a membership, comment or label inside an organization/project is not losing the store.
            name_has(
                W(
                    "member members membership memberships user users invitation invitations comment comments label labels tag tags"
                )
            ),
        ),
        risk="critical",
        flags=("destructive", "bulk"),
        category="Destructive",
        skip_if_readonly=True,
    ),
    Rule(
        "delete.bulk",
        "deletes in bulk (all records, by filter, truncate)",
        none_of(
            any_of(
                rx(
                    r"\b(?:delete|clear|purge|wipe|erase)s?\s+(?:all|every|multiple|many)\b|\bbulk[- ]delet\w*"
                    r"|\bdelete\w*\s+by\s+(?:filter|query)"
                    # "remove/clean up all <things>": the object makes it data, not staged changes or a view.
                    r"|\b(?:remove|removes|clean\s*up|cleans\s+up|cleanup)\s+all\s+(?:\w+\s+)?(?:documents|messages|"
                    r"records|rows|items|entries|data|resources|objects|files|keys|events|tasks)\b"
                    # "truncate" is a bulk delete only with a data object ("smart truncation for large files",
                    # "output is truncated" describe how a read shortens its answer).
                    r"|\btruncat(?:e|es|ing)\s+(?:an?\s+|the\s+|all\s+)?(?:\w+\s+)?(?:tables?|collections?|indexe?s|"
                    r"indices|queues?|streams?|topics?|data|records|rows)\b",
                    TEXT_FIELDS,
                    lead_only=True,
                ),
                name_has(["clear", "delete", "purge", "remove", "cleanup"], ["all", "bulk"]),
                name_has(["truncate"]),
            ),
            _LOCAL,
        ),
        risk="high",
        flags=("destructive", "bulk"),
        category="Destructive",
        skip_if_readonly=True,
    ),
    Rule(
        "delete.remote",
        "deletes or irreversibly overwrites shared/remote state",
        none_of(
            any_of(
                name_has(["delete", "destroy", "drop", "purge", "erase", "wipe", "kill", "discard"]),
                name_has(["reset"], ["hard", "branch"]),
                rx(
                    # "Removes/deletes a project", "Archive or delete a record": any verb pair with a delete.
                    r"^\s*(?:permanently\s+)?(?:\w+\s*(?:/|\bor\b|\band\b)\s*)?(?:delete|destroy|drop|purge|erase)s?\b",
                    ("description",),
                    lead_only=True,
                ),
            ),
            _LOCAL,
            _DRAG_AND_DROP,
        ),
        risk="high",
        flags=("destructive",),
        category="Destructive",
        skip_if_readonly=True,
    ),
    Rule(
        "delete.local",
        "deletes local or user-owned state",
        all_of(
            any_of(
                name_has(["delete", "destroy", "drop", "purge", "erase", "wipe", "discard", "remove"]),
                rx(
                    r"^\s*(?:permanently\s+)?(?:delete|destroy|drop|remove)s?\b",
                    ("description",),
                    lead_only=True,
                ),
            ),
            _LOCAL,
        ),
        risk="medium",
        cap_risk="medium",
        flags=("destructive",),
        skip_if_readonly=True,
    ),
    Rule(
        "deploy.code",
        "deploys caller code or applies manifests to a runtime",
        any_of(
            name_has(["deploy"], W("function functions code app application service manifest chart stack")),
            # Applying a manifest or installing a chart runs whatever workload the caller describes.
            name_has(W("apply install upgrade deploy"), W("manifest manifests chart charts helm yaml")),
            name_has(["apply"], W("kubectl k8s kubernetes kustomize")),
            # "k8s" splits into k / 8 / s as name tokens, so the word is matched in the name itself
            rx(r"(?<![a-z0-9])k8s[\W_]*apply(?![a-z])|(?<![a-z])apply[\W_]*k8s(?![a-z0-9])", ("name",)),
            rx(
                r"\bdeploy\w*\s+(?:an?\s+|the\s+|new\s+)?(?:\w+\s+)?(?:functions?|code|apps?|applications?)\b"
                r"|\bapply\w*\s+(?:an?\s+|the\s+|arbitrary\s+)?(?:(?:kubernetes|k8s|yaml|json|helm)\s+){0,2}"
                r"(?:manifests?|charts?|resources? from yaml|yaml|configuration from (?:a\s+)?(?:yaml|file))\b"
                r"|\b(?:install|upgrade)\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:helm\s+)?(?:charts?|helm releases?)\b",
                TEXT_FIELDS,
                lead_only=True,
            ),
        ),
        risk="critical",
        flags=("code_execution",),
        writes=True,
        skip_if_readonly=True,
    ),
    # Other high-impact writes.
    Rule(
        "access.change",
        "changes access control or membership",
        any_of(
            name_has(
                W("add remove invite grant revoke"),
                W(
                    "member members permission permissions role roles access restriction restrictions collaborator "
                    "collaborators team teams user users"
                ),
            ),
            name_has(
                W("set update change assign"),
                W("permission permissions role roles access restriction restrictions"),
            ),
            rx(
                r"^\s*(?:add|remove|invite|grant|revoke|set|update|change)s?\b[^.\n]{0,40}\b(?:permissions?|roles?|"
                r"access|restrictions?|collaborators?|members?)\b",
                ("description",),
                lead_only=True,
            ),
        ),
        risk="high",
        flags=("admin",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "comms.external",
        "sends a message to people (email, SMS, paging, status page)",
        any_of(
            rx(
                r"^\s*(?:send|post|publish|page|notify|broadcast|email|text)s?\b[^.\n]{0,40}\b(?:emails?|e-mails?|sms|"
                r"text messages?|slack|messages?|notifications?|status pages?|tweets?|responders?|on-call)\b",
                ("description", "title"),
                lead_only=True,
            ),
            name_has(
                ["send", "post", "publish"],
                W("email emails sms message messages notification tweet status"),
                first=True,
            ),
            name_has(["add"], ["responders", "responder"]),
            rx(
                r"^\s*(?:create|post|publish|send)s?\b[^.\n]{0,40}\bstatus page",
                ("description", "title"),
                lead_only=True,
            ),
        ),
        risk="high",
        flags=("public_sink",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "infra.change",
        "changes cloud or cluster infrastructure",
        name_has(
            W("create update delete attach detach scale pause restore resize"),
            W(
                "workspace workspaces cluster clusters instance instances infrastructure vm node nodes namespace"
            ),
            first=True,
        ),
        risk="high",
        flags=("admin",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "infra.tunnel",
        "opens a tunnel or port forward into a cluster or host (exposes an internal service)",
        any_of(
            name_has(["port", "ports"], ["forward", "forwarding"]),
            name_has(W("open create start"), ["tunnel", "tunnels"]),
            rx(
                r"\b(?:forward\w*|expos\w*)\s+(?:an?\s+|the\s+)?(?:local\s+)?ports?\b|\bport[- ]forward\w*"
                r"|\b(?:opens?|creates?|starts?)\s+(?:an?\s+)?(?:ssh\s+|network\s+)?tunnels?\b",
                TEXT_FIELDS,
                lead_only=True,
            ),
        ),
        risk="medium",
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
    # Sensitive or untrusted reads.
    Rule(
        "read.open_web",
        "ingests untrusted open-web content",
        any_of(
            rx(
                r"\b(?:fetch|scrape|crawl)\w*\b[^.\n]{0,40}\b(?:urls?|web ?pages?|websites?|web content|internet|html)\b"
                r"|\b(?:retrieve|get|read|extract)s?\s+(?:the\s+)?(?:content|contents|text|html|markdown)\s+(?:of|from)\s+"
                r"(?:an?\s+|any\s+|the\s+)?(?:urls?|web ?pages?|websites?)"
                r"|\b(?:extract|scrape|pull|collect)s?\s+(?:\w+\s+){0,3}?(?:from|of)\s+(?:an?\s+|any\s+|the\s+|given\s+|one or more\s+)?"
                r"(?:urls?|web ?pages?|websites?|the web)\b",
                TEXT_FIELDS,
                lead_only=True,
            ),
            name_has(["scrape", "crawl", "fetch"], ["url", "web", "page", "markdown", "html", "batch", "as"]),
            name_has(["fetch"], first=True),
        ),
        risk="medium",
        flags=("untrusted_content", "open_world"),
    ),
    Rule(
        "read.browser_content",
        "reads content or traffic from a live browser session",
        all_of(
            name_has(W("snapshot screenshot console network requests request find content html text")),
            _BROWSER_CONTEXT,
        ),
        risk="medium",
        flags=("untrusted_content", "private_data"),
    ),
    Rule(
        "read.payment_records",
        "reads customer or payment records",
        name_has(
            ["list", "get", "search", "read", "retrieve"],
            W("customers customer payment payments charges charge transactions transaction payouts"),
        ),
        risk="medium",
        flags=("private_data",),
    ),
    Rule(
        "read.query_language",
        "runs a read-only query language (metrics, logs, search), not code",
        rx(
            r"^\W*(?:execute|run|perform|evaluate)s?\s+(?:an?\s+|the\s+)?(?:promql|logql|metricsql|jql|cql|kql|traceql|"
            r"lucene|search|instant|range|read[- ]only|select|selector)\b[^.\n]{0,30}\bquer(?:y|ies)",
            ("description", "title"),
            lead_only=True,
        ),
        action="Read",
        cap_risk="medium",
    ),
    Rule(
        "read.private_messages",
        "reads private messages or mail (sensitive, and a channel for injected instructions)",
        any_of(
            name_has(
                W("get list read search fetch retrieve show find"),
                W("email emails mail mails inbox dm dms chat chats"),
            ),
            all_of(
                name_has(
                    W("get list read search fetch retrieve show find"), W("message messages thread threads")
                ),
                rx(
                    r"\b(?:e-?mails?|mail|gmail|outlook|inbox|slack|discord|teams|telegram|whatsapp|sms|chat|channels?)\b",
                    ("server", "description", "title"),
                ),
            ),
        ),
        risk="medium",
        flags=("private_data", "untrusted_content"),
    ),
    # Trivial bookkeeping writes (rubric: low).
    Rule(
        "write.bookkeeping",
        "personal bookkeeping (stars, notifications read, demo toggles)",
        any_of(
            name_has(["star", "unstar", "toggle", "dismiss"], first=True),
            name_has(["mark"], ["read", "notification", "notifications"]),
        ),
        cap_risk="low",
    ),
]

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def run_rules(t: ToolText, rules: Iterable[Rule] = RULES) -> list[RuleHit]:
    hits: list[RuleHit] = []
    readonly = t.hints.get("readOnlyHint") is True
    for rule in rules:
        if rule.skip_if_readonly and readonly:
            continue
        found = rule.match(t)
        if found is not None:
            hits.append(RuleHit(rule, found[0], found[1]))
    return hits


@lru_cache(maxsize=1)
def rule_precision() -> dict[str, dict[str, float]]:
    """Measured precision per rule (written by classifier.rule_stats); empty if not measured."""
    path = Path(__file__).with_name("rules_precision.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class RuleSummary:
    action: str | None = None
    risk_floor: str | None = None
    risk_cap: str | None = None
    flags: list[str] = field(default_factory=list)
    category: str | None = None
