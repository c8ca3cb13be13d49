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


def bar_chart(title: str, items: list[tuple[str, int]], colors: dict[str, str], width: int = 320) -> str:
    """Horizontal bars, one per item, labelled with the count; accessible via <title>/<desc>."""
    total = sum(n for _, n in items) or 1
    row, label_w = 22, 96
    h = row * len(items) + 4
    parts = [
        f'<svg class="tr-chart" role="img" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"<desc>{escape(', '.join(f'{k}: {n}' for k, n in items))}</desc>"
    ]
    avail = width - label_w - 48
    for i, (key, n) in enumerate(items):
        y = i * row + 2
        w = max(1 if n else 0, round(avail * n / total))
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12" fill="currentColor">{escape(key)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="14" rx="2" fill="{colors.get(key, "#607d8b")}"/>'
            f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12" fill="currentColor">{n}</text>'
        )
    parts.append("</svg>")
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
