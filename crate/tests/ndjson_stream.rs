//! `ctiscope analyze --ndjson` streams its message records while the capture is read, and its
//! flow and session records as flows retire, and keeps its messages in a temporary file: its
//! records must be those of the finished report (`ctiscope::ndjson::write`), each byte for byte,
//! in the documented order (messages, flows and sessions as they come, then the rest after the
//! `capture` record), for every real capture, generated ones (one stretched over minutes so
//! that flows retire while it is read), merged files and `--separate`, including captures whose
//! last frame's messages are put in another order at the end; and nothing may be left in the
//! temporary folder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

mod common;
use common::{stretched, Scratch};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use ctiscope::model::Direction;
use ctiscope::synth::packet::Conversation;
use ctiscope::synth::pcap::{write_pcap, Packet, PcapOptions};
use ctiscope::synth::sip;

/// The CLI's stdout for `args`, run with `TMPDIR=tmp` (status 0 expected), and what is left in
/// `tmp` afterwards besides the files the test put there.
fn cli_ndjson(args: &[&str], tmp: &Path) -> Vec<u8> {
    let before = std::fs::read_dir(tmp).unwrap().count();
    let out = Command::new(env!("CARGO_BIN_EXE_ctiscope"))
        .args(args)
        .env("TMPDIR", tmp)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(tmp).unwrap().count(), before, "the temporary file is gone");
    out.stdout
}

/// The NDJSON of the finished report, as `ctiscope::ndjson::write` makes it.
fn report_ndjson(report: &ctiscope::Report, file: Option<&str>) -> Vec<u8> {
    let mut out = Vec::new();
    ctiscope::ndjson::write(&mut out, report, file).unwrap();
    out
}

fn captures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/captures");
    let mut all = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            let name = p.to_string_lossy().to_string();
            if p.is_dir() {
                dirs.push(p);
            } else if name.ends_with(".pcap") || name.ends_with(".pcapng") || name.ends_with(".gz") {
                all.push(p);
            }
        }
    }
    all.sort();
    all
}

fn generated(tmp: &Scratch, profile: ctiscope::synth::generate::Profile, name: &str) -> PathBuf {
    let mut bytes = Vec::new();
    ctiscope::synth::generate::write_profile(&mut bytes, 2 << 20, 7, profile).unwrap();
    tmp.file(name, &bytes)
}

/// The records of an NDJSON output, each as its line, checked for the documented order and
/// put in a canonical one: by type, messages by index, flows and sessions by id, the rest as
/// written. Also how many flow records came before the `capture` record.
fn canonical(ndjson: &[u8]) -> (Vec<Vec<String>>, usize) {
    let text = std::str::from_utf8(ndjson).unwrap();
    let types = ctiscope::ndjson::TYPES;
    let mut by_type: Vec<Vec<(u64, String)>> = vec![Vec::new(); types.len()];
    let mut after_capture: Option<usize> = None;
    let mut early_flows = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = v["type"].as_str().unwrap();
        let t = types.iter().position(|k| *k == kind).unwrap();
        match after_capture {
            // Before it: messages, and flows, sessions and calls that retired.
            None if kind == "capture" => after_capture = Some(t),
            None => assert!(["message", "flow", "session", "call"].contains(&kind), "{kind} before the capture record"),
            // After it: the rest, in the order of `TYPES`.
            Some(last) => {
                assert!(t >= last || kind == "message", "{kind} after {}", types[last]);
                after_capture = Some(t.max(last));
            }
        }
        if kind == "flow" && after_capture.is_none() {
            early_flows += 1;
        }
        let key = match kind {
            "message" => v["index"].as_u64().unwrap(),
            "flow" | "session" => v["id"].as_u64().unwrap(),
            _ => by_type[t].len() as u64,
        };
        by_type[t].push((key, line.to_string()));
    }
    assert!(after_capture.is_some(), "one capture record");
    let lists = by_type
        .into_iter()
        .map(|mut l| {
            l.sort_by_key(|(k, _)| *k);
            l.into_iter().map(|(_, line)| line).collect()
        })
        .collect();
    (lists, early_flows)
}

#[test]
fn streamed_records_are_the_report_ndjson_byte_for_byte() {
    let tmp = Scratch::new("ndjson", "equal");
    let mut files = captures();
    assert!(files.len() >= 20, "{files:?}");
    files.push(generated(&tmp, ctiscope::synth::generate::Profile::Cti, "cti.pcap"));
    files.push(generated(&tmp, ctiscope::synth::generate::Profile::Mixed, "mixed.pcap"));
    files.push(tmp.file("reordered.pcap", &end_flush_reorders()));
    let mut cti = Vec::new();
    ctiscope::synth::generate::write_profile(&mut cti, 2 << 20, 7, ctiscope::synth::generate::Profile::Cti).unwrap();
    let slow = tmp.file("cti-slow.pcap", &stretched(&cti, 200));
    files.push(slow.clone());
    for f in &files {
        let name = f.to_str().unwrap();
        let report = ctiscope::analyze_bytes(&std::fs::read(f).unwrap()).unwrap();
        let want = report_ndjson(&report, None);
        let got = cli_ndjson(&["analyze", "--ndjson", name], &tmp.0);
        let (got, early) = canonical(&got);
        assert!(got == canonical(&want).0, "{name}: the streamed NDJSON differs from the report's");
        if *f == slow {
            // Most of its connections ended minutes before the capture did: their flow
            // records came out while it was read.
            assert!(early * 2 > report.flows.len(), "{early} of {} flows streamed", report.flows.len());
        }
    }
    // `--separate`: each file's records, tagged with the file.
    let (a, b) = (files[0].to_str().unwrap(), files[files.len() - 2].to_str().unwrap());
    let mut want = Vec::new();
    for f in [a, b] {
        let report = ctiscope::analyze_bytes(&std::fs::read(f).unwrap()).unwrap();
        want.extend(report_ndjson(&report, Some(f)));
    }
    let got = cli_ndjson(&["analyze", "--ndjson", "--separate", a, b], &tmp.0);
    let split = |all: &[u8]| -> Vec<Vec<Vec<String>>> {
        // Each file's records, canonical.
        let text = std::str::from_utf8(all).unwrap();
        [a, b]
            .iter()
            .map(|f| {
                let mine: String = text
                    .lines()
                    .filter(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["file"] == *f)
                    .map(|l| format!("{l}\n"))
                    .collect();
                canonical(mine.as_bytes()).0
            })
            .collect()
    };
    assert!(split(&got) == split(&want), "--separate");
    // Merged: one report, messages with their source.
    let bytes: Vec<Vec<u8>> = [a, b].iter().map(|f| std::fs::read(f).unwrap()).collect();
    let merged = ctiscope::analyze_merged(&[(a, &bytes[0]), (b, &bytes[1])]).unwrap();
    assert!(!merged.messages.sources().is_empty());
    let got = cli_ndjson(&["analyze", "--ndjson", a, b], &tmp.0);
    assert!(canonical(&got).0 == canonical(&report_ndjson(&merged, None)).0, "merged");
}

/// Two SIP-over-TCP flows: the first (session 1) sends an INVITE whose body never arrives,
/// the second (session 2) sends a whole OPTIONS in the last packet. At the end of the capture
/// the first flow is flushed at the last frame: its message comes after the second flow's but
/// belongs before it (frame, then session).
fn end_flush_reorders() -> Vec<u8> {
    let addr = |s: &str| s.parse::<SocketAddr>().unwrap();
    let mut a = Conversation::new(addr("10.0.0.1:40001"), addr("10.0.0.9:5060"));
    let mut b = Conversation::new(addr("10.0.0.2:40002"), addr("10.0.0.9:5060"));
    let options = |id: &str| sip::options(id).into_iter().next().unwrap().bytes;
    let mut frames = a.handshake();
    let mut cut = sip::build(
        "INVITE sip:1002@10.0.0.9 SIP/2.0",
        &[
            "Via: SIP/2.0/TCP 10.0.0.1:40001;branch=z9hG4bK-a2".into(),
            "From: <sip:1001@10.0.0.9>;tag=a".into(),
            "To: <sip:1002@10.0.0.9>".into(),
            "Call-ID: a-1".into(),
            "CSeq: 1 INVITE".into(),
        ],
        &"v=0\r\n".repeat(40),
    );
    cut.truncate(cut.len() - 100);
    frames.push(a.send(true, &cut));
    frames.extend(b.handshake());
    frames.push(b.send(true, &options("b-1")));
    let packets: Vec<Packet> = frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| Packet::new(1_700_000_000_000_000_000 + i as i64 * 1_000_000, f))
        .collect();
    write_pcap(1, &packets, PcapOptions::default())
}

#[test]
fn messages_flushed_at_the_end_take_their_place_and_the_stream_agrees() {
    let capture = end_flush_reorders();
    let report = ctiscope::analyze_bytes(&capture).unwrap();
    let last = report.capture.packets;
    let m: Vec<ctiscope::model::Message> = report.messages.iter().collect();
    // The last frame holds the OPTIONS of session 2 and, flushed at the end, the INVITE of
    // session 1, which sorts first although it was decoded last.
    let tail: Vec<(u64, u32, &str)> = m.iter().rev().take(2).rev().map(|m| (m.frame, m.session, m.name.as_str())).collect();
    assert_eq!(tail.len(), 2);
    assert_eq!((tail[0].0, tail[0].1), (last, 1), "{tail:?}");
    assert_eq!((tail[1].0, tail[1].1), (last, 2), "{tail:?}");
    assert!(tail[0].2.contains("INVITE"), "{tail:?}");
    assert_eq!(m.iter().filter(|m| m.direction == Direction::ToServer).count(), m.len());
    // Streamed packet by packet, with everything on disk past a RAM budget of nothing: the
    // same indices and messages, the flushed ones handed out after `finish`.
    let dir = Scratch::new("ndjson", "reorder");
    let mut engine = ctiscope::Engine::default();
    engine.keep_messages_on_disk(&dir.0, 0).unwrap();
    let mut out = Vec::new();
    for chunk in capture.chunks(60) {
        engine.push(chunk).unwrap();
        engine
            .stream_messages(&mut |i, m, source| ctiscope::ndjson::message(&mut out, i, m, source, None))
            .unwrap();
    }
    let from = engine.streamed();
    assert_eq!(from, report.messages.len() - 2, "the last frame's group waits for the end");
    let streamed = engine.finish().unwrap();
    ctiscope::ndjson::write_from(&mut out, &streamed, None, from).unwrap();
    assert!(out == report_ndjson(&report, None));
}

#[test]
fn the_cli_says_when_it_cannot_create_its_temporary_file() {
    let tmp = Scratch::new("ndjson", "notmp");
    let capture = tmp.file("s.pcap", &ctiscope::synth::sample::capture());
    let out = Command::new(env!("CARGO_BIN_EXE_ctiscope"))
        .args(["analyze", "--ndjson", capture.to_str().unwrap()])
        .env("TMPDIR", tmp.0.join("no-such-folder"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("ctiscope: cannot create a temporary file in "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
