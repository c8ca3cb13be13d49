"""Small inline SVG charts and the README badge. Only numbers and our own labels go in."""

from __future__ import annotations

from markupsafe import escape

# The badge colours of toolrisk.css: white text on each (the README badge) has a contrast of at
# least 4.5:1, and on the white page each is at least 4.5:1 too (the chart bars and risk badges).
CATEGORY_COLORS = {
    "Read": "#2e7d32", "Write": "#8d6e00", "Execute": "#c43e00",
    "Destructive": "#c62828", "Financial": "#6a1b9a",
}
RISK_COLORS = {"low": "#2e7d32", "medium": "#8d6e00", "high": "#c43e00", "critical": "#c62828"}
NO_RISK_COLOR = "#616161"  # a server with no classified tool


def bar_chart(title: str, items: list[tuple[str, int]], colors: dict[str, str]) -> str:
    """Horizontal bars, one per item, as a list whose labels and counts are HTML text.

    Only the bars are SVG. Text inside an SVG shrinks with its viewBox: the home page's 480-wide
    chart drew its 12 px labels at under 9 px on a 390 px phone. As HTML they keep the stylesheet's
    size at every width, and a screen reader reads a titled list ("low 85") instead of an image.
    The CSP forbids style attributes, so a bar's length is the width of a rect in a stretched
    0-100 viewBox.
    """
    # the longest bar fills the track: the counts are printed, so the bars only compare
    most = max((n for _, n in items), default=0) or 1
    parts = [f'<ul class="tr-bars" aria-label="{escape(title)}">']
    for key, n in items:
        pct = max(1.0 if n else 0.0, round(100 * n / most, 1))
        parts.append(
            f'<li><span class="tr-bars__k">{escape(key)}</span>'
            '<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            f'<rect width="{pct:g}" height="10" fill="{colors.get(key, "#607d8b")}"/></svg>'
            f'<span class="tr-bars__n">{n}</span></li>'
        )
    parts.append("</ul>")
    return "".join(parts)


def _text_width(text: str) -> int:
    # Verdana 11px averages ~6.5 px per character; good enough for a badge.
    return int(len(text) * 6.5) + 10


def badge(label: str, message: str, color: str) -> str:
    lw, mw = _text_width(label), _text_width(message)
    w = lw + mw
    lab, msg = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{lab}: {msg}">'
        f"<title>{lab}: {msg}</title>"
        f'<rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{mw}" height="20" fill="{color}"/>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{lw / 2:.1f}" y="14">{lab}</text><text x="{lw + mw / 2:.1f}" y="14">{msg}</text></g></svg>'
    )


def badge_width(label: str, message: str) -> int:
    return _text_width(label) + _text_width(message)
