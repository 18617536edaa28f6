// The page's current analysis: one handle of `open()` (client.js, the same API the npm package
// exports) at a time. Starting another analysis, or cancelling, aborts the current one (its
// worker is terminated; what was waiting on it rejects with an AbortError, which the page
// ignores). The single-file build starts its inlined worker (platform.js `createWorker`).
import { open } from './client.js';
import { createWorker } from './platform.js';

let controller = null;
let analysis = null;

/**
 * Analyzes `files` (ending any previous analysis): one capture, or several merged by timestamp.
 * @param {File[]} files
 * @param {(p: {bytesRead: number, bytesTotal: number, packets: number, finishing: boolean, wasmBytes: number}) => void} onProgress
 * @returns {Promise<object>} the summary (DONE in messages.js); rejects with the engine's error,
 *   or an AbortError when stopped
 */
export async function analyze(files, onProgress) {
  stop();
  const mine = new AbortController();
  controller = mine;
  const opened = await open(files, { onProgress, signal: mine.signal, createWorker });
  if (mine.signal.aborted) throw new DOMException('the analysis was aborted', 'AbortError');
  analysis = opened;
  return opened.summary;
}

/** Ends the current analysis (cancel); what waits on it rejects with an AbortError. */
export function stop() {
  if (controller) controller.abort();
  controller = null;
  analysis = null;
}

/**
 * A request of messages.js to the current analysis; resolves with its value. Between a stop (or
 * another file chosen) and the next analysis's end there is none: what still asks belongs to the
 * one that ended, and gets an AbortError, as its pending requests did.
 */
export function request(type, fields = {}) {
  if (!analysis) return Promise.reject(new DOMException('no analysis is loaded', 'AbortError'));
  return analysis.request(type, fields);
}
