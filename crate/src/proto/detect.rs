//! Which application protocol a flow carries: well-known ports as hints, the bytes as proof.
//!
//! CTIQBE on TCP 2748 is taken on the port alone (a capture may start mid-message and the
//! decoder resynchronises); on any other port it must show a valid header. The other
//! protocols are recognised by their first bytes, so a service on a non-standard port (NAT,
//! port forwarding) is still found, and a standard port carrying something else is visible.

use super::ctiqbe;
use crate::model::Protocol;

pub const PORT_CTIQBE: u16 = 2748;
pub const PORT_CTIQBE_TLS: u16 = 2749;
pub const PORT_SCCP: u16 = 2000;
pub const PORT_SIP: u16 = 5060;
pub const PORT_SIP_TLS: u16 = 5061;
pub const PORT_GED188: u16 = 42027;

/// Ports on which a listener is expected, used to tell client from server mid-stream.
pub fn is_service_port(port: u16) -> bool {
    matches!(port, PORT_CTIQBE | PORT_CTIQBE_TLS | PORT_SCCP | PORT_SIP | PORT_SIP_TLS | PORT_GED188)
}

/// Decides from the flow's ports alone, before any payload; only CTIQBE on 2748 qualifies.
pub fn by_port(tcp: bool, server_port: u16) -> Option<Protocol> {
    (tcp && server_port == PORT_CTIQBE).then_some(Protocol::Ctiqbe)
}

/// Decides from the first payload bytes of a flow (either direction).
pub fn by_content(tcp: bool, server_port: u16, data: &[u8]) -> Option<Protocol> {
    if tcp && ctiqbe::probe(data) {
        return Some(Protocol::Ctiqbe);
    }
    if tcp && looks_like_tls(data) {
        return Some(Protocol::Tls);
    }
    if looks_like_sip(data) {
        return Some(Protocol::Sip);
    }
    if tcp && server_port == PORT_SCCP && looks_like_sccp(data) {
        return Some(Protocol::Sccp);
    }
    if tcp && server_port == PORT_GED188 && looks_like_ged188(data) {
        return Some(Protocol::Ged188);
    }
    None
}

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
        b"INVITE ", b"ACK ", b"BYE ", b"CANCEL ", b"OPTIONS ", b"REGISTER ", b"PRACK ", b"SUBSCRIBE ",
        b"NOTIFY ", b"PUBLISH ", b"INFO ", b"REFER ", b"MESSAGE ", b"UPDATE ",
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
    let word = |i: usize| d.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    match (word(0), word(4), word(8)) {
        (Some(len), Some(ver), Some(id)) => {
            (4..=4096).contains(&len) && matches!(ver, 0 | 0x11 | 0x12 | 0x14 | 0x16) && id < 0x2000
        }
        _ => false,
    }
}

/// GED-188: big-endian message length (excluding the 8-byte header) and a message type
/// in the documented range (1..=300).
fn looks_like_ged188(d: &[u8]) -> bool {
    let word = |i: usize| d.get(i..i + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    match (word(0), word(4)) {
        (Some(len), Some(kind)) => len <= 1 << 16 && (1..=300).contains(&kind),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_protocol_by_content() {
        assert_eq!(by_content(true, 443, &[22, 3, 1, 0, 200, 1]), Some(Protocol::Tls));
        assert_eq!(by_content(false, 5060, b"OPTIONS sip:a@b SIP/2.0\r\n"), Some(Protocol::Sip));
        assert_eq!(by_content(true, 5060, b"SIP/2.0 200 OK\r\n"), Some(Protocol::Sip));
        assert_eq!(by_content(true, 2000, &[4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Some(Protocol::Sccp));
        assert_eq!(by_content(true, 2749, b"GET / HTTP/1.1\r\n"), None);
        assert_eq!(by_port(true, 2748), Some(Protocol::Ctiqbe));
        assert_eq!(by_port(false, 2748), None);
    }
}
