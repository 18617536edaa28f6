//! Where SIP messages start and end: in a TCP byte stream (RFC 3261 §18.3: the head ends at
//! the empty line, the body is Content-Length bytes; several messages per segment, one message
//! over several) and in a UDP datagram (one message, or several back to back; without
//! Content-Length the body runs to the end of the datagram).
//!
//! Before a message the framer skips CRLF keep-alives (RFC 5626 §4.4.1) and zero padding
//! silently, and anything else (junk, the tail of a message cut by a gap) up to the next start
//! line, reporting how much it skipped (`sip.resync`). A head that does not end within the
//! maximum message size, or a Content-Length past it, is cut at that size (`sip.limit`) and
//! the rest skipped. The buffer never holds more than the maximum message size plus one read.

use super::parse::{find_start, head_end, lines, parse_head, parse_start_line, Head, StartLine};

/// Longest first line waited for before the bytes are taken for junk.
pub const MAX_START_LINE_LEN: usize = 8 * 1024;
/// Bytes kept at the end of junk in case they start a method name split across segments.
const KEEP_TAIL: usize = 16;

/// Why a message was cut or its length guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Issue {
    /// Content-Length not a number or several disagree: the body is taken as empty (stream)
    /// or as the rest of the datagram.
    BadContentLength,
    /// No Content-Length on a stream transport (RFC 3261 §18.3 requires it): taken as 0.
    MissingContentLength,
    /// Content-Length past the end of the datagram (or of the capture): the message is cut.
    Truncated { declared: u64 },
    /// Longer than the maximum message size: the message is cut to it, the rest skipped.
    TooLarge { declared: Option<u64> },
}

/// One step over the bytes at the front of a buffer.
#[derive(Debug)]
enum Step {
    /// Keep-alive or padding bytes.
    Idle(usize),
    /// Bytes that are not SIP, up to a possible start.
    Junk(usize),
    /// More bytes needed.
    Need,
    /// A message of `len` bytes, then `skip` more bytes of it that are not kept.
    Message {
        len: usize,
        skip: u64,
        head: Option<Head>,
        issue: Option<Issue>,
    },
}

fn is_idle(c: u8) -> bool {
    matches!(c, b'\r' | b'\n' | b' ' | b'\t' | 0)
}

/// Whether the first line is a start line to decode from here (not junk glued to a method:
/// `DBREGISTER sip:…` starts at `REGISTER`). An extension method is only believed in sync (at
/// the start of the bytes or right after a message): after junk, `4 a.b SIP/2.0` inside a
/// mangled message is junk too, so the framer resynchronises on known methods and status lines
/// alone, wherever the junk was cut.
fn start_here(line: &[u8], synced: bool) -> Option<usize> {
    match parse_start_line(line, 0)? {
        // Out of sync, exactly what `find_start` looks for: `SIP/2.0 `, not any version.
        StartLine::Response { .. } if synced || line.starts_with(b"SIP/2.0 ") => Some(0),
        StartLine::Response { .. } => None,
        StartLine::Request { method, .. } => {
            let m = line.get(method).unwrap_or_default();
            if super::parse::method_code(m) != 0 {
                return Some(0);
            }
            // An unknown method that ends with a known one is junk before it.
            let glued = super::parse::METHODS
                .iter()
                .filter(|k| m.len() > k.len() && m.ends_with(k.as_bytes()))
                .map(|k| m.len().saturating_sub(k.len()))
                .next();
            match glued {
                Some(junk) => Some(junk),
                None if synced => Some(0),
                None => None,
            }
        }
    }
}

/// What the bytes at `buf[0]` are. `stream`: TCP (wait for more) or a datagram (all there is).
fn step(
    buf: &[u8],
    stream: bool,
    at_end: bool,
    synced: bool,
    max_message: usize,
    max_headers: usize,
) -> Step {
    // A cut message must still move the framer forward.
    let max_message = max_message.max(64);
    let idle = buf.iter().take_while(|c| is_idle(**c)).count();
    if idle > 0 {
        return Step::Idle(idle);
    }
    if buf.is_empty() {
        return Step::Need;
    }
    let wait = stream && !at_end;
    let Some((line, full)) = lines(buf, 0..buf.len()).next() else {
        return Step::Need;
    };
    if full.end == line.end && wait && buf.len() < MAX_START_LINE_LEN {
        return Step::Need; // the first line is not complete yet
    }
    let first = buf.get(line).unwrap_or_default();
    match start_here(first, synced) {
        Some(0) => {}
        Some(junk) => return Step::Junk(junk),
        None => {
            let scan = buf.len().min(max_message);
            return match find_start(buf, scan) {
                Some(at) if at > 0 => Step::Junk(at),
                _ if wait => Step::Junk(
                    buf.len()
                        .saturating_sub(KEEP_TAIL)
                        .max(full.end)
                        .min(buf.len()),
                ),
                _ => Step::Junk(buf.len()),
            };
        }
    }
    let Some(head_len) = head_end(buf) else {
        if wait && buf.len() < max_message {
            return Step::Need;
        }
        let len = buf.len().min(max_message);
        let issue = (len < buf.len() || wait).then_some(Issue::TooLarge { declared: None });
        let head = parse_head(buf.get(..len).unwrap_or_default(), max_headers).ok();
        return Step::Message {
            len,
            skip: 0,
            head,
            issue,
        };
    };
    let head = parse_head(buf.get(..head_len).unwrap_or_default(), max_headers).ok();
    let cl = head.as_ref().map_or(Ok(None), |h| h.content_length(buf));
    let (body, issue) = match cl {
        Ok(Some(n)) => (Some(n), None),
        Ok(None) if stream => (Some(0), Some(Issue::MissingContentLength)),
        Ok(None) => (None, None),
        Err(_) if stream => (Some(0), Some(Issue::BadContentLength)),
        Err(_) => (None, Some(Issue::BadContentLength)),
    };
    let Some(body) = body else {
        // Datagram without a usable Content-Length: the body is the rest.
        let len = buf.len().min(max_message);
        let issue = if len < buf.len() {
            Some(Issue::TooLarge { declared: None })
        } else {
            issue
        };
        return Step::Message {
            len,
            skip: 0,
            head,
            issue,
        };
    };
    let total = u64::try_from(head_len)
        .unwrap_or(u64::MAX)
        .saturating_add(body);
    let max = u64::try_from(max_message).unwrap_or(u64::MAX);
    if total > max {
        if wait && buf.len() < max_message {
            return Step::Need;
        }
        let len = buf.len().min(max_message);
        let skip = if stream {
            total.saturating_sub(u64::try_from(len).unwrap_or(u64::MAX))
        } else {
            0
        };
        return Step::Message {
            len,
            skip,
            head,
            issue: Some(Issue::TooLarge {
                declared: Some(body),
            }),
        };
    }
    let total = usize::try_from(total).unwrap_or(usize::MAX);
    if total > buf.len() {
        if wait {
            return Step::Need;
        }
        return Step::Message {
            len: buf.len(),
            skip: 0,
            head,
            issue: Some(Issue::Truncated { declared: body }),
        };
    }
    Step::Message {
        len: total,
        skip: 0,
        head,
        issue,
    }
}

/// What the framer produced.
#[derive(Debug)]
pub enum Item {
    /// One message: its bytes, where it starts in the direction's stream (or datagram series),
    /// its parsed head, and why its length is doubtful.
    Message {
        offset: u64,
        bytes: Vec<u8>,
        head: Option<Head>,
        issue: Option<Issue>,
    },
    /// `len` bytes skipped that were not SIP, from `offset`.
    Resync { offset: u64, len: u64 },
    /// `len` bytes of the stream were never captured; a message in progress was dropped
    /// (`lost` buffered bytes).
    Gap { offset: u64, len: u64, lost: usize },
}

/// Cuts one direction of a TCP connection into SIP messages.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// Stream offset of `buf[0]`.
    offset: u64,
    /// Bytes of a cut message still to skip.
    skip: u64,
    /// Junk skipped since the last message, reported when the next message starts.
    junk: Option<(u64, u64)>,
    /// No junk or gap since the last message (or the start): see [`start_here`].
    synced: bool,
    max_message: usize,
    max_headers: usize,
}

impl Framer {
    pub fn new(max_message: usize, max_headers: usize) -> Framer {
        Framer {
            max_message,
            max_headers,
            synced: true,
            ..Framer::default()
        }
    }

    /// Bytes held (at most the maximum message size plus one push).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len());
        self.buf.drain(..n);
        self.offset = self.offset.saturating_add(n as u64);
    }

    fn flush_junk(&mut self, out: &mut Vec<Item>) {
        if let Some((offset, len)) = self.junk.take() {
            out.push(Item::Resync { offset, len });
        }
    }

    /// Feeds in-order bytes; messages and anomalies are appended to `out`.
    pub fn push(&mut self, mut input: &[u8], out: &mut Vec<Item>) {
        if self.skip > 0 {
            let n = usize::try_from(self.skip)
                .unwrap_or(usize::MAX)
                .min(input.len());
            input = input.get(n..).unwrap_or_default();
            self.skip = self.skip.saturating_sub(n as u64);
            self.offset = self.offset.saturating_add(n as u64);
            if self.skip > 0 {
                return;
            }
        }
        self.buf.extend_from_slice(input);
        self.drain(false, out);
    }

    fn drain(&mut self, at_end: bool, out: &mut Vec<Item>) {
        loop {
            match step(
                &self.buf,
                true,
                at_end,
                self.synced,
                self.max_message,
                self.max_headers,
            ) {
                Step::Need => return,
                Step::Idle(n) => {
                    self.flush_junk(out);
                    self.consume(n);
                }
                Step::Junk(n) => {
                    let n = n.max(1).min(self.buf.len());
                    if n == 0 {
                        return;
                    }
                    let (start, len) = self.junk.unwrap_or((self.offset, 0));
                    self.junk = Some((start, len.saturating_add(n as u64)));
                    self.synced = false;
                    self.consume(n);
                    if self.buf.is_empty() {
                        return;
                    }
                }
                Step::Message {
                    len,
                    skip,
                    head,
                    issue,
                } => {
                    self.flush_junk(out);
                    // After a head cut at the size cap, what follows is the rest of it.
                    self.synced = !matches!(issue, Some(Issue::TooLarge { declared: None }));
                    let bytes = self.buf.get(..len).unwrap_or_default().to_vec();
                    out.push(Item::Message {
                        offset: self.offset,
                        bytes,
                        head,
                        issue,
                    });
                    self.consume(len);
                    if skip > 0 {
                        let n = usize::try_from(skip)
                            .unwrap_or(usize::MAX)
                            .min(self.buf.len());
                        self.consume(n);
                        self.skip = skip.saturating_sub(n as u64);
                        if self.skip > 0 {
                            return;
                        }
                    }
                }
            }
        }
    }

    /// `len` bytes were lost: whatever was buffered cannot be completed.
    pub fn gap(&mut self, len: u64, out: &mut Vec<Item>) {
        self.flush_junk(out);
        let lost = self.buf.len();
        let offset = self.offset;
        self.synced = false;
        self.offset = self.offset.saturating_add(lost as u64).saturating_add(len);
        self.buf.clear();
        let absorbed = self.skip.min(len);
        self.skip = self.skip.saturating_sub(absorbed);
        out.push(Item::Gap { offset, len, lost });
    }

    /// The stream ended: what is buffered is decoded as far as it goes.
    pub fn finish(&mut self, out: &mut Vec<Item>) {
        self.drain(true, out);
        self.flush_junk(out);
    }
}

/// Cuts one datagram into messages; `base` is the datagram's offset in its direction's series.
pub fn split_datagram(
    data: &[u8],
    base: u64,
    max_message: usize,
    max_headers: usize,
    out: &mut Vec<Item>,
) {
    let mut at = 0usize;
    let mut junk: Option<(u64, u64)> = None;
    let mut synced = true;
    let off = |at: usize| base.saturating_add(at as u64);
    while let Some(rest) = data.get(at..).filter(|r| !r.is_empty()) {
        match step(rest, false, true, synced, max_message, max_headers) {
            Step::Need => break,
            Step::Idle(n) => at = at.saturating_add(n.max(1)),
            Step::Junk(n) => {
                let n = n.max(1);
                let (s, l) = junk.unwrap_or((off(at), 0));
                junk = Some((s, l.saturating_add(n as u64)));
                synced = false;
                at = at.saturating_add(n);
            }
            Step::Message {
                len, head, issue, ..
            } => {
                if let Some((offset, len)) = junk.take() {
                    out.push(Item::Resync { offset, len });
                }
                synced = !matches!(issue, Some(Issue::TooLarge { declared: None }));
                let len = len.max(1);
                out.push(Item::Message {
                    offset: off(at),
                    bytes: rest.get(..len).unwrap_or_default().to_vec(),
                    head,
                    issue,
                });
                at = at.saturating_add(len);
            }
        }
    }
    if let Some((offset, len)) = junk {
        out.push(Item::Resync { offset, len });
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    const A: &[u8] = b"OPTIONS sip:a@h SIP/2.0\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 5\r\n\r\nhello";
    const B: &[u8] = b"SIP/2.0 200 OK\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n";

    fn messages(items: &[Item]) -> Vec<Vec<u8>> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Message { bytes, .. } => Some(bytes.clone()),
                _ => None,
            })
            .collect()
    }

    fn stream(chunks: &[&[u8]]) -> Vec<Item> {
        let mut f = Framer::new(64 * 1024, 64);
        let mut out = Vec::new();
        for c in chunks {
            f.push(c, &mut out);
        }
        f.finish(&mut out);
        out
    }

    #[test]
    fn split_at_every_byte() {
        let mut all = b"\r\n\r\n".to_vec();
        all.extend_from_slice(A);
        all.extend_from_slice(B);
        all.extend_from_slice(A);
        for cut in 0..=all.len() {
            let out = stream(&[&all[..cut], &all[cut..]]);
            assert_eq!(messages(&out), [A, B, A], "cut at {cut}");
            assert!(
                out.iter()
                    .all(|i| matches!(i, Item::Message { issue: None, .. })),
                "cut at {cut}: {out:?}"
            );
        }
        let bytes: Vec<&[u8]> = all.chunks(1).collect();
        assert_eq!(messages(&stream(&bytes)), [A, B, A]);
    }

    #[test]
    fn junk_is_skipped_and_reported() {
        let mut all = b"GET garbage\r\nmore garbage\r\n".to_vec();
        all.extend_from_slice(A);
        all.extend_from_slice(b"\x01\x02\x03");
        all.extend_from_slice(B);
        let out = stream(&[&all]);
        assert_eq!(messages(&out), [A, B]);
        let resyncs: Vec<(u64, u64)> = out
            .iter()
            .filter_map(|i| match i {
                Item::Resync { offset, len } => Some((*offset, *len)),
                _ => None,
            })
            .collect();
        assert_eq!(resyncs, [(0, 27), (27 + A.len() as u64, 3)]);
        let glued = b"DBREGISTER sip:1.1.1.1:5060 SIP/2.0\r\nExpires: 3600\r\n\r\n";
        let mut out = Vec::new();
        split_datagram(glued, 0, 65536, 64, &mut out);
        assert!(matches!(out[0], Item::Resync { offset: 0, len: 2 }));
        assert!(messages(&out)[0].starts_with(b"REGISTER "));
    }

    #[test]
    fn lengths() {
        // Missing Content-Length on TCP: empty body, flagged.
        let out = stream(&[b"SIP/2.0 200 OK\r\nCSeq: 1 BYE\r\n\r\n"]);
        assert!(matches!(
            out[0],
            Item::Message {
                issue: Some(Issue::MissingContentLength),
                ..
            }
        ));
        // Content-Length past the end of the capture.
        let out = stream(&[b"SIP/2.0 200 OK\r\nl: 100\r\n\r\nabc"]);
        assert!(matches!(
            out[0],
            Item::Message {
                issue: Some(Issue::Truncated { declared: 100 }),
                ..
            }
        ));
        // Too large: cut, the rest skipped, the next message found.
        let mut f = Framer::new(256, 64);
        let mut out = Vec::new();
        let mut big = b"MESSAGE sip:a@h SIP/2.0\r\nl: 1000\r\n\r\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', 1000));
        big.extend_from_slice(B);
        for c in big.chunks(100) {
            f.push(c, &mut out);
        }
        f.finish(&mut out);
        let m = messages(&out);
        assert_eq!((m.len(), m[0].len(), m[1].as_slice()), (2, 256, B));
        assert!(f.buffered() == 0);
        // Datagram: no Content-Length, body to the end; two messages in one datagram.
        let mut out = Vec::new();
        let mut dg = A.to_vec();
        dg.extend_from_slice(b"SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\n\r\nbody");
        split_datagram(&dg, 0, 65536, 64, &mut out);
        assert_eq!(messages(&out).len(), 2);
        assert!(messages(&out)[1].ends_with(b"body"));
    }

    #[test]
    fn after_junk_only_known_methods_resynchronise() {
        // Found by the fuzzer: a cut inside junk left `4 10.0.0.pl SIP/2.0` at the front.
        let mut all = b"garbage garbage garbage garbage\r\n4 10.0.0.pl SIP/2.0\r\nX: y\r\n\r\n".to_vec();
        all.extend_from_slice(B);
        for piece in [1, 7, 40, all.len()] {
            let chunks: Vec<&[u8]> = all.chunks(piece).collect();
            assert_eq!(messages(&stream(&chunks)), [B], "pieces of {piece}");
        }
        // Nor does a status line of another version.
        let mut odd = b"junk\r\nSIP/0.0 180 Ringing\r\nl: 0\r\n\r\n".to_vec();
        odd.extend_from_slice(B);
        for piece in [1, 7, odd.len()] {
            let chunks: Vec<&[u8]> = odd.chunks(piece).collect();
            assert_eq!(messages(&stream(&chunks)), [B], "pieces of {piece}");
        }
        // In sync, an extension method is a message.
        let ext = b"FOO sip:x SIP/2.0\r\nl: 0\r\n\r\n";
        assert_eq!(messages(&stream(&[ext])), [&ext[..]]);
    }

    #[test]
    fn gap_drops_the_partial_message() {
        let mut f = Framer::new(65536, 64);
        let mut out = Vec::new();
        f.push(&A[..20], &mut out);
        f.gap(30, &mut out);
        f.push(&A[50..], &mut out);
        f.push(B, &mut out);
        f.finish(&mut out);
        assert!(matches!(
            out[0],
            Item::Gap {
                offset: 0,
                len: 30,
                lost: 20
            }
        ));
        assert_eq!(messages(&out), [B]);
        assert!(out.iter().any(|i| matches!(i, Item::Resync { .. })));
    }

    #[test]
    fn hostile_prefixes_never_panic() {
        for n in 0..A.len() {
            let mut out = Vec::new();
            split_datagram(&A[..n], 0, 64, 2, &mut out);
            let _ = stream(&[&A[..n]]);
        }
        let mut out = Vec::new();
        split_datagram(&[0xff; 300], 0, 64, 2, &mut out);
        assert!(matches!(out[..], [Item::Resync { len: 300, .. }]));
    }
}
