// The analysis worker: loads the wasm engine once and runs one analysis (backend.js: the files
// read in slices, progress, then the report kept here and the client's requests answered).
// Messages: see messages.js; the client: client.js. A cancel is the client terminating this
// worker; a wasm trap leaves it unusable, so the client starts a fresh worker for every analysis.
import init, { Analyzer } from '../pkg/ctiscope.js';
import { backend } from './backend.js';
import { wasmSource } from './wasm-source.js';

/** The engine's wasm memory; it only grows, so its size is the peak so far (PROGRESS, DONE). */
let memory = null;
const ready = init({ module_or_path: wasmSource() }).then((exports) => { memory = exports.memory; });
const engine = backend({
  ready, Analyzer, post: (m) => postMessage(m), wasmBytes: () => (memory ? memory.buffer.byteLength : 0),
});

self.onmessage = (event) => { engine.receive(event.data); };
