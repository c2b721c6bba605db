"""Concurrency through the real server (T22, T23): 8 clients x 50 mixed requests lose no update.

The long run is scripts/concurrency.py (8 x 500); this is the same run, smaller.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import concurrency  # noqa: E402
from liveserver import Server  # noqa: E402


def test_eight_clients_mixed_requests_lose_nothing(tmp_path):
    result = concurrency.run(clients=8, requests=50, seed=11, data_dir=tmp_path / "data")
    assert result["problems"] == []
    assert result["requests"] >= 400 and result["by_kind"]["update shared"] > 50
    assert result["lost_updates"] == 0 and result["ids_unique"] and result["files_valid"]


def test_the_check_notices_a_lost_update(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        api = server.client()
        cid = api.call("POST", "/contacts", {"name": "Shared"})[1]["id"]
        api.call("PATCH", f"/contacts/{cid}", {"title": "second writer"})
        api.close()
        first = concurrency.Client(1, server, [cid], 0, seed=1)  # client 1 writes "title"
        first.last[cid] = "first writer"  # acknowledged earlier, then overwritten by nobody it knows of
        problems, lost = concurrency.check(server, [first], [cid])
    finally:
        server.stop()
    assert lost == 1 and any("lost update" in p for p in problems)
