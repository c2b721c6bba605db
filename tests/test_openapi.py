"""The OpenAPI description is served behind the token and matches the app's routes exactly."""

from __future__ import annotations

import re

from server.openapi import OPERATIONS, describe

PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}  # answered by Flask and the security guard for every route


def routes(app) -> dict[tuple[str, str], str]:
    """(METHOD, OpenAPI path) → endpoint, for every API route the app serves."""
    out = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":  # Flask's default static route; the API serves no files
            continue
        assert rule.rule.startswith(PREFIX), f"{rule.rule} is outside {PREFIX}"
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(PREFIX):])
        for method in rule.methods - IGNORED_METHODS:
            out[(method, path)] = rule.endpoint
    return out


def test_every_route_is_documented_and_nothing_else(app):
    documented = {(op.method, op.path): op.endpoint for op in OPERATIONS}
    assert len(documented) == len(OPERATIONS), "an operation is described twice"
    served = routes(app)
    assert sorted(set(served) - set(documented)) == [], "routes without a line in server/openapi.py"
    assert sorted(set(documented) - set(served)) == [], "documented routes the app does not serve"
    assert documented == served, "a documented operation names another endpoint than the one serving it"


def test_document_is_served_with_the_token_only(client, H):
    assert client.get("/api/v1/openapi.json", headers={"Host": H["Host"]}).status_code == 401
    resp = client.get("/api/v1/openapi.json", headers=H)
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    doc = resp.get_json()
    assert doc["openapi"].startswith("3.1")
    assert doc == describe()


def test_every_reference_resolves_and_every_operation_answers_errors_in_one_shape():
    doc = describe()
    text = repr(doc)
    for name in re.findall(r"#/components/schemas/([A-Za-z0-9_]+)", text):
        assert name in doc["components"]["schemas"], f"dangling $ref {name}"
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            assert op["responses"]["4XX"] == {"$ref": "#/components/responses/Error"}, (method, path)
            params = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert params == set(re.findall(r"{(\w+)}", path)), (method, path)


def test_request_schemas_are_the_validated_models():
    doc = describe()
    body = doc["paths"]["/contacts"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    contact = doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert contact["additionalProperties"] is False and contact["required"] == ["name"]
    assert contact["properties"]["name"]["maxLength"] == 200
    assert doc["paths"]["/health"]["get"]["security"] == []
