"""Search: pagefind, fed small per-page documents and run in shards.

pagefind needs ~25-90 KB of RSS per indexed page, so at catalog scale one run would not fit
in 2 GB. Each server belongs to one of K shards (by a stable hash of its slug); each shard
is one pagefind bundle under /pagefind/<k>/, and the search page merges them in the browser.
The documents pagefind reads are tiny HTML files written to a scratch folder at the real
pages' paths (so result URLs are the real pages), not the full pages: less to parse, and the
chrome is never indexed. A shard whose documents did not change keeps its previous bundle.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from markupsafe import escape

from catalog.errors import Failure
from catalog.site.listings import server_where
from catalog.site.publish import Publisher, _alive
from catalog.views import ServerView

PAGES_PER_SHARD = 20_000  # servers (each with its tools) per pagefind run
DOC_DESC_CHARS = 300
LISTED_ONLY_WEIGHT = "0.2"  # pagefind weight of a server page without a tool list (body text is 1.0)


def shard_count(n_docs: int) -> int:
    return max(1, math.ceil(n_docs / PAGES_PER_SHARD))


def _doc(title: str, kind: str, lines: list[str], meta: dict[str, str], tail: str = "",
         weight: str | None = None) -> bytes:
    """`weight`: pagefind's weight for every word of the document (body text is 1.0, the h1
    7.0). The title is then a plain paragraph, and goes in the `name` meta rather than
    `title` or <title> (pagefind's title meta): a match in the title meta adds 5x to a page's
    score, which alone put a server page without a tool list above servers whose tools match.
    The search page gives `name` no ranking weight (toolrisk.js)."""
    metas = "".join(f'<span data-pagefind-meta="{k}">{escape(v)}</span>' for k, v in meta.items())
    if weight is None:
        head = f"<title>{escape(title)}</title>"
        top = f"<h1>{escape(title)}</h1>"
        body = "".join(f"<p>{escape(x)}</p>" for x in lines if x)
    else:
        head = ""
        metas += f'<span data-pagefind-meta="name">{escape(title)}</span>'
        top = f'<p data-pagefind-weight="{weight}">{escape(title)}</p>'
        body = "".join(f'<p data-pagefind-weight="{weight}">{escape(x)}</p>' for x in lines if x)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head>'
        f'<body><main data-pagefind-body>{top}{body}{tail}'
        f'<div data-pagefind-ignore hidden><span data-pagefind-filter="kind">{kind}</span>{metas}</div>'
        "</main></body></html>"
    ).encode()


class SearchIndex:
    def __init__(self) -> None:
        self.items: list[tuple[int, str, bytes]] = []  # (crc32 of the server slug, path, document)
        self.extra: list[tuple[str, bytes]] = []  # hand-written pages, in shard 0

    @property
    def k(self) -> int:
        return shard_count(len(self.items) + len(self.extra))

    def add_server(self, view: ServerView) -> None:
        """One document per server; each tool is a heading with an anchor, which pagefind
        returns as a sub-result (the search page turns `t-<tool>` anchors into card URLs).
        One document per tool would need 11x the pagefind pages, time and memory."""
        sections = []
        for t in view.tools:
            c = t.classification
            label = f"{c.category} · {c.risk} risk" if c else "not classified"
            desc = (t.definition.description or "")[:DOC_DESC_CHARS]
            title = f" ({t.definition.title})" if t.definition.title else ""
            sections.append(f'<h2 id="t-{t.tool_slug}">{escape(t.definition.name)}</h2>'
                            f"<p>{escape(label)}{escape(title)}. {escape(desc)}</p>")
        for t in view.other_tools:
            c = t.classification
            label = f"{c.category} · {c.risk} risk" if c else "not classified"
            desc = (t.definition.description or "")[:DOC_DESC_CHARS]
            sections.append(f'<h2 id="t-{t.tool_slug}">{escape(t.definition.name)}</h2>'
                            f"<p>{escape(label)}; not in the current tool list, listed by {escape(t.source)}. "
                            f"{escape(desc)}</p>")
        n = len(view.tools)
        if sections:
            doc = _doc(view.name, "server", [view.description or "", f"{n} tools"],
                       {"kind": "server", "detail": f"{n} tool{'s' if n != 1 else ''}", "tools": str(len(sections)),
                        "where": server_where(view)},
                       "".join(sections))
        else:
            # No index gave its tools: a page of a dozen words, which pagefind's length
            # normalisation ranked above servers whose tools match. Its words weigh less than
            # any tool's, and the search page lists it after servers with tools.
            doc = _doc(view.name, "server", [view.description or ""],
                       {"kind": "server", "detail": "no tool list", "tools": "0", "where": server_where(view)},
                       weight=LISTED_ONLY_WEIGHT)
        self.items.append((zlib.crc32(view.slug.encode()), f"servers/{view.slug}/index.html", doc))

    def add_page(self, rel: str, title: str, text: str) -> None:
        self.extra.append((rel, _doc(title, "page", [text[:2000]], {"kind": "page", "detail": "documentation"})))

    def finish(self, pub: Publisher, scratch_parent: Path) -> dict[str, object]:
        """Index changed shards with pagefind, reuse the others; returns stats."""
        prev = pub.previous("search", {}) or {}
        k = self.k
        prev_shards = prev.get("shards", {}) if prev.get("k") == k else {}
        docs_by_shard: list[list[tuple[str, bytes]]] = [[] for _ in range(k)]
        for key, rel, data in self.items:
            docs_by_shard[key % k].append((rel, data))
        docs_by_shard[0].extend(self.extra)
        self.items = []
        state: dict[str, object] = {"k": k, "shards": {}}
        reindexed = 0
        where = _scratch_dir(scratch_parent, sum(len(d) for docs in docs_by_shard for _, d in docs))
        scratch = Path(tempfile.mkdtemp(prefix=f".toolrisk-search-{os.getpid()}-", dir=where))
        try:
            for i, docs in enumerate(docs_by_shard):
                docs.sort()
                h = hashlib.sha256()
                for rel, data in docs:
                    h.update(rel.encode() + b"\0" + data + b"\0")
                digest = h.hexdigest()
                old = prev_shards.get(str(i))
                if old and old["hash"] == digest and all(pub.reuse(r) for r in old["files"]):
                    state["shards"][str(i)] = old  # type: ignore[index]
                    continue
                site = scratch / f"s{i}"
                for rel, data in docs:
                    p = site / rel
                    p.parent.mkdir(parents=True, exist_ok=True)
                    p.write_bytes(data)
                if not docs:  # pagefind refuses an empty site; index a placeholder
                    (site / "x").mkdir(parents=True)
                    (site / "x" / "index.html").write_bytes(_doc("", "none", [], {}))
                bundle = pub.stage / "pagefind" / str(i)
                _run_pagefind(site, bundle)
                shutil.rmtree(site, ignore_errors=True)
                files = pub.adopt([p for p in bundle.rglob("*") if p.is_file()])
                state["shards"][str(i)] = {"hash": digest, "files": files}  # type: ignore[index]
                reindexed += 1
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        pub.extra["search"] = state
        return {"shards": k, "reindexed": reindexed, "docs": sum(len(d) for d in docs_by_shard)}

    def bundle_paths(self) -> list[str]:
        return [f"pagefind/{i}/" for i in range(self.k)]


def _scratch_dir(default: Path, doc_bytes: int) -> Path:
    """Where pagefind's input documents go: a memory file system when there is room.

    They live for one pagefind run. On ext4 without a journal, every file created and deleted
    makes inode allocation slower for the next minutes (freed inodes are skipped while recently
    deleted), so ~2 files per server written and removed on disk each build would slow this
    build's and the next one's page writes."""
    shm = Path("/dev/shm")
    for left in shm.glob(".toolrisk-search-*-*"):  # a killed build's scratch would hold memory
        pid = left.name.split("-")[2]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(left, ignore_errors=True)
    need = doc_bytes * 2 + (64 << 20)
    try:
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK) and st.f_bavail * st.f_frsize > need:
            return shm
    except OSError:
        pass
    return default


def _run_pagefind(site: Path, bundle: Path) -> None:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--silent"]
    env = {**os.environ, "PAGEFIND_SITE": str(site)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode != 0 or not (bundle / "pagefind.js").is_file():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        raise Failure(f"search index: pagefind failed on {site.name} (exit {proc.returncode}): {tail[0][:200]}")
