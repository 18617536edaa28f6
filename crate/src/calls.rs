//! Calls followed across protocols (issue 14): a pass between the sessions and the findings.
//!
//! Every decoder gives its calls as [`CallLeg`]s (CTIQBE through `proto::ctiqbe::session::CallInfo::to_leg`). This
//! pass gathers them all, links legs that are one call, each link with the rule that made it,
//! and merges linked legs with a union-find into [`Call`]s. The rules, strongest first
//! (docs/calls.md):
//!
//! - `key`: the protocol's own global key, within one protocol: a CTIQBE global call handle
//!   (`callManagerID|callID`) seen on several lines or sessions, a SIP `Call-ID;tags` seen on
//!   several flows. Lifetimes within [`WINDOW_S`] of each other (handles are reused, much later).
//! - `media`: the same media endpoint (`ip:port`, not `0.0.0.0`, not port 0) in two legs whose
//!   lifetimes overlap (strong: RTP goes there).
//! - `consult`: in one session and on one line, a call that starts while another is on hold
//!   (the consultation call of a transfer or a conference).
//! - `number`: legs of two protocols with the same normalised called number (and the same
//!   calling number when both show one), overlapping lifetimes, and starts within
//!   [`WINDOW_S`] (medium). Never a number alone: the time window is part of the rule.
//!
//! A leg with no evidence is a call of its own. Only links that join two groups are kept (a
//! spanning forest, built strongest rule first), so a call of `n` legs has `n - 1` links and
//! memory stays bounded. Legs beyond [`Limits::calls_max_legs`] are not correlated, and each
//! rule compares a leg with at most [`Limits::calls_max_candidates`] earlier legs of the same
//! key, address or number; both caps are reported in `report.limits` when reached.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::limits::Limits;
use crate::model::{CallLeg, Protocol};
use crate::report::{LimitHit, Session, SessionInfo};

/// Seconds: how close two legs' starts must be for a number match, and how far apart two
/// legs with the same protocol key may be.
pub const WINDOW_S: f64 = 5.0;

/// One call: its legs in every protocol, and why they are one call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    /// 1-based, in order of start time.
    pub id: u32,
    /// Seconds since the Unix epoch: the first leg's start.
    pub start: f64,
    /// The last leg's end.
    pub end: f64,
    /// `end - start`, seconds.
    pub duration: f64,
    /// The calling number as the legs show it (the first leg that shows one).
    pub calling: Option<String>,
    /// The called number as the legs show it.
    pub called: Option<String>,
    /// The final state of the leg that ended last.
    pub state: Option<String>,
    /// Why the call ended, when a leg says (SIP status, SCCP/CTIQBE cause).
    pub cause: Option<String>,
    /// Every leg, in time order.
    pub legs: Vec<Leg>,
    /// Why the legs are one call: `legs.len() - 1` links forming a tree.
    pub links: Vec<Link>,
}

/// One leg of a call, as one protocol session saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leg {
    /// The protocol of the session that saw this leg.
    pub protocol: Protocol,
    /// The report's session id.
    pub session: u32,
    /// The protocol's own key of the call (CTIQBE global call handle, SIP `Call-ID;tags`,
    /// SCCP `callReference@line`).
    pub key: String,
    /// First and last frame.
    pub frames: [u64; 2],
    /// Seconds since the Unix epoch of the leg's first message.
    pub start: f64,
    /// Of its last message.
    pub end: f64,
    /// The calling number as this leg shows it.
    pub calling: Option<String>,
    /// The called number as this leg shows it.
    pub called: Option<String>,
}

/// Two legs (indices into the call's `legs`) linked by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Index of one leg in the call's `legs`.
    pub a: usize,
    /// Index of the other.
    pub b: usize,
    /// `key`, `media`, `consult` or `number`.
    pub rule: &'static str,
}

/// A gathered leg: where it came from and the shared shape.
struct Gathered<'a> {
    protocol: Protocol,
    session: u32,
    leg: &'a CallLeg,
    called: Option<String>,
    calling: Option<String>,
}

/// A number as the rules compare it: separators (space, `-`, `.`, `(`, `)`) and a leading `+`
/// dropped; `None` unless what is left is dial-pad characters. Trunk prefixes (a leading 9 or
/// 0) are NOT stripped: whether `9` is an access code depends on the dial plan, and stripping
/// it would merge `915550199` with `15550199`; the generator and the real captures show the
/// same digits on every protocol of one call.
pub fn normalise(number: Option<&str>) -> Option<String> {
    let n = number?.trim();
    let n = n.strip_prefix('+').unwrap_or(n);
    let out: String = n
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let dialpad = out
        .chars()
        .all(|c| c.is_ascii_digit() || c == '*' || c == '#');
    (dialpad && !out.is_empty()).then_some(out)
}

/// Union-find with path halving and union by index (the smaller root wins: deterministic).
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        loop {
            let Some(&p) = self.parent.get(x) else {
                return x;
            };
            if p == x {
                return x;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = gp;
            }
            x = gp;
        }
    }

    /// Joins the sets of `a` and `b`; false when they were one already.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (keep, join) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = self.parent.get_mut(join) {
            *slot = keep;
        }
        true
    }
}

fn overlap(a: &CallLeg, b: &CallLeg) -> bool {
    a.first_time <= b.last_time && b.first_time <= a.last_time
}

fn near(a: &CallLeg, b: &CallLeg) -> bool {
    a.first_time <= b.last_time + WINDOW_S && b.first_time <= a.last_time + WINDOW_S
}

fn is_hold(state: &str) -> bool {
    state.eq_ignore_ascii_case("hold") || state.eq_ignore_ascii_case("held")
}

/// Whether `a` was on hold when `b` started (the last state of `a` at `b`'s start).
fn held_at(a: &CallLeg, t: f64) -> bool {
    a.states
        .iter()
        .take_while(|s| s.time <= t)
        .last()
        .is_some_and(|s| is_hold(&s.state))
}

fn usable_media(address: &str) -> bool {
    !(address.starts_with("0.0.0.0:") || address.ends_with(":0") || address.starts_with("[::]:"))
}

/// Every call leg of every session, in the sessions' order.
fn gather<'a>(sessions: &'a [Session], max: usize, dropped: &mut u64) -> Vec<Gathered<'a>> {
    let mut out = Vec::new();
    let mut push = |protocol: Protocol, session: u32, leg: &'a CallLeg| {
        if out.len() >= max {
            *dropped = dropped.saturating_add(1);
            return;
        }
        out.push(Gathered {
            protocol,
            session,
            leg,
            called: normalise(leg.called.number.as_deref()),
            calling: normalise(leg.calling.number.as_deref()),
        });
    };
    for s in sessions {
        match &s.info {
            SessionInfo::Sip(i) => i.calls.iter().for_each(|l| push(Protocol::Sip, s.id, l)),
            SessionInfo::Sccp(i) => i
                .calls
                .iter()
                .for_each(|c| push(Protocol::Sccp, s.id, &c.leg)),
            SessionInfo::Ged188(i) => i
                .calls
                .iter()
                .for_each(|c| push(Protocol::Ged188, s.id, &c.leg)),
            SessionInfo::Ctiqbe(_) | SessionInfo::Tls(_) | SessionInfo::Pending => {}
        }
    }
    out
}

/// Links every pair of one bucket (legs in start order) that `accept` takes, recording each
/// link that joins two groups under `rule`. Each leg is compared with the earlier legs still
/// alive at its start (ended at most [`WINDOW_S`] before: every rule needs overlapping or near
/// lifetimes), at most `max` of them: beyond, the oldest is dropped, and counted in `capped`
/// unless it is in the new leg's call already (nothing is lost then).
#[allow(clippy::too_many_arguments)]
fn link_bucket(
    bucket: &[usize],
    legs: &[Gathered<'_>],
    max: usize,
    capped: &mut u64,
    accept: &dyn Fn(&Gathered<'_>, &Gathered<'_>) -> bool,
    sets: &mut Sets,
    links: &mut Vec<(usize, usize, &'static str)>,
    rule: &'static str,
) {
    let mut active: Vec<usize> = Vec::new();
    for &b in bucket {
        let Some(lb) = legs.get(b) else {
            continue;
        };
        active.retain(|&a| legs.get(a).is_some_and(|la| la.leg.last_time + WINDOW_S >= lb.leg.first_time));
        for &a in &active {
            if let Some(la) = legs.get(a) {
                if accept(la, lb) && sets.union(a, b) {
                    links.push((a, b, rule));
                }
            }
        }
        active.push(b);
        if active.len() > max {
            let dropped = active.remove(0);
            if sets.find(dropped) != sets.find(b) {
                *capped = capped.saturating_add(1);
            }
        }
    }
}

/// Correlates the legs of every session into calls. Returns the calls (in start order) and
/// the caps reached.
pub fn correlate(sessions: &[Session], limits: &Limits) -> (Vec<Call>, Vec<LimitHit>) {
    let mut dropped = 0u64;
    // CTIQBE calls are converted here (their session info keeps its own shape).
    let ctiqbe: Vec<(u32, CallLeg)> = sessions
        .iter()
        .filter_map(|s| match &s.info {
            SessionInfo::Ctiqbe(i) => Some((s.id, i)),
            _ => None,
        })
        .flat_map(|(id, i)| i.calls.iter().map(move |c| (id, c.to_leg())))
        .take(limits.calls_max_legs)
        .collect();
    let mut legs = gather(
        sessions,
        limits.calls_max_legs.saturating_sub(ctiqbe.len()),
        &mut dropped,
    );
    let ctiqbe_total: usize = sessions
        .iter()
        .map(|s| match &s.info {
            SessionInfo::Ctiqbe(i) => i.calls.len(),
            _ => 0,
        })
        .sum();
    dropped = dropped.saturating_add(ctiqbe_total.saturating_sub(ctiqbe.len()) as u64);
    for (session, leg) in &ctiqbe {
        legs.push(Gathered {
            protocol: Protocol::Ctiqbe,
            session: *session,
            leg,
            called: normalise(leg.called.number.as_deref()),
            calling: normalise(leg.calling.number.as_deref()),
        });
    }
    // Time order (ties: protocol, session, key, frame): leg indices, call ids and links follow it.
    legs.sort_by(|a, b| {
        a.leg
            .first_time
            .total_cmp(&b.leg.first_time)
            .then_with(|| a.protocol.as_str().cmp(b.protocol.as_str()))
            .then_with(|| a.session.cmp(&b.session))
            .then_with(|| a.leg.key.cmp(&b.leg.key))
            .then_with(|| a.leg.first_frame.cmp(&b.leg.first_frame))
    });
    let n = legs.len();
    let mut sets = Sets::new(n);
    let mut links: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut capped = 0u64;
    let max = limits.calls_max_candidates.max(1);

    // Buckets, each in start order (legs are sorted).
    let mut by_key: BTreeMap<(&'static str, &str), Vec<usize>> = BTreeMap::new();
    let mut by_media: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_line: BTreeMap<(u32, Option<&str>), Vec<usize>> = BTreeMap::new();
    let mut by_called: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in legs.iter().enumerate() {
        if matches!(g.protocol, Protocol::Ctiqbe | Protocol::Sip) && !g.leg.key.is_empty() {
            by_key
                .entry((g.protocol.as_str(), g.leg.key.as_str()))
                .or_default()
                .push(i);
        }
        let mut seen: Vec<&str> = Vec::new();
        for m in &g.leg.media {
            let a = m.address.as_str();
            if usable_media(a) && !seen.contains(&a) {
                seen.push(a);
                by_media.entry(a).or_default().push(i);
            }
        }
        if matches!(g.protocol, Protocol::Ctiqbe | Protocol::Sccp) {
            by_line
                .entry((g.session, g.leg.line.as_deref()))
                .or_default()
                .push(i);
        }
        if let Some(c) = g.called.as_deref() {
            by_called.entry(c).or_default().push(i);
        }
    }
    let mut rule = |name: &'static str,
                    buckets: &mut dyn Iterator<Item = &Vec<usize>>,
                    accept: &dyn Fn(&Gathered<'_>, &Gathered<'_>) -> bool,
                    sets: &mut Sets,
                    links: &mut Vec<(usize, usize, &'static str)>| {
        for bucket in buckets {
            link_bucket(bucket, &legs, max, &mut capped, accept, sets, links, name);
        }
    };
    rule(
        "key",
        &mut by_key.values(),
        &|a, b| near(a.leg, b.leg),
        &mut sets,
        &mut links,
    );
    rule(
        "media",
        &mut by_media.values(),
        &|a, b| overlap(a.leg, b.leg),
        &mut sets,
        &mut links,
    );
    rule(
        "consult",
        &mut by_line.values(),
        &|a, b| {
            a.leg.key != b.leg.key
                && b.leg.first_time <= a.leg.last_time
                && held_at(a.leg, b.leg.first_time)
        },
        &mut sets,
        &mut links,
    );
    // A number links two protocols: a bucket of one protocol's legs has nothing to compare.
    let mixed = |b: &&Vec<usize>| {
        let mut p = b.iter().filter_map(|&i| legs.get(i)).map(|g| g.protocol);
        let first = p.next();
        p.any(|x| Some(x) != first)
    };
    rule(
        "number",
        &mut by_called.values().filter(mixed),
        &|a, b| {
            a.protocol != b.protocol
                && overlap(a.leg, b.leg)
                && (b.leg.first_time - a.leg.first_time).abs() <= WINDOW_S
                && match (&a.calling, &b.calling) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                }
        },
        &mut sets,
        &mut links,
    );

    // Groups: legs by root, in leg order; calls in order of their first leg (start order).
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = sets.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut position = vec![0usize; n];
    let mut call_of = vec![0usize; n];
    let mut ordered: Vec<Vec<usize>> = groups.into_values().collect();
    ordered.sort_by_key(|g| g.first().copied().unwrap_or(usize::MAX));
    for (c, members) in ordered.iter().enumerate() {
        for (p, &i) in members.iter().enumerate() {
            if let Some(slot) = position.get_mut(i) {
                *slot = p;
            }
            if let Some(slot) = call_of.get_mut(i) {
                *slot = c;
            }
        }
    }
    let mut call_links: Vec<Vec<Link>> = vec![Vec::new(); ordered.len()];
    for (a, b, name) in links {
        let c = call_of.get(a).copied().unwrap_or(0);
        if let (Some(list), Some(&pa), Some(&pb)) =
            (call_links.get_mut(c), position.get(a), position.get(b))
        {
            list.push(Link {
                a: pa.min(pb),
                b: pa.max(pb),
                rule: name,
            });
        }
    }
    let calls = ordered
        .iter()
        .zip(call_links)
        .enumerate()
        .map(|(c, (members, mut links))| {
            links.sort_by_key(|x| (x.a, x.b));
            build(c, members, &legs, links)
        })
        .collect();

    let mut hits = Vec::new();
    if dropped > 0 {
        hits.push(LimitHit {
            limit: "calls_max_legs".into(),
            value: limits.calls_max_legs as u64,
            count: dropped,
            detail: format!("{dropped} call legs were not correlated into calls"),
        });
    }
    if capped > 0 {
        hits.push(LimitHit {
            limit: "calls_max_candidates".into(),
            value: limits.calls_max_candidates as u64,
            count: capped,
            detail: format!(
                "{capped} call legs were compared with only the latest live legs of the same key, media address, line or number"
            ),
        });
    }
    (calls, hits)
}

fn build(c: usize, members: &[usize], legs: &[Gathered<'_>], links: Vec<Link>) -> Call {
    let mine: Vec<&Gathered<'_>> = members.iter().filter_map(|&i| legs.get(i)).collect();
    let start = mine
        .iter()
        .map(|g| g.leg.first_time)
        .fold(f64::INFINITY, f64::min);
    let end = mine
        .iter()
        .map(|g| g.leg.last_time)
        .fold(f64::NEG_INFINITY, f64::max);
    let (start, end) = if mine.is_empty() {
        (0.0, 0.0)
    } else {
        (start, end.max(start))
    };
    // The parties: the first leg that shows a called number (legs are in start order).
    let first = mine
        .iter()
        .find(|g| g.leg.called.number.is_some())
        .or(mine.first());
    // The final state and cause: the leg that ended last (the latest of equals).
    let last = mine
        .iter()
        .max_by(|a, b| a.leg.last_time.total_cmp(&b.leg.last_time));
    Call {
        id: u32::try_from(c).unwrap_or(u32::MAX).saturating_add(1),
        start,
        end,
        duration: end - start,
        calling: first.and_then(|g| g.leg.calling.number.clone()),
        called: first.and_then(|g| g.leg.called.number.clone()),
        state: last
            .and_then(|g| g.leg.states.last())
            .map(|s| s.state.clone()),
        cause: last
            .and_then(|g| g.leg.end_cause.clone())
            .or_else(|| mine.iter().rev().find_map(|g| g.leg.end_cause.clone())),
        legs: mine
            .iter()
            .map(|g| Leg {
                protocol: g.protocol,
                session: g.session,
                key: g.leg.key.clone(),
                frames: [g.leg.first_frame, g.leg.last_frame],
                start: g.leg.first_time,
                end: g.leg.last_time,
                calling: g.leg.calling.number.clone(),
                called: g.leg.called.number.clone(),
            })
            .collect(),
        links,
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // a test: panics are how it fails
mod tests {
    use super::*;
    use crate::model::{Party, StateChange};

    fn leg(key: &str, from: &str, to: &str, t: (f64, f64)) -> CallLeg {
        CallLeg {
            key: key.into(),
            calling: Party {
                number: Some(from.into()),
                name: None,
            },
            called: Party {
                number: Some(to.into()),
                name: None,
            },
            first_time: t.0,
            last_time: t.1,
            ..CallLeg::default()
        }
    }

    fn g(protocol: Protocol, session: u32, leg: &CallLeg) -> Gathered<'_> {
        Gathered {
            protocol,
            session,
            leg,
            called: normalise(leg.called.number.as_deref()),
            calling: normalise(leg.calling.number.as_deref()),
        }
    }

    #[test]
    fn numbers_are_normalised_without_guessing_trunk_prefixes() {
        assert_eq!(
            normalise(Some("+1 (555) 010-0199")).as_deref(),
            Some("15550100199")
        );
        assert_eq!(normalise(Some("915550199")).as_deref(), Some("915550199"));
        assert_eq!(normalise(Some("anonymous")), None);
        assert_eq!(normalise(Some("+")), None);
        assert_eq!(normalise(Some("*67#")).as_deref(), Some("*67#"));
    }

    #[test]
    fn lifetimes_and_holds() {
        let a = leg("a", "1", "2", (10.0, 20.0));
        let b = leg("b", "1", "2", (19.0, 30.0));
        let c = leg("c", "1", "2", (24.0, 30.0));
        assert!(overlap(&a, &b) && !overlap(&a, &c));
        assert!(near(&a, &c), "within the window");
        assert!(!near(&a, &leg("d", "1", "2", (25.1, 30.0))));
        let mut held = a.clone();
        held.states = vec![
            StateChange {
                state: "CONNECTED".into(),
                time: 11.0,
                frame: 1,
            },
            StateChange {
                state: "HOLD".into(),
                time: 12.0,
                frame: 2,
            },
            StateChange {
                state: "CONNECTED".into(),
                time: 18.0,
                frame: 3,
            },
        ];
        assert!(!held_at(&held, 11.5) && held_at(&held, 13.0) && !held_at(&held, 18.5));
        assert!(
            !usable_media("0.0.0.0:4000")
                && !usable_media("10.0.0.1:0")
                && usable_media("10.0.0.1:4000")
        );
    }

    #[test]
    fn link_bucket_compares_live_legs_only_and_counts_the_cap() {
        let legs: Vec<CallLeg> = (0..5)
            .map(|i| leg("k", "1", "2", (f64::from(i), f64::from(i) + 0.5)))
            .collect();
        let far = leg("k", "1", "2", (100.0, 101.0));
        let mut all: Vec<Gathered<'_>> = legs.iter().map(|l| g(Protocol::Sip, 1, l)).collect();
        all.push(g(Protocol::Sip, 1, &far));
        let bucket: Vec<usize> = (0..all.len()).collect();
        let mut sets = Sets::new(all.len());
        let mut pairs = Vec::new();
        let mut capped = 0;
        let accept = |a: &Gathered<'_>, b: &Gathered<'_>| near(a.leg, b.leg) && a.leg.first_time > 100.0;
        link_bucket(&bucket, &all, 2, &mut capped, &accept, &mut sets, &mut pairs, "key");
        assert!(pairs.is_empty() && capped > 0, "unlinked legs dropped from the window are counted");
        let (mut sets, mut pairs, mut capped) = (Sets::new(all.len()), Vec::new(), 0);
        let accept = |a: &Gathered<'_>, b: &Gathered<'_>| near(a.leg, b.leg);
        link_bucket(&bucket, &all, 2, &mut capped, &accept, &mut sets, &mut pairs, "key");
        // Every leg is within 5 s of the previous ones; the far one of none. Dropped legs were
        // in the new leg's call already: not counted.
        assert!(pairs.iter().all(|&(_, b, _)| b < 5), "{pairs:?}");
        assert_eq!(pairs.first(), Some(&(0, 1, "key")));
        assert_eq!(capped, 0);
    }

    #[test]
    fn sets_join_to_the_smallest_root() {
        let mut s = Sets::new(4);
        assert!(s.union(3, 1) && s.union(1, 2) && !s.union(2, 3));
        assert_eq!(s.find(3), 1);
        assert_eq!(s.find(0), 0);
    }
}
