//! The `carules` command runs and names its version. Besides checking that, this test is why
//! `cargo test` at the top of the workspace builds the command itself (not only its unit-test
//! harness): an integration test of this package needs `CARGO_BIN_EXE_carules`, so Cargo
//! builds `target/<profile>/carules` before any test runs, and the library's integration tests
//! (tests/*.rs at the top, which run the command) find it there.

#[test]
fn the_command_runs_and_names_its_version() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carules")).arg("--version").output();
    let Ok(out) = out else { return assert!(out.is_ok(), "cannot run carules: {out:?}") };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.starts_with(&format!("carules {}", env!("CARGO_PKG_VERSION"))), "{text}");
}
