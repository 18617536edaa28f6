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
    /// A password in clear text (GED-188 ClientPassword, AgentPassword).
    Password,
    /// Caller data an application attached to a call: call variables, ECC variables, wrap-up
    /// text, user-to-user information (GED-188).
    CallData,
}

impl Tag {
    /// Every tag, in a fixed order.
    pub const ALL: [Tag; 21] = [
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
        Tag::Password,
        Tag::CallData,
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
            Tag::Password => "password",
            Tag::CallData => "call_data",
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

/// A tagged value of a message and its bytes, as [`crate::findings::ctx::span_value`] reads it
/// from a decoded message's span (`IpAddress` numbers dotted, empty and `0` values left out).
/// Protocols whose codec can read these without building the field tree do
/// ([`crate::proto::registry::Codec::tags`]): the inventory reads one per tagged value of every
/// kept message, and the tree is most of a decode's cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedValue {
    pub tag: Tag,
    /// The value's bytes within the message, exactly its span's `start..end`.
    pub start: u32,
    pub end: u32,
    pub value: String,
}

/// One application message, decoded. In the report its type is `pdu` (the number) for
/// CTIQBE, SCCP and TLS, and `method` (a request) or `status` (a response's code) for SIP,
/// where names, not numbers, are the protocol's own (see [`Message::pdu`]).
#[derive(Clone, Debug)]
pub struct Message {
    /// Session id, set by the engine when the message is stored.
    pub session: u32,
    pub protocol: Protocol,
    pub direction: Direction,
    /// 1-based frame number of the packet that completed this message (as Wireshark counts).
    pub frame: u64,
    /// Seconds since the Unix epoch (capture timestamp of `frame`).
    pub time: f64,
    /// The protocol's numeric message type: CTIQBE PDU number, SCCP message id, TLS
    /// content/handshake type; for SIP the status code of a response (100..=699) or the
    /// method's code for a request (below 100, `proto::sip`).
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
    pub seq: Option<u32>,
    /// For a response: the frame of the request it answers, and the time between them.
    pub request_frame: Option<u64>,
    pub latency_ms: Option<f64>,
    /// Problems with this message (malformed parts); empty for a clean message.
    pub errors: Vec<String>,
    /// The message bytes, kept for the hex view; not part of the JSON report.
    pub raw: Vec<u8>,
}

/// SIP numbers below 100 are methods, whose readable name is the report's `method`.
const SIP_FIRST_STATUS: u32 = 100;

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Message", 17)?;
        m.serialize_field("session", &self.session)?;
        m.serialize_field("protocol", &self.protocol)?;
        m.serialize_field("direction", &self.direction)?;
        m.serialize_field("frame", &self.frame)?;
        m.serialize_field("time", &self.time)?;
        match self.protocol {
            Protocol::Sip if self.pdu >= SIP_FIRST_STATUS => {
                m.serialize_field("status", &self.pdu)?
            }
            Protocol::Sip => m.serialize_field("method", &self.name)?,
            _ => m.serialize_field("pdu", &self.pdu)?,
        }
        m.serialize_field("name", &self.name)?;
        m.serialize_field("fields", &self.fields)?;
        m.serialize_field("spans", &self.spans)?;
        m.serialize_field("summary", &self.summary)?;
        m.serialize_field("stream_offset", &self.stream_offset)?;
        m.serialize_field("len", &self.len)?;
        if let Some(seq) = self.seq {
            m.serialize_field("seq", &seq)?;
        }
        if let Some(f) = self.request_frame {
            m.serialize_field("request_frame", &f)?;
        }
        if let Some(l) = self.latency_ms {
            m.serialize_field("latency_ms", &l)?;
        }
        if !self.errors.is_empty() {
            m.serialize_field("errors", &self.errors)?;
        }
        m.end()
    }
}

/// An anomaly found while decoding (malformed frame, gap, limit), kept apart from messages.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Event {
    /// Stable kind, `protocol.snake_case` in the report (`ctiqbe.bad_magic`, `tls.gap`).
    pub kind: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    pub frame: u64,
    pub detail: String,
    /// Session id, set by the engine.
    pub session: u32,
    /// The decoder's session slot within its flow (see [`crate::proto::Output`]); the engine
    /// turns it into `session`.
    #[serde(skip)]
    pub slot: u32,
}

/// Every kind of decoding event. The report carries each as its stable string
/// ([`EventKind::as_str`]); a protocol adds its kinds here, next to its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    CtiqbeBadBoolean,
    CtiqbeBadMagic,
    CtiqbeBadOffset,
    CtiqbeGap,
    CtiqbeLengthMismatch,
    CtiqbeLimit,
    CtiqbeOutOfFrameReference,
    CtiqbeOversized,
    CtiqbeResync,
    CtiqbeTruncated,
    CtiqbeUnexpectedDirection,
    CtiqbeUnknownPdu,
    Ged188BadFloatingField,
    Ged188BadLength,
    Ged188Gap,
    Ged188Limit,
    Ged188Resync,
    Ged188Truncated,
    Ged188UnknownType,
    Ged188VersionInferred,
    Ged188ZeroFrame,
    SccpBadLength,
    SccpBadVersion,
    SccpGap,
    SccpLimit,
    SccpMalformed,
    SccpResync,
    SccpTruncated,
    SccpUnknownMessage,
    TlsGap,
    TlsLimit,
    TlsMalformedHandshake,
    TlsNotTls,
    SipBadContentLength,
    SipGap,
    SipLimit,
    SipMalformed,
    SipResync,
    SipTruncated,
}

impl EventKind {
    /// The report's name of the kind (`ctiqbe.bad_magic`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::CtiqbeBadBoolean => "ctiqbe.bad_boolean",
            EventKind::CtiqbeBadMagic => "ctiqbe.bad_magic",
            EventKind::CtiqbeBadOffset => "ctiqbe.bad_offset",
            EventKind::CtiqbeGap => "ctiqbe.gap",
            EventKind::CtiqbeLengthMismatch => "ctiqbe.length_mismatch",
            EventKind::CtiqbeLimit => "ctiqbe.limit",
            EventKind::CtiqbeOutOfFrameReference => "ctiqbe.out_of_frame_reference",
            EventKind::CtiqbeOversized => "ctiqbe.oversized",
            EventKind::CtiqbeResync => "ctiqbe.resync",
            EventKind::CtiqbeTruncated => "ctiqbe.truncated",
            EventKind::CtiqbeUnexpectedDirection => "ctiqbe.unexpected_direction",
            EventKind::CtiqbeUnknownPdu => "ctiqbe.unknown_pdu",
            EventKind::Ged188BadFloatingField => "ged188.bad_floating_field",
            EventKind::Ged188BadLength => "ged188.bad_length",
            EventKind::Ged188Gap => "ged188.gap",
            EventKind::Ged188Limit => "ged188.limit",
            EventKind::Ged188Resync => "ged188.resync",
            EventKind::Ged188Truncated => "ged188.truncated",
            EventKind::Ged188UnknownType => "ged188.unknown_type",
            EventKind::Ged188VersionInferred => "ged188.version_inferred",
            EventKind::Ged188ZeroFrame => "ged188.zero_frame",
            EventKind::SccpBadLength => "sccp.bad_length",
            EventKind::SccpBadVersion => "sccp.bad_version",
            EventKind::SccpGap => "sccp.gap",
            EventKind::SccpLimit => "sccp.limit",
            EventKind::SccpMalformed => "sccp.malformed",
            EventKind::SccpResync => "sccp.resync",
            EventKind::SccpTruncated => "sccp.truncated",
            EventKind::SccpUnknownMessage => "sccp.unknown_message",
            EventKind::TlsGap => "tls.gap",
            EventKind::TlsLimit => "tls.limit",
            EventKind::TlsMalformedHandshake => "tls.malformed_handshake",
            EventKind::TlsNotTls => "tls.not_tls",
            EventKind::SipBadContentLength => "sip.bad_content_length",
            EventKind::SipGap => "sip.gap",
            EventKind::SipLimit => "sip.limit",
            EventKind::SipMalformed => "sip.malformed",
            EventKind::SipResync => "sip.resync",
            EventKind::SipTruncated => "sip.truncated",
        }
    }

    /// A decoder cap was reached: the report lists these under `limits` too.
    pub fn is_limit(self) -> bool {
        self.as_str().ends_with(".limit")
    }
}

/// Compares with the report's name: `kind == "ctiqbe.gap"`.
impl PartialEq<&str> for EventKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One party of a call as a protocol showed it: a number and/or a display name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Party {
    pub fn is_empty(&self) -> bool {
        self.number.is_none() && self.name.is_none()
    }
}

/// A state a call leg entered, and when.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateChange {
    pub state: String,
    pub time: f64,
    pub frame: u64,
}

/// A media (RTP) address a call leg announced: where it receives (`local`) or where it sends
/// (`remote`), as signalled (SDP, SCCP OpenReceiveChannelAck / StartMediaTransmission, CTIQBE
/// media events). The strongest evidence that two legs of two protocols are one call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MediaEndpoint {
    /// `"ip:port"` (IPv6 in brackets).
    pub address: String,
    /// `receive` (this side listens here) or `send` (this side sends to here).
    pub role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codec: Option<String>,
    pub frame: u64,
}

/// One call as one protocol session saw it: the shape every decoder gives its calls, so that
/// calls can be followed across CTIQBE, SIP and SCCP (issue 14).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CallLeg {
    /// The protocol's own key of the call (`sip` Call-ID with tags, SCCP `callReference@line`,
    /// CTIQBE `callManagerId|callId`).
    pub key: String,
    pub calling: Party,
    pub called: Party,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redirecting: Vec<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    pub first_time: f64,
    pub last_time: f64,
    pub first_frame: u64,
    pub last_frame: u64,
    pub states: Vec<StateChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_cause: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<MediaEndpoint>,
}

/// Converts a capture timestamp in nanoseconds to the report's seconds.
pub fn ns_to_secs(ts_ns: i64) -> f64 {
    ts_ns as f64 / 1e9
}
