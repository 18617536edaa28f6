// Capture summary: format, packets, time span, link types, warnings, limits.
import { el, replace } from '../dom.js';
import * as fmt from '../format.js';

export function render(container, s, fileName) {
  const c = s.capture;
  const span = c.first_time !== null && c.last_time !== null ? fmt.duration(c.last_time - c.first_time) : '—';
  const rows = [
    ['File', fileName],
    ['Format', `${c.format ?? 'unknown'}${c.compressed ? ' (gzip)' : ''}`],
    ['Packets', String(c.packets)],
    ['Bytes on the wire', fmt.bytes(c.bytes)],
    ['First packet', fmt.time(c.first_time)],
    ['Last packet', fmt.time(c.last_time)],
    ['Duration', span],
    ['Link types', c.link_types.map((l) => `${l.name} (${l.packets})${l.decoded ? '' : ' — not decoded'}`).join(', ') || '—'],
    ['Flows / sessions / messages', `${s.flows.length} / ${s.sessions.length} / ${s.message_count}`],
  ];
  for (const nd of c.not_decoded) rows.push(['Not decoded', `${nd.packets} packets: ${nd.reason}`]);
  replace(container,
    el('h2', {}, 'Capture'),
    el('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    c.warnings.length
      ? el('div', { class: 'warnings', role: 'status' }, el('h3', {}, 'Warnings'), el('ul', {}, ...c.warnings.map((w) => el('li', {}, w))))
      : null);
}
