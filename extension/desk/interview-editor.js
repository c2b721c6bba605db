// One interview in an editor: company, role, job link, start and end in a timezone, the panel picked from
// contacts (or a new person), topics per interviewer, shared topics, concerns and clarifications, the
// timeframe they gave, the outcome. Saving shows at once what the timeline now holds for this round.

import * as api from "../api.js";
import { el, fill } from "../dom.js";
import { OUTCOMES, RULE_NAMES, button, confirmBox, field, input, lines, say, showError, suggesting } from "./common.js";
import { wallClock, when, zoneNames, zonedIso } from "./zones.js";

export async function editor(main, id, desk) {
  const isNew = !id || id === "new";
  const iv = isNew ? { outcome: "pending", interviewers: [], topics: [], concerns: [] } : await api.getInterview(id);
  const people = new Map();
  await Promise.all((iv.interviewers || []).map(async (s) => people.set(s.contact_id, await api.getContact(s.contact_id).catch(() => null))));
  const start = iv.starts_at ? wallClock(iv.starts_at, desk.zone) : { day: "", time: "10:00" };
  const end = iv.ends_at ? wallClock(iv.ends_at, desk.zone) : { day: "", time: "11:00" };

  const zone = el("select", { name: "zone" }, zoneNames(desk.zone).map((z) => el("option", { value: z, text: z })));
  zone.value = desk.zone;
  const seats = el("ul", { className: "seats" });
  const addSeat = (contact, topics = []) => {
    if (seats.querySelector(`[data-contact="${CSS.escape(contact.id)}"]`)) return;
    const li = el("li", { dataset: { contact: contact.id } },
      el("div", { className: "seat-head" },
        el("a", { href: `#contact/${encodeURIComponent(contact.id)}`, text: contact.name }),
        el("span", { className: "meta", text: [contact.title, contact.company].filter(Boolean).join(", ") }),
        el("button", { type: "button", className: "link", text: "Remove", onclick: () => li.remove() })),
      field(`Topics you discussed with ${contact.name.split(" ")[0]} (one per line)`,
        el("textarea", { name: "seat-topics", rows: 2, value: topics.join("\n") })));
    seats.append(li);
  };
  for (const s of iv.interviewers || []) if (people.get(s.contact_id)) addSeat(people.get(s.contact_id), s.topics || []);

  const concerns = el("div", { className: "concerns" });
  const addConcern = (c = {}) => {
    const row = el("div", { className: "concern" },
      field("Concern they raised", input("concern", c.concern)),
      field("Your clarification", el("textarea", { name: "clarification", rows: 2, value: c.clarification || "" })),
      el("button", { type: "button", className: "link", text: "Remove", onclick: () => row.remove() }));
    concerns.append(row);
  };
  (iv.concerns || []).forEach(addConcern);

  const timeframe = el("select", { name: "timeframe" },
    el("option", { value: "none", text: "They gave no timeframe" }), el("option", { value: "date", text: "A decision by a date" }),
    el("option", { value: "days", text: "A decision within some days" }));
  timeframe.value = iv.decision_by ? "date" : iv.decision_in_days != null ? "days" : "none";
  const decisionBy = input("decision_by", iv.decision_by, { type: "date" });
  const decisionDays = input("decision_in_days", iv.decision_in_days ?? "", { type: "number", min: 0, max: 365 });
  const showTimeframe = () => {
    decisionBy.closest("label").hidden = timeframe.value !== "date";
    decisionDays.closest("label").hidden = timeframe.value !== "days";
  };
  timeframe.addEventListener("change", showTimeframe);
  const outcome = el("select", { name: "outcome" }, OUTCOMES.map((o) => el("option", { value: o, text: o })));
  outcome.value = iv.outcome || "pending";

  const status = el("div", { className: "form-status", role: "status" });
  const next = el("div", { className: "next" });
  const form = el("form", { className: "panel editor", noValidate: true },
    el("h2", { text: isNew ? "New interview" : `${iv.company}${iv.role ? ` \u2014 ${iv.role}` : ""}` }),
    el("div", { className: "grid" },
      field("Company", input("company", iv.company, { required: true })),
      field("Role", input("role", iv.role)),
      field("Job posting", input("job_url", iv.job_url, { type: "url", placeholder: "https://" })),
      field("Day", input("day", start.day, { type: "date" })),
      el("label", { className: "field", dataset: { field: "starts_at" } }, "Starts", input("start", start.time, { type: "time" })),
      el("label", { className: "field", dataset: { field: "ends_at" } }, "Ends", input("end", end.time, { type: "time" })),
      field("Timezone", zone)),
    el("fieldset", { dataset: { field: "interviewers" } }, el("legend", { text: "Interviewers" }), seats, picker(addSeat, () => form.elements.company.value)),
    field("Topics shared by the whole panel (one per line)", el("textarea", { name: "topics", rows: 2, value: (iv.topics || []).join("\n") })),
    el("fieldset", { dataset: { field: "concerns" } }, el("legend", { text: "Concerns raised" }), concerns,
      el("button", { type: "button", text: "Add a concern", onclick: () => addConcern() })),
    el("div", { className: "grid" },
      field("Timeframe they gave", timeframe), field("Decision by", decisionBy), field("Decision within (days)", decisionDays),
      field("Outcome", outcome)),
    field("Notes", el("textarea", { name: "notes", rows: 3, value: iv.notes || "" })),
    el("div", { className: "row" },
      el("button", { type: "submit", className: "primary", text: isNew ? "Create interview" : "Save" }),
      isNew ? null : button("Delete interview", async () => {
        if (!(await confirmBox(status, `Delete this interview at ${iv.company}? Its reminders go; touches stay with the people.`, "Delete"))) return;
        await api.deleteInterview(iv.id);
        desk.go("#interviews");
      }, "danger"),
      el("a", { href: "#interviews", text: "Back to all interviews" })),
    status, next);
  showTimeframe();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = form.elements;
    const body = {
      company: f.company.value.trim(), role: f.role.value.trim() || null, job_url: f.job_url.value.trim() || null,
      starts_at: zonedIso(f.day.value, f.start.value, zone.value), ends_at: zonedIso(f.day.value, f.end.value, zone.value),
      interviewers: [...seats.children].map((li) => ({ contact_id: li.dataset.contact, topics: lines(li.querySelector("textarea").value) })),
      topics: lines(f.topics.value),
      concerns: [...concerns.children].map((row) => ({
        concern: row.querySelector("[name=concern]").value.trim(), clarification: row.querySelector("[name=clarification]").value.trim() || null,
      })).filter((c) => c.concern),
      decision_by: timeframe.value === "date" ? decisionBy.value || null : null,
      decision_in_days: timeframe.value === "days" && decisionDays.value !== "" ? Number(decisionDays.value) : null,
      notes: f.notes.value.trim() || null,
    };
    if (!body.starts_at) return showError(status, { field: "starts_at", message: "Give the day and the start time." }, form);
    if (isNew || outcome.value !== iv.outcome) body.outcome = outcome.value; // re-sending it would re-date the outcome
    try {
      const saved = isNew ? await api.createInterview(body) : await api.updateInterview(iv.id, body);
      for (const marked of form.querySelectorAll(".invalid")) marked.classList.remove("invalid");
      say(status, "success", isNew ? "Interview created." : "Saved.");
      Object.assign(iv, saved);
      if (isNew) history.replaceState(null, "", `#interview/${encodeURIComponent(saved.id)}`);
      chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
      await showNext(next, saved, desk);
    } catch (err) {
      if (!desk.problem(err)) showError(status, err, form);
    }
  });
  fill(main, form);
  if (!isNew) await showNext(next, iv, desk);
}

/** Find a contact by name to put on the panel, or add a new person. */
function picker(addSeat, company) {
  const search = suggesting(el("input", { name: "person", placeholder: "Add an interviewer: type a name", autocomplete: "off" }), "people-found");
  const found = el("datalist", { id: "people-found" });
  const byLabel = new Map();
  const label = (c) => `${c.name}${c.company ? ` \u2014 ${c.company}` : ""}`;
  let asked = 0;
  const lookup = async (q) => {
    const { contacts = [] } = await api.listContacts({ q, limit: 20 });
    for (const c of contacts) byLabel.set(label(c), c);
    return contacts;
  };
  search.addEventListener("input", async () => {
    const mine = ++asked;
    const q = search.value.trim();
    if (q.length < 2 || byLabel.has(q)) return;
    const contacts = await lookup(q);
    if (mine === asked) fill(found, contacts.map((c) => el("option", { value: label(c) })));
  });
  const note = el("span", { className: "hint" });
  const add = button("Add", async () => {
    const q = search.value.trim();
    if (!q) return;
    if (!byLabel.has(q)) await lookup(q); // typed faster than the list could follow
    let contact = byLabel.get(q);
    if (!contact) {
      // someone not met before: a new contact at the interview's company
      contact = await api.saveContact({ name: q, ...(company().trim() ? { company: company().trim() } : {}) });
      note.textContent = contact.merged ? `${contact.name} was already among your contacts.` : `${contact.name} added to your contacts.`;
    }
    addSeat(contact);
    search.value = "";
  });
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add.click();
    }
  });
  return el("div", { className: "picker" }, search, found, add, note);
}

async function showNext(box, iv, desk) {
  const { reminders = [] } = await api.reminders({ horizon_days: 60 });
  const mine = reminders.filter((r) => r.interview_id === iv.id);
  fill(box, el("h3", { text: "On the timeline for this interview" }),
    mine.length
      ? el("ul", { className: "next-list" }, mine.map((r) => el("li", { dataset: { rule: r.rule } },
        el("span", { className: `status ${r.status}`, text: r.status }), r.title,
        el("span", { className: "meta", text: ` \u2014 ${RULE_NAMES[r.rule] || r.rule}, due ${when(r.snoozed_until || r.due_at, desk.zone)}` }))))
      : el("p", { className: "note", text: "Nothing to do for this interview now." }),
    el("a", { href: "#timeline", text: "Open the timeline" }));
}
