// The toolbar popup: capture the active tab at once, and show what to follow up on.
// Also opened as a page: popup.html?reminder=<id> (from a notification) shows that reminder's drafts.

import * as api from "./api.js";
import { el, fill } from "./dom.js";
import { runCapture } from "./capture-view.js";
import { showDrafts, showReminders } from "./followup-view.js";

const NEXT_AFTER_MS = 1200;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const panels = { capture: $("capture-panel"), followup: $("followup-panel") };
const tabs = { capture: $("tab-capture"), followup: $("tab-followup") };

function select(name) {
  for (const key of Object.keys(panels)) {
    panels[key].hidden = key !== name;
    tabs[key].setAttribute("aria-selected", String(key === name));
  }
}

function count(n) {
  $("due-count").textContent = n ? String(n) : "";
}

/** Show a connection problem with what to do about it; "not running" names the command that starts it. */
function problem(err) {
  const box = $("problem");
  const state = $("server-state");
  state.className = "pill bad";
  state.textContent = err?.problem === api.Problem.NOT_RUNNING ? "not running" : "not connected";
  const parts = [el("p", { text: err?.message || String(err) })];
  if (err?.problem === api.Problem.NOT_RUNNING) {
    const command = api.startCommand(err.server || "http://127.0.0.1:5317");
    const copy = el("button", { type: "button", text: "Copy" });
    copy.addEventListener("click", () => navigator.clipboard.writeText(command).then(() => { copy.textContent = "Copied"; }));
    parts.push(el("p", { text: "Start it in a terminal, then open this popup again:" }),
      el("div", { className: "command" }, el("code", { className: "start-command", text: command }), copy));
  } else {
    const open = el("button", { type: "button", text: "Open options" });
    open.addEventListener("click", () => chrome.runtime.openOptionsPage());
    parts.push(el("div", { className: "row" }, open));
  }
  fill(box, parts);
  box.hidden = false;
}

const hooks = {
  problem,
  count,
  drafts: (contact, interview) => {
    select("followup");
    const box = fill(panels.followup, el("div"));
    showDrafts(box.firstChild, { contactId: contact.id, interviewId: interview?.id ?? null }, hooks).catch(failed(box));
  },
  sent: (reminder) => {
    refreshCount();
    // after a moment to read the confirmation, show what is most urgent now (a thank-you makes "connect" due)
    if (reminder) setTimeout(() => showReminders(panels.followup, null, hooks).catch(failed(panels.followup)), NEXT_AFTER_MS);
  },
};

function failed(panel) {
  return (err) => {
    if (err instanceof api.ApiError && err.problem !== api.Problem.REJECTED) problem(err);
    fill(panel, el("p", { className: "error", text: err?.message || String(err) }));
  };
}

async function refreshCount() {
  try {
    const { reminders = [] } = await api.reminders();
    count(reminders.filter((r) => r.status === "due" || r.status === "overdue").length);
  } catch {
    // the problem banner already says why
  }
}

function connected() {
  if (!$("problem").hidden) return;
  $("server-state").className = "pill ok";
  $("server-state").textContent = "connected";
}

async function main() {
  tabs.capture.addEventListener("click", () => select("capture"));
  tabs.followup.addEventListener("click", () => {
    select("followup");
    if (!panels.followup.hasChildNodes()) showReminders(panels.followup, null, hooks).catch(failed(panels.followup));
  });
  const reminderId = params.get("reminder");
  if (reminderId) {
    select("followup");
    await showReminders(panels.followup, reminderId, hooks).catch(failed(panels.followup));
    connected();
    return;
  }
  // no separate health check first: the capture proves the server (and says what is wrong) on the way,
  // which keeps a round trip off the click-to-candidates path
  // boot.js: the tab, and the service worker's capture of it or the popup's own snapshot under way
  const { target, captured, injected } = await globalThis.followupBoot;
  const found = target.tabId ? await runCapture(panels.capture, target, hooks, { captured, injected }) : 0;
  if (!$("problem").hidden) return;
  connected();
  refreshCount();
  if (!found) {
    select("followup");
    await showReminders(panels.followup, null, hooks).catch(failed(panels.followup));
  }
}

main();
