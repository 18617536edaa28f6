//! Redacted captures: the same file with the sensitive bytes overwritten, so a capture can be
//! shared (with a vendor, a colleague) without its logins, numbers or certificates.
//!
//! Two passes over the file, both streaming:
//! 1. a normal analysis gives the messages and the spans tagged as sensitive; [`plan`] turns
//!    the chosen tags into byte ranges of each session's reassembled streams;
//! 2. the engine runs again with that plan ([`crate::Engine::with_redaction`]): every TCP segment
//!    or UDP datagram that carries planned stream bytes (retransmissions included) yields
//!    file-offset patches;
//!    [`Rewriter`] then copies the file, applying them.
//!
//! Gzip input is written out decompressed. Bytes that only exist after IP reassembly
//! (fragmented datagrams) cannot be mapped back to the file and are counted as skipped. TCP
//! checksums are not recomputed (Wireshark does not check them by default).

use crate::model::{Direction, Protocol, Tag};
use crate::report::Report;
use crate::store::MessageStore;
use std::collections::BTreeMap;

/// The byte that replaces redacted text; binary blobs (password, key, certificate) are zeroed.
pub const TEXT_FILL: u8 = b'*';

fn fill_for(tag: Tag, protocol: Protocol) -> u8 {
    match (tag, protocol) {
        // SIP is text: a NUL inside a header would make the message unreadable to other tools.
        (_, Protocol::Sip) => TEXT_FILL,
        (Tag::PasswordBlob | Tag::Certificate | Tag::Nonce, _) => 0,
        _ => TEXT_FILL,
    }
}

/// What a redaction blanks when the user does not choose: everything that identifies people,
/// devices, numbers and credentials (versions and ports are kept: they help the reader).
pub const DEFAULT_TAGS: [Tag; 17] = [
    Tag::Login,
    Tag::ApplicationId,
    Tag::DeviceName,
    Tag::DirectoryNumber,
    Tag::CallingNumber,
    Tag::CalledNumber,
    Tag::Partition,
    Tag::IpAddress,
    Tag::Certificate,
    Tag::PasswordBlob,
    Tag::Nonce,
    Tag::DisplayName,
    Tag::Realm,
    Tag::DigestResponse,
    Tag::SrtpKey,
    Tag::Password,
    Tag::CallData,
];

/// Both passes over an in-memory capture: the redacted file and the number of segments that
/// could not be mapped back to it.
pub fn redact_bytes(file: &[u8], tags: &[Tag]) -> Result<(Vec<u8>, u64), crate::Error> {
    let report = crate::analyze_bytes(file)?;
    let mut engine =
        crate::Engine::with_redaction(crate::limits::Limits::default(), plan(&report, tags));
    for c in file.chunks(1 << 20) {
        engine.push(c)?;
    }
    let (patches, unmapped) = engine.finish_redaction()?;
    let mut w = Rewriter::new(patches, report.capture.compressed);
    let mut out = w.push(file).map_err(crate::Error::BadHeader)?;
    out.extend(w.finish().map_err(crate::Error::BadHeader)?);
    Ok((out, unmapped))
}

/// Sorted `(start, end, fill)` byte ranges of one direction's reassembled stream.
pub(crate) type StreamRanges = Vec<(u64, u64, u8)>;

/// Stream byte ranges to blank, per (flow id, direction). Datagram flows count their
/// datagrams' payload bytes as one stream per direction (see `Message::stream_offset`).
#[derive(Debug, Default, Clone)]
pub struct RedactionPlan {
    pub(crate) ranges: BTreeMap<(u32, Direction), StreamRanges>,
}

impl RedactionPlan {
    /// Whether there is nothing to redact.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
    /// Number of byte ranges planned.
    pub fn len(&self) -> usize {
        self.ranges.values().map(Vec::len).sum()
    }
}

/// Plans the redaction of every span carrying one of `tags`.
pub fn plan(report: &Report, tags: &[Tag]) -> RedactionPlan {
    let mut p = RedactionPlan::default();
    let flow_of = |session: u32| {
        report
            .sessions
            .get((session as usize).wrapping_sub(1))
            .map(|s| s.flow)
    };
    for m in report.messages.decoded_where(MessageStore::may_carry_tags) {
        let Some(flow) = flow_of(m.session) else {
            continue;
        };
        for s in &m.spans {
            let Some(tag) = s.tag.filter(|t| tags.contains(t)) else {
                continue;
            };
            if s.end <= s.start {
                continue;
            }
            let start = m.stream_offset.saturating_add(u64::from(s.start));
            let end = m.stream_offset.saturating_add(u64::from(s.end));
            p.ranges
                .entry((flow, m.direction))
                .or_default()
                .push((start, end, fill_for(tag, m.protocol)));
        }
    }
    for v in p.ranges.values_mut() {
        v.sort_unstable();
    }
    p
}

/// Overwrite `end - start` bytes at file offset `start` with `fill`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Patch {
    /// First file offset to overwrite.
    pub start: u64,
    /// End of the range (exclusive).
    pub end: u64,
    /// The byte written over it.
    pub fill: u8,
}

/// The patches for one TCP segment whose payload covers stream bytes `pos..pos+len` and starts at
/// file offset `file_at`.
pub(crate) fn patches_for_segment(
    ranges: &[(u64, u64, u8)],
    pos: u64,
    len: u64,
    file_at: u64,
    out: &mut Vec<Patch>,
) {
    let end = pos.saturating_add(len);
    let first = ranges.partition_point(|r| r.1 <= pos);
    for &(a, b, fill) in ranges.get(first..).unwrap_or(&[]) {
        if a >= end {
            break;
        }
        let (from, to) = (a.max(pos), b.min(end));
        if from < to {
            out.push(Patch {
                start: file_at.saturating_add(from.saturating_sub(pos)),
                end: file_at.saturating_add(to.saturating_sub(pos)),
                fill,
            });
        }
    }
}

/// Copies a capture (inflating gzip) while applying sorted patches.
pub struct Rewriter {
    gzip: Option<crate::capture::Inflater>,
    patches: Vec<Patch>,
    next: usize,
    offset: u64,
}

impl Rewriter {
    /// `patches` as returned by [`crate::Engine::finish_redaction`]; `gzip` when the file was
    /// compressed (`report.capture.compressed`).
    pub fn new(mut patches: Vec<Patch>, gzip: bool) -> Self {
        patches.sort_unstable();
        Rewriter {
            gzip: gzip.then(crate::capture::Inflater::new),
            patches,
            next: 0,
            offset: 0,
        }
    }

    /// The redacted bytes for the next chunk of the original file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<u8>, String> {
        let mut out = match self.gzip.as_mut() {
            Some(g) => g.inflate_all(chunk)?,
            None => chunk.to_vec(),
        };
        self.apply(&mut out);
        Ok(out)
    }

    /// Whatever the inflater still holds at the end of the file.
    pub fn finish(&mut self) -> Result<Vec<u8>, String> {
        let mut out = match self.gzip.as_mut() {
            Some(g) => g.finish()?,
            None => Vec::new(),
        };
        self.apply(&mut out);
        Ok(out)
    }

    fn apply(&mut self, out: &mut [u8]) {
        let (lo, hi) = (self.offset, self.offset.saturating_add(out.len() as u64));
        // Patches may overlap chunk boundaries; keep the first not yet fully behind us.
        while let Some(p) = self.patches.get(self.next) {
            if p.end <= lo {
                self.next = self.next.saturating_add(1);
            } else {
                break;
            }
        }
        for p in self.patches.get(self.next..).unwrap_or(&[]) {
            if p.start >= hi {
                break;
            }
            let (from, to) = (p.start.max(lo), p.end.min(hi));
            if let Some(bytes) = out.get_mut(from.saturating_sub(lo) as usize..to.saturating_sub(lo) as usize) {
                bytes.fill(p.fill);
            }
        }
        self.offset = hi;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn segment_patches_clip_to_the_segment() {
        let ranges = [(5, 10, b'*'), (12, 30, 0)];
        let mut out = Vec::new();
        patches_for_segment(&ranges, 8, 10, 1000, &mut out); // stream 8..18 at file 1000
        assert_eq!(
            out,
            [
                Patch {
                    start: 1000,
                    end: 1002,
                    fill: b'*'
                },
                Patch {
                    start: 1004,
                    end: 1010,
                    fill: 0
                }
            ]
        );
    }

    #[test]
    fn rewriter_applies_patches_across_chunks() {
        let data: Vec<u8> = (0..20).collect();
        let mut w = Rewriter::new(
            vec![
                Patch {
                    start: 3,
                    end: 8,
                    fill: 0xee,
                },
                Patch {
                    start: 15,
                    end: 16,
                    fill: 0,
                },
            ],
            false,
        );
        let mut out = Vec::new();
        for c in data.chunks(4) {
            out.extend(w.push(c).unwrap());
        }
        out.extend(w.finish().unwrap());
        let mut want = data.clone();
        want[3..8].fill(0xee);
        want[15] = 0;
        assert_eq!(out, want);
    }
}
