// The one client of the local followup server: the only code that knows its address, the token, the
// headers and how failures map to what the user can do about them.

import { settingsNow } from "./settings.js";

/** What went wrong, in terms the UI can act on. */
export const Problem = Object.freeze({
  NOT_PAIRED: "not_paired", // no token saved yet
  NOT_RUNNING: "not_running", // nothing answers at the address
  NO_ACCESS: "no_access", // the browser does not let the extension reach the address (Firefox: the user's choice)
  WRONG_TOKEN: "wrong_token", // the server refused the token
  OTHER_PROGRAM: "other_program", // something that is not followup answers there
  UNTRUSTED: "untrusted", // it answers like followup but cannot prove it knows the token
  ORIGIN: "origin_refused", // the server does not accept this browser extension's origin
  REJECTED: "rejected", // the server refused the input (4xx naming a field)
  SERVER_ERROR: "server_error", // the server failed (5xx)
});

/** A failed call: `problem` is one of Problem; `field` names the input at fault when the server says. */
export class ApiError extends Error {
  constructor(problem, message, { status = 0, code = null, field = null, server = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.server = server;
    this.problem = problem;
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** A failure as plain data, to cross from the service worker to a page (runtime messages lose classes). */
export function errorData(err) {
  if (err instanceof ApiError) {
    const { problem, message, status, code, field, server } = err;
    return { api: true, problem, message, status, code, field, server };
  }
  return { api: false, message: String(err?.message || err) };
}

/** The error errorData() described: an ApiError again when it was one. */
export function errorFrom(data) {
  if (!data?.api) return new Error(String(data?.message ?? "The capture failed."));
  const { problem, message, status, code, field, server } = data;
  return new ApiError(problem, message, { status, code, field, server });
}

const TIMEOUT_MS = 15000;
// A proof serves one burst of calls (a popup opening, a reminders check); a later call proves again, as the
// server may have stopped since and another program taken its port.
const TRUST_TTL_MS = 2000;
const trusted = new Map(); // "<server> <token>" -> time the server last proved it knows the token
const paired = new Set(); // "<server> <token>" whose /hello with the token (which pairs the origin) was done
const PAIRED_BY_HELLO = chrome.runtime.getURL("").startsWith("moz-extension:");

/** The command that starts the server for the configured address. */
export function startCommand(server) {
  const port = new URL(server).port;
  return port && port !== "5317" ? `followup serve --port ${port}` : "followup serve";
}

/** The host permission the server's address needs ("http://127.0.0.1/*": match patterns take no port). */
export function hostPattern(server) {
  const url = new URL(server);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Why a request never reached the server: it took too long, the browser holds back access to the address
 * (Firefox lets the user take it away, and then every call fails as if nothing listened), or nothing listens.
 */
async function unreachable(settings, err) {
  const server = settings.server;
  if (err?.name === "TimeoutError") {
    return new ApiError(Problem.NOT_RUNNING, `The followup server at ${server} did not answer in time.`, { server });
  }
  const allowed = await chrome.permissions.contains({ origins: [hostPattern(server)] }).catch(() => true);
  if (!allowed) {
    const host = new URL(server).hostname;
    return new ApiError(Problem.NO_ACCESS,
      `The browser does not let followup reach ${host}, where its server runs: allow it in followup's options.`, { server });
  }
  return new ApiError(Problem.NOT_RUNNING, `The followup server is not running at ${server}.`, { server });
}

async function send(settings, method, path, { body, query, auth = true } = {}) {
  const url = new URL(`${settings.server}/api/v1${path}`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
  }
  const headers = {};
  if (auth) headers.Authorization = `Bearer ${settings.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    trusted.clear(); // nothing answered: whatever answers next must prove it knows the token again
    throw await unreachable(settings, err);
  }
  let data = null;
  if ((response.headers.get("Content-Type") || "").startsWith("application/json")) {
    data = await response.json().catch(() => null);
  }
  if (response.ok && data !== null && typeof data === "object") return data;
  throw failure(settings, response.status, data);
}

function failure(settings, status, data) {
  const err = data && typeof data === "object" ? data.error : null;
  if (!err || typeof err.message !== "string") {
    return new ApiError(Problem.OTHER_PROGRAM, `Another program, not followup, answers at ${settings.server}.`, { status });
  }
  const details = { status, code: err.code ?? null, field: err.field ?? null };
  if (status === 401) {
    return new ApiError(Problem.WRONG_TOKEN, "The server did not accept the token: paste the one printed by `followup token`.", details);
  }
  if (status === 403 && err.code === "origin_not_allowed") {
    return new ApiError(Problem.ORIGIN, "The server does not accept requests from this browser extension; pair again from the options page.", details);
  }
  if (status >= 500) return new ApiError(Problem.SERVER_ERROR, `The server failed: ${err.message}`, details);
  return new ApiError(Problem.REJECTED, err.message, details);
}

function hex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function expectedProof(token, nonce) {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(token), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", key, enc.encode(nonce)));
}

/** The first 8 hex digits of SHA-256(token): what the server says its token is, without revealing it. */
async function tokenId(token) {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))).slice(0, 8);
}

/**
 * Make sure the server knows the token (HMAC of a fresh nonce) before any captured page or contact is sent.
 * `fresh`: prove it again even when it did a moment ago.
 */
async function ensureTrusted(settings, { fresh = false } = {}) {
  if (!settings.token) {
    throw new ApiError(Problem.NOT_PAIRED, "Not paired yet: paste the token printed by `followup serve` into the extension's options.");
  }
  const key = `${settings.server} ${settings.token}`;
  const known = !fresh && Date.now() - (trusted.get(key) ?? 0) < TRUST_TTL_MS;
  if (known) return;
  // First without the token: a program squatting on the port must not learn it. Then, proven, with it:
  // the server checks the token and pairs this browser's origin, which it remembers. Only Firefox's
  // per-install origin needs pairing (Chromium's is fixed by the manifest key), once per page or worker;
  // a `fresh` check (the options' "Test connection") always sends the token too.
  const pair = fresh || (PAIRED_BY_HELLO && !paired.has(key));
  for (const auth of pair ? [false, true] : [false]) {
    const nonce = hex(crypto.getRandomValues(new Uint8Array(32)));
    const answer = await send(settings, "POST", "/hello", { body: { nonce }, auth });
    const proof = typeof answer.proof === "string" ? answer.proof : "";
    if (answer.app !== "followup" || proof !== (await expectedProof(settings.token, nonce))) {
      trusted.delete(key);
      if (typeof answer.token_id === "string" && answer.token_id !== (await tokenId(settings.token))) {
        throw new ApiError(Problem.WRONG_TOKEN, "The server did not accept the token: paste the one printed by `followup token`.");
      }
      throw new ApiError(Problem.UNTRUSTED, `Untrusted server at ${settings.server}: it could not prove it knows your token, so nothing was sent.`);
    }
  }
  trusted.set(key, Date.now());
  paired.add(key);
}

async function call(method, path, options = {}) {
  const settings = await settingsNow();
  await ensureTrusted(settings);
  return send(settings, method, path, options);
}

/**
 * Resolve once the configured server has proved it knows the token (a proof serves for TRUST_TTL_MS; with
 * `recheck`, proved again now: before a captured page is sent, as a program may have taken the port since).
 * A recheck forgets every proof at once, before anything is awaited: no other call of this page or worker
 * sends the token until the server has proved itself again.
 */
export function ready({ recheck = false } = {}) {
  if (recheck) trusted.clear();
  return settingsNow().then((settings) => ensureTrusted(settings));
}

/**
 * Check a server address and token without saving them: resolves to {ok: true, version} or throws an
 * ApiError whose problem tells "not running", "wrong token", "another program" and "untrusted" apart.
 */
export async function testConnection(server, token) {
  const settings = { server, token };
  let health = null;
  try {
    health = await send(settings, "GET", "/health", { auth: false });
  } catch (err) {
    // a Firefox origin is only known to the server once /hello has paired it
    if (err.problem !== Problem.ORIGIN) throw err;
  }
  if (health && health.app !== "followup") {
    throw new ApiError(Problem.OTHER_PROGRAM, `Another program, not followup, answers at ${server}.`);
  }
  await ensureTrusted(settings, { fresh: true });
  health ??= await send(settings, "GET", "/health", { auth: false });
  return { ok: true, version: String(health.version ?? "") };
}

/** Whether the configured server is up (no token needed); throws ApiError when it is not followup. */
export async function health() {
  const settings = await settingsNow();
  const answer = await send(settings, "GET", "/health", { auth: false });
  if (answer.app !== "followup") {
    throw new ApiError(Problem.OTHER_PROGRAM, `Another program, not followup, answers at ${settings.server}.`);
  }
  return { ...answer, server: settings.server, paired: Boolean(settings.token) };
}

export const capture = (snapshot) => call("POST", "/capture", { body: snapshot });
export const saveContact = (fields) => call("POST", "/contacts", { body: fields });
export const getContact = (id) => call("GET", `/contacts/${encodeURIComponent(id)}`);
export const listInterviews = (query) => call("GET", "/interviews", { query });
export const createInterview = (doc) => call("POST", "/interviews", { body: doc });
export const updateInterview = (id, changes) => call("PATCH", `/interviews/${encodeURIComponent(id)}`, { body: changes });
export const logTouch = (touch) => call("POST", "/touches", { body: touch });
export const reminders = (query) => call("GET", "/reminders", { query });
export const reminderDone = (id) => call("POST", `/reminders/${encodeURIComponent(id)}/done`, { body: {} });
export const reminderSnooze = (id, until) => call("POST", `/reminders/${encodeURIComponent(id)}/snooze`, { body: { until } });
export const drafts = (query) => call("GET", "/drafts", { query });
export const getProfile = () => call("GET", "/profile");
export const putProfile = (fields) => call("PUT", "/profile", { body: fields });
export const listContacts = (query) => call("GET", "/contacts", { query });
export const updateContact = (id, changes) => call("PATCH", `/contacts/${encodeURIComponent(id)}`, { body: changes });
export const deleteContact = (id) => call("DELETE", `/contacts/${encodeURIComponent(id)}`);
export const mergeContacts = (id, otherId) => call("POST", `/contacts/${encodeURIComponent(id)}/merge`, { body: { other_id: otherId } });
export const getInterview = (id) => call("GET", `/interviews/${encodeURIComponent(id)}`);
export const deleteInterview = (id) => call("DELETE", `/interviews/${encodeURIComponent(id)}`);
export const touches = (query) => call("GET", "/touches", { query });
export const reminderDismiss = (id) => call("POST", `/reminders/${encodeURIComponent(id)}/dismiss`);
export const rules = () => call("GET", "/rules");

const TRANSFER_TIMEOUT_MS = 5 * 60 * 1000; // a large import is merged before the answer comes

/**
 * Send a file (an import) to `path` as `contentType`, reporting onProgress(sentBytes, totalBytes) while it
 * uploads (XMLHttpRequest: fetch reports no upload progress). Resolves to the server's JSON answer.
 */
export async function upload(path, file, contentType, onProgress) {
  const settings = await settingsNow();
  await ensureTrusted(settings);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${settings.server}/api/v1${path}`);
    xhr.setRequestHeader("Authorization", `Bearer ${settings.token}`);
    xhr.setRequestHeader("Content-Type", contentType);
    xhr.timeout = TRANSFER_TIMEOUT_MS;
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let data = null;
      if ((xhr.getResponseHeader("Content-Type") || "").startsWith("application/json")) {
        try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      }
      if (xhr.status >= 200 && xhr.status < 300 && data !== null && typeof data === "object") resolve(data);
      else reject(failure(settings, xhr.status, data));
    };
    const down = () => unreachable(settings, null).then(reject);
    xhr.onerror = down;
    xhr.ontimeout = down;
    xhr.send(file);
  });
}

/** Fetch an export as a file to save: {blob, filename} (the name the server gives). */
export async function download(path, query) {
  const settings = await settingsNow();
  await ensureTrusted(settings);
  const url = new URL(`${settings.server}/api/v1${path}`);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
  let response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${settings.token}` },
      credentials: "omit",
      cache: "no-store",
      signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS),
    });
  } catch (err) {
    throw await unreachable(settings, err);
  }
  if (!response.ok) throw failure(settings, response.status, await response.json().catch(() => null));
  const named = /filename="([^"\\/]+)"/.exec(response.headers.get("Content-Disposition") || "");
  return { blob: await response.blob(), filename: named ? named[1] : "followup-export" };
}
