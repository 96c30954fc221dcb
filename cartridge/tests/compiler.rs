//! Rust source compilation: real cargo errors come back verbatim and truncated; a cargo that
//! hangs is killed with its whole process group at the deadline.

mod common;

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

#[tokio::test]
async fn a_hanging_build_is_killed_with_its_process_group() {
    let dir = tempfile::tempdir().unwrap();
    // Stands in for cargo: starts a grandchild (like rustc) and never finishes.
    let pid_file = dir.path().join("grandchild.pid");
    let script = dir.path().join("fake-cargo");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nsleep 300 &\necho $! > {}\nwait\n",
            pid_file.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
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
    let pid: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // The grandchild is gone (or a zombie awaiting its reaper), not still running.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .chars()
            .next();
        if matches!(state, None | Some('Z') | Some('X')) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "grandchild {pid} still running: {stat}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
