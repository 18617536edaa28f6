// The analysis worker: loads the wasm engine once, reads the File in slices, feeds them to the
// engine, posts progress, then answers page requests for messages. Messages: see messages.js.
// A cancel is the page terminating this worker; a wasm trap leaves it unusable, so the page
// starts a fresh worker for every file.
import init, { Analyzer } from '../pkg/ctiscope.js';
import * as msg from './messages.js';

/** Bytes read from the File per step: big enough to be fast, small enough to stay responsive. */
const SLICE_LEN = 4 * 1024 * 1024;

const ready = init({ module_or_path: new URL('../pkg/ctiscope_bg.wasm', import.meta.url) });
let analyzer = null;

function errorText(e) {
  if (e instanceof WebAssembly.RuntimeError) return `the analysis engine crashed (${e.message}); this is a ctiscope bug`;
  return e && e.message ? e.message : String(e);
}

async function analyze(file) {
  await ready;
  analyzer = new Analyzer();
  const total = file.size;
  for (let at = 0; at < total; at += SLICE_LEN) {
    const slice = new Uint8Array(await file.slice(at, Math.min(at + SLICE_LEN, total)).arrayBuffer());
    analyzer.push(slice);
    postMessage({ type: msg.PROGRESS, bytesRead: Math.min(at + SLICE_LEN, total), bytesTotal: total, packets: analyzer.packets() });
  }
  const summary = analyzer.finish();
  postMessage({ type: msg.DONE, summary });
}

self.onmessage = async (event) => {
  const m = event.data;
  if (m.type === msg.ANALYZE) {
    try {
      await analyze(m.file);
    } catch (e) {
      postMessage({ type: msg.ERROR, message: errorText(e) });
    }
    return;
  }
  try {
    if (!analyzer) throw new Error('no analysis has finished');
    let value;
    if (m.type === msg.GET_MESSAGES) value = analyzer.messages(m.offset, m.limit);
    else if (m.type === msg.GET_REPORT_JSON) value = analyzer.report_json();
    else throw new Error(`unknown request ${m.type}`);
    postMessage({ type: msg.REPLY, id: m.id, value });
  } catch (e) {
    postMessage({ type: msg.REPLY, id: m.id, error: errorText(e) });
  }
};
