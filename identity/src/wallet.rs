//! The node's two secp256k1 keys, kept as encrypted keystores (Web3 Secret Storage v3).
//!
//! - the **wallet**: owns the ERC-8004 identity and receives payments;
//! - the **facilitator key**: sends settlement transactions, so they never race the wallet's
//!   own nonces.
//!
//! Private keys never leave this module except as alloy signers; nothing here logs them.

use std::fs;
use std::path::{Path, PathBuf};

use alloy::primitives::Address;
use alloy::signers::local::PrivateKeySigner;

/// Password used on development chains when none is given. Documented as insecure; the node
/// logs a loud warning when it falls back to it.
pub const INSECURE_DEV_PASSWORD: &str = "x402-dev-chain-insecure-password";

/// Errors loading or creating the keys.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// File system error.
    #[error("keystore {path}: {source}")]
    Io {
        /// File or folder.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// Wrong password or corrupt keystore.
    #[error("cannot decrypt keystore {path} (wrong password or corrupt file): {reason}")]
    Decrypt {
        /// Keystore file.
        path: PathBuf,
        /// Cause.
        reason: String,
    },
    /// `--wallet-key-file` does not hold a hex private key.
    #[error("wallet key file {path} must hold one hex secp256k1 private key")]
    BadKeyFile {
        /// Key file.
        path: PathBuf,
    },
    /// Keystore could not be written.
    #[error("cannot create keystore in {path}: {reason}")]
    Create {
        /// Folder.
        path: PathBuf,
        /// Cause.
        reason: String,
    },
}

/// The node's keys.
#[derive(Clone)]
pub struct Wallets {
    /// Identity owner and payment receiver.
    pub wallet: PrivateKeySigner,
    /// Settlement sender.
    pub facilitator: PrivateKeySigner,
}

impl std::fmt::Debug for Wallets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallets")
            .field("wallet", &self.wallet.address())
            .field("facilitator", &self.facilitator.address())
            .finish()
    }
}

impl Wallets {
    /// Loads the keystores in `dir` (creating missing ones with `password`). With `key_file`,
    /// the wallet key comes from that file instead (the facilitator key still from `dir`).
    pub fn load_or_create(
        dir: &Path,
        password: &str,
        key_file: Option<&Path>,
    ) -> Result<Wallets, WalletError> {
        fs::create_dir_all(dir).map_err(|source| WalletError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let wallet = match key_file {
            Some(path) => read_key_file(path)?,
            None => keystore(dir, "wallet.json", password)?,
        };
        let facilitator = keystore(dir, "facilitator.json", password)?;
        Ok(Wallets {
            wallet,
            facilitator,
        })
    }

    /// The wallet address.
    pub fn address(&self) -> Address {
        self.wallet.address()
    }
}

fn keystore(dir: &Path, name: &str, password: &str) -> Result<PrivateKeySigner, WalletError> {
    let path = dir.join(name);
    if path.exists() {
        return PrivateKeySigner::decrypt_keystore(&path, password).map_err(|e| {
            WalletError::Decrypt {
                path: path.clone(),
                reason: e.to_string(),
            }
        });
    }
    let mut rng = rand08::thread_rng();
    let (signer, _uuid) = PrivateKeySigner::new_keystore(dir, &mut rng, password, Some(name))
        .map_err(|e| WalletError::Create {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).map_err(|source| {
            WalletError::Io {
                path: path.clone(),
                source,
            }
        })?;
    }
    Ok(signer)
}

fn read_key_file(path: &Path) -> Result<PrivateKeySigner, WalletError> {
    let text = fs::read_to_string(path).map_err(|source| WalletError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    text.trim()
        .parse::<PrivateKeySigner>()
        .map_err(|_| WalletError::BadKeyFile {
            path: path.to_path_buf(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystores_persist_and_need_the_password() {
        let dir = tempfile::tempdir().unwrap();
        let a = Wallets::load_or_create(dir.path(), "pw", None).unwrap();
        let b = Wallets::load_or_create(dir.path(), "pw", None).unwrap();
        assert_eq!(a.wallet.address(), b.wallet.address());
        assert_eq!(a.facilitator.address(), b.facilitator.address());
        assert_ne!(a.wallet.address(), a.facilitator.address());
        assert!(matches!(
            Wallets::load_or_create(dir.path(), "wrong", None),
            Err(WalletError::Decrypt { .. })
        ));
        // The keystore holds no plaintext key.
        let text = fs::read_to_string(dir.path().join("wallet.json")).unwrap();
        let key = alloy::primitives::hex::encode(a.wallet.to_bytes());
        assert!(!text.contains(&key));
        // Debug shows addresses only.
        assert!(!format!("{a:?}").contains(&key));
    }

    #[test]
    fn operator_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = PrivateKeySigner::random();
        let file = dir.path().join("key.hex");
        fs::write(
            &file,
            format!("0x{}\n", alloy::primitives::hex::encode(key.to_bytes())),
        )
        .unwrap();
        let w = Wallets::load_or_create(&dir.path().join("ks"), "pw", Some(&file)).unwrap();
        assert_eq!(w.wallet.address(), key.address());
        fs::write(&file, "nope").unwrap();
        assert!(matches!(
            Wallets::load_or_create(&dir.path().join("ks"), "pw", Some(&file)),
            Err(WalletError::BadKeyFile { .. })
        ));
    }
}
