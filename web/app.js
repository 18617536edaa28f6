// Boot: wires the drop zone, file picker and sample button to a fresh analysis worker per
// file, shows progress with cancel, and renders the results or a clear error.
import * as msg from './messages.js';
import { el, replace } from './dom.js';
import * as summaryView from './views/summary.js';
import * as flowsView from './views/flows.js';
import * as sessionsView from './views/sessions.js';
import * as findingsView from './views/findings.js';
import * as messagesView from './views/messages.js';

const $ = (id) => document.getElementById(id);

const state = {
  worker: null,
  fileName: '',
  summary: null,
  messages: [],
  nextRequestId: 1,
  pending: new Map(),
};

function startWorker() {
  if (state.worker) state.worker.terminate();
  state.pending.clear();
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = onWorkerMessage;
  worker.onerror = (e) => { e.preventDefault(); fail(`The analysis engine failed to start: ${e.message || 'unknown error'}`); };
  state.worker = worker;
  return worker;
}

function request(type, fields) {
  const id = state.nextRequestId++;
  return new Promise((resolve, reject) => {
    state.pending.set(id, { resolve, reject });
    state.worker.postMessage({ type, id, ...fields });
  });
}

function onWorkerMessage(event) {
  const m = event.data;
  switch (m.type) {
    case msg.PROGRESS: return showProgress(m);
    case msg.DONE: return showResults(m.summary);
    case msg.ERROR: return fail(m.message);
    case msg.REPLY: {
      const p = state.pending.get(m.id);
      if (!p) return undefined;
      state.pending.delete(m.id);
      return m.error ? p.reject(new Error(m.error)) : p.resolve(m.value);
    }
    default: return undefined;
  }
}

function showProgress({ bytesRead, bytesTotal, packets }) {
  $('progress-bar').value = bytesTotal ? bytesRead / bytesTotal : 1;
  $('progress-label').textContent = `Reading ${state.fileName}: ${Math.round((bytesTotal ? bytesRead / bytesTotal : 1) * 100)}% (${packets} packets)`;
}

function setBusy(busy) {
  $('progress').hidden = !busy;
  document.body.classList.toggle('busy', busy);
}

function fail(text) {
  setBusy(false);
  if (state.worker) { state.worker.terminate(); state.worker = null; }
  const box = $('error');
  replace(box, el('strong', {}, 'Could not analyze this file. '), text);
  box.hidden = false;
  document.body.dataset.state = 'error';
}

/** Analyzes one File (or Blob with a name). */
export function analyzeFile(file) {
  state.fileName = file.name || 'capture';
  state.summary = null;
  state.messages = [];
  $('error').hidden = true;
  $('results').hidden = true;
  $('progress-bar').value = 0;
  $('progress-label').textContent = `Reading ${state.fileName}…`;
  setBusy(true);
  document.body.dataset.state = 'busy';
  startWorker().postMessage({ type: msg.ANALYZE, file });
}

async function showResults(summary) {
  state.summary = summary;
  setBusy(false);
  summaryView.render($('summary'), summary, state.fileName);
  findingsView.render($('findings'), summary.findings);
  sessionsView.render($('sessions'), summary.sessions);
  flowsView.render($('flows'), summary.flows);
  $('results').hidden = false;
  await loadMoreMessages();
  document.body.dataset.state = 'done';
}

async function loadMoreMessages() {
  const total = state.summary.message_count;
  try {
    const page = total ? await request(msg.GET_MESSAGES, { offset: state.messages.length, limit: messagesView.PAGE }) : [];
    state.messages = state.messages.concat(page);
  } catch (e) {
    fail(e.message);
    return;
  }
  messagesView.render($('messages'), total, state.messages, loadMoreMessages);
}

function cancel() {
  if (state.worker) { state.worker.terminate(); state.worker = null; }
  setBusy(false);
  const box = $('error');
  replace(box, `Cancelled the analysis of ${state.fileName}.`);
  box.hidden = false;
  document.body.dataset.state = 'cancelled';
}

async function loadSample() {
  try {
    const response = await fetch(new URL('../sample.pcapng', import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    analyzeFile(new File([blob], 'sample.pcapng'));
  } catch (e) {
    fail(`The built-in sample capture could not be loaded: ${e.message}`);
  }
}

function wire() {
  const zone = $('drop-zone');
  const stop = (e) => { e.preventDefault(); e.stopPropagation(); };
  for (const type of ['dragenter', 'dragover']) {
    document.addEventListener(type, (e) => { stop(e); zone.classList.add('dragging'); });
  }
  document.addEventListener('dragleave', (e) => { stop(e); zone.classList.remove('dragging'); });
  document.addEventListener('drop', (e) => {
    stop(e);
    zone.classList.remove('dragging');
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) analyzeFile(file);
  });
  $('file-input').addEventListener('change', (e) => {
    const file = e.target.files && e.target.files[0];
    if (file) analyzeFile(file);
    e.target.value = '';
  });
  $('sample-button').addEventListener('click', loadSample);
  $('cancel-button').addEventListener('click', cancel);
  document.body.dataset.state = 'ready';
}

wire();
