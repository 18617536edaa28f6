//! Well-known ports and the TLS record probe. Which protocol a flow carries is decided by the
//! registrations of [`super::registry`]: ports are only hints, the bytes are the proof (CTIQBE
//! on TCP 2748 alone is taken on the port, since a capture may start mid-message).

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
