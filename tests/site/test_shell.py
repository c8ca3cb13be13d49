"""The mkdocs-material shell step: a theme change must fail loudly, not publish broken pages."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from catalog.errors import Failure
from catalog.site.shell import NAV, _cut_shell, _nav, run_mkdocs


@pytest.fixture(scope="module")
def mk():
    out = run_mkdocs("https://example.org/sub/")
    yield out
    import shutil

    shutil.rmtree(out.site_dir, ignore_errors=True)


def test_shell_is_relocatable_and_hashes_its_inline_scripts(mk):
    for root in ("./", "../../../", "/sub/"):
        head, rest, suffix = mk.shell.parts(root)
        page = head + rest + suffix
        assert "@@ROOT@@" not in page and "../../../../" not in page
        assert f'href="{root}assets/toolrisk.css"' in page
        assert f'src="{root}assets/toolrisk.js"' in page
        csp = re.search(r'content="([^"]+)"', head).group(1)
        for script in re.findall(r"<script>(.*?)</script>", page, re.S):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp
        assert "fonts.googleapis" not in page and "search_index" not in page


def test_nav_lists_present_pages_and_new_ones(tmp_path: Path):
    (tmp_path / "index.md").write_text("x")
    (tmp_path / "about.md").write_text("# About")
    (tmp_path / "zz-new.md").write_text("# Brand new page: details\n")
    nav = _nav(tmp_path)
    assert nav == [{"Home": "index.md"}, {"About": "about.md"}, {"Brand new page": "zz-new.md"}]
    assert all("policies.md" not in str(n) for n in nav)
    assert any(name == "policies.md" for _, name in NAV)


def test_hand_written_pages_are_built(mk):
    assert {"about/index.html", "methodology/index.html", "rubric/index.html", "api/index.html"} <= set(mk.pages)


@pytest.mark.parametrize("html, what", [
    ("<html><body><p>@@CONTENT@@</p></body></html>", "article markup"),
    ('<article class="md-content__inner md-typeset">x</article>', "article markup"),
    ('<head><title>@@TITLE@@</title></head><article class="md-content__inner md-typeset">@@CONTENT@@</article>'
     '<a href="../../x/">', "relative URL"),
])
def test_a_changed_theme_fails_loudly(html, what):
    with pytest.raises(Failure, match=what):
        _cut_shell(html)


def test_real_nav_has_scale_out_after_api():
    from catalog.site.paths import SITE_SRC

    titles = [next(iter(entry)) for entry in _nav(SITE_SRC / "docs")]
    assert titles.index("Scale out") == titles.index("API") + 1
    assert {"Scale out": "scale-out.md"} in _nav(SITE_SRC / "docs")
