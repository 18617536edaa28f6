//! `CTI-PORT-MISUSE` (medium): TCP 2748 carrying something that is not CTIQBE, or TCP 2749
//! carrying something that is not TLS. Either another service answers on CTI Manager's ports
//! (investigate: not the CTI Manager), or CTIQBE is sent unencrypted to the TLS port.

use super::Collector;
use super::ctx::{self, refs, Ctx, Draft};
use crate::model::Protocol;
use crate::proto::detect::{PORT_CTIQBE, PORT_CTIQBE_TLS};
use crate::report::{Severity, Transport};

/// Fewer payload bytes than a CTIQBE header cannot tell anything.
const MIN_PAYLOAD: u64 = 32;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for f in cx
        .report
        .flows
        .iter()
        .filter(|f| f.transport == Transport::Tcp)
    {
        let payload = f.bytes_to_server.saturating_add(f.bytes_to_client);
        let port = ctx::port(&f.server);
        let decoded = f.session.map_or(0, |s| cx.entries(s).count());
        let what = match (port, f.protocol) {
            (Some(PORT_CTIQBE), Protocol::Ctiqbe) if decoded == 0 && payload >= MIN_PAYLOAD => {
                let why = cx
                    .report
                    .events
                    .iter()
                    .find(|e| Some(e.session) == f.session)
                    .map(|e| format!(" ({})", e.detail))
                    .unwrap_or_default();
                format!("TCP {PORT_CTIQBE} carried {payload} bytes, none of them a valid CTIQBE frame{why}")
            }
            (Some(PORT_CTIQBE), p) if p != Protocol::Ctiqbe && payload > 0 => {
                format!("TCP {PORT_CTIQBE} carried {} instead of CTIQBE", p.as_str())
            }
            (Some(PORT_CTIQBE_TLS), Protocol::Ctiqbe) => {
                format!("TCP {PORT_CTIQBE_TLS} (the TLS port) carried plaintext CTIQBE")
            }
            (Some(PORT_CTIQBE_TLS), p) if p != Protocol::Tls && payload > 0 => {
                format!(
                    "TCP {PORT_CTIQBE_TLS} carried {payload} bytes that are not TLS ({})",
                    p.as_str()
                )
            }
            _ => continue,
        };
        out.push(Draft {
            id: "CTI-PORT-MISUSE",
            severity: Severity::Medium,
            title: format!("Unexpected traffic on a CTI Manager port: {} → {}", f.client, f.server),
            detail: format!(
                "{what}. Investigate — this is not the CTI Manager protocol expected on this port: another service \
                 (or a scanner, tunnel or misconfigured application) uses it."
            ),
            session: f.session,
            evidence: vec![ctx::at_frame(f.first_frame, "flow", format!(
                "flow {}: {} → {}, {} packets, {} payload bytes, frames {}..{}",
                f.id, f.client, f.server, f.packets, payload, f.first_frame, f.last_frame))],
            remediation: "Find the process listening on this address and port; CTI Manager should be the only \
                listener on TCP 2748 (CTIQBE) and 2749 (TLS). Restrict both ports with an ACL to the CTI \
                application servers.",
            references: &[refs::SECURITY_GUIDE, refs::ASA_CTIQBE],
        }
        .build());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_http_on_2748_and_plaintext_on_2749() {
        let r = analyze(&capture(&[raw_on(
            "10.1.1.10:2748",
            b"GET / HTTP/1.1\r\nHost: cucm\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxx",
        )]));
        let f = only(&r, "CTI-PORT-MISUSE");
        assert!(
            f.detail.contains("none of them a valid CTIQBE frame"),
            "{}",
            f.detail
        );
        assert_absent(&r, "CTI-MALFORMED");
        assert_absent(&r, "CTI-CLEARTEXT-SESSION");
        let r = analyze(&capture(&[raw_on(
            "10.1.1.10:2749",
            b"SSH-2.0-OpenSSH_9.6\r\n",
        )]));
        assert_eq!(count(&r, "CTI-PORT-MISUSE"), 1);
    }

    #[test]
    fn negative_ctiqbe_on_2748_and_tls_on_2749() {
        let r = analyze(&capture(&[session(&SAMPLE_OPEN_ONLY)]));
        assert_absent(&r, "CTI-PORT-MISUSE");
        let r = analyze(&tls_capture(&TLS13_GOOD));
        assert_absent(&r, "CTI-PORT-MISUSE");
    }
}
