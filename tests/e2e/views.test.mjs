// Each view as an analyst uses it, over the built-in sample (deterministic: one CTIQBE session,
// 28 CTIQBE messages, plus a SIP OPTIONS exchange and an SCCP keepalive: 32 messages in all): overview and findings, sessions, the messages table (filter, sort, URL fragment,
// keyboard), the detail (field <-> bytes highlighting), the ladder, and the virtual table at one
// million rows. No request leaves the page's own files; no page error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

let s;
before(async () => {
  s = await h.open({ viewport: { width: 1280, height: 900 } });
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
});
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), [], 'the page made requests outside its own files');
    assert.deepEqual(s.errors, [], 'page errors');
  } finally {
    await s.close(); // even when a check fails, so no browser is left running
  }
});

const text = (sel) => s.page.textContent(sel);
const hash = () => s.page.evaluate(() => location.hash);
/** The rendered messages table rows' cells (frame, time, session, direction, protocol, name, summary, call); the page's
 * other virtual table (Calls) is left out. */
const rows = () => s.page.$$eval('#messages .vrows .vrow:not([hidden])', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
/** Waits until the table's first row (scrolled to the top) shows `want` in column `col`. */
const waitFirst = (col, want) => s.page.waitForFunction(([c, w]) => {
  document.querySelector('.vbody').scrollTop = 0;
  const cell = document.querySelector(`.vrows .vrow[data-pos="0"] .c-${c}`);
  return cell && cell.textContent === w;
}, [col, want]);
/** Scrolls the table to a row and clicks it (the table only renders the rows in sight). */
async function clickRow(pos) {
  await s.page.$eval('.vbody', (b, p) => { b.scrollTop = p * document.querySelector('.vrows .vrow').getBoundingClientRect().height; }, pos);
  await s.page.click(`.vrows .vrow[data-pos="${pos}"]`);
}

test('overview: capture summary and severity counts', async () => {
  await s.page.click('#tab-overview');
  assert.match(await text('#summary dl'), /Packets\s*40/);
  assert.match(await text('#summary dl'), /Flows \/ sessions \/ messages\s*3 \/ 3 \/ 32/);
  const counts = await s.page.$$eval('.severity-counts li', (li) => li.map((x) => x.dataset.severity));
  assert.deepEqual(counts, ['critical', 'high', 'medium', 'low', 'info']);
  assert.match(await text('#findings h2'), /Findings \(\d+\)/);
});

test('findings of the sample: most severe first; evidence opens its message with its bytes highlighted', async () => {
  await s.page.click('#tab-overview');
  const ids = await s.page.$$eval('#findings .finding summary code', (c) => c.map((x) => x.textContent));
  if (!ids.length) return; // an engine without findings rules
  const sev = await s.page.$$eval('#findings .finding summary .severity', (c) => c.map((x) => x.textContent));
  const order = ['critical', 'high', 'medium', 'low', 'info'];
  assert.deepEqual([...sev].sort((a, b) => order.indexOf(a) - order.indexOf(b)), sev);
  const counted = await s.page.$$eval('.severity-counts li .n', (n) => n.reduce((a, x) => a + Number(x.textContent), 0));
  assert.equal(counted, ids.length);
  const login = ids.indexOf('CTI-LOGIN-EXPOSED');
  if (login < 0) return;
  await s.page.click(`#findings .finding >> nth=${login}`);
  const open = `#findings .finding[open]`;
  assert.match(await text(open), /ivr_jtapi/);
  assert.match(await text(`${open} .remediation`), /Remediation:/);
  await s.page.click(`${open} .evidence tbody tr >> nth=0 >> button`);
  await s.page.waitForSelector('#detail[data-index="4"] .hex .b.sel');
  const sel = await s.page.$$eval('#detail .hex .hx .b.sel', (b) => b.map((x) => Number(x.dataset.i)));
  assert.deepEqual([Math.min(...sel), Math.max(...sel) + 1, sel.length], [202, 220, 18]);
  assert.equal(await s.page.getAttribute('#detail [data-path="login"]', 'aria-selected'), 'true');
  await s.page.click('#tab-overview');
});

test('findings: sorted by severity, expand to detail, evidence, remediation; frame links open the message', async () => {
  // The findings rules live on another branch; render the view over findings shaped like the
  // schema (docs/report.md), with markup in every string to prove it stays text.
  await s.page.evaluate(async () => {
    const view = await import(new URL('web/views/findings.js', document.baseURI).href);
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const findings = [
      { id: 'CTI-LOW', severity: 'low', title: `low ${evil}`, detail: 'd', session: 1, frames: [9], evidence: [], remediation: '' },
      { id: 'CTI-CLEARTEXT-LOGIN', severity: 'critical', title: `Login in cleartext ${evil}`, detail: `detail ${evil}`, session: 1, frames: [8, 13],
        evidence: [{ label: 'login', value: 'iv*******', frame: 8, message: 2, start: 202, end: 220, masked: true }], remediation: `Use TLS (2749) ${evil}`,
        // A group (docs/findings.md): capture text in its server, values and clients too.
        server: `10.1.1.10:2748 ${evil}`, value: null, values: { count: 1, first: [evil] }, sessions: 2, session_ids: [1, 2],
        clients: { count: 1, first: [`10.0.0.5 ${evil}`] }, first_time: 1, last_time: 2 },
    ];
    const box = document.createElement('section');
    box.id = 'test-findings';
    document.getElementById('panel-overview').append(box);
    view.render(box, findings, (t) => window.dispatchEvent(new CustomEvent('test-frame', { detail: t })));
  });
  const titles = await s.page.$$eval('#test-findings .finding summary strong', (x) => x.map((e) => e.textContent));
  assert.equal(titles.length, 2);
  assert.match(titles[0], /^Login in cleartext <img/);
  assert.equal(await s.page.$$eval('#test-findings img, #test-findings script', (x) => x.length), 0, 'markup in findings became elements');
  await s.page.click('#test-findings .finding summary >> nth=0');
  assert.match(await text('#test-findings .finding[open]'), /detail <img/);
  assert.match(await text('#test-findings .finding[open] .evidence'), /iv\*{7}\s*\(masked\)/);
  assert.match(await text('#test-findings .finding[open] .remediation'), /Remediation: Use TLS/);
  assert.match(await text('#test-findings .finding summary .scope >> nth=0'), /2 sessions · 1 client · 10\.1\.1\.10:2748 <img/);
  assert.match(await text('#test-findings .finding[open] .group-facts'), /Values \(1\)\s*<img/);
  const got = s.page.evaluate(() => new Promise((ok) => window.addEventListener('test-frame', (e) => ok(e.detail), { once: true })));
  await s.page.click('#test-findings .finding[open] .evidence button');
  assert.deepEqual(await got, { frame: 8, message: 2, start: 202, end: 220 });
  await s.page.evaluate(() => document.getElementById('test-findings').remove());
});

test('sessions: the CTI session with login, application, channel, devices and lines; flows beneath', async () => {
  await s.page.click('#tab-sessions');
  const row = await text('#sessions tr[data-session="2"]');
  for (const want of ['10.20.30.41:49822', 'ivr_jtapi', 'IVR-Main@ivr01', 'plaintext', 'SEP00AABBCCDDEE', '3001']) assert.ok(row.includes(want), want);
  assert.match(await text('#flows'), /Flows \(3\)/);
  assert.match(await text('#flows'), /sip/);
  // "messages" filters the table by the session.
  await s.page.click('#sessions tr[data-session="2"] button:text("messages")');
  assert.equal(await s.page.isVisible('#panel-messages'), true);
  assert.match(await hash(), /session=2/);
  assert.equal(await s.page.inputValue('#filter-session'), '2');
});

test('messages: filter by direction, name and text, kept in the URL fragment; sort by a column', async () => {
  await s.page.click('#tab-messages');
  await s.page.click('#filter-clear');
  await s.page.waitForFunction(() => document.getElementById('messages-heading').textContent === 'Messages (32)');
  await s.page.selectOption('#filter-direction', 'to_server');
  await s.page.waitForFunction(() => /Messages \(12 of 32\)/.test(document.getElementById('messages-heading').textContent));
  assert.ok((await rows()).every((r) => r[3] === '→ server'));
  assert.match(await hash(), /direction=to_server/);
  await s.page.selectOption('#filter-name', 'LineOpenRequest');
  await s.page.waitForFunction(() => /Messages \(1 of 32\)/.test(document.getElementById('messages-heading').textContent));
  await s.page.click('#filter-clear');
  await s.page.fill('#filter-text', '915551234567');
  await s.page.waitForFunction(() => /Messages \(2 of 32\)/.test(document.getElementById('messages-heading').textContent));
  assert.deepEqual((await rows()).map((r) => r[5]), ['LineCallInitiateRequest', 'NewCallEvent']);
  assert.match(await hash(), /q=915551234567/);
  // Sort by name, descending on the second click.
  await s.page.fill('#filter-text', '');
  await s.page.waitForFunction(() => document.getElementById('messages-heading').textContent === 'Messages (32)');
  await s.page.click('.vhead button:text("Message")');
  await waitFirst('name', '200 OK');
  await s.page.click('.vhead button:text("Message")');
  await waitFirst('name', 'ProviderOpenResponse');
  assert.match(await hash(), /sort=name&desc=1/);
  assert.equal(await s.page.getAttribute('.vhead .c-name', 'aria-sort'), 'descending');
  await s.page.click('.vhead button:text("Frame")');
  await waitFirst('frame', '1');
});

test('a bookmarked fragment restores the filter and the selection', async () => {
  const b = await h.open({ hash: '#view=messages&direction=to_client&name=DeviceOpenResponse&m=8' });
  try {
    await b.page.click('#sample-button');
    await h.waitForResults(b.page);
    assert.equal(await b.page.isVisible('#panel-messages'), true);
    assert.match(await b.page.textContent('#messages-heading'), /Messages \(1 of 32\)/);
    assert.equal(await b.page.inputValue('#filter-direction'), 'to_client');
    await b.page.waitForSelector('#detail[data-index="8"] h3');
    assert.match(await b.page.textContent('#detail h3'), /DeviceOpenResponse/);
    assert.deepEqual(b.errors, []);
  } finally { await b.close(); }
});

test('detail: selecting a field highlights its bytes, clicking a byte selects its field, plaintext of interest is marked', async () => {
  await s.page.click('#tab-messages');
  await s.page.click('#filter-clear');
  await s.page.waitForFunction(() => document.getElementById('messages-heading').textContent === 'Messages (32)');
  await clickRow(4);
  await s.page.waitForSelector('#detail[data-index="4"] .hex');
  assert.match(await text('#detail h3'), /ProviderOpenRequest/);
  // The login's bytes (UTF-16LE "ivr_jtapi" at 202..220) are highlighted by default.
  const tagged = await s.page.$$eval('#detail .hex .hx .b.tag', (b) => b.map((x) => Number(x.dataset.i)));
  for (let i = 202; i < 220; i += 1) assert.ok(tagged.includes(i), `byte ${i} marked`);
  assert.equal(await s.page.isVisible('#detail .hex.show-tags'), true);
  // Field -> bytes: the login field selects its slot (52..68) and its data (202..220).
  await s.page.click('#detail [role=treeitem][data-path="login"] > .node');
  const sel = await s.page.$$eval('#detail .hex .hx .b.sel', (b) => b.map((x) => Number(x.dataset.i)));
  assert.equal(sel.length, 16 + 18);
  assert.equal(Math.min(...sel), 52);
  assert.equal(Math.max(...sel), 219);
  assert.equal(await s.page.getAttribute('#detail [data-path="login"]', 'aria-selected'), 'true');
  // Bytes -> field: a byte of applicationID's data selects that field.
  const appSpan = await s.page.$eval('#detail [data-path="applicationID"] .range', (e) => e.textContent);
  const start = Number(/\[\d+–\d+, (\d+)–/.exec(appSpan)[1]);
  await s.page.click(`#detail .hex .hx .b[data-i="${start + 1}"]`);
  assert.equal(await s.page.getAttribute('#detail [data-path="applicationID"]', 'aria-selected'), 'true');
  assert.equal(await s.page.getAttribute('#detail [data-path="login"]', 'aria-selected'), 'false');
  // The highlight can be switched off.
  await s.page.uncheck('#show-tags');
  assert.equal(await s.page.$$eval('#detail .hex.show-tags', (x) => x.length), 0);
});

test('keyboard: arrows move through messages, / focuses the filter, Esc returns to the table', async () => {
  await clickRow(4);
  await s.page.waitForSelector('#detail[data-index="4"]');
  await s.page.keyboard.press('ArrowDown');
  await s.page.waitForSelector('#detail[data-index="5"]');
  assert.equal(await s.page.getAttribute('.vtable', 'aria-activedescendant'), 'vrow-5');
  await s.page.keyboard.press('ArrowUp');
  await s.page.keyboard.press('ArrowUp');
  await s.page.waitForSelector('#detail[data-index="3"]');
  await s.page.keyboard.press('End');
  await s.page.waitForSelector('#detail[data-index="31"]');
  await s.page.keyboard.press('/');
  assert.equal(await s.page.evaluate(() => document.activeElement.id), 'filter-text');
  await s.page.keyboard.press('Escape');
  assert.equal(await s.page.evaluate(() => document.activeElement.classList.contains('vtable')), true);
  // Focus is visible.
  const outline = await s.page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
});

test('ladder: lanes, paired requests and responses, events; clicking an arrow selects the message', async () => {
  await s.page.click('#tab-ladder');
  await s.page.waitForSelector('svg.ladder');
  assert.equal(await s.page.$$eval('svg.ladder g.msg', (g) => g.length), 28);
  const lanes = await s.page.$$eval('svg.ladder .lane-addr', (t) => t.map((x) => x.textContent));
  assert.deepEqual(lanes, ['10.20.30.41:49822', '10.1.1.10:2748']);
  assert.ok(await s.page.$$eval('svg.ladder path.pair', (p) => p.length) >= 8, 'requests paired with responses');
  assert.ok(await s.page.$$eval('svg.ladder g.msg.event', (p) => p.length) >= 5, 'events drawn');
  assert.match(await text('svg.ladder'), /\+0\.000000/);
  await s.page.click('svg.ladder g.msg[data-frame="17"] .hit', { force: true });
  await s.page.waitForSelector('#detail[data-index="13"]');
  assert.equal(await s.page.isVisible('#panel-messages'), true);
  assert.match(await text('#detail h3'), /LineCallInitiateRequest/);
  // Keyboard: Enter on a focused arrow selects it too.
  await s.page.click('#tab-ladder');
  await s.page.waitForSelector('svg.ladder g.msg.selected[data-frame="17"]');
  await s.page.focus('svg.ladder g.msg[data-frame="8"]');
  await s.page.keyboard.press('Enter');
  await s.page.waitForSelector('#detail[data-index="4"]');
});

test('the message table stays small and lazy at one million rows', async () => {
  const r = await s.page.evaluate(async () => {
    const { VirtualTable } = await import(new URL('web/vtable.js', document.baseURI).href);
    const fetched = [];
    const t = new VirtualTable({
      label: 'test', columns: [{ key: 'frame', title: 'Frame', cell: (x) => String(x.frame) }, { key: 'name', title: 'Name', cell: (x) => x.name }],
      fetchPage: async (offset, limit) => { fetched.push(limit); return Array.from({ length: Math.min(limit, 1e6 - offset) }, (_, i) => ({ frame: offset + i + 1, name: `m${offset + i}` })); },
      onSelect: (row) => { window.picked = row; }, onSort() {}, onError(e) { throw e; },
    });
    document.getElementById('panel-messages').append(t.element);
    t.reset(1_000_000);
    await new Promise((ok) => setTimeout(ok, 100));
    const frameTexts = () => [...t.element.querySelectorAll('.vrows .vrow:not([hidden]) .c-frame')].map((c) => c.textContent);
    const top = frameTexts();
    t.body.scrollTop = t.body.scrollHeight / 2;
    await new Promise((ok) => setTimeout(ok, 150));
    const middle = frameTexts();
    t.element.focus();
    t.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await new Promise((ok) => setTimeout(ok, 150));
    const end = frameTexts();
    const result = { top: top[0], middle: middle[0], last: end[end.length - 1], picked: window.picked && window.picked.frame,
      domRows: t.element.querySelectorAll('.vrow').length, fetchedRows: fetched.reduce((a, b) => a + b, 0),
      rowcount: t.element.getAttribute('aria-rowcount') };
    t.element.remove();
    return result;
  });
  assert.equal(r.top, '1');
  assert.ok(Number(r.middle) > 400_000 && Number(r.middle) < 600_000, `middle ${r.middle}`);
  assert.equal(r.last, '1000000');
  assert.equal(r.picked, 1_000_000);
  assert.ok(r.domRows < 80, `${r.domRows} rows in the DOM`);
  assert.ok(r.fetchedRows <= 2000, `${r.fetchedRows} rows fetched`);
  assert.equal(r.rowcount, '1000001');
});
