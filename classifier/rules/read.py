"""Sensitive or untrusted reads: the open web, live browsers, payment records, query languages,
private messages."""

from __future__ import annotations

import re

from classifier.lexicon import W
from classifier.rules.contexts import (
    _BROWSER_CONTEXT,
    _CHECK_ONLY,
    _ENFORCED_READONLY,
    CASSANDRA_CQL,
    DRY_RUN_NAME,
)
from classifier.rules.matchers import (
    TEXT_FIELDS,
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
    set_gate,
)
from classifier.rules.schema_arguments import BY_EMAIL_KEY
from classifier.text import ToolText

_SOURCE_RX = re.compile(
    r"\b(?:slack|gmail|outlook|inbox|dropbox|google drive|onedrive|sharepoint|microsoft teams|discord|notion|"
    r"confluence|jira)\b",
    re.IGNORECASE,
)


_SOURCES_CUE = re.compile(
    r"\bsources?\s+(?:such as|like|including|could include|may include|include)\b"
    r"|\b(?:slack|gmail|google drive|dropbox)\s+(?:discussions|messages|emails|documents|files)\b",
    re.IGNORECASE,
)


_ADDRESS_WORDS = rx(
    r"\burls?\b|\buris?\b|\bhttps?\b|\blinks?\b|\bweb\b|\bweb ?pages?\b|\bwebsites?\b|\bhtml\b|\bpages?\b|"
    r"\binternet\b|\bonline\b",
    ("description", "title"),
)
_ADDRESS_PROP = prop_named(r"\w*(?:url|uri|link|href|page|site|address)\w*")


def _no_address(t: ToolText) -> Match | None:
    """A hit when neither the text nor an argument names a web address, page or link."""
    if _ADDRESS_WORDS(t) is not None or _ADDRESS_PROP(t) is not None:
        return None
    return "name", t.name


def _private_sources(t: ToolText) -> Match | None:
    """Two or more personal or workspace sources named ("Slack discussions, Gmail, Google Drive documents"):
    a connector search over the user's private data."""
    low = t.low_text
    if "slack" not in low and "gmail" not in low and "drive" not in low and "inbox" not in low:
        return None
    text = t.field("description") or ""
    # The services are where the user's own data comes from ("sources such as Slack discussions, Gmail"),
    # not examples of names ("logos for Slack and Notion", a query like "gmail | slack").
    if not _SOURCES_CUE.search(text):
        return None
    matches = list(_SOURCE_RX.finditer(text))
    if len({m.group().lower() for m in matches}) < 2:
        return None
    # the quote is the description's own words, from the first source named to the last
    return "description", text[matches[0].start() : matches[-1].end()]


# its first test, the same literals in low_text
set_gate(_private_sources, (Gate(always=frozenset({"slack", "gmail", "drive", "inbox"})),))


READ_RULES: list[Rule] = [
    # Sensitive or untrusted reads.
    Rule(
        "read.open_web",
        "ingests untrusted open-web content",
        none_of(
            any_of(
                rx(
                    r"\b(?:fetch|scrape|crawl)\w*\b[^.\n]{0,40}\b(?:urls?|web ?pages?|websites?|web content|internet|html)\b"
                    r"|\b(?:retrieve|get|read|extract)s?\s+(?:the\s+)?(?:content|contents|text|html|markdown)\s+(?:of|from)\s+"
                    r"(?:an?\s+|any\s+|the\s+)?(?:urls?|web ?pages?|websites?)"
                    r"|\b(?:extract|scrape|pull|collect)s?\s+(?:\w+\s+){0,7}?(?:from|of)\s+(?:an?\s+|any\s+|the\s+|given\s+|"
                    r"one or (?:more|multiple)\s+|multiple\s+|several\s+)?(?:urls?|web ?pages?|websites?|the web)\b"
                    # "Fetch an LLM.txt file from a given URL", "web content extraction", "Convert a resource
                    # described by an http:, https: ... URI to markdown": the content comes from any address.
                    r"|\bfrom\s+(?:an?\s+|any\s+|the\s+)?(?:given|specified|provided|arbitrary)\s+urls?\b"
                    r"|\bweb(?:site)?\s+content\s+(?:extraction|fetching|scraping)\b"
                    r"|^\W*convert\w*\b[^.\n]{0,60}\bhttps?:"
                    r"|^\W*download\w*\s+(?:and\s+\w+\s+)?(?:an?\s+|the\s+|any\s+)?(?:web ?pages?|websites?|html)\b"
                    # "Retrieves URLs from the Internet", "Summarize content from a URL": what comes back was
                    # fetched from an address the caller gives.
                    r"|\b(?:retriev|get|fetch)\w*\s+urls?\s+from\s+the\s+internet\b"
                    r"|\b(?:content|text)\s+(?:from|of)\s+(?:an?|any)\s+urls?\b"
                    # Round 7: "Extracts and transforms webpage content into clean Markdown".
                    r"|\b(?:extract|pars|convert|transform|clean|summari[sz])\w*\s+(?:and\s+\w+\s+)?(?:the\s+)?"
                    r"(?:web ?page|website)\s+(?:content|html|text)\b",
                    TEXT_FIELDS,
                    lead_only=True,
                    # every alternative names an address or the web: skip the regex when none of these occurs
                    needles=("url", "web", "internet", "html", "http"),
                ),
                # "providing ... a downloadable source map URL": the tool downloads what the caller points it at
                # (not "returns the downloadable audio URL" or "exports files to downloadable urls", its output).
                rx(
                    r"\ban?\s+downloadable\s+(?:[\w-]+\s+){1,3}?urls?\b",
                    ("description",),
                    needles=("downloadable",),
                ),
                # "Search the web for a given query ... Use top k results for content": the pages' text, not
                # snippets, comes back.
                all_of(
                    rx(
                        r"^\W*search(?:es)?\s+the\s+web\b",
                        ("description",),
                        lead_only=True,
                        needles=("search the web", "searches the web"),
                    ),
                    rx(
                        r"\bresults?\s+for\s+(?:the\s+)?content\b|\b(?:full|page)\s+content\b",
                        ("description",),
                        needles=("content",),
                    ),
                ),
                name_has(
                    ["scrape", "crawl", "fetch"], ["url", "web", "page", "markdown", "html", "batch", "as"]
                ),
                # (not "Fetch businesses from the Explorium API", "Fetch trades on an exchange", "... for a
                # configured account": a vendor's records, not the open web)
                none_of(
                    name_has(["fetch"], first=True),
                    rx(
                        r"\bfrom\s+the\s+[\w.-]+\s+api\b|\bon\s+an?\s+exchange\b|\b(?:using|for)\s+a\s+configured\s+account\b",
                        ("description",),
                        needles=("api", "exchange", "configured account"),
                    ),
                    # Round 9e: `fetch` "Fetch detailed information about a cryptocurrency token or market data" by a
                    # search result's id: with no address, page or link anywhere, the verb fetches records.
                    _no_address,
                ),
                name_has(["read"], W("website websites webpage webpages url")),
            ),
            # "Fetch global public provider URLs": the answer is a list of links, not what they point to.
            rx(
                r"^\W*(?:fetch|get|list|retrieve)\w*\s+(?:[\w-]+\s+){1,4}?urls\b"
                r"(?![^.\n]*\b(?:contents?|text|markdown|html|pages?|data)\b)",
                ("description",),
                lead_only=True,
                needles=("urls",),
            ),
            # "Fetches the content of a Powertools documentation page": one vendor's own docs, no address given.
            none_of(
                rx(
                    r"^\W*fetch\w*\s+(?:the\s+)?(?:(?:content|contents|text)\s+of\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+)?"
                    r"(?:documentation|docs?)\s+pages?\b",
                    ("description",),
                    lead_only=True,
                    needles=("doc",),
                ),
                rx(r"\burls?\b|\bhttps?:|\blinks?\b", ("description", "title")),
                prop_named(r"\w*(?:url|uri|link)"),
            ),
        ),
        risk="medium",
        flags=("untrusted_content", "open_world"),
    ),
    Rule(
        "read.browser_content",
        "reads content or traffic from a live browser session",
        any_of(
            all_of(
                name_has(W("snapshot screenshot console network requests request find content html text")),
                _BROWSER_CONTEXT,
            ),
            # Round 8: "Get detailed info about one form field", "Expand children data for a stored element" on a
            # browser server: what comes back was cloned from a live page.
            all_of(
                lead_rx(
                    r"\b(?:form\s+fields?|stored\s+elements?|(?:page|dom|web)\s+elements?)\b",
                    needles=("field", "element"),
                ),
                rx(
                    r"\b(?:browser|playwright|puppeteer|chrome|selenium|web ?page)\b",
                    ("server", "name", "title"),
                ),
            ),
        ),
        risk="medium",
        flags=("untrusted_content", "private_data"),
    ),
    Rule(
        "read.payment_records",
        "reads customer or payment records",
        none_of(
            any_of(
                name_has(
                    ["list", "get", "search", "read", "retrieve"],
                    W("customers customer payment payments charges charge transactions transaction payouts"),
                ),
                # Money owed, mandates and checkouts of an account (round 6: direct debits, standing orders, aged
                # receivables, checkouts) and the people in an address book or CRM (qa: a contact list is medium).
                name_has(
                    W("list get search read retrieve fetch export"),
                    W("receivables payables checkouts mandates debits contacts"),
                ),
                name_has(W("list get search read retrieve fetch"), ["standing"], W("order orders")),
                # "Retrieve the user's payment methods", "Get the customer's billing address".
                rx(
                    r"^\W*(?:retrieve|get|list|fetch|show|return)s?\s+(?:the\s+)?(?:(?:user|customer|account)(?:'s|s')?\s+)?"
                    r"(?:saved\s+|stored\s+)?(?:(?:\w+\s+and\s+)?billing\s+(?:information|info|details|address(?:es)?)|"
                    r"payment\s+methods?|credit\s+cards?|saved\s+cards?)\b",
                    ("description", "title"),
                    lead_only=True,
                ),
            ),
            # A transaction looked up by its hash is public blockchain data.
            rx(
                r"\bby\s+(?:its\s+|the\s+|a\s+)?(?:transaction\s+|tx\s+)?hash\b|\btx_?hash\b|\bon-?chain\b|\bblockchain\b"
                # "transactions for a specific pool. Shows swaps": a DEX pool's trades are public chain data
                r"|\bpool\s+address\b|\bdex\b|\bliquidity\s+pools?\b",
                ("description", "title", "name"),
                needles=("hash", "chain", "pool", "dex"),
            ),
        ),
        risk="medium",
        flags=("private_data",),
    ),
    Rule(
        "read.query_language",
        "runs a read-only query language (metrics, logs, search), not code",
        none_of(
            rx(
                # (round 8z: "Execute a MongoDB find query": a find reads; an aggregation can write with $out)
                r"^\W*(?:execute|run|perform|evaluate)s?\s+(?:an?\s+|the\s+)?(?:mongo(?:db)?\s+)?(?:promql|logql|metricsql|jql|"
                r"cql|kql|traceql|lucene|search|instant|range|read[- ]only|select|selector|find)\b[^.\n]{0,30}\bquer(?:y|ies)",
                ("description", "title"),
                lead_only=True,
            ),
            # (rounds 9c, 10o: Cassandra's CQL inserts, updates and drops, whether Cassandra is named in the text or in
            # the server alone; Confluence's CQL only searches)
            CASSANDRA_CQL,
        ),
        action="Read",
        cap_risk="medium",
    ),
    Rule(
        "read.enforced_read_only",
        "states that it accepts only read statements (SELECT-only), so the caller's query cannot write",
        # "Execute a SQL query ... Supports SELECT queries only for safety": the run verb names the query; the limit
        # the tool states makes it a read (exec.write_query stands down on the same limit). The query words come
        # first: "only" alone is in many descriptions, and the limit's pattern is long.
        all_of(
            rx(
                r"\b(?:select|sql|quer(?:y|ies)|statements?|commands?)\b",
                ("name", "title", "description"),
                needles=("select", "sql", "quer", "statement", "command"),
            ),
            _ENFORCED_READONLY,
        ),
        action="Read",
    ),
    Rule(
        "read.diagnostics",
        "runs the server's own health or diagnostic checks (no caller code)",
        # "Run every check that distinguishes the common causes of a 401", "Run ansible-playbook --syntax-check",
        # "Perform a comprehensive diagnosis of a NATS stream": the checks are the server's, the result a report.
        none_of(
            any_of(
                name_has(
                    W("diagnose diagnoses diagnostic diagnostics doctor healthcheck selftest preflight")
                ),
                lead_rx(
                    r"^\W*(?:run|runs|perform|performs|execute|executes)\s+(?:an?\s+|the\s+|all\s+|every\s+)?"
                    r"(?:[\w-]+\s+){0,3}?(?:health|diagnostic|connectivity|connection|sanity|syntax|pre-?flight|self)"
                    r"[- ]?(?:checks?|tests?|diagnos[ie]s)\b|^\W*(?:run|runs|perform|performs)\s+(?:an?\s+|the\s+|all\s+|"
                    r"every\s+)?(?:[\w-]+\s+){0,2}?(?:diagnos[ie]s|diagnostics|checks?)\s+(?:that|to|of|on|for)\b",
                    needles=("check", "diagnos", "test"),
                ),
            ),
            # "Iteratively install upgrades and run tests": a doctor that fixes things runs installs and test suites
            lead_rx(
                r"\b(?:install|upgrade|fix|fixes|repair|repairs|apply|applies)\b",
                needles=("install", "upgrade", "fix", "repair", "appl"),
            ),
            # a check the caller writes (a script, a command, a test file) is caller code, not the server's check
            prop_named(r"(?:\w+_)?(?:code|script|command|cmd|program|tests?|test_?files?)"),
        ),
        action="Read",
    ),
    Rule(
        "read.declared_read_only_call",
        "says the call it makes is read-only (changes no state)",
        # "Execute a read-only call against a smart contract (eth_call) ... Does not cost gas or modify state":
        # the run verb names the call, the description says it reads. (A rule that proves code or a command
        # runs still makes the tool Execute.)
        any_of(
            lead_rx(
                r"^\W*(?:execut|run|perform|make|call|issue|send)\w*\s+(?:an?\s+|the\s+)?read[- ]only\s+(?:[\w-]+\s+)?"
                r"(?:calls?|requests?|operations?|invocations?|simulations?)\b",
                needles=("read",),
            ),
            rx(
                r"\b(?:does\s+not|doesn['’]t|will\s+not|won['’]t|never)\s+(?:cost\s+gas\s+or\s+)?"
                r"(?:modify|modifies|change|changes|alter|write|mutate)\s+(?:any\s+)?(?:on-?chain\s+|blockchain\s+)?state\b",
                ("description",),
                needles=("state",),
            ),
            # Round 9i: "historical crypto withdrawals. READ-ONLY (does NOT initiate withdrawals)".
            rx(
                r"\bread[- ]only\b\W{0,4}(?:\(\s*)?(?:it\s+)?(?:does\s+not|doesn['’]t|never|will\s+not|won['’]t|cannot)\s+"
                r"(?:initiate|create|place|execute|send|submit|modify|change|move|trade|write|delete|cancel)\w*\b",
                ("description",),
                needles=("read",),
            ),
        ),
        action="Read",
    ),
    Rule(
        "read.static_check",
        "runs a fixed checker (linter, type checker, safety check) that reads the code or command it is given",
        _CHECK_ONLY,
        action="Read",
    ),
    Rule(
        "read.dry_run",
        "previews or checks what a change would do without making it (a dry run)",
        # Round 8z: "Preview the effects of a transaction without executing it", "Validate PowerShell syntax without
        # executing": the lead says the run, send or write does not happen.
        any_of(
            rx(
                r"^\W*(?:preview|previews|simulate|simulates|dry[- ]runs?|estimate|estimates|validate|validates|check|checks)"
                r"\b[^.\n]{0,80}?\bwithout\s+(?:actually\s+)?(?:execut|send|broadcast|submit|apply|commit|sign|writ|chang|"
                r"modif|making\s+(?:any\s+)?changes)",
                ("description",),
                lead_only=True,
                needles=("without",),
            ),
            all_of(
                DRY_RUN_NAME,
                lead_rx(
                    r"^\W*(?:validate|validates|check|checks|preview|previews|test|tests|simulate|simulates|dry[- ]?runs?)\b",
                    needles=("valid", "check", "preview", "test", "simulat", "dry"),
                ),
            ),
            # Round 9e: `swap_tokens` "Simulate a token swap on Uniswap": the simulated trade is a quote, nothing is sent.
            lead_rx(
                r"^\W*simulates?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:swaps?|trades?|transactions?|transfers?|orders?|"
                r"payments?)\b",
                needles=("simulate",),
            ),
        ),
        action="Read",
        cap_risk="low",
    ),
    Rule(
        "read.task_status",
        "looks up a task or job the caller already started, by its id",
        # "Query a tryon task with task id": the answer is the state or result of a run made earlier, nothing runs.
        lead_rx(
            r"^\W*(?:query|queries|check|checks|get|gets|fetch|fetches|poll|polls)\s+(?:the\s+(?:status|result)s?\s+of\s+)?"
            r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:task|job)s?\s+(?:status\s+)?(?:with|by|using)\s+(?:its\s+|the\s+|a\s+)?"
            r"(?:task\s+|job\s+)?ids?\b",
            needles=("task", "job"),
        ),
        action="Read",
        cap_risk="low",
    ),
    Rule(
        "read.web_audit",
        "has a hosted service audit a page (speed, accessibility, SEO) and returns its scores",
        rx(
            # "Run a PageSpeed Insights test on a URL": the service loads the page; the answer is scores.
            r"^\W*runs?\s+(?:an?\s+|the\s+)?(?:pagespeed|lighthouse|core web vitals|web vitals|accessibility|seo|performance)"
            r"\b[^.\n]{0,30}\b(?:tests?|audits?|checks?|analysis)\s+(?:on|of|for)\s+(?:an?\s+|the\s+|any\s+)?"
            r"(?:urls?|web ?pages?|pages?|websites?|sites?)\b",
            ("description", "title"),
            lead_only=True,
            needles=("pagespeed", "lighthouse", "vitals", "accessibility", "seo", "performance"),
        ),
        action="Read",
        cap_risk="low",
    ),
    Rule(
        "read.private_messages",
        "reads private messages or mail (sensitive, and a channel for injected instructions)",
        none_of(
            any_of(
                name_has(
                    W("get list read search fetch retrieve show find"),
                    W("email emails mail mails inbox dm dms chat chats"),
                ),
                all_of(
                    name_has(
                        W("get list read search fetch retrieve show find"),
                        W("message messages thread threads"),
                    ),
                    rx(
                        r"\b(?:e-?mails?|mail|gmail|outlook|inbox|slack|discord|teams|telegram|whatsapp|sms|chat|channels?)\b",
                        ("server", "description", "title"),
                    ),
                ),
            ),
            # `list_email_labels`, `get_mail_folders`: how the mailbox is organised, not what it holds.
            name_has(W("label labels folder folders setting settings filter filters signature signatures")),
            # round 8f: `get_user_by_email` looks a person up by address; no mail is read
            BY_EMAIL_KEY,
        ),
        risk="medium",
        flags=("private_data", "untrusted_content"),
    ),
    # Round 8: "Download a file from the remote server via SFTP": any file of a host the agent logged into.
    Rule(
        "read.remote_host_files",
        "reads files from a remote host over SSH/SFTP (whatever the account can read)",
        lead_rx(
            r"^\W*(?:download|fetch|get|read|copy|retrieve|pull)s?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:files?|director(?:y|ies))\s+"
            r"from\s+(?:an?\s+|the\s+)?remote\s+(?:servers?|hosts?|machines?|systems?)\b"
            r"|^\W*(?:download|fetch|get|read|copy|retrieve|pull)s?\b[^.\n]{0,60}\bvia\s+(?:sftp|scp)\b"
            # (round 9m: "Read the last N lines of a text file on a remote host", "Read a remote file")
            r"|^\W*(?:read|reads|tail|tails|view|views)\b[^.\n]{0,40}?\bfiles?\s+(?:on|from)\s+(?:an?\s+|the\s+)?"
            r"remote\s+(?:servers?|hosts?|machines?|systems?)\b"
            r"|^\W*(?:read|reads|tail|tails|view|views)\s+(?:an?\s+|the\s+)?remote\s+(?:[\w-]+\s+)?files?\b",
            needles=("remote", "sftp", "scp"),
        ),
        risk="medium",
        flags=("private_data",),
    ),
    # Round 9o: "Get a list of ECG (electrocardiogram) records", "List diagnoses for a patient": health records
    # are sensitive personal data (steps and sleep summaries of a fitness tracker stay low).
    Rule(
        "read.health_records",
        "reads medical records (a patient's chart, diagnoses, prescriptions, ECGs): sensitive personal data",
        rx(
            r"\b(?:patients?['’]?s?\s+(?:medical\s+)?(?:records?|charts?|diagnos[ie]s|medications?|prescriptions?|"
            r"history|summary|data|procedures?|notes?|labs?|lab\s+results|allergies|vitals)|medical\s+(?:records?|"
            r"history|charts?)|health\s+records?|electronic\s+health|ecgs?|electrocardiograms?|"
            r"(?:diagnos[ie]s|procedures|prescriptions|medications|lab\s+results)\s+(?:for|of)\s+(?:an?\s+|the\s+)?"
            r"(?:given\s+|specific\s+)?patients?)\b",
            ("description", "title"),
            lead_only=True,
            needles=("patient", "medical", "health record", "electronic health", "ecg", "electrocardiogram"),
        ),
        risk="medium",
        flags=("private_data",),
    ),
    Rule(
        "read.private_sources",
        "searches or reads private workspace data gathered from mail, chat and drive connectors",
        # the cheap source count first, the lead verb only when it passes
        all_of(
            _private_sources,
            rx(
                r"^\W*(?:search|find|query|look up|retrieve|read|get)\w*\b",
                ("description", "title"),
                lead_only=True,
            ),
        ),
        risk="medium",
        flags=("private_data", "untrusted_content"),
    ),
]
