//! `CTI-LOGIN-FAILURES` (medium; low for a single failure): failed ProviderOpen attempts,
//! grouped by client address. Repeated failures (0x8CCC… reason codes such as "directory login
//! failed" or "locked due to too many attempts") are what password guessing against CTI
//! application users looks like; a lock-out is also a denial of service for the application.

use std::collections::BTreeMap;

use super::Collector;
use super::ctx::{self, at_field, refs, Ctx, Draft};
use crate::proto::ctiqbe::schema::result_meaning;
use crate::proto::ctiqbe::session::top_u32;
use crate::report::{Evidence, Severity};
use crate::store::Entry;

const FAILURE_RESPONSE: u32 = 0;
const PROVIDER_OPEN_REQUEST: u32 = 3;
const PROVIDER_OPEN_RESPONSE: u32 = 4;
const PROVIDER_OPEN_COMPLETED_EVENT: u32 = 126;
const PROVIDER_INIT_REQUEST: u32 = 310;
/// "Directory login failed - locked due to too many attempts" (`ctiqbe-evidence.md` §4.5).
const LOCKED: u32 = 0x8CCC_011F;

struct Failure {
    session: u32,
    login: String,
    code: u32,
    evidence: Vec<Evidence>,
}

/// The top-level number `name` of kept message `i`: from the fixed part when the frame is
/// clean (what the decode would give), else from the decoded message.
fn code_of(cx: &Ctx<'_>, i: usize, e: &Entry, name: &str) -> Option<u64> {
    if !e.has_errors {
        if let Some(raw) = cx.report.messages.raw(i) {
            return top_u32(&raw, e.pdu, name).map(u64::from);
        }
    }
    let m = cx.report.messages.get(i)?;
    ctx::field(&m, name).and_then(|v| v.as_u64())
}

const ID: &str = "CTI-LOGIN-FAILURES";
/// Failures listed per client (sessions, logins, codes, evidence); beyond, they are counted.
const MAX_FAILURES: usize = 1000;

/// A client's failures so far.
#[derive(Default)]
struct Client {
    /// The server of its first failure's session: the group's server.
    server: String,
    failures: Vec<Failure>,
    count: usize,
    locked: bool,
}

/// Failed logins grouped by client host, over every batch: a client's severity depends on how
/// many failed, so its sessions are counted in at the low severity and the group moves to
/// medium at the end when it must.
#[derive(Default)]
pub struct Rule {
    clients: BTreeMap<String, Client>,
}

impl super::Rule for Rule {
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>) {
        check(cx, out, &mut self.clients);
    }

    fn finish(&mut self, out: &mut Collector<'_>) {
        for (client, c) in std::mem::take(&mut self.clients) {
            report(out, &client, c);
        }
    }
}

fn check(cx: &Ctx<'_>, out: &mut Collector<'_>, by_client: &mut BTreeMap<String, Client>) {
    for s in cx.plaintext_ctiqbe() {
        let mut login = String::new();
        let mut login_ev = None;
        let mut open_frames = Vec::new();
        let relevant = |e: &Entry| {
            matches!(
                e.pdu,
                PROVIDER_OPEN_REQUEST
                    | PROVIDER_INIT_REQUEST
                    | PROVIDER_OPEN_COMPLETED_EVENT
                    | PROVIDER_OPEN_RESPONSE
                    | FAILURE_RESPONSE
            )
        };
        // Most sessions never fail: their messages are not decoded. Result codes are read from
        // the fixed part of clean frames ([`code_of`]); a failure's messages are decoded for
        // its evidence only.
        let mut open_request: Option<usize> = None;
        for (i, e) in cx.entries(s.id).filter(|(_, e)| relevant(e)) {
            let failed = match e.pdu {
                PROVIDER_OPEN_REQUEST | PROVIDER_INIT_REQUEST => {
                    open_frames.push(e.frame);
                    if e.pdu == PROVIDER_OPEN_REQUEST {
                        open_request = Some(i);
                    }
                    None
                }
                PROVIDER_OPEN_COMPLETED_EVENT => code_of(cx, i, &e, "reason")
                    .filter(|r| *r != 0)
                    .map(|r| (r, "reason")),
                PROVIDER_OPEN_RESPONSE => code_of(cx, i, &e, "result")
                    .filter(|r| *r != 0)
                    .map(|r| (r, "result")),
                FAILURE_RESPONSE if e.request_frame().is_some_and(|f| open_frames.contains(&f)) => {
                    code_of(cx, i, &e, "result").map(|r| (r, "result"))
                }
                _ => None,
            };
            let Some((code, path)) = failed else { continue };
            let Some(m) = cx.report.messages.get(i) else { continue };
            let m = &m;
            if let Some((oi, om)) = open_request.and_then(|oi| cx.report.messages.get(oi).map(|om| (oi, om))) {
                login = ctx::field(&om, "login").map(ctx::text).unwrap_or_default();
                login_ev = Some(at_field(
                    oi,
                    &om,
                    "login",
                    "ProviderOpenRequest login",
                    login.clone(),
                    false,
                ));
            }
            let code = u32::try_from(code).unwrap_or(u32::MAX);
            let meaning = result_meaning(code).unwrap_or("failure");
            let mut evidence: Vec<Evidence> = login_ev.iter().cloned().collect();
            evidence.push(at_field(
                i,
                m,
                path,
                &format!("{} {path}", m.name),
                format!("0x{code:08X} {meaning}"),
                false,
            ));
            let host = ctx::host(&s.client);
            let c = by_client.entry(host.to_string()).or_default();
            if c.count == 0 {
                c.server.clone_from(&s.server);
            }
            out.tally(ID, Severity::Low, &c.server, host, s);
            c.count = c.count.saturating_add(1);
            c.locked |= code == LOCKED;
            if c.failures.len() < MAX_FAILURES {
                c.failures.push(Failure {
                    session: s.id,
                    login: login.clone(),
                    code,
                    evidence,
                });
            }
            break; // one failure per session: a failed open ends the attempt
        }
    }
}

/// The finding of one client's failures.
fn report(out: &mut Collector<'_>, client: &str, c: Client) {
    {
        let Client { server, failures, count, locked } = c;
        let n = count;
        let severity = if n >= 2 || locked {
            Severity::Medium
        } else {
            Severity::Low
        };
        let mut logins: Vec<String> = failures
            .iter()
            .map(|f| f.login.clone())
            .filter(|l| !l.is_empty())
            .collect();
        logins.dedup();
        let codes: Vec<String> = failures
            .iter()
            .map(|f| {
                format!(
                    "0x{:08X} ({})",
                    f.code,
                    result_meaning(f.code).unwrap_or("unknown code")
                )
            })
            .collect();
        let sessions: Vec<u32> = failures.iter().map(|f| f.session).collect();
        let sessions = if n > sessions.len() {
            format!("{sessions:?} and {} more", n.saturating_sub(sessions.len()))
        } else {
            format!("{sessions:?}")
        };
        if severity != Severity::Low {
            out.rekey(ID, Severity::Low, severity, &server, client);
        }
        let mut f = Draft {
            id: ID,
            severity,
            title: format!("{n} failed provider login{} from {client}", if n == 1 { "" } else { "s" }),
            detail: format!(
                "{client} failed to open a CTI provider {n} time{} (sessions {}) as {}: {}. {}",
                if n == 1 { "" } else { "s" },
                sessions,
                if logins.is_empty() { "an unknown user".to_string() } else { logins.join(", ") },
                ctx::list_counted(&codes, n, 5),
                if n >= 2 || locked {
                    "Repeated failures are consistent with password guessing against the application user (or a \
                     misconfigured application retrying); a locked account also stops the application."
                } else {
                    "A single failure is usually a configuration error; watch for repeats."
                }
            ),
            session: failures.first().map(|f| f.session),
            evidence: failures.into_iter().flat_map(|f| f.evidence).collect(),
            remediation: "Check the application user's credentials and lock-out state in CUCM (End User / \
                Application User, credential policy); if the client is not a known application server, block it \
                and investigate; restrict TCP 2748/2749 with an ACL to the application servers.",
            references: &[refs::LOGIN_ALARMS, refs::SECURITY_GUIDE],
        }
        .build()
        .about(client);
        f.server = Some(server);
        out.push(f);
    }
}


#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;
    use crate::report::Severity;

    #[test]
    fn positive_repeated_failures_grouped_by_client() {
        let r = analyze(&capture(&[
            failed_open(0x8CCC_005F),
            failed_open(0x8CCC_011F),
        ]));
        let f = only(&r, "CTI-LOGIN-FAILURES");
        assert_eq!(f.severity, Severity::Medium);
        assert!(
            f.title
                .starts_with("2 failed provider logins from 10.20.30.41"),
            "{}",
            f.title
        );
        assert!(
            f.detail.contains("locked due to too many attempts"),
            "{}",
            f.detail
        );
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_successful_opens() {
        let r = analyze(&capture(&[
            session(&SAMPLE_OPEN_ONLY),
            session(&SAMPLE_OPEN_ONLY),
        ]));
        assert_absent(&r, "CTI-LOGIN-FAILURES");
    }
}
