// The single-file build (dist/ctiscope.html) opened straight from disk: it analyzes a capture
// and its built-in sample, its views work, it makes no request but to itself (and its own
// blob:/data: URLs), and its CSP allows the inline script and style by hash only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as h from './harness.mjs';

const FILE = join(h.ROOT, 'dist', 'ctiscope.html');
let s;
before(async () => { s = await h.openFile(FILE); });
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), [], 'the single file made requests');
    assert.deepEqual(s.errors, [], 'page errors');
  } finally {
    await s.close(); // even when a check fails, so no browser is left running
  }
});

test('its CSP uses hashes, not unsafe-inline, and it references no other file', () => {
  const html = readFileSync(FILE, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)[1];
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(csp, /worker-src blob:/);
  assert.match(csp, /connect-src 'none'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+stylesheet/);
});

test('analyzes a capture opened from file://', async () => {
  await s.page.setInputFiles('#file-input', h.realCapture('04_provideropen_credential_variants_v15.pcap'));
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#summary'), /Packets/);
  assert.match(await s.page.textContent('#flows'), /Flows \(5\)/);
  await s.page.click('#tab-messages');
  await s.page.click('.vrows .vrow[data-pos="0"]');
  await s.page.waitForSelector('#detail[data-index="0"] .hex .b');
  await s.page.click('#tab-ladder');
  await s.page.waitForSelector('svg.ladder g.msg');
});

test('the inlined sample capture works offline', async () => {
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#summary dl'), /Packets\s*40/);
  assert.match(await s.page.textContent('#messages-heading'), /Messages \(32/);
  const { text } = await h.downloadOf(s.page, '#export-json');
  assert.equal(JSON.parse(text).messages.length, 32);
});
