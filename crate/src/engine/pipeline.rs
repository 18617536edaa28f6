//! The per-packet pipeline: a capture record through the link, IP and transport layers to its
//! flow, the flow's protocol decided (registry probes), its bytes to the flow's decoder
//! (reassembled for TCP, datagram by datagram for UDP), and what the decoder produced into
//! sessions, the message store and the events, within the caps of [`Limits`].

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};

use super::flows::{Detection, Flow, FlowTable};
use super::retire::{Retirement, Sessions};
use super::redaction::Redaction;
use crate::capture::{linktype, Record};
use crate::limits::Limits;
use crate::model::{Direction, Event, Protocol};
use crate::net::{defrag::Defragmenter, ip, link, tcp, tunnel, udp};
use crate::proto::registry::{self, Probe};
use crate::proto::{self, PacketCtx};
use crate::reassembly::Chunk;
use crate::report::{self, Session, SessionInfo, Transport};
use crate::store::MessageStore;

pub(super) struct Pipeline {
    pub limits: Limits,
    pub packets: u64,
    pub bytes: u64,
    pub captured_bytes: u64,
    pub first_ts: Option<i64>,
    pub last_ts: Option<i64>,
    pub link_types: BTreeMap<u32, u64>,
    pub not_decoded: BTreeMap<String, u64>,
    pub defrag: Defragmenter,
    pub flows: FlowTable,
    pub sessions: Sessions,
    pub retirement: Retirement,
    pub messages: MessageStore,
    pub messages_not_kept: u64,
    /// Estimated bytes held by `messages` (see [`estimated_memory`]).
    pub message_memory: usize,
    pub events: Vec<Event>,
    pub events_not_kept: u64,
    pub stats: report::Stats,
    pub gap_limit_hits: u64,
    out: proto::Output,
    pub redaction: Option<Redaction>,
    /// The CTIQBE certificates sessions share (`ctiqbe::session::intern_certificate`).
    certificates: foldhash::HashSet<std::sync::Arc<[u8]>>,
}

impl Pipeline {
    pub fn new(limits: Limits) -> Self {
        Pipeline {
            defrag: Defragmenter::new(limits.max_pending_fragments),
            retirement: Retirement::new(&limits),
            limits,
            packets: 0,
            bytes: 0,
            captured_bytes: 0,
            first_ts: None,
            last_ts: None,
            link_types: BTreeMap::new(),
            not_decoded: BTreeMap::new(),
            flows: FlowTable::default(),
            sessions: Sessions::default(),
            messages: MessageStore::default(),
            messages_not_kept: 0,
            message_memory: 0,
            events: Vec::new(),
            events_not_kept: 0,
            stats: report::Stats::default(),
            gap_limit_hits: 0,
            out: proto::Output::default(),
            redaction: None,
            certificates: foldhash::HashSet::default(),
        }
    }

    fn skip(&mut self, reason: String) {
        {
            let n = self.not_decoded.entry(reason).or_insert(0);
            *n = n.saturating_add(1);
        }
    }

    pub fn on_record(&mut self, rec: &Record<'_>) {
        self.packets = self.packets.saturating_add(1);
        self.bytes = self.bytes.saturating_add(u64::from(rec.orig_len));
        self.captured_bytes = self.captured_bytes.saturating_add(rec.data.len() as u64);
        self.first_ts = Some(self.first_ts.map_or(rec.ts_ns, |t| t.min(rec.ts_ns)));
        self.last_ts = Some(self.last_ts.map_or(rec.ts_ns, |t| t.max(rec.ts_ns)));
        {
            let n = self.link_types.entry(rec.linktype).or_insert(0);
            *n = n.saturating_add(1);
        }
        let ctx = PacketCtx {
            frame: rec.frame,
            ts_ns: rec.ts_ns,
            wire_len: rec.orig_len,
        };
        if let Some(r) = self.redaction.as_mut() {
            r.on_record(rec.file_offset, rec.data);
        }
        self.retire_due(&ctx);
        match link::decode(rec.linktype, rec.data) {
            link::L3::UnsupportedLinktype => self.skip(format!("unsupported link type {}", linktype::name(rec.linktype))),
            l3 => self.on_l3(l3, &ctx, 0),
        }
    }

    /// An IP packet (or what the link layer made of the frame); `depth` counts the tunnels
    /// already unwrapped around it.
    fn on_l3(&mut self, l3: link::L3<'_>, ctx: &PacketCtx, depth: u8) {
        let packet = match l3 {
            link::L3::Ipv4(d) => ip::parse_ipv4(d),
            link::L3::Ipv6(d) => ip::parse_ipv6(d),
            link::L3::NotIp if depth > 0 => return self.skip("tunnel payload not IP".into()),
            link::L3::NotIp => return self.skip("not IP".into()),
            link::L3::UnsupportedLinktype | link::L3::Malformed if depth > 0 => return self.skip("malformed tunnel header".into()),
            link::L3::UnsupportedLinktype | link::L3::Malformed => return self.skip("malformed link-layer header".into()),
        };
        let packet = match packet {
            Ok(p) => p,
            Err(e) => return self.skip(format!("malformed IP: {e}")),
        };
        match packet.fragment {
            Some(frag) => {
                self.stats.ip_fragments = self.stats.ip_fragments.saturating_add(1);
                let whole = self.defrag.push(packet.src, packet.dst, packet.proto, frag, packet.payload);
                if let Some(datagram) = whole {
                    self.on_transport(packet.src, packet.dst, packet.proto, &datagram, ctx, depth);
                }
            }
            None => self.on_transport(packet.src, packet.dst, packet.proto, packet.payload, ctx, depth),
        }
    }

    fn on_transport(
        &mut self,
        src: IpAddr,
        dst: IpAddr,
        proto: u8,
        payload: &[u8],
        ctx: &PacketCtx,
        depth: u8,
    ) {
        if let Some(inner) = tunnel::inner(proto, payload) {
            if depth >= tunnel::MAX_DEPTH {
                return self.skip(format!("tunnels nested deeper than {}", tunnel::MAX_DEPTH));
            }
            self.stats.tunnelled_packets = self.stats.tunnelled_packets.saturating_add(1);
            return self.on_l3(inner, ctx, depth.saturating_add(1));
        }
        match proto {
            ip::PROTO_TCP => match tcp::parse(payload) {
                Some(seg) => {
                    self.stats.tcp_segments = self.stats.tcp_segments.saturating_add(1);
                    self.on_tcp(
                        SocketAddr::new(src, seg.src_port),
                        SocketAddr::new(dst, seg.dst_port),
                        &seg,
                        ctx,
                    )
                }
                None => self.skip("malformed TCP header".into()),
            },
            ip::PROTO_UDP => match udp::parse(payload) {
                Some(dg) => {
                    self.stats.udp_datagrams = self.stats.udp_datagrams.saturating_add(1);
                    self.on_udp(
                        SocketAddr::new(src, dg.src_port),
                        SocketAddr::new(dst, dg.dst_port),
                        dg.payload,
                        ctx,
                    )
                }
                None => self.skip("malformed UDP header".into()),
            },
            other => self.skip(format!("IP protocol {other}")),
        }
    }

    /// The flow of a packet, created (and decided by its ports when a protocol claims them)
    /// on its first packet. `None` when the flow table is full.
    fn flow_for(
        &mut self,
        transport: Transport,
        src: SocketAddr,
        dst: SocketAddr,
        ctx: &PacketCtx,
        client_hint: Option<bool>,
    ) -> Option<usize> {
        let (idx, created) = self.flows.find_or_insert(
            transport,
            src,
            dst,
            ctx,
            client_hint,
            self.limits.max_flows,
        )?;
        if created {
            let flow = self.flows.get_mut(idx)?;
            if let Some(protocol) = registry::by_port(transport, flow.server.port()) {
                decide(&mut self.sessions, &self.limits, flow, protocol, ctx);
            }
        }
        Some(idx)
    }

    fn count_packet(flow: &mut Flow, dir: Direction, payload_len: usize, ctx: &PacketCtx) {
        let s = &mut flow.summary;
        s.packets = s.packets.saturating_add(1);
        s.bytes = s.bytes.saturating_add(u64::from(ctx.wire_len));
        match dir {
            Direction::ToServer => s.bytes_to_server = s.bytes_to_server.saturating_add(payload_len as u64),
            Direction::ToClient => s.bytes_to_client = s.bytes_to_client.saturating_add(payload_len as u64),
        }
        s.last_frame = ctx.frame;
        s.last_time = crate::model::ns_to_secs(ctx.ts_ns);
    }

    /// Runs content detection on a payload of a flow still undecided.
    fn detect_on(&mut self, idx: usize, payload: &[u8], ctx: &PacketCtx) {
        let Some(flow) = self.flows.get_mut(idx) else {
            return;
        };
        let Detection::Pending { payload_packets } = &mut flow.detection else {
            return;
        };
        *payload_packets = payload_packets.saturating_add(1);
        let exhausted = *payload_packets >= self.limits.detection_packets;
        let probe = Probe {
            transport: flow.transport(),
            server_port: flow.server.port(),
            data: payload,
        };
        match registry::by_content(&probe) {
            Some(p) => decide(&mut self.sessions, &self.limits, flow, p, ctx),
            None if exhausted => flow.detection = Detection::Done,
            None => {}
        }
    }

    fn on_tcp(
        &mut self,
        src: SocketAddr,
        dst: SocketAddr,
        seg: &tcp::TcpSegment<'_>,
        ctx: &PacketCtx,
    ) {
        let syn = seg.has(tcp::SYN);
        let client_hint = syn.then_some(!seg.has(tcp::ACK));
        let Some(idx) = self.flow_for(Transport::Tcp, src, dst, ctx, client_hint) else {
            return;
        };
        let Some(flow) = self.flows.get_mut(idx) else {
            return;
        };
        let dir = if src == flow.client {
            Direction::ToServer
        } else {
            Direction::ToClient
        };
        Self::count_packet(flow, dir, seg.payload.len(), ctx);
        if !seg.payload.is_empty() && matches!(flow.detection, Detection::Pending { .. }) {
            self.detect_on(idx, seg.payload, ctx);
        }
        let max_buffered = self.limits.max_buffered_per_direction;
        let Some(flow) = self.flows.get_mut(idx) else {
            return;
        };
        if flow.closed {
            return;
        }
        let Flow {
            tcp: Some(conn),
            decoder,
            summary,
            ..
        } = flow
        else {
            return;
        };
        if syn {
            conn.syn_seen = true;
            summary.syn_seen = true;
            conn.stream(dir).on_syn(seg.seq);
        }
        if let Some(red) = self.redaction.as_mut() {
            let pos = conn.stream(dir).position_of(seg.seq);
            red.on_payload(summary.id, dir, pos, seg.payload);
        }
        if let Some(decoder) = decoder.as_mut() {
            let out = &mut self.out;
            let forced =
                conn.stream(dir)
                    .on_segment(
                        seg.seq,
                        seg.payload,
                        max_buffered,
                        &mut |chunk| match chunk {
                            Chunk::Data(d) => decoder.on_data(dir, d, ctx, out),
                            Chunk::Gap(n) => decoder.on_gap(dir, n, ctx, out),
                        },
                    );
            if forced {
                self.gap_limit_hits = self.gap_limit_hits.saturating_add(1);
            }
        }
        if seg.has(tcp::FIN) {
            conn.on_fin(dir);
        }
        if seg.has(tcp::RST) {
            conn.on_rst();
        }
        if let Some(end) = conn.end() {
            summary.end = end;
            let id = summary.id;
            self.close_flow(idx, ctx);
            self.retirement.on_closed(idx, id, ctx.ts_ns);
        }
        self.drain_output(idx, ctx);
    }

    fn on_udp(&mut self, src: SocketAddr, dst: SocketAddr, payload: &[u8], ctx: &PacketCtx) {
        let Some(idx) = self.flow_for(Transport::Udp, src, dst, ctx, None) else {
            return;
        };
        let Some(flow) = self.flows.get_mut(idx) else {
            return;
        };
        let dir = if src == flow.client {
            Direction::ToServer
        } else {
            Direction::ToClient
        };
        Self::count_packet(flow, dir, payload.len(), ctx);
        if !payload.is_empty() && matches!(flow.detection, Detection::Pending { .. }) {
            self.detect_on(idx, payload, ctx);
        }
        let Some(flow) = self.flows.get_mut(idx) else {
            return;
        };
        let Some(decoder) = flow.decoder.as_mut() else {
            return;
        };
        let Some(offset) = flow.datagram_offset.get_mut(dir.index()) else { return };
        if let Some(red) = self.redaction.as_mut() {
            red.on_payload(flow.summary.id, dir, *offset, payload);
        }
        *offset = offset.saturating_add(payload.len() as u64);
        decoder.on_datagram(dir, payload, ctx, &mut self.out);
        self.drain_output(idx, ctx);
    }

    /// Flushes a flow's streams and closes its decoder; its sessions take their final info.
    pub fn close_flow(&mut self, idx: usize, ctx: &PacketCtx) {
        let Some(flow) = self.flows.get_mut(idx) else {
            return;
        };
        if flow.closed {
            return;
        }
        flow.closed = true;
        let Some(mut decoder) = flow.decoder.take() else {
            return;
        };
        let out = &mut self.out;
        if let Some(conn) = flow.tcp.as_mut() {
            conn.flush(|dir, chunk| match chunk {
                Chunk::Data(d) => decoder.on_data(dir, d, ctx, out),
                Chunk::Gap(n) => decoder.on_gap(dir, n, ctx, out),
            });
        }
        decoder.on_close(ctx, out);
        self.drain_output(idx, ctx);
        let encrypted = decoder.encrypted();
        let Some(flow) = self.flows.get(idx) else {
            return;
        };
        for (slot, mut info) in decoder.sessions().into_iter().enumerate() {
            let Some(&sid) = flow.sessions.get(slot).filter(|&&sid| sid != 0) else {
                continue;
            };
            if let SessionInfo::Ctiqbe(i) = &mut info {
                crate::proto::ctiqbe::session::intern_certificate(i, &mut self.certificates);
            }
            if let Some(session) = self.sessions.get_mut(sid) {
                session.info = info;
                session.encrypted = encrypted;
                // Its call legs are final: the correlator takes them now, so a connection
                // that ended does not hold calls back while it lingers.
                self.retirement.calls.add(session);
            }
        }
    }

    /// The report session of the decoder's `slot` on flow `idx`, opened on first use.
    fn session_of(&mut self, idx: usize, slot: u32, ctx: &PacketCtx) -> u32 {
        let Some(flow) = self.flows.get_mut(idx) else {
            return 0;
        };
        match flow.sessions.get(slot as usize) {
            Some(&sid) if sid != 0 => sid,
            // A decoder cannot make the engine hold more slots than the sessions it opened
            // plus one (slots are opened in order; a slot far ahead joins the last one).
            _ if slot as usize > flow.sessions.len() => flow.sessions.last().copied().unwrap_or(0),
            _ => open_session(&mut self.sessions, flow, ctx),
        }
    }

    /// Moves what the decoder produced into the kept messages/events, within the caps.
    fn drain_output(&mut self, idx: usize, ctx: &PacketCtx) {
        if self.out.messages.is_empty() && self.out.compact.is_empty() && self.out.events.is_empty()
        {
            return;
        }
        let mut compact = std::mem::take(&mut self.out.compact);
        for m in compact.drain(..) {
            let session = self.session_of(idx, m.slot, ctx);
            if self.admit(session, m.frame, MessageStore::cost_of_compact(m.raw.len())) {
                self.messages.push_compact(session, &m);
            }
        }
        self.out.compact = compact;
        let mut whole = std::mem::take(&mut self.out.messages);
        for mut m in whole.drain(..) {
            m.session = self.session_of(idx, 0, ctx);
            if self.admit(m.session, m.frame, estimated_memory(&m)) {
                self.messages.push_whole(m);
            }
        }
        self.out.messages = whole;
        let mut events = std::mem::take(&mut self.out.events);
        for mut e in events.drain(..) {
            e.session = self.session_of(idx, e.slot, ctx);
            self.stats.events_total = self.stats.events_total.saturating_add(1);
            if self.events.len() < self.limits.max_events_kept {
                self.retirement.on_event(e.session, self.events.len());
                self.events.push(e);
            } else {
                self.events_not_kept = self.events_not_kept.saturating_add(1);
            }
        }
        self.out.events = events;
    }

    /// The temporary file of the kept messages could not be written (the disk is full).
    pub fn storage_error(&self) -> Result<(), crate::error::Error> {
        match self.messages.disk_error() {
            Some(e) => Err(crate::error::Error::Storage(e)),
            None => Ok(()),
        }
    }

    /// Counts one decoded message in its session; whether the caps let it be kept.
    fn admit(&mut self, session: u32, frame: u64, cost: usize) -> bool {
        self.stats.messages_decoded = self.stats.messages_decoded.saturating_add(1);
        if let Some(s) = self.sessions.get_mut(session) {
            s.messages = s.messages.saturating_add(1);
            s.last_frame = s.last_frame.max(frame);
        }
        let fits = self.messages.len() < self.limits.max_messages_kept.min(MessageStore::MAX_LEN)
            && self.message_memory.saturating_add(cost) <= self.limits.max_message_memory;
        if fits {
            self.message_memory = self.message_memory.saturating_add(cost);
        } else {
            self.messages_not_kept = self.messages_not_kept.saturating_add(1);
        }
        fits
    }
}

/// Records the flow's protocol and, where the registry has a decoder for it on this transport,
/// gives the flow its decoder and opens its first session.
fn decide(
    sessions: &mut Sessions,
    limits: &Limits,
    flow: &mut Flow,
    protocol: Protocol,
    ctx: &PacketCtx,
) {
    flow.detection = Detection::Done;
    flow.summary.protocol = protocol;
    if let Some(decoder) = registry::new_decoder(protocol, flow.transport(), limits) {
        flow.decoder = Some(decoder);
        open_session(sessions, flow, ctx);
    }
}

/// Opens the report session of the flow's next slot.
fn open_session(sessions: &mut Sessions, flow: &mut Flow, ctx: &PacketCtx) -> u32 {
    let id = sessions.open(|id| Session {
        id,
        protocol: flow.summary.protocol,
        client: flow.summary.client.clone(),
        server: flow.summary.server.clone(),
        transport: flow.summary.transport,
        encrypted: flow.decoder.as_ref().is_some_and(|d| d.encrypted()),
        messages: 0,
        flow: flow.summary.id,
        first_frame: ctx.frame,
        last_frame: ctx.frame,
        info: SessionInfo::Pending,
    });
    if flow.sessions.is_empty() {
        flow.summary.session = Some(id);
    }
    flow.sessions.push(id);
    id
}

/// A rough upper estimate of the heap a message kept whole holds: its raw bytes, its field tree
/// (several times the bytes in JSON values and keys) and its spans (a path string and numbers
/// each). Compact messages cost [`MessageStore::cost_of_compact`].
fn estimated_memory(m: &crate::model::Message) -> usize {
    m.raw
        .len()
        .saturating_mul(8)
        .saturating_add(m.spans.len().saturating_mul(96))
        .saturating_add(512)
}
