//! The browser facade: a thin `Analyzer` over [`crate::Engine`] for the page's Web Worker.
//!
//! JS calling sequence (one analyzer per analysis):
//! `new Analyzer()` → `push(Uint8Array)` per slice → `finish()` → summary object; or, for
//! several files analyzed as one capture merged by timestamp ([`crate::MultiEngine`]):
//! `Analyzer.with_files(names)` → while `wants()` is not -1, `push_file(i, slice)` with the next
//! slice of file `wants()` or `end_file(i)` at its end → `finish()`;
//! then `messages(offset, limit)` pages through the decoded messages (never all at once),
//! `message_bytes(index)` gives one message's bytes for the hex view, and `report_json()` the
//! full report for export. Errors are thrown as JS `Error`s carrying the Rust message.
//!
//! Filtered and sorted views (see [`crate::query`]): `set_view(name, query_json)` keeps the
//! matching indices under a name (`"table"`, `"ladder"`) and returns their count;
//! `view_rows(name, offset, limit)` pages through them as light rows; `view_position(name,
//! index)` finds a message in a view; `view_csv(name)` exports one. `message(index)` is one
//! message with its field tree and spans; `facets()` the values the filter menus offer;
//! `index_of_frame(frame)` the first message completed by a frame.
//!
//! Calls (see [`crate::callview`]): `set_call_view(query_json)` keeps the calls matching a
//! query and returns their count; `call_rows(offset, limit)` pages through them;
//! `call_position(id)` finds a call in it; `call_csv()` exports it; `call_facets()` the filter
//! menus' values; `call(id)` one call with its ladder's lanes and findings;
//! `set_call_ladder(id)` keeps the call's messages as the message view `"call"` (paged by
//! `view_rows`); `call_of_message(index)` the call of one message. Rows of `view_rows` carry
//! their message's call.
//!
//! Redacted export (two more passes over the same File): `redactor(tags)` → `scan(slice)` per
//! slice → `end_scan()` → `rewrite(slice)` per slice (returns the redacted bytes) →
//! `rewrite_end()`.

use crate::callview::{self, CallIndex};
use crate::engine::{Engine, MultiEngine};
use crate::model::Tag;
use crate::query;
use crate::redact::{self, Rewriter};
use crate::report::Report;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&ser).map_err(|e| JsError::new(&e.to_string()))
}

/// Sends panic messages to the console before the wasm traps, so a bug is visible, not hidden.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "ctiscope engine panic: {info}"
            )));
        }));
    });
}

/// The report without the messages, which are fetched page by page.
#[derive(Serialize)]
struct Summary<'a> {
    schema_version: u32,
    tool: &'a crate::report::Tool,
    capture: &'a crate::report::CaptureSummary,
    flows: &'a [crate::report::FlowSummary],
    sessions: Vec<SessionRow<'a>>,
    findings: &'a [crate::report::Finding],
    inventory: &'a crate::inventory::Inventory,
    events: &'a [crate::model::Event],
    limits: &'a [crate::report::LimitHit],
    stats: &'a crate::report::Stats,
    message_count: usize,
    call_count: usize,
}

/// A session as the page shows it: the report's session without its `info`, plus the facts the
/// page shows of that info. The info itself stays in the engine (the JSON export has it): on a
/// CTI-heavy capture it is most of the summary (100 MiB cti: ~10,000 sessions, 2–4 KB each),
/// and building it as JS objects, cloning it to the page and keeping it there cost seconds and
/// tens of MiB for nothing the page reads.
#[derive(Serialize)]
struct SessionRow<'a> {
    id: u32,
    protocol: crate::model::Protocol,
    client: &'a str,
    server: &'a str,
    transport: crate::report::Transport,
    encrypted: bool,
    messages: u64,
    flow: u32,
    first_frame: u64,
    last_frame: u64,
    facts: Vec<crate::report::Fact>,
}

impl<'a> SessionRow<'a> {
    fn new(s: &'a crate::report::Session) -> SessionRow<'a> {
        SessionRow {
            id: s.id,
            protocol: s.protocol,
            client: &s.client,
            server: &s.server,
            transport: s.transport,
            encrypted: s.encrypted,
            messages: s.messages,
            flow: s.flow,
            first_frame: s.first_frame,
            last_frame: s.last_frame,
            facts: s.info.facts(),
        }
    }
}

/// The engine of an analysis: one file, or several merged.
enum Running {
    One(Engine),
    Many(MultiEngine),
}

/// One analysis: the engine while the file is pushed, then the report and its views.
#[wasm_bindgen]
pub struct Analyzer {
    engine: Option<Running>,
    report: Option<Report>,
    /// Named views: message indices matching a query, in its order.
    views: Vec<(String, Vec<u32>)>,
    /// The calls' index, built when the analysis finishes.
    calls: CallIndex,
    /// The Calls view: positions in `Report::calls` matching its query, in its order.
    call_view: Vec<u32>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl Analyzer {
    /// A new analysis with the default limits.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Analyzer {
        install_panic_hook();
        Analyzer {
            engine: Some(Running::One(Engine::default())),
            report: None,
            views: Vec::new(),
            calls: CallIndex::default(),
            call_view: Vec::new(),
        }
    }

    /// A new analysis of several files as one capture merged by timestamp, with the default
    /// limits; `names` are the files' names (shown in the report).
    pub fn with_files(names: Vec<String>) -> Analyzer {
        install_panic_hook();
        Analyzer {
            engine: Some(Running::Many(MultiEngine::new(crate::limits::Limits::default(), names))),
            report: None,
            views: Vec::new(),
            calls: CallIndex::default(),
            call_view: Vec::new(),
        }
    }

    /// Feeds the next slice of the file. Throws when the file is not a capture.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        match self.engine.as_mut() {
            Some(Running::One(engine)) => engine.push(chunk).map_err(|e| JsError::new(&e.to_string())),
            Some(Running::Many(_)) => Err(JsError::new("several files: use push_file")),
            None => Err(JsError::new("the analysis is already finished")),
        }
    }

    /// Several files: the file whose next slice (or end) the merge needs, or -1 when every
    /// file has ended.
    pub fn wants(&self) -> i32 {
        match self.engine.as_ref() {
            Some(Running::Many(m)) => m.wants().and_then(|i| i32::try_from(i).ok()).unwrap_or(-1),
            _ => -1,
        }
    }

    /// Several files: the next slice of file `index`.
    pub fn push_file(&mut self, index: usize, chunk: &[u8]) -> Result<(), JsError> {
        self.many()?.push(index, chunk).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Several files: the end of file `index`.
    pub fn end_file(&mut self, index: usize) -> Result<(), JsError> {
        self.many()?.end(index).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Packets read so far (for progress).
    pub fn packets(&self) -> f64 {
        match self.engine.as_ref() {
            Some(Running::One(e)) => e.packets() as f64,
            Some(Running::Many(m)) => m.packets() as f64,
            None => 0.0,
        }
    }

    /// Ends the input; returns the report without its messages, plus `message_count`.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let engine = self
            .engine
            .take()
            .ok_or_else(|| JsError::new("the analysis is already finished"))?;
        let report = match engine {
            Running::One(e) => e.finish(),
            Running::Many(m) => m.finish(),
        }
        .map_err(|e| JsError::new(&e.to_string()))?;
        self.calls = CallIndex::new(&report);
        self.call_view = (0..u32::try_from(report.calls.len()).unwrap_or(u32::MAX)).collect();
        self.report = Some(report);
        self.summary()
    }

    /// The finished report without its messages and its sessions' info (their facts instead),
    /// plus `message_count` and `call_count`.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        let r = self.report()?;
        to_js(&Summary {
            schema_version: r.schema_version,
            tool: &r.tool,
            capture: &r.capture,
            flows: &r.flows,
            sessions: r.sessions.iter().map(SessionRow::new).collect(),
            findings: &r.findings,
            inventory: &r.inventory,
            events: &r.events,
            limits: &r.limits,
            stats: &r.stats,
            message_count: r.messages.len(),
            call_count: r.calls.len(),
        })
    }

    /// A page of decoded messages, in capture order.
    pub fn messages(&self, offset: usize, limit: usize) -> Result<JsValue, JsError> {
        let r = self.report()?;
        let start = offset.min(r.messages.len());
        let end = start.saturating_add(limit).min(r.messages.len());
        let page: Vec<_> = (start..end).filter_map(|i| r.messages.get(i)).collect();
        to_js(&page)
    }

    /// The bytes of one message, for the hex view.
    pub fn message_bytes(&self, index: usize) -> Result<Vec<u8>, JsError> {
        let r = self.report()?;
        r.messages
            .raw(index)
            .map(std::borrow::Cow::into_owned)
            .ok_or_else(|| JsError::new("no such message"))
    }

    /// The whole report as JSON (the CLI's `--json` output).
    pub fn report_json(&self) -> Result<String, JsError> {
        serde_json::to_string_pretty(self.report()?).map_err(|e| JsError::new(&e.to_string()))
    }
}

#[wasm_bindgen]
impl Analyzer {
    /// Starts a redaction of the analyzed file for the given tag names (`login`,
    /// `called_number`...; an empty list means the default set).
    pub fn redactor(&self, tags: Vec<String>) -> Result<Redactor, JsError> {
        let report = self.report()?;
        let tags: Vec<Tag> = if tags.is_empty() {
            redact::DEFAULT_TAGS.to_vec()
        } else {
            tags.iter()
                .map(|t| Tag::from_name(t).ok_or_else(|| JsError::new(&format!("unknown tag {t}"))))
                .collect::<Result<_, _>>()?
        };
        let plan = redact::plan(report, &tags);
        Ok(Redactor {
            scan: Some(Engine::with_redaction(
                crate::limits::Limits::default(),
                plan,
            )),
            rewriter: None,
            compressed: report.capture.compressed,
            unmapped: 0,
        })
    }
}

/// The second and third passes of a redacted export (see the module docs).
#[wasm_bindgen]
pub struct Redactor {
    scan: Option<Engine>,
    rewriter: Option<Rewriter>,
    compressed: bool,
    unmapped: u64,
}

#[wasm_bindgen]
impl Redactor {
    /// First pass: the next slice of the file (maps stream ranges to file offsets).
    pub fn scan(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        let e = self
            .scan
            .as_mut()
            .ok_or_else(|| JsError::new("the scan is over"))?;
        e.push(chunk).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Ends the scan; returns how many segments could not be redacted (IP fragments).
    pub fn end_scan(&mut self) -> Result<f64, JsError> {
        let e = self
            .scan
            .take()
            .ok_or_else(|| JsError::new("the scan is over"))?;
        let (patches, unmapped) = e
            .finish_redaction()
            .map_err(|e| JsError::new(&e.to_string()))?;
        self.unmapped = unmapped;
        self.rewriter = Some(Rewriter::new(patches, self.compressed));
        Ok(unmapped as f64)
    }

    /// Second pass: the next slice of the file, redacted.
    pub fn rewrite(&mut self, chunk: &[u8]) -> Result<Vec<u8>, JsError> {
        let w = self
            .rewriter
            .as_mut()
            .ok_or_else(|| JsError::new("scan the file first"))?;
        w.push(chunk).map_err(|e| JsError::new(&e))
    }

    /// The end of the second pass: the bytes still held back.
    pub fn rewrite_end(&mut self) -> Result<Vec<u8>, JsError> {
        let w = self
            .rewriter
            .as_mut()
            .ok_or_else(|| JsError::new("scan the file first"))?;
        w.finish().map_err(|e| JsError::new(&e))
    }
}

#[wasm_bindgen]
impl Analyzer {
    /// One message with its field tree and spans (and, with several files, its `source`).
    pub fn message(&self, index: usize) -> Result<JsValue, JsError> {
        let r = self.report()?;
        let m = r
            .messages
            .get(index)
            .ok_or_else(|| JsError::new("no such message"))?;
        to_js(&crate::store::Sourced { message: &m, source: r.messages.source_of(index) })
    }

    /// Index of the first message completed by `frame`, or -1.
    pub fn index_of_frame(&self, frame: f64) -> Result<i32, JsError> {
        let r = self.report()?;
        // Frames are whole numbers below 2^53; anything else matches no message.
        if !(frame >= 0.0 && frame.fract() == 0.0 && frame < 9.0e15) {
            return Ok(-1);
        }
        let i = r.messages.first_at_or_after(frame as u64);
        Ok(match r.messages.entry(i) {
            Some(e) if e.frame as f64 == frame => i32::try_from(i).unwrap_or(-1),
            _ => -1,
        })
    }

    /// Protocols, sessions and message names with their counts, for the filter menus.
    pub fn facets(&self) -> Result<JsValue, JsError> {
        to_js(&query::facets(&self.report()?.messages))
    }

    /// Runs a query (JSON, see `query::Query`) and keeps its result as view `name`; returns the
    /// number of matching messages.
    pub fn set_view(&mut self, name: &str, query_json: &str) -> Result<usize, JsError> {
        let q: query::Query = serde_json::from_str(query_json)
            .map_err(|e| JsError::new(&format!("bad query: {e}")))?;
        let indices = query::run(&self.report()?.messages, &q);
        let n = indices.len();
        match self.views.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = indices,
            None => self.views.push((name.to_string(), indices)),
        }
        Ok(n)
    }

    /// A page of view `name` as light rows (no field trees).
    pub fn view_rows(&self, name: &str, offset: usize, limit: usize) -> Result<JsValue, JsError> {
        let r = self.report()?;
        let v = self.view(name)?;
        let start = offset.min(v.len());
        let end = start.saturating_add(limit).min(v.len());
        let rows: Vec<query::Row> = v
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&i| {
                r.messages.get(i as usize).map(|m| {
                    let mut row = query::Row::of(i as usize, &m);
                    row.call = self.calls.call_of(r, &m);
                    row
                })
            })
            .collect();
        to_js(&rows)
    }

    /// Position of message `index` within view `name`, or -1 when the view does not hold it.
    pub fn view_position(&self, name: &str, index: u32) -> Result<i32, JsError> {
        let v = self.view(name)?;
        Ok(v.iter()
            .position(|&i| i == index)
            .and_then(|p| i32::try_from(p).ok())
            .unwrap_or(-1))
    }

    /// View `name` as CSV.
    pub fn view_csv(&self, name: &str) -> Result<String, JsError> {
        Ok(query::csv(&self.report()?.messages, self.view(name)?))
    }
}

#[wasm_bindgen]
impl Analyzer {
    /// Protocols and final states of the calls with their counts, for the filter menus.
    pub fn call_facets(&self) -> Result<JsValue, JsError> {
        to_js(&callview::facets(self.report()?, &self.calls))
    }

    /// Runs a calls query (JSON, see `callview::CallQuery`) into the Calls view; returns the
    /// number of matching calls.
    pub fn set_call_view(&mut self, query_json: &str) -> Result<usize, JsError> {
        let q: callview::CallQuery = serde_json::from_str(query_json)
            .map_err(|e| JsError::new(&format!("bad query: {e}")))?;
        let view = callview::run(self.report()?, &self.calls, &q);
        self.call_view = view;
        Ok(self.call_view.len())
    }

    /// A page of the Calls view.
    pub fn call_rows(&self, offset: usize, limit: usize) -> Result<JsValue, JsError> {
        let r = self.report()?;
        let v = &self.call_view;
        let start = offset.min(v.len());
        let end = start.saturating_add(limit).min(v.len());
        let rows: Vec<callview::CallRow> = v
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&p| callview::CallRow::of(r, &self.calls, p as usize))
            .collect();
        to_js(&rows)
    }

    /// Position of call `id` within the Calls view, or -1.
    pub fn call_position(&self, id: u32) -> Result<i32, JsError> {
        let r = self.report()?;
        let Some(pos) = callview::position(r, id).and_then(|p| u32::try_from(p).ok()) else {
            return Ok(-1);
        };
        Ok(self
            .call_view
            .iter()
            .position(|&p| p == pos)
            .and_then(|p| i32::try_from(p).ok())
            .unwrap_or(-1))
    }

    /// The Calls view as CSV.
    pub fn call_csv(&self) -> Result<String, JsError> {
        Ok(callview::csv(self.report()?, &self.calls, &self.call_view))
    }

    /// One call with its ladder's lanes and the findings touching it (null when none).
    pub fn call(&self, id: u32) -> Result<JsValue, JsError> {
        to_js(&callview::detail(self.report()?, &self.calls, id))
    }

    /// Keeps the messages of call `id` (every leg, capture order) as message view `"call"`;
    /// returns their number.
    pub fn set_call_ladder(&mut self, id: u32) -> Result<usize, JsError> {
        let indices = callview::messages_of_call(self.report()?, id);
        let n = indices.len();
        match self.views.iter_mut().find(|(k, _)| k == "call") {
            Some(slot) => slot.1 = indices,
            None => self.views.push(("call".to_string(), indices)),
        }
        Ok(n)
    }

    /// The id of the call message `index` belongs to, or -1.
    pub fn call_of_message(&self, index: usize) -> Result<f64, JsError> {
        let r = self.report()?;
        let m = r.messages.get(index).ok_or_else(|| JsError::new("no such message"))?;
        Ok(self.calls.call_of(r, &m).map_or(-1.0, f64::from))
    }
}

impl Analyzer {
    fn many(&mut self) -> Result<&mut MultiEngine, JsError> {
        match self.engine.as_mut() {
            Some(Running::Many(m)) => Ok(m),
            Some(Running::One(_)) => Err(JsError::new("one file: use push")),
            None => Err(JsError::new("the analysis is already finished")),
        }
    }

    fn view(&self, name: &str) -> Result<&[u32], JsError> {
        self.views
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
            .ok_or_else(|| JsError::new("no such view"))
    }

    fn report(&self) -> Result<&Report, JsError> {
        self.report
            .as_ref()
            .ok_or_else(|| JsError::new("the analysis is not finished"))
    }
}
