//! `carules regions [--rules DIR]`: the regions of the rule set as JSON
//! (`[{code, name, aliases, parent, services}]`, GB/T 2260 codes).

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory (default: the shipped rules).
    #[arg(long)]
    rules: Option<PathBuf>,
}

pub fn run(a: Args) -> i32 {
    match super::load(a.rules.as_deref()) {
        Ok(rs) => {
            println!("{}", serde_json::to_string_pretty(&carules::api::regions(&rs)).unwrap_or_default());
            0
        }
        Err(code) => code,
    }
}
