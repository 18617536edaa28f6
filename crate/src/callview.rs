//! The page's Calls view and call ladder over `Report::calls` (issue 14, page part): filter
//! and sort of the calls ([`run`]), light [`CallRow`]s page by page, the CSV export ([`csv`]),
//! a call's detail with the lanes of its ladder ([`detail`]), the messages of a call
//! ([`messages_of_call`]) and the call of a message ([`CallIndex::call_of`]).
//!
//! Everything here is plain Rust over the report, unit-tested natively; the wasm facade only
//! keeps the results and hands them out (like [`crate::query`] for messages).
//!
//! **Which messages belong to a leg.** A leg is one protocol session's view of a call
//! (`calls::Leg`: session, key, first and last frame). A message of that session between the
//! two frames belongs to the leg when it names the same call in the protocol's own terms:
//! CTIQBE `callCallManagerID|callLegID` (the leg handle of the session's `CallInfo`; the leg's
//! key is the global handle, which most events do not carry), SCCP `callReference` (or
//! `conferenceId` in media messages of older phones), GED-188 `ConnectionCallID`. A SIP
//! session is one dialog, so all its messages in the range belong. Messages that name no call
//! (keepalives, a phone's display prompts without a reference) belong to none.
//!
//! **Findings touching a call.** A finding touches a call when it is about the session of one
//! of the call's legs (`Finding::session`): a cleartext CTI session touches every call that
//! session saw. Findings about no session (the capture as a whole) touch no call.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::calls::Call;
use crate::model::{Message, Protocol};
use crate::report::{Report, Session, SessionInfo, Severity};

/// Most messages a call's ladder view holds (a call is seconds to hours of one conversation;
/// beyond this the ladder says it stopped).
pub const MAX_CALL_MESSAGES: usize = 200_000;

/// How a message names its call, in its protocol's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Selector {
    /// Every message of the session (a SIP dialog is one session).
    Any,
    /// SCCP call reference, GED-188 ConnectionCallID.
    Number(u64),
    /// CTIQBE leg handle `callManagerID|callLegID`.
    Handle(u32, u32),
}

fn u64_field(fields: &Map<String, Value>, key: &str) -> Option<u64> {
    fields.get(key).and_then(Value::as_u64)
}

/// The call a message names, or `None` when it names none.
fn message_selector(m: &Message) -> Option<Selector> {
    let f = &m.fields;
    match m.protocol {
        Protocol::Sip => Some(Selector::Any),
        Protocol::Sccp => u64_field(f, "callReference")
            .filter(|&c| c != 0)
            .or_else(|| u64_field(f, "conferenceId").filter(|&c| c != 0))
            .map(Selector::Number),
        Protocol::Ged188 => u64_field(f, "ConnectionCallID")
            .filter(|&c| c != u64::from(u32::MAX))
            .map(Selector::Number),
        Protocol::Ctiqbe => {
            let cm = u32::try_from(u64_field(f, "callCallManagerID")?).ok()?;
            let leg = u32::try_from(u64_field(f, "callLegID")?).ok()?;
            Some(Selector::Handle(cm, leg))
        }
        Protocol::Tls | Protocol::Unknown => None,
    }
}

fn parse_handle(h: &str) -> Option<Selector> {
    let (cm, leg) = h.split_once('|')?;
    Some(Selector::Handle(cm.parse().ok()?, leg.parse().ok()?))
}

/// The selector of a leg: from its key (SCCP `ref@line`, GED-188 call id), or for CTIQBE the
/// leg handle of the session's call with the same key and first frame.
fn leg_selector(leg: &crate::calls::Leg, session: Option<&Session>) -> Option<Selector> {
    match leg.protocol {
        Protocol::Sip => Some(Selector::Any),
        Protocol::Sccp => leg
            .key
            .split('@')
            .next()
            .and_then(|r| r.parse().ok())
            .map(Selector::Number),
        Protocol::Ged188 => leg.key.parse().ok().map(Selector::Number),
        Protocol::Ctiqbe => {
            let info = session?.info.ctiqbe()?;
            let c = info.calls.iter().find(|c| {
                c.first_frame == leg.frames[0]
                    && c.global_call_id.as_deref().unwrap_or(c.leg.as_str()) == leg.key
            })?;
            parse_handle(&c.leg)
        }
        Protocol::Tls | Protocol::Unknown => None,
    }
}

/// A leg's first and last frame, and its call's position in `Report::calls`.
type LegSpan = (u64, u64, u32);

/// Per-report facts of the calls, built once after the analysis: the protocols and findings
/// of each call, and where each leg's messages are.
#[derive(Debug, Default)]
pub struct CallIndex {
    /// Per call (position in `Report::calls`): its protocols, sorted, without repeats.
    protocols: Vec<Vec<Protocol>>,
    /// Per call: indices into `Report::findings` of the findings touching it.
    findings: Vec<Vec<u32>>,
    /// (session, selector) → the legs' frame ranges and calls.
    legs: HashMap<(u32, Selector), Vec<LegSpan>>,
}

fn sessions_by_id(report: &Report) -> HashMap<u32, &Session> {
    report.sessions.iter().map(|s| (s.id, s)).collect()
}

impl CallIndex {
    /// Indexes the report's calls (no message is decoded: legs, sessions and findings only).
    pub fn new(report: &Report) -> CallIndex {
        let sessions = sessions_by_id(report);
        let mut by_session: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, f) in report.findings.iter().enumerate() {
            if let (Some(s), Ok(i)) = (f.session, u32::try_from(i)) {
                by_session.entry(s).or_default().push(i);
            }
        }
        let mut index = CallIndex::default();
        for (pos, call) in report.calls.iter().enumerate() {
            let Ok(pos) = u32::try_from(pos) else { break };
            let mut protocols: Vec<Protocol> = call.legs.iter().map(|l| l.protocol).collect();
            protocols.sort_by_key(|p| p.as_str());
            protocols.dedup();
            index.protocols.push(protocols);
            let mut seen: Vec<u32> = call.legs.iter().map(|l| l.session).collect();
            seen.sort_unstable();
            seen.dedup();
            let mut findings: Vec<u32> = seen
                .iter()
                .filter_map(|s| by_session.get(s))
                .flatten()
                .copied()
                .collect();
            findings.sort_unstable();
            findings.dedup();
            index.findings.push(findings);
            for leg in &call.legs {
                let Some(sel) = leg_selector(leg, sessions.get(&leg.session).copied()) else {
                    continue;
                };
                index
                    .legs
                    .entry((leg.session, sel))
                    .or_default()
                    .push((leg.frames[0], leg.frames[1], pos));
            }
        }
        index
    }

    /// The call (its id) a decoded message belongs to, if any.
    pub fn call_of(&self, report: &Report, m: &Message) -> Option<u32> {
        let sel = message_selector(m)?;
        let legs = self.legs.get(&(m.session, sel))?;
        let &(_, _, pos) = legs
            .iter()
            .find(|&&(first, last, _)| first <= m.frame && m.frame <= last)?;
        report.calls.get(pos as usize).map(|c| c.id)
    }

    fn findings_of(&self, pos: usize) -> &[u32] {
        self.findings.get(pos).map_or(&[], Vec::as_slice)
    }

    fn protocols_of(&self, pos: usize) -> &[Protocol] {
        self.protocols.get(pos).map_or(&[], Vec::as_slice)
    }
}

/// What the Calls view shows: filters (all optional, all must match) and one sort key.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct CallQuery {
    /// Text searched (case-insensitive) in the calling and called numbers of the call and of
    /// every leg.
    pub number: Option<String>,
    /// A protocol the call involves (`"sip"`).
    pub protocol: Option<String>,
    /// The call's final state, exactly (`"IDLE"`).
    pub state: Option<String>,
    /// The sort key.
    pub sort: CallSort,
    /// Reverse the order.
    pub descending: bool,
}

/// The Calls view's sort keys.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CallSort {
    /// Start time (the calls' own order).
    #[default]
    Start,
    /// Duration.
    Duration,
    /// Calling number.
    Calling,
    /// Called number.
    Called,
    /// Final state.
    State,
    /// Protocols involved.
    Protocols,
    /// Number of legs.
    Legs,
    /// Findings touching the call.
    Findings,
}

/// One line of the Calls view.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CallRow {
    /// The call's id.
    pub id: u32,
    /// Seconds since the Unix epoch.
    pub start: f64,
    /// Seconds.
    pub duration: f64,
    /// Calling number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling: Option<String>,
    /// Called number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub called: Option<String>,
    /// Final state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Why it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Protocols involved, sorted.
    pub protocols: Vec<&'static str>,
    /// Number of legs.
    pub legs: usize,
    /// Findings touching the call.
    pub findings: usize,
}

impl CallRow {
    /// The row of the call at `pos` in `Report::calls`.
    pub fn of(report: &Report, index: &CallIndex, pos: usize) -> Option<CallRow> {
        let c = report.calls.get(pos)?;
        Some(CallRow {
            id: c.id,
            start: c.start,
            duration: c.duration,
            calling: c.calling.clone(),
            called: c.called.clone(),
            state: c.state.clone(),
            cause: c.cause.clone(),
            protocols: index.protocols_of(pos).iter().map(|p| p.as_str()).collect(),
            legs: c.legs.len(),
            findings: index.findings_of(pos).len(),
        })
    }
}

fn has_number(c: &Call, needle: &str) -> bool {
    let hit = |n: &Option<String>| n.as_deref().is_some_and(|n| n.to_lowercase().contains(needle));
    hit(&c.calling)
        || hit(&c.called)
        || c.legs.iter().any(|l| hit(&l.calling) || hit(&l.called))
}

/// The positions (in `Report::calls`) of the calls matching `q`, in `q`'s order (ties by
/// start; descending reverses the whole order).
pub fn run(report: &Report, index: &CallIndex, q: &CallQuery) -> Vec<u32> {
    let needle = q
        .number
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase);
    let protocol = q.protocol.as_deref().filter(|p| !p.is_empty());
    let state = q.state.as_deref().filter(|s| !s.is_empty());
    let mut out: Vec<u32> = report
        .calls
        .iter()
        .enumerate()
        .filter(|(pos, c)| {
            needle.as_deref().is_none_or(|n| has_number(c, n))
                && protocol.is_none_or(|p| index.protocols_of(*pos).iter().any(|x| x.as_str() == p))
                && state.is_none_or(|s| c.state.as_deref() == Some(s))
        })
        .filter_map(|(pos, _)| u32::try_from(pos).ok())
        .collect();
    if q.sort != CallSort::Start || q.descending {
        let key = q.sort;
        out.sort_by(|&a, &b| {
            let o = match (report.calls.get(a as usize), report.calls.get(b as usize)) {
                (Some(ca), Some(cb)) => compare(index, (a as usize, ca), (b as usize, cb), key),
                _ => Ordering::Equal,
            };
            let o = o.then(a.cmp(&b));
            if q.descending {
                o.reverse()
            } else {
                o
            }
        });
    }
    out
}

fn compare(index: &CallIndex, (pa, a): (usize, &Call), (pb, b): (usize, &Call), key: CallSort) -> Ordering {
    // Calls without a value sort after every call with one.
    let text = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match key {
        CallSort::Start => a.start.total_cmp(&b.start),
        CallSort::Duration => a.duration.total_cmp(&b.duration),
        CallSort::Calling => text(&a.calling, &b.calling),
        CallSort::Called => text(&a.called, &b.called),
        CallSort::State => text(&a.state, &b.state),
        CallSort::Protocols => {
            let names = |p: usize| index.protocols_of(p).iter().map(|x| x.as_str()).collect::<Vec<_>>();
            names(pa).cmp(&names(pb))
        }
        CallSort::Legs => a.legs.len().cmp(&b.legs.len()),
        CallSort::Findings => index.findings_of(pa).len().cmp(&index.findings_of(pb).len()),
    }
}

/// The values the Calls view's filter menus offer, each with its call count.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct CallFacets {
    /// Protocols and how many calls involve each.
    pub protocols: Vec<(String, u64)>,
    /// Final states and how many calls ended in each.
    pub states: Vec<(String, u64)>,
}

/// The filter menus' values.
pub fn facets(report: &Report, index: &CallIndex) -> CallFacets {
    let mut protocols: BTreeMap<&str, u64> = BTreeMap::new();
    let mut states: BTreeMap<&str, u64> = BTreeMap::new();
    for (pos, c) in report.calls.iter().enumerate() {
        for p in index.protocols_of(pos) {
            let n = protocols.entry(p.as_str()).or_default();
            *n = n.saturating_add(1);
        }
        if let Some(s) = c.state.as_deref() {
            let n = states.entry(s).or_default();
            *n = n.saturating_add(1);
        }
    }
    CallFacets {
        protocols: protocols.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        states: states.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }
}

/// The CSV header of [`csv`].
pub const CSV_HEADER: &str =
    "id,start,end,duration,calling,called,state,cause,protocols,legs,sessions,findings,links";

/// The calls at `positions` as CSV (RFC 4180, CRLF line ends; text cells that a spreadsheet
/// would run as a formula get a leading `'`, as in the messages' CSV). `sessions` lists the
/// legs' sessions (`protocol:session`), `findings` the ids of the findings touching the call,
/// `links` each link as `a-b:rule`.
pub fn csv(report: &Report, index: &CallIndex, positions: &[u32]) -> String {
    let mut out = String::with_capacity(positions.len().saturating_mul(128).saturating_add(96));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for &pos in positions {
        let pos = pos as usize;
        let Some(c) = report.calls.get(pos) else { continue };
        let opt = |v: &Option<String>| crate::query::text_cell(v.as_deref().unwrap_or(""));
        let protocols: Vec<&str> = index.protocols_of(pos).iter().map(|p| p.as_str()).collect();
        let mut sessions: Vec<String> = Vec::new();
        for l in &c.legs {
            let s = format!("{}:{}", l.protocol.as_str(), l.session);
            if !sessions.contains(&s) {
                sessions.push(s);
            }
        }
        let findings: Vec<&str> = index
            .findings_of(pos)
            .iter()
            .filter_map(|&i| report.findings.get(i as usize))
            .map(|f| f.id.as_str())
            .collect();
        let links: Vec<String> = c.links.iter().map(|l| format!("{}-{}:{}", l.a, l.b, l.rule)).collect();
        let cells = [
            c.id.to_string(),
            format!("{:.6}", c.start),
            format!("{:.6}", c.end),
            format!("{:.3}", c.duration),
            opt(&c.calling),
            opt(&c.called),
            opt(&c.state),
            opt(&c.cause),
            crate::query::text_cell(&protocols.join(" ")),
            c.legs.len().to_string(),
            crate::query::text_cell(&sessions.join(" ")),
            crate::query::text_cell(&findings.join(" ")),
            crate::query::text_cell(&links.join(" ")),
        ];
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(cell);
        }
        out.push_str("\r\n");
    }
    out
}

/// The position in `Report::calls` of the call with this id.
pub fn position(report: &Report, id: u32) -> Option<usize> {
    let guess = (id as usize).checked_sub(1)?;
    if report.calls.get(guess).is_some_and(|c| c.id == id) {
        return Some(guess);
    }
    report.calls.iter().position(|c| c.id == id)
}

/// The message indices of a call, every leg's messages in capture order (at most
/// [`MAX_CALL_MESSAGES`]). Only messages of a leg's session between its first and last frame
/// are looked at, and only those naming the leg's call are decoded.
pub fn messages_of_call(report: &Report, id: u32) -> Vec<u32> {
    let Some(call) = position(report, id).and_then(|p| report.calls.get(p)) else {
        return Vec::new();
    };
    let sessions = sessions_by_id(report);
    let store = &report.messages;
    let mut out: Vec<u32> = Vec::new();
    for leg in &call.legs {
        let Some(sel) = leg_selector(leg, sessions.get(&leg.session).copied()) else {
            continue;
        };
        let mut i = store.first_at_or_after(leg.frames[0]);
        while let Some(e) = store.entry(i) {
            if e.frame > leg.frames[1] || out.len() >= MAX_CALL_MESSAGES {
                break;
            }
            if e.session == leg.session
                && (sel == Selector::Any
                    || store.get(i).and_then(|m| message_selector(&m)) == Some(sel))
            {
                if let Ok(i) = u32::try_from(i) {
                    out.push(i);
                }
            }
            i = i.saturating_add(1);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// One lane of a call ladder: an endpoint the call touched.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Lane {
    /// The host (IP), or `ip:port` when two ends of one session share a host.
    pub address: String,
    /// What it is, from the protocols it speaks (`CUCM`, `CTI application`, `phone SEP…`).
    pub role: String,
    /// Every `ip:port` of the lane seen in the call's sessions.
    pub endpoints: Vec<String>,
}

/// A session of a call, with the lanes of its two ends.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LaneSession {
    /// Session id.
    pub id: u32,
    /// Its protocol.
    pub protocol: Protocol,
    /// Lane (index into `lanes`) of the session's client.
    pub client: usize,
    /// Lane of its server.
    pub server: usize,
}

/// A finding touching a call, as the ladder lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TouchingFinding {
    /// Index into `Report::findings`.
    pub index: u32,
    /// Rule id.
    pub id: String,
    /// Severity.
    pub severity: Severity,
    /// Title.
    pub title: String,
    /// The session it is about.
    pub session: Option<u32>,
}

/// A call with what its ladder needs: the lanes and which lanes each session's messages go
/// between, and the findings touching it.
#[derive(Debug, Clone, Serialize)]
pub struct CallDetail<'a> {
    /// The call as in the report.
    pub call: &'a Call,
    /// Lanes, left to right.
    pub lanes: Vec<Lane>,
    /// The call's sessions.
    pub sessions: Vec<LaneSession>,
    /// Findings touching the call.
    pub findings: Vec<TouchingFinding>,
}

fn host(addr: &str) -> &str {
    addr.rsplit_once(':').map_or(addr, |(h, _)| h)
}

/// The roles of a session's two ends, and their rank (lanes are ordered by it: CTI
/// applications, phones, CUCM, CTI Server, SIP peers).
fn roles(s: &Session) -> ((u8, String), (u8, String)) {
    match &s.info {
        SessionInfo::Ctiqbe(_) => ((0, "CTI application".into()), (2, "CUCM".into())),
        SessionInfo::Sccp(i) => (
            (1, i.device_name.as_deref().map_or_else(|| "phone".to_string(), |d| format!("phone {d}"))),
            (2, "CUCM".into()),
        ),
        SessionInfo::Ged188(_) => ((0, "CTI client".into()), (3, "CTI Server".into())),
        _ => ((4, "SIP peer".into()), (4, "SIP peer".into())),
    }
}

/// A call's detail for its ladder, or `None` when there is no such call.
pub fn detail<'a>(report: &'a Report, index: &CallIndex, id: u32) -> Option<CallDetail<'a>> {
    let pos = position(report, id)?;
    let call = report.calls.get(pos)?;
    let by_id = sessions_by_id(report);
    let mut sessions: Vec<&Session> = Vec::new();
    for l in &call.legs {
        if let Some(s) = by_id.get(&l.session) {
            if !sessions.iter().any(|x| x.id == s.id) {
                sessions.push(s);
            }
        }
    }
    // Lanes by host, unless a session's two ends share one (then by ip:port).
    let by_port = sessions.iter().any(|s| host(&s.client) == host(&s.server));
    let key = |a: &str| if by_port { a.to_string() } else { host(a).to_string() };
    // Known CUCM hosts: a SIP peer there is CUCM too.
    let cucm: Vec<String> = sessions
        .iter()
        .filter(|s| matches!(s.info, SessionInfo::Ctiqbe(_) | SessionInfo::Sccp(_)))
        .map(|s| key(&s.server))
        .collect();
    let mut lanes: Vec<(u8, usize, Lane)> = Vec::new();
    let mut place = |addr: &str, (rank, role): (u8, String)| {
        let k = key(addr);
        let (rank, role) = if rank == 4 && cucm.contains(&k) { (2, "CUCM".to_string()) } else { (rank, role) };
        let order = lanes.len();
        match lanes.iter_mut().find(|(_, _, l)| l.address == k) {
            Some((r, _, l)) => {
                *r = (*r).min(rank);
                if !l.role.split(" / ").any(|x| x == role) {
                    l.role = format!("{} / {role}", l.role);
                }
                if !l.endpoints.iter().any(|e| e == addr) {
                    l.endpoints.push(addr.to_string());
                }
            }
            None => lanes.push((rank, order, Lane { address: k, role, endpoints: vec![addr.to_string()] })),
        }
    };
    for s in &sessions {
        let (c, sv) = roles(s);
        place(&s.client, c);
        place(&s.server, sv);
    }
    lanes.sort_by_key(|&(rank, order, _)| (rank, order));
    let lanes: Vec<Lane> = lanes.into_iter().map(|(_, _, l)| l).collect();
    let lane_of = |a: &str| lanes.iter().position(|l| l.address == key(a)).unwrap_or(0);
    let lane_sessions = sessions
        .iter()
        .map(|s| LaneSession { id: s.id, protocol: s.protocol, client: lane_of(&s.client), server: lane_of(&s.server) })
        .collect();
    let findings = index
        .findings_of(pos)
        .iter()
        .filter_map(|&i| report.findings.get(i as usize).map(|f| (i, f)))
        .map(|(i, f)| TouchingFinding { index: i, id: f.id.clone(), severity: f.severity, title: f.title.clone(), session: f.session })
        .collect();
    Some(CallDetail { call, lanes, sessions: lane_sessions, findings })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    /// The generator's correlated capture (calls across CTIQBE, SCCP and SIP), analyzed.
    fn correlated() -> Report {
        let mut bytes = Vec::new();
        crate::synth::generate::write_profile(&mut bytes, 400_000, 1, crate::synth::generate::Profile::Correlated).unwrap();
        crate::analyze_bytes(&bytes).unwrap()
    }

    #[test]
    fn every_message_of_a_call_leads_back_to_that_call() {
        let r = correlated();
        let index = CallIndex::new(&r);
        let three = r
            .calls
            .iter()
            .find(|c| index.protocols_of(position(&r, c.id).unwrap()).len() == 3)
            .expect("a call in three protocols");
        let msgs = messages_of_call(&r, three.id);
        let mut protocols: Vec<&str> = msgs.iter().map(|&i| r.messages.entry(i as usize).unwrap().protocol.as_str()).collect();
        protocols.sort_unstable();
        protocols.dedup();
        assert_eq!(protocols, ["ctiqbe", "sccp", "sip"]);
        // Every leg contributes, in capture order, and each message names this call.
        assert!(msgs.windows(2).all(|w| w[0] < w[1]));
        for leg in &three.legs {
            assert!(msgs.iter().any(|&i| r.messages.entry(i as usize).unwrap().session == leg.session));
        }
        for &i in &msgs {
            let m = r.messages.get(i as usize).unwrap();
            assert_eq!(index.call_of(&r, &m), Some(three.id), "frame {} {}", m.frame, m.name);
        }
        // And a message of the leg's session that names no call (an SCCP keepalive) has none.
        let unnamed = r.messages.iter().find(|m| m.protocol == Protocol::Sccp && message_selector(m).is_none());
        if let Some(m) = unnamed {
            assert_eq!(index.call_of(&r, &m), None);
        }
    }

    #[test]
    fn calls_of_messages_agree_with_messages_of_calls() {
        let r = correlated();
        let index = CallIndex::new(&r);
        let mut owner: HashMap<u32, u32> = HashMap::new();
        for c in &r.calls {
            for i in messages_of_call(&r, c.id) {
                assert!(owner.insert(i, c.id).is_none(), "message {i} in two calls");
            }
        }
        assert!(owner.len() > r.calls.len() * 10);
        for (i, m) in r.messages.iter().enumerate() {
            assert_eq!(index.call_of(&r, &m), owner.get(&(i as u32)).copied(), "message {i}");
        }
    }

    /// The generator's mixed profile: SIP calls with media, JTAPI sessions and GED-188 agent
    /// desktops (calls by ConnectionCallID) — the selectors of the other protocols.
    #[test]
    fn messages_of_sip_and_ged188_calls_lead_back_to_them() {
        let mut bytes = Vec::new();
        crate::synth::generate::write_capture(&mut bytes, 3 << 20, 4).unwrap();
        let r = crate::analyze_bytes(&bytes).unwrap();
        let index = CallIndex::new(&r);
        for protocol in [Protocol::Ged188, Protocol::Sip, Protocol::Ctiqbe] {
            let calls: Vec<&Call> = r.calls.iter().filter(|c| c.legs.iter().any(|l| l.protocol == protocol)).take(20).collect();
            assert!(!calls.is_empty(), "no {protocol:?} call");
            for c in calls {
                let msgs = messages_of_call(&r, c.id);
                assert!(msgs.iter().any(|&i| r.messages.entry(i as usize).unwrap().protocol == protocol), "call {} has no {protocol:?} message", c.id);
                for &i in &msgs {
                    let m = r.messages.get(i as usize).unwrap();
                    assert_eq!(index.call_of(&r, &m), Some(c.id), "{protocol:?} call {}: frame {} {}", c.id, m.frame, m.name);
                }
            }
        }
    }

    #[test]
    fn filters_sorts_and_facets() {
        let r = correlated();
        let index = CallIndex::new(&r);
        let all = run(&r, &index, &CallQuery::default());
        assert_eq!(all, (0..r.calls.len() as u32).collect::<Vec<_>>());
        let sip = run(&r, &index, &CallQuery { protocol: Some("sip".into()), ..CallQuery::default() });
        // Every call of the correlated capture is seen in the three protocols.
        assert_eq!(sip, all);
        let ged = run(&r, &index, &CallQuery { protocol: Some("ged188".into()), ..CallQuery::default() });
        assert!(ged.is_empty());
        let number = r.calls[0].called.clone().unwrap();
        let by_number = run(&r, &index, &CallQuery { number: Some(number.clone()), ..CallQuery::default() });
        assert!(by_number.contains(&0));
        assert!(by_number.iter().all(|&p| has_number(&r.calls[p as usize], &number)));
        let long = run(&r, &index, &CallQuery { sort: CallSort::Duration, descending: true, ..CallQuery::default() });
        assert!(long.windows(2).all(|w| r.calls[w[0] as usize].duration >= r.calls[w[1] as usize].duration));
        let legs = run(&r, &index, &CallQuery { sort: CallSort::Legs, ..CallQuery::default() });
        assert!(legs.windows(2).all(|w| r.calls[w[0] as usize].legs.len() <= r.calls[w[1] as usize].legs.len()));
        let f = facets(&r, &index);
        assert_eq!(f.protocols.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["ctiqbe", "sccp", "sip"]);
        assert_eq!(f.states.iter().map(|(_, n)| n).sum::<u64>(), r.calls.iter().filter(|c| c.state.is_some()).count() as u64);
        let state = f.states[0].0.clone();
        let in_state = run(&r, &index, &CallQuery { state: Some(state.clone()), ..CallQuery::default() });
        assert_eq!(in_state.len() as u64, f.states[0].1);
        let parsed: CallQuery = serde_json::from_str(r#"{"number":"200","sort":"findings","descending":true}"#).unwrap();
        assert_eq!(parsed.sort, CallSort::Findings);
        assert!(serde_json::from_str::<CallQuery>(r#"{"sort":"nope"}"#).is_err());
        // A call without its SIP leg is left out by the SIP filter.
        let mut r = r;
        r.calls[0].legs.retain(|l| l.protocol != Protocol::Sip);
        let index = CallIndex::new(&r);
        let sip = run(&r, &index, &CallQuery { protocol: Some("sip".into()), ..CallQuery::default() });
        assert_eq!(sip, (1..r.calls.len() as u32).collect::<Vec<_>>());
    }

    #[test]
    fn findings_touch_the_calls_of_their_sessions() {
        let r = correlated();
        let index = CallIndex::new(&r);
        let cti = r.calls.iter().position(|c| c.legs.iter().any(|l| l.protocol == Protocol::Ctiqbe)).unwrap();
        let sessions: Vec<u32> = r.calls[cti].legs.iter().map(|l| l.session).collect();
        let expected = r.findings.iter().filter(|f| f.session.is_some_and(|s| sessions.contains(&s))).count();
        assert!(expected > 0, "the correlated capture's CTI session has findings");
        assert_eq!(CallRow::of(&r, &index, cti).unwrap().findings, expected);
        let d = detail(&r, &index, r.calls[cti].id).unwrap();
        assert_eq!(d.findings.len(), expected);
    }

    #[test]
    fn ladder_lanes_are_the_endpoints_of_every_leg() {
        let r = correlated();
        let index = CallIndex::new(&r);
        let three = r.calls.iter().find(|c| index.protocols_of(position(&r, c.id).unwrap()).len() == 3).unwrap();
        let d = detail(&r, &index, three.id).unwrap();
        let roles: Vec<&str> = d.lanes.iter().map(|l| l.role.as_str()).collect();
        assert_eq!(roles.first(), Some(&"CTI application"), "{roles:?}");
        assert!(roles.iter().any(|r| r.starts_with("phone")), "{roles:?}");
        assert_eq!(roles.iter().filter(|r| **r == "CUCM").count(), 1, "one CUCM lane: {roles:?}");
        assert!(roles.contains(&"SIP peer"), "{roles:?}");
        for s in &d.sessions {
            assert_ne!(s.client, s.server);
            let session = r.sessions.iter().find(|x| x.id == s.id).unwrap();
            assert!(d.lanes[s.client].endpoints.contains(&session.client));
            assert!(d.lanes[s.server].endpoints.contains(&session.server));
        }
        assert!(detail(&r, &index, 0).is_none());
    }

    #[test]
    fn csv_has_a_row_per_call_and_defuses_formulas() {
        let mut r = correlated();
        r.calls[0].calling = Some("=HYPERLINK(\"x\")".into());
        let index = CallIndex::new(&r);
        let text = csv(&r, &index, &[0, 1]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("1,"));
        assert!(lines[1].contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{}", lines[1]);
        assert!(lines[1].contains("ctiqbe sccp sip") || lines[1].contains("sccp"), "{}", lines[1]);
        assert!(lines[2].starts_with("2,"));
        assert_eq!(lines[3], "");
    }
}
