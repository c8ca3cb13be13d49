"""Which stored server a source record belongs to.

Package identifiers (npm, PyPI, OCI image) are strong keys. A repository URL alone is not:
monorepos such as modelcontextprotocol/servers hold dozens of servers, so a repository key
only joins records whose names also agree (`repo:<url>#<name base>`).
"""

from __future__ import annotations

import re

from catalog.models import ServerRecord

_NON_WORD = re.compile(r"[^a-z0-9]+")
_PREFIXES = ("mcp-server-", "server-", "mcp-")
_SUFFIXES = ("-mcp-server", "-server-mcp", "-mcp", "-server", "-official", "-remote")


def name_base(name: str) -> str:
    """'io.github.github/github-mcp-server', 'github-official', 'github' → 'github'."""
    n = _NON_WORD.sub("-", name.lower().rsplit("/", 1)[-1]).strip("-")
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if n.startswith(p) and len(n) > len(p):
                n, changed = n[len(p):], True
        for s in _SUFFIXES:
            if n.endswith(s) and len(n) > len(s):
                n, changed = n[: -len(s)], True
    return n


def _external_keys(record: ServerRecord) -> list[str]:
    try:
        from crawler.identity import identity_keys
    except ImportError:  # the crawler's normaliser is optional for the store
        return [f"{p.registry.lower()}:{p.identifier}" for p in record.packages]
    return list(identity_keys(record))


def record_keys(record: ServerRecord) -> list[str]:
    """Keys in order of strength; the first one already stored decides the server."""
    source_key = f"src:{record.source}:{record.source_id}"
    strong: list[str] = []
    weak: list[str] = []
    base = name_base(record.name)
    for key in _external_keys(record):
        if key.startswith("repo:"):
            weak.append(f"{key}#{base}")
        else:
            strong.append(key)
    seen: set[str] = set()
    ordered = []
    for k in [source_key, *strong, *weak]:
        if k not in seen:
            seen.add(k)
            ordered.append(k)
    return ordered
