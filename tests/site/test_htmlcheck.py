"""The HTML checker must reject what it claims to reject, or the validity test proves nothing."""

import pytest
from site_htmlcheck import check_html

GOOD = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><main><p>x <a href="a/">y</a></p><img src="i.svg" alt=""><svg><title>c</title><rect/></svg></main></body></html>')


def test_good_page_passes():
    assert check_html(GOOD) == []


@pytest.mark.parametrize("bad, expected", [
    (GOOD.replace("<p>x", "<p><div>x</div>"), "inside <p>"),
    (GOOD.replace("</p>", ""), "closes"),
    (GOOD.replace('alt=""', ""), "without alt"),
    (GOOD.replace('href="a/"', 'href="javascript:alert(1)"'), "script URL"),
    (GOOD.replace("<main>", '<main id="a"><i id="a"></i>'), "duplicate id"),
    (GOOD.replace('<a href="a/">y</a>', '<a href="a/"><a href="b/">y</a></a>'), "inside <a>"),
    (GOOD.replace("<!doctype html>", ""), "doctype"),
    (GOOD.replace('<img src="i.svg" alt="">', '<img src="i.svg" alt="" onerror="x()">'), "event handler"),
    (GOOD.replace("<title>t</title>", ""), "<title>"),
    (GOOD.replace(' lang="en"', ""), "lang"),
])
def test_bad_pages_fail(bad, expected):
    errors = check_html(bad)
    assert any(expected in e for e in errors), errors
