"""Sensitive or untrusted reads: the open web, live browsers, payment records, query languages,
private messages."""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.contexts import _BROWSER_CONTEXT
from classifier.rules.matchers import TEXT_FIELDS, Rule, all_of, any_of, name_has, rx

READ_RULES: list[Rule] = [
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
                r"(?:urls?|web ?pages?|websites?|the web)\b"
                r"|^\W*download\w*\s+(?:and\s+\w+\s+)?(?:an?\s+|the\s+|any\s+)?(?:web ?pages?|websites?|html)\b",
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
        any_of(
            name_has(
                ["list", "get", "search", "read", "retrieve"],
                W("customers customer payment payments charges charge transactions transaction payouts"),
            ),
            # "Retrieve the user's payment methods", "Get the customer's billing address".
            rx(
                r"^\W*(?:retrieve|get|list|fetch|show|return)s?\s+(?:the\s+)?(?:(?:user|customer|account)(?:'s|s')?\s+)?"
                r"(?:saved\s+|stored\s+)?(?:(?:\w+\s+and\s+)?billing\s+(?:information|info|details|address(?:es)?)|"
                r"payment\s+methods?|credit\s+cards?|saved\s+cards?)\b",
                ("description", "title"),
                lead_only=True,
            ),
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
]
