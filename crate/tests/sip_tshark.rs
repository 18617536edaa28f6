//! SIP messages against tshark: for every reference `tests/reference/sip/<id>.tsv` (columns
//! `frame kind call_id from to cseq`, one row per SIP message, made with tshark from the corpus
//! files categorised `voip:sip` and the SIPp fixtures in `tests/captures/sip/`), the full engine
//! runs over the capture and its SIP messages are compared with the rows, in order: kind (the
//! method of a request, the status code of a response), Call-ID, From, To and CSeq. Each file
//! must agree on at least 95 % of its rows; every mismatch is printed.
//!
//! `<id>` is the capture's corpus path with `/` → `__` (read from `../shared/corpus`), or a
//! fixture's file name (read from `tests/captures/sip/`). A corpus capture may be absent (a clone
//! without `../shared`): it is said so, and it fails under `CTISCOPE_REQUIRE_SHARED=1` (CI).
//! Tunnelled captures (GRE, IP-in-IP) are compared like the others: the net layer unwraps them. `CTISCOPE_SIP_REFERENCE` points the
//! test at another reference directory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)] // a test: panics are how it fails

use std::path::{Path, PathBuf};

use ctiscope::model::{Message, Protocol};

/// One row: a SIP message as tshark or ctiscope sees it.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    frame: u64,
    kind: String,
    call_id: String,
    from: String,
    to: String,
    cseq: String,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn reference_dir() -> PathBuf {
    std::env::var_os("CTISCOPE_SIP_REFERENCE")
        .map_or_else(|| repo().join("tests/reference/sip"), PathBuf::from)
}

/// Where the capture of reference `id` is.
fn capture_of(id: &str) -> Option<PathBuf> {
    // `../shared/corpus`, or `$CTISCOPE_SHARED/corpus`.
    let corpus = std::env::var_os("CTISCOPE_SHARED")
        .filter(|v| !v.is_empty())
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"), PathBuf::from)
        .join("corpus")
        .join(id.replace("__", "/"));
    let fixtures = repo().join("tests/captures/sip");
    [
        corpus,
        fixtures.join(id),
        fixtures.join(format!("{id}.pcap")),
        fixtures.join(format!("{id}.pcapng")),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// A cell as `tests/reference/README.md` escapes it: `\\`, `\t`, `\r`, `\n`, `\xNN`.
fn unescape(cell: &str) -> String {
    let b = cell.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'\\', Some(b'\\')) => out.push(b'\\'),
            (b'\\', Some(b't')) => out.push(b'\t'),
            (b'\\', Some(b'r')) => out.push(b'\r'),
            (b'\\', Some(b'n')) => out.push(b'\n'),
            (b'\\', Some(b'x')) => {
                match cell
                    .get(i + 2..i + 4)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 4;
                        continue;
                    }
                    None => out.push(b'\\'),
                }
                i += 1;
                continue;
            }
            (c, _) => {
                out.push(c);
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_tsv(text: &str) -> Vec<Row> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let mut c = l.split('\t').map(unescape);
            let frame = c.next()?.trim().parse().ok()?; // skips a header line
            let mut next = || c.next().unwrap_or_default();
            Some(Row {
                frame,
                kind: next(),
                call_id: next(),
                from: next(),
                to: next(),
                cseq: next(),
            })
        })
        // tshark's "Continuation" rows (a non-SIP payload on a SIP port) carry no message.
        .filter(|r| !r.kind.trim().is_empty())
        .collect()
}

/// A header's text as the report keeps it: a string, or an address object's `value`; the
/// first of several.
fn header(m: &Message, name: &str) -> String {
    let v = match m.fields.get(name) {
        Some(serde_json::Value::Array(a)) => a.first(),
        v => v,
    };
    match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Object(o)) => o
            .get("value")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

fn row_of(m: &Message) -> Row {
    let kind = match m.fields.get("status_code") {
        Some(code) => code.to_string(),
        None => m
            .fields
            .get("method")
            .and_then(|v| v.as_str())
            .unwrap_or(&m.name)
            .to_string(),
    };
    Row {
        frame: m.frame,
        kind,
        call_id: header(m, "call-id"),
        from: header(m, "from"),
        to: header(m, "to"),
        cseq: header(m, "cseq"),
    }
}

/// Whitespace runs as one space, trimmed: tshark shows folded or padded values unfolded.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fields of `ours` that differ from `theirs`.
fn differences(ours: &Row, theirs: &Row) -> Vec<String> {
    let mut d = Vec::new();
    let pairs = [
        ("kind", &ours.kind, &theirs.kind),
        ("call_id", &ours.call_id, &theirs.call_id),
        ("from", &ours.from, &theirs.from),
        ("to", &ours.to, &theirs.to),
        ("cseq", &ours.cseq, &theirs.cseq),
    ];
    for (name, a, b) in pairs {
        if norm(a) != norm(b) {
            d.push(format!("{name}: ours {a:?}, tshark {b:?}"));
        }
    }
    d
}

/// Compares in order within each frame (a frame may hold several messages); returns the
/// number of agreeing rows and the mismatches.
fn compare(ours: &[Row], theirs: &[Row]) -> (usize, Vec<String>) {
    let mut agree = 0;
    let mut problems = Vec::new();
    let mut frames: Vec<u64> = ours.iter().chain(theirs).map(|r| r.frame).collect();
    frames.sort_unstable();
    frames.dedup();
    for f in frames {
        let a: Vec<&Row> = ours.iter().filter(|r| r.frame == f).collect();
        let b: Vec<&Row> = theirs.iter().filter(|r| r.frame == f).collect();
        for k in 0..a.len().max(b.len()) {
            match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => {
                    let d = differences(x, y);
                    if d.is_empty() {
                        agree += 1;
                    } else {
                        problems.push(format!("frame {f} #{k}: {}", d.join("; ")));
                    }
                }
                (Some(x), None) => problems.push(format!(
                    "frame {f} #{k}: only ctiscope has {} {}",
                    x.kind, x.call_id
                )),
                (None, Some(y)) => problems.push(format!(
                    "frame {f} #{k}: only tshark has {} {}",
                    y.kind, y.call_id
                )),
                (None, None) => {}
            }
        }
    }
    (agree, problems)
}

#[test]
fn sip_messages_agree_with_tshark() {
    let dir = reference_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("no SIP reference at {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let mut failed = Vec::new();
    let mut compared = 0;
    for tsv in files {
        let id = tsv
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let Some(capture) = capture_of(&id) else {
            // Only a corpus capture can be absent (a clone without ../shared); the fixtures are
            // in the repository and must be found.
            assert!(id.starts_with("real__"), "{id}: fixture not found in tests/captures/sip");
            assert!(std::env::var_os("CTISCOPE_REQUIRE_SHARED").is_none(), "{id}: corpus capture missing");
            eprintln!("{id}: corpus capture not found (no ../shared/corpus), not compared");
            continue;
        };
        let theirs = parse_tsv(&std::fs::read_to_string(&tsv).unwrap());
        let bytes = std::fs::read(&capture).unwrap();
        let report = match ctiscope::analyze_bytes(&bytes) {
            Ok(r) => r,
            Err(e) => {
                failed.push(format!("{id}: not analysed: {e}"));
                continue;
            }
        };
        let ours: Vec<Row> = report
            .messages
            .iter()
            .filter(|m| m.protocol == Protocol::Sip)
            .map(|m| row_of(&m))
            .collect();
        let (agree, problems) = compare(&ours, &theirs);
        let total = ours.len().max(theirs.len());
        compared += 1;
        let share = if total == 0 {
            1.0
        } else {
            agree as f64 / total as f64
        };
        eprintln!("{id}: {agree}/{total} rows agree ({:.1} %)", share * 100.0);
        for p in &problems {
            eprintln!("  {p}");
        }
        if share < 0.95 {
            failed.push(format!("{id}: {agree}/{total} rows agree"));
        }
    }
    eprintln!("{compared} captures compared");
    assert!(compared >= 2, "the SIPp fixtures at least");
    assert!(
        failed.is_empty(),
        "below 95 % agreement with tshark:\n{}",
        failed.join("\n")
    );
}

#[test]
fn comparison_aligns_by_frame() {
    let row = |frame, kind: &str| Row {
        frame,
        kind: kind.into(),
        call_id: "c".into(),
        from: "<sip:a@h>;tag=1".into(),
        to: "<sip:b@h>".into(),
        cseq: "1 INVITE".into(),
    };
    let theirs = vec![row(1, "INVITE"), row(2, "180"), row(3, "200")];
    let mut ours = vec![row(1, "INVITE"), row(3, "200")];
    ours[1].to = "<sip:b@h>;  tag=x".into();
    let (agree, problems) = compare(&ours, &theirs);
    assert_eq!(agree, 1);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        parse_tsv("frame\tkind\tcall_id\tfrom\tto\tcseq\n4\tREGISTER\tx\tf\tt\t1 REGISTER\n").len(),
        1
    );
}
