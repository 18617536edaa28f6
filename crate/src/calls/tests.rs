//! The correlator against the whole-capture pass it replaced (`reference`), on generated and
//! real captures fed in several orders, and its bounds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)] // a test: panics are how it fails

use std::path::{Path, PathBuf};

use super::stream::{held_at, near, overlap, usable_media, Kept};
use super::*;
use crate::model::{CallLeg, MediaEndpoint, Party, StateChange};
use crate::proto::{ged188, sccp};
use crate::report::{SessionInfo, Transport};
use crate::synth::generate::{write_profile, Profile};

fn leg(key: &str, from: &str, to: &str, t: (f64, f64)) -> CallLeg {
    CallLeg {
        key: key.into(),
        calling: Party {
            number: Some(from.into()),
            name: None,
        },
        called: Party {
            number: Some(to.into()),
            name: None,
        },
        first_time: t.0,
        last_time: t.1,
        ..CallLeg::default()
    }
}

fn kept(l: &CallLeg) -> Kept {
    Kept::new(Protocol::Sip, 1, 0, l)
}

fn session(id: u32, protocol: Protocol, legs: Vec<CallLeg>) -> Session {
    let info = match protocol {
        Protocol::Sccp => SessionInfo::Sccp(Box::new(sccp::SessionInfo {
            calls: legs
                .into_iter()
                .map(|leg| sccp::session::Call {
                    leg,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })),
        Protocol::Ged188 => SessionInfo::Ged188(Box::new(ged188::SessionInfo {
            calls: legs
                .into_iter()
                .map(|leg| ged188::session::Call {
                    leg,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })),
        p => panic!("no test sessions of {p:?}"),
    };
    Session {
        id,
        protocol,
        client: "10.0.0.1:1000".into(),
        server: "10.0.0.2:2000".into(),
        transport: Transport::Tcp,
        encrypted: false,
        messages: 0,
        flow: id,
        first_frame: 0,
        last_frame: 0,
        info,
    }
}

/// (first, last) time of every call leg of `s`.
fn leg_times(s: &Session) -> Vec<(f64, f64)> {
    match &s.info {
        SessionInfo::Sip(i) => i
            .calls
            .iter()
            .map(|l| (l.first_time, l.last_time))
            .collect(),
        SessionInfo::Sccp(i) => i
            .calls
            .iter()
            .map(|c| (c.leg.first_time, c.leg.last_time))
            .collect(),
        SessionInfo::Ged188(i) => i
            .calls
            .iter()
            .map(|c| (c.leg.first_time, c.leg.last_time))
            .collect(),
        SessionInfo::Ctiqbe(i) => i
            .calls
            .iter()
            .map(|c| {
                let l = c.to_leg();
                (l.first_time, l.last_time)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What a streaming run gave: the calls in the order returned, the caps, the most legs held
/// at once, and how many calls came before `finish`.
struct Run {
    calls: Vec<Call>,
    hits: Vec<LimitHit>,
    max_held: usize,
    early: usize,
}

/// Feeds `order` in batches of `batch`, advancing after each batch to the earliest start of
/// the legs still to come (what a pipeline knows when it retires sessions).
fn stream(order: &[&Session], batch: usize, limits: &Limits) -> Run {
    let firsts: Vec<f64> = order
        .iter()
        .map(|s| {
            leg_times(s)
                .iter()
                .map(|t| t.0)
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let mut c = Correlator::new(limits);
    let mut calls = Vec::new();
    let mut max_held = 0;
    let mut i = 0;
    while i < order.len() {
        let end = (i + batch).min(order.len());
        for s in &order[i..end] {
            c.add(s);
        }
        max_held = max_held.max(c.held());
        i = end;
        if end == order.len() {
            // The rest is `finish`'s: `early` counts what streaming returned.
            break;
        }
        let watermark = firsts[end..].iter().copied().fold(f64::INFINITY, f64::min);
        calls.extend(c.advance(watermark));
        // Nothing new: nothing changes.
        assert!(c.advance(watermark).is_empty());
        max_held = max_held.max(c.held());
    }
    let early = calls.len();
    let (rest, hits) = c.finish();
    calls.extend(rest);
    Run {
        calls,
        hits,
        max_held,
        early,
    }
}

/// A small deterministic shuffle (xorshift).
fn shuffled(sessions: &[Session], seed: u64) -> Vec<&Session> {
    let mut v: Vec<&Session> = sessions.iter().collect();
    let mut x = seed | 1;
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

/// The calls of `sessions` are the reference's in every feeding order. Returns the reference's
/// calls and the retire-order run's (max held, calls returned early).
fn same_in_every_order(name: &str, sessions: &[Session]) -> (Vec<Call>, usize, usize) {
    let limits = Limits::default();
    let (want, hits) = reference::correlate(sessions, &limits);
    assert!(hits.is_empty(), "{name}: {hits:?}");
    let (got, got_hits) = correlate(sessions, &limits);
    assert!(got_hits.is_empty(), "{name}: {got_hits:?}");
    assert!(got == want, "{name}: correlate differs from the reference");
    // Retired as their last leg ends (a pipeline), in batches.
    let mut retired: Vec<&Session> = sessions.iter().collect();
    let last = |s: &Session| {
        leg_times(s)
            .iter()
            .map(|t| t.1)
            .fold(f64::NEG_INFINITY, f64::max)
    };
    retired.sort_by(|a, b| last(a).total_cmp(&last(b)));
    let mut summary = (0, 0);
    for batch in [1, 4, 16] {
        let run = stream(&retired, batch, &limits);
        assert!(run.hits.is_empty(), "{name}: {:?}", run.hits);
        assert!(
            run.calls == want,
            "{name}: retired in batches of {batch}: calls differ"
        );
        if batch == 1 {
            summary = (run.max_held, run.early);
        }
    }
    // Arbitrary orders and the reverse: the watermark holds back, the result is the same.
    for seed in [7, 99] {
        let run = stream(&shuffled(sessions, seed), 3, &limits);
        assert!(run.calls == want, "{name}: shuffled ({seed}): calls differ");
    }
    let reversed: Vec<&Session> = sessions.iter().rev().collect();
    let run = stream(&reversed, 5, &limits);
    assert!(run.calls == want, "{name}: reversed: calls differ");
    (want, summary.0, summary.1)
}

fn links(calls: &[Call]) -> usize {
    calls.iter().map(|c| c.links.len()).sum()
}

#[test]
fn correlated_profile_streams_to_the_same_calls() {
    for size in [400_000u64, 2_000_000] {
        let mut bytes = Vec::new();
        crate::synth::correlated::write(&mut bytes, size).unwrap();
        let r = crate::analyze_bytes(&bytes).unwrap();
        let legs: usize = r.sessions.iter().map(|s| leg_times(s).len()).sum();
        let (calls, max_held, early) = same_in_every_order("correlated", &r.sessions);
        assert!(
            calls.len() > 30 && links(&calls) > 100,
            "{} calls",
            calls.len()
        );
        for rule in ["key", "media", "consult", "number"] {
            assert!(
                calls.iter().any(|c| c.links.iter().any(|l| l.rule == rule)),
                "{rule}"
            );
        }
        // Scenes are hours apart: the calls of one are returned before the next is added.
        eprintln!("correlated {size} B: {legs} legs, {} calls, at most {max_held} held, {early} returned before finish", calls.len());
        assert!(max_held * 4 < legs, "held {max_held} of {legs} legs");
        assert!(
            early * 2 > calls.len(),
            "{early} of {} calls early",
            calls.len()
        );
    }
}

#[test]
fn generated_profiles_and_the_sample_stream_to_the_same_calls() {
    let mut n = 0;
    for (profile, seed) in [
        (Profile::Cti, 7),
        (Profile::Cti, 1),
        (Profile::Mixed, 1),
        (Profile::Mixed, 3),
    ] {
        let mut bytes = Vec::new();
        write_profile(&mut bytes, 1_500_000, seed, profile).unwrap();
        let r = crate::analyze_bytes(&bytes).unwrap();
        let legs: usize = r.sessions.iter().map(|s| leg_times(s).len()).sum();
        let (calls, max_held, early) =
            same_in_every_order(&format!("{profile:?} {seed}"), &r.sessions);
        eprintln!(
            "{profile:?} seed {seed}: {legs} legs, {} calls, at most {max_held} held, {early} returned before finish",
            calls.len()
        );
        n += calls.len();
    }
    let r = crate::analyze_bytes(&crate::synth::sample::capture()).unwrap();
    let (calls, ..) = same_in_every_order("sample", &r.sessions);
    assert!(!calls.is_empty());
    assert!(n > 100, "{n} calls");
}

fn capture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/captures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("pcap" | "pcapng")
            ) {
                out.push(p);
            }
        }
    }
    // The shared corpus's SIP and SCCP captures, when present (as crate/tests/calls.rs).
    let shared = std::env::var_os("CTISCOPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    if let Ok(manifest) = std::fs::read_to_string(shared.join("corpus/manifest.tsv")) {
        for line in manifest.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let interest = cols.get(6).copied().unwrap_or("");
            if ["SIP", "SCCP", "udp5060", "tcp5060", "tcp2000"]
                .iter()
                .any(|p| interest.contains(p))
            {
                out.push(shared.join("corpus").join(cols[0]));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn test_captures_stream_to_the_same_calls() {
    let (mut files, mut calls) = (0, 0);
    for p in capture_files() {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let Ok(r) = crate::analyze_bytes(&bytes) else {
            continue;
        };
        let (c, ..) = same_in_every_order(&p.display().to_string(), &r.sessions);
        files += 1;
        calls += c.len();
    }
    assert!(files >= 20 && calls > 10, "{files} files, {calls} calls");
}

/// 100 000 legs over seven hours, fed as they end: the correlator holds a few hundred at
/// most, and numbers the calls 1..n in start order, as the whole-capture pass does.
#[test]
fn memory_is_bounded_by_the_calls_in_progress() {
    let mut sessions = Vec::new();
    let mut id = 0u32;
    let mut add = |protocol, l: CallLeg, sessions: &mut Vec<Session>| {
        id += 1;
        sessions.push(session(id, protocol, vec![l]));
    };
    // Call j: an SCCP leg and a GED-188 leg sharing a media address (addresses come back
    // every 1000 calls, long after) and the numbers; every tenth has a third leg, GED-188,
    // with the numbers only. Calls to one of 50 numbers overlap, from distinct callers.
    let mut j = 0u32;
    let mut legs = 0;
    while legs < 100_000 {
        let t = f64::from(j) * 0.5;
        let d = 0.5 + f64::from(j % 7) * 0.5;
        let from = format!("555{j:07}");
        let to = format!("{}", 2000 + j % 50);
        let media = MediaEndpoint {
            address: format!("10.1.{}.{}:{}", (j % 1000) / 100, j % 100, 16384 + j % 1000),
            role: "receive",
            codec: None,
            frame: 0,
        };
        let mut a = leg(&format!("{j}@1"), &from, &to, (t, t + d));
        a.media = vec![media.clone()];
        let mut b = leg(&format!("{j}"), &from, &to, (t + 0.1, t + d));
        b.media = vec![media];
        add(Protocol::Sccp, a, &mut sessions);
        add(Protocol::Ged188, b, &mut sessions);
        legs += 2;
        if j.is_multiple_of(10) {
            add(
                Protocol::Ged188,
                leg(&format!("{j}x"), &from, &to, (t + 0.2, t + d)),
                &mut sessions,
            );
            legs += 1;
        }
        j += 1;
    }
    let order: Vec<&Session> = sessions.iter().collect();
    let run = stream(&order, 100, &Limits::default());
    assert!(run.hits.is_empty());
    eprintln!(
        "{} legs, {} calls, at most {} held, {} returned before finish",
        legs,
        run.calls.len(),
        run.max_held,
        run.early
    );
    assert!(run.max_held < 400, "held {} legs at once", run.max_held);
    assert_eq!(run.calls.len(), j as usize);
    assert!(
        run.early + 200 > run.calls.len(),
        "{} returned early",
        run.early
    );
    for (i, c) in run.calls.iter().enumerate() {
        assert_eq!(c.id as usize, i + 1);
        assert_eq!(c.legs.len(), if i % 10 == 0 { 3 } else { 2 });
        assert_eq!(c.links[0].rule, "media");
    }
    assert!(run.calls.windows(2).all(|w| w[0].start <= w[1].start));
    let (want, _) = reference::correlate(&sessions, &Limits::default());
    assert!(run.calls == want);
}

#[test]
fn the_leg_cap_bounds_legs_held_at_once() {
    let sessions: Vec<Session> = (0..1000u32)
        .map(|i| {
            let t = f64::from(i) * 10.0;
            session(
                i + 1,
                Protocol::Sccp,
                vec![leg(&format!("{i}@1"), "1", "2", (t, t + 1.0))],
            )
        })
        .collect();
    let limits = Limits {
        calls_max_legs: 50,
        ..Limits::default()
    };
    let order: Vec<&Session> = sessions.iter().collect();
    let run = stream(&order, 10, &limits);
    assert!(run.hits.is_empty(), "{:?}", run.hits);
    assert_eq!(run.calls.len(), 1000);
    // All at once: 950 legs beyond the cap, as before.
    let (calls, hits) = correlate(&sessions, &limits);
    assert_eq!(calls.len(), 50);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].limit, "calls_max_legs");
    assert_eq!(hits[0].count, 950);
    assert_eq!(
        hits[0].detail,
        "950 call legs were not correlated into calls"
    );
}

#[test]
fn the_candidate_cap_counts_each_leg_once() {
    // 100 legs 10 ms apart, each 1 ms long, all on two media addresses: live together (ended
    // less than 5 s before) but never overlapping, so never linked. With 8 candidates, the
    // 92 oldest are dropped from both windows: counted once each (the old pass counted 184).
    let sessions: Vec<Session> = (0..100u32)
        .map(|i| {
            let t = f64::from(i) * 0.01;
            let mut l = leg(&format!("{i}@1"), "1", "2", (t, t + 0.001));
            l.called.number = None;
            l.media = ["10.0.0.1:4000", "10.0.0.2:4000"]
                .iter()
                .map(|a| MediaEndpoint {
                    address: (*a).into(),
                    role: "receive",
                    codec: None,
                    frame: 0,
                })
                .collect();
            session(i + 1, Protocol::Sccp, vec![l])
        })
        .collect();
    let limits = Limits {
        calls_max_candidates: 8,
        ..Limits::default()
    };
    let (calls, hits) = correlate(&sessions, &limits);
    assert_eq!(calls.len(), 100);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].limit, "calls_max_candidates");
    assert_eq!(hits[0].count, 92);
    let (_, old) = reference::correlate(&sessions, &limits);
    assert_eq!(old[0].count, 184);
    // Streamed, the same count.
    let order: Vec<&Session> = sessions.iter().collect();
    let streamed = stream(&order, 7, &limits).hits;
    assert_eq!(streamed.len(), 1);
    assert_eq!(
        (streamed[0].count, &streamed[0].detail),
        (92, &hits[0].detail)
    );

    // One protocol calling one number all at once: a number links two protocols, so the
    // window's drops lose nothing and are not counted (the old pass skipped such a bucket).
    let sessions: Vec<Session> = (0..100u32)
        .map(|i| {
            let t = f64::from(i) * 0.01;
            session(
                i + 1,
                Protocol::Sccp,
                vec![leg(&format!("{i}@1"), "1", "2", (t, t + 100.0))],
            )
        })
        .collect();
    let (calls, hits) = correlate(&sessions, &limits);
    assert_eq!(calls.len(), 100);
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn links_follow_the_rule_then_bucket_order() {
    // Three overlapping legs of one call: 2 and 3 share address A; 1, 2 and 3 address B
    // (A < B). The whole-capture pass walked buckets in address order: A's edge 2-3 first,
    // then B's 1-2 (1-3 then joins nothing). Meeting 3's addresses as it lists them (B
    // first) would have kept 1-3 instead of 2-3.
    let ep = |a: &str| MediaEndpoint {
        address: a.into(),
        role: "receive",
        codec: None,
        frame: 0,
    };
    let (a, b) = ("10.0.0.1:1", "10.0.0.9:2");
    let mut l1 = leg("1@1", "1", "2", (0.0, 10.0));
    l1.media = vec![ep(b)];
    let mut l2 = leg("2@1", "1", "2", (1.0, 10.0));
    l2.media = vec![ep(a), ep(b)];
    let mut l3 = leg("3@1", "1", "2", (2.0, 10.0));
    l3.media = vec![ep(b), ep(a)];
    let sessions = vec![
        session(1, Protocol::Sccp, vec![l1]),
        session(2, Protocol::Sccp, vec![l2]),
        session(3, Protocol::Sccp, vec![l3]),
    ];
    let (calls, ..) = same_in_every_order("buckets", &sessions);
    assert_eq!(calls.len(), 1);
    let l: Vec<(usize, usize)> = calls[0].links.iter().map(|l| (l.a, l.b)).collect();
    assert_eq!(l, vec![(0, 1), (1, 2)], "{:?}", calls[0].links);
}

#[test]
fn numbers_are_normalised_without_guessing_trunk_prefixes() {
    assert_eq!(
        normalise(Some("+1 (555) 010-0199")).as_deref(),
        Some("15550100199")
    );
    assert_eq!(normalise(Some("915550199")).as_deref(), Some("915550199"));
    assert_eq!(normalise(Some("anonymous")), None);
    assert_eq!(normalise(Some("+")), None);
    assert_eq!(normalise(Some("*67#")).as_deref(), Some("*67#"));
}

#[test]
fn lifetimes_and_holds() {
    let a = kept(&leg("a", "1", "2", (10.0, 20.0)));
    let b = kept(&leg("b", "1", "2", (19.0, 30.0)));
    let c = kept(&leg("c", "1", "2", (24.0, 30.0)));
    assert!(overlap(&a, &b) && !overlap(&a, &c));
    assert!(near(&a, &c), "within the window");
    assert!(!near(&a, &kept(&leg("d", "1", "2", (25.1, 30.0)))));
    let mut held = leg("a", "1", "2", (10.0, 20.0));
    held.states = [("CONNECTED", 11.0), ("HOLD", 12.0), ("CONNECTED", 18.0)]
        .iter()
        .enumerate()
        .map(|(i, (s, t))| StateChange {
            state: (*s).into(),
            time: *t,
            frame: i as u64,
        })
        .collect();
    let held = kept(&held);
    assert!(!held_at(&held, 11.5) && held_at(&held, 13.0) && !held_at(&held, 18.5));
    assert!(
        !usable_media("0.0.0.0:4000")
            && !usable_media("10.0.0.1:0")
            && usable_media("10.0.0.1:4000")
    );
}

#[test]
fn sets_join_to_the_smallest_root() {
    let mut s = Sets::new(4);
    assert!(s.union(3, 1) && s.union(1, 2) && !s.union(2, 3));
    assert_eq!(s.find(3), 1);
    assert_eq!(s.find(0), 0);
}

/// A SIP session of `legs`, shaped after a real one.
fn sip_session(id: u32, legs: Vec<CallLeg>) -> Session {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/captures/sip/sip_udp_call_digest.pcap"),
    )
    .unwrap();
    let r = crate::analyze_bytes(&bytes).unwrap();
    let mut s = r
        .sessions
        .into_iter()
        .find(|s| matches!(s.info, SessionInfo::Sip(_)))
        .unwrap();
    s.id = id;
    if let SessionInfo::Sip(i) = &mut s.info {
        i.calls = legs;
    }
    s
}

#[test]
fn a_call_is_final_only_when_no_rule_can_reach_it() {
    // SIP legs of one Call-ID 4 s apart: `key` links them (within 5 s). The first leg's call
    // cannot be returned before the watermark is 5 s past its end.
    let s1 = sip_session(1, vec![leg("c1;a;b", "1", "2", (0.0, 10.0))]);
    let s2 = sip_session(2, vec![leg("c1;a;b", "1", "2", (14.0, 20.0))]);
    let mut c = Correlator::new(&Limits::default());
    c.add(&s1);
    assert!(c.advance(14.0).is_empty(), "10 + 5 s is not past");
    c.add(&s2);
    assert!(c.advance(20.0).is_empty());
    let calls = c.advance(25.5);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].legs.len(), 2);
    assert_eq!(calls[0].links[0].rule, "key");
    assert_eq!(c.held(), 0);
    let (rest, hits) = c.finish();
    assert!(rest.is_empty() && hits.is_empty());

    // Alone, it is returned once the watermark passes 15 s, not before.
    let mut c = Correlator::new(&Limits::default());
    c.add(&s1);
    assert!(c.advance(15.0).is_empty());
    assert_eq!(c.advance(15.1).len(), 1);
    // A call that ended first waits for an open call that started before it (ids in start
    // order): 1 is open until 25 s, 2 ended at 12 s.
    let mut c = Correlator::new(&Limits::default());
    c.add(&session(
        1,
        Protocol::Sccp,
        vec![leg("1@1", "1", "2", (0.0, 20.0))],
    ));
    c.add(&session(
        2,
        Protocol::Sccp,
        vec![leg("2@1", "3", "4", (1.0, 12.0))],
    ));
    assert!(c.advance(18.0).is_empty());
    let calls = c.advance(25.5);
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.id, c.legs[0].session))
            .collect::<Vec<_>>(),
        vec![(1, 1), (2, 2)]
    );
}

/// The correlation's own time, the whole-capture pass against the correlator (all at once,
/// and streamed as sessions end), on the capture `CTISCOPE_CALLS_BENCH` names:
/// `CTISCOPE_CALLS_BENCH=FILE cargo test --release --lib calls::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn timing() {
    let Some(path) = std::env::var_os("CTISCOPE_CALLS_BENCH") else {
        return;
    };
    let r = crate::analyze_bytes(&std::fs::read(path).unwrap()).unwrap();
    let limits = Limits::default();
    let mut retired: Vec<&Session> = r.sessions.iter().collect();
    let last = |s: &Session| {
        leg_times(s)
            .iter()
            .map(|t| t.1)
            .fold(f64::NEG_INFINITY, f64::max)
    };
    retired.sort_by(|a, b| last(a).total_cmp(&last(b)));
    // Interleaved rounds, the best of each (the machine is shared).
    let runs: [&dyn Fn() -> usize; 3] = [
        &|| reference::correlate(&r.sessions, &limits).0.len(),
        &|| correlate(&r.sessions, &limits).0.len(),
        &|| stream(&retired, 64, &limits).calls.len(),
    ];
    // `CTISCOPE_CALLS_BENCH_ONLY=0|1|2` runs one of them ten times (for `perf stat`), `none`
    // none (the analysis alone).
    if let Ok(only) = std::env::var("CTISCOPE_CALLS_BENCH_ONLY") {
        if let Some(f) = only.parse::<usize>().ok().and_then(|i| runs.get(i)) {
            (0..10).for_each(|_| assert!(f() > 0));
        }
        return;
    }
    let mut best = [(std::time::Duration::MAX, 0usize); 3];
    for _ in 0..15 {
        for (f, b) in runs.iter().zip(best.iter_mut()) {
            let t = std::time::Instant::now();
            let n = f();
            *b = (*b).min((t.elapsed(), n));
        }
    }
    let run = stream(&retired, 64, &limits);
    let legs: usize = r.sessions.iter().map(|s| leg_times(s).len()).sum();
    eprintln!(
        "streamed: {legs} legs, {} calls, at most {} held, {} returned before finish; equal to the reference: {}",
        run.calls.len(),
        run.max_held,
        run.early,
        run.calls == reference::correlate(&r.sessions, &limits).0
    );
    let [old, new, streamed] = best;
    eprintln!(
        "{} sessions; reference {old:?}; correlate {new:?}; streamed (batches of 64) {streamed:?}",
        r.sessions.len()
    );
    assert_eq!(old.1, new.1);
}
