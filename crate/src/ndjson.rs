//! The report as NDJSON: one JSON object per line, for jq, SIEMs and log pipelines
//! (`ctiscope analyze --ndjson FILE…`; the records are described in `docs/report.md`).
//!
//! Each line is one element of the JSON report with two keys in front: `type` (`message`,
//! `capture`, `flow`, `session`, `finding`, `inventory`, `event`, `limit`, `call`) and, when a
//! file name is given, `file`. A `message` record also carries its `index` in the report's
//! `messages` (what a finding's `evidence[].message` points at); the `capture` record also
//! carries `schema_version`, `tool` and `stats`.
//!
//! **Messages first, as the capture is read.** The CLI writes each `message` record as soon
//! as the engine knows the message's final index ([`message`], fed by
//! [`crate::Engine::stream_messages`]), so a capture of hours streams its messages while it is
//! read; everything else needs the whole capture (counts, sessions' final state, findings) and
//! follows at the end ([`write_from`]). [`write`] writes a finished report in the same order,
//! byte for byte what the streaming CLI writes.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::{CaptureSummary, Report, Stats, Tool};

/// The record kinds, in the order [`write()`] emits them.
pub const TYPES: [&str; 9] = [
    "message", "capture", "flow", "session", "finding", "inventory", "event", "limit", "call",
];

#[derive(Serialize)]
struct Record<'a, T: Serialize + ?Sized> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(flatten)]
    item: &'a T,
}

#[derive(Serialize)]
struct Capture<'a> {
    schema_version: u32,
    tool: &'a Tool,
    #[serde(flatten)]
    capture: &'a CaptureSummary,
    stats: &'a Stats,
}

#[derive(Serialize)]
struct IndexedMessage<'a> {
    index: usize,
    #[serde(flatten)]
    message: &'a crate::model::Message,
    /// With several files merged: the file and the frame within it.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<crate::report::Source>,
}

fn line<W: Write, T: Serialize + ?Sized>(
    out: &mut W,
    kind: &'static str,
    file: Option<&str>,
    item: &T,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Record { kind, file, item }).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// An inventory entry with its list's name in front.
#[derive(Serialize)]
struct InventoryRecord<'a> {
    list: &'static str,
    #[serde(flatten)]
    item: &'a crate::inventory::Item,
}

/// Writes message `index` of a report as its `message` record (tagged with `file` when given).
pub fn message<W: Write>(
    out: &mut W,
    index: usize,
    message: &crate::model::Message,
    source: Option<crate::report::Source>,
    file: Option<&str>,
) -> io::Result<()> {
    line(out, "message", file, &IndexedMessage { index, message, source })
}

/// Writes a flow or session that retired before the end of the capture as its record
/// ([`crate::Engine::stream_retired`]).
pub fn retired<W: Write>(out: &mut W, item: crate::engine::Retired<'_>, file: Option<&str>) -> io::Result<()> {
    match item {
        crate::engine::Retired::Flow(f) => line(out, "flow", file, f),
        crate::engine::Retired::Session(s) => line(out, "session", file, s),
        crate::engine::Retired::Call(c) => line(out, "call", file, c),
    }
}

/// Writes `report` as NDJSON records to `out` (which should be buffered), tagging each with
/// `file` when given. Stops at the first write error (a closed pipe included) and returns it.
pub fn write<W: Write>(out: &mut W, report: &Report, file: Option<&str>) -> io::Result<()> {
    write_from(out, report, file, 0)
}

/// [`write`] without the `message` records before index `from` (written already, as the
/// capture was read: see the module docs).
pub fn write_from<W: Write>(
    out: &mut W,
    report: &Report,
    file: Option<&str>,
    from: usize,
) -> io::Result<()> {
    report
        .messages
        .stream(from, &mut |index, m, source| message(out, index, m, source, file))?;
    let capture = Capture {
        schema_version: report.schema_version,
        tool: &report.tool,
        capture: &report.capture,
        stats: &report.stats,
    };
    line(out, "capture", file, &capture)?;
    for f in &report.flows {
        line(out, "flow", file, f)?;
    }
    for s in &report.sessions {
        line(out, "session", file, s)?;
    }
    for f in &report.findings {
        line(out, "finding", file, f)?;
    }
    // One record per inventory entry, with the list it belongs to (`logins`…).
    for (list, items) in report.inventory.lists() {
        for item in items {
            line(out, "inventory", file, &InventoryRecord { list, item })?;
        }
    }
    for e in &report.events {
        line(out, "event", file, e)?;
    }
    for l in &report.limits {
        line(out, "limit", file, l)?;
    }
    for c in &report.calls {
        line(out, "call", file, c)?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn every_record_is_the_report_element_with_its_type_in_front() {
        let report = crate::analyze_bytes(&crate::synth::sample::capture()).unwrap();
        // Parsed from text like the records, so floats read back the same way on both sides.
        let full: Value = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
        let mut out = Vec::new();
        write(&mut out, &report, Some("a b\".pcap")).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        // Messages first, then the capture record.
        let at = lines.iter().position(|l| l["type"] != "message").unwrap();
        assert_eq!(at, report.messages.len());
        assert!(lines[at..].iter().all(|l| l["type"] != "message"));
        let first = lines[at].as_object().unwrap();
        let keys: Vec<&str> = first.keys().map(String::as_str).take(4).collect();
        assert_eq!(keys, ["type", "file", "schema_version", "tool"]);
        assert_eq!(first["file"], "a b\".pcap");
        assert_eq!(first["packets"], full["capture"]["packets"]);
        assert_eq!(first["stats"], full["stats"]);
        for (kind, array) in [
            ("flow", "flows"),
            ("session", "sessions"),
            ("message", "messages"),
            ("finding", "findings"),
            ("event", "events"),
            ("limit", "limits"),
            ("call", "calls"),
        ] {
            let mut got: Vec<Value> = lines
                .iter()
                .filter(|l| l["type"] == kind)
                .cloned()
                .collect();
            for (i, g) in got.iter_mut().enumerate() {
                let g = g.as_object_mut().unwrap();
                g.shift_remove("type");
                g.shift_remove("file");
                if kind == "message" {
                    assert_eq!(g.shift_remove("index"), Some(Value::from(i)));
                }
            }
            // `calls` is absent from the report when there is none.
            let want = full.get(array).cloned().unwrap_or(Value::Array(Vec::new()));
            assert_eq!(Value::Array(got), want, "{kind}");
        }
        // Inventory records: every entry of every list, in order, with its list's name.
        let mut got: Vec<(String, Value)> = Vec::new();
        for l in lines.iter().filter(|l| l["type"] == "inventory") {
            let mut g = l.as_object().unwrap().clone();
            g.shift_remove("type");
            g.shift_remove("file");
            let list = g.shift_remove("list").unwrap().as_str().unwrap().to_string();
            got.push((list, Value::Object(g)));
        }
        let mut want: Vec<(String, Value)> = Vec::new();
        for (list, items) in full["inventory"].as_object().unwrap() {
            for i in items.as_array().unwrap() {
                want.push((list.clone(), i.clone()));
            }
        }
        assert!(!want.is_empty());
        assert_eq!(got, want);
        assert!(lines.iter().all(|l| TYPES.contains(&l["type"].as_str().unwrap())));
        // Without a file name there is no `file` key.
        let mut out = Vec::new();
        write(&mut out, &report, None).unwrap();
        for l in String::from_utf8(out).unwrap().lines() {
            let v: Value = serde_json::from_str(l).unwrap();
            assert!(v.get("file").is_none(), "{l}");
        }
    }
}
