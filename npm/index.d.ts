// Types of the ctiscope report, written from docs/report.md (schema version 1).

/** `"ip:port"`, or `"[v6]:port"`. */
export type Endpoint = string;
/** Seconds since the Unix epoch. */
export type Time = number;
export type Protocol = 'ctiqbe' | 'tls' | 'sip' | 'sccp' | 'ged188';
export type Direction = 'to_server' | 'to_client';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** The CLI's `ctiscope analyze --json` report. */
export interface Report {
  schema_version: 1;
  tool: { name: 'ctiscope'; version: string };
  capture: Capture;
  /** Every TCP/UDP conversation, in order of first packet. */
  flows: Flow[];
  /** Decoded application sessions. */
  sessions: Session[];
  /** Decoded messages, in capture order. */
  messages: Message[];
  /** Security findings, grouped by rule, server and value, most severe first. */
  findings: Finding[];
  /** What the capture gives away (docs/report.md, `inventory`). */
  inventory: Inventory;
  /** Anomalies met while decoding. */
  events: Event[];
  /** Resource caps reached; empty when the report is complete. */
  limits: Limit[];
  stats: Stats;
}

export interface Capture {
  format: 'pcap' | 'pcapng' | null;
  compressed: boolean;
  packets: number;
  bytes: number;
  captured_bytes: number;
  file_bytes: number;
  link_types: { linktype: number; name: string; packets: number; decoded: boolean }[];
  first_time: Time | null;
  last_time: Time | null;
  warnings: string[];
  not_decoded: { reason: string; packets: number }[];
}

export interface Flow {
  id: number;
  transport: 'tcp' | 'udp';
  client: Endpoint;
  server: Endpoint;
  packets: number;
  bytes: number;
  bytes_to_server: number;
  bytes_to_client: number;
  first_frame: number;
  last_frame: number;
  first_time: Time;
  last_time: Time;
  protocol: Protocol | 'unknown';
  session: number | null;
  syn_seen: boolean;
  end: 'fin' | 'rst' | 'open';
}

export interface Session {
  id: number;
  protocol: Protocol;
  client: Endpoint;
  server: Endpoint;
  transport: 'tcp' | 'udp';
  encrypted: boolean;
  messages: number;
  flow: number;
  first_frame: number;
  last_frame: number;
  /** What the decoder established; `protocol` names its shape (docs/ctiqbe.md, docs/sip.md,
   * docs/sccp.md, docs/ged188.md); null when the decoder never finished. */
  info: SessionInfo | null;
}

export interface SessionInfo {
  protocol: Protocol;
  calls?: Call[];
  [key: string]: unknown;
}

/** A SIP or SCCP call. */
export interface Call {
  key: string;
  calling: Party;
  called: Party;
  redirecting?: Party;
  device?: string;
  line?: string;
  first_time: Time;
  last_time: Time;
  first_frame: number;
  last_frame: number;
  states: { state: string; time: Time; frame: number }[];
  end_cause?: string;
  media: { address: Endpoint; role: string; codec?: string; frame: number }[];
}

export interface Party {
  number?: string;
  name?: string;
}

export interface Span {
  path: string;
  start: number;
  end: number;
  tag?: string;
  note?: string;
}

interface MessageCommon {
  session: number;
  protocol: Protocol;
  direction: Direction;
  frame: number;
  time: Time;
  name: string;
  /** Typed field tree (byte arrays as lowercase hex; structures carry `_type`). */
  fields: Record<string, unknown>;
  spans: Span[];
  summary: string;
  stream_offset: number;
  len: number;
  seq?: number;
  request_frame?: number;
  latency_ms?: number;
  errors?: string[];
}

/** A message with a numeric type (CTIQBE PDU, SCCP id, GED-188 MessageType, TLS type). */
export interface PduMessage extends MessageCommon { pdu: number; method?: never; status?: never }
/** A SIP request. */
export interface MethodMessage extends MessageCommon { method: string; pdu?: never; status?: never }
/** A SIP response. */
export interface StatusMessage extends MessageCommon { status: number; pdu?: never; method?: never }
export type Message = PduMessage | MethodMessage | StatusMessage;

export interface Evidence {
  label: string;
  value: string;
  masked: boolean;
  frame: number;
  /** Index into `Report.messages`. */
  message: number;
  start: number;
  end: number;
}

export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  session: number | null;
  frames: number[];
  evidence: Evidence[];
  remediation: string;
  references: string[];
  /** The endpoint the group is about (its sessions' server). */
  server: string | null;
  /** The value that keys the group, for rules whose value changes the risk. */
  value: string | null;
  /** Identities the group names (logins, client ids, device names). */
  values: Distinct;
  /** Sessions in the group, and the first 1000 of their ids. */
  sessions: number;
  session_ids: number[];
  /** Distinct client hosts of those sessions. */
  clients: Distinct;
  first_time: number | null;
  last_time: number | null;
}

/** A count of distinct values and the first 100 of them. */
export interface Distinct {
  count: number;
  first: string[];
  /** The count is a lower bound (a cap was reached). */
  capped?: boolean;
}

/** One value of an inventory list and where it was seen. */
export interface InventoryItem {
  value: string;
  details: { label: string; value: string }[];
  sessions: number;
  session_ids: number[];
  first_time: number | null;
  last_time: number | null;
  frames: number[];
  /** Indexes into `messages`. */
  messages: number[];
}

export interface Inventory {
  servers: InventoryItem[];
  applications: InventoryItem[];
  logins: InventoryItem[];
  devices: InventoryItem[];
  lines: InventoryItem[];
  numbers: InventoryItem[];
  user_agents: InventoryItem[];
  phones: InventoryItem[];
}

export interface Event {
  kind: string;
  direction: Direction | null;
  frame: number;
  detail: string;
  session: number | null;
}

export interface Limit {
  limit: string;
  value: number;
  count: number;
  detail: string;
}

export interface Stats {
  tcp_segments: number;
  udp_datagrams: number;
  tcp_duplicate_bytes: number;
  tcp_out_of_order_segments: number;
  tcp_gaps: number;
  tcp_gap_bytes: number;
  ip_fragments: number;
  ip_datagrams_reassembled: number;
  ip_fragments_dropped: number;
  messages_decoded: number;
  events_total: number;
}

export interface Progress {
  bytesRead: number;
  /** Unknown (undefined) while a ReadableStream is read. */
  bytesTotal?: number;
  packets: number;
  /** The input is read; sessions and findings are being completed. */
  finishing: boolean;
}

export interface AnalyzeOptions {
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects the promise with a DOMException named "AbortError". */
  signal?: AbortSignal;
}

export type Input = Blob | ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer;

/** Analyzes a pcap/pcapng capture (optionally gzip-compressed). */
export function analyze(input: Input, options?: AnalyzeOptions): Promise<Report>;

/** The page's analysis worker (row-by-row protocol: `protocol`). */
export const workerUrl: URL;
/** The worker's message types (see web/messages.js in the package). */
export const protocol: Record<string, string>;
