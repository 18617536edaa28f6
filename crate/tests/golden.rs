//! The JSON report of every real JTAPI and TLS capture in `tests/captures/`, byte for byte as
//! `tests/golden/NAME.json` holds it. This is the proof that refactoring the engine (the
//! protocol seam of issue 13, the performance work) does not change what CTIQBE and TLS users
//! see. When a change to a report is intended, regenerate with
//! `CTISCOPE_BLESS=1 cargo test --test golden` and say in the commit which reports changed
//! and why.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every capture with a golden report: `tests/captures/{jtapi-client,jtapi-client-2,tls-2749}`.
fn captures() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["jtapi-client", "jtapi-client-2", "tls-2749"] {
        let dir = repo().join("tests/captures").join(dir);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "pcap") {
                all.push(path);
            }
        }
    }
    all.sort();
    all
}

#[test]
fn reports_of_the_real_captures_equal_their_golden_files() {
    let bless = std::env::var_os("CTISCOPE_BLESS").is_some();
    let captures = captures();
    assert_eq!(captures.len(), 21, "the 13 + 4 JTAPI and 4 TLS captures");
    let mut differ = Vec::new();
    for path in captures {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let report = ctiscope::analyze_bytes(&std::fs::read(&path).unwrap()).unwrap();
        let mut json = serde_json::to_string_pretty(&report).unwrap();
        json.push('\n');
        let golden = repo().join("tests/golden").join(format!("{stem}.json"));
        if bless {
            std::fs::write(&golden, &json).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
        if want != json {
            let line = want
                .lines()
                .zip(json.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            differ.push(format!(
                "{stem}: first difference at line {}: want {:?}, got {:?}",
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                json.lines().nth(line).unwrap_or("")
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "reports differ from tests/golden:\n{}",
        differ.join("\n")
    );
}
