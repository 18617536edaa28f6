// The real engine and worker at scale: a capture of one million CTIQBE messages made in the test.
// The table pages rows from the worker (the DOM holds only the rows in sight), End reaches the
// last message, filters and sorts run in the worker, the ladder draws one page of the session.
// Then a generated mixed capture (CTIQBE, CTI over TLS, other TLS, SIP, SCCP, noise), and a
// generated CTI capture of over a million messages and sixty thousand calls: the Calls
// view holds only the rows in sight and End reaches the last call.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as h from './harness.mjs';

const N = 1_000_000;
let s;
before(async () => {
  s = await h.open();
  await s.page.setInputFiles('#file-input', h.writeFile(h.scratch(), 'flood.pcap', h.ctiqbeFlood(N)));
  await h.waitForResults(s.page);
});
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), []);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close(); // even when a check fails, so no browser is left running
  }
});

test('one million messages: paged rows, End, filter and sort in the worker', async () => {
  const p = s.page;
  await p.click('#tab-messages');
  assert.equal(await p.textContent('#messages-heading'), `Messages (${N})`);
  assert.ok(await p.$$eval('#messages .vrow', (r) => r.length) < 100, 'only the rows in sight are in the DOM');
  await p.click('.vrows .vrow[data-pos="0"]');
  await p.keyboard.press('End');
  await p.waitForSelector(`#detail[data-index="${N - 1}"]`);
  assert.match(await p.textContent('#detail h3'), new RegExp(`seq ${N - 1}\\b`));
  await p.fill('#filter-text', `seq ${N - 2}`);
  await p.waitForFunction(() => /Messages \(1 of/.test(document.getElementById('messages-heading').textContent));
  await p.fill('#filter-text', '');
  await p.waitForFunction((n) => document.getElementById('messages-heading').textContent === `Messages (${n})`, N);
  await p.click('.vhead button:text("Frame")'); // already by frame: the click reverses it
  await p.waitForFunction((n) => new RegExp(`seq ${n - 1}\\b`).test(document.querySelector('.vrows .vrow .c-summary').textContent), N);
  await p.click('#tab-ladder');
  await p.waitForSelector('svg.ladder');
  assert.equal(await p.$$eval('svg.ladder g.msg', (g) => g.length), 300);
  await p.click('#ladder-next');
  await p.waitForFunction((n) => document.querySelector('.ladder-bar').textContent.includes(`messages 301–600 of ${n}`), N);
});

test('a generated mixed capture: CTI over TLS listed with the CTI sessions, other TLS beneath', async () => {
  const path = join(h.scratch(), 'mixed.pcap');
  execFileSync(join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope'), ['generate', '2000000', path]);
  await s.page.setInputFiles('#file-input', path);
  await h.waitForResults(s.page);
  await s.page.click('#tab-sessions');
  const cti = await s.page.$$eval('#sessions table.sessions:not(.other) tbody tr[data-session]', (r) => r.map((x) => x.textContent));
  assert.ok(cti.some((t) => /plaintext/.test(t)), 'plaintext CTI sessions');
  assert.ok(cti.some((t) => /:2749.*TLS/.test(t)), 'CTI over TLS sessions');
  const others = await s.page.$$eval('#sessions table.other tbody tr[data-session]', (r) => r.map((x) => x.textContent));
  assert.ok(others.length > 0 && others.every((t) => !/:2749/.test(t)));
  assert.ok(others.some((t) => /TLS 1\.[0-3]/.test(t)), 'TLS facts');
  const tlsHead = await s.page.$eval('#sessions table.other[data-protocol="tls"] thead', (x) => x.textContent);
  assert.match(tlsHead, /offered|version/);
  assert.ok(await s.page.$$eval('#findings .finding', (f) => f.length) > 0, 'findings over the mixed capture');
});

test('thousands of sessions: the sessions list shows the first thousand; their findings are a handful of groups', async () => {
  const path = join(h.scratch(), 'many-sessions.pcap');
  execFileSync(join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope'), ['generate', '24M', path, '--profile', 'cti']);
  await s.page.setInputFiles('#file-input', path);
  await h.waitForResults(s.page);
  // Findings are grouped by rule and server (docs/findings.md): thousands of sessions against
  // one CTI Manager give a handful of lines, each counting its sessions.
  const findings = Number((await s.page.textContent('#findings h2')).match(/\((\d+)\)/)[1]);
  assert.ok(findings <= 6, `${findings} findings`);
  assert.match(await s.page.textContent('#findings'), /\d{4} sessions · \d{4} clients · 10\.1\.1\.10:2748/);
  await s.page.click('#tab-sessions');
  assert.equal(await s.page.$$eval('#sessions table.sessions:not(.other) tbody tr[data-session]', (r) => r.length), 1000);
  assert.match(await s.page.textContent('#sessions .capped'), /more CTI sessions not listed/);
});

test('a million messages and sixty thousand calls: the Calls view pages rows and End reaches the last call', async () => {
  const path = join(h.scratch(), 'cti-1m.pcap');
  execFileSync(join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope'), ['generate', '360M', path, '--profile', 'cti']);
  const p = s.page;
  await p.setInputFiles('#file-input', path);
  await p.waitForSelector('body[data-state="done"]', { timeout: 300_000 });
  // The capture holds 1.22 million messages; the page keeps the first ~940,000 (its wasm
  // message-memory cap, Limits::max_message_memory), and every call (calls come from the sessions).
  const messages = Number((await p.textContent('#messages-heading')).match(/\((\d+)\)/)[1]);
  assert.ok(messages >= 900_000, `${messages} messages kept`);
  await p.click('#tab-calls');
  const calls = Number((await p.textContent('#calls-heading')).match(/\((\d+)\)/)[1]);
  assert.ok(calls > 50_000, `${calls} calls`);
  await p.waitForSelector('.calls-table .vrows .vrow[data-pos="0"]:not(.loading)');
  const domRows = await p.$$eval('.calls-table .vrow', (r) => r.length);
  assert.ok(domRows < 100, `${domRows} call rows in the DOM`);
  await p.click('.calls-table .vrows .vrow[data-pos="0"] .c-calling');
  await p.keyboard.press('End');
  await p.waitForFunction((n) => {
    const row = document.querySelector(`.calls-table .vrow[data-pos="${n - 1}"][aria-selected="true"]:not(.loading)`);
    return row && row.querySelector('.c-id').textContent === `#${n}`;
  }, calls, { timeout: 30_000 });
  assert.ok(await p.$$eval('.calls-table .vrow', (r) => r.length) < 100, 'still only the rows in sight after End');
  console.log(`scale: ${messages} messages, ${calls} calls, ${domRows} call rows in the DOM`);
  // The last call's messages are past the messages the page keeps: its ladder says so.
  await p.keyboard.press('Enter');
  await p.waitForFunction((n) => (document.getElementById('callladder-heading') || {}).textContent?.startsWith(`Call ${n}:`), calls);
  await p.waitForSelector('#callladder-none');
  // The first call's are kept: its ladder draws them.
  await p.click('#callladder-back');
  await p.keyboard.press('Home');
  await p.waitForSelector('.calls-table .vrow[data-pos="0"][aria-selected="true"]:not(.loading)');
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => (document.getElementById('callladder-heading') || {}).textContent?.startsWith('Call 1:'));
  assert.ok(await p.$$eval('svg.call-ladder g.msg', (g) => g.length) > 0);
});
