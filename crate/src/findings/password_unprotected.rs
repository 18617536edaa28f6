//! `CTI-PASSWORD-UNPROTECTED`: the password in ProviderOpenRequest is not protected the way the
//! protocol intends (`ctiqbe-wire.md` §5).
//! * critical — the password field is readable text (not the `16 zero bytes ‖ AES ciphertext`
//!   layout): shown masked, first and last character only;
//! * high — the RSA key blob is empty: the client failed to encrypt its key (it could not
//!   parse the server's certificate) and sent the credential message anyway. The password
//!   itself cannot be read from the capture (its AES key never left the client), which is why
//!   this case is high, not critical; what it proves is that the client fails open on a bad
//!   certificate instead of refusing to log in.

use super::Collector;
use super::ctx::{self, at_field, refs, Ctx, Draft};
use crate::model::Tag;
use crate::proto::ctiqbe::decode::tagged_values;
use crate::proto::ctiqbe::session::top_data_len;
use crate::proto::tls::CertSummary;
use crate::store::{Entry, MessageStore};
use crate::report::Severity;

const PROVIDER_OPEN_REQUEST: u32 = 3;
const PROVIDER_INIT_RESPONSE: u32 = 311;

/// The blob as a password typed in clear: printable text (a trailing NUL allowed), and not the
/// encrypted layout.
fn cleartext_password(blob: &[u8]) -> Option<String> {
    let encrypted_layout =
        blob.len() >= 32 && blob.len().is_multiple_of(16) && blob.iter().take(16).all(|b| *b == 0);
    if encrypted_layout {
        return None;
    }
    let text = blob.strip_suffix(&[0]).unwrap_or(blob);
    (!text.is_empty() && text.iter().all(|b| (0x20..0x7f).contains(b)))
        .then(|| String::from_utf8_lossy(text).into_owned())
}

/// What nearly every ProviderOpenRequest shows, read without decoding it: a clean frame whose
/// password blob is empty, or has the encrypted layout and travels with a non-empty key blob.
fn protected(store: &MessageStore, i: usize, e: &Entry) -> bool {
    if e.has_errors {
        return false;
    }
    let Some(raw) = store.raw(i) else { return false };
    let Some(values) = tagged_values(&raw, e.direction, &[Tag::PasswordBlob]) else {
        return false;
    };
    let pw = values.first().and_then(|t| ctx::unhex(&t.value)).unwrap_or_default();
    if pw.is_empty() {
        return true;
    }
    let key_len = top_data_len(&raw, e.pdu, "encryptedKey");
    cleartext_password(&pw).is_none() && key_len.is_some_and(|n| n > 0)
}

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    let store = cx.report.messages;
    for s in cx.plaintext_ctiqbe() {
        for (i, e) in cx.entries(s.id).filter(|(_, e)| e.pdu == PROVIDER_OPEN_REQUEST) {
            if protected(store, i, &e) {
                continue;
            }
            let Some(m) = store.get(i) else { continue };
            let m = &m;
            let hex = |k: &str| {
                ctx::field(m, k)
                    .and_then(|v| v.as_str())
                    .and_then(ctx::unhex)
                    .unwrap_or_default()
            };
            let pw = hex("encryptedPassword");
            let key = hex("encryptedKey");
            if pw.is_empty() {
                continue;
            }
            let login = ctx::field(m, "login").map(ctx::text).unwrap_or_default();
            let mut evidence = Vec::new();
            let (severity, title, detail) = if let Some(clear) = cleartext_password(&pw) {
                evidence.push(at_field(
                    i,
                    m,
                    "encryptedPassword",
                    "ProviderOpenRequest password (masked)",
                    ctx::mask(&clear),
                    true,
                ));
                (
                    Severity::Critical,
                    format!("Password of \"{login}\" readable in ProviderOpenRequest"),
                    format!(
                        "The password field of ProviderOpenRequest carries {} readable characters instead of the \
                         encrypted blob (16 zero bytes followed by AES-128-CBC ciphertext): anyone on the path \
                         reads the password of \"{login}\". It is shown masked.",
                        clear.chars().count()
                    ),
                )
            } else if key.is_empty() {
                evidence.push(at_field(
                    i,
                    m,
                    "encryptedPassword",
                    "ProviderOpenRequest password blob",
                    format!("{} bytes of ciphertext whose key was not sent", pw.len()),
                    false,
                ));
                evidence.push(at_field(
                    i,
                    m,
                    "encryptedKey",
                    "ProviderOpenRequest RSA key blob",
                    "empty".into(),
                    false,
                ));
                let mut why = "the server's certificate".to_string();
                let open_frame = m.frame;
                if let Some((ii, im)) = cx
                    .messages_where(s.id, move |x| {
                        x.pdu == PROVIDER_INIT_RESPONSE && x.frame <= open_frame
                    })
                    .last()
                {
                    let im = &im;
                    let der = ctx::field(im, "certificate")
                        .and_then(|v| v.as_str())
                        .and_then(ctx::unhex)
                        .unwrap_or_default();
                    let what = match CertSummary::parse(&der) {
                        Some(c) => c.describe(),
                        None if der.is_empty() => "no certificate".to_string(),
                        None => format!(
                            "{} bytes that are not an X.509 certificate ({})",
                            der.len(),
                            String::from_utf8_lossy(&der)
                                .chars()
                                .filter(|c| !c.is_control())
                                .take(32)
                                .collect::<String>()
                        ),
                    };
                    why = format!(
                        "the \"certificate\" in ProviderInitResponse (frame {}): {what}",
                        im.frame
                    );
                    evidence.push(at_field(
                        ii,
                        im,
                        "certificate",
                        "ProviderInitResponse certificate",
                        what,
                        false,
                    ));
                }
                (
                    // The rule: an empty RSA key blob is critical (the client failed to encrypt).
                    Severity::Critical,
                    format!("Password of \"{login}\" sent without its key: the client's encryption failed"),
                    format!(
                        "ProviderOpenRequest carries the password ciphertext but an empty RSA key blob: the client \
                         could not encrypt its key to {why}, and logged in anyway. The password cannot be read from \
                         this capture (its AES key never left the client), but the client fails open: it accepts \
                         whatever the server sends instead of refusing to authenticate, and the login name still \
                         travels in clear."
                    ),
                )
            } else {
                continue;
            };
            out.push(Draft {
                id: "CTI-PASSWORD-UNPROTECTED",
                severity,
                title,
                detail,
                session: Some(s.id),
                evidence,
                remediation: "Rotate the application user's password; move the application to CTI over TLS (TCP \
                    2749) with CAPF-issued certificates, upgrade the JTAPI/TSP client, and find why the \
                    server's certificate was unusable (an impostor answering on TCP 2748 sends exactly this); \
                    restrict TCP 2748 with an ACL.",
                references: &[refs::SECURITY_GUIDE, refs::TECH_NOTE_212107],
            }
            .build());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::report::Severity;

    #[test]
    fn positive_cleartext_password_is_masked() {
        let r = analyze(&capture(&[open_with_blobs(b"Secret-Pa55\0", None)]));
        let f = only(&r, "CTI-PASSWORD-UNPROTECTED");
        assert_eq!(f.severity, Severity::Critical);
        let e = &f.evidence[0];
        assert!(e.masked);
        assert_eq!(e.value, "S*********5");
        assert!(!serde_json::to_string(&r.findings)
            .unwrap()
            .contains("Secret-Pa55"));
        assert_spans_valid(&r, f);
    }

    #[test]
    fn positive_empty_key_blob_after_a_bad_certificate() {
        let r = analyze(&capture(&[empty_key_session(b"CERTBYTES")]));
        let f = only(&r, "CTI-PASSWORD-UNPROTECTED");
        assert_eq!(f.severity, Severity::Critical);
        assert!(
            f.detail.contains("not an X.509 certificate (CERTBYTES)"),
            "{}",
            f.detail
        );
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_properly_encrypted_password() {
        let r = analyze(&capture(&[session(&SAMPLE_OPEN_ONLY)]));
        assert_absent(&r, "CTI-PASSWORD-UNPROTECTED");
    }
}
