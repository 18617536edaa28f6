//! Link layers: find where the IP packet starts. Ethernet (with any number of 802.1Q/802.1ad
//! tags), Linux cooked capture v1/v2, BSD NULL/LOOP, raw IP, PPP, and NFLOG.

use super::be16;
use crate::capture::linktype as lt;

pub const ETHERTYPE_IPV4: u16 = 0x0800;
pub const ETHERTYPE_IPV6: u16 = 0x86dd;
const ETHERTYPE_VLAN: u16 = 0x8100;
const ETHERTYPE_QINQ: u16 = 0x88a8;
const ETHERTYPE_QINQ_OLD: u16 = 0x9100;
/// At most this many stacked VLAN tags are unwrapped (real networks use one or two).
const MAX_VLAN_TAGS: usize = 8;

/// The outcome of unwrapping the link layer.
#[derive(Debug, PartialEq, Eq)]
pub enum L3<'a> {
    Ipv4(&'a [u8]),
    Ipv6(&'a [u8]),
    /// A frame of a supported link type that carries something other than IP (ARP, LLDP...).
    NotIp,
    /// A link type ctiscope does not decode.
    UnsupportedLinktype,
    /// Too short or inconsistent for its link type.
    Malformed,
}

/// Whether this link type is one ctiscope decodes.
pub fn is_supported(linktype: u32) -> bool {
    matches!(
        linktype,
        lt::NULL
            | lt::ETHERNET
            | lt::PPP
            | lt::RAW_OPENBSD
            | lt::RAW_BSDOS
            | lt::PPP_HDLC
            | lt::RAW
            | lt::LOOP
            | lt::LINUX_SLL
            | lt::IPV4
            | lt::IPV6
            | lt::NFLOG
            | lt::LINUX_SLL2
    )
}

pub fn decode(linktype: u32, data: &[u8]) -> L3<'_> {
    match linktype {
        lt::ETHERNET => ethernet(data),
        lt::LINUX_SLL => match (be16(data, 14), data.get(16..)) {
            (Some(proto), Some(rest)) => by_ethertype(proto, rest),
            _ => L3::Malformed,
        },
        lt::LINUX_SLL2 => match (be16(data, 0), data.get(20..)) {
            (Some(proto), Some(rest)) => by_ethertype(proto, rest),
            _ => L3::Malformed,
        },
        lt::NULL | lt::LOOP => null_loopback(data),
        lt::RAW | lt::RAW_OPENBSD | lt::RAW_BSDOS => raw_ip(data),
        lt::IPV4 => L3::Ipv4(data),
        lt::IPV6 => L3::Ipv6(data),
        lt::PPP => ppp(data),
        lt::PPP_HDLC => match data.get(..2) {
            Some([0xff, 0x03]) => ppp(data.get(2..).unwrap_or(&[])),
            _ => ppp(data),
        },
        lt::NFLOG => nflog(data),
        _ => L3::UnsupportedLinktype,
    }
}

fn ethernet(data: &[u8]) -> L3<'_> {
    let Some(mut ethertype) = be16(data, 12) else {
        return L3::Malformed;
    };
    let mut at = 14usize;
    for _ in 0..MAX_VLAN_TAGS {
        if !matches!(
            ethertype,
            ETHERTYPE_VLAN | ETHERTYPE_QINQ | ETHERTYPE_QINQ_OLD
        ) {
            break;
        }
        let Some(inner) = be16(data, at.saturating_add(2)) else {
            return L3::Malformed;
        };
        ethertype = inner;
        at = at.saturating_add(4);
    }
    match data.get(at..) {
        Some(rest) => by_ethertype(ethertype, rest),
        None => L3::Malformed,
    }
}

pub(crate) fn by_ethertype(ethertype: u16, rest: &[u8]) -> L3<'_> {
    match ethertype {
        ETHERTYPE_IPV4 => L3::Ipv4(rest),
        ETHERTYPE_IPV6 => L3::Ipv6(rest),
        _ => L3::NotIp,
    }
}

/// BSD loopback: a 4-byte address family in the capturing host's byte order (NULL) or
/// network order (LOOP). IPv6 has several family numbers depending on the BSD flavour.
fn null_loopback(data: &[u8]) -> L3<'_> {
    let Some(head) = data.get(..4).and_then(|h| <[u8; 4]>::try_from(h).ok()) else {
        return L3::Malformed;
    };
    let le = u32::from_le_bytes(head);
    let be = u32::from_be_bytes(head);
    let family = if le < 0x100 { le } else { be };
    let rest = data.get(4..).unwrap_or(&[]);
    match family {
        2 => L3::Ipv4(rest),
        24 | 28 | 30 => L3::Ipv6(rest),
        _ => L3::NotIp,
    }
}

fn raw_ip(data: &[u8]) -> L3<'_> {
    match data.first().map(|b| b >> 4) {
        Some(4) => L3::Ipv4(data),
        Some(6) => L3::Ipv6(data),
        Some(_) => L3::NotIp,
        None => L3::Malformed,
    }
}

fn ppp(data: &[u8]) -> L3<'_> {
    let Some(proto) = be16(data, 0) else {
        return L3::Malformed;
    };
    let rest = data.get(2..).unwrap_or(&[]);
    match proto {
        0x0021 => L3::Ipv4(rest),
        0x0057 => L3::Ipv6(rest),
        _ => L3::NotIp,
    }
}

/// Linux NFLOG: a 4-byte header then TLVs (little-endian length and type, 4-byte aligned);
/// the packet is the NFULA_PAYLOAD (type 9) attribute.
fn nflog(data: &[u8]) -> L3<'_> {
    let Some(&family) = data.first() else {
        return L3::Malformed;
    };
    let mut at = 4usize;
    while let Some(&[l0, l1, k0, k1]) = data.get(at..at.saturating_add(4)) {
        let len = usize::from(u16::from_le_bytes([l0, l1]));
        let kind = u16::from_le_bytes([k0, k1]) & 0x7fff;
        if len < 4 {
            return L3::Malformed;
        }
        if kind == 9 {
            let Some(payload) = data.get(at.saturating_add(4)..at.saturating_add(len)) else {
                return L3::Malformed;
            };
            return match family {
                2 => L3::Ipv4(payload),
                10 => L3::Ipv6(payload),
                _ => raw_ip(payload),
            };
        }
        at = at.saturating_add(len.saturating_add(3) & !3);
    }
    L3::NotIp
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
    fn ethernet_with_two_vlan_tags() {
        let mut f = vec![0u8; 12];
        f.extend_from_slice(&[0x88, 0xa8, 0, 10, 0x81, 0x00, 0, 20, 0x08, 0x00, 0x45]);
        assert_eq!(decode(lt::ETHERNET, &f), L3::Ipv4(&[0x45]));
    }

    #[test]
    fn short_frames_are_malformed_not_panics() {
        for lt in [0, 1, 9, 50, 101, 108, 113, 239, 276] {
            for n in 0..24 {
                let _ = decode(lt, &vec![0x81; n]);
            }
        }
    }

    #[test]
    fn sll_and_sll2() {
        let mut v1 = vec![0u8; 14];
        v1.extend_from_slice(&[0x86, 0xdd, 0x60]);
        assert_eq!(decode(lt::LINUX_SLL, &v1), L3::Ipv6(&[0x60]));
        let mut v2 = vec![0x08, 0x00];
        v2.extend_from_slice(&[0u8; 18]);
        v2.push(0x45);
        assert_eq!(decode(lt::LINUX_SLL2, &v2), L3::Ipv4(&[0x45]));
    }

    #[test]
    fn loopback_families_in_both_orders() {
        assert_eq!(decode(lt::NULL, &[2, 0, 0, 0, 0x45]), L3::Ipv4(&[0x45]));
        assert_eq!(decode(lt::LOOP, &[0, 0, 0, 2, 0x45]), L3::Ipv4(&[0x45]));
        assert_eq!(decode(lt::NULL, &[30, 0, 0, 0, 0x60]), L3::Ipv6(&[0x60]));
    }
}
