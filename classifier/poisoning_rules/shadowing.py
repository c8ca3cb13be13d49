"""Shadowing rules (changing how the model uses other tools and servers), then the rules added
after them: unrestricted personas, consent claims, active HTML, image exfiltration, refusals,
other languages, hiding from output. They stay last because the table keeps its order."""

from __future__ import annotations

from classifier.poisoning_rules.phrases import _GAP_LONG, _OTHER_TOOL, _RECIPIENT_LITERAL
from classifier.poisoning_rules.rule import Rule, _r

SHADOWING_RULES: tuple[Rule, ...] = (
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
