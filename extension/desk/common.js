// What the desk's views share: names for the product's ids, small form helpers, and error display.

import { el, fill } from "../dom.js";

export const RULE_NAMES = {
  thank_you: "Thank-you, one per interviewer",
  connect: "Connect on LinkedIn",
  follow_company: "Follow the company",
  status_check: "Status check",
  rejection_reply: "Reply to a rejection, ask for feedback",
  offer_thanks: "Thank them after an offer",
  keep_in_touch: "Keep the door open",
  schedule: "Schedule",
};

export const SETTING_NAMES = {
  enabled: "On",
  after_hours: "Due after (hours)",
  overdue_after_hours: "Overdue after (hours)",
  business_days_after_decision: "Business days after the date they gave",
  default_wait_days: "Days to wait when they gave no date",
  repeat_after_days: "Days between two checks",
  max_checks: "Checks at most",
  first_after_days: "First, days after the outcome",
  every_days: "Then every (days) after the last touch",
  send_hour: "Hour of the day reminders come due",
  default_interview_minutes: "Interview length when no end is given (minutes)",
};

export const OUTCOMES = ["pending", "offer", "rejected", "withdrawn", "accepted", "cancelled"];

export const TOUCH_NAMES = {
  thank_you: "Thank-you sent",
  connection_request: "Connection request sent",
  connected: "Connected",
  status_check: "Status check sent",
  reply: "Reply",
  feedback: "Feedback received",
  message: "Message",
  met: "Met",
};

export const WEEKDAYS = [["mon", "Mon"], ["tue", "Tue"], ["wed", "Wed"], ["thu", "Thu"], ["fri", "Fri"], ["sat", "Sat"], ["sun", "Sun"]];

/** A button that runs `onclick`; while it runs the button is disabled. */
export function button(label, onclick, className = "") {
  const b = el("button", { type: "button", text: label, className });
  b.addEventListener("click", async (event) => {
    b.disabled = true;
    try {
      await onclick(event);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** A labelled input; `name` is the API field it edits (errors naming that field mark it). */
export function field(label, input, hint) {
  return el("label", { className: "field", dataset: { field: input.name || "" } }, label, input,
    hint ? el("span", { className: "hint", text: hint }) : null);
}

export const input = (name, value, props = {}) => el("input", { name, value: value ?? "", ...props });

/** An input offering the options of the datalist `listId` (the `list` attribute has no settable property). */
export function suggesting(node, listId) {
  node.setAttribute("list", listId);
  return node;
}

/** Lines of a textarea as a list (blank lines dropped). */
export const lines = (text) => String(text || "").split("\n").map((s) => s.trim()).filter(Boolean);

/** Show what went wrong under `form`, marking the field the server named. */
export function showError(box, err, form = null) {
  for (const marked of form?.querySelectorAll(".invalid") ?? []) marked.classList.remove("invalid");
  const name = err?.field ? String(err.field).split(/[.[]/)[0] : null;
  const target = name && form ? form.querySelector(`[data-field="${CSS.escape(name)}"]`) : null;
  target?.classList.add("invalid");
  fill(box, el("p", { className: "error", role: "alert", text: err?.message || String(err) }));
}

export function say(box, className, text) {
  fill(box, el("p", { className, text }));
}

/** A confirmation asked in the page (not a browser dialog): resolves true when the user confirms. */
export function confirmBox(box, message, yesLabel) {
  return new Promise((resolve) => {
    const done = (answer) => {
      fill(box);
      resolve(answer);
    };
    fill(box, el("div", { className: "confirm", role: "alertdialog" },
      el("p", { text: message }),
      el("div", { className: "row" },
        el("button", { type: "button", className: "danger", text: yesLabel, onclick: () => done(true) }),
        el("button", { type: "button", text: "Cancel", onclick: () => done(false) }))));
  });
}
