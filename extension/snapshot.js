// Taking a snapshot of a tab's live DOM for /capture (page-snapshot.js, injected by inject.js's
// followupInject), checking what comes back from the page, and sending it. Used by the popup and by the
// service worker, which starts the capture at the click (background.js).

import * as api from "./api.js";

export const LIMITS = Object.freeze({
  html: 6 * 1024 * 1024 - 64 * 1024, // the server's /capture body limit, less room for the other fields
  url: 2048,
  title: 1000,
  selection: 5000,
});

/** The snapshot checked field by field (the page is untrusted): a clean object, or an Error. */
export function checkSnapshot(value) {
  if (!value || typeof value !== "object") throw new Error("The page returned nothing to capture.");
  const { url, title, html, selection } = value;
  if (typeof url !== "string" || !/^https?:\/\//.test(url) || url.length > LIMITS.url) {
    throw new Error("Only web pages (http or https) can be captured.");
  }
  if (typeof html !== "string" || !html) throw new Error("The page returned no HTML.");
  // the limit is in UTF-8 bytes; only count them when the text could be over it
  const bytes = html.length * 3 <= LIMITS.html ? html.length : new TextEncoder().encode(html).length;
  if (bytes > LIMITS.html) {
    throw new Error(`This page is too large to capture (${(bytes / 1048576).toFixed(1)} MB).`);
  }
  const clean = { url, html };
  if (typeof title === "string" && title) clean.title = title.slice(0, LIMITS.title);
  if (typeof selection === "string" && selection) clean.selection = selection.slice(0, LIMITS.selection);
  return clean;
}

/** The checked snapshot from an injection under way (a promise of chrome.scripting's results). */
export async function snapshotFrom(injected) {
  let results;
  try {
    results = await injected;
  } catch (err) {
    throw new Error(`This page cannot be captured (${err?.message || err}).`);
  }
  return checkSnapshot(results?.[0]?.result);
}

/** Snapshot one tab again (needs activeTab from a user gesture, or host access), checked. */
export function snapshotTab(tabId, linkUrl = null) {
  return snapshotFrom(globalThis.followupInject(tabId, linkUrl));
}

/**
 * Snapshot `target`'s tab ({tabId, linkUrl, selection}), or take the injection already under way, and ask
 * the server who is on it. `onSend(snapshot)` is called just before the request. Resolves to the answer.
 */
export async function capturePage(target, injected = null, onSend = null) {
  const reading = injected ? snapshotFrom(injected) : snapshotTab(target.tabId, target.linkUrl);
  // the server proves it knows the token while the page is read: a program squatting on the port since
  // the last proof gets nothing
  const [snapshot] = await Promise.all([reading, api.ready({ recheck: true })]);
  if (target.selection) snapshot.selection = target.selection.slice(0, LIMITS.selection);
  onSend?.(snapshot);
  return api.capture(snapshot);
}
