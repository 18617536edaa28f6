//! `CTI-SERVER-EMPTY-PASSWORD` (high): an OPEN_REQ without a ClientPassword (or with an empty
//! one) that the server answered with OPEN_CONF — the CTI Server accepts unauthenticated
//! clients.

use super::Collector;
use super::ctx::{at_field, whole, Ctx, Draft, refs};
use crate::proto::ged188::schema::mt;
use crate::report::Severity;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for (s, info) in cx.ged188() {
        if info.open_result != Some("OPEN_CONF") {
            continue;
        }
        let mut evidence = Vec::new();
        for (i, m) in cx.messages_where(s.id, |e| e.pdu == mt::OPEN_REQ || e.pdu == mt::OPEN_CONF) {
            if m.pdu == mt::OPEN_CONF {
                if !evidence.is_empty() {
                    evidence.push(whole(i, &m, "OPEN_CONF (session accepted)", m.summary.clone()));
                    break;
                }
                continue;
            }
            match m.fields.get("ClientPassword").and_then(|v| v.as_str()) {
                Some("") => evidence.push(at_field(i, &m, "ClientPassword", "OPEN_REQ ClientPassword (empty)", String::new(), false)),
                None => evidence.push(whole(i, &m, "OPEN_REQ without ClientPassword", m.summary.clone())),
                Some(_) => {}
            }
        }
        if evidence.len() < 2 {
            continue;
        }
        let client = info.client_id.clone().unwrap_or_else(|| s.client.clone());
        out.push(
            Draft {
                id: "CTI-SERVER-EMPTY-PASSWORD",
                severity: Severity::High,
                title: format!("CTI Server accepted a client without a password ({client})"),
                detail: format!(
                    "CTI client {client} opened a session on {} with an empty ClientPassword and the server confirmed \
                     it (OPEN_CONF): anyone who can reach the CTI Server port can open a session with any ClientID and \
                     read or control what the granted services allow.",
                    s.server
                ),
                session: Some(s.id),
                evidence,
                remediation: "Require a client password on the CTI Server (PG CTI Server configuration), give each CTI \
                    application its own credentials, and allow the CTI Server ports only from the known CTI clients.",
                references: &[refs::CTI_SERVER_GUIDE],
            }
            .build()
            .naming(client.clone()),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_empty_password_confirmed() {
        let r = analyze(&capture(&[ged188_session(14, b"\0", false)]));
        let f = only(&r, "CTI-SERVER-EMPTY-PASSWORD");
        assert_eq!(f.evidence.len(), 2);
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_with_password_or_without_confirmation() {
        let r = analyze(&capture(&[ged188_session(14, b"pw\0", false)]));
        assert_absent(&r, "CTI-SERVER-EMPTY-PASSWORD");
        let r = analyze(&capture(&[ged188_open_refused(b"\0")]));
        assert_absent(&r, "CTI-SERVER-EMPTY-PASSWORD");
    }
}
