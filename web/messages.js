// The client <-> engine messages, defined once. Every message the two sides exchange is listed
// here. The client is client.js `open()` (the page's and the npm package's one API: it sends
// ANALYZE itself, the rest through `request(type, fields)`); the engine side is backend.js, in
// the page's worker (worker.js) or, in Node, on the calling thread (npm/index.js).
//
// client -> engine:
//   {type: ANALYZE, files: File[]}                  analyze one file, or several merged by
//                                                   timestamp into one capture (one job per worker)
//   {type: GET_MESSAGES, id, offset, limit}         a page of full messages, capture order
//   {type: GET_REPORT_JSON, id}                     the full JSON report (the CLI's --json)
//   {type: GET_FACETS, id}                          {protocols, sessions, names}: [value, count] lists
//   {type: SET_VIEW, id, name, query}               filter + sort into view `name`; value = row count
//                                                   query: {protocol, session, direction, name, text,
//                                                           sort, descending} (crate/src/query.rs)
//   {type: GET_ROWS, id, name, offset, limit}       a page of a view's light rows (no field trees)
//   {type: GET_POSITION, id, name, index}           a message's position in a view, or -1
//   {type: GET_MESSAGE, id, index}                  {message, bytes: Uint8Array, call: id or -1}
//                                                   for the detail view (call: the message's call)
//   {type: INDEX_OF_FRAME, id, frame}               the first message completed by a frame, or -1
//   {type: GET_CSV, id, name}                       a view as CSV text
//   {type: GET_CALL_FACETS, id}                     {protocols, states}: [value, count] lists
//   {type: SET_CALL_VIEW, id, query}                filter + sort the calls; value = call count
//                                                   query: {number, protocol, state, sort,
//                                                           descending} (crate/src/callview.rs)
//   {type: GET_CALL_ROWS, id, offset, limit}        a page of the calls view's rows
//   {type: GET_CALL_POSITION, id, call}             a call's position in the calls view, or -1
//   {type: GET_CALL, id, call}                      {call, lanes, sessions, findings} or null
//   {type: SET_CALL_LADDER, id, call}               the call's messages as message view "call";
//                                                   value = their count (paged with GET_ROWS)
//   {type: GET_CALL_CSV, id}                        the calls view as CSV text
//   {type: GET_REDACTED, id}                        {blob, unmapped}: the capture with plaintext of
//                                                   interest overwritten (engine: crate/src/redact.rs);
//                                                   one file only
// engine -> client:
//   {type: PROGRESS, bytesRead, bytesTotal, packets, wasmBytes, finishing?}
//                                                   finishing: the file is read; sessions and
//                                                   findings are being completed
//   {type: DONE, summary, wasmBytes}                the report without messages + message_count;
//                                                   its sessions carry facts, not info (GET_REPORT_JSON has it);
//                                                   wasmBytes: the engine's wasm memory size (bench)
//   {type: ERROR, message}                          the file could not be analyzed
//   {type: REPLY, id, value} / {type: REPLY, id, error}
export const ANALYZE = 'analyze';
export const GET_MESSAGES = 'get-messages';
export const GET_REPORT_JSON = 'get-report-json';
export const GET_FACETS = 'get-facets';
export const SET_VIEW = 'set-view';
export const GET_ROWS = 'get-rows';
export const GET_POSITION = 'get-position';
export const GET_MESSAGE = 'get-message';
export const INDEX_OF_FRAME = 'index-of-frame';
export const GET_CSV = 'get-csv';
export const GET_REDACTED = 'get-redacted';
export const GET_CALL_FACETS = 'get-call-facets';
export const SET_CALL_VIEW = 'set-call-view';
export const GET_CALL_ROWS = 'get-call-rows';
export const GET_CALL_POSITION = 'get-call-position';
export const GET_CALL = 'get-call';
export const SET_CALL_LADDER = 'set-call-ladder';
export const GET_CALL_CSV = 'get-call-csv';
export const PROGRESS = 'progress';
export const DONE = 'done';
export const ERROR = 'error';
export const REPLY = 'reply';
