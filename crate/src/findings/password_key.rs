//! `CTI-PASSWORD-KEY-UNAUTHENTICATED` (high, critical when escalated): the password in
//! ProviderOpenRequest is AES-encrypted under a random key, and that key is RSA-encrypted to
//! the certificate CTI Manager sent in ProviderInitResponse *over the same plaintext
//! connection* (`ctiqbe-wire.md` §5). Nothing authenticates that certificate (the JTAPI client
//! accepted a self-signed one without a warning), so an active attacker on the path answers
//! with their own certificate and decrypts the password.
//!
//! Escalates to critical when the certificate is self-signed, expired or not yet valid at
//! capture time, cannot be parsed, or when the same server presents different certificates
//! across the capture's sessions (an impostor, or certificates nobody pins).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::Collector;
use super::ctx::{self, at_field, refs, Ctx, Draft};
use crate::model::Tag;
use crate::proto::ctiqbe::decode::tagged_ranges;
use crate::proto::ctiqbe::session::top_data_len;
use crate::proto::tls::CertSummary;
use crate::report::{Session, Severity};

const PROVIDER_OPEN_REQUEST: u32 = 3;
const PROVIDER_INIT_RESPONSE: u32 = 311;

/// Distinct certificates remembered; a capture with more still works, parsing the others anew.
const MAX_CERTS: usize = 64;

/// The certificates of this capture by their bytes, each hashed and parsed once: a CTI Manager
/// sends the same certificate to every session, and hashing and parsing it twice a session was
/// about 7 % of the analysis of a capture of thousands of short JTAPI sessions.
#[derive(Default)]
struct Certs(foldhash::HashMap<Vec<u8>, (String, Option<CertSummary>)>);

impl Certs {
    /// The certificate's SHA-256 fingerprint and its parse (`None`: not X.509).
    fn get(&mut self, der: &[u8]) -> (String, Option<CertSummary>) {
        if let Some(known) = self.0.get(der) {
            return known.clone();
        }
        let seen = (crate::proto::tls::cert::fingerprint(der), CertSummary::parse(der));
        if self.0.len() < MAX_CERTS {
            self.0.insert(der.to_vec(), seen.clone());
        }
        seen
    }
}

const ID: &str = "CTI-PASSWORD-KEY-UNAUTHENTICATED";

/// The bytes `start..end` of a message (a tagged value's place).
fn bytes_in(raw: &[u8], start: u32, end: u32) -> Option<&[u8]> {
    raw.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
}

/// What makes the finding critical about the certificate, at `when` (seconds): unparsable,
/// self-signed, expired or not yet valid, a weak key.
fn certificate_problems(parsed: Option<&CertSummary>, when: i64) -> Vec<String> {
    let Some(c) = parsed else {
        return vec!["the certificate cannot be parsed".into()];
    };
    let mut problems = Vec::new();
    if c.self_signed {
        problems.push("the certificate is self-signed".into());
    }
    if c.expired_at(when) {
        problems.push(format!("the certificate expired on {}", c.not_after_date));
    }
    if c.not_yet_valid_at(when) {
        problems.push(format!("the certificate is not valid before {}", c.not_before_date));
    }
    if c.weak_key() {
        problems.push(format!("the certificate key is weak ({} {} bits)", c.key_type, c.key_bits));
    }
    problems
}

/// What makes the finding critical about the server: several certificates in the capture.
fn several_certificates(s: &Session, presented: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    let fps = presented.get(s.server.as_str()).filter(|f| f.len() > 1)?;
    Some(format!(
        "{} presented {} different certificates in this capture ({})",
        s.server,
        fps.len(),
        ctx::list(&fps.iter().cloned().collect::<Vec<_>>(), 3)
    ))
}

/// The group session `s` belongs to (severity, certificate fingerprint), read without decoding
/// a message: the ProviderOpenRequest's key blob from its length word, the certificate as a
/// tagged value. `None` when the session has no such request, or when a message it needs has
/// problems (the caller decodes then, as for the group's first sessions).
fn group_of(
    cx: &Ctx<'_>,
    s: &Session,
    certs: &mut Certs,
    presented: &BTreeMap<String, BTreeSet<String>>,
) -> Option<(Severity, Option<String>)> {
    let store = cx.report.messages;
    let mut open_frame = None;
    for (i, e) in cx.entries(s.id).filter(|(_, e)| e.pdu == PROVIDER_OPEN_REQUEST) {
        if e.has_errors {
            return None;
        }
        if top_data_len(&store.raw(i)?, e.pdu, "encryptedKey")? > 0 {
            open_frame = Some(e.frame);
            break;
        }
    }
    let open_frame = open_frame?;
    let init = cx
        .entries(s.id)
        .filter(|(_, e)| e.pdu == PROVIDER_INIT_RESPONSE && e.frame <= open_frame)
        .last();
    let mut problems = Vec::new();
    let mut fingerprint = None;
    if let Some((i, e)) = init {
        if e.has_errors {
            return None;
        }
        let raw = store.raw(i)?;
        let ranges = tagged_ranges(&raw, e.direction, &[Tag::Certificate])?;
        let der = ranges.first().and_then(|&(_, start, end)| bytes_in(&raw, start, end)).unwrap_or_default();
        let (fp, parsed) = certs.get(der);
        if !der.is_empty() {
            fingerprint = Some(fp);
        }
        problems = certificate_problems(parsed.as_ref(), e.time() as i64);
    }
    problems.extend(several_certificates(s, presented));
    let severity = if problems.is_empty() {
        Severity::High
    } else {
        Severity::Critical
    };
    Some((severity, fingerprint))
}

/// The certificates met so far (parsed once) and the fingerprints each server presented, over
/// every plaintext session of the batches so far (a handful per server).
#[derive(Default)]
pub struct Rule {
    certs: Certs,
    presented: BTreeMap<String, BTreeSet<String>>,
}

impl super::Rule for Rule {
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>) {
        check(cx, out, &mut self.certs, &mut self.presented);
    }
}

fn check(cx: &Ctx<'_>, out: &mut Collector<'_>, certs: &mut Certs, presented: &mut BTreeMap<String, BTreeSet<String>>) {
    // Only the certificate's bytes are read here: where its tagged value lies, without
    // decoding the message whole nor rendering the bytes as hex (the one tagged `certificate`
    // field of ProviderInitResponse). A message that reading declines is decoded whole.
    let store = cx.report.messages;
    for s in cx.plaintext_ctiqbe() {
        for (i, e) in cx.entries(s.id).filter(|(_, e)| e.pdu == PROVIDER_INIT_RESPONSE) {
            let raw = store.raw(i);
            let ranges = raw.as_deref().and_then(|raw| tagged_ranges(raw, e.direction, &[Tag::Certificate]));
            let ders: Vec<Cow<'_, [u8]>> = match (&raw, ranges) {
                (Some(raw), Some(ranges)) => ranges
                    .iter()
                    .filter_map(|&(_, start, end)| bytes_in(raw, start, end).map(Cow::Borrowed))
                    .collect(),
                _ => cx
                    .tagged_at(i, &e, &[Tag::Certificate])
                    .into_iter()
                    .flatten()
                    .filter_map(|t| ctx::unhex(&t.value).map(Cow::Owned))
                    .collect(),
            };
            for der in ders {
                let fp = certs.get(&der).0;
                match presented.get_mut(s.server.as_str()) {
                    Some(set) => {
                        set.insert(fp);
                    }
                    None => {
                        presented.insert(s.server.clone(), BTreeSet::from([fp]));
                    }
                }
            }
        }
    }
    for s in cx.plaintext_ctiqbe() {
        // Past a group's first sessions only its key counts: read it without decoding.
        if let Some((severity, fingerprint)) = group_of(cx, s, certs, presented) {
            let value = fingerprint.as_deref().unwrap_or("");
            if out.joins_about(ID, severity, s, value) {
                continue;
            }
        }
        let open = cx
            .messages_where(s.id, |e| e.pdu == PROVIDER_OPEN_REQUEST)
            .find(|(_, m)| {
                ctx::field(m, "encryptedKey")
                    .and_then(|v| v.as_str())
                    .is_some_and(|k| !k.is_empty())
            });
        let Some((oi, om)) = open else { continue };
        let (oi, om) = (oi, &om);
        let open_frame = om.frame;
        let init = cx
            .messages_where(s.id, move |e| {
                e.pdu == PROVIDER_INIT_RESPONSE && e.frame <= open_frame
            })
            .last();
        let init = init.as_ref().map(|(i, m)| (*i, m));
        let mut evidence = Vec::new();
        let mut escalate: Vec<String> = Vec::new();
        let mut cert_text =
            "not in the capture (the ProviderInitResponse was not captured)".to_string();
        let mut fingerprint: Option<String> = None;
        if let Some((ii, im)) = init {
            let der = ctx::field(im, "certificate")
                .and_then(|v| v.as_str())
                .and_then(ctx::unhex)
                .unwrap_or_default();
            let (fp, parsed) = certs.get(&der);
            if !der.is_empty() {
                fingerprint = Some(fp);
            }
            escalate = certificate_problems(parsed.as_ref(), ctx::secs(im));
            cert_text = match &parsed {
                Some(c) => c.describe(),
                None => format!("{} bytes that are not an X.509 certificate", der.len()),
            };
            evidence.push(at_field(
                ii,
                im,
                "certificate",
                "ProviderInitResponse certificate",
                cert_text.clone(),
                false,
            ));
            if let Some(n) = ctx::field(im, "nonce").map(ctx::text) {
                evidence.push(at_field(
                    ii,
                    im,
                    "nonce",
                    "ProviderInitResponse nonce",
                    n,
                    false,
                ));
            }
        }
        escalate.extend(several_certificates(s, presented));
        let key_len = ctx::field(om, "encryptedKey")
            .and_then(|v| v.as_str())
            .map_or(0, |k| k.len() / 2);
        let pw_len = ctx::field(om, "encryptedPassword")
            .and_then(|v| v.as_str())
            .map_or(0, |k| k.len() / 2);
        evidence.push(at_field(
            oi,
            om,
            "encryptedKey",
            "ProviderOpenRequest RSA-encrypted key ‖ nonce",
            format!("{key_len} bytes"),
            false,
        ));
        evidence.push(at_field(
            oi,
            om,
            "encryptedPassword",
            "ProviderOpenRequest password blob",
            format!("{pw_len} bytes: 16 zero bytes + AES-128-CBC ciphertext"),
            false,
        ));
        let severity = if escalate.is_empty() {
            Severity::High
        } else {
            Severity::Critical
        };
        let f = Draft {
            id: ID,
            severity,
            title: format!("Password encrypted to an unauthenticated certificate sent in the clear ({})", s.server),
            detail: format!(
                "The client encrypted the provider password with a random AES key and sent that key RSA-encrypted \
                 to the certificate the server had just sent over the same plaintext connection: {cert_text}. \
                 Nothing authenticates that certificate (the JTAPI client does not validate it), so an attacker \
                 who can answer on this path — ARP/DNS spoofing, a rogue host on the CTI Manager's address — sends \
                 their own certificate and decrypts the password; a passive observer would need CTI Manager's \
                 private key.{}",
                if escalate.is_empty() { String::new() } else { format!(" Critical because {}.", escalate.join("; ")) }
            ),
            session: Some(s.id),
            evidence,
            remediation: "Use CTI over TLS (TCP 2749) with mutual authentication: CTI Manager's certificate is \
                then verified against the CTL and the application presents a CAPF-issued certificate; until then, \
                treat every application user password that crossed TCP 2748 as exposed to an active attacker — \
                rotate them, and restrict TCP 2748 with an ACL to the application servers.",
            references: &[refs::SECURITY_GUIDE, refs::JTAPI_GUIDE, refs::TECH_NOTE_212107],
        }
        .build();
        // Grouped by the certificate the passwords were encrypted to.
        out.push(match fingerprint {
            Some(fp) => f.about(fp),
            None => f,
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::report::Severity;

    #[test]
    fn positive_self_signed_is_critical() {
        let r = analyze(&capture(&[session(&SAMPLE_OPEN_ONLY)]));
        let f = only(&r, "CTI-PASSWORD-KEY-UNAUTHENTICATED");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.detail.contains("self-signed"), "{}", f.detail);
        let cert = &f.evidence[0];
        let m = &r.messages.get(cert.message.unwrap()).unwrap();
        assert_eq!(
            (cert.end - cert.start) as usize,
            crate::synth::sample::CERTIFICATE.len()
        );
        assert_eq!(m.raw[cert.start as usize], 0x30);
        assert_spans_valid(&r, f);
    }

    #[test]
    fn positive_ca_signed_certificate_stays_high() {
        let r = analyze(&capture(&[with_certificate(CA_SIGNED)]));
        let f = only(&r, "CTI-PASSWORD-KEY-UNAUTHENTICATED");
        assert_eq!(f.severity, Severity::High);
        assert!(
            f.detail.contains("issued by CN=CAPF-test-ca"),
            "{}",
            f.detail
        );
    }

    #[test]
    fn positive_two_certificates_for_one_server_and_expired() {
        let mut other = crate::synth::sample::CERTIFICATE.to_vec();
        let last = other.len() - 1;
        other[last] ^= 0xff; // another signature: another certificate, same names
        let a = session(&SAMPLE_OPEN_ONLY);
        let b = with_certificate(&other);
        let r = analyze(&capture(&[a, b]));
        assert_eq!(count(&r, "CTI-PASSWORD-KEY-UNAUTHENTICATED"), 2);
        let f = r
            .findings
            .iter()
            .find(|f| f.id == "CTI-PASSWORD-KEY-UNAUTHENTICATED")
            .unwrap();
        assert!(
            f.detail.contains("2 different certificates"),
            "{}",
            f.detail
        );
        let late = analyze(&capture_at(2_200_000_000, &[session(&SAMPLE_OPEN_ONLY)]));
        assert!(only(&late, "CTI-PASSWORD-KEY-UNAUTHENTICATED")
            .detail
            .contains("expired"));
    }

    #[test]
    fn negative_no_key_blob_or_no_open() {
        let r = analyze(&capture(&[session(&(0..2))]));
        assert_absent(&r, "CTI-PASSWORD-KEY-UNAUTHENTICATED");
        let r = analyze(&capture(&[empty_key_session(
            crate::synth::sample::CERTIFICATE,
        )]));
        assert_absent(&r, "CTI-PASSWORD-KEY-UNAUTHENTICATED");
    }
}
