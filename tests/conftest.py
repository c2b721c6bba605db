"""Shared fixtures: an app on a fresh data directory, its test client, and the headers a paired client sends."""

from __future__ import annotations

import pytest

from server.app import create_app


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark a test whose body failed (item.failed_call), for fixtures that save screenshots of failures."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


PORT = 5317


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def app(data_dir):
    app = create_app({"DATA_DIR": str(data_dir), "PORT": PORT, "TESTING": True})
    yield app
    app.extensions["followup.store"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(app):
    return app.extensions["followup.token"].get()


@pytest.fixture
def H(token):
    """Headers of the paired extension: our Host and the bearer token."""
    return {"Host": f"127.0.0.1:{PORT}", "Authorization": f"Bearer {token}"}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real `followup serve` in a subprocess on a free loopback port."""

    def __init__(self, data_dir, port=None, extra_args=()):
        import os
        import subprocess
        import sys

        self.data_dir = data_dir
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(self.port), "--data-dir", str(data_dir), *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._wait()
        self.token = (data_dir / "token").read_text().strip()

    def _wait(self):
        import time
        import urllib.request

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.stop().stderr}")
            try:
                req = urllib.request.Request(f"{self.base}/api/v1/health", headers={"Host": f"127.0.0.1:{self.port}"})
                with urllib.request.urlopen(req, timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def request(self, method, path, body=None, headers=None, raw=None):
        """(status, parsed JSON or text) for one request with the paired client's headers."""
        import http.client
        import json

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        text = resp.read().decode()
        conn.close()
        try:
            return resp.status, json.loads(text)
        except ValueError:
            return resp.status, text

    def stop(self):
        """Stop the server (SIGTERM) and keep what it printed in .stdout / .stderr."""
        if self.stdout is None:
            if self.proc.poll() is None:
                self.proc.terminate()
            try:
                self.stdout, self.stderr = self.proc.communicate(timeout=10)
            except Exception:
                self.proc.kill()
                self.stdout, self.stderr = self.proc.communicate()
        return self

    stdout = stderr = None


@pytest.fixture
def live_server(tmp_path):
    """Start the real server on a fresh data directory; stopped after the test."""
    started = []

    def start(data_dir=None, **kw):
        server = LiveServer(data_dir or tmp_path / "live", **kw)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
