//! The state document: `exportState()` / `PointsEngine.fromState(json)`.
//!
//! Version 2 holds what cannot be derived — the programme, the clock, the open event log, the
//! checkpoints of compacted members (and the stock in use at them), the remembered ids of
//! refusals (with their codes, not their messages' figures) — and a summary of what is derived.
//! The last member, `seal`, closes the text before it with a checksum (corruption) and, when the
//! host passes a key, an HMAC-SHA-256 (authenticity). Version 1 documents (a full log and frozen
//! rosters) still read. What each check proves is in docs/points-rules.md.

use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Text;
use crate::read::Read;

use super::account::Account;
use super::engine::PointsEngine;
use crate::order::{sort_idx, sort_vec};
use super::event;
use super::json::{self, Scan};
use super::fxhash::Fnv;
use super::ids::{hash_str, Refused};
use super::model::{code_tag, Entry, IdRef, Key, Mem, RuleRef};
use super::program::Program;
use super::shapes::StateOptions;
use super::time::{self, fmt_instant};

/// Version of the state document this library writes (it reads 1 and 2).
pub const STATE_VERSION: u32 = 2;
const FORMAT: &str = "health-steward/points-state";
const SEAL: &str = ",\"seal\":";
/// The longest string V8 (Node, Chromium) holds, in UTF-16 code units; a UTF-8 text of at most
/// this many bytes fits.
pub const MAX_JS_STRING: usize = (1 << 29) - 24;
/// The memory the bindings let the points engines grow to (3 GiB of a Wasm instance's 4 GiB).
pub const MEMORY_LIMIT: usize = 3 << 30;


#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Doc<'a> {
    format: String,
    version: u32,
    program: Program,
    clock: Option<String>,
    events: Log<'a>,
    #[serde(skip_serializing_if = "Checkpoints::is_empty")]
    checkpoints: Checkpoints<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stock: Vec<StockDoc>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    forgotten: Vec<ForgottenDoc>,
    summary: SummaryDoc,
}

/// The open log as written: each event is made in the input shape as it is serialised, so that
/// exporting holds one event at a time beside the engine, not the whole log twice (10 M events as
/// `PointsEvent`s took about 4 GB, over the Wasm memory).
struct Log<'a> {
    engine: &'a PointsEngine,
    order: Vec<(Mem, u32)>,
}

impl Serialize for Log<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.order.len()))?;
        for &(m, i) in &self.order {
            seq.serialize_element(&self.engine.to_event(m, &self.engine.slots[m.ix()].events[i as usize]))?;
        }
        seq.end()
    }
}

/// The checkpoints as written, one member's at a time (made as JSON trees all at once, 300,000
/// members' took more than the Wasm memory had left).
struct Checkpoints<'a> {
    engine: &'a PointsEngine,
    members: Vec<Mem>,
}

impl Checkpoints<'_> {
    fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl Serialize for Checkpoints<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.members.len()))?;
        for &m in &self.members {
            let s = &self.engine.slots[m.ix()];
            if let Some(b) = &s.base {
                seq.serialize_element(&super::checkpoint::encode(self.engine, m, s.base_at, b))?;
            }
        }
        seq.end()
    }
}

/// A document as read (checkpoints stay text until the engine exists to read them into).
struct DocIn<'a> {
    version: u32,
    program: Program,
    clock: Option<String>,
    /// The log's text, read as it is imported.
    events: &'a str,
    checkpoints: Option<&'a str>,
    stock: Vec<StockDoc>,
    forgotten: Vec<ForgottenDoc>,
    finalized: Option<Vec<FinalDoc>>,
    summary: SummaryDoc,
}

#[derive(Read)]
#[serde(deny_unknown_fields)]
struct SealDoc {
    checksum: String,
    #[serde(default)]
    hmac: Option<String>,
}

#[derive(Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FinalDoc {
    challenge_id: String,
    roster: Vec<RosterDoc>,
}

#[derive(Serialize, Read, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RosterDoc {
    member_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    building: Option<String>,
}

#[derive(Serialize, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
struct SummaryDoc {
    /// Version 1: per member figures and a digest of every ledger.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members: Vec<MemberSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger_digest: Option<String>,
    /// Version 2: counts and a digest of every account and outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    member_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
}

/// `summary` of a version 1 document as read.
#[derive(Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SummaryV1 {
    members: Vec<MemberSummary>,
    ledger_digest: String,
}

/// `summary` of a version 2 document as read.
#[derive(Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SummaryV2 {
    member_count: u64,
    event_count: u64,
    digest: String,
}

#[derive(Serialize, Read, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MemberSummary {
    member_id: String,
    balance: i64,
    lifetime_earned: i64,
    tier: String,
    ledger_entries: usize,
}

#[derive(Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StockDoc {
    reward_id: String,
    used: i64,
}

/// The fewest bytes an event of the log takes in a document (`{"id":"","memberId":"","at":"…",
/// "type":"join"}` with a 20-character instant).
const MIN_EVENT_BYTES: usize = 60;

/// The text of a document being written, refused (an I/O error) once it would pass `max`
/// bytes: the buffer never grows past `max`, so a document too long for the host costs at most
/// that much memory (written whole, the text of a million members passed a gigabyte and, with
/// the copy of its last doubling, aborted the instance).
struct Bounded {
    buf: Vec<u8>,
    max: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let need = self.buf.len().saturating_add(bytes.len());
        if need > self.max {
            return Err(std::io::ErrorKind::OutOfMemory.into());
        }
        if need > self.buf.capacity() {
            let cap = need.max(self.buf.capacity().saturating_mul(2)).min(self.max);
            self.buf.reserve_exact(cap - self.buf.len());
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `STATE_TOO_LARGE`: a document longer than `max_bytes`; a host at that size compacts first
/// (`compact()` leaves checkpoints and the open tail).
fn too_large_to_export(max_bytes: usize) -> Error {
    let mb = max_bytes.div_ceil(1 << 20);
    Error::new(
        ErrorCode::StateTooLarge,
        Some("state"),
        Text::new(
            format!("积分数据太大（超过 {mb} MB），无法作为一个文档导出：请先把较早的历史压缩为检查点，再导出。"),
            format!("The points data is too large to export as one document (over {mb} MB): fold the older history into checkpoints first, then export again."),
        ),
    )
}

/// A remembered refusal: its code, never its message's figures (they depended on the order
/// events arrived in). Documents of earlier releases also have `args`, those figures: read and
/// ignored (every reader of version 2 takes `args` as optional, so this is still version 2).
#[derive(Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ForgottenDoc {
    event_id: String,
    member_id: String,
    at: String,
    fingerprint: String,
    code: String,
    /// Earlier releases' figures: read, ignored, never written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    args: Option<Value>,
}

fn invalid_state(field: &str, en: &str, zh: &str) -> Error {
    Error::new(
        ErrorCode::InvalidState,
        Some(field),
        // The path stays in `field`; the text never names it (resident-readable text).
        Text::new(format!("积分状态文档无效：其中一项{zh}"), format!("Invalid points state document: one of its entries {en}")),
    )
}

fn as_state_error(mut e: Error, prefix: &str) -> Error {
    e.code = ErrorCode::InvalidState;
    match e.field.take() {
        Some(f) if f.starts_with("program") || f.starts_with("event") => e.field = Some(format!("{prefix}.{f}")),
        Some(f) => e.field = Some(f),
        None => e.field = Some(prefix.to_string()),
    }
    e
}

/// The checksum of a document body (FNV-1a over 8-byte words: fast, not a secret).
fn checksum(body: &str) -> String {
    format!("fx64:{:016x}", hash_str(body.as_bytes()))
}

fn check_key(key: &str) -> Result<&[u8]> {
    if key.len() < 16 {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            Some("options.key"),
            Text::new("密钥至少需要 16 个字节。", "The key must be at least 16 bytes long."),
        ));
    }
    Ok(key.as_bytes())
}

fn hmac_of(key: &[u8], body: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(body.as_bytes());
    mac
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Hash input of a version 1 ledger entry (kept to verify version 1 documents).
fn hash_v1_entry(h: &mut Fnv, eng: &PointsEngine, e: &Entry) {
    h.int(e.at);
    h.int(i64::from(e.class) << 8 | e.kind as i64);
    h.str(if e.event == IdRef::NONE { "" } else { eng.ids.str(e.event) });
    match e.rule {
        RuleRef::Earn(i) => h.int(1 << 32 | i64::from(i.0)),
        RuleRef::Referral(m) => {
            h.int(2 << 32);
            h.str(eng.name(m));
        }
        RuleRef::ReferralBonus(n) => h.int(3 << 32 | i64::from(n)),
        RuleRef::Completion(c) => h.int(4 << 32 | i64::from(c.0)),
        RuleRef::Milestone(c, i) => h.int(5 << 32 | i64::from(c.0) << 16 | i64::from(i)),
        RuleRef::Reward(w) => h.int(6 << 32 | i64::from(w.0)),
        RuleRef::Adjust => h.int(7 << 32),
        RuleRef::Expiry => h.int(8 << 32),
        RuleRef::Tier | RuleRef::Carry => h.int(9 << 32),
    }
    h.int(e.points);
    h.int(e.expires);
    h.int(i64::from(e.day));
    h.int(i64::from(e.tier.0) << 8 | i64::from(e.tier.1));
}

impl PointsEngine {
    /// Members in id order (those holding anything).
    fn members_by_name(&self) -> Vec<Mem> {
        let mut ids: Vec<u32> = (0..self.slots.len() as u32)
            .filter(|&m| {
                let s = &self.slots[m as usize];
                !self.names.name(m).is_empty() && (s.acc.joined() || !s.events.is_empty() || s.base.is_some())
            })
            .collect();
        sort_idx(&mut ids, &|a, b| self.names.name(a).cmp(self.names.name(b)));
        ids.into_iter().map(Mem).collect()
    }

    /// A digest of every account and outcome (version 2 summary).
    fn digest(&self) -> String {
        let mut h = Fnv::new();
        for m in self.members_by_name() {
            let s = &self.slots[m.ix()];
            let a = &s.acc;
            h.str(self.name(m));
            for v in [a.joined, a.balance, a.lifetime, i64::from(a.tier), i64::from(a.qualified), a.flags as i64] {
                h.int(v);
            }
            for l in &a.lots[a.lots_expired as usize..] {
                h.int(l.expires);
                h.int(l.remaining);
            }
            for pr in &a.progress {
                h.int(i64::from(pr.count));
                h.int(pr.points);
            }
            // Groups by name (leaderboards and rosters follow them).
            for g in &a.groups {
                h.int(g.at);
                h.str(self.group_name(g.family).unwrap_or(""));
                h.bytes(&[0]);
                h.str(self.group_name(g.building).unwrap_or(""));
                h.bytes(&[0]);
            }
            for e in &s.events {
                h.str(self.ids.str(e.id));
                h.int(e.at);
                h.bytes(&[e.kind as u8, e.tag]);
            }
        }
        format!("{:016x}", h.0)
    }

    /// Version 1 summary: figures per member and a digest of every ledger.
    fn summary_v1(&self) -> SummaryDoc {
        let mut h = Fnv::new();
        let mut members = Vec::new();
        for m in self.members_by_name() {
            let a = &self.slots[m.ix()].acc;
            if !a.joined() {
                continue;
            }
            let to = super::engine::WalkTo { journal: true, ..self.to_clock() };
            let ledger = self.walk(m, to, &mut |_| {}).acc.journal.map(|j| *j).unwrap_or_default();
            h.str(self.name(m));
            for e in &ledger {
                hash_v1_entry(&mut h, self, e);
            }
            members.push(MemberSummary {
                member_id: self.name(m).to_string(),
                balance: a.balance,
                lifetime_earned: a.lifetime,
                tier: self.level_id(a.tier),
                ledger_entries: ledger.len(),
            });
        }
        SummaryDoc { members, ledger_digest: Some(format!("{:016x}", h.0)), member_count: None, event_count: None, digest: None }
    }

    fn summary_v2(&self) -> SummaryDoc {
        SummaryDoc {
            members: Vec::new(),
            ledger_digest: None,
            member_count: Some(self.members_by_name().len() as u64),
            event_count: Some(self.events as u64),
            digest: Some(self.digest()),
        }
    }

    /// The remembered refusals in id order (which of them are remembered does not depend on
    /// the order events arrived in, while the memory is not full).
    fn forgotten_by_id(&self) -> Vec<&Refused> {
        let mut v: Vec<&Refused> = self.forgotten.iter().collect();
        sort_vec(&mut v, &|a, b| a.id.cmp(&b.id));
        v
    }

    /// The open log in timeline order: each event's member and position in its member's log.
    fn log_order(&self) -> Vec<(Mem, u32)> {
        let mut all: Vec<(Key, Mem, u32)> = Vec::with_capacity(self.events);
        for (m, s) in self.slots.iter().enumerate() {
            for (i, e) in s.events.iter().enumerate() {
                all.push((e.key(), Mem(m as u32), i as u32));
            }
        }
        sort_vec(&mut all, &|a, b| self.ids.cmp(a.0, b.0));
        all.into_iter().map(|(_, m, i)| (m, i)).collect()
    }

    fn instant(&self, t: i64) -> String {
        fmt_instant(t, self.p.offset)
    }

    /// The state as a versioned JSON document: identical for any arrival order of the same
    /// events (with the same `advanceTo` and `compact` calls), sealed with a checksum, and with
    /// an HMAC-SHA-256 when `options.key` is given.
    pub fn export_state_with(&self, options: &StateOptions) -> Result<String> {
        self.export_state_within(options, usize::MAX)
    }

    /// [`Self::export_state_with`], refused (`STATE_TOO_LARGE`) when the text would be longer
    /// than `max_bytes` (a host's longest string, [`MAX_JS_STRING`]: the text of 10 M events is
    /// twice that); before it is written when the log alone cannot fit.
    pub fn export_state_within(&self, options: &StateOptions, max_bytes: usize) -> Result<String> {
        let key = options.key.as_deref().map(check_key).transpose()?;
        let doc = Doc {
            format: FORMAT.to_string(),
            version: STATE_VERSION,
            program: self.program.clone(),
            clock: self.clock.map(|c| self.instant(c)),
            events: Log { engine: self, order: self.log_order() },
            checkpoints: Checkpoints {
                engine: self,
                members: self.members_by_name().into_iter().filter(|m| self.slots[m.ix()].base.is_some()).collect(),
            },
            stock: self
                .stock
                .iter()
                .enumerate()
                .filter(|(_, l)| l.base != 0)
                .map(|(r, l)| StockDoc { reward_id: self.p.reward_ids[r].clone(), used: l.base })
                .collect(),
            forgotten: self
                .forgotten_by_id()
                .into_iter()
                .map(|f| ForgottenDoc {
                    event_id: f.id.to_string(),
                    member_id: f.member.to_string(),
                    at: self.instant(f.at),
                    fingerprint: format!("{:016x}", f.fingerprint),
                    code: super::model::tag_code(f.tag).unwrap_or("").to_string(),
                    args: None,
                })
                .collect(),
            summary: self.summary_v2(),
        };
        // An event takes at least 60 bytes of the text: a log that cannot fit is refused before
        // its text is written (and a text that turns out too long, after).
        if doc.events.order.len().saturating_mul(MIN_EVENT_BYTES) > max_bytes {
            return Err(too_large_to_export(max_bytes));
        }
        let mut body = Bounded { buf: Vec::new(), max: max_bytes };
        serde_json::to_writer(&mut body, &doc).map_err(|e| if e.is_io() { too_large_to_export(max_bytes) } else { Error::wrong_type("state", &e.to_string()) })?;
        let mut text = String::from_utf8(body.buf).map_err(|e| Error::wrong_type("state", &e.to_string()))?;
        text.pop(); // the closing brace: the seal follows the body
        let mut seal = format!("{SEAL}{{\"checksum\":\"{}\"", checksum(&text));
        if let Some(k) = key {
            let _ = write!(seal, ",\"hmac\":\"{}\"", hex(&hmac_of(k, &text).finalize().into_bytes()));
        }
        seal.push_str("}}");
        text.push_str(&seal);
        if text.len() > max_bytes {
            return Err(too_large_to_export(max_bytes));
        }
        Ok(text)
    }


    /// `STATE_TOO_LARGE` when the memory needed, `live_bytes`, is over `limit_bytes`: the
    /// bindings refuse to let an engine grow past [`MEMORY_LIMIT`] of the 4 GB a Wasm instance can
    /// have (the rest is room for one call's growth), since running out aborts the instance.
    pub fn check_memory(live_bytes: usize, limit_bytes: usize) -> Result<()> {
        if live_bytes <= limit_bytes {
            return Ok(());
        }
        let mb = live_bytes.div_ceil(1 << 20);
        Err(Error::new(
            ErrorCode::StateTooLarge,
            Some("state"),
            Text::new(
                format!("积分数据需要约 {mb} MB 内存，超过上限：请先把较早的历史压缩为检查点，或把成员分到多个积分引擎。"),
                format!("The points data needs about {mb} MB of memory, over the limit: fold the older history into checkpoints first, or split the members over several engines."),
            ),
        ))
    }

    /// The state as a versioned JSON document (no key).
    pub fn export_state(&self) -> String {
        self.export_state_with(&StateOptions::default()).unwrap_or_default()
    }

    /// An engine from an exported document. Unknown formats or versions, a seal that does not
    /// match, and documents that fail validation (a summary the replayed log does not
    /// reproduce, a roster the log does not give) are `INVALID_STATE`.
    pub fn from_state(json: &str) -> Result<PointsEngine> {
        PointsEngine::from_state_with(json, &StateOptions::default())
    }

    pub fn from_state_with(json: &str, options: &StateOptions) -> Result<PointsEngine> {
        let key = options.key.as_deref().map(check_key).transpose()?;
        let doc = read_doc(json, key)?;
        let mut eng = PointsEngine::new(doc.program.clone()).map_err(|e| as_state_error(e, "state"))?;
        let clock = match &doc.clock {
            None => None,
            Some(c) => Some(time::parse_instant("state.clock", c).map_err(|e| as_state_error(e, "state"))?),
        };
        eng.clock = clock;
        eng.horizon = clock.map(|c| eng.horizon_for(c)).unwrap_or(i64::MIN);
        eng.read_checkpoints(&doc)?;
        eng.read_log(doc.events)?;
        for (i, f) in doc.forgotten.iter().enumerate() {
            let field = format!("state.forgotten[{i}]");
            let fp = u64::from_str_radix(&f.fingerprint, 16)
                .map_err(|_| invalid_state(&format!("{field}.fingerprint"), "is not a hexadecimal number.", "不是十六进制数。"))?;
            let tag = code_tag(&f.code).filter(|&t| t > 1).ok_or_else(|| invalid_state(&format!("{field}.code"), "is not a refusal code.", "不是拒绝代码。"))?;
            if eng.ids.lookup(&f.event_id).is_some() {
                return Err(invalid_state(&format!("{field}.eventId"), "is also an event of the log.", "同时出现在日志中。"));
            }
            eng.forgotten.remember(Refused {
                id: f.event_id.as_str().into(),
                member: f.member_id.as_str().into(),
                at: time::parse_instant(&format!("{field}.at"), &f.at).map_err(|e| as_state_error(e, "state"))?,
                fingerprint: fp,
                tag,
                first: tag,
            });
        }
        match doc.version {
            1 => eng.check_v1(&doc)?,
            _ => {
                if eng.summary_v2() != doc.summary {
                    return Err(invalid_state(
                        "state.summary",
                        "does not match the replayed event log (the document was altered).",
                        "与重放事件日志的结果不一致（文档已被改动）。",
                    ));
                }
            }
        }
        eng.bound_held_after_import();
        Ok(eng)
    }

    /// Reads the open log (already in timeline order) and processes it in that order.
    /// Reads the log and imports each event as it is read (no list of the events is built: at
    /// 10 M events two lists of them took several GB).
    fn read_log(&mut self, text: &str) -> Result<()> {
        let mut sc = Scan::new(text);
        let mut call = self.begin_log();
        self.ids.defer_indexing();
        let mut last: Option<(i64, std::borrow::Cow<'_, str>)> = None;
        // Only a checkpointed member's events need their member looked up here.
        let any_checkpoint = self.slots.iter().any(|s| s.base.is_some());
        json::each_event(&mut sc, "events", &mut |i, e| {
            let root = || format!("state.events[{i}]");
            let pe = event::parse(&self.p, e, &root)?;
            if last.as_ref().is_some_and(|(at, id)| (*at, &**id) >= (pe.at, &*pe.input.id)) {
                return Err(invalid_state(&root(), "is out of order or repeated.", "顺序错误或重复。"));
            }
            if pe.unknown_challenge || pe.unknown_reward || pe.referrer() == Some(&*pe.input.member_id) {
                return Err(invalid_state(&root(), "cannot be in a log (the rules always refuse it).", "不可能出现在日志中（规则总是拒绝它）。"));
            }
            if let Some(m) = any_checkpoint.then(|| self.member_named(&pe.input.member_id)).flatten() {
                if self.slots[m.ix()].base.is_some() && pe.at < self.slots[m.ix()].base_at {
                    return Err(invalid_state(&root(), "is before its member's checkpoint.", "早于该成员的检查点。"));
                }
            }
            last = Some((pe.at, pe.input.id.clone()));
            self.import_next(&pe, &mut call);
            Ok(())
        })
        .map_err(|e| as_state_error(e, "state"))?;
        if !sc.at_end() {
            return Err(invalid_state("state.events", "is not JSON.", "不是有效的 JSON。"));
        }
        if let Err(k) = self.ids.index_deferred() {
            return Err(invalid_state(&format!("state.events[{k}]"), "repeats the id of an earlier event.", "与之前某个事件的 id 重复。"));
        }
        self.end_log(call);
        Ok(())
    }

    /// Reads the checkpoints of compacted members and the stock in use at them.
    fn read_checkpoints(&mut self, doc: &DocIn<'_>) -> Result<()> {
        if let Some(text) = doc.checkpoints {
            let mut sc = Scan::new(text);
            let mut last: Option<Mem> = None;
            let mut read: Vec<(Mem, i64, Account)> = Vec::new();
            let p = self.p.clone();
            sc.array("state.checkpoints", &mut |i, sc| {
                let path = || format!("state.checkpoints[{i}]");
                // Read without paths; only for an error is it read again with them (writing the
                // path of every number was 60 % of importing a compacted document).
                let start = sc.pos();
                let (m, at, acc) = match self.decode_checkpoint(&p, sc, "") {
                    Ok(x) => x,
                    Err(quiet) => return Err(self.decode_checkpoint(&p, &mut sc.from_offset(start), &path()).err().unwrap_or(quiet)),
                };
                if last.is_some_and(|l| self.name(l) >= self.name(m)) {
                    return Err(invalid_state(&path(), "is out of order or repeated.", "顺序错误或重复。"));
                }
                if self.clock.is_none_or(|t| at > self.horizon_for(t)) {
                    return Err(invalid_state(&format!("{}[1]", path()), "is after the horizon of the clock.", "晚于时钟对应的截止时间。"));
                }
                last = Some(m);
                read.push((m, at, acc));
                Ok(())
            })
            .map_err(|e| as_state_error(e, "state.checkpoints"))?;
            for (m, at, acc) in read {
                let s = &mut self.slots[m.ix()];
                s.acc = acc.clone();
                s.base = Some(Box::new(acc));
                s.base_at = at;
            }
        }
        // Referrals between checkpointed members.
        for m in 0..self.slots.len() {
            let r = self.slots[m].acc.referrer;
            if !r.is_none() {
                self.slots[r.ix()].named_by.push(Mem(m as u32));
            }
        }
        for (i, s) in doc.stock.iter().enumerate() {
            let field = format!("state.stock[{i}]");
            let r = self.p.reward_index(&s.reward_id).ok_or_else(|| invalid_state(&format!("{field}.rewardId"), "is not a reward of the program.", "不是方案中的兑换项目。"))?;
            let limit = self.p.rewards[r as usize].stock.ok_or_else(|| invalid_state(&format!("{field}.rewardId"), "has no stock.", "没有库存限制。"))?;
            if s.used < 0 || s.used > limit {
                return Err(invalid_state(&format!("{field}.used"), &format!("is outside 0–{limit}."), &format!("超出范围 0–{limit}。")));
            }
            let line = &mut self.stock[r as usize];
            line.base = s.used;
            line.total = s.used;
        }
        Ok(())
    }

    /// Version 1: the summary of balances and ledgers, and the frozen rosters, must be what
    /// the log gives.
    fn check_v1(&mut self, doc: &DocIn<'_>) -> Result<()> {
        if self.summary_v1() != doc.summary {
            return Err(invalid_state(
                "state.summary",
                "does not match the replayed event log (the document was altered).",
                "与重放事件日志的结果不一致（文档已被改动）。",
            ));
        }
        let finals = doc.finalized.as_deref().unwrap_or(&[]);
        for (ci, c) in self.p.challenges.iter().enumerate() {
            let field = "state.finalized";
            let is_final = self.clock.is_some_and(|t| t >= c.final_ms);
            let listed: Vec<&FinalDoc> = finals.iter().filter(|f| f.challenge_id == c.id).collect();
            if listed.len() > 1 || (!is_final && !listed.is_empty()) {
                return Err(invalid_state(field, &format!("lists the challenge \"{}\" wrongly.", c.id), &format!("错误地列出了挑战“{}”。", c.id)));
            }
            if is_final {
                let Some(f) = listed.first() else {
                    return Err(invalid_state(field, &format!("lacks the challenge \"{}\".", c.id), &format!("缺少挑战“{}”。", c.id)));
                };
                let mut roster: Vec<RosterDoc> = self
                    .roster(ci)
                    .into_iter()
                    .map(|e| RosterDoc {
                        member_id: self.name(e.member).to_string(),
                        family: self.group_name(e.family).map(str::to_string),
                        building: self.group_name(e.building).map(str::to_string),
                    })
                    .collect();
                sort_vec(&mut roster, &|a, b| a.member_id.cmp(&b.member_id));
                if roster != f.roster {
                    return Err(invalid_state(
                        field,
                        &format!("has a roster of \"{}\" that the event log does not give.", c.id),
                        &format!("中挑战“{}”的名单与事件日志不符。", c.id),
                    ));
                }
            }
        }
        if finals.iter().any(|f| self.p.challenge_index(&f.challenge_id).is_none()) {
            return Err(invalid_state("state.finalized", "names a challenge the program does not have.", "含有方案中没有的挑战。"));
        }
        // What this version would no longer hold: refusals the horizon has passed.
        self.forget_settled_refusals_after_import();
        Ok(())
    }
}

/// Recomputes the checksum of an edited version 2 document (what anyone can do: the reason a
/// host that needs authenticity passes a key). For tests of the checks behind the seal.
#[doc(hidden)]
pub fn reseal_state(json: &str) -> String {
    let mut v: serde_json::Value = crate::read::read(json, "state").unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("seal");
    }
    let text = v.to_string();
    let body = text.strip_suffix('}').unwrap_or(&text);
    format!("{body}{SEAL}{{\"checksum\":\"{}\"}}}}", checksum(body))
}

fn field_err(e: Error) -> Error {
    let f = e.field.clone().unwrap_or_default();
    let prefix = if f.is_empty() { "state".to_string() } else { f };
    as_state_error(e, &prefix)
}

/// The top-level members of a document as text: key, value, and where the value starts.
struct Members<'a> {
    list: Vec<(String, &'a str, usize)>,
}

impl<'a> Members<'a> {
    /// Member `k` (the last one of that key).
    fn get(&self, k: &str) -> Option<&(String, &'a str, usize)> {
        self.list.iter().rev().find(|m| m.0 == k)
    }

    /// Member `k` read as a `T` (absent reads as `null`); errors name `state.k…`.
    fn read<T: Read>(&self, k: &str) -> Result<T> {
        let text = self.get(k).map_or("null", |m| m.1);
        crate::read::read(text, &format!("state.{k}")).map_err(field_err)
    }
}

/// Reads a document: the top level member by member (the log without building a tree), the
/// version and seal first.
// Its phases are `#[inline(always)]`: compiled into this one function as before they were split
// out (out of line they added 5.7 KB to the speed build, over the tarball's size budget).
fn read_doc<'a>(json: &'a str, key: Option<&[u8]>) -> Result<DocIn<'a>> {
    let members = scan_members(json)?;
    let version = read_version(&members)?;
    check_members(json, &members, version, key)?;
    let program_text = members.get("program").map_or("null", |m| m.1);
    let program = crate::read::read::<Program>(program_text, "program").map_err(|e| as_state_error(e, "state"))?;
    let clock: Option<String> = members.read("clock")?;
    let events = match members.get("events") {
        None => return Err(Error::missing(&["state.events".to_string()])).map_err(field_err),
        Some(m) => m.1,
    };
    let checkpoints = members.get("checkpoints").map(|m| m.1);
    let stock = members.read::<Option<Vec<StockDoc>>>("stock")?.unwrap_or_default();
    let forgotten = members.read::<Option<Vec<ForgottenDoc>>>("forgotten")?.unwrap_or_default();
    let finalized = if version == 1 { Some(members.read::<Option<Vec<FinalDoc>>>("finalized")?.unwrap_or_default()) } else { None };
    let summary = read_summary(&members, version)?;
    Ok(DocIn { version, program, clock, events, checkpoints, stock, forgotten, finalized, summary })
}

/// Splits a document into its top-level members, without reading their values.
#[inline(always)]
fn scan_members(json: &str) -> Result<Members<'_>> {
    let mut sc = Scan::new(json);
    if sc.peek() != Some(b'{') {
        return Err(invalid_state("state", "is not a JSON object.", "不是 JSON 对象。"));
    }
    let mut list: Vec<(String, &str, usize)> = Vec::new();
    let bad_json = |_| invalid_state("state", "is not JSON.", "不是有效的 JSON。");
    sc.object("state", &mut |k, sc| {
        sc.peek();
        let start = sc.pos();
        let raw = sc.skip("state")?;
        list.push((k.to_string(), raw, start));
        Ok(())
    })
    .map_err(bad_json)?;
    if !sc.at_end() {
        return Err(invalid_state("state", "is not JSON.", "不是有效的 JSON。"));
    }
    Ok(Members { list })
}

/// Checks the format and reads the version (1 or 2).
#[inline(always)]
fn read_version(members: &Members<'_>) -> Result<u32> {
    if members.read::<Option<String>>("format").ok().flatten().as_deref() != Some(FORMAT) {
        return Err(invalid_state("state.format", &format!("must be \"{FORMAT}\"."), &format!("必须为“{FORMAT}”。")));
    }
    match members.read::<Option<u64>>("version").ok().flatten() {
        Some(v @ 1..=2) => Ok(v as u32),
        Some(v) => Err(invalid_state(
            "state.version",
            &format!("is {v}; this library reads versions 1 to {STATE_VERSION}."),
            &format!("为 {v}；本库只能读取版本 1–{STATE_VERSION}。"),
        )),
        None => Err(invalid_state("state.version", "is missing or not a number.", "缺失或不是数字。")),
    }
}

/// Checks that every member is one of its version, and the seal (version 2; a key needs one).
#[inline(always)]
fn check_members(json: &str, members: &Members<'_>, version: u32, key: Option<&[u8]>) -> Result<()> {
    let known: &[&str] = if version == 1 {
        &["format", "version", "program", "clock", "events", "finalized", "summary"]
    } else {
        &["format", "version", "program", "clock", "events", "checkpoints", "stock", "forgotten", "summary", "seal"]
    };
    if let Some(m) = members.list.iter().find(|m| !known.contains(&m.0.as_str())) {
        return Err(field_err(Error::unknown_field(&format!("state.{}", m.0), &m.0)));
    }
    if version >= 2 {
        let seal = match members.list.last() {
            Some(m) if m.0 == "seal" => m,
            _ => return Err(invalid_state("state.seal", "is missing, or not the last member of the document.", "缺失，或不是文档的最后一项。")),
        };
        // The body is the text before the comma that precedes the seal's key.
        let before = json[..seal.2].rfind("\"seal\"").and_then(|q| json[..q].rfind(',')).unwrap_or(0);
        check_seal(&json[..before], &members.read("seal")?, key)?;
    } else if key.is_some() {
        return Err(invalid_state("state.seal", "is missing: a version 1 document cannot be authenticated.", "缺失：版本 1 的文档无法验证来源。"));
    }
    Ok(())
}

/// Reads `summary`: balances and ledgers (version 1), or counts and a digest (version 2).
#[inline(always)]
fn read_summary(members: &Members<'_>, version: u32) -> Result<SummaryDoc> {
    Ok(if version == 1 {
        let v1: SummaryV1 = members.read("summary")?;
        SummaryDoc { members: v1.members, ledger_digest: Some(v1.ledger_digest), member_count: None, event_count: None, digest: None }
    } else {
        let v2: SummaryV2 = members.read("summary")?;
        SummaryDoc {
            members: Vec::new(),
            ledger_digest: None,
            member_count: Some(v2.member_count),
            event_count: Some(v2.event_count),
            digest: Some(v2.digest),
        }
    })
}

/// Checks the seal that closes a version 2 document: the checksum of the body, and its HMAC
/// under the host's key when one is given.
fn check_seal(body: &str, seal: &SealDoc, key: Option<&[u8]>) -> Result<()> {
    if seal.checksum != checksum(body) {
        return Err(invalid_state("state.seal.checksum", "does not match the document (it was corrupted or edited).", "与文档内容不符（文档已损坏或被改动）。"));
    }
    if let Some(k) = key {
        let Some(tag) = seal.hmac.as_deref().and_then(unhex) else {
            return Err(invalid_state("state.seal.hmac", "is missing: the document is not sealed with a key.", "缺失：文档未用密钥签名。"));
        };
        if hmac_of(k, body).verify_slice(&tag).is_err() {
            return Err(invalid_state("state.seal.hmac", "does not match this key (the document was not written by its holder, or was altered).", "与该密钥不符（文档并非由密钥持有者写出，或已被改动）。"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::Bounded;

    /// The buffer of a document never grows past its limit, and writing past it is refused.
    #[test]
    fn a_bounded_text_stops_at_its_limit() {
        let mut b = Bounded { buf: Vec::new(), max: 1000 };
        for _ in 0..33 {
            b.write_all(&[b'x'; 30]).unwrap();
        }
        assert_eq!(b.buf.len(), 990);
        assert!(b.buf.capacity() <= 1000, "capacity {}", b.buf.capacity());
        assert!(b.write_all(&[b'x'; 11]).is_err());
        assert_eq!(b.buf.len(), 990, "a refused write adds nothing");
        b.write_all(&[b'x'; 10]).unwrap();
        assert_eq!((b.buf.len(), b.buf.capacity()), (1000, 1000));
    }
}
