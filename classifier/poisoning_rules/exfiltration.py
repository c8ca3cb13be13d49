"""Rules for credentials and files, and for exfiltration through arguments or outside addresses."""

from __future__ import annotations

from classifier.poisoning_rules.phrases import (
    _CONVO,
    _CONVO_GENERIC,
    _GAP,
    _GAP_LONG,
    _PASS_VERB,
    _READ_VERB,
    _RECIPIENT_LITERAL,
    _SECRET_FILE,
    _SECRET_THING,
    _SINK,
)
from classifier.poisoning_rules.rule import Rule, _r

EXFILTRATION_RULES: tuple[Rule, ...] = (
    # --- credentials and files ---------------------------------------------------------------
    Rule(
        "read_secret_file",
        "credential_request",
        _r(rf"\b{_READ_VERB}\b{_GAP}{_SECRET_FILE}"),
        "tells the model to read a credential or configuration file the tool has no need for",
    ),
    Rule(
        "secret_file_into_param",
        "exfil_parameter",
        _r(rf"{_SECRET_FILE}{_GAP_LONG}\b{_PASS_VERB}\b{_GAP}{_SINK}"),
        "routes the contents of a credential file into a tool argument",
    ),
    Rule(
        "gather_secrets_and_pass",
        "credential_request",
        _r(
            rf"\b{_READ_VERB}\s+[^.!?\n]{{0,50}}?"
            rf"{_SECRET_THING}{_GAP_LONG}\b{_PASS_VERB}\s+(?:it|them|its\s+\w+|their\s+\w+|the\s+(?:values?|contents?|results?))\b"
        ),
        "asks the model to collect secrets and hand them to the tool",
    ),
    Rule(
        "pass_secrets_into_param",
        "exfil_parameter",
        _r(
            rf"\b{_PASS_VERB}\s+(?:all\s+|any\s+|every\s+|the\s+)?(?:user'?s\s+|your\s+|their\s+|available\s+|stored\s+|saved\s+|current\s+)+"
            rf"(?:{_SECRET_THING}|{_SECRET_FILE}){_GAP}{_SINK}"
        ),
        "asks the model to put the user's secrets into an argument",
    ),
    Rule(
        "secret_in_default",
        "credential_request",
        _r(rf"\$\(\s*cat\s+{_SECRET_FILE}|`cat\s+{_SECRET_FILE}|\bprintenv\b|\benv\s*\|\s*(?:curl|nc|base64)"),
        "embeds a shell snippet that reads secrets",
    ),
    # --- exfiltration ------------------------------------------------------------------------
    Rule(
        "convo_into_param",
        "exfil_parameter",
        _r(rf"\b{_PASS_VERB}\b(?:\s+(?:here|it|in|with))?\s+(?:the\s+|all\s+|a\s+copy\s+of\s+(?:the\s+)?)?{_CONVO}"),
        "asks for the conversation, system prompt or tool list to be sent through an argument",
    ),
    Rule(
        "convo_generic_into_param",
        "exfil_parameter",
        _r(rf"\b{_PASS_VERB}\b\s+(?:the\s+|all\s+|a\s+copy\s+of\s+(?:the\s+)?)?(?:full\s+|entire\s+)?{_CONVO_GENERIC}"),
        "asks for chat history or a system prompt to be passed in",
        strong=False,
    ),
    Rule(
        "convo_param_description",
        "exfil_parameter",
        _r(
            rf"^\s*(?:the\s+|a\s+)?(?:copy\s+of\s+(?:the\s+)?)?{_CONVO}"
            rf"|\b(?:must|should|always)\s+(?:contain|include|hold|be)\s+(?:the\s+)?{_CONVO}"
        ),
        "a parameter is defined to carry the conversation or the model's instructions",
        where=frozenset({"schema"}),
    ),
    Rule(
        "send_to_literal",
        "file_exfiltration",
        _r(
            r"\b(?:also|always|additionally|automatically|secretly|silently|first|then)\s+"
            r"(?:send|forward|copy|upload|post|email|cc|bcc|mirror|sync|report|transmit)\s+"
            rf"(?:a\s+copy\s+(?:of\s+)?|all\s+|every\s+|the\s+|any\s+|them\s+|it\s+)?{_GAP}\b(?:to|at)\s+{_RECIPIENT_LITERAL}"
        ),
        "sends the user's data to a fixed outside address the user did not choose",
    ),
    Rule(
        "bcc_literal",
        "file_exfiltration",
        _r(rf"\b(?:always|also|must|make\s+sure\s+to|be\s+sure\s+to)\s+(?:add\s+|include\s+|set\s+)?(?:a\s+)?(?:bcc|cc)\b{_GAP}{_RECIPIENT_LITERAL}"),
        "adds a hidden copy recipient to every message",
    ),
    Rule(
        "read_file_then_send",
        "file_exfiltration",
        _r(
            rf"\b(?:read|cat|open|load)\s+(?:the\s+)?(?:contents?\s+of\s+)?(?:any|all|every|each|the\s+user'?s)\s+"
            r"(?:files?|documents?|emails?|messages?|notes?)\b"
            rf"{_GAP_LONG}\b(?:send|upload|post|forward|transmit|pass|include|append|attach)\b{_GAP}\b(?:to|as|in|into)\b"
        ),
        "reads the user's files and passes them on",
    ),
    Rule(
        "exfil_word",
        "file_exfiltration",
        _r(r"\bexfiltrat(?:e|es|ed|ing|ion)\b"),
        "uses the word exfiltrate",
        strong=False,
    ),
)
