// The timeline: what to do, overdue / today / this week / later, each with its draft one click away;
// done, snooze, dismiss. Above it, the picture of the whole search on a time axis.

import * as api from "../api.js";
import { el, fill } from "../dom.js";
import { showDrafts } from "../followup-view.js";
import { timelineChart, legend } from "./chart.js";
import { RULE_NAMES, button, showError } from "./common.js";
import { daysBetween, when } from "./zones.js";

const HORIZON_DAYS = 60;
const DAY = 86400000;
const SNOOZES = [["1 day", 1], ["3 days", 3], ["1 week", 7], ["2 weeks", 14]];
const SECTIONS = [
  ["overdue", "Overdue", "Past their deadline: the sooner the better."],
  ["today", "Today", ""],
  ["week", "This week", ""],
  ["later", "Later", ""],
];

/** Which section a reminder belongs in, on the user's calendar. */
export function section(reminder, now, zone) {
  if (reminder.status === "overdue") return "overdue";
  const days = daysBetween(now, reminder.snoozed_until || reminder.due_at, zone);
  if (days <= 0) return "today";
  return days < 7 ? "week" : "later";
}

export async function render(main, _route, desk) {
  const [{ reminders = [] }, { interviews = [] }] = await Promise.all([
    api.reminders({ horizon_days: HORIZON_DAYS }), api.listInterviews(),
  ]);
  const now = Date.now();
  const rows = new Map();
  const pick = (r) => {
    const row = rows.get(r.id);
    row?.scrollIntoView({ block: "center" });
    row?.classList.add("picked");
    setTimeout(() => row?.classList.remove("picked"), 1500);
  };
  const groups = Object.fromEntries(SECTIONS.map(([key]) => [key, []]));
  for (const r of reminders) groups[section(r, now, desk.zone)].push(r);
  for (const list of Object.values(groups)) list.sort((a, b) => Date.parse(a.snoozed_until || a.due_at) - Date.parse(b.snoozed_until || b.due_at));
  const companies = new Map(interviews.map((iv) => [iv.id, iv]));
  fill(main,
    el("section", { className: "panel picture" },
      el("h2", { text: "Your search at a glance" }),
      timelineChart({ reminders, interviews, zone: desk.zone, now, onPick: pick }),
      legend(el)),
    SECTIONS.map(([key, title, hint]) => el("section", { className: `panel bucket ${key}`, dataset: { section: key } },
      el("h2", {}, title, el("span", { className: "count", text: String(groups[key].length) })),
      hint && groups[key].length ? el("p", { className: "note", text: hint }) : null,
      groups[key].length
        ? el("ul", { className: "reminders" }, groups[key].map((r) => {
          const row = reminderRow(r, companies.get(r.interview_id), desk);
          rows.set(r.id, row);
          return row;
        }))
        : el("p", { className: "note", text: key === "overdue" ? "Nothing overdue." : "Nothing here." }))));
}

/** One reminder with its actions: the draft (opened in place), done, snooze, dismiss. */
export function reminderRow(r, interview, desk) {
  const status = el("div", { className: "row-status", role: "status" });
  const drafts = el("div", { className: "drafts", hidden: true });
  const act = (fn, message) => async () => {
    try {
      await fn();
      chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
      fill(status, el("p", { className: "success", text: message }));
      setTimeout(desk.refresh, 600);
    } catch (err) {
      if (!desk.problem(err)) showError(status, err);
    }
  };
  const snooze = el("select", { name: "snooze", title: "Snooze" },
    el("option", { value: "", text: "Snooze\u2026" }), SNOOZES.map(([label, days]) => el("option", { value: String(days), text: label })));
  snooze.addEventListener("change", () => {
    const days = Number(snooze.value);
    if (days) act(() => api.reminderSnooze(r.id, new Date(Date.now() + days * DAY).toISOString()), `Snoozed for ${snooze.selectedOptions[0].text}.`)();
  });
  const draftButton = r.draft_kind && r.contact_id ? button("Draft", async () => {
    drafts.hidden = !drafts.hidden;
    if (!drafts.hidden && !drafts.hasChildNodes()) {
      const hooks = { count: () => {}, problem: desk.problem, sent: () => setTimeout(desk.refresh, 600) };
      await showDrafts(drafts, { contactId: r.contact_id, interviewId: r.interview_id, kind: r.draft_kind, reminder: r }, hooks)
        .catch((err) => showError(drafts, err));
    }
  }, "primary") : null;
  const due = r.snoozed_until ? `snoozed until ${when(r.snoozed_until, desk.zone)}` : `due ${when(r.due_at, desk.zone)}`;
  return el("li", { className: `reminder-row ${r.status}`, id: `r-${r.id}`, dataset: { rule: r.rule, reminder: r.id } },
    el("div", { className: "line" },
      el("span", { className: `status ${r.status}`, text: r.status }),
      el("div", { className: "what" },
        el("strong", { text: r.title || RULE_NAMES[r.rule] || r.rule }),
        el("div", { className: "meta" },
          `${due}${r.deadline_at ? ` \u00b7 by ${when(r.deadline_at, desk.zone)}` : ""} \u00b7 ${RULE_NAMES[r.rule] || r.rule}`,
          interview ? [" \u00b7 ", el("a", { href: `#interview/${encodeURIComponent(interview.id)}`, text: `${interview.company}${interview.role ? `, ${interview.role}` : ""}` })] : null,
          r.contact_id ? [" \u00b7 ", el("a", { href: `#contact/${encodeURIComponent(r.contact_id)}`, text: "contact" })] : null)),
      el("div", { className: "actions" },
        draftButton,
        button("Done", act(() => api.reminderDone(r.id), "Done.")),
        snooze,
        button("Dismiss", act(() => api.reminderDismiss(r.id), "Dismissed: it will not come back.")))),
    status, drafts);
}
