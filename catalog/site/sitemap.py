"""sitemap.xml (a sitemap index beyond 50,000 URLs, as the protocol caps one file) and robots.txt."""

from __future__ import annotations

from datetime import datetime

from markupsafe import escape

from catalog.site.publish import Publisher

MAX_URLS = 50_000
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _urlset(rows: list[tuple[str, datetime | None]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f"<urlset {_NS}>\n"]
    for loc, mod in rows:
        lm = f"<lastmod>{mod.strftime('%Y-%m-%d')}</lastmod>" if mod else ""
        out.append(f"<url><loc>{escape(loc)}</loc>{lm}</url>\n")
    out.append("</urlset>\n")
    return "".join(out)


def write_sitemaps(pub: Publisher, base_url: str, urls: list[tuple[str, datetime | None]]) -> int:
    """`urls`: (page folder relative to the root, last modified). Returns the number of files."""
    rows = [(base_url + (rel + "/" if rel else ""), mod) for rel, mod in urls]
    if len(rows) <= MAX_URLS:
        pub.write_text("sitemap.xml", _urlset(rows))
        return 1
    parts = [rows[i:i + MAX_URLS] for i in range(0, len(rows), MAX_URLS)]
    index = ['<?xml version="1.0" encoding="UTF-8"?>\n', f"<sitemapindex {_NS}>\n"]
    for n, part in enumerate(parts, 1):
        rel = f"sitemaps/sitemap-{n}.xml"
        pub.write_text(rel, _urlset(part))
        index.append(f"<sitemap><loc>{escape(base_url + rel)}</loc></sitemap>\n")
    index.append("</sitemapindex>\n")
    pub.write_text("sitemap.xml", "".join(index))
    return len(parts) + 1


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nDisallow: /search/\nSitemap: {base_url}sitemap.xml\n"
