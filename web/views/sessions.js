// Sessions: one row per CTI session (client, server, login, application, TLS or not, message
// count, devices / lines / calls seen, devices that registered, each call's media) with links to its messages and ladder; the other
// protocols' sessions beneath, a table per protocol (SIP dialogs and registrations, SCCP
// phones, TLS), each row's facts computed by the engine from the typed session info (the flow
// list is views/flows.js).
import { capped, el, replace } from '../dom.js';

const CTI = 'ctiqbe';

/** A session's fact by label (the engine computes them from its typed info: `s.facts`). */
function fact(s, label) {
  const f = (s.facts || []).find((x) => x.label === label);
  return f ? f.value : '';
}

function button(label, aria, onClick) {
  const b = el('button', { type: 'button', class: 'link', 'aria-label': aria }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** CTI over TLS: CTI Manager's TLS port (the content is encrypted, so only the channel is known). */
const isCti = (s) => s.protocol === CTI || (s.protocol === 'tls' && /:2749$/.test(s.server));

const PROTOCOL_TITLES = { sip: 'SIP dialogs and registrations', sccp: 'SCCP (Skinny) phones', tls: 'TLS sessions', ged188: 'GED-188 sessions' };

/** One table per protocol; its columns are the facts its sessions have, in first-seen order. */
function protocolTable(protocol, sessions, go) {
  const labels = [];
  for (const s of sessions) for (const f of s.facts || []) if (!labels.includes(f.label)) labels.push(f.label);
  const shown = capped(sessions, `${protocol} sessions`);
  return [
    el('h3', {}, `${PROTOCOL_TITLES[protocol] || protocol} (${sessions.length})`),
    el('table', { class: 'sessions other', 'data-protocol': protocol },
      el('caption', {}, `Sessions: ${protocol}`),
      el('thead', {}, el('tr', {}, ...['#', 'Client', 'Server', 'Channel', 'Messages', ...labels, 'Open'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, shown.shown.map((s) => el('tr', { 'data-session': s.id },
        el('td', {}, String(s.id)), el('td', {}, s.client), el('td', {}, s.server),
        el('td', {}, s.encrypted ? 'TLS' : 'plaintext'), el('td', {}, String(s.messages)),
        ...labels.map((l) => el('td', {}, fact(s, l))),
        el('td', { class: 'actions' }, s.messages > 0 ? [
          button('messages', `Messages of session ${s.id}`, () => go.messages(s.id)), ' ',
          button('ladder', `Ladder of session ${s.id}`, () => go.ladder(s.id))] : null))))),
    shown.note,
  ];
}

/**
 * @param {HTMLElement} container
 * @param {Array} sessions the report's sessions
 * @param {{messages: (id: number) => void, ladder: (id: number) => void}} go
 */
export function render(container, sessions, go) {
  const cti = sessions.filter(isCti);
  const others = sessions.filter((s) => !isCti(s));
  const ctiHead = ['#', 'Client', 'Server', 'Login', 'Application', 'Channel', 'Messages', 'Devices', 'Lines', 'Calls', 'Registered devices', 'Media', 'Open'];
  const ctiShown = capped(cti, 'CTI sessions');
  replace(container,
    el('h2', {}, `CTI sessions (${cti.length})`),
    cti.some((s) => s.protocol !== CTI) ? el('p', { class: 'muted' }, 'CTI over TLS (port 2749) is encrypted: only the channel and its size are known.') : null,
    cti.length
      ? el('table', { class: 'sessions' },
        el('caption', {}, 'Sessions (CTIQBE, and TLS on 2749)'),
        el('thead', {}, el('tr', {}, ...ctiHead.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ctiShown.shown.map((s) => {
          const encrypted = el('span', { class: 'muted' }, 'encrypted');
          return el('tr', { 'data-session': s.id },
            el('td', {}, String(s.id)), el('td', {}, s.client), el('td', {}, s.server),
            el('td', {}, s.protocol === CTI ? fact(s, 'login') : encrypted),
            el('td', {}, s.protocol === CTI ? fact(s, 'application') : encrypted.cloneNode(true)),
            el('td', {}, el('span', { class: s.encrypted ? 'badge tls' : 'badge plain' }, s.encrypted ? 'TLS' : 'plaintext')),
            el('td', {}, String(s.messages)),
            el('td', {}, fact(s, 'devices')), el('td', {}, fact(s, 'lines')), el('td', {}, fact(s, 'calls')),
            // Devices CUCM reported (un)registering, with address, model, EM user and lines;
            // each call's RTP endpoints from the media events (ctiqbe-wire-2).
            el('td', { class: 'registered' }, fact(s, 'registered devices')),
            el('td', { class: 'media' }, fact(s, 'media')),
            el('td', { class: 'actions' },
              button('messages', `Messages of session ${s.id}`, () => go.messages(s.id)), ' ',
              button('ladder', `Ladder of session ${s.id}`, () => go.ladder(s.id))));
        })))
      : el('p', {}, 'No CTI sessions found.'),
    ctiShown.note,
    el('h2', {}, `Other sessions (${others.length})`),
    ...(others.length
      ? [...new Set(others.map((s) => s.protocol))].flatMap((p) => protocolTable(p, others.filter((s) => s.protocol === p), go))
      : [el('p', { class: 'muted' }, 'No sessions of other protocols were decoded; every flow is listed below.')]));
}
