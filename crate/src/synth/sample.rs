//! The sample capture behind the page's "sample capture" button and the CLI's `sample`
//! command: an IVR application's JTAPI session with CTI Manager on TCP 2748 (provider open,
//! device and line open, a call made, DTMF, drop, close), shaped like the real client's
//! traffic in `shared/captures/jtapi-client`, plus SIP and SCCP neighbours. Built entirely by
//! ctiscope's own code; the certificate is a throwaway self-signed one made for this sample.

use super::ctiqbe::{Frame, Slots};
use super::packet::{self, Conversation};
use super::pcap::{write_pcapng, BlockKind, Interface, Packet, Section};
use std::net::SocketAddr;

/// Self-signed RSA-2048 certificate, CN=cucm-pub.lab.example, made with openssl for the sample.
pub const CERTIFICATE: &[u8] = include_bytes!("sample_cert.der");
/// 2026-11-30 00:53:20 UTC, inside the certificate's validity.
const START_NS: i64 = 1_796_000_000_000_000_000;

/// Deterministic filler standing in for ciphertext (xorshift, fixed seed).
pub(crate) fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Who talks in a generated JTAPI session and what they do.
#[derive(Clone, Debug)]
pub struct SessionParams {
    /// The login.
    pub login: String,
    /// The application.
    pub application: String,
    /// The device.
    pub device: String,
    /// The line.
    pub line: String,
    /// The partition.
    pub partition: String,
    /// Numbers dialled, one call each.
    pub calls: Vec<String>,
    /// Base of the call handles the "server" assigns.
    pub call_base: u32,
    /// Base of the global call ids (`callID` of the global call handle) of the session's
    /// calls, one per call. A real CUCM never gives two live calls the same global handle, so
    /// generators of many sessions give each session its own range.
    pub global_base: u32,
    /// DER certificate the "server" sends in ProviderInitResponse.
    pub certificate: Vec<u8>,
}

impl SessionParams {
    /// The sample's IVR application.
    pub fn sample() -> Self {
        SessionParams {
            login: "ivr_jtapi".into(),
            application: "IVR-Main@ivr01".into(),
            device: "SEP00AABBCCDDEE".into(),
            line: "3001".into(),
            partition: "PT_Internal".into(),
            calls: vec!["915551234567".into()],
            call_base: 9001,
            global_base: 5001,
            certificate: CERTIFICATE.to_vec(),
        }
    }
}

/// The CTIQBE messages of the sample session, in order: (from_client, frame bytes).
pub fn ctiqbe_session() -> Vec<(bool, Vec<u8>)> {
    jtapi_session(&SessionParams::sample())
}

/// A JTAPI session as the real client runs it: init, open, device and line open, then per call
/// make call / call events / DTMF / drop, a heartbeat, and close.
pub fn jtapi_session(p: &SessionParams) -> Vec<(bool, Vec<u8>)> {
    let version = "Cisco JTAPI 15.0(0.10000)-1 Release";
    let cucm = "15.0.1.10000-1";
    let plugin_url = "http://10.1.1.10/plugins/";
    let mut password_blob = vec![0u8; 16];
    password_blob.extend(noise(16, 7));
    let rsa_blob = noise(256, 11);
    let mut m: Vec<(bool, Vec<u8>)> = Vec::new();
    m.push((
        true,
        Frame::new(310)
            .u32(0)
            .str(Some("10.1.1.10"))
            .str(Some(version))
            .str(Some(&p.application))
            .str(Some("CiscoJTAPI"))
            .build(),
    ));
    m.push((
        false,
        Frame::new(311)
            .u32(0)
            .u32(0)
            .str(Some(cucm))
            .str(Some(cucm))
            .str(Some(plugin_url))
            .u32(0x0100_0007)
            .str(Some("6d2f8c1a-0b44-4e5e-9a7d-3c1f00d2e9b7"))
            .bytes(Some(&p.certificate))
            .build(),
    ));
    m.push((
        true,
        Frame::new(3)
            .u32(1)
            .str(Some("10.1.1.10"))
            .str(Some(version))
            .ustr(&p.login, false)
            .bytes(Some(&password_blob))
            .structure(|s| {
                for _ in 0..6 {
                    s.bool(true);
                }
            })
            .str(Some(&p.application))
            .u32(30)
            .u32(0)
            .u32(0)
            .str(Some("CiscoJTAPI"))
            .u32(2)
            .bool(false)
            .bytes(None)
            .u32(0)
            .bool(false)
            .bytes(Some(&rsa_blob))
            .bytes(None)
            .build(),
    ));
    m.push((
        false,
        Frame::new(4)
            .u32(1)
            .u32(0)
            .str(Some(cucm))
            .u32(30)
            .u32(30)
            .u32(0)
            .str(Some(cucm))
            .str(Some(plugin_url))
            .u32(0x0100_0007)
            .bool(false)
            .build(),
    ));
    m.push((
        false,
        Frame::new(126)
            .u32(0)
            .u32(1)
            .str(Some(cucm))
            .u32(30)
            .u32(30)
            .str(Some(""))
            .bool(false)
            .u32(0x0100_0007)
            .u32(0)
            .bool(false)
            .ustr(&p.login, true)
            .u32(u32::MAX)
            .u32(1)
            .str(Some("StandAloneCluster"))
            .build(),
    ));
    m.push((
        true,
        Frame::new(16)
            .u32(2)
            .str(Some(&p.device))
            .structure(|s| {
                for i in 0..33 {
                    s.bool(matches!(i, 6..=9 | 28 | 31 | 32));
                }
            })
            .u32(0)
            .build(),
    ));
    m.push((false, Frame::new(17).u32(2).u32(0).u32(1).u32(38).build()));
    m.push((
        true,
        Frame::new(37)
            .u32(3)
            .str(Some(&p.device))
            .str(Some(&p.line))
            .structure(|s| {
                for i in 0..41 {
                    if i == 3 {
                        s.u32(0);
                    } else {
                        s.bool(matches!(i, 8 | 23 | 24 | 34 | 35));
                    }
                }
            })
            .u32(0)
            .str(Some(&p.partition))
            .build(),
    ));
    m.push((
        false,
        Frame::new(38).u32(3).u32(0).u32(1).u32(144).u32(0).build(),
    ));
    let mut seq = 4u32;
    for (i, dialled) in p.calls.iter().enumerate() {
        let leg = p.call_base.wrapping_add(i as u32);
        let global = p.global_base.wrapping_add(i as u32);
        m.push((true, Frame::new(11).u32(seq).u32(0).build()));
        m.push((
            false,
            Frame::new(12).u32(seq).u32(0).u32(1).u32(global).build(),
        ));
        m.push((
            true,
            Frame::new(43)
                .u32(seq + 1)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(global)
                .str(Some(&p.line))
                .str(Some(dialled))
                .bytes(None)
                .str(Some(""))
                .u32(0)
                .u32(1)
                .build(),
        ));
        m.push((
            false,
            Frame::new(44)
                .u32(seq + 1)
                .u32(0)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(leg)
                .build(),
        ));
        // NewCallEvent with a shortened fixed part (fields past it default, as the protocol allows).
        m.push((
            false,
            Frame::new(48)
                .u32(1)
                .u32(144)
                .bool(true)
                .str(Some(&p.device))
                .u32(1)
                .u32(leg)
                .u32(1)
                .u32(global)
                .str(Some(&p.line))
                .str(Some(dialled))
                .str(Some(dialled))
                .u32(1)
                .u32(1)
                .build(),
        ));
        for state in [4u32, 5, 6, 8] {
            m.push((
                false,
                Frame::new(281)
                    .u32(1)
                    .u32(144)
                    .u32(1)
                    .u32(leg)
                    .u32(state)
                    .u32(0)
                    .build(),
            ));
        }
        m.push((
            true,
            Frame::new(68)
                .u32(seq + 2)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(leg)
                .u32_array(&[1, 2, 3, 4, 15])
                .u32(0)
                .build(),
        ));
        m.push((false, Frame::new(69).u32(seq + 2).u32(0).build()));
        m.push((true, Frame::new(120).build()));
        m.push((
            true,
            Frame::new(66)
                .u32(seq + 3)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(leg)
                .build(),
        ));
        m.push((false, Frame::new(67).u32(seq + 3).u32(0).build()));
        m.push((
            false,
            Frame::new(281)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(leg)
                .u32(1)
                .u32(16)
                .build(),
        ));
        m.push((
            false,
            Frame::new(84)
                .u32(1)
                .u32(144)
                .u32(1)
                .u32(leg)
                .u32(16)
                .build(),
        ));
        seq += 4;
    }
    m.push((true, Frame::new(9).u32(seq).build()));
    m.push((false, Frame::new(10).u32(seq).u32(0).build()));
    m.push((false, Frame::new(155).u32(0).build()));
    m
}

fn addr(s: &str) -> SocketAddr {
    s.parse()
        .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)))
}

/// The whole sample capture as pcapng bytes.
pub fn capture() -> Vec<u8> {
    let mut frames: Vec<Vec<u8>> = Vec::new();
    // SIP keepalive between CUCM and a gateway.
    let (cm_sip, gw) = (addr("10.1.1.10:5060"), addr("10.1.1.20:5060"));
    let options = b"OPTIONS sip:10.1.1.20:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.1.10:5060;branch=z9hG4bK1a2b\r\nFrom: <sip:10.1.1.10>;tag=11\r\nTo: <sip:10.1.1.20>\r\nCall-ID: 1@10.1.1.10\r\nCSeq: 101 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    frames.push(packet::ethernet(
        &packet::ip(cm_sip.ip(), gw.ip(), 17, &packet::udp(cm_sip, gw, options)),
        &[],
    ));
    let ok = b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.1.1.10:5060;branch=z9hG4bK1a2b\r\nFrom: <sip:10.1.1.10>;tag=11\r\nTo: <sip:10.1.1.20>;tag=22\r\nCall-ID: 1@10.1.1.10\r\nCSeq: 101 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    frames.push(packet::ethernet(
        &packet::ip(gw.ip(), cm_sip.ip(), 17, &packet::udp(gw, cm_sip, ok)),
        &[],
    ));

    // The JTAPI session.
    let mut cti = Conversation::new(addr("10.20.30.41:49822"), addr("10.1.1.10:2748"));
    frames.extend(cti.handshake());
    for (from_client, msg) in ctiqbe_session() {
        frames.push(cti.send(from_client, &msg));
    }
    frames.extend(cti.close());

    // A phone's SCCP keepalive.
    let mut sccp = Conversation::new(addr("10.30.0.15:51000"), addr("10.1.1.10:2000"));
    frames.extend(sccp.handshake());
    frames.push(sccp.send(true, &[4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    frames.push(sccp.send(false, &[4, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]));

    let packets: Vec<Packet> = frames
        .into_iter()
        .enumerate()
        .map(|(i, data)| Packet::new(START_NS + i as i64 * 7_250_000, data))
        .collect();
    write_pcapng(&[Section {
        big_endian: false,
        interfaces: &[Interface {
            linktype: 1,
            tsresol: 9,
        }],
        packets: &packets,
        kind: BlockKind::Enhanced,
    }])
}
