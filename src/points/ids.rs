//! Interned strings: event ids in one arena with an open-addressing table, member and group
//! names, and the bounded memory of refused ids.
//!
//! An event id costs its bytes plus six (the member and the length beside it in the arena) and
//! about six more in the table; the engine refers to it by its arena offset ([`IdRef`]).

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

const EMPTY: u32 = u32::MAX;
const DEAD: u32 = u32::MAX - 1;

/// An open-addressing table of handles, each hashed by the string it names (the table keeps no
/// string of its own).
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    slots: Vec<u32>,
    live: usize,
    dead: usize,
}

impl Table {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    pub fn find(&self, hash: u64, eq: impl Fn(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = hash as usize & self.mask();
        loop {
            match self.slots[i] {
                EMPTY => return None,
                DEAD => {}
                v if eq(v) => return Some(v),
                _ => {}
            }
            i = (i + 1) & self.mask();
        }
    }

    /// Inserts a handle that is not in the table yet.
    pub fn insert(&mut self, hash: u64, v: u32, rehash: &dyn Fn(u32) -> u64) {
        if (self.live + self.dead + 1) * 8 > self.slots.len() * 7 {
            self.grow(rehash);
        }
        let mut i = hash as usize & self.mask();
        while self.slots[i] != EMPTY && self.slots[i] != DEAD {
            i = (i + 1) & self.mask();
        }
        if self.slots[i] == DEAD {
            self.dead -= 1;
        }
        self.slots[i] = v;
        self.live += 1;
    }

    pub fn remove(&mut self, hash: u64, v: u32) {
        if self.slots.is_empty() {
            return;
        }
        let mut i = hash as usize & self.mask();
        loop {
            match self.slots[i] {
                EMPTY => return,
                x if x == v => {
                    self.slots[i] = DEAD;
                    self.live -= 1;
                    self.dead += 1;
                    return;
                }
                _ => i = (i + 1) & self.mask(),
            }
        }
    }

    fn grow(&mut self, rehash: &dyn Fn(u32) -> u64) {
        let want = ((self.live + 1) * 2).next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; want]);
        self.dead = 0;
        for v in old {
            if v != EMPTY && v != DEAD {
                let mut i = rehash(v) as usize & self.mask();
                while self.slots[i] != EMPTY {
                    i = (i + 1) & self.mask();
                }
                self.slots[i] = v;
            }
        }
    }

    pub fn bytes(&self) -> usize {
        self.slots.capacity() * 4
    }
}

/// Event ids. Each entry of the arena is `[member: u32 LE][length: u16 LE][bytes]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids {
    arena: Vec<u8>,
    table: Table,
    /// Bytes of removed entries.
    pub garbage: usize,
}

impl Ids {
    pub fn bytes_of(&self, r: IdRef) -> &[u8] {
        let o = r.0 as usize;
        let len = u16::from_le_bytes([self.arena[o + 4], self.arena[o + 5]]) as usize;
        &self.arena[o + 6..o + 6 + len]
    }

    pub fn str(&self, r: IdRef) -> &str {
        std::str::from_utf8(self.bytes_of(r)).unwrap_or("")
    }

    pub fn member(&self, r: IdRef) -> Mem {
        let o = r.0 as usize;
        Mem(u32::from_le_bytes([self.arena[o], self.arena[o + 1], self.arena[o + 2], self.arena[o + 3]]))
    }

    pub fn lookup(&self, id: &str) -> Option<IdRef> {
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
        let arena = &self.arena;
        let rehash = |v: u32| {
            let o = v as usize;
            let len = u16::from_le_bytes([arena[o + 4], arena[o + 5]]) as usize;
            hash_str(&arena[o + 6..o + 6 + len])
        };
        let h = hash_str(id.as_bytes());
        self.table.insert(h, r.0, &rehash);
        r
    }

    pub fn remove(&mut self, r: IdRef) {
        let h = hash_str(self.bytes_of(r));
        self.table.remove(h, r.0);
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

/// Interned names (members, groups): index ↔ string, with reuse of freed indexes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    names: Vec<Box<str>>,
    table: Table,
    free: Vec<u32>,
}

impl Interner {
    pub fn get(&self, name: &str) -> Option<u32> {
        let b = name.as_bytes();
        self.table.find(hash_str(b), |v| self.names[v as usize].as_bytes() == b)
    }

    /// The index of `name`, and whether it is new.
    pub fn intern(&mut self, name: &str) -> (u32, bool) {
        if let Some(i) = self.get(name) {
            return (i, false);
        }
        let i = match self.free.pop() {
            Some(i) => {
                self.names[i as usize] = name.into();
                i
            }
            None => {
                self.names.push(name.into());
                (self.names.len() - 1) as u32
            }
        };
        let names = &self.names;
        self.table.insert(hash_str(name.as_bytes()), i, &|v| hash_str(names[v as usize].as_bytes()));
        (i, true)
    }

    /// Frees an index (its name is forgotten; the index is reused).
    pub fn release(&mut self, i: u32) {
        let h = hash_str(self.names[i as usize].as_bytes());
        self.table.remove(h, i);
        self.names[i as usize] = "".into();
        self.free.push(i);
    }

    pub fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    pub fn bytes(&self) -> usize {
        self.names.capacity() * 16 + self.names.iter().map(|n| n.len()).sum::<usize>() + self.table.bytes()
    }
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
