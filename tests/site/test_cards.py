"""Tool cards beyond the current surface: tools only other indexes list, and human corrections."""

from __future__ import annotations

import re
from pathlib import Path

from catalog.site.render import summarise
from catalog.site.search import SearchIndex
from catalog.site.synthetic import server_views


def _views():
    return list(server_views(24, tools_per_server=8, hostile=True))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_tools_only_other_indexes_list_get_cards_with_a_banner(built_site: Path):
    views = [v for v in _views() if v.other_tools]
    assert views, "the synthetic catalog has servers with tools only other indexes list"
    for v in views:
        server_html = (built_site / "servers" / v.slug / "index.html").read_text()
        section = server_html.split('id="other-tools"', 1)[1]
        current_table = server_html.split('id="tools-table"', 1)[1].split("</table>", 1)[0]
        for t in v.other_tools:
            card = (built_site / "tools" / v.slug / t.tool_slug / "index.html").read_text()
            banner = _text(card.split('id="not-current"', 1)[1].split("</div>", 1)[0])
            cur = next(s for s in v.surfaces if s.id == v.current_surface_id)
            assert "Not in the current tool list" in banner
            assert f"from {cur.source}" in banner and f"listed by {t.source} only" in banner
            assert (t.captured_at or t.first_seen).strftime("%Y-%m-%d") in banner
            assert "removed or renamed upstream" in banner
            # the card still carries the tool's own policy snippets
            assert card.count('class="tr-copy"') >= 7
            # listed on the server page in its own section, not in the current tools table
            assert f'tools/{v.slug}/{t.tool_slug}/"' in section
            assert f"/{t.tool_slug}/" not in current_table
    current = next(v for v in _views() if not v.other_tools)
    card = next((built_site / "tools" / current.slug).glob("*/index.html")).read_text()
    assert 'id="not-current"' not in card


def test_other_tools_are_counted_apart_from_the_risk_summary(built_site: Path):
    v = next(v for v in _views() if v.other_tools)
    summary = summarise(v)
    assert summary.total == len(v.tools) and summary.other == len(v.other_tools)
    assert sum(n for _, n in summary.by_risk) == sum(1 for t in v.tools if t.classification)
    badge = (built_site / "badges" / f"{v.slug}.svg").read_text()
    assert f"{len(v.tools)} tools" in badge
    server_html = _text((built_site / "servers" / v.slug / "index.html").read_text())
    assert f"Not counted above: {len(v.other_tools)} tool" in server_html
    # the starters stay on the current surface: no policy file names the stale tool
    for policy in (built_site / "policies" / v.slug).iterdir():
        assert "legacy_export" not in policy.read_text(), policy.name


def test_other_tools_are_in_the_search_documents():
    v = next(v for v in _views() if v.other_tools)
    index = SearchIndex()
    index.add_server(v)
    doc = index.items[0][2].decode()
    for t in v.other_tools:
        assert f'id="t-{t.tool_slug}"' in doc and t.definition.name in doc


def test_a_human_correction_is_shown_prominently(built_site: Path):
    corrected = [(v, t) for v in _views() for t in v.tools
                 if t.classification is not None and t.classification.correction]
    assert corrected
    for v, t in corrected:
        html = (built_site / "tools" / v.slug / t.tool_slug / "index.html").read_text()
        # above the description: the first thing after the verdict
        assert html.index('id="correction"') < html.index('id="description"')
        box = html.split('id="correction"', 1)[1].split("</div>", 1)[0]
        corr = t.classification.correction
        assert f"Corrected by {corr['by']}" in _text(box)
        assert "the &lt;b&gt;docs&lt;/b&gt; say" in box and "<b>docs" not in box  # escaped, as text
        orig = corr["original"]
        assert f"the classifier said {orig['category']}" in _text(box) and f"{orig['risk']} risk" in box
        assert f"{t.classification.risk} risk" in box
    v0, plain = next((v, t) for v in _views() for t in v.tools
                     if t.classification and not t.classification.correction)
    html = (built_site / "tools" / v0.slug / plain.tool_slug / "index.html").read_text()
    assert 'id="correction"' not in html


def test_site_policy_files_are_what_the_policy_module_writes(tmp_path: Path):
    from catalog.policies import write_server_policies
    from catalog.site.integrations import server_policy_files

    v = next(v for v in _views() if len(v.tools) > 3)
    written = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in write_server_policies(tmp_path, v)}
    assert dict(server_policy_files(v)) == written


def test_a_correction_that_agrees_with_the_classifier_says_confirmed():
    from catalog.site.render import _correction

    c = next(t.classification for v in _views() for t in v.tools if t.classification)
    same = c.model_copy(update={"correction": {"reason": "checked", "by": None, "original": {
        "action": c.action, "risk": c.risk, "category": c.category}}})
    got = _correction(same)
    assert got["same"] and got["by"] is None and got["reason"] == "checked"
    changed = c.model_copy(update={"risk": "critical" if c.risk != "critical" else "low", "correction": {
        "reason": "x", "original": {"action": c.action, "risk": c.risk, "category": c.category}}})
    assert not _correction(changed)["same"]
    assert _correction(c.model_copy(update={"correction": "not a dict"})) is None
