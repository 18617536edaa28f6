//! One GED-188 message → fields, byte spans, notes and errors.
//!
//! A message is MHDR + fixed part + floating part (spec §4). The fixed part's layout depends on
//! the MessageType and, for a few types, on the protocol version; the floating part is framed
//! with 1-byte or 2-byte tags and lengths depending on the version (spec §5). Both come from a
//! [`Context`]: the version the stream's OPEN_REQ announced, or none. Without a version (or at
//! the versions the spec leaves open) every candidate layout and framing is tried and the one
//! that parses cleanly is kept ([`decode_message`] says which, and the summary says
//! "inferred").
//!
//! Decoding is a pure function of (bytes, context): the store keeps the context in the
//! message's `seq` number (see [`super::session`]) so that a kept message decodes again to
//! exactly what the capture pass saw.
//!
//! Fields are keyed by the spec's names: fixed fields as in its §7 tables (`InvokeID`,
//! `VersionNumber`…), floating fields as in its §8 tag table (`ClientID`, `ClientPassword`,
//! `Ani`, `Dnis`, `CallVar1`, `NamedVariable`…); tags the spec does not name are `tag_N` with
//! their bytes in hex. Numbers stay numbers (a "none" sentinel included); enum and mask names
//! go into the span notes.

use serde_json::{Map, Value};

use super::frame::{be_u16, be_u32, HEADER_LEN};
use super::schema::{self, FixedField, FloatKind, Named, Wire};
use crate::model::{EventKind, Span, Tag};

/// What a message is decoded with: the protocol version of its stream, when known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub version: Option<u32>,
}

/// How floating fields are framed (spec §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// 1-byte tag, 1-byte length (versions ≤ 17).
    Short,
    /// 2-byte tag, 2-byte length (versions ≥ 20).
    Long,
}

impl Framing {
    /// The framing a version implies; `None` when it is not established (18, 19) or unknown.
    pub fn for_version(version: Option<u32>) -> Option<Framing> {
        match version? {
            0..=17 => Some(Framing::Short),
            18 | 19 => None,
            _ => Some(Framing::Long),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Framing::Short => "1-byte tags",
            Framing::Long => "2-byte tags",
        }
    }
}

/// A decoding anomaly the session reports as an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Anomaly {
    pub kind: EventKind,
    pub detail: String,
}

/// A decoded message.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    pub message_type: u32,
    pub name: String,
    pub fields: Map<String, Value>,
    pub spans: Vec<Span>,
    pub summary: String,
    pub errors: Vec<String>,
    pub anomalies: Vec<Anomaly>,
    /// The floating framing used, when the message had floating fields.
    pub framing: Option<Framing>,
    /// The fixed part's length in the layout used.
    pub fixed_len: usize,
    /// Whether layout or framing was chosen by trying (no version, or an open one).
    pub inferred: bool,
}

impl Decoded {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key)
    }
    pub fn u32(&self, key: &str) -> Option<u32> {
        self.get(key).and_then(Value::as_u64).and_then(|v| u32::try_from(v).ok())
    }
    /// A text field (the first element of a list).
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            Value::Array(a) => a.first().and_then(Value::as_str),
            _ => None,
        }
    }
    /// The span of a field (by path).
    pub fn span(&self, path: &str) -> Option<&Span> {
        self.spans.iter().find(|s| s.path == path)
    }
    pub fn invoke_id(&self) -> Option<u32> {
        schema::has_invoke_id(self.message_type).then(|| self.u32("InvokeID")).flatten()
    }
}

fn span(path: impl Into<String>, start: usize, end: usize, tag: Option<Tag>, note: Option<String>) -> Span {
    Span {
        path: path.into(),
        start: u32::try_from(start).unwrap_or(u32::MAX),
        end: u32::try_from(end).unwrap_or(u32::MAX),
        tag,
        note,
    }
}

/// `YYYY-MM-DD hh:mm:ss UTC` of a TIME value.
// Plain arithmetic is safe here: every intermediate is bounded by the u32 input (days < 49 711).
#[allow(clippy::arithmetic_side_effects)]
pub fn utc(secs: u32) -> String {
    let days = i64::from(secs / 86_400);
    let rem = secs % 86_400;
    // Civil date from days since 1970 (H. Hinnant's algorithm), all in range for a u32 TIME.
    let z = days.saturating_add(719_468);
    let era = z / 146_097;
    let doe = z.saturating_sub(era.saturating_mul(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe.saturating_add(era.saturating_mul(400));
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y.saturating_add(1) } else { y };
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn enum_note(named: Option<Named>, none: Option<u32>, value: u32) -> Option<String> {
    if none == Some(value) {
        return Some("none (not supplied)".into());
    }
    match named? {
        Named::Enum(table) => Some(match schema::enum_name(table, value) {
            Some(n) => format!("{table} {n}"),
            None => format!("{table}: value not in the spec's table"),
        }),
        Named::Mask(table) => {
            let names = schema::mask_names(table, value);
            (!names.is_empty()).then(|| names.join(" | "))
        }
    }
}

/// Reads the fixed fields of `layout` from `body` (message-relative offsets start after MHDR);
/// returns how many bytes were read.
fn decode_fixed(body: &[u8], layout: &[FixedField], d: &mut Decoded) -> usize {
    let mut at = 0usize;
    for f in layout {
        let len = f.wire.width();
        let end = at.saturating_add(len);
        let (value, raw) = match f.wire {
            Wire::U8 => match body.get(at) {
                Some(b) => (Value::from(*b), u32::from(*b)),
                None => break,
            },
            Wire::U16 => match be_u16(body, at) {
                Some(v) => (Value::from(v), u32::from(v)),
                None => break,
            },
            Wire::I16 => match be_u16(body, at) {
                Some(v) => (Value::from(v as i16), u32::from(v)),
                None => break,
            },
            Wire::U32 | Wire::Time => match be_u32(body, at) {
                Some(v) => (Value::from(v), v),
                None => break,
            },
            Wire::I32 => match be_u32(body, at) {
                Some(v) => (Value::from(v as i32), v),
                None => break,
            },
        };
        let note = if f.wire == Wire::Time { Some(utc(raw)) } else { enum_note(f.named, f.none, raw) };
        d.fields.insert(f.name.to_string(), value);
        d.spans.push(span(f.name, HEADER_LEN.saturating_add(at), HEADER_LEN.saturating_add(end), None, note));
        at = end;
    }
    at
}

/// One floating field as parsed: tag, data range within the floating part.
#[derive(Clone, Copy, Debug)]
struct RawField {
    tag: u16,
    start: usize,
    end: usize,
}

/// The floating part split into fields with `framing`; errors and how plausible it looks.
#[derive(Debug, Default)]
struct FloatParse {
    fields: Vec<RawField>,
    errors: Vec<String>,
    unknown_tags: usize,
    strings_without_nul: usize,
}

impl FloatParse {
    /// Lower is better: errors, then tags the spec does not name, then strings without NUL.
    fn score(&self) -> (usize, usize, usize) {
        (self.errors.len(), self.unknown_tags, self.strings_without_nul)
    }
}

fn split_floating(float: &[u8], framing: Framing, max_fields: usize) -> FloatParse {
    let mut p = FloatParse::default();
    let head = match framing {
        Framing::Short => 2,
        Framing::Long => 4,
    };
    let mut at = 0usize;
    while at < float.len() {
        let (tag, len) = match framing {
            Framing::Short => (float.get(at).map(|&t| u16::from(t)), float.get(at.saturating_add(1)).map(|&l| usize::from(l))),
            Framing::Long => (be_u16(float, at), be_u16(float, at.saturating_add(2)).map(usize::from)),
        };
        let (Some(tag), Some(len)) = (tag, len) else {
            p.errors.push(format!(
                "floating part: {} bytes left at offset {at}, too few for a field header ({})",
                float.len().saturating_sub(at),
                framing.as_str()
            ));
            break;
        };
        let start = at.saturating_add(head);
        let end = start.saturating_add(len);
        if end > float.len() {
            p.errors.push(format!(
                "floating field tag {tag} at offset {at}: length {len} runs past the end of the message ({} bytes left)",
                float.len().saturating_sub(start)
            ));
            break;
        }
        if tag == 0 {
            p.errors.push(format!("floating field at offset {at}: tag 0 is not a field"));
            break;
        }
        match schema::tag(tag) {
            None => p.unknown_tags = p.unknown_tags.saturating_add(1),
            Some(def) => {
                if def.kind == FloatKind::Str && float.get(end.saturating_sub(1)) != Some(&0) && len > 0 {
                    p.strings_without_nul = p.strings_without_nul.saturating_add(1);
                }
            }
        }
        if p.fields.len() >= max_fields {
            p.errors.push(format!("more than {max_fields} floating fields; the rest is not decoded"));
            break;
        }
        p.fields.push(RawField { tag, start, end });
        at = end;
    }
    p
}

/// Text of a NUL-terminated string field: up to the first NUL, lossy UTF-8.
fn c_text(data: &[u8]) -> String {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    String::from_utf8_lossy(data.get(..cut).unwrap_or_default()).into_owned()
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

/// Splits `name\0value\0` (NAMEDVAR / NAMEDARRAY after the index).
fn name_value(data: &[u8]) -> (String, String, bool) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => {
            let rest = data.get(i.saturating_add(1)..).unwrap_or_default();
            (c_text(data.get(..i).unwrap_or_default()), c_text(rest), true)
        }
        None => (c_text(data), String::new(), false),
    }
}

/// The value of one floating field and its span note; an error when its data does not fit
/// its type.
fn float_value(tag: u16, data: &[u8]) -> (Value, Option<String>, Option<String>) {
    let Some(def) = schema::tag(tag) else { return (Value::String(hex(data)), Some("tag not in the spec's table".into()), None) };
    let number = |n: Option<u32>, expected: &str| match n {
        Some(v) => (Value::from(v), def.named.and_then(|t| enum_note(Some(Named::Enum(t)), None, v)), None),
        None => (Value::String(hex(data)), None, Some(format!("{}: {} bytes, expected {expected}", def.name, data.len()))),
    };
    match def.kind {
        FloatKind::Str => {
            let note = (data.last().is_some_and(|&b| b != 0)).then(|| "no terminating NUL".to_string());
            (Value::String(c_text(data)), note, None)
        }
        FloatKind::Bytes if schema::is_text_unspec(tag) => (Value::String(c_text(data)), None, None),
        FloatKind::Bytes => (Value::String(hex(data)), None, None),
        FloatKind::U8 => number(data.first().filter(|_| data.len() == 1).map(|&b| u32::from(b)), "1"),
        FloatKind::U16 => number(if data.len() == 2 { be_u16(data, 0).map(u32::from) } else { None }, "2"),
        FloatKind::U32 => number(if data.len() == 4 { be_u32(data, 0) } else { None }, "4"),
        FloatKind::Time => {
            let v = if data.len() == 4 { be_u32(data, 0) } else { None };
            match v {
                Some(v) => (Value::from(v), Some(utc(v)), None),
                None => number(None, "4"),
            }
        }
        FloatKind::Enum => match data.len() {
            1 => number(data.first().map(|&b| u32::from(b)), "1, 2 or 4"),
            2 => number(be_u16(data, 0).map(u32::from), "2 or 4"),
            4 => number(be_u32(data, 0), "2 or 4"),
            _ => number(None, "2 or 4"),
        },
        FloatKind::NamedVar => {
            let (name, value, ok) = name_value(data);
            let mut o = Map::new();
            o.insert("name".into(), Value::String(name));
            o.insert("value".into(), Value::String(value));
            (Value::Object(o), None, (!ok).then(|| format!("{}: no NUL between name and value", def.name)))
        }
        FloatKind::NamedArray => {
            let index = data.first().copied();
            let (name, value, ok) = name_value(data.get(1..).unwrap_or_default());
            let mut o = Map::new();
            o.insert("index".into(), index.map_or(Value::Null, Value::from));
            o.insert("name".into(), Value::String(name));
            o.insert("value".into(), Value::String(value));
            (Value::Object(o), None, (!ok || index.is_none()).then(|| format!("{}: not index, name NUL, value NUL", def.name)))
        }
    }
}

fn insert_float(d: &mut Decoded, key: &str, list: bool, value: Value) -> String {
    match d.fields.get_mut(key) {
        Some(Value::Array(a)) if list || !a.is_empty() => {
            let path = format!("{key}.{}", a.len());
            a.push(value);
            path
        }
        Some(existing) => {
            // A tag that repeats without being a list tag: it becomes a list.
            let first = std::mem::take(existing);
            *existing = Value::Array(vec![first, value]);
            for s in d.spans.iter_mut().filter(|s| s.path == key) {
                s.path = format!("{key}.0");
            }
            format!("{key}.1")
        }
        None if list => {
            d.fields.insert(key.to_string(), Value::Array(vec![value]));
            format!("{key}.0")
        }
        None => {
            d.fields.insert(key.to_string(), value);
            key.to_string()
        }
    }
}

fn decode_floating(float: &[u8], base: usize, p: &FloatParse, d: &mut Decoded) {
    for f in &p.fields {
        let data = float.get(f.start..f.end).unwrap_or_default();
        let key = schema::tag(f.tag).map_or_else(|| format!("tag_{}", f.tag), |t| t.name.to_string());
        let (value, note, err) = float_value(f.tag, data);
        if let Some(e) = err {
            d.errors.push(e);
        }
        let path = insert_float(d, &key, schema::is_list_tag(f.tag), value);
        d.spans.push(span(path, base.saturating_add(f.start), base.saturating_add(f.end), schema::plaintext_tag(f.tag), note));
    }
}

/// Most floating fields one message may carry (each is at least 2 bytes: 32 K in 64 KiB).
pub const MAX_FLOATING_FIELDS: usize = 32 * 1024;

/// Decodes one whole message (MHDR included) in `ctx`. Never panics; problems become errors.
pub fn decode_message(raw: &[u8], ctx: Context) -> Decoded {
    let mut d = Decoded::default();
    let (length, message_type) = match (be_u32(raw, 0), be_u32(raw, 4)) {
        (Some(l), Some(t)) => (l, t),
        _ => {
            d.name = "TRUNCATED".into();
            d.errors.push(format!("{} bytes, too short for the 8-byte MHDR", raw.len()));
            d.fields.insert("data".into(), Value::String(hex(raw)));
            d.summary = d.name.clone();
            return d;
        }
    };
    d.message_type = message_type;
    d.name = schema::display_name(message_type).into_owned();
    d.fields.insert("MessageLength".into(), Value::from(length));
    d.fields.insert("MessageType".into(), Value::from(message_type));
    d.spans.push(span("MessageLength", 0, 4, None, None));
    d.spans.push(span("MessageType", 4, 8, None, Some(d.name.clone())));
    let body = raw.get(HEADER_LEN..).unwrap_or_default();
    if u64::from(length) != body.len() as u64 {
        d.errors.push(format!("MessageLength {length} but {} bytes follow the header", body.len()));
        d.anomalies.push(Anomaly { kind: EventKind::Ged188BadLength, detail: format!("{}: MessageLength {length}, {} bytes follow", d.name, body.len()) });
    }
    if message_type == 0 {
        let e = "MessageLength 0 and MessageType 0: not a message (the 8 zero bytes a buggy client appends to CLOSE_REQ, spec §2)";
        d.errors.push(e.into());
        d.anomalies.push(Anomaly { kind: EventKind::Ged188ZeroFrame, detail: e.into() });
        d.summary = "zero pseudo-frame".into();
        return d;
    }
    if schema::name(message_type).is_none() {
        let e = format!("MessageType {message_type} is not in the spec's table");
        d.errors.push(e.clone());
        d.anomalies.push(Anomaly { kind: EventKind::Ged188UnknownType, detail: e });
    }
    let layouts = schema::layouts(message_type);
    if layouts.iter().all(Option::is_none) {
        // No layout in the spec: the body stays generic.
        if !body.is_empty() {
            d.fields.insert("data".into(), Value::String(hex(body)));
            d.spans.push(span("data", HEADER_LEN, raw.len(), None, Some("layout not in the spec".into())));
        }
        d.summary = summary(&d);
        return d;
    }
    let known_layout = ctx.version.filter(|v| {
        !(schema::UNCERTAIN_DEPARTMENT_VERSIONS.contains(v) && layouts.iter().flatten().count() > 1)
    });
    let candidates: Vec<&[FixedField]> = match known_layout {
        Some(v) => layouts.iter().flatten().find(|l| l.since <= v).map(|l| l.fields).into_iter().collect(),
        None => layouts.iter().flatten().map(|l| l.fields).collect(),
    };
    let framings: Vec<Framing> = match Framing::for_version(ctx.version) {
        Some(f) => vec![f],
        None => vec![Framing::Long, Framing::Short],
    };
    d.inferred = candidates.len() > 1 || framings.len() > 1;
    // Pick the (layout, framing) whose floating part parses best; ties keep the earlier
    // candidate (newest layout, long framing first).
    let mut best: Option<(usize, Framing, FloatParse)> = None;
    for (i, layout) in candidates.iter().enumerate() {
        let flen = schema::fixed_len(layout);
        let Some(float) = body.get(flen..) else { continue };
        for &fr in &framings {
            let p = split_floating(float, fr, MAX_FLOATING_FIELDS);
            if best.as_ref().is_none_or(|b| p.score() < b.2.score()) {
                best = Some((i, fr, p));
            }
        }
    }
    match best {
        Some((i, fr, p)) => {
            let layout = candidates.get(i).copied().unwrap_or_default();
            let flen = decode_fixed(body, layout, &mut d);
            d.fixed_len = flen;
            let float = body.get(flen..).unwrap_or_default();
            if !float.is_empty() {
                d.framing = Some(fr);
                decode_floating(float, HEADER_LEN.saturating_add(flen), &p, &mut d);
                if !p.errors.is_empty() {
                    let rest_from = p.fields.last().map_or(0, |f| f.end);
                    if let Some(rest) = float.get(rest_from..).filter(|r| !r.is_empty()) {
                        let start = HEADER_LEN.saturating_add(flen).saturating_add(rest_from);
                        d.fields.insert("unparsed".into(), Value::String(hex(rest)));
                        d.spans.push(span("unparsed", start, start.saturating_add(rest.len()), None, None));
                    }
                    for e in &p.errors {
                        d.anomalies.push(Anomaly { kind: EventKind::Ged188BadFloatingField, detail: format!("{}: {e}", d.name) });
                    }
                    d.errors.extend(p.errors);
                }
            }
        }
        None => {
            // Shorter than every layout: decode what is there and say so.
            let layout = candidates.last().copied().unwrap_or_default();
            let need = schema::fixed_len(layout);
            decode_fixed(body, layout, &mut d);
            let e = format!("fixed part truncated: {} bytes, the layout needs {need}", body.len());
            d.anomalies.push(Anomaly { kind: EventKind::Ged188Truncated, detail: format!("{}: {e}", d.name) });
            d.errors.push(e);
            let mut used = 0usize;
            for f in layout {
                let end = used.saturating_add(f.wire.width());
                if end > body.len() {
                    break;
                }
                used = end;
            }
            if let Some(rest) = body.get(used..).filter(|r| !r.is_empty()) {
                d.fields.insert("unparsed".into(), Value::String(hex(rest)));
                d.spans.push(span("unparsed", HEADER_LEN.saturating_add(used), raw.len(), None, None));
            }
        }
    }
    d.summary = summary(&d);
    d
}

/// One line for the message table: the name and the fields a reader looks for first; never
/// a password.
fn summary(d: &Decoded) -> String {
    let mut s = d.name.clone();
    let mut add = |k: &str, v: String| {
        s.push(' ');
        s.push_str(k);
        s.push('=');
        s.push_str(&v);
    };
    if let Some(i) = d.invoke_id() {
        add("InvokeID", i.to_string());
    }
    for key in ["VersionNumber", "ClientID", "AgentID", "AgentState", "ConnectionCallID", "Ani", "Dnis", "Status"] {
        match d.get(key) {
            Some(Value::String(v)) => add(key, v.clone()),
            Some(Value::Number(n)) => add(key, n.to_string()),
            _ => {}
        }
    }
    if d.inferred && d.framing.is_some() {
        s.push_str(" (layout inferred)");
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub(crate) mod tests {
    use super::super::frame::tests::build;
    use super::*;

    /// Floating field in `framing`.
    pub(crate) fn fl(framing: Framing, tag: u16, data: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        match framing {
            Framing::Short => {
                v.push(tag as u8);
                v.push(data.len() as u8);
            }
            Framing::Long => {
                v.extend(tag.to_be_bytes());
                v.extend((data.len() as u16).to_be_bytes());
            }
        }
        v.extend(data);
        v
    }

    pub(crate) fn open_req(version: u32, framing: Framing, password: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        for w in [1u32, version, 120, 5000, 7, 0xFFFF, 0x3FF, 0, 0, 0, 0] {
            body.extend(w.to_be_bytes());
        }
        body.extend(fl(framing, 1, b"desk01\0"));
        body.extend(fl(framing, 2, password));
        body.extend(fl(framing, 5, b"1001\0"));
        build(3, &body)
    }

    fn agent_state_event(with_department: bool, framing: Framing) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend(0u32.to_be_bytes()); // MonitorID
        body.extend(5000u32.to_be_bytes()); // PeripheralID
        body.extend(0u32.to_be_bytes()); // SessionID
        body.extend(17u16.to_be_bytes()); // PeripheralType
        body.extend(3u16.to_be_bytes()); // SkillGroupState
        body.extend(9u32.to_be_bytes()); // StateDuration
        body.extend(200u32.to_be_bytes());
        body.extend(5001u32.to_be_bytes());
        body.extend(0u16.to_be_bytes());
        body.extend(3u16.to_be_bytes()); // AgentState Available
        body.extend(27u16.to_be_bytes()); // EventReasonCode
        body.extend(1u32.to_be_bytes());
        body.extend(0u32.to_be_bytes());
        body.extend(1u16.to_be_bytes());
        body.extend(1u32.to_be_bytes());
        body.extend(5101u32.to_be_bytes());
        body.extend(1u32.to_be_bytes());
        body.extend(0u16.to_be_bytes());
        if with_department {
            body.extend(0u32.to_be_bytes());
        }
        body.extend(fl(framing, 5, b"1001\0"));
        body.extend(fl(framing, 4, b"3001\0"));
        build(30, &body)
    }

    #[test]
    fn open_req_in_both_framings_with_and_without_version() {
        for (version, framing) in [(20, Framing::Long), (15, Framing::Short), (24, Framing::Long), (14, Framing::Short)] {
            let raw = open_req(version, framing, b"S3cr3t\0");
            for ctx in [Context { version: Some(version) }, Context::default()] {
                let d = decode_message(&raw, ctx);
                assert!(d.errors.is_empty(), "{version} {ctx:?}: {:?}", d.errors);
                assert_eq!(d.name, "OPEN_REQ");
                assert_eq!(d.u32("VersionNumber"), Some(version));
                assert_eq!(d.text("ClientID"), Some("desk01"));
                assert_eq!(d.text("ClientPassword"), Some("S3cr3t"));
                assert_eq!(d.framing, Some(framing));
                assert_eq!(d.inferred, ctx.version.is_none());
                let pw = d.span("ClientPassword").unwrap();
                assert_eq!(pw.tag, Some(Tag::Password));
                assert_eq!(&raw[pw.start as usize..pw.end as usize], b"S3cr3t\0");
                assert_eq!(d.invoke_id(), Some(1));
            }
        }
    }

    #[test]
    fn agent_state_event_layout_follows_the_version_or_is_inferred() {
        let v15 = agent_state_event(false, Framing::Short);
        let v20 = agent_state_event(true, Framing::Long);
        for (raw, version, dep) in [(&v15, 15, false), (&v20, 20, true)] {
            for ctx in [Context { version: Some(version) }, Context::default()] {
                let d = decode_message(raw, ctx);
                assert!(d.errors.is_empty(), "{:?}", d.errors);
                assert_eq!(d.get("DepartmentID").is_some(), dep);
                assert_eq!(d.text("AgentID"), Some("1001"));
                assert_eq!(d.u32("EventReasonCode"), Some(27));
                assert_eq!(d.span("AgentState").unwrap().note.as_deref(), Some("AgentState Available"));
            }
        }
        // The wrong version gives errors, not a panic.
        let d = decode_message(&v15, Context { version: Some(20) });
        assert!(!d.errors.is_empty());
    }

    #[test]
    fn named_variables_and_repeated_tags_are_lists() {
        let mut body = vec![0u8; 26]; // BEGIN_CALL_EVENT fixed part, zeros
        body.extend(fl(Framing::Long, 82, b"user.email\0a@b.c\0"));
        body.extend(fl(Framing::Long, 82, b"user.acct\x0042\0"));
        body.extend(fl(Framing::Long, 83, b"\x02arr\0v\0"));
        body.extend(fl(Framing::Long, 13, b"acct=1\0"));
        body.extend(fl(Framing::Long, 25, b"3001\0"));
        body.extend(fl(Framing::Long, 25, b"3002\0"));
        let raw = build(23, &body);
        let d = decode_message(&raw, Context { version: Some(20) });
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.get("NamedVariable").unwrap()[1]["name"], "user.acct");
        assert_eq!(d.get("NamedArray").unwrap()[0]["index"], 2);
        assert_eq!(d.text("CallVar1"), Some("acct=1"));
        assert_eq!(d.get("ConnectionDevID").unwrap(), &serde_json::json!(["3001", "3002"]));
        assert!(d.span("ConnectionDevID.0").is_some() && d.span("ConnectionDevID.1").is_some());
        assert_eq!(d.span("NamedVariable.0").unwrap().tag, Some(Tag::CallData));
    }

    #[test]
    fn zero_pseudo_frame_unknown_type_overrun_and_truncation_are_errors() {
        let d = decode_message(&[0; 8], Context::default());
        assert_eq!(d.anomalies[0].kind, EventKind::Ged188ZeroFrame);
        let d = decode_message(&build(999, &[1, 2]), Context::default());
        assert_eq!(d.anomalies[0].kind, EventKind::Ged188UnknownType);
        assert_eq!(d.get("data").unwrap(), "0102");
        // Tag overrun: ClientID says 40 bytes, 3 follow.
        let mut raw = open_req(15, Framing::Short, b"");
        raw.extend([1, 40, b'a', b'b', b'c']);
        let len = (raw.len() - 8) as u32;
        raw[..4].copy_from_slice(&len.to_be_bytes());
        let d = decode_message(&raw, Context { version: Some(15) });
        assert!(d.anomalies.iter().any(|a| a.kind == EventKind::Ged188BadFloatingField));
        assert_eq!(d.get("unparsed").unwrap(), "0128616263");
        // cap2's hand-built QUERY_AGENT_STATE_REQ: 8 of 16 bytes.
        let mut body = 6u32.to_be_bytes().to_vec();
        body.extend(5000u32.to_be_bytes());
        let d = decode_message(&build(36, &body), Context { version: Some(20) });
        assert_eq!(d.u32("InvokeID"), Some(6));
        assert_eq!(d.u32("PeripheralID"), Some(5000));
        assert!(d.anomalies.iter().any(|a| a.kind == EventKind::Ged188Truncated));
    }

    #[test]
    fn every_prefix_and_garbage_decode_without_panic() {
        let raw = open_req(20, Framing::Long, b"pw\0");
        for n in 0..raw.len() {
            let _ = decode_message(&raw[..n], Context::default());
            let _ = decode_message(&raw[..n], Context { version: Some(20) });
        }
        let mut x: u32 = 7;
        for _ in 0..2000 {
            let mut v = Vec::new();
            for _ in 0..(x % 90) {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                v.push((x >> 16) as u8);
            }
            let _ = decode_message(&v, Context { version: Some(x % 30) });
        }
    }

    #[test]
    fn time_is_shown_in_utc() {
        assert_eq!(utc(1_767_225_600), "2026-01-01 00:00:00 UTC");
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(u32::MAX), "2106-02-07 06:28:15 UTC");
    }
}
