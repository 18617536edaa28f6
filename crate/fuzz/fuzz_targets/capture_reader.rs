//! The whole engine over arbitrary bytes, fed in chunk sizes chosen by the input, then checked
//! against a one-shot run: the report must not depend on how the file was sliced
//! (DEVELOPERS.md, "The report is deterministic").
//!
//! Input layout: when the first byte `k` is below 8 (no capture, gzip or pcapng signature starts
//! that low) the next `k` bytes give the chunk sizes and the capture follows; otherwise the whole
//! input is the capture, sliced by a default pattern. So raw captures (the shared ones, passed as
//! extra corpus directories) are valid inputs as they are.
#![no_main]

use ctiscope::{analyze_bytes, Engine, Error};
use libfuzzer_sys::fuzz_target;

const DEFAULT_SPEC: &[u8] = &[0x9f, 0x00, 0x0c, 0x83];

/// One spec byte as a chunk size: 1..=128 bytes, or 512-byte steps up to 64 KiB.
fn chunk_len(b: u8) -> usize {
    if b < 128 {
        usize::from(b) + 1
    } else {
        (usize::from(b) - 127) * 512
    }
}

fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.first() {
        Some(&k) if k < 8 => {
            let k = usize::from(k);
            let rest = &data[1..];
            let k = k.min(rest.len());
            (&rest[..k], &rest[k..])
        }
        _ => (DEFAULT_SPEC, data),
    }
}

fn chunked(spec: &[u8], capture: &[u8]) -> Result<ctiscope::Report, Error> {
    let mut engine = Engine::default();
    let mut at = 0usize;
    let mut i = 0usize;
    while at < capture.len() {
        let len = if spec.is_empty() { capture.len() } else { chunk_len(spec[i % spec.len()]) };
        let end = capture.len().min(at + len);
        engine.push(&capture[at..end])?;
        at = end;
        i += 1;
    }
    engine.finish()
}

/// Errors compared by kind: `NotACapture` quotes what was buffered when it was noticed.
fn kind(e: &Error) -> std::mem::Discriminant<Error> {
    std::mem::discriminant(e)
}

fuzz_target!(|data: &[u8]| {
    let (spec, capture) = split(data);
    let whole = analyze_bytes(capture);
    let sliced = chunked(spec, capture);
    match (&whole, &sliced) {
        (Ok(a), Ok(b)) => {
            let a = serde_json::to_string(a).expect("report serialises");
            let b = serde_json::to_string(b).expect("report serialises");
            assert_eq!(a, b, "report differs with chunking {spec:?}");
        }
        (Err(a), Err(b)) => assert_eq!(kind(a), kind(b), "{a} vs {b}"),
        _ => panic!("one-shot {:?} but chunked {:?} (chunking {spec:?})", whole.as_ref().err(), sliced.as_ref().err()),
    }
});
