//! Builds candidate solutions in one generated cargo workspace (one package per problem, a
//! shared target dir) and runs each problem's test binary alone, everything in the sandbox.
//!
//! Layout of the work dir: `ws-<label>/` (the generated workspace of one solver:
//! `<slug>/Cargo.toml`, `<slug>/src/lib.rs` = the candidate, `<slug>/tests/hidden.rs` = the
//! problem's tests), `target-<label>/` (its target dir, shared by all its packages), `tmp/`
//! (`TMPDIR` of builds) and `run/<slug>/` (the empty working dir of a test run, the only place
//! it may write).

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs::File;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use nix::fcntl::{Flock, FlockArg};
use serde::{Deserialize, Serialize};

use crate::libtest::TestLog;
use crate::problem::{Problem, Slug};
use crate::sandbox::{Job, Limits, Sandbox, SandboxError};

/// Bytes of a compile error kept (rendered rustc messages, truncated).
pub const MAX_COMPILE_ERROR: usize = 4096;

/// Which step ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// `cargo build`.
    Build,
    /// The test binary.
    Test,
}

/// The result of one problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Every test passed.
    Passed,
    /// The tests ran and at least one failed (or the binary died).
    Failed {
        /// Failing tests (a test the process died in is included).
        tests: Vec<String>,
        /// The tail of the test output, and how the process ended.
        output: String,
    },
    /// The candidate (or the tests against it) did not compile.
    CompileError {
        /// Rendered rustc errors, truncated to [`MAX_COMPILE_ERROR`] bytes.
        message: String,
    },
    /// A step ran out of its wall-clock budget and was killed.
    Timeout {
        /// The step.
        phase: Phase,
    },
    /// The solver produced no candidate.
    SolverError {
        /// Why.
        message: String,
    },
}

impl Outcome {
    /// True for [`Outcome::Passed`].
    pub fn passed(&self) -> bool {
        matches!(self, Outcome::Passed)
    }

    /// Short name: passed, failed, compile_error, timeout, solver_error.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed { .. } => "failed",
            Outcome::CompileError { .. } => "compile_error",
            Outcome::Timeout { .. } => "timeout",
            Outcome::SolverError { .. } => "solver_error",
        }
    }
}

/// One problem evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The problem.
    pub slug: Slug,
    /// What happened.
    pub outcome: Outcome,
    /// Wall time of its test run (or of its own build when it was built alone), milliseconds.
    pub elapsed_ms: u64,
}

/// Progress reports of [`Harness::evaluate`].
#[derive(Debug)]
pub enum Event<'a> {
    /// A problem's build step is over (built or not).
    Built(&'a Slug),
    /// A problem is done.
    Done(&'a Evaluation),
}

/// Where cargo and the toolchain are: the only environment a build sees (besides `TMPDIR`).
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// `HOME`.
    pub home: OsString,
    /// `CARGO_HOME`.
    pub cargo_home: OsString,
    /// `RUSTUP_HOME`.
    pub rustup_home: OsString,
    /// `PATH` (must find `cargo`).
    pub path: OsString,
}

impl Toolchain {
    /// From this process's environment (`CARGO_HOME` defaults to `$HOME/.cargo`, `RUSTUP_HOME`
    /// to `$HOME/.rustup`).
    pub fn from_env() -> Result<Self, HarnessError> {
        let home = std::env::var_os("HOME").ok_or(HarnessError::NoHome)?;
        let under_home = |d: &str| {
            let mut p = PathBuf::from(&home);
            p.push(d);
            p.into_os_string()
        };
        Ok(Self {
            cargo_home: std::env::var_os("CARGO_HOME").unwrap_or_else(|| under_home(".cargo")),
            rustup_home: std::env::var_os("RUSTUP_HOME").unwrap_or_else(|| under_home(".rustup")),
            path: std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
            home,
        })
    }
}

/// Settings of a [`Harness`].
#[derive(Debug, Clone)]
pub struct HarnessConfig {
    /// The harness's own dir (the generated workspaces, target dir and run dirs).
    pub work_dir: PathBuf,
    /// Parallel test binaries and `cargo -j`.
    pub jobs: usize,
    /// Problems per `cargo build` step; a step that runs out of time is retried one problem at
    /// a time, so a candidate that hangs the compiler only times out itself.
    pub chunk: usize,
    /// Limits of one `cargo build` step (60 s by default).
    pub build: Limits,
    /// Limits of one test binary (10 s by default).
    pub test: Limits,
    /// The toolchain.
    pub toolchain: Toolchain,
}

impl HarnessConfig {
    /// Defaults: 60 s per build step of up to 40 problems, 10 s per test binary, 1 GiB address
    /// space and 64 MiB files for tests, 4 GiB and 1 GiB for builds.
    pub fn new(work_dir: PathBuf, jobs: usize, toolchain: Toolchain) -> Self {
        Self {
            work_dir,
            jobs: jobs.max(1),
            chunk: 40,
            build: Limits {
                wall: Duration::from_secs(60),
                address_space: 4 << 30,
                cpu_seconds: 120,
                file_size: 1 << 30,
            },
            test: Limits {
                wall: Duration::from_secs(10),
                address_space: 1 << 30,
                cpu_seconds: 11,
                file_size: 64 << 20,
            },
            toolchain,
        }
    }
}

/// Why an evaluation could not run at all (a candidate's failure is an [`Outcome`], never this).
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// No `HOME` in the environment.
    #[error("HOME is not set; cargo needs it to find its toolchain")]
    NoHome,
    /// The sandbox is unusable.
    #[error("no sandbox")]
    Sandbox(#[from] SandboxError),
    /// The work dir could not be prepared.
    #[error("cannot prepare {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Another harness holds the work dir.
    #[error("cannot lock the work dir {path}")]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: nix::errno::Errno,
    },
    /// A workspace label that is not a slug.
    #[error("workspace label {label:?}")]
    Label {
        /// The label.
        label: String,
        /// The cause.
        #[source]
        source: crate::problem::SlugError,
    },
    /// The evaluation thread panicked.
    #[error("the evaluation thread failed")]
    Join(#[source] tokio::task::JoinError),
    /// Two candidates for one problem in a call.
    #[error("problem {0} given twice")]
    Duplicate(Slug),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> HarnessError + '_ {
    move |source| HarnessError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes `contents` unless the file already holds exactly that (keeps mtimes, so unchanged
/// packages stay fresh in cargo's eyes).
fn write_if_changed(path: &Path, contents: &str) -> Result<(), HarnessError> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    std::fs::write(path, contents).map_err(io_err(path))
}

/// Package name of a problem in the generated workspace.
pub fn package_name(slug: &Slug) -> String {
    format!("bench-{slug}")
}

fn package_manifest(slug: &Slug) -> String {
    format!(
        "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\
         build = false\nautobins = false\nautoexamples = false\nautotests = false\nautobenches = false\n\n\
         [lib]\nname = \"solution\"\npath = \"src/lib.rs\"\ntest = false\ndoctest = false\n\n\
         [[test]]\nname = \"hidden\"\npath = \"tests/hidden.rs\"\n",
        package_name(slug)
    )
}

fn workspace_manifest(members: &BTreeSet<Slug>) -> String {
    let list: Vec<String> = members.iter().map(|s| format!("\"{s}\"")).collect();
    format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = 0\nincremental = false\n",
        list.join(", ")
    )
}

/// What a build step produced for one problem.
#[derive(Debug, Default)]
struct BuildLog {
    exe: Option<PathBuf>,
    errors: String,
}

/// What one `cargo build` step produced.
#[derive(Debug)]
struct BuildStep {
    logs: BTreeMap<Slug, BuildLog>,
    timed_out: bool,
    /// The start of cargo's stderr.
    stderr: String,
}

impl BuildStep {
    /// A problem's test binary, or why there is none (a build timeout when the step ran out of
    /// time before finishing it).
    fn classify(&self, slug: &Slug) -> Result<PathBuf, Outcome> {
        let log = self.logs.get(slug);
        if let Some(exe) = log.and_then(|l| l.exe.clone()) {
            return Ok(exe);
        }
        let errors = log.map(|l| l.errors.clone()).unwrap_or_default();
        Err(if !errors.is_empty() {
            Outcome::CompileError { message: errors }
        } else if self.timed_out {
            Outcome::Timeout {
                phase: Phase::Build,
            }
        } else {
            Outcome::CompileError {
                message: format!("cargo built no test binary:\n{}", self.stderr),
            }
        })
    }
}

/// Builds and tests candidates in the sandbox. Holds an exclusive lock on its work dir.
#[derive(Debug)]
pub struct Harness {
    cfg: HarnessConfig,
    sandbox: Sandbox,
    _lock: Flock<File>,
    busy: Mutex<()>,
}

impl Harness {
    /// Checks the sandbox, creates the work dir and locks it (waits while another harness
    /// holds it).
    pub fn new(mut cfg: HarnessConfig) -> Result<Self, HarnessError> {
        let sandbox = Sandbox::detect()?;
        std::fs::create_dir_all(&cfg.work_dir).map_err(io_err(&cfg.work_dir))?;
        cfg.work_dir = std::fs::canonicalize(&cfg.work_dir).map_err(io_err(&cfg.work_dir))?;
        for d in ["tmp", "run"] {
            let p = cfg.work_dir.join(d);
            std::fs::create_dir_all(&p).map_err(io_err(&p))?;
        }
        let lock_path = cfg.work_dir.join(".lock");
        let file = File::create(&lock_path).map_err(io_err(&lock_path))?;
        let lock = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, source)| {
            HarnessError::Lock {
                path: lock_path,
                source,
            }
        })?;
        Ok(Self {
            cfg,
            sandbox,
            _lock: lock,
            busy: Mutex::new(()),
        })
    }

    /// The settings (with the work dir made absolute).
    pub fn config(&self) -> &HarnessConfig {
        &self.cfg
    }

    /// Builds `candidates` (problem, whole `src/lib.rs`) in the workspace `ws-<label>` and runs
    /// each test binary; one [`Evaluation`] per candidate, in the given order.
    pub fn evaluate(
        &self,
        label: &Slug,
        candidates: &[(&Problem, &str)],
        on_event: &(dyn Fn(Event<'_>) + Sync),
    ) -> Result<Vec<Evaluation>, HarnessError> {
        let _busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        let ws = self.cfg.work_dir.join(format!("ws-{label}"));
        let mut members = BTreeSet::new();
        for (p, source) in candidates {
            if !members.insert(p.slug.clone()) {
                return Err(HarnessError::Duplicate(p.slug.clone()));
            }
            let dir = ws.join(p.slug.as_str());
            write_if_changed(&dir.join("Cargo.toml"), &package_manifest(&p.slug))?;
            write_if_changed(&dir.join("src/lib.rs"), source)?;
            write_if_changed(&dir.join("tests/hidden.rs"), &p.tests)?;
        }
        write_if_changed(&ws.join("Cargo.toml"), &workspace_manifest(&members))?;

        let slugs: Vec<Slug> = candidates.iter().map(|(p, _)| p.slug.clone()).collect();
        let mut results: BTreeMap<Slug, Evaluation> = BTreeMap::new();
        let mut to_test: Vec<(Slug, PathBuf)> = Vec::new();
        for chunk in slugs.chunks(self.cfg.chunk.max(1)) {
            let step = self.build(label, &ws, chunk)?;
            let mut unfinished = Vec::new();
            for slug in chunk {
                match step.classify(slug) {
                    // The step ran out of time before reaching it: built alone below.
                    Err(Outcome::Timeout { .. }) => unfinished.push(slug.clone()),
                    Err(outcome) => self.finish(&mut results, slug, outcome, 0, on_event),
                    Ok(exe) => to_test.push((slug.clone(), exe)),
                }
                if !unfinished.contains(slug) {
                    on_event(Event::Built(slug));
                }
            }
            // Build the rest one at a time, so only a candidate that hangs the compiler times out.
            for slug in unfinished {
                let started = std::time::Instant::now();
                let step = self.build(label, &ws, std::slice::from_ref(&slug))?;
                on_event(Event::Built(&slug));
                match step.classify(&slug) {
                    Ok(exe) => to_test.push((slug, exe)),
                    Err(outcome) => {
                        let ms = elapsed_ms(started.elapsed());
                        self.finish(&mut results, &slug, outcome, ms, on_event);
                    }
                }
            }
        }

        let tested = Mutex::new(Vec::new());
        let next = AtomicUsize::new(0);
        let failure = Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..self.cfg.jobs.min(to_test.len()) {
                scope.spawn(|| {
                    while let Some((slug, exe)) = to_test.get(next.fetch_add(1, Ordering::Relaxed))
                    {
                        match self.run_tests(slug, exe) {
                            Ok((outcome, elapsed)) => {
                                let e = Evaluation {
                                    slug: slug.clone(),
                                    outcome,
                                    elapsed_ms: elapsed_ms(elapsed),
                                };
                                on_event(Event::Done(&e));
                                tested.lock().unwrap_or_else(|p| p.into_inner()).push(e);
                            }
                            Err(e) => {
                                *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                                return;
                            }
                        }
                    }
                });
            }
        });
        if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        for e in tested.into_inner().unwrap_or_else(|p| p.into_inner()) {
            results.insert(e.slug.clone(), e);
        }
        Ok(slugs.iter().filter_map(|s| results.remove(s)).collect())
    }

    fn finish(
        &self,
        results: &mut BTreeMap<Slug, Evaluation>,
        slug: &Slug,
        outcome: Outcome,
        elapsed_ms: u64,
        on_event: &(dyn Fn(Event<'_>) + Sync),
    ) {
        let e = Evaluation {
            slug: slug.clone(),
            outcome,
            elapsed_ms,
        };
        on_event(Event::Done(&e));
        results.insert(slug.clone(), e);
    }

    /// One `cargo build` step over `slugs`.
    fn build(&self, label: &Slug, ws: &Path, slugs: &[Slug]) -> Result<BuildStep, HarnessError> {
        // One target dir per workspace: cargo hashes path packages by their path relative to
        // the workspace root, so two workspaces' `<slug>` packages would share artifacts and
        // fingerprints, and one solver's rerun would test the other's binary.
        let target = self.cfg.work_dir.join(format!("target-{label}"));
        let mut args: Vec<OsString> = [
            "build",
            "--offline",
            "--tests",
            "--keep-going",
            "--message-format=json",
        ]
        .map(OsString::from)
        .to_vec();
        args.push("--target-dir".into());
        args.push(target.into_os_string());
        args.push("-j".into());
        args.push(self.cfg.jobs.to_string().into());
        for s in slugs {
            args.push("-p".into());
            args.push(package_name(s).into());
        }
        let tc = &self.cfg.toolchain;
        let job = Job {
            program: "cargo".into(),
            args,
            cwd: ws.to_owned(),
            writable: vec![self.cfg.work_dir.clone()],
            env: vec![
                ("HOME".into(), tc.home.clone()),
                ("CARGO_HOME".into(), tc.cargo_home.clone()),
                ("RUSTUP_HOME".into(), tc.rustup_home.clone()),
                ("PATH".into(), tc.path.clone()),
                (
                    "TMPDIR".into(),
                    self.cfg.work_dir.join("tmp").into_os_string(),
                ),
            ],
            limits: self.cfg.build,
        };
        let wanted: BTreeSet<&Slug> = slugs.iter().collect();
        let mut logs: BTreeMap<Slug, BuildLog> = BTreeMap::new();
        let mut stderr = String::new();
        let done = self.sandbox.run(
            &job,
            |line| fold_cargo_message(line, ws, &wanted, &mut logs),
            |line| {
                if stderr.len() < MAX_COMPILE_ERROR {
                    stderr.push_str(&String::from_utf8_lossy(line));
                    stderr.push('\n');
                }
            },
        )?;
        Ok(BuildStep {
            logs,
            timed_out: done.status.is_none(),
            stderr,
        })
    }

    /// Runs one test binary in its own empty dir.
    fn run_tests(&self, slug: &Slug, exe: &Path) -> Result<(Outcome, Duration), HarnessError> {
        let dir = self.cfg.work_dir.join("run").join(slug.as_str());
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let job = Job {
            program: exe.as_os_str().to_owned(),
            args: vec!["--test-threads=1".into()],
            cwd: dir.clone(),
            writable: vec![dir.clone()],
            env: vec![
                ("RUST_BACKTRACE".into(), "0".into()),
                ("TMPDIR".into(), dir.clone().into_os_string()),
                ("HOME".into(), dir.clone().into_os_string()),
                ("PATH".into(), "/usr/bin:/bin".into()),
            ],
            limits: self.cfg.test,
        };
        let log = Mutex::new(TestLog::default());
        let fold = |line: &[u8]| log.lock().unwrap_or_else(|p| p.into_inner()).line(line);
        let done = self.sandbox.run(&job, fold, fold)?;
        let _ = std::fs::remove_dir_all(&dir);
        let log = log.into_inner().unwrap_or_else(|p| p.into_inner());
        let outcome = match done.status {
            None => Outcome::Timeout { phase: Phase::Test },
            Some(status) if status.success() && log.all_passed() => Outcome::Passed,
            Some(status) => {
                let ended = match (status.code(), status.signal()) {
                    (Some(code), _) => format!("exit code {code}"),
                    (None, Some(sig)) => format!("killed by signal {sig}"),
                    _ => "unknown exit".to_owned(),
                };
                let summary = match log.summary() {
                    Some(s) => format!("{} passed, {} failed", s.passed, s.failed),
                    None => "no test summary (the process ended early)".to_owned(),
                };
                Outcome::Failed {
                    tests: log.failing(),
                    output: format!("{}[{ended}; {summary}]", log.tail()),
                }
            }
        };
        Ok((outcome, done.elapsed))
    }
}

fn elapsed_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The problem a cargo message is about: the member folder holding its manifest.
fn slug_of(manifest: &str, ws: &Path, wanted: &BTreeSet<&Slug>) -> Option<Slug> {
    let dir = Path::new(manifest).parent()?;
    if dir.parent()? != ws {
        return None;
    }
    let slug = Slug::parse(dir.file_name()?.to_str()?).ok()?;
    wanted.contains(&slug).then_some(slug)
}

/// Folds one line of `cargo --message-format=json` into the per-problem logs.
fn fold_cargo_message(
    line: &[u8],
    ws: &Path,
    wanted: &BTreeSet<&Slug>,
    logs: &mut BTreeMap<Slug, BuildLog>,
) {
    let Ok(msg) = serde_json::from_slice::<serde_json::Value>(line) else {
        return;
    };
    let Some(slug) = msg["manifest_path"]
        .as_str()
        .and_then(|m| slug_of(m, ws, wanted))
    else {
        return;
    };
    match msg["reason"].as_str() {
        Some("compiler-artifact") => {
            let is_test = msg["profile"]["test"].as_bool() == Some(true)
                && msg["target"]["name"].as_str() == Some("hidden");
            if let (true, Some(exe)) = (is_test, msg["executable"].as_str()) {
                logs.entry(slug).or_default().exe = Some(PathBuf::from(exe));
            }
        }
        Some("compiler-message") if msg["message"]["level"].as_str() == Some("error") => {
            let rendered = msg["message"]["rendered"].as_str().unwrap_or_default();
            let errors = &mut logs.entry(slug).or_default().errors;
            let room = MAX_COMPILE_ERROR.saturating_sub(errors.len());
            errors.extend(rendered.chars().scan(0, |n, c| {
                *n += c.len_utf8();
                (*n <= room).then_some(c)
            }));
        }
        _ => {}
    }
}
