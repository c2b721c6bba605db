// The extension's settings: defaults in one object, kept in chrome.storage.local.

/** What the options page edits, with the value used until the user changes it. */
export const DEFAULTS = Object.freeze({
  server: "http://127.0.0.1:5317",
  token: "",
  linkedinTier: "free",
  checkMinutes: 15,
});

export const CHECK_MINUTES = Object.freeze({ min: 1, max: 1440 });

/** The saved settings, each missing one filled from DEFAULTS. */
export async function loadSettings() {
  const stored = await chrome.storage.local.get(Object.keys(DEFAULTS));
  return { ...DEFAULTS, ...stored };
}

/** Check and normalise settings from the options form; throws an Error naming the field at fault. */
export function cleanSettings(input) {
  const out = {};
  if ("server" in input) {
    const url = parseServer(input.server);
    out.server = url;
  }
  if ("token" in input) {
    const token = String(input.token ?? "").trim();
    if (token && !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
      throw fieldError("token", "The token is the line printed by `followup serve` or `followup token` (letters, digits, - and _).");
    }
    out.token = token;
  }
  if ("linkedinTier" in input) {
    if (!["free", "premium"].includes(input.linkedinTier)) throw fieldError("linkedinTier", "Choose free or premium.");
    out.linkedinTier = input.linkedinTier;
  }
  if ("checkMinutes" in input) {
    const n = Number(input.checkMinutes);
    if (!Number.isInteger(n) || n < CHECK_MINUTES.min || n > CHECK_MINUTES.max) {
      throw fieldError("checkMinutes", `Check every ${CHECK_MINUTES.min} to ${CHECK_MINUTES.max} minutes.`);
    }
    out.checkMinutes = n;
  }
  return out;
}

let settingsRead = null; // settingsNow's promise, forgotten whenever the saved settings change

/**
 * The saved settings for API calls: read once per page or worker, read again after any change (a storage
 * read per call sat on the click-to-candidates path, between the page's snapshot and its /capture).
 */
export function settingsNow() {
  settingsRead ??= loadSettings().catch((err) => {
    settingsRead = null;
    throw err;
  });
  return settingsRead;
}

// another page or the worker saved settings: this one's next call reads them again (other keys, such as
// the reminders already notified, written at every check, leave the copy as it is)
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && Object.keys(changes).some((key) => Object.hasOwn(DEFAULTS, key))) settingsRead = null;
});

/** Save already cleaned settings. */
export async function saveSettings(values) {
  settingsRead = null;
  await chrome.storage.local.set(values);
  settingsRead = null; // a call made while they were written may have read the old ones
}

function parseServer(raw) {
  let url;
  try {
    url = new URL(String(raw ?? "").trim());
  } catch {
    throw fieldError("server", "Give the server address as http://127.0.0.1:<port>.");
  }
  // The server only ever listens on loopback, and the extension only has host access there.
  if (url.protocol !== "http:" || !["127.0.0.1", "localhost"].includes(url.hostname)) {
    throw fieldError("server", "The server runs on this machine: use http://127.0.0.1:<port> or http://localhost:<port>.");
  }
  return `${url.protocol}//${url.host}`;
}

function fieldError(field, message) {
  const err = new Error(message);
  err.field = field;
  return err;
}
