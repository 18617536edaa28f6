//! The first few distinct values of something "in capture order", whatever order they are met
//! in. The findings and the inventory see sessions in the order their flows ended
//! (`crate::engine`'s retirement), not in the order they began; a list of "the first ten
//! frames" or "the first hundred client hosts" must still name the same ones, so each value
//! carries the place where it was met (its session's id, then a sighting counter that grows
//! within the session) and the list keeps the values met earliest.

/// Where a value was met: (session id, sighting number). Lower is earlier in the capture.
pub type Place = (u32, u64);

/// Up to `max` distinct values, those met at the earliest [`Place`]s.
#[derive(Debug, Clone)]
pub struct Firsts<T> {
    max: usize,
    /// (earliest place met, value), unordered.
    items: Vec<(Place, T)>,
}

impl<T: PartialEq> Firsts<T> {
    pub fn new(max: usize) -> Firsts<T> {
        Firsts { max, items: Vec::new() }
    }

    /// `value` met at `place`. `make` turns it into what is kept, only when it is kept.
    pub fn see<Q>(&mut self, value: &Q, place: Place, make: impl FnOnce(&Q) -> T)
    where
        T: PartialEq<Q>,
        Q: ?Sized,
    {
        let full = self.items.len() >= self.max;
        // Met later than every kept value of a full list: nothing changes (the common case,
        // sessions mostly end in the order they began).
        if full && self.latest().is_some_and(|latest| place >= latest) {
            return;
        }
        if let Some(kept) = self.items.iter_mut().find(|(_, v)| v == value) {
            kept.0 = kept.0.min(place);
            return;
        }
        if full {
            // In place of the value met latest.
            if let Some(at) = self.latest_at() {
                if let Some(slot) = self.items.get_mut(at) {
                    *slot = (place, make(value));
                }
            }
        } else {
            self.items.push((place, make(value)));
        }
    }

    fn latest(&self) -> Option<Place> {
        self.items.iter().map(|(p, _)| *p).max()
    }

    fn latest_at(&self) -> Option<usize> {
        self.items
            .iter()
            .enumerate()
            .max_by_key(|(_, (p, _))| *p)
            .map(|(i, _)| i)
    }

    /// The values, earliest first.
    pub fn into_sorted(mut self) -> Vec<T> {
        self.items.sort_by_key(|(p, _)| *p);
        self.items.into_iter().map(|(_, v)| v).collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_earliest_whatever_the_order_met() {
        let sightings: Vec<(Place, u32)> = (0..200u64)
            .map(|i| ((((i * 7919) % 50) as u32, i), (i * 31 % 23) as u32))
            .collect();
        let want = {
            let mut f = Firsts::new(5);
            let mut sorted = sightings.clone();
            sorted.sort();
            for (p, v) in &sorted {
                f.see(v, *p, |v| *v);
            }
            f.into_sorted()
        };
        for rotation in [0, 17, 101, 199] {
            let mut f = Firsts::new(5);
            let mut order = sightings.clone();
            order.rotate_left(rotation);
            order.reverse();
            for (p, v) in &order {
                f.see(v, *p, |v| *v);
            }
            assert_eq!(f.into_sorted(), want, "{rotation}");
        }
        // In capture order, it is the first five distinct values met.
        let mut sorted = sightings.clone();
        sorted.sort();
        let mut distinct: Vec<u32> = Vec::new();
        for (_, v) in sorted {
            if !distinct.contains(&v) {
                distinct.push(v);
            }
        }
        distinct.truncate(5);
        assert_eq!(want, distinct);
    }
}
