//! `CTI-MONITORING-EXPOSED` (high): silent monitoring, barge or recording started over a
//! plaintext CTIQBE session. Who is monitored or recorded, on which line and call, is visible
//! to anyone on the path, and an attacker who can inject into the session can start the same
//! monitoring or recording as this application (silent listening to calls).

use super::Collector;
use super::ctx::{self, at_field, refs, Ctx, Draft};
use crate::model::Message;
use crate::report::{Session, Severity};

/// (PDU, what it starts or stops, whether it starts), `ctiqbe-wire.md` §7 and §8.1.1.
const MONITORING: &[(u32, &str, bool)] = &[
    (
        231,
        "silent monitoring started (LineCallStartMonitoringRequest)",
        true,
    ),
    (233, "recording started (CallRecordingStartRequest)", true),
    (235, "recording stopped (CallStopRecordingRequest)", false),
    (
        273,
        "monitoring mode changed (LineCallMonitorUpdateRequest)",
        false,
    ),
    (237, "monitoring started (CallMonitoringStartedEvent)", true),
    (238, "monitoring ended (CallMonitoringEndedEvent)", false),
    (239, "recording started (CallRecordingStartedEvent)", true),
    (240, "recording ended (CallRecordingEndedEvent)", false),
    (176, "barge started (LineBargeStartedEvent)", true),
    (177, "barge ended (LineBargeEndedEvent)", false),
    (196, "cBarge started (LineCBargeStartedEvent)", true),
    (197, "cBarge ended (LineCBargeEndedEvent)", false),
];

fn handle(m: &Message, cm: &str, id: &str) -> Option<String> {
    Some(format!(
        "{}|{}",
        ctx::field(m, cm)?.as_u64()?,
        ctx::field(m, id)?.as_u64()?
    ))
}

/// `line 1001 (1|144), call 1|9001 1001 → 1002`, from the session's lines and calls.
fn subject(s: &Session, m: &Message) -> String {
    let info = s.info.ctiqbe();
    let mut parts = Vec::new();
    if let Some(h) = handle(m, "lineCallManagerID", "lineID") {
        let dn = info
            .and_then(|i| {
                i.lines
                    .iter()
                    .find(|l| l.handle.as_deref() == Some(h.as_str()))
            })
            .map(|l| l.dn.clone());
        parts.push(match dn {
            Some(dn) => format!("line {dn} (handle {h})"),
            None => format!("line handle {h}"),
        });
    }
    if let Some(h) = handle(m, "callLegCallManagerID", "callLegID")
        .or_else(|| handle(m, "callCallManagerID", "callLegID"))
    {
        let call = info.and_then(|i| i.calls.iter().find(|c| c.leg == h));
        let who = call.and_then(|c| {
            Some(format!(
                " {} → {}",
                c.calling.as_deref()?,
                c.called.as_deref()?
            ))
        });
        parts.push(format!("call {h}{}", who.unwrap_or_default()));
    }
    for k in ["targetAddress", "callingAddress"] {
        if let Some(v) = ctx::field(m, k).map(ctx::text).filter(|t| !t.is_empty()) {
            parts.push(format!("{k} {v}"));
        }
    }
    parts.join(", ")
}

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx.plaintext_ctiqbe() {
        let mut evidence = Vec::new();
        let mut started = Vec::new();
        for (i, m) in cx.messages_where(s.id, |e| MONITORING.iter().any(|(p, _, _)| *p == e.pdu)) {
            let m = &m;
            let Some((_, what, starts)) = MONITORING.iter().find(|(p, _, _)| *p == m.pdu) else {
                continue;
            };
            let sub = subject(s, m);
            let path = if m.fields.contains_key("lineID") {
                "lineID"
            } else {
                "@header.pduId"
            };
            evidence.push(at_field(
                i,
                m,
                path,
                what,
                if sub.is_empty() {
                    m.summary.clone()
                } else {
                    sub.clone()
                },
                false,
            ));
            if *starts {
                started.push(format!(
                    "{what} on {}",
                    if sub.is_empty() {
                        "an unnamed line".into()
                    } else {
                        sub
                    }
                ));
            }
        }
        if started.is_empty() {
            continue;
        }
        let user = s
            .info
            .ctiqbe()
            .and_then(|i| i.provider.login.as_deref())
            .unwrap_or("an unknown application user");
        out.push(Draft {
            id: "CTI-MONITORING-EXPOSED",
            severity: Severity::High,
            title: format!("Call monitoring/recording controlled in the clear by \"{user}\""),
            detail: format!(
                "Over plaintext CTIQBE ({} → {}), the application user \"{user}\": {}. Whoever sees this traffic \
                 learns who is being recorded or listened to; whoever can inject into it can start silent \
                 monitoring or recording of other calls with this application's rights.",
                s.client,
                s.server,
                started.join("; ")
            ),
            session: Some(s.id),
            evidence,
            remediation: "Run monitoring and recording applications over CTI over TLS (TCP 2749) with CAPF-issued \
                certificates; grant \"Standard CTI Allow Call Monitoring\" / \"Standard CTI Allow Call Recording\" \
                only to the application users that need them; restrict TCP 2748 with an ACL.",
            references: &[refs::SECURITY_GUIDE, refs::JTAPI_GUIDE, refs::TAPI_SRTP],
        }
        .build()
        .naming(user));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_recording_start_names_line_and_call() {
        let r = analyze(&capture(&[with_recording()]));
        let f = only(&r, "CTI-MONITORING-EXPOSED");
        assert_eq!(f.severity, crate::report::Severity::High);
        assert!(f.detail.contains("recording started (CallRecordingStartRequest) on line 3001 (handle 1|144), call 1|9001 3001 → 915551234567"), "{}", f.detail);
        assert!(f.title.contains("ivr_jtapi"));
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_no_monitoring() {
        let r = analyze(&capture(&[session(&SAMPLE_ALL)]));
        assert_absent(&r, "CTI-MONITORING-EXPOSED");
    }
}
