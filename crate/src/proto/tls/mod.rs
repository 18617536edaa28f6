//! TLS, as CTI Manager's secure port (TCP 2749) carries it: the handshake read while it is in
//! the clear, for the TLS audit (`CTI-TLS-WEAK` / `CTI-TLS-OK`). Nothing is decrypted.
//!
//! The layers, each in its own file:
//! * [`record`]: one direction's record layer (bounded buffering, handshake reassembly);
//! * [`handshake`]: one handshake message or alert → fields, spans and facts (`tls-parser`);
//! * [`cert`]: X.509 summaries (`x509-parser`, SHA-256 fingerprints), shared with CTIQBE's
//!   ProviderInitResponse certificate;
//! * [`ciphers`]: what a cipher suite and a version mean (forward secrecy, AEAD, broken);
//! * [`session`]: the per-connection [`Decoder`] (a [`crate::proto::StreamDecoder`]).
//!
//! Untrusted bytes never reach a panic here: no unwrap, no unchecked indexing or arithmetic on
//! wire values (the lints below), every buffer bounded.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

pub mod cert;
pub mod ciphers;
pub mod handshake;
pub mod record;
pub mod session;

pub use cert::CertSummary;
pub use session::Decoder;
