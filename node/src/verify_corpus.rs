//! `x402-node cartridge verify-corpus [DIR]`: compiles every corpus cartridge in one shared
//! cargo build, deploys each module into a real engine on a throwaway sled db, runs every smoke
//! case, prints one line per cartridge and `N passed, M failed`.
//!
//! The build is a generated cargo workspace (one member per corpus file, the cartridge release
//! profile on the root) in a persistent build dir, so a second run is incremental: files are
//! rewritten only when their content changed. cargo runs with `--keep-going` and JSON messages,
//! so a file that does not compile fails alone, with its own errors. No node, sandbox or
//! network is needed: this is a developer/CI command on the repository's own files.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use x402_cartridge::corpus::{self, Case, CorpusFile};
use x402_cartridge::{CartridgeConfig, Cartridges, DeploySource, template};

/// Longest compiler output printed for one file.
const MAX_ERROR_LINES: usize = 60;

/// Options of `verify-corpus`.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The corpus folder.
    pub dir: PathBuf,
    /// The persistent build dir (generated workspace and its target dir).
    pub build_dir: PathBuf,
    /// cargo `-j`.
    pub jobs: usize,
}

/// Default build dir: `$XDG_CACHE_HOME/x402/corpus`, else `~/.cache/x402/corpus`, else
/// `target/corpus`.
pub fn default_build_dir() -> PathBuf {
    if let Some(cache) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(cache).join("x402/corpus");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(home).join(".cache/x402/corpus");
    }
    PathBuf::from("target/corpus")
}

/// The outcome of one corpus file.
struct Outcome {
    name: String,
    result: Result<String, String>,
}

/// Verifies the corpus and prints the report; `Ok(false)` when any file failed. `Err` only
/// when the verification itself could not run (unreadable folder, no cargo, no engine).
pub async fn run(options: VerifyOptions) -> anyhow::Result<bool> {
    let loaded = corpus::load(&options.dir)
        .with_context(|| format!("cannot read the corpus {}", options.dir.display()))?;
    let mut outcomes: Vec<Outcome> = loaded
        .errors
        .iter()
        .map(|e| Outcome {
            name: display_name(&options.dir, e.path()),
            result: Err(e.to_string()),
        })
        .collect();
    let files = loaded.files;
    if files.is_empty() && outcomes.is_empty() {
        bail!("no corpus files under {}", options.dir.display());
    }

    let started = Instant::now();
    let built = build(&files, &options.build_dir, options.jobs).await?;
    eprintln!(
        "compiled {} corpus files in {:.1} s ({})",
        files.len(),
        started.elapsed().as_secs_f64(),
        options.build_dir.display()
    );

    // A real engine on a throwaway database, like a node's.
    let scratch = tempfile::tempdir().context("cannot create a scratch dir")?;
    let db = sled::open(scratch.path().join("db")).context("cannot open the scratch db")?;
    let engine = Cartridges::open(
        &db,
        CartridgeConfig::new(scratch.path()).default_price("$0"),
    )
    .context("cannot open the cartridge engine")?;

    // Deploy everything first: composed cartridges call other corpus cartridges.
    let mut deployed: HashMap<&str, Result<(), String>> = HashMap::new();
    for file in &files {
        let status = match built.get(&file.slug) {
            Some(Ok(wasm)) => match std::fs::read(wasm) {
                Ok(bytes) => engine
                    .deploy(&file.slug, DeploySource::Wasm(bytes), None)
                    .await
                    .map(|_| ())
                    .map_err(|e| {
                        format!(
                            "module rejected by the engine: {}",
                            x402_cartridge::report(&e)
                        )
                    }),
                Err(e) => Err(format!("cannot read {}: {e}", wasm.display())),
            },
            Some(Err(errors)) => Err(format!("does not compile:\n{errors}")),
            None => Err("cargo did not build it".into()),
        };
        deployed.insert(&file.slug, status);
    }
    for file in &files {
        let result = match deployed.remove(file.slug.as_str()) {
            Some(Ok(())) => run_cases(&engine, file).await,
            Some(Err(e)) => Err(e),
            None => Err("not deployed".into()),
        };
        outcomes.push(Outcome {
            name: file.name(),
            result,
        });
    }
    drop(engine);
    drop(db);

    let mut failed = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(summary) => println!("ok   {} ({summary})", outcome.name),
            Err(why) => {
                failed += 1;
                println!("FAIL {}: {why}", outcome.name);
            }
        }
    }
    println!("{} passed, {failed} failed", outcomes.len() - failed);
    Ok(failed == 0)
}

/// `<tier>/<stem>` of a corpus path, for the report.
fn display_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative.with_extension("").to_string_lossy().into_owned()
}

/// Runs `file`'s smoke cases in order; `Ok` is the summary, `Err` the first failing case.
async fn run_cases(engine: &Cartridges, file: &CorpusFile) -> Result<String, String> {
    let started = Instant::now();
    for (index, smoke) in file.cases.iter().enumerate() {
        let number = index + 1;
        let checked = match &smoke.case {
            Case::Request(case) => match engine.handle(&file.slug, case.request.to_request()).await
            {
                Ok((response, _)) => corpus::check_response(case, &response),
                Err(e) => Err(format!(
                    "{} {} (expected status {})",
                    e.http_status(),
                    x402_cartridge::report(&e),
                    case.status
                )),
            },
            Case::Frame(case) => match engine.frame(&file.slug, case.frame.ticks).await {
                Ok(frame) => corpus::check_frame(case, &frame),
                Err(e) => Err(format!(
                    "{} {}",
                    e.http_status(),
                    x402_cartridge::report(&e)
                )),
            },
        };
        checked.map_err(|why| format!("case {number} (line {}): {why}", smoke.line))?;
    }
    let n = file.cases.len();
    Ok(format!(
        "{n} case{}, {} ms",
        if n == 1 { "" } else { "s" },
        started.elapsed().as_millis()
    ))
}

/// Writes `text` to `path` unless it already holds exactly that (keeps cargo's mtimes).
fn write_if_changed(path: &Path, text: &str) -> anyhow::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Builds every file in one cargo workspace under `build_dir`: slug → the wasm, or the
/// compiler's errors for that file.
async fn build(
    files: &[CorpusFile],
    build_dir: &Path,
    jobs: usize,
) -> anyhow::Result<HashMap<String, Result<PathBuf, String>>> {
    std::fs::create_dir_all(build_dir)
        .with_context(|| format!("cannot create {}", build_dir.display()))?;
    let build_dir = std::fs::canonicalize(build_dir)?;
    // One verifier at a time per build dir: the generated files are shared.
    let lock = std::fs::File::create(build_dir.join(".lock"))?;
    let _lock = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| anyhow::anyhow!("cannot lock {}: {e}", build_dir.display()))?;

    let members_dir = build_dir.join("members");
    let mut members = Vec::new();
    for file in files {
        let member = members_dir.join(&file.slug);
        write_if_changed(
            &member.join("Cargo.toml"),
            &template::member_cargo_toml(&file.slug),
        )?;
        write_if_changed(&member.join("src/lib.rs"), &file.source)?;
        members.push(format!("\"members/{}\"", file.slug));
    }
    // Members of an earlier corpus that are gone.
    if let Ok(entries) = std::fs::read_dir(&members_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !files.iter().any(|f| f.slug == name) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let manifest = build_dir.join("Cargo.toml");
    write_if_changed(
        &manifest,
        &format!(
            "# Generated by x402-node cartridge verify-corpus: one member per corpus file.\n\
             [workspace]\nresolver = \"2\"\nmembers = [\n    {}\n]\n\n{}",
            members.join(",\n    "),
            template::RELEASE_PROFILE
        ),
    )?;

    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let output = tokio::process::Command::new(&cargo)
        .current_dir(&build_dir)
        .args([
            "build",
            "--release",
            "--offline",
            "--keep-going",
            "--target",
            "wasm32-unknown-unknown",
            "--message-format",
            "json",
            "--color",
            "never",
            "-j",
            &jobs.max(1).to_string(),
            "--target-dir",
        ])
        .arg(build_dir.join("target"))
        .arg("--manifest-path")
        .arg(&manifest)
        // The cartridge profile alone decides how cartridges are built.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .with_context(|| format!("cannot run {}", cargo.display()))?;

    let by_package: HashMap<String, &CorpusFile> = files
        .iter()
        .map(|f| (template::package_name(&f.slug), f))
        .collect();
    let mut wasm: HashMap<String, PathBuf> = HashMap::new();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in output.stdout.split(|b| *b == b'\n') {
        let Ok(message) = serde_json::from_slice::<serde_json::Value>(line) else {
            continue;
        };
        let Some(target) = message["target"]["name"].as_str() else {
            continue;
        };
        let Some(file) = by_package.get(target) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(path) = message["filenames"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| f.as_str())
                    .find(|f| f.ends_with(".wasm"))
                {
                    wasm.insert(file.slug.clone(), PathBuf::from(path));
                }
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"]
                    .as_str()
                    .unwrap_or("(no message)");
                // Point at the corpus file rather than the generated copy.
                let copy = format!("members/{}/src/lib.rs", file.slug);
                let rendered = rendered
                    .replace(
                        &members_dir
                            .join(&file.slug)
                            .join("src/lib.rs")
                            .display()
                            .to_string(),
                        &copy,
                    )
                    .replace(&copy, &file.path.display().to_string());
                errors
                    .entry(file.slug.clone())
                    .or_default()
                    .push(rendered.trim_end().to_string());
            }
            _ => {}
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut results = HashMap::new();
    for file in files {
        let result = match (wasm.remove(&file.slug), errors.remove(&file.slug)) {
            (Some(path), None) => Ok(path),
            (_, Some(messages)) => Err(indent(&messages.join("\n"))),
            (None, None) => Err(format!(
                "cargo built no module for it; cargo said:\n{}",
                indent(stderr.trim_end())
            )),
        };
        results.insert(file.slug.clone(), result);
    }
    Ok(results)
}

/// Indents compiler output under a report line, keeping at most [`MAX_ERROR_LINES`] lines.
fn indent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines
        .iter()
        .take(MAX_ERROR_LINES)
        .map(|l| format!("    {l}"))
        .collect();
    if lines.len() > MAX_ERROR_LINES {
        out.push(format!(
            "    … ({} more lines)",
            lines.len() - MAX_ERROR_LINES
        ));
    }
    out.join("\n")
}
