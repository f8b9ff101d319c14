//! The findings of the audit of the points engine at community and city scale, one test each:
//! every test fails on the behaviour the audit found and passes now (docs/points-rules.md).

use health_steward::points::{ApplyResult, LeaderboardOptions, MemberOptions, PointsEngine, PointsEvent, Verdict};
use serde_json::{json, Value};

fn ev(v: Value) -> PointsEvent {
    PointsEvent::from_json(&v.to_string()).expect("test event")
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

// Finding 1: memory at scale -------------------------------------------------------------------

/// `members` members joined on 2026-03-01, then `per` follow-ups each, one a day, in time order.
fn community(members: usize, per: usize) -> (PointsEngine, Vec<PointsEvent>) {
    let mut e = PointsEngine::with_default_program();
    let joins: Vec<PointsEvent> = (0..members)
        .map(|m| ev(json!({"id": format!("j{m}"), "memberId": format!("m{m}"), "at": "2026-03-01T08:00:00+08:00", "type": "join"})))
        .collect();
    e.apply_batch(&joins).unwrap();
    let mut later = Vec::new();
    for d in 0..per {
        let day = health_steward::calendar::add_days(health_steward::calendar::parse_date("d", "2026-03-02").unwrap(), d as i64).unwrap();
        let date = health_steward::calendar::format_date(day);
        for m in 0..members {
            later.push(ev(json!({"id": format!("m{m}-{d}"), "memberId": format!("m{m}"),
                                 "at": format!("{date}T09:{:02}:00+08:00", m % 60), "type": "activity"})));
        }
    }
    (e, later)
}

#[test]
fn finding_1_memory_per_event_is_bounded_and_compaction_folds_history() {
    let (mut e, events) = community(200, 100);
    for part in events.chunks(1000) {
        e.apply_batch(part).unwrap();
    }
    let s = e.stats();
    assert_eq!(s.events, 20_200);
    let per_event = s.bytes as f64 / s.events as f64;
    assert!(per_event <= 64.0, "{per_event:.1} bytes per event in memory");

    // Once the clock has moved past most of the history, compaction folds it into checkpoints
    // and nothing the engine answers changes.
    e.advance_to("2026-07-01T00:00:00+08:00").unwrap();
    let before = e.member("m7", &MemberOptions::default()).unwrap();
    let board = e.leaderboard(&LeaderboardOptions::default()).unwrap();
    let c = e.compact();
    assert_eq!((c.folded, c.members), (20_200, 200));
    assert_eq!(e.stats().events, 0);
    // What is left is per member (its account and checkpoint: earnings by day inside the
    // 365-day tier window), not per event.
    assert!(e.stats().bytes < s.bytes * 3 / 4, "{} → {} bytes", s.bytes, e.stats().bytes);
    assert_eq!(e.member("m7", &MemberOptions::default()).unwrap(), before);
    assert_eq!(e.leaderboard(&LeaderboardOptions::default()).unwrap(), board);
    // The compacted document imports, and holds the checkpoints rather than the log.
    let doc = e.export_state();
    let back = PointsEngine::from_state(&doc).unwrap();
    assert_eq!(back.member("m7", &MemberOptions::default()).unwrap(), before);
    assert_eq!(back.export_state(), doc);
}

/// A compacted document whose checkpoint was altered is refused, naming the field that is wrong
/// (checkpoints are read without paths first and again with them only for an error) in `field`
/// and never in the words shown to a resident.
#[test]
fn finding_7_an_altered_checkpoint_is_refused_with_the_path_of_its_field() {
    use health_steward::points::reseal_state;
    let (mut e, events) = community(20, 30);
    e.apply_batch(&events).unwrap();
    e.advance_to("2026-07-01T00:00:00+08:00").unwrap();
    e.compact();
    let doc: Value = serde_json::from_str(&e.export_state()).unwrap();
    let refused = |change: &dyn Fn(&mut Value)| {
        let mut d = doc.clone();
        change(&mut d["checkpoints"]);
        let err = PointsEngine::from_state(&reseal_state(&d.to_string())).expect_err("an altered checkpoint");
        let text = err.message(health_steward::Locale::En) + &err.message(health_steward::Locale::ZhCn);
        assert!(!text.contains("checkpoints["), "{text}");
        (format!("{:?}", err.code), err.field.clone().unwrap_or_default())
    };
    let invalid = |field: &str| ("InvalidState".to_string(), field.to_string());
    // The balance is not the sum of the lots.
    assert_eq!(refused(&|c| c[3][8] = json!(c[3][8].as_i64().unwrap() + 1)), invalid("state.checkpoints[3][8]"));
    // A day's earnings that is not a number, a lot's points out of range.
    let wrong = refused(&|c| c[2][14][0][1] = json!("ten"));
    assert_eq!(wrong.1, "state.checkpoints[2][14][0][1]");
    assert_eq!(refused(&|c| c[5][12][0][1] = json!(-1)), invalid("state.checkpoints[5][12][0][1]"));
    // Two checkpoints swapped, a tier beyond the programme's, a field too many.
    assert_eq!(refused(&|c| c.as_array_mut().unwrap().swap(0, 1)), invalid("state.checkpoints[1]"));
    assert_eq!(refused(&|c| c[0][10] = json!(9)), invalid("state.checkpoints[0][10]"));
    assert_eq!(refused(&|c| c[7].as_array_mut().unwrap().push(json!(0))), invalid("state.checkpoints[7]"));
    // Untouched, it imports.
    assert!(PointsEngine::from_state(&reseal_state(&doc.to_string())).is_ok());
}

// Finding 2: late events replay only what they touch ------------------------------------------

#[test]
fn finding_2_a_late_multi_member_batch_and_a_late_join_replay_only_their_members() {
    let (mut e, events) = community(300, 10);
    e.apply_batch(&events).unwrap();
    let (full0, members0) = e.replay_counts();
    // A batch of late events of three members (as a phone syncs a family's check-ins).
    let late: Vec<PointsEvent> = ["m1", "m2", "m3"]
        .iter()
        .enumerate()
        .map(|(i, m)| ev(json!({"id": format!("late-{i}"), "memberId": m, "at": "2026-03-03T07:00:00+08:00", "type": "follow-up"})))
        .collect();
    let r = e.apply_batch(&late).unwrap();
    assert!(r.results.iter().all(|x| x.accepted));
    let (full1, members1) = e.replay_counts();
    assert_eq!(full1, full0, "no replay of the whole log");
    assert!(members1 - members0 <= 3, "{} member replays", members1 - members0);
    // A late join (with a referrer) replays the newcomer and its referrer, not the log.
    let j = apply(&mut e, json!({"id": "late-join", "memberId": "newcomer", "referrerId": "m5", "at": "2026-03-02T07:00:00+08:00", "type": "join"}));
    assert!(j.accepted);
    let (full2, members2) = e.replay_counts();
    assert_eq!(full2, full0);
    assert!(members2 - members1 <= 2, "{} member replays", members2 - members1);
    assert_eq!(e.check_replay(), Ok(()));
}

// Finding 3: refused events are not stored -----------------------------------------------------

#[test]
fn finding_3_refusals_are_not_stored() {
    let mut e = PointsEngine::with_default_program();
    member_with_300(&mut e, "a");
    let size = e.export_state().len();
    let events = e.event_count();
    // Unaffordable redemptions: refused and not kept (nothing but a redemption of the past
    // or a later refund could change them, and neither is in sight).
    let junk: Vec<PointsEvent> = (0..2000)
        .map(|i| ev(json!({"id": format!("r{i}"), "memberId": "a", "at": "2026-03-09T10:00:00+08:00", "type": "redeem", "rewardId": "no-such-reward"})))
        .collect();
    let r = e.apply_batch(&junk).unwrap();
    assert!(r.results.iter().all(|x| x.code.as_deref() == Some("UNKNOWN_REWARD")));
    assert_eq!(e.event_count(), events);
    // Check-ins of members who never joined: held a while (their join may still sync), within a
    // bound per member, and gone once the horizon passes them.
    let junk: Vec<PointsEvent> = (0..2000)
        .map(|i| ev(json!({"id": format!("c{i}"), "memberId": "stranger", "at": format!("2026-03-09T10:{:02}:{:02}+08:00", i / 60 % 60, i % 60), "type": "check-in"})))
        .collect();
    let r = e.apply_batch(&junk).unwrap();
    assert!(r.results.iter().all(|x| x.code.as_deref() == Some("UNKNOWN_MEMBER")));
    assert!(e.event_count() <= events + 32, "{} events held", e.event_count());
    e.advance_to("2026-04-01T00:00:00+08:00").unwrap();
    assert_eq!(e.event_count(), events);
    let doc = e.export_state();
    assert!(doc.len() < size + 2_000_000, "{} → {} bytes", size, doc.len());
    // The ids are still recognised: a resend is a duplicate, other content under one an error.
    let again = apply(&mut e, json!({"id": "r5", "memberId": "a", "at": "2026-03-09T10:00:00+08:00", "type": "redeem", "rewardId": "no-such-reward"}));
    assert!(again.duplicate && !again.accepted);
    assert!(e.apply(&ev(json!({"id": "r5", "memberId": "a", "at": "2026-03-09T10:00:00+08:00", "type": "follow-up"}))).is_err());
}

/// 1,700 members, each flooding 40 unaffordable redemptions: 32 each are held (the bound per
/// member), 54,400 in all, beyond the bound of 50,000 held refusals in all. Applied in timeline
/// order (in batches of 997) and in reverse (batches of 1,499).
/// The floods applied member by member, backwards, and in time order (as phones that are online
/// send them: each call then forgets its newest refusals, elsewhere older held ones).
fn flooded_engines() -> (Vec<PointsEvent>, PointsEngine, PointsEngine, PointsEngine) {
    let members = 1_700;
    let mut joins = Vec::new();
    let mut floods = Vec::new();
    for m in 0..members {
        joins.push(ev(json!({"id": format!("j{m}"), "memberId": format!("m{m}"), "at": "2026-03-01T08:00:00+08:00", "type": "join"})));
        for k in 0..40 {
            let at = format!("2026-03-{:02}T{:02}:{:02}:00+08:00", 2 + k % 20, 8 + m % 12, m % 60);
            floods.push(ev(json!({"id": format!("r{m}-{k}"), "memberId": format!("m{m}"), "at": at, "type": "redeem", "rewardId": "health-gift"})));
        }
    }
    let run = |batches: Vec<Vec<PointsEvent>>| {
        let mut e = PointsEngine::with_default_program();
        e.apply_batch(&joins).unwrap();
        for b in batches {
            e.apply_batch(&b).unwrap();
        }
        e
    };
    let forwards = run(floods.chunks(997).map(<[PointsEvent]>::to_vec).collect());
    let mut reversed = floods.clone();
    reversed.reverse();
    let backwards = run(reversed.chunks(1_499).map(<[PointsEvent]>::to_vec).collect());
    let mut timed = floods.clone();
    timed.sort_by_key(|e| (health_steward::calendar::Instant::parse("at", &e.at).unwrap().utc_ms, e.id.clone()));
    let in_time = run(timed.chunks(500).map(<[PointsEvent]>::to_vec).collect());
    (floods, forwards, backwards, in_time)
}

/// Beyond 50,000 held refusals in all, the earliest 50,000 on the timeline are kept, the same
/// ones with the same outcomes whatever the order the events arrive in.
#[test]
fn finding_3_the_bound_on_all_held_refusals_keeps_the_earliest_whatever_the_order() {
    let (floods, forwards, backwards, in_time) = flooded_engines();
    // What the rules keep: each member's earliest 32 on the timeline, then the earliest 50,000
    // of those.
    let key = |e: &PointsEvent| (health_steward::calendar::Instant::parse("at", &e.at).unwrap().utc_ms, e.id.clone());
    let mut per_member: std::collections::BTreeMap<&str, Vec<(i64, String)>> = Default::default();
    for x in &floods {
        per_member.entry(x.member_id.as_str()).or_default().push(key(x));
    }
    let mut candidates: Vec<(i64, String)> = per_member.into_values().flat_map(|mut v| {
        v.sort();
        v.truncate(32);
        v
    }).collect();
    assert_eq!(candidates.len(), 54_400);
    candidates.sort();
    candidates.truncate(50_000);
    let expected: std::collections::BTreeSet<String> = candidates.into_iter().map(|k| k.1).collect();
    for e in [&forwards, &backwards, &in_time] {
        assert_eq!(e.stats().pending, 50_000);
        // The held refusals are the redemptions still in the log (the others are only remembered).
        let doc: Value = serde_json::from_str(&e.export_state()).unwrap();
        let held: std::collections::BTreeSet<String> =
            doc["events"].as_array().unwrap().iter().filter(|x| x["type"] == "redeem").map(|x| x["id"].as_str().unwrap().to_string()).collect();
        assert!(held == expected, "{} held, {} of them not the earliest", held.len(), held.difference(&expected).count());
    }
    for x in &floods {
        assert_eq!(forwards.outcome(&x.id).map(|o| o.current), backwards.outcome(&x.id).map(|o| o.current), "{}", x.id);
        assert_eq!(in_time.outcome(&x.id).map(|o| o.current), backwards.outcome(&x.id).map(|o| o.current), "{}", x.id);
    }
    for m in ["m0", "m999", "m1699"] {
        assert_eq!(forwards.member(m, &MemberOptions::default()).unwrap(), backwards.member(m, &MemberOptions::default()).unwrap());
    }
}

/// A refusal forgotten by the bound is remembered with its code, not its message's figures
/// (points needed and available), which were those of the moment it was forgotten and so
/// depended on what had arrived by then: the state documents of the two orders are the same.
#[test]
fn finding_3_the_state_document_after_the_bound_is_the_same_whatever_the_order() {
    let (_, forwards, backwards, in_time) = flooded_engines();
    assert!(in_time.export_state() == backwards.export_state(), "in time order and backwards differ");
    let (f, b) = (forwards.export_state(), backwards.export_state());
    let at = f.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    assert!(f == b, "first difference at byte {at}: {} | {}", &f[at.saturating_sub(200)..(at + 100).min(f.len())], &b[at.saturating_sub(200)..(at + 100).min(b.len())]);
}

const INSUFFICIENT_KEPT: [&str; 2] = [
    "积分不足，未能兑换（当时所需和可用的积分数未保留）。",
    "Not enough points for this redemption (the points needed and available at the time were not kept).",
];
const TOO_LATE_KEPT: [&str; 2] = ["这条记录的时间早于补传截止时间，不再计入。", "This event is dated before the sync cut-off and can no longer count."];

fn redeem_gift(id: &str, at: &str) -> Value {
    json!({"id": id, "memberId": "b", "at": at, "type": "redeem", "rewardId": "health-gift"})
}

/// Refusals the engine only remembers: member b, with no points, sends 33 redemptions of the
/// health gift (100 points) in one call: 32 are held (the bound per member), the latest is
/// forgotten at once; the clock then passes the 32 held ones, and an event before the sync
/// cut-off is refused `TOO_LATE` (remembered at once). Returns the engine and the resends.
fn engine_with_remembered_refusals() -> (PointsEngine, [Value; 3]) {
    let mut e = PointsEngine::with_default_program();
    apply(&mut e, json!({"id": "join-b", "memberId": "b", "at": "2026-03-01T09:00:00+08:00", "type": "join"}));
    let batch: Vec<PointsEvent> = (0..33).map(|i| ev(redeem_gift(&format!("rd{i}"), &format!("2026-03-05T10:{i:02}:00+08:00")))).collect();
    let r = e.apply_batch(&batch).unwrap();
    // When refused, the message has the figures of that moment.
    assert!(r.results.iter().all(|x| x.code.as_deref() == Some("INSUFFICIENT_POINTS") && x.message.as_deref() == Some("积分不足：需要 100 分，当前可用 0 分。")));
    assert_eq!(e.stats().pending, 32);
    e.advance_to("2026-03-20T00:00:00+08:00").unwrap();
    assert_eq!(e.stats().pending, 0);
    let late = json!({"id": "late", "memberId": "b", "at": "2026-03-10T09:00:00+08:00", "type": "share"});
    let r = apply(&mut e, late.clone());
    assert_eq!(r.code.as_deref(), Some("TOO_LATE"));
    assert!(r.message.unwrap().contains("2026-03-13"));
    (e, [redeem_gift("rd0", "2026-03-05T10:00:00+08:00"), redeem_gift("rd32", "2026-03-05T10:32:00+08:00"), late])
}

/// What a resend of each remembered refusal reports, in zh-CN and en: a duplicate with its code
/// and a message without figures.
fn assert_remembered_without_figures(e: &mut PointsEngine, resends: &[Value; 3]) {
    for (locale, l) in [(health_steward::Locale::ZhCn, 0), (health_steward::Locale::En, 1)] {
        e.set_locale(locale);
        for (v, code, text) in [
            (&resends[0], "INSUFFICIENT_POINTS", INSUFFICIENT_KEPT[l]),
            (&resends[1], "INSUFFICIENT_POINTS", INSUFFICIENT_KEPT[l]),
            (&resends[2], "TOO_LATE", TOO_LATE_KEPT[l]),
        ] {
            let r = apply(e, v.clone());
            assert_eq!((r.accepted, r.duplicate, r.code.as_deref(), r.message.as_deref()), (false, true, Some(code), Some(text)), "{v}");
            let o = e.outcome(v["id"].as_str().unwrap()).unwrap();
            assert_eq!((o.original, o.current), (verdict(false, Some(code)), verdict(false, Some(code))));
        }
    }
    e.set_locale(health_steward::Locale::ZhCn);
}

/// Whether a refusal was forgotten by the bound (with the figures it had when refused, before)
/// or by the clock (with none, before: "0 needed, 0 available"), its resend says the same.
#[test]
fn finding_3_a_remembered_refusal_reports_its_code_and_a_message_without_figures() {
    let (mut e, resends) = engine_with_remembered_refusals();
    assert_remembered_without_figures(&mut e, &resends);
    let doc = e.export_state();
    assert!(doc.contains("\"forgotten\":[") && !doc.contains("\"args\""), "{doc}");
}

/// A version 2 document written before: its remembered refusals carry `args`, the figures of
/// their messages. It still imports (the figures are ignored) and exports without them.
#[test]
fn finding_3_a_document_with_the_figures_of_remembered_refusals_still_imports() {
    use health_steward::points::reseal_state;
    let (e, resends) = engine_with_remembered_refusals();
    let doc = e.export_state();
    let mut old: Value = serde_json::from_str(&doc).unwrap();
    for f in old["forgotten"].as_array_mut().unwrap() {
        let args = if f["code"] == "TOO_LATE" { json!([1_773_331_200_000_i64, 0]) } else { json!([100, 0]) };
        f.as_object_mut().unwrap().insert("args".into(), args);
    }
    assert_eq!(old["version"], 2);
    assert_eq!(old["forgotten"].as_array().unwrap().len(), 34);
    let mut back = PointsEngine::from_state(&reseal_state(&old.to_string())).expect("a document with args imports");
    assert_eq!(back.export_state(), doc);
    assert_remembered_without_figures(&mut back, &resends);
}

/// A version 1 log holds every refusal. Imported, it keeps what the engine keeps as events
/// arrive: a member's earliest 32 held refusals, the later ones only remembered.
#[test]
fn finding_3_a_version_1_log_of_refusals_imports_within_the_bounds() {
    let v1 = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/points-state-v1.json")).unwrap();
    let mut v: Value = serde_json::from_str(&v1).unwrap();
    // Member b (no points) redeems the gift 40 times on the day before the clock.
    let redemptions = (0..40).map(|i| redeem_gift(&format!("rb{i:02}"), &format!("2027-12-31T10:{i:02}:00+08:00")));
    v["events"].as_array_mut().unwrap().extend(redemptions);
    let mut e = PointsEngine::from_state(&v.to_string()).expect("a version 1 log of refusals imports");
    assert_eq!(e.stats().pending, 32);
    let doc: Value = serde_json::from_str(&e.export_state()).unwrap();
    let held: Vec<&str> = doc["events"].as_array().unwrap().iter().filter_map(|x| x["id"].as_str().filter(|id| id.starts_with("rb"))).collect();
    assert_eq!(held, (0..32).map(|i| format!("rb{i:02}")).collect::<Vec<_>>());
    let forgotten: Vec<&str> = doc["forgotten"].as_array().unwrap().iter().filter_map(|x| x["eventId"].as_str().filter(|id| id.starts_with("rb"))).collect();
    assert_eq!(forgotten, (32..40).map(|i| format!("rb{i:02}")).collect::<Vec<_>>());
    // Both are still recognised when resent.
    for id in ["rb00", "rb39"] {
        let i: usize = id[2..].parse().unwrap();
        let r = apply(&mut e, redeem_gift(id, &format!("2027-12-31T10:{i:02}:00+08:00")));
        assert_eq!((r.accepted, r.duplicate, r.code.as_deref()), (false, true, Some("INSUFFICIENT_POINTS")), "{id}");
    }
}

// Finding 4: event-id gaps ---------------------------------------------------------------------

#[test]
fn finding_4_every_id_rule_holds_for_refused_and_resent_events() {
    let mut e = PointsEngine::with_default_program();
    member_with_300(&mut e, "a");
    // An id first used by a refused event (unknown reward) cannot be reused for other content.
    let r = apply(&mut e, json!({"id": "x1", "memberId": "a", "at": "2026-03-09T10:00:00+08:00", "type": "redeem", "rewardId": "nope"}));
    assert_eq!(r.code.as_deref(), Some("UNKNOWN_REWARD"));
    let err = e.apply(&ev(json!({"id": "x1", "memberId": "a", "at": "2026-03-09T10:00:00+08:00", "type": "follow-up"}))).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (health_steward::ErrorCode::InvalidInput, Some("event.id")));
    // A known check-in id resent with a misspelt challenge is a conflict, not a duplicate.
    apply(&mut e, json!({"id": "ci", "memberId": "a", "at": "2026-12-02T08:00:00+08:00", "type": "check-in", "challengeId": "healthy-habit-21"}));
    let err = e
        .apply(&ev(json!({"id": "ci", "memberId": "a", "at": "2026-12-02T08:00:00+08:00", "type": "check-in", "challengeId": "healthy-habit-12"})))
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("event.id"));
    // A resent refused make-up is flagged as a duplicate with its refusal.
    let mk = json!({"id": "mk", "memberId": "a", "at": "2026-12-03T08:00:00+08:00", "type": "makeup", "challengeId": "healthy-habit-21", "date": "2026-12-05"});
    let first = apply(&mut e, mk.clone());
    assert_eq!((first.accepted, first.duplicate, first.code.as_deref()), (false, false, Some("INVALID_MAKEUP")));
    let again = apply(&mut e, mk);
    assert_eq!((again.accepted, again.duplicate, again.code.as_deref()), (false, true, Some("INVALID_MAKEUP")));
    // The same inside one batch.
    let share = ev(json!({"id": "y", "memberId": "zz", "at": "2026-12-03T08:00:00+08:00", "type": "share"}));
    let b = e.apply_batch(&[share.clone(), share]).unwrap();
    assert_eq!((b.results[0].duplicate, b.results[1].duplicate), (false, true));
}

// Finding 6: member(id, { asOf }) answers every figure as of that instant ----------------------

#[test]
fn finding_6_member_as_of_is_the_past_not_the_present() {
    let mut e = PointsEngine::with_default_program();
    apply(&mut e, json!({"id": "j", "memberId": "a", "at": "2026-11-30T08:00:00+08:00", "type": "join"}));
    for d in 1..=14 {
        apply(&mut e, json!({"id": format!("c{d}"), "memberId": "a", "at": format!("2026-12-{d:02}T08:00:00+08:00"),
                             "type": "check-in", "challengeId": "healthy-habit-21"}));
    }
    let now = e.member("a", &MemberOptions::default()).unwrap();
    assert_eq!(now.challenges[0].days_completed, 14);
    // Day 3 noon: three days, a three-day streak, and the balance of three check-ins.
    let day3 = e.member("a", &MemberOptions { as_of: Some("2026-12-03T12:00:00+08:00".into()) }).unwrap();
    assert_eq!((day3.challenges[0].days_completed, day3.challenges[0].current_streak), (3, 3));
    assert_eq!((day3.balance, day3.lifetime_earned), (30, 30));
    assert!(now.balance > day3.balance);
    // 07:00 of day 8 does not count that day's 08:00 check-in (the 7-day milestone was paid on day 7).
    let day8 = e.member("a", &MemberOptions { as_of: Some("2026-12-08T07:00:00+08:00".into()) }).unwrap();
    assert_eq!(day8.challenges[0].days_completed, 7);
    assert_eq!(day8.balance, 70 + 20);
    // Before the join every figure is zero; joinedAt says when the member joins.
    let before = e.member("a", &MemberOptions { as_of: Some("2026-11-29T12:00:00+08:00".into()) }).unwrap();
    assert_eq!((before.balance, before.lifetime_earned, before.challenges[0].days_completed), (0, 0, 0));
    assert_eq!(before.joined_at, "2026-11-30T08:00:00+08:00");
}

// Finding 7: state documents are checked -------------------------------------------------------

#[test]
fn finding_7_altered_documents_are_refused_and_a_host_key_proves_authenticity() {
    use health_steward::points::{reseal_state, StateOptions};
    let mut e = PointsEngine::with_default_program();
    member_with_300(&mut e, "a");
    apply(&mut e, json!({"id": "j-b", "memberId": "b", "at": "2026-11-30T08:00:00+08:00", "type": "join", "groups": {"family": "f1", "building": "b1"}}));
    apply(&mut e, json!({"id": "rd", "memberId": "a", "at": "2026-03-05T08:00:00+08:00", "type": "redeem", "rewardId": "health-gift"}));
    e.advance_to("2026-12-10T00:00:00+08:00").unwrap();
    let doc = e.export_state();
    let refused = |text: &str| {
        let err = PointsEngine::from_state(text).unwrap_err();
        assert_eq!(err.code, health_steward::ErrorCode::InvalidState, "{err:?}");
        err.field.clone().unwrap_or_default()
    };
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v: Value = serde_json::from_str(&doc).unwrap();
        f(&mut v);
        v
    };
    // Any change of a byte is corruption the checksum detects.
    assert_eq!(refused(&doc.replacen("\"b1\"", "\"b2\"", 1)), "state.seal.checksum");

    // Behind a recomputed checksum (anyone can recompute it), the log must give the summary:
    // a member moved to another building, a 100,000-point adjust added.
    let moved = edit(&|v| {
        let j = v["events"].as_array_mut().unwrap().iter_mut().find(|x| x["id"] == "j-b").unwrap();
        j["groups"]["building"] = json!("b9");
    });
    assert_eq!(refused(&reseal_state(&moved.to_string())), "state.summary");
    let adjust = edit(&|v| {
        v["events"].as_array_mut().unwrap().push(
            json!({"id": "zz", "memberId": "a", "at": "2026-12-09T08:00:00+08:00", "type": "adjust", "points": 100_000, "reason": "x"}),
        )
    });
    assert_eq!(refused(&reseal_state(&adjust.to_string())), "state.summary");
    // An event id used twice in the log (at two instants, so the log is still in order).
    let repeated = edit(&|v| {
        v["events"].as_array_mut().unwrap().push(json!({"id": "j-b", "memberId": "b", "at": "2026-12-09T08:00:00+08:00", "type": "share"}))
    });
    let last = repeated["events"].as_array().unwrap().len() - 1;
    assert_eq!(refused(&reseal_state(&repeated.to_string())), format!("state.events[{last}]"));
    // A malformed event of the log is named by its place (the path is only written for errors).
    let wrong_type = edit(&|v| v["events"][1]["type"] = json!(5));
    let err = PointsEngine::from_state(&reseal_state(&wrong_type.to_string())).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("state.events[1].type"), "{err:?}");
    let no_member = edit(&|v| {
        v["events"][2].as_object_mut().unwrap().remove("memberId");
    });
    let err = PointsEngine::from_state(&reseal_state(&no_member.to_string())).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("state.events[2].memberId"), "{err:?}");

    // A version 1 document (frozen rosters) with a member moved in a final roster.
    let v1 = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/points-state-v1.json")).unwrap();
    let old = PointsEngine::from_state(&v1).expect("version 1 still reads");
    assert!(old.export_state().contains("\"version\":2"));
    let mut v: Value = serde_json::from_str(&v1).unwrap();
    v["finalized"][0]["roster"][0]["building"] = json!("b2");
    assert_eq!(refused(&v.to_string()), "state.finalized");

    // Edits that keep the document consistent (raised stock, a new one-point reward) are what
    // a checksum and a summary cannot tell from the real thing: a host that needs to know who
    // wrote a document passes a key; then every edit is refused.
    let key = StateOptions { key: Some("00112233445566778899aabbccddeeff".into()), ..Default::default() };
    let sealed = e.export_state_with(&key).unwrap();
    assert!(PointsEngine::from_state_with(&sealed, &key).is_ok());
    let stock = edit(&|v| v["program"]["rewards"][2]["stock"] = json!(100_000));
    let cheap = edit(&|v| {
        v["program"]["rewards"].as_array_mut().unwrap().push(json!({"id": "cheap", "title": {"zh-CN": "便宜", "en": "Cheap"}, "cost": 1}))
    });
    for forged in [&stock, &cheap, &moved, &adjust] {
        let text = reseal_state(&forged.to_string());
        let err = PointsEngine::from_state_with(&text, &key).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("state.seal.hmac"));
    }
    assert!(PointsEngine::from_state(&reseal_state(&stock.to_string())).is_ok(), "a checksum proves no authorship");
    let other = StateOptions { key: Some("ffeeddccbbaa99887766554433221100".into()), ..Default::default() };
    assert_eq!(PointsEngine::from_state_with(&sealed, &other).unwrap_err().field.as_deref(), Some("state.seal.hmac"));
    // A key the host gets wrong is an error of its own.
    assert!(e.export_state_with(&StateOptions { key: Some("short".into()), ..Default::default() }).is_err());
}

// Finding 8: a plain and a challenge check-in on one day ---------------------------------------

#[test]
fn finding_8_the_program_says_whether_a_plain_and_a_challenge_check_in_both_pay() {
    let day = |e: &mut PointsEngine| {
        apply(e, json!({"id": "j", "memberId": "a", "at": "2026-11-30T08:00:00+08:00", "type": "join"}));
        let plain = apply(e, json!({"id": "p", "memberId": "a", "at": "2026-12-02T08:00:00+08:00", "type": "check-in"}));
        let ch = apply(e, json!({"id": "c", "memberId": "a", "at": "2026-12-02T09:00:00+08:00", "type": "check-in", "challengeId": "healthy-habit-21"}));
        (plain, ch)
    };
    // The default: each challenge has its own daily count (the challenge's day is credited and
    // the plain check-in pays too), as written in the program.
    let mut e = PointsEngine::with_default_program();
    assert_eq!(e.program().earning[0].cap.as_ref().unwrap().scope, Some(health_steward::points::CapScope::Challenge));
    let (plain, ch) = day(&mut e);
    assert_eq!((plain.awards[0].points, ch.awards[0].points, ch.balance), (10, 10, 20));
    // `"scope": "member"`: one daily count per member; the challenge day is still credited.
    let mut v = serde_json::to_value(health_steward::points::default_program()).unwrap();
    v["earning"][0]["cap"]["scope"] = json!("member");
    let mut e = PointsEngine::new(health_steward::read::read_value(&v, "program").unwrap()).unwrap();
    let (plain, ch) = day(&mut e);
    assert_eq!(plain.awards[0].points, 10);
    assert_eq!(ch.code.as_deref(), Some("CAP_REACHED"));
    assert_eq!(ch.balance, 10);
    assert_eq!(e.member("a", &MemberOptions::default()).unwrap().challenges[0].days_completed, 1);
}

// Finding 1 at the size of a city: an export longer than a JS string, and growth near the end of
// the Wasm memory, are errors, not traps -----------------------------------------------------------

#[test]
fn finding_1_an_export_longer_than_its_limit_is_state_too_large() {
    let mut e = PointsEngine::with_default_program();
    apply(&mut e, json!({"id": "j", "memberId": "a", "at": "2026-11-24T08:30:00+08:00", "type": "join"}));
    let doc = e.export_state();
    let opts = health_steward::points::StateOptions::default();
    assert_eq!(e.export_state_within(&opts, doc.len() + 128).unwrap(), doc);
    let err = e.export_state_within(&opts, doc.len() / 2).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (health_steward::ErrorCode::StateTooLarge, Some("state")));
    assert_eq!(err.code.as_str(), "STATE_TOO_LARGE");
    // The limit of the bindings, a JS string's length, in words.
    let big = e.export_state_within(&opts, 1).unwrap_err();
    assert!(big.message(health_steward::Locale::En).contains("over 1 MB") && big.message(health_steward::Locale::En).contains("checkpoints"));
    assert_eq!(health_steward::points::MAX_JS_STRING, (1 << 29) - 24);
}

#[test]
fn finding_1_growth_past_the_memory_limit_is_state_too_large() {
    use health_steward::points::MEMORY_LIMIT;
    assert!(PointsEngine::check_memory(MEMORY_LIMIT, MEMORY_LIMIT).is_ok());
    let err = PointsEngine::check_memory(MEMORY_LIMIT + 1, MEMORY_LIMIT).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (health_steward::ErrorCode::StateTooLarge, Some("state")));
    let en = err.message(health_steward::Locale::En);
    assert!(en.contains("about 3073 MB") && en.contains("several engines"), "{en}");
    let zh = err.message(health_steward::Locale::ZhCn);
    assert!(zh.contains("约 3073 MB") && !zh.contains("STATE"), "{zh}");
}
