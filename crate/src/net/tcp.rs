//! TCP header view.

use super::{be16, be32};

pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const ACK: u8 = 0x10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpSegment<'a> {
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub payload: &'a [u8],
}

impl TcpSegment<'_> {
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

pub fn parse(d: &[u8]) -> Option<TcpSegment<'_>> {
    let data_off = usize::from(*d.get(12)? >> 4) * 4;
    if data_off < 20 {
        return None;
    }
    Some(TcpSegment {
        src_port: be16(d, 0)?,
        dst_port: be16(d, 2)?,
        seq: be32(d, 4)?,
        ack: be32(d, 8)?,
        flags: *d.get(13)?,
        payload: d.get(data_off..)?,
    })
}
