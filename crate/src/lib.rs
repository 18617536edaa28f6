//! ctiscope: a streaming analyzer of Cisco CTI captures.
//!
//! It reads a pcap or pcapng file (gzip-compressed too) in chunks of any size, follows every
//! TCP/UDP flow, decodes CTIQBE (JTAPI/TAPI ↔ CTI Manager, TCP 2748), TLS (2749), SIP and SCCP
//! (the protocols in [`proto::registry`]; GED-188 is detected), and returns one [`Report`]: the capture, its flows, sessions, every decoded
//! message, security findings with their evidence, decoding events and any resource limit
//! reached. The same engine runs in the browser (wasm) and in the `ctiscope` command line, so
//! both give the same report. The report's JSON form is a documented contract
//! (`docs/report.md`); [`ndjson`] writes it one record per line.
//!
//! # Analyzing a capture
//!
//! Push the file's bytes into an [`Engine`] in order, in chunks of any size (the report does not
//! depend on where the chunks are cut), then [`Engine::finish`] it once. Memory grows with live
//! flows and kept messages, not with the file's size; every cap is in [`limits::Limits`].
//!
//! ```
//! use ctiscope::limits::Limits;
//! use ctiscope::report::Severity;
//! use ctiscope::Engine;
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
//! # Modules
//!
//! What a program built on the engine uses: [`engine`] ([`Engine`], [`analyze_bytes`]),
//! [`report`] (the [`Report`] and its parts), [`limits`], [`error`], [`redact`], [`ndjson`],
//! [`query`] (filtering and sorting messages, as the page does) and [`summary`] (the CLI's text
//! summary); [`synth`] builds captures in code (tests, the sample, the benchmark generator).
//! The stages of the pipeline ([`capture`], [`net`], [`reassembly`], [`proto`], [`store`],
//! [`findings`], [`model`]) are public for the tests, benchmarks and fuzz targets that exercise
//! them one by one; they change more freely than the report.
#![forbid(unsafe_code)]

pub mod calls;
pub mod capture;
pub mod engine;
pub mod error;
pub mod findings;
pub mod limits;
pub mod model;
pub mod ndjson;
pub mod net;
pub mod proto;
pub mod reassembly;
pub mod report;
pub mod store;

pub use engine::{analyze_bytes, Engine};
pub use error::Error;
pub use report::Report;
pub mod query;
pub mod summary;
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

pub mod redact;
pub mod wireshark;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
