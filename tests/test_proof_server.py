"""The real server process (T27, T13, T21 over the wire): waitress, no debugger, no HTML, no traceback leaks."""

from __future__ import annotations

import socket


def test_real_server_is_waitress_without_a_debugger(live_server):
    srv = live_server()
    status, body = srv.request("GET", "/console")
    assert status == 404 and set(body) == {"error"}
    conn_reply = _raw(srv.port, f"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nConnection: close\r\n\r\n")
    head = conn_reply.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert "server: followup" in head and "werkzeug" not in head


def test_malformed_http_gets_no_traceback(live_server):
    srv = live_server()
    for raw in (b"GARBAGE\r\n\r\n", b"GET /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: -5\r\n\r\n" % srv.port,
                b"POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nTransfer-Encoding: chunked\r\n"
                b"Content-Type: application/json\r\n\r\nzz\r\n" % srv.port,
                b"GET /api/v1/contacts?" + b"a=1&" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"):
        reply = _raw(srv.port, raw.decode("latin-1"))
        assert b"Traceback" not in reply and b"File \"" not in reply
        assert reply[:12] in (b"HTTP/1.0 400", b"HTTP/1.1 400", b"HTTP/1.0 401", b"HTTP/1.1 401", b"HTTP/1.0 431",
                              b"HTTP/1.1 431", b"HTTP/1.0 413", b"HTTP/1.1 413"), reply[:200]
    assert srv.request("GET", "/api/v1/health")[0] == 200  # still serving
    assert "Traceback" not in (srv.stop().stderr or "")


def _raw(port: int, text: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(text.encode("latin-1"))
        s.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            try:
                part = s.recv(65536)
            except ConnectionResetError:
                break
            if not part:
                break
            out += part
    return out
