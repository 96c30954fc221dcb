//! On-disk cache of compiled modules so a restart skips cranelift.
//!
//! A file is named by the blake3 hash of the wasm bytes and the engine's compatibility hash
//! (wasmtime version + settings), lives in an owner-only directory, starts with the blake3
//! checksum of its payload, and is written to a temporary file then renamed. Only files that
//! pass these checks are deserialized (deserializing runs native code, so foreign or damaged
//! files are never loaded).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use wasmtime::Module;

/// The compiled-module cache.
#[derive(Debug, Clone)]
pub(crate) struct ArtifactCache {
    dir: PathBuf,
    compat: String,
}

impl ArtifactCache {
    /// Opens (creates, mode 0700) the cache in `dir` for `engine`.
    pub(crate) fn open(dir: &Path, engine: &wasmtime::Engine) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        let mut hasher = std::hash::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let compat = format!("wasmtime48.0.8-{:016x}", hasher.finish());
        Ok(ArtifactCache {
            dir: dir.to_path_buf(),
            compat,
        })
    }

    /// Path of the artifact for the wasm whose blake3 hex hash is `wasm_hash`.
    pub(crate) fn path(&self, wasm_hash: &str) -> PathBuf {
        self.dir.join(format!("{wasm_hash}-{}.cwasm", self.compat))
    }

    /// The cached module for `wasm_hash`, if a valid artifact exists.
    pub(crate) fn load(&self, engine: &wasmtime::Engine, wasm_hash: &str) -> Option<Module> {
        let path = self.path(wasm_hash);
        let bytes = std::fs::read(&path).ok()?;
        if bytes.len() < 32 || blake3::hash(&bytes[32..]).as_bytes()[..] != bytes[..32] {
            tracing::warn!(path = %path.display(), "damaged compiled-module cache entry ignored");
            let _ = std::fs::remove_file(&path);
            return None;
        }
        // SAFETY: the file is in the node's owner-only cache dir, was written by this node for
        // this exact engine configuration (name) and is intact (checksum).
        match unsafe { Module::deserialize(engine, &bytes[32..]) } {
            Ok(module) => Some(module),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "stale compiled-module cache entry ignored");
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Writes `module` under `wasm_hash`; failures only cost a recompilation later.
    pub(crate) fn store(&self, wasm_hash: &str, module: &Module) {
        let result = module
            .serialize()
            .map_err(|e| e.to_string())
            .and_then(|payload| {
                let path = self.path(wasm_hash);
                let tmp = path.with_extension(format!("tmp{}", std::process::id()));
                let mut bytes = Vec::with_capacity(32 + payload.len());
                bytes.extend_from_slice(blake3::hash(&payload).as_bytes());
                bytes.extend_from_slice(&payload);
                std::fs::write(&tmp, &bytes)
                    .and_then(|()| std::fs::rename(&tmp, &path))
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = result {
            tracing::warn!(error = %e, "cannot write the compiled-module cache");
        }
    }
}
