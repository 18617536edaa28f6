//! `CTI-2748-AND-2749` (medium / info): the same CTI Manager answers on both the plaintext
//! (2748) and the TLS (2749) port (medium: plaintext is still allowed), or the same client uses
//! both ports while the server answered only on one (info: the client still tries plaintext).

use std::collections::{BTreeMap, BTreeSet};

use super::Collector;
use super::ctx::{self, refs, Ctx, Draft};
use crate::proto::detect::{PORT_CTIQBE, PORT_CTIQBE_TLS};
use crate::report::{Evidence, FlowSummary, Severity, Transport};

#[derive(Default)]
struct Seen<'r> {
    plain: Vec<&'r FlowSummary>,
    tls: Vec<&'r FlowSummary>,
}

fn answered(f: &FlowSummary) -> bool {
    f.bytes_to_client > 0
}

fn evidence(flows: &[&FlowSummary]) -> Vec<Evidence> {
    flows
        .iter()
        .take(6)
        .map(|f| {
            ctx::at_frame(
                f.first_frame,
                &format!("TCP {}", ctx::port(&f.server).unwrap_or(0)),
                format!(
                    "flow {}: {} → {}, {} bytes from the server",
                    f.id, f.client, f.server, f.bytes_to_client
                ),
            )
        })
        .collect()
}

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    let mut by_server: BTreeMap<&str, Seen<'_>> = BTreeMap::new();
    let mut by_client: BTreeMap<&str, Seen<'_>> = BTreeMap::new();
    for f in cx
        .report
        .flows
        .iter()
        .filter(|f| f.transport == Transport::Tcp)
    {
        let (s, c) = (ctx::host(&f.server), ctx::host(&f.client));
        match ctx::port(&f.server) {
            Some(PORT_CTIQBE) => {
                by_server.entry(s).or_default().plain.push(f);
                by_client.entry(c).or_default().plain.push(f);
            }
            Some(PORT_CTIQBE_TLS) => {
                by_server.entry(s).or_default().tls.push(f);
                by_client.entry(c).or_default().tls.push(f);
            }
            _ => {}
        }
    }
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    for (server, seen) in &by_server {
        let plain: Vec<&FlowSummary> = seen.plain.iter().copied().filter(|f| answered(f)).collect();
        let tls: Vec<&FlowSummary> = seen.tls.iter().copied().filter(|f| answered(f)).collect();
        if plain.is_empty() || tls.is_empty() {
            continue;
        }
        let clients = |fs: &[&FlowSummary]| {
            let set: BTreeSet<String> = fs
                .iter()
                .map(|f| ctx::host(&f.client).to_string())
                .collect();
            set.into_iter().collect::<Vec<_>>()
        };
        for f in plain.iter().chain(&tls) {
            covered.insert(ctx::host(&f.client));
        }
        let mut ev = evidence(&plain);
        ev.extend(evidence(&tls));
        out.push(Draft {
            id: "CTI-2748-AND-2749",
            severity: Severity::Medium,
            title: format!("{server} answers CTI on both TCP 2748 (plaintext) and 2749 (TLS)"),
            detail: format!(
                "CTI Manager {server} accepted plaintext CTIQBE on 2748 (clients {}) and TLS on 2749 (clients {}): \
                 plaintext is still allowed, so an application (or an attacker) can keep using 2748 and every \
                 protection of 2749 is optional.",
                ctx::list(&clients(&plain), 5),
                ctx::list(&clients(&tls), 5)
            ),
            session: plain.first().and_then(|f| f.session),
            evidence: ev,
            remediation: "Plaintext is still allowed: block TCP 2748 with an ACL once all applications moved to \
                2749; meanwhile list which applications still connect on 2748 and migrate them.",
            references: &[refs::SECURITY_GUIDE, refs::ASA_CTIQBE],
        }
        .build()
        .covering(plain.iter().chain(&tls).filter_map(|f| f.session).collect()));
    }
    for (client, seen) in &by_client {
        if covered.contains(client) || seen.plain.is_empty() || seen.tls.is_empty() {
            continue;
        }
        let mut ev = evidence(&seen.plain);
        ev.extend(evidence(&seen.tls));
        out.push(Draft {
            id: "CTI-2748-AND-2749",
            severity: Severity::Info,
            title: format!("{client} connects to CTI on both TCP 2748 and 2749"),
            detail: format!(
                "{client} opened {} connection(s) to TCP 2748 and {} to 2749; the server did not answer on both, \
                 but the client (or another application on it) still tries plaintext.",
                seen.plain.len(),
                seen.tls.len()
            ),
            session: seen.plain.first().and_then(|f| f.session),
            evidence: ev,
            remediation: "Configure every CTI application on this host for TLS only (JTAPI/TSP plug-in security \
                settings); plaintext still allowed elsewhere: block TCP 2748 with an ACL once all applications \
                moved to 2749.",
            references: &[refs::SECURITY_GUIDE],
        }
        .build()
        .about(*client));
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
