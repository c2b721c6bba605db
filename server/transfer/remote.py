"""The running server, reached from the command line: loopback only, the token from the data directory.

Before any file is sent, the server must prove it knows the token (HMAC of a fresh nonce), as the extension
requires: another program listening on the port gets nothing.
"""

from __future__ import annotations

import hmac
import http.client
import json
import secrets
import sys
from hashlib import sha256
from pathlib import Path
from typing import Any, Callable

from ..paths import read_token

CHUNK = 256 * 1024
TIMEOUT = 300  # seconds: a large import is merged before the answer comes


class Unreachable(RuntimeError):
    """The server holding the data directory does not answer (or is not followup) at the port given."""


class Refused(RuntimeError):
    """The server refused the request: its error message and the field at fault."""

    def __init__(self, status: int, error: dict):
        super().__init__(error.get("message") or f"HTTP {status}")
        self.status = status
        self.field = error.get("field")


class Remote:
    """A client of the local API for one data directory's server."""

    def __init__(self, directory: Path, port: int):
        self.port = port
        self.token = read_token(directory) or ""
        self.host = f"127.0.0.1:{port}"

    def _send(self, method: str, path: str, body: bytes | None, content_type: str | None,
              progress: Callable[[int, int], None] | None = None) -> Any:
        """One request with the token; the JSON answer, or Refused / Unreachable."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.putrequest(method, f"/api/v1{path}", skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", self.host)
            conn.putheader("Authorization", f"Bearer {self.token}")
            if body is not None:
                conn.putheader("Content-Type", content_type or "application/json")
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders()
            for start in range(0, len(body or b""), CHUNK):
                conn.send(body[start:start + CHUNK])  # type: ignore[index]
                if progress:
                    progress(min(start + CHUNK, len(body)), len(body))  # type: ignore[arg-type]
            resp = conn.getresponse()
            raw = resp.read()
        except OSError as exc:
            raise Unreachable(f"nothing answers at http://{self.host} ({exc.strerror or exc})") from None
        finally:
            conn.close()
        try:
            data = json.loads(raw)
        except ValueError:
            raise Unreachable(f"the program at http://{self.host} is not followup") from None
        if resp.status >= 400:
            raise Refused(resp.status, data.get("error") or {} if isinstance(data, dict) else {})
        return data

    def verify(self) -> None:
        """Make sure followup itself answers, and knows our token, before sending it anything."""
        nonce = secrets.token_hex(32)
        try:
            answer = self._send("POST", "/hello", json.dumps({"nonce": nonce}).encode(), "application/json")
        except Refused as exc:
            raise Unreachable(f"the server at http://{self.host} refused the token ({exc})") from None
        expected = hmac.new(self.token.encode(), nonce.encode(), sha256).hexdigest()
        if not isinstance(answer, dict) or not hmac.compare_digest(str(answer.get("proof", "")), expected):
            raise Unreachable(f"the program at http://{self.host} could not prove it is this followup; nothing was sent")

    def post(self, path: str, body: bytes, content_type: str, progress: Callable[[int, int], None] | None = None) -> Any:
        """POST a file's bytes as `content_type`, reporting upload progress."""
        return self._send("POST", path, body, content_type, progress)


def upload_progress(done: int, total: int) -> None:
    """Progress of a large upload on stderr."""
    print(f"\rsending {done * 100 // max(total, 1)}%", end="" if done < total else " … merging\n", file=sys.stderr, flush=True)
