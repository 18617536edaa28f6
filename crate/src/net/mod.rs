//! Link, network and transport layers: checked views over packet bytes, one protocol a file.
//! Every function here takes untrusted bytes and returns `None`/an error instead of panicking.
pub mod defrag;
pub mod ip;
pub mod link;
pub mod tcp;
pub mod tunnel;
pub mod udp;

/// Reads a big-endian `u16` at `at`.
pub(crate) fn be16(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([*b.first()?, *b.get(1)?]))
}

/// Reads a big-endian `u32` at `at`.
pub(crate) fn be32(d: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = d.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}
