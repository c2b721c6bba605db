// Reading a tab: inject page-snapshot.js, whose value is the snapshot. Loaded both as a classic script by
// popup.html and as a module by the service worker, so it only sets a global and imports nothing.

// Chromium sends the click's activeTab grant to the page's process on another channel than the injection:
// an injection made at once from the click's event can arrive first and be refused. Waiting a moment and
// trying again is enough; a page the extension may really not read fails the same way each time.
const GRANT_WAITS_MS = [15, 30, 60];
const NOT_YET_GRANTED = /Cannot access contents of the page/;

function injectOnce(tabId, linkUrl) {
  const snapshot = () => chrome.scripting.executeScript({ target: { tabId }, files: ["page-snapshot.js"] });
  if (!linkUrl) return snapshot();
  return chrome.scripting.executeScript({
    target: { tabId },
    func: (url) => { globalThis.followupLinkUrl = url; }, // the extension's isolated world: the page cannot see it
    args: [linkUrl],
  }).then(snapshot);
}

/** Inject page-snapshot.js into a tab; resolves to chrome.scripting's results (the page's answer unchecked). */
globalThis.followupInject = async (tabId, linkUrl) => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await injectOnce(tabId, linkUrl);
    } catch (err) {
      if (attempt >= GRANT_WAITS_MS.length || !NOT_YET_GRANTED.test(err?.message ?? "")) throw err;
      await new Promise((resolve) => setTimeout(resolve, GRANT_WAITS_MS[attempt]));
    }
  }
};
