//! Grouped findings on the generator's `cti` profile (the benchmarks' capture: thousands of
//! short JTAPI sessions against one CTI Manager, 10.1.1.10:2748, each from its own client): a
//! handful of findings whose session counts add up to the sessions, and findings that hold
//! the same memory at two sizes of the capture (what a group keeps is capped; only its counts
//! grow).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use ctiscope::findings::Collector;
use ctiscope::model::Protocol;
use ctiscope::report::Report;
use ctiscope::synth::generate::{write_profile, Profile};

fn cti(bytes: u64) -> Report {
    let mut pcap = Vec::new();
    write_profile(&mut pcap, bytes, 42, Profile::Cti).unwrap();
    ctiscope::analyze_bytes(&pcap).unwrap()
}

/// `(id, severity, sessions)` of every finding.
fn shape(r: &Report) -> Vec<(String, String, u64)> {
    r.findings
        .iter()
        .map(|f| (f.id.clone(), format!("{:?}", f.severity), f.sessions))
        .collect()
}

fn check(r: &Report) {
    // Plaintext CTIQBE sessions with a kept message: each is one CTI-CLEARTEXT-SESSION.
    let kept: std::collections::BTreeSet<u32> = r.messages.entries().map(|e| e.session).collect();
    let plain: Vec<u32> = r
        .sessions
        .iter()
        .filter(|s| s.protocol == Protocol::Ctiqbe && !s.encrypted && kept.contains(&s.id))
        .map(|s| s.id)
        .collect();
    assert!(plain.len() > 1000, "{} sessions: too few to fill a group", plain.len());
    assert!(r.findings.len() <= 6, "{:?}", shape(r));
    let sum = |id: &str| -> u64 {
        r.findings.iter().filter(|f| f.id == id).map(|f| f.sessions).sum()
    };
    assert_eq!(sum("CTI-CLEARTEXT-SESSION"), plain.len() as u64);
    // Sessions whose ProviderOpenRequest (PDU 3) was captured (not those cut by the capture's
    // start or end): each exposed its login and sent its password encrypted to one of the
    // server's certificates.
    let opened: std::collections::BTreeSet<u32> = r
        .messages
        .entries()
        .filter(|e| e.protocol == Protocol::Ctiqbe && e.pdu == 3)
        .map(|e| e.session)
        .collect();
    assert!(opened.len() + 10 > plain.len());
    assert_eq!(sum("CTI-LOGIN-EXPOSED"), opened.len() as u64);
    assert_eq!(sum("CTI-PASSWORD-KEY-UNAUTHENTICATED"), opened.len() as u64);
    for f in &r.findings {
        assert_eq!(f.server.as_deref(), Some("10.1.1.10:2748"), "{}", f.id);
        assert!(f.session_ids.len() <= 1000 && f.clients.first.len() <= 100, "{}", f.id);
        assert!(f.evidence.len() <= 64 + 48, "{}: {}", f.id, f.evidence.len());
    }
    let cleartext = r.findings.iter().find(|f| f.id == "CTI-CLEARTEXT-SESSION").unwrap();
    // Each generated session comes from its own client address.
    assert_eq!(cleartext.clients.count, plain.len() as u64);
    assert_eq!(cleartext.session_ids.len(), 1000);
    assert_eq!(cleartext.session_ids[..3], plain[..3]);
}

#[test]
fn thousands_of_sessions_give_a_handful_of_findings_of_constant_size() {
    let small = cti(24 << 20);
    let large = cti(48 << 20);
    check(&small);
    check(&large);
    // Twice the sessions: the same findings, counts grown, memory the same.
    let plain = |r: &Report| r.sessions.iter().filter(|s| s.protocol == Protocol::Ctiqbe).count();
    assert!(plain(&large) > plain(&small) * 3 / 2);
    // The groups of every session (the generator cuts the last session where the size ends,
    // which at some sizes leaves one malformed frame: that CTI-MALFORMED is left out).
    let groups = |r: &Report| -> Vec<ctiscope::report::Finding> {
        r.findings.iter().filter(|f| f.id != "CTI-MALFORMED").cloned().collect()
    };
    let (small, large) = (groups(&small), groups(&large));
    let ids = |fs: &[ctiscope::report::Finding]| fs.iter().map(|f| (f.id.clone(), f.severity)).collect::<Vec<_>>();
    assert_eq!(ids(&small), ids(&large));
    let evidence = |fs: &[ctiscope::report::Finding]| fs.iter().map(|f| f.evidence.len()).sum::<usize>();
    assert_eq!(evidence(&small), evidence(&large));
    // What a group keeps is its first sessions' text and evidence, the same at both sizes, and
    // lists capped at 1000 session ids and 100 clients/values (a group with fewer sessions than
    // that, like the 17 → 40 sessions of the second certificate, still fills them).
    let without_lists = |fs: &[ctiscope::report::Finding]| {
        let mut fs = fs.to_vec();
        for f in &mut fs {
            assert!(f.session_ids.len() <= 1000 && f.clients.first.len() <= 100 && f.values.first.len() <= 100);
            f.session_ids.clear();
            f.clients.first.clear();
            f.values.first.clear();
        }
        Collector::retained_bytes(&fs)
    };
    assert_eq!(without_lists(&small), without_lists(&large));
    let bound = without_lists(&large) + large.len() * (1000 * 4 + 200 * (24 + 16));
    assert!(Collector::retained_bytes(&large) <= bound);
    for (s, l) in small.iter().zip(&large) {
        assert!(l.sessions > s.sessions, "{}: {} vs {}", s.id, s.sessions, l.sessions);
    }
}
