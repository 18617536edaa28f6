// One Wiregasm run, in its own Node process (bench/compare.mjs starts it under /usr/bin/time and
// kills it on timeout): initialise Wiregasm (Wireshark compiled to wasm, npm @goodtools/wiregasm),
// then load one capture the way its `Wiregasm.load` does — write the file into the Emscripten
// in-memory file system, open a DissectSession on it and call `load()`, which dissects every
// frame — and write the timings as JSON to RESULT.
//
//   node bench/wiregasm-load.mjs FILE RESULT
//
// The file is copied into the in-memory file system in 16 MiB pieces (`Wiregasm.load` takes one
// buffer; Node cannot read a file over 2 GiB into one). Wiregasm's wasm heap is capped at 2 GiB;
// when the dissection needs more, Emscripten aborts: that is reported as
// {ok: false, oom: true, heapBytes} instead of a crash.
import { createRequire } from 'node:module';
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const [file, resultPath] = process.argv.slice(2);
if (!file || !resultPath) {
  console.error('usage: node bench/wiregasm-load.mjs FILE RESULT');
  process.exit(2);
}

const DIST = dirname(require.resolve('@goodtools/wiregasm/dist/wiregasm.js'));
const { Wiregasm } = require('@goodtools/wiregasm');
const loadWiregasm = require('@goodtools/wiregasm/dist/wiregasm.js');
const PIECE = 16 << 20;

const result = { ok: false, file, bytes: statSync(file).size };
const errLines = [];
let wg = null;
const heap = () => (wg && wg.lib && wg.lib.HEAP8 ? wg.lib.HEAP8.length : null);
const save = () => writeFileSync(resultPath, `${JSON.stringify(result)}\n`);

function outOfMemory(e) {
  const text = `${e && e.message ? e.message : e} ${errLines.join(' ')}`;
  return /Cannot enlarge memory|Failed to grow the heap|out of memory|bad_alloc|OOM/i.test(text);
}

/**
 * The heap is at its 2 GiB cap and a malloc has just failed. This Wiregasm build does not abort
 * then: its load() goes on without memory and was seen spinning for 45 minutes (2 GiB capture).
 * So the run ends here, as out of memory, from inside the failing allocation (this callback runs
 * synchronously in it). WIREGASM_KEEP_GOING=1 lets load() go on instead, until the bench's timeout.
 */
const STOP_AT_HEAP_LIMIT = process.env.WIREGASM_KEEP_GOING !== '1';
let tLoad = null;
function heapLimit(line) {
  result.oom = true;
  result.heapBytes = heap();
  result.error = line;
  if (tLoad !== null) result.failed_after_s = (performance.now() - tLoad) / 1000;
  save();
  process.exit(0);
}

try {
  const t0 = performance.now();
  wg = new Wiregasm();
  await wg.init(loadWiregasm, {
    locateFile: (path, prefix) => (path.endsWith('.data') || path.endsWith('.wasm') ? join(DIST, path) : prefix + path),
    print: () => {},
    // Wireshark logs every compiled display filter at start-up; keep only the last lines, for errors.
    // Memory trouble also goes to stderr at once, so the bench sees it even if the run then times out.
    printErr: (line) => {
      errLines.push(String(line));
      if (errLines.length > 20) errLines.shift();
      if (/enlarge memory|grow the heap|out of memory|Aborted/i.test(line)) process.stderr.write(`wiregasm: ${line}\n`);
      if (/Cannot enlarge memory/.test(line) && STOP_AT_HEAP_LIMIT && result.init_s !== undefined) heapLimit(line);
    },
  });
  const t1 = performance.now();
  result.init_s = (t1 - t0) / 1000;
  tLoad = t1;
  result.heapAfterInit = heap();

  // What Wiregasm.load(name, data) does, with the file written in pieces.
  const path = `${wg.uploadDir}/capture`;
  const { FS } = wg.lib;
  const stream = FS.open(path, 'w');
  const fd = openSync(file, 'r');
  // A plain Uint8Array, not a Buffer: MEMFS keeps `buffer.slice()` of the first write, which for
  // a Buffer is a view that the next read would overwrite.
  const buf = new Uint8Array(PIECE);
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, PIECE, null);
      if (n === 0) break;
      FS.write(stream, buf, 0, n);
    }
  } finally {
    closeSync(fd);
    FS.close(stream);
  }
  if (FS.stat(path).size !== result.bytes) throw new Error(`copied ${FS.stat(path).size} of ${result.bytes} bytes`);
  const t2 = performance.now();
  result.write_s = (t2 - t1) / 1000;
  wg.session = new wg.lib.DissectSession(path);
  const ret = wg.session.load();
  const t3 = performance.now();
  result.dissect_s = (t3 - t2) / 1000;
  result.load_s = (t3 - t1) / 1000;
  result.heapBytes = heap();
  result.code = ret.code;
  if (ret.code !== 0) {
    result.error = `load returned code ${ret.code}: ${ret.error}`;
  } else {
    result.ok = true;
    result.packets = ret.summary.packet_count;
  }
} catch (e) {
  result.heapBytes = heap();
  result.oom = outOfMemory(e);
  result.error = `${e && e.message ? e.message : e}`.slice(0, 300);
  result.stderr = errLines.slice(-5);
}
save();
// Emscripten keeps handles open; the result is written, so leave now.
process.exit(0);
