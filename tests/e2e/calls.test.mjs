// The Calls view and the call ladder (issue 14) over the generator's correlated capture (calls
// seen at once by a JTAPI application over CTIQBE, the phones over SCCP and the trunk over SIP),
// made by the native CLI with its truth (FILE.truth.json): one row per call, filter and sort in
// the worker, keyboard navigation, the ladder of one call with a lane per endpoint and the
// messages of the three protocols, links from a message to its call and back, the CSV export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as h from './harness.mjs';

const CLI = join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope');
let s;
let truth;
let path;
before(async () => {
  path = join(h.scratch(), 'correlated.pcap');
  execFileSync(CLI, ['generate', '400K', path, '--profile', 'correlated']);
  truth = JSON.parse(readFileSync(`${path}.truth.json`, 'utf8'));
  s = await h.open();
  await s.page.setInputFiles('#file-input', path);
  await h.waitForResults(s.page);
});
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), []);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
});

const heading = () => s.page.textContent('#calls-heading');
/** The visible rows of the Calls table, as cell texts by column key. */
const callRows = () => s.page.$$eval('.calls-table .vrows .vrow:not([hidden])', (rs) => rs.map((r) => Object.fromEntries(
  [...r.children].map((c) => [c.className.replace(/^c-/, ''), c.textContent]))));
const waitHeading = (text) => s.page.waitForFunction((t) => document.getElementById('calls-heading').textContent === t, text);
const numbersOf = (c) => [c.calling, c.called, ...c.legs.flatMap((l) => [l.calling, l.called])].filter(Boolean);

test('one row per call, as many as the generator made, with its protocols and legs', async () => {
  const p = s.page;
  await p.click('#tab-calls');
  assert.equal(await heading(), `Calls (${truth.length})`);
  await p.waitForSelector('.calls-table .vrows .vrow[data-pos="0"]:not(.loading)');
  const [first] = await callRows();
  assert.equal(first.id, '#1');
  assert.equal(first.calling, truth[0].calling);
  assert.equal(first.called, truth[0].called);
  assert.equal(first.protocols, 'ctiqbe · sccp · sip');
  assert.equal(first.legs, String(truth[0].legs.length));
  assert.ok(Number(first.findings) > 0, 'the JTAPI session\'s findings touch its calls');
  // Virtualized: the rows in the DOM are the rows in sight, not all the calls.
  assert.ok(await p.$$eval('.calls-table .vrows .vrow', (r) => r.length) <= truth.length);
});

test('filter by number, protocol and state; sort by a column, both ways', async () => {
  const p = s.page;
  await p.click('#tab-calls');
  const q = truth[0].called;
  const expected = truth.filter((c) => numbersOf(c).some((n) => n.includes(q))).length;
  assert.ok(expected > 0 && expected < truth.length);
  await p.fill('#calls-number', q);
  await waitHeading(`Calls (${expected} of ${truth.length})`);
  assert.ok((await callRows()).every((r) => r.calling.includes(q) || r.called.includes(q)));
  await p.waitForFunction((t) => location.hash.includes(`cn=${t}`), q);
  await p.fill('#calls-number', '');
  await waitHeading(`Calls (${truth.length})`);
  // Every call of this capture is seen in SIP; none in GED-188 (not in the menu).
  const protocols = await p.$$eval('#calls-protocol option', (o) => o.map((x) => x.value));
  assert.deepEqual(protocols, ['', 'ctiqbe', 'sccp', 'sip']);
  await p.selectOption('#calls-protocol', 'sip');
  await waitHeading(`Calls (${truth.length})`);
  await p.selectOption('#calls-protocol', '');
  const states = await p.$$eval('#calls-state option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(states.length > 0);
  await p.selectOption('#calls-state', states[0]);
  await p.waitForFunction(() => /^Calls \(\d+/.test(document.getElementById('calls-heading').textContent));
  assert.ok((await callRows()).every((r) => r.state.startsWith(states[0])));
  await p.click('#calls-clear');
  await waitHeading(`Calls (${truth.length})`);

  const longest = Math.max(...truth.map((c) => c.end - c.start));
  await p.click('.calls-table .vhead button:text("Duration")');
  await p.waitForFunction(() => document.querySelector('.calls-table .vhead .c-duration').getAttribute('aria-sort') === 'ascending');
  await p.click('.calls-table .vhead button:text("Duration")');
  await p.waitForFunction(() => document.querySelector('.calls-table .vhead .c-duration').getAttribute('aria-sort') === 'descending');
  await p.waitForSelector('.calls-table .vrows .vrow[data-pos="0"]:not(.loading)');
  const [top] = await callRows();
  assert.equal(top.duration, `${Math.floor(longest / 60)} min ${String(Math.floor(longest % 60)).padStart(2, '0')} s`);
  await p.waitForFunction(() => /csort=duration&cdesc=1/.test(location.hash));
  await p.click('.calls-table .vhead button:text("Start (s)")'); // back to start order
  await p.waitForFunction(() => document.querySelector('.calls-table .vhead .c-start').getAttribute('aria-sort') === 'ascending');
});

test('keyboard: arrows move through the calls, Enter opens the call ladder', async () => {
  const p = s.page;
  await p.click('#tab-calls');
  await p.waitForSelector('.calls-table .vrows .vrow[data-pos="0"]:not(.loading)');
  await p.focus('.calls-table');
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('ArrowUp');
  await p.waitForSelector('.calls-table .vrow[data-pos="1"][aria-selected="true"]');
  // `/` jumps to the number filter, Esc (on an empty filter) back to the table.
  await p.keyboard.press('/');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'calls-number');
  await p.keyboard.press('Escape');
  assert.ok(await p.evaluate(() => document.activeElement.classList.contains('calls-table')));
  await p.keyboard.press('Enter');
  await p.waitForSelector('#panel-callladder:not([hidden]) svg.call-ladder');
  assert.match(await p.textContent('#callladder-heading'), new RegExp(`^Call 2: ${truth[1].calling} → ${truth[1].called}`));
  assert.match(s.page.url(), /view=callladder/);
  assert.match(s.page.url(), /call=2\b/);
});

test('the ladder of a call across CTIQBE, SIP and SCCP: a lane per endpoint, arrows coloured by protocol', async () => {
  const p = s.page;
  // The blind transfer: the caller's gateway, CUCM, two phones and the JTAPI application.
  const transfer = truth.find((c) => c.kind !== 'outbound' && new Set(c.legs.map((l) => l.protocol)).size === 3 && c.legs.length >= 5) || truth[0];
  await p.click('#tab-calls');
  await p.fill('#calls-number', '');
  await p.evaluate((id) => { location.hash = `#view=callladder&call=${id}`; }, transfer.id);
  await p.waitForFunction((id) => (document.getElementById('callladder-heading') || {}).textContent?.startsWith(`Call ${id}:`), transfer.id);
  const lanes = await p.$$eval('svg.call-ladder text.lane-title', (t) => t.map((x) => x.textContent).filter((x) => !['time (s)', 'frame', 'protocol'].includes(x)));
  const hosts = new Set(transfer.legs.flatMap((l) => [l.client, l.server]).map((a) => a.replace(/:\d+$/, '')));
  assert.equal(lanes.length, hosts.size, `${lanes} for ${[...hosts]}`);
  assert.equal(lanes[0], 'CTI application');
  assert.ok(lanes.includes('CUCM') && lanes.some((l) => l.startsWith('phone')) && lanes.includes('SIP peer'), String(lanes));
  const byProtocol = await p.$$eval('svg.call-ladder g.msg', (g) => g.reduce((n, x) => ({ ...n, [x.dataset.protocol]: (n[x.dataset.protocol] || 0) + 1 }), {}));
  assert.deepEqual(Object.keys(byProtocol).sort(), ['ctiqbe', 'sccp', 'sip']);
  const total = Number((await p.textContent('#callladder-range')).match(/of (\d+)/)[1]);
  assert.equal(Object.values(byProtocol).reduce((a, b) => a + b, 0), total);
  // Interleaved by time: frames ascend down the ladder.
  const frames = await p.$$eval('svg.call-ladder g.msg', (g) => g.map((x) => Number(x.dataset.frame)));
  assert.deepEqual(frames, [...frames].sort((a, b) => a - b));
  // Colours by protocol, and requests paired to their responses.
  const colour = (proto) => p.$eval(`svg.call-ladder g.msg[data-protocol="${proto}"] .arrow`, (a) => getComputedStyle(a).stroke);
  const colours = new Set([await colour('ctiqbe'), await colour('sip'), await colour('sccp')]);
  assert.equal(colours.size, 3);
  assert.ok(await p.$$eval('svg.call-ladder path.pair', (x) => x.length) > 0, 'request/response brackets');
  assert.ok(await p.$$eval('svg.call-ladder g.msg.response', (x) => x.length) > 0);
  // The legs table names every leg (the truth lists a CTIQBE call once; the report once per
  // line that saw it, so at least as many), and the ladder's legs agree with the Calls row.
  const legs = await p.$$eval('table.legs tbody tr', (r) => r.length);
  assert.ok(legs >= transfer.legs.length, `${legs} legs`);
  assert.match(await p.textContent('#panel-callladder'), new RegExp(`, ${legs} legs`));
});

test('an arrow opens its message; the message links back to its call; a table row links to its call', async () => {
  const p = s.page;
  await p.evaluate(() => { location.hash = '#view=callladder&call=1'; });
  await p.waitForFunction(() => (document.getElementById('callladder-heading') || {}).textContent?.startsWith('Call 1:'));
  const sip = await p.$eval('svg.call-ladder g.msg[data-protocol="sip"]', (g) => Number(g.dataset.index));
  await p.click(`svg.call-ladder g.msg[data-index="${sip}"] .hit`, { force: true });
  await p.waitForSelector(`#panel-messages:not([hidden]) #detail[data-index="${sip}"] #detail-call`);
  assert.equal(await p.getAttribute('#detail-call', 'data-call'), '1');
  await p.click('#detail-call');
  await p.waitForSelector(`#panel-callladder:not([hidden]) svg.call-ladder g.msg.selected[data-index="${sip}"]`);

  // From the messages table: an SCCP message of a call shows the call in its Call cell.
  await p.click('#tab-messages');
  await p.selectOption('#filter-protocol', 'sccp');
  await p.fill('#filter-text', 'CallInfo');
  await p.waitForFunction(() => /Messages \(\d+ of/.test(document.getElementById('messages-heading').textContent));
  await p.waitForFunction(() => /^#\d+$/.test(document.querySelector('#messages .vrows .vrow[data-pos="0"] .c-call')?.textContent || ''));
  const call = (await p.textContent('#messages .vrows .vrow[data-pos="0"] .c-call')).slice(1);
  await p.click('#messages .vrows .vrow[data-pos="0"] .c-call');
  await p.waitForFunction((id) => (document.getElementById('callladder-heading') || {}).textContent?.startsWith(`Call ${id}:`), call);
  assert.ok(await p.$('svg.call-ladder g.msg.selected[data-protocol="sccp"]'), 'the message is marked in its call');
  // And with the keyboard: `c` on the selected row.
  await p.click('#tab-messages');
  await p.click('#messages .vrows .vrow[data-pos="1"] .c-name');
  await p.keyboard.press('c');
  await p.waitForSelector('#panel-callladder:not([hidden]) svg.call-ladder g.msg.selected');
  await p.click('#tab-messages');
  await p.click('#filter-clear');
  await p.waitForFunction(() => /^Messages \(\d+\)$/.test(document.getElementById('messages-heading').textContent));
});

test('CSV export of the filtered calls', async () => {
  const p = s.page;
  await p.click('#tab-calls');
  const q = truth[1].calling;
  const expected = truth.filter((c) => numbersOf(c).some((n) => n.includes(q)));
  await p.fill('#calls-number', q);
  await waitHeading(`Calls (${expected.length} of ${truth.length})`);
  const { name, text } = await h.downloadOf(p, '#export-calls-csv');
  assert.equal(name, 'correlated.calls.csv');
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'id,start,end,duration,calling,called,state,cause,protocols,legs,sessions,findings,links');
  assert.equal(lines.at(-1), '');
  const rows = lines.slice(1, -1).map((l) => l.split(','));
  assert.equal(rows.length, expected.length);
  assert.deepEqual(rows.map((r) => Number(r[0])), expected.map((c) => c.id));
  for (const [r, c] of rows.map((r, i) => [r, expected[i]])) {
    assert.equal(r[4], c.calling);
    assert.equal(r[5], c.called);
    assert.equal(r[8], [...new Set(c.legs.map((l) => l.protocol))].sort().join(' '));
    assert.equal(Number(r[9]), c.legs.length);
    assert.ok(Math.abs(Number(r[1]) - c.start) < 1, `start ${r[1]} vs ${c.start}`);
  }
  await p.fill('#calls-number', '');
  await waitHeading(`Calls (${truth.length})`);
});

test('a bookmarked fragment brings back the Calls filter and sort, and the call ladder', async () => {
  const b = await h.open({ hash: '#view=calls&cn=2001&csort=legs&cdesc=1' });
  try {
    await b.page.setInputFiles('#file-input', path);
    await h.waitForResults(b.page);
    assert.equal(await b.page.isVisible('#panel-calls'), true);
    assert.equal(await b.page.inputValue('#calls-number'), '2001');
    const expected = truth.filter((c) => numbersOf(c).some((n) => n.includes('2001'))).length;
    assert.equal(await b.page.textContent('#calls-heading'), `Calls (${expected} of ${truth.length})`);
    assert.equal(await b.page.getAttribute('.calls-table .vhead .c-legs', 'aria-sort'), 'descending');
    await b.page.evaluate(() => { location.hash = '#view=callladder&call=4'; });
    await b.page.waitForFunction(() => (document.getElementById('callladder-heading') || {}).textContent?.startsWith('Call 4:'));
    assert.deepEqual(b.errors, []);
  } finally { await b.close(); }
  const c = await h.open({ hash: '#view=callladder&call=3' });
  try {
    await c.page.setInputFiles('#file-input', path);
    await h.waitForResults(c.page);
    await c.page.waitForFunction(() => (document.getElementById('callladder-heading') || {}).textContent?.startsWith('Call 3:'));
    assert.ok(await c.page.$$eval('svg.call-ladder g.msg', (g) => g.length) > 0);
    assert.deepEqual(c.errors, []);
  } finally { await c.close(); }
});
