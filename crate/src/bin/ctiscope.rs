//! `ctiscope`: the command-line shell over the engine.
//!
//! ```text
//! ctiscope analyze FILE [--json]   analyze a pcap/pcapng(.gz); JSON report or a short summary
//! ctiscope redact IN OUT [--tags login,called_number,...]
//!                                  write IN with its sensitive bytes overwritten (default tags:
//!                                  logins, application ids, devices, numbers, partitions, IP
//!                                  addresses, certificates, password blobs, nonces)
//! ctiscope sample FILE             write the built-in sample capture (the page's sample button)
//! ctiscope sample --hostile FILE   write the hostile test capture (HTML/script in every string)
//! ctiscope generate SIZE FILE [--seed N] [--profile mixed|cti]
//!                                  write a large synthetic capture for benchmarks (SIZE: 10M, 4G...)
//! ctiscope wireshark-plugin OUT.lua
//!                                  write the Wireshark Lua dissector for CTIQBE, generated from the
//!                                  schema table (docs/wireshark.md)
//! ```
//! Exit status: 0 when the capture was read (warnings included), 2 with a one-line error on
//! stderr when it cannot be opened or is not a capture.

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: ctiscope analyze FILE [--json] | ctiscope redact IN OUT [--tags a,b] | ctiscope sample FILE | ctiscope generate SIZE FILE [--seed N] [--profile mixed|cti] | ctiscope wireshark-plugin OUT.lua";
const CHUNK_LEN: usize = 1 << 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match args.first().map(String::as_str) {
        Some("analyze") => analyze(rest),
        Some("sample") => sample(rest),
        Some("redact") => redact(rest),
        Some("generate") => generate(rest),
        Some("wireshark-plugin") => wireshark_plugin(rest),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("ctiscope: {msg}");
            ExitCode::from(2)
        }
    }
}

fn analyze(args: &[String]) -> Result<(), String> {
    let json = args.iter().any(|a| a == "--json");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [path] = files.as_slice() else {
        return Err(USAGE.to_string());
    };
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
    let report = engine.finish().map_err(|e| format!("{path}: {e}"))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
    } else {
        out.write_all(ctiscope::summary::text(&report).as_bytes())
            .map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
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
    Ok(())
}
