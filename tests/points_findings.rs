//! The findings of the audit of the points engine at community and city scale, one test each:
//! every test fails on the behaviour the audit found and passes now (docs/points-rules.md).

use health_steward::points::{ApplyResult, PointsEngine, PointsEvent, Verdict};
use serde_json::{json, Value};

fn ev(v: Value) -> PointsEvent {
    serde_json::from_value(v).expect("test event")
}

fn apply(e: &mut PointsEngine, v: Value) -> ApplyResult {
    e.apply(&ev(v)).expect("well-formed event")
}

fn verdict(accepted: bool, code: Option<&str>) -> Verdict {
    Verdict { accepted, code: code.map(str::to_string) }
}

/// A member with 300 points (ten follow-ups of 30) on 2026-03-02.
fn member_with_300(e: &mut PointsEngine, m: &str) {
    apply(e, json!({"id": format!("join-{m}"), "memberId": m, "at": "2026-03-01T09:00:00+08:00", "type": "join"}));
    for i in 0..10 {
        apply(e, json!({"id": format!("{m}-f{i}"), "memberId": m, "at": format!("2026-03-02T09:{i:02}:00+08:00"), "type": "follow-up"}));
    }
}

// Finding 5: outcomes changed silently ---------------------------------------------------------

#[test]
fn finding_5_a_late_redemption_reports_the_earlier_outcome_it_changed() {
    let mut e = PointsEngine::with_default_program();
    member_with_300(&mut e, "a");
    // Phone 1 redeems the voucher on the 5th: accepted.
    let phone1 = apply(&mut e, json!({"id": "p1", "memberId": "a", "at": "2026-03-05T10:00:00+08:00", "type": "redeem", "rewardId": "checkup-voucher"}));
    assert!(phone1.accepted);
    assert_eq!(phone1.changed, Some(vec![]));
    // Phone 2's redemption of the 4th syncs: it takes the points, phone 1's is now refused.
    let phone2 = apply(&mut e, json!({"id": "p2", "memberId": "a", "at": "2026-03-04T10:00:00+08:00", "type": "redeem", "rewardId": "tcm-therapy"}));
    assert!(phone2.accepted);
    let changed = phone2.changed.expect("apply reports changes");
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!((changed[0].event_id.as_str(), changed[0].member_id.as_str()), ("p1", "a"));
    assert_eq!(changed[0].before, verdict(true, None));
    assert_eq!(changed[0].after, verdict(false, Some("INSUFFICIENT_POINTS")));
    let o = e.outcome("p1").expect("a known event");
    assert_eq!((o.original, o.current), (verdict(true, None), verdict(false, Some("INSUFFICIENT_POINTS"))));
    assert_eq!(e.outcome("p2").unwrap().original, verdict(true, None));
    assert!(e.outcome("no-such-event").is_none());

    // A refund of phone 2's redemption on the 6th does not bring phone 1's back (it is later).
    let refund = apply(&mut e, json!({"id": "rf", "memberId": "a", "at": "2026-03-06T10:00:00+08:00", "type": "refund", "redemptionId": "p2"}));
    assert_eq!(refund.changed, Some(vec![]));
    // An earlier refund does, and the batch reports it once, in `changed`.
    let b = e
        .apply_batch(&[ev(json!({"id": "rf0", "memberId": "a", "at": "2026-03-04T11:00:00+08:00", "type": "refund", "redemptionId": "p2"}))])
        .unwrap();
    assert_eq!(b.results[0].changed, None);
    let ids: Vec<(&str, bool)> = b.changed.iter().map(|c| (c.event_id.as_str(), c.after.accepted)).collect();
    assert_eq!(ids, [("p1", true), ("rf", false)]);
    let o = e.outcome("p1").unwrap();
    assert_eq!((o.original.accepted, o.current.accepted), (true, true));

    assert_eq!(e.outcome("rf").unwrap().original, verdict(true, None));
    assert_eq!(e.outcome("rf").unwrap().current, verdict(false, Some("ALREADY_REFUNDED")));

    // The state document does not depend on the order events arrived in, so an engine
    // restored from it takes each event's outcome at export as its original.
    let back = PointsEngine::from_state(&e.export_state()).unwrap();
    for id in ["p1", "p2", "rf", "rf0"] {
        let o = back.outcome(id).unwrap();
        assert_eq!((&o.original, &o.current), (&e.outcome(id).unwrap().current, &e.outcome(id).unwrap().current), "{id}");
    }
}
