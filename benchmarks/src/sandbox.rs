//! Runs untrusted programs (cargo on candidate code, test binaries) under bubblewrap: the whole
//! filesystem read-only except the harness's own dirs, no network (a fresh network namespace with
//! only a down loopback), a fresh PID namespace (killing the sandbox kills every process in it),
//! a cleared environment, rlimits (address space, CPU, file size, no core dumps), its own process
//! group killed with SIGKILL at a wall-clock deadline, and stdout/stderr drained while it runs.

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{Resource, setrlimit};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// Longest stdout/stderr line handed to a line handler; the rest of a longer line is dropped.
pub const MAX_LINE: usize = 1 << 20;

/// Resource limits of one sandboxed run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock budget; the process group is killed when it runs out.
    pub wall: Duration,
    /// `RLIMIT_AS` of every process, bytes (virtual memory, not RSS).
    pub address_space: u64,
    /// `RLIMIT_CPU` of every process, seconds.
    pub cpu_seconds: u64,
    /// `RLIMIT_FSIZE`: largest file a process may write, bytes.
    pub file_size: u64,
}

/// Why the sandbox cannot run anything.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// bubblewrap is not installed.
    #[error(
        "bubblewrap (`bwrap`) is not in PATH; the harness refuses to run candidate code \
         unsandboxed: install it (`apt-get install -y bubblewrap`, or ./scripts/setup)"
    )]
    NotInstalled,
    /// bwrap exists but cannot create its namespaces here.
    #[error(
        "bubblewrap cannot create a sandbox here (needs user or root privileges for network and \
         PID namespaces); the harness refuses to run candidate code unsandboxed: {stderr}"
    )]
    Unusable {
        /// bwrap's error output.
        stderr: String,
    },
    /// Starting bwrap failed.
    #[error("cannot start {program}")]
    Spawn {
        /// The bwrap path.
        program: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Waiting for the sandbox failed.
    #[error("waiting for the sandboxed process failed")]
    Wait(#[source] std::io::Error),
}

/// How a sandboxed run ended.
#[derive(Debug)]
pub struct Finished {
    /// Exit status; `None` when the wall-clock budget ran out and the group was killed.
    pub status: Option<ExitStatus>,
    /// Wall time.
    pub elapsed: Duration,
}

/// One program to run in the sandbox.
#[derive(Debug, Clone)]
pub struct Job {
    /// Program (looked up in the sandbox's `PATH` when relative).
    pub program: OsString,
    /// Arguments.
    pub args: Vec<OsString>,
    /// Working directory; must be one of `writable` or below it.
    pub cwd: PathBuf,
    /// Directories the program may write (bound read-write); everything else is read-only.
    pub writable: Vec<PathBuf>,
    /// The whole environment (nothing is inherited).
    pub env: Vec<(OsString, OsString)>,
    /// Resource limits.
    pub limits: Limits,
}

/// A working bubblewrap.
#[derive(Debug, Clone)]
pub struct Sandbox {
    bwrap: PathBuf,
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

impl Sandbox {
    /// Finds `bwrap` in `PATH` and checks that it can create network and PID namespaces.
    pub fn detect() -> Result<Self, SandboxError> {
        let bwrap = find_in_path("bwrap").ok_or(SandboxError::NotInstalled)?;
        let sandbox = Self { bwrap };
        let probe = PathBuf::from("/");
        let job = Job {
            program: "true".into(),
            args: Vec::new(),
            cwd: probe.clone(),
            writable: Vec::new(),
            env: vec![("PATH".into(), "/usr/bin:/bin".into())],
            limits: Limits {
                wall: Duration::from_secs(10),
                address_space: 1 << 30,
                cpu_seconds: 10,
                file_size: 0,
            },
        };
        let mut stderr = Vec::new();
        let done = sandbox.run(
            &job,
            |_| {},
            |l| {
                if stderr.len() < 4096 {
                    stderr.extend_from_slice(l);
                }
            },
        )?;
        if done.status.is_some_and(|s| s.success()) {
            Ok(sandbox)
        } else {
            Err(SandboxError::Unusable {
                stderr: String::from_utf8_lossy(&stderr).trim().to_owned(),
            })
        }
    }

    fn command(&self, job: &Job) -> Command {
        let mut cmd = Command::new(&self.bwrap);
        cmd.args([
            "--die-with-parent",
            "--new-session",
            "--unshare-net",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
        ]);
        for dir in &job.writable {
            cmd.arg("--bind").arg(dir).arg(dir);
        }
        cmd.arg("--chdir").arg(&job.cwd).arg("--");
        cmd.arg(&job.program).args(&job.args);
        cmd.env_clear().envs(job.env.iter().map(|(k, v)| (k, v)));
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd.process_group(0);
        let limits = job.limits;
        // SAFETY: only async-signal-safe system calls (setrlimit, prctl) run between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                setrlimit(
                    Resource::RLIMIT_AS,
                    limits.address_space,
                    limits.address_space,
                )?;
                setrlimit(Resource::RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds)?;
                setrlimit(Resource::RLIMIT_FSIZE, limits.file_size, limits.file_size)?;
                setrlimit(Resource::RLIMIT_CORE, 0, 0)?;
                nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)?;
                Ok(())
            });
        }
        cmd
    }

    /// Runs `job`, handing each stdout and stderr line (without the newline, at most
    /// [`MAX_LINE`] bytes) to the handlers while it runs; kills the whole process group at the
    /// deadline. Call from a thread that outlives the run (the sandbox dies with its thread).
    pub fn run(
        &self,
        job: &Job,
        on_stdout: impl FnMut(&[u8]) + Send,
        on_stderr: impl FnMut(&[u8]) + Send,
    ) -> Result<Finished, SandboxError> {
        let start = Instant::now();
        let mut child = self
            .command(job)
            .spawn()
            .map_err(|source| SandboxError::Spawn {
                program: self.bwrap.clone(),
                source,
            })?;
        let pgid = Pid::from_raw(i32::try_from(child.id()).unwrap_or(i32::MAX));
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        std::thread::scope(|scope| {
            if let Some(out) = stdout {
                scope.spawn(move || drain_lines(out, on_stdout));
            }
            if let Some(err) = stderr {
                scope.spawn(move || drain_lines(err, on_stderr));
            }
            let deadline = start + job.limits.wall;
            let status = loop {
                match child.try_wait() {
                    Ok(Some(status)) => break Some(status),
                    Ok(None) if Instant::now() >= deadline => {
                        // bwrap and everything in the sandbox share this group; the PID
                        // namespace dies with bwrap's init, taking any escaped process along.
                        let _ = killpg(pgid, Signal::SIGKILL);
                        child.wait().map_err(SandboxError::Wait)?;
                        break None;
                    }
                    Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                    Err(e) => {
                        let _ = killpg(pgid, Signal::SIGKILL);
                        let _ = child.wait();
                        return Err(SandboxError::Wait(e));
                    }
                }
            };
            // The sandboxed processes may still hold the pipes after bwrap exited on its own.
            let _ = killpg(pgid, Signal::SIGKILL);
            Ok(Finished {
                status,
                elapsed: start.elapsed(),
            })
        })
    }
}

/// Reads `r` to the end, calling `on_line` for every line (truncated to [`MAX_LINE`]).
fn drain_lines(mut r: impl Read, mut on_line: impl FnMut(&[u8])) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut line = Vec::new();
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for chunk in buf[..n].split_inclusive(|b| *b == b'\n') {
            let (body, ends) = match chunk.strip_suffix(b"\n") {
                Some(body) => (body, true),
                None => (chunk, false),
            };
            let room = MAX_LINE.saturating_sub(line.len());
            line.extend_from_slice(&body[..body.len().min(room)]);
            if ends {
                on_line(&line);
                line.clear();
            }
        }
    }
    if !line.is_empty() {
        on_line(&line);
    }
}
