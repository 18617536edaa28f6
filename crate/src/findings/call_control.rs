//! `CTI-CALL-CONTROL-EXPOSED` (medium): call-control requests in a plaintext CTIQBE session,
//! with the numbers they carry. Anyone on the path sees who calls whom and can inject the same
//! requests into the unauthenticated TCP stream (`ctiqbe-wire.md` §8.1.1 lists the layouts).

use std::collections::BTreeMap;

use super::Collector;
use super::ctx::{self, at_field, at_span, refs, Ctx, Draft};
use crate::model::{Direction, Message, Tag};
use crate::report::Severity;

/// Call-control requests (PDU, what the application did), ctiqbe-wire.md §7 and §8.1.1.
pub const CALL_CONTROL: &[(u32, &str)] = &[
    (43, "make call"),
    (50, "accept"),
    (52, "answer"),
    (54, "blind conference"),
    (56, "blind transfer"),
    (60, "complete conference"),
    (62, "complete transfer"),
    (64, "dial"),
    (66, "drop"),
    (68, "DTMF"),
    (74, "hold"),
    (76, "redirect/transfer"),
    (78, "retrieve"),
    (80, "set up conference"),
    (82, "set up transfer"),
    (121, "forward settings"),
    (141, "park"),
    (143, "unpark"),
    (172, "direct transfer"),
    (174, "join (conference)"),
    (228, "intercom talkback"),
    (252, "drop conference party"),
    (257, "pickup"),
];

pub fn verb(pdu: u32) -> Option<&'static str> {
    CALL_CONTROL
        .iter()
        .find(|(p, _)| *p == pdu)
        .map(|(_, v)| *v)
}

pub fn is_call_control(direction: Direction, pdu: u32) -> bool {
    direction == Direction::ToServer && verb(pdu).is_some()
}

/// CallPlayDtmfRequest digits as text: 0–9 as digits, 15 as `#` (the client's encoding of
/// `1234#` is 1,2,3,4,15); other codes in angle brackets.
pub fn dtmf_text(m: &Message) -> Option<String> {
    let digits = m.fields.get("dtmfDigits")?.as_array()?;
    Some(
        digits
            .iter()
            .map(|d| match d.as_u64() {
                Some(n @ 0..=9) => char::from(b'0'.saturating_add(n as u8)).to_string(),
                Some(15) => "#".into(),
                Some(n) => format!("<{n}>"),
                None => "?".into(),
            })
            .collect(),
    )
}

/// `1001 → 1002` for a call from one number to another, else `field value, …`.
fn describe(numbers: &[(String, String)]) -> String {
    let get = |k: &str| {
        numbers
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.as_str())
    };
    match (get("callingAddress"), get("destAddress")) {
        (Some(a), Some(b)) if numbers.len() == 2 => format!("{a} → {b}"),
        _ => numbers
            .iter()
            .map(|(f, v)| format!("{f} {v}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Evidence items per finding, and examples quoted per kind of request: a session of hours
/// sends thousands of requests, and the first ones show what the rest are.
const MAX_EVIDENCE: usize = 24;
const MAX_EXAMPLES: usize = 5;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx.plaintext_ctiqbe() {
        let mut evidence = Vec::new();
        // How many of each kind: from the store's entries, nothing decoded.
        let mut verbs: BTreeMap<&str, (u32, Vec<String>)> = BTreeMap::new();
        for (_, e) in cx
            .entries(s.id)
            .filter(|(_, e)| is_call_control(e.direction, e.pdu))
        {
            if let Some(v) = verb(e.pdu) {
                let entry = verbs.entry(v).or_default();
                entry.0 = entry.0.saturating_add(1);
            }
        }
        if !verbs.is_empty() && out.joins("CTI-CALL-CONTROL-EXPOSED", Severity::Medium, s) {
            continue; // the server's group already shows its first sessions
        }
        // Examples and evidence: decode requests in order until each kind has its examples.
        for (i, m) in cx.messages_where(s.id, |e| is_call_control(e.direction, e.pdu)) {
            if evidence.len() >= MAX_EVIDENCE
                && verbs
                    .values()
                    .all(|(n, nums)| nums.len() >= MAX_EXAMPLES.min(*n as usize))
            {
                break;
            }
            let m = &m;
            let Some(v) = verb(m.pdu) else { continue };
            let Some(entry) = verbs.get_mut(v) else {
                continue;
            };
            let mut numbers = Vec::new();
            for sp in &m.spans {
                if !matches!(
                    sp.tag,
                    Some(Tag::CallingNumber | Tag::CalledNumber | Tag::DirectoryNumber)
                ) {
                    continue;
                }
                if let Some(n) = ctx::span_value(m, sp) {
                    let field = sp.path.trim_end_matches("@data");
                    evidence.push(at_span(
                        i,
                        m,
                        sp,
                        &format!("{} {field}", m.name),
                        n.clone(),
                        false,
                    ));
                    numbers.push((field.to_string(), n));
                }
            }
            if let Some(d) = dtmf_text(m) {
                // DTMF may be a PIN or an account code: masked like a secret.
                let masked = ctx::mask(&d);
                evidence.push(at_field(
                    i,
                    m,
                    "dtmfDigits",
                    &format!("{} dtmfDigits", m.name),
                    format!("{masked} ({} digits)", d.chars().count()),
                    true,
                ));
                numbers.push(("digits".into(), masked));
            }
            if numbers.is_empty() {
                evidence.push(at_field(
                    i,
                    m,
                    "@header.pduId",
                    &m.name,
                    m.summary.clone(),
                    false,
                ));
                // A request without numbers is its own example (none to quote).
                entry.1.push(String::new());
            } else {
                entry.1.push(describe(&numbers));
            }
            evidence.truncate(MAX_EVIDENCE);
        }
        if verbs.is_empty() {
            continue;
        }
        let total: u32 = verbs.values().map(|(n, _)| *n).sum();
        let parts: Vec<String> = verbs
            .iter()
            .map(|(v, (n, nums))| {
                let nums: Vec<&str> = nums
                    .iter()
                    .take(MAX_EXAMPLES)
                    .map(String::as_str)
                    .filter(|d| !d.is_empty())
                    .collect();
                match (nums.len(), *n as usize) {
                    (0, _) => format!("{v} ×{n}"),
                    (shown, total) if shown == total => format!("{v} ×{n} ({})", nums.join(", ")),
                    _ => format!("{v} ×{n} (first: {})", nums.join(", ")),
                }
            })
            .collect();
        out.push(Draft {
            id: "CTI-CALL-CONTROL-EXPOSED",
            severity: Severity::Medium,
            title: format!("{total} call-control request{} in the clear ({} → {})", if total == 1 { "" } else { "s" }, s.client, s.server),
            detail: format!(
                "The application controlled calls over plaintext CTIQBE: {}. An on-path observer learns who called \
                 whom and the digits sent; an attacker who can reach or hijack the TCP connection can send the same \
                 requests (make calls, transfer or redirect them, send digits) as this application, because CTIQBE \
                 has no per-message authentication. DTMF digits are masked: they can be PINs or account codes.",
                parts.join("; ")
            ),
            session: Some(s.id),
            evidence,
            remediation: ctx::MOVE_TO_TLS,
            references: &[refs::SECURITY_GUIDE, refs::JTAPI_GUIDE, refs::ASA_CTIQBE],
        }
        .build());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_make_call_dtmf_drop_with_numbers() {
        let r = analyze(&capture(&[session(&SAMPLE_ALL)]));
        let f = only(&r, "CTI-CALL-CONTROL-EXPOSED");
        assert_eq!(f.severity, crate::report::Severity::Medium);
        assert!(
            f.detail.contains("make call ×1 (3001 → 915551234567)"),
            "{}",
            f.detail
        );
        assert!(f.detail.contains("DTMF ×1 (digits 1***#)"), "{}", f.detail);
        assert!(
            f.detail.contains("make call ×1 (3001 → 915551234567)"),
            "{}",
            f.detail
        );
        let dtmf = f
            .evidence
            .iter()
            .find(|e| e.label.contains("dtmf"))
            .unwrap();
        assert!(dtmf.masked && !dtmf.value.contains("234"));
        assert_spans_valid(&r, f);
    }

    #[test]
    fn many_requests_give_counts_and_the_first_examples_only() {
        let mut params = crate::synth::sample::SessionParams::sample();
        params.calls = (0..40).map(|i| format!("55{i:04}")).collect();
        let r = analyze(&capture(&[conv(crate::synth::sample::jtapi_session(
            &params,
        ))]));
        let f = only(&r, "CTI-CALL-CONTROL-EXPOSED");
        assert!(
            f.title.starts_with("120 call-control requests"),
            "{}",
            f.title
        );
        assert!(f.detail.contains("make call ×40 (first: 3001 → 550000, 3001 → 550001, 3001 → 550002, 3001 → 550003, 3001 → 550004)"), "{}", f.detail);
        assert!(
            f.detail.contains("drop ×40") && f.detail.contains("DTMF ×40 (first: digits 1***#"),
            "{}",
            f.detail
        );
        assert!(f.evidence.len() <= super::MAX_EVIDENCE);
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_no_call_requests() {
        let r = analyze(&capture(&[session(&SAMPLE_OPEN_ONLY)]));
        assert_absent(&r, "CTI-CALL-CONTROL-EXPOSED");
    }
}
