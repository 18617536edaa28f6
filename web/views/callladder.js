// Call ladder: a sequence diagram (SVG) of one call across every protocol that saw it. One lane
// per endpoint the call touched (the CTI application, CUCM, the phones, the gateway or trunk:
// each distinct host of the legs' sessions, labelled by the engine, crate/src/callview.rs), the
// messages of all its legs interleaved in capture order, a page at a time. Each arrow goes from
// the sender's lane to the receiver's, is coloured by protocol and labelled with the message;
// requests are paired to their responses by a bracket with the latency; events dashed. Click
// (or Enter on) an arrow to open that message. Text goes in via textContent.
import { el, replace } from '../dom.js';
import { duration } from './calls.js';

export const PAGE = 300;
const NS = 'http://www.w3.org/2000/svg';
const ROW = 30;
const TOP = 78;
const LEFT = 230;
const LANE_GAP = 200;
const PROTOCOLS = ['ctiqbe', 'sip', 'sccp', 'ged188'];

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const kind = (r) => (r.request_frame !== undefined ? 'response' : /Event(_V\d+)?$/.test(r.name) ? 'event' : 'request');

/**
 * @param {HTMLElement} container
 * @param {object} o
 * @param {object|null} o.detail the engine's call detail: {call, lanes, sessions, findings}
 * @param {{total: number, offset: number, rows: Array}} o.page
 * @param {number|null} o.selected message index to mark
 * @param {number} o.startTime the capture's start (the call's start is shown relative to it)
 * @param {(offset: number) => void} o.onPage
 * @param {(row: object) => void} o.onPick opens a message
 * @param {(session: number) => void} o.onSession opens a leg's session ladder
 * @param {() => void} o.onBack returns to the Calls view
 */
export function render(container, o) {
  const d = o.detail;
  if (!d) {
    replace(container, el('h2', {}, 'Call ladder'), el('p', {}, 'Open a call in the Calls view (Enter, or a click on its number) to draw its ladder.'));
    return;
  }
  const c = d.call;
  const { total, offset, rows } = o.page;
  const button = (label, id, enabled, onClick) => {
    const b = el('button', { type: 'button', class: 'button', id, disabled: !enabled }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  const link = (label, aria, onClick) => {
    const b = el('button', { type: 'button', class: 'link', 'aria-label': aria }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  const legs = el('table', { class: 'legs' },
    el('caption', {}, `Legs of call ${c.id}`),
    el('thead', {}, el('tr', {}, ['#', 'Protocol', 'Session', 'Key', 'Frames', 'Start (s)', 'Calling → called'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, c.legs.map((l, i) => el('tr', {},
      el('td', {}, String(i)), el('td', {}, el('span', { class: `proto proto-${l.protocol}` }, l.protocol)),
      el('td', {}, link(String(l.session), `Ladder of session ${l.session}`, () => o.onSession(l.session))),
      el('td', { class: 'mono' }, l.key), el('td', {}, `${l.frames[0]}–${l.frames[1]}`),
      el('td', {}, (l.start - c.start).toFixed(3)), el('td', {}, `${l.calling || '?'} → ${l.called || '?'}`)))));
  const links = c.links.length
    ? el('p', { class: 'muted small' }, 'Linked by: ', c.links.map((k) => `${k.a}–${k.b} ${k.rule}`).join(', '), ' (docs/calls.md)')
    : null;
  const findings = d.findings.length
    ? el('details', { class: 'call-findings' },
      el('summary', {}, `${d.findings.length} finding${d.findings.length === 1 ? '' : 's'} about its sessions`),
      el('ul', {}, d.findings.map((f) => el('li', {}, el('span', { class: `sev ${f.severity}` }, f.severity), ' ', f.id, ' — ', f.title, f.session !== null && f.session !== undefined ? ` (session ${f.session})` : ''))))
    : null;
  const legend = el('p', { class: 'legend small' }, PROTOCOLS.filter((p) => c.legs.some((l) => l.protocol === p)).map((p) => el('span', { class: `proto proto-${p}` }, p)),
    el('span', { class: 'muted' }, ' solid: request · dotted: response (bracket: latency) · dashed: event'));
  replace(container,
    el('h2', { id: 'callladder-heading' }, `Call ${c.id}: ${c.calling || '?'} → ${c.called || '?'}`),
    el('p', { class: 'muted' }, `${duration(c.duration)} from +${(c.start - (o.startTime || c.start)).toFixed(3)} s, ${c.state || 'state unknown'}${c.cause ? ` (${c.cause})` : ''}, ${c.legs.length} legs`),
    legs, links, findings,
    el('div', { class: 'ladder-bar' },
      button('◀ calls', 'callladder-back', true, () => o.onBack()),
      button('◀ earlier', 'callladder-prev', offset > 0, () => o.onPage(Math.max(0, offset - PAGE))),
      el('span', { class: 'muted', id: 'callladder-range' }, total ? `messages ${offset + 1}–${offset + rows.length} of ${total}` : 'no messages'),
      button('later ▶', 'callladder-next', offset + rows.length < total, () => o.onPage(offset + PAGE))),
    legend,
    total ? null : el('p', { class: 'muted', id: 'callladder-none' },
      'None of this call\'s messages is kept in the page: past a memory budget the page keeps only the first messages of a capture (the report\'s limits say so), while calls come from the whole capture. The command line\'s --json report has them all.'),
    el('div', { class: 'ladder-scroll' }, diagram(d, rows, o)));
}

function diagram(d, rows, o) {
  const lanes = d.lanes;
  const width = LEFT + Math.max(1, lanes.length) * LANE_GAP;
  const height = TOP + rows.length * ROW + 24;
  const xOf = (lane) => LEFT + LANE_GAP / 2 + lane * LANE_GAP;
  const root = svg('svg', { class: 'ladder call-ladder', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': `Sequence diagram of call ${d.call.id}` });
  const defs = svg('defs');
  for (const p of PROTOCOLS) {
    defs.append(svg('marker', { id: `call-arrow-${p}`, class: `arrowhead proto-${p}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z' })));
  }
  root.append(defs,
    svg('text', { x: 8, y: 22, class: 'lane-title' }, 'time (s)'),
    svg('text', { x: 92, y: 22, class: 'lane-title' }, 'frame'),
    svg('text', { x: 150, y: 22, class: 'lane-title' }, 'protocol'));
  lanes.forEach((l, i) => {
    const x = xOf(i);
    root.append(
      svg('text', { x, y: 20, class: 'lane-title', 'text-anchor': 'middle' }, l.role),
      svg('text', { x, y: 38, class: 'lane-addr', 'text-anchor': 'middle' }, l.address),
      svg('text', { x, y: 54, class: 'lane-addr', 'text-anchor': 'middle' }, l.endpoints.map((e) => e.slice(e.lastIndexOf(':'))).join(' ')),
      svg('line', { x1: x, y1: 62, x2: x, y2: height - 8, class: 'lane' }));
  });
  const ends = new Map(d.sessions.map((s) => [s.id, s]));
  const yOf = (i) => TOP + i * ROW + ROW / 2;
  // Requests by session and frame, for pairing responses (several requests in one frame: by seq).
  const requests = new Map();
  rows.forEach((r, i) => {
    const k = `${r.session}/${r.frame}`;
    if (!requests.has(k)) requests.set(k, []);
    requests.get(k).push(i);
  });
  let level = 0;
  rows.forEach((r, i) => {
    const y = yOf(i);
    const s = ends.get(r.session);
    const [from, to] = s ? (r.direction === 'to_server' ? [s.client, s.server] : [s.server, s.client]) : [0, 0];
    const x1 = xOf(from);
    const x2 = from === to ? x1 + 40 : xOf(to);
    const k = kind(r);
    const proto = PROTOCOLS.includes(r.protocol) ? r.protocol : 'ctiqbe';
    const label = `${r.name}${r.seq !== undefined && r.protocol === 'ctiqbe' ? ` #${r.seq}` : ''}`;
    const g = svg('g', {
      class: `msg ${k} proto-${proto}${r.index === o.selected ? ' selected' : ''}${r.errors ? ' has-errors' : ''}`, role: 'button', tabindex: '0',
      'data-index': r.index, 'data-frame': r.frame, 'data-protocol': r.protocol,
      'aria-label': `frame ${r.frame}: ${r.protocol} ${r.name} from ${lanes[from] ? lanes[from].role : '?'} to ${lanes[to] ? lanes[to].role : '?'}. ${r.summary}`,
    },
    svg('title', {}, `${r.protocol} ${r.name} — ${r.summary}`),
    svg('line', { x1, y1: y, x2, y2: y, class: 'hit' }),
    svg('line', { x1, y1: y, x2: x2 + (x2 > x1 ? -2 : 2), y2: y, class: 'arrow', 'marker-end': `url(#call-arrow-${proto})` }),
    svg('text', { x: (x1 + x2) / 2, y: y - 5, 'text-anchor': 'middle', class: 'label' }, label),
    svg('text', { x: 8, y: y + 4, class: 'time' }, `+${(r.time - d.call.start).toFixed(3)}`),
    svg('text', { x: 92, y: y + 4, class: 'frame' }, String(r.frame)),
    svg('text', { x: 150, y: y + 4, class: `ptext proto-${proto}` }, r.protocol));
    const pick = () => o.onPick(r);
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const all = [...root.querySelectorAll('g.msg')];
        const sib = all[all.indexOf(g) + (e.key === 'ArrowDown' ? 1 : -1)];
        if (sib) sib.focus();
      }
    });
    root.append(g);
    if (r.request_frame !== undefined) {
      const candidates = (requests.get(`${r.session}/${r.request_frame}`) || []).filter((j) => j < i);
      const at = candidates.find((j) => rows[j].seq === r.seq) ?? candidates[0];
      if (at !== undefined) {
        // The bracket on the side of the response's receiver (where the request came from).
        const side = Math.max(x1, x2);
        const x = side + 10 + (level % 5) * 7;
        level += 1;
        root.append(svg('path', { d: `M${side + 2},${yOf(at)} H${x} V${y} H${side + 2}`, class: `pair proto-${proto}` }),
          svg('text', { x: x + 6, y: (yOf(at) + y) / 2 + 4, class: 'latency' }, r.latency_ms !== undefined ? `${r.latency_ms.toFixed(1)} ms` : ''));
      }
    }
  });
  return root;
}
