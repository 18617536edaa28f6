//! Capture reader: turns a pcap or pcapng byte stream, fed in chunks of any size, into packet
//! records. Gzip-compressed captures are detected by their magic and inflated on the fly.
//!
//! Push-based like pcap-parser's own readers: the reader keeps only the unfinished tail of the
//! input (at most one record), so memory does not grow with the file. A corrupt record stops
//! reading with a warning (everything before it was analyzed); a file that ends inside a record
//! is reported as truncated. Nothing here panics on input bytes.
mod gzip;
pub use gzip::Inflater;
pub mod linktype;
mod pcap;
mod pcapng;

use crate::error::Error;
use serde::Serialize;

/// The largest record accepted. Real snap lengths stay below 256 KiB; a record claiming more
/// than this means the file is corrupt (and would otherwise make us buffer without bound).
pub const MAX_RECORD_LEN: usize = 16 << 20;

/// One captured packet.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// 1-based position in the file, as Wireshark numbers frames.
    pub frame: u64,
    /// Nanoseconds since the Unix epoch.
    pub ts_ns: i64,
    /// Link-layer type (LINKTYPE_* value) of the interface that captured it.
    pub linktype: u32,
    /// Length on the wire; `data` may be shorter (snap length).
    pub orig_len: u32,
    pub data: &'a [u8],
    /// Position of `data[0]` in the (decompressed) capture byte stream, for redaction.
    pub file_offset: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pcap,
    Pcapng,
}

/// What a format parser reports back for each step over the buffered bytes.
pub(crate) enum Step {
    /// `consumed` bytes used; a record may have been delivered.
    Advanced(usize),
    /// More bytes are needed.
    NeedMore,
    /// The input is corrupt from here on; stop reading.
    Corrupt(String),
}

pub(crate) type Sink<'s> = dyn FnMut(Record<'_>) + 's;

enum Parser {
    /// Not enough bytes yet to recognise the format.
    Sniffing,
    Pcap(pcap::PcapParser),
    Pcapng(pcapng::PcapngParser),
    /// Stopped after a corrupt record.
    Stopped,
}

/// Streaming capture reader. Call [`Reader::push`] with consecutive chunks, then
/// [`Reader::finish`] once.
pub struct Reader {
    gzip: gzip::Gunzip,
    buf: Vec<u8>,
    parser: Parser,
    next_frame: u64,
    /// Bytes of (decompressed) capture consumed so far, for error positions.
    offset: u64,
    warnings: Vec<String>,
    finished: bool,
    /// A first chunk of one byte 0x1f, held until the next byte says whether it starts the gzip
    /// magic (1f 8b): deciding on one byte made the outcome depend on the chunk sizes.
    held: Vec<u8>,
    /// The gzip stream failed; later input is ignored.
    gzip_failed: bool,
}

impl Default for Reader {
    fn default() -> Self {
        Self::new()
    }
}

impl Reader {
    pub fn new() -> Self {
        Reader {
            gzip: gzip::Gunzip::default(),
            buf: Vec::new(),
            parser: Parser::Sniffing,
            next_frame: 1,
            offset: 0,
            warnings: Vec::new(),
            finished: false,
            held: Vec::new(),
            gzip_failed: false,
        }
    }

    pub fn format(&self) -> Option<Format> {
        match self.parser {
            Parser::Pcap(_) => Some(Format::Pcap),
            Parser::Pcapng(_) => Some(Format::Pcapng),
            Parser::Sniffing | Parser::Stopped => None,
        }
    }

    pub fn compressed(&self) -> bool {
        self.gzip.active()
    }

    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Records delivered so far.
    pub fn records(&self) -> u64 {
        self.next_frame.saturating_sub(1)
    }

    /// Feeds the next chunk; complete records go to `sink` in file order.
    pub fn push(&mut self, chunk: &[u8], sink: &mut Sink<'_>) -> Result<(), Error> {
        if self.finished {
            return Err(Error::Finished);
        }
        if matches!(self.parser, Parser::Stopped) || self.gzip_failed {
            return Ok(());
        }
        let joined;
        let mut chunk = chunk;
        if !self.held.is_empty() {
            joined = [std::mem::take(&mut self.held).as_slice(), chunk].concat();
            chunk = &joined;
        }
        if self.offset == 0 && self.buf.is_empty() && !self.gzip.decided() {
            if chunk == [0x1f] {
                self.held = chunk.to_vec();
                return Ok(());
            }
            self.gzip.sniff(chunk);
        }
        if self.gzip.active() {
            let mut input = chunk;
            while let Some((out, corrupt)) = self.gzip.step(&mut input) {
                self.feed(&out, sink)?;
                if let Some(why) = corrupt {
                    self.on_gzip_error(&why);
                    return Ok(());
                }
                if matches!(self.parser, Parser::Stopped) {
                    break;
                }
            }
            Ok(())
        } else {
            self.feed(chunk, sink)
        }
    }

    /// Ends the input: reports a truncated last record or gzip stream.
    pub fn finish(&mut self, sink: &mut Sink<'_>) -> Result<(), Error> {
        if self.finished {
            return Err(Error::Finished);
        }
        self.finished = true;
        if !self.held.is_empty() {
            // The file is the single byte 0x1f: too short for the gzip magic.
            let held = std::mem::take(&mut self.held);
            self.gzip.sniff(&held);
            self.feed(&held, sink)?;
        }
        if self.gzip.active() && !matches!(self.parser, Parser::Stopped) && !self.gzip_failed {
            let (out, corrupt) = self.gzip.finish();
            self.feed(&out, sink)?;
            if let Some(why) = corrupt {
                self.on_gzip_error(&why);
            }
        }
        match self.parser {
            Parser::Sniffing => {
                if self.offset == 0 && self.buf.is_empty() {
                    return Err(Error::Empty);
                }
                return Err(Error::NotACapture {
                    first_bytes: self.buf.iter().take(8).copied().collect(),
                });
            }
            Parser::Stopped => {}
            Parser::Pcap(_) | Parser::Pcapng(_) => {
                if !self.buf.is_empty() {
                    let n = self.buf.len();
                    self.warn(format!(
                        "capture truncated: the file ends inside a record ({n} bytes at offset {} left unread)",
                        self.offset
                    ));
                }
            }
        }
        self.buf = Vec::new();
        Ok(())
    }

    /// The gzip stream failed, while inflating a chunk or at the end (which one depends on the
    /// chunk sizes, so both are handled alike): everything inflated before the failure has been
    /// parsed; the failure is reported unless the capture itself was already found corrupt, and
    /// a record left incomplete is reported by `finish` as truncated.
    fn on_gzip_error(&mut self, why: &str) {
        self.gzip_failed = true;
        if !matches!(self.parser, Parser::Stopped) {
            self.warn(format!(
                "gzip stream corrupt or cut short: {why}; the capture ends there"
            ));
        }
    }

    fn warn(&mut self, w: String) {
        self.warnings.push(w);
    }

    /// Appends decompressed capture bytes and parses every complete record.
    fn feed(&mut self, data: &[u8], sink: &mut Sink<'_>) -> Result<(), Error> {
        if data.is_empty() {
            return Ok(());
        }
        let mut input: &[u8] = data;
        // Fast path: parse straight from the chunk while nothing is buffered, then keep only the tail.
        let mut owned;
        if !self.buf.is_empty() {
            self.buf.extend_from_slice(data);
            owned = std::mem::take(&mut self.buf);
            input = &owned;
        } else {
            owned = Vec::new();
        }
        let consumed = self.parse_available(input, sink);
        let rest = input.get(consumed..).unwrap_or(&[]);
        if matches!(self.parser, Parser::Stopped) {
            self.buf = Vec::new();
        } else if owned.is_empty() {
            self.buf = rest.to_vec();
        } else {
            owned.drain(..consumed.min(owned.len()));
            self.buf = owned;
        }
        match &self.parser {
            Parser::Sniffing if matches!(sniff(&self.buf), Sniffed::Unknown) => {
                Err(Error::NotACapture {
                    first_bytes: self.buf.iter().take(8).copied().collect(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Parses as many whole records from `input` as possible; returns the bytes consumed.
    fn parse_available(&mut self, input: &[u8], sink: &mut Sink<'_>) -> usize {
        // Records borrow `input`; their position in the file follows from their address.
        let base = self.offset;
        let start = input.as_ptr() as usize;
        let end = start.saturating_add(input.len());
        let sink = &mut |mut rec: Record<'_>| {
            let at = rec.data.as_ptr() as usize;
            rec.file_offset = (at >= start && at.saturating_add(rec.data.len()) <= end)
                .then(|| base.saturating_add(at.saturating_sub(start) as u64));
            sink(rec)
        };
        let mut pos = 0usize;
        loop {
            let rest = input.get(pos..).unwrap_or(&[]);
            if rest.is_empty() {
                return pos;
            }
            let step = match &mut self.parser {
                Parser::Sniffing => match sniff(rest) {
                    Sniffed::NeedMore => Step::NeedMore,
                    Sniffed::Unknown => return pos,
                    Sniffed::Pcap => match pcap::PcapParser::from_header(rest) {
                        Ok(Some((p, used))) => {
                            self.parser = Parser::Pcap(p);
                            Step::Advanced(used)
                        }
                        Ok(None) => Step::NeedMore,
                        Err(why) => Step::Corrupt(why),
                    },
                    Sniffed::Pcapng => {
                        self.parser = Parser::Pcapng(pcapng::PcapngParser::default());
                        Step::Advanced(0)
                    }
                },
                Parser::Pcap(p) => p.step(rest, &mut self.next_frame, sink),
                Parser::Pcapng(p) => p.step(rest, &mut self.next_frame, sink, &mut self.warnings),
                Parser::Stopped => return pos,
            };
            match step {
                Step::Advanced(n) => {
                    pos = pos.saturating_add(n);
                    self.offset = self.offset.saturating_add(n as u64);
                }
                Step::NeedMore => return pos,
                Step::Corrupt(why) => {
                    let at = self.offset;
                    let frame = self.next_frame;
                    self.warn(format!(
                        "capture corrupt at byte {at} (frame {frame}): {why}; stopped reading, everything before was analyzed"
                    ));
                    self.parser = Parser::Stopped;
                    return pos;
                }
            }
        }
    }
}

enum Sniffed {
    NeedMore,
    Pcap,
    Pcapng,
    Unknown,
}

fn sniff(data: &[u8]) -> Sniffed {
    let Some(magic) = data.get(..4) else {
        return Sniffed::NeedMore;
    };
    match magic {
        [0x0a, 0x0d, 0x0d, 0x0a] => Sniffed::Pcapng,
        _ if pcap::is_pcap_magic(magic) => Sniffed::Pcap,
        _ => Sniffed::Unknown,
    }
}

/// Reads `u32` at `at` in the given byte order.
pub(crate) fn read_u32(data: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let b: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use crate::synth::pcap::{
        write_pcap, write_pcapng, BlockKind, Interface, Packet, PcapOptions, Section,
    };

    fn packets() -> Vec<Packet> {
        (0..5)
            .map(|i| {
                Packet::new(
                    1_700_000_000_123_456_789 + i * 1_000_000_000,
                    vec![i as u8; 60 + i as usize],
                )
            })
            .collect()
    }

    /// (frame, ts_ns, linktype, captured length) of one record.
    type Seen = (u64, i64, u32, usize);

    /// Reads `data` in `chunk`-byte pieces; returns what was seen per record and the reader.
    fn read(data: &[u8], chunk: usize) -> (Vec<Seen>, Reader, Result<(), Error>) {
        let mut r = Reader::new();
        let mut out = Vec::new();
        let mut result = Ok(());
        for c in data.chunks(chunk.max(1)) {
            if let Err(e) = r.push(c, &mut |rec| {
                out.push((rec.frame, rec.ts_ns, rec.linktype, rec.data.len()))
            }) {
                result = Err(e);
                break;
            }
        }
        if result.is_ok() {
            result =
                r.finish(&mut |rec| out.push((rec.frame, rec.ts_ns, rec.linktype, rec.data.len())));
        }
        (out, r, result)
    }

    #[test]
    fn pcap_in_every_byte_order_and_resolution() {
        for big_endian in [false, true] {
            for (nanos, modified) in [(false, false), (true, false), (false, true)] {
                let file = write_pcap(
                    113,
                    &packets(),
                    PcapOptions {
                        big_endian,
                        nanos,
                        modified,
                    },
                );
                for chunk in [1, 7, 4096] {
                    let (recs, r, res) = read(&file, chunk);
                    assert!(res.is_ok(), "{res:?} chunk {chunk}");
                    assert_eq!(recs.len(), 5, "be={big_endian} ns={nanos} mod={modified}");
                    assert_eq!(recs[0].0, 1);
                    assert_eq!(recs[2].2, 113);
                    assert_eq!(recs[3].3, 63);
                    let want_ts = if nanos {
                        1_700_000_003_123_456_789
                    } else {
                        1_700_000_003_123_456_000
                    };
                    assert_eq!(recs[3].1, want_ts);
                    assert_eq!(r.format(), Some(Format::Pcap));
                    assert!(r.warnings().is_empty());
                }
            }
        }
    }

    #[test]
    fn pcapng_sections_interfaces_and_block_kinds() {
        let mut p = packets();
        p[1].interface = 1;
        let ifaces = [
            Interface {
                linktype: 1,
                tsresol: 6,
            },
            Interface {
                linktype: 101,
                tsresol: 9,
            },
        ];
        let mut second: Vec<Packet> = p[..2].to_vec();
        second[1].interface = 0;
        let file = write_pcapng(&[
            Section {
                big_endian: false,
                interfaces: &ifaces,
                packets: &p,
                kind: BlockKind::Enhanced,
            },
            Section {
                big_endian: true,
                interfaces: &ifaces[1..],
                packets: &second,
                kind: BlockKind::Obsolete,
            },
            Section {
                big_endian: false,
                interfaces: &ifaces[..1],
                packets: &p[..1],
                kind: BlockKind::Simple,
            },
        ]);
        for chunk in [1, 5, 1 << 20] {
            let (recs, r, res) = read(&file, chunk);
            assert!(res.is_ok());
            assert_eq!(recs.len(), 8);
            assert_eq!(
                recs[0].1, 1_700_000_000_123_456_000,
                "microsecond interface"
            );
            assert_eq!(
                (recs[1].1, recs[1].2),
                (1_700_000_001_123_456_789, 101),
                "nanosecond interface 1"
            );
            assert_eq!(
                (recs[6].1, recs[6].2),
                (1_700_000_001_123_456_789, 101),
                "big-endian section, obsolete blocks"
            );
            assert_eq!(recs[7].2, 1, "simple packet block uses interface 0");
            assert_eq!(recs[7].0, 8);
            assert!(r.warnings().is_empty(), "{:?}", r.warnings());
        }
    }

    #[test]
    fn truncated_files_keep_what_was_read_and_warn() {
        let file = write_pcapng(&[Section {
            big_endian: false,
            interfaces: &[Interface {
                linktype: 1,
                tsresol: 6,
            }],
            packets: &packets(),
            kind: BlockKind::Enhanced,
        }]);
        let (recs, r, res) = read(&file[..file.len() - 10], 64);
        assert!(res.is_ok());
        assert_eq!(recs.len(), 4);
        assert!(r.warnings()[0].contains("truncated"), "{:?}", r.warnings());
        let pcap = write_pcap(1, &packets(), PcapOptions::default());
        let (recs, r, _) = read(&pcap[..pcap.len() - 1], 3);
        assert_eq!(recs.len(), 4);
        assert_eq!(r.warnings().len(), 1);
    }

    #[test]
    fn every_prefix_of_a_capture_is_read_without_panic() {
        let file = write_pcapng(&[Section {
            big_endian: true,
            interfaces: &[Interface {
                linktype: 1,
                tsresol: 9,
            }],
            packets: &packets(),
            kind: BlockKind::Enhanced,
        }]);
        for n in 0..file.len() {
            let _ = read(&file[..n], 3);
        }
    }

    #[test]
    fn not_a_capture_and_empty_are_errors() {
        let (_, _, res) = read(b"hello, this is text", 4);
        assert!(matches!(res, Err(Error::NotACapture { .. })));
        assert_eq!(read(b"", 4).2, Err(Error::Empty));
        assert!(matches!(read(b"ab", 4).2, Err(Error::NotACapture { .. })));
    }

    #[test]
    fn corrupt_record_stops_with_a_warning() {
        let mut pcap = write_pcap(1, &packets(), PcapOptions::default());
        // Record 3's caplen (after the 24-byte header and two records of 76 and 77 bytes).
        let at = 24 + 76 + 77 + 8;
        pcap[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let (recs, r, res) = read(&pcap, 10);
        assert!(res.is_ok());
        assert_eq!(recs.len(), 2);
        assert!(r.warnings()[0].contains("corrupt"), "{:?}", r.warnings());
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    /// Records and warnings of `data` read in `chunk`-byte pieces.
    fn outcome(data: &[u8], chunk: usize) -> (Vec<Seen>, Vec<String>, Result<(), Error>) {
        let (recs, r, res) = read(data, chunk);
        (recs, r.warnings().to_vec(), res)
    }

    /// Fuzz crasher (capture_reader): a gzip-compressed pcapng whose CRC-32 trailer is wrong.
    /// The inflater reports the bad checksum with the last inflated bytes still in its output
    /// buffer; those were dropped, and how many depended on where the chunks ended ("44958
    /// bytes left unread" with one chunking, 44970 with another).
    #[test]
    fn corrupt_gzip_trailer_reads_the_same_whatever_the_chunks() {
        let mut p = packets();
        p.truncate(3);
        let file = write_pcapng(&[Section {
            big_endian: false,
            interfaces: &[Interface {
                linktype: 1,
                tsresol: 6,
            }],
            packets: &p,
            kind: BlockKind::Enhanced,
        }]);
        let mut gz = gzip(&file);
        let crc_at = gz.len() - 8; // trailer: CRC-32, then ISIZE (RFC 1952 §2.3)
        gz[crc_at] ^= 0xff;
        let whole = outcome(&gz, gz.len());
        assert_eq!(
            whole.0.len(),
            3,
            "every record was inflated before the checksum failed"
        );
        assert!(
            whole.1.iter().any(|w| w.contains("checksum")),
            "{:?}",
            whole.1
        );
        for chunk in [1, 7, 100, 4096] {
            assert_eq!(outcome(&gz, chunk), whole, "chunk {chunk}");
        }
        // Cut short inside the trailer, and cut inside the data.
        for cut in [gz.len() - 3, gz.len() / 2] {
            let whole = outcome(&gz[..cut], cut);
            for chunk in [1, 13, 4096] {
                assert_eq!(outcome(&gz[..cut], chunk), whole, "cut {cut} chunk {chunk}");
            }
        }
    }

    /// Fuzz crasher (capture_reader): gzip over a pcapng whose third packet block has a corrupt length,
    /// with a wrong CRC-32 trailer as well. Read whole, the corrupt block stopped reading before
    /// the inflater reached the trailer; read in chunks, the trailer's error could come first
    /// (at the end of the input), so the report had an extra "gzip stream ... corrupt" warning.
    #[test]
    fn corrupt_capture_inside_corrupt_gzip_reads_the_same_whatever_the_chunks() {
        let file = write_pcapng(&[Section {
            big_endian: false,
            interfaces: &[Interface {
                linktype: 1,
                tsresol: 6,
            }],
            packets: &packets(),
            kind: BlockKind::Enhanced,
        }]);
        // SHB (28 bytes), IDB (20 bytes), then enhanced packet blocks of 32 + padded data bytes.
        let mut file = file;
        let third_epb = 28 + 20 + (32 + 60) + (32 + 64);
        file[third_epb + 4..third_epb + 8].copy_from_slice(&0x69b4_8a5eu32.to_le_bytes());
        let mut gz = gzip(&file);
        let crc_at = gz.len() - 8;
        gz[crc_at] ^= 0xff;
        let whole = outcome(&gz, gz.len());
        assert_eq!(whole.0.len(), 2);
        assert_eq!(
            whole.1.len(),
            1,
            "only the corrupt block is reported: {:?}",
            whole.1
        );
        for chunk in [1, 7, 100, 4096] {
            assert_eq!(outcome(&gz, chunk), whole, "chunk {chunk}");
        }
    }

    /// Fuzz crasher (capture_reader), its first 24 bytes: a gzip header, then deflate data that
    /// yields 8 bytes (45 04 25 e2 00 00 00 00) and fails ("invalid distance too far back"). The
    /// inflater keeps the output of a failing write to itself, so what came out before the
    /// failure depended on the chunking: with the whole crasher, "the file is empty" read whole
    /// but "not a capture" read in small chunks; with these 24 bytes, 4 bytes came out read byte
    /// by byte and 8 read whole. The inflater now gets fixed 4 KiB blocks whatever the chunking.
    #[test]
    fn corrupt_deflate_data_reads_the_same_whatever_the_chunks() {
        let crasher: [u8; 24] = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xff, // gzip header (RFC 1952)
            0x72, 0x65, 0x51, 0x7d, 0x44, 0xff, 0x4c, 0xcf, 0x47, 0xfb, 0x6b, 0xdf, 0x61,
            0x66, // deflate
        ];
        let whole = outcome(&crasher, crasher.len());
        for chunk in [1, 5, 13] {
            assert_eq!(outcome(&crasher, chunk), whole, "chunk {chunk}");
        }
        // The same with corrupt bytes here and there in a real capture.
        let gz = gzip(&write_pcap(1, &packets(), PcapOptions::default()));
        for at in (12..gz.len() - 8).step_by(5) {
            let mut bad = gz.clone();
            bad[at] ^= 0x55;
            let whole = outcome(&bad, bad.len());
            for chunk in [1, 5, 13, 4096] {
                assert_eq!(
                    outcome(&bad, chunk),
                    whole,
                    "corrupt byte {at}, chunk {chunk}"
                );
            }
        }
    }

    /// A first chunk holding only 0x1f was taken for the start of the gzip magic, so a file
    /// starting 1f 00 was "a corrupt gzip stream" (an empty report) when read one byte at a time
    /// and "not a capture" (an error) when read whole.
    #[test]
    fn a_lone_first_byte_0x1f_waits_for_the_second() {
        let data = [0x1f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        assert!(matches!(
            outcome(&data, 8).2,
            Err(Error::NotACapture { .. })
        ));
        assert!(matches!(
            outcome(&data, 1).2,
            Err(Error::NotACapture { .. })
        ));
        assert!(matches!(
            outcome(&[0x1f], 1).2,
            Err(Error::NotACapture { .. })
        ));
        let gz = gzip(&write_pcap(1, &packets(), PcapOptions::default()));
        assert_eq!(outcome(&gz, 1).0.len(), 5);
    }

    #[test]
    fn gzip_is_inflated_transparently() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let pcap = write_pcap(1, &packets(), PcapOptions::default());
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&pcap).unwrap();
        let gz = enc.finish().unwrap();
        for chunk in [1, 10, 1 << 16] {
            let (recs, r, res) = read(&gz, chunk);
            assert!(res.is_ok());
            assert_eq!(recs.len(), 5);
            assert!(r.compressed());
        }
        let (recs, r, _) = read(&gz[..gz.len() - 20], 100);
        assert!(recs.len() <= 5);
        assert!(!r.warnings().is_empty(), "a cut gzip stream is reported");
    }
}
