//! Link-layer types (LINKTYPE_* values from tcpdump.org) that ctiscope decodes, and their names
//! for the report.

pub const NULL: u32 = 0;
pub const ETHERNET: u32 = 1;
pub const PPP: u32 = 9;
pub const RAW_OPENBSD: u32 = 12;
pub const RAW_BSDOS: u32 = 14;
pub const PPP_HDLC: u32 = 50;
pub const RAW: u32 = 101;
pub const LOOP: u32 = 108;
pub const LINUX_SLL: u32 = 113;
pub const IPV4: u32 = 228;
pub const IPV6: u32 = 229;
pub const NFLOG: u32 = 239;
pub const LINUX_SLL2: u32 = 276;

/// A short name for the report; unknown types are shown by number.
pub fn name(linktype: u32) -> String {
    match linktype {
        NULL => "NULL".into(),
        ETHERNET => "ETHERNET".into(),
        PPP => "PPP".into(),
        RAW_OPENBSD | RAW_BSDOS | RAW => "RAW".into(),
        PPP_HDLC => "PPP_HDLC".into(),
        LOOP => "LOOP".into(),
        LINUX_SLL => "LINUX_SLL".into(),
        IPV4 => "IPV4".into(),
        IPV6 => "IPV6".into(),
        NFLOG => "NFLOG".into(),
        LINUX_SLL2 => "LINUX_SLL2".into(),
        105 => "IEEE802_11".into(),
        127 => "IEEE802_11_RADIOTAP".into(),
        u32::MAX => "UNKNOWN_INTERFACE".into(),
        n => format!("LINKTYPE_{n}"),
    }
}
