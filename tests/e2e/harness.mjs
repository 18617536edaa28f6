// Shared set-up of the browser tests: serves dist/ under a path prefix (the page must work
// under any prefix), launches Debian chromium through playwright-core, records every request
// the page makes and every page error, and builds test captures with the native CLI.
//
// Temporary files: everything a test file makes in the temp folder - its scratch captures,
// playwright's browser profiles and download folders, chromium's own temporary files - goes
// into one folder per test process (TMPDIR is pointed at it), removed when the process exits,
// whether its tests passed or failed. Browsers and servers a failed test left open are closed
// after the file's tests (so the process can end).
import { chromium } from 'playwright-core';
import { after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
/** The real captures kept in the repository. */
export const CAPTURES = join(ROOT, 'tests', 'captures');
const CLI = join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'release', 'ctiscope');

/** This process's temporary folder; os.tmpdir() (playwright, chromium, scratch()) points here. */
export const TEMP = mkdtempSync(join(tmpdir(), 'ctiscope-e2e-'));
process.env.TMPDIR = TEMP;
function removeTemp() {
  rmSync(TEMP, { recursive: true, force: true, maxRetries: 3 });
}
// Playwright kills the browsers it launched in its own 'exit' listener; ours is moved behind it
// at every launch, so the folder goes once nothing writes into it any more.
function cleanupLast() {
  process.off('exit', removeTemp);
  process.on('exit', removeTemp);
}
cleanupLast();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
}

/** Browsers and servers still open. A test that fails before closing what it opened would
 * otherwise leave a browser running and keep the process (and its temp folder) alive. */
const open_ = new Set();
after(async () => {
  for (const close of [...open_]) await close().catch(() => {});
});

/** Registers `close` until it is called; returns the idempotent close. */
export function tracked(close) {
  let done;
  const once = () => {
    open_.delete(once);
    done ??= close();
    return done;
  };
  open_.add(once);
  return once;
}

export async function launch() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  cleanupLast();
  return browser;
}

export async function closeServer(server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts the server and a browser page; returns helpers and the lists it records. */
export async function open({ prefix = '/ctiscope/some/prefix/', colorScheme, viewport, hash = '' } = {}) {
  const { server, url } = await startServer({ root: join(ROOT, 'dist'), port: 0, prefix });
  let browser;
  const close = tracked(async () => { await browser?.close(); await closeServer(server); });
  browser = await launch();
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const dialogs = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  context.on('serviceworker', () => errors.push('a service worker was registered'));
  await page.goto(url + hash);
  await page.waitForSelector('body[data-state="ready"]');
  return {
    page, url, requests, errors, dialogs,
    /** Requests that did not go to the page's own files. */
    foreignRequests: () => requests.filter((r) => !r.startsWith(url) && !r.startsWith('blob:') && !r.startsWith('data:')),
    close,
  };
}

/** Waits for the analysis to finish (results shown) and returns the summary text. */
export async function waitForResults(page) {
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  return page.textContent('#results');
}

/** Waits for the error box and returns its text. */
export async function waitForError(page) {
  await page.waitForSelector('body[data-state="error"], body[data-state="cancelled"]', { timeout: 60_000 });
  return page.textContent('#error');
}

/** Drops a file on the page the way a browser does (a DataTransfer on a drop event). */
export async function dropFile(page, name, bytes) {
  await page.evaluate(async ({ name, b64 }) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bin], name));
    const zone = document.getElementById('drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { name, b64: Buffer.from(bytes).toString('base64') });
}

/** Drops several files at once (one DataTransfer holding them all), as dragging a selection. */
export async function dropFiles(page, files) {
  await page.evaluate(async (list) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of list) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    const zone = document.getElementById('drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files.map(({ name, bytes }) => ({ name, b64: Buffer.from(bytes).toString('base64') })));
}

/** A temporary directory for files the tests make (inside TEMP, removed at exit). */
export function scratch() {
  return mkdtempSync(join(TEMP, 'scratch-'));
}

/** The sample capture, written by the project's own CLI. */
export function sampleCapture() {
  const dir = scratch();
  const path = join(dir, 'sample.pcapng');
  execFileSync(CLI, ['sample', path]);
  return { path, bytes: readFileSync(path) };
}

export function writeFile(dir, name, bytes) {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** Opens a page from a file:// URL (the single-file build), recording requests and errors. */
export async function openFile(path, { colorScheme } = {}) {
  const browser = await launch();
  const close = tracked(() => browser.close());
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const url = `file://${path}`;
  await page.goto(url);
  await page.waitForSelector('body[data-state="ready"]');
  return {
    page, url, requests, errors,
    foreignRequests: () => requests.filter((r) => r !== url && !r.startsWith(`${url}#`) && !r.startsWith('blob:') && !r.startsWith('data:')),
    close,
  };
}

/** The path of a real capture of tests/captures (`jtapi-client` unless `dir` says otherwise). */
export function realCapture(name, dir = 'jtapi-client') {
  const path = join(CAPTURES, dir, name);
  if (!existsSync(path)) throw new Error(`${path} not found`);
  return path;
}

/** Clicks `selector` and returns the download's file name and text. */
export async function downloadOf(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
}

/** Opens a static HTML file with JavaScript disabled; records its requests. */
export async function openFileStatic(path) {
  const browser = await launch();
  const close = tracked(() => browser.close());
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = `file://${path}`;
  await page.goto(url);
  return { page, foreignRequests: () => requests.filter((r) => r !== url), close };
}

/**
 * A pcap of one CTIQBE connection (SYN, SYN-ACK, then the client's data) carrying `n`
 * ProviderGetCapabilitiesRequest messages (PDU 127, 36 bytes each) with sequence numbers 0..n-1,
 * 40 to a segment: a capture with as many messages as a test needs.
 */
export function ctiqbeFlood(n) {
  const PER = 40;
  const records = [];
  const u32le = (b, at, v) => b.writeUInt32LE(v >>> 0, at);
  const packet = (fromClient, flags, seq, ack, payload) => {
    const ip = Buffer.alloc(20 + 20 + payload.length);
    ip.set([0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 6, 0, 0]);
    ip.writeUInt16BE(ip.length, 2);
    ip.set(fromClient ? [10, 0, 0, 2, 10, 0, 0, 1] : [10, 0, 0, 1, 10, 0, 0, 2], 12);
    ip.writeUInt16BE(fromClient ? 50000 : 2748, 20);
    ip.writeUInt16BE(fromClient ? 2748 : 50000, 22);
    ip.writeUInt32BE(seq >>> 0, 24);
    ip.writeUInt32BE(ack >>> 0, 28);
    ip[32] = 0x50;
    ip[33] = flags;
    ip.writeUInt16BE(0xffff, 34);
    payload.copy(ip, 40);
    const eth = Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 8, 0]), ip]);
    const rec = Buffer.alloc(16);
    const t = records.length;
    u32le(rec, 0, 1_796_000_000 + Math.floor(t / 1000));
    u32le(rec, 4, (t % 1000) * 1000);
    u32le(rec, 8, eth.length);
    u32le(rec, 12, eth.length);
    records.push(rec, eth);
  };
  const head = Buffer.alloc(24);
  head.set([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
  u32le(head, 16, 65535);
  u32le(head, 20, 1);
  packet(true, 0x02, 1000, 0, Buffer.alloc(0));
  packet(false, 0x12, 5000, 1001, Buffer.alloc(0));
  let seq = 1001;
  for (let first = 0; first < n; first += PER) {
    const count = Math.min(PER, n - first);
    const data = Buffer.alloc(36 * count);
    for (let i = 0; i < count; i += 1) {
      const at = 36 * i;
      for (const [off, v] of [[0, 28], [4, 0], [8, 0xffffdddd], [12, 0x00110000], [16, 127], [20, 32], [24, 4], [28, 0], [32, first + i]]) u32le(data, at + off, v);
    }
    packet(true, 0x18, seq, 5001, data);
    seq += data.length;
  }
  return Buffer.concat([head, ...records]);
}

/**
 * Opens message `pos` of the messages table in the detail pane: scrolls the row into view
 * (the table only renders the rows in sight), clicks it, and waits for its detail. Clicks again
 * when a busy machine re-rendered the row under the first click.
 */
export async function openRow(page, pos, what = '.hex') {
  for (let attempt = 0; ; attempt += 1) {
    await page.$eval('.vbody', (b, p) => { b.scrollTop = p * document.querySelector('.vrows .vrow').getBoundingClientRect().height; }, pos);
    await page.click(`.vrows .vrow[data-pos="${pos}"]`);
    try {
      await page.waitForSelector(`#detail[data-index="${pos}"] ${what}`, { timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

