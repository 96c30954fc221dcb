//! The node's persistent libp2p identity.

use std::fs;
use std::io::Write;
use std::path::Path;

use libp2p::identity::Keypair;

/// Errors loading or creating the node key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// File system error.
    #[error("node key {path}: {source}")]
    Io {
        /// Key file.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// File exists but is not a 32-byte Ed25519 seed.
    #[error("node key {path} is corrupt: expected 32 bytes, found {len}")]
    Corrupt {
        /// Key file.
        path: String,
        /// Bytes found.
        len: usize,
    },
}

/// Loads the Ed25519 key at `path`, or creates one (mode 0600) if the file does not exist.
///
/// The file holds the raw 32-byte seed; the same seed will later drive the iroh endpoint, so the
/// libp2p peer id and the iroh endpoint id are the same public key.
pub fn load_or_create(path: &Path) -> Result<Keypair, KeyError> {
    let io = |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    };
    match fs::read(path) {
        Ok(mut bytes) => {
            if bytes.len() != 32 {
                return Err(KeyError::Corrupt {
                    path: path.display().to_string(),
                    len: bytes.len(),
                });
            }
            Ok(Keypair::ed25519_from_bytes(&mut bytes).expect("32 bytes is a valid ed25519 seed"))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let keypair = Keypair::generate_ed25519();
            let seed = keypair
                .clone()
                .try_into_ed25519()
                .expect("generated an ed25519 key")
                .secret();
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(io)?;
            }
            let tmp = path.with_extension("tmp");
            let mut options = fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options.open(&tmp).map_err(io)?;
            f.write_all(seed.as_ref()).map_err(io)?;
            f.sync_all().map_err(io)?;
            fs::rename(&tmp, path).map_err(io)?;
            Ok(keypair)
        }
        Err(e) => Err(io(e)),
    }
}

/// Reads the raw 32-byte Ed25519 seed at `path` (as written by [`load_or_create`]), e.g. to key
/// the iroh blob endpoint with the same identity as libp2p.
pub fn load_seed(path: &Path) -> Result<[u8; 32], KeyError> {
    let bytes = fs::read(path).map_err(|source| KeyError::Io {
        path: path.display().to_string(),
        source,
    })?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| KeyError::Corrupt {
        path: path.display().to_string(),
        len: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_persists_and_corruption_is_reported() {
        let dir = std::env::temp_dir().join(format!("x402-key-{}", rand::random::<u64>()));
        let path = dir.join("node.key");
        let a = load_or_create(&path).unwrap();
        let b = load_or_create(&path).unwrap();
        assert_eq!(a.public().to_peer_id(), b.public().to_peer_id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::write(&path, b"short").unwrap();
        assert!(matches!(
            load_or_create(&path),
            Err(KeyError::Corrupt { len: 5, .. })
        ));
        fs::remove_dir_all(dir).unwrap();
    }
}
