"""Critical by what a generic call reaches: the rubric's critical list read off the target, not the verb.

A generic API request is Execute/high when it reaches one vendor's ordinary API (the lead's one-vendor
rule), but the rubric makes arbitrary execution on a host, cluster or cloud account critical, and so is
moving money: a raw request to the Docker daemon, the Kubernetes API server, a cloud provider's API or a
payments API can do either in one call. Likewise a container run from the caller's image is the
caller's code on the host, and a site or service created with the caller's build or start command
deploys the caller's code to a runtime.
"""

from __future__ import annotations

from classifier.lexicon import W
from classifier.rules.execute_rubric import EXECUTE_RUBRIC_RULES
from classifier.rules.execute_workloads import WORKLOAD_RULES
from classifier.rules.matchers import Rule, all_of, any_of, lead_rx, name_has, none_of, prop_named, rx
from classifier.rules.schema_classes import SCHEMA_CLASS_RULES

_GENERIC_REQUEST_RULES = ("exec.dispatch", "exec.http_request", "exec.endpoint_arg")
_by_id = {r.id: r for r in (*WORKLOAD_RULES, *EXECUTE_RUBRIC_RULES, *SCHEMA_CLASS_RULES)}
# The same matchers those rules use, so "a generic request" means one thing everywhere.
_GENERIC_REQUEST = any_of(*(_by_id[i].match for i in _GENERIC_REQUEST_RULES))

# Control planes whose API runs workloads or changes infrastructure (container engines, clusters, clouds, the
# deployment and automation servers that drive them), and payment processors' APIs.
_CONTROL_PLANE = rx(
    r"\b(?:docker\s+(?:engine|daemon|api)|docker|podman|kubernetes|k8s|kube-?apiserver|portainer|proxmox|"
    # (round 10o: Unraid's API runs its Docker containers and VMs)
    r"vsphere|vmware|openshift|rancher|nomad|unraid|aws|amazon\s+web\s+services|azure|gcp|google\s+cloud|"
    r"cloudflare|digitalocean|hetzner|openstack|"
    # deployment and automation servers: their APIs sync workloads into clusters or run scripts on hosts
    r"argo\s?cd|argo\s+workflows|flux\s?cd|spinnaker|jenkins|rundeck|ansible\s+(?:tower|awx)|awx)\b"
    r"|\b(?:braintree|stripe|paypal|adyen|square|razorpay|paystack|mollie|checkout\.com|payments?\s+api)\b",
    # (the text fields alone: then the needles gate the rule, and a vendor's request tool names its vendor)
    ("name", "title", "description"),
    needles=(
        "docker",
        "podman",
        "kube",
        "k8s",
        "portainer",
        "proxmox",
        "vsphere",
        "vmware",
        "openshift",
        "rancher",
        "nomad",
        "unraid",
        "aws",
        "amazon web services",
        "azure",
        "gcp",
        "google cloud",
        "cloudflare",
        "digitalocean",
        "hetzner",
        "openstack",
        "argo",
        "flux",
        "spinnaker",
        "jenkins",
        "rundeck",
        "awx",
        "braintree",
        "stripe",
        "paypal",
        "adyen",
        "square",
        "razorpay",
        "paystack",
        "mollie",
        "checkout.com",
        "payment",
    ),
)

# A GET-only or read-named proxy reads: the generic rules already stand down for those.
_READ_ONLY_PROXY = rx(
    r"\b(?:read[- ]only|get\s+requests?\s+only|only\s+(?:supports?\s+)?get\b)",
    ("description", "title"),
    needles=("read-only", "read only", "only"),
)

_CONTAINER_RUN = any_of(
    name_has(W("run start launch"), W("container containers"), first=True),
    # Round 9v: `create-container(image, ports, environment)` "Create a new standalone Podman container": the
    # labelled Docker and Podman precedents that name an image are critical (the engine runs it once started).
    all_of(
        name_has(["create"], W("container containers"), first=True),
        # (an LXC or Incus system container is a machine made from an OS image, not the caller's program)
        rx(
            r"\b(?:docker|podman|oci)\b",
            ("server", "description", "title"),
            needles=("docker", "podman", "oci"),
        ),
    ),
    name_has(W("container containers docker podman"), W("run launch")),
    lead_rx(
        r"^\W*(?:runs?|launch(?:es)?|starts?)\s+(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+){0,2}?"
        r"(?:docker\s+|podman\s+|oci\s+)?containers?\b",
        needles=("container",),
    ),
)

CRITICAL_TARGET_RULES: list[Rule] = [
    # "Run an ad-hoc Ansible task" with a module argument: any module, `shell` and `command` included, on every
    # host the pattern names.
    Rule(
        "exec.adhoc_hosts",
        "runs an ad-hoc command, module or playbook on the hosts the caller names (commands on remote hosts)",
        any_of(
            lead_rx(
                r"^\W*(?:run|runs|execute|executes)\s+(?:an?\s+)?ad[- ]hoc\s+(?:[\w-]+\s+){0,2}?"
                r"(?:tasks?|commands?|modules?)\b"
                # Round 9v (and the qa precedent `run_playbook`): "Run an Ansible playbook": the caller names the
                # playbook and its variables, and its tasks run as commands on every host of the inventory.
                r"|^\W*(?:run|runs|execute|executes|launch|launches)\s+(?:an?\s+|the\s+)?ansible\s+playbooks?\b",
                needles=("ad-hoc", "hoc", "ansible"),
            ),
            all_of(
                name_has(W("run execute launch"), W("playbook playbooks"), first=True),
                rx(r"\bansible\b", ("server", "description", "title"), needles=("ansible",)),
            ),
        ),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.control_plane_request",
        "sends any request to a container engine, cluster, cloud or payments API (runs workloads or moves money)",
        none_of(all_of(_GENERIC_REQUEST, _CONTROL_PLANE), _READ_ONLY_PROXY),
        action="Execute",
        risk="critical",
        flags=("open_world",),
        skip_if_readonly=True,
    ),
    Rule(
        "exec.container_image",
        "runs a container from the image the caller names (the caller's code on the host)",
        all_of(_CONTAINER_RUN, prop_named(r"(?:image|image_?name|image_?ref|image_?tag|container_?image)")),
        action="Execute",
        risk="critical",
        flags=("code_execution",),
        skip_if_readonly=True,
    ),
    Rule(
        "deploy.container_image",
        "creates or updates a running service from the container image the caller names (the caller's code on a runtime)",
        # "Create a new Cloud Run service ... image: Container image to deploy": the service runs whatever the image holds
        all_of(
            prop_named(r"(?:image|image_?name|image_?ref|image_?uri|image_?url|container_?image)"),
            any_of(
                name_has(
                    W("create update deploy redeploy"),
                    W("service services app apps function functions deployment"),
                    first=True,
                ),
                lead_rx(
                    r"^\W*(?:creates?|updates?|deploys?|redeploys?)\s+(?:an?\s+|the\s+|new\s+|existing\s+)*(?:[\w-]+\s+){0,3}?"
                    r"(?:services?|apps?|applications?|functions?|deployments?)\b",
                    needles=("service", "app", "function", "deployment"),
                ),
            ),
        ),
        risk="critical",
        flags=("code_execution",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "deploy.build_command",
        "creates or deploys an app with the caller's build or start command (the caller's code on a runtime)",
        all_of(
            prop_named(r"(?:build|start|install|run|pre_?deploy)_?(?:command|cmd|script)s?"),
            any_of(
                name_has(W("create deploy launch"), first=True),
                # Round 10j: Railway `service_instance_update(startCommand, buildCommand, ...)`: the running service's
                # commands replaced by the caller's, like deploying them.
                name_has(
                    W("update set configure edit patch"),
                    W(
                        "service services app apps application applications instance instances worker workers function functions"
                    ),
                ),
                lead_rx(
                    r"^\W*(?:creates?|deploys?|launch(?:es)?)\s+(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+){0,3}?"
                    r"(?:sites?|services?|apps?|applications?|functions?|workers?|projects?)\b",
                    needles=("site", "service", "app", "function", "worker", "project"),
                ),
            ),
        ),
        risk="critical",
        flags=("code_execution",),
        writes=True,
        skip_if_readonly=True,
    ),
    Rule(
        "deploy.git_source",
        "creates or deploys an app or service from the Git repository the caller names (the caller's code on a runtime)",
        # Round 8r: Argo CD `create_application(repoURL, path, destServer, destNamespace)`, a static site from a repo:
        # whatever the repository holds is built and run, or applied to the cluster as manifests.
        all_of(
            prop_named(
                r"(?:git_?|github_?|gitlab_?|source_?)?(?:repo|repository)(?:_?(?:url|uri|name))?|git_?(?:url|uri)|repourl"
            ),
            any_of(
                name_has(
                    W("create deploy redeploy launch"),
                    W(
                        "application applications app apps service services site sites deployment deployments "
                        "function functions worker workers"
                    ),
                    first=True,
                ),
                lead_rx(
                    r"^\W*(?:creates?|deploys?|redeploys?|launch(?:es)?)\s+(?:an?\s+|the\s+|new\s+)*(?:[\w-]+\s+){0,3}?"
                    r"(?:services?|apps?|applications?|sites?|deployments?|functions?|workers?)\b",
                    needles=("service", "app", "site", "deployment", "function", "worker"),
                ),
            ),
        ),
        risk="critical",
        flags=("code_execution",),
        writes=True,
        skip_if_readonly=True,
    ),
]
