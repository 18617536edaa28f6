// Overview, bottom half: the findings, most severe first. Each expands to its detail, evidence
// (values arrive masked from the engine when secret), remediation, references and links to its
// frames (evidence links also bring their byte range into the detail).
import { capped, el, replace } from '../dom.js';
import { SEVERITIES } from './summary.js';

/**
 * @param {HTMLElement} container
 * @param {Array} findings the report's findings
 * @param {(target: {frame: number, message?: number, start?: number, end?: number}) => void} onFrame
 *   opens a frame's message (and for evidence, its byte range)
 */
export function render(container, findings, onFrame) {
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const { shown, note } = capped(sorted, 'findings');
  replace(container,
    el('h2', {}, `Findings (${findings.length})`),
    sorted.length
      ? el('ul', { class: 'findings' }, shown.map((f) => el('li', { class: `sev-${f.severity}` }, finding(f, onFrame))))
      : el('p', {}, 'No findings.'),
    note);
}

function frameButton(frame, message, onFrame, range) {
  const b = el('button', { type: 'button', class: 'link', 'aria-label': `Open frame ${frame}` }, `#${frame}`);
  b.addEventListener('click', () => onFrame({ frame, message: message ?? undefined, ...(range || {}) }));
  return b;
}

function finding(f, onFrame) {
  const evidence = f.evidence || [];
  return el('details', { class: 'finding' },
    el('summary', {},
      el('span', { class: 'severity' }, f.severity), ' ', el('strong', {}, f.title), ' ', el('code', {}, f.id),
      f.session !== null && f.session !== undefined ? el('span', { class: 'muted' }, ` session ${f.session}`) : null),
    el('p', {}, f.detail),
    evidence.length
      ? el('table', { class: 'evidence' },
        el('caption', {}, 'Evidence'),
        el('thead', {}, el('tr', {}, ...['What', 'Value', 'Frame'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, evidence.map((e) => el('tr', {},
          el('td', {}, e.label),
          el('td', {}, el('code', {}, e.value), e.masked ? el('span', { class: 'muted' }, ' (masked)') : null),
          el('td', {}, frameButton(e.frame, e.message, onFrame, { start: e.start, end: e.end }))))))
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
