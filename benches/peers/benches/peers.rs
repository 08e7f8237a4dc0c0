//! Criterion: one decision of the timed request (the shipped 青海 renewal during an open
//! bidding), JSON text in → normalised JSON text out, per engine; plus carules's full answer
//! of the shipped rules. Aborts unless every engine first answers every case as expected.
//! Benchmark ids are the engine keys (`peers/hand`, …), read back by the `report` binary.

use carules_peers::{KEYS, QINGHAI};
use criterion::{Criterion, black_box, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    match carules_peers::check_all() {
        Ok(bad) if bad.is_empty() => {}
        Ok(bad) => {
            eprintln!("equivalence FAILED, not timing:\n{}", bad.join("\n"));
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("equivalence check could not run: {e}");
            std::process::exit(1);
        }
    }
    let mut g = c.benchmark_group("peers");
    for key in KEYS {
        let mut e = carules_peers::engine(key).expect("the engines load (checked above)");
        g.bench_function(key, |b| b.iter(|| e.decide(black_box(QINGHAI))));
    }
    g.finish();
}

criterion_group!(peers, benches);
criterion_main!(peers);
