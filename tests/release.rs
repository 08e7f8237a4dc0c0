//! What ships beside the binary (docs/release.md): `carules probe`, the container image's
//! health check (the image has no shell or curl), against a real server; the Dockerfile and
//! the Kubernetes manifest agree with the code (version, command, probes, port); the release
//! scripts are valid POSIX shell / bash. The static binary itself, the tarball and the
//! installer are tested by `release/test.sh` on a release directory (`.ci/run`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod serve_support;

use serve_support::Server;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `carules probe ARGS…`: exit code and standard error.
fn probe(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("carules")).arg("probe").args(args).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn probe_exits_0_on_a_healthy_server_and_1_otherwise() {
    let mut server = Server::start(&["--decision-log", "off"]);
    let (code, err) = probe(&[&format!("{}/healthz", server.base)]);
    assert_eq!(code, Some(0), "probe of /healthz: {err}");
    assert_eq!(probe(&[&format!("{}/readyz", server.base)]).0, Some(0));
    // Another status than 2xx: named on standard error.
    let (code, err) = probe(&[&format!("{}/no-such-endpoint", server.base)]);
    assert_eq!(code, Some(1));
    assert!(err.contains("answered 404"), "{err}");
    // Once shutdown has begun, or the server is gone: 1.
    server.signal("TERM");
    assert_eq!(server.wait(), Some(0));
    let (code, err) = probe(&["--timeout-ms", "2000", &format!("{}/healthz", server.base)]);
    assert_eq!(code, Some(1));
    assert!(err.contains("carules probe:"), "{err}");
}

#[test]
fn probe_refuses_what_it_cannot_probe() {
    for (url, says) in [("https://127.0.0.1:1/healthz", "only http://"), ("http:///healthz", "no host"), ("http://127.0.0.1:99999/", "")] {
        let (code, err) = probe(&["--timeout-ms", "500", url]);
        assert_eq!(code, Some(1), "{url}: {err}");
        assert!(err.contains(says), "{url}: {err}");
    }
}

/// The value of `ARG NAME=…` in the Dockerfile.
fn dockerfile_arg(dockerfile: &str, name: &str) -> String {
    let prefix = format!("ARG {name}=");
    dockerfile.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap_or_else(|| panic!("Dockerfile: no ARG {name}=")).trim().to_string()
}

#[test]
fn the_dockerfile_ships_this_version_non_root_with_a_health_check() {
    let dockerfile = read("Dockerfile");
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(dockerfile_arg(&dockerfile, "VERSION"), version, "Dockerfile's ARG VERSION is Cargo.toml's version");
    assert!(dockerfile.contains("org.opencontainers.image.version=\"${VERSION}\""));
    assert!(dockerfile.contains("org.opencontainers.image.revision=\"${REVISION}\""));
    // The image runs as a numeric non-root user, serves on all interfaces, and probes itself.
    let user = dockerfile.lines().rev().find_map(|l| l.strip_prefix("USER ")).expect("a USER line");
    assert!(!user.starts_with("0") && !user.starts_with("root"), "USER {user}");
    assert!(dockerfile.contains(r#"CMD ["serve", "--listen", "0.0.0.0:8080"]"#));
    assert!(dockerfile.contains(r#"CMD ["/usr/local/bin/carules", "probe", "http://127.0.0.1:8080/healthz"]"#));
    // The last stage is the empty base: nothing but the binary.
    let last_from = dockerfile.lines().rev().find(|l| l.starts_with("FROM ")).unwrap();
    assert_eq!(last_from, "FROM scratch");
    // The build stages build the profile the prebuilt stage packs, and .dockerignore lets it in.
    let prebuilt = dockerfile_arg(&dockerfile, "PREBUILT");
    assert!(dockerfile.contains("--profile dist --target x86_64-unknown-linux-musl"));
    assert_eq!(prebuilt, "target/x86_64-unknown-linux-musl/dist/carules");
    assert!(read(".dockerignore").lines().any(|l| l == format!("!{prebuilt}")));
}

#[test]
fn the_kubernetes_manifest_runs_the_image_as_the_dockerfile_does() {
    let manifest = read("deploy/kubernetes.yaml");
    let version = env!("CARGO_PKG_VERSION");
    assert!(manifest.contains(&format!("image: carules:{version}")), "deploy/kubernetes.yaml names the image carules:{version}");
    assert!(manifest.contains("containerPort: 8080"));
    assert!(manifest.contains("runAsUser: 65532") && read("Dockerfile").contains("USER 65532:65532"));
    for path in ["/readyz", "/healthz"] {
        assert!(manifest.contains(&format!("path: {path}")), "a probe on {path}");
    }
    // The pod is killed only after the server's drain (--grace-ms) could end.
    let grace_ms: u64 = manifest.split("\"--grace-ms\", \"").nth(1).and_then(|r| r.split('"').next()).and_then(|v| v.parse().ok()).expect("--grace-ms in args");
    let period: u64 = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("terminationGracePeriodSeconds: "))
        .and_then(|v| v.parse().ok())
        .expect("terminationGracePeriodSeconds");
    assert!(period * 1000 > grace_ms, "terminationGracePeriodSeconds {period} s must exceed --grace-ms {grace_ms}");
}

#[test]
fn the_release_scripts_parse() {
    // install.sh runs on machines without bash: POSIX sh (dash on Debian) must read it.
    for (shell, script) in
        [("sh", "release/install.sh"), ("bash", "release/build.sh"), ("bash", "release/test.sh"), ("bash", "release/image.sh"), ("bash", "deploy/validate.sh")]
    {
        let out = Command::new(shell).args(["-n", script]).current_dir(root()).output().unwrap();
        assert!(out.status.success(), "{shell} -n {script}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
