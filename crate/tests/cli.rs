//! The CLI as a user runs it: exit status 0 with a report for a capture (warnings included),
//! 2 with a one-line error for anything that is not a readable capture; `--ndjson` records; a
//! reader that closes the pipe early is not an error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

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

/// A test's own temporary folder, removed when the test ends (passed or failed).
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ctiscope-cli-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn real_capture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/captures")
        .join(path)
}

#[test]
fn a_capture_gives_a_json_report_and_a_summary() {
    let tmp = Scratch::new("summary");
    let p = tmp.file("sample.pcapng", &ctiscope::synth::sample::capture());
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
    assert!(v["inventory"].is_object());
    // The summary's short inventory: the sample's login and device (docs/report.md).
    assert!(out.contains("\ninventory\n"), "{out}");
    assert!(out.contains("  logins        1: ivr_jtapi\n"), "{out}");
    assert!(out.contains("  devices       1: SEP00AABBCCDDEE\n"), "{out}");
}

/// Five sessions against one CTI Manager: the summary prints each group once, with its sessions
/// and the logins it names (tests/captures/jtapi-client/README.md, file 04).
#[test]
fn the_summary_prints_grouped_findings() {
    let p = real_capture("jtapi-client/04_provideropen_credential_variants_v15.pcap");
    let (code, out, err) = cli(&["analyze", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("findings  3\n"), "{out}");
    assert_eq!(out.matches("      5 sessions from 1 client to 127.0.0.1:2748").count(), 3, "{out}");
    assert!(out.contains("; values 3: bob, alice.long.name, ctiappuser\n"), "{out}");
}

#[test]
fn a_truncated_capture_is_read_with_a_warning() {
    let file = ctiscope::synth::sample::capture();
    let tmp = Scratch::new("truncated");
    let p = tmp.file("cut.pcapng", &file[..file.len() - 30]);
    let (code, out, _) = cli(&["analyze", p.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("warning   capture truncated"), "{out}");
}

#[test]
fn bad_input_is_exit_2_with_one_line() {
    let tmp = Scratch::new("bad");
    let text = tmp.file("notes.txt", b"not a capture at all\n");
    let empty = tmp.file("empty.pcap", b"");
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
    let tmp = Scratch::new("write");
    let dir = &tmp.0;
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

/// The `--json` report of `path`.
fn json_report(path: &Path) -> Value {
    let (code, out, err) = cli(&["analyze", "--json", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn ndjson_has_one_record_per_report_element() {
    let tmp = Scratch::new("ndjson");
    let sample = tmp.file("sample.pcapng", &ctiscope::synth::sample::capture());
    let files = [
        sample,
        real_capture("jtapi-client/02_full_session_makecall_drop_v15.pcap"),
        real_capture("tls-2749/tls12_selfsigned.pcap"),
    ];
    let mut args = vec!["analyze", "--ndjson"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(records[0]["type"], "capture", "the first line is the capture");
    assert_eq!(records[0]["schema_version"], 1);
    // Each file: its capture record, then its records; counts equal the --json arrays.
    let mut at = 0;
    for f in &files {
        let name = f.to_str().unwrap();
        let report = json_report(f);
        assert_eq!(records[at]["type"], "capture", "{name}");
        assert_eq!(records[at]["file"], name);
        assert_eq!(records[at]["packets"], report["capture"]["packets"], "{name}");
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut next = at + 1;
        while next < records.len() && records[next]["type"] != "capture" {
            assert_eq!(records[next]["file"], name);
            *counts.entry(records[next]["type"].as_str().unwrap().to_string()).or_default() += 1;
            next += 1;
        }
        for (kind, array) in [
            ("flow", "flows"),
            ("session", "sessions"),
            ("message", "messages"),
            ("finding", "findings"),
            ("event", "events"),
            ("limit", "limits"),
            ("call", "calls"),
        ] {
            // `calls` is absent from a report without calls.
            let want = report.get(array).map_or(0, |a| a.as_array().unwrap().len());
            assert_eq!(counts.remove(kind).unwrap_or(0), want, "{name}: {kind}");
        }
        // One `inventory` record per entry of every list of `inventory`.
        let entries: usize = report["inventory"].as_object().unwrap().values().map(|l| l.as_array().unwrap().len()).sum();
        assert_eq!(counts.remove("inventory").unwrap_or(0), entries, "{name}: inventory");
        assert!(counts.is_empty(), "{name}: unknown types {counts:?}");
        // A message record is the report's message with `type`, `file` and `index` in front.
        let first_message = records[at..next].iter().find(|r| r["type"] == "message").unwrap();
        let mut m = first_message.as_object().unwrap().clone();
        for k in ["type", "file", "index"] {
            m.shift_remove(k);
        }
        assert_eq!(first_message["index"], 0);
        assert_eq!(Value::Object(m), report["messages"][0], "{name}");
        at = next;
    }
    assert_eq!(at, records.len());
}

#[test]
fn ndjson_goes_on_after_a_bad_file_and_exits_2() {
    let tmp = Scratch::new("ndjson-bad");
    let bad = tmp.file("notes.txt", b"not a capture at all\n");
    let good = real_capture("tls-2749/tls13_mutual.pcap");
    let (code, out, err) = cli(&["analyze", "--ndjson", bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not a pcap or pcapng capture"), "{err}");
    let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["type"], "capture");
    assert_eq!(first["file"], good.to_str().unwrap());
    let (code, _, err) = cli(&["analyze", "--ndjson", "--json", good.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("usage"), "{err}");
}

/// `ctiscope ARGS | head -1`: the reader takes one line and closes the pipe while the CLI still
/// has megabytes to write. The CLI must end quietly with status 0.
fn closed_early(args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctiscope"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty(), "{args:?}");
    // The reader is dropped here: the pipe is closed.
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    assert!(err.is_empty(), "{args:?}: {err}");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let tmp = Scratch::new("pipe");
    let mut big = Vec::new();
    ctiscope::synth::generate::write_profile(
        &mut big,
        4 << 20,
        3,
        ctiscope::synth::generate::Profile::Cti,
    )
    .unwrap();
    let p = tmp.file("big.pcap", &big);
    let p = p.to_str().unwrap();
    closed_early(&["analyze", "--ndjson", p, p]);
    closed_early(&["analyze", "--json", p]);
    closed_early(&["analyze", p]);
}
