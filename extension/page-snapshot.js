// Injected into the page on a click (chrome.scripting.executeScript with files); its value is the snapshot.
// The live DOM trimmed by the capture trimming rule (docs/capture.md; server/capture/trim.py applies the same
// rule to whatever it receives):
// - dropped everywhere: comments, scripts other than JSON-LD, style, svg, noscript, template, iframe,
//   object, embed, canvas, video, audio;
// - when the page has a <main> (else [role=main]), the body keeps only that region plus, from outside it,
//   JSON-LD, LinkedIn's <code id="bpr-guid-…"> data, rel=me links, h-card/vcard and schema.org Person items.
// Sending a third of the bytes makes both the hand-over and the server's parse faster.
// After a context-menu click on a link, globalThis.followupLinkUrl (set just before, in this extension's
// isolated world, where the page cannot reach) names the link: the selection becomes the name on its card.
(() => {
  const DROPPED = /<!--[\s\S]*?-->|<embed\b[^>]*>|<(script|style|svg|noscript|template|iframe|object|canvas|video|audio)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi;
  const LD_JSON = /\btype\s*=\s*["']?application\/ld\+json/i;
  const clean = (markup) => markup.replace(DROPPED, (whole, tag, attrs) =>
    tag && tag.toLowerCase() === "script" && LD_JSON.test(attrs) ? whole : "");
  const KEEP_OUTSIDE_MAIN = 'script[type="application/ld+json" i], code[id^="bpr-guid-"], code[id^="datalet-bpr-guid-"], '
    + 'a[rel~="me"], link[rel~="me"], .h-card, .vcard, [itemscope][itemtype*="schema.org/Person"]';
  const body = document.body;
  const main = document.querySelector("main") || document.querySelector("[role=main]");
  let inner = "";
  if (body && main && body.contains(main)) {
    const kept = [main, ...body.querySelectorAll(KEEP_OUTSIDE_MAIN)]
      .sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const top = kept.filter((el) => !kept.some((other) => other !== el && other.contains(el)));
    inner = top.map((el) => el.outerHTML).join("\n");
  } else if (body) {
    inner = body.innerHTML; // serialising the whole body is the costly part: only when there is no main region
  }
  const lang = document.documentElement.lang ? ` lang="${document.documentElement.lang.replace(/[^A-Za-z0-9-]/g, "")}"` : "";
  const html = `<!DOCTYPE html><html${lang}><head>${clean(document.head ? document.head.innerHTML : "")}</head>`
    + `<body>${clean(inner)}</body></html>`;
  const linkUrl = globalThis.followupLinkUrl;
  delete globalThis.followupLinkUrl;
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
})();
