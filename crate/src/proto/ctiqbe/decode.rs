//! One frame → typed fields, spans and problems, driven by the tables of [`super::schema`]
//! (one generic slot walker, no per-message code). Pure: bytes in, [`Decoded`] out.
//!
//! Encodings (`ctiqbe-wire.md` §3) and how they become JSON:
//! * u32 → number (unsigned; the client prints the same bits as a signed Java int);
//! * bool → `true`/`false` (0 / 1 or 0xFFFFFFFF); any other value stays a number, with an
//!   error and a `ctiqbe.bad_boolean` event (the client drops the connection on it);
//! * str (offset, length incl. NUL) → exactly length − 1 bytes, UTF-8 lossy; length 0 → null;
//! * bytes (offset, length) → lowercase hex; length 0 → null;
//! * UnicodeString (offset, byteLength, count, 2) → text of `count` UTF-16 units from the
//!   client, `count − 1` from the server (the client's own rule), so the number of UTF-16
//!   units of the text is exactly the `count` the client prints;
//! * nested struct (offset, length, size) → object with `_type`; fields at struct offsets
//!   `>= size` take their defaults; length 0 → null;
//! * array (offset, totalLength, count, elementSize) → list, element i at offset + i ×
//!   elementSize; totalLength 0 → null, otherwise totalLength is not used (the client's rule,
//!   ctiqbe-wire-2 §2); count 0 → `[]`;
//! * u32 array → list of numbers, count × elementSize bytes; totalLength 0 → null;
//! * inline struct → object.
//!
//! Fields starting at or beyond `fixedPartLength` take their defaults (0 / false / null), as
//! the client does (the versioning mechanism). A reference that falls outside the frame is
//! not read from anywhere else: the value is null, with an error and a
//! `ctiqbe.out_of_frame_reference` event (the client would read stale bytes of its receive
//! buffer there, §3). Every wire length is checked; nothing here panics.
//!
//! Two modes of the same walk (`Ctx`, generic over `BUILD`):
//! * [`decode_frame`] builds everything: the field tree, spans with their paths, tags and
//!   notes, errors, events and the summary;
//! * [`scan_frame`] builds nothing (no map, no text or hex, no path, no note, no message) and
//!   says only what the engine needs per message at capture time: PDU, name, class, version,
//!   `seq`, and whether [`decode_frame`] would report any error or anomaly. Every check, limit
//!   and budget runs as in the full decode (they decide whether the frame is clean); what a
//!   check would have written is produced by a closure that only the building mode calls.
//!   Once the frame is known to be unclean and the fields `seq` comes from are behind, the
//!   walk stops.

use crate::model::EventKind;
use std::fmt::{self, Write as _};

use serde_json::{Map, Value};

use super::frame::{read_u32_at, Header};
use super::schema::{self, Confidence, Kind, MsgClass, PduId, Slot, StructSchema};
use crate::model::{Direction, Span, Tag, TaggedValue};

/// Most elements decoded from one array; a larger count is reported (`ctiqbe.limit`).
pub const MAX_ARRAY_ELEMENTS: u32 = 1024;
/// Most generic `slot_N` values shown for one message or structure.
pub const MAX_GENERIC_SLOTS: u32 = 256;
/// Most spans kept for one message (a 64 KiB message of tiny array elements could make
/// hundreds of thousands).
pub const MAX_SPANS: usize = 4096;
/// Most field values decoded from one message: arrays of structures can multiply a 64 KiB
/// message into far more values than it has bytes.
pub const MAX_VALUES_PER_MESSAGE: usize = 16 * 1024;
/// Most text and hex produced for one message: many descriptors may reference the same bytes,
/// so the output is bounded separately from the frame (16 × [`super::frame::MAX_MESSAGE_LEN`]).
pub const MAX_OUTPUT_BYTES_PER_MESSAGE: usize = 1 << 20;
/// Most errors listed for one message; later ones are counted in a last entry. A hostile frame
/// can put thousands of fields out of its bounds, and a list that long helps nobody.
pub const MAX_ERRORS_PER_MESSAGE: usize = 64;
/// Most paths named in one aggregated event detail.
const MAX_PATHS_IN_EVENT: usize = 8;
/// The top-level fields `seq` is taken from, the first one present with a number winning.
const SEQ_FIELDS: [&str; 2] = ["sequenceNumber", "requestId"];

/// The two modes of [`Ctx`]: build the whole decode, or only scan.
const DECODE: bool = true;
const SCAN: bool = false;

/// A problem worth an [`crate::model::Event`], found while decoding one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Anomaly {
    pub kind: EventKind,
    pub detail: String,
}

/// One decoded frame.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub pdu: u32,
    pub name: String,
    pub class: MsgClass,
    /// How far the layout is confirmed; `None` for ids outside the table.
    pub confidence: Option<Confidence>,
    pub protocol_version: u32,
    pub fields: Map<String, Value>,
    pub spans: Vec<Span>,
    pub errors: Vec<String>,
    pub anomalies: Vec<Anomaly>,
    /// `sequenceNumber` (or `requestId`) when the message has one.
    pub seq: Option<u32>,
    pub summary: String,
}

/// What [`scan_frame`] says about one frame: the same `pdu`, `name`, `class`,
/// `protocol_version` and `seq` as [`decode_frame`], and whether that decode is clean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scan {
    pub pdu: u32,
    /// `Decoded::name` without the string: `name.to_string() == decode_frame(..).name`.
    pub name: PduName,
    pub class: MsgClass,
    pub protocol_version: u32,
    /// `sequenceNumber` (or `requestId`), exactly as [`decode_frame`] takes it.
    pub seq: Option<u32>,
    /// True exactly when [`decode_frame`] reports no error and no anomaly for the frame.
    pub clean: bool,
}

/// The name [`decode_frame`] gives a PDU, as a value that needs no allocation; its
/// `Display` is that name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PduName {
    /// The client's class name.
    Known(&'static str),
    /// One of the 25 empty slots of the client's table: `EmptySlot(N)`.
    EmptySlot(u32),
    /// An id outside the table (≥ 316): `UnknownPdu(N)`.
    Unknown(u32),
}

impl PduName {
    pub fn of(pdu: u32) -> PduName {
        match PduId(pdu).def() {
            Some(def) => def.name.map_or(PduName::EmptySlot(pdu), PduName::Known),
            None => PduName::Unknown(pdu),
        }
    }

    /// The client's class name, when the PDU has one.
    pub fn known(self) -> Option<&'static str> {
        match self {
            PduName::Known(name) => Some(name),
            PduName::EmptySlot(_) | PduName::Unknown(_) => None,
        }
    }
}

impl fmt::Display for PduName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PduName::Known(name) => f.write_str(name),
            PduName::EmptySlot(pdu) => write!(f, "EmptySlot({pdu})"),
            PduName::Unknown(pdu) => write!(f, "UnknownPdu({pdu})"),
        }
    }
}

/// Decodes one complete frame (header included) travelling in `dir`.
pub fn decode_frame(frame: &[u8], dir: Direction) -> Decoded {
    let header = Header::new_unchecked(frame);
    let pdu = header.pdu();
    let def = PduId(pdu).def();
    let name = match PduName::of(pdu) {
        PduName::Known(name) => name.to_string(),
        other => other.to_string(),
    };
    let mut ctx = Ctx::<DECODE>::new(frame, dir, pdu);
    // Always `Some` when building.
    let fields = ctx.walk().unwrap_or_default();
    let seq = SEQ_FIELDS
        .iter()
        .find_map(|k| fields.get(*k).and_then(Value::as_u64))
        .and_then(|v| u32::try_from(v).ok());
    let class = def.map(|d| d.class()).unwrap_or(MsgClass::Unknown);
    let summary = summarize(&name, class, seq, &fields);
    let anomalies = ctx.take_anomalies();
    let errors = ctx.take_errors();
    Decoded {
        pdu,
        name,
        class,
        confidence: def.map(|d| d.confidence),
        protocol_version: header.protocol_version(),
        fields,
        spans: ctx.spans,
        errors,
        anomalies,
        seq,
        summary,
    }
}

/// What [`decode_frame`] would say about the frame's identity and cleanliness, without
/// building anything: the same walk in its scanning mode. Allocates nothing.
pub fn scan_frame(frame: &[u8], dir: Direction) -> Scan {
    let header = Header::new_unchecked(frame);
    let pdu = header.pdu();
    let mut ctx = Ctx::<SCAN>::new(frame, dir, pdu);
    // Always `None` when scanning: the values `seq` needs are kept in `top_seq`.
    let _ = ctx.walk();
    let [sequence_number, request_id] = ctx.top_seq;
    Scan {
        pdu,
        name: PduName::of(pdu),
        class: PduId(pdu)
            .def()
            .map(|d| d.class())
            .unwrap_or(MsgClass::Unknown),
        protocol_version: header.protocol_version(),
        seq: sequence_number
            .or(request_id)
            .and_then(|v| u32::try_from(v).ok()),
        clean: ctx.clean,
    }
}

/// The values of a frame tagged with one of `wanted` (login, device name, numbers…) read by
/// the scanning walk, in the order [`decode_frame`]'s spans list them: the same values, byte
/// ranges and order `span_value` reads from its spans, without the field tree, paths, notes
/// and summary that make up most of a decode (and without rendering the other tags' values: a
/// certificate's hex, say). `None` when the frame has any problem, or a wanted value only the
/// tree can render (a tagged structure, array element or boolean): decode it whole then.
pub fn tagged_values(frame: &[u8], dir: Direction, wanted: &'static [Tag]) -> Option<Vec<TaggedValue>> {
    let pdu = Header::new_unchecked(frame).pdu();
    let mut ctx = Ctx::<SCAN>::new(frame, dir, pdu);
    ctx.tagged = Some(Vec::new());
    ctx.tags_wanted = wanted;
    let _ = ctx.walk();
    if !ctx.clean || ctx.tagged_incomplete {
        return None;
    }
    ctx.tagged
}

/// The bytes of a top-level byte-array field of a frame that [`scan_frame`] found clean:
/// what `top_field(frame, dir, name)` renders as hex, without rendering it (a certificate is
/// 900 bytes). `None` where that value is null (length 0, or past fixedPartLength), or when
/// the PDU has no byte array of that name; of two slots with one name, the last one.
pub fn top_bytes<'f>(frame: &'f [u8], name: &str) -> Option<&'f [u8]> {
    let (slot, at) = top_slot(frame, Header::new_unchecked(frame).pdu(), name)?;
    if !matches!(slot.kind, Kind::Bytes) {
        return None;
    }
    let at = usize::try_from(at?).ok()?;
    let off = usize::try_from(read_u32_at(frame, at)?).ok()?;
    let len = usize::try_from(read_u32_at(frame, at.checked_add(4)?)?).ok()?;
    if len == 0 {
        return None;
    }
    frame.get(off..off.checked_add(len)?)
}

/// Where the values [`tagged_values`] gives lie in the frame, `(tag, start, end)`, without
/// rendering them: for a reader that wants a byte array's bytes (a certificate: 900 bytes
/// rendered as 1,800 hex digits only to be read back), which are `frame[start..end]`. The
/// same frames declined, the same order.
pub fn tagged_ranges(frame: &[u8], dir: Direction, wanted: &'static [Tag]) -> Option<Vec<(Tag, u32, u32)>> {
    let pdu = Header::new_unchecked(frame).pdu();
    let mut ctx = Ctx::<SCAN>::new(frame, dir, pdu);
    ctx.tagged = Some(Vec::new());
    ctx.tags_wanted = wanted;
    ctx.hex_free = true;
    let _ = ctx.walk();
    if !ctx.clean || ctx.tagged_incomplete {
        return None;
    }
    Some(ctx.tagged?.into_iter().map(|t| (t.tag, t.start, t.end)).collect())
}

/// The field tree of a frame that [`scan_frame`] found clean, built without the spans, paths,
/// notes and summary [`decode_frame`] adds for the page. Equal to
/// `decode_frame(frame, dir).fields` for such a frame (tests/ctiqbe_scan.rs). Sessions used to
/// learn from it; they now read the few fields they need with [`top_field`], which is checked
/// against this tree and the decode's.
pub fn clean_fields(frame: &[u8], dir: Direction) -> Map<String, Value> {
    let pdu = Header::new_unchecked(frame).pdu();
    let mut ctx = Ctx::<DECODE>::new(frame, dir, pdu);
    ctx.lean = true;
    ctx.walk().unwrap_or_default()
}

/// One top-level field of a frame that [`scan_frame`] found clean, decoded alone: what
/// `clean_fields(frame, dir).get(name)` holds, without building the other fields (a session
/// reads a handful of a PDU's fields; ProviderOpenRequest has dozens). The same slot decoding
/// as the whole walk, on a fresh budget (a clean frame never spent its own). `None` when the
/// PDU has no field of that name (a generic `slot_N` included); of two slots with one name, the
/// last one, as in the tree.
pub fn top_field(frame: &[u8], dir: Direction, name: &str) -> Option<Value> {
    let header = Header::new_unchecked(frame);
    let pdu = header.pdu();
    let (slot, at) = top_slot(frame, pdu, name)?;
    let Some(at) = at else {
        return Some(default_value(slot.kind, true));
    };
    let mut ctx = Ctx::<DECODE>::new(frame, dir, pdu);
    ctx.lean = true;
    let path = ctx.path("", slot.name);
    Some(ctx.decode_slot(at, slot, "", &path, header.fixed_len().saturating_sub(slot.offset)))
}

/// The top-level slot `name` of PDU `pdu` (of two with one name, the last one, as in the
/// decoded tree), and where it starts in `frame`: `None` for a slot at or past the frame's
/// fixedPartLength, which the decoder reads as its default value (0, false, null). What the
/// one-field readers ([`top_field`], [`top_bytes`], the session's `top_u32` and
/// `top_data_len`) share.
pub(crate) fn top_slot(frame: &[u8], pdu: u32, name: &str) -> Option<(&'static Slot, Option<u32>)> {
    let slot = PduId(pdu).def()?.slots.iter().rev().find(|s| s.name == name)?;
    let header = Header::new_unchecked(frame);
    if slot.offset >= header.fixed_len() {
        return Some((slot, None));
    }
    Some((slot, Some(header.fixed_offset().checked_add(slot.offset)?)))
}

/// The occurrences of one kind of anomaly in a frame.
struct AnomalyTally {
    kind: EventKind,
    /// The first [`MAX_PATHS_IN_EVENT`] details.
    details: Vec<String>,
    count: usize,
}

/// What is being walked: a message's fixed part or a structure.
#[derive(Clone, Copy)]
struct Scope<'s> {
    /// `_type` of the enclosing structure ("" for the message itself).
    struct_name: &'s str,
    slots: &'s [Slot],
    /// Show uncovered slots as generic `slot_N`.
    open: bool,
    /// The message's fixed part (trailing unknown slots are always shown there).
    top: bool,
}

/// The walk over one frame. With `BUILD` it keeps fields, spans, errors and anomalies; without
/// it, it keeps only counts (spans, values, output bytes: the limits depend on them), whether
/// anything went wrong, and the top-level values `seq` is taken from. Everything a message
/// says is passed as a closure that only the building mode calls.
struct Ctx<'a, const BUILD: bool> {
    frame: &'a [u8],
    dir: Direction,
    pdu: u32,
    spans: Vec<Span>,
    errors: Vec<String>,
    /// Errors found beyond [`MAX_ERRORS_PER_MESSAGE`], not listed.
    errors_unlisted: usize,
    /// Anomalies so far, one tally per kind in order of first occurrence.
    anomalies: Vec<AnomalyTally>,
    /// Spans recorded (kept when building) against [`MAX_SPANS`].
    span_count: usize,
    spans_capped: bool,
    /// Values and text/hex bytes produced so far, against the per-message budgets.
    values: usize,
    output_bytes: usize,
    budget_hit: bool,
    /// No error and no anomaly so far.
    clean: bool,
    /// The last top-level values of [`SEQ_FIELDS`] as numbers (what `fields.get(..)` would
    /// return, through `Value::as_u64`).
    top_seq: [Option<u64>; 2],
    /// The top-level walk is past every field `seq` may come from.
    seq_settled: bool,
    /// Tagged values read while scanning ([`tagged_values`]); `None`: not collecting.
    tagged: Option<Vec<TaggedValue>>,
    /// The tags whose values are collected.
    tags_wanted: &'static [Tag],
    /// A tagged value the scan cannot render without the field tree (a structure, an array
    /// element, a boolean): the caller decodes the frame whole instead.
    tagged_incomplete: bool,
    /// Building the field tree only ([`clean_fields`]): no spans, paths or notes.
    lean: bool,
    /// Collecting tagged values for their place only ([`tagged_ranges`]): a byte array's value
    /// is not rendered as hex.
    hex_free: bool,
}

/// Where a header word's span note comes from.
#[derive(Clone, Copy)]
enum HeaderNote {
    None,
    Version,
    Pdu,
}

/// The header words as spans, in wire order.
const HEADER_WORDS: [(&str, HeaderNote); 8] = [
    ("@header.messageLength", HeaderNote::None),
    ("@header.reserved", HeaderNote::None),
    ("@header.magicCookie", HeaderNote::None),
    ("@header.protocolVersion", HeaderNote::Version),
    ("@header.pduId", HeaderNote::Pdu),
    ("@header.fixedPartOffset", HeaderNote::None),
    ("@header.fixedPartLength", HeaderNote::None),
    ("@header.variablePartLength", HeaderNote::None),
];

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        return name.to_string();
    }
    let mut s = String::with_capacity(prefix.len().saturating_add(name.len()).saturating_add(1));
    s.push_str(prefix);
    s.push('.');
    s.push_str(name);
    s
}

/// `prefix.i` (or `i` at the top).
fn join_index(prefix: &str, i: u32) -> String {
    let mut s = String::with_capacity(prefix.len().saturating_add(11));
    s.push_str(prefix);
    if !prefix.is_empty() {
        s.push('.');
    }
    let _ = write!(s, "{i}");
    s
}

/// `path` + `suffix` (`path@data`).
fn suffixed(path: &str, suffix: &str) -> String {
    let mut s = String::with_capacity(path.len().saturating_add(suffix.len()));
    s.push_str(path);
    s.push_str(suffix);
    s
}

/// UTF-16LE units as text, unpaired surrogates replaced.
fn utf16_text(data: &[u8]) -> String {
    char::decode_utf16(data.chunks_exact(2).map(|c| {
        u16::from_le_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)])
    }))
    .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
    .collect()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Lowercase/uppercase hex (as the decoders write byte arrays) back to bytes.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c.wrapping_sub(b'0')),
        b'a'..=b'f' => Some(c.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Some(c.wrapping_sub(b'A').wrapping_add(10)),
        _ => None,
    };
    b.chunks_exact(2)
        .map(|p| match p {
            [hi, lo] => Some(nibble(*hi)? << 4 | nibble(*lo)?),
            _ => None,
        })
        .collect()
}

/// Bytes as lowercase hex, two digits a byte (how byte arrays are shown).
pub fn hex(bytes: &[u8]) -> String {
    // Byte by byte into a byte buffer: a certificate (about 1 KB, in every session's
    // ProviderInitResponse) went through `char` encoding two digits at a time before.
    const DIGITS: [u8; 16] = *b"0123456789abcdef";
    let digit = |n: u8| DIGITS.get(usize::from(n & 0x0f)).copied().unwrap_or(b'0');
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(2));
    for &b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b));
    }
    // Only ASCII digits were written.
    String::from_utf8(out).unwrap_or_default()
}

/// The span note of an array descriptor whose totalLength is 0: null for the client, whatever
/// the other slots say (ctiqbe-wire-2 §2; the client itself writes a null array as
/// (end of data so far, 0, 0, 0)).
fn null_array_note(off: u32, count: u32, elem: u32) -> String {
    if count == 0 && elem == 0 {
        "null (totalLength 0)".to_string()
    } else {
        format!("null (totalLength 0; count {count}, elementSize {elem} and offset {off} are ignored, as the client does)")
    }
}

/// What an array descriptor's span note adds when totalLength ≠ count × elementSize: the
/// client locates elements by elementSize alone, so a reader that divides totalLength by
/// count (ctiqbe-wire §3's first rule) places every element after the first elsewhere.
/// Normal in client frames (their totalLength includes the strings the elements reference).
fn length_mismatch_note(total: u32, count: u32, elem: u32) -> String {
    let used = u64::from(count).saturating_mul(u64::from(elem));
    if u64::from(total) == used {
        return String::new();
    }
    let mut note = format!(
        "; totalLength ≠ count × elementSize = {used}: elements are read at elementSize strides, as the client does"
    );
    if u64::from(total) > used {
        note.push_str(" (the rest is data the elements reference, as the client itself writes it)");
    } else {
        note.push_str(" (elements run past totalLength: a reader using totalLength / count would misplace them)");
    }
    note
}

fn dotted(v: u32) -> String {
    let b = v.to_le_bytes();
    format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
}

impl<'a, const BUILD: bool> Ctx<'a, BUILD> {
    fn new(frame: &'a [u8], dir: Direction, pdu: u32) -> Ctx<'a, BUILD> {
        Ctx {
            frame,
            dir,
            pdu,
            spans: Vec::new(),
            errors: Vec::new(),
            errors_unlisted: 0,
            anomalies: Vec::new(),
            span_count: 0,
            spans_capped: false,
            values: 0,
            output_bytes: 0,
            budget_hit: false,
            clean: true,
            top_seq: [None; 2],
            seq_settled: false,
            tagged: None,
            tags_wanted: &[],
            tagged_incomplete: false,
            lean: false,
            hex_free: false,
        }
    }

    /// The whole walk, the same in both modes: header spans, header and PDU checks, the fixed
    /// part and everything it references. Returns the top-level fields when building.
    fn walk(&mut self) -> Option<Map<String, Value>> {
        let header = Header::new_unchecked(self.frame);
        let pdu = self.pdu;
        let def = PduId(pdu).def();
        let slots: &[Slot] = def.map(|d| d.slots).unwrap_or(&[]);
        if BUILD && !self.lean {
            // Header words, then about a descriptor and a data span per field.
            self.spans.reserve(
                slots
                    .len()
                    .saturating_mul(2)
                    .saturating_add(HEADER_WORDS.len())
                    .min(MAX_SPANS),
            );
        }
        self.header_spans();
        if header.check_len().is_err() {
            let len = self.frame.len();
            self.error(|| format!("frame of {len} bytes is shorter than its header"));
        }
        match def {
            None => self.anomaly(EventKind::CtiqbeUnknownPdu, || {
                format!(
                    "PDU {pdu} is outside the client's table (0..={}); the client ignores such messages",
                    schema::PDU_COUNT.saturating_sub(1)
                )
            }),
            Some(d) if d.confidence == Confidence::EmptySlot => {
                self.anomaly(EventKind::CtiqbeUnknownPdu, || {
                    format!("PDU {pdu} is an empty slot of the client's table; the client drops the connection on it")
                })
            }
            _ => {}
        }
        let open = def.map(|d| d.confidence.open()).unwrap_or(true);
        self.decode_fields(
            header.fixed_offset(),
            header.fixed_len(),
            Scope {
                struct_name: "",
                slots,
                open,
                top: true,
            },
            "",
        )
    }

    fn frame_len(&self) -> u32 {
        to_u32(self.frame.len())
    }

    /// Scanning only: the frame is known to be unclean and `seq` is settled, so nothing the
    /// rest of the walk finds can change the [`Scan`].
    fn stopped(&self) -> bool {
        !BUILD && !self.clean && self.seq_settled
    }

    /// A problem with the frame (an `errors` entry when building, up to
    /// [`MAX_ERRORS_PER_MESSAGE`]; later ones are counted).
    fn error(&mut self, message: impl FnOnce() -> String) {
        self.clean = false;
        if BUILD {
            if self.errors.len() < MAX_ERRORS_PER_MESSAGE {
                self.errors.push(message());
            } else {
                self.errors_unlisted = self.errors_unlisted.saturating_add(1);
            }
        }
    }

    /// The errors, with a last entry counting those not listed.
    fn take_errors(&mut self) -> Vec<String> {
        let mut errors = std::mem::take(&mut self.errors);
        if self.errors_unlisted > 0 {
            errors.push(format!(
                "and {} more errors, not listed (at most {MAX_ERRORS_PER_MESSAGE} are listed per message)",
                self.errors_unlisted
            ));
        }
        errors
    }

    /// A problem worth an event (aggregated per kind when building). Only the first
    /// [`MAX_PATHS_IN_EVENT`] details of a kind are worked out; the rest are counted: a hostile
    /// frame can repeat one problem thousands of times.
    fn anomaly(&mut self, kind: EventKind, detail: impl FnOnce() -> String) {
        self.clean = false;
        if BUILD {
            match self.anomalies.iter_mut().find(|t| t.kind == kind) {
                Some(tally) => {
                    tally.count = tally.count.saturating_add(1);
                    if tally.details.len() < MAX_PATHS_IN_EVENT {
                        tally.details.push(detail());
                    }
                }
                None => self.anomalies.push(AnomalyTally {
                    kind,
                    details: vec![detail()],
                    count: 1,
                }),
            }
        }
    }

    /// A string value (null when scanning: only numbers matter there).
    fn string_value(text: impl FnOnce() -> String) -> Value {
        if BUILD {
            Value::String(text())
        } else {
            Value::Null
        }
    }

    /// A structure value (null when scanning).
    fn object(fields: Option<Map<String, Value>>) -> Value {
        fields.map_or(Value::Null, Value::Object)
    }

    /// The dotted path of a field (empty when scanning: paths only name things).
    fn path(&self, prefix: &str, name: &str) -> String {
        if BUILD && !self.lean {
            join(prefix, name)
        } else {
            String::new()
        }
    }

    /// Keeps the top-level values `seq` comes from, as `fields.get(..)` would see them.
    fn note_top_value(&mut self, name: &str, value: &Value) {
        for (key, kept) in SEQ_FIELDS.iter().zip(self.top_seq.iter_mut()) {
            if name == *key {
                *kept = value.as_u64();
            }
        }
    }

    /// One event per kind, naming the first few paths.
    fn take_anomalies(&mut self) -> Vec<Anomaly> {
        self.anomalies
            .drain(..)
            .map(|tally| {
                let mut detail = tally.details.join("; ");
                if tally.count > MAX_PATHS_IN_EVENT {
                    let _ = write!(
                        detail,
                        "; and {} more",
                        tally.count.saturating_sub(MAX_PATHS_IN_EVENT)
                    );
                }
                Anomaly {
                    kind: tally.kind,
                    detail,
                }
            })
            .collect()
    }

    /// Accounts for `values` more values and `bytes` more output; false (reported once) when
    /// a per-message budget would be exceeded, in which case the caller stops or yields null.
    fn spend(&mut self, values: usize, bytes: usize) -> bool {
        let v = self.values.saturating_add(values);
        let b = self.output_bytes.saturating_add(bytes);
        if v > MAX_VALUES_PER_MESSAGE || b > MAX_OUTPUT_BYTES_PER_MESSAGE {
            if !self.budget_hit {
                self.budget_hit = true;
                self.error(|| format!(
                    "decoding stopped at the per-message budget ({MAX_VALUES_PER_MESSAGE} values, {MAX_OUTPUT_BYTES_PER_MESSAGE} bytes of text); later fields are missing or null"
                ));
                self.anomaly(EventKind::CtiqbeLimit, || {
                    "per-message decode budget reached".to_string()
                });
            }
            return false;
        }
        self.values = v;
        self.output_bytes = b;
        true
    }

    /// Records the span `start..end`; its path, tag and note are worked out only when it is
    /// kept (building, and under [`MAX_SPANS`]).
    fn span(
        &mut self,
        start: u32,
        end: u32,
        describe: impl FnOnce() -> (String, Option<Tag>, Option<String>),
    ) -> bool {
        if self.span_count >= MAX_SPANS {
            if !self.spans_capped {
                self.spans_capped = true;
                self.error(|| format!("more than {MAX_SPANS} fields: later spans not kept"));
            }
            return false;
        }
        self.span_count = self.span_count.saturating_add(1);
        if BUILD && !self.lean {
            let (path, tag, note) = describe();
            let end = end.min(self.frame_len()).max(start);
            self.spans.push(Span {
                path,
                start,
                end,
                tag,
                note,
            });
        }
        true
    }

    /// When scanning for [`tagged_values`]: the value of a tagged span just kept (`kept`, from
    /// [`Self::span`]) at `start..end`, as `span_value` would read it from the decoded message;
    /// `value` is `None` where only the field tree can say it.
    fn tag_value(
        &mut self,
        kept: bool,
        tag: Option<Tag>,
        start: u32,
        end: u32,
        value: impl FnOnce() -> Option<String>,
    ) {
        if BUILD || !kept {
            return;
        }
        let frame_len = self.frame_len();
        let (Some(tag), Some(_)) = (tag, self.tagged.as_ref()) else {
            return;
        };
        if !self.tags_wanted.contains(&tag) {
            return;
        }
        let Some(value) = value() else {
            self.tagged_incomplete = true;
            return;
        };
        if value.is_empty() || value == "0" {
            return;
        }
        if let Some(out) = self.tagged.as_mut() {
            out.push(TaggedValue {
                tag,
                start,
                end: end.min(frame_len).max(start),
                value,
            });
        }
    }

    fn header_spans(&mut self) {
        let h = Header::new_unchecked(self.frame);
        let mut at = 0u32;
        for (path, note) in HEADER_WORDS {
            if at.saturating_add(4) > self.frame_len() {
                break;
            }
            self.span(at, at.saturating_add(4), || {
                let note = match note {
                    HeaderNote::None => None,
                    HeaderNote::Version => Some(format!("0x{:08X}", h.protocol_version())),
                    HeaderNote::Pdu => Some(format!(
                        "{} (layout: {})",
                        schema::pdu_name(h.pdu()).unwrap_or("unknown PDU"),
                        schema::layout_confidence(h.pdu())
                    )),
                };
                (path.to_string(), None, note)
            });
            at = at.saturating_add(4);
        }
    }

    fn u32_at(&self, at: u32) -> Option<u32> {
        read_u32_at(self.frame, usize::try_from(at).ok()?)
    }

    /// Bytes `start..start+len` of the frame, if entirely inside it.
    fn bytes(&self, start: u32, len: u32) -> Option<&'a [u8]> {
        let end = start.checked_add(len)?;
        self.frame
            .get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
    }

    /// Records a reference past the frame end; the caller reports null.
    fn out_of_frame(&mut self, path: &str, what: &str, start: u64, len: u64) {
        let end = start.saturating_add(len);
        let frame_len = self.frame.len();
        self.error(|| format!(
            "{path}: {what} at {start}..{end} lies outside the {frame_len}-byte frame; not read (the client would read stale bytes of its receive buffer)"
        ));
        self.anomaly(EventKind::CtiqbeOutOfFrameReference, || {
            format!("{path} ({what} at {start}..{end}, frame {frame_len} bytes)")
        });
    }

    /// Walks `scope.slots` of a structure at absolute offset `base`; fields at offsets
    /// `>= limit` (fixedPartLength or the struct's wire size) take their defaults. Returns the
    /// fields when building.
    fn decode_fields(
        &mut self,
        base: u32,
        limit: u32,
        scope: Scope<'_>,
        prefix: &str,
    ) -> Option<Map<String, Value>> {
        let mut map = BUILD.then(|| {
            let typed = !scope.struct_name.is_empty();
            let mut map = Map::with_capacity(scope.slots.len().saturating_add(usize::from(typed)));
            if typed {
                map.insert(
                    "_type".to_string(),
                    Value::String(scope.struct_name.to_string()),
                );
            }
            map
        });
        // The last top-level field `seq` may come from: past it, `seq` cannot change.
        let last_seq_field = if scope.top {
            scope
                .slots
                .iter()
                .rposition(|s| SEQ_FIELDS.contains(&s.name))
        } else {
            None
        };
        let mut covered = 0u32;
        for (i, slot) in scope.slots.iter().enumerate() {
            if self.stopped() || !self.spend(1, 0) {
                break;
            }
            let path = self.path(prefix, slot.name);
            covered = covered.max(slot.end());
            let value = if slot.offset >= limit {
                default_value(slot.kind, BUILD)
            } else {
                // A field is read whole when it starts inside the fixed part; a descriptor
                // cut by fixedPartLength is malformed (inside a struct, `size` only selects
                // which fields are read, so the same situation is the client's normal rule).
                if scope.top && slot.end() > limit {
                    self.error(|| format!(
                        "{path}: {} slot at {}..{} extends past fixedPartLength ({limit}); read from the following bytes, as the client does",
                        slot.kind.as_str(),
                        slot.offset,
                        slot.end()
                    ));
                }
                match base.checked_add(slot.offset) {
                    Some(at) => self.decode_slot(
                        at,
                        slot,
                        scope.struct_name,
                        &path,
                        limit.saturating_sub(slot.offset),
                    ),
                    None => {
                        self.out_of_frame(
                            &path,
                            "slot",
                            u64::from(base).saturating_add(u64::from(slot.offset)),
                            4,
                        );
                        Value::Null
                    }
                }
            };
            if scope.top {
                self.note_top_value(slot.name, &value);
                if Some(i) == last_seq_field {
                    self.seq_settled = true;
                }
            }
            if let Some(map) = map.as_mut() {
                map.insert(slot.name.to_string(), value);
            }
        }
        if scope.top {
            self.seq_settled = true;
        }
        if scope.open || scope.top {
            self.generic_slots(base, covered, limit, prefix, map.as_mut());
        }
        map
    }

    /// Fixed-part bytes `covered..limit` not described by the schema, as `slot_N` numbers.
    fn generic_slots(
        &mut self,
        base: u32,
        covered: u32,
        limit: u32,
        prefix: &str,
        mut map: Option<&mut Map<String, Value>>,
    ) {
        let first = covered.saturating_add(3) / 4;
        let last = limit / 4; // whole slots only
        let mut shown = 0u32;
        for index in first..last {
            if self.stopped() {
                break;
            }
            if shown >= MAX_GENERIC_SLOTS {
                self.error(|| {
                    format!(
                        "{}: {} more unknown slots not shown (limit {MAX_GENERIC_SLOTS})",
                        if prefix.is_empty() {
                            "fixed part"
                        } else {
                            prefix
                        },
                        last.saturating_sub(index)
                    )
                });
                self.anomaly(EventKind::CtiqbeLimit, || {
                    format!("{} unknown slots", last.saturating_sub(first))
                });
                break;
            }
            if !self.spend(1, 0) {
                break;
            }
            shown = shown.saturating_add(1);
            let name = if BUILD {
                format!("slot_{index}")
            } else {
                String::new()
            };
            let path = self.path(prefix, &name);
            let rel = index.saturating_mul(4);
            let value = match base
                .checked_add(rel)
                .and_then(|at| self.u32_at(at).map(|v| (at, v)))
            {
                Some((at, v)) => {
                    self.span(at, at.saturating_add(4), || {
                        (path, None, Some("layout unknown".to_string()))
                    });
                    Value::from(v)
                }
                None => {
                    self.out_of_frame(
                        &path,
                        "slot",
                        u64::from(base).saturating_add(u64::from(rel)),
                        4,
                    );
                    Value::Null
                }
            };
            if let Some(map) = map.as_mut() {
                map.insert(name, value);
            }
        }
    }

    /// Reads the descriptor words `at..at+4n`; reports out-of-frame and returns `None`.
    fn words<const N: usize>(&mut self, at: u32, path: &str) -> Option<[u32; N]> {
        let mut out = [0u32; N];
        for (i, w) in out.iter_mut().enumerate() {
            let pos = at.checked_add(to_u32(i).saturating_mul(4));
            match pos.and_then(|p| self.u32_at(p)) {
                Some(v) => *w = v,
                None => {
                    self.out_of_frame(
                        path,
                        "descriptor",
                        u64::from(at),
                        u64::from(to_u32(N)).saturating_mul(4),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    fn decode_slot(
        &mut self,
        at: u32,
        slot: &Slot,
        struct_name: &str,
        path: &str,
        avail: u32,
    ) -> Value {
        let tag = if BUILD || self.tagged.is_some() {
            schema::tag_for(struct_name, slot.name)
        } else {
            None
        };
        let hidden_note = || match (schema::field_note(slot.name), slot.printed) {
            (Some(note), false) => Some(format!("{note}; not printed by the client's trace")),
            (Some(note), true) => Some(note.to_string()),
            (None, false) => Some("not printed by the client's trace".to_string()),
            (None, true) => None,
        };
        match slot.kind {
            Kind::U32 => {
                let Some([v]) = self.words::<1>(at, path) else {
                    return Value::Null;
                };
                let note = if BUILD && !self.lean {
                    self.u32_note(struct_name, slot.name, v)
                        .or_else(hidden_note)
                } else {
                    None
                };
                let kept = self.span(at, at.saturating_add(4), || (path.to_string(), tag, note));
                self.tag_value(kept, tag, at, at.saturating_add(4), || {
                    Some(if tag == Some(Tag::IpAddress) {
                        let b = v.to_le_bytes();
                        format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
                    } else {
                        v.to_string()
                    })
                });
                Value::from(v)
            }
            Kind::Bool => {
                let Some([v]) = self.words::<1>(at, path) else {
                    return Value::Null;
                };
                match v {
                    0 | 1 | 0xFFFF_FFFF => {
                        let kept =
                            self.span(at, at.saturating_add(4), || (path.to_string(), tag, None));
                        self.tag_value(kept, tag, at, at.saturating_add(4), || None);
                        Value::Bool(v != 0)
                    }
                    other => {
                        self.error(|| format!(
                            "{path}: invalid boolean 0x{other:08X} at offset {at} (the client rejects it and drops the connection)"
                        ));
                        self.anomaly(EventKind::CtiqbeBadBoolean, || {
                            format!("{path} = 0x{other:08X} at offset {at}")
                        });
                        let kept = self.span(at, at.saturating_add(4), || {
                            (
                                path.to_string(),
                                tag,
                                Some(format!("invalid boolean 0x{other:08X}")),
                            )
                        });
                        self.tag_value(kept, tag, at, at.saturating_add(4), || None);
                        Value::from(other)
                    }
                }
            }
            Kind::Str | Kind::Bytes => {
                let Some([off, len]) = self.words::<2>(at, path) else {
                    return Value::Null;
                };
                let is_str = matches!(slot.kind, Kind::Str);
                if len == 0 && is_str && schema::empty_string_is_text(struct_name) {
                    self.span(at, at.saturating_add(8), || {
                        (path.to_string(), None, Some("\"\" (length 0; this structure's strings are never null)".to_string()))
                    });
                    return Self::string_value(String::new);
                }
                if len == 0 {
                    self.span(at, at.saturating_add(8), || {
                        (path.to_string(), None, Some("null (length 0)".to_string()))
                    });
                    return Value::Null;
                }
                self.span(at, at.saturating_add(8), || {
                    (path.to_string(), None, hidden_note())
                });
                // A string is exactly length − 1 bytes; the last byte (normally NUL) is dropped.
                let take = if is_str { len.saturating_sub(1) } else { len };
                let Some(data) = self.bytes(off, take) else {
                    self.out_of_frame(
                        path,
                        if is_str { "string" } else { "byte array" },
                        u64::from(off),
                        u64::from(take),
                    );
                    return Value::Null;
                };
                let out_len = if is_str {
                    data.len()
                } else {
                    data.len().saturating_mul(2)
                };
                if !self.spend(0, out_len) {
                    return Value::Null;
                }
                let data_end = off
                    .saturating_add(len)
                    .min(self.frame_len())
                    .max(off.saturating_add(take));
                if is_str {
                    let frame = self.frame;
                    let kept = self.span(off, data_end, || {
                        let last = usize::try_from(off.saturating_add(take)).unwrap_or(usize::MAX);
                        let note = match frame.get(last) {
                            Some(0) | None => hidden_note(),
                            Some(b) => Some(format!(
                                "last byte 0x{b:02x} is not NUL; dropped as the client does"
                            )),
                        };
                        (suffixed(path, "@data"), tag, note)
                    });
                    self.tag_value(kept, tag, off, data_end, || {
                        Some(String::from_utf8_lossy(data).into_owned())
                    });
                    Self::string_value(|| String::from_utf8_lossy(data).into_owned())
                } else {
                    let kept = self.span(off, data_end, || {
                        let note = match schema::field_note(slot.name) {
                            Some(n) => format!("{len} bytes; {n}"),
                            None => format!("{len} bytes"),
                        };
                        (suffixed(path, "@data"), tag, Some(note))
                    });
                    let hex_free = self.hex_free;
                    self.tag_value(kept, tag, off, data_end, || {
                        // Not empty (so kept) exactly when the hex would not be.
                        Some(if hex_free && !data.is_empty() { String::from("…") } else { hex(data) })
                    });
                    Self::string_value(|| hex(data))
                }
            }
            Kind::UStr => {
                let Some([off, byte_len, count, elem]) = self.words::<4>(at, path) else {
                    return Value::Null;
                };
                let to_client = self.dir == Direction::ToClient;
                let units = if to_client {
                    count.saturating_sub(1)
                } else {
                    count
                };
                if to_client && count == 0 {
                    self.error(|| format!(
                        "{path}: UnicodeString count 0 from the server (the client reads count − 1 units)"
                    ));
                }
                self.span(at, at.saturating_add(16), || {
                    let mut note = format!(
                        "UTF-16LE, count {count}, byteLength {byte_len}, sizeofElement {elem}"
                    );
                    if to_client {
                        note.push_str("; server strings end in a NUL unit, count − 1 units read");
                    }
                    (path.to_string(), None, Some(note))
                });
                let Some(data) = units.checked_mul(2).and_then(|n| self.bytes(off, n)) else {
                    self.out_of_frame(
                        path,
                        "UnicodeString",
                        u64::from(off),
                        u64::from(units).saturating_mul(2),
                    );
                    return Value::Null;
                };
                if !self.spend(0, data.len()) {
                    return Value::Null;
                }
                let value = Self::string_value(|| utf16_text(data));
                let data_end = off.saturating_add(to_u32(data.len()));
                let ends_in_nul = to_client && count > 0;
                let nul_missing =
                    BUILD && ends_in_nul && self.bytes(data_end, 2) != Some(&[0, 0][..]);
                let data_end = if ends_in_nul {
                    data_end.saturating_add(2).min(self.frame_len())
                } else {
                    data_end
                };
                let kept = self.span(off, data_end, || {
                    let note = nul_missing.then(|| {
                        "no NUL unit after the text: the client loses the last character"
                            .to_string()
                    });
                    (suffixed(path, "@data"), tag, note)
                });
                self.tag_value(kept, tag, off, data_end, || Some(utf16_text(data)));
                value
            }
            Kind::Struct(schema) => {
                let Some([off, len, size]) = self.words::<3>(at, path) else {
                    return Value::Null;
                };
                if len == 0 {
                    self.span(at, at.saturating_add(12), || {
                        (path.to_string(), None, Some("null (length 0)".to_string()))
                    });
                    return Value::Null;
                }
                self.span(at, at.saturating_add(12), || {
                    let mut note = format!(
                        "{} at {off}, length {len}, size {size}",
                        display_type(schema)
                    );
                    if schema.size > 0 && size < schema.size {
                        let _ = write!(note, "; fields from offset {size} on take their defaults");
                    }
                    (path.to_string(), None, Some(note))
                });
                if off < self.frame_len() {
                    let kept = self.span(off, off.saturating_add(len), || {
                        (suffixed(path, "@data"), tag, None)
                    });
                    self.tag_value(kept, tag, off, off.saturating_add(len), || None);
                }
                let scope = Scope {
                    struct_name: schema.name,
                    slots: schema.fields,
                    open: schema.open,
                    top: false,
                };
                Self::object(self.decode_fields(off, size, scope, path))
            }
            Kind::Inline(schema) => {
                let scope = Scope {
                    struct_name: schema.name,
                    slots: schema.fields,
                    open: schema.open,
                    top: false,
                };
                Self::object(self.decode_fields(at, avail.min(schema.size), scope, path))
            }
            Kind::Array(schema) => {
                let Some([off, total, count, elem]) = self.words::<4>(at, path) else {
                    return Value::Null;
                };
                if total == 0 {
                    self.span(at, at.saturating_add(16), || {
                        (path.to_string(), None, Some(null_array_note(off, count, elem)))
                    });
                    return Value::Null;
                }
                // The client reads element i at offset + i × elementSize (ctiqbe-wire-2 §2);
                // totalLength is only the null flag.
                let stride = elem;
                self.span(at, at.saturating_add(16), || {
                    let mut note = format!(
                        "{count} × {} at {off}, totalLength {total}, elementSize {elem}",
                        display_type(schema)
                    );
                    note.push_str(&length_mismatch_note(total, count, elem));
                    (path.to_string(), None, Some(note))
                });
                self.check_array_extent(path, total, count, elem);
                let n = self.limit_count(path, count);
                let mut list = Vec::new();
                for i in 0..n {
                    if self.stopped() || !self.spend(1, 0) {
                        break;
                    }
                    let Some(base) = i.checked_mul(stride).and_then(|d| off.checked_add(d)) else {
                        self.out_of_frame(path, "array element", u64::from(off), u64::from(total));
                        break;
                    };
                    let elem_path = if BUILD && !self.lean {
                        join_index(path, i)
                    } else {
                        String::new()
                    };
                    if base >= self.frame_len() {
                        self.out_of_frame(
                            &elem_path,
                            "array element",
                            u64::from(base),
                            u64::from(stride),
                        );
                        break;
                    }
                    let kept = self.span(base, base.saturating_add(stride), || {
                        (suffixed(&elem_path, "@data"), tag, None)
                    });
                    self.tag_value(kept, tag, base, base.saturating_add(stride), || None);
                    let scope = Scope {
                        struct_name: schema.name,
                        slots: schema.fields,
                        open: schema.open,
                        top: false,
                    };
                    let element = Self::object(self.decode_fields(base, elem, scope, &elem_path));
                    if BUILD {
                        list.push(element);
                    }
                }
                if BUILD {
                    Value::Array(list)
                } else {
                    Value::Null
                }
            }
            Kind::U32Array => {
                let Some([off, total, count, elem]) = self.words::<4>(at, path) else {
                    return Value::Null;
                };
                if total == 0 {
                    self.span(at, at.saturating_add(16), || {
                        (path.to_string(), None, Some(null_array_note(off, count, elem)))
                    });
                    return Value::Null;
                }
                self.check_array_extent(path, total, count, elem);
                if elem != 4 {
                    self.error(|| {
                        format!(
                            "{path}: elementSize {elem} for u32 elements; read as 4-byte values"
                        )
                    });
                }
                self.span(at, at.saturating_add(16), || {
                    let mut note =
                        format!("{count} × u32 at {off}, totalLength {total}, elementSize {elem}");
                    let used = u64::from(count).saturating_mul(u64::from(elem));
                    if u64::from(total) != used {
                        let _ = write!(
                            note,
                            "; only count × elementSize = {used} bytes are elements (the client fills the rest of totalLength with stale buffer bytes)"
                        );
                    }
                    (path.to_string(), None, Some(note))
                });
                let n = self.limit_count(path, count);
                if !self.spend(n as usize, 0) {
                    return Value::Null;
                }
                let Some(data) = n.checked_mul(4).and_then(|len| self.bytes(off, len)) else {
                    self.out_of_frame(
                        path,
                        "u32 array",
                        u64::from(off),
                        u64::from(n).saturating_mul(4),
                    );
                    return Value::Null;
                };
                let value = if BUILD {
                    Value::Array(
                        data.chunks_exact(4)
                            .map(|c| {
                                let arr: [u8; 4] = c.try_into().unwrap_or([0; 4]);
                                Value::from(u32::from_le_bytes(arr))
                            })
                            .collect(),
                    )
                } else {
                    Value::Null
                };
                let end = off.saturating_add(to_u32(data.len()));
                let kept = self.span(off, end, || (suffixed(path, "@data"), tag, None));
                self.tag_value(kept, tag, off, end, || None);
                value
            }
        }
    }

    /// An array whose elements (count × elementSize) run past its totalLength: the client
    /// reads them anyway, at elementSize strides (ctiqbe-wire-2 §2), while any reader that
    /// trusts totalLength (or divides it by count) reads other bytes. The client never writes
    /// such a descriptor (its totalLength includes the referenced data), so it is an error of
    /// the frame: a sender and the client disagree about where the elements are.
    fn check_array_extent(&mut self, path: &str, total: u32, count: u32, elem: u32) {
        let used = u64::from(count).saturating_mul(u64::from(elem));
        if u64::from(total) < used {
            self.error(|| {
                format!(
                    "{path}: totalLength {total} < count {count} × elementSize {elem} = {used}; elements read at elementSize strides, as the client does (a reader using totalLength / count would misplace them)"
                )
            });
        }
    }

    /// Caps an element count at [`MAX_ARRAY_ELEMENTS`], reporting when it bites.
    fn limit_count(&mut self, path: &str, count: u32) -> u32 {
        if count > MAX_ARRAY_ELEMENTS {
            self.error(|| format!("{path}: count {count} exceeds the limit of {MAX_ARRAY_ELEMENTS}; the rest not decoded"));
            self.anomaly(EventKind::CtiqbeLimit, || {
                format!("{path}: array count {count} > {MAX_ARRAY_ELEMENTS}")
            });
            MAX_ARRAY_ELEMENTS
        } else {
            count
        }
    }

    /// A readable form of a number where one helps.
    fn u32_note(&self, struct_name: &str, name: &str, v: u32) -> Option<String> {
        if schema::IPV4_FIELDS.contains(&name) {
            return Some(dotted(v));
        }
        if name == "compressionType" {
            return schema::codec_name(v).map(str::to_string);
        }
        if schema::CODE_FIELDS.contains(&name) {
            let named = schema::result_meaning(v);
            if let Some(m) = named {
                return Some(format!("0x{v:08X} {m}"));
            }
            if (name == "result" && v != 0) || v & 0xFFFF_0000 == 0x8CCC_0000 {
                return Some(format!("0x{v:08X}"));
            }
            return None;
        }
        match name {
            "providerId" | "providerID" => Some(format!("0x{v:08X}")),
            "daysUntilPasswordExpiry" if v == u32::MAX => Some("never expires (-1)".to_string()),
            "state"
                if struct_name.is_empty()
                    && (self.pdu == schema::PduId::NEW_CALL_EVENT.0
                        || self.pdu == schema::PduId::CALL_STATE_CHANGED_EVENT_V2.0) =>
            {
                schema::call_state_name(v).map(|s| format!("{s} (name INFERRED)"))
            }
            _ => None,
        }
    }
}

fn display_type(schema: &StructSchema) -> &str {
    if schema.name.is_empty() {
        "structure of unknown layout"
    } else {
        schema.name
    }
}

/// The value the client prints for a field the frame does not carry (`build`: an inline
/// structure's object; when scanning it is null, only numbers matter there).
fn default_value(kind: Kind, build: bool) -> Value {
    match kind {
        Kind::U32 => Value::from(0u32),
        Kind::Bool => Value::Bool(false),
        Kind::Inline(schema) if build => {
            let mut map = Map::with_capacity(schema.fields.len().saturating_add(1));
            if !schema.name.is_empty() {
                map.insert("_type".to_string(), Value::String(schema.name.to_string()));
            }
            for slot in schema.fields {
                map.insert(slot.name.to_string(), default_value(slot.kind, build));
            }
            Value::Object(map)
        }
        Kind::Inline(_)
        | Kind::Str
        | Kind::Bytes
        | Kind::UStr
        | Kind::Struct(_)
        | Kind::Array(_)
        | Kind::U32Array => Value::Null,
    }
}

/// The top-level fields the summary reads, picked in one pass over the map (cheaper than a
/// hash lookup per key; the keys of a map are unique, so this finds what `get` would).
#[derive(Default)]
struct SummaryFields<'v> {
    login: Option<&'v Value>,
    application_id: Option<&'v Value>,
    client_verion: Option<&'v Value>,
    client_version: Option<&'v Value>,
    provider_info_string: Option<&'v Value>,
    provider_info: Option<&'v Value>,
    device_name: Option<&'v Value>,
    line_name: Option<&'v Value>,
    partition: Option<&'v Value>,
    calling_address: Option<&'v Value>,
    dest_address: Option<&'v Value>,
    calling_party: Option<&'v Value>,
    called_party: Option<&'v Value>,
    redirect_address: Option<&'v Value>,
    call_call_manager_id: Option<&'v Value>,
    call_leg_id: Option<&'v Value>,
    call_manager_id: Option<&'v Value>,
    state: Option<&'v Value>,
    dtmf_digits: Option<&'v Value>,
    result: Option<&'v Value>,
    reason: Option<&'v Value>,
    failure_description: Option<&'v Value>,
    device_info: Option<&'v Value>,
    ip_addr: Option<&'v Value>,
    rtp_port: Option<&'v Value>,
    compression_type: Option<&'v Value>,
    new_global_cm: Option<&'v Value>,
    new_global_id: Option<&'v Value>,
}

impl<'v> SummaryFields<'v> {
    fn of(fields: &'v Map<String, Value>) -> SummaryFields<'v> {
        let mut f = SummaryFields::default();
        for (key, value) in fields {
            let slot = match key.as_str() {
                "login" => &mut f.login,
                "applicationID" => &mut f.application_id,
                "qbeClientVerion" => &mut f.client_verion,
                "qbeClientVersion" => &mut f.client_version,
                "providerInfoString" => &mut f.provider_info_string,
                "providerInfo" => &mut f.provider_info,
                "deviceName" => &mut f.device_name,
                "lineName" => &mut f.line_name,
                "partition" => &mut f.partition,
                "callingAddress" => &mut f.calling_address,
                "destAddress" => &mut f.dest_address,
                "callingParty" => &mut f.calling_party,
                "calledParty" => &mut f.called_party,
                "redirectAddress" => &mut f.redirect_address,
                "callCallManagerID" => &mut f.call_call_manager_id,
                "callLegID" => &mut f.call_leg_id,
                "callManagerID" => &mut f.call_manager_id,
                "state" => &mut f.state,
                "dtmfDigits" => &mut f.dtmf_digits,
                "result" => &mut f.result,
                "reason" => &mut f.reason,
                "failureDescription" => &mut f.failure_description,
                "deviceInfo" => &mut f.device_info,
                "ipAddr" | "ipV4addr" | "ipAddress" => &mut f.ip_addr,
                "rtpPortNumber" => &mut f.rtp_port,
                "compressionType" => &mut f.compression_type,
                "newGlobalCallManagerID" => &mut f.new_global_cm,
                "newGlobalCallID" => &mut f.new_global_id,
                _ => continue,
            };
            *slot = Some(value);
        }
        f
    }
}

/// A non-empty string value.
fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn number(value: Option<&Value>) -> Option<u32> {
    value
        .and_then(Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
}

/// One line for the message table: name, sequence number and the fields a reader looks for.
fn summarize(name: &str, class: MsgClass, seq: Option<u32>, fields: &Map<String, Value>) -> String {
    let f = SummaryFields::of(fields);
    let mut s = String::with_capacity(name.len().saturating_add(48));
    s.push_str(name);
    if let Some(seq) = seq {
        let _ = write!(s, " seq {seq}");
    }
    if let Some(login) = text(f.login) {
        let _ = write!(s, " login {login}");
    }
    if let Some(app) = text(f.application_id) {
        let _ = write!(s, " app {app}");
    }
    if let Some(v) = text(f.client_verion).or_else(|| text(f.client_version)) {
        let _ = write!(s, " client \"{v}\"");
    }
    if let Some(v) = text(f.provider_info_string).or_else(|| text(f.provider_info)) {
        let _ = write!(s, " server \"{v}\"");
    }
    if let Some(dev) = text(f.device_name) {
        let _ = write!(s, " {dev}");
    }
    if let Some(dev) = f
        .device_info
        .and_then(Value::as_object)
        .and_then(|i| text(i.get("name")))
    {
        let _ = write!(s, " {dev}");
    }
    if let Some(ip) = number(f.ip_addr).filter(|v| *v != 0) {
        let _ = write!(s, " {}", dotted(ip));
        if let Some(port) = number(f.rtp_port) {
            let _ = write!(s, ":{port}");
        }
    }
    if let Some(codec) = number(f.compression_type).and_then(schema::codec_name) {
        let _ = write!(s, " {codec}");
    }
    if let (Some(cm), Some(id)) = (number(f.new_global_cm), number(f.new_global_id)) {
        let _ = write!(s, " new global call {cm}|{id}");
    }
    if let Some(dn) = text(f.line_name) {
        let _ = write!(s, " line {dn}");
        if let Some(pt) = text(f.partition) {
            let _ = write!(s, " ({pt})");
        }
    }
    let pairs = [
        (f.calling_address, f.dest_address),
        (f.calling_party, f.called_party),
    ];
    for (a, b) in pairs {
        if let (Some(x), Some(y)) = (text(a), text(b)) {
            let _ = write!(s, " {x} → {y}");
        } else if let Some(y) = text(b) {
            let _ = write!(s, " → {y}");
        }
    }
    if let Some(to) = text(f.redirect_address) {
        let _ = write!(s, " → {to}");
    }
    if let (Some(cm), Some(leg)) = (number(f.call_call_manager_id), number(f.call_leg_id)) {
        let _ = write!(s, " call {cm}|{leg}");
    } else if let (Some(cm), Some(leg)) = (number(f.call_manager_id), number(f.call_leg_id)) {
        let _ = write!(s, " call {cm}|{leg}");
    }
    if let Some(state) = number(f.state) {
        match schema::call_state_name(state) {
            Some(n) => {
                let _ = write!(s, " state {state} ({n}?)");
            }
            None => {
                let _ = write!(s, " state {state}");
            }
        }
    }
    if let Some(Value::Array(digits)) = f.dtmf_digits {
        let d: Vec<String> = digits.iter().map(|v| v.to_string()).collect();
        let _ = write!(s, " digits [{}]", d.join(","));
    }
    for (key, value) in [("result", f.result), ("reason", f.reason)] {
        if let Some(v) = number(value).filter(|v| *v != 0) {
            match schema::result_meaning(v) {
                Some(m) => {
                    let _ = write!(s, " {key} 0x{v:08X} ({m})");
                }
                None if v > 0xFFFF => {
                    let _ = write!(s, " {key} 0x{v:08X}");
                }
                None => {
                    let _ = write!(s, " {key} {v}");
                }
            }
        }
    }
    if let Some(f) = text(f.failure_description) {
        let _ = write!(s, " \"{f}\"");
    }
    if class == MsgClass::Unknown && !fields.is_empty() {
        let _ = write!(s, " ({} slots)", fields.len());
    }
    s
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
    use crate::proto::ctiqbe::frame::tests::build;
    use serde_json::json;

    /// Every decode in these tests also checks that the scanning mode of the walk agrees with
    /// it (this shadows `super::decode_frame`).
    fn decode_frame(frame: &[u8], dir: Direction) -> Decoded {
        let d = super::decode_frame(frame, dir);
        assert_scan_agrees(&d, frame, dir);
        d
    }

    fn assert_scan_agrees(d: &Decoded, frame: &[u8], dir: Direction) {
        let s = scan_frame(frame, dir);
        assert_eq!(
            (
                s.pdu,
                s.name.to_string(),
                s.class,
                s.protocol_version,
                s.seq
            ),
            (d.pdu, d.name.clone(), d.class, d.protocol_version, d.seq),
            "{frame:02x?}"
        );
        assert_eq!(
            s.clean,
            d.errors.is_empty() && d.anomalies.is_empty(),
            "{:?} {:?}",
            d.errors,
            d.anomalies
        );
    }

    /// Fixed part + variable part with absolute offsets, as the client lays them out.
    struct B {
        fixed: Vec<u8>,
        var: Vec<u8>,
        fixed_len: usize,
    }
    impl B {
        fn new(fixed_len: usize) -> B {
            B {
                fixed: Vec::new(),
                var: Vec::new(),
                fixed_len,
            }
        }
        fn w(&mut self, v: u32) -> &mut B {
            self.fixed.extend_from_slice(&v.to_le_bytes());
            self
        }
        /// Appends data to the variable part and returns its absolute frame offset.
        fn data(&mut self, d: &[u8]) -> u32 {
            let at = 32 + self.fixed_len + self.var.len();
            self.var.extend_from_slice(d);
            at as u32
        }
        fn str(&mut self, s: &str) -> &mut B {
            let mut d = s.as_bytes().to_vec();
            d.push(0);
            let at = self.data(&d);
            self.w(at).w(d.len() as u32)
        }
        fn frame(&self, pdu: u32) -> Vec<u8> {
            assert_eq!(self.fixed.len(), self.fixed_len);
            build(pdu, &self.fixed, &self.var)
        }
    }

    fn err_has(d: &Decoded, needle: &str) -> bool {
        d.errors.iter().any(|e| e.contains(needle))
    }

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn provider_init_request_as_captured() {
        // §2 hex dump of the first client message (131 bytes).
        let frame = hexbytes(
            "7b000000 00000000 ddddffff 00001100 36010000 20000000 24000000 3f000000
             00000000 44000000 0a000000 4e000000 24000000 72000000 06000000 78000000
             0b000000 3132372e 302e302e 3100 436973636f204a544150492031352e3028302e3130303030292d312052656c6561736500
             70726f626500 436973636f4a5441504900",
        );
        assert_eq!(frame.len(), 131);
        let d = decode_frame(&frame, Direction::ToServer);
        assert_eq!(d.name, "ProviderInitRequest");
        assert_eq!(d.class, MsgClass::Request);
        assert_eq!(d.seq, Some(0));
        assert_eq!(
            Value::Object(d.fields.clone()),
            json!({"sequenceNumber": 0, "provider": "127.0.0.1",
                   "qbeClientVerion": "Cisco JTAPI 15.0(0.10000)-1 Release",
                   "applicationID": "probe", "pluginName": "CiscoJTAPI"})
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let app = d
            .spans
            .iter()
            .find(|s| s.path == "applicationID@data")
            .unwrap();
        assert_eq!(
            (app.start, app.end, app.tag),
            (0x72, 0x78, Some(Tag::ApplicationId))
        );
        assert!(d.summary.starts_with("ProviderInitRequest seq 0"));
    }

    fn hexbytes(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn u32_bool_and_bad_boolean() {
        // DeviceInServiceEvent: 24 dndStatus bool.
        for (raw, want) in [
            (0u32, json!(false)),
            (1, json!(true)),
            (0xFFFF_FFFF, json!(true)),
            (2, json!(2)),
        ] {
            let mut b = B::new(32);
            b.w(1).w(38).w(1).w(0);
            b.str("");
            b.w(raw).w(0);
            let d = decode_frame(&b.frame(112), Direction::ToClient);
            assert_eq!(d.fields["dndStatus"], want);
            assert_eq!(d.fields["deviceID"], json!(38));
            let bad = d.anomalies.iter().any(|a| a.kind == "ctiqbe.bad_boolean");
            assert_eq!(bad, raw == 2);
            assert_eq!(err_has(&d, "invalid boolean"), raw == 2);
        }
    }

    #[test]
    fn strings_null_empty_embedded_nul_and_missing_terminator() {
        // FailureResponse: seq, result, description str.
        let mut b = B::new(16);
        b.w(5).w(0x8CCC_00D2).w(0).w(0); // length 0 = null, offset ignored
        let d = decode_frame(&b.frame(0), Direction::ToClient);
        assert_eq!(d.fields["description"], Value::Null);
        assert!(
            d.summary.contains("0x8CCC00D2 (CTIERR_DEVICE_RESTRICTED)"),
            "{}",
            d.summary
        );
        let note = d
            .spans
            .iter()
            .find(|s| s.path == "result")
            .unwrap()
            .note
            .clone()
            .unwrap();
        assert_eq!(note, "0x8CCC00D2 CTIERR_DEVICE_RESTRICTED");

        let mut b = B::new(16);
        b.w(5).w(0);
        let at = b.data(b"\0");
        b.w(at).w(1);
        assert_eq!(
            decode_frame(&b.frame(0), Direction::ToClient).fields["description"],
            json!("")
        );

        // Exactly length − 1 bytes, embedded NUL kept, last byte dropped whatever it is.
        let mut b = B::new(16);
        b.w(5).w(0);
        let at = b.data(b"a\0bX");
        b.w(at).w(4);
        let d = decode_frame(&b.frame(0), Direction::ToClient);
        assert_eq!(d.fields["description"], json!("a\u{0}b"));
        assert!(d
            .spans
            .iter()
            .any(|s| s.path == "description@data"
                && s.note.as_deref().unwrap_or("").contains("not NUL")));

        // Invalid UTF-8 becomes U+FFFD.
        let mut b = B::new(16);
        b.w(5).w(0);
        let at = b.data(b"\xcc\x01\0");
        b.w(at).w(3);
        assert_eq!(
            decode_frame(&b.frame(0), Direction::ToClient).fields["description"],
            json!("\u{fffd}\u{1}")
        );
    }

    #[test]
    fn maximum_length_string() {
        let long = "x".repeat(65_000);
        let mut b = B::new(16);
        b.w(5).w(0);
        b.str(&long);
        let f = b.frame(0);
        assert!(f.len() <= crate::proto::ctiqbe::frame::MAX_MESSAGE_LEN as usize);
        let d = decode_frame(&f, Direction::ToClient);
        assert_eq!(d.fields["description"].as_str().unwrap().len(), 65_000);
    }

    #[test]
    fn out_of_frame_string_is_null_with_error() {
        let mut b = B::new(16);
        b.w(5).w(0).w(40).w(200);
        let d = decode_frame(&b.frame(0), Direction::ToClient);
        assert_eq!(d.fields["description"], Value::Null);
        assert!(err_has(
            &d,
            "description: string at 40..239 lies outside the 48-byte frame"
        ));
        assert_eq!(d.anomalies.len(), 1);
        assert_eq!(d.anomalies[0].kind, "ctiqbe.out_of_frame_reference");
    }

    #[test]
    fn bytes_hex_and_null() {
        // ProviderInitResponse: 44 certificate bytes.
        let mut b = B::new(52);
        b.w(0)
            .w(0)
            .str("INFO")
            .str("PV")
            .str("PL")
            .w(0x0100_0007)
            .str("NONCE123");
        let at = b.data(b"CERTBYTES");
        b.w(at).w(9);
        let d = decode_frame(&b.frame(311), Direction::ToClient);
        assert_eq!(d.fields["certificate"], json!("434552544259544553"));
        assert_eq!(d.fields["nonce"], json!("NONCE123"));
        let cert = d
            .spans
            .iter()
            .find(|s| s.path == "certificate@data")
            .unwrap();
        assert_eq!(cert.tag, Some(Tag::Certificate));
        assert_eq!(
            d.spans
                .iter()
                .find(|s| s.path == "providerID")
                .unwrap()
                .note
                .as_deref(),
            Some("0x01000007")
        );
    }

    #[test]
    fn unicode_string_direction_rules() {
        // ProviderOpenCompletedEvent (S→C): loginUserName @48.
        let mut b = B::new(80);
        b.w(0)
            .w(1)
            .str("15.0")
            .w(30)
            .w(30)
            .str("")
            .w(0)
            .w(0x0100_0007)
            .w(0)
            .w(0);
        let u: Vec<u8> = "ctiappuser\0"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let at = b.data(&u);
        b.w(at)
            .w(22)
            .w(11)
            .w(2)
            .w(u32::MAX)
            .w(0)
            .str("StandAloneCluster");
        let d = decode_frame(&b.frame(126), Direction::ToClient);
        assert_eq!(d.fields["loginUserName"], json!("ctiappuser"));
        assert_eq!(d.fields["daysUntilPasswordExpiry"], json!(u32::MAX));
        assert_eq!(d.seq, Some(1));
        // The fake server's form without NUL: the client loses the last character.
        let mut b = B::new(80);
        b.w(0)
            .w(1)
            .str("15.0")
            .w(30)
            .w(30)
            .str("")
            .w(0)
            .w(0x0100_0007)
            .w(0)
            .w(0);
        let u: Vec<u8> = "ctiappuser"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let at = b.data(&u);
        b.w(at)
            .w(20)
            .w(10)
            .w(2)
            .w(u32::MAX)
            .w(0)
            .str("StandAloneCluster");
        let d = decode_frame(&b.frame(126), Direction::ToClient);
        assert_eq!(d.fields["loginUserName"], json!("ctiappuse"));
        assert!(d
            .spans
            .iter()
            .any(|s| s.path == "loginUserName@data" && s.note.is_some()));
    }

    #[test]
    fn provider_open_request_hidden_fields_and_tags() {
        let mut b = B::new(124);
        b.w(1)
            .str("127.0.0.1")
            .str("Cisco JTAPI 15.0(0.10000)-1 Release");
        let u: Vec<u8> = "bob".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let at = b.data(&u);
        b.w(at).w(6).w(3).w(2);
        let pw = b.data(&[0u8; 32]);
        b.w(pw).w(32);
        let mut filter = Vec::new();
        for _ in 0..6 {
            filter.extend_from_slice(&u32::MAX.to_le_bytes());
        }
        let fa = b.data(&filter);
        b.w(fa).w(24).w(24);
        b.str("probe").w(30).w(0).w(0).str("CiscoJTAPI").w(2).w(0);
        let end = b.data(&[]);
        b.w(end).w(0).w(0).w(0);
        let rsa = b.data(&[0xab; 256]);
        b.w(rsa).w(256);
        let end = b.data(&[]);
        b.w(end).w(0);
        let d = decode_frame(&b.frame(3), Direction::ToServer);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.fields["login"], json!("bob"));
        assert_eq!(d.fields["encryptedPassword"], json!("00".repeat(32)));
        assert_eq!(d.fields["encryptedKey"].as_str().unwrap().len(), 512);
        assert_eq!(d.fields["hiddenBlob92"], Value::Null);
        assert_eq!(d.fields["filter"]["_type"], json!("ProviderEventFilter"));
        assert_eq!(
            d.fields["filter"]["deviceMultiMediaCapabilityChangedNotify"],
            json!(true)
        );
        let pw = d
            .spans
            .iter()
            .find(|s| s.path == "encryptedPassword@data")
            .unwrap();
        assert_eq!(pw.tag, Some(Tag::PasswordBlob));
        assert_eq!((pw.start, pw.end), (at + 6, at + 6 + 32));
        let login = d.spans.iter().find(|s| s.path == "login@data").unwrap();
        assert_eq!(login.tag, Some(Tag::Login));
        assert_eq!(d.seq, Some(1));
    }

    #[test]
    fn nested_struct_size_versioning_and_null() {
        // ProviderGetCapabilitiesResponse: struct with size 1 → only controlAnyDevice read.
        let mut b = B::new(20);
        b.w(2).w(0);
        let mut inner = Vec::new();
        for v in [1u32, 1000, 1, 1, 1, 1, 0, 0, 0] {
            inner.extend_from_slice(&v.to_le_bytes());
        }
        let at = b.data(&inner);
        b.w(at).w(36).w(1);
        let d = decode_frame(&b.frame(128), Direction::ToClient);
        let caps = &d.fields["providerCapabilitiesInfo"];
        assert_eq!(caps["_type"], json!("ProviderCapabilitiesInfo"));
        assert_eq!(caps["controlAnyDevice"], json!(true));
        assert_eq!(caps["maxNumberOfDevicesOpen"], json!(0));
        assert_eq!(caps["monitorParkDN"], json!(false));
        // Full size reads everything.
        let mut b = B::new(20);
        b.w(2).w(0);
        let at = b.data(&inner);
        b.w(at).w(36).w(36);
        let d = decode_frame(&b.frame(128), Direction::ToClient);
        assert_eq!(
            d.fields["providerCapabilitiesInfo"]["maxNumberOfDevicesOpen"],
            json!(1000)
        );
        assert_eq!(
            d.fields["providerCapabilitiesInfo"]["allowCallRecording"],
            json!(true)
        );
        // Length 0 = null.
        let mut b = B::new(20);
        b.w(2).w(0).w(0).w(0).w(0);
        assert_eq!(
            decode_frame(&b.frame(128), Direction::ToClient).fields["providerCapabilitiesInfo"],
            Value::Null
        );
    }

    #[test]
    fn short_fixed_part_defaults_and_straddling_descriptor() {
        // DeviceChangeEventFilterResponse with fixedLen 8 → callManagerID / deviceID default 0.
        let mut b = B::new(8);
        b.w(6).w(0);
        let d = decode_frame(&b.frame(21), Direction::ToClient);
        assert_eq!(
            Value::Object(d.fields.clone()),
            json!({"sequenceNumber": 6, "result": 0, "callManagerID": 0, "deviceID": 0})
        );
        assert!(d.errors.is_empty());
        // The capture's ProviderGetCapabilitiesResponse: fixedLen 16, the size slot is the
        // first word of the variable part.
        let mut b = B::new(16);
        b.w(2).w(0);
        let at = 32 + 16;
        b.w(at).w(36);
        let mut inner = Vec::new();
        for v in [1u32, 1000, 1, 1, 1, 1, 0, 0, 0] {
            inner.extend_from_slice(&v.to_le_bytes());
        }
        b.data(&inner);
        let d = decode_frame(&b.frame(128), Direction::ToClient);
        assert_eq!(
            d.fields["providerCapabilitiesInfo"]["controlAnyDevice"],
            json!(true)
        );
        assert_eq!(
            d.fields["providerCapabilitiesInfo"]["maxNumberOfDevicesOpen"],
            json!(0)
        );
        assert!(err_has(&d, "extends past fixedPartLength"));
        // Empty fixed part: everything defaults.
        let d = decode_frame(&build(44, &[], &[]), Direction::ToClient);
        assert_eq!(d.fields["callLegID"], json!(0));
        assert_eq!(d.seq, Some(0));
    }

    #[test]
    fn arrays_of_structs_null_and_elements() {
        // CallJoinRequest: 20 otherCalls array of ClientCallHandle.
        let mut b = B::new(36);
        b.w(12).w(1).w(144).w(1).w(9001);
        let mut d8 = Vec::new();
        for v in [1u32, 9002, 1, 9003] {
            d8.extend_from_slice(&v.to_le_bytes());
        }
        let at = b.data(&d8);
        b.w(at).w(16).w(2).w(8);
        let d = decode_frame(&b.frame(174), Direction::ToServer);
        assert_eq!(
            d.fields["otherCalls"],
            json!([{"_type": "ClientCallHandle", "CallManagerId": 1, "CallLegId": 9002},
                   {"_type": "ClientCallHandle", "CallManagerId": 1, "CallLegId": 9003}])
        );
        assert!(d.spans.iter().any(|s| s.path == "otherCalls.1.CallLegId"));
        // totalLength 0 = null, whatever the other slots say (ctiqbe-wire-2 §2: the client
        // writes a null array as (end of data, 0, 0, 0)); count 0 = empty list.
        for slots in [[0, 0, 0, 0], [68, 0, 0, 0], [68, 0, 2, 8]] {
            let mut b = B::new(36);
            b.w(12).w(1).w(144).w(1).w(9001);
            for w in slots {
                b.w(w);
            }
            let d = decode_frame(&b.frame(174), Direction::ToServer);
            assert_eq!(d.fields["otherCalls"], Value::Null, "{slots:?}");
            assert!(d.errors.is_empty());
        }
        let mut b = B::new(36);
        b.w(12).w(1).w(144).w(1).w(9001).w(68).w(8).w(0).w(8);
        assert_eq!(
            decode_frame(&b.frame(174), Direction::ToServer).fields["otherCalls"],
            json!([])
        );
        // Elements at elementSize strides; totalLength is only the null flag. A totalLength
        // larger than count × elementSize (the client counts the referenced data in) is
        // noted; a smaller one is an error (a reader dividing totalLength by count would
        // misplace the second element).
        for (total, error) in [(16u32, false), (5, true), (4000, false)] {
            let mut b = B::new(36);
            b.w(12).w(1).w(144).w(1).w(9001);
            let at = b.data(&d8);
            b.w(at).w(total).w(2).w(8);
            let d = decode_frame(&b.frame(174), Direction::ToServer);
            assert_eq!(
                d.fields["otherCalls"],
                json!([{"_type": "ClientCallHandle", "CallManagerId": 1, "CallLegId": 9002},
                       {"_type": "ClientCallHandle", "CallManagerId": 1, "CallLegId": 9003}]),
                "totalLength {total}"
            );
            assert_eq!(err_has(&d, "totalLength 5 < count 2 × elementSize 8"), error);
            assert_eq!(scan_frame(&b.frame(174), Direction::ToServer).clean, !error);
            let note = d.spans.iter().find(|s| s.path == "otherCalls").unwrap().note.clone().unwrap();
            assert_eq!(note.contains("elementSize strides"), total != 16, "{note}");
        }
        // Element size smaller than the struct: later fields default.
        let mut b = B::new(36);
        b.w(12).w(1).w(144).w(1).w(9001);
        let at = b.data(&d8[..8]);
        b.w(at).w(8).w(1).w(4);
        assert_eq!(
            decode_frame(&b.frame(174), Direction::ToServer).fields["otherCalls"],
            json!([{"_type": "ClientCallHandle", "CallManagerId": 1, "CallLegId": 0}])
        );
    }

    #[test]
    fn huge_array_count_is_capped_and_out_of_frame() {
        let mut b = B::new(36);
        b.w(12)
            .w(1)
            .w(144)
            .w(1)
            .w(9001)
            .w(68)
            .w(u32::MAX)
            .w(u32::MAX)
            .w(8);
        let d = decode_frame(&b.frame(174), Direction::ToServer);
        assert!(d.anomalies.iter().any(|a| a.kind == "ctiqbe.limit"));
        assert!(d
            .anomalies
            .iter()
            .any(|a| a.kind == "ctiqbe.out_of_frame_reference"));
    }

    /// 200 12-byte structures, each with a string outside the frame: 200 identical errors, of
    /// which 64 are listed and the rest counted; the event names 8 paths and counts the rest.
    #[test]
    fn errors_and_event_paths_are_capped_and_counted() {
        let mut b = B::new(28);
        let mut element = 0u32.to_le_bytes().to_vec();
        element.extend_from_slice(&60_000u32.to_le_bytes());
        element.extend_from_slice(&5u32.to_le_bytes());
        b.w(7).w(1).w(42);
        let at = b.data(&element.repeat(200));
        b.w(at).w(2400).w(200).w(12);
        let d = decode_frame(&b.frame(121), Direction::ToServer);
        let outside = |e: &&String| e.contains("lies outside the");
        assert_eq!(
            d.errors.iter().filter(outside).count(),
            MAX_ERRORS_PER_MESSAGE
        );
        let listed_other = d.errors.len() - MAX_ERRORS_PER_MESSAGE - 1;
        assert_eq!(
            d.errors.last().map(String::as_str),
            Some(format!(
                "and {} more errors, not listed (at most 64 are listed per message)",
                200 - MAX_ERRORS_PER_MESSAGE - listed_other
            ))
            .as_deref(),
            "{:?}",
            d.errors
        );
        let event = d
            .anomalies
            .iter()
            .find(|a| a.kind == "ctiqbe.out_of_frame_reference")
            .unwrap();
        assert_eq!(
            event
                .detail
                .matches(".CallFwdDestination (string at 60000")
                .count(),
            MAX_PATHS_IN_EVENT,
            "{}",
            event.detail
        );
        assert!(event.detail.ends_with("; and 192 more"), "{}", event.detail);
        // The scan agrees that the frame is not clean.
        assert!(!scan_frame(&b.frame(121), Direction::ToServer).clean);
    }

    #[test]
    fn dtmf_u32_array_uses_count() {
        let mut b = B::new(40);
        b.w(10).w(1).w(144).w(1).w(9001);
        let mut digits = Vec::new();
        for v in [1u32, 2, 3, 4, 15] {
            digits.extend_from_slice(&v.to_le_bytes());
        }
        digits.extend_from_slice(&[0xff; 60]); // stale client buffer
        let at = b.data(&digits);
        b.w(at).w(80).w(5).w(4).w(0);
        let d = decode_frame(&b.frame(68), Direction::ToServer);
        assert_eq!(d.fields["dtmfDigits"], json!([1, 2, 3, 4, 15]));
        let s = d
            .spans
            .iter()
            .find(|s| s.path == "dtmfDigits@data")
            .unwrap();
        assert_eq!((s.end - s.start, s.tag), (20, Some(Tag::Dtmf)));
        assert!(d.errors.is_empty());
    }

    #[test]
    fn inline_client_call_handle() {
        let mut b = B::new(28);
        b.w(13).w(1).w(144).w(1).w(9001).w(1).w(9002);
        let d = decode_frame(&b.frame(172), Direction::ToServer);
        assert_eq!(
            d.fields["otherCallHandle"],
            json!({"_type": "ClientCallHandle", "CallManagerId": 1, "CallLegId": 9002})
        );
        // Cut short: the second word defaults.
        let mut b = B::new(24);
        b.w(13).w(1).w(144).w(1).w(9001).w(1);
        let d = decode_frame(&b.frame(172), Direction::ToServer);
        assert_eq!(
            d.fields["otherCallHandle"],
            json!({"_type": "ClientCallHandle", "CallManagerId": 1, "CallLegId": 0})
        );
    }

    #[test]
    fn unknown_and_empty_pdus_decode_as_generic_slots() {
        let d = decode_frame(
            &build(400, &[1, 0, 0, 0, 2, 0, 0, 0, 9], &[]),
            Direction::ToClient,
        );
        assert_eq!(d.name, "UnknownPdu(400)");
        assert_eq!(
            Value::Object(d.fields.clone()),
            json!({"slot_0": 1, "slot_1": 2})
        );
        assert_eq!(d.anomalies[0].kind, "ctiqbe.unknown_pdu");
        let d = decode_frame(&build(104, &[7, 0, 0, 0], &[]), Direction::ToClient);
        assert_eq!(d.name, "EmptySlot(104)");
        assert_eq!(d.fields["slot_0"], json!(7));
        // Name only: CallStopAnnouncementRequest (ctiqbe-wire-2 §7: never produced).
        let d = decode_frame(&build(305, &[7, 0, 0, 0], &[]), Direction::ToServer);
        assert_eq!(d.name, "CallStopAnnouncementRequest");
        assert_eq!(d.confidence, Some(Confidence::NameOnly));
        assert_eq!(d.fields["slot_0"], json!(7));
        assert!(d.anomalies.is_empty());
    }

    #[test]
    fn amplification_is_bounded() {
        // 1024 LineInfo elements (elementSize 8: only `name` is read) all pointing at the
        // same 60 000-byte string: the output is capped by the per-message budget instead of
        // growing to ~60 MB.
        let mut b = B::new(104);
        b.w(3);
        let big = b.data(&vec![b'x'; 60_000]);
        b.w(big).w(60_001);
        for _ in 0..4 {
            b.w(0);
        }
        for _ in 0..9 {
            b.w(0);
        }
        let mut elem = Vec::new();
        for _ in 0..1024 {
            elem.extend_from_slice(&big.to_le_bytes());
            elem.extend_from_slice(&60_001u32.to_le_bytes());
        }
        let at = b.data(&elem);
        b.w(at).w(8192).w(1024).w(8).w(1024).w(0).w(0).w(0).w(0).w(0);
        let f = b.frame(279);
        let d = decode_frame(&f, Direction::ToClient);
        let size = serde_json::to_string(&Value::Object(d.fields.clone()))
            .unwrap()
            .len();
        assert!(size < 2 * MAX_OUTPUT_BYTES_PER_MESSAGE, "{size}");
        assert!(d.anomalies.iter().any(|a| a.kind == "ctiqbe.limit"));
        assert!(err_has(&d, "per-message budget"));
    }

    #[test]
    fn ip_address_note_is_wire_byte_order() {
        assert_eq!(dotted(16_777_343), "127.0.0.1");
    }

    #[test]
    fn every_prefix_and_garbage_never_panics() {
        let mut b = B::new(60);
        b.w(9).w(1).w(144).w(1).w(5001).str("1001").str("1002");
        let end = b.data(&[]);
        b.w(end).w(0);
        b.str("").w(0).w(1);
        let f = b.frame(43);
        let full = decode_frame(&f, Direction::ToServer);
        assert_eq!(full.summary, "LineCallInitiateRequest seq 9 1001 → 1002");
        for cut in 0..f.len() {
            let _ = decode_frame(&f[..cut], Direction::ToServer);
            let _ = decode_frame(&f[..cut], Direction::ToClient);
        }
        // Every table entry over a frame of marker words (offsets everywhere).
        let mut fixed = Vec::new();
        for i in 0..160u32 {
            fixed.extend_from_slice(&(i.wrapping_mul(0x0101_0107)).to_le_bytes());
        }
        for pdu in 0..=schema::PDU_COUNT {
            for dir in [Direction::ToServer, Direction::ToClient] {
                let _ = decode_frame(&build(pdu, &fixed, &[0xff; 64]), dir);
                let _ = decode_frame(&build(pdu, &[0xff; 640], &[]), dir);
                let _ = decode_frame(&build(pdu, &[0; 640], &[]), dir);
            }
        }
    }
    /// Writes a well-formed instance of `slots` (`size` bytes at `at` of `body`, whose byte 0
    /// is frame offset 32): every structure and array filled (two elements), nested ones
    /// appended at the end, to `depth` levels.
    fn fill(body: &mut Vec<u8>, at: usize, slots: &[Slot], size: u32, to_client: bool, depth: u32) {
        fn put(body: &mut [u8], at: usize, words: &[u32]) {
            for (i, w) in words.iter().enumerate() {
                body[at + 4 * i..at + 4 * i + 4].copy_from_slice(&w.to_le_bytes());
            }
        }
        fn append(body: &mut Vec<u8>, bytes: &[u8]) -> u32 {
            let off = body.len() as u32 + 32;
            body.extend_from_slice(bytes);
            off
        }
        let _ = size;
        for slot in slots {
            let here = at + slot.offset as usize;
            match slot.kind {
                Kind::U32 | Kind::Bool | Kind::Str | Kind::Bytes => {}
                Kind::UStr => {
                    let (bytes, count): (&[u8], u32) =
                        if to_client { (&[b'A', 0, 0, 0], 2) } else { (&[b'A', 0], 1) };
                    let off = append(body, bytes);
                    put(body, here, &[off, bytes.len() as u32, count, 2]);
                }
                Kind::U32Array => {
                    let off = append(body, &[1, 0, 0, 0, 2, 0, 0, 0]);
                    put(body, here, &[off, 8, 2, 4]);
                }
                Kind::Struct(st) | Kind::Array(st) if depth > 0 => {
                    let elem = if st.size == 0 { 16 } else { st.size };
                    let n = if matches!(slot.kind, Kind::Array(_)) { 2 } else { 1 };
                    let start = body.len();
                    body.resize(start + (elem * n) as usize, 0);
                    for i in 0..n {
                        let el = start + (i * elem) as usize;
                        fill(body, el, st.fields, elem, to_client, depth - 1);
                    }
                    let off = start as u32 + 32;
                    if n == 2 {
                        put(body, here, &[off, elem * 2, 2, elem]);
                    } else {
                        put(body, here, &[off, elem, elem]);
                    }
                }
                Kind::Struct(_) | Kind::Array(_) => {}
                Kind::Inline(st) => fill(body, here, st.fields, st.size, to_client, depth),
            }
        }
    }

    /// Paths of generic `slot_N` values in a decoded tree.
    fn generic_paths(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    if k.starts_with("slot_") {
                        out.push(p);
                    } else {
                        generic_paths(x, &p, out);
                    }
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    generic_paths(x, &format!("{path}.{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// No PDU of the client's table decodes as generic `slot_N` values any more, nested
    /// structures and array elements included, except what ctiqbe-wire-2 §7 lists as unknown
    /// (CallStopAnnouncementRequest, DeviceRegisterDeviceRequest.algorithmIDs) and four
    /// element types part 2 did not cover (parser-level messages of Appendix A). Each PDU is
    /// decoded from a well-formed frame of its own layout with every structure and array
    /// filled, and must decode without errors.
    #[test]
    fn no_pdu_of_the_table_decodes_as_generic_slots() {
        const UNKNOWN: &[(u32, &str)] = &[
            (305, ""),                     // CallStopAnnouncementRequest: never produced (§7)
            (18, "algorithmIDs"),          // always null from the client, type unknown (§7)
            (219, "securityInfo"),         // DeviceSnapshotEvent: Appendix A only
            (221, "keyInfo"),              // ReceptionKeyEvent: Appendix A only
            (222, "keyInfo"),              // TransmissionKeyEvent: Appendix A only
            (302, "videoStreamsInfo"),     // MultiMediaStreamsInfoEvent: Appendix A only
        ];
        let mut named = 0;
        for def in schema::PDUS.iter().filter(|d| d.name.is_some()) {
            let to_client = def.sender != schema::Sender::Client;
            let dir = if to_client { Direction::ToClient } else { Direction::ToServer };
            let size = def.slots.last().map_or(if def.confidence.open() { 16 } else { 0 }, |s| s.end());
            let mut body = vec![0u8; size as usize];
            fill(&mut body, 0, def.slots, size, to_client, 4);
            let (fixed, var) = body.split_at(size as usize);
            let d = decode_frame(&build(def.id, fixed, var), dir);
            assert!(d.errors.is_empty(), "{}: {:?}", d.name, d.errors);
            let mut generic = Vec::new();
            generic_paths(&Value::Object(d.fields.clone()), "", &mut generic);
            let allowed: Vec<&str> =
                UNKNOWN.iter().filter(|(p, _)| *p == def.id).map(|(_, f)| *f).collect();
            for path in &generic {
                assert!(
                    allowed.iter().any(|a| a.is_empty() || path.starts_with(&format!("{a}."))),
                    "{} ({}) still decodes {path} as a generic slot",
                    d.name,
                    def.id
                );
            }
            if allowed.is_empty() {
                named += 1;
            } else {
                assert!(!generic.is_empty(), "{}: listed as unknown but fully named", d.name);
            }
        }
        assert_eq!(named, 291 - UNKNOWN.len());
    }

    #[test]
    fn scan_names_every_pdu_as_decode_does() {
        for pdu in (0..=schema::PDU_COUNT.saturating_add(3)).chain([u32::MAX]) {
            let f = build(pdu, &[], &[]);
            let d = decode_frame(&f, Direction::ToClient);
            let s = scan_frame(&f, Direction::ToClient);
            assert_eq!(s.name.known(), PduId(pdu).name());
            assert_eq!(s.name, PduName::of(pdu));
            assert_eq!(s.name.to_string(), d.name);
        }
        assert_eq!(PduName::of(104).to_string(), "EmptySlot(104)");
        assert_eq!(PduName::of(400).to_string(), "UnknownPdu(400)");
    }

    #[test]
    fn scan_is_clean_on_clean_frames() {
        // LineCallInitiateRequest, as in every_prefix_and_garbage_never_panics.
        let mut b = B::new(60);
        b.w(9).w(1).w(144).w(1).w(5001).str("1001").str("1002");
        let end = b.data(&[]);
        b.w(end).w(0);
        b.str("").w(0).w(1);
        let s = scan_frame(&b.frame(43), Direction::ToServer);
        assert_eq!(
            s,
            Scan {
                pdu: 43,
                name: PduName::Known("LineCallInitiateRequest"),
                class: MsgClass::Request,
                protocol_version: 0x0011_0000,
                seq: Some(9),
                clean: true,
            }
        );
        let hb = scan_frame(&build(120, &[], &[]), Direction::ToServer);
        assert_eq!(
            (hb.class, hb.seq, hb.clean),
            (MsgClass::Heartbeat, None, true)
        );
    }

    #[test]
    fn scan_settles_seq_before_it_stops() {
        // Shorter than its header (unclean before the walk) with fixedPartOffset 0: the
        // sequence number is the messageLength word, and the scan must still read it.
        let mut f = Vec::new();
        for w in [77u32, 0, 0xFFFF_DDDD, 0x0011_0000, 10, 0, 8] {
            f.extend_from_slice(&w.to_le_bytes());
        }
        let d = decode_frame(&f, Direction::ToClient);
        assert!(err_has(&d, "shorter than its header"));
        assert_eq!(d.seq, Some(77));
        let s = scan_frame(&f, Direction::ToClient);
        assert_eq!((s.seq, s.clean), (Some(77), false));
        // Cut inside the header: everything defaults, seq 0.
        let f = &build(10, &[], &[])[..24];
        let s = scan_frame(f, Direction::ToClient);
        assert_eq!((s.pdu, s.seq, s.clean), (10, Some(0), false));
        decode_frame(f, Direction::ToClient);
        // ProviderOpenCompletedEvent (sequenceNumber @4) cut after it: unclean after seq.
        let mut b = B::new(80);
        b.w(0).w(5);
        for _ in 0..18 {
            b.w(0);
        }
        let full = b.frame(126);
        let s = scan_frame(&full[..40], Direction::ToClient);
        assert_eq!((s.seq, s.clean), (Some(5), false));
        decode_frame(&full[..40], Direction::ToClient);
        // … and cut before it: the sequence number is out of frame, so there is none.
        let s = scan_frame(&full[..36], Direction::ToClient);
        assert_eq!((s.seq, s.clean), (None, false));
        decode_frame(&full[..36], Direction::ToClient);
    }
}
