//! SIP messages and captures for tests: a request/response builder, a few whole exchanges
//! (an INVITE call answered, refused or cancelled; a REGISTER with or without credentials; an
//! OPTIONS ping) and pcaps of them over UDP or TCP.

use std::net::SocketAddr;

use super::packet::{ethernet, ip, udp, Conversation};
use super::pcap::{write_pcap, Packet, PcapOptions};
use crate::model::Direction;

/// One message and the way it went (`ToServer`: from the phone, the flow's client).
#[derive(Clone, Debug)]
pub struct Msg {
    /// Who sends it.
    pub dir: Direction,
    /// The message's bytes.
    pub bytes: Vec<u8>,
}

fn msg(dir: Direction, bytes: Vec<u8>) -> Msg {
    Msg { dir, bytes }
}

/// A message from its start line, headers (`Name: value` lines) and body; Content-Length is
/// added, and Content-Type `application/sdp` when the body is not empty.
pub fn build(start: &str, headers: &[String], body: &str) -> Vec<u8> {
    let mut s = format!("{start}\r\n");
    for h in headers {
        s.push_str(h);
        s.push_str("\r\n");
    }
    if !body.is_empty() {
        s.push_str("Content-Type: application/sdp\r\n");
    }
    s.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.into_bytes()
}

/// An SDP offer or answer from `ip`, audio on `port` (PCMU and telephone-event).
pub fn sdp(ip: &str, port: u16, crypto_key: Option<&str>) -> String {
    let mut s = format!(
        "v=0\r\no=- 1 1 IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {ip}\r\nt=0 0\r\nm=audio {port} {} 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n",
        if crypto_key.is_some() { "RTP/SAVP" } else { "RTP/AVP" }
    );
    if let Some(k) = crypto_key {
        s.push_str(&format!(
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{k}|2^31\r\n"
        ));
    }
    s.push_str("a=sendrecv\r\n");
    s
}

const CALLER: &str = "\"Alice Example\" <sip:1001@pbx.example.com>";
const CALLEE: &str = "<sip:2001@pbx.example.com>";

fn dialog_headers(call_id: &str, branch: &str, from: &str, to: &str, cseq: &str) -> Vec<String> {
    vec![
        format!("Via: SIP/2.0/UDP 10.0.0.5:5060;branch={branch}"),
        format!("From: {from}"),
        format!("To: {to}"),
        format!("Call-ID: {call_id}"),
        format!("CSeq: {cseq}"),
        "Max-Forwards: 70".into(),
    ]
}

/// A call from 1001 to 2001: INVITE (with an SDP offer), 180, then `final_code`. A 2xx is
/// ACKed and, with `bye`, the callee hangs up (BYE, 200). With `cancel`, the caller sends
/// CANCEL (answered 200) before the final response (then normally 487).
pub fn invite_call(call_id: &str, final_code: u16, bye: bool, cancel: bool) -> Vec<Msg> {
    invite_call_with(call_id, final_code, bye, cancel, None, &[])
}

/// [`invite_call`] with an SDES key in the offer and extra INVITE headers.
pub fn invite_call_with(
    call_id: &str,
    final_code: u16,
    bye: bool,
    cancel: bool,
    crypto_key: Option<&str>,
    extra: &[String],
) -> Vec<Msg> {
    use Direction::{ToClient, ToServer};
    let from = format!("{CALLER};tag=a-tag");
    let to_tagged = format!("{CALLEE};tag=b-tag");
    let h = |cseq: &str, to: &str| dialog_headers(call_id, "z9hG4bK-inv1", &from, to, cseq);
    let mut invite_h = h("1 INVITE", CALLEE);
    invite_h.push("Contact: <sip:1001@10.0.0.5:5060>".into());
    invite_h.push("User-Agent: Cisco-CP8865/14.1.1".into());
    invite_h.extend(extra.iter().cloned());
    let mut out = vec![
        msg(
            ToServer,
            build(
                "INVITE sip:2001@pbx.example.com SIP/2.0",
                &invite_h,
                &sdp("10.0.0.5", 40000, crypto_key),
            ),
        ),
        msg(
            ToClient,
            build("SIP/2.0 180 Ringing", &h("1 INVITE", &to_tagged), ""),
        ),
    ];
    if cancel {
        out.push(msg(
            ToServer,
            build(
                "CANCEL sip:2001@pbx.example.com SIP/2.0",
                &h("1 CANCEL", CALLEE),
                "",
            ),
        ));
        out.push(msg(
            ToClient,
            build("SIP/2.0 200 OK", &h("1 CANCEL", &to_tagged), ""),
        ));
    }
    let reason = match final_code {
        200 => "OK",
        486 => "Busy Here",
        487 => "Request Terminated",
        _ => "Failed",
    };
    let mut final_h = h("1 INVITE", &to_tagged);
    final_h.push("Server: Asterisk PBX 18.0".into());
    let answer = if (200..300).contains(&final_code) {
        sdp("10.0.0.9", 50000, None)
    } else {
        String::new()
    };
    out.push(msg(
        ToClient,
        build(&format!("SIP/2.0 {final_code} {reason}"), &final_h, &answer),
    ));
    let ack_branch = if (200..300).contains(&final_code) {
        "z9hG4bK-ack1"
    } else {
        "z9hG4bK-inv1"
    };
    out.push(msg(
        ToServer,
        build(
            "ACK sip:2001@10.0.0.9 SIP/2.0",
            &dialog_headers(call_id, ack_branch, &from, &to_tagged, "1 ACK"),
            "",
        ),
    ));
    if bye && (200..300).contains(&final_code) {
        let bh = dialog_headers(call_id, "z9hG4bK-bye1", &to_tagged, &from, "101 BYE");
        out.push(msg(
            ToClient,
            build("BYE sip:1001@10.0.0.5:5060 SIP/2.0", &bh, ""),
        ));
        out.push(msg(ToServer, build("SIP/2.0 200 OK", &bh, "")));
    }
    out
}

/// REGISTER of 1001 (CSeq `cseq`, credentials with digest `response` when given) and its
/// answer: 401 with a challenge, or `status` with the binding.
pub fn register_pair(call_id: &str, cseq: u32, response: Option<&str>, status: u16) -> Vec<Msg> {
    use Direction::{ToClient, ToServer};
    let aor = "<sip:1001@pbx.example.com>";
    let branch = format!("z9hG4bK-reg{cseq}");
    let mut rh = dialog_headers(
        call_id,
        &branch,
        &format!("{aor};tag=r-tag"),
        aor,
        &format!("{cseq} REGISTER"),
    );
    rh.push("Contact: <sip:1001@10.0.0.5:5060>;expires=3600".into());
    rh.push("User-Agent: Cisco-CP8865/14.1.1".into());
    if let Some(r) = response {
        rh.push(format!(
            "Authorization: Digest username=\"1001\", realm=\"pbx.example.com\", nonce=\"6b1c9e\", uri=\"sip:pbx.example.com\", response=\"{r}\", algorithm=MD5"
        ));
    }
    let mut resp = dialog_headers(
        call_id,
        &branch,
        &format!("{aor};tag=r-tag"),
        &format!("{aor};tag=s-tag"),
        &format!("{cseq} REGISTER"),
    );
    let start = if status == 401 {
        resp.push(
            "WWW-Authenticate: Digest realm=\"pbx.example.com\", nonce=\"6b1c9e\", algorithm=MD5"
                .into(),
        );
        "SIP/2.0 401 Unauthorized".to_string()
    } else {
        resp.push("Contact: <sip:1001@10.0.0.5:5060>;expires=3600".into());
        format!("SIP/2.0 {status} OK")
    };
    vec![
        msg(
            ToServer,
            build("REGISTER sip:pbx.example.com SIP/2.0", &rh, ""),
        ),
        msg(ToClient, build(&start, &resp, "")),
    ]
}

/// An OPTIONS ping and its 200.
pub fn options(call_id: &str) -> Vec<Msg> {
    use Direction::{ToClient, ToServer};
    let h = dialog_headers(
        call_id,
        &format!("z9hG4bK-{call_id}"),
        "<sip:10.0.0.5>;tag=o1",
        "<sip:pbx.example.com>",
        "1 OPTIONS",
    );
    vec![
        msg(
            ToServer,
            build("OPTIONS sip:pbx.example.com SIP/2.0", &h, ""),
        ),
        msg(ToClient, build("SIP/2.0 200 OK", &h, "")),
    ]
}

fn addr(s: &str) -> SocketAddr {
    s.parse()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 5060)))
}

/// A pcap of `msgs` as UDP datagrams between `client` and `server`, 10 ms apart from
/// `start_ns`.
pub fn udp_capture(msgs: &[Msg], client: &str, server: &str, start_ns: i64) -> Vec<u8> {
    let (c, s) = (addr(client), addr(server));
    let packets: Vec<Packet> = msgs
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (src, dst) = if m.dir == Direction::ToServer {
                (c, s)
            } else {
                (s, c)
            };
            let frame = ethernet(&ip(src.ip(), dst.ip(), 17, &udp(src, dst, &m.bytes)), &[]);
            Packet::new(
                start_ns.saturating_add((i as i64).saturating_mul(10_000_000)),
                frame,
            )
        })
        .collect();
    write_pcap(1, &packets, PcapOptions::default())
}

/// A pcap of `msgs` over one TCP connection (handshake, one segment per message, FINs).
pub fn tcp_capture(msgs: &[Msg], client: &str, server: &str, start_ns: i64) -> Vec<u8> {
    let mut t = Conversation::new(addr(client), addr(server));
    let mut frames = t.handshake();
    for m in msgs {
        frames.push(t.send(m.dir == Direction::ToServer, &m.bytes));
    }
    frames.extend(t.close());
    let packets: Vec<Packet> = frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            Packet::new(
                start_ns.saturating_add((i as i64).saturating_mul(10_000_000)),
                f,
            )
        })
        .collect();
    write_pcap(1, &packets, PcapOptions::default())
}
