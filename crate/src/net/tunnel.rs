//! IP tunnels: the packet inside IP-in-IP (protocol 4), IPv6-in-IP (41) and GRE (47, RFC 2784/
//! 2890, and the enhanced GRE of PPTP, RFC 2637, carrying PPP). Trunks between sites and
//! carrier links often carry SIP and CTI this way; the inner packet is analyzed as if it had
//! been captured directly.

use super::be16;
use super::link::{self, L3};

pub const PROTO_IPIP: u8 = 4;
pub const PROTO_IPV6: u8 = 41;
pub const PROTO_GRE: u8 = 47;

/// Tunnels inside tunnels followed before giving up (a loop of encapsulations is hostile input).
pub const MAX_DEPTH: u8 = 4;

const GRE_CHECKSUM: u16 = 0x8000;
const GRE_KEY: u16 = 0x2000;
const GRE_SEQUENCE: u16 = 0x1000;
const GRE_ACK: u16 = 0x0080;
const GRE_ROUTING: u16 = 0x4000;
const ETHERTYPE_TEB: u16 = 0x6558;
const ETHERTYPE_PPP: u16 = 0x880b;

/// The inner packet of a tunnel, or `None` when `proto` is not a tunnel. `NotIp` for a GRE
/// payload that is not IP (or a GRE form with source routing, which ctiscope does not walk).
pub fn inner(proto: u8, payload: &[u8]) -> Option<L3<'_>> {
    match proto {
        PROTO_IPIP => Some(L3::Ipv4(payload)),
        PROTO_IPV6 => Some(L3::Ipv6(payload)),
        PROTO_GRE => Some(gre(payload)),
        _ => None,
    }
}

fn gre(d: &[u8]) -> L3<'_> {
    let (Some(flags), Some(ethertype)) = (be16(d, 0), be16(d, 2)) else {
        return L3::Malformed;
    };
    let version = flags & 0x7;
    if flags & GRE_ROUTING != 0 || version > 1 {
        return L3::NotIp;
    }
    let mut at = 4usize;
    for (bit, len) in [(GRE_CHECKSUM, 4usize), (GRE_KEY, 4), (GRE_SEQUENCE, 4)] {
        if flags & bit != 0 {
            at = at.saturating_add(len);
        }
    }
    if version == 1 && flags & GRE_ACK != 0 {
        at = at.saturating_add(4);
    }
    let Some(rest) = d.get(at..) else {
        return L3::Malformed;
    };
    match ethertype {
        ETHERTYPE_TEB => link::decode(crate::capture::linktype::ETHERNET, rest),
        ETHERTYPE_PPP => match rest.get(..2) {
            // PPP in enhanced GRE: address/control may be present, the protocol may be one byte.
            Some([0xff, 0x03]) => link::decode(crate::capture::linktype::PPP, rest.get(2..).unwrap_or(&[])),
            Some([0x21, _]) => L3::Ipv4(rest.get(1..).unwrap_or(&[])),
            Some([0x57, _]) => L3::Ipv6(rest.get(1..).unwrap_or(&[])),
            _ => link::decode(crate::capture::linktype::PPP, rest),
        },
        other => link::by_ethertype(other, rest),
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_each_kind_of_tunnel() {
        let ip = [0x45u8, 0, 0, 20];
        assert!(matches!(inner(PROTO_IPIP, &ip), Some(L3::Ipv4(d)) if d == ip));
        assert!(matches!(inner(PROTO_IPV6, &[0x60]), Some(L3::Ipv6(_))));
        assert!(inner(6, &ip).is_none());
        // Plain GRE carrying IPv4.
        let mut g = vec![0x00, 0x00, 0x08, 0x00];
        g.extend_from_slice(&ip);
        assert!(matches!(inner(PROTO_GRE, &g), Some(L3::Ipv4(d)) if d == ip));
        // GRE with checksum and key.
        let mut g = vec![0xa0, 0x00, 0x08, 0x00, 0, 0, 0, 0, 1, 2, 3, 4];
        g.extend_from_slice(&ip);
        assert!(matches!(inner(PROTO_GRE, &g), Some(L3::Ipv4(d)) if d == ip));
        // Enhanced GRE (PPTP): key, sequence, ack, then PPP with a one-byte protocol.
        let mut g = vec![0x30, 0x81, 0x88, 0x0b, 0, 10, 0, 1, 0, 0, 0, 7, 0, 0, 0, 6, 0x21];
        g.extend_from_slice(&ip);
        assert!(matches!(inner(PROTO_GRE, &g), Some(L3::Ipv4(d)) if d == ip));
        // Transparent Ethernet bridging.
        let mut g = vec![0x00, 0x00, 0x65, 0x58];
        g.extend_from_slice(&[0; 12]);
        g.extend_from_slice(&[0x08, 0x00]);
        g.extend_from_slice(&ip);
        assert!(matches!(inner(PROTO_GRE, &g), Some(L3::Ipv4(d)) if d == ip));
        // Truncated and routed forms.
        assert!(matches!(inner(PROTO_GRE, &[0x80, 0x00, 0x08]), Some(L3::Malformed)));
        assert!(matches!(inner(PROTO_GRE, &[0x80, 0x00, 0x08, 0x00, 0]), Some(L3::Malformed)));
        assert!(matches!(inner(PROTO_GRE, &[0x40, 0x00, 0x08, 0x00]), Some(L3::NotIp)));
    }
}
