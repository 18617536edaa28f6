//! Retirement: a flow leaves the flow table once it is over, with its sessions, and both go
//! through the findings, the inventory and the call correlation right then, so an analysis
//! holds what is open at once rather than every flow of the capture (`docs/report.md`,
//! "Streaming and memory").
//!
//! When is a flow over? A TCP connection `Limits::flow_linger_ms` (60 s) after it ended (FIN
//! both ways or a RST): the last ACK and a retransmitted FIN still count in its flow, as they
//! did when flows stayed to the end. A TCP connection that did not end, after
//! `Limits::tcp_idle_ms` (300 s, Zeek's TCP inactivity timeout) without a packet: CTI, SCCP and
//! GED-188 connections send keepalives every 30 s or so, so one this quiet is gone. A UDP flow
//! after `Limits::udp_idle_ms` (120 s) without a packet. Neither idle one while its decoder is
//! busy (a SIP dialog set up and not ended: a call's signalling is quiet while it is talked,
//! and its BYE belongs to its dialog). Idle flows are looked for every [`SWEEP_NS`]; a packet
//! after that starts a new flow, as a firewall's or Zeek's connection table would. Everything
//! else ends with the capture. Times are capture times, so the same capture gives the same
//! report however it is read.
//!
//! Within a flow that goes on, a decoder may hand out sessions that are over
//! (`FlowDecoder::take_done`: a SIP trunk's ended dialogs), retired the same way.
//!
//! A protocol whose sessions are linked to each other at the end (GED-188's logical clients,
//! `registry::link_sessions`) keeps its flows until the end: a session learns every other
//! session of its client there. Those are a CTI bridge's or an agent desktop's few connections.
//!
//! Retired flows and sessions wait in [`Done`] for the report; a caller that writes them out
//! as they come ([`crate::Engine::stream_retired`]) takes them from there, and they are gone.

use std::collections::VecDeque;

use foldhash::HashMap;

use super::pipeline::Pipeline;
use crate::calls::{Call, Correlator};
use crate::findings::ctx::View;
use crate::findings::Findings;
use crate::limits::Limits;
use crate::model::Event;
use crate::proto::PacketCtx;
use crate::report::{FlowSummary, Session, Transport};

/// How often the correlator is told how far the capture has gone (every second of capture
/// time at most, when flows retire or idle ones are looked for).
const ADVANCE_NS: i64 = 1_000_000_000;
/// How often idle flows, and sessions over within their flow, are looked for (every 10 s of
/// capture time).
pub const SWEEP_NS: i64 = 10_000_000_000;

/// The live sessions, by id (ids count from 1 in the order sessions opened).
#[derive(Default)]
pub(super) struct Sessions {
    live: HashMap<u32, Session>,
    opened: u32,
}

impl Sessions {
    pub fn get_mut(&mut self, id: u32) -> Option<&mut Session> {
        self.live.get_mut(&id)
    }

    /// Opens the next session, made by `make` from its id.
    pub fn open(&mut self, make: impl FnOnce(u32) -> Session) -> u32 {
        self.opened = self.opened.saturating_add(1);
        let id = self.opened;
        self.live.insert(id, make(id));
        id
    }

    fn take(&mut self, id: u32) -> Option<Session> {
        self.live.remove(&id)
    }
}

/// What retirement keeps between flows: the closed connections waiting for their linger, the
/// consumers (findings, inventory), and what retired and waits for the report or the caller.
pub(super) struct Retirement {
    linger_ns: i64,
    udp_idle_ns: i64,
    tcp_idle_ns: i64,
    /// Closed TCP flows: (retire at, slot, flow id), in closing order.
    closed: VecDeque<(i64, usize, u32)>,
    /// Capture time of the next look for idle flows ([`SWEEP_NS`]).
    next_sweep: Option<i64>,
    /// Capture time (ns) the correlator may next be advanced at (once a second).
    next_advance: i64,
    /// The kept events of each live session (positions in the pipeline's `events`).
    events_of: HashMap<u32, Vec<u32>>,
    pub findings: Findings,
    /// Calls across protocols, correlated as sessions retire.
    pub calls: Correlator,
    /// Retired sessions whose whole messages (TLS handshakes) are held until a streaming
    /// writer has written them ([`Pipeline::forget_written`]).
    whole_to_forget: Vec<u32>,
    /// Flows held to the end with their sessions (see the module doc).
    deferred: Vec<(FlowSummary, Vec<Session>)>,
    pub done: Done,
}

/// Flows and sessions retired, waiting for the report (or a caller that takes them).
#[derive(Default)]
pub(super) struct Done {
    pub flows: Vec<FlowSummary>,
    pub sessions: Vec<Session>,
    /// Calls complete and numbered.
    pub calls: Vec<Call>,
}

/// A record of the report that is final before the capture ends: a flow and its sessions
/// once the flow retired (see the module doc), a call once none of its legs can link to one
/// still to come (`crate::calls::Correlator`).
#[derive(Clone, Copy, Debug)]
pub enum Retired<'a> {
    Flow(&'a FlowSummary),
    Session(&'a Session),
    Call(&'a Call),
}

impl Retirement {
    pub fn new(limits: &Limits) -> Retirement {
        let ns = |ms: u64| i64::try_from(ms.saturating_mul(1_000_000)).unwrap_or(i64::MAX);
        Retirement {
            linger_ns: ns(limits.flow_linger_ms),
            udp_idle_ns: ns(limits.udp_idle_ms),
            tcp_idle_ns: ns(limits.tcp_idle_ms),
            closed: VecDeque::new(),
            next_sweep: None,
            next_advance: i64::MIN,
            events_of: HashMap::default(),
            findings: Findings::new(limits),
            calls: Correlator::new(limits),
            deferred: Vec::new(),
            whole_to_forget: Vec::new(),
            done: Done::default(),
        }
    }

    /// Flow `idx` (id `id`) ended at `ts_ns`.
    pub fn on_closed(&mut self, idx: usize, id: u32, ts_ns: i64) {
        self.closed.push_back((ts_ns.saturating_add(self.linger_ns), idx, id));
    }

    /// Event `position` (in the pipeline's `events`) belongs to `session`.
    pub fn on_event(&mut self, session: u32, position: usize) {
        if session == 0 {
            return;
        }
        if let Ok(p) = u32::try_from(position) {
            self.events_of.entry(session).or_default().push(p);
        }
    }

    /// Whether a packet at `ts_ns` finds something to retire (cheap: two comparisons).
    pub fn due(&self, ts_ns: i64) -> bool {
        self.closed.front().is_some_and(|&(at, _, _)| at <= ts_ns)
            || ((self.udp_idle_ns < i64::MAX || self.tcp_idle_ns < i64::MAX)
                && self.next_sweep.is_none_or(|at| at <= ts_ns))
    }
}

impl Pipeline {
    /// Before the packet at `ctx`: retires the flows whose time is up.
    pub(super) fn retire_due(&mut self, ctx: &PacketCtx) {
        if !self.retirement.due(ctx.ts_ns) {
            return;
        }
        let now = ctx.ts_ns;
        let mut batch: Vec<usize> = Vec::new();
        while let Some(&(at, idx, id)) = self.retirement.closed.front() {
            if at > now {
                break;
            }
            self.retirement.closed.pop_front();
            if self.flows.get(idx).is_some_and(|f| f.summary.id == id) {
                batch.push(idx);
            }
        }
        let swept = match self.retirement.next_sweep {
            Some(at) if at > now => false,
            Some(_) => {
                self.retirement.next_sweep = Some(now.saturating_add(SWEEP_NS));
                let before = |idle: i64| crate::model::ns_to_secs(now.saturating_sub(idle));
                let (udp_before, tcp_before) =
                    (before(self.retirement.udp_idle_ns), before(self.retirement.tcp_idle_ns));
                for idx in 0..self.flows.len() {
                    let Some(f) = self.flows.get(idx) else { continue };
                    let idle_before = match f.transport() {
                        Transport::Udp => udp_before,
                        // A connection that ended is retired by its linger.
                        Transport::Tcp if f.closed => continue,
                        Transport::Tcp => tcp_before,
                    };
                    let busy = f.decoder.as_ref().is_some_and(|d| d.busy());
                    if f.summary.last_time < idle_before && !busy {
                        batch.push(idx);
                    }
                }
                true
            }
            None => {
                self.retirement.next_sweep = Some(now.saturating_add(SWEEP_NS));
                false
            }
        };
        if !batch.is_empty() {
            // Every message so far is final: later ones come from this packet on.
            self.messages.settle();
            for &idx in &batch {
                self.close_flow(idx, ctx);
            }
            self.retire(batch, false);
        }
        if swept && self.retirement.udp_idle_ns < i64::MAX {
            self.retire_done_sessions(now.saturating_sub(self.retirement.udp_idle_ns));
        }
        self.advance_calls(now);
    }

    /// Sessions that are over in flows that go on (`FlowDecoder::take_done`: a SIP trunk's
    /// ended dialogs), quiet since `quiet_before`: retired as a batch, their flows seen by the
    /// findings as they are now (the flows' records come when they retire).
    fn retire_done_sessions(&mut self, quiet_before: i64) {
        let mut flows: Vec<FlowSummary> = Vec::new();
        let mut sessions: Vec<Session> = Vec::new();
        for idx in 0..self.flows.len() {
            let Some(flow) = self.flows.get_mut(idx) else { continue };
            if flow.closed {
                continue;
            }
            let Some(decoder) = flow.decoder.as_mut() else { continue };
            let done = decoder.take_done(quiet_before);
            if done.is_empty() {
                continue;
            }
            for (slot, info) in done {
                let sid = flow.sessions.get(slot as usize).copied().unwrap_or(0);
                if let Some(mut session) = self.sessions.take(sid) {
                    session.info = info;
                    self.retirement.calls.add(&session);
                    sessions.push(session);
                }
            }
            flows.push(flow.summary.clone());
        }
        if sessions.is_empty() {
            return;
        }
        self.messages.settle();
        flows.sort_by_key(|f| f.id);
        sessions.sort_by_key(|s| s.id);
        self.feed_batch(flows, sessions, false);
    }

    /// Tells the correlator how far the capture has gone (at most once a second of capture
    /// time): no call leg still to come starts before `now`, nor before the earliest call an
    /// open flow's decoder holds (its legs come at its close). The calls that are complete go
    /// with the retired records.
    fn advance_calls(&mut self, now: i64) {
        if now < self.retirement.next_advance {
            return;
        }
        self.retirement.next_advance = now.saturating_add(ADVANCE_NS);
        let mut watermark = crate::model::ns_to_secs(now);
        for idx in 0..self.flows.len() {
            let since = self
                .flows
                .get(idx)
                .and_then(|f| f.decoder.as_ref())
                .and_then(|d| d.calls_since());
            if let Some(t) = since {
                watermark = watermark.min(t);
            }
        }
        let calls = self.retirement.calls.advance(watermark);
        self.retirement.done.calls.extend(calls);
    }

    /// Retires the flows in slots `batch` (closed already) as one batch of the findings, in id
    /// order. `last`: the end of the capture, when held flows go too.
    pub(super) fn retire(&mut self, mut batch: Vec<usize>, last: bool) {
        batch.sort_by_key(|&idx| self.flows.get(idx).map_or(u32::MAX, |f| f.summary.id));
        let mut flows: Vec<FlowSummary> = Vec::with_capacity(batch.len());
        let mut sessions: Vec<Session> = Vec::new();
        for idx in batch {
            let Some(flow) = self.flows.take(idx) else { continue };
            if let Some(t) = &flow.tcp {
                for s in &t.streams {
                    let st = &mut self.stats;
                    st.tcp_duplicate_bytes = st.tcp_duplicate_bytes.saturating_add(s.stats.duplicate_bytes);
                    st.tcp_out_of_order_segments =
                        st.tcp_out_of_order_segments.saturating_add(s.stats.out_of_order_segments);
                    st.tcp_gaps = st.tcp_gaps.saturating_add(s.stats.gaps);
                    st.tcp_gap_bytes = st.tcp_gap_bytes.saturating_add(s.stats.gap_bytes);
                }
            }
            let mine: Vec<Session> = flow
                .sessions
                .iter()
                .filter_map(|&sid| self.sessions.take(sid))
                .collect();
            let held = mine
                .iter()
                .any(|s| crate::proto::registry::links_sessions(s.protocol));
            if held && !last {
                self.retirement.deferred.push((flow.summary, mine));
            } else {
                flows.push(flow.summary);
                sessions.extend(mine);
            }
        }
        if last {
            // (Their calls went to the correlator when they were held.)
            for (flow, mine) in std::mem::take(&mut self.retirement.deferred) {
                flows.push(flow);
                sessions.extend(mine);
            }
            flows.sort_by_key(|f| f.id);
            sessions.sort_by_key(|s| s.id);
            crate::proto::registry::link_sessions(&mut sessions);
        } else {
            sessions.sort_by_key(|s| s.id);
        }
        if flows.is_empty() && sessions.is_empty() {
            return;
        }
        self.feed_batch(flows, sessions, true);
    }

    /// Hands a batch to the findings and the inventory, then to the records (`write_flows`:
    /// the flows' too; not when they are only the sessions' flows as they are now).
    fn feed_batch(&mut self, flows: Vec<FlowSummary>, sessions: Vec<Session>, write_flows: bool) {
        let events = self.events_of_batch(&sessions);
        let store = &self.messages;
        self.retirement
            .whole_to_forget
            .extend(sessions.iter().map(|s| s.id).filter(|&id| store.holds_whole(id)));
        self.retirement.findings.feed(View {
            sessions: &sessions,
            flows: &flows,
            events: &events,
            messages: &self.messages,
        });
        if write_flows {
            self.retirement.done.flows.extend(flows);
        }
        self.retirement.done.sessions.extend(sessions);
    }

    /// The kept events of `sessions` (in capture order), forgotten by the index.
    fn events_of_batch(&mut self, sessions: &[Session]) -> Vec<Event> {
        let mut positions: Vec<u32> = sessions
            .iter()
            .filter_map(|s| self.retirement.events_of.remove(&s.id))
            .flatten()
            .collect();
        positions.sort_unstable();
        positions
            .into_iter()
            .filter_map(|p| self.events.get(p as usize).cloned())
            .collect()
    }

    /// Hands `sink` every flow, session and call retired since the last call (flows first), and
    /// forgets them: the report will not hold them. The first error of `sink` stops it (what
    /// was not handed out stays for the report).
    pub(super) fn stream_retired<E>(&mut self, sink: &mut impl FnMut(Retired<'_>) -> Result<(), E>) -> Result<(), E> {
        let done = &mut self.retirement.done;
        hand_out(&mut done.flows, sink, |f| Retired::Flow(f))?;
        hand_out(&mut done.sessions, sink, |s| Retired::Session(s))?;
        hand_out(&mut done.calls, sink, |c| Retired::Call(c))
    }

    /// A streaming writer wrote the messages below `written`: the whole messages of retired
    /// sessions among them are not needed any more (the findings read them when the sessions
    /// retired), so they go; a TLS handshake is kept whole, in RAM, while it may be read.
    pub(super) fn forget_written(&mut self, written: usize) {
        let (retirement, messages) = (&mut self.retirement, &mut self.messages);
        retirement
            .whole_to_forget
            .retain(|&session| !messages.forget_whole(session, written));
    }

    /// The end of the capture: every flow not retired yet, as the last batch.
    pub(super) fn retire_rest(&mut self) {
        let rest: Vec<usize> = (0..self.flows.len())
            .filter(|&idx| self.flows.get(idx).is_some())
            .collect();
        self.retire(rest, true);
    }
}

/// Hands `sink` every item of `list` as a record (`wrap`), emptying it; at the first error,
/// what was not handed out stays in `list`.
fn hand_out<T, E>(
    list: &mut Vec<T>,
    sink: &mut impl FnMut(Retired<'_>) -> Result<(), E>,
    wrap: impl Fn(&T) -> Retired<'_>,
) -> Result<(), E> {
    let mut items = std::mem::take(list).into_iter();
    while let Some(item) = items.next() {
        if let Err(e) = sink(wrap(&item)) {
            list.push(item);
            list.extend(items);
            return Err(e);
        }
    }
    Ok(())
}
