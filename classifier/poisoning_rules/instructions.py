"""Rules for instructions aimed at the model: hidden instructions, instruction blocks, concealment."""

from __future__ import annotations

from classifier.poisoning_rules.phrases import _GAP_LONG, _USER
from classifier.poisoning_rules.rule import Rule, _r

INSTRUCTION_RULES: tuple[Rule, ...] = (
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
)
