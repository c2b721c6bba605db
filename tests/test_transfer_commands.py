"""The import, export, backup and restore commands, with the server stopped and while it runs."""

from __future__ import annotations

import json
import os
import stat

import pytest

from connections_file import make
from server.cli import main
from server.storage import Store


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def csv_file(tmp_path):
    text, broken = make(2000, broken_every=400)
    path = tmp_path / "Connections.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path, broken


def test_import_linkedin_with_the_server_stopped_reports_progress_and_every_skipped_line(tmp_path, capsys, csv_file):
    path, broken = csv_file
    code, out, err = run(capsys, "import-linkedin", str(path), "--data-dir", str(tmp_path / "d"))
    assert code == 0
    assert out.startswith(f"{2000 - len(broken)} new contacts, 0 merged")
    for line, _ in broken:
        assert f"  line {line}: " in out
    good = f"{2000 - len(broken):,}"
    assert f"merging {good}/{good} rows" in err.splitlines()
    store = Store(tmp_path / "d", readonly=True)
    assert len(store.scan("contacts")) == 2000 - len(broken)


def test_export_backup_and_restore_round_trip(tmp_path, capsys, csv_file):
    data = str(tmp_path / "d")
    run(capsys, "import-linkedin", str(csv_file[0]), "--data-dir", data)
    before = Store(data, readonly=True).snapshot()
    code, _, err = run(capsys, "backup", "--data-dir", data, "-o", str(tmp_path / "b.json"))
    assert code == 0 and "wrote" in err
    assert stat.S_IMODE(os.stat(tmp_path / "b.json").st_mode) == 0o600  # personal data: owner only
    run(capsys, "import-linkedin", str(tmp_path / "other.csv"), "--data-dir", data)  # missing file: changes nothing
    (tmp_path / "one.csv").write_text(make(1)[0].replace("Engineer", "Chief"), encoding="utf-8")
    run(capsys, "import-linkedin", str(tmp_path / "one.csv"), "--data-dir", data)
    code, out, _ = run(capsys, "restore", str(tmp_path / "b.json"), "--data-dir", data)
    assert code == 0 and out.startswith(f"restored {len(before['contacts'])} contacts")
    assert Store(data, readonly=True).snapshot() == before


def test_export_contacts_as_csv_to_a_file_and_vcf_to_stdout(tmp_path, capsys, csv_file):
    data = str(tmp_path / "d")
    run(capsys, "import-linkedin", str(csv_file[0]), "--data-dir", data)
    code, _, _ = run(capsys, "export-contacts", "--data-dir", data, "--format", "csv", "-o", str(tmp_path / "c.csv"))
    assert code == 0
    lines = (tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,name,title,company") and len(lines) == 1 + 2000 - len(csv_file[1])
    code, out, _ = run(capsys, "export-contacts", "--data-dir", data, "--format", "vcf")
    assert code == 0 and out.count("BEGIN:VCARD") == 2000 - len(csv_file[1])


def test_import_vcf_merges_an_address_book_and_names_the_card_it_skipped(tmp_path, capsys):
    data = str(tmp_path / "d")
    (tmp_path / "book.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nORG:Acme\r\nEMAIL:ana@acme.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:nobody@example.com\r\nEND:VCARD\r\n", encoding="utf-8")
    code, out, _ = run(capsys, "import-vcf", str(tmp_path / "book.vcf"), "--data-dir", data)
    assert code == 0 and out.splitlines() == ["1 new contacts, 0 merged into people already known, 1 line(s) skipped",
                                              "  line 7: no name (FN and N are empty)"]
    code, out, _ = run(capsys, "import-vcf", str(tmp_path / "book.vcf"), "--data-dir", data)
    assert out.startswith("0 new contacts, 1 merged")
    assert [c["name"] for c in Store(data, readonly=True).scan("contacts")] == ["Ana Lima"]


@pytest.mark.parametrize("content, words", [
    ("not json", "not valid JSON"),
    ('{"app": "followup", "kind": "backup", "format": 1, "tables": {"touches": [{"id": "t", "contact_id": "x", '
     '"kind": "met", "at": "2026-03-02T10:00:00+00:00"}]}}', "tables.touches[0]"),
    ('{"app": "something else"}', "not a followup backup"),
])
def test_restore_of_a_bad_file_exits_2_and_changes_nothing(tmp_path, capsys, csv_file, content, words):
    data = str(tmp_path / "d")
    run(capsys, "import-linkedin", str(csv_file[0]), "--data-dir", data)
    before = Store(data, readonly=True).snapshot()
    (tmp_path / "bad.json").write_text(content)
    code, _, err = run(capsys, "restore", str(tmp_path / "bad.json"), "--data-dir", data)
    assert code == 2 and words in err
    assert Store(data, readonly=True).snapshot() == before


def test_bad_files_exit_2_with_a_message(tmp_path, capsys):
    data = str(tmp_path / "d")
    code, _, err = run(capsys, "import-linkedin", str(tmp_path / "missing.csv"), "--data-dir", data)
    assert code == 2 and "cannot read" in err
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    code, _, err = run(capsys, "import-linkedin", str(tmp_path / "x.csv"), "--data-dir", data)
    assert code == 2 and "Connections.csv" in err
    code, _, err = run(capsys, "backup", "--data-dir", str(tmp_path / "nowhere"))
    assert code == 2 and "no followup data" in err


def test_while_the_server_runs_imports_go_through_it_and_exports_read_alongside(tmp_path, capsys, csv_file, live_server):
    server = live_server(tmp_path / "live")
    data = str(server.data_dir)
    code, out, err = run(capsys, "import-linkedin", str(csv_file[0]), "--data-dir", data, "--port", str(server.port))
    assert code == 0 and "sending the file to it" in err
    assert out.startswith(f"{2000 - len(csv_file[1])} new contacts")
    status, listed = server.request("GET", "/api/v1/contacts?limit=1", headers={"Host": f"127.0.0.1:{server.port}"})
    assert status == 200 and listed["total"] == 2000 - len(csv_file[1])
    code, _, _ = run(capsys, "backup", "--data-dir", data, "-o", str(tmp_path / "b.json"))
    assert code == 0 and json.loads((tmp_path / "b.json").read_text())["counts"]["contacts"] == listed["total"]
    server.request("DELETE", f"/api/v1/contacts/{json.loads((tmp_path / 'b.json').read_text())['tables']['contacts'][0]['id']}",
                   headers={"Host": f"127.0.0.1:{server.port}"})
    code, out, _ = run(capsys, "restore", str(tmp_path / "b.json"), "--data-dir", data, "--port", str(server.port))
    assert code == 0
    status, listed = server.request("GET", "/api/v1/contacts?limit=1", headers={"Host": f"127.0.0.1:{server.port}"})
    assert listed["total"] == 2000 - len(csv_file[1])
    code, _, err = run(capsys, "import-linkedin", str(csv_file[0]), "--data-dir", data, "--port", "1")
    assert code == 1 and "--port" in err
