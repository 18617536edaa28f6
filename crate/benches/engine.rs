//! Throughput of the engine's stages on a generated capture (`synth::generate`): the capture
//! reader alone, the link/IP/TCP layers with reassembly (CTIQBE decoding included: the full
//! pipeline), and the CTIQBE frame decoder on the sample session's messages (full decode and
//! scan, the tagged values alone and the lean field tree).
//! The SIP and SCCP decoders on the messages of the repository's fixtures (what a kept message
//! costs to decode again), and the full pipeline on the CTI-heavy profile.
//! `cargo bench -p ctiscope`; results and machine in docs/performance.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn generated(len: u64) -> Vec<u8> {
    let mut out = Vec::new();
    ctiscope::synth::generate::write_capture(&mut out, len, 7).expect("in-memory write");
    out
}

fn capture_reader(c: &mut Criterion) {
    let file = generated(32 << 20);
    let mut g = c.benchmark_group("capture_reader");
    g.throughput(Throughput::Bytes(file.len() as u64));
    g.sample_size(10);
    g.bench_function("pcap_records_1MiB_chunks", |b| {
        b.iter(|| {
            let mut r = ctiscope::capture::Reader::new();
            let mut n = 0u64;
            for chunk in file.chunks(1 << 20) {
                r.push(chunk, &mut |rec| n += rec.data.len() as u64)
                    .expect("a capture");
            }
            r.finish(&mut |rec| n += rec.data.len() as u64)
                .expect("a capture");
            black_box(n)
        })
    });
    g.finish();
}

fn full_analysis(c: &mut Criterion) {
    let file = generated(32 << 20);
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Bytes(file.len() as u64));
    g.sample_size(10);
    g.bench_function("full_analysis_mixed_capture", |b| {
        b.iter(|| {
            let mut e = ctiscope::Engine::default();
            for chunk in file.chunks(4 << 20) {
                e.push(chunk).expect("a capture");
            }
            black_box(e.finish().expect("a capture").stats.messages_decoded)
        })
    });
    g.finish();
}

/// The direction of a sample message (`from_client`: sent by the JTAPI client).
fn direction(from_client: bool) -> ctiscope::model::Direction {
    if from_client {
        ctiscope::model::Direction::ToServer
    } else {
        ctiscope::model::Direction::ToClient
    }
}

fn ctiqbe_decode(c: &mut Criterion) {
    let msgs = ctiscope::synth::sample::ctiqbe_session();
    let bytes: u64 = msgs.iter().map(|(_, m)| m.len() as u64).sum();
    let mut g = c.benchmark_group("ctiqbe");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("decode_sample_session", |b| {
        b.iter(|| {
            for (from_client, m) in &msgs {
                let dir = direction(*from_client);
                black_box(ctiscope::proto::ctiqbe::decode_frame(m, dir));
            }
        })
    });
    // The same messages through the scanning mode of the walk (what the engine keeps per
    // message at capture time).
    g.bench_function("scan_sample_session", |b| {
        b.iter(|| {
            for (from_client, m) in &msgs {
                let dir = direction(*from_client);
                black_box(ctiscope::proto::ctiqbe::scan_frame(black_box(m), dir));
            }
        })
    });
    // The cheaper readings issue 16 added: the tagged values alone (the inventory's walk over
    // every kept message) and the lean field tree (what sessions learned from until they read
    // their few fields one at a time with `top_field`; `engine/full_analysis_cti_capture`
    // measures that path).
    g.bench_function("tagged_values_sample_session", |b| {
        use ctiscope::model::Tag;
        const LISTED: &[Tag] = &[Tag::Login, Tag::ApplicationId, Tag::DeviceName, Tag::DirectoryNumber, Tag::CallingNumber, Tag::CalledNumber];
        b.iter(|| {
            for (from_client, m) in &msgs {
                let dir = direction(*from_client);
                black_box(ctiscope::proto::ctiqbe::decode::tagged_values(black_box(m), dir, LISTED));
            }
        })
    });
    g.bench_function("clean_fields_sample_session", |b| {
        b.iter(|| {
            for (from_client, m) in &msgs {
                let dir = direction(*from_client);
                black_box(ctiscope::proto::ctiqbe::decode::clean_fields(black_box(m), dir));
            }
        })
    });
    g.finish();
}

/// The kept messages of `protocol` in a fixture of `tests/captures`: (the store's entry, bytes).
fn fixture_messages(path: &str, protocol: ctiscope::model::Protocol) -> Vec<(ctiscope::store::Entry, Vec<u8>)> {
    let file = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).expect("fixture");
    let r = ctiscope::analyze_bytes(&file).expect("a capture");
    (0..r.messages.len())
        .filter_map(|i| Some((r.messages.entry(i)?, r.messages.raw(i)?.to_vec())))
        .filter(|(e, _)| e.protocol == protocol)
        .collect()
}

fn voip_decode(c: &mut Criterion) {
    use ctiscope::model::Protocol;
    for (name, path, protocol) in [
        ("sip/decode_udp_call_digest", "tests/captures/sip/sip_udp_call_digest.pcap", Protocol::Sip),
        ("sip/decode_tcp_register_call", "tests/captures/sip/sip_tcp_register_call.pcap", Protocol::Sip),
        ("sccp/decode_register_call", "tests/captures/sccp/sccp_register_call.pcap", Protocol::Sccp),
        ("sccp/decode_v22_incoming_call", "tests/captures/sccp/sccp_v22_incoming_call.pcap", Protocol::Sccp),
    ] {
        let msgs = fixture_messages(path, protocol);
        assert!(!msgs.is_empty(), "{path}");
        let codec = ctiscope::proto::registry::of(protocol).and_then(|r| r.codec.as_ref()).expect("a codec");
        let mut g = c.benchmark_group(name.split('/').next().unwrap_or(name));
        g.throughput(Throughput::Bytes(msgs.iter().map(|(_, b)| b.len() as u64).sum()));
        g.bench_function(name.split('/').nth(1).unwrap_or(name), |b| {
            b.iter(|| {
                for (e, raw) in &msgs {
                    black_box((codec.decode)(e, black_box(raw)));
                }
            })
        });
        g.finish();
    }
}

fn full_analysis_cti(c: &mut Criterion) {
    let mut file = Vec::new();
    ctiscope::synth::generate::write_profile(&mut file, 32 << 20, 7, ctiscope::synth::generate::Profile::Cti).expect("in-memory write");
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Bytes(file.len() as u64));
    g.sample_size(10);
    g.bench_function("full_analysis_cti_capture", |b| {
        b.iter(|| {
            let mut e = ctiscope::Engine::default();
            for chunk in file.chunks(4 << 20) {
                e.push(chunk).expect("a capture");
            }
            black_box(e.finish().expect("a capture").stats.messages_decoded)
        })
    });
    g.finish();
}

criterion_group!(benches, capture_reader, full_analysis, full_analysis_cti, ctiqbe_decode, voip_decode);
criterion_main!(benches);
