//! iCalendar export of a care plan (RFC 5545).
//!
//! One all-day `VEVENT` per activity: `DTSTART;VALUE=DATE` is the window start (or the due
//! date) and `DTEND;VALUE=DATE` the day after the window end (exclusive, as the RFC says).
//! Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; TEXT
//! values escape `\`, `;`, `,` and newlines. `DTSTAMP` is the plan's start date at 00:00 UTC: the
//! output depends on the plan only, never the clock.
//!
//! `UID` is `<activity id>.<16 hex digits>@health-steward` (docs/api.md, "Calendar UIDs"). The
//! digits hash `uidNamespace` when given (a member id: a revised plan of the same resident keeps
//! the UIDs of its unchanged activities, so calendars update events in place), else the plan's
//! identity — its machine fields, never its localized text — so that two residents' plans do not
//! share UIDs in one calendar (activity ids such as `htn-follow-up-2026-11-24` repeat between
//! residents) while re-exporting the same plan, in either language, gives the same UIDs.

use serde::Serialize;
use serde_json::Value;

use super::fhir::hash64;
use super::CarePlan;
use crate::calendar::{add_days, parse_date, Date};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Text;
use crate::read::Read;

/// Options of [`care_plan_to_ics`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct IcsOptions {
    /// Shown by calendar apps as the calendar's name (`X-WR-CALNAME`).
    pub calendar_name: Option<String>,
    /// Any stable text identifying the resident (e.g. a member id); only its hash enters the
    /// UIDs. Without it the UIDs hash the plan's identity ([`uid_suffix`]).
    pub uid_namespace: Option<String>,
}

const CRLF: &str = "\r\n";

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` and newlines; other control
/// characters except tab are dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (continuations start with one space, which counts), never
/// inside a UTF-8 character, and ends every physical line with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0usize;
    let mut limit = 75usize;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str(CRLF);
            out.push(' ');
            used = 1;
            limit = 75;
        }
        out.push(c);
        used += n;
    }
    out.push_str(CRLF);
    out
}

fn ics_date(d: Date) -> String {
    crate::calendar::format_date(d).replace('-', "")
}

fn bad(field: &str, en: &str, zh: &str) -> Error {
    Error::new(ErrorCode::InvalidInput, Some(field), Text::new(format!("{field}：{zh}"), format!("{field}: {en}")))
}

/// Writes a plan's identity: every machine field that differs between residents and none of
/// the localized text (labels, titles, reasons), so that the same plan exported in either
/// language keeps its UIDs. Fields end with U+001F and lists with U+001E, so that no two
/// different plans write the same text.
struct Identity(String);

impl Identity {
    fn field(&mut self, s: &str) {
        self.0.push_str(s);
        self.0.push('\u{1f}');
    }
    fn end_list(&mut self) {
        self.0.push('\u{1e}');
    }
}

fn plan_identity(plan: &CarePlan) -> String {
    let mut w = Identity(String::new());
    for s in [&plan.start_date, &plan.end_date, &plan.rules_version] {
        w.field(s);
    }
    for s in &plan.segments {
        w.field(&s.id);
    }
    w.end_list();
    for r in &plan.risks {
        w.field(&r.id);
        w.field(&r.category);
        w.field(&r.value.to_string());
    }
    w.end_list();
    for g in &plan.goals {
        w.field(&g.id);
        w.field(&g.measure);
        // The target's components (its `text` is localized); serde_json's maps are sorted.
        w.field(&g.target.get("components").map(Value::to_string).unwrap_or_default());
        w.field(g.due.as_deref().unwrap_or(""));
    }
    w.end_list();
    for a in &plan.activities {
        w.field(&a.id);
        w.field(a.kind.as_str());
        w.field(&a.due);
        if let Some(win) = &a.window {
            w.field(&win.start);
            w.field(&win.end);
        }
        w.end_list();
    }
    w.end_list();
    for f in &plan.follow_ups {
        w.field(f.condition.map(|c| c.as_str()).unwrap_or(""));
        w.field(f.visit_date.as_deref().unwrap_or(""));
        w.field(super::followup::status_code(f.status));
        w.field(&f.next_visit);
    }
    w.end_list();
    if let Some(r) = &plan.reassessment {
        w.field(&r.id);
        w.field(&r.due);
    }
    w.0
}

/// The `.<16 hex digits>` every UID of the plan carries: a hash of the namespace when one is
/// given, else of the plan's identity (separate seeds keep the two kinds apart).
pub fn uid_suffix(plan: &CarePlan, options: &IcsOptions) -> String {
    if let Some(ns) = options.uid_namespace.as_deref().filter(|s| !s.is_empty()) {
        return format!(".{:016x}", hash64(ns.as_bytes(), 0));
    }
    format!(".{:016x}", hash64(plan_identity(plan).as_bytes(), 1))
}

/// Writes the plan as an iCalendar document.
pub fn care_plan_to_ics(plan: &CarePlan, options: &IcsOptions) -> Result<String> {
    let start = parse_date("plan.startDate", &plan.start_date)?;
    let stamp = format!("{}T000000Z", ics_date(start));
    let lang = if plan.locale.starts_with("en") { "EN" } else { "ZH" };
    let suffix = uid_suffix(plan, options);

    let mut out = String::new();
    let mut line = |s: String| out.push_str(&fold_line(&s));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:-//health-steward//care plan {}//{lang}", crate::version()));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    if let Some(name) = options.calendar_name.as_deref().filter(|s| !s.trim().is_empty()) {
        line(format!("X-WR-CALNAME:{}", escape_text(name)));
    }
    for (i, a) in plan.activities.iter().enumerate() {
        let p = format!("plan.activities[{i}]");
        if a.id.trim().is_empty() {
            return Err(bad(&format!("{p}.id"), "must not be empty", "不能为空"));
        }
        let (from, to) = match &a.window {
            Some(w) => {
                let s = parse_date(&format!("{p}.window.start"), &w.start)?;
                let e = parse_date(&format!("{p}.window.end"), &w.end)?;
                if e < s {
                    return Err(bad(&format!("{p}.window.end"), "is before the window start", "早于窗口开始日期"));
                }
                (s, e)
            }
            None => {
                let d = parse_date(&format!("{p}.due"), &a.due)?;
                (d, d)
            }
        };
        let end_exclusive = add_days(to, 1).ok_or_else(|| Error::invalid_date(&format!("{p}.due"), &a.due))?;
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}{suffix}@health-steward", escape_text(&a.id)));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", ics_date(from)));
        line(format!("DTEND;VALUE=DATE:{}", ics_date(end_exclusive)));
        line(format!("SUMMARY:{}", escape_text(&a.title)));
        let mut desc = a.reason.clone();
        let cite = match &a.source.clause {
            Some(c) if !c.is_empty() => format!("{} {}", a.source.label, c),
            _ => a.source.label.clone(),
        };
        if !cite.trim().is_empty() {
            desc.push('\n');
            desc.push_str(&cite);
        }
        line(format!("DESCRIPTION:{}", escape_text(&desc)));
        line(format!("CATEGORIES:{}", escape_text(a.kind.as_str())));
        line("CLASS:PRIVATE".into());
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use crate::plan::{generate_care_plan, PlanOptions};
    use crate::risk::Profile;
    use std::collections::BTreeSet;

    fn plan(profile: Value, start: &str, locale: &str) -> CarePlan {
        let profile: Profile = crate::read::read(&profile.to_string(), "profile").unwrap();
        let mut o = PlanOptions::new(start);
        o.locale = Some(locale.into());
        generate_care_plan(&profile, &o).unwrap()
    }

    fn uids(ics: &str) -> BTreeSet<String> {
        ics.replace("\r\n ", "").lines().filter_map(|l| l.strip_prefix("UID:")).map(str::to_string).collect()
    }

    #[test]
    fn two_residents_never_share_a_uid_and_the_same_plan_keeps_its_uids() {
        // Two men of 68 with hypertension, seen the same day: the same activity ids.
        let a = plan(json!({ "sex": "male", "age": 68, "hypertension": true, "sbp": 148, "dbp": 88 }), "2026-11-24", "zh-CN");
        let b = plan(json!({ "sex": "male", "age": 68, "hypertension": true, "sbp": 162, "dbp": 96 }), "2026-11-24", "zh-CN");
        let ids_a: BTreeSet<_> = a.activities.iter().map(|x| x.id.clone()).collect();
        assert!(b.activities.iter().any(|x| ids_a.contains(&x.id)), "the residents share activity ids");
        let (ua, ub) = (uids(&care_plan_to_ics(&a, &IcsOptions::default()).unwrap()), uids(&care_plan_to_ics(&b, &IcsOptions::default()).unwrap()));
        assert_eq!(ua.len(), a.activities.len());
        assert!(ua.is_disjoint(&ub), "{:?}", ua.intersection(&ub).collect::<Vec<_>>());
        for u in &ua {
            let (id, rest) = u.split_once('.').unwrap();
            assert!(ids_a.contains(id));
            assert_eq!(rest.len(), 16 + "@health-steward".len());
            assert!(rest.ends_with("@health-steward") && rest[..16].bytes().all(|c| c.is_ascii_hexdigit()));
        }
        // The same plan, exported again or generated in the other language: the same UIDs.
        assert_eq!(uids(&care_plan_to_ics(&a, &IcsOptions::default()).unwrap()), ua);
        let a_en = plan(json!({ "sex": "male", "age": 68, "hypertension": true, "sbp": 148, "dbp": 88 }), "2026-11-24", "en");
        assert_eq!(uids(&care_plan_to_ics(&a_en, &IcsOptions { calendar_name: Some("x".into()), uid_namespace: None }).unwrap()), ua);
    }

    #[test]
    fn a_namespace_separates_identical_plans_and_survives_a_revision() {
        let a = plan(json!({ "sex": "female", "age": 70, "diabetes": true }), "2026-11-24", "zh-CN");
        let ns = |s: &str| IcsOptions { uid_namespace: Some(s.into()), ..Default::default() };
        let (m1, m2) = (uids(&care_plan_to_ics(&a, &ns("member-1")).unwrap()), uids(&care_plan_to_ics(&a, &ns("member-2")).unwrap()));
        assert!(m1.is_disjoint(&m2));
        // A revised plan of member 1 (one activity moved): the other activities keep their UIDs.
        let mut revised = a.clone();
        revised.activities[0].due = "2026-12-01".into();
        revised.activities[0].window = None;
        let r1 = uids(&care_plan_to_ics(&revised, &ns("member-1")).unwrap());
        assert_eq!(r1, m1);
        // Without a namespace the revision is another plan: other UIDs.
        assert_ne!(uid_suffix(&revised, &IcsOptions::default()), uid_suffix(&a, &IcsOptions::default()));
        // An empty namespace counts as none.
        assert_eq!(uid_suffix(&a, &ns("")), uid_suffix(&a, &IcsOptions::default()));
    }

    #[test]
    fn escapes_text_per_rfc() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("l1\nl2\r\nl3\rl4"), r"l1\nl2\nl3\nl4");
        assert_eq!(escape_text("x\u{7}y"), "xy");
    }

    #[test]
    fn folds_at_75_octets_on_char_boundaries() {
        let ascii = "X".repeat(200);
        let f = fold_line(&ascii);
        for l in f.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{}", l.len());
        }
        assert_eq!(f.replace("\r\n ", "").trim_end_matches("\r\n"), ascii);
        let first = f.split("\r\n").next().unwrap();
        assert_eq!(first.len(), 75);

        let zh = format!("SUMMARY:{}", "高血压随访".repeat(20));
        let f = fold_line(&zh);
        for l in f.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{}", l.len());
            assert!(std::str::from_utf8(l.as_bytes()).is_ok());
        }
        assert_eq!(f.replace("\r\n ", "").trim_end_matches("\r\n"), zh);
        // "SUMMARY:" is 8 octets, each CJK character 3: 22 characters fit (74 octets), not 23.
        assert_eq!(f.split("\r\n").next().unwrap().len(), 74);
        assert!(f.ends_with("\r\n"));
        assert_eq!(fold_line("short"), "short\r\n");
    }
}
