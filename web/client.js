// The one client of the analysis engine, used by the ctiscope page (engine.js) and exported by the
// npm package as it is: `open(input, { onProgress, signal })` analyzes a capture in a fresh Worker
// (worker.js; every message in messages.js) and resolves, once the engine is done, to a handle on
// the finished analysis. The report stays inside the worker: the handle asks for it piece by piece
// (`request`: pages of rows, one message, views, CSV, the redacted capture), or whole (`report()`,
// the CLI's `--json` report: one JavaScript object holding every message, gigabytes for a big
// capture, so the page never asks for it as an object).
//
// A fresh worker per analysis: a wasm trap leaves an engine unusable, and a cancel is the worker
// terminated, whatever it was doing.
import * as msg from './messages.js';

function abortError(text) {
  return new DOMException(text, 'AbortError');
}

/** The served worker, next to this module (the npm package ships both unchanged). */
function defaultWorker() {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/**
 * The input as the worker's list of files: a File/Blob, bytes (Uint8Array, ArrayBuffer), or an
 * array of them (several files merged by timestamp into one capture).
 * @returns {Blob[]}
 */
function filesOf(input) {
  const list = Array.isArray(input) ? input : [input];
  if (!list.length) throw new TypeError('ctiscope: open() needs at least one file');
  return list.map((item) => {
    if (typeof Blob !== 'undefined' && item instanceof Blob) return item;
    if (item instanceof ArrayBuffer || ArrayBuffer.isView(item)) return new Blob([item]);
    throw new TypeError('ctiscope: open() takes a File/Blob, a Uint8Array or an ArrayBuffer, or an array of them');
  });
}

/**
 * Analyzes a capture (pcap, pcapng, optionally gzip-compressed; several files are merged).
 *
 * The handle: `summary` (the report without its messages and calls, plus `message_count` and
 * `call_count`; DONE in messages.js), `wasmBytes` (the engine's wasm memory), `request(type,
 * fields)` (one request of messages.js, resolving with its value), `report()` (the whole report,
 * parsed), `close()` (terminates the worker; pending and later requests reject with an
 * AbortError), `closed`.
 *
 * @param {Blob | Uint8Array | ArrayBuffer | Array<Blob | Uint8Array | ArrayBuffer>} input
 * @param {object} [options]
 * @param {(p: {bytesRead: number, bytesTotal: number, packets: number, finishing: boolean, wasmBytes: number}) => void} [options.onProgress]
 * @param {AbortSignal} [options.signal] aborts the analysis (the promise rejects with an
 *   AbortError, the worker is terminated); aborted after the promise resolved, it closes the handle
 * @param {() => Worker} [options.createWorker] starts the worker (the page's single-file build
 *   starts an inlined copy); the default is worker.js next to this module
 * @returns {Promise<object>} the handle, once the engine is done; rejects with the engine's error
 */
export function open(input, { onProgress, signal, createWorker = defaultWorker } = {}) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError('the analysis was aborted'));
      return;
    }
    let files;
    try {
      files = filesOf(input);
    } catch (e) {
      reject(e);
      return;
    }
    let worker;
    try {
      worker = createWorker();
    } catch (e) {
      reject(new Error(`The analysis engine could not start: ${e.message}`));
      return;
    }
    /** 'running' until DONE, then 'open', then 'closed' (closed(): why). */
    let phase = 'running';
    let why = null;
    let nextId = 1;
    const pending = new Map();

    /** Ends the analysis for `error`: the worker terminated, everything waiting rejected. */
    const end = (error) => {
      if (phase === 'closed') return;
      const wasRunning = phase === 'running';
      phase = 'closed';
      why = error;
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      if (wasRunning) reject(error);
    };
    const onAbort = () => end(abortError(phase === 'running' ? 'the analysis was aborted' : 'the analysis was closed'));
    signal?.addEventListener('abort', onAbort, { once: true });

    const handle = {
      summary: null,
      wasmBytes: 0,
      get closed() { return phase === 'closed'; },
      request(type, fields = {}) {
        if (phase === 'closed') return Promise.reject(why);
        if (type === msg.ANALYZE) return Promise.reject(new TypeError('ctiscope: one analysis per handle; open() another'));
        const id = nextId++;
        return new Promise((res, rej) => {
          pending.set(id, { resolve: res, reject: rej });
          try {
            worker.postMessage({ ...fields, type, id });
          } catch (e) {
            pending.delete(id);
            rej(e);
          }
        });
      },
      async report() {
        return JSON.parse(await handle.request(msg.GET_REPORT_JSON));
      },
      close() {
        end(abortError('the analysis was closed'));
      },
    };

    worker.onmessage = (event) => {
      if (phase === 'closed') return;
      const m = event.data;
      if (m.type === msg.PROGRESS) {
        if (phase !== 'running' || !onProgress) return;
        try {
          onProgress({ bytesRead: m.bytesRead, bytesTotal: m.bytesTotal, packets: m.packets, finishing: !!m.finishing, wasmBytes: m.wasmBytes });
        } catch (e) {
          end(e);
        }
      } else if (m.type === msg.DONE) {
        phase = 'open';
        handle.summary = m.summary;
        handle.wasmBytes = m.wasmBytes;
        resolve(handle);
      } else if (m.type === msg.ERROR) {
        end(new Error(m.message));
      } else if (m.type === msg.REPLY) {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.error) p.reject(new Error(m.error)); else p.resolve(m.value);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      end(new Error(`The analysis engine failed: ${e.message || 'it could not be loaded'}`));
    };
    try {
      worker.postMessage({ type: msg.ANALYZE, files });
    } catch (e) {
      end(e);
    }
  });
}
