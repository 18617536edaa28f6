//! CTIQBE, the Cisco CTI Manager protocol (TCP 2748). Placeholder until the decoder lands
//! (issue 3): detection by header only.

/// The magic cookie at frame offset 8 (`dd dd ff ff` on the wire).
pub const MAGIC: u32 = 0xFFFF_DDDD;
/// Length of the fixed header that starts every frame.
pub const HEADER_LEN: usize = 32;

/// Whether `data` starts with a plausible CTIQBE header: the magic cookie, a fixed-part offset
/// inside the frame and lengths that add up.
pub fn probe(data: &[u8]) -> bool {
    let word = |i: usize| -> Option<u32> {
        data.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    match (word(8), word(20), word(24), word(28)) {
        (Some(magic), Some(fixed_off), Some(fixed_len), Some(var_len)) => {
            magic == MAGIC
                && (32..=4096).contains(&fixed_off)
                && u64::from(fixed_off) + u64::from(fixed_len) + u64::from(var_len) <= 1 << 20
        }
        _ => false,
    }
}

/// Placeholder per-connection decoder until the CTIQBE decoder lands (issue 3): it accepts the
/// stream and produces nothing.
#[derive(Default)]
pub struct Decoder;

impl Decoder {
    pub fn new() -> Self {
        Decoder
    }
}

impl crate::proto::StreamDecoder for Decoder {
    fn protocol(&self) -> crate::model::Protocol {
        crate::model::Protocol::Ctiqbe
    }
    fn on_data(&mut self, _: crate::model::Direction, _: &[u8], _: &crate::proto::PacketCtx, _: &mut crate::proto::Output) {}
    fn on_gap(&mut self, _: crate::model::Direction, _: u64, _: &crate::proto::PacketCtx, _: &mut crate::proto::Output) {}
    fn on_close(&mut self, _: &crate::proto::PacketCtx, _: &mut crate::proto::Output) {}
    fn session_info(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}
