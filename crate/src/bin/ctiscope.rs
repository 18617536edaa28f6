//! `ctiscope`: the command-line shell over the engine.
//!
//! ```text
//! ctiscope analyze FILE... [--json | --ndjson]
//!                                  analyze a pcap/pcapng(.gz); a short summary, the JSON report,
//!                                  or the report as NDJSON: one JSON object per line (`type`
//!                                  key): each message as the capture is read, then capture,
//!                                  flow, session, finding, inventory, event, limit, call.
//!                                  Several files are one capture merged by timestamp (rotated
//!                                  parts, both sides of a SPAN; duplicates counted, skipped)
//! ctiscope analyze --ndjson --separate FILE...
//!                                  one report per file instead, each record tagged with `file`
//! ctiscope redact IN OUT [--tags login,called_number,...]
//!                                  write IN with its sensitive bytes overwritten (default tags:
//!                                  logins, application ids, devices, numbers, partitions, IP
//!                                  addresses, certificates, password blobs, nonces)
//! ctiscope sample FILE             write the built-in sample capture (the page's sample button)
//! ctiscope sample --hostile FILE   write the hostile test capture (HTML/script in every string)
//! ctiscope generate SIZE FILE [--seed N] [--profile mixed|cti|correlated]
//!                                  write a large synthetic capture for benchmarks (SIZE: 10M, 4G...);
//!                                  `correlated` also writes FILE.truth.json (calls and their legs)
//! ctiscope wireshark-plugin OUT.lua
//!                                  write the Wireshark Lua dissector for CTIQBE, generated from the
//!                                  schema table (docs/wireshark.md)
//! ```
//! Exit status: 0 when the capture was read (warnings included), 2 with a one-line error on
//! stderr when it cannot be opened or is not a capture. With several files, one that is not a
//! capture is said on stderr (and in the report's `capture.files[].error`), the others are still
//! analyzed and written, and the status is 2; a file that cannot be opened stops before any output. A reader that closes
//! the pipe early (`ctiscope analyze FILE | head -1`) ends the output quietly with status 0.
//!
//! `--ndjson` keeps no message in RAM: message records are written while the capture is read
//! (`Engine::stream_messages`), and the kept messages (the findings and the inventory read them
//! at the end) go to an anonymous temporary file in `$TMPDIR` (else `/tmp`) past 4 MiB of RAM
//! (`MessageStore::keep_on_disk`; about the messages' bytes plus 72 bytes a message; removed by
//! the system however ctiscope ends). Memory then grows only with flows, sessions and calls. A
//! temporary file that cannot be created or written (disk full) is an error (status 2).
//! `--json` and the summary keep the messages in RAM.

use std::io::{self, Read, Write};

/// mimalloc instead of the system allocator: the analysis makes and drops many small field
/// trees, where glibc's malloc and free cost about a third of the instructions
/// (docs/performance.md). Only the CLI chooses; the library leaves it to its user.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

const USAGE: &str = "usage: ctiscope analyze FILE... [--json | --ndjson [--separate]] | ctiscope redact IN OUT [--tags a,b] | ctiscope sample FILE | ctiscope generate SIZE FILE [--seed N] [--profile mixed|cti|correlated] | ctiscope wireshark-plugin OUT.lua";
const CHUNK_LEN: usize = 1 << 20;

/// Why a command ended without doing all its work.
enum Stop {
    /// Whoever read standard output closed it (`| head`): nothing more to say, not an error.
    Closed,
    /// An error, said on stderr by `main`.
    Error(String),
    /// Errors already said on stderr (one per file).
    Reported,
    /// A file that cannot be read as a capture: with `--separate`, said and the next file
    /// follows; otherwise an error.
    File(String),
}

impl From<String> for Stop {
    fn from(msg: String) -> Stop {
        Stop::Error(msg)
    }
}

/// A failed write to standard output: a closed pipe stops quietly, anything else is an error.
fn output(e: io::Error) -> Stop {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Stop::Closed
    } else {
        Stop::Error(format!("cannot write the output: {e}"))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match args.first().map(String::as_str) {
        Some("analyze") => analyze(rest),
        Some("sample") => sample(rest).map_err(Stop::Error),
        Some("redact") => redact(rest).map_err(Stop::Error),
        Some("generate") => generate(rest).map_err(Stop::Error),
        Some("wireshark-plugin") => wireshark_plugin(rest).map_err(Stop::Error),
        Some("-h" | "--help") => writeln!(io::stdout(), "{USAGE}").map_err(output),
        _ => Err(Stop::Error(USAGE.to_string())),
    };
    match result {
        Ok(()) | Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Reported) => ExitCode::from(2),
        Err(Stop::Error(msg) | Stop::File(msg)) => {
            eprintln!("ctiscope: {msg}");
            ExitCode::from(2)
        }
    }
}

/// RAM the message store of `--ndjson` keeps before it writes chunks to its temporary file.
const STORE_RAM_BUDGET: usize = 4 << 20;

/// Standard output, buffered.
type Out = io::BufWriter<io::StdoutLock<'static>>;

/// Where `--ndjson` writes message records as the capture is read, and the `file` they carry.
/// (The writer's own type, not `dyn Write`: serde writes a record in many small pieces, each a
/// call the compiler can then inline.)
struct Stream<'a> {
    out: &'a mut Out,
    file: Option<&'a str>,
}

impl Stream<'_> {
    /// Gives the store a temporary file, so that it keeps no messages in RAM.
    fn on_disk(
        keep: impl FnOnce(&std::path::Path, usize) -> io::Result<()>,
    ) -> Result<(), Stop> {
        let dir = std::env::temp_dir();
        keep(&dir, STORE_RAM_BUDGET).map_err(|e| {
            Stop::Error(format!("cannot create a temporary file in {}: {e}", dir.display()))
        })
    }

    /// Writes the messages whose index became final since the last call, and the flows and
    /// sessions that retired (the engine forgets them then).
    fn messages(&mut self, engine: &mut ctiscope::Engine) -> Result<(), Stop> {
        let Stream { out, file } = self;
        engine
            .stream_messages(&mut |i, m, source| ctiscope::ndjson::message(out, i, m, source, *file))
            .map_err(output)?;
        engine
            .stream_retired(&mut |r| ctiscope::ndjson::retired(out, r, *file))
            .map_err(output)
    }
}

/// An engine error: the temporary file failing stops everything; anything else is the file's.
fn engine_error(path: &str, e: ctiscope::Error) -> Stop {
    match e {
        ctiscope::Error::Storage(why) => Stop::Error(why),
        e => Stop::File(format!("{path}: {e}")),
    }
}

/// The report of the capture at `path`, read in chunks; with `stream`, its messages are written
/// there as they are read, and the count written comes back with the report.
fn report_of(path: &str, mut stream: Option<&mut Stream<'_>>) -> Result<(ctiscope::Report, usize), Stop> {
    let mut file = std::fs::File::open(path).map_err(|e| Stop::File(format!("cannot open {path}: {e}")))?;
    let mut engine = ctiscope::Engine::default();
    if stream.is_some() {
        Stream::on_disk(|dir, budget| engine.keep_messages_on_disk(dir, budget))?;
    }
    let mut buf = vec![0u8; CHUNK_LEN];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Stop::File(format!("cannot read {path}: {e}")))?;
        if n == 0 {
            break;
        }
        engine
            .push(buf.get(..n).unwrap_or(&[]))
            .map_err(|e| engine_error(path, e))?;
        if let Some(s) = stream.as_mut() {
            s.messages(&mut engine)?;
        }
    }
    let streamed = engine.streamed();
    let report = engine.finish().map_err(|e| engine_error(path, e))?;
    Ok((report, streamed))
}

/// Files a merge keeps open at once: a ring buffer can hold thousands of files, more than a
/// process may open (`ulimit -n`, often 1024). Past this many, a file is closed and opened again
/// at its offset when the merge needs it (rotated parts are read one after the other, so this
/// happens about once per file).
const MAX_OPEN_FILES: usize = 128;

/// The files of a merge, opened on demand and read from where each one was left.
struct Inputs<'p> {
    paths: &'p [&'p String],
    open: Vec<Option<std::fs::File>>,
    offsets: Vec<u64>,
    /// Indices of the open files, oldest first.
    lru: std::collections::VecDeque<usize>,
}

impl Inputs<'_> {
    /// Reads the next piece of file `i` into `buf`; 0 at its end.
    fn read(&mut self, i: usize, buf: &mut [u8]) -> Result<usize, String> {
        use std::io::{Seek, SeekFrom};
        let path = self.paths.get(i).ok_or("no such file")?;
        let slot = self.open.get_mut(i).ok_or("no such file")?;
        if slot.is_none() {
            let mut f = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
            let at = self.offsets.get(i).copied().unwrap_or(0);
            f.seek(SeekFrom::Start(at)).map_err(|e| format!("cannot read {path}: {e}"))?;
            *slot = Some(f);
            self.lru.push_back(i);
            while self.lru.len() > MAX_OPEN_FILES {
                if let Some(old) = self.lru.pop_front() {
                    if let Some(s) = self.open.get_mut(old) {
                        *s = None;
                    }
                }
            }
        }
        let file = self.open.get_mut(i).and_then(Option::as_mut).ok_or("no such file")?;
        let n = file.read(buf).map_err(|e| format!("cannot read {path}: {e}"))?;
        if let Some(o) = self.offsets.get_mut(i) {
            *o = o.saturating_add(n as u64);
        }
        Ok(n)
    }
}

/// The report of several captures merged into one (see `ctiscope::MultiEngine`), each file read
/// in chunks as the merge asks for it; the messages written to `stream` as they are merged
/// (and their count); whether some file was not a capture (said on stderr).
fn merged_report_of(
    paths: &[&String],
    mut stream: Option<&mut Stream<'_>>,
) -> Result<(ctiscope::Report, usize, bool), Stop> {
    // Every file must exist and be readable before any output.
    for path in paths {
        std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    }
    let mut inputs = Inputs {
        paths,
        open: paths.iter().map(|_| None).collect(),
        offsets: vec![0; paths.len()],
        lru: std::collections::VecDeque::new(),
    };
    let names = paths.iter().map(|p| p.to_string()).collect();
    let mut engine = ctiscope::MultiEngine::new(ctiscope::Limits::default(), names);
    if stream.is_some() {
        Stream::on_disk(|dir, budget| engine.keep_messages_on_disk(dir, budget))?;
    }
    // One chunk per file waits in memory: keep the total near the single-file chunk.
    let chunk = CHUNK_LEN.checked_div(paths.len()).unwrap_or(CHUNK_LEN).max(64 << 10);
    let mut buf = vec![0u8; chunk];
    while let Some(i) = engine.wants() {
        let n = inputs.read(i, &mut buf)?;
        let pushed = if n == 0 {
            engine.end(i)
        } else {
            engine.push(i, buf.get(..n).unwrap_or(&[]))
        };
        let path = paths.get(i).map_or("", |p| p.as_str());
        pushed.map_err(|e| engine_error(path, e))?;
        if let Some(Stream { out, file }) = stream.as_mut() {
            engine
                .stream_messages(&mut |i, m, source| ctiscope::ndjson::message(out, i, m, source, *file))
                .map_err(output)?;
            engine
                .stream_retired(&mut |r| ctiscope::ndjson::retired(out, r, *file))
                .map_err(output)?;
        }
    }
    let mut failed = false;
    for (name, e) in engine.failed() {
        eprintln!("ctiscope: {name}: {e}");
        failed = true;
    }
    let streamed = engine.streamed();
    let report = engine.finish().map_err(|e| match e {
        ctiscope::Error::InFile { .. } => Stop::File("none of the files is a capture".to_string()),
        ctiscope::Error::Storage(why) => Stop::Error(why),
        e => Stop::File(e.to_string()),
    })?;
    Ok((report, streamed, failed))
}

/// After the last record: a message that could not be read back from the temporary file is an
/// error (the output lacks it).
fn check_store(report: &ctiscope::Report) -> Result<(), Stop> {
    match report.messages.disk_error() {
        Some(why) => Err(Stop::Error(why)),
        None => Ok(()),
    }
}

fn analyze(args: &[String]) -> Result<(), Stop> {
    let json = args.iter().any(|a| a == "--json");
    let ndjson = args.iter().any(|a| a == "--ndjson");
    let separate = args.iter().any(|a| a == "--separate");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let known = ["--json", "--ndjson", "--separate"];
    if files.is_empty()
        || (json && ndjson)
        || (separate && !ndjson)
        || args.iter().any(|a| a.starts_with("--") && !known.contains(&a.as_str()))
    {
        return Err(USAGE.to_string().into());
    }
    if separate {
        return analyze_ndjson_separately(&files);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if ndjson {
        let mut stream = Stream { out: &mut out, file: None };
        let (report, streamed, failed) = match files.as_slice() {
            [path] => {
                let (report, streamed) = report_of(path, Some(&mut stream))?;
                (report, streamed, false)
            }
            several => merged_report_of(several, Some(&mut stream))?,
        };
        ctiscope::ndjson::write_from(&mut out, &report, None, streamed).map_err(output)?;
        out.flush().map_err(output)?;
        check_store(&report)?;
        return if failed { Err(Stop::Reported) } else { Ok(()) };
    }
    let (report, failed) = match files.as_slice() {
        [path] => (report_of(path, None)?.0, false),
        several => {
            let (report, _, failed) = merged_report_of(several, None)?;
            (report, failed)
        }
    };
    if json {
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(io::Error::from)
            .map_err(output)?;
        writeln!(out).map_err(output)?;
    } else {
        out.write_all(ctiscope::summary::text(&report).as_bytes())
            .map_err(output)?;
    }
    out.flush().map_err(output)?;
    if failed {
        Err(Stop::Reported)
    } else {
        Ok(())
    }
}

/// Every file's own report as NDJSON records (`--separate`), each file's written as soon as it
/// is analyzed. A file that cannot be read is said on stderr and the next one follows.
fn analyze_ndjson_separately(files: &[&String]) -> Result<(), Stop> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failed = false;
    for path in files {
        let mut stream = Stream { out: &mut out, file: Some(path.as_str()) };
        match report_of(path, Some(&mut stream)) {
            Ok((report, streamed)) => {
                ctiscope::ndjson::write_from(&mut out, &report, Some(path.as_str()), streamed)
                    .map_err(output)?;
                // Each file's records reach the pipe before the next file is read.
                out.flush().map_err(output)?;
                check_store(&report)?;
            }
            Err(Stop::File(msg)) => {
                eprintln!("ctiscope: {msg}");
                failed = true;
            }
            Err(stop) => return Err(stop),
        }
    }
    if failed {
        Err(Stop::Reported)
    } else {
        Ok(())
    }
}

fn sample(args: &[String]) -> Result<(), String> {
    let (bytes, path) = match args {
        [path] => (ctiscope::synth::sample::capture(), path),
        [flag, path] if flag == "--hostile" => (ctiscope::synth::hostile::capture(), path),
        _ => return Err(USAGE.to_string()),
    };
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))
}

fn wireshark_plugin(args: &[String]) -> Result<(), String> {
    let [path] = args else {
        return Err(USAGE.to_string());
    };
    std::fs::write(path, ctiscope::wireshark::dissector())
        .map_err(|e| format!("cannot write {path}: {e}"))
}

fn redact(args: &[String]) -> Result<(), String> {
    let mut tags = ctiscope::redact::DEFAULT_TAGS.to_vec();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--tags" {
            let list = it.next().ok_or(USAGE)?;
            tags = list
                .split(',')
                .map(|t| {
                    ctiscope::model::Tag::from_name(t.trim()).ok_or(format!("unknown tag {t:?}"))
                })
                .collect::<Result<_, _>>()?;
        } else {
            files.push(a);
        }
    }
    let [input, output] = files.as_slice() else {
        return Err(USAGE.to_string());
    };
    let data = std::fs::read(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let (redacted, unmapped) =
        ctiscope::redact::redact_bytes(&data, &tags).map_err(|e| format!("{input}: {e}"))?;
    std::fs::write(output, redacted).map_err(|e| format!("cannot write {output}: {e}"))?;
    if unmapped > 0 {
        eprintln!("ctiscope: warning: {unmapped} segments carried sensitive bytes inside fragmented IP datagrams and were not redacted");
    }
    Ok(())
}

/// "10M", "4G", "512k" or a plain byte count.
fn parse_size(s: &str) -> Option<u64> {
    let all_but_last = || s.get(..s.len().saturating_sub(1));
    let (num, mult) = match s.chars().last()?.to_ascii_uppercase() {
        'K' => (all_but_last()?, 1u64 << 10),
        'M' => (all_but_last()?, 1 << 20),
        'G' => (all_but_last()?, 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

fn generate(args: &[String]) -> Result<(), String> {
    let seed = match args.iter().position(|a| a == "--seed") {
        Some(i) => args.get(i.saturating_add(1)).and_then(|v| v.parse().ok()).ok_or(USAGE)?,
        None => 1,
    };
    let profile = match args.iter().position(|a| a == "--profile") {
        Some(i) => args
            .get(i.saturating_add(1))
            .and_then(|v| ctiscope::synth::generate::Profile::from_name(v))
            .ok_or(USAGE)?,
        None => Default::default(),
    };
    let positional: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--")
                && (*i == 0 || args.get(i.wrapping_sub(1)).is_none_or(|prev| prev != "--seed" && prev != "--profile"))
        })
        .map(|(_, a)| a)
        .collect();
    let [size, path] = positional.as_slice() else {
        return Err(USAGE.to_string());
    };
    let size = parse_size(size).ok_or(format!("bad size {size:?}"))?;
    let file = std::fs::File::create(path).map_err(|e| format!("cannot write {path}: {e}"))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let (bytes, packets) = ctiscope::synth::generate::write_profile(&mut out, size, seed, profile)
        .map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    eprintln!("ctiscope: wrote {bytes} bytes, {packets} packets to {path}");
    if profile == ctiscope::synth::generate::Profile::Correlated {
        // The generator's own truth: every call and its legs' keys, as the decoders report them.
        let truth = ctiscope::synth::correlated::correlated_truth(seed, size);
        let json = serde_json::to_string_pretty(&truth).map_err(|e| e.to_string())?;
        let truth_path = format!("{path}.truth.json");
        std::fs::write(&truth_path, json).map_err(|e| format!("cannot write {truth_path}: {e}"))?;
        eprintln!("ctiscope: wrote {} calls to {truth_path}", truth.len());
    }
    Ok(())
}
