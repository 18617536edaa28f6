// The page's side of the worker: starts a fresh worker per analysis, forwards its progress / done /
// error notices, and turns requests into promises matched to replies by id.
import * as msg from './messages.js';
import { createWorker } from './platform.js';

let worker = null;
let nextId = 1;
const pending = new Map();

/**
 * Starts analyzing `files` in a new worker (ending any previous one): one capture, or several
 * merged by timestamp into one.
 * @param {File[]} files
 * @param {{progress: Function, done: Function, error: Function}} on
 */
export function analyze(files, on) {
  stop();
  let w;
  try {
    w = createWorker();
  } catch (e) {
    on.error(`The analysis engine could not start: ${e.message}`);
    return;
  }
  w.onmessage = (event) => {
    const m = event.data;
    if (m.type === msg.PROGRESS) on.progress(m);
    else if (m.type === msg.DONE) on.done(m.summary);
    else if (m.type === msg.ERROR) on.error(m.message);
    else if (m.type === msg.REPLY) {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error)); else p.resolve(m.value);
    }
  };
  w.onerror = (e) => { e.preventDefault(); on.error(`The analysis engine failed: ${e.message || 'it could not be loaded'}`); };
  worker = w;
  w.postMessage({ type: msg.ANALYZE, files });
}

/** Ends the current worker (cancel); pending requests fail. */
export function stop() {
  if (worker) worker.terminate();
  worker = null;
  for (const p of pending.values()) {
    const e = new Error('the analysis was stopped');
    e.stopped = true;
    p.reject(e);
  }
  pending.clear();
}

/** Sends a request to the worker; resolves with its value. */
export function request(type, fields = {}) {
  if (!worker) return Promise.reject(new Error('no analysis is loaded'));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ type, id, ...fields });
  });
}
