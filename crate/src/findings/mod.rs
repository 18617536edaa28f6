//! Security findings: small rules over the finished report's flows, sessions, messages and
//! events (never over raw bytes again). Each rule is a pure function in its own file,
//! `fn check(&Ctx) -> Vec<Finding>`, with its positive and negative tests at the bottom;
//! `docs/findings.md` documents every rule (id, severity, trigger, evidence, remediation,
//! references).
//!
//! Evidence points at decoded values: the frame, the message (index into
//! `Report::messages`) and the byte range of the value within that message, so the page can
//! highlight it. Secrets are masked (first and last character only, `Evidence::masked`).

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

use crate::report::{Finding, Report};
use ctx::Ctx;

/// Every rule, in documentation order.
const RULES: &[fn(&Ctx<'_>) -> Vec<Finding>] = &[
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

/// Runs every rule and stores the findings in the report: most severe first, then by id,
/// then by session.
pub fn run(mut report: Report) -> Report {
    let mut findings: Vec<Finding> = {
        let ctx = Ctx::new(&report);
        RULES.iter().flat_map(|rule| rule(&ctx)).collect()
    };
    findings.append(&mut report.findings);
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.session.cmp(&b.session))
            .then_with(|| a.frames.cmp(&b.frames))
    });
    report.findings = findings;
    report
}
