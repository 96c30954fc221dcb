//! The sandbox around `cargo build`: source code runs at compile time (`build.rs` is not
//! generated, but `include_bytes!`, `include_str!`, `#[path]` and `env!` read the builder's
//! files and environment), so the build must not see the node's secrets.
//!
//! cargo runs under bubblewrap (`bwrap`): the whole file system read-only, the node's data dir
//! (keystores, `node.key`, `admin.token`, the database) and `/tmp` replaced by empty tmpfs, only
//! the build dir writable, fresh `/proc` and `/dev`, no network, its own PID namespace, no
//! capabilities, a cleared environment (only what locates the toolchain), and rlimits on
//! address space, CPU time, file size and core dumps. Without `bwrap` nothing is compiled.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Address space of each build process (rustc with LTO stays well below).
pub(crate) const MAX_ADDRESS_SPACE: u64 = 4 << 30;
/// Largest file a build process may write.
pub(crate) const MAX_FILE_SIZE: u64 = 1 << 30;

/// Finds `program`: a path with a `/` is taken as is, a bare name is looked up in `PATH`.
/// Returns an absolute path of an existing file.
pub(crate) fn find_executable(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 || program.is_absolute() {
        return program
            .is_file()
            .then(|| std::fs::canonicalize(program).ok())
            .flatten();
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .and_then(|found| std::path::absolute(found).ok())
}

/// Paths the sandbox is built from (all absolute).
pub(crate) struct Jail<'a> {
    /// The bubblewrap executable.
    pub bwrap: &'a Path,
    /// The node's data dir: hidden.
    pub hidden: &'a Path,
    /// The build root (inside `hidden`): the only writable place.
    pub build: &'a Path,
    /// The crate being built: the working directory.
    pub krate: &'a Path,
    /// cargo.
    pub cargo: &'a Path,
    /// Wall clock of the build (CPU time is capped a little above it).
    pub timeout: Duration,
}

impl Jail<'_> {
    /// A command running `cargo <args>` in the sandbox, in its own process group.
    pub(crate) fn command(&self, args: &[&str]) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(self.bwrap);
        cmd.env_clear();
        cmd.args(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"])
            .args(["--tmpfs", "/tmp"])
            .arg("--tmpfs")
            .arg(self.hidden)
            .arg("--bind")
            .arg(self.build)
            .arg(self.build)
            .args([
                "--unshare-net",
                "--unshare-pid",
                "--unshare-ipc",
                "--unshare-uts",
                "--new-session",
                "--die-with-parent",
                "--cap-drop",
                "ALL",
                "--clearenv",
            ]);
        for (name, value) in self.environment() {
            cmd.arg("--setenv").arg(name).arg(value);
        }
        cmd.arg("--chdir").arg(self.krate).arg("--").arg(self.cargo);
        cmd.args(args);
        let cpu_seconds = self.timeout.as_secs() + 30;
        // SAFETY: the closure only calls setrlimit(2), which is async-signal-safe, and
        // allocates nothing.
        unsafe {
            cmd.pre_exec(move || {
                use nix::sys::resource::{Resource, setrlimit};
                let limits = [
                    (Resource::RLIMIT_AS, MAX_ADDRESS_SPACE),
                    (Resource::RLIMIT_FSIZE, MAX_FILE_SIZE),
                    (Resource::RLIMIT_CORE, 0),
                    (Resource::RLIMIT_CPU, cpu_seconds),
                ];
                for (resource, limit) in limits {
                    setrlimit(resource, limit, limit).map_err(std::io::Error::from)?;
                }
                Ok(())
            });
        }
        cmd.process_group(0);
        cmd
    }

    /// The whole environment of the build: enough to find the toolchain, nothing else.
    fn environment(&self) -> Vec<(&'static str, OsString)> {
        let mut path = OsString::new();
        if let Some(dir) = self.cargo.parent() {
            path.push(dir);
            path.push(":");
        }
        path.push("/usr/local/bin:/usr/bin:/bin");
        let mut env = vec![
            ("PATH", path),
            ("CARGO_HOME", self.build.join("cargo-home").into_os_string()),
            (
                "CARGO_TARGET_DIR",
                self.build.join("target").into_os_string(),
            ),
            ("TMPDIR", OsString::from("/tmp")),
        ];
        // The rustup proxies find their toolchains through these.
        for name in ["HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"] {
            if let Some(value) = std::env::var_os(name) {
                env.push((name, value));
            }
        }
        env
    }
}
