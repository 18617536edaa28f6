//! Several capture files analyzed as one: a k-way merge of their records by timestamp.
//!
//! A ring buffer of rotated files (CUCM, a SPAN port's dumpcap `-b`), or one file per side of a
//! connection, is one capture cut in pieces. [`MultiEngine`] reads each file with its own
//! [`Reader`] and hands the pipeline the record with the earliest timestamp among the files'
//! next records (ties: the file given first), so the pipeline sees one capture, numbered
//! `1, 2, 3…` in merged order, like `mergecap`'s output.
//!
//! **Pull, bounded by chunks.** The merge can only hand out a record once it knows the next
//! record of every file that is not finished. So the caller asks [`MultiEngine::wants`] which
//! file the merge needs next and feeds that one chunk ([`MultiEngine::push`]) or its end
//! ([`MultiEngine::end`]). Records parsed from a chunk wait, copied back to back, until the
//! merge takes them; a file is asked for more only when none of its records wait. So memory is
//! one chunk per file (the inflated chunk for a gzip file) whatever the files' sizes.
//!
//! **Duplicates.** Both sides of a SPAN, or two capture points on one path, hold the same
//! packets. A packet is a duplicate when a packet with the same bytes from the IP header on
//! (the link layer stripped, Ethernet padding cut at the IP length, so an Ethernet and a Linux
//! cooked capture of one packet match) was analyzed from *another* file less than
//! [`DUPLICATE_WINDOW_NS`] apart, and has not already matched a packet of this file. It is
//! counted (`stats.duplicate_packets`, `capture.files[].duplicates`) and skipped: it gets no
//! merged frame number. The packets compared are those of the last millisecond, at most
//! [`DUPLICATE_WINDOW_LEN`] of them (hashes only), so this memory is bounded too. Packets of one
//! file are never duplicates of each other: the same file analyzed alone keeps them all.
//!
//! **Errors stay in their file.** A file that is not a capture is reported with its name
//! (`capture.files[].error` and a warning) and the others are analyzed; a truncated or corrupt
//! file (the last rotated file often is) is read up to the damage, its warnings prefixed with
//! its name. Only when no file can be read at all is the result an error.
//!
//! **Sources.** With more than one file, the report lists them (`capture.files`) and says where
//! each message and finding's frames came from (`source`, `sources`; see
//! [`crate::store::SourceMap`]: 24 bytes per switch of file, capped by
//! `Limits::max_source_runs`, past which later frames have no source and `limits` says so).
//! With one file the report is exactly [`super::Engine`]'s.

use std::collections::{BTreeMap, VecDeque};
use std::hash::BuildHasher;

use super::assemble::{self, link_type_counts};
use super::pipeline::Pipeline;
use crate::capture::{Reader, Record};
use crate::error::Error;
use crate::limits::Limits;
use crate::model::ns_to_secs;
use crate::net::link;
use crate::report::{FileSummary, Report};
use crate::store::SourceMap;

/// Two copies of one packet in different files are duplicates when their timestamps are at most
/// this far apart (1 ms): both sides of a SPAN session are stamped by one clock within
/// microseconds, while a real retransmission comes at least a round trip later.
pub const DUPLICATE_WINDOW_NS: i64 = 1_000_000;
/// At most this many recent packets are compared (a bound on the duplicate window's memory at
/// very high packet rates).
pub const DUPLICATE_WINDOW_LEN: usize = 4096;

/// A record parsed from a file's chunk, waiting to be merged; its bytes are in `Input::bytes`.
struct Pending {
    frame: u64,
    ts_ns: i64,
    linktype: u32,
    orig_len: u32,
    start: usize,
    len: usize,
    file_offset: Option<u64>,
}

/// One file of the merge.
struct Input {
    name: String,
    reader: Reader,
    queue: VecDeque<Pending>,
    /// The waiting records' bytes, back to back; emptied when the queue is.
    bytes: Vec<u8>,
    /// No more chunks: the end was given, or the file is not a capture.
    ended: bool,
    error: Option<Error>,
    file_bytes: u64,
    records: u64,
    duplicates: u64,
    first_ts: Option<i64>,
    last_ts: Option<i64>,
    link_types: BTreeMap<u32, u64>,
}

impl Input {
    fn new(name: String) -> Input {
        Input {
            name,
            reader: Reader::new(),
            queue: VecDeque::new(),
            bytes: Vec::new(),
            ended: false,
            error: None,
            file_bytes: 0,
            records: 0,
            duplicates: 0,
            first_ts: None,
            last_ts: None,
            link_types: BTreeMap::new(),
        }
    }

    /// Parses a chunk (or, with `None`, the end of the file) into waiting records.
    fn read(&mut self, chunk: Option<&[u8]>) {
        let Input {
            reader,
            queue,
            bytes,
            records,
            first_ts,
            last_ts,
            link_types,
            ..
        } = self;
        let mut sink = |rec: Record<'_>| {
            let start = bytes.len();
            bytes.extend_from_slice(rec.data);
            queue.push_back(Pending {
                frame: rec.frame,
                ts_ns: rec.ts_ns,
                linktype: rec.linktype,
                orig_len: rec.orig_len,
                start,
                len: rec.data.len(),
                file_offset: rec.file_offset,
            });
            *records = records.saturating_add(1);
            *first_ts = Some(first_ts.map_or(rec.ts_ns, |t| t.min(rec.ts_ns)));
            *last_ts = Some(last_ts.map_or(rec.ts_ns, |t| t.max(rec.ts_ns)));
            let n = link_types.entry(rec.linktype).or_insert(0);
            *n = n.saturating_add(1);
        };
        let result = match chunk {
            Some(c) => reader.push(c, &mut sink),
            None => reader.finish(&mut sink),
        };
        if chunk.is_none() {
            self.ended = true;
        }
        if let Err(e) = result {
            self.error = Some(e);
            self.ended = true;
        }
    }

    fn summary(&self) -> FileSummary {
        FileSummary {
            name: self.name.clone(),
            format: self.reader.format(),
            compressed: self.reader.compressed(),
            packets: self.records,
            duplicates: self.duplicates,
            file_bytes: self.file_bytes,
            link_types: link_type_counts(&self.link_types),
            first_time: self.first_ts.map(ns_to_secs),
            last_time: self.last_ts.map(ns_to_secs),
            error: self.error.as_ref().map(ToString::to_string),
        }
    }
}

/// A packet analyzed recently, for duplicate detection.
struct Seen {
    ts_ns: i64,
    hash: u64,
    len: usize,
    file: u32,
    /// Files one of whose packets was found to be a copy of this one (each copy matches once).
    absorbed: Vec<u32>,
}

/// The recent packets of the merge (see the module docs).
#[derive(Default)]
struct Dedup {
    window: VecDeque<Seen>,
    /// How many packets of the window have each hash: most packets have no twin, and are
    /// decided without scanning the window.
    counts: foldhash::HashMap<u64, u32>,
    hasher: foldhash::fast::RandomState,
}

impl Dedup {
    /// Whether the packet `bytes` of `file` at `ts_ns` copies one already analyzed from another
    /// file; if not, it joins the window.
    fn is_duplicate(&mut self, file: u32, ts_ns: i64, bytes: &[u8]) -> bool {
        let oldest = ts_ns.saturating_sub(DUPLICATE_WINDOW_NS);
        while let Some(front) = self.window.front() {
            if front.ts_ns >= oldest && self.window.len() < DUPLICATE_WINDOW_LEN {
                break;
            }
            let hash = front.hash;
            self.window.pop_front();
            if let Some(n) = self.counts.get_mut(&hash) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.counts.remove(&hash);
                }
            }
        }
        let hash = self.hasher.hash_one(bytes);
        let len = bytes.len();
        if self.counts.contains_key(&hash) {
            let twin = self.window.iter_mut().find(|s| {
                s.hash == hash
                    && s.len == len
                    && s.file != file
                    && s.ts_ns.abs_diff(ts_ns) <= DUPLICATE_WINDOW_NS.unsigned_abs()
                    && !s.absorbed.contains(&file)
            });
            if let Some(s) = twin {
                s.absorbed.push(file);
                return true;
            }
        }
        self.window.push_back(Seen {
            ts_ns,
            hash,
            len,
            file,
            absorbed: Vec::new(),
        });
        let n = self.counts.entry(hash).or_insert(0);
        *n = n.saturating_add(1);
        false
    }
}

/// The bytes that identify a packet across capture points: the IP packet (link layer stripped,
/// trailing padding cut at the IP length), or the whole frame when it is not IP.
fn packet_identity(linktype: u32, data: &[u8]) -> &[u8] {
    let be16 = |d: &[u8], at: usize| {
        d.get(at..at.saturating_add(2))
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map(|b| usize::from(u16::from_be_bytes(b)))
    };
    let (ip, len) = match link::decode(linktype, data) {
        link::L3::Ipv4(d) => (d, be16(d, 2)),
        link::L3::Ipv6(d) => (d, be16(d, 4).map(|n| n.saturating_add(40))),
        _ => return data,
    };
    match len {
        Some(n) if n > 0 => ip.get(..n.min(ip.len())).unwrap_or(ip),
        _ => ip,
    }
}

/// Several capture files analyzed as one capture merged by timestamp (see the module docs).
///
/// ```
/// use ctiscope::{Limits, MultiEngine};
///
/// let capture = ctiscope::synth::sample::capture();
/// // The same capture twice, as if both sides of a SPAN had been captured.
/// let files = [capture.as_slice(), capture.as_slice()];
/// let mut engine = MultiEngine::new(Limits::default(), vec!["a.pcap".into(), "b.pcap".into()]);
/// let mut read = [0usize; 2];
/// while let Some(i) = engine.wants() {
///     let chunk = &files[i][read[i]..(read[i] + 1000).min(files[i].len())];
///     read[i] += chunk.len();
///     if chunk.is_empty() { engine.end(i)?; } else { engine.push(i, chunk)?; }
/// }
/// let report = engine.finish()?;
/// assert_eq!(report.capture.packets, 40);
/// assert_eq!(report.stats.duplicate_packets, 40);
/// assert_eq!(report.capture.files.len(), 2);
/// # Ok::<(), ctiscope::Error>(())
/// ```
pub struct MultiEngine {
    inputs: Vec<Input>,
    pipeline: Pipeline,
    next_frame: u64,
    dedup: Dedup,
    /// Messages already handed to a sink ([`MultiEngine::stream_messages`]).
    streamed: usize,
}

impl MultiEngine {
    /// An analysis of the files named `names` (shown in the report and its warnings), in this
    /// order (the order breaks ties between equal timestamps).
    pub fn new(limits: Limits, names: Vec<String>) -> Self {
        let sources = SourceMap::with_max_runs(limits.max_source_runs);
        let mut pipeline = Pipeline::new(limits);
        // Recorded as frames are merged, so a message's source is known as soon as it is kept.
        pipeline.messages.set_sources(sources);
        MultiEngine {
            inputs: names.into_iter().map(Input::new).collect(),
            pipeline,
            next_frame: 1,
            dedup: Dedup::default(),
            streamed: 0,
        }
    }

    /// The file the merge needs a chunk (or the end) of before it can go on; `None` when every
    /// file has ended and [`finish`](Self::finish) may be called.
    pub fn wants(&self) -> Option<usize> {
        self.inputs
            .iter()
            .position(|i| !i.ended && i.queue.is_empty())
    }

    /// Feeds the next chunk of file `input`. Feed the file [`wants`](Self::wants) names: a chunk
    /// given to another file waits in memory until the merge reaches it. A file that turns out
    /// not to be a capture is set aside (its error is in the report); later chunks of it are
    /// ignored. Errors only for an input that does not exist or was ended.
    pub fn push(&mut self, input: usize, chunk: &[u8]) -> Result<(), Error> {
        let i = self
            .inputs
            .get_mut(input)
            .ok_or(Error::NoSuchInput(input))?;
        if i.ended {
            return if i.error.is_some() {
                Ok(())
            } else {
                Err(Error::Finished)
            };
        }
        i.file_bytes = i.file_bytes.saturating_add(chunk.len() as u64);
        i.read(Some(chunk));
        self.merge();
        self.pipeline.storage_error()
    }

    /// Ends file `input` (a truncated last record is reported as its warning).
    pub fn end(&mut self, input: usize) -> Result<(), Error> {
        let i = self
            .inputs
            .get_mut(input)
            .ok_or(Error::NoSuchInput(input))?;
        if i.ended {
            return if i.error.is_some() {
                Ok(())
            } else {
                Err(Error::Finished)
            };
        }
        i.read(None);
        self.merge();
        self.pipeline.storage_error()
    }

    /// Keeps the kept messages' bytes and entries in an anonymous temporary file in `dir` past
    /// `ram_budget` bytes (see [`crate::store::MessageStore::keep_on_disk`]); natively only.
    pub fn keep_messages_on_disk(&mut self, dir: &std::path::Path, ram_budget: usize) -> std::io::Result<()> {
        self.pipeline.messages.keep_on_disk(dir, ram_budget)
    }

    /// Hands `sink` each kept message whose index in the report is final and that no earlier
    /// call handed out: its index, the message as the report holds it, its source. Call it
    /// between pushes; after [`finish`](Self::finish) the report's messages from
    /// [`streamed`](Self::streamed) on are the rest. The first error of `sink` is returned.
    pub fn stream_messages<E>(
        &mut self,
        sink: &mut impl FnMut(usize, &crate::model::Message, Option<crate::report::Source>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.streamed = self.pipeline.messages.stream(self.streamed, sink)?;
        self.pipeline.forget_written(self.streamed);
        Ok(())
    }

    /// [`super::Engine::stream_retired`] for the merged capture.
    pub fn stream_retired<E>(
        &mut self,
        sink: &mut impl FnMut(super::Retired<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.pipeline.stream_retired(sink)
    }

    /// Messages handed out by [`stream_messages`](Self::stream_messages) so far.
    pub fn streamed(&self) -> usize {
        self.streamed
    }

    /// Bytes of parsed records waiting to be merged, every file together: at most about one
    /// chunk (plus one record carried over from the chunk before) per file.
    pub fn buffered_bytes(&self) -> usize {
        self.inputs
            .iter()
            .map(|i| i.bytes.len())
            .fold(0, usize::saturating_add)
    }

    /// Packets analyzed so far (duplicates not included).
    pub fn packets(&self) -> u64 {
        self.pipeline.packets
    }

    /// The files that could not be read as captures so far, with why.
    pub fn failed(&self) -> impl Iterator<Item = (&str, &Error)> + '_ {
        self.inputs
            .iter()
            .filter_map(|i| i.error.as_ref().map(|e| (i.name.as_str(), e)))
    }

    /// Ends every file not yet ended and builds the report. Errors only when no file could be
    /// read as a capture (with one file: that file's error, as [`super::Engine::finish`]).
    pub fn finish(mut self) -> Result<Report, Error> {
        for i in 0..self.inputs.len() {
            if self.inputs.get(i).is_some_and(|i| !i.ended) {
                self.end(i)?;
            }
        }
        self.merge();
        let multi = self.inputs.len() > 1;
        if self.inputs.iter().all(|i| i.error.is_some()) {
            let first = self.inputs.into_iter().next();
            return Err(match first {
                Some(Input { error: Some(e), .. }) if !multi => e,
                Some(Input {
                    name,
                    error: Some(e),
                    ..
                }) => Error::InFile {
                    name,
                    error: Box::new(e),
                },
                _ => Error::Empty,
            });
        }
        let input = if multi {
            let mut warnings = Vec::new();
            for i in &self.inputs {
                if let Some(e) = &i.error {
                    warnings.push(format!("{}: {e}; this file was skipped", i.name));
                }
                warnings.extend(
                    i.reader
                        .warnings()
                        .iter()
                        .map(|w| format!("{}: {w}", i.name)),
                );
            }
            assemble::Input {
                format: self.inputs.iter().find_map(|i| i.reader.format()),
                compressed: self.inputs.iter().any(|i| i.reader.compressed()),
                warnings,
                file_bytes: self
                    .inputs
                    .iter()
                    .map(|i| i.file_bytes)
                    .fold(0, u64::saturating_add),
                files: self.inputs.iter().map(Input::summary).collect(),
            }
        } else {
            let i = self.inputs.first();
            assemble::Input {
                format: i.and_then(|i| i.reader.format()),
                compressed: i.is_some_and(|i| i.reader.compressed()),
                warnings: i.map(|i| i.reader.warnings().to_vec()).unwrap_or_default(),
                file_bytes: i.map_or(0, |i| i.file_bytes),
                files: Vec::new(),
            }
        };
        let report = self.pipeline.into_report(input);
        match report.messages.disk_error() {
            Some(e) => Err(Error::Storage(e)),
            None => Ok(report),
        }
    }

    /// Hands the pipeline every record it can: the earliest among the files' next records, as
    /// long as every file not ended has one waiting.
    fn merge(&mut self) {
        loop {
            // The earliest head and the one after it, by (timestamp, file).
            let mut best: Option<(i64, usize)> = None;
            let mut second: Option<(i64, usize)> = None;
            for (i, input) in self.inputs.iter().enumerate() {
                match input.queue.front() {
                    Some(p) => {
                        let key = (p.ts_ns, i);
                        if best.is_none_or(|b| key < b) {
                            second = best;
                            best = Some(key);
                        } else if second.is_none_or(|s| key < s) {
                            second = Some(key);
                        }
                    }
                    None if !input.ended => return,
                    None => {}
                }
            }
            let Some((_, i)) = best else { return };
            // Take from that file while it stays ahead: rotated parts go a file at a time.
            while let Some(head) = self.inputs.get(i).and_then(|input| input.queue.front()) {
                if second.is_some_and(|s| (head.ts_ns, i) > s) {
                    break;
                }
                self.emit(i);
            }
        }
    }

    /// Analyzes (or counts as a duplicate) the next record of file `i`.
    fn emit(&mut self, i: usize) {
        let multi = self.inputs.len() > 1;
        let Some(input) = self.inputs.get_mut(i) else {
            return;
        };
        let Some(p) = input.queue.pop_front() else {
            return;
        };
        let data = p
            .start
            .checked_add(p.len)
            .and_then(|end| input.bytes.get(p.start..end))
            .unwrap_or(&[]);
        let file = u32::try_from(i).unwrap_or(u32::MAX);
        if multi
            && self
                .dedup
                .is_duplicate(file, p.ts_ns, packet_identity(p.linktype, data))
        {
            input.duplicates = input.duplicates.saturating_add(1);
            let d = &mut self.pipeline.stats.duplicate_packets;
            *d = d.saturating_add(1);
        } else {
            let frame = self.next_frame;
            self.next_frame = frame.saturating_add(1);
            if multi {
                self.pipeline.messages.sources_mut().record(frame, file, p.frame);
            }
            self.pipeline.on_record(&Record {
                frame,
                ts_ns: p.ts_ns,
                linktype: p.linktype,
                orig_len: p.orig_len,
                data,
                file_offset: if multi { None } else { p.file_offset },
            });
        }
        if input.queue.is_empty() {
            input.bytes.clear();
        }
    }
}

/// Analyzes several captures held in memory as one (tests, small files): a [`MultiEngine`] with
/// the default [`Limits`], each file fed in 1 MiB chunks as the merge asks.
pub fn analyze_merged(files: &[(&str, &[u8])]) -> Result<Report, Error> {
    analyze_merged_in_chunks(files, 1 << 20)
}

/// [`analyze_merged`] with chunks of `chunk` bytes.
pub fn analyze_merged_in_chunks(files: &[(&str, &[u8])], chunk: usize) -> Result<Report, Error> {
    let names = files.iter().map(|(n, _)| (*n).to_string()).collect();
    let mut engine = MultiEngine::new(Limits::default(), names);
    let mut read = vec![0usize; files.len()];
    while let Some(i) = engine.wants() {
        let (Some(&(_, data)), Some(at)) = (files.get(i), read.get_mut(i)) else {
            break;
        };
        let end = at.saturating_add(chunk.max(1)).min(data.len());
        let piece = data.get(*at..end).unwrap_or(&[]);
        *at = end;
        if piece.is_empty() {
            engine.end(i)?;
        } else {
            engine.push(i, piece)?;
        }
    }
    engine.finish()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    #[test]
    fn packet_identity_strips_the_link_layer_and_padding() {
        // An IPv4 packet of 28 bytes in an Ethernet frame padded to 60, and the same packet raw.
        let mut ip = vec![0x45, 0, 0, 28];
        ip.resize(28, 7);
        let mut eth = vec![0u8; 12];
        eth.extend_from_slice(&[0x08, 0x00]);
        eth.extend_from_slice(&ip);
        eth.resize(60, 0);
        assert_eq!(packet_identity(1, &eth), ip.as_slice());
        assert_eq!(packet_identity(101, &ip), ip.as_slice());
    }

    #[test]
    fn a_packet_is_a_duplicate_of_another_files_copy_once_and_within_the_window() {
        let mut d = Dedup::default();
        assert!(!d.is_duplicate(0, 1_000, b"p"));
        assert!(
            !d.is_duplicate(0, 1_100, b"p"),
            "one file's own copies are all kept"
        );
        assert!(d.is_duplicate(1, 1_200, b"p"));
        assert!(
            d.is_duplicate(1, 1_300, b"p"),
            "the second copy matches the second original"
        );
        assert!(
            !d.is_duplicate(1, 1_400, b"p"),
            "a third copy has no original left"
        );
        assert!(!d.is_duplicate(1, 5_000_000, b"q"));
        assert!(
            !d.is_duplicate(0, 7_000_000, b"q"),
            "more than 1 ms later: not a copy"
        );
    }

    #[test]
    fn the_source_map_keeps_runs() {
        let mut m = SourceMap::default();
        for (frame, file, ff) in [
            (1, 0, 1),
            (2, 0, 2),
            (3, 1, 1),
            (4, 1, 2),
            (5, 0, 3),
            (6, 0, 5),
        ] {
            m.record(frame, file, ff);
        }
        assert_eq!(m.runs(), 4);
        let s = |f| m.get(f).map(|s| (s.file, s.file_frame));
        assert_eq!(s(2), Some((0, 2)));
        assert_eq!(s(4), Some((1, 2)));
        assert_eq!(s(5), Some((0, 3)));
        assert_eq!(s(6), Some((0, 5)));
        assert_eq!(s(0), None);
    }
}
