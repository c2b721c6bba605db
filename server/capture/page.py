"""One captured page: its URL, its tree (parsed once with lxml, pruned by the trimming rule) and lookups."""

from __future__ import annotations

import sys
import threading
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .. import memory
from . import text as clean
from .trim import prune

# collect_ids=False: no table of id attributes (nothing here calls XPath's id()), so a page repeating ids does
# not pay for an error per repeat either
_PARSER_OPTIONS = dict(recover=True, no_network=True, remove_comments=True, remove_pis=True, default_doctype=False,
                       collect_ids=False)
_HIDDEN = (
    "ancestor-or-self::*[contains(@class, 'visually-hidden') or contains(@class, 'sr-only') "
    "or contains(@class, 'a11y-text') or @hidden]"
)
_VISIBLE_TEXT = f".//text()[not({_HIDDEN})]"
_WIDE_HEADER = sys.getsizeof("\U0001f600") - 2 * 4  # a non-ASCII str's size minus its (1 + NUL) characters
_COMPILED = threading.local()
_MAX_COMPILED = 512  # extractors use a fixed set of expressions; the bound only guards against a runaway one

memory.no_fastbins()  # process-wide, once: freeing each parsed tree then costs a fifth less (see memory)


def compiled(expr: str) -> etree.XPath:
    """The expression compiled once per thread (a compiled XPath serialises its callers on a lock: one each)."""
    cache = getattr(_COMPILED, "by_expr", None)
    if cache is None or len(cache) > _MAX_COMPILED:
        cache = _COMPILED.by_expr = {}
    found = cache.get(expr)
    if found is None:
        found = cache[expr] = etree.XPath(expr)
    return found


def parse(page: str | bytes) -> etree._Element | None:
    """The page's root element, or None when there is nothing to parse (empty, only whitespace or NULs)."""
    if isinstance(page, str):
        if "\x00" in page:  # a search, not a copy of megabytes, for the pages (nearly all) without NULs
            page = page.replace("\x00", "")
        if not page.strip():
            return None
        if _four_bytes_a_char(page):
            try:
                return _parse_bytes(page.encode("utf-8"))
            except UnicodeEncodeError:
                pass  # a lone surrogate: the text path below and its fallback handle it as they always have
        try:  # text straight to libxml2: no encoding pass over megabytes
            return etree.fromstring(page, etree.HTMLParser(**_PARSER_OPTIONS))
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            page = page.encode("utf-8", "replace")  # an XML declaration or a lone surrogate: parse bytes
    return _parse_bytes(page.replace(b"\x00", b"") if b"\x00" in page else page)


def _parse_bytes(data: bytes) -> etree._Element | None:
    if not data.strip():
        return None
    try:
        # a parser per call: a shared one would make concurrent requests wait on its lock
        return etree.fromstring(data, etree.HTMLParser(encoding="utf-8", **_PARSER_OPTIONS))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _four_bytes_a_char(text: str) -> bool:
    """True when CPython stores the text at 4 bytes a character (it holds an emoji or another non-BMP character).

    lxml hands such text to libxml2 as UTF-32, whose converter is slower than Python's UTF-8 encoder and
    libxml2's native UTF-8 together (a 1 MB LinkedIn page with one emoji parses ~3 ms faster as UTF-8);
    1- and 2-byte text goes to libxml2 as is. Only speed depends on this test, never the tree.
    """
    return not text.isascii() and sys.getsizeof(text) - _WIDE_HEADER >= 4 * (len(text) + 1)


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
        return compiled(expr)(base, **variables)

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
        parts = compiled(_VISIBLE_TEXT)(node)
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
