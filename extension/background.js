// The service worker: reminder alarm and badge, notifications, the context menu, the LinkedIn-profile
// toolbar cue, and messages from the extension's own pages. Listeners are registered at top level.

import { loadSettings } from "./settings.js";
import { checkReminders, onNotificationAction } from "./reminders.js";

const ALARM = "reminders";
const MENU_LINK = "capture-link";
const MENU_SELECTION = "capture-selection";
const INTENT_TTL_MS = 60 * 1000;
let menuIntent = null; // {tabId, linkUrl, selection, at}: what a context-menu click asked the popup to capture

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

/** A click on one of our context-menu items: remember what to capture, and open the popup to do it. */
function onMenuClick(info, tab) {
  if (!tab?.id || tab.id < 0 || ![MENU_LINK, MENU_SELECTION].includes(info?.menuItemId)) return null;
  menuIntent = {
    tabId: tab.id,
    linkUrl: info.menuItemId === MENU_LINK && typeof info.linkUrl === "string" ? info.linkUrl : null,
    selection: info.menuItemId === MENU_SELECTION && typeof info.selectionText === "string" ? info.selectionText : null,
    at: Date.now(),
  };
  // open the popup at once (still inside the click's user gesture); it asks for the intent and captures
  return chrome.action.openPopup().catch(() =>
    chrome.tabs.create({ url: chrome.runtime.getURL("popup.html"), index: tab.index + 1 }));
}

chrome.contextMenus.onClicked.addListener(onMenuClick);

/** Messages accepted from the extension's own pages only, by type; anything else is refused. */
const HANDLERS = {
  remindersChanged: () => checkReminders(),
  takeMenuIntent: () => {
    const intent = menuIntent && Date.now() - menuIntent.at < INTENT_TTL_MS ? menuIntent : null;
    menuIntent = null;
    return intent;
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
globalThis.followup = { checkReminders, ensureAlarm, handleMessage, onMenuClick, onNotificationAction, registerPageRules };
