// Overview, top half: the capture summary (format, packets, time span, link types, warnings,
// limits) and the findings counted by severity.
import { el, replace } from '../dom.js';
import * as fmt from '../format.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

/** Several files merged into one capture: each file, what it held, and why one was skipped. */
function filesTable(c, stats) {
  const files = c.files || [];
  if (files.length < 2) return null;
  const head = ['#', 'File', 'Format', 'Packets', 'Duplicates', 'Link types', 'First packet', 'Last packet'];
  return el('div', { class: 'files' },
    el('h3', {}, `Files merged (${files.length})`),
    el('p', { class: 'muted' }, `Analyzed as one capture, packets in timestamp order${stats.duplicate_packets ? `; ${stats.duplicate_packets} packets seen in two files were analyzed once` : ''}.`),
    el('table', { class: 'files-table' },
      el('caption', {}, 'Files of the capture'),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, files.map((f, i) => el('tr', { 'data-file': String(i) },
        el('td', {}, String(i + 1)), el('td', {}, f.name),
        f.error
          ? el('td', { colspan: String(head.length - 2), class: 'file-error' }, `skipped: ${f.error}`)
          : [
            el('td', {}, `${f.format ?? 'unknown'}${f.compressed ? ' (gzip)' : ''}`),
            el('td', {}, String(f.packets)), el('td', {}, String(f.duplicates)),
            el('td', {}, f.link_types.map((l) => `${l.name} (${l.packets})`).join(', ') || '—'),
            el('td', {}, fmt.time(f.first_time)), el('td', {}, fmt.time(f.last_time)),
          ])))));
}

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
    filesTable(c, s.stats),
    c.warnings.length
      ? el('div', { class: 'warnings', role: 'status' }, el('h3', {}, 'Warnings'), el('ul', {}, ...c.warnings.map((w) => el('li', {}, w))))
      : null);
}
