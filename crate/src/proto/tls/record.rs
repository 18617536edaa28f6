//! One direction's TLS record layer (RFC 8446 §5.1, RFC 5246 §6.2): buffers the stream, cuts
//! it into records, and reassembles handshake messages that span records. Bounded: a record is
//! at most [`MAX_RECORD_LEN`] and a handshake message at most [`MAX_HANDSHAKE_LEN`].
//!
//! Application data is encrypted: nothing in it can be decoded, so its payload is never copied
//! or buffered; the framer only counts its length and skips it as it streams past (bulk HTTPS
//! in a capture then costs almost nothing).
//!
//! TLS has no resynchronisation marker: after a header that is not TLS, or a gap, this
//! direction stops (the caller reports it once) rather than guess where the next record starts.

/// Content types (RFC 8446 §5.1).
pub const CHANGE_CIPHER_SPEC: u8 = 20;
pub const ALERT: u8 = 21;
pub const HANDSHAKE: u8 = 22;
pub const APPLICATION_DATA: u8 = 23;
pub const HEARTBEAT: u8 = 24;

pub const HEADER_LEN: usize = 5;
/// 2^14 plus the largest expansion TLS 1.2 allows (RFC 5246 §6.2.3).
pub const MAX_RECORD_LEN: usize = 16384 + 2048;
/// Largest handshake message reassembled; certificate chains of CTI Manager are a few KiB.
pub const MAX_HANDSHAKE_LEN: usize = 64 * 1024;

/// One complete record.
#[derive(Debug, PartialEq)]
pub struct Record {
    pub content_type: u8,
    pub version: u16,
    /// Offset of the record header in this direction's stream.
    pub stream_offset: u64,
    /// Length of the payload on the wire.
    pub len: usize,
    /// The payload; empty for application data, which is skipped, not kept.
    pub payload: Vec<u8>,
}

/// What [`Framer::push`] found.
#[derive(Debug, PartialEq)]
pub enum Item {
    Record(Record),
    /// Not a TLS record header at this stream offset; the direction stops here.
    NotTls {
        stream_offset: u64,
        detail: String,
    },
}

#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// Stream offset of `buf[0]`.
    offset: u64,
    stopped: bool,
    /// An application-data record whose payload is streaming past: the record (reported once
    /// its last byte arrived) and the payload bytes still to skip.
    skipping: Option<(Record, usize)>,
}

impl Framer {
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Stops this direction (after a gap: the next bytes are not known to start a record).
    pub fn stop(&mut self) {
        self.stopped = true;
        self.buf = Vec::new();
        self.skipping = None;
    }

    /// Appends stream bytes and returns every record completed by them.
    pub fn push(&mut self, data: &[u8], out: &mut Vec<Item>) {
        if self.stopped {
            return;
        }
        let data = self.skip(data, out);
        if data.is_empty() {
            return;
        }
        self.buf.extend_from_slice(data);
        let mut pos = 0usize;
        while let Some(&[ct, major, minor, hi, lo, ..]) = self.buf.get(pos..) {
            let Some(rest) = self.buf.get(pos..) else {
                break;
            };
            let len = usize::from(u16::from_be_bytes([hi, lo]));
            let at = self.offset.saturating_add(pos as u64);
            if !(CHANGE_CIPHER_SPEC..=HEARTBEAT).contains(&ct)
                || major != 3
                || minor > 4
                || len > MAX_RECORD_LEN
            {
                out.push(Item::NotTls {
                    stream_offset: at,
                    detail: format!(
                        "bytes {ct:02x} {major:02x} {minor:02x} {hi:02x} {lo:02x} are not a TLS record header"
                    ),
                });
                self.stop();
                return;
            }
            let record = |payload: Vec<u8>| Record {
                content_type: ct,
                version: u16::from_be_bytes([major, minor]),
                stream_offset: at,
                len,
                payload,
            };
            let end = HEADER_LEN.saturating_add(len);
            if ct == APPLICATION_DATA {
                let here = rest.len().saturating_sub(HEADER_LEN);
                if here < len {
                    // Skip the rest of this payload as it arrives, without buffering it.
                    self.skipping = Some((record(Vec::new()), len.saturating_sub(here)));
                    self.offset = self.offset.saturating_add(self.buf.len() as u64);
                    self.buf.clear();
                    return;
                }
                out.push(Item::Record(record(Vec::new())));
            } else {
                let Some(payload) = rest.get(HEADER_LEN..end) else {
                    break;
                };
                out.push(Item::Record(record(payload.to_vec())));
            }
            pos = pos.saturating_add(end);
        }
        self.buf.drain(..pos.min(self.buf.len()));
        self.offset = self.offset.saturating_add(pos as u64);
    }

    /// Consumes the part of `data` that belongs to an application-data payload being skipped,
    /// reporting the record when its last byte arrives; returns the rest of `data`.
    fn skip<'d>(&mut self, data: &'d [u8], out: &mut Vec<Item>) -> &'d [u8] {
        let Some((_, left)) = self.skipping.as_mut() else {
            return data;
        };
        let n = (*left).min(data.len());
        *left = left.saturating_sub(n);
        self.offset = self.offset.saturating_add(n as u64);
        if *left == 0 {
            if let Some((record, _)) = self.skipping.take() {
                out.push(Item::Record(record));
            }
        }
        data.get(n..).unwrap_or(&[])
    }
}

/// Reassembles handshake messages (type, 24-bit length, body) from handshake records.
#[derive(Debug, Default)]
pub struct HandshakeBuffer {
    buf: Vec<u8>,
    /// Stream offset of the record that carried the first byte of `buf`.
    start_offset: u64,
}

/// A complete handshake message: header and body, and where its first byte was sent.
#[derive(Debug, PartialEq)]
pub struct HandshakeMessage {
    pub msg_type: u8,
    pub stream_offset: u64,
    pub raw: Vec<u8>,
}

impl HandshakeBuffer {
    /// Adds a handshake record's payload; `Err` when a message would exceed
    /// [`MAX_HANDSHAKE_LEN`] (the buffer is then cleared).
    pub fn push(
        &mut self,
        record_offset: u64,
        payload: &[u8],
        out: &mut Vec<HandshakeMessage>,
    ) -> Result<(), usize> {
        if self.buf.is_empty() {
            self.start_offset = record_offset;
        }
        self.buf.extend_from_slice(payload);
        let mut pos = 0usize;
        while let Some(&[t, a, b, c, ..]) = self.buf.get(pos..) {
            let Some(rest) = self.buf.get(pos..) else {
                break;
            };
            let len = u32::from_be_bytes([0, a, b, c]) as usize;
            if len > MAX_HANDSHAKE_LEN {
                self.buf.clear();
                return Err(len);
            }
            let end = 4usize.saturating_add(len);
            let Some(raw) = rest.get(..end) else { break };
            out.push(HandshakeMessage {
                msg_type: t,
                stream_offset: if pos == 0 {
                    self.start_offset
                } else {
                    record_offset
                },
                raw: raw.to_vec(),
            });
            pos = pos.saturating_add(end);
        }
        self.buf.drain(..pos.min(self.buf.len()));
        if pos > 0 && !self.buf.is_empty() {
            self.start_offset = record_offset;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]
mod tests {
    use super::*;

    fn record(ct: u8, payload: &[u8]) -> Vec<u8> {
        let mut r = vec![ct, 3, 3];
        r.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        r.extend_from_slice(payload);
        r
    }

    #[test]
    fn cuts_records_whatever_the_chunking() {
        let mut stream = record(HANDSHAKE, &[1, 0, 0, 2, 9, 9]);
        stream.extend(record(CHANGE_CIPHER_SPEC, &[1]));
        for chunk in [1, 2, 3, 7, 100] {
            let mut f = Framer::default();
            let mut out = Vec::new();
            for c in stream.chunks(chunk) {
                f.push(c, &mut out);
            }
            assert_eq!(out.len(), 2, "chunk {chunk}");
            let Item::Record(r) = &out[1] else { panic!() };
            assert_eq!(
                (r.content_type, r.stream_offset, r.payload.as_slice()),
                (20, 11, &[1u8][..])
            );
        }
    }

    #[test]
    fn application_data_is_counted_and_skipped_whatever_the_chunking() {
        let mut stream = record(APPLICATION_DATA, &[7; 3000]);
        stream.extend(record(APPLICATION_DATA, &[]));
        stream.extend(record(ALERT, &[1, 0]));
        stream.extend(record(APPLICATION_DATA, &[8; 10])); // cut short: never completed
        stream.truncate(stream.len() - 4);
        for chunk in [1, 4, 5, 6, 1000, 2999, 3005, 5000] {
            let mut f = Framer::default();
            let mut out = Vec::new();
            for c in stream.chunks(chunk) {
                f.push(c, &mut out);
            }
            let got: Vec<(u8, u64, usize, usize)> = out
                .iter()
                .map(|i| match i {
                    Item::Record(r) => (r.content_type, r.stream_offset, r.len, r.payload.len()),
                    Item::NotTls { .. } => panic!("{i:?}"),
                })
                .collect();
            assert_eq!(
                got,
                [(23, 0, 3000, 0), (23, 3005, 0, 0), (21, 3010, 2, 2)],
                "chunk {chunk}"
            );
            assert!(
                f.buf.len() <= HEADER_LEN + 10,
                "chunk {chunk}: application data was buffered"
            );
        }
    }

    #[test]
    fn stops_on_a_non_tls_header() {
        let mut f = Framer::default();
        let mut out = Vec::new();
        f.push(b"GET / HTTP/1.1\r\n", &mut out);
        assert!(matches!(
            out[0],
            Item::NotTls {
                stream_offset: 0,
                ..
            }
        ));
        assert!(f.stopped());
        f.push(&record(HANDSHAKE, &[1]), &mut out);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn reassembles_handshake_messages_across_records() {
        let mut h = HandshakeBuffer::default();
        let mut out = Vec::new();
        let msg = [11u8, 0, 0, 5, 1, 2, 3, 4, 5, 2, 0, 0, 0];
        h.push(100, &msg[..3], &mut out).unwrap();
        h.push(200, &msg[3..], &mut out).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(
            (out[0].msg_type, out[0].stream_offset, out[0].raw.len()),
            (11, 100, 9)
        );
        assert_eq!((out[1].msg_type, out[1].raw.len()), (2, 4));
        assert!(h.push(0, &[1, 0xff, 0xff, 0xff], &mut out).is_err());
    }
}
