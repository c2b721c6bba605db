"""Optional clauses in templates, and fitting a draft into its limit by dropping the least important first.

A template marks a clause it can live without as `{% call optional(2) %}...{% endcall %}`; the higher the
rank, the sooner it goes. Rendering leaves invisible markers around those clauses; `fit` drops whole
clauses until the text fits, and only as a last resort ends the text early, at a sentence or a word.
"""

from __future__ import annotations

import re
from typing import Callable

OPEN, SEP, CLOSE = "\x01", "\x02", "\x03"
MARKED = re.compile(f"{OPEN}(\\d+){SEP}([^{OPEN}{CLOSE}]*){CLOSE}")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def optional(rank: int, caller: Callable[[], str]) -> str:
    """The Jinja call block's body, marked as droppable with this rank (1 = keep longest)."""
    return f"{OPEN}{int(rank)}{SEP}{caller()}{CLOSE}"


def unmark(text: str) -> str:
    return MARKED.sub(lambda m: m.group(2), text)


def fit(text: str, measure: Callable[[str], int], limit: int, finish: Callable[[str], str]) -> tuple[str, int]:
    """The text with markers removed, fitting `limit` as measured after `finish`; and how many clauses went."""
    dropped = 0
    while True:
        done = finish(unmark(text))
        if measure(done) <= limit:
            return done, dropped
        clauses = list(MARKED.finditer(text))
        if not clauses:
            return cut(done, measure, limit), dropped
        worst = max(clauses, key=lambda m: (int(m.group(1)), m.start()))  # highest rank, latest first
        text = text[: worst.start()] + text[worst.end():]
        dropped += 1


def cut(text: str, measure: Callable[[str], int], limit: int) -> str:
    """Last resort: keep whole sentences that fit, else whole words; never cut inside a word."""
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    for end in reversed(ends):
        if measure(text[:end]) <= limit:
            return text[:end].rstrip()
    words = text.split(" ")
    while words and measure(" ".join(words) + "\u2026") > limit:
        words.pop()
    return (" ".join(words).rstrip(" ,;:") + "\u2026") if words else ""
