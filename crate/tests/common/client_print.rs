//! Values in the form Cisco's JTAPI client prints them in its trace (`NAME.expected.json`):
//! u32 as signed decimal, booleans as text, byte arrays as upper-case hex pairs. The CTIQBE
//! conformance test and the Wireshark dissector test compare against that form.

use ctiscope::proto::ctiqbe::schema::{Kind, Slot};
use serde_json::{json, Map, Value};

pub fn signed(v: &Value) -> Value {
    match v.as_u64() {
        Some(n) => Value::String((n as u32 as i32).to_string()),
        None => Value::String(format!("?{v}")),
    }
}

pub fn print_value(kind: Kind, v: &Value) -> Value {
    if v.is_null() {
        return json!("null");
    }
    match kind {
        Kind::U32 => signed(v),
        Kind::Bool => match v {
            Value::Bool(b) => Value::String(b.to_string()),
            other => signed(other),
        },
        Kind::Str => v.clone(),
        Kind::Bytes => {
            let hex = v.as_str().unwrap();
            let bytes: Vec<String> = (0..hex.len())
                .step_by(2)
                .map(|i| hex[i..i + 2].to_ascii_uppercase())
                .collect();
            Value::String(format!("{}@[{}]", bytes.len(), bytes.join(",")))
        }
        Kind::UStr => {
            let text = v.as_str().unwrap();
            json!({
                "_type": "UnicodeString",
                "unicodedisplayName": text,
                "count": text.encode_utf16().count().to_string(),
                "sizeofElement": "2",
            })
        }
        Kind::Struct(s) | Kind::Inline(s) => {
            Value::Object(print_fields(s.fields, v.as_object().unwrap()))
        }
        Kind::Array(s) => Value::Array(
            v.as_array()
                .unwrap()
                .iter()
                .map(|e| Value::Object(print_fields(s.fields, e.as_object().unwrap())))
                .collect(),
        ),
        Kind::U32Array => {
            let items: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|n| (n.as_u64().unwrap() as u32 as i32).to_string())
                .collect();
            Value::String(format!("{}@[{}]", items.len(), items.join(",")))
        }
    }
}

/// The printed form of a message or structure: every printed slot, plus anything else we
/// produced (generic `slot_N`, `_type`) so that extra fields show up as differences.
pub fn print_fields(slots: &[Slot], fields: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in fields {
        match slots.iter().find(|s| s.name == key) {
            Some(slot) if !slot.printed => {}
            Some(slot) => {
                out.insert(key.clone(), print_value(slot.kind, value));
            }
            None if key == "_type" => {
                out.insert(key.clone(), value.clone());
            }
            None => {
                out.insert(
                    key.clone(),
                    if value.is_u64() {
                        signed(value)
                    } else {
                        value.clone()
                    },
                );
            }
        }
    }
    out
}
