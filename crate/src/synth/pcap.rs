//! Writers for pcap (either byte order, micro- or nanosecond, the modified variant) and pcapng
//! (sections in either byte order, several interfaces with their own link type and timestamp
//! resolution; enhanced, simple and obsolete packet blocks).

/// One packet to write: timestamp in ns since the epoch, and the link-layer frame.
#[derive(Clone, Debug)]
pub struct Packet {
    /// Timestamp, nanoseconds since the Unix epoch.
    pub ts_ns: i64,
    /// The packet's bytes, from the link layer up.
    pub data: Vec<u8>,
    /// Interface index (pcapng only).
    pub interface: u32,
}

impl Packet {
    /// A packet at `ts_ns` nanoseconds since the epoch.
    pub fn new(ts_ns: i64, data: Vec<u8>) -> Self {
        Packet {
            ts_ns,
            data,
            interface: 0,
        }
    }
}

fn put32(out: &mut Vec<u8>, v: u32, be: bool) {
    out.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() });
}

fn put16(out: &mut Vec<u8>, v: u16, be: bool) {
    out.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() });
}

#[derive(Clone, Copy, Debug, Default)]
/// How a classic pcap file is written.
pub struct PcapOptions {
    /// Write the file big-endian.
    pub big_endian: bool,
    /// Nanosecond timestamps (the nanosecond magic number).
    pub nanos: bool,
    /// The "modified" (Kuznetsov) format with 24-byte record headers.
    pub modified: bool,
}

/// A classic pcap file.
pub fn write_pcap(linktype: u32, packets: &[Packet], o: PcapOptions) -> Vec<u8> {
    let be = o.big_endian;
    let mut out = Vec::new();
    let magic = if o.modified {
        0xa1b2_cd34
    } else if o.nanos {
        0xa1b2_3c4d
    } else {
        0xa1b2_c3d4
    };
    put32(&mut out, magic, be);
    put16(&mut out, 2, be);
    put16(&mut out, 4, be);
    put32(&mut out, 0, be);
    put32(&mut out, 0, be);
    put32(&mut out, 262_144, be);
    put32(&mut out, linktype, be);
    for p in packets {
        let secs = p.ts_ns.div_euclid(1_000_000_000);
        let frac = p.ts_ns.rem_euclid(1_000_000_000);
        put32(&mut out, secs as u32, be);
        put32(
            &mut out,
            if o.nanos {
                frac as u32
            } else {
                (frac / 1000) as u32
            },
            be,
        );
        put32(&mut out, p.data.len() as u32, be);
        put32(&mut out, p.data.len() as u32, be);
        if o.modified {
            out.extend_from_slice(&[0u8; 8]);
        }
        out.extend_from_slice(&p.data);
    }
    out
}

/// An interface of a pcapng section.
#[derive(Clone, Copy, Debug)]
pub struct Interface {
    /// The interface's link type.
    pub linktype: u16,
    /// `if_tsresol` option: 6 = microseconds (the default), 9 = nanoseconds.
    pub tsresol: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// The pcapng block used for packets.
pub enum BlockKind {
    /// Enhanced Packet Block.
    Enhanced,
    /// Simple Packet Block.
    Simple,
    /// Obsolete Packet Block.
    Obsolete,
}

/// One pcapng section: its byte order, interfaces and packets.
pub struct Section<'a> {
    /// Write the file big-endian.
    pub big_endian: bool,
    /// The interfaces (Interface Description Blocks).
    pub interfaces: &'a [Interface],
    /// The packets, on interface 0.
    pub packets: &'a [Packet],
    /// The block used for packets.
    pub kind: BlockKind,
}

fn block(out: &mut Vec<u8>, kind: u32, body: &[u8], be: bool) {
    let padded = body.len().div_ceil(4) * 4;
    let len = (12 + padded) as u32;
    put32(out, kind, be);
    put32(out, len, be);
    out.extend_from_slice(body);
    out.resize(out.len() + padded - body.len(), 0);
    put32(out, len, be);
}

/// A pcapng file of one or more sections.
pub fn write_pcapng(sections: &[Section<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in sections {
        let be = s.big_endian;
        let mut shb = Vec::new();
        put32(&mut shb, 0x1A2B_3C4D, be);
        put16(&mut shb, 1, be);
        put16(&mut shb, 0, be);
        shb.extend_from_slice(&u64::MAX.to_le_bytes());
        block(&mut out, 0x0A0D_0D0A, &shb, be);
        for i in s.interfaces {
            let mut idb = Vec::new();
            put16(&mut idb, i.linktype, be);
            put16(&mut idb, 0, be);
            put32(&mut idb, 262_144, be);
            if i.tsresol != 6 {
                put16(&mut idb, 9, be); // if_tsresol
                put16(&mut idb, 1, be);
                idb.extend_from_slice(&[i.tsresol, 0, 0, 0]);
                put16(&mut idb, 0, be); // opt_endofopt
                put16(&mut idb, 0, be);
            }
            block(&mut out, 1, &idb, be);
        }
        for p in s.packets {
            let units = match s.interfaces.get(p.interface as usize).map(|i| i.tsresol) {
                Some(9) => p.ts_ns as u64,
                _ => (p.ts_ns / 1000) as u64,
            };
            let mut body = Vec::new();
            match s.kind {
                BlockKind::Simple => {
                    put32(&mut body, p.data.len() as u32, be);
                    body.extend_from_slice(&p.data);
                    block(&mut out, 3, &body, be);
                    continue;
                }
                BlockKind::Enhanced => put32(&mut body, p.interface, be),
                BlockKind::Obsolete => {
                    put16(&mut body, p.interface as u16, be);
                    put16(&mut body, 0, be);
                }
            }
            put32(&mut body, (units >> 32) as u32, be);
            put32(&mut body, units as u32, be);
            put32(&mut body, p.data.len() as u32, be);
            put32(&mut body, p.data.len() as u32, be);
            body.extend_from_slice(&p.data);
            block(
                &mut out,
                if s.kind == BlockKind::Enhanced { 6 } else { 2 },
                &body,
                be,
            );
        }
    }
    out
}
