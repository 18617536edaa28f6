// Sessions view, bottom: every TCP/UDP conversation with its detected protocol (CTI, TLS, SIP,
// SCCP, GED-188 or unknown), beneath the decoded sessions.
import { capped, el, replace, table } from '../dom.js';
import * as fmt from '../format.js';

export function render(container, flows) {
  const { shown, note } = capped(flows, 'flows');
  const rows = shown.map((f) => [
    String(f.id), f.transport.toUpperCase(), f.client, f.server, f.protocol,
    f.session === null || f.session === undefined ? '—' : String(f.session),
    String(f.packets), fmt.bytes(f.bytes), String(f.first_frame), f.end,
  ]);
  replace(container,
    el('h2', {}, `Flows (${flows.length})`),
    flows.length
      ? table('Every conversation in the capture, by protocol', ['#', 'Transport', 'Client', 'Server', 'Protocol', 'Session', 'Packets', 'Bytes', 'First frame', 'End'], rows)
      : el('p', {}, 'No TCP or UDP flows in this capture.'),
    note);
}
