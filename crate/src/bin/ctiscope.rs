//! `ctiscope`: the command-line shell over the engine.
//!
//! ```text
//! ctiscope analyze FILE... [--json | --ndjson]
//!                                  analyze a pcap/pcapng(.gz); a short summary, the JSON report,
//!                                  or the report as NDJSON: one JSON object per line (capture,
//!                                  flow, session, message, finding, event, limit; `type` key).
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
        Err(Stop::Error(msg)) => {
            eprintln!("ctiscope: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The report of the capture at `path`, read in chunks.
fn report_of(path: &str) -> Result<ctiscope::Report, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let mut engine = ctiscope::Engine::default();
    let mut buf = vec![0u8; CHUNK_LEN];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| format!("cannot read {path}: {e}"))?;
        if n == 0 {
            break;
        }
        engine
            .push(buf.get(..n).unwrap_or(&[]))
            .map_err(|e| format!("{path}: {e}"))?;
    }
    engine.finish().map_err(|e| format!("{path}: {e}"))
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
/// in chunks as the merge asks for it; whether some file was not a capture (said on stderr).
fn merged_report_of(paths: &[&String]) -> Result<(ctiscope::Report, bool), String> {
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
        pushed.map_err(|e| format!("{path}: {e}"))?;
    }
    let mut failed = false;
    for (name, e) in engine.failed() {
        eprintln!("ctiscope: {name}: {e}");
        failed = true;
    }
    let report = engine.finish().map_err(|e| match e {
        ctiscope::Error::InFile { .. } => "none of the files is a capture".to_string(),
        e => e.to_string(),
    })?;
    Ok((report, failed))
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
    let (report, failed) = match files.as_slice() {
        [path] => (report_of(path)?, false),
        several => merged_report_of(several)?,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if ndjson {
        ctiscope::ndjson::write(&mut out, &report, None).map_err(output)?;
    } else if json {
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
        match report_of(path) {
            Ok(report) => {
                ctiscope::ndjson::write(&mut out, &report, Some(path.as_str())).map_err(output)?;
                // Each file's records reach the pipe before the next file is read.
                out.flush().map_err(output)?;
            }
            Err(msg) => {
                eprintln!("ctiscope: {msg}");
                failed = true;
            }
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
