"""Regex fragments shared by the poisoning rules: bounded gaps, the user, credential files and
secrets, the conversation, read and pass verbs, argument sinks, other tools, fixed recipients."""

from __future__ import annotations

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
