// Detail: the selected message's field tree and its hex dump side by side. Selecting a field
// highlights its bytes (both its slot and its referenced data); clicking a byte selects the
// field that owns it. Bytes of plaintext of interest (spans with a `tag`: logins, numbers,
// device names, addresses…) are highlighted by default.
import { el, replace } from '../dom.js';
import * as fmt from '../format.js';

/** Bytes shown in the hex view; longer messages are cut, with a note. */
const MAX_HEX = 64 * 1024;
const MAX_VALUE_CHARS = 96;

const basePath = (p) => p.replace(/@data$/, '');

function valueText(v) {
  if (v === null) return 'absent';
  if (typeof v === 'object' && 'raw' in v) return v.raw;
  if (typeof v === 'string') {
    const hexy = /^[0-9a-f]+$/.test(v) && v.length >= 16 && v.length % 2 === 0;
    const shown = v.length > MAX_VALUE_CHARS ? `${v.slice(0, MAX_VALUE_CHARS)}… (${hexy ? `${v.length / 2} bytes` : `${v.length} chars`})` : v;
    return hexy ? shown : `"${shown}"`;
  }
  return String(v);
}

/**
 * @param {HTMLElement} container
 * @param {object} m the message (fields, spans, …)
 * @param {Uint8Array} bytes the message's bytes
 * @param {{startTime: number, onFrame: (t: {frame: number}) => void, files?: string[], call?: number, onCall?: (id: number) => void}} o
 *   files: the names of the files merged into the capture (a message then has a `source`);
 *   call: the id of the call the message belongs to (-1 or absent: none), with a link to it
 */
export function render(container, m, bytes, o) {
  const spans = (m.spans || []).filter((s) => s.start < s.end);
  const byPath = new Map();
  for (const s of spans) {
    const k = basePath(s.path);
    if (!byPath.has(k)) byPath.set(k, []);
    byPath.get(k).push(s);
  }
  const hex = hexView(bytes, spans);
  const tree = el('ul', { class: 'tree', role: 'tree', 'aria-label': 'Fields' });
  const items = new Map();
  let active = null;

  function item(path, label, value, children) {
    const own = byPath.get(path) || [];
    const tag = own.find((s) => s.tag);
    const note = own.map((s) => s.note).find(Boolean);
    const row = el('span', { class: `node${own.length ? ' has-bytes' : ''}${tag ? ' tagged' : ''}` },
      el('span', { class: 'key' }, label),
      value !== undefined ? el('span', { class: 'value' }, ` ${valueText(value)}`) : null,
      tag ? el('span', { class: 'tag-badge' }, tag.tag.replace(/_/g, ' ')) : null,
      note ? el('span', { class: 'note' }, ` — ${note}`) : null,
      own.length ? el('span', { class: 'range muted' }, ` [${own.map((s) => `${s.start}–${s.end}`).join(', ')}]`) : null);
    const li = el('li', { role: 'treeitem', tabindex: '-1', 'data-path': path, 'aria-selected': 'false' }, row);
    if (children && children.length) {
      li.setAttribute('aria-expanded', 'true');
      li.append(el('ul', { role: 'group' }, ...children));
    }
    items.set(path, li);
    return li;
  }

  function build(obj, prefix) {
    const out = [];
    const entries = Array.isArray(obj) ? obj.map((v, i) => [String(i), v]) : Object.entries(obj).filter(([k]) => k !== '_type');
    for (const [k, v] of entries) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object') {
        const label = Array.isArray(v) ? `${k} [${v.length}]` : `${k}${v._type ? ` (${v._type})` : ''}`;
        out.push(item(path, label, undefined, build(v, path)));
      } else out.push(item(path, k, v));
    }
    return out;
  }

  const headerItems = spans.filter((s) => s.path.startsWith('@header.')).map((s) => {
    // Header words of CTIQBE and SCCP are little-endian u32 (docs/ctiqbe.md, docs/sccp.md);
    // show the number, not the bytes.
    const b = bytes.subarray(s.start, s.end);
    const v = b.length === 4 ? (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0 : null;
    return item(s.path, s.path.slice('@header.'.length), v === null ? undefined : { raw: `${v} (0x${v.toString(16).padStart(8, '0')})` });
  });
  if (headerItems.length) tree.append(item('@header', 'header', undefined, headerItems));
  tree.append(...build(m.fields || {}, ''));
  const first = tree.querySelector('[role=treeitem]');
  if (first) first.tabIndex = 0;

  function choose(path, { focus = false, scroll = true } = {}) {
    if (active) { active.setAttribute('aria-selected', 'false'); active.classList.remove('selected'); }
    active = items.get(path) || null;
    hex.select(byPath.get(path) || []);
    if (!active) return;
    active.setAttribute('aria-selected', 'true');
    active.classList.add('selected');
    for (const li of tree.querySelectorAll('[role=treeitem]')) li.tabIndex = li === active ? 0 : -1;
    if (focus) active.focus();
    if (scroll) active.scrollIntoView({ block: 'nearest' });
  }
  tree.addEventListener('click', (e) => {
    const li = e.target.closest('[role=treeitem]');
    if (li) choose(li.dataset.path, { focus: true, scroll: false });
  });
  tree.addEventListener('keydown', (e) => {
    const all = [...tree.querySelectorAll('[role=treeitem]')];
    const at = all.indexOf(document.activeElement);
    let next = null;
    if (e.key === 'ArrowDown') next = all[Math.min(all.length - 1, at + 1)];
    else if (e.key === 'ArrowUp') next = all[Math.max(0, at - 1)];
    else if (e.key === 'Home') next = all[0];
    else if (e.key === 'End') next = all[all.length - 1];
    else if (e.key === 'Enter' || e.key === ' ') next = all[at];
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    choose(next.dataset.path, { focus: true });
  });
  hex.onPick = (span) => choose(basePath(span.path));

  const facts = [
    ['Frame', String(m.frame)], ['Time', fmt.time(m.time)], ['Session', String(m.session)],
    ['Direction', m.direction === 'to_server' ? 'client → server' : 'server → client'], ['Protocol', m.protocol],
    ['Type', m.pdu !== undefined ? String(m.pdu) : m.status !== undefined ? `status ${m.status}` : `method ${m.method}`], ['Length', `${m.len} bytes`],
  ];
  if (m.source) facts.splice(1, 0, ['Source', `${(o.files || [])[m.source.file] ?? `file ${m.source.file + 1}`}, frame ${m.source.file_frame}`]);
  if (m.seq !== undefined) facts.push(['Sequence', String(m.seq)]);
  if (m.latency_ms !== undefined) facts.push(['Latency', `${m.latency_ms.toFixed(3)} ms`]);
  let requestLink = null;
  if (m.request_frame !== undefined) {
    requestLink = el('button', { type: 'button', class: 'link', id: 'detail-request' }, `request: frame ${m.request_frame}`);
    requestLink.addEventListener('click', () => o.onFrame({ frame: m.request_frame }));
  }
  let callLink = null;
  if (o.call !== undefined && o.call >= 0 && o.onCall) {
    callLink = el('button', { type: 'button', class: 'link', id: 'detail-call', 'data-call': String(o.call) }, `call #${o.call}: its ladder`);
    callLink.addEventListener('click', () => o.onCall(o.call));
  }
  const toggle = el('input', { type: 'checkbox', id: 'show-tags', checked: true });
  toggle.addEventListener('change', () => hex.element.classList.toggle('show-tags', toggle.checked));

  replace(container,
    el('h3', {}, m.name, ' ', el('span', { class: 'muted' }, m.summary)),
    el('dl', { class: 'facts inline' }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    requestLink, callLink,
    m.errors && m.errors.length ? el('ul', { class: 'msg-errors', role: 'status' }, ...m.errors.map((x) => el('li', {}, x))) : null,
    el('div', { class: 'split' },
      el('div', { class: 'pane' }, el('h4', {}, 'Fields'), tree),
      el('div', { class: 'pane' },
        el('h4', {}, 'Bytes ', el('label', { class: 'muted small' }, toggle, ' highlight plaintext of interest')),
        hex.element)));
  /** Shows a byte range (a finding's evidence): its field when one holds it exactly, else the bytes. */
  function reveal(start, end) {
    const exact = spans.find((x) => x.start === start && x.end === end)
      || spans.filter((x) => x.start <= start && x.end >= end).sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
    if (exact) choose(basePath(exact.path));
    hex.select([{ start, end }]);
  }
  return { choose, reveal };
}

/** The hex dump: 16 bytes a line, offset, hex, ASCII; every byte its own element. */
function hexView(bytes, spans) {
  const n = Math.min(bytes.length, MAX_HEX);
  // The smallest span holding each byte is the one a click picks.
  const owner = new Int32Array(n).fill(-1);
  spans.forEach((s, i) => {
    for (let b = s.start; b < Math.min(s.end, n); b += 1) {
      const cur = owner[b];
      if (cur < 0 || spans[cur].end - spans[cur].start > s.end - s.start) owner[b] = i;
    }
  });
  const tagged = new Uint8Array(n);
  for (const s of spans) if (s.tag) for (let b = s.start; b < Math.min(s.end, n); b += 1) tagged[b] = 1;
  const hexCells = [];
  const asciiCells = [];
  const lines = [];
  for (let off = 0; off < n; off += 16) {
    const hx = [];
    const as = [];
    for (let b = off; b < Math.min(off + 16, n); b += 1) {
      const v = bytes[b];
      const cls = `b${tagged[b] ? ' tag' : ''}${owner[b] >= 0 ? ' owned' : ''}`;
      const h = el('span', { class: cls, 'data-i': b }, v.toString(16).padStart(2, '0'));
      const a = el('span', { class: cls, 'data-i': b }, v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.');
      hexCells.push(h);
      asciiCells.push(a);
      hx.push(h);
      as.push(a);
    }
    lines.push(el('div', { class: 'hexline' },
      el('span', { class: 'off' }, off.toString(16).padStart(6, '0')), el('span', { class: 'hx' }, ...hx), el('span', { class: 'as' }, ...as)));
  }
  const element = el('div', { class: 'hex show-tags', role: 'group', 'aria-label': `Message bytes (${bytes.length})` }, ...lines,
    bytes.length > n ? el('p', { class: 'muted' }, `… ${bytes.length - n} more bytes not shown`) : null);
  let selected = [];
  const view = {
    element,
    onPick: null,
    select(list) {
      for (const i of selected) { hexCells[i].classList.remove('sel'); asciiCells[i].classList.remove('sel'); }
      selected = [];
      for (const s of list) for (let b = s.start; b < Math.min(s.end, n); b += 1) selected.push(b);
      for (const i of selected) { hexCells[i].classList.add('sel'); asciiCells[i].classList.add('sel'); }
      if (selected.length) hexCells[selected[0]].scrollIntoView({ block: 'nearest' });
    },
  };
  element.addEventListener('click', (e) => {
    const i = e.target.dataset ? e.target.dataset.i : undefined;
    if (i === undefined) return;
    const o = owner[Number(i)];
    if (o >= 0 && view.onPick) view.onPick(spans[o]);
  });
  return view;
}
