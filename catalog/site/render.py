"""Jinja2 rendering of generated pages inside the mkdocs-material shell.

Autoescape is on for every template; tool text only ever reaches a page through `{{ }}`,
and URLs from sources pass `safe_url` (http/https only), so `javascript:` links cannot exist.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from catalog.models import ACTION_RANK, CATEGORIES, RISK_RANK, RISKS, Classification, ToolDefinition
from catalog.site import integrations
from catalog.site.cardtext import card_text
from catalog.site.paths import TEMPLATES_DIR
from catalog.site.shell import Shell, head_tags
from catalog.site.svg import CATEGORY_COLORS, NO_RISK_COLOR, RISK_COLORS, badge, badge_width, bar_chart
from catalog.slugs import slugify
from catalog.views import ServerView, ToolView

DESC_CHARS = 4000  # shown on a server page; the full text is in the JSON record
# A tool card must stay within 30 KB of HTML and 6 KB gzipped. Long descriptions, big schemas
# and long histories are shown shorter, level by level, until it fits (all of it is in the
# JSON record, which the card links to). (description chars, parameters, parameter chars,
# history rows)
CARD_LEVELS = ((4000, 20, 200, 20), (1500, 10, 100, 10), (600, 6, 60, 5), (300, 4, 0, 3), (200, 0, 0, 1))
MAX_CARD_BYTES = 30 * 1024
MAX_CARD_GZIP = 6 * 1024
# Below this a card cannot exceed the gzip budget whatever its text: deflate never grows data by
# more than 5 bytes per 16 KB stored block, and gzip adds 18 bytes of framing.
_GZIP_CHECK_FROM = MAX_CARD_GZIP - 18 - 5 * 2
CAT_RANK = {c: i for i, c in enumerate(CATEGORIES)}


def safe_url(value: str | None) -> str | None:
    """Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) is dropped."""
    if not value or len(value) > 2000:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return parts.geturl()


def json_for_script(value: Any) -> str:
    """JSON safe inside a <script type=application/json> element (no '<', '>' or '&' as-is)."""
    return (
        json.dumps(value, separators=(",", ":"))
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "svg", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["source_slug"] = slugify
    # Filters rather than macros for the bits every row uses: a jinja macro call costs ~40 µs.
    env.filters["when"] = _when
    env.filters["catb"] = _category_badge
    env.filters["riskb"] = _risk_badge
    return env


# A handful of distinct values fill every card (capture times repeat across a server's tools,
# there are six categories and four risks): cached.
@lru_cache(maxsize=8192)
def _when(d: Any) -> Markup:
    if not d:
        return Markup("unknown")
    return Markup(f'<time datetime="{escape(d.isoformat())}">{d.strftime("%Y-%m-%d %H:%M")}</time>')


@lru_cache(maxsize=256)
def _category_badge(c: str) -> Markup:
    return Markup(f'<span class="tr-cat tr-cat--{escape(str(c).lower())}">{escape(c)}</span>')


@lru_cache(maxsize=256)
def _risk_badge(r: str) -> Markup:
    return Markup(f'<span class="tr-risk tr-risk--{escape(r)}">{escape(r)}</span>')


@dataclass
class Page:
    rel_dir: str  # '' for the home page, else 'a/b' (no slashes at the ends)
    html: str


class Renderer:
    def __init__(self, shell: Shell, base_url: str) -> None:
        self.shell = shell
        self.base_url = base_url
        self.env = make_env()
        self.t_tool = self.env.get_template("tool.html.j2")
        self.t_server = self.env.get_template("server.html.j2")
        self.t_home = self.env.get_template("home.html.j2")
        self.t_list = self.env.get_template("listing.html.j2")
        self.t_search = self.env.get_template("search.html.j2")
        self.t_404 = self.env.get_template("404.html.j2")
        self._chrome_gz: dict[str, int] = {}

    # --- the page frame -------------------------------------------------------------------
    def wrap(self, rel_dir: str, title: str, content: str, *, description: str | None = None,
             root: str | None = None, canonical: bool = True) -> str:
        if root is None:
            depth = rel_dir.count("/") + 1 if rel_dir else 0
            root = "../" * depth if depth else "./"
        head, rest, suffix = self.shell.parts(root)
        url = self.base_url + (rel_dir + "/" if rel_dir else "") if canonical else None
        extra = ""
        if url:
            extra += f'<link rel="canonical" href="{escape(url)}">'
        description = description or self.shell.site_description
        if description:
            extra += f'<meta name="description" content="{escape(description[:300])}">'
        rest = rest.replace("@@TITLE@@", str(escape(title)), 1)  # the theme appends " - toolrisk"
        return head + extra + rest + content + suffix

    def _chrome_gzip(self, root: str) -> int:
        """Deflate size of the chrome alone (the same bytes on every page of a depth)."""
        hit = self._chrome_gz.get(root)
        if hit is None:
            head, rest, suffix = self.shell.parts(root)
            hit = self._chrome_gz[root] = len(zlib.compress((head + rest + suffix).encode("utf-8"), 6))
        return hit

    # --- tool card ------------------------------------------------------------------------
    def tool_page(self, view: ServerView, tool: ToolView, pserver: Any, *, listed_elsewhere: bool = False) -> Page:
        """A tool card. `listed_elsewhere`: the tool is one of view.other_tools (another index
        lists it, the freshest surface does not), and the card says so up front."""
        rel = f"tools/{view.slug}/{tool.tool_slug}"
        d = tool.definition
        c = tool.classification
        elsewhere = _elsewhere(view, tool) if listed_elsewhere else None
        correction = _correction(c)
        desc_text = d.description or ""
        rec = integrations.recommendation(d, c)
        faq = integrations.faq(pserver, view, tool, rec)
        card = card_text(d, c)
        src_url = safe_url(tool.source_url)
        if c:
            meta = f"{d.name} ({view.name}): {c.category}, {c.risk} risk. " + (desc_text[:200] if desc_text else "")
        else:
            meta = f"{d.name} ({view.name}). " + desc_text[:200]
        html = ""
        for desc_chars, n_params, param_chars, n_history in CARD_LEVELS:
            desc = {"text": desc_text[:desc_chars], "cut": len(desc_text) > desc_chars, "total": len(desc_text)}
            params, more = _params(d, n_params, param_chars)
            history = tool.history[-n_history:]
            content = self.t_tool.render(
                root="../../../", s=view, t=tool, c=c, desc=desc, params=params, params_more=more,
                card=card, rec=rec, faq=faq, src_url=src_url, history=history,
                history_more=len(tool.history) - len(history), elsewhere=elsewhere, correction=correction,
            )
            title = f"{d.name} · {view.name}"
            html = self.wrap(rel, title, content, description=meta)
            own = f"{title}{meta[:300]}{self.base_url}{rel}{content}"  # what the chrome does not hold
            if _fits(html, html.encode("utf-8"), own, self._chrome_gzip("../../../")):
                break
        return Page(rel, html)

    # --- server page ----------------------------------------------------------------------
    def server_page(self, view: ServerView, summary: ServerSummaryData, policy_files: list[str]) -> Page:
        rel = f"servers/{view.slug}"
        rows = []
        contradictions = []
        for t in view.tools:
            c = t.classification
            row = {
                "t": t, "c": c,
                "cat_rank": CAT_RANK.get(c.category, -1) if c else -1,
                "risk_rank": RISK_RANK.get(c.risk, -1) if c else -1,
            }
            rows.append(row)
            if c and c.contradicts_declared:
                hints = c.declared or t.definition.declared_hints()
                said = ", ".join(f"{k}={str(v).lower()}" for k, v in hints.items() if v is not None) or "no hints"
                contradictions.append({**row, "declared": said})
        other_rows = []
        for t in view.other_tools:
            c = t.classification
            other_rows.append({"t": t, "c": c, "cat_rank": CAT_RANK.get(c.category, -1) if c else -1,
                               "risk_rank": RISK_RANK.get(c.risk, -1) if c else -1})
        content = self.t_server.render(
            root="../../", v=view, rows=rows, other_rows=other_rows, current=_current_surface(view), contradictions=contradictions, summary=summary,
            desc=(view.description or "")[:DESC_CHARS], repo_url=safe_url(view.repository_url),
            home_url=safe_url(view.homepage), base_url=self.base_url,
            policy_files=[{"href": p, "name": p.rsplit("/", 1)[-1]} for p in policy_files],
        )
        return Page(rel, self.wrap(rel, view.title or view.name, content, description=summary.badge_text
                                   + ". " + (view.description or "")[:200]))

    # --- the rest -------------------------------------------------------------------------
    def listing(self, rel: str, title: str, **ctx: Any) -> Page:
        depth = rel.count("/") + 1
        root = "../" * depth
        base = {"intro": None, "links": None, "tools": None, "servers": None, "changes": None,
                "empty": None, "page": None, "crumbs": []}
        base.update(ctx)
        content = self.t_list.render(root=root, heading=title, **base)
        return Page(rel, self.wrap(rel, title, content, description=base["intro"]))

    def home(self, totals: dict[str, Any], changes: list[dict[str, Any]], chart: str) -> Page:
        content = self.t_home.render(totals=totals, changes=changes, chart=chart)
        return Page("", self.wrap("", "MCP tool risk catalog", content,
                                  description=f"Risk labels for {totals['tools']} MCP tools on {totals['servers']} servers."))

    def search(self, shards: list[str]) -> Page:
        content = self.t_search.render(shards_json=json_for_script(shards))
        return Page("search", self.wrap("search", "Search", content))

    def not_found(self, base_path: str) -> str:
        # Served at any depth, so its links are absolute from the site's base path.
        content = self.t_404.render(root=base_path)
        return self.wrap("404", "Page not found", content, root=base_path, canonical=False)


def _current_surface(view: ServerView) -> Any:
    for s in view.surfaces:
        if s.id == view.current_surface_id:
            return s
    return None


def _elsewhere(view: ServerView, tool: ToolView) -> dict[str, Any]:
    """Where the current tool list comes from, and which index alone still lists this tool."""
    cur = _current_surface(view)
    return {"current_source": cur.source if cur else None,
            "current_captured": (cur.captured_at or cur.last_seen) if cur else None,
            "source": tool.source, "captured": tool.captured_at or tool.first_seen}


def _correction(c: Classification | None) -> dict[str, Any] | None:
    """A human override (classifier/overrides.yaml) as the card shows it. The dict comes from
    a file people send pull requests to: read it defensively, show it only as text."""
    if c is None or not isinstance(c.correction, dict):
        return None
    corr = c.correction
    orig = corr.get("original") if isinstance(corr.get("original"), dict) else {}
    said = [str(orig[k])[:40] for k in ("category", "action") if orig.get(k)]
    said = list(dict.fromkeys(said))  # Read/Write/Execute: category and action are the same word
    original = " / ".join(said) + (f", {str(orig['risk'])[:20]} risk" if orig.get("risk") else "")
    now = f"{c.category}, {c.risk} risk"
    return {"by": str(corr.get("by") or "")[:100] or None, "reason": str(corr.get("reason") or "")[:1000] or None,
            "original": original or None, "now": now,
            "same": orig.get("category") == c.category and orig.get("risk") == c.risk}


@dataclass
class ServerSummaryData:
    total: int
    other: int  # tools only other indexes list: counted apart, never in the risk counts
    by_category: list[tuple[str, int]]
    by_risk: list[tuple[str, int]]
    badge_text: str
    badge_width: int
    chart_category: str
    chart_risk: str
    badge_svg: str
    top_risk: str | None


def summarise(view: ServerView) -> ServerSummaryData:
    cats = dict.fromkeys(CATEGORIES, 0)
    risks = dict.fromkeys(RISKS, 0)
    unclassified = 0
    top = -1
    for t in view.tools:
        c = t.classification
        if c is None:
            unclassified += 1
            continue
        cats[c.category] += 1
        risks[c.risk] += 1
        top = max(top, RISK_RANK[c.risk])
    n = len(view.tools)
    parts = [f"{cats[k]} {k.lower()}" for k in CATEGORIES if cats[k]]
    if unclassified:
        parts.append(f"{unclassified} unclassified")
    text = f"{n} tool{'s' if n != 1 else ''}" + (": " + " · ".join(parts) if parts else "")
    top_risk = RISKS[top] if top >= 0 else None
    color = RISK_COLORS.get(top_risk or "", NO_RISK_COLOR)
    by_cat = [(k, v) for k, v in cats.items()]
    by_risk = [(k, v) for k, v in risks.items()]
    return ServerSummaryData(
        total=n, other=len(view.other_tools), by_category=by_cat, by_risk=by_risk, badge_text=text,
        badge_width=badge_width("toolrisk", text),
        chart_category=bar_chart(f"{view.name}: tools by category", by_cat, CATEGORY_COLORS),
        chart_risk=bar_chart(f"{view.name}: tools by risk", by_risk, RISK_COLORS),
        badge_svg=badge("toolrisk", text, color), top_risk=top_risk,
    )


def _fits(html: str, data: bytes, content: str, chrome_gz: int) -> bool:
    size = len(data)
    if size > MAX_CARD_BYTES:
        return False
    if size < _GZIP_CHECK_FROM:
        return True
    # Two-thirds of a card is the theme's chrome, the same on every card. Deflating the chrome
    # (once per depth, level 6) and the card's own text (title, description, URL, content; level
    # 1) separately over-estimates gzip -6 of the whole page: in one stream the second part can
    # reuse the first's strings, and level 1 finds fewer matches than 6. On 4,000 synthetic
    # cards the estimate was never less than 378 B above the real size, and it clears ~90 % of
    # cards; only the rest pay for deflating the whole page at the real level.
    if chrome_gz + len(zlib.compress(content.encode("utf-8"), 1)) + 18 <= MAX_CARD_GZIP:
        return True
    return len(zlib.compress(data, 6)) + 18 <= MAX_CARD_GZIP


def _params(d: ToolDefinition, shown: int, desc_chars: int) -> tuple[list[dict[str, Any]], int]:
    schema = d.input_schema or {}
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict):
        return [], 0
    required = schema.get("required") if isinstance(schema.get("required"), list) else []
    out = []
    for name, spec in list(props.items())[:shown]:
        spec = spec if isinstance(spec, dict) else {}
        typ = spec.get("type")
        if isinstance(typ, list):
            typ = " | ".join(str(x) for x in typ[:4])
        enum = spec.get("enum")
        if isinstance(enum, list) and enum:
            typ = f"{typ or 'enum'}: " + ", ".join(str(x)[:40] for x in enum[:8]) + (" …" if len(enum) > 8 else "")
        pdesc = spec.get("description")
        pdesc = pdesc[:desc_chars] + ("…" if len(pdesc) > desc_chars else "") if isinstance(pdesc, str) else ""
        out.append({"name": str(name)[:100], "type": str(typ or "any")[:200], "description": pdesc,
                    "required": name in required})
    return out, max(0, len(props) - shown)


def worst(c: Classification | None) -> tuple[int, int]:
    return (RISK_RANK.get(c.risk, -1), ACTION_RANK.get(c.action, -1)) if c else (-1, -1)


__all__ = ["Page", "Renderer", "ServerSummaryData", "head_tags", "safe_url", "summarise", "json_for_script"]
