//! Application protocols: detection (port hints plus content probes) and the stream decoders
//! that turn reassembled bytes into messages.
//!
//! A decoder owns one connection. The engine feeds it in-order bytes per direction
//! ([`StreamDecoder::on_data`]), tells it about holes in the stream ([`StreamDecoder::on_gap`]),
//! and closes it once ([`StreamDecoder::on_close`]). Decoders never panic on input bytes:
//! malformed input becomes an [`Event`] and decoding resynchronises.

pub mod ctiqbe;
pub mod detect;
pub mod sip;
pub mod tls;

use crate::model::{Direction, Event, Message, Protocol};

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
#[derive(Debug, Default)]
pub struct Output {
    /// Messages kept whole (protocols that cannot decode a message again from its bytes).
    pub messages: Vec<Message>,
    /// CTIQBE messages, kept compact and decoded again on demand ([`crate::store`]).
    pub compact: Vec<crate::store::CompactMessage>,
    pub events: Vec<Event>,
}

impl Output {
    pub fn event(&mut self, kind: &str, direction: Option<Direction>, frame: u64, detail: String) {
        self.events.push(Event { kind: kind.to_string(), direction, frame, detail, session: 0 });
    }
}

/// A per-connection decoder of one application protocol.
pub trait StreamDecoder {
    fn protocol(&self) -> Protocol;
    /// In-order bytes of one direction, as carried by the packet `ctx`.
    fn on_data(&mut self, dir: Direction, data: &[u8], ctx: &PacketCtx, out: &mut Output);
    /// `missing_len` bytes of `dir` were never captured; the next `on_data` continues after them.
    fn on_gap(&mut self, dir: Direction, missing_len: u64, ctx: &PacketCtx, out: &mut Output);
    /// The connection ended (FIN/RST seen both ways, or the capture ended).
    fn on_close(&mut self, ctx: &PacketCtx, out: &mut Output);
    /// What this connection established (for CTIQBE: provider, devices, lines, calls...), as
    /// the report's `sessions[].info`.
    fn session_info(&self) -> serde_json::Value;
    /// Whether the channel is encrypted (TLS).
    fn encrypted(&self) -> bool {
        false
    }
}
