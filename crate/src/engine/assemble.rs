//! The end of an analysis: every flow closed, the counters summed, the caps that were reached
//! listed, and the report assembled for the findings.

use std::collections::BTreeMap;

use super::pipeline::Pipeline;
use crate::capture::{linktype, Format};
use crate::model::{ns_to_secs, EventKind};
use crate::net::link;
use crate::proto::PacketCtx;
use crate::report::{self, LimitHit, Report};

/// What the report says of the input file(s), besides what the pipeline counted.
pub(super) struct Input {
    pub format: Option<Format>,
    pub compressed: bool,
    pub warnings: Vec<String>,
    pub file_bytes: u64,
    /// Several files merged: each one (empty for one file).
    pub files: Vec<report::FileSummary>,
}

/// The report's counts of packets per link type.
pub(super) fn link_type_counts(counts: &BTreeMap<u32, u64>) -> Vec<report::LinkTypeCount> {
    counts
        .iter()
        .map(|(&lt, &n)| report::LinkTypeCount {
            linktype: lt,
            name: linktype::name(lt),
            packets: n,
            decoded: link::is_supported(lt),
        })
        .collect()
}

impl Pipeline {
    pub fn into_report(mut self, input: Input) -> Report {
        let last = PacketCtx {
            frame: self.packets,
            ts_ns: self.last_ts.unwrap_or(0),
            wire_len: 0,
        };
        for idx in 0..self.flows.len() {
            self.close_flow(idx, &last);
        }
        // The last frame's messages (flows flushed at the end) take their final order, then
        // every flow still held is retired as the last batch (sessions linked there).
        self.messages.sort();
        self.retire_rest();
        self.stats.ip_datagrams_reassembled = self.defrag.reassembled;
        self.stats.ip_fragments_dropped = self.defrag.dropped;
        let mut limits = self.limit_hits();
        let (max_runs, unmapped) = self.messages.sources().unmapped();
        if unmapped > 0 {
            limits.push(LimitHit {
                limit: "max_source_runs".to_string(),
                value: max_runs as u64,
                count: unmapped,
                detail: format!(
                    "{unmapped} frames of the merged capture have no source file and frame (the files interleave too often to map them all)"
                ),
            });
        }
        let mut done = std::mem::take(&mut self.retirement.done);
        // Flows and sessions in id order (they retired in the order their flows ended).
        done.flows.sort_by_key(|f| f.id);
        done.sessions.sort_by_key(|s| s.id);
        // Calls across protocols: the ones still open end with the capture.
        let (rest, call_limits) = self.retirement.calls.finish();
        let mut calls = std::mem::take(&mut done.calls);
        calls.extend(rest);
        limits.extend(call_limits);
        let mut warnings: Vec<String> = input.warnings;
        for lh in &limits {
            warnings.push(format!(
                "limit reached ({}={}): {}",
                lh.limit, lh.value, lh.detail
            ));
        }
        let messages = self.messages;
        let report = Report {
            schema_version: report::SCHEMA_VERSION,
            tool: report::Tool::default(),
            capture: report::CaptureSummary {
                format: input.format,
                compressed: input.compressed,
                packets: self.packets,
                bytes: self.bytes,
                captured_bytes: self.captured_bytes,
                file_bytes: input.file_bytes,
                link_types: link_type_counts(&self.link_types),
                first_time: self.first_ts.map(ns_to_secs),
                last_time: self.last_ts.map(ns_to_secs),
                warnings,
                not_decoded: self
                    .not_decoded
                    .into_iter()
                    .map(|(reason, packets)| report::ReasonCount { reason, packets })
                    .collect(),
                files: input.files,
            },
            flows: done.flows,
            sessions: done.sessions,
            messages,
            findings: Vec::new(),
            inventory: Default::default(),
            events: self.events,
            limits,
            stats: self.stats,
            calls,
        };
        let mut report = report;
        let (findings, inventory, hits) = self.retirement.findings.finish(&report.messages);
        report.findings = findings;
        report.inventory = inventory;
        crate::findings::add_limits(&mut report, hits);
        let sources = report.messages.sources();
        if !sources.is_empty() {
            for f in &mut report.findings {
                f.sources = f
                    .frames
                    .iter()
                    .filter_map(|&frame| {
                        sources.get(frame).map(|source| report::FrameSource { frame, source })
                    })
                    .collect();
            }
        }
        report
    }

    /// Every cap that was reached: the engine's own, then each decoder's (its `*.limit` events).
    fn limit_hits(&self) -> Vec<LimitHit> {
        let mut limits = Vec::new();
        let l = &self.limits;
        let mut hit = |limit: &str, value: usize, count: u64, detail: String| {
            if count > 0 {
                limits.push(LimitHit {
                    limit: limit.to_string(),
                    value: value as u64,
                    count,
                    detail,
                });
            }
        };
        let not_tracked = self.flows.not_tracked;
        hit("max_flows", l.max_flows, not_tracked, format!(
            "truncated: the flow table is full; {not_tracked} packets of later flows were counted but not analyzed"));
        hit(
            "max_buffered_per_direction",
            l.max_buffered_per_direction,
            self.gap_limit_hits,
            "out-of-order data exceeded the per-direction buffer; the hole was declared a gap"
                .into(),
        );
        let by_memory = self.message_memory.saturating_add(4096) > l.max_message_memory;
        let (name, cap) = if by_memory {
            ("max_message_memory", l.max_message_memory)
        } else {
            ("max_messages_kept", l.max_messages_kept)
        };
        hit(
            name,
            cap,
            self.messages_not_kept,
            format!(
                "{} decoded messages were counted in their sessions but not kept in the report",
                self.messages_not_kept
            ),
        );
        hit(
            "max_events_kept",
            l.max_events_kept,
            self.events_not_kept,
            format!(
                "{} decoding events were counted but not kept",
                self.events_not_kept
            ),
        );
        hit(
            "max_pending_fragments",
            l.max_pending_fragments,
            self.defrag.dropped,
            format!(
                "{} fragmented IP datagrams were dropped before completion",
                self.defrag.dropped
            ),
        );
        // Decoders report their own caps (array elements, tracked requests...) as `*.limit` events.
        let mut decoder_limits: BTreeMap<EventKind, (u64, &str)> = BTreeMap::new();
        for e in self.events.iter().filter(|e| e.kind.is_limit()) {
            let entry = decoder_limits
                .entry(e.kind)
                .or_insert((0, e.detail.as_str()));
            entry.0 = entry.0.saturating_add(1);
        }
        let mut by_name: Vec<(&str, (u64, &str))> = decoder_limits
            .into_iter()
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        by_name.sort_by(|a, b| a.0.cmp(b.0));
        for (kind, (count, first)) in by_name {
            limits.push(LimitHit {
                limit: kind.to_string(),
                value: 0,
                count,
                detail: format!("first: {first}"),
            });
        }
        limits
    }
}
