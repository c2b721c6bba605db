// Contacts: search and filter (name, company, tag, last touch); each opens its own page.

import * as api from "../api.js";
import { el, fill } from "../dom.js";
import { suggesting } from "./common.js";
import { contactPage } from "./contact-page.js";
import { when } from "./zones.js";

const SHOWN = 200; // rows drawn at once; the search narrows the rest
const DAY = 86400000;
const LAST_TOUCH = [
  ["", "Any time"], ["30", "In the last 30 days"], ["90", "In the last 90 days"], ["over90", "Over 90 days ago"], ["never", "Never"],
];

/** Whether a last touch (ISO or undefined) passes the filter, `now` being the moment asked. */
export function touchedWithin(last, filter, now = Date.now()) {
  if (!filter) return true;
  if (filter === "never") return !last;
  if (!last) return false;
  const age = now - Date.parse(last);
  return filter === "over90" ? age > 90 * DAY : age <= Number(filter) * DAY;
}

export async function render(main, route, desk) {
  if (route.kind === "contact" && route.id) return contactPage(main, route.id, desk);
  const saved = JSON.parse(sessionStorage.getItem("desk.contacts") || "{}");
  const q = el("input", { name: "q", type: "search", placeholder: "Search names, titles, companies, email", value: saved.q || "" });
  const company = suggesting(el("input", { name: "company", placeholder: "Company", value: saved.company || "" }), "companies");
  const tag = el("select", { name: "tag" }, el("option", { value: "", text: "Any tag" }));
  const touched = el("select", { name: "touched" }, LAST_TOUCH.map(([v, label]) => el("option", { value: v, text: label })));
  touched.value = saved.touched || "";
  const companies = el("datalist", { id: "companies" });
  const count = el("p", { className: "note", role: "status" });
  const table = el("tbody");
  const [{ contacts: all = [] }, { touches = [] }] = await Promise.all([api.listContacts({ limit: 100000 }), api.touches({})]);
  const last = new Map();
  for (const t of touches) if (!last.has(t.contact_id) || Date.parse(t.at) > Date.parse(last.get(t.contact_id))) last.set(t.contact_id, t.at);
  const tags = [...new Set(all.flatMap((c) => c.tags || []))].sort();
  tag.append(...tags.map((t) => el("option", { value: t, text: t })));
  tag.value = tags.includes(saved.tag) ? saved.tag : "";
  const byCompany = new Map();
  for (const c of all) if (c.company) byCompany.set(c.company, (byCompany.get(c.company) || 0) + 1);
  fill(companies, [...byCompany].sort((a, b) => b[1] - a[1]).slice(0, 200).map(([name]) => el("option", { value: name })));

  let asked = 0;
  const show = async () => {
    const mine = ++asked;
    sessionStorage.setItem("desk.contacts", JSON.stringify({ q: q.value, company: company.value, tag: tag.value, touched: touched.value }));
    const found = q.value.trim() || company.value.trim() || tag.value
      ? (await api.listContacts({ q: q.value.trim(), company: company.value.trim(), tag: tag.value, limit: 100000 })).contacts
      : all;
    if (mine !== asked) return;
    const rows = found.filter((c) => touchedWithin(last.get(c.id), touched.value));
    count.textContent = rows.length > SHOWN ? `${rows.length} contacts; showing the first ${SHOWN}: narrow the search` : `${rows.length} contact${rows.length === 1 ? "" : "s"}`;
    fill(table, rows.slice(0, SHOWN).map((c) => el("tr", { dataset: { contact: c.id } },
      el("td", {}, el("a", { href: `#contact/${encodeURIComponent(c.id)}`, text: c.name })),
      el("td", { text: c.title || "" }),
      el("td", { text: c.company || "" }),
      el("td", { className: "tags", text: (c.tags || []).join(", ") }),
      el("td", { className: "meta", text: last.has(c.id) ? when(last.get(c.id), desk.zone, { time: false }) : "never" }))));
  };
  let timer = 0;
  q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(show, 200); });
  company.addEventListener("change", show);
  tag.addEventListener("change", show);
  touched.addEventListener("change", show);
  fill(main, el("section", { className: "panel" },
    el("div", { className: "toolbar" }, el("h2", { text: `Contacts (${all.length})` })),
    el("div", { className: "filters" }, q, company, companies, tag, touched),
    count,
    el("table", { className: "contacts" },
      el("thead", {}, el("tr", {}, ["Name", "Title", "Company", "Tags", "Last touch"].map((h) => el("th", { text: h })))),
      table)));
  await show();
}
