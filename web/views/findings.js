// Overview, bottom half: the findings, most severe first, one line per group (a rule at one
// server, for one value: docs/findings.md). Each shows how many sessions and clients it covers
// and expands to its detail, evidence of its first sessions (values arrive masked from the
// engine when secret), its sessions (each opens its messages), remediation, references and
// links to its frames (evidence links also bring their byte range into the detail).
import { capped, el, replace } from '../dom.js';
import * as fmt from '../format.js';
import { SEVERITIES } from './summary.js';

/** Sessions of a group listed when expanded (the report lists up to 1000, counts them all). */
const SESSIONS_LISTED = 100;

/**
 * @param {HTMLElement} container
 * @param {Array} findings the report's findings
 * @param {(target: {frame: number, message?: number, start?: number, end?: number}) => void} onFrame
 *   opens a frame's message (and for evidence, its byte range)
 * @param {string[]} files with several files merged, their names: each evidence frame then also
 *   says which file it came from and its frame number there (`finding.sources`)
 */
export function render(container, findings, onFrame, sessions = [], onSession = () => {}, files = []) {
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const { shown, note } = capped(sorted, 'findings');
  const byId = new Map(sessions.map((s) => [s.id, s]));
  replace(container,
    el('h2', {}, `Findings (${findings.length})`),
    findings.length ? el('p', { class: 'muted' }, 'Each line is one rule at one server (and one value, where the value changes the risk), with the sessions and clients it covers.') : null,
    sorted.length
      ? el('ul', { class: 'findings' }, shown.map((f) => el('li', { class: `sev-${f.severity}` }, finding(f, onFrame, byId, onSession, files))))
      : el('p', {}, 'No findings.'),
    note);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "3,808 sessions · 3,808 clients · 10.1.1.10:2748" */
function scope(f) {
  const parts = [];
  if (f.sessions) parts.push(plural(f.sessions, 'session'));
  if (f.clients && f.clients.count) parts.push(`${plural(f.clients.count, 'client')}${f.clients.capped ? '+' : ''}`);
  if (f.server) parts.push(f.server);
  return parts.join(' · ');
}

/** The group: its server and value, the values it names, its time span, its sessions. */
function group(f, byId, onSession) {
  const ids = f.session_ids || [];
  const rows = [];
  if (f.server) rows.push(['Server', f.server]);
  if (f.value) rows.push(['About', f.value]);
  if (f.values && f.values.count) rows.push([`Values (${f.values.count}${f.values.capped ? '+' : ''})`, f.values.first.join(', ') + (f.values.count > f.values.first.length ? ', …' : '')]);
  if (f.clients && f.clients.count) rows.push([`Clients (${f.clients.count}${f.clients.capped ? '+' : ''})`, f.clients.first.join(', ') + (f.clients.count > f.clients.first.length ? ', …' : '')]);
  if (f.first_time !== null && f.first_time !== undefined) rows.push(['Seen', `${fmt.time(f.first_time)} – ${fmt.time(f.last_time)}`]);
  const shown = ids.slice(0, SESSIONS_LISTED);
  return el('div', { class: 'group' },
    el('dl', { class: 'group-facts' }, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    ids.length
      ? el('div', { class: 'group-sessions' },
        el('strong', {}, `Sessions (${f.sessions})`), ' ',
        shown.flatMap((id) => {
          const s = byId.get(id);
          const b = el('button', { type: 'button', class: 'link', 'aria-label': `Open the messages of session ${id}` }, `#${id}${s ? ` ${s.client}` : ''}`);
          b.addEventListener('click', () => onSession(id));
          return [b, ' '];
        }),
        f.sessions > shown.length ? el('span', { class: 'muted' }, `… and ${f.sessions - shown.length} more`) : null)
      : null);
}

function frameButton(frame, message, onFrame, range) {
  const b = el('button', { type: 'button', class: 'link', 'aria-label': `Open frame ${frame}` }, `#${frame}`);
  b.addEventListener('click', () => onFrame({ frame, message: message ?? undefined, ...(range || {}) }));
  return b;
}

/** "b.pcap #3": the file a merged frame came from, and its frame there. */
function sourceOf(source, files) {
  if (!source) return null;
  return el('span', { class: 'muted source' }, ` ${files[source.file] ?? `file ${source.file + 1}`} #${source.file_frame}`);
}

function finding(f, onFrame, byId, onSession, files) {
  const evidence = f.evidence || [];
  const sources = new Map((f.sources || []).map((s) => [s.frame, s]));
  return el('details', { class: 'finding' },
    el('summary', {},
      el('span', { class: 'severity' }, f.severity), ' ', el('strong', {}, f.title), ' ', el('code', {}, f.id),
      el('span', { class: 'muted scope' }, ` ${scope(f)}`)),
    f.sessions > 1 ? el('p', { class: 'muted' }, `Detail and evidence of the first session${evidence.length ? 's' : ''} (session ${f.session}):`) : null,
    el('p', {}, f.detail),
    group(f, byId, onSession),
    evidence.length
      ? el('table', { class: 'evidence' },
        el('caption', {}, f.sessions > 1 ? 'Evidence (first sessions)' : 'Evidence'),
        el('thead', {}, el('tr', {}, ...['What', 'Value', 'Frame'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, evidence.map((e) => el('tr', {},
          el('td', {}, e.label),
          el('td', {}, el('code', {}, e.value), e.masked ? el('span', { class: 'muted' }, ' (masked)') : null),
          el('td', {}, frameButton(e.frame, e.message, onFrame, { start: e.start, end: e.end }), sourceOf(sources.get(e.frame), files))))))
      : null,
    f.remediation ? el('p', { class: 'remediation' }, el('strong', {}, 'Remediation: '), f.remediation) : null,
    f.references && f.references.length
      ? el('div', { class: 'references' }, el('strong', {}, 'References'), el('ul', {}, ...f.references.map((r) => el('li', {}, r))))
      : null,
    f.frames && f.frames.length
      ? el('p', { class: 'frames' }, 'Frames: ', ...f.frames.slice(0, 50).flatMap((fr) => [frameButton(fr, null, onFrame), ' ']),
        f.frames.length > 50 ? `… and ${f.frames.length - 50} more` : null)
      : null);
}
