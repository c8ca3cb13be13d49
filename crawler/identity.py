"""Identity keys that join one server across indexes.

Each index spells the same server differently (`https://github.com/Owner/Repo.git`,
`git@github.com:owner/repo`, `@Scope/Pkg@1.2.0`, `mcp/foo:latest`); these functions reduce
them to stable keys such as `repo:github.com/owner/repo`, `npm:@scope/pkg`, `pypi:name`,
`oci:docker.io/mcp/foo`. The store decides how strong each key is; this module only
normalises. Everything here is pure string work on hostile input: no lookups, no network.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from catalog.models import PackageRef, ServerRecord

# Forges whose paths are /<owner>/<repo>/... and whose names are case-insensitive.
_FORGES = {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com"}
_HOST_ALIASES = {"www.github.com": "github.com", "www.gitlab.com": "gitlab.com"}
_REGISTRY_ALIASES = {
    "npm": "npm",
    "npmjs": "npm",
    "node": "npm",
    "npx": "npm",
    "pypi": "pypi",
    "pip": "pypi",
    "python": "pypi",
    "uvx": "pypi",
    "oci": "oci",
    "docker": "oci",
    "dockerhub": "oci",
    "ghcr": "oci",
    "cargo": "cargo",
    "crates": "cargo",
    "nuget": "nuget",
    "mcpb": "mcpb",
}
_DOCKER_HUB = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "hub.docker.com"}
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?([\w.-]+\.[a-z]{2,}):(?!//)(.+)$", re.IGNORECASE)
_PEP503 = re.compile(r"[-_.]+")
_PYPI_SPEC = re.compile(r"\s*(\[.*\])?\s*(===|==|~=|!=|>=|<=|>|<|@).*$")
_MAX_KEY_CHARS = 300
_SAFE_PART = re.compile(r"^[\w.~@+-]+$")
_OFFICIAL_GITHUB_NAME = re.compile(r"^io\.github\.([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)$")


def normalize_repo_url(url: str | None) -> str | None:
    """`https://GitHub.com/Owner/Repo.git/tree/main/x` → `github.com/owner/repo`; None if not a repo URL."""
    if not url or not isinstance(url, str):
        return None
    text = url.strip()
    if not text or len(text) > 2000 or any(c.isspace() for c in text):
        return None
    if text.lower().startswith("git+"):
        text = text[4:]
    scp = _SCP_LIKE.match(text)
    if scp and "://" not in text:
        text = f"ssh://{scp.group(1)}/{scp.group(2)}"
    elif "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https", "ssh", "git"} or "." not in host:
        return None
    host = _HOST_ALIASES.get(host, host)
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return None
    if host in _FORGES:
        if len(segments) < 2:
            return None  # a user/org page, not a repository
        # GitLab groups nest (`group/sub/repo`); everything before `/-/` is the project path.
        if host == "gitlab.com" and "-" in segments:
            segments = segments[: segments.index("-")]
        elif host != "gitlab.com":
            segments = segments[:2]
        segments = [s.lower() for s in segments]
    segments[-1] = segments[-1].removesuffix(".git")
    if not all(_SAFE_PART.match(s) for s in segments) or not segments[-1]:
        return None
    key = f"{host}/{'/'.join(segments)}"
    return key if len(key) <= _MAX_KEY_CHARS else None


def _normalize_npm(identifier: str) -> str | None:
    name = identifier.strip()
    if name.lower().startswith("npm:"):
        name = name[4:]
    # Drop a trailing version: `@scope/pkg@1.2.3`, `pkg@latest` (the scope's own @ stays).
    at = name.find("@", 1)
    if at > 0:
        name = name[:at]
    name = name.lower()
    if not re.fullmatch(r"(@[a-z0-9][\w.~-]*/)?[a-z0-9_][\w.~-]*", name):
        return None
    return name


def _normalize_pypi(identifier: str) -> str | None:
    name = _PYPI_SPEC.sub("", identifier.strip())
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", name):
        return None
    return _PEP503.sub("-", name).lower()


def _normalize_oci(identifier: str) -> str | None:
    ref = identifier.strip().lower()
    for prefix in ("docker://", "oci://", "https://", "http://"):
        ref = ref.removeprefix(prefix)
    ref = ref.split("@", 1)[0]  # digest
    parts = ref.split("/")
    # A tag is a `:` in the last path part (a `:` in the first part is a registry port).
    if ":" in parts[-1]:
        parts[-1] = parts[-1].split(":", 1)[0]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        registry, path = parts[0], parts[1:]
    else:
        registry, path = "docker.io", parts
    if registry in _DOCKER_HUB:
        registry = "docker.io"
        if len(path) == 1:
            path = ["library", *path]
    if not path or not all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", p) for p in path):
        return None
    return f"{registry}/{'/'.join(path)}"


def normalize_package(registry: str, identifier: str) -> str | None:
    """`("npm", "@Scope/Pkg@1.0")` → `npm:@scope/pkg`; None when the identifier is unusable."""
    if not registry or not identifier or len(identifier) > 500:
        return None
    kind = _REGISTRY_ALIASES.get(registry.strip().lower())
    if kind == "npm":
        name = _normalize_npm(identifier)
    elif kind == "pypi":
        name = _normalize_pypi(identifier)
    elif kind == "oci":
        name = _normalize_oci(identifier)
    elif kind in {"cargo", "nuget"}:
        name = identifier.strip().lower()
        name = name if re.fullmatch(r"[a-z0-9][\w.-]*", name) else None
    elif kind == "mcpb":
        # An MCP bundle is identified by its download URL; a repo release URL says little more.
        name = identifier.strip()
        name = name if name.startswith("https://") and not any(c.isspace() for c in name) else None
    else:
        return None
    if not name:
        return None
    key = f"{kind}:{name}"
    return key if len(key) <= _MAX_KEY_CHARS else None


def package_key(ref: PackageRef) -> str | None:
    return normalize_package(ref.registry, ref.identifier)


def identity_keys(record: ServerRecord) -> list[str]:
    """Keys of one source record, strongest-looking first: packages, then the repository.

    When a record names no repository, an official-registry name `io.github.<owner>/<repo>`
    stands in for it (the registry verified that namespace against the GitHub account).
    """
    keys: list[str] = []
    for ref in record.packages:
        key = package_key(ref)
        if key:
            keys.append(key)
    repo = normalize_repo_url(record.repository_url)
    if repo is None:
        m = _OFFICIAL_GITHUB_NAME.match(record.name) or _OFFICIAL_GITHUB_NAME.match(record.source_id)
        if m:
            repo = normalize_repo_url(f"https://github.com/{m.group(1)}/{m.group(2)}")
    if repo:
        keys.append(f"repo:{repo}")
    seen: set[str] = set()
    return [k for k in keys if not (k in seen or seen.add(k))]
