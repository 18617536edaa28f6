// Findings, most severe first.
import { el, replace } from '../dom.js';

export function render(container, findings) {
  replace(container,
    el('h2', {}, `Findings (${findings.length})`),
    findings.length
      ? el('ul', { class: 'findings' }, ...findings.map((f) => el('li', { class: `sev-${f.severity}` },
        el('span', { class: 'severity' }, f.severity), ' ', el('strong', {}, f.title), ' ', el('code', {}, f.id),
        el('p', {}, f.detail))))
      : el('p', {}, 'No findings.'));
}
