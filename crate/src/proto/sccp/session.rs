//! Per-connection SCCP state: frames both directions ([`super::frame`]), decodes each message
//! ([`super::decode`]), pairs responses with their requests, and collects what each phone
//! registration established (device, user, model, address, lines, calls) for the report.
//!
//! Sessions: one per phone registration. Slot 0 is the connection's first; a second
//! RegisterReq on the same connection (a phone re-registering) opens a new slot, up to
//! [`Limits::sccp_max_sessions_per_flow`].
//!
//! Pairing: Skinny has no sequence numbers; a response answers the oldest unanswered request
//! of its kind sent the other way ([`super::schema::answers`]), as Wireshark pairs them.
//!
//! Calls: keyed `callReference@lineInstance`; CallInfo gives the parties, CallState the states
//! with times, OpenReceiveChannelAck (receive) and StartMediaTransmission (send) the media
//! endpoints (those carry no line instance: they join the call with that reference).
//! KeypadButton digits are appended to their call; those pressed while the call is connected
//! are only counted here, with their frames, since they may be PINs (SCCP-DIGITS-EXPOSED).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use super::decode::{decode_message, display_name, kp_digit, Decoded};
use super::frame::{Framer, FramerItem};
use super::schema::{self, MessageId};
use super::values;
use crate::limits::Limits;
use crate::model::{ns_to_secs, CallLeg, Direction, EventKind, MediaEndpoint, Message, Party, Protocol, StateChange};
use crate::proto::{FlowDecoder, Output, PacketCtx};
use crate::store::{CompactMessage, Entry};

/// Call states remembered per call.
pub const MAX_STATES_PER_CALL: usize = 64;
/// Media endpoints remembered per call.
pub const MAX_MEDIA_PER_CALL: usize = 16;
/// Digits remembered per call, and frames of digits pressed in a connected call.
pub const MAX_DIGITS_PER_CALL: usize = 64;
/// Longest text kept from a field in the session info (characters).
pub const MAX_INFO_TEXT_LEN: usize = 128;

/// A kept message decoded again from its bytes (see [`crate::store`]).
pub fn message_from_bytes(e: &Entry, raw: &[u8]) -> Message {
    let d = decode_message(raw);
    let mut m = message_of(d, e.direction, e.frame, e.ts_ns, e.stream_offset, raw.to_vec());
    m.session = e.session;
    m.request_frame = e.request_frame();
    m.latency_ms = e.latency_ms();
    m
}

/// The message name for the message table, without decoding.
pub fn entry_name(e: &Entry, _raw: &[u8]) -> Cow<'static, str> {
    display_name(e.pdu)
}

fn message_of(d: Decoded, direction: Direction, frame: u64, ts_ns: i64, stream_offset: u64, raw: Vec<u8>) -> Message {
    Message {
        session: 0,
        protocol: Protocol::Sccp,
        direction,
        frame,
        time: ns_to_secs(ts_ns),
        pdu: d.id,
        name: d.name,
        fields: d.fields,
        spans: d.spans,
        summary: d.summary,
        stream_offset,
        len: u32::try_from(raw.len()).unwrap_or(u32::MAX),
        seq: None,
        request_frame: None,
        latency_ms: None,
        errors: d.errors,
        raw,
    }
}

fn clip(s: &str) -> String {
    s.chars().take(MAX_INFO_TEXT_LEN).collect()
}

fn some_text(d: &Decoded, key: &str) -> Option<String> {
    d.text(key).map(clip)
}

/// One line of the phone (LineStatRes).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LineInfo {
    pub line_number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub frame: u64,
}

/// One call of a registration: the shared [`CallLeg`] and what Skinny adds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Call {
    #[serde(flatten)]
    pub leg: CallLeg,
    pub call_reference: u32,
    pub line_instance: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_type: Option<&'static str>,
    /// DialedNumber, as the CM echoed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialed_number: Option<String>,
    /// KeypadButton digits pressed before the call was connected (the number being dialled).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub digits: String,
    /// KeypadButton presses while the call was connected (PINs, account numbers): counted,
    /// their values left out of the report (the messages hold them).
    pub digits_in_call: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub digits_in_call_frames: Vec<u64>,
    /// The last CallState value (Wireshark's callState numbers).
    #[serde(skip)]
    pub state: Option<u32>,
}

/// What one phone registration established: the report's `sessions[].info`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SessionInfo {
    /// Always "sccp".
    pub protocol: &'static str,
    pub device_name: Option<String>,
    /// The station user id (RegisterReq `sid.reserved_for_future_use`), when not 0.
    pub user_id: Option<u32>,
    pub protocol_version: Option<u32>,
    /// The header version of the phone's messages (0 basic, 0x11 V17...).
    pub header_version: Option<u32>,
    pub device_type: Option<u32>,
    pub device_model: Option<&'static str>,
    pub phone_ip: Option<String>,
    pub register_frame: Option<u64>,
    /// `ack` or `reject`.
    pub register_result: Option<&'static str>,
    pub register_reject_text: Option<String>,
    pub keepalive_interval_s: Option<u32>,
    pub max_protocol_version: Option<u32>,
    pub keepalives: u64,
    pub keepalive_acks: u64,
    pub unregistered: bool,
    pub lines: Vec<LineInfo>,
    pub calls: Vec<Call>,
    pub messages: u64,
    pub messages_with_errors: u64,
    pub unmatched_responses: u64,
    pub limits_hit: Vec<&'static str>,
}

impl SessionInfo {
    /// What the page's Sessions view shows of this registration, in order.
    pub fn facts(&self) -> Vec<crate::report::Fact> {
        use crate::report::{listing, Fact};
        let mut facts = Vec::new();
        if let Some(d) = &self.device_name {
            facts.push(Fact::new("device", d.clone()));
        }
        if let Some(m) = self.device_model {
            facts.push(Fact::new("model", m));
        }
        if let Some(ip) = &self.phone_ip {
            facts.push(Fact::new("phone ip", ip.clone()));
        }
        if let Some(u) = self.user_id {
            facts.push(Fact::new("user id", u.to_string()));
        }
        if let Some(v) = self.protocol_version {
            facts.push(Fact::new("protocol", v.to_string()));
        }
        if let Some(r) = self.register_result {
            facts.push(Fact::new("registration", r));
        }
        if !self.lines.is_empty() {
            facts.push(Fact::new("lines", listing(self.lines.iter().map(|l| l.directory_number.as_deref().unwrap_or("")), self.lines.len())));
        }
        if !self.calls.is_empty() {
            facts.push(Fact::new("calls", self.calls.len().to_string()));
        }
        facts.push(Fact::new("keepalives", self.keepalives.to_string()));
        facts
    }
}

#[derive(Debug, Default)]
struct Slot {
    info: SessionInfo,
    calls: BTreeMap<(u32, u32), Call>,
    lines: BTreeMap<u32, LineInfo>,
    registered: bool,
    /// The call the phone's last CallState was about (KeypadButton without a reference).
    last_call: Option<(u32, u32)>,
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    id: u32,
    dir: Direction,
    frame: u64,
    ts_ns: i64,
    /// OpenReceiveChannel's codec, for the endpoint its Ack announces.
    codec: Option<u32>,
}

/// One SCCP connection.
#[derive(Debug)]
pub struct Decoder {
    framers: [Framer; 2],
    slots: Vec<Slot>,
    pending: VecDeque<Pending>,
    limits: Limits,
    limits_hit: BTreeSet<&'static str>,
    scratch: Vec<FramerItem>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(&Limits::default())
    }
}

impl Decoder {
    pub fn new(limits: &Limits) -> Decoder {
        Decoder {
            framers: [Framer::new(limits.sccp_max_message_len), Framer::new(limits.sccp_max_message_len)],
            slots: vec![Slot::default()],
            pending: VecDeque::new(),
            limits: limits.clone(),
            limits_hit: BTreeSet::new(),
            scratch: Vec::new(),
        }
    }

    fn slot_index(&self) -> u32 {
        u32::try_from(self.slots.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }

    fn limit(&mut self, what: &'static str, dir: Direction, ctx: &PacketCtx, out: &mut Output) {
        if self.limits_hit.insert(what) {
            let slot = self.slot_index();
            if let Some(s) = self.slots.last_mut() {
                s.info.limits_hit.push(what);
            }
            out.event_in(slot, EventKind::SccpLimit, Some(dir), ctx.frame, format!("limit reached: {what}; further entries not kept"));
        }
    }

    fn framer(&mut self, dir: Direction) -> &mut Framer {
        match dir {
            Direction::ToServer => &mut self.framers[0],
            Direction::ToClient => &mut self.framers[1],
        }
    }

    fn drain(&mut self, dir: Direction, ctx: &PacketCtx, out: &mut Output) {
        let items = std::mem::take(&mut self.scratch);
        for item in items {
            match item {
                FramerItem::Frame { stream_offset, bytes } => self.on_message(dir, bytes, stream_offset, ctx, out),
                FramerItem::Anomaly { kind, stream_offset, detail } => {
                    let slot = self.slot_index();
                    out.event_in(slot, kind, Some(dir), ctx.frame, format!("{detail} (stream offset {stream_offset})"));
                }
            }
        }
    }

    fn on_message(&mut self, dir: Direction, raw: Vec<u8>, stream_offset: u64, ctx: &PacketCtx, out: &mut Output) {
        let d = decode_message(&raw);
        if d.id == MessageId::REGISTER_REQ.0 && self.slots.last().is_some_and(|s| s.registered) {
            if self.slots.len() < self.limits.sccp_max_sessions_per_flow {
                self.slots.push(Slot::default());
            } else {
                self.limit("sessions per connection", dir, ctx, out);
            }
        }
        let slot = self.slot_index();
        for a in &d.anomalies {
            out.event_in(slot, a.kind, Some(dir), ctx.frame, a.detail.clone());
        }
        if !d.errors.is_empty() {
            out.event_in(slot, EventKind::SccpMalformed, Some(dir), ctx.frame, format!("{}: {}", d.name, d.errors.join("; ")));
        }
        let paired = self.pair(dir, &d, ctx, out);
        self.learn(dir, &d, paired.map(|p| p.2), ctx, out);
        if let Some(s) = self.slots.last_mut() {
            s.info.messages = s.info.messages.saturating_add(1);
            if !d.errors.is_empty() {
                s.info.messages_with_errors = s.info.messages_with_errors.saturating_add(1);
            }
        }
        out.compact.push(CompactMessage {
            protocol: Protocol::Sccp,
            slot,
            direction: dir,
            has_errors: !d.errors.is_empty(),
            pdu: d.id,
            frame: ctx.frame,
            ts_ns: ctx.ts_ns,
            seq: None,
            request_frame: paired.map(|p| p.0),
            latency_ms: paired.map(|p| p.1),
            stream_offset,
            raw,
        });
    }

    /// Remembers a request, or finds the request a response answers: (its frame, the latency
    /// in ms, its codec).
    fn pair(&mut self, dir: Direction, d: &Decoded, ctx: &PacketCtx, out: &mut Output) -> Option<(u64, f64, Option<u32>)> {
        if schema::is_request(d.id) {
            if self.pending.len() >= self.limits.sccp_max_pending_requests {
                self.pending.pop_front();
                self.limit("pending requests", dir, ctx, out);
            }
            self.pending.push_back(Pending { id: d.id, dir, frame: ctx.frame, ts_ns: ctx.ts_ns, codec: d.u32("compressionType") });
            return None;
        }
        let requests = schema::answers(d.id)?;
        let pos = self.pending.iter().position(|p| p.dir != dir && requests.contains(&p.id));
        match pos.and_then(|i| self.pending.remove(i)) {
            Some(p) => Some((p.frame, ctx.ts_ns.saturating_sub(p.ts_ns) as f64 / 1e6, p.codec)),
            None => {
                if let Some(s) = self.slots.last_mut() {
                    s.info.unmatched_responses = s.info.unmatched_responses.saturating_add(1);
                }
                None
            }
        }
    }

    /// The call `(callReference, lineInstance)`, created if new and under the cap.
    fn call_mut(&mut self, key: (u32, u32), dir: Direction, ctx: &PacketCtx, out: &mut Output) -> Option<&mut Call> {
        let full = self.slots.last().is_some_and(|s| !s.calls.contains_key(&key) && s.calls.len() >= self.limits.sccp_max_calls_per_session);
        if full {
            self.limit("calls per session", dir, ctx, out);
            return None;
        }
        let slot = self.slots.last_mut()?;
        let device = slot.info.device_name.clone();
        let line = slot.lines.get(&key.1).and_then(|l| l.directory_number.clone()).or_else(|| Some(key.1.to_string()));
        let time = ns_to_secs(ctx.ts_ns);
        let call = slot.calls.entry(key).or_insert_with(|| Call {
            leg: CallLeg {
                key: format!("{}@{}", key.0, key.1),
                device,
                line,
                first_time: time,
                first_frame: ctx.frame,
                ..CallLeg::default()
            },
            call_reference: key.0,
            line_instance: key.1,
            ..Call::default()
        });
        call.leg.last_time = time;
        call.leg.last_frame = ctx.frame;
        Some(call)
    }

    /// The key of an existing call with this reference (media messages carry no line).
    fn key_of(&self, call_ref: u32) -> Option<(u32, u32)> {
        self.slots.last()?.calls.keys().find(|k| k.0 == call_ref).copied()
    }

    fn learn(&mut self, dir: Direction, d: &Decoded, request_codec: Option<Option<u32>>, ctx: &PacketCtx, out: &mut Output) {
        let call_ref = d.u32("callReference").filter(|&c| c != 0);
        let line = d.u32("lineInstance").unwrap_or(0);
        match MessageId(d.id) {
            MessageId::REGISTER_REQ => {
                let Some(s) = self.slots.last_mut() else { return };
                s.registered = true;
                let i = &mut s.info;
                i.device_name = d.nested_str("sid", "DeviceName").filter(|x| !x.is_empty()).map(clip);
                i.user_id = d.fields.get("sid").and_then(|s| s.get("reserved_for_future_use")).and_then(|v| v.as_u64()).and_then(|v| u32::try_from(v).ok()).filter(|&v| v != 0);
                i.phone_ip = d.text("stationIpAddr").map(str::to_string);
                i.device_type = d.u32("deviceType");
                i.device_model = i.device_type.and_then(|t| schema::lookup(values::DEVICE_TYPE, t));
                i.protocol_version = d.u32("protocolVer");
                i.header_version = Some(d.hdr_version);
                i.register_frame = Some(ctx.frame);
            }
            MessageId::REGISTER_ACK => {
                let Some(s) = self.slots.last_mut() else { return };
                s.info.register_result = Some("ack");
                s.info.keepalive_interval_s = d.u32("keepAliveInterval");
                s.info.max_protocol_version = d.u32("maxProtocolVer");
            }
            MessageId::REGISTER_REJECT => {
                let Some(s) = self.slots.last_mut() else { return };
                s.info.register_result = Some("reject");
                s.info.register_reject_text = some_text(d, "text");
            }
            MessageId::KEEP_ALIVE_REQ => {
                if let Some(s) = self.slots.last_mut() {
                    s.info.keepalives = s.info.keepalives.saturating_add(1);
                }
            }
            MessageId::KEEP_ALIVE_ACK => {
                if let Some(s) = self.slots.last_mut() {
                    s.info.keepalive_acks = s.info.keepalive_acks.saturating_add(1);
                }
            }
            MessageId::UNREGISTER_ACK | MessageId::UNREGISTER_REQ => {
                if let Some(s) = self.slots.last_mut() {
                    s.info.unregistered = true;
                }
            }
            MessageId::LINE_STAT_RES => {
                let Some(n) = d.u32("lineNumber") else { return };
                let full = self.slots.last().is_some_and(|s| !s.lines.contains_key(&n) && s.lines.len() >= self.limits.sccp_max_lines_per_session);
                if full {
                    self.limit("lines per session", dir, ctx, out);
                    return;
                }
                if let Some(s) = self.slots.last_mut() {
                    s.lines.insert(
                        n,
                        LineInfo {
                            line_number: n,
                            directory_number: some_text(d, "lineDirNumber"),
                            display_name: some_text(d, "lineFullyQualifiedDisplayName"),
                            label: some_text(d, "lineTextLabel"),
                            frame: ctx.frame,
                        },
                    );
                }
            }
            MessageId::CALL_INFO | MessageId::CALL_INFO_V2 => {
                let Some(c) = call_ref else { return };
                let Some(call) = self.call_mut((c, line), dir, ctx, out) else { return };
                let party = |num: &str, name: &str| Party { number: some_text(d, num), name: some_text(d, name) };
                call.leg.calling = party("callingParty", "callingPartyName");
                call.leg.called = party("calledParty", "calledPartyName");
                call.leg.redirecting = [party("originalCalledParty", "originalCalledPartyName"), party("lastRedirectingParty", "lastRedirectingPartyName")]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect();
                call.call_type = d.u32("callType").and_then(|t| schema::lookup(values::CALL_TYPE, t));
            }
            MessageId::CALL_STATE => {
                let (Some(c), Some(st)) = (call_ref, d.u32("callState")) else { return };
                let Some(call) = self.call_mut((c, line), dir, ctx, out) else { return };
                call.state = Some(st);
                if call.leg.states.len() < MAX_STATES_PER_CALL {
                    let state = schema::lookup(values::CALL_STATE_VALUES, st).map_or_else(|| format!("Unknown ({st})"), str::to_string);
                    call.leg.states.push(StateChange { state, time: ns_to_secs(ctx.ts_ns), frame: ctx.frame });
                }
                if st == 2 {
                    call.leg.end_cause = Some("OnHook".to_string());
                }
                if let Some(s) = self.slots.last_mut() {
                    s.last_call = Some((c, line));
                }
            }
            MessageId::DIALED_NUMBER => {
                let Some(c) = call_ref else { return };
                let number = some_text(d, "dialedNumber");
                if let Some(call) = self.call_mut((c, line), dir, ctx, out) {
                    call.dialed_number = number;
                }
            }
            MessageId::KEYPAD_BUTTON => {
                let Some(digit) = d.u32("kpButton").and_then(kp_digit) else { return };
                let key = match call_ref {
                    Some(c) => self.key_of(c).or(Some((c, line))),
                    None => self.slots.last().and_then(|s| s.last_call),
                };
                let Some(key) = key else { return };
                let Some(call) = self.call_mut(key, dir, ctx, out) else { return };
                if call.state == Some(5) {
                    call.digits_in_call = call.digits_in_call.saturating_add(1);
                    if call.digits_in_call_frames.len() < MAX_DIGITS_PER_CALL {
                        call.digits_in_call_frames.push(ctx.frame);
                    }
                } else if call.digits.len() < MAX_DIGITS_PER_CALL {
                    call.digits.push(digit);
                }
            }
            MessageId::OPEN_RECEIVE_CHANNEL_ACK | MessageId::START_MEDIA_TRANSMISSION => {
                let (ip, port, role, codec) = if d.id == MessageId::START_MEDIA_TRANSMISSION.0 {
                    (d.str("remoteIpAddr"), d.u32("remotePortNumber"), "send", d.u32("compressionType"))
                } else {
                    (d.str("ipAddr"), d.u32("portNumber"), "receive", request_codec.flatten())
                };
                let (Some(ip), Some(port)) = (ip, port) else { return };
                let address = if ip.contains(':') { format!("[{ip}]:{port}") } else { format!("{ip}:{port}") };
                let codec = codec.and_then(|c| schema::lookup(values::COMPRESSION_TYPE, c)).map(|n| n.trim_start_matches("Media_Payload_").to_string());
                // Older phones' messages end before callReference: the conference id is the
                // call reference there, else the call of the last CallState.
                let key = match call_ref {
                    Some(c) => self.key_of(c).unwrap_or((c, 0)),
                    None => match d.u32("conferenceId").and_then(|c| self.key_of(c)).or_else(|| self.slots.last().and_then(|s| s.last_call)) {
                        Some(k) => k,
                        None => return,
                    },
                };
                let Some(call) = self.call_mut(key, dir, ctx, out) else { return };
                if call.leg.media.len() < MAX_MEDIA_PER_CALL {
                    call.leg.media.push(MediaEndpoint { address, role, codec, frame: ctx.frame });
                }
            }
            _ => {}
        }
    }

    fn info_of(slot: &Slot) -> SessionInfo {
        let mut info = slot.info.clone();
        info.protocol = "sccp";
        info.lines = slot.lines.values().cloned().collect();
        info.calls = slot.calls.values().cloned().collect();
        info
    }
}

impl FlowDecoder for Decoder {
    fn calls_since(&self) -> Option<f64> {
        self.slots
            .iter()
            .flat_map(|s| s.calls.values())
            .map(|c| c.leg.first_time)
            .min_by(f64::total_cmp)
    }

    fn protocol(&self) -> Protocol {
        Protocol::Sccp
    }

    fn on_data(&mut self, dir: Direction, data: &[u8], ctx: &PacketCtx, out: &mut Output) {
        let mut items = std::mem::take(&mut self.scratch);
        self.framer(dir).push(data, &mut items);
        self.scratch = items;
        self.drain(dir, ctx, out);
    }

    fn on_gap(&mut self, dir: Direction, missing_len: u64, ctx: &PacketCtx, out: &mut Output) {
        let mut items = std::mem::take(&mut self.scratch);
        self.framer(dir).gap(missing_len, &mut items);
        self.scratch = items;
        self.drain(dir, ctx, out);
    }

    fn on_close(&mut self, ctx: &PacketCtx, out: &mut Output) {
        for dir in [Direction::ToServer, Direction::ToClient] {
            let mut items = std::mem::take(&mut self.scratch);
            self.framer(dir).finish(&mut items);
            self.scratch = items;
            self.drain(dir, ctx, out);
        }
    }

    fn sessions(&self) -> Vec<crate::report::SessionInfo> {
        self.slots.iter().map(|s| crate::report::SessionInfo::Sccp(Box::new(Decoder::info_of(s)))).collect()
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
pub(crate) mod tests {
    use super::super::decode::tests::register_req;
    use super::super::frame::tests::{build, words};
    use super::*;

    fn ctx(frame: u64, ms: i64) -> PacketCtx {
        PacketCtx { frame, ts_ns: 1_700_000_000_000_000_000 + ms * 1_000_000, wire_len: 100 }
    }

    fn text_n(s: &str, n: usize) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.resize(n, 0);
        v
    }

    /// A phone's conversation: (to server?, message).
    pub(crate) fn conversation() -> Vec<(bool, Vec<u8>)> {
        let mut call_info = text_n("Alice", 40);
        call_info.extend(text_n("1001", 24));
        call_info.extend(text_n("Bob", 40));
        call_info.extend(text_n("1002", 24));
        call_info.extend(words(&[1, 77, 2]));
        let mut line = words(&[1]);
        line.extend(text_n("1001", 24));
        line.extend(text_n("Alice Example", 40));
        line.extend(text_n("1001", 40));
        let mut orca = words(&[0]);
        orca.extend([10, 0, 0, 5]);
        orca.extend(words(&[16384, 1, 77]));
        let mut smt = words(&[77, 1]);
        smt.extend([10, 0, 0, 9]);
        smt.extend(words(&[20000, 20, 4]));
        vec![
            (true, register_req("SEP001122334455", [10, 0, 0, 5], 0)),
            (false, build(0, 0x81, &[words(&[30]), text_n("D/M/Y", 6), vec![0, 0], words(&[60]), vec![17, 0, 0, 0]].concat())),
            (false, build(0, 0x9b, &[])),
            (true, build(0, 0x10, &words(&[1, 4, 20, 0, 0]))),
            (true, build(0, 0x0b, &words(&[1]))),
            (false, build(0, 0x92, &line)),
            (true, build(0, 0, &[])),
            (false, build(0, 0x100, &[])),
            (true, build(0, 6, &words(&[1, 0]))),
            (false, build(0, 0x111, &words(&[1, 1, 77]))),
            (true, build(0, 3, &words(&[1, 1, 77]))),
            (true, build(0, 3, &words(&[0, 1, 77]))),
            (true, build(0, 3, &words(&[0, 1, 77]))),
            (true, build(0, 3, &words(&[2, 1, 77]))),
            (false, build(0, 0x11d, &[text_n("1002", 24), words(&[1, 77])].concat())),
            (false, build(0, 0x8f, &call_info)),
            (false, build(0, 0x111, &words(&[5, 1, 77]))),
            (false, build(0, 0x105, &words(&[77, 1, 20, 4, 0, 0, 77]))),
            (true, build(0, 0x22, &orca)),
            (false, build(0, 0x8a, &smt)),
            (true, build(0, 3, &words(&[4, 1, 77]))),
            (true, build(0, 3, &words(&[2, 1, 77]))),
            (false, build(0, 0x111, &words(&[2, 1, 77]))),
        ]
    }

    pub(crate) fn run(dec: &mut Decoder, msgs: &[(bool, Vec<u8>)]) -> Output {
        let mut out = Output::default();
        for (i, (to_server, m)) in msgs.iter().enumerate() {
            let dir = if *to_server { Direction::ToServer } else { Direction::ToClient };
            dec.on_data(dir, m, &ctx(i as u64 + 1, i as i64 * 10), &mut out);
        }
        out
    }

    fn info(dec: &Decoder, slot: usize) -> SessionInfo {
        match &dec.sessions()[slot] {
            crate::report::SessionInfo::Sccp(i) => (**i).clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn registration_call_and_pairing() {
        let mut dec = Decoder::default();
        let out = run(&mut dec, &conversation());
        assert!(out.events.is_empty(), "{:?}", out.events);
        let i = info(&dec, 0);
        assert_eq!(i.protocol, "sccp");
        assert_eq!(i.device_name.as_deref(), Some("SEP001122334455"));
        assert_eq!(i.device_model, Some("Cisco 7940"));
        assert_eq!(i.phone_ip.as_deref(), Some("10.0.0.5"));
        assert_eq!(i.protocol_version, Some(5));
        assert_eq!(i.register_result, Some("ack"));
        assert_eq!(i.keepalive_interval_s, Some(30));
        assert_eq!((i.keepalives, i.keepalive_acks), (1, 1));
        assert_eq!(i.lines.len(), 1);
        assert_eq!(i.lines[0].directory_number.as_deref(), Some("1001"));
        assert_eq!(i.calls.len(), 1);
        let c = &i.calls[0];
        assert_eq!(c.leg.key, "77@1");
        assert_eq!(c.leg.line.as_deref(), Some("1001"));
        assert_eq!(c.leg.device.as_deref(), Some("SEP001122334455"));
        assert_eq!(c.leg.calling.number.as_deref(), Some("1001"));
        assert_eq!(c.leg.called.name.as_deref(), Some("Bob"));
        assert_eq!(c.digits, "1002");
        assert_eq!(c.dialed_number.as_deref(), Some("1002"));
        assert_eq!(c.digits_in_call, 2);
        assert_eq!(c.digits_in_call_frames, vec![21, 22]);
        let states: Vec<&str> = c.leg.states.iter().map(|s| s.state.as_str()).collect();
        assert_eq!(states, ["OffHook", "Connected", "OnHook"]);
        assert_eq!(c.leg.end_cause.as_deref(), Some("OnHook"));
        assert_eq!(c.leg.media.len(), 2);
        assert_eq!(c.leg.media[0].address, "10.0.0.5:16384");
        assert_eq!(c.leg.media[0].role, "receive");
        assert_eq!(c.leg.media[0].codec.as_deref(), Some("G711Ulaw64k"));
        assert_eq!((c.leg.media[1].address.as_str(), c.leg.media[1].role), ("10.0.0.9:20000", "send"));
        // Pairing: RegisterAck ← RegisterReq, CapabilitiesRes ← CapabilitiesReq (server asks),
        // LineStatRes, KeepAliveAck, OpenReceiveChannelAck.
        let by_frame = |f: u64| out.compact.iter().find(|m| m.frame == f).unwrap();
        assert_eq!(by_frame(2).request_frame, Some(1));
        assert_eq!(by_frame(2).latency_ms, Some(10.0));
        assert_eq!(by_frame(4).request_frame, Some(3));
        assert_eq!(by_frame(6).request_frame, Some(5));
        assert_eq!(by_frame(8).request_frame, Some(7));
        assert_eq!(by_frame(19).request_frame, Some(18));
        assert_eq!(i.unmatched_responses, 0);
        assert!(out.compact.iter().all(|m| m.slot == 0 && m.protocol == Protocol::Sccp));
        // The kept message decodes again to the same summary.
        let m = by_frame(11).decode().unwrap();
        assert_eq!(m.name, "KeypadButton");
        assert_eq!(m.summary, "KeypadButton 1 line 1 call 77");
    }

    #[test]
    fn second_register_opens_a_new_session() {
        let mut dec = Decoder::default();
        let mut msgs = conversation();
        msgs.push((true, register_req("SEP001122334455", [10, 0, 0, 6], 0)));
        msgs.push((false, build(0, 0x9d, &text_n("Unknown device", 32))));
        let out = run(&mut dec, &msgs);
        assert_eq!(dec.sessions().len(), 2);
        let second = info(&dec, 1);
        assert_eq!(second.phone_ip.as_deref(), Some("10.0.0.6"));
        assert_eq!(second.register_result, Some("reject"));
        assert_eq!(second.register_reject_text.as_deref(), Some("Unknown device"));
        assert!(second.calls.is_empty());
        assert_eq!(out.compact.last().unwrap().slot, 1);
        assert_eq!(out.compact.last().unwrap().request_frame, Some(24));
    }

    #[test]
    fn byte_by_byte_equals_whole() {
        let msgs = conversation();
        let mut whole = Decoder::default();
        let a = run(&mut whole, &msgs);
        let mut split = Decoder::default();
        let mut b = Output::default();
        for (i, (to_server, m)) in msgs.iter().enumerate() {
            let dir = if *to_server { Direction::ToServer } else { Direction::ToClient };
            for byte in m.chunks(1) {
                split.on_data(dir, byte, &ctx(i as u64 + 1, i as i64 * 10), &mut b);
            }
        }
        assert_eq!(a.compact, b.compact);
        assert_eq!(whole.sessions(), split.sessions());
    }

    #[test]
    fn limits_are_reported_once() {
        let limits = Limits { sccp_max_calls_per_session: 2, ..Limits::default() };
        let mut dec = Decoder::new(&limits);
        let msgs: Vec<(bool, Vec<u8>)> = (1..=5).map(|c| (false, build(0, 0x111, &words(&[1, 1, c])))).collect();
        let out = run(&mut dec, &msgs);
        assert_eq!(info(&dec, 0).calls.len(), 2);
        let limit_events: Vec<_> = out.events.iter().filter(|e| e.kind == EventKind::SccpLimit).collect();
        assert_eq!(limit_events.len(), 1);
        assert_eq!(info(&dec, 0).limits_hit, vec!["calls per session"]);
    }

    #[test]
    fn garbage_gaps_and_malformed_become_events() {
        let mut dec = Decoder::default();
        let mut out = Output::default();
        dec.on_data(Direction::ToServer, &[0xff; 30], &ctx(1, 0), &mut out);
        dec.on_data(Direction::ToServer, &build(0, 0, &[]), &ctx(2, 0), &mut out);
        dec.on_gap(Direction::ToServer, 10, &ctx(3, 0), &mut out);
        dec.on_data(Direction::ToServer, &build(0, 3, &[1, 0]), &ctx(4, 0), &mut out);
        dec.on_data(Direction::ToServer, &build(0, 0x8d, &[]), &ctx(5, 0), &mut out);
        dec.on_data(Direction::ToServer, &build(0, 0, &[])[..5], &ctx(6, 0), &mut out);
        dec.on_close(&ctx(7, 0), &mut out);
        let kinds: Vec<&str> = out.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["sccp.bad_length", "sccp.resync", "sccp.gap", "sccp.resync", "sccp.malformed", "sccp.unknown_message", "sccp.truncated"]
        );
        assert_eq!(out.compact.len(), 3);
    }

    #[test]
    fn random_streams_never_panic() {
        let mut seed = 0x1234_5678_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let msgs = conversation();
        for _ in 0..200 {
            let mut dec = Decoder::default();
            let mut out = Output::default();
            for (to_server, m) in &msgs {
                let mut m = m.clone();
                for _ in 0..(next() % 4) {
                    let i = (next() as usize) % m.len();
                    m[i] = next() as u8;
                }
                let dir = if *to_server { Direction::ToServer } else { Direction::ToClient };
                let cut = (next() as usize) % (m.len() + 1);
                dec.on_data(dir, &m[..cut], &ctx(1, 0), &mut out);
                if next() % 5 == 0 {
                    dec.on_gap(dir, next() % 100, &ctx(1, 0), &mut out);
                }
                dec.on_data(dir, &m[cut..], &ctx(1, 0), &mut out);
            }
            dec.on_close(&ctx(2, 0), &mut out);
            let _ = dec.sessions();
        }
    }
}
