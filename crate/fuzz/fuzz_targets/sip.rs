//! SIP: the message parser and decoder on the input as one message, the stream framer fed it
//! in pieces, the datagram splitter, and the per-flow decoder over TCP (pieces, gaps, both
//! directions chosen by the input) and over UDP (the same pieces as datagrams).
//!
//! Input: byte 0's low 3 bits `k`, then `k` plan bytes, then the data (the plan is the one of
//! the `ctiqbe_frame` target: `(b & 0x3f) + 1` bytes, bit 7 a gap, bit 6 the other direction).
//!
//! Checked: no panic; every span lies inside its message; the framer's messages do not depend
//! on the piece sizes; a kept message decodes again with the numbers its entry recorded.
#![no_main]

use ctiscope::limits::Limits;
use ctiscope::model::Direction;
use ctiscope::proto::sip::frame::{split_datagram, Framer, Item};
use ctiscope::proto::sip::{decode, Decoder};
use ctiscope::proto::{FlowDecoder, Output, PacketCtx};
use ctiscope::report::Transport;
use libfuzzer_sys::fuzz_target;

const MAX: usize = 64 << 10;

fn framed(data: &[u8], piece: usize) -> Vec<Vec<u8>> {
    let mut f = Framer::new(MAX, 256);
    let mut items = Vec::new();
    for p in data.chunks(piece.max(1)) {
        f.push(p, &mut items);
    }
    f.finish(&mut items);
    items
        .into_iter()
        .filter_map(|i| match i {
            Item::Message { bytes, .. } => Some(bytes),
            _ => None,
        })
        .collect()
}

fn check_spans(raw: &[u8]) {
    let d = decode(raw, 256);
    for s in &d.spans {
        assert!(
            s.start <= s.end && s.end as usize <= raw.len(),
            "{s:?} outside {} bytes",
            raw.len()
        );
    }
    let _ = serde_json::to_string(&d.fields);
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let k = usize::from(head & 7).min(rest.len());
    let (spec, stream) = rest.split_at(k);

    check_spans(stream);
    let _ = ctiscope::proto::sip::probe(stream);

    let whole = framed(stream, stream.len());
    let piece = spec.first().map_or(1, |&b| usize::from(b & 0x3f) + 1);
    assert_eq!(
        framed(stream, piece),
        whole,
        "messages depend on the piece size {piece}"
    );
    for m in &whole {
        check_spans(m);
    }
    let mut items = Vec::new();
    split_datagram(stream, 0, MAX, 256, &mut items);

    for transport in [Transport::Tcp, Transport::Udp] {
        let limits = Limits {
            sip_max_slots: 8,
            sip_max_transactions: 8,
            ..Limits::default()
        };
        let mut decoder = Decoder::new(transport, &limits);
        let mut out = Output::default();
        let mut at = 0usize;
        let mut i = 0usize;
        while at < stream.len() {
            let b = spec.get(i % spec.len().max(1)).copied().unwrap_or(0x3f);
            let n = usize::from(b & 0x3f) + 1;
            let end = stream.len().min(at + n);
            let ctx = PacketCtx {
                frame: i as u64 + 1,
                ts_ns: i as i64 * 1000,
                wire_len: 0,
            };
            let dir = if b & 0x40 != 0 {
                Direction::ToClient
            } else {
                Direction::ToServer
            };
            match transport {
                Transport::Tcp if b & 0x80 != 0 => {
                    decoder.on_gap(dir, (end - at) as u64, &ctx, &mut out)
                }
                Transport::Tcp => decoder.on_data(dir, &stream[at..end], &ctx, &mut out),
                Transport::Udp => decoder.on_datagram(dir, &stream[at..end], &ctx, &mut out),
            }
            at = end;
            i += 1;
        }
        decoder.on_close(&PacketCtx::default(), &mut out);
        let _ = serde_json::to_string(&decoder.sessions());
        for c in &out.compact {
            let m = c.decode().expect("SIP has a codec");
            assert_eq!(
                (m.pdu, m.errors.is_empty()),
                (c.pdu, !c.has_errors),
                "{:?}",
                String::from_utf8_lossy(&c.raw)
            );
        }
    }
});
