// Boot and orchestration: wires the drop zone, file picker and sample button to a fresh analysis
// per file (engine.js, on client.js `open()`: the npm package's API), shows progress with
// cancel, then renders the views (Overview, Sessions, Calls, Messages + Detail, Ladder, Call
// ladder) and the exports. Navigation and filter state live in the URL fragment (state.js). Any
// failure becomes a message on the page.
import * as msg from './messages.js';
import * as engine from './engine.js';
import * as nav from './state.js';
import * as exporter from './exports.js';
import { el, replace } from './dom.js';
import { sampleFile } from './platform.js';
import * as summaryView from './views/summary.js';
import * as findingsView from './views/findings.js';
import * as inventoryView from './views/inventory.js';
import * as sessionsView from './views/sessions.js';
import * as flowsView from './views/flows.js';
import * as messagesView from './views/messages.js';
import * as detailView from './views/detail.js';
import * as ladderView from './views/ladder.js';
import * as callsView from './views/calls.js';
import * as callLadderView from './views/callladder.js';

const $ = (id) => document.getElementById(id);

let state = nav.parse(location.hash);
let lastHash = location.hash;
const run = {
  viewSeq: 0, reveal: null, analyses: 0, fileName: '', summary: null, view: null, detailToken: 0, ladderOffset: 0, ladderT0: new Map(),
  // The Calls view, its query sequence, and the call ladder: the call whose messages the worker
  // holds as view "call", its detail, and the page shown.
  calls: null, callSeq: 0, ladderCall: null, callDetail: null, callOffset: 0,
};

// ---- errors and status -------------------------------------------------------------------

function setBusy(busy) {
  $('progress').hidden = !busy;
  document.body.classList.toggle('busy', busy);
}

/** A failed analysis: the error box, the engine stopped. */
function fail(text) {
  setBusy(false);
  engine.stop();
  replace($('error'), el('strong', {}, 'Could not analyze this file. '), text);
  $('error').hidden = false;
  document.body.dataset.state = 'error';
}

/** A problem that leaves the analysis usable (a view request, an export). */
function notify(text) {
  replace($('error'), text);
  $('error').hidden = false;
}

function status(text) {
  $('export-status').textContent = text;
}

/** The analysis was cancelled or replaced: what waited on it has nothing to report. */
const aborted = (e) => e && e.name === 'AbortError';
const report = (e) => { if (!aborted(e)) notify(`Something went wrong: ${e && e.message ? e.message : e}`); };

// ---- analysis ----------------------------------------------------------------------------

/** Analyzes one File (or Blob with a name). */
export function analyzeFile(file) {
  analyzeFiles([file]);
}

/**
 * Analyzes several Files as one capture merged by timestamp (rotated parts of a capture, both
 * sides of a SPAN); one File is the plain analysis.
 * @param {File[]} files
 */
export function analyzeFiles(files) {
  // A bookmarked selection applies to the first capture; another file starts unselected.
  if (run.analyses++ > 0) state.selected = null;
  run.fileName = files.length > 1 ? `${files.length} files` : (files[0].name || 'capture');
  run.summary = null;
  run.ladderT0.clear();
  run.ladderCall = null;
  run.callDetail = null;
  if (run.analyses > 1) state.call = null;
  $('error').hidden = true;
  $('results').hidden = true;
  $('progress-bar').value = 0;
  $('progress-label').textContent = `Reading ${run.fileName}…`;
  setBusy(true);
  document.body.dataset.state = 'busy';
  const progress = ({ bytesRead, bytesTotal, packets, finishing }) => {
    const f = bytesTotal ? bytesRead / bytesTotal : 1;
    $('progress-bar').value = f;
    $('progress-label').textContent = finishing
      ? `${run.fileName}: ${packets} packets read; completing sessions and findings…`
      : `Reading ${run.fileName}: ${Math.round(f * 100)}% (${packets} packets)`;
  };
  // A cancel, or another file chosen meanwhile, aborts this analysis: nothing to show.
  engine.analyze(files, progress).then(showResults).catch((e) => { if (!aborted(e)) fail(e.message); });
}

async function showResults(summary) {
  run.summary = summary;
  const t0 = summary.capture.first_time;
  summaryView.render($('summary'), summary, run.fileName);
  // The redacted capture rewrites one file; a merged analysis has several.
  const merged = (summary.capture.files || []).length > 1;
  $('export-redacted').disabled = merged;
  $('export-redacted').title = merged ? 'Redaction works on one file: analyze each file alone to redact it.' : '';
  const openSession = (id) => { state.filter = { ...nav.initial().filter, session: String(id) }; run.view.setFilter(state.filter); showTab('messages'); applyView().catch(report); };
  findingsView.render($('findings'), summary.findings, goFrame, summary.sessions, openSession, (summary.capture.files || []).map((f) => f.name));
  inventoryView.render($('inventory'), summary.inventory, goFrame, run.fileName);
  sessionsView.render($('sessions'), summary.sessions, {
    messages: openSession,
    ladder: (id) => { state.ladderSession = String(id); run.ladderOffset = 0; showTab('ladder'); },
  });
  flowsView.render($('flows'), summary.flows);
  const facets = summary.message_count ? await engine.request(msg.GET_FACETS) : { protocols: [], sessions: [], names: [] };
  run.view = messagesView.create($('messages'), {
    facets, total: summary.message_count, startTime: t0,
    fetchPage: (offset, limit) => engine.request(msg.GET_ROWS, { name: 'table', offset, limit }),
    onFilter: (filter) => { state.filter = filter; applyView().catch(report); },
    onSort: (key) => { state.descending = state.sort === key ? !state.descending : false; state.sort = key; applyView().catch(report); },
    onSelect: (row) => showDetail(row.index),
    onCall: (row) => openCall(row.call, { message: row.index }).catch(report),
    onError: report,
  });
  run.view.setFilter(state.filter);
  await applyView();
  const callFacets = summary.call_count ? await engine.request(msg.GET_CALL_FACETS) : { protocols: [], states: [] };
  run.calls = callsView.create($('calls'), {
    facets: callFacets, total: summary.call_count, startTime: t0,
    fetchPage: (offset, limit) => engine.request(msg.GET_CALL_ROWS, { offset, limit }),
    onFilter: (filter) => { state.calls = filter; applyCallView().catch(report); },
    onSort: (key) => { state.callDescending = state.callSort === key ? !state.callDescending : false; state.callSort = key; applyCallView().catch(report); },
    onOpen: (row) => openCall(row.id).catch(report),
    onError: report,
  });
  run.calls.setFilter(state.calls);
  await applyCallView();
  setBusy(false);
  $('drop-zone').classList.add('compact');
  $('results').hidden = false;
  showTab(state.view);
  if (state.selected !== null && state.selected < summary.message_count) await selectMessage(state.selected, { switchTab: false });
  document.body.dataset.state = 'done';
}

/** Runs the current filter and sort in the worker and resets the table to it. */
async function applyView() {
  const seq = ++run.viewSeq;
  const count = await engine.request(msg.SET_VIEW, { name: 'table', query: nav.query(state) });
  if (seq !== run.viewSeq) return; // a newer filter was sent while this one ran
  run.view.table.reset(count, { key: state.sort, descending: state.descending });
  run.view.setCount(count);
  if (count) await run.view.table.row(0);
  // The selected message stays selected when the new view holds it.
  if (state.selected !== null && count) {
    const pos = await engine.request(msg.GET_POSITION, { name: 'table', index: state.selected });
    if (pos >= 0) run.view.table.mark(pos);
  }
  writeHash();
}

/** Runs the Calls view's filter and sort in the worker and resets its table. */
async function applyCallView() {
  if (!run.summary || !run.summary.call_count) { writeHash(); return; }
  const seq = ++run.callSeq;
  const count = await engine.request(msg.SET_CALL_VIEW, { query: nav.callQuery(state) });
  if (seq !== run.callSeq) return;
  run.calls.table.reset(count, { key: state.callSort, descending: state.callDescending });
  run.calls.setCount(count);
  if (count) await run.calls.table.row(0);
  // The call shown in the ladder stays marked when the view holds it.
  if (state.call !== null && count) {
    const pos = await engine.request(msg.GET_CALL_POSITION, { call: state.call });
    if (pos >= 0) run.calls.table.mark(pos);
  }
  writeHash();
}

/** Opens a call's ladder; with `message`, at the page holding that message (marked). */
async function openCall(id, { message = null } = {}) {
  state.call = id;
  run.callOffset = 0;
  await loadCall();
  if (message !== null && run.callDetail) {
    const pos = await engine.request(msg.GET_POSITION, { name: 'call', index: message });
    if (pos >= 0) run.callOffset = Math.floor(pos / callLadderView.PAGE) * callLadderView.PAGE;
  }
  showTab('callladder');
}

/** Makes the worker hold the current call's messages (view "call") and fetches its detail. */
async function loadCall() {
  if (state.call === null) { run.callDetail = null; run.ladderCall = null; return; }
  if (run.ladderCall === state.call) return;
  const id = state.call;
  const detail = await engine.request(msg.GET_CALL, { call: id });
  const total = detail ? await engine.request(msg.SET_CALL_LADDER, { call: id }) : 0;
  if (state.call !== id) return;
  run.callDetail = detail ? { ...detail, total } : null;
  run.ladderCall = id;
}

async function renderCallLadder() {
  await loadCall();
  const d = run.callDetail;
  let page = { total: 0, offset: 0, rows: [] };
  if (d) {
    const offset = Math.min(run.callOffset, Math.max(0, d.total - 1));
    page = { total: d.total, offset, rows: d.total ? await engine.request(msg.GET_ROWS, { name: 'call', offset, limit: callLadderView.PAGE }) : [] };
  }
  callLadderView.render($('callladder'), {
    detail: d, page, selected: state.selected, startTime: run.summary.capture.first_time,
    onPage: (offset) => { run.callOffset = offset; renderCallLadder().catch(report); },
    onPick: (row) => selectMessage(row.index).catch(report),
    onSession: (id) => { state.ladderSession = String(id); run.ladderOffset = 0; showTab('ladder'); },
    onBack: () => { showTab('calls'); if (run.calls) run.calls.table.element.focus(); },
  });
  writeHash();
}

// ---- selection and detail ----------------------------------------------------------------

async function showDetail(index) {
  const token = ++run.detailToken;
  state.selected = index;
  writeHash();
  const { message, bytes, call } = await engine.request(msg.GET_MESSAGE, { index }).catch((e) => { report(e); return {}; });
  if (!message || token !== run.detailToken) return;
  const files = (run.summary.capture.files || []).map((f) => f.name);
  const shown = detailView.render(run.view.detail, message, bytes, { onFrame: goFrame, files, call, onCall: (id) => openCall(id, { message: index }).catch(report) });
  if (run.reveal && run.reveal.index === index) shown.reveal(run.reveal.start, run.reveal.end);
  run.reveal = null;
  run.view.detail.dataset.index = String(index);
}

/** Selects a message by index: in the table when the filter holds it, and in the detail. */
async function selectMessage(index, { switchTab = true } = {}) {
  if (switchTab) showTab('messages');
  const pos = await engine.request(msg.GET_POSITION, { name: 'table', index });
  if (pos >= 0) {
    await run.view.table.select(pos);
  } else {
    await showDetail(index);
    status(`Message ${index + 1} is not in the current filter; clear the filter to see it in the table.`);
  }
}

/** Opens the message of a frame (from findings, evidence, the detail's request link); evidence
 * also brings its byte range. */
async function goFrame({ frame, message, start, end }) {
  try {
    const index = message !== undefined ? message : await engine.request(msg.INDEX_OF_FRAME, { frame });
    if (index < 0) { notify(`Frame ${frame} completes no decoded message.`); return; }
    run.reveal = start !== undefined && end > start ? { index, start, end } : null;
    await selectMessage(index);
  } catch (e) { report(e); }
}

// ---- tabs and the ladder -----------------------------------------------------------------

function showTab(view) {
  state.view = nav.VIEWS.includes(view) ? view : 'overview';
  for (const v of nav.VIEWS) {
    const tab = $(`tab-${v}`);
    const on = v === state.view;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${v}`).hidden = !on;
  }
  if (state.view === 'ladder') renderLadder().catch(report);
  if (state.view === 'callladder' && run.summary) renderCallLadder().catch(report);
  if (state.view === 'messages' && run.view) run.view.table.schedule();
  if (state.view === 'calls' && run.calls) run.calls.table.schedule();
  writeHash();
}

async function renderLadder() {
  const cti = run.summary.sessions.filter((s) => s.messages > 0);
  // Default: the first CTI session (what the tool is for), else the first session with messages.
  const first = cti.find((s) => s.protocol === 'ctiqbe') || cti[0];
  if (!state.ladderSession || !cti.some((s) => String(s.id) === state.ladderSession)) state.ladderSession = first ? String(first.id) : '';
  let page = { total: 0, offset: 0, rows: [] };
  let t0 = 0;
  if (state.ladderSession) {
    const total = await engine.request(msg.SET_VIEW, { name: 'ladder', query: { session: Number(state.ladderSession) } });
    const offset = Math.min(run.ladderOffset, Math.max(0, total - 1));
    const rows = await engine.request(msg.GET_ROWS, { name: 'ladder', offset, limit: ladderView.PAGE });
    if (!run.ladderT0.has(state.ladderSession)) {
      const first = offset === 0 ? rows : await engine.request(msg.GET_ROWS, { name: 'ladder', offset: 0, limit: 1 });
      run.ladderT0.set(state.ladderSession, first.length ? first[0].time : 0);
    }
    t0 = run.ladderT0.get(state.ladderSession);
    page = { total, offset, rows };
  }
  ladderView.render($('ladder'), {
    sessions: cti, session: state.ladderSession, page, selected: state.selected, t0,
    onSession: (id) => { state.ladderSession = id; run.ladderOffset = 0; writeHash(); renderLadder().catch(report); },
    onPage: (offset) => { run.ladderOffset = offset; renderLadder().catch(report); },
    onPick: (row) => selectMessage(row.index).catch(report),
  });
  writeHash();
}

// ---- URL fragment ------------------------------------------------------------------------

function writeHash() {
  const h = nav.format(state);
  if (h !== location.hash && !(h === '' && location.hash === '')) {
    history.replaceState(null, '', `${location.pathname}${location.search}${h}`);
  }
  lastHash = location.hash;
}

window.addEventListener('hashchange', () => {
  if (location.hash === lastHash) return;
  lastHash = location.hash;
  state = nav.parse(location.hash);
  if (!run.view) return;
  run.view.setFilter(state.filter);
  if (run.calls) run.calls.setFilter(state.calls);
  applyView().then(() => applyCallView()).then(() => {
    showTab(state.view);
    if (state.selected !== null) return selectMessage(state.selected, { switchTab: false });
    return undefined;
  }).catch(report);
});

// ---- wiring ------------------------------------------------------------------------------

function cancel() {
  engine.stop();
  setBusy(false);
  replace($('error'), `Cancelled the analysis of ${run.fileName}.`);
  $('error').hidden = false;
  document.body.dataset.state = 'cancelled';
}

async function loadSample() {
  try {
    analyzeFile(await sampleFile());
  } catch (e) {
    fail(`The built-in sample capture could not be loaded: ${e.message}`);
  }
}

function exportWith(fn, what) {
  return async () => {
    status(`Preparing ${what}…`);
    try {
      const note = await fn();
      status(`Saved ${what}.${note ? ` ${note}.` : ''}`);
    } catch (e) {
      status(`Could not export ${what}: ${e.message}`);
    }
  };
}

const typing = (t) => t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable);

function onKey(e) {
  if (e.altKey || e.ctrlKey || e.metaKey || !run.view || $('results').hidden) return;
  if (e.key === '/' && !typing(e.target) && state.view === 'calls' && run.calls && run.summary.call_count) {
    e.preventDefault();
    run.calls.focusFilter();
  } else if (e.key === 'Escape' && !typing(e.target) && state.view === 'calls' && run.calls) {
    run.calls.table.element.focus();
  } else if (e.key === '/' && !typing(e.target)) {
    e.preventDefault();
    showTab('messages');
    run.view.focusFilter();
  } else if (e.key === 'Escape' && !typing(e.target) && state.view === 'messages') {
    run.view.table.element.focus();
  } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && state.view === 'messages' && (e.target === document.body || e.target === null)) {
    run.view.table.element.focus();
    run.view.table.key(e);
  } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && state.view === 'calls' && run.calls && (e.target === document.body || e.target === null)) {
    run.calls.table.element.focus();
    run.calls.table.key(e);
  }
}

function wireTabs() {
  const list = $('tabs');
  list.addEventListener('click', (e) => {
    const tab = e.target.closest('[role=tab]');
    if (tab) showTab(tab.id.replace('tab-', ''));
  });
  list.addEventListener('keydown', (e) => {
    const i = nav.VIEWS.indexOf(state.view);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: nav.VIEWS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const v = nav.VIEWS[(next + nav.VIEWS.length) % nav.VIEWS.length];
    showTab(v);
    $(`tab-${v}`).focus();
  });
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
    const files = e.dataTransfer && e.dataTransfer.files ? [...e.dataTransfer.files] : [];
    if (files.length) analyzeFiles(files);
  });
  zone.addEventListener('keydown', (e) => { if (e.target === zone && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); $('file-input').click(); } });
  $('file-input').addEventListener('change', (e) => {
    const files = e.target.files ? [...e.target.files] : [];
    if (files.length) analyzeFiles(files);
    e.target.value = '';
  });
  $('sample-button').addEventListener('click', loadSample);
  $('cancel-button').addEventListener('click', cancel);
  $('export-json').addEventListener('click', exportWith(() => exporter.json(run.fileName), 'the JSON report'));
  $('export-csv').addEventListener('click', exportWith(() => exporter.csv(run.fileName), 'the CSV of the filtered messages'));
  $('export-calls-csv').addEventListener('click', exportWith(() => exporter.callsCsv(run.fileName), 'the CSV of the filtered calls'));
  $('export-html').addEventListener('click', exportWith(async () => exporter.html(run.fileName, run.summary), 'the HTML findings report'));
  $('export-redacted').addEventListener('click', exportWith(() => exporter.redacted(run.fileName, run.summary), 'the redacted capture'));
  document.addEventListener('keydown', onKey);
  wireTabs();
  window.addEventListener('error', (e) => notify(`Something went wrong: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => report(e.reason));
  document.body.dataset.state = 'ready';
}

wire();
