"""The OpenAPI 3.1 description of the local API: an explicit table of operations plus the payload models.

The table is written by hand on purpose: a convention test compares it with the app's URL map, so a route
added without a line here (or a line left for a removed route) fails the build. Request bodies come from
the pydantic models in schemas.py, so the description cannot drift from what the server validates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from . import __version__, drafts, schemas
from .api.capture import CaptureIn

REF = "#/components/schemas/{model}"


def obj(required: tuple[str, ...] = (), **props: dict) -> dict:
    """An object schema that names its important fields and allows more (answers grow; callers ignore extras)."""
    return {"type": "object", "required": list(required), "properties": props}


def ref(name: str) -> dict:
    return {"$ref": REF.format(model=name)}


def many(key: str, item: dict, **more: dict) -> dict:
    return obj((key,), **{key: {"type": "array", "items": item}}, **more)


STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
WHEN = {"type": "string", "format": "date-time"}
DELETED = obj(("deleted", "id"), deleted=BOOL, id=STR)

# Answers: the fields the extension and the checks rely on (design.md "Names the parts share").
ANSWERS: dict[str, dict] = {
    "Error": obj(("error",), error=obj(("code", "message"), code=STR, message=STR, field=STR)),
    "Contact": obj(("id", "name"), id=STR, name=STR, headline=NSTR, title=NSTR, company=NSTR, location=NSTR,
                   profile_url=NSTR, photo_url=NSTR, email=NSTR, notes=NSTR, tags={"type": "array", "items": STR}),
    "Interview": obj(("id", "company", "starts_at", "ends_at", "interviewers", "outcome"), id=STR, company=STR,
                     role=NSTR, starts_at=WHEN, ends_at=WHEN, interviewers={"type": "array"}, outcome=STR),
    "Touch": obj(("id", "contact_id", "kind", "at"), id=STR, contact_id=STR, interview_id=NSTR, kind=STR, at=WHEN),
    "Draft": obj(("kind", "body", "chars", "words", "limit", "missing"), kind=STR, subject=NSTR, body=STR, chars=INT,
                 words=INT, limit=INT, limit_unit=STR, missing={"type": "array", "items": STR}, mailto=NSTR,
                 gmail=NSTR, contact_id=STR, interview_id=NSTR),
    "Reminder": obj(("id", "rule", "contact_id", "interview_id", "due_at", "deadline_at", "status", "title", "draft_kind"),
                    id=STR, rule=STR, contact_id=NSTR, interview_id=STR, due_at=WHEN,
                    deadline_at={"type": ["string", "null"], "format": "date-time"},
                    status={"enum": ["due", "overdue", "upcoming", "snoozed"]}, title=STR, draft_kind=NSTR,
                    snoozed_until={"type": ["string", "null"], "format": "date-time"}),
    "ReminderAnswer": obj(("id", "answer", "touch"), id=STR, answer={"type": "object"},
                          touch={"anyOf": [{"$ref": REF.format(model="Touch")}, {"type": "null"}]}),
    "Profile": obj(("name", "linkedin_tier", "timezone", "working_days"), name=STR, linkedin_tier=STR,
                   timezone=STR, working_days={"type": "array", "items": STR}),
    "ImportReport": obj(("imported", "merged", "errors"), rows=INT, imported=INT, merged=INT, touches=INT,
                        errors={"type": "array", "items": obj(("line", "reason"), line=INT, reason=STR)}),
    "Backup": obj(("app", "kind", "format", "tables"), app={"const": "followup"}, kind={"const": "backup"}, format=INT,
                  version=STR, exported_at=WHEN, counts={"type": "object"}, tables={"type": "object"}),
}


@dataclass(frozen=True)
class Op:
    """One operation: method and path (relative to /api/v1), the Flask endpoint serving it, what goes in and out."""

    method: str
    path: str
    endpoint: str
    summary: str
    body: type[BaseModel] | dict | None = None
    body_types: tuple[str, ...] = ("application/json",)
    body_required: bool = True
    query: dict[str, dict] = field(default_factory=dict)
    status: int = 200
    answer: dict | None = None
    answer_type: str = "application/json"
    token: bool = True


def closed(required: tuple[str, ...] = (), **props: dict) -> dict:
    """A request object that takes exactly these fields."""
    return {**obj(required, **props), "additionalProperties": False}


OPERATIONS: tuple[Op, ...] = (
    Op("GET", "/health", "health.health", "Is followup running on this port (no token, no data)",
       answer=obj(("ok", "app", "version"), ok=BOOL, app=STR, version=STR), token=False),
    Op("POST", "/hello", "health.hello", "Prove the server knows the token (HMAC(token, nonce)) before the caller "
       "sends it; sent with the token from a Firefox extension, pairs its origin",
       body=obj(("nonce",), nonce={"type": "string", "minLength": 16, "maxLength": 256}),
       answer=obj(("app", "proof", "token_id"), app=STR, version=STR, proof=STR, token_id=STR), token=False),
    Op("GET", "/openapi.json", "docs.openapi", "This description", answer={"type": "object"}),
    Op("GET", "/contacts", "contacts.list_contacts", "Contacts, filtered by q (name, company, title), company, tag",
       query={"q": STR, "company": STR, "tag": STR, "limit": {"type": "integer", "minimum": 1, "maximum": 100000}},
       answer=many("contacts", ref("Contact"), total=INT)),
    Op("POST", "/contacts", "contacts.create_contact", "Create a contact, or merge into the same person (merged: true, 200)",
       body=schemas.ContactIn, status=201, answer=ref("Contact")),
    Op("GET", "/contacts/{ident}", "contacts.get_contact", "One contact", answer=ref("Contact")),
    Op("PATCH", "/contacts/{ident}", "contacts.edit_contact", "Edit fields; edited fields are never overwritten by a capture",
       body=schemas.ContactPatch, answer=ref("Contact")),
    Op("DELETE", "/contacts/{ident}", "contacts.delete_contact", "Delete a contact with its touches and panel seats",
       answer=DELETED),
    Op("GET", "/interviews", "interviews.list_interviews", "Interviews, newest first",
       query={"contact_id": STR, "outcome": STR}, answer=many("interviews", ref("Interview"))),
    Op("POST", "/interviews", "interviews.create_interview", "Create an interview round",
       body=schemas.InterviewIn, status=201, answer=ref("Interview")),
    Op("GET", "/interviews/{ident}", "interviews.get_interview", "One interview", answer=ref("Interview")),
    Op("PATCH", "/interviews/{ident}", "interviews.edit_interview", "Edit an interview (outcome, timeframe, panel...)",
       body=schemas.InterviewPatch, answer=ref("Interview")),
    Op("DELETE", "/interviews/{ident}", "interviews.delete_interview", "Delete an interview", answer=DELETED),
    Op("POST", "/touches", "touches.log_touch", "Log something that happened with a contact",
       body=schemas.TouchIn, status=201, answer=ref("Touch")),
    Op("GET", "/touches", "touches.list_touches", "Touches of a contact or an interview, oldest first",
       query={"contact_id": STR, "interview_id": STR}, answer=many("touches", ref("Touch"))),
    Op("DELETE", "/touches/{ident}", "touches.delete_touch", "Delete a touch", answer=DELETED),
    Op("GET", "/drafts", "drafts.list_drafts", "Drafts for a contact (and interview), or for every interviewer on a panel",
       query={"contact_id": STR, "interview_id": STR, "kind": {"enum": [k.name for k in drafts.KINDS]},
              "reason": {"enum": list(drafts.REASONS)}, "detail": {"type": "string", "maxLength": 500},
              "variant": {"type": "integer", "minimum": 0, "maximum": 999}},
       answer=many("drafts", ref("Draft"))),
    Op("GET", "/reminders", "reminders.list_reminders", "Reminders due or overdue at `at` (default now), then upcoming",
       query={"at": WHEN, "horizon_days": {"type": "integer", "minimum": 0, "maximum": 366, "default": 7}},
       answer=many("reminders", ref("Reminder"), at=WHEN, horizon_days=INT)),
    Op("GET", "/reminders.ics", "reminders.reminders_ics", "Reminders still to do as iCalendar (stable UIDs)",
       query={"at": WHEN, "horizon_days": {"type": "integer", "minimum": 0, "maximum": 366, "default": 30}},
       answer={"type": "string"}, answer_type="text/calendar"),
    Op("POST", "/reminders/{rid}/done", "reminders.mark_done", "Mark done; logs the matching touch",
       body=closed(note={"type": "string", "maxLength": 2000}, at=WHEN), body_required=False,
       answer=ref("ReminderAnswer")),
    Op("POST", "/reminders/{rid}/snooze", "reminders.snooze", "Snooze until a moment (within a year)",
       body=closed(("until",), until=WHEN), answer=ref("ReminderAnswer")),
    Op("POST", "/reminders/{rid}/dismiss", "reminders.dismiss", "Dismiss; for keep-in-touch, stop it for that person",
       body=closed(), body_required=False, answer=ref("ReminderAnswer")),
    Op("POST", "/capture", "capture.capture", "The person (or people) on a page the extension sends; page.kind says why when none",
       body=CaptureIn, answer=obj(("page", "candidates"), page=obj(("kind",), kind=STR, url=NSTR),
                                  candidates={"type": "array", "items": obj(("name",), name=STR, confidence={"type": "number"})})),
    Op("GET", "/profile", "profile.get_profile", "The user's profile with defaults", answer=ref("Profile")),
    Op("PUT", "/profile", "profile.put_profile", "Set the profile fields given; the others keep their value",
       body=schemas.ProfileIn, answer=ref("Profile")),
    Op("GET", "/rules", "profile.get_rules", "Every rule's numbers: default, value in force, allowed range",
       answer=many("rules", obj(("id", "settings"), id=STR, settings={"type": "object"}))),
    Op("POST", "/contacts/{ident}/merge", "contacts.merge_contact", "Merge another contact (other_id) into this one; the other is deleted",
       body=obj(("other_id",), other_id=STR), answer=ref("Contact")),
    Op("POST", "/import/linkedin", "io.import_linkedin", "Merge LinkedIn's Connections.csv into contacts; every skipped line with its reason",
       body={"type": "string"}, body_types=("text/csv",), answer=ref("ImportReport")),
    Op("POST", "/import/contacts.vcf", "io.import_vcf", "Merge an address book (.vcf) into contacts; every skipped card with its reason",
       body={"type": "string"}, body_types=("text/vcard",), answer=ref("ImportReport")),
    Op("POST", "/import/backup", "io.import_backup", "Replace all data with a backup; a backup with any fault changes nothing",
       body=ref("Backup"), answer=obj(("restored",), restored={"type": "object"})),
    Op("GET", "/export/backup", "io.export_backup", "Everything as one JSON backup (a download)",
       answer=ref("Backup")),
    Op("GET", "/export/contacts.csv", "io.export_contacts_csv", "Contacts for spreadsheets (a download)",
       answer={"type": "string"}, answer_type="text/csv"),
    Op("GET", "/export/contacts.vcf", "io.export_contacts_vcf", "Contacts for address books, vCard 3.0 (a download)",
       answer={"type": "string"}, answer_type="text/vcard"),
)


def _parameters(op: Op) -> list[dict]:
    params = [{"name": name, "in": "query", "required": False, "schema": schema} for name, schema in op.query.items()]
    for part in op.path.split("/"):
        if part.startswith("{"):
            params.append({"name": part[1:-1], "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}})
    return params


def _operation(op: Op, model_refs: dict) -> dict:
    out: dict[str, Any] = {"operationId": op.endpoint, "summary": op.summary, "parameters": _parameters(op)}
    if op.body is not None:
        schema = model_refs[op.body] if isinstance(op.body, type) else op.body
        out["requestBody"] = {"required": op.body_required, "content": {t: {"schema": schema} for t in op.body_types}}
    answer = {"schema": op.answer} if op.answer is not None else {}
    out["responses"] = {
        str(op.status): {"description": "done", "content": {op.answer_type: answer}},
        "4XX": {"$ref": "#/components/responses/Error"},
    }
    if op.method != "GET":
        out["responses"]["507"] = {"$ref": "#/components/responses/Error"}  # the disk refused: nothing saved
    if not op.token:
        out["security"] = []
    return out


def describe() -> dict:
    """The whole OpenAPI 3.1 document for the API under /api/v1."""
    models = sorted({op.body for op in OPERATIONS if isinstance(op.body, type)}, key=lambda m: m.__name__)
    refs, defs = models_json_schema([(m, "validation") for m in models], ref_template=REF)
    model_refs = {model: schema for (model, _mode), schema in refs.items()}
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, model_refs)
    error = {"description": "the one error shape", "content": {"application/json": {"schema": ref("Error")}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "followup local API", "version": __version__,
                 "description": "Local, private API of followup; served on loopback only."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}],
        "paths": paths,
        "components": {
            "schemas": {**defs.get("$defs", {}), **ANSWERS},
            "responses": {"Error": error},
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "the pairing token printed by `followup token`"}},
        },
    }
