//! `carules lsp`: the language server on standard input and output (docs/editors.md). An
//! editor starts it; it is not meant to be run by hand.

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for clients that pass it (VS Code's language client does); standard input
    /// and output are the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(_a: Args) -> i32 {
    match carules::lsp::run() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("carules lsp: {e}");
            1
        }
    }
}
