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
  /** Calls followed across sessions and protocols; absent when there is none. */
  calls?: Call[];
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
  /** Several files merged into this capture, in the order given; absent for one file. */
  files?: CaptureFile[];
}

/** One of several files merged into one capture (`capture.files[]`). */
export interface CaptureFile {
  name: string;
  format: 'pcap' | 'pcapng' | null;
  compressed: boolean;
  /** Packet records read from it, duplicates included. */
  packets: number;
  /** Packets skipped as copies of a packet already read from another file. */
  duplicates: number;
  file_bytes: number;
  link_types: { linktype: number; name: string; packets: number; decoded: boolean }[];
  first_time: Time | null;
  last_time: Time | null;
  /** Why it could not be read as a capture (the other files were analyzed). */
  error?: string;
}

/** Where a frame of a merged capture came from: `capture.files` index and its frame there. */
export interface Source {
  file: number;
  file_frame: number;
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

/** What the decoder established, by protocol (docs/ctiqbe.md, docs/sip.md, docs/sccp.md,
 * docs/ged188.md, docs/report.md for TLS). Nested records the decoders copy from the wire (a
 * CTIQBE provider's open fields, TLS offers) are typed loosely; their fields are in those docs. */
export type SessionInfo = CtiqbeInfo | TlsInfo | SipInfo | SccpInfo | Ged188Info;

export interface CtiqbeInfo {
  protocol: 'ctiqbe';
  protocol_versions: { to_server: string[]; to_client: string[] };
  /** ProviderInit/ProviderOpen and their responses: host, login, applicationID, versions, … */
  provider: Record<string, unknown>;
  /** Devices and lines the application opened. */
  devices: Record<string, unknown>[];
  lines: Record<string, unknown>[];
  calls: CtiqbeCall[];
  /** Devices the server said registered or unregistered (DeviceRegistered/UnregisteredEvent). */
  registered_devices?: RegisteredDevice[];
  /** Transfers and conferences joining calls. */
  joins?: CallJoin[];
  counts: Record<string, number>;
  unanswered_request_count: number;
  unanswered_requests: Record<string, unknown>[];
  close: Record<string, unknown>;
  closed_by: string;
  limits_hit: string[];
}

/** One CTIQBE call as one line saw it (docs/ctiqbe.md); `states` are CTIQBE call state numbers. */
export interface CtiqbeCall {
  leg: string;
  global_call_id?: string;
  line?: string;
  device?: string;
  calling?: string;
  called?: string;
  original_called?: string;
  origin?: number;
  states: number[];
  first_frame: number;
  last_frame: number;
  closed: boolean;
  close_reason?: number;
  /** The call existed when the application started (ExistingCallEvent). */
  existing?: boolean;
  /** Global call handles it had before a GlobalCallHandleChangedEvent. */
  former_global_call_ids?: string[];
  /** The call a transfer or conference joined it into. */
  joined_into?: string;
  /** RTP streams from the Start/Stop Transmission/Reception events. */
  media?: CtiqbeMedia[];
  /** Recording attributes (CallAttributeInfoEvent). */
  attributes?: CallAttribute[];
}

export interface CtiqbeMedia {
  role: 'send' | 'receive';
  address: Endpoint;
  compression_type: number;
  codec?: string;
  packet_ms: number;
  device?: string;
  frame: number;
  stop_frame?: number;
}

export interface CallAttribute {
  attribute_type: number;
  recording_type: number;
  forking_device?: string;
  forking_device_type: number;
  protocol_reference_guid?: string;
  forking_cluster_id?: string;
  recorder_uris: string[];
  frame: number;
}

export interface RegisteredDevice {
  name: string;
  state: 'registered' | 'unregistered';
  ipv4?: string;
  model?: string;
  device_type?: number;
  /** Extension Mobility user. */
  em_user?: string;
  lines: string[];
  registrations: number;
  unregistrations: number;
  registered_by_application: boolean;
  frames: number[];
}

export interface CallJoin {
  kind: 'transfer' | 'conference';
  surviving: string;
  others: string[];
  controller?: string;
  transaction_id: number;
  frame: number;
  end_frame?: number;
  success?: boolean;
}

export interface TlsInfo {
  protocol: 'tls';
  client_hello_frame?: number | null;
  server_hello_frame?: number | null;
  version?: string | null;
  handshake_complete: boolean;
  not_tls: boolean;
  gaps: boolean;
  [field: string]: unknown;
}

export interface SipInfo {
  protocol: 'sip';
  kind: 'dialog' | 'registration' | 'transaction' | string;
  transport: 'tcp' | 'udp';
  call_id: string;
  method: string;
  from: SipAddress;
  to: SipAddress;
  user_agents: string[];
  state?: string;
  ended_by?: string;
  messages: number;
  requests: number;
  responses: number;
  transactions: Record<string, unknown>[];
  transactions_total: number;
  registration?: Record<string, unknown>;
  auth: Record<string, unknown>[];
  calls: CallLeg[];
  malformed: number;
  limits_hit: string[];
}

export interface SipAddress {
  uri?: string;
  user?: string;
  display?: string;
  tag?: string;
}

export interface SccpInfo {
  protocol: 'sccp';
  device_name: string | null;
  user_id: string | null;
  protocol_version: number | null;
  header_version: number | null;
  device_type: number | null;
  device_model: string | null;
  phone_ip: string | null;
  register_frame: number | null;
  register_result: string | null;
  register_reject_text: string | null;
  keepalive_interval_s: number | null;
  max_protocol_version: number | null;
  keepalives: number;
  keepalive_acks: number;
  unregistered: boolean;
  lines: Record<string, unknown>[];
  calls: SccpCallLeg[];
  messages: number;
  messages_with_errors: number;
  unmatched_responses: number;
  limits_hit: string[];
}

export interface Ged188Info {
  protocol: 'ged188';
  logical_client: string;
  client_sessions: number[];
  agents: Record<string, unknown>[];
  calls: Ged188CallLeg[];
  messages: number;
  messages_with_errors: number;
  limits_hit: string[];
  [field: string]: unknown;
}

/** One call as one SIP, SCCP or GED-188 session saw it: the shared shape of a call leg. */
export interface CallLeg {
  key: string;
  calling: Party;
  called: Party;
  redirecting?: Party[];
  device?: string;
  line?: string;
  first_time: Time;
  last_time: Time;
  first_frame: number;
  last_frame: number;
  states: { state: string; time: Time; frame: number }[];
  end_cause?: string;
  media?: { address: Endpoint; role: string; codec?: string; frame: number }[];
}

export interface SccpCallLeg extends CallLeg {
  call_reference: number;
  line_instance: number;
  call_type?: string;
  dialed_number?: string;
  digits?: string;
  digits_in_call: number;
  digits_in_call_frames?: number[];
}

export interface Ged188CallLeg extends CallLeg {
  connection_call_id: number;
  dialed_number?: string;
  variables?: unknown[];
  entered_digits?: boolean;
}

export interface Party {
  number?: string;
  name?: string;
}

/** A call followed across sessions and protocols (docs/calls.md). */
export interface Call {
  id: number;
  start: Time;
  end: Time;
  duration: number;
  /** As the first leg that shows one shows it. */
  calling: string | null;
  called: string | null;
  /** The final state of the leg that ended last. */
  state: string | null;
  cause: string | null;
  legs: {
    protocol: Protocol;
    session: number;
    key: string;
    /** First and last frame. */
    frames: [number, number];
    start: Time;
    end: Time;
    calling: string | null;
    called: string | null;
  }[];
  /** Which legs (indexes into `legs`) were joined, and by which rule. */
  links: { a: number; b: number; rule: 'key' | 'media' | 'consult' | 'number' }[];
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
  /** Several files merged: the file and frame this message's first packet came from. */
  source?: Source;
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
  /** Index into `Report.messages`; null for evidence that is not a message (a flow). */
  message: number | null;
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
  /** Several files merged: where each of `frames` came from. */
  sources?: ({ frame: number } & Source)[];
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
  /** Packets unwrapped from IP-in-IP, IPv6-in-IP or GRE; absent when none. */
  tunnelled_packets?: number;
  /** Several files merged: packets skipped as duplicates; absent when none. */
  duplicate_packets?: number;
}

/** One line of `ctiscope analyze --ndjson` (docs/report.md, "NDJSON"): the report's parts as
 * they are produced (messages while the capture is read, then the rest), each with a `type`;
 * with `--separate`, also the `file` it came from. */
export type NdjsonRecord =
  | ({ type: 'capture'; file?: string; schema_version: 1; tool: { name: 'ctiscope'; version: string }; stats: Stats } & Capture)
  | ({ type: 'flow'; file?: string } & Flow)
  | ({ type: 'session'; file?: string } & Session)
  | ({ type: 'message'; file?: string; /** Index in the report's `messages`. */ index: number } & Message)
  | ({ type: 'finding'; file?: string } & Finding)
  | ({ type: 'inventory'; file?: string; /** Which list of `Report.inventory`. */ list: keyof Inventory } & InventoryItem)
  | ({ type: 'call'; file?: string } & Call)
  | ({ type: 'event'; file?: string } & Event)
  | ({ type: 'limit'; file?: string } & Limit);

export interface Progress {
  bytesRead: number;
  /** Unknown (undefined) while a ReadableStream is read. */
  bytesTotal?: number;
  packets: number;
  /** The input is read; sessions and findings are being completed. */
  finishing: boolean;
  /** open() (and analyze() when it runs on open()): the engine's wasm memory in bytes, the peak so far. */
  wasmBytes?: number;
}

export interface AnalyzeOptions {
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects the promise with a DOMException named "AbortError". */
  signal?: AbortSignal;
}

/** Several files are one capture merged by timestamp (rotated parts, both sides of a SPAN). */
export type Files = Array<Blob | Uint8Array | ArrayBuffer>;
export type Input = Blob | ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer | Files;
export type OpenInput = Blob | Uint8Array | ArrayBuffer | Files;

/** Analyzes a pcap/pcapng capture (optionally gzip-compressed): the whole report as one object. */
export function analyze(input: Input, options?: AnalyzeOptions): Promise<Report>;

export interface OpenOptions extends AnalyzeOptions {
  /** Aborting also closes the handle after open() resolved. */
  signal?: AbortSignal;
  /** Starts the analysis worker (default: the package's `web/worker.js`, a module Worker; in
   * Node the engine runs on the calling thread instead). */
  createWorker?: () => Worker;
}

/** A session as the summary gives it: the report's session without its `info` (the protocol's
 * typed detail: `report()` has it) and the facts the page shows of that info, in order. */
export type SummarySession = Omit<Session, 'info'> & { facts: Array<{ label: string; value: string }> };

/** The finished analysis without its messages and calls (those are asked for by request()). */
export type Summary = Omit<Report, 'messages' | 'sessions' | 'calls'> & {
  sessions: SummarySession[];
  message_count: number;
  call_count: number;
};

/** A filter and sort of the messages (SET_VIEW; crate/src/query.rs). */
export interface MessageQuery {
  protocol?: string;
  session?: number;
  direction?: Direction;
  name?: string;
  text?: string;
  sort?: string;
  descending?: boolean;
}

/** A filter and sort of the calls (SET_CALL_VIEW; crate/src/callview.rs). */
export interface CallQuery {
  number?: string;
  protocol?: string;
  state?: string;
  sort?: string;
  descending?: boolean;
}

/** One row of a message view (GET_ROWS): a message without its field tree. */
export interface Row {
  /** Index in the report's `messages`. */
  index: number;
  frame: number;
  time: Time;
  session: number;
  direction: Direction;
  protocol: Protocol;
  name: string;
  summary: string;
  seq?: number;
  request_frame?: number;
  latency_ms?: number;
  /** The message has decoding problems. */
  errors: boolean;
  /** The call the message belongs to. */
  call?: number;
}

/**
 * The finished analysis, kept by the engine (in its worker) and asked for piece by piece.
 * Requests are the messages of `protocol` (web/messages.js in the package documents each with
 * its fields and value): e.g. `request(protocol.SET_VIEW, { name: 'all', query: {} })` then
 * `request(protocol.GET_ROWS, { name: 'all', offset: 0, limit: 100 })`.
 */
export interface Analysis {
  readonly summary: Summary;
  /** The engine's wasm memory in bytes when it finished. */
  readonly wasmBytes: number;
  readonly closed: boolean;
  request(type: typeof protocol.SET_VIEW, fields: { name: string; query?: MessageQuery }): Promise<number>;
  request(type: typeof protocol.GET_ROWS, fields: { name: string; offset: number; limit: number }): Promise<Row[]>;
  request(type: typeof protocol.GET_POSITION, fields: { name: string; index: number }): Promise<number>;
  request(type: typeof protocol.GET_MESSAGES, fields: { offset: number; limit: number }): Promise<Message[]>;
  request(type: typeof protocol.GET_MESSAGE, fields: { index: number }): Promise<{ message: Message; bytes: Uint8Array; call: number }>;
  request(type: typeof protocol.INDEX_OF_FRAME, fields: { frame: number }): Promise<number>;
  request(type: typeof protocol.GET_REPORT_JSON): Promise<string>;
  request(type: typeof protocol.GET_CSV, fields: { name: string }): Promise<string>;
  request(type: typeof protocol.SET_CALL_VIEW, fields: { query?: CallQuery }): Promise<number>;
  request(type: typeof protocol.GET_CALL_CSV): Promise<string>;
  request(type: typeof protocol.GET_REDACTED): Promise<{ blob: Blob; unmapped: number }>;
  request(type: string, fields?: object): Promise<unknown>;
  /** The whole report (GET_REPORT_JSON, parsed): as big as the capture's messages. */
  report(): Promise<Report>;
  /** Ends the analysis (terminates its worker); pending and later requests reject with an AbortError. */
  close(): void;
}

/**
 * Analyzes a capture and resolves, once the engine is done, to a handle on the analysis (the API
 * the ctiscope page itself uses). Rejects with the engine's error, or an AbortError.
 */
export function open(input: OpenInput, options?: OpenOptions): Promise<Analysis>;

/** The analysis worker (open() starts it). */
export const workerUrl: URL;

/** The message types of the engine's protocol (web/messages.js). Requests (`Analysis.request`):
 * GET_MESSAGES, GET_REPORT_JSON, GET_FACETS, SET_VIEW, GET_ROWS, GET_POSITION, GET_MESSAGE,
 * INDEX_OF_FRAME, GET_CSV, GET_REDACTED, GET_CALL_FACETS, SET_CALL_VIEW, GET_CALL_ROWS,
 * GET_CALL_POSITION, GET_CALL, SET_CALL_LADDER, GET_CALL_CSV; ANALYZE, PROGRESS, DONE, ERROR and
 * REPLY are open()'s own. */
export const protocol: {
  readonly ANALYZE: 'analyze';
  readonly GET_MESSAGES: 'get-messages';
  readonly GET_REPORT_JSON: 'get-report-json';
  readonly GET_FACETS: 'get-facets';
  readonly SET_VIEW: 'set-view';
  readonly GET_ROWS: 'get-rows';
  readonly GET_POSITION: 'get-position';
  readonly GET_MESSAGE: 'get-message';
  readonly INDEX_OF_FRAME: 'index-of-frame';
  readonly GET_CSV: 'get-csv';
  readonly GET_REDACTED: 'get-redacted';
  readonly GET_CALL_FACETS: 'get-call-facets';
  readonly SET_CALL_VIEW: 'set-call-view';
  readonly GET_CALL_ROWS: 'get-call-rows';
  readonly GET_CALL_POSITION: 'get-call-position';
  readonly GET_CALL: 'get-call';
  readonly SET_CALL_LADDER: 'set-call-ladder';
  readonly GET_CALL_CSV: 'get-call-csv';
  readonly PROGRESS: 'progress';
  readonly DONE: 'done';
  readonly ERROR: 'error';
  readonly REPLY: 'reply';
};
