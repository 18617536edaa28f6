//! Writes the seed corpora of the fuzz targets, built by ctiscope's own code (`ctiscope::synth`):
//! the sample capture, a short CTIQBE conversation in every supported link type and file format
//! (pcap in both byte orders, nanosecond and modified; pcapng in both byte orders with enhanced,
//! simple and obsolete packet blocks; gzip; IPv6; IP fragments), every CTIQBE frame of the
//! sample session and server messages of ctiqbe-wire-2, and segment/fragment sequences for the reassembly and network targets.
//!
//! `cargo run --manifest-path crate/fuzz/Cargo.toml --example seeds -- crate/fuzz/corpus`
//! (the real captures in `tests/captures/*` and the third-party corpus in `../shared/corpus` are
//! passed to libFuzzer as extra corpus directories at fuzz time by `scripts/fuzz-smoke.sh` and
//! `scripts/fuzz-campaign.sh`, never copied.)

use ctiscope::capture::linktype as lt;
use ctiscope::synth::packet::{self, Conversation};
use ctiscope::synth::pcap::{write_pcap, write_pcapng, BlockKind, Interface, Packet, PcapOptions, Section};
use ctiscope::synth::sample;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Server messages of ctiqbe-wire-2 §3 built with `synth::ctiqbe`: media start/stop, a device
/// registration with its DeviceInfo, a global call handle change, a conference with an array
/// of global call handles, a CallAttributeInfoEvent with a recorder.
fn part2_frames() -> Vec<(&'static str, Vec<u8>)> {
    use ctiscope::synth::ctiqbe::{Frame, Slots};
    let ip = |a: [u8; 4]| u32::from_le_bytes(a);
    let media = |pdu: u32, a: [u8; 4], port: u32| {
        let mut f = Frame::new(pdu);
        f.u32(1).u32(38).u32(1).u32(9001).u32(ip(a)).u32(port).u32(20).u32(4);
        if pdu == 91 {
            f.u32(184).bool(false).u32(1).u32(0);
        } else {
            f.bool(false).u32(0);
        }
        f.str(None).u32(0).u32(3).structure(|s| {
            s.bytes(Some(&[0; 16])).u32(port);
        });
        f.u32(0).build()
    };
    let device_info = |s: &mut ctiscope::synth::ctiqbe::Struct<'_>| {
        s.str(Some("SEP001122334455")).u32(36670).bool(true).u32(38).u32(1).u32(0).bool(false);
        s.str(None).str(Some("Cisco 8865")).u32(0).u32(0).bool(false).u32(0).u32(0).bool(false);
    };
    let mut registered = Frame::new(15);
    registered.structure(device_info).bool(true).ustr("alice", true).bool(true);
    registered.u32(0).u32(1).u32(1).u32(1).u32(ip([10, 10, 20, 31])).bytes(None);
    registered.u32(0).u32(0).u32(0).u32(0);
    let mut changed = Frame::new(88);
    changed.u32(1).u32(144).u32(1).u32(9001).u32(1).u32(5305).u32(10).str(Some("1005"));
    let mut conference = Frame::new(169);
    conference.u32(1).u32(144).u32(7).str(Some("1001")).str(Some("Alice")).u32(1).u32(5001);
    conference.array(2, |i, e| {
        e.u32(1).u32(5002 + i as u32);
    });
    let mut attribute = Frame::new(241);
    attribute.u32(1).u32(144).u32(1).u32(9001).u32(3).u32(5001).str(Some("1001"));
    attribute.str(Some("PT_INTERNAL")).str(Some("SEP001122334455")).bool(false).u32(0).u32(0);
    attribute.u32(1).u32(1).str(Some("BIB-SEP001122334455")).str(Some("guid")).str(Some("cluster"));
    attribute.array(2, |i, e| {
        e.u32(1).u32(0).str(Some(if i == 0 { "sip:rec@10.10.30.5" } else { "" })).str(None);
    });
    vec![
        ("start_transmission", media(91, [10, 10, 20, 32], 16386)),
        ("start_reception", media(90, [10, 10, 20, 31], 24580)),
        ("stop_transmission", Frame::new(93).u32(1).u32(38).u32(1).u32(9001).str(None).u32(0).u32(3).build()),
        ("device_registered", registered.build()),
        ("global_call_handle_changed", changed.build()),
        ("conference_started", conference.build()),
        ("call_attribute", attribute.build()),
    ]
}

fn put(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("writing {name}: {e}"));
}

fn nflog(l3: &[u8]) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0];
    let len = 4 + l3.len();
    f.extend_from_slice(&(len as u16).to_le_bytes());
    f.extend_from_slice(&9u16.to_le_bytes());
    f.extend_from_slice(l3);
    f.resize(f.len() + (4 - len % 4) % 4, 0);
    f
}

/// Link-layer framings, one per supported link type.
fn framings() -> Vec<(u32, &'static str, fn(&[u8]) -> Vec<u8>)> {
    vec![
        (lt::ETHERNET, "ethernet", |l3| packet::ethernet(l3, &[])),
        (lt::ETHERNET, "ethernet_qinq", |l3| packet::ethernet(l3, &[10, 20])),
        (lt::LINUX_SLL, "sll", packet::sll),
        (lt::LINUX_SLL2, "sll2", packet::sll2),
        (lt::RAW, "raw", |l3| l3.to_vec()),
        (lt::RAW_OPENBSD, "raw12", |l3| l3.to_vec()),
        (lt::RAW_BSDOS, "raw14", |l3| l3.to_vec()),
        (lt::IPV4, "ipv4", |l3| l3.to_vec()),
        (lt::NULL, "null", |l3| [&[2, 0, 0, 0][..], l3].concat()),
        (lt::LOOP, "loop", |l3| [&[0, 0, 0, 2][..], l3].concat()),
        (lt::PPP, "ppp", |l3| [&[0x00, 0x21][..], l3].concat()),
        (lt::PPP_HDLC, "ppp_hdlc", |l3| [&[0xff, 0x03, 0x00, 0x21][..], l3].concat()),
        (lt::NFLOG, "nflog", nflog),
    ]
}

/// A short CTIQBE conversation (handshake, the first messages of the sample, close).
fn conversation(client: &str, server: &str, link: fn(&[u8]) -> Vec<u8>) -> Vec<Vec<u8>> {
    let (c, s): (SocketAddr, SocketAddr) = (client.parse().expect("addr"), server.parse().expect("addr"));
    let mut conv = Conversation::new(c, s);
    conv.link = link;
    let mut frames = conv.handshake();
    for (from_client, msg) in sample::ctiqbe_session().into_iter().take(4) {
        frames.push(conv.send(from_client, &msg));
    }
    frames.extend(conv.close());
    frames
}

fn packets(frames: Vec<Vec<u8>>) -> Vec<Packet> {
    frames.into_iter().enumerate().map(|(i, d)| Packet::new(1_700_000_000_000_000_000 + i as i64 * 1_000_000, d)).collect()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("gzip");
    enc.finish().expect("gzip")
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpus".into()));
    let dir = |t: &str| {
        let d = root.join(t);
        std::fs::create_dir_all(&d).expect("corpus dir");
        d
    };
    let (cap, re, cti, net) = (dir("capture_reader"), dir("reassembly"), dir("ctiqbe_frame"), dir("net_layers"));
    let tls = dir("tls");
    // sip: whole exchanges as one stream (plan: 40-byte pieces), and single messages.
    let sip = dir("sip");
    for (name, msgs) in [
        ("call", ctiscope::synth::sip::invite_call("seed-call", 200, true, false)),
        ("cancel", ctiscope::synth::sip::invite_call("seed-cancel", 487, false, true)),
        ("register", ctiscope::synth::sip::register_pair("seed-reg", 2, Some("0123456789abcdef0123456789abcdef"), 200)),
    ] {
        let plan: Vec<u8> = msgs.iter().map(|m| if m.dir == ctiscope::model::Direction::ToClient { 0x40 | 39 } else { 39 }).take(7).collect();
        let stream: Vec<u8> = msgs.iter().flat_map(|m| m.bytes.clone()).collect();
        put(&sip, &format!("{name}_stream"), &[&[plan.len() as u8][..], &plan, &stream].concat());
        if let Some(first) = msgs.first() {
            put(&sip, &format!("{name}_first"), &[&[0u8][..], &first.bytes].concat());
        }
    }
    let srtp = ctiscope::synth::sip::invite_call_with("seed-srtp", 200, false, false, Some("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"), &[]);
    put(&sip, "srtp_invite", &[&[0u8][..], &srtp[0].bytes].concat());
    put(&sip, "junk_compact_folded", b"\x00DBREGISTER sip:1.1.1.1 SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:a@h>;tag=1\r\nt: <sip:a@h>\r\ni: x\r\nSubject: a\r\n b\r\nl: 0\r\n\r\n");
    // tls: the sample's certificate, bare and in a Certificate handshake in one TLS 1.2 record.
    let cert = sample::CERTIFICATE;
    put(&tls, "certificate.der", &[&[0u8][..], cert].concat());
    let u24 = |n: usize| [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    let list = [&u24(cert.len())[..], cert].concat();
    let body = [&u24(list.len())[..], &list].concat();
    let hs = [&[11u8][..], &u24(body.len()), &body].concat();
    let record = [&[22u8, 3, 3][..], &(hs.len() as u16).to_be_bytes(), &hs].concat();
    put(&tls, "certificate_record", &[&[1u8, 0x3f][..], &record].concat());

    // capture_reader: whole files, raw (default slicing) and with a chunk-size prefix.
    let sample_capture = sample::capture();
    put(&cap, "sample.pcapng", &sample_capture);
    put(&cap, "sample_chunked.bin", &[&[3u8, 0, 12, 0x83][..], &sample_capture].concat());
    put(&cap, "sample.pcapng.gz", &gzip(&sample_capture));
    for (linktype, name, link) in framings() {
        let frames = conversation("10.20.30.41:49822", "10.1.1.10:2748", link);
        put(&net, &format!("{name}_frame"), &frames[3]);
        let file = write_pcap(linktype, &packets(frames), PcapOptions::default());
        put(&cap, &format!("{name}.pcap"), &file);
    }
    let v6 = conversation("[2001:db8::41]:49822", "[2001:db8::10]:2748", |l3| l3.to_vec());
    put(&net, "ipv6_frame", &v6[3]);
    put(&cap, "ipv6.pcap", &write_pcap(lt::IPV6, &packets(v6), PcapOptions::default()));
    let eth = || conversation("10.20.30.41:49822", "10.1.1.10:2748", |l3| packet::ethernet(l3, &[]));
    for (name, o) in [
        ("be", PcapOptions { big_endian: true, ..PcapOptions::default() }),
        ("ns", PcapOptions { nanos: true, ..PcapOptions::default() }),
        ("modified", PcapOptions { modified: true, ..PcapOptions::default() }),
        ("be_modified", PcapOptions { big_endian: true, modified: true, ..PcapOptions::default() }),
    ] {
        put(&cap, &format!("ethernet_{name}.pcap"), &write_pcap(lt::ETHERNET, &packets(eth()), o));
    }
    let ifaces = [Interface { linktype: 1, tsresol: 6 }, Interface { linktype: 113, tsresol: 9 }];
    for (name, big_endian, kind) in [
        ("le_enhanced", false, BlockKind::Enhanced),
        ("be_enhanced", true, BlockKind::Enhanced),
        ("le_simple", false, BlockKind::Simple),
        ("be_obsolete", true, BlockKind::Obsolete),
    ] {
        let p = packets(eth());
        let file = write_pcapng(&[Section { big_endian, interfaces: &ifaces, packets: &p, kind }]);
        put(&cap, &format!("{name}.pcapng"), &file);
    }
    // IPv4 fragments: one CTIQBE segment split in three.
    let (c, s): (SocketAddr, SocketAddr) = ("10.20.30.41:49822".parse().expect("addr"), "10.1.1.10:2748".parse().expect("addr"));
    let msg = &sample::ctiqbe_session()[0].1;
    let l4 = packet::tcp(c, s, 1_000_001, 7_000_001, packet::TCP_PSH | packet::TCP_ACK, msg);
    let mut frag_frames = Vec::new();
    let mut frag_seq = vec![0u8];
    for (i, part) in l4.chunks(64).enumerate() {
        let more = (i + 1) * 64 < l4.len();
        let l3 = packet::ipv4(c.ip(), s.ip(), 6, 77, Some((i * 64, more)), part);
        frag_frames.push(packet::ethernet(&l3, &[]));
        // net_layers fragment record: [id][flags][offset u16][len][payload].
        frag_seq.extend_from_slice(&[1, u8::from(more)]);
        frag_seq.extend_from_slice(&((i * 64) as u16).to_be_bytes());
        frag_seq.push(part.len() as u8);
        frag_seq.extend_from_slice(part);
    }
    put(&net, "fragment_ipv4", &frag_frames[0]);
    put(&net, "fragment_sequence", &frag_seq);
    frag_frames.reverse();
    put(&cap, "fragments.pcap", &write_pcap(lt::ETHERNET, &packets(frag_frames), PcapOptions::default()));

    // ctiqbe_frame: each message of the sample, then the whole session as one stream in pieces.
    let mut stream = Vec::new();
    for (i, (from_client, msg)) in sample::ctiqbe_session().into_iter().enumerate() {
        put(&cti, &format!("msg_{i:02}_{}", if from_client { "c" } else { "s" }), &[&[0u8][..], &msg].concat());
        stream.extend_from_slice(&msg);
    }
    put(&cti, "session_pieces", &[&[3u8, 0x3f, 0x45, 0x0c][..], &stream].concat());
    put(&cti, "session_gap", &[&[2u8, 0x3f, 0x83][..], &stream].concat());
    // ...and the layouts of ctiqbe-wire-2 (nested DeviceInfo, RTPDestinationV6, arrays of
    // structures read at elementSize strides), as the part-2 captures carry them.
    let part2 = part2_frames();
    let mut stream2 = Vec::new();
    for (name, msg) in &part2 {
        put(&cti, &format!("part2_{name}"), &[&[0u8][..], msg].concat());
        stream2.extend_from_slice(msg);
    }
    put(&cti, "part2_pieces", &[&[3u8, 0x3f, 0x45, 0x0c][..], &stream2].concat());

    // sccp: a phone's messages (registration, keepalive, a call's CallInfo and media) as one
    // stream in 12-byte pieces, and single messages; built by hand in the Basic layout.
    let sccp = dir("sccp");
    let skinny = |id: u32, body: &[u8]| [&((body.len() + 4) as u32).to_le_bytes()[..], &[0, 0, 0, 0], &id.to_le_bytes(), body].concat();
    let text = |s: &str, n: usize| { let mut b = s.as_bytes().to_vec(); b.resize(n, 0); b };
    let register = skinny(0x0001, &[text("SEP001122334455", 16), vec![0; 8], vec![10, 10, 20, 31], 8u32.to_le_bytes().to_vec(), vec![0; 8]].concat());
    let keepalive = skinny(0x0000, &[]);
    let keypad = skinny(0x0003, &[5u32.to_le_bytes(), 1u32.to_le_bytes(), 25_560_001u32.to_le_bytes()].concat());
    let call_info = skinny(0x008f, &[text("Alice Smith", 40), text("1001", 24), text("Bob Jones", 40), text("1002", 24), 1u32.to_le_bytes().to_vec(), 25_560_001u32.to_le_bytes().to_vec(), 2u32.to_le_bytes().to_vec()].concat());
    let ack = skinny(0x0022, &[0u32.to_le_bytes(), [10, 10, 20, 31], 24_580u32.to_le_bytes(), 1u32.to_le_bytes()].concat());
    let stream = [register.clone(), keepalive.clone(), keypad.clone(), call_info.clone(), ack.clone()].concat();
    put(&sccp, "phone_stream", &[&[3u8, 11, 0x40 | 11, 11][..], &stream].concat());
    for (name, m) in [("register", register), ("keepalive", keepalive), ("keypad", keypad), ("call_info", call_info), ("open_receive_ack", ack)] {
        put(&sccp, name, &[&[0u8][..], &m].concat());
    }

    // reassembly: [cap] then segments [kind][seq][len][payload].
    let seg = |kind: u8, seq: &[u8], payload: &[u8]| [&[kind][..], seq, &[payload.len() as u8], payload].concat();
    put(&re, "in_order", &[&[255u8][..], &seg(3, &[0, 0, 0, 9], b""), &seg(2, &[0, 0, 0, 10], b"abc"), &seg(0, &[0, 3], b"def")].concat());
    put(&re, "out_of_order", &[&[8u8][..], &seg(2, &[0, 0, 0, 10], b"a"), &seg(0, &[0, 9], b"0123"), &seg(0, &[0xff, 0xf7], b"bcdefghi")].concat());
    put(&re, "wrap", &[&[64u8][..], &seg(2, &[0xff, 0xff, 0xff, 0xfe], b"ab"), &seg(4, &[0, 2], b"cd")].concat());
    // ged188: an OPEN_REQ / OPEN_CONF / CALL_DELIVERED_EVENT / CLOSE stream in each floating
    // framing (v20 2-byte tags, v15 1-byte tags, with the zero pseudo-frame), whole and in pieces.
    let ged = dir("ged188");
    for (version, long) in [(20u32, true), (15u32, false)] {
        let fl = |tag: u16, data: &[u8]| -> Vec<u8> {
            if long {
                [&tag.to_be_bytes()[..], &(data.len() as u16).to_be_bytes(), data].concat()
            } else {
                [&[tag as u8, data.len() as u8][..], data].concat()
            }
        };
        let msg = |t: u32, body: &[u8]| [&(body.len() as u32).to_be_bytes()[..], &t.to_be_bytes(), body].concat();
        let words = |ws: &[u32]| ws.iter().flat_map(|w| w.to_be_bytes()).collect::<Vec<u8>>();
        let open = [words(&[1, version, 120, 5000, 7, 0xffff, 0x3ff, 0, 0, 0, 0]), fl(1, b"desk01\0"), fl(2, b"pw\0"), fl(5, b"1001\0")].concat();
        let mut conf = words(&[1, 0x14, 0, 0, 1_767_225_600]);
        conf.extend([0, 1, 0, 17, 0, 2]);
        if version >= 20 {
            conf.extend(words(&[0]));
        }
        conf.extend(fl(5, b"1001\0"));
        let mut deliver = vec![0u8; 54];
        deliver[12..16].copy_from_slice(&77u32.to_be_bytes());
        deliver.extend([fl(8, b"+14085551234\0"), fl(10, b"8005550100\0"), fl(13, b"acct=1\0"), fl(82, b"user.email\0a@b.c\0")].concat());
        let mut stream = [msg(3, &open), msg(4, &conf), msg(9, &deliver), msg(7, &words(&[2, 0]))].concat();
        if !long {
            stream.extend([0u8; 8]);
        }
        stream.extend(msg(8, &words(&[2])));
        put(&ged, &format!("v{version}_whole"), &[&[0u8][..], &stream].concat());
        put(&ged, &format!("v{version}_pieces"), &[&[3u8, version as u8, 0x45, 0x0c][..], &stream].concat());
        put(&ged, &format!("v{version}_gap"), &[&[2u8, 0x3f, 0x83][..], &stream].concat());
    }
    eprintln!("seeds written under {}", root.display());
}
