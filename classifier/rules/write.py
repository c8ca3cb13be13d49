"""High-impact write rules: deploying code, access, outbound messages, infrastructure, tunnels,
pushes to shared repositories."""

from __future__ import annotations

import re

from classifier.heuristic import lead_verb, name_verb
from classifier.lexicon import WRITE_VERBS, W, verb_class
from classifier.rules.contexts import _LOCAL, _TERMINAL_SESSION
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
    schema_quote,
    set_gate,
)

_CC_PROP = prop_named(r"cc(?:_?(?:emails?|email_?addresses|addresses|recipients|list))?|bcc(?:_?\w+)?")


_WRITE_NAME_WORDS = frozenset(w for w in WRITE_VERBS if verb_class(w) == "Write")


def _cc_on_a_write(t) -> Match | None:
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


_OUTPUT_DIR_DESC = re.compile(
    r"\b(?:will\s+be|are|is|gets?)\s+(?:generated|saved|written|created)\s+(?:in|to|into)\s+(?:the\s+)?same\s+"
    r"(?:director(?:y|ies)|folders?)\b",
    re.IGNORECASE,
)


def _output_dir_prop(t) -> Match | None:
    """Round 8: an input file's argument says "Resources will be generated in the same directory": the output
    lands next to it on disk (on a tool whose own text speaks of generating)."""
    if "generat" not in t.low_text:
        return None
    for p in t.props:
        if p.description and "same" in p.description:
            hit = _OUTPUT_DIR_DESC.search(p.description)
            if hit:
                return "input_schema", schema_quote(hit.group())
    return None


# its first test, the same literal in low_text
set_gate(_output_dir_prop, (Gate(always=frozenset({"generat"})),))
_OUTPUT_DIR_PROP = _output_dir_prop

WRITE_RULES: list[Rule] = [
    # Deploying code or applying manifests (in the table right after the destruction rules).
    Rule(
        "deploy.code",
        "deploys caller code or applies manifests to a runtime",
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
            name_has(W("create add invite"), ["sub"], W("account accounts")),
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
            name_has(W("update modify change edit"), W("dns"), first=True),
            rx(
                r"^\W*(?:update|modify|change|edit)s?\s+(?:an?\s+|the\s+)?(?:existing\s+)?dns\s+records?\b",
                ("description", "title"),
                lead_only=True,
                needles=("dns",),
            ),
            # Round 8: "Change the balancing algorithm of a load balancer": where a service's traffic goes.
            lead_rx(
                r"^\W*(?:change|update|set|modify|configure|attach|detach)(?:e?s)?\b[^.\n]{0,60}\bload\s?balancers?\b",
                needles=("balancer",),
            ),
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
    Rule(
        "files.edit",
        "creates and edits files (a multi-operation file editor)",
        rx(
            # "View, create, and edit files", "Create or edit text files": the editing operations decide.
            r"^\W*(?:(?:view|read|open|list)s?\s*,\s*)?(?:create|write)s?\s*(?:,\s*)?(?:and|or|&)?\s*"
            r"(?:edit|modify|update|overwrite)s?\s+(?:\w+\s+){0,2}?files?\b",
            ("description", "title"),
            lead_only=True,
            needles=("file",),
        ),
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "files.output",
        "writes its result to a file or directory on disk",
        any_of(
            # "'outputPath': Path to save a Markdown file", "End a session and generate the test file",
            # "Track progress and update Memory Bank files".
            rx(
                r"\b(?:path|director(?:y|ies)|folder)\s+(?:to|where\s+to)\s+save\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?"
                r"(?:files?|reports?|outputs?|manifests?)\b",
                ("description",),
                needles=("save",),
            ),
            rx(
                r"\band\s+(?:generate|write|save|update)s?\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?files?\b",
                ("description",),
                lead_only=True,
                needles=("file",),
            ),
            # Round 7: "The screenshot is saved to a dated directory in Downloads", "Reads from and writes to file
            # system", "Download and extract a Kaggle dataset", "Scaffold a new iOS project from templates".
            rx(
                r"\b(?:is|are|will\s+be|gets?)\s+saved\s+(?:to|in|into)\s+(?:an?\s+|the\s+|your\s+)?(?:[\w-]+\s+){0,3}?"
                r"(?:director(?:y|ies)|folders?|disk|downloads|files?|paths?|desktop)\b"
                r"|\bwrites?\s+to\s+(?:the\s+)?(?:local\s+)?file ?system\b",
                ("description",),
                needles=("saved", "writes to", "write to"),
            ),
            lead_rx(
                r"^\W*downloads?\s+and\s+(?:extract|unzip|unpack|save|store)s?\b|^\W*scaffold(?:s|ing)?\b"
                # "Download a 3D model from Sketchfab": a model, dataset or video lands on disk, not in the answer.
                r"|^\W*downloads?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:3d\s+models?|datasets?|videos?)\s+from\b",
                needles=("download", "scaffold"),
            ),
            # Round 8: "Returns: Success message with output location", "... with the destination path": the answer is
            # only where the generated files were written.
            rx(
                r"\b(?:success|confirmation)\s+message\s+with\s+(?:the\s+)?(?:destination|output)\s+"
                r"(?:path|location|director(?:y|ies)|folder)\b",
                ("description",),
                needles=("message with",),
            ),
            # "Extract a coredump to a file", "Slice an STL file to generate G-code": the result is written out.
            lead_rx(
                r"^\W*(?:extract|export|dump|save|write|slice|convert)s?\s+(?:an?\s+|the\s+)?[\w-]+\s+(?:files?\s+)?"
                r"(?:(?:to|into)\s+(?:an?\s+)?files?|to\s+generate\s+g-?code)\b",
                needles=("file", "code"),
            ),
        ),
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    # Round 8 (a rule of its own, like comms.cc_recipients)
    Rule(
        "files.output_arg",
        "an input file's argument says the output is generated next to it on disk",
        _OUTPUT_DIR_PROP,
        risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "files.merge",
        "merges files into one output file (a local file written, nothing shared)",
        # Round 7: "Merge JSON files into a one JSON file" is not a git merge into a shared branch.
        rx(
            r"^\W*merges?\s+(?:(?:two|multiple|several|many|the|all|\d+)\s+)?(?:[\w.-]+\s+){0,2}?files?\s+into\b",
            ("description",),
            lead_only=True,
            needles=("files into", "file into"),
        ),
        risk="medium",
        cap_risk="medium",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "files.scaffold",
        "initialises a project folder with template files",
        # "Initializes the .project/ directory with all standard files", "Initialize memory-bank directory and
        # core files": new files from templates, nothing overwritten (the labelled data rates it low).
        rx(
            r"^\W*initiali[sz](?:e|es|ing)\s+(?:an?\s+|the\s+)?(?:new\s+)?\S+\s+(?:directory|folder)\b",
            ("description",),
            lead_only=True,
            needles=("directory", "folder"),
        ),
        cap_risk="low",
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "write.state_verbs",
        "its verb changes state even where the model reads the rest of the name as a read",
        any_of(
            # `archive_list` (a Trello list archived), `draft_email` ("Draft a new email": a draft is saved).
            name_has(W("archive unarchive"), first=True),
            name_has(["draft"], W("email emails mail message messages reply replies"), first=True),
            rx(
                r"^\W*drafts?\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:e-?mails?|messages?|replies|reply)\b"
                # "Injects, manages, and clears chaos faults": a fault injected into a running system.
                r"|^\W*injects?\b[^.\n]{0,40}\b(?:faults?|chaos|failures?|latency)\b",
                ("description",),
                lead_only=True,
                needles=("draft", "inject"),
            ),
            # "Triggers Okta to verify the records ... Okta also provisions and installs a TLS certificate": a check
            # that the vendor acts on (round 6: a Write behind a read-like verb).
            rx(
                r"\btriggers?\s+(?:the\s+)?[\w-]+\s+to\s+(?:verify|provision|issue|install|renew|rotate)\b"
                r"|\bprovisions?\s+and\s+installs?\b",
                ("description",),
                needles=("trigger", "provision"),
            ),
            # Round 7: "Ingests local file into ... knowledge base", "Reprocesses documents that match the filter",
            # "Forget a torrent, keeping the files": stored content is added, rebuilt or dropped.
            rx(
                r"^\W*(?:ingest|re-?sync|re-?index|re-?process)(?:s|es|ed)?\b|^\W*forgets?\s+(?:an?\s+|the\s+)",
                ("description",),
                lead_only=True,
                needles=(
                    "ingest",
                    "resync",
                    "re-sync",
                    "reindex",
                    "re-index",
                    "reprocess",
                    "re-process",
                    "forget",
                ),
            ),
            # `generate_interview_link`: "Creates a new identity verification session": the name's read-like verb
            # names what comes back, the description what the call makes.
            # (the rarer wording first: its needles are the gate)
            all_of(
                rx(
                    r"^\W*creates?\s+(?:an?\s+)?new\b",
                    ("description",),
                    lead_only=True,
                    needles=("create a new", "creates a new", "create new", "creates new", "create an new"),
                ),
                name_has(W("generate get fetch show view"), first=True),
            ),
        ),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "write.listed_actions",
        "one tool with a list of actions, some of which change state",
        # "Manages Cloud Pods with following actions: save, load, delete, reset": the tool takes the highest.
        rx(
            r"\b(?:following|these|the)\s+(?:actions|operations|commands)\s*:\s*[^.\n]{0,80}?"
            r"\b(?:delete|reset|save|create|update|remove|write|set)\b",
            ("description",),
            needles=("actions", "operations", "commands"),
        ),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "code.push",
        "changes code in a shared repository",
        none_of(
            any_of(
                name_has(["push"], first=True), name_has(["create", "update"], ["file", "files"], first=True)
            ),
            _LOCAL,
        ),
        risk="high",
        writes=True,
        skip_if_readonly=True,
    ),
]
