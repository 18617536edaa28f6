//! `SCCP-DIGITS-EXPOSED` (high): keypad digits pressed during an established call travel in
//! clear SCCP KeypadButton messages. Digits typed once a call is connected go to an IVR, a
//! voicemail system or a conference bridge: PINs, account and card numbers, passcodes. The
//! evidence masks them (the message's hex view still shows them).

use std::collections::BTreeSet;

use super::Collector;
use super::ctx::{at_field, list, mask, refs, Ctx, Draft};
use crate::model::Protocol;
use crate::proto::sccp::kp_digit;
use crate::report::Severity;

/// KeypadButton.
const KEYPAD_BUTTON: u32 = 0x0003;

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx.report.sessions.iter().filter(|s| s.protocol == Protocol::Sccp && !s.encrypted) {
        let Some(info) = s.info.sccp() else { continue };
        let frames: BTreeSet<u64> = info.calls.iter().flat_map(|c| c.digits_in_call_frames.iter().copied()).collect();
        if frames.is_empty() {
            continue;
        }
        let calls: Vec<String> = info.calls.iter().filter(|c| c.digits_in_call > 0).map(|c| c.leg.key.clone()).collect();
        let total: u32 = info.calls.iter().map(|c| c.digits_in_call).sum();
        let mut evidence = Vec::new();
        for (i, m) in cx.messages_where(s.id, |e| e.pdu == KEYPAD_BUTTON && frames.contains(&e.frame)) {
            let digit = m.fields.get("kpButton").and_then(|v| v.as_u64()).and_then(|v| u32::try_from(v).ok()).and_then(kp_digit);
            if let Some(d) = digit {
                evidence.push(at_field(i, &m, "kpButton", "KeypadButton kpButton (connected call)", mask(&d.to_string()), true));
            }
        }
        if evidence.is_empty() {
            continue;
        }
        let device = info.device_name.clone().unwrap_or_else(|| s.client.clone());
        out.push(
            Draft {
                id: "SCCP-DIGITS-EXPOSED",
                severity: Severity::High,
                title: format!("{total} keypad digit(s) pressed in connected calls readable in clear SCCP ({device})"),
                detail: format!(
                    "{device} sent {total} KeypadButton message(s) while call(s) {} were connected, on unencrypted \
                     SCCP to {}. Digits typed in an established call are what IVRs, voicemail and conference \
                     bridges ask for: PINs, account and card numbers. Anyone on the path reads them (the evidence \
                     masks them; the messages do not).",
                    list(&calls, 5),
                    s.server
                ),
                session: Some(s.id),
                evidence,
                remediation: "Give the phones an encrypted security profile (SCCP over TLS, TCP 2443, with SRTP), or \
                    move them to encrypted SIP; until then treat the voice VLAN as carrying cardholder and \
                    authentication data (PCI DSS scope).",
                references: &[refs::SECURITY_GUIDE, refs::CUCM_PHONE_SECURITY],
            }
            .build()
            .naming(device.clone()),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_digits_in_connected_call_masked() {
        let r = analyze(&capture(&[sccp_phone("SEP001122334455", [10, 0, 0, 5], true)]));
        let f = only(&r, "SCCP-DIGITS-EXPOSED");
        assert!(f.title.starts_with("2 keypad digit(s)"), "{}", f.title);
        assert_eq!(f.evidence.len(), 2);
        for e in &f.evidence {
            assert!(e.masked);
            assert_eq!(e.value, "*");
            let m = r.messages.get(e.message.unwrap()).unwrap();
            assert_eq!(m.name, "KeypadButton");
            assert_eq!((e.start, e.end), (12, 16));
        }
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_digits_dialled_before_connect_only() {
        let r = analyze(&capture(&[sccp_phone("SEP001122334455", [10, 0, 0, 5], false)]));
        assert_absent(&r, "SCCP-DIGITS-EXPOSED");
        assert_eq!(count(&r, "SCCP-CLEARTEXT-REGISTRATION"), 1);
    }
}
