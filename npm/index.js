// ctiscope: the wasm engine behind two calls.
// - `open(input, { onProgress, signal })`: the ctiscope page's own client (web/client.js, shipped
//   verbatim) - resolves, once the engine is done, to a handle on the analysis that is asked for
//   rows page by page (web/messages.js) or for the whole report, and closed.
// - `analyze(input, { onProgress, signal })`: the CLI's `--json` report (docs/report.md) as one
//   object.
// In a browser the engine runs in the page's Worker (web/worker.js); in Node (>= 20) on the
// calling thread: `analyze()` feeds it directly (a ReadableStream too), `open()` runs the worker's
// own request handling (web/backend.js) here behind a Worker look-alike. The input is fed to the
// engine in slices: a Blob or a stream is never held whole.
import init, { Analyzer } from './pkg/ctiscope.js';
import * as protocol from './web/messages.js';
import { open as openWith } from './web/client.js';
import { backend } from './web/backend.js';

/** Bytes fed to the engine per step (as the page's worker does). */
const SLICE_LEN = 4 * 1024 * 1024;

const IN_NODE = typeof process !== 'undefined' && process.versions != null && process.versions.node != null
  && typeof window === 'undefined';

/** The page's worker (open() starts it); its messages: `protocol` (web/messages.js). */
export const workerUrl = new URL('./web/worker.js', import.meta.url);
export { protocol };

let ready = null;
/** The engine's wasm memory on this thread (its size: `wasmBytes` of open() in Node). */
let memory = null;
/** Loads the wasm engine once: in Node the bytes are read and passed explicitly. */
function engine() {
  ready ??= (async () => {
    const url = new URL('./pkg/ctiscope_bg.wasm', import.meta.url);
    let exports;
    if (IN_NODE) {
      const { readFile } = await import('node:fs/promises');
      exports = await init({ module_or_path: await readFile(url) });
    } else {
      exports = await init({ module_or_path: url });
    }
    memory = exports.memory;
  })();
  return ready;
}

function abortError() {
  return new DOMException('the analysis was aborted', 'AbortError');
}

function isBlob(input) {
  return typeof Blob !== 'undefined' && input instanceof Blob;
}

function isStream(input) {
  return input != null && typeof input.getReader === 'function';
}

function asBytes(input) {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return null;
}

/** The input's size when it is known (bytes, Blob), else undefined (a stream). */
function sizeOf(input) {
  const bytes = asBytes(input);
  if (bytes) return bytes.byteLength;
  if (isBlob(input)) return input.size;
  return undefined;
}

/** The input in slices of at most SLICE_LEN bytes (a stream's chunks as they come, split). */
async function* slices(input) {
  const bytes = asBytes(input);
  if (bytes) {
    for (let at = 0; at < bytes.byteLength; at += SLICE_LEN) yield bytes.subarray(at, at + SLICE_LEN);
    return;
  }
  if (isBlob(input)) {
    for (let at = 0; at < input.size; at += SLICE_LEN) {
      yield new Uint8Array(await input.slice(at, Math.min(at + SLICE_LEN, input.size)).arrayBuffer());
    }
    return;
  }
  if (isStream(input)) {
    const reader = input.getReader();
    let done = false;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) { done = true; return; }
        const chunk = asBytes(next.value);
        if (!chunk) throw new TypeError('ctiscope: the stream must yield Uint8Array or ArrayBuffer chunks');
        for (let at = 0; at < chunk.byteLength; at += SLICE_LEN) yield chunk.subarray(at, at + SLICE_LEN);
      }
    } finally {
      if (!done) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }
  throw new TypeError('ctiscope: analyze() takes a File/Blob, a ReadableStream, a Uint8Array or an ArrayBuffer');
}

/** The analysis on this thread (Node; a stream in a browser). */
async function analyzeHere(input, { onProgress, signal } = {}) {
  await engine();
  if (signal?.aborted) throw abortError();
  const bytesTotal = sizeOf(input);
  const analyzer = new Analyzer();
  try {
    let bytesRead = 0;
    for await (const slice of slices(input)) {
      if (signal?.aborted) throw abortError();
      analyzer.push(slice);
      bytesRead += slice.byteLength;
      onProgress?.({ bytesRead, bytesTotal, packets: analyzer.packets(), finishing: false });
      // Let the event loop run between slices, so an abort (or a UI) gets its turn.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (signal?.aborted) throw abortError();
    onProgress?.({ bytesRead, bytesTotal: bytesTotal ?? bytesRead, packets: analyzer.packets(), finishing: true });
    analyzer.finish();
    return JSON.parse(analyzer.report_json());
  } finally {
    analyzer.free();
  }
}

/**
 * A Worker look-alike running the worker's request handling (web/backend.js) on this thread, for
 * open() where there is no Worker (Node): the same messages, delivered asynchronously as a
 * Worker's are; `terminate()` stops the analysis and frees its memory in the engine. One wasm
 * instance serves every analysis here, so a wasm trap (a ctiscope bug) spoils the ones after it.
 */
function workerHere() {
  let terminated = false;
  const later = (fn) => setTimeout(() => { if (!terminated) fn(); }, 0);
  const loaded = engine();
  loaded.catch(() => {}); // reported by the analysis that awaits it, not as an unhandled rejection
  const side = backend({
    ready: loaded,
    Analyzer,
    post: (m) => later(() => port.onmessage?.({ data: m })),
    wasmBytes: () => (memory ? memory.buffer.byteLength : 0),
    // Let the event loop run between slices, so an abort (or a UI) gets its turn.
    pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
  });
  const port = {
    onmessage: null,
    onerror: null,
    postMessage: (m) => later(() => side.receive(m)),
    terminate: () => {
      terminated = true;
      side.stop();
    },
  };
  return port;
}

const HAS_WORKER = !IN_NODE && typeof Worker !== 'undefined';

/**
 * Analyzes a capture and resolves, once the engine is done, to a handle on the analysis: its
 * `summary`, `request(type, fields)` (web/messages.js), `report()`, `close()`. In a browser the
 * engine runs in the package's Worker; in Node on this thread.
 * @param {Blob | Uint8Array | ArrayBuffer | Array<Blob | Uint8Array | ArrayBuffer>} input
 * @param {{ onProgress?: Function, signal?: AbortSignal, createWorker?: () => Worker }} [options]
 */
export function open(input, options = {}) {
  return openWith(input, { ...options, createWorker: options.createWorker ?? (HAS_WORKER ? undefined : workerHere) });
}

/**
 * Analyzes a capture (pcap, pcapng, optionally gzip-compressed; an array of files is one capture
 * merged by timestamp), resolving to the whole report.
 * @param {Blob | ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer | Array<Blob | Uint8Array | ArrayBuffer>} input
 * @param {{ onProgress?: (p: {bytesRead: number, bytesTotal?: number, packets: number, finishing: boolean}) => void,
 *           signal?: AbortSignal }} [options]
 * @returns {Promise<object>} the report (docs/report.md); rejects with an AbortError on abort
 */
export async function analyze(input, options = {}) {
  // Several files, or a File/Blob or bytes in a browser: open() (the worker), the report, close.
  if (Array.isArray(input) || (HAS_WORKER && (isBlob(input) || asBytes(input)))) {
    const analysis = await open(input, options);
    try {
      return await analysis.report();
    } finally {
      analysis.close();
    }
  }
  return analyzeHere(input, options);
}
