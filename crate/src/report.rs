//! The report: the one serialisable result of an analysis, read by the CLI's `--json`, the
//! page, and other tools. Its shape is a contract documented in `docs/report.md`; fields are
//! only ever added. Everything is in a deterministic order (frame order, then ids) so that the
//! same capture gives the same report whatever the chunk sizes.

use crate::capture::Format;
use crate::model::{Event, Protocol};
use crate::store::MessageStore;
use serde::Serialize;

/// The report's schema version (`schema_version`); bumped on a removal or change of meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of an analysis: what `ctiscope analyze --json` prints (`docs/report.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool that wrote the report (`ctiscope` and its version).
    pub tool: Tool,
    /// The capture file as a whole.
    pub capture: CaptureSummary,
    /// Every TCP/UDP conversation, in order of first packet.
    pub flows: Vec<FlowSummary>,
    /// Decoded application sessions (one per connection with a decoder; one per SIP dialog).
    pub sessions: Vec<Session>,
    /// Kept messages, compact; each is decoded again when read ([`crate::store`]).
    pub messages: MessageStore,
    /// Security findings, grouped (rule, server, value), most severe first.
    pub findings: Vec<Finding>,
    /// What the capture gives away: servers, applications, logins, devices, lines, numbers,
    /// SIP user agents, SCCP phones (`crate::inventory`).
    pub inventory: crate::inventory::Inventory,
    /// Anomalies met while decoding (malformed frames, gaps, resyncs).
    pub events: Vec<Event>,
    /// Resource caps reached during the analysis; empty when the report is complete.
    pub limits: Vec<LimitHit>,
    /// Counters of the lower layers.
    pub stats: Stats,
    /// Calls followed across protocols (`crate::calls`), in start order. Last, and absent
    /// when no session saw a call, so reports without calls keep their exact shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<crate::calls::Call>,
}

/// The tool that wrote a report.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// `ctiscope`.
    pub name: &'static str,
    /// The crate's version.
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "ctiscope",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// The capture file: format, counts, times, link types, warnings.
#[derive(Debug, Clone, Serialize)]
pub struct CaptureSummary {
    /// `pcap` or `pcapng`; null when not even the header could be read.
    pub format: Option<Format>,
    /// The file was gzip-compressed.
    pub compressed: bool,
    /// Packet records read (every frame, decoded or not).
    pub packets: u64,
    /// Sum of the packets' lengths on the wire.
    pub bytes: u64,
    /// Sum of the captured (stored) packet bytes.
    pub captured_bytes: u64,
    /// Bytes of the capture file consumed (compressed size for gzip files).
    pub file_bytes: u64,
    /// Packets per link type met.
    pub link_types: Vec<LinkTypeCount>,
    /// Seconds since the Unix epoch of the first and last packets; null without packets.
    pub first_time: Option<f64>,
    /// Timestamp of the last packet; null without packets.
    pub last_time: Option<f64>,
    /// Truncation, corruption (reading stops there), limits reached.
    pub warnings: Vec<String>,
    /// Packets not decoded, by reason (`unsupported link type 105`, `not IP`, `malformed IPv4`...).
    pub not_decoded: Vec<ReasonCount>,
    /// The files merged into this capture, in the order given (what a message's or finding's
    /// `source.file` indexes). Absent when one file was analyzed, so single-file reports keep
    /// their exact shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileSummary>,
}

/// One of several files merged into one capture (`capture.files[]`).
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    /// The name it was given (a path on the command line, a file name in the page).
    pub name: String,
    /// `pcap` or `pcapng`; null when it could not be read as a capture.
    pub format: Option<Format>,
    /// The file was gzip-compressed.
    pub compressed: bool,
    /// Packet records read from it, duplicates included.
    pub packets: u64,
    /// Of those, packets skipped as duplicates of a packet already analyzed from another file.
    pub duplicates: u64,
    /// Bytes of the file consumed.
    pub file_bytes: u64,
    /// Packets per link type in this file.
    pub link_types: Vec<LinkTypeCount>,
    /// Timestamp of its first packet; null without packets.
    pub first_time: Option<f64>,
    /// Timestamp of its last packet; null without packets.
    pub last_time: Option<f64>,
    /// Why the file could not be read as a capture (the other files were still analyzed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Where a packet of a merged capture came from: the file (index into `capture.files`) and
/// its frame number within that file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Index into `capture.files`.
    pub file: u32,
    /// The frame number within that file (1-based, as Wireshark numbers it opening the file alone).
    pub file_frame: u64,
}

/// A frame of the merged capture and where it came from (a finding's `sources`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FrameSource {
    /// The frame in the merged capture (what `frames` and `evidence[].frame` hold).
    pub frame: u64,
    /// Its file and frame within that file.
    #[serde(flatten)]
    pub source: Source,
}

/// Packets of one link type.
#[derive(Debug, Clone, Serialize)]
pub struct LinkTypeCount {
    /// The link-layer header type number (`LINKTYPE_*`).
    pub linktype: u32,
    /// Its name (`ETHERNET`, `LINUX_SLL`…).
    pub name: String,
    /// Packets with this link type.
    pub packets: u64,
    /// Whether ctiscope decodes this link type.
    pub decoded: bool,
}

/// Packets skipped for one reason.
#[derive(Debug, Clone, Serialize)]
pub struct ReasonCount {
    /// Why they were not decoded.
    pub reason: String,
    /// How many.
    pub packets: u64,
}

/// One TCP/UDP conversation.
#[derive(Debug, Clone, Serialize)]
pub struct FlowSummary {
    /// 1-based id (what `Session::flow` refers to).
    pub id: u32,
    /// TCP or UDP.
    pub transport: Transport,
    /// "ip:port" of the side that opened the connection (or the non-service side mid-stream).
    pub client: String,
    /// "ip:port" of the server side.
    pub server: String,
    /// Packets in both directions.
    pub packets: u64,
    /// Bytes on the wire, both directions.
    pub bytes: u64,
    /// Payload bytes per direction.
    pub bytes_to_server: u64,
    /// Payload bytes from server to client.
    pub bytes_to_client: u64,
    /// First frame of the flow (1-based, as Wireshark numbers them).
    pub first_frame: u64,
    /// Last frame of the flow.
    pub last_frame: u64,
    /// Timestamp of the first packet.
    pub first_time: f64,
    /// Timestamp of the last packet.
    pub last_time: f64,
    /// The protocol detected on it (or `unknown`).
    pub protocol: Protocol,
    /// The session decoded from this flow, if any.
    pub session: Option<u32>,
    /// Whether the connection start (SYN) was captured.
    pub syn_seen: bool,
    /// How the connection ended: "fin", "rst" or "open" (still open when the capture ended).
    pub end: &'static str,
}

/// A flow's transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

/// A decoded application session.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// 1-based id (what messages, findings and events refer to).
    pub id: u32,
    /// The protocol decoded.
    pub protocol: Protocol,
    /// "ip:port" of the client.
    pub client: String,
    /// "ip:port" of the server.
    pub server: String,
    /// TCP or UDP.
    pub transport: Transport,
    /// Whether the session is TLS-encrypted (its messages are TLS records).
    pub encrypted: bool,
    /// Messages decoded in this session (including those beyond the kept-messages cap).
    pub messages: u64,
    /// The flow it was decoded from.
    pub flow: u32,
    /// Frame of its first message.
    pub first_frame: u64,
    /// Frame of its last message.
    pub last_frame: u64,
    /// What the protocol decoder established (provider, devices, lines, calls...).
    pub info: SessionInfo,
}

/// A session's `info`: typed per protocol inside the engine, JSON only in the report (each
/// variant serializes as its own object, which starts with its `protocol`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SessionInfo {
    /// The decoder has not finished (the report always carries a final one).
    Pending,
    /// A CTIQBE session (`docs/ctiqbe.md`).
    Ctiqbe(Box<crate::proto::ctiqbe::SessionInfo>),
    /// A TLS session.
    Tls(Box<crate::proto::tls::SessionInfo>),
    /// A GED-188 session (`docs/ged188.md`).
    Ged188(Box<crate::proto::ged188::SessionInfo>),
    /// A SIP dialog or registration (`docs/sip.md`).
    Sip(Box<crate::proto::sip::SessionInfo>),
    /// An SCCP phone registration (`docs/sccp.md`).
    Sccp(Box<crate::proto::sccp::SessionInfo>),
}

/// One thing the page shows of a session, by its label (`login`, `devices`, `version`…).
/// Computed from the typed session info, so the page never digs into a protocol's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// What it is (`login`, `devices`…).
    pub label: &'static str,
    /// Its value, as shown.
    pub value: String,
}

impl Fact {
    /// A fact with its label and value.
    pub fn new(label: &'static str, value: impl Into<String>) -> Fact {
        Fact { label, value: value.into() }
    }
}

/// `3: a, b, c` — a count and the first few names.
pub fn listing<'a>(names: impl Iterator<Item = &'a str>, total: usize) -> String {
    let shown: Vec<&str> = names.filter(|n| !n.is_empty()).take(4).collect();
    if shown.is_empty() {
        return total.to_string();
    }
    let more = if total > shown.len() { ", …" } else { "" };
    format!("{total}: {}{more}", shown.join(", "))
}

impl SessionInfo {
    /// What the page's Sessions view shows of this session, in order.
    pub fn facts(&self) -> Vec<Fact> {
        match self {
            SessionInfo::Pending => Vec::new(),
            SessionInfo::Ctiqbe(i) => i.facts(),
            SessionInfo::Tls(i) => i.facts(),
            SessionInfo::Ged188(i) => i.facts(),
            SessionInfo::Sip(i) => i.facts(),
            SessionInfo::Sccp(i) => i.facts(),
        }
    }

    /// The CTIQBE info, if this is a CTIQBE session.
    pub fn ctiqbe(&self) -> Option<&crate::proto::ctiqbe::SessionInfo> {
        match self {
            SessionInfo::Ctiqbe(i) => Some(i),
            _ => None,
        }
    }

    /// The SIP info, if this is a SIP session.
    pub fn sip(&self) -> Option<&crate::proto::sip::SessionInfo> {
        match self {
            SessionInfo::Sip(i) => Some(i),
            _ => None,
        }
    }

    /// The SCCP info, if this is an SCCP session.
    pub fn sccp(&self) -> Option<&crate::proto::sccp::SessionInfo> {
        match self {
            SessionInfo::Sccp(i) => Some(i),
            _ => None,
        }
    }

    /// The TLS info, if this is a TLS session.
    pub fn tls(&self) -> Option<&crate::proto::tls::SessionInfo> {
        match self {
            SessionInfo::Tls(i) => Some(i),
            _ => None,
        }
    }

    /// The GED-188 info, if this is a GED-188 session.
    pub fn ged188(&self) -> Option<&crate::proto::ged188::SessionInfo> {
        match self {
            SessionInfo::Ged188(i) => Some(i),
            _ => None,
        }
    }
}

/// A finding's severity; findings are sorted most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Critical.
    Critical,
    /// High.
    High,
    /// Medium.
    Medium,
    /// Low.
    Low,
    /// Informational.
    Info,
}

/// One security finding with the evidence that proves it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable rule id (`CTI-CLEARTEXT-SESSION`).
    pub id: String,
    /// How severe it is.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// What was seen, in a few sentences.
    pub detail: String,
    /// The session it is about, if one.
    pub session: Option<u32>,
    /// Frames that show it.
    pub frames: Vec<u64>,
    /// The decoded values that prove it.
    pub evidence: Vec<Evidence>,
    /// What to do about it.
    pub remediation: std::borrow::Cow<'static, str>,
    /// Where the reader can check the claim: CVE ids, Cisco documents (by title), RFCs.
    pub references: Vec<std::borrow::Cow<'static, str>>,
    /// The endpoint ("ip:port") the group is about: the server of its sessions. Null for a
    /// finding about no session.
    pub server: Option<String>,
    /// For rules whose value changes the risk, the value that keys the group (a certificate
    /// fingerprint, TLS version and suite, a failing client); null otherwise. Never a secret.
    pub value: Option<String>,
    /// The identities the group's sessions exposed or used (logins, application users, client
    /// ids, device names), counted and listed without splitting the group.
    pub values: Distinct,
    /// Sessions in the group (every one counted).
    pub sessions: u64,
    /// Their ids, the first [`crate::findings::MAX_SESSION_IDS`] in the order they were found.
    pub session_ids: Vec<u32>,
    /// The client hosts of those sessions.
    pub clients: Distinct,
    /// Timestamp of the first packet of the group's first connection; null when unknown.
    pub first_time: Option<f64>,
    /// Timestamp of the last packet of the group's last connection; null when unknown.
    pub last_time: Option<f64>,
    /// With several files merged: the file and the frame within it of each of `frames` (which
    /// are the evidence's frames), in the same order. Absent when one file was analyzed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<FrameSource>,
    /// The sessions a rule that spans several sessions says its finding covers (engine only).
    #[serde(skip)]
    pub covers: Vec<u32>,
}

impl Finding {
    /// The value this finding is about when it changes the risk (a certificate fingerprint):
    /// findings of the same rule and server are grouped by it.
    pub fn about(mut self, value: impl Into<String>) -> Finding {
        self.value = Some(value.into());
        self
    }

    /// An identity this finding names (a login, a device): listed in its group's `values`.
    pub fn naming(mut self, value: impl Into<String>) -> Finding {
        let v: String = value.into();
        if !v.is_empty() {
            self.values.first.push(v);
        }
        self
    }

    /// The sessions this finding covers, when a rule spans several (default: its `session`).
    pub fn covering(mut self, sessions: Vec<u32>) -> Finding {
        self.covers = sessions;
        self
    }
}

/// Distinct values of a group of findings (client hosts, named identities).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Distinct {
    /// Distinct values; a lower bound when `capped`.
    pub count: u64,
    /// The first [`crate::findings::MAX_LISTED`] of them, in the order they were met.
    pub first: Vec<String>,
    /// The `max_finding_distinct` cap was reached: `count` counts no more new values.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub capped: bool,
}

/// A decoded value that supports a finding, masked when it is a secret, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// What the value is (`login`, `called number`…).
    pub label: String,
    /// The value (masked when secret).
    pub value: String,
    /// Whether `value` was masked (a secret shown as its first and last character only).
    pub masked: bool,
    /// The frame it was read from.
    pub frame: u64,
    /// Index into `Report::messages`, when the message was kept.
    pub message: Option<usize>,
    /// Byte range within that message (`0..0` when the evidence is not a message's bytes:
    /// a flow, a count, an event).
    pub start: u32,
    /// End of the byte range (exclusive).
    pub end: u32,
}

/// A resource cap that was reached (also a capture warning).
#[derive(Debug, Clone, Serialize)]
pub struct LimitHit {
    /// The `Limits` field that was reached (`max_flows`...), or a decoder's limit event kind
    /// (`ctiqbe.limit`).
    pub limit: String,
    /// The cap's value.
    pub value: u64,
    /// How many times it applied (flows not tracked, messages not kept...).
    pub count: u64,
    /// What was cut short.
    pub detail: String,
}

/// Counters of the lower layers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// TCP segments read.
    pub tcp_segments: u64,
    /// UDP datagrams read.
    pub udp_datagrams: u64,
    /// Retransmitted or overlapping bytes dropped (the first copy of a byte wins).
    pub tcp_duplicate_bytes: u64,
    /// Segments that arrived out of order.
    pub tcp_out_of_order_segments: u64,
    /// Holes left in the reassembled streams.
    pub tcp_gaps: u64,
    /// Bytes missing in those holes.
    pub tcp_gap_bytes: u64,
    /// IP fragments read.
    pub ip_fragments: u64,
    /// IP datagrams reassembled from fragments.
    pub ip_datagrams_reassembled: u64,
    /// IP fragments dropped (incomplete, overlapping or beyond the cap).
    pub ip_fragments_dropped: u64,
    /// Messages decoded (including those beyond the kept-messages cap).
    pub messages_decoded: u64,
    /// Events met (including those beyond the kept-events cap).
    pub events_total: u64,
    /// Packets unwrapped from an IP tunnel (IP-in-IP, IPv6-in-IP, GRE); absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub tunnelled_packets: u64,
    /// With several files merged: packets skipped because the same packet had already been read
    /// from another file (both sides of a SPAN); absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub duplicate_packets: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
