// The desk: a full page for planning the search. Views are addressed by the URL's hash
// (#timeline, #interviews, #interview/<id|new>, #contacts, #contact/<id>, #profile, #transfer).

import * as api from "./api.js";
import { el, fill } from "./dom.js";
import * as contacts from "./desk/contacts.js";
import * as interviews from "./desk/interviews.js";
import * as profile from "./desk/profile.js";
import * as timeline from "./desk/timeline.js";
import * as transfer from "./desk/transfer.js";

const $ = (id) => document.getElementById(id);
const VIEWS = { // hash head -> [module, nav entry it belongs to]
  timeline: [timeline, "timeline"],
  interviews: [interviews, "interviews"],
  interview: [interviews, "interviews"],
  contacts: [contacts, "contacts"],
  contact: [contacts, "contacts"],
  profile: [profile, "profile"],
  transfer: [transfer, "transfer"],
};

/** What every view is given: the user's timezone, navigation, and the connection problem banner. */
const desk = {
  zone: "UTC",
  go: (hash) => { location.hash = hash; },
  problem,
  refresh: () => route(),
};

function problem(err) {
  const box = $("problem");
  const state = $("server-state");
  if (!(err instanceof api.ApiError) || err.problem === api.Problem.REJECTED) return false;
  state.className = "pill bad";
  state.textContent = err.problem === api.Problem.NOT_RUNNING ? "not running" : "not connected";
  const parts = [el("p", { text: err.message })];
  if (err.problem === api.Problem.NOT_RUNNING) {
    parts.push(el("p", {}, "Start it in a terminal, then reload this page: ",
      el("code", { className: "start-command", text: api.startCommand(err.server || "http://127.0.0.1:5317") })));
  } else {
    parts.push(el("button", { type: "button", text: "Open options", onclick: () => chrome.runtime.openOptionsPage() }));
  }
  fill(box, parts);
  box.hidden = false;
  return true;
}

let rendering = 0;

async function route() {
  const [head, ...rest] = (location.hash.slice(1) || "timeline").split("/");
  const [view, nav] = VIEWS[head] || VIEWS.timeline;
  for (const link of document.querySelectorAll("#views a")) {
    link.toggleAttribute("aria-current", link.dataset.view === nav);
  }
  const main = $("view");
  const mine = ++rendering;
  fill(main, el("p", { className: "note", text: "Loading\u2026" }));
  try {
    await view.render(main, { kind: head, id: rest.map(decodeURIComponent).join("/") || null }, desk);
  } catch (err) {
    if (mine !== rendering) return; // another view was asked for meanwhile
    problem(err);
    fill(main, el("p", { className: "error", text: err?.message || String(err) }));
  }
}

async function main() {
  try {
    await api.ready();
    desk.zone = (await api.getProfile()).timezone || "UTC";
    $("server-state").className = "pill ok";
    $("server-state").textContent = "connected";
  } catch (err) {
    problem(err);
    fill($("view"), el("p", { className: "error", text: err?.message || String(err) }));
    return;
  }
  window.addEventListener("hashchange", route);
  await route();
}

main();
