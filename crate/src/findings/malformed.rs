//! `CTI-MALFORMED`: CTIQBE frames that break the framing rules (bad magic cookie, offsets or
//! lengths out of bounds, oversized messages, unknown PDU numbers, bad booleans, bytes skipped to
//! find the next header) — the decoder's events, one finding per session with a count and the
//! first reasons.
//! * high when frames sent *to CTI Manager* are malformed: CTI Manager's own malformed-input
//!   alarms and two DoS CVEs concern exactly that; several from one source within
//!   [`BURST_WINDOW_S`] are called out as consistent with CVE-2008-2061 / CVE-2010-0592;
//! * high as well when only the server's frames are malformed (a non-conformant or impostor
//!   server; the JTAPI client reads stale buffer bytes for such references, `ctiqbe-wire.md` §3),
//!   with the detail saying so: the rule's severity is the issue's, whatever the direction.
//!
//! Not counted: TCP gaps (capture loss), frames cut by the end of the capture, limits.

use std::collections::BTreeMap;

use super::Collector;
use super::ctx::{self, refs, Ctx, Draft};
use crate::model::{Direction, Event};
use crate::report::Severity;

const KINDS: &[&str] = &[
    "ctiqbe.bad_magic",
    "ctiqbe.bad_offset",
    "ctiqbe.oversized",
    "ctiqbe.length_mismatch",
    "ctiqbe.out_of_frame_reference",
    "ctiqbe.unknown_pdu",
    "ctiqbe.bad_boolean",
    "ctiqbe.resync",
];
/// Reasons quoted in the detail.
const MAX_REASONS: usize = 3;
/// Evidence items per finding.
const MAX_EVIDENCE: usize = 10;
/// "Several in a short time from one source": this many malformed client frames…
const BURST_COUNT: usize = 5;
/// …within this many seconds.
const BURST_WINDOW_S: f64 = 60.0;

fn time_of(cx: &Ctx<'_>, frame: u64) -> Option<f64> {
    // Events carry frames; the capture's messages carry times. The nearest message at or before
    // the frame dates it closely enough for a one-minute window.
    let store = cx.report.messages;
    let i = store.first_at_or_after(frame.saturating_add(1));
    store.entry(i.checked_sub(1)?).map(|e| e.time())
}

/// Malformed client→server frames' times per client host, over the batches so far (as many
/// as the kept events at most): a session's burst may be spread over several sessions.
#[derive(Default)]
pub struct Rule {
    bursts: BTreeMap<String, Vec<f64>>,
}

impl super::Rule for Rule {
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>) {
        check(cx, out, &mut self.bursts);
    }
}

fn check(cx: &Ctx<'_>, out: &mut Collector<'_>, bursts: &mut BTreeMap<String, Vec<f64>>) {
    let mut by_session: BTreeMap<u32, Vec<&Event>> = BTreeMap::new();
    for e in cx.report.events {
        if KINDS.contains(&e.kind.as_str()) {
            by_session.entry(e.session).or_default().push(e);
        }
    }
    // Malformed client→server events per client host, for the DoS pattern.
    for s in cx.plaintext_ctiqbe() {
        for e in by_session.get(&s.id).into_iter().flatten() {
            if e.direction == Some(Direction::ToServer) {
                if let Some(t) = time_of(cx, e.frame) {
                    let host = ctx::host(&s.client);
                    match bursts.get_mut(host) {
                        Some(ts) => ts.push(t),
                        None => {
                            bursts.insert(host.to_string(), vec![t]);
                        }
                    }
                }
            }
        }
    }
    let dos = |host: &str| {
        bursts.get(host).is_some_and(|ts| {
            let mut ts = ts.clone();
            ts.sort_by(f64::total_cmp);
            ts.windows(BURST_COUNT)
                .any(|w| match (w.first(), w.last()) {
                    (Some(a), Some(b)) => b - a <= BURST_WINDOW_S,
                    _ => false,
                })
        })
    };
    for s in cx.plaintext_ctiqbe() {
        let Some(events) = by_session.get(&s.id) else {
            continue;
        };
        if cx.entries(s.id).next().is_none() {
            continue; // nothing decoded at all: not CTIQBE, CTI-PORT-MISUSE reports it
        }
        let to_server = events
            .iter()
            .filter(|e| e.direction == Some(Direction::ToServer))
            .count();
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for e in events {
            {
                let n = kinds
                    .entry(e.kind.as_str().trim_start_matches("ctiqbe."))
                    .or_default();
                *n = n.saturating_add(1);
            }
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
        let reasons: Vec<String> = events
            .iter()
            .take(MAX_REASONS)
            .map(|e| format!("frame {}: {}", e.frame, e.detail))
            .collect();
        let evidence = events
            .iter()
            .take(MAX_EVIDENCE)
            .map(|e| {
                let (frame, direction) = (e.frame, e.direction);
                // The entry is enough: the evidence names the message, it does not quote it.
                let msg = cx.entries(s.id).find(|(_, m)| {
                    m.frame == frame && Some(m.direction) == direction && m.has_errors
                });
                match msg {
                    Some((i, m)) => ctx::whole_entry(i, &m, e.kind.as_str(), e.detail.clone()),
                    None => ctx::at_frame(e.frame, e.kind.as_str(), e.detail.clone()),
                }
            })
            .collect();
        let burst = to_server > 0 && dos(ctx::host(&s.client));
        let (severity, who) = if to_server > 0 {
            (
                Severity::High,
                format!(
                    "{to_server} of them sent by the client {} to CTI Manager",
                    s.client
                ),
            )
        } else {
            // Still high: a peer that emits frames breaking the framing rules is not a CTI
            // Manager behaving as one should, and the frames are what crashed CTI Manager before.
            (
                Severity::High,
                format!("all sent by the server {} to the client", s.server),
            )
        };
        out.push(Draft {
            id: "CTI-MALFORMED",
            severity,
            title: format!("{} malformed CTIQBE frame{} ({} → {})", events.len(), if events.len() == 1 { "" } else { "s" }, s.client, s.server),
            detail: format!(
                "{} framing problems in this session ({}), {who}: {}.{}{}",
                events.len(),
                kinds.join(", "),
                reasons.join("; "),
                if to_server > 0 {
                    " CTI Manager rejects such frames with UC_CTI alarms (kCtiIllegalQbeHeader, \
                     kCtiInvalidQbeSizeAndOffsets, InvalidQBEMessage...); older releases crashed on malformed input."
                } else {
                    " A real CTI Manager should not send these: a non-conformant or impostor server, whose \
                     references past the frame make the JTAPI client read stale bytes of its receive buffer."
                },
                if burst {
                    format!(" Several malformed frames from {} within {BURST_WINDOW_S} s: consistent with the \
                        malformed-traffic DoS class of CVE-2008-2061 / CVE-2010-0592.", ctx::host(&s.client))
                } else {
                    String::new()
                }
            ),
            session: Some(s.id),
            evidence,
            remediation: "Identify the sender: if it is not a known CTI application or CTI Manager, block it; keep \
                CTI Manager patched (CVE-2008-2061 and CVE-2010-0592 are fixed in supported releases); check the \
                CUCM UC_CTI alarms of the time; restrict TCP 2748/2749 with an ACL to the application servers.",
            references: &[refs::CVE_2008_2061, refs::CVE_2010_0592, refs::ALARMS],
        }
        .build());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::report::Severity;

    #[test]
    fn positive_bad_magic_from_the_client_burst_mentions_the_cves() {
        let r = analyze(&capture(&[with_garbage_frames(6)]));
        let f = only(&r, "CTI-MALFORMED");
        assert_eq!(f.severity, Severity::High);
        assert!(f.detail.contains("bad_magic"), "{}", f.detail);
        assert!(f.detail.contains("CVE-2008-2061"), "{}", f.detail);
        let one = analyze(&capture(&[with_garbage_frames(1)]));
        assert!(!only(&one, "CTI-MALFORMED")
            .detail
            .contains("consistent with"));
    }

    #[test]
    fn negative_clean_session() {
        let r = analyze(&capture(&[session(&SAMPLE_ALL)]));
        assert_absent(&r, "CTI-MALFORMED");
    }
}
