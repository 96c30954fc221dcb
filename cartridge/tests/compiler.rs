//! Rust source compilation: real cargo errors come back verbatim and truncated; a cargo that
//! hangs is killed with its whole process group at the deadline; the build runs sandboxed
//! (no data dir, cleared environment, no network, rlimits) and source is refused without the
//! sandbox; source cannot embed the node's secrets.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use x402_cartridge::{AdminError, CompileError, DeploySource};

#[tokio::test]
async fn compile_errors_are_verbatim_and_truncated_to_8_kib() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = common::open(dir.path());
    let mut source = String::from("#![no_std]\n");
    for i in 0..200 {
        source.push_str(&format!("pub fn f{i}() -> u32 {{ undefined_value_{i} }}\n"));
    }
    let err = svc
        .deploy("broken", DeploySource::Rust(source), None)
        .await
        .unwrap_err();
    let AdminError::Compile(CompileError::Failed(text)) = &err else {
        panic!("expected a compile failure, got {err}");
    };
    assert!(
        text.contains("error[E0425]: cannot find value `undefined_value_0`"),
        "{text}"
    );
    assert!(text.ends_with("(truncated)"), "200 errors exceed 8 KiB");
    assert!(text.len() <= 8 * 1024 + 32);
    assert_eq!(err.http_status(), 400);
    assert!(svc.info("broken").is_none(), "nothing deployed");
}

/// Writes an executable shell script standing in for cargo into the build dir (the only
/// part of the data dir the sandbox shows), and returns its path.
fn fake_cargo(data_dir: &Path, script: &str) -> PathBuf {
    let build = data_dir.join("cartridges/build");
    std::fs::create_dir_all(&build).expect("create the fake toolchain dir");
    let path = build.join("fake-cargo");
    std::fs::write(&path, format!("#!/bin/sh\n{script}")).expect("write the fake cargo script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .expect("make the fake cargo executable");
    path
}

/// Processes whose command line contains `marker`.
fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("read /proc").flatten() {
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let zombie = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z');
        if cmdline.contains(marker) && !zombie {
            found.push(cmdline);
        }
    }
    found
}

#[tokio::test]
async fn a_hanging_build_is_killed_with_its_process_group() {
    let dir = tempfile::tempdir().unwrap();
    // Stands in for cargo: starts a grandchild (like rustc) and never finishes. The sleep's
    // argument marks it as this test's.
    let marker = format!("1000.{}", std::process::id());
    let script = fake_cargo(dir.path(), &format!("sleep {marker} &\nwait\n"));
    let (_db, svc) = common::open_with(dir.path(), |c| {
        c.cargo(&script).compile_timeout(Duration::from_secs(1))
    });
    let started = Instant::now();
    let err = svc
        .deploy("slow", DeploySource::Rust("#![no_std]".into()), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AdminError::Compile(CompileError::Timeout(_))),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // The grandchild is gone (or a zombie awaiting its reaper), not still running.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let left = processes_with(&marker);
        if left.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "still running: {left:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A variable of the node's environment that no build may see.
const SECRET_VAR: &str = "X402_TEST_BUILD_SECRET";
const SECRET: &str = "do-not-leak-7f3a9c";

fn set_secret_env() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: std serialises its own environment accesses (set_var against Command::spawn's
    // reads); no C code of this test binary reads the environment concurrently.
    ONCE.call_once(|| unsafe { std::env::set_var(SECRET_VAR, SECRET) });
}

/// A data dir holding the node's secrets, as a node lays them out.
fn data_dir_with_secrets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a temp dir");
    std::fs::write(dir.path().join("node.key"), SECRET).expect("write node.key");
    std::fs::write(dir.path().join("admin.token"), SECRET).expect("write admin.token");
    std::fs::create_dir_all(dir.path().join("keystore")).expect("create keystore/");
    std::fs::write(dir.path().join("keystore/wallet.json"), SECRET)
        .expect("write keystore/wallet.json");
    dir
}

#[tokio::test]
async fn the_build_runs_jailed_with_a_cleared_environment_and_rlimits() {
    set_secret_env();
    let dir = data_dir_with_secrets();
    let data = dir.path().canonicalize().unwrap();
    // Reports what a build can see into its working dir (the crate, inside the build dir).
    let script = fake_cargo(
        &data,
        &format!(
            "exec > jail.txt 2>&1\n\
             echo ENV; env\n\
             echo DATA; ls -A {data}\n\
             echo KEY; cat {data}/node.key {data}/admin.token {data}/keystore/wallet.json\n\
             echo LIMITS; ulimit -v; ulimit -c; ulimit -f\n\
             echo NET; cat /proc/net/dev\n\
             echo PROCS; ls /proc | grep -c '^[0-9]'\n\
             exit 3\n",
            data = data.display()
        ),
    );
    let (_db, svc) = common::open_with(&data, |c| c.cargo(&script));
    let err = svc
        .deploy("spy", DeploySource::Rust("#![no_std]".into()), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AdminError::Compile(CompileError::Failed(_))),
        "{err}"
    );
    let report = std::fs::read_to_string(data.join("cartridges/build/spy/jail.txt")).unwrap();
    let section = |name: &str| {
        report
            .split(&format!("{name}\n"))
            .nth(1)
            .unwrap()
            .split('\n')
            .take_while(|l| !["ENV", "DATA", "KEY", "LIMITS", "NET", "PROCS"].contains(l))
            .collect::<Vec<_>>()
    };
    assert!(
        !report.contains(SECRET),
        "a secret leaked into the build:\n{report}"
    );
    assert!(
        !section("ENV").iter().any(|l| l.starts_with(SECRET_VAR)),
        "{report}"
    );
    assert_eq!(
        section("DATA"),
        ["cartridges"],
        "only the build dir is visible:\n{report}"
    );
    assert!(
        section("KEY").iter().all(|l| l.contains("No such file")),
        "{report}"
    );
    assert_eq!(
        section("LIMITS"),
        [
            (4u64 << 30 >> 10).to_string().as_str(),
            "0",
            (1u64 << 30 >> 9).to_string().as_str()
        ],
        "address space (KiB), core dumps, file size (512-byte blocks):\n{report}"
    );
    let interfaces: Vec<_> = section("NET")
        .into_iter()
        .filter(|l| l.contains(':'))
        .collect();
    assert_eq!(interfaces.len(), 1, "loopback only: {interfaces:?}");
    assert!(
        interfaces[0].trim_start().starts_with("lo:"),
        "{interfaces:?}"
    );
    let procs: u32 = section("PROCS")[0].trim().parse().unwrap();
    assert!(procs < 10, "own PID namespace: {procs} processes visible");
}

#[tokio::test]
async fn without_the_sandbox_source_is_refused_and_cargo_never_runs() {
    let dir = tempfile::tempdir().unwrap();
    let ran = dir.path().join("cartridges/build/cargo-ran");
    let script = fake_cargo(dir.path(), &format!("touch {}\n", ran.display()));
    let (_db, svc) =
        common::open_with(dir.path(), |c| c.cargo(&script).bwrap("/nonexistent/bwrap"));
    let err = svc
        .deploy("x", DeploySource::Rust("#![no_std]".into()), None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AdminError::Compile(CompileError::NoSandbox(p)) if p == Path::new("/nonexistent/bwrap")),
        "{err}"
    );
    assert!(
        err.to_string().contains("never compiled unsandboxed"),
        "{err}"
    );
    assert_eq!(err.http_status(), 503);
    assert!(!ran.exists(), "cargo ran without the sandbox");
    assert!(svc.info("x").is_none());
    // Uploading a compiled module still works.
    svc.deploy("x", common::wasm(&common::constant("ok", 200)), None)
        .await
        .unwrap();
}

#[tokio::test]
async fn source_cannot_embed_the_nodes_secrets() {
    set_secret_env();
    let dir = data_dir_with_secrets();
    let data = dir.path().canonicalize().unwrap();
    let (_db, svc) = common::open(&data);
    let file = |name: &str| format!("{:?}", data.join(name).display().to_string());
    // Complete cartridges: the secret is the only thing that can make them fail.
    let template = x402_cartridge::template::lib_rs("thief");
    let attempts = [
        (
            "include",
            format!(
                "{}\n#[no_mangle]\npub static K: &[u8] = include_bytes!({});\n",
                template,
                file("node.key")
            ),
            "No such file or directory",
        ),
        (
            "path",
            format!(
                "{}\n#[path = {}]\nmod token;\n",
                template,
                file("admin.token")
            ),
            "No such file or directory",
        ),
        (
            "keystore",
            format!(
                "{}\n#[no_mangle]\npub static K: &str = include_str!({});\n",
                template,
                file("keystore/wallet.json")
            ),
            "No such file or directory",
        ),
        (
            "env",
            format!("{template}\n#[no_mangle]\npub static K: &str = env!(\"{SECRET_VAR}\");\n"),
            "not defined at compile time",
        ),
    ];
    for (slug, source, expected) in attempts {
        let err = svc
            .deploy(slug, DeploySource::Rust(source), None)
            .await
            .expect_err(slug);
        let AdminError::Compile(CompileError::Failed(text)) = &err else {
            panic!("{slug}: expected a compile failure, got {err}");
        };
        assert!(text.contains(expected), "{slug}: {text}");
        assert!(!text.contains(SECRET), "{slug}: {text}");
        assert!(svc.info(slug).is_none());
    }
    // `option_env!` compiles, and finds nothing.
    let source = format!(
        "{}\n#[no_mangle]\npub static LEAK: &str = match option_env!(\"{SECRET_VAR}\") {{ Some(s) => s, None => \"absent\" }};\n",
        x402_cartridge::template::lib_rs("probe")
    );
    svc.deploy("probe", DeploySource::Rust(source), None)
        .await
        .unwrap();
    let module = svc.wasm("probe").unwrap();
    assert!(
        !module.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
        "the module embeds the secret"
    );
}
