//! Transparent gzip: captures saved as `.pcap.gz` / `.pcapng.gz` are inflated while streaming.
//! Input is inflated in small steps so that a highly compressed chunk cannot expand into an
//! unbounded buffer (deflate expands at most ~1032:1, so a step yields at most a few MiB).
//!
//! The steps are fixed blocks of the compressed stream ([`STEP_LEN`] bytes, the last one at the
//! end of the input), whatever the sizes of the chunks the file arrives in. The inflater keeps
//! some output to itself when it fails, so where it fails and what came out before depend on
//! how its input was split; fixed blocks make that, and so the report, independent of the
//! chunking.

use flate2::write::MultiGzDecoder;
use std::io::Write;

/// Compressed bytes handed to the inflater per step.
const STEP_LEN: usize = 4096;

#[derive(Default)]
pub(super) struct Gunzip {
    decided: bool,
    inflater: Option<MultiGzDecoder<Vec<u8>>>,
    /// Compressed bytes waiting for a whole block.
    pending: Vec<u8>,
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

    /// Takes compressed bytes from the front of `input` until a whole block is collected and
    /// inflates it: `None` when `input` ran out first (its bytes are kept for the next call).
    /// Otherwise what came out and, if the stream turned out corrupt, why; what was inflated
    /// before an error is returned too.
    pub fn step(&mut self, input: &mut &[u8]) -> Option<(Vec<u8>, Option<String>)> {
        let want = STEP_LEN.saturating_sub(self.pending.len());
        let take = want.min(input.len());
        let (head, rest) = input.split_at(take);
        self.pending.extend_from_slice(head);
        *input = rest;
        if self.pending.len() < STEP_LEN {
            return None;
        }
        let block = std::mem::take(&mut self.pending);
        Some(self.inflate(&block))
    }

    /// Inflates the last, partial block and ends the stream; an error means the gzip data was
    /// cut short or corrupt. What was inflated before the error comes out either way.
    pub fn finish(&mut self) -> (Vec<u8>, Option<String>) {
        let block = std::mem::take(&mut self.pending);
        let (mut out, corrupt) = self.inflate(&block);
        if corrupt.is_some() {
            return (out, corrupt);
        }
        let Some(inflater) = self.inflater.as_mut() else {
            return (out, None);
        };
        let result = inflater.try_finish();
        out.append(inflater.get_mut());
        (out, result.err().map(|e| e.to_string()))
    }

    fn inflate(&mut self, block: &[u8]) -> (Vec<u8>, Option<String>) {
        let Some(inflater) = self.inflater.as_mut() else {
            return (block.to_vec(), None);
        };
        let mut out = Vec::new();
        let mut rest = block;
        while !rest.is_empty() {
            match inflater.write(rest) {
                // Nothing more is accepted (past the end of the stream): the rest is ignored.
                Ok(0) => break,
                Ok(used) => {
                    rest = rest.get(used..).unwrap_or(&[]);
                    out.append(inflater.get_mut());
                }
                Err(e) => {
                    out.append(inflater.get_mut());
                    return (out, Some(e.to_string()));
                }
            }
        }
        (out, None)
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
        Inflater(Gunzip {
            decided: true,
            inflater: Some(MultiGzDecoder::new(Vec::new())),
            pending: Vec::new(),
        })
    }

    pub fn inflate_all(&mut self, input: &[u8]) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        for piece in input.chunks(STEP_LEN) {
            let (produced, corrupt) = self.0.inflate(piece);
            out.extend(produced);
            if let Some(why) = corrupt {
                return Err(why);
            }
        }
        Ok(out)
    }

    pub fn finish(&mut self) -> Result<Vec<u8>, String> {
        match self.0.finish() {
            (out, None) => Ok(out),
            (_, Some(why)) => Err(why),
        }
    }
}
