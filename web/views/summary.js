// Overview, top half: the capture summary (format, packets, time span, link types, warnings,
// limits) and the findings counted by severity.
import { el, replace } from '../dom.js';
import * as fmt from '../format.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

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
  const counts = Object.fromEntries(SEVERITIES.map((sev) => [sev, 0]));
  for (const f of s.findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
  replace(container,
    el('h2', {}, 'Capture'),
    el('ul', { class: 'severity-counts', 'aria-label': 'Findings by severity' },
      ...SEVERITIES.map((sev) => el('li', { class: `count sev-${sev}${counts[sev] ? '' : ' zero'}`, 'data-severity': sev },
        el('span', { class: 'n' }, String(counts[sev])), ' ', el('span', { class: 'severity' }, sev)))),
    el('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    c.warnings.length
      ? el('div', { class: 'warnings', role: 'status' }, el('h3', {}, 'Warnings'), el('ul', {}, ...c.warnings.map((w) => el('li', {}, w))))
      : null);
}
