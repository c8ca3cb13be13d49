"""Path-safe slugs for servers and tools.

A slug becomes a directory name under public/, so it must be one safe path segment whatever
a hostile index puts in a server or tool name: no separators, no dot-only names, no
Windows-reserved device names, bounded length.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG_CHARS = 80

# Names that are unsafe as a path segment on some system, or collide with site sections.
_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
    "index", "api", "assets", "search", "pagefind", "policies", "servers", "tools",
    "risk", "category", "changes", "badges", "sitemap", "feed", "404",
}
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def short_hash(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def slugify(text: str, fallback_seed: str | None = None) -> str:
    """Lowercase ASCII words joined by '-'; never empty, never reserved, never traversal."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_SLUG.sub("-", folded).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rstrip("-")
    seed = fallback_seed if fallback_seed is not None else text
    if not slug:
        return f"x-{short_hash(seed or '')}"
    if slug in _RESERVED:
        return f"{slug}-{short_hash(seed or slug, 4)}"
    return slug


def disambiguate(slug: str, seed: str) -> str:
    """A deterministic alternative for a taken slug, derived from the item's identity."""
    base = slug[: MAX_SLUG_CHARS - 9].rstrip("-")
    return f"{base}-{short_hash(seed)}"


def is_safe_segment(slug: str) -> bool:
    return bool(slug) and len(slug) <= MAX_SLUG_CHARS + 9 and re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) is not None
