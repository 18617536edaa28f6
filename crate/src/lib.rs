//! ctiscope: a streaming analyzer of Cisco CTI captures.
//!
//! It reads a pcap or pcapng file (gzip-compressed too) in chunks of any size, follows every
//! TCP/UDP flow, decodes CTIQBE (JTAPI/TAPI ↔ CTI Manager, TCP 2748), TLS (2749), SIP and SCCP
//! (GED-188 is detected), and returns one [`Report`]: the capture, its flows, sessions, every decoded
//! message, security findings with their evidence, decoding events and any resource limit
//! reached. The same engine runs in the browser (wasm) and in the `ctiscope` command line, so
//! both give the same report. The report's JSON form is a documented contract
//! (`docs/report.md`).
//!
//! # Analyzing a capture
//!
//! Push the file's bytes into an [`Engine`] in order, in chunks of any size (the report does not
//! depend on where the chunks are cut), then [`Engine::finish`] it once. Memory grows with live
//! flows and kept messages, not with the file's size; every cap is in [`Limits`].
//!
//! ```
//! use ctiscope::report::Severity;
//! use ctiscope::{Engine, Limits};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Any pcap/pcapng(.gz) bytes: a file read piece by piece, a network stream, an upload.
//! // Here the page's built-in sample (a JTAPI application and its CTI Manager).
//! let capture: Vec<u8> = ctiscope::synth::sample::capture();
//!
//! let mut engine = Engine::new(Limits::default());
//! for chunk in capture.chunks(4096) {
//!     engine.push(chunk)?; // Err only when the bytes are not a capture at all
//! }
//! let report = engine.finish()?;
//!
//! assert_eq!(report.capture.packets, 40);
//! for session in &report.sessions {
//!     println!("session {}: {:?} {} → {}", session.id, session.protocol, session.client, session.server);
//! }
//! // Messages are kept compact and decoded again, one at a time, as they are read.
//! let first = report.messages.iter().next().expect("the sample has messages");
//! println!("frame {}: {} ({})", first.frame, first.name, first.summary);
//! // Findings come most severe first, each with the evidence (secrets masked) behind it.
//! assert!(report.findings.iter().any(|f| f.severity == Severity::Critical));
//!
//! // The JSON report of `ctiscope analyze --json`, byte for byte.
//! let json = serde_json::to_string_pretty(&report)?;
//! assert!(json.starts_with("{\n  \"schema_version\": 1"));
//! # Ok(())
//! # }
//! ```
//!
//! [`analyze_bytes`] does the same for a capture already in memory. A file that is not a
//! capture (empty, no pcap/pcapng/gzip signature, an unreadable header) is an [`Error`];
//! everything else (truncation, corrupt records, malformed frames, gaps) is reported as a
//! warning or an event in the report, never a failure and never a panic: the library denies
//! `unwrap`, `expect`, `panic!`, unchecked indexing and arithmetic (untrusted bytes in wasm,
//! where a panic would kill the page's engine).
//!
//! [`MultiEngine`] analyzes several files (rotated parts of a capture, both sides of a SPAN) as
//! one capture merged by timestamp: it says which file it needs next ([`MultiEngine::wants`]),
//! the caller pushes that file's next chunk, so one chunk per file is held; duplicates seen in
//! two files are counted and analyzed once, and the report says which file and frame each
//! message and finding came from. [`analyze_merged`] does it for files in memory.
//!
//! # Redacting a capture
//!
//! [`redact::redact_bytes`] writes a copy of a capture with the plaintext of interest (logins,
//! numbers, device names, certificates, password blobs… — [`redact::DEFAULT_TAGS`]) overwritten
//! in place, the rest of the file unchanged:
//!
//! ```
//! let capture = ctiscope::synth::sample::capture();
//! let (redacted, unmapped) = ctiscope::redact::redact_bytes(&capture, &ctiscope::redact::DEFAULT_TAGS)?;
//! assert_eq!((redacted.len(), unmapped), (capture.len(), 0));
//! assert!(!redacted.windows(12).any(|w| w == b"915551234567")); // the called number is gone
//! # Ok::<(), ctiscope::Error>(())
//! ```
//!
//! # The public API
//!
//! [`Engine`] and [`analyze_bytes`] analyze one capture, [`MultiEngine`] and [`analyze_merged`]
//! several as one; [`Limits`] caps every resource; [`Report`] and the
//! types of [`report`] (and the correlated calls of [`calls`]) are the result (serialized, the JSON of `docs/report.md`); [`Error`] is a
//! file that is not a capture; [`redact`] is the redactor; [`synth`] builds captures in code
//! (tests, the sample, the benchmark generator); `wasm` (wasm32 only) is the browser's facade.
//! The stages of the pipeline (capture reading, network layers, reassembly, protocol decoders,
//! the message store, findings) are `#[doc(hidden)]`: public only for the crate's own tests,
//! benchmarks, fuzz targets and command line, with no stability promise.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calls;
#[doc(hidden)]
pub mod callview;
#[doc(hidden)]
pub mod capture;
#[doc(hidden)]
pub mod engine;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod findings;
mod firsts;
pub mod inventory;
#[doc(hidden)]
pub mod limits;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod ndjson;
#[doc(hidden)]
pub mod net;
#[doc(hidden)]
pub mod proto;
#[doc(hidden)]
pub mod query;
#[doc(hidden)]
pub mod reassembly;
#[doc(hidden)]
pub mod store;
#[doc(hidden)]
pub mod summary;
#[doc(hidden)]
pub mod wireshark;

pub mod redact;
pub mod report;
// Builds captures from the engine's own data (tests, the sample, the benchmark generator);
// never fed untrusted input, so the parsing lints of Cargo.toml's [lints] do not apply.
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
pub mod synth;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{analyze_bytes, analyze_merged, Engine, MultiEngine};
pub use error::Error;
pub use limits::Limits;
pub use report::Report;

/// The example of crate/README.md, run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
