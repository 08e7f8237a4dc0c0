//! `carules codegen [DIR] [--out FILE]`: the Rust back end. The shipped rules' output is
//! committed as `src/compiled/shipped.rs` (regenerate with `carules codegen rules --out
//! src/compiled/shipped.rs`; `tests/compiled.rs` fails when it is stale).

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory (default: the shipped rules).
    dir: Option<PathBuf>,
    /// Write here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(a: Args) -> i32 {
    let files = match super::files(a.dir.as_slice()) {
        Ok(f) => f,
        Err(d) => {
            eprintln!("{}: {}", d.file, d.message);
            return 1;
        }
    };
    let rs = match carules::check::check(&files) {
        Ok(rs) => rs,
        Err(diags) => {
            eprint!("{}", carules::diag::render(&diags, &files));
            return 1;
        }
    };
    let names = vec![format!("the {} rule files of rules/", files.len())];
    let code = match carules::codegen::generate(&rs, &names) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("code generation failed: {e}");
            return 1;
        }
    };
    match a.out {
        Some(p) => match std::fs::write(&p, code) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("cannot write `{}`: {e}", p.display());
                1
            }
        },
        None => {
            print!("{code}");
            0
        }
    }
}
