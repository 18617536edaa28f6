//! Several capture files analyzed as one (`MultiEngine`): rotated parts of a capture give the
//! report of the whole file, duplicates seen in two files (both sides of a SPAN) are counted and
//! analyzed once, files of different formats and link types merge, a bad file is reported with
//! its name without stopping the others, and memory is one chunk per file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // a test: panics are how it fails

use std::path::{Path, PathBuf};

use ctiscope::capture::Reader;
use ctiscope::synth::pcap::{write_pcapng, BlockKind, Interface, Packet, Section};
use ctiscope::{Limits, MultiEngine, Report};
use serde_json::Value;

/// One record of a capture, owned.
#[derive(Clone)]
struct Rec {
    ts_ns: i64,
    linktype: u32,
    orig_len: u32,
    data: Vec<u8>,
}

fn records(file: &[u8]) -> Vec<Rec> {
    let mut out = Vec::new();
    let mut r = Reader::new();
    let mut sink = |rec: ctiscope::capture::Record<'_>| {
        out.push(Rec {
            ts_ns: rec.ts_ns,
            linktype: rec.linktype,
            orig_len: rec.orig_len,
            data: rec.data.to_vec(),
        })
    };
    r.push(file, &mut sink).unwrap();
    r.finish(&mut sink).unwrap();
    out
}

/// A nanosecond pcap of `recs` (one link type), keeping their wire lengths: what a capture tool
/// writes when it rotates its output file.
fn pcap(recs: &[Rec]) -> Vec<u8> {
    let linktype = recs.first().map_or(1, |r| r.linktype);
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_3c4du32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&262_144u32.to_le_bytes());
    out.extend_from_slice(&linktype.to_le_bytes());
    for r in recs {
        assert_eq!(r.linktype, linktype, "a pcap part has one link type");
        out.extend_from_slice(&((r.ts_ns / 1_000_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&((r.ts_ns % 1_000_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&(r.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&r.orig_len.to_le_bytes());
        out.extend_from_slice(&r.data);
    }
    out
}

/// The same packets as seen by a Linux "any" capture (cooked v1 headers instead of Ethernet),
/// written as pcapng: another format and another link type.
fn as_cooked_pcapng(recs: &[Rec]) -> Vec<u8> {
    let packets: Vec<Packet> = recs
        .iter()
        .map(|r| {
            assert_eq!(r.linktype, 1, "Ethernet in");
            let mut d = vec![0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0];
            d.extend_from_slice(&r.data[12..]); // the EtherType, then the payload
            Packet::new(r.ts_ns, d)
        })
        .collect();
    write_pcapng(&[Section {
        big_endian: false,
        interfaces: &[Interface {
            linktype: 113,
            tsresol: 9,
        }],
        packets: &packets,
        kind: BlockKind::Enhanced,
    }])
}

/// `recs` cut in `n` rotated parts of about equal packet counts.
fn rotate(recs: &[Rec], n: usize) -> Vec<Vec<u8>> {
    let per = recs.len().div_ceil(n);
    recs.chunks(per).map(pcap).collect()
}

fn merged(parts: &[Vec<u8>], chunk: usize) -> Report {
    let named: Vec<(String, &[u8])> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("part{i}.pcap"), p.as_slice()))
        .collect();
    let files: Vec<(&str, &[u8])> = named.iter().map(|(n, p)| (n.as_str(), *p)).collect();
    ctiscope::engine::analyze_merged_in_chunks(&files, chunk).unwrap()
}

fn json(r: &Report) -> Value {
    serde_json::to_value(r).unwrap()
}

/// A report without what says which files it came from: the files' list and formats, the
/// per-message and per-finding sources, the duplicates counted, and the (file-prefixed)
/// warnings.
fn without_sources(mut v: Value) -> Value {
    let c = v["capture"].as_object_mut().unwrap();
    for k in ["files", "format", "compressed", "file_bytes", "warnings"] {
        c.remove(k);
    }
    for m in v["messages"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("source");
    }
    for f in v["findings"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("sources");
    }
    v["stats"]
        .as_object_mut()
        .unwrap()
        .remove("duplicate_packets");
    v
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn real_captures() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in [
        "jtapi-client",
        "jtapi-client-2",
        "sip",
        "sccp",
        "ged188",
        "tls-2749",
    ] {
        for entry in std::fs::read_dir(repo().join("tests/captures").join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|x| x == "pcap" || x == "pcapng") {
                all.push(p);
            }
        }
    }
    all.sort();
    all
}

/// Each message's and finding's source, turned back into the whole file's frame numbers,
/// is the frame the whole file's report gives it.
fn assert_sources_point_at_the_whole_files_frames(report: &Report, part_lens: &[usize]) {
    let v = json(report);
    let files = v["capture"]["files"].as_array().unwrap();
    assert_eq!(files.len(), part_lens.len());
    let first: Vec<u64> = part_lens
        .iter()
        .scan(0u64, |at, &n| {
            let start = *at;
            *at += n as u64;
            Some(start)
        })
        .collect();
    let whole_frame =
        |s: &Value| first[s["file"].as_u64().unwrap() as usize] + s["file_frame"].as_u64().unwrap();
    for m in v["messages"].as_array().unwrap() {
        assert_eq!(
            whole_frame(&m["source"]),
            m["frame"].as_u64().unwrap(),
            "{m}"
        );
    }
    for f in v["findings"].as_array().unwrap() {
        let sources = f["sources"].as_array().unwrap();
        assert_eq!(sources.len(), f["frames"].as_array().unwrap().len());
        for s in sources {
            assert_eq!(whole_frame(s), s["frame"].as_u64().unwrap());
        }
    }
}

#[test]
fn rotated_parts_of_each_real_capture_give_the_whole_files_report() {
    let captures = real_captures();
    assert!(captures.len() >= 25, "{}", captures.len());
    let mut compared = 0;
    for path in captures {
        let file = std::fs::read(&path).unwrap();
        let recs = records(&file);
        if recs.len() < 3 || recs.iter().any(|r| r.linktype != recs[0].linktype) {
            continue;
        }
        let whole = ctiscope::analyze_bytes(&file).unwrap();
        for n in [2, 3] {
            let parts = rotate(&recs, n);
            let report = merged(&parts, 4096);
            assert_eq!(
                without_sources(json(&report)),
                without_sources(json(&whole)),
                "{} in {n} parts",
                path.display()
            );
            let lens: Vec<usize> = recs
                .chunks(recs.len().div_ceil(n))
                .map(<[Rec]>::len)
                .collect();
            assert_sources_point_at_the_whole_files_frames(&report, &lens);
            assert_eq!(report.stats.duplicate_packets, 0);
            let files = &report.capture.files;
            assert_eq!(
                files.iter().map(|f| f.packets).sum::<u64>(),
                whole.capture.packets
            );
            assert!(files.iter().all(|f| f.error.is_none() && f.duplicates == 0));
        }
        compared += 1;
    }
    assert!(compared >= 20, "{compared} captures compared");
}

/// A larger generated capture (every protocol, background traffic) in 4 rotated parts, read in
/// chunks of 64 KiB: the same report, and the merge holds about one chunk per file.
#[test]
fn rotated_parts_of_a_generated_capture_give_the_whole_files_report_in_bounded_memory() {
    let mut file = Vec::new();
    ctiscope::synth::generate::write_profile(&mut file, 2 << 20, 7, Default::default()).unwrap();
    let whole = ctiscope::analyze_bytes(&file).unwrap();
    let recs = records(&file);
    assert!(recs.len() > 2_000, "{}", recs.len());
    let parts = rotate(&recs, 4);
    let names: Vec<String> = (0..4).map(|i| format!("ring_{i:05}.pcap")).collect();
    let mut engine = MultiEngine::new(Limits::default(), names);
    let mut read = [0usize; 4];
    let chunk = 64 << 10;
    let mut most_buffered = 0;
    while let Some(i) = engine.wants() {
        let piece = &parts[i][read[i]..(read[i] + chunk).min(parts[i].len())];
        read[i] += piece.len();
        if piece.is_empty() {
            engine.end(i).unwrap();
        } else {
            engine.push(i, piece).unwrap();
        }
        most_buffered = most_buffered.max(engine.buffered_bytes());
    }
    // One chunk, plus one record carried over from the chunk before, per file.
    assert!(
        most_buffered <= 4 * (chunk + 65_535),
        "{most_buffered} bytes of records waited at once"
    );
    assert!(
        most_buffered > chunk,
        "{most_buffered}: every file's first chunk waits at the start"
    );
    let report = engine.finish().unwrap();
    assert_eq!(
        without_sources(json(&report)),
        without_sources(json(&whole))
    );
    let lens: Vec<usize> = recs
        .chunks(recs.len().div_ceil(4))
        .map(<[Rec]>::len)
        .collect();
    assert_sources_point_at_the_whole_files_frames(&report, &lens);
    // Rotated parts follow each other in time: the source map is one run per file.
    assert_eq!(report.messages.sources().runs(), 4);
    assert_eq!(report.capture.files[3].name, "ring_00003.pcap");
    assert!(!whole.findings.is_empty() && !whole.sessions.is_empty());
}

#[test]
fn the_same_file_twice_is_counted_as_duplicates_and_analyzed_once() {
    let path = repo().join("tests/captures/jtapi-client/09_conference_v15.pcap");
    let file = std::fs::read(&path).unwrap();
    let whole = ctiscope::analyze_bytes(&file).unwrap();
    let report = merged(&[file.clone(), file.clone()], 1000);
    assert_eq!(
        without_sources(json(&report)),
        without_sources(json(&whole))
    );
    let n = whole.capture.packets;
    assert_eq!(report.capture.packets, n);
    assert_eq!(report.stats.duplicate_packets, n);
    let files = &report.capture.files;
    assert_eq!((files[0].packets, files[0].duplicates), (n, 0));
    assert_eq!((files[1].packets, files[1].duplicates), (n, n));
    // Every analyzed packet came from the first file, frame for frame.
    let v = json(&report);
    for m in v["messages"].as_array().unwrap() {
        assert_eq!(m["source"]["file"], 0);
        assert_eq!(m["source"]["file_frame"], m["frame"]);
    }
    assert_eq!(v["stats"]["duplicate_packets"], n);
}

/// The other side of a SPAN: half the packets again, as a Linux cooked capture in pcapng (a
/// different format and link layer), stamped 200 µs later. They are recognised as the same
/// packets by their IP bytes and skipped.
#[test]
fn a_second_capture_point_in_another_format_and_link_type_is_recognised_as_duplicates() {
    let path = repo().join("tests/captures/jtapi-client-2/05_consult_transfer_v15.pcap");
    let file = std::fs::read(&path).unwrap();
    let recs = records(&file);
    assert!(recs.iter().all(|r| r.linktype == 1));
    let half: Vec<Rec> = recs
        .iter()
        .step_by(2)
        .map(|r| Rec {
            ts_ns: r.ts_ns + 200_000,
            ..r.clone()
        })
        .collect();
    let other = as_cooked_pcapng(&half);
    let whole = ctiscope::analyze_bytes(&file).unwrap();
    for (parts, dup_file) in [
        (vec![file.clone(), other.clone()], 1),
        (vec![other, file], 0),
    ] {
        let report = merged(&parts, 777);
        let files = &report.capture.files;
        assert_eq!(
            report.stats.duplicate_packets,
            half.len() as u64,
            "{:?}",
            report.capture.warnings
        );
        assert_eq!(files[dup_file].duplicates, half.len() as u64);
        if dup_file == 1 {
            // Every cooked copy came after its original: the report is the single file's.
            assert_eq!(
                without_sources(json(&report)),
                without_sources(json(&whole))
            );
            assert_eq!(files[1].format, Some(ctiscope::capture::Format::Pcapng));
            assert_eq!(files[1].link_types[0].name, "LINUX_SLL");
        } else {
            // The cooked copies come first here; the Ethernet originals are the duplicates.
            // The same messages and findings, at the same frames.
            assert_eq!(report.messages.len(), whole.messages.len());
            assert_eq!(
                json(&report)["findings"].as_array().unwrap().len(),
                whole.findings.len()
            );
        }
    }
}

/// A capture cut in two at a random point, the first part an Ethernet pcap, the second the same
/// packets seen by a Linux cooked capture in pcapng: the same messages and findings.
#[test]
fn a_pcap_and_a_pcapng_of_different_link_types_merge() {
    let path = repo().join("tests/captures/jtapi-client/02_full_session_makecall_drop_v15.pcap");
    let file = std::fs::read(&path).unwrap();
    let recs = records(&file);
    let cut = recs.len() * 2 / 5;
    let parts = [pcap(&recs[..cut]), as_cooked_pcapng(&recs[cut..])];
    let whole = json(&ctiscope::analyze_bytes(&file).unwrap());
    let report = merged(&parts, 500);
    let v = json(&report);
    let link: Vec<&str> = v["capture"]["link_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(link, ["ETHERNET", "LINUX_SLL"]);
    let strip = |v: &Value, key: &str| -> Vec<Value> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let mut x = x.clone();
                for k in ["source", "sources"] {
                    x.as_object_mut().unwrap().remove(k);
                }
                x
            })
            .collect()
    };
    for key in ["messages", "findings", "sessions", "events"] {
        assert_eq!(strip(&v, key), strip(&whole, key), "{key}");
    }
    assert!(!strip(&v, "messages").is_empty());
    assert_eq!(v["capture"]["files"][1]["format"], "pcapng");
}

/// A ring buffer whose last file was cut mid-record, with a stray text file among the parts:
/// the text file is reported by name and skipped, the cut file read up to the cut.
#[test]
fn a_bad_file_is_reported_by_name_and_the_others_are_analyzed() {
    let path = repo().join("tests/captures/jtapi-client/08_blind_transfer_v15.pcap");
    let recs = records(&std::fs::read(&path).unwrap());
    let mut parts = rotate(&recs, 3);
    let last = parts.len() - 1;
    let cut = parts[last].len() - 10;
    parts[last].truncate(cut);
    let files: Vec<(&str, &[u8])> = vec![
        ("a.pcap", &parts[0]),
        ("notes.txt", b"this is not a capture"),
        ("b.pcap", &parts[1]),
        ("c.pcap", &parts[2]),
    ];
    let report = ctiscope::analyze_merged(&files).unwrap();
    let c = &report.capture;
    assert_eq!(c.packets, recs.len() as u64 - 1);
    assert!(
        c.files[1].error.as_deref().unwrap().contains("not a pcap"),
        "{:?}",
        c.files[1]
    );
    assert!(
        c.warnings
            .iter()
            .any(|w| w.starts_with("notes.txt: not a pcap")),
        "{:?}",
        c.warnings
    );
    assert!(
        c.warnings
            .iter()
            .any(|w| w.starts_with("c.pcap: capture truncated")),
        "{:?}",
        c.warnings
    );
    assert_eq!(
        c.files[3].packets,
        (recs.len() - 2 * recs.len().div_ceil(3)) as u64 - 1
    );
    assert!(!report.messages.is_empty());
    // No readable file at all: an error naming the first.
    let err = ctiscope::analyze_merged(&[("x.txt", b"hello"), ("y.txt", b"")]).unwrap_err();
    assert!(err.to_string().starts_with("x.txt: not a pcap"), "{err}");
}

/// One file through the merge is exactly the single-file engine's report (no `files`, no
/// sources), whatever the chunk size; several files do not depend on the chunk sizes either.
#[test]
fn one_file_through_the_merge_is_the_single_file_report_and_chunks_do_not_matter() {
    let file = ctiscope::synth::sample::capture();
    let single = serde_json::to_string(&ctiscope::analyze_bytes(&file).unwrap()).unwrap();
    for chunk in [1, 13, 1 << 20] {
        let r =
            ctiscope::engine::analyze_merged_in_chunks(&[("sample.pcapng", &file)], chunk).unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), single, "chunk {chunk}");
    }
    let recs = records(&file);
    let parts = rotate(&recs, 3);
    let reference = serde_json::to_string(&merged(&parts, 1 << 20)).unwrap();
    for chunk in [1, 7, 100] {
        assert_eq!(
            serde_json::to_string(&merged(&parts, chunk)).unwrap(),
            reference,
            "chunk {chunk}"
        );
    }
}

/// Files that interleave packet by packet (one per side of a SPAN, or every other packet in
/// each) need one source run per switch: past `max_source_runs` later frames have no source,
/// the report says so in `limits`, and the analysis is otherwise the whole file's.
#[test]
fn interleaved_files_past_the_source_cap_lose_only_their_sources() {
    let file = ctiscope::synth::sample::capture();
    let whole = ctiscope::analyze_bytes(&file).unwrap();
    let recs = records(&file);
    let (even, odd): (Vec<_>, Vec<_>) = recs.iter().cloned().enumerate().partition(|(i, _)| i % 2 == 0);
    let parts: Vec<Vec<u8>> = [even, odd]
        .iter()
        .map(|p| pcap(&p.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>()))
        .collect();
    let run = |max_source_runs: usize| {
        let limits = Limits { max_source_runs, ..Limits::default() };
        let mut engine = MultiEngine::new(limits, vec!["even.pcap".into(), "odd.pcap".into()]);
        let mut read = [0usize; 2];
        while let Some(i) = engine.wants() {
            let piece = &parts[i][read[i]..(read[i] + 4096).min(parts[i].len())];
            read[i] += piece.len();
            if piece.is_empty() {
                engine.end(i).unwrap();
            } else {
                engine.push(i, piece).unwrap();
            }
        }
        engine.finish().unwrap()
    };
    // Uncapped: every frame has its source, one run per packet (they alternate).
    let all = run(0);
    assert_eq!(all.messages.sources().runs(), recs.len());
    assert!(all.limits.iter().all(|l| l.limit != "max_source_runs"));
    // Capped at 10 runs: frames 1..=10 keep theirs, the rest have none and are counted.
    let capped = run(10);
    assert_eq!(capped.messages.sources().runs(), 10);
    let hit = capped.limits.iter().find(|l| l.limit == "max_source_runs").expect("the cap is reported");
    assert_eq!((hit.value, hit.count), (10, recs.len() as u64 - 10));
    for i in 0..capped.messages.len() {
        let m = capped.messages.get(i).unwrap();
        let source = capped.messages.source_of(i);
        if m.frame <= 10 {
            let s = source.expect("a frame before the cap keeps its source");
            assert_eq!((s.file as u64, s.file_frame), ((m.frame - 1) % 2, (m.frame - 1) / 2 + 1));
        } else {
            assert_eq!(source, None, "frame {}", m.frame);
        }
    }
    // Nothing else changes.
    let mut a = without_sources(json(&capped));
    let mut b = without_sources(json(&whole));
    for v in [&mut a, &mut b] {
        v.as_object_mut().unwrap().remove("limits");
    }
    assert_eq!(a, b);
}
