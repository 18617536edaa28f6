//! `CTI-TLS-WEAK` (medium or high) and `CTI-TLS-OK` (info): the TLS audit of CTI Manager's
//! secure port (TCP 2749), from what the handshake shows in the clear. Both sides are reported
//! so the user sees the protected sessions too. TLS on other ports is decoded but not judged
//! here (it is not CTI).
//!
//! High: a protocol below TLS 1.2 (RFC 8996), a broken cipher suite selected (NULL, export,
//! anonymous, RC4, DES, 3DES), an expired or not-yet-valid certificate, an RSA key below
//! 2048 bits. Medium: no forward secrecy (RSA key exchange), a self-signed certificate, a
//! SHA-1/MD5 certificate signature, broken suites offered by the client.

use serde_json::Value;

use super::Collector;
use super::ctx::{self, refs, Ctx, Draft};
use crate::model::Protocol;
use crate::proto::detect::PORT_CTIQBE_TLS;
use crate::proto::tls::cert;
use crate::proto::tls::session::ServerCertificates;
use crate::report::{Evidence, Severity};

const SERVER_HELLO: u32 = 0x1602;
const CLIENT_HELLO: u32 = 0x1601;
const CERTIFICATE: u32 = 0x160b;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in
        cx.report.sessions.iter().filter(|s| {
            s.protocol == Protocol::Tls && ctx::port(&s.server) == Some(PORT_CTIQBE_TLS)
        })
    {
        let Some(info) = s.info.tls() else { continue };
        let mut reasons: Vec<(Severity, String)> = Vec::new();
        let mut evidence: Vec<Evidence> = Vec::new();
        let ch = cx.messages_where(s.id, |e| e.pdu == CLIENT_HELLO).next();
        let sh = cx.messages_where(s.id, |e| e.pdu == SERVER_HELLO).next();
        let (ch, sh) = (
            ch.as_ref().map(|(i, m)| (*i, m)),
            sh.as_ref().map(|(i, m)| (*i, m)),
        );
        let version = info.version.as_deref().unwrap_or("");
        let version_number = info.version_number.unwrap_or(0);
        let suite = info.cipher_suite.as_ref();
        let suite_name = suite.map_or("", |c| c.name.as_str());
        if let Some((i, m)) = sh {
            if crate::proto::tls::ciphers::below_tls12(version_number) {
                reasons.push((
                    Severity::High,
                    format!("protocol {version} is below TLS 1.2 (deprecated by RFC 8996)"),
                ));
            }
            let path = if m
                .spans
                .iter()
                .any(|sp| sp.path == "extensions.supported_versions")
            {
                "extensions.supported_versions"
            } else {
                "legacy_version"
            };
            evidence.push(ctx::at_field(
                i,
                m,
                path,
                "ServerHello version",
                version.to_string(),
                false,
            ));
            evidence.push(ctx::at_field(
                i,
                m,
                "cipher_suite",
                "ServerHello cipher suite",
                suite_name.to_string(),
                false,
            ));
            if let Some(w) = suite.and_then(|c| c.weakness) {
                reasons.push((
                    Severity::High,
                    format!("selected cipher suite {suite_name}: {w}"),
                ));
            }
            if suite.is_some_and(|c| !c.forward_secrecy) {
                let cbc = suite.is_some_and(|c| c.cbc);
                reasons.push((Severity::Medium, format!(
                    "selected cipher suite {suite_name} has no forward secrecy (RSA key exchange): whoever obtains \
                     the server's private key later decrypts every recorded session{}",
                    if cbc { "; it also uses CBC mode (MAC-then-encrypt)" } else { "" })));
            }
        }
        if let Some((i, m)) = ch {
            let names: Vec<String> = info
                .offered
                .as_ref()
                .map(|o| o.weak_cipher_suites.clone())
                .unwrap_or_default();
            if !names.is_empty() {
                reasons.push((
                    Severity::Medium,
                    format!(
                        "the client offers broken cipher suites: {}",
                        ctx::list(&names, 5)
                    ),
                ));
                evidence.push(ctx::at_field(
                    i,
                    m,
                    "cipher_suites",
                    "ClientHello broken suites offered",
                    ctx::list(&names, 5),
                    false,
                ));
            }
            if sh.is_none() {
                let max = info.offered.as_ref().map_or(0, |o| o.max_version);
                if crate::proto::tls::ciphers::below_tls12(max) {
                    reasons.push((
                        Severity::High,
                        "the client offers nothing above TLS 1.1".into(),
                    ));
                }
            }
        }
        if let Some((i, m)) = cx
            .messages_where(s.id, |e| {
                e.pdu == CERTIFICATE && e.direction == crate::model::Direction::ToClient
            })
            .next()
        {
            let m = &m;
            let leaf = m
                .fields
                .get("certificates")
                .and_then(Value::as_array)
                .and_then(|c| c.first())
                .cloned();
            match leaf.and_then(|v| serde_json::from_value::<CertJson>(v).ok()) {
                Some(c) => {
                    let at = ctx::secs(m);
                    if at > c.not_after {
                        reasons.push((
                            Severity::High,
                            format!("the server certificate expired on {}", c.not_after_date),
                        ));
                    }
                    if at < c.not_before {
                        reasons.push((
                            Severity::High,
                            format!(
                                "the server certificate is not valid before {}",
                                c.not_before_date
                            ),
                        ));
                    }
                    if c.self_signed {
                        reasons.push((Severity::Medium, format!(
                            "the server certificate {} is self-signed, not issued by a CA: clients can only trust it \
                             by pinning it (CTL), and an impostor's self-signed certificate looks the same", c.subject)));
                    }
                    if cert::weak_key(&c.key_type, c.key_bits) {
                        reasons.push((
                            Severity::High,
                            format!("the server key is weak: {} {} bits", c.key_type, c.key_bits),
                        ));
                    }
                    if cert::weak_signature(&c.signature) {
                        reasons.push((
                            Severity::Medium,
                            format!("the server certificate is signed with {}", c.signature),
                        ));
                    }
                    evidence.push(ctx::at_field(
                        i,
                        m,
                        "certificates.0",
                        "server certificate",
                        format!(
                            "{} issued by {}, {} {} bits, valid {}..{}, SHA-256 {}",
                            c.subject,
                            c.issuer,
                            c.key_type,
                            c.key_bits,
                            c.not_before_date,
                            c.not_after_date,
                            c.sha256
                        ),
                        false,
                    ));
                }
                None => reasons.push((
                    Severity::Medium,
                    "the server certificate is not a parsable X.509 certificate".into(),
                )),
            }
        }
        let client_cert = info.client_certificate.as_str();
        let server_certs = match &info.server_certificates {
            ServerCertificates::NotVisible(s) => s.to_string(),
            ServerCertificates::Seen(Some(chain)) => {
                format!("{} certificate(s) in the clear", chain.len())
            }
            ServerCertificates::Seen(None) => "none seen".into(),
        };
        if let Some(worst) = reasons.iter().map(|(sev, _)| *sev).min() {
            let text: Vec<String> = reasons.iter().map(|(_, r)| r.clone()).collect();
            out.push(Draft {
                id: "CTI-TLS-WEAK",
                severity: worst,
                title: format!("Weak TLS on the CTI Manager port: {} → {} ({version} {suite_name})", s.client, s.server),
                detail: format!("{}. Client certificate: {client_cert}.", text.join("; ")),
                session: Some(s.id),
                evidence,
                remediation: "On CUCM, allow only TLS 1.2 or later (System > Enterprise Parameters / \"set tls min-version 1.2\" \
                    on the CLI) and ECDHE AES-GCM cipher suites (Cisco TLS cipher configuration); have CTI Manager \
                    present a CA-signed (or CTL-pinned) CallManager certificate with an RSA key of at least 2048 \
                    bits, renewed before it expires; update the JTAPI/TSP clients so they negotiate TLS 1.2+.",
                references: &[refs::RFC_8996, refs::BCP_195, refs::NIST_800_52, refs::SECURITY_GUIDE, refs::CERT_ALARMS],
            }
            .build()
            .about(format!("{version} {suite_name}")));
        } else if sh.is_some() {
            out.push(Draft {
                id: "CTI-TLS-OK",
                severity: Severity::Info,
                title: format!("CTI over TLS properly protected: {} → {} ({version} {suite_name})", s.client, s.server),
                detail: format!(
                    "{version} with {suite_name}: forward secrecy and authenticated encryption, nothing weak offered \
                     or selected in the visible handshake. Server certificate: {server_certs}. Client certificate: \
                     {client_cert}."
                ),
                session: Some(s.id),
                evidence,
                remediation: "Nothing to fix in this session. Keep TCP 2748 closed for this application.",
                references: &[refs::SECURITY_GUIDE, refs::BCP_195],
            }
            .build()
            .about(format!("{version} {suite_name}")));
        }
    }
}

/// The certificate summary as the TLS decoder wrote it into a Certificate message's fields.
#[derive(serde::Deserialize)]
struct CertJson {
    subject: String,
    issuer: String,
    self_signed: bool,
    key_type: String,
    key_bits: u32,
    signature: String,
    not_before: i64,
    not_after: i64,
    not_before_date: String,
    not_after_date: String,
    sha256: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::report::Severity;
    use crate::synth::tls::Handshake;

    #[test]
    fn positive_weak_protocol_suite_and_self_signed() {
        let r = analyze(&tls_capture(&Handshake {
            version: 0x0301,
            offered_versions: &[0x0301],
            suite: 0xc014,
            ..TLS12_CA
        }));
        let f = only(&r, "CTI-TLS-WEAK");
        assert_eq!(f.severity, Severity::High);
        assert!(f.detail.contains("below TLS 1.2"), "{}", f.detail);
        let r = analyze(&tls_capture(&Handshake {
            suite: 0x002f,
            ..TLS12_CA
        }));
        let f = only(&r, "CTI-TLS-WEAK");
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.detail.contains("no forward secrecy"), "{}", f.detail);
        let r = analyze(&tls_capture(&Handshake {
            chain: &[crate::synth::sample::CERTIFICATE],
            ..TLS12_CA
        }));
        assert!(only(&r, "CTI-TLS-WEAK").detail.contains("self-signed"));
        let r = analyze(&tls_capture(&Handshake {
            offered_suites: &[0xc030, 0x000a],
            ..TLS12_CA
        }));
        assert!(only(&r, "CTI-TLS-WEAK").detail.contains("3DES"));
        assert_spans_valid(&r, only(&r, "CTI-TLS-WEAK"));
    }

    #[test]
    fn negative_good_sessions_are_ok() {
        for h in [&TLS13_GOOD, &TLS12_CA] {
            let r = analyze(&tls_capture(h));
            assert_absent(&r, "CTI-TLS-WEAK");
            let f = only(&r, "CTI-TLS-OK");
            assert_eq!(f.severity, Severity::Info);
            assert_spans_valid(&r, f);
        }
    }
}
