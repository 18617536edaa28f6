//! The CTIQBE message catalogue as data: for every PDU number the client knows (0..=315) its
//! name and, where known, the fixed-part slot list; the nested structures as data too.
//! [`super::decode`] walks these tables; nothing here reads bytes.
//!
//! Sources (`ctiqbe-wire.md`): names from the §7.1 table; layouts from §8.1/§8.1.1 (real client
//! frames, [`Confidence::ClientFrames`]), §8.2 (server messages proven with marker values,
//! [`Confidence::Oracle`]), Appendix A (derived from the client's parser,
//! [`Confidence::Parser`]: integer/boolean positions exact, every `str/bytes(2)` and `str(2)?`
//! entry a string per the resolution note). Messages without a layout are
//! [`Confidence::NameOnly`] and decode as generic `slot_N` numbers, never invented names.
//! The table below the marker was transcribed with a script from the doc's tables and checked
//! against the doc and the captures' expected decodes; edit it as data.

use crate::model::Tag;

/// Number of entries of the client's PDU table (§7.1); ids at or above are unknown to it.
pub const PDU_COUNT: u32 = 316;

/// A CTIQBE PDU number (offset 16 of the header). Open: any u32 is a valid id; the table
/// gives names to the ones the client knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PduId(pub u32);

impl PduId {
    /// The table entry, for ids 0..=315 (including the 25 empty slots).
    pub fn def(self) -> Option<&'static PduDef> {
        PDUS.get(usize::try_from(self.0).ok()?)
    }
    /// The client's class name, `None` for empty slots and ids ≥ 316.
    pub fn name(self) -> Option<&'static str> {
        self.def().and_then(|d| d.name)
    }
}

/// The name of PDU `pdu`, if the client has one.
pub fn pdu_name(pdu: u32) -> Option<&'static str> {
    PduId(pdu).name()
}

/// How far the layout of PDU `pdu` is confirmed, for docs and the report: one of
/// `client_frames`, `oracle`, `parser`, `partial`, `name_only`, `empty_slot`, or `unknown`
/// for ids outside the table.
pub fn layout_confidence(pdu: u32) -> &'static str {
    PduId(pdu)
        .def()
        .map(|d| d.confidence.as_str())
        .unwrap_or("unknown")
}

/// How a slot is encoded in the fixed part (§3). Widths are in bytes.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// u32 LE, printed by the client as a signed Java int.
    U32,
    /// u32: 0 = false, 1 or 0xFFFFFFFF = true, anything else is an error.
    Bool,
    /// (offset, length incl. NUL): exactly length − 1 bytes of UTF-8; length 0 = null.
    Str,
    /// (offset, length); length 0 = null.
    Bytes,
    /// (offset, byteLength, count, sizeofElement): UTF-16LE; C→S `count` units, S→C
    /// `count − 1` units.
    UStr,
    /// (offset, length, size): the struct's fields whose offset is below `size` are read.
    Struct(&'static StructSchema),
    /// (offset, totalLength, count, elementSize): element i at offset + i·(totalLength/count).
    Array(&'static StructSchema),
    /// (offset, totalLength, count, elementSize) of u32 values: count × elementSize bytes.
    U32Array,
    /// The struct's own slots, inline in the parent (ClientCallHandle in PDU 172).
    Inline(&'static StructSchema),
}

impl Kind {
    /// Bytes this slot occupies in its parent.
    pub const fn width(self) -> u32 {
        match self {
            Kind::U32 | Kind::Bool => 4,
            Kind::Str | Kind::Bytes => 8,
            Kind::Struct(_) => 12,
            Kind::UStr | Kind::Array(_) | Kind::U32Array => 16,
            Kind::Inline(s) => s.size,
        }
    }

    /// A short name for docs and span notes.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::U32 => "u32",
            Kind::Bool => "bool",
            Kind::Str => "str",
            Kind::Bytes => "bytes",
            Kind::UStr => "ustr",
            Kind::Struct(_) => "struct",
            Kind::Array(_) => "array",
            Kind::U32Array => "u32 array",
            Kind::Inline(_) => "inline struct",
        }
    }
}

/// One field of a message or structure: its byte offset within the fixed part (or within the
/// structure), the client's field name, and its encoding.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    pub offset: u32,
    pub name: &'static str,
    pub kind: Kind,
    /// Whether the client's trace prints this field. False for ProviderOpenRequest's
    /// sequenceNumber and credential blobs (§3.2): on the wire, decoded, never printed.
    pub printed: bool,
}

impl Slot {
    pub const fn new(offset: u32, name: &'static str, kind: Kind) -> Slot {
        Slot {
            offset,
            name,
            kind,
            printed: true,
        }
    }
    /// A field on the wire that the client's trace does not print.
    pub const fn hidden(offset: u32, name: &'static str, kind: Kind) -> Slot {
        Slot {
            offset,
            name,
            kind,
            printed: false,
        }
    }
    /// Offset just past this slot.
    pub const fn end(&self) -> u32 {
        self.offset.saturating_add(self.kind.width())
    }
}

/// How far a layout is confirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// Real client frames, cross-checked value by value with the client's own trace
    /// (§8.1, §8.1.1; or positions proven on the captured server frames).
    ClientFrames,
    /// Server message whose field positions were proven with marker values the client
    /// accepted and printed (§8.2).
    Oracle,
    /// Derived from the client's parser with marker values (Appendix A): integer and boolean
    /// positions exact, string/struct/array types inferred from the gaps.
    Parser,
    /// Only the first slot(s) proven; the rest decoded as generic slots.
    Partial,
    /// Name known (§7.1), layout unknown: generic slots only.
    NameOnly,
    /// One of the 25 empty slots of the table: no class in the client.
    EmptySlot,
}

impl Confidence {
    pub const fn as_str(self) -> &'static str {
        match self {
            Confidence::ClientFrames => "client_frames",
            Confidence::Oracle => "oracle",
            Confidence::Parser => "parser",
            Confidence::Partial => "partial",
            Confidence::NameOnly => "name_only",
            Confidence::EmptySlot => "empty_slot",
        }
    }
    /// Whether fixed-part bytes not covered by known slots are shown as generic `slot_N`.
    pub const fn open(self) -> bool {
        matches!(
            self,
            Confidence::Partial | Confidence::NameOnly | Confidence::EmptySlot
        )
    }
}

/// Which side sends a PDU (§7.1 "Dir").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    Client,
    Server,
    Both,
    Unknown,
}

/// A nested structure (§3 "nested structure"): its print name (`_type`), the size the
/// current client reads, and its fields with struct-relative offsets.
#[derive(Debug)]
pub struct StructSchema {
    /// The client's type name, printed as `_type`; empty when unknown.
    pub name: &'static str,
    /// Size in bytes of the layout below (0 when unknown).
    pub size: u32,
    pub confidence: Confidence,
    /// Whether bytes not covered by `fields` (within the wire `size`) are shown as `slot_N`.
    pub open: bool,
    pub note: &'static str,
    pub fields: &'static [Slot],
}

/// One entry of the PDU table.
#[derive(Debug)]
pub struct PduDef {
    pub id: u32,
    /// The client's class name (`com.cisco.cti.protocol.<name>`); `None` for empty slots.
    pub name: Option<&'static str>,
    pub sender: Sender,
    pub confidence: Confidence,
    /// Where the layout comes from when it needs saying (hidden fields, inferences).
    pub note: &'static str,
    /// Fixed-part slots with fixed-part offsets (frame offset − fixedPartOffset).
    pub slots: &'static [Slot],
}

impl PduDef {
    const fn new(
        id: u32,
        name: &'static str,
        sender: Sender,
        confidence: Confidence,
        note: &'static str,
        slots: &'static [Slot],
    ) -> PduDef {
        PduDef {
            id,
            name: Some(name),
            sender,
            confidence,
            note,
            slots,
        }
    }
    const fn empty(id: u32) -> PduDef {
        PduDef {
            id,
            name: None,
            sender: Sender::Unknown,
            confidence: Confidence::EmptySlot,
            note: "empty slot: the client has no class for it (§7.1)",
            slots: &[],
        }
    }
    /// What kind of message this is, from the client's naming.
    pub fn class(&self) -> MsgClass {
        self.name.map(MsgClass::of).unwrap_or(MsgClass::Unknown)
    }
}

/// Request, response or event: the only distinction is the PDU (§6); the client's class
/// names carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MsgClass {
    Request,
    Response,
    Event,
    Heartbeat,
    Unknown,
}

impl MsgClass {
    pub fn of(name: &str) -> MsgClass {
        if name == "Heartbeat" {
            MsgClass::Heartbeat
        } else if name.ends_with("Request") {
            MsgClass::Request
        } else if name.ends_with("Response") {
            MsgClass::Response
        } else if name.ends_with("Event")
            || name.ends_with("Event_V2")
            || name.ends_with("Ev")
            || name.starts_with("DeviceRegisteredEvent")
        {
            MsgClass::Event
        } else {
            MsgClass::Unknown
        }
    }
    pub const fn as_str(self) -> &'static str {
        match self {
            MsgClass::Request => "request",
            MsgClass::Response => "response",
            MsgClass::Event => "event",
            MsgClass::Heartbeat => "heartbeat",
            MsgClass::Unknown => "unknown",
        }
    }
}

// ---- readable meanings ------------------------------------------------------------------

/// Result / reason codes whose meaning the public record names (`ctiqbe-evidence.md` §4.5).
pub static RESULT_CODES: &[(u32, &str)] = &[
    (
        0x8CCC_005F,
        "Directory login failed - user not in Standard CTI Users group",
    ),
    (
        0x8CCC_0075,
        "Directory login failed - timeout (CTIERR_DIRECTORY_LOGIN_TIMEOUT)",
    ),
    (0x8CCC_00D2, "CTIERR_DEVICE_RESTRICTED"),
    (0x8CCC_00D3, "LineOpen failure (CTI line control disabled)"),
    (
        0x8CCC_011F,
        "Directory login failed - locked due to too many attempts",
    ),
];

/// The meaning of a result/reason code, if the evidence names it.
pub fn result_meaning(code: u32) -> Option<&'static str> {
    RESULT_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
}

/// Call states as the JTAPI client reacts to them (§9); every name is INFERRED.
pub static CALL_STATES: &[(u32, &str)] = &[
    (1, "IDLE"),
    (2, "OFFERING"),
    (3, "ACCEPTED/ringing-in"),
    (4, "DIALTONE"),
    (5, "DIALING"),
    (6, "PROCEEDING"),
    (7, "RINGBACK?"),
    (8, "CONNECTED"),
    (9, "BUSY?"),
    (10, "HOLD"),
    (13, "DISCONNECTED"),
    (15, "UNKNOWN"),
    (16, "CONNECTED_INACTIVE"),
    (17, "network reached"),
];

/// The inferred name of a call state (§9).
pub fn call_state_name(state: u32) -> Option<&'static str> {
    CALL_STATES
        .iter()
        .find(|(s, _)| *s == state)
        .map(|(_, n)| *n)
}

/// Plaintext of interest by field name: what an on-path observer reads (exact names). A
/// `match` rather than a table: it runs for every field decoded.
fn field_tag(name: &str) -> Option<Tag> {
    let tag = match name {
        "login" | "loginUserName" | "unicodeLoginUserID" => Tag::Login,
        "applicationID" => Tag::ApplicationId,
        "qbeClientVerion" | "qbeClientVersion" | "providerInfo" | "providerInfoString"
        | "pluginVersion" => Tag::Version,
        "deviceName"
        | "callingPartyDeviceName"
        | "targetdeviceName"
        | "ctiRemoteDeviceName"
        | "monitorInitiatorDeviceName"
        | "forkingDeviceName"
        | "controllerDeviceName"
        | "requestorDeviceName"
        | "calledPartyDeviceName"
        | "currentCallingPartyDeviceName"
        | "currentCalledPartyDeviceName" => Tag::DeviceName,
        "lineName" | "consultLine" | "farEndLineIdDN" | "vmPilotDN" | "lineDn"
        | "cgpnHuntMemberDN" | "cdpnHuntMemberDN" | "parkDN" | "monitorTargetDN" | "reRouteDn"
        | "pickupGroupNumber" | "voiceMailPilot" | "controllerNumber" | "requestorNumber"
        | "participantNumber" | "unModifiedParticipantNumber" | "participantHuntMemberDN"
        | "controllerHuntMemberDN" | "requestorHuntMemberDN" => Tag::DirectoryNumber,
        "callingAddress"
        | "callingParty"
        | "unModifiedCallingParty"
        | "globalizedCallingParty"
        | "callingPartyDN"
        | "modifiedCallingParty" => Tag::CallingNumber,
        "destAddress"
        | "calledParty"
        | "originalCalledParty"
        | "unModifiedCalledParty"
        | "unModifiedOriginalCalledParty"
        | "lastRedirectingParty"
        | "unModifiedLastRedirectingParty"
        | "preferredOriginalCalledParty"
        | "redirectAddress"
        | "targetAddress"
        | "fwdDestinationAddress"
        | "calledPartyNumber"
        | "CallFwdDestination"
        | "parkedAtAddress"
        | "ParkAtAddress"
        | "remoteDestinationNumber"
        | "newRemoteDestinationNumber" => Tag::CalledNumber,
        "ipV4Addr"
        | "ipV4addr"
        | "ipV6Addr"
        | "callingPartyIpAddr"
        | "callingPartyIpAddr_v6"
        | "ipAddr"
        | "ipAddress"
        | "ipAddr_v6"
        | "ipV6addr" => Tag::IpAddress,
        "rtpPortNumber" | "rtpPort_v6" => Tag::Port,
        "certificate" => Tag::Certificate,
        "encryptedPassword" => Tag::PasswordBlob,
        "nonce" => Tag::Nonce,
        "dtmfDigits" | "digit" => Tag::Dtmf,
        _ => return None,
    };
    Some(tag)
}

/// The tag of field `name` of structure `struct_name` ("" at the top level).
pub fn tag_for(struct_name: &str, name: &str) -> Option<Tag> {
    if let Some(tag) = field_tag(name) {
        return Some(tag);
    }
    match (struct_name, name) {
        ("LineInfo", "name") | ("LineIntercomSpeedDialInfo", "number") => {
            return Some(Tag::DirectoryNumber)
        }
        ("DeviceInfo", "name") | ("DeviceConfigChange", "deviceName") => {
            return Some(Tag::DeviceName)
        }
        ("MultiForkingRecorderInfo", "recorderURI") => return Some(Tag::IpAddress),
        _ => {}
    }
    // `name` ends in "partition" in any ASCII case (no lowercase copy: this runs per field).
    const SUFFIX: &str = "partition";
    let ends_in_partition = name
        .len()
        .checked_sub(SUFFIX.len())
        .and_then(|start| name.as_bytes().get(start..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(SUFFIX.as_bytes()));
    ends_in_partition.then_some(Tag::Partition)
}

/// What the hidden credential fields of ProviderOpenRequest carry (§5, §8.1).
pub static FIELD_NOTES: &[(&str, &str)] = &[
    ("encryptedPassword", "password blob: 16 zero bytes (IV) + AES-128-CBC(PKCS#5) ciphertext of the password; key in encryptedKey (§5)"),
    ("encryptedKey", "RSA PKCS#1 v1.5 (server certificate key) of AES key + nonce; empty when the certificate was unusable (§5)"),
    ("hiddenBlob92", "hidden byte array, empty in every capture (SSO data? INFERRED)"),
    ("hiddenBlob116", "hidden byte array, empty in every capture (encrypted SSO data? INFERRED)"),
];

/// The fixed note of field `name`, if it has one.
pub fn field_note(name: &str) -> Option<&'static str> {
    FIELD_NOTES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, note)| *note)
}

/// Fields whose u32 is an IPv4 address carried in wire byte order (ipV4Addr 16777343 =
/// bytes 7f 00 00 01 = 127.0.0.1 in capture 02).
pub static IPV4_FIELDS: &[&str] = &[
    "ipV4Addr",
    "ipV4addr",
    "callingPartyIpAddr",
    "ipAddr",
    "ipAddress",
];

/// Structures whose zero-length strings the client prints as `""`, not `null`
/// (ctiqbe-wire-2 §2: MultiForkingRecorderInfo, unlike every other string seen).
pub static EMPTY_STRING_STRUCTS: &[&str] = &["MultiForkingRecorderInfo"];

/// Whether a zero-length string inside structure `struct_name` reads as `""`.
pub fn empty_string_is_text(struct_name: &str) -> bool {
    EMPTY_STRING_STRUCTS.contains(&struct_name)
}

/// The codec name of a `compressionType` (Start{Transmission,Reception}Event,
/// DeviceCallOpenLogicalChannelEvent): CallManager's media payload enumeration, the numbers
/// Skinny carries too. 4 (G.711 µ-law 64k) is what JTAPI itself sends for G.711
/// (ctiqbe-wire-2 §5); the other names follow the shared enumeration (11 = G.729 INFERRED, §7).
pub fn codec_name(compression_type: u32) -> Option<&'static str> {
    crate::proto::sccp::schema::lookup(crate::proto::sccp::values::COMPRESSION_TYPE, compression_type)
        .map(|n| n.trim_start_matches("Media_Payload_"))
}

/// Fields that carry a result/reason code (0x8CCC… family on failure).
pub static CODE_FIELDS: &[&str] = &[
    "result",
    "reason",
    "errorCode",
    "eventStatusCode",
    "cause",
    "huntCallDisposition",
];

// ---- data below this line: nested structures and the PDU table --------------------------

// ---- nested structures ----

/// SIPUrl: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static SIP_URL: StructSchema = StructSchema {
    name: "SIPUrl",
    size: 28,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "user", Kind::Str),
        Slot::new(8, "host", Kind::Str),
        Slot::new(16, "port", Kind::U32),
        Slot::new(20, "transportTye", Kind::U32),
        Slot::new(24, "urlType", Kind::U32),
    ],
};

/// DeviceMultiMediaCapability: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_MULTI_MEDIA_CAPABILITY: StructSchema = StructSchema {
    name: "DeviceMultiMediaCapability",
    size: 12,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "videoCapability", Kind::U32),
        Slot::new(4, "telepresenceInfo", Kind::U32),
        Slot::new(8, "screenCount", Kind::U32),
    ],
};

/// LineIntercomSpeedDialInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static LINE_INTERCOM_SPEED_DIAL_INFO: StructSchema = StructSchema {
    name: "LineIntercomSpeedDialInfo",
    size: 32,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "number", Kind::Str),
        Slot::new(8, "label", Kind::Str),
        Slot::new(16, "unicodeLabel", Kind::UStr),
    ],
};

/// ClientCallHandle: §8.1.1 CallDirectTransferRequest / CallJoinRequest.
pub static CLIENT_CALL_HANDLE: StructSchema = StructSchema {
    name: "ClientCallHandle",
    size: 8,
    confidence: Confidence::ClientFrames,
    open: false,
    note: "§8.1.1 CallDirectTransferRequest / CallJoinRequest",
    fields: &[
        Slot::new(0, "CallManagerId", Kind::U32),
        Slot::new(4, "CallLegId", Kind::U32),
    ],
};

/// CtiCallForwardInformation: §8.1.1 LineSetForwardRequest.
pub static CTI_CALL_FORWARD_INFORMATION: StructSchema = StructSchema {
    name: "CtiCallForwardInformation",
    size: 12,
    confidence: Confidence::ClientFrames,
    open: false,
    note: "§8.1.1 LineSetForwardRequest",
    fields: &[
        Slot::new(0, "CfwdType", Kind::U32),
        Slot::new(4, "CallFwdDestination", Kind::Str),
    ],
};

/// ProviderEventFilter: §8.1 filter structures: checked value by value against captured frames.
pub static PROVIDER_EVENT_FILTER: StructSchema = StructSchema {
    name: "ProviderEventFilter",
    size: 24,
    confidence: Confidence::ClientFrames,
    open: false,
    note: "§8.1 filter structures: checked value by value against captured frames",
    fields: &[
        Slot::new(0, "deviceRegistered", Kind::Bool),
        Slot::new(4, "deviceUnregistered", Kind::Bool),
        Slot::new(8, "directoryChangeNotify", Kind::Bool),
        Slot::new(12, "deviceConfigChangeNotify", Kind::Bool),
        Slot::new(16, "deviceEMLoginStatusChangeNotify", Kind::Bool),
        Slot::new(20, "deviceMultiMediaCapabilityChangedNotify", Kind::Bool),
    ],
};

/// DeviceEventFilter: §8.1 filter structures: checked value by value against captured frames.
pub static DEVICE_EVENT_FILTER: StructSchema = StructSchema {
    name: "DeviceEventFilter",
    size: 132,
    confidence: Confidence::ClientFrames,
    open: false,
    note: "§8.1 filter structures: checked value by value against captured frames",
    fields: &[
        Slot::new(0, "deviceModeChanged", Kind::Bool),
        Slot::new(4, "keyPressed", Kind::Bool),
        Slot::new(8, "featureButtonPressed", Kind::Bool),
        Slot::new(12, "lampModeChanged", Kind::Bool),
        Slot::new(16, "ringModeChanged", Kind::Bool),
        Slot::new(20, "displayChanged", Kind::Bool),
        Slot::new(24, "startTransmission", Kind::Bool),
        Slot::new(28, "stopTransmission", Kind::Bool),
        Slot::new(32, "startReception", Kind::Bool),
        Slot::new(36, "stopReception", Kind::Bool),
        Slot::new(40, "softKeyPressed", Kind::Bool),
        Slot::new(44, "openLogicalChannel", Kind::Bool),
        Slot::new(48, "deviceData", Kind::Bool),
        Slot::new(52, "mediaResourceAllocated", Kind::Bool),
        Slot::new(56, "mediaResourceDeallocated", Kind::Bool),
        Slot::new(60, "mediaResourceUpdated", Kind::Bool),
        Slot::new(64, "mediaConnectionAdded", Kind::Bool),
        Slot::new(68, "mediaConnectionRemoved", Kind::Bool),
        Slot::new(72, "mediaResourceExisting", Kind::Bool),
        Slot::new(76, "existingMediaResourcesCompleted", Kind::Bool),
        Slot::new(80, "snapshot", Kind::Bool),
        Slot::new(84, "receptionKey", Kind::Bool),
        Slot::new(88, "transmissionKey", Kind::Bool),
        Slot::new(92, "deviceIdleState", Kind::Bool),
        Slot::new(96, "deviceActiveState", Kind::Bool),
        Slot::new(100, "deviceAlertingState", Kind::Bool),
        Slot::new(104, "deviceHoldState", Kind::Bool),
        Slot::new(108, "deviceWhisperState", Kind::Bool),
        Slot::new(112, "bDNDChanged", Kind::Bool),
        Slot::new(116, "bDNDOptionChanged", Kind::Bool),
        Slot::new(120, "bOpenMediaIPPortEvent", Kind::Bool),
        Slot::new(124, "bMultiMediaStreamsInfo", Kind::Bool),
        Slot::new(128, "bHuntLogStatusChanged", Kind::Bool),
    ],
};

/// LineEventFilter: §8.1 filter structures: checked value by value against captured frames; toneChanged is an int.
pub static LINE_EVENT_FILTER: StructSchema = StructSchema {
    name: "LineEventFilter",
    size: 164,
    confidence: Confidence::ClientFrames,
    open: false,
    note: "§8.1 filter structures: checked value by value against captured frames; toneChanged is an int",
    fields: &[
        Slot::new(0, "callStateChanged", Kind::Bool),
        Slot::new(4, "dtmf", Kind::Bool),
        Slot::new(8, "ring", Kind::Bool),
        Slot::new(12, "toneChanged", Kind::U32),
        Slot::new(16, "globalCallHandleChanged", Kind::Bool),
        Slot::new(20, "partyInfoChanged", Kind::Bool),
        Slot::new(24, "bExistingCallEvent", Kind::Bool),
        Slot::new(28, "bNewCallEvent", Kind::Bool),
        Slot::new(32, "bLineCfwdAllStatus", Kind::Bool),
        Slot::new(36, "bTransferStarted", Kind::Bool),
        Slot::new(40, "bTransferEnded", Kind::Bool),
        Slot::new(44, "bTransferFailed", Kind::Bool),
        Slot::new(48, "bConferenceStarted", Kind::Bool),
        Slot::new(52, "bConferenceEnded", Kind::Bool),
        Slot::new(56, "bConferenceFailed", Kind::Bool),
        Slot::new(60, "bBargeStarted", Kind::Bool),
        Slot::new(64, "bBargeEnded", Kind::Bool),
        Slot::new(68, "bCBargeStarted", Kind::Bool),
        Slot::new(72, "bCBargeEnded", Kind::Bool),
        Slot::new(76, "bPrivacyChanged", Kind::Bool),
        Slot::new(80, "bCallSelectChanged", Kind::Bool),
        Slot::new(84, "bExistingCallCompleted", Kind::Bool),
        Slot::new(88, "bHoldReversion", Kind::Bool),
        Slot::new(92, "bIntercomInfoChanged", Kind::Bool),
        Slot::new(96, "bIntercomInfoRestorationFailed", Kind::Bool),
        Slot::new(100, "bMonitoringStarted", Kind::Bool),
        Slot::new(104, "bMonitoringEnded", Kind::Bool),
        Slot::new(108, "bRecordingStarted", Kind::Bool),
        Slot::new(112, "bRecordingEnded", Kind::Bool),
        Slot::new(116, "bCallAttributeInfo", Kind::Bool),
        Slot::new(120, "bCallSecurityStatusUpdate", Kind::Bool),
        Slot::new(124, "bCallPresentEvent", Kind::Bool),
        Slot::new(128, "bCallFeatureCancelled", Kind::Bool),
        Slot::new(132, "bParkStatusEvent", Kind::Bool),
        Slot::new(136, "bLineHuntCallStatusEvent", Kind::Bool),
        Slot::new(140, "bMonitoringTerminatedEvent", Kind::Bool),
        Slot::new(144, "bCallOrphanStatusEvent", Kind::Bool),
        Slot::new(148, "bMonitorUpdatedEvent", Kind::Bool),
        Slot::new(152, "bSendMediaToBIBEvents", Kind::Bool),
        Slot::new(156, "bAnnouncementEvents", Kind::Bool),
        Slot::new(160, "bRecordingFailedEvent", Kind::Bool),
    ],
};

/// DeviceInfoStatic: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_INFO_STATIC: StructSchema = StructSchema {
    name: "DeviceInfoStatic",
    size: 28,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "deviceType", Kind::U32),
        Slot::new(4, "deviceTypeName", Kind::Str),
        Slot::new(12, "deviceId", Kind::U32),
        Slot::new(16, "protocol", Kind::U32),
        Slot::new(20, "specialDeviceCapabilities", Kind::U32),
        Slot::new(24, "visitingDevice", Kind::Bool),
    ],
};

/// DeviceInfoDynamic: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_INFO_DYNAMIC: StructSchema = StructSchema {
    name: "DeviceInfoDynamic",
    size: 36,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "locale", Kind::U32),
        Slot::new(4, "altScript", Kind::Str),
        Slot::new(12, "DNDOption", Kind::U32),
        Slot::new(16, "ConfiguredIpAddrMode", Kind::U32),
        Slot::new(20, "EMLoginAllowed", Kind::Bool),
        Slot::new(24, "deviceRestricted", Kind::Bool),
        Slot::new(28, "outboundCallRollOverMode", Kind::U32),
        Slot::new(32, "BIBEnabled", Kind::Bool),
    ],
};

/// DeviceRegistrationInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_REGISTRATION_INFO: StructSchema = StructSchema {
    name: "DeviceRegistrationInfo",
    size: 72,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "mediaTermination", Kind::U32),
        Slot::new(4, "activeIpAddrMode", Kind::U32),
        Slot::new(8, "ipV4Addr", Kind::U32),
        Slot::new(12, "ipV6Addr", Kind::Bytes),
        Slot::new(20, "unicodeLoginUserID", Kind::UStr),
        Slot::new(36, "encodingType", Kind::U32),
        Slot::new(40, "CtiControllable", Kind::U32),
        Slot::new(44, "deviceUserPolicy", Kind::U32),
        Slot::new(48, "deviceAppPolicy", Kind::U32),
        Slot::new(52, "deviceMultiMediaCapabilityBitMask", Kind::U32),
        Slot::new(56, "deviceMultiMediaCapability", Kind::Struct(&DEVICE_MULTI_MEDIA_CAPABILITY)),
        Slot::new(68, "huntLogStatus", Kind::U32),
    ],
};

/// LineInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static LINE_INFO: StructSchema = StructSchema {
    name: "LineInfo",
    size: 132,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "name", Kind::Str),
        Slot::new(8, "displayName", Kind::Str),
        Slot::new(16, "permanentLineID", Kind::U32),
        Slot::new(20, "maxNumberOfCalls", Kind::U32),
        Slot::new(24, "lineInstance", Kind::U32),
        Slot::new(28, "busyTrigger", Kind::U32),
        Slot::new(32, "unicodeDisplayName", Kind::UStr),
        Slot::new(48, "partition", Kind::Str),
        Slot::new(56, "isRestricted", Kind::Bool),
        Slot::new(60, "autoAnswerStatus", Kind::U32),
        Slot::new(64, "dnType", Kind::U32),
        Slot::new(68, "defaultIntercomTargetInfo", Kind::Struct(&LINE_INTERCOM_SPEED_DIAL_INFO)),
        Slot::new(80, "recordType", Kind::U32),
        Slot::new(84, "asciiLabel", Kind::Str),
        Slot::new(92, "unicodeLabel", Kind::UStr),
        Slot::new(108, "vmPilotDN", Kind::Str),
        Slot::new(116, "pickupGroupNumber", Kind::Str),
        Slot::new(124, "pickupGroupPartition", Kind::Str),
    ],
};

/// PartyDNInfo: §8.2: partition proven, the rest in print order.
pub static PARTY_DN_INFO: StructSchema = StructSchema {
    name: "PartyDNInfo",
    size: 44,
    confidence: Confidence::Oracle,
    open: false,
    note: "§8.2: partition proven, the rest in print order",
    fields: &[
        Slot::new(0, "sipUrl", Kind::Struct(&SIP_URL)),
        Slot::new(12, "unModifiedsipUrl", Kind::Struct(&SIP_URL)),
        Slot::new(24, "partition", Kind::Str),
        Slot::new(32, "voiceMailbox", Kind::Str),
        Slot::new(40, "numberType", Kind::U32),
    ],
};

/// PartyDNInfo_V2: §8.2: positions proven on the captures.
pub static PARTY_DN_INFO_V2: StructSchema = StructSchema {
    name: "PartyDNInfo_V2",
    size: 32,
    confidence: Confidence::ClientFrames,
    open: false,
    note: "§8.2: positions proven on the captures",
    fields: &[
        Slot::new(0, "sipUrl", Kind::Struct(&SIP_URL)),
        Slot::new(12, "partition", Kind::Str),
        Slot::new(20, "voiceMailbox", Kind::Str),
        Slot::new(28, "numberType", Kind::U32),
    ],
};

/// ProviderCapabilitiesInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static PROVIDER_CAPABILITIES_INFO: StructSchema = StructSchema {
    name: "ProviderCapabilitiesInfo",
    size: 36,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "controlAnyDevice", Kind::Bool),
        Slot::new(4, "maxNumberOfDevicesOpen", Kind::U32),
        Slot::new(8, "monitorParkDN", Kind::Bool),
        Slot::new(12, "modifyCallingParty", Kind::Bool),
        Slot::new(16, "allowCallMonitoring", Kind::Bool),
        Slot::new(20, "allowCallRecording", Kind::Bool),
        Slot::new(24, "canSupportIPv6", Kind::Bool),
        Slot::new(28, "providerCapabilityMask", Kind::U32),
        Slot::new(32, "canAutoPickup", Kind::Bool),
    ],
};

/// DeviceInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_INFO: StructSchema = StructSchema {
    name: "DeviceInfo",
    size: 72,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "name", Kind::Str),
        Slot::new(8, "type", Kind::U32),
        Slot::new(12, "allowsRegistration", Kind::Bool),
        Slot::new(16, "deviceID", Kind::U32),
        Slot::new(20, "locale", Kind::U32),
        Slot::new(24, "protocol", Kind::U32),
        Slot::new(28, "isRestricted", Kind::Bool),
        Slot::new(32, "altScript", Kind::Str),
        Slot::new(40, "devTypeName", Kind::Str),
        Slot::new(48, "dndOption", Kind::U32),
        Slot::new(52, "roleOverMode", Kind::U32),
        Slot::new(56, "isBIBEnabled", Kind::Bool),
        Slot::new(60, "ipAddressingMode", Kind::U32),
        Slot::new(64, "supportsFeature", Kind::U32),
        Slot::new(68, "isVisitingDevice", Kind::Bool),
    ],
};

/// RemoteDestinationInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static REMOTE_DESTINATION_INFO: StructSchema = StructSchema {
    name: "RemoteDestinationInfo",
    size: 28,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "remoteDestinationName", Kind::UStr),
        Slot::new(16, "remoteDestinationNumber", Kind::Str),
        Slot::new(24, "isActiveRD", Kind::Bool),
    ],
};

/// CtiCallHandle: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static CTI_CALL_HANDLE: StructSchema = StructSchema {
    name: "CtiCallHandle",
    size: 8,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "callManagerID", Kind::U32),
        Slot::new(4, "callLegID", Kind::U32),
    ],
};

/// CtiForwardInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static CTI_FORWARD_INFO: StructSchema = StructSchema {
    name: "CtiForwardInfo",
    size: 12,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "fwdType", Kind::U32),
        Slot::new(4, "fwdDestination", Kind::Str),
    ],
};

/// CtiGlobalCallHandle: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static CTI_GLOBAL_CALL_HANDLE: StructSchema = StructSchema {
    name: "CtiGlobalCallHandle",
    size: 8,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "callManagerID", Kind::U32),
        Slot::new(4, "callID", Kind::U32),
    ],
};

/// DNInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DN_INFO: StructSchema = StructSchema {
    name: "DNInfo",
    size: 20,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "name", Kind::Str),
        Slot::new(8, "permanentLineID", Kind::U32),
        Slot::new(12, "partition", Kind::Str),
    ],
};

/// DeviceConfigChange: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_CONFIG_CHANGE: StructSchema = StructSchema {
    name: "DeviceConfigChange",
    size: 20,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "deviceConfigInfo", Kind::Struct(&DEVICE_CONFIG_INFO)),
    ],
};

/// DeviceConfigInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_CONFIG_INFO: StructSchema = StructSchema {
    name: "DeviceConfigInfo",
    size: 4,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "ipAddressingMode", Kind::U32),
    ],
};

/// DeviceConfigInfo_V2: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static DEVICE_CONFIG_INFO_V2: StructSchema = StructSchema {
    name: "DeviceConfigInfo_V2",
    size: 24,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "deviceConfigChangeBitMap", Kind::U32),
        Slot::new(4, "remoteDestinationsInfo", Kind::Array(&REMOTE_DESTINATION_INFO)),
        Slot::new(20, "isMyAppLastToSetActiveRD", Kind::Bool),
    ],
};

/// MediaCapability: ctiqbe-wire-2 §4: real client frames (DeviceRegisterDeviceRequest) \[W\]\[T\].
pub static MEDIA_CAPABILITY: StructSchema = StructSchema {
    name: "MediaCapability",
    size: 12,
    confidence: Confidence::ClientFrames,
    open: false,
    note: "ctiqbe-wire-2 §4: real client frames (DeviceRegisterDeviceRequest) [W][T]",
    fields: &[
        Slot::new(0, "payloadCapability", Kind::U32),
        Slot::new(4, "maxFramesPerPacket", Kind::U32),
        Slot::new(8, "bitRate", Kind::U32),
    ],
};

/// MultiForkingRecorderInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\]; a zero-length string prints \"\" here, not null (§2).
pub static MULTI_FORKING_RECORDER_INFO: StructSchema = StructSchema {
    name: "MultiForkingRecorderInfo",
    size: 24,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]; a zero-length string prints \"\" here, not null (§2)",
    fields: &[
        Slot::new(0, "recorderType", Kind::U32),
        Slot::new(4, "recorderStatus", Kind::U32),
        Slot::new(8, "recorderURI", Kind::Str),
        Slot::new(16, "recorderErrorMsg", Kind::Str),
    ],
};

/// ParticipantInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static PARTICIPANT_INFO: StructSchema = StructSchema {
    name: "ParticipantInfo",
    size: 104,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "participantNumber", Kind::Str),
        Slot::new(8, "unModifiedParticipantNumber", Kind::Str),
        Slot::new(16, "participantName", Kind::Str),
        Slot::new(24, "numberPI", Kind::Bool),
        Slot::new(28, "namePI", Kind::Bool),
        Slot::new(32, "endpointType", Kind::U32),
        Slot::new(36, "state", Kind::U32),
        Slot::new(40, "unModifiedPaticipantUnicodeDisplayName", Kind::UStr),
        Slot::new(56, "participantLocale", Kind::U32),
        Slot::new(60, "participantDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(72, "callManagerID", Kind::U32),
        Slot::new(76, "callLegID", Kind::U32),
        Slot::new(80, "participantHuntMemberDN", Kind::Str),
        Slot::new(88, "participantHuntMemberPartition", Kind::Str),
        Slot::new(96, "bridgeParticipantID", Kind::Str),
    ],
};

/// PartyDNInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static PARTY_D_N_INFO: StructSchema = StructSchema {
    name: "PartyDNInfo",
    size: 44,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "sipUrl", Kind::Struct(&SIP_URL)),
        Slot::new(12, "unModifiedsipUrl", Kind::Struct(&SIP_URL)),
        Slot::new(24, "partition", Kind::Str),
        Slot::new(32, "voiceMailbox", Kind::Str),
        Slot::new(40, "numberType", Kind::U32),
    ],
};

/// PartyInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static PARTY_INFO: StructSchema = StructSchema {
    name: "PartyInfo",
    size: 76,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "cause", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "callLegID", Kind::U32),
        Slot::new(12, "deviceType", Kind::U32),
        Slot::new(16, "isHolding", Kind::Bool),
        Slot::new(20, "partition", Kind::Str),
        Slot::new(28, "pattern", Kind::Str),
        Slot::new(36, "partyDN", Kind::Str),
        Slot::new(44, "partyDNDisplayName", Kind::Str),
        Slot::new(52, "unicodeDisplayName", Kind::UStr),
        Slot::new(68, "partyVoiceMailbox", Kind::Str),
    ],
};

/// RTPDestinationV6: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static RTP_DESTINATION_V6: StructSchema = StructSchema {
    name: "RTPDestinationV6",
    size: 12,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "ipAddr_v6", Kind::Bytes),
        Slot::new(8, "rtpPort_v6", Kind::U32),
    ],
};

/// RedirectPartyInfo: ctiqbe-wire-2 §4: every field proven with marker values \[O\]\[T\].
pub static REDIRECT_PARTY_INFO: StructSchema = StructSchema {
    name: "RedirectPartyInfo",
    size: 80,
    confidence: Confidence::Oracle,
    open: false,
    note: "ctiqbe-wire-2 §4: every field proven with marker values [O][T]",
    fields: &[
        Slot::new(0, "originalCause", Kind::U32),
        Slot::new(4, "originalCalledPartyRedirectReason", Kind::U32),
        Slot::new(8, "originalPartition", Kind::Str),
        Slot::new(16, "originalPattern", Kind::Str),
        Slot::new(24, "originalCalledParty", Kind::Str),
        Slot::new(32, "originalCalledPartyVoiceMailbox", Kind::Str),
        Slot::new(40, "lastRedirectingCause", Kind::U32),
        Slot::new(44, "lastRedirectingRedirectReason", Kind::U32),
        Slot::new(48, "lastRedirectingPartition", Kind::Str),
        Slot::new(56, "lastRedirectingPattern", Kind::Str),
        Slot::new(64, "lastRedirectingNumber", Kind::Str),
        Slot::new(72, "lastRedirectingNumberVoiceMailbox", Kind::Str),
    ],
};

/// (unknown element type): Appendix A: a struct(3) / array(4) whose element layout is unknown; shown as generic slots.
pub static OPAQUE: StructSchema = StructSchema {
    name: "",
    size: 0,
    confidence: Confidence::NameOnly,
    open: true,
    note:
        "Appendix A: a struct(3) / array(4) whose element layout is unknown; shown as generic slots",
    fields: &[],
};

// ---- the PDU table (§7.1 names; layouts from §8 and Appendix A) ----

/// Every PDU number the client knows, 0..=315 (§7.1). Entry `i` describes PDU `i`.
#[rustfmt::skip]
pub static PDUS: [PduDef; PDU_COUNT as usize] = [
    PduDef::new(0, "FailureResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "description", Kind::Str),
    ]),
    PduDef::empty(1),
    PduDef::empty(2),
    PduDef::new(3, "ProviderOpenRequest", Sender::Client, Confidence::ClientFrames, "sequenceNumber and the four blobs are on the wire but not printed by the client (§3.2, §5)", &[
        Slot::hidden(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "provider", Kind::Str),
        Slot::new(12, "qbeClientVersion", Kind::Str),
        Slot::new(20, "login", Kind::UStr),
        Slot::hidden(36, "encryptedPassword", Kind::Bytes),
        Slot::new(44, "filter", Kind::Struct(&PROVIDER_EVENT_FILTER)),
        Slot::new(56, "applicationID", Kind::Str),
        Slot::new(64, "desiredServerHeartbeatTime", Kind::U32),
        Slot::new(68, "requestTimer", Kind::U32),
        Slot::new(72, "cmAssignedApplicationID", Kind::U32),
        Slot::new(76, "pluginName", Kind::Str),
        Slot::new(84, "applicationPriority", Kind::U32),
        Slot::new(88, "lightWeightOpen", Kind::Bool),
        Slot::hidden(92, "hiddenBlob92", Kind::Bytes),
        Slot::new(100, "authenticationType", Kind::U32),
        Slot::new(104, "requestOldDeviceLineFetch", Kind::Bool),
        Slot::hidden(108, "encryptedKey", Kind::Bytes),
        Slot::hidden(116, "hiddenBlob116", Kind::Bytes),
    ]),
    PduDef::new(4, "ProviderOpenResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "providerInfoString", Kind::Str),
        Slot::new(16, "clientHeartbeat", Kind::U32),
        Slot::new(20, "serverHeartbeat", Kind::U32),
        Slot::new(24, "requestTimer", Kind::U32),
        Slot::new(28, "pluginVersion", Kind::Str),
        Slot::new(36, "pluginLocation", Kind::Str),
        Slot::new(44, "providerId", Kind::U32),
        Slot::new(48, "fipsCompliant", Kind::Bool),
    ]),
    PduDef::new(5, "ProviderChangeEventFilterRequest", Sender::Client, Confidence::Parser, "filter assumed to be a ProviderEventFilter (INFERRED from ProviderOpenRequest)", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "filter", Kind::Struct(&PROVIDER_EVENT_FILTER)),
    ]),
    PduDef::new(6, "ProviderChangeEventFilterResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::empty(7),
    PduDef::empty(8),
    PduDef::new(9, "ProviderCloseRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
    ]),
    PduDef::new(10, "ProviderCloseResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(11, "ProviderAllocateGlobalCallHandleRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callType", Kind::U32),
    ]),
    PduDef::new(12, "ProviderAllocateGlobalCallHandleResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "callID", Kind::U32),
    ]),
    PduDef::new(13, "ProviderGetDeviceInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceGroup", Kind::U32),
    ]),
    PduDef::new(14, "ProviderGetDeviceInfoResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "enumerationHandle", Kind::U32),
    ]),
    PduDef::new(15, "DeviceRegisteredEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceInfo", Kind::Struct(&DEVICE_INFO)),
        Slot::new(12, "loginAllowed", Kind::Bool),
        Slot::new(16, "loginUserID", Kind::UStr),
        Slot::new(32, "controllable", Kind::Bool),
        Slot::new(36, "reason", Kind::U32),
        Slot::new(40, "registrationType", Kind::U32),
        Slot::new(44, "unicodeEnabled", Kind::U32),
        Slot::new(48, "ctiControl", Kind::U32),
        Slot::new(52, "ipV4addr", Kind::U32),
        Slot::new(56, "ipV6addr", Kind::Bytes),
        Slot::new(64, "activeIPAddrMode", Kind::U32),
        Slot::new(68, "deviceUserPolicy", Kind::U32),
        Slot::new(72, "deviceAppPolicy", Kind::U32),
        Slot::new(76, "deviceControlFlagBitMask", Kind::U32),
    ]),
    PduDef::new(16, "DeviceOpenRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
        Slot::new(12, "filter", Kind::Struct(&DEVICE_EVENT_FILTER)),
        Slot::new(24, "softkeysApplicationId", Kind::U32),
    ]),
    PduDef::new(17, "DeviceOpenResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(18, "DeviceRegisterDeviceRequest", Sender::Client, Confidence::ClientFrames, "ctiqbe-wire-2 §5: real client frames, value by value against its own dump [W][T]; algorithmIDs element type unknown (always null, §7)", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
        Slot::new(12, "ipAddr", Kind::U32),
        Slot::new(16, "rtpPortNumber", Kind::U32),
        Slot::new(20, "mediaSpecificationTimeout", Kind::U32),
        Slot::new(24, "mediaCaps", Kind::Array(&MEDIA_CAPABILITY)),
        Slot::new(40, "filter", Kind::Struct(&DEVICE_EVENT_FILTER)),
        Slot::new(52, "mediaRegistrationType", Kind::U32),
        Slot::new(56, "failureCloseDelay", Kind::U32),
        Slot::new(60, "algorithmIDs", Kind::Array(&OPAQUE)),
        Slot::new(76, "rtpDest_v6", Kind::Struct(&RTP_DESTINATION_V6)),
        Slot::new(88, "activeIpAddressingMode", Kind::U32),
    ]),
    PduDef::new(19, "DeviceRegisterDeviceResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
        Slot::new(16, "deviceInfo", Kind::Struct(&DEVICE_INFO)),
    ]),
    PduDef::new(20, "DeviceChangeEventFilterRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "filter", Kind::Struct(&DEVICE_EVENT_FILTER)),
    ]),
    PduDef::new(21, "DeviceChangeEventFilterResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(22, "DeviceCloseRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
    ]),
    PduDef::new(23, "DeviceCloseResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(24, "DeviceGetLineInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
    ]),
    PduDef::new(25, "DeviceGetLineInfoResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "enumerationHandle", Kind::U32),
    ]),
    PduDef::new(26, "DeviceDisplayStringRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "display", Kind::Str),
        Slot::new(20, "displayTimeout", Kind::U32),
        Slot::new(24, "unicodeDisplay", Kind::UStr),
    ]),
    PduDef::new(27, "DeviceDisplayStringResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(28, "DeviceSetLampModeRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "lamp", Kind::U32),
        Slot::new(16, "instance", Kind::U32),
        Slot::new(20, "mode", Kind::U32),
    ]),
    PduDef::new(29, "DeviceSetLampModeResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(30, "DeviceClosedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "reason", Kind::U32),
    ]),
    PduDef::new(31, "DeviceModeChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mode", Kind::U32),
    ]),
    PduDef::new(32, "DisplayChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "display", Kind::Str),
        Slot::new(16, "unicodeDisplay", Kind::UStr),
    ]),
    PduDef::new(33, "FeatureButtonPressedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "button", Kind::U32),
        Slot::new(12, "instance", Kind::U32),
    ]),
    PduDef::new(34, "KeyPressedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "key", Kind::U32),
    ]),
    PduDef::new(35, "LampModeChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "lamp", Kind::U32),
        Slot::new(12, "instance", Kind::U32),
        Slot::new(16, "mode", Kind::U32),
    ]),
    PduDef::new(36, "RingModeChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mode", Kind::U32),
    ]),
    PduDef::new(37, "LineOpenRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
        Slot::new(12, "lineName", Kind::Str),
        Slot::new(20, "filter", Kind::Struct(&LINE_EVENT_FILTER)),
        Slot::new(32, "autoAcceptStatus", Kind::U32),
        Slot::new(36, "partition", Kind::Str),
    ]),
    PduDef::new(38, "LineOpenResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "autoAcceptStatus", Kind::U32),
    ]),
    PduDef::new(39, "LineChangeEventFilterRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "filter", Kind::Struct(&LINE_EVENT_FILTER)),
    ]),
    PduDef::new(40, "LineChangeEventFilterResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
    ]),
    PduDef::new(41, "LineCloseRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
    ]),
    PduDef::new(42, "LineCloseResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
    ]),
    PduDef::new(43, "LineCallInitiateRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "globalCallManagerID", Kind::U32),
        Slot::new(16, "globalCallID", Kind::U32),
        Slot::new(20, "callingAddress", Kind::Str),
        Slot::new(28, "destAddress", Kind::Str),
        Slot::new(36, "userData", Kind::Bytes),
        Slot::new(44, "mediaDeviceName", Kind::Str),
        Slot::new(52, "mediaResourceId", Kind::U32),
        Slot::new(56, "featurePriority", Kind::U32),
    ]),
    PduDef::new(44, "LineCallInitiateResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "callManagerID", Kind::U32),
        Slot::new(20, "callLegID", Kind::U32),
    ]),
    PduDef::new(45, "LineGetInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
    ]),
    PduDef::new(46, "LineGetInfoResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "deviceName", Kind::Str),
        Slot::new(24, "lineDir", Kind::Str),
        Slot::new(32, "numActiveCalls", Kind::U32),
        Slot::new(36, "maxActiveCalls", Kind::U32),
        Slot::new(40, "numCallsOnHold", Kind::U32),
        Slot::new(44, "maxCallsOnHold", Kind::U32),
        Slot::new(48, "numHoldPending", Kind::U32),
        Slot::new(52, "maxHoldPending", Kind::U32),
        Slot::new(56, "calls", Kind::Array(&CTI_CALL_HANDLE)),
        Slot::new(72, "canTransfer", Kind::Bool),
        Slot::new(76, "canBlindTransfer", Kind::Bool),
        Slot::new(80, "canHold", Kind::Bool),
        Slot::new(84, "canPark", Kind::Bool),
        Slot::new(88, "canConference", Kind::Bool),
        Slot::new(92, "canCompleteCall", Kind::Bool),
        Slot::new(96, "canForward", Kind::Bool),
        Slot::new(100, "messageWaitingLampMode", Kind::U32),
        Slot::new(104, "fwdInfo", Kind::Array(&CTI_FORWARD_INFO)),
        Slot::new(120, "linePartition", Kind::Str),
        Slot::new(128, "numParkedCalls", Kind::U32),
    ]),
    PduDef::new(47, "LineClosedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "reason", Kind::U32),
    ]),
    PduDef::new(48, "NewCallEvent", Sender::Server, Confidence::Oracle, "0-308 by self-offset markers, the rest by marker strings", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "lineHandleSpecified", Kind::Bool),
        Slot::new(12, "deviceName", Kind::Str),
        Slot::new(20, "callCallManagerID", Kind::U32),
        Slot::new(24, "callLegID", Kind::U32),
        Slot::new(28, "globalCallManagerID", Kind::U32),
        Slot::new(32, "callID", Kind::U32),
        Slot::new(36, "callingParty", Kind::Str),
        Slot::new(44, "calledParty", Kind::Str),
        Slot::new(52, "originalCalledParty", Kind::Str),
        Slot::new(60, "state", Kind::U32),
        Slot::new(64, "origin", Kind::U32),
        Slot::new(68, "userData", Kind::Bytes),
        Slot::new(76, "auxiliaryData", Kind::U32),
        Slot::new(80, "farEndpointCallManagerID", Kind::U32),
        Slot::new(84, "farEndpointType", Kind::U32),
        Slot::new(88, "reason", Kind::U32),
        Slot::new(92, "callingPartyName", Kind::Str),
        Slot::new(100, "calledPartyName", Kind::Str),
        Slot::new(108, "originalPartyName", Kind::Str),
        Slot::new(116, "lastRedirectingParty", Kind::Str),
        Slot::new(124, "lastRedirectingPartyName", Kind::Str),
        Slot::new(132, "callingPartyDeviceName", Kind::Str),
        Slot::new(140, "bRemoteInUse", Kind::Bool),
        Slot::new(144, "parentCallManagerID", Kind::U32),
        Slot::new(148, "parentCallID", Kind::U32),
        Slot::new(152, "bPrivacy", Kind::Bool),
        Slot::new(156, "mediaDeviceName", Kind::Str),
        Slot::new(164, "mediaResourceId", Kind::U32),
        Slot::new(168, "unModifiedCallingParty", Kind::Str),
        Slot::new(176, "unModifiedCalledParty", Kind::Str),
        Slot::new(184, "unModifiedOriginalCalledParty", Kind::Str),
        Slot::new(192, "unModifiedLastRedirectingParty", Kind::Str),
        Slot::new(200, "callingPartyPi", Kind::Bool),
        Slot::new(204, "callingPartyNamePi", Kind::Bool),
        Slot::new(208, "calledPartyPi", Kind::Bool),
        Slot::new(212, "calledPartyNamePi", Kind::Bool),
        Slot::new(216, "originalCalledPartyPi", Kind::Bool),
        Slot::new(220, "originalCalledPartyNamePi", Kind::Bool),
        Slot::new(224, "lastRedirectingPartyPi", Kind::Bool),
        Slot::new(228, "lastRedirectingPartyNamePi", Kind::Bool),
        Slot::new(232, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(248, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(264, "unicodeOriginalCalledPartyName", Kind::UStr),
        Slot::new(280, "unicodelastRedirectingPartyName", Kind::UStr),
        Slot::new(296, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(300, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(304, "unicodeOriginalCalledPartyLocale", Kind::U32),
        Slot::new(308, "unicodeLastRedirectingPartyLocale", Kind::U32),
        Slot::new(312, "callingPartyDNInfo", Kind::Struct(&PARTY_DN_INFO)),
        Slot::new(324, "calledPartyDNInfo", Kind::Struct(&PARTY_DN_INFO)),
        Slot::new(336, "originalCalledPartyDNInfo", Kind::Struct(&PARTY_DN_INFO)),
        Slot::new(348, "lastRedirectingPartyDNInfo", Kind::Struct(&PARTY_DN_INFO)),
        Slot::new(360, "ctiCallType", Kind::U32),
        Slot::new(364, "callingPartyIpAddr", Kind::U32),
        Slot::new(368, "farEndLineIdDN", Kind::Str),
        Slot::new(376, "farEndLineIdPartition", Kind::Str),
        Slot::new(384, "callPresentable", Kind::Bool),
        Slot::new(388, "featurePriority", Kind::U32),
        Slot::new(392, "globalizedCallingParty", Kind::Str),
        Slot::new(400, "callingPartyIpAddr_v6", Kind::Bytes),
        Slot::new(408, "callingPartyIpAddressingMode", Kind::U32),
        Slot::new(412, "bIsRolloverCall", Kind::Bool),
        Slot::new(416, "uniqueProtocolCallReference", Kind::Str),
        Slot::new(424, "cgpnHuntMemberDN", Kind::Str),
        Slot::new(432, "cgpnHuntMemberPartition", Kind::Str),
        Slot::new(440, "cgpnPatternUsage", Kind::U32),
        Slot::new(444, "cdpnPatternUsage", Kind::U32),
        Slot::new(448, "callingPartyMultiMediaCapBitMask", Kind::U32),
        Slot::new(452, "calledPartyMultiMediaCapBitMask", Kind::U32),
        Slot::new(456, "callingPartyMultiMediaCapabilityInfo", Kind::Struct(&DEVICE_MULTI_MEDIA_CAPABILITY)),
        Slot::new(468, "calledPartyMultiMediaCapabilityInfo", Kind::Struct(&DEVICE_MULTI_MEDIA_CAPABILITY)),
        Slot::new(480, "deviceUUID", Kind::Str),
        Slot::new(488, "peerUUID", Kind::Str),
    ]),
    PduDef::new(49, "ExistingCallEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "lineHandleSpecified", Kind::Bool),
        Slot::new(12, "deviceName", Kind::Str),
        Slot::new(20, "callCallManagerID", Kind::U32),
        Slot::new(24, "callLegID", Kind::U32),
        Slot::new(28, "globalCallManagerID", Kind::U32),
        Slot::new(32, "callID", Kind::U32),
        Slot::new(36, "callingParty", Kind::Str),
        Slot::new(44, "calledParty", Kind::Str),
        Slot::new(52, "originalCalledParty", Kind::Str),
        Slot::new(60, "lastRedirectingParty", Kind::Str),
        Slot::new(68, "state", Kind::U32),
        Slot::new(72, "origin", Kind::U32),
        Slot::new(76, "userData", Kind::Bytes),
        Slot::new(84, "auxiliaryData", Kind::U32),
        Slot::new(88, "farEndpointCallManagerID", Kind::U32),
        Slot::new(92, "farEndpointType", Kind::U32),
        Slot::new(96, "reason", Kind::U32),
        Slot::new(100, "cause", Kind::U32),
        Slot::new(104, "participantsInfo", Kind::Array(&PARTICIPANT_INFO)),
        Slot::new(120, "callingPartyName", Kind::Str),
        Slot::new(128, "calledPartyName", Kind::Str),
        Slot::new(136, "originalCalledPartyName", Kind::Str),
        Slot::new(144, "lastRedirectingPartyName", Kind::Str),
        Slot::new(152, "callingPartyDeviceName", Kind::Str),
        Slot::new(160, "controllerParticipant", Kind::Struct(&PARTICIPANT_INFO)),
        Slot::new(172, "mediaDeviceName", Kind::Str),
        Slot::new(180, "mediaResourceId", Kind::U32),
        Slot::new(184, "mediaTransmitActive", Kind::Bool),
        Slot::new(188, "mediaReceiveActive", Kind::Bool),
        Slot::new(192, "bRemoteInUse", Kind::Bool),
        Slot::new(196, "parentCallManagerID", Kind::U32),
        Slot::new(200, "parentCallID", Kind::U32),
        Slot::new(204, "bPrivacy", Kind::Bool),
        Slot::new(208, "callSelectStatus", Kind::U32),
        Slot::new(212, "unModifiedCallingParty", Kind::Str),
        Slot::new(220, "unModifiedCalledParty", Kind::Str),
        Slot::new(228, "unModifiedOriginalCalledParty", Kind::Str),
        Slot::new(236, "unModifiedLastRedirectingParty", Kind::Str),
        Slot::new(244, "callingPartyPi", Kind::Bool),
        Slot::new(248, "callingPartyNamePi", Kind::Bool),
        Slot::new(252, "calledPartyPi", Kind::Bool),
        Slot::new(256, "calledPartyNamePi", Kind::Bool),
        Slot::new(260, "originalCalledPartyPi", Kind::Bool),
        Slot::new(264, "originalCalledPartyNamePi", Kind::Bool),
        Slot::new(268, "lastRedirectingPartyPi", Kind::Bool),
        Slot::new(272, "lastRedirectingPartyNamePi", Kind::Bool),
        Slot::new(276, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(292, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(308, "unicodeOriginalCalledPartyName", Kind::UStr),
        Slot::new(324, "unicodelastRedirectingPartyName", Kind::UStr),
        Slot::new(340, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(344, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(348, "unicodeOriginalCalledPartyLocale", Kind::U32),
        Slot::new(352, "unicodeLastRedirectingPartyLocale", Kind::U32),
        Slot::new(356, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(368, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(380, "originalCalledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(392, "lastRedirectingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(404, "bHoldReversionDelivered", Kind::Bool),
        Slot::new(408, "localConferenceBridgeId", Kind::Str),
        Slot::new(416, "localConferenceBridgeName", Kind::Str),
        Slot::new(424, "bAdvanceAdhocConference", Kind::Bool),
        Slot::new(428, "ctiCallType", Kind::U32),
        Slot::new(432, "callingPartyIpAddr", Kind::U32),
        Slot::new(436, "overallCallSecurityStatus", Kind::U32),
        Slot::new(440, "farEndLineIdDN", Kind::Str),
        Slot::new(448, "farEndLineIdPartition", Kind::Str),
        Slot::new(456, "callPresentable", Kind::Bool),
        Slot::new(460, "featurePriority", Kind::U32),
        Slot::new(464, "globalizedCallingParty", Kind::Str),
        Slot::new(472, "callingPartyIpAddr_v6", Kind::Bytes),
        Slot::new(480, "callingPartyIpAddressingMode", Kind::U32),
        Slot::new(484, "consultSetupbyRollover", Kind::Bool),
        Slot::new(488, "uniqueProtocolCallReference", Kind::Str),
        Slot::new(496, "cgpnHuntMemberDN", Kind::Str),
        Slot::new(504, "cgpnHuntMemberPartition", Kind::Str),
        Slot::new(512, "cdpnHuntMemberDN", Kind::Str),
        Slot::new(520, "cdpnHuntMemberPartition", Kind::Str),
        Slot::new(528, "cgpnPatternUsage", Kind::U32),
        Slot::new(532, "cdpnPatternUsage", Kind::U32),
        Slot::new(536, "calledPartyDeviceName", Kind::Str),
        Slot::new(544, "localConferenceBridgePartition", Kind::Str),
        Slot::new(552, "callingPartyMultiMediaCapBitMask", Kind::U32),
        Slot::new(556, "calledPartyMultiMediaCapBitMask", Kind::U32),
        Slot::new(560, "callingPartyMultiMediaCapabilityInfo", Kind::Struct(&DEVICE_MULTI_MEDIA_CAPABILITY)),
        Slot::new(572, "calledPartyMultiMediaCapabilityInfo", Kind::Struct(&DEVICE_MULTI_MEDIA_CAPABILITY)),
        Slot::new(584, "deviceUUID", Kind::Str),
        Slot::new(592, "peerUUID", Kind::Str),
    ]),
    PduDef::new(50, "CallAcceptRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "mediaDeviceName", Kind::Str),
        Slot::new(28, "mediaResourceId", Kind::U32),
    ]),
    PduDef::new(51, "CallAcceptResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(52, "CallAnswerRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "mediaDeviceName", Kind::Str),
        Slot::new(28, "mediaResourceId", Kind::U32),
    ]),
    PduDef::new(53, "CallAnswerResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(54, "CallBlindConferenceRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "newGlobalCallManagerID", Kind::U32),
        Slot::new(24, "newGlobalCallID", Kind::U32),
        Slot::new(28, "callingAddress", Kind::Str),
        Slot::new(36, "destAddress", Kind::Str),
        Slot::new(44, "userData", Kind::Bytes),
    ]),
    PduDef::new(55, "CallBlindConferenceResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(56, "CallBlindTransferRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "newGlobalCallManagerID", Kind::U32),
        Slot::new(24, "newGlobalCallID", Kind::U32),
        Slot::new(28, "callingAddress", Kind::Str),
        Slot::new(36, "destAddress", Kind::Str),
        Slot::new(44, "userData", Kind::Bytes),
    ]),
    PduDef::new(57, "CallBlindTransferResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(58, "CallCloseRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
    ]),
    PduDef::new(59, "CallCloseResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(60, "CallCompleteConferenceRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "consultCallManagerID", Kind::U32),
        Slot::new(24, "consultCallLegID", Kind::U32),
    ]),
    PduDef::new(61, "CallCompleteConferenceResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(62, "CallCompleteTransferRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "consultCallManagerID", Kind::U32),
        Slot::new(24, "consultCallLegID", Kind::U32),
    ]),
    PduDef::new(63, "CallCompleteTransferResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(64, "CallDialRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "destAddress", Kind::Str),
    ]),
    PduDef::new(65, "CallDialResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(66, "CallDisconnectRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
    ]),
    PduDef::new(67, "CallDisconnectResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(68, "CallPlayDtmfRequest", Sender::Client, Confidence::ClientFrames, "dtmfDigits: read count x elemSize, totalLen may be larger (stale client buffer)", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "dtmfDigits", Kind::U32Array),
        Slot::new(36, "rate", Kind::U32),
    ]),
    PduDef::new(69, "CallPlayDtmfResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(70, "CallPlayToneRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "tone", Kind::U32),
        Slot::new(24, "direction", Kind::U32),
    ]),
    PduDef::new(71, "CallPlayToneResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(72, "CallGetInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
    ]),
    PduDef::new(73, "CallGetInfoResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "deviceName", Kind::Str),
        Slot::new(16, "lineDir", Kind::Str),
        Slot::new(24, "originalParty", Kind::Str),
        Slot::new(32, "originalPartyName", Kind::Str),
        Slot::new(40, "callingParty", Kind::Str),
        Slot::new(48, "callingPartyName", Kind::Str),
        Slot::new(56, "calledParty", Kind::Str),
        Slot::new(64, "calledPartyName", Kind::Str),
        Slot::new(72, "reason", Kind::U32),
        Slot::new(76, "origin", Kind::U32),
        Slot::new(80, "activeTone", Kind::U32),
        Slot::new(84, "userData", Kind::Bytes),
        Slot::new(92, "lastRedirectingParty", Kind::Str),
        Slot::new(100, "lastRedirectingPartyName", Kind::Str),
        Slot::new(108, "bRemoteInUse", Kind::Bool),
        Slot::new(112, "bPrivacy", Kind::Bool),
        Slot::new(116, "unModifiedCallingParty", Kind::Str),
        Slot::new(124, "unModifiedCalledParty", Kind::Str),
        Slot::new(132, "unModifiedOriginalCalledParty", Kind::Str),
        Slot::new(140, "unModifiedLastRedirectingParty", Kind::Str),
        Slot::new(148, "callingPartyPi", Kind::Bool),
        Slot::new(152, "callingPartyNamePi", Kind::Bool),
        Slot::new(156, "calledPartyPi", Kind::Bool),
        Slot::new(160, "calledPartyNamePi", Kind::Bool),
        Slot::new(164, "originalCalledPartyPi", Kind::Bool),
        Slot::new(168, "originalCalledPartyNamePi", Kind::Bool),
        Slot::new(172, "lastRedirectingPartyPi", Kind::Bool),
        Slot::new(176, "lastRedirectingPartyNamePi", Kind::Bool),
        Slot::new(180, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(196, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(212, "unicodeOriginalCalledPartyName", Kind::UStr),
        Slot::new(228, "unicodelastRedirectingPartyName", Kind::UStr),
        Slot::new(244, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(248, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(252, "unicodeOriginalCalledPartyLocale", Kind::U32),
        Slot::new(256, "unicodeLastRedirectingPartyLocale", Kind::U32),
        Slot::new(260, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(272, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(284, "originalCalledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(296, "lastRedirectingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(308, "globalizedCallingParty", Kind::Str),
    ]),
    PduDef::new(74, "CallHoldRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "contentID", Kind::Str),
    ]),
    PduDef::new(75, "CallHoldResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(76, "CallRedirectRequest", Sender::Client, Confidence::ClientFrames, "applicationXMLData: §8.1.1 says str, Appendix A bytes(2) (printed N@[..] in the marker scan); decoded as bytes", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "redirectAddress", Kind::Str),
        Slot::new(28, "unconditional", Kind::Bool),
        Slot::new(32, "callingSearchSpace", Kind::U32),
        Slot::new(36, "calledAddressOption", Kind::U32),
        Slot::new(40, "redirectReason", Kind::U32),
        Slot::new(44, "preferredOriginalCalledParty", Kind::Str),
        Slot::new(52, "modifiedCallingParty", Kind::Str),
        Slot::new(60, "modifiedCallingPartyReason", Kind::U32),
        Slot::new(64, "facCode", Kind::Str),
        Slot::new(72, "cmcCode", Kind::Str),
        Slot::new(80, "featurePriority", Kind::U32),
        Slot::new(84, "applicationXMLData", Kind::Bytes),
        Slot::new(92, "deviceName", Kind::Str),
    ]),
    PduDef::new(77, "CallRedirectResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(78, "CallRetrieveRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
    ]),
    PduDef::new(79, "CallRetrieveResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(80, "CallSetupConferenceRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "newCallManagerID", Kind::U32),
        Slot::new(24, "newGlobalCallID", Kind::U32),
        Slot::new(28, "callingAddress", Kind::Str),
        Slot::new(36, "destAddress", Kind::Str),
        Slot::new(44, "userData", Kind::Bytes),
    ]),
    PduDef::new(81, "CallSetupConferenceResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "consultCallManagerID", Kind::U32),
        Slot::new(12, "consultCallID", Kind::U32),
        Slot::new(16, "consultLine", Kind::Str),
        Slot::new(24, "consultLinePartition", Kind::Str),
    ]),
    PduDef::new(82, "CallSetupTransferRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "newCallManagerID", Kind::U32),
        Slot::new(24, "newGlobalCallID", Kind::U32),
        Slot::new(28, "callingAddress", Kind::Str),
        Slot::new(36, "destAddress", Kind::Str),
        Slot::new(44, "userData", Kind::Bytes),
        Slot::new(52, "bNeverConnectMediaForConsultCall", Kind::Bool),
    ]),
    PduDef::new(83, "CallSetupTransferResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "consultCallManagerID", Kind::U32),
        Slot::new(12, "consultCallID", Kind::U32),
        Slot::new(16, "consultLine", Kind::Str),
        Slot::new(24, "consultLinePartition", Kind::Str),
    ]),
    PduDef::new(84, "CallClosedEvent", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "reason", Kind::U32),
    ]),
    PduDef::empty(85),
    PduDef::new(86, "DtmfEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "digit", Kind::U32),
    ]),
    PduDef::new(87, "RingEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
    ]),
    PduDef::new(88, "GlobalCallHandleChangedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "newGlobalCallManagerID", Kind::U32),
        Slot::new(20, "newGlobalCallID", Kind::U32),
        Slot::new(24, "reason", Kind::U32),
        Slot::new(28, "callingParty", Kind::Str),
        Slot::new(36, "callingPartyName", Kind::Str),
        Slot::new(44, "calledParty", Kind::Str),
        Slot::new(52, "calledPartyName", Kind::Str),
        Slot::new(60, "originalParty", Kind::Str),
        Slot::new(68, "originalPartyName", Kind::Str),
        Slot::new(76, "lastRedirectingParty", Kind::Str),
        Slot::new(84, "lastRedirectingPartyName", Kind::Str),
        Slot::new(92, "bRemoteInUse", Kind::Bool),
        Slot::new(96, "bPrivacy", Kind::Bool),
        Slot::new(100, "unModifiedCallingParty", Kind::Str),
        Slot::new(108, "unModifiedCalledParty", Kind::Str),
        Slot::new(116, "unModifiedOriginalCalledParty", Kind::Str),
        Slot::new(124, "unModifiedLastRedirectingParty", Kind::Str),
        Slot::new(132, "callingPartyPi", Kind::Bool),
        Slot::new(136, "callingPartyNamePi", Kind::Bool),
        Slot::new(140, "calledPartyPi", Kind::Bool),
        Slot::new(144, "calledPartyNamePi", Kind::Bool),
        Slot::new(148, "originalCalledPartyPi", Kind::Bool),
        Slot::new(152, "originalCalledPartyNamePi", Kind::Bool),
        Slot::new(156, "lastRedirectingPartyPi", Kind::Bool),
        Slot::new(160, "lastRedirectingPartyNamePi", Kind::Bool),
        Slot::new(164, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(180, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(196, "unicodeOriginalCalledPartyName", Kind::UStr),
        Slot::new(212, "unicodelastRedirectingPartyName", Kind::UStr),
        Slot::new(228, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(232, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(236, "unicodeOriginalCalledPartyLocale", Kind::U32),
        Slot::new(240, "unicodeLastRedirectingPartyLocale", Kind::U32),
        Slot::new(244, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(256, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(268, "originalCalledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(280, "lastRedirectingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(292, "globalizedCallingParty", Kind::Str),
        Slot::new(300, "uniqueProtocolCallReference", Kind::Str),
    ]),
    PduDef::new(89, "ToneChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "tone", Kind::U32),
        Slot::new(20, "featureID", Kind::U32),
        Slot::new(24, "codeRequired", Kind::U32),
        Slot::new(28, "toneDirection", Kind::U32),
    ]),
    PduDef::new(90, "StartReceptionEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "ipAddr", Kind::U32),
        Slot::new(20, "rtpPortNumber", Kind::U32),
        Slot::new(24, "milliSecondPacketSize", Kind::U32),
        Slot::new(28, "compressionType", Kind::U32),
        Slot::new(32, "useEchoCancellation", Kind::Bool),
        Slot::new(36, "bitRate", Kind::U32),
        Slot::new(40, "mediaDeviceName", Kind::Str),
        Slot::new(48, "mediaResourceId", Kind::U32),
        Slot::new(52, "mediaConnectionMode", Kind::U32),
        Slot::new(56, "rtpDest_v6", Kind::Struct(&RTP_DESTINATION_V6)),
        Slot::new(68, "activeIpAddressingMode", Kind::U32),
    ]),
    PduDef::new(91, "StartTransmissionEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "ipAddr", Kind::U32),
        Slot::new(20, "rtpPortNumber", Kind::U32),
        Slot::new(24, "milliSecondPacketSize", Kind::U32),
        Slot::new(28, "compressionType", Kind::U32),
        Slot::new(32, "precedenceValue", Kind::U32),
        Slot::new(36, "useSilenceSuppression", Kind::Bool),
        Slot::new(40, "maxFramesPerPacket", Kind::U32),
        Slot::new(44, "bitRate", Kind::U32),
        Slot::new(48, "mediaDeviceName", Kind::Str),
        Slot::new(56, "mediaResourceId", Kind::U32),
        Slot::new(60, "mediaConnectionMode", Kind::U32),
        Slot::new(64, "rtpDest_v6", Kind::Struct(&RTP_DESTINATION_V6)),
        Slot::new(76, "activeIpAddressingMode", Kind::U32),
    ]),
    PduDef::new(92, "StopReceptionEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "mediaDeviceName", Kind::Str),
        Slot::new(24, "mediaResourceId", Kind::U32),
        Slot::new(28, "mediaConnectionMode", Kind::U32),
    ]),
    PduDef::new(93, "StopTransmissionEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "mediaDeviceName", Kind::Str),
        Slot::new(24, "mediaResourceId", Kind::U32),
        Slot::new(28, "mediaConnectionMode", Kind::U32),
    ]),
    PduDef::new(94, "GetDeviceInfoFetchRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "enumerationHandle", Kind::U32),
        Slot::new(8, "count", Kind::U32),
    ]),
    PduDef::new(95, "GetDeviceInfoFetchResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "info", Kind::Array(&DEVICE_INFO)),
        Slot::new(24, "more", Kind::Bool),
        Slot::new(28, "deviceControlFlagBitMask", Kind::U32Array),
    ]),
    PduDef::new(96, "GetDeviceInfoCloseRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "enumerationHandle", Kind::U32),
    ]),
    PduDef::new(97, "GetDeviceInfoCloseResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(98, "GetLineInfoFetchRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "enumerationHandle", Kind::U32),
        Slot::new(8, "count", Kind::U32),
    ]),
    PduDef::new(99, "GetLineInfoFetchResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "info", Kind::Array(&LINE_INFO)),
        Slot::new(24, "more", Kind::Bool),
    ]),
    PduDef::new(100, "GetLineInfoCloseRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "enumerationHandle", Kind::U32),
    ]),
    PduDef::new(101, "GetLineInfoCloseResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(102, "LineSetMessageWaitingRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "lineName", Kind::Str),
        Slot::new(20, "lampMode", Kind::U32),
        Slot::new(24, "voiceCounts", Kind::Bool),
        Slot::new(28, "totalNewVoiceMsgs", Kind::U32),
        Slot::new(32, "totalOldVoiceMsgs", Kind::U32),
        Slot::new(36, "highPriorityVoiceCounts", Kind::Bool),
        Slot::new(40, "newHighPriorityVoiceMsgs", Kind::U32),
        Slot::new(44, "oldHighPriorityVoiceMsgs", Kind::U32),
        Slot::new(48, "faxCounts", Kind::Bool),
        Slot::new(52, "totaNewFaxMsgs", Kind::U32),
        Slot::new(56, "totalOldFaxMsgs", Kind::U32),
        Slot::new(60, "highPriorityFaxCounts", Kind::Bool),
        Slot::new(64, "newHighPriorityFaxMsgs", Kind::U32),
        Slot::new(68, "oldHighPriorityFaxMsgs", Kind::U32),
    ]),
    PduDef::new(103, "LineSetMessageWaitingResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
    ]),
    PduDef::empty(104),
    PduDef::empty(105),
    PduDef::new(106, "CallPlayDTMFCompleteEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "sequenceNumber", Kind::U32),
        Slot::new(20, "result", Kind::U32),
    ]),
    PduDef::new(107, "CallConferenceStateChangedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "conferenceStateChangedID", Kind::U32),
        Slot::new(20, "globalCallManagerID", Kind::U32),
        Slot::new(24, "globalCallID", Kind::U32),
        Slot::new(28, "modifyStatus", Kind::U32),
        Slot::new(32, "changedParticipantInfo", Kind::Struct(&PARTICIPANT_INFO)),
        Slot::new(44, "otherParticipantsInfo", Kind::Array(&PARTICIPANT_INFO)),
        Slot::new(60, "controllerParticipantInfo", Kind::Struct(&PARTICIPANT_INFO)),
        Slot::new(72, "reason", Kind::U32),
        Slot::new(76, "bRemoteInUse", Kind::Bool),
        Slot::new(80, "bPrivacy", Kind::Bool),
        Slot::new(84, "controllerDeviceName", Kind::Str),
        Slot::new(92, "idleCalls", Kind::Array(&CTI_CALL_HANDLE)),
        Slot::new(108, "requestorParticipantInfo", Kind::Struct(&PARTICIPANT_INFO)),
        Slot::new(120, "requestorDeviceName", Kind::Str),
        Slot::new(128, "localConferenceBridgeId", Kind::Str),
        Slot::new(136, "localConferenceBridgeName", Kind::Str),
        Slot::new(144, "bAdvanceAdhocConference", Kind::Bool),
        Slot::new(148, "localConferenceBridgePartition", Kind::Str),
    ]),
    PduDef::new(108, "CallPartyInfoChangedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "callingPartyChanged", Kind::Bool),
        Slot::new(20, "callingParty", Kind::Str),
        Slot::new(28, "callingPartyName", Kind::Str),
        Slot::new(36, "calledPartyChanged", Kind::Bool),
        Slot::new(40, "calledParty", Kind::Str),
        Slot::new(48, "calledPartyName", Kind::Str),
        Slot::new(56, "originalCalledParty", Kind::Str),
        Slot::new(64, "originalCalledPartyName", Kind::Str),
        Slot::new(72, "lastRedirectingParty", Kind::Str),
        Slot::new(80, "lastRedirectingPartyName", Kind::Str),
        Slot::new(88, "farEndPointType", Kind::U32),
        Slot::new(92, "reason", Kind::U32),
        Slot::new(96, "bRemoteInUse", Kind::Bool),
        Slot::new(100, "bPrivacy", Kind::Bool),
        Slot::new(104, "unModifiedCallingParty", Kind::Str),
        Slot::new(112, "unModifiedCalledParty", Kind::Str),
        Slot::new(120, "unModifiedOriginalCalledParty", Kind::Str),
        Slot::new(128, "unModifiedLastRedirectingParty", Kind::Str),
        Slot::new(136, "callingPartyPi", Kind::Bool),
        Slot::new(140, "callingPartyNamePi", Kind::Bool),
        Slot::new(144, "calledPartyPi", Kind::Bool),
        Slot::new(148, "calledPartyNamePi", Kind::Bool),
        Slot::new(152, "originalCalledPartyPi", Kind::Bool),
        Slot::new(156, "originalCalledPartyNamePi", Kind::Bool),
        Slot::new(160, "lastRedirectingPartyPi", Kind::Bool),
        Slot::new(164, "lastRedirectingPartyNamePi", Kind::Bool),
        Slot::new(168, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(184, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(200, "unicodeOriginalCalledPartyName", Kind::UStr),
        Slot::new(216, "unicodelastRedirectingPartyName", Kind::UStr),
        Slot::new(232, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(236, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(240, "unicodeOriginalCalledPartyLocale", Kind::U32),
        Slot::new(244, "unicodeLastRedirectingPartyLocale", Kind::U32),
        Slot::new(248, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(260, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(272, "originalCalledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(284, "lastRedirectingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(296, "farEndLineIdDN", Kind::Str),
        Slot::new(304, "farEndLineIdPartition", Kind::Str),
        Slot::new(312, "globalizedCallingParty", Kind::Str),
        Slot::new(320, "cgpnHuntMemberDN", Kind::Str),
        Slot::new(328, "cgpnHuntMemberPartition", Kind::Str),
        Slot::new(336, "cdpnHuntMemberDN", Kind::Str),
        Slot::new(344, "cdpnHuntMemberPartition", Kind::Str),
        Slot::new(352, "cgpnPatternUsage", Kind::U32),
        Slot::new(356, "cdpnPatternUsage", Kind::U32),
        Slot::new(360, "currentCallingPartyDeviceName", Kind::Str),
        Slot::new(368, "currentCalledPartyDeviceName", Kind::Str),
        Slot::new(376, "callAttributeType", Kind::U32),
        Slot::new(380, "callingPartyMultiMediaCapBitMask", Kind::U32),
        Slot::new(384, "calledPartyMultiMediaCapBitMask", Kind::U32),
        Slot::new(388, "callingPartyMultiMediaCapabilityInfo", Kind::Struct(&DEVICE_MULTI_MEDIA_CAPABILITY)),
        Slot::new(400, "calledPartyMultiMediaCapabilityInfo", Kind::Struct(&DEVICE_MULTI_MEDIA_CAPABILITY)),
        Slot::new(412, "deviceUUID", Kind::Str),
        Slot::new(420, "peerUUID", Kind::Str),
    ]),
    PduDef::empty(109),
    PduDef::empty(110),
    PduDef::new(111, "DeviceOutOfServiceEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "reason", Kind::U32),
    ]),
    PduDef::new(112, "DeviceInServiceEvent", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "locale", Kind::U32),
        Slot::new(12, "supportedEncoding", Kind::U32),
        Slot::new(16, "altScript", Kind::Str),
        Slot::new(24, "dndStatus", Kind::Bool),
        Slot::new(28, "dndOption", Kind::U32),
    ]),
    PduDef::new(113, "LineOutOfServiceEvent", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "reason", Kind::U32),
    ]),
    PduDef::new(114, "LineInServiceEvent", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "defaultIntercomInfo", Kind::Struct(&LINE_INTERCOM_SPEED_DIAL_INFO)),
        Slot::new(20, "currentIntercomInfo", Kind::Struct(&LINE_INTERCOM_SPEED_DIAL_INFO)),
        Slot::new(32, "isIntercomTargetSet", Kind::Bool),
    ]),
    PduDef::new(115, "ProviderUserChangedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "typeOfNotification", Kind::U32),
        Slot::new(4, "deviceInfo", Kind::Struct(&DEVICE_INFO)),
        Slot::new(16, "providerCapabilitiesInfo", Kind::Struct(&PROVIDER_CAPABILITIES_INFO)),
        Slot::new(28, "deviceControlFlagBitMask", Kind::U32),
    ]),
    PduDef::empty(116),
    PduDef::empty(117),
    PduDef::empty(118),
    PduDef::empty(119),
    PduDef::new(120, "Heartbeat", Sender::Both, Confidence::ClientFrames, "", &[]),
    PduDef::new(121, "LineSetForwardRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "FwdDestnInfo", Kind::Array(&CTI_CALL_FORWARD_INFORMATION)),
    ]),
    PduDef::new(122, "LineSetForwardResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
    ]),
    PduDef::new(123, "LineForwardEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "forwardArray", Kind::Array(&CTI_CALL_FORWARD_INFORMATION)),
    ]),
    PduDef::new(124, "LineGetForwardInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
    ]),
    PduDef::new(125, "LineGetForwardInfoResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "CtiFwdArray", Kind::Array(&CTI_CALL_FORWARD_INFORMATION)),
    ]),
    PduDef::new(126, "ProviderOpenCompletedEvent", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "reason", Kind::U32),
        Slot::new(4, "sequenceNumber", Kind::U32),
        Slot::new(8, "providerInfoString", Kind::Str),
        Slot::new(16, "clientHeartbeat", Kind::U32),
        Slot::new(20, "serverHeartbeat", Kind::U32),
        Slot::new(24, "failureDescription", Kind::Str),
        Slot::new(32, "bMonitorCallParkDNs", Kind::Bool),
        Slot::new(36, "providerId", Kind::U32),
        Slot::new(40, "precedenceValue", Kind::U32),
        Slot::new(44, "canSupportIPv6", Kind::Bool),
        Slot::new(48, "loginUserName", Kind::UStr),
        Slot::new(64, "daysUntilPasswordExpiry", Kind::U32),
        Slot::new(68, "totalControllableDevices", Kind::U32),
        Slot::new(72, "clusterID", Kind::Str),
    ]),
    PduDef::new(127, "ProviderGetCapabilitiesRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
    ]),
    PduDef::new(128, "ProviderGetCapabilitiesResponse", Sender::Server, Confidence::Oracle, "outer layout and the first 2 inner fields proven", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "providerCapabilitiesInfo", Kind::Struct(&PROVIDER_CAPABILITIES_INFO)),
    ]),
    PduDef::new(129, "DeviceUnregisteredEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceInfo", Kind::Struct(&DEVICE_INFO)),
        Slot::new(12, "loginUserID", Kind::UStr),
        Slot::new(28, "controllable", Kind::Bool),
        Slot::new(32, "reason", Kind::U32),
        Slot::new(36, "deviceControlFlagBitMask", Kind::U32),
    ]),
    PduDef::new(130, "GetSingleDeviceInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
    ]),
    PduDef::new(131, "GetSingleDeviceInfoResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "info", Kind::Struct(&DEVICE_INFO)),
        Slot::new(20, "deviceControlFlagBitMask", Kind::U32),
    ]),
    PduDef::new(132, "DeviceSoftKeyPressedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "softKeyID", Kind::U32),
        Slot::new(12, "globalCallManagerID", Kind::U32),
        Slot::new(16, "callID", Kind::U32),
        Slot::new(20, "callCallManagerID", Kind::U32),
        Slot::new(24, "callLegID", Kind::U32),
        Slot::new(28, "callState", Kind::U32),
        Slot::new(32, "callingParty", Kind::Str),
        Slot::new(40, "callingPartyName", Kind::Str),
        Slot::new(48, "calledParty", Kind::Str),
        Slot::new(56, "calledPartyName", Kind::Str),
        Slot::new(64, "originalParty", Kind::Str),
        Slot::new(72, "originalPartyName", Kind::Str),
        Slot::new(80, "lastRedirectingParty", Kind::Str),
        Slot::new(88, "lastRedirectingPartyName", Kind::Str),
        Slot::new(96, "unModifiedCallingParty", Kind::Str),
        Slot::new(104, "unModifiedCalledParty", Kind::Str),
        Slot::new(112, "unModifiedOriginalCalledParty", Kind::Str),
        Slot::new(120, "unModifiedLastRedirectingParty", Kind::Str),
        Slot::new(128, "callingPartyPi", Kind::Bool),
        Slot::new(132, "callingPartyNamePi", Kind::Bool),
        Slot::new(136, "calledPartyPi", Kind::Bool),
        Slot::new(140, "calledPartyNamePi", Kind::Bool),
        Slot::new(144, "originalCalledPartyPi", Kind::Bool),
        Slot::new(148, "originalCalledPartyNamePi", Kind::Bool),
        Slot::new(152, "lastRedirectingPartyPi", Kind::Bool),
        Slot::new(156, "lastRedirectingPartyNamePi", Kind::Bool),
        Slot::new(160, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(176, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(192, "unicodeOriginalCalledPartyName", Kind::UStr),
        Slot::new(208, "unicodelastRedirectingPartyName", Kind::UStr),
        Slot::new(224, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(228, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(232, "unicodeOriginalCalledPartyLocale", Kind::U32),
        Slot::new(236, "unicodeLastRedirectingPartyLocale", Kind::U32),
        Slot::new(240, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(252, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(264, "originalCalledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(276, "lastRedirectingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(288, "globalizedCallingParty", Kind::Str),
    ]),
    PduDef::new(133, "ProviderFeatureActivatedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "featureID", Kind::U32),
        Slot::new(4, "globalCallManagerID", Kind::U32),
        Slot::new(8, "globalCallID", Kind::U32),
        Slot::new(12, "deviceName", Kind::Str),
        Slot::new(20, "callState", Kind::U32),
        Slot::new(24, "dialedDigits", Kind::Str),
        Slot::new(32, "featureActivatingCallManagerID", Kind::U32),
        Slot::new(36, "featureActivatingCallID", Kind::U32),
        Slot::new(40, "callingPartyInfo", Kind::Struct(&PARTY_INFO)),
        Slot::new(52, "calledPartyInfo", Kind::Struct(&PARTY_INFO)),
        Slot::new(64, "redirectPartyInfo", Kind::Struct(&REDIRECT_PARTY_INFO)),
        Slot::new(76, "globalizedCallingParty", Kind::Str),
    ]),
    PduDef::new(134, "DeviceDataPassThroughRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "deviceDataObj", Kind::Bytes),
        Slot::new(20, "mediaResourceId", Kind::U32),
        Slot::new(24, "featureDataObj", Kind::Bytes),
    ]),
    PduDef::new(135, "DeviceDataPassThroughResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
        Slot::new(16, "deviceDataObj", Kind::Bytes),
    ]),
    PduDef::new(136, "DeviceDataPassThroughEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "deviceDataObj", Kind::Bytes),
        Slot::new(16, "mediaResourceId", Kind::U32),
    ]),
    PduDef::new(137, "LineSetRingerStatusRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "ringerStatus", Kind::U32),
    ]),
    PduDef::new(138, "LineSetRingerStatusResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
    ]),
    PduDef::empty(139),
    PduDef::empty(140),
    PduDef::new(141, "CallParkRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "callParkType", Kind::U32),
        Slot::new(24, "ParkAtAddress", Kind::Str),
    ]),
    PduDef::new(142, "CallParkResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "ParkedAt", Kind::Str),
        Slot::new(16, "ParkedAtPartition", Kind::Str),
    ]),
    PduDef::new(143, "LineCallUnParkRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "globalCallManagerID", Kind::U32),
        Slot::new(16, "globalCallID", Kind::U32),
        Slot::new(20, "callingAddress", Kind::Str),
        Slot::new(28, "parkedAtAddress", Kind::Str),
    ]),
    PduDef::new(144, "LineCallUnParkResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
    ]),
    PduDef::new(145, "ProviderGetMonitorDNInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "DNType", Kind::U32),
    ]),
    PduDef::new(146, "ProviderGetMonitorDNInfoResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "monitorDNenumerationHandle", Kind::U32),
    ]),
    PduDef::new(147, "GetMonitorDNFetchRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "enumerationHandle", Kind::U32),
        Slot::new(8, "count", Kind::U32),
    ]),
    PduDef::new(148, "GetMonitorDNFetchResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "dninfo", Kind::Array(&DN_INFO)),
        Slot::new(24, "more", Kind::Bool),
    ]),
    PduDef::new(149, "GetMonitorDNCloseRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "enumHandle", Kind::U32),
    ]),
    PduDef::new(150, "GetMonitorDNCloseResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "monitorDNenumerationHandle", Kind::U32),
    ]),
    PduDef::new(151, "ProviderCallParkDNChangedEvent", Sender::Server, Confidence::Parser, "", &[]),
    PduDef::new(152, "ProviderRegisterFeatureActivationRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "featureID", Kind::U32),
    ]),
    PduDef::new(153, "ProviderRegisterFeatureActivationResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(154, "ProviderFeatureActivationUnRegisteredEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "featureID", Kind::U32),
        Slot::new(4, "reason", Kind::U32),
    ]),
    PduDef::new(155, "ProviderClosedEvent", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "reason", Kind::U32),
    ]),
    PduDef::empty(156),
    PduDef::new(157, "DeviceChangeRTPDefaultRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "ipAddr", Kind::U32),
        Slot::new(16, "rtpPortNumber", Kind::U32),
    ]),
    PduDef::new(158, "DeviceChangeRTPDefaultResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::empty(159),
    PduDef::empty(160),
    PduDef::empty(161),
    PduDef::empty(162),
    PduDef::new(163, "DeviceCallOpenLogicalChannelEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "milliSecondPacketSize", Kind::U32),
        Slot::new(20, "compressionType", Kind::U32),
        Slot::new(24, "mediaConnectionMode", Kind::U32),
        Slot::new(28, "mediaIPAddressingMode", Kind::U32),
        Slot::new(32, "isRTPRequired", Kind::Bool),
    ]),
    PduDef::new(164, "DeviceSetRTPForCallRequest", Sender::Client, Confidence::ClientFrames, "ctiqbe-wire-2 §5: real client frames, value by value against its own dump [W][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "callCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "ipAddress", Kind::U32),
        Slot::new(24, "rtpPortNumber", Kind::U32),
        Slot::new(28, "rtpDest_v6", Kind::Struct(&RTP_DESTINATION_V6)),
    ]),
    PduDef::new(165, "DeviceSetRTPForCallResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(166, "LineTransferStartedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "controllerNumber", Kind::Str),
        Slot::new(20, "controllerName", Kind::Str),
        Slot::new(28, "survivingGCMID", Kind::U32),
        Slot::new(32, "survivingGCCID", Kind::U32),
        Slot::new(36, "otherGCMID", Kind::U32),
        Slot::new(40, "otherGCCID", Kind::U32),
        Slot::new(44, "survingCallType", Kind::U32),
        Slot::new(48, "otherCallType", Kind::U32),
        Slot::new(52, "bRemoteInUse", Kind::Bool),
        Slot::new(56, "unicodeControllerName", Kind::UStr),
        Slot::new(72, "unicodeControllerNamelocale", Kind::U32),
        Slot::new(76, "controllerPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(88, "controllerDeviceName", Kind::Str),
        Slot::new(96, "finalControllerCallManagerID", Kind::U32),
        Slot::new(100, "finalControllerCallLegID", Kind::U32),
        Slot::new(104, "otherControllerCallManagerID", Kind::U32),
        Slot::new(108, "otherControllerCallLegID", Kind::U32),
        Slot::new(112, "controllerHuntMemberDN", Kind::Str),
        Slot::new(120, "controllerHuntMemberPartition", Kind::Str),
    ]),
    PduDef::new(167, "LineTransferEndedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "success", Kind::Bool),
        Slot::new(16, "bRemoteInUse", Kind::Bool),
        Slot::new(20, "idleCalls", Kind::Array(&CTI_CALL_HANDLE)),
    ]),
    PduDef::empty(168),
    PduDef::new(169, "LineConferenceStartedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "controllerNumber", Kind::Str),
        Slot::new(20, "controllerName", Kind::Str),
        Slot::new(28, "survivingGCMID", Kind::U32),
        Slot::new(32, "survivingGCCID", Kind::U32),
        Slot::new(36, "otherGCIDs", Kind::Array(&CTI_GLOBAL_CALL_HANDLE)),
        Slot::new(52, "bRemoteInUse", Kind::Bool),
        Slot::new(56, "unicodeControllerName", Kind::UStr),
        Slot::new(72, "unicodeControllerNamelocale", Kind::U32),
        Slot::new(76, "controllerPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(88, "requestorNumber", Kind::Str),
        Slot::new(96, "requestorName", Kind::Str),
        Slot::new(104, "primaryCallType", Kind::U32),
        Slot::new(108, "secondaryCallTypes", Kind::U32Array),
        Slot::new(124, "unicodeRequestorName", Kind::UStr),
        Slot::new(140, "unicodeRequestorNameLocale", Kind::U32),
        Slot::new(144, "requestorPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(156, "controllerDeviceName", Kind::Str),
        Slot::new(164, "requestorDeviceName", Kind::Str),
        Slot::new(172, "controllerHuntMemberDN", Kind::Str),
        Slot::new(180, "controllerHuntMemberPartition", Kind::Str),
        Slot::new(188, "requestorHuntMemberDN", Kind::Str),
        Slot::new(196, "requestorHuntMemberPartition", Kind::Str),
    ]),
    PduDef::new(170, "LineConferenceEndedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "success", Kind::Bool),
        Slot::new(16, "bRemoteInUse", Kind::Bool),
        Slot::new(20, "idleCalls", Kind::Array(&CTI_CALL_HANDLE)),
        Slot::new(36, "controllerNumber", Kind::Str),
        Slot::new(44, "controllerName", Kind::Str),
        Slot::new(52, "unicodeControllerName", Kind::UStr),
        Slot::new(68, "unicodeControllerNamelocale", Kind::U32),
        Slot::new(72, "controllerPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(84, "controllerDeviceName", Kind::Str),
        Slot::new(92, "requestorNumber", Kind::Str),
        Slot::new(100, "requestorName", Kind::Str),
        Slot::new(108, "unicodeRequestorName", Kind::UStr),
        Slot::new(124, "unicodeRequestorNamelocale", Kind::U32),
        Slot::new(128, "requestorPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(140, "requestorDeviceName", Kind::Str),
        Slot::new(148, "controllerHuntMemberDN", Kind::Str),
        Slot::new(156, "controllerHuntMemberPartition", Kind::Str),
        Slot::new(164, "requestorHuntMemberDN", Kind::Str),
        Slot::new(172, "requestorHuntMemberPartition", Kind::Str),
    ]),
    PduDef::empty(171),
    PduDef::new(172, "CallDirectTransferRequest", Sender::Client, Confidence::ClientFrames, "name inferred from its response 173 (§7.1)", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "otherCallHandle", Kind::Inline(&CLIENT_CALL_HANDLE)),
    ]),
    PduDef::new(173, "CallDirectTransferResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(174, "CallJoinRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "otherCalls", Kind::Array(&CLIENT_CALL_HANDLE)),
    ]),
    PduDef::new(175, "CallJoinResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(176, "LineBargeStartedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "controllerNumber", Kind::Str),
        Slot::new(20, "controllerName", Kind::Str),
        Slot::new(28, "survivingGCMID", Kind::U32),
        Slot::new(32, "survivingGCCID", Kind::U32),
        Slot::new(36, "otherGCMID", Kind::U32),
        Slot::new(40, "otherGCCID", Kind::U32),
        Slot::new(44, "bRemoteInUse", Kind::Bool),
        Slot::new(48, "unicodeControllerName", Kind::UStr),
        Slot::new(64, "unicodeControllerNamelocale", Kind::U32),
        Slot::new(68, "controllerPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
    ]),
    PduDef::new(177, "LineBargeEndedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "success", Kind::Bool),
        Slot::new(16, "bRemoteInUse", Kind::Bool),
    ]),
    PduDef::new(178, "CallPrivacyChangedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "callingParty", Kind::Str),
        Slot::new(24, "callingPartyName", Kind::Str),
        Slot::new(32, "calledParty", Kind::Str),
        Slot::new(40, "calledPartyName", Kind::Str),
        Slot::new(48, "reason", Kind::U32),
        Slot::new(52, "bPrivacy", Kind::Bool),
        Slot::new(56, "bRemoteInUse", Kind::Bool),
        Slot::new(60, "unModifiedCallingParty", Kind::Str),
        Slot::new(68, "unModifiedCalledParty", Kind::Str),
        Slot::new(76, "callingPartyPi", Kind::Bool),
        Slot::new(80, "callingPartyNamePi", Kind::Bool),
        Slot::new(84, "calledPartyPi", Kind::Bool),
        Slot::new(88, "calledPartyNamePi", Kind::Bool),
        Slot::new(92, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(108, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(124, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(128, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(132, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(144, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(156, "globalizedCallingParty", Kind::Str),
    ]),
    PduDef::empty(179),
    PduDef::new(180, "DeviceAllocateMediaResourceRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "mediaResourceType", Kind::U32),
        Slot::new(16, "mediaResourceName", Kind::Str),
        Slot::new(24, "numberOfPorts", Kind::U32),
        Slot::new(28, "appData", Kind::Bytes),
        Slot::new(36, "deviceData", Kind::Bytes),
    ]),
    PduDef::new(181, "DeviceAllocateMediaResourceResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
        Slot::new(16, "mediaResourceId", Kind::U32),
        Slot::new(20, "deviceDataObj", Kind::Bytes),
    ]),
    PduDef::new(182, "DeviceMediaResourceAllocatedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mediaResourceId", Kind::U32),
        Slot::new(12, "mediaResourceName", Kind::Str),
        Slot::new(20, "numberOfPorts", Kind::U32),
        Slot::new(24, "appDataObj", Kind::Bytes),
        Slot::new(32, "creatorApplicationId", Kind::U32),
        Slot::new(36, "creatorProviderId", Kind::U32),
        Slot::new(40, "mediaResourceType", Kind::U32),
    ]),
    PduDef::new(183, "DeviceDeallocateMediaResourceRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "mediaResourceID", Kind::U32),
    ]),
    PduDef::new(184, "DeviceDeallocateMediaResourceResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(185, "DeviceMediaResourceDeallocatedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mediaResourceId", Kind::U32),
        Slot::new(12, "reason", Kind::U32),
    ]),
    PduDef::new(186, "DeviceUpdateMediaResourceRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "mediaResourceID", Kind::U32),
        Slot::new(16, "numberOfPorts", Kind::U32),
        Slot::new(20, "appData", Kind::Bytes),
        Slot::new(28, "deviceData", Kind::Bytes),
    ]),
    PduDef::new(187, "DeviceUpdateMediaResourceResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
        Slot::new(16, "deviceDataObj", Kind::Bytes),
    ]),
    PduDef::new(188, "DeviceMediaResourceUpdatedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mediaResourceId", Kind::U32),
        Slot::new(12, "numberOfPorts", Kind::U32),
        Slot::new(16, "appData", Kind::Bytes),
        Slot::new(24, "updaterApplicationId", Kind::U32),
        Slot::new(28, "updaterProviderId", Kind::U32),
    ]),
    PduDef::new(189, "DeviceRemoveMediaConnectionRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "mediaResourceID", Kind::U32),
        Slot::new(16, "connectionCi", Kind::U32),
    ]),
    PduDef::new(190, "DeviceRemoveMediaConnectionResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(191, "DeviceMediaConnectionAddedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mediaResourceId", Kind::U32),
        Slot::new(12, "reason", Kind::U32),
        Slot::new(16, "connectionCi", Kind::U32),
    ]),
    PduDef::new(192, "DeviceMediaConnectionRemovedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mediaResourceId", Kind::U32),
        Slot::new(12, "reason", Kind::U32),
        Slot::new(16, "connectionCi", Kind::U32),
    ]),
    PduDef::new(193, "DeviceExistingMediaResourceEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "mediaResourceId", Kind::U32),
        Slot::new(12, "mediaResourceType", Kind::U32),
        Slot::new(16, "mediaResourceName", Kind::Str),
        Slot::new(24, "numberOfPorts", Kind::U32),
        Slot::new(28, "appData", Kind::Bytes),
        Slot::new(36, "creatorApplicationId", Kind::U32),
        Slot::new(40, "connectionCiList", Kind::Bytes),
    ]),
    PduDef::new(194, "DeviceGetConfigInfoRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
    ]),
    PduDef::new(195, "DeviceGetConfigInfoResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "deviceType", Kind::U32),
        Slot::new(12, "configuredPorts", Kind::U32),
    ]),
    PduDef::new(196, "LineCBargeStartedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "controllerNumber", Kind::Str),
        Slot::new(20, "controllerName", Kind::Str),
        Slot::new(28, "survivingGCMID", Kind::U32),
        Slot::new(32, "survivingGCCID", Kind::U32),
        Slot::new(36, "otherGCMID", Kind::U32),
        Slot::new(40, "otherGCCID", Kind::U32),
        Slot::new(44, "bRemoteInUse", Kind::Bool),
        Slot::new(48, "unicodeControllerName", Kind::UStr),
        Slot::new(64, "unicodeControllerNamelocale", Kind::U32),
        Slot::new(68, "controllerPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(80, "requestorNumber", Kind::Str),
        Slot::new(88, "requestorName", Kind::Str),
        Slot::new(96, "unicodeRequestorName", Kind::UStr),
        Slot::new(112, "unicodeRequestorNameLocale", Kind::U32),
        Slot::new(116, "requestorPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
    ]),
    PduDef::new(197, "LineCBargeEndedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "success", Kind::Bool),
        Slot::new(16, "bRemoteInUse", Kind::Bool),
    ]),
    PduDef::new(198, "DeviceExistingMediaResourceRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "allResources", Kind::Bool),
        Slot::new(16, "mediaResourceId", Kind::U32),
    ]),
    PduDef::new(199, "DeviceExistingMediaResourceResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(200, "CallSelectChangedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "callingParty", Kind::Str),
        Slot::new(24, "callingPartyName", Kind::Str),
        Slot::new(32, "calledParty", Kind::Str),
        Slot::new(40, "calledPartyName", Kind::Str),
        Slot::new(48, "reason", Kind::U32),
        Slot::new(52, "bPrivacy", Kind::Bool),
        Slot::new(56, "bRemoteInUse", Kind::Bool),
        Slot::new(60, "callSelectStatus", Kind::U32),
        Slot::new(64, "unModifiedCallingParty", Kind::Str),
        Slot::new(72, "unModifiedCalledParty", Kind::Str),
        Slot::new(80, "callingPartyPi", Kind::Bool),
        Slot::new(84, "callingPartyNamePi", Kind::Bool),
        Slot::new(88, "calledPartyPi", Kind::Bool),
        Slot::new(92, "calledPartyNamePi", Kind::Bool),
        Slot::new(96, "unicodeCallingPartyName", Kind::UStr),
        Slot::new(112, "unicodeCalledPartyName", Kind::UStr),
        Slot::new(128, "unicodeCallingPartyLocale", Kind::U32),
        Slot::new(132, "unicodeCalledPartyLocale", Kind::U32),
        Slot::new(136, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(148, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(160, "globalizedCallingParty", Kind::Str),
    ]),
    PduDef::new(201, "LineAutoAcceptChangeRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "autoAcceptStatus", Kind::U32),
    ]),
    PduDef::new(202, "LineAutoAcceptChangeResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "autoAcceptStatus", Kind::U32),
    ]),
    PduDef::new(203, "LineAutoAcceptStatusEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "autoAcceptStatus", Kind::U32),
    ]),
    PduDef::new(204, "ExistingCallCompletedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
    ]),
    PduDef::new(205, "DeviceExistingMediaResourcesCompletedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
    ]),
    PduDef::new(206, "DeviceStateIdleEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
    ]),
    PduDef::new(207, "DeviceStateHeldEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
    ]),
    PduDef::new(208, "DeviceStateAlertingEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
    ]),
    PduDef::new(209, "DeviceStateActiveEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
    ]),
    PduDef::new(210, "DeviceGetDeviceStateRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
    ]),
    PduDef::new(211, "DeviceGetDeviceStateResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
        Slot::new(16, "deviceState", Kind::U32),
    ]),
    PduDef::new(212, "ProviderDeviceAcquireRequest", Sender::Client, Confidence::ClientFrames, "ctiqbe-wire-2 §5: real client frames, value by value against its own dump [W][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
    ]),
    PduDef::new(213, "ProviderDeviceAcquireResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(214, "ProviderDeviceDeAcquireRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
    ]),
    PduDef::new(215, "ProviderDeviceDeAcquireResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(216, "ProviderDeviceDeAcquiredEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "reason", Kind::U32),
    ]),
    PduDef::new(217, "DeviceGetSnapShotRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
    ]),
    PduDef::new(218, "DeviceGetSnapShotResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(219, "DeviceSnapshotEvent", Sender::Server, Confidence::Parser, "securityInfo element layout unknown", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "securityInfo", Kind::Array(&OPAQUE)),
    ]),
    PduDef::new(220, "DeviceSnapshotCompletedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
    ]),
    PduDef::new(221, "ReceptionKeyEvent", Sender::Server, Confidence::Parser, "keyInfo layout unknown", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "keyInfo", Kind::Struct(&OPAQUE)),
    ]),
    PduDef::new(222, "TransmissionKeyEvent", Sender::Server, Confidence::Parser, "keyInfo layout unknown", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "keyInfo", Kind::Struct(&OPAQUE)),
    ]),
    PduDef::new(223, "CallHoldReversionEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
    ]),
    PduDef::new(224, "LineIntercomSpeedDialInfoChangeRequest", Sender::Client, Confidence::ClientFrames, "ctiqbe-wire-2 §5: real client frames, value by value against its own dump [W][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "intercomInfo", Kind::Struct(&LINE_INTERCOM_SPEED_DIAL_INFO)),
        Slot::new(24, "bSetIntercomTarget", Kind::Bool),
    ]),
    PduDef::new(225, "LineIntercomSpeedDialInfoChangeResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
    ]),
    PduDef::new(226, "LineIntercomSpeedDialInfoChangedEv", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "defaultIntercomInfo", Kind::Struct(&LINE_INTERCOM_SPEED_DIAL_INFO)),
        Slot::new(20, "currentIntercomInfo", Kind::Struct(&LINE_INTERCOM_SPEED_DIAL_INFO)),
        Slot::new(32, "isIntercomTargetSet", Kind::Bool),
    ]),
    PduDef::new(227, "LineIntercomSpeedDialInfoRestorationFailedEv", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "reason", Kind::U32),
    ]),
    PduDef::new(228, "CallIntercomTalkbackRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
    ]),
    PduDef::new(229, "CallIntercomTalkbackResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(230, "DeviceStateWhisperEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
    ]),
    PduDef::new(231, "LineCallStartMonitoringRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "globalCallManagerID", Kind::U32),
        Slot::new(16, "globalCallID", Kind::U32),
        Slot::new(20, "callingAddress", Kind::Str),
        Slot::new(28, "targetAddress", Kind::Str),
        Slot::new(36, "targetdeviceName", Kind::Str),
        Slot::new(44, "targetCallID", Kind::U32),
        Slot::new(48, "monitorMode", Kind::U32),
        Slot::new(52, "playToneDirection", Kind::U32),
    ]),
    PduDef::new(232, "LineCallStartMonitoringResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "callManagerID", Kind::U32),
        Slot::new(20, "callLegID", Kind::U32),
    ]),
    PduDef::new(233, "CallRecordingStartRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "tone", Kind::U32),
        Slot::new(24, "invocationType", Kind::U32),
    ]),
    PduDef::new(234, "CallRecordingStartResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(235, "CallStopRecordingRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "invocationType", Kind::U32),
    ]),
    PduDef::new(236, "CallStopRecordingResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(237, "CallMonitoringStartedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "monitorMode", Kind::U32),
        Slot::new(20, "activeToneDirection", Kind::U32),
    ]),
    PduDef::new(238, "CallMonitoringEndedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "monitorMode", Kind::U32),
        Slot::new(20, "cause", Kind::U32),
        Slot::new(24, "clearType", Kind::U32),
        Slot::new(28, "activeToneDirection", Kind::U32),
    ]),
    PduDef::new(239, "CallRecordingStartedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
    ]),
    PduDef::new(240, "CallRecordingEndedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "cause", Kind::U32),
        Slot::new(20, "clearType", Kind::U32),
    ]),
    PduDef::new(241, "CallAttributeInfoEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "callAttributeType", Kind::U32),
        Slot::new(20, "callID", Kind::U32),
        Slot::new(24, "number", Kind::Str),
        Slot::new(32, "partition", Kind::Str),
        Slot::new(40, "deviceName", Kind::Str),
        Slot::new(48, "existing", Kind::Bool),
        Slot::new(52, "transactionID", Kind::U32),
        Slot::new(56, "activeToneDirection", Kind::U32),
        Slot::new(60, "callRecordingType", Kind::U32),
        Slot::new(64, "forkingDeviceType", Kind::U32),
        Slot::new(68, "forkingDeviceName", Kind::Str),
        Slot::new(76, "protocolReferenceGUID", Kind::Str),
        Slot::new(84, "forkingClusterID", Kind::Str),
        Slot::new(92, "multiForkingRecorderInfo", Kind::Array(&MULTI_FORKING_RECORDER_INFO)),
    ]),
    PduDef::new(242, "DeviceDNDSetRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "dndStatus", Kind::Bool),
    ]),
    PduDef::new(243, "DeviceDNDSetResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
    PduDef::new(244, "DeviceDNDStatusChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "dndStatus", Kind::Bool),
    ]),
    PduDef::new(245, "CallSecurityStatusUpdateEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "overallCallSecurityStatus", Kind::U32),
    ]),
    PduDef::new(246, "DeviceDNDOptionChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "dndOption", Kind::U32),
    ]),
    PduDef::new(247, "DeviceGetDNDOptionRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
    ]),
    PduDef::new(248, "DeviceGetDNDOptionResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
        Slot::new(16, "dndOption", Kind::U32),
    ]),
    PduDef::new(249, "CallPresentEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "bPresentable", Kind::Bool),
    ]),
    PduDef::new(250, "ProviderDeviceConfigurationChangedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceConfigChange", Kind::Array(&DEVICE_CONFIG_CHANGE)),
    ]),
    PduDef::new(251, "CallFeatureCancelledEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "consultCallManagerID", Kind::U32),
        Slot::new(20, "consultCallID", Kind::U32),
    ]),
    PduDef::new(252, "CallConferenceDropPartyRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "dropPartyCallManagerID", Kind::U32),
        Slot::new(24, "dropPartyCallLegID", Kind::U32),
    ]),
    PduDef::new(253, "CallConferenceDropPartyResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(254, "LineParkStatusEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "globalCallManagerID", Kind::U32),
        Slot::new(12, "callID", Kind::U32),
        Slot::new(16, "transactionID", Kind::Str),
        Slot::new(24, "parkState", Kind::U32),
        Slot::new(28, "parkDN", Kind::Str),
        Slot::new(36, "parkDNPartition", Kind::Str),
        Slot::new(44, "parkedParty", Kind::Str),
        Slot::new(52, "parkedPartyPartition", Kind::Str),
        Slot::new(60, "isExisting", Kind::Bool),
    ]),
    PduDef::new(255, "LineHuntCallStatusEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "GlobalCallManagerID", Kind::U32),
        Slot::new(12, "GlobalCallID", Kind::U32),
        Slot::new(16, "huntCallDisposition", Kind::U32),
        Slot::new(20, "reRouteDn", Kind::Str),
        Slot::new(28, "reRoutePartition", Kind::Str),
    ]),
    PduDef::new(256, "ProviderDeviceLineAssociatedInfoEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "lineDn", Kind::Str),
        Slot::new(16, "lineDPartition", Kind::Str),
        Slot::new(24, "voiceMailPilot", Kind::Str),
    ]),
    PduDef::new(257, "LineCallPickupRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "pickupType", Kind::U32),
        Slot::new(16, "pickupGroupNumber", Kind::Str),
    ]),
    PduDef::new(258, "LineCallPickupResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "globalCallHandleCallManager", Kind::U32),
        Slot::new(20, "globalCallHandleCallID", Kind::U32),
    ]),
    PduDef::new(259, "ProviderPickupNotificationRegisterRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "pickupGroupNumber", Kind::Str),
        Slot::new(12, "pickupGroupPartition", Kind::Str),
    ]),
    PduDef::new(260, "ProviderPickupNotificationRegisterResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(261, "ProviderPickupNotificationUnregisterRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "pickupGroupNumber", Kind::Str),
        Slot::new(12, "pickupGroupPartition", Kind::Str),
    ]),
    PduDef::new(262, "ProviderPickupNotificationUnregisterResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(263, "ProviderPickupNotificationRegistrationClosedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "reason", Kind::U32),
        Slot::new(4, "pickupGroupNumber", Kind::Str),
        Slot::new(12, "pickupGroupPartition", Kind::Str),
    ]),
    PduDef::new(264, "ProviderCallPickupAlertEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "transactionID", Kind::U32),
        Slot::new(4, "pickupGroupNumber", Kind::Str),
        Slot::new(12, "pickupGroupPartition", Kind::Str),
        Slot::new(20, "globalCallManagerID", Kind::U32),
        Slot::new(24, "globalCallID", Kind::U32),
        Slot::new(28, "callingParty", Kind::Str),
        Slot::new(36, "unmodifiedCallingParty", Kind::Str),
        Slot::new(44, "callingPartyName", Kind::Str),
        Slot::new(52, "callingPartyUnicodeDisplayName", Kind::UStr),
        Slot::new(68, "callingPartyPi", Kind::Bool),
        Slot::new(72, "callingPartyNamePi", Kind::Bool),
        Slot::new(76, "callingPartyLocale", Kind::U32),
        Slot::new(80, "callingPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(92, "calledParty", Kind::Str),
        Slot::new(100, "unmodifiedCalledParty", Kind::Str),
        Slot::new(108, "calledPartyName", Kind::Str),
        Slot::new(116, "calledPartyUnicodeDisplayName", Kind::UStr),
        Slot::new(132, "calledPartyPi", Kind::Bool),
        Slot::new(136, "calledPartyNamePi", Kind::Bool),
        Slot::new(140, "calledPartyLocale", Kind::U32),
        Slot::new(144, "calledPartyDNInfo", Kind::Struct(&PARTY_D_N_INFO)),
        Slot::new(156, "farEndpointType", Kind::U32),
    ]),
    PduDef::new(265, "LineMonitorTerminatedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "transactionID", Kind::U32),
        Slot::new(12, "cause", Kind::U32),
        Slot::new(16, "monitorTargetDN", Kind::Str),
        Slot::new(24, "monitorTargetPartition", Kind::Str),
        Slot::new(32, "targetCallManagerID", Kind::U32),
        Slot::new(36, "targetCallLegID", Kind::U32),
        Slot::new(40, "monitorInitiatorDeviceName", Kind::Str),
    ]),
    PduDef::new(266, "CallOrphanStatusEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "callOrphanStatus", Kind::U32),
    ]),
    PduDef::new(267, "CallStartSendMediaToBIBRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "calledPartyNumber", Kind::Str),
        Slot::new(28, "streamDN", Kind::Str),
    ]),
    PduDef::new(268, "CallStartSendMediaToBIBResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(269, "CallStopSendMediaToBIBRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
    ]),
    PduDef::new(270, "CallStopSendMediaToBIBResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(271, "CallSendMediaToBIBStartedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
    ]),
    PduDef::new(272, "CallSendMediaToBIBEndedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "successful", Kind::Bool),
    ]),
    PduDef::new(273, "LineCallMonitorUpdateRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
        Slot::new(20, "monitorMode", Kind::U32),
        Slot::new(24, "toneDirection", Kind::U32),
    ]),
    PduDef::new(274, "LineCallMonitorUpdateResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(275, "CallMonitorUpdatedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "activeMonitorMode", Kind::U32),
        Slot::new(20, "activeToneDirection", Kind::U32),
    ]),
    PduDef::new(276, "DeviceOpenMediaPortForCallEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "mediaIPAddressingMode", Kind::U32),
    ]),
    PduDef::empty(277),
    PduDef::empty(278),
    PduDef::new(279, "DeviceLineInfoEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: proven in full, remoteDestinationsInfo included [O][T]", &[
        Slot::new(0, "requestId", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
        Slot::new(12, "deviceRegistrationStatus", Kind::U32),
        Slot::new(16, "controlModeBitMap", Kind::U32),
        Slot::new(20, "eventContent", Kind::U32),
        Slot::new(24, "eventStatusCode", Kind::U32),
        Slot::new(28, "deviceInfoStatic", Kind::Struct(&DEVICE_INFO_STATIC)),
        Slot::new(40, "deviceInfoDynamic", Kind::Struct(&DEVICE_INFO_DYNAMIC)),
        Slot::new(52, "deviceRegistrationInfo", Kind::Struct(&DEVICE_REGISTRATION_INFO)),
        Slot::new(64, "lineInfo", Kind::Array(&LINE_INFO)),
        Slot::new(80, "totalLines", Kind::U32),
        Slot::new(84, "moreLines", Kind::Bool),
        Slot::new(88, "remoteDestinationsInfo", Kind::Array(&REMOTE_DESTINATION_INFO)),
    ]),
    PduDef::new(280, "DeviceRegisteredEventWithLineInfo", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "controlModeBitMap", Kind::U32),
        Slot::new(12, "registerReason", Kind::U32),
        Slot::new(16, "eventContent", Kind::U32),
        Slot::new(20, "deviceInfoDynamic", Kind::Struct(&DEVICE_INFO_DYNAMIC)),
        Slot::new(32, "deviceRegistrationInfo", Kind::Struct(&DEVICE_REGISTRATION_INFO)),
        Slot::new(44, "lineInfo", Kind::Array(&LINE_INFO)),
        Slot::new(60, "totalLines", Kind::U32),
        Slot::new(64, "moreLines", Kind::Bool),
        Slot::new(68, "remoteDestinationsInfo", Kind::Array(&REMOTE_DESTINATION_INFO)),
        Slot::new(84, "protocol", Kind::U32),
    ]),
    PduDef::new(281, "CallStateChangedEvent_V2", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "state", Kind::U32),
        Slot::new(20, "cause", Kind::U32),
        Slot::new(24, "fwdDestinationAddress", Kind::Str),
        Slot::new(32, "fwdDestinationPartyDNInfo", Kind::Struct(&PARTY_DN_INFO_V2)),
        Slot::new(44, "reason", Kind::U32),
        Slot::new(48, "bRemoteInUse", Kind::Bool),
        Slot::new(52, "overallCallSecurityStatus", Kind::U32),
        Slot::new(56, "bIsConsultSetupByRollover", Kind::Bool),
        Slot::new(60, "bCallClearedByHuntList", Kind::Bool),
        Slot::new(64, "cgpnHuntMemberDN", Kind::Str),
        Slot::new(72, "cgpnHuntMemberPartition", Kind::Str),
        Slot::new(80, "cdpnHuntMemberDN", Kind::Str),
        Slot::new(88, "cdpnHuntMemberPartition", Kind::Str),
    ]),
    PduDef::new(282, "ProviderGetAllDevicesAndLinesRequest", Sender::Client, Confidence::ClientFrames, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
    ]),
    PduDef::new(283, "ProviderGetAllDevicesAndLinesResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(284, "ProviderGetAllDevicesAndLinesCompletedEvent", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "requestId", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(285, "ProviderGetSingleDeviceAndLinesRequest", Sender::Client, Confidence::ClientFrames, "ctiqbe-wire-2 §5: real client frames, value by value against its own dump [W][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "deviceName", Kind::Str),
    ]),
    PduDef::new(286, "ProviderGetSingleDeviceAndLinesResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(287, "ProviderGetSingleDeviceAndLinesCompletedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "requestId", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(288, "ProviderDeviceUpdateRemoteDestinationRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "ctiRemoteDeviceName", Kind::Str),
        Slot::new(12, "remoteDestinationNumber", Kind::Str),
        Slot::new(20, "remoteDestinationName", Kind::UStr),
        Slot::new(36, "newRemoteDestinationNumber", Kind::Str),
        Slot::new(44, "isActiveRD", Kind::Bool),
    ]),
    PduDef::new(289, "ProviderDeviceUpdateRemoteDestinationResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(290, "ProviderDeviceAddRemoteDestinationRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "ctiRemoteDeviceName", Kind::Str),
        Slot::new(12, "remoteDestinationNumber", Kind::Str),
        Slot::new(20, "remoteDestinationName", Kind::UStr),
        Slot::new(36, "isActiveRD", Kind::Bool),
    ]),
    PduDef::new(291, "ProviderDeviceAddRemoteDestinationResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(292, "ProviderDeviceRemoveRemoteDestinationRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "ctiRemoteDeviceName", Kind::Str),
        Slot::new(12, "remoteDestinationNumber", Kind::Str),
    ]),
    PduDef::new(293, "ProviderDeviceRemoveRemoteDestinationResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(294, "ProviderDeviceConfigurationChangedEvent_V2", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3: every field proven with marker values in both boolean polarities [O][T]", &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "deviceConfigInfo_V2", Kind::Struct(&DEVICE_CONFIG_INFO_V2)),
    ]),
    PduDef::new(295, "ProviderDeviceIPAddressChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "activeIPAddrMode", Kind::U32),
        Slot::new(12, "ipV4Addr", Kind::U32),
        Slot::new(16, "ipV6Addr", Kind::Bytes),
    ]),
    PduDef::new(296, "ProviderDeviceEMLoginStatusChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "EMStatus", Kind::U32),
    ]),
    PduDef::new(297, "LineCreatePersistentConnectionRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "globalCallManagerID", Kind::U32),
        Slot::new(16, "globalCallID", Kind::U32),
        Slot::new(20, "callingPartyDN", Kind::Str),
        Slot::new(28, "callingPartyName", Kind::Str),
    ]),
    PduDef::new(298, "LineCreatePersistentConnectionResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "callManagerID", Kind::U32),
        Slot::new(20, "callLegID", Kind::U32),
    ]),
    PduDef::new(299, "LineDisconnectPersistentConnectionRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "callLegCallManagerID", Kind::U32),
        Slot::new(16, "callLegID", Kind::U32),
    ]),
    PduDef::new(300, "LineDisconnectPersistentConnectionResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(301, "ProviderDeviceMultiMediaCapabilityChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceName", Kind::Str),
        Slot::new(8, "videoCapability", Kind::U32),
    ]),
    PduDef::new(302, "MultiMediaStreamsInfoEvent", Sender::Server, Confidence::Parser, "videoStreamsInfo element layout unknown", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "videoStreamsInfo", Kind::Array(&OPAQUE)),
    ]),
    PduDef::new(303, "LineStartAnnouncementRequest", Sender::Client, Confidence::ClientFrames, "ctiqbe-wire-2 §5: real client frames, value by value against its own dump [W][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "lineCallManagerID", Kind::U32),
        Slot::new(8, "lineID", Kind::U32),
        Slot::new(12, "globalCallManagerID", Kind::U32),
        Slot::new(16, "globalCallID", Kind::U32),
        Slot::new(20, "announcementID", Kind::Str),
    ]),
    PduDef::new(304, "LineStartAnnouncementResponse", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "lineCallManagerID", Kind::U32),
        Slot::new(12, "lineID", Kind::U32),
        Slot::new(16, "callCallManagerID", Kind::U32),
        Slot::new(20, "callLegID", Kind::U32),
    ]),
    PduDef::new(305, "CallStopAnnouncementRequest", Sender::Client, Confidence::NameOnly, "", &[]),
    PduDef::new(306, "CallStopAnnouncementResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
    ]),
    PduDef::new(307, "CallAnnouncementStartedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "announcementID", Kind::Str),
    ]),
    PduDef::new(308, "CallAnnouncementEndedEvent", Sender::Server, Confidence::Oracle, "ctiqbe-wire-2 §3 (supporting messages): re-verified with marker values [O][T]", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "success", Kind::Bool),
        Slot::new(20, "errorCode", Kind::U32),
    ]),
    PduDef::new(309, "CallAnnouncementErrorEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "errorCode", Kind::U32),
    ]),
    PduDef::new(310, "ProviderInitRequest", Sender::Client, Confidence::ClientFrames, "trace spells qbeClientVerion", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "provider", Kind::Str),
        Slot::new(12, "qbeClientVerion", Kind::Str),
        Slot::new(20, "applicationID", Kind::Str),
        Slot::new(28, "pluginName", Kind::Str),
    ]),
    PduDef::new(311, "ProviderInitResponse", Sender::Server, Confidence::Oracle, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "providerInfo", Kind::Str),
        Slot::new(16, "pluginVersion", Kind::Str),
        Slot::new(24, "pluginLocation", Kind::Str),
        Slot::new(32, "providerID", Kind::U32),
        Slot::new(36, "nonce", Kind::Str),
        Slot::new(44, "certificate", Kind::Bytes),
    ]),
    PduDef::new(312, "CallRecordingFailedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "lineCallManagerID", Kind::U32),
        Slot::new(4, "lineID", Kind::U32),
        Slot::new(8, "callCallManagerID", Kind::U32),
        Slot::new(12, "callLegID", Kind::U32),
        Slot::new(16, "cause", Kind::U32),
    ]),
    PduDef::new(313, "DeviceHuntLogStatusChangedEvent", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "deviceCallManagerID", Kind::U32),
        Slot::new(4, "deviceID", Kind::U32),
        Slot::new(8, "huntLogStatus", Kind::U32),
    ]),
    PduDef::new(314, "DeviceUpdateHuntLogStatusRequest", Sender::Client, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "callManagerID", Kind::U32),
        Slot::new(8, "deviceID", Kind::U32),
        Slot::new(12, "huntLogStatus", Kind::U32),
    ]),
    PduDef::new(315, "DeviceUpdateHuntLogStatusResponse", Sender::Server, Confidence::Parser, "", &[
        Slot::new(0, "sequenceNumber", Kind::U32),
        Slot::new(4, "result", Kind::U32),
        Slot::new(8, "callManagerID", Kind::U32),
        Slot::new(12, "deviceID", Kind::U32),
    ]),
];

/// Named constants for every PDU of the table (§7.1).
impl PduId {
    pub const FAILURE_RESPONSE: PduId = PduId(0);
    pub const PROVIDER_OPEN_REQUEST: PduId = PduId(3);
    pub const PROVIDER_OPEN_RESPONSE: PduId = PduId(4);
    pub const PROVIDER_CHANGE_EVENT_FILTER_REQUEST: PduId = PduId(5);
    pub const PROVIDER_CHANGE_EVENT_FILTER_RESPONSE: PduId = PduId(6);
    pub const PROVIDER_CLOSE_REQUEST: PduId = PduId(9);
    pub const PROVIDER_CLOSE_RESPONSE: PduId = PduId(10);
    pub const PROVIDER_ALLOCATE_GLOBAL_CALL_HANDLE_REQUEST: PduId = PduId(11);
    pub const PROVIDER_ALLOCATE_GLOBAL_CALL_HANDLE_RESPONSE: PduId = PduId(12);
    pub const PROVIDER_GET_DEVICE_INFO_REQUEST: PduId = PduId(13);
    pub const PROVIDER_GET_DEVICE_INFO_RESPONSE: PduId = PduId(14);
    pub const DEVICE_REGISTERED_EVENT: PduId = PduId(15);
    pub const DEVICE_OPEN_REQUEST: PduId = PduId(16);
    pub const DEVICE_OPEN_RESPONSE: PduId = PduId(17);
    pub const DEVICE_REGISTER_DEVICE_REQUEST: PduId = PduId(18);
    pub const DEVICE_REGISTER_DEVICE_RESPONSE: PduId = PduId(19);
    pub const DEVICE_CHANGE_EVENT_FILTER_REQUEST: PduId = PduId(20);
    pub const DEVICE_CHANGE_EVENT_FILTER_RESPONSE: PduId = PduId(21);
    pub const DEVICE_CLOSE_REQUEST: PduId = PduId(22);
    pub const DEVICE_CLOSE_RESPONSE: PduId = PduId(23);
    pub const DEVICE_GET_LINE_INFO_REQUEST: PduId = PduId(24);
    pub const DEVICE_GET_LINE_INFO_RESPONSE: PduId = PduId(25);
    pub const DEVICE_DISPLAY_STRING_REQUEST: PduId = PduId(26);
    pub const DEVICE_DISPLAY_STRING_RESPONSE: PduId = PduId(27);
    pub const DEVICE_SET_LAMP_MODE_REQUEST: PduId = PduId(28);
    pub const DEVICE_SET_LAMP_MODE_RESPONSE: PduId = PduId(29);
    pub const DEVICE_CLOSED_EVENT: PduId = PduId(30);
    pub const DEVICE_MODE_CHANGED_EVENT: PduId = PduId(31);
    pub const DISPLAY_CHANGED_EVENT: PduId = PduId(32);
    pub const FEATURE_BUTTON_PRESSED_EVENT: PduId = PduId(33);
    pub const KEY_PRESSED_EVENT: PduId = PduId(34);
    pub const LAMP_MODE_CHANGED_EVENT: PduId = PduId(35);
    pub const RING_MODE_CHANGED_EVENT: PduId = PduId(36);
    pub const LINE_OPEN_REQUEST: PduId = PduId(37);
    pub const LINE_OPEN_RESPONSE: PduId = PduId(38);
    pub const LINE_CHANGE_EVENT_FILTER_REQUEST: PduId = PduId(39);
    pub const LINE_CHANGE_EVENT_FILTER_RESPONSE: PduId = PduId(40);
    pub const LINE_CLOSE_REQUEST: PduId = PduId(41);
    pub const LINE_CLOSE_RESPONSE: PduId = PduId(42);
    pub const LINE_CALL_INITIATE_REQUEST: PduId = PduId(43);
    pub const LINE_CALL_INITIATE_RESPONSE: PduId = PduId(44);
    pub const LINE_GET_INFO_REQUEST: PduId = PduId(45);
    pub const LINE_GET_INFO_RESPONSE: PduId = PduId(46);
    pub const LINE_CLOSED_EVENT: PduId = PduId(47);
    pub const NEW_CALL_EVENT: PduId = PduId(48);
    pub const EXISTING_CALL_EVENT: PduId = PduId(49);
    pub const CALL_ACCEPT_REQUEST: PduId = PduId(50);
    pub const CALL_ACCEPT_RESPONSE: PduId = PduId(51);
    pub const CALL_ANSWER_REQUEST: PduId = PduId(52);
    pub const CALL_ANSWER_RESPONSE: PduId = PduId(53);
    pub const CALL_BLIND_CONFERENCE_REQUEST: PduId = PduId(54);
    pub const CALL_BLIND_CONFERENCE_RESPONSE: PduId = PduId(55);
    pub const CALL_BLIND_TRANSFER_REQUEST: PduId = PduId(56);
    pub const CALL_BLIND_TRANSFER_RESPONSE: PduId = PduId(57);
    pub const CALL_CLOSE_REQUEST: PduId = PduId(58);
    pub const CALL_CLOSE_RESPONSE: PduId = PduId(59);
    pub const CALL_COMPLETE_CONFERENCE_REQUEST: PduId = PduId(60);
    pub const CALL_COMPLETE_CONFERENCE_RESPONSE: PduId = PduId(61);
    pub const CALL_COMPLETE_TRANSFER_REQUEST: PduId = PduId(62);
    pub const CALL_COMPLETE_TRANSFER_RESPONSE: PduId = PduId(63);
    pub const CALL_DIAL_REQUEST: PduId = PduId(64);
    pub const CALL_DIAL_RESPONSE: PduId = PduId(65);
    pub const CALL_DISCONNECT_REQUEST: PduId = PduId(66);
    pub const CALL_DISCONNECT_RESPONSE: PduId = PduId(67);
    pub const CALL_PLAY_DTMF_REQUEST: PduId = PduId(68);
    pub const CALL_PLAY_DTMF_RESPONSE: PduId = PduId(69);
    pub const CALL_PLAY_TONE_REQUEST: PduId = PduId(70);
    pub const CALL_PLAY_TONE_RESPONSE: PduId = PduId(71);
    pub const CALL_GET_INFO_REQUEST: PduId = PduId(72);
    pub const CALL_GET_INFO_RESPONSE: PduId = PduId(73);
    pub const CALL_HOLD_REQUEST: PduId = PduId(74);
    pub const CALL_HOLD_RESPONSE: PduId = PduId(75);
    pub const CALL_REDIRECT_REQUEST: PduId = PduId(76);
    pub const CALL_REDIRECT_RESPONSE: PduId = PduId(77);
    pub const CALL_RETRIEVE_REQUEST: PduId = PduId(78);
    pub const CALL_RETRIEVE_RESPONSE: PduId = PduId(79);
    pub const CALL_SETUP_CONFERENCE_REQUEST: PduId = PduId(80);
    pub const CALL_SETUP_CONFERENCE_RESPONSE: PduId = PduId(81);
    pub const CALL_SETUP_TRANSFER_REQUEST: PduId = PduId(82);
    pub const CALL_SETUP_TRANSFER_RESPONSE: PduId = PduId(83);
    pub const CALL_CLOSED_EVENT: PduId = PduId(84);
    pub const DTMF_EVENT: PduId = PduId(86);
    pub const RING_EVENT: PduId = PduId(87);
    pub const GLOBAL_CALL_HANDLE_CHANGED_EVENT: PduId = PduId(88);
    pub const TONE_CHANGED_EVENT: PduId = PduId(89);
    pub const START_RECEPTION_EVENT: PduId = PduId(90);
    pub const START_TRANSMISSION_EVENT: PduId = PduId(91);
    pub const STOP_RECEPTION_EVENT: PduId = PduId(92);
    pub const STOP_TRANSMISSION_EVENT: PduId = PduId(93);
    pub const GET_DEVICE_INFO_FETCH_REQUEST: PduId = PduId(94);
    pub const GET_DEVICE_INFO_FETCH_RESPONSE: PduId = PduId(95);
    pub const GET_DEVICE_INFO_CLOSE_REQUEST: PduId = PduId(96);
    pub const GET_DEVICE_INFO_CLOSE_RESPONSE: PduId = PduId(97);
    pub const GET_LINE_INFO_FETCH_REQUEST: PduId = PduId(98);
    pub const GET_LINE_INFO_FETCH_RESPONSE: PduId = PduId(99);
    pub const GET_LINE_INFO_CLOSE_REQUEST: PduId = PduId(100);
    pub const GET_LINE_INFO_CLOSE_RESPONSE: PduId = PduId(101);
    pub const LINE_SET_MESSAGE_WAITING_REQUEST: PduId = PduId(102);
    pub const LINE_SET_MESSAGE_WAITING_RESPONSE: PduId = PduId(103);
    pub const CALL_PLAY_DTMF_COMPLETE_EVENT: PduId = PduId(106);
    pub const CALL_CONFERENCE_STATE_CHANGED_EVENT: PduId = PduId(107);
    pub const CALL_PARTY_INFO_CHANGED_EVENT: PduId = PduId(108);
    pub const DEVICE_OUT_OF_SERVICE_EVENT: PduId = PduId(111);
    pub const DEVICE_IN_SERVICE_EVENT: PduId = PduId(112);
    pub const LINE_OUT_OF_SERVICE_EVENT: PduId = PduId(113);
    pub const LINE_IN_SERVICE_EVENT: PduId = PduId(114);
    pub const PROVIDER_USER_CHANGED_EVENT: PduId = PduId(115);
    pub const HEARTBEAT: PduId = PduId(120);
    pub const LINE_SET_FORWARD_REQUEST: PduId = PduId(121);
    pub const LINE_SET_FORWARD_RESPONSE: PduId = PduId(122);
    pub const LINE_FORWARD_EVENT: PduId = PduId(123);
    pub const LINE_GET_FORWARD_INFO_REQUEST: PduId = PduId(124);
    pub const LINE_GET_FORWARD_INFO_RESPONSE: PduId = PduId(125);
    pub const PROVIDER_OPEN_COMPLETED_EVENT: PduId = PduId(126);
    pub const PROVIDER_GET_CAPABILITIES_REQUEST: PduId = PduId(127);
    pub const PROVIDER_GET_CAPABILITIES_RESPONSE: PduId = PduId(128);
    pub const DEVICE_UNREGISTERED_EVENT: PduId = PduId(129);
    pub const GET_SINGLE_DEVICE_INFO_REQUEST: PduId = PduId(130);
    pub const GET_SINGLE_DEVICE_INFO_RESPONSE: PduId = PduId(131);
    pub const DEVICE_SOFT_KEY_PRESSED_EVENT: PduId = PduId(132);
    pub const PROVIDER_FEATURE_ACTIVATED_EVENT: PduId = PduId(133);
    pub const DEVICE_DATA_PASS_THROUGH_REQUEST: PduId = PduId(134);
    pub const DEVICE_DATA_PASS_THROUGH_RESPONSE: PduId = PduId(135);
    pub const DEVICE_DATA_PASS_THROUGH_EVENT: PduId = PduId(136);
    pub const LINE_SET_RINGER_STATUS_REQUEST: PduId = PduId(137);
    pub const LINE_SET_RINGER_STATUS_RESPONSE: PduId = PduId(138);
    pub const CALL_PARK_REQUEST: PduId = PduId(141);
    pub const CALL_PARK_RESPONSE: PduId = PduId(142);
    pub const LINE_CALL_UN_PARK_REQUEST: PduId = PduId(143);
    pub const LINE_CALL_UN_PARK_RESPONSE: PduId = PduId(144);
    pub const PROVIDER_GET_MONITOR_DN_INFO_REQUEST: PduId = PduId(145);
    pub const PROVIDER_GET_MONITOR_DN_INFO_RESPONSE: PduId = PduId(146);
    pub const GET_MONITOR_DN_FETCH_REQUEST: PduId = PduId(147);
    pub const GET_MONITOR_DN_FETCH_RESPONSE: PduId = PduId(148);
    pub const GET_MONITOR_DN_CLOSE_REQUEST: PduId = PduId(149);
    pub const GET_MONITOR_DN_CLOSE_RESPONSE: PduId = PduId(150);
    pub const PROVIDER_CALL_PARK_DN_CHANGED_EVENT: PduId = PduId(151);
    pub const PROVIDER_REGISTER_FEATURE_ACTIVATION_REQUEST: PduId = PduId(152);
    pub const PROVIDER_REGISTER_FEATURE_ACTIVATION_RESPONSE: PduId = PduId(153);
    pub const PROVIDER_FEATURE_ACTIVATION_UN_REGISTERED_EVENT: PduId = PduId(154);
    pub const PROVIDER_CLOSED_EVENT: PduId = PduId(155);
    pub const DEVICE_CHANGE_RTP_DEFAULT_REQUEST: PduId = PduId(157);
    pub const DEVICE_CHANGE_RTP_DEFAULT_RESPONSE: PduId = PduId(158);
    pub const DEVICE_CALL_OPEN_LOGICAL_CHANNEL_EVENT: PduId = PduId(163);
    pub const DEVICE_SET_RTP_FOR_CALL_REQUEST: PduId = PduId(164);
    pub const DEVICE_SET_RTP_FOR_CALL_RESPONSE: PduId = PduId(165);
    pub const LINE_TRANSFER_STARTED_EVENT: PduId = PduId(166);
    pub const LINE_TRANSFER_ENDED_EVENT: PduId = PduId(167);
    pub const LINE_CONFERENCE_STARTED_EVENT: PduId = PduId(169);
    pub const LINE_CONFERENCE_ENDED_EVENT: PduId = PduId(170);
    pub const CALL_DIRECT_TRANSFER_REQUEST: PduId = PduId(172);
    pub const CALL_DIRECT_TRANSFER_RESPONSE: PduId = PduId(173);
    pub const CALL_JOIN_REQUEST: PduId = PduId(174);
    pub const CALL_JOIN_RESPONSE: PduId = PduId(175);
    pub const LINE_BARGE_STARTED_EVENT: PduId = PduId(176);
    pub const LINE_BARGE_ENDED_EVENT: PduId = PduId(177);
    pub const CALL_PRIVACY_CHANGED_EVENT: PduId = PduId(178);
    pub const DEVICE_ALLOCATE_MEDIA_RESOURCE_REQUEST: PduId = PduId(180);
    pub const DEVICE_ALLOCATE_MEDIA_RESOURCE_RESPONSE: PduId = PduId(181);
    pub const DEVICE_MEDIA_RESOURCE_ALLOCATED_EVENT: PduId = PduId(182);
    pub const DEVICE_DEALLOCATE_MEDIA_RESOURCE_REQUEST: PduId = PduId(183);
    pub const DEVICE_DEALLOCATE_MEDIA_RESOURCE_RESPONSE: PduId = PduId(184);
    pub const DEVICE_MEDIA_RESOURCE_DEALLOCATED_EVENT: PduId = PduId(185);
    pub const DEVICE_UPDATE_MEDIA_RESOURCE_REQUEST: PduId = PduId(186);
    pub const DEVICE_UPDATE_MEDIA_RESOURCE_RESPONSE: PduId = PduId(187);
    pub const DEVICE_MEDIA_RESOURCE_UPDATED_EVENT: PduId = PduId(188);
    pub const DEVICE_REMOVE_MEDIA_CONNECTION_REQUEST: PduId = PduId(189);
    pub const DEVICE_REMOVE_MEDIA_CONNECTION_RESPONSE: PduId = PduId(190);
    pub const DEVICE_MEDIA_CONNECTION_ADDED_EVENT: PduId = PduId(191);
    pub const DEVICE_MEDIA_CONNECTION_REMOVED_EVENT: PduId = PduId(192);
    pub const DEVICE_EXISTING_MEDIA_RESOURCE_EVENT: PduId = PduId(193);
    pub const DEVICE_GET_CONFIG_INFO_REQUEST: PduId = PduId(194);
    pub const DEVICE_GET_CONFIG_INFO_RESPONSE: PduId = PduId(195);
    pub const LINE_C_BARGE_STARTED_EVENT: PduId = PduId(196);
    pub const LINE_C_BARGE_ENDED_EVENT: PduId = PduId(197);
    pub const DEVICE_EXISTING_MEDIA_RESOURCE_REQUEST: PduId = PduId(198);
    pub const DEVICE_EXISTING_MEDIA_RESOURCE_RESPONSE: PduId = PduId(199);
    pub const CALL_SELECT_CHANGED_EVENT: PduId = PduId(200);
    pub const LINE_AUTO_ACCEPT_CHANGE_REQUEST: PduId = PduId(201);
    pub const LINE_AUTO_ACCEPT_CHANGE_RESPONSE: PduId = PduId(202);
    pub const LINE_AUTO_ACCEPT_STATUS_EVENT: PduId = PduId(203);
    pub const EXISTING_CALL_COMPLETED_EVENT: PduId = PduId(204);
    pub const DEVICE_EXISTING_MEDIA_RESOURCES_COMPLETED_EVENT: PduId = PduId(205);
    pub const DEVICE_STATE_IDLE_EVENT: PduId = PduId(206);
    pub const DEVICE_STATE_HELD_EVENT: PduId = PduId(207);
    pub const DEVICE_STATE_ALERTING_EVENT: PduId = PduId(208);
    pub const DEVICE_STATE_ACTIVE_EVENT: PduId = PduId(209);
    pub const DEVICE_GET_DEVICE_STATE_REQUEST: PduId = PduId(210);
    pub const DEVICE_GET_DEVICE_STATE_RESPONSE: PduId = PduId(211);
    pub const PROVIDER_DEVICE_ACQUIRE_REQUEST: PduId = PduId(212);
    pub const PROVIDER_DEVICE_ACQUIRE_RESPONSE: PduId = PduId(213);
    pub const PROVIDER_DEVICE_DE_ACQUIRE_REQUEST: PduId = PduId(214);
    pub const PROVIDER_DEVICE_DE_ACQUIRE_RESPONSE: PduId = PduId(215);
    pub const PROVIDER_DEVICE_DE_ACQUIRED_EVENT: PduId = PduId(216);
    pub const DEVICE_GET_SNAP_SHOT_REQUEST: PduId = PduId(217);
    pub const DEVICE_GET_SNAP_SHOT_RESPONSE: PduId = PduId(218);
    pub const DEVICE_SNAPSHOT_EVENT: PduId = PduId(219);
    pub const DEVICE_SNAPSHOT_COMPLETED_EVENT: PduId = PduId(220);
    pub const RECEPTION_KEY_EVENT: PduId = PduId(221);
    pub const TRANSMISSION_KEY_EVENT: PduId = PduId(222);
    pub const CALL_HOLD_REVERSION_EVENT: PduId = PduId(223);
    pub const LINE_INTERCOM_SPEED_DIAL_INFO_CHANGE_REQUEST: PduId = PduId(224);
    pub const LINE_INTERCOM_SPEED_DIAL_INFO_CHANGE_RESPONSE: PduId = PduId(225);
    pub const LINE_INTERCOM_SPEED_DIAL_INFO_CHANGED_EV: PduId = PduId(226);
    pub const LINE_INTERCOM_SPEED_DIAL_INFO_RESTORATION_FAILED_EV: PduId = PduId(227);
    pub const CALL_INTERCOM_TALKBACK_REQUEST: PduId = PduId(228);
    pub const CALL_INTERCOM_TALKBACK_RESPONSE: PduId = PduId(229);
    pub const DEVICE_STATE_WHISPER_EVENT: PduId = PduId(230);
    pub const LINE_CALL_START_MONITORING_REQUEST: PduId = PduId(231);
    pub const LINE_CALL_START_MONITORING_RESPONSE: PduId = PduId(232);
    pub const CALL_RECORDING_START_REQUEST: PduId = PduId(233);
    pub const CALL_RECORDING_START_RESPONSE: PduId = PduId(234);
    pub const CALL_STOP_RECORDING_REQUEST: PduId = PduId(235);
    pub const CALL_STOP_RECORDING_RESPONSE: PduId = PduId(236);
    pub const CALL_MONITORING_STARTED_EVENT: PduId = PduId(237);
    pub const CALL_MONITORING_ENDED_EVENT: PduId = PduId(238);
    pub const CALL_RECORDING_STARTED_EVENT: PduId = PduId(239);
    pub const CALL_RECORDING_ENDED_EVENT: PduId = PduId(240);
    pub const CALL_ATTRIBUTE_INFO_EVENT: PduId = PduId(241);
    pub const DEVICE_DND_SET_REQUEST: PduId = PduId(242);
    pub const DEVICE_DND_SET_RESPONSE: PduId = PduId(243);
    pub const DEVICE_DND_STATUS_CHANGED_EVENT: PduId = PduId(244);
    pub const CALL_SECURITY_STATUS_UPDATE_EVENT: PduId = PduId(245);
    pub const DEVICE_DND_OPTION_CHANGED_EVENT: PduId = PduId(246);
    pub const DEVICE_GET_DND_OPTION_REQUEST: PduId = PduId(247);
    pub const DEVICE_GET_DND_OPTION_RESPONSE: PduId = PduId(248);
    pub const CALL_PRESENT_EVENT: PduId = PduId(249);
    pub const PROVIDER_DEVICE_CONFIGURATION_CHANGED_EVENT: PduId = PduId(250);
    pub const CALL_FEATURE_CANCELLED_EVENT: PduId = PduId(251);
    pub const CALL_CONFERENCE_DROP_PARTY_REQUEST: PduId = PduId(252);
    pub const CALL_CONFERENCE_DROP_PARTY_RESPONSE: PduId = PduId(253);
    pub const LINE_PARK_STATUS_EVENT: PduId = PduId(254);
    pub const LINE_HUNT_CALL_STATUS_EVENT: PduId = PduId(255);
    pub const PROVIDER_DEVICE_LINE_ASSOCIATED_INFO_EVENT: PduId = PduId(256);
    pub const LINE_CALL_PICKUP_REQUEST: PduId = PduId(257);
    pub const LINE_CALL_PICKUP_RESPONSE: PduId = PduId(258);
    pub const PROVIDER_PICKUP_NOTIFICATION_REGISTER_REQUEST: PduId = PduId(259);
    pub const PROVIDER_PICKUP_NOTIFICATION_REGISTER_RESPONSE: PduId = PduId(260);
    pub const PROVIDER_PICKUP_NOTIFICATION_UNREGISTER_REQUEST: PduId = PduId(261);
    pub const PROVIDER_PICKUP_NOTIFICATION_UNREGISTER_RESPONSE: PduId = PduId(262);
    pub const PROVIDER_PICKUP_NOTIFICATION_REGISTRATION_CLOSED_EVENT: PduId = PduId(263);
    pub const PROVIDER_CALL_PICKUP_ALERT_EVENT: PduId = PduId(264);
    pub const LINE_MONITOR_TERMINATED_EVENT: PduId = PduId(265);
    pub const CALL_ORPHAN_STATUS_EVENT: PduId = PduId(266);
    pub const CALL_START_SEND_MEDIA_TO_BIB_REQUEST: PduId = PduId(267);
    pub const CALL_START_SEND_MEDIA_TO_BIB_RESPONSE: PduId = PduId(268);
    pub const CALL_STOP_SEND_MEDIA_TO_BIB_REQUEST: PduId = PduId(269);
    pub const CALL_STOP_SEND_MEDIA_TO_BIB_RESPONSE: PduId = PduId(270);
    pub const CALL_SEND_MEDIA_TO_BIB_STARTED_EVENT: PduId = PduId(271);
    pub const CALL_SEND_MEDIA_TO_BIB_ENDED_EVENT: PduId = PduId(272);
    pub const LINE_CALL_MONITOR_UPDATE_REQUEST: PduId = PduId(273);
    pub const LINE_CALL_MONITOR_UPDATE_RESPONSE: PduId = PduId(274);
    pub const CALL_MONITOR_UPDATED_EVENT: PduId = PduId(275);
    pub const DEVICE_OPEN_MEDIA_PORT_FOR_CALL_EVENT: PduId = PduId(276);
    pub const DEVICE_LINE_INFO_EVENT: PduId = PduId(279);
    pub const DEVICE_REGISTERED_EVENT_WITH_LINE_INFO: PduId = PduId(280);
    pub const CALL_STATE_CHANGED_EVENT_V2: PduId = PduId(281);
    pub const PROVIDER_GET_ALL_DEVICES_AND_LINES_REQUEST: PduId = PduId(282);
    pub const PROVIDER_GET_ALL_DEVICES_AND_LINES_RESPONSE: PduId = PduId(283);
    pub const PROVIDER_GET_ALL_DEVICES_AND_LINES_COMPLETED_EVENT: PduId = PduId(284);
    pub const PROVIDER_GET_SINGLE_DEVICE_AND_LINES_REQUEST: PduId = PduId(285);
    pub const PROVIDER_GET_SINGLE_DEVICE_AND_LINES_RESPONSE: PduId = PduId(286);
    pub const PROVIDER_GET_SINGLE_DEVICE_AND_LINES_COMPLETED_EVENT: PduId = PduId(287);
    pub const PROVIDER_DEVICE_UPDATE_REMOTE_DESTINATION_REQUEST: PduId = PduId(288);
    pub const PROVIDER_DEVICE_UPDATE_REMOTE_DESTINATION_RESPONSE: PduId = PduId(289);
    pub const PROVIDER_DEVICE_ADD_REMOTE_DESTINATION_REQUEST: PduId = PduId(290);
    pub const PROVIDER_DEVICE_ADD_REMOTE_DESTINATION_RESPONSE: PduId = PduId(291);
    pub const PROVIDER_DEVICE_REMOVE_REMOTE_DESTINATION_REQUEST: PduId = PduId(292);
    pub const PROVIDER_DEVICE_REMOVE_REMOTE_DESTINATION_RESPONSE: PduId = PduId(293);
    pub const PROVIDER_DEVICE_CONFIGURATION_CHANGED_EVENT_V2: PduId = PduId(294);
    pub const PROVIDER_DEVICE_IP_ADDRESS_CHANGED_EVENT: PduId = PduId(295);
    pub const PROVIDER_DEVICE_EM_LOGIN_STATUS_CHANGED_EVENT: PduId = PduId(296);
    pub const LINE_CREATE_PERSISTENT_CONNECTION_REQUEST: PduId = PduId(297);
    pub const LINE_CREATE_PERSISTENT_CONNECTION_RESPONSE: PduId = PduId(298);
    pub const LINE_DISCONNECT_PERSISTENT_CONNECTION_REQUEST: PduId = PduId(299);
    pub const LINE_DISCONNECT_PERSISTENT_CONNECTION_RESPONSE: PduId = PduId(300);
    pub const PROVIDER_DEVICE_MULTI_MEDIA_CAPABILITY_CHANGED_EVENT: PduId = PduId(301);
    pub const MULTI_MEDIA_STREAMS_INFO_EVENT: PduId = PduId(302);
    pub const LINE_START_ANNOUNCEMENT_REQUEST: PduId = PduId(303);
    pub const LINE_START_ANNOUNCEMENT_RESPONSE: PduId = PduId(304);
    pub const CALL_STOP_ANNOUNCEMENT_REQUEST: PduId = PduId(305);
    pub const CALL_STOP_ANNOUNCEMENT_RESPONSE: PduId = PduId(306);
    pub const CALL_ANNOUNCEMENT_STARTED_EVENT: PduId = PduId(307);
    pub const CALL_ANNOUNCEMENT_ENDED_EVENT: PduId = PduId(308);
    pub const CALL_ANNOUNCEMENT_ERROR_EVENT: PduId = PduId(309);
    pub const PROVIDER_INIT_REQUEST: PduId = PduId(310);
    pub const PROVIDER_INIT_RESPONSE: PduId = PduId(311);
    pub const CALL_RECORDING_FAILED_EVENT: PduId = PduId(312);
    pub const DEVICE_HUNT_LOG_STATUS_CHANGED_EVENT: PduId = PduId(313);
    pub const DEVICE_UPDATE_HUNT_LOG_STATUS_REQUEST: PduId = PduId(314);
    pub const DEVICE_UPDATE_HUNT_LOG_STATUS_RESPONSE: PduId = PduId(315);
}

/// Whether a message of `pdu` can carry a tagged (sensitive) field: some slot of its layout, or
/// of a structure inside it, has a [`tag_for`] tag. Generic `slot_N` fields never do. Lets the
/// findings skip decoding messages that cannot expose anything (heartbeats, most events).
pub fn may_carry_tags(pdu: u32) -> bool {
    fn walk(struct_name: &str, slots: &[Slot], depth: u32) -> bool {
        depth < 8
            && slots.iter().any(|s| {
                tag_for(struct_name, s.name).is_some()
                    || match s.kind {
                        Kind::Struct(st) | Kind::Array(st) | Kind::Inline(st) => {
                            walk(st.name, st.fields, depth.saturating_add(1))
                                || walk(struct_name, st.fields, depth.saturating_add(1))
                        }
                        _ => false,
                    }
            })
    }
    static TABLE: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..PDU_COUNT)
            .map(|p| PduId(p).def().is_some_and(|d| walk("", d.slots, 0)))
            .collect()
    });
    usize::try_from(pdu)
        .ok()
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or(false)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn check_slots(owner: &str, slots: &[Slot]) {
        let mut names = HashSet::new();
        let mut end = 0;
        for s in slots {
            assert!(names.insert(s.name), "{owner}: duplicate field {}", s.name);
            assert!(
                s.offset >= end,
                "{owner}: {} at {} overlaps the previous field",
                s.name,
                s.offset
            );
            assert_eq!(s.offset % 4, 0, "{owner}: {} not slot-aligned", s.name);
            end = s.end();
            if let Kind::Struct(st) | Kind::Array(st) | Kind::Inline(st) = s.kind {
                check_slots(st.name, st.fields);
                if st.size > 0 {
                    let last = st.fields.last().map(|f| f.end()).unwrap_or(0);
                    assert_eq!(last, st.size, "{}: fields do not fill its size", st.name);
                }
            }
        }
    }

    #[test]
    fn table_is_consistent() {
        let mut by_confidence = std::collections::BTreeMap::new();
        let mut names = HashSet::new();
        for (i, def) in PDUS.iter().enumerate() {
            assert_eq!(def.id as usize, i);
            *by_confidence.entry(def.confidence).or_insert(0) += 1;
            match def.name {
                Some(n) => assert!(names.insert(n), "duplicate name {n}"),
                None => assert_eq!(def.confidence, Confidence::EmptySlot),
            }
            check_slots(def.name.unwrap_or("?"), def.slots);
        }
        assert_eq!(names.len(), 291);
        let counts: Vec<(Confidence, i32)> = by_confidence.into_iter().collect();
        assert_eq!(
            counts,
            vec![
                (Confidence::ClientFrames, 32),
                (Confidence::Oracle, 71),
                (Confidence::Parser, 187),
                (Confidence::NameOnly, 1),
                (Confidence::EmptySlot, 25),
            ]
        );
    }

    #[test]
    fn known_ids_and_classes() {
        // Public cross-checks (§7): 37 LineOpenRequest, 126 ProviderOpenCompletedEvent.
        assert_eq!(PduId(37).name(), Some("LineOpenRequest"));
        assert_eq!(PduId::PROVIDER_OPEN_COMPLETED_EVENT, PduId(126));
        assert_eq!(PduId(310).name(), Some("ProviderInitRequest"));
        assert_eq!(PduId(120).def().unwrap().class(), MsgClass::Heartbeat);
        assert_eq!(PduId(0).def().unwrap().class(), MsgClass::Response);
        assert_eq!(PduId(226).def().unwrap().class(), MsgClass::Event);
        assert_eq!(PduId(172).def().unwrap().class(), MsgClass::Request);
        assert_eq!(PduId(104).name(), None);
        assert!(PduId(316).def().is_none());
        assert!(PDUS
            .iter()
            .filter_map(|d| d.name)
            .all(|n| MsgClass::of(n) != MsgClass::Unknown));
    }

    #[test]
    fn tags() {
        assert_eq!(tag_for("", "login"), Some(Tag::Login));
        assert_eq!(tag_for("LineInfo", "name"), Some(Tag::DirectoryNumber));
        assert_eq!(tag_for("", "consultLinePartition"), Some(Tag::Partition));
        assert_eq!(tag_for("", "encryptedPassword"), Some(Tag::PasswordBlob));
        assert_eq!(tag_for("", "name"), None);
    }
}
