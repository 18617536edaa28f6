// The page <-> worker messages, defined once.
//
// page -> worker:
//   {type: ANALYZE, file: File}                 analyze one file (one job per worker)
//   {type: GET_MESSAGES, id, offset, limit}     a page of decoded messages
//   {type: GET_REPORT_JSON, id}                 the full JSON report
// worker -> page:
//   {type: PROGRESS, bytesRead, bytesTotal, packets}
//   {type: DONE, summary}                       the report without messages + message_count
//   {type: ERROR, message}                      the file could not be analyzed
//   {type: REPLY, id, value} / {type: REPLY, id, error}
export const ANALYZE = 'analyze';
export const GET_MESSAGES = 'get-messages';
export const GET_REPORT_JSON = 'get-report-json';
export const PROGRESS = 'progress';
export const DONE = 'done';
export const ERROR = 'error';
export const REPLY = 'reply';
