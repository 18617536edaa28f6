//! Transparent gzip: captures saved as `.pcap.gz` / `.pcapng.gz` are inflated while streaming.
//! Input is inflated in small steps so that a highly compressed chunk cannot expand into an
//! unbounded buffer (deflate expands at most ~1032:1, so a step yields at most a few MiB).

use flate2::write::MultiGzDecoder;
use std::io::Write;

/// Compressed bytes handed to the inflater per step.
const STEP_LEN: usize = 4096;

#[derive(Default)]
pub(super) struct Gunzip {
    decided: bool,
    inflater: Option<MultiGzDecoder<Vec<u8>>>,
}

impl Gunzip {
    pub fn decided(&self) -> bool {
        self.decided
    }

    pub fn active(&self) -> bool {
        self.inflater.is_some()
    }

    /// Looks at the first bytes of the file once. The caller passes at least the two bytes of
    /// the magic when the file starts with 0x1f (see `Reader::push`); fewer means the file
    /// is shorter than the magic, so it is not gzip.
    pub fn sniff(&mut self, first: &[u8]) {
        if first.is_empty() {
            return;
        }
        self.decided = true;
        if first.first() == Some(&0x1f) && first.get(1) == Some(&0x8b) {
            self.inflater = Some(MultiGzDecoder::new(Vec::new()));
        }
    }

    /// Inflates up to one step of `input`; returns how much was used, what came out and, if the
    /// stream turned out corrupt, why. What was inflated before the error is returned too: how
    /// much of it had already been handed out depends on where the chunks of the file ended,
    /// so dropping it would make the report depend on the chunk sizes.
    pub fn step(&mut self, input: &[u8]) -> (usize, Vec<u8>, Option<String>) {
        let Some(inflater) = self.inflater.as_mut() else { return (input.len(), input.to_vec(), None) };
        let piece = input.get(..STEP_LEN.min(input.len())).unwrap_or(input);
        match inflater.write(piece) {
            Ok(used) => (used, std::mem::take(inflater.get_mut()), None),
            Err(e) => (piece.len(), std::mem::take(inflater.get_mut()), Some(e.to_string())),
        }
    }

    /// Flushes the end of the stream; an error means the gzip data was cut short or corrupt.
    /// As with [`Gunzip::step`], what was inflated before the error comes out either way.
    pub fn finish(&mut self) -> (Vec<u8>, Option<String>) {
        let Some(inflater) = self.inflater.as_mut() else { return (Vec::new(), None) };
        let result = inflater.try_finish();
        (std::mem::take(inflater.get_mut()), result.err().map(|e| e.to_string()))
    }
}
