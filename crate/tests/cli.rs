//! The CLI as a user runs it: exit status 0 with a report for a capture (warnings included),
//! 2 with a one-line error for anything that is not a readable capture; `--ndjson` records; a
//! reader that closes the pipe early is not an error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

mod common;
use common::Scratch;

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

fn real_capture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/captures")
        .join(path)
}

#[test]
fn a_capture_gives_a_json_report_and_a_summary() {
    let tmp = Scratch::new("cli", "summary");
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
    let tmp = Scratch::new("cli", "truncated");
    let p = tmp.file("cut.pcapng", &file[..file.len() - 30]);
    let (code, out, _) = cli(&["analyze", p.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("warning   capture truncated"), "{out}");
}

#[test]
fn bad_input_is_exit_2_with_one_line() {
    let tmp = Scratch::new("cli", "bad");
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
    let tmp = Scratch::new("cli", "write");
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
    let tmp = Scratch::new("cli", "ndjson");
    let sample = tmp.file("sample.pcapng", &ctiscope::synth::sample::capture());
    let files = [
        sample,
        real_capture("jtapi-client/02_full_session_makecall_drop_v15.pcap"),
        real_capture("tls-2749/tls12_selfsigned.pcap"),
    ];
    let mut args = vec!["analyze", "--ndjson", "--separate"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(records[0]["type"], "message", "messages come first, as the capture is read");
    // Each file: its messages, its capture record, then the rest; counts equal the --json arrays.
    let mut at = 0;
    for f in &files {
        let name = f.to_str().unwrap();
        let report = json_report(f);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut next = at;
        while next < records.len() && records[next]["file"] == name {
            *counts.entry(records[next]["type"].as_str().unwrap().to_string()).or_default() += 1;
            next += 1;
        }
        let capture = records[at..next].iter().position(|r| r["type"] == "capture").unwrap() + at;
        assert!(records[at..capture].iter().all(|r| r["type"] == "message"), "{name}");
        assert!(records[capture + 1..next].iter().all(|r| r["type"] != "message"), "{name}");
        assert_eq!(records[capture]["schema_version"], 1);
        assert_eq!(records[capture]["packets"], report["capture"]["packets"], "{name}");
        assert_eq!(counts.remove("capture"), Some(1), "{name}");
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
    let tmp = Scratch::new("cli", "ndjson-bad");
    let bad = tmp.file("notes.txt", b"not a capture at all\n");
    let good = real_capture("tls-2749/tls13_mutual.pcap");
    let (code, out, err) = cli(&["analyze", "--ndjson", "--separate", bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not a pcap or pcapng capture"), "{err}");
    let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["type"], "message");
    assert_eq!(first["file"], good.to_str().unwrap());
    // Merged: the same, the bad file listed with its error in the one report.
    let (code, out, err) = cli(&["analyze", "--ndjson", bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("notes.txt: not a pcap or pcapng capture"), "{err}");
    let first = out.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()).find(|r| r["type"] == "capture").unwrap();
    assert!(first["files"][0]["error"].as_str().unwrap().contains("not a pcap"), "{first}");
    assert_eq!(first["files"][1]["name"], good.to_str().unwrap());
    assert!(first.get("file").is_none(), "{first}");
    // Nothing readable at all: status 2, no output.
    let (code, out, _) = cli(&["analyze", bad.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
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
    let tmp = Scratch::new("cli", "pipe");
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
    closed_early(&["analyze", "--ndjson", "--separate", p, p]);
    closed_early(&["analyze", "--ndjson", p, p]);
    closed_early(&["analyze", "--json", p]);
    closed_early(&["analyze", p]);
}

/// `ctiscope analyze A B C`: rotated parts of one capture are analyzed as the whole file,
/// in the summary, `--json` and `--ndjson`; a file given twice is counted as duplicates.
#[test]
fn several_files_are_one_capture_merged_by_timestamp() {
    let tmp = Scratch::new("cli", "merge");
    let whole_path = real_capture("jtapi-client/09_conference_v15.pcap");
    let whole = std::fs::read(&whole_path).unwrap();
    // Rotated parts, cut at record boundaries of the (microsecond, little-endian) pcap.
    let mut cuts = vec![24];
    let mut at = 24;
    while at < whole.len() {
        at += 16 + u32::from_le_bytes(whole[at + 8..at + 12].try_into().unwrap()) as usize;
        cuts.push(at);
    }
    let (a, b) = (cuts[cuts.len() / 3], cuts[cuts.len() * 2 / 3]);
    let header = &whole[..24];
    let parts: Vec<PathBuf> = [(24, a), (a, b), (b, whole.len())]
        .iter()
        .enumerate()
        .map(|(i, &(from, to))| tmp.file(&format!("ring_{i}.pcap"), &[header, &whole[from..to]].concat()))
        .collect();
    let names: Vec<&str> = parts.iter().map(|p| p.to_str().unwrap()).collect();
    let single = json_report(&whole_path);
    let mut args = vec!["analyze", "--json"];
    args.extend(&names);
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    let mut merged: Value = serde_json::from_str(&out).unwrap();
    let files = merged["capture"]["files"].as_array().unwrap().clone();
    assert_eq!(files.len(), 3);
    assert_eq!(files[2]["name"], names[2]);
    assert_eq!(
        files.iter().map(|f| f["packets"].as_u64().unwrap()).sum::<u64>(),
        single["capture"]["packets"].as_u64().unwrap()
    );
    // The last message is in the last part, at its own frame number there.
    let last = merged["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["source"]["file"], 2);
    assert_eq!(
        last["source"]["file_frame"].as_u64().unwrap() + (cuts.iter().position(|&c| c == b).unwrap() as u64),
        last["frame"].as_u64().unwrap()
    );
    // Frame numbers aside (they are the same here), the report is the whole file's.
    for m in merged["messages"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("source");
    }
    for f in merged["findings"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("sources");
    }
    for k in ["files", "file_bytes"] {
        merged["capture"].as_object_mut().unwrap().remove(k);
    }
    let mut whole_report = single.clone();
    whole_report["capture"].as_object_mut().unwrap().remove("file_bytes");
    assert_eq!(merged, whole_report);
    // NDJSON: one report, its capture record listing the files, messages with their source.
    let mut args = vec!["analyze", "--ndjson"];
    args.extend(&names);
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    let records: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let captures: Vec<&Value> = records.iter().filter(|r| r["type"] == "capture").collect();
    assert_eq!(captures.len(), 1);
    assert_eq!(captures[0]["files"].as_array().unwrap().len(), 3);
    assert!(records.iter().filter(|r| r["type"] == "message").all(|m| m["source"]["file"].is_u64()));
    // The summary lists the files; the same file twice is all duplicates.
    let w = whole_path.to_str().unwrap();
    let (code, out, err) = cli(&["analyze", w, w]);
    assert_eq!(code, 0, "{err}");
    let n = single["capture"]["packets"].as_u64().unwrap();
    assert!(out.contains(&format!("file 1    {w}: {n} packets ({n} duplicates)")), "{out}");
    assert!(out.contains(&format!("duplicates {n} packets")), "{out}");
    // Bad flags.
    let (code, _, err) = cli(&["analyze", "--separate", w]);
    assert_eq!(code, 2);
    assert!(err.contains("usage"), "{err}");
}

/// A ring buffer of one file per packet (more files than the CLI keeps open at once, so some are
/// closed and opened again at their offset): every packet read,
/// the report the whole file's.
#[test]
fn a_ring_buffer_of_more_files_than_are_kept_open_merges() {
    let tmp = Scratch::new("cli", "ring");
    let whole_path = real_capture("jtapi-client/04_provideropen_credential_variants_v15.pcap");
    let whole = std::fs::read(&whole_path).unwrap();
    let mut records = Vec::new();
    let mut r = ctiscope::capture::Reader::new();
    let mut sink = |rec: ctiscope::capture::Record<'_>| records.push((rec.ts_ns, rec.orig_len, rec.linktype, rec.data.to_vec()));
    r.push(&whole, &mut sink).unwrap();
    r.finish(&mut sink).unwrap();
    assert!(records.len() > 128, "{}: more files than the CLI keeps open (MAX_OPEN_FILES)", records.len());
    // One file per record, as a nanosecond pcap.
    let paths: Vec<PathBuf> = records
        .iter()
        .enumerate()
        .map(|(i, (ts, orig, lt, data))| {
            let mut f = Vec::new();
            for w in [0xa1b2_3c4du32.to_le_bytes(), [2, 0, 4, 0], [0; 4], [0; 4], 65535u32.to_le_bytes(), lt.to_le_bytes()] {
                f.extend_from_slice(&w);
            }
            f.extend_from_slice(&((ts / 1_000_000_000) as u32).to_le_bytes());
            f.extend_from_slice(&((ts % 1_000_000_000) as u32).to_le_bytes());
            f.extend_from_slice(&(data.len() as u32).to_le_bytes());
            f.extend_from_slice(&orig.to_le_bytes());
            f.extend_from_slice(data);
            tmp.file(&format!("ring_{i:05}.pcap"), &f)
        })
        .collect();
    let mut args = vec!["analyze", "--json"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    let merged: Value = serde_json::from_str(&out).unwrap();
    let single = json_report(&whole_path);
    assert_eq!(merged["capture"]["packets"], single["capture"]["packets"]);
    assert_eq!(merged["capture"]["files"].as_array().unwrap().len(), records.len());
    assert_eq!(merged["findings"].as_array().unwrap().len(), single["findings"].as_array().unwrap().len());
    let names = |v: &Value| v["messages"].as_array().unwrap().iter().map(|m| (m["frame"].clone(), m["name"].clone())).collect::<Vec<_>>();
    assert_eq!(names(&merged), names(&single));
    // Message k's source is file (frame - 1), its only frame.
    for m in merged["messages"].as_array().unwrap() {
        assert_eq!(m["source"]["file"].as_u64().unwrap() + 1, m["frame"].as_u64().unwrap());
        assert_eq!(m["source"]["file_frame"], 1);
    }
}
