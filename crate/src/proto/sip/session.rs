//! The per-flow SIP decoder: frames both directions ([`super::frame`]), reads each message's
//! head ([`super::parse`]), files it in a session *slot*, pairs responses with requests and
//! follows dialogs, registrations and calls.
//!
//! Slots (see [`crate::proto::Output`]): one per dialog (Call-ID plus tags: the messages of a
//! Call-ID before its to-tag is known belong to it; a new tag pair on a confirmed dialog's
//! Call-ID opens another), one per REGISTER Call-ID, one per Call-ID of out-of-dialog requests
//! (OPTIONS, MESSAGE…). Slot 0 is the first session of the flow (the engine opens it when the
//! flow is detected); past `Limits::sip_max_slots` new Call-IDs share one overflow slot.
//!
//! Transactions (RFC 3261 §17.1.3): a response answers the request with the same top Via
//! branch and CSeq (number and method) that went the other way; without a branch, CSeq alone.
//! The response's entry gets the request frame and the latency (as CTIQBE's do).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ops::Range;

use serde::Serialize;

use super::decode::{decode, has_errors, name_of};
use super::frame::{split_datagram, Framer, Issue, Item};
use super::parse::{method, parse_address, parse_auth, parse_head, sub, unfold, Head};
use super::sdp;
use crate::limits::Limits;
use crate::model::{
    ns_to_secs, CallLeg, Direction, EventKind, MediaEndpoint, Message, Party, Protocol, StateChange,
};
use crate::proto::{FlowDecoder, Output, PacketCtx, SessionInfo as AnyInfo};
use crate::report::Transport;
use crate::store::{CompactMessage, Entry};

/// Transactions listed per slot (all are counted).
pub const MAX_LISTED_TRANSACTIONS: usize = 64;
/// Distinct user agents, digest entries, states and media endpoints kept per slot.
pub const MAX_USER_AGENTS: usize = 8;
pub const MAX_AUTH: usize = 16;
pub const MAX_STATES: usize = 32;
pub const MAX_MEDIA: usize = 16;
/// Longest text kept from a header in the session info (characters).
pub const MAX_INFO_TEXT_LEN: usize = 256;

/// A kept message decoded again from its bytes (see [`crate::store`]).
pub fn message_from_bytes(e: &Entry, raw: &[u8]) -> Message {
    let d = decode(raw, Limits::default().sip_max_headers);
    Message {
        session: e.session,
        protocol: Protocol::Sip,
        direction: e.direction,
        frame: e.frame,
        time: e.time(),
        pdu: d.pdu,
        name: d.name,
        fields: d.fields,
        spans: d.spans,
        summary: d.summary,
        stream_offset: e.stream_offset,
        len: u32::try_from(raw.len()).unwrap_or(u32::MAX),
        seq: d.seq,
        request_frame: e.request_frame(),
        latency_ms: e.latency_ms(),
        errors: d.errors,
        raw: raw.to_vec(),
    }
}

/// The name of a kept message, from its first line.
pub fn message_name(_: &Entry, raw: &[u8]) -> std::borrow::Cow<'static, str> {
    name_of(raw)
}

/// What a slot is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    /// An INVITE or SUBSCRIBE/REFER dialog (or mid-dialog requests of one whose start was
    /// not captured).
    Dialog,
    /// A REGISTER binding (one Call-ID).
    Registration,
    /// Out-of-dialog requests of one Call-ID (OPTIONS, MESSAGE, PUBLISH…).
    Other,
    /// The Call-IDs beyond `Limits::sip_max_slots`, together.
    Overflow,
}

/// A dialog's state (RFC 3261 §12; `initiated` before any answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DialogState {
    Initiated,
    Early,
    Confirmed,
    Terminated,
    Failed,
    Cancelled,
}

impl DialogState {
    fn as_str(self) -> &'static str {
        match self {
            DialogState::Initiated => "initiated",
            DialogState::Early => "early",
            DialogState::Confirmed => "confirmed",
            DialogState::Terminated => "terminated",
            DialogState::Failed => "failed",
            DialogState::Cancelled => "cancelled",
        }
    }

    fn ended(self) -> bool {
        matches!(
            self,
            DialogState::Terminated | DialogState::Failed | DialogState::Cancelled
        )
    }
}

/// One side of a dialog as From/To showed it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PartyInfo {
    pub uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// A request and its final response.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transaction {
    pub method: String,
    pub cseq: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    pub direction: Direction,
    pub request_frame: u64,
    /// The final response (or the last provisional one while none came).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_frame: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
}

/// A REGISTER binding.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Registration {
    /// Address of record (the To URI).
    pub aor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Seconds asked for (request) or granted (2xx), from Contact `expires` or Expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<u32>,
    /// The last final response (`200 OK`, `401 Unauthorized`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    pub requests: u32,
    pub first_frame: u64,
}

/// A digest challenge or credentials seen (never the response value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuthSeen {
    /// `challenge` (WWW-/Proxy-Authenticate) or `credentials` (Authorization, Proxy-Authorization).
    pub kind: &'static str,
    pub header: String,
    pub scheme: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    pub frame: u64,
}

/// What one SIP session (slot) established: the report's `sessions[].info`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionInfo {
    /// Always "sip".
    pub protocol: &'static str,
    pub kind: SlotKind,
    pub transport: Transport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// The method of the first request seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<PartyInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<PartyInfo>,
    pub user_agents: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<DialogState>,
    /// Who ended the dialog: `caller` / `callee` (BYE), `cancel`, or the failing status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_by: Option<String>,
    pub messages: u64,
    pub requests: u64,
    pub responses: u64,
    pub transactions: Vec<Transaction>,
    /// Transactions seen, listed or not.
    pub transactions_total: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    pub auth: Vec<AuthSeen>,
    /// The call, for INVITE dialogs.
    pub calls: Vec<CallLeg>,
    /// Messages with decoding errors.
    pub malformed: u64,
    pub limits_hit: Vec<String>,
}

impl SessionInfo {
    fn new(kind: SlotKind, transport: Transport, call_id: Option<String>) -> SessionInfo {
        SessionInfo {
            protocol: "sip",
            kind,
            transport,
            call_id,
            method: None,
            from: None,
            to: None,
            user_agents: Vec::new(),
            state: None,
            ended_by: None,
            messages: 0,
            requests: 0,
            responses: 0,
            transactions: Vec::new(),
            transactions_total: 0,
            registration: None,
            auth: Vec::new(),
            calls: Vec::new(),
            malformed: 0,
            limits_hit: Vec::new(),
        }
    }
}

impl SessionInfo {
    /// What the page's Sessions view shows of this session, in order.
    pub fn facts(&self) -> Vec<crate::report::Fact> {
        use crate::report::Fact;
        let kind = match self.kind {
            SlotKind::Dialog => "dialog",
            SlotKind::Registration => "registration",
            SlotKind::Other => "other",
            SlotKind::Overflow => "overflow",
        };
        let mut facts = vec![Fact::new("kind", kind)];
        if let Some(m) = &self.method {
            facts.push(Fact::new("method", m.clone()));
        }
        let who = |p: &PartyInfo| match (&p.display, &p.user) {
            (Some(d), Some(u)) => format!("{d} <{u}>"),
            (None, Some(u)) => u.clone(),
            _ => p.uri.clone(),
        };
        if let Some(p) = &self.from {
            facts.push(Fact::new("from", who(p)));
        }
        if let Some(p) = &self.to {
            facts.push(Fact::new("to", who(p)));
        }
        if let Some(st) = self.state {
            let state = match &self.ended_by {
                Some(by) => format!("{} ({by})", st.as_str()),
                None => st.as_str().to_string(),
            };
            facts.push(Fact::new("state", state));
        }
        if let Some(r) = &self.registration {
            let result = r.result.clone().unwrap_or_else(|| "no answer".into());
            facts.push(Fact::new("registration", format!("{} {result}", r.aor)));
        }
        if !self.user_agents.is_empty() {
            let n = self.user_agents.len();
            facts.push(Fact::new(
                "user agents",
                crate::report::listing(self.user_agents.iter().map(String::as_str), n),
            ));
        }
        facts.push(Fact::new(
            "transactions",
            self.transactions_total.to_string(),
        ));
        if let Some(c) = &self.call_id {
            facts.push(Fact::new("call-id", c.clone()));
        }
        facts
    }
}

/// One slot: its info and what matching needs.
#[derive(Debug)]
struct Slot {
    info: SessionInfo,
    /// Tags of the dialog: the creator's From tag, the answerer's To tag.
    local_tag: Option<String>,
    remote_tag: Option<String>,
    /// Direction of the dialog-creating request.
    caller_dir: Option<Direction>,
    /// The INVITE dialog's call leg, built as messages arrive.
    call: Option<CallLeg>,
    /// Capture time (ns) of its last message.
    last_ns: i64,
    /// Its place in `by_call_id`.
    key: Option<(bool, Vec<u8>)>,
    /// Handed out as over ([`FlowDecoder::take_done`]): its session is final, and a later
    /// message of its Call-ID opens a new slot.
    done: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct TxKey {
    dir: Direction,
    branch: Vec<u8>,
    cseq: u32,
    method: Vec<u8>,
}

#[derive(Debug)]
struct Pending {
    slot: u32,
    frame: u64,
    ts_ns: i64,
    /// Index in the slot's transaction list, when listed.
    listed: Option<usize>,
}

/// The flow's limits.
#[derive(Clone, Copy, Debug)]
struct Caps {
    message_len: usize,
    headers: usize,
    slots: usize,
    transactions: usize,
}

/// One SIP flow (TCP connection or UDP 5-tuple).
#[derive(Debug)]
pub struct Decoder {
    transport: Transport,
    caps: Caps,
    framers: [Framer; 2],
    datagram_offset: [u64; 2],
    slots: Vec<Slot>,
    /// Slots by Call-ID (REGISTER Call-IDs apart), newest last.
    by_call_id: BTreeMap<(bool, Vec<u8>), Vec<u32>>,
    overflow: Option<u32>,
    pending: BTreeMap<TxKey, Pending>,
    pending_order: VecDeque<TxKey>,
    limits_hit: BTreeSet<&'static str>,
    /// The slot of the last message, for framing events.
    last_slot: u32,
}

impl Decoder {
    pub fn new(transport: Transport, limits: &Limits) -> Decoder {
        let caps = Caps {
            message_len: limits.sip_max_message_len.max(256),
            headers: limits.sip_max_headers.max(8),
            slots: limits.sip_max_slots.max(1),
            transactions: limits.sip_max_transactions.max(1),
        };
        Decoder {
            transport,
            caps,
            framers: [
                Framer::new(caps.message_len, caps.headers),
                Framer::new(caps.message_len, caps.headers),
            ],
            datagram_offset: [0; 2],
            slots: Vec::new(),
            by_call_id: BTreeMap::new(),
            overflow: None,
            pending: BTreeMap::new(),
            pending_order: VecDeque::new(),
            limits_hit: BTreeSet::new(),
            last_slot: 0,
        }
    }

    /// Reports `limit` once per flow.
    fn limit(
        &mut self,
        limit: &'static str,
        detail: String,
        slot: u32,
        dir: Option<Direction>,
        frame: u64,
        out: &mut Output,
    ) {
        if self.limits_hit.insert(limit) {
            out.event_in(
                slot,
                EventKind::SipLimit,
                dir,
                frame,
                format!("{limit}: {detail}"),
            );
            if let Some(s) = self.slot_mut(slot) {
                s.info.limits_hit.push(limit.to_string());
            }
        }
    }

    fn slot_mut(&mut self, slot: u32) -> Option<&mut Slot> {
        self.slots.get_mut(usize::try_from(slot).ok()?)
    }

    fn items(&mut self, dir: Direction, items: Vec<Item>, ctx: &PacketCtx, out: &mut Output) {
        for item in items {
            match item {
                Item::Message { offset, bytes, head, issue } => self.on_message(dir, offset, bytes, head, issue, ctx, out),
                Item::Resync { offset, len } => out.event_in(
                    self.last_slot,
                    EventKind::SipResync,
                    Some(dir),
                    ctx.frame,
                    format!("{len} bytes that are not SIP skipped at offset {offset}"),
                ),
                Item::Gap { offset, len, lost } => out.event_in(
                    self.last_slot,
                    EventKind::SipGap,
                    Some(dir),
                    ctx.frame,
                    format!("{len} bytes missing at offset {offset}; {lost} buffered bytes of a message dropped"),
                ),
            }
        }
    }

    /// Files a new slot, or the overflow slot past the cap.
    fn new_slot(
        &mut self,
        kind: SlotKind,
        call_id: Option<Vec<u8>>,
        dir: Direction,
        frame: u64,
        out: &mut Output,
    ) -> u32 {
        if self.slots.len() >= self.caps.slots {
            if let Some(o) = self.overflow {
                return o;
            }
            let at = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
            self.slots.push(Slot {
                info: SessionInfo::new(SlotKind::Overflow, self.transport, None),
                local_tag: None,
                remote_tag: None,
                caller_dir: None,
                call: None,
                last_ns: i64::MIN,
                key: None,
                done: false,
            });
            self.overflow = Some(at);
            let max = self.caps.slots;
            self.limit("sip_max_slots", format!("more than {max} dialogs/registrations on this flow; the rest share one session"), at, Some(dir), frame, out);
            return at;
        }
        let at = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        let text = call_id.as_ref().map(|c| clip(&String::from_utf8_lossy(c)));
        let key = call_id.map(|c| (kind == SlotKind::Registration, c));
        self.slots.push(Slot {
            info: SessionInfo::new(kind, self.transport, text),
            local_tag: None,
            remote_tag: None,
            caller_dir: None,
            call: None,
            last_ns: i64::MIN,
            key: key.clone(),
            done: false,
        });
        if let Some(key) = key {
            self.by_call_id.entry(key).or_default().push(at);
        }
        at
    }

    /// The slot of a message.
    fn slot_for(
        &mut self,
        raw: &[u8],
        head: &Head,
        dir: Direction,
        frame: u64,
        out: &mut Output,
    ) -> u32 {
        let m = head.method_code(raw);
        let Some(call_id) = head.first("call-id").map(|h| sub(raw, &h.value).to_vec()) else {
            // Without a Call-ID a message belongs to no dialog: the flow's first session.
            if self.slots.is_empty() {
                return self.new_slot(SlotKind::Other, None, dir, frame, out);
            }
            return 0;
        };
        let register = m == method::REGISTER;
        let from_tag = tag_of(raw, head, "from");
        let to_tag = tag_of(raw, head, "to");
        if let Some(list) = self.by_call_id.get(&(register, call_id.clone())) {
            for &s in list.iter().rev() {
                let Some(slot) = self.slots.get(s as usize) else {
                    continue;
                };
                if register || compatible(slot, from_tag.as_deref(), to_tag.as_deref()) {
                    return s;
                }
            }
        }
        let kind = if register {
            SlotKind::Registration
        } else if matches!(
            m,
            method::INVITE
                | method::SUBSCRIBE
                | method::REFER
                | method::NOTIFY
                | method::BYE
                | method::ACK
                | method::PRACK
                | method::UPDATE
                | method::INFO
        ) || (head.is_request() && to_tag.is_some())
        {
            SlotKind::Dialog
        } else {
            SlotKind::Other
        };
        // Slot 0 is open from the start: the flow's first Call-ID takes it.
        self.new_slot(kind, Some(call_id), dir, frame, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn on_message(
        &mut self,
        dir: Direction,
        offset: u64,
        raw: Vec<u8>,
        head: Option<Head>,
        issue: Option<Issue>,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        let head = head.or_else(|| parse_head(&raw, self.caps.headers).ok());
        let errors = has_errors(&raw, head.as_ref());
        let Some(head) = head else {
            // The framer only cuts at start lines; keep the bytes anyway.
            out.event_in(
                self.last_slot,
                EventKind::SipMalformed,
                Some(dir),
                ctx.frame,
                "no start line".into(),
            );
            self.push_compact(
                self.last_slot,
                dir,
                offset,
                0,
                None,
                (None, None),
                true,
                raw,
                ctx,
                out,
            );
            return;
        };
        let slot = self.slot_for(&raw, &head, dir, ctx.frame, out);
        self.last_slot = slot;
        if let Some(s) = self.slot_mut(slot) {
            s.last_ns = ctx.ts_ns;
        }
        match issue {
            Some(Issue::BadContentLength) => out.event_in(
                slot,
                EventKind::SipBadContentLength,
                Some(dir),
                ctx.frame,
                "Content-Length is not a number, or several disagree".into(),
            ),
            Some(Issue::MissingContentLength) => out.event_in(
                slot,
                EventKind::SipBadContentLength,
                Some(dir),
                ctx.frame,
                "no Content-Length on a stream transport; body taken as empty".into(),
            ),
            Some(Issue::Truncated { declared }) => out.event_in(
                slot,
                EventKind::SipTruncated,
                Some(dir),
                ctx.frame,
                format!(
                    "Content-Length {declared} past the end of the data; message cut at {} bytes",
                    raw.len()
                ),
            ),
            Some(Issue::TooLarge { declared }) => {
                let max = self.caps.message_len;
                let what = declared
                    .map_or_else(|| "headers".to_string(), |n| format!("a body of {n} bytes"));
                self.limit(
                    "sip_max_message_len",
                    format!("a message with {what} cut at {max} bytes"),
                    slot,
                    Some(dir),
                    ctx.frame,
                    out,
                );
            }
            None => {}
        }
        if head
            .issues
            .iter()
            .any(|i| matches!(i, super::parse::HeadIssue::TooManyHeaders { .. }))
        {
            let max = self.caps.headers;
            self.limit(
                "sip_max_headers",
                format!("a message with more than {max} headers"),
                slot,
                Some(dir),
                ctx.frame,
                out,
            );
        }
        let missing: Vec<&str> = ["call-id", "cseq", "from", "to"]
            .into_iter()
            .filter(|h| head.first(h).is_none())
            .collect();
        if !missing.is_empty()
            || head
                .issues
                .iter()
                .any(|i| matches!(i, super::parse::HeadIssue::BadHeaderLine { .. }))
        {
            let detail = if missing.is_empty() {
                "lines that are not headers".to_string()
            } else {
                format!("missing {}", missing.join(", "))
            };
            out.event_in(slot, EventKind::SipMalformed, Some(dir), ctx.frame, detail);
        }
        let pairing = self.transaction(slot, &raw, &head, dir, ctx, out);
        self.learn(slot, &raw, &head, dir, ctx, errors);
        let pdu = match head.status() {
            Some(code) => u32::from(code),
            None => head.method_code(&raw),
        };
        let seq = head.cseq(&raw).map(|c| c.number);
        self.push_compact(slot, dir, offset, pdu, seq, pairing, errors, raw, ctx, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_compact(
        &mut self,
        slot: u32,
        dir: Direction,
        offset: u64,
        pdu: u32,
        seq: Option<u32>,
        (request_frame, latency_ms): (Option<u64>, Option<f64>),
        has_errors: bool,
        raw: Vec<u8>,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        out.compact.push(CompactMessage {
            protocol: Protocol::Sip,
            slot,
            direction: dir,
            has_errors,
            pdu,
            frame: ctx.frame,
            ts_ns: ctx.ts_ns,
            seq,
            request_frame,
            latency_ms,
            stream_offset: offset,
            raw,
        });
    }

    /// Remembers a request or pairs a response; the response's request frame and latency.
    fn transaction(
        &mut self,
        slot: u32,
        raw: &[u8],
        head: &Head,
        dir: Direction,
        ctx: &PacketCtx,
        out: &mut Output,
    ) -> (Option<u64>, Option<f64>) {
        let Some(cseq) = head.cseq(raw) else {
            return (None, None);
        };
        let branch = head
            .branch(raw)
            .map(|b| sub(raw, &b).to_vec())
            .unwrap_or_default();
        let method_bytes = sub(raw, &cseq.method).to_vec();
        match head.status() {
            None => {
                if method_bytes == b"ACK" {
                    return (None, None); // ACK has no response
                }
                let key = TxKey {
                    dir,
                    branch: branch.clone(),
                    cseq: cseq.number,
                    method: method_bytes.clone(),
                };
                if self.pending.contains_key(&key) {
                    return (None, None); // a retransmission
                }
                if self.pending.len() >= self.caps.transactions {
                    if let Some(old) = self.pending_order.pop_front() {
                        self.pending.remove(&old);
                    }
                    let max = self.caps.transactions;
                    self.limit("sip_max_transactions", format!("more than {max} transactions waiting for a response; the oldest forgotten"), slot, Some(dir), ctx.frame, out);
                }
                let listed = self.slot_mut(slot).and_then(|s| {
                    s.info.transactions_total = s.info.transactions_total.saturating_add(1);
                    (s.info.transactions.len() < MAX_LISTED_TRANSACTIONS).then(|| {
                        s.info.transactions.push(Transaction {
                            method: String::from_utf8_lossy(&method_bytes).into_owned(),
                            cseq: cseq.number,
                            branch: (!branch.is_empty())
                                .then(|| clip(&String::from_utf8_lossy(&branch))),
                            direction: dir,
                            request_frame: ctx.frame,
                            response_frame: None,
                            status: None,
                            reason: None,
                            latency_ms: None,
                        });
                        s.info.transactions.len().saturating_sub(1)
                    })
                });
                self.pending.insert(
                    key.clone(),
                    Pending {
                        slot,
                        frame: ctx.frame,
                        ts_ns: ctx.ts_ns,
                        listed,
                    },
                );
                self.pending_order.push_back(key);
                (None, None)
            }
            Some(code) => {
                let key = TxKey {
                    dir: dir.reverse(),
                    branch,
                    cseq: cseq.number,
                    method: method_bytes,
                };
                let Some(p) = self.pending.get(&key) else {
                    return (None, None);
                };
                let latency_ns = ctx.ts_ns.saturating_sub(p.ts_ns);
                let latency_ms = latency_ns as f64 / 1e6;
                let request_frame = p.frame;
                let (pslot, listed) = (p.slot, p.listed);
                if let Some(t) = listed.and_then(|i| {
                    self.slot_mut(pslot)
                        .and_then(|s| s.info.transactions.get_mut(i))
                }) {
                    if t.status.is_none_or(|s| s < 200) {
                        t.response_frame = Some(ctx.frame);
                        t.status = Some(code);
                        t.reason = Some(clip(&reason_of(raw, head)));
                        t.latency_ms = Some(latency_ms);
                    }
                }
                if code >= 200 {
                    self.pending.remove(&key);
                    self.pending_order.retain(|k| *k != key);
                }
                (Some(request_frame), Some(latency_ms))
            }
        }
    }

    /// Updates the slot's info from one message.
    fn learn(
        &mut self,
        slot: u32,
        raw: &[u8],
        head: &Head,
        dir: Direction,
        ctx: &PacketCtx,
        errors: bool,
    ) {
        let transport = self.transport;
        let Some(s) = self.slot_mut(slot) else { return };
        let _ = transport;
        let i = &mut s.info;
        i.messages = i.messages.saturating_add(1);
        if errors {
            i.malformed = i.malformed.saturating_add(1);
        }
        let m = head.method_code(raw);
        let method_text = String::from_utf8_lossy(head.method(raw)).into_owned();
        if head.is_request() {
            i.requests = i.requests.saturating_add(1);
            if i.method.is_none() {
                i.method = Some(clip(&method_text));
            }
        } else {
            i.responses = i.responses.saturating_add(1);
        }
        for name in ["user-agent", "server"] {
            for h in head.all(name) {
                let ua = clip(&unfold(sub(raw, &h.value)));
                if !ua.is_empty()
                    && !i.user_agents.contains(&ua)
                    && i.user_agents.len() < MAX_USER_AGENTS
                {
                    i.user_agents.push(ua);
                }
            }
        }
        let from = party(raw, head, "from");
        let to = party(raw, head, "to");
        // The first request names the parties as the creator saw them.
        if head.is_request() && i.from.is_none() {
            i.from = from.clone();
            i.to = to.clone();
            s.local_tag = from.as_ref().and_then(|p| p.tag.clone());
            s.caller_dir = Some(dir);
        } else if i.from.is_none() {
            // A response first: its From/To still name caller and callee.
            i.from = from.clone();
            i.to = to.clone();
            s.local_tag = from.as_ref().and_then(|p| p.tag.clone());
            s.caller_dir = Some(dir.reverse());
        }
        if let (Some(t), Some(tp)) = (to.as_ref().and_then(|p| p.tag.clone()), i.to.as_mut()) {
            let from_is_local = from.as_ref().and_then(|p| p.tag.as_ref()) == s.local_tag.as_ref();
            if from_is_local
                && s.remote_tag.as_ref() != Some(&t)
                && !i
                    .state
                    .is_some_and(|st| st == DialogState::Confirmed && s.remote_tag.is_some())
            {
                s.remote_tag = Some(t.clone());
                tp.tag = Some(t);
            }
        }
        auth(raw, head, ctx.frame, &mut i.auth);
        match i.kind {
            SlotKind::Registration => register(raw, head, ctx.frame, i),
            SlotKind::Dialog => dialog(s, raw, head, m, dir, ctx),
            _ => {}
        }
    }
}

/// Whether a message with these tags can belong to `slot`'s dialog.
fn compatible(slot: &Slot, from_tag: Option<&[u8]>, to_tag: Option<&[u8]>) -> bool {
    let is = |t: &[u8], s: &Option<String>| s.as_deref().is_some_and(|s| s.as_bytes() == t);
    let (Some(local), from) = (slot.local_tag.as_ref(), from_tag) else {
        return true;
    };
    let _ = local;
    let from_ok = from.is_none_or(|f| is(f, &slot.local_tag) || is(f, &slot.remote_tag));
    let to_ok = match to_tag {
        None => true,
        Some(t) => {
            is(t, &slot.local_tag)
                || is(t, &slot.remote_tag)
                || slot.remote_tag.is_none()
                // A fork's other early dialog, or a new to-tag before the dialog is confirmed.
                || !slot.info.state.is_some_and(|s| s == DialogState::Confirmed || s.ended())
        }
    };
    from_ok && to_ok
}

fn tag_of(raw: &[u8], head: &Head, name: &'static str) -> Option<Vec<u8>> {
    let h = head.first(name)?;
    parse_address(raw, h.value.clone())?
        .tag
        .map(|t| sub(raw, &t).to_vec())
}

fn clip(s: &str) -> String {
    s.chars().take(MAX_INFO_TEXT_LEN).collect()
}

fn text(raw: &[u8], r: &Range<usize>) -> String {
    clip(&unfold(sub(raw, r)))
}

fn party(raw: &[u8], head: &Head, name: &'static str) -> Option<PartyInfo> {
    let h = head.first(name)?;
    let a = parse_address(raw, h.value.clone())?;
    Some(PartyInfo {
        uri: text(raw, &a.uri),
        user: a.user.as_ref().map(|u| text(raw, u)),
        display: a.display.as_ref().map(|d| text(raw, d)),
        tag: a.tag.as_ref().map(|t| text(raw, t)),
    })
}

fn reason_of(raw: &[u8], head: &Head) -> String {
    match &head.start {
        super::parse::StartLine::Response { reason, .. } => unfold(sub(raw, reason)),
        super::parse::StartLine::Request { .. } => String::new(),
    }
}

fn status_text(raw: &[u8], head: &Head) -> String {
    let code = head.status().unwrap_or(0);
    let reason = reason_of(raw, head);
    clip(&if reason.is_empty() {
        code.to_string()
    } else {
        format!("{code} {reason}")
    })
}

/// Digest challenges and credentials (user, realm, algorithm; never the response).
fn auth(raw: &[u8], head: &Head, frame: u64, list: &mut Vec<AuthSeen>) {
    const HEADERS: [(&str, &str); 4] = [
        ("authorization", "credentials"),
        ("proxy-authorization", "credentials"),
        ("www-authenticate", "challenge"),
        ("proxy-authenticate", "challenge"),
    ];
    for (name, kind) in HEADERS {
        for h in head.all(name) {
            let Some(a) = parse_auth(raw, h.value.clone(), super::decode::MAX_AUTH_PARAMS) else {
                continue;
            };
            let seen = AuthSeen {
                kind,
                header: name.to_string(),
                scheme: text(raw, &a.scheme),
                user: a.get(raw, b"username").map(|r| text(raw, &r)),
                realm: a.get(raw, b"realm").map(|r| text(raw, &r)),
                algorithm: a.get(raw, b"algorithm").map(|r| text(raw, &r)),
                frame,
            };
            let same =
                |o: &AuthSeen| o.kind == seen.kind && o.user == seen.user && o.realm == seen.realm;
            if list.len() < MAX_AUTH && !list.iter().any(same) {
                list.push(seen);
            }
        }
    }
}

/// Expires of a REGISTER or its response: the first Contact's `expires`, else Expires.
fn expires(raw: &[u8], head: &Head) -> Option<u32> {
    let from_contact = head.first("contact").and_then(|h| {
        let first = super::parse::split_list(raw, h.value.clone())
            .into_iter()
            .next()?;
        super::parse::param(raw, first, b"expires")
    });
    let r = from_contact.or_else(|| head.first("expires").map(|h| h.value.clone()))?;
    std::str::from_utf8(sub(raw, &r)).ok()?.trim().parse().ok()
}

fn register(raw: &[u8], head: &Head, frame: u64, i: &mut SessionInfo) {
    let reg = i.registration.get_or_insert_with(|| Registration {
        first_frame: frame,
        ..Registration::default()
    });
    if reg.aor.is_empty() {
        if let Some(to) = party(raw, head, "to") {
            reg.aor = to.uri;
        }
    }
    if head.is_request() {
        reg.requests = reg.requests.saturating_add(1);
        if let Some(h) = head.first("contact") {
            let first = super::parse::split_list(raw, h.value.clone())
                .into_iter()
                .next();
            reg.contact = first.map(|f| match parse_address(raw, f.clone()) {
                Some(a) => text(raw, &a.uri),
                None => text(raw, &f),
            });
        }
        reg.expires = expires(raw, head).or(reg.expires);
    } else if head.status().is_some_and(|c| c >= 200) {
        reg.result = Some(status_text(raw, head));
        if head.status().is_some_and(|c| c < 300) {
            reg.expires = expires(raw, head).or(reg.expires);
        }
    }
}

/// The name of a static RTP payload type (RFC 3551 §6).
fn static_codec(pt: &[u8]) -> Option<&'static str> {
    Some(match pt {
        b"0" => "PCMU/8000",
        b"3" => "GSM/8000",
        b"4" => "G723/8000",
        b"8" => "PCMA/8000",
        b"9" => "G722/8000",
        b"18" => "G729/8000",
        _ => return None,
    })
}

fn set_state(s: &mut Slot, state: DialogState, ctx: &PacketCtx) {
    if s.info.state == Some(state) {
        return;
    }
    s.info.state = Some(state);
    if let Some(call) = s.call.as_mut() {
        if call.states.len() < MAX_STATES {
            call.states.push(StateChange {
                state: state.as_str().into(),
                time: ns_to_secs(ctx.ts_ns),
                frame: ctx.frame,
            });
        }
    }
}

fn dialog(s: &mut Slot, raw: &[u8], head: &Head, m: u32, dir: Direction, ctx: &PacketCtx) {
    let invite_dialog = s.info.method.as_deref() == Some("INVITE");
    if invite_dialog && s.call.is_none() {
        s.call = Some(CallLeg {
            first_time: ns_to_secs(ctx.ts_ns),
            first_frame: ctx.frame,
            ..CallLeg::default()
        });
    }
    let state = s.info.state;
    let from_caller = Some(dir) == s.caller_dir;
    match (head.status(), m) {
        (None, method::INVITE) if state.is_none() => set_state(s, DialogState::Initiated, ctx),
        // A new INVITE without a to-tag after a refusal (401/407 challenge, a retry): no dialog
        // was made (RFC 3261 §12.1), so the call starts again in the same session.
        (None, method::INVITE)
            if matches!(state, Some(DialogState::Failed | DialogState::Cancelled))
                && tag_of(raw, head, "to").is_none() =>
        {
            s.remote_tag = None;
            if let Some(to) = s.info.to.as_mut() {
                to.tag = None;
            }
            s.info.ended_by = None;
            set_state(s, DialogState::Initiated, ctx);
        }
        (None, method::SUBSCRIBE | method::REFER) if state.is_none() => {
            set_state(s, DialogState::Initiated, ctx)
        }
        (None, method::BYE) if !state.is_some_and(DialogState::ended) => {
            s.info.ended_by = Some(if from_caller { "caller" } else { "callee" }.into());
            set_state(s, DialogState::Terminated, ctx);
        }
        (None, method::CANCEL)
            if !state.is_some_and(DialogState::ended) && state != Some(DialogState::Confirmed) =>
        {
            s.info.ended_by = Some("cancel".into());
            set_state(s, DialogState::Cancelled, ctx);
        }
        (None, method::NOTIFY) => {
            let terminated = head
                .text(raw, "subscription-state")
                .is_some_and(|v| v.trim_start().starts_with("terminated"));
            if terminated && !invite_dialog {
                s.info.ended_by = Some(if from_caller { "caller" } else { "callee" }.into());
                set_state(s, DialogState::Terminated, ctx);
            } else if state.is_none() {
                set_state(s, DialogState::Confirmed, ctx);
            }
        }
        (None, _) if state.is_none() => set_state(s, DialogState::Confirmed, ctx),
        (Some(code), method::INVITE | method::SUBSCRIBE | method::REFER) => {
            let open = matches!(
                state,
                None | Some(DialogState::Initiated | DialogState::Early)
            );
            if (101..200).contains(&code) && open {
                set_state(s, DialogState::Early, ctx);
            } else if (200..300).contains(&code) && (open || state == Some(DialogState::Cancelled))
            {
                // 200 to INVITE racing a CANCEL: the call was answered.
                if state == Some(DialogState::Cancelled) {
                    s.info.ended_by = None;
                }
                set_state(s, DialogState::Confirmed, ctx);
            } else if code >= 300 && open {
                s.info.ended_by = Some(status_text(raw, head));
                set_state(
                    s,
                    if code == 487 {
                        DialogState::Cancelled
                    } else {
                        DialogState::Failed
                    },
                    ctx,
                );
                if code == 487 {
                    s.info.ended_by = Some("cancel".into());
                }
            }
        }
        _ => {}
    }
    let Some(call) = s.call.as_mut() else { return };
    call.last_time = ns_to_secs(ctx.ts_ns);
    call.last_frame = ctx.frame;
    if let (Some(from), Some(to)) = (&s.info.from, &s.info.to) {
        call.key = clip(&format!(
            "{};{};{}",
            s.info.call_id.as_deref().unwrap_or_default(),
            from.tag.as_deref().unwrap_or_default(),
            to.tag.as_deref().unwrap_or_default()
        ));
        if call.calling.is_empty() {
            call.calling = Party {
                number: from.user.clone(),
                name: from.display.clone(),
            };
        }
        call.called = Party {
            number: to.user.clone(),
            name: to.display.clone(),
        };
    }
    // An asserted identity names the caller better than From.
    if head.is_request() && m == method::INVITE && from_caller {
        if let Some(pai) =
            party(raw, head, "p-asserted-identity").or_else(|| party(raw, head, "remote-party-id"))
        {
            call.calling = Party {
                number: pai.user.or(call.calling.number.take()),
                name: pai.display.or(call.calling.name.take()),
            };
        }
    }
    call.end_cause = match s.info.state {
        Some(st) if st.ended() => s.info.ended_by.clone().map(|b| match st {
            DialogState::Terminated => format!("BYE from {b}"),
            _ => b,
        }),
        _ => None,
    };
    media(call, raw, head, ctx);
}

/// Media endpoints from an SDP body: where the sender of the message receives.
fn media(call: &mut CallLeg, raw: &[u8], head: &Head, ctx: &PacketCtx) {
    if head.content_type(raw).as_deref() != Some("application/sdp") {
        return;
    }
    let body_len = match head.content_length(raw) {
        Ok(Some(n)) => usize::try_from(n).unwrap_or(usize::MAX),
        _ => raw.len(),
    };
    let body = head.body_start..head.body_start.saturating_add(body_len).min(raw.len());
    let sdp = sdp::parse(raw, body);
    for (k, m) in sdp.media.iter().enumerate() {
        let (Some(port), Some(addr)) = (m.port, sdp.media_address(k)) else {
            continue;
        };
        if port == 0 {
            continue; // a declined stream
        }
        let ip = String::from_utf8_lossy(sub(raw, &addr)).into_owned();
        let address = if ip.contains(':') {
            format!("[{ip}]:{port}")
        } else {
            format!("{ip}:{port}")
        };
        let codec = m.formats.first().and_then(|pt| {
            let pt = sub(raw, pt);
            m.rtpmap
                .iter()
                .find(|r| sub(raw, &r.payload_type) == pt)
                .map(|r| String::from_utf8_lossy(sub(raw, &r.encoding)).into_owned())
                .or_else(|| static_codec(pt).map(str::to_string))
        });
        if call.media.iter().any(|e| e.address == address) || call.media.len() >= MAX_MEDIA {
            continue;
        }
        call.media.push(MediaEndpoint {
            address: clip(&address),
            role: "receive",
            codec,
            frame: ctx.frame,
        });
    }
}

impl FlowDecoder for Decoder {
    fn calls_since(&self) -> Option<f64> {
        self.slots
            .iter()
            .filter_map(|s| s.call.as_ref())
            .map(|c| c.first_time)
            .min_by(f64::total_cmp)
    }

    fn protocol(&self) -> Protocol {
        Protocol::Sip
    }

    fn on_data(&mut self, dir: Direction, data: &[u8], ctx: &PacketCtx, out: &mut Output) {
        let mut items = Vec::new();
        if let Some(f) = self.framers.get_mut(dir.index()) {
            f.push(data, &mut items);
        }
        self.items(dir, items, ctx, out);
    }

    fn on_gap(&mut self, dir: Direction, missing_len: u64, ctx: &PacketCtx, out: &mut Output) {
        let mut items = Vec::new();
        if let Some(f) = self.framers.get_mut(dir.index()) {
            f.gap(missing_len, &mut items);
        }
        self.items(dir, items, ctx, out);
    }

    fn on_datagram(&mut self, dir: Direction, data: &[u8], ctx: &PacketCtx, out: &mut Output) {
        let mut items = Vec::new();
        let Some(base) = self.datagram_offset.get_mut(dir.index()) else {
            return;
        };
        let at = *base;
        *base = base.saturating_add(data.len() as u64);
        split_datagram(
            data,
            at,
            self.caps.message_len,
            self.caps.headers,
            &mut items,
        );
        self.items(dir, items, ctx, out);
    }

    fn on_close(&mut self, ctx: &PacketCtx, out: &mut Output) {
        for dir in [Direction::ToServer, Direction::ToClient] {
            let mut items = Vec::new();
            if let Some(f) = self.framers.get_mut(dir.index()) {
                f.finish(&mut items);
            }
            self.items(dir, items, ctx, out);
        }
    }

    fn busy(&self) -> bool {
        self.slots
            .iter()
            .any(|s| !s.done && s.info.state.is_some_and(|state| !state.ended()))
    }

    /// Dialogs that ended and out-of-dialog exchanges (OPTIONS pings…), quiet since
    /// `quiet_before_ns`: a trunk between two fixed addresses would otherwise hold every
    /// dialog of the capture. Registrations stay (their refreshes are one session).
    fn take_done(&mut self, quiet_before_ns: i64) -> Vec<(u32, AnyInfo)> {
        let mut done = Vec::new();
        for (at, s) in self.slots.iter_mut().enumerate() {
            if s.done || s.last_ns >= quiet_before_ns || self.overflow == u32::try_from(at).ok() {
                continue;
            }
            let over = match s.info.kind {
                SlotKind::Dialog => s.info.state.is_some_and(DialogState::ended),
                SlotKind::Other => true,
                SlotKind::Registration | SlotKind::Overflow => false,
            };
            let Ok(slot) = u32::try_from(at) else { continue };
            if !over {
                continue;
            }
            let mut info = std::mem::replace(&mut s.info, SessionInfo::new(SlotKind::Other, self.transport, None));
            info.calls = s.call.take().into_iter().collect();
            s.done = true;
            s.local_tag = None;
            s.remote_tag = None;
            if let Some(key) = s.key.take() {
                if let Some(list) = self.by_call_id.get_mut(&key) {
                    list.retain(|&x| x != slot);
                    if list.is_empty() {
                        self.by_call_id.remove(&key);
                    }
                }
            }
            done.push((slot, AnyInfo::Sip(Box::new(info))));
        }
        done
    }

    fn sessions(&self) -> Vec<AnyInfo> {
        let mut all: Vec<AnyInfo> = self
            .slots
            .iter()
            .map(|s| {
                let mut info = s.info.clone();
                info.calls = s.call.clone().into_iter().collect();
                AnyInfo::Sip(Box::new(info))
            })
            .collect();
        if all.is_empty() {
            // Slot 0 is open from detection on, even when no message was ever decoded.
            all.push(AnyInfo::Sip(Box::new(SessionInfo::new(
                SlotKind::Other,
                self.transport,
                None,
            ))));
        }
        all
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]
mod tests {
    use super::*;
    use crate::synth::sip::{invite_call, register_pair, Msg};

    fn run_udp(msgs: &[Msg]) -> (Decoder, Output) {
        let mut d = Decoder::new(Transport::Udp, &Limits::default());
        let mut out = Output::default();
        for (i, m) in msgs.iter().enumerate() {
            let ctx = PacketCtx {
                frame: i as u64 + 1,
                ts_ns: i as i64 * 10_000_000,
                wire_len: 0,
            };
            d.on_datagram(m.dir, &m.bytes, &ctx, &mut out);
        }
        d.on_close(&PacketCtx::default(), &mut out);
        (d, out)
    }

    fn info(d: &Decoder, slot: usize) -> SessionInfo {
        match &d.sessions()[slot] {
            AnyInfo::Sip(i) => (**i).clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invite_dialog_confirmed_then_bye_from_callee() {
        let msgs = invite_call("call-a@10.0.0.5", 200, true, false);
        let (d, out) = run_udp(&msgs);
        assert_eq!(d.sessions().len(), 1);
        let i = info(&d, 0);
        assert_eq!(
            (i.kind, i.state, i.ended_by.as_deref()),
            (
                SlotKind::Dialog,
                Some(DialogState::Terminated),
                Some("callee")
            )
        );
        assert_eq!(i.from.as_ref().unwrap().user.as_deref(), Some("1001"));
        assert_eq!(i.to.as_ref().unwrap().tag.as_deref(), Some("b-tag"));
        let call = &i.calls[0];
        assert_eq!(call.key, "call-a@10.0.0.5;a-tag;b-tag");
        assert_eq!(call.calling.number.as_deref(), Some("1001"));
        assert_eq!(call.called.number.as_deref(), Some("2001"));
        let states: Vec<&str> = call.states.iter().map(|s| s.state.as_str()).collect();
        assert_eq!(states, ["initiated", "early", "confirmed", "terminated"]);
        assert_eq!(call.end_cause.as_deref(), Some("BYE from callee"));
        assert_eq!(call.media.len(), 2);
        assert_eq!(call.media[0].address, "10.0.0.5:40000");
        assert_eq!(call.media[0].codec.as_deref(), Some("PCMU/8000"));
        // INVITE/200 and BYE/200 paired; 180 points at the INVITE too.
        let paired: Vec<(u32, Option<u64>)> = out
            .compact
            .iter()
            .map(|c| (c.pdu, c.request_frame))
            .collect();
        assert_eq!(
            paired,
            [
                (1, None),
                (180, Some(1)),
                (200, Some(1)),
                (2, None),
                (3, None),
                (200, Some(5))
            ]
        );
        assert_eq!(out.compact[2].latency_ms, Some(20.0));
        assert!(out.events.is_empty(), "{:?}", out.events);
        assert_eq!(i.transactions.len(), 2);
        assert_eq!(i.transactions[0].status, Some(200));
        // Every compact message decodes again to the same numbers.
        for c in &out.compact {
            let m = c.decode().unwrap();
            assert_eq!((m.pdu, m.errors.is_empty()), (c.pdu, !c.has_errors));
        }
    }

    #[test]
    fn cancelled_and_failed_calls() {
        let (d, _) = run_udp(&invite_call("c-cancel", 487, false, true));
        let i = info(&d, 0);
        assert_eq!(
            (i.state, i.ended_by.as_deref()),
            (Some(DialogState::Cancelled), Some("cancel"))
        );
        let (d, _) = run_udp(&invite_call("c-busy", 486, false, false));
        let i = info(&d, 0);
        assert_eq!(
            (i.state, i.ended_by.as_deref()),
            (Some(DialogState::Failed), Some("486 Busy Here"))
        );
        assert_eq!(i.calls[0].end_cause.as_deref(), Some("486 Busy Here"));
    }

    #[test]
    fn invite_retried_after_a_challenge_stays_one_call() {
        let mut msgs = invite_call("c-retry", 486, false, false);
        let mut again = invite_call("c-retry", 200, true, false);
        // The retry's answers carry another to-tag, as a proxy's new transaction would.
        for m in &mut again {
            let t = String::from_utf8(m.bytes.clone()).unwrap().replace("b-tag", "b2-tag");
            m.bytes = t.into_bytes();
        }
        msgs.extend(again);
        let (d, _) = run_udp(&msgs);
        assert_eq!(d.sessions().len(), 1);
        let i = info(&d, 0);
        assert_eq!((i.state, i.ended_by.as_deref()), (Some(DialogState::Terminated), Some("callee")));
        let states: Vec<&str> = i.calls[0].states.iter().map(|s| s.state.as_str()).collect();
        assert_eq!(states, ["initiated", "early", "failed", "initiated", "early", "confirmed", "terminated"]);
        assert_eq!(i.calls[0].key, "c-retry;a-tag;b2-tag");
    }

    #[test]
    fn register_with_challenge_is_its_own_slot() {
        let mut msgs = register_pair("reg-1", 1, None, 401);
        msgs.extend(register_pair(
            "reg-1",
            2,
            Some("0123456789abcdef0123456789abcdef"),
            200,
        ));
        msgs.extend(invite_call("call-b", 200, true, false));
        let (d, out) = run_udp(&msgs);
        assert_eq!(d.sessions().len(), 2);
        let r = info(&d, 0);
        assert_eq!(r.kind, SlotKind::Registration);
        let reg = r.registration.as_ref().unwrap();
        assert_eq!(
            (
                reg.aor.as_str(),
                reg.expires,
                reg.result.as_deref(),
                reg.requests
            ),
            ("sip:1001@pbx.example.com", Some(3600), Some("200 OK"), 2)
        );
        assert_eq!(r.auth.len(), 2);
        assert_eq!(r.auth[1].user.as_deref(), Some("1001"));
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("0123456789abcdef"), "{json}");
        assert_eq!(info(&d, 1).kind, SlotKind::Dialog);
        assert!(out.compact.iter().any(|c| c.slot == 1));
    }

    #[test]
    fn slots_are_capped() {
        let limits = Limits {
            sip_max_slots: 2,
            ..Limits::default()
        };
        let mut d = Decoder::new(Transport::Udp, &limits);
        let mut out = Output::default();
        for k in 0..5 {
            for m in crate::synth::sip::options(&format!("opt-{k}")) {
                d.on_datagram(m.dir, &m.bytes, &PacketCtx::default(), &mut out);
            }
        }
        assert_eq!(d.sessions().len(), 3);
        assert_eq!(info(&d, 2).kind, SlotKind::Overflow);
        assert_eq!(
            out.events
                .iter()
                .filter(|e| e.kind == EventKind::SipLimit)
                .count(),
            1
        );
        assert_eq!(out.compact.iter().filter(|c| c.slot == 2).count(), 6);
    }

    #[test]
    fn tcp_segments_at_every_split() {
        let msgs = invite_call("call-tcp", 200, true, false);
        let to_server: Vec<u8> = msgs
            .iter()
            .filter(|m| m.dir == Direction::ToServer)
            .flat_map(|m| m.bytes.clone())
            .collect();
        for cut in (0..to_server.len()).step_by(7) {
            let mut d = Decoder::new(Transport::Tcp, &Limits::default());
            let mut out = Output::default();
            d.on_data(
                Direction::ToServer,
                &to_server[..cut],
                &PacketCtx::default(),
                &mut out,
            );
            d.on_data(
                Direction::ToServer,
                &to_server[cut..],
                &PacketCtx::default(),
                &mut out,
            );
            d.on_close(&PacketCtx::default(), &mut out);
            let names: Vec<u32> = out.compact.iter().map(|c| c.pdu).collect();
            assert_eq!(names, [1, 2, 200], "cut at {cut}");
            assert!(out.events.is_empty(), "cut at {cut}: {:?}", out.events);
        }
    }
}
