//! `Agent::chat`: answers an operator with the provider and the soul's tools, or, without a
//! provider, with the template plan it would run.

use serde_json::json;

use super::{Agent, ChatError, MAX_CHAT_ROUNDS, describe};
use crate::api::{self, ProviderInfo};
use crate::planner;
use crate::types::{GoalId, OutcomeClass, Step, StepOutcome, now_ms};

impl Agent {
    /// Answers `message`: with the provider, letting it call the soul's tools (at most
    /// [`MAX_CHAT_ROUNDS`] rounds); without one, says so and shows the template plan it would
    /// run.
    pub async fn chat(&self, message: &str) -> Result<api::ChatResponse, ChatError> {
        let message = message.trim();
        if message.is_empty() || message.len() > api::MAX_CHAT {
            return Err(ChatError::BadText);
        }
        let _ = self.store.count(|c| c.chats += 1);
        let snapshot = self.live.lock().expect("soul lock").snapshot.clone();
        let Some(provider) = self.config.provider.clone() else {
            let plan = planner::template_plan(
                message,
                &snapshot,
                &self.tools,
                0,
                &self.config.examples,
                &[],
            );
            let answer = match &plan {
                Some(p) => format!(
                    "There is no LLM on this node (--llm none), so I cannot converse. Nudged \
                     with this, I would run template {}: {}.",
                    p.template.as_deref().unwrap_or("?"),
                    describe(Some(p))
                ),
                None => "There is no LLM on this node (--llm none), and no template fits.".into(),
            };
            return Ok(api::ChatResponse {
                answer,
                provider: None,
                tool_calls: Vec::new(),
                would_do: plan,
            });
        };
        let mut request = x402_llm::ChatRequest {
            messages: vec![
                x402_llm::Message::new(
                    x402_llm::Role::System,
                    format!(
                        "You are the soul of a tempo-x402 node. Answer briefly; call tools when \
                         that helps. Node: {}",
                        serde_json::to_string(&snapshot).unwrap_or_default()
                    ),
                ),
                x402_llm::Message::new(x402_llm::Role::User, message),
            ],
            tools: self.tools.specs(),
            max_tokens: 512,
            temperature: 0.2,
            json: false,
        };
        let mut calls = Vec::new();
        for _ in 0..MAX_CHAT_ROUNDS {
            let answer = tokio::time::timeout(self.config.llm_timeout, provider.chat(&request))
                .await
                .map_err(|_| ChatError::Timeout(self.config.llm_timeout))??;
            if answer.tool_calls.is_empty() {
                return Ok(api::ChatResponse {
                    answer: answer.content,
                    provider: Some(self.provider_info().expect("provider set")),
                    tool_calls: calls,
                    would_do: None,
                });
            }
            let mut assistant =
                x402_llm::Message::new(x402_llm::Role::Assistant, answer.content.clone());
            assistant.tool_calls = answer.tool_calls.clone();
            request.messages.push(assistant);
            for tc in answer.tool_calls.iter().take(crate::types::MAX_STEPS) {
                let outcome = match crate::types::ToolName::parse(&tc.name) {
                    Ok(tool) => {
                        let step = Step {
                            tool,
                            args: tc.arguments.clone(),
                        };
                        let predicted = self.prior(&step, "chat").cortex;
                        self.call(GoalId(0), calls.len(), &step, predicted).await
                    }
                    Err(e) => StepOutcome {
                        seq: 0,
                        goal: GoalId(0),
                        step: calls.len(),
                        tool: crate::types::ToolName::parse("unknown").expect("valid"),
                        class: OutcomeClass::UnknownTool,
                        detail: e.to_string(),
                        duration_ms: 0,
                        spent_micros: 0,
                        predicted: 0.0,
                        at_ms: now_ms(),
                    },
                };
                let mut reply = x402_llm::Message::new(
                    x402_llm::Role::Tool,
                    json!({ "class": outcome.class, "detail": outcome.detail }).to_string(),
                );
                reply.tool_call_id = Some(tc.id.clone());
                request.messages.push(reply);
                calls.push(api::ChatToolCall {
                    tool: tc.name.chars().take(40).collect(),
                    args: tc.arguments.clone(),
                    class: outcome.class,
                    detail: outcome.detail,
                });
            }
        }
        Ok(api::ChatResponse {
            answer: format!("stopped after {MAX_CHAT_ROUNDS} rounds of tool calls"),
            provider: self.provider_info(),
            tool_calls: calls,
            would_do: None,
        })
    }

    pub(super) fn provider_info(&self) -> Option<ProviderInfo> {
        self.config.provider.as_ref().map(|p| ProviderInfo {
            kind: p.kind().to_string(),
            model: p.model().to_string(),
        })
    }
}
