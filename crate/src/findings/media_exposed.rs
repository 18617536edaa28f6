//! `CTI-MEDIA-EXPOSED` (high): the RTP addresses, ports and codecs of monitored calls, read on
//! a plaintext CTIQBE session. StartTransmissionEvent (91) says where a device sends a call
//! leg's audio, StartReceptionEvent (90) where it listens (ctiqbe-wire-2 §3, §6, §9.1): with
//! them an observer on the path knows which RTP streams belong to which call and can record
//! them, and one who can inject into the session (no server-certificate check on 2748) can
//! rewrite them. The detail counts the call legs and streams and quotes the first stream.

use super::ctx::{at_field, refs, Ctx, Draft};
use crate::proto::ctiqbe::schema::PduId;
use crate::proto::ctiqbe::session::CallMedia;
use super::Collector;
use crate::report::Severity;

/// Media events kept as evidence per session (every stream is still counted).
const MAX_EVIDENCE: usize = 8;

fn is_media_start(pdu: u32) -> bool {
    pdu == PduId::START_TRANSMISSION_EVENT.0 || pdu == PduId::START_RECEPTION_EVENT.0
}

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx.plaintext_ctiqbe() {
        let Some(info) = s.info.ctiqbe() else { continue };
        let legs: Vec<_> = info.calls.iter().filter(|c| !c.media.is_empty()).collect();
        let Some(first_leg) = legs.first() else { continue };
        let streams: usize = legs.iter().map(|c| c.media.len()).sum();
        let describe = |m: &CallMedia| m.describe();
        let mut evidence = Vec::new();
        for (i, m) in cx.messages_where(s.id, |e| is_media_start(e.pdu)).take(MAX_EVIDENCE) {
            let stream = info
                .calls
                .iter()
                .flat_map(|c| c.media.iter())
                .find(|x| x.frame == m.frame)
                .map(describe)
                .unwrap_or_else(|| m.summary.clone());
            evidence.push(at_field(i, &m, "ipAddr", &format!("RTP endpoint ({})", m.name), stream, false));
        }
        if evidence.is_empty() {
            continue;
        }
        let first = first_leg.media.first().map(describe).unwrap_or_default();
        let parties = match (first_leg.calling.as_deref(), first_leg.called.as_deref()) {
            (Some(a), Some(b)) => format!(" ({a} → {b})"),
            _ => String::new(),
        };
        let device = first_leg
            .media
            .first()
            .and_then(|m| m.device.as_deref())
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        out.push(Draft {
            id: "CTI-MEDIA-EXPOSED",
            severity: Severity::High,
            title: format!(
                "RTP addresses of {} call leg{} readable in CTIQBE: {} → {}",
                legs.len(),
                if legs.len() == 1 { "" } else { "s" },
                s.client,
                s.server
            ),
            detail: format!(
                "This plaintext CTIQBE session carries the media endpoints of {} call leg{} ({streams} RTP stream{}: \
                 address, port, codec and packet size, from StartTransmission/StartReception events). First: call {}{parties}{device}, \
                 {first}. That is what an attacker needs to pick the RTP streams of chosen calls and record them, or to \
                 inject into them; with no server-certificate check on TCP 2748, one who can take over the session can \
                 also rewrite these addresses.",
                legs.len(),
                if legs.len() == 1 { "" } else { "s" },
                if streams == 1 { "" } else { "s" },
                first_leg.global_call_id.as_deref().unwrap_or(first_leg.leg.as_str()),
            ),
            session: Some(s.id),
            evidence,
            remediation: "Move the application to CTI over TLS (TCP 2749, CAPF certificates) so that media events are \
                encrypted; encrypt the media itself (SRTP, a secure device security profile) so that knowing the \
                endpoints is not enough to listen; restrict TCP 2748 to the application servers with an ACL.",
            references: &[refs::SECURITY_GUIDE, refs::JTAPI_GUIDE, refs::TAPI_SRTP, refs::ASA_CTIQBE],
        }
        .build());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_counts_the_legs_and_quotes_the_first() {
        let r = analyze(&capture(&[with_media()]));
        let f = only(&r, "CTI-MEDIA-EXPOSED");
        assert_eq!(f.severity, crate::report::Severity::High);
        assert!(f.title.contains("1 call leg "), "{}", f.title);
        assert!(f.detail.contains("2 RTP streams"), "{}", f.detail);
        assert!(
            f.detail.contains("send 10.10.20.32:16386 G711Ulaw64k 20 ms"),
            "{}",
            f.detail
        );
        assert_eq!(f.evidence.len(), 2);
        assert_eq!(f.evidence[1].value, "receive 10.10.20.31:24580 G711Ulaw64k 20 ms");
        // The evidence is the ipAddr word: 4 bytes, 10.10.20.32 in network order.
        let e = &f.evidence[0];
        let m = r.messages.get(e.message.unwrap()).unwrap();
        assert_eq!(&m.raw[e.start as usize..e.end as usize], &[10, 10, 20, 32]);
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_no_media_events() {
        let r = analyze(&capture(&[session(&SAMPLE_ALL)]));
        assert_absent(&r, "CTI-MEDIA-EXPOSED");
    }

    #[test]
    fn negative_tls_on_2749() {
        let r = analyze(&tls_capture(&TLS13_GOOD));
        assert_absent(&r, "CTI-MEDIA-EXPOSED");
    }
}
