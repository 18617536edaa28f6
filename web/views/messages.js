// Decoded messages, fetched from the worker page by page.
import { el, replace, table } from '../dom.js';

export const PAGE = 500;

export function render(container, total, rows, onMore) {
  const shown = rows.map((m) => [
    String(m.frame), m.time.toFixed(6), String(m.session), m.direction === 'to_server' ? '→ server' : '← client',
    m.protocol, m.name, m.summary,
  ]);
  replace(container,
    el('h2', {}, `Messages (${total})`),
    total ? table('Decoded messages', ['Frame', 'Time', 'Session', 'Direction', 'Protocol', 'Message', 'Summary'], shown) : el('p', {}, 'No decoded messages.'),
    rows.length < total ? moreButton(onMore, total - rows.length) : null);
}

function moreButton(onMore, remaining) {
  const b = el('button', { type: 'button', class: 'button', id: 'more-messages' }, `Show more (${remaining} left)`);
  b.addEventListener('click', onMore);
  return b;
}
