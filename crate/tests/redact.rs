//! Redacted captures: re-analyzing the redacted file shows the chosen spans gone, every copy of
//! a retransmitted segment is blanked, and the rest of the file is untouched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use ctiscope::model::Tag;
use ctiscope::redact::{redact_bytes, DEFAULT_TAGS};
use ctiscope::synth::ctiqbe::{Frame, Slots};
use ctiscope::synth::packet::{Conversation, TCP_ACK, TCP_PSH};
use ctiscope::synth::pcap::{write_pcap, Packet, PcapOptions};
use ctiscope::synth::sample;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

#[test]
fn the_sample_redacted_keeps_its_shape_and_loses_its_secrets() {
    let file = sample::capture();
    let (out, unmapped) = redact_bytes(&file, &DEFAULT_TAGS).unwrap();
    assert_eq!(unmapped, 0);
    assert_eq!(out.len(), file.len());
    for secret in [
        &b"915551234567"[..],
        b"SEP00AABBCCDDEE",
        b"IVR-Main@ivr01",
        b"PT_Internal",
        &utf16("ivr_jtapi"),
    ] {
        assert!(contains(&file, secret));
        assert!(
            !contains(&out, secret),
            "{:?} survived",
            String::from_utf8_lossy(secret)
        );
    }
    assert!(!contains(&out, &sample::CERTIFICATE[..64]));
    // Versions are not in the default set and stay readable.
    assert!(contains(&out, b"Cisco JTAPI 15.0(0.10000)-1 Release"));
    let before = ctiscope::analyze_bytes(&file).unwrap();
    let after = ctiscope::analyze_bytes(&out).unwrap();
    assert_eq!(after.messages.len(), before.messages.len());
    assert!(after.events.is_empty(), "{:?}", after.events);
    let login = |r: &ctiscope::Report| {
        r.sessions.iter().find_map(|s| s.info.ctiqbe()).and_then(|i| i.provider.login.clone()).unwrap_or_default()
    };
    assert_eq!(login(&before), "ivr_jtapi");
    assert_ne!(login(&after), "ivr_jtapi");
    let initiate = after
        .messages
        .iter()
        .find(|m| m.name == "LineCallInitiateRequest")
        .unwrap();
    assert_eq!(initiate.fields["destAddress"], "************");
}

#[test]
fn only_the_chosen_tags_are_redacted() {
    let file = sample::capture();
    let (out, _) = redact_bytes(&file, &[Tag::CalledNumber]).unwrap();
    assert!(!contains(&out, b"915551234567"));
    assert!(contains(&out, b"SEP00AABBCCDDEE"));
    let differing = file.iter().zip(&out).filter(|(a, b)| a != b).count();
    assert!(
        differing > 0 && differing < 100,
        "{differing} bytes changed"
    );
}

#[test]
fn retransmitted_copies_are_redacted_too() {
    let mut c = Conversation::new(
        "10.0.0.1:40000".parse().unwrap(),
        "10.0.0.2:2748".parse().unwrap(),
    );
    let mut frames = c.handshake();
    let msg = Frame::new(43)
        .u32(5)
        .u32(1)
        .u32(144)
        .u32(1)
        .u32(5001)
        .str(Some("3001"))
        .str(Some("8005551212"))
        .bytes(None)
        .str(Some(""))
        .u32(0)
        .u32(1)
        .build();
    let seq = c.client_seq;
    frames.push(c.send(true, &msg));
    frames.push(c.raw(true, seq, TCP_PSH | TCP_ACK, &msg)); // full retransmission
    frames.push(c.raw(true, seq + 60, TCP_PSH | TCP_ACK, &msg[60..])); // partial one
    let packets: Vec<Packet> = frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| Packet::new(i as i64 * 1000, f))
        .collect();
    let file = write_pcap(1, &packets, PcapOptions::default());
    assert_eq!(file.windows(10).filter(|w| *w == b"8005551212").count(), 3);
    let (out, _) = redact_bytes(&file, &[Tag::CalledNumber]).unwrap();
    assert!(!contains(&out, b"8005551212"));
    assert!(contains(&out, b"3001"));
}

#[test]
fn gzip_input_gives_a_plain_redacted_capture() {
    use std::io::Write;
    let file = sample::capture();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&file).unwrap();
    let (out, _) = redact_bytes(&enc.finish().unwrap(), &DEFAULT_TAGS).unwrap();
    assert_eq!(out, redact_bytes(&file, &DEFAULT_TAGS).unwrap().0);
}
