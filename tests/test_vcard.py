"""Our own vCard writer: what vobject (our importer, and the writer it replaced) reads back, folding, streaming."""

from __future__ import annotations

import itertools

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from server.transfer import vcard

API = "/api/v1"

PERSON = {"id": "c1", "name": "José Núñez, PhD", "company": "Acme, Inc.", "title": "Staff; Engineer",
          "email": "jose@example.com", "profile_url": "https://www.linkedin.com/in/jose-nunez/",
          "photo_url": "https://media.example.com/jose.jpg", "location": "Lisbon, Portugal",
          "headline": "Builds payment systems, at scale", "notes": "Asked about on-call.\nFollow up.\\ok",
          "tags": ["acme", "panel, round 2"]}


def vobject_card(contact: dict) -> str:
    """The card as vobject serialises it: the writer ours replaced, kept here as the reference."""
    v = vobject.vCard()
    v.add("uid").value = vcard.UID_PREFIX + contact["id"]
    v.add("fn").value = contact.get("name") or ""
    *given_names, family = (contact.get("name") or "").split() or [""]
    v.add("n").value = vobject.vcard.Name(family=family, given=" ".join(given_names))
    if contact.get("company"):
        v.add("org").value = [contact["company"]]
    if contact.get("title"):
        v.add("title").value = contact["title"]
    if contact.get("email"):
        email = v.add("email")
        email.value, email.type_param = contact["email"], "INTERNET"
    if contact.get("profile_url"):
        v.add("url").value = contact["profile_url"]
    if contact.get("photo_url"):
        photo = v.add("photo")
        photo.value, photo.value_param = contact["photo_url"], "URI"
    if contact.get("location"):
        adr = v.add("adr")
        adr.value, adr.type_param = vobject.vcard.Address(city=contact["location"]), "WORK"
    if contact.get("headline"):
        v.add(vcard.HEADLINE).value = contact["headline"]
    if contact.get("notes"):
        v.add("note").value = contact["notes"]
    if contact.get("tags"):
        v.add("categories").value = list(contact["tags"])
    return v.serialize()


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def physical_lines(text: str) -> list[bytes]:
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


# Any text a contact can hold: every script, emoji, the characters vCard escapes, line breaks of all kinds, long runs.
SPECIAL = "ab ,;\\\r\n:\"é😀\t\x00\x0b\x0c\x1c\x85\u2028\u2029"
TEXT = (st.text(st.characters(exclude_categories=["Cs"]), max_size=300) | st.text(SPECIAL, max_size=100)
        | st.text(SPECIAL, min_size=150, max_size=400))
OPTIONAL = st.none() | st.just("") | TEXT
CONTACTS = st.fixed_dictionaries({
    "id": st.text(min_size=1, max_size=40), "name": TEXT,
}, optional={
    "company": OPTIONAL, "title": OPTIONAL, "email": OPTIONAL, "profile_url": OPTIONAL, "photo_url": OPTIONAL,
    "location": OPTIONAL, "headline": OPTIONAL, "notes": OPTIONAL, "tags": st.lists(TEXT.filter(bool), max_size=5),
})


def written(value):
    """What a value reads back as: vCard has one escaped line break, so CR LF and CR come back as LF."""
    if isinstance(value, list):
        return [written(v) for v in value]
    return value.replace("\r\n", "\n").replace("\r", "\n")


def want(contact, field):
    return [contact[field]] if field in contact else []


@settings(max_examples=200, deadline=None)
@given(CONTACTS)
def test_any_contact_read_back_by_vobject_gives_the_same_values(contact):
    v = vobject.readOne(vcard.card(contact), validate=False)
    contact = {k: written(val) for k, val in contact.items() if val}
    *given_names, family = contact.get("name", "").split() or [""]
    assert v.uid.value == vcard.UID_PREFIX + contact["id"]
    assert v.fn.value == contact.get("name", "")
    assert (v.n.value.family, v.n.value.given) == (family, " ".join(given_names))
    simple = {"title": "title", "email": "email", "profile_url": "url", "photo_url": "photo", "notes": "note",
              "headline": vcard.HEADLINE}
    for field, prop in simple.items():
        assert [line.value for line in v.contents.get(prop, [])] == want(contact, field), field
    assert [line.value[0] for line in v.contents.get("org", [])] == want(contact, "company")
    assert [line.value.city for line in v.contents.get("adr", [])] == want(contact, "location")
    assert [line.value for line in v.contents.get("categories", [])] == want(contact, "tags")


@settings(max_examples=200, deadline=None)
@given(CONTACTS)
def test_any_card_is_what_vobject_writes_once_lines_are_unfolded(contact):
    assert unfold(vcard.card(contact)) == unfold(vobject_card(contact))


@settings(max_examples=200, deadline=None)
@given(CONTACTS)
def test_lines_end_in_crlf_hold_at_most_75_octets_and_never_split_a_character(contact):
    lines = physical_lines(vcard.card(contact))
    assert lines[0] == b"BEGIN:VCARD" and lines[1] == b"VERSION:3.0" and lines[-1] == b"END:VCARD"
    for line in lines:
        assert len(line) <= 75 and b"\r" not in line and b"\n" not in line
        line.decode("utf-8")  # a character cut in two would not decode on its own line
    for before, after in itertools.pairwise(lines):
        if after.startswith(b" "):  # a folded line was filled up to its last whole character
            room = 75 - len(before)
            assert room < 4 and room < len(after[1:].decode("utf-8")[0].encode("utf-8"))


def test_a_card_reads_as_an_address_book_expects():
    assert vcard.card(PERSON).split("\r\n") == [
        "BEGIN:VCARD", "VERSION:3.0", "UID:urn:followup:contact:c1",
        "ADR;TYPE=WORK:;;;Lisbon\\, Portugal;;;",
        "CATEGORIES:acme,panel\\, round 2",
        "EMAIL;TYPE=INTERNET:jose@example.com",
        "FN:José Núñez\\, PhD",
        "N:PhD;José Núñez\\,;;;",
        "NOTE:Asked about on-call.\\nFollow up.\\\\ok",
        "ORG:Acme\\, Inc.",
        "PHOTO;VALUE=URI:https://media.example.com/jose.jpg",
        "TITLE:Staff\\; Engineer",
        "URL:https://www.linkedin.com/in/jose-nunez/",
        "X-FOLLOWUP-HEADLINE:Builds payment systems\\, at scale",
        "END:VCARD", "",
    ]
    assert vcard.card({"id": "c2", "name": ""}).split("\r\n") == [
        "BEGIN:VCARD", "VERSION:3.0", "UID:urn:followup:contact:c2", "FN:", "N:;;;;", "END:VCARD", ""]


def test_a_long_line_of_one_two_and_four_octet_characters_folds_between_characters():
    text = vcard.card({"id": "c3", "name": "Ana", "notes": "a" * 101 + "é" * 40 + "😀" * 20})
    note = [line for line in physical_lines(text) if line.startswith((b"NOTE:", b" "))]
    # "NOTE:" + 70 a; " " + 31 a + 21 é (a 22nd would make 76); " " + 19 é + 9 😀; " " + 11 😀
    assert [len(line) for line in note] == [75, 74, 75, 45]
    assert unfold(text).split("\r\n")[-3] == "NOTE:" + "a" * 101 + "é" * 40 + "😀" * 20


def test_a_line_of_75_octets_stays_whole_and_one_of_76_is_folded():
    assert vcard.fold("x" * 75) == "x" * 75 + "\r\n"
    assert vcard.fold("é" * 37 + "x") == "é" * 37 + "x\r\n"
    assert vcard.fold("é" * 38) == "é" * 37 + "\r\n é\r\n"
    assert vcard.fold("x" * 76) == "x" * 75 + "\r\n x\r\n"


def test_the_address_book_download_is_streamed_in_pieces_and_holds_every_card_in_name_order(client, H, monkeypatch):
    monkeypatch.setattr(vcard, "CHUNK", 2)
    names = ["Efua Mensah", "Ana Lima", "Dmitri Ivanov", "Ben Okafor", "Chloé Dubois"]
    for name in names:
        assert client.post(f"{API}/contacts", json={"name": name, "notes": "x" * 100}, headers=H).status_code == 201
    resp = client.get(f"{API}/export/contacts.vcf", headers=H)
    assert resp.status_code == 200 and resp.is_streamed and resp.mimetype == "text/vcard"
    book = list(vobject.readComponents(resp.data.decode("utf-8")))
    assert [card.fn.value for card in book] == sorted(names)
    assert all(card.note.value == "x" * 100 for card in book)
