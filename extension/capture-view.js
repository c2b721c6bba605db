// The "This page" panel: capture the tab, show each person found as an editable card, save, attach.

import * as api from "./api.js";
import { el, fill } from "./dom.js";
import { capturePage } from "./snapshot.js";
import { attachBlock } from "./attach-view.js";

/** The card's editable fields, in order, with their labels. */
const FIELDS = [
  ["name", "Name"],
  ["headline", "Headline"],
  ["title", "Title"],
  ["company", "Company"],
  ["location", "Location"],
  ["email", "Email"],
  ["profile_url", "Profile URL"],
];
/** Why a page kind names nobody (server/capture/kinds.py), in the user's words. */
const PAGE_KINDS = {
  linkedin_authwall: "LinkedIn shows a sign-in wall instead of the profile: sign in, then capture again.",
  linkedin_company: "This is a company page, not a person.",
  linkedin_other: "This LinkedIn page is not a person's profile.",
  github_org: "This is a GitHub organisation, not a person.",
  github_other: "This GitHub page is not a person's profile.",
  mail_other: "Open one message to capture its sender.",
  empty: "The page had nothing to read.",
  stale: "The page is still changing: capture again in a moment.",
};
/** Where a name was read, in the user's words (layers of server/capture). */
const LAYER_LABELS = {
  dom: "the page",
  voyager: "LinkedIn's page data",
  jsonld: "structured data",
  microdata: "structured data",
  microformats: "structured data",
  opengraph: "the page's preview tags",
  meta: "the page's meta tags",
  title: "the page title",
  selection: "your selection",
};
const STALE = "stale";
const STALE_RETRY_MS = 800;

/**
 * Capture `target` ({tabId, linkUrl, selection}) and fill `panel` with cards; `captured` is the outcome of
 * the capture the service worker ran at the click ({answer} or {error}, background.js), else `injected`
 * the snapshot boot.js already started, if any. `hooks.problem(err)` shows connection problems;
 * `hooks.drafts(contact, interview)` opens the follow-ups for a saved person.
 * Resolves to the number of candidates shown.
 */
export async function runCapture(panel, target, hooks, { captured = null, injected = null } = {}) {
  fill(panel, el("p", { className: "note", text: "Reading this page\u2026" }));
  let answer;
  try {
    answer = captured ? taken(captured) : await captureOnce(target, injected);
    if (answer.page?.kind === STALE) {
      // a single-page app still showing the previous page: read it again once it has settled
      await new Promise((resolve) => setTimeout(resolve, STALE_RETRY_MS));
      answer = await captureOnce(target);
    }
  } catch (err) {
    if (err instanceof api.ApiError && err.problem !== api.Problem.REJECTED) {
      hooks.problem(err); // the banner says what is wrong and what to do
      fill(panel, el("p", { className: "note", text: "Nothing was captured." }));
    } else {
      fill(panel, el("p", { className: "error", text: err?.message || String(err) }));
    }
    return 0;
  }
  const candidates = Array.isArray(answer.candidates) ? answer.candidates.filter((c) => c && typeof c === "object") : [];
  const page = answer.page && typeof answer.page === "object" ? answer.page : {};
  if (!candidates.length) {
    fill(panel, el("p", { className: "note", text: PAGE_KINDS[page.kind] || `No person found on this page${page.kind ? ` (${page.kind})` : ""}.` }));
    return 0;
  }
  const heading = candidates.length > 1 ? `${candidates.length} people on this page` : "Person on this page";
  fill(panel, el("p", { className: "note", text: heading }), candidates.map((c, i) => card(c, i, page, hooks)));
  performance.mark("followup:candidates-shown"); // click-to-candidates ends here (bench_extension.py)
  return candidates.length;
}

function captureOnce(target, injected = null) {
  return capturePage(target, injected, (snapshot) => {
    performance.mark("followup:capture-sent", { detail: { chars: snapshot.html.length } }); // read by bench_extension.py
  });
}

/** The service worker's answer, or its failure thrown again (an ApiError still says what to do). */
function taken(captured) {
  // when it was sent and answered, on the clock of the service worker (read by bench_extension.py)
  performance.mark("followup:capture-sent", { detail: { ...captured.timing, worker: true } });
  if (captured.error) throw api.errorFrom(captured.error);
  return captured.answer && typeof captured.answer === "object" ? captured.answer : {};
}

/** The layer that gave a candidate's field ("jsonld", "dom", ...), or null. */
function layerOf(candidate, field) {
  const layer = candidate.source && typeof candidate.source === "object" ? candidate.source[field] : null;
  return typeof layer === "string" ? layer.slice(0, 100) : null;
}

function text(value, max = 2048) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

function card(candidate, index, page, hooks) {
  const inputs = {};
  const labels = {};
  for (const [key, label] of FIELDS) {
    inputs[key] = el("input", { type: key === "email" ? "email" : "text", name: key, value: text(candidate[key]), spellcheck: false });
    labels[key] = el("label", { className: `f-${key}` }, label, inputs[key]);
  }
  const title = el("h2", { text: inputs.name.value || "(no name)" });
  inputs.name.addEventListener("input", () => { title.textContent = inputs.name.value || "(no name)"; });
  const confidence = Number(candidate.confidence);
  const meta = [
    Number.isFinite(confidence) ? `${Math.round(confidence * 100)}% sure` : null,
    layerOf(candidate, "name") ? `name from ${LAYER_LABELS[layerOf(candidate, "name")] || layerOf(candidate, "name")}` : null,
  ].filter(Boolean).join(" \u00b7 ");
  const result = el("div", { className: "result" });
  const save = el("button", { className: "primary", type: "button", text: "Save contact" });
  save.addEventListener("click", async () => {
    save.disabled = true;
    for (const label of Object.values(labels)) label.classList.remove("invalid");
    try {
      const contact = await api.saveContact(contactFields(candidate, inputs, page));
      save.textContent = contact.merged ? "Merged" : "Saved";
      fill(result,
        el("p", { className: "success", text: contact.merged ? `Merged into ${contact.name}, whom you already had.` : `Saved ${contact.name} as a new contact.` }),
        attachBlock(contact, hooks));
    } catch (err) {
      save.disabled = false;
      const field = err?.field?.split(/[.[]/)[0];
      if (labels[field]) labels[field].classList.add("invalid");
      if (err instanceof api.ApiError && err.problem !== api.Problem.REJECTED) hooks.problem(err);
      fill(result, el("p", { className: "error", text: err?.message || String(err) }));
    }
  });
  return el("article", { className: "card", dataset: { index: String(index) } },
    title, el("div", { className: "meta", text: meta }),
    el("div", { className: "fields" }, FIELDS.map(([key]) => labels[key])),
    el("div", { className: "row" }, save), result);
}

/** The contact to POST: the card's fields (empty ones left out) and where each came from. */
function contactFields(candidate, inputs, page) {
  const fields = {};
  const sources = {};
  const at = new Date().toISOString();
  const url = text(page.url) || null;
  for (const [key] of FIELDS) {
    const value = inputs[key].value.trim();
    if (!value) continue;
    fields[key] = value;
    const captured = value === text(candidate[key]).trim();
    sources[key] = { url, layer: captured ? layerOf(candidate, key) : "edited", at };
  }
  const photo = text(candidate.photo_url);
  if (/^https?:\/\//.test(photo)) {
    fields.photo_url = photo;
    sources.photo_url = { url, layer: layerOf(candidate, "photo_url"), at };
  }
  return { ...fields, sources };
}
