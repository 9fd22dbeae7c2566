"""Goods detail text (商品详情) is HTML written in the back office and shown to members: only an allow-list of
tags and attributes survives, every other tag is dropped (its text kept, escaped), and scripts, styles and
event handlers never come through. The output is rebuilt from parsed tokens, never copied from the input."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({
    "p", "br", "b", "strong", "i", "em", "u", "s", "span", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "a", "hr",
})
VOID_TAGS = frozenset({"br", "img", "hr"})
# Tags whose content is never text to show.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})
ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "img": frozenset({"src", "alt", "width", "height"}),
    "a": frozenset({"href", "title"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
URL_ATTRS = frozenset({"src", "href"})
SAFE_URL_PREFIXES = ("https://", "http://", "/app/mall/images/", "/api/mall/images/")
MAX_DETAIL_CHARS = 50_000


def _safe_url(value: str) -> bool:
    return value.strip().lower().startswith(SAFE_URL_PREFIXES)


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRS.get(tag, frozenset()) or value is None:
                continue
            if name in URL_ATTRS and not _safe_url(value):
                continue
            kept.append(f' {name}="{escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in self.open:
            return
        while self.open:  # close what was left open inside it
            inner = self.open.pop()
            self.out.append(f"</{inner}>")
            if inner == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data, quote=False))


def sanitise_html(raw: str) -> str:
    parser = _Sanitiser()
    parser.feed(raw)
    parser.close()
    parser.out.extend(f"</{tag}>" for tag in reversed(parser.open))
    return "".join(parser.out)
