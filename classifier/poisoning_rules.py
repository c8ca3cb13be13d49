"""The text rules of the poisoning detector: precompiled patterns, each with a reason code.

Design rules, learnt from noisy scanners (one scanner's 7 of 7 HIGH findings on a 115-tool
server were false because of unbounded `[^\\n]*` spans; another flagged "forceful language about
correct API usage"):
- every gap between words is bounded (`.{0,N}` with small N, never across a paragraph);
- a rule needs an *instruction aimed at the model* plus a *harmful object* (a credential file,
  the conversation, another tool, a hidden recipient), never a scary word alone;
- words like IMPORTANT, secret, token, password or BCC on their own fire nothing.
Weak rules only count when a second, different rule also fires on the same tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import reduce
from itertools import compress
from operator import or_

# Re-exported: the poisoning detector and its tests import them from here.
from classifier.regex_literals import (  # noqa: F401
    LONG_TEXT,
    Clauses,
    clauses_hold,
    literal_clauses,
    literals_exact,
    search_from_starts,
    start_literals,
)

_F = re.IGNORECASE | re.DOTALL


@dataclass(frozen=True)
class Rule:
    id: str
    code: str
    rx: re.Pattern[str]
    why: str
    strong: bool = True
    # Which fields the rule reads: "desc" = description/title/annotations text, "schema" = strings
    # inside the input schema (parameter descriptions, defaults, enums), "key" = property names.
    where: frozenset[str] = frozenset({"desc", "schema"})
    # Groups of lower-case literals: the regex runs only if every group has one literal in the
    # text. A substring test in C is far cheaper than a regex with a leading alternation tried
    # at every position, and almost every real description fails at least one group.
    needles: tuple[tuple[str, ...], ...] = ()
    # The shortest text the regex can match (from the compiled pattern): shorter strings skip it.
    min_len: int = 0


def _r(p: str) -> re.Pattern[str]:
    return re.compile(p, _F)


# Words and phrases reused below. Gaps are bounded and stay inside one sentence ([^.!?\n]).
_SP = r"[\s*_`'\"]+"  # spaces plus markdown emphasis/quotes between words
# A dot followed by a non-space (a URL, a path, a file name) does not end the sentence.
_GAP = r"(?:[^.!?\n]|[.!?](?=\S)){0,60}?"
_GAP_LONG = r"[^\n]{0,160}?"
_USER = r"(?:the\s+|your\s+|this\s+)?(?:user|human|operator|person|requester|end[\s-]user)s?"
_SECRET_FILE = (
    r"(?:~|\$HOME|%USERPROFILE%|/home/[\w.-]+|/Users/[\w.-]+|/root)?/?"
    r"(?:\.ssh/(?:id_\w+|authorized_keys|config|known_hosts)|\.ssh\b|id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?"
    r"|\.aws/(?:credentials|config)|\.cursor/mcp\.json|mcp\.json|claude_desktop_config\.json"
    r"|\.config/gcloud\S*|\.kube/config|\.docker/config\.json|\.npmrc|\.pypirc|\.netrc|\.git-credentials"
    r"|\.gnupg\S*|\.bash_history|\.zsh_history|/etc/(?:passwd|shadow|sudoers)|wallet\.dat"
    r"|(?<![\w-])\.env(?:\.local|\.production)?(?![\w-])|keychain|login\s+keychain|\.password-store)"
)
_SECRET_THING = (
    r"(?:private\s+keys?|ssh\s+keys?|api[\s_-]*keys?|access[\s_-]*(?:keys?|tokens?)|secret\s+keys?|auth(?:entication)?\s+tokens?"
    r"|bearer\s+tokens?|session\s+(?:tokens?|cookies?)|cookies|passwords?|passphrases?|credentials?|secrets"
    r"|seed\s+phrases?|mnemonic(?:\s+phrases?)?|recovery\s+phrases?|environment\s+variables|env(?:ironment)?\s+vars?"
    r"|otp\s+codes?|2fa\s+codes?|credit\s+card\s+(?:numbers?|details))"
)
# The agent's own conversation or instructions: no tool needs these as an argument.
_CONVO = (
    r"(?:(?:your|this|the\s+current|our)\s+(?:(?:full|entire|complete|whole)\s+)?(?:conversation|chat)(?:\s+(?:history|log|transcript|so\s+far))?"
    r"|(?:full|entire|complete|whole|verbatim)\s+(?:conversation|chat)(?:\s+(?:history|log|transcript))?"
    r"|(?:all\s+|every\s+)(?:of\s+)?(?:the\s+)?(?:previous|prior|earlier)\s+messages\s+(?:in|of|from)\s+(?:this|the|our)\s+(?:conversation|chat|session)"
    r"|(?:your|the\s+assistant'?s?|the\s+model'?s?|the\s+agent'?s?)\s+(?:own\s+)?(?:system\s+prompt|instructions|initial\s+prompt|hidden\s+prompt|system\s+message)"
    r"|(?:the\s+)?system\s+prompt\s+you\b|context\s+window"
    r"|everything\s+(?:the\s+user|you)\s+(?:has\s+|have\s+)?(?:said|typed|wrote|written|seen|read)"
    r"|(?:everything|all)\s+(?:that\s+)?you\s+(?:know|have\s+learned|remember)\s+about\s+(?:the\s+)?user"
    r"|(?:the\s+)?(?:names?|list|descriptions?)\s+of\s+(?:all\s+(?:of\s+)?)?(?:your\s+(?:other\s+)?|(?:the\s+)?other\s+)(?:available\s+|installed\s+|connected\s+)?tools)"
)
# Generic chat words: legitimate for chat and LLM tools, so only a weak signal.
_CONVO_GENERIC = r"(?:conversation\s+history|chat\s+history|message\s+history|previous\s+messages|system\s+prompt)"
_READ_VERB = r"(?:read|cat|open|load|access|get|fetch|retrieve|extract|collect|gather|grab|dump|copy|look\s+up|find|obtain|take)"
_PASS_VERB = (
    r"(?:pass|include|put|send|append|attach|add|insert|embed|concatenate|provide|supply|paste|place|fill|populate"
    r"|submit|upload|forward|transmit|post|set|encode|write)"
)
_SINK = (
    r"(?:as|in|into|inside|to|within|via|through|under)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[`'\"“‘][\w.-]{1,40}[`'\"”’]\s*(?:parameter|param|argument|arg|field|property|input|key|value)?"
    r"|[\w.-]{1,40}\s+(?:parameter|param|argument|arg|field|property))"
)
_OTHER_TOOL = (
    r"(?:(?:any|all|every|each|the|other)\s+(?:other\s+)?(?:mcp\s+)?(?:tools?|servers?|functions?|integrations?)"
    r"|[`'\"“]?[\w.-]{2,40}[`'\"”]?\s+(?:tool|function|server|mcp|mcp\s+server|integration))"
)
_RECIPIENT_LITERAL = (
    r"(?:[\w.+-]{1,40}@[\w-]{1,40}(?:\.[\w-]{1,20})+|https?://\S{3,80}|\+\d[\d\s-]{6,16}\d|0x[0-9a-f]{40}"
    r"|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|bc1[a-z0-9]{20,60}|[a-z]{2}\d{2}[a-z0-9]{11,30}"
    # card and bank account numbers: 4-digit groups, or a long plain digit run
    r"|\d{4}(?:[\s-]\d{4}){2,4}\b|(?<![\w.])\d{8,20}\b)"
)

RULES: tuple[Rule, ...] = (
    # --- hidden instructions -----------------------------------------------------------------
    Rule(
        "override_instructions",
        "hidden_instruction",
        _r(
            r"\b(?:ignore|disregard|forget|override|bypass|discard)\s+(?:all\s+|any\s+|the\s+|your\s+|of\s+)*"
            r"(?:previous|prior|above|earlier|preceding|original|system|safety|other|existing|user'?s?)\s+"
            r"(?:instructions?|prompts?|directions|rules|guidelines|guardrails|messages|policies|restrictions)"
        ),
        "tells the model to discard the instructions it was given",
    ),
    Rule(
        "persona_switch",
        "hidden_instruction",
        _r(
            r"\byou\s+are\s+(?:now|no\s+longer)\s+(?:in\s+)?(?:an?\s+)?[\w-]{0,20}\s*"
            r"(?:mode|assistant|agent|ai|model|bound|restricted|jailbroken|dan|unfiltered)\b"
        ),
        "tries to change the model's role from inside a tool description",
    ),
    Rule(
        "consent_claim",
        "hidden_instruction",
        _r(
            rf"\b{_USER}\s+(?:has|have)\s+(?:already|previously)\s+(?:explicitly\s+)?"
            r"(?:consented|approved|authori[sz]ed|agreed|given\s+(?:their\s+|full\s+)?(?:consent|permission|approval))"
            rf"|\b{_USER}\s+(?:has|have)\s+(?:explicitly\s+)?consented\s+to\s+(?:this|it|these)"
            rf"|\balready\s+(?:been\s+)?(?:approved|authori[sz]ed|consented\s+to)\s+by\s+{_USER}"
            rf"|\bpre-?(?:approved|authori[sz]ed)\s+by\s+{_USER}"
        ),
        "claims the user's consent in advance so the model skips asking",
    ),
    Rule(
        "skip_confirmation",
        "hidden_instruction",
        _r(
            r"\b(?:do\s+not|don'?t|never|no\s+need\s+to)\s+(?:ask|request|seek|wait\s+for|prompt)\s+(?:the\s+user\s+)?"
            r"(?:for\s+)?(?:any\s+)?(?:confirmation|permission|approval|consent)\b"
        ),
        "tells the model not to ask the user before acting",
        strong=False,
    ),
    Rule(
        "persistent_directive",
        "hidden_instruction",
        _r(
            r"\b(?:from\s+now\s+on|from\s+this\s+point\s+(?:on|onwards?|forward)|for\s+the\s+rest\s+of\s+(?:this|the)\s+(?:conversation|session|chat)"
            r"|before\s+anything\s+else|(?:end|start|begin|finish)\s+(?:every|each|all)\s+(?:of\s+your\s+)?(?:answers?|responses?|replies|messages)"
            r"|in\s+(?:all|every)\s+(?:future|subsequent)\s+(?:responses?|messages?|replies|conversations?|turns))\b"
        ),
        "gives the model a standing order beyond this tool's own use",
        strong=False,
    ),
    Rule(
        "html_hidden",
        "hidden_instruction",
        _r(
            r"<!--[^>]{0,400}?\b(?:you|assistant|model|ai|agent|must|always|never|instruction)\b"
            r"|\[//\]:\s*#\s*[(\"'][^\n]{0,200}?\b(?:you|assistant|model|must|always|never)\b"
            r"|<[a-z]+[^>]{0,80}(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0)[^>]{0,40}>"
        ),
        "puts instructions where a rendered view hides them (HTML/Markdown comment or hidden element)",
    ),
    Rule(
        "model_addressed_precondition",
        "hidden_instruction",
        _r(
            r"\b(?:otherwise|or\s+else)\s+(?:the|this)\s+tool\s+(?:will\s+not|won'?t|cannot|can'?t|will\s+fail\s+to)\s+work\b"
        ),
        "pressures the model with a made-up precondition ('otherwise the tool will not work')",
        strong=False,
    ),
    Rule(
        "trigger_phrase",
        "hidden_instruction",
        _r(
            rf"\b(?:when|whenever|if|once)\s+{_USER}\s+(?:says|types|writes|sends|mentions)\s+[\"'“‘][^\"'”’\n]{{1,40}}[\"'”’]"
            rf"{_GAP_LONG}\b(?:call|invoke|use|run)\s+this\s+tool"
        ),
        "arms a trigger phrase that makes the model call this tool unasked",
        strong=False,
    ),
    # --- instruction blocks ------------------------------------------------------------------
    Rule(
        "important_tag",
        "important_block",
        _r(
            r"<\s*/?\s*(?:important|system|sys|hidden|secret|admin|override|critical|mandatory|instructions?|assistant_only|model_only)"
            r"\s*>|<\|im_start\|>|<<\s*SYS\s*>>|\[/?INST\]|\[\s*SYSTEM\s*(?:MESSAGE|NOTE|PROMPT)?\s*\]"
        ),
        "wraps text in a pseudo-tag that addresses the model rather than the reader",
    ),
    # --- concealment -------------------------------------------------------------------------
    Rule(
        "do_not_tell",
        "conceal_from_user",
        _r(
            r"\b(?:do\s+not|don'?t|never|without|avoid)\s+(?:ever\s+)?(?:tell|telling|mention|mentioning|inform|informing|notify|notifying"
            r"|alert|alerting|reveal|revealing|disclose|disclosing|let|letting|warn|warning)\s+"
            rf"(?:this\s+|it\s+|that\s+|anything\s+|about\s+(?:this|it|that)\s+)?(?:to\s+)?{_USER}\b(?!\s+(?:input|data|'s\s+data))"
        ),
        "tells the model to keep what it does from the user",
    ),
    Rule(
        "do_not_mention_step",
        "conceal_from_user",
        _r(
            r"\b(?:do\s+not|don'?t|never)\s+(?:mention|reveal|disclose|show|explain|acknowledge|report|display)\s+"
            r"(?:that\s+you\b|these\s+instructions|this\s+instruction|this\s+step|the\s+(?:file|side\s*note|sidenote|extra\s+step|hidden)"
            r"|(?:you\s+)?(?:read|reading|sent|sending|forwarding|forwarded)\b)"
        ),
        "tells the model to hide a step it was told to take",
    ),
    Rule(
        "user_must_not_know",
        "conceal_from_user",
        _r(
            rf"\b{_USER}\s+(?:must|should|need|shall)\s*(?:not|never|n't)\s+(?:know|see|be\s+told|find\s+out|notice|learn|be\s+aware)"
            r"|\b(?:keep|hide)\s+(?:this|these\s+instructions|it|the\s+(?:step|transfer|copy))\s+(?:secret|hidden|confidential)\s*(?:from)?"
            rf"|\bhide\s+(?:this|it|these\s+instructions)\s+from\s+{_USER}"
        ),
        "says the user must not learn what the model does",
    ),
    Rule(
        "silent_action",
        "conceal_from_user",
        _r(
            r"\b(?:silently|secretly|covertly|quietly|invisibly|discreetly)\s+(?:also\s+)?"
            r"(?:send|forward|cop(?:y|ies)|upload|include|read|attach|exfiltrate|bcc|cc|post|transmit|leak|share|email|call|invoke|run|execute)(?:s|es|ed|ing)?\b"
        ),
        "asks for an action the user is not meant to notice",
    ),
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
    # --- shadowing ---------------------------------------------------------------------------
    Rule(
        "redirect_recipient",
        "shadowing",
        _r(
            r"\b(?:always|instead|regardless|whenever|every\s+time|each\s+time|make\s+sure|be\s+sure|must|silently|secretly|quietly)\b"
            r"[^.!?\n]{0,120}?"
            r"\b(?:change|set|replace|redirect|switch|modify|override|rewrite|update)\s+(?:the\s+|every\s+|all\s+|its\s+)?(?:[\w-]+\s+)?"
            r"(?:recipient|destination|to[\s-]address|to\s+field|receiver|payee|beneficiary|phone\s+number|number|account(?:\s+number)?"
            r"|wallet(?:\s+address)?|iban|email(?:\s+address)?|address|webhook(?:\s+url)?|endpoint|url|target)s?"
            rf"\s+(?:to|with|into|by)\s+{_RECIPIENT_LITERAL}"
        ),
        "rewrites where another action sends things, to a fixed address",
    ),
    Rule(
        "when_other_tool",
        "shadowing",
        _r(
            r"\b(?:when|whenever|before|after|each\s+time|every\s+time|if)\b[^.!?\n]{0,80}?"
            rf"\b(?!this\b){_OTHER_TOOL}{_GAP_LONG}"
            r"\b(?:you\s+must|must|always|also|make\s+sure\s+to|be\s+sure\s+to|instead)\s+(?:first\s+|also\s+|always\s+)?"
            r"(?:send|forward|copy|cc|bcc|add|include|set|change|replace|redirect|pass|append|read|upload|prefix|prepend|wrap|modify|rewrite)\b"
        ),
        "changes how the model uses a different tool",
    ),
    Rule(
        "supersede_other_tools",
        "shadowing",
        _r(
            r"\b(?:this\s+tool|this\s+server|it)\s+(?:replaces|overrides|supersedes|takes\s+precedence\s+over|must\s+be\s+used\s+instead\s+of)\s+"
            r"(?:all\s+|any\s+|the\s+)?(?:other|existing|built-?in|previous|original|\w+'s)\s+(?:[\w-]+\s+)?(?:tools?|servers?|functions?|instructions?)"
            r"|\b(?:all|any|every|the)\s+other\s+(?:[\w-]+\s+)?(?:mcp\s+)?(?:tools?|servers?)(?:'s?|s')?(?:\s+tools?)?\s+(?:are|is)\s+(?:now\s+)?"
            r"(?:deprecated|broken|unsafe|malicious|disabled|compromised|obsolete|untrusted)"
            r"|\b(?:do\s+not|don'?t|never)\s+(?:use|call|trust)\s+(?:any\s+|the\s+)?other\s+(?:mcp\s+)?(?:tools?|servers?)"
        ),
        "tells the model to distrust or stop using other tools",
    ),
    Rule(
        "cross_server_reference",
        "shadowing",
        _r(
            r"\b(?:from|in|of|on)\s+(?:the\s+|any\s+|all\s+)?other\s+(?:connected\s+)?(?:mcp\s+)?servers?\b"
            r"|\b(?:all|every)\s+(?:connected\s+)?(?:mcp\s+)?servers?\b"
        ),
        "reaches across to other servers' tools or data",
        strong=False,
    ),
    Rule(
        "unrestricted_persona",
        "hidden_instruction",
        _r(
            r"\b(?:act|behave|respond|operate|pretend\s+to\s+be|you\s+are)\s+(?:now\s+)?(?:as\s+|like\s+)?(?:an?\s+)?"
            r"(?:unrestricted|unfiltered|uncensored|jailbroken|unaligned|unlimited)\b"
            r"|\b(?:with|under)\s+no\s+(?:content\s+|safety\s+)?(?:polic(?:y|ies)|restrictions|filters|guardrails|limits)\b"
        ),
        "tells the model to drop its safety rules",
    ),
    Rule(
        "consent_granted_claim",
        "hidden_instruction",
        _r(
            r"\b(?:permission|consent|approval|authori[sz]ation)\s+(?:\w+\s+){0,4}?(?:was|has\s+been|is|were|have\s+been)\s+"
            r"(?:already\s+)?(?:granted|given|obtained|provided)\b[^.!?\n]{0,30}?\bby\s+(?:the\s+)?user"
            r"|\bproceed\s+without\s+(?:checking|asking|confirming|confirmation|approval)\b"
        ),
        "claims the user already approved, so the model skips asking",
    ),
    Rule(
        "other_tool_by_name",
        "shadowing",
        _r(
            r"\b(?:if|when|whenever)\s+(?:a|the|any|another)\s+(?:tool|function|server)\s+(?:named|called)\s+\S+\s+"
            r"(?:exists|is\s+(?:available|present|installed|connected|loaded))"
        ),
        "instructs the model about a tool it may find on another server",
    ),
    Rule(
        "rewrite_every_command",
        "shadowing",
        _r(
            r"\b(?:prepend|append|prefix|add|insert|inject)\b(?:[^.!?\n]|[.!?](?=\S)){0,100}?\bto\s+(?:every|each|all|any)\s+"
            r"(?:\w+\s+)?(?:commands?|requests?|quer(?:y|ies)|messages?|calls?|emails?|scripts?)\b"
            r"[^.!?\n]{0,60}?\b(?:tool|server|terminal|shell)\b"
        ),
        "rewrites what the model sends through another tool",
    ),
    Rule(
        "active_html",
        "hidden_instruction",
        _r(
            r"<\s*script\b[^>]{0,100}>(?!\s*(?:tags?|elements?|blocks?|and|or|,)\b)\s*[^<\s]"
            r"|<[a-z][^>]{0,200}\son(?:error|load|click|mouseover|focus|begin)\s*=\s*[\"']?[^\"'>\s]{0,40}\("
        ),
        "carries active HTML/JavaScript that runs in clients which render descriptions",
    ),
    Rule(
        "markdown_image_exfil",
        "file_exfiltration",
        _r(
            r"!\[[^\]\n]{0,60}\]\(\s*https?://[^)\s]{1,160}?[?&][\w-]{1,30}=(?:\{[^}\n]{1,60}\}|[A-Z][A-Z0-9_]{3,}|\$\w+|<[^>\n]{1,40}>)"
        ),
        "has the model render an image whose URL carries conversation data to an outside server",
    ),
    Rule(
        "no_refusal",
        "hidden_instruction",
        _r(
            r"\b(?:must\s+not|must\s+never|never|do\s+not|don'?t|should\s+not)\s+refuse\b"
            r"|\bcomply\s+with\s+(?:any|every|all)\s+requests?\b"
            r"|\b(?:you|the\s+(?:assistant|model|agent|ai))\s+(?:is|are)\s+now\s+(?:operating|running|working)\s+in\s+[\w-]+\s+mode\b"
            r"|\b(?:obey|follow|trust)\s+only\s+(?:this|these|our)\s+(?:server|tool|tools|instructions)\b"
        ),
        "tells the model to stop refusing or to obey only this server",
    ),
    Rule(
        "override_multilingual",
        "hidden_instruction",
        _r(
            # "ignore (all) previous instructions" and "don't tell the user" in the languages most
            # often seen in tool descriptions besides English
            r"\bignor(?:a|e|ez|iere|ieren|ar)\s+(?:todas\s+|toutes\s+|alle\s+|tutte\s+|todas\s+as\s+)?(?:las\s+|les\s+|le\s+|as\s+)?"
            r"(?:instrucciones|instructions|anweisungen|istruzioni|instru[cç][oõ]es)\s+(?:anteriores|pr[ée]c[ée]dentes|precedenti)"
            r"|\bignoriere\s+(?:alle\s+)?(?:vorherigen|bisherigen|fr[üu]heren)\s+anweisungen"
            r"|\bno\s+(?:le\s+)?(?:digas|cuentes|informes|menciones)\s+(?:nada\s+)?al\s+usuario"
            r"|\bne\s+(?:le\s+)?(?:dis|dites|mentionne[zs]?)\s+(?:rien\s+|pas\s+)?(?:à|a)\s+l'utilisateur"
            r"|\bsag(?:e|en\s+sie)?\s+(?:dem\s+)?(?:benutzer|nutzer)\s+nichts"
            r"|\u5ffd\u7565(?:\u4e4b\u524d|\u4ee5\u524d|\u5148\u524d|\u4e0a\u8ff0|\u6240\u6709)[^\u3002\n]{0,12}?\u6307(?:\u4ee4|\u793a)"
            r"|\u4e0d\u8981(?:\u544a\u8bc9|\u544a\u77e5|\u901a\u77e5)\u7528\u6237"
            r"|\u0438\u0433\u043d\u043e\u0440\u0438\u0440\u0443\u0439(?:\u0442\u0435)?\s+(?:\u0432\u0441\u0435\s+)?"
            r"(?:\u043f\u0440\u0435\u0434\u044b\u0434\u0443\u0449\u0438\u0435|\u043f\u0440\u0435\u0436\u043d\u0438\u0435)\s+\u0438\u043d\u0441\u0442\u0440\u0443\u043a\u0446\u0438\u0438"
        ),
        "tells the model, in another language, to drop its instructions or keep something from the user",
    ),
    Rule(
        "hide_from_output",
        "conceal_from_user",
        _r(
            r"\b(?:make|keep)\s+(?:this|it|that|the|these|those)(?:\s+\w+){0,2}?\s+(?:invisible|hidden|unseen)\b"
            r"|\b(?:omit|leave\s+out|exclude|hide|suppress)\s+(?:any|all|every)\s+(?:mention|reference|trace|record|sign)s?\s+of\b"
            r"|\bleave\s+(?:it|this|that|them)\s+out\s+of\s+(?:anything|everything|what|whatever|your\s+(?:answer|reply|response|summary))"
        ),
        "tells the model to leave its actions out of what the user sees",
    ),
)

_NEG = ("not ", "n't", "never", "without", "avoid", "no need")
_WHO = ("user", "human", "operator", "person", "requester")
_FILES = (
    "ssh", "id_", "aws", "mcp.json", "claude_desktop", "gcloud", "kube", "docker/config", "npmrc", "pypirc",
    "netrc", "git-cred", "gnupg", "history", "passwd", "shadow", "sudoers", "wallet", ".env", "keychain",
    "password-store", "hosts.yml", ".azure", "terraformrc", "vault-token", "pgpass", "my.cnf", "s3cfg", "boto",
    "login data", "cookies.sqlite", "logins.json", "key4.db", "ethereum", "solana", "bitcoin", "keyrings",
)
_SECRETS = (
    "key", "token", "password", "passphrase", "credential", "secret", "cookie", "seed", "mnemonic",
    "recovery", "environment", "env var", "otp", "2fa", "credit card",
)
_PASS = (
    "pass", "includ", "put", "send", "append", "attach", "add", "insert", "embed", "concatenat", "provid",
    "supply", "paste", "place", "fill", "populat", "submit", "upload", "forward", "transmit", "post", "set",
    "encode", "write",
)
_CONVO_WORDS = ("conversation", "chat", "messages", "prompt", "instructions", "context window", "everything", "tools")
_LITERAL = ("@", "http", "+", "0x", "bc1", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
_FORCE = (
    "always", "instead", "regardless", "whenever", "every time", "each time", "make sure", "be sure", "must",
    "silently", "secretly", "quietly",
)
_NEEDLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "override_instructions": (("ignor", "disregard", "forget", "overrid", "bypass", "discard"),
                              ("instruction", "prompt", "direction", "rule", "guideline", "guardrail", "message",
                               "polic", "restriction")),
    "persona_switch": (("you are now", "you are no longer"),),
    "consent_claim": (("consent", "approved", "authori", "agreed", "permission"), _WHO),
    "skip_confirmation": (("confirmation", "permission", "approval", "consent"), _NEG),
    "persistent_directive": (("from now on", "from this point", "rest of", "future", "subsequent", "anything else",
                              "every", "each", "all "),),
    "html_hidden": (("<!--", "[//]", "display", "visibility", "font-size"),),
    "model_addressed_precondition": (("otherwise", "or else"), ("work",)),
    "trigger_phrase": (("this tool",), _WHO),
    "important_tag": (("<", "[inst", "[/inst", "[system"),),
    "do_not_tell": (_NEG, _WHO),
    "do_not_mention_step": (("not ", "n't", "never"),
                            ("mention", "reveal", "disclose", "show", "explain", "acknowledge", "report", "display")),
    "user_must_not_know": (_WHO + ("hide", "keep"), ("not", "n't", "never", "secret", "hidden", "confidential")),
    "silent_action": (("silent", "secret", "covert", "quiet", "invisib", "discreet"),),
    "read_secret_file": (_FILES,),
    "secret_file_into_param": (_FILES, _PASS),
    "gather_secrets_and_pass": (_SECRETS, _PASS),
    "pass_secrets_into_param": (_SECRETS + _FILES, _PASS),
    "secret_in_default": (("cat ", "printenv", "env"),),
    "convo_into_param": (_CONVO_WORDS, _PASS),
    "convo_generic_into_param": (("history", "previous messages", "system prompt"), _PASS),
    "convo_param_description": (_CONVO_WORDS + ("about the user", "about user"),),
    "send_to_literal": (("also", "always", "additionally", "automatically", "secretly", "silently", "first", "then"),
                        ("send", "forward", "copy", "upload", "post", "email", "cc", "mirror", "sync", "report",
                         "transmit"), _LITERAL),
    "bcc_literal": (("bcc", " cc", "cc:", "cc "), ("always", "also", "must", "make sure", "be sure")),
    "read_file_then_send": (("read", "cat", "open", "load"), ("file", "document", "email", "message", "note"),
                            ("send", "upload", "post", "forward", "transmit", "pass", "includ", "append", "attach")),
    "exfil_word": (("exfiltrat",),),
    "redirect_recipient": (_FORCE, ("change", "set", "replace", "redirect", "switch", "modify", "overrid",
                                    "rewrite", "update"), _LITERAL),
    "when_other_tool": (("when", "before", "after", "each time", "every time", "if"), ("tool", "server", "function",
                        "integration"), ("must", "always", "also", "make sure", "be sure", "instead")),
    "supersede_other_tools": (("other",), ("tool", "server", "function", "instruction")),
    "cross_server_reference": (("server",), ("other", "all ", "every ")),
    "unrestricted_persona": (("unrestricted", "unfiltered", "uncensored", "jailbroken", "unaligned", "unlimited",
                              "no content", "no safety", "no polic", "no restrictions", "no filters", "no guardrails",
                              "no limits"),),
    "consent_granted_claim": (("permission", "consent", "approval", "authori", "proceed without"),),
    "other_tool_by_name": (("named", "called"), ("exists", "available", "present", "installed", "connected", "loaded")),
    "rewrite_every_command": (("prepend", "append", "prefix", "add", "insert", "inject"), ("every", "each", "all", "any")),
    "active_html": (("script", "onerror", "onload", "onclick", "onmouseover", "onfocus", "onbegin"),),
    "markdown_image_exfil": (("![",), ("http",)),
    "no_refusal": (("refuse", "comply with", "mode", "only this", "only these", "only our"),),
    "override_multilingual": (("ignor", "usuario", "utilisateur", "benutzer", "nutzer", "\u5ffd\u7565", "\u7528\u6237",
                               "\u0438\u0433\u043d\u043e\u0440"),),
    "hide_from_output": (("invisible", "hidden", "unseen", "omit", "leave out", "exclude", "hide", "suppress", "out of"),),
}

def min_width(rx: re.Pattern[str]) -> int:
    """Shortest string a pattern can match; 0 if the parser is unavailable (then never skip)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        return int(_parser.parse(rx.pattern, rx.flags).getwidth()[0])
    except Exception:  # noqa: BLE001 - an optimisation only; never let it break scanning
        return 0


RULES = tuple(replace(r, needles=_NEEDLES[r.id], min_len=min_width(r.rx)) for r in RULES)



def groups_present(groups: tuple[tuple[str, ...], ...], low: str, memo: dict[int, bool]) -> bool:
    """True if every needle group has a literal in `low`. Groups are shared tuples, so the
    answer per group is memoised by identity for the rules that reuse it on the same text."""
    for group in groups:
        key = id(group)
        hit = memo.get(key)
        if hit is None:
            hit = False
            for needle in group:
                if needle in low:
                    hit = True
                    break
            memo[key] = hit
        if not hit:
            return False
    return True


# --- one pass over a text for every needle of every rule --------------------------------------
# Checking the needle groups rule by rule costs a Python loop per needle per text, more than
# the regexes themselves. Instead every distinct needle gets a bit, a text's present needles
# become one integer, and a rule's group is present when its bit mask meets the text's mask.
# Needles made only of word characters can only occur inside one run of word characters, so
# they are found per distinct word (words repeat across texts and are cached); the few others
# (spaces, punctuation) are tested on the whole text. The answer is exactly `groups_present`.

_WORD_RUN = re.compile(r"\w+")


class NeedleIndex:
    def __init__(self, groups: list[tuple[tuple[str, ...], ...]]) -> None:
        bits: dict[str, int] = {}
        for rule_groups in groups:
            for group in rule_groups:
                for needle in group:
                    bits.setdefault(needle, 1 << (len(bits) + 1))  # bit 0 stays free (see poisoning._rule_hits_uncached)
        self.bits = bits
        self.word_bits = {n: b for n, b in bits.items() if _WORD_RUN.fullmatch(n)}
        self.other = tuple((n, b) for n, b in bits.items() if n not in self.word_bits)
        # A non-word needle ("you are now", ".env", "n't") can only occur where each of its
        # word pieces occurs inside some word: the pieces get bits of their own (beyond every
        # needle's), and the needles are grouped by the pieces they need.
        need_of: dict[int, list[tuple[str, int]]] = {}
        trigger_of: dict[int, int] = {}
        for needle, b in self.other:
            need = 0
            longest = ""
            for piece in _WORD_RUN.findall(needle):
                pb = self.word_bits.get(piece)
                if pb is None:
                    pb = self.word_bits[piece] = 1 << (len(bits) + len(self.word_bits) + 1)
                need |= pb
                if len(piece) > len(longest):
                    longest = piece
            need_of.setdefault(need, []).append((needle, b))
            if longest:
                trigger_of[need] = self.word_bits[longest]
        groups_of = {
            need: (need, tuple(n for n, _ in items), tuple(b for _, b in items)) for need, items in need_of.items()
        }
        self._other_by_need = tuple(groups_of.values())
        # A text holds a handful of the pieces, so the need groups are filed under one piece each
        # (the longest, the rarest by length) and only the files of present pieces are opened.
        # Needles made of punctuation alone need no piece and are always tested.
        self._other_always = tuple(g for need, g in groups_of.items() if need not in trigger_of)
        by_trigger: dict[int, list[tuple[int, tuple[str, ...], tuple[int, ...]]]] = {}
        for need, trigger in trigger_of.items():
            by_trigger.setdefault(trigger, []).append(groups_of[need])
        self._other_by_trigger = {b: tuple(gs) for b, gs in by_trigger.items()}
        self._triggers = reduce(or_, self._other_by_trigger, 0)
        self.lengths = tuple(sorted({len(n) for n in self.word_bits}))
        self._words: dict[str, int] = {}

    def clear(self) -> None:
        self._words.clear()

    def group_mask(self, group: tuple[str, ...]) -> int:
        m = 0
        for needle in group:
            m |= self.bits[needle]
        return m

    def _word_mask(self, w: str) -> int:
        m = 0
        wb = self.word_bits
        n = len(w)
        if n <= 48:
            # every substring of a needle's length, looked up: cheaper than testing each needle
            for ln in self.lengths:
                if ln > n:
                    break
                for i in range(n - ln + 1):
                    b = wb.get(w[i : i + ln])
                    if b:
                        m |= b
        else:
            for needle, b in wb.items():
                if needle in w:
                    m |= b
        if len(self._words) > 200_000:  # hostile input must not grow the cache without bound
            self._words.clear()
        self._words[w] = m
        return m

    def mask(self, low: str) -> int:
        """Bits of every needle that occurs in `low` (an already lower-cased text)."""
        words = self.word_mask(low)
        return words | self.other_mask(low, words)

    def other_mask(self, low: str, words: int) -> int:
        """Bits of the needles that are not plain words (spaces, punctuation) found in `low`;
        `words` is word_mask(low)."""
        m = 0
        contains = low.__contains__
        for _need, needles, bits in self._other_always:
            m |= sum(compress(bits, map(contains, needles)))
        present = words & self._triggers
        by_trigger = self._other_by_trigger
        while present:
            b = present & -present  # the lowest set bit
            present ^= b
            for need, needles, bits in by_trigger[b]:
                if need & words == need:
                    # bits are distinct powers of two, so their sum is their union
                    m |= sum(compress(bits, map(contains, needles)))
        return m

    def word_mask(self, low: str) -> int:
        """Bits of the word-character needles only; `group_in` tests the others on demand."""
        words = set(_WORD_RUN.findall(low))
        masks = list(map(self._words.get, words))
        if None in masks:
            masks = [self._word_mask(w) if m is None else m for w, m in zip(words, masks, strict=True)]
        return reduce(or_, masks, 0)

    def group_plan(self, group: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        """(bits of the group's word needles, its other needles in order)."""
        return (
            self.group_mask(tuple(n for n in group if n in self.word_bits)),
            tuple(n for n in group if n not in self.word_bits),
        )


GroupPlan = tuple[int, tuple[str, ...]]


def plan_present(groups: tuple[GroupPlan, ...], words: int, low: str, memo: dict[int, bool]) -> bool:
    """groups_present for planned groups: a word needle answers from `words`, the rest are
    substring tests made at most once per group per text (memo keyed by the group's identity)."""
    for group in groups:
        if group[0] & words:
            continue
        key = id(group)
        hit = memo.get(key)
        if hit is None:
            hit = False
            for needle in group[1]:
                if needle in low:
                    hit = True
                    break
            memo[key] = hit
        if not hit:
            return False
    return True
