"""Rendering servers in worker processes.

The parent streams views from the store and does the per-server bookkeeping (fingerprint,
browse rows, search document, JSON export); rendering and writing a changed server's pages
(≈1 ms per tool, half CPU, half file-system calls) goes to forked workers, which write
straight into the staging folder. Unchanged files inside a re-rendered server are linked
from the published copy, as in Publisher.write.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog.site import integrations
from catalog.site.paths import page_file
from catalog.site.publish import content_hash
from catalog.site.render import Renderer, summarise
from catalog.views import ServerView

FileRow = tuple[str, str, bool]  # (relative path, content hash, linked from the published copy)
MAX_IN_FLIGHT = 16

_state: dict[str, Any] = {}


def _link_or_write(stage: Path, out: Path, rel: str, data: bytes, old: dict[str, str]) -> FileRow:
    h = content_hash(data)
    target = stage / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if old.get(rel) == h:
        try:
            os.link(out / rel, target)
            return rel, h, True
        except OSError:
            pass
    target.write_bytes(data)
    return rel, h, False


def render_server_files(renderer: Renderer, stage: Path, out: Path, view: ServerView,
                        old: dict[str, str]) -> list[FileRow]:
    """Write one server's files (policy starters, tool cards, server page, badge) into stage."""
    rows: list[FileRow] = []
    summary = summarise(view)
    pserver = integrations.policy_server(view)
    policy_rels: list[str] = []
    if view.tools:
        for path in integrations.write_policies(stage, view):
            rel = Path(path).relative_to(stage).as_posix()
            data = Path(path).read_bytes()
            h = content_hash(data)
            linked = False
            if old.get(rel) == h:
                tmp = stage / (rel + ".tr-link")
                try:
                    os.link(out / rel, tmp)
                    os.replace(tmp, stage / rel)
                    linked = True
                except OSError:
                    pass
            rows.append((rel, h, linked))
            policy_rels.append(rel)
    for tool in view.tools:
        page = renderer.tool_page(view, tool, pserver)
        rows.append(_link_or_write(stage, out, page_file(page.rel_dir), page.html.encode("utf-8"), old))
    for tool in view.other_tools:
        page = renderer.tool_page(view, tool, pserver, listed_elsewhere=True)
        rows.append(_link_or_write(stage, out, page_file(page.rel_dir), page.html.encode("utf-8"), old))
    page = renderer.server_page(view, summary, policy_rels)
    rows.append(_link_or_write(stage, out, page_file(page.rel_dir), page.html.encode("utf-8"), old))
    rows.append(_link_or_write(stage, out, f"badges/{view.slug}.svg", summary.badge_svg.encode("utf-8"), old))
    return rows


def _job(view: ServerView, old: dict[str, str]) -> tuple[str, list[FileRow]]:
    return view.slug, render_server_files(_state["renderer"], _state["stage"], _state["out"], view, old)


class RenderPool:
    """Runs render_server_files in-process (workers <= 1) or in forked workers."""

    def __init__(self, renderer: Renderer, stage: Path, out: Path, workers: int,
                 on_done: Callable[[str, list[FileRow]], None]) -> None:
        self.renderer, self.stage, self.out, self.on_done = renderer, stage, out, on_done
        self.pending: deque[Any] = deque()
        self.pool = None
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _state.update(renderer=renderer, stage=stage, out=out)
            # fork: the workers inherit the renderer (jinja environment, page shell) as it is.
            self.pool = multiprocessing.get_context("fork").Pool(workers)

    def submit(self, view: ServerView, old: dict[str, str]) -> None:
        if self.pool is None:
            self.on_done(view.slug, render_server_files(self.renderer, self.stage, self.out, view, old))
            return
        self.pending.append(self.pool.apply_async(_job, (view, old)))
        while len(self.pending) > MAX_IN_FLIGHT or (self.pending and self.pending[0].ready()):
            self.on_done(*self.pending.popleft().get())

    def finish(self) -> None:
        while self.pending:
            self.on_done(*self.pending.popleft().get())
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
            _state.clear()


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


__all__ = ["RenderPool", "default_workers", "render_server_files", "hashlib"]
