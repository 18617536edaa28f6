//! The GED-188 tables as data: message types, fixed parts per protocol version, floating-field
//! tags, enumerations and bit masks. The rows themselves are generated from the decoder
//! specification (`tables.rs`, `scripts/ged188-tables.py`); this file says how to read them.
//!
//! Versions change bytes in two ways (spec §5 and §12):
//! * floating fields are framed with a 1-byte tag and length up to version 17, with 2-byte ones
//!   from version 20 (18 and 19 are not established: both are tried, [`Framing::for_version`](super::decode::Framing::for_version));
//! * a few fixed parts grow at their end: OPEN_CONF (26 → 30 → 32 bytes), AGENT_STATE_EVENT
//!   (58 → 62) and QUERY_AGENT_STATE_CONF (30 → 34) gain DepartmentID at version 20 and
//!   OPEN_CONF SessionType at 24 ([`layouts`]).

use super::tables;
use crate::model::Tag;

/// How a fixed-part field is read (big-endian).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wire {
    U8,
    U16,
    I16,
    U32,
    I32,
    /// Seconds since 1970 (UINT).
    Time,
}

impl Wire {
    /// Bytes on the wire.
    pub const fn width(self) -> usize {
        match self {
            Wire::U8 => 1,
            Wire::U16 | Wire::I16 => 2,
            Wire::U32 | Wire::I32 | Wire::Time => 4,
        }
    }
}

/// The table that names a value: an enumeration (one value) or a bit mask (flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    Enum(&'static str),
    Mask(&'static str),
}

/// One fixed-part field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedField {
    pub name: &'static str,
    pub wire: Wire,
    pub named: Option<Named>,
    /// The value that means "not supplied" (0xFFFFFFFF, 0xFFFF or 0), when the spec gives one.
    pub none: Option<u32>,
}

/// How a floating field's data is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatKind {
    /// ASCII, NUL-terminated (the length counts the NUL; a missing one is tolerated).
    Str,
    /// Raw bytes, shown as hex (ClientPassword is shown as text: [`is_text_unspec`]).
    Bytes,
    U8,
    U16,
    U32,
    Time,
    /// An enumeration; its width is the field length (2 or 4).
    Enum,
    /// Tag 82: name NUL value NUL.
    NamedVar,
    /// Tag 83: 1-byte index, name NUL, value NUL.
    NamedArray,
}

/// One floating-field tag of the spec's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagDef {
    pub tag: u16,
    pub name: &'static str,
    pub kind: FloatKind,
    /// Maximum data bytes (strings: including the NUL); 0 when the spec gives none.
    pub max_len: u16,
    pub named: Option<&'static str>,
}

/// Well-known message types the decoder and the session read.
pub mod mt {
    pub const FAILURE_CONF: u32 = 1;
    pub const FAILURE_EVENT: u32 = 2;
    pub const OPEN_REQ: u32 = 3;
    pub const OPEN_CONF: u32 = 4;
    pub const HEARTBEAT_REQ: u32 = 5;
    pub const HEARTBEAT_CONF: u32 = 6;
    pub const CLOSE_REQ: u32 = 7;
    pub const CLOSE_CONF: u32 = 8;
    pub const CALL_DELIVERED_EVENT: u32 = 9;
    pub const CALL_ESTABLISHED_EVENT: u32 = 10;
    pub const CALL_CLEARED_EVENT: u32 = 13;
    pub const BEGIN_CALL_EVENT: u32 = 23;
    pub const END_CALL_EVENT: u32 = 24;
    pub const CALL_DATA_UPDATE_EVENT: u32 = 25;
    pub const SET_CALL_DATA_REQ: u32 = 26;
    pub const AGENT_STATE_EVENT: u32 = 30;
    pub const CONTROL_FAILURE_CONF: u32 = 35;
    pub const QUERY_AGENT_STATE_CONF: u32 = 37;
    pub const SET_AGENT_STATE_REQ: u32 = 38;
    pub const AGENT_PRE_CALL_EVENT: u32 = 105;
}

/// Cisco's name of a message type (`OPEN_REQ`), `None` for numbers the spec does not list.
pub fn name(message_type: u32) -> Option<&'static str> {
    let i = tables::MESSAGE_TYPES
        .binary_search_by_key(&message_type, |r| r.0)
        .ok()?;
    tables::MESSAGE_TYPES.get(i).map(|r| r.1)
}

/// The display name of any message type (`MESSAGE_TYPE_300` for unlisted ones).
pub fn display_name(message_type: u32) -> std::borrow::Cow<'static, str> {
    match name(message_type) {
        Some(n) => std::borrow::Cow::Borrowed(n),
        None if message_type == 0 => std::borrow::Cow::Borrowed("ZERO_PSEUDO_FRAME"),
        None => std::borrow::Cow::Owned(format!("MESSAGE_TYPE_{message_type}")),
    }
}

/// Requests carry an InvokeID the server echoes in the confirmation (spec §6, §11): every
/// `*_REQ` and the OPEN/HEARTBEAT/CLOSE requests; their answers are `*_CONF` / `*_RESP`,
/// FAILURE_CONF or CONTROL_FAILURE_CONF.
pub fn is_request(message_type: u32) -> bool {
    name(message_type).is_some_and(|n| n.ends_with("_REQ"))
}

/// Whether the message answers a request by InvokeID.
pub fn is_confirmation(message_type: u32) -> bool {
    name(message_type).is_some_and(|n| n.ends_with("_CONF") || n.ends_with("_RESP"))
}

/// Whether the first fixed field is the InvokeID (requests and confirmations of the layouts
/// the spec gives).
pub fn has_invoke_id(message_type: u32) -> bool {
    fixed_part(message_type).and_then(|f| f.first()).is_some_and(|f| f.name == "InvokeID")
}

/// The fixed part in its newest layout, for the message types the spec lays out.
pub fn fixed_part(message_type: u32) -> Option<&'static [FixedField]> {
    let i = tables::FIXED_PARTS
        .binary_search_by_key(&message_type, |r| r.0)
        .ok()?;
    tables::FIXED_PARTS.get(i).map(|r| r.1)
}

/// OPEN_CONF of protocol 24 and later: the v20 layout (spec §7, 4 OPEN_CONF) plus SessionType
/// USHORT at offset 30 (VERSION: C25, KR; 0 unknown, 1 active, 2 standby).
static OPEN_CONF_V24: [FixedField; 10] = [
    FixedField { name: "InvokeID", wire: Wire::U32, named: None, none: None },
    FixedField { name: "ServiceGranted", wire: Wire::U32, named: Some(Named::Mask("CtiServiceMask")), none: None },
    FixedField { name: "MonitorID", wire: Wire::U32, named: None, none: None },
    FixedField { name: "PGStatus", wire: Wire::U32, named: Some(Named::Mask("PGStatusCodeMask")), none: None },
    FixedField { name: "IcmCentralControllerTime", wire: Wire::Time, named: None, none: None },
    FixedField { name: "PeripheralOnline", wire: Wire::U16, named: Some(Named::Enum("CtiBool")), none: None },
    FixedField { name: "PeripheralType", wire: Wire::U16, named: Some(Named::Enum("PeripheralType")), none: Some(0xFFFF) },
    FixedField { name: "AgentState", wire: Wire::U16, named: Some(Named::Enum("AgentState")), none: None },
    FixedField { name: "DepartmentID", wire: Wire::I32, named: None, none: None },
    FixedField { name: "SessionType", wire: Wire::U16, named: None, none: None },
];

/// One version-dependent layout: used from `since` on.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub since: u32,
    pub fields: &'static [FixedField],
}

/// Versions for which the spec does not establish whether DepartmentID is present (it is
/// absent at 14/15 and present at 20).
pub const UNCERTAIN_DEPARTMENT_VERSIONS: std::ops::RangeInclusive<u32> = 16..=19;

/// The layouts a message type may have, newest first (one for most types).
pub fn layouts(message_type: u32) -> [Option<Layout>; 3] {
    let Some(full) = fixed_part(message_type) else { return [None; 3] };
    let older = |n: usize| full.get(..n).map(|fields| Layout { since: 0, fields });
    match message_type {
        mt::OPEN_CONF => [
            Some(Layout { since: 24, fields: &OPEN_CONF_V24 }),
            Some(Layout { since: 20, fields: full }),
            older(8),
        ],
        mt::AGENT_STATE_EVENT => [Some(Layout { since: 20, fields: full }), older(18), None],
        mt::QUERY_AGENT_STATE_CONF => [Some(Layout { since: 20, fields: full }), older(9), None],
        _ => [Some(Layout { since: 0, fields: full }), None, None],
    }
}

/// Length of a layout's fixed part.
pub fn fixed_len(fields: &[FixedField]) -> usize {
    fields.iter().map(|f| f.wire.width()).fold(0, usize::saturating_add)
}

/// The tag's definition, `None` for tags the spec does not name.
pub fn tag(tag: u16) -> Option<&'static TagDef> {
    let i = tables::TAGS.binary_search_by_key(&tag, |t| t.tag).ok()?;
    tables::TAGS.get(i)
}

/// The name of an enumeration value (`AgentState` 3 → `Available`).
pub fn enum_name(table: &str, value: u32) -> Option<&'static str> {
    if table == "CtiBool" {
        return match value {
            0 => Some("False"),
            1 => Some("True"),
            _ => None,
        };
    }
    let rows = tables::ENUMS.iter().find(|e| e.0 == table)?.1;
    rows.iter().find(|r| r.0 == value).map(|r| r.1)
}

/// Bit masks (spec §10): CTI services and PGStatus, CONFIRMED there.
pub fn mask_names(table: &str, value: u32) -> Vec<&'static str> {
    let bits: &[(u32, &str)] = match table {
        "CtiServiceMask" => &[
            (0x1, "CLIENT_EVENTS"),
            (0x2, "CALL_DATA_UPDATE"),
            (0x4, "CLIENT_CONTROL"),
            (0x8, "CONNECTION_MONITOR"),
            (0x10, "ALL_EVENTS"),
            (0x20, "PERIPHERAL_MONITOR"),
            (0x40, "CLIENT_MONITOR"),
            (0x80, "SUPERVISOR"),
            (0x100, "SERVER"),
            (0x400, "AGENT_REPORTING"),
            (0x800, "ALL_TASK_EVENTS"),
            (0x1000, "TASK_MONITOR"),
            (0x2000, "AGENT_STATE_CONTROL_ONLY"),
            (0x80000, "UPDATE_EVENTS"),
            (0x100000, "IGNORE_DUPLICATE_AGENT_EVENTS"),
            (0x200000, "IGNORE_CONF"),
            (0x400000, "ACD_LINE_ONLY"),
            (0x2000000, "ACTIVE_STANDBY"),
            (0x80000000, "DEBUG"),
        ],
        "PGStatusCodeMask" => &[
            (0x1, "OPC_DOWN"),
            (0x2, "CC_DOWN"),
            (0x4, "PERIPHERAL_OFFLINE"),
            (0x8, "CTI_SERVER_OFFLINE"),
            (0x10, "LIMITED_FUNCTION"),
        ],
        _ => &[],
    };
    bits.iter().filter(|b| value & b.0 != 0).map(|b| b.1).collect()
}

/// Tags that are lists by nature (repeated, counted by a fixed-part field): always shown as a
/// list, even with one element. Any other tag becomes a list only when it repeats.
pub fn is_list_tag(tag: u16) -> bool {
    matches!(tag, 23 | 24 | 62..=65 | 82 | 83 | 208 | 224)
}

/// UNSPEC tags shown as text: ClientPassword (tag 2) carries the password's characters
/// (spec §13; a trailing NUL is dropped like a string's).
pub fn is_text_unspec(tag: u16) -> bool {
    tag == 2
}

/// The plaintext class of a floating field, for highlighting and redaction (spec §13).
pub fn plaintext_tag(tag: u16) -> Option<Tag> {
    Some(match tag {
        1 | 5 | 68 | 69 | 86 | 190 | 194 | 207 | 214 => Tag::Login,
        2 | 49 => Tag::Password,
        3 | 23 | 217 => Tag::ApplicationId,
        4 | 173 => Tag::DirectoryNumber,
        6 | 85 => Tag::DeviceName,
        8 | 27 | 95 => Tag::CallingNumber,
        10 | 11 | 28 => Tag::CalledNumber,
        12 | 67 => Tag::Dtmf,
        9 | 13..=22 | 46 | 82 | 83 | 96 | 223 => Tag::CallData,
        25 | 26 | 29..=38 | 41..=45 | 47 | 48 | 50 | 52 | 53 | 58 | 60 | 76 | 79 | 80 | 90 | 91 | 206 | 219 | 231 => {
            Tag::DirectoryNumber
        }
        81 | 125 => Tag::IpAddress,
        126 => Tag::Port,
        137 | 138 => Tag::DisplayName,
        _ => return None,
    })
}

/// Whether a message type can carry a tagged span: all can (every message may carry floating
/// fields), except the header-only pseudo-frame and the types whose layout is known and has no
/// floating fields in the spec (heartbeats, close confirmations, bare confirmations).
pub fn may_carry_tags(message_type: u32) -> bool {
    !matches!(message_type, 0 | 5 | 6 | 8 | 27 | 29 | 33 | 39)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_named() {
        assert!(tables::MESSAGE_TYPES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(tables::FIXED_PARTS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(tables::TAGS.windows(2).all(|w| w[0].tag < w[1].tag));
        assert_eq!(name(3), Some("OPEN_REQ"));
        assert_eq!(name(30), Some("AGENT_STATE_EVENT"));
        assert_eq!(name(282), Some("CONFIG_AGENT_SERVICE_EVENT"));
        assert_eq!(name(300), None);
        assert_eq!(display_name(0), "ZERO_PSEUDO_FRAME");
        assert_eq!(tag(2).unwrap().name, "ClientPassword");
        assert_eq!(tag(49).unwrap().name, "AgentPassword");
        assert_eq!(enum_name("AgentState", 3), Some("Available"));
        assert_eq!(enum_name("PeripheralType", 17), Some("EnterpriseAgent"));
    }

    #[test]
    fn version_layouts_have_the_spec_lengths() {
        let lens = |t| layouts(t).iter().flatten().map(|l| fixed_len(l.fields)).collect::<Vec<_>>();
        assert_eq!(lens(mt::OPEN_CONF), vec![32, 30, 26]);
        assert_eq!(lens(mt::AGENT_STATE_EVENT), vec![62, 58]);
        assert_eq!(lens(mt::QUERY_AGENT_STATE_CONF), vec![34, 30]);
        assert_eq!(lens(mt::OPEN_REQ), vec![44]);
        assert_eq!(lens(mt::SET_AGENT_STATE_REQ), vec![21]);
        let v20 = fixed_part(mt::OPEN_CONF).unwrap();
        assert_eq!(&OPEN_CONF_V24[..9], v20, "v24 OPEN_CONF extends the generated v20 layout");
    }

    #[test]
    fn requests_and_confirmations() {
        assert!(is_request(mt::OPEN_REQ) && is_request(mt::HEARTBEAT_REQ));
        assert!(is_confirmation(mt::OPEN_CONF) && is_confirmation(mt::FAILURE_CONF));
        assert!(!is_request(mt::AGENT_STATE_EVENT) && !is_confirmation(mt::AGENT_STATE_EVENT));
        assert!(has_invoke_id(mt::CLOSE_REQ) && !has_invoke_id(mt::FAILURE_EVENT));
        assert_eq!(mask_names("CtiServiceMask", 0x12), vec!["CALL_DATA_UPDATE", "ALL_EVENTS"]);
    }
}
