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

    /// Looks at the first chunk of the file once.
    pub fn sniff(&mut self, first: &[u8]) {
        if first.is_empty() {
            return;
        }
        self.decided = true;
        if first.first() == Some(&0x1f) && (first.len() < 2 || first.get(1) == Some(&0x8b)) {
            self.inflater = Some(MultiGzDecoder::new(Vec::new()));
        }
    }

    /// Inflates up to one step of `input`; returns how much was used and what came out.
    pub fn step(&mut self, input: &[u8]) -> (usize, Result<Vec<u8>, String>) {
        let Some(inflater) = self.inflater.as_mut() else { return (input.len(), Ok(input.to_vec())) };
        let piece = input.get(..STEP_LEN.min(input.len())).unwrap_or(input);
        match inflater.write(piece) {
            Ok(used) => (used, Ok(std::mem::take(inflater.get_mut()))),
            Err(e) => (piece.len(), Err(e.to_string())),
        }
    }

    /// Flushes the end of the stream; an error means the gzip data was cut short or corrupt.
    pub fn finish(&mut self) -> Result<Vec<u8>, String> {
        let Some(inflater) = self.inflater.as_mut() else { return Ok(Vec::new()) };
        match inflater.try_finish() {
            Ok(()) => Ok(std::mem::take(inflater.get_mut())),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// A gzip inflater for callers that want the whole output of each chunk (the redaction
/// rewriter): the same bounded steps as the reader.
pub struct Inflater(Gunzip);

impl Default for Inflater {
    fn default() -> Self {
        Self::new()
    }
}

impl Inflater {
    pub fn new() -> Self {
        Inflater(Gunzip { decided: true, inflater: Some(MultiGzDecoder::new(Vec::new())) })
    }

    pub fn inflate_all(&mut self, mut input: &[u8]) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        while !input.is_empty() {
            let (used, produced) = self.0.step(input);
            out.extend(produced?);
            input = input.get(used..).unwrap_or(&[]);
            if used == 0 {
                break;
            }
        }
        Ok(out)
    }

    pub fn finish(&mut self) -> Result<Vec<u8>, String> {
        self.0.finish()
    }
}
