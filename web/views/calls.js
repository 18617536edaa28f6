// Calls: one row per call followed across protocols (the engine's report.calls, docs/calls.md)
// in the virtualized table (web/vtable.js), rows paged from the worker like the messages, so a
// capture of hundreds of thousands of calls scrolls like ten. Filter by number, protocol and
// final state; sort by any column; ↑/↓ move, Enter (or a click on the id) opens the call's
// ladder. The filter and sort live in the URL fragment (web/state.js); this view only reports
// changes.
import { el, replace } from '../dom.js';
import { VirtualTable } from '../vtable.js';

/** Seconds as `1 h 02 min`, `3 min 05 s`, `12.3 s`. */
export function duration(s) {
  if (!(s >= 0)) return '';
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * Builds the view once per analysis.
 * @param {HTMLElement} container
 * @param {object} o
 * @param {{protocols: Array, states: Array}} o.facets
 * @param {number} o.total calls in the report
 * @param {number|null} o.startTime capture start (times are shown relative to it)
 * @param {(offset: number, limit: number) => Promise<object[]>} o.fetchPage
 * @param {(filter: object) => void} o.onFilter
 * @param {(key: string) => void} o.onSort
 * @param {(row: object) => void} o.onOpen opens a call's ladder
 * @param {(e: Error) => void} o.onError
 * @returns {{table: VirtualTable, setFilter: Function, setCount: Function, focusFilter: Function}}
 */
export function create(container, o) {
  const t0 = o.startTime || 0;
  const columns = [
    { key: 'id', title: 'Call', cell: (r) => `#${r.id}`, open: (r) => o.onOpen(r) },
    { key: 'start', title: 'Start (s)', sort: 'start', cell: (r) => (r.start - t0).toFixed(3) },
    { key: 'duration', title: 'Duration', sort: 'duration', cell: (r) => duration(r.duration) },
    { key: 'calling', title: 'Calling', sort: 'calling', cell: (r) => r.calling || '' },
    { key: 'arrow', title: '', cell: () => '→' },
    { key: 'called', title: 'Called', sort: 'called', cell: (r) => r.called || '' },
    { key: 'state', title: 'Final state', sort: 'state', cell: (r) => (r.state || '') + (r.cause ? ` (${r.cause})` : '') },
    { key: 'protocols', title: 'Protocols', sort: 'protocols', cell: (r) => r.protocols.join(' · ') },
    { key: 'legs', title: 'Legs', sort: 'legs', cell: (r) => String(r.legs) },
    { key: 'findings', title: 'Findings', sort: 'findings', cell: (r) => (r.findings ? String(r.findings) : '') },
  ];
  const table = new VirtualTable({
    label: 'Calls', columns, fetchPage: o.fetchPage, onSelect: () => {}, onSort: o.onSort, onError: o.onError,
    onActivate: (row) => o.onOpen(row),
  });
  table.element.classList.add('calls-table');

  const select = (id, label, options) => el('label', {}, label, ' ',
    el('select', { id, name: id }, el('option', { value: '' }, 'all'), options.map(([v, t]) => el('option', { value: String(v) }, t))));
  const f = o.facets;
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter calls' },
    el('label', { class: 'grow' }, 'Number ', el('input', { id: 'calls-number', type: 'search', placeholder: 'calling or called number, any leg', autocomplete: 'off', spellcheck: 'false' })),
    select('calls-protocol', 'Protocol', f.protocols.map(([p, n]) => [p, `${p} (${n})`])),
    select('calls-state', 'Final state', f.states.map(([s, n]) => [s, `${s} (${n})`])),
    el('button', { type: 'reset', class: 'button', id: 'calls-clear' }, 'Clear'));
  const ids = { number: 'calls-number', protocol: 'calls-protocol', state: 'calls-state' };
  const read = () => Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, form.querySelector(`#${id}`).value]));
  let timer = 0;
  form.addEventListener('submit', (e) => { e.preventDefault(); o.onFilter(read()); table.element.focus(); });
  form.addEventListener('change', (e) => { if (e.target.id !== 'calls-number') o.onFilter(read()); });
  form.addEventListener('input', (e) => {
    if (e.target.id !== 'calls-number') return;
    clearTimeout(timer);
    timer = setTimeout(() => o.onFilter(read()), 200);
  });
  form.addEventListener('reset', () => setTimeout(() => o.onFilter(read()), 0));
  const number = form.querySelector('#calls-number');
  number.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); if (number.value) { number.value = ''; o.onFilter(read()); } else table.element.focus(); }
    if (e.key === 'ArrowDown') { e.preventDefault(); table.element.focus(); table.select(Math.max(0, table.selected)); }
  });

  const heading = el('h2', { id: 'calls-heading' }, `Calls (${o.total})`);
  const hint = el('p', { class: 'muted hint' },
    'One row per call followed across CTIQBE, SIP, SCCP and GED-188 (docs/calls.md). ↑/↓ PageUp/PageDown Home/End move, Enter or a click on the call number opens its ladder, / filters by number, Esc leaves the filter. Findings: those about a session of one of the call\'s legs.');
  replace(container, heading, form, hint, o.total ? table.element : el('p', { class: 'muted' }, 'No calls were found in this capture.'));

  return {
    table,
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
      heading.textContent = shown === o.total ? `Calls (${o.total})` : `Calls (${shown} of ${o.total})`;
    },
    focusFilter() { number.focus(); number.select(); },
  };
}
