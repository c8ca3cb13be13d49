"""Site build benchmark on a synthetic catalog (catalog.site.synthetic).

  .venv/bin/python benchmarks/bench_site.py full --servers 10000 --tools 10
      full build (pages + JSON export + policies + search index), then a no-change rebuild,
      then a rebuild after 2% of servers changed; wall time and peak RSS (this process and
      the largest child, i.e. pagefind); tool page sizes (HTML and gzipped).
  .venv/bin/python benchmarks/bench_site.py compare --tool-pages 2000
      like for like: our tool/server page rendering+writing (in the real mkdocs shell) vs
      mkdocs-material rendering the same pages from Markdown (sitegen note's "top" variant:
      tool pages not in the nav, search plugin on; and with search off); plus our whole build
      (pages + export + policies + badges + browse + search) against the same mkdocs figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog.site.build import build_site  # noqa: E402
from catalog.site.synthetic import server_views  # noqa: E402


def _rss_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(me, 1), round(kids, 1)


def _cpu() -> tuple[float, float]:
    """(user, system) CPU seconds of this process and its reaped children (workers, pagefind).

    The system share is mostly ext4 allocating inodes; on this shared VM it swings with how
    many files other jobs deleted in the last minutes (see site/README.md)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + kids.ru_utime, me.ru_stime + kids.ru_stime


def _page_sizes(out: Path, sample: int = 2000) -> dict[str, float]:
    pages = sorted((out / "tools").glob("*/*/index.html"))
    rng = random.Random(1)
    picked = rng.sample(pages, min(sample, len(pages)))
    raw = [p.stat().st_size for p in picked]
    gz = [len(gzip.compress(p.read_bytes(), 6)) for p in picked]
    return {"tool_pages": len(pages), "html_kb_mean": round(sum(raw) / len(raw) / 1024, 1),
            "html_kb_max": round(max(raw) / 1024, 1), "gzip_kb_mean": round(sum(gz) / len(gz) / 1024, 2),
            "gzip_kb_max": round(max(gz) / 1024, 2)}


def full(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-site-", dir=args.dir))
    out = work / "public"
    results = {}
    cpu0 = _cpu()
    stages = (("full", 0),) if args.full_only else (("full", 0), ("no_change", 0), ("changed_2pct", 1))
    for label, version in stages:
        t = time.perf_counter()
        r = build_site(lambda v=version: server_views(args.servers, args.tools, version=v), out)
        wall = time.perf_counter() - t
        me, kids = _rss_mb()
        cpu = _cpu()
        user, sys_ = cpu[0] - cpu0[0], cpu[1] - cpu0[1]
        cpu0 = cpu
        results[label] = {"wall_s": round(wall, 1), "cpu_user_s": round(user, 1), "cpu_sys_s": round(sys_, 1),
                          "other_tools": getattr(r, "other_tools", 0), "servers": r.servers, "tools": r.tools, "pages": r.pages,
                          "rendered": r.servers_rendered, "reused": r.servers_reused,
                          "written": r.files_written, "unchanged": r.files_linked, "search": r.search,
                          "timings": {k: round(v, 1) for k, v in r.timings.items()},
                          "peak_rss_mb_python": me, "peak_rss_mb_largest_child": kids}
        print(label, json.dumps(results[label]), flush=True)
    results["sizes"] = _page_sizes(out)
    files = sum(1 for _ in out.rglob("*"))
    results["site"] = {"files": files, "mb": round(sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20, 1)}
    print("sizes", json.dumps(results["sizes"]), "site", json.dumps(results["site"]), flush=True)
    shutil.rmtree(work, ignore_errors=True)


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown_card(v, t) -> str:
    """The same content as our tool card, as Markdown for mkdocs: every section, every snippet."""
    from catalog import policies
    from catalog.site import integrations
    from catalog.site.cardtext import card_text

    d, c = t.definition, t.classification
    card = card_text(d, c)
    rec = integrations.recommendation(d, c)
    faq = integrations.faq(policies.policy_server(v), v, t, rec)
    out = [f"# {d.name}\n", f"A tool of [{v.name}](../../../servers/{v.slug}/index.md).\n"]
    if c:
        out.append(f"**{c.category}** · **{c.risk}** risk · confidence {c.confidence:.2f} · {', '.join(c.flags)}\n")
    out.append(f"## Description\n\n{d.description or ''}\n")
    out.append("## What it can and cannot do\n\n" + "\n".join(f"- {x}" for x in card.can + card.cannot) + "\n")
    if c and c.evidence:
        out.append("## Evidence\n\n| Field | Quote | Why |\n|---|---|---|\n"
                   + "\n".join(f"| {e.field} | {_md(e.quote)} | {_md(e.why)} |" for e in c.evidence) + "\n")
    out.append("## Declared annotations\n\n| Hint | Declared | Inferred |\n|---|---|---|\n"
               + "\n".join(f"| {r.hint} | {r.declared} | {r.inferred} |" for r in card.declared) + "\n")
    props = (d.input_schema or {}).get("properties", {})
    out.append("## Parameters\n\n| Name | Type | Description |\n|---|---|---|\n"
               + "\n".join(f"| `{k}` | {_md(p.get('type'))} | {_md(p.get('description', ''))} |" for k, p in props.items()) + "\n")
    out.append("## Attack patterns\n\n" + "\n".join(f"- **{a.name}.** {a.text}" for a in card.attacks) + "\n")
    out.append(f"## Recommended policy\n\n**{rec.verdict}** {rec.summary}\n\n" + "\n".join(f"- {r}" for r in rec.reasons) + "\n")
    out.append("## FAQ\n")
    for q in faq:
        out.append(f"### {q.question}\n\n{q.answer}\n")
        if q.snippet:
            out.append(f"```\n{q.snippet}\n```\n")
    out.append(f"## Provenance\n\n- Source: {t.source}\n- Definition hash: `{t.definition_hash}`\n"
               f"- Classifier: {c.classifier_version if c else '-'}\n- Rules: {', '.join(c.rules) if c else '-'}\n")
    out.append("## History\n\n| Seen | Source | Class | Risk |\n|---|---|---|---|\n"
               + "\n".join(f"| {h.first_seen:%Y-%m-%d} | {h.source} | {h.category} | {h.risk} |" for h in t.history) + "\n")
    return "\n".join(out)


def _markdown_pages(docs: Path, views: list) -> int:
    """The same tool/server pages as Markdown, for mkdocs to render."""
    n = 0
    for v in views:
        sdir = docs / "servers" / v.slug
        sdir.mkdir(parents=True)
        rows = "\n".join(f"| [{t.definition.name}](../../tools/{v.slug}/{t.tool_slug}/index.md) | "
                         f"{t.classification.category if t.classification else '-'} | "
                         f"{t.classification.risk if t.classification else '-'} |" for t in v.tools)
        (sdir / "index.md").write_text(f"# {v.name}\n\n{v.description}\n\n| Tool | Category | Risk |\n|---|---|---|\n{rows}\n")
        n += 1
        for t in v.tools + v.other_tools:
            tdir = docs / "tools" / v.slug / t.tool_slug
            tdir.mkdir(parents=True)
            (tdir / "index.md").write_text(_markdown_card(v, t))
            n += 1
    return n


_PAGES: dict[str, object] = {}


def _render_pages(view) -> int:
    """Tool cards + server page of one server, rendered and written: what mkdocs does per page."""
    from catalog.site import integrations
    from catalog.site.paths import page_file
    from catalog.site.render import summarise
    from catalog.site.workers import _Writer

    r, stage = _PAGES["renderer"], _PAGES["stage"]
    w = _Writer(stage, stage, {})
    pserver = integrations.policy_server(view)
    w.mkdir(f"tools/{view.slug}")
    for tools, elsewhere in ((view.tools, False), (view.other_tools, True)):
        for tool in tools:
            page = r.tool_page(view, tool, pserver, listed_elsewhere=elsewhere)
            w.mkdir(page.rel_dir)
            w.put(page_file(page.rel_dir), page.html.encode("utf-8"))
    page = r.server_page(view, summarise(view), [])
    w.mkdir(page.rel_dir)
    w.put(page_file(page.rel_dir), page.html.encode("utf-8"))
    return len(w.rows)


def _our_pages_only(views: list, out: Path, workers: int) -> tuple[int, float]:
    """Like for like with mkdocs: the page shell (a real mkdocs build of the hand-written pages)
    plus every tool and server page rendered and written; no export, policy files, badges,
    browse pages or search index. Returns (pages, seconds)."""
    import multiprocessing

    from catalog.site.render import Renderer
    from catalog.site.shell import run_mkdocs

    t = time.perf_counter()
    mk = run_mkdocs("http://127.0.0.1:8000/")
    shutil.rmtree(mk.site_dir, ignore_errors=True)
    out.mkdir(parents=True)
    _PAGES.update(renderer=Renderer(mk.shell, "http://127.0.0.1:8000/"), stage=out)
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            n = sum(pool.imap_unordered(_render_pages, views, chunksize=4))
    else:
        n = sum(_render_pages(v) for v in views)
    return n + len(mk.pages), time.perf_counter() - t


def _mkdocs_build(work: Path, search: bool, site: str) -> float:
    cfg = json.loads((work / "mk" / "mkdocs.yml").read_text())
    cfg["plugins"] = ["search"] if search else []
    cfg["site_dir"] = str(work / "mk" / site)
    (work / "mk" / "mkdocs.yml").write_text(json.dumps(cfg))
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mk" / "mkdocs.yml")],
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True)
    return time.perf_counter() - t


def _fs_calibration(where: Path, dirs: int, files: int, size: int) -> float:
    """Seconds to create `dirs` folders and `files` files of `size` bytes: what the file system
    alone charges for a tree like the one both sides write (on this VM it swings 10x with how
    many files were created and deleted in the minutes before)."""
    base = where / "fs-calibration"
    base.mkdir()
    data = b"x" * size
    t = time.perf_counter()
    for i in range(dirs):
        os.mkdir(base / f"d{i}")
    for i in range(files):
        (base / f"d{i % dirs}" / f"f{i}.html").write_bytes(data)
    return time.perf_counter() - t


def _median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def compare(args: argparse.Namespace) -> None:
    """Side by side at the same catalog, in one run:
    - like for like: our page rendering+writing (tool cards and server pages inside the real
      mkdocs-material shell, which is built as part of the timing) vs mkdocs-material rendering
      the same pages from Markdown ("top" variant of the sitegen note: search plugin on).
      Measured `--rounds` times, alternating which side goes first, and nothing is deleted until
      the end: on this disk, deleting thousands of files slows the next thousands of creates,
      so a fixed order or a cleanup between runs would tilt the result;
    - once each, for context: ours in one process, mkdocs without search, and our whole build
      (pages + JSON export + policy files + badges + browse pages + search index)."""
    from catalog.site.workers import default_workers

    tools = 10
    n_servers = args.tool_pages // tools
    work = Path(tempfile.mkdtemp(prefix="bench-compare-", dir=args.dir))
    views = list(server_views(n_servers, tools))  # input generation is not timed on either side
    workers = default_workers() if args.workers is None else args.workers
    # mkdocs-material input: the same content as Markdown (written beforehand, not timed)
    docs = work / "mk" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    cats = []
    for i in range(20):
        (docs / f"cat-{i}.md").write_text(f"# Category {i}\n")
        cats.append({f"Category {i}": f"cat-{i}.md"})
    n_md = _markdown_pages(docs, views) + 21
    cfg = {"site_name": "bench", "docs_dir": "docs", "site_dir": str(work / "mk" / "site"),
           "theme": {"name": "material", "font": False,
                     "features": ["navigation.sections", "navigation.indexes", "content.code.copy"]},
           "markdown_extensions": ["tables", "admonition", "attr_list", {"toc": {"permalink": True}},
                                   "pymdownx.highlight", "pymdownx.superfences"],
           "plugins": ["search"], "nav": [{"Home": "index.md"}, *cats]}
    (work / "mk" / "mkdocs.yml").write_text(json.dumps(cfg))

    fs_before = _fs_calibration(work, n_servers * (tools + 1), n_servers * (tools + 1), 20_000)
    ours_s: list[float] = []
    theirs_s: list[float] = []
    pages = 0
    cpu: dict[str, list[tuple[float, float]]] = {"ours": [], "theirs": []}
    for rnd in range(args.rounds):
        for side in (("ours", "theirs") if rnd % 2 == 0 else ("theirs", "ours")):
            c0 = _cpu()
            if side == "ours":
                pages, s = _our_pages_only(views, work / f"pages-only-{rnd}", workers)
                ours_s.append(s)
            else:
                theirs_s.append(_mkdocs_build(work, search=True, site=f"site-{rnd}"))
            c1 = _cpu()
            cpu[side].append((round(c1[0] - c0[0], 2), round(c1[1] - c0[1], 2)))
        print(f"round {rnd + 1}: ours {ours_s[-1]:.2f} s (CPU user/sys {cpu['ours'][-1]}), mkdocs-material "
              f"{theirs_s[-1]:.2f} s (CPU user/sys {cpu['theirs'][-1]}), "
              f"{(pages / ours_s[-1]) / (n_md / theirs_s[-1]):.1f}x", flush=True)
    pages_1, pages_1s = _our_pages_only(views, work / "pages-only-1proc", 1)
    theirs_nosearch = _mkdocs_build(work, search=False, site="site-nosearch")
    t = time.perf_counter()
    r = build_site(views, work / "public")
    ours_whole = time.perf_counter() - t
    fs_after = _fs_calibration(work / "public", n_servers * (tools + 1), n_servers * (tools + 1), 20_000)

    def rate(n: int, s: float) -> dict[str, float]:
        return {"pages": n, "wall_s": round(s, 2), "pages_per_s": round(n / s, 1)}

    ours_med, theirs_med = _median(ours_s), _median(theirs_s)
    ref = n_md / theirs_med
    out = {"tool_pages": r.tools + r.other_tools, "workers": workers, "rounds": args.rounds,
           "toolrisk_pages_only_runs_s": [round(x, 2) for x in ours_s],
           "mkdocs_material_top_runs_s": [round(x, 2) for x in theirs_s],
           "cpu_user_sys_s": cpu,
           "toolrisk_pages_only": rate(pages, ours_med),
           "mkdocs_material_top": rate(n_md, theirs_med),
           "like_for_like_speedup": round(pages / ours_med / ref, 1),
           "like_for_like_speedup_per_round": [round((pages / o) / (n_md / m), 1)
                                               for o, m in zip(ours_s, theirs_s, strict=True)],
           "toolrisk_pages_only_1_process": rate(pages_1, pages_1s),
           "like_for_like_speedup_1_process": round(pages_1 / pages_1s / ref, 1),
           "mkdocs_material_top_nosearch": rate(n_md, theirs_nosearch),
           "like_for_like_speedup_vs_nosearch": round(pages / ours_med / (n_md / theirs_nosearch), 1),
           "toolrisk_whole_build": rate(r.pages, ours_whole),
           "whole_build_speedup": round(r.pages / ours_whole / ref, 1),
           "fs_calibration_s": {"before": round(fs_before, 2), "after": round(fs_after, 2),
                                "what": f"{n_servers * (tools + 1)} folders + as many 20 KB files, one process"}}
    print(json.dumps(out, indent=2))
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("full")
    f.add_argument("--servers", type=int, default=10_000)
    f.add_argument("--tools", type=int, default=10)
    f.add_argument("--dir", default=None, help="scratch folder (default: system temp)")
    f.add_argument("--full-only", action="store_true", help="skip the no-change and 2%% rebuilds")
    c = sub.add_parser("compare")
    c.add_argument("--tool-pages", type=int, default=2000)
    c.add_argument("--dir", default=None)
    c.add_argument("--workers", type=int, default=None, help="render workers (default: the build's)")
    c.add_argument("--rounds", type=int, default=3, help="like-for-like rounds (median reported)")
    args = ap.parse_args()
    {"full": full, "compare": compare}[args.cmd](args)


if __name__ == "__main__":
    main()
