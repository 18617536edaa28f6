//! Builds captures in code: a pcap/pcapng writer, packet builders and a TCP conversation
//! helper. Used by the tests (every stage is tested with captures built here), by the sample
//! capture the page ships, and by the benchmark generator. Not a parser: it is never fed
//! untrusted input.

pub mod correlated;
pub mod ctiqbe;
pub mod ged188;
pub mod generate;
pub mod hostile;
pub mod packet;
pub mod pcap;
pub mod sample;
pub mod sip;
pub mod tls;
