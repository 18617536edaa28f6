//! The SIP message grammar (RFC 3261 §7, §20, §25) as zero-copy views: bytes in, byte ranges
//! out. Nothing here allocates per header beyond the header list, owns flow state or emits
//! events; [`super::decode`](mod@super::decode) turns a [`Head`] into the report's field tree and
//! [`super::session`] reads the same view for dialogs and transactions.
//!
//! Every position is an offset into the message bytes handed to [`parse_head`], so the ranges
//! are the message-relative spans the page highlights. Lines end in CRLF or a bare LF (both
//! are seen in the wild); header values may be folded over continuation lines that start with
//! SP or HT (RFC 3261 §7.3.1), and their range then covers the folding, which the value text
//! replaces by one space.
//!
//! Why not a SIP crate: the crates.io parsers looked at (`rsip`, `sip-rs`/`libsip`,
//! `sip_parser`) build owned header structs and do not return byte positions, so they could
//! not give the spans the page needs; some also reject folded lines or junk. The start line is
//! parsed with nom 7 (already a dependency, and how the rest of the crate parses); the
//! line, header and parameter scanning is a few small loops over byte ranges.

use std::ops::Range;

use nom::bytes::complete::{tag_no_case, take_while1, take_while_m_n};
use nom::character::complete::char as nchar;
use nom::sequence::tuple;
use nom::{IResult, Offset};

/// The methods with a code of their own, in code order from 1 (`pdu` of a request; 0 is an
/// extension method). RFC 3261 §27.4 and the IANA "Methods and Response Codes" registry.
pub const METHODS: [&str; 14] = [
    "INVITE",
    "ACK",
    "BYE",
    "CANCEL",
    "OPTIONS",
    "REGISTER",
    "PRACK",
    "SUBSCRIBE",
    "NOTIFY",
    "PUBLISH",
    "INFO",
    "REFER",
    "MESSAGE",
    "UPDATE",
];

/// Method codes, as [`METHODS`] numbers them.
pub mod method {
    pub const INVITE: u32 = 1;
    pub const ACK: u32 = 2;
    pub const BYE: u32 = 3;
    pub const CANCEL: u32 = 4;
    pub const OPTIONS: u32 = 5;
    pub const REGISTER: u32 = 6;
    pub const PRACK: u32 = 7;
    pub const SUBSCRIBE: u32 = 8;
    pub const NOTIFY: u32 = 9;
    pub const PUBLISH: u32 = 10;
    pub const INFO: u32 = 11;
    pub const REFER: u32 = 12;
    pub const MESSAGE: u32 = 13;
    pub const UPDATE: u32 = 14;
}

/// The code of a method name (case-sensitive, as RFC 3261 §7.1 says), 0 for an extension.
pub fn method_code(name: &[u8]) -> u32 {
    METHODS
        .iter()
        .position(|m| m.as_bytes() == name)
        .and_then(|i| u32::try_from(i).ok())
        .map_or(0, |i| i.saturating_add(1))
}

/// The name of method code `code` (1..=14).
pub fn method_name(code: u32) -> Option<&'static str> {
    let i = usize::try_from(code.checked_sub(1)?).ok()?;
    METHODS.get(i).copied()
}

/// Compact header forms (RFC 3261 §7.3.3 and the IANA "Header Fields" registry).
const COMPACT: [(u8, &str); 20] = [
    (b'a', "accept-contact"),
    (b'b', "referred-by"),
    (b'c', "content-type"),
    (b'd', "request-disposition"),
    (b'e', "content-encoding"),
    (b'f', "from"),
    (b'i', "call-id"),
    (b'j', "reject-contact"),
    (b'k', "supported"),
    (b'l', "content-length"),
    (b'm', "contact"),
    (b'n', "identity-info"),
    (b'o', "event"),
    (b'r', "refer-to"),
    (b's', "subject"),
    (b't', "to"),
    (b'u', "allow-events"),
    (b'v', "via"),
    (b'x', "session-expires"),
    (b'y', "identity"),
];

/// Full names recognised without allocating (the others are lower-cased when decoded).
const KNOWN: &[&str] = &[
    "accept",
    "accept-contact",
    "allow",
    "allow-events",
    "authorization",
    "call-id",
    "contact",
    "content-encoding",
    "content-length",
    "content-type",
    "cseq",
    "date",
    "event",
    "expires",
    "from",
    "identity",
    "identity-info",
    "max-forwards",
    "min-expires",
    "p-asserted-identity",
    "p-preferred-identity",
    "proxy-authenticate",
    "proxy-authorization",
    "record-route",
    "refer-to",
    "referred-by",
    "reject-contact",
    "remote-party-id",
    "request-disposition",
    "route",
    "server",
    "session-expires",
    "subject",
    "subscription-state",
    "supported",
    "to",
    "user-agent",
    "via",
    "www-authenticate",
];

/// The lower-case full name of header `name` when it is a compact form or a known name.
pub fn canonical(name: &[u8]) -> Option<&'static str> {
    if let [c] = name {
        let c = c.to_ascii_lowercase();
        return COMPACT.iter().find(|(k, _)| *k == c).map(|(_, n)| *n);
    }
    KNOWN
        .iter()
        .find(|k| k.as_bytes().eq_ignore_ascii_case(name))
        .copied()
}

/// The bytes of `r` within `buf` (empty when out of range).
pub fn sub<'a>(buf: &'a [u8], r: &Range<usize>) -> &'a [u8] {
    buf.get(r.clone()).unwrap_or_default()
}

/// First position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `r` shifted right by `by`.
fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start.saturating_add(by)..r.end.saturating_add(by)
}

/// `r` without leading and trailing spaces, tabs, CR and LF.
pub fn trim(buf: &[u8], r: Range<usize>) -> Range<usize> {
    let b = sub(buf, &r);
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let lead = b.iter().take_while(|c| ws(c)).count();
    let trail = b.iter().rev().take_while(|c| ws(c)).count();
    let start = r.start.saturating_add(lead);
    let end = r.end.saturating_sub(trail).max(start);
    start..end
}

/// RFC 3261 §25.1 `token` characters.
pub fn is_token(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&c)
}

/// The message's first line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartLine {
    Request {
        method: Range<usize>,
        uri: Range<usize>,
        version: Range<usize>,
    },
    Response {
        version: Range<usize>,
        code: u16,
        code_range: Range<usize>,
        reason: Range<usize>,
    },
}

/// `Method SP Request-URI SP SIP/x.y` (the URI is any run of visible bytes).
/// Method, Request-URI and version of a request line.
type RequestLine<'a> = (&'a [u8], &'a [u8], &'a [u8]);

fn request_line(i: &[u8]) -> IResult<&[u8], RequestLine<'_>> {
    let (rest, (m, _, u, _, v)) = tuple((
        take_while1(is_token),
        nchar(' '),
        take_while1(|c: u8| c > b' ' && c != 0x7f),
        nchar(' '),
        version,
    ))(i)?;
    Ok((rest, (m, u, v)))
}

fn version(i: &[u8]) -> IResult<&[u8], &[u8]> {
    let (rest, (_, _)) = tuple((
        tag_no_case("SIP/"),
        take_while1(|c: u8| c.is_ascii_digit() || c == b'.'),
    ))(i)?;
    Ok((rest, i.get(..i.offset(rest)).unwrap_or_default()))
}

/// `SIP/x.y SP 3DIGIT [SP Reason-Phrase]` (a missing reason is tolerated).
fn status_line(i: &[u8]) -> IResult<&[u8], (&[u8], &[u8])> {
    let (rest, (v, _, code)) = tuple((
        version,
        nchar(' '),
        take_while_m_n(3, 3, |c: u8| c.is_ascii_digit()),
    ))(i)?;
    Ok((rest, (v, code)))
}

/// Parses `line` (without its line end) as a start line; offsets are relative to `base`.
pub fn parse_start_line(line: &[u8], base: usize) -> Option<StartLine> {
    let at = |s: &[u8]| {
        let o = line.offset(s);
        o.saturating_add(base)..o.saturating_add(s.len()).saturating_add(base)
    };
    if let Ok((rest, (v, code))) = status_line(line) {
        if !(rest.is_empty() || rest.first() == Some(&b' ')) {
            return None;
        }
        let n = std::str::from_utf8(code).ok()?.parse::<u16>().ok()?;
        if !(100..=699).contains(&n) {
            return None;
        }
        let reason = trim(line, line.offset(rest)..line.len());
        return Some(StartLine::Response {
            version: at(v),
            code: n,
            code_range: at(code),
            reason: shift(reason, base),
        });
    }
    let (rest, (m, u, v)) = request_line(line).ok()?;
    if !rest.iter().all(|c| *c == b' ' || *c == b'\t') {
        return None;
    }
    Some(StartLine::Request {
        method: at(m),
        uri: at(u),
        version: at(v),
    })
}

/// Where a plausible SIP message starts in `data` after junk: the first known method that
/// opens a request line, or a status line. Positions within the first `max_scan` bytes only.
pub fn find_start(data: &[u8], max_scan: usize) -> Option<usize> {
    let limit = data.len().min(max_scan);
    (0..limit).find(|&i| {
        let rest = data.get(i..).unwrap_or_default();
        let line = rest.split(|c| *c == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let starts_known = rest.starts_with(b"SIP/2.0 ")
            || METHODS
                .iter()
                .any(|m| rest.starts_with(m.as_bytes()) && rest.get(m.len()) == Some(&b' '));
        starts_known && (parse_start_line(line, 0).is_some() || !rest.contains(&b'\n'))
    })
}

/// One header line (with its continuation lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub name: Range<usize>,
    /// The value, trimmed; covers continuation lines when the header is folded.
    pub value: Range<usize>,
    /// The lower-case full name when known (compact forms expanded).
    pub known: Option<&'static str>,
    pub folded: bool,
}

impl Header {
    /// The lower-case full name.
    pub fn full_name(&self, raw: &[u8]) -> String {
        match self.known {
            Some(n) => n.to_string(),
            None => String::from_utf8_lossy(sub(raw, &self.name)).to_ascii_lowercase(),
        }
    }

    pub fn is(&self, name: &str) -> bool {
        self.known == Some(name)
    }
}

/// The lines of `buf[range]`: `(content range, range including the line end)`.
pub fn lines(
    buf: &[u8],
    range: Range<usize>,
) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    let end = range.end.min(buf.len());
    let mut at = range.start.min(end);
    std::iter::from_fn(move || {
        if at >= end {
            return None;
        }
        let rest = buf.get(at..end).unwrap_or_default();
        let (content_len, full_len) = match rest.iter().position(|c| *c == b'\n') {
            Some(nl) => {
                let cr = nl > 0 && rest.get(nl.saturating_sub(1)) == Some(&b'\r');
                (
                    if cr { nl.saturating_sub(1) } else { nl },
                    nl.saturating_add(1),
                )
            }
            None => (rest.len(), rest.len()),
        };
        let line = at..at.saturating_add(content_len);
        let full = at..at.saturating_add(full_len);
        at = full.end;
        Some((line, full))
    })
}

/// Where the head of a message starting at 0 ends: the offset just past the empty line, or
/// `None` when `buf` holds no empty line yet.
pub fn head_end(buf: &[u8]) -> Option<usize> {
    let mut prev_nl = false;
    for (i, c) in buf.iter().enumerate() {
        match c {
            b'\n' if prev_nl => return Some(i.saturating_add(1)),
            b'\n' => prev_nl = true,
            b'\r' => {}
            _ => prev_nl = false,
        }
    }
    None
}

/// Problems of a head that do not stop decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeadIssue {
    /// A line in the head that is neither `name: value` nor a continuation.
    BadHeaderLine { at: usize },
    /// More headers than the cap; the rest are not listed.
    TooManyHeaders { max: usize },
    /// The head has no empty line (the message ends inside its headers).
    Unterminated,
}

/// The parsed head of one message: its start line, headers and where the body is.
#[derive(Clone, Debug)]
pub struct Head {
    pub start: StartLine,
    pub headers: Vec<Header>,
    /// Offset just past the empty line (or the end of the bytes when there is none).
    pub body_start: usize,
    pub issues: Vec<HeadIssue>,
}

/// Why bytes are not a SIP message at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The first line is not a request or status line.
    NoStartLine,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::NoStartLine => {
                f.write_str("first line is not a SIP request or status line")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses the start line and headers of the message that starts at `raw[0]`, listing at most
/// `max_headers` headers.
pub fn parse_head(raw: &[u8], max_headers: usize) -> Result<Head, ParseError> {
    let end = head_end(raw);
    let head_range = 0..end.unwrap_or(raw.len());
    let mut it = lines(raw, head_range.clone()).peekable();
    let (first, _) = it.next().ok_or(ParseError::NoStartLine)?;
    let start = parse_start_line(sub(raw, &first), first.start).ok_or(ParseError::NoStartLine)?;
    let mut headers: Vec<Header> = Vec::new();
    let mut issues = Vec::new();
    if end.is_none() {
        issues.push(HeadIssue::Unterminated);
    }
    while let Some((line, _)) = it.next() {
        let text = sub(raw, &line);
        if text.is_empty() {
            break;
        }
        if matches!(text.first(), Some(b' ' | b'\t')) {
            // A continuation without a header to continue.
            issues.push(HeadIssue::BadHeaderLine { at: line.start });
            continue;
        }
        let Some(colon) = text.iter().position(|c| *c == b':') else {
            issues.push(HeadIssue::BadHeaderLine { at: line.start });
            continue;
        };
        let name = trim(raw, line.start..line.start.saturating_add(colon));
        if name.is_empty() || !sub(raw, &name).iter().all(|c| is_token(*c)) {
            issues.push(HeadIssue::BadHeaderLine { at: line.start });
            continue;
        }
        let mut value_end = line.end;
        let mut folded = false;
        while let Some((next, _)) = it.peek() {
            if matches!(raw.get(next.start), Some(b' ' | b'\t')) && !next.is_empty() {
                value_end = next.end;
                folded = true;
                it.next();
            } else {
                break;
            }
        }
        if headers.len() >= max_headers {
            if !issues
                .iter()
                .any(|i| matches!(i, HeadIssue::TooManyHeaders { .. }))
            {
                issues.push(HeadIssue::TooManyHeaders { max: max_headers });
            }
            continue;
        }
        let value = trim(
            raw,
            line.start.saturating_add(colon).saturating_add(1)..value_end,
        );
        headers.push(Header {
            known: canonical(sub(raw, &name)),
            name,
            value,
            folded,
        });
    }
    Ok(Head {
        start,
        headers,
        body_start: head_range.end,
        issues,
    })
}

impl Head {
    pub fn is_request(&self) -> bool {
        matches!(self.start, StartLine::Request { .. })
    }

    /// The method code of a request, or of the request a response answers (from CSeq).
    pub fn method_code(&self, raw: &[u8]) -> u32 {
        match &self.start {
            StartLine::Request { method, .. } => method_code(sub(raw, method)),
            StartLine::Response { .. } => self
                .cseq(raw)
                .map_or(0, |c| method_code(sub(raw, &c.method))),
        }
    }

    /// The method name (requests) or the CSeq method (responses).
    pub fn method<'a>(&self, raw: &'a [u8]) -> &'a [u8] {
        match &self.start {
            StartLine::Request { method, .. } => sub(raw, method),
            StartLine::Response { .. } => self.cseq(raw).map_or(&[][..], |c| sub(raw, &c.method)),
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self.start {
            StartLine::Response { code, .. } => Some(code),
            StartLine::Request { .. } => None,
        }
    }

    /// Headers named `name` (lower-case full name), in message order.
    pub fn all<'h>(&'h self, name: &'static str) -> impl Iterator<Item = &'h Header> + 'h {
        self.headers.iter().filter(move |h| h.is(name))
    }

    /// The first header named `name`.
    pub fn first(&self, name: &'static str) -> Option<&Header> {
        self.all(name).next()
    }

    /// The first value of `name` as text (unfolded, lossy).
    pub fn text(&self, raw: &[u8], name: &'static str) -> Option<String> {
        self.first(name).map(|h| unfold(sub(raw, &h.value)))
    }

    pub fn cseq(&self, raw: &[u8]) -> Option<CSeq> {
        self.first("cseq")
            .and_then(|h| parse_cseq(raw, h.value.clone()))
    }

    /// The Content-Length values: `Ok(None)` when absent, `Err` when not a number or when
    /// several disagree.
    pub fn content_length(&self, raw: &[u8]) -> Result<Option<u64>, BadContentLength> {
        let mut found: Option<u64> = None;
        for h in self.all("content-length") {
            let t = sub(raw, &h.value);
            if t.is_empty() || t.len() > 19 || !t.iter().all(u8::is_ascii_digit) {
                return Err(BadContentLength);
            }
            let n = std::str::from_utf8(t)
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
                .ok_or(BadContentLength)?;
            match found {
                Some(f) if f != n => return Err(BadContentLength),
                _ => found = Some(n),
            }
        }
        Ok(found)
    }

    /// The content type, lower-case, without parameters.
    pub fn content_type(&self, raw: &[u8]) -> Option<String> {
        let v = self.text(raw, "content-type")?;
        Some(
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase(),
        )
    }

    /// The `branch` parameter of the top Via.
    pub fn branch(&self, raw: &[u8]) -> Option<Range<usize>> {
        let h = self.first("via")?;
        let top = split_list(raw, h.value.clone()).into_iter().next()?;
        param(raw, top, b"branch")
    }
}

/// Content-Length is not a decimal number, or several Content-Length headers disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadContentLength;

impl std::fmt::Display for BadContentLength {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bad Content-Length")
    }
}

impl std::error::Error for BadContentLength {}

/// A header value as text: folding (line end plus leading whitespace) becomes one space.
pub fn unfold(v: &[u8]) -> String {
    let s = String::from_utf8_lossy(v);
    if !s.contains('\n') {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split('\n').enumerate() {
        let part = part.strip_suffix('\r').unwrap_or(part);
        if i == 0 {
            out.push_str(part);
        } else {
            out.push(' ');
            out.push_str(part.trim_start_matches([' ', '\t']));
        }
    }
    out
}

/// `CSeq: number method`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CSeq {
    pub number: u32,
    pub number_range: Range<usize>,
    pub method: Range<usize>,
}

pub fn parse_cseq(raw: &[u8], r: Range<usize>) -> Option<CSeq> {
    let v = sub(raw, &r);
    let digits = v.iter().take_while(|c| c.is_ascii_digit()).count();
    let number = std::str::from_utf8(v.get(..digits)?)
        .ok()?
        .parse::<u32>()
        .ok()?;
    let number_range = r.start..r.start.saturating_add(digits);
    let method = trim(raw, number_range.end..r.end);
    if method.is_empty() || !sub(raw, &method).iter().all(|c| is_token(*c)) {
        return None;
    }
    Some(CSeq {
        number,
        number_range,
        method,
    })
}

/// Splits a comma-separated header value (Via, Contact, Route...) into its elements; commas
/// inside quotes or angle brackets do not split. When a backslash leaves a quote open to the
/// end (`realm=\"x\",nonce=…`, seen in the wild), the value is split again with backslashes
/// taken literally, as Wireshark does.
pub fn split_list(raw: &[u8], r: Range<usize>) -> Vec<Range<usize>> {
    split_list_with(raw, r.clone(), true)
        .unwrap_or_else(|| split_list_with(raw, r, false).unwrap_or_default())
}

/// `None` when a quote stays open to the end (and `escapes` is on).
fn split_list_with(raw: &[u8], r: Range<usize>, escapes: bool) -> Option<Vec<Range<usize>>> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut angle = false;
    let mut escape = false;
    let mut start = r.start;
    for (i, c) in sub(raw, &r).iter().enumerate() {
        let at = r.start.saturating_add(i);
        if escape {
            escape = false;
            continue;
        }
        match c {
            b'\\' if quoted && escapes => escape = true,
            b'"' => quoted = !quoted,
            b'<' if !quoted => angle = true,
            b'>' if !quoted => angle = false,
            b',' if !quoted && !angle => {
                let t = trim(raw, start..at);
                if !t.is_empty() {
                    out.push(t);
                }
                start = at.saturating_add(1);
            }
            _ => {}
        }
    }
    if quoted && escapes {
        return None;
    }
    let t = trim(raw, start..r.end);
    if !t.is_empty() {
        out.push(t);
    }
    Some(out)
}

/// The value of `;name=value` within `r` (outside quotes and angle brackets), unquoted.
pub fn param(raw: &[u8], r: Range<usize>, name: &[u8]) -> Option<Range<usize>> {
    let v = sub(raw, &r);
    let mut quoted = false;
    let mut angle = false;
    for (i, c) in v.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b'<' if !quoted => angle = true,
            b'>' if !quoted => angle = false,
            b';' if !quoted && !angle => {
                let rest_start = r.start.saturating_add(i).saturating_add(1);
                let rest = trim(raw, rest_start..r.end);
                let rb = sub(raw, &rest);
                if rb.len() > name.len()
                    && rb
                        .get(..name.len())
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                {
                    let after = rb.get(name.len()..).unwrap_or_default();
                    let ws = after.iter().take_while(|c| **c == b' ').count();
                    if after.get(ws) == Some(&b'=') {
                        let vstart = rest
                            .start
                            .saturating_add(name.len())
                            .saturating_add(ws)
                            .saturating_add(1);
                        let tail = sub(raw, &(vstart..r.end));
                        let len = tail
                            .iter()
                            .take_while(|c| !matches!(c, b';' | b',' | b'>'))
                            .count();
                        let vr = trim(raw, vstart..vstart.saturating_add(len));
                        return Some(unquote(raw, vr));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// `r` without surrounding double quotes.
fn unquote(raw: &[u8], r: Range<usize>) -> Range<usize> {
    let v = sub(raw, &r);
    if v.len() >= 2 && v.first() == Some(&b'"') && v.last() == Some(&b'"') {
        r.start.saturating_add(1)..r.end.saturating_sub(1)
    } else {
        r
    }
}

/// A name-addr or addr-spec (From, To, Contact, P-Asserted-Identity, Remote-Party-ID...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    pub display: Option<Range<usize>>,
    pub uri: Range<usize>,
    /// The user part of a `sip:`/`sips:` URI, or the number of a `tel:` URI.
    pub user: Option<Range<usize>>,
    pub tag: Option<Range<usize>>,
}

/// Parses one address element (one item of [`split_list`]). `*` (Contact wildcard) has no URI.
pub fn parse_address(raw: &[u8], r: Range<usize>) -> Option<Address> {
    let v = sub(raw, &r);
    if v == b"*" {
        return None;
    }
    let mut a = Address::default();
    let params_from;
    if let Some(lt) = angle_open(v) {
        let gt = v
            .get(lt..)?
            .iter()
            .position(|c| *c == b'>')?
            .saturating_add(lt);
        let display = trim(raw, r.start..r.start.saturating_add(lt));
        let display = unquote(raw, display);
        if !display.is_empty() {
            a.display = Some(display);
        }
        a.uri = r.start.saturating_add(lt).saturating_add(1)..r.start.saturating_add(gt);
        params_from = r.start.saturating_add(gt);
    } else {
        // addr-spec: the URI ends at the first `;` (header parameters follow).
        let end = v.iter().position(|c| *c == b';').unwrap_or(v.len());
        a.uri = trim(raw, r.start..r.start.saturating_add(end));
        params_from = r.start;
    }
    a.user = uri_user(raw, a.uri.clone());
    a.tag = param(raw, params_from..r.end, b"tag").filter(|t| !t.is_empty());
    Some(a)
}

/// Where `<` opens a URI, outside a quoted display name.
fn angle_open(v: &[u8]) -> Option<usize> {
    let mut quoted = false;
    let mut escape = false;
    for (i, c) in v.iter().enumerate() {
        if escape {
            escape = false;
            continue;
        }
        match c {
            b'\\' if quoted => escape = true,
            b'"' => quoted = !quoted,
            b'<' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The user part of a SIP/SIPS URI (before `@`, without a `:password`), or a tel: number.
pub fn uri_user(raw: &[u8], uri: Range<usize>) -> Option<Range<usize>> {
    let v = sub(raw, &uri);
    let colon = v.iter().position(|c| *c == b':')?;
    let scheme = v.get(..colon)?;
    let rest_start = uri.start.saturating_add(colon).saturating_add(1);
    let rest = sub(raw, &(rest_start..uri.end));
    let r = if scheme.eq_ignore_ascii_case(b"tel") {
        let end = rest.iter().position(|c| *c == b';').unwrap_or(rest.len());
        rest_start..rest_start.saturating_add(end)
    } else if scheme.eq_ignore_ascii_case(b"sip") || scheme.eq_ignore_ascii_case(b"sips") {
        let at = rest.iter().position(|c| *c == b'@')?;
        let user = rest.get(..at)?;
        let end = user
            .iter()
            .position(|c| *c == b':' || *c == b';')
            .unwrap_or(at);
        rest_start..rest_start.saturating_add(end)
    } else {
        return None;
    };
    (!r.is_empty()).then_some(r)
}

/// One `name=value` of a credentials or challenge header (value unquoted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthParam {
    pub name: Range<usize>,
    pub value: Range<usize>,
}

/// `Digest username="…", realm="…", …` (RFC 3261 §25.1 credentials / challenge).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Auth {
    pub scheme: Range<usize>,
    pub params: Vec<AuthParam>,
}

impl Auth {
    pub fn get(&self, raw: &[u8], name: &[u8]) -> Option<Range<usize>> {
        self.params
            .iter()
            .find(|p| sub(raw, &p.name).eq_ignore_ascii_case(name))
            .map(|p| p.value.clone())
    }

    pub fn is_digest(&self, raw: &[u8]) -> bool {
        sub(raw, &self.scheme).eq_ignore_ascii_case(b"digest")
    }
}

/// Parses an Authorization / Proxy-Authorization / WWW-Authenticate / Proxy-Authenticate value;
/// at most `max_params` parameters are kept.
pub fn parse_auth(raw: &[u8], r: Range<usize>, max_params: usize) -> Option<Auth> {
    let v = sub(raw, &r);
    let scheme_len = v.iter().take_while(|c| is_token(**c)).count();
    if scheme_len == 0 {
        return None;
    }
    let scheme = r.start..r.start.saturating_add(scheme_len);
    let mut params = Vec::new();
    for item in split_list(raw, scheme.end..r.end) {
        if params.len() >= max_params {
            break;
        }
        let b = sub(raw, &item);
        let Some(eq) = b.iter().position(|c| *c == b'=') else {
            continue;
        };
        let name = trim(raw, item.start..item.start.saturating_add(eq));
        let value = trim(
            raw,
            item.start.saturating_add(eq).saturating_add(1)..item.end,
        );
        if name.is_empty() {
            continue;
        }
        params.push(AuthParam {
            name,
            value: unquote(raw, value),
        });
    }
    Some(Auth { scheme, params })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    fn s<'a>(raw: &'a [u8], r: &Range<usize>) -> &'a str {
        std::str::from_utf8(&raw[r.clone()]).unwrap()
    }

    const INVITE: &[u8] = b"INVITE sip:2001@pbx.example.com SIP/2.0\r\n\
v: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-1, SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK-0\r\n\
f: \"Alice, A.\" <sip:1001@pbx.example.com>;tag=abc\r\n\
t: <sip:2001@pbx.example.com>\r\n\
i: call-1@10.0.0.5\r\n\
CSeq: 1 INVITE\r\n\
Subject: a folded\r\n\
\t subject line\r\n\
l: 0\r\n\
\r\n";

    #[test]
    fn compact_forms_and_folding() {
        let h = parse_head(INVITE, 64).unwrap();
        assert!(h.is_request());
        assert_eq!(h.method_code(INVITE), method::INVITE);
        let names: Vec<String> = h.headers.iter().map(|x| x.full_name(INVITE)).collect();
        assert_eq!(
            names,
            [
                "via",
                "from",
                "to",
                "call-id",
                "cseq",
                "subject",
                "content-length"
            ]
        );
        assert_eq!(h.text(INVITE, "subject").unwrap(), "a folded subject line");
        assert!(h.first("subject").unwrap().folded);
        assert_eq!(h.content_length(INVITE), Ok(Some(0)));
        assert_eq!(s(INVITE, &h.branch(INVITE).unwrap()), "z9hG4bK-1");
        assert_eq!(h.cseq(INVITE).unwrap().number, 1);
        assert_eq!(h.body_start, INVITE.len());
        assert!(h.issues.is_empty());
    }

    #[test]
    fn addresses() {
        let h = parse_head(INVITE, 64).unwrap();
        let f = parse_address(INVITE, h.first("from").unwrap().value.clone()).unwrap();
        assert_eq!(s(INVITE, f.display.as_ref().unwrap()), "Alice, A.");
        assert_eq!(s(INVITE, &f.uri), "sip:1001@pbx.example.com");
        assert_eq!(s(INVITE, f.user.as_ref().unwrap()), "1001");
        assert_eq!(s(INVITE, f.tag.as_ref().unwrap()), "abc");
        let raw = b"sip:bob:pw@h;tag=x9, tel:+15551234;phone-context=x, *";
        let items = split_list(raw, 0..raw.len());
        assert_eq!(items.len(), 3);
        let a = parse_address(raw, items[0].clone()).unwrap();
        assert_eq!(
            (
                s(raw, a.user.as_ref().unwrap()),
                s(raw, a.tag.as_ref().unwrap())
            ),
            ("bob", "x9")
        );
        let t = parse_address(raw, items[1].clone()).unwrap();
        assert_eq!(s(raw, t.user.as_ref().unwrap()), "+15551234");
        assert!(parse_address(raw, items[2].clone()).is_none());
    }

    #[test]
    fn digest_credentials() {
        let raw = br#"Digest username="1001", realm="asterisk", nonce="4f1e", uri="sip:pbx", response="0123abcd", algorithm=MD5"#;
        let a = parse_auth(raw, 0..raw.len(), 32).unwrap();
        assert!(a.is_digest(raw));
        assert_eq!(s(raw, &a.get(raw, b"username").unwrap()), "1001");
        assert_eq!(s(raw, &a.get(raw, b"response").unwrap()), "0123abcd");
        assert_eq!(s(raw, &a.get(raw, b"algorithm").unwrap()), "MD5");
        let raw = br#"Digest realm=\"sip.example\",nonce=\"17\",algorithm=MD5"#;
        let a = parse_auth(raw, 0..raw.len(), 32).unwrap();
        assert_eq!(s(raw, &a.get(raw, b"realm").unwrap()), r#"\"sip.example\""#);
        assert_eq!(s(raw, &a.get(raw, b"algorithm").unwrap()), "MD5");
    }

    #[test]
    fn start_lines() {
        assert!(matches!(
            parse_start_line(b"SIP/2.0 200 OK", 0),
            Some(StartLine::Response { code: 200, .. })
        ));
        assert!(matches!(
            parse_start_line(b"SIP/2.0 180", 0),
            Some(StartLine::Response { code: 180, .. })
        ));
        assert!(parse_start_line(b"SIP/2.0 099 Bad", 0).is_none());
        assert!(parse_start_line(b"HTTP/1.1 200 OK", 0).is_none());
        assert!(parse_start_line(b"GET / HTTP/1.1", 0).is_none());
        assert!(matches!(
            parse_start_line(b"FOO sip:x SIP/2.0", 0),
            Some(StartLine::Request { .. })
        ));
        assert_eq!(method_code(b"FOO"), 0);
        assert_eq!(method_name(6), Some("REGISTER"));
        assert_eq!(
            find_start(b"DBREGISTER sip:1.1.1.1 SIP/2.0\r\n", 4096),
            Some(2)
        );
        assert_eq!(
            find_start(b"\x00\x00junk\r\nSIP/2.0 200 OK\r\n", 4096),
            Some(8)
        );
    }

    #[test]
    fn multiple_and_bad_headers() {
        let raw = b"SIP/2.0 200 OK\nVia: a;branch=1\nVia: b\nno colon here\n: empty\nContent-Length: 3\nl: 4\n\nabcd";
        let h = parse_head(raw, 64).unwrap();
        assert_eq!(h.all("via").count(), 2);
        assert_eq!(h.issues.len(), 2);
        assert_eq!(h.content_length(raw), Err(BadContentLength));
        assert_eq!(&raw[h.body_start..], b"abcd");
        let h = parse_head(raw, 1).unwrap();
        assert_eq!(h.headers.len(), 1);
        assert!(h.issues.contains(&HeadIssue::TooManyHeaders { max: 1 }));
    }

    #[test]
    fn every_prefix_parses_or_fails_cleanly() {
        for n in 0..INVITE.len() {
            let _ = parse_head(&INVITE[..n], 64);
        }
        assert!(parse_head(b"", 64).is_err());
        assert!(parse_head(&INVITE[..60], 64)
            .unwrap()
            .issues
            .contains(&HeadIssue::Unterminated));
    }
}
