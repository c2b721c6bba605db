"""The real server process: loopback only, transport-level checks, single instance, concurrency, files."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading

import pytest

from server.storage import committed_state, files_are_strict_json


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "server", *args], capture_output=True, text=True, timeout=60, **kw)


def test_serves_health_with_waitress_and_prints_pairing(live_server):
    srv = live_server()
    status, body = srv.request("GET", "/api/v1/health")
    assert status == 200 and body["ok"] is True and body["app"] == "followup"
    out = srv.stop().stdout
    assert srv.token in out and "Load unpacked" in out and "about:debugging" in out


def test_files_are_private(live_server, tmp_path):
    srv = live_server()
    srv.request("POST", "/api/v1/contacts", {"name": "Ana"})
    mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)
    assert mode(srv.data_dir) == 0o700
    assert mode(srv.data_dir / "token") == 0o600
    assert mode(srv.data_dir / "db.json") == 0o600


def test_refuses_to_start_with_a_readable_token(tmp_path):
    data = tmp_path / "d"
    run_cli("token", "--data-dir", str(data))
    os.chmod(data / "token", 0o644)
    r = run_cli("serve", "--data-dir", str(data), "--port", "5399")
    assert r.returncode == 1 and "chmod 600" in r.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_non_loopback_bind_refused(tmp_path, host):
    r = run_cli("serve", "--data-dir", str(tmp_path), "--host", host)
    assert r.returncode == 2 and ("refusing" in r.stderr or "not an IP" in r.stderr)
    assert "Traceback" not in r.stderr


def test_no_host_header_is_400(live_server):
    srv = live_server()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
        s.sendall(b"GET /api/v1/contacts HTTP/1.0\r\nAuthorization: Bearer " + srv.token.encode() + b"\r\n\r\n")
        reply = b""
        while part := s.recv(65536):
            reply += part
        reply = reply.decode()
    assert reply.split()[1] == "400"
    assert "bad_host" in reply


def test_chunked_oversized_body_refused(live_server):
    srv = live_server()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(
            f"POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nAuthorization: Bearer {srv.token}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode()
        )
        chunk = b'{"name":"' + b"x" * 70000 + b'"}'
        try:
            s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n0\r\n\r\n")
        except OSError:
            pass
        reply = b""
        while True:
            part = s.recv(65536)
            if not part:
                break
            reply += part
    assert reply.split()[1] == b"413"
    assert srv.request("GET", "/api/v1/contacts")[1]["contacts"] == []


def test_second_server_on_same_data_dir_exits(live_server):
    first = live_server()
    r = run_cli("serve", "--data-dir", str(first.data_dir), "--port", "5398")
    assert r.returncode == 1 and "already running" in r.stderr
    assert first.request("GET", "/api/v1/health")[0] == 200


def test_read_only_commands_work_while_serving(live_server):
    srv = live_server()
    r = run_cli("token", "--data-dir", str(srv.data_dir))
    assert r.returncode == 0 and r.stdout.strip() == srv.token


def test_start_up_restores_backup_and_says_so(live_server, tmp_path):
    data = tmp_path / "d"
    srv = live_server(data)
    srv.request("POST", "/api/v1/contacts", {"name": "Ana Lima"})
    srv.stop()
    srv = live_server(data)  # rotates the backup with Ana in it
    srv.stop()
    (data / "db.json").write_text('{"contacts": {"x": ')
    srv = live_server(data)
    assert [c["name"] for c in srv.request("GET", "/api/v1/contacts")[1]["contacts"]] == ["Ana Lima"]
    assert "restored the backup" in srv.stop().stderr
    assert list(data.glob("db.json.corrupt-*"))


def test_16_threads_50_writes_lose_nothing(live_server):
    srv = live_server()
    results, errors = [], []

    def work(t):
        for i in range(50):
            status, body = srv.request("POST", "/api/v1/contacts", {"name": f"Person {t}-{i}", "email": f"p{t}.{i}@x.io"})
            (results if status == 201 else errors).append((status, body))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = [b["id"] for _, b in results]
    assert len(ids) == 800 and len(set(ids)) == 800
    assert srv.request("GET", "/api/v1/contacts")[1]["total"] == 800
    assert files_are_strict_json(srv.data_dir)
    assert len(committed_state(srv.data_dir)["contacts"]) == 800


def test_concurrent_edits_of_different_fields_both_survive(live_server):
    srv = live_server()
    cid = srv.request("POST", "/api/v1/contacts", {"name": "Ana"})[1]["id"]

    def edit(field, n):
        for i in range(n):
            srv.request("PATCH", f"/api/v1/contacts/{cid}", {field: f"{field}-{i}"})

    a = threading.Thread(target=edit, args=("title", 40))
    b = threading.Thread(target=edit, args=("location", 40))
    a.start(), b.start(), a.join(), b.join()
    got = srv.request("GET", f"/api/v1/contacts/{cid}")[1]
    assert got["title"] == "title-39" and got["location"] == "location-39"


def test_cli_help_is_useful():
    r = run_cli("--help")
    assert r.returncode == 0
    commands = [c for c in ("serve", "token") if c in r.stdout]
    assert commands == ["serve", "token"]
    for c in commands:
        h = run_cli(c, "--help")
        assert h.returncode == 0 and "--data-dir" in h.stdout


def test_cli_bad_usage_exits_2():
    r = run_cli("serve", "--port", "abc")
    assert r.returncode == 2 and "invalid int" in r.stderr
