"""Where the site's sources live and how untrusted slugs become paths."""

from __future__ import annotations

import re
from pathlib import Path

from catalog.errors import BadInput

# site/ is data (no Python, DESIGN §1); it sits beside the catalog package in the repo.
SITE_SRC = Path(__file__).resolve().parents[2] / "site"
TEMPLATES_DIR = SITE_SRC / "templates"
ASSETS_DIR = SITE_SRC / "assets"
MKDOCS_YML = SITE_SRC / "mkdocs.yml"

_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,119}")


def safe_segment(slug: str, what: str = "slug") -> str:
    """One path segment we are willing to create under the output folder.

    Slugs come from the store and are meant to be path-safe already; we still refuse
    anything that could leave its folder or hide itself (separators, '..', leading '.').
    """
    if (
        not isinstance(slug, str)
        or "/" in slug
        or "\\" in slug
        or ".." in slug
        or slug.startswith(".")
        or not _SEGMENT.fullmatch(slug)
    ):
        raise BadInput(f"{what} {slug!r:.80}: not a safe path segment; refusing to write it")
    return slug


def root_prefix(rel_dir: str) -> str:
    """Relative prefix from a page folder ('' = site root, 'a/b/' ...) back to the root."""
    depth = rel_dir.strip("/").count("/") + 1 if rel_dir.strip("/") else 0
    return "../" * depth if depth else "./"


def page_file(rel_dir: str) -> str:
    rel = rel_dir.strip("/")
    return f"{rel}/index.html" if rel else "index.html"
