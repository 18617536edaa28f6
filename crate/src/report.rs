//! The report: the one serialisable result of an analysis, read by the CLI's `--json`, the
//! page, and other tools. Its shape is a contract documented in `docs/report.md`; fields are
//! only ever added. Everything is in a deterministic order (frame order, then ids) so that the
//! same capture gives the same report whatever the chunk sizes.

use crate::capture::Format;
use crate::model::{Event, Protocol};
use crate::store::MessageStore;
use serde::Serialize;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub capture: CaptureSummary,
    pub flows: Vec<FlowSummary>,
    pub sessions: Vec<Session>,
    /// Kept messages, compact; each is decoded again when read ([`crate::store`]).
    pub messages: MessageStore,
    pub findings: Vec<Finding>,
    pub events: Vec<Event>,
    /// Resource caps reached during the analysis; empty when the report is complete.
    pub limits: Vec<LimitHit>,
    pub stats: Stats,
    /// Calls followed across protocols (`crate::calls`), in start order. Last, and absent
    /// when no session saw a call, so reports without calls keep their exact shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<crate::calls::Call>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
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

#[derive(Debug, Clone, Serialize)]
pub struct CaptureSummary {
    pub format: Option<Format>,
    pub compressed: bool,
    /// Packet records read (every frame, decoded or not).
    pub packets: u64,
    /// Sum of the packets' lengths on the wire.
    pub bytes: u64,
    /// Sum of the captured (stored) packet bytes.
    pub captured_bytes: u64,
    /// Bytes of the capture file consumed (compressed size for gzip files).
    pub file_bytes: u64,
    pub link_types: Vec<LinkTypeCount>,
    /// Seconds since the Unix epoch of the first and last packets; null without packets.
    pub first_time: Option<f64>,
    pub last_time: Option<f64>,
    pub warnings: Vec<String>,
    /// Packets not decoded, by reason (`unsupported link type 105`, `not IP`, `malformed IPv4`...).
    pub not_decoded: Vec<ReasonCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkTypeCount {
    pub linktype: u32,
    pub name: String,
    pub packets: u64,
    /// Whether ctiscope decodes this link type.
    pub decoded: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonCount {
    pub reason: String,
    pub packets: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowSummary {
    pub id: u32,
    pub transport: Transport,
    /// "ip:port" of the side that opened the connection (or the non-service side mid-stream).
    pub client: String,
    pub server: String,
    pub packets: u64,
    pub bytes: u64,
    /// Payload bytes per direction.
    pub bytes_to_server: u64,
    pub bytes_to_client: u64,
    pub first_frame: u64,
    pub last_frame: u64,
    pub first_time: f64,
    pub last_time: f64,
    pub protocol: Protocol,
    /// The session decoded from this flow, if any.
    pub session: Option<u32>,
    /// Whether the connection start (SYN) was captured.
    pub syn_seen: bool,
    /// How the connection ended: "fin", "rst" or "open" (still open when the capture ended).
    pub end: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Tcp,
    Udp,
}

#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub id: u32,
    pub protocol: Protocol,
    pub client: String,
    pub server: String,
    pub transport: Transport,
    pub encrypted: bool,
    /// Messages decoded in this session (including those beyond the kept-messages cap).
    pub messages: u64,
    pub flow: u32,
    pub first_frame: u64,
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
    Ctiqbe(Box<crate::proto::ctiqbe::SessionInfo>),
    Tls(Box<crate::proto::tls::SessionInfo>),
    Ged188(Box<crate::proto::ged188::SessionInfo>),
    Sip(Box<crate::proto::sip::SessionInfo>),
    Sccp(Box<crate::proto::sccp::SessionInfo>),
}

/// One thing the page shows of a session, by its label (`login`, `devices`, `version`…).
/// Computed from the typed session info, so the page never digs into a protocol's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

impl Fact {
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

    pub fn ctiqbe(&self) -> Option<&crate::proto::ctiqbe::SessionInfo> {
        match self {
            SessionInfo::Ctiqbe(i) => Some(i),
            _ => None,
        }
    }

    pub fn sip(&self) -> Option<&crate::proto::sip::SessionInfo> {
        match self {
            SessionInfo::Sip(i) => Some(i),
            _ => None,
        }
    }

    pub fn sccp(&self) -> Option<&crate::proto::sccp::SessionInfo> {
        match self {
            SessionInfo::Sccp(i) => Some(i),
            _ => None,
        }
    }

    pub fn tls(&self) -> Option<&crate::proto::tls::SessionInfo> {
        match self {
            SessionInfo::Tls(i) => Some(i),
            _ => None,
        }
    }

    pub fn ged188(&self) -> Option<&crate::proto::ged188::SessionInfo> {
        match self {
            SessionInfo::Ged188(i) => Some(i),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

/// One security finding with the evidence that proves it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable rule id (`CTI-CLEARTEXT-SESSION`).
    pub id: String,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub session: Option<u32>,
    pub frames: Vec<u64>,
    pub evidence: Vec<Evidence>,
    pub remediation: String,
    /// Where the reader can check the claim: CVE ids, Cisco documents (by title), RFCs.
    pub references: Vec<String>,
}

/// A decoded value that supports a finding, masked when it is a secret, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub label: String,
    pub value: String,
    /// Whether `value` was masked (a secret shown as its first and last character only).
    pub masked: bool,
    pub frame: u64,
    /// Index into `Report::messages`, when the message was kept.
    pub message: Option<usize>,
    /// Byte range within that message (`0..0` when the evidence is not a message's bytes:
    /// a flow, a count, an event).
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LimitHit {
    /// The `Limits` field that was reached (`max_flows`...), or a decoder's limit event kind
    /// (`ctiqbe.limit`).
    pub limit: String,
    pub value: u64,
    /// How many times it applied (flows not tracked, messages not kept...).
    pub count: u64,
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub tcp_segments: u64,
    pub udp_datagrams: u64,
    pub tcp_duplicate_bytes: u64,
    pub tcp_out_of_order_segments: u64,
    pub tcp_gaps: u64,
    pub tcp_gap_bytes: u64,
    pub ip_fragments: u64,
    pub ip_datagrams_reassembled: u64,
    pub ip_fragments_dropped: u64,
    pub messages_decoded: u64,
    pub events_total: u64,
    /// Packets unwrapped from an IP tunnel (IP-in-IP, IPv6-in-IP, GRE); absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub tunnelled_packets: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
