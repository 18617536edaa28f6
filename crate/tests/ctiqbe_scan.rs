//! `scan_frame` against `decode_frame`: for every CTIQBE frame the engine finds in the real
//! captures (`tests/captures/jtapi-client`), the synthetic sample, the hostile sample and a
//! generated capture, and for many thousands of mutations of those frames, the scan reports the
//! same pdu, name, class, protocol version and seq as the full decode, and `clean` exactly when
//! the decode has no error and no anomaly.
//!
//! The mutation corpus must make the decoder report every kind of problem it knows, each one
//! alone in at least one frame (so a scan that missed that one check would say "clean" there
//! and fail): [`SITES`] lists them, [`sites`] classifies a decode's problems and fails on any it
//! does not know.
//!
//! The same frames check `tagged_values` (the inventory's tags-only reading) against the
//! values the decode's tagged spans give, and `clean_fields` and `top_field` (what a session
//! learns from) against the decode's field tree.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ctiscope::model::{Direction, Protocol, Tag};
use ctiscope::proto::ctiqbe::schema::{Kind, PduId, Slot};
use ctiscope::findings::ctx::{field_in, spans_tagged};
use ctiscope::proto::ctiqbe::decode::{clean_fields, tagged_ranges, tagged_values, top_bytes, top_field};
use ctiscope::proto::ctiqbe::{decode_frame, scan_frame, Decoded};

fn captures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/captures/jtapi-client")
}

/// Every CTIQBE message the engine decodes from `capture`, as (direction, frame bytes).
fn frames_of(capture: &[u8]) -> Vec<(Direction, Vec<u8>)> {
    let report = ctiscope::analyze_bytes(capture).expect("a capture");
    report
        .messages
        .iter()
        .filter(|m| m.protocol == Protocol::Ctiqbe)
        .map(|m| (m.direction, m.raw))
        .collect()
}

fn real_frames() -> Vec<(Direction, Vec<u8>)> {
    let dir = captures_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("pcap" | "pcapng")
            )
        })
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no capture in {}", dir.display());
    paths
        .iter()
        .flat_map(|p| frames_of(&std::fs::read(p).unwrap()))
        .collect()
}

fn generated_frames() -> Vec<(Direction, Vec<u8>)> {
    let mut file = Vec::new();
    ctiscope::synth::generate::write_capture(&mut file, 2 << 20, 11).unwrap();
    frames_of(&file)
}

fn other(dir: Direction) -> Direction {
    match dir {
        Direction::ToServer => Direction::ToClient,
        Direction::ToClient => Direction::ToServer,
    }
}

const NUMBERS: &[Tag] = &[Tag::CallingNumber, Tag::CalledNumber];

/// Asserts that the scan agrees with the decode; returns the decode.
fn agree(frame: &[u8], dir: Direction) -> Decoded {
    let d = decode_frame(frame, dir);
    let s = scan_frame(frame, dir);
    let what = || format!("{dir:?} frame {}", hex(frame));
    assert_eq!(s.pdu, d.pdu, "pdu of {}", what());
    assert_eq!(s.name.to_string(), d.name, "name of {}", what());
    assert_eq!(s.class, d.class, "class of {}", what());
    assert_eq!(
        s.protocol_version,
        d.protocol_version,
        "version of {}",
        what()
    );
    assert_eq!(s.seq, d.seq, "seq of {}", what());
    assert_eq!(
        s.clean,
        d.errors.is_empty() && d.anomalies.is_empty(),
        "clean of {}: errors {:?}, anomalies {:?}",
        what(),
        d.errors,
        d.anomalies
    );
    // A clean frame's lean field tree (what sessions learn from) is the decode's tree.
    if s.clean {
        assert_eq!(clean_fields(frame, dir), d.fields, "clean_fields of {}", what());
        // Each top-level field read alone (what a session reads) is the tree's: every slot of
        // the PDU, and a name the PDU does not have is none.
        let slots = PduId(d.pdu).def().map(|def| def.slots).unwrap_or(&[]);
        for slot in slots {
            assert_eq!(top_field(frame, dir, slot.name).as_ref(), d.fields.get(slot.name), "top_field {} of {}", slot.name, what());
            // A byte array's bytes: the tree's hex, or none where the tree has null.
            if matches!(slot.kind, Kind::Bytes) {
                let got = top_bytes(frame, slot.name).map(|b| b.iter().map(|x| format!("{x:02x}")).collect::<String>());
                assert_eq!(got.as_deref(), d.fields.get(slot.name).and_then(|v| v.as_str()), "top_bytes {} of {}", slot.name, what());
            }
        }
        assert_eq!(top_field(frame, dir, "noSuchField"), None);
    }
    // The tags-only reading gives exactly the values the spans of the decode give, or declines
    // (then the caller decodes whole): only for a frame with problems or a tagged value that
    // is a structure, an array element or a boolean.
    let want = spans_tagged(&d.fields, &d.spans);
    // Only the wanted tags are rendered: a walk for the numbers alone gives the numbers alone.
    if let Some(numbers) = tagged_values(frame, dir, NUMBERS) {
        let expected: Vec<_> = want.iter().filter(|t| NUMBERS.contains(&t.tag)).cloned().collect();
        assert_eq!(numbers, expected, "calling/called numbers of {}", what());
    }
    // Their places alone: the same frames, order and ranges; a byte array's value is the hex
    // of its range.
    let ranges = tagged_ranges(frame, dir, &Tag::ALL);
    let values = tagged_values(frame, dir, &Tag::ALL);
    assert_eq!(
        ranges,
        values.as_ref().map(|v| v.iter().map(|t| (t.tag, t.start, t.end)).collect::<Vec<_>>()),
        "tagged ranges of {}",
        what()
    );
    for t in values.iter().flatten().filter(|t| t.tag == Tag::Certificate) {
        let full: String = frame[t.start as usize..t.end as usize].iter().map(|x| format!("{x:02x}")).collect();
        assert_eq!(full, t.value, "certificate bytes of {}", what());
    }
    match values {
        Some(got) => assert_eq!(got, want, "tagged values of {}", what()),
        None => {
            let renderable = d.spans.iter().filter(|sp| sp.tag.is_some()).all(|sp| {
                !matches!(
                    field_in(&d.fields, &sp.path),
                    Some(serde_json::Value::Object(_) | serde_json::Value::Array(_) | serde_json::Value::Bool(_))
                )
            });
            assert!(
                !s.clean || !renderable,
                "tagged_values declined a clean frame whose tagged values are all text or numbers: {}",
                what()
            );
        }
    }
    d
}

fn hex(b: &[u8]) -> String {
    let shown: String = b.iter().take(256).map(|x| format!("{x:02x}")).collect();
    if b.len() > 256 {
        format!("{shown}… ({} bytes)", b.len())
    } else {
        shown
    }
}

/// Checks every frame in its own direction and the other one; returns (frames, unclean).
fn all_agree(frames: &[(Direction, Vec<u8>)]) -> (usize, usize) {
    let mut unclean = 0;
    for (dir, f) in frames {
        let d = agree(f, *dir);
        if !d.errors.is_empty() || !d.anomalies.is_empty() {
            unclean += 1;
        }
        agree(f, other(*dir));
    }
    (frames.len(), unclean)
}

#[test]
fn real_captures_agree() {
    let frames = real_frames();
    let (n, unclean) = all_agree(&frames);
    // 414 messages in the 13 captures; a few carry the fake server's known defects.
    assert!(n >= 400, "{n} frames");
    assert!(unclean > 0 && unclean < n, "{unclean} of {n} unclean");
}

#[test]
fn synthetic_sample_agrees() {
    let (n, _) = all_agree(&frames_of(&ctiscope::synth::sample::capture()));
    assert!(n > 10, "{n} frames");
    let session: Vec<(Direction, Vec<u8>)> = ctiscope::synth::sample::ctiqbe_session()
        .into_iter()
        .map(|(from_client, f)| {
            let dir = if from_client {
                Direction::ToServer
            } else {
                Direction::ToClient
            };
            (dir, f)
        })
        .collect();
    all_agree(&session);
}

#[test]
fn hostile_sample_agrees() {
    let (n, _) = all_agree(&frames_of(&ctiscope::synth::hostile::capture()));
    assert!(n > 10, "{n} frames");
}

#[test]
fn generated_capture_agrees() {
    let (n, _) = all_agree(&generated_frames());
    assert!(n > 100, "{n} frames");
}

// ---- problems the decoder reports -------------------------------------------------------

/// Every kind of problem `decode_frame` reports (one per check in `decode.rs`; an
/// out-of-frame reference per kind of reference).
const SITES: &[&str] = &[
    "short_header",
    "unknown_pdu",
    "empty_slot_pdu",
    "straddling_descriptor",
    "out_of_frame:descriptor",
    "out_of_frame:slot",
    "out_of_frame:string",
    "out_of_frame:byte array",
    "out_of_frame:UnicodeString",
    "out_of_frame:array element",
    "out_of_frame:u32 array",
    "bad_boolean",
    "unicode_count_0",
    "u32_element_size",
    "array_count_limit",
    "generic_slot_limit",
    "array_extent",
    "budget",
    "span_limit",
];

/// The problems of a decode, by site. Panics on an error or anomaly it cannot place, so a new
/// check in the decoder must be added here (and reached by the corpus).
fn sites(d: &Decoded) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in &d.errors {
        // The last entry of a long list counts the errors not listed: not a check of its own.
        if e.starts_with("and ") && e.contains(" more errors, not listed") {
            continue;
        }
        let site = if e.contains("is shorter than its header") {
            "short_header".to_string()
        } else if e.contains("extends past fixedPartLength") {
            "straddling_descriptor".to_string()
        } else if e.contains("lies outside the") {
            // "{path}: {what} at {start}..{end} lies outside the …"
            let what = e
                .split_once(": ")
                .and_then(|(_, rest)| rest.split_once(" at "))
                .map(|(what, _)| what)
                .unwrap_or_else(|| panic!("unexpected out-of-frame error {e:?}"));
            format!("out_of_frame:{what}")
        } else if e.contains("invalid boolean") {
            "bad_boolean".to_string()
        } else if e.contains("UnicodeString count 0 from the server") {
            "unicode_count_0".to_string()
        } else if e.contains("for u32 elements") {
            "u32_element_size".to_string()
        } else if e.contains("exceeds the limit of") {
            "array_count_limit".to_string()
        } else if e.contains("elements read at elementSize strides") {
            "array_extent".to_string()
        } else if e.contains("more unknown slots not shown") {
            "generic_slot_limit".to_string()
        } else if e.contains("per-message budget") {
            "budget".to_string()
        } else if e.contains("later spans not kept") {
            "span_limit".to_string()
        } else {
            panic!("unclassified error {e:?}")
        };
        assert!(
            SITES.contains(&site.as_str()),
            "unknown site {site} from {e:?}"
        );
        out.insert(site);
    }
    for a in &d.anomalies {
        let site = match a.kind.as_str() {
            "ctiqbe.unknown_pdu" if a.detail.contains("outside the client's table") => {
                "unknown_pdu"
            }
            "ctiqbe.unknown_pdu" if a.detail.contains("empty slot") => "empty_slot_pdu",
            // These come with an error of the same site (classified above).
            "ctiqbe.bad_boolean" | "ctiqbe.out_of_frame_reference" | "ctiqbe.limit" => continue,
            _ => panic!("unclassified anomaly {a:?}"),
        };
        out.insert(site.to_string());
    }
    out
}

// ---- frames built to reach the limits ---------------------------------------------------

/// A frame: 32-byte header, `fixed` words, then `var` (offsets in `fixed` are absolute).
fn frame(pdu: u32, fixed: &[u32], var: &[u8]) -> Vec<u8> {
    let fixed_len = fixed.len() * 4;
    let total = 32 + fixed_len + var.len();
    let mut f = Vec::with_capacity(total);
    for w in [
        (total - 8) as u32,
        0,
        0xFFFF_DDDD,
        0x0011_0000,
        pdu,
        32,
        fixed_len as u32,
        var.len() as u32,
    ] {
        f.extend_from_slice(&w.to_le_bytes());
    }
    for w in fixed {
        f.extend_from_slice(&w.to_le_bytes());
    }
    f.extend_from_slice(var);
    f
}

/// Frames that each make the decoder report one problem the mutations of real frames cannot
/// reach (limits and budgets need large, specially shaped messages), plus a clean one.
fn limit_frames() -> Vec<(Direction, Vec<u8>, &'static str)> {
    let mut out = Vec::new();
    // MultiMediaStreamsInfoEvent.videoStreamsInfo: 1024 elements of unknown layout, 16 bytes
    // each (four generic slots): 5 spans per element, more than MAX_SPANS in all, far below
    // the budget.
    let fixed_len = 32u32;
    let data_at = 32 + fixed_len;
    out.push((
        Direction::ToClient,
        frame(
            302,
            &[1, 2, 3, 1, data_at, 16 * 1024, 1024, 16],
            &vec![0; 16 * 1024],
        ),
        "span_limit",
    ));
    // DeviceLineInfoEvent.lineInfo: 1024 LineInfo of elementSize 4 (only `name` read, null):
    // 19 values and 2 spans per element, over MAX_VALUES_PER_MESSAGE.
    let mut fixed = vec![0u32; 26];
    fixed[0] = 7; // requestId
    let data_at = 32 + 26 * 4;
    fixed[16..20].copy_from_slice(&[data_at, 4 * 1024, 1024, 4]);
    out.push((
        Direction::ToClient,
        frame(279, &fixed, &vec![0; 4 * 1024 + 4]),
        "budget",
    ));
    // The same with 20 elements of elementSize 8 whose `name` all reference one 60 000-byte
    // string: 1.2 MB of text, over MAX_OUTPUT_BYTES_PER_MESSAGE.
    let mut fixed = vec![0u32; 26];
    fixed[0] = 8;
    let big_at = 32 + 26 * 4;
    let elems_at = big_at + 60_001;
    fixed[16..20].copy_from_slice(&[elems_at, 8 * 20, 20, 8]);
    let mut var = vec![b'x'; 60_000];
    var.push(0);
    for _ in 0..20 {
        var.extend_from_slice(&big_at.to_le_bytes());
        var.extend_from_slice(&60_001u32.to_le_bytes());
    }
    out.push((Direction::ToClient, frame(279, &fixed, &var), "budget"));
    // CallStopAnnouncementRequest (layout unknown, ctiqbe-wire-2 §7): 275 generic slots, over
    // MAX_GENERIC_SLOTS.
    out.push((
        Direction::ToServer,
        frame(305, &[0; 275], &[]),
        "generic_slot_limit",
    ));
    // CallJoinRequest.otherCalls: two 8-byte elements under a totalLength of 5 (ctiqbe-wire-2
    // §2: the client reads them at elementSize strides anyway).
    let data_at = 32 + 36;
    out.push((
        Direction::ToServer,
        frame(174, &[12, 1, 144, 1, 9001, data_at, 5, 2, 8], &[0; 16]),
        "array_extent",
    ));
    // CallJoinRequest.otherCalls: count 2000 (> MAX_ARRAY_ELEMENTS), 1024 elements in frame.
    let data_at = 32 + 36;
    out.push((
        Direction::ToServer,
        frame(
            174,
            &[12, 1, 144, 1, 9001, data_at, 8 * 2000, 2000, 8],
            &vec![0; 8 * 1024],
        ),
        "array_count_limit",
    ));
    // CallPlayDtmfRequest.dtmfDigits: count 2000 u32 values, 1024 in frame.
    let data_at = 32 + 40;
    out.push((
        Direction::ToServer,
        frame(
            68,
            &[10, 1, 144, 1, 9001, data_at, 8000, 2000, 4, 0],
            &vec![1; 4096],
        ),
        "array_count_limit",
    ));
    // ProviderOpenCompletedEvent whose loginUserName (UnicodeString @48) has count 0.
    let fixed = [
        0,
        1,
        0,
        0,
        30,
        30,
        0,
        0,
        0,
        0x0100_0007,
        0,
        0,
        112,
        0,
        0,
        2,
        u32::MAX,
        0,
        0,
        0,
    ];
    out.push((
        Direction::ToClient,
        frame(126, &fixed, &[]),
        "unicode_count_0",
    ));
    // CallStopAnnouncementRequest (layout unknown) with its fixed part beyond the frame: a
    // generic slot outside it.
    let mut f = frame(305, &[5], &[]);
    f[20..24].copy_from_slice(&0x1000u32.to_le_bytes());
    out.push((Direction::ToServer, f, "out_of_frame:slot"));
    // DeviceChangeEventFilterResponse whose fixed part is cut after two of its four words.
    let mut f = frame(21, &[6, 0, 1, 38], &[]);
    f.truncate(40);
    out.push((Direction::ToClient, f, "out_of_frame:descriptor"));
    out
}

// ---- mutations --------------------------------------------------------------------------

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}

fn put(f: &mut [u8], at: usize, v: u32) {
    if let Some(w) = f.get_mut(at..at + 4) {
        w.copy_from_slice(&v.to_le_bytes());
    }
}

fn word(f: &[u8], at: usize) -> u32 {
    f.get(at..at + 4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .unwrap_or(0)
}

/// Values that sit on the decoder's boundaries for frame `f`.
fn interesting(rng: &mut Rng, f: &[u8]) -> u32 {
    let len = f.len() as u32;
    let (any, small) = (rng.next() as u32, (rng.next() % 0x1_0000) as u32);
    *rng.pick(&[
        0,
        1,
        2,
        3,
        4,
        8,
        0x20,
        len.wrapping_sub(1),
        len,
        len.wrapping_add(1),
        len.wrapping_add(7),
        1024,
        1025,
        0x7FFF_FFFF,
        0x8000_0000,
        0xFFFF_FFFE,
        0xFFFF_FFFF,
        any,
        small,
    ])
}

/// The top-level slots of the frame's PDU.
fn slots_of(f: &[u8]) -> &'static [Slot] {
    PduId(word(f, 16)).def().map(|d| d.slots).unwrap_or(&[])
}

fn mutate(rng: &mut Rng, f: &mut Vec<u8>) {
    let fixed_at = word(f, 20) as usize;
    match rng.below(10) {
        // Flip a bit.
        0 => {
            if !f.is_empty() {
                let i = rng.below(f.len());
                f[i] ^= 1 << rng.below(8);
            }
        }
        // A random byte.
        1 => {
            if !f.is_empty() {
                let i = rng.below(f.len());
                f[i] = rng.next() as u8;
            }
        }
        // Truncate (sometimes into the header).
        2 => {
            let n = if rng.below(4) == 0 {
                rng.below(33)
            } else {
                rng.below(f.len() + 1)
            };
            f.truncate(n);
        }
        // A header length or offset word.
        3 => {
            let at = *rng.pick(&[0usize, 20, 24, 28]);
            let v = interesting(rng, f);
            put(f, at, v);
        }
        // A word of a top-level descriptor (string offset/length, struct size, array count…).
        4 => {
            let slots = slots_of(f);
            if !slots.is_empty() {
                let slot = rng.pick(slots);
                let words = (slot.kind.width() / 4).max(1) as usize;
                let at = fixed_at + slot.offset as usize + 4 * rng.below(words);
                let v = interesting(rng, f);
                put(f, at, v);
            }
        }
        // A top-level boolean that is neither 0, 1 nor 0xFFFFFFFF.
        5 => {
            let bools: Vec<&Slot> = slots_of(f)
                .iter()
                .filter(|s| matches!(s.kind, Kind::Bool))
                .collect();
            if !bools.is_empty() {
                let slot = rng.pick(&bools);
                let any = rng.next() as u32 | 2;
                let v = *rng.pick(&[2u32, 3, 0x100, 0x8000_0000, 0xFFFF_FFFE, any]);
                put(f, fixed_at + slot.offset as usize, v);
            }
        }
        // Another PDU (the table, its empty slots, or beyond it).
        6 => {
            let pdu = rng.below(330) as u32;
            put(f, 16, pdu);
        }
        // Any aligned word after the header (reaches nested descriptors and booleans).
        7 => {
            if f.len() > 32 {
                let at = 32 + 4 * rng.below((f.len() - 32) / 4 + 1);
                let v = interesting(rng, f);
                put(f, at, v);
            }
        }
        // Grow or shrink the fixed part by whole slots.
        8 => {
            let fixed_len = word(f, 24);
            let v = if rng.below(2) == 0 {
                fixed_len.wrapping_add(4 * (1 + rng.below(4)) as u32)
            } else {
                fixed_len.saturating_sub(4 * (1 + rng.below(4)) as u32)
            };
            put(f, 24, v);
        }
        // Random bytes appended.
        _ => {
            for _ in 0..rng.below(64) {
                f.push(rng.next() as u8);
            }
        }
    }
}

#[test]
fn mutated_frames_agree_and_reach_every_problem() {
    let mut seeds: Vec<(Direction, Vec<u8>)> = real_frames();
    seeds.extend(frames_of(&ctiscope::synth::sample::capture()));
    seeds.extend(frames_of(&ctiscope::synth::hostile::capture()));
    seeds.sort();
    seeds.dedup();
    assert!(seeds.len() > 20, "{} seed frames", seeds.len());

    // How often each site was the only problem of a frame, and how often it was seen at all.
    let mut alone: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut record = |d: &Decoded| {
        let s = sites(d);
        if s.len() == 1 {
            *alone.entry(s.iter().next().unwrap().clone()).or_default() += 1;
        }
        for site in s {
            *seen.entry(site).or_default() += 1;
        }
    };

    for (dir, f, site) in limit_frames() {
        let d = agree(&f, dir);
        assert_eq!(
            sites(&d).into_iter().collect::<Vec<_>>(),
            vec![site.to_string()],
            "{:?}",
            d.errors
        );
        record(&d);
        agree(&f, other(dir));
        seeds.push((dir, f));
    }

    let mut rng = Rng(0x5EED_C71B_E000_0001);
    let iterations = 30_000;
    let (mut unclean, mut clean) = (0usize, 0usize);
    for _ in 0..iterations {
        let (dir, base) = rng.pick(&seeds).clone();
        let mut f = base;
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut f);
        }
        let dir = if rng.below(8) == 0 { other(dir) } else { dir };
        let d = agree(&f, dir);
        if d.errors.is_empty() && d.anomalies.is_empty() {
            clean += 1;
        } else {
            unclean += 1;
        }
        record(&d);
    }
    eprintln!("{clean} clean, {unclean} unclean mutated frames");
    eprintln!("alone: {alone:?}");
    eprintln!("seen: {seen:?}");
    let missing: Vec<&&str> = SITES.iter().filter(|s| !alone.contains_key(**s)).collect();
    assert!(
        missing.is_empty(),
        "never the only problem of a frame: {missing:?} (alone: {alone:?})"
    );
    // Both outcomes are well represented.
    assert!(
        clean > iterations / 20 && unclean > iterations / 4,
        "{clean} clean, {unclean} unclean"
    );
}
