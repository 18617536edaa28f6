//! `CTI-CLEARTEXT-SESSION` (high): a CTIQBE session on a plaintext channel (TCP 2748, or any
//! port where CTIQBE was detected). The detail lists what this session exposed, from the
//! decoder's tagged spans: logins, application ids, versions, device names, directory numbers,
//! calling/called numbers, addresses, and how many call-control commands it carried; and it
//! says what ctiqbe-wire-2 §9.5 showed: the client accepts unsolicited server messages as the
//! truth about devices and calls, so anyone on the path can inject state.

use std::collections::BTreeMap;

use super::call_control::is_call_control;
use super::Collector;
use super::ctx::{self, at_span, refs, Ctx, Draft};
use crate::model::Tag;
use crate::report::{Evidence, Severity};
use crate::store::MessageStore;

/// Evidence items kept per kind of value (every distinct value is still counted).
const MAX_EVIDENCE_PER_KIND: usize = 8;

/// What is reported, in the order the detail lists it.
const KINDS: &[(&str, &[Tag])] = &[
    ("login names", &[Tag::Login]),
    ("application ids", &[Tag::ApplicationId]),
    ("client/server versions", &[Tag::Version]),
    ("device names", &[Tag::DeviceName]),
    ("directory numbers", &[Tag::DirectoryNumber]),
    ("partitions", &[Tag::Partition]),
    (
        "calling/called numbers",
        &[Tag::CallingNumber, Tag::CalledNumber],
    ),
    (
        "IP addresses and ports (device, RTP)",
        &[Tag::IpAddress, Tag::Port],
    ),
];

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx.plaintext_ctiqbe() {
        if cx.entries(s.id).next().is_none() {
            continue; // nothing decoded: CTI-PORT-MISUSE speaks for such a flow
        }
        if out.joins("CTI-CLEARTEXT-SESSION", Severity::High, s) {
            continue; // the server's group already shows its first sessions
        }
        let mut seen: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut evidence: Vec<Evidence> = Vec::new();
        let call_control = cx
            .entries(s.id)
            .filter(|(_, e)| is_call_control(e.direction, e.pdu))
            .count() as u32;
        // Only messages whose layout has a tagged field can expose a value.
        for (i, m) in cx.messages_where(s.id, MessageStore::may_carry_tags) {
            let m = &m;
            for sp in &m.spans {
                let Some(tag) = sp.tag else { continue };
                let Some((kind, _)) = KINDS.iter().find(|(_, tags)| tags.contains(&tag)) else {
                    continue;
                };
                let Some(value) = ctx::span_value(m, sp) else {
                    continue;
                };
                let values = seen.entry(kind).or_default();
                if values.contains(&value) {
                    continue;
                }
                if values.len() < MAX_EVIDENCE_PER_KIND {
                    let label = format!("{} ({})", sp.path.trim_end_matches("@data"), m.name);
                    evidence.push(at_span(i, m, sp, &label, value.clone(), false));
                }
                values.push(value);
            }
        }
        let mut exposed: Vec<String> = KINDS
            .iter()
            .filter_map(|(kind, _)| {
                seen.get(kind)
                    .map(|v| format!("{kind}: {}", ctx::list(v, 6)))
            })
            .collect();
        exposed.push(format!("call-control commands: {call_control}"));
        let first = cx.messages(s.id).next();
        let first = first.as_ref().map(|(i, m)| (*i, m));
        if evidence.is_empty() {
            if let Some((i, m)) = first {
                evidence.push(ctx::whole(i, m, "first CTIQBE message", m.summary.clone()));
            }
        }
        out.push(Draft {
            id: "CTI-CLEARTEXT-SESSION",
            severity: Severity::High,
            title: format!("CTIQBE session in the clear: {} → {}", s.client, s.server),
            detail: format!(
                "This CTI Manager session is not encrypted, so anyone who can see the traffic reads it and an \
                 attacker on the path can change or inject commands. The client also builds its view of devices, \
                 lines and calls from unsolicited server messages (registrations, new calls, media events) that \
                 nothing authenticates, so whoever is on the path can inject that state too. Exposed in this session — {}.",
                exposed.join("; ")
            ),
            session: Some(s.id),
            evidence,
            remediation: ctx::MOVE_TO_TLS,
            references: &[refs::SECURITY_GUIDE, refs::JTAPI_GUIDE, refs::TAPI_SRTP, refs::ASA_CTIQBE],
        }
        .build());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_lists_what_was_exposed() {
        let r = analyze(&capture(&[session(&SAMPLE_ALL)]));
        let f = only(&r, "CTI-CLEARTEXT-SESSION");
        assert_eq!(f.severity, crate::report::Severity::High);
        for want in [
            "login names: ivr_jtapi",
            "application ids: IVR-Main@ivr01",
            "device names: SEP00AABBCCDDEE",
            "directory numbers: 3001",
            "915551234567",
            "call-control commands: 3",
            "unsolicited server messages",
        ] {
            assert!(f.detail.contains(want), "{want} missing in {}", f.detail);
        }
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_tls_on_2749_is_not_cleartext() {
        let r = analyze(&tls_capture(&TLS13_GOOD));
        assert_absent(&r, "CTI-CLEARTEXT-SESSION");
    }
}
