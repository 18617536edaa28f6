// Sessions: one row per decoded application session (CTI first).
import { el, replace, table } from '../dom.js';

function provider(info) {
  const p = info && info.provider;
  if (!p) return '';
  return [p.login, p.applicationID].filter(Boolean).join(' / ');
}

export function render(container, sessions) {
  const rows = sessions.map((s) => [
    String(s.id), s.protocol, s.client, s.server, s.encrypted ? 'TLS' : 'plaintext', provider(s.info), String(s.messages),
  ]);
  replace(container,
    el('h2', {}, `Sessions (${sessions.length})`),
    sessions.length
      ? table('Decoded sessions', ['#', 'Protocol', 'Client', 'Server', 'Channel', 'Login / application', 'Messages'], rows)
      : el('p', {}, 'No CTI sessions found.'));
}
