//! The engine end to end on captures built in code: link layers, IP fragments, IPv6, TCP
//! reassembly cases and chunking invariance, checked through the report a user gets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use ctiscope::report::Report;
use ctiscope::synth::ctiqbe::{Frame, Slots};
use ctiscope::synth::packet::{self, Conversation, TCP_ACK, TCP_PSH};
use ctiscope::synth::pcap::{
    write_pcap, write_pcapng, BlockKind, Interface, Packet, PcapOptions, Section,
};
use ctiscope::synth::sample;
use std::net::SocketAddr;

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn timed(frames: Vec<Vec<u8>>) -> Vec<Packet> {
    frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| Packet::new(1_800_000_000_000_000_000 + i as i64 * 1_000_000, f))
        .collect()
}

fn analyze(file: &[u8]) -> Report {
    ctiscope::analyze_bytes(file).expect("a capture")
}

fn names(r: &Report) -> Vec<(String, &str)> {
    r.messages
        .iter()
        .map(|m| (m.name.clone(), m.direction.as_str()))
        .collect()
}

/// Three small CTIQBE messages: ProviderInitRequest, its response, a heartbeat.
fn cti_messages() -> Vec<(bool, Vec<u8>)> {
    vec![
        (
            true,
            Frame::new(310)
                .u32(0)
                .str(Some("cucm"))
                .str(Some("Cisco JTAPI 15.0"))
                .str(Some("app"))
                .str(Some("CiscoJTAPI"))
                .build(),
        ),
        (
            false,
            Frame::new(311)
                .u32(0)
                .u32(0)
                .str(Some("15.0"))
                .str(Some("15.0"))
                .str(Some("url"))
                .u32(7)
                .str(Some("nonce"))
                .bytes(Some(b"cert"))
                .build(),
        ),
        (true, Frame::new(120).build()),
    ]
}

fn expected_names() -> Vec<(String, &'static str)> {
    vec![
        ("ProviderInitRequest".to_string(), "to_server"),
        ("ProviderInitResponse".to_string(), "to_client"),
        ("Heartbeat".to_string(), "to_server"),
    ]
}

#[test]
fn ethernet_vlan_sll_and_sll2_all_reach_the_decoder() {
    type Link = fn(&[u8]) -> Vec<u8>;
    let links: [(u32, Link); 4] = [
        (1, |l3| packet::ethernet(l3, &[100])),
        (1, |l3| packet::ethernet(l3, &[100, 200])),
        (113, packet::sll),
        (276, packet::sll2),
    ];
    for (linktype, link) in links {
        let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
        c.link = link;
        let mut frames = c.handshake();
        for (from_client, m) in cti_messages() {
            frames.push(c.send(from_client, &m));
        }
        let r = analyze(&write_pcap(
            linktype,
            &timed(frames),
            PcapOptions::default(),
        ));
        assert_eq!(names(&r), expected_names(), "linktype {linktype}");
        assert_eq!(r.flows.len(), 1);
        assert_eq!(r.flows[0].client, "10.0.0.1:40000");
        assert!(r.flows[0].syn_seen);
        assert!(r.capture.not_decoded.is_empty());
    }
}

#[test]
fn ipv6_with_extension_headers() {
    let (cl, sv) = (addr("[2001:db8::1]:40000"), addr("[2001:db8::2]:2748"));
    let mut frames = Vec::new();
    let mut seq = 100u32;
    for (from_client, m) in cti_messages() {
        let (s, d) = if from_client { (cl, sv) } else { (sv, cl) };
        let l4 = packet::tcp(
            s,
            d,
            if from_client { seq } else { 9000 },
            0,
            TCP_PSH | TCP_ACK,
            &m,
        );
        if from_client {
            seq += m.len() as u32;
        }
        frames.push(packet::ethernet(
            &packet::ipv6(s.ip(), d.ip(), 6, true, &l4),
            &[],
        ));
    }
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    assert_eq!(names(&r), expected_names());
    assert_eq!(r.sessions[0].client, "[2001:db8::1]:40000");
}

#[test]
fn ipv4_fragments_are_reassembled() {
    let (cl, sv) = (addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
    let msg = &cti_messages()[0].1;
    let l4 = packet::tcp(cl, sv, 1, 0, TCP_PSH | TCP_ACK, msg);
    // Three fragments, sent last-first.
    let parts = [(0usize, 48usize), (48, 96), (96, l4.len())];
    let mut frames: Vec<Vec<u8>> = parts
        .iter()
        .map(|&(a, b)| {
            packet::ethernet(
                &packet::ipv4(cl.ip(), sv.ip(), 6, 77, Some((a, b < l4.len())), &l4[a..b]),
                &[],
            )
        })
        .collect();
    frames.reverse();
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    assert_eq!(r.messages.len(), 1);
    let m = r.messages.get(0).unwrap();
    assert_eq!(m.name, "ProviderInitRequest");
    assert_eq!(m.frame, 3, "completed by the third frame");
    assert_eq!(r.stats.ip_fragments, 3);
    assert_eq!(r.stats.ip_datagrams_reassembled, 1);
}

/// One direction's segments in a chosen order: out of order, retransmitted, overlapping.
#[test]
fn tcp_out_of_order_retransmission_and_overlap() {
    let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
    let mut frames = c.handshake();
    let stream: Vec<u8> = cti_messages()
        .into_iter()
        .filter(|(cl, _)| *cl)
        .flat_map(|(_, m)| m)
        .collect();
    let base = c.client_seq;
    let seg = |a: usize, b: usize| c.raw(true, base + a as u32, TCP_PSH | TCP_ACK, &stream[a..b]);
    let n = stream.len();
    frames.push(seg(40, 90)); // early
    frames.push(seg(0, 50)); // fills the hole, overlaps the early one
    frames.push(seg(0, 50)); // retransmission
    frames.push(seg(90, n));
    frames.push(seg(85, n)); // overlapping retransmission of the tail
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    let got: Vec<String> = r.messages.iter().map(|m| m.name).collect();
    assert_eq!(got, ["ProviderInitRequest", "Heartbeat"]);
    assert!(
        r.stats.tcp_duplicate_bytes >= 50 + 10 + (n - 85) as u64,
        "{:?}",
        r.stats
    );
    assert_eq!(r.stats.tcp_out_of_order_segments, 1);
    assert!(r.events.is_empty(), "{:?}", r.events);
}

#[test]
fn tcp_gap_is_reported_and_the_decoder_resynchronises() {
    let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
    let mut frames = c.handshake();
    let first = Frame::new(310)
        .u32(0)
        .str(Some("a"))
        .str(Some("b"))
        .str(Some("c"))
        .str(Some("d"))
        .build();
    frames.push(c.send(true, &first));
    let lost = Frame::new(127).u32(1).build();
    c.client_seq += lost.len() as u32; // never captured
    frames.push(c.send(true, &Frame::new(120).build()));
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    let got: Vec<String> = r.messages.iter().map(|m| m.name).collect();
    assert_eq!(got, ["ProviderInitRequest", "Heartbeat"]);
    assert_eq!(r.stats.tcp_gaps, 1);
    assert_eq!(r.stats.tcp_gap_bytes, lost.len() as u64);
    assert!(
        r.events.iter().any(|e| e.kind == "ctiqbe.gap"),
        "{:?}",
        r.events
    );
}

#[test]
fn capture_starting_mid_stream_and_mid_message() {
    let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
    let m = cti_messages();
    // No handshake; the first captured segment starts 10 bytes into the first message.
    let first = &m[0].1;
    c.client_seq += 10;
    let mut frames = vec![c.send(true, &first[10..])];
    frames.push(c.send(false, &m[1].1));
    frames.push(c.send(true, &m[2].1));
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    let got: Vec<String> = r.messages.iter().map(|m| m.name).collect();
    assert_eq!(got, ["ProviderInitResponse", "Heartbeat"]);
    assert!(!r.flows[0].syn_seen);
    assert_eq!(
        r.flows[0].server, "10.0.0.2:2748",
        "the service port side is the server mid-stream"
    );
    assert!(
        r.events.iter().any(|e| e.kind == "ctiqbe.resync"),
        "{:?}",
        r.events
    );
}

#[test]
fn ctiqbe_on_another_port_is_detected_by_its_header() {
    let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:12748"));
    let mut frames = c.handshake();
    for (from_client, m) in cti_messages() {
        frames.push(c.send(from_client, &m));
    }
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    assert_eq!(r.flows[0].protocol, ctiscope::model::Protocol::Ctiqbe);
    assert_eq!(names(&r), expected_names());
}

#[test]
fn a_port_reused_after_close_is_a_new_session() {
    let mut frames = Vec::new();
    for _ in 0..2 {
        let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
        frames.extend(c.handshake());
        frames.push(c.send(true, &Frame::new(120).build()));
        frames.extend(c.close());
    }
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    assert_eq!(r.flows.len(), 2);
    assert_eq!(r.sessions.len(), 2);
    assert_eq!(r.flows[0].end, "fin");
}

#[test]
fn same_report_whatever_the_chunk_size() {
    let file = sample::capture();
    let whole = serde_json::to_string(&analyze(&file)).unwrap();
    for chunk in [1usize, 13, 4096] {
        let mut e = ctiscope::Engine::default();
        for c in file.chunks(chunk) {
            e.push(c).unwrap();
        }
        let mut r = e.finish().unwrap();
        // Only the count of file bytes could differ in principle; it must not.
        r.capture.file_bytes = file.len() as u64;
        assert_eq!(serde_json::to_string(&r).unwrap(), whole, "chunk {chunk}");
    }
}

#[test]
fn the_sample_capture_decodes_fully() {
    let r = analyze(&sample::capture());
    assert_eq!(r.capture.packets, 40);
    // The CTIQBE session, the SIP OPTIONS ping beside it (request and answer) and the SCCP
    // keepalive exchange (KeepAliveReq, KeepAliveAck).
    assert_eq!(r.sessions.len(), 3);
    assert_eq!(r.messages.len(), sample::ctiqbe_session().len() + 4);
    assert!(r.events.is_empty(), "{:?}", r.events);
    assert!(r.messages.iter().all(|m| m.errors.is_empty()));
    let protocols: Vec<&str> = r.flows.iter().map(|f| f.protocol.as_str()).collect();
    assert_eq!(protocols, ["sip", "ctiqbe", "sccp"]);
}

#[test]
fn flow_table_cap_is_visible_in_the_report() {
    let mut frames = Vec::new();
    for port in 0..10u16 {
        let mut c = Conversation::new(
            addr(&format!("10.0.0.1:{}", 40000 + port)),
            addr("10.0.0.2:80"),
        );
        frames.extend(c.handshake());
    }
    let limits = ctiscope::limits::Limits {
        max_flows: 4,
        ..Default::default()
    };
    let mut e = ctiscope::Engine::new(limits);
    e.push(&write_pcap(1, &timed(frames), PcapOptions::default()))
        .unwrap();
    let r = e.finish().unwrap();
    assert_eq!(r.flows.len(), 4);
    assert_eq!(r.limits[0].limit, "max_flows");
    assert_eq!(r.limits[0].count, 18);
    assert!(r.capture.warnings.iter().any(|w| w.contains("truncated")));
}

#[test]
fn unsupported_link_types_are_counted_not_errors() {
    let ifaces = [
        Interface {
            linktype: 105,
            tsresol: 6,
        },
        Interface {
            linktype: 1,
            tsresol: 6,
        },
    ];
    let mut p = timed(vec![
        vec![0u8; 40],
        packet::ethernet(&[0u8; 20], &[]),
        vec![0xaa; 30],
    ]);
    p[1].interface = 1;
    p[2].interface = 1;
    p[2].data[12..14].copy_from_slice(&[0x08, 0x06]); // ARP
    let r = analyze(&write_pcapng(&[Section {
        big_endian: false,
        interfaces: &ifaces,
        packets: &p,
        kind: BlockKind::Enhanced,
    }]));
    assert_eq!(r.capture.packets, 3);
    let reasons: Vec<(&str, u64)> = r
        .capture
        .not_decoded
        .iter()
        .map(|n| (n.reason.as_str(), n.packets))
        .collect();
    assert_eq!(
        reasons,
        [
            ("malformed IP: IP version 0", 1),
            ("not IP", 1),
            ("unsupported link type IEEE802_11", 1)
        ]
    );
    let links: Vec<(u32, bool)> = r
        .capture
        .link_types
        .iter()
        .map(|l| (l.linktype, l.decoded))
        .collect();
    assert_eq!(links, [(1, true), (105, false)]);
}

#[test]
fn not_a_capture_is_an_error() {
    let e = ctiscope::analyze_bytes(b"hello world, definitely not a pcap").unwrap_err();
    assert!(e.to_string().starts_with("not a pcap or pcapng capture"));
    assert_eq!(
        ctiscope::analyze_bytes(b"").unwrap_err(),
        ctiscope::Error::Empty
    );
}

#[test]
fn decoder_limits_show_in_the_report() {
    let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
    let mut frames = c.handshake();
    let digits: Vec<u32> = (0..2000).map(|i| i % 10).collect();
    let dtmf = Frame::new(68)
        .u32(6)
        .u32(1)
        .u32(144)
        .u32(1)
        .u32(9001)
        .u32_array(&digits)
        .u32(0)
        .build();
    frames.push(c.send(true, &dtmf));
    let r = analyze(&write_pcap(1, &timed(frames), PcapOptions::default()));
    assert_eq!(r.messages.len(), 1);
    let hit = r
        .limits
        .iter()
        .find(|l| l.limit == "ctiqbe.limit")
        .expect("the decoder's limit is listed");
    assert_eq!(hit.count, 1);
    assert!(r
        .capture
        .warnings
        .iter()
        .any(|w| w.contains("ctiqbe.limit")));
}

/// Every cap of `Limits`, hit on purpose: each shows in `report.limits` and the warnings.
#[test]
fn every_engine_limit_is_reported_when_hit() {
    // Messages and events kept.
    let mut c = Conversation::new(addr("10.0.0.1:40000"), addr("10.0.0.2:2748"));
    let mut frames = c.handshake();
    for _ in 0..10 {
        frames.push(c.send(true, &Frame::new(120).build()));
        frames.push(c.send(true, b"garbage!")); // a resync event each time
    }
    // Out-of-order data beyond the per-direction buffer: a segment far ahead, never filled.
    let ahead = c.raw(
        true,
        c.client_seq + 100_000,
        TCP_PSH | TCP_ACK,
        &[0u8; 3000],
    );
    frames.push(ahead);
    // An IP fragment whose datagram never completes, then another that pushes it out.
    let (a, b) = (addr("10.0.0.3:1000"), addr("10.0.0.4:2000"));
    for id in [1u16, 2] {
        let l4 = packet::udp(a, b, &[0u8; 64]);
        frames.push(packet::ethernet(
            &packet::ipv4(a.ip(), b.ip(), 17, id, Some((0, true)), &l4[..32]),
            &[],
        ));
    }
    let limits = ctiscope::limits::Limits {
        max_messages_kept: 4,
        max_events_kept: 3,
        max_buffered_per_direction: 2048,
        max_pending_fragments: 1,
        ..Default::default()
    };
    let mut e = ctiscope::Engine::new(limits);
    e.push(&write_pcap(1, &timed(frames), PcapOptions::default()))
        .unwrap();
    let r = e.finish().unwrap();
    let hit = |name: &str| r.limits.iter().find(|l| l.limit == name).map(|l| l.count);
    assert_eq!(r.messages.len(), 4);
    assert_eq!(
        r.sessions[0].messages, 10,
        "sessions still count every message"
    );
    assert_eq!(hit("max_messages_kept"), Some(6));
    assert_eq!(r.events.len(), 3);
    assert!(hit("max_events_kept").unwrap_or(0) >= 7);
    assert_eq!(hit("max_buffered_per_direction"), Some(1));
    assert_eq!(hit("max_pending_fragments"), Some(1));
    for l in &r.limits {
        assert!(
            r.capture.warnings.iter().any(|w| w.contains(&l.limit)),
            "{} not in the warnings",
            l.limit
        );
    }
}

#[test]
fn kept_messages_are_bounded_by_memory_too() {
    let limits = ctiscope::limits::Limits {
        max_message_memory: 3_000,
        ..Default::default()
    };
    let mut e = ctiscope::Engine::new(limits);
    e.push(&sample::capture()).unwrap();
    let r = e.finish().unwrap();
    // Every message of the sample: its CTIQBE session, a SIP OPTIONS ping and two SCCP
    // keepalives.
    let all = sample::ctiqbe_session().len() + 4;
    assert!(r.messages.len() < all && !r.messages.is_empty());
    let hit = r.limits.iter().find(|l| l.limit == "max_message_memory").expect("reported");
    assert_eq!(hit.count as usize + r.messages.len(), all);
    let cti = r.sessions.iter().find(|s| s.protocol == ctiscope::model::Protocol::Ctiqbe).unwrap();
    assert_eq!(cti.messages as usize, sample::ctiqbe_session().len());
}
