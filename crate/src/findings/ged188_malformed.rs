//! `CTI-SERVER-MALFORMED` (high): GED-188 messages that break the protocol's rules (spec §14):
//! MessageLengths out of bounds, floating fields running past their message, fixed parts
//! shorter than their layout, the all-zero pseudo-frame, unknown message types, bytes skipped
//! to find the next header. One finding per session with the count and the first reasons.
//! Not counted: TCP gaps (capture loss) and messages cut by the end of the capture.

use super::Collector;
use super::ctx::{self, refs, Ctx, Draft};
use crate::report::Severity;

const KINDS: &[&str] = &[
    "ged188.bad_length",
    "ged188.bad_floating_field",
    "ged188.truncated",
    "ged188.zero_frame",
    "ged188.unknown_type",
    "ged188.resync",
];
const MAX_EVIDENCE: usize = 10;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for (s, _) in cx.ged188() {
        let events: Vec<_> = cx
            .report
            .events
            .iter()
            .filter(|e| e.session == s.id && KINDS.contains(&e.kind.as_str()))
            // A message cut by the end of the capture is capture loss, not a malformed message.
            .filter(|e| !(e.kind == "ged188.truncated" && e.detail.starts_with("stream ended")))
            .collect();
        if events.is_empty() {
            continue;
        }
        let mut evidence = Vec::new();
        for (i, e) in cx.entries(s.id).filter(|(_, e)| e.has_errors).take(MAX_EVIDENCE) {
            let name = e.name(cx.report.messages).into_owned();
            evidence.push(ctx::whole_entry(i, &e, &format!("malformed {name}"), format!("frame {}", e.frame)));
        }
        for e in events.iter().filter(|e| e.kind == "ged188.resync").take(MAX_EVIDENCE.saturating_sub(evidence.len())) {
            evidence.push(ctx::at_frame(e.frame, e.kind.as_str(), e.detail.clone()));
        }
        if evidence.is_empty() {
            continue;
        }
        let reasons: Vec<String> = events.iter().take(3).map(|e| format!("{} (frame {}): {}", e.kind, e.frame, e.detail)).collect();
        out.push(
            Draft {
                id: "CTI-SERVER-MALFORMED",
                severity: Severity::High,
                title: format!("{} malformed GED-188 message(s) ({} → {})", events.len(), s.client, s.server),
                detail: format!(
                    "Messages on this CTI Server link break the GED-188 framing or layouts: a buggy CTI client or \
                     server, a version mismatch, or crafted traffic aimed at the CTI Server. First: {}.",
                    reasons.join("; ")
                ),
                session: Some(s.id),
                evidence,
                remediation: "Identify the sending application (the session's client/server) and its GED-188 library \
                    version; fix or replace it, and check that its protocol version matches what the CTI Server \
                    accepts. Unexpected senders should not reach the CTI Server port at all.",
                references: &[refs::CTI_SERVER_GUIDE, refs::GED188_SPEC],
            }
            .build(),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_zero_frame_and_overrun() {
        let r = analyze(&capture(&[ged188_malformed_session()]));
        let f = only(&r, "CTI-SERVER-MALFORMED");
        assert!(f.title.starts_with("2 malformed"), "{}", f.title);
        assert_eq!(f.evidence.len(), 2);
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_clean_session() {
        let r = analyze(&capture(&[ged188_session(20, b"pw\0", true)]));
        assert_absent(&r, "CTI-SERVER-MALFORMED");
    }
}
