"""Accessibility of the built site in Debian's Chromium (Playwright): page structure, names of
controls, keyboard use, visible focus, contrast computed from Chromium's styles, and the pages
without JavaScript. Runs on the session's synthetic site (conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.site.svg import CATEGORY_COLORS, NO_RISK_COLOR, RISK_COLORS

pytestmark = pytest.mark.browser


def _card(built_site: Path, marker: str = 'class="tr-copy"') -> str:
    """The URL path of the first synthetic tool card whose HTML holds `marker`."""
    for page in sorted((built_site / "tools").glob("*/*/index.html")):
        if marker in page.read_text("utf-8"):
            return page.parent.relative_to(built_site).as_posix() + "/"
    raise AssertionError(f"no card with {marker!r}")


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    pg.set_viewport_size({"width": 1280, "height": 900})
    yield pg
    pg.close()


STRUCTURE = """() => {
  const heads = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]);
  const skips = heads.filter((l, i) => i > 0 && l > heads[i - 1] + 1);
  const skip = document.querySelector('a.md-skip');
  return {
    lang: document.documentElement.lang, h1: heads.filter(l => l === 1).length, skips: skips.length,
    first: heads[0], header: document.querySelectorAll('header').length, main: document.querySelectorAll('main').length,
    nav: document.querySelectorAll('nav').length, footer: document.querySelectorAll('footer').length,
    skip: skip ? skip.getAttribute('href') : null,
    skipTarget: !!(skip && document.getElementById(skip.getAttribute('href').slice(1))),
    imgNoAlt: document.querySelectorAll('img:not([alt])').length,
  };
}"""


def test_pages_have_one_h1_no_skipped_levels_landmarks_and_a_skip_link(page, site_url, built_site):
    for path in ("", "servers/server-01/", _card(built_site), "risk/high/", "search/?q=delete",
                 "does-not-exist/", "methodology/"):
        page.goto(site_url + path)
        s = page.evaluate(STRUCTURE)
        assert s["lang"] == "en", path
        assert s["h1"] == 1 and s["first"] == 1 and s["skips"] == 0, (path, s)
        assert s["header"] and s["main"] == 1 and s["nav"] and s["footer"], (path, s)
        assert s["skip"] and s["skipTarget"], (path, s)  # generated pages had no skip link at all
        assert s["imgNoAlt"] == 0, path
        # the skip link is the first stop of the keyboard, and it lands past the navigation
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('md-skip')"), path
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("!document.activeElement.closest('header, .md-sidebar') && document.activeElement !== document.body"), path


UNNAMED = ("textbox", "searchbox", "combobox", "button", "link", "img", "columnheader", "checkbox")


def _unnamed(page) -> list[str]:
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [n["role"]["value"] for n in nodes
            if not n.get("ignored") and n.get("role", {}).get("value") in UNNAMED
            and not str(n.get("name", {}).get("value", "")).strip()]


def test_every_control_header_and_chart_has_an_accessible_name(page, site_url, built_site):
    for path in ("", "servers/server-01/", _card(built_site), _card(built_site, "contradiction</strong>"),
                 "search/?q=delete"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        assert not _unnamed(page), (path, _unnamed(page))  # the declared-hints table had an empty header
    page.goto(site_url + "search/")
    assert page.locator("#tr-status").get_attribute("role") == "status"  # the result count is announced


def test_sortable_headers_are_buttons_with_aria_sort(page, site_url):
    page.goto(site_url + "servers/server-01/")
    table = page.locator("#tools-table")
    for name in ("Tool", "Category", "Risk", "Confidence"):
        assert table.get_by_role("button", name=name, exact=True).count() == 1, name
    assert table.locator("th[tabindex]").count() == 0  # the button is the one stop, not the cell too
    risk = table.get_by_role("button", name="Risk", exact=True)
    risk.focus()
    page.keyboard.press("Enter")
    assert table.locator("th[aria-sort]").count() == 1
    assert risk.locator("xpath=..").get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert risk.locator("xpath=..").get_attribute("aria-sort") == "descending"
    assert table.get_by_role("button", name="Risk", exact=True).count() == 1  # the arrow adds nothing to the name


FOCUS = """() => { const cs = getComputedStyle(document.activeElement);
  return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 || cs.boxShadow !== 'none'; }"""


def test_keyboard_focus_is_visible_on_inputs_and_buttons(page, site_url):
    page.goto(site_url + "servers/server-01/")
    for sel in ("header input[name=q]", "input.tr-filter"):
        page.locator(sel).focus()
        assert page.evaluate(FOCUS), sel  # Material removes the outline of inputs
    page.keyboard.press("Tab")  # from the filter to the first sort button
    assert page.evaluate("document.activeElement.classList.contains('tr-sort')")
    assert page.evaluate(FOCUS)
    page.goto(site_url)
    page.locator("form.tr-bigsearch input").focus()
    assert page.evaluate(FOCUS)


def test_faq_and_copy_work_from_the_keyboard(page, site_url, built_site, browser):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + _card(built_site))
    faq = page.locator("details.tr-faq").nth(1)
    faq.locator("summary").focus()
    page.keyboard.press("Enter")
    assert faq.evaluate("d => d.open")
    page.keyboard.press("Tab")
    button = faq.locator("button.tr-copy")
    assert page.evaluate("document.activeElement.classList.contains('tr-copy')")
    expected = faq.locator("pre code").inner_text()
    for key in ("Enter", "Space"):
        page.evaluate("navigator.clipboard.writeText('')")
        page.keyboard.press(key)
        button.and_(page.locator(".is-done")).wait_for(timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()").strip() == expected.strip(), key
        # the focus stays on the button (it used to fall to <body>: the next Tab restarted at the top)
        assert page.evaluate("document.activeElement.classList.contains('tr-copy')"), key
        page.locator("[role=status]", has_text="Copied").wait_for(state="attached", timeout=5000)
        page.locator("button.tr-copy.is-done").wait_for(state="detached", timeout=5000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"  # on to the next question
    page.keyboard.press("Space")
    assert page.locator("details.tr-faq").nth(2).evaluate("d => d.open")


def _rgb(css: str) -> tuple[float, ...]:
    parts = css[css.index("(") + 1:css.index(")")].replace("/", " ").replace(",", " ").split()
    return tuple(float(p) for p in parts)


def _hex(color: str) -> tuple[float, ...]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    def lum(c: tuple[float, ...]) -> float:
        ch = [v / 255 for v in c[:3]]
        ch = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# Text colour and the colour behind it as Chromium computes them (the first opaque background up
# the tree, an alpha colour blended over it), for every element a selector finds.
COLOURS = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetWidth).map(e => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  let bg = null;
  for (let x = e; x && !bg; x = x.parentElement) { const c = parse(getComputedStyle(x).backgroundColor); if (c[3] === 1) bg = c; }
  bg = bg || [255, 255, 255, 1];
  const fg = parse(getComputedStyle(e).color);
  const mix = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
  return {cls: e.className, text: e.textContent.trim().slice(0, 30), fg: 'rgb(' + mix.join(',') + ')', bg: 'rgb(' + bg.slice(0, 3).join(',') + ')'};
})"""


def test_badges_and_muted_text_meet_aa_contrast(page, site_url):
    seen = set()
    for path in ("", "servers/server-01/", "risk/high/", "risk/low/", "risk/medium/", "risk/critical/", "search/?q=delete"):
        page.goto(site_url + path)
        if path.startswith("search"):
            page.locator("#tr-results li").first.wait_for(timeout=15000)
        for c in page.evaluate(COLOURS, ".tr-cat, .tr-risk, .tr-muted, .tr-tag, .tr-crumbs span, .tr-res-meta, .tr-warn, .tr-conf"):
            seen.add(c["cls"])
            assert _contrast(_rgb(c["fg"]), _rgb(c["bg"])) >= 4.5, (path, c)
    for kind in ("read", "write", "execute", "destructive", "financial"):
        assert f"tr-cat tr-cat--{kind}" in seen, kind
    for level in ("low", "medium", "high", "critical"):
        assert f"tr-risk tr-risk--{level}" in seen, level


def test_readme_badges_and_chart_colours_are_readable(built_site):
    """The README badge prints white text on the top risk's colour (medium was #f9a825: 2:1)."""
    white = (255, 255, 255)
    for name, colour in {**RISK_COLORS, **CATEGORY_COLORS, "none": NO_RISK_COLOR}.items():
        assert _contrast(_hex(colour), white) >= 4.5, (name, colour)
    fills = set()
    for svg in (built_site / "badges").glob("*.svg"):
        text = svg.read_text("utf-8")
        fills.add(text.split('<rect x="', 1)[1].split('fill="', 1)[1][:7])
    assert fills and all(_contrast(_hex(f), white) >= 4.5 for f in fills), fills


def test_copy_button_leaves_the_code_readable_and_headers_align(page, site_url, built_site):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site_url + _card(built_site))
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        gaps = page.evaluate("""() => [...document.querySelectorAll('.tr-snippet')].map(box => {
          const b = box.querySelector('.tr-copy').getBoundingClientRect();
          const code = box.querySelector('pre code');
          const range = document.createRange(); range.selectNodeContents(code);
          return range.getClientRects()[0].top - b.bottom; })""")
        assert gaps and min(gaps) >= 0, (width, gaps)  # the button used to sit on the first line
        aligns = page.evaluate("[...document.querySelectorAll('table.tr-table th')].map(th => getComputedStyle(th).textAlign)")
        assert aligns and set(aligns) <= {"left", "start"}, aligns  # were centred over left-aligned cells


def test_declared_hints_table_fits_a_phone(page, site_url, built_site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + _card(built_site))
    t = page.locator("#declared ~ table").first  # (a scroll hint may stand between)
    assert t.evaluate("t => t.scrollWidth <= t.clientWidth + 1")  # a blank last column made it scroll


def test_without_javascript_everything_shows_and_no_control_is_dead(page, site_url, built_site):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    card = _card(built_site)
    page.goto(site_url + card)
    assert page.locator("html.tr-js").count() == 0
    rows = page.locator("article table tbody tr")
    assert rows.count() >= 5 and all(rows.nth(i).is_visible() for i in range(rows.count()))
    faq = page.locator("details.tr-faq")
    assert faq.count() >= 3 and faq.first.locator("p").is_visible()  # the first question is open
    faq.nth(1).locator("summary").click()  # <details> needs no script
    assert faq.nth(1).locator("pre code").is_visible()
    assert not page.locator("button.tr-copy").first.is_visible()  # a Copy button that cannot copy
    page.goto(site_url + "servers/server-01/")
    assert page.locator("#tools-table tbody tr").first.is_visible()
    assert page.locator("#policies ~ ul a[download]").first.is_visible()
    assert not page.locator("input.tr-filter").is_visible()  # a filter box that cannot filter
    cdp.send("Emulation.setScriptExecutionDisabled", {"value": False})
    page.goto(site_url + "servers/server-01/")
    assert page.locator("input.tr-filter").is_visible() and page.locator("button.tr-copy").is_visible()


def test_the_contradiction_mark_says_what_it_means(page, site_url, built_site):
    """The "!" beside a risk on a server page was explained by a title only (a tooltip that screen
    readers may not read and touch screens cannot show)."""
    server = _card(built_site, "contradiction</strong>").split("/")[1]
    page.goto(site_url + f"servers/{server}/")
    mark = page.locator("#tools-table .tr-warn").first
    assert mark.inner_text().startswith("!") and mark.locator(".tr-offscreen").bounding_box()["x"] < 0  # the eye sees "!"
    assert "contradicts" in mark.text_content()  # what is read out says why
