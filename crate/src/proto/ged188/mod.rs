//! GED-188, the Cisco CTI Server protocol (UCCE agent desktops, recorders, CRM connectors;
//! TCP 42027 side A, 43027 side B by convention). `docs/ged188.md` says what is decoded, per
//! version, and what is not; the ground truth is `../shared/protocol/ged188.md` and the real
//! captures in `tests/captures/ged188/`.
//!
//! Every message is an 8-byte header (big-endian MessageLength, MessageType), a fixed part
//! whose layout depends on the type and the protocol version, and tagged floating fields
//! framed with 1-byte (≤ v17) or 2-byte (≥ v20) tags and lengths. The layers:
//! * [`frame`]: the header and the per-direction framer (buffering, caps, resync);
//! * [`schema`] (+ `tables`, generated from the spec): message types, fixed parts per
//!   version, tags, enums, masks;
//! * [`decode`]: one message → fields, spans, notes, errors, for a given version or none;
//! * [`session`]: the per-connection decoder: version from OPEN_REQ, InvokeID pairing, agents,
//!   calls, close.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

pub mod decode;
pub mod frame;
pub mod schema;
pub mod session;
mod tables;

pub use decode::{decode_message, Context, Decoded, Framing};
pub use frame::{Framer, Header, DEFAULT_MAX_MESSAGE_LEN, HEADER_LEN};
pub use session::{link_logical_clients, message_from_bytes, Decoder, SessionInfo};

use crate::model::Protocol;
use crate::proto::registry::{Codec, Registration};
use crate::report::Transport;

/// Conventional CTI Server ports (side A, side B); hints only, sites configure their own.
pub const PORTS: [u16; 2] = [42027, 43027];

/// Whether `data` (the first payload bytes of a TCP flow, either direction) is GED-188.
///
/// On 42027/43027 a plausible header is enough (a capture may start mid-message; the framer
/// resynchronises). Elsewhere the first message must be whole and decode without errors, and
/// be an OPEN_REQ / OPEN_CONF (how every session starts) or be followed by another plausible
/// header.
pub fn probe(server_port: u16, data: &[u8]) -> bool {
    let max = DEFAULT_MAX_MESSAGE_LEN;
    let Ok(h) = Header::parse(data) else { return false };
    if !h.plausible(max) {
        return false;
    }
    if PORTS.contains(&server_port) {
        return true;
    }
    let Ok(len) = h.check(max) else { return false };
    let Some(first) = data.get(..len) else { return false };
    let d = decode_message(first, Context::default());
    if !d.errors.is_empty() {
        return false;
    }
    if h.message_type == schema::mt::OPEN_REQ {
        return d.u32("VersionNumber").is_some_and(|v| (1..=99).contains(&v)) && d.get("ClientID").is_some();
    }
    if h.message_type == schema::mt::OPEN_CONF {
        return true;
    }
    match data.get(len..) {
        Some(rest) if rest.len() >= HEADER_LEN => Header::parse(rest).is_ok_and(|n| n.plausible(max)),
        _ => false,
    }
}

/// GED-188 in the protocol registry: TCP only, by content ([`probe`]), 42027/43027 hints;
/// messages kept compact and decoded again from their bytes and version ([`session`]).
pub const REGISTRATION: Registration = Registration {
    protocol: Protocol::Ged188,
    claims_port: crate::proto::registry::never,
    probe: |p| p.transport == Transport::Tcp && probe(p.server_port, p.data),
    service_ports: &PORTS,
    new_decoder: |transport, limits| match transport {
        Transport::Tcp => Some(Box::new(Decoder::new(limits))),
        Transport::Udp => None,
    },
    codec: Some(Codec { decode: message_from_bytes, name: session::entry_name, may_carry_tags: schema::may_carry_tags, tags: None }),
    link_sessions: Some(link_logical_clients),
};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::decode::tests::open_req;
    use super::frame::tests::build;
    use super::*;

    #[test]
    fn probe_finds_the_open_anywhere_and_is_lenient_on_the_ports() {
        let open = open_req(20, Framing::Long, b"pw\0");
        assert!(probe(52027, &open));
        assert!(probe(42027, &open[..8]));
        assert!(!probe(52027, &open[..20]));
        let hb = build(5, &1u32.to_be_bytes());
        assert!(probe(43027, &hb));
        assert!(!probe(52027, &hb));
        let mut two = hb.clone();
        two.extend(build(6, &1u32.to_be_bytes()));
        assert!(probe(52027, &two));
        assert!(!probe(42027, b"GET / HTTP/1.1\r\n"));
        assert!(!probe(52027, &[0; 16]));
    }
}
