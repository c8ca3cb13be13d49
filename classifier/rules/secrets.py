"""Secrets rules: storing credentials, reading secret values, returning API keys."""

from __future__ import annotations

import json
import re

from classifier.lexicon import W
from classifier.rules.matchers import (
    TEXT_FIELDS,
    Gate,
    Match,
    Rule,
    all_of,
    any_of,
    enum_value,
    gate_of,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
    set_gate,
)
from classifier.text import ToolText

# Round 7 (rubric decision): "Generate a strong password", "Generate secure random tokens": a random value
# computed and returned is stored nowhere and creates no credential (a token "for a database" or an account is).
_LOCAL_RANDOM_SECRET = all_of(
    lead_rx(
        r"^\W*generat\w*\s+(?:an?\s+|one or more\s+|\d+\s+|some\s+)?(?:new\s+)?(?:strong|random|secure|"
        r"cryptographically[- ]secure|memorable|pronounceable)\s+(?:and\s+\w+\s+|random\s+)?"
        r"(?:passwords?|passphrases?|strings?|tokens?|pins?|secrets?)\b"
        r"(?![^.\n]{0,60}\b(?:for|in|on|to)\s+(?:an?\s+|the\s+|this\s+|your\s+|specific\s+|given\s+)*(?:users?|accounts?|"
        r"databases?|services?|projects?|clients?|apps?|applications?|vaults?|servers?|organi[sz]ations?|teams?)\b)",
        needles=("strong", "random", "secure", "memorable", "pronounceable"),
    ),
    name_has(W("generate gen random make"), first=True),
)

# Round 8: credentials stored in a service though the name has no secret noun. A CI/CD "secure file" is the
# service's store for keystores and certificates; "'setup' to add/update credentials" with a credentials argument;
# an add/update operation whose text takes an OAuth client secret or an SMTP password. A tool that reads, checks
# or tests them is not one (its lead says so).
_READ_LEAD = lead_rx(
    r"^\W*(?:get|gets|list|lists|show|shows|check|checks|verify|verifies|test|tests|validate|validates|view|views|"
    r"read|reads|fetch|fetches|retrieve|retrieves|describe|describes)\b",
    needles=(
        "get",
        "list",
        "show",
        "check",
        "verif",
        "test",
        "validat",
        "view",
        "read",
        "fetch",
        "retriev",
        "describ",
    ),
)
# (round 9i: `signing_secret` of an Auth0 API "Secret used to sign tokens": whoever sets it can mint valid tokens)
_SECRET_PROP = re.compile(
    r"(?:new_?|user_?|account_?|initial_?)?password|secret_?(?:value|string|text|data)|client_?secret|private_?key|api_?key"
    r"|(?:signing|jwt|hmac)_?secret",
    re.IGNORECASE,
)

_CONNECTION_PROPS = frozenset(
    ("base_url", "baseurl", "host", "hostname", "server_url", "url", "instance_url", "api_url")
)
_LOGIN_DESC = re.compile(
    r"\b(?:for|to)\s+(?:authenticat\w*|log\s*in|login|connect\w*|access\s+the)\b|\bauthentication\b",
    re.IGNORECASE,
)


def _top_level_secret_prop(t: ToolText) -> Match | None:
    """A password, secret value, private key or API key among the tool's own arguments (one nested in a
    sub-object is a setting of something else: a webhook's, a signer's)."""
    if not t.props:
        return None
    schema = t.schema_obj
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict):
        return None
    connection = _CONNECTION_PROPS.intersection(k.lower() for k in props if isinstance(k, str))
    for name, spec in props.items():
        if isinstance(name, str) and _SECRET_PROP.fullmatch(name):
            desc = spec.get("description") if isinstance(spec, dict) else None
            # The call's own login (`base_url` + `username` + `password`, "Password for authentication") is
            # spent on this call, not handed to the service to keep.
            if connection and isinstance(desc, str) and _LOGIN_DESC.search(desc):
                continue
            return "input_schema", json.dumps(name, ensure_ascii=False)
    return None


_GETTER_NAME = name_has(W("get describe read show fetch export dump view yaml json"))
_SECRET_KIND = enum_value(
    r"(?:resource|resources|resource_?type|resource_?kind|kind|type|object_?type)", r"^secrets?$"
)


def _secret_kind_getter(t: ToolText) -> Match | None:
    """`kubectl_get_yaml(resource=...)` whose resource-type enum offers "secrets": one call returns Secret
    objects with their data (a lister of names would say list)."""
    if _GETTER_NAME(t) is None:
        return None
    return _SECRET_KIND(t)


set_gate(_secret_kind_getter, gate_of(_GETTER_NAME))

# Round 10j: `get_resource(kind, namespace, name)` (no description), `get_resource_yaml(resource_type, ...)`: a getter of
# any Kubernetes kind the caller names returns a Secret in full when asked for one ("describe" prints a Secret's keys,
# not its data: qa `describe_resource` stays low).
_ANY_KIND_GETTER_NAME = name_has(
    W("get read fetch export dump yaml json"), W("resource resources object objects manifest manifests")
)
# a summary, count, status or event list of the objects is not the objects
_NOT_THE_OBJECT = frozenset(W("describe summary summaries count counts status events metrics usage names"))
_KIND_PROP = re.compile(r"kind|resource_?type|resource_?kind|object_?kind", re.IGNORECASE)
_KUBERNETES = re.compile(r"\b(?:kube\w*|k8s|kubectl|openshift)\b", re.IGNORECASE)


def _any_kind_getter(t: ToolText) -> Match | None:
    getter = _ANY_KIND_GETTER_NAME(t)
    if getter is None or _NOT_THE_OBJECT & t.name_words:
        return None
    free_kind = any(
        _KIND_PROP.fullmatch(p.name)
        and (not p.enum or any(str(v).lower() in ("secret", "secrets") for v in p.enum))
        for p in t.props
    )
    if not free_kind:
        return None
    if not any(_KUBERNETES.search(text) for text in (t.server, t.name, t.description[:2000], t.title)):
        return None
    return getter


set_gate(_any_kind_getter, gate_of(_ANY_KIND_GETTER_NAME))


# Round 9o: `get_stripe_connection_token` "Obtener token de conexión de Stripe": a getter named for a login token
# returns a working credential (`get_token_price` names a coin, `get_auth_token` "metadata about a token" is vetoed).
_TOKEN_GETTER_VERBS = frozenset(W("get fetch retrieve obtain request issue mint"))
_TOKEN_QUALIFIERS = frozenset(
    W("access auth connection bearer session refresh oauth jwt api id registration enrollment join")
)


def _token_getter_name(t: ToolText) -> Match | None:
    toks = t.name_tokens
    if len(toks) < 3 or toks[0].text not in _TOKEN_GETTER_VERBS or toks[-1].text not in ("token", "tokens"):
        return None
    if toks[-2].text not in _TOKEN_QUALIFIERS:
        return None
    return "name", t.name


set_gate(_token_getter_name, (Gate(names=frozenset(("token", "tokens"))),))

# Round 9t: `token` "Get Gitee access token using OAuth": the bearer token itself comes back, whatever the tool is
# named; by name or by description, its metadata, status or expiry alone would not.
_TOKEN_GETTER = none_of(
    any_of(
        _token_getter_name,
        lead_rx(
            r"^\W*(?:get|gets|fetch|fetches|retrieve|retrieves|obtain|obtains|return|returns|mint|mints|issue|issues)\s+"
            r"(?:an?\s+|the\s+)?(?:fresh\s+|new\s+|current\s+|valid\s+)?(?:[\w-]+\s+)?"
            # (round 9w: "Get a runner registration token": whoever holds it attaches a runner and receives CI jobs)
            r"(?:access|auth|bearer|oauth|session|refresh|id|registration|enrollment|join)\s+tokens?\b",
            needles=("token",),
        ),
    ),
    lead_rx(
        r"\b(?:metadata|information|info|details|status|permissions|scopes|expir\w*|validity|valid)\b",
        needles=("metadata", "info", "details", "status", "permission", "scope", "expir", "valid"),
    ),
)

# Round 9t: "Generates the current TOTP / two-factor one-time code for an entry" (and the train set's "Generate a TOTP
# 2FA code for an account"): the code is derived from a stored OTP secret and passes a second factor while it lives.
_OTP_CODE = lead_rx(
    r"^\W*(?:generat|get|return|comput|fetch|retriev|show|read)\w*\s+[^.\n]{0,30}?\b(?:totp|hotp|otp|2fa|mfa|"
    r"two-factor)\b[^.\n]{0,30}?\bcodes?\b",
    needles=("otp", "2fa", "mfa", "two-factor"),
)

# Round 9t: `get-secure-note` "Get a secure note from a 1Password vault": a password manager's item comes back with
# its concealed fields (listing items, or an Obsidian or HashiCorp "vault", is not this).
_VAULT_ITEM_READ = lead_rx(
    r"^\W*(?:get|gets|read|reads|retrieve|retrieves|fetch|fetches|reveal|reveals|show|shows|return|returns)\s+"
    r"(?:an?\s+|the\s+|one\s+)?(?:[\w-]+\s+){0,2}?(?:secure\s+notes?|passwords?|credentials?|logins?|login\s+items?|"
    r"secrets?|items?|entr(?:y|ies))\b[^.\n]{0,40}?\b(?:from|in|of)\s+(?:an?\s+|the\s+|your\s+|my\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:1password|bitwarden|vaultwarden|lastpass|keepass(?:xc)?|enpass|dashlane|proton\s*pass|passbolt|"
    r"password\s+(?:managers?|stores?|vaults?|databases?))\b",
    needles=(
        "1password",
        "bitwarden",
        "lastpass",
        "keepass",
        "enpass",
        "dashlane",
        "proton",
        "passbolt",
        "password",
    ),
)

_STORED_CREDENTIALS = none_of(
    any_of(
        # "create_user" with a `password` argument, "put_secret" with `secret_string`: the schema hands the service
        # a credential to keep.
        all_of(
            # the argument names first: most tools have none of these, and the look costs less than the name's
            _top_level_secret_prop,
            name_has(
                W("create add set update put store register rotate change reset configure setup invite")
            ),
        ),
        lead_rx(
            r"^\W*(?:create|add|upload|store)(?:e?s)?\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:[\w/-]+\s+)?secure\s+files?\b",
            needles=("secure",),
        ),
        all_of(
            rx(
                r"\b(?:add|update|store|save|set\s?up|setup|configure)\w*\b[^.\n]{0,40}\bcredentials?\b"
                r"(?![^.\n]{0,20}\b(?:configured|set\s+up|are\s+required|is\s+required|required|first)\b)",
                ("description",),
                needles=("credential",),
            ),
            prop_named(r"(?:\w+_)?(?:credentials?|api_?keys?|secrets?|passwords?|client_?secrets?)"),
        ),
        all_of(
            rx(
                r"\bclient[_ ]secrets?\b|\bsmtp\b[^.\n]{0,80}\bpasswords?\b|\bpasswords?\b[^.\n]{0,80}\bsmtp\b",
                ("description",),
                needles=("client_secret", "client secret", "smtp"),
            ),
            enum_value(r"operation|action|op", r"^(?:add|update|set|create|configure)_"),
        ),
    ),
    _READ_LEAD,
)

_PASSWORD_MANAGER = rx(
    r"\b(?:1password|bitwarden|vaultwarden|keepass(?:xc)?|lastpass|dashlane|proton\s*pass|password\s+managers?|"
    r"passbolt)\b",
    ("server", "description", "title", "name"),
)

# the verbs that set a deployed app's environment variable (secrets.write)
_ENV_WRITE_VERBS = W("create add set update upsert put store sync write")

SECRETS_RULES: list[Rule] = [
    # Secrets.
    Rule(
        "secrets.write",
        "creates or stores credentials or secrets",
        none_of(
            any_of(
                name_has(
                    W(
                        "create add set update store put rotate generate regenerate refresh renew reissue write"
                    ),
                    W("secret secrets credential credentials password passwords token tokens apikey"),
                ),
                # Round 9q: `modify_entry(dn, changes)` "Modify attributes of an existing LDAP entry": any attribute of
                # any directory entry, `userPassword` included.
                all_of(
                    name_has(W("modify add create update"), W("entry entries attribute attributes")),
                    rx(
                        r"\b(?:ldap|active\s+directory|directory\s+entr(?:y|ies))\b",
                        ("description", "title", "server", "name"),
                    ),
                ),
                # Round 9q: `import_certificate_from_pfx` "PFX 파일로부터 인증서를 Key Vault에 등록": a certificate imported
                # into a vault carries its private key.
                name_has(W("import"), W("certificate certificates cert certs pfx keypair keypairs")),
                # Round 10s: `issue_cert` "Issue a short-lived SSH certificate for a user": a signed certificate is a
                # login credential until it expires.
                name_has(W("issue sign"), W("certificate certificates cert certs"), first=True),
                # Round 10x: `grafana_token` "Mint a short-lived Grafana Cloud token ... and return it": a new login
                # token of the service (a crypto token minted to an address or on a chain is money, not a login).
                none_of(
                    lead_rx(
                        r"^\W*mints?\s+(?:an?|one)\s+(?:new\s+)?(?:[\w-]+\s+){0,4}?(?:access\s+|api\s+|auth\s+|bearer\s+|"
                        r"session\s+)?token\b",
                        needles=("mint", "mints"),
                    ),
                    rx(
                        r"\b(?:erc-?\d+|spl|nfts?|blockchain|on-?chain|wallets?|supply|jettons?|hts|solana|ethereum|"
                        r"addresses)\b",
                        ("description", "name", "server"),
                    ),
                ),
                # Round 10f: Vercel `update_env_var` "Update an environment variable": a deployed app's environment is
                # where its API keys and database URLs are stored (qa: amplify `sync_env_vars`, Write/critical).
                name_has(_ENV_WRITE_VERBS, W("env envs envvar envvars"), W("var vars variable variables")),
                name_has(_ENV_WRITE_VERBS, W("envvar envvars")),
                rx(
                    # (round 9q: "Update an existing API key's metadata or secret value": the value is replaced)
                    r"^\s*(?:create|add|set|store|rotate|generate|regenerate|refresh|renew|reissue|write|update|replace)(?:e?s)?\s+"
                    r"(?:an?\s+|the\s+|new\s+)?(?:\w+\s+)?"
                    r"(?:secrets?|credentials?|api keys?|access keys?|passwords?|access tokens?)\b"
                    r"(?!['’]?s?\s+(?:description|metadata|labels?|tags?|name|notes?|expir\w*|status)\s*(?:\.|$|,|and\s+(?!secret)))"
                    # "Rotate the agent wallet signing key": a new key replaces the one that signs.
                    r"|^\s*(?:rotate|regenerate|reissue)s?\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,3}?"
                    r"(?:signing|private|ssh|encryption|master)\s+keys?\b",
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
                    r"(?:wallets?|key ?pairs?|private keys?|mnemonics?|seed phrases?)\b(?!\s+(?:pass|group|name|label)\w*)"
                    # (round 9t: "Generate N new wallets and save them to local storage": generated and kept)
                    r"|^\W*generates?\s+(?:an?\s+|the\s+|new\s+|one or more\s+|\w+\s+new\s+|\d+\s+)*(?:\w+\s+)?"
                    r"(?:wallets?|key ?pairs?|private keys?)\b[^.\n]{0,40}?\b(?:sav|stor|persist|import|keep)\w*",
                    ("description",),
                    lead_only=True,
                    needles=("wallet", "key pair", "keypair", "private key", "mnemonic", "seed phrase"),
                ),
                # Round 9g: `wallet_recover` "Recover a previously linked wallet by email" saves the recovered private
                # key as the active one; an imported or restored key pair is stored the same way.
                none_of(
                    any_of(
                        name_has(
                            W("import recover restore"), W("wallet wallets keypair keypairs mnemonic seed")
                        ),
                        lead_rx(
                            r"^\W*(?:import|imports|recover|recovers|restore|restores)\s+"
                            r"(?:an?\s+|the\s+|your\s+|existing\s+|previously\s+\w+\s+)*(?:[\w-]+\s+)?"
                            r"(?:wallets?|key ?pairs?|private\s+keys?|mnemonics?|seed\s+phrases?)\b",
                            needles=("wallet", "pair", "keypair", "private", "mnemonic", "seed"),
                        ),
                    ),
                    name_has(W("list get status check")),
                ),
                # Round 9g: `op_update_item` "Update any part of an existing item" of a password manager: an item's
                # fields are the stored passwords.
                all_of(
                    name_has(
                        W("create add update edit set patch put"),
                        W("item items entry entries login logins record records"),
                    ),
                    _PASSWORD_MANAGER,
                ),
                # Round 9g: `create_application` "Create a custom OIDC application in Okta": a new OAuth client is a
                # client id and secret the identity provider trusts.
                all_of(
                    name_has(
                        W("create register add"),
                        W("application applications app apps client clients"),
                        first=True,
                    ),
                    rx(
                        r"\b(?:oauth\s*2?|oidc|openid(?:\s+connect)?|okta|auth0|keycloak|saml|client\s+secrets?|"
                        r"client\s+credentials)\b",
                        ("description", "title", "server", "name"),
                    ),
                ),
                _STORED_CREDENTIALS,
                # Round 8p: `regenerate_keys` "Fix broken JWT keys": new signing keys or certificates replace the ones
                # the service trusts.
                name_has(
                    W("rotate regenerate reissue renew"),
                    W("key keys jwt jwts certificate certificates cert certs"),
                ),
                # Round 8z: "Inject secrets from Vault into local configuration files": the secret values are stored
                # in plain files on disk.
                rx(
                    r"^\W*(?:inject|injects|write|writes|export|exports|save|saves|dump|dumps|sync|syncs)\s+(?:the\s+|all\s+)?"
                    r"(?:\w+\s+)?(?:secrets?|credentials?|api\s+keys?|passwords?|tokens?)\b[^.\n]{0,60}\b(?:into|to)\s+"
                    r"(?:an?\s+|the\s+)?(?:local\s+)?(?:[\w.-]+\s+){0,2}?(?:files?|\.env|config(?:uration)?\s+files?|disk)\b",
                    ("description", "title"),
                    lead_only=True,
                ),
                # Round 9a: "Complete Hue Bridge setup by pressing the link button and creating API key": a new key the
                # service trusts.
                lead_rx(
                    r"\b(?:and|then|by)\s+(?:creating|generating|issuing|minting)\s+(?:an?\s+|new\s+|the\s+)*"
                    r"(?:api\s+keys?|access\s+tokens?|credentials?|passwords?|secrets?)\b",
                    needles=("creating", "generating", "issuing", "minting"),
                ),
                # Round 8t: "Assume an AWS IAM role and return temporary credentials": a new credential is minted.
                name_has(["assume"], W("role roles")),
                # CV (qa `keycloak_impersonate_user` "Start an impersonation session for a user") and round 10a (Jellyfin
                # "Authorize a pending Quick Connect code ... granted a session for that user account"): a login
                # session as another user is a credential issued in that user's name.
                name_has(W("impersonate impersonation")),
                rx(
                    r"^\W*(?:start|starts|begin|begins|create|creates|open|opens)\s+(?:an?\s+)?impersonation\s+sessions?\b"
                    r"|\b(?:grant|grants|granted|issue|issues|issued)\s+(?:an?\s+|new\s+)?(?:authenticated\s+|login\s+)?"
                    r"(?:sessions?|access)\s+(?:for|to)\s+(?:that|the|a|any|this)\s+(?:specified\s+|given\s+)?"
                    r"user(?:['’]s)?\s+accounts?\b",
                    ("description",),
                    needles=("impersonation", "grant", "issue"),
                ),
                # Round 8t: "generate a new ssh key pair and add it to the ec2 instance": a login installed on a host.
                rx(
                    r"\b(?:generate|create)s?\s+(?:an?\s+|a\s+new\s+|new\s+)?(?:ssh\s+)?key\s+pairs?\b[^.\n]{0,60}"
                    r"\b(?:add|install|authoriz|upload|deploy)\w*",
                    ("description",),
                    needles=("key pair",),
                ),
            ),
            _LOCAL_RANDOM_SECRET,
        ),
        risk="critical",
        flags=("secrets",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "secrets.read",
        "returns secret values",
        none_of(
            any_of(
                name_has(W("secret secrets env credentials password passwords")),
                # Round 10d: 1Password `get_credential`, `find_credential` "Returns username and copies password"; the
                # kinds of credential a realm offers or the detections of leaked ones are not credentials.
                none_of(
                    name_has(["credential"]),
                    name_has(
                        W("type types kind kinds provider providers detection detections schema schemas")
                    ),
                ),
                # Cookies are session credentials when they are read out.
                name_has(W("get list read show find export dump"), W("cookie cookies")),
                rx(
                    r"\b(?:secret values?|leaked secrets?|private keys?|secrets? scanning)\b",
                    TEXT_FIELDS,
                    lead_only=True,
                ),
                # Round 10z: `get_ssl_bundle` "Retrieve Porkbun's free DV SSL certificate bundle ... Returns certificate
                # chain, public key, and private key as PEM strings": the key that lets anyone pose as the site.
                rx(
                    r"\b(?:returns?|includes?|including|contains?|with)\s+(?:(?!\b(?:never|not|no|without|except)\b)"
                    r"[^.\n]){0,60}?\bprivate\s+keys?\b(?!\s+(?:is|are)\s+(?:never|not)\b)",
                    ("description",),
                    needles=("private key",),
                ),
                # "Gets a PostgreSQL connection string with fresh credentials": the answer is a login.
                rx(
                    r"^\W*(?:get|return|retrieve|fetch|show|generate)s?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                    r"connection\s+(?:strings?|uris?|urls?)\b[^.\n]{0,30}\b(?:credentials?|passwords?)\b",
                    ("description",),
                    lead_only=True,
                    needles=("connection",),
                ),
                _secret_kind_getter,
                _any_kind_getter,
                _TOKEN_GETTER,
                _OTP_CODE,
                _VAULT_ITEM_READ,
                # Round 8x: `vault_kv_read` "Read a KV secret from HashiCorp Vault": the secret itself comes back (its
                # name, path, version or metadata alone would not).
                lead_rx(
                    r"^\W*(?:read|reads|get|gets|fetch|fetches|retrieve|retrieves|return|returns|reveal|reveals|decrypt|"
                    r"decrypts)\s+(?:an?\s+|the\s+|one\s+)?(?:[\w-]+\s+){0,2}?secrets?(?:\s+values?)?\b(?!\s+(?:names?|"
                    r"metadata|keys|list|versions?|paths?|engines?|mounts?|polic(?:y|ies)|stores?|manager))",
                    needles=("secret",),
                ),
                # Round 8r: `s3_presign_get` "Generate a presigned URL for downloading an object": the URL is a bearer
                # credential; anyone who gets the link reads (or writes) the object until it expires.
                name_has(W("presign presigned presignedurl")),
                # Round 9y: `generate_signed_url` "Generates a signed URL for temporary access to a blob".
                name_has(["signed"], W("url urls link links")),
                lead_rx(
                    r"^\W*(?:generate|create|get|mint|make|return)s?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:pre-?)?signed\s+"
                    r"(?:[\w-]+\s+)?urls?\b",
                    needles=("signed",),
                ),
                # Round 9y: "Returns all active environment variables for the current process": a process's
                # environment is where its API keys and tokens live (train: server-everything `get-env`, Read/high).
                lead_rx(
                    r"^\W*(?:get|gets|list|lists|return|returns|show|shows|read|reads|dump|dumps|print|prints|display|"
                    r"displays|retrieve|retrieves|fetch|fetches)\s+(?:all\s+)?(?:the\s+)?(?:(?!that\b|which\b|with\b)\w+\s+){0,2}?"
                    r"(?:environment|env)\s+variables\b(?!\s+names)",
                    needles=("environment", "env"),
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
            _LOCAL_RANDOM_SECRET,
            # Round 9u: `validate_credentials` "Validate all SP-API credentials and configuration": the server checks
            # its own login and reports; no value comes back.
            name_has(W("validate check test verify"), first=True),
            # Round 9i: "returns only the keys (identifiers), not the actual secret values": names of secrets.
            rx(
                r"\b(?:returns?|shows?|lists?|includes?)\s+only\s+(?:the\s+)?(?:secret\s+)?(?:keys|names|identifiers|ids|"
                r"metadata)\b[^.\n]{0,40}\bnot\s+(?:the\s+)?(?:actual\s+)?(?:secret\s+)?values\b"
                r"|\b(?:without|never)\s+(?:revealing|exposing|returning|showing|including)\s+(?:the\s+|their\s+|any\s+)?"
                r"(?:actual\s+)?(?:secret\s+)?values\b"
                r"|\b(?:values|secrets)\s+(?:are|is)\s+never\s+(?:returned|revealed|exposed|shown)\b",
                ("description",),
                needles=("value",),
            ),
            # Round 9i: `scan_secrets(code)` "Scan code for hardcoded secrets": the caller hands over the text; the
            # findings are its own.
            all_of(
                lead_rx(
                    r"^\W*(?:scan|scans|check|checks|detect|detects|find|finds)\s+(?:the\s+|given\s+|provided\s+)?"
                    r"(?:source\s+)?(?:code|text|content|snippets?|diffs?|strings?)\s+for\s+(?:[\w-]+\s+)?"
                    r"(?:secrets?|credentials?|api\s+keys?|passwords?)\b",
                    needles=("secret", "credential", "key", "password"),
                ),
                prop_named(r"code|text|content|source|diff|snippet|source_?code"),
            ),
        ),
        risk="high",
        flags=("secrets",),
    ),
    Rule(
        "secrets.api_keys",
        "returns API keys or configuration that carries credentials",
        none_of(
            any_of(
                name_has(["get", "list", "read", "show"], ["apikey", "apikeys"]),
                name_has(
                    ["get", "list", "read", "show"],
                    ["key", "keys"],
                    W("api access private secret publishable anon service"),
                ),
                rx(r"\b(?:returns?|gets?|lists?)\b[^.\n]{0,30}\bapi keys?\b", TEXT_FIELDS, lead_only=True),
                # Round 8: "Get the current Kubernetes configuration content as a kubeconfig YAML", "Get all cached
                # database connection information": configuration that can carry keys and passwords.
                lead_rx(
                    r"^\W*(?:get|gets|return|returns|show|shows|view|views|read|reads|fetch|fetches|retrieve|retrieves|"
                    r"export|exports|dump|dumps)\b[^.\n]{0,60}\b(?:kubeconfig(?!\s+contexts?)|connection\s+(?:info|information|details|"
                    r"settings|config(?:uration)?s?))\b",
                    needles=("kubeconfig", "connection"),
                ),
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
