//! The CLI as a user runs it: exit status 0 with a report for a capture (warnings included),
//! 2 with a one-line error for anything that is not a readable capture.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use std::path::PathBuf;
use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ctiscope"))
        .args(args)
        .output()
        .expect("the CLI runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctiscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_capture_gives_a_json_report_and_a_summary() {
    let p = scratch("sample.pcapng", &ctiscope::synth::sample::capture());
    let (code, out, err) = cli(&["analyze", p.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["capture"]["format"], "pcapng");
    assert_eq!(v["capture"]["packets"], 40);
    for key in [
        "flows", "sessions", "messages", "findings", "events", "limits",
    ] {
        assert!(v[key].is_array(), "{key}");
    }
    let (code, out, _) = cli(&["analyze", p.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("capture   pcapng, 40 packets"), "{out}");
}

#[test]
fn a_truncated_capture_is_read_with_a_warning() {
    let file = ctiscope::synth::sample::capture();
    let p = scratch("cut.pcapng", &file[..file.len() - 30]);
    let (code, out, _) = cli(&["analyze", p.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("warning   capture truncated"), "{out}");
}

#[test]
fn bad_input_is_exit_2_with_one_line() {
    let text = scratch("notes.txt", b"not a capture at all\n");
    let empty = scratch("empty.pcap", b"");
    let missing = std::env::temp_dir().join("ctiscope-no-such-file.pcap");
    for (args, want) in [
        (
            vec!["analyze", text.to_str().unwrap()],
            "not a pcap or pcapng capture",
        ),
        (
            vec!["analyze", empty.to_str().unwrap()],
            "the file is empty",
        ),
        (vec!["analyze", missing.to_str().unwrap()], "cannot open"),
        (vec!["frobnicate"], "usage"),
    ] {
        let (code, out, err) = cli(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{err}");
    }
}

#[test]
fn redact_and_sample_commands_write_files() {
    let dir = std::env::temp_dir().join(format!("ctiscope-cli-w-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (s, r) = (dir.join("s.pcapng"), dir.join("r.pcapng"));
    assert_eq!(cli(&["sample", s.to_str().unwrap()]).0, 0);
    let (code, _, err) = cli(&[
        "redact",
        s.to_str().unwrap(),
        r.to_str().unwrap(),
        "--tags",
        "called_number",
    ]);
    assert_eq!(code, 0, "{err}");
    let redacted = std::fs::read(&r).unwrap();
    assert!(!redacted.windows(12).any(|w| w == b"915551234567"));
    let (code, _, err) = cli(&[
        "redact",
        s.to_str().unwrap(),
        r.to_str().unwrap(),
        "--tags",
        "bogus",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown tag"));
}
