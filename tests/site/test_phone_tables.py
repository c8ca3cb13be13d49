"""Wide tables on a phone: they scroll sideways, and the page says so (edge shadows, a hint in
words) only where a table does not fit; tables read a row at a time (tr-stack) stack their rows
instead and never scroll (test_phone_layout.py). Debian's Chromium via Playwright."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HINTS = """() => Array.from(document.querySelectorAll('table.tr-table')).map(t => {
  const h = t.previousElementSibling;
  const shown = !!(h && h.classList.contains('tr-scroll-hint') && !h.hidden && h.offsetHeight > 0);
  return {id: t.id, over: t.scrollWidth > t.clientWidth + 1, hint: shown, text: shown ? h.textContent : '',
          bg: getComputedStyle(t).backgroundImage, stack: t.classList.contains('tr-stack')};
})"""


def _tables(browser, url: str, width: int) -> list[dict]:
    pg = browser.new_page()
    try:
        pg.set_viewport_size({"width": width, "height": 844})
        pg.goto(url)
        pg.wait_for_load_state("networkidle")
        return pg.evaluate(HINTS)
    finally:
        pg.close()


def test_wide_tables_show_a_scroll_hint_on_a_phone(browser, site_url):
    tables = _tables(browser, site_url + "servers/server-01/", 390)
    wide = [t for t in tables if t["over"]]
    assert wide, "the server page has tables wider than a phone (sources, surfaces)"
    for t in tables:
        assert t["hint"] == t["over"], t  # a hint above every table that scrolls, none above one that fits
    assert all("→" in t["text"] for t in wide)
    assert all("gradient" in t["bg"] for t in tables if not t["stack"])  # the edge shadows
    stacked = [t for t in tables if t["stack"]]
    assert stacked and not any(t["over"] or t["hint"] for t in stacked)


def test_no_scroll_hint_on_a_desktop(browser, site_url):
    tables = _tables(browser, site_url + "servers/server-01/", 1280)
    assert tables and not any(t["over"] or t["hint"] for t in tables), tables


def test_the_hint_follows_the_window_width(browser, site_url):
    pg = browser.new_page()
    try:
        pg.set_viewport_size({"width": 1280, "height": 900})
        pg.goto(site_url + "servers/server-01/")
        pg.wait_for_load_state("networkidle")
        assert not any(t["hint"] for t in pg.evaluate(HINTS))
        pg.set_viewport_size({"width": 390, "height": 844})
        pg.wait_for_timeout(200)
        assert any(t["hint"] for t in pg.evaluate(HINTS))
    finally:
        pg.close()
