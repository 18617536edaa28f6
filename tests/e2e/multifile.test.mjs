// Several capture files at once: picked together or dropped together they are analyzed as one
// capture merged by timestamp. Rotated parts of a capture give the whole file's report (the JSON
// export, frame sources aside) and the command line's merged report; the same file twice is
// counted as duplicates; the Overview lists the files, the detail a message's source; and the
// Sessions view groups sessions by server (server rows that expand, by mouse and keyboard).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as h from './harness.mjs';

const CLI = join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope');
let s;
let dir;
let whole;
let parts;

/** A classic little-endian pcap cut into `n` rotated parts at record boundaries. */
function rotate(bytes, n) {
  assert.equal(bytes.readUInt32LE(0), 0xa1b2c3d4, 'the generator writes a little-endian microsecond pcap');
  const starts = [];
  for (let at = 24; at < bytes.length; at += 16 + bytes.readUInt32LE(at + 8)) starts.push(at);
  const header = bytes.subarray(0, 24);
  const per = Math.ceil(starts.length / n);
  const out = [];
  for (let i = 0; i < n; i++) {
    const from = starts[i * per];
    const to = i + 1 < n ? starts[(i + 1) * per] : bytes.length;
    out.push({ records: Math.min(per, starts.length - i * per), bytes: Buffer.concat([header, bytes.subarray(from, to)]) });
  }
  return out;
}

/** The report without what says which files it came from. */
function withoutSources(r) {
  const c = { ...r.capture };
  for (const k of ['files', 'format', 'compressed', 'file_bytes', 'warnings']) delete c[k];
  const stats = { ...r.stats };
  delete stats.duplicate_packets;
  return {
    ...r, capture: c, stats,
    messages: r.messages.map(({ source, ...m }) => m),
    findings: r.findings.map(({ sources, ...f }) => f),
  };
}

const cliReport = (...files) => JSON.parse(execFileSync(CLI, ['analyze', '--json', ...files], { maxBuffer: 512 << 20 }).toString());

before(async () => {
  s = await h.open();
  dir = h.scratch();
  whole = join(dir, 'whole.pcap');
  execFileSync(CLI, ['generate', '600k', whole, '--seed', '5']);
  parts = rotate(readFileSync(whole), 3).map((p, i) => ({ ...p, path: h.writeFile(dir, `ring_0000${i}.pcap`, p.bytes) }));
});
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), [], 'the page made requests outside its own files');
    assert.deepEqual(s.errors, [], 'page errors');
    assert.deepEqual(s.dialogs, []);
  } finally {
    await s.close(); // even when a check fails, so no browser is left running
  }
});

test('rotated parts picked together: one capture, the whole file\'s report, the files listed', async () => {
  await s.page.setInputFiles('#file-input', parts.map((p) => p.path));
  await h.waitForResults(s.page);
  const overview = await s.page.textContent('#summary');
  assert.match(overview, /Files merged \(3\)/);
  const rows = await s.page.$$eval('#summary .files-table tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[1]), parts.map((p) => basename(p.path)));
  assert.deepEqual(rows.map((r) => Number(r[3])), parts.map((p) => p.records));
  assert.ok(rows.every((r) => r[4] === '0'), 'no duplicates');
  assert.equal(await s.page.isEnabled('#export-redacted'), false, 'redaction is for one file');

  const { text } = await h.downloadOf(s.page, '#export-json');
  const page = JSON.parse(text);
  assert.equal(page.capture.files.length, 3);
  const single = cliReport(whole);
  assert.deepEqual(withoutSources(page), withoutSources(single));
  assert.ok(page.messages.length > 100 && page.findings.length > 0);
  // Every message knows its file and its frame there; here the merged frames are the whole file's.
  const first = [0, parts[0].records, parts[0].records + parts[1].records];
  assert.ok(page.messages.every((m) => first[m.source.file] + m.source.file_frame === m.frame));
  assert.ok(page.findings.every((f) => f.sources.length === f.frames.length));
  // The command line merges the same way (file names aside: paths there, names here).
  const cli = cliReport(...parts.map((p) => p.path));
  cli.capture.files.forEach((f) => { f.name = basename(f.name); });
  assert.deepEqual(page, cli);

  // Each evidence frame of a finding says which file it came from, and its frame there.
  const at = page.findings.findIndex((f) => f.evidence.length && f.sources.some((x) => x.file > 0));
  assert.ok(at >= 0, 'a finding with evidence from a later part');
  const f = page.findings[at];
  const want = f.evidence.map((e) => {
    const src = f.sources.find((x) => x.frame === e.frame);
    return `#${e.frame} ${page.capture.files[src.file].name} #${src.file_frame}`;
  });
  const shown = await s.page.$$eval(`#findings li:nth-child(${at + 1}) table.evidence tbody tr`, (r) => r.map((x) => x.lastElementChild.textContent.trim()));
  assert.deepEqual(shown, want);
  assert.ok(want.some((w) => !w.includes(basename(parts[0].path))), want.join('; '));

  // The detail says where a message came from.
  await s.page.click('#tab-messages');
  await s.page.click('.vrows .vrow[data-pos="0"]');
  await s.page.waitForSelector('#detail[data-index="0"]');
  assert.match(await s.page.textContent('#detail'), new RegExp(`Source\\s*${basename(parts[0].path)}, frame \\d+`));
});

test('sessions are grouped by server; a server row expands to its sessions, by mouse and keyboard', async () => {
  await s.page.click('#tab-sessions');
  const groups = await s.page.$$eval('#sessions tbody.server-group', (g) => g.map((x) => ({
    server: x.dataset.server,
    head: x.querySelector('tr.server-row').textContent,
    sessions: [...x.querySelectorAll('tr[data-session]')].map((r) => r.children[2].textContent),
    expanded: x.querySelector('button.server-toggle').getAttribute('aria-expanded'),
  })));
  assert.ok(groups.length >= 2, `${groups.length} server groups`);
  for (const g of groups) {
    assert.ok(g.sessions.length > 0 && g.sessions.every((server) => server === g.server), g.server);
    const m = g.head.match(/(\d+) sessions? · (\d+) clients?/);
    assert.ok(m, g.head);
    assert.ok(Number(m[1]) >= g.sessions.length);
  }
  // Servers with more than one session: the point of grouping.
  assert.ok(groups.some((g) => g.sessions.length > 1), 'some server has several sessions');
  // Every session is listed in its server's group (this capture has fewer than a table's cap).
  const { text } = await h.downloadOf(s.page, '#export-json');
  const report = JSON.parse(text);
  assert.ok(report.sessions.length < 1000);
  const listed = await s.page.$$eval('#sessions tr[data-session]', (r) => r.map((x) => Number(x.dataset.session)));
  assert.deepEqual(listed.sort((a, b) => a - b), report.sessions.map((x) => x.id));

  // Toggle one group: by click, then back by keyboard (Enter on the focused toggle).
  const sel = `#sessions tbody.server-group[data-server="${groups[0].server}"]`;
  const state = () => s.page.$eval(sel, (g) => ({
    expanded: g.querySelector('button.server-toggle').getAttribute('aria-expanded'),
    hidden: [...g.querySelectorAll('tr[data-session]')].map((r) => r.hidden),
  }));
  const before = await state();
  assert.ok(before.hidden.every((x) => x === (before.expanded === 'false')));
  await s.page.click(`${sel} button.server-toggle`);
  const clicked = await state();
  assert.notEqual(clicked.expanded, before.expanded);
  assert.ok(clicked.hidden.every((x) => x === (clicked.expanded === 'false')));
  await s.page.focus(`${sel} button.server-toggle`);
  await s.page.keyboard.press('Enter');
  assert.deepEqual(await state(), before);
});

test('two files dropped at once: the same capture twice is counted as duplicates and analyzed once', async () => {
  const bytes = readFileSync(parts[1].path);
  await h.dropFiles(s.page, [{ name: 'span-a.pcap', bytes }, { name: 'span-b.pcap', bytes }]);
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#summary dl'), new RegExp(`Packets\\s*${parts[1].records}(?!\\d)`));
  const rows = await s.page.$$eval('#summary .files-table tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => [r[1], Number(r[3]), Number(r[4])]), [
    ['span-a.pcap', parts[1].records, 0],
    ['span-b.pcap', parts[1].records, parts[1].records],
  ]);
  assert.match(await s.page.textContent('#summary .files'), new RegExp(`${parts[1].records} packets seen in two files were analyzed once`));
  const { text } = await h.downloadOf(s.page, '#export-json');
  assert.deepEqual(withoutSources(JSON.parse(text)), withoutSources(cliReport(parts[1].path)));
});

test('one file picked alone is the plain analysis: no file list, redaction available', async () => {
  await s.page.setInputFiles('#file-input', parts[2].path);
  await h.waitForResults(s.page);
  assert.equal(await s.page.$('#summary .files-table'), null);
  assert.equal(await s.page.isEnabled('#export-redacted'), true);
  assert.match(await s.page.textContent('#summary dl'), /ring_00002\.pcap/);
});
