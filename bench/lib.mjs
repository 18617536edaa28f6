// Shared pieces of the benchmark scripts (compare.mjs, browser.mjs): the release CLI, the
// generated captures (cached in a scratch directory), timed runs under GNU time, the machine
// description and the results file bench/results/<date>-<host>.md.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const TARGET = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
export const CLI = join(TARGET, 'release', 'ctiscope');
export const BENCH_DIR = process.env.BENCH_DIR || '/tmp/ctiscope-bench';
export const MiB = 1 << 20;

const log = (...a) => console.error('[bench]', ...a);

/** Headless Debian Chromium for the page's benchmarks (`CHROMIUM` overrides the path). */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** `--help` of a bench script: its leading `//` comment, then exit. */
export function printUsage(moduleUrl) {
  const lines = readFileSync(new URL(moduleUrl), 'utf8').split('\n');
  console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
export { log };

/** Output of a command as trimmed text, or null when it fails. */
export function text(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();
  } catch {
    return null;
  }
}

/** `cargo build --release -p ctiscope` (a no-op when the CLI is up to date). */
export function buildCli() {
  log('cargo build --release -p ctiscope');
  execFileSync('nice', ['-n', '10', 'cargo', 'build', '--release', '-p', 'ctiscope'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** "10M", "4G", "512K" or a byte count, as the CLI's `generate` reads it (binary units). */
export function parseSize(s) {
  const m = /^(\d+)([KMG]?)$/i.exec(String(s));
  if (!m) throw new Error(`bad size ${JSON.stringify(s)} (expected e.g. 10M, 1G, 512K)`);
  return Number(m[1]) * { '': 1, K: 1024, M: MiB, G: 1024 * MiB }[m[2].toUpperCase()];
}

/** Free bytes on the file system holding `dir`. */
export function freeBytes(dir) {
  const out = text('df', ['-B1', '--output=avail', dir]);
  return out ? Number(out.split('\n').pop().trim()) : Infinity;
}

export const mib = (bytes) => bytes / MiB;
export const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

/**
 * A generated capture of `size` (e.g. "100M") with `seed` and extra generator arguments, in
 * `dir`. Reused when a previous run made it with the same size, seed, arguments and generator
 * source (recorded next to it in FILE.json) and the file is still whole; otherwise written with
 * `ctiscope generate SIZE FILE --seed N ARGS...`. Refuses (throws) when the disk is too full.
 */
export function ensureCapture({ size, seed = 1, genArgs = [], dir = BENCH_DIR }) {
  mkdirSync(dir, { recursive: true });
  const slug = genArgs.length ? `-${genArgs.join('_').replace(/[^A-Za-z0-9_.=-]/g, '')}` : '';
  const generator = text('git', ['hash-object', join(ROOT, 'crate/src/synth/generate.rs')]) || 'unknown';
  // The generator's hash in the name: worktrees with different generators sharing BENCH_DIR
  // neither overwrite each other's captures nor regenerate them back and forth.
  const file = join(dir, `gen-${size}-seed${seed}${slug}-g${generator.slice(0, 8)}.pcap`);
  const meta = `${file}.json`;
  const want = { size, seed, genArgs, generator };
  if (existsSync(file) && existsSync(meta)) {
    try {
      const have = JSON.parse(readFileSync(meta, 'utf8'));
      if (have.size === size && have.seed === seed && JSON.stringify(have.genArgs) === JSON.stringify(genArgs)
        && have.generator === generator && statSync(file).size === have.bytes) {
        return file;
      }
    } catch { /* regenerate */ }
  }
  rmSync(meta, { force: true });
  rmSync(file, { force: true });
  const need = parseSize(size) + 256 * MiB;
  const free = freeBytes(dir);
  if (free < need) {
    throw new Error(`not enough disk space in ${dir} for a ${size} capture: ${fmt(mib(free), 0)} MiB free, ${fmt(mib(need), 0)} MiB needed`);
  }
  log(`generating ${file}`);
  const t0 = performance.now();
  execFileSync(CLI, ['generate', size, file, '--seed', String(seed), ...genArgs], { stdio: ['ignore', 'inherit', 'inherit'] });
  log(`generated ${size} in ${fmt((performance.now() - t0) / 1000)} s`);
  writeFileSync(meta, `${JSON.stringify({ ...want, bytes: statSync(file).size })}\n`);
  return file;
}

/**
 * Runs `cmd args` under `/usr/bin/time -f '%e %M %x'` (stdout to /dev/null), killing its process
 * group after `timeoutS` seconds. Returns wall seconds, peak RSS (bytes), exit status, whether it
 * timed out and the end of its stderr.
 */
export function timed(cmd, args, { timeoutS = 7200, env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ctiscope-time-'));
  const out = join(dir, 'time');
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%e %M %x', '-o', out, cmd, ...args], {
      detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: env ? { ...process.env, ...env } : process.env,
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const elapsed = (performance.now() - t0) / 1000;
      let wall = elapsed; let rss = null; let exit = code;
      const lines = existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n') : [];
      const m = lines.length ? /^([\d.]+) (\d+) (-?\d+)$/.exec(lines[lines.length - 1]) : null;
      if (m) { wall = Number(m[1]); rss = Number(m[2]) * 1024; exit = Number(m[3]); }
      const signalLine = lines.find((l) => l.startsWith('Command terminated by signal'));
      rmSync(dir, { recursive: true, force: true });
      resolve({ wall, rss, exit, signal: signal || (signalLine ? signalLine.split(' ').pop() : null), timedOut, elapsed, stderr });
    });
  });
}

/** Where this worktree's code is: short commit, "+changes" when crate/ or web/ differ from it. */
export function commitOf(root = ROOT) {
  const c = text('git', ['-C', root, 'rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = text('git', ['-C', root, 'status', '--porcelain', '--', 'crate', 'web']);
  return dirty ? `${c}+uncommitted changes` : c;
}

/** nproc, CPU model, memory, kernel, tool versions. */
export function machine({ chromium = false } = {}) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = (/^model name\s*:\s*(.*)$/m.exec(cpuinfo) || [])[1] || (cpus()[0] && cpus()[0].model) || 'unknown';
  const m = {
    host: hostname(),
    nproc: text('nproc', []) || String(cpus().length),
    cpu: model,
    memory: `${fmt(totalmem() / 2 ** 30, 1)} GiB`,
    kernel: text('uname', ['-srm']),
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    ctiscope: `commit ${commitOf()} (engine crate/ last changed in ${text('git', ['-C', ROOT, 'log', '-1', '--format=%h', '--', 'crate']) || 'unknown'})`,
    node: process.version,
  };
  if (chromium) {
    m.chromium = text('/usr/bin/chromium', ['--version']) || 'unknown';
  } else {
    m.tshark = (text('tshark', ['--version']) || 'not installed').split('\n')[0];
    try {
      m.wiregasm = JSON.parse(readFileSync(join(ROOT, 'node_modules/@goodtools/wiregasm/package.json'), 'utf8')).version;
    } catch {
      m.wiregasm = 'not installed (npm ci)';
    }
  }
  return m;
}

/** A markdown table. */
export function table(headers, rows) {
  // Cells may hold tool or page error text: keep each on one line and its pipes out of the layout.
  const cell = (c) => String(c).replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Appends a section (title, command, machine, body) to bench/results/<date>-<host>.md, creating
 * it with a heading; returns its path.
 */
export function appendResults({ title, command, mach, body }) {
  const now = new Date();
  const date = now.toISOString().slice(0, 10);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${date}-${mach.host}.md`);
  if (!existsSync(path)) writeFileSync(path, `# ctiscope benchmarks — ${date}, host ${mach.host}\n`);
  const machLines = Object.entries(mach).filter(([k]) => k !== 'host').map(([k, v]) => `- ${k}: ${v}`).join('\n');
  appendFileSync(path, `\n## ${title} — ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC\n\n`
    + `Command: \`${command}\`\n\n${machLines}\n\n${body.trim()}\n`);
  return path;
}
