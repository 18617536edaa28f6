//! One plaintext handshake message (or alert) → fields, spans and the facts the session keeps.
//! Pure: bytes in, [`Parsed`] out; `tls-parser` reads the structures, this file only locates
//! them in the message bytes (for the page's hex view) and names what it finds.
//!
//! Spans are relative to the handshake message (4-byte header included, record headers not:
//! a message may span several records).

use serde_json::{json, Map, Value};
use tls_parser::{
    parse_tls_client_hello_extension, parse_tls_message_handshake,
    parse_tls_server_hello_extension, TlsAlertDescription, TlsAlertSeverity, TlsExtension,
    TlsMessage, TlsMessageHandshake,
};

use super::cert::CertSummary;
use super::ciphers::{self, is_placeholder, version_name};
use crate::model::{Span, Tag};

/// Most cipher suites listed by name for one ClientHello (the rest are counted).
pub const MAX_LISTED_SUITES: usize = 128;
/// Most certificates summarised from one Certificate message.
pub const MAX_CHAIN: usize = 16;

/// The SHA-256 of "HelloRetryRequest" that a TLS 1.3 HelloRetryRequest carries as its random
/// (RFC 8446 §4.1.3).
const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// What the session learns from one message.
#[derive(Clone, Debug, PartialEq)]
pub enum Facts {
    ClientHello {
        legacy_version: u16,
        /// supported_versions (TLS 1.3 clients), else the legacy version alone.
        versions: Vec<u16>,
        suites: Vec<u16>,
        sni: Option<String>,
        alpn: Vec<String>,
    },
    ServerHello {
        /// supported_versions when present (TLS 1.3), else the legacy version.
        version: u16,
        suite: u16,
        hello_retry: bool,
    },
    Certificate {
        chain: Vec<Option<CertSummary>>,
    },
    CertificateRequest,
    Alert {
        fatal: bool,
        description: String,
    },
    Other,
}

#[derive(Clone, Debug)]
pub struct Parsed {
    pub pdu: u32,
    pub name: String,
    pub fields: Map<String, Value>,
    pub spans: Vec<Span>,
    pub summary: String,
    pub errors: Vec<String>,
    pub facts: Facts,
}

/// The name of a handshake message type (RFC 8446 §4, RFC 5246 §7.4).
pub fn handshake_name(t: u8) -> String {
    match t {
        0 => "HelloRequest".into(),
        1 => "ClientHello".into(),
        2 => "ServerHello".into(),
        4 => "NewSessionTicket".into(),
        5 => "EndOfEarlyData".into(),
        8 => "EncryptedExtensions".into(),
        11 => "Certificate".into(),
        12 => "ServerKeyExchange".into(),
        13 => "CertificateRequest".into(),
        14 => "ServerHelloDone".into(),
        15 => "CertificateVerify".into(),
        16 => "ClientKeyExchange".into(),
        20 => "Finished".into(),
        22 => "CertificateStatus".into(),
        24 => "KeyUpdate".into(),
        67 => "NextProtocol".into(),
        t => format!("Handshake{t}"),
    }
}

fn span(path: &str, start: usize, end: usize, tag: Option<Tag>, note: Option<String>) -> Span {
    let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    Span {
        path: path.to_string(),
        start: clamp(start),
        end: clamp(end.max(start)),
        tag,
        note,
    }
}

/// Where `part` (a sub-slice that `tls-parser` returned) sits within `whole`.
fn offset_in(whole: &[u8], part: &[u8]) -> Option<usize> {
    let off = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (off.checked_add(part.len())? <= whole.len()).then_some(off)
}

fn suite_label(id: u16) -> String {
    let s = ciphers::suite(id);
    if s.name.starts_with("0x") {
        s.name
    } else {
        format!("{} (0x{id:04X})", s.name)
    }
}

/// Parses one complete handshake message (`raw` = type, 24-bit length, body).
pub fn parse_handshake(raw: &[u8]) -> Parsed {
    let msg_type = raw.first().copied().unwrap_or(0);
    let name = handshake_name(msg_type);
    let mut p = Parsed {
        pdu: 0x1600 | u32::from(msg_type),
        name: name.clone(),
        fields: Map::new(),
        spans: vec![
            span("@handshake.msg_type", 0, 1, None, Some(name.clone())),
            span("@handshake.length", 1, 4.min(raw.len()), None, None),
        ],
        summary: name.clone(),
        errors: Vec::new(),
        facts: Facts::Other,
    };
    match parse_tls_message_handshake(raw) {
        Ok((_, TlsMessage::Handshake(hs))) => match hs {
            TlsMessageHandshake::ClientHello(ch) => client_hello(raw, &ch, &mut p),
            TlsMessageHandshake::ServerHello(sh) => server_hello(
                raw,
                sh.version.0,
                sh.random,
                sh.session_id,
                sh.cipher.0,
                sh.ext,
                &mut p,
            ),
            TlsMessageHandshake::Certificate(c) => {
                let mut chain = Vec::new();
                for (i, cert) in c.cert_chain.iter().enumerate() {
                    if i >= MAX_CHAIN {
                        p.errors.push(format!(
                            "{} certificates; the first {MAX_CHAIN} are summarised",
                            c.cert_chain.len()
                        ));
                        break;
                    }
                    let summary = CertSummary::parse(cert.data);
                    if let Some(off) = offset_in(raw, cert.data) {
                        let note = summary
                            .as_ref()
                            .map(CertSummary::describe)
                            .or_else(|| Some("not an X.509 certificate".into()));
                        p.spans.push(span(
                            &format!("certificates.{i}"),
                            off,
                            off.saturating_add(cert.data.len()),
                            Some(Tag::Certificate),
                            note,
                        ));
                    }
                    chain.push(summary);
                }
                let list: Vec<Value> = chain
                    .iter()
                    .map(|c| {
                        c.as_ref().map_or(Value::Null, |c| {
                            serde_json::to_value(c).unwrap_or(Value::Null)
                        })
                    })
                    .collect();
                let subject = chain
                    .first()
                    .and_then(|c| c.as_ref())
                    .map(|c| c.subject.clone())
                    .unwrap_or_default();
                p.summary = format!(
                    "Certificate, {} in chain{}",
                    chain.len(),
                    if subject.is_empty() {
                        String::new()
                    } else {
                        format!(": {subject}")
                    }
                );
                p.fields.insert("certificates".into(), Value::Array(list));
                p.facts = Facts::Certificate { chain };
            }
            TlsMessageHandshake::CertificateRequest(r) => {
                p.fields
                    .insert("certificate_types".into(), json!(r.cert_types));
                p.fields
                    .insert("acceptable_ca_count".into(), json!(r.unparsed_ca.len()));
                p.summary = "CertificateRequest: the server asks for a client certificate".into();
                p.facts = Facts::CertificateRequest;
            }
            TlsMessageHandshake::ServerHelloV13Draft18(sh) => server_hello(
                raw,
                sh.version.0,
                sh.random,
                None,
                sh.cipher.0,
                sh.ext,
                &mut p,
            ),
            _ => {}
        },
        Ok(_) => {}
        Err(_) => {
            // tls-parser rejects TLS 1.3 ServerHellos whose legacy version is not 0x0303 and
            // unknown message types; a ServerHello is still read by hand below.
            if msg_type == 2 {
                if let Some((v, random, sid, suite, ext)) = server_hello_by_hand(raw) {
                    server_hello(raw, v, random, sid, suite, ext, &mut p);
                    return p;
                }
            }
            if !matches!(
                msg_type,
                0 | 4 | 5 | 8 | 12 | 14 | 15 | 16 | 20 | 22 | 24 | 67
            ) {
                p.errors.push(format!(
                    "{name}: malformed or unsupported handshake message"
                ));
            }
        }
    }
    p
}

type HelloParts<'a> = (u16, &'a [u8], Option<&'a [u8]>, u16, Option<&'a [u8]>);

fn server_hello_by_hand(raw: &[u8]) -> Option<HelloParts<'_>> {
    let body = raw.get(4..)?;
    let v = u16::from_be_bytes([*body.first()?, *body.get(1)?]);
    let random = body.get(2..34)?;
    let sid_len = usize::from(*body.get(34)?);
    let sid_end = 35usize.checked_add(sid_len)?;
    let sid = body.get(35..sid_end)?;
    let suite = u16::from_be_bytes([*body.get(sid_end)?, *body.get(sid_end.checked_add(1)?)?]);
    let ext_at = sid_end.checked_add(3)?;
    let ext = body.get(ext_at..).and_then(|e| {
        let n = usize::from(u16::from_be_bytes([*e.first()?, *e.get(1)?]));
        e.get(2..2usize.checked_add(n)?)
    });
    Some((v, random, (!sid.is_empty()).then_some(sid), suite, ext))
}

/// Walks an extensions block: (type, whole entry incl. its 4-byte header, offset in `raw`).
fn extensions<'a>(raw: &'a [u8], block: &'a [u8]) -> Vec<(u16, &'a [u8], usize)> {
    let mut out = Vec::new();
    let Some(base) = offset_in(raw, block) else {
        return out;
    };
    let mut pos = 0usize;
    while let (Some(&a), Some(&b), Some(&c), Some(&d)) = (
        block.get(pos),
        block.get(pos.saturating_add(1)),
        block.get(pos.saturating_add(2)),
        block.get(pos.saturating_add(3)),
    ) {
        let t = u16::from_be_bytes([a, b]);
        let len = usize::from(u16::from_be_bytes([c, d]));
        let end = pos.saturating_add(4).saturating_add(len);
        let Some(entry) = block.get(pos..end) else {
            break;
        };
        out.push((t, entry, base.saturating_add(pos)));
        pos = end;
    }
    out
}

fn ext_name(t: u16) -> String {
    match t {
        0 => "server_name".into(),
        5 => "status_request".into(),
        10 => "supported_groups".into(),
        11 => "ec_point_formats".into(),
        13 => "signature_algorithms".into(),
        16 => "application_layer_protocol_negotiation".into(),
        22 => "encrypt_then_mac".into(),
        23 => "extended_master_secret".into(),
        35 => "session_ticket".into(),
        41 => "pre_shared_key".into(),
        42 => "early_data".into(),
        43 => "supported_versions".into(),
        44 => "cookie".into(),
        45 => "psk_key_exchange_modes".into(),
        49 => "post_handshake_auth".into(),
        51 => "key_share".into(),
        0xff01 => "renegotiation_info".into(),
        t if t & 0x0f0f == 0x0a0a => "grease".into(),
        t => format!("ext_{t}"),
    }
}

fn client_hello(raw: &[u8], ch: &tls_parser::TlsClientHelloContents<'_>, p: &mut Parsed) {
    let legacy = ch.version.0;
    p.spans.push(span(
        "legacy_version",
        4,
        6,
        Some(Tag::Version),
        Some(version_name(legacy)),
    ));
    if let Some(off) = offset_in(raw, ch.random) {
        p.spans.push(span(
            "random",
            off,
            off.saturating_add(ch.random.len()),
            None,
            None,
        ));
    }
    let sid_len = ch.session_id.map_or(0, <[u8]>::len);
    let suites_at = 4usize
        .saturating_add(2)
        .saturating_add(32)
        .saturating_add(1)
        .saturating_add(sid_len);
    p.spans.push(span("session_id", 38, suites_at, None, None));
    let suites: Vec<u16> = ch.ciphers.iter().map(|c| c.0).collect();
    let suites_end = suites_at
        .saturating_add(2)
        .saturating_add(suites.len().saturating_mul(2));
    p.spans.push(span(
        "cipher_suites",
        suites_at,
        suites_end,
        None,
        Some(format!("{} suites", suites.len())),
    ));
    p.fields
        .insert("legacy_version".into(), json!(version_name(legacy)));
    let listed: Vec<String> = suites
        .iter()
        .filter(|s| !is_placeholder(**s))
        .take(MAX_LISTED_SUITES)
        .map(|s| suite_label(*s))
        .collect();
    p.fields.insert("cipher_suites".into(), json!(listed));
    let weak: Vec<String> = suites
        .iter()
        .filter_map(|s| {
            ciphers::suite(*s)
                .weakness
                .map(|w| format!("{}: {w}", suite_label(*s)))
        })
        .collect();
    if !weak.is_empty() {
        p.fields.insert("weak_cipher_suites".into(), json!(weak));
    }
    p.fields.insert(
        "compression_methods".into(),
        json!(ch.comp.iter().map(|c| c.0).collect::<Vec<u8>>()),
    );
    let mut versions = vec![legacy];
    let mut sni = None;
    let mut alpn = Vec::new();
    let mut names = Vec::new();
    if let Some(block) = ch.ext {
        for (t, entry, off) in extensions(raw, block) {
            let name = ext_name(t);
            let end = off.saturating_add(entry.len());
            let parsed = parse_tls_client_hello_extension(entry).ok().map(|(_, e)| e);
            match parsed {
                Some(TlsExtension::SNI(list)) => {
                    let host = list
                        .first()
                        .map(|(_, h)| String::from_utf8_lossy(h).into_owned());
                    p.spans
                        .push(span("extensions.server_name", off, end, None, host.clone()));
                    sni = host;
                }
                Some(TlsExtension::SupportedVersions(vs)) => {
                    versions = vs
                        .iter()
                        .map(|v| v.0)
                        .filter(|v| v & 0x0f0f != 0x0a0a)
                        .collect();
                    let note = versions
                        .iter()
                        .map(|v| version_name(*v))
                        .collect::<Vec<_>>()
                        .join(", ");
                    p.spans.push(span(
                        "extensions.supported_versions",
                        off,
                        end,
                        Some(Tag::Version),
                        Some(note),
                    ));
                }
                Some(TlsExtension::ALPN(list)) => {
                    alpn = list
                        .iter()
                        .map(|a| String::from_utf8_lossy(a).into_owned())
                        .collect();
                    p.spans.push(span(
                        "extensions.application_layer_protocol_negotiation",
                        off,
                        end,
                        None,
                        Some(alpn.join(", ")),
                    ));
                }
                _ => p
                    .spans
                    .push(span(&format!("extensions.{name}"), off, end, None, None)),
            }
            names.push(name);
        }
    }
    p.fields.insert(
        "supported_versions".into(),
        json!(versions
            .iter()
            .map(|v| version_name(*v))
            .collect::<Vec<_>>()),
    );
    if let Some(h) = &sni {
        p.fields.insert("server_name".into(), json!(h));
    }
    if !alpn.is_empty() {
        p.fields.insert("alpn".into(), json!(alpn));
    }
    p.fields.insert("extensions".into(), json!(names));
    let max = versions
        .iter()
        .copied()
        .filter(|v| *v < 0x7f00)
        .max()
        .unwrap_or(legacy);
    p.summary = format!(
        "ClientHello up to {}, {} cipher suites{}",
        version_name(max),
        suites.len(),
        sni.as_ref()
            .map(|h| format!(", SNI {h}"))
            .unwrap_or_default()
    );
    p.facts = Facts::ClientHello {
        legacy_version: legacy,
        versions,
        suites,
        sni,
        alpn,
    };
}

fn server_hello(
    raw: &[u8],
    legacy: u16,
    random: &[u8],
    sid: Option<&[u8]>,
    suite: u16,
    ext: Option<&[u8]>,
    p: &mut Parsed,
) {
    p.spans.push(span(
        "legacy_version",
        4,
        6,
        Some(Tag::Version),
        Some(version_name(legacy)),
    ));
    if let Some(off) = offset_in(raw, random) {
        p.spans.push(span(
            "random",
            off,
            off.saturating_add(random.len()),
            None,
            None,
        ));
    }
    let suite_at = 4usize
        .saturating_add(2 + 32 + 1)
        .saturating_add(sid.map_or(0, <[u8]>::len));
    let info = ciphers::suite(suite);
    p.spans.push(span(
        "cipher_suite",
        suite_at,
        suite_at.saturating_add(2),
        None,
        Some(info.name.clone()),
    ));
    let hello_retry = random == HRR_RANDOM;
    let mut version = legacy;
    let mut names = Vec::new();
    if let Some(block) = ext {
        for (t, entry, off) in extensions(raw, block) {
            let end = off.saturating_add(entry.len());
            let name = ext_name(t);
            match parse_tls_server_hello_extension(entry).ok().map(|(_, e)| e) {
                Some(TlsExtension::SupportedVersions(vs)) if !vs.is_empty() => {
                    version = vs.first().map_or(legacy, |v| v.0);
                    p.spans.push(span(
                        "extensions.supported_versions",
                        off,
                        end,
                        Some(Tag::Version),
                        Some(version_name(version)),
                    ));
                }
                _ => {
                    // A ServerHello's supported_versions holds one version (2 bytes), which
                    // the generic parser may not read as a list.
                    if t == 43 {
                        if let [_, _, _, _, a, b] = *entry {
                            version = u16::from_be_bytes([a, b]);
                            p.spans.push(span(
                                "extensions.supported_versions",
                                off,
                                end,
                                Some(Tag::Version),
                                Some(version_name(version)),
                            ));
                            names.push(name);
                            continue;
                        }
                    }
                    p.spans
                        .push(span(&format!("extensions.{name}"), off, end, None, None));
                }
            }
            names.push(name);
        }
    }
    p.fields
        .insert("legacy_version".into(), json!(version_name(legacy)));
    p.fields
        .insert("version".into(), json!(version_name(version)));
    p.fields
        .insert("cipher_suite".into(), json!(suite_label(suite)));
    p.fields
        .insert("forward_secrecy".into(), json!(info.forward_secrecy));
    p.fields.insert("aead".into(), json!(info.aead));
    if hello_retry {
        p.fields.insert("hello_retry_request".into(), json!(true));
    }
    p.fields.insert("extensions".into(), json!(names));
    p.summary = format!(
        "{} {} {}",
        if hello_retry {
            "HelloRetryRequest"
        } else {
            "ServerHello"
        },
        version_name(version),
        info.name
    );
    p.facts = Facts::ServerHello {
        version,
        suite,
        hello_retry,
    };
}

/// A plaintext alert record's payload (level, description).
pub fn parse_alert(payload: &[u8]) -> Parsed {
    let (level, desc) = match payload {
        [l, d, ..] => (*l, *d),
        _ => (0, 0),
    };
    let fatal = level == 2;
    let description = format!("{}", TlsAlertDescription(desc));
    let level_name = format!("{}", TlsAlertSeverity(level));
    let mut fields = Map::new();
    fields.insert("level".into(), json!(level_name));
    fields.insert("description".into(), json!(description));
    Parsed {
        pdu: 0x1500 | u32::from(desc),
        name: "Alert".into(),
        fields,
        spans: vec![
            span(
                "level",
                0,
                1.min(payload.len()),
                None,
                Some(level_name.clone()),
            ),
            span(
                "description",
                1.min(payload.len()),
                2.min(payload.len()),
                None,
                Some(description.clone()),
            ),
        ],
        summary: format!("Alert {level_name} {description}"),
        errors: if payload.len() == 2 {
            Vec::new()
        } else {
            vec![format!("alert of {} bytes, expected 2", payload.len())]
        },
        facts: Facts::Alert { fatal, description },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::synth::tls as build;

    #[test]
    fn client_hello_versions_suites_and_sni() {
        let raw = build::client_hello(
            &[0x0304, 0x0303],
            &[0x1302, 0xc030, 0x000a],
            Some("cucm.example"),
        );
        let p = parse_handshake(&raw);
        assert_eq!(p.name, "ClientHello");
        let Facts::ClientHello {
            versions,
            suites,
            sni,
            ..
        } = &p.facts
        else {
            panic!("{:?}", p.facts)
        };
        assert_eq!(versions, &vec![0x0304, 0x0303]);
        assert_eq!(suites, &vec![0x1302, 0xc030, 0x000a]);
        assert_eq!(sni.as_deref(), Some("cucm.example"));
        assert!(p.fields["weak_cipher_suites"][0]
            .as_str()
            .unwrap()
            .contains("3DES"));
        for s in &p.spans {
            assert!(s.start <= s.end && s.end as usize <= raw.len(), "{s:?}");
        }
        let cs = p.spans.iter().find(|s| s.path == "cipher_suites").unwrap();
        assert_eq!(
            &raw[cs.start as usize..cs.end as usize],
            &[0, 6, 0x13, 0x02, 0xc0, 0x30, 0x00, 0x0a]
        );
    }

    #[test]
    fn server_hello_tls13_reads_supported_versions() {
        let raw = build::server_hello(0x0304, 0x1302);
        let p = parse_handshake(&raw);
        assert_eq!(
            p.facts,
            Facts::ServerHello {
                version: 0x0304,
                suite: 0x1302,
                hello_retry: false
            }
        );
        let raw = build::server_hello(0x0301, 0xc014);
        assert_eq!(
            parse_handshake(&raw).facts,
            Facts::ServerHello {
                version: 0x0301,
                suite: 0xc014,
                hello_retry: false
            }
        );
    }

    #[test]
    fn certificate_chain_is_summarised() {
        let raw = build::certificate(&[crate::synth::sample::CERTIFICATE, b"junk"]);
        let p = parse_handshake(&raw);
        let Facts::Certificate { chain } = &p.facts else {
            panic!()
        };
        assert_eq!(chain.len(), 2);
        assert!(chain[0].as_ref().unwrap().self_signed);
        assert!(chain[1].is_none());
    }

    #[test]
    fn truncations_never_panic() {
        let raws = [
            build::client_hello(&[0x0304, 0x0303], &[0x1302, 0xc030], Some("x")),
            build::server_hello(0x0304, 0x1302),
            build::certificate(&[crate::synth::sample::CERTIFICATE]),
        ];
        for raw in &raws {
            for cut in 0..raw.len() {
                let p = parse_handshake(&raw[..cut]);
                for s in &p.spans {
                    assert!(s.start <= s.end, "{s:?}");
                }
            }
        }
        assert_eq!(
            parse_alert(&[2, 40]).facts,
            Facts::Alert {
                fatal: true,
                description: "HandshakeFailure".into()
            }
        );
        let _ = parse_alert(&[]);
    }
}
