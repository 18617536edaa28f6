//! IPv4 and IPv6 headers. IPv6 extension headers (hop-by-hop, routing, destination options,
//! authentication, fragment) are walked to the transport header.

use super::{be16, be32};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;
/// Extension headers followed before giving up (RFC 8200 expects a handful at most).
const MAX_EXTENSION_HEADERS: usize = 16;

/// Where a fragment belongs in its datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fragment {
    pub id: u32,
    /// Offset of this fragment's payload in the datagram, in bytes.
    pub offset: usize,
    pub more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpPacket<'a> {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// Transport protocol number (after IPv6 extension headers).
    pub proto: u8,
    pub payload: &'a [u8],
    /// Set when this packet is one fragment of a larger datagram.
    pub fragment: Option<Fragment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpError {
    Truncated,
    BadVersion(u8),
    BadHeaderLength(usize),
    TooManyExtensionHeaders,
}

impl std::fmt::Display for IpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IpError::Truncated => write!(f, "IP header truncated"),
            IpError::BadVersion(v) => write!(f, "IP version {v}"),
            IpError::BadHeaderLength(n) => write!(f, "IPv4 header length {n}"),
            IpError::TooManyExtensionHeaders => write!(f, "too many IPv6 extension headers"),
        }
    }
}

pub fn parse_ipv4(d: &[u8]) -> Result<IpPacket<'_>, IpError> {
    let first = *d.first().ok_or(IpError::Truncated)?;
    if first >> 4 != 4 {
        return Err(IpError::BadVersion(first >> 4));
    }
    let ihl = usize::from(first & 0x0f) * 4;
    if ihl < 20 {
        return Err(IpError::BadHeaderLength(ihl));
    }
    let total_len = usize::from(be16(d, 2).ok_or(IpError::Truncated)?);
    let id = u32::from(be16(d, 4).ok_or(IpError::Truncated)?);
    let flags_frag = be16(d, 6).ok_or(IpError::Truncated)?;
    let proto = *d.get(9).ok_or(IpError::Truncated)?;
    let src = be32(d, 12).ok_or(IpError::Truncated)?;
    let dst = be32(d, 16).ok_or(IpError::Truncated)?;
    if d.len() < ihl {
        return Err(IpError::Truncated);
    }
    // TSO captures write total_len 0; otherwise trust it over trailing Ethernet padding.
    let end = if total_len >= ihl {
        total_len.min(d.len())
    } else {
        d.len()
    };
    let payload = d.get(ihl..end).unwrap_or(&[]);
    let more = flags_frag & 0x2000 != 0;
    let offset = usize::from(flags_frag & 0x1fff) * 8;
    let fragment = (more || offset != 0).then_some(Fragment { id, offset, more });
    Ok(IpPacket {
        src: IpAddr::V4(Ipv4Addr::from(src)),
        dst: IpAddr::V4(Ipv4Addr::from(dst)),
        proto,
        payload,
        fragment,
    })
}

pub fn parse_ipv6(d: &[u8]) -> Result<IpPacket<'_>, IpError> {
    let first = *d.first().ok_or(IpError::Truncated)?;
    if first >> 4 != 6 {
        return Err(IpError::BadVersion(first >> 4));
    }
    let payload_len = usize::from(be16(d, 4).ok_or(IpError::Truncated)?);
    let mut next = *d.get(6).ok_or(IpError::Truncated)?;
    let src: [u8; 16] = d
        .get(8..24)
        .ok_or(IpError::Truncated)?
        .try_into()
        .map_err(|_| IpError::Truncated)?;
    let dst: [u8; 16] = d
        .get(24..40)
        .ok_or(IpError::Truncated)?
        .try_into()
        .map_err(|_| IpError::Truncated)?;
    // A zero payload length means a jumbogram (or TSO); use what was captured.
    let end = if payload_len == 0 {
        d.len()
    } else {
        40usize.saturating_add(payload_len).min(d.len())
    };
    let mut at = 40usize;
    let mut fragment = None;
    for _ in 0..MAX_EXTENSION_HEADERS {
        match next {
            0 | 43 | 60 => {
                let nh = *d.get(at).ok_or(IpError::Truncated)?;
                // Length in 8-octet units, not counting the first 8 octets (RFC 8200 §4.3).
                let units = usize::from(*d.get(at.saturating_add(1)).ok_or(IpError::Truncated)?);
                let len = units.saturating_add(1).saturating_mul(8);
                next = nh;
                at = at.saturating_add(len);
            }
            51 => {
                let nh = *d.get(at).ok_or(IpError::Truncated)?;
                // Length in 4-octet units, minus 2 (RFC 4302 §2.2).
                let units = usize::from(*d.get(at.saturating_add(1)).ok_or(IpError::Truncated)?);
                let len = units.saturating_add(2).saturating_mul(4);
                next = nh;
                at = at.saturating_add(len);
            }
            44 => {
                let nh = *d.get(at).ok_or(IpError::Truncated)?;
                let off_flags = be16(d, at.saturating_add(2)).ok_or(IpError::Truncated)?;
                let id = be32(d, at.saturating_add(4)).ok_or(IpError::Truncated)?;
                let offset = usize::from(off_flags >> 3) * 8;
                let more = off_flags & 1 != 0;
                if more || offset != 0 {
                    fragment = Some(Fragment { id, offset, more });
                }
                next = nh;
                at = at.saturating_add(8);
            }
            _ => {
                let payload = d.get(at..end.max(at)).ok_or(IpError::Truncated)?;
                return Ok(IpPacket {
                    src: IpAddr::V6(Ipv6Addr::from(src)),
                    dst: IpAddr::V6(Ipv6Addr::from(dst)),
                    proto: next,
                    payload,
                    fragment,
                });
            }
        }
    }
    Err(IpError::TooManyExtensionHeaders)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_of_a_header_is_an_error_not_a_panic() {
        let mut v4 = vec![
            0x45, 0, 0, 28, 0, 1, 0x20, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        v4.extend_from_slice(&[0; 8]);
        for n in 0..v4.len() {
            let _ = parse_ipv4(&v4[..n]);
            let _ = parse_ipv6(&v4[..n]);
        }
        let p = parse_ipv4(&v4).unwrap();
        assert_eq!(
            p.fragment,
            Some(Fragment {
                id: 1,
                offset: 0,
                more: true
            })
        );
        assert_eq!(p.payload.len(), 8);
    }

    #[test]
    fn ipv6_walks_hop_by_hop_and_fragment_headers() {
        let mut p = vec![0x60, 0, 0, 0, 0, 24, 0, 64];
        p.extend_from_slice(&[0; 32]);
        p.extend_from_slice(&[44, 0, 0, 0, 0, 0, 0, 0]); // hop-by-hop → fragment
        p.extend_from_slice(&[6, 0, 0x00, 0x09, 0, 0, 0, 7]); // fragment → TCP, offset 8, more
        p.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let ip = parse_ipv6(&p).unwrap();
        assert_eq!(ip.proto, 6);
        assert_eq!(ip.payload, &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(
            ip.fragment,
            Some(Fragment {
                id: 7,
                offset: 8,
                more: true
            })
        );
    }
}
