//! `remember`: a bounded key/value memory of beliefs in sled.

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_llm::ToolSpec;

use crate::store::{MAX_MEMORY, MAX_MEMORY_KEY};
use crate::tool::{Tool, ToolCtx, ToolError};

/// Stores a belief (a JSON value) under a key; with no value, recalls it.
pub struct Remember;

impl Tool for Remember {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "remember".into(),
            description: format!(
                "Store a belief (any JSON value, at most 2 KiB) under a key of at most \
                 {MAX_MEMORY_KEY} bytes, or recall it when no value is given. At most \
                 {MAX_MEMORY} keys."
            ),
            parameters: json!({"type":"object","properties":{
                "key":{"type":"string","maxLength":MAX_MEMORY_KEY},
                "value":{"type":"object"}
            },"required":["key"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        ctx: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let key = args["key"].as_str().unwrap_or_default();
            match args.get("value") {
                Some(v) => {
                    ctx.store
                        .remember(key, v)
                        .map_err(|e| ToolError::Refused(e.to_string()))?;
                    Ok(json!({ "stored": key, "entries": ctx.store.memory_len() }))
                }
                None => {
                    let v = ctx
                        .store
                        .recall(key)
                        .map_err(|e| ToolError::caused("memory unreadable", e))?;
                    Ok(json!({ "key": key, "value": v }))
                }
            }
        })
    }
}
