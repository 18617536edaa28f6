//! The `correlated` generator profile (issue 14): calls seen at once by a JTAPI application
//! (CTIQBE, CTI Manager on 2748), by the phones (SCCP, phone ↔ CUCM on TCP 2000) and on the
//! trunk (SIP over UDP 5060, CUCM ↔ gateway), with the same numbers, consistent times and the
//! same media endpoints in SCCP's OpenReceiveChannelAck/StartMediaTransmission, SIP's SDP and
//! CTIQBE's media events.
//!
//! **Media on CTIQBE.** The application opens the three phones' devices; for 2001 and 2003 its
//! DeviceEventFilter asks for the media events, for 2002 it does not (as a JTAPI application
//! enables RTP events per terminal). On those two phones CUCM tells the application each
//! stream as the phone sets it up (ctiqbe-wire-2 §3, §6): StartReceptionEvent (90) with the
//! address the phone's OpenReceiveChannelAck gives, StartTransmissionEvent (91) with
//! StartMediaTransmission's remote, and StopTransmissionEvent (93) / StopReceptionEvent (92)
//! after StopMediaTransmission / CloseReceiveChannel, which come at hang-up, on hold, and when
//! the conference moves a phone's media to the bridge. G.711 µ-law, 20 ms, as SCCP says. So
//! the CTIQBE legs of every call on 2001 or 2003 share an endpoint with the call's SCCP and
//! SIP legs (the `media` rule of `crate::calls`), and 2002's inbound call is found by number.
//! The frames are written from the layouts of ctiqbe-wire-2 with [`super::ctiqbe::Frame`]
//! (the unit tests compare them with bytes written out by hand from the spec). Fields whose
//! values a real CUCM uses are not known (§7): the values here are the SCCP messages' own
//! (codec, packet size, precedence, frames per packet) or the captures' (`mediaConnectionMode`
//! 3), and an empty `rtpDest_v6`.
//!
//! **Recording.** In the first scene only, the inbound call to 2002 is recorded: once it is
//! connected, a CallAttributeInfoEvent (241) of type 3 (the client's recording-target event,
//! §6) names the phone as forking device and [`RECORDER_URI`] as recorder. That scene's
//! session, and only it, discloses a recording (CTI-RECORDING-EXPOSED); every scene's session
//! discloses media (CTI-MEDIA-EXPOSED). The recorder's own SIP dialogs are not generated.
//!
//! The capture is a series of *scenes*, three hours apart. Every scene replays the same
//! office: three phones (2001, 2002, 2003) registering, the JTAPI application opening their
//! lines, and four calls: an outbound call over the gateway, an inbound one, an inbound call
//! blind-transferred from 2001 to 2003, and an internal call 2001 → 2002 that 2001 turns into a
//! conference with an outside number. So the same numbers come back every three hours in calls
//! that have nothing to do with each other: a correlator must not link them.
//!
//! [`write()`] returns, next to the bytes, the generator's own truth ([`TruthCall`]): per call,
//! its legs by protocol with each leg's key as the decoders report it (CTIQBE global call
//! handle `callManagerID|callID`, SIP `Call-ID;from-tag;to-tag`, SCCP
//! `callReference@lineInstance`) and the session it is in (client and server addresses).

use super::ctiqbe::{Frame, Slots};
use super::packet::{self, Conversation};
use super::sample::{jtapi_session, SessionParams, CERTIFICATE};
use serde::Serialize;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Scenes are this far apart (microseconds): three hours.
const SCENE_GAP_US: u64 = 3 * 3600 * 1_000_000;
/// 2026-11-30 00:53:20 UTC.
const START_US: u64 = 1_796_000_000_000_000;
const CUCM: [u8; 4] = [10, 1, 1, 10];
const GATEWAY: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 1, 3, 1)), 5060);
const CUCM_SIP: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 1, 1, 10)), 5060);
/// The conference bridge's media address.
const BRIDGE: [u8; 4] = [10, 1, 1, 30];

/// One leg of a call as one decoder reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TruthLeg {
    /// `ctiqbe`, `sip` or `sccp`.
    pub protocol: &'static str,
    /// The leg's key in that protocol's session info.
    pub key: String,
    /// The session's client and server (`ip:port`), as the report's sessions give them.
    pub client: String,
    /// The server address.
    pub server: String,
    /// Calling and called numbers as this leg shows them (a transferred call rings its new
    /// phone as itself; a conference's consultation leg has its own called number).
    pub calling: String,
    /// The called number.
    pub called: String,
}

/// One call as the generator made it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TruthCall {
    /// Its id.
    pub id: u32,
    /// `outbound`, `inbound`, `blind_transfer`, `conference`.
    pub kind: &'static str,
    /// Capture time (seconds since 1970) of its first and last message.
    pub start: f64,
    /// When it ended (seconds since the Unix epoch).
    pub end: f64,
    /// The calling number.
    pub calling: String,
    /// The called number.
    pub called: String,
    /// Its legs (one per connection that carried it).
    pub legs: Vec<TruthLeg>,
}

fn addr(ip: [u8; 4], port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::from(ip)), port)
}

/// Frames with their capture times; sorted (stably) when the scene is written.
#[derive(Default)]
struct Timeline {
    frames: Vec<(u64, Vec<u8>)>,
}

impl Timeline {
    fn push(&mut self, t: u64, frame: Vec<u8>) {
        self.frames.push((t, frame));
    }
}

/// Little-endian SCCP body writer.
#[derive(Default)]
struct Le(Vec<u8>);

impl Le {
    fn u32(mut self, v: u32) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn u16(mut self, v: u16) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn u8(mut self, v: u8) -> Self {
        self.0.push(v);
        self
    }
    /// Fixed-size NUL-padded text.
    fn text(mut self, s: &str, n: usize) -> Self {
        let mut b = s.as_bytes().to_vec();
        b.resize(n, 0);
        self.0.extend_from_slice(&b);
        self
    }
    fn ip(mut self, ip: IpAddr) -> Self {
        if let IpAddr::V4(v4) = ip {
            self.0.extend_from_slice(&v4.octets());
        }
        self
    }
    /// A whole SCCP message: data_length, header version 0 (basic), message id, body.
    fn msg(self, id: u32) -> Vec<u8> {
        let mut m = ((4 + self.0.len()) as u32).to_le_bytes().to_vec();
        m.extend_from_slice(&0u32.to_le_bytes());
        m.extend_from_slice(&id.to_le_bytes());
        m.extend_from_slice(&self.0);
        m
    }
}

mod sccp_id {
    pub const KEEP_ALIVE_REQ: u32 = 0x0000;
    pub const REGISTER_REQ: u32 = 0x0001;
    pub const KEYPAD_BUTTON: u32 = 0x0003;
    pub const OFF_HOOK: u32 = 0x0006;
    pub const ON_HOOK: u32 = 0x0007;
    pub const OPEN_RECEIVE_CHANNEL_ACK: u32 = 0x0022;
    pub const REGISTER_ACK: u32 = 0x0081;
    pub const START_MEDIA_TRANSMISSION: u32 = 0x008a;
    pub const STOP_MEDIA_TRANSMISSION: u32 = 0x008b;
    pub const CALL_INFO: u32 = 0x008f;
    pub const KEEP_ALIVE_ACK: u32 = 0x0100;
    pub const OPEN_RECEIVE_CHANNEL: u32 = 0x0105;
    pub const CLOSE_RECEIVE_CHANNEL: u32 = 0x0106;
    pub const CALL_STATE: u32 = 0x0111;
}

/// SCCP call states (Wireshark's names).
mod cs {
    pub const OFF_HOOK: u32 = 1;
    pub const ON_HOOK: u32 = 2;
    pub const RING_OUT: u32 = 3;
    pub const RING_IN: u32 = 4;
    pub const CONNECTED: u32 = 5;
    pub const HOLD: u32 = 8;
    pub const PROCEED: u32 = 12;
}

/// One phone: its SCCP connection to CUCM and its line.
struct Phone {
    name: String,
    dn: &'static str,
    ip: [u8; 4],
    conv: Conversation,
    /// The CTIQBE line id the JTAPI application's LineOpen got for it.
    line_id: u32,
    device_id: u32,
    /// Whether the JTAPI application's DeviceOpenRequest asked for the device's media events
    /// (start/stop transmission/reception in its DeviceEventFilter, what JTAPI's
    /// `CiscoTermEvFilter.setRTPEventsEnabled` sets): CUCM sends StartTransmissionEvent and
    /// the others only for those devices.
    media_events: bool,
}

impl Phone {
    fn send(&mut self, tl: &mut Timeline, t: u64, from_phone: bool, m: Vec<u8>) {
        let f = self.conv.send(from_phone, &m);
        tl.push(t, f);
    }
    fn media(&self, port: u16) -> SocketAddr {
        addr(self.ip, port)
    }
}

/// The scene's clock: each message a few milliseconds after the previous.
struct Clock(u64);

impl Clock {
    fn tick(&mut self) -> u64 {
        self.0 += 7_000;
        self.0
    }
    fn at(&mut self, t: u64) -> u64 {
        self.0 = self.0.max(t);
        self.0
    }
}

fn call_state(state: u32, call_ref: u32) -> Vec<u8> {
    Le::default()
        .u32(state)
        .u32(1)
        .u32(call_ref)
        .u32(0)
        .u32(4)
        .u32(0)
        .msg(sccp_id::CALL_STATE)
}

/// CallInfo (the original layout, up to the last redirecting party).
fn call_info(
    call_ref: u32,
    calling: &str,
    called: &str,
    call_type: u32,
    redirected_by: &str,
) -> Vec<u8> {
    Le::default()
        .text("", 40)
        .text(calling, 24)
        .text("", 40)
        .text(called, 24)
        .u32(1)
        .u32(call_ref)
        .u32(call_type)
        .text("", 40)
        .text(redirected_by, 24)
        .text("", 40)
        .text(redirected_by, 24)
        .msg(sccp_id::CALL_INFO)
}

/// Media set-up for a phone's call: OpenReceiveChannel, its Ack with the phone's receive
/// address, StartMediaTransmission towards `remote`; and, when the JTAPI application asked
/// for the phone's media events, what CUCM tells it of the same streams on CTIQBE: a
/// StartReceptionEvent with the Ack's address once the phone has said where it listens, a
/// StartTransmissionEvent with `remote` once it is told where to send. `call` is the SCCP
/// call reference and the CTIQBE call leg id on the phone's line.
fn sccp_media(
    tl: &mut Timeline,
    c: &mut Clock,
    p: &mut Phone,
    j: &mut Jtapi,
    (call_ref, leg): (u32, u32),
    port: u16,
    remote: SocketAddr,
) {
    let party = call_ref.wrapping_mul(3);
    let open = Le::default()
        .u32(call_ref)
        .u32(party)
        .u32(20)
        .u32(4) // G.711 µ-law
        .u32(0)
        .u32(0)
        .u32(call_ref)
        .msg(sccp_id::OPEN_RECEIVE_CHANNEL);
    p.send(tl, c.tick(), false, open);
    let ack = Le::default()
        .u32(0)
        .ip(p.media(port).ip())
        .u32(u32::from(port))
        .u32(party)
        .u32(call_ref)
        .msg(sccp_id::OPEN_RECEIVE_CHANNEL_ACK);
    p.send(tl, c.tick(), true, ack);
    j.media_started(tl, c.tick(), p, leg, true, p.media(port));
    let start = Le::default()
        .u32(call_ref)
        .u32(party)
        .ip(remote.ip())
        .u32(u32::from(remote.port()))
        .u32(20)
        .u32(4)
        .u32(0)
        .u32(0)
        .u16(1)
        .u16(0)
        .u32(0)
        .u32(call_ref)
        .msg(sccp_id::START_MEDIA_TRANSMISSION);
    p.send(tl, c.tick(), false, start);
    j.media_started(tl, c.tick(), p, leg, false, remote);
}

/// The phone's media of the call stops (hang-up, hold, the media moving elsewhere):
/// StopMediaTransmission and CloseReceiveChannel on SCCP, followed on CTIQBE (when the
/// application asked for the phone's media events) by StopTransmissionEvent and
/// StopReceptionEvent.
fn sccp_media_stop(
    tl: &mut Timeline,
    c: &mut Clock,
    p: &mut Phone,
    j: &mut Jtapi,
    (call_ref, leg): (u32, u32),
) {
    let party = call_ref.wrapping_mul(3);
    for (id, receive) in [
        (sccp_id::STOP_MEDIA_TRANSMISSION, false),
        (sccp_id::CLOSE_RECEIVE_CHANNEL, true),
    ] {
        let m = Le::default()
            .u32(call_ref)
            .u32(party)
            .u32(call_ref)
            .u32(0)
            .msg(id);
        p.send(tl, c.tick(), false, m);
        j.media_stopped(tl, c.tick(), p, leg, receive);
    }
}

/// The call ends on the phone: on-hook (when the phone hangs up), its media stops, CallState
/// OnHook. `call` as for [`sccp_media`].
fn sccp_hang_up(
    tl: &mut Timeline,
    c: &mut Clock,
    p: &mut Phone,
    j: &mut Jtapi,
    call: (u32, u32),
    by_phone: bool,
) {
    let call_ref = call.0;
    if by_phone {
        p.send(
            tl,
            c.tick(),
            true,
            Le::default().u32(1).u32(call_ref).msg(sccp_id::ON_HOOK),
        );
    }
    sccp_media_stop(tl, c, p, j, call);
    p.send(tl, c.tick(), false, call_state(cs::ON_HOOK, call_ref));
}

/// The phone goes off hook and dials `digits`; CUCM answers with the call's states and info.
fn sccp_dial(tl: &mut Timeline, c: &mut Clock, p: &mut Phone, call_ref: u32, digits: &str) {
    p.send(
        tl,
        c.tick(),
        true,
        Le::default().u32(1).u32(0).msg(sccp_id::OFF_HOOK),
    );
    p.send(tl, c.tick(), false, call_state(cs::OFF_HOOK, call_ref));
    for d in digits.chars() {
        let button = d.to_digit(10).unwrap_or(0);
        let m = Le::default()
            .u32(button)
            .u32(1)
            .u32(call_ref)
            .msg(sccp_id::KEYPAD_BUTTON);
        p.send(tl, c.tick(), true, m);
    }
    p.send(tl, c.tick(), false, call_state(cs::PROCEED, call_ref));
    let info = call_info(call_ref, p.dn, digits, 2, "");
    p.send(tl, c.tick(), false, info);
    p.send(tl, c.tick(), false, call_state(cs::RING_OUT, call_ref));
}

/// A call offered to the phone: RingIn and CallInfo.
fn sccp_ring(
    tl: &mut Timeline,
    c: &mut Clock,
    p: &mut Phone,
    call_ref: u32,
    calling: &str,
    redirected_by: &str,
) {
    p.send(tl, c.tick(), false, call_state(cs::RING_IN, call_ref));
    let call_type = if redirected_by.is_empty() { 1 } else { 3 };
    let info = call_info(call_ref, calling, p.dn, call_type, redirected_by);
    p.send(tl, c.tick(), false, info);
}

fn sccp_answer(tl: &mut Timeline, c: &mut Clock, p: &mut Phone, call_ref: u32) {
    p.send(
        tl,
        c.tick(),
        true,
        Le::default().u32(1).u32(call_ref).msg(sccp_id::OFF_HOOK),
    );
    p.send(tl, c.tick(), false, call_state(cs::CONNECTED, call_ref));
}

/// One SIP dialog on the trunk.
struct Dialog {
    call_id: String,
    /// The INVITE's sender (CUCM or the gateway) and receiver.
    caller: SocketAddr,
    callee: SocketAddr,
    from_user: String,
    to_user: String,
    from_tag: String,
    to_tag: String,
    cseq: u32,
}

impl Dialog {
    fn key(&self) -> String {
        format!("{};{};{}", self.call_id, self.from_tag, self.to_tag)
    }

    /// One message of the dialog. A request from the callee (or a response to one) carries
    /// the callee's URI and tag in From, as RFC 3261 §12.2.1.1 has it.
    #[allow(clippy::too_many_arguments)]
    fn send(
        &self,
        tl: &mut Timeline,
        t: u64,
        from_caller: bool,
        start: &str,
        cseq: &str,
        tagged: bool,
        sdp: Option<SocketAddr>,
    ) {
        let (src, dst) = if from_caller {
            (self.caller, self.callee)
        } else {
            (self.callee, self.caller)
        };
        let request = !start.starts_with("SIP/2.0");
        let callee_txn = request != from_caller;
        let caller_uri = format!(
            "<sip:{}@{}>;tag={}",
            self.from_user,
            self.caller.ip(),
            self.from_tag
        );
        let callee_uri = format!("<sip:{}@{}>", self.to_user, self.callee.ip());
        let callee_tagged = format!("{callee_uri};tag={}", self.to_tag);
        let (via, from, to) = if callee_txn {
            (self.callee, callee_tagged, caller_uri)
        } else {
            (
                self.caller,
                caller_uri,
                if tagged { callee_tagged } else { callee_uri },
            )
        };
        let branch = if callee_txn {
            &self.to_tag
        } else {
            &self.from_tag
        };
        let headers = vec![
            format!(
                "Via: SIP/2.0/UDP {via};branch=z9hG4bK{branch}{}",
                cseq.replace(' ', "")
            ),
            format!("From: {from}"),
            format!("To: {to}"),
            format!("Call-ID: {}", self.call_id),
            format!("CSeq: {cseq}"),
            format!(
                "Contact: <sip:{}@{}>",
                if from_caller {
                    &self.from_user
                } else {
                    &self.to_user
                },
                src
            ),
            if src == CUCM_SIP {
                "User-Agent: Cisco-CUCM15.0".into()
            } else {
                "User-Agent: Cisco-SIPGateway/IOS-17.9".into()
            },
        ];
        let body = sdp
            .map(|m| super::sip::sdp(&m.ip().to_string(), m.port(), None))
            .unwrap_or_default();
        let text = super::sip::build(start, &headers, &body);
        tl.push(
            t,
            packet::ethernet(
                &packet::ip(src.ip(), dst.ip(), 17, &packet::udp(src, dst, &text)),
                &[],
            ),
        );
    }

    /// INVITE with `offer`, 100, 180, 200 with `answer`, ACK.
    fn invite(
        &mut self,
        tl: &mut Timeline,
        c: &mut Clock,
        offer: SocketAddr,
        answer: SocketAddr,
        ring_us: u64,
    ) {
        let uri = format!("INVITE sip:{}@{} SIP/2.0", self.to_user, self.callee.ip());
        self.send(tl, c.tick(), true, &uri, "1 INVITE", false, Some(offer));
        self.send(
            tl,
            c.tick(),
            false,
            "SIP/2.0 100 Trying",
            "1 INVITE",
            false,
            None,
        );
        self.send(
            tl,
            c.tick(),
            false,
            "SIP/2.0 180 Ringing",
            "1 INVITE",
            true,
            None,
        );
        let t = c.at(c.0 + ring_us);
        self.send(
            tl,
            t,
            false,
            "SIP/2.0 200 OK",
            "1 INVITE",
            true,
            Some(answer),
        );
        let ack = format!("ACK sip:{}@{} SIP/2.0", self.to_user, self.callee);
        self.send(tl, c.tick(), true, &ack, "1 ACK", true, None);
        self.cseq = 2;
    }

    /// A re-INVITE from the original caller moving its media to `media` (transfer,
    /// conference), answered with the far end's unchanged address.
    fn reinvite(&mut self, tl: &mut Timeline, c: &mut Clock, media: SocketAddr, far: SocketAddr) {
        let n = self.cseq;
        self.cseq += 1;
        let uri = format!("INVITE sip:{}@{} SIP/2.0", self.to_user, self.callee);
        self.send(
            tl,
            c.tick(),
            true,
            &uri,
            &format!("{n} INVITE"),
            true,
            Some(media),
        );
        self.send(
            tl,
            c.tick(),
            false,
            "SIP/2.0 200 OK",
            &format!("{n} INVITE"),
            true,
            Some(far),
        );
        let ack = format!("ACK sip:{}@{} SIP/2.0", self.to_user, self.callee);
        self.send(tl, c.tick(), true, &ack, &format!("{n} ACK"), true, None);
    }

    /// BYE from the caller's side (`by_caller`) or the callee's, and its 200.
    fn bye(&mut self, tl: &mut Timeline, c: &mut Clock, by_caller: bool) {
        let n = self.cseq;
        self.cseq += 1;
        let (user, host) = if by_caller {
            (&self.to_user, self.callee)
        } else {
            (&self.from_user, self.caller)
        };
        let uri = format!("BYE sip:{user}@{host} SIP/2.0");
        // The callee's requests count their own CSeq (here from 101).
        let cseq = if by_caller {
            format!("{n} BYE")
        } else {
            format!("{} BYE", 100 + n)
        };
        self.send(tl, c.tick(), by_caller, &uri, &cseq, true, None);
        self.send(
            tl,
            c.tick(),
            !by_caller,
            "SIP/2.0 200 OK",
            &cseq,
            true,
            None,
        );
    }
}

/// The JTAPI application's session of one scene.
struct Jtapi {
    conv: Conversation,
    /// Messages of the close, sent at the end of the scene.
    close: Vec<(bool, Vec<u8>)>,
    next_leg: u32,
}

const STATE_IDLE: u32 = 1;
const STATE_OFFERING: u32 = 2;
const STATE_DIALTONE: u32 = 4;
const STATE_DIALING: u32 = 5;
const STATE_PROCEEDING: u32 = 6;
const STATE_CONNECTED: u32 = 8;
const STATE_HOLD: u32 = 10;

impl Jtapi {
    fn event(&mut self, tl: &mut Timeline, t: u64, m: Vec<u8>) {
        let f = self.conv.send(false, &m);
        tl.push(t, f);
    }

    /// NewCallEvent for a leg of global call `global` on phone `p`'s line.
    #[allow(clippy::too_many_arguments)] // the event's own fields, in its order
    fn new_call(
        &mut self,
        tl: &mut Timeline,
        t: u64,
        p: &Phone,
        global: u32,
        calling: &str,
        called: &str,
        original: &str,
        state: u32,
        origin: u32,
    ) -> u32 {
        let leg = self.next_leg;
        self.next_leg += 1;
        let m = Frame::new(48)
            .u32(1)
            .u32(p.line_id)
            .bool(true)
            .str(Some(&p.name))
            .u32(1)
            .u32(leg)
            .u32(1)
            .u32(global)
            .str(Some(calling))
            .str(Some(called))
            .str(Some(original))
            .u32(state)
            .u32(origin)
            .build();
        self.event(tl, t, m);
        leg
    }

    fn state(&mut self, tl: &mut Timeline, t: u64, p: &Phone, leg: u32, state: u32) {
        let m = Frame::new(281)
            .u32(1)
            .u32(p.line_id)
            .u32(1)
            .u32(leg)
            .u32(state)
            .u32(0)
            .build();
        self.event(tl, t, m);
    }

    fn closed(&mut self, tl: &mut Timeline, t: u64, p: &Phone, leg: u32) {
        self.state(tl, t, p, leg, STATE_IDLE);
        let m = Frame::new(84)
            .u32(1)
            .u32(p.line_id)
            .u32(1)
            .u32(leg)
            .u32(16)
            .build();
        self.event(tl, t + 1_000, m);
    }

    /// StartReceptionEvent (`receive`) or StartTransmissionEvent for leg `leg` on phone `p`,
    /// if the application asked for the phone's media events.
    fn media_started(
        &mut self,
        tl: &mut Timeline,
        t: u64,
        p: &Phone,
        leg: u32,
        receive: bool,
        at: SocketAddr,
    ) {
        if p.media_events {
            self.event(tl, t, media_start_frame(p.device_id, leg, receive, at));
        }
    }

    /// StopReceptionEvent (`receive`) or StopTransmissionEvent, as [`Self::media_started`].
    fn media_stopped(&mut self, tl: &mut Timeline, t: u64, p: &Phone, leg: u32, receive: bool) {
        if p.media_events {
            self.event(tl, t, media_stop_frame(p.device_id, leg, receive));
        }
    }

    /// CallAttributeInfoEvent (241) saying that leg `leg` of global call `global` on phone
    /// `p`'s line is recorded (see [`recording_frame`]).
    fn recorded(&mut self, tl: &mut Timeline, t: u64, p: &Phone, leg: u32, global: u32) {
        self.event(tl, t, recording_frame(p, leg, global));
    }
}

/// Packetisation and codec of every stream of the profile: what the SCCP messages say
/// (OpenReceiveChannel / StartMediaTransmission: 20 ms, payload capability 4, G.711 µ-law).
const PACKET_MS: u32 = 20;
const G711_ULAW: u32 = 4;
/// `mediaConnectionMode` of the media events: 3, the value of ctiqbe-wire-2's captures (the
/// client traces `StartTransmission MediaConnectionMode:3`; the enumeration is unknown, §7).
const MEDIA_CONNECTION_MODE: u32 = 3;

/// An IPv4 address as the one u32 CTIQBE carries: the wire bytes are the address in network
/// order (ctiqbe-wire-2 §2), so the little-endian word of the octets.
fn ipv4_word(at: SocketAddr) -> u32 {
    match at.ip() {
        IpAddr::V4(v4) => u32::from_le_bytes(v4.octets()),
        IpAddr::V6(_) => 0,
    }
}

/// StartReceptionEvent (90, `receive`: where device `device_id` listens for leg `leg`) or
/// StartTransmissionEvent (91: where it sends to), laid out as ctiqbe-wire-2 §3 pins them:
/// device and call-leg handles (CallManager 1), `ipAddr`, `rtpPortNumber`,
/// `milliSecondPacketSize`, `compressionType`, then for 90 `useEchoCancellation`, `bitRate`,
/// for 91 `precedenceValue` 0, `useSilenceSuppression` false, `maxFramesPerPacket` 1,
/// `bitRate` (the SCCP StartMediaTransmission's own values), and for both a null
/// `mediaDeviceName`, `mediaResourceId` 0, `mediaConnectionMode`, an `rtpDest_v6` without an
/// IPv6 address, `activeIpAddressingMode` 0. 72 and 80 bytes of fixed part.
fn media_start_frame(device_id: u32, leg: u32, receive: bool, at: SocketAddr) -> Vec<u8> {
    let mut f = Frame::new(if receive { 90 } else { 91 });
    f.u32(1)
        .u32(device_id)
        .u32(1)
        .u32(leg)
        .u32(ipv4_word(at))
        .u32(u32::from(at.port()))
        .u32(PACKET_MS)
        .u32(G711_ULAW);
    if receive {
        f.bool(false).u32(0);
    } else {
        f.u32(0).bool(false).u32(1).u32(0);
    }
    f.str(None)
        .u32(0)
        .u32(MEDIA_CONNECTION_MODE)
        .structure(|s| {
            s.bytes(None).u32(0);
        })
        .u32(0);
    f.build()
}

/// StopReceptionEvent (92, `receive`) or StopTransmissionEvent (93) for leg `leg` of device
/// `device_id` (ctiqbe-wire-2 §3, 32 bytes of fixed part).
fn media_stop_frame(device_id: u32, leg: u32, receive: bool) -> Vec<u8> {
    Frame::new(if receive { 92 } else { 93 })
        .u32(1)
        .u32(device_id)
        .u32(1)
        .u32(leg)
        .str(None)
        .u32(0)
        .u32(MEDIA_CONNECTION_MODE)
        .build()
}

/// The recorder the recorded call's media is forked to (a SIP URI, as in ctiqbe-wire-2's
/// capture 02).
pub const RECORDER_URI: &str = "sip:rec@10.1.4.20";
/// `protocolReferenceGUID` of the recording.
const RECORDING_GUID: &str = "5f0c2a9e-1d3b-4c77-9a10-6e2b8d4f0a21";

/// CallAttributeInfoEvent (241, ctiqbe-wire-2 §3, 108 bytes of fixed part) for leg `leg` of
/// global call `global` on phone `p`'s line: `callAttributeType` 3, which the JTAPI client
/// turns into `CiscoTermConnRecordingTargetInfoEv` (§6), the line's number and partition, the
/// device, `callRecordingType` 1, the phone itself (its built-in bridge) as forking device,
/// a protocol reference GUID, the cluster (`StandAloneCluster`, CUCM's default cluster id)
/// and one MultiForkingRecorderInfo naming [`RECORDER_URI`] (its error message an empty
/// string). The numeric enumerations beyond type 3 are not known (§7): 1 is a plausible
/// value, not an observed one.
fn recording_frame(p: &Phone, leg: u32, global: u32) -> Vec<u8> {
    Frame::new(241)
        .u32(1)
        .u32(p.line_id)
        .u32(1)
        .u32(leg)
        .u32(3)
        .u32(global)
        .str(Some(p.dn))
        .str(Some("PT_Internal"))
        .str(Some(&p.name))
        .bool(false)
        .u32(0)
        .u32(0)
        .u32(1)
        .u32(1)
        .str(Some(&p.name))
        .str(Some(RECORDING_GUID))
        .str(Some("StandAloneCluster"))
        .array(1, |_, e| {
            e.u32(1).u32(0).str(Some(RECORDER_URI)).str(Some(""));
        })
        .build()
}

/// Opens the JTAPI session (the real client's init, provider open, first device and line, as
/// `sample::jtapi_session` plays it) plus the other phones' devices and lines.
fn jtapi_open(tl: &mut Timeline, t: u64, scene: u64, phones: &mut [Phone]) -> Jtapi {
    let client = addr([10, 20, 0, 50], 41000 + (scene % 20000) as u16);
    let mut conv = Conversation::new(client, addr(CUCM, 2748));
    let Some((first, rest)) = phones.split_first_mut() else {
        return Jtapi {
            conv,
            close: Vec::new(),
            next_leg: 1,
        };
    };
    let p = SessionParams {
        login: "cti_correlate".into(),
        application: "Recorder-Sync@app01".into(),
        device: first.name.clone(),
        line: first.dn.into(),
        partition: "PT_Internal".into(),
        calls: Vec::new(),
        call_base: 0,
        global_base: 5001,
        certificate: CERTIFICATE.to_vec(),
    };
    // Without calls the session is: 9 opening messages (line id 144, device 38), then the
    // 3 close messages.
    let mut msgs = jtapi_session(&p);
    let close = msgs.split_off(9.min(msgs.len()));
    first.line_id = 144;
    first.device_id = 38;
    for f in conv.handshake() {
        tl.push(t, f);
    }
    let mut ts = t;
    for (from_client, m) in msgs {
        ts += 3_000;
        let f = conv.send(from_client, &m);
        tl.push(ts, f);
    }
    for (i, ph) in rest.iter_mut().enumerate() {
        let seq = 100 + 2 * i as u32;
        ph.line_id = 145 + i as u32;
        ph.device_id = 39 + i as u32;
        let dev = Frame::new(16)
            .u32(seq)
            .str(Some(&ph.name))
            .structure(|s| {
                // DeviceEventFilter (ctiqbe-wire §8.1): 6..=9 are start/stop transmission
                // and reception, the media events.
                for i in 0..33 {
                    s.bool(matches!(i, 28 | 31 | 32) || (ph.media_events && (6..=9).contains(&i)));
                }
            })
            .u32(0)
            .build();
        let dev_resp = Frame::new(17)
            .u32(seq)
            .u32(0)
            .u32(1)
            .u32(ph.device_id)
            .build();
        let line = Frame::new(37)
            .u32(seq + 1)
            .str(Some(&ph.name))
            .str(Some(ph.dn))
            .structure(|s| {
                for i in 0..41 {
                    if i == 3 {
                        s.u32(0);
                    } else {
                        s.bool(matches!(i, 8 | 23 | 24 | 34 | 35));
                    }
                }
            })
            .u32(0)
            .str(Some("PT_Internal"))
            .build();
        let line_resp = Frame::new(38)
            .u32(seq + 1)
            .u32(0)
            .u32(1)
            .u32(ph.line_id)
            .u32(0)
            .build();
        for (from_client, m) in [
            (true, dev),
            (false, dev_resp),
            (true, line),
            (false, line_resp),
        ] {
            ts += 3_000;
            let f = conv.send(from_client, &m);
            tl.push(ts, f);
        }
    }
    Jtapi {
        conv,
        close,
        next_leg: 1,
    }
}

/// Identifiers unique across the capture (CUCM's call references and global call ids grow).
struct Ids {
    call_ref: u32,
    global: u32,
    call: u32,
}

impl Ids {
    fn call_ref(&mut self) -> u32 {
        self.call_ref += 1;
        self.call_ref
    }
    fn global(&mut self) -> u32 {
        self.global += 1;
        self.global
    }
}

fn leg(
    protocol: &'static str,
    key: String,
    conv: &Conversation,
    parties: (&str, &str),
) -> TruthLeg {
    TruthLeg {
        protocol,
        key,
        client: conv.client.to_string(),
        server: conv.server.to_string(),
        calling: parties.0.into(),
        called: parties.1.into(),
    }
}

fn ctiqbe_leg(j: &Jtapi, global: u32, parties: (&str, &str)) -> TruthLeg {
    leg("ctiqbe", format!("1|{global}"), &j.conv, parties)
}

fn sccp_leg(p: &Phone, call_ref: u32, parties: (&str, &str)) -> TruthLeg {
    leg("sccp", format!("{call_ref}@1"), &p.conv, parties)
}

fn sip_leg(d: &Dialog) -> TruthLeg {
    // The report orients a UDP flow between two 5060s by who spoke first: the trunk's first
    // datagram in the capture is CUCM's (the scene's first call is outbound).
    TruthLeg {
        protocol: "sip",
        key: d.key(),
        client: CUCM_SIP.to_string(),
        server: GATEWAY.to_string(),
        calling: d.from_user.clone(),
        called: d.to_user.clone(),
    }
}

fn secs(t: u64) -> f64 {
    t as f64 / 1e6
}

/// One scene: registrations, the JTAPI session, four calls, the close. Returns its frames
/// and its calls.
fn scene(k: u64, ids: &mut Ids) -> (Timeline, Vec<TruthCall>) {
    let t0 = START_US + k * SCENE_GAP_US;
    let mut tl = Timeline::default();
    let mut calls = Vec::new();
    // The application asks for the media events of 2001 and 2003, not of 2002: 2002's calls
    // reach CTIQBE without their RTP endpoints.
    let mut phones: Vec<Phone> = [
        ("SEP00A0C9000001", "2001", 11u8, true),
        ("SEP00A0C9000002", "2002", 12, false),
        ("SEP00A0C9000003", "2003", 13, true),
    ]
    .iter()
    .map(|&(name, dn, host, media_events)| {
        let ip = [10, 30, 1, host];
        let conv = Conversation::new(addr(ip, 50000 + (k % 10000) as u16), addr(CUCM, 2000));
        Phone {
            name: name.into(),
            dn,
            ip,
            conv,
            line_id: 0,
            device_id: 0,
            media_events,
        }
    })
    .collect();
    // Registration.
    for (i, p) in phones.iter_mut().enumerate() {
        let t = t0 + i as u64 * 20_000;
        for f in p.conv.handshake() {
            tl.push(t, f);
        }
        let reg = Le::default()
            .text(&p.name, 16)
            .u32(0)
            .u32(1)
            .ip(IpAddr::V4(Ipv4Addr::from(p.ip)))
            .u32(115) // Cisco 7941
            .u32(5)
            .u32(0)
            .u8(11)
            .u8(0)
            .u16(0)
            .msg(sccp_id::REGISTER_REQ);
        p.send(&mut tl, t + 1_000, true, reg);
        let ack = Le::default()
            .u32(30)
            .text("M/D/YA", 6)
            .u16(0)
            .u32(30)
            .u8(11)
            .u8(0)
            .u16(0)
            .msg(sccp_id::REGISTER_ACK);
        p.send(&mut tl, t + 3_000, false, ack);
    }
    let mut j = jtapi_open(&mut tl, t0 + 200_000, k, &mut phones);
    let mut c = Clock(t0 + 2_000_000);
    let [a, b, cph] = &mut phones[..] else {
        return (tl, calls);
    };
    let gw_media = |n: u32| addr([10, 1, 3, 1], 16384 + (n % 8000) as u16 * 2);
    let dialog =
        |ids: &mut Ids, tag: &str, caller: SocketAddr, callee: SocketAddr, from: &str, to: &str| {
            Dialog {
                call_id: format!(
                    "{:08x}-{k}-{}@{}",
                    ids.call.wrapping_mul(2_654_435_761),
                    ids.call,
                    caller.ip()
                ),
                caller,
                callee,
                from_user: from.into(),
                to_user: to.into(),
                from_tag: format!("{tag}{}", ids.call),
                to_tag: format!("gw{}x{k}", ids.call),
                cseq: 1,
            }
        };

    // 1. Outbound: 2001 dials 9 1 555 0100 over the gateway.
    {
        ids.call += 1;
        let start = c.at(t0 + 10_000_000);
        let (r, g) = (ids.call_ref(), ids.global());
        let dialled = "915550100";
        sccp_dial(&mut tl, &mut c, a, r, dialled);
        let leg = j.new_call(
            &mut tl,
            c.tick(),
            a,
            g,
            a.dn,
            dialled,
            dialled,
            STATE_DIALTONE,
            1,
        );
        for s in [STATE_DIALING, STATE_PROCEEDING] {
            j.state(&mut tl, c.tick(), a, leg, s);
        }
        let mut d = dialog(ids, "cm", CUCM_SIP, GATEWAY, a.dn, dialled);
        let (pm, gm) = (a.media(24000 + (r % 1000) as u16 * 2), gw_media(r));
        d.invite(&mut tl, &mut c, pm, gm, 4_000_000);
        a.send(&mut tl, c.tick(), false, call_state(cs::CONNECTED, r));
        j.state(&mut tl, c.tick(), a, leg, STATE_CONNECTED);
        sccp_media(&mut tl, &mut c, a, &mut j, (r, leg), pm.port(), gm);
        c.at(start + 30_000_000);
        sccp_hang_up(&mut tl, &mut c, a, &mut j, (r, leg), true);
        d.bye(&mut tl, &mut c, true);
        j.closed(&mut tl, c.tick(), a, leg);
        let end = c.tick();
        calls.push(TruthCall {
            id: ids.call,
            kind: "outbound",
            start: secs(start),
            end: secs(end),
            calling: a.dn.into(),
            called: dialled.into(),
            legs: vec![
                ctiqbe_leg(&j, g, (a.dn, dialled)),
                sccp_leg(a, r, (a.dn, dialled)),
                sip_leg(&d),
            ],
        });
    }

    // 2. Inbound: 5550123 calls 2002 through the gateway.
    {
        ids.call += 1;
        let start = c.at(t0 + 60_000_000);
        let (r, g) = (ids.call_ref(), ids.global());
        let ani = "5550123";
        let mut d = dialog(ids, "gw", GATEWAY, CUCM_SIP, ani, b.dn);
        let (pm, gm) = (b.media(24000 + (r % 1000) as u16 * 2), gw_media(r));
        let uri = format!("INVITE sip:{}@{} SIP/2.0", b.dn, CUCM_SIP.ip());
        d.send(&mut tl, c.tick(), true, &uri, "1 INVITE", false, Some(gm));
        d.send(
            &mut tl,
            c.tick(),
            false,
            "SIP/2.0 100 Trying",
            "1 INVITE",
            false,
            None,
        );
        sccp_ring(&mut tl, &mut c, b, r, ani, "");
        let leg = j.new_call(&mut tl, c.tick(), b, g, ani, b.dn, b.dn, STATE_OFFERING, 2);
        d.send(
            &mut tl,
            c.tick(),
            false,
            "SIP/2.0 180 Ringing",
            "1 INVITE",
            true,
            None,
        );
        c.at(start + 4_000_000);
        sccp_answer(&mut tl, &mut c, b, r);
        d.send(
            &mut tl,
            c.tick(),
            false,
            "SIP/2.0 200 OK",
            "1 INVITE",
            true,
            Some(pm),
        );
        d.send(
            &mut tl,
            c.tick(),
            true,
            &format!("ACK sip:{}@{} SIP/2.0", b.dn, CUCM_SIP),
            "1 ACK",
            true,
            None,
        );
        d.cseq = 2;
        j.state(&mut tl, c.tick(), b, leg, STATE_CONNECTED);
        if k == 0 {
            // The first scene's inbound call is recorded: the phone's built-in bridge forks
            // its media to the recorder, and CUCM tells the application so.
            j.recorded(&mut tl, c.tick(), b, leg, g);
        }
        sccp_media(&mut tl, &mut c, b, &mut j, (r, leg), pm.port(), gm);
        c.at(start + 28_000_000);
        d.bye(&mut tl, &mut c, true);
        sccp_hang_up(&mut tl, &mut c, b, &mut j, (r, leg), false);
        j.closed(&mut tl, c.tick(), b, leg);
        let end = c.tick();
        calls.push(TruthCall {
            id: ids.call,
            kind: "inbound",
            start: secs(start),
            end: secs(end),
            calling: ani.into(),
            called: b.dn.into(),
            legs: vec![
                ctiqbe_leg(&j, g, (ani, b.dn)),
                sccp_leg(b, r, (ani, b.dn)),
                sip_leg(&d),
            ],
        });
    }

    // 3. Blind transfer: 5550177 calls 2001, who transfers it to 2003.
    {
        ids.call += 1;
        let start = c.at(t0 + 120_000_000);
        let (ra, rc, g) = (ids.call_ref(), ids.call_ref(), ids.global());
        let ani = "5550177";
        let mut d = dialog(ids, "gw", GATEWAY, CUCM_SIP, ani, a.dn);
        let (am, cm, gm) = (
            a.media(24000 + (ra % 1000) as u16 * 2),
            cph.media(24000 + (rc % 1000) as u16 * 2),
            gw_media(ra),
        );
        let uri = format!("INVITE sip:{}@{} SIP/2.0", a.dn, CUCM_SIP.ip());
        d.send(&mut tl, c.tick(), true, &uri, "1 INVITE", false, Some(gm));
        d.send(
            &mut tl,
            c.tick(),
            false,
            "SIP/2.0 100 Trying",
            "1 INVITE",
            false,
            None,
        );
        sccp_ring(&mut tl, &mut c, a, ra, ani, "");
        let leg_a = j.new_call(&mut tl, c.tick(), a, g, ani, a.dn, a.dn, STATE_OFFERING, 2);
        d.send(
            &mut tl,
            c.tick(),
            false,
            "SIP/2.0 180 Ringing",
            "1 INVITE",
            true,
            None,
        );
        c.at(start + 3_000_000);
        sccp_answer(&mut tl, &mut c, a, ra);
        d.send(
            &mut tl,
            c.tick(),
            false,
            "SIP/2.0 200 OK",
            "1 INVITE",
            true,
            Some(am),
        );
        d.send(
            &mut tl,
            c.tick(),
            true,
            &format!("ACK sip:{}@{} SIP/2.0", a.dn, CUCM_SIP),
            "1 ACK",
            true,
            None,
        );
        d.cseq = 2;
        j.state(&mut tl, c.tick(), a, leg_a, STATE_CONNECTED);
        sccp_media(&mut tl, &mut c, a, &mut j, (ra, leg_a), am.port(), gm);
        // 2001 presses Transfer, dials 2003 and hangs up: the call leaves 2001 and rings 2003.
        c.at(start + 20_000_000);
        sccp_hang_up(&mut tl, &mut c, a, &mut j, (ra, leg_a), true);
        j.closed(&mut tl, c.tick(), a, leg_a);
        sccp_ring(&mut tl, &mut c, cph, rc, ani, a.dn);
        let leg_c = j.new_call(
            &mut tl,
            c.tick(),
            cph,
            g,
            ani,
            cph.dn,
            a.dn,
            STATE_OFFERING,
            2,
        );
        c.at(start + 25_000_000);
        sccp_answer(&mut tl, &mut c, cph, rc);
        j.state(&mut tl, c.tick(), cph, leg_c, STATE_CONNECTED);
        sccp_media(&mut tl, &mut c, cph, &mut j, (rc, leg_c), cm.port(), gm);
        // CUCM (the dialog's callee) moves the trunk's media to 2003 with a re-INVITE.
        d.send(
            &mut tl,
            c.tick(),
            false,
            &format!("INVITE sip:{ani}@{GATEWAY} SIP/2.0"),
            "101 INVITE",
            true,
            Some(cm),
        );
        d.send(
            &mut tl,
            c.tick(),
            true,
            "SIP/2.0 200 OK",
            "101 INVITE",
            true,
            Some(gm),
        );
        d.send(
            &mut tl,
            c.tick(),
            false,
            &format!("ACK sip:{ani}@{GATEWAY} SIP/2.0"),
            "101 ACK",
            true,
            None,
        );
        d.cseq = 3;
        c.at(start + 50_000_000);
        d.bye(&mut tl, &mut c, true);
        sccp_hang_up(&mut tl, &mut c, cph, &mut j, (rc, leg_c), false);
        j.closed(&mut tl, c.tick(), cph, leg_c);
        let end = c.tick();
        calls.push(TruthCall {
            id: ids.call,
            kind: "blind_transfer",
            start: secs(start),
            end: secs(end),
            calling: ani.into(),
            called: a.dn.into(),
            legs: vec![
                ctiqbe_leg(&j, g, (ani, a.dn)),
                sccp_leg(a, ra, (ani, a.dn)),
                sccp_leg(cph, rc, (ani, cph.dn)),
                sip_leg(&d),
            ],
        });
    }

    // 4. Conference: 2001 calls 2002, then adds 9 1 555 0199.
    {
        ids.call += 1;
        let start = c.at(t0 + 200_000_000);
        let (ra, rb, g1) = (ids.call_ref(), ids.call_ref(), ids.global());
        let (am, bm) = (
            a.media(24000 + (ra % 1000) as u16 * 2),
            b.media(24000 + (rb % 1000) as u16 * 2),
        );
        sccp_dial(&mut tl, &mut c, a, ra, b.dn);
        let leg_a = j.new_call(
            &mut tl,
            c.tick(),
            a,
            g1,
            a.dn,
            b.dn,
            b.dn,
            STATE_DIALTONE,
            1,
        );
        sccp_ring(&mut tl, &mut c, b, rb, a.dn, "");
        let leg_b = j.new_call(
            &mut tl,
            c.tick(),
            b,
            g1,
            a.dn,
            b.dn,
            b.dn,
            STATE_OFFERING,
            2,
        );
        c.at(start + 3_000_000);
        sccp_answer(&mut tl, &mut c, b, rb);
        a.send(&mut tl, c.tick(), false, call_state(cs::CONNECTED, ra));
        j.state(&mut tl, c.tick(), a, leg_a, STATE_CONNECTED);
        j.state(&mut tl, c.tick(), b, leg_b, STATE_CONNECTED);
        sccp_media(&mut tl, &mut c, a, &mut j, (ra, leg_a), am.port(), bm);
        sccp_media(&mut tl, &mut c, b, &mut j, (rb, leg_b), bm.port(), am);
        // Conference key: 2001's call goes on hold (its media stops), a consultation call
        // goes out.
        c.at(start + 10_000_000);
        sccp_media_stop(&mut tl, &mut c, a, &mut j, (ra, leg_a));
        a.send(&mut tl, c.tick(), false, call_state(cs::HOLD, ra));
        j.state(&mut tl, c.tick(), a, leg_a, STATE_HOLD);
        let (r3, g2) = (ids.call_ref(), ids.global());
        let dialled = "915550199";
        sccp_dial(&mut tl, &mut c, a, r3, dialled);
        let leg_3 = j.new_call(
            &mut tl,
            c.tick(),
            a,
            g2,
            a.dn,
            dialled,
            dialled,
            STATE_DIALTONE,
            1,
        );
        let mut d = dialog(ids, "cm", CUCM_SIP, GATEWAY, a.dn, dialled);
        let (a3m, gm) = (a.media(24000 + (r3 % 1000) as u16 * 2), gw_media(r3));
        d.invite(&mut tl, &mut c, a3m, gm, 4_000_000);
        a.send(&mut tl, c.tick(), false, call_state(cs::CONNECTED, r3));
        j.state(&mut tl, c.tick(), a, leg_3, STATE_CONNECTED);
        sccp_media(&mut tl, &mut c, a, &mut j, (r3, leg_3), a3m.port(), gm);
        // Conference again: the consultation joins the held call on the bridge; every party's
        // media goes to the bridge.
        c.at(start + 20_000_000);
        sccp_hang_up(&mut tl, &mut c, a, &mut j, (r3, leg_3), false);
        j.closed(&mut tl, c.tick(), a, leg_3);
        a.send(&mut tl, c.tick(), false, call_state(cs::CONNECTED, ra));
        j.state(&mut tl, c.tick(), a, leg_a, STATE_CONNECTED);
        let bridge = |n: u32| addr(BRIDGE, 28000 + (n % 1000) as u16 * 2);
        sccp_media(
            &mut tl,
            &mut c,
            a,
            &mut j,
            (ra, leg_a),
            am.port(),
            bridge(ra),
        );
        sccp_media_stop(&mut tl, &mut c, b, &mut j, (rb, leg_b));
        sccp_media(
            &mut tl,
            &mut c,
            b,
            &mut j,
            (rb, leg_b),
            bm.port(),
            bridge(rb),
        );
        d.reinvite(&mut tl, &mut c, bridge(r3), gm);
        c.at(start + 60_000_000);
        d.bye(&mut tl, &mut c, false);
        sccp_hang_up(&mut tl, &mut c, b, &mut j, (rb, leg_b), true);
        j.closed(&mut tl, c.tick(), b, leg_b);
        sccp_hang_up(&mut tl, &mut c, a, &mut j, (ra, leg_a), true);
        j.closed(&mut tl, c.tick(), a, leg_a);
        let end = c.tick();
        calls.push(TruthCall {
            id: ids.call,
            kind: "conference",
            start: secs(start),
            end: secs(end),
            calling: a.dn.into(),
            called: b.dn.into(),
            legs: vec![
                ctiqbe_leg(&j, g1, (a.dn, b.dn)),
                ctiqbe_leg(&j, g2, (a.dn, dialled)),
                sccp_leg(a, ra, (a.dn, b.dn)),
                sccp_leg(b, rb, (a.dn, b.dn)),
                sccp_leg(a, r3, (a.dn, dialled)),
                sip_leg(&d),
            ],
        });
    }

    // Keepalives, the JTAPI close, the phones' connections closed.
    let t_end = c.at(t0 + 290_000_000);
    for p in phones.iter_mut() {
        p.send(
            &mut tl,
            t_end,
            true,
            Le::default().msg(sccp_id::KEEP_ALIVE_REQ),
        );
        p.send(
            &mut tl,
            t_end + 2_000,
            false,
            Le::default().msg(sccp_id::KEEP_ALIVE_ACK),
        );
    }
    let mut ts = t_end + 10_000;
    for (from_client, m) in std::mem::take(&mut j.close) {
        ts += 3_000;
        let f = j.conv.send(from_client, &m);
        tl.push(ts, f);
    }
    for f in j.conv.close() {
        ts += 1_000;
        tl.push(ts, f);
    }
    for p in phones.iter_mut() {
        for f in p.conv.close() {
            ts += 1_000;
            tl.push(ts, f);
        }
    }
    (tl, calls)
}

/// Writes a correlated capture of at least `target_len` bytes (whole scenes: it stops after
/// the scene that crosses it). Returns (bytes, packets) and the calls it holds.
pub fn write(out: &mut impl Write, target_len: u64) -> io::Result<((u64, u64), Vec<TruthCall>)> {
    let mut header = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    header.extend_from_slice(&2u16.to_le_bytes());
    header.extend_from_slice(&4u16.to_le_bytes());
    for w in [0u32, 0, 262_144, 1] {
        header.extend_from_slice(&w.to_le_bytes());
    }
    out.write_all(&header)?;
    let mut written = header.len() as u64;
    let mut packets = 0u64;
    let mut truth = Vec::new();
    let mut ids = Ids {
        call_ref: 27_000_000,
        global: 41_000,
        call: 0,
    };
    let mut k = 0u64;
    while written < target_len {
        let (mut tl, calls) = scene(k, &mut ids);
        tl.frames.sort_by_key(|f| f.0);
        for (t, frame) in tl.frames {
            let mut rec = Vec::with_capacity(16 + frame.len());
            for w in [
                (t / 1_000_000) as u32,
                (t % 1_000_000) as u32,
                frame.len() as u32,
                frame.len() as u32,
            ] {
                rec.extend_from_slice(&w.to_le_bytes());
            }
            rec.extend_from_slice(&frame);
            out.write_all(&rec)?;
            written += rec.len() as u64;
            packets += 1;
        }
        truth.extend(calls);
        k += 1;
    }
    Ok(((written, packets), truth))
}

/// The calls of the correlated capture `write` makes for this length: the generator's truth.
/// (The profile has no randomness: the seed does not change it; it is taken for symmetry with
/// the other profiles.)
pub fn correlated_truth(_seed: u64, target_len: u64) -> Vec<TruthCall> {
    write(&mut io::sink(), target_len)
        .map(|r| r.1)
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    /// Hex text (whitespace ignored) to bytes.
    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn word(f: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([f[at], f[at + 1], f[at + 2], f[at + 3]])
    }

    /// The (off, len) string at frame offset `at`, without its NUL.
    fn string(f: &[u8], at: usize) -> &[u8] {
        let (off, len) = (word(f, at) as usize, word(f, at + 4) as usize);
        assert_eq!(f[off + len - 1], 0, "NUL-terminated");
        &f[off..off + len - 1]
    }

    /// StartTransmissionEvent written out by hand from ctiqbe-wire-2 §3 (fixed part 80 bytes,
    /// then the 12-byte RTPDestinationV6 the descriptor at 0x60 points at), and the quick
    /// reference's frame offsets: 0x30 ipAddr in network order, 0x34 rtpPortNumber.
    #[test]
    fn start_transmission_is_laid_out_as_the_spec_says() {
        let f = media_start_frame(38, 7, false, addr([10, 30, 1, 11], 24002));
        let want = hex(
            "74000000 00000000 ddddffff 00001100 5b000000 20000000 50000000 0c000000
             01000000 26000000 01000000 07000000 0a1e010b c25d0000 14000000 04000000
             00000000 00000000 01000000 00000000 70000000 00000000 00000000 03000000
             70000000 0c000000 0c000000 00000000
             70000000 00000000 00000000",
        );
        assert_eq!(f, want);
        assert_eq!(&f[0x30..0x34], &[10, 30, 1, 11]);
        assert_eq!(word(&f, 0x34), 24002);
        assert_eq!((word(&f, 0x38), word(&f, 0x3c)), (20, 4));
        assert_eq!(word(&f, 0x5c), 3);
    }

    /// StartReceptionEvent: identical to StartTransmissionEvent up to 0x3c, then
    /// useEchoCancellation, bitRate, mediaDeviceName @0x48, rtpDest_v6 @0x58 (fixed part 72).
    #[test]
    fn start_reception_is_laid_out_as_the_spec_says() {
        let f = media_start_frame(40, 9, true, addr([10, 1, 3, 1], 16390));
        let want = hex(
            "6c000000 00000000 ddddffff 00001100 5a000000 20000000 48000000 0c000000
             01000000 28000000 01000000 09000000 0a010301 06400000 14000000 04000000
             00000000 00000000 68000000 00000000 00000000 03000000 68000000 0c000000
             0c000000 00000000
             68000000 00000000 00000000",
        );
        assert_eq!(f, want);
        assert_eq!(&f[0x30..0x34], &[10, 1, 3, 1]);
        assert_eq!(word(&f, 0x54), 3);
    }

    /// Stop{Reception,Transmission}Event: device and call-leg handles, a null mediaDeviceName,
    /// mediaResourceId, mediaConnectionMode (fixed part 32).
    #[test]
    fn stop_events_are_laid_out_as_the_spec_says() {
        let want = |pdu: &str| {
            hex(&format!(
                "38000000 00000000 ddddffff 00001100 {pdu}000000 20000000 20000000 00000000
                 01000000 26000000 01000000 07000000 40000000 00000000 00000000 03000000"
            ))
        };
        assert_eq!(media_stop_frame(38, 7, true), want("5c"));
        assert_eq!(media_stop_frame(38, 7, false), want("5d"));
    }

    /// CallAttributeInfoEvent read back by the offsets of ctiqbe-wire-2 §3 (fixed part 108)
    /// and §4 (MultiForkingRecorderInfo, 24 bytes: recorderURI at +8).
    #[test]
    fn recording_event_is_laid_out_as_the_spec_says() {
        let p = Phone {
            name: "SEP00A0C9000002".into(),
            dn: "2002",
            ip: [10, 30, 1, 12],
            conv: Conversation::new(addr([10, 30, 1, 12], 50000), addr(CUCM, 2000)),
            line_id: 145,
            device_id: 39,
            media_events: false,
        };
        let f = recording_frame(&p, 3, 41002);
        let fixed = 0x20;
        assert_eq!(word(&f, 16), 241);
        assert_eq!(word(&f, 24), 108, "fixed length");
        assert_eq!(word(&f, 0) as usize + 8, f.len());
        let at = |o: usize| fixed + o;
        assert_eq!(
            [0, 4, 8, 12, 16, 20].map(|o| word(&f, at(o))),
            [1, 145, 1, 3, 3, 41002]
        );
        assert_eq!(string(&f, at(24)), b"2002");
        assert_eq!(string(&f, at(32)), b"PT_Internal");
        assert_eq!(string(&f, at(40)), b"SEP00A0C9000002");
        assert_eq!(word(&f, at(48)), 0, "existing");
        assert_eq!((word(&f, at(60)), word(&f, at(64))), (1, 1));
        assert_eq!(string(&f, at(68)), b"SEP00A0C9000002");
        assert_eq!(string(&f, at(76)), RECORDING_GUID.as_bytes());
        assert_eq!(string(&f, at(84)), b"StandAloneCluster");
        let (off, count, size) = (
            word(&f, at(92)) as usize,
            word(&f, at(100)),
            word(&f, at(104)),
        );
        assert_eq!((count, size), (1, 24));
        assert_eq!((word(&f, off), word(&f, off + 4)), (1, 0));
        assert_eq!(string(&f, off + 8), RECORDER_URI.as_bytes());
        assert_eq!(string(&f, off + 16), b"");
    }

    /// (source, destination, source port, destination port, payload).
    type Segment<'a> = ([u8; 4], [u8; 4], u16, u16, &'a [u8]);

    /// The segment of a synthetic TCP frame (Ethernet, IPv4, TCP) with a payload.
    fn tcp(frame: &[u8]) -> Option<Segment<'_>> {
        let ip = &frame[14..];
        if ip[9] != 6 {
            return None;
        }
        let tcp = &ip[usize::from(ip[0] & 0x0f) * 4..];
        let payload = &tcp[usize::from(tcp[12] >> 4) * 4..];
        (payload.len() >= 12).then(|| {
            (
                [ip[12], ip[13], ip[14], ip[15]],
                [ip[16], ip[17], ip[18], ip[19]],
                u16::from_be_bytes([tcp[0], tcp[1]]),
                u16::from_be_bytes([tcp[2], tcp[3]]),
                payload,
            )
        })
    }

    /// In the capture, every CTIQBE media event repeats the address of the SCCP message it
    /// follows on the same phone (OpenReceiveChannelAck's for reception, StartMediaTransmission's
    /// for transmission), and only the phones whose media events the application asked for
    /// get them; the first scene's inbound call, only it, carries a recording attribute.
    #[test]
    fn media_events_repeat_the_sccp_endpoints() {
        let (mut tl, _) = scene(
            0,
            &mut Ids {
                call_ref: 27_000_000,
                global: 41_000,
                call: 0,
            },
        );
        tl.frames.sort_by_key(|f| f.0);
        let mut last_sccp: std::collections::BTreeMap<[u8; 4], (u32, [u8; 4], u32)> =
            Default::default();
        let (mut starts, mut stops, mut recordings) = (0, 0, 0);
        for (_, frame) in &tl.frames {
            let Some((src, dst, sport, dport, payload)) = tcp(frame) else {
                continue;
            };
            if dport == 2000 || sport == 2000 {
                let phone = if dport == 2000 { src } else { dst };
                let id = word(payload, 8);
                let ip_port = |o: usize| {
                    (
                        [payload[o], payload[o + 1], payload[o + 2], payload[o + 3]],
                        word(payload, o + 4),
                    )
                };
                match id {
                    // OpenReceiveChannelAck: status, ip, port.
                    0x22 => {
                        let (a, p) = ip_port(16);
                        last_sccp.insert(phone, (0x22, a, p));
                    }
                    // StartMediaTransmission: conference, party, ip, port.
                    0x8a => {
                        let (a, p) = ip_port(20);
                        last_sccp.insert(phone, (0x8a, a, p));
                    }
                    _ => {}
                }
            } else if sport == 2748 {
                let pdu = word(payload, 16);
                if pdu == 241 {
                    recordings += 1;
                    continue;
                }
                if !(90..=93).contains(&pdu) {
                    continue;
                }
                let device = word(payload, 0x24);
                // Devices 38 (2001) and 40 (2003) asked for media events, 39 (2002) did not.
                assert!(device == 38 || device == 40, "device {device}");
                let phone = [10, 30, 1, if device == 38 { 11 } else { 13 }];
                if pdu >= 92 {
                    stops += 1;
                    continue;
                }
                starts += 1;
                let want = last_sccp[&phone];
                assert_eq!(want.0, if pdu == 90 { 0x22 } else { 0x8a });
                assert_eq!(
                    (
                        [payload[0x30], payload[0x31], payload[0x32], payload[0x33]],
                        word(payload, 0x34)
                    ),
                    (want.1, want.2),
                    "PDU {pdu}"
                );
            }
        }
        // 2001: outbound, transfer, conference (twice), consultation; 2003: the transfer.
        assert_eq!(starts, 2 * 6);
        assert_eq!(stops, starts);
        assert_eq!(recordings, 1);
        let (later, _) = scene(
            1,
            &mut Ids {
                call_ref: 28_000_000,
                global: 42_000,
                call: 0,
            },
        );
        let pdus: Vec<u32> = later
            .frames
            .iter()
            .filter_map(|(_, f)| tcp(f))
            .filter(|x| x.2 == 2748)
            .map(|x| word(x.4, 16))
            .collect();
        assert!(pdus.contains(&91), "{pdus:?}");
        assert!(!pdus.contains(&241), "only the first scene records a call");
    }
}
