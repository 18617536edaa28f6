//! Every resource cap in one place. A capture is hostile input: each cap keeps memory bounded
//! whatever the file holds, and hitting one is reported (never silent, never fatal).

/// Resource caps of one analysis.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections/flows held at once: open, or ended less than a minute ago (a flow that is
    /// over leaves the table, see `crate::engine`). Beyond it new flows are counted but not
    /// analyzed. 200 000 covers a busy CTI Manager's applications many times over (each JTAPI
    /// application holds one connection).
    pub max_flows: usize,
    /// Out-of-order bytes buffered per TCP direction before the hole is declared a gap. 4 MiB
    /// rides out a long retransmission burst on a LAN without letting one flow hoard memory.
    pub max_buffered_per_direction: usize,
    /// Decoded messages kept for the report and the page. Beyond it messages are still decoded
    /// (sessions and findings see them) and counted, but not stored.
    pub max_messages_kept: usize,
    /// Estimated memory of the kept messages (field tree, spans, raw bytes). The page's engine
    /// lives in a wasm heap that should stay small (issue 7: 256 MB for a 4 GB capture), so the
    /// default is lower in wasm than natively. Beyond it, messages are counted, not kept.
    pub max_message_memory: usize,
    /// Anomaly events kept (malformed frames, gaps...); beyond it they are counted.
    pub max_events_kept: usize,
    /// IP datagrams waiting for missing fragments at once.
    pub max_pending_fragments: usize,
    /// Payload packets of an unknown flow inspected before giving up on detecting it.
    pub detection_packets: u32,
    /// CTIQBE requests remembered per connection for pairing (answered ones too, for late
    /// completion events). A client pipelines a few dozen at most.
    pub ctiqbe_max_tracked_requests: usize,
    /// CTIQBE devices, lines and calls kept per connection in the session info. A CTI Manager
    /// application monitoring a whole site opens hundreds of devices and lines.
    pub ctiqbe_max_devices: usize,
    pub ctiqbe_max_lines: usize,
    pub ctiqbe_max_calls: usize,
    /// CTIQBE call states remembered per call.
    pub ctiqbe_max_states_per_call: usize,
    /// Distinct CTIQBE protocol version words remembered per direction.
    pub ctiqbe_max_versions: usize,
    /// TLS alerts remembered per connection.
    pub tls_max_alerts: usize,
    /// Largest GED-188 message, header included: the spec's largest is 12 500 bytes (v24);
    /// 64 KiB as its decoders accept. Longer MessageLengths are `ged188.bad_length`.
    pub ged188_max_message_len: u32,
    /// GED-188 requests awaiting their confirmation per connection (InvokeIDs). Clients
    /// pipeline a few at most; an agent desktop sends one at a time.
    pub ged188_max_pending_requests: usize,
    /// GED-188 agents and calls kept per connection in the session info. A bridge with
    /// ALL_EVENTS sees a whole peripheral's agents and calls.
    pub ged188_max_agents: usize,
    pub ged188_max_calls: usize,
    /// GED-188 state changes remembered per agent and per call.
    pub ged188_max_states: usize,
    /// Longest SIP message kept (head and body). 64 KiB is the largest UDP datagram and far
    /// above real signalling (an INVITE with SDP is 1 to 4 KiB); a longer one is cut there and
    /// the rest skipped, so a flow never buffers more.
    pub sip_max_message_len: usize,
    /// Headers listed per SIP message. Re-decoding a kept message uses the default (the store
    /// decodes from the bytes alone), so lowering it only makes capture-time decoding stricter.
    pub sip_max_headers: usize,
    /// Sessions (dialogs, registrations, out-of-dialog Call-IDs) per SIP flow. A trunk between
    /// two proxies carries every call on one flow; beyond it new Call-IDs share one overflow
    /// session.
    pub sip_max_slots: usize,
    /// SIP transactions waiting for their final response per flow (for pairing); beyond it the
    /// oldest is forgotten.
    pub sip_max_transactions: usize,
    /// Largest SCCP message (header included); a header announcing more is `sccp.bad_length`
    /// and the framer resynchronises. Real messages stay under 4 KiB.
    pub sccp_max_message_len: u32,
    /// Phone registrations (sessions) kept per SCCP connection; later RegisterReqs stay in
    /// the last session.
    pub sccp_max_sessions_per_flow: usize,
    /// Calls kept per SCCP session (a phone handles a few at once; a gateway or a long
    /// capture many more).
    pub sccp_max_calls_per_session: usize,
    /// Lines (LineStatRes) kept per SCCP session.
    pub sccp_max_lines_per_session: usize,
    /// Unanswered SCCP requests remembered per connection for request/response pairing.
    pub sccp_max_pending_requests: usize,
    /// Call legs (of every protocol) the correlator (`crate::calls::Correlator`) holds at once:
    /// added and not yet returned in a call. A leg added beyond it stays out of `calls`. When
    /// every session is correlated at the end (`calls::correlate`) every leg is held, so it
    /// caps the total. Each leg costs about 200 bytes while held.
    pub calls_max_legs: usize,
    /// Earlier live legs of the same protocol key, media address, line or called number each
    /// leg is compared with: bounds the pass at `calls_max_candidates` comparisons a leg per
    /// bucket when one number is called all day. Each leg dropped from a window while it could
    /// still be linked is counted once.
    pub calls_max_candidates: usize,
    /// Distinct client hosts and named values counted across the findings' groups (one 8-byte
    /// hash each); beyond it a group's `clients.count` / `values.count` is a lower bound
    /// (`capped`). What a finding keeps does not grow with sessions (`findings::MAX_SESSION_IDS`
    /// …); this count is the one part that grows, with distinct clients and logins.
    pub max_finding_distinct: usize,
    /// Values kept per inventory list (`servers`, `logins`, `numbers`…); beyond it new values
    /// are counted, not listed.
    pub max_inventory_values: usize,
    /// Several files merged: runs of consecutive frames from one file kept to say where each
    /// frame came from (24 bytes each; one per file for rotated parts, up to one per packet for
    /// files that interleave). Beyond it later frames have no `source`.
    pub max_source_runs: usize,
    /// Milliseconds of capture time a TCP flow stays after its connection ended before it is
    /// retired (written out by `--ndjson`, forgotten): 60 s, a TIME-WAIT. Later packets on its
    /// addresses start a new flow. `u64::MAX`: flows stay to the end of the capture.
    pub flow_linger_ms: u64,
    /// Milliseconds of capture time without a packet after which a UDP flow is retired (not
    /// while its decoder is busy: a SIP dialog set up and not ended): 120 s, a stateful
    /// firewall's UDP stream timeout. `u64::MAX`: UDP flows stay to the end of the capture.
    pub udp_idle_ms: u64,
    /// Milliseconds of capture time without a packet after which a TCP connection that did not
    /// end is retired (not while its decoder is busy): 300 s, Zeek's TCP inactivity timeout.
    /// CTI, SCCP and GED-188 connections send keepalives every 30 s or so; one this quiet is
    /// gone (a phone unplugged, the capture filtered). `u64::MAX`: they stay to the end.
    pub tcp_idle_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_flows: 200_000,
            max_buffered_per_direction: 4 << 20,
            max_messages_kept: 5_000_000,
            max_message_memory: if cfg!(target_arch = "wasm32") {
                160 << 20
            } else {
                1 << 30
            },
            max_events_kept: 100_000,
            max_pending_fragments: 4096,
            detection_packets: 8,
            ctiqbe_max_tracked_requests: 256,
            ctiqbe_max_devices: 256,
            ctiqbe_max_lines: 1024,
            ctiqbe_max_calls: 1024,
            ctiqbe_max_states_per_call: 64,
            ctiqbe_max_versions: 8,
            tls_max_alerts: 16,
            ged188_max_message_len: 64 * 1024,
            ged188_max_pending_requests: 256,
            ged188_max_agents: 1024,
            ged188_max_calls: 4096,
            ged188_max_states: 64,
            sip_max_message_len: 64 << 10,
            sip_max_headers: crate::proto::sip::decode::MAX_HEADERS,
            sip_max_slots: 4096,
            sip_max_transactions: 1024,
            sccp_max_message_len: crate::proto::sccp::DEFAULT_MAX_MESSAGE_LEN,
            sccp_max_sessions_per_flow: 64,
            sccp_max_calls_per_session: 1024,
            sccp_max_lines_per_session: 256,
            sccp_max_pending_requests: 256,
            calls_max_legs: 200_000,
            calls_max_candidates: 64,
            max_finding_distinct: 1 << 20,
            max_inventory_values: 10_000,
            max_source_runs: 1 << 20,
            flow_linger_ms: 60_000,
            udp_idle_ms: 120_000,
            tcp_idle_ms: 300_000,
        }
    }
}
