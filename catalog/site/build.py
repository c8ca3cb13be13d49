"""`toolrisk build`: one pass over the store's server views → the whole site, published atomically.

Per server (in slug order): fingerprint the view; if it equals the published build's, carry
its files over by hard link, else render its server page, tool cards, badge and policy
starters. Every server also goes to the JSON export writer and the search index, and leaves
a slim row for the browse pages, which are rendered at the end (they are few).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalog.errors import BadInput, Failure
from catalog.models import CATEGORIES, RISKS
from catalog.site import integrations
from catalog.site.listings import headline, number, server_where, tag_duplicates
from catalog.site.paths import ASSETS_DIR, SITE_SRC, page_file, safe_segment
from catalog.site.publish import Publisher
from catalog.site.render import Page, Renderer, summarise
from catalog.site.search import SearchIndex
from catalog.site.shell import csp_for, insert_head, run_mkdocs
from catalog.site.sitemap import robots, write_sitemaps
from catalog.site.svg import RISK_COLORS, bar_chart
from catalog.site.workers import RenderPool, default_workers
from catalog.slugs import slugify
from catalog.views import ServerView

DEFAULT_BASE_URL = "http://127.0.0.1:8000/"
TOOLS_PER_PAGE = 200
SERVERS_PER_PAGE = 100
CHANGES_SHOWN = 500
# material's lunr search is off (pagefind replaces it); its worker and language packs are dead weight
_SKIP_MKDOCS = re.compile(r"^assets/javascripts/(lunr/|workers/search)")


@dataclass
class BuildReport:
    def __str__(self) -> str:
        if self.unchanged:
            return f"site: unchanged ({self.servers} servers, {self.tools} tools), nothing written; {self.seconds:.1f} s"
        others = f" (+{self.other_tools} only other indexes list)" if self.other_tools else ""
        return (f"site: {self.servers} servers, {self.tools} tools{others}, {self.pages} pages; "
                f"servers rendered {self.servers_rendered}, reused {self.servers_reused}; "
                f"files written {self.files_written}, unchanged {self.files_linked}; "
                f"search shards {self.search.get('shards')} (reindexed {self.search.get('reindexed')}); "
                f"{self.seconds:.1f} s → {self.out}")

    out: Path
    servers: int = 0
    tools: int = 0
    other_tools: int = 0  # cards of tools only other indexes list (not in `tools`)
    servers_rendered: int = 0
    servers_reused: int = 0
    files_written: int = 0
    files_linked: int = 0
    pages: int = 0
    search: dict[str, object] = field(default_factory=dict)
    export: Any = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False  # nothing changed since the published build: nothing was written


RUG_PULL_META = "_rug_pull"  # source names start with a letter or digit, so this key never collides


def rug_pull_notes(view: ServerView, changes: list[Any]) -> dict[str, dict[str, Any]]:
    """Tool name → why its current definition looks like a rug pull (from the export's changefeed)."""
    from catalog.export.records import _rug_pull_of

    notes: dict[str, dict[str, Any]] = {}
    for tool in view.tools + view.other_tools:
        rp = _rug_pull_of(tool, changes)
        if rp is not None:
            notes[tool.definition.name] = {
                "version_unchanged": rp.version_unchanged,
                "reasons": list(rp.reasons)[:3],
                "added": [q[:200] for q in rp.added_instructions[:2]],
                "poisoning": list(rp.poisoning)[:5],
            }
    return notes


def check_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BadInput(f"--base-url {base_url!r}: must be an absolute http(s) URL like https://example.org/catalog/")
    return base_url if base_url.endswith("/") else base_url + "/"


@functools.lru_cache(maxsize=8)
def _salt(base_url: str) -> str:
    """Anything besides the view that shapes a server's files: our code, templates, policy code.

    Computed once per process: it describes the code this process runs, not files edited since."""
    import material
    import mkdocs

    h = hashlib.sha256(f"{base_url}\0{mkdocs.__version__}\0{getattr(material, '__version__', '')}".encode())
    roots = [Path(__file__).parent, SITE_SRC, Path(integrations.__file__).parent.parent / "policies",
             Path(integrations.__file__).parent.parent / "export", Path(integrations.__file__).parent.parent / "history"]
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc")
        for p in files:
            h.update(p.as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@dataclass
class _Agg:
    tool_rows: list[dict[str, Any]] = field(default_factory=list)
    servers: list[dict[str, Any]] = field(default_factory=list)
    by_source: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    urls: list[tuple[str, datetime | None]] = field(default_factory=list)

    def add(self, view: ServerView, top_risk: str | None) -> None:
        idx = len(self.servers)
        self.servers.append({"slug": view.slug, "name": view.name, "tools": len(view.tools),
                             "other_tools": len(view.other_tools), "where": server_where(view),
                             "top_risk": top_risk, "modified": view.modified})
        for s in view.sources:
            self.by_source[s.source].append(idx)
        self.urls.append((f"servers/{view.slug}", view.modified))
        for t in view.tools:
            c = t.classification
            self.tool_rows.append({
                "server_slug": view.slug, "tool_slug": t.tool_slug, "name": t.definition.name,
                "server_name": view.name, "category": c.category if c else None, "risk": c.risk if c else None,
            })
            self.urls.append((f"tools/{view.slug}/{t.tool_slug}", view.modified))
        # tools only other indexes list have cards (and sitemap entries) but stay out of the
        # browse pages' risk/category counts, which describe current tool lists
        for t in view.other_tools:
            self.urls.append((f"tools/{view.slug}/{t.tool_slug}", view.modified))


def build_site(
    source: Any,
    out: Path | str = "public",
    *,
    base_url: str = DEFAULT_BASE_URL,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Build the site into `out` (see the module docstring).

    `source` is a Store (its iter_server_views() is read once, and the export's changefeed
    diffs surfaces through it) or any iterable of ServerViews (the benchmark, tests)."""
    if hasattr(source, "iter_server_views"):
        store, again = source, source.iter_server_views
    elif callable(source):
        store, again = None, source
    else:
        store, again = None, None  # a one-shot iterable: no unchanged-input check
    from catalog.export.writer import ApiWriter

    base_url = check_base_url(base_url)
    workers = default_workers() if workers is None else workers
    base_path = urlsplit(base_url).path or "/"
    started = time.perf_counter()
    report = BuildReport(out=Path(out))
    pub = Publisher(Path(out))
    salt = _salt(base_url)
    store_key = _store_key(store, salt) if store is not None else None
    if store_key is not None:
        # A store answers "did anything change?" from its summaries and row counts in well under
        # a second; reading every view (≈0.4 ms per tool) just to find nothing new would not.
        unchanged = pub.previous("store_key") == store_key and _same_servers(pub, store, report)
    else:
        unchanged = again is not None and _unchanged(pub, again(), salt, report)
    if unchanged:
        pub.abort()
        report.seconds = time.perf_counter() - started
        return report
    views = again() if again is not None else source
    pool: RenderPool | None = None
    try:
        t = time.perf_counter()
        mk = run_mkdocs(base_url)
        renderer = Renderer(mk.shell, base_url)
        search = SearchIndex()
        try:
            _copy_mkdocs(pub, mk.site_dir, search)
        finally:
            shutil.rmtree(mk.site_dir, ignore_errors=True)
        for p in sorted(ASSETS_DIR.rglob("*")):
            if p.is_file():
                pub.write(f"assets/{p.relative_to(ASSETS_DIR).as_posix()}", p.read_bytes())
        report.timings["mkdocs"] = time.perf_counter() - t

        t = time.perf_counter()
        prev_servers: dict[str, Any] = pub.previous("servers", {}) or {}  # type: ignore[assignment]
        prev_files: dict[str, str] = pub.prev.get("files", {})
        servers_state: dict[str, Any] = {}
        agg = _Agg()
        api = ApiWriter(pub.stage, store, site_url=base_url)
        fps: dict[str, str] = {}

        def rendered(slug: str, rows: list[tuple[str, str, bool]]) -> None:
            for rel, h, linked in rows:
                if rel in pub.files:
                    raise Failure(f"two pages want the same path {rel}; slugs collide")
                pub.files[rel] = h
                if linked:
                    pub.linked += 1
                else:
                    pub.written += 1
            servers_state[slug] = {"fp": fps.pop(slug), "files": [r[0] for r in rows]}

        pool = RenderPool(renderer, pub.stage, pub.out, workers, rendered)
        for view in views:
            slug = safe_segment(view.slug, "server slug")
            for tool in view.tools + view.other_tools:
                safe_segment(tool.tool_slug, f"tool slug of {slug}")
            fp = _fingerprint(salt, view)
            # pages warn about rug pulls the changefeed found; derived from the view's own data, so
            # the fingerprint above already covers it
            view.meta[RUG_PULL_META] = rug_pull_notes(view, api.add_server(view))
            summary = summarise(view)
            agg.add(view, summary.top_risk)
            search.add_server(view)
            old = prev_servers.get(slug)
            if old and old.get("fp") == fp and _reuse_all(pub, old["files"]):
                servers_state[slug] = old
                report.servers_reused += 1
            else:
                fps[slug] = fp
                old_files = {r: prev_files[r] for r in (old or {}).get("files", []) if r in prev_files}
                pool.submit(view, old_files)
                report.servers_rendered += 1
            report.servers += 1
            report.tools += len(view.tools)
            report.other_tools += len(view.other_tools)
            if progress:
                progress(1 + len(view.tools))
        pool.finish()
        report.timings["servers"] = time.perf_counter() - t

        t = time.perf_counter()
        report.export = api.finish()
        pub.adopt([p for p in (pub.stage / "api").rglob("*") if p.is_file()] + [pub.stage / "feed.xml"])
        report.timings["export"] = time.perf_counter() - t

        t = time.perf_counter()
        pages = _global_pages(renderer, agg, report.export, search.bundle_paths())
        for page in pages:
            pub.write_text(page_file(page.rel_dir), page.html)
        pub.write_text("404.html", renderer.not_found(base_path))
        pub.write_text("robots.txt", robots(base_url).replace("Disallow: /search/", f"Disallow: {base_path}search/"))
        urls = ([(p.rel_dir, None) for p in pages if p.rel_dir != "search"] + agg.urls
                + [(r.rsplit("/", 1)[0], None) for r in mk.pages if r != "index.html"])
        write_sitemaps(pub, base_url, list({rel: (rel, mod) for rel, mod in reversed(urls)}.values())[::-1])
        report.pages = len(pages) + len(agg.urls) + len(mk.pages)
        report.timings["listings"] = time.perf_counter() - t

        t = time.perf_counter()
        report.search = search.finish(pub, pub.parent)
        report.timings["search"] = time.perf_counter() - t

        pub.extra["servers"] = servers_state
        pub.extra["salt"] = salt
        if store_key is not None:
            pub.extra["store_key"] = store_key
        report.files_written, report.files_linked = pub.written, pub.linked
        pub.commit()
    except BaseException:
        if pool is not None:
            pool.close()
        pub.abort()
        raise
    report.seconds = time.perf_counter() - started
    return report


def _fingerprint(salt: str, view: ServerView) -> str:
    return hashlib.sha256(salt.encode() + view.model_dump_json().encode()).hexdigest()


def _store_key(store: Any, salt: str) -> str | None:
    """Everything a store can change shows in its server summaries (slug, name, sources, tool
    count, modified) or its row counts (history is append-only: a fetch, surface,
    classification or probe failure is a new row)."""
    if not (hasattr(store, "server_summaries") and hasattr(store, "counts")):
        return None
    h = hashlib.sha256(salt.encode())
    h.update(json.dumps(store.counts(), sort_keys=True).encode())
    for s in store.server_summaries():
        h.update(s.model_dump_json().encode())
    return h.hexdigest()


def _same_servers(pub: Publisher, store: Any, report: BuildReport) -> bool:
    prev: dict[str, Any] = pub.previous("servers", {}) or {}  # type: ignore[assignment]
    summaries = store.server_summaries()
    if pub.previous("salt") is None or {s.slug for s in summaries} != set(prev):
        return False
    report.servers = report.servers_reused = len(summaries)
    report.tools = sum(s.tool_count for s in summaries)
    report.unchanged = True
    return True


def _unchanged(pub: Publisher, views: Iterable[ServerView], salt: str, report: BuildReport) -> bool:
    """True when every input of the published build is the same: then nothing is written at all.

    Every page (browse pages, the export, the search index) derives from the server views, our
    code/templates/docs (the salt) and the base URL, so equal fingerprints mean an equal site."""
    prev: dict[str, Any] = pub.previous("servers", {}) or {}  # type: ignore[assignment]
    if not prev or pub.previous("salt") != salt:
        return False
    seen = 0
    tools = 0
    for view in views:
        old = prev.get(view.slug)
        if old is None or old.get("fp") != _fingerprint(salt, view):
            return False
        seen += 1
        tools += len(view.tools)
    if seen != len(prev):
        return False
    report.servers = report.servers_reused = seen
    report.tools = tools
    report.unchanged = True
    return True


def _reuse_all(pub: Publisher, files: list[str]) -> bool:
    done: list[str] = []
    for rel in files:
        if not pub.reuse(rel):
            for d in done:  # undo: the server is rendered afresh instead
                pub.files.pop(d, None)
                (pub.stage / d).unlink(missing_ok=True)
                pub.linked -= 1
            return False
        done.append(rel)
    return True


def _copy_mkdocs(pub: Publisher, site_dir: Path, search: SearchIndex) -> None:
    for p in sorted(site_dir.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(site_dir).as_posix()
        if _SKIP_MKDOCS.match(rel):
            continue
        data = p.read_bytes()
        if rel.endswith(".html"):
            text = data.decode("utf-8")
            text = insert_head(text, f'<meta http-equiv="Content-Security-Policy" content="{csp_for(text)}">')
            if rel != "index.html":  # the home page is ours; it replaces mkdocs' placeholder
                title = re.search(r"<title>(.*?)</title>", text, re.S)
                body = re.search(r"<div data-pagefind-body>(.*?)</div>\s*</article>", text, re.S)
                plain = re.sub(r"<[^>]+>", " ", body.group(1)) if body else ""
                search.add_page(rel, html.unescape(title.group(1)) if title else rel,
                                html.unescape(re.sub(r"\s+", " ", plain)))
            data = text.encode("utf-8")
        if rel == "index.html":
            continue
        pub.write(rel, data)


def _paginate(base_rel: str, items: list[Any], per: int) -> list[tuple[str, list[Any], dict[str, Any]]]:
    n = max(1, -(-len(items) // per))
    out = []
    for i in range(n):
        rel = base_rel if i == 0 else f"{base_rel}/page/{i + 1}"
        depth = rel.count("/") + 1
        up = "../" * depth

        def href(k: int, up: str = up) -> str:
            return f"{up}{base_rel}/" if k == 1 else f"{up}{base_rel}/page/{k}/"

        out.append((rel, items[i * per:(i + 1) * per], {
            "number": i + 1, "pages": n,
            "prev": href(i) if i > 0 else None, "next": href(i + 2) if i + 1 < n else None,
        }))
    return out


def _change_rows(export: Any, live_tools: set[tuple[str, str]], live_servers: set[str],
                 stage_changes: Path | None = None) -> list[dict[str, Any]]:
    """Change events for the home and /changes/ pages. A removed tool has no card any more and a
    server-level event has no tool: those rows link only what still exists."""
    events = list(getattr(export, "recent_changes", []) or [])
    if stage_changes and stage_changes.is_file() and stage_changes.stat().st_size < 64 * 1024 * 1024:
        from catalog.history.events import ChangeEvent

        data = json.loads(stage_changes.read_bytes())
        events = [ChangeEvent.model_validate(e) for e in data.get("changes", [])[:CHANGES_SHOWN]]
    rows = []
    for e in events[:CHANGES_SHOWN]:
        if not e.server_slug:
            continue
        tool_live = bool(e.tool_slug) and (e.server_slug, e.tool_slug) in live_tools
        rows.append({"at": e.at, "server_slug": e.server_slug if e.server_slug in live_servers else None,
                     "tool_slug": e.tool_slug if tool_live else None,
                     "name": e.tool or e.tool_slug or "", "server_name": e.server_name, "text": e.summary})
    return rows


def _global_pages(r: Renderer, agg: _Agg, export: Any, shards: list[str]) -> list[Page]:
    pages: list[Page] = []
    rows = agg.tool_rows
    by_cat = {c: 0 for c in CATEGORIES}
    by_risk = {k: 0 for k in RISKS}
    unclassified = 0
    for row in rows:
        if row["category"] is None:
            unclassified += 1
        else:
            by_cat[row["category"]] += 1
            by_risk[row["risk"]] += 1
    # "servers" counts servers with a tool list; those an index lists without one are apart
    totals = {**headline(agg.servers, rows, sum(sv["other_tools"] for sv in agg.servers)),
              "by_category": list(by_cat.items()), "by_risk": list(by_risk.items()), "unclassified": unclassified}
    where = {sv["slug"]: sv["where"] for sv in agg.servers}
    changes_path = Path(export.changes_path) if export is not None else None
    live_tools = {(row["server_slug"], row["tool_slug"]) for row in rows}
    live_servers = {sv["slug"] for sv in agg.servers}
    changes = _change_rows(export, live_tools, live_servers)
    all_changes = changes
    if changes_path is not None and changes_path.is_file():
        all_changes = _change_rows(export, live_tools, live_servers, changes_path)
    chart = bar_chart("All tools by risk", list(by_risk.items()), RISK_COLORS)
    pages.append(r.home(totals, tag_duplicates(changes[:10], where), chart))
    pages.append(r.search(shards))

    # servers
    servers = tag_duplicates(sorted(agg.servers, key=lambda s: (s["name"].lower(), s["slug"])), where,
                             name_key="name", slug_key="slug")
    for rel, chunk, pg in _paginate("servers", servers, SERVERS_PER_PAGE):
        pages.append(r.listing(rel, "All servers", servers=chunk, page=pg,
                               intro=f"{_server_count(servers)}, by name.", empty="No servers yet."))
    # by risk and by category
    risk_links = [(k.title(), f"{k}/", by_risk[k]) for k in reversed(RISKS)]
    pages.append(r.listing("risk", "Browse by risk", links=risk_links,
                           intro="Risk is the worst plausible harm of one call by a confused or prompt-injected agent."))
    grouped_risk: dict[str, list[dict[str, Any]]] = {k: [] for k in RISKS}
    grouped_cat: dict[str, list[dict[str, Any]]] = {c: [] for c in CATEGORIES}
    for row in rows:
        if row["risk"]:
            grouped_risk[row["risk"]].append(row)
            grouped_cat[row["category"]].append(row)
    for level in RISKS:
        for rel, chunk, pg in _paginate(f"risk/{level}", tag_duplicates(grouped_risk[level], where), TOOLS_PER_PAGE):
            pages.append(r.listing(rel, f"{level.title()} risk tools", tools=chunk, page=pg,
                                   crumbs=[("Risk", "risk/")],
                                   intro=f"{len(grouped_risk[level])} tools.", empty="No tools at this level."))
    cat_links = [(c, f"{c}/", by_cat[c]) for c in CATEGORIES]
    pages.append(r.listing("category", "Browse by category", links=cat_links,
                           intro="Financial if a tool moves money, else Destructive if it can irreversibly delete "
                                 "shared state, else its action: Read, Write or Execute."))
    for cat in CATEGORIES:
        for rel, chunk, pg in _paginate(f"category/{cat}", tag_duplicates(grouped_cat[cat], where), TOOLS_PER_PAGE):
            pages.append(r.listing(rel, f"{cat} tools", tools=chunk, page=pg,
                                   crumbs=[("Categories", "category/")],
                                   intro=f"{len(grouped_cat[cat])} tools.", empty="No tools in this category."))
    # by index source
    src_links = [(s, f"{slugify(s)}/", len(ix)) for s, ix in sorted(agg.by_source.items())]
    pages.append(r.listing("sources", "Browse by index", links=src_links,
                           intro="The public indexes the catalog reads, and the servers each one lists."))
    for s, ix in sorted(agg.by_source.items()):
        items = tag_duplicates(sorted((agg.servers[i] for i in ix), key=lambda x: (x["name"].lower(), x["slug"])),
                               where, name_key="name", slug_key="slug")
        for rel, chunk, pg in _paginate(f"sources/{slugify(s)}", items, SERVERS_PER_PAGE):
            pages.append(r.listing(rel, f"Servers listed by {s}", servers=chunk, page=pg,
                                   crumbs=[("Indexes", "sources/")], intro=f"{_server_count(items)}."))
    pages.append(r.listing("changes", "Recent changes", changes=tag_duplicates(all_changes, where),
                           intro="Tool definitions and labels that changed, newest first. "
                                 "The full changefeed is in /api/v1/changes.json and /feed.xml.",
                           empty="No changes recorded yet."))
    return pages


def _server_count(servers: list[dict[str, Any]]) -> str:
    """'N MCP servers' and how many of them no index gave a tool list for."""
    listed_only = sum(1 for sv in servers if not (sv["tools"] or sv["other_tools"]))
    text = f"{number(len(servers))} MCP server{'s' if len(servers) != 1 else ''}"
    if listed_only:
        text += (f" ({number(len(servers) - listed_only)} with a tool list, {number(listed_only)} listed by an index"
                 " without one)")
    return text
