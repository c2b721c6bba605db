// Building the UI from data safely: every piece of text goes in through textContent, never as markup.

/**
 * Create an element. `props` sets properties (className, value, type, ...), `on<Event>` handlers and
 * `dataset`; children are nodes or strings (strings become text nodes, so captured text stays text).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "text") node.textContent = String(value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace all children of `parent` with `children`. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Only http(s) links may be opened from stored data (no javascript:, data:, file:). */
export function safeHttpUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
