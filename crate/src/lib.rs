//! ctiscope: a streaming analyzer of Cisco CTI captures.
#![forbid(unsafe_code)]

pub mod model;
pub mod proto;
pub mod capture;
pub mod error;
pub mod net;
pub mod reassembly;
pub mod engine;
pub mod findings;
pub mod limits;
pub mod report;
pub mod store;

pub use engine::{analyze_bytes, Engine};
pub use error::Error;
pub use report::Report;
pub mod query;
pub mod summary;
pub mod synth;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod redact;
