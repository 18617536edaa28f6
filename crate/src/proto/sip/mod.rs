//! SIP (RFC 3261) over UDP and TCP, on any port: requests and responses with their headers
//! (compact forms, folding, repeated headers), SDP offers and answers, dialogs, registrations
//! and transactions (`docs/sip.md` says what is decoded and what is not).
//!
//! The layers, each in its own file:
//! * [`parse`]: the message grammar as byte-range views (start line, headers, addresses,
//!   digest credentials), pure;
//! * [`sdp`]: SDP bodies as byte-range views and their field tree;
//! * [`decode`](mod@decode): one message's bytes → fields, spans (tags on the plaintext of interest) and
//!   errors; deterministic, so the store can decode a kept message again;
//! * [`frame`]: message boundaries in a TCP stream or a UDP datagram, junk and keep-alives;
//! * [`session`]: the per-flow decoder: dialogs, registrations, transactions, calls.
//!
//! Untrusted bytes never reach a panic here: no unwrap, no unchecked indexing or arithmetic on
//! wire values (the library's `[lints.clippy]` table denies them), every limit named and
//! reported when reached.

pub mod decode;
pub mod frame;
pub mod parse;
pub mod sdp;
pub mod session;

pub use decode::{decode, name_of, Decoded};
pub use parse::{method_code, method_name, METHODS};
pub use session::{message_from_bytes, Decoder, SessionInfo};

use crate::model::Protocol;
use crate::proto::registry::{self, Codec, Registration};

/// SIP in the protocol registry: decided by content on any port and either transport (5060 is
/// a service-port hint only); messages kept compact and decoded again from their bytes.
pub const REGISTRATION: Registration = Registration {
    protocol: Protocol::Sip,
    claims_port: registry::never,
    probe: |p| probe(p.data),
    service_ports: &[PORT],
    new_decoder: |transport, limits| Some(Box::new(Decoder::new(transport, limits))),
    codec: Some(Codec {
        decode: message_from_bytes,
        name: session::message_name,
        // Any SIP message can carry a user part, a user agent or an SDP body.
        may_carry_tags: |_| true,
        tags: None,
    }),
    link_sessions: None,
};

/// Well-known SIP ports (a hint only: content decides).
pub const PORT: u16 = 5060;
pub const PORT_TLS: u16 = 5061;

/// Whether `data` starts (after keep-alives or a little junk) with a SIP start line: a request
/// line `METHOD SP Request-URI SP SIP/2.0` or a status line `SIP/2.0 NNN`.
pub fn probe(data: &[u8]) -> bool {
    let idle = data
        .iter()
        .take_while(|c| matches!(c, b'\r' | b'\n' | b' ' | b'\t' | 0))
        .count();
    let data = data.get(idle..).unwrap_or_default();
    let line = data.split(|c| *c == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if parse::parse_start_line(line, 0).is_some() {
        // An extension method needs the full line; a known one or a status line is enough.
        return true;
    }
    // A start line split before its end, or junk glued before a known method.
    let known_prefix = data.starts_with(b"SIP/2.0 ")
        || METHODS
            .iter()
            .any(|m| data.starts_with(m.as_bytes()) && data.get(m.len()) == Some(&b' '));
    let glued = (1..line.len().min(64)).any(|i| {
        let rest = line.get(i..).unwrap_or_default();
        METHODS.iter().any(|m| rest.starts_with(m.as_bytes()))
            && parse::parse_start_line(rest, 0).is_some()
    });
    (known_prefix && !data.contains(&b'\n')) || glued
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn probe_by_content() {
        assert!(probe(b"OPTIONS sip:a@b SIP/2.0\r\n"));
        assert!(probe(b"SIP/2.0 200 OK\r\n"));
        assert!(probe(b"\r\n\r\nINVITE sip:2001@pbx SIP/2.0\r\nVia: x\r\n"));
        assert!(probe(b"INVITE sip:2001@pbx SIP/2."));
        assert!(probe(b"DBREGISTER sip:1.1.1.1:5060 SIP/2.0\r\n"));
        assert!(probe(b"NOTIFY tel:+1555 SIP/2.0\r\n"));
        assert!(!probe(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assert!(!probe(b"HTTP/1.1 200 OK\r\n"));
        assert!(!probe(&[0x16, 3, 1, 0, 200]));
        assert!(!probe(b""));
    }
}
