//! Classic libpcap files: both byte orders, micro- and nanosecond timestamps, and the
//! "modified" (Kuznetsov) variant whose record headers carry 8 extra bytes.

use super::{read_u32, Record, Sink, Step, MAX_RECORD_LEN};
use pcap_parser::{parse_pcap_frame, parse_pcap_frame_be, parse_pcap_header};

const MAGIC_US: u32 = 0xa1b2_c3d4;
const MAGIC_NS: u32 = 0xa1b2_3c4d;
const MAGIC_MODIFIED: u32 = 0xa1b2_cd34;
const HEADER_LEN: usize = 24;

pub(super) fn is_pcap_magic(m: &[u8]) -> bool {
    let Some(le) = read_u32(m, 0, false) else {
        return false;
    };
    let be = le.swap_bytes();
    [MAGIC_US, MAGIC_NS, MAGIC_MODIFIED]
        .iter()
        .any(|&k| k == le || k == be)
}

pub(super) struct PcapParser {
    big_endian: bool,
    nanos: bool,
    /// Extra bytes after each 16-byte record header (8 in the modified format).
    extra_header_len: usize,
    linktype: u32,
}

impl PcapParser {
    /// Parses the 24-byte file header; `Ok(None)` when more bytes are needed.
    pub fn from_header(data: &[u8]) -> Result<Option<(PcapParser, usize)>, String> {
        if data.len() < HEADER_LEN {
            return Ok(None);
        }
        let le_magic = read_u32(data, 0, false).unwrap_or(0);
        let big_endian = le_magic.swap_bytes() == MAGIC_US
            || le_magic.swap_bytes() == MAGIC_NS
            || le_magic.swap_bytes() == MAGIC_MODIFIED;
        let magic = if big_endian {
            le_magic.swap_bytes()
        } else {
            le_magic
        };
        let linktype = if magic == MAGIC_MODIFIED && big_endian {
            // pcap-parser does not know this rare combination; the header layout is the same.
            read_u32(data, 20, true).ok_or("short header")?
        } else {
            match parse_pcap_header(data) {
                Ok((_, h)) => h.network.0 as u32,
                Err(e) => return Err(format!("pcap header: {e:?}")),
            }
        };
        // The upper 16 bits of the link-type field may carry FCS flags (pcap-linktype(7)).
        let parser = PcapParser {
            big_endian,
            nanos: magic == MAGIC_NS,
            extra_header_len: if magic == MAGIC_MODIFIED { 8 } else { 0 },
            linktype: linktype & 0x0fff_ffff,
        };
        Ok(Some((parser, HEADER_LEN)))
    }

    pub fn step(&mut self, data: &[u8], next_frame: &mut u64, sink: &mut Sink<'_>) -> Step {
        let Some(caplen) = read_u32(data, 8, self.big_endian) else {
            return Step::NeedMore;
        };
        let caplen = caplen as usize;
        if caplen > MAX_RECORD_LEN {
            return Step::Corrupt(format!("record claims {caplen} captured bytes"));
        }
        let header_len = self.extra_header_len.saturating_add(16);
        let total = header_len.saturating_add(caplen);
        if data.len() < total {
            return Step::NeedMore;
        }
        let parsed = if self.big_endian {
            parse_pcap_frame_be(data)
        } else {
            parse_pcap_frame(data)
        };
        let block = match parsed {
            Ok((_, b)) => b,
            Err(nom::Err::Incomplete(_)) => return Step::NeedMore,
            Err(e) => return Step::Corrupt(format!("record: {e:?}")),
        };
        // In the modified format the data starts after the extra header bytes.
        let payload = data.get(header_len..total).unwrap_or(&[]);
        let frac = i64::from(block.ts_usec);
        let ts_ns = i64::from(block.ts_sec)
            .saturating_mul(1_000_000_000)
            .saturating_add(if self.nanos {
                frac
            } else {
                frac.saturating_mul(1000)
            });
        sink(Record {
            frame: *next_frame,
            ts_ns,
            linktype: self.linktype,
            orig_len: block.origlen,
            data: payload,
            file_offset: None,
        });
        *next_frame = next_frame.saturating_add(1);
        Step::Advanced(total)
    }
}
