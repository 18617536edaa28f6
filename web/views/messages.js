// Messages: the filter bar (protocol, session, direction, message name, free text) and the
// virtualized message table (web/vtable.js); rows come from the worker page by page. The detail
// of the selected message (views/detail.js) sits beneath. The filter lives in the URL fragment
// (web/state.js); this view only reports changes.
import { el, replace } from '../dom.js';
import { VirtualTable } from '../vtable.js';

const DIRECTION_TEXT = { to_server: '→ server', to_client: '← client' };

/**
 * Builds the view once per analysis.
 * @param {HTMLElement} container
 * @param {object} o
 * @param {{protocols: Array, sessions: Array, names: Array}} o.facets
 * @param {number} o.total messages in the report
 * @param {number|null} o.startTime capture start (times are shown relative to it)
 * @param {(offset: number, limit: number) => Promise<object[]>} o.fetchPage
 * @param {(filter: object) => void} o.onFilter
 * @param {(key: string) => void} o.onSort
 * @param {(row: object) => void} o.onSelect
 * @param {(row: object) => void} o.onCall opens the call of a row's message (row.call)
 * @param {(e: Error) => void} o.onError
 * @returns {{table: VirtualTable, setFilter: Function, setCount: Function, detail: HTMLElement, focusFilter: Function}}
 */
export function create(container, o) {
  const t0 = o.startTime || 0;
  const columns = [
    { key: 'frame', title: 'Frame', sort: 'frame', cell: (r) => String(r.frame) },
    { key: 'time', title: 'Time (s)', sort: 'time', cell: (r) => (r.time - t0).toFixed(6) },
    { key: 'session', title: 'Session', sort: 'session', cell: (r) => String(r.session) },
    { key: 'direction', title: 'Direction', sort: 'direction', cell: (r) => DIRECTION_TEXT[r.direction] || r.direction },
    { key: 'protocol', title: 'Protocol', sort: 'protocol', cell: (r) => r.protocol },
    { key: 'name', title: 'Message', sort: 'name', cell: (r) => r.name },
    { key: 'summary', title: 'Summary', sort: 'summary', cell: (r) => r.summary + (r.latency_ms !== undefined ? `  (${r.latency_ms.toFixed(1)} ms)` : '') },
    { key: 'call', title: 'Call', cell: (r) => (r.call !== undefined ? `#${r.call}` : ''), open: (r) => { if (r.call !== undefined) o.onCall(r); } },
  ];
  const table = new VirtualTable({ label: 'Decoded messages', columns, fetchPage: o.fetchPage, onSelect: o.onSelect, onSort: o.onSort, onError: o.onError });
  // `c` opens the selected message's call (as a click on its Call cell does).
  table.element.addEventListener('keydown', (e) => {
    if (e.key !== 'c' || e.altKey || e.ctrlKey || e.metaKey) return;
    const row = table.selected >= 0 ? table.rowAt(table.selected) : undefined;
    if (row && row.call !== undefined) { e.preventDefault(); o.onCall(row); }
  });

  const select = (id, label, options) => el('label', {}, label, ' ',
    el('select', { id, name: id }, el('option', { value: '' }, 'all'), options.map(([v, t]) => el('option', { value: String(v) }, t))));
  const f = o.facets;
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter messages' },
    select('filter-protocol', 'Protocol', f.protocols.map(([p, n]) => [p, `${p} (${n})`])),
    select('filter-session', 'Session', f.sessions.map(([s, n]) => [s, `${s} (${n})`])),
    select('filter-direction', 'Direction', [['to_server', '→ server'], ['to_client', '← client']]),
    select('filter-name', 'Message', f.names.map(([m, n]) => [m, `${m} (${n})`])),
    el('label', { class: 'grow' }, 'Text ', el('input', { id: 'filter-text', type: 'search', placeholder: 'Filter: login, number, device, frame…  ( / )', autocomplete: 'off', spellcheck: 'false' })),
    el('button', { type: 'reset', class: 'button', id: 'filter-clear' }, 'Clear'));
  const ids = { protocol: 'filter-protocol', session: 'filter-session', direction: 'filter-direction', name: 'filter-name', text: 'filter-text' };
  const read = () => Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, form.querySelector(`#${id}`).value]));
  let timer = 0;
  form.addEventListener('submit', (e) => { e.preventDefault(); o.onFilter(read()); table.element.focus(); });
  form.addEventListener('change', () => o.onFilter(read()));
  form.addEventListener('input', (e) => {
    if (e.target.id !== 'filter-text') return;
    clearTimeout(timer);
    timer = setTimeout(() => o.onFilter(read()), 200);
  });
  form.addEventListener('reset', () => setTimeout(() => o.onFilter(read()), 0));
  const text = form.querySelector('#filter-text');
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); if (text.value) { text.value = ''; o.onFilter(read()); } else table.element.focus(); }
    if (e.key === 'ArrowDown') { e.preventDefault(); table.element.focus(); table.select(Math.max(0, table.selected)); }
  });

  const heading = el('h2', { id: 'messages-heading' }, `Messages (${o.total})`);
  const status = el('p', { class: 'muted hint' }, '↑/↓ PageUp/PageDown Home/End move through messages, / filters, Esc leaves the filter; c (or a click on the Call cell) opens the message\'s call.');
  const detail = el('section', { id: 'detail', class: 'detail', 'aria-label': 'Selected message' }, el('p', { class: 'muted' }, 'Select a message to see its fields and bytes.'));
  replace(container, heading, form, status, table.element, detail);

  return {
    table,
    detail,
    /** Shows a filter in the form (from the URL). */
    setFilter(filter) {
      for (const [k, id] of Object.entries(ids)) {
        const input = form.querySelector(`#${id}`);
        const v = filter[k] || '';
        if (input.tagName === 'SELECT' && v && ![...input.options].some((op) => op.value === v)) input.append(el('option', { value: v }, v));
        input.value = v;
      }
    },
    setCount(shown) {
      heading.textContent = shown === o.total ? `Messages (${o.total})` : `Messages (${shown} of ${o.total})`;
    },
    focusFilter() { text.focus(); text.select(); },
  };
}
