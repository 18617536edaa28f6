//! What a capture gives away, as lists an auditor can act on (`report.inventory`,
//! `docs/report.md`): the CTI servers and how they were reached, the applications, logins,
//! devices, lines, numbers, SIP user agents and SCCP phones, each with how many sessions showed
//! it, when, and the frames/messages to jump to.
//!
//! Built from typed state, not from JSON: each session's decoder info (provider, devices,
//! lines, calls, registration…) and the tagged spans of the kept messages (`Tag::Login`,
//! `Tag::DeviceName`…), which give the message to show. Every source is one `see` call, so a
//! new one (CTIQBE registered devices, say) is a line in `session_sources` or a tag in
//! `list_of_tag`. Lists are capped by `Limits::max_inventory_values`, the references of each
//! entry by [`MAX_REFS`]; a cap reached is a `limits[]` entry like any other.
//!
//! None of the lists hold secrets (passwords, keys, digests are never listed): logins, device
//! names and numbers are shown because they are what the audit is about, and `ctiscope redact`
//! overwrites them (its default tags include every tag read here but `user_agent`).

use foldhash::HashMap;

use serde::Serialize;

use crate::findings::ctx::{self, Ctx};
use crate::firsts::{Firsts, Place};
use crate::limits::Limits;
use crate::model::{CallLeg, Protocol, Tag};
use crate::report::{Fact, LimitHit, Session, SessionInfo};
use crate::store::MessageStore;

/// Frames, messages and session ids kept per entry (every sighting is still counted).
pub const MAX_REFS: usize = 10;
/// Distinct values kept per detail of an entry (`versions: 0x000F0000, 0x000E0000`).
const MAX_DETAIL_VALUES: usize = 8;

/// The lists of `report.inventory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// Server endpoints (`ip:port`) with protocol, TLS or not, versions.
    Servers,
    /// CTI application ids (CTIQBE) and client signatures (GED-188).
    Applications,
    /// Logins: CTIQBE provider users, GED-188 client ids, SIP digest users.
    Logins,
    /// Devices a CTI application opened or named (CTIQBE device names).
    Devices,
    /// Lines: directory numbers of CTIQBE lines and SCCP phones' lines.
    Lines,
    /// Calling, called and redirecting numbers of calls.
    Numbers,
    /// SIP User-Agent / Server headers.
    UserAgents,
    /// SCCP phones (device names) with model and address.
    Phones,
}

const LISTS: [List; 8] = [
    List::Servers,
    List::Applications,
    List::Logins,
    List::Devices,
    List::Lines,
    List::Numbers,
    List::UserAgents,
    List::Phones,
];

/// One value of a list and where it was seen.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The value (`10.1.1.10:2748`, `ivr_jtapi`, `SEP00AABBCCDDEE`, `3001`).
    pub value: String,
    /// What else is known of it (`protocol`, `security`, `versions`, `client version`, `host`,
    /// `model`…), each label once, its values comma-separated.
    pub details: Vec<Fact>,
    /// Sessions that showed it.
    pub sessions: u64,
    /// The first [`MAX_REFS`] of those sessions (lowest ids), in order.
    pub session_ids: Vec<u32>,
    /// Timestamp of the first sighting (a message's time, else its session's first packet).
    pub first_time: Option<f64>,
    /// Timestamp of the last sighting.
    pub last_time: Option<f64>,
    /// The first [`MAX_REFS`] frames it was read from (in capture order: the first sessions'
    /// first sightings), sorted.
    pub frames: Vec<u64>,
    /// The first [`MAX_REFS`] kept messages that carry it (indexes into `messages`).
    pub messages: Vec<usize>,
    /// While the inventory is built: where the sighting being recorded is, and each detail's
    /// first values in capture order with where its label was first met (`details` is made
    /// from them at the end, so it does not depend on the order sessions come in).
    #[serde(skip)]
    at: Place,
    #[serde(skip)]
    facts: Vec<(Place, &'static str, Firsts<String>)>,
}

/// `report.inventory`: what the capture gives away.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// Server endpoints.
    pub servers: Vec<Item>,
    /// Applications.
    pub applications: Vec<Item>,
    /// Logins.
    pub logins: Vec<Item>,
    /// Devices.
    pub devices: Vec<Item>,
    /// Lines (directory numbers).
    pub lines: Vec<Item>,
    /// Numbers dialled or calling.
    pub numbers: Vec<Item>,
    /// SIP user agents.
    pub user_agents: Vec<Item>,
    /// SCCP phones.
    pub phones: Vec<Item>,
}

impl Inventory {
    /// The list `l`.
    pub fn list(&self, l: List) -> &[Item] {
        match l {
            List::Servers => &self.servers,
            List::Applications => &self.applications,
            List::Logins => &self.logins,
            List::Devices => &self.devices,
            List::Lines => &self.lines,
            List::Numbers => &self.numbers,
            List::UserAgents => &self.user_agents,
            List::Phones => &self.phones,
        }
    }

    fn list_mut(&mut self, l: List) -> &mut Vec<Item> {
        match l {
            List::Servers => &mut self.servers,
            List::Applications => &mut self.applications,
            List::Logins => &mut self.logins,
            List::Devices => &mut self.devices,
            List::Lines => &mut self.lines,
            List::Numbers => &mut self.numbers,
            List::UserAgents => &mut self.user_agents,
            List::Phones => &mut self.phones,
        }
    }

    /// Every list with its name in the report (`servers`, `user_agents`…).
    pub fn lists(&self) -> impl Iterator<Item = (&'static str, &[Item])> {
        LISTS.into_iter().map(|l| (l.name(), self.list(l)))
    }
}

impl List {
    /// The list's name in the report.
    pub fn name(self) -> &'static str {
        match self {
            List::Servers => "servers",
            List::Applications => "applications",
            List::Logins => "logins",
            List::Devices => "devices",
            List::Lines => "lines",
            List::Numbers => "numbers",
            List::UserAgents => "user_agents",
            List::Phones => "phones",
        }
    }
}

/// Where a value was seen: a message (frame, index, time) or a session as a whole.
#[derive(Debug, Clone, Copy, Default)]
struct At {
    frame: Option<u64>,
    message: Option<usize>,
    time: Option<f64>,
}

/// Builds the inventory session by session.
struct Builder {
    inv: Inventory,
    /// Each list's values to their entries, one map a list (looked up by `&str`, without
    /// making a key), hashed with foldhash: the inventory sees every tagged value of every
    /// kept message, and SipHash was most of that.
    index: [HashMap<String, usize>; LISTS.len()],
    /// The session last counted in each entry (sightings of one session are consecutive).
    last_session: HashMap<(List, usize), u32>,
    /// Per list, per entry: where it was first met and its first frames and messages (in
    /// capture order, whatever order the sessions come in: [`crate::firsts`]).
    refs: [Vec<Refs>; LISTS.len()],
    /// Sightings so far: orders the sightings of one session.
    seen: u64,
    max: usize,
    not_listed: u64,
}

/// An entry's earliest sighting and first references.
struct Refs {
    first: Place,
    frames: Firsts<u64>,
    messages: Firsts<usize>,
}

impl Builder {
    /// Records one sighting of `value` in `list` by session `s`; returns the entry (none when
    /// the value is empty or the list is full).
    fn see(&mut self, list: List, value: &str, s: &Session, at: At) -> Option<&mut Item> {
        let value = value.trim();
        if value.is_empty() || value == "0" {
            return None;
        }
        let slot = LISTS.iter().position(|l| *l == list)?;
        let i = match self.index.get(slot).and_then(|m| m.get(value)) {
            Some(&i) => i,
            None => {
                let items = self.inv.list_mut(list);
                if items.len() >= self.max {
                    self.not_listed = self.not_listed.saturating_add(1);
                    return None;
                }
                items.push(Item {
                    value: value.to_string(),
                    details: Vec::new(),
                    sessions: 0,
                    session_ids: Vec::new(),
                    first_time: None,
                    last_time: None,
                    frames: Vec::new(),
                    messages: Vec::new(),
                    at: (0, 0),
                    facts: Vec::new(),
                });
                let i = items.len().saturating_sub(1);
                if let Some(refs) = self.refs.get_mut(slot) {
                    refs.push(Refs {
                        first: (u32::MAX, u64::MAX),
                        frames: Firsts::new(MAX_REFS),
                        messages: Firsts::new(MAX_REFS),
                    });
                }
                if let Some(m) = self.index.get_mut(slot) {
                    m.insert(value.to_string(), i);
                }
                i
            }
        };
        let new_session = self.last_session.insert((list, i), s.id) != Some(s.id);
        self.seen = self.seen.saturating_add(1);
        let place: Place = (s.id, self.seen);
        if let Some(r) = self.refs.get_mut(slot).and_then(|r| r.get_mut(i)) {
            r.first = r.first.min(place);
            if let Some(f) = at.frame {
                r.frames.see(&f, place, |f| *f);
            }
            if let Some(m) = at.message {
                r.messages.see(&m, place, |m| *m);
            }
        }
        let item = self.inv.list_mut(list).get_mut(i)?;
        item.at = place;
        if new_session {
            item.sessions = item.sessions.saturating_add(1);
            // Its first sessions by id, in order: sessions come in the order their flows ended.
            if let Err(at) = item.session_ids.binary_search(&s.id) {
                if at < MAX_REFS {
                    item.session_ids.insert(at, s.id);
                    item.session_ids.truncate(MAX_REFS);
                }
            }
        }
        if let Some(t) = at.time {
            item.first_time = Some(item.first_time.map_or(t, |f| f.min(t)));
            item.last_time = Some(item.last_time.map_or(t, |l| l.max(t)));
        }
        Some(item)
    }
}

/// Adds `value` to the entry's detail `label` (each label once, values comma-separated).
fn detail(item: Option<&mut Item>, label: &'static str, value: &str) {
    let (Some(item), value) = (item, value.trim()) else {
        return;
    };
    if value.is_empty() {
        return;
    }
    let at = item.at;
    match item.facts.iter_mut().find(|(_, l, _)| *l == label) {
        Some((first, _, values)) => {
            *first = (*first).min(at);
            values.see(value, at, str::to_string);
        }
        None => {
            let mut values = Firsts::new(MAX_DETAIL_VALUES);
            values.see(value, at, str::to_string);
            item.facts.push((at, label, values));
        }
    }
}

/// An entry's details from its facts: labels in the order first met, each label's first
/// values comma-separated.
fn settle_details(item: &mut Item) {
    let mut facts = std::mem::take(&mut item.facts);
    facts.sort_by_key(|(at, _, _)| *at);
    item.details = facts
        .into_iter()
        .map(|(_, label, values)| Fact::new(label, values.into_sorted().join(", ")))
        .collect();
}

/// The tags [`list_of_tag`] lists.
const LISTED_TAGS: &[Tag] = &[
    Tag::Login,
    Tag::ApplicationId,
    Tag::DeviceName,
    Tag::DirectoryNumber,
    Tag::CallingNumber,
    Tag::CalledNumber,
    Tag::UserAgent,
];

/// The list a tagged span's value belongs to, in a session of `protocol`.
fn list_of_tag(tag: Tag, protocol: Protocol) -> Option<List> {
    Some(match tag {
        Tag::Login => List::Logins,
        Tag::ApplicationId => List::Applications,
        Tag::DeviceName if protocol == Protocol::Sccp => List::Phones,
        Tag::DeviceName => List::Devices,
        Tag::DirectoryNumber => List::Lines,
        Tag::CallingNumber | Tag::CalledNumber => List::Numbers,
        Tag::UserAgent => List::UserAgents,
        _ => return None,
    })
}

/// The numbers of a call leg.
fn leg_numbers(l: &CallLeg) -> impl Iterator<Item = &str> {
    [&l.calling, &l.called]
        .into_iter()
        .chain(l.redirecting.iter())
        .filter_map(|p| p.number.as_deref())
}

/// What a session's typed info establishes (every source of the inventory but the spans).
fn session_sources(b: &mut Builder, s: &Session, at: At) {
    // A server's frame is its session's first (the connection, when its SYN was captured).
    let first = At {
        frame: Some(s.first_frame),
        ..at
    };
    let server = b.see(List::Servers, &s.server, s, first);
    let security = if s.encrypted { "TLS" } else { "plaintext" };
    if let Some(item) = server {
        detail(Some(&mut *item), "protocol", s.protocol.as_str());
        detail(Some(&mut *item), "security", security);
    }
    let version = |b: &mut Builder, v: &str| {
        let item = b.see(List::Servers, &s.server, s, At::default());
        detail(item, "versions", v);
    };
    match &s.info {
        SessionInfo::Ctiqbe(i) => {
            for v in &i.protocol_versions.to_client {
                version(b, v);
            }
            let p = &i.provider;
            if let Some(app) = &p.application_id {
                let item = b.see(List::Applications, app, s, at);
                if let Some(item) = item {
                    detail(Some(&mut *item), "client version", p.client_version.as_deref().unwrap_or(""));
                    detail(Some(&mut *item), "host", p.host.as_deref().unwrap_or(ctx::host(&s.client)));
                    detail(Some(&mut *item), "server", &s.server);
                }
            }
            for login in [&p.login, &p.login_user_name].into_iter().flatten() {
                let item = b.see(List::Logins, login, s, at);
                detail(item, "server", &s.server);
            }
            for d in &i.devices {
                let item = b.see(List::Devices, &d.name, s, at);
                detail(item, "type", d.type_name.as_deref().unwrap_or(""));
            }
            for l in &i.lines {
                let item = b.see(List::Lines, &l.dn, s, at);
                if let Some(item) = item {
                    detail(Some(&mut *item), "partition", &l.partition);
                    detail(Some(&mut *item), "device", l.device.as_deref().unwrap_or(""));
                }
            }
            // Devices the server said registered or unregistered (DeviceRegisteredEvent /
            // DeviceUnregisteredEvent, ctiqbe-wire-2): their address, model and Extension
            // Mobility user are what an observer learns of the phones themselves.
            for d in &i.registered_devices {
                let seen = At {
                    frame: d.frames.first().copied(),
                    ..at
                };
                if let Some(item) = b.see(List::Devices, &d.name, s, seen) {
                    detail(Some(&mut *item), "address", d.ipv4.as_deref().unwrap_or(""));
                    detail(Some(&mut *item), "model", d.model.as_deref().unwrap_or(""));
                    detail(Some(&mut *item), "Extension Mobility user", d.em_user.as_deref().unwrap_or(""));
                    detail(Some(&mut *item), "registration", d.state);
                }
                for line in &d.lines {
                    let item = b.see(List::Lines, line, s, seen);
                    detail(item, "device", &d.name);
                }
                // An Extension Mobility user is a CUCM end user's login, logged in on this phone.
                if let Some(user) = &d.em_user {
                    let item = b.see(List::Logins, user, s, seen);
                    detail(item, "Extension Mobility on", &d.name);
                }
            }
            for c in &i.calls {
                let seen = At {
                    frame: Some(c.first_frame),
                    ..at
                };
                for n in [&c.calling, &c.called, &c.original_called].into_iter().flatten() {
                    b.see(List::Numbers, n, s, seen);
                }
            }
        }
        SessionInfo::Tls(i) => {
            if let Some(v) = &i.version {
                version(b, v);
            }
        }
        SessionInfo::Ged188(i) => {
            if let Some(v) = i.version {
                version(b, &v.to_string());
            }
            if let Some(sig) = &i.client_signature {
                let item = b.see(List::Applications, sig, s, at);
                if let Some(item) = item {
                    detail(Some(&mut *item), "host", ctx::host(&s.client));
                    detail(Some(&mut *item), "server", &s.server);
                }
            }
            if let Some(id) = &i.client_id {
                let item = b.see(List::Logins, id, s, at);
                detail(item, "server", &s.server);
            }
            for c in &i.calls {
                let seen = At {
                    frame: Some(c.leg.first_frame),
                    time: Some(c.leg.first_time),
                    ..at
                };
                for n in leg_numbers(&c.leg).chain(c.dialed_number.as_deref()) {
                    b.see(List::Numbers, n, s, seen);
                }
            }
        }
        SessionInfo::Sip(i) => {
            for ua in &i.user_agents {
                b.see(List::UserAgents, ua, s, at);
            }
            for a in &i.auth {
                if let Some(user) = &a.user {
                    let seen = At {
                        frame: Some(a.frame),
                        ..at
                    };
                    let item = b.see(List::Logins, user, s, seen);
                    detail(item, "realm", a.realm.as_deref().unwrap_or(""));
                }
            }
            for l in &i.calls {
                let seen = At {
                    frame: Some(l.first_frame),
                    time: Some(l.first_time),
                    ..at
                };
                for n in leg_numbers(l) {
                    b.see(List::Numbers, n, s, seen);
                }
            }
        }
        SessionInfo::Sccp(i) => {
            if let Some(v) = i.protocol_version {
                version(b, &v.to_string());
            }
            if let Some(name) = &i.device_name {
                let seen = At {
                    frame: i.register_frame,
                    ..at
                };
                let item = b.see(List::Phones, name, s, seen);
                if let Some(item) = item {
                    detail(Some(&mut *item), "model", i.device_model.unwrap_or(""));
                    detail(Some(&mut *item), "address", i.phone_ip.as_deref().unwrap_or(""));
                    detail(Some(&mut *item), "server", &s.server);
                }
            }
            for l in &i.lines {
                if let Some(dn) = &l.directory_number {
                    let seen = At {
                        frame: Some(l.frame),
                        ..at
                    };
                    let item = b.see(List::Lines, dn, s, seen);
                    detail(item, "device", i.device_name.as_deref().unwrap_or(""));
                }
            }
            for c in &i.calls {
                let seen = At {
                    frame: Some(c.leg.first_frame),
                    time: Some(c.leg.first_time),
                    ..at
                };
                for n in leg_numbers(&c.leg) {
                    b.see(List::Numbers, n, s, seen);
                }
            }
        }
        SessionInfo::Pending => {}
    }
}

/// The inventory being built, batch by batch of sessions (`crate::findings::Findings` feeds it
/// as sessions end); its memory is its lists, capped.
#[doc(hidden)]
pub struct Inventorist {
    b: Builder,
}

impl Inventorist {
    pub fn new(limits: &Limits) -> Inventorist {
        Inventorist {
            b: Builder {
                inv: Inventory::default(),
                index: Default::default(),
                last_session: HashMap::default(),
                refs: Default::default(),
                seen: 0,
                max: limits.max_inventory_values,
                not_listed: 0,
            },
        }
    }

    /// Every session of a batch (read through the findings' context, which reads the kept
    /// messages by session).
    pub fn feed(&mut self, cx: &Ctx<'_>) {
        let b = &mut self.b;
        for s in cx.report.sessions {
            // A session as a whole: its time; a frame only where the info says which (a call's
            // first frame, a registration), since the session's first frame is often a bare SYN.
            let at = At {
                frame: None,
                message: None,
                time: cx.flow(s.flow).map(|f| f.first_time),
            };
            session_sources(b, s, at);
            // The kept messages that carry a listed value (plaintext sessions only: a TLS
            // session's messages are records).
            if s.encrypted {
                continue;
            }
            // Tagged values only: the field trees are not built (`Ctx::tagged_where`).
            for (i, e, values) in cx.tagged_where(s.id, MessageStore::may_carry_tags, LISTED_TAGS) {
                for t in values {
                    let Some(list) = list_of_tag(t.tag, s.protocol) else {
                        continue;
                    };
                    let at = At {
                        frame: Some(e.frame),
                        message: Some(i),
                        time: Some(e.time()),
                    };
                    b.see(list, &t.value, s, at);
                }
            }
        }
    }

    /// The inventory, and the cap reached, if any.
    pub fn finish(self) -> (Inventory, Option<LimitHit>) {
        let mut b = self.b;
        for (l, refs) in LISTS.into_iter().zip(std::mem::take(&mut b.refs)) {
            let items = std::mem::take(b.inv.list_mut(l));
            let mut placed: Vec<(Place, Item)> = items
                .into_iter()
                .zip(refs)
                .map(|(mut it, r)| {
                    settle_details(&mut it);
                    it.frames = r.frames.into_sorted();
                    it.frames.sort_unstable();
                    it.messages = r.messages.into_sorted();
                    it.messages.sort_unstable();
                    (r.first, it)
                })
                .collect();
            // In the order they were first met in the capture.
            placed.sort_by_key(|(p, _)| *p);
            *b.inv.list_mut(l) = placed.into_iter().map(|(_, it)| it).collect();
        }
        let hit = (b.not_listed > 0).then(|| LimitHit {
            limit: "max_inventory_values".into(),
            value: b.max as u64,
            count: b.not_listed,
            detail: format!(
                "{} sightings of values were not listed in the inventory (a list was full)",
                b.not_listed
            ),
        });
        (b.inv, hit)
    }
}

/// Builds the inventory of a finished report (one batch of every session); the cap reached,
/// if any.
#[doc(hidden)]
pub fn build(cx: &Ctx<'_>, limits: &Limits) -> (Inventory, Option<LimitHit>) {
    let mut i = Inventorist::new(limits);
    i.feed(cx);
    i.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn details_keep_each_value_once() {
        let mut item = Item {
            value: "x".into(),
            details: Vec::new(),
            sessions: 0,
            session_ids: Vec::new(),
            first_time: None,
            last_time: None,
            frames: Vec::new(),
            messages: Vec::new(),
            at: (0, 0),
            facts: Vec::new(),
        };
        for (i, v) in ["a", "b", "a", "", "c"].into_iter().enumerate() {
            item.at = (1, i as u64);
            detail(Some(&mut item), "versions", v);
        }
        settle_details(&mut item);
        assert_eq!(item.details, vec![Fact::new("versions", "a, b, c")]);
    }

    #[test]
    fn tags_go_to_their_lists() {
        assert_eq!(list_of_tag(Tag::DeviceName, Protocol::Sccp), Some(List::Phones));
        assert_eq!(list_of_tag(Tag::DeviceName, Protocol::Ctiqbe), Some(List::Devices));
        assert_eq!(list_of_tag(Tag::PasswordBlob, Protocol::Ctiqbe), None);
        assert_eq!(list_of_tag(Tag::Password, Protocol::Ged188), None);
        assert_eq!(list_of_tag(Tag::DigestResponse, Protocol::Sip), None);
        // Every tag the inventory reads has a list, and every one of them but the user agent is
        // overwritten by a default redaction (the module doc says so).
        for tag in LISTED_TAGS.iter().filter(|t| **t != Tag::UserAgent) {
            assert!(crate::redact::DEFAULT_TAGS.contains(tag), "{tag:?}");
        }
        for tag in LISTED_TAGS {
            assert!(list_of_tag(*tag, Protocol::Ctiqbe).is_some(), "{tag:?}");
        }
    }
}
