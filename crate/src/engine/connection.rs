//! One TCP connection seen from the middle: each direction's reassembly ([`HalfStream`]) and
//! how the connection ended.

use crate::model::Direction;
use crate::reassembly::{Chunk, HalfStream};

#[derive(Default)]
pub(super) struct Connection {
    pub streams: [HalfStream; 2],
    fin: [bool; 2],
    rst: bool,
    pub syn_seen: bool,
}

impl Connection {
    pub fn stream(&mut self, dir: Direction) -> &mut HalfStream {
        match dir {
            Direction::ToServer => &mut self.streams[0],
            Direction::ToClient => &mut self.streams[1],
        }
    }

    pub fn on_fin(&mut self, dir: Direction) {
        match dir {
            Direction::ToServer => self.fin[0] = true,
            Direction::ToClient => self.fin[1] = true,
        }
    }

    pub fn on_rst(&mut self) {
        self.rst = true;
    }

    /// How the connection ended, once it has: `"rst"` or `"fin"` (both directions).
    pub fn end(&self) -> Option<&'static str> {
        if self.rst {
            Some("rst")
        } else if self.fin[0] && self.fin[1] {
            Some("fin")
        } else {
            None
        }
    }

    /// Hands every byte still buffered (both directions) to `sink`, gaps declared.
    pub fn flush(&mut self, mut sink: impl FnMut(Direction, Chunk<'_>)) {
        for dir in [Direction::ToServer, Direction::ToClient] {
            self.stream(dir).flush(&mut |chunk| sink(dir, chunk));
        }
    }
}
