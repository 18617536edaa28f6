//! The incremental correlator: legs in, final calls out as soon as they are final and their id
//! is known (issue 18: `analyze --ndjson` in constant memory).
//!
//! # How it stays equal to correlating everything at the end
//!
//! The calls of the whole capture are the connected components of one graph: an edge for every
//! pair of legs that a rule accepts when the later leg (in start order) meets the earlier one
//! in the rule's bucket (one key, media address, line or called number), among the earlier
//! legs still alive at its start (ended at most [`WINDOW_S`] before), at most
//! [`Limits::calls_max_candidates`] of them. The links of a call are the spanning tree that
//! joining those edges in one fixed order gives: rule (`key`, `media`, `consult`, `number`),
//! then bucket (in the order of its key), then later leg, then earlier leg.
//!
//! The correlator *sweeps* legs in start order: a leg is swept once the caller's watermark
//! says no leg that starts before it can still come. Sweeping a leg meets it with the live
//! legs of each of its buckets, exactly as the whole-capture pass would (same windows, same
//! caps), records each accepted pair as a candidate edge of its group and joins the groups.
//! A group is *final* when every leg in it ended more than [`WINDOW_S`] before the watermark:
//! every rule needs the two lifetimes to overlap (`media`, `consult`, `number`) or to be at
//! most [`WINDOW_S`] apart (`key`), and every later leg starts at or after the watermark, so
//! nothing can join it any more. Its links are then chosen from its candidate edges in the
//! fixed order above (Kruskal): the edges of other groups never join legs of this one, so they
//! cannot change which of its edges join two parts. A final call gets its id once no group
//! still open has a leg that starts before its first leg (later legs start after it), so ids
//! follow start order as they did.
//!
//! Memory: legs added but not yet swept, legs of open groups, and final calls waiting for an
//! open group that started before them. Nothing of a call is kept once it is returned.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};

use foldhash::HashMap;

use super::{normalise, Call, Leg, Link, Sets, WINDOW_S};
use crate::limits::Limits;
use crate::model::{CallLeg, Protocol};
use crate::report::{LimitHit, Session, SessionInfo};

/// A leg as the correlator keeps it until its call is returned: what the rules compare and
/// what the call shows (not the leg's states, redirections or codecs).
#[derive(Debug, Clone)]
pub(super) struct Kept {
    pub(super) protocol: Protocol,
    pub(super) session: u32,
    /// Its index among its session's legs: the last tie of the start order (the whole-capture
    /// pass sorted stably, in the sessions' order).
    order: u32,
    pub(super) key: String,
    line: Option<String>,
    pub(super) first_time: f64,
    pub(super) last_time: f64,
    first_frame: u64,
    last_frame: u64,
    /// The numbers as the leg shows them.
    calling_shown: Option<String>,
    called_shown: Option<String>,
    /// The numbers as the rules compare them ([`normalise`]).
    calling: Option<String>,
    called: Option<String>,
    /// The state changes: time, and whether the state is a hold.
    holds: Vec<(f64, bool)>,
    /// The name of the last state change.
    last_state: Option<String>,
    end_cause: Option<String>,
    /// The usable media addresses, each once, in the leg's order.
    media: Vec<String>,
}

impl Kept {
    pub(super) fn new(protocol: Protocol, session: u32, order: u32, leg: &CallLeg) -> Kept {
        let mut media: Vec<String> = Vec::new();
        for m in &leg.media {
            if usable_media(&m.address) && !media.contains(&m.address) {
                media.push(m.address.clone());
            }
        }
        Kept {
            protocol,
            session,
            order,
            key: leg.key.clone(),
            line: leg.line.clone(),
            first_time: leg.first_time,
            last_time: leg.last_time,
            first_frame: leg.first_frame,
            last_frame: leg.last_frame,
            calling: normalise(leg.calling.number.as_deref()),
            called: normalise(leg.called.number.as_deref()),
            calling_shown: leg.calling.number.clone(),
            called_shown: leg.called.number.clone(),
            holds: holds(leg),
            last_state: leg.states.last().map(|s| s.state.clone()),
            end_cause: leg.end_cause.clone(),
            media,
        }
    }

    /// [`Kept::new`] of a leg made for it (CTIQBE's): its strings move instead of copying.
    fn owned(protocol: Protocol, session: u32, order: u32, mut leg: CallLeg) -> Kept {
        let mut media: Vec<String> = Vec::new();
        for m in std::mem::take(&mut leg.media) {
            if usable_media(&m.address) && !media.contains(&m.address) {
                media.push(m.address);
            }
        }
        Kept {
            protocol,
            session,
            order,
            calling: normalise(leg.calling.number.as_deref()),
            called: normalise(leg.called.number.as_deref()),
            holds: holds(&leg),
            last_state: leg.states.pop().map(|s| s.state),
            key: leg.key,
            line: leg.line,
            first_time: leg.first_time,
            last_time: leg.last_time,
            first_frame: leg.first_frame,
            last_frame: leg.last_frame,
            calling_shown: leg.calling.number,
            called_shown: leg.called.number,
            end_cause: leg.end_cause,
            media,
        }
    }

    /// Start order (ties: protocol, session, key, first frame, place in the session).
    fn cmp_start(&self, other: &Kept) -> Ordering {
        self.first_time
            .total_cmp(&other.first_time)
            .then_with(|| self.protocol.as_str().cmp(other.protocol.as_str()))
            .then_with(|| self.session.cmp(&other.session))
            .then_with(|| self.key.cmp(&other.key))
            .then_with(|| self.first_frame.cmp(&other.first_frame))
            .then_with(|| self.order.cmp(&other.order))
    }

    /// The buckets this leg is compared in, rule by rule (the strongest first), with the index
    /// of the media address for `media`.
    fn buckets(&self) -> Vec<(Bucket, u32)> {
        let mut out = Vec::new();
        if matches!(self.protocol, Protocol::Ctiqbe | Protocol::Sip) && !self.key.is_empty() {
            out.push((Bucket::Key(self.protocol, self.key.clone()), 0));
        }
        for (i, a) in self.media.iter().enumerate() {
            out.push((
                Bucket::Media(a.clone()),
                u32::try_from(i).unwrap_or(u32::MAX),
            ));
        }
        if matches!(self.protocol, Protocol::Ctiqbe | Protocol::Sccp) {
            out.push((Bucket::Line(self.session, self.line.clone()), 0));
        }
        if let Some(c) = &self.called {
            out.push((Bucket::Called(c.clone()), 0));
        }
        out
    }
}

/// A leg's state changes as `held_at` reads them: time, and whether the state is a hold.
fn holds(leg: &CallLeg) -> Vec<(f64, bool)> {
    leg.states
        .iter()
        .map(|s| (s.time, is_hold(&s.state)))
        .collect()
}

pub(super) fn overlap(a: &Kept, b: &Kept) -> bool {
    a.first_time <= b.last_time && b.first_time <= a.last_time
}

pub(super) fn near(a: &Kept, b: &Kept) -> bool {
    a.first_time <= b.last_time + WINDOW_S && b.first_time <= a.last_time + WINDOW_S
}

pub(super) fn is_hold(state: &str) -> bool {
    state.eq_ignore_ascii_case("hold") || state.eq_ignore_ascii_case("held")
}

/// Whether `a` was on hold when `b` started (the last state of `a` at `b`'s start).
pub(super) fn held_at(a: &Kept, t: f64) -> bool {
    a.holds
        .iter()
        .take_while(|s| s.0 <= t)
        .last()
        .is_some_and(|s| s.1)
}

pub(super) fn usable_media(address: &str) -> bool {
    !(address.starts_with("0.0.0.0:") || address.ends_with(":0") || address.starts_with("[::]:"))
}

/// The rules, strongest first: the order links are chosen in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    Key,
    Media,
    Consult,
    Number,
}

impl Rule {
    fn name(self) -> &'static str {
        match self {
            Rule::Key => "key",
            Rule::Media => "media",
            Rule::Consult => "consult",
            Rule::Number => "number",
        }
    }

    /// Whether the rule links `a` (earlier in start order) and `b`.
    fn accepts(self, a: &Kept, b: &Kept) -> bool {
        match self {
            Rule::Key => near(a, b),
            Rule::Media => overlap(a, b),
            Rule::Consult => {
                a.key != b.key && b.first_time <= a.last_time && held_at(a, b.first_time)
            }
            // A number links two protocols.
            Rule::Number => {
                a.protocol != b.protocol
                    && overlap(a, b)
                    && (b.first_time - a.first_time).abs() <= WINDOW_S
                    && match (&a.calling, &b.calling) {
                        (Some(x), Some(y)) => x == y,
                        _ => true,
                    }
            }
        }
    }
}

/// One rule's bucket: legs that rule compares with each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Bucket {
    /// The protocol's own key (CTIQBE, SIP).
    Key(Protocol, String),
    /// A media address.
    Media(String),
    /// One session's line (CTIQBE, SCCP).
    Line(u32, Option<String>),
    /// A normalised called number.
    Called(String),
}

impl Bucket {
    fn rule(&self) -> Rule {
        match self {
            Bucket::Key(..) => Rule::Key,
            Bucket::Media(_) => Rule::Media,
            Bucket::Line(..) => Rule::Consult,
            Bucket::Called(_) => Rule::Number,
        }
    }
}

/// The live legs of one bucket, in start order, at most `calls_max_candidates` of them.
#[derive(Debug)]
struct Window {
    /// (slot, label): legs with one label are joined by edges of this bucket.
    legs: VecDeque<(usize, u64)>,
    /// `number`: the protocol of the window's first leg, and whether another one came since
    /// the window was last empty (a one-protocol window has nothing to link, so dropping a leg
    /// from it loses nothing and is not counted).
    first: Protocol,
    mixed: bool,
}

/// A swept leg of a group not final yet.
#[derive(Debug)]
struct Node {
    leg: Box<Kept>,
    /// Its place in start order.
    seq: u64,
    /// Union-find parent (a slot).
    parent: usize,
    /// The next leg of its group (a circular list through the slots).
    next: usize,
    /// Its buckets (with the media address's index for `media`), rule by rule.
    buckets: Vec<(Bucket, u32)>,
    /// Counted in `calls_max_candidates` already.
    capped: bool,
}

/// A candidate link: two slots, the rule, the media address's index in `b`'s (for `media`).
#[derive(Debug, Clone, Copy)]
struct Edge {
    rule: Rule,
    a: usize,
    b: usize,
    media: u32,
}

/// The legs joined so far (a union-find root's data).
#[derive(Debug)]
struct Group {
    /// Legs in it.
    size: usize,
    edges: Vec<Edge>,
    /// The latest end of its legs.
    end: f64,
}

/// f64 ordered by `total_cmp` (for the heap of group ends).
#[derive(Debug, Clone, Copy)]
struct Time(f64);

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0) == Ordering::Equal
    }
}
impl Eq for Time {}
impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Time {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Correlates call legs into calls as sessions end (`docs/calls.md`, "Streaming").
///
/// Feed it every final session once with [`Correlator::add`] (all the legs of a session come
/// in one call), and after each batch tell it how far the capture has gone with
/// [`Correlator::advance`]: the calls that are complete come back, numbered 1, 2, 3… in start
/// order across all the calls returned. [`Correlator::finish`] returns the rest and the caps
/// reached. Fed every session then finished, it is [`super::correlate`]; in any order with
/// valid watermarks it returns the same calls, ids and links, as long as no cap is reached.
///
/// Caps: [`Limits::calls_max_legs`] bounds the legs held at once (added and not yet returned
/// in a call); a leg beyond it is not correlated (counted). [`Limits::calls_max_candidates`]
/// bounds the live legs each leg is compared with per bucket; a leg dropped from a bucket's
/// window while it could still have been linked is counted once, however many buckets drop it.
#[derive(Debug)]
pub struct Correlator {
    max_legs: usize,
    max_candidates: usize,
    /// Added, not swept; when `sorted`, in reverse start order (the next to sweep last).
    /// (Boxed: sorting and sweeping move pointers, not legs.)
    #[allow(clippy::vec_box)]
    waiting: Vec<Box<Kept>>,
    sorted: bool,
    /// Swept legs of open groups, by slot (freed slots are reused).
    nodes: Vec<Option<Node>>,
    free: Vec<usize>,
    /// The `seq` of every swept leg of an open group (the first one bounds what may be
    /// numbered).
    live: BTreeSet<u64>,
    /// Open groups by root slot.
    groups: HashMap<usize, Group>,
    /// (end, root) of every group, lazily: stale entries are skipped when popped.
    ends: BinaryHeap<Reverse<(Time, usize)>>,
    windows: HashMap<Bucket, Window>,
    /// Final calls waiting for their id, by the `seq` of their first leg, with their leg count.
    ready: BTreeMap<u64, (Call, usize)>,
    ready_legs: usize,
    next_seq: u64,
    returned: u32,
    dropped: u64,
    capped: u64,
}

impl Correlator {
    /// An empty correlator with `limits`' caps.
    pub fn new(limits: &Limits) -> Correlator {
        Correlator {
            max_legs: limits.calls_max_legs,
            max_candidates: limits.calls_max_candidates.max(1),
            waiting: Vec::new(),
            sorted: true,
            nodes: Vec::new(),
            free: Vec::new(),
            live: BTreeSet::new(),
            groups: HashMap::default(),
            ends: BinaryHeap::new(),
            windows: HashMap::default(),
            ready: BTreeMap::new(),
            ready_legs: 0,
            next_seq: 0,
            returned: 0,
            dropped: 0,
            capped: 0,
        }
    }

    /// Takes the call legs of one final session (copies: the session can be dropped). Every
    /// leg of a session must come in one `add` (`consult` compares the calls of one line).
    /// A leg that starts before the last watermark given breaks the promise of
    /// [`Correlator::advance`]: it is still correlated, but its call may be numbered out of
    /// start order or miss a link to a call already returned.
    pub fn add(&mut self, session: &Session) {
        let mut order = 0u32;
        match &session.info {
            SessionInfo::Sip(i) => {
                for l in &i.calls {
                    self.push(Protocol::Sip, session.id, &mut order, l);
                }
            }
            SessionInfo::Sccp(i) => {
                for c in &i.calls {
                    self.push(Protocol::Sccp, session.id, &mut order, &c.leg);
                }
            }
            SessionInfo::Ged188(i) => {
                for c in &i.calls {
                    self.push(Protocol::Ged188, session.id, &mut order, &c.leg);
                }
            }
            SessionInfo::Ctiqbe(i) => {
                for c in &i.calls {
                    if self.full() {
                        self.dropped = self.dropped.saturating_add(1);
                    } else {
                        let leg =
                            Box::new(Kept::owned(Protocol::Ctiqbe, session.id, order, c.to_leg()));
                        self.waiting.push(leg);
                        self.sorted = false;
                    }
                    order = order.saturating_add(1);
                }
            }
            SessionInfo::Tls(_) | SessionInfo::Pending => {}
        }
    }

    /// Legs held now: added and not yet returned in a call.
    pub fn held(&self) -> usize {
        self.waiting
            .len()
            .saturating_add(self.live.len())
            .saturating_add(self.ready_legs)
    }

    fn full(&self) -> bool {
        self.held() >= self.max_legs
    }

    fn push(&mut self, protocol: Protocol, session: u32, order: &mut u32, leg: &CallLeg) {
        if self.full() {
            self.dropped = self.dropped.saturating_add(1);
        } else {
            self.waiting
                .push(Box::new(Kept::new(protocol, session, *order, leg)));
            self.sorted = false;
        }
        *order = order.saturating_add(1);
    }

    /// The caller promises that every leg added from now on starts at or after `watermark`
    /// (seconds since the epoch). Returns the calls that became final and can be numbered, in
    /// id order. Cheap when nothing changed: legs are swept only when the watermark passes
    /// their start, and a group is looked at only when the watermark passes its end.
    pub fn advance(&mut self, watermark: f64) -> Vec<Call> {
        if !self.sorted {
            self.waiting.sort_unstable_by(|a, b| b.cmp_start(a));
            self.sorted = true;
        }
        while self
            .waiting
            .last()
            .is_some_and(|l| l.first_time < watermark)
        {
            if let Some(leg) = self.waiting.pop() {
                self.sweep_one(leg);
            }
        }
        self.close(|end| end + WINDOW_S < watermark);
        self.number()
    }

    /// Every call not returned yet, and the caps reached (as `report.limits`).
    pub fn finish(mut self) -> (Vec<Call>, Vec<LimitHit>) {
        // Nothing more comes: any watermark is valid now. Walking it up through the legs
        // still waiting closes calls as it goes, so the groups, windows and candidate links
        // never hold more than the calls in progress (`correlate` adds every leg first).
        let mut calls = Vec::new();
        self.waiting.sort_unstable_by(|a, b| b.cmp_start(a));
        self.sorted = true;
        while let Some(first) = self.waiting.last().map(|l| l.first_time) {
            let next = first + WINDOW_S;
            if !(next.is_finite() && first < next) {
                break;
            }
            calls.extend(self.advance(next));
        }
        // What is left (a start at infinity), in start order.
        while let Some(leg) = self.waiting.pop() {
            self.sweep_one(leg);
        }
        self.close(|_| true);
        calls.extend(self.number());
        let mut hits = Vec::new();
        if self.dropped > 0 {
            hits.push(LimitHit {
                limit: "calls_max_legs".into(),
                value: self.max_legs as u64,
                count: self.dropped,
                detail: format!("{} call legs were not correlated into calls", self.dropped),
            });
        }
        if self.capped > 0 {
            hits.push(LimitHit {
                limit: "calls_max_candidates".into(),
                value: self.max_candidates as u64,
                count: self.capped,
                detail: format!(
                    "{} call legs were compared with only the latest live legs of the same key, media address, line or number",
                    self.capped
                ),
            });
        }
        (calls, hits)
    }

    fn node(&self, slot: usize) -> Option<&Node> {
        self.nodes.get(slot).and_then(Option::as_ref)
    }

    fn sweep_one(&mut self, leg: Box<Kept>) {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.saturating_add(1);
        let end = leg.last_time;
        let buckets = leg.buckets();
        let count = buckets.len();
        let node = |slot| Node {
            leg,
            seq,
            parent: slot,
            next: slot,
            buckets,
            capped: false,
        };
        let slot = match self.free.pop() {
            Some(s) => {
                if let Some(n) = self.nodes.get_mut(s) {
                    *n = Some(node(s));
                }
                s
            }
            None => {
                let s = self.nodes.len();
                self.nodes.push(Some(node(s)));
                s
            }
        };
        self.live.insert(seq);
        self.groups.insert(
            slot,
            Group {
                size: 1,
                edges: Vec::new(),
                end,
            },
        );
        self.ends.push(Reverse((Time(end), slot)));
        for which in 0..count {
            self.meet(slot, seq, which);
        }
    }

    /// Meets the leg at `slot` with the live legs of `bucket`, as the whole-capture pass did:
    /// legs that ended more than [`WINDOW_S`] before its start leave the window, it is
    /// compared with the rest (oldest first), joins the window, and the oldest leaves when
    /// the window is over the cap.
    fn meet(&mut self, slot: usize, seq: u64, which: usize) {
        let Some(b) = self.nodes.get(slot).and_then(Option::as_ref) else {
            return;
        };
        let Some(&(ref bucket, media)) = b.buckets.get(which) else {
            return;
        };
        let rule = bucket.rule();
        let nodes = &self.nodes;
        // The key is copied only for a new window.
        if !self.windows.contains_key(bucket) {
            let w = Window {
                legs: VecDeque::new(),
                first: b.leg.protocol,
                mixed: false,
            };
            self.windows.insert(bucket.clone(), w);
        }
        let Some(window) = self.windows.get_mut(bucket) else {
            return;
        };
        let live_at = |s: usize| {
            nodes
                .get(s)
                .and_then(Option::as_ref)
                .is_some_and(|n| n.leg.last_time + WINDOW_S >= b.leg.first_time)
        };
        window.legs.retain(|&(s, _)| live_at(s));
        if window.legs.is_empty() {
            window.first = b.leg.protocol;
            window.mixed = false;
        } else if b.leg.protocol != window.first {
            window.mixed = true;
        }
        // Accepted pairs; one that joins legs this bucket joined already (same label) cannot
        // be a link: an earlier edge of the same bucket comes first in the links' order.
        let mut label = seq;
        let mut found: Vec<usize> = Vec::new();
        for i in 0..window.legs.len() {
            let Some(&(a, la)) = window.legs.get(i) else {
                continue;
            };
            let accepted = nodes
                .get(a)
                .and_then(Option::as_ref)
                .is_some_and(|n| rule.accepts(&n.leg, &b.leg));
            if !accepted || la == label {
                continue;
            }
            found.push(a);
            if label != seq {
                for e in window.legs.iter_mut().filter(|e| e.1 == label) {
                    e.1 = la;
                }
            }
            label = la;
        }
        window.legs.push_back((slot, label));
        let evicted = if window.legs.len() > self.max_candidates {
            let counts = rule != Rule::Number || window.mixed;
            window.legs.pop_front().map(|e| (e.0, counts))
        } else {
            None
        };
        for a in found {
            self.join(Edge {
                rule,
                a,
                b: slot,
                media,
            });
        }
        if let Some((gone, true)) = evicted {
            if self.find(gone) != self.find(slot) {
                if let Some(n) = self.nodes.get_mut(gone).and_then(Option::as_mut) {
                    if !n.capped {
                        n.capped = true;
                        self.capped = self.capped.saturating_add(1);
                    }
                }
            }
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        loop {
            let Some(p) = self.node(x).map(|n| n.parent) else {
                return x;
            };
            if p == x {
                return x;
            }
            let gp = self.node(p).map_or(p, |n| n.parent);
            if let Some(n) = self.nodes.get_mut(x).and_then(Option::as_mut) {
                n.parent = gp;
            }
            x = gp;
        }
    }

    /// Records `edge` in its group, joining the groups of its two legs (the larger group's
    /// root stays). An edge between legs of one group is kept too: an edge found later may
    /// still come earlier in the links' order.
    fn join(&mut self, edge: Edge) {
        let (ra, rb) = (self.find(edge.a), self.find(edge.b));
        let mut root = ra;
        if ra != rb {
            let size = |r| self.groups.get(&r).map_or(0, |g| g.size);
            let (keep, gone) = if size(ra) >= size(rb) {
                (ra, rb)
            } else {
                (rb, ra)
            };
            root = keep;
            // Splice the two circular lists of members.
            let after_keep = self.node(keep).map_or(keep, |n| n.next);
            let after_gone = self.node(gone).map_or(gone, |n| n.next);
            if let Some(n) = self.nodes.get_mut(gone).and_then(Option::as_mut) {
                n.parent = keep;
                n.next = after_keep;
            }
            if let Some(n) = self.nodes.get_mut(keep).and_then(Option::as_mut) {
                n.next = after_gone;
            }
            if let Some(g) = self.groups.remove(&gone) {
                if let Some(k) = self.groups.get_mut(&keep) {
                    k.size = k.size.saturating_add(g.size);
                    k.edges.extend(g.edges);
                    if g.end > k.end {
                        k.end = g.end;
                        self.ends.push(Reverse((Time(g.end), keep)));
                    }
                }
            }
        }
        if let Some(g) = self.groups.get_mut(&root) {
            g.edges.push(edge);
        }
    }

    /// Closes every group whose end passes `done`, oldest end first; each becomes a call
    /// waiting for its id.
    fn close(&mut self, done: impl Fn(f64) -> bool) {
        while let Some(&Reverse((Time(end), root))) = self.ends.peek() {
            if !done(end) {
                break;
            }
            self.ends.pop();
            if self.groups.get(&root).is_some_and(|g| done(g.end)) {
                if let Some(g) = self.groups.remove(&root) {
                    self.close_group(root, g);
                }
            }
        }
    }

    fn close_group(&mut self, root: usize, group: Group) {
        // The legs leave the correlator (walking the group's list from its root), in start
        // order.
        let mut members: Vec<(u64, usize, Box<Kept>)> = Vec::with_capacity(group.size);
        let mut slot = root;
        while members.len() < group.size {
            let Some(n) = self.nodes.get_mut(slot).and_then(Option::take) else {
                break;
            };
            self.free.push(slot);
            self.live.remove(&n.seq);
            for (bucket, _) in &n.buckets {
                if let Some(w) = self.windows.get_mut(bucket) {
                    w.legs.retain(|e| e.0 != slot);
                    if w.legs.is_empty() {
                        self.windows.remove(bucket);
                    }
                }
            }
            let next = n.next;
            members.push((n.seq, slot, n.leg));
            slot = next;
        }
        members.sort_by_key(|m| m.0);
        let Some(first) = members.first().map(|m| m.0) else {
            return;
        };
        // Slot → place in the call.
        let mut place: Vec<(usize, usize)> =
            members.iter().enumerate().map(|(p, m)| (m.1, p)).collect();
        place.sort_unstable();
        let place_of = |slot: usize| {
            place
                .binary_search_by_key(&slot, |p| p.0)
                .ok()
                .and_then(|i| place.get(i))
                .map(|p| p.1)
        };
        let legs: Vec<Box<Kept>> = members.into_iter().map(|m| m.2).collect();
        // Candidate edges in the links' order: rule, bucket, later leg, earlier leg.
        let mut edges: Vec<(Rule, usize, usize, u32)> = group
            .edges
            .iter()
            .filter_map(|e| {
                let (a, b) = (place_of(e.a)?, place_of(e.b)?);
                Some((e.rule, a, b, e.media))
            })
            .collect();
        edges.sort_by(|x, y| {
            x.0.cmp(&y.0)
                .then_with(|| bucket_cmp(&legs, x, y))
                .then_with(|| x.2.cmp(&y.2))
                .then_with(|| x.1.cmp(&y.1))
        });
        let mut sets = Sets::new(legs.len());
        let mut links: Vec<Link> = edges
            .into_iter()
            .filter(|&(_, a, b, _)| sets.union(a, b))
            .map(|(rule, a, b, _)| Link {
                a: a.min(b),
                b: a.max(b),
                rule: rule.name(),
            })
            .collect();
        links.sort_by_key(|x| (x.a, x.b));
        let n = legs.len();
        self.ready.insert(first, (build(&legs, links), n));
        self.ready_legs = self.ready_legs.saturating_add(n);
    }

    /// Numbers and returns the final calls that no open group can start before.
    fn number(&mut self) -> Vec<Call> {
        let mut out = Vec::new();
        while let Some(entry) = self.ready.first_entry() {
            if self.live.first().is_some_and(|&open| open < *entry.key()) {
                break;
            }
            let (mut call, n) = entry.remove();
            self.ready_legs = self.ready_legs.saturating_sub(n);
            self.returned = self.returned.saturating_add(1);
            call.id = self.returned;
            out.push(call);
        }
        out
    }
}

/// The order of two edges' buckets within one rule: the order of the bucket keys (the
/// whole-capture pass walked its buckets in a `BTreeMap`).
fn bucket_cmp(
    legs: &[Box<Kept>],
    x: &(Rule, usize, usize, u32),
    y: &(Rule, usize, usize, u32),
) -> Ordering {
    let (Some(bx), Some(by)) = (legs.get(x.2), legs.get(y.2)) else {
        return Ordering::Equal;
    };
    match x.0 {
        Rule::Key => {
            (bx.protocol.as_str(), bx.key.as_str()).cmp(&(by.protocol.as_str(), by.key.as_str()))
        }
        Rule::Media => media_at(bx, x.3).cmp(&media_at(by, y.3)),
        Rule::Consult => (bx.session, bx.line.as_deref()).cmp(&(by.session, by.line.as_deref())),
        Rule::Number => bx.called.cmp(&by.called),
    }
}

fn media_at(leg: &Kept, i: u32) -> Option<&str> {
    usize::try_from(i)
        .ok()
        .and_then(|i| leg.media.get(i))
        .map(String::as_str)
}

/// A call of `legs` (in start order) and its `links`; its id is set when it is numbered.
fn build(legs: &[Box<Kept>], links: Vec<Link>) -> Call {
    let start = legs
        .iter()
        .map(|g| g.first_time)
        .fold(f64::INFINITY, f64::min);
    let end = legs
        .iter()
        .map(|g| g.last_time)
        .fold(f64::NEG_INFINITY, f64::max);
    let (start, end) = if legs.is_empty() {
        (0.0, 0.0)
    } else {
        (start, end.max(start))
    };
    // The parties: the first leg that shows a called number.
    let first = legs
        .iter()
        .find(|g| g.called_shown.is_some())
        .or(legs.first());
    // The final state and cause: the leg that ended last (the latest of equals).
    let last = legs
        .iter()
        .max_by(|a, b| a.last_time.total_cmp(&b.last_time));
    Call {
        id: 0,
        start,
        end,
        duration: end - start,
        calling: first.and_then(|g| g.calling_shown.clone()),
        called: first.and_then(|g| g.called_shown.clone()),
        state: last.and_then(|g| g.last_state.clone()),
        cause: last
            .and_then(|g| g.end_cause.clone())
            .or_else(|| legs.iter().rev().find_map(|g| g.end_cause.clone())),
        legs: legs
            .iter()
            .map(|g| Leg {
                protocol: g.protocol,
                session: g.session,
                key: g.key.clone(),
                frames: [g.first_frame, g.last_frame],
                start: g.first_time,
                end: g.last_time,
                calling: g.calling_shown.clone(),
                called: g.called_shown.clone(),
            })
            .collect(),
        links,
    }
}
