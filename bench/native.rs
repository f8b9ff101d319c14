//! The native side of `make bench` (bench/run.sh): the pure-Rust core in release mode
//! (`[profile.bench]`: opt-level 3, LTO), one process. Stable Rust: `harness = false`, no
//! `#[bench]`. Writes JSON (`--out <file>`, default stdout) that bench/report.mjs puts side by
//! side with the Node figures.
//!
//!     cargo bench --bench native -- --out bench/native.json [--quick]
//!
//! The workloads are those of bench/node.mjs: the same adult profile (bench/fixtures), the same
//! pseudo-random China-PAR columns (mulberry32, seed 8) and the same points events.

#![allow(dead_code)] // sections wait for engines still landing

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use health_steward::risk::{assess_risk, AssessOptions, Profile};

const PROFILE: &str = include_str!("fixtures/adult-profile.json");

// ---------------------------------------------------------------------------------------------
// Timing

/// Per-call time in nanoseconds: warm up, calibrate a batch to `sample` long, then the median
/// and the fastest of `samples` batches (the fastest is what a shared machine disturbs least).
fn per_call_ns(quick: bool, mut f: impl FnMut()) -> (f64, f64) {
    let (warm, sample, samples) =
        if quick { (Duration::from_millis(100), Duration::from_millis(20), 3) } else { (Duration::from_millis(150), Duration::from_millis(100), 7) };
    let start = Instant::now();
    let mut iters: u64 = 0;
    while start.elapsed() < warm || iters == 0 {
        f();
        iters += 1;
    }
    let per = start.elapsed().as_secs_f64() / iters as f64;
    let batch = ((sample.as_secs_f64() / per).ceil() as u64).max(1);
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            t.elapsed().as_secs_f64() * 1e9 / batch as f64
        })
        .collect();
    let min = times.iter().copied().fold(f64::INFINITY, f64::min);
    (median(&mut times), min)
}

/// Per-call figures as JSON: median (and fastest) µs, calls per second.
fn per_call(quick: bool, note: String, f: impl FnMut()) -> Value {
    let (ns, min) = per_call_ns(quick, f);
    json!({ "available": true, "perCallUs": ns / 1e3, "minUs": min / 1e3, "perSec": 1e9 / ns, "note": note })
}

/// Wall time of one run of `f` in milliseconds, median of `runs`.
fn once_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    median(&mut times)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The generator shared with bench/node.mjs (mulberry32), so both sides see the same data.
pub struct Rng(u32);

impl Rng {
    pub fn new(seed: u32) -> Rng {
        Rng(seed)
    }
    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let a = self.0;
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = (t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t))) ^ t;
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
}

fn unavailable(what: &str) -> Value {
    json!({ "available": false, "note": format!("not available yet ({what} not on this branch)") })
}

// ---------------------------------------------------------------------------------------------
// Benches

fn bench_assess_risk(quick: bool) -> Value {
    let profile: Profile = health_steward::read::read(PROFILE, "profile").expect("fixture profile");
    let options = AssessOptions::default();
    let report = assess_risk(&profile, &options).expect("fixture profile is valid");
    let note = format!("{} results, {} skipped", report.results.len(), report.skipped.len());
    per_call(quick, note, || {
        black_box(assess_risk(black_box(&profile), black_box(&options)).ok());
    })
}

fn bench_care_plan(quick: bool) -> (Value, Value) {
    use health_steward::plan::{care_plan_to_fhir, generate_care_plan, FhirOptions, PlanOptions};
    let profile: Profile = health_steward::read::read(PROFILE, "profile").expect("fixture profile");
    let options = PlanOptions::new("2026-11-24");
    let plan = generate_care_plan(&profile, &options).expect("plan of the fixture profile");
    let note = format!("{} activities", plan.activities.len());
    let plan_figures = per_call(quick, note, || {
        black_box(generate_care_plan(black_box(&profile), black_box(&options)).ok());
    });
    let fhir_options = FhirOptions { patient_reference: Some("Patient/bench".into()) };
    let bundle = care_plan_to_fhir(&plan, &fhir_options).expect("FHIR bundle");
    let entries = bundle.get("entry").and_then(Value::as_array).map_or(0, Vec::len);
    let fhir_figures = per_call(quick, format!("{entries} entries"), || {
        black_box(care_plan_to_fhir(black_box(&plan), black_box(&fhir_options)).ok());
    });
    (plan_figures, fhir_figures)
}

// ---------------------------------------------------------------------------------------------
// Points (the workload of `pointsEvent` in bench/common.mjs)

const POINTS_MEMBERS: usize = 10_000;
const POINTS_CHUNK: usize = 10_000;

mod points_workload {
    use health_steward::calendar::{add_days, format_date, parse_date};
    use health_steward::points::{EventType, Groups, PointsEvent};

    use super::POINTS_MEMBERS;

    /// `startDate` + days, at `seconds` after local midnight, in +08:00.
    fn instant_at(start: &str, days: i64, seconds: usize) -> String {
        let d = add_days(parse_date("startDate", start).expect("start date"), days).expect("date in range");
        let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        format!("{}T{h:02}:{m:02}:{s:02}+08:00", format_date(d))
    }

    /// Event `k`: joins first (families of 3, buildings of 100, every tenth referred by the
    /// previous member), then per day and member a check-in and two shares (an activity instead
    /// of the second share every seventh day).
    pub fn event(k: usize, start: &str, challenge: &str) -> PointsEvent {
        let m = POINTS_MEMBERS;
        if k < m {
            let mut e = PointsEvent::new(&format!("e{k}"), &format!("m{k}"), &instant_at(start, -1, 7 * 3600 + k / 2), EventType::Join);
            e.groups = Some(Groups { family: Some(format!("f{}", k / 3)), building: Some(format!("b{}", k / 100)) });
            if k % 10 == 9 {
                e.referrer_id = Some(format!("m{}", k - 1));
            }
            return e;
        }
        let j = k - m;
        let (day, within) = (j / (3 * m), j % (3 * m));
        let (member, slot) = (within / 3, within % 3);
        let kind = match slot {
            0 => EventType::CheckIn,
            2 if (day + member) % 7 == 0 => EventType::Activity,
            _ => EventType::Share,
        };
        let at = instant_at(start, day as i64, 7 * 3600 + within);
        let mut e = PointsEvent::new(&format!("e{k}"), &format!("m{member}"), &at, kind);
        if kind == EventType::CheckIn {
            e.challenge_id = Some(challenge.to_string());
        }
        e
    }
}

fn bench_points(quick: bool) -> (Value, Value) {
    use health_steward::points::{default_program, PointsEngine};
    let n = if quick { 100_000 } else { 1_000_000 };
    let program = default_program();
    let (start, challenge) = match program.challenges.first() {
        Some(c) => (c.start_date.clone(), c.id.clone()),
        None => ("2026-12-01".to_string(), "challenge".to_string()),
    };
    let mut engine = PointsEngine::with_default_program();
    let mut secs = 0.0;
    let mut accepted = 0usize;
    let mut k = 0;
    while k < n {
        let len = POINTS_CHUNK.min(n - k);
        let events: Vec<_> = (k..k + len).map(|i| points_workload::event(i, &start, &challenge)).collect();
        let t = Instant::now();
        for e in &events {
            if engine.apply(black_box(e)).map(|r| r.accepted).unwrap_or(false) {
                accepted += 1;
            }
        }
        secs += t.elapsed().as_secs_f64();
        k += len;
    }
    let apply = json!({
        "available": true,
        "events": n,
        "ms": secs * 1e3,
        "perSec": n as f64 / secs,
        "perCallUs": secs * 1e6 / n as f64,
        "note": format!("{accepted} accepted"),
    });
    let runs = if quick { 1 } else { 3 };
    let mut json_len = 0;
    let export_ms = once_ms(runs, || {
        let s = engine.export_state();
        json_len = s.len();
        black_box(s);
    });
    let state = engine.export_state();
    let from_ms = once_ms(runs, || {
        black_box(PointsEngine::from_state(black_box(&state)).ok());
    });
    let restored = PointsEngine::from_state(&state).map(|e| e.export_state() == state).unwrap_or(false);
    let state_figures = json!({
        "available": true,
        "members": POINTS_MEMBERS,
        "events": n,
        "exportMs": export_ms,
        "fromStateMs": from_ms,
        "stateBytes": json_len,
        "note": if restored { "fromState(exportState()) round-trips" } else { "ROUND TRIP DIFFERS" },
    });
    (apply, state_figures)
}

/// The China-PAR columns of `chinaParColumns` in bench/common.mjs (same draws, same order).
struct Columns {
    male: Vec<u8>,
    age: Vec<f64>,
    sbp: Vec<f64>,
    treated: Vec<u8>,
    tc: Vec<f64>,
    hdl: Vec<f64>,
    waist: Vec<f64>,
    smoker: Vec<u8>,
    diabetes: Vec<u8>,
    north: Vec<u8>,
    urban: Vec<u8>,
    fh: Vec<u8>,
}

fn china_par_columns(n: usize, seed: u32) -> Columns {
    let mut r = Rng::new(seed);
    let mut c = Columns {
        male: Vec::with_capacity(n),
        age: Vec::with_capacity(n),
        sbp: Vec::with_capacity(n),
        treated: Vec::with_capacity(n),
        tc: Vec::with_capacity(n),
        hdl: Vec::with_capacity(n),
        waist: Vec::with_capacity(n),
        smoker: Vec::with_capacity(n),
        diabetes: Vec::with_capacity(n),
        north: Vec::with_capacity(n),
        urban: Vec::with_capacity(n),
        fh: Vec::with_capacity(n),
    };
    let flag = |r: &mut Rng, p: f64| u8::from(r.uniform() < p);
    for _ in 0..n {
        c.male.push(flag(&mut r, 0.5));
        c.age.push(20.0 + (r.uniform() * 66.0).floor());
        c.sbp.push(90.0 + (r.uniform() * 101.0).floor());
        c.treated.push(flag(&mut r, 0.3));
        c.tc.push(((3.0 + r.uniform() * 5.0) * 100.0).round() / 100.0);
        c.hdl.push(((0.8 + r.uniform() * 1.4) * 100.0).round() / 100.0);
        c.waist.push(60.0 + (r.uniform() * 51.0).floor());
        c.smoker.push(flag(&mut r, 0.25));
        c.diabetes.push(flag(&mut r, 0.1));
        c.north.push(flag(&mut r, 0.5));
        c.urban.push(flag(&mut r, 0.6));
        c.fh.push(flag(&mut r, 0.1));
    }
    c
}

fn bench_china_par(quick: bool) -> Value {
    use health_steward::risk::batch::{china_par_batch, ChinaParColumns};
    let n = if quick { 100_000 } else { 1_000_000 };
    let c = china_par_columns(n, 8);
    let cols = ChinaParColumns {
        male: &c.male,
        age: &c.age,
        sbp: &c.sbp,
        on_antihypertensives: &c.treated,
        total_cholesterol: &c.tc,
        hdl_cholesterol: &c.hdl,
        waist_cm: &c.waist,
        smoker: &c.smoker,
        diabetes: &c.diabetes,
        north: &c.north,
        urban: &c.urban,
        family_history_ascvd: &c.fh,
    };
    let mut sum = 0.0;
    let ms = once_ms(if quick { 3 } else { 7 }, || {
        let risks = china_par_batch(black_box(&cols)).expect("valid columns");
        sum = risks.iter().sum::<f64>();
    });
    json!({
        "available": true,
        "rows": n,
        "ms": ms,
        "rowsPerSec": n as f64 / ms * 1e3,
        "note": format!("mean risk {:.4}%", sum / n as f64),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let out = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1)).cloned();

    let mut results = Map::new();
    let mut run = |name: &str, f: &dyn Fn() -> Value| {
        eprintln!("native: {name}…");
        let t = Instant::now();
        let mut v = f();
        if let Value::Object(o) = &mut v {
            o.insert("benchSeconds".into(), json!(t.elapsed().as_secs_f64()));
        }
        results.insert(name.to_string(), v);
    };
    run("assessRisk", &|| bench_assess_risk(quick));
    run("chinaParBatch", &|| bench_china_par(quick));
    eprintln!("native: generateCarePlan, carePlanToFhir…");
    let (plan, fhir) = bench_care_plan(quick);
    results.insert("generateCarePlan".into(), plan);
    results.insert("carePlanToFhir".into(), fhir);
    eprintln!("native: points…");
    let t = Instant::now();
    let (apply, state) = bench_points(quick);
    eprintln!("native: points took {:.1}s", t.elapsed().as_secs_f64());
    results.insert("points.apply".into(), apply);
    results.insert("points.state".into(), state);

    let doc = json!({
        "side": "native",
        "target": format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
        "version": health_steward::version(),
        "quick": quick,
        "results": Value::Object(results),
    });
    let text = serde_json::to_string_pretty(&doc).expect("json");
    match out {
        Some(path) => std::fs::write(&path, text + "\n").expect("write --out file"),
        None => println!("{text}"),
    }
}
