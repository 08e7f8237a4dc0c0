//! In-process benchmarks: checking the whole shipped rule set, and one decision for the
//! README's 青海 renewal (registration, 30-day window, bidding ban, fee), with the request
//! already parsed and JSON in → JSON out.

use criterion::{Criterion, black_box, criterion_group, criterion_main};

const QINGHAI: &str = include_str!("qinghai-renewal.json");

fn benches(c: &mut Criterion) {
    let files = carules::rules::shipped_files();
    c.bench_function("check/whole rule set", |b| b.iter(|| carules::check::check(black_box(&files)).is_ok()));

    let Ok(rs) = carules::rules::shipped() else { return };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(QINGHAI) else { return };
    let Ok(req) = carules::api::request::parse(rs, &json, true) else { return };
    let (crs, conds) = carules::api::compiled();
    let Ok(creq) = carules::api::request::parse(crs, &json, true) else { return };
    let mut g = c.benchmark_group("decide/qinghai renewal");
    g.bench_function("interpreter, request parsed", |b| b.iter(|| carules::engine::decide(rs, black_box(&req))));
    g.bench_function("compiled, request parsed", |b| b.iter(|| carules::engine::decide_with(crs, black_box(&creq), conds)));
    g.bench_function("interpreter, JSON in -> JSON out", |b| b.iter(|| carules::api::decide_string(rs, &carules::engine::Interpreter, black_box(QINGHAI)).0));
    g.bench_function("compiled, JSON in -> JSON out", |b| b.iter(|| carules::api::host::decide(black_box(QINGHAI))));
    g.bench_function("parse request only", |b| {
        b.iter(|| carules::api::request::parse(crs, &serde_json::from_str(black_box(QINGHAI)).unwrap_or_default(), true).is_ok())
    });
    g.finish();
}

criterion_group!(decide, benches);
criterion_main!(decide);
