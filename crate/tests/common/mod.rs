//! Helpers shared by integration tests (each test file includes this with `mod common;`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]

pub mod client_print;

/// A test's own temporary folder (named `ctiscope-PREFIX-PID-TEST`), removed when the test ends,
/// passed or failed.
pub struct Scratch(pub std::path::PathBuf);

impl Scratch {
    pub fn new(prefix: &str, test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ctiscope-{prefix}-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes `bytes` to `name` in the folder.
    pub fn file(&self, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
