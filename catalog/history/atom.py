"""The changefeed as Atom (RFC 4287) for /feed.xml.

Everything in an entry comes from hostile tool text, so every string is XML-escaped and
stripped of characters XML 1.0 cannot carry (a NUL in a description would otherwise make
the whole feed unreadable for every subscriber).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from catalog.history.events import ChangeEvent, iso

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:toolrisk,2026:changes"
ENTRY_ID_PREFIX = "tag:toolrisk,2026:change:"
MAX_FEED_ENTRIES = 500
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)  # fixed, so an empty feed is byte-stable too

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value))


def xml_attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def entry_url(site_url: str, event: ChangeEvent) -> str:
    base = site_url.rstrip("/")
    if event.tool_slug and event.kind != "tool_removed":
        return f"{base}/tools/{event.server_slug}/{event.tool_slug}/"
    return f"{base}/servers/{event.server_slug}/"


def _content(event: ChangeEvent) -> str:
    lines = [event.summary, f"Source: {event.source}"]
    if event.from_version or event.to_version:
        lines.append(f"Version: {event.from_version or '?'} → {event.to_version or '?'}")
    if event.before is not None:
        lines.append(f"Before: definition {event.before.definition_hash[:12]}")
    if event.after is not None:
        lines.append(f"After: definition {event.after.definition_hash[:12]}")
    if event.changed_fields:
        lines.append("Changed fields: " + ", ".join(event.changed_fields))
    if event.rug_pull is not None:
        for quote in event.rug_pull.added_instructions:
            lines.append(f"Added instruction: “{quote}”")
    return "\n".join(lines)


def render_atom(events: Sequence[ChangeEvent], *, site_url: str = "", limit: int = MAX_FEED_ENTRIES) -> bytes:
    """`events` newest first; the feed's <updated> is the newest event, never the build time."""
    shown = list(events[:limit])
    updated = iso(shown[0].at) if shown else iso(EMPTY_FEED_UPDATED)
    base = site_url.rstrip("/")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}">',
        f"  <id>{FEED_ID}</id>",
        "  <title>toolrisk: MCP tool risk changes</title>",
        "  <subtitle>Tools added, removed, reclassified, and possible rug pulls, newest first</subtitle>",
        f"  <updated>{updated}</updated>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={xml_attr(base + '/feed.xml')}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={xml_attr(base + '/changes/')}/>",
        "  <author><name>toolrisk</name></author>",
        "  <generator>toolrisk</generator>",
    ]
    for e in shown:
        out += [
            "  <entry>",
            f"    <id>{ENTRY_ID_PREFIX}{e.id}</id>",
            f"    <title>{xml_text(e.summary)}</title>",
            f"    <updated>{iso(e.at)}</updated>",
            f'    <link rel="alternate" type="text/html" href={xml_attr(entry_url(site_url, e))}/>',
            f"    <category term={xml_attr(e.kind)}/>",
        ]
        if e.risk_direction:
            out.append(f"    <category term={xml_attr('risk-' + e.risk_direction)}/>")
        if e.rug_pull is not None:
            out.append('    <category term="rug-pull"/>')
        out += [f'    <content type="text">{xml_text(_content(e))}</content>', "  </entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")
