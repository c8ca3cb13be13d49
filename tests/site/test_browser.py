"""The site in Debian's Chromium (Playwright): the main journey, hostile tool text, no
request leaving the site, no CSP violation, and screenshots at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, site_url):
    pg = browser.new_page()
    state = {"outside": [], "console_errors": [], "dialogs": []}
    origin = urlsplit(site_url).netloc

    def route(r):
        if urlsplit(r.request.url).netloc != origin:
            state["outside"].append(r.request.url)
            r.abort()
        else:
            r.continue_()

    pg.route("**/*", route)
    pg.on("console", lambda m: m.type == "error" and state["console_errors"].append(m.text))
    pg.on("dialog", lambda d: (state["dialogs"].append(d.message), d.dismiss()))
    pg.state = state
    yield pg
    pg.close()


def test_home_search_card_copy_server(page, site_url, browser):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url)
    assert "MCP" in page.title()
    page.fill("header input[name=q]", "delete")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=delete")
    first = page.locator("#tr-results li a").first
    first.wait_for(timeout=15000)
    assert "match" in page.inner_text("#tr-status")
    name = first.inner_text()
    assert "delete" in name
    first.click()
    page.wait_for_url("**/tools/**")
    assert page.locator("h1").inner_text() == name
    # copy a policy snippet from the FAQ
    faq = page.locator("details.tr-faq").nth(1)
    faq.locator("summary").click()
    expected = faq.locator("pre code").inner_text()
    faq.locator("button.tr-copy").click()
    faq.locator("button.tr-copy.is-done").wait_for(timeout=5000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == expected.strip() and len(copied) > 20
    # follow the breadcrumb to its server page and find the tool in the sortable table
    page.locator("nav.tr-crumbs a").nth(1).click()
    page.wait_for_url("**/servers/**")
    assert page.locator("#tools-table").get_by_text(name, exact=True).count() == 1
    page.fill("input.tr-filter", name)
    visible = page.locator("#tools-table tbody tr:visible").count()
    assert visible >= 1
    page.locator("#tools-table th[data-sort=risk]").click()
    assert page.locator("#tools-table th[aria-sort]").count() == 1
    assert not page.state["outside"], page.state["outside"]
    assert not [e for e in page.state["console_errors"] if "Content Security Policy" in e]


def test_hostile_descriptions_execute_nothing(page, site_url, built_site: Path):
    cards = sorted((built_site / "tools" / "server-00").glob("*/index.html"))[:8]
    assert cards
    for card in cards:
        rel = card.parent.relative_to(built_site).as_posix()
        page.goto(site_url + rel + "/")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss === undefined"), rel
        # a javascript: link must not exist as a link anywhere on the page
        assert page.locator("a[href^='javascript:' i]").count() == 0
        for link in page.locator("a").all()[:200]:
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith("javascript"), href
    page.goto(site_url + "servers/server-00/")
    assert page.evaluate("window.__xss === undefined")
    # the payload is visible as text
    page.goto(site_url + cards[0].parent.relative_to(built_site).as_posix() + "/")
    assert not page.state["dialogs"]


def test_no_request_leaves_the_site_and_no_csp_violation(page, site_url):
    for path in ("", "servers/server-01/", "risk/high/", "category/Read/", "changes/", "about/",
                 "methodology/", "api/", "search/?q=server", "does-not-exist/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert not page.state["outside"], page.state["outside"]
    assert not [e for e in page.state["console_errors"] if "Content Security Policy" in e or "Refused" in e], \
        page.state["console_errors"]


@pytest.mark.parametrize("width,height,tag", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots(browser, site_url, built_site: Path, artifacts: Path, width, height, tag):
    pg = browser.new_page()
    pg.set_viewport_size({"width": width, "height": height})
    card = sorted((built_site / "tools" / "server-01").glob("*/index.html"))[0]
    targets = {"home": "", "server": "servers/server-01/",
               "tool": card.parent.relative_to(built_site).as_posix() + "/", "search": "search/?q=delete"}
    for name, path in targets.items():
        pg.goto(site_url + path)
        pg.wait_for_load_state("networkidle")
        shot = artifacts / f"{name}-{tag}.png"
        pg.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5000
    # nothing wider than the viewport on a phone
    if tag == "phone":
        for path in targets.values():
            pg.goto(site_url + path)
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (path, overflow)
    pg.close()
