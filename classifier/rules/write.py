"""High-impact write rules: deploying code, access, outbound messages, infrastructure, tunnels."""

from __future__ import annotations

from classifier.heuristic import lead_verb, name_verb
from classifier.lexicon import WRITE_VERBS, W, verb_class
from classifier.rules.contexts import _COMMAND_PERMISSION, _TERMINAL_SESSION, DRY_RUN_NAME
from classifier.rules.matchers import (
    TEXT_FIELDS,
    Gate,
    Match,
    Rule,
    all_of,
    any_of,
    enum_value,
    lead_rx,
    name_has,
    none_of,
    prop_named,
    rx,
    set_gate,
)
from classifier.text import ToolText

_CC_PROP = prop_named(r"cc(?:_?(?:emails?|email_?addresses|addresses|recipients|list))?|bcc(?:_?\w+)?")


_WRITE_NAME_WORDS = frozenset(w for w in WRITE_VERBS if verb_class(w) == "Write")


def _cc_on_a_write(t: ToolText) -> Match | None:
    """Round 8: "Add communication to a support case" with `cc_email_addresses`: the text is mailed to the people
    copied. Only on a tool whose name verb is a write and whose lead is not a read (a mail search filters by cc)."""
    if _WRITE_NAME_WORDS.isdisjoint(t.name_words):
        return None
    # a cheap look at the argument names before the pattern
    for p in t.props:
        if p.name[:2].lower() in ("cc", "bc"):
            break
    else:
        return None
    hit = _CC_PROP(t)
    if hit is None:
        return None
    nv, _ = name_verb(t)
    lv, _ = lead_verb(t)
    if nv != "Write" or lv == "Read":
        return None
    return hit


# its first test: a write verb among the name's words
set_gate(_cc_on_a_write, (Gate(names=_WRITE_NAME_WORDS),))


# Words of a cloud account or a hypervisor: where a volume, network or port is infrastructure others run on.
_CLOUD_CONTEXT = rx(
    r"\b(?:cloud|aws|ec2|amazon|azure|gcp|google\s+cloud|compute\s+engine|hetzner|digitalocean|droplets?|openstack|"
    r"nova|neutron|scaleway|civo|linode|akamai|vultr|ovh|upcloud|exoscale|oci|oracle\s+cloud|alibaba|aliyun|tencent|"
    r"libvirt|proxmox|vmware|vsphere|esxi|hyper-v|kvm|qemu|xen|virtual\s+machines?|vms?|infrastructure|iaas|"
    r"datacenter|data\s+center|"
    # platforms that host the caller's services (their volumes and environments are the same kind of resource)
    r"railway|render\.com|fly\.io|heroku|koyeb|northflank|coolify|dokku|caprover)\b",
    ("name", "title", "description", "server"),
)

WRITE_RULES: list[Rule] = [
    # Deploying code or applying manifests (in the table right after the destruction rules).
    Rule(
        "deploy.code",
        "deploys caller code or applies manifests to a runtime",
        none_of(
            any_of(
                none_of(
                    name_has(
                        ["deploy"],
                        W(
                            "function functions code app application service manifest chart stack html site website "
                            "folder directory zip file files container image plugin theme"
                        ),
                    ),
                    # `get_deploy_for_site`, `site_deploy_status` read about a deploy.
                    name_has(W("get list show describe status fetch read search view check logs")),
                ),
                # Applying a manifest or installing a chart runs whatever workload the caller describes.
                name_has(W("apply install upgrade deploy"), W("manifest manifests chart charts helm yaml")),
                name_has(["apply"], W("kubectl k8s kubernetes kustomize")),
                # Round 8: infrastructure as code applied ("apply_terraform", "Apply Terraform changes", "pulumi up").
                name_has(W("apply up deploy"), W("terraform tf pulumi cdk opentofu tofu cloudformation")),
                lead_rx(
                    r"^\W*(?:apply|applies|run\s+(?:a\s+)?terraform\s+apply)\b[^.\n]{0,30}\b(?:terraform|opentofu|pulumi)\b",
                    needles=("terraform", "opentofu", "pulumi"),
                ),
                # Round 8: "update_function_code": new code for a serverless function replaces what it runs.
                name_has(
                    W("update put upload replace publish"), W("function functions lambda"), W("code source")
                ),
                # Round 8u: "Update an existing function's source code": the same, said in the description.
                lead_rx(
                    r"^\W*(?:update|updates|replace|replaces|upload|uploads|publish|publishes|set|sets)\s+(?:an?\s+|the\s+)?"
                    r"(?:existing\s+)?(?:[\w-]+\s+)?(?:functions?|lambdas?|workers?|serverless\s+functions?)(?:['’]s?)?\s+"
                    r"(?:source\s+)?code\b",
                    needles=("code",),
                ),
                # Round 9v: `deploy_project(projectName, repositoryUrl)` "Deploy a project to Vercel": the repository's code
                # is built and served (a redeploy with no source argument is not this).
                all_of(
                    name_has(
                        W("deploy redeploy"), W("project projects repo repository repositories"), first=True
                    ),
                    prop_named(r"(?:\w+_)?(?:repo|repository|git|github|source)_?(?:url|uri|link)?"),
                ),
                # Round 10b: `deploy_to_amplify(project_path)` "Deploy a project to AWS Amplify": the local project's
                # code is uploaded, built and served (train: koyeb `deploy(path)`, critical).
                all_of(
                    any_of(
                        name_has(W("deploy redeploy"), W("project projects app apps"), first=True),
                        lead_rx(
                            r"^\W*deploy(?:s|ing)?\s+(?:an?\s+|the\s+|your\s+)?(?:local\s+)?(?:[\w-]+\s+)?"
                            r"(?:projects?|apps?|applications?)\b",
                            needles=("deploy", "deploys", "deploying"),
                        ),
                    ),
                    prop_named(
                        r"(?:project|local|source|app)_?(?:path|dir|directory|folder)|path|directory|folder"
                    ),
                ),
                # Round 9v: `workers_script_upload(script_name, script_content)` "Create or update a Cloudflare Worker
                # script": the code the caller passes becomes the live worker.
                all_of(
                    name_has(W("worker workers")),
                    name_has(W("upload put update create deploy publish replace")),
                    prop_named(r"(?:script|worker|function)?_?(?:content|code|source|body|script)"),
                ),
                # "k8s" splits into k / 8 / s as name tokens, so the word is matched in the name itself
                rx(r"(?<![a-z0-9])k8s[\W_]*apply(?![a-z])|(?<![a-z])apply[\W_]*k8s(?![a-z0-9])", ("name",)),
                rx(
                    r"\bdeploy\w*\s+(?:an?\s+|the\s+|new\s+)?(?:\w+\s+)?(?:functions?|code|apps?|applications?)\b"
                    # "Deploy HTML content to ...", "Deploy a local folder / a container image / a static website
                    # to ...": the caller's files or image become what the platform serves or runs.
                    r"|^\W*(?:\w+ly\s+)?deploy(?:s|ing)?\s+(?:an?\s+|the\s+|new\s+|built\s+)?(?:[\w-]+\s+){0,2}?"
                    r"(?:html|static\s+(?:site|website)s?|websites?|folders?|director(?:y|ies)|files?|"
                    r"container\s+images?|images?|plugins?|themes?|workers?|zip)\b"
                    r"|\bapply\w*\s+(?:an?\s+|the\s+|arbitrary\s+)?(?:(?:kubernetes|k8s|yaml|json|helm)\s+){0,2}"
                    r"(?:manifests?|charts?|resources? from yaml|yaml|configuration from (?:a\s+)?(?:yaml|file))\b"
                    r"|\b(?:install|upgrade)\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:helm\s+)?(?:charts?|helm releases?)\b",
                    TEXT_FIELDS,
                    lead_only=True,
                ),
                # "Deploys or destroys AWS infrastructure using CDK or Terraform": the caller's infrastructure code
                # (a CDK app, Terraform provisioners) runs and provisions what it describes.
                rx(
                    r"^\W*deploy\w*\b[^.\n]{0,60}\b(?:using|with|via)\s+(?:the\s+)?(?:aws\s+)?(?:cdk|terraform|pulumi|"
                    r"cloudformation|opentofu)\b",
                    ("description", "title"),
                    lead_only=True,
                    needles=("cdk", "terraform", "pulumi", "cloudformation", "opentofu"),
                ),
            ),
            DRY_RUN_NAME,
        ),
        risk="critical",
        flags=("code_execution",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "deploy.promote",
        "promotes an existing build or release to a later pipeline stage (production)",
        any_of(
            name_has(
                W("promote promotion"),
                W(
                    "app apps pipeline pipelines deployment deployments release releases rollout rollouts stage build"
                ),
            ),
            rx(
                r"^\W*promot(?:e|es|ing)\b[^.\n]{0,40}\b(?:pipelines?|stages?|production|releases?|deployments?|rollouts?)\b",
                ("description", "title"),
                lead_only=True,
                needles=("promot",),
            ),
        ),
        risk="high",
        flags=("admin",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "write.merge_code",
        "merges a pull request or branch into a shared branch (hard to undo once others build on it)",
        # Round 9m/9n: `gitlab_merge_mr`, `mergePullRequest` (precedents merge_pull_request and merge_dolt_branch:
        # Write/high); merging cells, files or memories is a local edit.
        any_of(
            name_has(["merge"], W("pull pr prs pullrequest pullrequests mr mrs branch branches")),
            lead_rx(
                r"^\W*merges?\s+(?:an?\s+|the\s+)?(?:specified\s+|given\s+|open\s+)?(?:pull\s+requests?|merge\s+requests?|"
                r"prs?|mrs?|(?:[\w-]+\s+)?branch(?:es)?\s+into)\b",
                needles=("merge",),
            ),
        ),
        risk="high",
        writes=True,
        skip_if_readonly=True,
    ),
    # Other high-impact writes.
    Rule(
        "access.change",
        "changes access control or membership",
        any_of(
            name_has(
                W("add remove invite grant revoke"),
                W(
                    "member members permission permissions role roles access restriction restrictions collaborator "
                    "collaborators team teams user users"
                ),
            ),
            name_has(
                W("set update change assign"),
                W("permission permissions role roles access restriction restrictions"),
            ),
            rx(
                # (not "role-based messages": a chat message's role, not an access role)
                r"^\s*(?:add|remove|invite|grant|revoke|set|update|change)s?\b[^.\n]{0,40}\b(?:permissions?|roles?|"
                r"access|restrictions?|collaborators?|members?)\b(?![- ]based)",
                ("description",),
                lead_only=True,
            ),
            # Round 6: a sign-on/authentication policy rule of an identity provider decides who gets in, and a new
            # operator or sub-account of a merchant account is a new login with access to it.
            all_of(
                name_has(
                    W("create add update delete activate deactivate replace"),
                    W("policy policies"),
                    W("rule rules"),
                ),
                rx(
                    r"\b(?:okta|auth0|keycloak|iam|sso|idp|identity|sign-?on|authenticat\w*|mfa|login)\b",
                    ("server", "description", "title"),
                ),
            ),
            _COMMAND_PERMISSION,
            name_has(W("create add invite"), ["sub"], W("account accounts")),
            # A user created in an identity provider is a new login to every app it fronts (the labelled Keycloak and
            # Jenkins precedents are high or worse; a CRM's or a shop's user is an ordinary record).
            all_of(
                name_has(W("create add invite register provision"), W("user users"), first=True),
                rx(
                    r"\b(?:realms?|keycloak|okta|auth0|zitadel|authentik|entra|azure\s+ad|active\s+directory|ldap|"
                    r"cognito|fusionauth|identity\s+providers?|idp|sso|jenkins)\b",
                    ("server", "description", "title"),
                    needles=(
                        "realm",
                        "keycloak",
                        "okta",
                        "auth0",
                        "zitadel",
                        "authentik",
                        "entra",
                        "azure",
                        "active",
                        "ldap",
                        "cognito",
                        "fusionauth",
                        "identity",
                        "idp",
                        "sso",
                        "jenkins",
                    ),
                ),
            ),
            name_has(W("create add invite"), W("subaccount subaccounts operator operators")),
            lead_rx(
                r"^\W*(?:create|add|invite)s?\s+(?:an?\s+|new\s+|the\s+)*(?:operators?|sub-?accounts?)\s+(?:for|to|in|of)\b",
                needles=("operator", "account"),
            ),
            # "Links an email address to an account for ... account recovery": whoever owns the address can
            # take the account over.
            rx(
                r"^\W*(?:link|set|add|update|change|replace)s?\b[^.\n]{0,80}\b(?:account\s+recovery|"
                r"recovery\s+(?:e-?mail|phone|address))\b",
                ("description",),
                lead_only=True,
                needles=("recovery",),
            ),
            # Round 8: network access rules (a firewall, a security group's ingress) and a bucket's policy or ACL decide
            # who can reach or read what.
            name_has(
                W("create update delete add remove modify set put authorize revoke change"),
                W("firewall firewalls securitygroup securitygroups ingress egress"),
            ),
            name_has(
                W("create update delete add remove modify set put authorize revoke change"),
                ["security"],
                W("group groups rule rules"),
            ),
            name_has(W("set put update delete"), W("bucket buckets"), W("policy acl acls")),
            # an account disabled, suspended or banned loses its access; a repository or domain handed to another owner
            name_has(
                W("disable suspend deactivate ban unban reactivate unsuspend"),
                W("user users account accounts member members"),
            ),
            name_has(
                ["transfer"],
                W("repository repositories repo repos ownership domain domains project projects"),
            ),
            # a file shared with anyone who has the link, a resource made public
            all_of(
                name_has(W("share update set change"), first=True),
                enum_value(
                    r"(?:\w+_)?(?:type|visibility|access|privacy|scope|audience|acl)",
                    r"^(?:anyone|public|public-read)$",
                ),
            ),
            # Round 8: "Attach a managed policy to an IAM user": a permissions policy on a principal.
            lead_rx(
                r"^\W*(?:attach|detach|put|add|remove|apply)(?:e?s)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?polic(?:y|ies)\s+"
                r"(?:to|from|on)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:users?|roles?|groups?|principals?|"
                r"service\s+accounts?)\b",
                needles=("polic",),
            ),
            # "Edit a branch protection rule": who may push or merge to a branch.
            name_has(
                W("create add edit update set change modify delete remove disable enable"),
                W("branch branches"),
                W("protection protections"),
            ),
            lead_rx(
                r"^\W*(?:create|add|edit|update|set|change|modify|delete|remove|disable|enable)(?:e?s|d)?\s+"
                r"(?:an?\s+|the\s+)?(?:[\w-]+\s+)?branch\s+protections?\b",
                needles=("protection",),
            ),
            # "'join' adds you to a group ... 'leave' removes you": the caller's own group membership changes.
            rx(
                r"\b(?:add|adds|adding)\s+(?:yourself|you|the\s+(?:current|authenticated)\s+user)\s+to\s+(?:an?\s+|the\s+)?"
                r"(?:user\s?)?groups?\b|\bjoin\s*/\s*leave\s+(?:user\s?)?groups?\b",
                ("description",),
                needles=(
                    "yourself",
                    "adds you",
                    "add you",
                    "current user",
                    "authenticated user",
                    "join/leave",
                    "join / leave",
                ),
            ),
        ),
        risk="high",
        flags=("admin",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "comms.external",
        "sends a message to people (email, SMS, paging, status page)",
        none_of(
            any_of(
                rx(
                    r"^\s*(?:send|post|publish|page|notify|broadcast|email|text)s?\b[^.\n]{0,40}\b(?:emails?|e-mails?|sms|"
                    r"text messages?|slack|messages?|notifications?|status pages?|tweets?|responders?|on-call|signals?|"
                    r"channels?)\b"
                    # "Make an automated phone call", "Place an outbound voice call to a number".
                    r"|^\W*(?:make|place|initiate|start|dial)s?\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?"
                    r"(?:phone|voice|telephone)\s+calls?\b",
                    ("description", "title"),
                    lead_only=True,
                ),
                name_has(
                    ["send", "post", "publish"],
                    W("email emails sms message messages notification tweet status"),
                    first=True,
                ),
                name_has(["add"], ["responders", "responder"]),
                # Round 8: a post on a public social platform, a saved draft sent, a broadcast composed and sent.
                lead_rx(
                    r"^\W*(?:create|submit|publish|share|write|make)s?\s+(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+)?"
                    r"(?:posts?|tweets?|toots?|status\s+updates?)\s+(?:on|to|in)\s+(?:an?\s+|the\s+|your\s+)?(?:linkedin|"
                    r"reddit|subreddits?|twitter|x|bluesky|mastodon|facebook|instagram|threads|tiktok|youtube|hacker\s+news|"
                    r"product\s+hunt|farcaster|nostr)\b",
                    needles=("post", "tweet", "toot", "status"),
                ),
                # Stop 20 (QA rounds, out-of-fold): "Publish a project's video to YouTube", "Create a new toot (status) on
                # Mastodon": whatever is published on a public platform reaches its audience.
                lead_rx(
                    r"^\W*(?:create|submit|publish|share|write|make|upload|post)(?:e?s)?\s+(?:an?\s+|the\s+|new\s+|your\s+)*"
                    r"(?:[\w'’-]+\s+){0,3}?(?:\([^)]{0,30}\)\s+)?(?:to|on)\s+(?:an?\s+|the\s+|your\s+|(?:the\s+)?user'?s\s+)?"
                    r"(?:linkedin|reddit|subreddits?|twitter|x|bluesky|mastodon|facebook|instagram|threads|tiktok|youtube|"
                    r"hacker\s+news|product\s+hunt|farcaster|nostr|medium|substack|pinterest|tumblr|telegram\s+channels?)\b",
                    needles=(
                        "linkedin",
                        "reddit",
                        "twitter",
                        "x",
                        "bluesky",
                        "mastodon",
                        "facebook",
                        "instagram",
                        "threads",
                        "tiktok",
                        "youtube",
                        "hacker",
                        "hunt",
                        "farcaster",
                        "nostr",
                        "medium",
                        "substack",
                        "pinterest",
                        "tumblr",
                        "telegram",
                    ),
                ),
                name_has(["send"], ["draft", "drafts"]),
                lead_rx(
                    r"^\W*(?:create|compose|draft|schedule)s?\s+and\s+(?:send|publish|post|broadcast)s?\b[^.\n]{0,40}\b"
                    r"(?:e-?mails?|messages?|broadcasts?|campaigns?|newsletters?|notifications?|sms|subscribers|recipients)\b",
                    needles=(" and ",),
                ),
                # `make_call`, `phone_make_call`, `place_call` place a phone call (an API call is not one).
                none_of(
                    name_has(W("make place initiate dial start"), W("call phone")),
                    name_has(W("api http rest request graphql function tool method rpc")),
                ),
                # (round 8e: a status page created empty posts nothing; a post, incident or update created on one does)
                rx(
                    r"^\s*(?:create|post|publish|send)s?\b(?!\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:\(?empty\)?\s+)?status\s+pages?\b"
                    r"(?!\s+(?:posts?|incidents?|updates?|messages?|notices?)))"
                    r"[^.\n]{0,40}\bstatus page",
                    ("description", "title"),
                    lead_only=True,
                    needles=("status page",),
                ),
                # "Reply to a specific message thread in Slack": a chat or mail reply reaches other people
                # (a comment reply in a repository or wiki stays a shared-tracker edit).
                rx(
                    r"^\W*(?:reply|replies|respond)\s+to\b[^.\n]{0,60}\b(?:slack|discord|telegram|teams|whatsapp|"
                    r"signal|chat|channels?|dms?|direct messages?|e-?mails?|mail)\b",
                    ("description", "title"),
                    lead_only=True,
                    needles=("reply to", "replies to", "respond to"),
                ),
                name_has(["reply"], W("email emails mail dm dms")),
                # "Use this tool when you need to send invitation emails": the invitee receives an email.
                none_of(
                    rx(
                        r"\bsend\w*\s+(?:an?\s+|the\s+)?invitations?(?:\s+e-?mails?)?\b"
                        r"|\bwill\s+receive\s+an?\s+(?:e-?mail|invitation)\b",
                        TEXT_FIELDS,
                        needles=("invitation",),
                    ),
                    name_has(
                        W("get list search find read fetch show describe count revoke delete"), first=True
                    ),
                ),
            ),
            # A notification on the user's own desktop ("Send a notification on macOS using osascript")
            # reaches nobody else.
            rx(
                r"\b(?:on macos|on (?:the|your) desktop|desktop notifications?|system notifications?|osascript|"
                r"notify-send|toast notifications?|native\s+(?:macos\s+|windows\s+|linux\s+)?notifications?|"
                r"(?:macos|windows|linux)\s+notifications?)\b",
                ("description", "title"),
            ),
        ),
        risk="high",
        flags=("public_sink",),
        # (round 9a: "Make a phone call via Twilio": a message or a call sent is a Write, whatever the model learned
        # from the voice and media tools that run models)
        action="Write",
        writes=True,
        skip_if_readonly=True,
    ),
    # Round 8 (a rule of its own: schema properties have no literal gate, and the rule above keeps its gate)
    Rule(
        "comms.cc_recipients",
        "copies people on what it writes (a cc field on a tool that writes)",
        _cc_on_a_write,
        risk="high",
        flags=("public_sink",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "infra.change",
        "changes cloud or cluster infrastructure",
        any_of(
            # (round 8: a terminal multiplexer's workspace of windows is local session state, not infrastructure)
            none_of(
                name_has(
                    W("create update delete attach detach scale pause restore resize"),
                    W(
                        "workspace workspaces cluster clusters instance instances infrastructure vm node nodes"
                    ),
                    first=True,
                ),
                _TERMINAL_SESSION,
            ),
            # Round 8: a workload scaled or restarted ("scale_deployment", "rollout_restart").
            name_has(
                W("scale rollout rollback"),
                W(
                    "deployment deployments statefulset statefulsets replicaset replicasets daemonset service services "
                    "nodepool nodegroup replicas restart undo release releases"
                ),
            ),
            # Round 8: a server or cluster stopped, started, rebooted or terminated changes what is running for
            # everyone who uses it.
            name_has(
                W("terminate stop start reboot restart hibernate"),
                W("instance instances vm vms droplet droplets cluster clusters ec2 server servers"),
                first=True,
            ),
            # Stop 20 (QA rounds, out-of-fold): `create_volume`, `primary_ip_create`, `unassign_floating_ip`,
            # `create_private_network`, `suspend_domain` on a cloud or hypervisor: the rubric's "cloud/cluster
            # infrastructure changes" (billable resources, traffic and downtime for what runs there) in a
            # cloud context, since volumes, networks and ports also exist on a laptop or in a document.
            all_of(
                none_of(
                    name_has(
                        W(
                            "create update modify resize reboot restart stop start suspend resume attach detach assign "
                            "unassign rebuild shutdown poweroff poweron power"
                        ),
                        W(
                            "server servers instance instances vm vms volume volumes network networks subnet subnets "
                            "firewall firewalls loadbalancer loadbalancers balancer ip ips floating port ports droplet "
                            "droplets vpc vpcs domain domains lxc guest guests"
                        ),
                    ),
                    name_has(W("template templates")),
                ),
                _CLOUD_CONTEXT,
            ),
            # Round 7: a namespace is a cluster's only in a cluster context (a knowledge base has namespaces too).
            all_of(
                name_has(W("create update delete"), W("namespace namespaces"), first=True),
                rx(
                    r"\b(?:kubernetes|k8s|kubectl|clusters?|openshift|helm|pods?)\b",
                    ("description", "title", "server"),
                ),
            ),
            # Round 7: "Create a new Cycloid stack from a blueprint": an infrastructure stack provisioned from a
            # template (the name alone is not enough: a "stack variable" of a function frame is no stack of servers).
            lead_rx(
                r"^\W*(?:create|deploy|provision)s?\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:[\w-]+\s+)?stacks?\s+from\s+"
                r"(?:an?\s+|the\s+)?(?:blueprints?|templates?)\b",
                needles=("stack",),
            ),
            # Changing an existing DNS record can send a domain's traffic or mail elsewhere (creating a new one
            # is an additive write).
            # (round 9e: `upsert_dns_record` "Create or update a DNS record" changes the record when it exists)
            name_has(W("update modify change edit upsert patch replace overwrite"), W("dns"), first=True),
            rx(
                r"^\W*(?:update|modify|change|edit|upsert)s?\s+(?:an?\s+|the\s+)?(?:existing\s+)?dns\s+records?\b"
                r"|^\W*creates?\s+or\s+updates?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?dns\s+records?\b",
                ("description", "title"),
                lead_only=True,
                needles=("dns",),
            ),
            # Round 8: "Change the balancing algorithm of a load balancer": where a service's traffic goes.
            lead_rx(
                r"^\W*(?:change|update|set|modify|configure|attach|detach)(?:e?s)?\b[^.\n]{0,60}\bload\s?balancers?\b",
                needles=("balancer",),
            ),
            # Round 8t: `scale` "Scale a Deployment, StatefulSet, or ReplicaSet to a given replica count", "Set the replica
            # count of a deployment": the name alone says nothing; scale to 0 takes the workload offline.
            lead_rx(
                r"^\W*(?:scale|scales)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:deployments?|statefulsets?|replicasets?|"
                r"daemonsets?|workloads?|node\s?pools?|node\s?groups?|clusters?|services?)\b"
                r"|^\W*(?:set|sets|change|changes|update|updates)\s+(?:the\s+)?(?:desired\s+)?replica\s+counts?\b",
                needles=("scale", "replica"),
            ),
            # Round 8t: "Replace a configmap's data": every workload that mounts it changes with it.
            name_has(W("update replace patch edit delete set"), W("configmap configmaps")),
            # "cordon_k8s_node": a node taken out of (or put back into) scheduling, drained or tainted.
            name_has(W("cordon uncordon drain taint untaint"), W("node nodes")),
            lead_rx(
                r"^\W*(?:mark|set)s?\s+(?:an?\s+|the\s+)?nodes?\s+(?:as\s+)?(?:un)?schedulable\b",
                needles=("schedulable",),
            ),
        ),
        risk="high",
        flags=("admin",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "infra.tunnel",
        "opens a tunnel or port forward into a cluster or host (exposes an internal service)",
        any_of(
            name_has(["port", "ports"], ["forward", "forwarding"]),
            name_has(W("open create start"), ["tunnel", "tunnels"]),
            rx(
                r"\b(?:forward\w*|expos\w*)\s+(?:an?\s+|the\s+)?(?:local\s+)?ports?\b|\bport[- ]forward\w*"
                r"|\b(?:opens?|creates?|starts?)\s+(?:an?\s+)?(?:ssh\s+|network\s+)?tunnels?\b",
                TEXT_FIELDS,
                lead_only=True,
            ),
        ),
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
]
