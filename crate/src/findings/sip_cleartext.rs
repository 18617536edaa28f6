//! `SIP-CLEARTEXT-SIGNALLING` (medium): SIP over a plaintext transport (UDP or TCP, any port
//! where SIP was found), listing what it exposed from the decoder's tagged spans: numbers, names,
//! user agents, digest user names and realms, media addresses. One finding per SIP server
//! (`ip:port`), however many flows and dialogs reached it; a flow that exposed nothing tagged
//! (a bare OPTIONS ping between two addresses) gives none.

use std::collections::BTreeMap;

use super::Collector;
use super::ctx::{self, at_span, Ctx, Draft};
use crate::model::{Protocol, Tag};
use crate::report::{Evidence, Session, Severity};

/// Evidence items kept per kind of value (every distinct value is still counted).
const MAX_EVIDENCE_PER_KIND: usize = 4;
/// Messages per server read for the survey; beyond it the counts say "at least".
const MAX_MESSAGES_READ: usize = 5000;

/// What is reported, in the order the detail lists it.
const KINDS: &[(&str, &[Tag])] = &[
    (
        "calling/called numbers",
        &[Tag::CallingNumber, Tag::CalledNumber],
    ),
    ("directory numbers", &[Tag::DirectoryNumber]),
    ("display names", &[Tag::DisplayName]),
    ("user agents", &[Tag::UserAgent]),
    ("digest user names", &[Tag::Login]),
    ("digest realms", &[Tag::Realm]),
    ("media addresses and ports", &[Tag::IpAddress, Tag::Port]),
];

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    let mut by_server: BTreeMap<&str, Vec<&Session>> = BTreeMap::new();
    for s in cx
        .report
        .sessions
        .iter()
        .filter(|s| s.protocol == Protocol::Sip && !s.encrypted)
    {
        by_server.entry(s.server.as_str()).or_default().push(s);
    }
    for (server, sessions) in by_server {
        let mut seen: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut read = 0usize;
        let mut messages = 0u64;
        let mut clients: Vec<&str> = Vec::new();
        for s in &sessions {
            messages = messages.saturating_add(s.messages);
            if !clients.contains(&s.client.as_str()) {
                clients.push(&s.client);
            }
            for (i, m) in cx.messages(s.id) {
                if read >= MAX_MESSAGES_READ {
                    break;
                }
                read = read.saturating_add(1);
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
                        evidence.push(at_span(
                            i,
                            m,
                            sp,
                            &format!("{} ({})", sp.path, m.name),
                            value.clone(),
                            false,
                        ));
                    }
                    values.push(value);
                }
            }
        }
        if seen.is_empty() {
            continue;
        }
        let partial = if read >= MAX_MESSAGES_READ {
            " (from the first 5000 messages)"
        } else {
            ""
        };
        let exposed: Vec<String> = KINDS
            .iter()
            .filter_map(|(kind, _)| {
                seen.get(kind)
                    .map(|v| format!("{kind}: {}", ctx::list(v, 6)))
            })
            .collect();
        let transport = sessions.first().map_or("", |s| match s.transport {
            crate::report::Transport::Udp => "UDP",
            crate::report::Transport::Tcp => "TCP",
        });
        out.push(Draft {
            id: "SIP-CLEARTEXT-SIGNALLING",
            severity: Severity::Medium,
            title: format!("SIP signalling in the clear to {server} ({transport})"),
            detail: format!(
                "{messages} SIP message(s) in {} session(s) from {} client address(es) reached {server} without \
                 encryption, so anyone on the path reads who calls whom and with what, and can forge or alter \
                 requests (no integrity either). Exposed{partial} — {}.",
                sessions.len(),
                clients.len(),
                exposed.join("; ")
            ),
            session: sessions.first().map(|s| s.id),
            evidence,
            remediation: "Move phones and trunks to SIP over TLS (TCP 5061): on CUCM, mixed mode with \
                encrypted phone security profiles and TLS SIP trunk security profiles; on other proxies, a \
                TLS listener and sips: URIs. Where plaintext must remain, keep it on an isolated voice VLAN.",
            references: &[super::ctx::refs::RFC_3261, super::ctx::refs::CUCM_SIP_SECURITY],
        }
        .build()
        .covering(sessions.iter().map(|s| s.id).collect())
        .about(transport));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::synth::pcap::{write_pcap, PcapOptions};
    use crate::synth::sip::{invite_call, options, udp_capture};

    #[test]
    fn positive_one_finding_per_server_whatever_the_dialogs() {
        let mut msgs = invite_call("c1", 200, true, false);
        msgs.extend(invite_call("c2", 486, false, false));
        msgs.extend(invite_call("c3", 200, true, false));
        let r = analyze(&udp_capture(
            &msgs,
            "10.0.0.5:5060",
            "10.0.0.1:5060",
            START_S * 1_000_000_000,
        ));
        assert_eq!(r.sessions.len(), 3);
        let f = only(&r, "SIP-CLEARTEXT-SIGNALLING");
        for want in [
            "1001",
            "2001",
            "Alice Example",
            "Cisco-CP8865/14.1.1",
            "10.0.0.5",
        ] {
            assert!(f.detail.contains(want), "{want} missing in {}", f.detail);
        }
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_bare_options_ping_exposes_nothing() {
        let r = analyze(&udp_capture(
            &options("ping-1"),
            "10.0.0.5:5060",
            "10.0.0.1:5060",
            START_S * 1_000_000_000,
        ));
        assert_eq!(r.sessions.len(), 1);
        assert_absent(&r, "SIP-CLEARTEXT-SIGNALLING");
        let empty = write_pcap(1, &[], PcapOptions::default());
        assert_absent(&analyze(&empty), "SIP-CLEARTEXT-SIGNALLING");
    }
}
