// CTIQBE part 2 in the page (ctiqbe-wire-2): a call's RTP media events (capture
// 03_outgoing_call_rtp_media_v15) — the StartTransmissionEvent's address and port highlighted
// in the hex view as plaintext of interest, the media finding, the call's media in the Sessions
// view — and device registrations (01_device_registration_v15) listed with address, model and
// Extension Mobility user. No request leaves the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

let s;
before(async () => {
  s = await h.open({ viewport: { width: 1600, height: 900 } });
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

async function load(name) {
  await s.page.setInputFiles('#file-input', h.realCapture(name, 'jtapi-client-2'));
  await h.waitForResults(s.page);
}

/** Indices of the hex bytes marked with `cls` in the detail pane. */
const marked = (cls) => s.page.$$eval(`#detail .hex .hx .b.${cls}`, (b) => b.map((x) => Number(x.dataset.i)));

test('media: the StartTransmissionEvent address and port are highlighted; finding; Sessions lists the media', async () => {
  await load('03_outgoing_call_rtp_media_v15.pcap');
  await s.page.click('#tab-overview');
  const ids = await s.page.$$eval('#findings .finding summary code', (c) => c.map((x) => x.textContent));
  assert.ok(ids.includes('CTI-MEDIA-EXPOSED'), ids.join());

  await s.page.click('#tab-messages');
  await s.page.selectOption('#filter-name', 'StartTransmissionEvent');
  await s.page.waitForFunction(() => /Messages \(1 of \d+\)/.test(document.getElementById('messages-heading').textContent));
  await s.page.click('.vrows .vrow[data-pos="0"]');
  await s.page.waitForSelector('#detail .hex');
  assert.match(await text('#detail h3'), /StartTransmissionEvent/);
  // ipAddr sits at frame offset 0x30 (fixed part 16 + header 32), rtpPortNumber right after.
  const tagged = await marked('tag');
  for (let i = 0x30; i < 0x38; i += 1) assert.ok(tagged.includes(i), `address/port byte ${i} marked`);
  await s.page.click('#detail [role=treeitem][data-path="ipAddr"] > .node');
  const sel = await marked('sel');
  assert.deepEqual([Math.min(...sel), Math.max(...sel) + 1], [0x30, 0x34]);
  assert.match(await text('#detail'), /10\.10\.20\.32/);

  await s.page.click('#tab-sessions');
  const row = await text('#sessions tr[data-session="1"]');
  for (const want of ['send 10.10.20.32:16386 G711Ulaw64k', 'receive 10.10.20.31:24580']) assert.ok(row.includes(want), `${want} in ${row}`);
});

test('registrations: the Sessions view lists the registered devices with address, model and user', async () => {
  await load('01_device_registration_v15.pcap');
  await s.page.click('#tab-sessions');
  const cell = await text('#sessions tr[data-session="1"] td.registered');
  for (const want of ['CTIP2001 registered 10.10.20.50', 'SEP001122334455 registered 10.10.20.31 Cisco 8865 user alice', 'SEP00AABBCCDDEE unregistered 10.10.20.33']) {
    assert.ok(cell.includes(want), `${want} in ${cell}`);
  }
});
