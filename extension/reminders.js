// Reminders in the toolbar: the badge count, one notification per newly due reminder, and its buttons.

import * as api from "./api.js";

const NOTIFIED_KEY = "notifiedReminders"; // reminder id -> true once its notification was shown
const PREFIX = "reminder:";
const DAY_MS = 24 * 60 * 60 * 1000;
const BUTTONS = [{ title: "Open the draft" }, { title: "Snooze a day" }];
const COLOURS = { overdue: "#b91c1c", due: "#b45309", problem: "#6b7280" };

export const isDue = (r) => r.status === "due" || r.status === "overdue";

/** Most urgent first: overdue before due before the rest, then the earliest deadline or due time. */
export function byUrgency(a, b) {
  const rank = { overdue: 0, due: 1, upcoming: 2, snoozed: 3 };
  const ra = rank[a.status] ?? 4;
  const rb = rank[b.status] ?? 4;
  if (ra !== rb) return ra - rb;
  const ta = Date.parse(a.deadline_at || a.due_at) || Infinity;
  const tb = Date.parse(b.deadline_at || b.due_at) || Infinity;
  return ta - tb;
}

let queue = Promise.resolve();

/**
 * Poll /reminders, show the count of due and overdue ones on the badge, and notify each newly due one
 * once. Returns {due, notified} or {problem} when the server cannot be asked. Calls run one after the
 * other (the alarm, a settings change and the popup may ask at once), so none notifies twice.
 */
export function checkReminders() {
  const run = queue.then(poll, poll);
  queue = run.catch(() => {});
  return run;
}

async function poll() {
  let list;
  try {
    ({ reminders: list } = await api.reminders());
    if (!Array.isArray(list)) throw new api.ApiError(api.Problem.OTHER_PROGRAM, "The server's answer has no reminders.");
  } catch (err) {
    return showProblem(err);
  }
  const due = list.filter(isDue).sort(byUrgency);
  const overdue = due.some((r) => r.status === "overdue");
  await chrome.action.setBadgeText({ text: due.length ? String(due.length) : "" });
  await chrome.action.setBadgeBackgroundColor({ color: overdue ? COLOURS.overdue : COLOURS.due });
  await chrome.action.setTitle({
    title: due.length ? `followup: ${due.length} follow-up${due.length === 1 ? "" : "s"} due` : "followup: capture this page",
  });
  const notified = await notify(due, new Set(list.map((r) => r.id)));
  return { due: due.length, notified };
}

async function showProblem(err) {
  const problem = err instanceof api.ApiError ? err.problem : "error";
  const unpaired = problem === api.Problem.NOT_PAIRED;
  await chrome.action.setBadgeText({ text: unpaired ? "" : "!" });
  await chrome.action.setBadgeBackgroundColor({ color: COLOURS.problem });
  await chrome.action.setTitle({ title: `followup: ${err?.message || err}` });
  return { problem };
}

async function notify(due, known) {
  const { [NOTIFIED_KEY]: before = {} } = await chrome.storage.local.get(NOTIFIED_KEY);
  // forget reminders the server no longer lists (done or dismissed), keep the rest so none repeats
  const seen = Object.fromEntries(Object.keys(before).filter((id) => known.has(id)).map((id) => [id, true]));
  const fresh = due.filter((r) => typeof r.id === "string" && !seen[r.id]);
  for (const r of fresh) {
    await showNotification(r);
    seen[r.id] = true;
  }
  await chrome.storage.local.set({ [NOTIFIED_KEY]: seen });
  return fresh.map((r) => r.id);
}

async function showNotification(r) {
  const options = {
    type: "basic",
    iconUrl: chrome.runtime.getURL("icons/icon-128.png"),
    title: r.status === "overdue" ? "Overdue follow-up" : "Follow-up due",
    message: String(r.title || r.rule || "A follow-up is due").slice(0, 300),
    priority: r.status === "overdue" ? 2 : 1,
    buttons: BUTTONS,
  };
  try {
    await chrome.notifications.create(PREFIX + r.id, options);
  } catch {
    delete options.buttons; // Firefox has no notification buttons: a click opens the draft
    await chrome.notifications.create(PREFIX + r.id, options);
  }
}

/** The reminder id a notification belongs to, or null for someone else's id. */
export function reminderOf(notificationId) {
  return typeof notificationId === "string" && notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
}

/** Open the popup page on a reminder's drafts, in a tab (notifications cannot open the toolbar popup). */
export async function openDraft(reminderId) {
  await chrome.tabs.create({ url: chrome.runtime.getURL(`popup.html?reminder=${encodeURIComponent(reminderId)}`) });
}

/** Snooze a reminder for a day; it may notify again once it is due again. */
export async function snoozeDay(reminderId) {
  const until = new Date(Date.now() + DAY_MS).toISOString();
  await api.reminderSnooze(reminderId, until);
  const { [NOTIFIED_KEY]: seen = {} } = await chrome.storage.local.get(NOTIFIED_KEY);
  delete seen[reminderId];
  await chrome.storage.local.set({ [NOTIFIED_KEY]: seen });
  return checkReminders();
}

/** What a click on a notification or one of its buttons does (button 0: draft, 1: snooze). */
export async function onNotificationAction(notificationId, buttonIndex = 0) {
  const id = reminderOf(notificationId);
  if (!id) return null;
  await chrome.notifications.clear(notificationId);
  return buttonIndex === 1 ? snoozeDay(id) : openDraft(id);
}
