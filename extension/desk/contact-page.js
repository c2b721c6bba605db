// One person: who they are, what happened between you (touches), what is due for them, the interviews they
// were on; edit (edited fields stay yours), merge another contact into this one, delete with confirmation.

import * as api from "../api.js";
import { el, fill, safeHttpUrl } from "../dom.js";
import { TOUCH_NAMES, button, confirmBox, field, input, say, showError, suggesting } from "./common.js";
import { reminderRow } from "./timeline.js";
import { wallClock, when, zonedIso } from "./zones.js";

const EDITABLE = [["name", "Name"], ["title", "Title"], ["company", "Company"], ["headline", "Headline"], ["location", "Location"],
  ["email", "Email"], ["profile_url", "Profile (LinkedIn, GitHub...)"]];

export async function contactPage(main, id, desk) {
  const [c, { touches = [] }, { reminders = [] }, { interviews = [] }] = await Promise.all([
    api.getContact(id), api.touches({ contact_id: id }), api.reminders({ horizon_days: 90 }), api.listInterviews({ contact_id: id }),
  ]);
  const status = el("div", { className: "form-status", role: "status" });
  const profile = safeHttpUrl(c.profile_url);
  const edited = new Set(c.edited || []);
  fill(main,
    el("section", { className: "panel person" },
      el("p", {}, el("a", { href: "#contacts", text: "\u2190 All contacts" })),
      el("h2", { text: c.name }),
      el("p", { className: "meta", text: [c.title, c.company, c.location].filter(Boolean).join(" \u00b7 ") }),
      c.headline ? el("p", { text: c.headline }) : null,
      el("p", { className: "links" },
        profile ? el("a", { href: profile, target: "_blank", rel: "noopener noreferrer", text: "Profile" }) : null,
        c.email ? el("span", { text: ` ${c.email}` }) : null),
      (c.tags || []).length ? el("p", { className: "tags" }, c.tags.map((t) => el("span", { className: "tag", text: t }))) : null,
      c.notes ? el("p", { className: "notes", text: c.notes }) : null,
      editForm(c, edited, desk),
      el("div", { className: "row" }, mergeBox(c, desk, status), button("Delete contact", async () => {
        const message = `Delete ${c.name}? ${touches.length} touch${touches.length === 1 ? "" : "es"}, their seats on ${interviews.length} `
          + `interview${interviews.length === 1 ? "" : "s"} and their reminders go too. This cannot be undone.`;
        if (!(await confirmBox(status, message, `Delete ${c.name}`))) return;
        await api.deleteContact(c.id);
        desk.go("#contacts");
      }, "danger")),
      status),
    el("section", { className: "panel" }, el("h3", { text: "Follow-ups" }),
      listOr(reminders.filter((r) => r.contact_id === id).map((r) => reminderRow(r, interviews.find((iv) => iv.id === r.interview_id), desk)),
        "Nothing due for this person.", "reminders")),
    el("section", { className: "panel" }, el("h3", { text: "Interviews" }),
      listOr(interviews.map((iv) => el("li", {}, el("a", { href: `#interview/${encodeURIComponent(iv.id)}`,
        text: `${iv.company}${iv.role ? `, ${iv.role}` : ""} \u2014 ${when(iv.starts_at, desk.zone)} (${iv.outcome})` }))), "Not on any interview.")),
    el("section", { className: "panel" }, el("h3", { text: "Touches" }),
      listOr([...touches].reverse().map((t) => el("li", { dataset: { kind: t.kind } },
        el("strong", { text: TOUCH_NAMES[t.kind] || t.kind }), ` \u2014 ${when(t.at, desk.zone)}`,
        t.note ? el("span", { className: "meta", text: ` \u2014 ${t.note}` }) : null)), "Nothing logged yet.", "touches"),
      touchForm(c, interviews, desk)));
}

function listOr(items, empty, className = "") {
  return items.length ? el("ul", { className }, items) : el("p", { className: "note", text: empty });
}

function editForm(c, edited, desk) {
  const status = el("div", { className: "form-status", role: "status" });
  const keep = el("input", { type: "checkbox", name: "keep_in_touch", checked: c.keep_in_touch !== false });
  const form = el("form", { className: "edit", hidden: true, noValidate: true },
    el("div", { className: "grid" }, EDITABLE.map(([name, label]) => field(label + (edited.has(name) ? " (edited by you)" : ""), input(name, c[name])))),
    field("Tags (comma separated)", input("tags", (c.tags || []).join(", "))),
    field("Notes", el("textarea", { name: "notes", rows: 3, value: c.notes || "" })),
    el("label", { className: "choice" }, keep, "Remind me to keep in touch"),
    el("div", { className: "row" }, el("button", { type: "submit", className: "primary", text: "Save" })),
    el("p", { className: "hint", text: "Fields you change here are yours: a later capture from a page never overwrites them." }),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = {};
    for (const [name] of EDITABLE) {
      const value = form.elements[name].value.trim();
      if (value !== (c[name] || "")) changes[name] = value || null;
    }
    const tags = form.elements.tags.value.split(",").map((t) => t.trim()).filter(Boolean);
    if (tags.join(",") !== (c.tags || []).join(",")) changes.tags = tags;
    const notes = form.elements.notes.value.trim();
    if (notes !== (c.notes || "")) changes.notes = notes || null;
    if (keep.checked !== (c.keep_in_touch !== false)) changes.keep_in_touch = keep.checked;
    if (!Object.keys(changes).length) return say(status, "note", "Nothing changed.");
    try {
      await api.updateContact(c.id, changes);
      desk.refresh();
    } catch (err) {
      if (!desk.problem(err)) showError(status, err, form);
    }
  });
  const open = el("button", { type: "button", text: "Edit", onclick: () => { form.hidden = !form.hidden; } });
  return el("div", {}, open, form);
}

function mergeBox(c, desk, status) {
  const search = suggesting(el("input", { name: "merge-with", placeholder: "Another contact who is the same person", autocomplete: "off" }), "merge-found");
  const found = el("datalist", { id: "merge-found" });
  const byLabel = new Map();
  search.addEventListener("input", async () => {
    const q = search.value.trim();
    if (q.length < 2 || byLabel.has(q)) return;
    const { contacts = [] } = await api.listContacts({ q, limit: 20 });
    const others = contacts.filter((o) => o.id !== c.id);
    for (const o of others) byLabel.set(`${o.name}${o.company ? ` \u2014 ${o.company}` : ""} (${o.id})`, o);
    fill(found, others.map((o) => el("option", { value: `${o.name}${o.company ? ` \u2014 ${o.company}` : ""} (${o.id})` })));
  });
  const merge = button("Merge into this contact", async () => {
    const other = byLabel.get(search.value.trim());
    if (!other) return say(status, "error", "Pick the other contact from the list first.");
    const message = `Merge ${other.name}${other.company ? ` (${other.company})` : ""} into ${c.name}? Their touches, interviews and `
      + `reminders move here, empty fields are filled from them, and ${other.name} is removed.`;
    if (!(await confirmBox(status, message, "Merge"))) return;
    try {
      await api.mergeContacts(c.id, other.id);
      desk.refresh();
    } catch (err) {
      if (!desk.problem(err)) showError(status, err);
    }
  });
  return el("div", { className: "merge" }, search, found, merge);
}

function touchForm(c, interviews, desk) {
  const status = el("div", { className: "form-status", role: "status" });
  const today = wallClock(Date.now(), desk.zone);
  const form = el("form", { className: "inline-form", noValidate: true },
    field("What happened", el("select", { name: "kind" }, Object.entries(TOUCH_NAMES).map(([k, label]) => el("option", { value: k, text: label })))),
    field("On", input("day", today.day, { type: "date" })),
    field("About", el("select", { name: "interview_id" }, el("option", { value: "", text: "No interview in particular" }),
      interviews.map((iv) => el("option", { value: iv.id, text: `${iv.company}${iv.role ? `, ${iv.role}` : ""}` })))),
    field("Note", input("note", "")),
    el("button", { type: "submit", text: "Log it" }), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = form.elements;
    // today: now; another day: noon there (the hour is not asked)
    const at = f.day.value === today.day ? new Date().toISOString() : zonedIso(f.day.value, "12:00", desk.zone);
    try {
      await api.logTouch({ contact_id: c.id, kind: f.kind.value, at, interview_id: f.interview_id.value || null, note: f.note.value.trim() || null });
      chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
      desk.refresh();
    } catch (err) {
      if (!desk.problem(err)) showError(status, err, form);
    }
  });
  return form;
}
