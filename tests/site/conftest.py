"""Fixtures for the site tests: a built synthetic site (with hostile tool text), a real HTTP
server on 127.0.0.1, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.site.build import build_site
from catalog.site.serve import make_server
from catalog.site.synthetic import server_views

sys.path.insert(0, str(Path(__file__).parent))  # the strict HTML checker beside these tests

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) for the session; yields the base URL."""
    server = make_server(folder, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    build_site(server_views(24, tools_per_server=8, hostile=True), out, base_url="http://127.0.0.1:8000/")
    return out


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    yield from _serve(built_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is required for the browser tests: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="toolrisk-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")  # screenshots are outputs, never committed
    return ARTIFACTS


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of one real server (tests/site/real_server.py)."""
    from real_server import github_server

    out = tmp_path_factory.mktemp("real-site") / "public"
    build_site([github_server()], out, base_url="http://127.0.0.1:8000/")
    return out


@pytest.fixture(scope="session")
def real_site_url(real_site: Path) -> Iterator[str]:
    yield from _serve(real_site)
