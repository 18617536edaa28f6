//! The one list of application protocols. Each protocol module contributes one
//! [`Registration`]: how to recognise it (a content probe, with the port only as a hint), which
//! ports its listeners use, how to make its per-flow decoder, and how to decode one of its kept
//! messages again from its bytes. Adding a protocol is one module plus one line in [`REGISTRY`].
//!
//! The order of [`REGISTRY`] is the order probes are tried: the strictest probes first, so a
//! loose one (a length and a message id) never claims a flow a strict one (a magic cookie)
//! would have recognised.

use std::borrow::Cow;

use super::FlowDecoder;
use crate::limits::Limits;
use crate::model::{Message, Protocol};
use crate::report::{Session, Transport};
use crate::store::Entry;

/// What a probe sees: the flow's first payload (either direction) and its server port.
#[derive(Clone, Copy, Debug)]
pub struct Probe<'a> {
    pub transport: Transport,
    pub server_port: u16,
    pub data: &'a [u8],
}

/// How a protocol's kept compact messages are decoded again ([`crate::store`]).
pub struct Codec {
    /// The whole message from its bytes and its entry's numbers. Deterministic: the same
    /// message the capture pass produced.
    pub decode: fn(&Entry, &[u8]) -> Message,
    /// The message's name alone, cheaply (the message table asks for it on every row).
    pub name: fn(&Entry, &[u8]) -> Cow<'static, str>,
    /// Whether a message of this type can carry a tagged span; `false` only when its layout
    /// shows it cannot, so readers may skip decoding it.
    pub may_carry_tags: fn(u32) -> bool,
    /// The message's values tagged with one of the given tags, without decoding it whole,
    /// where the protocol can read them more cheaply than [`Codec::decode`]; `None` (here or
    /// from the call): decode whole and read the spans. Must equal what the spans of the whole
    /// decode give.
    #[allow(clippy::type_complexity)]
    pub tags: Option<fn(&Entry, &[u8], &'static [crate::model::Tag]) -> Option<Vec<crate::model::TaggedValue>>>,
}

/// One protocol.
pub struct Registration {
    pub protocol: Protocol,
    /// Decides the flow from its ports alone, before any payload. Only CTIQBE on TCP 2748 does:
    /// a capture may start mid-message there, and its framer resynchronises.
    pub claims_port: fn(Transport, u16) -> bool,
    /// Whether the payload looks like this protocol.
    pub probe: fn(&Probe<'_>) -> bool,
    /// Ports a listener of this protocol uses: they tell client from server mid-stream.
    pub service_ports: &'static [u16],
    /// The per-flow decoder, where one exists for this transport; `None`: the flow is only
    /// detected and listed.
    pub new_decoder: fn(Transport, &Limits) -> Option<Box<dyn FlowDecoder>>,
    /// For protocols whose decoders emit compact messages.
    pub codec: Option<Codec>,
    /// Runs once every flow is closed, over all sessions: for what one connection cannot know
    /// alone (GED-188: the connections of one client across a failover).
    pub link_sessions: Option<fn(&mut [Session])>,
}

/// Every protocol, in probing order.
pub static REGISTRY: &[Registration] = &[
    super::ctiqbe::REGISTRATION,
    super::tls::REGISTRATION,
    super::sip::REGISTRATION,
    super::sccp::REGISTRATION,
    super::ged188::REGISTRATION,
];

/// The registration of `protocol`.
pub fn of(protocol: Protocol) -> Option<&'static Registration> {
    REGISTRY.iter().find(|r| r.protocol == protocol)
}

/// Ports on which a listener is expected, used to tell client from server mid-stream.
pub fn is_service_port(port: u16) -> bool {
    REGISTRY.iter().any(|r| r.service_ports.contains(&port))
}

/// Decides from the flow's ports alone, before any payload.
pub fn by_port(transport: Transport, server_port: u16) -> Option<Protocol> {
    REGISTRY
        .iter()
        .find(|r| (r.claims_port)(transport, server_port))
        .map(|r| r.protocol)
}

/// Decides from a payload of the flow (either direction).
pub fn by_content(probe: &Probe<'_>) -> Option<Protocol> {
    REGISTRY
        .iter()
        .find(|r| (r.probe)(probe))
        .map(|r| r.protocol)
}

/// Every registration's [`Registration::link_sessions`], once the sessions are final.
pub fn link_sessions(sessions: &mut [Session]) {
    for link in REGISTRY.iter().filter_map(|r| r.link_sessions) {
        link(sessions);
    }
}

/// Whether `protocol` links its sessions at the end ([`link_sessions`]): its flows are held to
/// the end of the capture (`crate::engine`'s retirement).
pub fn links_sessions(protocol: Protocol) -> bool {
    of(protocol).is_some_and(|r| r.link_sessions.is_some())
}

/// The decoder of a flow decided as `protocol`, if ctiscope decodes it on this transport.
pub fn new_decoder(
    protocol: Protocol,
    transport: Transport,
    limits: &Limits,
) -> Option<Box<dyn FlowDecoder>> {
    of(protocol).and_then(|r| (r.new_decoder)(transport, limits))
}

/// A registration's `claims_port` for protocols that never decide on the port alone.
pub fn never(_: Transport, _: u16) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(transport: Transport, server_port: u16, data: &[u8]) -> Option<Protocol> {
        by_content(&Probe {
            transport,
            server_port,
            data,
        })
    }

    #[test]
    fn recognises_each_protocol_by_content() {
        use Transport::{Tcp, Udp};
        assert_eq!(probe(Tcp, 443, &[22, 3, 1, 0, 200, 1]), Some(Protocol::Tls));
        assert_eq!(
            probe(Udp, 5060, b"OPTIONS sip:a@b SIP/2.0\r\n"),
            Some(Protocol::Sip)
        );
        assert_eq!(probe(Tcp, 5060, b"SIP/2.0 200 OK\r\n"), Some(Protocol::Sip));
        assert_eq!(
            probe(Tcp, 2000, &[4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            Some(Protocol::Sccp)
        );
        assert_eq!(probe(Tcp, 2749, b"GET / HTTP/1.1\r\n"), None);
        assert_eq!(by_port(Tcp, 2748), Some(Protocol::Ctiqbe));
        assert_eq!(by_port(Udp, 2748), None);
        assert!(is_service_port(2748) && is_service_port(5060) && !is_service_port(443));
    }

    #[test]
    fn every_protocol_is_registered_once() {
        for (i, r) in REGISTRY.iter().enumerate() {
            assert!(
                REGISTRY
                    .iter()
                    .skip(i + 1)
                    .all(|o| o.protocol != r.protocol),
                "{:?}",
                r.protocol
            );
        }
    }
}
