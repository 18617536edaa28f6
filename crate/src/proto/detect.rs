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
pub const PORT_SCCP: u16 = 2000;
pub const PORT_SIP: u16 = 5060;
pub const PORT_SIP_TLS: u16 = 5061;

/// SIP: detected and listed.
pub const SIP: Registration = Registration {
    protocol: Protocol::Sip,
    claims_port: registry::never,
    probe: |p| looks_like_sip(p.data),
    service_ports: &[PORT_SIP],
    new_decoder: registry::detected_only,
    codec: None,
};

/// SCCP: detected and listed, on its port only.
pub const SCCP: Registration = Registration {
    protocol: Protocol::Sccp,
    claims_port: registry::never,
    probe: |p| {
        p.transport == Transport::Tcp && p.server_port == PORT_SCCP && looks_like_sccp(p.data)
    },
    service_ports: &[PORT_SCCP],
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

/// A SIP request line (`METHOD sip:` / `sips:` / `tel:`) or status line (`SIP/2.0 `).
pub fn looks_like_sip(d: &[u8]) -> bool {
    if d.starts_with(b"SIP/2.0 ") {
        return true;
    }
    const METHODS: [&[u8]; 14] = [
        b"INVITE ",
        b"ACK ",
        b"BYE ",
        b"CANCEL ",
        b"OPTIONS ",
        b"REGISTER ",
        b"PRACK ",
        b"SUBSCRIBE ",
        b"NOTIFY ",
        b"PUBLISH ",
        b"INFO ",
        b"REFER ",
        b"MESSAGE ",
        b"UPDATE ",
    ];
    METHODS.iter().any(|m| {
        d.starts_with(m) && {
            let rest = d.get(m.len()..).unwrap_or(&[]);
            rest.starts_with(b"sip:") || rest.starts_with(b"sips:") || rest.starts_with(b"tel:")
        }
    })
}

/// SCCP (Skinny): little-endian length (of what follows the 8-byte length+version header),
/// a header version of 0, 0x11, 0x12, 0x14 or 0x16, and a message id below 0x2000.
fn looks_like_sccp(d: &[u8]) -> bool {
    let word = |i: usize| {
        d.get(i..)
            .and_then(|r| r.first_chunk::<4>())
            .map(|b| u32::from_le_bytes(*b))
    };
    match (word(0), word(4), word(8)) {
        (Some(len), Some(ver), Some(id)) => {
            (4..=4096).contains(&len) && matches!(ver, 0 | 0x11 | 0x12 | 0x14 | 0x16) && id < 0x2000
        }
        _ => false,
    }
}
