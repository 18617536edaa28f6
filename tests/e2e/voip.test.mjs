// The phone side and the contact centre in the page: an SCCP capture (a phone registering and
// calling, scapy-built fixture), a SIP capture (a call with a digest challenge and SRTP keys,
// recorded with SIPp) and a GED-188 capture (a CTI Server desktop session between two public
// implementations) show their messages, their sessions, the bytes of a tagged field
// highlighted, and their findings; the redacted GED-188 capture no longer holds the password,
// the caller's number or the call variables. No request leaves the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as h from './harness.mjs';

let s;
before(async () => {
  s = await h.open({ viewport: { width: 1400, height: 900 } });
});
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), [], 'the page made requests outside its own files');
    assert.deepEqual(s.errors, [], 'page errors');
  } finally {
    await s.close();
  }
});

const text = (sel) => s.page.textContent(sel);
const heading = () => s.page.$eval('#messages-heading', (x) => x.textContent);

async function load(path) {
  await s.page.setInputFiles('#file-input', path);
  await h.waitForResults(s.page);
}

/** Scrolls the table to a row and clicks it (the table only renders the rows in sight). */
async function clickRow(pos) {
  await s.page.$eval('.vbody', (b, p) => { b.scrollTop = p * document.querySelector('.vrows .vrow').getBoundingClientRect().height; }, pos);
  await s.page.click(`.vrows .vrow[data-pos="${pos}"]`);
}

/** Indices of the hex bytes marked with `cls` in the detail pane. */
const marked = (cls) => s.page.$$eval(`#detail .hex .hx .b.${cls}`, (b) => b.map((x) => Number(x.dataset.i)));

test('SCCP: a phone registering and calling — messages, the phone session, device name bytes, findings', async () => {
  await load(join(h.ROOT, 'tests/captures/sccp/sccp_register_call.pcap'));
  // Findings: the registration in the clear and the PIN typed during the call (masked).
  await s.page.click('#tab-overview');
  const ids = await s.page.$$eval('#findings .finding summary code', (c) => c.map((x) => x.textContent));
  assert.ok(ids.includes('SCCP-CLEARTEXT-REGISTRATION'), ids.join());
  assert.ok(ids.includes('SCCP-DIGITS-EXPOSED'), ids.join());
  const digits = ids.indexOf('SCCP-DIGITS-EXPOSED');
  await s.page.click(`#findings .finding >> nth=${digits}`);
  const detail = await text('#findings .finding[open]');
  assert.doesNotMatch(detail, /4321/, 'the PIN is masked in the finding');
  // Sessions: the phone, with its device name and model.
  await s.page.click('#tab-sessions');
  const row = await text('#sessions table[data-protocol="sccp"] tr[data-session="1"]');
  for (const want of ['10.10.20.31:51234', '10.10.10.11:2000', 'SEP001122334455']) assert.ok(row.includes(want), `${want} in ${row}`);
  // Messages: 52 SCCP messages, named as Wireshark names them; the protocol filter offers sccp.
  await s.page.click('#tab-messages');
  await s.page.waitForFunction(() => document.getElementById('messages-heading').textContent === 'Messages (52)');
  const protocols = await s.page.$$eval('#filter-protocol option', (o) => o.map((x) => x.value));
  assert.ok(protocols.includes('sccp'), protocols.join());
  // Detail of RegisterReq: the device name is plaintext of interest, its bytes (12..28) highlighted.
  await clickRow(0);
  await s.page.waitForSelector('#detail[data-index="0"] .hex');
  assert.match(await text('#detail h3'), /RegisterReq/);
  const tagged = await marked('tag');
  for (let i = 12; i < 28; i += 1) assert.ok(tagged.includes(i), `device name byte ${i} marked`);
  await s.page.click('#detail [role=treeitem][data-path="sid.DeviceName"] > .node');
  const sel = await marked('sel');
  assert.deepEqual([Math.min(...sel), Math.max(...sel) + 1], [12, 28]);
  // The ladder of the phone's session pairs KeepAliveReq with its KeepAliveAck.
  await s.page.click('#tab-ladder');
  await s.page.waitForSelector('#ladder svg');
  assert.match(await text('#ladder'), /KeepAliveReq/);
});

test('SIP: a call with a digest challenge and SRTP keys — messages, the dialog, the called number bytes, findings masked', async () => {
  await load(join(h.ROOT, 'tests/captures/sip/sip_udp_call_digest.pcap'));
  await s.page.click('#tab-overview');
  const ids = await s.page.$$eval('#findings .finding summary code', (c) => c.map((x) => x.textContent));
  for (const id of ['SIP-SRTP-KEY-EXPOSED', 'SIP-DIGEST-EXPOSED', 'SIP-CLEARTEXT-SIGNALLING']) assert.ok(ids.includes(id), `${id} in ${ids.join()}`);
  // The SRTP key and the digest response never appear in clear in the findings.
  const all = await text('#findings');
  assert.doesNotMatch(all, /Y3RpU2NvcGVGaXh0dXJlS2V5MDEyMzQ1Njc4OWFi/);
  assert.doesNotMatch(all, /bb7f6d3f308baae3ec41c4c88103d71f/);
  // Sessions: one SIP dialog between the two user agents.
  await s.page.click('#tab-sessions');
  const table = await text('#sessions table[data-protocol="sip"]');
  assert.match(table, /127\.0\.0\.1:5070/);
  assert.match(table, /1-32609@127\.0\.0\.1/, 'the Call-ID is a fact of the dialog');
  // Messages: ten, the INVITE first, named by method; the protocol filter offers sip.
  await s.page.click('#tab-messages');
  await s.page.click('#filter-clear');
  await s.page.waitForFunction(() => document.getElementById('messages-heading').textContent === 'Messages (10)');
  const protocols = await s.page.$$eval('#filter-protocol option', (o) => o.map((x) => x.value));
  assert.ok(protocols.includes('sip'), protocols.join());
  await clickRow(0);
  await s.page.waitForSelector('#detail[data-index="0"] .hex');
  assert.match(await text('#detail h3'), /INVITE/);
  assert.match(await text('#detail .facts'), /method INVITE/);
  // The called number in the To header (bytes 189..193, "1002") is highlighted, and selecting
  // the field selects exactly those bytes.
  const tagged = await marked('tag');
  for (let i = 189; i < 193; i += 1) assert.ok(tagged.includes(i), `called number byte ${i} marked`);
  await s.page.click('#detail [role=treeitem][data-path="to.user"] > .node');
  const sel = await marked('sel');
  assert.deepEqual([Math.min(...sel), Math.max(...sel) + 1], [189, 193]);
  // A response shows its request and latency; the ladder pairs them.
  await clickRow(1);
  await s.page.waitForSelector('#detail[data-index="1"] #detail-request');
  assert.match(await text('#detail .facts'), /status 401/);
  await s.page.click('#tab-ladder');
  await s.page.waitForSelector('#ladder svg');
  assert.match(await text('#ladder'), /INVITE/);
  assert.match(await text('#ladder'), /401 Unauthorized/);
});

test('GED-188: a CTI Server session — the password finding opens its bytes, the redacted capture loses the secrets', async () => {
  const path = join(h.ROOT, 'tests/captures/ged188/ged188_v20_session_calldata_close_port52027.pcap');
  await load(path);
  await s.page.click('#tab-overview');
  const ids = await s.page.$$eval('#findings .finding summary code', (c) => c.map((x) => x.textContent));
  for (const id of ['CTI-SERVER-PASSWORD-EXPOSED', 'CTI-SERVER-CLEARTEXT-SESSION', 'CTI-SERVER-CALLER-DATA-EXPOSED']) assert.ok(ids.includes(id), `${id} in ${ids.join()}`);
  assert.doesNotMatch(await text('#findings'), /S3cr3t-CTI-pw/, 'the password is masked');
  // The evidence opens OPEN_REQ with the ClientPassword bytes (72..85) selected.
  await s.page.click(`#findings .finding >> nth=${ids.indexOf('CTI-SERVER-PASSWORD-EXPOSED')}`);
  await s.page.click('#findings .finding[open] .evidence tbody tr >> nth=0 >> button');
  await s.page.waitForSelector('#detail[data-index="0"] .hex .b.sel');
  assert.match(await text('#detail h3'), /OPEN_REQ/);
  const sel = await marked('sel');
  assert.deepEqual([Math.min(...sel), Math.max(...sel) + 1], [72, 85]);
  assert.equal(await s.page.getAttribute('#detail [data-path="ClientPassword"]', 'aria-selected'), 'true');
  // Sessions: the client identity.
  await s.page.click('#tab-sessions');
  assert.match(await text('#sessions table[data-protocol="ged188"]'), /agentdesk01/);
  await s.page.click('#tab-messages');
  const protocols = await s.page.$$eval('#filter-protocol option', (o) => o.map((x) => x.value));
  assert.ok(protocols.includes('ged188'), protocols.join());
  // The redacted capture, made in the page.
  const [dl] = await Promise.all([s.page.waitForEvent('download'), s.page.click('#export-redacted')]);
  const out = readFileSync(await dl.path());
  const original = readFileSync(path);
  assert.equal(out.length, original.length);
  for (const secret of ['S3cr3t-CTI-pw', '+14085551234', '8005550100', 'acct=77881234', 'Jane Doe']) {
    assert.ok(original.includes(Buffer.from(secret)), `${secret} is in the capture`);
    assert.ok(!out.includes(Buffer.from(secret)), `${secret} is gone from the redacted capture`);
  }
});
