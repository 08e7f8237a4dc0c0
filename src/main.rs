//! The `carules` command line: `decide`, `documents`, `check`, `test`, `regions`, `batch`,
//! `serve`, ….
//! Exit codes: 0 success; 1 broken rule files or failing tests; 2 a bad request (and, as for
//! any Unix tool, death by SIGPIPE when the reader of its output goes away).

mod cli;

fn main() {
    restore_sigpipe();
    std::process::exit(cli::main());
}

/// Rust ignores SIGPIPE, so printing into a pipe the reader has closed (`carules regions |
/// head`) would panic in `println!`. Restore the default action, as other Unix tools have it:
/// the process ends quietly when its reader goes away.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; resetting a signal's
    // disposition to its default has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
