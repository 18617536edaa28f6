//! What a cipher suite and a protocol version mean for the audit, from `tls-parser`'s IANA table
//! (kx, au, enc, mode, mac): names, forward secrecy, AEAD, and the suites nobody should accept.

use serde::Serialize;
use tls_parser::{
    TlsCipherAu, TlsCipherEnc, TlsCipherEncMode, TlsCipherKx, TlsCipherMac, TlsCipherSuite,
};

/// A cipher suite as the report shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuiteInfo {
    pub id: u16,
    /// IANA name, or `0xC0FF` for ids missing from the table.
    pub name: String,
    /// Ephemeral key exchange (ECDHE/DHE, every TLS 1.3 suite): a stolen server key does not
    /// decrypt recorded traffic.
    pub forward_secrecy: bool,
    pub aead: bool,
    pub cbc: bool,
    /// Why the suite is broken (`NULL encryption`, `export-grade`...); empty when it is not.
    pub weakness: Option<&'static str>,
}

/// GREASE values (RFC 8701) and signalling suites carry no cipher.
pub fn is_placeholder(id: u16) -> bool {
    let grease = id & 0x0f0f == 0x0a0a && (id >> 8) == (id & 0xff);
    grease || id == 0x00ff || id == 0x5600
}

pub fn suite(id: u16) -> SuiteInfo {
    match TlsCipherSuite::from_id(id).filter(|_| !is_placeholder(id)) {
        Some(s) => SuiteInfo {
            id,
            name: s.name.to_string(),
            forward_secrecy: matches!(
                s.kx,
                TlsCipherKx::Dhe | TlsCipherKx::Ecdhe | TlsCipherKx::Tls13
            ),
            aead: matches!(s.enc_mode, TlsCipherEncMode::Gcm | TlsCipherEncMode::Ccm)
                || s.enc == TlsCipherEnc::Chacha20_Poly1305
                || s.mac == TlsCipherMac::Aead,
            cbc: s.enc_mode == TlsCipherEncMode::Cbc,
            weakness: weakness(s),
        },
        None => SuiteInfo {
            id,
            name: format!("0x{id:04X}"),
            forward_secrecy: false,
            aead: false,
            cbc: false,
            weakness: None,
        },
    }
}

fn weakness(s: &TlsCipherSuite) -> Option<&'static str> {
    if s.name.contains("EXPORT") {
        return Some("export-grade (40/56-bit) cipher");
    }
    if s.enc == TlsCipherEnc::Null {
        return Some("NULL encryption: traffic in the clear");
    }
    if s.au == TlsCipherAu::Null || s.kx == TlsCipherKx::Aecdh || s.name.contains("_anon_") {
        return Some("anonymous key exchange: no server authentication");
    }
    match s.enc {
        TlsCipherEnc::Rc4 => Some("RC4 (RFC 7465 prohibits it)"),
        TlsCipherEnc::Des => Some("single DES (56-bit)"),
        TlsCipherEnc::TripleDes => Some("3DES (64-bit block, Sweet32)"),
        TlsCipherEnc::Rc2 => Some("RC2"),
        TlsCipherEnc::Idea => Some("IDEA (64-bit block)"),
        _ if s.mac == TlsCipherMac::HmacMd5 => Some("MD5 MAC"),
        _ => None,
    }
}

/// `TLS 1.2`, `SSL 3.0`, ... for a wire version number.
pub fn version_name(v: u16) -> String {
    match v {
        0x0002 => "SSL 2.0".into(),
        0x0300 => "SSL 3.0".into(),
        0x0301 => "TLS 1.0".into(),
        0x0302 => "TLS 1.1".into(),
        0x0303 => "TLS 1.2".into(),
        0x0304 => "TLS 1.3".into(),
        v if v & 0x0f0f == 0x0a0a => format!("GREASE 0x{v:04X}"),
        v if v >> 8 == 0x7f => format!("TLS 1.3 draft {}", v & 0xff),
        v => format!("0x{v:04X}"),
    }
}

/// Whether a negotiated version is below TLS 1.2 (RFC 8996 deprecates TLS 1.0 and 1.1).
pub fn below_tls12(v: u16) -> bool {
    v < 0x0303 && v != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_suites_of_the_captures() {
        let s = suite(0xc030);
        assert_eq!(s.name, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assert!(s.forward_secrecy && s.aead && !s.cbc && s.weakness.is_none());
        let s = suite(0x002f);
        assert!(!s.forward_secrecy && s.cbc && !s.aead && s.weakness.is_none());
        let s = suite(0xc014);
        assert!(s.forward_secrecy && s.cbc);
        assert!(suite(0x1302).forward_secrecy && suite(0x1302).aead);
        assert!(suite(0x0004).weakness.is_some(), "RC4-MD5");
        assert!(suite(0x000a).weakness.is_some(), "3DES");
        assert!(suite(0x0003).weakness.is_some(), "export");
        assert!(suite(0x0001).weakness.is_some(), "NULL");
        assert!(suite(0x0018).weakness.is_some(), "anon");
        assert!(is_placeholder(0x1a1a) && is_placeholder(0x00ff) && !is_placeholder(0x1301));
        assert_eq!(version_name(0x0301), "TLS 1.0");
        assert!(below_tls12(0x0302) && !below_tls12(0x0303));
    }
}
