//! Every engine gives the expected normalised answer on every shared case.

#[test]
fn every_engine_answers_every_case() {
    match carules_peers::check_all() {
        Ok(bad) => assert!(bad.is_empty(), "engines disagree with cases.json:\n{}", bad.join("\n")),
        Err(e) => panic!("{e}"),
    }
}
