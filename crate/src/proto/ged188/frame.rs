//! The 8-byte GED-188 message header (MHDR) and the per-direction framer that cuts a byte
//! stream into messages.
//!
//! MHDR (spec §2, CONFIRMED): MessageLength (big-endian UINT, the bytes that *follow* the
//! header: fixed part plus floating part) and MessageType (UINT). A message is
//! `MessageLength + 8` bytes. One TCP segment may carry several messages and one message may
//! span segments (spec §1).
//!
//! [`Framer`] owns one direction: it buffers partial input, yields whole messages, and after a
//! gap or an impossible header scans for the next plausible one (a type the spec names with a
//! length its fixed part allows). It buffers at most one message plus one resync chunk.
//! The 8 zero bytes one library appends to CLOSE_REQ (spec §2, cap4) frame as an 8-byte
//! message of type 0; the decoder flags it ([`super::decode`]).

use std::fmt;

use super::schema;
use crate::model::EventKind;

/// Length of the MHDR.
pub const HEADER_LEN: usize = 8;
/// Default largest message, header included: the spec's decoders accept up to 64 KiB (the
/// largest documented message is 12 500 bytes at v24, spec §1) and flag larger lengths.
pub const DEFAULT_MAX_MESSAGE_LEN: u32 = 64 * 1024;
/// Highest MessageType framed at all; unknown types up to it are framed and flagged (a newer
/// server may send types the spec does not list), higher ones mean the stream is out of sync.
pub const MAX_FRAMED_TYPE: u32 = 1023;
/// Bytes the resync scan copies in at a time (plus the 7-byte tail it keeps).
pub const RESYNC_CHUNK_LEN: usize = 4096;

/// Reads a big-endian u32 at byte offset `at`.
pub fn be_u32(buf: &[u8], at: usize) -> Option<u32> {
    let b = buf.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(b.try_into().ok()?))
}

/// Reads a big-endian u16 at byte offset `at`.
pub fn be_u16(buf: &[u8], at: usize) -> Option<u16> {
    let b = buf.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes(b.try_into().ok()?))
}

/// Why the bytes at a message start are not a usable header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderError {
    Truncated { len: usize },
    /// MessageLength makes the message longer than the maximum.
    BadLength { length: u32, max_message_len: u32 },
    /// MessageType 0 with a body, or above [`MAX_FRAMED_TYPE`].
    BadType { message_type: u32 },
}

impl HeaderError {
    pub fn kind(&self) -> EventKind {
        match self {
            HeaderError::Truncated { .. } => EventKind::Ged188Truncated,
            HeaderError::BadLength { .. } => EventKind::Ged188BadLength,
            HeaderError::BadType { .. } => EventKind::Ged188UnknownType,
        }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Truncated { len } => write!(f, "MHDR needs {HEADER_LEN} bytes, {len} available"),
            HeaderError::BadLength { length, max_message_len } => write!(
                f,
                "MessageLength {length} at offset 0: at most {} allowed (messages up to {max_message_len} bytes)",
                max_message_len.saturating_sub(HEADER_LEN as u32)
            ),
            HeaderError::BadType { message_type } => {
                write!(f, "MessageType {message_type} at offset 4 cannot start a message")
            }
        }
    }
}

impl std::error::Error for HeaderError {}

/// The two MHDR words, read from a buffer that holds at least [`HEADER_LEN`] bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub length: u32,
    pub message_type: u32,
}

impl Header {
    pub fn parse(buf: &[u8]) -> Result<Header, HeaderError> {
        match (be_u32(buf, 0), be_u32(buf, 4)) {
            (Some(length), Some(message_type)) => Ok(Header { length, message_type }),
            _ => Err(HeaderError::Truncated { len: buf.len() }),
        }
    }

    /// The whole message's length, header included.
    pub fn message_len(&self) -> u64 {
        u64::from(self.length).saturating_add(HEADER_LEN as u64)
    }

    /// Validates what framing depends on and returns the message length.
    pub fn check(&self, max_message_len: u32) -> Result<usize, HeaderError> {
        if self.message_len() > u64::from(max_message_len) {
            return Err(HeaderError::BadLength { length: self.length, max_message_len });
        }
        if self.message_type > MAX_FRAMED_TYPE || (self.message_type == 0 && self.length != 0) {
            return Err(HeaderError::BadType { message_type: self.message_type });
        }
        usize::try_from(self.message_len())
            .map_err(|_| HeaderError::BadLength { length: self.length, max_message_len })
    }

    /// Good enough to resynchronise on or to recognise a flow: a valid header of a type the
    /// spec names, long enough for the shortest layout of its fixed part.
    pub fn plausible(&self, max_message_len: u32) -> bool {
        self.check(max_message_len).is_ok()
            && schema::name(self.message_type).is_some()
            && schema::layouts(self.message_type)
                .iter()
                .flatten()
                .map(|l| schema::fixed_len(l.fields))
                .min()
                .is_none_or(|min| u64::from(self.length) >= min as u64)
    }
}

/// What the framer produced.
#[derive(Clone, Debug, PartialEq)]
pub enum FramerItem {
    /// One complete message (header included), starting at `stream_offset` of the direction.
    Frame { stream_offset: u64, bytes: Vec<u8> },
    Anomaly { kind: EventKind, stream_offset: u64, detail: String },
}

/// What a resync scan found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    Found(usize),
    /// A candidate at `pos` whose message needs `need` bytes (its successor's header included).
    Wait { pos: usize, need: usize },
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Header,
    Body { len: usize, message_type: u32 },
    Skip { remaining: u64 },
    Resync,
}

/// Cuts one direction's byte stream into GED-188 messages.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    buf_offset: u64,
    state: State,
    skipped: u64,
    max_message_len: u32,
}

impl Default for Framer {
    fn default() -> Self {
        Framer::new(DEFAULT_MAX_MESSAGE_LEN)
    }
}

impl Framer {
    pub fn new(max_message_len: u32) -> Framer {
        Framer {
            buf: Vec::new(),
            buf_offset: 0,
            state: State::Header,
            skipped: 0,
            max_message_len: max_message_len.max(HEADER_LEN as u32),
        }
    }

    /// Bytes currently buffered.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    pub fn next_offset(&self) -> u64 {
        self.buf_offset.saturating_add(self.buf.len() as u64)
    }

    fn fill<'a>(&mut self, input: &'a [u8], want: usize) -> &'a [u8] {
        let take = want.saturating_sub(self.buf.len()).min(input.len());
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
                    let checked = Header::parse(&self.buf).and_then(|h| h.check(self.max_message_len).map(|l| (h, l)));
                    match checked {
                        Ok((h, len)) => self.state = State::Body { len, message_type: h.message_type },
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
                    self.state = State::Header;
                    out.push(FramerItem::Frame { stream_offset, bytes });
                }
                State::Resync => match self.scan() {
                    Scan::Found(pos) => {
                        self.resynced(pos, out);
                        continue;
                    }
                    Scan::Wait { pos, need } => {
                        // A candidate whose successor is not buffered yet: decide once it is
                        // (or at the end of the stream), so the outcome does not depend on how
                        // the bytes were cut into pieces.
                        self.consume(pos);
                        self.skipped = self.skipped.saturating_add(pos as u64);
                        if input.is_empty() {
                            return;
                        }
                        input = self.fill(input, need);
                    }
                    Scan::None => {
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
                },
            }
        }
    }

    fn resynced(&mut self, pos: usize, out: &mut Vec<FramerItem>) {
        self.consume(pos);
        self.skipped = self.skipped.saturating_add(pos as u64);
        out.push(FramerItem::Anomaly {
            kind: EventKind::Ged188Resync,
            stream_offset: self.buf_offset,
            detail: format!("resynchronised on a plausible header after skipping {} bytes", self.skipped),
        });
        self.skipped = 0;
        self.state = State::Header;
    }

    /// The first position in the buffer where a plausible header starts whose message is
    /// followed by another plausible header: small binary integers inside a message often look
    /// like a header, two in a row rarely do. A candidate whose successor is not buffered yet
    /// stops the scan ([`Scan::Wait`]).
    fn scan(&self) -> Scan {
        let max = self.max_message_len;
        let Some(last) = self.buf.len().checked_sub(HEADER_LEN) else { return Scan::None };
        for pos in 0..=last {
            // Cheap filter first: the type word's upper two bytes are zero.
            if self.buf.get(pos.saturating_add(4)..pos.saturating_add(6)) != Some(&[0, 0][..]) {
                continue;
            }
            let Some(b) = self.buf.get(pos..) else { break };
            let Some(h) = Header::parse(b).ok().filter(|h| h.plausible(max)) else { continue };
            let Ok(len) = h.check(max) else { continue };
            let need = len.saturating_add(HEADER_LEN);
            match b.get(len..) {
                Some(next) if next.len() >= HEADER_LEN => {
                    if Header::parse(next).is_ok_and(|n| n.plausible(max)) {
                        return Scan::Found(pos);
                    }
                }
                _ => return Scan::Wait { pos, need },
            }
        }
        Scan::None
    }

    /// `missing_len` bytes were never captured; the next `push` continues after them.
    pub fn gap(&mut self, missing_len: u64, out: &mut Vec<FramerItem>) {
        let gap_offset = self.next_offset();
        let buffered = self.buf.len() as u64;
        let detail = match self.state {
            State::Body { len, message_type } => {
                let left = (len as u64).saturating_sub(buffered);
                let name = schema::display_name(message_type);
                if missing_len < left {
                    self.state = State::Skip { remaining: left.saturating_sub(missing_len) };
                    format!("{missing_len} bytes missing inside a {len}-byte {name}; its remaining {} bytes are skipped", left.saturating_sub(missing_len))
                } else {
                    self.lose_sync();
                    format!("{missing_len} bytes missing from inside a {len}-byte {name} onwards; scanning for the next header")
                }
            }
            State::Skip { remaining } => {
                if missing_len < remaining {
                    self.state = State::Skip { remaining: remaining.saturating_sub(missing_len) };
                    format!("{missing_len} bytes missing inside a message being skipped")
                } else {
                    self.lose_sync();
                    format!("{missing_len} bytes missing; scanning for the next header")
                }
            }
            State::Header => {
                self.lose_sync();
                if buffered == 0 {
                    format!("{missing_len} bytes missing at a message boundary; scanning for the next header")
                } else {
                    format!("{missing_len} bytes missing inside a header; scanning for the next header")
                }
            }
            State::Resync => format!("{missing_len} bytes missing while resynchronising"),
        };
        self.buf.clear();
        self.buf_offset = gap_offset.saturating_add(missing_len);
        out.push(FramerItem::Anomaly { kind: EventKind::Ged188Gap, stream_offset: gap_offset, detail });
    }

    /// The stream ended; reports a message cut short. While resynchronising, a plausible
    /// message that ends exactly where the stream ends is the last message.
    pub fn finish(&mut self, out: &mut Vec<FramerItem>) {
        if let (State::Resync, Scan::Wait { pos, .. }) = (self.state, self.scan()) {
            let exact = self
                .buf
                .get(pos..)
                .and_then(|b| Header::parse(b).ok())
                .and_then(|h| h.check(self.max_message_len).ok())
                .is_some_and(|len| pos.saturating_add(len) == self.buf.len());
            if exact {
                self.resynced(pos, out);
                let bytes = std::mem::take(&mut self.buf);
                let stream_offset = self.buf_offset;
                self.buf_offset = self.buf_offset.saturating_add(bytes.len() as u64);
                out.push(FramerItem::Frame { stream_offset, bytes });
            }
        }
        let detail = match self.state {
            State::Body { len, message_type } => Some(format!(
                "stream ended inside a {len}-byte {} after {} bytes",
                schema::display_name(message_type),
                self.buf.len()
            )),
            State::Header if !self.buf.is_empty() => {
                Some(format!("stream ended inside a header ({} of {HEADER_LEN} bytes)", self.buf.len()))
            }
            State::Skip { remaining } => Some(format!("stream ended {remaining} bytes before the end of a skipped message")),
            State::Resync if self.skipped > 0 || !self.buf.is_empty() => Some(format!(
                "stream ended while resynchronising ({} bytes skipped)",
                self.skipped.saturating_add(self.buf.len() as u64)
            )),
            _ => None,
        };
        if let Some(detail) = detail {
            out.push(FramerItem::Anomaly { kind: EventKind::Ged188Truncated, stream_offset: self.buf_offset, detail });
        }
        self.buf.clear();
        self.state = State::Header;
        self.skipped = 0;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub(crate) mod tests {
    use super::*;

    /// Test-only message builder: MHDR for `message_type` and `body`.
    pub(crate) fn build(message_type: u32, body: &[u8]) -> Vec<u8> {
        let mut m = Vec::with_capacity(HEADER_LEN + body.len());
        m.extend_from_slice(&(body.len() as u32).to_be_bytes());
        m.extend_from_slice(&message_type.to_be_bytes());
        m.extend_from_slice(body);
        m
    }

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

    fn stream() -> Vec<u8> {
        let mut s = build(5, &7u32.to_be_bytes()); // HEARTBEAT_REQ InvokeID 7
        s.extend(build(7, &[0, 0, 0, 8, 0, 0, 0, 0])); // CLOSE_REQ
        s.extend([0u8; 8]); // the zero pseudo-frame
        s.extend(build(8, &8u32.to_be_bytes())); // CLOSE_CONF
        s
    }

    #[test]
    fn frames_split_at_every_byte() {
        let s = stream();
        let mut whole = Vec::new();
        Framer::default().push(&s, &mut whole);
        let expected = frames_of(&whole);
        assert_eq!(expected.len(), 4);
        assert_eq!(expected[2], (28, vec![0; 8]));
        assert!(kinds_of(&whole).is_empty());
        for cut in 0..=s.len() {
            let mut f = Framer::default();
            let mut out = Vec::new();
            f.push(&s[..cut], &mut out);
            f.push(&s[cut..], &mut out);
            assert_eq!(frames_of(&out), expected, "cut at {cut}");
            assert_eq!(f.buffered(), 0);
        }
        // One byte at a time.
        let mut f = Framer::default();
        let mut out = Vec::new();
        for b in &s {
            f.push(std::slice::from_ref(b), &mut out);
        }
        assert_eq!(frames_of(&out), expected);
    }

    #[test]
    fn bad_length_resyncs_on_the_next_plausible_header() {
        let mut s = vec![0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 5, 1, 2, 3];
        let good = build(5, &9u32.to_be_bytes());
        s.extend(&good);
        let mut out = Vec::new();
        let mut f = Framer::default();
        f.push(&s, &mut out);
        f.finish(&mut out);
        assert_eq!(kinds_of(&out), vec!["ged188.bad_length", "ged188.resync"]);
        assert_eq!(frames_of(&out), vec![(11, good)]);
    }

    #[test]
    fn resync_does_not_depend_on_the_pieces() {
        // A bad length, then bytes where a header-like integer sits before the real messages
        // (found by the ged188 fuzz target: the outcome used to depend on what was buffered).
        let mut s = vec![0x60; 8];
        s.extend([0, 0, 0, 7, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
        s.extend(stream());
        let run = |cut: usize| {
            let mut f = Framer::default();
            let mut out = Vec::new();
            f.push(&s[..cut], &mut out);
            f.push(&s[cut..], &mut out);
            f.finish(&mut out);
            out
        };
        let whole = run(s.len());
        assert!(kinds_of(&whole).contains(&"ged188.resync"));
        for cut in 0..s.len() {
            assert_eq!(run(cut), whole, "cut at {cut}");
        }
    }

    #[test]
    fn type_zero_with_a_body_and_huge_types_are_not_frames() {
        assert!(Header { length: 0, message_type: 0 }.check(DEFAULT_MAX_MESSAGE_LEN).is_ok());
        assert!(Header { length: 4, message_type: 0 }.check(DEFAULT_MAX_MESSAGE_LEN).is_err());
        assert!(Header { length: 4, message_type: 70000 }.check(DEFAULT_MAX_MESSAGE_LEN).is_err());
        assert!(Header { length: 4, message_type: 500 }.check(DEFAULT_MAX_MESSAGE_LEN).is_ok());
        assert!(!Header { length: 4, message_type: 500 }.plausible(DEFAULT_MAX_MESSAGE_LEN));
        // OPEN_REQ shorter than its 44-byte fixed part is not plausible.
        assert!(!Header { length: 8, message_type: 3 }.plausible(DEFAULT_MAX_MESSAGE_LEN));
        assert!(Header { length: 60, message_type: 3 }.plausible(DEFAULT_MAX_MESSAGE_LEN));
    }

    #[test]
    fn gaps_skip_the_rest_of_a_message_or_resync() {
        let s = stream();
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&s[..10], &mut out); // 2 bytes into the HEARTBEAT_REQ body
        f.gap(1, &mut out);
        f.push(&s[11..], &mut out);
        assert_eq!(kinds_of(&out), vec!["ged188.gap"]);
        assert_eq!(frames_of(&out).len(), 3);
        // A gap at a boundary: resync finds the next message.
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&s[..12], &mut out);
        f.gap(3, &mut out);
        f.push(&s[15..], &mut out);
        assert_eq!(kinds_of(&out), vec!["ged188.gap"], "the last message waits for the end of the stream");
        f.finish(&mut out);
        assert_eq!(kinds_of(&out), vec!["ged188.gap", "ged188.resync"]);
        assert!(frames_of(&out).iter().any(|(_, b)| b[7] == 8));
    }

    #[test]
    fn finish_reports_a_cut_message() {
        let s = stream();
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(&s[..5], &mut out);
        f.finish(&mut out);
        assert_eq!(kinds_of(&out), vec!["ged188.truncated"]);
    }
}
