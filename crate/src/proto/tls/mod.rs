//! TLS, as CTI Manager's secure port (TCP 2749) carries it: the handshake read while it is in
//! the clear, for the TLS audit (`CTI-TLS-WEAK` / `CTI-TLS-OK`). Nothing is decrypted.
//!
//! The layers, each in its own file:
//! * [`record`]: one direction's record layer (bounded buffering, handshake reassembly);
//! * [`handshake`]: one handshake message or alert → fields, spans and facts (`tls-parser`);
//! * [`cert`]: X.509 summaries (`x509-parser`, SHA-256 fingerprints), shared with CTIQBE's
//!   ProviderInitResponse certificate;
//! * [`ciphers`]: what a cipher suite and a version mean (forward secrecy, AEAD, broken);
//! * [`session`]: the per-connection [`Decoder`] (a [`crate::proto::FlowDecoder`]).
//!
//! Untrusted bytes never reach a panic here: no unwrap, no unchecked indexing or arithmetic on
//! wire values (the lints below), every buffer bounded.
pub mod cert;
pub mod ciphers;
pub mod handshake;
pub mod record;
pub mod session;

pub use cert::CertSummary;
pub use session::{Decoder, SessionInfo};

use crate::model::Protocol;
use crate::proto::detect::{looks_like_tls, PORT_CTIQBE_TLS, PORT_SIP_TLS};
use crate::proto::registry::Registration;
use crate::report::Transport;

/// TLS in the protocol registry: any TCP flow whose first bytes are a TLS record. The audit
/// judges CTI Manager's 2749 only, but a session shows what any TLS flow is. Handshake messages
/// are kept whole (see [`crate::store`]), so there is no codec.
pub const REGISTRATION: Registration = Registration {
    protocol: Protocol::Tls,
    claims_port: crate::proto::registry::never,
    probe: |p| p.transport == Transport::Tcp && looks_like_tls(p.data),
    service_ports: &[PORT_CTIQBE_TLS, PORT_SIP_TLS],
    new_decoder: |transport, limits| match transport {
        Transport::Tcp => Some(Box::new(Decoder::with_limits(limits))),
        Transport::Udp => None,
    },
    codec: None,
    link_sessions: None,
};
