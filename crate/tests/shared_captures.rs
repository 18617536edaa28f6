//! The engine over real captures: the JTAPI/TLS captures in the repository's `tests/captures/`
//! (packet counts as tshark 4.0 counts them) and every third-party capture of the corpus in
//! `../shared/corpus`: analyzed without panic or hang, and with the packet count `manifest.tsv`
//! gives.
//!
//! The corpus is not in the repository. `CTISCOPE_SHARED=DIR` points at another `shared`
//! folder (default: `../shared` beside the repository); without a corpus the corpus test is
//! skipped, unless `CTISCOPE_REQUIRE_SHARED=1` (set by `.ci/run`), which makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The real captures kept in the repository.
fn captures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/captures")
}

/// The `shared` folder beside the repository, or `CTISCOPE_SHARED`.
fn shared() -> PathBuf {
    std::env::var_os("CTISCOPE_SHARED")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Whether a missing `shared` folder fails the run (`CTISCOPE_REQUIRE_SHARED=1`, set in CI).
fn shared_required() -> bool {
    std::env::var("CTISCOPE_REQUIRE_SHARED").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Packets per capture, as `tshark -r FILE | wc -l` counts them.
const TSHARK_COUNTS: &[(&str, u64)] = &[
    ("jtapi-client/01_providerinit_noanswer_v15.pcap", 8),
    ("jtapi-client/02_full_session_makecall_drop_v15.pcap", 70),
    ("jtapi-client/03_heartbeat_short_intervals_v15.pcap", 64),
    (
        "jtapi-client/04_provideropen_credential_variants_v15.pcap",
        135,
    ),
    ("jtapi-client/05_invalid_certificate_v15.pcap", 12),
    ("jtapi-client/06_providerinit_other_versions.pcap", 24),
    ("jtapi-client/07_answer_incoming_call_v15.pcap", 60),
    ("jtapi-client/08_blind_transfer_v15.pcap", 70),
    ("jtapi-client/09_conference_v15.pcap", 89),
    ("jtapi-client/10_dtmf_v15.pcap", 73),
    ("jtapi-client/11_recording_start_stop_v15.pcap", 76),
    ("jtapi-client/12_full_session_makecall_drop_v11_5.pcap", 70),
    ("jtapi-client/13_full_session_makecall_drop_v14.pcap", 70),
    ("tls-2749/tls10_legacy.pcap", 14),
    ("tls-2749/tls12_rsa_kx_cbc.pcap", 14),
    ("tls-2749/tls12_selfsigned.pcap", 14),
    ("tls-2749/tls13_mutual.pcap", 17),
];

#[test]
fn real_captures_have_the_packet_counts_tshark_sees() {
    let dir = captures();
    for (name, want) in TSHARK_COUNTS {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let r = ctiscope::analyze_bytes(&bytes).unwrap();
        assert_eq!(r.capture.packets, *want, "{name}");
        assert!(
            r.capture.warnings.is_empty(),
            "{name}: {:?}",
            r.capture.warnings
        );
        assert!(
            r.capture.not_decoded.is_empty(),
            "{name}: {:?}",
            r.capture.not_decoded
        );
        // The corpus's false-positive guard accepts every finding of the real CTI captures.
        assert!(
            !r.findings.is_empty() && false_positive_candidates(&r).is_empty(),
            "{name}"
        );
    }
}

/// Packet counts from `manifest.tsv`: a header row naming a file column and a packets column.
fn manifest(corpus: &Path) -> Vec<(String, Option<u64>)> {
    let Ok(text) = std::fs::read_to_string(corpus.join("manifest.tsv")) else {
        return Vec::new();
    };
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let cols: Vec<String> = header
        .split('\t')
        .map(|c| c.trim().to_lowercase())
        .collect();
    let file_col = cols
        .iter()
        .position(|c| ["file", "path", "name", "filename"].contains(&c.as_str()))
        .unwrap_or(0);
    let packets_col = cols.iter().position(|c| c.contains("packet"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let name = f.get(file_col).unwrap_or(&"").trim().to_string();
            let packets = packets_col
                .and_then(|i| f.get(i))
                .and_then(|v| v.trim().parse().ok());
            (name, packets)
        })
        .collect()
}

/// Files whose packet count legitimately differs from the manifest, with the reason.
const COUNT_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "real/nDPI/fuzz-2021-10-13.pcap",
        "its only record claims 524 501 captured bytes in a 239-byte file: tshark lists the cut-short \
         record as packet 1 and then reports the file cut short; ctiscope counts only records it can read \
         whole and warns that the file is truncated",
    ),
    (
        "real/suricata-verify/fuzz.pcap",
        "its second record claims 16 711 424 captured bytes (above any snap length): tshark lists it as \
         packet 2 before reporting the file corrupt; ctiscope stops at the bad record header with a warning",
    ),
];

#[test]
fn corpus_files_are_analyzed_without_panic_or_hang() {
    let corpus = shared().join("corpus");
    if !corpus.is_dir() {
        assert!(
            !shared_required(),
            "{} not found, and CTISCOPE_REQUIRE_SHARED is set",
            corpus.display()
        );
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let expected = manifest(&corpus);
    assert!(
        !expected.is_empty() || !shared_required(),
        "{}: no manifest.tsv",
        corpus.display()
    );
    let mut files: Vec<PathBuf> = walk(&corpus);
    files.sort();
    let mut mismatches = Vec::new();
    let mut false_positives = Vec::new();
    let mut analyzed = 0usize;
    // Every file the manifest lists must be there (a half-copied corpus is not a pass).
    let missing: Vec<&str> = expected
        .iter()
        .map(|(f, _)| f.as_str())
        .filter(|f| !f.is_empty() && !corpus.join(f).is_file())
        .collect();
    assert!(missing.is_empty(), "listed in manifest.tsv but missing: {missing:?}");
    for path in files {
        let name = path
            .strip_prefix(&corpus)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if name == "manifest.tsv" || name.ends_with(".md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        analyzed += 1;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut e = ctiscope::Engine::default();
            let mut err = None;
            for c in bytes.chunks(64 * 1024) {
                if let Err(x) = e.push(c) {
                    err = Some(x);
                    break;
                }
            }
            let result = match err {
                Some(x) => Err(x),
                None => e.finish(),
            };
            let _ = tx.send(result.map(|r| {
                let mut suspicious = false_positive_candidates(&r);
                // The media and recording rules stand on CTIQBE media/attribute events; the
                // third-party corpus carries none, so neither may fire on it.
                suspicious.extend(
                    r.findings
                        .iter()
                        .filter(|f| NOT_IN_CORPUS.contains(&f.id.as_str()))
                        .map(|f| format!("{} ({}) on third-party traffic", f.id, f.title)),
                );
                (r.capture.packets, suspicious)
            }));
        });
        let got = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("{name}: hang or panic"));
        let want = expected
            .iter()
            .find(|(f, _)| name.ends_with(f.as_str()) && !f.is_empty())
            .and_then(|(_, p)| *p);
        if let Ok((_, suspicious)) = &got {
            for f in suspicious {
                false_positives.push(format!("{name}: {f}"));
            }
        }
        let got = got.map(|(packets, _)| packets);
        if let (Ok(got), Some(want)) = (&got, want) {
            if *got != want && !COUNT_EXCEPTIONS.iter().any(|(f, _)| name.ends_with(f)) {
                mismatches.push(format!("{name}: {got} packets, manifest says {want}"));
            }
        }
    }
    eprintln!("corpus: {analyzed} files analyzed in {}", corpus.display());
    assert!(analyzed > 0, "{}: no capture in the corpus", corpus.display());
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(
        false_positives.is_empty(),
        "findings without CTI traffic behind them:\n{}",
        false_positives.join("\n")
    );
}

/// Rules that must not fire anywhere in the corpus.
const NOT_IN_CORPUS: &[&str] = &["CTI-MEDIA-EXPOSED", "CTI-RECORDING-EXPOSED"];

/// Findings that cannot be right: every CTI finding must stand on a CTIQBE session, a TLS
/// session on 2749, or a flow on the CTI ports (port misuse); a SIP finding on a decoded SIP
/// session. Anything else is a false positive on third-party traffic. No capture here carries
/// GED-188 (CTI Server), so any `CTI-SERVER-*` finding is one too.
fn false_positive_candidates(r: &ctiscope::Report) -> Vec<String> {
    let cti_port = |endpoint: &str| endpoint.ends_with(":2748") || endpoint.ends_with(":2749");
    r.findings
        .iter()
        .filter(|f| {
            if f.id.starts_with("CTI-SERVER-") {
                return true;
            }
            let session_ok = f
                .session
                .and_then(|id| r.sessions.iter().find(|s| s.id == id))
                .is_some_and(|s| {
                    s.protocol == ctiscope::model::Protocol::Ctiqbe
                        || cti_port(&s.server)
                        || (s.protocol == ctiscope::model::Protocol::Sip && f.id.starts_with("SIP-"))
                        // SCCP rules stand on decoded SCCP sessions.
                        || (f.id.starts_with("SCCP-") && s.protocol == ctiscope::model::Protocol::Sccp)
                });
            let flow_ok = r
                .flows
                .iter()
                .any(|fl| cti_port(&fl.server) || fl.protocol == ctiscope::model::Protocol::Ctiqbe);
            !(session_ok || (f.session.is_none() && flow_ok))
        })
        .map(|f| format!("{} ({})", f.id, f.title))
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
