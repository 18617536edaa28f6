//! The correlation as it was before it streamed (a copy of the old `calls::correlate`, kept
//! for the tests only): every leg gathered, sorted once, every rule run over every bucket at
//! the end. The tests check that [`super::Correlator`] gives the same calls and links in any
//! valid feeding order.
#![allow(clippy::arithmetic_side_effects)] // f64 only, as in the original

use std::collections::BTreeMap;

// The union-find and the two string tests did not change: shared with the correlator.
use super::stream::{is_hold, usable_media};
use super::{normalise, Call, Leg, Link, Sets, WINDOW_S};
use crate::limits::Limits;
use crate::model::{CallLeg, Protocol};
use crate::report::{LimitHit, Session, SessionInfo};

/// A gathered leg: where it came from and the shared shape.
struct Gathered<'a> {
    protocol: Protocol,
    session: u32,
    leg: &'a CallLeg,
    called: Option<String>,
    calling: Option<String>,
}

fn overlap(a: &CallLeg, b: &CallLeg) -> bool {
    a.first_time <= b.last_time && b.first_time <= a.last_time
}

fn near(a: &CallLeg, b: &CallLeg) -> bool {
    a.first_time <= b.last_time + WINDOW_S && b.first_time <= a.last_time + WINDOW_S
}

/// Whether `a` was on hold when `b` started (the last state of `a` at `b`'s start).
fn held_at(a: &CallLeg, t: f64) -> bool {
    a.states
        .iter()
        .take_while(|s| s.time <= t)
        .last()
        .is_some_and(|s| is_hold(&s.state))
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

