//! Helpers shared by integration tests (each test file includes this with `mod common;`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]

pub mod client_print;
