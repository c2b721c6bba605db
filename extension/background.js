// The service worker: the toolbar click (capture at once, then open the popup), reminder alarm and badge,
// notifications, the context menu, the LinkedIn-profile toolbar cue, and messages from the extension's own
// pages. Listeners are registered at top level.

import "./inject.js";
import { errorData } from "./api.js";
import { loadSettings } from "./settings.js";
import { checkReminders, onNotificationAction } from "./reminders.js";
import { capturePage } from "./snapshot.js";

const ALARM = "reminders";
const MENU_LINK = "capture-link";
const MENU_SELECTION = "capture-selection";
const CAPTURE_TTL_MS = 60 * 1000;
const CLICKED_POPUP = "popup.html?click";
let pending = null; // {target, at, outcome}: the capture a click started, for the popup that click opens

/** Create the polling alarm unless one with the configured period exists (safe to call any time). */
async function ensureAlarm() {
  const { checkMinutes } = await loadSettings();
  const existing = await chrome.alarms.get(ALARM);
  if (existing && existing.periodInMinutes === checkMinutes) return existing;
  await chrome.alarms.create(ALARM, { delayInMinutes: checkMinutes, periodInMinutes: checkMinutes });
  return chrome.alarms.get(ALARM);
}

function registerMenus() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_LINK, title: "Capture this person with followup", contexts: ["link"] });
    chrome.contextMenus.create({ id: MENU_SELECTION, title: "Capture \u201c%s\u201d with followup", contexts: ["selection"] });
  });
}

async function iconData(size) {
  const blob = await (await fetch(chrome.runtime.getURL(`icons/capture-${size}.png`))).blob();
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(await createImageBitmap(blob), 0, 0);
  return ctx.getImageData(0, 0, size, size);
}

/** Chrome: show the capture icon while the tab is a LinkedIn profile (declarative: no access to tab URLs). */
async function registerPageRules() {
  const dc = chrome.declarativeContent;
  if (!dc) return; // Firefox shows the same cue through the manifest's page_action.show_matches
  const imageData = { 16: await iconData(16), 32: await iconData(32) };
  const profile = (host) => new dc.PageStateMatcher({ pageUrl: { ...host, pathPrefix: "/in/", schemes: ["https"] } });
  const rule = {
    id: "linkedin-profile",
    conditions: [profile({ hostEquals: "linkedin.com" }), profile({ hostSuffix: ".linkedin.com" })],
    actions: [new dc.SetIcon({ imageData })],
  };
  // the rules API of events takes callbacks, not promises
  await new Promise((resolve) => dc.onPageChanged.removeRules(undefined, resolve));
  return new Promise((resolve) => dc.onPageChanged.addRules([rule], resolve));
}

async function setUp() {
  await ensureAlarm();
  await checkReminders();
}

chrome.runtime.onInstalled.addListener(() => {
  registerMenus();
  registerPageRules().catch((err) => console.warn("followup: page rules", err));
  setUp();
});
chrome.runtime.onStartup.addListener(setUp);

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) checkReminders();
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== "local") return;
  if (changes.checkMinutes) ensureAlarm();
  if (changes.server || changes.token) checkReminders();
});

chrome.notifications.onClicked.addListener((id) => onNotificationAction(id, 0));
chrome.notifications.onButtonClicked?.addListener((id, index) => onNotificationAction(id, index));

/**
 * A click (toolbar icon, its shortcut, a context-menu item) on `tab`: read the page and ask the server now,
 * while the browser opens the popup, which shows the outcome (takeCapture). The click granted activeTab:
 * nothing is read from a page without one.
 */
export function captureAndOpen(tab, target) {
  const timing = { clickedAt: Date.now() };
  const outcome = capturePage(target, null, (snapshot) => {
    timing.sentAt = Date.now();
    timing.chars = snapshot.html.length;
  }).then((answer) => ({ answer }), (err) => ({ error: errorData(err) }))
    .then((result) => ({ ...result, timing: { ...timing, answeredAt: Date.now() } }));
  pending = { target, at: Date.now(), outcome };
  // The action has no default popup (syncPopup), so that clicks come here first: give this tab one for
  // this opening (taken back by takeCapture), then open it, still inside the click's user gesture.
  // "?click" tells the popup that a capture waits here for it (boot.js); opened any other way, it reads
  // the page itself without asking this worker, which may be asleep.
  chrome.action.setPopup({ tabId: tab.id, popup: CLICKED_POPUP });
  return chrome.action.openPopup().catch(() => {
    givePopupBack(tab.id);
    return chrome.tabs.create({ url: chrome.runtime.getURL(CLICKED_POPUP), index: tab.index + 1 });
  });
}

/**
 * The tab's next click does what every tab's does again: come here (icon in the menu) or open the popup at
 * once (pinned). The global value is set on the tab, as Firefox reads an empty one as "no popup on this tab".
 */
function givePopupBack(tabId) {
  return chrome.action.getPopup({}).then((popup) => chrome.action.setPopup({ tabId, popup }));
}

chrome.action.onClicked.addListener((tab) => {
  if (tab?.id >= 0) captureAndOpen(tab, { tabId: tab.id, linkUrl: null, selection: null });
});

/**
 * Where a toolbar click goes. Icon in the extensions menu: Chromium first animates it onto the toolbar
 * (about 250 ms) and only then opens the popup, so the click comes here and the capture runs meanwhile.
 * Icon pinned: the popup opens at once and reads the page itself; measured on a busy 2-core machine
 * (scripts/bench_extension.py) that is sooner than a capture competing with the popup's creation.
 * `settings`: chrome.action.getUserSettings()'s answer, asked when not given.
 */
async function syncPopup(settings = null) {
  const user = settings ?? (await chrome.action.getUserSettings?.().catch(() => null));
  await chrome.action.setPopup({ popup: user?.isOnToolbar ? "popup.html" : "" });
  return chrome.action.getPopup({});
}

syncPopup();
chrome.action.onUserSettingsChanged?.addListener((settings) => syncPopup(settings));

/** A click on one of our context-menu items: capture the person it names, and open the popup to show them. */
function onMenuClick(info, tab) {
  if (!tab?.id || tab.id < 0 || ![MENU_LINK, MENU_SELECTION].includes(info?.menuItemId)) return null;
  return captureAndOpen(tab, {
    tabId: tab.id,
    linkUrl: info.menuItemId === MENU_LINK && typeof info.linkUrl === "string" ? info.linkUrl : null,
    selection: info.menuItemId === MENU_SELECTION && typeof info.selectionText === "string" ? info.selectionText : null,
  });
}

chrome.contextMenus.onClicked.addListener(onMenuClick);

/** Messages accepted from the extension's own pages only, by type; anything else is refused. */
const HANDLERS = {
  remindersChanged: () => checkReminders(),
  // the popup a click opened: {target, answer | error, timing} once the capture is done, or null
  takeCapture: async () => {
    const taken = pending && Date.now() - pending.at < CAPTURE_TTL_MS ? pending : null;
    pending = null;
    if (!taken) return null;
    givePopupBack(taken.target.tabId);
    return { target: taken.target, ...(await taken.outcome) };
  },
};

export function handleMessage(message, sender) {
  const ownPage = sender?.id === chrome.runtime.id && typeof sender.url === "string"
    && sender.url.startsWith(chrome.runtime.getURL("")) && !sender.tab?.url?.startsWith("http");
  if (!ownPage) return Promise.resolve({ error: "refused: not from this extension's pages" });
  if (!message || typeof message !== "object" || !Object.hasOwn(HANDLERS, message.type) || Object.keys(message).length !== 1) {
    return Promise.resolve({ error: "refused: unknown message" });
  }
  return Promise.resolve(HANDLERS[message.type]()).then((result) => ({ result }));
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handleMessage(message, sender).then(sendResponse, (err) => sendResponse({ error: String(err?.message || err) }));
  return true; // answer asynchronously
});

// for tests and the console: run the same handlers a real alarm, notification or message would
globalThis.followup = {
  captureAndOpen, checkReminders, ensureAlarm, handleMessage, onMenuClick, onNotificationAction, registerPageRules, syncPopup,
};
