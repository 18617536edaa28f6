//! The wasm facade in a real wasm runtime (wasm-bindgen-test-runner under Node): the page's
//! calling sequence over the sample capture, in slices, and the error for a non-capture.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)] // a test: panics are how it fails
#![cfg(target_arch = "wasm32")]

use ctiscope::wasm::Analyzer;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn analyzes_the_sample_in_slices_and_pages_messages() {
    let file = ctiscope::synth::sample::capture();
    let mut a = Analyzer::new();
    for chunk in file.chunks(1000) {
        a.push(chunk).unwrap();
    }
    assert_eq!(a.packets(), 40.0);
    let summary = a.finish().unwrap();
    let count = js_sys::Reflect::get(&summary, &"message_count".into()).unwrap();
    // The CTIQBE session, the SIP OPTIONS exchange before it and the SCCP keepalive after it.
    assert_eq!(
        count.as_f64(),
        Some(ctiscope::synth::sample::ctiqbe_session().len() as f64 + 4.0)
    );
    // Sessions arrive as rows: what the page shows (facts), not the typed info (the JSON export has it).
    let sessions = js_sys::Array::from(&js_sys::Reflect::get(&summary, &"sessions".into()).unwrap());
    let get = |v: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    let cti = sessions.iter().find(|s| get(s, "protocol").as_string().as_deref() == Some("ctiqbe")).unwrap();
    assert!(get(&cti, "info").is_undefined());
    let facts = js_sys::Array::from(&get(&cti, "facts"));
    let login = facts.iter().find(|f| get(f, "label").as_string().as_deref() == Some("login")).unwrap();
    assert_eq!(get(&login, "value").as_string().unwrap(), "ivr_jtapi");
    assert_eq!(get(&cti, "client").as_string().unwrap(), "10.20.30.41:49822");
    let page = a.messages(0, 5).unwrap();
    assert_eq!(js_sys::Array::from(&page).length(), 5);
    let name_at = |i: u32| js_sys::Reflect::get(&js_sys::Array::from(&page).get(i), &"name".into()).unwrap().as_string();
    assert_eq!(name_at(0).as_deref(), Some("OPTIONS"));
    assert_eq!(name_at(2).as_deref(), Some("ProviderInitRequest"));
    assert_eq!(a.message_bytes(2).unwrap()[8..12], [0xdd, 0xdd, 0xff, 0xff]);
    let json = a.report_json().unwrap();
    assert!(json.contains("\"schema_version\": 1"));
}

#[wasm_bindgen_test]
fn a_text_file_is_a_clear_error() {
    let mut a = Analyzer::new();
    assert!(a.push(b"just some text, not a capture").is_err());
}

#[wasm_bindgen_test]
fn views_filter_sort_page_and_export() {
    let mut a = Analyzer::new();
    a.push(&ctiscope::synth::sample::capture()).unwrap();
    a.finish().unwrap();
    let all = a.set_view("table", "{}").unwrap();
    let requests = a
        .set_view(
            "table",
            r#"{"direction":"to_server","sort":"name","descending":true}"#,
        )
        .unwrap();
    assert!(requests > 0 && requests < all);
    let rows = js_sys::Array::from(&a.view_rows("table", 0, 3).unwrap());
    assert_eq!(rows.length(), 3);
    let dir = js_sys::Reflect::get(&rows.get(0), &"direction".into()).unwrap();
    assert_eq!(dir.as_string().as_deref(), Some("to_server"));
    let index = js_sys::Reflect::get(&rows.get(1), &"index".into())
        .unwrap()
        .as_f64()
        .unwrap() as u32;
    assert_eq!(a.view_position("table", index).unwrap(), 1);
    assert!(a
        .view_csv("table")
        .unwrap()
        .starts_with("frame,time,session"));
    assert!(a.set_view("table", r#"{"sort":"nope"}"#).is_err());
    assert!(a.view_rows("missing", 0, 1).is_err());
    // Frame 3 is the CTI connection's SYN: no message.
    assert!(a.index_of_frame(3.0).unwrap() == -1);
    let m = a.message(0).unwrap();
    assert!(js_sys::Reflect::get(&m, &"spans".into())
        .unwrap()
        .is_object());
}

#[wasm_bindgen_test]
fn redacts_in_three_passes() {
    let file = ctiscope::synth::sample::capture();
    let mut a = Analyzer::new();
    a.push(&file).unwrap();
    a.finish().unwrap();
    let mut r = a.redactor(vec!["called_number".into()]).unwrap();
    for c in file.chunks(777) {
        r.scan(c).unwrap();
    }
    assert_eq!(r.end_scan().unwrap(), 0.0);
    let mut out = Vec::new();
    for c in file.chunks(777) {
        out.extend(r.rewrite(c).unwrap());
    }
    out.extend(r.rewrite_end().unwrap());
    assert_eq!(out.len(), file.len());
    assert!(!out.windows(12).any(|w| w == b"915551234567"));
    assert!(a.redactor(vec!["no_such_tag".into()]).is_err());
}

/// Several files as one capture: the page's pull loop (`wants`, `push_file`, `end_file`) over the
/// sample given twice (both sides of a SPAN): one capture, every packet of the second file a
/// duplicate, the files listed, each message with its source.
#[wasm_bindgen_test]
fn several_files_merge_as_the_merge_asks() {
    let file = ctiscope::synth::sample::capture();
    let mut a = Analyzer::with_files(vec!["a.pcapng".into(), "b.pcapng".into()]);
    let mut read = [0usize; 2];
    let mut steps = 0;
    while a.wants() >= 0 {
        let i = a.wants() as usize;
        let piece = &file[read[i]..(read[i] + 700).min(file.len())];
        read[i] += piece.len();
        if piece.is_empty() {
            a.end_file(i).unwrap();
        } else {
            a.push_file(i, piece).unwrap();
        }
        steps += 1;
    }
    assert!(steps > 2 * file.len() / 700);
    assert!(a.push(&file).is_err(), "a merge is fed by file");
    let summary = a.finish().unwrap();
    let capture = js_sys::Reflect::get(&summary, &"capture".into()).unwrap();
    let files = js_sys::Array::from(&js_sys::Reflect::get(&capture, &"files".into()).unwrap());
    assert_eq!(files.length(), 2);
    let dups = js_sys::Reflect::get(&files.get(1), &"duplicates".into()).unwrap();
    assert_eq!(dups.as_f64(), Some(40.0));
    assert_eq!(a.packets(), 0.0, "the engine is gone once finished");
    let m = a.message(2).unwrap();
    let source = js_sys::Reflect::get(&m, &"source".into()).unwrap();
    assert_eq!(js_sys::Reflect::get(&source, &"file".into()).unwrap().as_f64(), Some(0.0));
    assert_eq!(
        js_sys::Reflect::get(&source, &"file_frame".into()).unwrap().as_f64(),
        js_sys::Reflect::get(&m, &"frame".into()).unwrap().as_f64()
    );
}

#[wasm_bindgen_test]
fn calls_view_ladder_and_message_links() {
    let mut file = Vec::new();
    ctiscope::synth::generate::write_profile(&mut file, 400_000, 1, ctiscope::synth::generate::Profile::Correlated).unwrap();
    let mut a = Analyzer::new();
    a.push(&file).unwrap();
    let summary = a.finish().unwrap();
    let calls = js_sys::Reflect::get(&summary, &"call_count".into()).unwrap().as_f64().unwrap() as usize;
    assert!(calls > 10, "{calls} calls");
    assert_eq!(a.set_call_view("{}").unwrap(), calls);
    let get = |v: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    let rows = js_sys::Array::from(&a.call_rows(0, 5).unwrap());
    assert_eq!(rows.length(), 5);
    assert_eq!(get(&rows.get(0), "id").as_f64(), Some(1.0));
    assert_eq!(js_sys::Array::from(&get(&rows.get(0), "protocols")).length(), 3);
    assert_eq!(a.call_position(3).unwrap(), 2);
    assert_eq!(a.set_call_view(r#"{"sort":"duration","descending":true}"#).unwrap(), calls);
    assert!(a.call_csv().unwrap().starts_with("id,start,end,duration,calling,called"));
    assert!(a.set_call_view(r#"{"sort":"nope"}"#).is_err());
    // Call 1's ladder: its messages, each leading back to call 1 (also in the rows' `call`).
    let n = a.set_call_ladder(1).unwrap();
    assert!(n > 20, "{n} messages");
    let page = js_sys::Array::from(&a.view_rows("call", 0, 1000).unwrap());
    assert_eq!(page.length() as usize, n);
    for row in page.iter() {
        assert_eq!(get(&row, "call").as_f64(), Some(1.0));
        let index = get(&row, "index").as_f64().unwrap() as usize;
        assert_eq!(a.call_of_message(index).unwrap(), 1.0);
    }
    let detail = a.call(1).unwrap();
    assert!(js_sys::Array::from(&get(&detail, "lanes")).length() >= 4);
    assert!(a.call(100_000).unwrap().is_null());
}
