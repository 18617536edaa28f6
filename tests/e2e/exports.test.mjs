// The exports, each generated in the page and checked by content: the JSON report is the CLI's
// report, the CSV holds exactly the filtered messages, the HTML findings report is self-contained
// and script-free, and the redacted capture no longer carries the login but still reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as h from './harness.mjs';

const CLI = join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope');
let s;
let capture;
before(async () => {
  s = await h.open();
  capture = h.realCapture('02_full_session_makecall_drop_v15.pcap');
  await s.page.setInputFiles('#file-input', capture);
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

test('JSON: the same report as the command line', async () => {
  const { name, text } = await h.downloadOf(s.page, '#export-json');
  assert.match(name, /\.ctiscope\.json$/);
  const page = JSON.parse(text);
  const cli = JSON.parse(execFileSync(CLI, ['analyze', '--json', capture], { maxBuffer: 256 << 20 }).toString());
  assert.equal(page.schema_version, 1);
  assert.deepEqual(page, cli);
  assert.ok(page.messages.length > 0);
  assert.ok(Array.isArray(page.messages[0].spans));
});

test('CSV: the messages of the current filter, quoted, with a header', async () => {
  await s.page.click('#tab-messages');
  await s.page.selectOption('#filter-direction', 'to_client');
  await s.page.waitForFunction(() => / of /.test(document.getElementById('messages-heading').textContent));
  const shown = Number(/\((\d+) of/.exec(await s.page.textContent('#messages-heading'))[1]);
  const { name, text } = await h.downloadOf(s.page, '#export-csv');
  assert.match(name, /\.messages\.csv$/);
  const lines = text.split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'frame,time,session,direction,protocol,name,summary,seq,request_frame,latency_ms');
  assert.equal(lines.length - 1, shown);
  assert.ok(lines.slice(1).every((l) => l.split(',')[3] === 'to_client'));
  await s.page.click('#filter-clear');
});

test('HTML: a self-contained findings report with no scripts, that opens anywhere', async () => {
  const { name, text } = await h.downloadOf(s.page, '#export-html');
  assert.match(name, /\.findings\.html$/);
  assert.doesNotMatch(text, /<script/i);
  assert.doesNotMatch(text, /\b(src|href)=/i, 'no external resources');
  assert.match(text, /<h1>ctiscope findings<\/h1>/);
  assert.match(text, /02_full_session_makecall_drop_v15\.pcap|sample\.pcapng/);
  assert.match(text, /Content-Security-Policy" content="default-src 'none'/);
  // It opens from disk with scripts off and shows the findings section.
  const file = h.writeFile(h.scratch(), name, text);
  const v = await h.openFileStatic(file);
  try {
    assert.match(await v.page.textContent('h2'), /Findings \(\d+\)/);
    assert.deepEqual(v.foreignRequests(), []);
  } finally { await v.close(); }
});

test('redacted capture: the login and numbers are gone, the file is otherwise the same and still reads', async () => {
  const [dl] = await Promise.all([s.page.waitForEvent('download'), s.page.click('#export-redacted')]);
  assert.match(dl.suggestedFilename(), /\.redacted\.pcap(ng)?$/);
  const out = readFileSync(await dl.path());
  const original = readFileSync(capture);
  assert.equal(out.length, original.length, 'a plain capture keeps its length');
  assert.match(await s.page.textContent('#export-status'), /Saved the redacted capture/);
  const report = JSON.parse(execFileSync(CLI, ['analyze', '--json', capture], { maxBuffer: 256 << 20 }).toString());
  const login = report.sessions.map((x) => x.info && x.info.provider && x.info.provider.login).find(Boolean);
  assert.ok(login, 'the capture has a login');
  for (const form of [Buffer.from(login, 'utf16le'), Buffer.from(login, 'latin1')]) {
    if (original.includes(form)) assert.equal(out.includes(form), false, `login ${login} still readable`);
  }
  assert.ok(original.includes(Buffer.from(login, 'utf16le')) || original.includes(Buffer.from(login, 'latin1')));
  // The redacted capture is still a capture with the same messages.
  const path = h.writeFile(h.scratch(), 'redacted.pcap', out);
  const again = JSON.parse(execFileSync(CLI, ['analyze', '--json', path], { maxBuffer: 256 << 20 }).toString());
  assert.equal(again.messages.length, report.messages.length);
});
