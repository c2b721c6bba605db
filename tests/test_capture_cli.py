"""`followup capture FILE --url URL`: who capture finds on a saved page, from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

from server.cli import main

PAGE = Path(__file__).parent / "pages" / "linkedin" / "synthetic-minimal-topcard.html"


def test_prints_the_api_answer_for_a_saved_page(capsys):
    assert main(["capture", str(PAGE), "--url", "https://de.linkedin.com/in/jane-doe?trk=x"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["page"] == {"kind": "linkedin_guest_profile", "url": "https://www.linkedin.com/in/jane-doe/"}
    assert answer["candidates"][0]["name"] == "Jane Doe"


def test_trim_prints_the_page_as_the_extension_sends_it(capsys, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><style>x{}</style></head><body><nav>Me</nav><main><h1>Ana</h1></main>"
                    "<script>track()</script></body></html>")
    assert main(["capture", str(page), "--url", "https://example.com/", "--trim"]) == 0
    out = capsys.readouterr().out
    assert "<main><h1>Ana</h1></main>" in out and "nav" not in out and "track" not in out and "style" not in out


def test_bad_input_is_a_message_and_exit_code_2(capsys, tmp_path):
    assert main(["capture", str(tmp_path / "missing.html"), "--url", "https://example.com/"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["capture", str(PAGE), "--url", "example.com"]) == 2
    assert "--url" in capsys.readouterr().err
