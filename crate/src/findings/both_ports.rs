//! `CTI-2748-AND-2749` (medium / info): the same CTI Manager answers on both the plaintext
//! (2748) and the TLS (2749) port (medium: plaintext is still allowed), or the same client uses
//! both ports while the server answered only on one (info: the client still tries plaintext).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{Collector, Counted};
use super::ctx::{self, refs, Ctx, Draft};
use crate::proto::detect::{PORT_CTIQBE, PORT_CTIQBE_TLS};
use crate::report::{Evidence, FlowSummary, Severity, Transport};

const ID: &str = "CTI-2748-AND-2749";
/// Flows quoted as evidence per port.
const EVIDENCE_FLOWS: usize = 6;

/// Client hosts followed for the client's own finding (a few hundred bytes each): CTI clients
/// are a site's application servers and agent PCs; beyond this many distinct hosts, later
/// ones are not followed (they still count for their server).
const MAX_CLIENTS: usize = 10_000;
/// Client hosts named per port in a server's finding (all are counted).
const NAMED_CLIENTS: usize = 5;

/// One port's flows of a server or a client, so far.
#[derive(Default)]
struct Port {
    flows: usize,
    evidence: Vec<Evidence>,
    /// A server's client hosts: counted by hash, the first ones in sort order named (what the
    /// finding lists).
    clients: HashSet<u64>,
    named: BTreeSet<String>,
    /// The first flow's session, with its server.
    first_session: Option<(u32, String)>,
}

impl Port {
    fn add(&mut self, f: &FlowSummary, server: Option<&str>) {
        self.flows = self.flows.saturating_add(1);
        if self.evidence.len() < EVIDENCE_FLOWS {
            self.evidence.push(evidence(f));
        }
        if self.flows == 1 {
            self.first_session = f.session.zip(server.map(str::to_string));
        }
    }

    /// A server's port: its client hosts too.
    fn add_client(&mut self, client: &str) {
        if self.clients.insert(super::hash_of(client)) {
            self.named.insert(client.to_string());
            if self.named.len() > NAMED_CLIENTS {
                self.named.pop_last();
            }
        }
    }

    /// The client hosts as the finding lists them: the first in sort order, and how many more.
    fn client_list(&self) -> String {
        let named: Vec<String> = self.named.iter().cloned().collect();
        ctx::list_counted(&named, self.clients.len(), NAMED_CLIENTS)
    }
}

#[derive(Default)]
struct Seen {
    plain: Port,
    tls: Port,
    /// A client's first plaintext flow's session, to count in its finding.
    first: Option<Counted>,
}

fn answered(f: &FlowSummary) -> bool {
    f.bytes_to_client > 0
}

fn evidence(f: &FlowSummary) -> Evidence {
    ctx::at_frame(
        f.first_frame,
        &format!("TCP {}", ctx::port(&f.server).unwrap_or(0)),
        format!(
            "flow {}: {} → {}, {} bytes from the server",
            f.id, f.client, f.server, f.bytes_to_client
        ),
    )
}

/// The TCP flows to 2748 and 2749 of every batch, by server host (answered flows) and by client
/// host (every flow): a server's finding covers the sessions of its answered flows, counted in
/// as they come (under the plaintext port's address, the group's server).
#[derive(Default)]
pub struct Rule {
    by_server: BTreeMap<String, Seen>,
    by_client: BTreeMap<String, Seen>,
}

impl super::Rule for Rule {
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>) {
        for f in cx
            .report
            .flows
            .iter()
            .filter(|f| f.transport == Transport::Tcp)
        {
            let (host, client) = (ctx::host(&f.server), ctx::host(&f.client));
            let port = ctx::port(&f.server);
            if !matches!(port, Some(PORT_CTIQBE | PORT_CTIQBE_TLS)) {
                continue;
            }
            let session = f.session.and_then(|id| cx.report.session(id));
            let server = session.map(|s| s.server.as_str());
            let plain = port == Some(PORT_CTIQBE);
            // Every client host while there are fewer than MAX_CLIENTS, then the known ones.
            if self.by_client.len() < MAX_CLIENTS || self.by_client.contains_key(client) {
                let seen = self.by_client.entry(client.to_string()).or_default();
                let port = if plain { &mut seen.plain } else { &mut seen.tls };
                port.add(f, server);
                if plain && seen.plain.flows == 1 {
                    seen.first = session.map(|s| Counted::of(cx.report, s));
                }
            }
            if answered(f) {
                let seen = self.by_server.entry(host.to_string()).or_default();
                let port = if plain { &mut seen.plain } else { &mut seen.tls };
                port.add(f, server);
                port.add_client(client);
                if let Some(s) = session {
                    out.tally(ID, Severity::Medium, &format!("{host}:{PORT_CTIQBE}"), "", s);
                }
            }
        }
    }

    fn finish(&mut self, out: &mut Collector<'_>) {
        // Client hosts (by hash) that a server's finding speaks for.
        let mut covered: HashSet<u64> = HashSet::new();
        for (server, seen) in std::mem::take(&mut self.by_server) {
            let (plain, tls) = (seen.plain, seen.tls);
            if plain.flows == 0 || tls.flows == 0 {
                continue;
            }
            covered.extend(plain.clients.iter().copied());
            covered.extend(tls.clients.iter().copied());
            let mut ev = plain.evidence.clone();
            ev.extend(tls.evidence.iter().cloned());
            let mut f = Draft {
                id: ID,
                severity: Severity::Medium,
                title: format!("{server} answers CTI on both TCP 2748 (plaintext) and 2749 (TLS)"),
                detail: format!(
                    "CTI Manager {server} accepted plaintext CTIQBE on 2748 (clients {}) and TLS on 2749 (clients {}): \
                     plaintext is still allowed, so an application (or an attacker) can keep using 2748 and every \
                     protection of 2749 is optional.",
                    plain.client_list(),
                    tls.client_list()
                ),
                session: plain.first_session.as_ref().map(|(id, _)| *id),
                evidence: ev,
                remediation: "Plaintext is still allowed: block TCP 2748 with an ACL once all applications moved to \
                    2749; meanwhile list which applications still connect on 2748 and migrate them.",
                references: &[refs::SECURITY_GUIDE, refs::ASA_CTIQBE],
            }
            .build();
            f.server = Some(format!("{server}:{PORT_CTIQBE}"));
            out.push(f);
        }
        for (client, seen) in std::mem::take(&mut self.by_client) {
            if covered.contains(&super::hash_of(&client)) || seen.plain.flows == 0 || seen.tls.flows == 0 {
                continue;
            }
            let mut ev = seen.plain.evidence.clone();
            ev.extend(seen.tls.evidence.iter().cloned());
            let mut f = Draft {
                id: ID,
                severity: Severity::Info,
                title: format!("{client} connects to CTI on both TCP 2748 and 2749"),
                detail: format!(
                    "{client} opened {} connection(s) to TCP 2748 and {} to 2749; the server did not answer on both, \
                     but the client (or another application on it) still tries plaintext.",
                    seen.plain.flows,
                    seen.tls.flows
                ),
                session: seen.plain.first_session.as_ref().map(|(id, _)| *id),
                evidence: ev,
                remediation: "Configure every CTI application on this host for TLS only (JTAPI/TSP plug-in security \
                    settings); plaintext still allowed elsewhere: block TCP 2748 with an ACL once all applications \
                    moved to 2749.",
                references: &[refs::SECURITY_GUIDE],
            }
            .build()
            .about(client.as_str());
            f.server = seen.plain.first_session.map(|(_, server)| server);
            if let (Some(server), Some(first)) = (&f.server, &seen.first) {
                out.tally_counted(ID, Severity::Info, server, &client, first);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::report::Severity;

    #[test]
    fn positive_server_answers_on_both_ports() {
        let mut frames = capture_frames(&[session(&SAMPLE_OPEN_ONLY)]);
        frames.extend(tls_frames(
            &TLS13_GOOD,
            "10.20.30.41:50001",
            "10.1.1.10:2749",
        ));
        let r = analyze(&write(&frames, START_S));
        let f = only(&r, "CTI-2748-AND-2749");
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.remediation.contains("block TCP 2748 with an ACL"));
    }

    #[test]
    fn negative_one_port_only() {
        let r = analyze(&capture(&[session(&SAMPLE_OPEN_ONLY)]));
        assert_absent(&r, "CTI-2748-AND-2749");
        let r = analyze(&tls_capture(&TLS13_GOOD));
        assert_absent(&r, "CTI-2748-AND-2749");
    }
}
