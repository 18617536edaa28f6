// Ladder: a sequence diagram (SVG) of one session, a page of messages at a time. Client and
// server lanes, one arrow per message (requests solid, responses paired to their request by a
// bracket with the latency, events dashed), time since the session's first message on the
// side. Clicking (or Enter on) an arrow selects that message. Text goes in via textContent.
import { el, replace } from '../dom.js';

export const PAGE = 300;
const NS = 'http://www.w3.org/2000/svg';
const ROW = 30;
const TOP = 64;
const WIDTH = 980;
const CLIENT_X = 250;
const SERVER_X = 780;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const kind = (r) => (r.request_frame !== undefined ? 'response' : /Event(_V\d+)?$/.test(r.name) ? 'event' : r.direction === 'to_server' ? 'request' : 'message');

/**
 * @param {HTMLElement} container
 * @param {object} o
 * @param {Array} o.sessions the sessions with decoded messages (id, protocol, client, server)
 * @param {string} o.session the session shown ('' = none)
 * @param {{total: number, offset: number, rows: Array}} o.page
 * @param {number|null} o.selected message index to mark
 * @param {number} o.t0 the session's first message time
 * @param {(id: string) => void} o.onSession
 * @param {(offset: number) => void} o.onPage
 * @param {(row: object) => void} o.onPick
 */
export function render(container, o) {
  const chooser = el('select', { id: 'ladder-session' },
    o.sessions.map((s) => el('option', { value: String(s.id) }, `session ${s.id} (${s.protocol}): ${s.client} → ${s.server}`)));
  chooser.value = o.session;
  chooser.addEventListener('change', () => o.onSession(chooser.value));
  const s = o.sessions.find((x) => String(x.id) === o.session);
  if (!s) {
    replace(container, el('h2', {}, 'Ladder'), el('p', {}, 'No session with decoded messages to draw.'));
    return;
  }
  const { total, offset, rows } = o.page;
  const nav = (label, to, enabled, id) => {
    const b = el('button', { type: 'button', class: 'button', id, disabled: !enabled }, label);
    b.addEventListener('click', () => o.onPage(to));
    return b;
  };
  replace(container,
    el('h2', {}, `Ladder of session ${s.id}`),
    el('div', { class: 'ladder-bar' },
      el('label', {}, 'Session ', chooser),
      nav('◀ earlier', Math.max(0, offset - PAGE), offset > 0, 'ladder-prev'),
      el('span', { class: 'muted' }, total ? `messages ${offset + 1}–${offset + rows.length} of ${total}` : 'no messages'),
      nav('later ▶', offset + PAGE, offset + rows.length < total, 'ladder-next')),
    el('div', { class: 'ladder-scroll' }, diagram(s, rows, o)));
}

function diagram(s, rows, o) {
  const height = TOP + rows.length * ROW + 24;
  const root = svg('svg', { class: 'ladder', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: 'group', 'aria-label': `Sequence diagram of session ${s.id}` });
  const defs = svg('defs');
  for (const k of ['request', 'response', 'event', 'message']) {
    defs.append(svg('marker', { id: `arrow-${k}`, class: `arrowhead ${k}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z' })));
  }
  root.append(defs);
  root.append(
    svg('text', { x: 8, y: 22, class: 'lane-title' }, 'time (s)'),
    svg('text', { x: 110, y: 22, class: 'lane-title' }, 'frame'),
    svg('text', { x: CLIENT_X, y: 22, class: 'lane-title', 'text-anchor': 'middle' }, 'client'),
    svg('text', { x: CLIENT_X, y: 40, class: 'lane-addr', 'text-anchor': 'middle' }, s.client),
    svg('text', { x: SERVER_X, y: 22, class: 'lane-title', 'text-anchor': 'middle' }, 'server'),
    svg('text', { x: SERVER_X, y: 40, class: 'lane-addr', 'text-anchor': 'middle' }, s.server),
    svg('line', { x1: CLIENT_X, y1: 48, x2: CLIENT_X, y2: height - 8, class: 'lane' }),
    svg('line', { x1: SERVER_X, y1: 48, x2: SERVER_X, y2: height - 8, class: 'lane' }));

  const yOf = (i) => TOP + i * ROW + ROW / 2;
  const requestRow = new Map();
  rows.forEach((r, i) => { if (r.direction === 'to_server') requestRow.set(`${r.frame}/${r.seq ?? ''}`, i); });
  let level = 0;
  rows.forEach((r, i) => {
    const y = yOf(i);
    const k = kind(r);
    const toServer = r.direction === 'to_server';
    const [x1, x2] = toServer ? [CLIENT_X, SERVER_X] : [SERVER_X, CLIENT_X];
    const label = `${r.name}${r.seq !== undefined ? ` #${r.seq}` : ''}`;
    const g = svg('g', {
      class: `msg ${k}${r.index === o.selected ? ' selected' : ''}${r.errors ? ' has-errors' : ''}`, role: 'button', tabindex: '0',
      'data-index': r.index, 'data-frame': r.frame, 'aria-label': `frame ${r.frame}: ${r.name} ${toServer ? 'to server' : 'to client'}. ${r.summary}`,
    },
    svg('title', {}, `${r.name} — ${r.summary}`),
    svg('line', { x1, y1: y, x2, y2: y, class: 'hit' }),
    svg('line', { x1, y1: y, x2: x2 + (toServer ? -2 : 2), y2: y, class: 'arrow', 'marker-end': `url(#arrow-${k})` }),
    svg('text', { x: (CLIENT_X + SERVER_X) / 2, y: y - 5, 'text-anchor': 'middle', class: 'label' }, label),
    svg('text', { x: 8, y: y + 4, class: 'time' }, `+${(r.time - o.t0).toFixed(6)}`),
    svg('text', { x: 110, y: y + 4, class: 'frame' }, String(r.frame)));
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
      const at = requestRow.get(`${r.request_frame}/${r.seq ?? ''}`);
      if (at !== undefined) {
        const x = SERVER_X + 14 + (level % 6) * 9;
        level += 1;
        root.append(svg('path', { d: `M${SERVER_X + 4},${yOf(at)} H${x} V${y} H${SERVER_X + 4}`, class: 'pair' }),
          svg('text', { x: SERVER_X + 74, y: y + 4, class: 'latency' }, r.latency_ms !== undefined ? `${r.latency_ms.toFixed(1)} ms` : ''));
      }
    }
  });
  return root;
}
