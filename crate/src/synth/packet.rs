//! Packet builders (Ethernet with VLAN tags, Linux cooked v1/v2, IPv4 with fragments, IPv6
//! with extension headers, TCP, UDP) with correct checksums, and a TCP conversation helper
//! that tracks sequence numbers.

use std::net::{IpAddr, SocketAddr};

/// TCP flag FIN.
pub const TCP_FIN: u8 = 0x01;
/// TCP flag SYN.
pub const TCP_SYN: u8 = 0x02;
/// TCP flag RST.
pub const TCP_RST: u8 = 0x04;
/// TCP flag PSH.
pub const TCP_PSH: u8 = 0x08;
/// TCP flag ACK.
pub const TCP_ACK: u8 = 0x10;

fn checksum_add(mut sum: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        sum += u32::from(*last) << 8;
    }
    sum
}

fn checksum_finish(mut sum: u32) -> u16 {
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn pseudo_header_sum(src: IpAddr, dst: IpAddr, proto: u8, len: usize) -> u32 {
    let mut sum = 0;
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            sum = checksum_add(sum, &s.octets());
            sum = checksum_add(sum, &d.octets());
        }
        (s, d) => {
            let v6 = |a: IpAddr| match a {
                IpAddr::V4(x) => x.to_ipv6_mapped().octets(),
                IpAddr::V6(x) => x.octets(),
            };
            sum = checksum_add(sum, &v6(s));
            sum = checksum_add(sum, &v6(d));
        }
    }
    sum + u32::from(proto) + len as u32
}

/// A TCP header + payload with a valid checksum.
pub fn tcp(
    src: SocketAddr,
    dst: SocketAddr,
    seq: u32,
    ack: u32,
    flags: u8,
    payload: &[u8],
) -> Vec<u8> {
    let mut t = Vec::with_capacity(20 + payload.len());
    t.extend_from_slice(&src.port().to_be_bytes());
    t.extend_from_slice(&dst.port().to_be_bytes());
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    t.push(5 << 4);
    t.push(flags);
    t.extend_from_slice(&65535u16.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0]);
    t.extend_from_slice(payload);
    let sum = checksum_add(pseudo_header_sum(src.ip(), dst.ip(), 6, t.len()), &t);
    let c = checksum_finish(sum);
    t[16..18].copy_from_slice(&c.to_be_bytes());
    t
}

/// A UDP header + payload with a valid checksum.
pub fn udp(src: SocketAddr, dst: SocketAddr, payload: &[u8]) -> Vec<u8> {
    let mut u = Vec::with_capacity(8 + payload.len());
    u.extend_from_slice(&src.port().to_be_bytes());
    u.extend_from_slice(&dst.port().to_be_bytes());
    u.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    let c = checksum_finish(checksum_add(
        pseudo_header_sum(src.ip(), dst.ip(), 17, u.len()),
        &u,
    ));
    u[6..8].copy_from_slice(&(if c == 0 { 0xffff } else { c }).to_be_bytes());
    u
}

/// An IPv4 header (with checksum) around `payload`; `frag` = (byte offset, more fragments).
pub fn ipv4(
    src: IpAddr,
    dst: IpAddr,
    proto: u8,
    id: u16,
    frag: Option<(usize, bool)>,
    payload: &[u8],
) -> Vec<u8> {
    let (IpAddr::V4(s), IpAddr::V4(d)) = (src, dst) else {
        return Vec::new();
    };
    let mut h = vec![0x45, 0];
    h.extend_from_slice(&((20 + payload.len()) as u16).to_be_bytes());
    h.extend_from_slice(&id.to_be_bytes());
    let (off, more) = frag.unwrap_or((0, false));
    let ff = ((off / 8) as u16)
        | if more { 0x2000 } else { 0 }
        | if frag.is_none() { 0x4000 } else { 0 };
    h.extend_from_slice(&ff.to_be_bytes());
    h.extend_from_slice(&[64, proto, 0, 0]);
    h.extend_from_slice(&s.octets());
    h.extend_from_slice(&d.octets());
    let c = checksum_finish(checksum_add(0, &h));
    h[10..12].copy_from_slice(&c.to_be_bytes());
    h.extend_from_slice(payload);
    h
}

/// An IPv6 header; `hop_by_hop` inserts an empty hop-by-hop options header before the payload.
pub fn ipv6(src: IpAddr, dst: IpAddr, proto: u8, hop_by_hop: bool, payload: &[u8]) -> Vec<u8> {
    let v6 = |a: IpAddr| match a {
        IpAddr::V4(x) => x.to_ipv6_mapped().octets(),
        IpAddr::V6(x) => x.octets(),
    };
    let ext: Vec<u8> = if hop_by_hop {
        vec![proto, 0, 1, 4, 0, 0, 0, 0]
    } else {
        Vec::new()
    };
    let mut h = vec![0x60, 0, 0, 0];
    h.extend_from_slice(&((ext.len() + payload.len()) as u16).to_be_bytes());
    h.push(if hop_by_hop { 0 } else { proto });
    h.push(64);
    h.extend_from_slice(&v6(src));
    h.extend_from_slice(&v6(dst));
    h.extend_from_slice(&ext);
    h.extend_from_slice(payload);
    h
}

/// Wraps an IP packet in the right network header for its addresses.
pub fn ip(src: IpAddr, dst: IpAddr, proto: u8, payload: &[u8]) -> Vec<u8> {
    if src.is_ipv4() && dst.is_ipv4() {
        ipv4(src, dst, proto, 1, None, payload)
    } else {
        ipv6(src, dst, proto, false, payload)
    }
}

fn ethertype_of(l3: &[u8]) -> u16 {
    if l3.first().map(|b| b >> 4) == Some(6) {
        0x86dd
    } else {
        0x0800
    }
}

/// An Ethernet II frame, with 802.1Q tags (outermost first; the first uses 0x88a8 when there
/// are two, as 802.1ad does).
pub fn ethernet(l3: &[u8], vlans: &[u16]) -> Vec<u8> {
    let mut f = vec![
        0x00, 0x50, 0x56, 0x00, 0x00, 0x02, 0x00, 0x50, 0x56, 0x00, 0x00, 0x01,
    ];
    for (i, v) in vlans.iter().enumerate() {
        let tpid: u16 = if vlans.len() > 1 && i == 0 {
            0x88a8
        } else {
            0x8100
        };
        f.extend_from_slice(&tpid.to_be_bytes());
        f.extend_from_slice(&v.to_be_bytes());
    }
    f.extend_from_slice(&ethertype_of(l3).to_be_bytes());
    f.extend_from_slice(l3);
    f
}

/// A Linux cooked capture (SLL) v1 header.
pub fn sll(l3: &[u8]) -> Vec<u8> {
    let mut f = vec![0, 0, 0, 1, 0, 6, 0, 0x50, 0x56, 0, 0, 1, 0, 0];
    f.extend_from_slice(&ethertype_of(l3).to_be_bytes());
    f.extend_from_slice(l3);
    f
}

/// A Linux cooked capture v2 header.
pub fn sll2(l3: &[u8]) -> Vec<u8> {
    let mut f = ethertype_of(l3).to_be_bytes().to_vec();
    f.extend_from_slice(&[0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 0x50, 0x56, 0, 0, 1, 0, 0]);
    f.extend_from_slice(l3);
    f
}

/// A TCP connection being written packet by packet, tracking both sequence numbers.
pub struct Conversation {
    /// The client's address.
    pub client: SocketAddr,
    /// The server's address.
    pub server: SocketAddr,
    /// The client's initial sequence number.
    pub client_seq: u32,
    /// The server's initial sequence number.
    pub server_seq: u32,
    /// Link-layer framing applied to each IP packet.
    pub link: fn(&[u8]) -> Vec<u8>,
}

fn plain_ethernet(l3: &[u8]) -> Vec<u8> {
    ethernet(l3, &[])
}

impl Conversation {
    /// A conversation between `client` and `server`, sequence numbers at their defaults.
    pub fn new(client: SocketAddr, server: SocketAddr) -> Self {
        Conversation {
            client,
            server,
            client_seq: 1_000_000,
            server_seq: 7_000_000,
            link: plain_ethernet,
        }
    }

    /// One segment with explicit sequence number, as a link-layer frame.
    pub fn raw(&self, from_client: bool, seq: u32, flags: u8, payload: &[u8]) -> Vec<u8> {
        let (src, dst, ack) = if from_client {
            (self.client, self.server, self.server_seq)
        } else {
            (self.server, self.client, self.client_seq)
        };
        let l4 = tcp(src, dst, seq, ack, flags, payload);
        (self.link)(&ip(src.ip(), dst.ip(), 6, &l4))
    }

    /// SYN, SYN/ACK, ACK.
    pub fn handshake(&mut self) -> Vec<Vec<u8>> {
        let syn = self.raw(true, self.client_seq, TCP_SYN, &[]);
        self.client_seq = self.client_seq.wrapping_add(1);
        let syn_ack = self.raw(false, self.server_seq, TCP_SYN | TCP_ACK, &[]);
        self.server_seq = self.server_seq.wrapping_add(1);
        let ack = self.raw(true, self.client_seq, TCP_ACK, &[]);
        vec![syn, syn_ack, ack]
    }

    /// A data segment, advancing that side's sequence number.
    pub fn send(&mut self, from_client: bool, payload: &[u8]) -> Vec<u8> {
        let seq = if from_client {
            self.client_seq
        } else {
            self.server_seq
        };
        let f = self.raw(from_client, seq, TCP_PSH | TCP_ACK, payload);
        if from_client {
            self.client_seq = self.client_seq.wrapping_add(payload.len() as u32);
        } else {
            self.server_seq = self.server_seq.wrapping_add(payload.len() as u32);
        }
        f
    }

    /// FIN from each side.
    pub fn close(&mut self) -> Vec<Vec<u8>> {
        let a = self.raw(true, self.client_seq, TCP_FIN | TCP_ACK, &[]);
        self.client_seq = self.client_seq.wrapping_add(1);
        let b = self.raw(false, self.server_seq, TCP_FIN | TCP_ACK, &[]);
        self.server_seq = self.server_seq.wrapping_add(1);
        vec![a, b]
    }
}
