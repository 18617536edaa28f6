// Element helper. Every string from a capture reaches the DOM through textContent (never
// innerHTML), so capture data is always text, never markup.

/**
 * Creates an element.
 * @param {string} tag
 * @param {Object<string,string>} [attrs] attributes (set with setAttribute; no event handlers)
 * @param {...(Node|string|number|null|undefined|Array)} children strings become text nodes; an
 *   array stands for its items (pass long lists as arrays: spreading a list of 100,000 items
 *   into arguments overflows the call stack)
 * @returns {HTMLElement}
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  }
  appendAll(node, children);
  return node;
}

function appendAll(node, children) {
  for (const c of children) {
    if (c === null || c === undefined) continue;
    if (Array.isArray(c)) appendAll(node, c);
    else node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Most items a list or table of the page renders; the rest are counted in a note (the JSON
 * export has them all). A capture of hours can hold 100,000 sessions and findings. */
export const MAX_LISTED = 1000;

/** The first MAX_LISTED items of `items`, and a note on the others (or null). */
export function capped(items, what) {
  const more = items.length - MAX_LISTED;
  return {
    shown: more > 0 ? items.slice(0, MAX_LISTED) : items,
    note: more > 0 ? el('p', { class: 'muted capped' }, `… and ${more} more ${what} not listed here (the JSON export has them all).`) : null,
  };
}

/** Replaces a container's content. */
export function replace(container, ...children) {
  container.replaceChildren(...children.filter((c) => c !== null && c !== undefined));
}

/** A table from column headers and rows of cell values (text). */
export function table(caption, headers, rows) {
  return el('table', {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
}
