//! `SCCP-CLEARTEXT-REGISTRATION` (medium): phones register with the Communications Manager in
//! clear SCCP (Skinny, TCP 2000): their device names, station user ids and addresses are
//! readable, and nothing authenticates the phone (a device name is all a RegisterReq needs,
//! so a rogue host can register as that phone). One finding per server, listing its phones.

use std::collections::BTreeMap;

use super::Collector;
use super::ctx::{at_field, list, refs, Ctx, Draft};
use crate::model::Protocol;
use crate::report::{Evidence, Session, Severity};

/// RegisterReq.
const REGISTER_REQ: u32 = 0x0001;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    let mut by_server: BTreeMap<&str, Vec<&Session>> = BTreeMap::new();
    for s in cx.report.sessions.iter().filter(|s| s.protocol == Protocol::Sccp && !s.encrypted) {
        if s.info.sccp().is_some_and(|i| i.register_frame.is_some()) {
            by_server.entry(s.server.as_str()).or_default().push(s);
        }
    }
    for (server, sessions) in by_server {
        let mut phones: Vec<String> = Vec::new();
        let mut evidence: Vec<Evidence> = Vec::new();
        for s in &sessions {
            let Some(info) = s.info.sccp() else { continue };
            let name = info.device_name.clone().unwrap_or_else(|| "(no device name)".into());
            let mut phone = name.clone();
            if let Some(model) = info.device_model {
                phone.push_str(&format!(" ({model}"));
                phone.push_str(&info.phone_ip.as_ref().map_or(String::new(), |ip| format!(", {ip}")));
                phone.push(')');
            }
            if !phones.contains(&phone) {
                phones.push(phone);
            }
            for (i, m) in cx.messages_where(s.id, |e| e.pdu == REGISTER_REQ).take(1) {
                evidence.push(at_field(i, &m, "sid.DeviceName", "RegisterReq DeviceName", name.clone(), false));
                if let Some(ip) = info.phone_ip.clone() {
                    evidence.push(at_field(i, &m, "stationIpAddr", "RegisterReq stationIpAddr", ip, false));
                }
                if let Some(user) = info.user_id {
                    evidence.push(at_field(i, &m, "sid.reserved_for_future_use", "RegisterReq station user id", user.to_string(), false));
                }
            }
        }
        if evidence.is_empty() {
            continue;
        }
        let port = super::ctx::port(server).unwrap_or(0);
        out.push(
            Draft {
                id: "SCCP-CLEARTEXT-REGISTRATION",
                severity: Severity::Medium,
                title: format!("{} phone(s) register in clear SCCP to {server}: {}", phones.len(), list(&phones, 5)),
                detail: format!(
                    "{} registered with {server} over unencrypted SCCP (Skinny{}). Device names, models, \
                     addresses, lines and every call's parties and digits are readable on the path, and the \
                     registration itself is not authenticated: any host that knows a device name can register \
                     in its place or replay its messages.",
                    list(&phones, 20),
                    if port == 2000 { ", TCP 2000" } else { "" }
                ),
                session: sessions.first().map(|s| s.id),
                evidence,
                remediation: "Put the cluster in mixed mode and give the phones an encrypted security profile \
                    (SCCP over TLS on TCP 2443, authenticated by their LSC/MIC certificates), or move them to \
                    encrypted SIP; then restrict TCP 2000 to the voice VLAN.",
                references: &[refs::SECURITY_GUIDE, refs::CUCM_PHONE_SECURITY],
            }
            .build()
            .covering(sessions.iter().map(|s| s.id).collect()),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_one_finding_per_server_with_its_phones() {
        let r = analyze(&capture(&[sccp_phone("SEP001122334455", [10, 0, 0, 5], false), sccp_phone("SEP00AABBCCDDEE", [10, 0, 0, 6], false)]));
        let f = only(&r, "SCCP-CLEARTEXT-REGISTRATION");
        assert!(f.title.starts_with("2 phone(s)"), "{}", f.title);
        assert!(f.title.contains("SEP001122334455") && f.title.contains("SEP00AABBCCDDEE"));
        let e = &f.evidence[0];
        let m = r.messages.get(e.message.unwrap()).unwrap();
        assert_eq!(m.name, "RegisterReq");
        assert_eq!((e.start, e.end), (12, 28));
        assert_eq!(&m.raw[12..27], b"SEP001122334455");
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_sccp_without_registration() {
        let r = analyze(&capture(&[sccp_conv(vec![(true, crate::proto::sccp::frame::tests::build(0, 0, &[]))])]));
        assert_absent(&r, "SCCP-CLEARTEXT-REGISTRATION");
        assert_eq!(r.sessions.len(), 1);
    }
}
