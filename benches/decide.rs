//! In-process benchmarks: checking the whole shipped rule set, and one decision for the
//! README's 青海 renewal (registration, 30-day window, bidding ban, fee), with the request
//! already parsed and JSON in → JSON out.

use carules::api::{Options, Rules};
use criterion::{Criterion, black_box, criterion_group, criterion_main};

const QINGHAI: &str = include_str!("qinghai-renewal.json");

fn benches(c: &mut Criterion) {
    let files = carules::rules::shipped_files();
    c.bench_function("check/whole rule set", |b| b.iter(|| carules::check::check(black_box(&files)).is_ok()));

    let Ok(rs) = carules::rules::shipped() else { return };
    let (interpreted, compiled) = (Rules::interpreted(rs), Rules::shipped());
    let Ok(json) = serde_json::from_str::<serde_json::Value>(QINGHAI) else { return };
    let Ok(req) = carules::api::request::parse(rs, &json, true) else { return };
    let Ok(creq) = carules::api::request::parse(compiled.set, &json, true) else { return };
    let mut g = c.benchmark_group("decide/qinghai renewal");
    g.bench_function("interpreter, request parsed", |b| b.iter(|| carules::engine::answer(rs, black_box(&req), interpreted.conds)));
    g.bench_function("compiled, request parsed", |b| b.iter(|| carules::engine::answer(compiled.set, black_box(&creq), compiled.conds)));
    g.bench_function("interpreter, JSON in -> JSON out", |b| b.iter(|| carules::api::decide_str(interpreted, black_box(QINGHAI), Options::default())));
    g.bench_function("compiled, JSON in -> JSON out", |b| b.iter(|| carules::host::decide(black_box(QINGHAI))));
    g.bench_function("parse request only (text, streamed)", |b| b.iter(|| carules::api::request::parse_str(compiled.set, black_box(QINGHAI), true).is_ok()));
    g.bench_function("parse request only (JSON value)", |b| b.iter(|| carules::api::request::parse(compiled.set, black_box(&json), true).is_ok()));
    g.finish();
}

criterion_group!(decide, benches);
criterion_main!(decide);
