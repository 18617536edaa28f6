//! `SIP-SRTP-KEY-EXPOSED` (critical): an SDES key (`a=crypto:… inline:<key||salt>`, RFC 4568)
//! in an SDP body carried by plaintext SIP. SDES sends the SRTP master key itself in the
//! signalling: whoever reads the signalling decrypts the media, so the "secure" call is not.
//! One finding per session (dialog).

use super::Collector;
use super::ctx::{self, at_span, Ctx, Draft};
use crate::model::{Protocol, Tag};
use crate::report::{Evidence, Severity};

/// Keys shown per session.
const MAX_KEYS: usize = 8;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx
        .report
        .sessions
        .iter()
        .filter(|s| s.protocol == Protocol::Sip && !s.encrypted)
    {
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut count = 0usize;
        let mut suites: Vec<String> = Vec::new();
        for (i, m) in cx.messages(s.id) {
            let m = &m;
            for sp in m.spans.iter().filter(|sp| sp.tag == Some(Tag::SrtpKey)) {
                count = count.saturating_add(1);
                let base = sp.path.strip_suffix(".key").unwrap_or(&sp.path);
                if let Some(suite) = ctx::field(m, &format!("{base}.suite")).map(ctx::text) {
                    if !suites.contains(&suite) {
                        suites.push(suite);
                    }
                }
                if evidence.len() < MAX_KEYS {
                    let key = ctx::span_value(m, sp).unwrap_or_default();
                    evidence.push(at_span(
                        i,
                        m,
                        sp,
                        &format!("a=crypto inline key ({})", m.name),
                        ctx::mask(&key),
                        true,
                    ));
                }
            }
        }
        if count == 0 {
            continue;
        }
        out.push(Draft {
            id: "SIP-SRTP-KEY-EXPOSED",
            severity: Severity::Critical,
            title: format!("SRTP master keys readable in plaintext SIP ({} → {})", s.client, s.server),
            detail: format!(
                "{count} SDES a=crypto key(s) ({}) are carried in SDP over unencrypted SIP. The inline value is \
                 the SRTP master key and salt: anyone who captures this signalling can decrypt and listen to the \
                 media of the call, so the call's SRTP protects nothing.",
                ctx::list(&suites, 4)
            ),
            session: Some(s.id),
            evidence,
            remediation: "Only offer SDES keys over TLS-protected SIP (SIPS on TCP 5061); on CUCM use encrypted \
                phone security profiles and SIP trunk security profiles with TLS transport (\"Device Security \
                Mode: Encrypted\", \"SRTP Allowed\" only on TLS trunks), or use DTLS-SRTP where the key is not \
                in the SDP.",
            references: &[
                "RFC 4568 §8.3: SDES keys must only travel over a secure signalling channel",
                super::ctx::refs::CUCM_SIP_SECURITY,
            ],
        }
        .build());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::synth::sip::{invite_call, invite_call_with, udp_capture};

    const KEY: &str = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    #[test]
    fn positive_sdes_key_in_invite() {
        let msgs = invite_call_with("srtp-1", 200, true, false, Some(KEY), &[]);
        let r = analyze(&udp_capture(
            &msgs,
            "10.0.0.5:5060",
            "10.0.0.1:5060",
            START_S * 1_000_000_000,
        ));
        let f = only(&r, "SIP-SRTP-KEY-EXPOSED");
        assert_eq!(f.severity, crate::report::Severity::Critical);
        assert!(f.detail.contains("AES_CM_128_HMAC_SHA1_80"));
        let e = &f.evidence[0];
        assert!(e.masked && !e.value.contains("uQCVee"));
        let m = r.messages.get(e.message.unwrap()).unwrap();
        assert_eq!(&m.raw[e.start as usize..e.end as usize], KEY.as_bytes());
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_plain_rtp_offer() {
        let r = analyze(&udp_capture(
            &invite_call("rtp-1", 200, true, false),
            "10.0.0.5:5060",
            "10.0.0.1:5060",
            START_S * 1_000_000_000,
        ));
        assert_absent(&r, "SIP-SRTP-KEY-EXPOSED");
    }
}
