// Taking a snapshot of a tab's live DOM for /capture, and checking what comes back from the page.

export const LIMITS = Object.freeze({
  html: 6 * 1024 * 1024 - 64 * 1024, // the server's /capture body limit, less room for the other fields
  url: 2048,
  title: 1000,
  selection: 5000,
});

/**
 * Runs IN THE PAGE (serialised by chrome.scripting, so it must be self-contained): the live DOM trimmed by
 * the capture trimming rule (server/capture/trim.py applies the same rule to whatever it receives):
 * - dropped everywhere: comments, scripts other than JSON-LD, style, svg, noscript, template, iframe,
 *   object, embed, canvas, video, audio;
 * - when the page has a <main> (else [role=main]), the body keeps only that region plus, from outside it,
 *   JSON-LD, LinkedIn's <code id="bpr-guid-…"> data, rel=me links, h-card/vcard and schema.org Person items.
 * Sending a third of the bytes makes both the hand-over and the server's parse faster.
 * With `linkUrl` (context menu on a link) the selection becomes the name on the card holding that link.
 */
export function pageSnapshot(linkUrl) {
  const DROPPED = /<!--[\s\S]*?-->|<embed\b[^>]*>|<(script|style|svg|noscript|template|iframe|object|canvas|video|audio)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi;
  const LD_JSON = /\btype\s*=\s*["']?application\/ld\+json/i;
  const clean = (markup) => markup.replace(DROPPED, (whole, tag, attrs) =>
    tag && tag.toLowerCase() === "script" && LD_JSON.test(attrs) ? whole : "");
  const KEEP_OUTSIDE_MAIN = 'script[type="application/ld+json" i], code[id^="bpr-guid-"], code[id^="datalet-bpr-guid-"], '
    + 'a[rel~="me"], link[rel~="me"], .h-card, .vcard, [itemscope][itemtype*="schema.org/Person"]';
  const body = document.body;
  const main = document.querySelector("main") || document.querySelector("[role=main]");
  let inner = body ? body.innerHTML : "";
  if (body && main && body.contains(main)) {
    const kept = [main, ...body.querySelectorAll(KEEP_OUTSIDE_MAIN)]
      .sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const top = kept.filter((el) => !kept.some((other) => other !== el && other.contains(el)));
    inner = top.map((el) => el.outerHTML).join("\n");
  }
  const lang = document.documentElement.lang ? ` lang="${document.documentElement.lang.replace(/[^A-Za-z0-9-]/g, "")}"` : "";
  const html = `<!DOCTYPE html><html${lang}><head>${clean(document.head ? document.head.innerHTML : "")}</head>`
    + `<body>${clean(inner)}</body></html>`;
  let selection = String(window.getSelection() ?? "").trim();
  if (!selection && typeof linkUrl === "string" && linkUrl) {
    // the person the link belongs to: the name heading of the card around it, else the link's own text
    const link = Array.from(document.links).find((a) => a.href === linkUrl);
    const host = link ? link.host : "";
    let card = link;
    for (let node = link?.parentElement; node && node !== document.body; node = node.parentElement) {
      const another = Array.from(node.querySelectorAll("a[href]")).some((a) => a.href !== linkUrl && a.host === host);
      if (another || (node.innerText || "").length > 400) break; // that is the list, not the card
      card = node;
    }
    const name = card?.querySelector?.('[itemprop="name"], .p-name, h1, h2, h3, h4, h5, h6, strong');
    selection = ((name || link)?.innerText || "").trim().slice(0, 200);
  }
  return { url: location.href, title: document.title, html, selection };
}

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

/** Snapshot one tab (needs activeTab from a user gesture, or host access), checked. */
export async function snapshotTab(tabId, linkUrl = null) {
  let results;
  try {
    results = await chrome.scripting.executeScript({ target: { tabId }, func: pageSnapshot, args: [linkUrl] });
  } catch (err) {
    throw new Error(`This page cannot be captured (${err?.message || err}).`);
  }
  return checkSnapshot(results?.[0]?.result);
}
