//! The Skinny message table and the field layouts, as data.
//!
//! Names are Wireshark's (`skinny.messageId` of Wireshark 4.0, [`super::values`]); layouts
//! follow Wireshark's `packet-skinny.c` field order and sizes, checked field by field against
//! `tshark -T pdml` on the corpus captures (the offsets quoted in the tests). Field names are
//! Wireshark's field names (`callingPartyName`, `lineInstance`, `reserved_for_future_use`).
//!
//! Skinny grew by appending fields: an older phone sends a shorter message of the same id,
//! so a layout is read in order and fields past the end of the message are simply absent
//! (not an error; Wireshark calls such a message malformed). Two things depend on the header
//! version, as in Wireshark:
//! * [`Kind::Ip`]: from V17 (0x11) on, an address is a u32 type (`ipv4or6`: 0 v4, 1 v6) and
//!   16 bytes; before, 4 bytes of IPv4;
//! * [`Kind::DirNum`]: a directory number field is 24 bytes, 25 from V18 (0x12) on
//!   (Wireshark's `VariableDirnumSize`).

use super::values::*;
use crate::model::Tag;

/// How one field is encoded.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    U8,
    U16,
    U32,
    /// A u32 with Wireshark's value names.
    Enum(&'static [(u32, &'static str)]),
    /// A u8 with Wireshark's value names.
    Enum8(&'static [(u32, &'static str)]),
    /// 4 bytes of IPv4 in network order.
    Ip4,
    /// 16 bytes of IPv6.
    Ip6,
    /// Versioned address: `ipv4or6` + 16 bytes from V17, 4 bytes of IPv4 before.
    Ip,
    /// Fixed-size text, NUL-padded.
    Text(u16),
    /// A directory number: text of 24 bytes, 25 from V18.
    DirNum,
    /// NUL-terminated text of variable length (the V2 messages).
    CText,
    /// Fixed-size bytes, shown as hex.
    Hex(u16),
    /// A fixed structure, shown as an object.
    Struct(&'static [F]),
    /// `count` (the value of an earlier top-level field) structures, at most `max`.
    Array { count: &'static str, max: u16, elem: &'static [F] },
}

/// One field of a layout.
#[derive(Clone, Copy, Debug)]
pub struct F {
    pub name: &'static str,
    pub kind: Kind,
    pub tag: Option<Tag>,
}

const fn f(name: &'static str, kind: Kind) -> F {
    F { name, kind, tag: None }
}
const fn t(name: &'static str, kind: Kind, tag: Tag) -> F {
    F { name, kind, tag: Some(tag) }
}
const fn u(name: &'static str) -> F {
    f(name, Kind::U32)
}
const fn e(name: &'static str, values: &'static [(u32, &'static str)]) -> F {
    f(name, Kind::Enum(values))
}

const LINE_CALL: [F; 2] = [u("lineInstance"), u("callReference")];

/// Wireshark's `StationIdentifier`; `reserved_for_future_use` is the station user id of
/// Cisco's Skinny documentation (`userId`), so it is tagged as a login.
const SID: &[F] = &[
    t("DeviceName", Kind::Text(16), Tag::DeviceName),
    t("reserved_for_future_use", Kind::U32, Tag::Login),
    u("instance"),
];

const REGISTER_REQ: &[F] = &[
    f("sid", Kind::Struct(SID)),
    t("stationIpAddr", Kind::Ip4, Tag::IpAddress),
    e("deviceType", DEVICE_TYPE),
    u("maxStreams"),
    u("activeStreams"),
    f("protocolVer", Kind::U8),
    f("unknown", Kind::U8),
    f("phoneFeatures", Kind::U16),
    u("maxConferences"),
    u("activeConferences"),
    f("macAddress", Kind::Hex(12)),
    u("ipV4AddressScope"),
    u("maxNumberOfLines"),
    t("stationIpV6Addr", Kind::Ip6, Tag::IpAddress),
    u("ipV6AddressScope"),
    f("firmwareLoadName", Kind::Text(32)),
    f("configVersionStamp", Kind::Text(48)),
];

const REGISTER_ACK: &[F] = &[
    u("keepAliveInterval"),
    f("dateTemplate", Kind::Text(6)),
    f("alignmentPadding", Kind::U16),
    u("secondaryKeepAliveInterval"),
    f("maxProtocolVer", Kind::U8),
    f("unknown", Kind::U8),
    f("phoneFeatures", Kind::U16),
];

const REGISTER_REJECT: &[F] = &[f("text", Kind::Text(32))];
const UNREGISTER_REQ: &[F] = &[e("unRegReasonCode", UNREG_REASON)];
const UNREGISTER_ACK: &[F] = &[e("status", UNREGISTER_STATUS)];
const IP_PORT: &[F] = &[t("rtpMediaPort", Kind::U32, Tag::Port)];
const KEYPAD_BUTTON: &[F] = &[t("kpButton", Kind::Enum(KP_BUTTON), Tag::Dtmf), LINE_CALL[0], LINE_CALL[1]];
const ENBLOC_CALL: &[F] = &[t("calledParty", Kind::DirNum, Tag::CalledNumber), u("lineInstance")];
const STIMULUS_MSG: &[F] = &[e("stimulus", STIMULUS), LINE_CALL[0], LINE_CALL[1], u("stimulusStatus")];
const LINE_AND_CALL: &[F] = &LINE_CALL;
const OFF_HOOK_CGPN: &[F] =
    &[t("calledParty", Kind::DirNum, Tag::CalledNumber), LINE_CALL[0], LINE_CALL[1]];
const SOFT_KEY_EVENT_MSG: &[F] = &[e("softKeyEvent", SOFT_KEY_EVENT), LINE_CALL[0], LINE_CALL[1]];
const LINE_NUMBER: &[F] = &[u("lineNumber")];
const SPEED_DIAL_NUMBER: &[F] = &[u("speedDialNumber")];
const FEATURE_INDEX: &[F] = &[u("featureIndex")];
const LINE_INSTANCE: &[F] = &[u("lineInstance")];
const ALARM: &[F] =
    &[e("alarmSeverity", ALARM_SEVERITY), f("text", Kind::Text(80)), u("parm1"), u("parm2")];

const CAPABILITY: &[F] = &[
    e("payloadCapability", COMPRESSION_TYPE),
    u("maxFramesPerPacket"),
    f("payloadParams", Kind::Hex(8)),
];
const CAPABILITIES_RES: &[F] =
    &[u("capCount"), f("caps", Kind::Array { count: "capCount", max: 18, elem: CAPABILITY })];

const BUTTON: &[F] = &[f("instanceNumber", Kind::U8), f("buttonDefinition", Kind::Enum8(BUTTON_DEFINITION))];
const BUTTON_TEMPLATE_RES: &[F] = &[
    u("buttonOffset"),
    u("buttonCount"),
    u("totalButtonCount"),
    f("definition", Kind::Array { count: "buttonCount", max: 42, elem: BUTTON }),
];

const LINE_STAT_RES: &[F] = &[
    u("lineNumber"),
    t("lineDirNumber", Kind::DirNum, Tag::DirectoryNumber),
    t("lineFullyQualifiedDisplayName", Kind::Text(40), Tag::DisplayName),
    t("lineTextLabel", Kind::Text(40), Tag::DisplayName),
    u("lineDisplayOptions"),
];

const SPEED_DIAL_STAT_RES: &[F] = &[
    u("speedDialNumber"),
    t("speedDialDirNumber", Kind::DirNum, Tag::DirectoryNumber),
    t("speedDialDisplayName", Kind::Text(40), Tag::DisplayName),
];

const FEATURE_STAT_RES: &[F] =
    &[u("featureIndex"), u("featureID"), f("featureTextLabel", Kind::Text(40)), u("featureStatus")];

const TIME_DATE_INFO: &[F] = &[
    u("wYear"),
    u("wMonth"),
    u("wDayOfWeek"),
    u("wDay"),
    u("wHour"),
    u("wMinute"),
    u("wSecond"),
    u("wMilliseconds"),
];
const TIME_DATE_RES: &[F] = &[f("timeDataInfo", Kind::Struct(TIME_DATE_INFO)), u("systemTime")];
const VERSION_RES: &[F] = &[f("versionStr", Kind::Text(16))];
const RESET: &[F] = &[e("resetType", RESET_TYPE)];

const START_TONE: &[F] = &[
    e("tone", TONE),
    e("tone_output_direction", TONE_OUTPUT_DIRECTION),
    LINE_CALL[0],
    LINE_CALL[1],
];
const STOP_TONE: &[F] = &[LINE_CALL[0], LINE_CALL[1], e("tone", TONE)];
const SET_RINGER: &[F] =
    &[e("ringMode", RING_MODE), e("ringDuration", RING_DURATION), LINE_CALL[0], LINE_CALL[1]];
const SET_LAMP: &[F] = &[e("stimulus", STIMULUS), u("stimulusInstance"), e("lampMode", LAMP_MODE)];
const SET_SPEAKER_MODE: &[F] = &[e("speakerMode", SPEAKER_MODE)];
const SET_MICRO_MODE: &[F] = &[e("micMode", MIC_MODE)];

const ENCRYPTION_INFO: &[F] = &[
    u("algorithmID"),
    f("keylen", Kind::U16),
    f("saltlen", Kind::U16),
    f("key", Kind::Hex(16)),
    f("salt", Kind::Hex(16)),
    u("isMKIPresent"),
    u("keyDerivationRate"),
];
const QUALIFIER_IN: &[F] = &[e("ecValue", EC_VALUE), u("g723BitRate")];
const QUALIFIER_OUT: &[F] = &[
    u("precedenceValue"),
    e("ssValue", SS_VALUE),
    f("maxFramesPerPacket", Kind::U16),
    f("padding", Kind::U16),
    u("g723BitRate"),
];

const OPEN_RECEIVE_CHANNEL: &[F] = &[
    u("conferenceId"),
    u("passThroughPartyId"),
    u("milliSecondPacketSize"),
    e("compressionType", COMPRESSION_TYPE),
    f("qualifierIn", Kind::Struct(QUALIFIER_IN)),
    u("callReference"),
    f("encryptionInfo", Kind::Struct(ENCRYPTION_INFO)),
    u("streamPassThroughId"),
    u("associatedStreamId"),
    u("RFC2833PayloadType"),
    u("dtmfType"),
    u("mixingMode"),
    u("partyDirection"),
    t("sourceIpAddr", Kind::Ip, Tag::IpAddress),
    t("sourcePortNumber", Kind::U32, Tag::Port),
    e("requestedIpAddrType", IP_ADDR_TYPE),
];

const OPEN_RECEIVE_CHANNEL_ACK: &[F] = &[
    e("mediaReceptionStatus", MEDIA_STATUS),
    t("ipAddr", Kind::Ip, Tag::IpAddress),
    t("portNumber", Kind::U32, Tag::Port),
    u("passThroughPartyId"),
    u("callReference"),
];

const START_MEDIA_TRANSMISSION: &[F] = &[
    u("conferenceId"),
    u("passThroughPartyId"),
    t("remoteIpAddr", Kind::Ip, Tag::IpAddress),
    t("remotePortNumber", Kind::U32, Tag::Port),
    u("milliSecondPacketSize"),
    e("compressionType", COMPRESSION_TYPE),
    f("qualifierOut", Kind::Struct(QUALIFIER_OUT)),
    u("callReference"),
    f("encryptionInfo", Kind::Struct(ENCRYPTION_INFO)),
    u("streamPassThroughId"),
    u("associatedStreamId"),
    u("RFC2833PayloadType"),
    u("dtmfType"),
    u("mixingMode"),
    u("partyDirection"),
];

const START_MEDIA_TRANSMISSION_ACK: &[F] = &[
    u("conferenceId"),
    u("passThroughPartyId"),
    u("callReference"),
    t("transmitIpAddr", Kind::Ip, Tag::IpAddress),
    t("portNumber", Kind::U32, Tag::Port),
    e("mediaTransmissionStatus", MEDIA_STATUS),
];

const STOP_MEDIA: &[F] =
    &[u("conferenceId"), u("passThroughPartyId"), u("callReference"), e("portHandlingFlag", PORT_HANDLING)];

const CONNECTION_STATISTICS_REQ: &[F] = &[
    t("directoryNum", Kind::DirNum, Tag::DirectoryNumber),
    u("callReference"),
    e("statsProcessingMode", STATS_PROCESSING_MODE),
];
const CONNECTION_STATISTICS_RES: &[F] = &[
    t("directoryNum", Kind::DirNum, Tag::DirectoryNumber),
    u("callReference"),
    e("statsProcessingMode", STATS_PROCESSING_MODE),
    u("numberPacketsSent"),
    u("numberOctetsSent"),
    u("numberPacketsReceived"),
    u("numberOctetsReceived"),
    u("numberPacketsLost"),
    u("jitter"),
    u("latency"),
];

const CALL_INFO: &[F] = &[
    t("callingPartyName", Kind::Text(40), Tag::DisplayName),
    t("callingParty", Kind::DirNum, Tag::CallingNumber),
    t("calledPartyName", Kind::Text(40), Tag::DisplayName),
    t("calledParty", Kind::DirNum, Tag::CalledNumber),
    u("lineInstance"),
    u("callReference"),
    e("callType", CALL_TYPE),
    t("originalCalledPartyName", Kind::Text(40), Tag::DisplayName),
    t("originalCalledParty", Kind::DirNum, Tag::DirectoryNumber),
    t("lastRedirectingPartyName", Kind::Text(40), Tag::DisplayName),
    t("lastRedirectingParty", Kind::DirNum, Tag::DirectoryNumber),
    u("originalCdpnRedirectReason"),
    u("lastRedirectingReason"),
    t("cgpnVoiceMailbox", Kind::DirNum, Tag::DirectoryNumber),
    t("cdpnVoiceMailbox", Kind::DirNum, Tag::DirectoryNumber),
    t("originalCdpnVoiceMailbox", Kind::DirNum, Tag::DirectoryNumber),
    t("lastRedirectingVoiceMailbox", Kind::DirNum, Tag::DirectoryNumber),
    u("callInstance"),
    e("callSecurityStatus", CALL_SECURITY_STATUS),
    u("partyPIRestrictionBits"),
];

const CALL_INFO_V2: &[F] = &[
    u("lineInstance"),
    u("callReference"),
    e("callType", CALL_TYPE),
    u("originalCdpnRedirectReason"),
    u("lastRedirectingReason"),
    u("callInstance"),
    e("callSecurityStatus", CALL_SECURITY_STATUS),
    u("partyPIRestrictionBits"),
    t("callingParty", Kind::CText, Tag::CallingNumber),
    t("AlternateCallingParty", Kind::CText, Tag::CallingNumber),
    t("calledParty", Kind::CText, Tag::CalledNumber),
    t("originalCalledParty", Kind::CText, Tag::DirectoryNumber),
    t("lastRedirectingParty", Kind::CText, Tag::DirectoryNumber),
    t("cgpnVoiceMailbox", Kind::CText, Tag::DirectoryNumber),
    t("cdpnVoiceMailbox", Kind::CText, Tag::DirectoryNumber),
    t("originalCdpnVoiceMailbox", Kind::CText, Tag::DirectoryNumber),
    t("lastRedirectingVoiceMailbox", Kind::CText, Tag::DirectoryNumber),
    t("callingPartyName", Kind::CText, Tag::DisplayName),
    t("calledPartyName", Kind::CText, Tag::DisplayName),
    t("originalCalledPartyName", Kind::CText, Tag::DisplayName),
    t("lastRedirectingPartyName", Kind::CText, Tag::DisplayName),
    t("HuntPilotNumber", Kind::CText, Tag::DirectoryNumber),
    t("HuntPilotName", Kind::CText, Tag::DisplayName),
];

const CALL_STATE: &[F] = &[
    e("callState", CALL_STATE_VALUES),
    LINE_CALL[0],
    LINE_CALL[1],
    e("privacy", PRIVACY),
    u("precedenceLevel"),
    u("precedenceDomain"),
];

const DIALED_NUMBER: &[F] =
    &[t("dialedNumber", Kind::DirNum, Tag::CalledNumber), LINE_CALL[0], LINE_CALL[1]];
// What the phone's screen shows: line labels, "From 1001 Alice", prompts. Tagged as display
// names because that is what they carry in practice, so highlighting and redaction cover them.
const DISPLAY_TEXT: &[F] = &[t("text", Kind::Text(32), Tag::DisplayName)];
const DISPLAY_NOTIFY: &[F] = &[u("timeOutValue"), t("notify", Kind::Text(32), Tag::DisplayName)];
const DISPLAY_NOTIFY_V2: &[F] = &[u("timeOutValue"), t("notify", Kind::CText, Tag::DisplayName)];
const DISPLAY_PRI_NOTIFY_V2: &[F] = &[u("timeOutValue"), u("priority"), t("notify", Kind::CText, Tag::DisplayName)];
const DISPLAY_PROMPT_STATUS: &[F] =
    &[u("timeOutValue"), t("promptStatus", Kind::Text(32), Tag::DisplayName), LINE_CALL[0], LINE_CALL[1]];
const DISPLAY_PROMPT_STATUS_V2: &[F] =
    &[u("timeOutValue"), LINE_CALL[0], LINE_CALL[1], t("promptStatus", Kind::CText, Tag::DisplayName)];
const SELECT_SOFT_KEYS: &[F] = &[LINE_CALL[0], LINE_CALL[1], u("softKeySetIndex"), u("validKeyMask")];
const MEDIA_RESOURCE_NOTIFICATION: &[F] = &[
    e("deviceType", DEVICE_TYPE),
    u("numberOfInServiceStreams"),
    u("maxStreamsPerConf"),
    u("numberOfOutOfServiceStreams"),
];
const REGISTER_AVAILABLE_LINES: &[F] = &[u("maxNumOfAvailLines")];
const MEDIA_PATH_EVENT: &[F] = &[e("mediaPathID", MEDIA_PATH_ID), e("mediaPathEvent", super::values::MEDIA_PATH_EVENT)];
const HEADSET_STATUS_MSG: &[F] = &[e("headsetStatus", HEADSET_STATUS)];
const EMPTY: &[F] = &[];

/// A message id (`messageId`), open: any u32 is one, named or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(pub u32);

impl MessageId {
    pub const KEEP_ALIVE_REQ: MessageId = MessageId(0x0000);
    pub const REGISTER_REQ: MessageId = MessageId(0x0001);
    pub const IP_PORT: MessageId = MessageId(0x0002);
    pub const KEYPAD_BUTTON: MessageId = MessageId(0x0003);
    pub const ENBLOC_CALL: MessageId = MessageId(0x0004);
    pub const STIMULUS: MessageId = MessageId(0x0005);
    pub const OFF_HOOK: MessageId = MessageId(0x0006);
    pub const ON_HOOK: MessageId = MessageId(0x0007);
    pub const LINE_STAT_REQ: MessageId = MessageId(0x000b);
    pub const TIME_DATE_REQ: MessageId = MessageId(0x000d);
    pub const BUTTON_TEMPLATE_REQ: MessageId = MessageId(0x000e);
    pub const CAPABILITIES_RES: MessageId = MessageId(0x0010);
    pub const OPEN_RECEIVE_CHANNEL_ACK: MessageId = MessageId(0x0022);
    pub const CONNECTION_STATISTICS_RES: MessageId = MessageId(0x0023);
    pub const OFF_HOOK_WITH_CGPN: MessageId = MessageId(0x0024);
    pub const SOFT_KEY_EVENT: MessageId = MessageId(0x0026);
    pub const UNREGISTER_REQ: MessageId = MessageId(0x0027);
    pub const REGISTER_ACK: MessageId = MessageId(0x0081);
    pub const START_TONE: MessageId = MessageId(0x0082);
    pub const START_MEDIA_TRANSMISSION: MessageId = MessageId(0x008a);
    pub const STOP_MEDIA_TRANSMISSION: MessageId = MessageId(0x008b);
    pub const CALL_INFO: MessageId = MessageId(0x008f);
    pub const LINE_STAT_RES: MessageId = MessageId(0x0092);
    pub const TIME_DATE_RES: MessageId = MessageId(0x0094);
    pub const BUTTON_TEMPLATE_RES: MessageId = MessageId(0x0097);
    pub const CAPABILITIES_REQ: MessageId = MessageId(0x009b);
    pub const REGISTER_REJECT: MessageId = MessageId(0x009d);
    pub const KEEP_ALIVE_ACK: MessageId = MessageId(0x0100);
    pub const OPEN_RECEIVE_CHANNEL: MessageId = MessageId(0x0105);
    pub const CLOSE_RECEIVE_CHANNEL: MessageId = MessageId(0x0106);
    pub const CONNECTION_STATISTICS_REQ: MessageId = MessageId(0x0107);
    pub const CALL_STATE: MessageId = MessageId(0x0111);
    pub const UNREGISTER_ACK: MessageId = MessageId(0x0118);
    pub const DIALED_NUMBER: MessageId = MessageId(0x011d);
    pub const CALL_INFO_V2: MessageId = MessageId(0x014a);
    pub const START_MEDIA_TRANSMISSION_ACK: MessageId = MessageId(0x0154);

    /// Wireshark's name, `None` for an id it does not know.
    pub fn name(self) -> Option<&'static str> {
        name(self.0)
    }
}

/// Wireshark's name of message `id`, `None` for an id it does not know.
pub fn name(id: u32) -> Option<&'static str> {
    lookup(MESSAGE_NAMES, id)
}

/// The name of `value` in a Wireshark value table.
pub fn lookup(table: &'static [(u32, &'static str)], value: u32) -> Option<&'static str> {
    table.binary_search_by_key(&value, |&(v, _)| v).ok().and_then(|i| table.get(i)).map(|&(_, n)| n)
}

/// The field layout of message `id`, `None` when none is known (its body then shows as
/// `data` hex).
pub fn layout(id: u32) -> Option<&'static [F]> {
    Some(match id {
        0x0000 | 0x000c | 0x000d | 0x000e | 0x000f | 0x0012 | 0x0025 | 0x0028 | 0x009a
        | 0x009b | 0x0100 => EMPTY,
        0x0001 => REGISTER_REQ,
        0x0002 => IP_PORT,
        0x0003 => KEYPAD_BUTTON,
        0x0004 => ENBLOC_CALL,
        0x0005 => STIMULUS_MSG,
        0x0006 | 0x0007 | 0x0008 | 0x0113 => LINE_AND_CALL,
        0x0009 | 0x000b => LINE_NUMBER,
        0x000a => SPEED_DIAL_NUMBER,
        0x0010 => CAPABILITIES_RES,
        0x0020 => ALARM,
        0x0022 => OPEN_RECEIVE_CHANNEL_ACK,
        0x0023 => CONNECTION_STATISTICS_RES,
        0x0024 => OFF_HOOK_CGPN,
        0x0026 => SOFT_KEY_EVENT_MSG,
        0x0027 => UNREGISTER_REQ,
        0x002b => HEADSET_STATUS_MSG,
        0x002c => MEDIA_RESOURCE_NOTIFICATION,
        0x002d => REGISTER_AVAILABLE_LINES,
        0x0034 => FEATURE_INDEX,
        0x0049 => MEDIA_PATH_EVENT,
        0x0081 => REGISTER_ACK,
        0x0082 => START_TONE,
        0x0083 => STOP_TONE,
        0x0085 => SET_RINGER,
        0x0086 => SET_LAMP,
        0x0088 => SET_SPEAKER_MODE,
        0x0089 => SET_MICRO_MODE,
        0x008a => START_MEDIA_TRANSMISSION,
        0x008b | 0x0106 => STOP_MEDIA,
        0x008f => CALL_INFO,
        0x0091 => SPEED_DIAL_STAT_RES,
        0x0092 => LINE_STAT_RES,
        0x0094 => TIME_DATE_RES,
        0x0097 => BUTTON_TEMPLATE_RES,
        0x0098 => VERSION_RES,
        0x0099 => DISPLAY_TEXT,
        0x009d => REGISTER_REJECT,
        0x009f => RESET,
        0x0105 => OPEN_RECEIVE_CHANNEL,
        0x0107 => CONNECTION_STATISTICS_REQ,
        0x0110 => SELECT_SOFT_KEYS,
        0x0111 => CALL_STATE,
        0x0112 => DISPLAY_PROMPT_STATUS,
        0x0114 => DISPLAY_NOTIFY,
        0x0116 | 0x0117 => LINE_INSTANCE,
        0x0118 => UNREGISTER_ACK,
        0x011d => DIALED_NUMBER,
        0x011f => FEATURE_STAT_RES,
        0x0143 => DISPLAY_NOTIFY_V2,
        0x0144 => DISPLAY_PRI_NOTIFY_V2,
        0x0145 => DISPLAY_PROMPT_STATUS_V2,
        0x014a => CALL_INFO_V2,
        0x0154 => START_MEDIA_TRANSMISSION_ACK,
        _ => return None,
    })
}

/// Most body bytes a layout can take (the largest form of versioned fields), `None` when it
/// has no bound (variable texts, arrays).
fn max_len(fields: &[F]) -> Option<usize> {
    fields.iter().try_fold(0usize, |acc, x| {
        let n = match x.kind {
            Kind::U8 | Kind::Enum8(_) => 1,
            Kind::U16 => 2,
            Kind::U32 | Kind::Enum(_) | Kind::Ip4 => 4,
            Kind::Ip6 => 16,
            Kind::Ip => 20,
            Kind::Text(n) | Kind::Hex(n) => usize::from(n),
            Kind::DirNum => 25,
            Kind::CText | Kind::Array { .. } => return None,
            Kind::Struct(inner) => max_len(inner)?,
        };
        acc.checked_add(n)
    })
}

/// Room left for fields newer than the layouts know, when judging a header found by a resync
/// scan ([`plausible_len`]).
const NEWER_FIELDS_SLACK: usize = 64;

/// Whether `data_length` is believable for message `id`: at most its layout's largest form
/// plus room for newer fields. Used only to choose where to resynchronise (a garbage byte
/// before a real header makes a huge length with a valid id); framing a message whose
/// header was accepted never depends on it.
pub fn plausible_len(id: u32, data_length: u32) -> bool {
    let body = usize::try_from(data_length).unwrap_or(usize::MAX).saturating_sub(4);
    match layout(id).map(max_len) {
        Some(Some(max)) => body <= max.saturating_add(NEWER_FIELDS_SLACK),
        _ => true,
    }
}

/// Request → the ids that answer it, for pairing (first unanswered request of the kind).
pub fn answers(response: u32) -> Option<&'static [u32]> {
    Some(match response {
        0x0100 => &[0x0000],          // KeepAliveAck ← KeepAliveReq
        0x0081 | 0x009d => &[0x0001], // RegisterAck/Reject ← RegisterReq
        0x0010 => &[0x009b],          // CapabilitiesRes ← CapabilitiesReq
        0x0022 => &[0x0105],          // OpenReceiveChannelAck ← OpenReceiveChannel
        0x0154 => &[0x008a],          // StartMediaTransmissionAck ← StartMediaTransmission
        0x0097 => &[0x000e],          // ButtonTemplateRes ← ButtonTemplateReq
        0x0092 => &[0x000b],          // LineStatRes ← LineStatReq
        0x0094 => &[0x000d],          // TimeDateRes ← TimeDateReq
        0x0091 => &[0x000a],          // SpeedDialStatRes ← SpeedDialStatReq
        0x0090 => &[0x0009],          // ForwardStatRes ← ForwardStatReq
        0x0093 => &[0x000c],          // ConfigStatRes ← ConfigStatReq
        0x0098 => &[0x000f],          // VersionRes ← VersionReq
        0x009e => &[0x0012],          // ServerRes ← ServerReq
        0x0108 => &[0x0028],          // SoftKeyTemplateRes ← SoftKeyTemplateReq
        0x0109 => &[0x0025],          // SoftKeySetRes ← SoftKeySetReq
        0x011f => &[0x0034],          // FeatureStatRes ← FeatureStatReq
        0x0118 => &[0x0027],          // UnregisterAck ← UnregisterReq
        0x0023 => &[0x0107],          // ConnectionStatisticsRes ← ConnectionStatisticsReq
        0x011a | 0x011b => &[0x0029], // RegisterTokenAck/Reject ← RegisterTokenReq
        _ => return None,
    })
}

/// Whether message `id` is a request some later message answers.
pub fn is_request(id: u32) -> bool {
    matches!(
        id,
        0x0000 | 0x0001 | 0x009b | 0x0105 | 0x008a | 0x000e | 0x000b | 0x000d | 0x000a | 0x0009
            | 0x000c | 0x000f | 0x0012 | 0x0028 | 0x0025 | 0x0034 | 0x0027 | 0x0107 | 0x0029
    )
}

/// Whether a message with this id can carry tagged plaintext (false only when it surely
/// cannot: no tagged field in its layout, and a known layout).
pub fn may_carry_tags(id: u32) -> bool {
    fn any(fs: &[F]) -> bool {
        fs.iter().any(|x| {
            x.tag.is_some()
                || match x.kind {
                    Kind::Struct(s) => any(s),
                    Kind::Array { elem, .. } => any(elem),
                    _ => false,
                }
        })
    }
    layout(id).is_none_or(any)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn value_tables_are_sorted_for_binary_search() {
        for table in [
            MESSAGE_NAMES, CALL_STATE_VALUES, DEVICE_TYPE, TONE, STIMULUS, SOFT_KEY_EVENT, CALL_TYPE,
            KP_BUTTON, RING_MODE, LAMP_MODE, COMPRESSION_TYPE, BUTTON_DEFINITION, MEDIA_STATUS,
        ] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }

    #[test]
    fn names_are_wiresharks() {
        assert_eq!(name(0x0001), Some("RegisterReq"));
        assert_eq!(name(0x0003), Some("KeypadButton"));
        assert_eq!(name(0x008f), Some("CallInfo"));
        assert_eq!(name(0x0022), Some("OpenReceiveChannelAck"));
        assert_eq!(name(0x0000), Some("KeepAliveReq"));
        assert_eq!(name(0x014a), Some("CallInfoV2"));
        assert_eq!(name(0x008c), None);
        assert_eq!(lookup(DEVICE_TYPE, 8), Some("Cisco 7940"));
    }

    #[test]
    fn every_layout_belongs_to_a_named_message_and_pairs_are_consistent() {
        for id in 0..0x200u32 {
            if layout(id).is_some() {
                assert!(name(id).is_some(), "layout for unnamed id {id:#x}");
            }
            if let Some(reqs) = answers(id) {
                assert!(reqs.iter().all(|r| is_request(*r)), "{id:#x}");
            }
        }
        assert!(may_carry_tags(0x0003));
        assert!(!may_carry_tags(0x0100));
        assert!(may_carry_tags(0x7777));
    }

    #[test]
    fn plausible_lengths() {
        assert!(plausible_len(0, 4));
        assert!(!plausible_len(0, 0x4ff));
        assert!(plausible_len(0x8f, 4 + 40 + 24 + 40 + 24 + 12));
        assert!(plausible_len(0x14a, 9000));
        assert!(plausible_len(0x7777, 9000));
    }
}
