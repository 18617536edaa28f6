//! Builds CTIQBE frames the way the JTAPI client lays them out (see
//! `shared/protocol/ctiqbe-wire.md` §2–§3): a 32-byte header, the fixed part of 4-byte slots,
//! then the variable part holding strings, blobs and nested structures, all referenced by
//! absolute offsets from the frame start.

/// Header version word sent by JTAPI 12.5–15.
pub const VERSION_15: u32 = 0x0011_0000;
const MAGIC: u32 = 0xFFFF_DDDD;

/// Slots of a fixed part or of a nested structure, with references into the shared variable
/// part that are resolved to absolute offsets when the frame is built.
#[doc(hidden)]
#[derive(Default)]
pub struct Words {
    bytes: Vec<u8>,
    /// Positions in `bytes` holding a variable-part offset that still needs the base added.
    refs: Vec<usize>,
}

impl Words {
    fn word(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn reference(&mut self, var_offset: usize) {
        self.refs.push(self.bytes.len());
        self.word(var_offset as u32);
    }
}

/// Builder of one frame. Slots are appended in order; `build` fills in the header.
pub struct Frame {
    pdu: u32,
    version: u32,
    fixed: Words,
    var: Words,
}

/// Builder of a nested structure's slots (its referenced data goes to the frame's variable part).
pub struct Struct<'f> {
    words: Words,
    var: &'f mut Words,
}

/// Slot-writing operations shared by frames and nested structures.
pub trait Slots {
    #[doc(hidden)]
    fn parts(&mut self) -> (&mut Words, &mut Words);

    /// Appends a big-endian u32.
    fn u32(&mut self, v: u32) -> &mut Self {
        self.parts().0.word(v);
        self
    }
    /// A boolean as the client sends it: true = 0xFFFFFFFF.
    fn bool(&mut self, v: bool) -> &mut Self {
        self.u32(if v { u32::MAX } else { 0 })
    }
    /// A string: (offset, length including the NUL); `None` = null (length 0).
    fn str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => {
                let mut data = s.as_bytes().to_vec();
                data.push(0);
                self.blob_ref(&data)
            }
            None => self.null2(),
        }
    }
    /// A byte array: (offset, length); `None` = null.
    fn bytes(&mut self, b: Option<&[u8]>) -> &mut Self {
        match b {
            Some(b) if !b.is_empty() => self.blob_ref(b),
            _ => self.null2(),
        }
    }
    /// A UnicodeString (offset, byteLength, count, 2). `nul` appends a NUL unit and counts it,
    /// as a server must for the client to read every character.
    fn ustr(&mut self, s: &str, nul: bool) -> &mut Self {
        let mut units: Vec<u16> = s.encode_utf16().collect();
        if nul {
            units.push(0);
        }
        let data: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
        let (words, var) = self.parts();
        words.reference(var.bytes.len());
        var.bytes.extend_from_slice(&data);
        words.word(data.len() as u32);
        words.word(units.len() as u32);
        words.word(2);
        self
    }
    /// A nested structure (offset, length, size) whose slots `fill` writes.
    fn structure(&mut self, fill: impl FnOnce(&mut Struct<'_>)) -> &mut Self {
        let (words, var) = self.parts();
        let mut inner = Struct {
            words: Words::default(),
            var,
        };
        fill(&mut inner);
        let Struct {
            words: inner_words,
            var,
        } = inner;
        let at = var.bytes.len();
        let len = inner_words.bytes.len() as u32;
        for r in inner_words.refs {
            var.refs.push(at + r);
        }
        var.bytes.extend_from_slice(&inner_words.bytes);
        words.reference(at);
        words.word(len);
        words.word(len);
        self
    }
    /// An array of `count` nested structures (offset, totalLen, count, elementSize), element
    /// `i` written by `fill(i, ..)`; elements are `elementSize` apart, as the client reads
    /// them (ctiqbe-wire-2 §2), and every element must write the same number of slots.
    fn array(&mut self, count: usize, mut fill: impl FnMut(usize, &mut Struct<'_>)) -> &mut Self {
        let (words, var) = self.parts();
        let mut elements = Vec::with_capacity(count);
        for i in 0..count {
            let mut inner = Struct {
                words: Words::default(),
                var: &mut *var,
            };
            fill(i, &mut inner);
            elements.push(inner.words);
        }
        let elem = elements.first().map_or(0, |w| w.bytes.len());
        let at = var.bytes.len();
        for (i, w) in elements.into_iter().enumerate() {
            for r in w.refs {
                var.refs.push(at + i * elem + r);
            }
            var.bytes.extend_from_slice(&w.bytes);
        }
        words.reference(at);
        words.word((elem * count) as u32);
        words.word(count as u32);
        words.word(elem as u32);
        self
    }
    /// A null nested structure (0, 0, 0).
    fn null_structure(&mut self) -> &mut Self {
        self.u32(0).u32(0).u32(0)
    }
    /// An array of `count` u32 elements (offset, totalLen, count, 4).
    fn u32_array(&mut self, items: &[u32]) -> &mut Self {
        let (words, var) = self.parts();
        words.reference(var.bytes.len());
        for i in items {
            var.bytes.extend_from_slice(&i.to_le_bytes());
        }
        words.word(items.len() as u32 * 4);
        words.word(items.len() as u32);
        words.word(4);
        self
    }
    #[doc(hidden)]
    fn blob_ref(&mut self, data: &[u8]) -> &mut Self {
        let (words, var) = self.parts();
        words.reference(var.bytes.len());
        words.word(data.len() as u32);
        var.bytes.extend_from_slice(data);
        self
    }
    #[doc(hidden)]
    fn null2(&mut self) -> &mut Self {
        // The client writes a null reference as (current end of the data, 0).
        let (words, var) = self.parts();
        words.reference(var.bytes.len());
        words.word(0);
        self
    }
}

impl Slots for Frame {
    fn parts(&mut self) -> (&mut Words, &mut Words) {
        (&mut self.fixed, &mut self.var)
    }
}

impl Slots for Struct<'_> {
    fn parts(&mut self) -> (&mut Words, &mut Words) {
        (&mut self.words, self.var)
    }
}

impl Frame {
    /// A frame of PDU number `pdu`.
    pub fn new(pdu: u32) -> Self {
        Frame {
            pdu,
            version: VERSION_15,
            fixed: Words::default(),
            var: Words::default(),
        }
    }

    /// Sets the protocol version of the frame header.
    pub fn version(&mut self, v: u32) -> &mut Self {
        self.version = v;
        self
    }

    /// The finished frame.
    pub fn build(&self) -> Vec<u8> {
        let fixed_len = self.fixed.bytes.len();
        let base = (32 + fixed_len) as u32;
        let patch = |w: &Words| {
            let mut b = w.bytes.clone();
            for &r in &w.refs {
                if let Some(slot) = b.get_mut(r..r + 4) {
                    let v = u32::from_le_bytes([slot[0], slot[1], slot[2], slot[3]]) + base;
                    slot.copy_from_slice(&v.to_le_bytes());
                }
            }
            b
        };
        let fixed = patch(&self.fixed);
        let var = patch(&self.var);
        let total = 32 + fixed.len() + var.len();
        let mut f = Vec::with_capacity(total);
        for w in [
            (total - 8) as u32,
            0,
            MAGIC,
            self.version,
            self.pdu,
            32,
            fixed.len() as u32,
            var.len() as u32,
        ] {
            f.extend_from_slice(&w.to_le_bytes());
        }
        f.extend_from_slice(&fixed);
        f.extend_from_slice(&var);
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heartbeat of ctiqbe-wire.md §2, byte for byte.
    #[test]
    fn heartbeat_matches_the_real_client() {
        let hb = Frame::new(120).build();
        let want = [
            0x18, 0, 0, 0, 0, 0, 0, 0, 0xdd, 0xdd, 0xff, 0xff, 0, 0, 0x11, 0, 0x78, 0, 0, 0, 0x20,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(hb, want);
    }

    /// LineCallInitiateRequest of ctiqbe-wire.md §10, byte for byte.
    #[test]
    fn line_call_initiate_matches_the_real_client() {
        let f = Frame::new(43)
            .u32(9)
            .u32(1)
            .u32(144)
            .u32(1)
            .u32(5001)
            .str(Some("1001"))
            .str(Some("1002"))
            .bytes(None)
            .str(Some(""))
            .u32(0)
            .u32(1)
            .build();
        let want = "5f000000 00000000 ddddffff 00001100 2b000000 20000000 3c000000 0b000000 \
                    09000000 01000000 90000000 01000000 89130000 5c000000 05000000 61000000 \
                    05000000 66000000 00000000 66000000 01000000 00000000 01000000 31303031 \
                    00313030 320000";
        let want: Vec<u8> = want
            .split_whitespace()
            .collect::<String>()
            .as_bytes()
            .chunks(2)
            .map(|h| u8::from_str_radix(std::str::from_utf8(h).unwrap(), 16).unwrap())
            .collect();
        assert_eq!(f, want);
    }
}
