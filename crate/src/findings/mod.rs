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
use ctx::Ctx;

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

/// Every rule, in documentation order.
const RULES: &[fn(&Ctx<'_>, &mut Collector<'_>)] = &[
    cleartext_session::check,
    login_exposed::check,
    password_key::check,
    password_unprotected::check,
    call_control::check,
    monitoring::check,
    media_exposed::check,
    recording_exposed::check,
    login_failures::check,
    malformed::check,
    port_misuse::check,
    tls_policy::check,
    both_ports::check,
    ged188_cleartext_session::check,
    ged188_password_exposed::check,
    ged188_empty_password::check,
    ged188_agent_password::check,
    ged188_caller_data::check,
    ged188_malformed::check,
    sip_srtp_key::check,
    sip_digest::check,
    sip_cleartext::check,
    sccp_cleartext_registration::check,
    sccp_digits_exposed::check,
];

/// What identifies a group: rule, severity, server endpoint, value.
type Key = (String, crate::report::Severity, String, String);

/// A group being built: the finding as reported, and the hashes of the client hosts and named
/// values met.
struct Group {
    finding: Finding,
    /// The group's sessions whose evidence was kept (beyond them, only counts grow).
    evidence_sessions: u64,
    clients: HashSet<u64>,
    values: HashSet<u64>,
}

/// Distinct-value counting shared by the groups, under one cap.
struct Counter {
    tracked: usize,
    max: usize,
    not_counted: u64,
}

impl Counter {
    /// Counts `value` in `into` unless `seen` has it; lists it while there is room.
    fn count(&mut self, seen: &mut HashSet<u64>, into: &mut crate::report::Distinct, value: &str) {
        let mut h = DefaultHasher::new();
        value.hash(&mut h);
        let h = h.finish();
        if seen.contains(&h) {
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
        if into.first.len() < MAX_LISTED {
            into.first.push(value.to_string());
        }
    }
}

/// Where rules put their findings: groups them as they arrive (see the module doc), so
/// memory stays bounded whatever the number of sessions.
pub struct Collector<'r> {
    report: &'r Report,
    groups: BTreeMap<Key, Group>,
    /// Client hosts and named values counted across the groups, under `max_finding_distinct`.
    counter: Counter,
}

impl<'r> Collector<'r> {
    /// An empty collector over `report` (for the sessions' servers, clients and times).
    pub fn new(report: &'r Report, limits: &Limits) -> Collector<'r> {
        Collector {
            report,
            groups: BTreeMap::new(),
            counter: Counter {
                tracked: 0,
                max: limits.max_finding_distinct,
                not_counted: 0,
            },
        }
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
        let Some(group) = self.groups.get_mut(&key) else {
            return false;
        };
        if group.evidence_sessions < EVIDENCE_SESSIONS {
            return false;
        }
        Self::count_session(self.report, &mut self.counter, group, s);
        true
    }

    /// Counts session `s` in `group`: its id, its time span, its client host.
    fn count_session(report: &Report, counter: &mut Counter, group: &mut Group, s: &crate::report::Session) {
        let g = &mut group.finding;
        g.sessions = g.sessions.saturating_add(1);
        if g.session_ids.len() < MAX_SESSION_IDS && !g.session_ids.contains(&s.id) {
            g.session_ids.push(s.id);
        }
        if let Some(flow) = usize::try_from(s.flow)
            .ok()
            .and_then(|i| report.flows.get(i.wrapping_sub(1)))
            .filter(|fl| fl.id == s.flow)
        {
            g.first_time = Some(g.first_time.map_or(flow.first_time, |t| t.min(flow.first_time)));
            g.last_time = Some(g.last_time.map_or(flow.last_time, |t| t.max(flow.last_time)));
        }
        counter.count(&mut group.clients, &mut g.clients, ctx::host(&s.client));
    }

    /// Adds one finding to its group (a new group when it is the first of its kind).
    pub fn push(&mut self, mut f: Finding) {
        let report = self.report;
        let session_of = |id: u32| report.sessions.get((id as usize).wrapping_sub(1)).filter(|s| s.id == id);
        let covers: Vec<u32> = if f.covers.is_empty() {
            f.session.into_iter().collect()
        } else {
            std::mem::take(&mut f.covers)
        };
        let server = f
            .session
            .or_else(|| covers.first().copied())
            .and_then(session_of)
            .map(|s| s.server.clone());
        // A finding about no session and no value stays on its own (keyed by its title).
        let value = match (&f.value, &server) {
            (Some(v), _) => v.clone(),
            (None, Some(_)) => String::new(),
            (None, None) => f.title.clone(),
        };
        let key: Key = (f.id.clone(), f.severity, server.clone().unwrap_or_default(), value);
        let named = std::mem::take(&mut f.values.first);
        let group = self.groups.entry(key).or_insert_with(|| {
            let mut first = f.clone();
            first.evidence.clear();
            first.frames.clear();
            first.server = server;
            Group {
                finding: first,
                evidence_sessions: 0,
                clients: HashSet::new(),
                values: HashSet::new(),
            }
        });
        for v in &named {
            self.counter.count(&mut group.values, &mut group.finding.values, v);
        }
        let g = &mut group.finding;
        // Evidence of the group's first sessions: the first in full (as its rule made it).
        if group.evidence_sessions < EVIDENCE_SESSIONS
            && (group.evidence_sessions == 0 || g.evidence.len() < MAX_GROUP_EVIDENCE)
        {
            let room = if group.evidence_sessions == 0 {
                f.evidence.len()
            } else {
                MAX_GROUP_EVIDENCE.saturating_sub(g.evidence.len())
            };
            g.evidence.extend(f.evidence.into_iter().take(room));
            group.evidence_sessions = group.evidence_sessions.saturating_add(1);
            let mut frames: Vec<u64> = g.evidence.iter().map(|e| e.frame).collect();
            frames.sort_unstable();
            frames.dedup();
            g.frames = frames;
        }
        for s in covers.iter().filter_map(|&id| session_of(id)) {
            Self::count_session(report, &mut self.counter, group, s);
        }
    }

    /// The groups as findings (most severe first, then by id, then by first session), and the
    /// cap reached, if any.
    pub fn finish(self) -> (Vec<Finding>, Option<LimitHit>) {
        let mut findings: Vec<Finding> = self.groups.into_values().map(|g| g.finding).collect();
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

/// Runs every rule, grouping the findings as they come, and stores the groups in the report
/// (most severe first, then by id, then by first session) with the inventory.
pub fn run(mut report: Report, limits: &Limits) -> Report {
    let earlier = std::mem::take(&mut report.findings);
    let (findings, hit, inventory, inventory_hit) = {
        let ctx = Ctx::new(&report);
        let rules = || {
            let mut out = Collector::new(&report, limits);
            for f in earlier {
                out.push(f);
            }
            for rule in RULES {
                rule(&ctx, &mut out);
            }
            out.finish()
        };
        // The inventory reads the same indexed report (`crate::inventory`) and shares nothing
        // with the rules: natively it is built on the second core meanwhile (the page's engine
        // has one thread).
        #[cfg(not(target_arch = "wasm32"))]
        let ((findings, hit), (inventory, inventory_hit)) = std::thread::scope(|scope| {
            let build = || crate::inventory::build(&ctx, limits);
            // No thread to be had: one after the other.
            let Ok(inventory) = std::thread::Builder::new().spawn_scoped(scope, build) else {
                return (rules(), build());
            };
            let rules = rules();
            // A panic there is a panic here, as it would be on one thread.
            let inventory = inventory
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rules, inventory)
        });
        #[cfg(target_arch = "wasm32")]
        let ((findings, hit), (inventory, inventory_hit)) =
            (rules(), crate::inventory::build(&ctx, limits));
        (findings, hit, inventory, inventory_hit)
    };
    report.findings = findings;
    report.inventory = inventory;
    for hit in [hit, inventory_hit].into_iter().flatten() {
        report.capture.warnings.push(format!(
            "limit reached ({}={}): {}",
            hit.limit, hit.value, hit.detail
        ));
        report.limits.push(hit);
    }
    report
}
