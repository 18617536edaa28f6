//! TCP stream reassembly, one direction at a time.
//!
//! Policy (stated because captures disagree with themselves):
//! - **Ordering**: bytes are delivered in sequence order; segments that arrive early wait in a
//!   bounded buffer until the hole before them is filled.
//! - **Retransmissions and overlaps**: the first copy of a byte wins. Bytes already delivered
//!   are never delivered again; a buffered segment is not replaced by a later copy. Dropped
//!   duplicate bytes are counted.
//! - **Mid-stream start**: without a SYN the first segment seen starts the stream.
//! - **Gaps**: when buffered data exceeds the per-direction cap, or the connection ends with
//!   data still waiting behind a hole, the hole is declared a gap: the decoder is told how many
//!   bytes are missing and resynchronises on what follows.
//! - Sequence numbers wrap; comparisons use wrapping differences.
use std::collections::BTreeMap;

/// What reassembly hands to the decoder, in order.
#[derive(Debug, PartialEq, Eq)]
pub enum Chunk<'a> {
    Data(&'a [u8]),
    /// This many bytes were never captured.
    Gap(u64),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub delivered_bytes: u64,
    pub duplicate_bytes: u64,
    pub out_of_order_segments: u64,
    pub gaps: u64,
    pub gap_bytes: u64,
}

/// One direction of a TCP connection.
#[derive(Debug, Default)]
pub struct HalfStream {
    started: bool,
    /// Sequence number of the next byte to deliver.
    next_seq: u32,
    /// Segments ahead of `next_seq`, keyed by their distance from it at insertion time
    /// translated to absolute stream positions.
    pending: BTreeMap<u64, Vec<u8>>,
    pending_bytes: usize,
    /// Stream position (bytes delivered or skipped as gaps) of `next_seq`.
    position: u64,
    pub fin: bool,
    pub stats: Stats,
}

impl HalfStream {
    /// The stream position of the next byte to deliver (bytes delivered plus gap bytes).
    pub fn position(&self) -> u64 {
        self.position
    }

    /// The stream position a segment starting at `seq` would occupy (it may lie before what was
    /// already delivered, for a retransmission). A stream not yet started starts at `seq`.
    pub fn position_of(&self, seq: u32) -> u64 {
        if !self.started {
            return self.position;
        }
        let diff = i64::from(seq.wrapping_sub(self.next_seq) as i32);
        self.position.saturating_add_signed(diff)
    }

    pub fn buffered_bytes(&self) -> usize {
        self.pending_bytes
    }

    /// Notes a SYN: the data starts at `seq + 1`.
    pub fn on_syn(&mut self, seq: u32) {
        if !self.started {
            self.started = true;
            self.next_seq = seq.wrapping_add(1);
        }
    }

    /// Adds one segment's payload. `max_buffered` caps the out-of-order bytes kept; `emit`
    /// receives every chunk that became deliverable. Returns true if the cap forced a gap.
    pub fn on_segment(
        &mut self,
        seq: u32,
        payload: &[u8],
        max_buffered: usize,
        emit: &mut dyn FnMut(Chunk<'_>),
    ) -> bool {
        if payload.is_empty() {
            return false;
        }
        if !self.started {
            self.started = true;
            self.next_seq = seq;
        }
        let diff = seq.wrapping_sub(self.next_seq) as i32;
        let mut forced_gap = false;
        if diff <= 0 {
            // Starts at or before the next expected byte: deliver only what is new.
            let skip = diff.unsigned_abs() as usize;
            if skip >= payload.len() {
                self.stats.duplicate_bytes = self
                    .stats
                    .duplicate_bytes
                    .saturating_add(payload.len() as u64);
                return false;
            }
            self.stats.duplicate_bytes = self.stats.duplicate_bytes.saturating_add(skip as u64);
            let fresh = payload.get(skip..).unwrap_or(&[]);
            self.deliver(fresh, emit);
            self.drain(emit);
        } else {
            self.stats.out_of_order_segments = self.stats.out_of_order_segments.saturating_add(1);
            let at = self.position.saturating_add(u64::from(diff.unsigned_abs()));
            let keep = match self.pending.get(&at) {
                Some(existing) => existing.len() < payload.len(),
                None => true,
            };
            if keep {
                if let Some(old) = self.pending.insert(at, payload.to_vec()) {
                    self.pending_bytes = self.pending_bytes.saturating_sub(old.len());
                    self.stats.duplicate_bytes =
                        self.stats.duplicate_bytes.saturating_add(old.len() as u64);
                }
                self.pending_bytes = self.pending_bytes.saturating_add(payload.len());
            } else {
                self.stats.duplicate_bytes = self
                    .stats
                    .duplicate_bytes
                    .saturating_add(payload.len() as u64);
            }
            while self.pending_bytes > max_buffered {
                forced_gap = true;
                if !self.skip_to_first_pending(emit) {
                    break;
                }
                self.drain(emit);
            }
        }
        forced_gap
    }

    /// Ends the stream: whatever waits behind holes is delivered after gap notices.
    pub fn flush(&mut self, emit: &mut dyn FnMut(Chunk<'_>)) {
        while self.skip_to_first_pending(emit) {
            self.drain(emit);
        }
    }

    fn deliver(&mut self, data: &[u8], emit: &mut dyn FnMut(Chunk<'_>)) {
        self.next_seq = self.next_seq.wrapping_add(data.len() as u32);
        self.position = self.position.saturating_add(data.len() as u64);
        self.stats.delivered_bytes = self.stats.delivered_bytes.saturating_add(data.len() as u64);
        emit(Chunk::Data(data));
    }

    /// Delivers buffered segments that are now contiguous.
    fn drain(&mut self, emit: &mut dyn FnMut(Chunk<'_>)) {
        while let Some((&at, _)) = self.pending.first_key_value() {
            if at > self.position {
                break;
            }
            let Some((at, seg)) = self.pending.pop_first() else {
                break;
            };
            self.pending_bytes = self.pending_bytes.saturating_sub(seg.len());
            let skip = self.position.saturating_sub(at) as usize;
            if skip >= seg.len() {
                self.stats.duplicate_bytes =
                    self.stats.duplicate_bytes.saturating_add(seg.len() as u64);
                continue;
            }
            self.stats.duplicate_bytes = self.stats.duplicate_bytes.saturating_add(skip as u64);
            let fresh = seg.get(skip..).unwrap_or(&[]);
            self.deliver(fresh, emit);
        }
    }

    /// Declares the hole before the first buffered segment a gap. False if nothing is buffered.
    fn skip_to_first_pending(&mut self, emit: &mut dyn FnMut(Chunk<'_>)) -> bool {
        let Some((&at, _)) = self.pending.first_key_value() else {
            return false;
        };
        if at > self.position {
            let missing = at.saturating_sub(self.position);
            self.stats.gaps = self.stats.gaps.saturating_add(1);
            self.stats.gap_bytes = self.stats.gap_bytes.saturating_add(missing);
            self.next_seq = self.next_seq.wrapping_add(missing as u32);
            self.position = at;
            emit(Chunk::Gap(missing));
        }
        true
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    /// Feeds (seq, bytes) segments and returns the delivered text with gaps shown as `[n]`.
    fn run(isn: Option<u32>, segs: &[(u32, &str)], cap: usize) -> (String, Stats) {
        let mut s = HalfStream::default();
        if let Some(isn) = isn {
            s.on_syn(isn);
        }
        let mut out = String::new();
        let mut emit = |c: Chunk<'_>| match c {
            Chunk::Data(d) => out.push_str(std::str::from_utf8(d).unwrap()),
            Chunk::Gap(n) => out.push_str(&format!("[{n}]")),
        };
        for (seq, data) in segs {
            s.on_segment(*seq, data.as_bytes(), cap, &mut emit);
        }
        s.flush(&mut emit);
        (out, s.stats)
    }

    #[test]
    fn table_of_orderings() {
        let cases: &[(&[(u32, &str)], &str)] = &[
            (&[(1, "abc"), (4, "def")], "abcdef"),               // in order
            (&[(4, "def"), (1, "abc")], "abcdef"),               // out of order
            (&[(1, "abc"), (1, "abc"), (4, "def")], "abcdef"),   // retransmission
            (&[(1, "abc"), (2, "XYZW")], "abcZW"),               // overlap: first copy wins
            (&[(4, "def"), (4, "DEFG"), (1, "abc")], "abcDEFG"), // longer copy of a pending one
            (&[(1, "ab"), (6, "fg")], "ab[3]fg"),                // hole never filled
            (&[(5, "efg"), (1, "abcd")], "abcdefg"),
        ];
        for (segs, want) in cases {
            assert_eq!(run(Some(0), segs, 1 << 20).0, *want, "{segs:?}");
        }
    }

    #[test]
    fn mid_stream_start_and_wraparound() {
        let (out, _) = run(None, &[(u32::MAX - 1, "ab"), (0, "cd")], 1 << 20);
        assert_eq!(out, "abcd");
        let (out, _) = run(Some(u32::MAX - 1), &[(1, "cd"), (u32::MAX, "ab")], 1 << 20);
        assert_eq!(out, "abcd");
    }

    #[test]
    fn cap_forces_a_gap() {
        let (out, stats) = run(Some(0), &[(1, "a"), (10, "0123"), (20, "x")], 4);
        assert_eq!(out, "a[8]0123[6]x");
        assert_eq!(stats.gaps, 2);
    }

    #[test]
    fn duplicate_bytes_are_counted() {
        let (_, stats) = run(Some(0), &[(1, "abc"), (1, "abc"), (2, "bcd")], 1 << 20);
        assert_eq!(stats.duplicate_bytes, 5);
        assert_eq!(stats.delivered_bytes, 4);
    }
}
