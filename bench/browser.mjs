// The browser bench: the real page (dist/, served by scripts/serve.mjs) in headless Debian
// Chromium through playwright-core. Builds nothing: run scripts/build.sh (or `make build`) first;
// the generated captures come from the release CLI it builds (bench/README.md).
//
//   node bench/browser.mjs [--sizes 1G,4G] [--profiles cti,mixed] [--seed N] [--dir DIR] [--max-minutes 20] [--no-cancel]
//                          [--no-save]
//
// For each generator profile (default cti, the CTI-heavy one, then mixed) and size: opens
// `ctiscope generate SIZE --profile P` (cached in DIR, default $BENCH_DIR or
// /tmp/ctiscope-bench) through the page's file input and reports the analysis time (file chosen →
// worker's DONE), the time until the results are shown, MiB/s, the peak wasm memory of the
// engine (the worker's `wasmBytes`), the number of progress messages and the longest gap between
// two messages. Then, on the biggest file, a run cancelled a quarter of the way in (at most
// 256 MiB in): the page must say so and analyze the sample afterwards. Also: first paint (median
// of 5 cold loads) and the gzipped size of dist/pkg/ctiscope_bg.wasm.
//
// A size is skipped when the disk has no room for it, or when the previous size's throughput says
// it would take longer than --max-minutes. BROWSER_TIMEOUT (s, default 3600) bounds one analysis.
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../scripts/serve.mjs';
import {
  BENCH_DIR, CHROMIUM, CHROMIUM_ARGS, CLI, ROOT, appendResults, ensureCapture, fmt, log, machine, median, mib, parseSize,
  printUsage, table,
} from './lib.mjs';

const TIMEOUT_MS = Number(process.env.BROWSER_TIMEOUT || 3600) * 1000;

function parseArgs(argv) {
  const o = { sizes: ['1G', '4G'], profiles: ['cti', 'mixed'], seed: 1, dir: BENCH_DIR, maxMinutes: 20, cancel: true, save: true };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--sizes') o.sizes = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--profiles') o.profiles = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--dir') o.dir = value();
    else if (a === '--max-minutes') o.maxMinutes = Number(value());
    else if (a === '--no-cancel') o.cancel = false;
    else if (a === '--no-save') o.save = false;
    else if (a === '-h' || a === '--help') printUsage(import.meta.url);
    else throw new Error(`unknown argument ${a}`);
  }
  for (const s of o.sizes) parseSize(s);
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new Error('--seed takes a non-negative integer');
  return o;
}

/**
 * Runs in the page before its own scripts: every Worker the page starts also reports its
 * messages here (type, time, bytesRead, wasmBytes), `terminate()` is recorded, and so are the
 * moment the file input changes and each change of body[data-state].
 */
function instrument() {
  const b = { events: [], workers: 0, terminated: 0, changeAt: null, states: [] };
  window.__bench = b;
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      b.workers += 1;
      const n = b.workers;
      this.addEventListener('message', (e) => {
        const m = e.data || {};
        b.events.push({ worker: n, type: m.type, t: performance.now(), bytesRead: m.bytesRead, bytesTotal: m.bytesTotal, wasmBytes: m.wasmBytes, message: m.message });
      });
    }

    terminate() {
      b.terminated += 1;
      super.terminate();
    }
  };
  document.addEventListener('change', (e) => { if (e.target && e.target.id === 'file-input') b.changeAt = performance.now(); }, true);
  const watch = () => new MutationObserver(() => b.states.push({ state: document.body.dataset.state, t: performance.now() }))
    .observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  if (document.body) watch(); else document.addEventListener('DOMContentLoaded', watch);
}

async function newPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.waitForSelector('body[data-state="ready"]');
  return { context, page, errors };
}

/** Analyzes `file` in a fresh page; returns its timings and the worker's messages. */
async function analyzeRun(browser, url, file) {
  const { context, page, errors } = await newPage(browser, url);
  try {
    await page.setInputFiles('#file-input', file);
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: TIMEOUT_MS });
    const b = await page.evaluate(() => window.__bench);
    const state = await page.evaluate(() => document.body.dataset.state);
    const mine = b.events.filter((e) => e.worker === b.workers);
    const progress = mine.filter((e) => e.type === 'progress');
    if (state !== 'done') {
      // Where it stopped: after how long, how far into the file, with how much wasm memory.
      const last = progress[progress.length - 1];
      const after = mine.length ? `after ${((mine[mine.length - 1].t - b.changeAt) / 1000).toFixed(0)} s, ` : '';
      const where = last ? `${(100 * last.bytesRead / last.bytesTotal).toFixed(0)} % read${last.bytesRead === last.bytesTotal ? ' (in finish())' : ''}, `
        + `wasm memory ${mib(Math.max(...mine.map((e) => e.wasmBytes || 0))).toFixed(0)} MiB` : 'before any progress';
      const text = (await page.textContent('#error')).replace(/\s+/g, ' ').trim();
      return { ok: false, failure: `failed ${after}${where}: ${text}`.slice(0, 400), errors };
    }
    const done = mine.find((e) => e.type === 'done');
    const shown = b.states.filter((s) => s.state === 'done').pop();
    const times = [b.changeAt, ...progress.map((e) => e.t), done.t];
    let maxGap = 0;
    for (let i = 1; i < times.length; i += 1) maxGap = Math.max(maxGap, times[i] - times[i - 1]);
    const wasm = Math.max(...mine.map((e) => e.wasmBytes || 0));
    return {
      ok: true,
      analysis: (done.t - b.changeAt) / 1000,
      shown: (shown.t - b.changeAt) / 1000,
      wasmBytes: wasm,
      progressCount: progress.length,
      maxGap: maxGap / 1000,
      firstProgress: progress.length ? (progress[0].t - b.changeAt) / 1000 : null,
      finish: progress.length ? (done.t - progress[progress.length - 1].t) / 1000 : null,
      errors,
    };
  } finally {
    await context.close();
  }
}

/**
 * Starts `file`, clicks Cancel once a quarter of it (at most 256 MiB) is read, and checks that the
 * page says it was cancelled, the worker was terminated, no message came after, and the page
 * then analyzes the built-in sample.
 */
async function cancelRun(browser, url, file) {
  const { context, page, errors } = await newPage(browser, url);
  try {
    const size = statSync(file).size;
    const at = Math.min(size / 4, 256 * 2 ** 20);
    await page.setInputFiles('#file-input', file);
    await page.waitForFunction((bytes) => window.__bench.events.some((e) => e.type === 'progress' && e.bytesRead >= bytes), at, { timeout: TIMEOUT_MS, polling: 100 });
    const before = await page.evaluate(() => ({ n: window.__bench.events.length, t: performance.now(), read: Math.max(...window.__bench.events.map((e) => e.bytesRead || 0)) }));
    await page.click('#cancel-button');
    await page.waitForSelector('body[data-state="cancelled"]', { timeout: 10_000 });
    const cancelled = await page.evaluate(() => ({ n: window.__bench.events.length, t: performance.now(), terminated: window.__bench.terminated, text: document.getElementById('error').textContent, progressHidden: document.getElementById('progress').hidden }));
    await page.waitForTimeout(2000);
    // Counted from the moment the page showed "cancelled": progress posted before the click
    // (the worker posts many per second) is not a message after the cancel.
    const after = await page.evaluate((n) => window.__bench.events.slice(n).filter((e) => e.worker === 1).length, cancelled.n);
    const t0 = Date.now();
    await page.click('#sample-button');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    const sampleS = (Date.now() - t0) / 1000;
    const rows = await page.locator('#summary').textContent();
    const ok = cancelled.terminated >= 1 && after === 0 && cancelled.progressHidden && /Cancelled/.test(cancelled.text) && rows.length > 0;
    return {
      ok,
      atPercent: (100 * before.read) / size,
      toCancelled: (cancelled.t - before.t) / 1000,
      messagesAfter: after,
      terminated: cancelled.terminated,
      text: cancelled.text,
      sampleS,
      errors,
    };
  } finally {
    await context.close();
  }
}

/** First paint and first contentful paint of cold loads (fresh context, no-store server). */
async function firstPaint(browser, url, n = 5) {
  const fp = []; const fcp = [];
  for (let i = 0; i < n; i += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-state="ready"]');
    await page.waitForFunction(() => performance.getEntriesByType('paint').length >= 2, null, { timeout: 5000 }).catch(() => {});
    const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime])));
    if (paints['first-paint'] != null) fp.push(paints['first-paint']);
    if (paints['first-contentful-paint'] != null) fcp.push(paints['first-contentful-paint']);
    await context.close();
  }
  return { fp: median(fp), fcp: median(fcp), n, got: Math.min(fp.length, fcp.length) };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const wasmPath = join(ROOT, 'dist', 'pkg', 'ctiscope_bg.wasm');
  if (!existsSync(join(ROOT, 'dist', 'index.html')) || !existsSync(wasmPath)) throw new Error('dist/ is missing: run scripts/build.sh first');
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run scripts/build.sh first`);
  const mach = machine({ chromium: true });
  mach.dist = `dist/pkg/ctiscope_bg.wasm built ${statSync(wasmPath).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC (scripts/build.sh)`;
  const wasm = readFileSync(wasmPath);
  const wasmGz = gzipSync(wasm, { level: 9 }).length;

  const { server, url } = await startServer({ root: join(ROOT, 'dist'), port: 0, prefix: '/' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const rows = [];
  const cancelRows = [];
  const notes = [];
  try {
    log('first paint: 5 cold loads');
    const paint = await firstPaint(browser, url);
    let biggest = null;
    for (const profile of o.profiles) {
    let lastRate = null; // MiB/s of the previous size of this profile, to estimate the next
    for (const size of o.sizes) {
      const bytes = parseSize(size);
      if (lastRate && o.maxMinutes > 0) {
        const estimate = mib(bytes) / lastRate / 60;
        if (estimate > o.maxMinutes) {
          const msg = `${size} skipped: at the ${fmt(lastRate, 1)} MiB/s measured on the previous size it would take about ${fmt(estimate, 0)} min (limit --max-minutes ${o.maxMinutes})`;
          log(msg); notes.push(msg); rows.push([`${profile} ${size}`, `skipped (estimated ${fmt(estimate, 0)} min)`, '—', '—', '—', '—', '—', '—', '—']);
          continue;
        }
      }
      let file;
      try {
        file = ensureCapture({ size, seed: o.seed, genArgs: ['--profile', profile], dir: o.dir });
      } catch (e) {
        const msg = `${size} skipped: ${e.message}`;
        log(msg); notes.push(msg); rows.push([`${profile} ${size}`, 'skipped (disk)', '—', '—', '—', '—', '—', '—', '—']);
        continue;
      }
      const real = statSync(file).size;
      const label = `${profile} ${size} (${fmt(mib(real), 1)} MiB)`;
      log(`analyzing ${file} in the page`);
      const r = await analyzeRun(browser, url, file);
      if (!r.ok) {
        rows.push([label, r.failure, '—', '—', '—', '—', '—', '—', '—']);
        log(`  -> ${r.failure}`);
      } else {
        lastRate = mib(real) / r.analysis;
        rows.push([label, fmt(r.analysis, 1), fmt(lastRate, 1), fmt(r.shown, 1), fmt(mib(r.wasmBytes), 0),
          String(r.progressCount), fmt(r.maxGap, 2), fmt(r.firstProgress, 2), fmt(r.finish, 2)]);
        log(`  -> ${fmt(r.analysis, 1)} s, ${fmt(lastRate, 1)} MiB/s, wasm ${fmt(mib(r.wasmBytes), 0)} MiB, ${r.progressCount} progress, max gap ${fmt(r.maxGap, 2)} s`);
        if (r.errors.length) notes.push(`${size}: page errors: ${r.errors.join(' | ').slice(0, 300)}`);
      }
      biggest = file;
    }
    }
    if (o.cancel && biggest) {
      log(`cancel run on ${biggest}`);
      const c = await cancelRun(browser, url, biggest);
      cancelRows.push([`${fmt(mib(statSync(biggest).size), 1)} MiB`, fmt(c.atPercent, 0), fmt(c.toCancelled, 2), String(c.terminated),
        String(c.messagesAfter), fmt(c.sampleS, 1), c.ok ? 'yes' : 'NO']);
      if (c.errors.length) notes.push(`cancel run: page errors: ${c.errors.join(' | ').slice(0, 300)}`);
    }

    const mainTbl = table(['file', 'analysis s', 'MiB/s', 'results shown s', 'peak wasm memory MiB', 'progress messages', 'max gap s', 'first progress s', 'last progress → done s'], rows);
    const cancelTbl = cancelRows.length ? table(['file', 'cancelled at %', 'click → cancelled s', 'workers terminated', 'messages after cancel', 'sample analyzed after s', 'page usable again'], cancelRows) : 'Cancel: not run.';
    const page = table(['page', 'value'], [
      ['first paint ms (median of 5 cold loads)', `${fmt(paint.fp, 0)}${paint.got < paint.n ? ` (${paint.got}/${paint.n} loads reported it)` : ''}`],
      ['first contentful paint ms (median of 5)', fmt(paint.fcp, 0)],
      ['dist/pkg/ctiscope_bg.wasm', `${fmt(wasm.length / 1024, 0)} KiB, ${fmt(wasmGz / 1024, 0)} KiB gzipped (level 9)`],
    ]);
    const body = `${mainTbl}\n\n${cancelTbl}\n\n${page}\n\n`
      + 'Analysis: the file input\'s change → the worker\'s DONE message; results shown: → body[data-state=done]. '
      + 'Peak wasm memory: the worker\'s WebAssembly.Memory size at DONE (it only grows). Max gap: longest time '
      + 'between consecutive worker messages (file chosen, progress…, done); first progress includes starting the worker and '
      + 'its wasm; last progress → done is the engine\'s finish(). MiB = 2^20 bytes.'
      + (notes.length ? `\n\n${notes.map((n) => `- ${n}`).join('\n')}` : '');
    console.log(body);
    if (o.save) {
      const path = appendResults({ title: 'browser.mjs (page in headless Chromium)', command: `node bench/browser.mjs ${process.argv.slice(2).join(' ')}`.trim(), mach, body });
      log(`results appended to ${path}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(`bench/browser: ${e.message}`);
  process.exit(1);
});
