//! `carules regions [--rules DIR]`: the regions of the rule set as JSON
//! (`[{code, name, aliases, parent, services}]`, GB/T 2260 codes).

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file, interpreted; repeat to layer an overlay over a base
    /// (a later layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
}

pub fn run(a: Args) -> i32 {
    match super::load(&a.rules) {
        Ok(rs) => {
            println!("{}", serde_json::to_string_pretty(&carules::api::regions(&rs)).unwrap_or_default());
            0
        }
        Err(code) => code,
    }
}
