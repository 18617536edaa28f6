//! Which application protocol a flow carries: well-known ports as hints, the bytes as proof.
//!
//! CTIQBE on TCP 2748 is taken on the port alone (a capture may start mid-message and the
//! decoder resynchronises); on any other port it must show a valid header. The other
//! protocols are recognised by their first bytes, so a service on a non-standard port (NAT,
//! port forwarding) is still found, and a standard port carrying something else is visible.

pub const PORT_CTIQBE: u16 = 2748;
pub const PORT_CTIQBE_TLS: u16 = 2749;
pub const PORT_SIP: u16 = 5060;
pub const PORT_SIP_TLS: u16 = 5061;

/// A TLS record header: content type 20..=23, major version 3, minor 0..=4, sane length.
pub fn looks_like_tls(d: &[u8]) -> bool {
    match d {
        [ct, 3, minor, hi, lo, ..] => {
            (20..=23).contains(ct) && *minor <= 4 && u16::from_be_bytes([*hi, *lo]) <= 16384 + 2048
        }
        _ => false,
    }
}
