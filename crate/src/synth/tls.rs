//! Builds TLS handshake messages and records (RFC 8446 / RFC 5246 layouts) for tests: enough of
//! a ClientHello, ServerHello, Certificate, CertificateRequest and the encrypted remainder to
//! exercise the TLS decoder and the TLS findings without a TLS library.

use super::packet::Conversation;

fn u16be(v: usize) -> [u8; 2] {
    (v as u16).to_be_bytes()
}

fn u24be(v: usize) -> [u8; 3] {
    let b = (v as u32).to_be_bytes();
    [b[1], b[2], b[3]]
}

/// A handshake message: type, 24-bit length, body.
pub fn handshake(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![msg_type];
    m.extend_from_slice(&u24be(body.len()));
    m.extend_from_slice(body);
    m
}

/// A record of `content_type` carrying `payload` (record version 0x0303).
pub fn record(content_type: u8, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type, 3, 3];
    r.extend_from_slice(&u16be(payload.len()));
    r.extend_from_slice(payload);
    r
}

fn extension(t: u16, data: &[u8]) -> Vec<u8> {
    let mut e = t.to_be_bytes().to_vec();
    e.extend_from_slice(&u16be(data.len()));
    e.extend_from_slice(data);
    e
}

/// A ClientHello offering `versions` (a supported_versions extension when TLS 1.3 is among
/// them, the highest as legacy version otherwise) and `suites`.
pub fn client_hello(versions: &[u16], suites: &[u16], sni: Option<&str>) -> Vec<u8> {
    let tls13 = versions.contains(&0x0304);
    let legacy = if tls13 {
        0x0303
    } else {
        versions.iter().copied().max().unwrap_or(0x0303)
    };
    let mut b = legacy.to_be_bytes().to_vec();
    b.extend_from_slice(&[0x11; 32]);
    b.push(0);
    b.extend_from_slice(&u16be(suites.len() * 2));
    for s in suites {
        b.extend_from_slice(&s.to_be_bytes());
    }
    b.extend_from_slice(&[1, 0]);
    let mut ext = Vec::new();
    if let Some(host) = sni {
        let mut list = vec![0];
        list.extend_from_slice(&u16be(host.len()));
        list.extend_from_slice(host.as_bytes());
        let mut data = u16be(list.len()).to_vec();
        data.extend_from_slice(&list);
        ext.extend(extension(0, &data));
    }
    if tls13 {
        let mut data = vec![(versions.len() * 2) as u8];
        for v in versions {
            data.extend_from_slice(&v.to_be_bytes());
        }
        ext.extend(extension(43, &data));
    }
    b.extend_from_slice(&u16be(ext.len()));
    b.extend_from_slice(&ext);
    handshake(1, &b)
}

/// A ServerHello selecting `version` (TLS 1.3 through supported_versions) and `suite`.
pub fn server_hello(version: u16, suite: u16) -> Vec<u8> {
    let legacy = version.min(0x0303);
    let mut b = legacy.to_be_bytes().to_vec();
    b.extend_from_slice(&[0x22; 32]);
    b.push(0);
    b.extend_from_slice(&suite.to_be_bytes());
    b.push(0);
    let mut ext = extension(0xff01, &[0]);
    if version == 0x0304 {
        ext.extend(extension(43, &0x0304u16.to_be_bytes()));
    }
    b.extend_from_slice(&u16be(ext.len()));
    b.extend_from_slice(&ext);
    handshake(2, &b)
}

/// A TLS ≤ 1.2 Certificate message with a chain of DER certificates.
pub fn certificate(chain: &[&[u8]]) -> Vec<u8> {
    let mut list = Vec::new();
    for c in chain {
        list.extend_from_slice(&u24be(c.len()));
        list.extend_from_slice(c);
    }
    let mut b = u24be(list.len()).to_vec();
    b.extend_from_slice(&list);
    handshake(11, &b)
}

/// A CertificateRequest (TLS 1.2): RSA and ECDSA signing, no signature list, no CA names.
pub fn certificate_request() -> Vec<u8> {
    handshake(13, &[2, 1, 64, 0, 0, 0, 0])
}

/// The parameters of one handshake to build.
pub struct Handshake<'a> {
    /// The versions the client offers.
    pub offered_versions: &'a [u16],
    /// The cipher suites the client offers.
    pub offered_suites: &'a [u16],
    /// The negotiated version.
    pub version: u16,
    /// The negotiated cipher suite.
    pub suite: u16,
    /// Server certificate chain, sent in the clear below TLS 1.3.
    pub chain: &'a [&'a [u8]],
    /// Whether the server asks for a client certificate.
    pub request_client_certificate: bool,
}

/// A whole TLS connection as link-layer frames: TCP handshake, the TLS handshake (plaintext
/// part as the version dictates, then opaque encrypted records), a little application data and
/// the FINs.
pub fn connection(conv: &mut Conversation, h: &Handshake<'_>) -> Vec<Vec<u8>> {
    let mut frames = conv.handshake();
    let ch = client_hello(
        h.offered_versions,
        h.offered_suites,
        Some("cucm-pub.example.local"),
    );
    frames.push(conv.send(true, &record(22, &ch)));
    let mut flight = record(22, &server_hello(h.version, h.suite));
    if h.version >= 0x0304 {
        flight.extend(record(20, &[1]));
        flight.extend(record(23, &[0x5a; 1200]));
        frames.push(conv.send(false, &flight));
        let mut client = record(20, &[1]);
        client.extend(record(23, &[0x6b; 900]));
        frames.push(conv.send(true, &client));
    } else {
        if !h.chain.is_empty() {
            flight.extend(record(22, &certificate(h.chain)));
        }
        if h.request_client_certificate {
            flight.extend(record(22, &certificate_request()));
        }
        flight.extend(record(22, &handshake(14, &[])));
        frames.push(conv.send(false, &flight));
        let mut client = record(22, &handshake(16, &[0x33; 66]));
        client.extend(record(20, &[1]));
        client.extend(record(22, &[0x44; 40]));
        frames.push(conv.send(true, &client));
        let mut fin = record(20, &[1]);
        fin.extend(record(22, &[0x55; 40]));
        frames.push(conv.send(false, &fin));
    }
    frames.push(conv.send(true, &record(23, &[0x77; 64])));
    frames.push(conv.send(false, &record(23, &[0x88; 64])));
    frames.extend(conv.close());
    frames
}
