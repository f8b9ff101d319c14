//! Throughput measurements (ignored by default):
//! `cargo test --profile bench --test points_perf -- --ignored --nocapture`.

use std::time::Instant as Clock;

use health_steward::points::{EventType, PointsEngine, PointsEvent};

/// `n` events over 1,000 members and the default 21-day challenge, in timestamp order.
fn stream(n: usize) -> Vec<PointsEvent> {
    let members = 1000;
    let mut out = Vec::with_capacity(n);
    for m in 0..members.min(n) {
        let mut e = PointsEvent::new(&format!("j{m}"), &format!("m{m:04}"), "2026-11-20T08:00:00+08:00", EventType::Join);
        e.groups = Some(health_steward::points::Groups { family: Some(format!("f{}", m / 3)), building: Some(format!("b{}", m / 50)) });
        out.push(e);
    }
    let mut i = 0usize;
    let start = health_steward::calendar::Instant::parse("t", "2026-12-01T00:00:00+08:00").unwrap().utc_ms;
    let span = 21 * 86_400_000i64;
    while out.len() < n {
        let t = start + (i as i64 * span) / (n as i64);
        let at = health_steward::calendar::Instant { utc_ms: t, offset: health_steward::calendar::Offset(480) }.format();
        let m = format!("m{:04}", (i * 7919) % members);
        let kind = match i % 10 {
            0..=4 => EventType::CheckIn,
            5 | 6 => EventType::Share,
            7 => EventType::Activity,
            8 => EventType::FollowUp,
            _ => EventType::Redeem,
        };
        let mut e = PointsEvent::new(&format!("e{i}"), &m, &at, kind);
        match kind {
            EventType::CheckIn => e.challenge_id = Some("healthy-habit-21".into()),
            EventType::Redeem => e.reward_id = Some("health-gift".into()),
            _ => {}
        }
        out.push(e);
        i += 1;
    }
    out
}

#[test]
#[ignore]
fn throughput() {
    for n in [100_000usize, 1_000_000] {
        let events = stream(n);
        let mut e = PointsEngine::with_default_program();
        let t = Clock::now();
        for ev in &events {
            e.apply(ev).unwrap();
        }
        let dt = t.elapsed().as_secs_f64();
        println!("apply in order: {n} events in {dt:.3}s = {:.0} events/s", n as f64 / dt);

        let mut b = PointsEngine::with_default_program();
        let t = Clock::now();
        b.apply_batch(&events).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("applyBatch in order: {n} events in {dt:.3}s = {:.0} events/s", n as f64 / dt);

        // One late event of one member: a member-local replay.
        let mut late = events[events.len() / 2].clone();
        late.id = "late".into();
        let t = Clock::now();
        b.apply(&late).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("late check-in (member-local replay): {:.3} ms", dt * 1e3);
        let mut late2 = events[events.len() / 3].clone();
        late2.id = "late2".into();
        let t = Clock::now();
        b.apply(&late2).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("another late check-in (member-local replay): {:.3} ms {:?}", dt * 1e3, b.replay_counts());
        // A late join: the newcomer (and a referrer it names) replayed, not the log.
        let mut join = events[0].clone();
        join.id = "late-join".into();
        join.member_id = "newcomer".into();
        let t = Clock::now();
        b.apply(&join).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("late join: {:.3} ms; replays (full, member) {:?}", dt * 1e3, b.replay_counts());
        // Shuffled, one at a time (10,000 events).
        let mut shuffled: Vec<PointsEvent> = events[1000..11_000].to_vec();
        let k = shuffled.len();
        for i in 0..k {
            shuffled.swap(i, (i * 7919 + 13) % k);
        }
        let mut s1 = PointsEngine::with_default_program();
        s1.apply_batch(&events[..1000]).unwrap();
        let t = Clock::now();
        for ev in &shuffled {
            s1.apply(ev).unwrap();
        }
        let dt = t.elapsed().as_secs_f64();
        println!("10,000 shuffled single applies: {dt:.3}s; replays {:?}", s1.replay_counts());

        let mut rev = events.clone();
        rev.reverse();
        let mut c = PointsEngine::with_default_program();
        let t = Clock::now();
        c.apply_batch(&rev).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("applyBatch reversed: {n} events in {dt:.3}s");
        assert_eq!(c.export_state(), e.export_state());
        let t = Clock::now();
        let s = e.export_state();
        let d1 = t.elapsed().as_secs_f64();
        let t = Clock::now();
        let back = PointsEngine::from_state(&s).unwrap();
        let d2 = t.elapsed().as_secs_f64();
        println!("export {:.1} MB in {d1:.3}s, import in {d2:.3}s", s.len() as f64 / 1e6);
        assert_eq!(back.event_count(), e.event_count());
        println!("held {} of {n} events ({} bytes each in memory)", e.event_count(), e.stats().bytes / e.event_count() as u64);
    }
}
