//! `CTI-RECORDING-EXPOSED` (medium): which calls are recorded, how, and where the recorder is,
//! read on a plaintext CTIQBE session. CallAttributeInfoEvent (241) names the recording type,
//! the forking device, the protocol reference GUID and cluster, and the recorders' URIs
//! (`MultiForkingRecorderInfo.recorderURI`, ctiqbe-wire-2 §3, §9.3). Attribute type 3 is what
//! the JTAPI client turns into a recording-target event (§6; "recording" is INFERRED from the
//! event's name): any 241 of that type, or with a forking device or recorder URI, counts.

use super::ctx::{at_field, refs, Ctx, Draft};
use crate::proto::ctiqbe::schema::PduId;
use crate::proto::ctiqbe::session::CallAttribute;
use super::Collector;
use crate::report::Severity;

/// The callAttributeType the client reports as a recording target (§6).
const RECORDING: u32 = 3;

fn is_recording(a: &CallAttribute) -> bool {
    a.attribute_type == RECORDING || a.forking_device.is_some() || !a.recorder_uris.is_empty()
}

fn describe(a: &CallAttribute) -> String {
    let mut parts = vec![format!(
        "attribute type {}, recording type {}",
        a.attribute_type, a.recording_type
    )];
    if let Some(d) = &a.forking_device {
        parts.push(format!("forked by {d} (type {})", a.forking_device_type));
    }
    if !a.recorder_uris.is_empty() {
        parts.push(format!("recorder {}", a.recorder_uris.join(", ")));
    }
    if let Some(g) = &a.protocol_reference_guid {
        parts.push(format!("reference {g}"));
    }
    parts.join("; ")
}

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx.plaintext_ctiqbe() {
        let Some(info) = s.info.ctiqbe() else { continue };
        let recorded: Vec<String> = info
            .calls
            .iter()
            .filter_map(|c| {
                let a: Vec<String> = c.attributes.iter().filter(|a| is_recording(a)).map(describe).collect();
                let who = match (c.calling.as_deref(), c.called.as_deref()) {
                    (Some(x), Some(y)) => format!(" ({x} → {y})"),
                    _ => String::new(),
                };
                (!a.is_empty()).then(|| {
                    format!(
                        "call {}{who}: {}",
                        c.global_call_id.as_deref().unwrap_or(c.leg.as_str()),
                        a.join(" / ")
                    )
                })
            })
            .collect();
        if recorded.is_empty() {
            continue;
        }
        let mut evidence = Vec::new();
        for (i, m) in cx.messages_where(s.id, |e| e.pdu == PduId::CALL_ATTRIBUTE_INFO_EVENT.0) {
            let Some(a) = info
                .calls
                .iter()
                .flat_map(|c| c.attributes.iter())
                .find(|a| a.frame == m.frame && is_recording(a))
            else {
                continue;
            };
            let path = if !a.recorder_uris.is_empty() {
                "multiForkingRecorderInfo.0.recorderURI"
            } else if a.forking_device.is_some() {
                "forkingDeviceName"
            } else {
                "callAttributeType"
            };
            evidence.push(at_field(i, &m, path, "recording (CallAttributeInfoEvent)", describe(a), false));
        }
        if evidence.is_empty() {
            continue;
        }
        out.push(Draft {
            id: "CTI-RECORDING-EXPOSED",
            severity: Severity::Medium,
            title: format!(
                "Call recording disclosed in CTIQBE: {} call{} ({} → {})",
                recorded.len(),
                if recorded.len() == 1 { "" } else { "s" },
                s.client,
                s.server
            ),
            detail: format!(
                "This plaintext CTIQBE session says which calls are recorded, how, and where the recording goes: {}. \
                 Anyone on the path learns who is recorded and the recorder's address (a target for the recordings \
                 themselves), and can tell recorded calls from unrecorded ones.",
                super::ctx::list(&recorded, 4)
            ),
            session: Some(s.id),
            evidence,
            remediation: "Move the application to CTI over TLS (TCP 2749, CAPF certificates); protect the recorder's \
                SIP trunk and media (TLS, SRTP); restrict TCP 2748 to the application servers with an ACL.",
            references: &[refs::SECURITY_GUIDE, refs::JTAPI_GUIDE, refs::TAPI_SRTP],
        }
        .build());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_names_the_call_the_forking_device_and_the_recorder() {
        let r = analyze(&capture(&[with_call_attribute(3, Some("sip:rec@10.10.30.5"))]));
        let f = only(&r, "CTI-RECORDING-EXPOSED");
        assert_eq!(f.severity, crate::report::Severity::Medium);
        for want in [
            "call 1|5001",
            "attribute type 3, recording type 1",
            "forked by BIB-SEP00AABBCCDDEE",
            "recorder sip:rec@10.10.30.5",
        ] {
            assert!(f.detail.contains(want), "{want} missing in {}", f.detail);
        }
        let e = &f.evidence[0];
        let m = r.messages.get(e.message.unwrap()).unwrap();
        assert_eq!(&m.raw[e.start as usize..e.end as usize - 1], b"sip:rec@10.10.30.5");
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_monitoring_attribute_without_recorder() {
        // Type 1 (monitoring end at call end, §6), no forking device, no recorder.
        let r = analyze(&capture(&[with_call_attribute(1, None)]));
        assert_absent(&r, "CTI-RECORDING-EXPOSED");
        let r = analyze(&capture(&[session(&SAMPLE_ALL)]));
        assert_absent(&r, "CTI-RECORDING-EXPOSED");
    }
}
