// Sessions: one row per CTI session (client, server, login, application, TLS or not, message
// count, devices / lines / calls seen) with links to its messages and ladder; the other
// protocols' sessions beneath (the flow list is views/flows.js).
import { capped, el, replace } from '../dom.js';

const CTI = 'ctiqbe';

function list(items, key) {
  const names = (items || []).map((x) => x && x[key]).filter((x) => x !== undefined && x !== null && x !== '');
  if (!names.length) return String((items || []).length);
  return `${names.length}: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}`;
}

function button(label, aria, onClick) {
  const b = el('button', { type: 'button', class: 'link', 'aria-label': aria }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** CTI over TLS: CTI Manager's TLS port (the content is encrypted, so only the channel is known). */
const isCti = (s) => s.protocol === CTI || (s.protocol === 'tls' && /:2749$/.test(s.server));

/** The facts of a TLS session that matter to a reader: version, cipher, certificate, handshake. */
function tlsFacts(info) {
  const offered = info.offered || {};
  const cert = Array.isArray(info.server_certificates) && info.server_certificates[0];
  return [
    info.version ? `version ${info.version}` : offered.versions ? `offered ${offered.versions.join(', ')}` : null,
    info.cipher_suite ? `cipher ${info.cipher_suite}` : null,
    cert && (cert.subject || cert.summary) ? `certificate ${cert.subject || cert.summary}` : null,
    offered.weak_cipher_suites && offered.weak_cipher_suites.length ? `weak suites offered: ${offered.weak_cipher_suites.length}` : null,
    info.handshake_complete ? 'handshake complete' : 'handshake not seen in full',
    info.alerts && info.alerts.length ? `${info.alerts.length} alerts` : null,
  ].filter(Boolean).join('; ');
}

/** A few scalar facts of a non-CTI session's info, as one line. */
function facts(info) {
  if (!info || typeof info !== 'object') return '';
  if (info.protocol === 'tls') return tlsFacts(info);
  return Object.entries(info)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 5).map(([k, v]) => `${k}: ${v}`).join('; ');
}

/**
 * @param {HTMLElement} container
 * @param {Array} sessions the report's sessions
 * @param {{messages: (id: number) => void, ladder: (id: number) => void}} go
 */
export function render(container, sessions, go) {
  const cti = sessions.filter(isCti);
  const others = sessions.filter((s) => !isCti(s));
  const ctiHead = ['#', 'Client', 'Server', 'Login', 'Application', 'Channel', 'Messages', 'Devices', 'Lines', 'Calls', 'Open'];
  const ctiShown = capped(cti, 'CTI sessions');
  const othersShown = capped(others, 'sessions');
  replace(container,
    el('h2', {}, `CTI sessions (${cti.length})`),
    cti.some((s) => s.protocol !== CTI) ? el('p', { class: 'muted' }, 'CTI over TLS (port 2749) is encrypted: only the channel and its size are known.') : null,
    cti.length
      ? el('table', { class: 'sessions' },
        el('caption', {}, 'Sessions (CTIQBE, and TLS on 2749)'),
        el('thead', {}, el('tr', {}, ...ctiHead.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ctiShown.shown.map((s) => {
          const info = s.info || {};
          const p = info.provider || {};
          return el('tr', { 'data-session': s.id },
            el('td', {}, String(s.id)), el('td', {}, s.client), el('td', {}, s.server),
            el('td', {}, s.protocol === CTI ? p.login ?? p.login_user_name ?? '' : el('span', { class: 'muted' }, 'encrypted')),
            el('td', {}, s.protocol === CTI ? p.applicationID ?? '' : el('span', { class: 'muted' }, 'encrypted')),
            el('td', {}, el('span', { class: s.encrypted ? 'badge tls' : 'badge plain' }, s.encrypted ? 'TLS' : 'plaintext')),
            el('td', {}, String(s.messages)),
            el('td', {}, list(info.devices, 'name')), el('td', {}, list(info.lines, 'dn')), el('td', {}, list(info.calls, 'global_call_id')),
            el('td', { class: 'actions' },
              button('messages', `Messages of session ${s.id}`, () => go.messages(s.id)), ' ',
              button('ladder', `Ladder of session ${s.id}`, () => go.ladder(s.id))));
        })))
      : el('p', {}, 'No CTI sessions found.'),
    ctiShown.note,
    el('h2', {}, `Other sessions (${others.length})`),
    others.length
      ? el('table', { class: 'sessions other' },
        el('caption', {}, 'Sessions of other protocols'),
        el('thead', {}, el('tr', {}, ...['#', 'Protocol', 'Client', 'Server', 'Channel', 'Messages', 'Facts'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, othersShown.shown.map((s) => el('tr', { 'data-session': s.id },
          el('td', {}, String(s.id)), el('td', {}, s.protocol), el('td', {}, s.client), el('td', {}, s.server),
          el('td', {}, s.encrypted ? 'TLS' : 'plaintext'), el('td', {}, String(s.messages)), el('td', {}, facts(s.info))))))
      : el('p', { class: 'muted' }, 'No sessions of other protocols were decoded; every flow is listed below.'),
    othersShown.note);
}
