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
        }
    }

    /// Feeds the next chunk of the capture file. Errors only when the input is not a capture.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.file_bytes = self.file_bytes.saturating_add(chunk.len() as u64);
        let pipeline = &mut self.pipeline;
        self.reader.push(chunk, &mut |rec| pipeline.on_record(&rec))
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
        Ok(self.pipeline.into_report(assemble::Input {
            format: self.reader.format(),
            compressed: self.reader.compressed(),
            warnings: self.reader.warnings().to_vec(),
            file_bytes: self.file_bytes,
            files: Vec::new(),
            sources: Default::default(),
        }))
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
