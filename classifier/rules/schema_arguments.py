"""Rules that read a tool's arguments: a migration or manifest to apply, a password or recipients list, a
selector that names a built-in function, an e-mail address used as a lookup key (the shapes are the evidence
where the wording is a vendor's own).
"""

from __future__ import annotations

import json
import re

from classifier.lexicon import W
from classifier.rules.contexts import DRY_RUN_NAME
from classifier.rules.matchers import (
    LEAD_FIELDS,
    Gate,
    Match,
    Rule,
    all_of,
    any_of,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
    schema_quote,
    set_gate,
)
from classifier.text import ToolText

SCHEMA_ARGUMENT_RULES: list[Rule] = []


def _by_email_key(t: ToolText) -> Match | None:
    """`get_user_by_email`, `find_contact_by_mail`: the e-mail address is the lookup key, not mail read."""
    toks = t.name_tokens
    for i in range(len(toks) - 1):
        if toks[i].text == "by" and toks[i + 1].text in ("email", "mail", "emails"):
            return "name", t.name[toks[i].start : toks[i + 1].end]
    return None


set_gate(_by_email_key, (Gate(names=frozenset(("by",))),))
BY_EMAIL_KEY = _by_email_key


def _function_name_selector(t: ToolText) -> Match | None:
    """A `function` argument described as the name or id of a built-in function picks one of the server's
    own functions (a collector, a check); caller code is described as code, a body or a script."""
    for p in t.props:
        if p.name.lower() == "function" and re.match(
            r"\s*(?:the\s+)?(?:name|id|identifier)\s+of\b", p.description, re.IGNORECASE
        ):
            return "input_schema", schema_quote(p.description[:40])
    return None


FUNCTION_NAME_SELECTOR = _function_name_selector


def _password_prop(t: ToolText) -> Match | None:
    """A top-level argument with a short name (`pass`, `pwd`, `smtp_pass`) described as a password: the
    server keeps it (names spelled out in full are secrets.write's)."""
    schema = t.schema_obj
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict):
        return None
    for name, spec in props.items():
        if not isinstance(spec, dict) or not isinstance(name, str):
            continue
        if re.fullmatch(r"(?:\w+_)?(?:pass|pwd|passwd)", name, re.IGNORECASE):
            desc = spec.get("description")
            if isinstance(desc, str) and re.search(r"\bpassword\b", desc, re.IGNORECASE):
                return "input_schema", json.dumps(name, ensure_ascii=False)
    return None


SCHEMA_ARGUMENT_RULES.extend(
    [
        # Critical: a migration applied runs its code against the database (train: apply_migration Execute/critical).
        Rule(
            "exec.apply_migration",
            "applies a migration (its code runs against the database)",
            any_of(
                lead_rx(
                    r"^\W*(?:apply|applies|run|runs|execute|executes)\s+(?:an?\s+|the\s+|all\s+)?(?:specific\s+|new\s+|"
                    r"pending\s+|given\s+)?(?:database\s+|schema\s+|sql\s+)?migrations?\b(?!\s+(?:status|history|list|plan))",
                    needles=("migration",),
                ),
                name_has(W("apply run execute"), W("migration migrations"), first=True),
            ),
            action="Execute",
            risk="critical",
            flags=("code_execution",),
            skip_if_readonly=True,
        ),
        # (c) Installs named past the lead: "runs `git pull` ... and reinstalls its Python requirements".
        Rule(
            "exec.reinstall",
            "pulls new code or (re)installs dependencies (software installed and run)",
            rx(
                r"\bruns?\s+`?git\s+pull\b[^.\n]{0,80}\b(?:re)?install"
                r"|\b(?:re)?install(?:s|ing)?\s+(?:its\s+|the\s+|all\s+)?(?:python\s+|node\s+|npm\s+|pip\s+)?"
                r"(?:requirements|dependencies)\b",
                ("description",),
                needles=("install",),
            ),
            action="Execute",
            risk="high",
            skip_if_readonly=True,
        ),
        # (c) A paid model run named by its vendor: "rig a 3D model ... using Meshy AI" (a search or crawl "using
        # Exa AI" is a search engine).
        Rule(
            "exec.vendor_ai",
            "runs a vendor's AI model on the caller's input",
            none_of(
                lead_rx(
                    r"\b(?:using|with|via|by)\s+(?:the\s+)?(?-i:[A-Z][\w.-]*)\s+(?-i:AI)\b"
                    r"(?!['’]|\s+(?:features?|credits?|entitlements?|accounts?|api\s+keys?|plans?))",
                    needles=("ai",),
                ),
                # a search, crawl, extraction or check "using Exa AI" is a search engine's work
                lead_rx(
                    r"\b(?:search|searches|crawl|crawls|research|researches|find|finds|look\s+up|fetch|extract|extracts|"
                    r"check|checks|fact-check|scrape|scrapes)\b|^\W*(?:get|gets|list|lists|read|reads|retrieve|retrieves)\b",
                    needles=(
                        "search",
                        "crawl",
                        "research",
                        "find",
                        "look",
                        "fetch",
                        "extract",
                        "check",
                        "scrap",
                        "get",
                        "list",
                        "read",
                        "retriev",
                    ),
                ),
            ),
            action="Execute",
            risk="high",
            flags=("open_world",),
            skip_if_readonly=True,
        ),
        # Critical: a caller's manifest applied to a cluster, or a GitOps application set deployed from a template.
        Rule(
            "deploy.manifest",
            "creates or updates cluster resources from the caller's manifest or deployment template",
            none_of(
                any_of(
                    lead_rx(
                        r"\b(?:create|creates|apply|applies|update|updates|deploy|deploys)\b[^.\n]{0,60}\bfrom\s+(?:an?\s+|the\s+)?"
                        r"(?:ya?ml|json|kubernetes|k8s)\s+manifests?\b",
                        needles=("manifest",),
                    ),
                    # "Deploy a Bicep template to Azure Resource Manager", "Create a Kubernetes resource from JSON or YAML": the
                    # caller's template or resource definition becomes infrastructure as written.
                    lead_rx(
                        r"^\W*(?:deploy|deploys|apply|applies)\s+(?:an?\s+|the\s+|any\s+)?(?:arbitrary\s+)?(?:bicep|arm|"
                        r"cloudformation|pulumi|terraform|helm|kubernetes|k8s|infrastructure|iac)\s+(?:templates?|stacks?|"
                        r"charts?|manifests?|configurations?|code)\b"
                        r"|^\W*(?:create|creates|apply|applies)\s+(?:an?\s+|any\s+)?(?:kubernetes\s+|k8s\s+)?(?:resources?|objects?)\s+"
                        r"from\s+(?:the\s+|raw\s+)?(?:ya?ml|json)\b",
                        needles=(
                            "bicep",
                            "arm",
                            "cloudformation",
                            "pulumi",
                            "terraform",
                            "helm",
                            "kubernetes",
                            "k8s",
                            "infrastructure",
                            "iac",
                            "yaml",
                            "yml",
                            "json",
                        ),
                    ),
                    all_of(
                        # (`k8s_replace(manifest)`: kubectl replace recreates the resource from the caller's manifest)
                        name_has(W("create update apply upsert deploy replace patch")),
                        prop_named(r"(?:(?:yaml|json|k8s)_?)?manifests?|manifest_?(?:yaml|json|content)"),
                    ),
                    # (round 10n: Coolify `createService(type, ..., docker_compose_raw)`: the raw Compose file is
                    # deployed as written, any image)
                    # Round 8p: a Docker Compose file given as an argument ("Create a new Docker Swarm stack from a
                    # Compose file"): the services it names are pulled and run as written.
                    all_of(
                        name_has(W("create update upsert deploy redeploy replace")),
                        prop_named(
                            r"(?:docker_?)?compose(?:_?(?:file|yaml|yml|content|spec|config|text|raw))?|stack_?file(?:_?content)?"
                        ),
                    ),
                    lead_rx(
                        r"^\W*(?:create|creates|deploy|deploys|update|updates|redeploy|redeploys)\b[^.\n]{0,60}\bstacks?\b"
                        r"[^.\n]{0,30}\bfrom\s+(?:an?\s+|the\s+)?(?:docker[- ])?compose\b",
                        needles=("compose",),
                    ),
                    # CV (qa `set_item_config(fullname, config_xml)` on Jenkins): an existing job's config XML replaced
                    # holds the shell steps its triggers already run, as the caller wrote them (a job created from XML
                    # runs nothing until triggered: the qa labels rate it medium).
                    all_of(
                        name_has(W("update set replace put")),
                        prop_named(r"(?:job_?|item_?)?config_?xml|(?:job_?|pipeline_?)xml|xml_?config"),
                    ),
                    # Round 10j: nomad `register_job(jobHcl, jobJson)` "Submit (create or update) a Nomad job": the job
                    # spec names the images and raw commands the cluster runs.
                    all_of(
                        name_has(W("register submit create update upsert run plan apply")),
                        prop_named(r"job_?(?:hcl|json|spec|yaml|file|definition)"),
                    ),
                    # Round 10j: `patch_deployment(name, patch)`, `patch_resource(kind, name, patch)`: an arbitrary
                    # patch to a live workload can swap its image or command (qa: kubectl_patch, Write/critical).
                    all_of(
                        name_has(["patch"], first=True),
                        prop_named(r"patch|json_?patch|patch_?(?:json|body|data|ops)|json_?content|body"),
                        rx(
                            r"\b(?:kube\w*|k8s|kubectl|deployments?|statefulsets?|daemonsets?|pods?|resources?)\b",
                            ("name", "description", "title", "server"),
                        ),
                    ),
                    # Round 10n: `aws_resource_update(typeName, identifier, patchDocument)` "Update an AWS resource via
                    # Cloud Control API using RFC 6902 JSON Patch": a resource of any type the caller names (IAM roles
                    # and policies, function code) written from the caller's document, as a manifest is applied.
                    all_of(
                        name_has(W("create update patch upsert"), W("resource resources")),
                        prop_named(r"type_?name|resource_?type"),
                        prop_named(r"patch_?document|desired_?state|json_?patch|patch"),
                        rx(r"\bcloud\s*control\b|\bccapi\b", ("description", "title", "server", "name")),
                    ),
                    # Round 10f: `create_workflow_template(name, spec)` "创建新的 Workflow Template": an Argo workflow
                    # (template) is a cluster resource written as the caller's spec, containers and scripts included.
                    all_of(
                        name_has(
                            W("create update upsert apply"),
                            W("workflow workflows cronworkflow cronworkflows"),
                        ),
                        prop_named(r"spec|manifest|(?:workflow|template)_?spec|workflow_?(?:yaml|json)"),
                    ),
                    all_of(
                        name_has(W("create update upsert")),
                        prop_named(r"generators?"),
                        prop_named(r"template|spec"),
                        prop_named(r"sync_?policy"),
                    ),
                ),
                DRY_RUN_NAME,
            ),
            risk="critical",
            flags=("code_execution",),
            writes=True,
            skip_if_readonly=True,
        ),
        # Round 10f: `launch(manifest)` "Submits a new Argo workflow": the workflow the caller wrote runs its containers
        # and scripts on the cluster as soon as it is submitted.
        Rule(
            "exec.workflow_manifest",
            "submits a workflow or job the caller writes as a manifest",
            none_of(
                all_of(
                    any_of(
                        name_has(W("submit launch run start"), first=True),
                        lead_rx(
                            r"^\W*(?:submit|submits|launch|launches|run|runs|start|starts)\s+(?:an?\s+|the\s+)?(?:new\s+)?"
                            r"(?:[\w-]+\s+)?(?:workflows?|jobs?|pipelines?)\b",
                            needles=("workflow", "workflows", "job", "jobs", "pipeline", "pipelines"),
                        ),
                    ),
                    prop_named(r"manifest|workflow_?(?:manifest|yaml|json|spec)|job_?(?:manifest|yaml|spec)"),
                ),
                DRY_RUN_NAME,
            ),
            action="Execute",
            risk="critical",
            flags=("code_execution",),
            skip_if_readonly=True,
        ),
        # Critical: a password argument described as one ("SMTP password") on a tool that adds a configuration.
        Rule(
            "secrets.password_arg",
            "stores a password the caller gives (a credential kept by the server)",
            all_of(
                name_has(W("create add set update put store register configure setup save"), first=True),
                _password_prop,
            ),
            risk="critical",
            flags=("secrets",),
            writes=True,
            skip_if_readonly=True,
        ),
    ]
)

_RECIPIENTS = prop_named(
    r"to|recipients?|receivers?|user_?ids|userid_?list|to_?users?|to_?address(?:es)?|chat_?ids?|open_?ids|emails?_?to"
)

SCHEMA_ARGUMENT_RULES.extend(
    [
        # Comms: a message sent to people named by the schema (the description may be in any language).
        Rule(
            "comms.send_to_recipients",
            "sends a message to the recipients its arguments name",
            all_of(
                name_has(
                    W("send"),
                    W("conversation conversations message messages msg markdown text dm notice"),
                    first=True,
                ),
                _RECIPIENTS,
            ),
            risk="high",
            flags=("open_world",),
            writes=True,
            skip_if_readonly=True,
        ),
        # A delivered message recalled from its recipients is shared data removed (the edge case's remote delete).
        Rule(
            "delete.recall_message",
            "recalls a message already delivered to other people",
            name_has(
                W("recall retract unsend revoke withdraw"),
                W("conversation conversations message messages msg"),
                first=True,
            ),
            risk="high",
            flags=("destructive",),
            writes=True,
            skip_if_readonly=True,
        ),
        # A local directory synchronised to a remote server overwrites the remote copies.
        Rule(
            "delete.sync_to_remote",
            "synchronises a local directory onto a remote server (remote files overwritten)",
            lead_rx(
                r"^\W*(?:sync|syncs|synchroni[sz]e|synchroni[sz]es|mirror|mirrors)\s+(?:an?\s+|the\s+)?(?:local\s+)"
                r"(?:directory|directories|folders?|files?)\s+to\s+(?:an?\s+|the\s+)?(?:remote|\w+\s+remote)\b",
                needles=("sync", "mirror"),
            ),
            risk="high",
            flags=("destructive",),
            writes=True,
            skip_if_readonly=True,
        ),
        # Secrets: mail-server or database configurations read back hold their passwords ("config that may hold
        # credentials": medium).
        Rule(
            "read.credential_configs",
            "reads mail-server or database connection configurations (which may hold their passwords)",
            any_of(
                all_of(
                    name_has(W("get list show read fetch"), W("smtp imap"), first=True),
                    name_has(W("config configs configuration configurations settings accounts")),
                ),
                # Round 9d: SendGrid's `list_mail_settings` "footer, bounce purge, spam check" are a mail service's
                # switches; a mail client's account configs are where its passwords are.
                all_of(
                    name_has(W("get list show read fetch"), W("mail"), first=True),
                    name_has(W("config configs configuration configurations accounts")),
                ),
            ),
            risk="medium",
            flags=("secrets",),
        ),
        # Sensitive records: a payment account's counterparties, and tickets or conversations filtered by a
        # customer's or requester's e-mail (helpdesk records with contact details).
        Rule(
            "read.customer_records",
            "reads payment counterparties or customer tickets and conversations (personal data)",
            any_of(
                # "Fetch the activity stream of a CRM record: posts, emails, status changes": the customer's mail
                lead_rx(
                    r"^\W*(?:get|gets|fetch|fetches|list|lists|retrieve|retrieves|read|reads|show|shows)\s+(?:the\s+)?"
                    r"activity\s+(?:stream|feed|history|timeline)\b[^.\n]{0,80}\be-?mails?\b",
                    needles=("activity",),
                ),
                lead_rx(
                    r"^\W*(?:get|list|fetch|retrieve|search)\w*\s+(?:all\s+)?(?:the\s+)?counterparties\b"
                    r"(?!\s+(?:options|settings|types))",
                    needles=("counterpart",),
                ),
                # "List members in an audience", `bitrix24_get_leads`, `list_contacts`: people's contact records in a
                # CRM, mailing or invoicing account (train: stripe list_customers, moneybird list_contacts, medium)
                none_of(
                    name_has(
                        W("get list search find fetch query export"),
                        W("customer customers contact contacts lead leads subscriber subscribers"),
                        first=True,
                    ),
                    # `list-contact-groups`, `get_lead_fields`: the account's structure, not the people in it;
                    # `get_contact_ids`, `get_contact_information` (the account's own registrant details)
                    name_has(
                        W(
                            "group groups type types field fields property properties tag tags status statuses ids "
                            "information info"
                        )
                    ),
                ),
                lead_rx(
                    r"^\W*(?:list|lists|get|gets|fetch|fetches|retrieve|retrieves|export|exports)\s+(?:all\s+)?(?:the\s+)?"
                    r"(?:members|subscribers|contacts)\s+(?:in|of|from)\s+(?:an?\s+|the\s+)?(?:audience|mailing\s+list|"
                    r"segment|newsletter)s?\b",
                    needles=("members", "subscribers", "contacts"),
                ),
                all_of(
                    name_has(W("get list search find fetch"), W("tickets conversations conversation")),
                    prop_named(r"(?:customer|requester|requestor|contact)_?email|email"),
                ),
            ),
            risk="medium",
            flags=("private_data",),
        ),
        # A message shown on a device's display changes what the device shows (a device write).
        Rule(
            "write.device_display",
            "shows a message on a device's display",
            lead_rx(
                r"^\W*(?:display|displays|show|shows)\s+(?:an?\s+|the\s+)?(?:text\s+|custom\s+)?(?:message|text|notification)s?\s+"
                r"on\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:devices?|clocks?|displays?|screens?|panels?|signs?|matrix)\b",
                needles=("display", "show"),
            ),
            risk="medium",
            writes=True,
            skip_if_readonly=True,
        ),
        # Bookkeeping: text staged in a terminal multiplexer's paste buffer; an application's status refreshed
        # from its source (nothing synced or changed).
        Rule(
            "write.session_buffer",
            "stages text in the session's own buffer or refreshes a cached status",
            none_of(
                any_of(
                    lead_rx(
                        r"^\W*(?:load|loads|set|sets|save|saves)\s+(?:the\s+)?text\s+into\s+(?:an?\s+|the\s+)?(?:new\s+)?"
                        r"(?:[\w-]+\s+){0,2}?(?:paste\s+)?buffers?\b",
                        needles=("buffer",),
                    ),
                    lead_rx(
                        r"^\W*refresh(?:es)?\s+the\s+(?:status|state)\s+of\b[^.\n]{0,80}\bby\s+fetching\b",
                        needles=("refresh",),
                    ),
                ),
                rx(
                    r"\b(?:sync|syncs|deploy\w*|apply|applies)\b",
                    LEAD_FIELDS,
                    lead_only=True,
                    needles=("sync", "deploy", "appl"),
                ),
            ),
            cap_risk="low",
            writes=True,
        ),
    ]
)
