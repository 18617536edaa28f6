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
                .and_then(|k| store.whole.get(k))
                .and_then(|m| m.as_deref());
            m.map_or(Cow::Borrowed(""), |m| Cow::Borrowed(m.name.as_str()))
        } else {
            match registry::of(self.protocol).and_then(|r| r.codec.as_ref()) {
                Some(codec) => (codec.name)(self, store.bytes_of(self).as_deref().unwrap_or(&[])),
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
/// "No message" in the per-session chain (see [`MessageStore::session_entries`]).
const NONE: u32 = u32::MAX;
/// An entry and its session successor as written to the temporary file (see [`disk`]).
const RECORD_LEN: usize = 72;
/// Where the successor sits in a record.
const RECORD_NEXT_AT: usize = 64;

/// A chunk of entries, with each entry's successor in its session (the next message of the same
/// session, by index; [`NONE`] for the last): in RAM, or written to the temporary file.
#[derive(Clone, Debug)]
enum EntryChunk {
    Ram { entries: Vec<Entry>, next: Vec<u32> },
    Disk { at: u64, len: usize },
}

/// A chunk of the arena: in RAM, or written to the temporary file.
#[derive(Clone, Debug)]
enum ByteChunk {
    Ram(Vec<u8>),
    Disk { at: u64, len: usize },
}

/// The kept messages of a report, in capture order (frame, then session).
///
/// **Final order as they come.** Decoders stamp a message with the frame being handled when it
/// completes (`PacketCtx::frame`), and the end of the capture flushes every flow at the last
/// frame, so messages arrive in frame order; only the messages of one frame can come in another
/// session order (two flows flushed at the end, two SIP dialogs in one segment). So the messages
/// of the newest frame wait as a group; when a message of a later frame arrives (or
/// [`sort`](Self::sort) ends the capture) the group is put in session order and becomes final:
/// messages `0..final_len()` keep their index in the report, which is what lets
/// `ctiscope analyze --ndjson` write them during the analysis.
///
/// **Sessions are chained.** As a message becomes final it is linked to the previous message of
/// its session, so [`session_entries`](Self::session_entries) walks one session without an index
/// per message (8 bytes per session: its first and last message).
///
/// **On disk, natively.** [`keep_on_disk`](Self::keep_on_disk) (the CLI's `--ndjson`) moves full
/// chunks of final entries and of the arena to an anonymous temporary file once they pass a RAM
/// budget, and reads them back one message at a time when asked: the store's RAM then stays
/// bounded whatever the capture's length. The page keeps everything in RAM (there is no file).
#[derive(Clone, Debug)]
pub struct MessageStore {
    entries: Vec<EntryChunk>,
    len: usize,
    /// Message bytes; a compact entry's `body` is `chunk << 32 | offset`.
    arena: Vec<ByteChunk>,
    /// Whole messages (boxed: one written and forgotten leaves a pointer-sized hole).
    whole: Vec<Option<Box<Message>>>,
    /// Whole messages held per session, for [`MessageStore::forget_whole`].
    whole_held: foldhash::HashMap<u32, u32>,
    /// With several files merged: where each frame came from (empty for one file).
    sources: SourceMap,
    /// Messages `0..final_len` are in their final place; the rest (all of `group_frame`, but
    /// for a decoder that broke the frame order) wait for the frame to end.
    final_len: usize,
    group_frame: u64,
    /// The (frame, session) of the last final message.
    last_final: Option<(u64, u32)>,
    /// A message came with a (frame, session) before a final message's: [`sort`](Self::sort)
    /// must sort everything again (no decoder does this; kept as a safety net).
    misordered: bool,
    /// Per session id: its first and last final message.
    heads: Vec<u32>,
    tails: Vec<u32>,
    entries_per_chunk: usize,
    arena_chunk: usize,
    disk: Option<disk::Disk>,
    /// Entry and arena chunks before these are on disk.
    entries_on_disk: usize,
    arena_on_disk: usize,
    /// The first failed write to the temporary file (spilling stops there).
    disk_error: Option<String>,
}

impl Default for MessageStore {
    fn default() -> Self {
        MessageStore::with_chunks(ENTRIES_PER_CHUNK, ARENA_CHUNK)
    }
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
    /// Messages a store can hold: indices are chained as `u32` ([`NONE`] excluded).
    pub const MAX_LEN: usize = (u32::MAX - 1) as usize;

    /// A store with chunks of `entries_per_chunk` entries and `arena_chunk` bytes (tests use
    /// tiny ones to cross chunk boundaries).
    pub fn with_chunks(entries_per_chunk: usize, arena_chunk: usize) -> MessageStore {
        MessageStore {
            entries: Vec::new(),
            len: 0,
            arena: Vec::new(),
            whole: Vec::new(),
            whole_held: foldhash::HashMap::default(),
            sources: SourceMap::default(),
            final_len: 0,
            group_frame: 0,
            last_final: None,
            misordered: false,
            heads: Vec::new(),
            tails: Vec::new(),
            entries_per_chunk: entries_per_chunk.max(1),
            arena_chunk: arena_chunk.max(1),
            disk: None,
            entries_on_disk: 0,
            arena_on_disk: 0,
            disk_error: None,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Messages whose index is final (see the type's docs): all of them once
    /// [`sort`](Self::sort) ran.
    pub fn final_len(&self) -> usize {
        self.final_len
    }

    /// From now on, keeps full chunks of entries and bytes in an anonymous temporary file in
    /// `dir` once they pass `ram_budget` bytes, reading them back when asked. The file is
    /// unlinked as soon as it is created, so the system removes it when the store is dropped,
    /// the process ends or crashes. Errors when the file cannot be created (natively; the page
    /// has no files and keeps its store in RAM).
    pub fn keep_on_disk(&mut self, dir: &std::path::Path, ram_budget: usize) -> std::io::Result<()> {
        self.disk = Some(disk::Disk::create(dir, ram_budget)?);
        self.spill();
        Ok(())
    }

    /// Bytes written to the temporary file so far (0: none).
    pub fn disk_bytes(&self) -> u64 {
        self.disk.as_ref().map_or(0, disk::Disk::len)
    }

    /// What went wrong with the temporary file, if anything: a failed write (the disk is full;
    /// the store then keeps the rest in RAM) or a failed read (a message is missing from what
    /// was read back).
    pub fn disk_error(&self) -> Option<String> {
        if let Some(e) = &self.disk_error {
            return Some(e.clone());
        }
        self.disk
            .as_ref()
            .filter(|d| d.read_failed())
            .map(|_| "cannot read back the temporary file of messages".to_string())
    }

    /// Where each frame came from, when several files were merged.
    pub fn set_sources(&mut self, sources: SourceMap) {
        self.sources = sources;
    }

    /// The source map (empty for one file).
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// The source map, for a merge to record frames into as it goes.
    pub fn sources_mut(&mut self) -> &mut SourceMap {
        &mut self.sources
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
        let key = (e.frame, e.session);
        if self.last_final.is_some_and(|last| key < last) {
            self.misordered = true;
        }
        if self.len > self.final_len && e.frame > self.group_frame {
            self.finalize();
        }
        self.group_frame = if self.len == self.final_len {
            e.frame
        } else {
            self.group_frame.max(e.frame)
        };
        let per_chunk = self.entries_per_chunk;
        match self.entries.last_mut() {
            Some(EntryChunk::Ram { entries, next }) if entries.len() < per_chunk => {
                entries.push(e);
                next.push(NONE);
            }
            _ => {
                let mut entries = Vec::with_capacity(per_chunk);
                entries.push(e);
                let mut next = Vec::with_capacity(per_chunk);
                next.push(NONE);
                self.entries.push(EntryChunk::Ram { entries, next });
            }
        }
        self.len = self.len.saturating_add(1);
    }

    /// The waiting group of messages (one frame) becomes final: put in (frame, session) order
    /// and chained to their sessions.
    fn finalize(&mut self) {
        let (from, to) = (self.final_len, self.len);
        if from >= to {
            return;
        }
        let key = |e: &Entry| (e.frame, e.session);
        // Not yet final, so in RAM (only final chunks are written to disk).
        let sorted = (from..to)
            .filter_map(|i| self.entry(i))
            .is_sorted_by_key(|e| key(&e));
        if !sorted {
            let mut group: Vec<Entry> = (from..to).filter_map(|i| self.entry(i)).collect();
            group.sort_by_key(key);
            for (i, e) in (from..to).zip(group) {
                if let Some(slot) = self.ram_entry_mut(i) {
                    *slot = e;
                }
            }
        }
        for i in from..to {
            let Some(e) = self.entry(i) else { continue };
            self.chain(i, e.session);
            self.last_final = Some(key(&e));
        }
        self.final_len = to;
        self.spill();
    }

    /// Links final message `i` after the previous message of `session`.
    fn chain(&mut self, i: usize, session: u32) {
        let Ok(idx) = u32::try_from(i) else { return };
        let s = session as usize;
        if self.heads.len() <= s {
            let n = s.saturating_add(1);
            self.heads.resize(n, NONE);
            self.tails.resize(n, NONE);
        }
        let previous = self.tails.get(s).copied().unwrap_or(NONE);
        if previous == NONE {
            if let Some(h) = self.heads.get_mut(s) {
                *h = idx;
            }
        } else {
            self.set_next(previous as usize, idx);
        }
        if let Some(t) = self.tails.get_mut(s) {
            *t = idx;
        }
    }

    fn set_next(&mut self, i: usize, next_index: u32) {
        let (chunk, pos) = self.chunk_of(i);
        match self.entries.get_mut(chunk) {
            Some(EntryChunk::Ram { next, .. }) => {
                if let Some(n) = next.get_mut(pos) {
                    *n = next_index;
                }
            }
            Some(EntryChunk::Disk { at, .. }) => {
                let at = at.saturating_add((pos.saturating_mul(RECORD_LEN).saturating_add(RECORD_NEXT_AT)) as u64);
                let written = match &self.disk {
                    Some(d) => d.write_at(&next_index.to_le_bytes(), at),
                    None => Err(std::io::Error::other("no temporary file")),
                };
                if let Err(e) = written {
                    self.failed(&e);
                }
            }
            None => {}
        }
    }

    /// The chunk of entry `i` and its place there.
    fn chunk_of(&self, i: usize) -> (usize, usize) {
        let per_chunk = self.entries_per_chunk;
        (
            i.checked_div(per_chunk).unwrap_or(usize::MAX),
            i.checked_rem(per_chunk).unwrap_or(0),
        )
    }

    fn ram_entry_mut(&mut self, i: usize) -> Option<&mut Entry> {
        let (chunk, pos) = self.chunk_of(i);
        match self.entries.get_mut(chunk)? {
            EntryChunk::Ram { entries, .. } => entries.get_mut(pos),
            EntryChunk::Disk { .. } => None,
        }
    }

    fn failed(&mut self, e: &std::io::Error) {
        if self.disk_error.is_none() {
            self.disk_error = Some(format!("cannot write the temporary file of messages: {e}"));
        }
    }

    /// Moves full chunks to the temporary file while the RAM they take passes the budget (half
    /// for entries, half for bytes): entry chunks once all their entries are final, arena
    /// chunks once a later one is being filled.
    fn spill(&mut self) {
        let Some(disk) = self.disk.clone() else { return };
        if self.disk_error.is_some() {
            return;
        }
        let half = disk.budget() / 2;
        let per_chunk = self.entries_per_chunk;
        let entry_chunk_bytes = per_chunk.saturating_mul(std::mem::size_of::<Entry>().saturating_add(4));
        let final_chunks = self.final_len.checked_div(per_chunk).unwrap_or(0);
        while self.entries_on_disk < final_chunks {
            let in_ram = final_chunks.saturating_sub(self.entries_on_disk);
            if in_ram.saturating_mul(entry_chunk_bytes) <= half {
                break;
            }
            let k = self.entries_on_disk;
            let Some(EntryChunk::Ram { entries, next }) = self.entries.get(k) else { break };
            let mut bytes = Vec::with_capacity(entries.len().saturating_mul(RECORD_LEN));
            for (e, &n) in entries.iter().zip(next) {
                encode(e, n, &mut bytes);
            }
            let len = entries.len();
            match disk.append(&bytes) {
                Ok(at) => {
                    if let Some(c) = self.entries.get_mut(k) {
                        *c = EntryChunk::Disk { at, len };
                    }
                    self.entries_on_disk = k.saturating_add(1);
                }
                Err(e) => return self.failed(&e),
            }
        }
        // The last arena chunk is being filled; the ones before it are full.
        let full = self.arena.len().saturating_sub(1);
        while self.arena_on_disk < full {
            let in_ram = full.saturating_sub(self.arena_on_disk);
            if in_ram.saturating_mul(self.arena_chunk) <= half {
                break;
            }
            let k = self.arena_on_disk;
            let Some(ByteChunk::Ram(bytes)) = self.arena.get(k) else { break };
            match disk.append(bytes) {
                Ok(at) => {
                    let len = bytes.len();
                    if let Some(c) = self.arena.get_mut(k) {
                        *c = ByteChunk::Disk { at, len };
                    }
                    self.arena_on_disk = k.saturating_add(1);
                }
                Err(e) => return self.failed(&e),
            }
        }
    }

    /// Copies `raw` into the arena; where it is (`chunk << 32 | offset`).
    fn store_bytes(&mut self, raw: &[u8]) -> u64 {
        let fits = matches!(self.arena.last(),
            Some(ByteChunk::Ram(c)) if c.len().saturating_add(raw.len()) <= c.capacity());
        if !fits {
            self.arena
                .push(ByteChunk::Ram(Vec::with_capacity(self.arena_chunk.max(raw.len()))));
            self.spill();
        }
        let chunk_index = self.arena.len().saturating_sub(1) as u64;
        match self.arena.last_mut() {
            Some(ByteChunk::Ram(chunk)) => {
                let start = chunk.len() as u64;
                chunk.extend_from_slice(raw);
                (chunk_index << 32) | start
            }
            _ => 0,
        }
    }

    pub fn push_compact(&mut self, session: u32, m: &CompactMessage) {
        let start = self.store_bytes(&m.raw);
        let len = u32::try_from(m.raw.len()).unwrap_or(u32::MAX);
        self.push_entry(Entry::new(session, m, len, start, false));
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
        let held = self.whole_held.entry(m.session).or_insert(0);
        *held = held.saturating_add(1);
        self.whole.push(Some(Box::new(m)));
    }

    /// Whether `session` has whole messages held (TLS handshakes: the compact ones are on disk
    /// when the store has a file).
    pub fn holds_whole(&self, session: u32) -> bool {
        self.whole_held.contains_key(&session)
    }

    /// Forgets the whole messages of `session` with an index below `written` (a streaming
    /// writer wrote their records, and nobody reads the session any more: its findings ran);
    /// whether none of them is left. They read as missing afterwards.
    pub fn forget_whole(&mut self, session: u32, written: usize) -> bool {
        let gone: Vec<usize> = self
            .session_entries(session)
            .filter(|(i, e)| e.whole && *i < written)
            .filter_map(|(_, e)| usize::try_from(e.body).ok())
            .collect();
        let mut forgotten = 0u32;
        for k in gone {
            if let Some(slot) = self.whole.get_mut(k) {
                if slot.take().is_some() {
                    forgotten = forgotten.saturating_add(1);
                }
            }
        }
        let left = match self.whole_held.get_mut(&session) {
            Some(held) => {
                *held = held.saturating_sub(forgotten);
                *held
            }
            None => 0,
        };
        if left == 0 {
            self.whole_held.remove(&session);
        }
        left == 0
    }

    /// Makes every message so far final: call it between packets, when the messages to come
    /// are from later frames (the engine, before it reads a retired session's messages).
    pub fn settle(&mut self) {
        self.finalize();
    }

    /// Ends the input: every message becomes final, in capture order (frame, then session;
    /// messages of one frame and session keep the order they were decoded in). Messages come
    /// in frame order (see the type's docs), so this only orders the last frame's group; were a
    /// message ever to come before a final one, everything is sorted again here.
    pub fn sort(&mut self) {
        self.finalize();
        if !self.misordered {
            return;
        }
        let mut all: Vec<Entry> = self.entries().collect();
        all.sort_by_key(|e| (e.frame, e.session));
        self.entries.clear();
        self.entries_on_disk = 0;
        self.len = 0;
        self.final_len = 0;
        self.last_final = None;
        self.misordered = false;
        self.heads.clear();
        self.tails.clear();
        for e in all {
            self.push_entry(e);
        }
        self.finalize();
    }

    /// Hands `sink` the final messages from index `from` on (decoded, with their source), in
    /// order; the index to start from next time. The first error of `sink` stops it.
    pub fn stream<E>(
        &self,
        from: usize,
        sink: &mut impl FnMut(usize, &Message, Option<crate::report::Source>) -> Result<(), E>,
    ) -> Result<usize, E> {
        for i in from..self.final_len {
            if let Some(m) = self.get(i) {
                sink(i, &m, self.source_of(i))?;
            }
        }
        Ok(self.final_len.max(from))
    }

    /// Entry `i` and its session successor.
    fn record(&self, i: usize) -> Option<(Entry, u32)> {
        let (chunk, pos) = self.chunk_of(i);
        match self.entries.get(chunk)? {
            EntryChunk::Ram { entries, next } => Some((*entries.get(pos)?, *next.get(pos)?)),
            EntryChunk::Disk { at, len } => {
                if pos >= *len {
                    return None;
                }
                let at = at.saturating_add(pos.saturating_mul(RECORD_LEN) as u64);
                decode(&self.disk.as_ref()?.read(at, RECORD_LEN)?)
            }
        }
    }

    pub fn entry(&self, index: usize) -> Option<Entry> {
        self.record(index).map(|(e, _)| e)
    }

    /// Every entry, in order (a chunk on disk is read back whole as it is reached).
    pub fn entries(&self) -> Entries<'_> {
        Entries {
            store: self,
            chunk: 0,
            pos: 0,
            loaded: Vec::new(),
        }
    }

    /// The final messages of `session`, in capture order, with their index.
    pub fn session_entries(&self, session: u32) -> impl Iterator<Item = (usize, Entry)> + '_ {
        let first = self.heads.get(session as usize).copied().unwrap_or(NONE);
        let at = move |i: u32| -> Option<(usize, Entry, u32)> {
            if i == NONE {
                return None;
            }
            let i = i as usize;
            self.record(i).map(|(e, next)| (i, e, next))
        };
        std::iter::successors(at(first), move |&(_, _, next)| at(next)).map(|(i, e, _)| (i, e))
    }

    /// The message's bytes (for the hex view), without decoding.
    pub fn raw(&self, index: usize) -> Option<Cow<'_, [u8]>> {
        self.bytes_of(&self.entry(index)?)
    }

    fn bytes_of(&self, e: &Entry) -> Option<Cow<'_, [u8]>> {
        if e.whole {
            let at = usize::try_from(e.body).ok()?;
            return self
                .whole
                .get(at)
                .and_then(|m| m.as_deref())
                .map(|m| Cow::Borrowed(m.raw.as_slice()));
        }
        let chunk = usize::try_from(e.body >> 32).ok()?;
        let at = usize::try_from(e.body & 0xffff_ffff).ok()?;
        let len = e.len as usize;
        match self.arena.get(chunk)? {
            ByteChunk::Ram(c) => c.get(at..at.checked_add(len)?).map(Cow::Borrowed),
            ByteChunk::Disk { at: file_at, len: chunk_len } => {
                if at.checked_add(len)? > *chunk_len {
                    return None;
                }
                let from = file_at.checked_add(at as u64)?;
                self.disk.as_ref()?.read(from, len).map(Cow::Owned)
            }
        }
    }

    /// The whole message, decoded again from its bytes.
    pub fn get(&self, index: usize) -> Option<Message> {
        let e = self.entry(index)?;
        if e.whole {
            self.whole.get(usize::try_from(e.body).ok()?)?.as_deref().cloned()
        } else {
            let codec = registry::of(e.protocol)?.codec.as_ref()?;
            Some((codec.decode)(&e, &self.bytes_of(&e)?))
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
            .filter(move |&i| self.entry(i).is_some_and(|e| keep(&e)))
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

/// The entries of a [`MessageStore`], in order ([`MessageStore::entries`]).
pub struct Entries<'s> {
    store: &'s MessageStore,
    chunk: usize,
    pos: usize,
    /// The chunk being read, when it is on disk.
    loaded: Vec<Entry>,
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            let got = match self.store.entries.get(self.chunk)? {
                EntryChunk::Ram { entries, .. } => entries.get(self.pos).copied(),
                EntryChunk::Disk { at, len } => {
                    if self.pos == 0 {
                        let bytes = self
                            .store
                            .disk
                            .as_ref()
                            .and_then(|d| d.read(*at, len.saturating_mul(RECORD_LEN)));
                        self.loaded = bytes
                            .unwrap_or_default()
                            .chunks_exact(RECORD_LEN)
                            .filter_map(|r| decode(r).map(|(e, _)| e))
                            .collect();
                    }
                    self.loaded.get(self.pos).copied()
                }
            };
            match got {
                Some(e) => {
                    self.pos = self.pos.saturating_add(1);
                    return Some(e);
                }
                None => {
                    self.chunk = self.chunk.saturating_add(1);
                    self.pos = 0;
                    self.loaded.clear();
                }
            }
        }
    }
}

/// An entry and its session successor as a [`RECORD_LEN`]-byte record (little-endian numbers).
fn encode(e: &Entry, next: u32, out: &mut Vec<u8>) {
    for n in [e.frame, e.ts_ns as u64, e.stream_offset, e.request_frame, e.latency_ns as u64, e.body] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    for n in [e.session, e.pdu, e.len, e.seq, next] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    let flags = u8::from(e.has_errors) | (u8::from(e.has_seq) << 1) | (u8::from(e.whole) << 2);
    out.extend_from_slice(&[protocol_code(e.protocol), e.direction.index() as u8, flags, 0]);
}

/// [`encode`] backwards.
fn decode(r: &[u8]) -> Option<(Entry, u32)> {
    let u64_at = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(r.get(at..at.checked_add(8)?)?.try_into().ok()?))
    };
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(r.get(at..at.checked_add(4)?)?.try_into().ok()?))
    };
    let flags = *r.get(70)?;
    let e = Entry {
        frame: u64_at(0)?,
        ts_ns: u64_at(8)? as i64,
        stream_offset: u64_at(16)?,
        request_frame: u64_at(24)?,
        latency_ns: u64_at(32)? as i64,
        body: u64_at(40)?,
        session: u32_at(48)?,
        pdu: u32_at(52)?,
        len: u32_at(56)?,
        seq: u32_at(60)?,
        protocol: protocol_of(*r.get(68)?),
        direction: if *r.get(69)? == 0 { Direction::ToServer } else { Direction::ToClient },
        has_errors: flags & 1 != 0,
        has_seq: flags & 2 != 0,
        whole: flags & 4 != 0,
    };
    Some((e, u32_at(RECORD_NEXT_AT)?))
}

const PROTOCOLS: [Protocol; 6] = [
    Protocol::Ctiqbe,
    Protocol::Tls,
    Protocol::Sip,
    Protocol::Sccp,
    Protocol::Ged188,
    Protocol::Unknown,
];

fn protocol_code(p: Protocol) -> u8 {
    PROTOCOLS.iter().position(|&q| q == p).and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX)
}

fn protocol_of(code: u8) -> Protocol {
    PROTOCOLS.get(usize::from(code)).copied().unwrap_or(Protocol::Unknown)
}

/// The temporary file of a store kept on disk ([`MessageStore::keep_on_disk`]).
mod disk {
    use std::fs::File;
    use std::io;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    /// Bytes per cached page of the file, and pages cached (2 MiB): the findings walk one
    /// session at a time, and a session's messages lie close together, so most reads hit a
    /// page read for the message before.
    const PAGE: usize = 16 << 10;
    const PAGE_LEN: u64 = PAGE as u64;
    const PAGES: usize = 128;

    /// Pages of the file read lately, the least recently used one replaced first.
    #[derive(Debug, Default)]
    struct Cache {
        slots: Vec<(u64, u64, Vec<u8>)>,
        by_page: foldhash::HashMap<u64, usize>,
        tick: u64,
    }

    /// Shared by a store's clones: appends take their place atomically, and a write updates
    /// the cached page it falls in.
    #[derive(Clone, Debug)]
    pub struct Disk {
        // Without Unix (the page's wasm) no store is ever put on disk.
        #[cfg_attr(not(unix), allow(dead_code))]
        file: Arc<File>,
        end: Arc<AtomicU64>,
        budget: usize,
        read_failed: Arc<AtomicBool>,
        cache: Arc<Mutex<Cache>>,
    }

    impl Disk {
        #[cfg_attr(not(unix), allow(dead_code))]
        fn of(file: File, budget: usize) -> Disk {
            Disk {
                file: Arc::new(file),
                end: Arc::new(AtomicU64::new(0)),
                budget,
                read_failed: Arc::new(AtomicBool::new(false)),
                cache: Arc::new(Mutex::new(Cache::default())),
            }
        }

        /// An anonymous file in `dir`: created under a fresh name and unlinked at once, so
        /// nothing is left behind whatever happens to the process.
        #[cfg(unix)]
        pub fn create(dir: &Path, budget: usize) -> io::Result<Disk> {
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let mut tries = 0u32;
            let (file, path) = loop {
                let n = COUNTER.fetch_add(1, Ordering::Relaxed);
                let path = dir.join(format!(".ctiscope-{}-{n}-{nanos}.tmp", std::process::id()));
                match std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create_new(true)
                    .open(&path)
                {
                    Ok(f) => break (f, path),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 100 => {
                        tries = tries.saturating_add(1);
                    }
                    Err(e) => return Err(e),
                }
            };
            std::fs::remove_file(&path)?;
            Ok(Disk::of(file, budget))
        }

        #[cfg(not(unix))]
        pub fn create(_dir: &Path, _budget: usize) -> io::Result<Disk> {
            Err(io::Error::new(io::ErrorKind::Unsupported, "messages are kept on disk on Unix only"))
        }

        /// A store's file from an open file (tests: one that cannot be written).
        #[cfg(test)]
        pub fn from_file(file: File, budget: usize) -> Disk {
            Disk::of(file, budget)
        }

        pub fn budget(&self) -> usize {
            self.budget
        }

        pub fn len(&self) -> u64 {
            self.end.load(Ordering::Relaxed)
        }

        pub fn read_failed(&self) -> bool {
            self.read_failed.load(Ordering::Relaxed)
        }

        /// Writes `bytes` at the end of the file; where.
        pub fn append(&self, bytes: &[u8]) -> io::Result<u64> {
            let at = self.end.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            self.write_at(bytes, at)?;
            Ok(at)
        }

        /// Writes `bytes` at `at`; cached pages they fall in are dropped (read again when
        /// needed).
        pub fn write_at(&self, bytes: &[u8], at: u64) -> io::Result<()> {
            if let Ok(mut c) = self.cache.lock() {
                let first = at / PAGE_LEN;
                let last = at.saturating_add(bytes.len() as u64) / PAGE_LEN;
                for page in first..=last {
                    if let Some(slot) = c.by_page.remove(&page) {
                        if let Some(s) = c.slots.get_mut(slot) {
                            // An empty page under a number no read asks for: free for reuse.
                            *s = (u64::MAX, 0, Vec::new());
                        }
                    }
                }
            }
            self.write_file(bytes, at)
        }

        #[cfg(unix)]
        fn write_file(&self, bytes: &[u8], at: u64) -> io::Result<()> {
            use std::os::unix::fs::FileExt;
            self.file.write_all_at(bytes, at)
        }

        #[cfg(not(unix))]
        fn write_file(&self, _bytes: &[u8], _at: u64) -> io::Result<()> {
            Err(io::Error::new(io::ErrorKind::Unsupported, "no temporary file"))
        }

        /// Up to `buf.len()` bytes from `at`, fewer at the end of the file.
        #[cfg(unix)]
        fn read_file(&self, buf: &mut [u8], at: u64) -> io::Result<usize> {
            use std::os::unix::fs::FileExt;
            let mut done = 0usize;
            while done < buf.len() {
                let rest = buf.get_mut(done..).unwrap_or_default();
                match self.file.read_at(rest, at.saturating_add(done as u64)) {
                    Ok(0) => break,
                    Ok(n) => done = done.saturating_add(n),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(done)
        }

        #[cfg(not(unix))]
        fn read_file(&self, _buf: &mut [u8], _at: u64) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::Unsupported, "no temporary file"))
        }

        /// `len` bytes from `at`, through the page cache; `None` (and the failure remembered)
        /// when they cannot be read.
        pub fn read(&self, at: u64, len: usize) -> Option<Vec<u8>> {
            let got = self.read_cached(at, len);
            if got.is_none() {
                self.read_failed.store(true, Ordering::Relaxed);
            }
            got
        }

        fn read_cached(&self, at: u64, len: usize) -> Option<Vec<u8>> {
            let end = at.checked_add(len as u64)?;
            if end > self.len() {
                return None;
            }
            // Long reads (a whole chunk of entries) go straight to the file.
            if len > PAGE {
                let mut buf = vec![0u8; len];
                return (self.read_file(&mut buf, at).ok()? == len).then_some(buf);
            }
            let mut cache = self.cache.lock().ok()?;
            let mut out = Vec::with_capacity(len);
            let mut pos = at;
            while pos < end {
                let page = pos / PAGE_LEN;
                let page_start = page.saturating_mul(PAGE_LEN);
                let slot = match cache.by_page.get(&page) {
                    Some(&slot) => slot,
                    None => self.load(&mut cache, page)?,
                };
                cache.tick = cache.tick.saturating_add(1);
                let tick = cache.tick;
                let (_, used, bytes) = cache.slots.get_mut(slot)?;
                *used = tick;
                let from = usize::try_from(pos.saturating_sub(page_start)).ok()?;
                let to = usize::try_from(end.min(page_start.saturating_add(PAGE_LEN)).saturating_sub(page_start)).ok()?;
                out.extend_from_slice(bytes.get(from..to)?);
                pos = page_start.saturating_add(to as u64);
            }
            Some(out)
        }

        /// Reads page `page` into the cache (in place of the least recently used one); its slot.
        fn load(&self, cache: &mut Cache, page: u64) -> Option<usize> {
            let mut bytes = vec![0u8; PAGE];
            let n = self.read_file(&mut bytes, page.saturating_mul(PAGE_LEN)).ok()?;
            bytes.truncate(n);
            let slot = if cache.slots.len() < PAGES {
                cache.slots.push((page, 0, bytes));
                cache.slots.len().saturating_sub(1)
            } else {
                let (slot, _) = cache.slots.iter().enumerate().min_by_key(|(_, s)| s.1)?;
                let old = cache.slots.get(slot)?.0;
                cache.by_page.remove(&old);
                *cache.slots.get_mut(slot)? = (page, 0, bytes);
                slot
            };
            cache.by_page.insert(page, slot);
            Some(slot)
        }
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
        let entries: Vec<Entry> = report.messages.entries().collect();
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
            let e = s.entry(i).unwrap();
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

    /// The compact form of message `i` of `store` (as its decoder handed it over).
    fn compact_of(store: &MessageStore, i: usize) -> CompactMessage {
        let e = store.entry(i).unwrap();
        CompactMessage {
            protocol: e.protocol,
            slot: 0,
            direction: e.direction,
            has_errors: e.has_errors,
            pdu: e.pdu,
            frame: e.frame,
            ts_ns: e.ts_ns,
            seq: e.seq(),
            request_frame: e.request_frame(),
            latency_ms: e.latency_ms(),
            stream_offset: e.stream_offset,
            raw: store.raw(i).unwrap().into_owned(),
        }
    }

    /// Real messages (compact and whole) pushed frame after frame, several per frame in
    /// descending session order (which each frame's group must turn around).
    fn fill(store: &mut MessageStore, from: &MessageStore, rounds: u64) {
        let n = from.len();
        for round in 0..rounds {
            for i in 0..n {
                let k = round as usize * n + i;
                let frame = 1 + (k / 3) as u64;
                let session = 4 - (k % 3) as u32;
                if i % 11 == 5 {
                    let mut m = from.get(i).unwrap();
                    (m.frame, m.session) = (frame, session);
                    store.push_whole(m);
                } else {
                    let mut c = compact_of(from, i);
                    c.frame = frame;
                    store.push_compact(session, &c);
                }
            }
        }
    }

    fn scratch_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ctiscope-store-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_store_on_disk_reads_back_what_one_in_ram_holds_across_chunk_boundaries() {
        let sample = crate::analyze_bytes(&crate::synth::sample::capture()).unwrap().messages;
        let dir = scratch_dir("spill");
        // Tiny chunks and no RAM budget: every full, final chunk goes to the file.
        let mut ram = MessageStore::with_chunks(7, 4096);
        let mut disk = MessageStore::with_chunks(7, 4096);
        disk.keep_on_disk(&dir, 0).unwrap();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "the file is unlinked at once");
        fill(&mut ram, &sample, 5);
        fill(&mut disk, &sample, 5);
        // Messages become final group by group, before the end.
        assert!(disk.final_len() > disk.len() / 2 && disk.final_len() < disk.len());
        ram.sort();
        disk.sort();
        assert_eq!(disk.final_len(), disk.len());
        assert!(disk.entries_on_disk > 10 && disk.arena_on_disk > 3, "{} {}", disk.entries_on_disk, disk.arena_on_disk);
        assert!(disk.disk_bytes() > 0);
        assert_eq!(disk.disk_error(), None);
        assert_eq!(ram.len(), disk.len());
        let all: Vec<Entry> = ram.entries().collect();
        assert_eq!(disk.entries().collect::<Vec<_>>(), all);
        assert!(all.windows(2).all(|w| (w[0].frame, w[0].session) <= (w[1].frame, w[1].session)));
        for i in 0..ram.len() {
            assert_eq!(disk.entry(i), ram.entry(i), "{i}");
            assert_eq!(disk.raw(i), ram.raw(i), "{i}");
            let (a, b) = (disk.get(i).unwrap(), ram.get(i).unwrap());
            assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::to_value(&b).unwrap(), "{i}");
            let e = ram.entry(i).unwrap();
            assert_eq!(e.name(&disk), e.name(&ram));
        }
        // Each session's chain is its messages in order.
        for session in 0..6 {
            let want: Vec<(usize, Entry)> = all.iter().copied().enumerate().filter(|(_, e)| e.session == session).collect();
            assert_eq!(ram.session_entries(session).collect::<Vec<_>>(), want);
            assert_eq!(disk.session_entries(session).collect::<Vec<_>>(), want);
        }
        for frame in [0, 1, 2, 50, 10_000] {
            assert_eq!(disk.first_at_or_after(frame), ram.first_at_or_after(frame));
        }
        // A clone shares the file and reads the same.
        let copy = disk.clone();
        assert_eq!(copy.get(ram.len() - 1).map(|m| m.raw), ram.get(ram.len() - 1).map(|m| m.raw));
        drop((disk, copy));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn a_message_older_than_a_final_one_is_sorted_in_at_the_end() {
        let sample = crate::analyze_bytes(&crate::synth::sample::capture()).unwrap().messages;
        let mut s = MessageStore::with_chunks(4, 4096);
        for (k, frame) in [5u64, 6, 7, 3, 8].into_iter().enumerate() {
            let mut c = compact_of(&sample, k);
            c.frame = frame;
            s.push_compact(1, &c);
        }
        // 5 and 6 were final when 3 came (with 7's group, final when 8 came).
        assert_eq!(s.final_len(), 4);
        assert!(s.misordered);
        s.sort();
        let frames: Vec<u64> = s.entries().map(|e| e.frame).collect();
        assert_eq!(frames, [3, 5, 6, 7, 8]);
        assert_eq!(s.session_entries(1).map(|(i, _)| i).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_temporary_file_that_cannot_be_written_is_an_error_and_nothing_is_lost() {
        let sample = crate::analyze_bytes(&crate::synth::sample::capture()).unwrap().messages;
        let dir = scratch_dir("readonly");
        let path = dir.join("f");
        std::fs::write(&path, b"").unwrap();
        let mut s = MessageStore::with_chunks(7, 4096);
        // A file opened read-only: every write fails, as on a full disk.
        s.disk = Some(disk::Disk::from_file(std::fs::File::open(&path).unwrap(), 0));
        let mut ram = MessageStore::with_chunks(7, 4096);
        fill(&mut s, &sample, 2);
        fill(&mut ram, &sample, 2);
        s.sort();
        ram.sort();
        let why = s.disk_error().unwrap();
        assert!(why.starts_with("cannot write the temporary file of messages"), "{why}");
        for i in 0..ram.len() {
            assert_eq!(s.raw(i), ram.raw(i));
            assert_eq!(s.entry(i), ram.entry(i));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn out_of_range_indices_give_nothing() {
        let s = MessageStore::default();
        assert!(s.get(0).is_none() && s.raw(0).is_none() && s.entry(0).is_none());
        assert_eq!(s.first_at_or_after(5), 0);
    }
}
