//! Per-connection CTIQBE state: frames both directions ([`super::frame`]), decodes each frame
//! ([`super::decode`]), pairs responses with their requests by sequence number, and collects
//! what the connection established (provider, devices, lines, calls) for the report.
//!
//! Pairing (`ctiqbe-wire.md` §1): a response's first u32 echoes its request's sequence number;
//! ProviderOpenCompletedEvent.sequenceNumber and the `requestId` of DeviceLineInfoEvent /
//! ProviderGet*DevicesAndLines*CompletedEvent complete a request too. Heartbeats carry no
//! sequence number. Everything kept is bounded by the `ctiqbe_max_*` caps of [`Limits`];
//! reaching one is reported once as a `ctiqbe.limit` event (and so in `report.limits`) and
//! listed in `session_info().limits_hit`.

use crate::model::EventKind;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use super::decode::{decode_frame, hex, scan_frame, top_bytes, top_field, top_slot, unhex, Decoded, PduName, Scan};
use super::frame::read_u32_at;
use super::frame::{Framer, FramerItem};
use super::schema::{self, Kind};
use super::schema::{MsgClass, PduId, Sender};
use crate::limits::Limits;
use crate::model::{
    ns_to_secs, CallLeg, Direction, MediaEndpoint, Message, Party, Protocol, StateChange,
};
use crate::proto::{FlowDecoder, Output, PacketCtx};
use crate::store::{CompactMessage, Entry};
use std::borrow::{Borrow, Cow};

/// The name the report gives PDU `pdu`: the client's name, `EmptySlot(n)` for a hole in its
/// table, `UnknownPdu(n)` past its end.
pub fn pdu_display_name(pdu: u32) -> Cow<'static, str> {
    let name = PduName::of(pdu);
    name.known()
        .map_or_else(|| Cow::Owned(name.to_string()), Cow::Borrowed)
}

/// A kept message decoded again from its bytes (see [`crate::store`]): the same [`Message`]
/// the capture pass built, since decoding is deterministic and the pairing is in the entry.
pub fn message_from_bytes(e: &Entry, raw: &[u8]) -> Message {
    let d = decode_frame(raw, e.direction);
    let mut m = message_of(
        d,
        e.direction,
        e.frame,
        e.ts_ns,
        e.stream_offset,
        raw.to_vec(),
    );
    m.session = e.session;
    m.request_frame = e.request_frame();
    m.latency_ms = e.latency_ms();
    m
}

/// The one place a CTIQBE [`Message`] is assembled, at capture time and on demand alike.
fn message_of(
    d: Decoded,
    direction: Direction,
    frame: u64,
    ts_ns: i64,
    stream_offset: u64,
    raw: Vec<u8>,
) -> Message {
    Message {
        session: 0,
        protocol: Protocol::Ctiqbe,
        direction,
        frame,
        time: ns_to_secs(ts_ns),
        pdu: d.pdu,
        name: d.name,
        fields: d.fields,
        spans: d.spans,
        summary: d.summary,
        stream_offset,
        len: u32::try_from(raw.len()).unwrap_or(u32::MAX),
        seq: d.seq,
        request_frame: None,
        latency_ms: None,
        errors: d.errors,
        raw,
    }
}

/// Unanswered requests listed in the session info (they are counted, all of them, beside it).
pub const MAX_LISTED_UNANSWERED: usize = 64;

/// This connection's caps, from [`Limits`] (`ctiqbe_max_*`).
#[derive(Clone, Copy, Debug)]
struct Caps {
    tracked_requests: usize,
    devices: usize,
    lines: usize,
    calls: usize,
    states_per_call: usize,
    versions: usize,
}

impl Caps {
    fn of(l: &Limits) -> Caps {
        Caps {
            tracked_requests: l.ctiqbe_max_tracked_requests,
            devices: l.ctiqbe_max_devices,
            lines: l.ctiqbe_max_lines,
            calls: l.ctiqbe_max_calls,
            states_per_call: l.ctiqbe_max_states_per_call,
            versions: l.ctiqbe_max_versions,
        }
    }
}
/// Media streams kept per call leg (re-INVITE-like media changes can repeat them).
pub const MAX_MEDIA_PER_CALL: usize = 32;
/// CallAttributeInfoEvents kept per call leg.
pub const MAX_ATTRIBUTES_PER_CALL: usize = 16;
/// Frames listed per registered device.
pub const MAX_FRAMES_PER_DEVICE: usize = 32;
/// Lines listed per registered device.
pub const MAX_LINES_PER_DEVICE: usize = 64;
/// Recorder URIs kept per CallAttributeInfoEvent.
pub const MAX_RECORDERS_PER_ATTRIBUTE: usize = 8;

/// Longest text kept from a field in the session info (characters).
pub const MAX_INFO_TEXT_LEN: usize = 256;
/// Longest certificate kept in the session info (bytes of DER, hex-encoded).
pub const MAX_CERTIFICATE_LEN: usize = 16 * 1024;

/// Bytes written as lowercase hex in the report.
fn as_hex<S: serde::Serializer>(bytes: &Option<Arc<[u8]>>, s: S) -> Result<S::Ok, S::Error> {
    match bytes {
        Some(b) => s.serialize_str(&hex(b)),
        None => s.serialize_none(),
    }
}

/// Distinct certificates [`intern_certificate`] shares (a capture with more keeps the others'
/// own copies).
pub const MAX_SHARED_CERTIFICATES: usize = 64;

/// Makes the session's certificate the copy `known` already holds, or remembers it there:
/// thousands of sessions to one CTI Manager then hold one certificate, not one each.
pub fn intern_certificate(info: &mut SessionInfo, known: &mut foldhash::HashSet<Arc<[u8]>>) {
    let Some(cert) = info.provider.certificate.as_mut() else {
        return;
    };
    match known.get(&**cert) {
        Some(shared) => *cert = Arc::clone(shared),
        None if known.len() < MAX_SHARED_CERTIFICATES => {
            known.insert(Arc::clone(cert));
        }
        None => {}
    }
}

/// What counting, pairing and the session need of any message, decoded or only scanned.
struct Seen {
    pdu: u32,
    class: MsgClass,
    seq: Option<u32>,
    protocol_version: u32,
    has_errors: bool,
}

/// The PDUs whose fields the session reads (provider, devices, lines, calls, close): these are
/// decoded whole as they arrive. Call state changes and call ends are read from their fixed
/// part instead ([`Decoder::learn_scanned`]); everything else is only scanned.
fn needs_fields(pdu: u32) -> bool {
    matches!(
        PduId(pdu),
        PduId::PROVIDER_INIT_REQUEST
            | PduId::PROVIDER_INIT_RESPONSE
            | PduId::PROVIDER_OPEN_REQUEST
            | PduId::PROVIDER_OPEN_RESPONSE
            | PduId::PROVIDER_OPEN_COMPLETED_EVENT
            | PduId::FAILURE_RESPONSE
            | PduId::DEVICE_OPEN_REQUEST
            | PduId::DEVICE_OPEN_RESPONSE
            | PduId::DEVICE_IN_SERVICE_EVENT
            | PduId::DEVICE_OUT_OF_SERVICE_EVENT
            | PduId::DEVICE_LINE_INFO_EVENT
            | PduId::LINE_OPEN_REQUEST
            | PduId::LINE_OPEN_RESPONSE
            | PduId::LINE_IN_SERVICE_EVENT
            | PduId::LINE_OUT_OF_SERVICE_EVENT
            | PduId::NEW_CALL_EVENT
            | PduId::EXISTING_CALL_EVENT
            | PduId::GLOBAL_CALL_HANDLE_CHANGED_EVENT
            | PduId::CALL_PARTY_INFO_CHANGED_EVENT
            | PduId::START_RECEPTION_EVENT
            | PduId::START_TRANSMISSION_EVENT
            | PduId::STOP_RECEPTION_EVENT
            | PduId::STOP_TRANSMISSION_EVENT
            | PduId::LINE_TRANSFER_STARTED_EVENT
            | PduId::LINE_TRANSFER_ENDED_EVENT
            | PduId::LINE_CONFERENCE_STARTED_EVENT
            | PduId::LINE_CONFERENCE_ENDED_EVENT
            | PduId::CALL_CONFERENCE_STATE_CHANGED_EVENT
            | PduId::CALL_ATTRIBUTE_INFO_EVENT
            | PduId::DEVICE_REGISTERED_EVENT
            | PduId::DEVICE_UNREGISTERED_EVENT
            | PduId::DEVICE_REGISTERED_EVENT_WITH_LINE_INFO
            | PduId::DEVICE_REGISTER_DEVICE_RESPONSE
            | PduId::PROVIDER_CLOSE_REQUEST
            | PduId::PROVIDER_CLOSE_RESPONSE
            | PduId::PROVIDER_CLOSED_EVENT
    )
}

/// A top-level u32 field of a frame that scanned clean, read from its fixed part the way the
/// decoder reads it: a slot at or past fixedPartLength is 0 (the client's default). `None` when
/// the PDU has no such u32 field.
pub(crate) fn top_u32(frame: &[u8], pdu: u32, name: &str) -> Option<u32> {
    let (slot, at) = top_slot(frame, pdu, name)?;
    if !matches!(slot.kind, Kind::U32) {
        return None;
    }
    match at {
        None => Some(0),
        Some(at) => read_u32_at(frame, usize::try_from(at).ok()?),
    }
}

/// The length word of a top-level string or byte-array descriptor of a frame that scanned
/// clean (0: null or empty, as the decoder reads it, a slot past fixedPartLength included);
/// `None` when the PDU has no such field.
pub(crate) fn top_data_len(frame: &[u8], pdu: u32, name: &str) -> Option<u32> {
    let (slot, at) = top_slot(frame, pdu, name)?;
    if !matches!(slot.kind, Kind::Str | Kind::Bytes) {
        return None;
    }
    match at {
        None => Some(0),
        Some(at) => read_u32_at(frame, usize::try_from(at.checked_add(4)?).ok()?),
    }
}

#[derive(Clone, Debug)]
struct RequestRecord {
    pdu: u32,
    frame: u64,
    ts_ns: i64,
    answered: bool,
    /// The device or line the request names, to attach the response's handle to it.
    subject: Option<Subject>,
}

#[derive(Clone, Debug)]
enum Subject {
    Device(String),
    Line(String, String),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProviderInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", rename = "applicationID")]
    pub application_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plugin_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_priority: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_type: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub light_weight_open: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_server_heartbeat_s: Option<u32>,
    /// Length of the encrypted password blob (16 zero bytes ‖ AES-CBC ciphertext, §5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_blob_len: Option<usize>,
    /// Length of the RSA-encrypted key ‖ nonce blob (0 when the certificate was unusable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_blob_len: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plugin_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plugin_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_heartbeat_s: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_heartbeat_s: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fips_compliant: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_result: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_result: Option<u32>,
    /// ProviderOpenCompletedEvent.reason (0 = OK, 0x8CCC… on failure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_reason: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_reason_meaning: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_user_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_until_password_expiry: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// DER certificate from ProviderInitResponse (in the report: lowercase hex). Shared: a CTI
    /// Manager sends the same certificate to every session, and the engine keeps one copy of
    /// it for all of them ([`intern_certificate`]); 1.8 KB of hex was 40 % of a short
    /// session's state. Kept as bytes, it is rendered as hex only when a report is written.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "as_hex")]
    pub certificate: Option<Arc<[u8]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_len: Option<usize>,
    /// open / failed / pending: from the open response and completion event.
    pub state: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DeviceInfo {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    pub opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_result: Option<u32>,
    pub in_service: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_status: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_user_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LineInfo {
    pub dn: String,
    pub partition: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    pub opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_result: Option<u32>,
    pub in_service: bool,
}

/// A device the CTI Manager reported registering or unregistering (ctiqbe-wire-2 §3:
/// DeviceRegisteredEvent 15, DeviceUnregisteredEvent 129, DeviceRegisteredEventWithLineInfo
/// 280 and the DeviceLineInfoEvent that follows it; DeviceRegisterDeviceResponse 19 for a CTI
/// port this application registered). On plaintext 2748 this is the user ↔ device ↔ address
/// map of §9.2.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RegisteredDevice {
    pub name: String,
    /// `registered` or `unregistered`: the last registration event seen.
    pub state: &'static str,
    /// The device's IPv4 address (`ipV4addr` / `deviceRegistrationInfo.ipV4Addr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<String>,
    /// The model as CUCM names it (`DeviceInfo.devTypeName` / `DeviceInfoStatic.deviceTypeName`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `DeviceInfo.type` (36670 a phone, 72 a CTI port, 635 a CTI remote device, §6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_type: Option<u32>,
    /// The Extension Mobility user logged in on it (`loginUserID` / `unicodeLoginUserID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub em_user: Option<String>,
    /// Directory numbers of its lines, from the event's (or the following DeviceLineInfoEvent's)
    /// `lineInfo`.
    pub lines: Vec<String>,
    pub registrations: u32,
    pub unregistrations: u32,
    /// Whether this application registered it itself (DeviceRegisterDeviceResponse).
    pub registered_by_application: bool,
    /// Frames of the messages it was seen in, in order (at most [`MAX_FRAMES_PER_DEVICE`]).
    pub frames: Vec<u64>,
}

impl RegisteredDevice {
    /// `SEP001122334455 registered 10.10.20.31 Cisco 8865 user alice lines 1001`.
    pub fn describe(&self) -> String {
        let mut d = format!("{} {}", self.name, self.state);
        for part in [&self.ipv4, &self.model].into_iter().flatten() {
            d.push(' ');
            d.push_str(part);
        }
        if let Some(u) = &self.em_user {
            d.push_str(" user ");
            d.push_str(u);
        }
        if !self.lines.is_empty() {
            d.push_str(" lines ");
            d.push_str(&self.lines.join("/"));
        }
        d
    }
}

impl CallMedia {
    /// `send 10.10.20.32:16386 G711Ulaw64k 20 ms`.
    pub fn describe(&self) -> String {
        let codec = self
            .codec
            .clone()
            .unwrap_or_else(|| format!("codec {}", self.compression_type));
        format!("{} {} {codec} {} ms", self.role, self.address, self.packet_ms)
    }
}

/// One media stream of a call leg, from StartReceptionEvent (90: where the device receives)
/// or StartTransmissionEvent (91: where it sends to), ctiqbe-wire-2 §3, §6.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CallMedia {
    /// `receive` (the monitored device listens here) or `send` (it sends there).
    pub role: &'static str,
    /// `ip:port`.
    pub address: String,
    /// `compressionType` (4 = G.711 µ-law 64k, the value JTAPI itself sends, §7).
    pub compression_type: u32,
    /// The codec's name, CallManager's media payload enumeration (shared with Skinny).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codec: Option<String>,
    /// `milliSecondPacketSize`.
    pub packet_ms: u32,
    /// The device the event was about (`deviceCallManagerID|deviceID`, by name when opened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    pub frame: u64,
    /// The Stop{Reception,Transmission}Event that ended it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_frame: Option<u64>,
}

/// What a CallAttributeInfoEvent (241) says about a call: recording or monitoring (type 3 is
/// recording, §6, INFERRED from the event the client raises), the forking device, the
/// recorder.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CallAttribute {
    pub attribute_type: u32,
    pub recording_type: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forking_device: Option<String>,
    pub forking_device_type: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_reference_guid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forking_cluster_id: Option<String>,
    /// `multiForkingRecorderInfo[].recorderURI` (e.g. `sip:rec@10.10.30.5`).
    pub recorder_uris: Vec<String>,
    pub frame: u64,
}

/// A transfer or conference: the calls it joins into the surviving one (LineTransferStarted /
/// Ended 166/167, LineConferenceStarted / Ended 169/170; global call handles).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CallJoin {
    /// `transfer` or `conference`.
    pub kind: &'static str,
    /// The global call handle that survives.
    pub surviving: String,
    /// The global call handles joined into it.
    pub others: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    pub transaction_id: u32,
    pub frame: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_frame: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CallInfo {
    /// Call leg handle `callManagerID|callLegID`.
    pub leg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_call_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub called: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_called: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<u32>,
    pub states: Vec<u32>,
    pub first_frame: u64,
    pub last_frame: u64,
    pub closed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_reason: Option<u32>,
    /// The call existed before the application's view started (ExistingCallEvent, 49).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub existing: bool,
    /// Global call handles the call had before GlobalCallHandleChangedEvent (88) gave it the
    /// current one: one call, one identity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub former_global_call_ids: Vec<String>,
    /// The global call handle this call was joined into by a transfer or conference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_into: Option<String>,
    /// Media streams of the leg (at most [`MAX_MEDIA_PER_CALL`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<CallMedia>,
    /// Recording / monitoring attributes (at most [`MAX_ATTRIBUTES_PER_CALL`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<CallAttribute>,
    /// Capture times (ns) of the first and last message about the call. Not in the session's
    /// JSON (the report's `calls` carry them): the CTIQBE session info stays as it was.
    #[serde(skip)]
    pub first_ns: i64,
    #[serde(skip)]
    pub last_ns: i64,
    /// Frame and time (ns) of each of `states`, in the same order.
    #[serde(skip)]
    pub state_at: Vec<(u64, i64)>,
}

impl CallInfo {
    /// Appends a call state, keeping at most `max` of them.
    fn record_state(&mut self, state: Option<u32>, max: usize, ctx: &PacketCtx) {
        if let Some(state) = state.filter(|_| self.states.len() < max) {
            self.states.push(state);
            self.state_at.push((ctx.frame, ctx.ts_ns));
        }
    }

    /// The call as the shared [`CallLeg`] shape: keyed by its global call handle
    /// (`callManagerID|callID`) when the session saw it, else by the leg handle; states named
    /// (`CONNECTED`, or the number when the state is unknown).
    pub fn to_leg(&self) -> CallLeg {
        let party = |n: &Option<String>| Party {
            number: n.clone().filter(|s| !s.is_empty()),
            name: None,
        };
        let states = self
            .states
            .iter()
            .zip(self.state_at.iter())
            .map(|(&st, &(frame, ns))| StateChange {
                state: schema::call_state_name(st)
                    .map(str::to_string)
                    .unwrap_or_else(|| st.to_string()),
                time: ns_to_secs(ns),
                frame,
            })
            .collect();
        let redirecting = self
            .original_called
            .iter()
            .filter(|o| !o.is_empty() && Some(*o) != self.called.as_ref())
            .map(|o| Party {
                number: Some(o.clone()),
                name: None,
            })
            .collect();
        CallLeg {
            key: self
                .global_call_id
                .clone()
                .unwrap_or_else(|| self.leg.clone()),
            calling: party(&self.calling),
            called: party(&self.called),
            redirecting,
            device: self.device.clone(),
            line: self.line.clone(),
            first_time: ns_to_secs(self.first_ns),
            last_time: ns_to_secs(self.last_ns),
            first_frame: self.first_frame,
            last_frame: self.last_frame,
            states,
            end_cause: self.close_reason.map(|r| format!("closed ({r})")),
            media: self
                .media
                .iter()
                .map(|m| MediaEndpoint {
                    address: m.address.clone(),
                    role: m.role,
                    codec: m.codec.clone(),
                    frame: m.frame,
                })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub messages_to_server: u64,
    pub messages_to_client: u64,
    pub requests: u64,
    pub responses: u64,
    pub events: u64,
    pub heartbeats: u64,
    pub unknown: u64,
    pub failure_responses: u64,
    pub unmatched_responses: u64,
    pub messages_with_errors: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CloseInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_close_request_frame: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_close_response_frame: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_closed_event_reason: Option<u32>,
    pub socket_closed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unanswered {
    pub seq: u32,
    pub name: String,
    pub frame: u64,
}

impl SessionInfo {
    /// The Sessions view's facts: login, application, devices, lines, calls.
    pub fn facts(&self) -> Vec<crate::report::Fact> {
        use crate::report::{listing, Fact};
        let p = &self.provider;
        let mut facts = Vec::new();
        if let Some(login) = p.login.as_ref().or(p.login_user_name.as_ref()) {
            facts.push(Fact::new("login", login.clone()));
        }
        if let Some(app) = &p.application_id {
            facts.push(Fact::new("application", app.clone()));
        }
        facts.push(Fact::new("provider", p.state));
        facts.push(Fact::new("devices", listing(self.devices.iter().map(|d| d.name.as_str()), self.devices.len())));
        facts.push(Fact::new("lines", listing(self.lines.iter().map(|l| l.dn.as_str()), self.lines.len())));
        let calls = self.calls.iter().map(|c| c.global_call_id.as_deref().unwrap_or(c.leg.as_str()));
        facts.push(Fact::new("calls", listing(calls, self.calls.len())));
        if !self.registered_devices.is_empty() {
            let shown: Vec<String> = self.registered_devices.iter().map(RegisteredDevice::describe).collect();
            facts.push(Fact::new("registered devices", listing(shown.iter().map(String::as_str), shown.len())));
        }
        let media: Vec<String> = self
            .calls
            .iter()
            .filter(|c| !c.media.is_empty())
            .map(|c| {
                let streams: Vec<String> = c.media.iter().map(CallMedia::describe).collect();
                format!("{}: {}", c.global_call_id.as_deref().unwrap_or(c.leg.as_str()), streams.join(", "))
            })
            .collect();
        if !media.is_empty() {
            facts.push(Fact::new("media", listing(media.iter().map(String::as_str), media.len())));
        }
        facts
    }
}

/// Protocol version words seen per direction (`0x000F0000`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProtocolVersions {
    pub to_server: Vec<String>,
    pub to_client: Vec<String>,
}

/// What one CTIQBE connection established: the report's `sessions[].info`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionInfo {
    /// Always "ctiqbe".
    pub protocol: &'static str,
    pub protocol_versions: ProtocolVersions,
    pub provider: ProviderInfo,
    pub devices: Vec<DeviceInfo>,
    pub lines: Vec<LineInfo>,
    pub calls: Vec<CallInfo>,
    /// Devices CUCM reported registering or unregistering, by name (absent from the JSON when
    /// none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub registered_devices: Vec<RegisteredDevice>,
    /// Transfers and conferences, in order (absent from the JSON when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joins: Vec<CallJoin>,
    pub counts: Counts,
    pub unanswered_request_count: u64,
    pub unanswered_requests: Vec<Unanswered>,
    pub close: CloseInfo,
    pub closed_by: &'static str,
    pub limits_hit: Vec<&'static str>,
}

/// One CTIQBE connection.
#[derive(Debug)]
pub struct Decoder {
    framers: [Framer; 2],
    requests: BTreeMap<u32, RequestRecord>,
    evicted_unanswered: u64,
    versions: [BTreeSet<u32>; 2],
    provider: ProviderInfo,
    devices: BTreeMap<String, DeviceInfo>,
    lines: BTreeMap<(String, String), LineInfo>,
    calls: BTreeMap<(u32, u32), CallInfo>,
    registered: BTreeMap<String, RegisteredDevice>,
    joins: Vec<CallJoin>,
    counts: Counts,
    close: CloseInfo,
    limits_hit: BTreeSet<&'static str>,
    scratch: Vec<FramerItem>,
    /// Decode every frame whole, as before scanning existed: tests compare the two paths.
    decode_everything: bool,
    caps: Caps,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

/// Makes sure `map` holds `key` (the entry made by `new`) unless it is full (`cap` entries):
/// false then, and the caller reports the limit. The one rule for the session's devices, lines,
/// calls and registered devices.
fn admit<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V>(
    map: &mut BTreeMap<K, V>,
    key: &Q,
    cap: usize,
    new: impl FnOnce() -> (K, V),
) -> bool {
    if map.contains_key(key) {
        return true;
    }
    if map.len() >= cap {
        return false;
    }
    let (k, v) = new();
    map.insert(k, v);
    true
}

/// Where the session reads a PDU's fields: the decoded tree of a frame decoded whole (a
/// malformed one, or every frame under `decode_everything`), or a clean frame itself, one
/// field at a time ([`FrameFields`]). Both give what `decode_frame(..).fields.get(key)` holds.
pub(crate) trait Fields {
    /// The field `key` as the decoded tree holds it.
    fn field(&self, key: &str) -> Option<Cow<'_, Value>>;
    /// The bytes of the byte-array field `key` (the tree holds them as hex); `None` when null.
    fn field_bytes(&self, key: &str) -> Option<Cow<'_, [u8]>>;
}

impl Fields for Map<String, Value> {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        self.get(key).map(Cow::Borrowed)
    }

    fn field_bytes(&self, key: &str) -> Option<Cow<'_, [u8]>> {
        self.get(key).and_then(Value::as_str).and_then(unhex).map(Cow::Owned)
    }
}

/// Where [`Decoder::on_seen`] reads a frame's fields from.
#[derive(Clone, Copy)]
enum Read<'a> {
    /// It does not read any: the PDU tells the session nothing beyond its header.
    Nothing,
    /// The frame decoded whole.
    Tree(&'a Map<String, Value>),
    /// The clean frame itself ([`FrameFields`]).
    Frame,
}

/// A frame [`scan_frame`] found clean, read a top-level field at a time ([`top_field`]): a
/// session reads a handful of fields of the PDUs it learns from, and building their whole
/// tree (a `serde_json` map of dozens of entries) was most of the capture pass's decoding.
struct FrameFields<'a> {
    frame: &'a [u8],
    dir: Direction,
}

impl Fields for FrameFields<'_> {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        top_field(self.frame, self.dir, key).map(Cow::Owned)
    }

    fn field_bytes(&self, key: &str) -> Option<Cow<'_, [u8]>> {
        top_bytes(self.frame, key).map(Cow::Borrowed)
    }
}

fn str_field(fields: &(impl Fields + ?Sized), key: &str) -> Option<String> {
    fields.field(key).as_deref().and_then(Value::as_str).map(clip)
}

fn u32_field(fields: &(impl Fields + ?Sized), key: &str) -> Option<u32> {
    fields
        .field(key)
        .as_deref()
        .and_then(Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
}

fn bool_field(fields: &(impl Fields + ?Sized), key: &str) -> Option<bool> {
    fields.field(key).as_deref().and_then(Value::as_bool)
}

fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_INFO_TEXT_LEN {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_INFO_TEXT_LEN).collect();
        t.push('…');
        t
    }
}

fn handle(fields: &(impl Fields + ?Sized), cm: &str, id: &str) -> Option<String> {
    Some(format!(
        "{}|{}",
        u32_field(fields, cm)?,
        u32_field(fields, id)?
    ))
}

impl Decoder {
    /// A decoder with the default [`Limits`].
    pub fn new() -> Decoder {
        Decoder::with_limits(&Limits::default())
    }

    pub fn with_limits(limits: &Limits) -> Decoder {
        Decoder {
            caps: Caps::of(limits),
            framers: [Framer::new(), Framer::new()],
            requests: BTreeMap::new(),
            evicted_unanswered: 0,
            versions: [BTreeSet::new(), BTreeSet::new()],
            provider: ProviderInfo {
                state: "not_opened",
                ..ProviderInfo::default()
            },
            devices: BTreeMap::new(),
            lines: BTreeMap::new(),
            calls: BTreeMap::new(),
            registered: BTreeMap::new(),
            joins: Vec::new(),
            counts: Counts::default(),
            close: CloseInfo::default(),
            limits_hit: BTreeSet::new(),
            scratch: Vec::new(),
            decode_everything: false,
        }
    }

    fn framer(&mut self, dir: Direction) -> &mut Framer {
        match dir {
            Direction::ToServer => &mut self.framers[0],
            Direction::ToClient => &mut self.framers[1],
        }
    }

    fn limit(&mut self, what: &'static str, dir: Direction, ctx: &PacketCtx, out: &mut Output) {
        if self.limits_hit.insert(what) {
            out.event(
                EventKind::CtiqbeLimit,
                Some(dir),
                ctx.frame,
                format!("session limit reached: {what}; further entries not kept"),
            );
        }
    }

    fn drain(&mut self, dir: Direction, ctx: &PacketCtx, out: &mut Output) {
        let items = std::mem::take(&mut self.scratch);
        for item in items {
            match item {
                FramerItem::Anomaly {
                    kind,
                    stream_offset,
                    detail,
                } => {
                    out.event(
                        kind,
                        Some(dir),
                        ctx.frame,
                        format!("{detail} (stream offset {stream_offset})"),
                    );
                }
                FramerItem::Frame {
                    stream_offset,
                    bytes,
                } => {
                    let scan = scan_frame(&bytes, dir);
                    if scan.clean && !needs_fields(scan.pdu) && !self.decode_everything {
                        self.on_scanned(dir, &scan, Read::Nothing, bytes, stream_offset, ctx, out);
                    } else if scan.clean && !self.decode_everything {
                        // Clean, and the session reads some of its fields: read from the frame
                        // one at a time, without a tree (nor the spans, notes and summary
                        // only a shown message needs).
                        self.on_scanned(dir, &scan, Read::Frame, bytes, stream_offset, ctx, out);
                    } else {
                        let decoded = decode_frame(&bytes, dir);
                        self.on_message(dir, decoded, bytes, stream_offset, ctx, out);
                    }
                }
            }
        }
    }

    /// A frame that must be decoded whole: its fields feed the session info, or it is
    /// malformed (its errors and anomalies are reported now).
    fn on_message(
        &mut self,
        dir: Direction,
        d: Decoded,
        raw: Vec<u8>,
        stream_offset: u64,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        for a in &d.anomalies {
            out.event(
                a.kind,
                Some(dir),
                ctx.frame,
                format!("{} (stream offset {stream_offset}): {}", d.name, a.detail),
            );
        }
        let seen = Seen {
            pdu: d.pdu,
            class: d.class,
            seq: d.seq,
            protocol_version: d.protocol_version,
            has_errors: !d.errors.is_empty(),
        };
        let message = message_of(d, dir, ctx.frame, ctx.ts_ns, stream_offset, raw);
        self.on_seen(
            dir,
            &seen,
            Read::Tree(&message.fields),
            message.raw,
            stream_offset,
            ctx,
            out,
        );
    }

    /// A clean frame: its header numbers from [`scan_frame`], and its field tree when the
    /// session learns from it, read from the frame itself ([`FrameFields`]); the store decodes
    /// it whole again when someone asks.
    #[allow(clippy::too_many_arguments)]
    fn on_scanned(
        &mut self,
        dir: Direction,
        scan: &Scan,
        fields: Read<'_>,
        raw: Vec<u8>,
        stream_offset: u64,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let seen = Seen {
            pdu: scan.pdu,
            class: scan.class,
            seq: scan.seq,
            protocol_version: scan.protocol_version,
            has_errors: false,
        };
        self.on_seen(dir, &seen, fields, raw, stream_offset, ctx, out);
    }

    /// What every message goes through: direction check, counts, pairing, what the session
    /// learns from it, and the compact message for the store. `fields`: where the session
    /// reads the frame's fields, if it reads any.
    #[allow(clippy::too_many_arguments)]
    fn on_seen(
        &mut self,
        dir: Direction,
        seen: &Seen,
        fields: Read<'_>,
        raw: Vec<u8>,
        stream_offset: u64,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let from_frame;
        let fields: Option<&dyn Fields> = match fields {
            Read::Nothing => None,
            Read::Tree(tree) => Some(tree),
            Read::Frame => {
                from_frame = FrameFields { frame: &raw, dir };
                Some(&from_frame)
            }
        };
        let sender = PduId(seen.pdu).def().map(|def| def.sender);
        let wrong_way = matches!(
            (sender, dir),
            (Some(Sender::Client), Direction::ToClient)
                | (Some(Sender::Server), Direction::ToServer)
        );
        if wrong_way {
            out.event(
                EventKind::CtiqbeUnexpectedDirection,
                Some(dir),
                ctx.frame,
                format!(
                    "{} travelled {}, but only the {} sends it",
                    pdu_display_name(seen.pdu),
                    dir.as_str(),
                    if dir == Direction::ToClient {
                        "client"
                    } else {
                        "server"
                    }
                ),
            );
        }
        let versions = match dir {
            Direction::ToServer => &mut self.versions[0],
            Direction::ToClient => &mut self.versions[1],
        };
        if versions.len() < self.caps.versions {
            versions.insert(seen.protocol_version);
        }
        self.count(dir, seen);
        let paired = self.pair(dir, seen, fields, ctx, out);
        match fields {
            Some(f) => self.learn(dir, seen, f, ctx, out),
            None => self.learn_scanned(dir, seen, &raw, ctx, out),
        }
        out.compact.push(CompactMessage {
            protocol: Protocol::Ctiqbe,
            slot: 0,
            direction: dir,
            has_errors: seen.has_errors,
            pdu: seen.pdu,
            frame: ctx.frame,
            ts_ns: ctx.ts_ns,
            seq: seen.seq,
            request_frame: paired.map(|(frame, _)| frame),
            latency_ms: paired.map(|(_, ms)| ms),
            stream_offset,
            raw,
        });
    }

    fn count(&mut self, dir: Direction, m: &Seen) {
        let class = m.class;
        let c = &mut self.counts;
        match dir {
            Direction::ToServer => c.messages_to_server = c.messages_to_server.saturating_add(1),
            Direction::ToClient => c.messages_to_client = c.messages_to_client.saturating_add(1),
        }
        let slot = match class {
            MsgClass::Request => &mut c.requests,
            MsgClass::Response => &mut c.responses,
            MsgClass::Event => &mut c.events,
            MsgClass::Heartbeat => &mut c.heartbeats,
            MsgClass::Unknown => &mut c.unknown,
        };
        *slot = slot.saturating_add(1);
        if m.pdu == PduId::FAILURE_RESPONSE.0 {
            c.failure_responses = c.failure_responses.saturating_add(1);
        }
        if m.has_errors {
            c.messages_with_errors = c.messages_with_errors.saturating_add(1);
        }
    }

    /// Pairs a response (or completion event) with its request by sequence number: the
    /// request's frame and the latency, when found. `fields` is needed only for the PDUs of
    /// [`needs_fields`] (device/line open requests and responses).
    fn pair(
        &mut self,
        dir: Direction,
        m: &Seen,
        fields: Option<&dyn Fields>,
        ctx: &PacketCtx,
        out: &mut Output,
    ) -> Option<(u64, f64)> {
        let seq = m.seq?;
        let class = m.class;
        match (class, dir) {
            (MsgClass::Request, Direction::ToServer) => {
                let subject = match fields {
                    Some(f) if m.pdu == PduId::DEVICE_OPEN_REQUEST.0 => {
                        str_field(f, "deviceName").map(Subject::Device)
                    }
                    Some(f) if m.pdu == PduId::LINE_OPEN_REQUEST.0 => str_field(f, "lineName")
                        .map(|dn| Subject::Line(dn, str_field(f, "partition").unwrap_or_default())),
                    _ => None,
                };
                if self.requests.len() >= self.caps.tracked_requests && !self.requests.contains_key(&seq)
                {
                    if let Some((_, old)) = self.requests.pop_first() {
                        if !old.answered {
                            self.evicted_unanswered = self.evicted_unanswered.saturating_add(1);
                        }
                    }
                    self.limit("tracked requests", dir, ctx, out);
                }
                self.requests.insert(
                    seq,
                    RequestRecord {
                        pdu: m.pdu,
                        frame: ctx.frame,
                        ts_ns: ctx.ts_ns,
                        answered: false,
                        subject,
                    },
                );
            }
            (MsgClass::Response, Direction::ToClient) | (MsgClass::Event, Direction::ToClient) => {
                let completes = class == MsgClass::Response
                    || [
                        PduId::PROVIDER_OPEN_COMPLETED_EVENT,
                        PduId::DEVICE_LINE_INFO_EVENT,
                        PduId::PROVIDER_GET_ALL_DEVICES_AND_LINES_COMPLETED_EVENT,
                        PduId::PROVIDER_GET_SINGLE_DEVICE_AND_LINES_COMPLETED_EVENT,
                    ]
                    .contains(&PduId(m.pdu));
                if !completes {
                    return None;
                }
                match self.requests.get_mut(&seq) {
                    Some(req) => {
                        req.answered = true;
                        let paired = (req.frame, ctx.ts_ns.saturating_sub(req.ts_ns) as f64 / 1e6);
                        let subject = req.subject.clone();
                        if let (MsgClass::Response, Some(f)) = (class, fields) {
                            self.attach_handle(subject, m.pdu, f);
                        }
                        return Some(paired);
                    }
                    None if class == MsgClass::Response => {
                        self.counts.unmatched_responses =
                            self.counts.unmatched_responses.saturating_add(1);
                    }
                    None => {}
                }
            }
            _ => {}
        }
        None
    }

    /// A DeviceOpenResponse / LineOpenResponse gives the handle of what its request named.
    fn attach_handle(&mut self, subject: Option<Subject>, pdu: u32, fields: &dyn Fields) {
        let result = u32_field(fields, "result");
        match subject {
            Some(Subject::Device(name)) if pdu == PduId::DEVICE_OPEN_RESPONSE.0 => {
                if let Some(dev) = self.devices.get_mut(&name) {
                    dev.open_result = result;
                    if result == Some(0) {
                        dev.handle = handle(fields, "callManagerID", "deviceID");
                    }
                }
            }
            Some(Subject::Line(dn, pt)) if pdu == PduId::LINE_OPEN_RESPONSE.0 => {
                if let Some(line) = self.lines.get_mut(&(dn, pt)) {
                    line.open_result = result;
                    if result == Some(0) {
                        line.handle = handle(fields, "lineCallManagerID", "lineID");
                    }
                }
            }
            _ => {}
        }
    }

    fn device_mut(
        &mut self,
        name: &str,
        dir: Direction,
        ctx: &PacketCtx,
        out: &mut Output,
    ) -> Option<&mut DeviceInfo> {
        let new = || {
            let info = DeviceInfo { name: name.to_string(), ..DeviceInfo::default() };
            (name.to_string(), info)
        };
        if !admit(&mut self.devices, name, self.caps.devices, new) {
            self.limit("devices", dir, ctx, out);
            return None;
        }
        self.devices.get_mut(name)
    }

    fn line_mut(
        &mut self,
        dn: &str,
        partition: &str,
        dir: Direction,
        ctx: &PacketCtx,
        out: &mut Output,
    ) -> Option<&mut LineInfo> {
        let key = (dn.to_string(), partition.to_string());
        let new = || {
            let info = LineInfo { dn: key.0.clone(), partition: key.1.clone(), ..LineInfo::default() };
            (key.clone(), info)
        };
        if !admit(&mut self.lines, &key, self.caps.lines, new) {
            self.limit("lines", dir, ctx, out);
            return None;
        }
        self.lines.get_mut(&key)
    }

    fn call_mut(
        &mut self,
        key: (u32, u32),
        frame: u64,
        dir: Direction,
        ctx: &PacketCtx,
        out: &mut Output,
    ) -> Option<&mut CallInfo> {
        let new = || {
            let info = CallInfo {
                leg: format!("{}|{}", key.0, key.1),
                first_frame: frame,
                last_frame: frame,
                first_ns: ctx.ts_ns,
                ..CallInfo::default()
            };
            (key, info)
        };
        if !admit(&mut self.calls, &key, self.caps.calls, new) {
            self.limit("calls", dir, ctx, out);
            return None;
        }
        let call = self.calls.get_mut(&key)?;
        call.last_frame = frame;
        call.last_ns = ctx.ts_ns;
        Some(call)
    }

    fn line_by_handle(&self, handle: &str) -> Option<String> {
        self.lines
            .values()
            .find(|l| l.handle.as_deref() == Some(handle))
            .map(|l| l.dn.clone())
    }

    fn device_by_handle(&self, handle: &str) -> Option<&str> {
        self.devices
            .values()
            .find(|d| d.handle.as_deref() == Some(handle))
            .map(|d| d.name.as_str())
    }

    /// Updates what the session established from one message.
    fn learn(
        &mut self,
        dir: Direction,
        m: &Seen,
        f: &dyn Fields,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let p = &mut self.provider;
        match PduId(m.pdu) {
            PduId::PROVIDER_INIT_REQUEST => {
                p.host = str_field(f, "provider").or(p.host.take());
                p.client_version = str_field(f, "qbeClientVerion").or(p.client_version.take());
                p.application_id = str_field(f, "applicationID").or(p.application_id.take());
                p.plugin_name = str_field(f, "pluginName").or(p.plugin_name.take());
            }
            PduId::PROVIDER_INIT_RESPONSE => {
                p.init_result = u32_field(f, "result");
                p.server_version = str_field(f, "providerInfo").or(p.server_version.take());
                p.plugin_version = str_field(f, "pluginVersion").or(p.plugin_version.take());
                p.plugin_location = str_field(f, "pluginLocation").or(p.plugin_location.take());
                p.provider_id = u32_field(f, "providerID").or(p.provider_id);
                p.nonce = str_field(f, "nonce");
                if let Some(cert) = f.field_bytes("certificate") {
                    p.certificate_len = Some(cert.len());
                    let kept = cert.get(..MAX_CERTIFICATE_LEN).unwrap_or(&cert);
                    p.certificate = Some(Arc::from(kept));
                }
            }
            PduId::PROVIDER_OPEN_REQUEST => {
                p.host = str_field(f, "provider").or(p.host.take());
                p.client_version = str_field(f, "qbeClientVersion").or(p.client_version.take());
                p.login = str_field(f, "login");
                p.application_id = str_field(f, "applicationID").or(p.application_id.take());
                p.plugin_name = str_field(f, "pluginName").or(p.plugin_name.take());
                p.desired_server_heartbeat_s = u32_field(f, "desiredServerHeartbeatTime");
                p.application_priority = u32_field(f, "applicationPriority");
                p.authentication_type = u32_field(f, "authenticationType");
                p.light_weight_open = bool_field(f, "lightWeightOpen");
                let hex_len = |k: &str| {
                    f.field(k)
                        .map(|v| v.as_str().map(|s| s.len() / 2).unwrap_or(0))
                };
                p.password_blob_len = hex_len("encryptedPassword");
                p.key_blob_len = hex_len("encryptedKey");
                p.state = "pending";
            }
            PduId::PROVIDER_OPEN_RESPONSE => {
                p.open_result = u32_field(f, "result");
                p.server_version = str_field(f, "providerInfoString").or(p.server_version.take());
                p.client_heartbeat_s = u32_field(f, "clientHeartbeat");
                p.server_heartbeat_s = u32_field(f, "serverHeartbeat");
                p.plugin_version = str_field(f, "pluginVersion").or(p.plugin_version.take());
                p.plugin_location = str_field(f, "pluginLocation").or(p.plugin_location.take());
                p.provider_id = u32_field(f, "providerId").or(p.provider_id);
                p.fips_compliant = bool_field(f, "fipsCompliant");
                if p.open_result != Some(0) {
                    p.state = "failed";
                }
            }
            PduId::PROVIDER_OPEN_COMPLETED_EVENT => {
                let reason = u32_field(f, "reason");
                p.open_reason = reason;
                p.open_reason_meaning = reason.and_then(super::schema::result_meaning);
                p.server_version = str_field(f, "providerInfoString").or(p.server_version.take());
                p.failure_description =
                    str_field(f, "failureDescription").filter(|s| !s.is_empty());
                p.login_user_name = str_field(f, "loginUserName");
                p.cluster_id = str_field(f, "clusterID");
                p.provider_id = u32_field(f, "providerId").or(p.provider_id);
                // The client takes its heartbeat intervals from ProviderOpenResponse (§8.2);
                // the completion event's copy only fills in when that response is missing.
                p.client_heartbeat_s = p.client_heartbeat_s.or(u32_field(f, "clientHeartbeat"));
                p.server_heartbeat_s = p.server_heartbeat_s.or(u32_field(f, "serverHeartbeat"));
                p.days_until_password_expiry =
                    u32_field(f, "daysUntilPasswordExpiry").map(|v| i64::from(v as i32));
                p.state = if reason == Some(0) && p.open_result.unwrap_or(0) == 0 {
                    "open"
                } else {
                    "failed"
                };
            }
            PduId::FAILURE_RESPONSE => {
                if let Some(req) = m.seq.and_then(|s| self.requests.get(&s)) {
                    if req.pdu == PduId::PROVIDER_OPEN_REQUEST.0
                        || req.pdu == PduId::PROVIDER_INIT_REQUEST.0
                    {
                        p.state = "failed";
                        p.open_result = u32_field(f, "result");
                        p.failure_description = str_field(f, "description");
                    }
                }
            }
            PduId::DEVICE_OPEN_REQUEST => {
                if let Some(name) = str_field(f, "deviceName") {
                    if let Some(dev) = self.device_mut(&name, dir, ctx, out) {
                        dev.opened = true;
                    }
                }
            }
            PduId::DEVICE_IN_SERVICE_EVENT | PduId::DEVICE_OUT_OF_SERVICE_EVENT => {
                let in_service = m.pdu == PduId::DEVICE_IN_SERVICE_EVENT.0;
                if let Some(h) = handle(f, "deviceCallManagerID", "deviceID") {
                    if let Some(name) = self.device_by_handle(&h).map(str::to_string) {
                        if let Some(dev) = self.devices.get_mut(&name) {
                            dev.in_service = in_service;
                        }
                    }
                }
            }
            PduId::DEVICE_LINE_INFO_EVENT => self.learn_device_line_info(dir, f, ctx, out),
            PduId::LINE_OPEN_REQUEST => {
                if let Some(dn) = str_field(f, "lineName") {
                    let pt = str_field(f, "partition").unwrap_or_default();
                    let dev = str_field(f, "deviceName");
                    if let Some(line) = self.line_mut(&dn, &pt, dir, ctx, out) {
                        line.opened = true;
                        if dev.is_some() {
                            line.device = dev;
                        }
                    }
                }
            }
            PduId::LINE_IN_SERVICE_EVENT | PduId::LINE_OUT_OF_SERVICE_EVENT => {
                let in_service = m.pdu == PduId::LINE_IN_SERVICE_EVENT.0;
                if let Some(h) = handle(f, "lineCallManagerID", "lineID") {
                    for line in self
                        .lines
                        .values_mut()
                        .filter(|l| l.handle.as_deref() == Some(h.as_str()))
                    {
                        line.in_service = in_service;
                    }
                }
            }
            PduId::NEW_CALL_EVENT | PduId::EXISTING_CALL_EVENT => {
                let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID"))
                else {
                    return;
                };
                let existing = m.pdu == PduId::EXISTING_CALL_EVENT.0;
                let line = handle(f, "lineCallManagerID", "lineID")
                    .map(|h| self.line_by_handle(&h).unwrap_or(h));
                let max_states = self.caps.states_per_call;
                if let Some(call) = self.call_mut(key, ctx.frame, dir, ctx, out) {
                    call.global_call_id = handle(f, "globalCallManagerID", "callID");
                    call.line = line;
                    call.device = str_field(f, "deviceName");
                    call.calling = str_field(f, "callingParty");
                    call.called = str_field(f, "calledParty");
                    call.original_called = str_field(f, "originalCalledParty");
                    call.origin = u32_field(f, "origin");
                    call.existing |= existing;
                    call.record_state(u32_field(f, "state"), max_states, ctx);
                }
            }
            PduId::GLOBAL_CALL_HANDLE_CHANGED_EVENT => {
                self.learn_global_call_handle_changed(dir, f, ctx, out)
            }
            PduId::CALL_PARTY_INFO_CHANGED_EVENT => {
                let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID"))
                else {
                    return;
                };
                if let Some(call) = self.call_mut(key, ctx.frame, dir, ctx, out) {
                    if bool_field(f, "callingPartyChanged") == Some(true) {
                        call.calling = str_field(f, "callingParty").or(call.calling.take());
                    }
                    if bool_field(f, "calledPartyChanged") == Some(true) {
                        call.called = str_field(f, "calledParty").or(call.called.take());
                    }
                }
            }
            PduId::START_RECEPTION_EVENT | PduId::START_TRANSMISSION_EVENT => {
                self.learn_media_start(dir, m.pdu, f, ctx, out)
            }
            PduId::STOP_RECEPTION_EVENT | PduId::STOP_TRANSMISSION_EVENT => {
                let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID"))
                else {
                    return;
                };
                let role = if m.pdu == PduId::STOP_RECEPTION_EVENT.0 {
                    "receive"
                } else {
                    "send"
                };
                if let Some(call) = self.call_mut(key, ctx.frame, dir, ctx, out) {
                    if let Some(media) = call
                        .media
                        .iter_mut()
                        .rev()
                        .find(|x| x.role == role && x.stop_frame.is_none())
                    {
                        media.stop_frame = Some(ctx.frame);
                    }
                }
            }
            PduId::LINE_TRANSFER_STARTED_EVENT | PduId::LINE_CONFERENCE_STARTED_EVENT => {
                self.learn_join_started(m.pdu, f, ctx)
            }
            PduId::LINE_TRANSFER_ENDED_EVENT | PduId::LINE_CONFERENCE_ENDED_EVENT => {
                let kind = if m.pdu == PduId::LINE_TRANSFER_ENDED_EVENT.0 {
                    "transfer"
                } else {
                    "conference"
                };
                let tid = u32_field(f, "transactionID").unwrap_or(0);
                if let Some(join) = self
                    .joins
                    .iter_mut()
                    .rev()
                    .find(|j| j.kind == kind && j.transaction_id == tid && j.end_frame.is_none())
                {
                    join.end_frame = Some(ctx.frame);
                    join.success = bool_field(f, "success");
                }
            }
            PduId::CALL_CONFERENCE_STATE_CHANGED_EVENT => {
                // The party a conference added or dropped, on this leg's call.
                let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID"))
                else {
                    return;
                };
                let _ = self.call_mut(key, ctx.frame, dir, ctx, out);
            }
            PduId::CALL_ATTRIBUTE_INFO_EVENT => self.learn_call_attribute(dir, f, ctx, out),
            PduId::DEVICE_REGISTERED_EVENT
            | PduId::DEVICE_UNREGISTERED_EVENT
            | PduId::DEVICE_REGISTERED_EVENT_WITH_LINE_INFO
            | PduId::DEVICE_REGISTER_DEVICE_RESPONSE => {
                self.learn_registration(dir, m.pdu, f, ctx, out)
            }
            PduId::CALL_STATE_CHANGED_EVENT_V2 => {
                let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID"))
                else {
                    return;
                };
                self.call_state(key, u32_field(f, "state"), dir, ctx, out);
            }
            PduId::CALL_CLOSED_EVENT => {
                let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID"))
                else {
                    return;
                };
                self.call_closed(key, u32_field(f, "reason"), dir, ctx, out);
            }
            PduId::PROVIDER_CLOSE_REQUEST => {
                self.close.provider_close_request_frame = Some(ctx.frame)
            }
            PduId::PROVIDER_CLOSE_RESPONSE => {
                self.close.provider_close_response_frame = Some(ctx.frame)
            }
            PduId::PROVIDER_CLOSED_EVENT => {
                self.close.provider_closed_event_reason = u32_field(f, "reason")
            }
            _ => {}
        }
    }

    /// What the session learns from a message it did not decode whole ([`needs_fields`] says
    /// which PDUs are so handled): call state changes and call ends, read straight from their
    /// fixed part. Exact because the frame scanned clean (see [`top_u32`]).
    fn learn_scanned(
        &mut self,
        dir: Direction,
        m: &Seen,
        raw: &[u8],
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let field = |name| top_u32(raw, m.pdu, name);
        let Some(key) = field("callCallManagerID").zip(field("callLegID")) else {
            return;
        };
        match PduId(m.pdu) {
            PduId::CALL_STATE_CHANGED_EVENT_V2 => {
                self.call_state(key, field("state"), dir, ctx, out)
            }
            PduId::CALL_CLOSED_EVENT => self.call_closed(key, field("reason"), dir, ctx, out),
            _ => {}
        }
    }

    fn call_state(
        &mut self,
        key: (u32, u32),
        state: Option<u32>,
        dir: Direction,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let max_states = self.caps.states_per_call;
        if let Some(call) = self.call_mut(key, ctx.frame, dir, ctx, out) {
            call.record_state(state, max_states, ctx);
        }
    }

    fn call_closed(
        &mut self,
        key: (u32, u32),
        reason: Option<u32>,
        dir: Direction,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        if let Some(call) = self.call_mut(key, ctx.frame, dir, ctx, out) {
            call.closed = true;
            call.close_reason = reason;
        }
    }

    fn learn_device_line_info(
        &mut self,
        dir: Direction,
        f: &dyn Fields,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let Some(name) = str_field(f, "deviceName") else {
            return;
        };
        let type_name = f
            .field("deviceInfoStatic")
            .as_deref()
            .and_then(|s| s.as_object())
            .and_then(|s| str_field(s, "deviceTypeName"));
        let reg_field = f.field("deviceRegistrationInfo");
        let reg = reg_field.as_deref().and_then(Value::as_object);
        let ipv4 = reg
            .and_then(|r| u32_field(r, "ipV4Addr"))
            .filter(|v| *v != 0)
            .map(|v| {
                let b = v.to_le_bytes();
                format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
            });
        let login_user_id = reg
            .and_then(|r| str_field(r, "unicodeLoginUserID"))
            .filter(|s| !s.is_empty());
        let status = u32_field(f, "deviceRegistrationStatus");
        // A device CUCM announced as registered (280, then 279: §6) gets its model and lines.
        if let Some(reg) = self.registered.get_mut(&name) {
            reg.model = type_name.clone().or(reg.model.take());
            if let Some(Value::Array(lines)) = f.field("lineInfo").as_deref() {
                for dn in lines
                    .iter()
                    .filter_map(Value::as_object)
                    .filter_map(|l| str_field(l, "name"))
                {
                    if !reg.lines.contains(&dn) && reg.lines.len() < MAX_LINES_PER_DEVICE {
                        reg.lines.push(dn);
                    }
                }
            }
            if reg.frames.len() < MAX_FRAMES_PER_DEVICE {
                reg.frames.push(ctx.frame);
            }
        }
        if let Some(dev) = self.device_mut(&name, dir, ctx, out) {
            dev.type_name = type_name.or(dev.type_name.take());
            dev.registration_status = status;
            dev.ipv4 = ipv4.or(dev.ipv4.take());
            dev.login_user_id = login_user_id.or(dev.login_user_id.take());
        }
        let line_info = f.field("lineInfo");
        let Some(Value::Array(lines)) = line_info.as_deref() else {
            return;
        };
        for info in lines.iter().filter_map(Value::as_object) {
            let Some(dn) = str_field(info, "name") else {
                continue;
            };
            let pt = str_field(info, "partition").unwrap_or_default();
            let display = str_field(info, "displayName").filter(|s| !s.is_empty());
            if let Some(line) = self.line_mut(&dn, &pt, dir, ctx, out) {
                line.device = Some(name.clone());
                line.display_name = display.or(line.display_name.take());
            }
        }
    }
}

/// An IPv4 address carried as a u32 in wire byte order (ctiqbe-wire-2 §2); 0 = none.
fn ipv4_of(v: u32) -> Option<String> {
    (v != 0).then(|| {
        let b = v.to_le_bytes();
        format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
    })
}

use super::schema::codec_name;

/// A structure field (a JSON object in the tree).
fn sub<'a>(f: &'a dyn Fields, key: &str) -> Option<Cow<'a, Map<String, Value>>> {
    match f.field(key)? {
        Cow::Borrowed(Value::Object(m)) => Some(Cow::Borrowed(m)),
        Cow::Owned(Value::Object(m)) => Some(Cow::Owned(m)),
        _ => None,
    }
}

impl Decoder {
    /// GlobalCallHandleChangedEvent (88): the leg's call gets a new global call handle; every
    /// leg that had the old one follows, and the old one is kept as a former identity.
    fn learn_global_call_handle_changed(
        &mut self,
        dir: Direction,
        f: &dyn Fields,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID")) else {
            return;
        };
        let Some(new) = handle(f, "newGlobalCallManagerID", "newGlobalCallID") else {
            return;
        };
        let old = match self.call_mut(key, ctx.frame, dir, ctx, out) {
            Some(call) => call.global_call_id.clone(),
            None => return,
        };
        for call in self.calls.values_mut() {
            let this_leg = call.leg == format!("{}|{}", key.0, key.1);
            let same_call = old.is_some() && call.global_call_id == old;
            if !(this_leg || same_call) || call.global_call_id.as_ref() == Some(&new) {
                continue;
            }
            if let Some(o) = call.global_call_id.take() {
                if !call.former_global_call_ids.contains(&o) {
                    call.former_global_call_ids.push(o);
                }
            }
            call.global_call_id = Some(new.clone());
        }
        // Joins name calls by global handle: keep them pointing at the same call.
        if let Some(old) = old {
            for j in &mut self.joins {
                if j.surviving == old {
                    j.surviving = new.clone();
                }
            }
            for call in self.calls.values_mut() {
                if call.joined_into.as_ref() == Some(&old) {
                    call.joined_into = Some(new.clone());
                }
            }
        }
        let calling = str_field(f, "callingParty").filter(|s| !s.is_empty());
        let called = str_field(f, "calledParty").filter(|s| !s.is_empty());
        if let Some(call) = self.calls.get_mut(&key) {
            call.calling = calling.or(call.calling.take());
            call.called = called.or(call.called.take());
        }
    }

    fn learn_media_start(
        &mut self,
        dir: Direction,
        pdu: u32,
        f: &dyn Fields,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID")) else {
            return;
        };
        let ip = ipv4_of(u32_field(f, "ipAddr").unwrap_or(0)).unwrap_or_else(|| "0.0.0.0".into());
        let port = u32_field(f, "rtpPortNumber").unwrap_or(0);
        let compression_type = u32_field(f, "compressionType").unwrap_or(0);
        let device = handle(f, "deviceCallManagerID", "deviceID")
            .map(|h| self.device_by_handle(&h).map(str::to_string).unwrap_or(h));
        let media = CallMedia {
            role: if pdu == PduId::START_RECEPTION_EVENT.0 {
                "receive"
            } else {
                "send"
            },
            address: format!("{ip}:{port}"),
            compression_type,
            codec: codec_name(compression_type).map(str::to_string),
            packet_ms: u32_field(f, "milliSecondPacketSize").unwrap_or(0),
            device,
            frame: ctx.frame,
            stop_frame: None,
        };
        let mut full = false;
        if let Some(call) = self.call_mut(key, ctx.frame, dir, ctx, out) {
            if call.media.len() < MAX_MEDIA_PER_CALL {
                call.media.push(media);
            } else {
                full = true;
            }
        }
        if full {
            self.limit("media streams per call", dir, ctx, out);
        }
    }

    fn learn_join_started(&mut self, pdu: u32, f: &dyn Fields, ctx: &PacketCtx) {
        let Some(surviving) = handle(f, "survivingGCMID", "survivingGCCID") else {
            return;
        };
        let (kind, others) = if pdu == PduId::LINE_TRANSFER_STARTED_EVENT.0 {
            ("transfer", handle(f, "otherGCMID", "otherGCCID").into_iter().collect())
        } else {
            let others: Vec<String> = f
                .field("otherGCIDs")
                .as_deref()
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_object)
                        .filter_map(|g| handle(g, "callManagerID", "callID"))
                        .collect()
                })
                .unwrap_or_default();
            ("conference", others)
        };
        let transaction_id = u32_field(f, "transactionID").unwrap_or(0);
        // One transfer is reported on every line that takes part: keep it once.
        if self.joins.iter().any(|j| {
            j.kind == kind && j.transaction_id == transaction_id && j.surviving == surviving
        }) {
            return;
        }
        if self.joins.len() >= self.caps.calls {
            return;
        }
        for call in self.calls.values_mut() {
            if call
                .global_call_id
                .as_ref()
                .is_some_and(|g| others.contains(g) && *g != surviving)
            {
                call.joined_into = Some(surviving.clone());
            }
        }
        self.joins.push(CallJoin {
            kind,
            surviving,
            others,
            controller: str_field(f, "controllerNumber").filter(|s| !s.is_empty()),
            transaction_id,
            frame: ctx.frame,
            end_frame: None,
            success: None,
        });
    }

    fn learn_call_attribute(
        &mut self,
        dir: Direction,
        f: &dyn Fields,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let Some(key) = u32_field(f, "callCallManagerID").zip(u32_field(f, "callLegID")) else {
            return;
        };
        let recorder_uris = f
            .field("multiForkingRecorderInfo")
            .as_deref()
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_object)
                    .filter_map(|r| str_field(r, "recorderURI"))
                    .filter(|u| !u.is_empty())
                    .take(MAX_RECORDERS_PER_ATTRIBUTE)
                    .collect()
            })
            .unwrap_or_default();
        let attribute = CallAttribute {
            attribute_type: u32_field(f, "callAttributeType").unwrap_or(0),
            recording_type: u32_field(f, "callRecordingType").unwrap_or(0),
            forking_device: str_field(f, "forkingDeviceName").filter(|s| !s.is_empty()),
            forking_device_type: u32_field(f, "forkingDeviceType").unwrap_or(0),
            protocol_reference_guid: str_field(f, "protocolReferenceGUID")
                .filter(|s| !s.is_empty()),
            forking_cluster_id: str_field(f, "forkingClusterID").filter(|s| !s.is_empty()),
            recorder_uris,
            frame: ctx.frame,
        };
        if let Some(call) = self.call_mut(key, ctx.frame, dir, ctx, out) {
            if call.attributes.len() < MAX_ATTRIBUTES_PER_CALL {
                call.attributes.push(attribute);
            }
        }
    }

    fn learn_registration(
        &mut self,
        dir: Direction,
        pdu: u32,
        f: &dyn Fields,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let info = sub(f, "deviceInfo");
        let info = info.as_deref();
        let reg = sub(f, "deviceRegistrationInfo");
        let reg = reg.as_deref();
        let name = match info {
            Some(i) => str_field(i, "name"),
            None => str_field(f, "deviceName"),
        };
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return;
        };
        if pdu == PduId::DEVICE_REGISTER_DEVICE_RESPONSE.0 && u32_field(f, "result") != Some(0) {
            return;
        }
        let ipv4 = u32_field(f, "ipV4addr")
            .or_else(|| reg.and_then(|r| u32_field(r, "ipV4Addr")))
            .and_then(ipv4_of);
        let login_user_id = f.field("loginUserID");
        let em_user = login_user_id
            .as_deref()
            .and_then(Value::as_str)
            .or_else(|| reg.and_then(|r| r.get("unicodeLoginUserID")).and_then(Value::as_str))
            .map(clip)
            .filter(|s| !s.is_empty());
        let model = info.and_then(|i| str_field(i, "devTypeName")).filter(|s| !s.is_empty());
        let device_type = info.and_then(|i| u32_field(i, "type")).filter(|t| *t != 0);
        let lines: Vec<String> = f
            .field("lineInfo")
            .as_deref()
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_object)
                    .filter_map(|l| str_field(l, "name"))
                    .collect()
            })
            .unwrap_or_default();
        let Some(dev) = self.registered_mut(&name, dir, ctx, out) else {
            return;
        };
        if pdu == PduId::DEVICE_UNREGISTERED_EVENT.0 {
            dev.state = "unregistered";
            dev.unregistrations = dev.unregistrations.saturating_add(1);
        } else {
            dev.state = "registered";
            dev.registrations = dev.registrations.saturating_add(1);
        }
        dev.registered_by_application |= pdu == PduId::DEVICE_REGISTER_DEVICE_RESPONSE.0;
        dev.ipv4 = ipv4.or(dev.ipv4.take());
        dev.em_user = em_user.or(dev.em_user.take());
        dev.model = model.or(dev.model.take());
        dev.device_type = device_type.or(dev.device_type);
        for l in lines {
            if !dev.lines.contains(&l) && dev.lines.len() < MAX_LINES_PER_DEVICE {
                dev.lines.push(l);
            }
        }
        if dev.frames.len() < MAX_FRAMES_PER_DEVICE {
            dev.frames.push(ctx.frame);
        }
    }

    fn registered_mut(
        &mut self,
        name: &str,
        dir: Direction,
        ctx: &PacketCtx,
        out: &mut Output,
    ) -> Option<&mut RegisteredDevice> {
        let new = || {
            let info = RegisteredDevice { name: name.to_string(), ..RegisteredDevice::default() };
            (name.to_string(), info)
        };
        if !admit(&mut self.registered, name, self.caps.devices, new) {
            self.limit("registered devices", dir, ctx, out);
            return None;
        }
        self.registered.get_mut(name)
    }
}

impl Decoder {
    /// What the connection established so far: the report's `sessions[].info`.
    /// [`Self::info`] as the report's JSON shows it.
    pub fn session_info(&self) -> serde_json::Value {
        serde_json::to_value(self.info()).unwrap_or(serde_json::Value::Null)
    }

    pub fn info(&self) -> SessionInfo {
        let unanswered: Vec<Unanswered> = self
            .requests
            .iter()
            .filter(|(_, r)| !r.answered)
            .take(MAX_LISTED_UNANSWERED)
            .map(|(seq, r)| Unanswered {
                seq: *seq,
                name: pdu_display_name(r.pdu).into_owned(),
                frame: r.frame,
            })
            .collect();
        let unanswered_count = self.requests.values().filter(|r| !r.answered).count() as u64;
        let unanswered_count = unanswered_count.saturating_add(self.evicted_unanswered);
        let closed_by = if self.close.provider_close_request_frame.is_some() {
            "client: ProviderCloseRequest"
        } else if self.close.provider_closed_event_reason.is_some() {
            "server: ProviderClosedEvent"
        } else if self.close.socket_closed {
            "socket closed without a provider close"
        } else {
            "open at end of capture"
        };
        let version = |set: &BTreeSet<u32>| -> Vec<String> {
            set.iter().map(|v| format!("0x{v:08X}")).collect()
        };
        SessionInfo {
            protocol: "ctiqbe",
            protocol_versions: ProtocolVersions {
                to_server: version(&self.versions[0]),
                to_client: version(&self.versions[1]),
            },
            provider: self.provider.clone(),
            devices: self.devices.values().cloned().collect(),
            lines: self.lines.values().cloned().collect(),
            calls: self.calls.values().cloned().collect(),
            registered_devices: self
                .registered
                .values()
                .map(|d| {
                    // Lines learnt before the registration event (DeviceLineInfoEvent of the
                    // start-up fetch) belong to the device too.
                    let mut d = d.clone();
                    for l in self.lines.values() {
                        if l.device.as_deref() == Some(d.name.as_str())
                            && !d.lines.contains(&l.dn)
                            && d.lines.len() < MAX_LINES_PER_DEVICE
                        {
                            d.lines.push(l.dn.clone());
                        }
                    }
                    d
                })
                .collect(),
            joins: self.joins.clone(),
            counts: self.counts.clone(),
            unanswered_request_count: unanswered_count,
            unanswered_requests: unanswered,
            close: self.close.clone(),
            closed_by,
            limits_hit: self.limits_hit.iter().copied().collect(),
        }
    }
}

impl FlowDecoder for Decoder {
    fn calls_since(&self) -> Option<f64> {
        self.calls.values().map(|c| c.first_ns).min().map(crate::model::ns_to_secs)
    }

    fn protocol(&self) -> Protocol {
        Protocol::Ctiqbe
    }

    fn on_data(&mut self, dir: Direction, data: &[u8], ctx: &PacketCtx, out: &mut Output) {
        let mut items = std::mem::take(&mut self.scratch);
        items.clear();
        self.framer(dir).push(data, &mut items);
        self.scratch = items;
        self.drain(dir, ctx, out);
    }

    fn on_gap(&mut self, dir: Direction, missing_len: u64, ctx: &PacketCtx, out: &mut Output) {
        let mut items = std::mem::take(&mut self.scratch);
        items.clear();
        self.framer(dir).gap(missing_len, &mut items);
        self.scratch = items;
        self.drain(dir, ctx, out);
    }

    fn on_close(&mut self, ctx: &PacketCtx, out: &mut Output) {
        for dir in [Direction::ToServer, Direction::ToClient] {
            let mut items = std::mem::take(&mut self.scratch);
            items.clear();
            self.framer(dir).finish(&mut items);
            self.scratch = items;
            self.drain(dir, ctx, out);
        }
        self.close.socket_closed = true;
    }

    fn sessions(&self) -> Vec<crate::report::SessionInfo> {
        vec![crate::report::SessionInfo::Ctiqbe(Box::new(self.info()))]
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use crate::proto::ctiqbe::frame::tests::build;
    use serde_json::json;

    /// Feeds a whole session (both directions, message by message) to a decoder.
    fn run(dec: &mut Decoder, messages: &[(bool, Vec<u8>)]) -> Output {
        let mut out = Output::default();
        for (i, (from_client, m)) in messages.iter().enumerate() {
            let dir = if *from_client {
                Direction::ToServer
            } else {
                Direction::ToClient
            };
            dec.on_data(dir, m, &ctx(i as u64 + 1, i as i64 * 7), &mut out);
        }
        dec.on_close(&ctx(messages.len() as u64 + 1, 0), &mut out);
        out
    }

    #[test]
    fn scanning_learns_exactly_what_decoding_everything_learns() {
        let mut params = crate::synth::sample::SessionParams::sample();
        params.calls = (0..12).map(|i| format!("9{i:05}")).collect();
        let mut messages = crate::synth::sample::jtapi_session(&params);
        // Also a malformed frame (a string outside the frame) and a wrong-way message.
        messages.push((true, build(16, &words(&[5, 9999, 10]), &[])));
        messages.push((true, build(281, &words(&[1, 144, 1, 5, 4, 0]), &[])));
        let mut fast = Decoder::new();
        let mut full = Decoder::new();
        full.decode_everything = true;
        let (a, b) = (run(&mut fast, &messages), run(&mut full, &messages));
        assert!(a.compact.len() > 200);
        assert_eq!(a.compact, b.compact);
        assert_eq!(a.events, b.events);
        assert_eq!(fast.session_info(), full.session_info());
        // The fast path really skipped decoding for most messages.
        let scanned = messages.iter().filter(|(c, m)| {
            let dir = if *c {
                Direction::ToServer
            } else {
                Direction::ToClient
            };
            let s = scan_frame(m, dir);
            s.clean && !needs_fields(s.pdu)
        });
        assert!(scanned.count() * 2 > messages.len());
    }

    #[test]
    fn top_level_numbers_read_from_the_fixed_part_equal_the_decoded_ones() {
        let mut params = crate::synth::sample::SessionParams::sample();
        params.calls = vec!["1".into(), "2".into()];
        let mut checked = 0;
        for (from_client, m) in crate::synth::sample::jtapi_session(&params) {
            let dir = if from_client {
                Direction::ToServer
            } else {
                Direction::ToClient
            };
            let d = decode_frame(&m, dir);
            if !d.errors.is_empty() {
                continue;
            }
            for slot in PduId(d.pdu).def().map(|d| d.slots).unwrap_or(&[]) {
                if matches!(slot.kind, Kind::Str | Kind::Bytes) {
                    // The length word is 0 exactly when the decode shows null (a string of
                    // one NUL byte is "", a byte array of any length is its hex).
                    let null = top_data_len(&m, d.pdu, slot.name).map(|n| n == 0);
                    assert_eq!(null, d.fields.get(slot.name).map(Value::is_null), "{} {}", d.name, slot.name);
                    checked += 1;
                }
                if matches!(slot.kind, Kind::U32) {
                    assert_eq!(
                        top_u32(&m, d.pdu, slot.name),
                        u32_field(&d.fields, slot.name),
                        "{} {}",
                        d.name,
                        slot.name
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
        assert_eq!(
            top_u32(&build(281, &words(&[1, 144]), &[]), 281, "state"),
            Some(0),
            "past the fixed part: the default"
        );
        assert_eq!(
            top_u32(&build(281, &words(&[1]), &[]), 281, "noSuchField"),
            None
        );
    }

    /// What the decoder produced, decoded again from the compact messages.
    fn decoded(out: &Output) -> Vec<Message> {
        out.compact
            .iter()
            .filter_map(crate::store::CompactMessage::decode)
            .collect()
    }

    fn words(ws: &[u32]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    // `..Default::default()` keeps this independent of fields the engine adds to PacketCtx.
    #[allow(clippy::needless_update)]
    fn ctx(frame: u64, ms: i64) -> PacketCtx {
        PacketCtx {
            frame,
            ts_ns: ms * 1_000_000,
            ..PacketCtx::default()
        }
    }

    /// A string slot pair + data, for frames whose variable part starts at `var_at`.
    fn with_strings(
        pdu: u32,
        fixed_words: &[Option<u32>],
        strings: &[&str],
        fixed_len: usize,
    ) -> Vec<u8> {
        // `None` in fixed_words is replaced by the next string's (offset, len) pair.
        let mut fixed = Vec::new();
        let mut var = Vec::new();
        let mut next = strings.iter();
        for w in fixed_words {
            match w {
                Some(v) => fixed.extend_from_slice(&v.to_le_bytes()),
                None => {
                    let s = next.next().unwrap();
                    let at = (32 + fixed_len + var.len()) as u32;
                    var.extend_from_slice(s.as_bytes());
                    var.push(0);
                    fixed.extend_from_slice(&at.to_le_bytes());
                    fixed.extend_from_slice(&((s.len() + 1) as u32).to_le_bytes());
                }
            }
        }
        assert_eq!(fixed.len(), fixed_len);
        build(pdu, &fixed, &var)
    }

    #[test]
    fn pairs_requests_and_responses_and_collects_info() {
        let mut dec = Decoder::new();
        let mut out = Output::default();
        let open = with_strings(
            16,
            &[Some(4), None, Some(0), Some(0), Some(0), Some(0)],
            &["SEP001122334455"],
            28,
        );
        dec.on_data(Direction::ToServer, &open, &ctx(5, 1000), &mut out);
        let resp = build(17, &words(&[4, 0, 1, 38]), &[]);
        let ins = build(112, &words(&[1, 38, 1, 0, 0, 0, 0, 0]), &[]);
        let mut both = resp.clone();
        both.extend_from_slice(&ins);
        dec.on_data(Direction::ToClient, &both, &ctx(6, 1012), &mut out);
        assert_eq!(decoded(&out).len(), 3);
        let decoded_out = decoded(&out);
        let r = &decoded_out[1];
        assert_eq!(r.name, "DeviceOpenResponse");
        assert_eq!(r.request_frame, Some(5));
        assert!((r.latency_ms.unwrap() - 12.0).abs() < 1e-9);
        assert_eq!(r.stream_offset, 0);
        assert_eq!(decoded(&out)[2].stream_offset, resp.len() as u64);
        assert_eq!(decoded(&out)[0].raw, open);
        let info = dec.session_info();
        assert_eq!(info["devices"][0]["name"], json!("SEP001122334455"));
        assert_eq!(info["devices"][0]["handle"], json!("1|38"));
        assert_eq!(info["devices"][0]["in_service"], json!(true));
        assert_eq!(info["counts"]["requests"], json!(1));
        assert_eq!(info["counts"]["responses"], json!(1));
        assert_eq!(info["counts"]["events"], json!(1));
        assert_eq!(info["unanswered_request_count"], json!(0));
    }

    #[test]
    fn byte_by_byte_equals_whole() {
        let a = with_strings(
            43,
            &[
                Some(9),
                Some(1),
                Some(144),
                Some(1),
                Some(5001),
                None,
                None,
                Some(0x66),
                Some(0),
                None,
                Some(0),
                Some(1),
            ],
            &["1001", "1002", ""],
            60,
        );
        let b = build(120, &[], &[]);
        let mut stream = a.clone();
        stream.extend_from_slice(&b);
        stream.extend_from_slice(&a);
        let mut whole = Decoder::new();
        let mut out1 = Output::default();
        whole.on_data(Direction::ToServer, &stream, &ctx(1, 0), &mut out1);
        let mut bytes = Decoder::new();
        let mut out2 = Output::default();
        for (i, byte) in stream.iter().enumerate() {
            bytes.on_data(
                Direction::ToServer,
                std::slice::from_ref(byte),
                &ctx(i as u64 + 1, 0),
                &mut out2,
            );
        }
        assert_eq!(decoded(&out1).len(), 3);
        assert_eq!(decoded(&out2).len(), 3);
        for (x, y) in decoded(&out1).iter().zip(&decoded(&out2)) {
            assert_eq!(x.fields, y.fields);
            assert_eq!(x.stream_offset, y.stream_offset);
            assert_eq!(x.summary, y.summary);
        }
        assert_eq!(
            decoded(&out1)[0].summary,
            "LineCallInitiateRequest seq 9 1001 → 1002"
        );
        assert_eq!(decoded(&out1)[1].name, "Heartbeat");
        // The same seq twice: one tracked request, both unanswered.
        assert_eq!(whole.session_info()["unanswered_request_count"], json!(1));
        assert_eq!(whole.session_info()["counts"]["heartbeats"], json!(1));
    }

    #[test]
    fn gap_and_corruption_become_events_and_decoding_goes_on() {
        let mut dec = Decoder::new();
        let mut out = Output::default();
        let a = build(67, &words(&[10, 0]), &[]);
        dec.on_data(Direction::ToClient, &a[..20], &ctx(1, 0), &mut out);
        dec.on_gap(Direction::ToClient, 100, &ctx(2, 0), &mut out);
        dec.on_data(Direction::ToClient, &[0u8; 7], &ctx(3, 0), &mut out);
        dec.on_data(Direction::ToClient, &a, &ctx(4, 0), &mut out);
        let kinds: Vec<&str> = out.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, vec!["ctiqbe.gap", "ctiqbe.resync"]);
        assert_eq!(decoded(&out).len(), 1);
        assert_eq!(decoded(&out)[0].frame, 4);
        assert_eq!(decoded(&out)[0].stream_offset, 20 + 100 + 7);
        // A response to a request never seen is counted, not paired.
        assert_eq!(
            dec.session_info()["counts"]["unmatched_responses"],
            json!(1)
        );
    }

    #[test]
    fn provider_open_failure_and_close() {
        let mut dec = Decoder::new();
        let mut out = Output::default();
        let mut fixed = words(&[0x8CCC_011F, 1]);
        fixed.extend_from_slice(&[0; 72]);
        dec.on_data(
            Direction::ToServer,
            &build(9, &words(&[7]), &[]),
            &ctx(1, 0),
            &mut out,
        );
        dec.on_data(
            Direction::ToClient,
            &build(126, &fixed, &[]),
            &ctx(2, 0),
            &mut out,
        );
        dec.on_close(&ctx(3, 0), &mut out);
        dec.on_close(&ctx(3, 0), &mut out);
        let info = dec.session_info();
        assert_eq!(info["provider"]["state"], json!("failed"));
        assert_eq!(info["provider"]["open_reason"], json!(0x8CCC_011Fu32));
        assert_eq!(
            info["provider"]["open_reason_meaning"],
            json!("Directory login failed - locked due to too many attempts")
        );
        assert_eq!(info["closed_by"], json!("client: ProviderCloseRequest"));
        assert_eq!(
            info["unanswered_requests"][0]["name"],
            json!("ProviderCloseRequest")
        );
        assert!(
            decoded(&out)[1].summary.contains("reason 0x8CCC011F"),
            "{}",
            decoded(&out)[1].summary
        );
    }

    #[test]
    fn tracked_requests_are_bounded() {
        let mut dec = Decoder::new();
        let mut out = Output::default();
        for seq in 0..(Limits::default().ctiqbe_max_tracked_requests as u32 + 10) {
            dec.on_data(
                Direction::ToServer,
                &build(127, &words(&[seq]), &[]),
                &ctx(1, 0),
                &mut out,
            );
        }
        assert_eq!(dec.requests.len(), Limits::default().ctiqbe_max_tracked_requests);
        let info = dec.session_info();
        assert_eq!(
            info["unanswered_request_count"],
            json!(Limits::default().ctiqbe_max_tracked_requests as u64 + 10)
        );
        assert_eq!(info["limits_hit"], json!(["tracked requests"]));
        assert_eq!(
            out.events
                .iter()
                .filter(|e| e.kind == "ctiqbe.limit")
                .count(),
            1
        );
    }

    /// Deterministic pseudo-random streams (valid frames of every PDU with random fixed
    /// parts, corrupted bytes, garbage, gaps, random chunking) never panic, including on
    /// arithmetic overflow in this debug build.
    #[test]
    fn random_streams_never_panic() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..2000 {
            let mut dec = Decoder::new();
            let mut out = Output::default();
            let mut stream = Vec::new();
            for _ in 0..(rnd() % 12) {
                let pdu = (rnd() % 330) as u32;
                let fixed_len = (rnd() % 160) as usize & !3;
                let mut fixed: Vec<u8> = (0..fixed_len).map(|_| rnd() as u8).collect();
                // Small offsets so references often land inside the frame.
                for w in fixed.chunks_mut(4) {
                    if rnd() % 2 == 0 {
                        let v = (rnd() % 300) as u32;
                        w.copy_from_slice(&v.to_le_bytes());
                    }
                }
                let var: Vec<u8> = (0..(rnd() % 200)).map(|_| rnd() as u8).collect();
                let mut f = build(pdu, &fixed, &var);
                if rnd() % 5 == 0 {
                    let i = (rnd() as usize) % f.len();
                    f[i] ^= 1 << (rnd() % 8);
                }
                if rnd() % 7 == 0 {
                    stream.extend((0..(rnd() % 50)).map(|_| rnd() as u8));
                }
                stream.extend_from_slice(&f);
            }
            let mut pos = 0;
            while pos < stream.len() {
                let dir = if rnd() % 2 == 0 {
                    Direction::ToServer
                } else {
                    Direction::ToClient
                };
                let n = 1 + (rnd() as usize) % 97;
                let end = (pos + n).min(stream.len());
                if rnd() % 23 == 0 {
                    dec.on_gap(dir, rnd() % 64, &ctx(round, 0), &mut out);
                }
                dec.on_data(dir, &stream[pos..end], &ctx(round, 0), &mut out);
                pos = end;
            }
            dec.on_close(&ctx(round, 0), &mut out);
            let _ = dec.session_info();
            for m in &decoded(&out) {
                assert_eq!(m.len as usize, m.raw.len());
                for s in &m.spans {
                    assert!(s.start <= s.end && s.end as usize <= m.raw.len(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn wrong_direction_is_reported() {
        let mut dec = Decoder::new();
        let mut out = Output::default();
        dec.on_data(
            Direction::ToClient,
            &build(127, &words(&[2]), &[]),
            &ctx(1, 0),
            &mut out,
        );
        assert_eq!(out.events[0].kind, "ctiqbe.unexpected_direction");
    }

    /// NewCallEvent / ExistingCallEvent with the fields up to callID, calling and called party
    /// (the rest default: a shorter fixed part, the versioning rule).
    fn call_event(pdu: u32, leg: u32, gcid: u32, calling: &str, called: &str) -> Vec<u8> {
        use crate::synth::ctiqbe::{Frame, Slots};
        Frame::new(pdu)
            .u32(1)
            .u32(144)
            .bool(true)
            .str(Some("SEP001122334455"))
            .u32(1)
            .u32(leg)
            .u32(1)
            .u32(gcid)
            .str(Some(calling))
            .str(Some(called))
            .build()
    }

    /// A call that existed before the application started keeps one identity through a global
    /// call handle change: both of its legs follow, the old handle is kept, the leg's CallLeg
    /// key is the new handle.
    #[test]
    fn existing_call_and_global_call_handle_change() {
        use crate::synth::ctiqbe::{Frame, Slots};
        let changed = Frame::new(88)
            .u32(1)
            .u32(144)
            .u32(1)
            .u32(9001)
            .u32(1)
            .u32(5305)
            .u32(10)
            .str(Some("1005"))
            .build();
        let mut dec = Decoder::new();
        run(
            &mut dec,
            &[
                (false, call_event(49, 9001, 5301, "1001", "1002")),
                (false, call_event(48, 9002, 5301, "1001", "1002")),
                (false, call_event(48, 9003, 5399, "1003", "1004")),
                (false, changed),
            ],
        );
        let info = dec.info();
        let by_leg = |leg: &str| info.calls.iter().find(|c| c.leg == leg).unwrap();
        let first = by_leg("1|9001");
        assert!(first.existing);
        assert_eq!(first.global_call_id.as_deref(), Some("1|5305"));
        assert_eq!(first.former_global_call_ids, ["1|5301"]);
        assert_eq!(first.calling.as_deref(), Some("1005"));
        assert_eq!(first.to_leg().key, "1|5305");
        let second = by_leg("1|9002");
        assert!(!second.existing);
        assert_eq!(second.global_call_id.as_deref(), Some("1|5305"));
        assert_eq!(second.former_global_call_ids, ["1|5301"]);
        // Another call is left alone.
        assert_eq!(by_leg("1|9003").global_call_id.as_deref(), Some("1|5399"));
        assert!(by_leg("1|9003").former_global_call_ids.is_empty());
    }

    /// Media streams are capped per call leg, and reaching the cap is reported.
    #[test]
    fn media_streams_per_call_are_capped() {
        use crate::synth::ctiqbe::{Frame, Slots};
        let start = |port: u32| {
            Frame::new(90)
                .u32(1)
                .u32(38)
                .u32(1)
                .u32(9001)
                .u32(u32::from_le_bytes([10, 0, 0, 1]))
                .u32(port)
                .u32(20)
                .u32(4)
                .build()
        };
        let messages: Vec<(bool, Vec<u8>)> =
            (0..40).map(|i| (false, start(20000 + i))).collect();
        let mut dec = Decoder::new();
        let out = run(&mut dec, &messages);
        let info = dec.info();
        assert_eq!(info.calls[0].media.len(), MAX_MEDIA_PER_CALL);
        assert_eq!(info.calls[0].media[0].address, "10.0.0.1:20000");
        assert_eq!(info.calls[0].media[0].role, "receive");
        assert!(info.limits_hit.contains(&"media streams per call"));
        assert!(out.events.iter().any(|e| e.kind == "ctiqbe.limit"));
    }
}
