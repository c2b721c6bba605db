"""What the Firefox tests put on the real server, through its API as a paired client would."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta


def call_api(server, method: str, path: str, body=None):
    """Call the real server as a paired client would; assert success and return the JSON answer."""
    status, data = server.request(method, f"/api/v1{path}", body=body)
    assert status < 400, f"{method} {path} -> {status}: {json.dumps(data)[:500]}"
    return data


def ended_interview(server, *people):
    """An Initech interview that ended two hours ago with these people (new contacts) on the panel."""
    end = datetime.now(UTC) - timedelta(hours=2)
    contacts = [call_api(server, "POST", "/contacts", person) for person in people]
    return call_api(server, "POST", "/interviews", {
        "company": "Initech", "role": "Data Engineer",
        "starts_at": (end - timedelta(hours=1)).isoformat(), "ends_at": end.isoformat(),
        "interviewers": [{"contact_id": c["id"], "topics": ["streaming pipelines"]} for c in contacts],
    }), contacts
