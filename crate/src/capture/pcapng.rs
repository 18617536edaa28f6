//! pcapng: several sections (each with its own byte order), several interfaces per section
//! with their own link type, timestamp resolution and offset; enhanced, simple and obsolete
//! packet blocks. Other block types are skipped.

use super::{read_u32, Record, Sink, Step, MAX_RECORD_LEN};
use pcap_parser::{parse_block_be, parse_block_le, parse_sectionheaderblock, Block};

const SHB: u32 = 0x0A0D_0D0A;
/// The obsolete Packet Block (type 2) that old tools still write; pcap-parser leaves it unknown.
const OBSOLETE_PACKET_BLOCK: u32 = 2;

#[derive(Clone, Copy)]
struct Interface {
    linktype: u32,
    /// Timestamp units per second.
    units_per_sec: u64,
    offset_secs: i64,
}

#[derive(Default)]
pub(super) struct PcapngParser {
    big_endian: bool,
    interfaces: Vec<Interface>,
    last_ts_ns: i64,
    warned_bad_interface: bool,
}

impl PcapngParser {
    pub fn step(
        &mut self,
        data: &[u8],
        next_frame: &mut u64,
        sink: &mut Sink<'_>,
        warnings: &mut Vec<String>,
    ) -> Step {
        let Some(block_type) = read_u32(data, 0, false) else {
            return Step::NeedMore;
        };
        if block_type == SHB {
            // The byte order is only known from the section header's byte-order magic.
            let Some(bom) = read_u32(data, 8, false) else {
                return Step::NeedMore;
            };
            self.big_endian = bom == 0x4D3C_2B1A;
            if !self.big_endian && bom != 0x1A2B_3C4D {
                return Step::Corrupt("section header with an unknown byte-order magic".into());
            }
        }
        let Some(block_len) = read_u32(data, 4, self.big_endian) else {
            return Step::NeedMore;
        };
        let block_len = block_len as usize;
        if block_len < 12 || !block_len.is_multiple_of(4) || block_len > MAX_RECORD_LEN {
            return Step::Corrupt(format!(
                "block of type {block_type:#x} has an invalid length {block_len}"
            ));
        }
        if data.len() < block_len {
            return Step::NeedMore;
        }
        let block_bytes = data.get(..block_len).unwrap_or(data);
        if block_type == SHB {
            return match parse_sectionheaderblock(block_bytes) {
                Ok(_) => {
                    self.interfaces.clear();
                    Step::Advanced(block_len)
                }
                Err(e) => Step::Corrupt(format!("section header: {e:?}")),
            };
        }
        let block_type = if self.big_endian {
            block_type.swap_bytes()
        } else {
            block_type
        };
        let parsed = if self.big_endian {
            parse_block_be(block_bytes)
        } else {
            parse_block_le(block_bytes)
        };
        let block = match parsed {
            Ok((_, b)) => b,
            Err(nom::Err::Incomplete(_)) => {
                return Step::Corrupt(format!(
                    "block of type {block_type:#x} is shorter than its contents"
                ))
            }
            Err(e) => return Step::Corrupt(format!("block of type {block_type:#x}: {e:?}")),
        };
        match block {
            Block::InterfaceDescription(idb) => {
                self.interfaces.push(Interface {
                    linktype: idb.linktype.0 as u32 & 0x0fff_ffff,
                    units_per_sec: idb.ts_resolution().unwrap_or(1_000_000),
                    offset_secs: idb.ts_offset(),
                });
            }
            Block::EnhancedPacket(epb) => {
                let caplen = (epb.caplen as usize).min(epb.data.len());
                let payload = epb.data.get(..caplen).unwrap_or(&[]);
                let ts = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
                self.deliver(
                    epb.if_id as usize,
                    Some(ts),
                    epb.origlen,
                    payload,
                    next_frame,
                    sink,
                    warnings,
                );
            }
            Block::SimplePacket(spb) => {
                let len = (spb.origlen as usize).min(spb.data.len());
                let payload = spb.data.get(..len).unwrap_or(&[]);
                self.deliver(0, None, spb.origlen, payload, next_frame, sink, warnings);
            }
            Block::Unknown(ub) if block_type == OBSOLETE_PACKET_BLOCK => {
                // if_id u16, drops u16, ts_high, ts_low, caplen, origlen, data.
                let be = self.big_endian;
                let d = ub.data;
                let head = read_u32(d, 0, be).unwrap_or(0);
                let if_id = if be { head >> 16 } else { head & 0xffff } as usize;
                let ts_high = read_u32(d, 4, be).unwrap_or(0);
                let ts_low = read_u32(d, 8, be).unwrap_or(0);
                let caplen = read_u32(d, 12, be).unwrap_or(0) as usize;
                let origlen = read_u32(d, 16, be).unwrap_or(0);
                let payload = d.get(20..).unwrap_or(&[]);
                let payload = payload.get(..caplen.min(payload.len())).unwrap_or(&[]);
                let ts = (u64::from(ts_high) << 32) | u64::from(ts_low);
                self.deliver(
                    if_id,
                    Some(ts),
                    origlen,
                    payload,
                    next_frame,
                    sink,
                    warnings,
                );
            }
            _ => {}
        }
        Step::Advanced(block_len)
    }

    #[allow(clippy::too_many_arguments)]
    fn deliver(
        &mut self,
        if_id: usize,
        ts_units: Option<u64>,
        orig_len: u32,
        data: &[u8],
        next_frame: &mut u64,
        sink: &mut Sink<'_>,
        warnings: &mut Vec<String>,
    ) {
        let iface = match self.interfaces.get(if_id) {
            Some(i) => *i,
            None => {
                if !self.warned_bad_interface {
                    self.warned_bad_interface = true;
                    warnings.push(format!(
                        "frame {}: packet names interface {if_id}, which was never described; link type unknown",
                        *next_frame
                    ));
                }
                Interface {
                    linktype: u32::MAX,
                    units_per_sec: 1_000_000,
                    offset_secs: 0,
                }
            }
        };
        let ts_ns = match ts_units {
            Some(units) => {
                let per = u128::from(iface.units_per_sec.max(1));
                let ns = u128::from(units)
                    .saturating_mul(1_000_000_000)
                    .checked_div(per)
                    .unwrap_or(0);
                i64::try_from(ns)
                    .unwrap_or(i64::MAX)
                    .saturating_add(iface.offset_secs.saturating_mul(1_000_000_000))
            }
            // Simple packet blocks carry no timestamp: keep the previous one.
            None => self.last_ts_ns,
        };
        self.last_ts_ns = ts_ns;
        sink(Record {
            frame: *next_frame,
            ts_ns,
            linktype: iface.linktype,
            orig_len,
            data,
            file_offset: None,
        });
        *next_frame = next_frame.saturating_add(1);
    }
}
