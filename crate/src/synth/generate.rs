//! A deterministic generator of large, realistic captures for benchmarks, written streaming (a
//! 4 GB file needs no memory to speak of). Same profile, seed and size: same bytes.
//!
//! Three [`Profile`]s:
//! * [`Profile::Mixed`] (the default) is what a capture taken at a CUCM or on a voice VLAN
//!   looks like: JTAPI sessions of 20–60 calls each (shaped like the real client's traffic),
//!   SIP calls with their G.711 RTP media, HTTPS bulk transfers, SIP OPTIONS pings, SCCP
//!   keepalives, TLS handshakes on 2749 and, in 3 % of conversations, an agent desktop's CTI
//!   Server (GED-188) session in either floating framing, a third of them failing over from
//!   side A to side B. By bytes about 10 % CTIQBE, half RTP, a third bulk TCP
//!   (`docs/performance.md` gives the measured mix).
//! * [`Profile::Cti`] is the worst case for ctiscope: a capture filtered to CTI traffic, half
//!   of its bytes CTIQBE in short sessions, plus small TLS flows and SIP/SCCP pings. Its bytes
//!   are pinned (the benchmarks were measured on them): other profiles may change, and this one
//!   only for a reason stated in its commit (once: each session's calls got global call ids of
//!   their own, as a CUCM gives them, instead of every session reusing 5001…; same sizes, same
//!   messages, only those four bytes per call moved).
//! * [`Profile::Correlated`] is for following calls across protocols (issue 14): the same
//!   calls seen by a JTAPI application (CTIQBE), the phones (SCCP) and the trunk (SIP), with a
//!   blind transfer and a conference, replayed every three hours with the same numbers. The
//!   JTAPI session also gets the media events of two of the three phones (their RTP endpoints,
//!   the ones SCCP and SDP carry) and, in the first scene, a recorded call; its
//!   truth (every call's legs and their keys) comes from [`super::correlated::correlated_truth`]
//!   and the CLI writes it next to the capture as `FILE.truth.json`. It has no randomness.
//!
//! About 1 % of CTIQBE segments are retransmitted and 1 % swapped with the next one.

use super::packet::{self, Conversation};
use super::sample::{jtapi_session, noise, SessionParams};
use super::tls;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One conversation being played out: its packets not yet written.
struct Player {
    frames: std::vec::IntoIter<Vec<u8>>,
}

fn ip(a: u8, b: u8, c: u8, d: u8, port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::new(a, b, c, d)), port)
}

fn jtapi_player(rng: &mut Rng, n: u64, calls: u64) -> Player {
    let client = ip(10, 20, (n >> 8) as u8, n as u8, 40000 + (n % 20000) as u16);
    let mut conv = Conversation::new(client, ip(10, 1, 1, 10, 2748));
    let calls = (0..calls)
        .map(|c| format!("9{:011}", (n * 7 + c) % 100_000_000_000))
        .collect();
    let p = SessionParams {
        login: format!("app_user{:04}", n % 10000),
        application: format!("Contact-Centre-{}@app{:02}", n % 50, n % 16),
        device: format!("CTIRP{:010}", n),
        line: format!("{}", 3000 + n % 5000),
        partition: "PT_Internal".into(),
        calls,
        call_base: (n as u32).wrapping_mul(97),
        // Each session's calls get their own global call ids (64 per session: more than any
        // profile's calls per session), as a CUCM gives every call a global handle of its own.
        global_base: 100_000u32.wrapping_add((n as u32).wrapping_mul(64)),
        certificate: super::sample::CERTIFICATE.to_vec(),
    };
    let mut frames = conv.handshake();
    let msgs = jtapi_session(&p);
    let mut previous: Option<Vec<u8>> = None;
    for (i, (from_client, m)) in msgs.into_iter().enumerate() {
        let f = conv.send(from_client, &m);
        match rng.below(100) {
            // A retransmission of this segment.
            0 => {
                frames.push(f.clone());
                frames.push(f);
            }
            // Swap with the previous segment (reordering).
            1 if i > 0 => {
                if let Some(prev) = previous.take() {
                    frames.push(f.clone());
                    frames.push(prev);
                    continue;
                }
                frames.push(f.clone());
            }
            _ => {
                if let Some(prev) = previous.take() {
                    frames.push(prev);
                }
                previous = Some(f);
                continue;
            }
        }
    }
    if let Some(prev) = previous {
        frames.push(prev);
    }
    frames.extend(conv.close());
    Player {
        frames: frames.into_iter(),
    }
}

/// A well-formed TLS 1.3 ClientHello record (the TLS decoder reports a malformed one).
fn client_hello() -> Vec<u8> {
    tls::record(
        22,
        &tls::client_hello(&[0x0304, 0x0303], &[0x1301, 0x1302, 0xc02f], None),
    )
}

fn noise_player(rng: &mut Rng, n: u64) -> Player {
    let mut conv = Conversation::new(
        ip(10, 40, (n >> 8) as u8, n as u8, 50000 + (n % 10000) as u16),
        ip(10, 9, 9, 9, 443),
    );
    let mut frames = conv.handshake();
    frames.push(conv.send(true, &client_hello()));
    for i in 0..(4 + rng.below(20)) {
        // Opaque application-data records, as TLS traffic on 443 is once the handshake is done.
        let data = noise(1200 + rng.below(260) as usize, (n * 31 + i) as u32);
        frames.push(conv.send(i % 3 == 0, &tls::record(23, &data)));
    }
    frames.extend(conv.close());
    Player {
        frames: frames.into_iter(),
    }
}

fn sip_sccp_player(n: u64) -> Player {
    let (cm, gw) = (ip(10, 1, 1, 10, 5060), ip(10, 1, 2, (n % 200) as u8, 5060));
    let options = format!("OPTIONS sip:{gw} SIP/2.0\r\nVia: SIP/2.0/UDP {cm};branch=z9hG4bK{n}\r\nFrom: <sip:{cm}>;tag={n}\r\nTo: <sip:{gw}>\r\nCall-ID: {n}@10.1.1.10\r\nCSeq: {n} OPTIONS\r\nContent-Length: 0\r\n\r\n");
    let ok = format!("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP {cm};branch=z9hG4bK{n}\r\nFrom: <sip:{cm}>;tag={n}\r\nTo: <sip:{gw}>;tag=gw{n}\r\nCall-ID: {n}@10.1.1.10\r\nCSeq: {n} OPTIONS\r\nContent-Length: 0\r\n\r\n");
    let mut frames = vec![
        packet::ethernet(
            &packet::ip(
                cm.ip(),
                gw.ip(),
                17,
                &packet::udp(cm, gw, options.as_bytes()),
            ),
            &[],
        ),
        packet::ethernet(
            &packet::ip(gw.ip(), cm.ip(), 17, &packet::udp(gw, cm, ok.as_bytes())),
            &[],
        ),
    ];
    let mut sccp = Conversation::new(
        ip(10, 30, (n >> 8) as u8, n as u8, 51000),
        ip(10, 1, 1, 10, 2000),
    );
    frames.extend(sccp.handshake());
    frames.push(sccp.send(true, &[4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    frames.push(sccp.send(false, &[4, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]));
    let mut tls = Conversation::new(
        ip(10, 20, 200, (n % 250) as u8, 45000),
        ip(10, 1, 1, 10, 2749),
    );
    frames.extend(tls.handshake());
    frames.push(tls.send(true, &client_hello()));
    frames.extend(tls.close());
    Player {
        frames: frames.into_iter(),
    }
}

/// Customers' mailbox names, for the ECC variables of the CTI Server's call data.
const CUSTOMERS: [&str; 6] = [
    "a.moreau", "j.smith", "k.tanaka", "m.rossi", "p.nowak", "s.garcia",
];

/// A UCCE agent desktop's CTI Server (GED-188) session, in the framing of its protocol version
/// (14 or 15: 1-byte floating tags; 20 or 24: 2-byte), with 1–4 inbound calls carrying ANI, DNIS,
/// caller-entered digits, call and ECC variables. One in three fails over: connected to side A
/// (42027) it takes a call, the connection is reset, and the same ClientID opens again on side
/// B (43027) and goes on there.
fn ged188_player(rng: &mut Rng, n: u64) -> Player {
    use super::ged188::{session, Call, SessionParams};
    let version = [14, 15, 20, 24][rng.below(4) as usize];
    let failover = rng.below(3) == 0;
    let calls: Vec<Call> = (0..1 + rng.below(4))
        .map(|c| {
            let who = CUSTOMERS[((n + c) % CUSTOMERS.len() as u64) as usize];
            Call {
                connection_call_id: 16_000_000 + (n * 8 + c) as u32,
                ani: format!("0{:09}", (n * 7919 + c * 104_729) % 1_000_000_000),
                dnis: format!("{}", 8000 + (n + c) % 20),
                dialed: "8000".into(),
                entered_digits: format!("{:08}", (n * 31 + c) % 100_000_000),
                variables: vec![
                    format!("ACCT{:07}", (n * 13 + c) % 10_000_000),
                    "Billing".into(),
                    format!("lang=en;prio={}", c % 3),
                ],
                ecc: vec![
                    ("user.customer.email".into(), format!("{who}@example.com")),
                    ("user.ivr.intent".into(), "balance".into()),
                ],
            }
        })
        .collect();
    let mut p = SessionParams {
        version,
        client_id: format!("desk{:05}", n % 100_000),
        client_password: format!("Fin-{:04x}!", n & 0xffff),
        client_signature: format!("Finesse-Desktop-{}", n % 40),
        peripheral_id: 5000 + (n % 4) as u32,
        agent_id: format!("{}", 10_000 + n % 90_000),
        agent_extension: format!("{}", 3000 + n % 5000),
        agent_instrument: format!("{}", 3000 + n % 5000),
        agent_password: format!("Agent#{:04}", n % 10_000),
        time: 1_796_000_000 + n as u32,
        calls,
        close: true,
    };
    let desk = ip(10, 70, (n >> 8) as u8, n as u8, 0);
    let side_a = ip(10, 5, 1, 10, 42027);
    let side_b = ip(10, 5, 1, 11, 43027);
    let mut frames = Vec::new();
    fn play(conv: &mut Conversation, p: &SessionParams, frames: &mut Vec<Vec<u8>>) {
        frames.extend(conv.handshake());
        for (from_client, m) in session(p) {
            frames.push(conv.send(from_client, &m));
        }
    }
    let port = 30000 + (n % 20000) as u16;
    if failover {
        let rest = p.calls.split_off(1);
        p.close = false;
        let mut a = Conversation::new(SocketAddr::new(desk.ip(), port), side_a);
        play(&mut a, &p, &mut frames);
        // Side A goes down: the connection is reset (Cisco's SO_LINGER 0 advice, spec §1).
        frames.push(a.raw(false, a.server_seq, packet::TCP_RST | packet::TCP_ACK, &[]));
        p.calls = rest;
        p.close = true;
        let mut b = Conversation::new(SocketAddr::new(desk.ip(), port.wrapping_add(1)), side_b);
        play(&mut b, &p, &mut frames);
        frames.extend(b.close());
    } else {
        let mut a = Conversation::new(SocketAddr::new(desk.ip(), port), side_a);
        play(&mut a, &p, &mut frames);
        frames.extend(a.close());
    }
    Player {
        frames: frames.into_iter(),
    }
}

/// What kind of capture to generate (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    #[default]
    /// Every protocol mixed with background traffic.
    Mixed,
    /// CTI protocols only.
    Cti,
    /// Calls seen by JTAPI (CTIQBE), the phones (SCCP) and the trunk (SIP) at once, with the
    /// generator's truth ([`super::correlated`]).
    Correlated,
}

impl Profile {
    /// The profile named `name` (`mixed`, `cti`, `correlated`), if any.
    pub fn from_name(name: &str) -> Option<Profile> {
        match name {
            "mixed" => Some(Profile::Mixed),
            "cti" => Some(Profile::Cti),
            "correlated" => Some(Profile::Correlated),
            _ => None,
        }
    }

    /// The next conversation to start, the `n`th of the capture.
    fn player(self, rng: &mut Rng, n: u64) -> Player {
        match self {
            Profile::Cti => match n % 10 {
                0..=5 => {
                    let calls = 1 + rng.below(6);
                    jtapi_player(rng, n, calls)
                }
                6..=8 => noise_player(rng, n),
                _ => sip_sccp_player(n),
            },
            // Weights chosen for the byte mix in the module docs: 15 % of conversations are
            // JTAPI sessions (~130 KB each), 45 % SIP calls with media (~230 KB), 15 % HTTPS
            // transfers (~400 KB), the rest short SIP/SCCP/TLS exchanges.
            Profile::Mixed => match rng.below(100) {
                0..=14 => {
                    let calls = 20 + rng.below(41);
                    jtapi_player(rng, n, calls)
                }
                15..=59 => sip_call_player(rng, n),
                60..=74 => bulk_player(rng, n),
                75..=84 => noise_player(rng, n),
                85..=87 => ged188_player(rng, n),
                _ => sip_sccp_player(n),
            },
            // Written by `correlated::write`, never by players.
            Profile::Correlated => Player {
                frames: Vec::new().into_iter(),
            },
        }
    }
}

/// A SIP call over UDP (INVITE … 200 OK, ACK, then BYE) with its G.711 RTP media both ways:
/// 20 ms packets of 160 bytes of audio, 3–15 s of talk captured.
fn sip_call_player(rng: &mut Rng, n: u64) -> Player {
    let phone = ip(10, 50, (n >> 8) as u8, n as u8, 5060);
    let gateway = ip(10, 1, 3, (n % 200) as u8 + 1, 5060);
    let call_id = format!("{n:016x}@10.1.1.10");
    let sdp = |addr: SocketAddr, port: u16| {
        format!("v=0\r\no=- {n} 1 IN IP4 {a}\r\ns=-\r\nc=IN IP4 {a}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n", a = addr.ip())
    };
    let sip = |first: &str, cseq: &str, from_phone: bool, body: &str| {
        let (src, dst) = if from_phone {
            (phone, gateway)
        } else {
            (gateway, phone)
        };
        let text = format!(
            "{first}\r\nVia: SIP/2.0/UDP {src};branch=z9hG4bK{n:x}.{branch}\r\nFrom: <sip:{d}@{p}>;tag={n:x}\r\nTo: <sip:9{n:011}@{g}>\r\nCall-ID: {call_id}\r\nCSeq: {cseq}\r\nContact: <sip:{src}>\r\nUser-Agent: Cisco-CUCM15.0\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{body}",
            body.len(),
            branch = cseq.split(' ').next().unwrap_or("0"),
            d = 3000 + n % 5000,
            p = phone.ip(),
            g = gateway.ip(),
        );
        packet::ethernet(
            &packet::ip(
                src.ip(),
                dst.ip(),
                17,
                &packet::udp(src, dst, text.as_bytes()),
            ),
            &[],
        )
    };
    let invite = format!("INVITE sip:9{n:011}@{} SIP/2.0", gateway.ip());
    let mut frames = vec![
        sip(&invite, "1 INVITE", true, &sdp(phone, 20000)),
        sip("SIP/2.0 100 Trying", "1 INVITE", false, ""),
        sip("SIP/2.0 180 Ringing", "1 INVITE", false, ""),
        sip("SIP/2.0 200 OK", "1 INVITE", false, &sdp(gateway, 30000)),
        sip(
            &format!("ACK sip:9{n:011}@{} SIP/2.0", gateway.ip()),
            "1 ACK",
            true,
            "",
        ),
    ];
    let (a, b) = (
        ip(
            10,
            50,
            (n >> 8) as u8,
            n as u8,
            20000 + (n % 5000) as u16 * 2,
        ),
        ip(10, 1, 3, (n % 200) as u8 + 1, 30000 + (n % 5000) as u16 * 2),
    );
    let packets = 150 + rng.below(601) as u32;
    for i in 0..packets {
        for (src, dst, ssrc) in [(a, b, n as u32), (b, a, !(n as u32))] {
            let mut rtp = Vec::with_capacity(172);
            rtp.extend_from_slice(&[0x80, 0x00]);
            rtp.extend_from_slice(&(i as u16).to_be_bytes());
            rtp.extend_from_slice(&(i.wrapping_mul(160)).to_be_bytes());
            rtp.extend_from_slice(&ssrc.to_be_bytes());
            rtp.extend(noise(160, n as u32 ^ i));
            frames.push(packet::ethernet(
                &packet::ip(src.ip(), dst.ip(), 17, &packet::udp(src, dst, &rtp)),
                &[],
            ));
        }
    }
    frames.push(sip(
        &format!("BYE sip:9{n:011}@{} SIP/2.0", gateway.ip()),
        "2 BYE",
        true,
        "",
    ));
    frames.push(sip("SIP/2.0 200 OK", "2 BYE", false, ""));
    Player {
        frames: frames.into_iter(),
    }
}

/// An HTTPS transfer: handshake, ClientHello, then 100–400 full-size segments of TLS
/// application data from the server.
fn bulk_player(rng: &mut Rng, n: u64) -> Player {
    let mut conv = Conversation::new(
        ip(10, 60, (n >> 8) as u8, n as u8, 52000 + (n % 10000) as u16),
        ip(10, 2, 2, (n % 50) as u8 + 1, 443),
    );
    let mut frames = conv.handshake();
    frames.push(conv.send(true, &client_hello()));
    let record = tls::record(23, &noise(1443, n as u32));
    for _ in 0..(100 + rng.below(301)) {
        frames.push(conv.send(false, &record));
    }
    frames.extend(conv.close());
    Player {
        frames: frames.into_iter(),
    }
}

/// Writes a [`Profile::Mixed`] pcap of at least `target_len` bytes (it stops after the packet
/// that crosses it). Returns (bytes written, packets written).
pub fn write_capture(out: &mut impl Write, target_len: u64, seed: u64) -> io::Result<(u64, u64)> {
    write_profile(out, target_len, seed, Profile::Mixed)
}

/// [`write_capture`] for any profile.
pub fn write_profile(
    out: &mut impl Write,
    target_len: u64,
    seed: u64,
    profile: Profile,
) -> io::Result<(u64, u64)> {
    if profile == Profile::Correlated {
        return super::correlated::write(out, target_len).map(|r| r.0);
    }
    let mut rng = Rng(seed | 1);
    let mut header = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    header.extend_from_slice(&2u16.to_le_bytes());
    header.extend_from_slice(&4u16.to_le_bytes());
    for w in [0u32, 0, 262_144, 1] {
        header.extend_from_slice(&w.to_le_bytes());
    }
    out.write_all(&header)?;
    let mut written = header.len() as u64;
    let mut packets = 0u64;
    let mut ts_us: u64 = 1_796_000_000_000_000;
    let mut players: Vec<Player> = Vec::new();
    let mut started = 0u64;
    const CONCURRENT: usize = 64;
    while written < target_len {
        while players.len() < CONCURRENT {
            started += 1;
            players.push(profile.player(&mut rng, started));
        }
        let i = rng.below(players.len() as u64) as usize;
        let Some(frame) = players.get_mut(i).and_then(|p| p.frames.next()) else {
            players.swap_remove(i);
            continue;
        };
        ts_us += 50 + rng.below(400);
        let mut rec = Vec::with_capacity(16 + frame.len());
        for w in [
            (ts_us / 1_000_000) as u32,
            (ts_us % 1_000_000) as u32,
            frame.len() as u32,
            frame.len() as u32,
        ] {
            rec.extend_from_slice(&w.to_le_bytes());
        }
        rec.extend_from_slice(&frame);
        out.write_all(&rec)?;
        written += rec.len() as u64;
        packets += 1;
    }
    Ok((written, packets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mixed_profile_has_the_documented_byte_mix() {
        let mut a = Vec::new();
        write_capture(&mut a, 24 << 20, 7).unwrap();
        let r = crate::analyze_bytes(&a).unwrap();
        let bytes = |p: crate::model::Protocol| {
            r.flows
                .iter()
                .filter(|f| f.protocol == p)
                .map(|f| f.bytes)
                .sum::<u64>() as f64
        };
        let total = r.capture.bytes as f64;
        let (cti, unknown_udp, tls) = (
            bytes(crate::model::Protocol::Ctiqbe) / total,
            r.flows
                .iter()
                .filter(|f| f.protocol == crate::model::Protocol::Unknown)
                .map(|f| f.bytes)
                .sum::<u64>() as f64
                / total,
            bytes(crate::model::Protocol::Tls) / total,
        );
        assert!((0.05..0.2).contains(&cti), "CTIQBE {cti}");
        assert!((0.35..0.7).contains(&unknown_udp), "RTP {unknown_udp}");
        assert!((0.2..0.5).contains(&tls), "bulk {tls}");
        let malformed = r
            .events
            .iter()
            .filter(|e| e.kind != "ctiqbe.gap" && e.kind != "ctiqbe.resync")
            .count();
        assert_eq!(malformed, 0, "{:?}", &r.events[..r.events.len().min(5)]);
    }

    /// The `cti` profile is the benchmarks' worst case: its bytes stay what they were when the
    /// benchmarks were measured (other profiles may grow; this one must not move).
    #[test]
    fn the_cti_profile_bytes_are_pinned() {
        use sha2::{Digest, Sha256};
        let mut a = Vec::new();
        write_profile(&mut a, 1 << 20, 42, Profile::Cti).unwrap();
        let hex: String = Sha256::digest(&a)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            (a.len(), hex.as_str()),
            (
                1_048_582,
                "2f892e8ac2b3d413504a3daa722081a54e16d7fa29b763cd61391e052ae6e2ee"
            )
        );
    }

    #[test]
    fn generated_captures_are_deterministic_and_decode_cleanly() {
        let mut a = Vec::new();
        let (len, packets) = write_profile(&mut a, 2 << 20, 42, Profile::Cti).unwrap();
        let mut b = Vec::new();
        write_profile(&mut b, 2 << 20, 42, Profile::Cti).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len() as u64, len);
        let r = crate::analyze_bytes(&a).unwrap();
        assert_eq!(r.capture.packets, packets);
        assert!(r.sessions.len() > 20, "{} sessions", r.sessions.len());
        let malformed = r
            .events
            .iter()
            .filter(|e| e.kind != "ctiqbe.gap" && e.kind != "ctiqbe.resync")
            .count();
        assert_eq!(malformed, 0, "{:?}", &r.events[..r.events.len().min(5)]);
        assert!(r.stats.tcp_duplicate_bytes > 0 && r.stats.tcp_out_of_order_segments > 0);
    }

    /// Each generated call has a global call handle of its own (as a CUCM gives it), so the
    /// calls pass keeps the calls apart: as many calls as the generator made, one leg each (the
    /// `cti` profile's sessions are independent applications; before, sessions reusing the same
    /// handles at the same times folded thousands of legs into a handful of calls).
    #[test]
    fn the_cti_profile_calls_are_the_generated_calls() {
        let mut a = Vec::new();
        write_profile(&mut a, 2 << 20, 42, Profile::Cti).unwrap();
        let r = crate::analyze_bytes(&a).unwrap();
        let legs: usize = r
            .sessions
            .iter()
            .filter_map(|s| s.info.ctiqbe())
            .map(|i| i.calls.len())
            .sum();
        assert!(legs > 100, "{legs} CTIQBE calls");
        assert_eq!(r.calls.len(), legs);
        assert!(r.calls.iter().all(|c| c.legs.len() == 1));
    }

    /// Every message of a generated CTI Server session decodes cleanly with ctiscope's own
    /// GED-188 decoder, in the framing of its version, with the version known (from the
    /// stream's OPEN_REQ) or not.
    #[test]
    fn ged188_sessions_decode_in_both_framings() {
        use crate::proto::ged188::{decode_message, Context, Framing};
        for (n, version, framing) in [
            (3u64, 14, Framing::Short),
            (4, 15, Framing::Short),
            (5, 20, Framing::Long),
            (6, 24, Framing::Long),
        ] {
            let mut p = super::super::ged188::SessionParams {
                version,
                client_id: format!("desk{n}"),
                client_password: "pw".into(),
                client_signature: "Finesse".into(),
                peripheral_id: 5000,
                agent_id: "10001".into(),
                agent_extension: "3001".into(),
                agent_instrument: "3001".into(),
                agent_password: "Agent#1".into(),
                time: 1_796_000_000,
                calls: vec![super::super::ged188::Call {
                    connection_call_id: 16_000_001,
                    ani: "0612345678".into(),
                    dnis: "8001".into(),
                    dialed: "8000".into(),
                    entered_digits: "12345678".into(),
                    variables: vec!["ACCT1".into(), "Billing".into()],
                    ecc: vec![("user.customer.email".into(), "a@example.com".into())],
                }],
                close: true,
            };
            p.calls.push(super::super::ged188::Call {
                connection_call_id: 16_000_002,
                ..p.calls[0].clone()
            });
            let msgs = super::super::ged188::session(&p);
            let mut names = Vec::new();
            for (_, raw) in &msgs {
                for ctx in [
                    Context {
                        version: Some(version),
                    },
                    Context::default(),
                ] {
                    let d = decode_message(raw, ctx);
                    assert!(
                        d.errors.is_empty() && d.anomalies.is_empty(),
                        "v{version} {} {ctx:?}: {:?} {:?}",
                        d.name,
                        d.errors,
                        d.anomalies
                    );
                    assert!(!d.fields.contains_key("unparsed"), "v{version} {}", d.name);
                    if let Some(f) = d.framing {
                        assert_eq!(f, framing, "v{version} {}", d.name);
                    }
                }
                let d = decode_message(
                    raw,
                    Context {
                        version: Some(version),
                    },
                );
                names.push(d.name.clone());
                match d.name.as_str() {
                    "OPEN_REQ" => {
                        assert_eq!(d.text("ClientID"), Some(p.client_id.as_str()));
                        assert_eq!(d.text("ClientPassword"), Some("pw"));
                        assert_eq!(d.u32("VersionNumber"), Some(version));
                    }
                    "SET_AGENT_STATE_REQ" if d.get("AgentPassword").is_some() => {
                        assert_eq!(d.text("AgentPassword"), Some("Agent#1"));
                    }
                    "BEGIN_CALL_EVENT" | "CALL_DELIVERED_EVENT" => {
                        assert_eq!(d.text("Ani"), Some("0612345678"));
                        assert_eq!(d.text("Dnis"), Some("8001"));
                        assert_eq!(d.text("CallVar2"), Some("Billing"));
                        assert!(d.get("NamedVariable").is_some());
                    }
                    "OPEN_CONF" => assert_eq!(d.get("DepartmentID").is_some(), version >= 20),
                    "AGENT_STATE_EVENT" => assert_eq!(d.text("AgentID"), Some("10001")),
                    _ => {}
                }
            }
            for want in [
                "OPEN_REQ",
                "OPEN_CONF",
                "SET_AGENT_STATE_REQ",
                "SET_AGENT_STATE_CONF",
                "AGENT_STATE_EVENT",
                "HEARTBEAT_REQ",
                "HEARTBEAT_CONF",
                "BEGIN_CALL_EVENT",
                "CALL_DELIVERED_EVENT",
                "CALL_ESTABLISHED_EVENT",
                "CALL_CONNECTION_CLEARED_EVENT",
                "CALL_CLEARED_EVENT",
                "END_CALL_EVENT",
                "CLOSE_REQ",
                "CLOSE_CONF",
            ] {
                assert!(names.iter().any(|n| n == want), "v{version}: no {want}");
            }
        }
    }

    /// A mixed capture carries CTI Server sessions in both framings, one client failing over
    /// from side A to side B, and the CTI-SERVER findings they call for; nothing malformed.
    #[test]
    fn the_mixed_profile_has_ged188_sessions_with_failover() {
        use crate::report::SessionInfo;
        let mut a = Vec::new();
        write_capture(&mut a, GED_CAPTURE_LEN, GED_SEED).unwrap();
        let mut b = Vec::new();
        write_capture(&mut b, GED_CAPTURE_LEN, GED_SEED).unwrap();
        assert!(a == b, "same seed and size, different bytes");
        let r = crate::analyze_bytes(&a).unwrap();
        let ged: Vec<(&crate::report::Session, &crate::proto::ged188::SessionInfo)> = r
            .sessions
            .iter()
            .filter_map(|s| match &s.info {
                SessionInfo::Ged188(i) => Some((s, &**i)),
                _ => None,
            })
            .collect();
        let framings: std::collections::BTreeSet<_> =
            ged.iter().filter_map(|(_, i)| i.floating_framing).collect();
        assert_eq!(
            framings.len(),
            2,
            "{} sessions, framings {framings:?}",
            ged.len()
        );
        for (s, i) in &ged {
            assert_eq!(i.version_source, Some("OPEN_REQ"), "{}", s.id);
            assert_eq!(i.open_result, Some("OPEN_CONF"));
            assert_eq!(
                i.messages_with_errors + i.unmatched_confirmations + i.unanswered_requests,
                0,
                "{}",
                s.id
            );
            assert!(!i.calls.is_empty() || i.close.is_some());
            for c in &i.calls {
                assert!(
                    c.leg.calling.number.is_some()
                        && c.leg.called.number.is_some()
                        && c.entered_digits
                );
                assert!(
                    c.variables.contains("CallVar1") && c.variables.contains("user.customer.email")
                );
            }
        }
        let ged_events: Vec<_> = r
            .events
            .iter()
            .filter(|e| e.kind.as_str().starts_with("ged188."))
            .collect();
        assert!(ged_events.is_empty(), "{ged_events:?}");
        // Failover: the same ClientID on side A (reset, never closed) and on side B (closed).
        let mut by_client: std::collections::BTreeMap<&str, Vec<&crate::report::Session>> =
            Default::default();
        for (s, i) in &ged {
            by_client
                .entry(i.logical_client.as_deref().unwrap())
                .or_default()
                .push(s);
        }
        let failovers: Vec<_> = by_client.values().filter(|v| v.len() == 2).collect();
        assert!(
            !failovers.is_empty(),
            "no failover among {} sessions",
            ged.len()
        );
        for pair in failovers {
            assert!(
                pair[0].server.ends_with(":42027") && pair[1].server.ends_with(":43027"),
                "{} {}",
                pair[0].server,
                pair[1].server
            );
            // Shown as one logical client with both connections.
            for s in pair.iter() {
                let info = s.info.ged188().unwrap();
                assert_eq!(info.client_sessions, vec![pair[0].id, pair[1].id]);
                let facts = s.info.facts();
                let f = facts.iter().find(|f| f.label == "connections").unwrap();
                assert!(f.value.starts_with("2 (one client: #"), "{}", f.value);
            }
        }
        let ids: std::collections::BTreeSet<&str> =
            r.findings.iter().map(|f| f.id.as_str()).collect();
        for want in [
            "CTI-SERVER-CLEARTEXT-SESSION",
            "CTI-SERVER-PASSWORD-EXPOSED",
            "CTI-SERVER-AGENT-PASSWORD-EXPOSED",
            "CTI-SERVER-CALLER-DATA-EXPOSED",
        ] {
            assert!(ids.contains(want), "{want} missing: {ids:?}");
        }
        assert!(
            !ids.contains("CTI-SERVER-MALFORMED") && !ids.contains("CTI-SERVER-EMPTY-PASSWORD"),
            "{ids:?}"
        );
    }

    const GED_CAPTURE_LEN: u64 = 3 << 20;
    const GED_SEED: u64 = 7;

    /// The correlated profile: the same bytes for the same size, the truth `write` returns is
    /// `correlated_truth`'s, the capture decodes without an event, and every leg of the truth
    /// is a call of the session it names, under the key it names, with the numbers it names;
    /// a call's SIP leg shares a media endpoint with one of its SCCP legs, and its CTIQBE legs'
    /// media (when the application gets the phone's media events) are SCCP's; the same
    /// numbers recur in calls hours apart.
    #[test]
    fn the_correlated_profile_matches_its_truth() {
        use super::super::correlated::{correlated_truth, write};
        use crate::report::SessionInfo;
        use std::collections::BTreeSet;
        let len = 120_000;
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let ((bytes, _), truth) = write(&mut a, len).unwrap();
        write_profile(&mut b, len, 9, Profile::Correlated).unwrap();
        assert!(a == b && bytes == a.len() as u64);
        assert_eq!(truth, correlated_truth(9, len));
        let kinds: BTreeSet<&str> = truth.iter().map(|c| c.kind).collect();
        assert_eq!(kinds.len(), 4, "{kinds:?}");
        assert!(truth.len() >= 8, "{} calls", truth.len());
        let r = crate::analyze_bytes(&a).unwrap();
        assert!(
            r.events.is_empty(),
            "{:?}",
            &r.events[..r.events.len().min(5)]
        );
        // (protocol, client, server, key) → (calling, called, media) of every call leg decoded.
        type Leg = (Option<String>, Option<String>, BTreeSet<String>);
        let mut decoded: std::collections::BTreeMap<(&str, String, String, String), Vec<Leg>> =
            Default::default();
        for s in &r.sessions {
            let mut put = |proto: &'static str, key: String, leg: Leg| {
                decoded
                    .entry((proto, s.client.clone(), s.server.clone(), key))
                    .or_default()
                    .push(leg);
            };
            let media = |l: &crate::model::CallLeg| {
                l.media
                    .iter()
                    .map(|m| m.address.clone())
                    .collect::<BTreeSet<_>>()
            };
            match &s.info {
                SessionInfo::Ctiqbe(i) => {
                    for c in &i.calls {
                        put(
                            "ctiqbe",
                            c.global_call_id.clone().unwrap(),
                            (
                                c.calling.clone(),
                                c.called.clone(),
                                c.media.iter().map(|m| m.address.clone()).collect(),
                            ),
                        );
                    }
                }
                SessionInfo::Sccp(i) => {
                    for c in &i.calls {
                        put(
                            "sccp",
                            c.leg.key.clone(),
                            (
                                c.leg.calling.number.clone(),
                                c.leg.called.number.clone(),
                                media(&c.leg),
                            ),
                        );
                    }
                }
                SessionInfo::Sip(i) => {
                    for c in &i.calls {
                        put(
                            "sip",
                            c.key.clone(),
                            (c.calling.number.clone(), c.called.number.clone(), media(c)),
                        );
                    }
                }
                _ => {}
            }
        }
        let mut legs = 0;
        for call in &truth {
            let mut sip_media = BTreeSet::new();
            let mut sccp_media = BTreeSet::new();
            let mut cti_media = BTreeSet::new();
            for l in &call.legs {
                let found = decoded.get(&(
                    l.protocol,
                    l.client.clone(),
                    l.server.clone(),
                    l.key.clone(),
                ));
                let found = found.unwrap_or_else(|| {
                    panic!(
                        "call {} {}: no {} leg {} in {} → {}",
                        call.id, call.kind, l.protocol, l.key, l.client, l.server
                    )
                });
                // CTIQBE reports a global call once per line it was seen on.
                assert!(
                    found.iter().any(|(calling, called, _)| calling.as_deref()
                        == Some(l.calling.as_str())
                        && called.as_deref() == Some(l.called.as_str())),
                    "call {} {} leg {}: {found:?} vs {} → {}",
                    call.id,
                    call.kind,
                    l.key,
                    l.calling,
                    l.called
                );
                for (_, _, m) in found {
                    match l.protocol {
                        "sip" => sip_media.extend(m.iter().cloned()),
                        "sccp" => sccp_media.extend(m.iter().cloned()),
                        _ => cti_media.extend(m.iter().cloned()),
                    }
                }
                legs += 1;
            }
            assert!(
                sip_media.intersection(&sccp_media).next().is_some(),
                "call {}: SIP {sip_media:?} SCCP {sccp_media:?}",
                call.id
            );
            // CTIQBE's media events repeat SCCP's endpoints, on the phones whose media events
            // the application asked for: every call but the inbound one to 2002.
            assert!(
                cti_media.is_subset(&sccp_media),
                "call {}: CTIQBE {cti_media:?} SCCP {sccp_media:?}",
                call.id
            );
            assert_eq!(
                cti_media.is_empty(),
                call.kind == "inbound",
                "call {}",
                call.id
            );
        }
        // Every decoded call leg is in the truth (nothing extra), and numbers recur hours apart.
        assert_eq!(legs, truth.iter().map(|c| c.legs.len()).sum::<usize>());
        let distinct: BTreeSet<_> = truth
            .iter()
            .flat_map(|c| {
                c.legs
                    .iter()
                    .map(|l| (l.protocol, l.client.clone(), l.key.clone()))
            })
            .collect();
        let decoded_keys: BTreeSet<_> = decoded
            .keys()
            .map(|(p, c, _, k)| (*p, c.clone(), k.clone()))
            .collect();
        assert_eq!(distinct, decoded_keys);
        let first = &truth[0];
        let again = truth
            .iter()
            .find(|c| c.id != first.id && c.calling == first.calling && c.called == first.called)
            .unwrap();
        assert!(
            again.start - first.end > 2.0 * 3600.0,
            "{} {}",
            first.end,
            again.start
        );
    }
}
