//! The engine: the one pipeline shared by the wasm facade and the CLI.
//!
//! ```text
//! chunks → capture::Reader → net::link → net::ip (+ defrag) → tcp/udp → flow table
//!        → reassembly (per direction) → proto detection → StreamDecoder → messages/events
//!        → sessions → findings → Report
//! ```
//!
//! Feed the capture with [`Engine::push`] in order, in chunks of any size, then call
//! [`Engine::finish`] once. Memory grows with live flows and kept messages, not file size.
//!
//! ```
//! let mut engine = ctiscope::engine::Engine::default();
//! let capture: &[u8] = &[]; // the file's bytes, read in slices
//! for chunk in capture.chunks(64 * 1024) {
//!     engine.push(chunk).unwrap();
//! }
//! let report = engine.finish(); // Err: the file was empty or not a capture
//! assert!(report.is_err());
//! ```

use crate::capture::{linktype, Reader, Record};
use crate::error::Error;
use crate::limits::Limits;
use crate::model::{ns_to_secs, Direction, Protocol};
use crate::net::{defrag::Defragmenter, ip, link, tcp, udp};
use crate::proto::{self, detect, PacketCtx, StreamDecoder};
use crate::reassembly::{Chunk, HalfStream};
use crate::store::MessageStore;
use crate::redact::{patches_for_segment, Patch, RedactionPlan};
use crate::report::{self, FlowSummary, LimitHit, Report, Session, Transport};
use foldhash::HashMap;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};

/// Streaming analyzer. See the module docs for the calling sequence.
pub struct Engine {
    reader: Reader,
    pipeline: Pipeline,
    file_bytes: u64,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Limits::default())
    }
}

impl Engine {
    pub fn new(limits: Limits) -> Self {
        Engine { reader: Reader::new(), pipeline: Pipeline::new(limits), file_bytes: 0 }
    }

    /// Feeds the next chunk of the capture file. Errors only when the input is not a capture.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.file_bytes = self.file_bytes.saturating_add(chunk.len() as u64);
        let pipeline = &mut self.pipeline;
        self.reader.push(chunk, &mut |rec| pipeline.on_record(&rec))
    }

    /// An engine that, besides analyzing, records where the planned bytes lie in the file
    /// (second pass of a redaction; see [`crate::redact`]).
    pub fn with_redaction(limits: Limits, plan: RedactionPlan) -> Self {
        let mut e = Engine::new(limits);
        e.pipeline.redaction = Some(Redaction { plan, patches: Vec::new(), unmapped_segments: 0 });
        e
    }

    /// Ends a redaction pass: the file patches, and how many segments with planned bytes could
    /// not be mapped to the file (IP fragments).
    pub fn finish_redaction(mut self) -> Result<(Vec<Patch>, u64), Error> {
        let pipeline = &mut self.pipeline;
        self.reader.finish(&mut |rec| pipeline.on_record(&rec))?;
        let r = self.pipeline.redaction.take().unwrap_or_default();
        let mut patches = r.patches;
        patches.sort_unstable();
        patches.dedup();
        Ok((patches, r.unmapped_segments))
    }

    /// Packets read so far.
    pub fn packets(&self) -> u64 {
        self.pipeline.packets
    }

    /// Ends the input and builds the report.
    pub fn finish(mut self) -> Result<Report, Error> {
        let pipeline = &mut self.pipeline;
        self.reader.finish(&mut |rec| pipeline.on_record(&rec))?;
        Ok(self.pipeline.into_report(&self.reader, self.file_bytes))
    }
}

/// Analyzes a whole capture held in memory (tests, small files).
pub fn analyze_bytes(data: &[u8]) -> Result<Report, Error> {
    let mut engine = Engine::default();
    for chunk in data.chunks(1 << 20) {
        engine.push(chunk)?;
    }
    engine.finish()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct FlowKey {
    transport: Transport,
    a: SocketAddr,
    b: SocketAddr,
}

impl FlowKey {
    /// The same key for both directions: endpoints in sorted order.
    fn new(transport: Transport, x: SocketAddr, y: SocketAddr) -> Self {
        if x <= y {
            FlowKey { transport, a: x, b: y }
        } else {
            FlowKey { transport, a: y, b: x }
        }
    }
}

#[derive(Default)]
struct TcpState {
    streams: [HalfStream; 2],
    fin: [bool; 2],
    rst: bool,
    syn_seen: bool,
}

impl TcpState {
    fn ended(&self) -> bool {
        self.rst || (self.fin[0] && self.fin[1])
    }
}

enum Detection {
    Pending { payload_packets: u32 },
    Done,
}

struct Flow {
    summary: FlowSummary,
    client: SocketAddr,
    server: SocketAddr,
    tcp: Option<TcpState>,
    detection: Detection,
    decoder: Option<Box<dyn StreamDecoder>>,
    /// Closed: the decoder has been finalised; later packets are only counted.
    closed: bool,
}

#[derive(Default)]
struct Redaction {
    plan: RedactionPlan,
    patches: Vec<Patch>,
    unmapped_segments: u64,
}

/// Where the current record's bytes are in the file, to map payload slices back to offsets.
#[derive(Clone, Copy, Default)]
struct RecordPlace {
    file_offset: Option<u64>,
    data_addr: usize,
    data_len: usize,
}

struct SessionSlot {
    session: Session,
}

struct Pipeline {
    limits: Limits,
    packets: u64,
    bytes: u64,
    captured_bytes: u64,
    first_ts: Option<i64>,
    last_ts: Option<i64>,
    link_types: BTreeMap<u32, u64>,
    not_decoded: BTreeMap<String, u64>,
    defrag: Defragmenter,
    live: HashMap<FlowKey, usize>,
    flows: Vec<Flow>,
    flows_not_tracked: u64,
    sessions: Vec<SessionSlot>,
    messages: crate::store::MessageStore,
    messages_not_kept: u64,
    /// Estimated bytes held by `messages` (see [`estimated_memory`]).
    message_memory: usize,
    events: Vec<crate::model::Event>,
    events_not_kept: u64,
    stats: report::Stats,
    gap_limit_hits: u64,
    out: proto::Output,
    redaction: Option<Redaction>,
    current: RecordPlace,
}

impl Pipeline {
    fn new(limits: Limits) -> Self {
        Pipeline {
            defrag: Defragmenter::new(limits.max_pending_fragments),
            limits,
            packets: 0,
            bytes: 0,
            captured_bytes: 0,
            first_ts: None,
            last_ts: None,
            link_types: BTreeMap::new(),
            not_decoded: BTreeMap::new(),
            live: HashMap::default(),
            flows: Vec::new(),
            flows_not_tracked: 0,
            sessions: Vec::new(),
            messages: crate::store::MessageStore::default(),
            messages_not_kept: 0,
            message_memory: 0,
            events: Vec::new(),
            events_not_kept: 0,
            stats: report::Stats::default(),
            gap_limit_hits: 0,
            out: proto::Output::default(),
            redaction: None,
            current: RecordPlace::default(),
        }
    }

    fn skip(&mut self, reason: String) {
        *self.not_decoded.entry(reason).or_insert(0) += 1;
    }

    fn on_record(&mut self, rec: &Record<'_>) {
        self.packets += 1;
        self.bytes += u64::from(rec.orig_len);
        self.captured_bytes += rec.data.len() as u64;
        self.first_ts = Some(self.first_ts.map_or(rec.ts_ns, |t| t.min(rec.ts_ns)));
        self.last_ts = Some(self.last_ts.map_or(rec.ts_ns, |t| t.max(rec.ts_ns)));
        *self.link_types.entry(rec.linktype).or_insert(0) += 1;
        let ctx = PacketCtx { frame: rec.frame, ts_ns: rec.ts_ns, wire_len: rec.orig_len };
        if self.redaction.is_some() {
            self.current = RecordPlace { file_offset: rec.file_offset, data_addr: rec.data.as_ptr() as usize, data_len: rec.data.len() };
        }
        let packet = match link::decode(rec.linktype, rec.data) {
            link::L3::Ipv4(d) => ip::parse_ipv4(d),
            link::L3::Ipv6(d) => ip::parse_ipv6(d),
            link::L3::NotIp => return self.skip("not IP".into()),
            link::L3::UnsupportedLinktype => {
                return self.skip(format!("unsupported link type {}", linktype::name(rec.linktype)))
            }
            link::L3::Malformed => return self.skip("malformed link-layer header".into()),
        };
        let packet = match packet {
            Ok(p) => p,
            Err(e) => return self.skip(format!("malformed IP: {e}")),
        };
        match packet.fragment {
            Some(frag) => {
                self.stats.ip_fragments += 1;
                let whole = self.defrag.push(packet.src, packet.dst, packet.proto, frag, packet.payload);
                if let Some(datagram) = whole {
                    self.on_transport(packet.src, packet.dst, packet.proto, &datagram, &ctx);
                }
            }
            None => self.on_transport(packet.src, packet.dst, packet.proto, packet.payload, &ctx),
        }
    }

    fn on_transport(&mut self, src: IpAddr, dst: IpAddr, proto: u8, payload: &[u8], ctx: &PacketCtx) {
        match proto {
            ip::PROTO_TCP => match tcp::parse(payload) {
                Some(seg) => {
                    self.stats.tcp_segments += 1;
                    self.on_tcp(SocketAddr::new(src, seg.src_port), SocketAddr::new(dst, seg.dst_port), &seg, ctx)
                }
                None => self.skip("malformed TCP header".into()),
            },
            ip::PROTO_UDP => match udp::parse(payload) {
                Some(dg) => {
                    self.stats.udp_datagrams += 1;
                    self.on_udp(SocketAddr::new(src, dg.src_port), SocketAddr::new(dst, dg.dst_port), dg.payload, ctx)
                }
                None => self.skip("malformed UDP header".into()),
            },
            other => self.skip(format!("IP protocol {other}")),
        }
    }

    /// Finds the flow of a packet, creating it (or a new one after a closed connection when a
    /// fresh SYN reuses the same ports). `None` when the flow table is full.
    fn flow_for(&mut self, transport: Transport, src: SocketAddr, dst: SocketAddr, ctx: &PacketCtx, client_hint: Option<bool>) -> Option<usize> {
        let key = FlowKey::new(transport, src, dst);
        if let Some(&idx) = self.live.get(&key) {
            let reopened = client_hint == Some(true) && self.flows.get(idx).is_some_and(|f| f.closed);
            if !reopened {
                return Some(idx);
            }
            self.live.remove(&key);
        }
        if self.flows.len() >= self.limits.max_flows {
            self.flows_not_tracked += 1;
            return None;
        }
        // Who is the client: the SYN sender; else the side not on a service port.
        let src_is_client = match client_hint {
            Some(syn_from_src) => syn_from_src,
            None => match (detect::is_service_port(src.port()), detect::is_service_port(dst.port())) {
                (false, true) => true,
                (true, false) => false,
                // Mid-stream TCP between two unknown ports: the ephemeral (higher) port is the client.
                (false, false) if transport == Transport::Tcp => src.port() > dst.port(),
                // Otherwise whoever spoke first (a UDP request, or peers on two service ports).
                _ => true,
            },
        };
        let (client, server) = if src_is_client { (src, dst) } else { (dst, src) };
        let id = self.flows.len() as u32 + 1;
        let by_port = detect::by_port(transport == Transport::Tcp, server.port());
        let mut flow = Flow {
            summary: FlowSummary {
                id,
                transport,
                client: client.to_string(),
                server: server.to_string(),
                packets: 0,
                bytes: 0,
                bytes_to_server: 0,
                bytes_to_client: 0,
                first_frame: ctx.frame,
                last_frame: ctx.frame,
                first_time: ns_to_secs(ctx.ts_ns),
                last_time: ns_to_secs(ctx.ts_ns),
                protocol: Protocol::Unknown,
                session: None,
                syn_seen: false,
                end: "open",
            },
            client,
            server,
            tcp: (transport == Transport::Tcp).then(TcpState::default),
            detection: Detection::Pending { payload_packets: 0 },
            decoder: None,
            closed: false,
        };
        if let Some(protocol) = by_port {
            Self::decide(&mut self.sessions, &mut flow, protocol, ctx);
        }
        self.flows.push(flow);
        let idx = self.flows.len() - 1;
        self.live.insert(key, idx);
        Some(idx)
    }

    /// Records the flow's protocol and, where a decoder exists, opens its session. Takes the
    /// session list alone so that a flow can be decided in place in the flow table.
    fn decide(sessions: &mut Vec<SessionSlot>, flow: &mut Flow, protocol: Protocol, ctx: &PacketCtx) {
        flow.detection = Detection::Done;
        flow.summary.protocol = protocol;
        let decoder: Option<Box<dyn StreamDecoder>> = match protocol {
            Protocol::Ctiqbe if flow.tcp.is_some() => Some(Box::new(proto::ctiqbe::Decoder::new())),
            // Any port: the TLS audit only judges 2749, but a session shows what any TLS flow is.
            Protocol::Tls if flow.tcp.is_some() => Some(Box::new(proto::tls::Decoder::new())),
            _ => None,
        };
        if let Some(decoder) = decoder {
            let id = sessions.len() as u32 + 1;
            flow.summary.session = Some(id);
            sessions.push(SessionSlot {
                session: Session {
                    id,
                    protocol,
                    client: flow.summary.client.clone(),
                    server: flow.summary.server.clone(),
                    transport: flow.summary.transport,
                    encrypted: decoder.encrypted(),
                    messages: 0,
                    flow: flow.summary.id,
                    first_frame: ctx.frame,
                    last_frame: ctx.frame,
                    info: serde_json::Value::Null,
                },
            });
            flow.decoder = Some(decoder);
        }
    }

    fn count_packet(flow: &mut Flow, dir: Direction, payload_len: usize, ctx: &PacketCtx) {
        let s = &mut flow.summary;
        s.packets += 1;
        s.bytes += u64::from(ctx.wire_len);
        match dir {
            Direction::ToServer => s.bytes_to_server += payload_len as u64,
            Direction::ToClient => s.bytes_to_client += payload_len as u64,
        }
        s.last_frame = ctx.frame;
        s.last_time = ns_to_secs(ctx.ts_ns);
    }

    /// Runs content detection on a payload of a flow still undecided.
    fn detect_on(&mut self, idx: usize, payload: &[u8], ctx: &PacketCtx) {
        let Some(flow) = self.flows.get_mut(idx) else { return };
        let Detection::Pending { payload_packets } = &mut flow.detection else { return };
        *payload_packets += 1;
        let exhausted = *payload_packets >= self.limits.detection_packets;
        match detect::by_content(flow.tcp.is_some(), flow.server.port(), payload) {
            Some(p) => Self::decide(&mut self.sessions, flow, p, ctx),
            None if exhausted => flow.detection = Detection::Done,
            None => {}
        }
    }

    fn on_tcp(&mut self, src: SocketAddr, dst: SocketAddr, seg: &tcp::TcpSegment<'_>, ctx: &PacketCtx) {
        let syn = seg.has(tcp::SYN);
        let client_hint = syn.then_some(!seg.has(tcp::ACK));
        let Some(idx) = self.flow_for(Transport::Tcp, src, dst, ctx, client_hint) else { return };
        let dir = {
            let Some(flow) = self.flows.get_mut(idx) else { return };
            let dir = if src == flow.client { Direction::ToServer } else { Direction::ToClient };
            Self::count_packet(flow, dir, seg.payload.len(), ctx);
            dir
        };
        if !seg.payload.is_empty() && matches!(self.flows[idx].detection, Detection::Pending { .. }) {
            self.detect_on(idx, seg.payload, ctx);
        }
        let max_buffered = self.limits.max_buffered_per_direction;
        let Some(flow) = self.flows.get_mut(idx) else { return };
        if flow.closed {
            return;
        }
        let Flow { tcp: Some(state), decoder, summary, .. } = flow else { return };
        if syn {
            state.syn_seen = true;
            summary.syn_seen = true;
            state.streams[dir.index()].on_syn(seg.seq);
        }
        if let (Some(red), Some(sid)) = (self.redaction.as_mut(), summary.session) {
            if let Some(ranges) = red.plan.ranges.get(&(sid, dir)) {
                let pos = state.streams[dir.index()].position_of(seg.seq);
                let len = seg.payload.len() as u64;
                let place = self.current;
                let addr = seg.payload.as_ptr() as usize;
                // The payload is a slice of the record unless it came out of IP reassembly.
                let inside = addr >= place.data_addr && addr + seg.payload.len() <= place.data_addr + place.data_len;
                match place.file_offset.filter(|_| inside) {
                    Some(file) => patches_for_segment(ranges, pos, len, file + (addr - place.data_addr) as u64, &mut red.patches),
                    None => {
                        let mut probe = Vec::new();
                        patches_for_segment(ranges, pos, len, 0, &mut probe);
                        if !probe.is_empty() {
                            red.unmapped_segments += 1;
                        }
                    }
                }
            }
        }
        if let Some(decoder) = decoder.as_mut() {
            let out = &mut self.out;
            let forced = state.streams[dir.index()].on_segment(seg.seq, seg.payload, max_buffered, &mut |chunk| match chunk {
                Chunk::Data(d) => decoder.on_data(dir, d, ctx, out),
                Chunk::Gap(n) => decoder.on_gap(dir, n, ctx, out),
            });
            if forced {
                self.gap_limit_hits += 1;
            }
        }
        if seg.has(tcp::FIN) {
            state.fin[dir.index()] = true;
        }
        if seg.has(tcp::RST) {
            state.rst = true;
        }
        if state.ended() {
            summary.end = if state.rst { "rst" } else { "fin" };
            self.close_flow(idx, ctx);
        }
        self.drain_output(idx);
    }

    fn on_udp(&mut self, src: SocketAddr, dst: SocketAddr, payload: &[u8], ctx: &PacketCtx) {
        let Some(idx) = self.flow_for(Transport::Udp, src, dst, ctx, None) else { return };
        let Some(flow) = self.flows.get_mut(idx) else { return };
        let dir = if src == flow.client { Direction::ToServer } else { Direction::ToClient };
        Self::count_packet(flow, dir, payload.len(), ctx);
        if !payload.is_empty() && matches!(flow.detection, Detection::Pending { .. }) {
            self.detect_on(idx, payload, ctx);
        }
    }

    /// Flushes a flow's streams and closes its decoder; its session takes its final info.
    fn close_flow(&mut self, idx: usize, ctx: &PacketCtx) {
        let Some(flow) = self.flows.get_mut(idx) else { return };
        if flow.closed {
            return;
        }
        flow.closed = true;
        let Some(mut decoder) = flow.decoder.take() else { return };
        let out = &mut self.out;
        if let Some(state) = flow.tcp.as_mut() {
            for dir in [Direction::ToServer, Direction::ToClient] {
                state.streams[dir.index()].flush(&mut |chunk| match chunk {
                    Chunk::Data(d) => decoder.on_data(dir, d, ctx, out),
                    Chunk::Gap(n) => decoder.on_gap(dir, n, ctx, out),
                });
            }
        }
        decoder.on_close(ctx, out);
        let info = decoder.session_info();
        let encrypted = decoder.encrypted();
        if let Some(sid) = flow.summary.session {
            if let Some(slot) = self.sessions.get_mut(sid as usize - 1) {
                slot.session.info = info;
                slot.session.encrypted = encrypted;
            }
        }
        self.drain_output(idx);
    }

    /// Moves what the decoder produced into the kept messages/events, within the caps.
    fn drain_output(&mut self, idx: usize) {
        if self.out.messages.is_empty() && self.out.compact.is_empty() && self.out.events.is_empty() {
            return;
        }
        let session = self.flows.get(idx).and_then(|f| f.summary.session).unwrap_or(0);
        let mut compact = std::mem::take(&mut self.out.compact);
        for m in compact.drain(..) {
            if self.admit(session, m.frame, MessageStore::cost_of_compact(m.raw.len())) {
                self.messages.push_compact(session, &m);
            }
        }
        self.out.compact = compact;
        let mut whole = std::mem::take(&mut self.out.messages);
        for mut m in whole.drain(..) {
            m.session = session;
            if self.admit(session, m.frame, estimated_memory(&m)) {
                self.messages.push_whole(m);
            }
        }
        self.out.messages = whole;
        for mut e in self.out.events.drain(..) {
            e.session = session;
            self.stats.events_total += 1;
            if self.events.len() < self.limits.max_events_kept {
                self.events.push(e);
            } else {
                self.events_not_kept += 1;
            }
        }
    }

    /// Counts one decoded message in its session; whether the caps let it be kept.
    fn admit(&mut self, session: u32, frame: u64, cost: usize) -> bool {
        self.stats.messages_decoded += 1;
        if let Some(s) = self.sessions.get_mut((session as usize).wrapping_sub(1)) {
            s.session.messages += 1;
            s.session.last_frame = s.session.last_frame.max(frame);
        }
        let fits = self.messages.len() < self.limits.max_messages_kept
            && self.message_memory.saturating_add(cost) <= self.limits.max_message_memory;
        if fits {
            self.message_memory += cost;
        } else {
            self.messages_not_kept += 1;
        }
        fits
    }

    fn into_report(mut self, reader: &Reader, file_bytes: u64) -> Report {
        let last = PacketCtx { frame: self.packets, ts_ns: self.last_ts.unwrap_or(0), wire_len: 0 };
        for idx in 0..self.flows.len() {
            self.close_flow(idx, &last);
        }
        for flow in &self.flows {
            if let Some(t) = &flow.tcp {
                for s in &t.streams {
                    self.stats.tcp_duplicate_bytes += s.stats.duplicate_bytes;
                    self.stats.tcp_out_of_order_segments += s.stats.out_of_order_segments;
                    self.stats.tcp_gaps += s.stats.gaps;
                    self.stats.tcp_gap_bytes += s.stats.gap_bytes;
                }
            }
        }
        self.stats.ip_datagrams_reassembled = self.defrag.reassembled;
        self.stats.ip_fragments_dropped = self.defrag.dropped;
        let mut limits = Vec::new();
        let l = &self.limits;
        let mut hit = |limit: &str, value: usize, count: u64, detail: String| {
            if count > 0 {
                limits.push(LimitHit { limit: limit.to_string(), value: value as u64, count, detail });
            }
        };
        hit("max_flows", l.max_flows, self.flows_not_tracked, format!(
            "truncated: the flow table is full; {} packets of later flows were counted but not analyzed", self.flows_not_tracked));
        hit("max_buffered_per_direction", l.max_buffered_per_direction, self.gap_limit_hits,
            "out-of-order data exceeded the per-direction buffer; the hole was declared a gap".into());
        let by_memory = self.message_memory.saturating_add(4096) > l.max_message_memory;
        let (name, cap) = if by_memory { ("max_message_memory", l.max_message_memory) } else { ("max_messages_kept", l.max_messages_kept) };
        hit(name, cap, self.messages_not_kept, format!(
            "{} decoded messages were counted in their sessions but not kept in the report", self.messages_not_kept));
        hit("max_events_kept", l.max_events_kept, self.events_not_kept, format!(
            "{} decoding events were counted but not kept", self.events_not_kept));
        hit("max_pending_fragments", l.max_pending_fragments, self.defrag.dropped, format!(
            "{} fragmented IP datagrams were dropped before completion", self.defrag.dropped));
        // Decoders report their own caps (array elements, tracked requests...) as `*.limit` events.
        let mut decoder_limits: BTreeMap<&str, (u64, &str)> = BTreeMap::new();
        for e in self.events.iter().filter(|e| e.kind.ends_with(".limit")) {
            let entry = decoder_limits.entry(e.kind.as_str()).or_insert((0, e.detail.as_str()));
            entry.0 += 1;
        }
        for (kind, (count, first)) in decoder_limits {
            limits.push(LimitHit { limit: kind.to_string(), value: 0, count, detail: format!("first: {first}") });
        }
        let mut warnings: Vec<String> = reader.warnings().to_vec();
        for lh in &limits {
            warnings.push(format!("limit reached ({}={}): {}", lh.limit, lh.value, lh.detail));
        }
        let mut messages = self.messages;
        // Messages of different connections interleave; present them in capture order.
        messages.sort();
        let report = Report {
            schema_version: report::SCHEMA_VERSION,
            tool: report::Tool::default(),
            capture: report::CaptureSummary {
                format: reader.format(),
                compressed: reader.compressed(),
                packets: self.packets,
                bytes: self.bytes,
                captured_bytes: self.captured_bytes,
                file_bytes,
                link_types: self.link_types.iter().map(|(&lt, &n)| report::LinkTypeCount {
                    linktype: lt,
                    name: linktype::name(lt),
                    packets: n,
                    decoded: link::is_supported(lt),
                }).collect(),
                first_time: self.first_ts.map(ns_to_secs),
                last_time: self.last_ts.map(ns_to_secs),
                warnings,
                not_decoded: self.not_decoded.into_iter().map(|(reason, packets)| report::ReasonCount { reason, packets }).collect(),
            },
            flows: self.flows.into_iter().map(|f| f.summary).collect(),
            sessions: self.sessions.into_iter().map(|s| s.session).collect(),
            messages,
            findings: Vec::new(),
            events: self.events,
            limits,
            stats: self.stats,
        };
        crate::findings::run(report)
    }
}

/// A rough upper estimate of the heap a message kept whole holds: its raw bytes, its field tree
/// (several times the bytes in JSON values and keys) and its spans (a path string and numbers
/// each). Compact messages cost [`MessageStore::cost_of_compact`].
fn estimated_memory(m: &crate::model::Message) -> usize {
    m.raw.len().saturating_mul(8).saturating_add(m.spans.len().saturating_mul(96)).saturating_add(512)
}
