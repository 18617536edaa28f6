//! The 32-byte CTIQBE header and the per-direction framer that cuts a byte stream into
//! messages (`ctiqbe-wire.md` §2).
//!
//! Two levels, as in smoltcp's `wire` module:
//! * [`Header`] is a view over the first 32 bytes of a frame. [`Header::new_checked`] only
//!   checks that 32 bytes are there; [`Header::check`] validates what the framer relies on
//!   (magic cookie, fixed-part offset, total length under [`MAX_MESSAGE_LEN`]). No accessor
//!   panics once `new_checked` succeeded.
//! * [`Framer`] owns one direction of a connection: it buffers partial input (a message may
//!   span many segments, a segment may carry several messages), yields complete frames, and
//!   after a gap or a corrupt header scans forward for the next plausible header. It buffers
//!   at most one frame ([`MAX_MESSAGE_LEN`]) plus one resync chunk ([`RESYNC_CHUNK_LEN`]).
//!
//! Framing follows the client: frame length = fixedPartOffset + fixedPartLength +
//! variablePartLength. `messageLength` is only cross-checked (`ctiqbe.length_mismatch`).

use crate::model::EventKind;
use std::fmt;
use std::ops::Range;

use super::schema;

/// The magic cookie at frame offset 8 (`dd dd ff ff` on the wire); the client rejects
/// anything else ("invalid magic cookie", §2).
pub const MAGIC: u32 = 0xFFFF_DDDD;
/// Length of the fixed header that starts every frame (§2).
pub const HEADER_LEN: usize = 32;
/// Largest frame the framer accepts. The JTAPI client reads every message into a reused
/// 4128-byte receive buffer (§3), so real messages are small; a CTI Manager is not bound by
/// that buffer (a DeviceLineInfoEvent for a device with many lines, a long certificate), so we
/// allow 16 times that, rounded to 64 KiB. The cap bounds what one direction can make us
/// buffer; a header announcing more is reported as `ctiqbe.oversized` and skipped by resync.
pub const MAX_MESSAGE_LEN: u32 = 64 * 1024;
/// How many bytes the resync scan copies in at a time (plus the 31-byte tail it keeps).
pub const RESYNC_CHUNK_LEN: usize = 4096;

/// Byte ranges of the header words, all little-endian u32 (§2).
mod field {
    use std::ops::Range;
    /// Total frame bytes − 8; written by the client, ignored by its receiver.
    pub const MESSAGE_LENGTH: Range<usize> = 0..4;
    /// 0 in every client frame; not validated by the client.
    pub const RESERVED: Range<usize> = 4..8;
    pub const MAGIC: Range<usize> = 8..12;
    /// 0x00110000 (JTAPI 12.5/14/15), 0x00100000 (11.5); not checked by the client.
    pub const PROTOCOL_VERSION: Range<usize> = 12..16;
    pub const PDU: Range<usize> = 16..20;
    /// 0x20 in every client frame, honoured when larger (§2).
    pub const FIXED_OFFSET: Range<usize> = 20..24;
    pub const FIXED_LEN: Range<usize> = 24..28;
    pub const VARIABLE_LEN: Range<usize> = 28..32;
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

/// Why the bytes at a frame start are not a usable header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderError {
    /// Fewer than [`HEADER_LEN`] bytes.
    Truncated { len: usize },
    /// The word at offset 8 is not [`MAGIC`].
    BadMagic { found: u32 },
    /// `fixedPartOffset` points into the header.
    BadOffset { fixed_offset: u32 },
    /// The frame would be longer than [`MAX_MESSAGE_LEN`].
    Oversized { frame_len: u64 },
}

impl HeaderError {
    /// The event kind this error is reported as.
    pub fn kind(&self) -> EventKind {
        match self {
            HeaderError::Truncated { .. } => EventKind::CtiqbeTruncated,
            HeaderError::BadMagic { .. } => EventKind::CtiqbeBadMagic,
            HeaderError::BadOffset { .. } => EventKind::CtiqbeBadOffset,
            HeaderError::Oversized { .. } => EventKind::CtiqbeOversized,
        }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Truncated { len } => {
                write!(f, "header needs {HEADER_LEN} bytes, {len} available")
            }
            HeaderError::BadMagic { found } => {
                write!(
                    f,
                    "magic cookie 0x{found:08X} at offset 8, expected 0x{MAGIC:08X}"
                )
            }
            HeaderError::BadOffset { fixed_offset } => write!(
                f,
                "fixedPartOffset {fixed_offset} points into the {HEADER_LEN}-byte header"
            ),
            HeaderError::Oversized { frame_len } => write!(
                f,
                "frame length {frame_len} exceeds the {MAX_MESSAGE_LEN}-byte limit"
            ),
        }
    }
}

impl std::error::Error for HeaderError {}

/// A read-only view of a CTIQBE header over any byte buffer.
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

    /// Whether the buffer holds the 32 header bytes.
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

    pub fn message_length(&self) -> u32 {
        self.word(field::MESSAGE_LENGTH)
    }
    pub fn reserved(&self) -> u32 {
        self.word(field::RESERVED)
    }
    pub fn magic(&self) -> u32 {
        self.word(field::MAGIC)
    }
    pub fn protocol_version(&self) -> u32 {
        self.word(field::PROTOCOL_VERSION)
    }
    pub fn pdu(&self) -> u32 {
        self.word(field::PDU)
    }
    pub fn fixed_offset(&self) -> u32 {
        self.word(field::FIXED_OFFSET)
    }
    pub fn fixed_len(&self) -> u32 {
        self.word(field::FIXED_LEN)
    }
    pub fn variable_len(&self) -> u32 {
        self.word(field::VARIABLE_LEN)
    }

    /// Frame length as the client computes it: fixedPartOffset + fixedPartLength +
    /// variablePartLength (in u64, so it cannot overflow).
    pub fn frame_len(&self) -> u64 {
        u64::from(self.fixed_offset())
            .saturating_add(u64::from(self.fixed_len()))
            .saturating_add(u64::from(self.variable_len()))
    }

    /// Whether `messageLength + 8` agrees with [`Header::frame_len`] (every captured frame
    /// satisfies it; the client ignores it).
    pub fn length_consistent(&self) -> bool {
        u64::from(self.message_length()).saturating_add(8) == self.frame_len()
    }

    /// Validates what framing depends on and returns the frame length.
    pub fn check(&self) -> Result<usize, HeaderError> {
        self.check_len()?;
        let magic = self.magic();
        if magic != MAGIC {
            return Err(HeaderError::BadMagic { found: magic });
        }
        let fixed_offset = self.fixed_offset();
        if (fixed_offset as usize) < HEADER_LEN {
            return Err(HeaderError::BadOffset { fixed_offset });
        }
        let frame_len = self.frame_len();
        if frame_len > u64::from(MAX_MESSAGE_LEN) {
            return Err(HeaderError::Oversized { frame_len });
        }
        usize::try_from(frame_len).map_err(|_| HeaderError::Oversized { frame_len })
    }

    /// Whether this looks enough like a real header to resynchronise on: a valid header
    /// whose `messageLength` agrees, or whose PDU is inside the client's table.
    pub fn plausible(&self) -> bool {
        self.check().is_ok() && (self.length_consistent() || self.pdu() < schema::PDU_COUNT)
    }
}

/// What the framer produced.
#[derive(Clone, Debug, PartialEq)]
pub enum FramerItem {
    /// One complete message (header included), starting at `stream_offset` of the direction.
    Frame { stream_offset: u64, bytes: Vec<u8> },
    /// A framing problem; `kind` is the event kind (`ctiqbe.bad_magic`, `ctiqbe.gap`, ...).
    Anomaly {
        kind: EventKind,
        stream_offset: u64,
        detail: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Expecting a header at `buf[0]`.
    Header,
    /// Header accepted, collecting a frame of `frame_len` bytes.
    Body { frame_len: usize, pdu: u32 },
    /// Discarding the rest of a frame whose middle was lost in a gap.
    Skip { remaining: u64 },
    /// Scanning for the next plausible header.
    Resync,
}

/// Cuts one direction's byte stream into CTIQBE frames.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    /// Stream offset of `buf[0]` (or of the next input byte when `buf` is empty).
    buf_offset: u64,
    state: State,
    /// Bytes discarded since synchronisation was lost.
    skipped: u64,
    frames: u64,
}

impl Default for Framer {
    fn default() -> Self {
        Framer::new()
    }
}

impl Framer {
    pub fn new() -> Framer {
        Framer {
            buf: Vec::new(),
            buf_offset: 0,
            state: State::Header,
            skipped: 0,
            frames: 0,
        }
    }

    /// Complete frames produced so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Bytes currently buffered (never more than [`MAX_MESSAGE_LEN`] + [`RESYNC_CHUNK_LEN`]).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Stream offset of the next byte `push` expects.
    pub fn next_offset(&self) -> u64 {
        self.buf_offset.saturating_add(self.buf.len() as u64)
    }

    /// Moves up to `want - buf.len()` bytes from the front of `input` into the buffer.
    fn fill<'a>(&mut self, input: &'a [u8], want: usize) -> &'a [u8] {
        let need = want.saturating_sub(self.buf.len());
        let take = need.min(input.len());
        let (head, rest) = input.split_at(take);
        self.buf.extend_from_slice(head);
        rest
    }

    /// Drops `n` bytes from the front of the buffer.
    fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len());
        self.buf.drain(..n);
        self.buf_offset = self.buf_offset.saturating_add(n as u64);
    }

    fn lose_sync(&mut self) {
        self.state = State::Resync;
        self.skipped = 0;
    }

    /// Feeds in-order bytes; complete frames and anomalies are appended to `out`.
    pub fn push(&mut self, mut input: &[u8], out: &mut Vec<FramerItem>) {
        loop {
            match self.state {
                State::Skip { remaining } => {
                    let n = usize::try_from(remaining)
                        .unwrap_or(usize::MAX)
                        .min(input.len());
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
                    match header.check() {
                        Ok(frame_len) => {
                            if !header.length_consistent() {
                                out.push(FramerItem::Anomaly {
                                    kind: EventKind::CtiqbeLengthMismatch,
                                    stream_offset: self.buf_offset,
                                    detail: format!(
                                        "messageLength {} + 8 != frame length {} (fixedPartOffset {} + fixedPartLength {} + variablePartLength {}); framing by the latter, as the client does",
                                        header.message_length(),
                                        frame_len,
                                        header.fixed_offset(),
                                        header.fixed_len(),
                                        header.variable_len()
                                    ),
                                });
                            }
                            self.state = State::Body {
                                frame_len,
                                pdu: header.pdu(),
                            };
                        }
                        Err(err) => {
                            out.push(FramerItem::Anomaly {
                                kind: err.kind(),
                                stream_offset: self.buf_offset,
                                detail: format!("{err}; scanning for the next header"),
                            });
                            self.lose_sync();
                            // The header at buf[0] is bad: the scan starts one byte later.
                            self.consume(1);
                            self.skipped = 1;
                        }
                    }
                }
                State::Body { frame_len, .. } => {
                    input = self.fill(input, frame_len);
                    if self.buf.len() < frame_len {
                        return;
                    }
                    // After a resync the buffer may already hold bytes of later frames.
                    let rest = self.buf.split_off(frame_len);
                    let bytes = std::mem::replace(&mut self.buf, rest);
                    let stream_offset = self.buf_offset;
                    self.buf_offset = self.buf_offset.saturating_add(frame_len as u64);
                    self.frames = self.frames.saturating_add(1);
                    self.state = State::Header;
                    out.push(FramerItem::Frame {
                        stream_offset,
                        bytes,
                    });
                }
                State::Resync => {
                    if let Some(pos) = self.scan() {
                        self.consume(pos);
                        self.skipped = self.skipped.saturating_add(pos as u64);
                        out.push(FramerItem::Anomaly {
                            kind: EventKind::CtiqbeResync,
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
                    // No candidate: keep only the tail that could still start a header.
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
            // Cheap filter on the cookie bytes before the full check.
            self.buf.get(pos.saturating_add(8)..pos.saturating_add(12))
                == Some(&[0xdd, 0xdd, 0xff, 0xff][..])
                && self
                    .buf
                    .get(pos..pos.saturating_add(HEADER_LEN))
                    .map(|h| Header::new_unchecked(h).plausible())
                    .unwrap_or(false)
        })
    }

    /// `missing_len` bytes were never captured; the next `push` continues after them.
    pub fn gap(&mut self, missing_len: u64, out: &mut Vec<FramerItem>) {
        let gap_offset = self.next_offset();
        let buffered = self.buf.len() as u64;
        let detail;
        match self.state {
            State::Body { frame_len, pdu } => {
                let left = (frame_len as u64).saturating_sub(buffered);
                if missing_len < left {
                    detail = format!(
                        "{missing_len} bytes missing inside a {frame_len}-byte message (PDU {pdu} {}); its remaining {} bytes are skipped",
                        schema::pdu_name(pdu).unwrap_or("unknown"),
                        left.saturating_sub(missing_len)
                    );
                    self.state = State::Skip {
                        remaining: left.saturating_sub(missing_len),
                    };
                } else {
                    detail = format!(
                        "{missing_len} bytes missing from inside a {frame_len}-byte message (PDU {pdu}) onwards; scanning for the next header"
                    );
                    self.lose_sync();
                }
            }
            State::Skip { remaining } => {
                if missing_len < remaining {
                    detail = format!("{missing_len} bytes missing inside a message being skipped");
                    self.state = State::Skip {
                        remaining: remaining.saturating_sub(missing_len),
                    };
                } else {
                    detail = format!("{missing_len} bytes missing; scanning for the next header");
                    self.lose_sync();
                }
            }
            State::Header => {
                detail = if buffered == 0 {
                    format!("{missing_len} bytes missing at a message boundary; scanning for the next header")
                } else {
                    format!(
                        "{missing_len} bytes missing inside a header; scanning for the next header"
                    )
                };
                self.lose_sync();
            }
            State::Resync => {
                detail = format!("{missing_len} bytes missing while resynchronising");
            }
        }
        self.buf.clear();
        self.buf_offset = gap_offset.saturating_add(missing_len);
        out.push(FramerItem::Anomaly {
            kind: EventKind::CtiqbeGap,
            stream_offset: gap_offset,
            detail,
        });
    }

    /// The stream ended; reports a message cut short.
    pub fn finish(&mut self, out: &mut Vec<FramerItem>) {
        let detail = match self.state {
            State::Body { frame_len, pdu } => Some(format!(
                "stream ended inside a {frame_len}-byte message (PDU {pdu}) after {} bytes",
                self.buf.len()
            )),
            State::Header if !self.buf.is_empty() => Some(format!(
                "stream ended inside a header ({} of {HEADER_LEN} bytes)",
                self.buf.len()
            )),
            State::Skip { remaining } => Some(format!(
                "stream ended {remaining} bytes before the end of a skipped message"
            )),
            State::Resync if self.skipped > 0 || !self.buf.is_empty() => Some(format!(
                "stream ended while resynchronising ({} bytes skipped)",
                self.skipped.saturating_add(self.buf.len() as u64)
            )),
            _ => None,
        };
        if let Some(detail) = detail {
            out.push(FramerItem::Anomaly {
                kind: EventKind::CtiqbeTruncated,
                stream_offset: self.buf_offset,
                detail,
            });
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

    /// Test-only frame builder: a header followed by `fixed` and `var`.
    pub(crate) fn build(pdu: u32, fixed: &[u8], var: &[u8]) -> Vec<u8> {
        let total = HEADER_LEN + fixed.len() + var.len();
        let mut f = Vec::with_capacity(total);
        for w in [
            (total - 8) as u32,
            0,
            MAGIC,
            0x0011_0000,
            pdu,
            HEADER_LEN as u32,
            fixed.len() as u32,
            var.len() as u32,
        ] {
            f.extend_from_slice(&w.to_le_bytes());
        }
        f.extend_from_slice(fixed);
        f.extend_from_slice(var);
        f
    }

    fn words(ws: &[u32]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// Heartbeat as captured (§2).
    const HEARTBEAT: [u8; 32] = [
        0x18, 0, 0, 0, // messageLength 24
        0, 0, 0, 0, // reserved
        0xdd, 0xdd, 0xff, 0xff, // magic
        0, 0, 0x11, 0, // version 0x00110000
        0x78, 0, 0, 0, // PDU 120
        0x20, 0, 0, 0, // fixedPartOffset
        0, 0, 0, 0, // fixedPartLength
        0, 0, 0, 0, // variablePartLength
    ];

    fn frames_of(items: &[FramerItem]) -> Vec<(u64, Vec<u8>)> {
        items
            .iter()
            .filter_map(|i| match i {
                FramerItem::Frame {
                    stream_offset,
                    bytes,
                } => Some((*stream_offset, bytes.clone())),
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
    fn header_view_reads_captured_heartbeat() {
        let h = Header::new_checked(&HEARTBEAT[..]).unwrap();
        assert_eq!(h.message_length(), 24);
        assert_eq!(h.reserved(), 0);
        assert_eq!(h.magic(), MAGIC);
        assert_eq!(h.protocol_version(), 0x0011_0000);
        assert_eq!(h.pdu(), 120);
        assert_eq!(h.fixed_offset(), 32);
        assert_eq!(h.fixed_len(), 0);
        assert_eq!(h.variable_len(), 0);
        assert_eq!(h.check(), Ok(32));
        assert!(h.length_consistent());
        assert!(h.plausible());
    }

    #[test]
    fn header_errors() {
        assert_eq!(
            Header::new_checked(&HEARTBEAT[..31]).unwrap_err(),
            HeaderError::Truncated { len: 31 }
        );
        let mut bad = HEARTBEAT;
        bad[8] = 0;
        assert_eq!(
            Header::new_unchecked(&bad[..]).check(),
            Err(HeaderError::BadMagic { found: 0xFFFF_DD00 })
        );
        let mut bad = HEARTBEAT;
        bad[20] = 0x10;
        assert_eq!(
            Header::new_unchecked(&bad[..]).check(),
            Err(HeaderError::BadOffset { fixed_offset: 16 })
        );
        let mut bad = HEARTBEAT;
        bad[28..32].copy_from_slice(&u32::MAX.to_le_bytes());
        bad[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
        bad[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            Header::new_unchecked(&bad[..]).check(),
            Err(HeaderError::Oversized { .. })
        ));
        // Exactly at the limit is accepted.
        let mut edge = HEARTBEAT;
        edge[28..32].copy_from_slice(&(MAX_MESSAGE_LEN - 32).to_le_bytes());
        assert_eq!(
            Header::new_unchecked(&edge[..]).check(),
            Ok(MAX_MESSAGE_LEN as usize)
        );
        edge[28..32].copy_from_slice(&(MAX_MESSAGE_LEN - 31).to_le_bytes());
        assert!(Header::new_unchecked(&edge[..]).check().is_err());
    }

    #[test]
    fn several_messages_in_one_push() {
        let a = build(127, &words(&[2]), &[]);
        let b = build(9, &words(&[11]), &[]);
        let mut input = a.clone();
        input.extend_from_slice(&HEARTBEAT);
        input.extend_from_slice(&b);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        let frames = frames_of(&out);
        assert_eq!(frames.len(), 3);
        assert_eq!(frames[0], (0, a.clone()));
        assert_eq!(frames[1], (a.len() as u64, HEARTBEAT.to_vec()));
        assert_eq!(frames[2], ((a.len() + 32) as u64, b));
        assert!(kinds_of(&out).is_empty());
        assert_eq!(f.buffered(), 0);
    }

    #[test]
    fn one_message_byte_by_byte() {
        let a = build(43, &words(&[9, 1, 144, 1, 5001]), b"1001\x001002\x00");
        let mut f = Framer::new();
        let mut out = Vec::new();
        for (i, b) in a.iter().enumerate() {
            f.push(std::slice::from_ref(b), &mut out);
            if i + 1 < a.len() {
                assert!(out.is_empty(), "frame emitted early at byte {i}");
            }
        }
        assert_eq!(frames_of(&out), vec![(0, a)]);
    }

    #[test]
    fn split_at_every_position() {
        let a = build(17, &words(&[4, 0, 1, 38]), &[]);
        let mut both = a.clone();
        both.extend_from_slice(&a);
        for cut in 0..=both.len() {
            let mut f = Framer::new();
            let mut out = Vec::new();
            f.push(&both[..cut], &mut out);
            f.push(&both[cut..], &mut out);
            assert_eq!(frames_of(&out).len(), 2, "cut at {cut}");
            assert!(kinds_of(&out).is_empty());
        }
    }

    #[test]
    fn corrupt_frame_then_good_one_resyncs() {
        let good = build(10, &words(&[11, 0]), &[]);
        let mut bad = build(4, &words(&[1, 0]), &[]);
        bad[8] = 0x00; // break the magic
        let mut input = bad.clone();
        input.extend_from_slice(&good);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        assert_eq!(kinds_of(&out), vec!["ctiqbe.bad_magic", "ctiqbe.resync"]);
        assert_eq!(frames_of(&out), vec![(bad.len() as u64, good)]);
        match &out[1] {
            FramerItem::Anomaly { detail, .. } => {
                assert!(detail.contains(&format!("{} bytes", bad.len())))
            }
            _ => panic!(),
        }
    }

    #[test]
    fn resync_across_many_pushes_and_garbage() {
        let good = build(10, &words(&[11, 0]), &[]);
        let mut input = vec![0x55u8; 10_000];
        input.extend_from_slice(&good);
        input.extend_from_slice(&good);
        let mut f = Framer::new();
        let mut out = Vec::new();
        for chunk in input.chunks(7) {
            f.push(chunk, &mut out);
            assert!(f.buffered() <= MAX_MESSAGE_LEN as usize + RESYNC_CHUNK_LEN);
        }
        assert_eq!(kinds_of(&out), vec!["ctiqbe.bad_magic", "ctiqbe.resync"]);
        assert_eq!(frames_of(&out).len(), 2);
        assert_eq!(frames_of(&out)[0].0, 10_000);
    }

    #[test]
    fn midstream_start_decodes_from_first_valid_header() {
        let a = build(44, &words(&[9, 0, 1, 144, 1, 9001]), &[]);
        let b = build(67, &words(&[10, 0]), &[]);
        let mut input = a[13..].to_vec();
        input.extend_from_slice(&b);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        assert_eq!(frames_of(&out), vec![((a.len() - 13) as u64, b)]);
    }

    #[test]
    fn oversized_and_bad_offset_are_reported_and_skipped() {
        let good = build(10, &words(&[11, 0]), &[]);
        let mut big = build(10, &words(&[11, 0]), &[]);
        big[28..32].copy_from_slice(&(1u32 << 20).to_le_bytes());
        let mut low = build(10, &words(&[11, 0]), &[]);
        low[20..24].copy_from_slice(&8u32.to_le_bytes());
        let mut input = big;
        input.extend_from_slice(&good);
        input.extend_from_slice(&low);
        input.extend_from_slice(&good);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        assert_eq!(
            kinds_of(&out),
            vec![
                "ctiqbe.oversized",
                "ctiqbe.resync",
                "ctiqbe.bad_offset",
                "ctiqbe.resync"
            ]
        );
        assert_eq!(frames_of(&out).len(), 2);
    }

    #[test]
    fn length_mismatch_is_reported_but_framing_uses_parts() {
        let mut a = build(10, &words(&[11, 0]), &[]);
        a[0..4].copy_from_slice(&0xDEAD_BEEFu32.to_le_bytes());
        let mut input = a.clone();
        input.extend_from_slice(&HEARTBEAT);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&input, &mut out);
        assert_eq!(kinds_of(&out), vec!["ctiqbe.length_mismatch"]);
        assert_eq!(frames_of(&out).len(), 2);
    }

    #[test]
    fn gap_inside_a_known_frame_skips_its_rest() {
        let a = build(43, &words(&[9, 1, 144, 1, 5001]), b"1001\x001002\x00");
        let b = build(67, &words(&[10, 0]), &[]);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&a[..40], &mut out);
        f.gap(5, &mut out);
        f.push(&a[45..], &mut out);
        f.push(&b, &mut out);
        assert_eq!(kinds_of(&out), vec!["ctiqbe.gap"]);
        assert_eq!(frames_of(&out), vec![(a.len() as u64, b)]);
    }

    #[test]
    fn gap_past_frame_end_rescans() {
        let a = build(43, &words(&[9, 1, 144, 1, 5001]), b"1001\x001002\x00");
        let b = build(67, &words(&[10, 0]), &[]);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&a[..40], &mut out);
        // Lose the rest of `a` and 3 bytes of garbage in front of `b`.
        f.gap((a.len() - 40 + 3) as u64, &mut out);
        f.push(&[1, 2], &mut out);
        f.push(&b, &mut out);
        assert_eq!(kinds_of(&out), vec!["ctiqbe.gap", "ctiqbe.resync"]);
        assert_eq!(frames_of(&out), vec![((a.len() + 5) as u64, b)]);
    }

    #[test]
    fn gap_at_boundary_then_clean_frame() {
        let b = build(67, &words(&[10, 0]), &[]);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&b, &mut out);
        f.gap(100, &mut out);
        f.push(&b, &mut out);
        assert_eq!(kinds_of(&out), vec!["ctiqbe.gap", "ctiqbe.resync"]);
        let frames = frames_of(&out);
        assert_eq!(frames.len(), 2);
        assert_eq!(frames[1].0, b.len() as u64 + 100);
    }

    #[test]
    fn finish_reports_cut_message() {
        let a = build(43, &words(&[9, 1, 144, 1, 5001]), &[]);
        let mut f = Framer::new();
        let mut out = Vec::new();
        f.push(&a[..a.len() - 1], &mut out);
        f.finish(&mut out);
        assert_eq!(kinds_of(&out), vec!["ctiqbe.truncated"]);
    }

    #[test]
    fn every_prefix_never_panics_and_never_frames_early() {
        let a = build(43, &words(&[9, 1, 144, 1, 5001]), b"1001\x001002\x00");
        for cut in 0..a.len() {
            let mut f = Framer::new();
            let mut out = Vec::new();
            f.push(&a[..cut], &mut out);
            assert!(frames_of(&out).is_empty());
            f.finish(&mut out);
        }
    }
}
