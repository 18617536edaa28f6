// The npm package: `scripts/package.sh` assembles pkg/, `npm pack` makes the tarball, which is
// installed offline into a temporary project; there `import { analyze } from 'ctiscope'` must
// give the CLI's `--json` report of a real capture, in Node (bytes and a ReadableStream, abort)
// and in Chromium (a File, through the package's Worker, no foreign request).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
    'web/messages.js', 'web/wasm-source.js', 'web/worker.js']);
  const project = join(TEMP, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-ctiscope', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env: npmEnv, stdio: 'inherit' });
  return project;
}

const project = installedProject();
const expected = JSON.parse(execFileSync(CLI, ['analyze', '--json', CAPTURE], { encoding: 'utf8', maxBuffer: 1 << 28 }));

test('in Node: bytes and a ReadableStream give the CLI report; an abort rejects with an AbortError', () => {
  writeFileSync(join(project, 'node-check.mjs'), `
    import { analyze } from 'ctiscope';
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
    process.stdout.write(JSON.stringify({ fromBytes, fromStream, fromArrayBuffer, progress, aborted, preAborted, notCapture }));
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
});

test('in Chromium: a File analyzed through the package Worker gives the CLI report', async () => {
  writeFileSync(join(project, 'index.html'), '<!doctype html><meta charset="utf-8"><title>uses ctiscope</title><link rel="icon" href="data:,">'
    + '<input type="file" id="file"><script type="module" src="main.js"></script>');
  writeFileSync(join(project, 'main.js'), `
    import { analyze } from './node_modules/ctiscope/index.js';
    document.getElementById('file').addEventListener('change', async (e) => {
      const progress = [];
      try {
        window.report = await analyze(e.target.files[0], { onProgress: (p) => progress.push(p) });
        window.progress = progress;
        const controller = new AbortController();
        const pending = analyze(e.target.files[0], { signal: controller.signal });
        controller.abort();
        window.aborted = await pending.then(() => 'resolved', (err) => err.name);
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
    assert.ok(workers.length >= 1 && workers.every((w) => w === url + 'node_modules/ctiscope/web/worker.js'),
      `the analysis ran in the package worker: ${workers}`);
    assert.deepEqual(requests.filter((r) => !r.startsWith(url)), [], 'no foreign requests');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
