// Exports, all made in the page (nothing is uploaded): the JSON report (the CLI's schema, from
// the worker), a CSV of the messages matching the current filter and one of the calls matching
// the Calls view's filter (both from the worker, formula cells defused), the
// self-contained HTML findings report (report-html.js), and the redacted capture (rewritten by
// the engine in the worker; see worker.js `redacted`).
import * as msg from './messages.js';
import { request } from './engine.js';
import { findingsReport } from './report-html.js';

/** Offers `data` as a download named `name`. */
export function download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const stem = (fileName) => (fileName || 'capture').replace(/\.(pcapng|pcap|cap)(\.gz)?$/i, '').replace(/[^\w.-]+/g, '_') || 'capture';

export async function json(fileName) {
  download(`${stem(fileName)}.ctiscope.json`, await request(msg.GET_REPORT_JSON), 'application/json');
}

export async function csv(fileName) {
  download(`${stem(fileName)}.messages.csv`, await request(msg.GET_CSV, { name: 'table' }), 'text/csv');
}

export async function callsCsv(fileName) {
  download(`${stem(fileName)}.calls.csv`, await request(msg.GET_CALL_CSV), 'text/csv');
}

export function html(fileName, summary) {
  download(`${stem(fileName)}.findings.html`, findingsReport(summary, fileName), 'text/html');
}

/**
 * The redacted capture: the analyzed file with the plaintext of interest overwritten, made by the
 * engine in the worker (two more passes over the file). Resolves with a note for the status line.
 */
export async function redacted(fileName, summary) {
  const { blob, unmapped } = await request(msg.GET_REDACTED);
  const ext = summary.capture.format === 'pcap' ? 'pcap' : 'pcapng';
  download(`${stem(fileName)}.redacted.${ext}`, blob, 'application/octet-stream');
  return unmapped ? `${unmapped} segments could not be redacted (IP fragments); check before sharing` : '';
}
