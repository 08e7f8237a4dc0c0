//! `loop ENGINE N`: N decisions of the timed request by one engine, for callgrind.
//! ENGINE is a key of `carules_peers::KEYS` (hand, carules, carules-full, regorus, regorus-vm,
//! cedar, zen).

use carules_peers::QINGHAI;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(key), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: loop ENGINE N   (ENGINE: {})", carules_peers::KEYS.join(", "));
        std::process::exit(2);
    };
    let mut e = match carules_peers::engine(key) {
        Ok(e) => e,
        Err(m) => {
            eprintln!("{m}");
            std::process::exit(1);
        }
    };
    // One decision outside the count, in the N = 0 run too, so lazy start-up work cancels out.
    if let Err(m) = e.decide(QINGHAI) {
        eprintln!("{}: {m}", e.name());
        std::process::exit(1);
    }
    for _ in 0..n {
        black_box(e.decide(black_box(QINGHAI)).ok());
    }
}
