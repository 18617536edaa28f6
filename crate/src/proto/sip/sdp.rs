//! SDP bodies (RFC 8866) as carried in SIP offers and answers: the lines that say who talks to
//! whom and how — origin, session name, connection addresses, media descriptions with their
//! codecs (`a=rtpmap`, RFC 3551), SDES keys (`a=crypto`, RFC 4568) and directions. Other lines
//! are kept in the field tree only as a count.
//!
//! Like [`super::parse`], a view of byte ranges into the message (`base` is where the body
//! starts), bounded by [`MAX_MEDIA`] and [`MAX_ATTRIBUTES`].

use std::ops::Range;

use serde_json::{Map, Value};

use super::parse::{lines, sub, trim};
use crate::model::{Span, Tag};

/// Media descriptions (`m=`) kept per body.
pub const MAX_MEDIA: usize = 32;
/// `a=rtpmap` / `a=crypto` lines kept per media description.
pub const MAX_ATTRIBUTES: usize = 64;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub username: Range<usize>,
    pub session_id: Range<usize>,
    pub version: Range<usize>,
    pub address: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtpMap {
    pub payload_type: Range<usize>,
    pub encoding: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crypto {
    pub tag: Range<usize>,
    pub suite: Range<usize>,
    pub key_params: Range<usize>,
    /// The base64 key‖salt of an `inline:` key method.
    pub key: Option<Range<usize>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Media {
    pub media: Range<usize>,
    pub port: Option<u16>,
    pub port_range: Range<usize>,
    pub proto: Range<usize>,
    pub formats: Vec<Range<usize>>,
    /// A media-level `c=` address.
    pub connection: Option<Range<usize>>,
    pub rtpmap: Vec<RtpMap>,
    pub crypto: Vec<Crypto>,
    pub direction: Option<Range<usize>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sdp {
    pub version: Option<Range<usize>>,
    pub origin: Option<Origin>,
    pub session_name: Option<Range<usize>>,
    /// The session-level `c=` address.
    pub connection: Option<Range<usize>>,
    pub direction: Option<Range<usize>>,
    pub media: Vec<Media>,
    /// Lines that are not `x=value`.
    pub bad_lines: u32,
    /// Media descriptions or attributes past the caps.
    pub dropped: u32,
}

impl Sdp {
    /// Where media `i` is sent to: its own `c=` or the session's.
    pub fn media_address(&self, i: usize) -> Option<Range<usize>> {
        self.media
            .get(i)
            .and_then(|m| m.connection.clone())
            .or_else(|| self.connection.clone())
    }
}

/// Whitespace-separated tokens of `r`.
fn tokens(raw: &[u8], r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in sub(raw, &r).iter().enumerate() {
        let at = r.start.saturating_add(i);
        match (c == &b' ' || c == &b'\t', start) {
            (true, Some(s)) => {
                out.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..r.end);
    }
    out
}

/// The address of a `c=` value (`IN IP4 10.0.0.1/127` → `10.0.0.1`).
fn connection_address(raw: &[u8], r: Range<usize>) -> Option<Range<usize>> {
    let t = tokens(raw, r);
    let a = t.get(2)?.clone();
    let len = sub(raw, &a).iter().take_while(|c| **c != b'/').count();
    Some(a.start..a.start.saturating_add(len))
}

const DIRECTIONS: [&[u8]; 4] = [b"sendrecv", b"sendonly", b"recvonly", b"inactive"];

/// Parses the SDP body in `raw[body]`.
pub fn parse(raw: &[u8], body: Range<usize>) -> Sdp {
    let mut sdp = Sdp::default();
    for (line, _) in lines(raw, body) {
        let l = sub(raw, &line);
        if l.is_empty() {
            continue;
        }
        let (Some(kind), Some(b'=')) = (l.first().copied(), l.get(1).copied()) else {
            sdp.bad_lines = sdp.bad_lines.saturating_add(1);
            continue;
        };
        let value = trim(raw, line.start.saturating_add(2)..line.end);
        let in_media = !sdp.media.is_empty();
        match kind {
            b'v' => sdp.version = Some(value),
            b's' => sdp.session_name = Some(value),
            b'o' => {
                let t = tokens(raw, value);
                if let [u, id, v, _, _, a, ..] = t.as_slice() {
                    sdp.origin = Some(Origin {
                        username: u.clone(),
                        session_id: id.clone(),
                        version: v.clone(),
                        address: a.clone(),
                    });
                }
            }
            b'c' => {
                let addr = connection_address(raw, value);
                match sdp.media.last_mut() {
                    Some(m) => m.connection = addr,
                    None => sdp.connection = addr,
                }
            }
            b'm' => {
                if sdp.media.len() >= MAX_MEDIA {
                    sdp.dropped = sdp.dropped.saturating_add(1);
                    // Attributes of a dropped description must not land on the previous one.
                    sdp.media.push(Media::default());
                    continue;
                }
                let t = tokens(raw, value);
                if let [media, port, proto, formats @ ..] = t.as_slice() {
                    let port_text = sub(raw, port);
                    let digits = port_text.iter().take_while(|c| c.is_ascii_digit()).count();
                    let port_range = port.start..port.start.saturating_add(digits);
                    let port_num = std::str::from_utf8(sub(raw, &port_range))
                        .ok()
                        .and_then(|p| p.parse().ok());
                    sdp.media.push(Media {
                        media: media.clone(),
                        port: port_num,
                        port_range,
                        proto: proto.clone(),
                        formats: formats.iter().take(MAX_ATTRIBUTES).cloned().collect(),
                        ..Media::default()
                    });
                } else {
                    sdp.bad_lines = sdp.bad_lines.saturating_add(1);
                    sdp.media.push(Media::default());
                }
            }
            b'a' => attribute(raw, value, &mut sdp, in_media),
            _ => {}
        }
    }
    // Placeholders pushed for dropped or unreadable `m=` lines carry nothing.
    sdp.media.retain(|m| !m.media.is_empty());
    sdp
}

fn attribute(raw: &[u8], value: Range<usize>, sdp: &mut Sdp, in_media: bool) {
    let v = sub(raw, &value);
    if let Some(d) = DIRECTIONS.iter().find(|d| **d == v) {
        let _ = d;
        match sdp.media.last_mut() {
            Some(m) if in_media => m.direction = Some(value),
            _ => sdp.direction = Some(value),
        }
        return;
    }
    let Some(m) = sdp.media.last_mut() else {
        return;
    };
    if m.rtpmap.len().saturating_add(m.crypto.len()) >= MAX_ATTRIBUTES {
        sdp.dropped = sdp.dropped.saturating_add(1);
        return;
    }
    if let Some(rest) = v.strip_prefix(b"rtpmap:") {
        let start = value.start.saturating_add(7);
        let t = tokens(raw, start..start.saturating_add(rest.len()));
        if let [pt, enc, ..] = t.as_slice() {
            m.rtpmap.push(RtpMap {
                payload_type: pt.clone(),
                encoding: enc.clone(),
            });
        }
    } else if let Some(rest) = v.strip_prefix(b"crypto:") {
        let start = value.start.saturating_add(7);
        let t = tokens(raw, start..start.saturating_add(rest.len()));
        if let [tag, suite, params, ..] = t.as_slice() {
            let p = sub(raw, params);
            let key = p.strip_prefix(b"inline:").map(|k| {
                let len = k.iter().take_while(|c| **c != b'|' && **c != b';').count();
                let s = params.start.saturating_add(7);
                s..s.saturating_add(len)
            });
            m.crypto.push(Crypto {
                tag: tag.clone(),
                suite: suite.clone(),
                key_params: params.clone(),
                key,
            });
        }
    }
}

fn text(raw: &[u8], r: &Range<usize>) -> Value {
    Value::String(String::from_utf8_lossy(sub(raw, r)).into_owned())
}

/// A span of `r` at `path`.
fn span(path: String, r: &Range<usize>, tag: Option<Tag>) -> Span {
    Span {
        path,
        start: u32::try_from(r.start).unwrap_or(u32::MAX),
        end: u32::try_from(r.end).unwrap_or(u32::MAX),
        tag,
        note: None,
    }
}

/// The field tree of a parsed body under `path` (`body`), spans appended to `spans`.
pub fn to_fields(raw: &[u8], sdp: &Sdp, path: &str, spans: &mut Vec<Span>) -> Map<String, Value> {
    let mut f = Map::new();
    let put = |f: &mut Map<String, Value>,
               key: &str,
               r: &Range<usize>,
               tag: Option<Tag>,
               spans: &mut Vec<Span>| {
        f.insert(key.into(), text(raw, r));
        spans.push(span(format!("{path}.{key}"), r, tag));
    };
    f.insert("type".into(), Value::String("application/sdp".into()));
    if let Some(v) = &sdp.version {
        put(&mut f, "v", v, None, spans);
    }
    if let Some(o) = &sdp.origin {
        let mut om = Map::new();
        om.insert("username".into(), text(raw, &o.username));
        om.insert("session_id".into(), text(raw, &o.session_id));
        om.insert("version".into(), text(raw, &o.version));
        om.insert("address".into(), text(raw, &o.address));
        spans.push(span(
            format!("{path}.o.address"),
            &o.address,
            Some(Tag::IpAddress),
        ));
        f.insert("o".into(), Value::Object(om));
    }
    if let Some(s) = &sdp.session_name {
        put(&mut f, "s", s, None, spans);
    }
    if let Some(c) = &sdp.connection {
        put(&mut f, "c", c, Some(Tag::IpAddress), spans);
    }
    if let Some(d) = &sdp.direction {
        put(&mut f, "direction", d, None, spans);
    }
    let mut media = Vec::new();
    for (i, m) in sdp.media.iter().enumerate() {
        let mp = format!("{path}.m.{i}");
        let mut mm = Map::new();
        mm.insert("media".into(), text(raw, &m.media));
        mm.insert("port".into(), m.port.map_or(Value::Null, Value::from));
        spans.push(span(format!("{mp}.port"), &m.port_range, Some(Tag::Port)));
        mm.insert("proto".into(), text(raw, &m.proto));
        mm.insert(
            "formats".into(),
            Value::Array(m.formats.iter().map(|r| text(raw, r)).collect()),
        );
        if let Some(c) = &m.connection {
            mm.insert("c".into(), text(raw, c));
            spans.push(span(format!("{mp}.c"), c, Some(Tag::IpAddress)));
        }
        if !m.rtpmap.is_empty() {
            let list = m
                .rtpmap
                .iter()
                .map(|r| {
                    let mut o = Map::new();
                    o.insert("payload_type".into(), text(raw, &r.payload_type));
                    o.insert("encoding".into(), text(raw, &r.encoding));
                    Value::Object(o)
                })
                .collect();
            mm.insert("rtpmap".into(), Value::Array(list));
        }
        if !m.crypto.is_empty() {
            let mut list = Vec::new();
            for (k, c) in m.crypto.iter().enumerate() {
                let cp = format!("{mp}.crypto.{k}");
                let mut o = Map::new();
                o.insert("tag".into(), text(raw, &c.tag));
                o.insert("suite".into(), text(raw, &c.suite));
                o.insert("key_params".into(), text(raw, &c.key_params));
                spans.push(span(format!("{cp}.key_params"), &c.key_params, None));
                if let Some(key) = &c.key {
                    o.insert("key".into(), text(raw, key));
                    spans.push(span(format!("{cp}.key"), key, Some(Tag::SrtpKey)));
                }
                list.push(Value::Object(o));
            }
            mm.insert("crypto".into(), Value::Array(list));
        }
        if let Some(d) = &m.direction {
            mm.insert("direction".into(), text(raw, d));
        }
        media.push(Value::Object(mm));
    }
    if !media.is_empty() {
        f.insert("m".into(), Value::Array(media));
    }
    if sdp.bad_lines > 0 {
        f.insert("bad_lines".into(), Value::from(sdp.bad_lines));
    }
    if sdp.dropped > 0 {
        f.insert("dropped".into(), Value::from(sdp.dropped));
    }
    f
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    pub const OFFER: &[u8] = b"v=0\r\n\
o=alice 2890844526 2890844526 IN IP4 10.0.0.5\r\n\
s=-\r\n\
c=IN IP4 10.0.0.5\r\n\
t=0 0\r\n\
m=audio 49170 RTP/SAVP 0 8 101\r\n\
a=rtpmap:0 PCMU/8000\r\n\
a=rtpmap:101 telephone-event/8000\r\n\
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n\
a=sendrecv\r\n\
m=video 0 RTP/AVP 31\r\n\
c=IN IP4 10.0.0.6/127\r\n";

    fn s(r: &Range<usize>) -> &str {
        std::str::from_utf8(&OFFER[r.clone()]).unwrap()
    }

    #[test]
    fn offer() {
        let sdp = parse(OFFER, 0..OFFER.len());
        assert_eq!(s(&sdp.origin.as_ref().unwrap().address), "10.0.0.5");
        assert_eq!(s(sdp.connection.as_ref().unwrap()), "10.0.0.5");
        assert_eq!(sdp.media.len(), 2);
        let a = &sdp.media[0];
        assert_eq!(
            (s(&a.media), a.port, s(&a.proto)),
            ("audio", Some(49170), "RTP/SAVP")
        );
        assert_eq!(a.formats.len(), 3);
        assert_eq!(s(&a.rtpmap[0].encoding), "PCMU/8000");
        assert_eq!(
            s(a.crypto[0].key.as_ref().unwrap()),
            "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"
        );
        assert_eq!(s(a.direction.as_ref().unwrap()), "sendrecv");
        assert_eq!(s(&sdp.media_address(1).unwrap()), "10.0.0.6");
        let mut spans = Vec::new();
        let f = to_fields(OFFER, &sdp, "body", &mut spans);
        assert_eq!(f["m"][0]["crypto"][0]["suite"], "AES_CM_128_HMAC_SHA1_80");
        let key = spans.iter().find(|s| s.tag == Some(Tag::SrtpKey)).unwrap();
        assert_eq!(key.path, "body.m.0.crypto.0.key");
        assert_eq!(spans.iter().filter(|s| s.tag == Some(Tag::Port)).count(), 2);
    }

    #[test]
    fn junk_and_caps() {
        let mut body = b"garbage\nm=audio\nm=audio x RTP/AVP\na=rtpmap:0 PCMU/8000\n".to_vec();
        for _ in 0..40 {
            body.extend_from_slice(b"m=audio 1 RTP/AVP 0\n");
        }
        let sdp = parse(&body, 0..body.len());
        assert_eq!(sdp.bad_lines, 2);
        assert!(sdp.media.len() <= MAX_MEDIA && sdp.media.len() > 20);
        assert!(sdp.dropped > 0);
        assert_eq!(sdp.media[0].port, None);
        for n in 0..OFFER.len() {
            let _ = parse(OFFER, 0..n);
        }
    }
}
