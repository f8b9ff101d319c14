//! The state document: `exportState()` / `PointsEngine.fromState(json)`.
//!
//! The document holds what cannot be derived (the program, the event log, the clock and the
//! rosters frozen when challenges were finalised) and a summary of what is derived (balances,
//! lifetime points, tiers and a digest of every ledger). Import replays the log and checks the
//! summary, so a tampered document is `INVALID_STATE`.

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Text;

use super::engine::{Entry, RuleRef};
use super::event::{self, PointsEvent};
use super::fxhash::Fnv;
use super::json::{self, Obj};
use super::program::Program;
use super::time::fmt_instant;
use super::{Applied, PointsEngine, RosterEntry};

/// Version of the state document this library writes and reads.
pub const STATE_VERSION: u32 = 2;
const FORMAT: &str = "health-steward/points-state";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StateDoc {
    format: String,
    version: u32,
    program: Program,
    clock: Option<String>,
    events: Vec<PointsEvent>,
    finalized: Vec<FinalDoc>,
    summary: Summary,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct FinalDoc {
    challenge_id: String,
    roster: Vec<RosterDoc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RosterDoc {
    member_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    building: Option<String>,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    members: Vec<MemberSummary>,
    ledger_digest: String,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct MemberSummary {
    member_id: String,
    balance: i64,
    lifetime_earned: i64,
    tier: String,
    ledger_entries: usize,
}

/// Reads the document (paths under `state`).
fn read_doc(o: &Obj<'_>) -> Result<StateDoc> {
    o.only(&["format", "version", "program", "clock", "events", "finalized", "summary"])?;
    let mut finalized = Vec::new();
    for f in o.each("finalized", true)? {
        f.only(&["challengeId", "roster"])?;
        let mut roster = Vec::new();
        for r in f.each("roster", true)? {
            r.only(&["memberId", "family", "building"])?;
            roster.push(RosterDoc { member_id: r.str("memberId")?, family: r.opt_str("family")?, building: r.opt_str("building")? });
        }
        finalized.push(FinalDoc { challenge_id: f.str("challengeId")?, roster });
    }
    let s = o.obj("summary")?;
    s.only(&["members", "ledgerDigest"])?;
    let mut members = Vec::new();
    for m in s.each("members", true)? {
        m.only(&["memberId", "balance", "lifetimeEarned", "tier", "ledgerEntries"])?;
        members.push(MemberSummary {
            member_id: m.str("memberId")?,
            balance: m.int("balance")?,
            lifetime_earned: m.int("lifetimeEarned")?,
            tier: m.str("tier")?,
            ledger_entries: usize::try_from(m.int("ledgerEntries")?).unwrap_or(usize::MAX),
        });
    }
    Ok(StateDoc {
        format: FORMAT.to_string(),
        version: STATE_VERSION,
        program: json::program(o.req("program")?, &o.field("program"))?,
        clock: o.opt_str("clock")?,
        events: json::events(o.req("events")?, &o.field("events"))?,
        finalized,
        summary: Summary { members, ledger_digest: s.str("ledgerDigest")? },
    })
}

fn invalid_state(field: &str, en: &str, zh: &str) -> Error {
    Error::new(
        ErrorCode::InvalidState,
        Some(field),
        Text::new(format!("积分状态文档无效：{field} {zh}"), format!("Invalid points state document: {field} {en}")),
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

fn hash_entry(h: &mut Fnv, eng: &PointsEngine, e: &Entry) {
    h.int(e.at_ms);
    h.int(i64::from(e.class) << 8 | e.kind as i64);
    h.str(if e.event == super::NONE32 { "" } else { &eng.events[e.event as usize].id });
    match e.rule {
        RuleRef::Earn(i) => h.int(1 << 32 | i64::from(i)),
        RuleRef::Referral(m) => {
            h.int(2 << 32);
            h.str(&eng.names[m as usize]);
        }
        RuleRef::ReferralBonus(n) => h.int(3 << 32 | i64::from(n)),
        RuleRef::Completion(c) => h.int(4 << 32 | i64::from(c)),
        RuleRef::Milestone(c, i) => h.int(5 << 32 | i64::from(c) << 16 | i64::from(i)),
        RuleRef::Reward(w) => h.int(6 << 32 | i64::from(w)),
        RuleRef::Adjust => h.int(7 << 32),
        RuleRef::Expiry => h.int(8 << 32),
        RuleRef::Tier => h.int(9 << 32),
    }
    h.int(e.points);
    h.int(e.expires_ms);
    h.int(i64::from(e.day));
    h.int(i64::from(e.tier.0) << 8 | i64::from(e.tier.1));
}

impl PointsEngine {
    fn summary(&self) -> Summary {
        let mut ids: Vec<u32> = (0..self.names.len() as u32).filter(|&m| self.st.members[m as usize].joined()).collect();
        super::sort_idx(&mut ids, &|a, b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut h = Fnv::new();
        let mut members = Vec::with_capacity(ids.len());
        for m in ids {
            let x = &self.st.members[m as usize];
            h.str(&self.names[m as usize]);
            for e in &x.ledger {
                hash_entry(&mut h, self, e);
            }
            members.push(MemberSummary {
                member_id: self.names[m as usize].to_string(),
                balance: x.balance,
                lifetime_earned: x.lifetime,
                tier: self.level_id(x.tier),
                ledger_entries: x.ledger.len(),
            });
        }
        Summary { members, ledger_digest: format!("{:016x}", h.0) }
    }

    /// The state as a versioned JSON document (identical for any arrival order of the same events).
    pub fn export_state(&self) -> String {
        let events = self
            .order
            .iter()
            .map(|&i| {
                let e = &self.events[i as usize];
                let referrer = (e.referrer != super::NONE32).then(|| &*self.names[e.referrer as usize]);
                e.to_event(&self.p, &self.names[e.member as usize], referrer)
            })
            .collect();
        let finalized = self
            .finals
            .iter()
            .enumerate()
            .filter_map(|(ci, r)| r.as_ref().map(|r| (ci, r)))
            .map(|(ci, r)| {
                let mut ord: Vec<u32> = (0..r.len() as u32).collect();
                super::sort_idx(&mut ord, &|a, b| self.names[r[a as usize].member as usize].cmp(&self.names[r[b as usize].member as usize]));
                let roster: Vec<RosterDoc> = ord
                    .iter()
                    .map(|&i| &r[i as usize])
                    .map(|e| RosterDoc {
                        member_id: self.names[e.member as usize].to_string(),
                        family: e.family.as_deref().map(str::to_string),
                        building: e.building.as_deref().map(str::to_string),
                    })
                    .collect();
                FinalDoc { challenge_id: self.p.challenges[ci].id.clone(), roster }
            })
            .collect();
        let doc = StateDoc {
            format: FORMAT.to_string(),
            version: STATE_VERSION,
            program: self.program.clone(),
            clock: self.clock.map(|c| fmt_instant(c, self.p.offset)),
            events,
            finalized,
            summary: self.summary(),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }

    /// An engine from an exported document. Unknown formats or versions and documents that
    /// fail validation (including a summary that the replayed log does not reproduce) are
    /// `INVALID_STATE`.
    pub fn from_state(json: &str) -> Result<PointsEngine> {
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| invalid_state("state", &format!("is not JSON ({e})."), &format!("不是有效的 JSON（{e}）。")))?;
        let o = Obj::new(&value, "state").map_err(|e| as_state_error(e, "state"))?;
        if o.opt("format").and_then(|v| v.as_str()) != Some(FORMAT) {
            return Err(invalid_state(
                "state.format",
                &format!("must be \"{FORMAT}\"."),
                &format!("必须为“{FORMAT}”。"),
            ));
        }
        match o.opt("version").and_then(|v| v.as_u64()) {
            Some(v) if v == 1 || v == u64::from(STATE_VERSION) => {}
            Some(v) => {
                return Err(invalid_state(
                    "state.version",
                    &format!("is {v}; this library reads versions 1 to {STATE_VERSION}."),
                    &format!("为 {v}；本库只能读取版本 1–{STATE_VERSION}。"),
                ))
            }
            None => return Err(invalid_state("state.version", "is missing or not a number.", "缺失或不是数字。")),
        }
        let doc = read_doc(&o).map_err(|e| as_state_error(e, "state"))?;
        let mut eng = PointsEngine::new(doc.program).map_err(|e| as_state_error(e, "state"))?;
        let clock = match &doc.clock {
            None => None,
            Some(c) => Some(super::time::parse_instant("state.clock", c).map_err(|e| as_state_error(e, "state"))?),
        };
        let mut parsed = Vec::with_capacity(doc.events.len());
        let mut prev: Option<(i64, &str)> = None;
        for (i, e) in doc.events.iter().enumerate() {
            let root = format!("state.events[{i}]");
            let pe = event::parse(&eng.p, e, &|| root.clone()).map_err(|e| as_state_error(e, "state"))?;
            let key = (pe.ev.at_ms, e.id.as_str());
            if prev.is_some_and(|p| p >= key) {
                return Err(invalid_state(&root, "is out of order or repeated.", "顺序错误或重复。"));
            }
            prev = Some(key);
            parsed.push(pe);
        }
        let (applied, _) = eng.ingest(parsed, &|i| format!("state.events[{i}]"), true).map_err(|e| as_state_error(e, "state"))?;
        for (i, a) in applied.iter().enumerate() {
            if !matches!(a, Applied::Stored { duplicate: false, .. }) {
                return Err(invalid_state(
                    &format!("state.events[{i}]"),
                    "cannot be in a log (the rules always refuse it).",
                    "不可能出现在日志中（规则总是拒绝它）。",
                ));
            }
        }
        if let Some(c) = clock {
            eng.clock = Some(c);
            for m in 0..eng.st.members.len() {
                eng.st.settle(&eng.p, m as u32, c);
            }
            eng.st.expire(&eng.p, c);
        }
        for (i, f) in doc.finalized.iter().enumerate() {
            let field = format!("state.finalized[{i}]");
            let ci = eng
                .p
                .challenge_index(&f.challenge_id)
                .ok_or_else(|| invalid_state(&format!("{field}.challengeId"), "is not a challenge of the program.", "不是方案中的挑战。"))?;
            if eng.finals[ci as usize].is_some() {
                return Err(invalid_state(&format!("{field}.challengeId"), "is repeated.", "重复。"));
            }
            if clock.is_none_or(|c| c < eng.p.challenges[ci as usize].final_ms) {
                return Err(invalid_state(&field, "is final before its end and grace.", "在结束与宽限期之前即已结算。"));
            }
            let mut roster = Vec::with_capacity(f.roster.len());
            for (j, r) in f.roster.iter().enumerate() {
                let m = eng.member_index(&r.member_id).map_err(|e| as_state_error(e, &format!("{field}.roster[{j}]")))?;
                roster.push(RosterEntry {
                    member: m,
                    family: r.family.as_deref().map(Into::into),
                    building: r.building.as_deref().map(Into::into),
                });
            }
            eng.finals[ci as usize] = Some(roster);
        }
        for (ci, c) in eng.p.challenges.iter().enumerate() {
            if clock.is_some_and(|t| c.final_ms <= t) && eng.finals[ci].is_none() {
                return Err(invalid_state("state.finalized", &format!("lacks the challenge \"{}\".", c.id), &format!("缺少挑战“{}”。", c.id)));
            }
        }
        if eng.summary() != doc.summary {
            return Err(invalid_state(
                "state.summary",
                "does not match the replayed event log (the document was altered).",
                "与重放事件日志的结果不一致（文档已被改动）。",
            ));
        }
        Ok(eng)
    }
}
