//! UDP header view.

use super::be16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UdpDatagram<'a> {
    pub src_port: u16,
    pub dst_port: u16,
    pub payload: &'a [u8],
}

pub fn parse(d: &[u8]) -> Option<UdpDatagram<'_>> {
    let len = usize::from(be16(d, 4)?);
    // Length 0 happens with jumbograms and TSO; otherwise it bounds the payload.
    let end = if len >= 8 { len.min(d.len()) } else { d.len() };
    Some(UdpDatagram {
        src_port: be16(d, 0)?,
        dst_port: be16(d, 2)?,
        payload: d.get(8..end.max(8))?,
    })
}
