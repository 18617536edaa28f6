// ctiscope: the wasm engine behind one call, `analyze(input, { onProgress, signal })`, resolving
// to the CLI's `--json` report (docs/report.md). In a browser a File/Blob (or bytes) is analyzed in
// a Worker - the page's own worker (web/worker.js, protocol in web/messages.js), shipped verbatim;
// in Node (>= 20), and for a ReadableStream in a browser, the engine runs in-process. The input is
// fed to the engine in slices: a Blob or a stream is never held whole.
import init, { Analyzer } from './pkg/ctiscope.js';
import * as protocol from './web/messages.js';

/** Bytes fed to the engine per step (as the page's worker does). */
const SLICE_LEN = 4 * 1024 * 1024;

const IN_NODE = typeof process !== 'undefined' && process.versions != null && process.versions.node != null
  && typeof window === 'undefined';

/** The page's worker, for callers that want its row-by-row protocol (`protocol`). */
export const workerUrl = new URL('./web/worker.js', import.meta.url);
export { protocol };

let ready = null;
/** Loads the wasm engine once: in Node the bytes are read and passed explicitly. */
function engine() {
  ready ??= (async () => {
    const url = new URL('./pkg/ctiscope_bg.wasm', import.meta.url);
    if (IN_NODE) {
      const { readFile } = await import('node:fs/promises');
      await init({ module_or_path: await readFile(url) });
    } else {
      await init({ module_or_path: url });
    }
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

/** The analysis in the page's worker (browsers); an abort terminates the worker. */
function analyzeInWorker(blob, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(abortError()); return; }
    const worker = new Worker(workerUrl, { type: 'module' });
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      fn(value);
    };
    const onAbort = () => settle(reject, abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.type === protocol.PROGRESS) {
        onProgress?.({ bytesRead: m.bytesRead, bytesTotal: m.bytesTotal, packets: m.packets, finishing: !!m.finishing });
      } else if (m.type === protocol.DONE) {
        worker.postMessage({ type: protocol.GET_REPORT_JSON, id: 1 });
      } else if (m.type === protocol.ERROR) {
        settle(reject, new Error(m.message));
      } else if (m.type === protocol.REPLY) {
        if (m.error) { settle(reject, new Error(m.error)); return; }
        try { settle(resolve, JSON.parse(m.value)); } catch (e) { settle(reject, e); }
      }
    };
    worker.onerror = (e) => settle(reject, new Error(e.message || 'the ctiscope worker could not run'));
    worker.postMessage({ type: protocol.ANALYZE, file: blob });
  });
}

/**
 * Analyzes a capture (pcap, pcapng, optionally gzip-compressed).
 * @param {Blob | ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer} input
 * @param {{ onProgress?: (p: {bytesRead: number, bytesTotal?: number, packets: number, finishing: boolean}) => void,
 *           signal?: AbortSignal }} [options]
 * @returns {Promise<object>} the report (docs/report.md); rejects with an AbortError on abort
 */
export async function analyze(input, options = {}) {
  if (!IN_NODE && typeof Worker !== 'undefined' && !isStream(input)) {
    const bytes = asBytes(input);
    if (bytes || isBlob(input)) return analyzeInWorker(bytes ? new Blob([bytes]) : input, options);
  }
  return analyzeHere(input, options);
}
