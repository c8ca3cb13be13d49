"""Multiplexed tools: one argument (`action`, `operation`, `method`...) selects what the tool does.

Each enum value is classified on its own from its verb, so a `projects_write` tool whose
`method` enum contains `delete_project_item` shows that operation as a destructive Write.
Servers that skip the enum often list the values in the argument's description instead
("Must be one of: 'get_users', 'create_user', ..."); those lists count as the enum.
"""

from __future__ import annotations

import re

from catalog.models import ACTIONS, RISK_RANK, Operation
from classifier.lexicon import DELETE_VERBS, W, verb_class
from classifier.text import SchemaProp, ToolText, split_identifier

SELECTOR = re.compile(
    r"(?:action|actions|operation|operations|op|method|command|subcommand|verb|task)", re.IGNORECASE
)
HTTP_VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_RUN_WORDS = frozenset(W("run rerun trigger execute exec start deploy install dispatch evaluate eval"))
_CODE_WORDS = frozenset(W("sql query script code command shell"))
MAX_OPERATIONS = 50
MAX_LISTED = 200
# A value is a bare identifier ("create_user", "get-users", "listPods"), never a phrase or a path.
_VALUE = r"[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*"
_QUOTED_VALUE = re.compile(r"""(?<![\w'"`])['"`](""" + _VALUE + r""")['"`](?![\w'"`])""")
# "one of: a, b, c" / "Options: a | b | c" / "Actions: a, b or c": an unquoted list after its cue.
_LIST_CUE = re.compile(
    r"\b(?:one\s+of|options?(?:\s+are)?|actions?|operations?|values?|commands?|methods?|supported|available"
    # "The operation to perform: get, describe, create, delete, apply"
    r"|(?:actions?|operations?|commands?)\s+to\s+(?:perform|run|execute|do|use))"
    r"\s*[:=]\s*(" + _VALUE + r"(?:\s*(?:,|\||/|\bor\b|\band\b)\s*" + _VALUE + r")+)",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:,|\||/|\bor\b|\band\b)\s*", re.IGNORECASE)
# Quoted examples ("e.g. 'sobjects/ApexClass'", "for example 'Click the button'") are not the list of values.
_EXAMPLE_CUE = re.compile(r"\b(?:e\.g\.|eg\b|for example|such as|i\.e\.|like)", re.IGNORECASE)
# "generate" reads as a content verb elsewhere; generating a secret or key makes a credential.
_MINT_VERBS = frozenset(W("generate regenerate create issue reissue mint rotate extend renew"))
_WORKLOAD_NOUNS = frozenset(
    W(
        "build builds pipeline pipelines workflow workflows job jobs run runs deploy deployment action actions dag task tasks test tests"
    )
)
# Round 10f: in `portainer_container_action` the singular "action" names the selector argument, not a
# GitHub Actions run; only the plural (`manage_actions`) says the tool's objects are workflow runs.
_NAME_WORKLOAD_NOUNS = _WORKLOAD_NOUNS - {"action"}
# Round 10c: `cron_add`, `at_create` of a host automation tool schedule the caller's command to run.
_SCHEDULE_NOUNS = frozenset(W("cron crontab anacron at"))
_SCHEDULE_VERBS = frozenset(W("add create new set write install"))
# Round 10d: `issue_refund` of a payments tool: money leaves the account.
_MONEY_NOUNS = frozenset(W("refund refunds payout payouts transfer transfers withdrawal withdrawals"))
_MONEY_VERBS = frozenset(W("issue create make send initiate execute process submit"))
_MONEY_FIRST = frozenset(W("refund withdraw pay payout"))
_LOOKUP_VERBS = frozenset(W("get list describe show read inspect view"))
_CODE_REVIEW_NOUNS = frozenset(W("pull pr prs pullrequest pullrequests mr mrs branch branches"))
# verbs that only a credential takes ("issue_token", "revoke_token"), so the token is not a crypto asset
_TOKEN_VERBS = frozenset(W("issue reissue revoke rotate regenerate refresh extend renew"))
_MESSAGE_VERBS = frozenset(W("send reply forward notify broadcast"))
_PASSWORD_WORDS = frozenset(W("password passwords passphrase random strong secure new"))
_UNDO_VERBS = frozenset(W("revoke disable expire invalidate deactivate"))
_SECRET_NOUNS = frozenset(
    W("secret secrets password passwords passphrase credential credentials apikey apikeys")
)
# A "key" or "token" alone may be a cache key or a crypto asset; with one of these it is a credential.
_KEY_NOUNS = frozenset(W("key keys token tokens"))
_KEY_QUALIFIERS = frozenset(W("api access auth bearer personal refresh session ssh signing private deploy"))
_ACCESS_NOUNS = frozenset(
    W("role roles permission permissions privacy membership member members acl policy access grant grants")
)


def _names_credential(words: set[str], token_verb: bool = False) -> bool:
    """A secret noun, or a key/token a qualifier (or a verb only credentials take) makes a credential."""
    if _SECRET_NOUNS & words:
        return True
    return bool(_KEY_NOUNS & words) and (token_verb or bool(_KEY_QUALIFIERS & words))


def listed_values(description: str) -> tuple[str, ...]:
    """The values an operation argument's description lists when its schema has no enum."""
    if not description:
        return ()
    example = _EXAMPLE_CUE.search(description)
    quoted = [m for m in _QUOTED_VALUE.finditer(description) if not example or m.start() < example.start()]
    values = [m.group(1) for m in quoted]
    if len(values) < 2:
        cue = _LIST_CUE.search(description)
        if cue is None or (example and example.start() < cue.start()):
            return ()
        values = _LIST_SPLIT.split(cue.group(1))
    return tuple(dict.fromkeys(v for v in values if v))[: MAX_OPERATIONS * 4]


_BULLET_VALUE = re.compile(r"^\s*[-*\u2022]\s*[`'\"]?(" + _VALUE + r")[`'\"]?\s*(?:[:(\uff1a\u2013-]|->|$)")
_DOCSTRING_MAX_LINES = 200


def docstring_values(description: str, argument: str) -> tuple[str, ...]:
    """Values a docstring's "Args:" entry for `argument` lists as bullets ("action: ... - issue_token: ...").

    FastMCP servers put the argument's documentation in the tool description, not in the schema."""
    if argument not in description:
        return ()
    lines = description.splitlines()[:_DOCSTRING_MAX_LINES]
    head = re.compile(r"^(\s*)(?:[-*]\s*)?`?" + re.escape(argument) + r"`?\s*(?:\([^)]{0,40}\))?\s*[:\uff1a]")
    for i, line in enumerate(lines):
        m = head.match(line)
        if m is None:
            continue
        indent = len(m.group(1))
        block: list[str] = [line[m.end() :]]
        for nxt in lines[i + 1 :]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            block.append(nxt)
        bullets = [b.group(1) for b in map(_BULLET_VALUE.match, block) if b]
        if len(bullets) >= 2:
            return tuple(dict.fromkeys(bullets))[:MAX_LISTED]
        return listed_values("\n".join(block))
    return ()


# A section of the tool's description that lists the operations, one per line ("Actions:", "Available
# operations:"), each line a value and what it does: "• deploy: Deploy a stack", "- get: Display resources",
# "invoke - Execute contract function", "up/down/restart: Manage stack lifecycle".
_SECTION_HEAD = re.compile(
    r"^\s*(?:(?:available|supported|valid)\s+)?(?:actions?|operations?|commands?|methods?)\s*(?:\([^)\n]{0,40}\))?\s*:\s*$",
    re.IGNORECASE,
)
_SECTION_LINE = re.compile(
    r"^(\s*)(?:[-*\u2022]\s*)?[`'\"]?(" + _VALUE + r"(?:\s*/\s*" + _VALUE + r")*)[`'\"]?"
    r"(?:\s*:|\s+[-\u2013\u2014]\s|\s*->|\s*\()(.*)$"
)
_SECTION_MAX_LINES = 300


def section_values(description: str) -> tuple[str, ...]:
    """The values an "Actions:" section of the description lists, one line each. Lines indented deeper than
    the first value line belong to the value above them ("  - Required: host_id"); the section ends at a line
    indented less, at a line of the same depth that names no value, or at a sub-heading ("Examples:")."""
    if ":" not in description:
        return ()
    lines = description.splitlines()[:_SECTION_MAX_LINES]
    for i, line in enumerate(lines):
        if not _SECTION_HEAD.match(line):
            continue
        values: list[str] = []
        base = -1
        for nxt in lines[i + 1 :]:
            if not nxt.strip():
                continue
            indent = len(nxt) - len(nxt.lstrip())
            if base >= 0 and indent > base:
                continue
            m = _SECTION_LINE.match(nxt)
            if m is None or (base >= 0 and indent < base) or not m.group(3).strip():
                break
            base = indent
            values.extend(v.strip() for v in m.group(2).split("/"))
        if len(values) >= 2:
            return tuple(dict.fromkeys(values))[:MAX_LISTED]
    return ()


# Round 10c: "Process management: list, tree, kill, signal, create, ..." - a tool whose selector argument has no
# enum and no description heads its own description with a short title and the list of values.
_HEADED_LIST = re.compile(
    r"^\W*(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*\s*:\s*(" + _VALUE + r"(?:\s*,\s*" + _VALUE + r"){3,})"
)


def headed_list_values(description: str) -> tuple[str, ...]:
    """The values a description's opening "Title: a, b, c, d" line lists (four or more)."""
    hit = _HEADED_LIST.match(description[:4000])
    if hit is None:
        return ()
    return tuple(dict.fromkeys(v.strip() for v in hit.group(1).split(",")))[:MAX_LISTED]


def _values(p: SchemaProp, description: str) -> tuple[str, ...]:
    if p.enum or "string" not in p.types and p.types:
        return p.enum
    return (
        listed_values(p.description)
        or docstring_values(description, p.name)
        or section_values(description)
        or headed_list_values(description)
    )


# "Select and run one of the following Netlify operations get-deploy, get-deploy-for-site, deploy-site": a tool with
# no schema that names its operations in its own description.
_DESCRIBED_OPERATIONS = re.compile(
    r"\b(?:run|runs|perform|performs|execute|executes|call|calls)\s+one\s+of\s+the\s+following\s+(?:[\w-]+\s+)?"
    r"(?:operations|actions|commands)\s*:?\s*(" + _VALUE + r"(?:\s*,\s*" + _VALUE + r")+)",
    re.IGNORECASE,
)


def _selector(t: ToolText) -> SchemaProp | None:
    if not t.props and t.description:
        hit = _DESCRIBED_OPERATIONS.search(t.description[:2000])
        if hit:
            return SchemaProp(
                "operation", ("string",), tuple(_LIST_SPLIT.split(hit.group(1)))[:MAX_LISTED], ""
            )
    for p in t.props:
        if not SELECTOR.fullmatch(p.name):
            continue
        values = _values(p, t.description)
        if len(values) >= 2:
            p = p._replace(enum=values)
            # An HTTP-method enum configures what the tool creates (an uptime monitor's method),
            # unless the tool itself is a generic request.
            if set(v.upper() for v in values) <= HTTP_VERBS and not any(
                tok.text in {"request", "http", "api", "fetch", "call"} for tok in t.name_tokens
            ):
                return None
            return p
    return None


def classify_value(
    value: str, *, holds_credentials: bool = False, runs_workloads: bool = False, merges_code: bool = False
) -> tuple[str, str] | None:
    """`holds_credentials`: the tool's own name says its objects are credentials (`manage_credential_providers`),
    so a plain "create" or "update" value stores one. `runs_workloads`: its name says its objects are builds,
    jobs or containers, so a plain "start" or "trigger" value runs one. `merges_code`: its name says its objects
    are pull requests or branches, so "merge" merges code."""
    toks = [tok.text for tok in split_identifier(value)]
    if not toks:
        return None
    # Round 10c: `container_exec`, `pod_exec`: exec into a running workload runs the caller's command.
    if "exec" in toks and toks[0] not in _LOOKUP_VERBS:
        return "Execute", "critical"
    if _SCHEDULE_NOUNS.intersection(toks[:1]) and _SCHEDULE_VERBS.intersection(toks[1:]):
        return "Execute", "critical"
    if toks[0] in _MONEY_FIRST or (toks[0] in _MONEY_VERBS and _MONEY_NOUNS.intersection(toks[1:])):
        return "Write", "critical"
    if toks[0] in {"trigger", "start"} and not _WORKLOAD_NOUNS.intersection(toks[1:]) and not runs_workloads:
        # "trigger_notify_admin_posts", "start_following_thread" change state; only a triggered or started
        # build, job, workflow or container is a run.
        return "Write", "medium"
    if toks[0] in _RUN_WORDS or (toks[0] in {"run", "execute"} and _CODE_WORDS.intersection(toks)):
        risk = "critical" if _CODE_WORDS.intersection(toks) else "high"
        return "Execute", risk
    rest = set(toks[1:])
    credential = holds_credentials or _names_credential(rest, toks[0] in _TOKEN_VERBS)
    # A generated password handed back and stored nowhere is a read (rubric edge case).
    if credential and toks[0] in _MINT_VERBS and not (toks[0] == "generate" and rest <= _PASSWORD_WORDS):
        return "Write", "critical"
    if toks[0] == "merge" and merges_code:
        # Round 9n: `merge` of a pull-request tool merges into a shared branch (precedent merge_pull_request: high).
        return "Write", "high"
    if toks[0] in _MESSAGE_VERBS:
        # Rubric: a message to other people (mail sent, replied, forwarded) is high.
        return "Write", "high"
    cls = None
    for tok in toks:
        cls = verb_class(tok)
        if cls:
            break
    if cls is None:
        return None
    if cls == "Execute":
        return "Execute", "high"
    if cls == "Write":
        # Rubric: creating or storing a credential is critical, an access-control change high.
        if credential and not DELETE_VERBS.intersection(toks) and toks[0] not in _UNDO_VERBS:
            return "Write", "critical"
        if DELETE_VERBS.intersection(toks) or _ACCESS_NOUNS & rest or credential:
            return "Write", "high"
        return "Write", "medium"
    return "Read", "low"


def classify_operations(t: ToolText) -> list[Operation]:
    sel = _selector(t)
    if sel is None:
        return []
    name = {tok.text for tok in t.name_tokens}
    holds_credentials = _names_credential(name)
    runs_workloads = bool(_NAME_WORKLOAD_NOUNS & name)
    merges_code = bool(_CODE_REVIEW_NOUNS & name)
    values = sel.enum[:MAX_LISTED]
    out: list[Operation] = []
    for value in values:
        got = classify_value(
            value, holds_credentials=holds_credentials, runs_workloads=runs_workloads, merges_code=merges_code
        )
        if got is not None:
            out.append(Operation(argument=sel.name, value=value, action=got[0], risk=got[1]))  # type: ignore[arg-type]
    # An enum of modes rather than verbs (half the values unknown) is not an operation selector.
    if len(out) * 2 < len(values):
        return []
    if len(out) > MAX_OPERATIONS:
        # Too many to show: keep the most severe (the tool's class and risk come from them), in listed order.
        def severity(o: Operation) -> tuple[int, int]:
            return RISK_RANK[o.risk], ACTIONS.index(o.action)

        keep = set(sorted(range(len(out)), key=lambda i: severity(out[i]), reverse=True)[:MAX_OPERATIONS])
        out = [o for i, o in enumerate(out) if i in keep]
    return out
