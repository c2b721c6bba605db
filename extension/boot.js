// The popup's first script (classic, so it runs while the HTML is parsed, before the modules have loaded):
// find the tab to capture and start reading it at once, which takes the module loading off the
// click-to-candidates path. popup.js picks the result up from globalThis.followupBoot.
"use strict";

/** Inject page-snapshot.js into a tab; resolves to chrome.scripting's results (the page's answer unchecked). */
globalThis.followupInject = async (tabId, linkUrl) => {
  if (linkUrl) {
    await chrome.scripting.executeScript({
      target: { tabId },
      func: (url) => { globalThis.followupLinkUrl = url; }, // the extension's isolated world: the page cannot see it
      args: [linkUrl],
    });
  }
  return chrome.scripting.executeScript({ target: { tabId }, files: ["page-snapshot.js"] });
};

/** {target, injected}: the tab a context-menu click named, else the active tab, and its snapshot under way. */
globalThis.followupBoot = new URLSearchParams(location.search).has("reminder") ? null : (async () => {
  const [reply, [tab]] = await Promise.all([
    chrome.runtime.sendMessage({ type: "takeMenuIntent" }).catch(() => null),
    chrome.tabs.query({ active: true, currentWindow: true }),
  ]);
  const target = reply?.result?.tabId ? reply.result : { tabId: tab?.id, linkUrl: null, selection: null };
  const injected = target.tabId ? globalThis.followupInject(target.tabId, target.linkUrl) : null;
  injected?.catch(() => {}); // handled where it is awaited; this only keeps it from counting as unhandled
  return { target, injected };
})();
