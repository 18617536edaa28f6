//! `CTI-SERVER-PASSWORD-EXPOSED` (critical): an OPEN_REQ whose ClientPassword is not empty. The
//! CTI Server password of the application travels in clear text (UNSPEC, spec §7 / §13); the
//! evidence masks it (the message's hex view still holds it).

use super::Collector;
use super::ctx::{at_field, mask, refs, Ctx, Draft};
use crate::proto::ged188::schema::mt;
use crate::report::Severity;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for (s, info) in cx.ged188() {
        let mut evidence = Vec::new();
        for (i, m) in cx.messages_where(s.id, |e| e.pdu == mt::OPEN_REQ) {
            let Some(pw) = m.fields.get("ClientPassword").and_then(|v| v.as_str()).filter(|p| !p.is_empty()) else { continue };
            evidence.push(at_field(i, &m, "ClientPassword", "OPEN_REQ ClientPassword", mask(pw), true));
        }
        if evidence.is_empty() {
            continue;
        }
        let client = info.client_id.clone().unwrap_or_else(|| s.client.clone());
        out.push(
            Draft {
                id: "CTI-SERVER-PASSWORD-EXPOSED",
                severity: Severity::Critical,
                title: format!("CTI Server client password readable in clear text ({client})"),
                detail: format!(
                    "The OPEN_REQ of CTI client {client} ({} → {}) carries its ClientPassword in clear text. Anyone on \
                     the path can open their own CTI Server session as this client and monitor or control agents and \
                     calls (the evidence masks the password; the capture does not — redact it before sharing).",
                    s.client, s.server
                ),
                session: Some(s.id),
                evidence,
                remediation: "Change this CTI client's password, restrict which hosts may connect to the CTI Server \
                    ports, and carry the CTI link only over a protected segment or an encrypted tunnel.",
                references: &[refs::CTI_SERVER_GUIDE, refs::GED188_SPEC],
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
    fn positive_masked_at_the_password_bytes() {
        let r = analyze(&capture(&[ged188_session(15, b"S3cr3t-pw\0", false)]));
        let f = only(&r, "CTI-SERVER-PASSWORD-EXPOSED");
        assert_eq!(f.evidence.len(), 1);
        let e = &f.evidence[0];
        assert!(e.masked);
        assert_eq!(e.value, "S*******w");
        let m = r.messages.get(e.message.unwrap()).unwrap();
        assert_eq!(&m.raw[e.start as usize..e.end as usize], b"S3cr3t-pw\0");
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_empty_password() {
        let r = analyze(&capture(&[ged188_session(15, b"\0", false)]));
        assert_absent(&r, "CTI-SERVER-PASSWORD-EXPOSED");
    }
}
