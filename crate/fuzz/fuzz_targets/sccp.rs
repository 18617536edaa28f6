//! SCCP: `decode_message` on the input as one message; the per-direction `Framer` and the
//! per-connection `Decoder` fed the same bytes in pieces, with gaps, chosen by the input.
//!
//! Input: byte 0's low 3 bits `k`, then `k` plan bytes, then the stream. A plan byte `b` is a
//! piece of `(b & 0x3f) + 1` bytes, or with bit 7 set a gap of that many bytes (skipped from
//! the stream); bit 6 sends the piece the other way (Decoder only). The plan repeats.
//!
//! Checked: no panic; every span lies inside its message; every message the framer yields has
//! a valid header of exactly its length and is the stream's bytes at its offset; the buffer
//! stays within its bound; without gaps the framer's output does not depend on the pieces.
#![no_main]

use ctiscope::model::Direction;
use ctiscope::proto::sccp::frame::{FramerItem, Header, RESYNC_CHUNK_LEN};
use ctiscope::proto::sccp::{decode_message, Decoder, Framer, DEFAULT_MAX_MESSAGE_LEN};
use ctiscope::proto::{FlowDecoder, Output, PacketCtx};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&k, rest)) = data.split_first() else { return };
    let k = usize::from(k & 7).min(rest.len());
    let (spec, stream) = rest.split_at(k);

    let d = decode_message(stream);
    for s in &d.spans {
        assert!(s.start <= s.end && s.end as usize <= stream.len(), "{s:?}");
    }

    // Framer, in pieces without gaps, against the whole stream at once.
    let mut whole = Vec::new();
    Framer::default().push(stream, &mut whole);
    let mut pieces = Vec::new();
    let mut f = Framer::default();
    let mut at = 0usize;
    let mut i = 0usize;
    while at < stream.len() {
        let n = spec.get(i % spec.len().max(1)).map_or(stream.len(), |&b| usize::from(b & 0x3f) + 1);
        let end = (at + n).min(stream.len());
        f.push(&stream[at..end], &mut pieces);
        assert!(f.buffered() <= DEFAULT_MAX_MESSAGE_LEN as usize + RESYNC_CHUNK_LEN);
        at = end;
        i += 1;
    }
    assert_eq!(whole, pieces);
    for item in &whole {
        if let FramerItem::Frame { stream_offset, bytes } = item {
            let h = Header::new_checked(bytes.as_slice()).unwrap();
            assert_eq!(h.check(DEFAULT_MAX_MESSAGE_LEN), Ok(bytes.len()));
            let o = *stream_offset as usize;
            assert_eq!(&stream[o..o + bytes.len()], bytes.as_slice());
        }
    }

    // Decoder, with gaps and both directions.
    let mut dec = Decoder::default();
    let mut out = Output::default();
    let ctx = PacketCtx { frame: 1, ts_ns: 0, wire_len: 0 };
    let (mut at, mut i) = (0usize, 0usize);
    while at < stream.len() {
        let b = spec.get(i % spec.len().max(1)).copied().unwrap_or(0x3f);
        let n = usize::from(b & 0x3f) + 1;
        let end = (at + n).min(stream.len());
        let dir = if b & 0x40 != 0 { Direction::ToClient } else { Direction::ToServer };
        if b & 0x80 != 0 {
            dec.on_gap(dir, (end - at) as u64, &ctx, &mut out);
        } else {
            dec.on_data(dir, &stream[at..end], &ctx, &mut out);
        }
        at = end;
        i += 1;
    }
    dec.on_close(&ctx, &mut out);
    let _ = dec.sessions();
    for m in &out.compact {
        let _ = m.decode();
    }
});
