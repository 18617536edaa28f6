//! The CLI's short human-readable summary of a report.

use crate::report::Report;
use std::fmt::Write;

pub fn text(r: &Report) -> String {
    let mut s = String::new();
    let c = &r.capture;
    let format = match c.format {
        Some(crate::capture::Format::Pcap) => "pcap",
        Some(crate::capture::Format::Pcapng) => "pcapng",
        None => "unknown",
    };
    let _ = writeln!(
        s,
        "capture   {format}{}, {} packets, {} bytes",
        if c.compressed { " (gzip)" } else { "" },
        c.packets,
        c.bytes
    );
    if let (Some(a), Some(b)) = (c.first_time, c.last_time) {
        let _ = writeln!(s, "time      {a:.6} .. {b:.6} ({:.3} s)", b - a);
    }
    let links: Vec<String> = c
        .link_types
        .iter()
        .map(|l| format!("{} ({})", l.name, l.packets))
        .collect();
    let _ = writeln!(s, "links     {}", links.join(", "));
    for (i, f) in c.files.iter().enumerate() {
        match &f.error {
            Some(e) => {
                let _ = writeln!(s, "file {i:<4} {}: skipped, {e}", f.name);
            }
            None => {
                let _ = writeln!(
                    s,
                    "file {i:<4} {}: {} packets ({} duplicates), {} bytes",
                    f.name, f.packets, f.duplicates, f.file_bytes
                );
            }
        }
    }
    if r.stats.duplicate_packets > 0 {
        let _ = writeln!(s, "duplicates {} packets seen in two files, analyzed once", r.stats.duplicate_packets);
    }
    for nd in &c.not_decoded {
        let _ = writeln!(s, "skipped   {} packets: {}", nd.packets, nd.reason);
    }
    for w in &c.warnings {
        let _ = writeln!(s, "warning   {w}");
    }
    let _ = writeln!(s, "flows     {}", r.flows.len());
    for f in r.flows.iter().take(20) {
        let _ = writeln!(
            s,
            "  #{:<4} {:?} {} -> {}  {} pkts {} bytes  {}",
            f.id,
            f.transport,
            f.client,
            f.server,
            f.packets,
            f.bytes,
            f.protocol.as_str()
        );
    }
    if r.flows.len() > 20 {
        let _ = writeln!(s, "  ... {} more", r.flows.len().saturating_sub(20));
    }
    let _ = writeln!(s, "sessions  {}", r.sessions.len());
    for se in &r.sessions {
        let _ = writeln!(
            s,
            "  #{:<4} {} {} -> {}  {} messages{}",
            se.id,
            se.protocol.as_str(),
            se.client,
            se.server,
            se.messages,
            if se.encrypted { " (encrypted)" } else { "" }
        );
    }
    if !r.calls.is_empty() {
        // Start (seconds after the first packet), duration, parties, final state, legs.
        let _ = writeln!(s, "calls     {}", r.calls.len());
        for c in r.calls.iter().take(20) {
            let mut protocols: Vec<&str> = c.legs.iter().map(|l| l.protocol.as_str()).collect();
            protocols.dedup();
            protocols.sort_unstable();
            protocols.dedup();
            let _ = writeln!(
                s,
                "  #{:<4} +{:<10.3} {:>8.1} s  {} -> {}  {}  {} legs ({})",
                c.id,
                c.start - r.capture.first_time.unwrap_or(c.start),
                c.duration,
                c.calling.as_deref().unwrap_or("?"),
                c.called.as_deref().unwrap_or("?"),
                c.state.as_deref().unwrap_or("-"),
                c.legs.len(),
                protocols.join("+")
            );
        }
        if r.calls.len() > 20 {
            let _ = writeln!(s, "  ... {} more", r.calls.len().saturating_sub(20));
        }
    }
    // Grouped findings: one line per (rule, server, value), with how many sessions and clients.
    let _ = writeln!(s, "findings  {}", r.findings.len());
    for f in &r.findings {
        let _ = writeln!(s, "  [{:?}] {} {}", f.severity, f.id, f.title);
        if f.sessions > 1 || f.values.count > 1 {
            let mut more = format!(
                "      {} session{} from {} client{}",
                f.sessions,
                if f.sessions == 1 { "" } else { "s" },
                f.clients.count,
                if f.clients.count == 1 { "" } else { "s" },
            );
            if let Some(server) = &f.server {
                more.push_str(&format!(" to {server}"));
            }
            if let Some(v) = &f.value {
                more.push_str(&format!("; {v}"));
            }
            if f.values.count > 0 {
                let shown = f.values.first.iter().map(String::as_str);
                more.push_str(&format!("; values {}", crate::report::listing(shown, f.values.count as usize)));
            }
            let _ = writeln!(s, "{more}");
        }
    }
    // The inventory: how many of each, and the first few values.
    let lists: Vec<(&str, &[crate::inventory::Item])> =
        r.inventory.lists().filter(|(_, items)| !items.is_empty()).collect();
    if !lists.is_empty() {
        let _ = writeln!(s, "inventory");
        for (name, items) in lists {
            let _ = writeln!(
                s,
                "  {name:<13} {}",
                crate::report::listing(items.iter().map(|i| i.value.as_str()), items.len())
            );
        }
    }
    s
}
