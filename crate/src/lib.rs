//! ctiscope: a streaming analyzer of Cisco CTI captures.
#![forbid(unsafe_code)]

pub mod model;
pub mod proto;
