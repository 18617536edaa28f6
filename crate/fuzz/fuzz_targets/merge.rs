//! Several files merged (`MultiEngine`) over arbitrary bytes: the input as one file and its first
//! third as another (a truncated copy: duplicates, a cut record, or not a capture at all). The
//! merged report must not depend on the chunk sizes, and a bad first file must not stop the
//! second: when the input alone reads as a capture, the merge reads too.
#![no_main]

use ctiscope::engine::analyze_merged_in_chunks;
use ctiscope::{analyze_bytes, Error};
use libfuzzer_sys::fuzz_target;

fn kind(e: &Error) -> std::mem::Discriminant<Error> {
    std::mem::discriminant(e)
}

fuzz_target!(|data: &[u8]| {
    let cut = &data[..data.len() / 3];
    let files = [("cut.pcap", cut), ("whole.pcap", data)];
    let big = analyze_merged_in_chunks(&files, 1 << 20);
    let small = analyze_merged_in_chunks(&files, 61);
    match (&big, &small) {
        (Ok(a), Ok(b)) => {
            let a = serde_json::to_string(a).expect("report serialises");
            let b = serde_json::to_string(b).expect("report serialises");
            assert_eq!(a, b, "merged report differs with the chunk size");
        }
        (Err(a), Err(b)) => assert_eq!(kind(a), kind(b), "{a} vs {b}"),
        _ => panic!(
            "1 MiB chunks {:?} but 61-byte chunks {:?}",
            big.as_ref().err(),
            small.as_ref().err()
        ),
    }
    if analyze_bytes(data).is_ok() {
        let report = big.expect("the second file alone is a capture, so the merge reads");
        let dups = report.stats.duplicate_packets;
        assert!(dups <= report.capture.files[0].packets, "{dups} duplicates");
    }
});
