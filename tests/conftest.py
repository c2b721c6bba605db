"""Shared fixtures: an app on a fresh data directory, its test client, and the headers a paired client sends."""

from __future__ import annotations

import pytest

from server.app import create_app

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
