// Findings an auditor can act on (issue 15), in the page with the real engine: grouped findings
// (one line per rule at one server, how many sessions and clients, expandable to its sessions,
// each opening its messages) and the Inventory view (what the capture gives away, list by list,
// frames that open their message, CSV export).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as h from './harness.mjs';

let s;
before(async () => {
  s = await h.open();
});
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), []);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
});

const text = (sel) => s.page.textContent(sel);

test('five sessions against one CTI Manager: one finding per rule, each with its five sessions', async () => {
  // tests/captures/jtapi-client/README.md: 04 is five sessions (logins bob, alice.long.name,
  // ctiappuser ×3) to the fake CTI Manager on 127.0.0.1:2748.
  await s.page.setInputFiles('#file-input', h.realCapture('04_provideropen_credential_variants_v15.pcap'));
  await h.waitForResults(s.page);
  assert.equal(await text('#findings h2'), 'Findings (3)');
  const ids = await s.page.$$eval('#findings .finding summary code', (c) => c.map((x) => x.textContent));
  assert.deepEqual(ids, ['CTI-PASSWORD-KEY-UNAUTHENTICATED', 'CTI-CLEARTEXT-SESSION', 'CTI-LOGIN-EXPOSED']);
  const scopes = await s.page.$$eval('#findings .finding summary .scope', (c) => c.map((x) => x.textContent.trim()));
  assert.deepEqual(scopes, Array(3).fill('5 sessions · 1 client · 127.0.0.1:2748'));
  // The login group names its three logins and lists its sessions.
  await s.page.click('#findings .finding summary >> nth=2');
  const open = '#findings .finding[open]';
  assert.match(await text(`${open} .group-facts`), /Values \(3\)\s*bob, alice\.long\.name, ctiappuser/);
  const sessions = await s.page.$$eval(`${open} .group-sessions button`, (b) => b.map((x) => x.textContent));
  assert.deepEqual(sessions.map((t) => t.replace(/:\d+$/, '')), [1, 2, 3, 4, 5].map((i) => `#${i} 127.0.0.1`));
  // A session opens its messages.
  await s.page.click(`${open} .group-sessions button >> nth=3`);
  await s.page.waitForSelector('#panel-messages:not([hidden])');
  await s.page.waitForFunction(() => /Messages \(\d+ of \d+\)/.test(document.getElementById('messages-heading').textContent));
  await s.page.waitForFunction(() => {
    // (the table keeps a pool of rows: only those shown count)
    const rows = [...document.querySelectorAll('.vrows .vrow')].filter((r) => !r.hidden && r.offsetParent !== null && r.textContent.trim());
    const c = rows.map((r) => r.querySelector('.c-session').textContent.trim());
    return c.length > 0 && c.every((t) => t === '4');
  });
});

test('the Inventory view lists what the capture gives away; a frame opens its message; CSV export', async () => {
  await s.page.setInputFiles('#file-input', h.realCapture('02_full_session_makecall_drop_v15.pcap'));
  await h.waitForResults(s.page);
  await s.page.click('#tab-inventory');
  await s.page.waitForSelector('#panel-inventory:not([hidden])');
  const values = (list) => s.page.$$eval(`table.inventory[data-list="${list}"] tbody tr td:first-child`, (c) => c.map((x) => x.textContent));
  // The README's session 02: application "probe", login ctiappuser (the fake server echoes
  // "ctiappuse"), device SEP001122334455 with line 1001, a call 1001 → 1002.
  assert.deepEqual(await values('servers'), ['127.0.0.1:2748']);
  assert.deepEqual(await values('applications'), ['probe']);
  assert.deepEqual(await values('logins'), ['ctiappuser', 'ctiappuse']);
  assert.deepEqual(await values('devices'), ['SEP001122334455']);
  assert.ok((await values('lines')).includes('1001'));
  assert.deepEqual([...(await values('numbers'))].sort(), ['+11001', '1001', '1002']);
  assert.match(await text('table.inventory[data-list="servers"] tbody'), /protocol: ctiqbe; security: plaintext/);
  assert.equal(await s.page.$$eval('table.inventory[data-list="user_agents"], table.inventory[data-list="phones"]', (t) => t.length), 0);
  // The login's first frame opens its message, with the login in its fields.
  await s.page.click('table.inventory[data-list="logins"] tbody tr:first-child td:last-child button:first-child');
  await s.page.waitForSelector('#panel-messages:not([hidden])');
  await s.page.waitForSelector('#detail[data-index]');
  assert.match(await text('#detail'), /ProviderInit|ctiappuser/);
  // CSV: a header and one row per value, with its list.
  await s.page.click('#tab-inventory');
  const { name, text: csv } = await h.downloadOf(s.page, '#export-inventory');
  assert.equal(name, '02_full_session_makecall_drop_v15.inventory.csv');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'list,value,details,sessions,first_time,last_time,frames,messages');
  assert.ok(lines.some((l) => l.startsWith('logins,ctiappuser,')), csv);
  // A number a spreadsheet would read as a formula is quoted as text.
  assert.ok(lines.some((l) => l.startsWith("numbers,'+11001,")), csv);
});

test('capture text in the inventory stays text', async () => {
  const shown = await s.page.evaluate(async () => {
    const view = await import(new URL('web/views/inventory.js', document.baseURI).href);
    const box = document.createElement('section');
    document.body.append(box);
    view.render(box, { logins: [{ value: '<img src=x onerror=alert(1)>', details: [{ label: 'server', value: '<b>x</b>' }], sessions: 1, session_ids: [1], first_time: 1, last_time: 2, frames: [3], messages: [] }] }, () => {}, 'x.pcap');
    const out = { imgs: box.querySelectorAll('img, b').length, text: box.querySelector('table.inventory td').textContent };
    box.remove();
    return out;
  });
  assert.deepEqual(shown, { imgs: 0, text: '<img src=x onerror=alert(1)>' });
});

test('thousands of JTAPI sessions against one CTI Manager: a handful of findings adding up to the sessions', async () => {
  const path = join(h.scratch(), 'cti.pcap');
  execFileSync(join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope'), ['generate', '24M', path, '--profile', 'cti']);
  await s.page.setInputFiles('#file-input', path);
  await h.waitForResults(s.page);
  await s.page.click('#tab-overview');
  const n = Number((await text('#findings h2')).match(/\((\d+)\)/)[1]);
  assert.ok(n >= 3 && n <= 6, `${n} findings`);
  assert.equal(await s.page.$$eval('#findings .capped', (c) => c.length), 0);
  const scopes = await s.page.$$eval('#findings .finding summary .scope', (c) => c.map((x) => x.textContent.trim()));
  const cleartext = await s.page.$$eval('#findings .finding summary', (c) => c.map((x) => x.textContent).find((t) => t.includes('CTI-CLEARTEXT-SESSION')));
  const [, sessions, clients] = cleartext.match(/(\d+) sessions · (\d+) clients · 10\.1\.1\.10:2748/);
  assert.ok(Number(sessions) > 1000 && sessions === clients, cleartext);
  assert.ok(scopes.every((t) => /10\.1\.1\.10:2748/.test(t)), scopes.join('\n'));
  // The group lists the first hundred of its sessions and counts the rest.
  await s.page.click('#findings .finding summary:has(code:text("CTI-CLEARTEXT-SESSION"))');
  assert.equal(await s.page.$$eval('#findings .finding[open] .group-sessions button', (b) => b.length), 100);
  assert.match(await text('#findings .finding[open] .group-sessions'), new RegExp(`and ${Number(sessions) - 100} more`));
  await s.page.click('#tab-inventory');
  assert.match(await text('#inventory h2'), /Inventory \(\d+\)/);
  assert.match(await text('table.inventory[data-list="logins"] caption'), new RegExp(`Logins \\(\\d+\\)`));
});
