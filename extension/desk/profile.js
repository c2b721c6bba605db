// Profile and settings: who writes the follow-ups, and every number of every rule.

import * as api from "../api.js";
import { el, fill } from "../dom.js";
import { RULE_NAMES, SETTING_NAMES, WEEKDAYS, field, input, lines, say, showError } from "./common.js";
import { zoneNames } from "./zones.js";

export async function render(main, _route, desk) {
  const [p, { rules = [] }] = await Promise.all([api.getProfile(), api.rules()]);
  const status = el("div", { className: "form-status", role: "status" });
  const zone = el("select", { name: "timezone" }, zoneNames(p.timezone).map((z) => el("option", { value: z, text: z })));
  zone.value = p.timezone;
  const tier = el("select", { name: "linkedin_tier" },
    el("option", { value: "free", text: "Free (notes up to 200 characters)" }), el("option", { value: "premium", text: "Premium (300 characters)" }));
  tier.value = p.linkedin_tier;
  const days = el("div", { className: "days", dataset: { field: "working_days" } }, WEEKDAYS.map(([d, label]) =>
    el("label", { className: "choice" }, el("input", { type: "checkbox", name: "working_days", value: d, checked: p.working_days.includes(d) }), label)));
  const wins = el("div", { className: "accomplishments", dataset: { field: "accomplishments" } });
  const addWin = (a = {}) => {
    const row = el("div", { className: "row" },
      input("accomplishment", a.text, { placeholder: "What you achieved" }), input("accomplishment_date", a.date, { type: "date" }),
      el("button", { type: "button", className: "link", text: "Remove", onclick: () => row.remove() }));
    wins.append(row);
  };
  (p.accomplishments || []).forEach(addWin);
  const form = el("form", { className: "panel editor", noValidate: true },
    el("h2", { text: "You" }),
    el("div", { className: "grid" },
      field("Your name", input("name", p.name)),
      field("LinkedIn account", tier),
      field("Timezone", zone)),
    field("Signature", el("textarea", { name: "signature", rows: 3, value: p.signature })),
    field("Value proposition (one sentence for the thank-you notes)", input("value_proposition", p.value_proposition)),
    field("Strengths (one per line)", el("textarea", { name: "strengths", rows: 3, value: (p.strengths || []).join("\n") })),
    el("fieldset", {}, el("legend", { text: "Recent accomplishments, dated (a status check may mention one newer than the interview)" }),
      wins, el("button", { type: "button", text: "Add an accomplishment", onclick: () => addWin() })),
    el("fieldset", {}, el("legend", { text: "Working days (business days skip the others)" }), days),
    el("h2", { text: "Rules" }),
    el("p", { className: "note", text: "When each follow-up comes due. Every number can be changed; the default is shown beside it." }),
    el("div", { className: "rules", dataset: { field: "rules" } }, rules.map(ruleBlock)),
    el("div", { className: "row" }, el("button", { type: "submit", className: "primary", text: "Save" })),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = form.elements;
    const body = {
      name: f.name.value.trim(), signature: f.signature.value, value_proposition: f.value_proposition.value.trim(),
      strengths: lines(f.strengths.value), linkedin_tier: tier.value, timezone: zone.value,
      working_days: [...form.querySelectorAll("input[name=working_days]:checked")].map((i) => i.value),
      accomplishments: [...wins.children].map((row) => ({ text: row.children[0].value.trim(), date: row.children[1].value }))
        .filter((a) => a.text || a.date),
      rules: overrides(form, rules),
    };
    try {
      await api.putProfile(body);
      desk.zone = body.timezone;
      for (const marked of form.querySelectorAll(".invalid")) marked.classList.remove("invalid");
      say(status, "success", "Saved. Reminders follow the new settings at once.");
      chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
    } catch (err) {
      if (!desk.problem(err)) showError(status, err, form);
    }
  });
  fill(main, form);
}

function ruleBlock(rule) {
  return el("fieldset", { className: "rule", dataset: { rule: rule.id } },
    el("legend", { text: RULE_NAMES[rule.id] || rule.id }),
    Object.entries(rule.settings).map(([key, s]) => key === "enabled"
      ? el("label", { className: "choice" }, el("input", { type: "checkbox", name: `${rule.id}.${key}`, checked: s.value }), SETTING_NAMES[key] || key)
      : el("label", { className: "field number" }, SETTING_NAMES[key] || key,
        el("input", { type: "number", name: `${rule.id}.${key}`, value: String(s.value), min: s.min, max: s.max, step: 1, required: true }),
        el("span", { className: "hint", text: `default ${s.default}` }))));
}

/** The numbers that differ from the defaults (the profile keeps only the user's own choices). */
function overrides(form, rules) {
  const out = {};
  for (const rule of rules) {
    for (const [key, s] of Object.entries(rule.settings)) {
      const control = form.elements[`${rule.id}.${key}`];
      const value = key === "enabled" ? control.checked : control.value === "" ? NaN : Number(control.value);
      if (value !== s.default) (out[rule.id] ??= {})[key] = Number.isNaN(value) ? control.value : value;
    }
  }
  return out;
}
