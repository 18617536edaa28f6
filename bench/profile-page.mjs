// The page's CPU profile: where the analysis worker spends its time, from Chromium's own sampling
// profiler (the one DevTools shows), on the real page (dist/, served by scripts/serve.mjs) in
// headless Debian Chromium. Builds nothing: run scripts/build.sh first.
//
//   node bench/profile-page.mjs [--size 100M] [--profile cti] [--seed 1] [--top 30] [--out FILE.cpuprofile]
//
// The page's worker is attached through the Chrome DevTools Protocol before it runs (it waits
// for the debugger), the profiler samples it every 200 µs from the file's choice to the worker's
// DONE, and the samples are summed per function: self time (the function itself) and, for the
// engine's phases, inclusive time (the function and what it calls). The wasm keeps its name
// section, so engine functions appear under their Rust paths. `--out` keeps the raw profile
// and the page's main thread as FILE.page.cpuprofile (open them in DevTools' Performance panel).
// The page's main thread (receiving the results, drawing the views) is profiled too.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { startServer } from '../scripts/serve.mjs';
import { join } from 'node:path';
import { BENCH_DIR, CHROMIUM, CHROMIUM_ARGS, ROOT, ensureCapture, fmt, log, printUsage } from './lib.mjs';


/** The engine's phases, by a function each starts in (inclusive time is reported for these). */
const PHASES = [
  ['Analyzer::push (the capture pass)', /Analyzer::push\b|Analyzer::push_file/],
  ['Analyzer::finish (flows closed, findings, report)', /Analyzer::finish/],
  ['  findings::run (rules and inventory)', /findings::run$|findings::run::/],
  ['  inventory::build', /inventory::build/],
  ['  calls::correlate', /calls::correlate/],
];

function parseArgs(argv) {
  const o = { size: '100M', profile: 'cti', seed: 1, top: 30, out: null };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--size') o.size = value();
    else if (a === '--profile') o.profile = value();
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--top') o.top = Number(value());
    else if (a === '--out') o.out = value();
    else if (a === '-h' || a === '--help') printUsage(import.meta.url);
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/**
 * Self and inclusive time per function name from a CDP Profiler.Profile. Inclusive time counts a
 * sample once per function even when the function recurses.
 */
export function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const nameOf = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()})`;
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    total += dt;
    const leaf = byId.get(id);
    self.set(nameOf(leaf), (self.get(nameOf(leaf)) || 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(byId.get(at));
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) || 0) + dt);
    }
  });
  return { self, inclusive, total };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const file = ensureCapture({ size: o.size, seed: o.seed, genArgs: ['--profile', o.profile], dir: BENCH_DIR });
  const { server, url } = await startServer({ root: join(ROOT, 'dist'), port: 0, prefix: '/' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-state="ready"]');
    const cdp = await context.newCDPSession(page);
    // The worker is attached the old, non-flat way (messages wrapped in Target.sendMessageToTarget):
    // Playwright's session object cannot address a flat child session.
    let nextId = 1;
    const waiting = new Map();
    let workerSession = null;
    const send = (method, params = {}) => new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      cdp.send('Target.sendMessageToTarget', { sessionId: workerSession, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message);
      const w = m.id !== undefined && waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.error) w.reject(new Error(m.error.message)); else w.resolve(m.result);
    });
    const attached = new Promise((resolve) => {
      cdp.on('Target.attachedToTarget', (e) => {
        if (e.targetInfo.type === 'worker' && !workerSession) { workerSession = e.sessionId; resolve(); }
      });
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    log(`profiling the page on ${file}`);
    await page.setInputFiles('#file-input', file);
    await attached;
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 200 });
    await send('Profiler.start');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await send('Runtime.runIfWaitingForDebugger');
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 3_600_000 });
    const wall = (Date.now() - t0) / 1000;
    const { profile } = await send('Profiler.stop');
    const { profile: pageProfile } = await cdp.send('Profiler.stop');
    if (o.out) {
      writeFileSync(o.out, JSON.stringify(profile));
      writeFileSync(o.out.replace(/(\.cpuprofile)?$/, '.page.cpuprofile'), JSON.stringify(pageProfile));
    }
    const { self, inclusive, total } = summarize(profile);
    const main = summarize(pageProfile);
    const pct = (us) => `${fmt((100 * us) / total)} %`;
    const ms = (us) => `${fmt(us / 1000, 0)} ms`;
    console.log(`\n${o.size} ${o.profile} (seed ${o.seed}) in the page: ${fmt(wall, 2)} s from the file's choice to the results; ${ms(total)} sampled in the worker\n`);
    console.log('| phase | inclusive | |\n|---|---|---|');
    for (const [label, re] of PHASES) {
      const us = [...inclusive].filter(([n]) => re.test(n)).reduce((m, [, v]) => Math.max(m, v), 0);
      console.log(`| ${label} | ${ms(us)} | ${pct(us)} |`);
    }
    console.log(`\n| function (self time, top ${o.top}) | self | |\n|---|---|---|`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, o.top)) {
      console.log(`| \`${name.replace(/\|/g, '\\|').slice(0, 110)}\` | ${ms(us)} | ${pct(us)} |`);
    }
    const busy = main.total - (main.self.get('(idle)') || 0);
    console.log(`\nThe page's main thread: ${ms(busy)} busy of ${ms(main.total)}\n`);
    console.log(`| main thread function (self time, top ${Math.min(o.top, 15)}) | self |\n|---|---|`);
    for (const [name, us] of [...main.self].filter(([n]) => n !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, Math.min(o.top, 15))) {
      console.log(`| \`${name.replace(/\|/g, '\\|').slice(0, 110)}\` | ${ms(us)} |`);
    }
    await context.close();
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
