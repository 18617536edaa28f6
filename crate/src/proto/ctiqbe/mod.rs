//! CTIQBE, the Cisco CTI Manager protocol (TCP 2748), as spoken by Cisco's JTAPI client
//! (`ctiqbe-wire.md`; `docs/ctiqbe.md` says what is decoded and how far it is confirmed).
//!
//! Every message is a 32-byte header (all u32 little-endian: messageLength, reserved, magic
//! 0xFFFFDDDD, protocolVersion, pduId, fixedPartOffset, fixedPartLength, variablePartLength),
//! a fixed part of 4-byte slots and a variable part that the slots reference by absolute
//! offset. The layers, each in its own file:
//! * [`frame`]: the header view and the per-direction framer (buffering, validation, resync);
//! * [`schema`]: the PDU table (names for 0..=315, slot layouts where known) as data;
//! * [`decode`]: the generic, schema-driven slot decoder (one frame → fields, spans, errors);
//! * [`session`]: the per-connection [`Decoder`] (a [`crate::proto::FlowDecoder`]):
//!   request/response pairing and what the session established.
//!
//! Untrusted bytes never reach a panic here: no unwrap, no unchecked indexing or arithmetic on
//! wire values (the lints below), every limit named and reported when reached.
pub mod decode;
pub mod frame;
pub mod schema;
pub mod session;

use crate::model::Protocol;
use crate::proto::detect::PORT_CTIQBE;
use crate::proto::registry::{Codec, Registration};
use crate::report::Transport;
pub use decode::{decode_frame, scan_frame, Decoded, PduName, Scan};
pub use frame::{Framer, Header, HEADER_LEN, MAGIC, MAX_MESSAGE_LEN};
pub use schema::{layout_confidence, Confidence, MsgClass, PduId};

pub use session::{message_from_bytes, pdu_display_name, Decoder, SessionInfo};

/// Whether `data` starts with a plausible CTIQBE header: the magic cookie, a fixed-part offset
/// past the header and a total length within [`MAX_MESSAGE_LEN`]. Used to detect CTIQBE on
/// ports other than 2748.
pub fn probe(data: &[u8]) -> bool {
    frame::Header::new_checked(data)
        .map(|h| h.check().is_ok())
        .unwrap_or(false)
}

/// CTIQBE in the protocol registry: decided on TCP 2748 by the port alone, elsewhere by a
/// valid header; messages kept compact and decoded again from their bytes.
pub const REGISTRATION: Registration = Registration {
    protocol: Protocol::Ctiqbe,
    claims_port: |transport, port| transport == Transport::Tcp && port == PORT_CTIQBE,
    probe: |p| p.transport == Transport::Tcp && probe(p.data),
    service_ports: &[PORT_CTIQBE],
    new_decoder: |transport, limits| match transport {
        Transport::Tcp => Some(Box::new(Decoder::with_limits(limits))),
        Transport::Udp => None,
    },
    codec: Some(Codec {
        decode: message_from_bytes,
        name: |e, _| pdu_display_name(e.pdu),
        may_carry_tags: schema::may_carry_tags,
        tags: Some(|e, raw, wanted| decode::tagged_values(raw, e.direction, wanted)),
    }),
    link_sessions: None,
};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn probe_accepts_headers_only() {
        let hb = frame::tests::build(120, &[], &[]);
        assert!(probe(&hb));
        assert!(probe(&hb[..32]));
        assert!(!probe(&hb[..31]));
        let mut bad = hb.clone();
        bad[9] = 0;
        assert!(!probe(&bad));
        assert!(!probe(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n......"));
    }
}
