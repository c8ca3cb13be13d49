"""Secrets rules: storing credentials, reading secret values, returning API keys."""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.matchers import TEXT_FIELDS, Rule, any_of, name_has, none_of, rx

SECRETS_RULES: list[Rule] = [
    # Secrets.
    Rule(
        "secrets.write",
        "creates or stores credentials or secrets",
        any_of(
            name_has(
                W("create add set update store put rotate generate regenerate refresh renew reissue write"),
                W("secret secrets credential credentials password passwords token tokens apikey"),
            ),
            rx(
                r"^\s*(?:create|add|set|store|rotate|generate|regenerate|refresh|renew|reissue|write)(?:e?s)?\s+(?:an?\s+|the\s+|new\s+)?(?:\w+\s+)?"
                r"(?:secrets?|credentials?|api keys?|access keys?|passwords?|access tokens?)\b",
                ("description",),
                lead_only=True,
            ),
            # A new wallet or key pair is a private key that can hold and move funds (a wallet group, pass or
            # label is not; an offline generator that only returns a key stores nothing and is left out).
            none_of(
                name_has(W("create new"), W("wallet wallets keypair keypairs mnemonic")),
                name_has(W("group groups pass passes name names label labels")),
            ),
            rx(
                r"^\W*creates?\s+(?:an?\s+|the\s+|new\s+|one or more\s+)*(?:\w+\s+)?"
                r"(?:wallets?|key ?pairs?|private keys?|mnemonics?|seed phrases?)\b(?!\s+(?:pass|group|name|label)\w*)",
                ("description",),
                lead_only=True,
                needles=("wallet", "key pair", "keypair", "private key", "mnemonic", "seed phrase"),
            ),
        ),
        risk="critical",
        flags=("secrets",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "secrets.read",
        "returns secret values",
        any_of(
            name_has(W("secret secrets env credentials password passwords")),
            # Cookies are session credentials when they are read out.
            name_has(W("get list read show find export dump"), W("cookie cookies")),
            rx(
                r"\b(?:secret values?|leaked secrets?|private keys?|secrets? scanning)\b",
                TEXT_FIELDS,
                lead_only=True,
            ),
            # "Gets a PostgreSQL connection string with fresh credentials": the answer is a login.
            rx(
                r"^\W*(?:get|return|retrieve|fetch|show|generate)s?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                r"connection\s+(?:strings?|uris?|urls?)\b[^.\n]{0,30}\b(?:credentials?|passwords?)\b",
                ("description",),
                lead_only=True,
                needles=("connection",),
            ),
            # "Get details of any Kubernetes resource ... as JSON": a getter of any kind returns Secrets in full.
            rx(
                r"^\W*(?:get|describe|read|show|fetch|retrieve)s?\b[^.\n]{0,30}\b(?:any|arbitrary)\s+(?:kubernetes|k8s)\s+"
                r"(?:resources?|objects?)\b",
                ("description", "title"),
                lead_only=True,
                needles=("kubernetes", "k8s"),
            ),
        ),
        risk="high",
        flags=("secrets",),
    ),
    Rule(
        "secrets.api_keys",
        "returns API keys",
        none_of(
            any_of(
                name_has(["get", "list", "read", "show"], ["apikey", "apikeys"]),
                name_has(
                    ["get", "list", "read", "show"],
                    ["key", "keys"],
                    W("api access private secret publishable anon service"),
                ),
                rx(r"\b(?:returns?|gets?|lists?)\b[^.\n]{0,30}\bapi keys?\b", TEXT_FIELDS, lead_only=True),
            ),
            # `get_application_by_api_key`: the key is what the caller looks up by, not what comes back.
            rx(r"by[_-]?(?:api[_-]?)?keys?$", ("name",)),
            rx(
                r"^\W*(?:get|find|look up|retrieve)s?\s+(?:an?\s+|the\s+)?\w+\s+by\s+(?:its\s+|the\s+)?api\s+keys?\b",
                ("description",),
                lead_only=True,
                needles=("by",),
            ),
        ),
        risk="medium",
        flags=("secrets",),
    ),
]
