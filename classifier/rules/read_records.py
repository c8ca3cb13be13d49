"""Reads the rubric rates medium by what comes back (its read rows): logs, records about other people, threads
other people wrote (tickets, issues, comments), what anyone can publish (posts, videos, web search results), and a
financial account's own records. The rows are in site/docs/rubric.md; metadata, counts and the caller's own
profile stay low."""

from __future__ import annotations

from collections.abc import Iterable

from classifier.lexicon import W
from classifier.rules.matchers import (
    Gate,
    Match,
    Matcher,
    Rule,
    all_of,
    any_of,
    lead_rx,
    name_has,
    none_of,
    rx,
    set_gate,
)
from classifier.text import ToolText

_READ_NAME_VERBS = W(
    "get list search find fetch read retrieve show view query tail stream browse lookup export"
)

# Names that ask about the shape of the data, not the data: counts, settings, types and the caller's own account.
_METADATA_NAMES = name_has(
    W(
        "count counts stats statistics stat metric metrics summary summaries analytics insights "
        "type types field fields label labels status statuses transition transitions template templates "
        "setting settings config configuration level levels format formats schema schemas "
        "category categories tag tags group groups priority priorities role roles permission permissions "
        "current me my self whoami own"
    )
)

# What a name asks for is its last word (`jira_get_issue` returns the issue, `jira_get_issue_dates` its dates), or
# the word before a last word that only says "all of it" (`get_ticket_details`, `list_issue_comments`).
_WHOLE_RECORD_TAIL = frozenset(
    W("details detail info data content contents body text full history thread by id ids")
)


def object_last(verbs: Iterable[str] | None, nouns: Iterable[str]) -> Matcher:
    """A name whose object (last word, or the word before a "details"-like tail) is one of `nouns`; with `verbs`,
    one of them must also be among the name's words."""
    noun_set = frozenset(nouns)
    verb_set = frozenset(verbs) if verbs is not None else None

    def m(t: ToolText) -> Match | None:
        toks = t.name_tokens
        if len(toks) < (1 if verb_set is None else 2):
            return None
        if verb_set is not None and verb_set.isdisjoint(t.name_words):
            return None
        obj = len(toks) - 1
        while obj > 0 and toks[obj].text in _WHOLE_RECORD_TAIL:
            obj -= 1
        if toks[obj].text not in noun_set:
            return None
        return "name", t.name[toks[0].start : toks[-1].end]

    set_gate(m, (Gate(names=verb_set if verb_set is not None else noun_set),))
    return m


_LOG_NOUNS = W("log logs logcat journal journald syslog stderr stdout")

# people, by the plural (a singular `user` is as often the caller's own account)
_PEOPLE_NOUNS = W(
    "users members persons people contact contacts lead leads deal deals employee employees candidate candidates "
    "applicant applicants patient patients subscribers attendees followers customer customers"
)

# (`request`: `get_pull_request`, `list_merge_requests`)
_THREAD_NOUNS = W(
    "ticket tickets conversation conversations issue issues comment comments discussion discussions pr prs "
    "mr mrs incident incidents request requests"
)

# Platforms where anyone can publish: what comes back was written by strangers.
_PUBLIC_PLATFORM = rx(
    r"\b(?:twitter|tweets?|x\.com|reddit|hacker\s*news|youtube|bluesky|mastodon|tiktok|instagram|facebook|"
    r"threads\.net|weibo|bilibili|douyin|xiaohongshu|rednote|zhihu|stack\s*overflow|product\s*hunt|news\s+articles?|"
    r"google\s+news)\b",
    ("server", "name", "title", "description"),
    needles=(
        "twitter",
        "tweet",
        "x.com",
        "reddit",
        "hacker",
        "youtube",
        "bluesky",
        "mastodon",
        "tiktok",
        "instagram",
        "facebook",
        "threads",
        "weibo",
        "bilibili",
        "douyin",
        "xiaohongshu",
        "rednote",
        "zhihu",
        "stack",
        "product",
        "news",
    ),
)

# The caller's own account, profile or session: not other people's records.
_OWN_ACCOUNT = rx(
    r"\b(?:current(?:ly)?|authenticated|logged[- ]in|signed[- ]in|configured|connected)\s+(?:[\w-]+\s+)?"
    r"(?:users?|accounts?|profiles?|members?)\b|\b(?:your|my)\s+(?:own\s+)?(?:profile|account)\b",
    ("description", "title"),
    lead_only=True,
    needles=("current", "authenticated", "logged", "signed", "configured", "connected", "your", "my"),
)

# A noun in front of its end of phrase: "List tickets for a user", not "List ticket types".
_PHRASE_END = r"(?=\s*(?:$|[.,;:()\[\]]|\s(?:for|in|from|of|by|with|that|which|matching|on|and|or|assigned|created|where)\b))"

READ_RECORD_RULES: list[Rule] = [
    Rule(
        "read.logs",
        "reads application, system or container logs (they carry tokens, personal data and users' text)",
        none_of(
            any_of(
                object_last(_READ_NAME_VERBS, _LOG_NOUNS),
                # `pod logs`, `container_logs`: a plural log noun names what comes back (a singular `log_meal` writes)
                object_last(None, W("logs logcat journald syslog")),
                lead_rx(
                    r"^\W*(?:get|gets|read|reads|fetch|fetches|retrieve|retrieves|tail|tails|stream|streams|query|queries|"
                    r"search|searches|view|views|show|shows|return|returns|list|lists|collect|collects)\s+"
                    r"(?:the\s+|a\s+)?(?:last\s+|recent\s+|latest\s+|\d+\s+)?(?:[\w-]+\s+){0,3}?"
                    r"(?:logs|log\s+(?:entries|lines|messages|output|records)|journal(?:\s+entries)?|syslog|"
                    r"console\s+(?:output|logs?)|stdout|stderr)" + _PHRASE_END,
                    needles=("log", "journal", "console", "stdout", "stderr"),
                ),
            ),
            _METADATA_NAMES,
            name_has(
                W(
                    "create add set update delete clear purge write enable disable rotate sink sinks file files"
                )
            ),
            # a git history and a public chain's program logs are not a system's logs
            rx(
                r"\b(?:git|commits?|solana|blockchain|on-?chain|smart\s+contracts?|programs?)\b",
                ("name", "title", "description"),
                lead_only=True,
                needles=("git", "commit", "solana", "blockchain", "chain", "contract", "program"),
            ),
        ),
        risk="medium",
        flags=("private_data", "untrusted_content"),
    ),
    Rule(
        "read.people_records",
        "reads records about other people (users, members, contacts, leads, customers, patients)",
        none_of(
            any_of(
                object_last(_READ_NAME_VERBS, _PEOPLE_NOUNS),
                lead_rx(
                    r"^\W*(?:get|gets|list|lists|search|searches|find|finds|fetch|fetches|retrieve|retrieves|return|returns|"
                    r"show|shows|look\s+up|looks\s+up)\s+(?:all\s+|the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?"
                    r"(?:users|members|contacts|persons|people|leads|employees|candidates|applicants|patients|"
                    r"subscribers|attendees|followers|customers)" + _PHRASE_END,
                    needles=(
                        "user",
                        "member",
                        "contact",
                        "person",
                        "people",
                        "lead",
                        "employee",
                        "candidate",
                        "applicant",
                        "patient",
                        "subscriber",
                        "attendee",
                        "follower",
                        "customer",
                    ),
                ),
            ),
            _METADATA_NAMES,
            _OWN_ACCOUNT,
            # database and cluster accounts are access configuration, not people
            rx(
                r"\b(?:database|db|postgres\w*|mysql|sql|mongo\w*|redis|iam|service\s+accounts?|roles?)\b",
                ("name", "title", "description"),
                lead_only=True,
                needles=(
                    "database",
                    "db",
                    "postgres",
                    "mysql",
                    "sql",
                    "mongo",
                    "redis",
                    "iam",
                    "service",
                    "role",
                ),
            ),
        ),
        risk="medium",
        flags=("private_data",),
    ),
    Rule(
        "read.thread_text",
        "reads tickets, issues, conversations or comments other people wrote (a path for injected instructions)",
        none_of(
            any_of(
                object_last(_READ_NAME_VERBS, _THREAD_NOUNS),
                lead_rx(
                    r"^\W*(?:get|gets|list|lists|search|searches|find|finds|fetch|fetches|retrieve|retrieves|read|reads|"
                    r"return|returns|show|shows|view|views)\s+(?:all\s+|the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?"
                    r"(?:tickets?|conversations?|issues?|comments?|discussions?|pull\s+requests?|merge\s+requests?|"
                    r"review\s+comments?)" + _PHRASE_END,
                    needles=("ticket", "conversation", "issue", "comment", "discussion", "request"),
                ),
            ),
            _METADATA_NAMES,
            # a change set's diff, files or commits is code, not what people wrote
            name_has(W("diff diffs file files commit commits change changes check checks")),
            # (a train ticket, a traffic incident; a request of an HTTP client or a feature/pull of an image)
            rx(
                r"\b(?:train|flight|bus|concert|event|traffic|road|http|api|access|feature|image)\s+"
                r"(?:tickets?|incidents?|requests?)\b|\bsessions?\b",
                ("name", "description"),
                lead_only=True,
                needles=("ticket", "incident", "request", "session"),
            ),
        ),
        risk="medium",
        flags=("untrusted_content", "private_data"),
    ),
    Rule(
        "read.public_posts",
        "reads what anyone can publish: social posts, forum threads, videos, news or web search results",
        none_of(
            any_of(
                all_of(
                    object_last(
                        _READ_NAME_VERBS,
                        W(
                            "tweet tweets post posts timeline feed story stories thread threads comment comments "
                            "video videos transcript transcripts news headlines mentions replies reviews trending"
                        ),
                    ),
                    _PUBLIC_PLATFORM,
                ),
                object_last(None, W("tweets headlines transcript transcripts")),
                lead_rx(
                    r"^\W*(?:search|searches|query|queries)\s+(?:the\s+)?(?:web|internet|news)\b"
                    r"|^\W*(?:perform|performs|run|runs|do|does)\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:web|news|internet)\s+search"
                    r"|^\W*(?:search|searches)\s+(?:using\s+|with\s+|via\s+|on\s+)?(?:google|bing|duckduckgo|brave|"
                    r"tavily|serper|serpapi|searxng)\b",
                    needles=(
                        "web",
                        "internet",
                        "news",
                        "google",
                        "bing",
                        "duckduckgo",
                        "brave",
                        "tavily",
                        "serp",
                    ),
                ),
            ),
            _METADATA_NAMES,
        ),
        risk="medium",
        flags=("untrusted_content", "open_world"),
    ),
    Rule(
        "read.account_finance",
        "reads a financial account's balances, open orders, invoices, payouts or withdrawals",
        none_of(
            any_of(
                object_last(
                    _READ_NAME_VERBS,
                    W(
                        "balance balances invoice invoices payout payouts withdrawal withdrawals deposits payees fills"
                    ),
                ),
                name_has(_READ_NAME_VERBS, ["open"], W("order orders positions")),
                # Round 9z: `futures_balance` "Get the CFM US futures balance summary": a name that is its object.
                object_last(None, W("balance balances")),
                lead_rx(
                    r"^\W*(?:get|gets|list|lists|fetch|fetches|retrieve|retrieves|return|returns|show|shows|check|checks)\s+"
                    r"(?:the\s+|all\s+|your\s+|my\s+)?(?:(?!info\b|information\b|details\b|including\b)[\w-]+\s+){0,3}?"
                    r"(?:account\s+)?(?:balances?|open\s+orders|"
                    r"open\s+positions|invoices|payouts|withdrawals?|deposits)" + _PHRASE_END,
                    needles=("balance", "order", "position", "invoice", "payout", "withdrawal", "deposit"),
                ),
            ),
            _METADATA_NAMES,
            # an address on a public chain, a transaction by its hash, a company's filings: public data
            rx(
                r"\baddress(?:es)?\b|地址|\bowners?\b|\bcontracts?\b|\btx_?hash\b|\bby\s+(?:its\s+|the\s+)?"
                r"(?:transaction\s+)?hash\b|\bblock\s+explorer\b|\bcredits?\b|\bsheets?\b|\bcompan(?:y|ies)\b|"
                r"\btickers?\b|\bstocks?\b",
                ("description", "title"),
                lead_only=True,
                needles=(
                    "address",
                    "地址",
                    "owner",
                    "contract",
                    "hash",
                    "explorer",
                    "credit",
                    "sheet",
                    "compan",
                    "ticker",
                    "stock",
                ),
            ),
        ),
        risk="medium",
        flags=("financial", "private_data"),
    ),
]
