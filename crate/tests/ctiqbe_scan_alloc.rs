//! `scan_frame` allocates nothing: a counting global allocator (per thread, so other tests of
//! this binary cannot disturb the count) around each call, over every CTIQBE frame of the real
//! captures, the synthetic and hostile samples, and corrupted copies of them (truncated, bytes
//! overwritten, other PDUs), clean or not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

use ctiscope::model::{Direction, Protocol};
use ctiscope::proto::ctiqbe::{decode_frame, scan_frame};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    ALLOCATIONS.with(|c| c.set(c.get() + 1));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the count is a
// thread-local `Cell` with a const initializer and no destructor, so it never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

fn frames_of(capture: &[u8]) -> Vec<(Direction, Vec<u8>)> {
    ctiscope::analyze_bytes(capture)
        .expect("a capture")
        .messages
        .iter()
        .filter(|m| m.protocol == Protocol::Ctiqbe)
        .map(|m| (m.direction, m.raw))
        .collect()
}

#[test]
fn scan_frame_allocates_nothing() {
    let mut frames = frames_of(&ctiscope::synth::sample::capture());
    frames.extend(frames_of(&ctiscope::synth::hostile::capture()));
    // A generated capture too, for volume.
    let mut generated = Vec::new();
    ctiscope::synth::generate::write_profile(
        &mut generated,
        256 << 10,
        5,
        ctiscope::synth::generate::Profile::Cti,
    )
    .unwrap();
    frames.extend(frames_of(&generated));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/captures/jtapi-client");
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pcap" || x == "pcapng") {
            frames.extend(frames_of(&std::fs::read(&p).unwrap()));
        }
    }
    // Corrupted copies: every length of a few, a byte overwritten in each, other PDUs.
    let mut corrupted = Vec::new();
    for (i, (d, f)) in frames.iter().enumerate() {
        let mut g = f.clone();
        let at = (i * 7919) % g.len();
        g[at] = g[at].wrapping_add(0x81);
        corrupted.push((*d, g));
        let mut g = f.clone();
        g[16..20].copy_from_slice(&((i as u32 * 37) % 340).to_le_bytes());
        corrupted.push((*d, g));
        if i % 16 == 0 {
            for n in 0..f.len() {
                corrupted.push((*d, f[..n].to_vec()));
            }
        }
    }
    frames.extend(corrupted);
    assert!(frames.len() > 1000, "{} frames", frames.len());

    let (mut clean, mut unclean) = (0u32, 0u32);
    for (d, f) in &frames {
        for dir in [*d, Direction::ToServer, Direction::ToClient] {
            let before = allocations();
            let s = scan_frame(f, dir);
            let after = allocations();
            assert_eq!(after - before, 0, "scan_frame allocated for {s:?}");
            if s.clean {
                clean += 1;
            } else {
                unclean += 1;
            }
        }
    }
    assert!(
        clean > 100 && unclean > 100,
        "{clean} clean, {unclean} unclean"
    );

    // The counter works: the full decode of the same frame allocates.
    let (d, f) = &frames[0];
    let before = allocations();
    let decoded = decode_frame(f, *d);
    assert!(allocations() > before, "{}", decoded.name);
}
