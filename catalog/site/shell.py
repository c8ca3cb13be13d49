"""The page shell: mkdocs-material builds the hand-written pages and one placeholder page,
whose chrome (header, nav, CSS, JS) then wraps every generated page (sitegen note, hybrid).

The placeholder page sits one folder deep (`_shell/`), so every relative URL in its chrome
starts with `../`; we turn those into a marker and substitute each page's own root prefix.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from catalog.errors import Failure
from catalog.site.paths import MKDOCS_YML, SITE_SRC

SHELL_DIR = "_shell"
_ROOT = "@@ROOT@@"
_ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'
_ARTICLE_CLOSE = "</article>"

# Hand-written pages in nav order; optional ones (dropped in by other parts of the project)
# are listed only when present. Keep this short: every nav entry costs ~400 B on every page.
NAV = [
    ("Home", "index.md"),
    ("About", "about.md"),
    ("Methodology", "methodology.md"),
    ("Accuracy", "methodology-accuracy.md"),
    ("Poisoning checks", "methodology-poisoning.md"),
    ("Rubric", "rubric.md"),
    ("Policy formats", "policies.md"),
    ("API", "api.md"),
    ("Scale out", "scale-out.md"),
]

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">\s*')
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">\s*')
_REL_BARE = re.compile(r'(href|src)="\.\.(?:/)?"')


def csp_for(html_head: str) -> str:
    """A strict policy: same-origin only, inline scripts allowed by hash (Material's tiny
    bootstrap), WebAssembly for pagefind, no inline styles, no plugins, no framing of forms."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(html_head)
    )
    return (
        "default-src 'none'; "
        f"script-src 'self' 'wasm-unsafe-eval'{' ' + hashes if hashes else ''}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )


def head_tags(html: str, canonical: str | None, description: str | None = None) -> str:
    """Meta tags to add right after <meta charset>: CSP (hashing this page's inline scripts),
    canonical URL and description. Values are escaped by the caller's template rules."""
    from markupsafe import escape

    parts = [f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html)}">']
    if canonical:
        parts.append(f'<link rel="canonical" href="{escape(canonical)}">')
    if description:
        parts.append(f'<meta name="description" content="{escape(description)}">')
    return "".join(parts)


def insert_head(html: str, tags: str) -> str:
    marker = '<meta charset="utf-8">'
    idx = html.find(marker)
    if idx < 0:
        raise Failure("page shell: no <meta charset> in the theme's output; the theme changed")
    idx += len(marker)
    return html[:idx] + tags + html[idx:]


@dataclass
class Shell:
    """Chrome around generated content, per root prefix (cached)."""

    prefix_tpl: str
    suffix_tpl: str
    # the site's own description, cut out of the chrome: a page says what it is about itself,
    # and two description tags leave search engines to pick one
    site_description: str | None = None
    _cache: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def parts(self, root: str) -> tuple[str, str, str]:
        """(head-before-meta, head-after-meta+body-open, suffix) for a page whose root is `root`.

        The CSP depends on the inline scripts, which embed the root, so it is computed here."""
        hit = self._cache.get(root)
        if hit is None:
            prefix = self.prefix_tpl.replace(_ROOT, root)
            suffix = self.suffix_tpl.replace(_ROOT, root)
            marker = '<meta charset="utf-8">'
            idx = prefix.index(marker) + len(marker)
            csp = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(prefix + suffix)}">'
            hit = (prefix[:idx] + csp, prefix[idx:], suffix)
            self._cache[root] = hit
        return hit


@dataclass
class MkdocsOutput:
    site_dir: Path  # temporary folder with mkdocs' output (caller removes it)
    shell: Shell
    pages: list[str]  # relative paths of hand-written HTML pages


def _nav(docs: Path) -> list[dict[str, str]]:
    """NAV's pages that exist, then any other top-level page someone dropped into docs/,
    titled by its first heading (so a new page never silently misses the nav)."""
    nav = [{title: name} for title, name in NAV if (docs / name).is_file()]
    known = {name for _, name in NAV}
    for path in sorted(docs.glob("*.md")):
        if path.name in known:
            continue
        heading = next((ln[2:].strip() for ln in path.read_text("utf-8", "replace").splitlines()
                        if ln.startswith("# ")), path.stem.replace("-", " ").title())
        nav.append({heading.split(":")[0][:40]: path.name})
    return nav


def run_mkdocs(base_url: str) -> MkdocsOutput:
    """Build site/ with mkdocs-material into a temp folder and extract the shell."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the EOL notice is known (sitegen note)
    for name in ("mkdocs", "material"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    tmp = Path(tempfile.mkdtemp(prefix="toolrisk-mkdocs-"))
    try:
        cfg = load_config(
            str(MKDOCS_YML),
            site_dir=str(tmp),
            site_url=base_url,
            nav=_nav(SITE_SRC / "docs"),
        )
        build(cfg)
        shell = _cut_shell((tmp / SHELL_DIR / "index.html").read_text("utf-8"))
    except Failure:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as exc:  # mkdocs raises many kinds; the build must fail with one line
        shutil.rmtree(tmp, ignore_errors=True)
        raise Failure(f"mkdocs build of {MKDOCS_YML}: {exc}") from exc
    shutil.rmtree(tmp / SHELL_DIR)
    for leftover in ("sitemap.xml", "sitemap.xml.gz", "404.html"):  # ours replace these
        (tmp / leftover).unlink(missing_ok=True)
    pages = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*.html"))
    return MkdocsOutput(tmp, shell, pages)


def _cut_shell(html: str) -> Shell:
    start = html.find(_ARTICLE_OPEN)
    end = html.rfind(_ARTICLE_CLOSE)
    if start < 0 or end < start or "@@CONTENT@@" not in html[start:end]:
        raise Failure("page shell: the theme's article markup changed; update catalog/site/shell.py")
    prefix = html[: start + len(_ARTICLE_OPEN)]
    suffix = html[end:]
    prefix = _CANONICAL.sub("", prefix)
    description = _DESCRIPTION.search(prefix)
    prefix = _DESCRIPTION.sub("", prefix)
    prefix, suffix = (_squeeze(_relativise(p)) for p in (prefix, suffix))
    if "../" in prefix or "../" in suffix:
        raise Failure("page shell: a relative URL the shell step does not understand; the theme changed")
    if "@@TITLE@@" not in prefix:
        raise Failure("page shell: no title placeholder in the theme's output")
    return Shell(prefix, suffix, html_module.unescape(description.group(1)) if description else None)


def _squeeze(part: str) -> str:
    # The theme's templates leave long runs of blank lines; the shell has no <pre>, so
    # collapsing whitespace between tags is safe and saves ~2 KB on every generated page.
    return re.sub(r">\s+<", "> <", re.sub(r"\n\s*", "\n", part)).replace("> <", ">\n<")


def _relativise(part: str) -> str:
    part = part.replace('"../', f'"{_ROOT}')
    part = _REL_BARE.sub(lambda m: f'{m.group(1)}="{_ROOT}"', part)
    part = part.replace('new URL("..",location)', f'new URL("{_ROOT}",location)')
    part = part.replace('"base": ".."', f'"base": "{_ROOT}"')
    return part
