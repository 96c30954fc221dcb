//! Compiles a cartridge's Rust source to `wasm32-unknown-unknown` with cargo.
//!
//! Each slug gets a generated crate under `<data_dir>/cartridges/build/{slug}`; all share one
//! target dir so the standard library artefacts are reused. cargo runs in its own process
//! group with a deadline: on timeout the whole group (rustc included) is killed. Compiles run
//! one at a time. Errors come back verbatim, truncated to [`MAX_ERROR_BYTES`].

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::error::CompileError;
use crate::template;

/// Longest compiler output returned to the caller.
pub const MAX_ERROR_BYTES: usize = 8 * 1024;

/// The cargo driver.
pub struct Compiler {
    root: PathBuf,
    cargo: PathBuf,
    timeout: Duration,
    max_source: usize,
    one_at_a_time: tokio::sync::Mutex<()>,
}

impl Compiler {
    /// A compiler building under `root` with `cargo`, killing builds after `timeout`.
    pub fn new(root: &Path, cargo: &Path, timeout: Duration, max_source: usize) -> Self {
        Compiler {
            root: root.to_path_buf(),
            cargo: cargo.to_path_buf(),
            timeout,
            max_source,
            one_at_a_time: tokio::sync::Mutex::new(()),
        }
    }

    /// The shared target dir.
    pub fn target_dir(&self) -> PathBuf {
        self.root.join("target")
    }

    /// Builds `lib_rs` as the cartridge `slug` and returns the wasm bytes.
    pub async fn compile(&self, slug: &str, lib_rs: &str) -> Result<Vec<u8>, CompileError> {
        if lib_rs.len() > self.max_source {
            return Err(CompileError::TooLarge {
                size: lib_rs.len(),
                limit: self.max_source,
            });
        }
        let _turn = self.one_at_a_time.lock().await;
        let krate = self.root.join(slug);
        tokio::fs::create_dir_all(krate.join("src")).await?;
        tokio::fs::write(krate.join("Cargo.toml"), template::cargo_toml(slug)).await?;
        tokio::fs::write(krate.join("src/lib.rs"), lib_rs).await?;
        let target_dir = self.target_dir();
        let output = self.wasm_path(slug);
        // A stale artefact must not pass for this build's output.
        let _ = tokio::fs::remove_file(&output).await;

        let mut cmd = tokio::process::Command::new(&self.cargo);
        cmd.arg("build")
            .arg("--release")
            .arg("--offline")
            .arg("--target")
            .arg("wasm32-unknown-unknown")
            .arg("--color")
            .arg("never")
            .arg("--manifest-path")
            .arg(krate.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target_dir)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS")
            .env_remove("CARGO_BUILD_TARGET")
            .env_remove("RUSTC_WRAPPER")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
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
