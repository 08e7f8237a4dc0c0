//! The WebAssembly module gets an 8 MiB stack (the linker's default is 1 MiB): the checker
//! and the parser recurse over the nesting of a rule file, which the parser bounds
//! (`syntax::depth`, 100 levels) with the stack of a native main thread in mind.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=8388608");
    }
}
