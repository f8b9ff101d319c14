//! Scenario tests of every rule of docs/points-rules.md, through the Rust API.

use health_steward::points::{
    default_program, reseal_state, ApplyResult, LeaderboardOptions, MemberOptions, Metric, PointsEngine, PointsEvent, Program, Scope,
};
use health_steward::ErrorCode;
use serde_json::{json, Value};

fn ev(v: Value) -> PointsEvent {
    PointsEvent::from_json(&v.to_string()).expect("test event")
}

fn engine() -> PointsEngine {
    PointsEngine::with_default_program()
}

fn apply(e: &mut PointsEngine, v: Value) -> ApplyResult {
    e.apply(&ev(v)).expect("well-formed event")
}

fn join(e: &mut PointsEngine, member: &str, at: &str) -> ApplyResult {
    apply(e, json!({"id": format!("join-{member}"), "memberId": member, "at": at, "type": "join"}))
}

fn earned(r: &ApplyResult) -> i64 {
    r.awards.iter().map(|a| a.points).sum()
}

fn balance(e: &PointsEngine, m: &str) -> i64 {
    e.member(m, &MemberOptions::default()).unwrap().balance
}

fn program_with(f: impl FnOnce(&mut Value)) -> Program {
    let mut v = serde_json::to_value(default_program()).unwrap();
    f(&mut v);
    health_steward::read::read_value(&v, "program").unwrap()
}

const C21: &str = "healthy-habit-21";

/// Check-in for day `d` (1-based) of the default 21-day challenge at 08:00 local.
fn c21_checkin(e: &mut PointsEngine, m: &str, d: u32) -> ApplyResult {
    apply(
        e,
        json!({"id": format!("ci-{m}-{d}"), "memberId": m, "type": "check-in", "challengeId": C21,
               "at": format!("2026-12-{:02}T08:00:00+08:00", d)}),
    )
}

// Rule 2: local days -------------------------------------------------------------------------

#[test]
fn late_evening_and_after_midnight_are_two_check_in_days() {
    let mut e = engine();
    join(&mut e, "a", "2026-11-01T09:00:00+08:00");
    let r1 = apply(&mut e, json!({"id": "c1", "memberId": "a", "at": "2026-11-24T23:30:00+08:00", "type": "check-in"}));
    let r2 = apply(&mut e, json!({"id": "c2", "memberId": "a", "at": "2026-11-25T00:30:00+08:00", "type": "check-in"}));
    assert_eq!((earned(&r1), earned(&r2)), (10, 10));
    assert_eq!(r2.balance, 20);
    let r3 = apply(&mut e, json!({"id": "c3", "memberId": "a", "at": "2026-11-25T20:00:00+08:00", "type": "check-in"}));
    assert!(r3.accepted);
    assert_eq!(earned(&r3), 0);
    assert_eq!(r3.code.as_deref(), Some("CAP_REACHED"));
    assert_eq!(r3.awards.len(), 1);
    assert!(r3.awards[0].reason.contains("上限"), "{}", r3.awards[0].reason);
    let ledger = e.ledger("a").unwrap();
    assert_eq!(ledger.iter().map(|l| l.local_date.as_str()).collect::<Vec<_>>(), ["2026-11-24", "2026-11-25"]);
}

#[test]
fn utc_instants_fall_on_local_days_of_the_program_offset() {
    let mut e = engine();
    join(&mut e, "a", "2026-11-01T09:00:00+08:00");
    let r1 = apply(&mut e, json!({"id": "c1", "memberId": "a", "at": "2026-11-24T15:30:00Z", "type": "check-in"}));
    let r2 = apply(&mut e, json!({"id": "c2", "memberId": "a", "at": "2026-11-24T16:30:00Z", "type": "check-in"}));
    assert_eq!((earned(&r1), earned(&r2)), (10, 10));
    let l = e.ledger("a").unwrap();
    assert_eq!(l[0].local_date, "2026-11-24");
    assert_eq!(l[1].local_date, "2026-11-25");
    assert_eq!(l[1].at, "2026-11-25T00:30:00+08:00");
}

// Rule 3: caps -------------------------------------------------------------------------------

#[test]
fn fourth_share_in_a_local_day_earns_zero_and_says_why() {
    let mut e = engine();
    join(&mut e, "a", "2026-11-01T09:00:00+08:00");
    let mut got = Vec::new();
    for i in 0..4 {
        let r = apply(
            &mut e,
            json!({"id": format!("s{i}"), "memberId": "a", "at": format!("2026-11-24T1{i}:00:00+08:00"), "type": "share"}),
        );
        assert!(r.accepted);
        got.push(earned(&r));
        if i == 3 {
            assert_eq!(r.code.as_deref(), Some("CAP_REACHED"));
            assert_eq!(r.awards[0].rule_id, "share");
            assert!(r.message.as_deref().unwrap().contains("每日 3 次"), "{:?}", r.message);
        }
    }
    assert_eq!(got, [5, 5, 5, 0]);
    let next = apply(&mut e, json!({"id": "s5", "memberId": "a", "at": "2026-11-25T08:00:00+08:00", "type": "share"}));
    assert_eq!(earned(&next), 5);
    assert_eq!(balance(&e, "a"), 20);
}

#[test]
fn weekly_and_monthly_caps_use_calendar_periods() {
    let program = program_with(|v| {
        v["earning"][1]["cap"] = json!({"times": 2, "per": "week"});
        v["earning"][2]["cap"] = json!({"times": 1, "per": "month"});
    });
    let mut e = PointsEngine::new(program).unwrap();
    join(&mut e, "a", "2026-11-01T09:00:00+08:00");
    // 2026-11-23 is a Monday: Sun 22nd is the previous week.
    let days = ["2026-11-22", "2026-11-23", "2026-11-25", "2026-11-29", "2026-11-30"];
    let got: Vec<i64> = days
        .iter()
        .map(|d| earned(&apply(&mut e, json!({"id": format!("act-{d}"), "memberId": "a", "at": format!("{d}T10:00:00+08:00"), "type": "activity"}))))
        .collect();
    assert_eq!(got, [20, 20, 20, 0, 20]);
    let f: Vec<i64> = ["2026-11-02", "2026-11-30", "2026-12-01"]
        .iter()
        .map(|d| earned(&apply(&mut e, json!({"id": format!("fu-{d}"), "memberId": "a", "at": format!("{d}T10:00:00+08:00"), "type": "follow-up"}))))
        .collect();
    assert_eq!(f, [30, 0, 30]);
}

// Rule 4: tiers ------------------------------------------------------------------------------

#[test]
fn tiers_follow_earned_points_and_spending_does_not_demote() {
    let mut e = engine();
    join(&mut e, "a", "2026-01-01T09:00:00+08:00");
    let mut last = None;
    for i in 0..25 {
        // 25 activities × 20 = 500 earned: silver at the 25th.
        last = Some(apply(
            &mut e,
            json!({"id": format!("a{i}"), "memberId": "a", "at": format!("2026-02-{:02}T10:00:00+08:00", i + 1), "type": "activity"}),
        ));
        if i < 24 {
            assert_eq!(last.as_ref().unwrap().tier, "regular");
        }
    }
    let r = last.unwrap();
    assert_eq!(r.tier, "silver");
    let tc = r.tier_change.unwrap();
    assert_eq!((tc.from.as_str(), tc.to.as_str()), ("regular", "silver"));
    // Spend 300: balance 200, still silver.
    let red = apply(&mut e, json!({"id": "r1", "memberId": "a", "at": "2026-03-01T10:00:00+08:00", "type": "redeem", "rewardId": "checkup-voucher"}));
    assert!(red.accepted);
    assert_eq!(red.balance, 200);
    assert_eq!(red.tier, "silver");
    let m = e.member("a", &MemberOptions::default()).unwrap();
    assert_eq!((m.balance, m.earned_in_window, m.lifetime_earned, m.tier.as_str()), (200, 500, 500, "silver"));
    assert_eq!(m.next_tier.as_ref().unwrap().id, "gold");
    assert_eq!(m.next_tier.unwrap().points_needed, 1500);
    // The promotion is a ledger entry.
    let tier_entries: Vec<_> = e.ledger("a").unwrap().into_iter().filter(|l| l.kind == "tier").collect();
    assert_eq!(tier_entries.len(), 1);
    assert_eq!(tier_entries[0].event_id, "a24");
    assert_eq!(tier_entries[0].points, 0);
}

#[test]
fn tier_is_kept_until_the_window_that_earned_it_ends_then_demoted_in_the_ledger() {
    let mut e = engine();
    join(&mut e, "a", "2026-01-01T09:00:00+08:00");
    // 500 earned in one day (25 activities; no cap on activities).
    for i in 0..25 {
        apply(&mut e, json!({"id": format!("a{i}"), "memberId": "a", "at": format!("2026-03-01T10:{:02}:00+08:00", i), "type": "activity"}));
    }
    let opts = |s: &str| MemberOptions { as_of: Some(s.to_string()) };
    assert_eq!(e.member("a", &opts("2027-02-28T23:00:00+08:00")).unwrap().tier, "silver");
    let m = e.member("a", &opts("2027-03-01T00:00:00+08:00")).unwrap();
    assert_eq!((m.tier.as_str(), m.earned_in_window), ("regular", 0));
    // Until the clock passes it, the demotion is not in the ledger.
    assert_eq!(e.ledger("a").unwrap().iter().filter(|l| l.kind == "tier").count(), 1);
    e.advance_to("2027-03-02T00:00:00+08:00").unwrap();
    let tiers: Vec<_> = e.ledger("a").unwrap().into_iter().filter(|l| l.kind == "tier").collect();
    assert_eq!(tiers.len(), 2);
    assert_eq!(tiers[1].at, "2027-03-01T00:00:00+08:00");
    let c = tiers[1].tier_change.as_ref().unwrap();
    assert_eq!((c.from.as_str(), c.to.as_str()), ("silver", "regular"));
    assert_eq!(e.member("a", &MemberOptions::default()).unwrap().tier, "regular");
}

#[test]
fn requalifying_inside_the_window_extends_the_tier() {
    let mut e = engine();
    join(&mut e, "a", "2026-01-01T09:00:00+08:00");
    for i in 0..25 {
        apply(&mut e, json!({"id": format!("a{i}"), "memberId": "a", "at": format!("2026-03-01T10:{:02}:00+08:00", i), "type": "activity"}));
    }
    // On 2026-09-01 the trailing window still holds 500 + 20: requalified that day.
    apply(&mut e, json!({"id": "b", "memberId": "a", "at": "2026-09-01T10:00:00+08:00", "type": "activity"}));
    let opts = |s: &str| MemberOptions { as_of: Some(s.to_string()) };
    assert_eq!(e.member("a", &opts("2027-03-05T00:00:00+08:00")).unwrap().tier, "silver");
    assert_eq!(e.member("a", &opts("2027-09-01T00:00:00+08:00")).unwrap().tier, "regular");
}

#[test]
fn manual_tier_override_is_a_floor_with_an_end_date() {
    let mut e = engine();
    join(&mut e, "a", "2026-01-01T09:00:00+08:00");
    let r = apply(
        &mut e,
        json!({"id": "o", "memberId": "a", "at": "2026-01-02T09:00:00+08:00", "type": "adjust", "tier": "gold", "until": "2026-06-30", "reason": "volunteer"}),
    );
    assert!(r.accepted);
    assert_eq!(r.tier, "gold");
    assert_eq!(r.tier_change.unwrap().to, "gold");
    let opts = |s: &str| MemberOptions { as_of: Some(s.to_string()) };
    assert_eq!(e.member("a", &opts("2026-06-30T23:00:00+08:00")).unwrap().tier, "gold");
    assert_eq!(e.member("a", &opts("2026-07-01T00:00:00+08:00")).unwrap().tier, "regular");
    // Earned tier above the floor is not capped by it.
    let err = e
        .apply(&ev(json!({"id": "o2", "memberId": "a", "at": "2026-01-02T09:00:00+08:00", "type": "adjust", "tier": "platinum", "until": "2026-06-30"})))
        .unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidInput, Some("event.tier")));
}

// Rule 5: ledger and expiry ------------------------------------------------------------------

#[test]
fn points_earned_in_2026_expire_at_the_end_of_2027_local() {
    let mut e = engine();
    join(&mut e, "a", "2026-03-01T09:00:00+08:00");
    apply(&mut e, json!({"id": "c1", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "check-in"}));
    let l = e.ledger("a").unwrap();
    assert_eq!(l[0].expires_at.as_deref(), Some("2027-12-31T23:59:59+08:00"));
    let m = e.member("a", &MemberOptions::default()).unwrap();
    assert_eq!(m.expiring.len(), 1);
    assert_eq!((m.expiring[0].date.as_str(), m.expiring[0].points), ("2027-12-31", 10));

    let r = e.advance_to("2027-12-31T23:59:59+08:00").unwrap();
    assert!(r.expired.is_empty());
    assert_eq!(balance(&e, "a"), 10);
    let r = e.advance_to("2028-01-01T00:00:00+08:00").unwrap();
    assert_eq!(r.expired.len(), 1);
    assert_eq!((r.expired[0].member_id.as_str(), r.expired[0].points), ("a", 10));
    assert_eq!(balance(&e, "a"), 0);
    let l = e.ledger("a").unwrap();
    let last = l.last().unwrap();
    assert_eq!((last.kind.as_str(), last.points, last.at.as_str()), ("expire", -10, "2027-12-31T23:59:59+08:00"));
    // Advancing again expires nothing more.
    assert!(e.advance_to("2028-06-01T00:00:00+08:00").unwrap().expired.is_empty());
    assert_eq!(l.iter().map(|x| x.points).sum::<i64>(), 0);
}

#[test]
fn points_expired_at_an_instant_cannot_be_spent_even_before_advance_to() {
    let mut e = engine();
    join(&mut e, "a", "2026-03-01T09:00:00+08:00");
    for i in 0..10 {
        apply(&mut e, json!({"id": format!("a{i}"), "memberId": "a", "at": format!("2026-03-02T09:{:02}:00+08:00", i), "type": "activity"}));
    }
    let r = apply(&mut e, json!({"id": "r", "memberId": "a", "at": "2028-01-02T09:00:00+08:00", "type": "redeem", "rewardId": "health-gift"}));
    assert!(!r.accepted);
    assert_eq!(r.code.as_deref(), Some("INSUFFICIENT_POINTS"));
}

#[test]
fn spending_consumes_the_earliest_expiring_points_first() {
    let mut e = engine();
    join(&mut e, "a", "2026-03-01T09:00:00+08:00");
    for i in 0..5 {
        apply(&mut e, json!({"id": format!("x{i}"), "memberId": "a", "at": format!("2026-12-30T09:{:02}:00+08:00", i), "type": "activity"}));
        apply(&mut e, json!({"id": format!("y{i}"), "memberId": "a", "at": format!("2027-01-02T09:{:02}:00+08:00", i), "type": "activity"}));
    }
    // 100 from 2026 (expire end of 2027) and 100 from 2027 (expire end of 2028).
    let r = apply(&mut e, json!({"id": "r", "memberId": "a", "at": "2027-02-01T09:00:00+08:00", "type": "redeem", "rewardId": "health-gift"}));
    assert!(r.accepted);
    let m = e.member("a", &MemberOptions::default()).unwrap();
    assert_eq!(m.expiring.len(), 1);
    assert_eq!((m.expiring[0].date.as_str(), m.expiring[0].points), ("2028-12-31", 100));
    assert!(e.advance_to("2028-01-01T00:00:00+08:00").unwrap().expired.is_empty());
    assert_eq!(balance(&e, "a"), 100);
}

#[test]
fn balance_is_the_sum_of_ledger_entries() {
    let mut e = engine();
    join(&mut e, "a", "2026-03-01T09:00:00+08:00");
    for i in 0..20 {
        apply(&mut e, json!({"id": format!("x{i}"), "memberId": "a", "at": format!("2026-03-{:02}T09:00:00+08:00", i + 2), "type": "follow-up"}));
    }
    apply(&mut e, json!({"id": "r", "memberId": "a", "at": "2026-04-01T09:00:00+08:00", "type": "redeem", "rewardId": "tcm-therapy"}));
    apply(&mut e, json!({"id": "adj", "memberId": "a", "at": "2026-04-02T09:00:00+08:00", "type": "adjust", "points": 7, "reason": "correction"}));
    e.advance_to("2028-01-01T00:00:00+08:00").unwrap();
    let sum: i64 = e.ledger("a").unwrap().iter().map(|l| l.points).sum();
    assert_eq!(sum, balance(&e, "a"));
    assert_eq!(sum, 0);
    let kinds: Vec<String> = e.ledger("a").unwrap().into_iter().map(|l| l.kind).collect();
    assert!(kinds.contains(&"spend".to_string()) && kinds.contains(&"adjust".to_string()) && kinds.contains(&"expire".to_string()));
}

// Rule 6: redemption -------------------------------------------------------------------------

#[test]
fn redemption_limits_stock_and_refunds() {
    let program = program_with(|v| v["rewards"][2]["stock"] = json!(1));
    let mut e = PointsEngine::new(program).unwrap();
    for m in ["a", "b"] {
        join(&mut e, m, "2026-03-01T09:00:00+08:00");
        for i in 0..20 {
            apply(&mut e, json!({"id": format!("{m}{i}"), "memberId": m, "at": format!("2026-03-02T09:{:02}:00+08:00", i), "type": "activity"}));
        }
    }
    let r = |e: &mut PointsEngine, id: &str, m: &str, reward: &str, at: &str| {
        apply(e, json!({"id": id, "memberId": m, "at": at, "type": "redeem", "rewardId": reward}))
    };
    // Insufficient: 400 < 300 + 200.
    assert!(r(&mut e, "red-a1", "a", "checkup-voucher", "2026-03-03T09:00:00+08:00").accepted);
    let x = r(&mut e, "red-a2", "a", "tcm-therapy", "2026-03-03T09:01:00+08:00");
    assert_eq!((x.accepted, x.code.as_deref()), (false, Some("INSUFFICIENT_POINTS")));
    assert_eq!(x.balance, 100);
    // Per-member limit of the voucher is 1.
    let x = r(&mut e, "red-a3", "a", "checkup-voucher", "2026-03-03T09:02:00+08:00");
    assert_eq!(x.code.as_deref(), Some("LIMIT_REACHED"));
    // Stock of the gift is 1.
    assert!(r(&mut e, "red-b1", "b", "health-gift", "2026-03-03T09:03:00+08:00").accepted);
    let x = r(&mut e, "red-a4", "a", "health-gift", "2026-03-03T09:04:00+08:00");
    assert_eq!(x.code.as_deref(), Some("OUT_OF_STOCK"));
    // A refund restores the points and the stock.
    let f = apply(&mut e, json!({"id": "f1", "memberId": "b", "at": "2026-03-03T09:05:00+08:00", "type": "refund", "redemptionId": "red-b1"}));
    assert!(f.accepted);
    assert_eq!(f.balance, 400);
    assert!(r(&mut e, "red-a5", "a", "health-gift", "2026-03-03T09:06:00+08:00").accepted);
    let f2 = apply(&mut e, json!({"id": "f2", "memberId": "b", "at": "2026-03-03T09:07:00+08:00", "type": "refund", "redemptionId": "red-b1"}));
    assert_eq!(f2.code.as_deref(), Some("ALREADY_REFUNDED"));
    let f3 = apply(&mut e, json!({"id": "f3", "memberId": "b", "at": "2026-03-03T09:08:00+08:00", "type": "refund", "redemptionId": "red-a1"}));
    assert_eq!(f3.code.as_deref(), Some("UNKNOWN_REDEMPTION"));
    let u = r(&mut e, "red-a6", "a", "spa-day", "2026-03-03T09:09:00+08:00");
    assert_eq!(u.code.as_deref(), Some("UNKNOWN_REWARD"));
    assert_eq!(balance(&e, "a"), 0);
    let l = e.ledger("b").unwrap();
    assert_eq!(l.iter().filter(|x| x.kind == "reverse").map(|x| x.points).sum::<i64>(), 100);
}

// Rule 1: idempotency ------------------------------------------------------------------------

#[test]
fn a_repeated_event_returns_the_original_outcome_flagged_duplicate() {
    let mut e = engine();
    join(&mut e, "a", "2026-03-01T09:00:00+08:00");
    let v = json!({"id": "c1", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "check-in"});
    let r1 = apply(&mut e, v.clone());
    let state = e.export_state();
    let r2 = apply(&mut e, v.clone());
    assert!(!r1.duplicate && r2.duplicate);
    assert_eq!(r1.awards, r2.awards);
    assert_eq!(r2.balance, 10);
    assert_eq!(e.export_state(), state);
    // Same instant written in another offset: the same event.
    let r3 = apply(&mut e, json!({"id": "c1", "memberId": "a", "at": "2026-03-02T01:00:00Z", "type": "check-in"}));
    assert!(r3.duplicate);
    // Same id, different content: an error, nothing changes.
    let err = e
        .apply(&ev(json!({"id": "c1", "memberId": "a", "at": "2026-03-03T09:00:00+08:00", "type": "check-in"})))
        .unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidInput, Some("event.id")));
    assert_eq!(e.export_state(), state);
}

// Rule 7: out of order -----------------------------------------------------------------------

#[test]
fn a_late_earlier_event_can_turn_a_refusal_into_an_acceptance() {
    let mut e = engine();
    join(&mut e, "a", "2026-03-01T09:00:00+08:00");
    for i in 0..9 {
        apply(&mut e, json!({"id": format!("x{i}"), "memberId": "a", "at": format!("2026-03-02T09:{:02}:00+08:00", i), "type": "follow-up"}));
    }
    // 270 points: the voucher (300) is refused …
    let red = json!({"id": "r", "memberId": "a", "at": "2026-03-05T09:00:00+08:00", "type": "redeem", "rewardId": "checkup-voucher"});
    assert_eq!(apply(&mut e, red.clone()).code.as_deref(), Some("INSUFFICIENT_POINTS"));
    // … until a follow-up from the day before syncs.
    let late = apply(&mut e, json!({"id": "late", "memberId": "a", "at": "2026-03-04T09:00:00+08:00", "type": "follow-up"}));
    assert!(late.accepted);
    assert_eq!(late.balance, 300);
    let again = apply(&mut e, red);
    assert!(again.duplicate && again.accepted);
    assert_eq!(balance(&e, "a"), 0);
}

#[test]
fn a_check_in_before_the_join_is_accepted_once_the_join_arrives() {
    let mut a = engine();
    let ci = json!({"id": "c1", "memberId": "m", "at": "2026-03-02T09:00:00+08:00", "type": "check-in"});
    let r = apply(&mut a, ci.clone());
    assert_eq!((r.accepted, r.code.as_deref()), (false, Some("UNKNOWN_MEMBER")));
    join(&mut a, "m", "2026-03-01T09:00:00+08:00");
    let r = apply(&mut a, ci.clone());
    assert!(r.duplicate && r.accepted);
    let mut b = engine();
    join(&mut b, "m", "2026-03-01T09:00:00+08:00");
    apply(&mut b, ci);
    assert_eq!(a.export_state(), b.export_state());
}

// Rule 8: make-up cards ----------------------------------------------------------------------

#[test]
fn a_21_day_challenge_completed_with_two_make_up_cards_pays_the_bonus_once() {
    let mut e = engine();
    join(&mut e, "a", "2026-11-20T09:00:00+08:00");
    for d in 1..=21 {
        if d != 5 && d != 12 {
            c21_checkin(&mut e, "a", d);
        }
    }
    let m = e.member("a", &MemberOptions::default()).unwrap();
    assert_eq!(m.challenges[0].days_completed, 19);
    assert!(!m.challenges[0].completed);
    let mk1 = apply(&mut e, json!({"id": "mk1", "memberId": "a", "at": "2026-12-21T21:00:00+08:00", "type": "makeup", "challengeId": C21, "date": "2026-12-05"}));
    assert!(mk1.accepted);
    // Days 13–21 already paid the 7-day milestone; days 1–11 now run 11 days: nothing new.
    assert!(mk1.awards.is_empty());
    assert_eq!(e.ledger("a").unwrap().iter().filter(|l| l.rule_id.ends_with("streak-7")).count(), 1);
    let mk2 = apply(&mut e, json!({"id": "mk2", "memberId": "a", "at": "2026-12-21T21:05:00+08:00", "type": "makeup", "challengeId": C21, "date": "2026-12-12"}));
    let rules: Vec<&str> = mk2.awards.iter().map(|a| a.rule_id.as_str()).collect();
    assert_eq!(rules, ["healthy-habit-21:streak-14", "healthy-habit-21:completion"]);
    assert_eq!(earned(&mk2), 120);
    // Make-ups earn no daily points: 19 × 10 + 20 + 20 + 100.
    assert_eq!(balance(&e, "a"), 330);
    let m = e.member("a", &MemberOptions { as_of: Some("2026-12-21T22:00:00+08:00".into()) }).unwrap();
    let c = &m.challenges[0];
    assert_eq!((c.days_completed, c.longest_streak, c.current_streak, c.makeup_cards_left, c.completed), (21, 21, 21, 0, true));
    // Replays and retries never pay twice.
    assert!(apply(&mut e, json!({"id": "mk2", "memberId": "a", "at": "2026-12-21T21:05:00+08:00", "type": "makeup", "challengeId": C21, "date": "2026-12-12"})).duplicate);
    assert_eq!(balance(&e, "a"), 330);
    assert_eq!(e.ledger("a").unwrap().iter().filter(|l| l.rule_id.ends_with("completion")).count(), 1);
}

#[test]
fn make_up_cards_only_fill_past_days_inside_the_challenge_within_the_remaining_cards() {
    let mut e = engine();
    join(&mut e, "a", "2026-11-20T09:00:00+08:00");
    let mk = |e: &mut PointsEngine, id: &str, at: &str, date: &str| {
        apply(e, json!({"id": id, "memberId": "a", "at": at, "type": "makeup", "challengeId": C21, "date": date}))
    };
    c21_checkin(&mut e, "a", 1);
    let today = mk(&mut e, "m0", "2026-12-03T09:00:00+08:00", "2026-12-03");
    assert_eq!(today.code.as_deref(), Some("INVALID_MAKEUP"));
    let before = mk(&mut e, "m1", "2026-12-03T09:00:00+08:00", "2026-11-30");
    assert_eq!(before.code.as_deref(), Some("INVALID_MAKEUP"));
    let credited = mk(&mut e, "m2", "2026-12-03T09:00:00+08:00", "2026-12-01");
    assert_eq!(credited.code.as_deref(), Some("INVALID_MAKEUP"));
    assert!(mk(&mut e, "m3", "2026-12-05T09:00:00+08:00", "2026-12-02").accepted);
    assert!(mk(&mut e, "m4", "2026-12-05T09:01:00+08:00", "2026-12-03").accepted);
    let none_left = mk(&mut e, "m5", "2026-12-05T09:02:00+08:00", "2026-12-04");
    assert_eq!(none_left.code.as_deref(), Some("LIMIT_REACHED"));
    // As of day 4 the make-ups of day 5 have not happened: day 1 alone is credited, day 3 is
    // missed, both cards are left. Days 1–3 are credited by day 5, when the streak is broken
    // (day 4 missed).
    let m = e.member("a", &MemberOptions { as_of: Some("2026-12-04T10:00:00+08:00".into()) }).unwrap();
    assert_eq!((m.challenges[0].days_completed, m.challenges[0].current_streak, m.challenges[0].makeup_cards_left), (1, 0, 2));
    let m = e.member("a", &MemberOptions::default()).unwrap();
    assert_eq!((m.challenges[0].days_completed, m.challenges[0].makeup_cards_left), (3, 0));
    let m = e.member("a", &MemberOptions { as_of: Some("2026-12-05T10:00:00+08:00".into()) }).unwrap();
    assert_eq!((m.challenges[0].current_streak, m.challenges[0].longest_streak), (0, 3));
    let err = e
        .apply(&ev(json!({"id": "m6", "memberId": "a", "at": "2026-12-05T09:00:00+08:00", "type": "makeup", "challengeId": C21})))
        .unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MissingInput, Some("event.date")));
}

// Rule 9: referrals --------------------------------------------------------------------------

#[test]
fn the_third_qualified_referral_pays_50_plus_200_and_unqualified_ones_pay_nothing() {
    let mut e = engine();
    join(&mut e, "r", "2026-03-01T09:00:00+08:00");
    for (i, m) in ["a", "b", "c", "d"].iter().enumerate() {
        let j = apply(&mut e, json!({"id": format!("join-{m}"), "memberId": m, "at": format!("2026-03-0{}T09:00:00+08:00", i + 2), "type": "join", "referrerId": "r"}));
        assert!(j.accepted && j.awards.is_empty());
    }
    let m = e.member("r", &MemberOptions::default()).unwrap();
    assert_eq!((m.referrals.qualified, m.referrals.pending, m.balance), (0, 4, 0));
    let mut paid = Vec::new();
    for m in ["a", "b", "c"] {
        let r = apply(&mut e, json!({"id": format!("ci-{m}"), "memberId": m, "at": "2026-03-10T09:00:00+08:00", "type": "check-in"}));
        let to_r: Vec<(String, i64)> =
            r.awards.iter().filter(|a| a.member_id == "r").map(|a| (a.rule_id.clone(), a.points)).collect();
        paid.push(to_r);
    }
    assert_eq!(paid[0], [("referral".to_string(), 50)]);
    assert_eq!(paid[1], [("referral".to_string(), 50)]);
    assert_eq!(paid[2], [("referral".to_string(), 50), ("referral-bonus".to_string(), 200)]);
    // A second check-in of a referred member pays the referrer nothing more.
    let again = apply(&mut e, json!({"id": "ci-a2", "memberId": "a", "at": "2026-03-11T09:00:00+08:00", "type": "check-in"}));
    assert!(again.awards.iter().all(|a| a.member_id == "a"));
    let m = e.member("r", &MemberOptions::default()).unwrap();
    assert_eq!((m.referrals.qualified, m.referrals.pending, m.balance), (3, 1, 350));
    // d never checks in: nothing for d's referral; activity does not qualify.
    apply(&mut e, json!({"id": "act-d", "memberId": "d", "at": "2026-03-12T09:00:00+08:00", "type": "activity"}));
    assert_eq!(balance(&e, "r"), 350);
    // The referrer's points count as earned (tier basis).
    assert_eq!(e.member("r", &MemberOptions::default()).unwrap().lifetime_earned, 350);
}

#[test]
fn self_referral_existing_members_and_unknown_referrers_are_rejected() {
    let mut e = engine();
    join(&mut e, "r", "2026-03-01T09:00:00+08:00");
    join(&mut e, "a", "2026-03-01T10:00:00+08:00");
    let s = apply(&mut e, json!({"id": "j1", "memberId": "x", "at": "2026-03-02T09:00:00+08:00", "type": "join", "referrerId": "x"}));
    assert_eq!((s.accepted, s.code.as_deref()), (false, Some("INVALID_REFERRAL")));
    let ex = apply(&mut e, json!({"id": "j2", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "referral", "referrerId": "r"}));
    assert_eq!(ex.code.as_deref(), Some("INVALID_REFERRAL"));
    let un = apply(&mut e, json!({"id": "j3", "memberId": "y", "at": "2026-03-02T09:00:00+08:00", "type": "join", "referrerId": "nobody"}));
    assert_eq!(un.code.as_deref(), Some("UNKNOWN_MEMBER"));
    let twice = apply(&mut e, json!({"id": "j4", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "join"}));
    assert_eq!(twice.code.as_deref(), Some("ALREADY_MEMBER"));
    // A referred member is referred once: joining is once.
    assert!(apply(&mut e, json!({"id": "j5", "memberId": "z", "at": "2026-03-03T09:00:00+08:00", "type": "referral", "referrerId": "r"})).accepted);
    let again = apply(&mut e, json!({"id": "j6", "memberId": "z", "at": "2026-03-04T09:00:00+08:00", "type": "join", "referrerId": "a"}));
    assert_eq!(again.code.as_deref(), Some("INVALID_REFERRAL"));
    assert_eq!(e.member("r", &MemberOptions::default()).unwrap().referrals.pending, 1);
    assert_eq!(e.member("a", &MemberOptions::default()).unwrap().referrals.pending, 0);
}

// Rule 7 (grace) and rule 10: finalisation and leaderboards --------------------------------------

#[test]
fn late_check_ins_are_accepted_until_the_sync_grace_then_results_are_final() {
    let mut e = engine();
    join(&mut e, "a", "2026-11-20T09:00:00+08:00");
    c21_checkin(&mut e, "a", 21);
    // The challenge ends 2026-12-22T00:00+08:00; grace 24 h.
    let r = e.advance_to("2026-12-22T23:59:00+08:00").unwrap();
    assert!(r.finalized.is_empty());
    assert!(c21_checkin(&mut e, "a", 3).accepted);
    let r = e.advance_to("2026-12-23T00:00:00+08:00").unwrap();
    assert_eq!(r.finalized, ["healthy-habit-21"]);
    let late = c21_checkin(&mut e, "a", 4);
    assert_eq!((late.accepted, late.code.as_deref()), (false, Some("CHALLENGE_CLOSED")));
    let m = e.member("a", &MemberOptions::default()).unwrap();
    assert_eq!((m.challenges[0].days_completed, m.challenges[0].is_final), (2, true));
    assert!(e.advance_to("2026-12-24T00:00:00+08:00").unwrap().finalized.is_empty());
    // A check-in outside the challenge days is refused.
    let out = apply(&mut e, json!({"id": "o", "memberId": "a", "at": "2026-12-22T09:00:00+08:00", "type": "check-in", "challengeId": C21}));
    assert_eq!(out.code.as_deref(), Some("CHALLENGE_CLOSED"));
    let unk = apply(&mut e, json!({"id": "u", "memberId": "a", "at": "2026-12-02T09:00:00+08:00", "type": "check-in", "challengeId": "nope"}));
    assert_eq!(unk.code.as_deref(), Some("UNKNOWN_CHALLENGE"));
}

fn join_group(e: &mut PointsEngine, m: &str, family: &str, building: &str) {
    let r = apply(
        e,
        json!({"id": format!("join-{m}"), "memberId": m, "at": "2026-11-20T09:00:00+08:00", "type": "join",
               "groups": {"family": family, "building": building}}),
    );
    assert!(r.accepted);
}

#[test]
fn groups_rank_by_average_per_enrolled_member_and_participation_never_raw_totals() {
    let mut e = engine();
    // Family "big": 4 members, 2 check in 5 days each (100 points). Family "small": 1 member, 3 days (30).
    for m in ["b1", "b2", "b3", "b4"] {
        join_group(&mut e, m, "big", "east");
    }
    join_group(&mut e, "s1", "small", "west");
    for d in 1..=5 {
        c21_checkin(&mut e, "b1", d);
        c21_checkin(&mut e, "b2", d);
    }
    for d in 1..=3 {
        c21_checkin(&mut e, "s1", d);
    }
    let lb = e
        .leaderboard(&LeaderboardOptions { challenge_id: Some(C21.into()), scope: Scope::Family, metric: None, limit: None })
        .unwrap();
    assert_eq!(lb.iter().map(|r| (r.id.as_str(), r.score, r.members)).collect::<Vec<_>>(), [("small", 30.0, 1), ("big", 25.0, 4)]);
    let lb = e
        .leaderboard(&LeaderboardOptions {
            challenge_id: Some(C21.into()),
            scope: Scope::Building,
            metric: Some(Metric::Participation),
            limit: None,
        })
        .unwrap();
    assert_eq!(lb.iter().map(|r| (r.rank, r.id.as_str(), r.score)).collect::<Vec<_>>(), [(1, "west", 100.0), (2, "east", 50.0)]);
    let lb = e
        .leaderboard(&LeaderboardOptions { challenge_id: Some(C21.into()), scope: Scope::Member, metric: None, limit: Some(3) })
        .unwrap();
    // b1 and b2 tie on points: lower id first.
    assert_eq!(lb.iter().map(|r| (r.rank, r.id.as_str())).collect::<Vec<_>>(), [(1, "b1"), (2, "b2"), (3, "s1")]);
}

#[test]
fn ties_break_on_earlier_completion_then_lower_id_and_groups_are_fixed_at_challenge_start() {
    let mut e = engine();
    join_group(&mut e, "z", "f1", "b");
    join_group(&mut e, "y", "f2", "b");
    join_group(&mut e, "x", "f3", "b");
    for d in 1..=21 {
        c21_checkin(&mut e, "x", d);
    }
    // Same points for all three: earlier completion first (z 07:00, y 07:30, x 08:00 on day 21).
    for d in 1..=20 {
        c21_checkin(&mut e, "y", d);
        c21_checkin(&mut e, "z", d);
    }
    apply(&mut e, json!({"id": "z21", "memberId": "z", "at": "2026-12-21T07:00:00+08:00", "type": "check-in", "challengeId": C21}));
    apply(&mut e, json!({"id": "y21", "memberId": "y", "at": "2026-12-21T07:30:00+08:00", "type": "check-in", "challengeId": C21}));
    let lb = e
        .leaderboard(&LeaderboardOptions { challenge_id: Some(C21.into()), scope: Scope::Member, metric: None, limit: None })
        .unwrap();
    assert_eq!(lb.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["z", "y", "x"]);
    assert!(lb.iter().all(|r| r.score == lb[0].score));
    // x moves to family f1 during the challenge: for this challenge x stays in f3.
    let mv = apply(&mut e, json!({"id": "move-x", "memberId": "x", "at": "2026-12-10T09:00:00+08:00", "type": "join", "groups": {"family": "f1"}}));
    assert!(mv.accepted);
    let lb = e
        .leaderboard(&LeaderboardOptions { challenge_id: Some(C21.into()), scope: Scope::Family, metric: None, limit: None })
        .unwrap();
    assert_eq!(lb.iter().map(|r| (r.id.as_str(), r.members)).collect::<Vec<_>>(), [("f1", 1), ("f2", 1), ("f3", 1)]);
    // Without a challenge, current groups are used.
    let lb = e.leaderboard(&LeaderboardOptions { scope: Scope::Family, ..Default::default() }).unwrap();
    assert_eq!(lb.iter().find(|r| r.id == "f1").unwrap().members, 2);
    assert_eq!(e.member("x", &MemberOptions::default()).unwrap().family.as_deref(), Some("f1"));
}

// Rule 11/12: bad input ----------------------------------------------------------------------

#[test]
fn bad_input_is_an_error_and_changes_nothing() {
    let mut e = engine();
    join(&mut e, "a", "2026-03-01T09:00:00+08:00");
    let state = e.export_state();
    let bad_instant = e.apply(&ev(json!({"id": "x", "memberId": "a", "at": "2026-03-02 09:00", "type": "check-in"}))).unwrap_err();
    assert_eq!((bad_instant.code, bad_instant.field.as_deref()), (ErrorCode::InvalidDate, Some("event.at")));
    let neg = e.apply(&ev(json!({"id": "x", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "adjust", "points": -5}))).unwrap_err();
    assert_eq!((neg.code, neg.field.as_deref()), (ErrorCode::InvalidInput, Some("event.points")));
    let empty = e.apply(&ev(json!({"id": "", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "share"}))).unwrap_err();
    assert_eq!(empty.field.as_deref(), Some("event.id"));
    let no_reward = e.apply(&ev(json!({"id": "x", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "redeem"}))).unwrap_err();
    assert_eq!((no_reward.code, no_reward.field.as_deref()), (ErrorCode::MissingInput, Some("event.rewardId")));
    assert!(PointsEvent::from_json(&json!({"id": "x", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "dance"}).to_string()).is_err());
    assert_eq!(e.export_state(), state);
    // Refusals no other event can change are not stored either: only their id is remembered
    // (a resend is a duplicate).
    let r = apply(&mut e, json!({"id": "y", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "redeem", "rewardId": "nope"}));
    assert_eq!((r.accepted, r.code.as_deref()), (false, Some("UNKNOWN_REWARD")));
    assert_eq!(e.event_count(), 1);
    let doc: Value = serde_json::from_str(&e.export_state()).unwrap();
    assert_eq!(doc["events"].as_array().unwrap().len(), 1);
    assert_eq!(doc["forgotten"][0]["eventId"], "y");
    let state = e.export_state();
    // A batch with one malformed event applies nothing.
    let err = e
        .apply_batch(&[
            ev(json!({"id": "ok", "memberId": "a", "at": "2026-03-02T09:00:00+08:00", "type": "share"})),
            ev(json!({"id": "bad", "memberId": "a", "at": "yesterday", "type": "share"})),
        ])
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("events[1].at"));
    assert_eq!(e.export_state(), state);
    let u = e.member("ghost", &MemberOptions::default()).unwrap_err();
    assert_eq!(u.code, ErrorCode::UnknownMember);
    assert_eq!(e.ledger("ghost").unwrap_err().code, ErrorCode::UnknownMember);
}

// Rule 13: state -----------------------------------------------------------------------------

#[test]
fn state_round_trips_and_rejects_unknown_versions_and_tampering() {
    let mut e = engine();
    join(&mut e, "a", "2026-11-20T09:00:00+08:00");
    apply(&mut e, json!({"id": "j-b", "memberId": "b", "at": "2026-11-21T09:00:00+08:00", "type": "join", "referrerId": "a", "groups": {"family": "f"}}));
    for d in 1..=7 {
        c21_checkin(&mut e, "a", d);
        c21_checkin(&mut e, "b", d);
    }
    apply(&mut e, json!({"id": "r", "memberId": "a", "at": "2026-12-08T09:00:00+08:00", "type": "redeem", "rewardId": "health-gift"}));
    e.advance_to("2026-12-25T00:00:00+08:00").unwrap();
    let s = e.export_state();
    let back = PointsEngine::from_state(&s).unwrap();
    assert_eq!(back.export_state(), s);
    assert_eq!(back.member("a", &MemberOptions::default()).unwrap(), e.member("a", &MemberOptions::default()).unwrap());
    assert_eq!(back.ledger("b").unwrap(), e.ledger("b").unwrap());

    let mut v: Value = serde_json::from_str(&s).unwrap();
    v["version"] = json!(3);
    let err = PointsEngine::from_state(&v.to_string()).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidState, Some("state.version")));
    assert!(err.message(health_steward::Locale::En).contains("versions 1 to 2"), "{}", err.message(health_steward::Locale::En));

    // Any change of a byte breaks the seal's checksum.
    let altered = s.replacen("\"r\"", "\"q\"", 1);
    let err = PointsEngine::from_state(&altered).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidState, Some("state.seal.checksum")));

    // Behind a recomputed checksum: the log must reproduce the summary, be in order, and hold
    // a valid program.
    let mut v: Value = serde_json::from_str(&s).unwrap();
    v["summary"]["digest"] = json!("0000000000000000");
    let err = PointsEngine::from_state(&reseal_state(&v.to_string())).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidState, Some("state.summary")));

    let mut v: Value = serde_json::from_str(&s).unwrap();
    v["events"][3]["at"] = json!("2026-12-01T09:00:00+08:00");
    assert_eq!(PointsEngine::from_state(&reseal_state(&v.to_string())).unwrap_err().code, ErrorCode::InvalidState);

    let mut v: Value = serde_json::from_str(&s).unwrap();
    v["program"]["earning"][0]["points"] = json!(1000);
    assert_eq!(PointsEngine::from_state(&reseal_state(&v.to_string())).unwrap_err().code, ErrorCode::InvalidState);

    let mut v: Value = serde_json::from_str(&s).unwrap();
    v["program"]["earning"][0]["points"] = json!(-1);
    let err = PointsEngine::from_state(&reseal_state(&v.to_string())).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidState, Some("state.program.earning[0].points")));

    for bad in ["", "[]", "{}", "null", "{\"format\":\"health-steward/points-state\"}"] {
        assert_eq!(PointsEngine::from_state(bad).unwrap_err().code, ErrorCode::InvalidState, "{bad}");
    }
}

// Rule 14: the program is data ---------------------------------------------------------------

#[test]
fn program_errors_name_the_field() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|v| v["earning"][1]["cap"] = json!({"times": 0, "per": "day"})), "program.earning[1].cap.times"),
        (Box::new(|v| v["earning"][3]["cap"]["per"] = json!("year")), "program.earning[3].cap.per"),
        (Box::new(|v| v["utcOffset"] = json!("+8")), "program.utcOffset"),
        (Box::new(|v| v["tiers"]["levels"][2]["minEarned"] = json!(100)), "program.tiers.levels[2].minEarned"),
        (Box::new(|v| v["rewards"][0]["cost"] = json!(-1)), "program.rewards[0].cost"),
        (Box::new(|v| v["rewards"][1]["id"] = json!("checkup-voucher")), "program.rewards[1].id"),
        (Box::new(|v| v["challenges"][0]["startDate"] = json!("2026-02-30")), "program.challenges[0].startDate"),
        (Box::new(|v| v["challenges"][0]["makeupCards"] = json!(30)), "program.challenges[0].makeupCards"),
        (Box::new(|v| v["challenges"][0]["streakMilestones"][1]["days"] = json!(40)), "program.challenges[0].streakMilestones[1].days"),
        (Box::new(|v| v["expiry"] = json!({"policy": "after-days"})), "program.expiry.days"),
        (Box::new(|v| v["version"] = json!(2)), "program.version"),
        (Box::new(|v| v["earning"][0]["points"] = json!(1.5)), "program.earning[0].points"),
        (Box::new(|v| v["earning"][0]["pionts"] = json!(5)), "program.earning[0]"),
    ];
    for (f, field) in cases {
        let mut v = serde_json::to_value(default_program()).unwrap();
        f(&mut v);
        let err = PointsEngine::from_program_json(&v.to_string()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidRules, "{field}: {err:?}");
        assert!(err.field.as_deref().unwrap_or("").starts_with(field), "{field}: {err:?}");
    }
}

#[test]
fn other_offsets_and_expiry_policies() {
    let program = program_with(|v| {
        v["utcOffset"] = json!("-05:00");
        v["expiry"] = json!({"policy": "after-days", "days": 30});
    });
    let mut e = PointsEngine::new(program).unwrap();
    join(&mut e, "a", "2026-03-01T09:00:00Z");
    // 2026-03-02T03:00Z is 2026-03-01 22:00 local in −05:00.
    let r = apply(&mut e, json!({"id": "c", "memberId": "a", "at": "2026-03-02T03:00:00Z", "type": "check-in"}));
    assert_eq!(earned(&r), 10);
    let l = e.ledger("a").unwrap();
    assert_eq!(l[0].local_date, "2026-03-01");
    assert_eq!(l[0].expires_at.as_deref(), Some("2026-03-31T23:59:59-05:00"));
    assert!(e.advance_to("2026-04-01T04:59:00Z").unwrap().expired.is_empty());
    assert_eq!(e.advance_to("2026-04-01T05:00:00Z").unwrap().expired[0].points, 10);

    let never = program_with(|v| v["expiry"] = json!({"policy": "never"}));
    let mut e = PointsEngine::new(never).unwrap();
    join(&mut e, "a", "2026-03-01T09:00:00Z");
    apply(&mut e, json!({"id": "c", "memberId": "a", "at": "2026-03-02T03:00:00Z", "type": "check-in"}));
    assert!(e.advance_to("2099-01-01T00:00:00Z").unwrap().expired.is_empty());
    assert_eq!(e.ledger("a").unwrap()[0].expires_at, None);
}
