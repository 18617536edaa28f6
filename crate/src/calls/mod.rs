//! Calls followed across protocols (issue 14): a pass between the sessions and the findings.
//!
//! Every decoder gives its calls as [`CallLeg`](crate::model::CallLeg)s (CTIQBE through `proto::ctiqbe::session::CallInfo::to_leg`). This
//! pass links legs that are one call, each link with the rule that made it, and merges linked
//! legs with a union-find into [`Call`]s. The rules, strongest first (docs/calls.md):
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
//! spanning forest, built strongest rule first), so a call of `n` legs has `n - 1` links.
//!
//! The work is done by a [`Correlator`] that takes sessions as they end and returns each call
//! as soon as no later leg can join it or start before it (issue 18, module `stream`):
//! memory follows the calls in progress, not the capture. [`correlate`] feeds it every session
//! at once. Legs held at once beyond [`Limits::calls_max_legs`] are not correlated, and each
//! rule compares a leg with at most [`Limits::calls_max_candidates`] earlier live legs of the
//! same key, address, line or number; both caps are reported in `report.limits` when reached.

use serde::Serialize;

use crate::limits::Limits;
use crate::model::Protocol;
use crate::report::{LimitHit, Session};

#[cfg(test)]
mod reference;
mod stream;

pub use stream::Correlator;

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

/// Correlates the legs of every session into calls: a [`Correlator`] fed every session, then
/// finished. Returns the calls (in start order) and the caps reached.
pub fn correlate(sessions: &[Session], limits: &Limits) -> (Vec<Call>, Vec<LimitHit>) {
    let mut c = Correlator::new(limits);
    for s in sessions {
        c.add(s);
    }
    c.finish()
}

#[cfg(test)]
mod tests;
