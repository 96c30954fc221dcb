//! Compiles a cartridge's Rust source to `wasm32-unknown-unknown` with cargo.
//!
//! Each slug gets a generated crate under `<data_dir>/cartridges/build/{slug}`; all share one
//! target dir so the standard library artefacts are reused. cargo runs in the build sandbox
//! (`sandbox`: no access to the data dir outside the build dir, cleared environment, no
//! network, rlimits) in its own process group with a deadline: on timeout the whole group
//! (rustc included) is killed. Without the sandbox nothing is compiled. Compiles run one at a
//! time. Errors come back verbatim, truncated to [`MAX_ERROR_BYTES`].

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::config::CartridgeConfig;
use crate::error::CompileError;
use crate::sandbox::{self, Jail};
use crate::template;

/// Longest compiler output returned to the caller.
pub(crate) const MAX_ERROR_BYTES: usize = 8 * 1024;

/// The cargo driver.
pub(crate) struct Compiler {
    root: PathBuf,
    data_dir: PathBuf,
    cargo: PathBuf,
    bwrap: PathBuf,
    timeout: Duration,
    max_source: usize,
    one_at_a_time: tokio::sync::Mutex<()>,
}

impl Compiler {
    /// A compiler building under `<data_dir>/cartridges/build` with the configured cargo,
    /// sandbox and limits.
    pub(crate) fn new(config: &CartridgeConfig) -> Self {
        Compiler {
            root: config.root().join("build"),
            data_dir: config.data_dir.clone(),
            cargo: config.cargo.clone(),
            bwrap: config.bwrap.clone(),
            timeout: config.compile_timeout,
            max_source: config.max_source_bytes,
            one_at_a_time: tokio::sync::Mutex::new(()),
        }
    }

    /// The shared target dir.
    pub(crate) fn target_dir(&self) -> PathBuf {
        self.root.join("target")
    }

    /// Builds `lib_rs` as the cartridge `slug` and returns the wasm bytes.
    pub(crate) async fn compile(&self, slug: &str, lib_rs: &str) -> Result<Vec<u8>, CompileError> {
        if lib_rs.len() > self.max_source {
            return Err(CompileError::TooLarge {
                size: lib_rs.len(),
                limit: self.max_source,
            });
        }
        let bwrap = sandbox::find_executable(&self.bwrap)
            .ok_or(CompileError::NoSandbox(self.bwrap.clone()))?;
        let cargo = sandbox::find_executable(&self.cargo)
            .ok_or_else(|| CompileError::CargoMissing(self.cargo.clone()))?;
        let _turn = self.one_at_a_time.lock().await;
        tokio::fs::create_dir_all(&self.root).await?;
        // Absolute, symlink-free paths: what the sandbox hides and binds must be the real ones.
        let root = tokio::fs::canonicalize(&self.root).await?;
        let hidden = tokio::fs::canonicalize(&self.data_dir).await?;
        let krate = root.join(slug);
        tokio::fs::create_dir_all(krate.join("src")).await?;
        tokio::fs::write(krate.join("Cargo.toml"), template::cargo_toml(slug)).await?;
        tokio::fs::write(krate.join("src/lib.rs"), lib_rs).await?;
        let output = self.wasm_path(slug);
        // A stale artefact must not pass for this build's output.
        let _ = tokio::fs::remove_file(&output).await;

        let jail = Jail {
            bwrap: &bwrap,
            hidden: &hidden,
            build: &root,
            krate: &krate,
            cargo: &cargo,
            timeout: self.timeout,
        };
        let manifest = krate.join("Cargo.toml");
        let manifest = manifest.to_string_lossy();
        let mut cmd = jail.command(&[
            "build",
            "--release",
            "--offline",
            "--target",
            "wasm32-unknown-unknown",
            "--color",
            "never",
            "--manifest-path",
            &manifest,
        ]);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let child = cmd.spawn()?;
        let pgid = child.id().map(|id| id as i32);
        let result = tokio::time::timeout(self.timeout, child.wait_with_output()).await;
        let output_of_cargo = match result {
            Ok(output) => output?,
            Err(_) => {
                if let Some(pgid) = pgid {
                    let _ = nix::sys::signal::killpg(
                        nix::unistd::Pid::from_raw(pgid),
                        nix::sys::signal::Signal::SIGKILL,
                    );
                }
                return Err(CompileError::Timeout(self.timeout));
            }
        };
        if !output_of_cargo.status.success() {
            let mut text = String::from_utf8_lossy(&output_of_cargo.stderr).into_owned();
            text.push_str(&String::from_utf8_lossy(&output_of_cargo.stdout));
            return Err(CompileError::Failed(truncate(text)));
        }
        tokio::fs::read(&output).await.map_err(|e| {
            CompileError::Failed(format!(
                "cargo succeeded but {} is missing: {e}",
                output.display()
            ))
        })
    }

    fn wasm_path(&self, slug: &str) -> PathBuf {
        self.target_dir()
            .join("wasm32-unknown-unknown/release")
            .join(format!("{}.wasm", template::package_name(slug)))
    }
}

/// Cuts `text` to [`MAX_ERROR_BYTES`] on a character boundary, marking the cut.
fn truncate(mut text: String) -> String {
    if text.len() > MAX_ERROR_BYTES {
        let mut cut = MAX_ERROR_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n… (truncated)");
    }
    text
}
