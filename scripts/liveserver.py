"""The real `followup serve` in a subprocess on a free loopback port, and a small client for it.

Shared by the reliability scripts (crash_trials, concurrency, fuzz_api, soak) and their small CI versions.
Loopback only: nothing here can reach another host.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process on a data directory; start(), kill() (SIGKILL), stop() (SIGTERM)."""

    def __init__(self, data_dir: Path, log: Path | None = None, threads: int = 4):
        self.data_dir = Path(data_dir)
        self.log_path = log or self.data_dir.parent / f"{self.data_dir.name}.log"
        self.threads = threads
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def spawn(self) -> "Server":
        """Start the process without waiting for it to answer (to kill it while it starts up)."""
        self.port = free_port()
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(self.port), "--data-dir", str(self.data_dir),
             "--threads", str(self.threads)],
            cwd=ROOT, stdout=log, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        log.close()
        return self

    def start(self, timeout: float = 30) -> "Server":
        self.spawn()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log_path.read_text()[-2000:]
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{tail}")
            probe = Client(self.port, "", timeout=2)
            try:
                if probe.call("GET", "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.02)
            finally:
                probe.close()
        else:
            raise RuntimeError(f"server did not answer within {timeout}s; see {self.log_path}")
        self.token = (self.data_dir / "token").read_text().strip()
        return self

    def client(self, timeout: float = 30) -> "Client":
        return Client(self.port, self.token, timeout)

    def rss_kib(self) -> int:
        """Resident memory of the server process (Linux /proc), in KiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def kill(self) -> None:
        """SIGKILL: no handler, no flush, no cleanup, as when the machine loses power to the process."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.proc:
            self.proc.wait()

    def kill_after(self, seconds: float) -> None:
        time.sleep(seconds)
        self.kill()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


class Client:
    """One keep-alive connection to the server; call() returns (status, parsed JSON or text, headers)."""

    def __init__(self, port: int, token: str, timeout: float = 30):
        self.port = port
        self.token = token
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body=None, raw: bytes | None = None, headers: dict | None = None):
        h = {"Host": f"127.0.0.1:{self.port}"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.conn.request(method, API + path, body=data, headers=h)
            resp = self.conn.getresponse()
            payload = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            # one exception type for "the server went away", whether before or after the status line
            raise exc if isinstance(exc, OSError) else ConnectionError(f"{type(exc).__name__}: {exc}") from exc
        if resp.getheader("Connection", "").lower() == "close":
            self.close()
        try:
            parsed = json.loads(payload)
        except ValueError:
            parsed = payload.decode("utf-8", "replace")
        return resp.status, parsed, dict(resp.getheaders())

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _refuse(name):
    raise ValueError(name)


def strict_json_file(path: Path) -> bool:
    """True when the file is strict JSON (no NaN/Infinity) holding an object of tables."""
    try:
        data = json.loads(path.read_bytes(), parse_constant=_refuse)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())


def data_files(data_dir: Path) -> tuple[bool, bool]:
    """(valid, torn_tail): db.json is strict JSON and every complete journal line is too; torn_tail says the
    journal ends in an unterminated line (a write cut by the kill, never acknowledged, dropped at start-up)."""
    db = Path(data_dir) / "db.json"
    if db.exists() and not strict_json_file(db):
        return False, False
    journal = Path(data_dir) / "db.journal"
    if not journal.exists():
        return True, False
    raw = journal.read_bytes()
    complete, _, tail = raw.rpartition(b"\n")
    try:
        for line in complete.splitlines():
            json.loads(line, parse_constant=_refuse)
    except (ValueError, UnicodeDecodeError):
        return False, bool(tail)
    return True, bool(tail)
