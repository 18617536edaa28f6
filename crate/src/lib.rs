//! ctiscope: a streaming analyzer of Cisco CTI captures.
#![forbid(unsafe_code)]

pub mod capture;
pub mod engine;
pub mod error;
pub mod findings;
pub mod limits;
pub mod model;
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
