//! Captures built in code for the rules' tests: the sample JTAPI session (`synth::sample`) cut
//! or altered, single crafted CTIQBE messages, raw bytes on a CTI port, and TLS handshakes
//! (`synth::tls`). Each test runs the whole engine on the capture it builds.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::ops::Range;

use crate::report::{Finding, Report};
use crate::synth::ctiqbe::{Frame, Slots};
use crate::synth::packet::Conversation;
use crate::synth::pcap::{write_pcap, Packet, PcapOptions};
use crate::synth::sample::{self, CERTIFICATE};
use crate::synth::tls::{self, Handshake};

/// 2026-11-30, inside the validity of the sample and test certificates.
pub const START_S: i64 = 1_796_000_000;
pub const SAMPLE_ALL: Range<usize> = 0..1000;
/// ProviderInit, ProviderOpen and their answers: an opened provider, nothing else.
pub const SAMPLE_OPEN_ONLY: Range<usize> = 0..5;
/// A CA-signed RSA-2048 server certificate (CN=cucm-pub.test.example, issuer CN=CAPF-test-ca),
/// made with openssl for these tests; valid 2026-11-26..2036-11-23.
pub const CA_SIGNED: &[u8] = include_bytes!("testdata/ca_signed.der");

pub const TLS13_GOOD: Handshake<'static> = Handshake {
    offered_versions: &[0x0304, 0x0303],
    offered_suites: &[0x1302, 0x1303, 0x1301, 0xc030, 0xc02f],
    version: 0x0304,
    suite: 0x1302,
    chain: &[],
    request_client_certificate: true,
};

pub const TLS12_CA: Handshake<'static> = Handshake {
    offered_versions: &[0x0303],
    offered_suites: &[0xc030, 0xc02f, 0x009f],
    version: 0x0303,
    suite: 0xc030,
    chain: &[CA_SIGNED],
    request_client_certificate: false,
};

/// One TCP connection's CTIQBE (or raw) messages; `(from_client, bytes)`.
pub struct Conv {
    pub client: Option<String>,
    pub server: String,
    pub msgs: Vec<(bool, Vec<u8>)>,
}

const SERVER: &str = "10.1.1.10:2748";
const VERSION: &str = "Cisco JTAPI 15.0(0.10000)-1 Release";
const CUCM: &str = "15.0.1.10000-1";

pub fn conv(msgs: Vec<(bool, Vec<u8>)>) -> Conv {
    Conv {
        client: None,
        server: SERVER.into(),
        msgs,
    }
}

/// Messages `range` of the sample session.
pub fn session(range: &Range<usize>) -> Conv {
    let all = sample::ctiqbe_session();
    let end = range.end.min(all.len());
    conv(all[range.start..end].to_vec())
}

pub fn init_request() -> Vec<u8> {
    sample::ctiqbe_session()[0].1.clone()
}

pub fn init_response(cert: &[u8]) -> Vec<u8> {
    Frame::new(311)
        .u32(0)
        .u32(0)
        .str(Some(CUCM))
        .str(Some(CUCM))
        .str(Some("http://10.1.1.10/plugins/"))
        .u32(0x0100_0007)
        .str(Some("6d2f8c1a-0b44-4e5e-9a7d-3c1f00d2e9b7"))
        .bytes(Some(cert))
        .build()
}

pub fn open_request(password_blob: &[u8], key_blob: Option<&[u8]>) -> Vec<u8> {
    Frame::new(3)
        .u32(1)
        .str(Some("10.1.1.10"))
        .str(Some(VERSION))
        .ustr("ivr_jtapi", false)
        .bytes(Some(password_blob))
        .structure(|s| {
            for _ in 0..6 {
                s.bool(true);
            }
        })
        .str(Some("IVR-Main@ivr01"))
        .u32(30)
        .u32(0)
        .u32(0)
        .str(Some("CiscoJTAPI"))
        .u32(2)
        .bool(false)
        .bytes(None)
        .u32(0)
        .bool(false)
        .bytes(key_blob)
        .bytes(None)
        .build()
}

pub fn completed(reason: u32, description: &str) -> Vec<u8> {
    Frame::new(126)
        .u32(reason)
        .u32(1)
        .str(Some(CUCM))
        .u32(30)
        .u32(30)
        .str(Some(description))
        .bool(false)
        .u32(0x0100_0007)
        .u32(0)
        .bool(false)
        .ustr("ivr_jtapi", true)
        .u32(u32::MAX)
        .u32(1)
        .str(Some("StandAloneCluster"))
        .build()
}

fn encrypted_blob() -> Vec<u8> {
    let mut b = vec![0u8; 16];
    b.extend((0..16u8).map(|i| i.wrapping_mul(37).wrapping_add(11)));
    b
}

/// The sample's opened provider, with another certificate in ProviderInitResponse.
pub fn with_certificate(cert: &[u8]) -> Conv {
    let mut c = session(&SAMPLE_OPEN_ONLY);
    c.msgs[1].1 = init_response(cert);
    c
}

/// ProviderInit answered with `cert`, then a ProviderOpenRequest with an empty RSA key blob.
pub fn empty_key_session(cert: &[u8]) -> Conv {
    conv(vec![
        (true, init_request()),
        (false, init_response(cert)),
        (true, open_request(&encrypted_blob(), None)),
    ])
}

pub fn open_with_blobs(password_blob: &[u8], key_blob: Option<&[u8]>) -> Conv {
    conv(vec![
        (true, init_request()),
        (false, init_response(CERTIFICATE)),
        (true, open_request(password_blob, key_blob)),
    ])
}

/// A provider open that fails with `reason` in ProviderOpenCompletedEvent.
pub fn failed_open(reason: u32) -> Conv {
    let s = sample::ctiqbe_session();
    let desc = crate::proto::ctiqbe::schema::result_meaning(reason).unwrap_or("failed");
    conv(vec![
        s[0].clone(),
        s[1].clone(),
        s[2].clone(),
        s[3].clone(),
        (false, completed(reason, desc)),
    ])
}

/// The sample session with recording started and stopped on the established call.
pub fn with_recording() -> Conv {
    let mut c = session(&SAMPLE_ALL);
    let at = c
        .msgs
        .iter()
        .position(|(_, m)| u32::from_le_bytes([m[16], m[17], m[18], m[19]]) == 68)
        .unwrap();
    c.msgs.insert(
        at,
        (
            true,
            Frame::new(233)
                .u32(20)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(9001)
                .u32(1)
                .u32(1)
                .build(),
        ),
    );
    c.msgs
        .insert(at + 1, (false, Frame::new(234).u32(20).u32(0).build()));
    c.msgs.insert(
        at + 2,
        (
            true,
            Frame::new(235)
                .u32(21)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(9001)
                .u32(1)
                .build(),
        ),
    );
    c
}

/// IPv4 `a.b.c.d` as CTIQBE carries it: the address bytes in network order, read as a
/// little-endian u32 (ctiqbe-wire-2 §2).
pub fn ipv4(a: [u8; 4]) -> u32 {
    u32::from_le_bytes(a)
}

/// StartTransmissionEvent (91, `send`) or StartReceptionEvent (90) for the sample's call leg
/// 1|9001 on device 1|38, G.711 µ-law, 20 ms.
pub fn media_start(send: bool, ip: [u8; 4], port: u32) -> Vec<u8> {
    let mut f = Frame::new(if send { 91 } else { 90 });
    f.u32(1).u32(38).u32(1).u32(9001).u32(ipv4(ip)).u32(port).u32(20).u32(4);
    if send {
        f.u32(184).bool(false).u32(1).u32(0);
    } else {
        f.bool(false).u32(0);
    }
    f.str(None)
        .u32(0)
        .u32(3)
        .structure(|s| {
            s.bytes(None).u32(0);
        })
        .u32(0)
        .build()
}

/// The sample session with the media of its established call: where the phone sends to and
/// where it receives.
pub fn with_media() -> Conv {
    let mut c = session(&SAMPLE_ALL);
    let at = c
        .msgs
        .iter()
        .position(|(_, m)| u32::from_le_bytes([m[16], m[17], m[18], m[19]]) == 68)
        .unwrap();
    c.msgs.insert(at, (false, media_start(true, [10, 10, 20, 32], 16386)));
    c.msgs.insert(at + 1, (false, media_start(false, [10, 10, 20, 31], 24580)));
    c
}

/// CallAttributeInfoEvent (241) for the sample's call leg 1|9001: `attribute_type` (3 =
/// recording), forked by a phone's built-in bridge to the recorder `recorder`.
pub fn call_attribute(attribute_type: u32, recorder: Option<&str>) -> Vec<u8> {
    let mut f = Frame::new(241);
    f.u32(1)
        .u32(144)
        .u32(1)
        .u32(9001)
        .u32(attribute_type)
        .u32(5001)
        .str(Some("3001"))
        .str(Some("PT_INTERNAL"))
        .str(Some("SEP00AABBCCDDEE"))
        .bool(false)
        .u32(0)
        .u32(0)
        .u32(if recorder.is_some() { 1 } else { 0 })
        .u32(if recorder.is_some() { 1 } else { 0 })
        .str(recorder.map(|_| "BIB-SEP00AABBCCDDEE"))
        .str(recorder.map(|_| "6a1f0c2e-77aa-4b1c-9e0d-1f2e3d4c5b6a"))
        .str(recorder.map(|_| "StandAloneCluster"));
    match recorder {
        Some(uri) => f.array(1, |_, e| {
            e.u32(1).u32(0).str(Some(uri)).str(Some(""));
        }),
        None => f.u32(0).u32(0).u32(0).u32(0),
    };
    f.build()
}

/// The sample session with one CallAttributeInfoEvent on its established call.
pub fn with_call_attribute(attribute_type: u32, recorder: Option<&str>) -> Conv {
    let mut c = session(&SAMPLE_ALL);
    let at = c
        .msgs
        .iter()
        .position(|(_, m)| u32::from_le_bytes([m[16], m[17], m[18], m[19]]) == 68)
        .unwrap();
    c.msgs.insert(at, (false, call_attribute(attribute_type, recorder)));
    c
}

/// The opened provider followed by `n` client writes of 40 bytes that are not CTIQBE, each
/// followed by a valid Heartbeat.
pub fn with_garbage_frames(n: usize) -> Conv {
    let mut c = session(&SAMPLE_OPEN_ONLY);
    for _ in 0..n {
        c.msgs.push((true, vec![0x41; 40]));
        c.msgs.push((true, Frame::new(120).build()));
    }
    c
}

/// A connection to `server` carrying `bytes` from the client.
pub fn raw_on(server: &str, bytes: &[u8]) -> Conv {
    Conv {
        client: None,
        server: server.into(),
        msgs: vec![(true, bytes.to_vec()), (false, b"x".repeat(8))],
    }
}

fn addr(s: &str) -> std::net::SocketAddr {
    s.parse().unwrap()
}

pub fn capture_frames(convs: &[Conv]) -> Vec<Vec<u8>> {
    let mut frames = Vec::new();
    for (i, c) in convs.iter().enumerate() {
        let client = c
            .client
            .clone()
            .unwrap_or_else(|| format!("10.20.30.41:{}", 49822 + i));
        let mut t = Conversation::new(addr(&client), addr(&c.server));
        frames.extend(t.handshake());
        for (from_client, m) in &c.msgs {
            frames.push(t.send(*from_client, m));
        }
        frames.extend(t.close());
    }
    frames
}

/// A pcap of `frames`, 7.25 ms apart from `start_s`.
pub fn write(frames: &[Vec<u8>], start_s: i64) -> Vec<u8> {
    let packets: Vec<Packet> = frames
        .iter()
        .enumerate()
        .map(|(i, f)| Packet::new(start_s * 1_000_000_000 + i as i64 * 7_250_000, f.clone()))
        .collect();
    write_pcap(1, &packets, PcapOptions::default())
}

pub fn capture(convs: &[Conv]) -> Vec<u8> {
    capture_at(START_S, convs)
}

pub fn capture_at(start_s: i64, convs: &[Conv]) -> Vec<u8> {
    write(&capture_frames(convs), start_s)
}

pub fn tls_frames(h: &Handshake<'_>, client: &str, server: &str) -> Vec<Vec<u8>> {
    let mut c = Conversation::new(addr(client), addr(server));
    tls::connection(&mut c, h)
}

pub fn tls_capture(h: &Handshake<'_>) -> Vec<u8> {
    write(
        &tls_frames(h, "10.20.30.41:50001", "10.1.1.10:2749"),
        START_S,
    )
}

pub fn analyze(capture: &[u8]) -> Report {
    crate::engine::analyze_bytes(capture).unwrap()
}

pub fn count(r: &Report, id: &str) -> usize {
    r.findings.iter().filter(|f| f.id == id).count()
}

/// The one finding with `id` (fails when there are none or several).
pub fn only<'r>(r: &'r Report, id: &str) -> &'r Finding {
    let all: Vec<&Finding> = r.findings.iter().filter(|f| f.id == id).collect();
    assert_eq!(
        all.len(),
        1,
        "{id}: {:#?}",
        r.findings
            .iter()
            .map(|f| (&f.id, &f.title))
            .collect::<Vec<_>>()
    );
    all[0]
}

pub fn assert_absent(r: &Report, id: &str) {
    let hits: Vec<&String> = r
        .findings
        .iter()
        .filter(|f| f.id == id)
        .map(|f| &f.detail)
        .collect();
    assert!(hits.is_empty(), "{id} unexpected: {hits:#?}");
}

/// Every evidence item points inside its message (or at no message), at a frame the finding
/// lists.
pub fn assert_spans_valid(r: &Report, f: &Finding) {
    assert!(!f.evidence.is_empty(), "{} has no evidence", f.id);
    for e in &f.evidence {
        assert!(f.frames.contains(&e.frame));
        match e.message {
            Some(i) => {
                let m = &r.messages.get(i).unwrap();
                assert_eq!(m.frame, e.frame, "{e:?}");
                assert!(
                    e.start <= e.end && e.end <= m.len,
                    "{e:?} in {} of {} bytes",
                    m.name,
                    m.len
                );
            }
            None => assert_eq!((e.start, e.end), (0, 0)),
        }
    }
}

/// GED-188 (CTI Server) conversations on the side-A port.
const GED188_SERVER: &str = "10.1.1.20:42027";

fn ged188_framing(version: u32) -> crate::proto::ged188::Framing {
    if version <= 17 {
        crate::proto::ged188::Framing::Short
    } else {
        crate::proto::ged188::Framing::Long
    }
}

fn ged188_conv(msgs: Vec<(bool, Vec<u8>)>) -> Conv {
    Conv { client: None, server: GED188_SERVER.into(), msgs }
}

fn ged188_open_conf(version: u32) -> Vec<u8> {
    use crate::proto::ged188::decode::tests::fl;
    let mut b = Vec::new();
    for w in [1u32, 0x14, 0, 0, 1_796_000_000] {
        b.extend(w.to_be_bytes());
    }
    for h in [1u16, 17, 1] {
        b.extend(h.to_be_bytes());
    }
    if version >= 20 {
        b.extend(0u32.to_be_bytes());
    }
    b.extend(fl(ged188_framing(version), 5, b"1001\0"));
    crate::proto::ged188::frame::tests::build(4, &b)
}

/// OPEN_REQ (ClientID `desk01`, `password` as ClientPassword data) answered by OPEN_CONF; with
/// `call`, a CALL_DELIVERED_EVENT with ANI, DNIS, CallVar1 and an ECC variable.
pub fn ged188_session(version: u32, password: &[u8], call: bool) -> Conv {
    use crate::proto::ged188::decode::tests::{fl, open_req};
    use crate::proto::ged188::frame::tests::build;
    let fr = ged188_framing(version);
    let mut msgs = vec![(true, open_req(version, fr, password)), (false, ged188_open_conf(version))];
    if call {
        let mut deliver = vec![0u8; 54];
        deliver[12..16].copy_from_slice(&77u32.to_be_bytes());
        deliver.extend(fl(fr, 8, b"+14085551234\0"));
        deliver.extend(fl(fr, 10, b"8005550100\0"));
        deliver.extend(fl(fr, 13, b"acct=1\0"));
        deliver.extend(fl(fr, 82, b"user.email\0a@b.c\0"));
        msgs.push((false, build(9, &deliver)));
    }
    msgs.push((true, build(7, &[0, 0, 0, 2, 0, 0, 0, 0])));
    msgs.push((false, build(8, &2u32.to_be_bytes())));
    ged188_conv(msgs)
}

/// OPEN_REQ answered by FAILURE_CONF (E_CTI_INVALID_PASSWORD).
pub fn ged188_open_refused(password: &[u8]) -> Conv {
    use crate::proto::ged188::decode::tests::open_req;
    use crate::proto::ged188::frame::tests::build;
    let mut fail = 1u32.to_be_bytes().to_vec();
    fail.extend(36u32.to_be_bytes());
    ged188_conv(vec![(true, open_req(20, ged188_framing(20), password)), (false, build(1, &fail))])
}

/// A v15 session with a SET_AGENT_STATE_REQ login for agent 1001 (with `password` as its
/// AgentPassword when given) and its confirmation.
pub fn ged188_agent_login(password: Option<&[u8]>) -> Conv {
    use crate::proto::ged188::decode::tests::fl;
    use crate::proto::ged188::frame::tests::build;
    let mut c = ged188_session(15, b"pw\0", false);
    let fr = ged188_framing(15);
    let mut req = 5u32.to_be_bytes().to_vec();
    req.extend(5000u32.to_be_bytes());
    req.extend([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    req.extend(fl(fr, 5, b"1001\0"));
    if let Some(pw) = password {
        req.extend(fl(fr, 49, pw));
    }
    req.extend(fl(fr, 6, b"3001\0"));
    c.msgs.insert(2, (true, build(38, &req)));
    c.msgs.insert(3, (false, build(39, &5u32.to_be_bytes())));
    c
}

/// A v15 session whose CLOSE_REQ is followed by the 8-byte zero pseudo-frame, and an OPEN_CONF
/// whose floating field runs past the message.
pub fn ged188_malformed_session() -> Conv {
    let mut c = ged188_session(15, b"pw\0", false);
    let mut conf = c.msgs[1].1.clone();
    conf.extend([4, 30, b'x']);
    let len = (conf.len() - 8) as u32;
    conf[..4].copy_from_slice(&len.to_be_bytes());
    c.msgs[1].1 = conf;
    c.msgs[2].1.extend([0u8; 8]);
    c
}

/// An SCCP connection to the CM at 10.1.1.20:2000.
pub fn sccp_conv(msgs: Vec<(bool, Vec<u8>)>) -> Conv {
    Conv { client: None, server: "10.1.1.20:2000".into(), msgs }
}

/// A phone registering (`device` at `ip`) and placing a call; with `pin`, two digits are
/// pressed after the call is connected.
pub fn sccp_phone(device: &str, ip: [u8; 4], pin: bool) -> Conv {
    use crate::proto::sccp::frame::tests::{build, words};
    let mut msgs = vec![
        (true, crate::proto::sccp::decode::tests::register_req(device, ip, 0)),
        (false, build(0, 0x81, &words(&[30, 0, 0, 0]))),
        (false, build(0, 0x111, &words(&[1, 1, 77]))),
        (true, build(0, 3, &words(&[1, 1, 77]))),
        (true, build(0, 3, &words(&[0, 1, 77]))),
        (false, build(0, 0x111, &words(&[5, 1, 77]))),
    ];
    if pin {
        msgs.push((true, build(0, 3, &words(&[4, 1, 77]))));
        msgs.push((true, build(0, 3, &words(&[2, 1, 77]))));
    }
    msgs.push((false, build(0, 0x111, &words(&[2, 1, 77]))));
    Conv { client: Some(format!("{}.{}.{}.{}:51000", ip[0], ip[1], ip[2], ip[3])), server: "10.1.1.20:2000".into(), msgs }
}
