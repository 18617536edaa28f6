//! Filter and sort over `Report::messages` for the page's message table and ladder.
//!
//! The page never holds all messages: it sends a [`Query`] (JSON) to the worker, which keeps the
//! matching message indices ([`run`]) and hands out light [`Row`]s page by page, the [`Facets`]
//! for the filter menus, and the CSV export of the current view ([`csv`]). Everything here is
//! plain Rust over the report, so it is unit-tested natively.
//!
//! Messages are kept compact ([`crate::store`]): filters on protocol, session, direction and
//! name, and every sort but by summary, read only the store's entries. A text search and a
//! sort by summary decode the candidate messages one at a time, and a page of rows decodes
//! just its rows.

use crate::model::{Direction, Message};
use crate::store::{Entry, MessageStore};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// What the message table shows: filters (all optional, all must match) and one sort key.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Query {
    /// Protocol name (`"ctiqbe"`).
    pub protocol: Option<String>,
    pub session: Option<u32>,
    /// `"to_server"` or `"to_client"`.
    pub direction: Option<String>,
    /// Exact message name (`"ProviderOpenRequest"`).
    pub name: Option<String>,
    /// Case-insensitive text searched in the name, the summary, the frame number and every
    /// string or number of the field tree.
    pub text: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Capture order (frame, then session): the report's own order.
    #[default]
    Frame,
    Time,
    Session,
    Direction,
    Protocol,
    Name,
    Summary,
    Latency,
}

/// One line of the message table: what the table and the ladder need, without the field tree.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    /// Index into `Report::messages`.
    pub index: usize,
    pub frame: u64,
    pub time: f64,
    pub session: u32,
    pub direction: Direction,
    pub protocol: &'static str,
    pub name: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_frame: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    /// The message has decoding problems.
    pub errors: bool,
    /// The call (its id) the message belongs to, when the page asked (`crate::callview`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<u32>,
}

impl Row {
    pub fn of(index: usize, m: &Message) -> Row {
        Row {
            index,
            frame: m.frame,
            time: m.time,
            session: m.session,
            direction: m.direction,
            protocol: m.protocol.as_str(),
            name: m.name.clone(),
            summary: m.summary.clone(),
            seq: m.seq,
            request_frame: m.request_frame,
            latency_ms: m.latency_ms,
            errors: !m.errors.is_empty(),
            call: None,
        }
    }
}

/// The values the filter menus offer, each with its message count, in a stable order.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Facets {
    pub protocols: Vec<(String, u64)>,
    pub sessions: Vec<(u32, u64)>,
    pub names: Vec<(String, u64)>,
}

pub fn facets(messages: &MessageStore) -> Facets {
    let mut protocols: BTreeMap<&str, u64> = BTreeMap::new();
    let mut sessions: BTreeMap<u32, u64> = BTreeMap::new();
    let mut names: BTreeMap<Cow<'_, str>, u64> = BTreeMap::new();
    for e in messages.entries() {
        { let n = protocols.entry(e.protocol.as_str()).or_default(); *n = n.saturating_add(1); }
        { let n = sessions.entry(e.session).or_default(); *n = n.saturating_add(1); }
        { let n = names.entry(e.name(messages)).or_default(); *n = n.saturating_add(1); }
    }
    Facets {
        protocols: protocols
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        sessions: sessions.into_iter().collect(),
        names: names
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v))
            .collect(),
    }
}

/// The indices of the messages matching `q`, in `q`'s order (ties in capture order; descending
/// reverses the whole order).
pub fn run(messages: &MessageStore, q: &Query) -> Vec<u32> {
    let needle = q
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Needle::new);
    let mut out: Vec<u32> = messages
        .entries()
        .enumerate()
        .filter(|(_, e)| matches_entry(messages, e, q))
        .filter(|(i, _)| {
            needle
                .as_ref()
                .is_none_or(|n| messages.get(*i).is_some_and(|m| text_matches(&m, n)))
        })
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    if q.sort != SortKey::Frame || q.descending {
        let key = q.sort;
        // Summaries exist only decoded: decode the candidates once, not once per comparison.
        let summaries: Vec<String> = if key == SortKey::Summary {
            out.iter()
                .map(|&i| {
                    messages
                        .get(i as usize)
                        .map(|m| m.summary)
                        .unwrap_or_default()
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by(|&x, &y| {
            let (a, b) = (
                out.get(x).copied().unwrap_or(0),
                out.get(y).copied().unwrap_or(0),
            );
            let o = match key {
                SortKey::Summary => summaries.get(x).cmp(&summaries.get(y)),
                _ => match (messages.entry(a as usize), messages.entry(b as usize)) {
                    (Some(ea), Some(eb)) => compare(messages, &ea, &eb, key),
                    _ => Ordering::Equal,
                },
            };
            // Ties keep capture order; descending is the exact reverse of ascending.
            let o = o.then(a.cmp(&b));
            if q.descending {
                o.reverse()
            } else {
                o
            }
        });
        out = order
            .into_iter()
            .filter_map(|k| out.get(k).copied())
            .collect();
    }
    out
}

fn matches_entry(store: &MessageStore, e: &Entry, q: &Query) -> bool {
    if q.protocol
        .as_deref()
        .is_some_and(|p| p != e.protocol.as_str())
    {
        return false;
    }
    if q.session.is_some_and(|s| s != e.session) {
        return false;
    }
    if q.direction
        .as_deref()
        .is_some_and(|d| d != e.direction.as_str())
    {
        return false;
    }
    if q.name.as_deref().is_some_and(|n| n != e.name(store)) {
        return false;
    }
    true
}

fn text_matches(m: &Message, n: &Needle) -> bool {
    n.found_in(&m.name)
        || n.found_in(&m.summary)
        || n.found_in(&m.frame.to_string())
        || m.fields.values().any(|v| value_has(v, n, 0))
}

/// Nesting depth searched in a field tree (decoders bound theirs; this is belt and braces).
const MAX_DEPTH: usize = 16;

fn value_has(v: &serde_json::Value, n: &Needle, depth: usize) -> bool {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return false;
    }
    match v {
        Value::String(s) => n.found_in(s),
        Value::Number(x) => n.found_in(&x.to_string()),
        Value::Array(a) => a.iter().any(|x| value_has(x, n, depth.saturating_add(1))),
        Value::Object(o) => o
            .iter()
            .any(|(k, x)| k != "_type" && value_has(x, n, depth.saturating_add(1))),
        Value::Bool(_) | Value::Null => false,
    }
}

/// A lower-cased search text; ASCII needles are matched without allocating.
struct Needle {
    lower: String,
    ascii: bool,
}

impl Needle {
    fn new(text: &str) -> Needle {
        Needle {
            lower: text.to_lowercase(),
            ascii: text.is_ascii(),
        }
    }

    fn found_in(&self, hay: &str) -> bool {
        if self.ascii {
            let n = self.lower.as_bytes();
            hay.as_bytes()
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n))
        } else {
            hay.to_lowercase().contains(&self.lower)
        }
    }
}

fn compare(store: &MessageStore, a: &Entry, b: &Entry, key: SortKey) -> Ordering {
    match key {
        SortKey::Frame => a.frame.cmp(&b.frame),
        SortKey::Time => a.ts_ns.cmp(&b.ts_ns),
        SortKey::Session => a.session.cmp(&b.session),
        SortKey::Direction => a.direction.cmp(&b.direction),
        SortKey::Protocol => a.protocol.as_str().cmp(b.protocol.as_str()),
        SortKey::Name => a.name(store).cmp(&b.name(store)),
        // Sorted by the caller, which decodes the summaries once.
        SortKey::Summary => Ordering::Equal,
        // Messages without a latency sort after every measured one.
        SortKey::Latency => match (a.latency_ms(), b.latency_ms()) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    }
}

/// The CSV header of [`csv`].
pub const CSV_HEADER: &str =
    "frame,time,session,direction,protocol,name,summary,seq,request_frame,latency_ms";

/// The messages at `indices` as CSV (RFC 4180, CRLF line ends). Text cells that a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) get a leading `'`.
pub fn csv(messages: &MessageStore, indices: &[u32]) -> String {
    let mut out = String::with_capacity(indices.len().saturating_mul(96).saturating_add(64));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for m in indices.iter().filter_map(|&i| messages.get(i as usize)) {
        let m = &m;
        let opt = |v: Option<String>| v.unwrap_or_default();
        let cells = [
            m.frame.to_string(),
            format!("{:.6}", m.time),
            m.session.to_string(),
            m.direction.as_str().to_string(),
            m.protocol.as_str().to_string(),
            text_cell(&m.name),
            text_cell(&m.summary),
            opt(m.seq.map(|s| s.to_string())),
            opt(m.request_frame.map(|f| f.to_string())),
            opt(m.latency_ms.map(|l| format!("{l:.3}"))),
        ];
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(c);
        }
        out.push_str("\r\n");
    }
    out
}

/// A CSV text cell: quoted when needed, and a leading `'` when a spreadsheet would run it as a
/// formula.
pub(crate) fn text_cell(s: &str) -> String {
    let defused = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::model::Protocol;
    use serde_json::{json, Map};

    fn msg(
        frame: u64,
        session: u32,
        dir: Direction,
        name: &str,
        summary: &str,
        fields: serde_json::Value,
    ) -> Message {
        let fields: Map<String, serde_json::Value> =
            fields.as_object().cloned().unwrap_or_default();
        Message {
            session,
            protocol: Protocol::Ctiqbe,
            direction: dir,
            frame,
            time: 1_000.0 + frame as f64 / 10.0,
            pdu: 1,
            name: name.to_string(),
            fields,
            spans: vec![],
            summary: summary.to_string(),
            stream_offset: 0,
            len: 4,
            seq: None,
            request_frame: None,
            latency_ms: None,
            errors: vec![],
            raw: vec![],
        }
    }

    fn store(messages: Vec<Message>) -> MessageStore {
        let mut s = MessageStore::default();
        for m in messages {
            s.push_whole(m);
        }
        s
    }

    fn sample() -> MessageStore {
        store(sample_messages())
    }

    fn sample_messages() -> Vec<Message> {
        use Direction::*;
        let mut v = vec![
            msg(
                4,
                1,
                ToServer,
                "ProviderOpenRequest",
                "login alice",
                json!({"login": "alice", "filter": {"_type": "F", "x": 7}}),
            ),
            msg(5, 1, ToClient, "ProviderOpenResponse", "ok", json!({})),
            msg(
                9,
                2,
                ToServer,
                "HeartbeatRequest",
                "",
                json!({"lines": [{"dn": "3001"}]}),
            ),
            msg(
                9,
                1,
                ToClient,
                "CallStateChangedEvent",
                "=1+2, \"quoted\"",
                json!({}),
            ),
        ];
        v[1].latency_ms = Some(12.5);
        v[2].latency_ms = Some(3.0);
        v
    }

    fn q(f: impl FnOnce(&mut Query)) -> Query {
        let mut q = Query::default();
        f(&mut q);
        q
    }

    #[test]
    fn no_filter_is_capture_order() {
        assert_eq!(run(&sample(), &Query::default()), vec![0, 1, 2, 3]);
    }

    #[test]
    fn filters_combine() {
        let m = sample();
        assert_eq!(run(&m, &q(|q| q.session = Some(1))), vec![0, 1, 3]);
        assert_eq!(
            run(&m, &q(|q| q.direction = Some("to_client".into()))),
            vec![1, 3]
        );
        assert_eq!(
            run(
                &m,
                &q(|q| {
                    q.session = Some(1);
                    q.direction = Some("to_server".into())
                })
            ),
            vec![0]
        );
        assert_eq!(
            run(&m, &q(|q| q.name = Some("HeartbeatRequest".into()))),
            vec![2]
        );
        assert_eq!(
            run(&m, &q(|q| q.protocol = Some("sip".into()))),
            Vec::<u32>::new()
        );
        assert_eq!(run(&m, &q(|q| q.protocol = Some("ctiqbe".into()))).len(), 4);
    }

    #[test]
    fn text_searches_names_summaries_frames_and_field_values() {
        let m = sample();
        assert_eq!(run(&m, &q(|q| q.text = Some("ALICE".into()))), vec![0]);
        assert_eq!(run(&m, &q(|q| q.text = Some("3001".into()))), vec![2]);
        assert_eq!(run(&m, &q(|q| q.text = Some("openresp".into()))), vec![1]);
        assert_eq!(run(&m, &q(|q| q.text = Some("9".into()))), vec![2, 3]);
        // `_type` names are not values; blank text is no filter.
        assert!(!run(&m, &q(|q| q.text = Some("F".into()))).contains(&0));
        assert_eq!(run(&m, &q(|q| q.text = Some("  ".into()))).len(), 4);
        assert_eq!(
            run(&m, &q(|q| q.text = Some("é".into()))),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn sorts_are_stable_and_reversible() {
        let m = sample();
        assert_eq!(run(&m, &q(|q| q.sort = SortKey::Name)), vec![3, 2, 0, 1]);
        assert_eq!(run(&m, &q(|q| q.sort = SortKey::Session)), vec![0, 1, 3, 2]);
        assert_eq!(
            run(
                &m,
                &q(|q| {
                    q.sort = SortKey::Frame;
                    q.descending = true
                })
            ),
            vec![3, 2, 1, 0]
        );
        assert_eq!(
            run(
                &m,
                &q(|q| {
                    q.sort = SortKey::Session;
                    q.descending = true
                })
            ),
            vec![2, 3, 1, 0]
        );
        // Measured latencies first, the rest in capture order.
        assert_eq!(run(&m, &q(|q| q.sort = SortKey::Latency)), vec![2, 1, 0, 3]);
    }

    #[test]
    fn query_parses_from_the_page_json() {
        let parsed: Query =
            serde_json::from_str(r#"{"session":2,"text":"x","sort":"latency","descending":true}"#)
                .unwrap();
        assert_eq!(
            parsed,
            q(|q| {
                q.session = Some(2);
                q.text = Some("x".into());
                q.sort = SortKey::Latency;
                q.descending = true
            })
        );
        let empty: Query = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Query::default());
        assert!(serde_json::from_str::<Query>(r#"{"sort":"nope"}"#).is_err());
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let m = sample();
        let text = csv(&m, &[3, 0]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(
            lines[1],
            "9,1000.900000,1,to_client,ctiqbe,CallStateChangedEvent,\"'=1+2, \"\"quoted\"\"\",,,"
        );
        assert_eq!(
            lines[2],
            "4,1000.400000,1,to_server,ctiqbe,ProviderOpenRequest,login alice,,,"
        );
        assert_eq!(lines[3], "");
    }

    #[test]
    fn facets_count_each_value() {
        let mut m = sample_messages();
        m.push(msg(
            10,
            2,
            Direction::ToClient,
            "HeartbeatRequest",
            "",
            json!({}),
        ));
        let f = facets(&store(m));
        assert_eq!(f.protocols, vec![("ctiqbe".to_string(), 5)]);
        assert_eq!(f.sessions, vec![(1, 3), (2, 2)]);
        assert_eq!(f.names[1], ("HeartbeatRequest".to_string(), 2));
    }
}
