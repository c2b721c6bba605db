"""How to address a person: the name a draft's greeting uses, from the name as it was captured."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Only titles that change how a person is addressed; nameparser's long default list also holds words
# that are first names ("King", "Major", "Judge").
FORMAL = {"dr": "Dr.", "doctor": "Dr.", "prof": "Professor", "professor": "Professor"}
COURTESY = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "mx": "Mx.", "sir": "Sir", "dame": "Dame"}
BY_FIRST_NAME = {"Sir", "Dame"}  # "Sir Ian", not "Sir McKellen"


@cache
def _parser():
    """nameparser's class and our titles, loaded on the first draft: its vocabulary would add a twentieth
    to the server's start-up."""
    from nameparser import HumanName
    from nameparser.config import Constants

    return HumanName, Constants(titles=set(FORMAL) | set(COURTESY))


PRONOUNS = re.compile(r"[(\[]\s*(?:she|he|they|ze|xe)\s*/[^)\]]*[)\]]", re.I)
TRAILER = re.compile(r"\s+(?:[|\u2022\u00b7]|[-\u2013\u2014]\s).*$")  # "Ana Lima | Hiring!", "Ana Lima - Recruiter"
INITIAL = re.compile(r"^\w\.?$")
CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _strip_decoration(name: str) -> str:
    name = PRONOUNS.sub(" ", name)
    name = TRAILER.sub("", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("So", "Sk", "Cs", "Co", "Cc"))
    return " ".join(name.split()).strip(" ,;")


def _fix_case(word: str) -> str:
    """"JOHN" and "john" become "John"; "McKay" and "DeShawn" are left as written."""
    return word.title() if word.isupper() or word.islower() else word


def address_name(full_name: str | None) -> str:
    """The name to greet a person by ("Ana", "Dr. Chen", "王小明"), or "" when there is none to use.

    Ordinary names give the first name (middle names dropped); a quoted or bracketed nickname wins;
    a doctor or professor is addressed by title and surname because they chose to show the title;
    names in CJK scripts are used whole, since their order and honorifics don't map to "first name".
    """
    name = _strip_decoration(full_name or "")
    if not any(ch.isalpha() for ch in name):
        return ""
    cjk = [w for w in name.split() if CJK.search(w)]
    if cjk:
        return " ".join(cjk)
    human_name, constants = _parser()
    parsed = human_name(name, constants=constants)
    titles = [t.strip(".").lower() for t in parsed.title.split()]
    formal = next((FORMAL[t] for t in titles if t in FORMAL), None)
    courtesy = next((COURTESY[t] for t in titles if t in COURTESY), None)
    first = parsed.first
    if first and INITIAL.match(first) and parsed.middle:
        first = parsed.middle.split()[0]  # "J. Robert Smith" goes by Robert
    nickname = parsed.nickname if parsed.nickname and "/" not in parsed.nickname else ""
    if formal and (parsed.last or first):
        return f"{formal} {_fix_case(parsed.last or first)}"
    if nickname:
        return _fix_case(nickname.split()[0])
    if courtesy in BY_FIRST_NAME and first:
        return f"{courtesy} {_fix_case(first)}"
    if first and not INITIAL.match(first):
        return _fix_case(first)
    if courtesy and parsed.last:
        return f"{courtesy} {_fix_case(parsed.last)}"  # "Mr. Tanaka": no first name given
    if not (first or parsed.last):
        return ""  # a title alone ("Dr.") is no name to greet
    return " ".join(_fix_case(w) for w in (first, parsed.last) if w)  # "J. Smith"
