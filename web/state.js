// The page's navigation state, kept in the URL fragment so a view can be bookmarked:
// #view=messages&protocol=ctiqbe&session=1&direction=to_server&name=…&q=…&sort=name&desc=1&m=12
// (`m` is the selected message's index in the report). The Calls view's filter and sort:
// cn (number), cp (protocol), cs (state), csort, cdesc; `call` the call shown in the call
// ladder. Parsing is forgiving: unknown keys and bad values are dropped.

export const VIEWS = ['overview', 'inventory', 'sessions', 'calls', 'messages', 'ladder', 'callladder'];
const SORTS = ['frame', 'time', 'session', 'direction', 'protocol', 'name', 'summary', 'latency'];
const DIRECTIONS = ['to_server', 'to_client'];
export const CALL_SORTS = ['start', 'duration', 'calling', 'called', 'state', 'protocols', 'legs', 'findings'];
const CALL_PROTOCOLS = ['ctiqbe', 'sip', 'sccp', 'ged188'];

/** The default state. */
export function initial() {
  return { view: 'overview', filter: { protocol: '', session: '', direction: '', name: '', text: '' }, sort: 'frame', descending: false, selected: null, ladderSession: '',
    calls: { number: '', protocol: '', state: '' }, callSort: 'start', callDescending: false, call: null };
}

const int = (v) => (/^\d{1,10}$/.test(v || '') ? Number(v) : null);

/** State from a fragment string ("#view=…" or ""). */
export function parse(hash) {
  const s = initial();
  const p = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  if (VIEWS.includes(p.get('view'))) s.view = p.get('view');
  s.filter.protocol = (p.get('protocol') || '').slice(0, 32);
  s.filter.session = int(p.get('session')) !== null ? String(int(p.get('session'))) : '';
  s.filter.direction = DIRECTIONS.includes(p.get('direction')) ? p.get('direction') : '';
  s.filter.name = (p.get('name') || '').slice(0, 200);
  s.filter.text = (p.get('q') || '').slice(0, 200);
  if (SORTS.includes(p.get('sort'))) s.sort = p.get('sort');
  s.descending = p.get('desc') === '1';
  s.selected = int(p.get('m'));
  s.ladderSession = int(p.get('ladder')) !== null ? String(int(p.get('ladder'))) : '';
  s.calls.number = (p.get('cn') || '').slice(0, 64);
  s.calls.protocol = CALL_PROTOCOLS.includes(p.get('cp')) ? p.get('cp') : '';
  s.calls.state = (p.get('cs') || '').slice(0, 64);
  if (CALL_SORTS.includes(p.get('csort'))) s.callSort = p.get('csort');
  s.callDescending = p.get('cdesc') === '1';
  s.call = int(p.get('call'));
  return s;
}

/** The fragment ("#…") for a state; defaults are left out. */
export function format(s) {
  const p = new URLSearchParams();
  if (s.view !== 'overview') p.set('view', s.view);
  if (s.filter.protocol) p.set('protocol', s.filter.protocol);
  if (s.filter.session) p.set('session', s.filter.session);
  if (s.filter.direction) p.set('direction', s.filter.direction);
  if (s.filter.name) p.set('name', s.filter.name);
  if (s.filter.text) p.set('q', s.filter.text);
  if (s.sort !== 'frame') p.set('sort', s.sort);
  if (s.descending) p.set('desc', '1');
  if (s.selected !== null) p.set('m', String(s.selected));
  if (s.ladderSession) p.set('ladder', s.ladderSession);
  if (s.calls.number) p.set('cn', s.calls.number);
  if (s.calls.protocol) p.set('cp', s.calls.protocol);
  if (s.calls.state) p.set('cs', s.calls.state);
  if (s.callSort !== 'start') p.set('csort', s.callSort);
  if (s.callDescending) p.set('cdesc', '1');
  if (s.call !== null) p.set('call', String(s.call));
  const text = p.toString();
  return text ? `#${text}` : '';
}

/** The worker query (crate/src/callview.rs `CallQuery`) for the Calls view. */
export function callQuery(s) {
  return {
    number: s.calls.number.trim() || null,
    protocol: s.calls.protocol || null,
    state: s.calls.state || null,
    sort: s.callSort,
    descending: s.callDescending,
  };
}

/** The worker query (crate/src/query.rs `Query`) for a state's filter and sort. */
export function query(s) {
  const f = s.filter;
  return {
    protocol: f.protocol || null,
    session: f.session ? Number(f.session) : null,
    direction: f.direction || null,
    name: f.name || null,
    text: f.text.trim() || null,
    sort: s.sort,
    descending: s.descending,
  };
}
