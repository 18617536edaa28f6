//! One Skinny message → typed fields, spans and problems, driven by the layouts of
//! [`super::schema`] (one generic walker, no per-message code). Pure: bytes (and nothing
//! else) in, [`Decoded`] out, so a kept message decodes again to the same result.
//!
//! How values become JSON: u8/u16/u32 and enums → numbers (an enum's Wireshark name is the
//! span's note); addresses → dotted or RFC 5952 text; texts → the bytes before the first NUL,
//! UTF-8 lossy; hex fields → lowercase hex; structures → objects; arrays → lists.
//!
//! Fields past the end of the message are absent (older protocol versions send shorter
//! messages of the same id, [`super::schema`]); a field cut by the end of the message is an
//! error; bytes left after the layout are `trailing` (hex). A message id without a layout
//! shows its body as `data` (hex), and an id Wireshark does not name is `Unknown (n)` with a
//! `sccp.unknown_message` anomaly. Nothing here panics.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Value};

use super::frame::{read_u32_at, version_name, Header, HEADER_LEN};
use super::schema::{self, Kind, F};
use super::values;
use crate::model::{EventKind, Span, Tag};

/// A problem worth an [`crate::model::Event`], found while decoding one message.
#[derive(Clone, Debug, PartialEq)]
pub struct Anomaly {
    pub kind: EventKind,
    pub detail: String,
}

/// One decoded message.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub id: u32,
    pub hdr_version: u32,
    /// Wireshark's name, or `Unknown (n)`.
    pub name: String,
    pub fields: Map<String, Value>,
    pub spans: Vec<Span>,
    pub summary: String,
    pub errors: Vec<String>,
    pub anomalies: Vec<Anomaly>,
}

impl Decoded {
    pub fn u32(&self, key: &str) -> Option<u32> {
        self.fields.get(key).and_then(Value::as_u64).and_then(|v| u32::try_from(v).ok())
    }
    pub fn str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
    /// A text field, when present and not empty.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.str(key).filter(|s| !s.is_empty())
    }
    /// A field of a nested structure (`sid`, `DeviceName`).
    pub fn nested_str(&self, parent: &str, key: &str) -> Option<&str> {
        self.fields.get(parent)?.get(key)?.as_str()
    }
}

/// The name the report gives message `id`: Wireshark's, or `Unknown (n)`.
pub fn display_name(id: u32) -> std::borrow::Cow<'static, str> {
    match schema::name(id) {
        Some(n) => std::borrow::Cow::Borrowed(n),
        None => std::borrow::Cow::Owned(format!("Unknown ({id})")),
    }
}

/// The key a Skinny keypad button stands for (`kpButton`: 0..=9, A..=D, `*`, `#`, `+`).
pub fn kp_digit(kp: u32) -> Option<char> {
    match kp {
        0..=9 => char::from_digit(kp, 10),
        10..=13 => char::from_u32(u32::from(b'A').saturating_add(kp.saturating_sub(10))),
        14 => Some('*'),
        15 => Some('#'),
        16 => Some('+'),
        _ => None,
    }
}

struct Walk<'a> {
    msg: &'a [u8],
    version: u32,
    spans: Vec<Span>,
    errors: Vec<String>,
    /// Set when a field was cut by the end of the message: the walk stops there.
    stopped: bool,
}

fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len().saturating_mul(2));
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

fn text(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

impl Walk<'_> {
    fn span(&mut self, path: String, start: usize, end: usize, tag: Option<Tag>, note: Option<String>) {
        self.spans.push(Span {
            path,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            tag,
            note,
        });
    }

    /// The `n` bytes at `pos`, or `None` when the message ends first (an error when it ends
    /// inside them, nothing when it ends exactly at `pos`).
    fn take(&mut self, pos: usize, n: usize, path: &str) -> Option<&[u8]> {
        let end = pos.checked_add(n)?;
        if pos >= self.msg.len() {
            self.stopped = true;
            return None;
        }
        match self.msg.get(pos..end) {
            Some(b) => Some(b),
            None => {
                self.errors.push(format!(
                    "{path}: needs {n} bytes at offset {pos}, the {}-byte message ends after {}",
                    self.msg.len(),
                    self.msg.len().saturating_sub(pos)
                ));
                self.stopped = true;
                None
            }
        }
    }

    /// Reads `fields` from `pos` into `out`; returns the position after them.
    fn fields(&mut self, fields: &[F], mut pos: usize, prefix: &str, out: &mut Map<String, Value>) -> usize {
        for fd in fields {
            if self.stopped {
                break;
            }
            pos = self.field(fd, pos, prefix, out);
        }
        pos
    }

    fn field(&mut self, fd: &F, pos: usize, prefix: &str, out: &mut Map<String, Value>) -> usize {
        let path = join(prefix, fd.name);
        let tag_if = |present: bool| if present { fd.tag } else { None };
        match fd.kind {
            Kind::U8 | Kind::U16 | Kind::U32 | Kind::Enum(_) | Kind::Enum8(_) => {
                let n = match fd.kind {
                    Kind::U8 | Kind::Enum8(_) => 1,
                    Kind::U16 => 2,
                    _ => 4,
                };
                let Some(b) = self.take(pos, n, &path) else { return pos };
                let v = b.iter().rev().fold(0u32, |acc, &x| acc.wrapping_shl(8) | u32::from(x));
                let note = match fd.kind {
                    Kind::Enum(table) | Kind::Enum8(table) => {
                        Some(schema::lookup(table, v).map_or_else(|| format!("Unknown ({v})"), str::to_string))
                    }
                    _ if fd.name == "reserved_for_future_use" && v != 0 => Some("station user id".to_string()),
                    _ => None,
                };
                out.insert(fd.name.to_string(), Value::from(v));
                let end = pos.saturating_add(n);
                self.span(path, pos, end, tag_if(v != 0), note);
                end
            }
            Kind::Ip4 => {
                let Some(b) = self.take(pos, 4, &path) else { return pos };
                let ip = Ipv4Addr::new(
                    b.first().copied().unwrap_or(0),
                    b.get(1).copied().unwrap_or(0),
                    b.get(2).copied().unwrap_or(0),
                    b.get(3).copied().unwrap_or(0),
                );
                out.insert(fd.name.to_string(), Value::from(ip.to_string()));
                let end = pos.saturating_add(4);
                self.span(path, pos, end, tag_if(!ip.is_unspecified()), None);
                end
            }
            Kind::Ip6 => {
                let Some(b) = self.take(pos, 16, &path) else { return pos };
                let arr: [u8; 16] = b.try_into().unwrap_or([0; 16]);
                let ip = Ipv6Addr::from(arr);
                out.insert(fd.name.to_string(), Value::from(ip.to_string()));
                let end = pos.saturating_add(16);
                self.span(path, pos, end, tag_if(!ip.is_unspecified()), None);
                end
            }
            Kind::Ip if self.version < 0x11 => self.field(&F { kind: Kind::Ip4, ..*fd }, pos, prefix, out),
            Kind::Ip => {
                let type_path = join(prefix, "ipv4or6");
                let Some(b) = self.take(pos, 4, &type_path) else { return pos };
                let ty = u32::from_le_bytes(b.try_into().unwrap_or([0; 4]));
                let note = schema::lookup(values::IP_ADDR_TYPE, ty).map_or_else(|| format!("Unknown ({ty})"), str::to_string);
                out.insert("ipv4or6".to_string(), Value::from(ty));
                let at = pos.saturating_add(4);
                self.span(type_path, pos, at, None, Some(note));
                let Some(b) = self.take(at, 16, &path) else { return at };
                let arr: [u8; 16] = b.try_into().unwrap_or([0; 16]);
                let end = at.saturating_add(16);
                if ty == 1 {
                    let ip = Ipv6Addr::from(arr);
                    out.insert(fd.name.to_string(), Value::from(ip.to_string()));
                    self.span(path, at, end, tag_if(!ip.is_unspecified()), None);
                } else {
                    let ip = Ipv4Addr::new(arr[0], arr[1], arr[2], arr[3]);
                    out.insert(fd.name.to_string(), Value::from(ip.to_string()));
                    self.span(path, at, at.saturating_add(4), tag_if(!ip.is_unspecified()), None);
                }
                end
            }
            Kind::Text(n) => self.text_field(fd, pos, usize::from(n), path, out),
            Kind::DirNum => {
                let n = if self.version >= 0x12 { 25 } else { 24 };
                self.text_field(fd, pos, n, path, out)
            }
            Kind::CText => {
                if pos >= self.msg.len() {
                    self.stopped = true;
                    return pos;
                }
                let rest = self.msg.get(pos..).unwrap_or_default();
                let (len, terminated) = match rest.iter().position(|&c| c == 0) {
                    Some(i) => (i.saturating_add(1), true),
                    None => (rest.len(), false),
                };
                if !terminated {
                    self.errors.push(format!("{path}: text at offset {pos} runs to the end of the message without a NUL"));
                }
                let s = text(rest.get(..len).unwrap_or_default());
                let end = pos.saturating_add(len);
                self.span(path, pos, end, tag_if(!s.is_empty()), None);
                out.insert(fd.name.to_string(), Value::from(s));
                end
            }
            Kind::Hex(n) => {
                let n = usize::from(n);
                let Some(b) = self.take(pos, n, &path) else { return pos };
                out.insert(fd.name.to_string(), Value::from(hex(b)));
                let end = pos.saturating_add(n);
                self.span(path, pos, end, None, None);
                end
            }
            Kind::Struct(inner) => {
                if pos >= self.msg.len() {
                    self.stopped = true;
                    return pos;
                }
                let mut obj = Map::new();
                let end = self.fields(inner, pos, &path, &mut obj);
                out.insert(fd.name.to_string(), Value::Object(obj));
                end
            }
            Kind::Array { count, max, elem } => {
                if pos >= self.msg.len() {
                    self.stopped = true;
                    return pos;
                }
                let n = out.get(count).and_then(Value::as_u64).unwrap_or(0);
                if n > u64::from(max) {
                    self.errors.push(format!("{path}: {count} {n} is more than the {max} Wireshark allows; {max} decoded"));
                }
                let mut list = Vec::new();
                let mut at = pos;
                for i in 0..n.min(u64::from(max)) {
                    if self.stopped || at >= self.msg.len() {
                        break;
                    }
                    let mut obj = Map::new();
                    at = self.fields(elem, at, &format!("{path}.{i}"), &mut obj);
                    list.push(Value::Object(obj));
                }
                // Elements missing at the very end are an older, shorter message, not a cut.
                self.stopped = false;
                out.insert(fd.name.to_string(), Value::Array(list));
                at
            }
        }
    }

    fn text_field(&mut self, fd: &F, pos: usize, n: usize, path: String, out: &mut Map<String, Value>) -> usize {
        let Some(b) = self.take(pos, n, &path) else { return pos };
        let s = text(b);
        let note = (b.first() == Some(&0x80)).then(|| "Cisco display label".to_string());
        let end = pos.saturating_add(n);
        self.span(path, pos, end, if s.is_empty() { None } else { fd.tag }, note);
        out.insert(fd.name.to_string(), Value::from(s));
        end
    }
}

/// Decodes one whole message (header included), as cut by [`super::frame::Framer`].
pub fn decode_message(msg: &[u8]) -> Decoded {
    let header = Header::new_unchecked(msg);
    let (id, version) = (header.message_id(), header.hdr_version());
    let name = display_name(id).into_owned();
    let mut fields = Map::new();
    let mut w = Walk { msg, version, spans: Vec::new(), errors: Vec::new(), stopped: false };
    let mut anomalies = Vec::new();
    if msg.len() < HEADER_LEN {
        // Never from the framer; a caller handing a fragment gets its bytes back as data.
        w.errors.push(format!("message of {} bytes is shorter than the {HEADER_LEN}-byte header", msg.len()));
        if !msg.is_empty() {
            fields.insert("data".into(), Value::from(hex(msg)));
            w.span("data".into(), 0, msg.len(), None, None);
        }
        let d = Decoded { id, hdr_version: version, name: name.clone(), fields, spans: w.spans, summary: format!("{name} (malformed)"), errors: w.errors, anomalies };
        return d;
    }
    fields.insert("data_length".into(), Value::from(header.data_length()));
    w.span("data_length".into(), 0, 4, None, None);
    fields.insert("hdr_version".into(), Value::from(version));
    let vnote = version_name(version).map_or_else(|| format!("Unknown (0x{version:08x})"), str::to_string);
    w.span("hdr_version".into(), 4, 8, None, Some(vnote));
    fields.insert("messageId".into(), Value::from(id));
    w.span("messageId".into(), 8, 12, None, Some(name.clone()));

    let body_end = match schema::layout(id) {
        Some(layout) => {
            let end = w.fields(layout, HEADER_LEN, "", &mut fields);
            end.min(msg.len())
        }
        None => {
            if schema::name(id).is_none() {
                anomalies.push(Anomaly {
                    kind: EventKind::SccpUnknownMessage,
                    detail: format!("message id {id} (0x{id:04x}) is none Wireshark names; body shown as data"),
                });
            }
            HEADER_LEN
        }
    };
    if let Some(rest) = msg.get(body_end..).filter(|r| !r.is_empty()) {
        let key = if body_end == HEADER_LEN && schema::layout(id).is_none() { "data" } else { "trailing" };
        fields.insert(key.into(), Value::from(hex(rest)));
        w.span(key.into(), body_end, msg.len(), None, None);
    }
    let mut d = Decoded {
        id,
        hdr_version: version,
        name,
        fields,
        spans: w.spans,
        summary: String::new(),
        errors: w.errors,
        anomalies,
    };
    d.summary = summary(&d);
    d
}

fn enum_name(table: &'static [(u32, &'static str)], v: u32) -> String {
    schema::lookup(table, v).map_or_else(|| format!("Unknown ({v})"), str::to_string)
}

fn party(name: Option<&str>, number: Option<&str>) -> Option<String> {
    match (name, number) {
        (Some(n), Some(d)) => Some(format!("\"{n}\" <{d}>")),
        (None, Some(d)) => Some(d.to_string()),
        (Some(n), None) => Some(format!("\"{n}\"")),
        (None, None) => None,
    }
}

/// The message table's line: the name and the key facts.
fn summary(d: &Decoded) -> String {
    let mut s = d.name.clone();
    let mut add = |part: String| {
        s.push(' ');
        s.push_str(&part);
    };
    match d.id {
        0x0001 => {
            if let Some(dev) = d.nested_str("sid", "DeviceName").filter(|x| !x.is_empty()) {
                add(dev.to_string());
            }
            if let Some(t) = d.u32("deviceType") {
                add(enum_name(values::DEVICE_TYPE, t));
            }
            if let Some(ip) = d.str("stationIpAddr") {
                add(ip.to_string());
            }
            if let Some(v) = d.u32("protocolVer") {
                add(format!("protocol {v}"));
            }
        }
        0x0081 => {
            if let Some(k) = d.u32("keepAliveInterval") {
                add(format!("keepalive {k}s"));
            }
            if let Some(v) = d.u32("maxProtocolVer") {
                add(format!("protocol {v}"));
            }
        }
        0x009d | 0x0099 => {
            if let Some(t) = d.text("text") {
                add(format!("\"{t}\""));
            }
        }
        0x0003 => {
            if let Some(k) = d.u32("kpButton") {
                add(kp_digit(k).map_or_else(|| format!("button {k}"), |c| c.to_string()));
            }
        }
        0x0005 => {
            if let Some(v) = d.u32("stimulus") {
                add(enum_name(values::STIMULUS, v));
            }
        }
        0x0026 => {
            if let Some(v) = d.u32("softKeyEvent") {
                add(enum_name(values::SOFT_KEY_EVENT, v));
            }
        }
        0x0111 => {
            if let Some(v) = d.u32("callState") {
                add(enum_name(values::CALL_STATE_VALUES, v));
            }
        }
        0x008f | 0x014a => {
            if let Some(v) = d.u32("callType") {
                add(enum_name(values::CALL_TYPE, v));
            }
            if let Some(p) = party(d.text("callingPartyName"), d.text("callingParty")) {
                add(format!("from {p}"));
            }
            if let Some(p) = party(d.text("calledPartyName"), d.text("calledParty")) {
                add(format!("to {p}"));
            }
        }
        0x011d | 0x0004 | 0x0024 => {
            if let Some(n) = d.text("dialedNumber").or(d.text("calledParty")) {
                add(n.to_string());
            }
        }
        0x0092 => {
            if let Some(n) = d.text("lineDirNumber") {
                add(n.to_string());
            }
            if let Some(n) = d.text("lineTextLabel") {
                add(format!("\"{n}\""));
            }
        }
        0x0022 | 0x0105 | 0x008a | 0x0154 => {
            if let Some(st) = d.u32("mediaReceptionStatus").or(d.u32("mediaTransmissionStatus")) {
                add(enum_name(values::MEDIA_STATUS, st));
            }
            let ip = d.str("ipAddr").or(d.str("remoteIpAddr")).or(d.str("transmitIpAddr")).or(d.str("sourceIpAddr"));
            let port = d.u32("portNumber").or(d.u32("remotePortNumber")).or(d.u32("sourcePortNumber"));
            if let Some(ip) = ip {
                add(port.map_or_else(|| ip.to_string(), |p| format!("{ip}:{p}")));
            }
            if let Some(c) = d.u32("compressionType") {
                add(enum_name(values::COMPRESSION_TYPE, c).trim_start_matches("Media_Payload_").to_string());
            }
        }
        0x0082 | 0x0083 => {
            if let Some(t) = d.u32("tone").filter(|&t| t != 0 || d.id == 0x0082) {
                add(enum_name(values::TONE, t));
            }
        }
        0x0085 => {
            if let Some(v) = d.u32("ringMode") {
                add(enum_name(values::RING_MODE, v));
            }
        }
        0x0086 => {
            if let (Some(st), Some(m)) = (d.u32("stimulus"), d.u32("lampMode")) {
                add(format!("{} {}", enum_name(values::STIMULUS, st), enum_name(values::LAMP_MODE, m)));
            }
        }
        0x0088 => {
            if let Some(v) = d.u32("speakerMode") {
                add(enum_name(values::SPEAKER_MODE, v));
            }
        }
        0x0112 | 0x0145 | 0x0114 | 0x0143 | 0x0144 => {
            if let Some(t) = d.text("promptStatus").or(d.text("notify")) {
                add(format!("\"{}\"", t.trim_start_matches('\u{FFFD}')));
            }
        }
        0x0094 => {
            if let Some(t) = d.fields.get("timeDataInfo") {
                let g = |k: &str| t.get(k).and_then(Value::as_u64).unwrap_or(0);
                add(format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                    g("wYear"),
                    g("wMonth"),
                    g("wDay"),
                    g("wHour"),
                    g("wMinute"),
                    g("wSecond")
                ));
            }
        }
        0x0023 => {
            if let (Some(s), Some(r), Some(l)) =
                (d.u32("numberPacketsSent"), d.u32("numberPacketsReceived"), d.u32("numberPacketsLost"))
            {
                add(format!("sent {s} received {r} lost {l}"));
            }
        }
        _ => {}
    }
    if let Some(l) = d.u32("lineInstance").filter(|&l| l != 0) {
        add(format!("line {l}"));
    }
    if let Some(c) = d.u32("callReference").filter(|&c| c != 0) {
        add(format!("call {c}"));
    }
    if !d.errors.is_empty() {
        add("(malformed)".to_string());
    }
    s
}

/// Whether message `msg` decodes without errors, and its call reference: what the session
/// needs of every message, without building the field tree when a layout has a fixed place
/// for it. (Skinny messages are small; the session decodes the ones it learns from.)
pub fn call_reference(d: &Decoded) -> Option<u32> {
    d.u32("callReference").filter(|&c| c != 0)
}

/// The little-endian u32 at body offset `at` (message offset 12 + `at`).
pub fn body_u32(msg: &[u8], at: usize) -> Option<u32> {
    read_u32_at(msg, HEADER_LEN.checked_add(at)?)
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
    use super::super::frame::tests::{build, words};
    use super::*;
    use serde_json::json;

    fn text_n(s: &str, n: usize) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.resize(n, 0);
        v
    }

    fn span<'a>(d: &'a Decoded, path: &str) -> &'a Span {
        d.spans.iter().find(|s| s.path == path).unwrap_or_else(|| panic!("no span {path}: {:?}", d.spans))
    }

    /// A RegisterReq as a 7940 sends it (basic header, protocol 5).
    pub(crate) fn register_req(device: &str, ip: [u8; 4], user: u32) -> Vec<u8> {
        let mut body = text_n(device, 16);
        body.extend(words(&[user, 1]));
        body.extend(ip);
        body.extend(words(&[8, 5, 0]));
        body.extend([5, 0, 0, 0]);
        build(0, 1, &body)
    }

    #[test]
    fn register_req_fields_spans_tags() {
        let m = register_req("SEP001122334455", [10, 1, 2, 3], 0);
        let d = decode_message(&m);
        assert_eq!(d.name, "RegisterReq");
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.fields["sid"]["DeviceName"], json!("SEP001122334455"));
        assert_eq!(d.fields["stationIpAddr"], json!("10.1.2.3"));
        assert_eq!(d.fields["deviceType"], json!(8));
        assert_eq!(d.fields["protocolVer"], json!(5));
        let s = span(&d, "sid.DeviceName");
        assert_eq!((s.start, s.end, s.tag), (12, 28, Some(Tag::DeviceName)));
        let s = span(&d, "stationIpAddr");
        assert_eq!((s.start, s.end, s.tag), (36, 40, Some(Tag::IpAddress)));
        assert_eq!(span(&d, "deviceType").note.as_deref(), Some("Cisco 7940"));
        assert_eq!(span(&d, "sid.reserved_for_future_use").tag, None);
        assert_eq!(d.summary, "RegisterReq SEP001122334455 Cisco 7940 10.1.2.3 protocol 5");
        // Absent newer fields are not errors.
        assert!(d.fields.get("maxConferences").is_none());
        let with_user = decode_message(&register_req("SEP1", [0; 4], 42));
        assert_eq!(span(&with_user, "sid.reserved_for_future_use").tag, Some(Tag::Login));
    }

    #[test]
    fn keypad_button_digit_is_tagged_dtmf() {
        let d = decode_message(&build(0x11, 3, &words(&[14, 1, 777])));
        assert_eq!(d.fields["kpButton"], json!(14));
        let s = span(&d, "kpButton");
        assert_eq!((s.start, s.end, s.tag, s.note.as_deref()), (12, 16, Some(Tag::Dtmf), Some("Star")));
        assert_eq!(d.summary, "KeypadButton * line 1 call 777");
        assert_eq!(kp_digit(0), Some('0'));
        assert_eq!(kp_digit(13), Some('D'));
        assert_eq!(kp_digit(15), Some('#'));
        assert_eq!(kp_digit(17), None);
    }

    #[test]
    fn call_info_basic_layout() {
        // As vphone_hold_unhold.pcap frame 11 (offsets checked with tshark -T pdml).
        let mut body = text_n("Line 1091", 40);
        body.extend(text_n("1091", 24));
        body.extend(text_n("John Doe", 40));
        body.extend(text_n("1099", 24));
        body.extend(words(&[1, 4242, 2]));
        let d = decode_message(&build(0, 0x8f, &body));
        assert!(d.errors.is_empty());
        assert_eq!(d.fields["callingParty"], json!("1091"));
        assert_eq!(d.fields["calledPartyName"], json!("John Doe"));
        assert_eq!(d.fields["callReference"], json!(4242));
        let s = span(&d, "callingParty");
        assert_eq!((s.start, s.end, s.tag), (52, 76, Some(Tag::CallingNumber)));
        assert_eq!(span(&d, "calledParty").start, 116);
        assert_eq!(span(&d, "callType").note.as_deref(), Some("OutBoundCall"));
        assert_eq!(d.summary, "CallInfo OutBoundCall from \"Line 1091\" <1091> to \"John Doe\" <1099> line 1 call 4242");
    }

    #[test]
    fn call_info_v2_variable_strings() {
        // As skinny.pcap frame 9 (V20): strings NUL-terminated, empty ones one byte.
        let mut body = words(&[1, 19805771, 1, 0, 0, 1, 0, 0]);
        for s in ["321", "321", "307", "307", "307", "", "", "", "", "RIX Meeting Room", "Ervins Gailiss", "Ervins Gailiss", "Ervins Gailiss", "", ""] {
            body.extend(s.as_bytes());
            body.push(0);
        }
        let d = decode_message(&build(0x14, 0x14a, &body));
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.fields["callingParty"], json!("321"));
        assert_eq!(d.fields["AlternateCallingParty"], json!("321"));
        assert_eq!(d.fields["calledParty"], json!("307"));
        assert_eq!(d.fields["callingPartyName"], json!("RIX Meeting Room"));
        assert_eq!((span(&d, "callingParty").start, span(&d, "callingParty").end), (44, 48));
        assert_eq!(span(&d, "callingPartyName").start, 68);
        assert_eq!(span(&d, "lastRedirectingParty").tag, Some(Tag::DirectoryNumber));
        assert_eq!(span(&d, "HuntPilotName").tag, None);
        assert!(d.fields.get("trailing").is_none());
    }

    #[test]
    fn versioned_address_fields() {
        // OpenReceiveChannelAck, basic: status, IPv4, port, passThroughPartyId, callReference.
        let mut body = words(&[0]);
        body.extend([192, 168, 1, 20]);
        body.extend(words(&[4000, 55, 901]));
        let d = decode_message(&build(0, 0x22, &body));
        assert_eq!(d.fields["ipAddr"], json!("192.168.1.20"));
        assert_eq!(d.fields["portNumber"], json!(4000));
        assert_eq!(d.fields["callReference"], json!(901));
        assert!(d.fields.get("ipv4or6").is_none());
        assert_eq!(span(&d, "portNumber").tag, Some(Tag::Port));
        // V20 (skinny.pcap frame 36): status, ipv4or6, 16 address bytes, port at 36.
        let mut body = words(&[0, 0]);
        body.extend([192, 168, 195, 58]);
        body.extend([0; 12]);
        body.extend(words(&[32144, 16777295, 19805770]));
        let d = decode_message(&build(0x14, 0x22, &body));
        assert_eq!(d.fields["ipv4or6"], json!(0));
        assert_eq!(d.fields["ipAddr"], json!("192.168.195.58"));
        assert_eq!((span(&d, "ipAddr").start, span(&d, "ipAddr").end), (20, 24));
        assert_eq!(span(&d, "portNumber").start, 36);
        assert_eq!(d.fields["callReference"], json!(19805770));
        assert_eq!(d.summary, "OpenReceiveChannelAck Ok 192.168.195.58:32144 call 19805770");
        // IPv6.
        let mut body = words(&[0, 1]);
        body.extend([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        body.extend(words(&[5000, 1, 2]));
        let d = decode_message(&build(0x11, 0x22, &body));
        assert_eq!(d.fields["ipAddr"], json!("2001:db8::1"));
        assert_eq!(span(&d, "ipAddr").end - span(&d, "ipAddr").start, 16);
    }

    #[test]
    fn dirnum_is_25_bytes_from_v18() {
        let mut body = text_n("307", 25);
        body.extend(words(&[1, 19805770]));
        let d = decode_message(&build(0x14, 0x11d, &body));
        assert_eq!(d.fields["dialedNumber"], json!("307"));
        assert_eq!(span(&d, "lineInstance").start, 37);
        assert_eq!(d.fields["callReference"], json!(19805770));
        assert_eq!(span(&d, "dialedNumber").tag, Some(Tag::CalledNumber));
        let mut body = text_n("307", 24);
        body.extend(words(&[1, 5]));
        let d = decode_message(&build(0, 0x11d, &body));
        assert_eq!(span(&d, "lineInstance").start, 36);
        assert_eq!(d.summary, "DialedNumber 307 line 1 call 5");
    }

    #[test]
    fn start_media_transmission_v20() {
        // skinny.pcap frame 35: remote 192.168.193.24:9399, G711Ulaw64k, call 19805775.
        let mut body = words(&[19805771, 16777297, 0]);
        body.extend([192, 168, 193, 24]);
        body.extend([0; 12]);
        body.extend(words(&[9399, 20, 4, 184, 0, 0, 0, 19805775]));
        body.extend([0; 48]);
        body.extend(words(&[0, 0, 0, 10, 1, 1]));
        let d = decode_message(&build(0x14, 0x8a, &body));
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.fields["remoteIpAddr"], json!("192.168.193.24"));
        assert_eq!(span(&d, "remotePortNumber").start, 40);
        assert_eq!(span(&d, "callReference").start, 68);
        assert_eq!(d.fields["qualifierOut"]["precedenceValue"], json!(184));
        assert_eq!(span(&d, "encryptionInfo.keylen").start, 76);
        assert_eq!(d.fields["partyDirection"], json!(1));
        assert_eq!(d.summary, "StartMediaTransmission 192.168.193.24:9399 G711Ulaw64k call 19805775");
    }

    #[test]
    fn every_listed_layout_on_built_bytes() {
        let cases: Vec<(u32, Vec<u8>, &str, Value)> = vec![
            (0x0000, vec![], "messageId", json!(0)),
            (0x0002, words(&[4000]), "rtpMediaPort", json!(4000)),
            (0x0005, words(&[3, 1]), "stimulus", json!(3)),
            (0x0006, words(&[1, 9]), "callReference", json!(9)),
            (0x0007, words(&[1, 9]), "lineInstance", json!(1)),
            (0x000b, words(&[2]), "lineNumber", json!(2)),
            (0x000d, vec![], "messageId", json!(13)),
            (0x000e, vec![], "messageId", json!(14)),
            (0x0026, words(&[9, 1, 5]), "softKeyEvent", json!(9)),
            (0x0027, words(&[1]), "unRegReasonCode", json!(1)),
            (0x0081, [words(&[30]), text_n("D/M/Y", 6), vec![0, 0], words(&[60]), vec![17, 0, 0, 0]].concat(), "maxProtocolVer", json!(17)),
            (0x0082, words(&[33, 0, 1, 7]), "tone", json!(33)),
            (0x0083, words(&[1, 7]), "callReference", json!(7)),
            (0x0085, words(&[2, 1, 1, 7]), "ringMode", json!(2)),
            (0x0086, words(&[9, 1, 2]), "lampMode", json!(2)),
            (0x0088, words(&[1]), "speakerMode", json!(1)),
            (0x008b, words(&[5, 6, 7]), "callReference", json!(7)),
            (0x0099, text_n("hello", 32), "text", json!("hello")),
            (0x009b, vec![], "messageId", json!(155)),
            (0x009d, text_n("no such device", 32), "text", json!("no such device")),
            (0x0100, vec![], "messageId", json!(256)),
            (0x0106, words(&[5, 6, 7, 0]), "portHandlingFlag", json!(0)),
            (0x0107, [text_n("1001", 24), words(&[7, 0])].concat(), "directoryNum", json!("1001")),
            (0x0110, words(&[1, 7, 2, 0xffff]), "softKeySetIndex", json!(2)),
            (0x0111, words(&[5, 1, 7, 0]), "callState", json!(5)),
            (0x0112, [words(&[0]), text_n("Enter number", 32), words(&[1, 7])].concat(), "promptStatus", json!("Enter number")),
            (0x0114, [words(&[10]), text_n("Hi", 32)].concat(), "notify", json!("Hi")),
            (0x0118, words(&[0]), "status", json!(0)),
            (0x0143, [words(&[10]), b"Hi\0".to_vec()].concat(), "notify", json!("Hi")),
            (0x0145, [words(&[0, 1, 7]), b"From 321\0".to_vec()].concat(), "promptStatus", json!("From 321")),
            (0x0092, [words(&[1]), text_n("1012", 24), text_n("8165551012", 40), text_n("1012", 40), words(&[9])].concat(), "lineDirNumber", json!("1012")),
        ];
        for (id, body, key, want) in cases {
            let d = decode_message(&build(0, id, &body));
            assert!(d.errors.is_empty(), "{id:#x}: {:?}", d.errors);
            assert_eq!(d.fields.get(key), Some(&want), "{id:#x} {key}: {:?}", d.fields);
            assert!(d.fields.get("trailing").is_none() && d.fields.get("data").is_none(), "{id:#x}");
            assert!(d.anomalies.is_empty());
        }
    }

    #[test]
    fn capabilities_and_button_template_arrays() {
        let mut body = words(&[2, 4, 30, 0, 0, 11, 60, 0, 0]);
        let d = decode_message(&build(0, 0x10, &body));
        assert_eq!(d.fields["caps"][1]["payloadCapability"], json!(11));
        assert_eq!(span(&d, "caps.1.payloadCapability").note.as_deref(), Some("Media_Payload_G729"));
        body = words(&[0, 2, 2]);
        body.extend([1, 9, 1, 2]);
        let d = decode_message(&build(0, 0x97, &body));
        assert_eq!(d.fields["definition"][0]["buttonDefinition"], json!(9));
        assert_eq!(span(&d, "definition.1.buttonDefinition").note.as_deref(), Some("SpeedDial"));
        // A count beyond the array's maximum is an error, decoding stays bounded.
        let d = decode_message(&build(0, 0x10, &words(&[1_000_000, 4, 30, 0, 0])));
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.fields["caps"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn unknown_ids_and_layouts_are_generic() {
        let d = decode_message(&build(0, 0x8d, &[1, 2, 3]));
        assert_eq!(d.name, "Unknown (141)");
        assert_eq!(d.fields["data"], json!("010203"));
        assert_eq!(d.anomalies[0].kind, EventKind::SccpUnknownMessage);
        // Named by Wireshark, no layout here: data, no anomaly.
        let d = decode_message(&build(0, 0x0108, &[9, 9]));
        assert_eq!(d.name, "SoftKeyTemplateRes");
        assert_eq!(d.fields["data"], json!("0909"));
        assert!(d.anomalies.is_empty());
        // Bytes after a known layout are trailing, not an error.
        let d = decode_message(&build(0, 0x0088, &words(&[1, 2])));
        assert_eq!(d.fields["trailing"], json!("02000000"));
        assert!(d.errors.is_empty());
    }

    #[test]
    fn cut_field_is_an_error_and_every_prefix_is_safe() {
        let d = decode_message(&build(0, 0x0003, &[5, 0]));
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        assert!(d.summary.ends_with("(malformed)"));
        let m = register_req("SEP001122334455", [10, 1, 2, 3], 0);
        for cut in 0..m.len() {
            let d = decode_message(&m[..cut]);
            assert!(d.spans.iter().all(|s| s.start <= s.end && s.end as usize <= cut), "cut {cut}: {:?}", d.spans);
        }
    }

    #[test]
    fn stimulus_without_call_reference_is_valid() {
        // vphone_hold_unhold.pcap frame 1, which tshark marks "[Malformed Packet: SKINNY]":
        // a basic-header Stimulus carrying only stimulus (Hold) and lineInstance, as older
        // protocol versions send it (the later callReference and stimulusStatus are absent).
        let bytes = [
            0x0c, 0, 0, 0, 0, 0, 0, 0, 0x05, 0, 0, 0, 0x03, 0, 0, 0, 0x01, 0, 0, 0,
        ];
        let d = decode_message(&bytes);
        assert!(d.errors.is_empty());
        assert_eq!(d.summary, "Stimulus Hold line 1");
        // So is a basic StopTone with no body (frame 9).
        let d = decode_message(&[4, 0, 0, 0, 0, 0, 0, 0, 0x83, 0, 0, 0]);
        assert!(d.errors.is_empty());
        assert_eq!(d.summary, "StopTone");
    }
}
