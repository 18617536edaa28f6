//! The second pass of a redaction ([`crate::redact`]): where the planned stream bytes of each
//! flow lie in the capture file. A payload is a slice of the record the capture reader handed
//! over, so its file offset is the record's plus its distance from the record's start; a
//! payload that came out of IP reassembly is not a slice of one record and cannot be mapped.

use crate::model::Direction;
use crate::redact::{patches_for_segment, Patch, RedactionPlan};

#[derive(Default)]
pub(super) struct Redaction {
    pub plan: RedactionPlan,
    pub patches: Vec<Patch>,
    /// Segments or datagrams with planned bytes that could not be mapped to the file.
    pub unmapped_segments: u64,
    current: RecordPlace,
}

/// Where the current record's bytes are in the file.
#[derive(Clone, Copy, Default)]
struct RecordPlace {
    file_offset: Option<u64>,
    data_addr: usize,
    data_len: usize,
}

impl Redaction {
    pub fn new(plan: RedactionPlan) -> Redaction {
        Redaction {
            plan,
            ..Redaction::default()
        }
    }

    /// The record now being analyzed: `data` is its captured bytes, at `file_offset` in the
    /// file when the reader knows it (not for gzip input).
    pub fn on_record(&mut self, file_offset: Option<u64>, data: &[u8]) {
        self.current = RecordPlace {
            file_offset,
            data_addr: data.as_ptr() as usize,
            data_len: data.len(),
        };
    }

    /// A payload of flow `flow`, direction `dir`, holding its stream bytes `pos..pos + len`.
    pub fn on_payload(&mut self, flow: u32, dir: Direction, pos: u64, payload: &[u8]) {
        let Some(ranges) = self.plan.ranges.get(&(flow, dir)) else {
            return;
        };
        let len = payload.len() as u64;
        let place = self.current;
        let addr = payload.as_ptr() as usize;
        // The payload is a slice of the record unless it came out of IP reassembly.
        let within = addr
            .checked_sub(place.data_addr)
            .filter(|at| at.saturating_add(payload.len()) <= place.data_len);
        match place.file_offset.zip(within) {
            Some((file, at)) => patches_for_segment(
                ranges,
                pos,
                len,
                file.saturating_add(at as u64),
                &mut self.patches,
            ),
            None => {
                let mut probe = Vec::new();
                patches_for_segment(ranges, pos, len, 0, &mut probe);
                if !probe.is_empty() {
                    self.unmapped_segments = self.unmapped_segments.saturating_add(1);
                }
            }
        }
    }
}
