//! `CTI-SERVER-CLEARTEXT-SESSION` (high): a GED-188 (CTI Server) session. The protocol has no
//! encryption (no implementation found speaks TLS, spec §1), so every session is readable and
//! open to injection on the path. The detail says what this session exposed, counted from the
//! decoder's tagged spans; values of passwords and call data are left to their own rules.

use std::collections::BTreeMap;

use super::Collector;
use super::ctx::{self, at_span, refs, Ctx, Draft};
use crate::model::Tag;
use crate::report::Severity;
use crate::store::MessageStore;

/// What is counted, in the order the detail lists it; `true`: values shown as evidence.
const KINDS: &[(&str, &[Tag], bool)] = &[
    ("client/agent logins", &[Tag::Login], true),
    ("client signatures", &[Tag::ApplicationId], true),
    ("extensions and device ids", &[Tag::DirectoryNumber, Tag::DeviceName], true),
    ("passwords", &[Tag::Password], false),
    ("caller numbers (ANI, calling device)", &[Tag::CallingNumber], false),
    ("called/dialled numbers", &[Tag::CalledNumber], false),
    ("caller-entered digits", &[Tag::Dtmf], false),
    ("call/ECC variables and call data", &[Tag::CallData], false),
];
const MAX_EVIDENCE_PER_KIND: usize = 4;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for (s, info) in cx.ged188() {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut shown: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut evidence = Vec::new();
        for (i, m) in cx.messages_where(s.id, MessageStore::may_carry_tags) {
            for sp in &m.spans {
                let Some(tag) = sp.tag else { continue };
                let Some((kind, _, show)) = KINDS.iter().find(|(_, tags, _)| tags.contains(&tag)) else { continue };
                let Some(value) = ctx::span_value(&m, sp) else { continue };
                let n = counts.entry(kind).or_default();
                *n = n.saturating_add(1);
                let seen = shown.entry(kind).or_default();
                if *show && !seen.contains(&value) && seen.len() < MAX_EVIDENCE_PER_KIND {
                    evidence.push(at_span(i, &m, sp, &format!("{} ({})", sp.path, m.name), value.clone(), false));
                    seen.push(value);
                }
            }
        }
        if evidence.is_empty() {
            if let Some((i, m)) = cx.messages(s.id).next() {
                evidence.push(ctx::whole(i, &m, "first GED-188 message", m.summary.clone()));
            }
        }
        if evidence.is_empty() {
            continue;
        }
        let exposed: Vec<String> = KINDS
            .iter()
            .filter_map(|(kind, _, _)| counts.get(kind).map(|n| format!("{kind}: {n}")))
            .collect();
        let client = info.client_id.clone().unwrap_or_else(|| s.client.clone());
        out.push(
            Draft {
                id: "CTI-SERVER-CLEARTEXT-SESSION",
                severity: Severity::High,
                title: format!("CTI Server (GED-188) session in the clear: {client} ({} → {})", s.client, s.server),
                detail: format!(
                    "GED-188 has no encryption: this CTI Server session ({} messages, protocol version {}) is readable by \
                     anyone who can see the traffic, and an attacker on the path can inject agent and call control \
                     requests. Exposed values in this session — {}.",
                    info.messages,
                    info.version.map_or_else(|| "unknown".to_string(), |v| v.to_string()),
                    if exposed.is_empty() { "none tagged".to_string() } else { exposed.join("; ") }
                ),
                session: Some(s.id),
                evidence,
                remediation: "Keep CTI Server links on a dedicated, access-controlled network segment (the PG's \
                    private/CTI VLAN) or inside an encrypted tunnel (IPsec between the CTI clients and the PGs); allow \
                    TCP 42027/43027 (or the site's CTI ports) only from the known CTI clients; prefer CTI OS / Finesse \
                    (which can run over TLS) for agent desktops.",
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
    fn positive_every_ged188_session() {
        let r = analyze(&capture(&[ged188_session(20, b"S3cr3t\0", true)]));
        let f = only(&r, "CTI-SERVER-CLEARTEXT-SESSION");
        assert!(f.detail.contains("passwords: 1"), "{}", f.detail);
        assert!(f.evidence.iter().any(|e| e.value == "desk01"));
        assert!(f.evidence.iter().all(|e| !e.value.contains("S3cr3t")));
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_ctiqbe_only() {
        let r = analyze(&capture(&[session(&SAMPLE_ALL)]));
        assert_absent(&r, "CTI-SERVER-CLEARTEXT-SESSION");
    }
}
