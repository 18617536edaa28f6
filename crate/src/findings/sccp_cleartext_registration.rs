//! `SCCP-CLEARTEXT-REGISTRATION` (medium): phones register with the Communications Manager in
//! clear SCCP (Skinny, TCP 2000): their device names, station user ids and addresses are
//! readable, and nothing authenticates the phone (a device name is all a RegisterReq needs,
//! so a rogue host can register as that phone). One finding per server, listing its phones.

use std::collections::{BTreeMap, HashSet};

use super::Collector;
use super::ctx::{self, at_field, refs, Ctx, Draft};
use crate::model::Protocol;
use crate::report::{Evidence, Severity};

const ID: &str = "SCCP-CLEARTEXT-REGISTRATION";

/// RegisterReq.
const REGISTER_REQ: u32 = 0x0001;

/// Evidence items kept per server (three per phone: its first 100 or so).
const MAX_EVIDENCE: usize = 300;
/// Phones named per server (all are counted).
const MAX_PHONES: usize = 20;

/// What a server's finding will say, gathered batch by batch.
#[derive(Default)]
struct Server {
    first_session: Option<u32>,
    /// Distinct phones: counted by hash, the first ones named.
    seen: HashSet<u64>,
    phones: Vec<String>,
    evidence: Vec<Evidence>,
}

/// One finding per server, over every batch: its phones and their registrations.
#[derive(Default)]
pub struct Rule {
    servers: BTreeMap<String, Server>,
}

impl super::Rule for Rule {
    fn batch(&mut self, cx: &Ctx<'_>, out: &mut Collector<'_>) {
        for s in cx.report.sessions.iter().filter(|s| s.protocol == Protocol::Sccp && !s.encrypted) {
            let Some(info) = s.info.sccp().filter(|i| i.register_frame.is_some()) else { continue };
            out.tally(ID, Severity::Medium, &s.server, "", s);
            let server = self.servers.entry(s.server.clone()).or_default();
            server.first_session.get_or_insert(s.id);
            let name = info.device_name.clone().unwrap_or_else(|| "(no device name)".into());
            let mut phone = name.clone();
            if let Some(model) = info.device_model {
                phone.push_str(&format!(" ({model}"));
                phone.push_str(&info.phone_ip.as_ref().map_or(String::new(), |ip| format!(", {ip}")));
                phone.push(')');
            }
            if server.seen.insert(super::hash_of(&phone)) && server.phones.len() < MAX_PHONES {
                server.phones.push(phone);
            }
            if server.evidence.len() >= MAX_EVIDENCE {
                continue;
            }
            for (i, m) in cx.messages_where(s.id, |e| e.pdu == REGISTER_REQ).take(1) {
                server.evidence.push(at_field(i, &m, "sid.DeviceName", "RegisterReq DeviceName", name.clone(), false));
                if let Some(ip) = info.phone_ip.clone() {
                    server.evidence.push(at_field(i, &m, "stationIpAddr", "RegisterReq stationIpAddr", ip, false));
                }
                if let Some(user) = info.user_id {
                    server.evidence.push(at_field(i, &m, "sid.reserved_for_future_use", "RegisterReq station user id", user.to_string(), false));
                }
            }
        }
    }

    fn finish(&mut self, out: &mut Collector<'_>) {
        for (server, seen) in std::mem::take(&mut self.servers) {
            if seen.evidence.is_empty() {
                continue;
            }
            let phones = &seen.phones;
            let count = seen.seen.len();
            let port = super::ctx::port(&server).unwrap_or(0);
            let mut f = Draft {
                id: ID,
                severity: Severity::Medium,
                title: format!("{count} phone(s) register in clear SCCP to {server}: {}", ctx::list_counted(phones, count, 5)),
                detail: format!(
                    "{} registered with {server} over unencrypted SCCP (Skinny{}). Device names, models, \
                     addresses, lines and every call's parties and digits are readable on the path, and the \
                     registration itself is not authenticated: any host that knows a device name can register \
                     in its place or replay its messages.",
                    ctx::list_counted(phones, count, 20),
                    if port == 2000 { ", TCP 2000" } else { "" }
                ),
                session: seen.first_session,
                evidence: seen.evidence,
                remediation: "Put the cluster in mixed mode and give the phones an encrypted security profile \
                    (SCCP over TLS on TCP 2443, authenticated by their LSC/MIC certificates), or move them to \
                    encrypted SIP; then restrict TCP 2000 to the voice VLAN.",
                references: &[refs::SECURITY_GUIDE, refs::CUCM_PHONE_SECURITY],
            }
            .build();
            f.server = Some(server);
            out.push(f);
        }
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
