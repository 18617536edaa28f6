//! Flows leave the engine when they are over (`crate::engine`'s retirement: a TCP connection a
//! minute after it ended, a UDP flow after two idle minutes unless a SIP dialog is up), and
//! the findings, the inventory and the calls see their sessions then, in the order the flows
//! ended. None of that may change the report: a capture whose connections end minutes before
//! it does gives the same report as with TCP flows kept to the end. (Keeping UDP flows to the
//! end would change the flows themselves: a UDP flow idle for two minutes and used again is
//! two flows; those boundaries are tested below.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

mod common;
use common::{retimed, stretched};

use ctiscope::engine::Retired;
use ctiscope::limits::Limits;
use ctiscope::synth::generate::{write_profile, Profile};
use ctiscope::synth::packet::{ethernet, ip, udp, Conversation};
use ctiscope::synth::pcap::{write_pcap, Packet, PcapOptions};
use ctiscope::synth::sip;

/// The report of `capture` with `limits`, and how many flows retired before its end.
fn analyze(capture: &[u8], limits: Limits) -> (ctiscope::Report, usize) {
    let mut engine = ctiscope::Engine::new(limits);
    let mut retired: Vec<ctiscope::report::FlowSummary> = Vec::new();
    let mut sessions: Vec<ctiscope::report::Session> = Vec::new();
    let mut calls: Vec<ctiscope::calls::Call> = Vec::new();
    for chunk in capture.chunks(256 << 10) {
        engine.push(chunk).unwrap();
        engine
            .stream_retired(&mut |r| {
                match r {
                    Retired::Flow(f) => retired.push(f.clone()),
                    Retired::Session(s) => sessions.push(s.clone()),
                    Retired::Call(c) => calls.push(c.clone()),
                }
                Ok::<(), ()>(())
            })
            .unwrap();
    }
    let mut report = engine.finish().unwrap();
    let early = retired.len();
    // What was handed out goes back in its place: the report as `--json` gives it.
    report.flows.extend(retired);
    report.flows.sort_by_key(|f| f.id);
    report.sessions.extend(sessions);
    report.sessions.sort_by_key(|s| s.id);
    // Calls come numbered in order: those handed out are the first ones.
    calls.extend(std::mem::take(&mut report.calls));
    report.calls = calls;
    (report, early)
}

fn never_retire() -> Limits {
    Limits { flow_linger_ms: u64::MAX, udp_idle_ms: u64::MAX, tcp_idle_ms: u64::MAX, ..Limits::default() }
}

fn json(r: &ctiscope::Report) -> String {
    serde_json::to_string(r).unwrap()
}

#[test]
fn retiring_flows_as_they_end_changes_nothing_in_the_report() {
    let keep_tcp = Limits { flow_linger_ms: u64::MAX, tcp_idle_ms: u64::MAX, ..Limits::default() };
    for (profile, seed, stretch) in [(Profile::Cti, 11, 200), (Profile::Mixed, 11, 200), (Profile::Correlated, 1, 1)] {
        let mut bytes = Vec::new();
        write_profile(&mut bytes, 3 << 20, seed, profile).unwrap();
        // Seconds become minutes: most connections end long before the capture.
        let capture = stretched(&bytes, stretch);
        let (streamed, early) = analyze(&capture, Limits::default());
        let (kept, _) = analyze(&capture, keep_tcp.clone());
        let (_, none) = analyze(&capture, never_retire());
        assert_eq!(none, 0);
        assert!(early * 5 > streamed.flows.len(), "{profile:?}: {early} of {} flows retired early", streamed.flows.len());
        assert!(!streamed.findings.is_empty() && !streamed.calls.is_empty(), "{profile:?}");
        let (a, b): (serde_json::Value, serde_json::Value) =
            (serde_json::from_str(&json(&streamed)).unwrap(), serde_json::from_str(&json(&kept)).unwrap());
        let differ: Vec<&String> = a.as_object().unwrap().keys().filter(|k| a[*k] != b[*k]).collect();
        assert!(differ.is_empty(), "{profile:?}: retirement changed the report's {differ:?}");
    }
}

/// A TCP connection (handshake, one request, FINs both ways) at `start_us`, then lone ACKs
/// on the same addresses `later_s` seconds after its end.
fn closed_then_acks(later_s: &[u64]) -> Vec<u8> {
    let a: std::net::SocketAddr = "10.0.0.1:40001".parse().unwrap();
    let b: std::net::SocketAddr = "10.0.0.9:2748".parse().unwrap();
    let mut t = Conversation::new(a, b);
    let mut frames = t.handshake();
    frames.push(t.send(true, b"not really CTIQBE, just bytes"));
    frames.extend(t.close());
    let closed = frames.len();
    for _ in later_s {
        frames.push(t.raw(true, 1, ctiscope::synth::packet::TCP_ACK, &[]));
    }
    let packets: Vec<Packet> = frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let extra = i.checked_sub(closed).map_or(0, |k| later_s[k] as i64 * 1_000_000_000);
            Packet::new(1_800_000_000_000_000_000 + i as i64 * 1_000_000 + extra, f)
        })
        .collect();
    write_pcap(1, &packets, PcapOptions::default())
}

#[test]
fn a_packet_a_minute_after_a_connection_ended_starts_a_new_flow() {
    // 30 s after the FINs: the connection's own late ACK.
    let (r, _) = analyze(&closed_then_acks(&[30]), Limits::default());
    assert_eq!(r.flows.len(), 1);
    assert_eq!(r.flows[0].end, "fin");
    // 90 s after: the flow was over; a new one (no SYN: mid-connection).
    let (r, early) = analyze(&closed_then_acks(&[30, 90]), Limits::default());
    assert_eq!(early, 1, "the first flow retired before the capture ended");
    assert_eq!(r.flows.len(), 2, "{:?}", r.flows);
    assert_eq!((r.flows[0].end, r.flows[1].end), ("fin", "open"));
    assert_eq!(r.flows[1].packets, 1);
    // Without retirement, everything is the first flow's.
    let (r, _) = analyze(&closed_then_acks(&[30, 90]), never_retire());
    assert_eq!(r.flows.len(), 1);
}

#[test]
fn a_connection_quiet_for_five_minutes_is_over() {
    // No FIN: a request, 4 minutes of silence, another, 6 minutes, a third.
    let a: std::net::SocketAddr = "10.0.0.1:40001".parse().unwrap();
    let b: std::net::SocketAddr = "10.0.0.9:2000".parse().unwrap();
    let mut t = Conversation::new(a, b);
    let mut frames = t.handshake();
    for _ in 0..3 {
        frames.push(t.send(true, b"\x04\0\0\0\0\0\0\0\0\0\0\0"));
    }
    let gaps = [0i64, 0, 0, 0, 240, 600];
    let packets: Vec<Packet> = frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| Packet::new(1_800_000_000_000_000_000 + i as i64 * 1_000_000 + gaps[i] * 1_000_000_000, f))
        .collect();
    let capture = write_pcap(1, &packets, PcapOptions::default());
    let (r, early) = analyze(&capture, Limits::default());
    assert_eq!(r.flows.iter().map(|f| f.packets).collect::<Vec<_>>(), [5, 1], "{:?}", r.flows);
    assert_eq!(early, 1);
    assert_eq!((r.flows[0].end, r.flows[0].syn_seen, r.flows[1].syn_seen), ("open", true, false));
    let (r, _) = analyze(&capture, never_retire());
    assert_eq!(r.flows.len(), 1);
}

#[test]
fn an_idle_udp_flow_is_over_but_not_while_a_call_is_up() {
    // A SIP call over UDP: INVITE … 200, ACK, then five minutes of talk, then BYE, 200.
    let call = sip::invite_call("idle-call@10.0.0.1", 200, true, false);
    let bye = call.iter().position(|m| m.bytes.starts_with(b"BYE")).unwrap();
    let capture = sip::udp_capture(&call, "10.0.0.1:5060", "10.0.0.9:5060", 1_800_000_000_000_000_000);
    let capture = retimed(&capture, |i, us| if i >= bye { us + 300_000_000 } else { us });
    let (r, _) = analyze(&capture, Limits::default());
    assert_eq!(r.flows.len(), 1, "the BYE belongs to its dialog's flow");
    let state = serde_json::to_value(&r.sessions[0].info).unwrap()["state"].clone();
    assert_eq!(state, "terminated");
    // Two OPTIONS pings five minutes apart: nothing is up in between, two flows.
    let mut pings = sip::options("ping-1@10.0.0.1");
    pings.extend(sip::options("ping-2@10.0.0.1"));
    let capture = sip::udp_capture(&pings, "10.0.0.1:5060", "10.0.0.9:5060", 1_800_000_000_000_000_000);
    let capture = retimed(&capture, |i, us| if i >= 2 { us + 300_000_000 } else { us });
    let (r, early) = analyze(&capture, Limits::default());
    assert_eq!((r.flows.len(), early), (2, 1), "{:?}", r.flows);
    // Unrelated UDP (no decoder) is over after two idle minutes too.
    let a: std::net::SocketAddr = "10.0.0.1:30000".parse().unwrap();
    let b: std::net::SocketAddr = "10.0.0.9:30002".parse().unwrap();
    let packets: Vec<Packet> = [0i64, 10, 200]
        .iter()
        .map(|s| Packet::new(1_800_000_000_000_000_000 + s * 1_000_000_000, ethernet(&ip(a.ip(), b.ip(), 17, &udp(a, b, b"rtp?")), &[])))
        .collect();
    let (r, _) = analyze(&write_pcap(1, &packets, PcapOptions::default()), Limits::default());
    assert_eq!(r.flows.iter().map(|f| f.packets).collect::<Vec<_>>(), [2, 1]);
}

#[test]
fn a_trunks_ended_dialogs_retire_while_it_goes_on() {
    // One UDP flow (a trunk): a call, then an OPTIONS ping every minute for six minutes, then
    // another call.
    let mut msgs = sip::invite_call("call-a@10.0.0.1", 200, true, false);
    let first_call = msgs.len();
    for i in 0..6 {
        msgs.extend(sip::options(&format!("ping-{i}@10.0.0.1")));
    }
    let pings_end = msgs.len();
    msgs.extend(sip::invite_call("call-b@10.0.0.1", 200, true, false));
    let capture = sip::udp_capture(&msgs, "10.0.0.1:5060", "10.0.0.9:5060", 1_800_000_000_000_000_000);
    let capture = retimed(&capture, |i, us| {
        let minute = 60_000_000u64;
        match i {
            i if i < first_call => us,
            i if i < pings_end => us + (1 + (i - first_call) as u64 / 2) * minute,
            _ => us + 7 * minute,
        }
    });
    let mut engine = ctiscope::Engine::new(Limits::default());
    let mut early: Vec<ctiscope::report::Session> = Vec::new();
    let mut calls: Vec<ctiscope::calls::Call> = Vec::new();
    for chunk in capture.chunks(512) {
        engine.push(chunk).unwrap();
        engine
            .stream_retired(&mut |r| {
                match r {
                    Retired::Session(s) => early.push(s.clone()),
                    Retired::Call(c) => calls.push(c.clone()),
                    Retired::Flow(_) => {}
                }
                Ok::<(), ()>(())
            })
            .unwrap();
    }
    let rest = engine.finish().unwrap();
    // The first call and the first pings were over (quiet for two minutes) before the end.
    let info = |s: &ctiscope::report::Session| serde_json::to_value(&s.info).unwrap();
    assert!(early.iter().any(|s| info(s)["call_id"] == "call-a@10.0.0.1"), "{early:?}");
    assert!(early.len() >= 3, "{}", early.len());
    assert_eq!(rest.flows.len(), 1, "one flow throughout");
    // Every session is what it is without retirement.
    let (kept, _) = analyze(&capture, never_retire());
    let mut all = early.clone();
    all.extend(rest.sessions.iter().cloned());
    all.sort_by_key(|s| s.id);
    assert_eq!(json_of(&all), json_of(&kept.sessions));
    assert_eq!(calls.len(), 1, "the first call was complete before the end");
    calls.extend(rest.calls.iter().cloned());
    assert_eq!(json_of(&calls), json_of(&kept.calls));
}

fn json_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}
