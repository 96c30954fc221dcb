//! The hook through which the soul routes a cognitive system's call to a `cognitive-{system}`
//! cartridge, falling back to its compiled code when there is none, and reports fitness drops.

use serde_json::Value;

use crate::abi::CartridgeRequest;
use crate::error::{AdminError, ExecError};
use crate::service::Cartridges;
use crate::validate::COGNITIVE_PREFIX;

/// What [`Cartridges::report_fitness_drop`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitnessAction {
    /// The previous version serves again.
    RolledBack {
        /// The version now serving.
        to: u64,
    },
    /// There was no previous version: the cartridge was removed, the compiled code serves.
    Removed,
    /// No cartridge replaces this system.
    Absent,
}

/// Slug of the cartridge replacing cognitive `system`.
pub fn cognitive_slug(system: &str) -> String {
    format!("{COGNITIVE_PREFIX}{system}")
}

impl Cartridges {
    /// Runs cognitive `system` through its cartridge: `POST /` with `input` as the JSON body;
    /// a 200 response's body is parsed as JSON. `None` when no such cartridge is deployed (the
    /// caller uses its compiled code).
    pub async fn cognitive(&self, system: &str, input: &Value) -> Option<Result<Value, ExecError>> {
        let slug = cognitive_slug(system);
        self.info(&slug)?;
        let request = CartridgeRequest {
            method: "POST".into(),
            path: "/".into(),
            body: input.to_string(),
            headers: [("content-type".to_string(), "application/json".to_string())].into(),
            payment: None,
        };
        Some(self.handle(&slug, request).await.and_then(|(resp, _)| {
            if resp.status != 200 {
                return Err(ExecError::InvalidResponse(format!(
                    "cognitive cartridge answered {}",
                    resp.status
                )));
            }
            serde_json::from_slice(&resp.body).map_err(ExecError::NotJson)
        }))
    }

    /// The caller measured a fitness drop after `system`'s cartridge took over: restore the
    /// previous version, or remove the cartridge so the compiled code serves again.
    pub async fn report_fitness_drop(&self, system: &str) -> Result<FitnessAction, AdminError> {
        let slug = cognitive_slug(system);
        match self.rollback_discarding(&slug).await {
            Ok(info) => Ok(FitnessAction::RolledBack { to: info.version }),
            Err(AdminError::NoPreviousVersion(_)) => {
                self.delete(&slug).await?;
                Ok(FitnessAction::Removed)
            }
            Err(AdminError::NotFound(_)) => Ok(FitnessAction::Absent),
            Err(e) => Err(e),
        }
    }
}
