//! One TCP direction (`reassembly::HalfStream`) fed a sequence of segments decoded from the input,
//! with a small buffer cap so forced gaps happen.
//!
//! Input: byte 0 sets the cap (1..=256 bytes); then segments, each
//! `[kind][seq: 2 or 4 bytes][len][payload]`: kind bit 0 = SYN, bit 1 = absolute 32-bit seq
//! (else a signed 16-bit delta from the previous seq, so overlaps and retransmissions are
//! common), bit 2 = flush after this segment.
//!
//! Checked: no panic; delivered + gap bytes == position after every call; the buffer stays
//! within the cap; chunks are non-empty; every delivered byte was sent at that sequence number by
//! some segment; after the final flush nothing is buffered.
#![no_main]

use ctiscope::reassembly::{Chunk, HalfStream};
use libfuzzer_sys::fuzz_target;

struct Seg {
    seq: u32,
    payload: Vec<u8>,
}

/// Whether `byte` was sent at sequence number `seq` by some segment.
fn was_sent(segs: &[Seg], seq: u32, byte: u8) -> bool {
    segs.iter().any(|s| {
        let i = seq.wrapping_sub(s.seq) as usize;
        s.payload.get(i) == Some(&byte)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&cap, mut rest)) = data.split_first() else { return };
    let cap = usize::from(cap) + 1;
    let mut stream = HalfStream::default();
    let mut segs: Vec<Seg> = Vec::new();
    // Sequence number of stream position 0, fixed by the first SYN or data segment.
    let mut base: Option<u32> = None;
    let mut prev_seq = 0u32;
    // (position, byte) of every delivered byte, and the gap total seen.
    let mut delivered: Vec<(u64, u8)> = Vec::new();
    let mut gap_total = 0u64;
    let mut pos = 0u64;

    let mut check_chunk = |c: Chunk<'_>, pos: &mut u64, delivered: &mut Vec<(u64, u8)>| match c {
        Chunk::Data(d) => {
            assert!(!d.is_empty(), "empty data chunk");
            for &b in d {
                delivered.push((*pos, b));
                *pos += 1;
            }
        }
        Chunk::Gap(n) => {
            assert!(n > 0, "empty gap");
            gap_total += n;
            *pos += n;
        }
    };

    while let Some((&kind, r)) = rest.split_first() {
        rest = r;
        let seq = if kind & 2 != 0 {
            let Some(b) = rest.get(..4) else { break };
            rest = &rest[4..];
            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
        } else {
            let Some(b) = rest.get(..2) else { break };
            rest = &rest[2..];
            prev_seq.wrapping_add(i16::from_be_bytes([b[0], b[1]]) as i32 as u32)
        };
        prev_seq = seq;
        let Some((&len, r)) = rest.split_first() else { break };
        rest = r;
        let len = usize::from(len).min(rest.len());
        let payload = &rest[..len];
        rest = &rest[len..];
        if kind & 1 != 0 {
            stream.on_syn(seq);
            if base.is_none() {
                base = Some(seq.wrapping_add(1));
            }
        } else {
            if base.is_none() && !payload.is_empty() {
                base = Some(seq);
            }
            segs.push(Seg { seq, payload: payload.to_vec() });
            stream.on_segment(seq, payload, cap, &mut |c| check_chunk(c, &mut pos, &mut delivered));
            assert!(stream.buffered_bytes() <= cap, "{} bytes buffered over a cap of {cap}", stream.buffered_bytes());
        }
        if kind & 4 != 0 {
            stream.flush(&mut |c| check_chunk(c, &mut pos, &mut delivered));
            assert_eq!(stream.buffered_bytes(), 0);
        }
        assert_eq!(stream.position(), pos);
        assert_eq!(stream.stats.delivered_bytes + stream.stats.gap_bytes, stream.position());
    }
    stream.flush(&mut |c| check_chunk(c, &mut pos, &mut delivered));
    assert_eq!(stream.buffered_bytes(), 0);
    assert_eq!(stream.position(), pos);
    assert_eq!(stream.stats.gap_bytes, gap_total);
    assert_eq!(stream.stats.delivered_bytes + stream.stats.gap_bytes, stream.position());
    assert_eq!(stream.stats.delivered_bytes, delivered.len() as u64);
    if let Some(base) = base {
        for &(p, b) in &delivered {
            let seq = base.wrapping_add(p as u32);
            assert!(was_sent(&segs, seq, b), "byte {b:#04x} at position {p} (seq {seq}) was never sent there");
        }
    }
});
