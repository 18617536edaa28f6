//! `CTI-SERVER-AGENT-PASSWORD-EXPOSED` (critical): an AgentPassword (tag 49, SET_AGENT_STATE_REQ
//! login, spec §13) readable in clear text. Agents' ACD passwords let anyone log the agent in
//! or out and act in their name; the evidence masks them.

use std::collections::BTreeSet;

use super::Collector;
use super::ctx::{at_field, list, mask, refs, Ctx, Draft};
use crate::report::Severity;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for (s, _) in cx.ged188() {
        let mut evidence = Vec::new();
        let mut agents = BTreeSet::new();
        for (i, m) in cx.messages_where(s.id, |e| crate::proto::ged188::schema::may_carry_tags(e.pdu)) {
            let Some(pw) = m.fields.get("AgentPassword").and_then(|v| v.as_str()).filter(|p| !p.is_empty()) else { continue };
            if let Some(a) = m.fields.get("AgentID").and_then(|v| v.as_str()) {
                agents.insert(a.to_string());
            }
            evidence.push(at_field(i, &m, "AgentPassword", &format!("{} AgentPassword", m.name), mask(pw), true));
        }
        if evidence.is_empty() {
            continue;
        }
        let agents: Vec<String> = agents.into_iter().collect();
        out.push(
            Draft {
                id: "CTI-SERVER-AGENT-PASSWORD-EXPOSED",
                severity: Severity::Critical,
                title: format!("Agent password(s) readable in clear text ({} agent(s))", agents.len().max(1)),
                detail: format!(
                    "{} message(s) of this CTI Server session ({} → {}) carry an AgentPassword in clear text{}. Anyone on \
                     the path can log these agents in or out and change their state (the evidence masks the passwords; \
                     the capture does not — redact it before sharing).",
                    evidence.len(),
                    s.client,
                    s.server,
                    if agents.is_empty() { String::new() } else { format!(" (agents {})", list(&agents, 5)) }
                ),
                session: Some(s.id),
                evidence,
                remediation: "Change the exposed agents' passwords; protect the CTI link (dedicated segment or \
                    encrypted tunnel) or move agent desktops to Finesse / CTI OS over TLS, which do not send the ACD \
                    password over GED-188 from the desktop.",
                references: &[refs::CTI_SERVER_GUIDE, refs::GED188_SPEC],
            }
            .build(),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_login_with_agent_password() {
        let r = analyze(&capture(&[ged188_agent_login(Some(b"AgentPw!1\0"))]));
        let f = only(&r, "CTI-SERVER-AGENT-PASSWORD-EXPOSED");
        assert_eq!(f.evidence.len(), 1);
        assert!(f.evidence[0].masked);
        assert_eq!(f.evidence[0].value, "A*******1");
        assert!(f.detail.contains("agents 1001"), "{}", f.detail);
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_state_change_without_password() {
        let r = analyze(&capture(&[ged188_agent_login(None)]));
        assert_absent(&r, "CTI-SERVER-AGENT-PASSWORD-EXPOSED");
    }
}
