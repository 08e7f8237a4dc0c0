//! The `carules` command line: `decide`, `documents`, `check`, `test`, `regions`.
//! Exit codes: 0 success; 1 broken rule files or failing tests; 2 a bad request.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
