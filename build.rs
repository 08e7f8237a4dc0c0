// The shipped rule set is embedded in the binary (include_dir); rebuild when it changes.
fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=grammar");
}
