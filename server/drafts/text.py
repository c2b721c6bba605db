"""Plain-text helpers for drafts: counting as the recipients' tools count, clipping, tidying whitespace."""

from __future__ import annotations

import re
import unicodedata

CLAUSE_BREAK = re.compile(r"\s*(?:[,;:(\u2013\u2014]|\s-\s|\s(?:and|but|which|because|so|while)\s)")
TEMPLATE_SYNTAX = re.compile(r"\{[{%#]|[}%#]\}")
# words a clipped phrase must not end on ("reviews across", "the migration of")
DANGLING_WORDS = {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from",
                  "about", "into", "over", "under", "across", "between", "through", "via", "as", "than", "that",
                  "which", "who", "our", "your", "my", "their", "its", "how", "what", "why", "when", "where"}
SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.;:!?])")


def count_words(text: str) -> int:
    return len(text.split())


def count_chars(text: str) -> int:
    """Characters as LinkedIn's text box counts them (JavaScript string length: UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def clean(value: object) -> str:
    """A user-entered value as one tidy line: no control characters, no template syntax, single spaces."""
    if value is None:
        return ""
    text = str(value)
    # control characters and line breaks become spaces; format characters (ZWJ, ZWNJ) belong to some names
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = TEMPLATE_SYNTAX.sub(lambda m: m.group(0)[0], text)  # "{{x}}" can't be mistaken for a placeholder
    return " ".join(text.split())


def clip(text: str, words: int | None = None, chars: int | None = None) -> tuple[str, bool]:
    """Shorten text to fit, at a clause break when one keeps most of it, else at a word: never mid-word."""
    def fits(t: str) -> bool:
        return (words is None or count_words(t) <= words) and (chars is None or count_chars(t) <= chars)

    text = text.strip()
    if fits(text):
        return text, False
    kept = ""
    for word in text.split():
        candidate = f"{kept} {word}" if kept else word
        if not fits(candidate):
            break
        kept = candidate
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(kept) if m.start() > 0]
    if breaks and breaks[-1] >= 0.6 * len(kept):
        kept = kept[: breaks[-1]]
    words_kept = kept.rstrip(" ,;:-\u2013\u2014(").split()
    while len(words_kept) > 1 and words_kept[-1].lower() in DANGLING_WORDS:
        words_kept.pop()
    return " ".join(words_kept), True


def strip_end(text: str) -> str:
    """A phrase without its closing full stop, so a template can end the sentence itself."""
    return text.rstrip().rstrip(".!?;:,").rstrip()


def join_and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def tidy(text: str) -> str:
    """Normalise what templates produce: single spaces, no trailing blanks, at most one empty line in a row."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = SPACE_BEFORE_PUNCT.sub(r"\1", re.sub(r"[ \t]+", " ", line)).strip()
        lines.append(line)
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip("\n")
