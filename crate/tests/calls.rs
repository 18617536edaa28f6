//! Calls followed across protocols (issue 14, `crate::calls`): on the generator's correlated
//! capture every call's legs are linked as its truth says and no two calls are merged; on the
//! real captures no leg is linked to another by a number match when their lifetimes do not
//! overlap.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // a test: panics are how it fails

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ctiscope::engine::analyze_bytes;
use ctiscope::model::Protocol;
use ctiscope::report::Report;
use ctiscope::synth::correlated;

/// (protocol, key, client, server) of every leg of a report call.
fn leg_ids(r: &Report, call: &ctiscope::calls::Call) -> Vec<(String, String, String, String)> {
    call.legs
        .iter()
        .map(|l| {
            let s = r.sessions.iter().find(|s| s.id == l.session).unwrap();
            (
                l.protocol.as_str().to_string(),
                l.key.clone(),
                s.client.clone(),
                s.server.clone(),
            )
        })
        .collect()
}

#[test]
fn correlated_capture_calls_are_linked_as_the_truth_says() {
    let mut bytes = Vec::new();
    // Several scenes: the same numbers come back three hours later.
    let (_, truth) = correlated::write(&mut bytes, 400_000).unwrap();
    let kinds: BTreeSet<&str> = truth.iter().map(|t| t.kind).collect();
    assert!(
        kinds.contains("blind_transfer") && kinds.contains("conference"),
        "{kinds:?}"
    );
    assert!(
        truth.len() >= 8,
        "{} truth calls: want at least two scenes",
        truth.len()
    );
    let r = analyze_bytes(&bytes).unwrap();
    assert!(r.limits.is_empty(), "{:?}", r.limits);

    // Truth leg → truth call.
    let mut truth_of: BTreeMap<(String, String, String, String), u32> = BTreeMap::new();
    for t in &truth {
        for l in &t.legs {
            let id = (
                l.protocol.to_string(),
                l.key.clone(),
                l.client.clone(),
                l.server.clone(),
            );
            assert!(
                truth_of.insert(id.clone(), t.id).is_none(),
                "truth leg twice: {id:?}"
            );
        }
    }
    // Each report call holds legs of one truth call; each truth call's legs are in one report call.
    let mut report_call_of_truth: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    let mut found = BTreeSet::new();
    for c in &r.calls {
        let ids = leg_ids(&r, c);
        let truths: BTreeSet<u32> = ids
            .iter()
            .filter_map(|id| truth_of.get(id).copied())
            .collect();
        assert!(
            truths.len() <= 1,
            "call {} merges truth calls {truths:?}: {ids:?} {:?}",
            c.id,
            c.links
        );
        for t in &truths {
            report_call_of_truth.entry(*t).or_default().insert(c.id);
        }
        for id in ids {
            if truth_of.contains_key(&id) {
                found.insert(id);
            } else {
                panic!("call {}: leg {id:?} is in no truth call", c.id);
            }
        }
        // The links form a tree over the call's legs.
        assert_eq!(
            c.links.len() + 1,
            c.legs.len(),
            "call {}: {:?}",
            c.id,
            c.links
        );
    }
    for id in truth_of.keys() {
        assert!(found.contains(id), "truth leg {id:?} is in no call");
    }
    for t in &truth {
        let calls = report_call_of_truth.get(&t.id).cloned().unwrap_or_default();
        assert_eq!(
            calls.len(),
            1,
            "truth call {} ({}) is split over report calls {calls:?}",
            t.id,
            t.kind
        );
    }
    // Ids in start order.
    for w in r.calls.windows(2) {
        assert!(w[0].start <= w[1].start);
        assert_eq!(w[0].id + 1, w[1].id);
    }
    // Every rule the profile exercises shows up.
    let rules: BTreeSet<&str> = r
        .calls
        .iter()
        .flat_map(|c| c.links.iter().map(|l| l.rule))
        .collect();
    for rule in ["key", "media", "consult", "number"] {
        assert!(rules.contains(rule), "rule {rule} never used: {rules:?}");
    }
    // CTIQBE legs carry their phones' RTP endpoints (StartReception/StartTransmission events)
    // and are linked to SCCP or SIP by `media`: in every call on 2001 or 2003, whose media
    // events the JTAPI application asked for. The inbound call to 2002 (no media events)
    // reaches its CTIQBE leg by `number`.
    let kind_of: BTreeMap<u32, &str> = truth.iter().map(|t| (t.id, t.kind)).collect();
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for c in &r.calls {
        let ids = leg_ids(&r, c);
        let kind = ids
            .iter()
            .find_map(|id| truth_of.get(id))
            .map(|t| kind_of[t])
            .unwrap();
        let cti = |i: usize| c.legs[i].protocol == Protocol::Ctiqbe;
        let mut cti_link = BTreeSet::new();
        for l in &c.links {
            let sides = match (cti(l.a), cti(l.b)) {
                (true, true) => "ctiqbe-ctiqbe",
                (false, false) => "other",
                _ => {
                    cti_link.insert(l.rule);
                    "ctiqbe-other"
                }
            };
            *by_rule.entry(format!("{} {sides}", l.rule)).or_default() += 1;
        }
        let want = if kind == "inbound" { "number" } else { "media" };
        assert!(
            cti_link.contains(want),
            "call {} ({kind}): CTIQBE linked by {cti_link:?}, want {want}: {:?}",
            c.id,
            c.links
        );
    }
    assert!(
        by_rule.get("media ctiqbe-other").is_some_and(|&n| n > 0),
        "{by_rule:?}"
    );
    eprintln!(
        "{} calls; links by rule and sides: {by_rule:?}",
        r.calls.len()
    );
}

fn shared_corpus() -> Option<PathBuf> {
    let base = std::env::var_os("CTISCOPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let dir = base.join("corpus");
    dir.join("manifest.tsv").is_file().then_some(dir)
}

fn captures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/captures");
    let mut out = Vec::new();
    for sub in ["jtapi-client", "jtapi-client-2", "sip", "sccp"] {
        for e in std::fs::read_dir(root.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("pcap" | "pcapng")
            ) {
                out.push(p);
            }
        }
    }
    if let Some(corpus) = shared_corpus() {
        let manifest = std::fs::read_to_string(corpus.join("manifest.tsv")).unwrap();
        for line in manifest.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let interest = cols.get(6).copied().unwrap_or("");
            if ["SIP", "SCCP", "udp5060", "tcp5060", "tcp2000"]
                .iter()
                .any(|p| interest.contains(p))
            {
                out.push(corpus.join(cols[0]));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn real_captures_never_link_on_a_number_without_overlapping_lifetimes() {
    let mut calls = 0;
    let mut number_links = 0;
    for p in captures() {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let Ok(r) = analyze_bytes(&bytes) else {
            continue;
        };
        for c in &r.calls {
            calls += 1;
            for l in &c.links {
                if l.rule == "number" {
                    number_links += 1;
                    let (a, b) = (&c.legs[l.a], &c.legs[l.b]);
                    assert!(
                        a.start <= b.end && b.start <= a.end && (a.start - b.start).abs() <= 5.0,
                        "{}: call {} links {a:?} and {b:?} by number",
                        p.display(),
                        c.id
                    );
                    assert_ne!(a.protocol, b.protocol);
                }
            }
        }
    }
    assert!(calls > 0);
    eprintln!("{calls} calls, {number_links} number links over the real captures");
}
