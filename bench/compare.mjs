// The native comparison: ctiscope vs tshark vs Wiregasm on generated captures (bench/README.md).
//
//   node bench/compare.mjs [SIZE...] [--profiles cti,mixed] [--seed N] [--repeat N]
//                          [--tools ctiscope,tshark,wiregasm] [--gen-arg ARG]... [--dir DIR]
//                          [--no-build] [--no-save]
//
// SIZE: 10M, 1G... (default 10M 100M 1G), for each generator profile (default cti, the CTI-heavy
// one: thousands of short real-shaped JTAPI sessions against one CTI Manager, then mixed). Each
// capture is made by `ctiscope generate SIZE FILE --seed N [ARG...] --profile P` in DIR (default $BENCH_DIR or /tmp/ctiscope-bench) and reused while size,
// seed, arguments and generator source are the same. Each tool runs under /usr/bin/time:
//   ctiscope  `ctiscope analyze FILE > /dev/null`                       (wall time of the process)
//   tshark    `tshark -r FILE -q -z io,phs > /dev/null`                  (wall time of the process)
//   wiregasm  bench/wiregasm-load.mjs: write FILE into Wiregasm's file system and load() it,
//             dissecting every frame (time of that load, initialisation not counted)
// Timeouts: WIREGASM_TIMEOUT (s, default 900) for Wiregasm, BENCH_TIMEOUT (default 7200) for the
// others. A run that fails or times out is reported in the table, not fatal.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BENCH_DIR, CLI, ROOT, appendResults, buildCli, ensureCapture, fmt, log, machine, median, mib, printUsage, table, text,
  timed,
} from './lib.mjs';

const TOOLS = ['ctiscope', 'tshark', 'wiregasm'];
/** Generator profiles measured by default: the CTI-heavy one first (what the tool is for). */
const PROFILES = ['cti', 'mixed'];

function parseArgs(argv) {
  const o = { sizes: [], profiles: PROFILES, seed: 1, repeat: 1, tools: TOOLS, genArgs: [], dir: BENCH_DIR, build: true, save: true };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--seed') o.seed = Number(value());
    else if (a === '--repeat') o.repeat = Number(value());
    else if (a === '--tools') o.tools = value().split(',').map((t) => t.trim()).filter(Boolean);
    else if (a === '--gen-arg') o.genArgs.push(value());
    else if (a === '--profiles') o.profiles = value().split(',').map((p) => p.trim()).filter(Boolean);
    else if (a === '--dir') o.dir = value();
    else if (a === '--no-build') o.build = false;
    else if (a === '--no-save') o.save = false;
    else if (a === '-h' || a === '--help') printUsage(import.meta.url);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.sizes.push(a);
  }
  if (!o.sizes.length) o.sizes = ['10M', '100M', '1G'];
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new Error('--seed takes a non-negative integer');
  if (!Number.isInteger(o.repeat) || o.repeat < 1) throw new Error('--repeat takes a positive integer');
  for (const t of o.tools) if (!TOOLS.includes(t)) throw new Error(`unknown tool ${t} (known: ${TOOLS.join(', ')})`);
  if (!o.profiles.length) throw new Error('--profiles needs at least one profile');
  if (o.genArgs.includes('--profile')) throw new Error('choose profiles with --profiles, not --gen-arg --profile');
  return o;
}

/** Generator options must exist in the CLI's own usage text: nothing is passed blindly. */
function checkGenArgs(genArgs) {
  const usage = text(CLI, ['--help']) || '';
  const generateUsage = (usage.split('|').find((part) => part.includes('generate')) || '');
  for (const a of genArgs) {
    if (a.startsWith('--') && !generateUsage.includes(a.split('=')[0])) {
      throw new Error(`ctiscope generate has no option ${a} (its usage: ${generateUsage.trim() || usage})`);
    }
  }
}

const WIREGASM_TIMEOUT = Number(process.env.WIREGASM_TIMEOUT || 900);
const OTHER_TIMEOUT = Number(process.env.BENCH_TIMEOUT || 7200);

/** One run of one tool: {ok, time, rss, heap?, note?, failure?}. */
async function runOnce(tool, file) {
  if (tool === 'ctiscope' || tool === 'tshark') {
    const [cmd, args] = tool === 'ctiscope' ? [CLI, ['analyze', file]] : ['tshark', ['-r', file, '-q', '-z', 'io,phs']];
    const r = await timed(cmd, args, { timeoutS: OTHER_TIMEOUT });
    if (r.timedOut) return { ok: false, failure: `failed: timeout after ${OTHER_TIMEOUT} s` };
    if (r.exit !== 0) return { ok: false, failure: `failed: exit ${r.exit}${r.signal ? ` (signal ${r.signal})` : ''}`, note: lastLine(r.stderr) };
    return { ok: true, time: r.wall, rss: r.rss };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ctiscope-wg-'));
  const resultPath = join(dir, 'result.json');
  try {
    const r = await timed(process.execPath, [join(ROOT, 'bench', 'wiregasm-load.mjs'), file, resultPath], { timeoutS: WIREGASM_TIMEOUT });
    const res = existsSync(resultPath) ? JSON.parse(readFileSync(resultPath, 'utf8')) : null;
    if (r.timedOut) return { ok: false, failure: `failed: timeout after ${WIREGASM_TIMEOUT} s`, rss: r.rss, note: lastLine(r.stderr) };
    if (!res) return { ok: false, failure: `failed: exit ${r.exit}${r.signal ? ` (signal ${r.signal})` : ''}`, rss: r.rss, note: lastLine(r.stderr) };
    const init = `init ${fmt(res.init_s)} s not counted`;
    if (!res.ok) {
      const failure = res.oom ? `failed: out of memory at ${fmt(mib(res.heapBytes), 0)} MB` : `failed: ${res.error}`;
      const when = res.failed_after_s != null ? `heap limit hit ${fmt(res.failed_after_s)} s into the load` : `failed ${fmt(r.elapsed)} s after start`;
      return { ok: false, failure, rss: r.rss, heap: res.heapBytes, note: `${init}; ${when}` };
    }
    return { ok: true, time: res.load_s, rss: r.rss, heap: res.heapBytes, note: `${init}; dissect ${fmt(res.dissect_s)} s; ${res.packets} frames` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lastLine = (s) => (s || '').trim().split('\n').filter((l) => !/Running as user/.test(l)).pop() || '';

/** `repeat` runs; the median time and peak RSS, or the first failure (no more tries after it). */
async function measure(tool, file, repeat) {
  const runs = [];
  for (let i = 0; i < repeat; i += 1) {
    log(`${tool} on ${file} (run ${i + 1}/${repeat})`);
    const r = await runOnce(tool, file);
    log(`  -> ${r.ok ? `${fmt(r.time, 2)} s, ${fmt(mib(r.rss), 0)} MiB RSS` : r.failure}`);
    if (!r.ok) return r;
    runs.push(r);
  }
  const heaps = runs.map((r) => r.heap).filter((h) => h != null);
  return {
    ok: true,
    time: median(runs.map((r) => r.time)),
    rss: median(runs.map((r) => r.rss)),
    heap: heaps.length ? Math.max(...heaps) : null,
    note: runs[runs.length - 1].note,
    runs: runs.length,
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.build) buildCli();
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing (run without --no-build)`);
  checkGenArgs([...o.genArgs, '--profile']);
  if (o.tools.includes('tshark') && !text('tshark', ['--version'])) throw new Error('tshark is not installed');
  if (o.tools.includes('wiregasm') && !existsSync(join(ROOT, 'node_modules/@goodtools/wiregasm/dist/wiregasm.wasm'))) {
    log('installing the npm devDependencies (Wiregasm)');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT, stdio: 'inherit' });
  }
  const mach = machine();
  const rows = [];
  for (const profile of o.profiles) for (const size of o.sizes) {
    let file;
    try {
      file = ensureCapture({ size, seed: o.seed, genArgs: [...o.genArgs, '--profile', profile], dir: o.dir });
    } catch (e) {
      log(`skipping ${profile} ${size}: ${e.message}`);
      rows.push([`${profile} ${size}`, '—', `skipped: ${e.message}`, '—', '—', '—', '—']);
      continue;
    }
    const bytes = statSync(file).size;
    const label = `${profile} ${size} (${fmt(mib(bytes), 1)} MiB)`;
    const results = {};
    for (const tool of o.tools) results[tool] = await measure(tool, file, o.repeat);
    const base = results.ctiscope && results.ctiscope.ok ? results.ctiscope.time : null;
    for (const tool of o.tools) {
      const r = results[tool];
      const notes = [r.heap != null ? `wasm heap ${fmt(mib(r.heap), 0)} MiB` : null, r.note || null].filter(Boolean).join('; ');
      rows.push(r.ok
        ? [label, tool, fmt(r.time, 2), fmt(mib(bytes) / r.time, 1), fmt(mib(r.rss), 0), base ? `${fmt(r.time / base, 2)}×` : '—', notes]
        : [label, tool, r.failure, '—', r.rss ? fmt(mib(r.rss), 0) : '—', '—', notes]);
    }
  }
  const headers = ['file', 'tool', 'time s', 'MiB/s', 'peak RSS MiB', 'time / ctiscope time', 'notes'];
  const tbl = table(headers, rows);
  console.log(tbl);
  if (o.save) {
    const command = `bench/compare.sh ${process.argv.slice(2).join(' ')}`.trim();
    const body = `${tbl}\n\n${o.repeat > 1 ? `Median of ${o.repeat} runs each. ` : 'One run each. '}`
      + `Profiles ${o.profiles.join(', ')} (\`ctiscope generate SIZE FILE --profile P\`). `
      + `Seed ${o.seed}${o.genArgs.length ? `, generator arguments ${o.genArgs.join(' ')}` : ''}. `
      + 'ctiscope: `ctiscope analyze FILE`; tshark: `tshark -r FILE -q -z io,phs`; both wall time of the process. '
      + 'Wiregasm: time to write the file into its in-memory file system and `load()` it (every frame dissected), '
      + 'initialisation excluded; its peak RSS is the whole Node process. MiB = 2^20 bytes.';
    const path = appendResults({ title: 'compare.sh (native)', command, mach, body });
    log(`results appended to ${path}`);
  }
}

main().catch((e) => {
  console.error(`bench/compare: ${e.message}`);
  process.exit(1);
});
