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

from catalog.errors import Failure
from catalog.site import integrations
from catalog.site.paths import page_file
from catalog.site.publish import content_hash
from catalog.site.render import Renderer, summarise
from catalog.views import ServerView

FileRow = tuple[str, str, bool]  # (relative path, content hash, linked from the published copy)
MAX_IN_FLIGHT = 16

_state: dict[str, Any] = {}


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class _Writer:
    """Writes one server's files into the fresh staging tree with bare syscalls.

    File creation is the build's biggest cost after rendering (~0.1-0.3 ms per mkdir/open on
    this disk), so no pathlib, no exists() probes: each folder is made once by os.mkdir, each
    file by one exclusive create (staging is new and each path belongs to one server, so an
    existing file can only mean two pages want the same path)."""

    def __init__(self, stage: Path, out: Path, old: dict[str, str]) -> None:
        self.stage, self.out, self.old = str(stage), str(out), old
        self.rows: list[FileRow] = []

    def mkdir(self, rel_dir: str) -> None:
        path = f"{self.stage}/{rel_dir}"
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(path, exist_ok=True)

    def put(self, rel: str, data: bytes) -> None:
        """Write `rel` (its folder must exist), or link the published copy if unchanged."""
        h = content_hash(data)
        target = f"{self.stage}/{rel}"
        if self.old.get(rel) == h:
            try:
                os.link(f"{self.out}/{rel}", target)
                self.rows.append((rel, h, True))
                return
            except OSError:
                pass
        try:
            fd = os.open(target, _WRITE_FLAGS, 0o644)
        except FileExistsError:
            raise Failure(f"two pages want the same path {rel}; slugs collide") from None
        try:
            os.write(fd, data)  # regular files: one write takes the whole (< 2 GB) buffer
        finally:
            os.close(fd)
        self.rows.append((rel, h, False))


def render_server_files(renderer: Renderer, stage: Path, out: Path, view: ServerView,
                        old: dict[str, str]) -> list[FileRow]:
    """Write one server's files (policy starters, tool cards, server page, badge) into stage."""
    w = _Writer(stage, out, old)
    summary = summarise(view)
    pserver = integrations.policy_server(view)
    policy_rels: list[str] = []
    if view.tools:
        w.mkdir(f"policies/{view.slug}")
        for rel, data in integrations.server_policy_files(view):
            w.put(rel, data)
            policy_rels.append(rel)
    if view.tools or view.other_tools:
        w.mkdir(f"tools/{view.slug}")
    for tools, elsewhere in ((view.tools, False), (view.other_tools, True)):
        for tool in tools:
            page = renderer.tool_page(view, tool, pserver, listed_elsewhere=elsewhere)
            w.mkdir(page.rel_dir)
            w.put(page_file(page.rel_dir), page.html.encode("utf-8"))
    page = renderer.server_page(view, summary, policy_rels)
    w.mkdir(page.rel_dir)
    w.put(page_file(page.rel_dir), page.html.encode("utf-8"))
    w.mkdir("badges")
    w.put(f"badges/{view.slug}.svg", summary.badge_svg.encode("utf-8"))
    return w.rows


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
