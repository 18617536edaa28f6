//! The kept messages, compact.
//!
//! A decoded CTIQBE message with its field tree, spans and notes weighs about 5 KB; a capture
//! of hours holds millions of them. So the store keeps, per message, only the numbers the
//! message table, the sessions and the findings index on ([`Entry`], about 100 bytes) and the
//! message's own bytes, back to back in one arena. The field tree is decoded again from those
//! bytes when someone asks for the message ([`MessageStore::get`]): decoding is deterministic,
//! so the message is the same one the decoder produced during the capture pass.
//!
//! Both the entries and the bytes live in fixed-size chunks, so the store never reallocates
//! (and briefly doubles) a large buffer as it grows: in wasm, memory once grown is never given
//! back, so a doubling would set the page's peak memory.
//!
//! TLS handshake messages cannot be decoded from their bytes alone (a handshake message can
//! span records and its meaning depends on the ones before it); there are a handful per
//! connection, so they are kept whole.

use crate::model::{ns_to_secs, Direction, Message, Protocol};
use crate::proto::registry;
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::borrow::Cow;

/// What is known about a kept message without decoding it again: 72 bytes, laid out by hand
/// (sentinels instead of `Option`s) because a capture of hours keeps millions of them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    pub frame: u64,
    pub ts_ns: i64,
    pub stream_offset: u64,
    /// 0: none (frames count from 1).
    request_frame: u64,
    /// `i64::MIN`: none.
    latency_ns: i64,
    /// Where the message is: its first byte in the arena, or its index among the whole ones.
    body: u64,
    pub session: u32,
    pub pdu: u32,
    pub len: u32,
    seq: u32,
    pub protocol: Protocol,
    pub direction: Direction,
    /// The message has decoding problems (`Message::errors` is not empty).
    pub has_errors: bool,
    has_seq: bool,
    whole: bool,
}

impl Entry {
    /// Capture time in seconds, as `Message::time`.
    pub fn time(&self) -> f64 {
        ns_to_secs(self.ts_ns)
    }

    pub fn seq(&self) -> Option<u32> {
        self.has_seq.then_some(self.seq)
    }

    /// For a response: the frame of the request it answers.
    pub fn request_frame(&self) -> Option<u64> {
        (self.request_frame != 0).then_some(self.request_frame)
    }

    /// For a response: milliseconds since its request, exactly as `Message::latency_ms`.
    pub fn latency_ms(&self) -> Option<f64> {
        (self.latency_ns != i64::MIN).then(|| self.latency_ns as f64 / 1e6)
    }

    /// The message name (`ProviderOpenRequest`), without decoding.
    pub fn name<'s>(&self, store: &'s MessageStore) -> Cow<'s, str> {
        if self.whole {
            let m = usize::try_from(self.body)
                .ok()
                .and_then(|k| store.whole.get(k));
            m.map_or(Cow::Borrowed(""), |m| Cow::Borrowed(m.name.as_str()))
        } else {
            match registry::of(self.protocol).and_then(|r| r.codec.as_ref()) {
                Some(codec) => (codec.name)(self, store.bytes_of(self).unwrap_or(&[])),
                None => Cow::Borrowed(""),
            }
        }
    }

    fn new(session: u32, m: &CompactMessage, len: u32, body: u64, whole: bool) -> Entry {
        Entry {
            frame: m.frame,
            ts_ns: m.ts_ns,
            stream_offset: m.stream_offset,
            request_frame: m.request_frame.unwrap_or(0),
            // Latencies are exact in this form: ms = ns / 1e6, and back for |ns| < 2^51.
            latency_ns: m
                .latency_ms
                .map_or(i64::MIN, |ms| (ms * 1e6).round() as i64),
            body,
            session,
            pdu: m.pdu,
            len,
            seq: m.seq.unwrap_or(0),
            protocol: m.protocol,
            direction: m.direction,
            has_errors: m.has_errors,
            has_seq: m.seq.is_some(),
            whole,
        }
    }
}

/// A message as its decoder hands it to the store: the entry's numbers and the bytes. The
/// protocol's [`crate::proto::registry::Codec`] decodes it whole again from these.
#[derive(Clone, Debug, PartialEq)]
pub struct CompactMessage {
    pub protocol: Protocol,
    /// The session within its flow, as the decoder numbers them (see [`crate::proto::Output`]).
    pub slot: u32,
    pub direction: Direction,
    pub has_errors: bool,
    pub pdu: u32,
    pub frame: u64,
    pub ts_ns: i64,
    pub seq: Option<u32>,
    pub request_frame: Option<u64>,
    pub latency_ms: Option<f64>,
    pub stream_offset: u64,
    pub raw: Vec<u8>,
}

impl CompactMessage {
    /// The whole message, decoded from its bytes (session 0, as decoders produce it); `None`
    /// for a protocol without a codec.
    pub fn decode(&self) -> Option<Message> {
        let e = Entry::new(
            0,
            self,
            u32::try_from(self.raw.len()).unwrap_or(u32::MAX),
            0,
            false,
        );
        let codec = registry::of(self.protocol)?.codec.as_ref()?;
        Some((codec.decode)(&e, &self.raw))
    }
}

/// Entries per chunk of [`MessageStore`]'s entry list.
const ENTRIES_PER_CHUNK: usize = 1 << 14;
/// Bytes per chunk of the arena; messages are at most 64 KiB (`MAX_MESSAGE_LEN`), so a message
/// always fits in a fresh chunk.
const ARENA_CHUNK: usize = 1 << 20;

/// The kept messages of a report, in capture order once [`MessageStore::sort`] ran.
#[derive(Clone, Debug, Default)]
pub struct MessageStore {
    entries: Vec<Vec<Entry>>,
    len: usize,
    /// Message bytes; an entry's `body` is `chunk * ARENA_CHUNK + offset`.
    arena: Vec<Vec<u8>>,
    whole: Vec<Message>,
    /// With several files merged: where each frame came from (empty for one file).
    sources: SourceMap,
}

/// Where the frames of a merged capture came from: runs of consecutive merged frames read
/// consecutively from one file, each run 24 bytes. Rotated parts of one capture make one run
/// per file; files whose packets interleave in time make one run each time the merge switches
/// file. Looked up by binary search. At most `max_runs` runs are kept (files that interleave
/// packet by packet would otherwise make one per packet): from the first frame that would need
/// one more, frames have no source (`unmapped` counts them; the report says so in `limits`).
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// (first merged frame, file, its frame within the file), in merged-frame order.
    runs: Vec<(u64, u32, u64)>,
    /// Runs kept at most; 0: no cap.
    max_runs: usize,
    /// The first frame that found the map full: it and every later frame have no source.
    full_from: Option<u64>,
    /// Frames recorded from `full_from` on.
    unmapped: u64,
}

impl SourceMap {
    /// An empty map keeping at most `max_runs` runs (`Limits::max_source_runs`).
    pub fn with_max_runs(max_runs: usize) -> SourceMap {
        SourceMap {
            max_runs,
            ..SourceMap::default()
        }
    }

    /// Records that merged frame `frame` is frame `file_frame` of file `file`; frames are
    /// recorded in increasing order.
    pub fn record(&mut self, frame: u64, file: u32, file_frame: u64) {
        if self.full_from.is_some() {
            self.unmapped = self.unmapped.saturating_add(1);
            return;
        }
        if let Some(&(start, f, ff)) = self.runs.last() {
            let continues = f == file
                && frame.checked_sub(start).and_then(|d| ff.checked_add(d)) == Some(file_frame);
            if continues {
                return;
            }
        }
        if self.max_runs > 0 && self.runs.len() >= self.max_runs {
            self.full_from = Some(frame);
            self.unmapped = 1;
            return;
        }
        self.runs.push((frame, file, file_frame));
    }

    /// The cap (`max_runs`) and how many frames it left without a source (0: none).
    pub fn unmapped(&self) -> (usize, u64) {
        (self.max_runs, self.unmapped)
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Runs held (for memory accounting and tests).
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// The file and frame within it of merged frame `frame`; `None` for one file, a frame
    /// before the first recorded, or one past the `max_runs` cap.
    pub fn get(&self, frame: u64) -> Option<crate::report::Source> {
        if self.full_from.is_some_and(|full| frame >= full) {
            return None;
        }
        let after = self.runs.partition_point(|r| r.0 <= frame);
        let &(start, file, file_frame) = self.runs.get(after.checked_sub(1)?)?;
        Some(crate::report::Source {
            file,
            file_frame: file_frame.saturating_add(frame.saturating_sub(start)),
        })
    }
}

impl MessageStore {
    pub fn len(&self) -> usize {
        self.len
    }

    /// Where each frame came from, when several files were merged.
    pub fn set_sources(&mut self, sources: SourceMap) {
        self.sources = sources;
    }

    /// The source map (empty for one file).
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// The file and frame within it of message `index`, when several files were merged.
    pub fn source_of(&self, index: usize) -> Option<crate::report::Source> {
        if self.sources.is_empty() {
            return None;
        }
        self.sources.get(self.entry(index)?.frame)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What keeping a compact message of `raw_len` bytes costs, for the engine's memory cap.
    pub fn cost_of_compact(raw_len: usize) -> usize {
        std::mem::size_of::<Entry>().saturating_add(raw_len)
    }

    fn push_entry(&mut self, e: Entry) {
        match self.entries.last_mut() {
            Some(chunk) if chunk.len() < ENTRIES_PER_CHUNK => chunk.push(e),
            _ => {
                let mut chunk = Vec::with_capacity(ENTRIES_PER_CHUNK);
                chunk.push(e);
                self.entries.push(chunk);
            }
        }
        self.len = self.len.saturating_add(1);
    }

    /// Copies `raw` into the arena; where it starts.
    fn store_bytes(&mut self, raw: &[u8]) -> usize {
        let fits = self
            .arena
            .last()
            .is_some_and(|c| c.len().saturating_add(raw.len()) <= c.capacity());
        if !fits {
            self.arena
                .push(Vec::with_capacity(ARENA_CHUNK.max(raw.len())));
        }
        let chunk_index = self.arena.len().saturating_sub(1);
        match self.arena.last_mut() {
            Some(chunk) => {
                let start = chunk_index.saturating_mul(ARENA_CHUNK).saturating_add(chunk.len());
                chunk.extend_from_slice(raw);
                start
            }
            None => 0,
        }
    }

    pub fn push_compact(&mut self, session: u32, m: &CompactMessage) {
        let start = self.store_bytes(&m.raw);
        let len = u32::try_from(m.raw.len()).unwrap_or(u32::MAX);
        self.push_entry(Entry::new(session, m, len, start as u64, false));
    }

    pub fn push_whole(&mut self, m: Message) {
        let numbers = CompactMessage {
            protocol: m.protocol,
            slot: 0,
            direction: m.direction,
            has_errors: !m.errors.is_empty(),
            pdu: m.pdu,
            frame: m.frame,
            ts_ns: (m.time * 1e9).round() as i64,
            seq: m.seq,
            request_frame: m.request_frame,
            latency_ms: m.latency_ms,
            stream_offset: m.stream_offset,
            raw: Vec::new(),
        };
        let e = Entry::new(m.session, &numbers, m.len, self.whole.len() as u64, true);
        self.push_entry(e);
        self.whole.push(m);
    }

    /// Puts the messages in capture order (frame, then session); messages of one frame and
    /// session keep the order they were decoded in. Messages arrive almost in order (only
    /// messages of one frame from different connections can be swapped), so this is a check
    /// and, rarely, a stable sort.
    pub fn sort(&mut self) {
        let key = |e: &Entry| (e.frame, e.session);
        let mut previous = None;
        let sorted = self.entries().all(|e| {
            let k = key(e);
            let ok = previous.is_none_or(|p| p <= k);
            previous = Some(k);
            ok
        });
        if sorted {
            return;
        }
        let mut all: Vec<Entry> = self.entries.drain(..).flatten().collect();
        all.sort_by_key(key);
        self.entries = all
            .chunks(ENTRIES_PER_CHUNK)
            .map(<[Entry]>::to_vec)
            .collect();
    }

    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries
            .get(index / ENTRIES_PER_CHUNK)?
            .get(index % ENTRIES_PER_CHUNK)
    }

    /// Every entry, in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().flatten()
    }

    /// The message's bytes (for the hex view), without decoding.
    pub fn raw(&self, index: usize) -> Option<&[u8]> {
        self.bytes_of(self.entry(index)?)
    }

    fn bytes_of(&self, e: &Entry) -> Option<&[u8]> {
        let at = usize::try_from(e.body).ok()?;
        if e.whole {
            return self.whole.get(at).map(|m| m.raw.as_slice());
        }
        let chunk = self.arena.get(at / ARENA_CHUNK)?;
        let at = at % ARENA_CHUNK;
        chunk.get(at..at.checked_add(e.len as usize)?)
    }

    /// The whole message, decoded again from its bytes.
    pub fn get(&self, index: usize) -> Option<Message> {
        let e = self.entry(index)?;
        if e.whole {
            self.whole.get(usize::try_from(e.body).ok()?).cloned()
        } else {
            let codec = registry::of(e.protocol)?.codec.as_ref()?;
            Some((codec.decode)(e, self.bytes_of(e)?))
        }
    }

    /// Every message in order, each decoded as it is reached (none are held together).
    pub fn iter(&self) -> impl Iterator<Item = Message> + '_ {
        (0..self.len).filter_map(move |i| self.get(i))
    }

    /// The messages whose entry passes `keep`, each decoded as it is reached.
    pub fn decoded_where<'s>(
        &'s self,
        keep: impl Fn(&Entry) -> bool + 's,
    ) -> impl Iterator<Item = Message> + 's {
        (0..self.len)
            .filter(move |&i| self.entry(i).is_some_and(&keep))
            .filter_map(move |i| self.get(i))
    }

    /// Whether the message can carry a tagged (sensitive) span; false only when its layout
    /// shows it cannot, so callers may skip decoding it.
    pub fn may_carry_tags(e: &Entry) -> bool {
        e.whole
            || registry::of(e.protocol)
                .and_then(|r| r.codec.as_ref())
                .is_none_or(|c| (c.may_carry_tags)(e.pdu))
    }

    /// The index of the first message completed at `frame` or later (entries are in frame order).
    pub fn first_at_or_after(&self, frame: u64) -> usize {
        let (mut lo, mut hi) = (0usize, self.len);
        while lo < hi {
            let mid = lo.midpoint(hi);
            if self.entry(mid).is_some_and(|e| e.frame < frame) {
                lo = mid.saturating_add(1);
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// A message with, when several files were merged, its `source` (file and frame within it).
#[derive(serde::Serialize)]
pub struct Sourced<'a> {
    #[serde(flatten)]
    pub message: &'a Message,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::report::Source>,
}

/// Serialized as the list of decoded messages, one at a time; with several files merged each
/// also carries its `source`.
impl Serialize for MessageStore {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for i in 0..self.len {
            let Some(m) = self.get(i) else { continue };
            if self.sources.is_empty() {
                seq.serialize_element(&m)?;
            } else {
                seq.serialize_element(&Sourced { message: &m, source: self.source_of(i) })?;
            }
        }
        seq.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn compact_messages_decode_again_to_what_the_decoder_produced() {
        let report = crate::analyze_bytes(&crate::synth::sample::capture()).unwrap();
        assert!(report.messages.len() > 20);
        for (i, m) in report.messages.iter().enumerate() {
            let e = report.messages.entry(i).unwrap();
            assert_eq!(
                (e.frame, e.pdu, e.session, e.direction),
                (m.frame, m.pdu, m.session, m.direction)
            );
            assert_eq!(report.messages.raw(i).unwrap(), m.raw.as_slice());
            assert_eq!(e.name(&report.messages), m.name.as_str());
            assert_eq!(e.has_errors, !m.errors.is_empty());
        }
        let entries: Vec<&Entry> = report.messages.entries().collect();
        assert!(entries
            .windows(2)
            .all(|w| (w[0].frame, w[0].session) <= (w[1].frame, w[1].session)));
    }

    #[test]
    fn chunks_hold_many_messages_and_sort_restores_capture_order() {
        let m = |frame: u64, raw: Vec<u8>| CompactMessage {
            protocol: Protocol::Ctiqbe,
            slot: 0,
            direction: Direction::ToServer,
            has_errors: false,
            pdu: 0,
            frame,
            ts_ns: 0,
            seq: None,
            request_frame: None,
            latency_ms: None,
            stream_offset: 0,
            raw,
        };
        let mut s = MessageStore::default();
        let n = ENTRIES_PER_CHUNK * 2 + 7;
        for i in 0..n {
            // Frames descending, bytes of several sizes (some cross an arena chunk boundary).
            let len = [3usize, 40_000, 200][i % 3];
            s.push_compact(
                (i % 5) as u32,
                &m((n - i) as u64, vec![(i % 251) as u8; len]),
            );
        }
        assert_eq!(s.len(), n);
        s.sort();
        let frames: Vec<u64> = s.entries().map(|e| e.frame).collect();
        assert!(frames.windows(2).all(|w| w[0] <= w[1]));
        for i in [0, 1, ENTRIES_PER_CHUNK, n - 1] {
            let e = *s.entry(i).unwrap();
            let original = n - e.frame as usize;
            let raw = s.raw(i).unwrap();
            assert_eq!(raw.len(), [3usize, 40_000, 200][original % 3]);
            assert!(raw.iter().all(|&b| b == (original % 251) as u8));
        }
        assert_eq!(s.first_at_or_after(10), 9);
        assert_eq!(s.first_at_or_after(0), 0);
        assert_eq!(s.first_at_or_after(u64::MAX), n);
    }

    #[test]
    fn entries_are_small_and_keep_optional_numbers_exactly() {
        assert!(
            std::mem::size_of::<Entry>() <= 72,
            "{}",
            std::mem::size_of::<Entry>()
        );
        let mut s = MessageStore::default();
        let mut m = CompactMessage {
            protocol: Protocol::Ctiqbe,
            slot: 0,
            direction: Direction::ToClient,
            has_errors: true,
            pdu: 17,
            frame: 9,
            ts_ns: 5,
            seq: Some(0),
            request_frame: Some(3),
            latency_ms: Some(12_345_678.0 / 1e6),
            stream_offset: 1,
            raw: vec![1, 2],
        };
        s.push_compact(4, &m);
        (m.seq, m.request_frame, m.latency_ms) = (None, None, None);
        s.push_compact(4, &m);
        let (a, b) = (s.entry(0).unwrap(), s.entry(1).unwrap());
        assert_eq!(
            (a.seq(), a.request_frame(), a.latency_ms()),
            (Some(0), Some(3), Some(12_345_678.0 / 1e6))
        );
        assert_eq!(
            (b.seq(), b.request_frame(), b.latency_ms()),
            (None, None, None)
        );
    }

    #[test]
    fn out_of_range_indices_give_nothing() {
        let s = MessageStore::default();
        assert!(s.get(0).is_none() && s.raw(0).is_none() && s.entry(0).is_none());
        assert_eq!(s.first_at_or_after(5), 0);
    }
}
