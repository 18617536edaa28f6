//! The decoded world shared by every stage after reassembly: directions, messages with their
//! field trees and byte spans, and anomaly events. Decoders produce these; sessions, findings
//! and the report only read them.

use serde::Serialize;
use serde_json::{Map, Value};

/// Which way bytes travelled within a connection. The client is the side that opened the
/// connection (SYN), or when the capture started mid-stream, the side not on the server port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    ToServer,
    ToClient,
}

impl Direction {
    pub fn index(self) -> usize {
        match self {
            Direction::ToServer => 0,
            Direction::ToClient => 1,
        }
    }
    pub fn reverse(self) -> Direction {
        match self {
            Direction::ToServer => Direction::ToClient,
            Direction::ToClient => Direction::ToServer,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ToServer => "to_server",
            Direction::ToClient => "to_client",
        }
    }
}

/// Application protocols ctiscope knows how to detect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Ctiqbe,
    Tls,
    Sip,
    Sccp,
    Ged188,
    Unknown,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Ctiqbe => "ctiqbe",
            Protocol::Tls => "tls",
            Protocol::Sip => "sip",
            Protocol::Sccp => "sccp",
            Protocol::Ged188 => "ged188",
            Protocol::Unknown => "unknown",
        }
    }
}

/// Why a decoded value matters to a security reader: plaintext an on-path observer can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    Login,
    ApplicationId,
    Version,
    DeviceName,
    DirectoryNumber,
    CallingNumber,
    CalledNumber,
    Partition,
    IpAddress,
    Port,
    Certificate,
    PasswordBlob,
    Nonce,
    Dtmf,
    /// A party's display name (SIP From/To/P-Asserted-Identity, SCCP calling/called party name).
    DisplayName,
    /// A SIP User-Agent or Server header: the product and version of a phone, gateway or proxy.
    UserAgent,
    /// A SIP digest realm.
    Realm,
    /// A SIP digest response or nonce-bound credential: enough for an offline password guess.
    DigestResponse,
    /// An SRTP master key (SDP `a=crypto` inline key).
    SrtpKey,
}

impl Tag {
    /// Every tag, in a fixed order.
    pub const ALL: [Tag; 19] = [
        Tag::Login,
        Tag::ApplicationId,
        Tag::Version,
        Tag::DeviceName,
        Tag::DirectoryNumber,
        Tag::CallingNumber,
        Tag::CalledNumber,
        Tag::Partition,
        Tag::IpAddress,
        Tag::Port,
        Tag::Certificate,
        Tag::PasswordBlob,
        Tag::Nonce,
        Tag::Dtmf,
        Tag::DisplayName,
        Tag::UserAgent,
        Tag::Realm,
        Tag::DigestResponse,
        Tag::SrtpKey,
    ];

    /// The snake_case name used in the report (`password_blob`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Login => "login",
            Tag::ApplicationId => "application_id",
            Tag::Version => "version",
            Tag::DeviceName => "device_name",
            Tag::DirectoryNumber => "directory_number",
            Tag::CallingNumber => "calling_number",
            Tag::CalledNumber => "called_number",
            Tag::Partition => "partition",
            Tag::IpAddress => "ip_address",
            Tag::Port => "port",
            Tag::Certificate => "certificate",
            Tag::PasswordBlob => "password_blob",
            Tag::Nonce => "nonce",
            Tag::Dtmf => "dtmf",
            Tag::DisplayName => "display_name",
            Tag::UserAgent => "user_agent",
            Tag::Realm => "realm",
            Tag::DigestResponse => "digest_response",
            Tag::SrtpKey => "srtp_key",
        }
    }

    pub fn from_name(name: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// One decoded field's bytes within its message (`start..end`, message-relative), so the page
/// can highlight them in the hex view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Span {
    /// Dotted path into `Message::fields` (`login`, `filter.deviceRegistered`, `lineInfo.0.name`);
    /// descriptor slots use the field's own path, referenced data `path` + `@data`.
    pub path: String,
    pub start: u32,
    pub end: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<Tag>,
    /// A readable form of the raw value (`0x8CCC011F directory login failed`, `10.1.2.3`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One application message, decoded.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    /// Session id, set by the engine when the message is stored.
    pub session: u32,
    pub protocol: Protocol,
    pub direction: Direction,
    /// 1-based frame number of the packet that completed this message (as Wireshark counts).
    pub frame: u64,
    /// Seconds since the Unix epoch (capture timestamp of `frame`).
    pub time: f64,
    /// The protocol's numeric message type (CTIQBE PDU number).
    pub pdu: u32,
    pub name: String,
    /// Typed field tree (numbers, booleans, strings, null, lowercase hex for byte arrays,
    /// objects for structures, lists for arrays).
    pub fields: Map<String, Value>,
    pub spans: Vec<Span>,
    /// One line for the message table.
    pub summary: String,
    /// Byte offset of this message within its direction's reassembled stream.
    pub stream_offset: u64,
    /// Message length in bytes.
    pub len: u32,
    /// Request/response sequence number when the protocol has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u32>,
    /// For a response: the frame of the request it answers, and the time between them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_frame: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    /// Problems with this message (malformed parts); empty for a clean message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// The message bytes, kept for the hex view; not part of the JSON report.
    #[serde(skip)]
    pub raw: Vec<u8>,
}

/// An anomaly found while decoding (malformed frame, gap, limit), kept apart from messages.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Event {
    /// Stable kind, `protocol.snake_case` (`ctiqbe.bad_magic`, `tcp.gap`).
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    pub frame: u64,
    pub detail: String,
    /// Session id, set by the engine.
    pub session: u32,
}

/// Converts a capture timestamp in nanoseconds to the report's seconds.
pub fn ns_to_secs(ts_ns: i64) -> f64 {
    ts_ns as f64 / 1e9
}
