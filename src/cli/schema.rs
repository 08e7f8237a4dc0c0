//! `carules schema request|response [--rules DIR]`: the JSON Schema of the request (built
//! from the rule set's facts and vocabulary) or of the response.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// `request` or `response`.
    #[arg(value_parser = ["request", "response"])]
    which: String,
    /// Rule directory or region file, interpreted; repeat to layer an overlay over a base
    /// (a later layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
}

pub fn run(a: Args) -> i32 {
    match super::load(&a.rules) {
        Ok(rs) => match carules::api::schema::schema(&rs, &a.which) {
            Some(s) => {
                println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
                0
            }
            None => 2,
        },
        Err(code) => code,
    }
}
