// The options page: server address and pairing token (with a connection test that tells the failure
// kinds apart), the LinkedIn account tier, and how often to check for due follow-ups.

import * as api from "./api.js";
import { el, fill } from "./dom.js";
import { cleanSettings, loadSettings, saveSettings } from "./settings.js";

const $ = (id) => document.getElementById(id);
const form = $("settings");

/** What each connection problem means for the user, and what to do (the server address is filled in). */
const ADVICE = {
  [api.Problem.NOT_PAIRED]: () => ["Paste the pairing token first."],
  [api.Problem.NOT_RUNNING]: (server) => [`Nothing answers at ${server}: the followup server is not running.`,
    `Start it in a terminal with: ${api.startCommand(server)}`],
  [api.Problem.WRONG_TOKEN]: () => ["followup is running, but it did not accept this token.",
    "Paste the token that `followup token` prints (it changes with `followup token --rotate`)."],
  [api.Problem.OTHER_PROGRAM]: (server) => [`Another program, not followup, is using ${server}.`,
    "Start followup on another port (for example `followup serve --port 5318`) and change the address here."],
  [api.Problem.UNTRUSTED]: (server) => [`Untrusted server: the program at ${server} answers like followup but could not prove it knows your token.`,
    "Nothing was sent to it. Check which program uses that port."],
  [api.Problem.ORIGIN]: () => ["The server refused this extension's origin. Update followup, then test again."],
};

function formValues() {
  return {
    server: $("server").value,
    token: $("token").value,
    linkedinTier: form.querySelector("input[name=linkedinTier]:checked")?.value,
    checkMinutes: $("checkMinutes").value,
  };
}

function clearErrors() {
  for (const label of form.querySelectorAll("label.invalid")) label.classList.remove("invalid");
}

/** Clean the form's values, marking the field at fault; null when one is wrong. */
function cleaned(keys, out) {
  clearErrors();
  const all = formValues();
  try {
    return cleanSettings(Object.fromEntries(keys.map((k) => [k, all[k]])));
  } catch (err) {
    $(`${err.field}-label`)?.classList.add("invalid");
    fill(out, el("p", { className: "error", text: err.message }));
    return null;
  }
}

/**
 * Firefox lets the user take host access away (and may not grant it at install): then every call fails as if
 * nothing listened. Say so, with a button that asks for it (the request must run inside the click).
 * Resolves to true when the extension may reach `server`.
 */
async function checkHostAccess(server, out) {
  const origins = [api.hostPattern(server)];
  if (await chrome.permissions.contains({ origins })) return true;
  const host = new URL(server).hostname;
  const allow = el("button", { type: "button", id: "allow-access", text: `Allow access to ${host}` });
  allow.addEventListener("click", () => {
    chrome.permissions.request({ origins }).then((granted) => { if (granted) testConnection(); });
  });
  out.dataset.state = "no_access";
  fill(out, [
    el("p", { className: "error", text: `The browser does not let followup reach ${host}, where its server runs.` }),
    el("p", { className: "note", text: "Allow it here (or in the browser's add-on settings, under Permissions), then test again." }),
    el("div", { className: "row" }, allow),
  ]);
  return false;
}

async function testConnection() {
  const out = $("connection");
  const values = cleaned(["server", "token"], out);
  if (!values) return;
  if (!(await checkHostAccess(values.server, out))) return;
  fill(out, el("p", { className: "note", text: "Testing\u2026" }));
  out.dataset.state = "testing";
  try {
    const { version } = await api.testConnection(values.server, values.token);
    await saveSettings(values); // a token that works is the pairing: keep it
    out.dataset.state = "ok";
    fill(out, el("p", { className: "success", text: `Connected to followup ${version} at ${values.server}. Paired and saved.` }));
  } catch (err) {
    const problem = err instanceof api.ApiError ? err.problem : "error";
    out.dataset.state = problem;
    const lines = ADVICE[problem]?.(values.server) ?? [err?.message || String(err)];
    fill(out, lines.map((text, i) => el("p", { className: i ? "note" : "error", text })));
  }
}

async function save(event) {
  event.preventDefault();
  const out = $("saved");
  const values = cleaned(["server", "token", "linkedinTier", "checkMinutes"], $("connection"));
  if (!values) return;
  const before = await loadSettings();
  await saveSettings(values);
  out.textContent = "Saved.";
  if (values.token && values.linkedinTier !== before.linkedinTier) {
    // drafts are written by the server: it needs the tier for the connection-note limit
    try {
      await api.putProfile({ linkedin_tier: values.linkedinTier });
    } catch (err) {
      out.textContent = `Saved here; the server did not take the LinkedIn tier yet (${err.message}).`;
    }
  }
}

function showTier(value) {
  for (const radio of form.querySelectorAll("input[name=linkedinTier]")) radio.checked = radio.value === value;
}

/**
 * A new extension's icon waits in the browser's Extensions menu, from which every click first plays an
 * animation (about 0.27 s in Chromium) before the popup opens: suggest pinning it for as long as it is there.
 */
async function showPinHint() {
  const hint = $("pin-hint");
  const update = (user) => { hint.hidden = user?.isOnToolbar !== false; };
  update(await chrome.action.getUserSettings?.().catch(() => null));
  chrome.action.onUserSettingsChanged?.addListener(update);
}

async function main() {
  const settings = await loadSettings();
  $("server").value = settings.server;
  $("token").value = settings.token;
  $("checkMinutes").value = String(settings.checkMinutes);
  showTier(settings.linkedinTier);
  if (settings.token) {
    // the server writes the drafts, so its profile says which tier is in force
    api.getProfile().then((profile) => showTier(profile.linkedin_tier)).catch(() => {});
  }
  checkHostAccess(settings.server, $("connection")).catch(() => {});
  showPinHint().catch(() => {});
  $("show-token").addEventListener("change", (e) => { $("token").type = e.target.checked ? "text" : "password"; });
  $("test").addEventListener("click", testConnection);
  form.addEventListener("submit", save);
  document.body.dataset.ready = "true";
}

main();
