//! Which application protocol a flow carries: well-known ports as hints, the bytes as proof.
//!
//! CTIQBE on TCP 2748 is taken on the port alone (a capture may start mid-message and the
//! decoder resynchronises); on any other port it must show a valid header. The other
//! protocols are recognised by their first bytes, so a service on a non-standard port (NAT,
//! port forwarding) is still found, and a standard port carrying something else is visible.

use super::registry::{self, Registration};
use crate::model::Protocol;
use crate::report::Transport;

pub const PORT_CTIQBE: u16 = 2748;
pub const PORT_CTIQBE_TLS: u16 = 2749;
pub const PORT_SIP: u16 = 5060;
pub const PORT_SIP_TLS: u16 = 5061;
pub const PORT_GED188: u16 = 42027;

/// GED-188 (Cisco CTI Server): detected and listed, on its port only.
pub const GED188: Registration = Registration {
    protocol: Protocol::Ged188,
    claims_port: registry::never,
    probe: |p| {
        p.transport == Transport::Tcp && p.server_port == PORT_GED188 && looks_like_ged188(p.data)
    },
    service_ports: &[PORT_GED188],
    new_decoder: registry::detected_only,
    codec: None,
};

/// A TLS record header: content type 20..=23, major version 3, minor 0..=4, sane length.
pub fn looks_like_tls(d: &[u8]) -> bool {
    match d {
        [ct, 3, minor, hi, lo, ..] => {
            (20..=23).contains(ct) && *minor <= 4 && u16::from_be_bytes([*hi, *lo]) <= 16384 + 2048
        }
        _ => false,
    }
}

/// GED-188: big-endian message length (excluding the 8-byte header) and a message type
/// in the documented range (1..=300).
fn looks_like_ged188(d: &[u8]) -> bool {
    let word = |i: usize| {
        d.get(i..)
            .and_then(|r| r.first_chunk::<4>())
            .map(|b| u32::from_be_bytes(*b))
    };
    match (word(0), word(4)) {
        (Some(len), Some(kind)) => len <= 1 << 16 && (1..=300).contains(&kind),
        _ => false,
    }
}
