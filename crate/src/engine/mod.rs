//! The engine: the one pipeline shared by the wasm facade and the CLI.
//!
//! ```text
//! chunks → capture::Reader → net::link → net::ip (+ defrag) → tcp/udp → flow table
//!        → reassembly (per direction) → registry probes → FlowDecoder → messages/events
//!        → sessions → findings → Report
//! ```
//!
//! Feed the capture with [`Engine::push`] in order, in chunks of any size, then call
//! [`Engine::finish`] once. Memory grows with live flows and kept messages, not file size.
//!
//! ```
//! let mut engine = ctiscope::engine::Engine::default();
//! let capture: &[u8] = &[]; // the file's bytes, read in slices
//! for chunk in capture.chunks(64 * 1024) {
//!     engine.push(chunk).unwrap();
//! }
//! let report = engine.finish(); // Err: the file was empty or not a capture
//! assert!(report.is_err());
//! ```

mod assemble;
mod connection;
mod flows;
mod merge;
mod pipeline;
mod redaction;
mod retire;

pub use retire::{Retired, SWEEP_NS};

use crate::capture::Reader;
use crate::error::Error;
use crate::limits::Limits;
use crate::redact::{Patch, RedactionPlan};
use crate::report::Report;
use pipeline::Pipeline;
use redaction::Redaction;

pub use merge::{
    analyze_merged, analyze_merged_in_chunks, MultiEngine, DUPLICATE_WINDOW_LEN,
    DUPLICATE_WINDOW_NS,
};

/// The streaming analyzer: [`push`](Engine::push) the capture's bytes in order, in chunks of any
/// size (the report does not depend on where they are cut), then [`finish`](Engine::finish) once.
/// Memory grows with live flows and kept messages, not with the file; every cap is in [`Limits`].
///
/// ```
/// use ctiscope::{Engine, Limits};
///
/// let capture = ctiscope::synth::sample::capture(); // any pcap/pcapng(.gz) bytes
/// let mut engine = Engine::new(Limits::default());
/// for chunk in capture.chunks(1000) {
///     engine.push(chunk)?;
/// }
/// let report = engine.finish()?;
/// assert_eq!(report.capture.packets, 40);
/// let whole = ctiscope::analyze_bytes(&capture)?;
/// assert_eq!(serde_json::to_string(&report).ok(), serde_json::to_string(&whole).ok());
/// # Ok::<(), ctiscope::Error>(())
/// ```
pub struct Engine {
    reader: Reader,
    pipeline: Pipeline,
    file_bytes: u64,
    /// Messages already handed to a sink ([`Engine::stream_messages`]).
    streamed: usize,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Limits::default())
    }
}

impl Engine {
    pub fn new(limits: Limits) -> Self {
        Engine {
            reader: Reader::new(),
            pipeline: Pipeline::new(limits),
            file_bytes: 0,
            streamed: 0,
        }
    }

    /// Feeds the next chunk of the capture file. Errors only when the input is not a capture
    /// (or, with [`keep_messages_on_disk`](Self::keep_messages_on_disk), when the temporary
    /// file cannot be written).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.file_bytes = self.file_bytes.saturating_add(chunk.len() as u64);
        let pipeline = &mut self.pipeline;
        self.reader.push(chunk, &mut |rec| pipeline.on_record(&rec))?;
        self.pipeline.storage_error()
    }

    /// Keeps the kept messages' bytes and entries in an anonymous temporary file in `dir` past
    /// `ram_budget` bytes (see [`crate::store::MessageStore::keep_on_disk`]), so that memory
    /// does not grow with the messages; natively only (the page has no files).
    pub fn keep_messages_on_disk(&mut self, dir: &std::path::Path, ram_budget: usize) -> std::io::Result<()> {
        self.pipeline.messages.keep_on_disk(dir, ram_budget)
    }

    /// Hands `sink` each kept message whose index in the report is final and that no earlier
    /// call handed out: its index (as in the report's `messages`), the message as the report
    /// holds it, and its source (several files merged; `None` here). Call it between pushes:
    /// a message is final once a later frame produced a message (see [`crate::store`]), so
    /// messages come out as the capture is read, not at its end. After
    /// [`finish`](Self::finish), the report's messages from [`streamed`](Self::streamed) on
    /// are the rest (`ctiscope analyze --ndjson`, [`crate::ndjson::write_from`]). The first
    /// error of `sink` is returned.
    ///
    /// ```
    /// let capture = ctiscope::synth::sample::capture();
    /// let mut engine = ctiscope::Engine::default();
    /// let mut seen = Vec::new();
    /// for chunk in capture.chunks(500) {
    ///     engine.push(chunk)?;
    ///     engine.stream_messages(&mut |index, m, _source| {
    ///         seen.push((index, m.frame));
    ///         Ok::<(), ()>(())
    ///     }).ok();
    /// }
    /// let from = engine.streamed();
    /// let report = engine.finish()?;
    /// assert_eq!(seen.len(), from);
    /// assert!(from > 0 && from < report.messages.len());
    /// for (index, frame) in seen {
    ///     assert_eq!(report.messages.get(index).map(|m| m.frame), Some(frame));
    /// }
    /// # Ok::<(), ctiscope::Error>(())
    /// ```
    pub fn stream_messages<E>(
        &mut self,
        sink: &mut impl FnMut(usize, &crate::model::Message, Option<crate::report::Source>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.streamed = self.pipeline.messages.stream(self.streamed, sink)?;
        self.pipeline.forget_written(self.streamed);
        Ok(())
    }

    /// Hands `sink` each flow and session that retired since the last call (a TCP flow
    /// `Limits::flow_linger_ms` after its connection ended, an idle UDP flow after
    /// `Limits::udp_idle_ms`; see
    /// `docs/report.md`, "Streaming and memory"), then forgets them: the findings, the inventory
    /// and the calls have seen them already, and the report of [`finish`](Self::finish) holds
    /// only the flows and sessions not handed out. So a caller that writes them as they come
    /// (`ctiscope analyze --ndjson`) keeps no flow or session that is over. The first error of
    /// `sink` is returned (what it did not take stays for the report).
    ///
    /// ```
    /// use ctiscope::engine::Retired;
    /// let capture = ctiscope::synth::sample::capture();
    /// let mut engine = ctiscope::Engine::default();
    /// let mut flows = Vec::new();
    /// for chunk in capture.chunks(500) {
    ///     engine.push(chunk)?;
    ///     engine.stream_retired(&mut |r| {
    ///         if let Retired::Flow(f) = r {
    ///             flows.push(f.id);
    ///         }
    ///         Ok::<(), ()>(())
    ///     }).ok();
    /// }
    /// let report = engine.finish()?;
    /// // The sample lasts seconds: its flows retire with the end of the capture.
    /// assert!(flows.is_empty());
    /// assert!(!report.flows.is_empty());
    /// # Ok::<(), ctiscope::Error>(())
    /// ```
    pub fn stream_retired<E>(&mut self, sink: &mut impl FnMut(Retired<'_>) -> Result<(), E>) -> Result<(), E> {
        self.pipeline.stream_retired(sink)
    }

    /// Messages handed out by [`stream_messages`](Self::stream_messages) so far.
    pub fn streamed(&self) -> usize {
        self.streamed
    }

    /// An engine that, besides analyzing, records where the planned bytes lie in the file
    /// (second pass of a redaction; see [`crate::redact`]).
    pub fn with_redaction(limits: Limits, plan: RedactionPlan) -> Self {
        let mut e = Engine::new(limits);
        e.pipeline.redaction = Some(Redaction::new(plan));
        e
    }

    /// Ends a redaction pass: the file patches, and how many segments with planned bytes could
    /// not be mapped to the file (IP fragments).
    pub fn finish_redaction(mut self) -> Result<(Vec<Patch>, u64), Error> {
        let pipeline = &mut self.pipeline;
        self.reader.finish(&mut |rec| pipeline.on_record(&rec))?;
        let r = self.pipeline.redaction.take().unwrap_or_default();
        let mut patches = r.patches;
        patches.sort_unstable();
        patches.dedup();
        Ok((patches, r.unmapped_segments))
    }

    /// Packets read so far.
    pub fn packets(&self) -> u64 {
        self.pipeline.packets
    }

    /// Ends the input and builds the report.
    pub fn finish(mut self) -> Result<Report, Error> {
        let pipeline = &mut self.pipeline;
        self.reader.finish(&mut |rec| pipeline.on_record(&rec))?;
        let report = self.pipeline.into_report(assemble::Input {
            format: self.reader.format(),
            compressed: self.reader.compressed(),
            warnings: self.reader.warnings().to_vec(),
            file_bytes: self.file_bytes,
            files: Vec::new(),
        });
        match report.messages.disk_error() {
            Some(e) => Err(Error::Storage(e)),
            None => Ok(report),
        }
    }
}

/// Analyzes a whole capture held in memory (tests, small files): an [`Engine`] with the default
/// [`Limits`], the bytes pushed at once.
///
/// ```
/// let report = ctiscope::analyze_bytes(&ctiscope::synth::sample::capture())?;
/// let json = serde_json::to_string_pretty(&report).expect("a report always serializes");
/// assert!(json.contains("\"protocol\": \"ctiqbe\""));
/// // Bytes that are not a capture are an error, not an empty report.
/// assert!(ctiscope::analyze_bytes(b"not a capture").is_err());
/// # Ok::<(), ctiscope::Error>(())
/// ```
pub fn analyze_bytes(data: &[u8]) -> Result<Report, Error> {
    let mut engine = Engine::default();
    for chunk in data.chunks(1 << 20) {
        engine.push(chunk)?;
    }
    engine.finish()
}
