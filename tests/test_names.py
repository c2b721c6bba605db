"""Greeting a person by the right name, whatever shape their name was captured in."""

import pytest

from server.drafts.names import address_name


@pytest.mark.parametrize(
    "captured, greeting",
    [
        ("Ana Lima", "Ana"),
        ("Mary Ann Smith", "Mary"),  # middle names are dropped
        ("José María García Quiñones", "José"),
        ("Jean-Luc Picard", "Jean-Luc"),
        ("J. Robert Smith", "Robert"),  # goes by the middle name
        ('Robert "Bob" Smith', "Bob"),  # a nickname wins
        ("Wei (David) Zhang", "David"),
        ("Smith, John", "John"),  # "Last, First"
        ("de la Cruz, Maria", "Maria"),
        ("John Smith, PhD", "John"),  # credentials and suffixes
        ("Ana Lima, CFA, PMP", "Ana"),
        ("John Smith Jr.", "John"),
        ("Dr. Sarah Chen", "Dr. Chen"),  # they chose to show the title
        ("Dr Sarah Chen", "Dr. Chen"),
        ("Prof. Dr. Hans Müller", "Professor Müller"),
        ("Ms. Jane Doe", "Jane"),
        ("Mr. Tanaka", "Mr. Tanaka"),  # no first name to use
        ("Sir Ian Blake", "Sir Ian"),
        ("Prince", "Prince"),  # a single name
        ("Dean Smith", "Dean"),  # first names that are also titles elsewhere
        ("King Wu", "King"),
        ("王小明", "王小明"),  # CJK names are used whole
        ("山田 太郎", "山田 太郎"),
        ("김민준", "김민준"),
        ("Zhang Wei 张伟", "张伟"),
        ("Ana Lima (she/her)", "Ana"),  # LinkedIn decorations
        ("Ana Lima 🚀", "Ana"),
        ("Ana Lima | Hiring!", "Ana"),
        ("JOHN SMITH", "John"),  # shouting or lower case is fixed, not "McKay"
        ("o'neil shaun", "O'Neil"),
        ("DeShawn McKay", "DeShawn"),
    ],
)
def test_greeting_name(captured, greeting):
    assert address_name(captured) == greeting


@pytest.mark.parametrize("captured", ["", "   ", None, "Dr.", "🚀", "(she/her)"])
def test_no_usable_name_gives_empty(captured):
    assert address_name(captured) == ""
