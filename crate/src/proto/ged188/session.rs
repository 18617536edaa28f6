//! Per-connection GED-188 state: frames both directions ([`super::frame`]), decodes each
//! message in the stream's protocol version ([`super::decode`]), pairs confirmations with
//! their requests by InvokeID, and collects what the session established for the report:
//! the client's identity and masks, heartbeats, close, agents and calls.
//!
//! The version: the VersionNumber of the stream's OPEN_REQ (client → server) decodes every
//! later message of both directions. Each kept message stores the version it was decoded with
//! in its entry's `seq` number (`None`: no OPEN_REQ seen, layout and framing were inferred
//! from the message's own bytes), so that the codec decodes it again identically
//! ([`message_from_bytes`]). The decoded message's own `seq` is its InvokeID.
//!
//! Failover (spec §11): a client that loses side A reconnects to side B with a fresh OPEN_REQ
//! and the same ClientID. Each connection is its own session; `logical_client` (the ClientID)
//! is the key that groups them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::decode::{decode_message, Context, Decoded, Framing};
use super::frame::{Framer, FramerItem};
use super::schema::{self, mt};
use crate::limits::Limits;
use crate::model::{ns_to_secs, CallLeg, Direction, EventKind, Message, Party, Protocol, StateChange};
use crate::proto::{FlowDecoder, Output, PacketCtx};
use crate::store::{CompactMessage, Entry};

/// Longest text kept from a field in the session info (characters).
pub const MAX_INFO_TEXT_LEN: usize = 128;

/// A kept message decoded again from its bytes: `seq` holds the version it was decoded with.
pub fn message_from_bytes(e: &Entry, raw: &[u8]) -> Message {
    let d = decode_message(raw, Context { version: e.seq() });
    let mut m = message_of(d, e.direction, e.frame, e.ts_ns, e.stream_offset, raw.to_vec());
    m.session = e.session;
    m.request_frame = e.request_frame();
    m.latency_ms = e.latency_ms();
    m
}

/// The message name for the message table, without decoding.
pub fn entry_name(e: &Entry, _raw: &[u8]) -> Cow<'static, str> {
    schema::display_name(e.pdu)
}

fn message_of(d: Decoded, direction: Direction, frame: u64, ts_ns: i64, stream_offset: u64, raw: Vec<u8>) -> Message {
    Message {
        session: 0,
        protocol: Protocol::Ged188,
        direction,
        frame,
        time: ns_to_secs(ts_ns),
        pdu: d.message_type,
        seq: d.invoke_id(),
        name: d.name,
        fields: d.fields,
        spans: d.spans,
        summary: d.summary,
        stream_offset,
        len: u32::try_from(raw.len()).unwrap_or(u32::MAX),
        request_frame: None,
        latency_ms: None,
        errors: d.errors,
        raw,
    }
}

fn clip(s: &str) -> String {
    s.chars().take(MAX_INFO_TEXT_LEN).collect()
}

fn text(d: &Decoded, key: &str) -> Option<String> {
    d.text(key).filter(|s| !s.is_empty()).map(clip)
}

/// A bit mask with the names of its bits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mask {
    pub value: u32,
    pub names: Vec<&'static str>,
}

impl Mask {
    fn of(table: &str, value: u32) -> Mask {
        Mask { value, names: schema::mask_names(table, value) }
    }
}

/// How the session ended, as far as the messages say.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Close {
    /// `CLOSE_REQ` (the client closed), `FAILURE_EVENT` (the server ended the session).
    pub by: &'static str,
    pub frame: u64,
    pub status: Option<u32>,
    pub status_name: Option<&'static str>,
    /// The server's CLOSE_CONF was seen.
    pub confirmed: bool,
}

/// One agent state change (AGENT_STATE_EVENT).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgentState {
    pub state: u32,
    pub name: Option<&'static str>,
    pub reason_code: u32,
    pub time: f64,
    pub frame: u64,
}

/// One agent the session showed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agent {
    pub agent_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    pub states: Vec<AgentState>,
    /// SET_AGENT_STATE_REQs that carried an AgentPassword (their frames; the value stays in
    /// the message).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub password_frames: Vec<u64>,
}

/// One call: the shared [`CallLeg`] and what GED-188 adds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Call {
    #[serde(flatten)]
    pub leg: CallLeg,
    pub connection_call_id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialed_number: Option<String>,
    /// Names of the call variables and ECC variables the messages carried (`CallVar1`,
    /// `user.customer.email`); their values stay in the messages.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub variables: BTreeSet<String>,
    /// Whether CallerEnteredDigit was carried.
    pub entered_digits: bool,
}

/// What one GED-188 connection established: the report's `sessions[].info`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SessionInfo {
    /// Always "ged188".
    pub protocol: &'static str,
    /// The key that groups the connections of one client (failover from side A to side B):
    /// its ClientID.
    pub logical_client: Option<String>,
    /// Every session of the same logical client, this one included, in capture order: more
    /// than one when the client failed over (or reconnected). Filled once every connection is
    /// known ([`link_logical_clients`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client_sessions: Vec<u32>,
    pub client_id: Option<String>,
    pub client_signature: Option<String>,
    /// Whether the OPEN_REQ carried a ClientPassword, and how long it was (its value stays in
    /// the message).
    pub client_password_len: Option<usize>,
    pub version: Option<u32>,
    /// `OPEN_REQ`, or `inferred` when the open was not captured (layouts were then chosen by
    /// the fixed-part lengths that make the floating part parse).
    pub version_source: Option<&'static str>,
    /// The floating-field framing seen (`1-byte tags` / `2-byte tags`).
    pub floating_framing: Option<&'static str>,
    pub open_frame: Option<u64>,
    /// `OPEN_CONF` or `FAILURE_CONF`.
    pub open_result: Option<&'static str>,
    pub open_failure_status: Option<u32>,
    pub idle_timeout: Option<u32>,
    pub peripheral_id: Option<u32>,
    pub services_requested: Option<Mask>,
    pub services_granted: Option<Mask>,
    pub call_msg_mask: Option<u32>,
    pub agent_state_mask: Option<u32>,
    pub config_msg_mask: Option<u32>,
    pub pg_status: Option<Mask>,
    pub heartbeats: u64,
    pub heartbeat_confs: u64,
    pub failure_events: u64,
    pub close: Option<Close>,
    pub agents: Vec<Agent>,
    pub calls: Vec<Call>,
    pub messages: u64,
    pub messages_with_errors: u64,
    /// Confirmations whose InvokeID matched no request seen.
    pub unmatched_confirmations: u64,
    /// Requests never confirmed.
    pub unanswered_requests: u64,
    pub limits_hit: Vec<&'static str>,
}

impl SessionInfo {
    /// What the page's Sessions view shows of this session, in order.
    pub fn facts(&self) -> Vec<crate::report::Fact> {
        use crate::report::{listing, Fact};
        let mut f = Vec::new();
        if let Some(c) = &self.client_id {
            f.push(Fact::new("client", c.clone()));
        }
        if self.client_sessions.len() > 1 {
            let ids: Vec<String> = self.client_sessions.iter().map(|id| format!("#{id}")).collect();
            f.push(Fact::new("connections", format!("{} (one client: {})", self.client_sessions.len(), ids.join(", "))));
        }
        if let Some(s) = &self.client_signature {
            f.push(Fact::new("signature", s.clone()));
        }
        if let Some(v) = self.version {
            let src = if self.version_source == Some("OPEN_REQ") { "" } else { " (inferred)" };
            f.push(Fact::new("version", format!("{v}{src}")));
        } else if let Some(fr) = self.floating_framing {
            f.push(Fact::new("version", format!("unknown ({fr})")));
        }
        if let Some(r) = self.open_result {
            f.push(Fact::new("open", r));
        }
        if let Some(m) = &self.services_granted {
            f.push(Fact::new("services", m.names.join(" | ")));
        }
        if !self.agents.is_empty() {
            f.push(Fact::new("agents", listing(self.agents.iter().map(|a| a.agent_id.as_str()), self.agents.len())));
        }
        if !self.calls.is_empty() {
            f.push(Fact::new("calls", self.calls.len().to_string()));
        }
        f.push(Fact::new("heartbeats", self.heartbeats.to_string()));
        if let Some(c) = &self.close {
            let status = c.status_name.map(str::to_string).or(c.status.map(|s| s.to_string())).unwrap_or_default();
            f.push(Fact::new("close", format!("{} {status}", c.by).trim_end().to_string()));
        }
        f
    }
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    frame: u64,
    ts_ns: i64,
}

/// One GED-188 connection.
#[derive(Debug)]
pub struct Decoder {
    framers: [Framer; 2],
    info: SessionInfo,
    version: Option<u32>,
    inferred_reported: bool,
    pending: BTreeMap<u32, Pending>,
    agents: BTreeMap<String, Agent>,
    calls: BTreeMap<u32, Call>,
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
            framers: [Framer::new(limits.ged188_max_message_len), Framer::new(limits.ged188_max_message_len)],
            info: SessionInfo { protocol: "ged188", ..SessionInfo::default() },
            version: None,
            inferred_reported: false,
            pending: BTreeMap::new(),
            agents: BTreeMap::new(),
            calls: BTreeMap::new(),
            limits: limits.clone(),
            limits_hit: BTreeSet::new(),
            scratch: Vec::new(),
        }
    }

    fn limit(&mut self, what: &'static str, dir: Direction, ctx: &PacketCtx, out: &mut Output) {
        if self.limits_hit.insert(what) {
            self.info.limits_hit.push(what);
            out.event(EventKind::Ged188Limit, Some(dir), ctx.frame, format!("limit reached: {what}; further entries not kept"));
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
                    out.event(kind, Some(dir), ctx.frame, format!("{detail} (stream offset {stream_offset})"));
                }
            }
        }
    }

    /// The version an OPEN_REQ announces, if it looks like one (spec: protocol versions 9–25
    /// are documented; a wild number would misdecode the whole stream, so it is not taken).
    fn open_version(raw: &[u8]) -> Option<u32> {
        let d = decode_message(raw, Context::default());
        d.u32("VersionNumber").filter(|v| (1..=99).contains(v))
    }

    fn on_message(&mut self, dir: Direction, raw: Vec<u8>, stream_offset: u64, ctx: &PacketCtx, out: &mut Output) {
        let message_type = super::frame::be_u32(&raw, 4).unwrap_or(0);
        if dir == Direction::ToServer && message_type == mt::OPEN_REQ {
            if let Some(v) = Self::open_version(&raw) {
                self.version = Some(v);
            }
        }
        let context = Context { version: self.version };
        let d = decode_message(&raw, context);
        for a in &d.anomalies {
            out.event(a.kind, Some(dir), ctx.frame, a.detail.clone());
        }
        if self.version.is_none() && d.framing.is_some() && !self.inferred_reported {
            self.inferred_reported = true;
            let framing = d.framing.map_or("", Framing::as_str);
            out.event(
                EventKind::Ged188VersionInferred,
                Some(dir),
                ctx.frame,
                format!("no OPEN_REQ captured: fixed-part layouts and floating framing ({framing}) inferred from the messages' own bytes"),
            );
        }
        let paired = self.pair(dir, &d, ctx, out);
        self.learn(dir, &d, ctx, out);
        self.info.messages = self.info.messages.saturating_add(1);
        if !d.errors.is_empty() {
            self.info.messages_with_errors = self.info.messages_with_errors.saturating_add(1);
        }
        out.compact.push(CompactMessage {
            protocol: Protocol::Ged188,
            slot: 0,
            direction: dir,
            has_errors: !d.errors.is_empty(),
            pdu: d.message_type,
            frame: ctx.frame,
            ts_ns: ctx.ts_ns,
            seq: context.version,
            request_frame: paired.map(|p| p.0),
            latency_ms: paired.map(|p| p.1),
            stream_offset,
            raw,
        });
    }

    /// Remembers a request by InvokeID, or finds the request a confirmation answers: (its
    /// frame, the latency in ms).
    fn pair(&mut self, dir: Direction, d: &Decoded, ctx: &PacketCtx, out: &mut Output) -> Option<(u64, f64)> {
        let id = d.invoke_id()?;
        if dir == Direction::ToServer && schema::is_request(d.message_type) {
            if self.pending.len() >= self.limits.ged188_max_pending_requests && !self.pending.contains_key(&id) {
                if let Some(oldest) = self.pending.keys().next().copied() {
                    self.pending.remove(&oldest);
                }
                self.limit("pending requests", dir, ctx, out);
            }
            self.pending.insert(id, Pending { frame: ctx.frame, ts_ns: ctx.ts_ns });
            return None;
        }
        if dir == Direction::ToClient && schema::is_confirmation(d.message_type) {
            return match self.pending.remove(&id) {
                Some(p) => Some((p.frame, ctx.ts_ns.saturating_sub(p.ts_ns) as f64 / 1e6)),
                None => {
                    self.info.unmatched_confirmations = self.info.unmatched_confirmations.saturating_add(1);
                    None
                }
            };
        }
        None
    }

    fn agent_mut(&mut self, id: &str, dir: Direction, ctx: &PacketCtx, out: &mut Output) -> Option<&mut Agent> {
        if !self.agents.contains_key(id) && self.agents.len() >= self.limits.ged188_max_agents {
            self.limit("agents per session", dir, ctx, out);
            return None;
        }
        let a = self.agents.entry(id.to_string()).or_insert_with(|| Agent { agent_id: id.to_string(), ..Agent::default() });
        Some(a)
    }

    fn call_mut(&mut self, call_id: u32, dir: Direction, ctx: &PacketCtx, out: &mut Output) -> Option<&mut Call> {
        if !self.calls.contains_key(&call_id) && self.calls.len() >= self.limits.ged188_max_calls {
            self.limit("calls per session", dir, ctx, out);
            return None;
        }
        let time = ns_to_secs(ctx.ts_ns);
        let c = self.calls.entry(call_id).or_insert_with(|| Call {
            leg: CallLeg { key: call_id.to_string(), first_time: time, first_frame: ctx.frame, ..CallLeg::default() },
            connection_call_id: call_id,
            ..Call::default()
        });
        c.leg.last_time = time;
        c.leg.last_frame = ctx.frame;
        Some(c)
    }

    fn learn(&mut self, dir: Direction, d: &Decoded, ctx: &PacketCtx, out: &mut Output) {
        if let Some(fr) = d.framing {
            self.info.floating_framing.get_or_insert(fr.as_str());
        }
        match d.message_type {
            mt::OPEN_REQ if dir == Direction::ToServer => {
                let i = &mut self.info;
                i.open_frame = Some(ctx.frame);
                i.version = d.u32("VersionNumber");
                i.version_source = Some("OPEN_REQ");
                i.client_id = text(d, "ClientID");
                i.logical_client = i.client_id.clone();
                i.client_signature = text(d, "ClientSignature");
                i.client_password_len = d.text("ClientPassword").map(str::len);
                i.idle_timeout = d.u32("IdleTimeout");
                i.peripheral_id = d.u32("PeripheralID");
                i.services_requested = d.u32("ServiceRequested").map(|v| Mask::of("CtiServiceMask", v));
                i.call_msg_mask = d.u32("CallMsgMask");
                i.agent_state_mask = d.u32("AgentStateMask");
                i.config_msg_mask = d.u32("ConfigMsgMask");
                self.note_agent(d, dir, ctx, out);
            }
            mt::OPEN_CONF => {
                self.info.open_result = Some("OPEN_CONF");
                self.info.services_granted = d.u32("ServiceGranted").map(|v| Mask::of("CtiServiceMask", v));
                self.info.pg_status = d.u32("PGStatus").map(|v| Mask::of("PGStatusCodeMask", v));
                self.note_agent(d, dir, ctx, out);
            }
            mt::FAILURE_CONF if self.info.open_result.is_none() && self.info.open_frame.is_some() => {
                self.info.open_result = Some("FAILURE_CONF");
                self.info.open_failure_status = d.u32("Status");
            }
            mt::HEARTBEAT_REQ => self.info.heartbeats = self.info.heartbeats.saturating_add(1),
            mt::HEARTBEAT_CONF => self.info.heartbeat_confs = self.info.heartbeat_confs.saturating_add(1),
            mt::CLOSE_REQ => {
                let status = d.u32("Status");
                self.info.close = Some(Close {
                    by: "CLOSE_REQ",
                    frame: ctx.frame,
                    status,
                    status_name: status.and_then(|s| schema::enum_name("FailureIndicationMessageStatusCode", s)),
                    confirmed: false,
                });
            }
            mt::CLOSE_CONF => {
                if let Some(c) = self.info.close.as_mut() {
                    c.confirmed = true;
                }
            }
            mt::FAILURE_EVENT => {
                self.info.failure_events = self.info.failure_events.saturating_add(1);
                if self.info.close.is_none() {
                    let status = d.u32("Status");
                    if status == Some(15) {
                        self.info.close = Some(Close {
                            by: "FAILURE_EVENT",
                            frame: ctx.frame,
                            status,
                            status_name: schema::enum_name("FailureIndicationMessageStatusCode", 15),
                            confirmed: false,
                        });
                    }
                }
            }
            mt::AGENT_STATE_EVENT => {
                let Some(id) = d.text("AgentID").filter(|s| !s.is_empty()).map(clip) else { return };
                let state = d.u32("AgentState");
                let reason = d.u32("EventReasonCode").unwrap_or(0);
                let (ext, instr) = (text(d, "AgentExtension"), text(d, "AgentInstrument"));
                let max_states = self.limits.ged188_max_states;
                let mut full = false;
                if let Some(a) = self.agent_mut(&id, dir, ctx, out) {
                    if ext.is_some() {
                        a.extension = ext;
                    }
                    if instr.is_some() {
                        a.instrument = instr;
                    }
                    if let Some(s) = state {
                        if a.states.len() < max_states {
                            a.states.push(AgentState {
                                state: s,
                                name: schema::enum_name("AgentState", s),
                                reason_code: reason,
                                time: ns_to_secs(ctx.ts_ns),
                                frame: ctx.frame,
                            });
                        } else {
                            full = true;
                        }
                    }
                }
                if full {
                    self.limit("states per agent", dir, ctx, out);
                }
            }
            mt::SET_AGENT_STATE_REQ => {
                self.note_agent(d, dir, ctx, out);
                if d.get("AgentPassword").is_some() {
                    if let Some(id) = d.text("AgentID").filter(|s| !s.is_empty()).map(clip) {
                        if let Some(a) = self.agent_mut(&id, dir, ctx, out) {
                            a.password_frames.push(ctx.frame);
                            a.password_frames.truncate(64);
                        }
                    }
                }
            }
            _ => {}
        }
        self.learn_call(dir, d, ctx, out);
    }

    /// Agent identity carried by OPEN_REQ / OPEN_CONF / SET_AGENT_STATE_REQ.
    fn note_agent(&mut self, d: &Decoded, dir: Direction, ctx: &PacketCtx, out: &mut Output) {
        let Some(id) = d.text("AgentID").filter(|s| !s.is_empty()).map(clip) else { return };
        let (ext, instr) = (text(d, "AgentExtension"), text(d, "AgentInstrument"));
        if let Some(a) = self.agent_mut(&id, dir, ctx, out) {
            if ext.is_some() {
                a.extension = ext;
            }
            if instr.is_some() {
                a.instrument = instr;
            }
        }
    }

    /// Call events (and SET_CALL_DATA_REQ) by ConnectionCallID.
    fn learn_call(&mut self, dir: Direction, d: &Decoded, ctx: &PacketCtx, out: &mut Output) {
        let Some(call_id) = d.u32("ConnectionCallID").filter(|&c| c != u32::MAX) else { return };
        let name = d.name.clone();
        let state = name.strip_suffix("_EVENT").map(str::to_string);
        let ani = text(d, "Ani").or_else(|| text(d, "CallingDevID"));
        let dnis = text(d, "Dnis").or_else(|| text(d, "CalledDevID"));
        let dialed = text(d, "DialedNumber");
        let device = text(d, "ConnectionDevID");
        let mut vars: Vec<String> = (1..=10).map(|n| format!("CallVar{n}")).filter(|k| d.get(k).is_some()).collect();
        for key in ["NamedVariable", "NamedArray"] {
            if let Some(serde_json::Value::Array(items)) = d.get(key) {
                vars.extend(items.iter().filter_map(|v| v.get("name")?.as_str()).map(clip));
            }
        }
        let ced = d.get("CallerEnteredDigit").is_some();
        let max_states = self.limits.ged188_max_states;
        let Some(c) = self.call_mut(call_id, dir, ctx, out) else { return };
        if c.leg.calling.is_empty() {
            if let Some(a) = ani {
                c.leg.calling = Party { number: Some(a), name: None };
            }
        }
        if c.leg.called.is_empty() {
            if let Some(n) = dnis {
                c.leg.called = Party { number: Some(n), name: None };
            }
        }
        if c.dialed_number.is_none() {
            c.dialed_number = dialed;
        }
        if c.leg.device.is_none() {
            c.leg.device = device;
        }
        for v in vars {
            if c.variables.len() < 64 {
                c.variables.insert(v);
            }
        }
        c.entered_digits |= ced;
        if let Some(s) = state {
            if c.leg.states.len() < max_states {
                c.leg.states.push(StateChange { state: s.clone(), time: ns_to_secs(ctx.ts_ns), frame: ctx.frame });
            }
            if d.message_type == mt::CALL_CLEARED_EVENT || d.message_type == mt::END_CALL_EVENT {
                c.leg.end_cause.get_or_insert(s);
            }
        }
    }
}

impl FlowDecoder for Decoder {
    fn calls_since(&self) -> Option<f64> {
        self.calls
            .values()
            .map(|c| c.leg.first_time)
            .min_by(f64::total_cmp)
    }

    fn protocol(&self) -> Protocol {
        Protocol::Ged188
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
        self.info.unanswered_requests = self.pending.len() as u64;
    }

    fn sessions(&self) -> Vec<crate::report::SessionInfo> {
        let mut info = self.info.clone();
        if info.version.is_none() && info.messages > 0 && info.floating_framing.is_some() {
            info.version_source = Some("inferred");
        }
        info.agents = self.agents.values().cloned().collect();
        info.calls = self.calls.values().cloned().collect();
        vec![crate::report::SessionInfo::Ged188(Box::new(info))]
    }
}

/// Shows one logical client's connections together: every GED-188 session learns the ids of
/// all the sessions with its `logical_client` (a failover from side A to side B, or a
/// reconnect). Runs once, after every flow is closed.
pub fn link_logical_clients(sessions: &mut [crate::report::Session]) {
    let mut by_client: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for s in sessions.iter() {
        if let Some(c) = s.info.ged188().and_then(|i| i.logical_client.clone()) {
            by_client.entry(c).or_default().push(s.id);
        }
    }
    for s in sessions.iter_mut() {
        if let crate::report::SessionInfo::Ged188(i) = &mut s.info {
            if let Some(ids) = i.logical_client.as_ref().and_then(|c| by_client.get(c)) {
                i.client_sessions.clone_from(ids);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::panic)]
mod tests {
    use super::super::decode::tests::{fl, open_req};
    use super::super::frame::tests::build;
    use super::*;

    fn ctx(frame: u64, ms: i64) -> PacketCtx {
        PacketCtx { frame, ts_ns: 1_700_000_000_000_000_000 + ms * 1_000_000, wire_len: 100 }
    }

    fn open_conf(framing: Framing, with_department: bool) -> Vec<u8> {
        let mut b = Vec::new();
        for w in [1u32, 0x14, 0, 0, 1_767_225_600] {
            b.extend(w.to_be_bytes());
        }
        for h in [1u16, 17, 2] {
            b.extend(h.to_be_bytes());
        }
        if with_department {
            b.extend(0u32.to_be_bytes());
        }
        b.extend(fl(framing, 5, b"1001\0"));
        build(4, &b)
    }

    fn conversation(version: u32, framing: Framing) -> Vec<(bool, Vec<u8>)> {
        let mut deliver = vec![0u8; 54];
        deliver[12..16].copy_from_slice(&77u32.to_be_bytes());
        deliver.extend(fl(framing, 8, b"+14085551234\0"));
        deliver.extend(fl(framing, 10, b"8005550100\0"));
        deliver.extend(fl(framing, 13, b"acct=1\0"));
        deliver.extend(fl(framing, 82, b"user.email\0a@b.c\0"));
        let mut cleared = vec![0u8; 20];
        cleared[12..16].copy_from_slice(&77u32.to_be_bytes());
        vec![
            (true, open_req(version, framing, b"pw\0")),
            (false, open_conf(framing, version >= 20)),
            (false, build(9, &deliver)),
            (true, build(5, &2u32.to_be_bytes())),
            (false, build(6, &2u32.to_be_bytes())),
            (false, build(13, &cleared)),
            (true, build(7, &[0, 0, 0, 3, 0, 0, 0, 0])),
            (false, build(8, &3u32.to_be_bytes())),
        ]
    }

    fn run(dec: &mut Decoder, msgs: &[(bool, Vec<u8>)], skip_first: usize) -> Output {
        let mut out = Output::default();
        for (i, (to_server, m)) in msgs.iter().enumerate().skip(skip_first) {
            let dir = if *to_server { Direction::ToServer } else { Direction::ToClient };
            dec.on_data(dir, m, &ctx(i as u64 + 1, i as i64 * 10), &mut out);
        }
        dec.on_close(&ctx(99, 1000), &mut out);
        out
    }

    fn info(dec: &Decoder) -> SessionInfo {
        match &dec.sessions()[0] {
            crate::report::SessionInfo::Ged188(i) => (**i).clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn session_in_both_framings() {
        for (version, framing) in [(20, Framing::Long), (15, Framing::Short)] {
            let mut dec = Decoder::default();
            let out = run(&mut dec, &conversation(version, framing), 0);
            assert!(out.events.is_empty(), "{:?}", out.events);
            let i = info(&dec);
            assert_eq!(i.client_id.as_deref(), Some("desk01"));
            assert_eq!(i.logical_client.as_deref(), Some("desk01"));
            assert_eq!(i.client_password_len, Some(2));
            assert_eq!((i.version, i.version_source), (Some(version), Some("OPEN_REQ")));
            assert_eq!(i.open_result, Some("OPEN_CONF"));
            assert_eq!(i.services_granted.as_ref().unwrap().names, vec!["CLIENT_CONTROL", "ALL_EVENTS"]);
            assert_eq!((i.heartbeats, i.heartbeat_confs), (1, 1));
            let c = i.close.as_ref().unwrap();
            assert!(c.confirmed && c.status == Some(0));
            assert_eq!(i.agents.len(), 1);
            assert_eq!(i.calls.len(), 1);
            let call = &i.calls[0];
            assert_eq!(call.leg.calling.number.as_deref(), Some("+14085551234"));
            assert_eq!(call.leg.called.number.as_deref(), Some("8005550100"));
            assert!(call.variables.contains("CallVar1") && call.variables.contains("user.email"));
            let states: Vec<&str> = call.leg.states.iter().map(|s| s.state.as_str()).collect();
            assert_eq!(states, ["CALL_DELIVERED", "CALL_CLEARED"]);
            let by_frame = |f: u64| out.compact.iter().find(|m| m.frame == f).unwrap();
            assert_eq!(by_frame(2).request_frame, Some(1));
            assert_eq!(by_frame(2).latency_ms, Some(10.0));
            assert_eq!(by_frame(5).request_frame, Some(4));
            assert_eq!(by_frame(8).request_frame, Some(7));
            assert!(out.compact.iter().all(|m| m.seq == Some(version)));
            // Re-decoding from the kept bytes gives the same message.
            let m = by_frame(2).decode().unwrap();
            assert_eq!(m.name, "OPEN_CONF");
            assert_eq!(m.seq, Some(1));
            assert_eq!(m.fields.get("DepartmentID").is_some(), version >= 20);
        }
    }

    #[test]
    fn without_the_open_layouts_are_inferred_and_said_so() {
        let mut dec = Decoder::default();
        let out = run(&mut dec, &conversation(15, Framing::Short), 1);
        let kinds: Vec<&str> = out.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["ged188.version_inferred"]);
        let i = info(&dec);
        assert_eq!(i.version_source, Some("inferred"));
        assert_eq!(i.floating_framing, Some("1-byte tags"));
        let m = out.compact[0].decode().unwrap();
        assert!(m.errors.is_empty(), "{:?}", m.errors);
        assert!(m.fields.get("DepartmentID").is_none());
        assert_eq!(m.fields["AgentID"], "1001");
    }

    #[test]
    fn byte_by_byte_equals_whole() {
        let msgs = conversation(20, Framing::Long);
        let mut whole = Decoder::default();
        let a = run(&mut whole, &msgs, 0);
        let mut split = Decoder::default();
        let mut b = Output::default();
        for (i, (to_server, m)) in msgs.iter().enumerate() {
            let dir = if *to_server { Direction::ToServer } else { Direction::ToClient };
            for byte in m {
                split.on_data(dir, std::slice::from_ref(byte), &ctx(i as u64 + 1, i as i64 * 10), &mut b);
            }
        }
        split.on_close(&ctx(99, 1000), &mut b);
        assert_eq!(a.compact, b.compact);
        assert_eq!(whole.sessions(), split.sessions());
    }
}
