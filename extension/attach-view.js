// After saving a contact: attach them to an interview (a pending one at their company, or a new one).

import * as api from "./api.js";
import { el, fill } from "./dom.js";
import { fromInputs, human, localDay, localIso } from "./time.js";

const NEW = "new";
const sameCompany = (a, b) => (a || "").trim().toLowerCase() === (b || "").trim().toLowerCase();

/** A block that offers the interviews this contact may belong to; `hooks.drafts` opens their drafts. */
export function attachBlock(contact, hooks) {
  const box = el("div", { className: "attach" }, el("p", { className: "note", text: "Looking for interviews\u2026" }));
  load(box, contact, hooks).catch((err) => fill(box, el("p", { className: "error", text: err?.message || String(err) })));
  return box;
}

async function load(box, contact, hooks) {
  const { interviews = [] } = await api.listInterviews();
  const atCompany = interviews.filter((iv) => contact.company && sameCompany(iv.company, contact.company));
  const pending = atCompany.filter((iv) => iv.outcome === "pending");
  const joined = pending.find((iv) => (iv.interviewers || []).some((s) => s.contact_id === contact.id));
  if (joined) {
    fill(box, el("p", { className: "note", text: `Already on your ${joined.company} interview.` }), draftsButton(contact, joined, hooks));
    return;
  }
  const choices = pending.map((iv) => choice(iv.id, `${iv.role || "Interview"} at ${iv.company}, ${human(iv.starts_at)}`));
  choices.push(choice(NEW, "A new interview"));
  choices[0].querySelector("input").checked = true;
  const now = new Date();
  const form = {
    company: el("input", { value: contact.company || "", name: "company" }),
    role: el("input", { value: atCompany[0]?.role || "", name: "role", placeholder: "the role you interviewed for" }),
    day: el("input", { type: "date", value: localDay(now), name: "day" }),
    time: el("input", { type: "time", value: `${String(now.getHours()).padStart(2, "0")}:00`, name: "time" }),
  };
  const topics = el("input", { name: "topics", placeholder: "e.g. data pipeline, team rituals" });
  const newFields = el("div", { className: "new-interview", hidden: pending.length > 0 },
    el("label", {}, "Company", form.company), el("label", {}, "Role", form.role),
    el("div", { className: "row" }, el("label", {}, "Day", form.day), el("label", {}, "Start", form.time)));
  for (const c of choices) c.querySelector("input").addEventListener("change", () => { newFields.hidden = selected(box) !== NEW; });
  const status = el("div");
  const attach = el("button", { type: "button", className: "primary", text: "Attach to interview" });
  attach.addEventListener("click", async () => {
    attach.disabled = true;
    try {
      const seat = { contact_id: contact.id, topics: topics.value.split(",").map((t) => t.trim()).filter(Boolean) };
      const interview = selected(box) === NEW ? await createWith(form, seat) : await join(pending.find((iv) => iv.id === selected(box)), seat);
      fill(box, el("p", { className: "success", text: `Attached to the ${interview.company} interview.` }), draftsButton(contact, interview, hooks));
    } catch (err) {
      attach.disabled = false;
      fill(status, el("p", { className: "error", text: err?.message || String(err) }));
    }
  });
  fill(box, el("fieldset", { className: "choices" }, el("legend", { text: `Attach ${contact.name} to` }), choices),
    newFields, el("label", {}, `Topics you discussed with ${contact.name} (comma-separated)`, topics),
    el("div", { className: "row" }, attach, draftsButton(contact, null, hooks, "Skip: write follow-ups")), status);
}

function choice(value, label) {
  return el("label", { className: "choice" }, el("input", { type: "radio", name: "interview", value }), label);
}

function selected(box) {
  return box.querySelector("input[name=interview]:checked")?.value;
}

async function createWith(form, seat) {
  const start = fromInputs(form.day.value, form.time.value);
  if (!start) throw new Error("Give the interview's day and start time.");
  return api.createInterview({
    company: form.company.value.trim(),
    role: form.role.value.trim() || null,
    starts_at: localIso(start),
    interviewers: [seat],
  });
}

async function join(interview, seat) {
  const others = (interview.interviewers || []).filter((s) => s.contact_id !== seat.contact_id);
  return api.updateInterview(interview.id, { interviewers: [...others, seat] });
}

function draftsButton(contact, interview, hooks, label = "Write follow-ups") {
  const button = el("button", { type: "button", text: label });
  button.addEventListener("click", () => hooks.drafts(contact, interview));
  return button;
}
