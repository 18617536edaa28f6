//! TLS (merged from main): the handshake/alert/certificate parsers on the input, and the record
//! `Framer` and session `Decoder` fed it in pieces, with gaps, chosen by the input.
//!
//! Input: byte 0's low 3 bits `k`, then `k` plan bytes, then the stream (the plan is the one of
//! the `ctiqbe_frame` target: `(b & 0x3f) + 1` bytes, bit 7 a gap, bit 6 the other direction).
//!
//! Checked: no panic; the framer's records do not depend on the piece sizes.
#![no_main]

use ctiscope::model::Direction;
use ctiscope::proto::tls::handshake::{parse_alert, parse_handshake};
use ctiscope::proto::tls::record::{Framer, HandshakeBuffer, Item};
use ctiscope::proto::tls::{CertSummary, Decoder};
use ctiscope::proto::{FlowDecoder, Output, PacketCtx};
use libfuzzer_sys::fuzz_target;

fn framed(stream: &[u8], piece: usize) -> Vec<Item> {
    let mut framer = Framer::default();
    let mut items = Vec::new();
    for p in stream.chunks(piece.max(1)) {
        framer.push(p, &mut items);
    }
    items
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else { return };
    let k = usize::from(head & 7).min(rest.len());
    let (spec, stream) = rest.split_at(k);

    let _ = parse_handshake(stream);
    let _ = parse_alert(stream);
    if let Some(c) = CertSummary::parse(stream) {
        let _ = c.describe();
    }

    let whole = framed(stream, stream.len());
    let piece = spec.first().map_or(1, |&b| usize::from(b & 0x3f) + 1);
    assert_eq!(framed(stream, piece), whole, "records depend on the piece size {piece}");
    let mut hs = HandshakeBuffer::default();
    let mut msgs = Vec::new();
    for item in &whole {
        if let Item::Record(r) = item {
            if hs.push(r.stream_offset, &r.payload, &mut msgs).is_err() {
                break;
            }
        }
    }
    for m in &msgs {
        let _ = parse_handshake(&m.raw);
    }

    let mut decoder = Decoder::new();
    let mut out = Output::default();
    let mut at = 0usize;
    let mut i = 0usize;
    while at < stream.len() {
        let b = spec.get(i % spec.len().max(1)).copied().unwrap_or(0x3f);
        let n = usize::from(b & 0x3f) + 1;
        let end = stream.len().min(at + n);
        let ctx = PacketCtx { frame: i as u64 + 1, ts_ns: i as i64, wire_len: 0 };
        let dir = if b & 0x40 != 0 { Direction::ToClient } else { Direction::ToServer };
        if b & 0x80 != 0 {
            decoder.on_gap(dir, (end - at) as u64, &ctx, &mut out);
        } else {
            decoder.on_data(dir, &stream[at..end], &ctx, &mut out);
        }
        at = end;
        i += 1;
    }
    decoder.on_close(&PacketCtx::default(), &mut out);
    let _ = serde_json::to_string(&decoder.session_info());
    let _ = serde_json::to_string(&out.messages);
});
