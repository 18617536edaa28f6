//! What every rule reads: a batch of the report's sessions with their flows, events and the
//! kept messages, and the small helpers that turn a decoded value (a message span) into
//! [`Evidence`] and evidence into a [`Finding`]. Rules never look at raw bytes except through a
//! message's spans.

use serde_json::Value;

use crate::model::{Event, Message, Protocol, Span, Tag, TaggedValue};
use crate::proto::registry;
use crate::report::{Evidence, Finding, FlowSummary, Report, Session, Severity};
use crate::store::{Entry, MessageStore};

/// The part of the report a batch of the findings covers: sessions whose flows ended (in id
/// order), those flows (in id order), the events of those sessions, and every kept message
/// (messages are read by session through the store's chains). The field names are the
/// report's, so a rule reads `cx.report.sessions` whether it is given the whole report or a
/// batch.
#[derive(Clone, Copy)]
pub struct View<'r> {
    pub sessions: &'r [Session],
    pub flows: &'r [FlowSummary],
    pub events: &'r [Event],
    pub messages: &'r MessageStore,
}

impl<'r> View<'r> {
    /// The whole of a finished report as one batch.
    pub fn of(report: &'r Report) -> View<'r> {
        View {
            sessions: &report.sessions,
            flows: &report.flows,
            events: &report.events,
            messages: &report.messages,
        }
    }

    /// Session `id` of the batch.
    pub fn session(&self, id: u32) -> Option<&'r Session> {
        let sessions = self.sessions;
        sessions
            .binary_search_by_key(&id, |s| s.id)
            .ok()
            .and_then(|i| sessions.get(i))
    }

    /// Flow `id` of the batch (flows are in id order: a search, not a scan, for a capture of
    /// hours has hundreds of thousands of flows).
    pub fn flow(&self, id: u32) -> Option<&'r FlowSummary> {
        let flows = self.flows;
        flows
            .binary_search_by_key(&id, |f| f.id)
            .ok()
            .and_then(|i| flows.get(i))
    }
}

pub struct Ctx<'r> {
    pub report: View<'r>,
}

impl<'r> Ctx<'r> {
    /// The store chains each session's messages ([`crate::store::MessageStore::session_entries`]),
    /// so there is no index per message to build here.
    pub fn new(view: View<'r>) -> Ctx<'r> {
        Ctx { report: view }
    }

    /// The kept messages of a session, in capture order, with their index in the report;
    /// only those whose entry passes `keep` are decoded (messages are kept compact, see
    /// [`crate::store`], and decoding is the expensive part).
    pub fn messages_where(
        &self,
        session: u32,
        keep: impl Fn(&Entry) -> bool + 'r,
    ) -> impl Iterator<Item = (usize, Message)> + '_ {
        let store = self.report.messages;
        store
            .session_entries(session)
            .filter(move |(_, e)| keep(e))
            .filter_map(move |(i, _)| store.get(i).map(|m| (i, m)))
    }

    /// The values tagged with one of `wanted` of a session's kept messages whose entry passes
    /// `keep`, in capture order, with each message's index and entry: what a message's spans
    /// and [`span_value`] give, read through the protocol's cheaper reader where it has one
    /// ([`crate::proto::registry::Codec::tags`]), so a walk over every tagged value of a
    /// capture (the inventory) does not build every message's field tree.
    pub fn tagged_where(
        &self,
        session: u32,
        keep: impl Fn(&Entry) -> bool + 'r,
        wanted: &'static [Tag],
    ) -> impl Iterator<Item = (usize, Entry, Vec<TaggedValue>)> + '_ {
        let store = self.report.messages;
        self.entries(session)
            .filter(move |(_, e)| keep(e))
            .filter_map(move |(i, e)| tagged_values(store, i, &e, wanted).map(|t| (i, e, t)))
    }

    /// The tagged values of kept message `i` (entry `e`), as [`Ctx::tagged_where`] reads them.
    pub fn tagged_at(&self, i: usize, e: &Entry, wanted: &'static [Tag]) -> Option<Vec<TaggedValue>> {
        tagged_values(self.report.messages, i, e, wanted)
    }

    /// Every kept message of a session, decoded one by one.
    pub fn messages(&self, session: u32) -> impl Iterator<Item = (usize, Message)> + '_ {
        self.messages_where(session, |_| true)
    }

    /// The entries of a session's kept messages (no decoding).
    pub fn entries(&self, session: u32) -> impl Iterator<Item = (usize, Entry)> + 'r {
        self.report.messages.session_entries(session)
    }

    /// CTIQBE sessions on a plaintext channel (every CTIQBE session today: CTIQBE inside TLS
    /// is not decoded, so such sessions are TLS sessions).
    pub fn plaintext_ctiqbe(&self) -> impl Iterator<Item = &'r Session> {
        self.report
            .sessions
            .iter()
            .filter(|s| s.protocol == Protocol::Ctiqbe && !s.encrypted)
    }

    /// GED-188 (CTI Server) sessions: always plaintext (no implementation speaks TLS, spec §1).
    pub fn ged188(&self) -> impl Iterator<Item = (&'r Session, &'r crate::proto::ged188::SessionInfo)> {
        self.report
            .sessions
            .iter()
            .filter(|s| s.protocol == Protocol::Ged188 && !s.encrypted)
            .filter_map(|s| s.info.ged188().map(|i| (s, i)))
    }

    /// Flow `id`, when it is one of the batch's.
    pub fn flow(&self, id: u32) -> Option<&'r FlowSummary> {
        self.report.flow(id)
    }
}

/// The port of an `ip:port` / `[v6]:port` address.
pub fn port(addr: &str) -> Option<u16> {
    addr.rsplit(':').next()?.parse().ok()
}

/// The host part of an `ip:port` / `[v6]:port` address.
pub fn host(addr: &str) -> &str {
    addr.rsplit_once(':').map_or(addr, |(h, _)| h)
}

/// A field of a message by dotted path (`lineInfo.0.name`); a span path's `@data` suffix is
/// ignored.
pub fn field<'m>(m: &'m Message, path: &str) -> Option<&'m Value> {
    field_in(&m.fields, path)
}

/// [`field`] in a field tree.
pub fn field_in<'m>(fields: &'m serde_json::Map<String, Value>, path: &str) -> Option<&'m Value> {
    let path = path.strip_suffix("@data").unwrap_or(path);
    let mut parts = path.split('.');
    let mut v = fields.get(parts.next()?)?;
    for p in parts {
        v = match v {
            Value::Object(o) => o.get(p)?,
            Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// A field value as the evidence shows it (strings unquoted).
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// The readable value of a tagged span: IPv4 addresses are carried as little-endian u32.
pub fn span_value(m: &Message, s: &Span) -> Option<String> {
    span_value_in(&m.fields, s)
}

/// [`span_value`] in a field tree.
pub fn span_value_in(fields: &serde_json::Map<String, Value>, s: &Span) -> Option<String> {
    let v = field_in(fields, &s.path)?;
    let t = match (s.tag, v) {
        (Some(Tag::IpAddress), Value::Number(n)) => {
            let b = u32::try_from(n.as_u64()?).ok()?.to_le_bytes();
            format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
        }
        _ => text(v),
    };
    (!t.is_empty() && t != "0").then_some(t)
}

/// The tagged values of kept message `i` (entry `e`): from the codec's reader when it has one
/// and it can read this message, else from the whole decode's spans.
fn tagged_values(store: &MessageStore, i: usize, e: &Entry, wanted: &'static [Tag]) -> Option<Vec<TaggedValue>> {
    let reader = registry::of(e.protocol)
        .and_then(|r| r.codec.as_ref())
        .and_then(|c| c.tags);
    if let (Some(read), Some(raw)) = (reader, store.raw(i)) {
        if let Some(values) = read(e, &raw, wanted) {
            return Some(values);
        }
    }
    let m = store.get(i)?;
    let mut values = spans_tagged(&m.fields, &m.spans);
    values.retain(|t| wanted.contains(&t.tag));
    Some(values)
}

/// The tagged values of a decoded message (its field tree and spans).
pub fn spans_tagged(fields: &serde_json::Map<String, Value>, spans: &[Span]) -> Vec<TaggedValue> {
    spans
        .iter()
        .filter_map(|s| {
            Some(TaggedValue {
                tag: s.tag?,
                start: s.start,
                end: s.end,
                value: span_value_in(fields, s)?,
            })
        })
        .collect()
}

pub use crate::proto::ctiqbe::decode::unhex;

/// Seconds since the epoch of a message's capture time.
pub fn secs(m: &Message) -> i64 {
    m.time as i64
}

/// Shows the first and last character of a secret only (`P**********I`).
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    match chars.as_slice() {
        [] => String::new(),
        [_] | [_, _] => "*".repeat(chars.len()),
        [first, middle @ .., last] => format!("{first}{}{last}", "*".repeat(middle.len())),
    }
}

/// Evidence located by a span of message `idx`.
pub fn at_span(
    idx: usize,
    m: &Message,
    s: &Span,
    label: &str,
    value: String,
    masked: bool,
) -> Evidence {
    Evidence {
        label: label.into(),
        value,
        masked,
        frame: m.frame,
        message: Some(idx),
        start: s.start,
        end: s.end,
    }
}

/// Evidence for a field of message `idx`: its referenced data (`path@data`) when it has any,
/// else its slot, else the whole message.
pub fn at_field(
    idx: usize,
    m: &Message,
    path: &str,
    label: &str,
    value: String,
    masked: bool,
) -> Evidence {
    let data = format!("{path}@data");
    let s = m
        .spans
        .iter()
        .find(|s| s.path == data)
        .or_else(|| m.spans.iter().find(|s| s.path == path));
    match s {
        Some(s) => at_span(idx, m, s, label, value, masked),
        None => whole(idx, m, label, value),
    }
}

/// Evidence that is a whole message.
pub fn whole(idx: usize, m: &Message, label: &str, value: String) -> Evidence {
    whole_at(idx, m.frame, m.len, label, value)
}

/// Evidence that is a whole message, from its entry (no decoding).
pub fn whole_entry(idx: usize, e: &Entry, label: &str, value: String) -> Evidence {
    whole_at(idx, e.frame, e.len, label, value)
}

fn whole_at(idx: usize, frame: u64, len: u32, label: &str, value: String) -> Evidence {
    Evidence {
        label: label.into(),
        value,
        masked: false,
        frame,
        message: Some(idx),
        start: 0,
        end: len,
    }
}

/// Evidence that is not a message's bytes (a flow, an event).
pub fn at_frame(frame: u64, label: &str, value: String) -> Evidence {
    Evidence {
        label: label.into(),
        value,
        masked: false,
        frame,
        message: None,
        start: 0,
        end: 0,
    }
}

/// The parts of a finding a rule decides; `build` adds the frames from the evidence.
pub struct Draft<'a> {
    pub id: &'static str,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub session: Option<u32>,
    pub evidence: Vec<Evidence>,
    pub remediation: &'static str,
    pub references: &'a [&'static str],
}

impl Draft<'_> {
    pub fn build(self) -> Finding {
        let mut frames: Vec<u64> = self.evidence.iter().map(|e| e.frame).collect();
        frames.sort_unstable();
        frames.dedup();
        Finding {
            id: self.id.into(),
            severity: self.severity,
            title: self.title,
            detail: self.detail,
            session: self.session,
            frames,
            evidence: self.evidence,
            remediation: std::borrow::Cow::Borrowed(self.remediation),
            references: self.references.iter().map(|&r| std::borrow::Cow::Borrowed(r)).collect(),
            server: None,
            value: None,
            values: Default::default(),
            sessions: 0,
            session_ids: Vec::new(),
            clients: Default::default(),
            first_time: None,
            last_time: None,
            covers: Vec::new(),
            sources: Vec::new(),
        }
    }
}

/// `a, b, c and 3 more`.
pub fn list(items: &[String], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let more = items.len().saturating_sub(max);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// [`list`] of `count` items of which only the first are at hand (`named`, at least `max` of
/// them or all): what a rule that keeps the first values of many says.
pub fn list_counted(named: &[String], count: usize, max: usize) -> String {
    let shown: Vec<&str> = named.iter().take(max).map(String::as_str).collect();
    match count.saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// References shared by several rules (public documents named in the evidence dossier).
pub mod refs {
    pub const SECURITY_GUIDE: &str =
        "Cisco Unified Communications Manager Security Guide: \"Authentication and Encryption Setup for CTI, JTAPI, and TAPI\"";
    pub const JTAPI_GUIDE: &str =
        "Cisco Unified JTAPI Developers Guide (Release 15): secure (TLS) connection to CTI Manager";
    pub const TAPI_SRTP: &str = "Cisco Unified TAPI Developers Guide (Release 15): SRTP keys are delivered only over a TLS link";
    pub const TECH_NOTE_212107: &str = "Cisco TAC Tech Note 212107: CTI Manager Call Flow for Jabber Deskphone Control (password decryption on port 2748)";
    pub const ASA_CTIQBE: &str =
        "Cisco ASA configuration guide: CTIQBE inspection (inspect ctiqbe)";
    pub const CVE_2008_2061: &str =
        "CVE-2008-2061 (CTIManager DoS via malformed traffic to TCP 2748)";
    pub const CVE_2010_0592: &str =
        "CVE-2010-0592 / CSCsu31800 (CTIManager DoS via a malformed message)";
    pub const ALARMS: &str = "CUCM alarm catalog, UC_CTI: kCtiIllegalQbeHeader, kCtiQbeLengthMisMatch, kCtiInvalidQbeSizeAndOffsets, kCtiQbeMessageTooLong, InvalidQBEMessage";
    pub const LOGIN_ALARMS: &str = "CUCM alarm catalog, UC_CTI: CtiProviderOpenFailure, kCtiDirectoryLoginFailure (0x8CCC… reason codes)";
    pub const RFC_8996: &str = "RFC 8996: Deprecating TLS 1.0 and TLS 1.1";
    pub const BCP_195: &str = "RFC 9325 (BCP 195): Recommendations for Secure Use of TLS";
    pub const NIST_800_52: &str = "NIST SP 800-52 Rev. 2: Guidelines for TLS Implementations";
    pub const CTI_SERVER_GUIDE: &str = "Cisco CTI Server Message Reference Guide (Protocol Version 24): OPEN_REQ ClientID/ClientPassword, SET_AGENT_STATE_REQ AgentPassword, call data fields";
    pub const GED188_SPEC: &str = "ctiscope GED-188 decoder specification (shared/protocol/ged188.md) §13: where secrets and personal data travel";
    pub const PCI_DSS_4_2: &str = "PCI DSS v4.0 requirement 4.2.1: strong cryptography for cardholder data over open, public networks";
    pub const RFC_3261: &str = "RFC 3261 §26: SIP security considerations (eavesdropping, registration hijacking; TLS/SIPS)";
    pub const RFC_8760: &str = "RFC 8760: SIP digest access authentication (offline dictionary attacks on captured responses)";
    pub const CUCM_SIP_SECURITY: &str = "Cisco Unified Communications Manager Security Guide: \"Encryption Setup for Phones\" and \"SIP Trunk Security Profile\" (TLS transport, SRTP)";
    pub const CUCM_PHONE_SECURITY: &str = "Cisco Unified Communications Manager Security Guide: phone security profiles (encrypted SCCP on TCP 2443, authentication by LSC/MIC)";
    pub const CERT_ALARMS: &str = "CUCM alarm catalog, UC_CTI: CtiProviderClosePeerCertExpired / CtiProviderPeerCertExpireSoon";
}

/// Remediation shared by the plaintext-channel rules.
pub const MOVE_TO_TLS: &str = "Enable CTI over TLS (TCP 2749): put the cluster in mixed mode, issue each JTAPI/TSP \
application a CAPF application certificate (LSC), enable security in the JTAPI/TSP plug-in, and check the \
application user's \"Enable CTI Application Use\" / secure connection settings; once every application connects on \
2749, restrict TCP 2748 on CTI Manager nodes with an ACL (or firewall) to the applications that still need it, then block it.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_the_ends() {
        assert_eq!(mask("Pa55w0rd-CTI"), "P**********I");
        assert_eq!(mask("ab"), "**");
        assert_eq!(mask("x"), "*");
        assert_eq!(mask(""), "");
        assert_eq!(mask("1234#"), "1***#");
    }

    #[test]
    fn unhex_reads_both_cases_and_rejects_the_rest() {
        assert_eq!(unhex("00ff7Fa0"), Some(vec![0x00, 0xff, 0x7f, 0xa0]));
        assert_eq!(unhex(""), Some(vec![]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("+1"), None);
        assert_eq!(unhex("é1"), None);
    }

    #[test]
    fn addresses() {
        assert_eq!(port("10.1.1.10:2748"), Some(2748));
        assert_eq!(port("[::1]:2749"), Some(2749));
        assert_eq!(host("[::1]:2749"), "[::1]");
        assert_eq!(host("10.1.1.10:2748"), "10.1.1.10");
    }
}
