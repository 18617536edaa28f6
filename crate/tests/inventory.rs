//! `report.inventory` of the real captures (`tests/captures/`): the servers, applications,
//! logins, devices, lines and numbers each JTAPI capture gives away are the values the Cisco
//! client's own decode shows in `NAME.expected.json` (derived below from its fields, by name),
//! and the TLS captures give away only their server and its TLS version.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ctiscope::inventory::{Inventory, List};
use ctiscope::report::Report;
use serde_json::Value;

fn captures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/captures")
}

fn analyze(path: &Path) -> Report {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ctiscope::analyze_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn values(inv: &Inventory, l: List) -> BTreeSet<String> {
    inv.list(l).iter().map(|i| i.value.clone()).collect()
}

/// Every `(field name, value)` of a decoded message, nested fields included (`UnicodeString`s
/// as their text); a line's `name` inside `lineInfo` is reported as `lineInfo.name`, an intercom
/// target's `number` as `intercom.number`.
fn fields(v: &Value, name: &str, parent: &str, out: &mut Vec<(String, String)>) {
    let key = match (parent, name) {
        ("lineInfo", "name") => "lineInfo.name",
        // an intercom line's speed-dial target (LineIntercomSpeedDialInfo…, ctiqbe-wire-2)
        ("intercomInfo" | "currentIntercomInfo", "number") => "intercom.number",
        _ => name,
    };
    match v {
        Value::Object(o) if o.get("_type").and_then(Value::as_str) == Some("UnicodeString") => {
            let text = o.get("unicodedisplayName").and_then(Value::as_str).unwrap_or_default();
            out.push((key.to_string(), text.to_string()));
        }
        Value::Object(o) => o.iter().for_each(|(k, v)| fields(v, k, name, out)),
        Value::Array(a) => a.iter().for_each(|v| fields(v, name, parent, out)),
        Value::String(s) => out.push((key.to_string(), s.clone())),
        _ => {}
    }
}

/// What the client's decode (`NAME.expected.json`) shows for each list, by field name:
/// the fields the CTIQBE layouts tag (`docs/ctiqbe.md`) — login names, application ids,
/// device names, directory numbers (a line's name, its voice-mail pilot and pickup group),
/// calling/called numbers.
fn expected(path: &Path) -> [(List, BTreeSet<String>); 5] {
    let text = std::fs::read_to_string(path.with_extension("expected.json")).unwrap();
    let msgs: Value = serde_json::from_str(&text).unwrap();
    let mut all = Vec::new();
    for m in msgs.as_array().unwrap() {
        fields(&m["fields"], "", "", &mut all);
    }
    let pick = |names: &[&str]| -> BTreeSet<String> {
        all.iter()
            // (the client prints an absent string as "null")
            .filter(|(k, v)| names.contains(&k.as_str()) && !v.is_empty() && v != "0" && v != "null")
            .map(|(_, v)| v.clone())
            .collect()
    };
    [
        // (loginUserID: a phone's Extension Mobility user, DeviceRegistered/UnregisteredEvent)
        (List::Logins, pick(&["login", "loginUserName", "loginUserID", "unicodeLoginUserID"])),
        (List::Applications, pick(&["applicationID"])),
        (List::Devices, pick(&["deviceName", "callingPartyDeviceName"])),
        (List::Lines, pick(&["lineName", "lineInfo.name", "vmPilotDN", "pickupGroupNumber", "farEndLineIdDN", "intercom.number"])),
        (
            List::Numbers,
            pick(&["callingParty", "calledParty", "originalCalledParty", "globalizedCallingParty", "callingAddress", "destAddress", "redirectAddress", "preferredOriginalCalledParty", "CallFwdDestination"]),
        ),
    ]
}

#[test]
fn jtapi_captures_inventory_is_what_the_client_decode_shows() {
    let mut checked = 0;
    for dir in ["jtapi-client", "jtapi-client-2"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(captures().join(dir))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let r = analyze(&path);
            let inv = &r.inventory;
            for (list, want) in expected(&path) {
                assert_eq!(values(inv, list), want, "{name}: {}", list.name());
            }
            // One CTI Manager, plaintext, on the loopback (the captures' README).
            let servers: Vec<_> = inv.servers.iter().map(|s| s.value.as_str()).collect();
            assert_eq!(servers, ["127.0.0.1:2748"], "{name}");
            let facts: Vec<(&str, &str)> =
                inv.servers[0].details.iter().map(|f| (f.label, f.value.as_str())).collect();
            assert!(facts.contains(&("protocol", "ctiqbe")), "{name}: {facts:?}");
            assert!(facts.contains(&("security", "plaintext")), "{name}: {facts:?}");
            assert_eq!(inv.servers[0].sessions, r.sessions.len() as u64, "{name}");
            // Every entry points at frames, and at kept messages that carry it.
            for (list, items) in inv.lists() {
                for it in items {
                    assert!(it.sessions >= 1 && !it.frames.is_empty(), "{name}: {list} {}", it.value);
                    for &m in &it.messages {
                        let msg = r.messages.get(m).unwrap();
                        // (both lists keep the first ten, so a full frame list may miss it)
                        let full = it.frames.len() == ctiscope::inventory::MAX_REFS;
                        assert!(full || it.frames.contains(&msg.frame), "{name}: {list} {}", it.value);
                        let carried = msg.spans.iter().any(|sp| sp.tag.is_some() && sp.start < sp.end);
                        assert!(carried, "{name}: {list} {}: message {m}", it.value);
                    }
                }
            }
            assert!(inv.user_agents.is_empty() && inv.phones.is_empty(), "{name}");
            checked += 1;
        }
    }
    assert_eq!(checked, 17);
}

#[test]
fn tls_captures_give_away_their_server_and_tls_version_only() {
    // The versions are the README's table (tests/captures/tls-2749/README.md); s_server listened
    // on 127.0.0.1:2749.
    for (file, version) in [
        ("tls13_mutual.pcap", "TLS 1.3"),
        ("tls10_legacy.pcap", "TLS 1.0"),
        ("tls12_rsa_kx_cbc.pcap", "TLS 1.2"),
        ("tls12_selfsigned.pcap", "TLS 1.2"),
    ] {
        let r = analyze(&captures().join("tls-2749").join(file));
        let inv = &r.inventory;
        let servers: Vec<_> = inv.servers.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(servers, ["127.0.0.1:2749"], "{file}");
        let facts: Vec<(&str, &str)> =
            inv.servers[0].details.iter().map(|f| (f.label, f.value.as_str())).collect();
        assert_eq!(
            facts,
            [("protocol", "tls"), ("security", "TLS"), ("versions", version)],
            "{file}"
        );
        for (list, items) in inv.lists() {
            if list != "servers" {
                assert!(items.is_empty(), "{file}: {list}");
            }
        }
    }
}
