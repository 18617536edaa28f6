//! Fatal input problems: the file as a whole cannot be read as a capture. Everything else
//! (a corrupt record, a malformed frame) is a warning or an event and analysis goes on.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input was empty.
    Empty,
    /// The first bytes are not a pcap, pcapng or gzip signature.
    NotACapture { first_bytes: Vec<u8> },
    /// A recognised signature but a header that cannot be parsed.
    BadHeader(String),
    /// `push` after `finish`.
    Finished,
    /// One of several merged files, by name: what was wrong with it.
    InFile { name: String, error: Box<Error> },
    /// A merge was given a chunk for a file it does not have.
    NoSuchInput(usize),
    /// The temporary file that keeps the messages on disk (the CLI's `--ndjson`) could not be
    /// written or read back: what went wrong.
    Storage(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "the file is empty"),
            Error::NotACapture { first_bytes } => {
                let hex: Vec<String> = first_bytes.iter().map(|b| format!("{b:02x}")).collect();
                write!(
                    f,
                    "not a pcap or pcapng capture (file starts with {})",
                    if hex.is_empty() {
                        "nothing".to_string()
                    } else {
                        hex.join(" ")
                    }
                )
            }
            Error::BadHeader(why) => write!(f, "unreadable capture header: {why}"),
            Error::Finished => write!(f, "the analysis was already finished"),
            Error::InFile { name, error } => write!(f, "{name}: {error}"),
            Error::NoSuchInput(i) => write!(f, "no input file {i} in this analysis"),
            Error::Storage(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for Error {}
