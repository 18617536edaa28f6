// Inventory view: what the capture gives away, as lists (report.inventory, docs/report.md) —
// CTI servers, applications, logins, devices, lines, numbers, SIP user agents, SCCP phones — each
// value with what else is known of it, how many sessions showed it, when, and the frames to jump
// to (a frame's button opens its message). Exportable as one CSV. Values are capture text: they
// reach the page as text nodes only (dom.js), and the CSV guards cells a spreadsheet would run.
import { capped, el, replace } from '../dom.js';
import { download } from '../exports.js';
import * as fmt from '../format.js';

/** The lists, in the report's order, with their headings. */
export const LISTS = [
  ['servers', 'Servers'],
  ['applications', 'Applications'],
  ['logins', 'Logins'],
  ['devices', 'Devices'],
  ['lines', 'Lines (directory numbers)'],
  ['numbers', 'Numbers (calling, called, redirected)'],
  ['user_agents', 'SIP user agents'],
  ['phones', 'SCCP phones'],
];

const details = (item) => (item.details || []).map((d) => `${d.label}: ${d.value}`).join('; ');

/**
 * @param {HTMLElement} container
 * @param {Object} inventory the report's inventory
 * @param {(target: {frame: number, message?: number}) => void} onFrame opens a frame's message
 * @param {string} fileName for the CSV's name
 */
export function render(container, inventory, onFrame, fileName) {
  const inv = inventory || {};
  const lists = LISTS.map(([key, title]) => [key, title, inv[key] || []]);
  const total = lists.reduce((n, [, , items]) => n + items.length, 0);
  const button = el('button', { type: 'button', class: 'button small', id: 'export-inventory' }, 'CSV (inventory)');
  button.addEventListener('click', () => download(`${stem(fileName)}.inventory.csv`, csv(inv), 'text/csv'));
  replace(container,
    el('h2', {}, `Inventory (${total})`),
    el('p', { class: 'muted' }, 'What this capture gives away: every value below was readable on the wire (plaintext sessions, or a TLS handshake). ', button),
    el('nav', { class: 'inventory-index', 'aria-label': 'Inventory lists' },
      lists.map(([key, title, items]) => el('a', { href: `#inventory-${key}`, class: items.length ? '' : 'muted' }, `${title} (${items.length})`)).flatMap((a) => [a, ' '])),
    el('div', { class: 'inventory-lists' }, lists.filter(([, , items]) => items.length).map(([key, title, items]) => list(key, title, items, onFrame))),
    total ? null : el('p', {}, 'Nothing: no plaintext CTI, SIP or SCCP session, and no TLS handshake to read.'));
  // The index's links scroll within the page without touching the URL fragment (navigation).
  for (const a of container.querySelectorAll('.inventory-index a')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      const target = container.querySelector(a.getAttribute('href'));
      if (target) target.scrollIntoView({ block: 'start' });
    });
  }
}

function list(key, title, items, onFrame) {
  const { shown, note } = capped(items, title.toLowerCase());
  return el('section', { class: 'inventory-list', id: `inventory-${key}` },
    el('table', { class: 'inventory', 'data-list': key },
      el('caption', {}, `${title} (${items.length})`),
      el('thead', {}, el('tr', {}, ['Value', 'Details', 'Sessions', 'First seen', 'Last seen', 'Frames'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, shown.map((item) => el('tr', {},
        el('td', {}, el('code', {}, item.value)),
        el('td', {}, details(item)),
        el('td', { class: 'num' }, String(item.sessions)),
        el('td', {}, fmt.time(item.first_time)),
        el('td', {}, fmt.time(item.last_time)),
        el('td', {}, frames(item, onFrame)))))),
    note);
}

/** Buttons for the entry's frames; each opens the message of its frame. */
function frames(item, onFrame) {
  return (item.frames || []).flatMap((frame) => {
    const b = el('button', { type: 'button', class: 'link', 'aria-label': `Open frame ${frame}` }, `#${frame}`);
    b.addEventListener('click', () => onFrame({ frame }));
    return [b, ' '];
  });
}

const stem = (fileName) => (fileName || 'capture').replace(/\.(pcapng|pcap|cap)(\.gz)?$/i, '').replace(/[^\w.-]+/g, '_') || 'capture';

/** One CSV cell (RFC 4180); text a spreadsheet would take for a formula is prefixed with '. */
function cell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole inventory as CSV: one row per value, with its list. */
export function csv(inventory) {
  const rows = [['list', 'value', 'details', 'sessions', 'first_time', 'last_time', 'frames', 'messages']];
  for (const [key] of LISTS) {
    for (const item of inventory[key] || []) {
      rows.push([key, item.value, details(item), item.sessions, item.first_time ?? '', item.last_time ?? '',
        (item.frames || []).join(' '), (item.messages || []).join(' ')]);
    }
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
