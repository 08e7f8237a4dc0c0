//! `carules sample [--seed S] [--count N]`: N seeded random valid requests of the shipped
//! rules as JSON lines, for differential tests (interpreter, compiled Rust, WASM).

#[derive(clap::Args)]
pub struct Args {
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many.
    #[arg(long, default_value_t = 1000)]
    count: usize,
}

pub fn run(a: Args) -> i32 {
    let rs = carules::compiled::rules();
    let mut rng = carules::api::sample::Rng::new(a.seed);
    for _ in 0..a.count {
        println!("{}", carules::api::sample::request(rs, &mut rng));
    }
    0
}
