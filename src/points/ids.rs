//! Interned strings: event ids in one arena with an open-addressing table, member and group
//! names, and the bounded memory of refused ids.
//!
//! An event id costs its bytes plus six (the member and the length beside it in the arena) and
//! six to seven more in the table (a slot of four bytes and a tag of one, 70 % to 87.5 % of
//! the slots taken); the engine refers to it by its arena offset ([`IdRef`]).

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::hash::Hasher;

use super::fxhash::{FxBuild, FxHasher};
use super::model::{IdRef, Key, Mem};

pub(crate) fn hash_str(s: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(s);
    h.write_u8(0xff);
    h.finish()
}

/// A slot's tag: empty, emptied (a removed handle: probing goes on past it) or, with the top
/// bit set, taken by a handle whose hash has these seven top bits.
const EMPTY: u8 = 0;
const DEAD: u8 = 1;

fn tag_of(hash: u64) -> u8 {
    0x80 | (hash >> 57) as u8
}

/// An open-addressing table of handles, each hashed by the string it names (the table keeps no
/// string of its own). Beside each slot, a byte of its handle's hash: probing compares those
/// and looks at a handle's string only when they agree. (Without them, looking up an id that is
/// not held compared the string of every handle until an empty slot — about twenty at the
/// table's fullest, each a read somewhere in a large arena.)
///
/// The table has any number of slots, not a power of two: a hash's first slot is its low 32
/// bits scaled to the table's length (a multiply and a shift). So it grows by a quarter, as the
/// arena does, and stays between 70 % and 87.5 % full; doubling left it between 44 % and 87.5 %
/// (10.5 MB of slots for 0.9 M ids instead of 6).
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    slots: Vec<u32>,
    tags: Vec<u8>,
    live: usize,
    dead: usize,
}

impl Table {
    /// The first slot to look at for `hash`.
    fn home(&self, hash: u64) -> usize {
        ((u64::from(hash as u32) * self.slots.len() as u64) >> 32) as usize
    }

    /// The slot after `i` (the last one is followed by the first).
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() {
            0
        } else {
            i + 1
        }
    }

    pub fn find(&self, hash: u64, eq: impl Fn(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let tag = tag_of(hash);
        let mut i = self.home(hash);
        loop {
            match self.tags[i] {
                EMPTY => return None,
                t if t == tag && eq(self.slots[i]) => return Some(self.slots[i]),
                _ => {}
            }
            i = self.next(i);
        }
    }

    /// Inserts a handle that is not in the table yet.
    pub fn insert(&mut self, hash: u64, v: u32, rehash: &dyn Fn(u32) -> u64) {
        self.reserve(1, rehash);
        let mut i = self.home(hash);
        while self.tags[i] > DEAD {
            i = self.next(i);
        }
        if self.tags[i] == DEAD {
            self.dead -= 1;
        }
        self.slots[i] = v;
        self.tags[i] = tag_of(hash);
        self.live += 1;
    }

    pub fn remove(&mut self, hash: u64, v: u32) {
        if self.slots.is_empty() {
            return;
        }
        let tag = tag_of(hash);
        let mut i = self.home(hash);
        loop {
            match self.tags[i] {
                EMPTY => return,
                t if t == tag && self.slots[i] == v => {
                    self.tags[i] = DEAD;
                    self.live -= 1;
                    self.dead += 1;
                    return;
                }
                _ => i = self.next(i),
            }
        }
    }

    /// Room for the handles held and `n` more, seven tenths full once they are in: the table
    /// grows by a quarter, and removed handles are dropped (when they were what filled it, it
    /// gets smaller).
    pub fn reserve(&mut self, n: usize, rehash: &dyn Fn(u32) -> u64) {
        if (self.live + self.dead + n) * 8 > self.slots.len() * 7 {
            self.resize(((self.live + n) * 10 / 7 + 1).max(16), rehash);
        }
    }

    fn resize(&mut self, want: usize, rehash: &dyn Fn(u32) -> u64) {
        let old_slots = std::mem::replace(&mut self.slots, vec![0; want]);
        let old_tags = std::mem::replace(&mut self.tags, vec![EMPTY; want]);
        self.dead = 0;
        for (v, t) in old_slots.into_iter().zip(old_tags) {
            if t > DEAD {
                let h = rehash(v);
                let mut i = self.home(h);
                while self.tags[i] != EMPTY {
                    i = self.next(i);
                }
                self.slots[i] = v;
                self.tags[i] = tag_of(h);
            }
        }
    }

    pub fn bytes(&self) -> usize {
        self.slots.capacity() * 4 + self.tags.capacity()
    }
}

/// The length of the id of the arena entry at offset `o`.
fn len_at(arena: &[u8], o: usize) -> usize {
    u16::from_le_bytes([arena[o + 4], arena[o + 5]]) as usize
}

/// The id of the arena entry at offset `v`.
fn id_at(arena: &[u8], v: u32) -> &[u8] {
    let o = v as usize;
    &arena[o + 6..o + 6 + len_at(arena, o)]
}

/// The hash of the id at arena offset `v`.
fn hash_at(arena: &[u8], v: u32) -> u64 {
    hash_str(id_at(arena, v))
}

/// The offsets of the arena's entries from offset `start` on.
fn entries_from(arena: &[u8], start: usize) -> impl Iterator<Item = usize> + '_ {
    let mut o = start;
    std::iter::from_fn(move || {
        arena.get(o + 5)?;
        let at = o;
        o += 6 + len_at(arena, o);
        Some(at)
    })
}

/// Event ids. Each entry of the arena is `[member: u32 LE][length: u16 LE][bytes]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids {
    arena: Vec<u8>,
    table: Table,
    /// Bytes of removed entries.
    pub garbage: usize,
    /// While a log is imported: the arena offset from which entries are not in the table yet
    /// ([`Ids::defer_indexing`]).
    unindexed: Option<usize>,
}

/// The member field of an entry removed before it was indexed.
const REMOVED: u32 = u32::MAX;

impl Ids {
    pub fn bytes_of(&self, r: IdRef) -> &[u8] {
        id_at(&self.arena, r.0)
    }

    pub fn str(&self, r: IdRef) -> &str {
        std::str::from_utf8(self.bytes_of(r)).unwrap_or("")
    }

    pub fn member(&self, r: IdRef) -> Mem {
        let o = r.0 as usize;
        Mem(u32::from_le_bytes([self.arena[o], self.arena[o + 1], self.arena[o + 2], self.arena[o + 3]]))
    }

    pub fn lookup(&self, id: &str) -> Option<IdRef> {
        debug_assert!(self.unindexed.is_none(), "an id looked up while a log is imported");
        let b = id.as_bytes();
        self.table.find(hash_str(b), |v| self.bytes_of(IdRef(v)) == b).map(IdRef)
    }

    /// Adds an id that is not held yet.
    pub fn insert(&mut self, id: &str, member: Mem) -> IdRef {
        let r = IdRef(self.arena.len() as u32);
        let need = 6 + id.len();
        if self.arena.capacity() - self.arena.len() < need {
            // By a quarter, not double: the arena is the engine's largest buffer (doubling left
            // up to half of it unused: 82 B per held event at 8.5 M events instead of 72).
            self.arena.reserve_exact(need.max(self.arena.len() / 4).max(4096));
        }
        self.arena.extend_from_slice(&member.0.to_le_bytes());
        self.arena.extend_from_slice(&(id.len() as u16).to_le_bytes());
        self.arena.extend_from_slice(id.as_bytes());
        if self.unindexed.is_none() {
            let arena = &self.arena;
            self.table.insert(hash_str(id.as_bytes()), r.0, &|v| hash_at(arena, v));
        }
        r
    }

    /// Ids inserted from now on go into the table only at [`Ids::index_deferred`]: a log's ids
    /// are then entered in one tight pass, whose reads of the (large) table the processor can
    /// overlap, instead of one at a time among the work of each event (a read of the table that
    /// missed the cache was a tenth of `fromState`). Nothing may be looked up in between.
    pub fn defer_indexing(&mut self) {
        self.unindexed = Some(self.arena.len());
    }

    /// Enters the ids inserted since [`Ids::defer_indexing`] into the table. `Err(k)`: the `k`th
    /// of them repeats an id held before it (nothing more is entered).
    pub fn index_deferred(&mut self) -> Result<(), usize> {
        let Some(start) = self.unindexed.take() else { return Ok(()) };
        let arena = &self.arena;
        self.table.reserve(entries_from(arena, start).count(), &|v| hash_at(arena, v));
        for (k, o) in entries_from(arena, start).enumerate() {
            if arena[o..o + 4] == REMOVED.to_le_bytes() {
                continue;
            }
            let b = id_at(arena, o as u32);
            let h = hash_str(b);
            if self.table.find(h, |v| id_at(arena, v) == b).is_some() {
                return Err(k);
            }
            self.table.insert(h, o as u32, &|v| hash_at(arena, v));
        }
        Ok(())
    }

    pub fn remove(&mut self, r: IdRef) {
        if self.unindexed.is_some_and(|start| r.0 as usize >= start) {
            self.arena[r.0 as usize..r.0 as usize + 4].copy_from_slice(&REMOVED.to_le_bytes());
        } else {
            let h = hash_str(self.bytes_of(r));
            self.table.remove(h, r.0);
        }
        self.garbage += 6 + self.bytes_of(r).len();
    }

    /// Orders two timeline keys: by instant, then by id (bytes).
    pub fn cmp(&self, a: Key, b: Key) -> Ordering {
        a.at.cmp(&b.at).then_with(|| {
            if a.id == b.id {
                Ordering::Equal
            } else if a.id == IdRef::NONE || b.id == IdRef::NONE {
                // Folded events precede every held event of the same instant.
                if a.id == IdRef::NONE {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            } else {
                self.bytes_of(a.id).cmp(self.bytes_of(b.id))
            }
        })
    }

    pub fn less(&self, a: Key, b: Key) -> bool {
        self.cmp(a, b) == Ordering::Less
    }

    /// Whether the arena is worth rebuilding (more than half garbage).
    pub fn worth_rebuilding(&self) -> bool {
        self.garbage > 1 << 16 && self.garbage * 2 > self.arena.len()
    }

    /// A fresh arena holding the ids `live` (in that order); returns the new reference of each.
    pub fn rebuild(&mut self, live: &[IdRef]) -> Vec<IdRef> {
        let mut fresh = Ids::default();
        fresh.arena.reserve(self.arena.len() - self.garbage.min(self.arena.len()));
        let out = live.iter().map(|&r| fresh.insert(self.str(r), self.member(r))).collect();
        *self = fresh;
        out
    }

    pub fn bytes(&self) -> usize {
        self.arena.capacity() + self.table.bytes()
    }
}

/// Interned names (members, groups): index ↔ string, with reuse of freed indexes. The names
/// lie one after another in one string (looking a member up compares with bytes close to the
/// others', not with a small allocation somewhere in the heap: 8% of `fromState` before).
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    text: String,
    /// Offset and length in `text` of each index's name (`(0, 0)` when freed).
    spans: Vec<(u32, u32)>,
    table: Table,
    free: Vec<u32>,
    /// Bytes of `text` no index names any more.
    garbage: usize,
}

impl Interner {
    pub fn get(&self, name: &str) -> Option<u32> {
        let b = name.as_bytes();
        self.table.find(hash_str(b), |v| self.name(v).as_bytes() == b)
    }

    /// The index of `name`, and whether it is new.
    pub fn intern(&mut self, name: &str) -> (u32, bool) {
        if let Some(i) = self.get(name) {
            return (i, false);
        }
        let span = (self.text.len() as u32, name.len() as u32);
        self.text.push_str(name);
        let i = match self.free.pop() {
            Some(i) => {
                self.spans[i as usize] = span;
                i
            }
            None => {
                self.spans.push(span);
                (self.spans.len() - 1) as u32
            }
        };
        let (text, spans) = (&self.text, &self.spans);
        self.table.insert(hash_str(name.as_bytes()), i, &|v| hash_str(span_of(text, spans, v).as_bytes()));
        (i, true)
    }

    /// Frees an index (its name is forgotten; the index is reused).
    pub fn release(&mut self, i: u32) {
        let h = hash_str(self.name(i).as_bytes());
        self.table.remove(h, i);
        self.garbage += self.spans[i as usize].1 as usize;
        self.spans[i as usize] = (0, 0);
        self.free.push(i);
        if self.garbage > 1 << 12 && self.garbage * 2 > self.text.len() {
            self.compact();
        }
    }

    /// Rewrites `text` without the freed names (indexes and hashes stay what they were).
    fn compact(&mut self) {
        let mut text = String::with_capacity(self.text.len() - self.garbage);
        for span in &mut self.spans {
            let (o, len) = (span.0 as usize, span.1 as usize);
            *span = (text.len() as u32, span.1);
            text.push_str(&self.text[o..o + len]);
        }
        self.text = text;
        self.garbage = 0;
    }

    pub fn name(&self, i: u32) -> &str {
        span_of(&self.text, &self.spans, i)
    }

    pub fn bytes(&self) -> usize {
        self.text.capacity() + self.spans.capacity() * 8 + self.free.capacity() * 4 + self.table.bytes()
    }
}

fn span_of<'t>(text: &'t str, spans: &[(u32, u32)], i: u32) -> &'t str {
    let (o, len) = spans[i as usize];
    &text[o as usize..(o + len) as usize]
}

/// An id whose event was refused for good (nothing stored): enough to answer a resend as a
/// duplicate and to refuse the id with other content. It keeps its refusal's code, not the
/// figures of its message (points needed and available …): those were what they were when it
/// was forgotten, which depends on the order events arrived in; a resend's message shows none
/// (`msgs::remembered_message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    pub id: Box<str>,
    pub member: Box<str>,
    /// Its instant (which refusals are remembered when there are too many).
    pub at: i64,
    pub fingerprint: u64,
    pub tag: u8,
    /// Its tag when it was applied (an event can be accepted first and refused for good later).
    pub first: u8,
}

/// The ids of refused events, at most [`Forgotten::CAPACITY`]: beyond, the refusals earliest
/// on the timeline (`(at, id)`) are forgotten first, so which ids are remembered does not
/// depend on the order events arrived in. A forgotten id's resend is judged again (refused
/// `TOO_LATE` once the horizon has passed it).
#[derive(Debug, Clone, Default)]
pub(crate) struct Forgotten {
    by_id: HashMap<Box<str>, Refused, FxBuild>,
    by_key: BTreeSet<(i64, Box<str>)>,
}

impl Forgotten {
    pub const CAPACITY: usize = 16_384;

    pub fn get(&self, id: &str) -> Option<&Refused> {
        self.by_id.get(id)
    }

    pub fn remember(&mut self, r: Refused) {
        if self.by_id.contains_key(&*r.id) {
            return;
        }
        let key = (r.at, r.id.clone());
        if self.by_id.len() == Self::CAPACITY {
            match self.by_key.first() {
                Some(first) if *first < key => {
                    if let Some((_, id)) = self.by_key.pop_first() {
                        self.by_id.remove(&id);
                    }
                }
                // Earlier than everything remembered: forgotten at once.
                _ => return,
            }
        }
        self.by_key.insert(key);
        self.by_id.insert(r.id.clone(), r);
    }

    /// In no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Refused> {
        self.by_id.values()
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn bytes(&self) -> usize {
        self.by_id.iter().map(|(k, r)| 2 * k.len() + r.member.len() + std::mem::size_of::<Refused>() + 64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Interning and freeing names in any order (past the point where the text is compacted)
        /// answers what a plain map of index ↔ name answers.
        #[test]
        fn interner_agrees_with_a_map(ops in proptest::collection::vec((0u32..200, any::<bool>()), 0..6000)) {
            let mut interner = Interner::default();
            let mut held: HashMap<String, u32> = HashMap::new();
            for (n, free) in ops {
                let name = format!("member-with-a-long-name-{n}");
                match (free, held.get(&name).copied()) {
                    (true, Some(i)) => {
                        interner.release(i);
                        held.remove(&name);
                    }
                    (true, None) => prop_assert_eq!(interner.get(&name), None),
                    (false, known) => {
                        let (i, fresh) = interner.intern(&name);
                        prop_assert_eq!(fresh, known.is_none());
                        if let Some(k) = known {
                            prop_assert_eq!(i, k);
                        }
                        held.insert(name, i);
                    }
                }
            }
            for (name, &i) in &held {
                prop_assert_eq!(interner.name(i), name.as_str());
                prop_assert_eq!(interner.get(name), Some(i));
            }
            prop_assert!(interner.garbage * 2 <= interner.text.len() || interner.garbage <= 1 << 12);
        }
    }

    /// The table answers what a set answers through inserts and removals (it grows, wraps
    /// around its end, and drops removed handles when it is rebuilt).
    #[test]
    fn table_agrees_with_a_set() {
        let hash = |v: u32| hash_str(&v.to_le_bytes());
        proptest!(|(ops in proptest::collection::vec((0u32..600, any::<bool>()), 0..4000))| {
            let mut table = Table::default();
            let mut set = std::collections::HashSet::new();
            for (v, remove) in ops {
                if remove {
                    if set.remove(&v) {
                        table.remove(hash(v), v);
                    }
                } else if set.insert(v) {
                    table.insert(hash(v), v, &hash);
                }
                prop_assert_eq!(table.find(hash(v), |x| x == v), set.contains(&v).then_some(v));
                prop_assert!((table.live + table.dead) * 8 <= table.slots.len() * 7);
            }
            prop_assert_eq!(table.live, set.len());
            for v in 0..600 {
                prop_assert_eq!(table.find(hash(v), |x| x == v).is_some(), set.contains(&v));
            }
        });
    }

    /// Growing one handle at a time, the table stays between 70 % and 87.5 % full (it grows by
    /// a quarter, not double).
    #[test]
    fn table_grows_by_a_quarter() {
        let hash = |v: u32| hash_str(&v.to_le_bytes());
        let mut table = Table::default();
        let (mut least, mut most) = (1.0f64, 0.0f64);
        for v in 0..200_000u32 {
            table.insert(hash(v), v, &hash);
            if v >= 1000 {
                let full = table.live as f64 / table.slots.len() as f64;
                least = least.min(full);
                most = most.max(full);
            }
        }
        assert!(least >= 0.699 && most <= 0.875, "{least:.3} to {most:.3} full");
        assert_eq!(table.bytes(), table.slots.len() * 5);
    }

    /// Ids inserted while indexing is deferred are found once indexed, except those removed in
    /// between; a repeated id is reported by its place among the deferred ones.
    #[test]
    fn deferred_ids_are_indexed_at_the_end() {
        let mut ids = Ids::default();
        let before = ids.insert("held-before", Mem(0));
        ids.defer_indexing();
        let refs: Vec<IdRef> = (0..100).map(|i| ids.insert(&format!("e{i}"), Mem(i))).collect();
        ids.remove(refs[7]);
        ids.remove(before);
        assert_eq!(ids.index_deferred(), Ok(()));
        for (i, &r) in refs.iter().enumerate() {
            assert_eq!(ids.lookup(&format!("e{i}")), (i != 7).then_some(r), "e{i}");
        }
        assert_eq!(ids.lookup("held-before"), None);
        assert_eq!(ids.member(refs[42]), Mem(42));

        let mut ids = Ids::default();
        ids.insert("x", Mem(0));
        ids.defer_indexing();
        ids.insert("y", Mem(0));
        ids.insert("x", Mem(1));
        assert_eq!(ids.index_deferred(), Err(1), "x repeats an id held before the deferral");
        let mut ids = Ids::default();
        ids.defer_indexing();
        let first = ids.insert("x", Mem(0));
        ids.remove(first);
        let again = ids.insert("x", Mem(1));
        assert_eq!(ids.index_deferred(), Ok(()), "an id removed before it was indexed can come back");
        assert_eq!(ids.lookup("x"), Some(again));
    }

    #[test]
    fn freed_names_are_compacted_away() {
        let mut interner = Interner::default();
        let names: Vec<String> = (0..1000).map(|n| format!("member-with-a-long-name-{n}")).collect();
        let ix: Vec<u32> = names.iter().map(|n| interner.intern(n).0).collect();
        let full = interner.text.len();
        for &i in ix.iter().step_by(2).chain(ix.iter().skip(1).step_by(4)) {
            interner.release(i);
        }
        assert!(interner.text.len() < full / 2, "{} of {full} bytes", interner.text.len());
        for (k, (name, &i)) in names.iter().zip(&ix).enumerate() {
            let kept = k % 4 == 3;
            assert_eq!(interner.get(name), kept.then_some(i));
            assert_eq!(interner.name(i), if kept { name.as_str() } else { "" });
        }
        let (again, fresh) = interner.intern(&names[0]);
        assert!(fresh);
        assert_eq!(interner.name(again), names[0]);
    }
}
