//! `SIP-CLEARTEXT-SIGNALLING` (medium): SIP over a plaintext transport (UDP or TCP, any port
//! where SIP was found), listing what it exposed from the decoder's tagged spans: numbers, names,
//! user agents, digest user names and realms, media addresses. One finding per SIP server
//! (`ip:port`), however many flows and dialogs reached it; a flow that exposed nothing tagged
//! (a bare OPTIONS ping between two addresses) gives none.

use std::collections::{BTreeMap, HashSet};

use super::Collector;
use super::ctx::{self, at_span, Ctx, Draft};
use crate::model::{Protocol, Tag};
use crate::report::{Evidence, Severity};

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

const ID: &str = "SIP-CLEARTEXT-SIGNALLING";

/// What a server's finding will say, gathered batch by batch.
#[derive(Default)]
struct Server {
    first_session: Option<u32>,
    /// The transport of its first session (`UDP`, `TCP`): part of the group's key.
    transport: &'static str,
    sessions: usize,
    messages: u64,
    /// Distinct client addresses, by hash.
    clients: HashSet<u64>,
    /// Messages read so far (the survey stops at [`MAX_MESSAGES_READ`]).
    read: usize,
    seen: BTreeMap<&'static str, Vec<String>>,
    evidence: Vec<Evidence>,
}

/// One finding per SIP server, over every batch.
#[derive(Default)]
pub struct Rule {
    servers: BTreeMap<String, Server>,
}

impl super::Rule for Rule {
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>) {
        for s in cx
            .report
            .sessions
            .iter()
            .filter(|s| s.protocol == Protocol::Sip && !s.encrypted)
        {
            let server = self.servers.entry(s.server.clone()).or_default();
            if server.first_session.is_none() {
                server.first_session = Some(s.id);
                server.transport = match s.transport {
                    crate::report::Transport::Udp => "UDP",
                    crate::report::Transport::Tcp => "TCP",
                };
            }
            out.tally(ID, Severity::Medium, &s.server, server.transport, s);
            server.sessions = server.sessions.saturating_add(1);
            server.messages = server.messages.saturating_add(s.messages);
            server.clients.insert(super::hash_of(&s.client));
            for (i, m) in cx.messages(s.id) {
                if server.read >= MAX_MESSAGES_READ {
                    break;
                }
                server.read = server.read.saturating_add(1);
                let m = &m;
                for sp in &m.spans {
                    let Some(tag) = sp.tag else { continue };
                    let Some((kind, _)) = KINDS.iter().find(|(_, tags)| tags.contains(&tag)) else {
                        continue;
                    };
                    let Some(value) = ctx::span_value(m, sp) else {
                        continue;
                    };
                    let values = server.seen.entry(kind).or_default();
                    if values.contains(&value) {
                        continue;
                    }
                    if values.len() < MAX_EVIDENCE_PER_KIND {
                        server.evidence.push(at_span(
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
    }

    fn finish(&mut self, out: &mut Collector<'_>) {
        for (server, seen) in std::mem::take(&mut self.servers) {
            if seen.seen.is_empty() {
                continue;
            }
            let partial = if seen.read >= MAX_MESSAGES_READ {
                " (from the first 5000 messages)"
            } else {
                ""
            };
            let exposed: Vec<String> = KINDS
                .iter()
                .filter_map(|(kind, _)| {
                    seen.seen.get(kind)
                        .map(|v| format!("{kind}: {}", ctx::list(v, 6)))
                })
                .collect();
            let transport = seen.transport;
            let mut f = Draft {
                id: ID,
                severity: Severity::Medium,
                title: format!("SIP signalling in the clear to {server} ({transport})"),
                detail: format!(
                    "{} SIP message(s) in {} session(s) from {} client address(es) reached {server} without \
                     encryption, so anyone on the path reads who calls whom and with what, and can forge or alter \
                     requests (no integrity either). Exposed{partial} — {}.",
                    seen.messages,
                    seen.sessions,
                    seen.clients.len(),
                    exposed.join("; ")
                ),
                session: seen.first_session,
                evidence: seen.evidence,
                remediation: "Move phones and trunks to SIP over TLS (TCP 5061): on CUCM, mixed mode with \
                    encrypted phone security profiles and TLS SIP trunk security profiles; on other proxies, a \
                    TLS listener and sips: URIs. Where plaintext must remain, keep it on an isolated voice VLAN.",
                references: &[super::ctx::refs::RFC_3261, super::ctx::refs::CUCM_SIP_SECURITY],
            }
            .build()
            .about(transport);
            f.server = Some(server);
            out.push(f);
        }
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
