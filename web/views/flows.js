// The flow list: every TCP/UDP conversation with its detected protocol.
import { el, replace, table } from '../dom.js';
import * as fmt from '../format.js';

export function render(container, flows) {
  const rows = flows.map((f) => [
    String(f.id), f.transport.toUpperCase(), f.client, f.server, f.protocol,
    String(f.packets), fmt.bytes(f.bytes), String(f.first_frame), f.end,
  ]);
  replace(container,
    el('h2', {}, `Flows (${flows.length})`),
    flows.length
      ? table('Conversations in the capture', ['#', 'Transport', 'Client', 'Server', 'Protocol', 'Packets', 'Bytes', 'First frame', 'End'], rows)
      : el('p', {}, 'No TCP or UDP flows in this capture.'));
}
