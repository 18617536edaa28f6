// The analysis worker: loads the wasm engine once, reads the File in slices, feeds them to the
// engine, posts progress, then keeps the report and answers the page's requests (pages of rows,
// one message, views, exports). Several files are one capture merged by timestamp: the engine
// says which file it needs next (`wants`) and only that file's next slice is read. Messages: see
// messages.js. A cancel is the page terminating this worker; a wasm trap leaves it unusable, so
// the page starts a fresh worker for every analysis.
import init, { Analyzer } from '../pkg/ctiscope.js';
import * as msg from './messages.js';
import { wasmSource } from './wasm-source.js';

/** Bytes read from the File per step: big enough to be fast, small enough to stay responsive. */
const SLICE_LEN = 4 * 1024 * 1024;

/** The engine's wasm memory; it only grows, so its size is the peak so far (PROGRESS, DONE). */
let memory = null;
const ready = init({ module_or_path: wasmSource() }).then((exports) => { memory = exports.memory; });
const wasmBytes = () => (memory ? memory.buffer.byteLength : 0);
let analyzer = null;
/** The analyzed File, read again for the redacted export (one file only). */
let currentFile = null;

function errorText(e) {
  if (e instanceof WebAssembly.RuntimeError) return `the analysis engine crashed (${e.message}); this is a ctiscope bug`;
  return e && e.message ? e.message : String(e);
}

/**
 * Several files merged: each file is read a slice at a time, the one the merge asks for, so one
 * slice per file is held whatever the files' sizes (smaller slices when there are many files).
 */
async function analyzeMany(files) {
  analyzer = Analyzer.with_files(files.map((f) => f.name || 'capture'));
  currentFile = null;
  const sliceLen = Math.max(512 * 1024, Math.floor(SLICE_LEN / files.length));
  const total = files.reduce((n, f) => n + f.size, 0);
  const at = files.map(() => 0);
  let read = 0;
  for (let i = analyzer.wants(); i >= 0; i = analyzer.wants()) {
    const file = files[i];
    if (at[i] >= file.size) {
      analyzer.end_file(i);
      continue;
    }
    const end = Math.min(at[i] + sliceLen, file.size);
    const slice = new Uint8Array(await file.slice(at[i], end).arrayBuffer());
    read += end - at[i];
    at[i] = end;
    analyzer.push_file(i, slice);
    postMessage({ type: msg.PROGRESS, bytesRead: read, bytesTotal: total, packets: analyzer.packets(), wasmBytes: wasmBytes() });
  }
  postMessage({ type: msg.PROGRESS, bytesRead: total, bytesTotal: total, packets: analyzer.packets(), wasmBytes: wasmBytes(), finishing: true });
  const summary = analyzer.finish();
  postMessage({ type: msg.DONE, summary, wasmBytes: wasmBytes() });
}

async function analyze(files) {
  await ready;
  if (files.length > 1) return analyzeMany(files);
  const file = files[0];
  analyzer = new Analyzer();
  currentFile = file;
  const total = file.size;
  // The next slice is read while the engine works on this one: the browser reads a Blob off this
  // thread, and waiting for each read in turn left the worker idle ~15 % of the capture pass.
  const read = (at) => {
    const pending = file.slice(at, Math.min(at + SLICE_LEN, total)).arrayBuffer();
    pending.catch(() => {}); // awaited below; this only keeps an abandoned read from being reported
    return pending;
  };
  let next = total > 0 ? read(0) : null;
  for (let at = 0; at < total; at += SLICE_LEN) {
    const slice = new Uint8Array(await next);
    next = at + SLICE_LEN < total ? read(at + SLICE_LEN) : null;
    analyzer.push(slice);
    postMessage({ type: msg.PROGRESS, bytesRead: Math.min(at + SLICE_LEN, total), bytesTotal: total, packets: analyzer.packets(), wasmBytes: wasmBytes() });
  }
  // The last stage (closing flows, findings, the report) takes seconds on a big file: say so.
  postMessage({ type: msg.PROGRESS, bytesRead: total, bytesTotal: total, packets: analyzer.packets(), wasmBytes: wasmBytes(), finishing: true });
  const summary = analyzer.finish();
  postMessage({ type: msg.DONE, summary, wasmBytes: wasmBytes() });
}

/**
 * The redacted capture: the engine (crate/src/redact.rs, `Analyzer.redactor`) plans the byte
 * ranges from the report's tagged spans, maps them to file offsets in a second pass over the
 * same File, and rewrites the file in a third. This only drives those passes slice by slice.
 * @returns {Promise<{blob: Blob, unmapped: number}>} `unmapped`: segments it could not redact
 */
async function redacted() {
  if (!currentFile) throw new Error('the redacted capture is made from one file; analyze each file alone to redact it');
  const r = analyzer.redactor([]);
  try {
    const slices = async function* slices() {
      for (let at = 0; at < currentFile.size; at += SLICE_LEN) {
        yield new Uint8Array(await currentFile.slice(at, Math.min(at + SLICE_LEN, currentFile.size)).arrayBuffer());
      }
    };
    for await (const slice of slices()) r.scan(slice);
    const unmapped = r.end_scan();
    const parts = [];
    for await (const slice of slices()) parts.push(r.rewrite(slice));
    parts.push(r.rewrite_end());
    return { blob: new Blob(parts, { type: 'application/octet-stream' }), unmapped };
  } finally {
    r.free();
  }
}

/** Request type -> handler over the finished analyzer. */
const HANDLERS = {
  [msg.GET_MESSAGES]: (m) => analyzer.messages(m.offset, m.limit),
  [msg.GET_REPORT_JSON]: () => analyzer.report_json(),
  [msg.GET_FACETS]: () => analyzer.facets(),
  [msg.SET_VIEW]: (m) => analyzer.set_view(m.name, JSON.stringify(m.query || {})),
  [msg.GET_ROWS]: (m) => analyzer.view_rows(m.name, m.offset, m.limit),
  [msg.GET_POSITION]: (m) => analyzer.view_position(m.name, m.index),
  [msg.GET_MESSAGE]: (m) => ({ message: analyzer.message(m.index), bytes: analyzer.message_bytes(m.index), call: analyzer.call_of_message(m.index) }),
  [msg.INDEX_OF_FRAME]: (m) => analyzer.index_of_frame(m.frame),
  [msg.GET_CSV]: (m) => analyzer.view_csv(m.name),
  [msg.GET_REDACTED]: () => redacted(),
  [msg.GET_CALL_FACETS]: () => analyzer.call_facets(),
  [msg.SET_CALL_VIEW]: (m) => analyzer.set_call_view(JSON.stringify(m.query || {})),
  [msg.GET_CALL_ROWS]: (m) => analyzer.call_rows(m.offset, m.limit),
  [msg.GET_CALL_POSITION]: (m) => analyzer.call_position(m.call),
  [msg.GET_CALL]: (m) => analyzer.call(m.call),
  [msg.SET_CALL_LADDER]: (m) => analyzer.set_call_ladder(m.call),
  [msg.GET_CALL_CSV]: () => analyzer.call_csv(),
};

self.onmessage = async (event) => {
  const m = event.data;
  if (m.type === msg.ANALYZE) {
    try {
      await analyze(m.files || [m.file]);
    } catch (e) {
      postMessage({ type: msg.ERROR, message: errorText(e) });
    }
    return;
  }
  try {
    if (!analyzer) throw new Error('no analysis has finished');
    const handler = HANDLERS[m.type];
    if (!handler) throw new Error(`unknown request ${m.type}`);
    postMessage({ type: msg.REPLY, id: m.id, value: await handler(m) });
  } catch (e) {
    postMessage({ type: msg.REPLY, id: m.id, error: errorText(e) });
  }
};
