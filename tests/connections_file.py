"""A LinkedIn Connections.csv as LinkedIn writes it (note lines, header, CRLF), with broken lines where asked."""

from __future__ import annotations

import random

NOTES = [
    "Notes:",
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    "only see email addresses for connections who have allowed their connections to see or download their email "
    'address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more about this '
    'here: https://www.linkedin.com/help/linkedin/answer/261"',
    "",
]
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Efua", "Farid", "Grete", "Hiro", "Inès", "Jonas", "Kwame", "Lena",
         "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma", "Viktor", "Wen", "Yara"]
LAST = ["Lima", "Okafor", "Dubois", "Ivanov", "Mensah", "Haddad", "Berg", "Tanaka", "Moreau", "Weber", "Asante",
        "Fischer", "García", "Karimi", "Nilsson", "Patel", "Roux", "Silva", "Larsen", "Núñez", "Rao", "Novak"]
COMPANIES = ["Acme", "Globex", '"Initech, Inc."', "Umbrella Health", "Hooli", "Stark Industries", "Wayne Enterprises", ""]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Broken lines a real file can hold, each with the words its skip reason must contain.
BROKEN = [
    ("Kai,Short", "expected 7 columns"),
    (',,https://www.linkedin.com/in/nobody-at-all,,Acme,Engineer,01 Feb 2024', "no name"),
    ('Zoe,Quote,"https://www.linkedin.com/in/zoe-quote,,Acme,Engineer,01 Feb 2024', "quot"),
    ("Mia,Mail,https://www.linkedin.com/in/mia-mail,mia-at-example,Acme,Engineer,01 Feb 2024", "Email Address"),
    ("Leo,Link,https://example.com/leo,,Acme,Engineer,01 Feb 2024", "not a LinkedIn profile"),
    ("Ada,Early,https://www.linkedin.com/in/ada-early,,Acme,Engineer,01 Feb 0001", "between 1900 and 2200"),
    ("Ida,Date,https://www.linkedin.com/in/ida-date,,Acme,Engineer,sometime", "Connected On"),
]


def person(i: int, rnd: random.Random) -> str:
    # mostly distinct people, as in a real network; a few share a name and an employer
    first, last = rnd.choice(FIRST), rnd.choice(LAST) + ("" if i % 50 == 0 else f"-{rnd.choice(LAST)}")
    slug = f"{first}-{last}-{i}".lower().replace("é", "e").replace("è", "e").replace("á", "a").replace("ú", "u").replace("ñ", "n").replace("í", "i")
    email = f"{slug}@example.com" if i % 7 == 0 else ""
    day = f"{rnd.randint(1, 28):02d} {rnd.choice(MONTHS)} {rnd.randint(2012, 2025)}"
    return f"{first},{last},https://www.linkedin.com/in/{slug},{email},{rnd.choice(COMPANIES)},Engineer {i % 11},{day}"


def make(rows: int, broken_every: int = 0, seed: int = 3) -> tuple[str, list[tuple[int, str]]]:
    """The file's text and, for each broken line, (its line number, words its reason must contain).

    With broken_every = k, every k-th data line is replaced by the next kind of broken line in BROKEN.
    """
    rnd = random.Random(seed)
    lines = NOTES + [HEADER]
    expected = []
    for i in range(rows):
        if broken_every and i % broken_every == broken_every - 1:
            text, reason = BROKEN[len(expected) % len(BROKEN)]
            lines.append(text)
            expected.append((len(lines), reason))
        else:
            lines.append(person(i, rnd))
    return "\r\n".join(lines) + "\r\n", expected
