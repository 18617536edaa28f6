//! Security findings: small rules over the finished report's flows, sessions, messages and
//! events (never over raw bytes again). Each rule is a pure function in its own file,
//! `fn check(&Ctx) -> Vec<Finding>`, with its positive and negative tests at the bottom;
//! `docs/findings.md` documents every rule (id, severity, trigger, evidence, remediation,
//! references).
//!
//! Evidence points at decoded values: the frame, the message (index into
//! `Report::messages`) and the byte range of the value within that message, so the page can
//! highlight it. Secrets are masked (first and last character only, `Evidence::masked`).
//!
//! Rules push their findings into a [`Collector`], which groups them as they come: a finding is
//! identified by its rule, its server endpoint and, for rules about a value, that value (a
//! login, a certificate fingerprint). A capture of 3,808 JTAPI sessions against one CTI Manager
//! gives one `CTI-CLEARTEXT-SESSION` carrying `sessions: 3808`, not 3,808 findings; what a
//! group keeps (session ids, client hosts, evidence) is capped, so the findings' memory grows
//! with distinct servers and values, not with connections.

pub mod ctx;

mod both_ports;
mod call_control;
mod ged188_agent_password;
mod ged188_caller_data;
mod ged188_cleartext_session;
mod ged188_empty_password;
mod ged188_malformed;
mod ged188_password_exposed;
mod cleartext_session;
mod login_exposed;
mod login_failures;
mod malformed;
mod media_exposed;
mod monitoring;
mod password_key;
mod password_unprotected;
mod port_misuse;
mod recording_exposed;
mod sip_cleartext;
mod sip_digest;
mod sip_srtp_key;
mod sccp_cleartext_registration;
mod sccp_digits_exposed;
mod tls_policy;

#[cfg(test)]
mod testkit;

use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::limits::Limits;
use crate::report::{Finding, LimitHit, Report};
use ctx::{Ctx, View};
use crate::firsts::{Firsts, Place};
use crate::inventory::Inventory;

/// Session ids a group lists (every session is still counted in `sessions`).
pub const MAX_SESSION_IDS: usize = 1000;
/// Client hosts and named values a group lists (every distinct one is still counted, up to
/// `Limits::max_finding_distinct` across the groups).
pub const MAX_LISTED: usize = 100;
/// Sessions whose evidence a group keeps: the first one's in full, the next ones' while the
/// group holds fewer than [`MAX_GROUP_EVIDENCE`] items.
pub const EVIDENCE_SESSIONS: u64 = 3;
/// Evidence items a group keeps beyond its first session's.
pub const MAX_GROUP_EVIDENCE: usize = 64;

/// A rule over batches of sessions (see [`Findings`]). Most rules judge each session on its
/// own and are plain functions ([`Each`]); a rule about several sessions together (a server's
/// phones, a client's failed logins) keeps what it needs, bounded, in its own state between
/// batches and makes its findings in `finish`.
pub trait Rule: Send {
    /// The sessions (and flows, events) of one batch.
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>);
    /// After the last batch.
    fn finish(&mut self, _out: &mut Collector<'_>) {}
}

/// A rule that judges each session (or flow) on its own.
pub struct Each(pub fn(&Ctx<'_>, &mut Collector<'_>));

impl Rule for Each {
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>) {
        (self.0)(cx, out);
    }
}

/// Every rule, in documentation order.
fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(Each(cleartext_session::check)),
        Box::new(Each(login_exposed::check)),
        Box::new(password_key::Rule::default()),
        Box::new(Each(password_unprotected::check)),
        Box::new(Each(call_control::check)),
        Box::new(Each(monitoring::check)),
        Box::new(Each(media_exposed::check)),
        Box::new(Each(recording_exposed::check)),
        Box::new(login_failures::Rule::default()),
        Box::new(malformed::Rule::default()),
        Box::new(Each(port_misuse::check)),
        Box::new(Each(tls_policy::check)),
        Box::new(both_ports::Rule::default()),
        Box::new(Each(ged188_cleartext_session::check)),
        Box::new(Each(ged188_password_exposed::check)),
        Box::new(Each(ged188_empty_password::check)),
        Box::new(Each(ged188_agent_password::check)),
        Box::new(Each(ged188_caller_data::check)),
        Box::new(Each(ged188_malformed::check)),
        Box::new(Each(sip_srtp_key::check)),
        Box::new(Each(sip_digest::check)),
        Box::new(sip_cleartext::Rule::default()),
        Box::new(sccp_cleartext_registration::Rule::default()),
        Box::new(Each(sccp_digits_exposed::check)),
    ]
}

/// What identifies a group: rule, severity, server endpoint, value.
type Key = (String, crate::report::Severity, String, String);

/// A group being built: the finding as reported, and the hashes of the client hosts and named
/// values met. A group a rule only counted sessions in so far ([`Collector::tally`]) is not
/// `filled` until the rule pushes its finding; one never filled is dropped at the end.
struct Group {
    finding: Finding,
    filled: bool,
    /// The evidence of the group's first findings (lowest session ids, at most
    /// [`EVIDENCE_SESSIONS`]), in session order: the first's in full, the others' first
    /// [`MAX_GROUP_EVIDENCE`] items. Sessions come in the order their flows ended, so a later
    /// one may go in front.
    kept: Vec<(u32, Vec<crate::report::Evidence>)>,
    clients: HashSet<u64>,
    values: HashSet<u64>,
    /// The first client hosts and named values met (`Distinct::first`), in capture order.
    first_clients: Firsts<String>,
    first_values: Firsts<String>,
}

impl Group {
    fn new(finding: Finding) -> Group {
        Group {
            finding,
            filled: false,
            kept: Vec::new(),
            clients: HashSet::new(),
            values: HashSet::new(),
            first_clients: Firsts::new(MAX_LISTED),
            first_values: Firsts::new(MAX_LISTED),
        }
    }
}

/// The 8-byte hash a value is counted by (client hosts, named values, phones): rules count
/// distinct values without keeping them.
pub(crate) fn hash_of(value: &str) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Distinct-value counting shared by the groups, under one cap.
struct Counter {
    tracked: usize,
    max: usize,
    not_counted: u64,
}

impl Counter {
    /// Counts `value`, met at `place`, in `into` unless `seen` has it; `first` lists the first
    /// ones met in the capture.
    fn count(
        &mut self,
        seen: &mut HashSet<u64>,
        into: &mut crate::report::Distinct,
        first: &mut Firsts<String>,
        value: &str,
        place: Place,
    ) {
        let h = hash_of(value);
        if seen.contains(&h) {
            first.see(value, place, str::to_string);
            return;
        }
        if self.tracked >= self.max {
            into.capped = true;
            self.not_counted = self.not_counted.saturating_add(1);
            return;
        }
        seen.insert(h);
        self.tracked = self.tracked.saturating_add(1);
        into.count = into.count.saturating_add(1);
        first.see(value, place, str::to_string);
    }
}

/// What counting a session in a group reads of it: its id, its client host, its flow's first
/// and last packet. A rule about several sessions keeps this much of one it will count later.
#[derive(Debug, Clone)]
pub struct Counted {
    pub id: u32,
    pub client_host: String,
    pub times: Option<(f64, f64)>,
}

impl Counted {
    pub fn of(view: View<'_>, s: &crate::report::Session) -> Counted {
        Counted {
            id: s.id,
            client_host: ctx::host(&s.client).to_string(),
            times: view.flow(s.flow).map(|f| (f.first_time, f.last_time)),
        }
    }
}

/// The groups of the findings so far, kept across batches (memory bounded: see the module doc).
pub struct Groups {
    groups: BTreeMap<Key, Group>,
    /// Sightings so far (orders those of one session, see [`crate::firsts`]).
    seen: u64,
    /// Client hosts and named values counted across the groups, under `max_finding_distinct`.
    counter: Counter,
}

impl Groups {
    pub fn new(limits: &Limits) -> Groups {
        Groups {
            groups: BTreeMap::new(),
            seen: 0,
            counter: Counter {
                tracked: 0,
                max: limits.max_finding_distinct,
                not_counted: 0,
            },
        }
    }

    /// The groups as findings (most severe first, then by id, then by first session), and the
    /// cap reached, if any.
    pub fn finish(self) -> (Vec<Finding>, Option<LimitHit>) {
        let mut findings: Vec<Finding> = self
            .groups
            .into_values()
            .filter(|g| g.filled)
            .map(|g| {
                let mut f = g.finding;
                f.clients.first = g.first_clients.into_sorted();
                f.values.first = g.first_values.into_sorted();
                f
            })
            .collect();
        findings.sort_by(|a, b| {
            a.severity
                .cmp(&b.severity)
                .then_with(|| a.id.cmp(&b.id))
                .then_with(|| a.session.cmp(&b.session))
                .then_with(|| a.frames.cmp(&b.frames))
        });
        let c = &self.counter;
        let hit = (c.not_counted > 0).then(|| LimitHit {
            limit: "max_finding_distinct".into(),
            value: c.max as u64,
            count: c.not_counted,
            detail: format!(
                "{} client hosts or named values of findings were not counted in their groups",
                c.not_counted
            ),
        });
        (findings, hit)
    }
}

/// Where rules put their findings during one batch: groups them as they arrive (see the module
/// doc), so memory stays bounded whatever the number of sessions.
pub struct Collector<'r> {
    view: View<'r>,
    groups: &'r mut Groups,
}

impl<'r> Collector<'r> {
    /// A collector for the batch `view` into `groups`.
    pub fn new(view: View<'r>, groups: &'r mut Groups) -> Collector<'r> {
        Collector { view, groups }
    }

    /// Counts session `s` of the batch in the group of rule `id` at `severity` for `server` and
    /// `value` (`""` for none), before the rule knows the group's finding: for a rule about
    /// several sessions, which pushes its finding (with `server` and `value` set) after the last
    /// batch. A group counted in but never pushed is dropped.
    pub fn tally(&mut self, id: &str, severity: crate::report::Severity, server: &str, value: &str, s: &crate::report::Session) {
        let view = self.view;
        let groups = &mut *self.groups;
        let group = Self::placeholder(&mut groups.groups, id, severity, server, value);
        Self::count_session(view, &mut groups.counter, &mut groups.seen, group, s);
    }

    /// The group of `id` at `severity` for `server` and `value`, a placeholder when new.
    fn placeholder<'g>(groups: &'g mut BTreeMap<Key, Group>, id: &str, severity: crate::report::Severity, server: &str, value: &str) -> &'g mut Group {
        let key: Key = (id.to_string(), severity, server.to_string(), value.to_string());
        groups.entry(key).or_insert_with(|| {
            let mut f = ctx::Draft {
                id: "",
                severity,
                title: String::new(),
                detail: String::new(),
                session: None,
                evidence: Vec::new(),
                remediation: "",
                references: &[],
            }
            .build();
            f.id = id.to_string();
            f.server = Some(server.to_string());
            f.value = (!value.is_empty()).then(|| value.to_string());
            Group::new(f)
        })
    }

    /// Moves the group [`tally`](Self::tally) counted sessions in at severity `from` to
    /// severity `to` (a rule whose severity depends on how many sessions it met).
    pub fn rekey(&mut self, id: &str, from: crate::report::Severity, to: crate::report::Severity, server: &str, value: &str) {
        let old: Key = (id.to_string(), from, server.to_string(), value.to_string());
        let Some(mut group) = self.groups.groups.remove(&old) else {
            return;
        };
        group.finding.severity = to;
        let new: Key = (id.to_string(), to, server.to_string(), value.to_string());
        self.groups.groups.insert(new, group);
    }

    /// For a rule keyed by server alone: when the group of rule `id` at `severity` for this
    /// session's server already holds its evidence, counts the session in it and returns true,
    /// so the rule skips the work of a finding whose title, detail and evidence would be
    /// dropped (decoding every message of thousands of sessions).
    pub fn joins(&mut self, id: &str, severity: crate::report::Severity, s: &crate::report::Session) -> bool {
        self.joins_about(id, severity, s, "")
    }

    /// [`Collector::joins`] for a rule whose groups are also keyed by a value (a finding
    /// made `.about(value)`; `""` for none).
    pub fn joins_about(
        &mut self,
        id: &str,
        severity: crate::report::Severity,
        s: &crate::report::Session,
        value: &str,
    ) -> bool {
        let key: Key = (id.to_string(), severity, s.server.clone(), value.to_string());
        let groups = &mut *self.groups;
        let Some(group) = groups.groups.get_mut(&key) else {
            return false;
        };
        // Past its first sessions (all kept, all before this one), a group only counts.
        let full = group.kept.len() >= EVIDENCE_SESSIONS as usize
            && group.kept.last().is_some_and(|&(last, _)| last < s.id);
        if !group.filled || !full {
            return false;
        }
        Self::count_session(self.view, &mut groups.counter, &mut groups.seen, group, s);
        true
    }

    /// Counts session `s` in `group`: its id, its time span, its client host.
    fn count_session(view: View<'_>, counter: &mut Counter, seen: &mut u64, group: &mut Group, s: &crate::report::Session) {
        let times = view.flow(s.flow).map(|f| (f.first_time, f.last_time));
        Self::count(counter, seen, group, s.id, ctx::host(&s.client), times);
    }

    /// Counts session `id` (its client host, its flow's first and last packet) in `group`.
    fn count(counter: &mut Counter, seen: &mut u64, group: &mut Group, id: u32, client_host: &str, times: Option<(f64, f64)>) {
        let g = &mut group.finding;
        g.sessions = g.sessions.saturating_add(1);
        // The group's first sessions by id, in order (sessions come in the order their flows
        // ended).
        if let Err(at) = g.session_ids.binary_search(&id) {
            if at < MAX_SESSION_IDS {
                g.session_ids.insert(at, id);
                g.session_ids.truncate(MAX_SESSION_IDS);
            }
        }
        if let Some((first, last)) = times {
            g.first_time = Some(g.first_time.map_or(first, |t| t.min(first)));
            g.last_time = Some(g.last_time.map_or(last, |t| t.max(last)));
        }
        *seen = seen.saturating_add(1);
        counter.count(&mut group.clients, &mut g.clients, &mut group.first_clients, client_host, (id, *seen));
    }

    /// [`tally`](Self::tally) of a session a rule remembered ([`Counted::of`]) from an earlier
    /// batch.
    pub fn tally_counted(&mut self, id: &str, severity: crate::report::Severity, server: &str, value: &str, s: &Counted) {
        let groups = &mut *self.groups;
        let group = Self::placeholder(&mut groups.groups, id, severity, server, value);
        Self::count(&mut groups.counter, &mut groups.seen, group, s.id, &s.client_host, s.times);
    }

    /// Adds one finding to its group (a new group when it is the first of its kind).
    /// A finding whose `server` is set (a rule about several sessions, after its last batch)
    /// keeps it; otherwise its server is its session's.
    pub fn push(&mut self, mut f: Finding) {
        let view = self.view;
        let session_of = |id: u32| view.session(id);
        let covers: Vec<u32> = if f.covers.is_empty() {
            f.session.into_iter().collect()
        } else {
            std::mem::take(&mut f.covers)
        };
        let server = f.server.take().or_else(|| {
            f.session
                .or_else(|| covers.first().copied())
                .and_then(session_of)
                .map(|s| s.server.clone())
        });
        // A finding about no session and no value stays on its own (keyed by its title).
        let value = match (&f.value, &server) {
            (Some(v), _) => v.clone(),
            (None, Some(_)) => String::new(),
            (None, None) => f.title.clone(),
        };
        let key: Key = (f.id.clone(), f.severity, server.clone().unwrap_or_default(), value);
        let named = std::mem::take(&mut f.values.first);
        let groups = &mut *self.groups;
        let group = groups.groups.entry(key).or_insert_with(|| Group::new(f.clone()));
        let rank = f.session.unwrap_or(u32::MAX);
        let g = &mut group.finding;
        if !group.filled || rank < g.session.unwrap_or(u32::MAX) {
            // The group shows its first session's finding, with the counts so far (the first
            // to come, or one of an earlier session: flows end in any order).
            let mut first = f.clone();
            first.evidence.clear();
            first.frames.clear();
            first.server = server;
            first.values = std::mem::take(&mut g.values);
            first.sessions = g.sessions;
            first.session_ids = std::mem::take(&mut g.session_ids);
            first.clients = std::mem::take(&mut g.clients);
            first.first_time = g.first_time;
            first.last_time = g.last_time;
            first.sources = std::mem::take(&mut g.sources);
            *g = first;
            group.filled = true;
        }
        for v in &named {
            groups.seen = groups.seen.saturating_add(1);
            let place = (rank, groups.seen);
            groups
                .counter
                .count(&mut group.values, &mut group.finding.values, &mut group.first_values, v, place);
        }
        // Evidence of the group's first sessions: the first in full (as its rule made it), the
        // next ones' while the group holds fewer than MAX_GROUP_EVIDENCE items.
        let kept = &mut group.kept;
        let at = kept.partition_point(|&(id, _)| id <= rank);
        if at < EVIDENCE_SESSIONS as usize {
            kept.insert(at, (rank, f.evidence));
            kept.truncate(EVIDENCE_SESSIONS as usize);
            for (_, ev) in kept.iter_mut().skip(1) {
                ev.truncate(MAX_GROUP_EVIDENCE);
            }
            let g = &mut group.finding;
            g.evidence.clear();
            for (i, (_, ev)) in kept.iter().enumerate() {
                if i > 0 && g.evidence.len() >= MAX_GROUP_EVIDENCE {
                    break;
                }
                let room = if i == 0 {
                    ev.len()
                } else {
                    MAX_GROUP_EVIDENCE.saturating_sub(g.evidence.len())
                };
                g.evidence.extend(ev.iter().take(room).cloned());
            }
            let mut frames: Vec<u64> = g.evidence.iter().map(|e| e.frame).collect();
            frames.sort_unstable();
            frames.dedup();
            g.frames = frames;
        }
        for s in covers.iter().filter_map(|&id| session_of(id)) {
            Self::count_session(view, &mut groups.counter, &mut groups.seen, group, s);
        }
    }

    /// The findings' memory, roughly: the bytes their strings, evidence, frames, session ids
    /// and listed client hosts hold (tests compare it across capture sizes).
    #[doc(hidden)]
    pub fn retained_bytes(findings: &[Finding]) -> usize {
        let evidence = std::mem::size_of::<crate::report::Evidence>();
        findings
            .iter()
            .map(|f| {
                let ev = f.evidence.iter().fold(0usize, |n, e| {
                    n.saturating_add(e.label.len())
                        .saturating_add(e.value.len())
                        .saturating_add(evidence)
                });
                let clients = f
                    .clients
                    .first
                    .iter()
                    .chain(&f.values.first)
                    .fold(0usize, |n, c| n.saturating_add(c.len()).saturating_add(24));
                std::mem::size_of::<Finding>()
                    .saturating_add(f.title.len())
                    .saturating_add(f.detail.len())
                    .saturating_add(ev)
                    .saturating_add(f.frames.len().saturating_mul(8))
                    .saturating_add(f.session_ids.len().saturating_mul(4))
                    .saturating_add(clients)
            })
            .fold(0usize, usize::saturating_add)
    }
}

/// The rules and the inventory, fed batch by batch: the engine hands over the sessions of the
/// flows that ended (with their flows and events) and may then forget them, so the findings'
/// memory is their groups and the rules' bounded state, not the capture's sessions
/// (`docs/report.md`, "Streaming and memory"). A rule sees each session once, in the batch its
/// flow ended in; within a batch, sessions come in id order.
pub struct Findings {
    groups: Groups,
    rules: Vec<Box<dyn Rule>>,
    inventory: crate::inventory::Inventorist,
}

/// A batch this large has the inventory built on the second core meanwhile (natively; the
/// page's engine has one thread): the last batch of a capture whose flows stay open to its end
/// holds every session.
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_BATCH: usize = 256;

impl Findings {
    pub fn new(limits: &Limits) -> Findings {
        Findings {
            groups: Groups::new(limits),
            rules: rules(),
            inventory: crate::inventory::Inventorist::new(limits),
        }
    }

    /// Runs every rule and the inventory over one batch.
    pub fn feed(&mut self, view: View<'_>) {
        let cx = Ctx::new(view);
        let (groups, rules, inventory) = (&mut self.groups, &mut self.rules, &mut self.inventory);
        let run_rules = |groups: &mut Groups, rules: &mut Vec<Box<dyn Rule>>| {
            let mut out = Collector::new(view, groups);
            for rule in rules.iter_mut() {
                rule.batch(&cx, &mut out);
            }
        };
        #[cfg(not(target_arch = "wasm32"))]
        if view.sessions.len() >= PARALLEL_BATCH {
            // The inventory shares nothing with the rules.
            std::thread::scope(|scope| {
                let cx = &cx;
                let spawned = std::thread::Builder::new().spawn_scoped(scope, move || inventory.feed(cx));
                match spawned {
                    Ok(handle) => {
                        run_rules(groups, rules);
                        // A panic there is a panic here, as it would be on one thread.
                        if let Err(panic) = handle.join() {
                            std::panic::resume_unwind(panic);
                        }
                    }
                    // No thread to be had: one after the other.
                    Err(_) => {
                        run_rules(groups, rules);
                    }
                }
            });
            return;
        }
        run_rules(groups, rules);
        inventory.feed(&cx);
    }

    /// After the last batch: the findings (most severe first, then by id, then by first
    /// session), the inventory, and the caps reached. `messages` is the report's store (rules
    /// about several sessions may quote kept messages).
    pub fn finish(mut self, messages: &crate::store::MessageStore) -> (Vec<Finding>, Inventory, Vec<LimitHit>) {
        let view = View {
            sessions: &[],
            flows: &[],
            events: &[],
            messages,
        };
        {
            let mut out = Collector::new(view, &mut self.groups);
            for rule in &mut self.rules {
                rule.finish(&mut out);
            }
        }
        let (findings, hit) = self.groups.finish();
        let (inventory, inventory_hit) = self.inventory.finish();
        (findings, inventory, [hit, inventory_hit].into_iter().flatten().collect())
    }
}

/// Runs every rule over a finished report as one batch and stores the groups in the report
/// with the inventory (what the engine does batch by batch, for a report built otherwise).
pub fn run(mut report: Report, limits: &Limits) -> Report {
    let mut findings = Findings::new(limits);
    findings.feed(View::of(&report));
    let (list, inventory, hits) = findings.finish(&report.messages);
    report.findings = list;
    report.inventory = inventory;
    add_limits(&mut report, hits);
    report
}

/// Caps reached by the findings or the inventory: in `limits` and as warnings.
pub fn add_limits(report: &mut Report, hits: Vec<LimitHit>) {
    for hit in hits {
        report.capture.warnings.push(format!(
            "limit reached ({}={}): {}",
            hit.limit, hit.value, hit.detail
        ));
        report.limits.push(hit);
    }
}
