//! iCalendar export of a care plan (RFC 5545).
//!
//! One all-day `VEVENT` per activity: `DTSTART;VALUE=DATE` is the window start (or the due
//! date) and `DTEND;VALUE=DATE` the day after the window end (exclusive, as the RFC says).
//! Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; TEXT
//! values escape `\`, `;`, `,` and newlines. `UID` is `<activity id>@health-steward` (with an
//! optional namespace hash, so two family members' identical plans stay apart), and `DTSTAMP`
//! is the plan's start date at 00:00 UTC: the output depends on the plan only, never the clock.

use serde::{Deserialize, Serialize};

use super::fhir::hash64;
use super::CarePlan;
use crate::calendar::{add_days, parse_date, Date};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Text;

/// Options of [`care_plan_to_ics`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IcsOptions {
    /// Shown by calendar apps as the calendar's name (`X-WR-CALNAME`).
    pub calendar_name: Option<String>,
    /// Any stable text identifying the resident (e.g. a member id); only its hash enters the
    /// UIDs, which keeps events of different residents apart on one phone.
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

/// Writes the plan as an iCalendar document.
pub fn care_plan_to_ics(plan: &CarePlan, options: &IcsOptions) -> Result<String> {
    let start = parse_date("plan.startDate", &plan.start_date)?;
    let stamp = format!("{}T000000Z", ics_date(start));
    let lang = if plan.locale.starts_with("en") { "EN" } else { "ZH" };
    let suffix = options
        .uid_namespace
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|ns| format!(".{:016x}", hash64(ns.as_bytes(), 0)))
        .unwrap_or_default();

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
