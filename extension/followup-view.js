// The "Follow up" panel: due reminders, most urgent first, and the drafts for one of them or for the
// contact just captured. Copy, open in mail, open their LinkedIn profile, mark as sent. Nothing is sent
// by the extension itself.

import * as api from "./api.js";
import { el, fill, safeHttpUrl } from "./dom.js";
import { byUrgency, isDue } from "./reminders.js";
import { human } from "./time.js";

/** The touch that sending a draft of each kind records (when there is no reminder to mark done). */
const TOUCH_FOR = {
  thank_you: "thank_you",
  linkedin_note: "connection_request",
  status_check: "status_check",
  rejection_reply: "reply",
  offer_thanks: "thank_you",
  keep_in_touch: "message",
  after_connect: "message",
};
const KIND_LABELS = {
  thank_you: "Thank-you email",
  linkedin_note: "LinkedIn connection note",
  status_check: "Status check",
  rejection_reply: "Reply to the rejection",
  offer_thanks: "Thanks for the offer",
  keep_in_touch: "Keep in touch",
  after_connect: "After connecting",
};

/** Fill `panel` with the due reminders and the drafts of `reminderId` (else the most urgent). */
export async function showReminders(panel, reminderId, hooks) {
  fill(panel, el("p", { className: "note", text: "Loading follow-ups\u2026" }));
  const { reminders = [] } = await api.reminders();
  const due = reminders.filter(isDue).sort(byUrgency);
  hooks.count(due.length);
  const chosen = reminders.find((r) => r.id === reminderId) || due[0];
  if (!chosen) {
    fill(panel, el("p", { className: "note", text: "Nothing is due. You are up to date." }));
    return;
  }
  const list = due.map((r) => {
    const button = el("button", { type: "button", className: `reminder${r === chosen ? " selected" : ""}` },
      el("span", { className: `status ${r.status}`, text: r.status }), String(r.title || r.rule || ""),
      el("div", { className: "meta", text: `due ${human(r.due_at)}${r.deadline_at ? `, by ${human(r.deadline_at)}` : ""}` }));
    button.addEventListener("click", () => showReminders(panel, r.id, hooks));
    return button;
  });
  const drafts = el("div", { className: "drafts" });
  fill(panel, el("div", { className: "reminders" }, list), drafts);
  if (!chosen.draft_kind) {
    // a reminder with nothing to write (follow the company): only the user can do it, then say so
    const status = el("div", { className: "draft-status", role: "status" });
    const done = button("Mark as done", async () => {
      done.disabled = true;
      try {
        await api.reminderDone(chosen.id);
        fill(status, el("p", { className: "success", text: "Done." }));
        chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
        hooks.sent?.(chosen);
      } catch (err) {
        done.disabled = false;
        fill(status, el("p", { className: "error", text: err?.message || String(err) }));
      }
    });
    done.classList.add("primary");
    fill(drafts, el("p", { className: "note", text: "Nothing to write for this one: do it, then mark it done." }),
      el("div", { className: "row" }, done), status);
    return;
  }
  await showDrafts(drafts, { contactId: chosen.contact_id, interviewId: chosen.interview_id, kind: chosen.draft_kind, reminder: chosen }, hooks);
}

/** Fill `box` with the drafts for one contact (and interview, and kind); `reminder` is marked done on send. */
export async function showDrafts(box, { contactId, interviewId = null, kind = null, reminder = null }, hooks) {
  fill(box, el("p", { className: "note", text: "Writing drafts\u2026" }));
  const [contact, answer] = await Promise.all([
    contactId ? api.getContact(contactId) : null,
    api.drafts({ contact_id: contactId, interview_id: interviewId, kind }),
  ]);
  const drafts = Array.isArray(answer.drafts) ? answer.drafts : [];
  const heading = el("h2", { text: `Follow-ups for ${contact?.name || "this contact"}` });
  if (!drafts.length) {
    fill(box, heading, el("p", { className: "note", text: "No draft fits this follow-up yet." }));
    return;
  }
  fill(box, heading, drafts.map((d) => draftBlock(d, contact, { interviewId, reminder }, hooks)));
}

function draftBlock(draft, contact, { interviewId, reminder }, hooks) {
  const subject = typeof draft.subject === "string" ? el("input", { value: draft.subject, name: "subject" }) : null;
  const body = el("textarea", { value: String(draft.body ?? ""), name: "body", rows: 8 });
  const limit = Number.isInteger(draft.limit) && draft.limit > 0 ? draft.limit : null;
  const unit = draft.limit_unit === "words" ? "words" : "characters";
  const counter = el("div", { className: "counter" });
  const count = () => {
    const chars = body.value.length; // UTF-16 units: how LinkedIn's text box counts (as the server does)
    const words = body.value.trim() ? body.value.trim().split(/\s+/).length : 0;
    const used = unit === "words" ? words : chars;
    const over = limit !== null && used > limit;
    counter.textContent = limit ? `${used} / ${limit} ${unit}` : `${chars} characters, ${words} words`;
    if (over) counter.textContent += ` \u2014 ${used - limit} over the ${draft.kind === "linkedin_note" ? "LinkedIn " : ""}limit`;
    counter.classList.toggle("over", over);
  };
  body.addEventListener("input", count);
  count();
  const status = el("div", { className: "draft-status", role: "status" });
  const say = (cls, text) => fill(status, el("p", { className: cls, text }));
  const actions = [button("Copy", async () => {
    await navigator.clipboard.writeText(body.value);
    say("success", "Copied. Paste it where you send it.");
  })];
  if (subject) {
    actions.push(button("Open in mail", () => chrome.tabs.create({ url: mailto(contact?.email, subject.value, body.value) })));
  }
  const profile = safeHttpUrl(contact?.profile_url);
  if (profile) actions.push(button("Open their LinkedIn profile", () => chrome.tabs.create({ url: profile })));
  const sent = button("Mark as sent", async () => {
    sent.disabled = true;
    try {
      if (reminder) await api.reminderDone(reminder.id);
      else await api.logTouch({ contact_id: contact.id, interview_id: interviewId || null, kind: TOUCH_FOR[draft.kind] || "message" });
      say("success", reminder ? "Marked as sent: the reminder is done." : "Marked as sent.");
      chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
      hooks.sent?.(reminder);
    } catch (err) {
      sent.disabled = false;
      say("error", err?.message || String(err));
    }
  });
  sent.classList.add("primary");
  actions.push(sent);
  const missing = Array.isArray(draft.missing) ? draft.missing.filter((m) => typeof m === "string") : [];
  return el("div", { className: "draft", dataset: { kind: String(draft.kind ?? "") } },
    el("h3", { text: KIND_LABELS[draft.kind] || String(draft.kind ?? "Draft") }),
    subject ? el("label", {}, "Subject", subject) : null,
    el("label", {}, "Message", body), counter,
    missing.map((m) => el("p", { className: "missing", text: `Would improve it: ${m}` })),
    el("div", { className: "row" }, actions), status);
}

// One plain address only: anything else could smuggle recipients or headers into the link.
const ADDRESS = /^[^@\s,;<>?&#%"]+@[^@\s,;<>?&#%"]+\.[^@\s,;<>?&#%".]+$/;

/** RFC 6068 mailto: link with the (possibly edited) subject and body; no address when it is not plain. */
export function mailto(email, subject, body) {
  const to = typeof email === "string" && email.length <= 254 && ADDRESS.test(email) ? encodeURIComponent(email).replace("%40", "@") : "";
  const crlf = body.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n");
  return `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(crlf)}`;
}

function button(label, onclick) {
  const b = el("button", { type: "button", text: label });
  b.addEventListener("click", onclick);
  return b;
}
