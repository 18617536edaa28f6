//! `SIP-DIGEST-EXPOSED` (high): a digest Authorization or Proxy-Authorization header in
//! plaintext SIP. User name, realm, nonce, URI and response together allow an offline guess of
//! the password (RFC 3261 §22.4 MD5 digest; RFC 8760 for SHA-256): every candidate is one hash
//! away from the captured response. One finding per session (dialog or registration).

use super::Collector;
use super::ctx::{self, at_span, refs, Ctx, Draft};
use crate::model::{Protocol, Tag};
use crate::report::{Evidence, Severity};

/// Credentials shown per session (each with user, realm and the masked response).
const MAX_CREDENTIALS: usize = 4;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx
        .report
        .sessions
        .iter()
        .filter(|s| s.protocol == Protocol::Sip && !s.encrypted)
    {
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut users: Vec<String> = Vec::new();
        let mut realms: Vec<String> = Vec::new();
        let mut count = 0usize;
        // Credentials travel in requests only (method codes below 100).
        for (i, m) in cx.messages_where(s.id, |e| e.pdu < 100) {
            let m = &m;
            for resp in m
                .spans
                .iter()
                .filter(|sp| sp.tag == Some(Tag::DigestResponse))
            {
                count = count.saturating_add(1);
                let header = resp.path.rsplit_once('.').map_or("", |(h, _)| h);
                let part = |tag: Tag| {
                    m.spans.iter().find(|sp| {
                        sp.tag == Some(tag)
                            && sp.path.rsplit_once('.').map(|(h, _)| h) == Some(header)
                    })
                };
                let user = part(Tag::Login).and_then(|sp| ctx::span_value(m, sp).map(|v| (sp, v)));
                let realm = part(Tag::Realm).and_then(|sp| ctx::span_value(m, sp).map(|v| (sp, v)));
                if let Some((_, u)) = &user {
                    if !users.contains(u) {
                        users.push(u.clone());
                    }
                }
                if let Some((_, r)) = &realm {
                    if !realms.contains(r) {
                        realms.push(r.clone());
                    }
                }
                if count > MAX_CREDENTIALS {
                    continue;
                }
                if let Some((sp, u)) = user {
                    evidence.push(at_span(
                        i,
                        m,
                        sp,
                        &format!("{} username ({})", header, m.name),
                        u,
                        false,
                    ));
                }
                if let Some((sp, r)) = realm {
                    evidence.push(at_span(i, m, sp, &format!("{} realm", header), r, false));
                }
                let value = ctx::span_value(m, resp).unwrap_or_default();
                evidence.push(at_span(
                    i,
                    m,
                    resp,
                    &format!("{} response", header),
                    ctx::mask(&value),
                    true,
                ));
            }
        }
        if count == 0 {
            continue;
        }
        let who = if users.is_empty() {
            "an unnamed user".to_string()
        } else {
            format!("\"{}\"", users.join("\", \""))
        };
        out.push(Draft {
            id: "SIP-DIGEST-EXPOSED",
            severity: Severity::High,
            title: format!("SIP digest credentials of {who} readable in plaintext SIP ({} → {})", s.client, s.server),
            detail: format!(
                "{count} digest Authorization/Proxy-Authorization header(s) in this session travel in clear text \
                 (user {}, realm {}). With the nonce, URI and response an observer can test password guesses \
                 offline at hash speed, without touching the server, and a weak SIP password falls quickly; \
                 the user name alone invites registration hijacking and toll fraud attempts.",
                ctx::list(&users, 6),
                ctx::list(&realms, 6),
            ),
            session: Some(s.id),
            evidence,
            remediation: "Carry SIP over TLS (SIPS, TCP 5061) so credentials are encrypted; give every SIP \
                account a long random password (not the extension number); on CUCM use secure (encrypted) \
                phone security profiles and digest authentication over TLS only; limit registration sources \
                with an ACL.",
            references: &[refs::RFC_3261, refs::RFC_8760, refs::CUCM_SIP_SECURITY],
        }
        .build()
        .naming(users.join(", ")));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::synth::sip::{register_pair, udp_capture};

    const RESPONSE: &str = "6629fae49393a05397450978507c4ef1";

    #[test]
    fn positive_register_with_credentials() {
        let mut msgs = register_pair("reg-1", 1, None, 401);
        msgs.extend(register_pair("reg-1", 2, Some(RESPONSE), 200));
        let r = analyze(&udp_capture(
            &msgs,
            "10.0.0.5:5060",
            "10.0.0.1:5060",
            START_S * 1_000_000_000,
        ));
        let f = only(&r, "SIP-DIGEST-EXPOSED");
        assert!(f.title.contains("\"1001\""), "{}", f.title);
        assert!(f.detail.contains("pbx.example.com"));
        let resp = f.evidence.iter().find(|e| e.masked).unwrap();
        assert_eq!(resp.value, "6******************************1");
        let m = r.messages.get(resp.message.unwrap()).unwrap();
        assert_eq!(
            &m.raw[resp.start as usize..resp.end as usize],
            RESPONSE.as_bytes()
        );
        assert!(f.evidence.iter().all(|e| !e.value.contains(RESPONSE)));
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_challenge_only() {
        let msgs = register_pair("reg-1", 1, None, 401);
        let r = analyze(&udp_capture(
            &msgs,
            "10.0.0.5:5060",
            "10.0.0.1:5060",
            START_S * 1_000_000_000,
        ));
        assert_absent(&r, "SIP-DIGEST-EXPOSED");
    }
}
