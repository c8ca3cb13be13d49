"""Needle groups per poisoning rule: lower-case literals that must all be present (one per
group) before the rule's regex runs."""

from __future__ import annotations

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
