//! The flow table: one entry per transport conversation (TCP connection or UDP 5-tuple), found
//! from either direction's packets, with who is client and who is server, the flow's protocol
//! once decided, its decoder and the report sessions its decoder's slots became.

use std::net::SocketAddr;

use foldhash::HashMap;

use super::connection::Connection;
use crate::model::{ns_to_secs, Protocol};
use crate::proto::registry;
use crate::proto::{FlowDecoder, PacketCtx};
use crate::report::{FlowSummary, Transport};

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
            FlowKey {
                transport,
                a: x,
                b: y,
            }
        } else {
            FlowKey {
                transport,
                a: y,
                b: x,
            }
        }
    }
}

pub(super) enum Detection {
    Pending { payload_packets: u32 },
    Done,
}

pub(super) struct Flow {
    pub summary: FlowSummary,
    pub client: SocketAddr,
    pub server: SocketAddr,
    /// TCP only: both directions' reassembly and the connection's end.
    pub tcp: Option<Connection>,
    pub detection: Detection,
    pub decoder: Option<Box<dyn FlowDecoder>>,
    /// Report session id of each of the decoder's slots (slot `i` at index `i`); 0 until the
    /// slot's session is opened.
    pub sessions: Vec<u32>,
    /// Payload bytes of UDP datagrams seen per direction: the "stream offset" of a datagram,
    /// so that messages of datagram protocols are placed like those of stream ones.
    pub datagram_offset: [u64; 2],
    /// Closed: the decoder has been finalised; later packets are only counted.
    pub closed: bool,
}

impl Flow {
    pub fn transport(&self) -> Transport {
        self.summary.transport
    }
}

/// The flows not yet retired (`super::retire`), each in a slot that a retired flow gives
/// back, so the table holds what is open at once, not every flow of the capture. Flow ids
/// count from 1 in the order flows appeared.
#[derive(Default)]
pub(super) struct FlowTable {
    live: HashMap<FlowKey, usize>,
    slots: Vec<Option<Flow>>,
    free: Vec<usize>,
    /// Flows created so far.
    created: u32,
    /// Packets of flows that did not fit in the table.
    pub not_tracked: u64,
}

impl FlowTable {
    pub fn get_mut(&mut self, idx: usize) -> Option<&mut Flow> {
        self.slots.get_mut(idx)?.as_mut()
    }

    pub fn get(&self, idx: usize) -> Option<&Flow> {
        self.slots.get(idx)?.as_ref()
    }

    /// Slots, used or free: indices below it may hold a flow.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Flows held now.
    pub fn held(&self) -> usize {
        self.slots.len().saturating_sub(self.free.len())
    }

    /// Takes flow `idx` out of the table (retired): its slot is reused, and its addresses find
    /// a new flow from now on.
    pub fn take(&mut self, idx: usize) -> Option<Flow> {
        let flow = self.slots.get_mut(idx)?.take()?;
        self.free.push(idx);
        let key = FlowKey::new(flow.transport(), flow.client, flow.server);
        if self.live.get(&key) == Some(&idx) {
            self.live.remove(&key);
        }
        Some(flow)
    }

    /// Finds the flow of a packet, creating it (or a new one after a closed connection when a
    /// fresh SYN reuses the same ports). `client_hint`: `Some(true)` when the packet is a SYN
    /// from its source. `None` when the table is full.
    pub fn find_or_insert(
        &mut self,
        transport: Transport,
        src: SocketAddr,
        dst: SocketAddr,
        ctx: &PacketCtx,
        client_hint: Option<bool>,
        max_flows: usize,
    ) -> Option<(usize, bool)> {
        let key = FlowKey::new(transport, src, dst);
        if let Some(&idx) = self.live.get(&key) {
            let reopened =
                client_hint == Some(true) && self.get(idx).is_some_and(|f| f.closed);
            if !reopened {
                return Some((idx, false));
            }
            self.live.remove(&key);
        }
        if self.held() >= max_flows {
            self.not_tracked = self.not_tracked.saturating_add(1);
            return None;
        }
        // Who is the client: the SYN sender; else the side not on a service port.
        let src_is_client = match client_hint {
            Some(syn_from_src) => syn_from_src,
            None => match (
                registry::is_service_port(src.port()),
                registry::is_service_port(dst.port()),
            ) {
                (false, true) => true,
                (true, false) => false,
                // Mid-stream TCP between two unknown ports: the ephemeral (higher) port is the client.
                (false, false) if transport == Transport::Tcp => src.port() > dst.port(),
                // Otherwise whoever spoke first (a UDP request, or peers on two service ports).
                _ => true,
            },
        };
        let (client, server) = if src_is_client {
            (src, dst)
        } else {
            (dst, src)
        };
        self.created = self.created.saturating_add(1);
        let id = self.created;
        let flow = Flow {
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
            tcp: (transport == Transport::Tcp).then(Connection::default),
            detection: Detection::Pending { payload_packets: 0 },
            decoder: None,
            sessions: Vec::new(),
            datagram_offset: [0; 2],
            closed: false,
        };
        let idx = match self.free.pop() {
            Some(idx) => {
                if let Some(slot) = self.slots.get_mut(idx) {
                    *slot = Some(flow);
                }
                idx
            }
            None => {
                self.slots.push(Some(flow));
                self.slots.len().saturating_sub(1)
            }
        };
        self.live.insert(key, idx);
        Some((idx, true))
    }
}
