"""Sentence-level co-occurrence rules: a finding needs several *kinds* of evidence in one sentence.

The phrase rules in poisoning_rules/ match known wordings; attackers reword. These rules
instead ask whether one sentence holds, together, e.g. a credential object, a verb that moves
it and a parameter to put it in; or a concealment verb, a negation and a person. Each feature
alone is common in honest descriptions ("Your API key", "send an email"); the combination in a
single sentence is not (measured on ~13,000 real tool definitions, see the methodology page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from classifier.poisoning_rules import (
    _FILES,
    _RECIPIENT_LITERAL,
    _SECRET_FILE,
    groups_present,
    min_width,
    start_literals,
)

_F = re.IGNORECASE


def _r(p: str) -> re.Pattern[str]:
    return re.compile(p, _F)


# A sentence ends at . ! ? followed by space or end, or at a line break; dots inside paths,
# versions and domains ("~/.ssh", "v1.2", "x.example") and abbreviations ("e.g.") do not end it.
# The lazy part steps over whole runs without . ! ? or a line break: an end can only come right
# after such a run (or one of those marks), so these are the same sentences as stepping one
# character at a time ("[^\n]+?"), without trying the end tests at every character.
SENTENCE = re.compile(
    r"(?:[^\n.!?]+|[.!?])+?"
    r"(?:(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bcf)(?<!\bie)(?<!\beg)[.!?](?=\s|$)|$)",
    re.MULTILINE | re.IGNORECASE,
)

# Well-known stores of credentials and session data beyond the ones the phrase rules list.
_MORE_SECRET_FILES = (
    r"\.config/gh/hosts\.yml|hosts\.yml|\.azure/\S*|\.terraformrc|\.vault-token|\.pgpass|\.my\.cnf|\.s3cfg|\.boto"
    r"|Login\s+Data|cookies\.sqlite|logins\.json|key4\.db|\.ethereum/keystore\S*|\.config/solana/id\.json"
    r"|\.bitcoin/\S*|\.password-store|\.local/share/keyrings\S*"
)
F_SECRET_FILE = _r(rf"{_SECRET_FILE}|{_MORE_SECRET_FILES}")
F_SECRET_THING = _r(
    r"\b(?:cookies?|session\s+(?:tokens?|ids?)|private\s+keys?|ssh\s+keys?|seed\s+phrases?|mnemonic|passwords?"
    r"|credentials?|api[\s_-]*keys?|access\s+tokens?|auth(?:entication)?\s+tokens?|secrets?|tokens?|printenv"
    r"|environment\s+variables|env\s+vars?)\b"
    # environment-variable names of secrets: GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, DB_PASSWORD
    r"|\b[a-z0-9_]*(?:token|secret|api_key|apikey|password|passwd|private_key|access_key)[a-z0-9_]*\b"
)
# The user's own data and files, which no tool needs handed over on the side.
F_USER_DATA = _r(
    r"\b(?:the\s+user'?s|their|your\s+user'?s)\s+(?:\w+\s+){0,2}?(?:downloads|documents|desktop|home\s+(?:folder|directory|address)"
    r"|files|photos|clipboard|browser\s+history|contacts|address\s+book|emails?|inbox|calendar|keychain|wallet|full\s+name"
    r"|e-?mail(?:\s+address)?|phone(?:\s+number)?|date\s+of\s+birth|birthday|ssn|social\s+security|passport|location|ip\s+address)\b"
)
F_SIDE_MOVE = _r(
    r"\b(?:attach|paste|copy|embed|append|include|insert|upload|send|forward)\b"
    r"|\b(?:call(?:ing)?|invok(?:e|ing))\s+(?:it|this\s+tool)\s+with\b"
)
F_HABIT = _r(
    r"\b(?:every\s+time|each\s+time|always|before|after|any|all|every|whenever|first|only\s+after|respond\s+to\s+the\s+user)\b"
)
# Markers that the secret is someone else's to take, not this tool's own login.
F_TAKEN = _r(
    r"\b(?:the\s+user'?s|users'|their|(?:all|every|any)\s+(?:of\s+)?(?:the\s+user'?s|their|your|stored|saved)|stored|saved|browser|yourself"
    r"|from\s+(?:the\s+)?(?:disk|environment|file\s*system|home\s+directory|keychain|local\s+machine)|other\s+(?:sites?|services?|accounts?))"
)
F_MOVE_IN = _r(
    r"\b(?:supplied|supply|attach(?:ed)?|place[sd]?|put|add(?:ed)?|pass(?:ed)?|include[sd]?|insert(?:ed)?|set|provide[sd]?"
    r"|paste[sd]?|fill(?:ed)?|populate[sd]?|embed(?:ded)?|append(?:ed)?|copy|copied|send|sent|load|read)\b"
)
# A reference to a parameter: a quoted/backticked identifier, or the words argument/parameter/field.
F_PARAM = _r(r"`[\w.-]{1,40}`|'[\w.-]{1,40}'|\"[\w.-]{1,40}\"|\b(?:argument|parameter|param|field|property)\b")
# The agent's own conversation or instructions, with a qualifier that makes them the agent's:
# "the conversation" alone is every chat tool's business.
F_CONVO = _r(
    r"\b(?:last\s+\d+\s+(?:messages|turns|exchanges|prompts|replies)"
    r"|(?:your|the\s+assistant'?s?|the\s+model'?s?)\s+(?:(?:complete|full|own|entire|whole|original|hidden|initial)\s+)?(?:system\s+)?(?:instructions|prompt)"
    r"|(?:complete|full|entire|whole|verbatim)\s+(?:copy\s+of\s+(?:the\s+)?)?(?:system\s+(?:instructions|prompt)"
    r"|conversation|chat|dialog(?:ue)?|discussion|transcript|message\s+history|history)(?:\s+(?:log|history|transcript))?"
    r"|(?:chat|conversation|dialog(?:ue)?|discussion|transcript)(?:\s+(?:log|history|transcript))?\s+(?:so\s+far|until\s+now|up\s+to\s+now"
    r"|up\s+to\s+this\s+point|verbatim|word\s+for\s+word|you\s+(?:have\s+)?had\s+with\s+the\s+user)"
    r"|(?:conversation|chat|dialog(?:ue)?|discussion)\s+you\s+(?:have\s+)?(?:had|been\s+having)\s+with"
    r"|transcript\s+of\s+(?:the\s+|this\s+)?(?:current\s+|whole\s+|entire\s+)?(?:chat|conversation|session|dialog(?:ue)?)"
    r"|messages\s+exchanged\s+with\s+the\s+user|what\s+the\s+user\s+(?:has\s+)?(?:said|typed|wrote)|everything\s+the\s+user"
    r"|(?:everything|all)\s+(?:that\s+)?you\s+(?:know|have\s+learned|remember)\s+about\s+(?:the\s+)?user"
    r"|(?:instructions|prompt|directives)\s+you\s+(?:have\s+)?(?:received|were\s+given|got|were\s+started\s+with))\b"
)
F_OUTSIDE = _r(_RECIPIENT_LITERAL)


class AnyOf:
    """Stands in for a pattern whose top level is an alternation, where only *whether* it
    matches somewhere matters (a co-occurrence feature: the finding quotes the sentence, never
    the match). Inside one alternation the regex engine tries every branch at every position;
    searched one by one, most branches start with a literal or a rare character class the engine
    scans for quickly, and the search stops at the first branch found. The match returned is
    some match, not necessarily the leftmost: callers test it for None only."""

    __slots__ = ("parts",)

    def __init__(self, *parts: re.Pattern[str]) -> None:
        self.parts = parts

    def search(self, text: str) -> re.Match[str] | None:
        for part in self.parts:
            m = part.search(text)
            if m is not None:
                return m
        return None


# F_OUTSIDE's branches, each rewritten to match exactly where the branch matches *somewhere*:
# a bounded repeat with nothing after it needs only its minimum ("\S{3,80}" -> "\S{3}"); the
# e-mail branch needs only the one character before "@" ("[\w.+-]{1,40}@" -> "[\w.+-]@");
# a branch that opens with a common class starts at its first digit and looks back for the
# rest ("[a-z]{2}\d{2}" -> "\d(?<=[a-z][a-z]\d)\d", "(?<![\w.])\d{8,20}" ->
# "\d(?<![\w.]\d)\d{7,19}"). Commonest first (URLs). Derived from this exact source: when
# _RECIPIENT_LITERAL changes, F_OUTSIDE itself is used until the branches are redone.
_RECIPIENT_LITERAL_OF_BRANCHES = (
    r"(?:[\w.+-]{1,40}@[\w-]{1,40}(?:\.[\w-]{1,20})+|https?://\S{3,80}|\+\d[\d\s-]{6,16}\d|0x[0-9a-f]{40}"
    r"|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|bc1[a-z0-9]{20,60}|[a-z]{2}\d{2}[a-z0-9]{11,30}"
    r"|\d{4}(?:[\s-]\d{4}){2,4}\b|(?<![\w.])\d{8,20}\b)"
)
F_OUTSIDE_ANYWHERE: re.Pattern[str] | AnyOf = (
    AnyOf(
        _r(r"https?://\S{3}"),
        _r(r"[\w.+-]@[\w-]{1,40}(?:\.[\w-]{1,20})+"),
        _r(r"\+\d[\d\s-]{6,16}\d"),
        _r(r"0x[0-9a-f]{40}"),
        _r(r"[13][a-km-zA-HJ-NP-Z1-9]{25}"),
        _r(r"bc1[a-z0-9]{20}"),
        _r(r"\d(?<=[a-z][a-z]\d)\d[a-z0-9]{11}"),
        _r(r"\d{4}(?:[\s-]\d{4}){2,4}\b"),
        _r(r"\d(?<![\w.]\d)\d{7,19}\b"),
    )
    if _RECIPIENT_LITERAL == _RECIPIENT_LITERAL_OF_BRANCHES
    else F_OUTSIDE
)
# feature -> its faster stand-in for "does it match anywhere in this string". Only features
# without start literals: the detector tries those with match() at each literal instead.
_ANYWHERE: dict[re.Pattern[str], re.Pattern[str] | AnyOf] = {
    f: fast for f, fast in ((F_OUTSIDE, F_OUTSIDE_ANYWHERE),) if not start_literals(f)
}


def anywhere(feature: re.Pattern[str]) -> re.Pattern[str] | AnyOf:
    """What to search with when only whether `feature` matches matters (the pattern itself, or
    its faster stand-in)."""
    return _ANYWHERE.get(feature, feature)
F_EXAMPLE = _r(r"\b(?:e\.g\.|for\s+example|example:|such\s+as|i\.e\.)|@example\.(?:com|org)|//example\.(?:com|org)|localhost|127\.0\.0\.1")
F_SHIP = _r(
    r"\b(?:send|sent|forward(?:ed)?|cop(?:y|ied)|blind-?copied|bcc'?d?|cc'?d|mirror(?:ed)?|upload(?:ed)?|post(?:ed)?"
    r"|transmit(?:ted)?|relay(?:ed)?|redirect(?:ed)?|route[sd]?|leak(?:ed)?|exfiltrat\w*|visit|added\s+as\s+(?:a\s+)?recipient"
    r"|(?:in|to|into)\s+the\s+b?cc(?:\s+(?:line|field|list))?)\b"
)
F_COVERT = _r(
    r"\b(?:each|every|all|always|also|additionally|blind|hidden|secret(?:ly)?|silent(?:ly)?|quiet(?:ly)?|backup"
    r"|mirror(?:ed)?|without\s+(?:asking|telling|notice)|instead|whenever|expected|automatically|copy)\b"
)
F_CONCEAL = _r(
    r"\b(?:no\s+need\s+to|needn'?t|don'?t|do\s+not|does\s+not\s+need\s+to|doesn'?t\s+need\s+to|never|without|must\s+not"
    r"|should\s+not|need\s+not|avoid|refrain\s+from)\s+(?:\w+\s+){0,3}?(?:tell|telling|inform|informing|reveal|revealing"
    r"|mention|mentioning|notify|notifying|disclose|disclosing|alert|alerting|let|letting|bother|bothering|bring(?:ing)?\s+(?:this|it|that)\s+up"
    r"|rais(?:e|ing)\s+(?:this|it)|shar(?:e|ing)\s+(?:this|it)|report|reporting)\b[^.!?\n]{0,40}?"
    r"\b(?:user|users|anyone|anybody|human|operator|owner|people|them|him|her)\b"
    r"|\b(?:user|users|anyone|human|operator|owner)\s+(?:\w+\s+){0,2}?(?:does\s+not|doesn'?t|must\s+not|should\s+not|need\s+not"
    r"|won'?t|will\s+not|never)\s+(?:need\s+to\s+)?(?:be\s+aware|know|notice|find\s+out|learn)\b"
    r"|\bkeep\s+(?:quiet|silent|mum)\s+about\b|\bkeep\s+(?:this|it)\s+(?:to\s+yourself|between\s+us)\b"
    r"|\bwithout\s+(?:ever\s+)?(?:mentioning|telling|revealing|disclosing|saying)\s+(?:it|this|that|them|so)\b"
)
F_OVERRIDE = _r(
    r"(?<![\w-])(?:ignore|disregard|forget|override|no\s+longer\s+(?:appl(?:y|ies)|valid|in\s+effect|relevant)|does\s+not\s+apply"
    r"|don'?t\s+apply|supersede[sd]?|set\s+aside|void|outdated|obsolete|revoked|cancel+ed|invalid(?:ated)?|replaced\s+by\s+(?:these|the\s+following))(?![\w-])"
)
F_AUTHORITY = _r(
    r"\b(?:(?:previous|prior|earlier|above|original|system|safety|user'?s?|your|all)\s+(?:\w+\s+){0,2}"
    r"(?:instructions?|guidance|guidelines?|polic(?:y|ies)|rules|directions|directives?|orders|commands|prompt|restrictions|guardrails))\b"
    r"|\b(?:instructions?|guidance|guidelines?|polic(?:y|ies)|rules|directions|restrictions|guardrails)\s+"
    r"(?:you\s+(?:were|have\s+been)\s+given|you\s+received|given\s+to\s+you|you\s+follow|from\s+(?:the\s+)?(?:user|system|developer|operator))"
)
F_SHADOW = _r(
    r"\b(?:takes?\s+(?:priority|precedence)\s+over|(?:do\s+not|don'?t|never)\s+(?:call|use|trust|invoke)|(?:is|are)\s+(?:now\s+)?"
    r"(?:deprecated|compromised|unsafe|malicious)\s*[;,:-]?\s*(?:use|call)\s+this)\s+(?:any\s+|the\s+)?(?!this\b)(?:[\w.-]+\s+){0,2}"
    r"(?:mcp\s+)?(?:servers?|tools|integrations?)\b"
)
F_OTHER_BAD = _r(
    r"\b(?!this\b)[\w.-]+(?:'s)?\s+(?:[\w-]+\s+){0,2}(?:server|tool|tools|mcp)(?:'s)?\b(?:\s+[\w-]+){0,3}?\s+(?:is|are)\s+(?:now\s+)?"
    r"(?:unsafe|compromised|broken|malicious|deprecated|misconfigured|insecure|leaking|untrusted|hacked)\b"
)
F_THIS_INSTEAD = _r(r"\b(?:through|via|use|call|with)\s+this\s+(?:tool|server)\b|\bthis\s+(?:tool|server)\s+instead\b")
F_GATHER = _r(r"\b(?:gather|collect|harvest|scrape|grab|dump|extract|look\s+(?:it|them|this)\s+up)\b")
F_REDIRECT = _r(
    r"\b(?:set|change|replace|switch|swap|use|put|redirect|reroute|route|forward|send)\s+(?:the\s+|all\s+|every\s+|each\s+|its\s+)?"
    r"(?:[\w-]+\s+)?(?:payee|recipient|destination|receiver|beneficiary|account|iban|wallet|address|number|message|messages|email"
    r"|emails|payment|payments|transfer|transfers|funds|calls?|output|data|requests?)s?\s+(?:to|with|as|into|for)\s+"
    + _RECIPIENT_LITERAL
)
F_COND = _r(
    r"\b(?:if|when|whenever|before|after|each|every|always|instead|first|any|all|regardless|make\s+sure|be\s+sure|must)\b"
)
F_SHOUT_MARK = re.compile(r"\b(?:SYSTEM|ADMIN|DEVELOPER|ASSISTANT|AI)\s+(?:OVERRIDE|NOTE|MESSAGE|INSTRUCTIONS?|DIRECTIVE)\s*:")


@dataclass(frozen=True)
class CoRule:
    id: str
    code: str
    all_of: tuple[re.Pattern[str], ...]
    why: str
    none_of: tuple[re.Pattern[str], ...] = ()
    any_of: tuple[re.Pattern[str], ...] = ()
    needles: tuple[tuple[str, ...], ...] = ()
    strong: bool = True
    # Inside the input schema the string already belongs to a parameter, so `any_of` (which asks
    # for a parameter to be named) can be waived; only for rules whose object is rare enough.
    waive_any_in_schema: bool = False
    min_len: int = 0


CO_RULES: tuple[CoRule, ...] = (
    CoRule(
        "co_secret_file_to_param",
        "credential_request",
        (F_SECRET_FILE, F_MOVE_IN),
        "one sentence names a credential file and asks for it to be read or handed over",
        any_of=(F_PARAM, _r(r"\b(?:contents?|yourself|the\s+file\s+at|text\s+of|here)\b")),
        needles=(_FILES,),
        waive_any_in_schema=True,
    ),
    CoRule(
        "co_take_secret_to_param",
        "credential_request",
        (F_TAKEN, F_SECRET_THING, F_PARAM, F_MOVE_IN),
        "one sentence asks for someone's stored secrets to be put into a parameter",
        needles=(("the user", "users'", "their", "stored", "saved", "browser", "yourself", "from "),
                 ("cookie", "session", "key", "seed", "mnemonic", "password", "passwd", "credential", "secret",
                  "token", "printenv", "environment", "env var")),
    ),
    CoRule(
        "co_user_data_to_param",
        "exfil_parameter",
        (F_USER_DATA, F_SIDE_MOVE, F_HABIT),
        "one sentence has the model hand over the user's files or personal data on the side",
        any_of=(F_PARAM,),
        waive_any_in_schema=True,
        needles=(("the user", "their", "your user"),
                 ("download", "document", "desktop", "home", "files", "photos", "clipboard", "browser history",
                  "contacts", "address", "email", "inbox", "calendar", "keychain", "wallet", "full name", "e-mail",
                  "phone", "birth", "ssn", "social security", "passport", "location")),
    ),
    CoRule(
        "co_gather_user_data",
        "exfil_parameter",
        (F_USER_DATA, F_GATHER),
        "one sentence has the model collect the user's personal data for this tool",
        any_of=(F_PARAM,),
        waive_any_in_schema=True,
        needles=(("the user", "their", "your user"),
                 ("gather", "collect", "harvest", "scrape", "grab", "dump", "extract", "look it up", "look them up",
                  "look this up")),
    ),
    CoRule(
        "co_other_tool_bad",
        "shadowing",
        (F_OTHER_BAD, F_THIS_INSTEAD),
        "one sentence disparages another server's tool and redirects the model to this one",
        needles=(("unsafe", "compromised", "broken", "malicious", "deprecated", "misconfigured", "insecure", "leaking",
                  "untrusted", "hacked"),
                 ("this tool", "this server")),
    ),
    CoRule(
        "co_convo_to_param",
        "exfil_parameter",
        (F_CONVO,),
        "one sentence asks for the conversation or the model's instructions as a parameter value",
        any_of=(F_PARAM, F_MOVE_IN),
        needles=(("last ", "your", "assistant", "model", "complete", "full", "entire", "whole", "verbatim", "so far",
                  "until now", "up to now", "word for word", "exchanged", "what the user", "everything the user",
                  "up to this point", "you have had", "you had", "you have been", "transcript of", "you know",
                  "you have learned", "you remember", "you received", "you were given", "you got", "you were started"),
                 ("messages", "turns", "exchanges", "prompt", "replies", "chat", "conversation", "instructions",
                  "what the user", "everything the user", "dialog", "discussion", "transcript", "history",
                  "about the user", "about user")),
    ),
    CoRule(
        "co_ship_outside",
        "file_exfiltration",
        (F_OUTSIDE, F_SHIP, F_COVERT),
        "one sentence ships data to a fixed outside address as a standing side effect",
        none_of=(F_EXAMPLE,),
        needles=(("@", "http", "+", "0x", "bc1"),
                 ("each", "every", "all", "always", "also", "additionally", "blind", "hidden", "secret", "silent",
                  "quiet", "backup", "mirror", "without", "instead", "whenever", "expected", "automatically", "copy"),
                 ("send", "sent", "forward", "cop", "cc", "mirror", "upload", "post", "transmit", "relay", "redirect",
                  "route", "leak", "exfiltrat", "visit", "recipient")),
    ),
    CoRule(
        "co_conceal",
        "conceal_from_user",
        (F_CONCEAL,),
        "one sentence tells the model to keep something from the user",
        needles=(("not", "never", "without", "no need", "needn", "n't", "keep", "avoid", "refrain"),
                 ("tell", "inform", "reveal", "mention", "notify", "disclos", "alert", "aware", "know", "notice",
                  "find out", "quiet about", "bother", "bring", "rais", "shar", "yourself", "between us", "report",
                  "saying")),
    ),
    CoRule(
        "co_override",
        "hidden_instruction",
        (F_OVERRIDE, F_AUTHORITY),
        "one sentence tells the model that its earlier or safety instructions no longer count",
        needles=(("ignore", "disregard", "forget", "overrid", "no longer", "not apply", "n't apply", "supersede",
                  "set aside", "void", "outdated", "obsolete", "revoked", "cancel", "invalid", "replaced by"),),
    ),
    CoRule(
        "co_shadow",
        "shadowing",
        (F_SHADOW,),
        "tells the model to prefer this server over, or stop using, another server's tools",
        needles=(("priority", "precedence", "not call", "n't call", "never call", "not use", "n't use", "never use",
                  "not trust", "n't trust", "never trust", "not invoke", "never invoke", "deprecated", "compromised",
                  "unsafe", "malicious"),),
    ),
    CoRule(
        "co_redirect_literal",
        "shadowing",
        (F_REDIRECT, F_COND),
        "one sentence sends another action's recipient, payment or messages to a fixed address",
        none_of=(F_EXAMPLE,),
        needles=(("@", "http", "+", "0x", "bc1", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                 ("payee", "recipient", "destination", "receiver", "beneficiary", "account", "iban", "wallet",
                  "address", "number", "message", "email", "payment", "transfer", "funds", "call", "output", "data",
                  "request")),
    ),
    CoRule(
        "co_authority_marker",
        "important_block",
        (F_SHOUT_MARK,),
        "a shouted pseudo-system header addresses the model directly",
        needles=(("override:", "note:", "message:", "instruction:", "instructions:", "directive:"),),
    ),
)


CO_RULES = tuple(replace(r, min_len=max(min_width(f) for f in r.all_of)) for r in CO_RULES)


def co_hits(
    text: str, low: str, memo: dict[int, bool] | None = None, in_schema: bool = False
) -> list[tuple[CoRule, str]]:
    """(rule, sentence) pairs for the co-occurrence rules that fire on `text`."""
    if memo is None:
        memo = {}
    candidates = [r for r in CO_RULES if len(text) >= r.min_len and groups_present(r.needles, low, memo)]
    return co_hits_among(text, candidates, in_schema)


def co_hits_among(
    text: str, candidates: Iterable[CoRule], in_schema: bool = False, *, first_found: bool = False
) -> list[tuple[CoRule, str]]:
    """co_hits for rules whose needles and minimum length the caller has already checked
    (first_found: and whose first feature it already found somewhere in `text`).

    The first feature of each rule is its rarest: it is searched over the whole text, and the
    text is only cut into sentences when it matches somewhere."""
    out: list[tuple[CoRule, str]] = []
    sentences: list[str] | None = None
    for rule in candidates:
        first, rest = anywhere(rule.all_of[0]), rule.all_of[1:]
        if not first_found and first.search(text) is None:
            continue
        if sentences is None:
            sentences = [m.group().strip() for m in SENTENCE.finditer(text)]
        for sent in sentences:
            if len(sent) < 8 or first.search(sent) is None:
                continue
            # a string inside the schema already belongs to a parameter: no need to name one
            if (
                all(f.search(sent) for f in rest)
                and not any(f.search(sent) for f in rule.none_of)
                and (
                    not rule.any_of
                    or (in_schema and rule.waive_any_in_schema)
                    or any(f.search(sent) for f in rule.any_of)
                )
            ):
                out.append((rule, sent))
                break
    return out
