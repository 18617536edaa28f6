//! Application protocols: detection (port hints plus content probes) and the stream decoders
//! that turn reassembled bytes into messages.
//!
//! A decoder owns one connection. The engine feeds it in-order bytes per direction
//! ([`FlowDecoder::on_data`]), tells it about holes in the stream ([`FlowDecoder::on_gap`]),
//! and closes it once ([`FlowDecoder::on_close`]). Decoders never panic on input bytes:
//! malformed input becomes an [`Event`] and decoding resynchronises.

pub mod ctiqbe;
pub mod detect;
pub mod ged188;
pub mod registry;
pub mod sip;
pub mod sccp;
pub mod tls;

use crate::model::{Direction, Event, EventKind, Message, Protocol};
pub use crate::report::SessionInfo;

/// Where the bytes handed to a decoder came from.
#[derive(Clone, Copy, Debug, Default)]
pub struct PacketCtx {
    /// 1-based frame number of the packet.
    pub frame: u64,
    /// Capture timestamp in nanoseconds since the Unix epoch.
    pub ts_ns: i64,
    /// Length of the whole packet on the wire.
    pub wire_len: u32,
}

/// What a decoder produced for one call; the engine drains it after every call.
///
/// A flow can carry several sessions (SIP: one per dialog or registration on one UDP flow).
/// Each message and event names its session by a *slot*: a small number the decoder chooses,
/// 0 for its first session; the engine turns slots into report session ids, and the decoder's
/// [`FlowDecoder::sessions`] lists each slot's final state.
#[derive(Debug, Default)]
pub struct Output {
    /// Messages kept whole (protocols that cannot decode a message again from its bytes).
    pub messages: Vec<Message>,
    /// Messages kept compact and decoded again on demand by their protocol's registration
    /// ([`crate::store`], [`registry`]).
    pub compact: Vec<crate::store::CompactMessage>,
    pub events: Vec<Event>,
}

impl Output {
    /// An event of the flow's first session (slot 0).
    pub fn event(
        &mut self,
        kind: EventKind,
        direction: Option<Direction>,
        frame: u64,
        detail: String,
    ) {
        self.event_in(0, kind, direction, frame, detail);
    }

    /// An event of the session in `slot`.
    pub fn event_in(
        &mut self,
        slot: u32,
        kind: EventKind,
        direction: Option<Direction>,
        frame: u64,
        detail: String,
    ) {
        self.events.push(Event {
            kind,
            direction,
            frame,
            detail,
            session: 0,
            slot,
        });
    }
}

/// A per-flow decoder of one application protocol. Bytes come as in-order stream data (TCP,
/// after reassembly) or as datagrams (UDP); decoders never panic on them.
pub trait FlowDecoder {
    fn protocol(&self) -> Protocol;
    /// In-order bytes of one direction of a TCP connection, as carried by the packet `ctx`.
    fn on_data(&mut self, dir: Direction, data: &[u8], ctx: &PacketCtx, out: &mut Output);
    /// `missing_len` bytes of `dir` were never captured; the next `on_data` continues after them.
    fn on_gap(&mut self, dir: Direction, missing_len: u64, ctx: &PacketCtx, out: &mut Output);
    /// One UDP datagram's payload. Stream protocols never see one.
    fn on_datagram(&mut self, _dir: Direction, _data: &[u8], _ctx: &PacketCtx, _out: &mut Output) {}
    /// The flow ended (FIN/RST seen both ways, or the capture ended). Called once.
    fn on_close(&mut self, ctx: &PacketCtx, out: &mut Output);
    /// What each session of this flow established, by slot: `sessions()[0]` is slot 0.
    /// The report shows each as its session's `info`.
    fn sessions(&self) -> Vec<SessionInfo>;
    /// Whether the flow is in the middle of something a quiet spell does not end (a SIP
    /// dialog set up and not ended: a call's signalling is quiet while it is talked): an idle
    /// UDP flow is retired (`crate::engine`) only when this is false.
    fn busy(&self) -> bool {
        false
    }
    /// The earliest start (seconds) of a call leg this flow's sessions hold and will report at
    /// its close, if any: until then the engine cannot close a call that might link to it
    /// (`crate::calls::Correlator`'s watermark). Calls not begun yet start later than now, so
    /// a flow without one (TLS, a SIP flow of OPTIONS pings) holds nothing back.
    fn calls_since(&self) -> Option<f64> {
        None
    }
    /// Sessions of this flow that are over while the flow goes on (a SIP dialog that ended on a
    /// trunk that carries the next ones), quiet since `quiet_before_ns`, by slot, with their
    /// final info: the engine retires them then. Their slots are not used again, and
    /// [`FlowDecoder::sessions`] may still list them (ignored). None by default.
    fn take_done(&mut self, _quiet_before_ns: i64) -> Vec<(u32, SessionInfo)> {
        Vec::new()
    }
    /// Whether the channel is encrypted (TLS).
    fn encrypted(&self) -> bool {
        false
    }
}
