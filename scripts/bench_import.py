"""Benchmark: import LinkedIn's Connections.csv of 30,000 rows through the API (goal: <= 5 s), then again.

Prints figures (wall clock and CPU time of this process, as the machine may be busy); asserts nothing. The first run adds every person (and a `connected` touch each); the second
run of the same file finds every one of them again and changes nothing. Also times the backup export and its
restore, the contacts exports (vCard and CSV) and the vCard file imported back, at that size.
Run: .venv/bin/python scripts/bench_import.py [--rows 30000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from connections_file import make  # noqa: E402
from server.app import create_app  # noqa: E402

API = "/api/v1"


def timed(label: str, func):
    """Run func; print wall-clock seconds and this process's CPU seconds (the machine may be shared)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"{label:<44} {time.perf_counter() - start:6.2f} s wall {time.process_time() - cpu:6.2f} s cpu")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30000)
    args = parser.parse_args()
    text, broken = make(args.rows, broken_every=1000)
    body = text.encode()
    print(f"Connections.csv: {args.rows:,} lines ({len(broken)} broken), {len(body) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp, "PORT": 5317})
        client = app.test_client()
        headers = {"Host": "127.0.0.1:5317", "Authorization": f"Bearer {app.extensions['followup.token'].get()}"}
        csv_headers = {**headers, "Content-Type": "text/csv"}
        try:
            first = timed("import (all new) via POST /import/linkedin", lambda: client.post(f"{API}/import/linkedin", data=body, headers=csv_headers))
            report = first.get_json()
            print(f"  status {first.status_code}: imported {report['imported']:,}, merged {report['merged']:,}, "
                  f"touches {report['touches']:,}, skipped {len(report['errors'])}")
            again = timed("import again (all known, nothing changes)", lambda: client.post(f"{API}/import/linkedin", data=body, headers=csv_headers))
            report = again.get_json()
            print(f"  status {again.status_code}: imported {report['imported']:,}, merged {report['merged']:,}")
            backup = timed("GET /export/backup", lambda: client.get(f"{API}/export/backup", headers=headers))
            print(f"  {len(backup.data) / 1e6:.1f} MB")
            restored = timed("POST /import/backup (check + restore)", lambda: client.post(
                f"{API}/import/backup", data=backup.data, headers={**headers, "Content-Type": "application/json"}))
            print(f"  status {restored.status_code}: {restored.get_json().get('restored')}")
            # .data reads the whole body: a streamed download is only written while it is read
            vcf = timed("GET /export/contacts.vcf", lambda: client.get(f"{API}/export/contacts.vcf", headers=headers).data)
            print(f"  {len(vcf) / 1e6:.1f} MB, {vcf.count(b'BEGIN:VCARD'):,} cards")
            timed("GET /export/contacts.csv", lambda: client.get(f"{API}/export/contacts.csv", headers=headers).data)
            merged = timed("POST /import/contacts.vcf (that file: all known)", lambda: client.post(
                f"{API}/import/contacts.vcf", data=vcf, headers={**headers, "Content-Type": "text/vcard"}))
            report = merged.get_json()
            print(f"  status {merged.status_code}: imported {report['imported']:,}, merged {report['merged']:,}, skipped {len(report['errors'])}")
        finally:
            app.extensions["followup.store"].close()


if __name__ == "__main__":
    main()
