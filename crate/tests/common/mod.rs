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

/// A classic little-endian pcap (what `ctiscope::synth` writes) with each packet's time changed
/// by `retime(index, microseconds since the epoch)`.
pub fn retimed(pcap: &[u8], retime: impl Fn(usize, u64) -> u64) -> Vec<u8> {
    let mut out = pcap[..24].to_vec();
    let mut at = 24;
    let mut index = 0;
    while at + 16 <= pcap.len() {
        let word = |i: usize| u32::from_le_bytes(pcap[at + i..at + i + 4].try_into().unwrap()) as u64;
        let t = retime(index, word(0) * 1_000_000 + word(4));
        let len = word(8) as usize;
        out.extend(((t / 1_000_000) as u32).to_le_bytes());
        out.extend(((t % 1_000_000) as u32).to_le_bytes());
        out.extend(&pcap[at + 8..at + 16 + len]);
        at += 16 + len;
        index += 1;
    }
    out
}

/// [`retimed`]: every packet's distance from the first one `factor` times longer (minutes
/// instead of seconds, so connections end long before the capture does).
pub fn stretched(pcap: &[u8], factor: u64) -> Vec<u8> {
    let first = std::cell::Cell::new(None::<u64>);
    retimed(pcap, |_, us| {
        let base = first.get().unwrap_or(us);
        first.set(Some(base));
        base + (us - base) * factor
    })
}
