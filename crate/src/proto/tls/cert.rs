//! X.509 certificate summaries (`x509-parser`), for every place a certificate crosses the wire:
//! TLS `Certificate` messages (TLS ≤ 1.2; TLS 1.3 encrypts them) and the DER certificate that
//! CTI Manager sends in CTIQBE's ProviderInitResponse (`ctiqbe-wire.md` §5).
//!
//! Pure: DER bytes in, [`CertSummary`] out. No trust decisions here (no trust store exists in
//! a passive analyzer); the facts the findings judge are extracted: names, self-signed or not,
//! key type and size, signature algorithm, validity and the SHA-256 fingerprint.
//!
//! "Self-signed" is decided from the names and key identifiers (subject = issuer, and the
//! authority key id, when present, equals the subject key id). The signature itself is not
//! verified: that would need `ring`, and it would only confirm what the names already say for
//! an attacker-made certificate.

use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_parser::prelude::{FromDer, ParsedExtension, X509Certificate};
use x509_parser::public_key::PublicKey;

/// What a certificate says about itself.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CertSummary {
    pub subject: String,
    pub issuer: String,
    /// Serial number, uppercase hex.
    pub serial: String,
    pub self_signed: bool,
    /// `RSA`, `EC`, `DSA`, `Ed25519`, ... or the algorithm OID.
    pub key_type: String,
    /// Public key size in bits (0 when unknown).
    pub key_bits: u32,
    /// Signature algorithm (`sha256WithRSAEncryption`...) or its OID.
    pub signature: String,
    /// Validity, seconds since the Unix epoch, and the same as `YYYY-MM-DD`.
    pub not_before: i64,
    pub not_after: i64,
    pub not_before_date: String,
    pub not_after_date: String,
    pub is_ca: bool,
    /// SHA-256 of the DER, uppercase hex pairs joined by `:` (as browsers and openssl print it).
    pub sha256: String,
    pub der_len: usize,
}

impl CertSummary {
    /// Parses one DER certificate; `None` when the bytes are not an X.509 certificate.
    pub fn parse(der: &[u8]) -> Option<CertSummary> {
        let (_, cert) = X509Certificate::from_der(der).ok()?;
        let subject = cert.subject().to_string();
        let issuer = cert.issuer().to_string();
        let mut ski: Option<Vec<u8>> = None;
        let mut aki: Option<Vec<u8>> = None;
        for ext in cert.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    aki = a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                _ => {}
            }
        }
        let keys_match = match (&ski, &aki) {
            (Some(s), Some(a)) => s == a,
            _ => true,
        };
        let spki = cert.public_key();
        let (key_type, key_bits) = match spki.parsed() {
            Ok(PublicKey::RSA(k)) => ("RSA".to_string(), k.key_size()),
            Ok(PublicKey::EC(p)) => ("EC".to_string(), p.key_size()),
            Ok(PublicKey::DSA(y)) => ("DSA".to_string(), y.len().saturating_mul(8)),
            _ => {
                let oid = spki.algorithm.algorithm.to_id_string();
                let name = match oid.as_str() {
                    "1.3.101.112" => "Ed25519".to_string(),
                    "1.3.101.113" => "Ed448".to_string(),
                    _ => oid,
                };
                let bits = match name.as_str() {
                    "Ed25519" => 256,
                    "Ed448" => 456,
                    _ => 0,
                };
                (name, bits)
            }
        };
        let sig_oid = cert.signature_algorithm.algorithm.to_id_string();
        let validity = cert.validity();
        let not_before = validity.not_before.timestamp();
        let not_after = validity.not_after.timestamp();
        Some(CertSummary {
            self_signed: subject == issuer && keys_match,
            subject,
            issuer,
            serial: cert
                .raw_serial()
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect(),
            key_type,
            key_bits: u32::try_from(key_bits).unwrap_or(u32::MAX),
            signature: signature_name(&sig_oid)
                .map(str::to_string)
                .unwrap_or(sig_oid),
            not_before,
            not_after,
            not_before_date: date(not_before),
            not_after_date: date(not_after),
            is_ca: cert.is_ca(),
            sha256: fingerprint(der),
            der_len: der.len(),
        })
    }

    /// Whether `at` (seconds since the epoch) is outside the validity period.
    pub fn expired_at(&self, at: i64) -> bool {
        at > self.not_after
    }

    pub fn not_yet_valid_at(&self, at: i64) -> bool {
        at < self.not_before
    }

    pub fn weak_key(&self) -> bool {
        weak_key(&self.key_type, self.key_bits)
    }

    pub fn weak_signature(&self) -> bool {
        weak_signature(&self.signature)
    }

    /// One line for a finding: `CN=x (self-signed, RSA 2048, valid 2026-11-26..2027-11-26)`.
    pub fn describe(&self) -> String {
        let signer = if self.self_signed {
            "self-signed".to_string()
        } else {
            format!("issued by {}", self.issuer)
        };
        format!(
            "{} ({signer}, {} {} bits, {}, valid {}..{}, SHA-256 {})",
            self.subject,
            self.key_type,
            self.key_bits,
            self.signature,
            self.not_before_date,
            self.not_after_date,
            self.sha256
        )
    }
}

/// Below today's minimum (NIST SP 800-57: RSA/DSA 2048, EC 224 bits).
pub fn weak_key(key_type: &str, bits: u32) -> bool {
    match key_type {
        "RSA" | "DSA" => bits > 0 && bits < 2048,
        "EC" => bits > 0 && bits < 224,
        _ => false,
    }
}

/// MD5 or SHA-1 signatures can be forged (chosen-prefix collisions).
pub fn weak_signature(signature: &str) -> bool {
    let s = signature.to_ascii_lowercase();
    s.contains("md5") || s.contains("md2") || s.contains("sha1")
}

/// SHA-256 of `der` as `AB:CD:…`.
pub fn fingerprint(der: &[u8]) -> String {
    let digest = Sha256::digest(der);
    digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn signature_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.10040.4.3" => "dsa-with-sha1",
        _ => return None,
    })
}

/// `YYYY-MM-DD` (UTC) of a Unix time, by the days-to-civil algorithm (H. Hinnant), so that no
/// clock or time-zone support is needed (wasm has none). Certificate times are bounded by
/// their 4-digit years, so the arithmetic below stays far from overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe.saturating_add(era.saturating_mul(400)) + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn summarises_the_sample_certificate() {
        let c = CertSummary::parse(crate::synth::sample::CERTIFICATE).unwrap();
        assert!(c.subject.contains("cucm-pub.lab.example"), "{}", c.subject);
        assert!(c.self_signed);
        assert_eq!((c.key_type.as_str(), c.key_bits), ("RSA", 2048));
        assert_eq!(c.sha256.len(), 32 * 3 - 1);
        assert!(!c.weak_key());
        assert!(c.not_before < c.not_after);
    }

    #[test]
    fn rejects_what_is_not_a_certificate() {
        assert_eq!(CertSummary::parse(b"CERTBYTES"), None);
        assert_eq!(CertSummary::parse(&[]), None);
        let der = crate::synth::sample::CERTIFICATE;
        for cut in [1, 10, der.len() / 2, der.len() - 1] {
            assert_eq!(CertSummary::parse(&der[..cut]), None);
        }
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_796_000_000), "2026-11-30");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(-86_400), "1969-12-31");
    }

    #[test]
    fn fingerprint_is_sha256() {
        assert_eq!(
            fingerprint(b"abc"),
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"
        );
    }
}
