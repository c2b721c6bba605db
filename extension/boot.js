// The popup's first script (classic, so it runs while the HTML is parsed, before the modules have loaded).
// Opened by the service worker (popup.html?click: a click on the icon in the extensions menu, or the context
// menu), which is already reading the page and asking the server (background.js): take that capture.
// Opened any other way (the pinned icon, Firefox's LinkedIn page action, a tab), find the tab and start
// reading it at once, which takes the module loading off the click-to-candidates path; the worker, which
// may be asleep, is not asked. popup.js picks the result up from globalThis.followupBoot.
"use strict";

/** {target, captured, injected}: the service worker's capture, else the active tab and its snapshot under way. */
const bootParams = new URLSearchParams(location.search);
globalThis.followupBoot = bootParams.has("reminder") ? null : (async () => {
  const clicked = bootParams.has("click"); // opened by the worker (background.js)
  const [reply, [tab]] = await Promise.all([
    clicked ? chrome.runtime.sendMessage({ type: "takeCapture" }).catch(() => null) : null,
    chrome.tabs.query({ active: true, currentWindow: true }),
  ]);
  const captured = reply?.result?.target?.tabId ? reply.result : null;
  if (captured) return { target: captured.target, captured, injected: null };
  const target = { tabId: tab?.id, linkUrl: null, selection: null };
  const injected = target.tabId ? globalThis.followupInject(target.tabId, null) : null;
  injected?.catch(() => {}); // handled where it is awaited; this only keeps it from counting as unhandled
  return { target, captured: null, injected };
})();
