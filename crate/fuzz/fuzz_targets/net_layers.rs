//! Link, IP and transport layers: `net::link::decode` for every supported link type, the IPv4 and
//! IPv6 parsers, TCP and UDP, and the `Defragmenter` over a fragment sequence.
//!
//! Input: the whole input is decoded as one frame of every link type (and as bare IP, TCP and
//! UDP); then it is read again as fragments `[id][flags][offset: u16][len][payload]` for a small
//! defragmentation table (bit 0 of flags = more fragments, bit 1 = IPv6 addresses).
//!
//! Checked: no panic; every slice returned lies inside the input; a reassembled datagram is at
//! most 65 535 bytes and the table never holds more than its cap.
#![no_main]

use ctiscope::capture::linktype as lt;
use ctiscope::net::defrag::Defragmenter;
use ctiscope::net::ip::{self, Fragment};
use ctiscope::net::link::{self, L3};
use ctiscope::net::{tcp, udp};
use libfuzzer_sys::fuzz_target;
use std::net::IpAddr;

const LINKTYPES: &[u32] = &[
    lt::NULL,
    lt::ETHERNET,
    lt::PPP,
    lt::RAW_OPENBSD,
    lt::RAW_BSDOS,
    lt::PPP_HDLC,
    lt::RAW,
    lt::LOOP,
    lt::LINUX_SLL,
    lt::IPV4,
    lt::IPV6,
    lt::NFLOG,
    lt::LINUX_SLL2,
    105,
    u32::MAX,
];

/// Whether `inner` is a sub-slice of `outer`.
fn within(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    inner.is_empty() || (i >= o && i + inner.len() <= o + outer.len())
}

fn transport(data: &[u8], packet: &ip::IpPacket<'_>) {
    assert!(within(data, packet.payload), "IP payload outside the packet");
    if let Some(seg) = tcp::parse(packet.payload) {
        assert!(within(packet.payload, seg.payload));
    }
    if let Some(dg) = udp::parse(packet.payload) {
        assert!(within(packet.payload, dg.payload));
    }
}

fuzz_target!(|data: &[u8]| {
    for &linktype in LINKTYPES {
        assert_eq!(link::is_supported(linktype), !matches!(link::decode(linktype, &[0; 64]), L3::UnsupportedLinktype));
        let l3 = link::decode(linktype, data);
        let ip = match l3 {
            L3::Ipv4(d) => Some((d, ip::parse_ipv4(d))),
            L3::Ipv6(d) => Some((d, ip::parse_ipv6(d))),
            _ => None,
        };
        if let Some((d, parsed)) = ip {
            assert!(within(data, d), "link type {linktype}: L3 outside the frame");
            if let Ok(p) = parsed {
                transport(d, &p);
            }
        }
    }
    if let Ok(p) = ip::parse_ipv4(data) {
        transport(data, &p);
    }
    if let Ok(p) = ip::parse_ipv6(data) {
        transport(data, &p);
    }

    const CAP: usize = 4;
    let mut defrag = Defragmenter::new(CAP);
    let v4 = |n: u8| IpAddr::from([10, 0, 0, n]);
    let v6 = |n: u8| IpAddr::from([0xfe80, 0, 0, 0, 0, 0, 0, u16::from(n)]);
    let mut rest = data;
    while let Some(head) = rest.get(..5) {
        let (id, flags) = (head[0], head[1]);
        let offset = usize::from(u16::from_be_bytes([head[2], head[3]]));
        let len = usize::from(head[4]).min(rest.len() - 5);
        let payload = &rest[5..5 + len];
        rest = &rest[5 + len..];
        let (src, dst) = if flags & 2 != 0 { (v6(1), v6(2)) } else { (v4(1), v4(2)) };
        let frag = Fragment { id: u32::from(id & 7), offset, more: flags & 1 != 0 };
        if let Some(whole) = defrag.push(src, dst, 6, frag, payload) {
            assert!(whole.len() <= 65_535);
            let _ = tcp::parse(&whole);
        }
        assert!(defrag.pending() <= CAP, "{} datagrams pending over a cap of {CAP}", defrag.pending());
    }
});
