//! IP fragment reassembly (IPv4 and IPv6 alike), bounded: at most `max_datagrams` datagrams are
//! pending at once (the oldest is dropped and counted when a new one arrives), and a datagram
//! may not exceed 65 535 bytes. Overlapping fragments: the first copy of a byte wins.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;

const MAX_DATAGRAM_LEN: usize = 65_535;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    src: IpAddr,
    dst: IpAddr,
    proto: u8,
    id: u32,
}

#[derive(Default)]
struct Pending {
    /// Fragment payloads by offset.
    parts: BTreeMap<usize, Vec<u8>>,
    /// Total length, known once the last fragment (more = false) arrived.
    total: Option<usize>,
    bytes: usize,
}

pub struct Defragmenter {
    pending: HashMap<Key, Pending>,
    order: VecDeque<Key>,
    max_datagrams: usize,
    /// Datagrams abandoned because the table was full or they grew too large.
    pub dropped: u64,
    pub reassembled: u64,
}

impl Defragmenter {
    pub fn new(max_datagrams: usize) -> Self {
        Defragmenter {
            pending: HashMap::new(),
            order: VecDeque::new(),
            max_datagrams,
            dropped: 0,
            reassembled: 0,
        }
    }

    /// Adds one fragment; returns the whole datagram payload when this completes it.
    pub fn push(
        &mut self,
        src: IpAddr,
        dst: IpAddr,
        proto: u8,
        frag: super::ip::Fragment,
        data: &[u8],
    ) -> Option<Vec<u8>> {
        let key = Key {
            src,
            dst,
            proto,
            id: frag.id,
        };
        let end = frag.offset.checked_add(data.len())?;
        if end > MAX_DATAGRAM_LEN {
            if self.pending.remove(&key).is_some() {
                self.dropped = self.dropped.saturating_add(1);
            }
            return None;
        }
        if !self.pending.contains_key(&key) {
            if self.pending.len() >= self.max_datagrams {
                while let Some(old) = self.order.pop_front() {
                    if self.pending.remove(&old).is_some() {
                        self.dropped = self.dropped.saturating_add(1);
                        break;
                    }
                }
            }
            self.order.push_back(key);
            // Keys of datagrams completed or dropped stay in `order` until they reach its front;
            // compact it so it stays proportional to the pending table, not to the capture.
            if self.order.len() > self.max_datagrams.saturating_mul(2).max(16) {
                let pending = &self.pending;
                self.order.retain(|k| pending.contains_key(k) || *k == key);
            }
        }
        let p = self.pending.entry(key).or_default();
        if !frag.more {
            p.total = Some(end);
        }
        if !p.parts.contains_key(&frag.offset) {
            p.bytes = p.bytes.saturating_add(data.len());
            p.parts.insert(frag.offset, data.to_vec());
        }
        let total = p.total?;
        // Complete when the parts cover 0..total without a hole.
        let mut covered = 0usize;
        for (&off, part) in &p.parts {
            if off > covered {
                return None;
            }
            covered = covered.max(off.saturating_add(part.len()));
        }
        if covered < total {
            return None;
        }
        let p = self.pending.remove(&key)?;
        let mut out = vec![0u8; total];
        let mut filled = vec![false; total];
        for (off, part) in p.parts {
            for (i, b) in part.into_iter().enumerate() {
                let at = off.saturating_add(i);
                if let (Some(slot), Some(f)) = (out.get_mut(at), filled.get_mut(at)) {
                    if !*f {
                        *slot = b;
                        *f = true;
                    }
                }
            }
        }
        self.reassembled = self.reassembled.saturating_add(1);
        Some(out)
    }

    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Keys remembered for eviction order (for tests: bounded by the table, not the input).
    pub fn remembered(&self) -> usize {
        self.order.len()
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
    use super::super::ip::Fragment;
    use super::*;

    #[test]
    fn out_of_order_fragments_reassemble() {
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let mut d = Defragmenter::new(4);
        assert_eq!(
            d.push(
                a,
                b,
                6,
                Fragment {
                    id: 9,
                    offset: 8,
                    more: false
                },
                &[9, 10]
            ),
            None
        );
        let whole = d.push(
            a,
            b,
            6,
            Fragment {
                id: 9,
                offset: 0,
                more: true,
            },
            &[1, 2, 3, 4, 5, 6, 7, 8],
        );
        assert_eq!(whole, Some(vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        assert_eq!(d.pending(), 0);
    }

    #[test]
    fn table_is_bounded() {
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let mut d = Defragmenter::new(2);
        for id in 0..10 {
            d.push(
                a,
                a,
                17,
                Fragment {
                    id,
                    offset: 0,
                    more: true,
                },
                &[0; 8],
            );
        }
        assert_eq!(d.pending(), 2);
        assert_eq!(d.dropped, 8);
    }

    /// Found by reading while fuzzing net_layers: every fragmented datagram pushed its key on the
    /// eviction queue and completed ones never left it, so memory grew with the number of
    /// fragmented datagrams in the capture (a million two-fragment datagrams kept a million keys)
    /// although at most `max_datagrams` are ever pending.
    #[test]
    fn eviction_queue_stays_bounded_by_the_table() {
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let mut d = Defragmenter::new(4);
        for id in 0..10_000 {
            assert!(d
                .push(
                    a,
                    a,
                    17,
                    Fragment {
                        id,
                        offset: 0,
                        more: true
                    },
                    &[0; 8]
                )
                .is_none());
            assert!(d
                .push(
                    a,
                    a,
                    17,
                    Fragment {
                        id,
                        offset: 8,
                        more: false
                    },
                    &[1; 8]
                )
                .is_some());
        }
        assert_eq!(d.reassembled, 10_000);
        assert_eq!(d.pending(), 0);
        assert!(d.remembered() <= 16, "{} keys remembered", d.remembered());
        // The oldest pending datagram is still the one evicted.
        for id in 0..5 {
            d.push(
                a,
                a,
                17,
                Fragment {
                    id: 100 + id,
                    offset: 0,
                    more: true,
                },
                &[0; 8],
            );
        }
        assert_eq!(d.dropped, 1);
        assert!(d
            .push(
                a,
                a,
                17,
                Fragment {
                    id: 101,
                    offset: 8,
                    more: false
                },
                &[1; 8]
            )
            .is_some());
        assert!(
            d.push(
                a,
                a,
                17,
                Fragment {
                    id: 100,
                    offset: 8,
                    more: false
                },
                &[1; 8]
            )
            .is_none(),
            "100 was evicted"
        );
    }
}
