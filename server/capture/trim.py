"""The trimming rule: what of a page capture reads. The extension applies the same rule before sending.

docs/capture.md states the rule for the extension's JavaScript; the server prunes every parsed page with it
too, so a full page and a trimmed one give the same answer, and nothing outside the region (the viewer's
nav bar, "People also viewed" sidebars) can leak into a result.
"""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

# Dropped everywhere: no text capture reads lives in them.
DROP = ("style", "svg", "noscript", "template", "iframe", "object", "embed", "canvas", "video", "audio")
# Kept wherever they are in <body>, even outside the main region (cheap tests first: they run on every element).
KEEP_OUTSIDE_MAIN = (
    "descendant-or-self::*["
    "self::script"  # prune has removed every script but JSON-LD before it looks for these
    " or self::code[starts-with(@id, 'bpr-guid-') or starts-with(@id, 'datalet-bpr-guid-')]"
    " or (@rel and (self::a or self::link) and contains(concat(' ', normalize-space(@rel), ' '), ' me '))"
    " or (contains(@class, 'card') and (contains(concat(' ', normalize-space(@class), ' '), ' h-card ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' vcard ')))"
    " or (@itemscope and contains(@itemtype, 'schema.org/Person'))]"
)
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HTML_SPACE = " \t\n\r\f"
JSONLD_TYPE = "application/ld+json"


def is_jsonld(script: etree._Element) -> bool:
    """A JSON-LD script: its type, trimmed and compared case-insensitively, is application/ld+json."""
    return (script.get("type") or "").strip(_HTML_SPACE).lower() == JSONLD_TYPE


def _first_role_main(root: etree._Element) -> etree._Element | None:
    """The first [role=main]: the main region of a page without <main>."""
    found = root.xpath("(//*[@role='main'])[1]")
    return found[0] if found else None


def prune(root: etree._Element) -> etree._Element:
    """Apply the trimming rule to a parsed page in place and return it."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *DROP, with_tail=False)
    # One walk in C hands Python only the scripts and the <main>s: the scripts to drop and the first main.
    # (A script's content is text, so dropping scripts never removes a <main>.)
    drop, first_main = [], None
    for el in root.iter("script", "main"):
        if el.tag == "script":
            if not is_jsonld(el):
                drop.append(el)
        elif first_main is None:
            first_main = el
    for script in drop:
        _remove(script)
    body = root.find("body")
    main = first_main if first_main is not None else _first_role_main(root)  # the rule's main region
    if body is None or main is None or not any(a is body for a in main.iterancestors()):
        return root
    # Only what lies outside main is searched for keepers: on a trimmed page that is almost nothing.
    before, after = _outside(main, body)
    keepers = etree.XPath(KEEP_OUTSIDE_MAIN)  # compiled once for every subtree outside main
    keep = []
    for part in before:
        keep.extend(keepers(part))
    keep.append(main)
    for part in after:
        keep.extend(keepers(part))
    kept = set(keep)
    keep = [el for el in keep if not any(a in kept for a in el.iterancestors())]
    if all(el.getparent() is body for el in keep):
        # A trimmed page is already in shape: drop the rest in place, since moving main would walk all of it.
        for child in [c for c in body if c not in kept]:
            body.remove(child)
    else:
        for child in list(body):
            body.remove(child)
        for el in keep:
            body.append(el)
    body.text = None
    for el in keep:
        el.tail = None
    return root


def trim_html(page: str) -> str:
    """The page as the extension sends it: the trimming rule applied to a serialised DOM."""
    from .page import parse  # parse lives with the Page model; imported here to keep one parser setup

    root = parse(page)
    if root is None:
        return ""
    prune(root)
    return lxml_html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _outside(main: etree._Element, body: etree._Element) -> tuple[list, list]:
    """The subtrees of <body> before and after main, in document order."""
    before: list[list] = []
    after: list[list] = []
    node = main
    while node is not body:
        parent = node.getparent()
        siblings = list(parent)
        i = next(k for k, sib in enumerate(siblings) if sib is node)
        before.append(siblings[:i])
        after.append(siblings[i + 1 :])
        node = parent
    return ([el for level in reversed(before) for el in level if isinstance(el.tag, str)],
            [el for level in after for el in level if isinstance(el.tag, str)])


def _remove(el: etree._Element) -> None:
    """Drop an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        # lxml refuses to set text holding control characters, which parsed pages may carry
        prev = el.getprevious()
        if prev is not None:
            prev.tail = _XML_UNSAFE.sub("", (prev.tail or "") + tail)
        else:
            parent.text = _XML_UNSAFE.sub("", (parent.text or "") + tail)
    parent.remove(el)
