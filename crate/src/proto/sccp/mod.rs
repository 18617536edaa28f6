//! SCCP (Cisco Skinny Client Control Protocol), phone ↔ Communications Manager on TCP 2000
//! (`docs/sccp.md` says what is decoded and what is not).
//!
//! Every message is a 12-byte header (little-endian u32s: data length, header version,
//! message id) and a body whose layout depends on the id and, for a few fields, on the header
//! version. The layers, each in its own file:
//! * [`frame`]: the header view and the per-direction framer (buffering, caps, resync);
//! * [`schema`] (+ [`values`], Wireshark's value names): the message table and layouts as data;
//! * [`decode`]: the generic layout walker (one message → fields, spans, errors);
//! * [`session`]: the per-connection decoder: registrations, calls, request/response pairing.
//!
//! Untrusted bytes never reach a panic here: no unwrap, no unchecked indexing or arithmetic on
//! wire values (the lints below), every limit named and reported when reached.
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
pub mod values;

pub use decode::{decode_message, display_name, kp_digit, Decoded};
pub use frame::{Framer, Header, DEFAULT_MAX_MESSAGE_LEN, HEADER_LEN};
pub use schema::MessageId;
pub use session::{message_from_bytes, Decoder, SessionInfo};

use crate::model::Protocol;
use crate::proto::registry::{Codec, Registration};
use crate::report::Transport;

/// The well-known Skinny port (a hint only).
pub const PORT: u16 = 2000;

/// Whether `data` (the first payload bytes of a TCP flow, either direction) is Skinny.
///
/// On the server port 2000 a valid header is enough (a capture may start mid-message and the
/// framer resynchronises). Elsewhere the evidence must be stronger: a valid header with a
/// message id Wireshark names, and either the payload holds exactly that message or the
/// message is followed by another valid header.
pub fn probe(server_port: u16, data: &[u8]) -> bool {
    let max = DEFAULT_MAX_MESSAGE_LEN;
    let Ok(header) = Header::new_checked(data) else { return false };
    let Ok(len) = header.check(max) else { return false };
    if server_port == PORT {
        return true;
    }
    if schema::name(header.message_id()).is_none() {
        return false;
    }
    match data.get(len..) {
        Some([]) => true,
        Some(rest) => Header::new_checked(rest).is_ok_and(|h| h.plausible(max)),
        None => false,
    }
}

/// SCCP in the protocol registry: TCP only, by content ([`probe`]), port 2000 a hint;
/// messages kept compact and decoded again from their bytes.
pub const REGISTRATION: Registration = Registration {
    protocol: Protocol::Sccp,
    claims_port: crate::proto::registry::never,
    probe: |p| p.transport == Transport::Tcp && probe(p.server_port, p.data),
    service_ports: &[PORT],
    new_decoder: |transport, limits| match transport {
        Transport::Tcp => Some(Box::new(Decoder::new(limits))),
        Transport::Udp => None,
    },
    codec: Some(Codec { decode: message_from_bytes, name: session::entry_name, may_carry_tags: schema::may_carry_tags, tags: None }),
    link_sessions: None,
};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::frame::tests::{build, words};
    use super::*;

    #[test]
    fn probe_is_lenient_on_2000_and_strict_elsewhere() {
        let ka = build(0, 0, &[]);
        assert!(probe(2000, &ka));
        assert!(probe(5555, &ka));
        // Part of a message: enough on 2000, not elsewhere.
        let reg = build(0, 1, &[0; 48]);
        assert!(probe(2000, &reg[..20]));
        assert!(!probe(5555, &reg[..20]));
        // Two messages back to back elsewhere.
        let mut two = build(0, 3, &words(&[1, 1, 2]));
        two.extend(build(0, 0, &[]));
        assert!(probe(5555, &two));
        // Unknown id elsewhere.
        assert!(!probe(5555, &build(0, 0x7777, &[])));
        assert!(!probe(2000, b"GET / HTTP/1.1\r\n"));
        assert!(!probe(2000, &[4, 0, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0]));
    }
}
