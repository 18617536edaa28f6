//! Builds GED-188 (Cisco CTI Server) messages and whole client sessions the way
//! `shared/protocol/ged188.md` lays them out: an 8-byte big-endian MHDR (length of what follows,
//! message type), the fixed part of the negotiated protocol version (§7, §12), then tagged
//! floating fields framed with 1-byte tag/length (versions ≤ 17) or 2-byte tag/length (≥ 20)
//! (§5). The generator uses it for agent-desktop sessions; tests check the bytes by decoding
//! them with `proto::ged188`.

use crate::proto::ged188::Framing;

/// Message types (spec §6).
pub mod mt {
    /// GED-188 MessageType `OPEN_REQ` (3).
    pub const OPEN_REQ: u32 = 3;
    /// GED-188 MessageType `OPEN_CONF` (4).
    pub const OPEN_CONF: u32 = 4;
    /// GED-188 MessageType `HEARTBEAT_REQ` (5).
    pub const HEARTBEAT_REQ: u32 = 5;
    /// GED-188 MessageType `HEARTBEAT_CONF` (6).
    pub const HEARTBEAT_CONF: u32 = 6;
    /// GED-188 MessageType `CLOSE_REQ` (7).
    pub const CLOSE_REQ: u32 = 7;
    /// GED-188 MessageType `CLOSE_CONF` (8).
    pub const CLOSE_CONF: u32 = 8;
    /// GED-188 MessageType `CALL_DELIVERED_EVENT` (9).
    pub const CALL_DELIVERED_EVENT: u32 = 9;
    /// GED-188 MessageType `CALL_ESTABLISHED_EVENT` (10).
    pub const CALL_ESTABLISHED_EVENT: u32 = 10;
    /// GED-188 MessageType `CALL_CLEARED_EVENT` (13).
    pub const CALL_CLEARED_EVENT: u32 = 13;
    /// GED-188 MessageType `CALL_CONNECTION_CLEARED_EVENT` (14).
    pub const CALL_CONNECTION_CLEARED_EVENT: u32 = 14;
    /// GED-188 MessageType `BEGIN_CALL_EVENT` (23).
    pub const BEGIN_CALL_EVENT: u32 = 23;
    /// GED-188 MessageType `END_CALL_EVENT` (24).
    pub const END_CALL_EVENT: u32 = 24;
    /// GED-188 MessageType `AGENT_STATE_EVENT` (30).
    pub const AGENT_STATE_EVENT: u32 = 30;
    /// GED-188 MessageType `SET_AGENT_STATE_REQ` (38).
    pub const SET_AGENT_STATE_REQ: u32 = 38;
    /// GED-188 MessageType `SET_AGENT_STATE_CONF` (39).
    pub const SET_AGENT_STATE_CONF: u32 = 39;
}

/// Floating-field tags (spec §8).
pub mod tag {
    /// GED-188 floating field tag `CLIENT_ID` (1).
    pub const CLIENT_ID: u16 = 1;
    /// GED-188 floating field tag `CLIENT_PASSWORD` (2).
    pub const CLIENT_PASSWORD: u16 = 2;
    /// GED-188 floating field tag `CLIENT_SIGNATURE` (3).
    pub const CLIENT_SIGNATURE: u16 = 3;
    /// GED-188 floating field tag `AGENT_EXTENSION` (4).
    pub const AGENT_EXTENSION: u16 = 4;
    /// GED-188 floating field tag `AGENT_ID` (5).
    pub const AGENT_ID: u16 = 5;
    /// GED-188 floating field tag `AGENT_INSTRUMENT` (6).
    pub const AGENT_INSTRUMENT: u16 = 6;
    /// GED-188 floating field tag `ANI` (8).
    pub const ANI: u16 = 8;
    /// GED-188 floating field tag `DNIS` (10).
    pub const DNIS: u16 = 10;
    /// GED-188 floating field tag `DIALED_NUMBER` (11).
    pub const DIALED_NUMBER: u16 = 11;
    /// GED-188 floating field tag `CALLER_ENTERED_DIGIT` (12).
    pub const CALLER_ENTERED_DIGIT: u16 = 12;
    /// CallVar1; CallVar`n` is `CALL_VAR1 + n - 1` (up to 10).
    pub const CALL_VAR1: u16 = 13;
    /// GED-188 floating field tag `CTI_CLIENT_SIGNATURE` (23).
    pub const CTI_CLIENT_SIGNATURE: u16 = 23;
    /// GED-188 floating field tag `CTI_CLIENT_TIMESTAMP` (24).
    pub const CTI_CLIENT_TIMESTAMP: u16 = 24;
    /// GED-188 floating field tag `CONNECTION_DEV_ID` (25).
    pub const CONNECTION_DEV_ID: u16 = 25;
    /// GED-188 floating field tag `ALERTING_DEV_ID` (26).
    pub const ALERTING_DEV_ID: u16 = 26;
    /// GED-188 floating field tag `CALLING_DEV_ID` (27).
    pub const CALLING_DEV_ID: u16 = 27;
    /// GED-188 floating field tag `CALLED_DEV_ID` (28).
    pub const CALLED_DEV_ID: u16 = 28;
    /// GED-188 floating field tag `ANSWERING_DEV_ID` (30).
    pub const ANSWERING_DEV_ID: u16 = 30;
    /// GED-188 floating field tag `RELEASING_DEV_ID` (33).
    pub const RELEASING_DEV_ID: u16 = 33;
    /// GED-188 floating field tag `AGENT_PASSWORD` (49).
    pub const AGENT_PASSWORD: u16 = 49;
    /// GED-188 floating field tag `SKILL_GROUP_NUMBER` (62).
    pub const SKILL_GROUP_NUMBER: u16 = 62;
    /// GED-188 floating field tag `SKILL_GROUP_ID` (63).
    pub const SKILL_GROUP_ID: u16 = 63;
    /// GED-188 floating field tag `SKILL_GROUP_PRIORITY` (64).
    pub const SKILL_GROUP_PRIORITY: u16 = 64;
    /// GED-188 floating field tag `SKILL_GROUP_STATE` (65).
    pub const SKILL_GROUP_STATE: u16 = 65;
    /// GED-188 floating field tag `NAMED_VARIABLE` (82).
    pub const NAMED_VARIABLE: u16 = 82;
    /// GED-188 floating field tag `FLT_PERIPHERAL_ID` (208).
    pub const FLT_PERIPHERAL_ID: u16 = 208;
    /// GED-188 floating field tag `MULTILINE_AGENT_CONTROL` (224).
    pub const MULTILINE_AGENT_CONTROL: u16 = 224;
    /// GED-188 floating field tag `NUM_PERIPHERALS` (228).
    pub const NUM_PERIPHERALS: u16 = 228;
}

/// AgentState values (spec §9).
pub mod state {
    /// GED-188 agent state `LOGIN` (0).
    pub const LOGIN: u16 = 0;
    /// GED-188 agent state `NOT_READY` (2).
    pub const NOT_READY: u16 = 2;
    /// GED-188 agent state `AVAILABLE` (3).
    pub const AVAILABLE: u16 = 3;
    /// GED-188 agent state `TALKING` (4).
    pub const TALKING: u16 = 4;
    /// GED-188 agent state `WORK_READY` (6).
    pub const WORK_READY: u16 = 6;
}

/// One message being built: fixed part, then floating fields in the stream's framing.
pub struct Msg {
    framing: Framing,
    body: Vec<u8>,
}

impl Msg {
    /// An empty message in the given framing.
    pub fn new(framing: Framing) -> Msg {
        Msg {
            framing,
            body: Vec::new(),
        }
    }
    /// Appends a u8.
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.body.push(v);
        self
    }
    /// Appends a big-endian u16.
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.body.extend_from_slice(&v.to_be_bytes());
        self
    }
    /// Appends a big-endian u32.
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.body.extend_from_slice(&v.to_be_bytes());
        self
    }
    /// A floating field holding `data` as is.
    pub fn field(&mut self, tag: u16, data: &[u8]) -> &mut Self {
        match self.framing {
            Framing::Short => {
                self.body.push(tag as u8);
                self.body.push(data.len() as u8);
            }
            Framing::Long => {
                self.body.extend_from_slice(&tag.to_be_bytes());
                self.body
                    .extend_from_slice(&(data.len() as u16).to_be_bytes());
            }
        }
        self.body.extend_from_slice(data);
        self
    }
    /// A STRING floating field (its length counts the NUL, spec §3).
    pub fn str(&mut self, tag: u16, s: &str) -> &mut Self {
        let mut d = s.as_bytes().to_vec();
        d.push(0);
        self.field(tag, &d)
    }
    /// Appends a floating field `tag` holding a u16.
    pub fn u16_field(&mut self, tag: u16, v: u16) -> &mut Self {
        self.field(tag, &v.to_be_bytes())
    }
    /// Appends a floating field `tag` holding a u32.
    pub fn u32_field(&mut self, tag: u16, v: u32) -> &mut Self {
        self.field(tag, &v.to_be_bytes())
    }
    /// An ECC variable (tag 82): name NUL value NUL.
    pub fn named_var(&mut self, name: &str, value: &str) -> &mut Self {
        let mut d = name.as_bytes().to_vec();
        d.push(0);
        d.extend_from_slice(value.as_bytes());
        d.push(0);
        self.field(tag::NAMED_VARIABLE, &d)
    }
    /// The finished message: MHDR + body.
    pub fn build(&self, message_type: u32) -> Vec<u8> {
        let mut m = Vec::with_capacity(8 + self.body.len());
        m.extend_from_slice(&(self.body.len() as u32).to_be_bytes());
        m.extend_from_slice(&message_type.to_be_bytes());
        m.extend_from_slice(&self.body);
        m
    }
}

/// One inbound call an agent takes, as the CTI Server reports it.
#[derive(Clone, Debug)]
pub struct Call {
    /// The connection call id.
    pub connection_call_id: u32,
    /// ANI (the calling number).
    pub ani: String,
    /// DNIS (the number dialled into the contact centre).
    pub dnis: String,
    /// The dialled number.
    pub dialed: String,
    /// What the caller typed in the IVR (empty: none).
    pub entered_digits: String,
    /// CallVariable1.. values.
    pub variables: Vec<String>,
    /// ECC variables (name, value).
    pub ecc: Vec<(String, String)>,
}

/// Who opens a CTI Server session and what it sees.
#[derive(Clone, Debug)]
pub struct SessionParams {
    /// Protocol version (≤ 17: 1-byte floating tags; ≥ 20: 2-byte; 16–19 are avoided, the
    /// spec leaves their framing open).
    pub version: u32,
    /// The client id.
    pub client_id: String,
    /// The client password.
    pub client_password: String,
    /// The client signature.
    pub client_signature: String,
    /// The peripheral id.
    pub peripheral_id: u32,
    /// The agent id.
    pub agent_id: String,
    /// The agent extension.
    pub agent_extension: String,
    /// The agent instrument.
    pub agent_instrument: String,
    /// The agent password.
    pub agent_password: String,
    /// Base of the CTI Server's clock (TIME fields), seconds since 1970.
    pub time: u32,
    /// The calls.
    pub calls: Vec<Call>,
    /// CLOSE_REQ / CLOSE_CONF at the end; `false` stops after the last call (the caller cuts
    /// the connection, as a failing side does).
    pub close: bool,
}

impl SessionParams {
    /// The framing this client's protocol version uses.
    pub fn framing(&self) -> Framing {
        if self.version <= 17 {
            Framing::Short
        } else {
            Framing::Long
        }
    }
}

const PERIPHERAL_TYPE_ENTERPRISE_AGENT: u16 = 17;
const SERVICES: u32 = 0x0000_0007; // CLIENT_EVENTS | CALL_DATA_UPDATE | CLIENT_CONTROL
const CALL_MSG_MASK: u32 = 0x0000_FFFF;
const AGENT_STATE_MASK: u32 = 0x0000_03FF;

fn open_req(p: &SessionParams, invoke: u32) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    m.u32(invoke)
        .u32(p.version)
        .u32(120) // IdleTimeout: 4 × the 30 s heartbeat
        .u32(p.peripheral_id)
        .u32(SERVICES)
        .u32(CALL_MSG_MASK)
        .u32(AGENT_STATE_MASK)
        .u32(0) // ConfigMsgMask
        .u32(0)
        .u32(0)
        .u32(0);
    m.str(tag::CLIENT_ID, &p.client_id)
        .field(tag::CLIENT_PASSWORD, p.client_password.as_bytes())
        .str(tag::CLIENT_SIGNATURE, &p.client_signature)
        .str(tag::AGENT_EXTENSION, &p.agent_extension)
        .str(tag::AGENT_ID, &p.agent_id)
        .str(tag::AGENT_INSTRUMENT, &p.agent_instrument);
    m.build(mt::OPEN_REQ)
}

fn open_conf(p: &SessionParams, invoke: u32) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    m.u32(invoke)
        .u32(SERVICES)
        .u32(0) // MonitorID
        .u32(0) // PGStatus: normal
        .u32(p.time)
        .u16(1) // PeripheralOnline
        .u16(PERIPHERAL_TYPE_ENTERPRISE_AGENT)
        .u16(1); // AgentState: logged out
    if p.version >= 20 {
        m.u32(0); // DepartmentID
    }
    if p.version >= 24 {
        m.u16(1); // SessionType: active
    }
    m.str(tag::AGENT_EXTENSION, &p.agent_extension)
        .str(tag::AGENT_ID, &p.agent_id)
        .str(tag::AGENT_INSTRUMENT, &p.agent_instrument)
        .u16_field(tag::NUM_PERIPHERALS, 1)
        .u32_field(tag::FLT_PERIPHERAL_ID, p.peripheral_id)
        .u16_field(tag::MULTILINE_AGENT_CONTROL, 0);
    m.build(mt::OPEN_CONF)
}

fn invoke_only(p: &SessionParams, message_type: u32, invoke: u32) -> Vec<u8> {
    Msg::new(p.framing()).u32(invoke).build(message_type)
}

fn set_agent_state(p: &SessionParams, invoke: u32, state: u16, password: bool) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    m.u32(invoke)
        .u32(p.peripheral_id)
        .u16(state)
        .u16(2) // AgentWorkMode: manual in
        .u16(0) // NumSkillGroups
        .u16(0) // EventReasonCode
        .u8(0) // ForcedFlag
        .u32(0); // AgentServiceReq
    m.str(tag::AGENT_INSTRUMENT, &p.agent_instrument)
        .str(tag::AGENT_ID, &p.agent_id);
    if password {
        m.str(tag::AGENT_PASSWORD, &p.agent_password);
    }
    m.build(mt::SET_AGENT_STATE_REQ)
}

fn agent_state_event(p: &SessionParams, state: u16, reason: u16, duration: u32) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    m.u32(0) // MonitorID
        .u32(p.peripheral_id)
        .u32(0) // SessionID
        .u16(PERIPHERAL_TYPE_ENTERPRISE_AGENT)
        .u16(state) // SkillGroupState
        .u32(duration)
        .u32(100) // SkillGroupNumber
        .u32(5100) // SkillGroupID
        .u16(0)
        .u16(state)
        .u16(reason)
        .u32(1) // MrdID: voice
        .u32(u32::from(state == state::TALKING))
        .u16(1) // AgentMode
        .u32(1) // MaxTaskLimit
        .u32(5000 + p.peripheral_id % 1000) // IcmAgentID
        .u32(u32::from(state == state::AVAILABLE)) // AgentAvailabilityStatus
        .u16(1); // NumFltSkillGroups
    if p.version >= 20 {
        m.u32(0); // DepartmentID
    }
    m.str(tag::CLIENT_SIGNATURE, &p.client_signature)
        .str(tag::AGENT_ID, &p.agent_id)
        .str(tag::AGENT_EXTENSION, &p.agent_extension)
        .str(tag::AGENT_INSTRUMENT, &p.agent_instrument)
        .u32_field(tag::SKILL_GROUP_NUMBER, 100)
        .u32_field(tag::SKILL_GROUP_ID, 5100)
        .u16_field(tag::SKILL_GROUP_PRIORITY, 0)
        .u16_field(tag::SKILL_GROUP_STATE, state);
    m.build(mt::AGENT_STATE_EVENT)
}

/// The call-data floating fields of BEGIN_CALL / CALL_DELIVERED.
fn call_data(m: &mut Msg, c: &Call) {
    m.str(tag::ANI, &c.ani)
        .str(tag::DNIS, &c.dnis)
        .str(tag::DIALED_NUMBER, &c.dialed);
    if !c.entered_digits.is_empty() {
        m.str(tag::CALLER_ENTERED_DIGIT, &c.entered_digits);
    }
    for (i, v) in c.variables.iter().take(10).enumerate() {
        m.str(tag::CALL_VAR1 + i as u16, v);
    }
    for (name, value) in &c.ecc {
        m.named_var(name, value);
    }
}

fn begin_call(p: &SessionParams, c: &Call, at: u32) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    m.u32(0)
        .u32(p.peripheral_id)
        .u16(PERIPHERAL_TYPE_ENTERPRISE_AGENT)
        .u16(1) // NumCtiClients
        .u16(c.ecc.len() as u16)
        .u16(0) // NumNamedArrays
        .u16(1) // CallType: ACD in
        .u16(0) // ConnectionDeviceIDType: static
        .u32(c.connection_call_id)
        .u16(0); // CalledPartyDisposition
    m.str(tag::CONNECTION_DEV_ID, &p.agent_extension);
    call_data(&mut m, c);
    m.str(tag::CTI_CLIENT_SIGNATURE, &p.client_signature)
        .u32_field(tag::CTI_CLIENT_TIMESTAMP, at);
    m.build(mt::BEGIN_CALL_EVENT)
}

/// The fixed fields CALL_DELIVERED and CALL_ESTABLISHED share up to SkillGroupPriority.
fn call_prefix(m: &mut Msg, p: &SessionParams, c: &Call) {
    m.u32(0)
        .u32(p.peripheral_id)
        .u16(PERIPHERAL_TYPE_ENTERPRISE_AGENT)
        .u16(0)
        .u32(c.connection_call_id)
        .u16(0xFFFF) // LineHandle
        .u16(0) // LineType: inbound ACD
        .u32(1) // ServiceNumber
        .u32(5001) // ServiceID
        .u32(100) // SkillGroupNumber
        .u32(5100) // SkillGroupID
        .u16(0);
}

fn call_delivered(p: &SessionParams, c: &Call) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    call_prefix(&mut m, p, c);
    m.u16(0) // AlertingDeviceType: device
        .u16(70) // CallingDeviceType: trunk
        .u16(0)
        .u16(0xFFFF) // LastRedirectDeviceType
        .u16(2) // LocalConnectionState: alerting
        .u16(22) // EventCause: new call
        .u16(c.ecc.len() as u16)
        .u16(0);
    m.str(tag::CONNECTION_DEV_ID, &p.agent_extension)
        .str(tag::ALERTING_DEV_ID, &p.agent_extension)
        .str(tag::CALLING_DEV_ID, &c.ani)
        .str(tag::CALLED_DEV_ID, &c.dnis);
    call_data(&mut m, c);
    m.build(mt::CALL_DELIVERED_EVENT)
}

fn call_established(p: &SessionParams, c: &Call) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    call_prefix(&mut m, p, c);
    m.u16(0) // AnsweringDeviceType
        .u16(70)
        .u16(0)
        .u16(0xFFFF)
        .u16(3) // LocalConnectionState: connect
        .u16(22);
    m.str(tag::CONNECTION_DEV_ID, &p.agent_extension)
        .str(tag::ANSWERING_DEV_ID, &p.agent_extension)
        .str(tag::CALLING_DEV_ID, &c.ani)
        .str(tag::CALLED_DEV_ID, &c.dnis);
    m.build(mt::CALL_ESTABLISHED_EVENT)
}

/// CALL_CONNECTION_CLEARED, CALL_CLEARED or END_CALL: the common 16-byte prefix and what
/// each adds.
fn call_end(p: &SessionParams, c: &Call, message_type: u32) -> Vec<u8> {
    let mut m = Msg::new(p.framing());
    m.u32(0)
        .u32(p.peripheral_id)
        .u16(PERIPHERAL_TYPE_ENTERPRISE_AGENT)
        .u16(0)
        .u32(c.connection_call_id);
    if message_type == mt::CALL_CONNECTION_CLEARED_EVENT {
        m.u16(70); // ReleasingDeviceType: the caller's trunk
    }
    if message_type != mt::END_CALL_EVENT {
        m.u16(0).u16(0xFFFF); // LocalConnectionState null, EventCause none
    }
    m.str(tag::CONNECTION_DEV_ID, &p.agent_extension);
    if message_type == mt::CALL_CONNECTION_CLEARED_EVENT {
        m.str(tag::RELEASING_DEV_ID, &c.ani);
    }
    m.build(message_type)
}

/// A desktop's session, in order: (from_client, message). OPEN, agent login with its password,
/// ready, a heartbeat, each call (BEGIN_CALL, DELIVERED, ESTABLISHED, talking, cleared,
/// END_CALL, wrap-up, ready again, a heartbeat), then CLOSE when `p.close`.
pub fn session(p: &SessionParams) -> Vec<(bool, Vec<u8>)> {
    let mut out = Vec::new();
    let mut invoke = 1u32;
    let mut next = || {
        invoke += 1;
        invoke - 1
    };
    let i = next();
    out.push((true, open_req(p, i)));
    out.push((false, open_conf(p, i)));
    let i = next();
    out.push((true, set_agent_state(p, i, state::LOGIN, true)));
    out.push((false, invoke_only(p, mt::SET_AGENT_STATE_CONF, i)));
    out.push((false, agent_state_event(p, state::NOT_READY, 1, 0)));
    let i = next();
    out.push((true, set_agent_state(p, i, state::AVAILABLE, false)));
    out.push((false, invoke_only(p, mt::SET_AGENT_STATE_CONF, i)));
    out.push((false, agent_state_event(p, state::AVAILABLE, 0, 4)));
    let i = next();
    out.push((true, invoke_only(p, mt::HEARTBEAT_REQ, i)));
    out.push((false, invoke_only(p, mt::HEARTBEAT_CONF, i)));
    for (k, c) in p.calls.iter().enumerate() {
        let at = p.time.wrapping_add(60 * (k as u32 + 1));
        out.push((false, begin_call(p, c, at)));
        out.push((false, call_delivered(p, c)));
        out.push((false, call_established(p, c)));
        out.push((false, agent_state_event(p, state::TALKING, 0, 12)));
        out.push((false, call_end(p, c, mt::CALL_CONNECTION_CLEARED_EVENT)));
        out.push((false, call_end(p, c, mt::CALL_CLEARED_EVENT)));
        out.push((false, call_end(p, c, mt::END_CALL_EVENT)));
        out.push((false, agent_state_event(p, state::WORK_READY, 0, 95)));
        out.push((false, agent_state_event(p, state::AVAILABLE, 0, 20)));
        let i = next();
        out.push((true, invoke_only(p, mt::HEARTBEAT_REQ, i)));
        out.push((false, invoke_only(p, mt::HEARTBEAT_CONF, i)));
    }
    if p.close {
        let i = next();
        out.push((
            true,
            Msg::new(p.framing()).u32(i).u32(0).build(mt::CLOSE_REQ),
        ));
        out.push((false, invoke_only(p, mt::CLOSE_CONF, i)));
    }
    out
}
