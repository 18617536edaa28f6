//! A hostile capture for the page's security tests: every string the decoders surface (login,
//! application id, device, line, partition, dialled numbers, certificate subject, SIP headers)
//! carries an HTML/script payload. Rendering any of it as markup would run `alert(...)` or add
//! an element; the browser tests assert that neither happens.

use super::packet::{self, Conversation};
use super::pcap::{write_pcapng, BlockKind, Interface, Packet, Section};
use super::sample::{jtapi_session, SessionParams};

/// Self-signed certificate whose subject is `CN=<script>…</script>, O=<img … onerror=…>`.
pub const CERTIFICATE: &[u8] = include_bytes!("hostile_cert.der");

/// A payload per field, each naming itself so a test can tell which one got through.
pub fn payload(field: &str) -> String {
    format!("<img src=x onerror=alert('{field}')><script>alert('{field}')</script>")
}

/// A capture whose decoded strings are hostile payloads ([`payload`]), for the tests that the
/// page shows them as text.
pub fn capture() -> Vec<u8> {
    let p = SessionParams {
        login: payload("login"),
        application: payload("application"),
        device: payload("device"),
        line: payload("line"),
        partition: payload("partition"),
        calls: vec![payload("dialled")],
        call_base: 1,
        global_base: 5001,
        certificate: CERTIFICATE.to_vec(),
    };
    let mut frames = Vec::new();
    let (cm, gw) = ("10.1.1.10:5060".parse().ok(), "10.1.1.20:5060".parse().ok());
    if let (Some(cm), Some(gw)) = (cm, gw) {
        let sip = format!(
            "OPTIONS sip:{0} SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.1.10:5060;branch=z9hG4bK1\r\nFrom: \"{0}\" <sip:a@b>\r\nUser-Agent: {0}\r\nContent-Length: 0\r\n\r\n",
            payload("sip")
        );
        frames.push(packet::ethernet(
            &packet::ip(
                std::net::SocketAddr::ip(&cm),
                std::net::SocketAddr::ip(&gw),
                17,
                &packet::udp(cm, gw, sip.as_bytes()),
            ),
            &[],
        ));
    }
    if let (Ok(c), Ok(s)) = ("10.66.6.6:31337".parse(), "10.1.1.10:2748".parse()) {
        let mut conv = Conversation::new(c, s);
        frames.extend(conv.handshake());
        for (from_client, m) in jtapi_session(&p) {
            frames.push(conv.send(from_client, &m));
        }
        frames.extend(conv.close());
    }
    let packets: Vec<Packet> = frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| Packet::new(1_796_000_000_000_000_000 + i as i64 * 1_000_000, f))
        .collect();
    write_pcapng(&[Section {
        big_endian: false,
        interfaces: &[Interface {
            linktype: 1,
            tsresol: 6,
        }],
        packets: &packets,
        kind: BlockKind::Enhanced,
    }])
}
