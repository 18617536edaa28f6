//! One SIP message's bytes → the report's field tree and spans. A pure function of the bytes
//! (the store decodes kept messages again on demand, see [`crate::store`]).
//!
//! Fields, in message order: `method` and `request_uri` (`request_user` when the URI has a user
//! part) or `status_code` and `reason`; `version`; then every header under its lower-case full
//! name (compact forms expanded). A header seen several times, or a comma-separated Via,
//! Contact, Route or P-Asserted-Identity with several elements, becomes a list. Address headers
//! (From, To, Contact, P-Asserted-Identity, Remote-Party-ID…) are objects `{value, display, uri,
//! user, tag}`, credentials and challenges `{value, scheme, <param>…}`, the rest strings.
//! `body` is the SDP tree ([`super::sdp`]) or `{type, len, preview}`.

use std::borrow::Cow;
use std::ops::Range;

use serde_json::{Map, Value};

use super::parse::{
    method, parse_address, parse_auth, parse_head, split_list, sub, unfold, Head, HeadIssue,
    StartLine,
};
use super::sdp;
use crate::model::{Span, Tag};

/// Headers listed per message when a kept message is decoded again (the default of
/// `Limits::sip_max_headers`): far above real messages (20 to 40 headers).
pub const MAX_HEADERS: usize = 256;
/// Characters of a non-SDP body shown in `body.preview`.
pub const PREVIEW_CHARS: usize = 160;
/// Parameters kept per credentials/challenge header.
pub const MAX_AUTH_PARAMS: usize = 32;
/// List elements kept per comma-separated header value.
pub const MAX_LIST_ITEMS: usize = 64;

/// A decoded message before it is placed in a [`crate::model::Message`].
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    pub pdu: u32,
    pub name: String,
    pub fields: Map<String, Value>,
    pub spans: Vec<Span>,
    pub summary: String,
    pub seq: Option<u32>,
    pub errors: Vec<String>,
}

/// Headers whose value is a comma-separated list (one JSON item per element).
fn is_list(name: &str) -> bool {
    matches!(
        name,
        "via"
            | "contact"
            | "route"
            | "record-route"
            | "p-asserted-identity"
            | "p-preferred-identity"
    )
}

fn is_address(name: &str) -> bool {
    matches!(
        name,
        "from"
            | "to"
            | "contact"
            | "p-asserted-identity"
            | "p-preferred-identity"
            | "remote-party-id"
            | "refer-to"
            | "referred-by"
    )
}

fn is_auth(name: &str) -> bool {
    matches!(
        name,
        "authorization" | "proxy-authorization" | "www-authenticate" | "proxy-authenticate"
    )
}

fn text(raw: &[u8], r: &Range<usize>) -> String {
    unfold(sub(raw, r))
}

fn span(path: &str, r: &Range<usize>, tag: Option<Tag>) -> Span {
    Span {
        path: path.to_string(),
        start: u32::try_from(r.start).unwrap_or(u32::MAX),
        end: u32::try_from(r.end).unwrap_or(u32::MAX),
        tag,
        note: None,
    }
}

/// The name of a message from its first line only (cheap; `Malformed` when it has none).
pub fn name_of(raw: &[u8]) -> Cow<'static, str> {
    let line_end = raw.iter().position(|c| *c == b'\n').unwrap_or(raw.len());
    let line = raw.get(..line_end).unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match super::parse::parse_start_line(line, 0) {
        Some(StartLine::Request { method, .. }) => {
            let m = sub(line, &method);
            match super::parse::method_name(super::parse::method_code(m)) {
                Some(n) => Cow::Borrowed(n),
                None => Cow::Owned(String::from_utf8_lossy(m).into_owned()),
            }
        }
        Some(StartLine::Response { code, reason, .. }) => {
            Cow::Owned(response_name(code, sub(line, &reason)))
        }
        None => Cow::Borrowed("Malformed"),
    }
}

fn response_name(code: u16, reason: &[u8]) -> String {
    if reason.is_empty() {
        code.to_string()
    } else {
        format!("{code} {}", String::from_utf8_lossy(reason))
    }
}

/// Which tag a user part of header `name` carries in a message of method `m`.
fn user_tag(name: &str, m: u32) -> Option<Tag> {
    match name {
        "from" | "p-asserted-identity" | "p-preferred-identity" | "remote-party-id" => {
            Some(Tag::CallingNumber)
        }
        "to" if m == method::REGISTER => Some(Tag::DirectoryNumber),
        "to" => Some(Tag::CalledNumber),
        "contact" => Some(Tag::DirectoryNumber),
        _ => None,
    }
}

/// Decodes the message in `raw` (exactly one message), listing at most `max_headers` headers.
pub fn decode(raw: &[u8], max_headers: usize) -> Decoded {
    let head = match parse_head(raw, max_headers) {
        Ok(h) => h,
        Err(e) => {
            return Decoded {
                name: "Malformed".into(),
                summary: format!("not a SIP message ({} bytes)", raw.len()),
                errors: vec![e.to_string()],
                ..Decoded::default()
            }
        }
    };
    let mut d = Decoded::default();
    let m = head.method_code(raw);
    match &head.start {
        StartLine::Request {
            method,
            uri,
            version,
        } => {
            let mname = sub(raw, method);
            d.pdu = m;
            d.name = super::parse::method_name(m).map_or_else(
                || String::from_utf8_lossy(mname).into_owned(),
                str::to_string,
            );
            let name = Value::String(d.name.clone());
            put(&mut d, "method", name, method, None);
            put(
                &mut d,
                "request_uri",
                Value::String(text(raw, uri)),
                uri,
                None,
            );
            if let Some(u) = super::parse::uri_user(raw, uri.clone()) {
                let tag = match m {
                    method::INVITE => Some(Tag::CalledNumber),
                    method::REGISTER => Some(Tag::DirectoryNumber),
                    _ => None,
                };
                put(
                    &mut d,
                    "request_user",
                    Value::String(text(raw, &u)),
                    &u,
                    tag,
                );
            }
            put(
                &mut d,
                "version",
                Value::String(text(raw, version)),
                version,
                None,
            );
            d.summary = format!("{} {}", d.name, text(raw, uri));
        }
        StartLine::Response {
            version,
            code,
            code_range,
            reason,
        } => {
            d.pdu = u32::from(*code);
            d.name = response_name(*code, sub(raw, reason));
            put(&mut d, "status_code", Value::from(*code), code_range, None);
            put(
                &mut d,
                "reason",
                Value::String(text(raw, reason)),
                reason,
                None,
            );
            put(
                &mut d,
                "version",
                Value::String(text(raw, version)),
                version,
                None,
            );
            let cseq_method = String::from_utf8_lossy(head.method(raw)).into_owned();
            d.summary = if cseq_method.is_empty() {
                d.name.clone()
            } else {
                format!("{} ({cseq_method})", d.name)
            };
        }
    }
    headers(raw, &head, m, &mut d);
    d.seq = head.cseq(raw).map(|c| c.number);
    for issue in &head.issues {
        d.errors.push(match issue {
            HeadIssue::BadHeaderLine { at } => format!("line at byte {at} is not a header"),
            HeadIssue::TooManyHeaders { max } => {
                format!("more than {max} headers; the rest are not listed")
            }
            HeadIssue::Unterminated => "headers do not end with an empty line".into(),
        });
    }
    body(raw, &head, &mut d);
    d
}

/// Whether [`decode`] lists errors for this message, from its parsed head alone (no field
/// tree): the entry's `has_errors` must agree with the message decoded again.
pub fn has_errors(raw: &[u8], head: Option<&Head>) -> bool {
    let Some(head) = head else { return true };
    if !head.issues.is_empty() {
        return true;
    }
    match head.content_length(raw) {
        Err(_) => true,
        Ok(Some(n)) => n > raw.len().saturating_sub(head.body_start) as u64,
        Ok(None) => false,
    }
}

fn put(d: &mut Decoded, key: &str, v: Value, r: &Range<usize>, tag: Option<Tag>) {
    d.fields.insert(key.to_string(), v);
    d.spans.push(span(key, r, tag));
}

/// Every header, grouped under its full name in order of first appearance.
fn headers(raw: &[u8], head: &Head, m: u32, d: &mut Decoded) {
    // Elements per name first, so a name seen once is a plain value and its spans say so.
    let mut groups: Vec<(String, Vec<Range<usize>>)> = Vec::new();
    for h in &head.headers {
        let name = h.full_name(raw);
        let items = if is_list(&name) {
            let mut l = split_list(raw, h.value.clone());
            l.truncate(MAX_LIST_ITEMS);
            if l.is_empty() {
                vec![h.value.clone()]
            } else {
                l
            }
        } else {
            vec![h.value.clone()]
        };
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.extend(items),
            None => groups.push((name, items)),
        }
    }
    for (name, items) in groups {
        let many = items.len() > 1;
        let mut values = Vec::with_capacity(items.len());
        for (i, r) in items.iter().enumerate() {
            let path = if many {
                format!("{name}.{i}")
            } else {
                name.clone()
            };
            values.push(header_value(raw, &name, &path, r, m, &mut d.spans));
        }
        let v = if many {
            Value::Array(values)
        } else {
            values.into_iter().next().unwrap_or(Value::Null)
        };
        d.fields.insert(name, v);
    }
}

fn header_value(
    raw: &[u8],
    name: &str,
    path: &str,
    r: &Range<usize>,
    m: u32,
    spans: &mut Vec<Span>,
) -> Value {
    let whole_tag = matches!(name, "user-agent" | "server").then_some(Tag::UserAgent);
    spans.push(span(path, r, whole_tag));
    let value = Value::String(text(raw, r));
    if is_address(name) {
        let Some(a) = parse_address(raw, r.clone()) else {
            return value;
        };
        let mut o = Map::new();
        o.insert("value".into(), value);
        if let Some(disp) = &a.display {
            o.insert("display".into(), Value::String(text(raw, disp)));
            spans.push(span(
                &format!("{path}.display"),
                disp,
                Some(Tag::DisplayName),
            ));
        }
        o.insert("uri".into(), Value::String(text(raw, &a.uri)));
        spans.push(span(&format!("{path}.uri"), &a.uri, None));
        if let Some(u) = &a.user {
            o.insert("user".into(), Value::String(text(raw, u)));
            spans.push(span(&format!("{path}.user"), u, user_tag(name, m)));
        }
        if let Some(t) = &a.tag {
            o.insert("tag".into(), Value::String(text(raw, t)));
            spans.push(span(&format!("{path}.tag"), t, None));
        }
        return Value::Object(o);
    }
    if is_auth(name) {
        let Some(a) = parse_auth(raw, r.clone(), MAX_AUTH_PARAMS) else {
            return value;
        };
        let mut o = Map::new();
        o.insert("value".into(), value);
        o.insert("scheme".into(), Value::String(text(raw, &a.scheme)));
        for p in &a.params {
            let key = text(raw, &p.name).to_ascii_lowercase();
            if matches!(key.as_str(), "value" | "scheme") || o.contains_key(&key) {
                continue;
            }
            let tag = match key.as_str() {
                "username" => Some(Tag::Login),
                "realm" => Some(Tag::Realm),
                "nonce" => Some(Tag::Nonce),
                "response" => Some(Tag::DigestResponse),
                _ => None,
            };
            if tag.is_some() {
                spans.push(span(&format!("{path}.{key}"), &p.value, tag));
            }
            o.insert(key, Value::String(text(raw, &p.value)));
        }
        return Value::Object(o);
    }
    value
}

fn body(raw: &[u8], head: &Head, d: &mut Decoded) {
    let available = raw.len().saturating_sub(head.body_start);
    let declared = match head.content_length(raw) {
        Ok(n) => n,
        Err(_) => {
            d.errors.push("bad Content-Length".into());
            None
        }
    };
    let len = match declared {
        Some(n) => {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            if n > available {
                d.errors
                    .push(format!("body truncated: {available} of {n} bytes"));
            }
            n.min(available)
        }
        None => available,
    };
    if len == 0 {
        return;
    }
    let r = head.body_start..head.body_start.saturating_add(len);
    let ctype = head.content_type(raw);
    if ctype.as_deref() == Some("application/sdp") {
        let sdp = sdp::parse(raw, r.clone());
        d.spans.push(span("body", &r, None));
        let f = sdp::to_fields(raw, &sdp, "body", &mut d.spans);
        d.fields.insert("body".into(), Value::Object(f));
        return;
    }
    let mut o = Map::new();
    o.insert("type".into(), ctype.map_or(Value::Null, Value::String));
    o.insert("len".into(), Value::from(len));
    let preview: String = String::from_utf8_lossy(sub(raw, &r))
        .chars()
        .take(PREVIEW_CHARS)
        .collect();
    o.insert("preview".into(), Value::String(preview));
    d.spans.push(span("body", &r, None));
    d.fields.insert("body".into(), Value::Object(o));
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
pub(crate) mod tests {
    use super::*;

    pub const REGISTER: &[u8] = b"REGISTER sip:pbx.example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-r2\r\n\
From: \"Desk 1001\" <sip:1001@pbx.example.com>;tag=r1\r\n\
To: <sip:1001@pbx.example.com>\r\n\
Call-ID: reg-1@10.0.0.5\r\n\
CSeq: 2 REGISTER\r\n\
Contact: <sip:1001@10.0.0.5:5060>;expires=3600\r\n\
Authorization: Digest username=\"1001\", realm=\"asterisk\", nonce=\"5f0c\", uri=\"sip:pbx.example.com\", response=\"6629fae49393a05397450978507c4ef1\"\r\n\
User-Agent: Cisco-CP8865/14.1.1\r\n\
Content-Length: 0\r\n\r\n";

    pub const INVITE_SDP: &[u8] = b"INVITE sip:2001@pbx SIP/2.0\r\n\
Via: SIP/2.0/TCP 10.0.0.5;branch=z9hG4bK-1\r\n\
Via: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK-0\r\n\
From: Alice <sip:1001@pbx>;tag=a1\r\n\
To: <sip:2001@pbx>\r\n\
Call-ID: c1\r\n\
CSeq: 1 INVITE\r\n\
Content-Type: application/sdp\r\n\
Content-Length: 64\r\n\r\n\
v=0\r\nc=IN IP4 10.0.0.5\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    fn tagged(d: &Decoded, tag: Tag) -> Vec<(String, String)> {
        d.spans
            .iter()
            .filter(|s| s.tag == Some(tag))
            .map(|s| (s.path.clone(), String::new()))
            .collect()
    }

    #[test]
    fn register_fields_and_tags() {
        let d = decode(REGISTER, 64);
        assert_eq!(
            (d.pdu, d.name.as_str(), d.seq),
            (method::REGISTER, "REGISTER", Some(2))
        );
        let keys: Vec<&str> = d.fields.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "method",
                "request_uri",
                "version",
                "via",
                "from",
                "to",
                "call-id",
                "cseq",
                "contact",
                "authorization",
                "user-agent",
                "content-length"
            ]
        );
        assert_eq!(d.fields["from"]["display"], "Desk 1001");
        assert_eq!(d.fields["to"]["user"], "1001");
        assert_eq!(d.fields["authorization"]["realm"], "asterisk");
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(tagged(&d, Tag::DirectoryNumber).len(), 2);
        assert_eq!(tagged(&d, Tag::Login)[0].0, "authorization.username");
        assert_eq!(tagged(&d, Tag::DigestResponse).len(), 1);
        assert_eq!(tagged(&d, Tag::UserAgent)[0].0, "user-agent");
        for s in &d.spans {
            assert!(
                s.start <= s.end && s.end as usize <= REGISTER.len(),
                "{s:?}"
            );
        }
        let resp = &d
            .spans
            .iter()
            .find(|s| s.path == "authorization.response")
            .unwrap();
        assert_eq!(
            &REGISTER[resp.start as usize..resp.end as usize],
            b"6629fae49393a05397450978507c4ef1"
        );
    }

    #[test]
    fn invite_with_sdp_and_two_vias() {
        let d = decode(INVITE_SDP, 64);
        assert_eq!(d.fields["via"].as_array().unwrap().len(), 2);
        assert_eq!(d.fields["request_user"], "2001");
        assert_eq!(d.fields["body"]["c"], "10.0.0.5");
        assert_eq!(d.fields["body"]["m"][0]["port"], 4000);
        assert!(d.spans.iter().any(|s| s.path == "via.1"));
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(name_of(INVITE_SDP), "INVITE");
    }

    #[test]
    fn responses_and_bad_lengths() {
        let raw = b"SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\nContent-Length: 10\r\n\r\nabc";
        let d = decode(raw, 64);
        assert_eq!((d.pdu, d.name.as_str()), (486, "486 Busy Here"));
        assert_eq!(d.summary, "486 Busy Here (INVITE)");
        assert_eq!(d.errors, ["body truncated: 3 of 10 bytes"]);
        assert_eq!(d.fields["body"]["len"], 3);
        let d = decode(b"SIP/2.0 200 OK\r\nl: x\r\n\r\n", 64);
        assert_eq!(d.errors, ["bad Content-Length"]);
        assert_eq!(name_of(b"SIP/2.0 200 OK\r\n"), "200 OK");
        let d = decode(b"hello", 64);
        assert_eq!(d.name, "Malformed");
        assert!(!d.errors.is_empty());
    }

    #[test]
    fn repeated_headers_become_lists() {
        let raw = b"OPTIONS sip:x SIP/2.0\r\nContact: <sip:a@h>, <sip:b@h>\r\nm: sip:c@h\r\nX-Foo: 1\r\nx-foo: 2\r\n\r\n";
        let d = decode(raw, 64);
        assert_eq!(d.fields["contact"].as_array().unwrap().len(), 3);
        assert_eq!(d.fields["contact"][2]["user"], "c");
        assert_eq!(d.fields["x-foo"], serde_json::json!(["1", "2"]));
        assert_eq!(d.pdu, method::OPTIONS);
    }
}
