//! The node's admin token: `<data-dir>/admin.token`, created on first start (32 random bytes,
//! hex, mode 0600), required as `Authorization: Bearer <token>` by every `/admin` route and
//! compared in constant time. The token is never logged.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use subtle::ConstantTimeEq;

/// File name of the token in the data dir.
pub const TOKEN_FILE: &str = "admin.token";

/// The admin bearer token.
pub struct AdminToken {
    token: String,
}

impl AdminToken {
    /// Reads the token in `path`, creating it (mode 0600) if absent.
    pub fn load_or_create(path: &Path) -> anyhow::Result<AdminToken> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let token = text.trim().to_string();
                anyhow::ensure!(
                    token.len() >= 32,
                    "{} holds no usable token (expected at least 32 characters); delete it to \
                     create a new one",
                    path.display()
                );
                restrict(path)?;
                Ok(AdminToken { token })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = [0u8; 32];
                rand::rng().fill_bytes(&mut bytes);
                let token = hex::encode(bytes);
                write_private(path, &token)?;
                tracing::info!(path = %path.display(), "admin token created");
                Ok(AdminToken { token })
            }
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Whether `candidate` is the token (constant time in the token's content).
    pub fn matches(&self, candidate: &str) -> bool {
        candidate.len() == self.token.len()
            && bool::from(candidate.as_bytes().ct_eq(self.token.as_bytes()))
    }

    /// Whether `headers` carry `Authorization: Bearer <token>`.
    pub fn authorizes(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| self.matches(t.trim()))
    }
}

fn write_private(path: &Path, token: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    writeln!(file, "{token}").with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn restrict(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode != 0o600 {
            tracing::warn!(path = %path.display(), mode = format!("{mode:o}"), "admin token was readable by others; setting mode 0600");
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// Path of the token in `data_dir`.
pub fn token_path(data_dir: &Path) -> PathBuf {
    data_dir.join(TOKEN_FILE)
}

/// Middleware: lets the request through only with the admin token; 401 otherwise, before the
/// body is read.
pub async fn require_admin(
    State(token): State<Arc<AdminToken>>,
    request: Request,
    next: Next,
) -> Response {
    if token.authorizes(request.headers()) {
        return next.run(request).await;
    }
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        axum::Json(serde_json::json!({
            "error": "admin routes need `Authorization: Bearer <token>` (the token is in <data-dir>/admin.token)"
        })),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_created_private_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(TOKEN_FILE);
        let first = AdminToken::load_or_create(&path).unwrap();
        assert_eq!(first.token.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let again = AdminToken::load_or_create(&path).unwrap();
        assert!(again.matches(&first.token));
        assert!(!again.matches(&first.token[..63]));
        assert!(!again.matches(&"0".repeat(64)));

        let mut headers = HeaderMap::new();
        assert!(!first.authorizes(&headers));
        headers.insert(
            header::AUTHORIZATION,
            format!("Bearer {}", first.token).parse().unwrap(),
        );
        assert!(first.authorizes(&headers));
        headers.insert(header::AUTHORIZATION, first.token.parse().unwrap());
        assert!(!first.authorizes(&headers), "the Bearer scheme is required");
    }
}
