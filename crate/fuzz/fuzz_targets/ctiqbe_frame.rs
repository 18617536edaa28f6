//! CTIQBE: `decode_frame` and `scan_frame` on one frame in both directions; the per-direction
//! `Framer` and the per-connection `Decoder` fed the same bytes in pieces, with gaps, chosen by
//! the input.
//!
//! Input: byte 0's low 3 bits `k`, then `k` plan bytes, then the stream. A plan byte `b` is a
//! piece of `(b & 0x3f) + 1` bytes, or with bit 7 set a gap of that many bytes (skipped from the
//! stream); bit 6 sends the piece the other way (Decoder only). The plan repeats to the end.
//!
//! Checked: no panic; `scan_frame` agrees with `decode_frame` (pdu, name, class, version, seq,
//! and clean exactly when the decode has no error and no anomaly); on a clean frame the
//! one-field readers (`top_field`, `top_bytes`) give the decode's values, and `tagged_ranges`
//! the places `tagged_values` gives on any frame; every frame the framer
//! yields is a valid header of exactly its length and is the stream's bytes at its offset;
//! frames do not overlap; the buffer stays within its documented bound; without gaps the
//! framer's output does not depend on the piece sizes.
#![no_main]

use ctiscope::model::{Direction, Tag};
use ctiscope::proto::ctiqbe::decode::{tagged_ranges, tagged_values, top_bytes, top_field};
use ctiscope::proto::ctiqbe::schema::{Kind, PduId};
use ctiscope::proto::ctiqbe::frame::{FramerItem, Header, RESYNC_CHUNK_LEN};
use ctiscope::proto::ctiqbe::{decode_frame, scan_frame, Decoder, Framer, MAX_MESSAGE_LEN};
use ctiscope::proto::{FlowDecoder, Output, PacketCtx};
use libfuzzer_sys::fuzz_target;

#[derive(Clone, Copy)]
enum Step {
    Piece { len: usize, reverse: bool },
    Gap(usize),
}

fn plan(spec: &[u8], stream_len: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut at = 0usize;
    let mut i = 0usize;
    while at < stream_len {
        let step = match spec.get(i % spec.len().max(1)) {
            None => Step::Piece { len: stream_len, reverse: false },
            Some(&b) => {
                let n = usize::from(b & 0x3f) + 1;
                if b & 0x80 != 0 {
                    Step::Gap(n)
                } else {
                    Step::Piece { len: n, reverse: b & 0x40 != 0 }
                }
            }
        };
        at += match step {
            Step::Piece { len, .. } | Step::Gap(len) => len,
        };
        steps.push(step);
        i += 1;
    }
    steps
}

/// Runs the framer over the plan, checking its invariants; returns its output.
fn run_framer(stream: &[u8], steps: &[Step]) -> Vec<FramerItem> {
    let mut framer = Framer::new();
    let mut items = Vec::new();
    let mut at = 0usize;
    for step in steps {
        match *step {
            Step::Piece { len, .. } => {
                let end = stream.len().min(at + len);
                framer.push(&stream[at..end], &mut items);
                at = end;
            }
            Step::Gap(len) => {
                let end = stream.len().min(at + len);
                framer.gap((end - at) as u64, &mut items);
                at = end;
            }
        }
        assert!(
            framer.buffered() <= MAX_MESSAGE_LEN as usize + RESYNC_CHUNK_LEN,
            "framer buffers {} bytes",
            framer.buffered()
        );
        assert_eq!(framer.next_offset(), at as u64, "framer lost track of the stream offset");
    }
    framer.finish(&mut items);
    let mut prev_end = 0u64;
    for item in &items {
        if let FramerItem::Frame { stream_offset, bytes } = item {
            let header = Header::new_checked(bytes.as_slice()).expect("a frame holds a header");
            assert_eq!(header.check(), Ok(bytes.len()), "frame length disagrees with its header");
            assert!(*stream_offset >= prev_end, "frames overlap");
            let start = *stream_offset as usize;
            assert_eq!(stream.get(start..start + bytes.len()), Some(bytes.as_slice()), "frame is not the stream's bytes");
            prev_end = stream_offset + bytes.len() as u64;
        }
    }
    items
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else { return };
    let k = usize::from(head & 7).min(rest.len());
    let (spec, stream) = rest.split_at(k);

    for dir in [Direction::ToServer, Direction::ToClient] {
        let d = decode_frame(stream, dir);
        let _ = serde_json::to_string(&d.fields);
        let s = scan_frame(stream, dir);
        assert_eq!(s.pdu, d.pdu, "scan_frame pdu");
        assert_eq!(s.name.to_string(), d.name, "scan_frame name");
        assert_eq!(s.class, d.class, "scan_frame class");
        assert_eq!(s.protocol_version, d.protocol_version, "scan_frame protocol_version");
        assert_eq!(s.seq, d.seq, "scan_frame seq");
        assert_eq!(
            s.clean,
            d.errors.is_empty() && d.anomalies.is_empty(),
            "scan_frame clean: errors {:?}, anomalies {:?}",
            d.errors,
            d.anomalies
        );
        // The readers a session and the findings use on clean frames: never a panic on any
        // frame, and on a clean one exactly what the decode says.
        let slots = PduId(d.pdu).def().map(|def| def.slots).unwrap_or(&[]);
        for slot in slots {
            let field = top_field(stream, dir, slot.name);
            let bytes = top_bytes(stream, slot.name);
            if s.clean {
                assert_eq!(field.as_ref(), d.fields.get(slot.name), "top_field {}", slot.name);
                if matches!(slot.kind, Kind::Bytes) {
                    let hex: Option<String> = bytes.map(|b| b.iter().map(|x| format!("{x:02x}")).collect());
                    assert_eq!(hex.as_deref(), d.fields.get(slot.name).and_then(|v| v.as_str()), "top_bytes {}", slot.name);
                }
            }
        }
        let ranges = tagged_ranges(stream, dir, &Tag::ALL);
        let values = tagged_values(stream, dir, &Tag::ALL);
        assert_eq!(
            ranges,
            values.map(|v| v.iter().map(|t| (t.tag, t.start, t.end)).collect::<Vec<_>>()),
            "tagged_ranges"
        );
    }

    let steps = plan(spec, stream.len());
    let items = run_framer(stream, &steps);
    if !steps.iter().any(|s| matches!(s, Step::Gap(_))) {
        let whole = run_framer(stream, &[Step::Piece { len: stream.len(), reverse: false }]);
        assert_eq!(items, whole, "framer output depends on the piece sizes");
    }

    let mut decoder = Decoder::new();
    let mut out = Output::default();
    let mut at = 0usize;
    for (frame, step) in steps.iter().enumerate() {
        let ctx = PacketCtx { frame: frame as u64 + 1, ts_ns: frame as i64, wire_len: 0 };
        match *step {
            Step::Piece { len, reverse } => {
                let end = stream.len().min(at + len);
                let dir = if reverse { Direction::ToClient } else { Direction::ToServer };
                decoder.on_data(dir, &stream[at..end], &ctx, &mut out);
                at = end;
            }
            Step::Gap(len) => {
                let end = stream.len().min(at + len);
                decoder.on_gap(Direction::ToServer, (end - at) as u64, &ctx, &mut out);
                decoder.on_gap(Direction::ToClient, (end - at) as u64, &ctx, &mut out);
                at = end;
            }
        }
    }
    decoder.on_close(&PacketCtx::default(), &mut out);
    let _ = serde_json::to_string(&decoder.session_info());
    let _ = serde_json::to_string(&out.messages);
});
