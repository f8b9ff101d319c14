//! A member's earned points by local day, kept as the tier window needs them: one entry per day
//! with earnings, in day order, packed as two unsigned LEB128 numbers (the days since the
//! previous entry, then the points). A day costs two or three bytes instead of the sixteen of a
//! `(day, cumulative points)` pair; a member earning every day of a 365-day window holds about
//! 1 KB. Days are added in order (accounts are built in timeline order) and the window only
//! moves forward, so nothing here needs random access.

/// Spare bytes reserved when the buffer is full: a quarter of what it holds, at least this.
const MIN_RESERVE: usize = 16;

/// A member's earnings by local day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Earnings {
    /// Per day with earnings: the days since the previous entry (0 for the first, which is on
    /// `first_day`) and the points earned that day.
    bytes: Vec<u8>,
    /// Entries in `bytes`.
    len: u32,
    /// Offset of the last entry.
    last_at: u32,
    first_day: i32,
    last_day: i32,
    /// Points of the days trimmed off the front (they left every window).
    base: i64,
    /// `base` plus every entry: the lifetime points earned.
    total: i64,
    /// The window of the latest `advance_window`: its first entry (offset and index), the day of
    /// the entry before it (`first_day` while it is the first), and the points from it on.
    from_at: u32,
    from_ix: u32,
    before_day: i32,
    in_window: i64,
}

fn put(v: &mut Vec<u8>, mut x: u64) {
    loop {
        let b = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            v.push(b);
            return;
        }
        v.push(b | 0x80);
    }
}

/// Reads the number at `*at` (written by `put`) and moves past it.
fn get(v: &[u8], at: &mut usize) -> u64 {
    let mut x = 0u64;
    let mut shift = 0;
    while let Some(&b) = v.get(*at) {
        *at += 1;
        x |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    x
}

impl Earnings {
    /// Reads the entry at `*at` and moves past it: (days since the previous entry, points).
    fn entry(&self, at: &mut usize) -> (i32, i64) {
        let gap = get(&self.bytes, at) as i32;
        (gap, get(&self.bytes, at) as i64)
    }

    /// Lifetime points earned (the trimmed days included).
    pub fn total(&self) -> i64 {
        self.total
    }

    /// Points of the days trimmed off the front.
    pub fn base(&self) -> i64 {
        self.base
    }

    /// Sets the points of the days trimmed off the front (a checkpoint being read).
    pub fn set_base(&mut self, base: i64) {
        self.total += base - self.base;
        self.base = base;
    }

    /// Adds `points` earned on local `day` (not before the last day added).
    pub fn add(&mut self, day: i32, points: i64) {
        if self.len > 0 && day <= self.last_day {
            let mut at = self.last_at as usize;
            let (gap, had) = self.entry(&mut at);
            self.bytes.truncate(self.last_at as usize);
            put(&mut self.bytes, gap as u64);
            put(&mut self.bytes, had.wrapping_add(points) as u64);
        } else {
            let gap = if self.len == 0 {
                self.first_day = day;
                self.before_day = day;
                0
            } else {
                day - self.last_day
            };
            if self.bytes.capacity() - self.bytes.len() < 20 {
                self.bytes.reserve_exact((self.bytes.len() / 4).max(MIN_RESERVE));
            }
            self.last_at = self.bytes.len() as u32;
            put(&mut self.bytes, gap as u64);
            put(&mut self.bytes, points as u64);
            self.len += 1;
            self.last_day = day;
        }
        self.total += points;
        if self.from_ix < self.len {
            self.in_window += points;
        }
    }

    /// Adds a day read from a checkpoint as `(day, cumulative points)`; `false` when it is not
    /// after the last day or its points are below the last ones.
    pub fn add_cumulative(&mut self, day: i32, cumulative: i64) -> bool {
        if (self.len > 0 && day <= self.last_day) || cumulative < self.total {
            return false;
        }
        self.add(day, cumulative - self.total);
        true
    }

    /// Each day with earnings and the cumulative points up to and including it.
    pub fn each_day(&self, f: &mut dyn FnMut(i32, i64)) {
        let (mut at, mut day, mut cum) = (0, self.first_day, self.base);
        for _ in 0..self.len {
            let (gap, points) = self.entry(&mut at);
            day += gap;
            cum += points;
            f(day, cum);
        }
    }

    /// Cumulative points earned up to and including local `day` (the trimmed days counted in
    /// `base`).
    fn upto(&self, day: i32) -> i64 {
        let mut cum = self.base;
        self.each_day(&mut |d, c| {
            if d <= day {
                cum = c;
            }
        });
        cum
    }

    /// Points earned on local days `(day − window, day]`.
    pub fn window(&self, day: i32, window: i32) -> i64 {
        self.upto(day) - self.upto(day - window)
    }

    /// Moves the window to end on `day` (never backwards) and answers the points in it; days
    /// that left every window are then trimmed off once they are more than half of the entries.
    pub fn advance_window(&mut self, day: i32, window: i32) -> i64 {
        while self.from_ix < self.len {
            let mut at = self.from_at as usize;
            let (gap, points) = self.entry(&mut at);
            let d = self.before_day + gap;
            if d > day - window {
                break;
            }
            self.before_day = d;
            self.in_window -= points;
            self.from_ix += 1;
            self.from_at = at as u32;
        }
        let earned = self.in_window;
        if self.from_ix > 32 && self.from_ix * 2 > self.len {
            self.trim();
        }
        earned
    }

    /// Drops the entries before the last one that left the window; their points go to `base`,
    /// and the kept one becomes the first (on `first_day`, 0 days after nothing).
    fn trim(&mut self) {
        let cut = self.from_ix - 1;
        let mut at = 0;
        let mut dropped = 0i64;
        for _ in 0..cut {
            dropped += self.entry(&mut at).1;
        }
        let kept = at;
        get(&self.bytes, &mut at); // the kept entry's days since the previous one
        let points_at = at;
        let mut bytes = Vec::with_capacity(self.bytes.capacity());
        bytes.push(0);
        bytes.extend_from_slice(&self.bytes[points_at..]);
        let moved = |x: u32| if x as usize == kept { 0 } else { x - points_at as u32 + 1 };
        self.last_at = moved(self.last_at);
        self.from_at = moved(self.from_at);
        self.bytes = bytes;
        self.base += dropped;
        self.first_day = self.before_day;
        self.len -= cut;
        self.from_ix = 1;
    }

    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The form this replaces: (day, cumulative points), trimmed the same way.
    #[derive(Default)]
    struct Pairs {
        days: Vec<(i32, i64)>,
        base: i64,
        from: usize,
    }

    impl Pairs {
        fn add(&mut self, day: i32, points: i64) {
            match self.days.last_mut() {
                Some(l) if l.0 == day => l.1 += points,
                last => {
                    let cum = last.map(|l| l.1).unwrap_or(self.base) + points;
                    self.days.push((day, cum));
                }
            }
        }
        fn upto(&self, day: i32) -> i64 {
            let i = self.days.partition_point(|&(x, _)| x <= day);
            if i == 0 {
                self.base
            } else {
                self.days[i - 1].1
            }
        }
        fn advance(&mut self, day: i32, w: i32) -> i64 {
            while self.from < self.days.len() && self.days[self.from].0 <= day - w {
                self.from += 1;
            }
            let before = if self.from == 0 { self.base } else { self.days[self.from - 1].1 };
            let earned = self.days.last().map(|l| l.1).unwrap_or(self.base) - before;
            if self.from > 32 && self.from * 2 > self.days.len() {
                let cut = self.from - 1;
                self.base = self.days[cut - 1].1;
                self.days.drain(..cut);
                self.from -= cut;
            }
            earned
        }
    }

    fn days_of(e: &Earnings) -> Vec<(i32, i64)> {
        let mut v = Vec::new();
        e.each_day(&mut |d, c| v.push((d, c)));
        v
    }

    proptest! {
        /// Same figures as the (day, cumulative) pairs, through trimming, big gaps and big
        /// points; a copy read back from its days and base is the same value.
        #[test]
        fn matches_cumulative_pairs(steps in proptest::collection::vec((0i32..3, 0i64..5, 0u8..4), 1..300), w in 1i32..60) {
            let (mut e, mut p) = (Earnings::default(), Pairs::default());
            let mut day = 20_000;
            for (gap, pts, big) in steps {
                day += if big == 3 { gap * 40_000 } else { gap };
                let points = if big == 2 { pts * 1_000_000_007 } else { pts * 10 };
                e.add(day, points);
                p.add(day, points);
                prop_assert_eq!(e.advance_window(day, w), p.advance(day, w));
                prop_assert_eq!(e.total(), p.upto(i32::MAX));
                for probe in [day - w - 1, day - w, day - 1, day, day - 3 * w, 0] {
                    prop_assert_eq!(e.upto(probe), p.upto(probe));
                    prop_assert_eq!(e.window(day, w), p.upto(day) - p.upto(day - w));
                }
                prop_assert_eq!(days_of(&e), p.days.clone());
                prop_assert_eq!(e.base(), p.base);
            }
            let mut back = Earnings::default();
            back.set_base(e.base());
            for (d, c) in days_of(&e) {
                prop_assert!(back.add_cumulative(d, c));
            }
            prop_assert_eq!(days_of(&back), days_of(&e));
            prop_assert_eq!(back.total(), e.total());
        }
    }

    #[test]
    fn a_day_costs_two_or_three_bytes() {
        let mut e = Earnings::default();
        for d in 0..365 {
            e.add(20_000 + d, 10 + (d as i64 % 3) * 50);
            e.advance_window(20_000 + d, 365);
        }
        assert_eq!(e.total(), (0..365).map(|d| 10 + (d % 3) * 50).sum::<i64>());
        assert!(e.bytes.len() <= 3 * 365, "{} bytes", e.bytes.len());
        assert!(!e.add_cumulative(20_000, e.total() + 1), "a day before the last is out of order");
        assert!(!e.add_cumulative(30_000, e.total() - 1), "cumulative points cannot go down");
    }
}
