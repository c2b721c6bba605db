"""One captured page: its URL, its tree (parsed once with lxml, pruned by the trimming rule) and lookups."""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml import etree

from . import text as clean
from .trim import prune

_PARSER_OPTIONS = dict(recover=True, no_network=True, remove_comments=True, remove_pis=True, default_doctype=False)
_HIDDEN = (
    "ancestor-or-self::*[contains(@class, 'visually-hidden') or contains(@class, 'sr-only') "
    "or contains(@class, 'a11y-text') or @hidden]"
)


def parse(page: str | bytes) -> etree._Element | None:
    """The page's root element, or None when there is nothing to parse (empty, only whitespace or NULs)."""
    if isinstance(page, str):
        page = page.replace("\x00", "")
        if not page.strip():
            return None
        try:  # text straight to libxml2: no encoding pass over megabytes
            return etree.fromstring(page, etree.HTMLParser(**_PARSER_OPTIONS))
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            page = page.encode("utf-8", "replace")  # an XML declaration or a lone surrogate: parse bytes
    data = page.replace(b"\x00", b"")
    if not data.strip():
        return None
    try:
        return etree.fromstring(data, etree.HTMLParser(encoding="utf-8", **_PARSER_OPTIONS))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


class Page:
    """A page as capture sees it. Site extractors and layers read it; nothing here knows any site."""

    def __init__(self, url: str, html: str, title: str | None = None, selection: str | None = None):
        self.url = url
        parts = urlsplit(url)
        self.host = (parts.hostname or "").lower()
        self.path = parts.path or "/"
        self.segments = [s for s in self.path.split("/") if s]
        self.given_title = title
        self.selection = clean.squash(selection)
        root = parse(html)
        self.root = prune(root) if root is not None else None
        # after pruning, the main region is a child of <body>; None when the page has none
        self.main = self.first("body/main", "body/*[@role='main']")
        self.memo: dict = {}  # what a layer computed once per page (parsed JSON-LD blocks)

    def xpath(self, expr: str, node: etree._Element | None = None, **variables) -> list:
        """XPath over the page (or under a node); [] for an empty page."""
        base = node if node is not None else self.root
        if base is None:
            return []
        return base.xpath(expr, **variables)

    def first(self, *exprs: str, node: etree._Element | None = None):
        """The first result of the first expression that finds anything, or None."""
        for expr in exprs:
            found = self.xpath(expr, node)
            if found:
                return found[0]
        return None

    def text(self, node: etree._Element | str | None) -> str | None:
        """Visible text of a node, without screen-reader copies, whitespace collapsed (attribute values pass)."""
        if node is None:
            return None
        if isinstance(node, str):
            return clean.squash(node)
        parts = node.xpath(f".//text()[not({_HIDDEN})]")
        return clean.undouble(clean.squash("".join(parts)))

    def absolute(self, href: str | None) -> str | None:
        """An absolute http(s) URL for an href or src on this page, or None."""
        href = clean.squash(href)
        if not href or href.startswith(("data:", "javascript:", "blob:")):
            return None
        try:
            full = urljoin(self.url, href)
        except ValueError:
            return None
        return full if full.startswith(("http://", "https://")) and " " not in full else None

    @cached_property
    def meta(self) -> dict[str, str]:
        """<meta> contents by lowercased property or name; the first of each wins."""
        out: dict[str, str] = {}
        for el in self.xpath("head/meta[@content]"):
            key = (el.get("property") or el.get("name") or "").strip().lower()
            if key and key not in out:
                out[key] = el.get("content")
        return out

    @cached_property
    def canonical(self) -> str | None:
        return self.absolute(self.first("head/link[contains(concat(' ', @rel, ' '), ' canonical ')]/@href"))

    @cached_property
    def title(self) -> str | None:
        found = self.root.xpath("string((head/title | //title)[1])") if self.root is not None else ""
        return clean.squash(found) or clean.squash(self.given_title)
