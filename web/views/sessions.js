// Sessions: one row per CTI session (client, server, login, application, TLS or not, message
// count, devices / lines / calls seen, devices that registered, each call's media) with links to its messages and ladder; the other
// protocols' sessions beneath, a table per protocol (SIP dialogs and registrations, SCCP
// phones, TLS), each row's facts computed by the engine from the typed session info (the flow
// list is views/flows.js). In every table the sessions are grouped by server: a server row
// (address:port, protocol, sessions, distinct clients) expands to its sessions.
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

/** A table with up to this many sessions opens with every server expanded; a longer one opens
 * with its servers collapsed, so the servers and their counts come first. */
const EXPANDED_UP_TO = 20;

/** The host of an "ip:port" (IPv6 in brackets). */
const host = (addr) => addr.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');

let groupSeq = 0;

/**
 * The table bodies of `sessions` grouped by server: per server, a row with its counts and a
 * toggle, then its session rows (`rowOf`). Counts are over every session; the rows are those of
 * `shown` (the capped list).
 */
function serverGroups(sessions, shown, columns, rowOf) {
  const groups = new Map();
  for (const s of sessions) {
    const key = `${s.protocol} ${s.server}`;
    if (!groups.has(key)) groups.set(key, { server: s.server, protocol: s.protocol, all: [], rows: [] });
    groups.get(key).all.push(s);
  }
  for (const s of shown) groups.get(`${s.protocol} ${s.server}`).rows.push(s);
  const expanded = sessions.length <= EXPANDED_UP_TO;
  return [...groups.values()].filter((g) => g.rows.length).map((g) => {
    const id = `server-group-${++groupSeq}`;
    const clients = new Set(g.all.map((s) => host(s.client))).size;
    const rows = g.rows.map(rowOf);
    for (const r of rows) r.hidden = !expanded;
    const toggle = el('button', { type: 'button', class: 'server-toggle', 'aria-expanded': String(expanded), 'aria-controls': id },
      el('span', { class: 'server-address' }, g.server), ' ',
      el('span', { class: 'server-counts' }, `${g.protocol} · ${g.all.length} session${g.all.length === 1 ? '' : 's'} · ${clients} client${clients === 1 ? '' : 's'}`));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      for (const r of rows) r.hidden = !open;
    });
    return el('tbody', { id, class: 'server-group', 'data-server': g.server, 'data-protocol': g.protocol },
      el('tr', { class: 'server-row' }, el('th', { scope: 'rowgroup', colspan: String(columns) }, toggle)),
      rows);
  });
}

/** CTI over TLS: CTI Manager's TLS port (the content is encrypted, so only the channel is known). */
const isCti = (s) => s.protocol === CTI || (s.protocol === 'tls' && /:2749$/.test(s.server));

const PROTOCOL_TITLES = { sip: 'SIP dialogs and registrations', sccp: 'SCCP (Skinny) phones', tls: 'TLS sessions', ged188: 'GED-188 sessions' };

/** One table per protocol; its columns are the facts its sessions have, in first-seen order. */
function protocolTable(protocol, sessions, go) {
  const labels = [];
  for (const s of sessions) for (const f of s.facts || []) if (!labels.includes(f.label)) labels.push(f.label);
  const shown = capped(sessions, `${protocol} sessions`);
  const head = ['#', 'Client', 'Server', 'Channel', 'Messages', ...labels, 'Open'];
  return [
    el('h3', {}, `${PROTOCOL_TITLES[protocol] || protocol} (${sessions.length})`),
    el('table', { class: 'sessions other', 'data-protocol': protocol },
      el('caption', {}, `Sessions: ${protocol}`),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
      serverGroups(sessions, shown.shown, head.length, (s) => el('tr', { 'data-session': s.id },
        el('td', {}, String(s.id)), el('td', {}, s.client), el('td', {}, s.server),
        el('td', {}, s.encrypted ? 'TLS' : 'plaintext'), el('td', {}, String(s.messages)),
        ...labels.map((l) => el('td', {}, fact(s, l))),
        el('td', { class: 'actions' }, s.messages > 0 ? [
          button('messages', `Messages of session ${s.id}`, () => go.messages(s.id)), ' ',
          button('ladder', `Ladder of session ${s.id}`, () => go.ladder(s.id))] : null)))),
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
        serverGroups(cti, ctiShown.shown, ctiHead.length, (s) => {
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
        }))
      : el('p', {}, 'No CTI sessions found.'),
    ctiShown.note,
    el('h2', {}, `Other sessions (${others.length})`),
    ...(others.length
      ? [...new Set(others.map((s) => s.protocol))].flatMap((p) => protocolTable(p, others.filter((s) => s.protocol === p), go))
      : [el('p', { class: 'muted' }, 'No sessions of other protocols were decoded; every flow is listed below.')]));
}
