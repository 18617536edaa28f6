//! The 12-byte Skinny header and the per-direction framer that cuts a byte stream into
//! messages.
//!
//! Every Skinny message starts with three little-endian u32 words (Wireshark's
//! `packet-skinny.c`: `data_length`, `hdr_version`, `messageId`):
//! * `data_length`: bytes after the 8-byte length+version prefix, so it counts the 4-byte
//!   message id and the body; a message is `data_length + 8` bytes;
//! * `hdr_version`: 0 (basic) or the CM protocol generation of the newer headers (0x0A V10,
//!   0x0B V11, 0x0F..=0x16 V15..V22, the values Wireshark names); from 0x11 (V17) on, address
//!   fields carry an address type and room for an IPv6 address ([`super::schema`]);
//! * `messageId`.
//!
//! Two levels, as in the CTIQBE framer:
//! * [`Header`] is a view over the first 12 bytes. [`Header::new_checked`] only checks that
//!   they are there; [`Header::check`] validates what framing relies on (a length of at least
//!   the message id and at most the configured maximum, a known header version).
//! * [`Framer`] owns one direction: it buffers partial input (a message may span segments, a
//!   segment may carry several messages), yields whole messages, and after a gap or a corrupt
//!   header scans for the next plausible header (valid and carrying a known message id). It
//!   buffers at most one message plus one resync chunk ([`RESYNC_CHUNK_LEN`]).

use std::fmt;
use std::ops::Range;

use super::schema;
use crate::model::EventKind;

/// Length of the header that starts every message.
pub const HEADER_LEN: usize = 12;
/// Bytes before the part `data_length` counts (the length and version words).
pub const PREFIX_LEN: usize = 8;
/// Default largest message (header included). Real Skinny messages are small: the largest
/// common ones (SoftKeyTemplateRes, SoftKeySetRes, CapabilitiesRes, UserToDeviceData with
/// its 2000-byte payload) stay under 4 KiB; 16 KiB leaves room without letting a bad length
/// make a direction buffer much. A header announcing more is `sccp.bad_length`.
pub const DEFAULT_MAX_MESSAGE_LEN: u32 = 16 * 1024;
/// How many bytes the resync scan copies in at a time (plus the 11-byte tail it keeps).
pub const RESYNC_CHUNK_LEN: usize = 4096;

/// Byte ranges of the header words, all little-endian u32.
mod field {
    use std::ops::Range;
    pub const DATA_LENGTH: Range<usize> = 0..4;
    pub const HDR_VERSION: Range<usize> = 4..8;
    pub const MESSAGE_ID: Range<usize> = 8..12;
}

/// Reads a little-endian u32 at `range` of `buf`, if the bytes are there.
pub fn read_u32(buf: &[u8], range: Range<usize>) -> Option<u32> {
    let b = buf.get(range)?;
    let arr: [u8; 4] = b.try_into().ok()?;
    Some(u32::from_le_bytes(arr))
}

/// Reads a little-endian u32 at byte offset `at` of `buf`.
pub fn read_u32_at(buf: &[u8], at: usize) -> Option<u32> {
    read_u32(buf, at..at.checked_add(4)?)
}

/// Header versions Wireshark names (`skinny.hdr_version`): Basic, V10, V11, V15..=V22.
pub fn known_version(v: u32) -> bool {
    matches!(v, 0 | 0x0A | 0x0B | 0x0F..=0x16)
}

/// Wireshark's name of a header version (`Basic`, `V17`), `None` for others.
pub fn version_name(v: u32) -> Option<&'static str> {
    Some(match v {
        0 => "Basic",
        0x0A => "V10",
        0x0B => "V11",
        0x0F => "V15",
        0x10 => "V16",
        0x11 => "V17",
        0x12 => "V18",
        0x13 => "V19",
        0x14 => "V20",
        0x15 => "V21",
        0x16 => "V22",
        _ => return None,
    })
}

/// Why the bytes at a message start are not a usable header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderError {
    /// Fewer than [`HEADER_LEN`] bytes.
    Truncated { len: usize },
    /// `data_length` below 4 (no room for the message id) or above the maximum.
    BadLength { data_length: u32, max_message_len: u32 },
    /// A header version Wireshark does not know.
    BadVersion { version: u32 },
}

impl HeaderError {
    /// The event kind this error is reported as.
    pub fn kind(&self) -> EventKind {
        match self {
            HeaderError::Truncated { .. } => EventKind::SccpTruncated,
            HeaderError::BadLength { .. } => EventKind::SccpBadLength,
            HeaderError::BadVersion { .. } => EventKind::SccpBadVersion,
        }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Truncated { len } => {
                write!(f, "header needs {HEADER_LEN} bytes, {len} available")
            }
            HeaderError::BadLength { data_length, max_message_len } => write!(
                f,
                "data length {data_length} at offset 0: a message needs 4..={} (message id and body, at most {max_message_len} bytes in all)",
                max_message_len.saturating_sub(PREFIX_LEN as u32)
            ),
            HeaderError::BadVersion { version } => {
                write!(f, "header version 0x{version:08X} at offset 4 is none Wireshark knows")
            }
        }
    }
}

impl std::error::Error for HeaderError {}

/// A read-only view of a Skinny header over any byte buffer.
#[derive(Clone, Copy, Debug)]
pub struct Header<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Header<T> {
    /// Wraps `buffer` without checking its length; accessors return 0 for missing words.
    pub fn new_unchecked(buffer: T) -> Header<T> {
        Header { buffer }
    }

    /// Wraps `buffer` after checking it holds a whole header.
    pub fn new_checked(buffer: T) -> Result<Header<T>, HeaderError> {
        let header = Header::new_unchecked(buffer);
        header.check_len()?;
        Ok(header)
    }

    /// Whether the buffer holds the 12 header bytes.
    pub fn check_len(&self) -> Result<(), HeaderError> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            Err(HeaderError::Truncated { len })
        } else {
            Ok(())
        }
    }

    fn word(&self, range: Range<usize>) -> u32 {
        read_u32(self.buffer.as_ref(), range).unwrap_or(0)
    }

    pub fn data_length(&self) -> u32 {
        self.word(field::DATA_LENGTH)
    }
    pub fn hdr_version(&self) -> u32 {
        self.word(field::HDR_VERSION)
    }
    pub fn message_id(&self) -> u32 {
        self.word(field::MESSAGE_ID)
    }

    /// Message length, header included (`data_length + 8`, in u64 so it cannot overflow).
    pub fn message_len(&self) -> u64 {
        u64::from(self.data_length()).saturating_add(PREFIX_LEN as u64)
    }

    /// Validates what framing depends on and returns the message length.
    pub fn check(&self, max_message_len: u32) -> Result<usize, HeaderError> {
        self.check_len()?;
        let data_length = self.data_length();
        let len = self.message_len();
        if data_length < 4 || len > u64::from(max_message_len) {
            return Err(HeaderError::BadLength { data_length, max_message_len });
        }
        let version = self.hdr_version();
        if !known_version(version) {
            return Err(HeaderError::BadVersion { version });
        }
        usize::try_from(len).map_err(|_| HeaderError::BadLength { data_length, max_message_len })
    }

    /// Whether this is good enough to resynchronise on: a valid header whose message id is in
    /// the table, with a length its layout allows ([`schema::plausible_len`]).
    pub fn plausible(&self, max_message_len: u32) -> bool {
        let id = self.message_id();
        self.check(max_message_len).is_ok()
            && schema::name(id).is_some()
            && schema::plausible_len(id, self.data_length())
    }
}

/// What the framer produced.
#[derive(Clone, Debug, PartialEq)]
pub enum FramerItem {
    /// One complete message (header included), starting at `stream_offset` of the direction.
    Frame { stream_offset: u64, bytes: Vec<u8> },
    /// A framing problem; `kind` is the event kind (`sccp.bad_length`, `sccp.gap`, ...).
    Anomaly { kind: EventKind, stream_offset: u64, detail: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Expecting a header at `buf[0]`.
    Header,
    /// Header accepted, collecting a message of `len` bytes.
    Body { len: usize, id: u32 },
    /// Discarding the rest of a message whose middle was lost in a gap.
    Skip { remaining: u64 },
    /// Scanning for the next plausible header.
    Resync,
}

/// Cuts one direction's byte stream into Skinny messages.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    /// Stream offset of `buf[0]` (or of the next input byte when `buf` is empty).
    buf_offset: u64,
    state: State,
    /// Bytes discarded since synchronisation was lost.
    skipped: u64,
    frames: u64,
    max_message_len: u32,
}

impl Default for Framer {
    fn default() -> Self {
        Framer::new(DEFAULT_MAX_MESSAGE_LEN)
    }
}

impl Framer {
    /// A framer accepting messages of at most `max_message_len` bytes (header included; at
    /// least the 12-byte header).
    pub fn new(max_message_len: u32) -> Framer {
        Framer {
            buf: Vec::new(),
            buf_offset: 0,
            state: State::Header,
            skipped: 0,
            frames: 0,
            max_message_len: max_message_len.max(HEADER_LEN as u32),
        }
    }

    /// Complete messages produced so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Bytes currently buffered (never more than the maximum message + [`RESYNC_CHUNK_LEN`]).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Stream offset of the next byte `push` expects.
    pub fn next_offset(&self) -> u64 {
        self.buf_offset.saturating_add(self.buf.len() as u64)
    }

    fn fill<'a>(&mut self, input: &'a [u8], want: usize) -> &'a [u8] {
        let need = want.saturating_sub(self.buf.len());
        let take = need.min(input.len());
        let (head, rest) = input.split_at(take);
        self.buf.extend_from_slice(head);
        rest
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len());
        self.buf.drain(..n);
        self.buf_offset = self.buf_offset.saturating_add(n as u64);
    }

    fn lose_sync(&mut self) {
        self.state = State::Resync;
        self.skipped = 0;
    }

    /// Feeds in-order bytes; complete messages and anomalies are appended to `out`.
    pub fn push(&mut self, mut input: &[u8], out: &mut Vec<FramerItem>) {
        loop {
            match self.state {
                State::Skip { remaining } => {
                    let n = usize::try_from(remaining).unwrap_or(usize::MAX).min(input.len());
                    input = input.get(n..).unwrap_or_default();
                    self.buf_offset = self.buf_offset.saturating_add(n as u64);
                    let remaining = remaining.saturating_sub(n as u64);
                    if remaining > 0 {
                        self.state = State::Skip { remaining };
                        return;
                    }
                    self.state = State::Header;
                }
                State::Header => {
                    input = self.fill(input, HEADER_LEN);
                    if self.buf.len() < HEADER_LEN {
                        return;
                    }
                    let header = Header::new_unchecked(self.buf.as_slice());
                    match header.check(self.max_message_len) {
                        Ok(len) => self.state = State::Body { len, id: header.message_id() },
                        Err(err) => {
                            out.push(FramerItem::Anomaly {
                                kind: err.kind(),
                                stream_offset: self.buf_offset,
                                detail: format!("{err}; scanning for the next header"),
                            });
                            self.lose_sync();
                            self.consume(1);
                            self.skipped = 1;
                        }
                    }
                }
                State::Body { len, .. } => {
                    input = self.fill(input, len);
                    if self.buf.len() < len {
                        return;
                    }
                    let rest = self.buf.split_off(len);
                    let bytes = std::mem::replace(&mut self.buf, rest);
                    let stream_offset = self.buf_offset;
                    self.buf_offset = self.buf_offset.saturating_add(len as u64);
                    self.frames = self.frames.saturating_add(1);
                    self.state = State::Header;
                    out.push(FramerItem::Frame { stream_offset, bytes });
                }
                State::Resync => {
                    if let Some(pos) = self.scan() {
                        self.consume(pos);
                        self.skipped = self.skipped.saturating_add(pos as u64);
                        out.push(FramerItem::Anomaly {
                            kind: EventKind::SccpResync,
                            stream_offset: self.buf_offset,
                            detail: format!(
                                "resynchronised on a plausible header after skipping {} bytes",
                                self.skipped
                            ),
                        });
                        self.skipped = 0;
                        self.state = State::Header;
                        continue;
                    }
                    let keep = HEADER_LEN.saturating_sub(1).min(self.buf.len());
                    let drop = self.buf.len().saturating_sub(keep);
                    self.consume(drop);
                    self.skipped = self.skipped.saturating_add(drop as u64);
                    if input.is_empty() {
                        return;
                    }
                    let want = self.buf.len().saturating_add(RESYNC_CHUNK_LEN);
                    input = self.fill(input, want);
                }
            }
        }
    }

    /// First position in the buffer where a plausible header starts.
    fn scan(&self) -> Option<usize> {
        let last = self.buf.len().checked_sub(HEADER_LEN)?;
        (0..=last).find(|&pos| {
            // Cheap filter first: the version word's upper three bytes are zero.
            self.buf.get(pos.saturating_add(5)..pos.saturating_add(8)) == Some(&[0, 0, 0][..])
                && self
                    .buf
                    .get(pos..pos.saturating_add(HEADER_LEN))
                    .is_some_and(|h| Header::new_unchecked(h).plausible(self.max_message_len))
        })
    }

    /// `missing_len` bytes were never captured; the next `push` continues after them.
    pub fn gap(&mut self, missing_len: u64, out: &mut Vec<FramerItem>) {
        let gap_offset = self.next_offset();
        let buffered = self.buf.len() as u64;
        let detail;
        match self.state {
            State::Body { len, id } => {
                let left = (len as u64).saturating_sub(buffered);
                let name = schema::name(id).unwrap_or("unknown");
                if missing_len < left {
                    detail = format!(
                        "{missing_len} bytes missing inside a {len}-byte message (id 0x{id:04x} {name}); its remaining {} bytes are skipped",
                        left.saturating_sub(missing_len)
                    );
                    self.state = State::Skip { remaining: left.saturating_sub(missing_len) };
                } else {
                    detail = format!(
                        "{missing_len} bytes missing from inside a {len}-byte message (id 0x{id:04x} {name}) onwards; scanning for the next header"
                    );
                    self.lose_sync();
                }
            }
            State::Skip { remaining } => {
                if missing_len < remaining {
                    detail = format!("{missing_len} bytes missing inside a message being skipped");
                    self.state = State::Skip { remaining: remaining.saturating_sub(missing_len) };
                } else {
                    detail = format!("{missing_len} bytes missing; scanning for the next header");
                    self.lose_sync();
                }
            }
            State::Header => {
                detail = if buffered == 0 {
                    format!("{missing_len} bytes missing at a message boundary; scanning for the next header")
                } else {
                    format!("{missing_len} bytes missing inside a header; scanning for the next header")
                };
                self.lose_sync();
            }
            State::Resync => {
                detail = format!("{missing_len} bytes missing while resynchronising");
            }
        }
        self.buf.clear();
        self.buf_offset = gap_offset.saturating_add(missing_len);
        out.push(FramerItem::Anomaly { kind: EventKind::SccpGap, stream_offset: gap_offset, detail });
    }

    /// The stream ended; reports a message cut short.
    pub fn finish(&mut self, out: &mut Vec<FramerItem>) {
        let detail = match self.state {
            State::Body { len, id } => Some(format!(
                "stream ended inside a {len}-byte message (id 0x{id:04x}) after {} bytes",
                self.buf.len()
            )),
            State::Header if !self.buf.is_empty() => Some(format!(
                "stream ended inside a header ({} of {HEADER_LEN} bytes)",
                self.buf.len()
            )),
            State::Skip { remaining } => {
                Some(format!("stream ended {remaining} bytes before the end of a skipped message"))
            }
            State::Resync if self.skipped > 0 || !self.buf.is_empty() => Some(format!(
                "stream ended while resynchronising ({} bytes skipped)",
                self.skipped.saturating_add(self.buf.len() as u64)
            )),
            _ => None,
        };
        if let Some(detail) = detail {
            out.push(FramerItem::Anomaly { kind: EventKind::SccpTruncated, stream_offset: self.buf_offset, detail });
        }
        self.buf.clear();
        self.state = State::Header;
        self.skipped = 0;
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
pub(crate) mod tests {
    use super::*;

    /// Test-only message builder: header (`version`, `id`) and `body`.
    pub(crate) fn build(version: u32, id: u32, body: &[u8]) -> Vec<u8> {
        let mut m = Vec::with_capacity(HEADER_LEN + body.len());
        m.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        m.extend_from_slice(&version.to_le_bytes());
        m.extend_from_slice(&id.to_le_bytes());
        m.extend_from_slice(body);
        m
    }

    pub(crate) fn words(ws: &[u32]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// KeepAliveReq as captured (pyskinny cm_cap.pcapng frame 76).
    const KEEPALIVE: [u8; 12] = [
        4, 0, 0, 0, // data length: the message id only
        0, 0, 0, 0, // header version: Basic
        0, 0, 0, 0, // message id 0: KeepAliveReq
    ];

    fn frames_of(items: &[FramerItem]) -> Vec<(u64, Vec<u8>)> {
        items
            .iter()
            .filter_map(|i| match i {
                FramerItem::Frame { stream_offset, bytes } => Some((*stream_offset, bytes.clone())),
                _ => None,
            })
            .collect()
    }

    fn kinds_of(items: &[FramerItem]) -> Vec<&'static str> {
        items
            .iter()
            .filter_map(|i| match i {
                FramerItem::Anomaly { kind, .. } => Some(kind.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn header_view_reads_keepalive() {
        let h = Header::new_checked(&KEEPALIVE[..]).unwrap();
        assert_eq!((h.data_length(), h.hdr_version(), h.message_id()), (4, 0, 0));
        assert_eq!(h.check(DEFAULT_MAX_MESSAGE_LEN), Ok(12));
        assert!(h.plausible(DEFAULT_MAX_MESSAGE_LEN));
    }

    #[test]
    fn header_errors() {
        assert_eq!(Header::new_checked(&KEEPALIVE[..11]).unwrap_err(), HeaderError::Truncated { len: 11 });
        let mut bad = KEEPALIVE;
        bad[0] = 3;
        assert!(matches!(Header::new_unchecked(&bad[..]).check(64), Err(HeaderError::BadLength { data_length: 3, .. })));
        let mut bad = KEEPALIVE;
        bad[4] = 0x17;
        assert_eq!(Header::new_unchecked(&bad[..]).check(64), Err(HeaderError::BadVersion { version: 0x17 }));
        // Exactly at the limit is accepted, one more is not.
        let mut edge = KEEPALIVE;
        edge[0..4].copy_from_slice(&56u32.to_le_bytes());
        assert_eq!(Header::new_unchecked(&edge[..]).check(64), Ok(64));
        edge[0..4].copy_from_slice(&57u32.to_le_bytes());
        assert!(Header::new_unchecked(&edge[..]).check(64).is_err());
        edge[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Header::new_unchecked(&edge[..]).check(u32::MAX).is_err());
        // Valid but unknown id: not plausible enough to resync on.
        let unknown = build(0, 0x7777, &[]);
        assert!(Header::new_unchecked(&unknown[..]).check(64).is_ok());
        assert!(!Header::new_unchecked(&unknown[..]).plausible(64));
    }

    #[test]
    fn several_messages_in_one_push() {
        let a = build(0, 3, &words(&[5, 1, 7]));
        let b = build(0x14, 0x111, &words(&[5, 1, 77, 0, 4, 0]));
        let mut input = a.clone();
        input.extend_from_slice(&KEEPALIVE);
        input.extend_from_slice(&b);
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        assert_eq!(
            frames_of(&out),
            vec![(0, a.clone()), (a.len() as u64, KEEPALIVE.to_vec()), ((a.len() + 12) as u64, b)]
        );
        assert!(kinds_of(&out).is_empty());
        assert_eq!(f.buffered(), 0);
        assert_eq!(f.frames(), 3);
    }

    #[test]
    fn split_at_every_position() {
        let a = build(0, 0x8f, &[b'x'; 40]);
        let b = build(0x11, 0x22, &words(&[0, 0, 0x0100_000a, 0, 0, 0, 4000, 5, 6]));
        let mut all = a.clone();
        all.extend_from_slice(&b);
        all.extend_from_slice(&KEEPALIVE);
        for cut in 0..=all.len() {
            for cut2 in [cut, (cut + 7).min(all.len()), all.len()] {
                let mut f = Framer::default();
                let mut out = Vec::new();
                f.push(&all[..cut], &mut out);
                f.push(&all[cut..cut2], &mut out);
                f.push(&all[cut2..], &mut out);
                let frames = frames_of(&out);
                assert_eq!(frames.len(), 3, "cut at {cut}/{cut2}");
                assert_eq!(frames[1], (a.len() as u64, b.clone()));
                assert!(kinds_of(&out).is_empty());
            }
        }
    }

    #[test]
    fn byte_by_byte() {
        let a = build(0, 1, &[0u8; 48]);
        let mut f = Framer::default();
        let mut out = Vec::new();
        for (i, b) in a.iter().enumerate() {
            f.push(std::slice::from_ref(b), &mut out);
            assert_eq!(out.is_empty(), i + 1 < a.len(), "at byte {i}");
        }
        assert_eq!(frames_of(&out), vec![(0, a)]);
    }

    #[test]
    fn garbage_then_messages_resyncs() {
        let good = build(0, 3, &words(&[5, 1, 7]));
        let mut input = vec![0x55u8; 10_000];
        input.extend_from_slice(&good);
        input.extend_from_slice(&good);
        let mut f = Framer::default();
        let mut out = Vec::new();
        for chunk in input.chunks(7) {
            f.push(chunk, &mut out);
            assert!(f.buffered() <= DEFAULT_MAX_MESSAGE_LEN as usize + RESYNC_CHUNK_LEN);
        }
        assert_eq!(kinds_of(&out), vec!["sccp.bad_length", "sccp.resync"]);
        assert_eq!(frames_of(&out).len(), 2);
        assert_eq!(frames_of(&out)[0].0, 10_000);
        match &out[1] {
            FramerItem::Anomaly { detail, .. } => assert!(detail.contains("10000 bytes"), "{detail}"),
            _ => panic!(),
        }
    }

    #[test]
    fn a_garbage_byte_before_a_header_is_not_taken_for_one() {
        // `ff 04 00 00 00 00 ...`: a valid header with a 1279-byte KeepAliveReq at offset 0.
        let mut input = vec![0xff; 30];
        input.extend_from_slice(&KEEPALIVE);
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&input[..30], &mut out);
        f.push(&input[30..], &mut out);
        assert_eq!(kinds_of(&out), vec!["sccp.bad_length", "sccp.resync"]);
        assert_eq!(frames_of(&out), vec![(30, KEEPALIVE.to_vec())]);
    }

    #[test]
    fn bad_version_and_oversize_are_reported_and_skipped() {
        let good = build(0, 0x100, &[]);
        let mut bad_version = build(0, 0x100, &[]);
        bad_version[4] = 0x42;
        let mut huge = build(0, 0x100, &[]);
        huge[0..4].copy_from_slice(&(1u32 << 20).to_le_bytes());
        let mut input = bad_version;
        input.extend_from_slice(&good);
        input.extend_from_slice(&huge);
        input.extend_from_slice(&good);
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        assert_eq!(kinds_of(&out), vec!["sccp.bad_version", "sccp.resync", "sccp.bad_length", "sccp.resync"]);
        assert_eq!(frames_of(&out).len(), 2);
    }

    #[test]
    fn midstream_start_decodes_from_first_plausible_header() {
        let a = build(0, 0x8f, &[b'1'; 40]);
        let b = build(0, 0x111, &words(&[5, 1, 99]));
        let mut input = a[13..].to_vec();
        input.extend_from_slice(&b);
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        assert_eq!(frames_of(&out), vec![((a.len() - 13) as u64, b)]);
    }

    #[test]
    fn gap_inside_a_message_skips_its_rest() {
        let a = build(0, 0x8f, &[b'1'; 40]);
        let b = build(0, 0x111, &words(&[5, 1, 99]));
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&a[..20], &mut out);
        f.gap(5, &mut out);
        f.push(&a[25..], &mut out);
        f.push(&b, &mut out);
        assert_eq!(kinds_of(&out), vec!["sccp.gap"]);
        assert_eq!(frames_of(&out), vec![(a.len() as u64, b)]);
    }

    #[test]
    fn gap_past_message_end_rescans() {
        let a = build(0, 0x8f, &[b'1'; 40]);
        let b = build(0, 0x111, &words(&[5, 1, 99]));
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&a[..20], &mut out);
        f.gap((a.len() - 20 + 3) as u64, &mut out);
        f.push(&[1, 2], &mut out);
        f.push(&b, &mut out);
        assert_eq!(kinds_of(&out), vec!["sccp.gap", "sccp.resync"]);
        assert_eq!(frames_of(&out), vec![((a.len() + 5) as u64, b)]);
    }

    #[test]
    fn finish_reports_cut_message_and_prefixes_never_frame() {
        let a = build(0, 1, &[0u8; 48]);
        for cut in 0..a.len() {
            let mut f = Framer::default();
            let mut out = Vec::new();
            f.push(&a[..cut], &mut out);
            assert!(frames_of(&out).is_empty());
            f.finish(&mut out);
            assert_eq!(kinds_of(&out), if cut == 0 { vec![] } else { vec!["sccp.truncated"] });
        }
    }
}
