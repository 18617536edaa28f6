// The page as a user uses it: load it, drop a capture, use the picker, use the sample button,
// cancel a long analysis, and get clear errors for files that are not captures - with no
// request leaving the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import * as h from './harness.mjs';

let s;
before(async () => { s = await h.open(); });
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), [], 'the page made requests outside its own files');
    assert.deepEqual(s.errors, [], 'page errors');
    assert.deepEqual(s.dialogs, []);
  } finally {
    await s.close(); // even when a check fails, so no browser is left running
  }
});

test('the sample button analyzes the built-in capture', async () => {
  await s.page.click('#sample-button');
  const text = await h.waitForResults(s.page);
  assert.match(text, /pcapng/);
  assert.match(await s.page.textContent('#flows'), /10\.20\.30\.41:49822/);
  assert.match(await s.page.textContent('#flows'), /ctiqbe/);
  assert.match(await s.page.textContent('#flows'), /sip/);
  assert.match(await s.page.textContent('#sessions'), /ctiqbe/i);
  const messages = await s.page.textContent('#messages');
  assert.match(messages, /Messages \(32\)/);
  assert.match(messages, /ProviderOpenRequest/);
  assert.match(messages, /LineCallInitiateRequest seq 5 3001 → 915551234567/);
  const packets = await s.page.textContent('#summary dl');
  assert.match(packets, /Packets\s*40/);
});

test('a dropped capture is analyzed', async () => {
  const { bytes } = h.sampleCapture();
  await h.dropFile(s.page, 'dropped.pcapng', bytes);
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#summary'), /dropped\.pcapng/);
  assert.match(await s.page.textContent('#flows'), /Flows \(3\)/);
});

test('the file picker opens a capture', async () => {
  await s.page.setInputFiles('#file-input', h.realCapture('04_provideropen_credential_variants_v15.pcap'));
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#summary'), /Packets/);
  assert.match(await s.page.textContent('#summary'), /pcapng/);
  assert.match(await s.page.textContent('#flows'), /Flows \(5\)/);
});

test('bad input gives a clear message and the page stays usable', async () => {
  const dir = h.scratch();
  const { bytes } = h.sampleCapture();
  const random = Buffer.alloc(4096);
  for (let i = 0; i < random.length; i += 1) random[i] = (i * 2654435761) >>> 24;
  const cases = [
    ['notes.txt', Buffer.from('This is a text file, not a capture.\n'), /not a pcap or pcapng capture/],
    ['empty.pcap', Buffer.alloc(0), /empty/],
    ['random.bin', random, /not a pcap or pcapng capture/],
  ];
  for (const [name, data, want] of cases) {
    await s.page.setInputFiles('#file-input', h.writeFile(dir, name, data));
    assert.match(await h.waitForError(s.page), want, name);
    assert.equal(await s.page.isHidden('#progress'), true);
  }
  // A truncated capture is analyzed up to the cut, with a warning.
  await s.page.setInputFiles('#file-input', h.writeFile(dir, 'cut.pcapng', bytes.subarray(0, bytes.length - 50)));
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#summary'), /truncated/);
  assert.equal(await s.page.isHidden('#error'), true);
});

test('a long analysis shows progress and can be cancelled', async () => {
  const { bytes } = h.sampleCapture();
  // The sample's section and interface header, then its packet blocks repeated to ~200 MiB.
  const head = bytes.subarray(0, 48);
  const body = bytes.subarray(48);
  const path = join(h.scratch(), 'big.pcapng');
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  for (let written = 0; written < 200 * 1024 * 1024; written += body.length) writeSync(fd, body);
  closeSync(fd);
  await s.page.setInputFiles('#file-input', path);
  await s.page.waitForSelector('#progress:not([hidden])');
  await s.page.waitForFunction(() => document.getElementById('progress-bar').value > 0);
  await s.page.click('#cancel-button');
  assert.match(await h.waitForError(s.page), /Cancelled/);
  assert.equal(await s.page.isHidden('#progress'), true);
  // The page is still usable.
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
});
