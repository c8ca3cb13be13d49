"""Site build benchmark on a synthetic catalog (catalog.site.synthetic).

  .venv/bin/python benchmarks/bench_site.py full --servers 10000 --tools 10
      full build (pages + JSON export + policies + search index), then a no-change rebuild,
      then a rebuild after 2% of servers changed; wall time and peak RSS (this process and
      the largest child, i.e. pagefind); tool page sizes (HTML and gzipped).
  .venv/bin/python benchmarks/bench_site.py compare --tool-pages 2000
      the same catalog built by toolrisk and by mkdocs-material rendering the same pages as
      Markdown (sitegen note's "top" variant: tool pages not in the nav, search plugin on).
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
    for label, version in (("full", 0), ("no_change", 0), ("changed_2pct", 1)):
        t = time.perf_counter()
        r = build_site(lambda v=version: server_views(args.servers, args.tools, version=v), out)
        wall = time.perf_counter() - t
        me, kids = _rss_mb()
        results[label] = {"wall_s": round(wall, 1), "servers": r.servers, "tools": r.tools, "pages": r.pages,
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


def _markdown_pages(docs: Path, n_servers: int, tools: int) -> int:
    """The same tool/server pages as Markdown, for mkdocs to render."""
    n = 0
    for v in server_views(n_servers, tools):
        sdir = docs / "servers" / v.slug
        sdir.mkdir(parents=True)
        rows = "\n".join(f"| [{t.definition.name}](../../tools/{v.slug}/{t.tool_slug}/index.md) | "
                         f"{t.classification.category if t.classification else '-'} | "
                         f"{t.classification.risk if t.classification else '-'} |" for t in v.tools)
        (sdir / "index.md").write_text(f"# {v.name}\n\n{v.description}\n\n| Tool | Category | Risk |\n|---|---|---|\n{rows}\n")
        n += 1
        for t in v.tools:
            tdir = docs / "tools" / v.slug / t.tool_slug
            tdir.mkdir(parents=True)
            (tdir / "index.md").write_text(_markdown_card(v, t))
            n += 1
    return n


def compare(args: argparse.Namespace) -> None:
    tools = 10
    n_servers = args.tool_pages // tools
    work = Path(tempfile.mkdtemp(prefix="bench-compare-", dir=args.dir))
    # toolrisk
    t = time.perf_counter()
    r = build_site(lambda: server_views(n_servers, tools), work / "public")
    ours = time.perf_counter() - t
    our_pages = r.pages
    # mkdocs-material, "top" variant, rendering the same content (Markdown written beforehand,
    # not timed)
    docs = work / "mk" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    cats = []
    for i in range(20):
        (docs / f"cat-{i}.md").write_text(f"# Category {i}\n")
        cats.append({f"Category {i}": f"cat-{i}.md"})
    n_md = _markdown_pages(docs, n_servers, tools) + 21
    cfg = {"site_name": "bench", "docs_dir": "docs", "site_dir": str(work / "mk" / "site"),
           "theme": {"name": "material", "font": False,
                     "features": ["navigation.sections", "navigation.indexes", "content.code.copy"]},
           "markdown_extensions": ["tables", "admonition", "attr_list", {"toc": {"permalink": True}},
                                   "pymdownx.highlight", "pymdownx.superfences"],
           "plugins": ["search"], "nav": [{"Home": "index.md"}, *cats]}
    (work / "mk" / "mkdocs.yml").write_text(json.dumps(cfg))
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mk" / "mkdocs.yml")],
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True)
    theirs = time.perf_counter() - t
    out = {"tool_pages": r.tools, "toolrisk": {"pages": our_pages, "wall_s": round(ours, 2),
                                                "pages_per_s": round(our_pages / ours, 1)},
           "mkdocs_material_top": {"pages": n_md, "wall_s": round(theirs, 2), "pages_per_s": round(n_md / theirs, 1)}}
    out["speedup"] = round(out["toolrisk"]["pages_per_s"] / out["mkdocs_material_top"]["pages_per_s"], 1)
    print(json.dumps(out, indent=2))
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("full")
    f.add_argument("--servers", type=int, default=10_000)
    f.add_argument("--tools", type=int, default=10)
    f.add_argument("--dir", default=None, help="scratch folder (default: system temp)")
    c = sub.add_parser("compare")
    c.add_argument("--tool-pages", type=int, default=2000)
    c.add_argument("--dir", default=None)
    args = ap.parse_args()
    {"full": full, "compare": compare}[args.cmd](args)


if __name__ == "__main__":
    main()
