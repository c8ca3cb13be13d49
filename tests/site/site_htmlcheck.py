"""A strict HTML checker on the standard library's tokenizer (no extra dependency).

It rejects what browsers would silently repair: unclosed or mis-nested elements, stray end
tags, block elements inside <p>, links inside links, duplicate ids or attributes, missing
doctype/charset/title/lang, images without alt, and javascript: URLs.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG/MathML children may self-close; inside <svg> we accept <x/> for any element.
BLOCK_IN_P = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer",
              "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
              "section", "table", "ul"}


class StrictChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.errors: list[str] = []
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.seen_doctype = False
        self.seen_any = False
        self.counts: dict[str, int] = {}
        self.title_text = ""
        self.charset = False
        self.lang = False

    def _err(self, msg: str) -> None:
        line, col = self.getpos()
        self.errors.append(f"{line}:{col}: {msg}")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() == "doctype html" and not self.seen_any:
            self.seen_doctype = True
        else:
            self._err(f"unexpected declaration <!{decl}>")

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        self.seen_any = True
        if not self.seen_doctype:
            self._err("content before <!doctype html>")
            self.seen_doctype = True
        names = [a for a, _ in attrs]
        if len(names) != len(set(names)):
            self._err(f"<{tag}> has a duplicate attribute")
        d = dict(attrs)
        if "id" in d:
            if d["id"] in self.ids:
                self._err(f"duplicate id {d['id']!r}")
            self.ids.add(d["id"] or "")
        for key in ("href", "src", "action"):
            v = (d.get(key) or "").strip().lower()
            if v.startswith(("javascript:", "vbscript:", "data:text/html")):
                self._err(f"<{tag} {key}> is a script URL")
        if any(a.startswith("on") for a in names):
            self._err(f"<{tag}> has an inline event handler")
        if tag == "img" and "alt" not in d:
            self._err("<img> without alt")
        if tag == "meta" and ("charset" in d):
            self.charset = True
        if tag == "html" and d.get("lang"):
            self.lang = True
        in_svg = "svg" in self.stack
        if tag in BLOCK_IN_P and self.stack and self.stack[-1] == "p":
            self._err(f"<{tag}> inside <p>")
        if tag == "a" and "a" in self.stack:
            self._err("<a> inside <a>")
        if tag in ("html", "head", "body", "title", "main") and not in_svg:
            self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag in VOID or (self_closing and in_svg) or (self_closing and tag == "svg"):
            return
        if self_closing:
            self._err(f"<{tag}/> is not a void element")
        self.stack.append(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self._err(f"end tag for void element </{tag}>")
            return
        if not self.stack:
            self._err(f"stray </{tag}>")
            return
        if self.stack[-1] != tag:
            self._err(f"</{tag}> closes <{self.stack[-1]}> (open: {'>'.join(self.stack[-4:])})")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title" and "svg" not in self.stack:
            self.title_text += data

    def finish(self) -> list[str]:
        self.close()
        if self.stack:
            self._err(f"unclosed elements at end: {'>'.join(self.stack)}")
        for tag in ("html", "head", "body", "title"):
            if self.counts.get(tag, 0) != 1:
                self._err(f"expected exactly one <{tag}>, found {self.counts.get(tag, 0)}")
        if self.counts.get("main", 0) > 1:
            self._err("more than one <main>")
        if not self.title_text.strip():
            self._err("empty <title>")
        if not self.charset:
            self._err("no <meta charset>")
        if not self.lang:
            self._err("<html> without lang")
        return self.errors


def check_html(text: str) -> list[str]:
    checker = StrictChecker()
    checker.feed(text)
    return checker.finish()
