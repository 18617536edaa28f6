// The npm package: `scripts/package.sh` assembles pkg/, `npm pack` makes the tarball, which is
// installed offline into a temporary project; there `import { analyze, open } from 'ctiscope'`
// must give the CLI's `--json` report of a real capture, in Node (bytes and a ReadableStream,
// abort; open() on the calling thread) and in Chromium (a File, through the package's Worker, no
// foreign request). open() is the page's own client (web/client.js, shipped verbatim): its
// handle's rows must be the report's messages, its report() the CLI's, close() and an abort must
// end it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT, TEMP, closeServer, launch, realCapture, tracked } from './harness.mjs';

const CLI = join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'release', 'ctiscope');
const CAPTURE = realCapture('02_full_session_makecall_drop_v15.pcap');

/** Packs pkg/ and installs the tarball into a fresh project; returns the project folder. */
function installedProject() {
  execFileSync(join(ROOT, 'scripts', 'package.sh'), { stdio: 'inherit' });
  const npmEnv = { ...process.env, npm_config_cache: join(TEMP, 'npm-cache'), npm_config_update_notifier: 'false' };
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', TEMP], { cwd: join(ROOT, 'pkg'), env: npmEnv, encoding: 'utf8' }));
  const tarball = join(TEMP, packed[0].filename);
  const files = packed[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, ['README.md', 'index.d.ts', 'index.js', 'package.json', 'pkg/ctiscope.js', 'pkg/ctiscope_bg.wasm',
    'web/backend.js', 'web/client.js', 'web/messages.js', 'web/wasm-source.js', 'web/worker.js']);
  const project = join(TEMP, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-ctiscope', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env: npmEnv, stdio: 'inherit' });
  return project;
}

const project = installedProject();
const expected = JSON.parse(execFileSync(CLI, ['analyze', '--json', CAPTURE], { encoding: 'utf8', maxBuffer: 1 << 28 }));

/**
 * What an open() handle gave (see the scripts below): its summary, a view of every message and
 * its rows, its report(), and requests after close().
 */
function checkOpened(o) {
  assert.equal(o.summary.message_count, expected.messages.length);
  assert.equal(o.summary.call_count, (expected.calls || []).length);
  for (const key of ['capture', 'flows', 'findings', 'inventory', 'stats']) assert.deepEqual(o.summary[key], expected[key], key);
  assert.deepEqual(o.summary.sessions.map((x) => x.id), expected.sessions.map((x) => x.id));
  // A session row is the report's session without its info, plus the facts the page shows.
  for (const [i, row] of o.summary.sessions.entries()) {
    const { info, ...rest } = expected.sessions[i];
    assert.deepEqual({ ...row, facts: undefined }, { ...rest, facts: undefined }, `session ${row.id}`);
    assert.ok(info && Array.isArray(row.facts) && !('info' in row), `session ${row.id}: facts, no info`);
  }
  assert.ok(o.summary.sessions.some((x) => x.facts.some((f) => f.label === 'login')), 'a CTI session shows its login');
  assert.ok(o.wasmBytes > 0);
  assert.equal(o.count, expected.messages.length);
  assert.deepEqual(o.rows.map((r) => r.index), expected.messages.map((_, i) => i));
  for (const row of o.rows) {
    const m = expected.messages[row.index];
    for (const key of ['frame', 'time', 'session', 'direction', 'protocol', 'name', 'summary']) assert.equal(row[key], m[key], `row ${row.index} ${key}`);
  }
  // A filtered view: the rows of session 1's messages sent to the server.
  const want = expected.messages.map((m, i) => [m, i]).filter(([m]) => m.session === 1 && m.direction === 'to_server').map(([, i]) => i);
  assert.ok(want.length > 0);
  assert.deepEqual(o.filtered, want);
  assert.deepEqual(o.report, expected);
  assert.equal(o.pendingAtClose, 'AbortError', 'a request pending at close() rejects');
  assert.equal(o.afterClose, 'AbortError', 'a request after close() rejects');
  assert.equal(o.closed, true);
  assert.equal(o.abortedOpen, 'AbortError', 'an abort during the analysis rejects open()');
  assert.equal(o.mergedFiles, 2, 'an array of files is one merged capture');
}

/** The open() checks as a script for either side (Node, the browser): sets `out.*`. */
const OPEN_CHECKS = `
  async function openChecks(input, out) {
    const analysis = await open(input);
    out.summary = analysis.summary;
    out.wasmBytes = analysis.wasmBytes;
    out.count = await analysis.request(protocol.SET_VIEW, { name: 'all', query: {} });
    out.rows = await analysis.request(protocol.GET_ROWS, { name: 'all', offset: 0, limit: out.count });
    const n = await analysis.request(protocol.SET_VIEW, { name: 'mine', query: { session: 1, direction: 'to_server' } });
    out.filtered = (await analysis.request(protocol.GET_ROWS, { name: 'mine', offset: 0, limit: n })).map((r) => r.index);
    out.report = await analysis.report();
    const pending = analysis.request(protocol.GET_REPORT_JSON);
    analysis.close();
    out.pendingAtClose = await pending.then(() => 'resolved', (err) => err.name);
    out.afterClose = await analysis.request(protocol.GET_FACETS).then(() => 'resolved', (err) => err.name);
    out.closed = analysis.closed;
    const controller = new AbortController();
    out.abortedOpen = await open(input, { signal: controller.signal, onProgress: () => controller.abort() })
      .then(() => 'resolved', (err) => err.name);
    const merged = await open([input, input]);
    out.mergedFiles = merged.summary.capture.files.length;
    merged.close();
  }
`;

test('the package ships the page\'s own client and worker, unchanged', () => {
  for (const name of ['client.js', 'worker.js', 'backend.js', 'messages.js']) {
    assert.equal(readFileSync(join(project, 'node_modules', 'ctiscope', 'web', name), 'utf8'), readFileSync(join(ROOT, 'web', name), 'utf8'), name);
  }
});

test('in Node: bytes and a ReadableStream give the CLI report; an abort rejects with an AbortError; open() works on the calling thread', () => {
  writeFileSync(join(project, 'node-check.mjs'), `
    import { analyze, open, protocol } from 'ctiscope';
    import { readFile } from 'node:fs/promises';
    import { createReadStream } from 'node:fs';
    import { Readable } from 'node:stream';
    const file = process.argv[2];
    const progress = [];
    const fromBytes = await analyze(await readFile(file), { onProgress: (p) => progress.push(p) });
    const fromStream = await analyze(Readable.toWeb(createReadStream(file, { highWaterMark: 16384 })));
    const fromArrayBuffer = await analyze(new Uint8Array(await readFile(file)).buffer);
    const controller = new AbortController();
    const aborted = await analyze(Readable.toWeb(createReadStream(file, { highWaterMark: 16384 })), {
      signal: controller.signal, onProgress: () => controller.abort() }).then(() => 'resolved', (e) => e.name);
    const preAborted = await analyze(await readFile(file), { signal: AbortSignal.abort() }).then(() => 'resolved', (e) => e.name);
    const notCapture = await analyze(new TextEncoder().encode('not a capture at all')).then(() => 'resolved', (e) => e.message);
    const opened = {};
    await openChecks(new Blob([await readFile(file)]), opened);
    const openNotCapture = await open(new TextEncoder().encode('not a capture at all')).then(() => 'resolved', (e) => e.message);
    process.stdout.write(JSON.stringify({ fromBytes, fromStream, fromArrayBuffer, progress, aborted, preAborted, notCapture, opened, openNotCapture }));
    ${OPEN_CHECKS}
  `);
  const out = JSON.parse(execFileSync('node', ['node-check.mjs', CAPTURE], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 28 }));
  assert.deepEqual(out.fromBytes, expected);
  assert.deepEqual(out.fromStream, expected);
  assert.deepEqual(out.fromArrayBuffer, expected);
  assert.ok(out.progress.length >= 2, 'progress while reading and when finishing');
  const last = out.progress.at(-1);
  assert.equal(last.finishing, true);
  assert.equal(last.bytesRead, expected.capture.file_bytes);
  assert.equal(last.packets, expected.capture.packets);
  assert.equal(out.aborted, 'AbortError');
  assert.equal(out.preAborted, 'AbortError');
  assert.notEqual(out.notCapture, 'resolved');
  checkOpened(out.opened);
  assert.match(out.openNotCapture, /not a pcap or pcapng capture/);
});

test('in Chromium: a File analyzed through the package Worker gives the CLI report; open() pages its rows', async () => {
  writeFileSync(join(project, 'index.html'), '<!doctype html><meta charset="utf-8"><title>uses ctiscope</title><link rel="icon" href="data:,">'
    + '<input type="file" id="file"><script type="module" src="main.js"></script>');
  writeFileSync(join(project, 'main.js'), `
    import { analyze, open, protocol } from './node_modules/ctiscope/index.js';
    ${OPEN_CHECKS}
    document.getElementById('file').addEventListener('change', async (e) => {
      const progress = [];
      try {
        window.report = await analyze(e.target.files[0], { onProgress: (p) => progress.push(p) });
        window.progress = progress;
        const controller = new AbortController();
        const pending = analyze(e.target.files[0], { signal: controller.signal });
        controller.abort();
        window.aborted = await pending.then(() => 'resolved', (err) => err.name);
        window.opened = {};
        await openChecks(e.target.files[0], window.opened);
        document.body.dataset.state = 'done';
      } catch (err) {
        document.body.dataset.state = 'error: ' + err.message;
      }
    });
    document.body.dataset.state = 'ready';
  `);
  const { server, url } = await startServer({ root: project, port: 0, prefix: '/' });
  let browser;
  const close = tracked(async () => { await browser?.close(); await closeServer(server); });
  try {
    browser = await launch();
    const page = await browser.newPage();
    const requests = [];
    const errors = [];
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(url);
    await page.waitForSelector('body[data-state="ready"]');
    await page.setInputFiles('#file', CAPTURE);
    await page.waitForSelector('body[data-state="done"], body[data-state^="error"]', { timeout: 60000 });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'done');
    assert.deepEqual(await page.evaluate(() => window.report), expected);
    const progress = await page.evaluate(() => window.progress);
    assert.equal(progress.at(-1).finishing, true);
    assert.equal(progress.at(-1).packets, expected.capture.packets);
    assert.equal(await page.evaluate(() => window.aborted), 'AbortError');
    checkOpened(await page.evaluate(() => window.opened));
    assert.ok(workers.length >= 1 && workers.every((w) => w === url + 'node_modules/ctiscope/web/worker.js'),
      `the analysis ran in the package worker: ${workers}`);
    assert.deepEqual(requests.filter((r) => !r.startsWith(url)), [], 'no foreign requests');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
