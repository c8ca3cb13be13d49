"""The built site: paths of DESIGN §6, escaping of hostile tool text, size budgets, sitemap,
robots, 404, canonical URLs, CSP, links and HTML validity of every page."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from site_htmlcheck import check_html

from catalog.errors import BadInput
from catalog.site.build import build_site
from catalog.site.sitemap import MAX_URLS, write_sitemaps
from catalog.site.synthetic import HOSTILE_DESCRIPTIONS, server_views


def _tool_pages(site: Path) -> list[Path]:
    return sorted((site / "tools").glob("*/*/index.html"))


def test_design_paths_exist(built_site: Path):
    views = list(server_views(24, tools_per_server=8, hostile=True))
    for v in views:
        assert (built_site / "servers" / v.slug / "index.html").is_file()
        assert (built_site / "badges" / f"{v.slug}.svg").is_file()
        assert (built_site / "api" / "v1" / "servers" / f"{v.slug}.json").is_file()
        for t in v.tools:
            assert (built_site / "tools" / v.slug / t.tool_slug / "index.html").is_file()
        if any(t.classification for t in v.tools):
            assert list((built_site / "policies" / v.slug).iterdir())
    for rel in ("index.html", "404.html", "robots.txt", "sitemap.xml", "search/index.html", "changes/index.html",
                "risk/index.html", "risk/low/index.html", "category/Destructive/index.html", "sources/index.html",
                "servers/index.html", "about/index.html", "methodology/index.html", "rubric/index.html",
                "api/index.html", "api/v1/index.json", "feed.xml"):
        assert (built_site / rel).is_file(), rel
    assert list((built_site / "pagefind").glob("*/pagefind.js"))
    index = json.loads((built_site / "api" / "v1" / "index.json").read_text())
    assert index["count"] == len(views)


def test_hostile_text_is_escaped_everywhere(built_site: Path):
    card_dir = built_site / "tools" / "server-00"
    text = "\n".join(p.read_text() for p in card_dir.glob("*/index.html"))
    text += (built_site / "servers" / "server-00" / "index.html").read_text()
    assert "window.__xss" in text  # the payloads are on the pages, as text
    assert "<script>window.__xss" not in text
    assert "onerror=\"window" not in text and "<img src=x" not in text
    assert 'href="javascript:' not in text
    assert "<svg onload" not in text
    # the description is shown exactly, as escaped text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text
    # the server whose repository URL is javascript: gets no repository link at all
    s0 = (built_site / "servers" / "server-00" / "index.html").read_text()
    assert ">Repository</a>" not in s0
    assert HOSTILE_DESCRIPTIONS


def test_every_page_is_valid_html(built_site: Path):
    failures = {}
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 200
    for page in pages:
        errors = check_html(page.read_text("utf-8"))
        if errors:
            failures[str(page.relative_to(built_site))] = errors[:3]
    assert not failures, failures


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        for key in ("href", "src"):
            if d.get(key) and not (tag == "link" and d.get("rel") == "canonical"):
                self.urls.append(d[key])


def _resolve(site: Path, page: Path, url: str) -> Path | None:
    base = "http://site/" + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(base, url))
    if parts.netloc != "site":
        return None
    target = site / unquote(parts.path.lstrip("/"))
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def test_every_internal_link_resolves(built_site: Path):
    broken = []
    external = set()
    for page in sorted(built_site.rglob("*.html")):
        if page.name == "404.html" and page.parent == built_site:
            continue  # absolute links from the base path; checked below
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for url in parser.urls:
            if url.startswith(("http://", "https://", "mailto:")):
                external.add(urlsplit(url).netloc)
                continue
            target = _resolve(built_site, page, url)
            if target is None or not target.is_file():
                broken.append((str(page.relative_to(built_site)), url))
    assert not broken, broken[:20]
    # Links out of the site exist only as plain <a> to sources/repositories (no assets).
    assert "fonts.googleapis.com" not in external


def test_no_external_assets_and_strict_csp(built_site: Path):
    for page in [built_site / "index.html", *_tool_pages(built_site)[:5], built_site / "about" / "index.html"]:
        html = page.read_text()
        assert re.search(r'<(script|link|img)[^>]+(src|href)="https?://(?!127\.0\.0\.1)', html.replace(
            'rel="canonical" href="http', 'rel="canonical" data-x="')) is None, page
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert csp, page
        policy = csp.group(1)
        assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "fonts.g" not in html


def test_canonical_and_sitemap(built_site: Path):
    card = _tool_pages(built_site)[0]
    rel = card.parent.relative_to(built_site).as_posix()
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/{rel}/">' in card.read_text()
    sitemap = (built_site / "sitemap.xml").read_text()
    assert f"<loc>http://127.0.0.1:8000/{rel}/</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/about/</loc>" in sitemap
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert "http://127.0.0.1:8000/" in locs and len(locs) == len(set(locs))
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (built_site / "robots.txt").read_text()
    not_found = (built_site / "404.html").read_text()
    assert 'href="/assets/' in not_found and "../" not in not_found


def test_every_page_has_one_description_and_a_plain_title(built_site: Path):
    # the theme's site-wide description is cut from the generated pages' chrome; a card or
    # server page describes itself, other pages fall back to the site's description
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        descriptions = re.findall(r'<meta name="description" content="([^"]*)"', html)
        assert len(descriptions) == 1 and descriptions[0].strip(), page
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert title.count("toolrisk") <= 1 or title.startswith("toolrisk"), (page, title)
    card = (_tool_pages(built_site)[0]).read_text("utf-8")
    assert "An open risk catalog for MCP tools" not in card


def test_page_size_budget(built_site: Path):
    for page in _tool_pages(built_site):
        data = page.read_bytes()
        assert len(data) <= 30 * 1024, (page, len(data))
        assert len(gzip.compress(data, 6)) <= 6 * 1024, page


class _FakePub:
    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def write_text(self, rel: str, text: str) -> None:
        self.files[rel] = text


def test_sitemap_index_beyond_50000_urls():
    pub = _FakePub()
    n = write_sitemaps(pub, "https://example.org/", [(f"tools/s/t{i}", None) for i in range(MAX_URLS + 5)])
    assert n == 3
    assert "<sitemapindex" in pub.files["sitemap.xml"]
    assert pub.files["sitemap.xml"].count("<sitemap>") == 2
    assert pub.files["sitemaps/sitemap-1.xml"].count("<url>") == MAX_URLS
    assert pub.files["sitemaps/sitemap-2.xml"].count("<url>") == 5
    small = _FakePub()
    assert write_sitemaps(small, "https://example.org/", [("a", None)]) == 1
    assert "<urlset" in small.files["sitemap.xml"]


@pytest.mark.parametrize("slug", ["../evil", ".hidden", "a/b", "x..y"])
def test_unsafe_slugs_are_refused_and_nothing_is_published(tmp_path: Path, slug: str):
    out = tmp_path / "public"
    build_site(lambda: server_views(2, 2), out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    views = list(server_views(2, 2))
    views[1] = views[1].model_copy(update={"slug": slug})
    with pytest.raises(BadInput, match="not a safe path segment"):
        build_site(views, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert not list(tmp_path.glob(".public.staging-*"))


def test_base_url_is_checked(tmp_path: Path):
    with pytest.raises(BadInput, match="base-url"):
        build_site([], tmp_path / "o", base_url="javascript:alert(1)")


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path: Path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(BadInput, match="did not build"):
        build_site(lambda: server_views(1, 1), out)
    assert (out / "thesis.tex").read_text() == "years of work"


def test_card_snippets_are_the_policy_modules_one_tool_documents(built_site: Path):
    """Every FAQ snippet is exactly policies.tool_snippet() for the format its question names."""
    import html as htmllib

    from catalog import policies
    from catalog.site.synthetic import server_views as views

    v = next(iter(views(24, tools_per_server=8, hostile=True)))
    t = next(t for t in v.tools if t.classification is not None)
    page = (built_site / "tools" / v.slug / t.tool_slug / "index.html").read_text()
    pserver = policies.policy_server(v)
    for fmt, info in policies.FORMATS.items():
        assert f"How do I enforce this in {htmllib.escape(info.label)}?" in page
        expected = policies.tool_snippet(fmt, pserver, t.definition, t.classification)
        assert f"<pre><code>{htmllib.escape(expected, quote=True)}</code></pre>" in page or \
            f"<pre><code>{htmllib.escape(expected, quote=False)}</code></pre>" in page.replace("&#34;", '"').replace("&#39;", "'"), fmt


def test_a_monster_tool_card_stays_within_budget(tmp_path: Path):
    """A tool with a 20,000-character description, 300 parameters and a long history still
    gets a card within 30 KB / 6 KB gzipped, saying where the rest is."""
    from datetime import timedelta

    from catalog.models import ToolDefinition
    from catalog.views import ToolHistoryEntry

    v = next(iter(server_views(1, 1)))
    t = v.tools[0]
    words = " ".join(f"word{i} lorem{i * 7 % 13} ipsum{i % 97}" for i in range(2500))[:20_000]
    props = {f"param_{i}": {"type": "string", "description": f"parameter {i} " + words[i * 50:i * 50 + 400]}
             for i in range(300)}
    d = ToolDefinition(name=t.definition.name, description=words, inputSchema={"type": "object", "properties": props})
    history = [ToolHistoryEntry(definition_hash=f"{i:064x}", source="toolhive", source_version=f"1.{i}",
                                first_seen=v.modified - timedelta(days=i), last_seen=v.modified,
                                action="Read", risk="low", category="Read") for i in range(200)]
    big = t.model_copy(update={"definition": d, "history": history})
    view = v.model_copy(update={"tools": [big]})
    out = tmp_path / "public"
    build_site([view], out)
    page = (out / "tools" / v.slug / t.tool_slug / "index.html").read_bytes()
    assert len(page) <= 30 * 1024 and len(gzip.compress(page, 6)) <= 6 * 1024
    text = page.decode()
    assert "more parameters in the" in text and "older entries in the" in text and "Shortened here" in text


def test_a_card_of_incompressible_text_stays_within_the_gzip_budget(tmp_path: Path):
    """Random text does not compress: the card must shed it until the gzipped page fits, rather
    than assume that a card under some raw size always does."""
    import random

    from catalog.models import ToolDefinition

    rng = random.Random(5)
    alphabet = "".join(chr(c) for c in range(0x21, 0x7F)) + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 400))

    def noise(n: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    v = next(iter(server_views(1, 1)))
    t = v.tools[0]
    props = {f"p{i}": {"type": "string", "description": noise(300)} for i in range(25)}
    for desc_len in (900, 2500, 6000):
        d = ToolDefinition(name=t.definition.name, description=noise(desc_len),
                           inputSchema={"type": "object", "properties": props})
        view = v.model_copy(update={"tools": [t.model_copy(update={"definition": d})]})
        out = tmp_path / f"public-{desc_len}"
        build_site([view], out)
        page = (out / "tools" / v.slug / t.tool_slug / "index.html").read_bytes()
        assert len(page) <= 30 * 1024 and len(gzip.compress(page, 6)) <= 6 * 1024, desc_len
