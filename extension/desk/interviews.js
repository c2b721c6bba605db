// Interviews: every round listed by company and stage; one round opens in the editor.

import * as api from "../api.js";
import { el, fill } from "../dom.js";
import { OUTCOMES } from "./common.js";
import { editor } from "./interview-editor.js";
import { when } from "./zones.js";

const STAGES = [
  ["active", "In progress"], ["offer", "Offer"], ["closed", "Closed"], ["all", "All"],
];

/** Where the search stands with a company, from its latest round. */
export function stage(rounds, now = Date.now()) {
  const last = rounds[rounds.length - 1];
  const outcome = last.outcome || "pending";
  if (outcome === "pending") return Date.parse(last.starts_at) > now ? "upcoming" : "waiting";
  return outcome;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const GROUP = { upcoming: "active", waiting: "active", offer: "offer", accepted: "offer" };

export async function render(main, route, desk) {
  if (route.kind === "interview") return editor(main, route.id, desk);
  const { interviews = [] } = await api.listInterviews();
  const ids = [...new Set(interviews.flatMap((iv) => (iv.interviewers || []).map((s) => s.contact_id)))];
  const names = new Map(await Promise.all(ids.map(async (cid) => [cid, (await api.getContact(cid).catch(() => null))?.name])));
  const companies = new Map();
  for (const iv of [...interviews].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))) {
    const key = iv.company.trim().toLowerCase();
    if (!companies.has(key)) companies.set(key, []);
    companies.get(key).push(iv);
  }
  const cards = [...companies.values()].map((rounds) => ({ rounds, stage: stage(rounds), last: Date.parse(rounds.at(-1).starts_at) }));
  cards.sort((a, b) => (GROUP[a.stage] === "active" ? 0 : 1) - (GROUP[b.stage] === "active" ? 0 : 1) || b.last - a.last);
  const filter = el("select", { name: "stage", ariaLabel: "Stage" }, STAGES.map(([v, label]) => el("option", { value: v, text: label })));
  filter.value = sessionStorage.getItem("desk.stage") || "all";
  const list = el("div", { className: "companies" });
  const show = () => {
    sessionStorage.setItem("desk.stage", filter.value);
    const shown = cards.filter((c) => filter.value === "all" || (GROUP[c.stage] || "closed") === filter.value);
    fill(list, shown.length ? shown.map((c) => companyCard(c, names, desk)) : el("p", { className: "note", text: "No interviews here yet." }));
  };
  filter.addEventListener("change", show);
  fill(main, el("section", { className: "panel" },
    el("div", { className: "toolbar" },
      el("h2", { text: `Interviews (${plural(interviews.length, "round")} at ${plural(companies.size, "company", "companies")})` }),
      el("label", { className: "inline" }, "Stage ", filter),
      el("a", { className: "button primary", href: "#interview/new", text: "New interview" })),
    list));
  show();
}

function companyCard({ rounds, stage: where }, names, desk) {
  return el("article", { className: "company", dataset: { stage: where } },
    el("h3", {}, rounds[0].company, el("span", { className: `badge ${where}`, text: where })),
    el("table", { className: "rounds" },
      el("tbody", {}, rounds.map((iv) => el("tr", { dataset: { interview: iv.id } },
        el("td", {}, el("a", { href: `#interview/${encodeURIComponent(iv.id)}`, text: when(iv.starts_at, desk.zone) })),
        el("td", { text: iv.role || "" }),
        el("td", { className: "people", text: (iv.interviewers || []).map((s) => names.get(s.contact_id) || "?").join(", ") }),
        el("td", {}, el("span", { className: `badge ${iv.outcome || "pending"}`, text: OUTCOMES.includes(iv.outcome) ? iv.outcome : "pending" })),
        el("td", { className: "meta", text: iv.decision_by ? `decision by ${iv.decision_by}` : iv.decision_in_days != null ? `decision within ${iv.decision_in_days} days` : "" }))))));
}
