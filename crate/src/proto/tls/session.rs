//! Per-connection TLS state: both directions' record layers ([`super::record`]), the handshake
//! messages parsed while they are still in the clear ([`super::handshake`]), and what the
//! handshake established for the report (version, cipher suite, certificates, client
//! authentication), kept apart from the messages.
//!
//! When is a handshake record in the clear? Below TLS 1.3 until the sender's
//! ChangeCipherSpec (its Finished follows encrypted, still as content type 22); in TLS 1.3
//! every handshake record after the ServerHello travels as content type 23, so a type-22
//! record is always plaintext (a second ClientHello after a HelloRetryRequest).

use crate::model::EventKind;
use serde::Serialize;

use super::cert::CertSummary;
use super::ciphers::{self, version_name, SuiteInfo};
use super::handshake::{parse_alert, parse_handshake, Facts, Parsed};
use super::record::{self, Framer, HandshakeBuffer, Item};
use crate::model::{ns_to_secs, Direction, Message, Protocol};
use crate::proto::{FlowDecoder, Output, PacketCtx};


/// What the ClientHello offered.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Offered {
    pub legacy_version: String,
    pub versions: Vec<String>,
    /// Highest version offered (wire number).
    pub max_version: u16,
    pub cipher_suite_count: usize,
    /// Offered suites that are broken (NULL, export, anonymous, RC4, DES, 3DES...).
    pub weak_cipher_suites: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alpn: Vec<String>,
}

/// Records of one direction.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DirCounts {
    pub records: u64,
    pub encrypted_records: u64,
    pub application_data_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertInfo {
    pub direction: Direction,
    pub frame: u64,
    pub fatal: bool,
    pub description: String,
}

/// One certificate of a chain: parsed, or bytes that are not X.509.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ChainEntry {
    Certificate(Box<CertSummary>),
    /// Always "not an X.509 certificate".
    NotX509(&'static str),
}

/// The server's certificates as the capture shows them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ServerCertificates {
    /// TLS 1.3 encrypts them: "not visible (encrypted in TLS 1.3)".
    NotVisible(&'static str),
    /// The chain, or `null` when none was seen.
    Seen(Option<Vec<ChainEntry>>),
}

/// What a TLS connection's handshake established: the report's `sessions[].info`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionInfo {
    /// Always "tls".
    pub protocol: &'static str,
    pub client_hello_frame: Option<u64>,
    pub offered: Option<Offered>,
    pub server_hello_frame: Option<u64>,
    pub version: Option<String>,
    pub version_number: Option<u16>,
    pub cipher_suite: Option<SuiteInfo>,
    pub hello_retry_request: bool,
    pub server_certificates: ServerCertificates,
    pub server_certificate_frame: Option<u64>,
    pub client_certificate: String,
    pub client_certificates: Option<Vec<ChainEntry>>,
    pub handshake_complete: bool,
    pub alerts: Vec<AlertInfo>,
    pub to_server: DirCounts,
    pub to_client: DirCounts,
    pub not_tls: bool,
    pub gaps: bool,
}

/// One TLS connection.
#[derive(Debug)]
pub struct Decoder {
    framers: [Framer; 2],
    handshakes: [HandshakeBuffer; 2],
    ccs: [bool; 2],
    counts: [DirCounts; 2],
    client_hello_frame: Option<u64>,
    offered: Option<Offered>,
    server_hello_frame: Option<u64>,
    /// Negotiated version (wire number) from the ServerHello.
    version: Option<u16>,
    suite: Option<SuiteInfo>,
    hello_retry: bool,
    server_chain: Option<Vec<Option<CertSummary>>>,
    server_certificate_frame: Option<u64>,
    client_chain: Option<Vec<Option<CertSummary>>>,
    client_certificate_requested: bool,
    alerts: Vec<AlertInfo>,
    not_tls: bool,
    gaps: bool,
    /// `Limits::tls_max_alerts`.
    max_alerts: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::with_limits(&crate::limits::Limits::default())
    }
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    pub fn with_limits(limits: &crate::limits::Limits) -> Decoder {
        Decoder {
            framers: Default::default(),
            handshakes: Default::default(),
            ccs: [false; 2],
            counts: Default::default(),
            client_hello_frame: None,
            offered: None,
            server_hello_frame: None,
            version: None,
            suite: None,
            hello_retry: false,
            server_chain: None,
            server_certificate_frame: None,
            client_chain: None,
            client_certificate_requested: false,
            alerts: Vec::new(),
            not_tls: false,
            gaps: false,
            max_alerts: limits.tls_max_alerts,
        }
    }

    fn tls13(&self) -> bool {
        self.version == Some(0x0304)
    }

    fn emit(
        &mut self,
        dir: Direction,
        p: Parsed,
        raw: Vec<u8>,
        stream_offset: u64,
        ctx: &PacketCtx,
        out: &mut Output,
    ) {
        match &p.facts {
            Facts::ClientHello {
                legacy_version,
                versions,
                suites,
                sni,
                alpn,
            } => {
                self.client_hello_frame.get_or_insert(ctx.frame);
                self.offered = Some(Offered {
                    legacy_version: version_name(*legacy_version),
                    versions: versions.iter().map(|v| version_name(*v)).collect(),
                    max_version: versions
                        .iter()
                        .copied()
                        .filter(|v| *v < 0x7f00)
                        .max()
                        .unwrap_or(*legacy_version),
                    cipher_suite_count: suites
                        .iter()
                        .filter(|s| !ciphers::is_placeholder(**s))
                        .count(),
                    weak_cipher_suites: suites
                        .iter()
                        .map(|s| ciphers::suite(*s))
                        .filter(|s| s.weakness.is_some())
                        .map(|s| s.name)
                        .collect(),
                    server_name: sni.clone(),
                    alpn: alpn.clone(),
                });
            }
            Facts::ServerHello {
                version,
                suite,
                hello_retry,
            } => {
                if *hello_retry {
                    self.hello_retry = true;
                } else {
                    self.server_hello_frame = Some(ctx.frame);
                    self.version = Some(*version);
                    self.suite = Some(ciphers::suite(*suite));
                }
            }
            Facts::Certificate { chain } => match dir {
                Direction::ToClient => {
                    self.server_chain = Some(chain.clone());
                    self.server_certificate_frame = Some(ctx.frame);
                }
                Direction::ToServer => self.client_chain = Some(chain.clone()),
            },
            Facts::CertificateRequest => self.client_certificate_requested = true,
            Facts::Alert { fatal, description } => {
                if self.alerts.len() < self.max_alerts {
                    self.alerts.push(AlertInfo {
                        direction: dir,
                        frame: ctx.frame,
                        fatal: *fatal,
                        description: description.clone(),
                    });
                }
            }
            Facts::Other => {}
        }
        for e in &p.errors {
            out.event(
                EventKind::TlsMalformedHandshake,
                Some(dir),
                ctx.frame,
                e.clone(),
            );
        }
        out.messages.push(Message {
            session: 0,
            protocol: Protocol::Tls,
            direction: dir,
            frame: ctx.frame,
            time: ns_to_secs(ctx.ts_ns),
            pdu: p.pdu,
            name: p.name,
            fields: p.fields,
            spans: p.spans,
            summary: p.summary,
            stream_offset,
            len: u32::try_from(raw.len()).unwrap_or(u32::MAX),
            seq: None,
            request_frame: None,
            latency_ms: None,
            errors: p.errors,
            raw,
        });
    }

    fn on_record(&mut self, dir: Direction, r: record::Record, ctx: &PacketCtx, out: &mut Output) {
        let i = dir.index();
        let plaintext_handshake = !self.ccs.get(i).copied().unwrap_or(true) || self.tls13();
        if let Some(c) = self.counts.get_mut(i) {
            c.records = c.records.saturating_add(1);
        }
        match r.content_type {
            record::HANDSHAKE if plaintext_handshake => {
                let mut msgs = Vec::new();
                let res = self
                    .handshakes
                    .get_mut(i)
                    .map(|h| h.push(r.stream_offset, &r.payload, &mut msgs));
                if let Some(Err(len)) = res {
                    out.event(
                        EventKind::TlsLimit,
                        Some(dir),
                        ctx.frame,
                        format!(
                            "handshake message of {len} bytes exceeds {} bytes; not decoded",
                            record::MAX_HANDSHAKE_LEN
                        ),
                    );
                }
                for m in msgs {
                    let parsed = parse_handshake(&m.raw);
                    self.emit(dir, parsed, m.raw, m.stream_offset, ctx, out);
                }
            }
            record::ALERT if plaintext_handshake && r.payload.len() == 2 => {
                let parsed = parse_alert(&r.payload);
                self.emit(
                    dir,
                    parsed,
                    r.payload,
                    r.stream_offset.saturating_add(5),
                    ctx,
                    out,
                );
            }
            record::CHANGE_CIPHER_SPEC => {
                if let Some(c) = self.ccs.get_mut(i) {
                    *c = true;
                }
            }
            _ => {
                if let Some(c) = self.counts.get_mut(i) {
                    c.encrypted_records = c.encrypted_records.saturating_add(1);
                    if r.content_type == record::APPLICATION_DATA {
                        c.application_data_bytes =
                            c.application_data_bytes.saturating_add(r.len as u64);
                    }
                }
            }
        }
    }
}

impl SessionInfo {
    /// The Sessions view's facts: version, cipher suite, certificate, handshake, alerts.
    pub fn facts(&self) -> Vec<crate::report::Fact> {
        use crate::report::Fact;
        let mut facts = Vec::new();
        match (&self.version, &self.offered) {
            (Some(v), _) => facts.push(Fact::new("version", v.clone())),
            (None, Some(o)) => facts.push(Fact::new("offered", o.versions.join(", "))),
            (None, None) => {}
        }
        if let Some(s) = &self.cipher_suite {
            facts.push(Fact::new("cipher", s.name.clone()));
        }
        match &self.server_certificates {
            ServerCertificates::Seen(Some(chain)) => {
                if let Some(ChainEntry::Certificate(c)) = chain.first() {
                    facts.push(Fact::new("certificate", c.subject.clone()));
                }
            }
            ServerCertificates::NotVisible(why) => facts.push(Fact::new("certificate", *why)),
            ServerCertificates::Seen(None) => {}
        }
        if let Some(o) = self.offered.as_ref().filter(|o| !o.weak_cipher_suites.is_empty()) {
            facts.push(Fact::new("weak suites offered", o.weak_cipher_suites.len().to_string()));
        }
        facts.push(Fact::new("handshake", if self.handshake_complete { "complete" } else { "not seen in full" }));
        if !self.alerts.is_empty() {
            facts.push(Fact::new("alerts", self.alerts.len().to_string()));
        }
        facts
    }
}

fn chain_of(chain: &Option<Vec<Option<CertSummary>>>) -> Option<Vec<ChainEntry>> {
    chain.as_ref().map(|c| {
        c.iter()
            .map(|s| {
                s.clone()
                    .map_or(ChainEntry::NotX509("not an X.509 certificate"), |c| {
                        ChainEntry::Certificate(Box::new(c))
                    })
            })
            .collect()
    })
}

impl Decoder {
    /// What the handshake established so far.
    /// [`Self::info`] as the report's JSON shows it.
    pub fn session_info(&self) -> serde_json::Value {
        serde_json::to_value(self.info()).unwrap_or(serde_json::Value::Null)
    }

    pub fn info(&self) -> SessionInfo {
        let client_certificate = if self.tls13() {
            "not visible (TLS 1.3 encrypts the certificate request and the client certificate)"
                .to_string()
        } else {
            match (&self.client_chain, self.client_certificate_requested) {
                (Some(c), _) if !c.is_empty() => "requested and sent".into(),
                (Some(_), _) => "requested, none sent".into(),
                (None, true) => "requested, none seen".into(),
                (None, false) if self.server_hello_frame.is_some() => "not requested".into(),
                (None, false) => "unknown (handshake not seen)".into(),
            }
        };
        let server_certificates = if self.tls13() && self.server_chain.is_none() {
            ServerCertificates::NotVisible("not visible (encrypted in TLS 1.3)")
        } else {
            ServerCertificates::Seen(chain_of(&self.server_chain))
        };
        let handshake_complete = self.ccs.iter().all(|c| *c)
            || self.counts.iter().all(|c| c.encrypted_records > 0)
                && self.server_hello_frame.is_some();
        SessionInfo {
            protocol: "tls",
            client_hello_frame: self.client_hello_frame,
            offered: self.offered.clone(),
            server_hello_frame: self.server_hello_frame,
            version: self.version.map(version_name),
            version_number: self.version,
            cipher_suite: self.suite.clone(),
            hello_retry_request: self.hello_retry,
            server_certificates,
            server_certificate_frame: self.server_certificate_frame,
            client_certificate,
            client_certificates: chain_of(&self.client_chain),
            handshake_complete,
            alerts: self.alerts.clone(),
            to_server: self.counts.first().cloned().unwrap_or_default(),
            to_client: self.counts.get(1).cloned().unwrap_or_default(),
            not_tls: self.not_tls,
            gaps: self.gaps,
        }
    }
}

impl FlowDecoder for Decoder {
    fn protocol(&self) -> Protocol {
        Protocol::Tls
    }

    fn on_data(&mut self, dir: Direction, data: &[u8], ctx: &PacketCtx, out: &mut Output) {
        let mut items = Vec::new();
        if let Some(f) = self.framers.get_mut(dir.index()) {
            f.push(data, &mut items);
        }
        for item in items {
            match item {
                Item::Record(r) => self.on_record(dir, r, ctx, out),
                Item::NotTls {
                    stream_offset,
                    detail,
                } => {
                    self.not_tls = true;
                    out.event(EventKind::TlsNotTls, Some(dir), ctx.frame, format!("{detail} (stream offset {stream_offset}); decoding of this direction stops"));
                }
            }
        }
    }

    fn on_gap(&mut self, dir: Direction, missing_len: u64, ctx: &PacketCtx, out: &mut Output) {
        self.gaps = true;
        if let Some(f) = self.framers.get_mut(dir.index()) {
            if !f.stopped() {
                f.stop();
                out.event(EventKind::TlsGap, Some(dir), ctx.frame, format!(
                    "{missing_len} bytes missing; TLS records cannot be found again, decoding of this direction stops"));
            }
        }
    }

    fn on_close(&mut self, _ctx: &PacketCtx, _out: &mut Output) {}

    fn sessions(&self) -> Vec<crate::report::SessionInfo> {
        vec![crate::report::SessionInfo::Tls(Box::new(self.info()))]
    }

    fn encrypted(&self) -> bool {
        true
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use crate::synth::tls as build;

    fn ctx(frame: u64) -> PacketCtx {
        PacketCtx {
            frame,
            ..PacketCtx::default()
        }
    }

    #[test]
    fn tls12_handshake_in_one_byte_chunks() {
        let ch = build::record(22, &build::client_hello(&[0x0303], &[0xc030, 0x002f], None));
        let mut flight = build::record(22, &build::server_hello(0x0303, 0x002f));
        flight.extend(build::record(
            22,
            &build::certificate(&[crate::synth::sample::CERTIFICATE]),
        ));
        flight.extend(build::record(22, &build::certificate_request()));
        flight.extend(build::record(20, &[1]));
        flight.extend(build::record(22, &[9; 40]));
        let mut d = Decoder::new();
        let mut out = Output::default();
        for b in &ch {
            d.on_data(
                Direction::ToServer,
                std::slice::from_ref(b),
                &ctx(1),
                &mut out,
            );
        }
        for b in &flight {
            d.on_data(
                Direction::ToClient,
                std::slice::from_ref(b),
                &ctx(2),
                &mut out,
            );
        }
        let names: Vec<&str> = out.messages.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "ClientHello",
                "ServerHello",
                "Certificate",
                "CertificateRequest"
            ]
        );
        let info = d.session_info();
        assert_eq!(info["version"], "TLS 1.2");
        assert_eq!(info["cipher_suite"]["forward_secrecy"], false);
        assert_eq!(info["server_certificates"][0]["self_signed"], true);
        assert_eq!(info["client_certificate"], "requested, none seen");
        assert!(out.events.is_empty(), "{:?}", out.events);
    }

    #[test]
    fn garbage_and_gaps_stop_a_direction_without_panicking() {
        let mut d = Decoder::new();
        let mut out = Output::default();
        d.on_data(
            Direction::ToServer,
            b"GET / HTTP/1.0\r\n\r\n",
            &ctx(1),
            &mut out,
        );
        d.on_gap(Direction::ToClient, 10, &ctx(2), &mut out);
        d.on_data(
            Direction::ToClient,
            &build::record(22, &build::server_hello(0x0303, 0x002f)),
            &ctx(3),
            &mut out,
        );
        let kinds: Vec<&str> = out.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["tls.not_tls", "tls.gap"]);
        assert!(out.messages.is_empty());
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..300 {
            let mut d = Decoder::new();
            let mut stream = build::record(
                22,
                &build::client_hello(&[0x0304, 0x0303], &[0x1301], Some("a")),
            );
            stream.extend(build::record(
                22,
                &build::certificate(&[crate::synth::sample::CERTIFICATE]),
            ));
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = (state as usize) % stream.len();
            stream[i] ^= (state >> 32) as u8 | 1;
            for c in stream.chunks(1 + (state as usize >> 40) % 50) {
                d.on_data(Direction::ToServer, c, &ctx(1), &mut out);
            }
            let _ = d.session_info();
        }
    }
}
