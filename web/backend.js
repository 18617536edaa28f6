// The engine's side of the protocol of messages.js, written once: it analyzes the files of an
// ANALYZE message slice by slice (posting PROGRESS, then DONE or ERROR), keeps the report, and
// answers the client's requests (pages of rows, one message, views, exports) with REPLY.
// worker.js runs it in the page's Worker; the npm package runs it on the calling thread in Node
// (npm/index.js), so client.js drives both through the same messages.
//
// Several files are one capture merged by timestamp: the engine says which file it needs next
// (`wants`) and only that file's next slice is read.
import * as msg from './messages.js';

/** Bytes read from a File per step: big enough to be fast, small enough to stay responsive. */
const SLICE_LEN = 4 * 1024 * 1024;

/** An error as the text the client shows; a wasm trap is named as the bug it is. */
export function errorText(e) {
  if (e instanceof WebAssembly.RuntimeError) return `the analysis engine crashed (${e.message}); this is a ctiscope bug`;
  return e && e.message ? e.message : String(e);
}

/**
 * One analysis behind the protocol.
 * @param {object} o
 * @param {Promise<unknown>} o.ready resolves once the wasm engine is loaded (rejects if it cannot be)
 * @param {Function} o.Analyzer the engine's `Analyzer` class (wasm-bindgen)
 * @param {(m: object) => void} o.post sends a message to the client
 * @param {() => number} o.wasmBytes the engine's wasm memory size (it only grows: the peak so far)
 * @param {() => Promise<void>} [o.pause] awaited after each slice; on the calling thread it lets
 *   the event loop run (an abort, a UI); a Worker has nothing to give way to
 * @returns {{receive: (m: object) => Promise<void>, stop: () => void}} `receive` takes each
 *   message from the client; `stop` ends the analysis and frees the engine's memory (a Worker is
 *   simply terminated instead)
 */
export function backend({ ready, Analyzer, post, wasmBytes, pause = async () => {} }) {
  let analyzer = null;
  /** The analyzed File, read again for the redacted export (one file only). */
  let currentFile = null;
  let stopped = false;
  const check = () => {
    if (stopped) throw new Error('the analysis was stopped');
  };
  const progress = (bytesRead, bytesTotal, finishing) => post({
    type: msg.PROGRESS, bytesRead, bytesTotal, packets: analyzer.packets(), wasmBytes: wasmBytes(), ...(finishing ? { finishing } : {}),
  });
  const read = async (file, start, end) => {
    const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
    check();
    return bytes;
  };

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
    let done = 0;
    for (let i = analyzer.wants(); i >= 0; i = analyzer.wants()) {
      const file = files[i];
      if (at[i] >= file.size) {
        analyzer.end_file(i);
        continue;
      }
      const end = Math.min(at[i] + sliceLen, file.size);
      const slice = await read(file, at[i], end);
      done += end - at[i];
      at[i] = end;
      analyzer.push_file(i, slice);
      progress(done, total, false);
      await pause();
      check();
    }
    return total;
  }

  async function analyzeOne(file) {
    analyzer = new Analyzer();
    currentFile = file;
    const total = file.size;
    // The next slice is read while the engine works on this one: a browser reads a Blob off
    // this thread, and waiting for each read in turn left the worker idle ~15 % of the capture
    // pass (bench/profile-page.mjs, 100 MiB cti).
    const ahead = (at) => {
      const pending = read(file, at, Math.min(at + SLICE_LEN, total));
      pending.catch(() => {}); // awaited below; this only keeps an abandoned read from being reported
      return pending;
    };
    let next = total > 0 ? ahead(0) : null;
    for (let at = 0; at < total; at += SLICE_LEN) {
      const slice = await next;
      next = at + SLICE_LEN < total ? ahead(at + SLICE_LEN) : null;
      analyzer.push(slice);
      progress(Math.min(at + SLICE_LEN, total), total, false);
      await pause();
      check();
    }
    return total;
  }

  async function analyze(files) {
    await ready;
    check();
    const total = files.length > 1 ? await analyzeMany(files) : await analyzeOne(files[0]);
    // The last stage (closing flows, findings, the report) takes seconds on a big file: say so.
    progress(total, total, true);
    await pause();
    check();
    const summary = analyzer.finish();
    post({ type: msg.DONE, summary, wasmBytes: wasmBytes() });
  }

  /**
   * The redacted capture: the engine (crate/src/redact.rs, `Analyzer.redactor`) plans the byte
   * ranges from the report's tagged spans, maps them to file offsets in a second pass over the
   * same File, and rewrites the file in a third. This only drives those passes slice by slice.
   * @returns {Promise<{blob: Blob, unmapped: number}>} `unmapped`: segments it could not redact
   */
  async function redacted() {
    if (!currentFile) throw new Error('the redacted capture is made from one file; analyze each file alone to redact it');
    const file = currentFile;
    const r = analyzer.redactor([]);
    try {
      const slices = async function* slices() {
        for (let at = 0; at < file.size; at += SLICE_LEN) yield read(file, at, Math.min(at + SLICE_LEN, file.size));
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

  return {
    async receive(m) {
      if (stopped) return;
      if (m.type === msg.ANALYZE) {
        try {
          await analyze(m.files);
        } catch (e) {
          if (!stopped) post({ type: msg.ERROR, message: errorText(e) });
        }
        return;
      }
      try {
        if (!analyzer) throw new Error('no analysis has finished');
        const handler = HANDLERS[m.type];
        if (!handler) throw new Error(`unknown request ${m.type}`);
        const value = await handler(m);
        if (!stopped) post({ type: msg.REPLY, id: m.id, value });
      } catch (e) {
        if (!stopped) post({ type: msg.REPLY, id: m.id, error: errorText(e) });
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (analyzer) analyzer.free();
      analyzer = null;
      currentFile = null;
    },
  };
}
