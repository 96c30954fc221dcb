//! The tool registry: what the soul may do. Every tool is in-process (no host shell) and
//! touches nothing outside the node's data dir. Arguments are checked against each tool's
//! schema before a plan is accepted and again before a step runs.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::Value;
use x402_llm::ToolSpec;

use crate::store::Store;
use crate::types::{GoalId, OutcomeClass, Step, ToolName};

/// Longest string argument accepted by the schema check unless the schema says `maxLength`.
pub const DEFAULT_MAX_STRING: usize = 256;

/// Why a tool call failed.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    /// The arguments do not fit the tool's schema.
    #[error("bad arguments: {0}")]
    BadArgs(#[from] ArgsError),
    /// The tool refused (a limit, a budget, a rate, a missing capability).
    #[error("refused: {0}")]
    Refused(String),
    /// The tool ran and failed.
    #[error("{message}")]
    Failed {
        /// What failed.
        message: String,
        /// The underlying error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl ToolError {
    /// A failure without an underlying error.
    pub fn failed(message: impl Into<String>) -> Self {
        ToolError::Failed {
            message: message.into(),
            source: None,
        }
    }

    /// A failure caused by `source`.
    pub fn caused(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        ToolError::Failed {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// The outcome class of this error.
    pub fn class(&self) -> OutcomeClass {
        match self {
            ToolError::BadArgs(_) => OutcomeClass::BadArgs,
            ToolError::Refused(_) => OutcomeClass::Refused,
            ToolError::Failed { .. } => OutcomeClass::Failed,
        }
    }
}

/// What a tool call may use.
#[derive(Clone)]
pub struct ToolCtx {
    /// The goal the call serves.
    pub goal: GoalId,
    /// The soul's store (drafts, memory).
    pub store: Store,
}

/// A tool of the soul.
pub trait Tool: Send + Sync {
    /// Name, description and JSON schema of the arguments.
    fn spec(&self) -> ToolSpec;
    /// Runs with `args` (already checked against the schema). Money spent is reported in the
    /// result's `spent_micros` field, when the tool spends.
    fn run<'a>(
        &'a self,
        args: &'a Value,
        ctx: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>>;
}

/// Arguments that do not fit a schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgsError {
    /// Arguments must be a JSON object.
    #[error("arguments must be a JSON object")]
    NotObject,
    /// A required field is missing.
    #[error("missing field `{0}`")]
    Missing(String),
    /// A field the schema does not list.
    #[error("unknown field `{0}`")]
    Unknown(String),
    /// A field of the wrong type.
    #[error("field `{field}` must be {expected}")]
    Type {
        /// The field.
        field: String,
        /// The schema's type.
        expected: String,
    },
    /// A string longer than allowed.
    #[error("field `{field}` is longer than {max} bytes")]
    TooLong {
        /// The field.
        field: String,
        /// The limit.
        max: usize,
    },
    /// A value outside the schema's `enum`.
    #[error("field `{0}` is not one of the allowed values")]
    NotAllowed(String),
}

/// Checks `args` against a JSON-schema-like `schema`: `{"type":"object","properties":{name:
/// {"type": string|integer|number|boolean|object|array, "maxLength"?, "enum"?}},
/// "required":[…]}`. Unknown fields are refused.
pub fn check_args(schema: &Value, args: &Value) -> Result<(), ArgsError> {
    let obj = args.as_object().ok_or(ArgsError::NotObject)?;
    let props = schema["properties"].as_object();
    if let Some(required) = schema["required"].as_array() {
        for r in required.iter().filter_map(Value::as_str) {
            if !obj.contains_key(r) {
                return Err(ArgsError::Missing(r.to_string()));
            }
        }
    }
    for (key, value) in obj {
        let Some(prop) = props.and_then(|p| p.get(key)) else {
            return Err(ArgsError::Unknown(crate::types::cut(key, 40)));
        };
        let expected = prop["type"].as_str().unwrap_or("string");
        let ok = match expected {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            _ => false,
        };
        if !ok {
            return Err(ArgsError::Type {
                field: key.clone(),
                expected: expected.to_string(),
            });
        }
        if let Some(s) = value.as_str() {
            let max = prop["maxLength"]
                .as_u64()
                .map_or(DEFAULT_MAX_STRING, |m| m as usize);
            if s.len() > max {
                return Err(ArgsError::TooLong {
                    field: key.clone(),
                    max,
                });
            }
        }
        if let Some(allowed) = prop["enum"].as_array()
            && !allowed.contains(value)
        {
            return Err(ArgsError::NotAllowed(key.clone()));
        }
    }
    Ok(())
}

/// Why a step was refused before it ran.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// No tool of that name.
    #[error("no tool named {0}")]
    UnknownTool(ToolName),
    /// Its arguments do not fit the schema.
    #[error("step {tool}: {source}")]
    Args {
        /// The tool.
        tool: ToolName,
        /// What does not fit.
        #[source]
        source: ArgsError,
    },
}

/// The soul's tools by name.
#[derive(Clone, Default)]
pub struct ToolRegistry {
    tools: BTreeMap<ToolName, Arc<dyn Tool>>,
}

impl ToolRegistry {
    /// Adds `tool` (a tool of the same name is replaced). A tool whose spec name is not a
    /// valid [`ToolName`] is refused.
    pub fn register(&mut self, tool: Arc<dyn Tool>) -> Result<(), crate::types::InvalidToolName> {
        let name = ToolName::parse(&tool.spec().name)?;
        self.tools.insert(name, tool);
        Ok(())
    }

    /// The tool named `name`.
    pub fn get(&self, name: &ToolName) -> Option<&Arc<dyn Tool>> {
        self.tools.get(name)
    }

    /// Whether a tool named `name` is registered.
    pub fn has(&self, name: &str) -> bool {
        ToolName::parse(name).is_ok_and(|n| self.tools.contains_key(&n))
    }

    /// Every tool's spec, by name.
    pub fn specs(&self) -> Vec<ToolSpec> {
        self.tools.values().map(|t| t.spec()).collect()
    }

    /// Names of the tools.
    pub fn names(&self) -> Vec<String> {
        self.tools.keys().map(|n| n.to_string()).collect()
    }

    /// Checks one step: a known tool, arguments that fit its schema.
    pub fn check(&self, step: &Step) -> Result<(), StepError> {
        let tool = self
            .tools
            .get(&step.tool)
            .ok_or_else(|| StepError::UnknownTool(step.tool.clone()))?;
        check_args(&tool.spec().parameters, &step.args).map_err(|source| StepError::Args {
            tool: step.tool.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({"type":"object","properties":{
            "slug":{"type":"string","maxLength":8},
            "n":{"type":"integer"},
            "mode":{"type":"string","enum":["a","b"]}
        },"required":["slug"]})
    }

    #[test]
    fn schema_check_refuses_what_does_not_fit() {
        assert!(check_args(&schema(), &json!({"slug":"x","n":3,"mode":"a"})).is_ok());
        assert_eq!(
            check_args(&schema(), &json!([1])),
            Err(ArgsError::NotObject)
        );
        assert_eq!(
            check_args(&schema(), &json!({"n":1})),
            Err(ArgsError::Missing("slug".into()))
        );
        assert_eq!(
            check_args(&schema(), &json!({"slug":"x","path":"/etc"})),
            Err(ArgsError::Unknown("path".into()))
        );
        assert!(matches!(
            check_args(&schema(), &json!({"slug":1})),
            Err(ArgsError::Type { .. })
        ));
        assert!(matches!(
            check_args(&schema(), &json!({"slug":"123456789"})),
            Err(ArgsError::TooLong { .. })
        ));
        assert_eq!(
            check_args(&schema(), &json!({"slug":"x","mode":"c"})),
            Err(ArgsError::NotAllowed("mode".into()))
        );
        assert!(matches!(
            check_args(&schema(), &json!({"slug":"x","n":1.5})),
            Err(ArgsError::Type { .. })
        ));
    }
}
