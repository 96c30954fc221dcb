//! `x402-node soul status|nudge|chat`: the soul of a running node over HTTP.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use x402_soul::api::{
    ChatRequest, ChatResponse, ErrorBody, NudgeRequest, NudgeResponse, SoulStatus,
};

/// Flags of `x402-node soul`.
#[derive(Debug, Clone, Args)]
pub struct SoulArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: SoulCommand,
    /// Gateway of the node.
    #[arg(
        long,
        env = "X402_GATEWAY",
        default_value = "http://127.0.0.1:4023",
        global = true
    )]
    pub gateway: String,
    /// File holding the node's admin token (default: <X402_DATA_DIR or x402-data>/admin.token).
    #[arg(long, global = true)]
    pub token_file: Option<PathBuf>,
}

/// Soul subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum SoulCommand {
    /// Goals, plan, outcomes, fitness and systems.
    Status {
        /// Print the raw JSON.
        #[arg(long)]
        json: bool,
    },
    /// Give the soul a goal (admin token).
    Nudge {
        /// The goal, in words.
        text: String,
    },
    /// Talk to the soul (admin token; without an LLM it says what it would do).
    Chat {
        /// The message.
        message: String,
    },
}

async fn fail(resp: reqwest::Response) -> anyhow::Error {
    let status = resp.status();
    match resp.json::<ErrorBody>().await {
        Ok(b) => anyhow::anyhow!("{status}: {}", b.error),
        Err(_) => anyhow::anyhow!("{status}"),
    }
}

/// Runs the subcommand.
pub async fn run(args: SoulArgs) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?;
    let base = args.gateway.trim_end_matches('/');
    match &args.command {
        SoulCommand::Status { json } => {
            let resp = client
                .get(format!("{base}/soul/status"))
                .send()
                .await
                .with_context(|| format!("cannot reach {base}"))?;
            if !resp.status().is_success() {
                return Err(fail(resp).await);
            }
            let s: SoulStatus = resp.json().await?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&s)?);
                return Ok(());
            }
            let provider = s
                .provider
                .as_ref()
                .map_or("none".to_string(), |p| format!("{} ({})", p.kind, p.model));
            println!(
                "soul {}  provider {provider}  budget {}/{} µ$  outcomes {}  fitness {:.2}",
                if s.enabled { "on" } else { "off" },
                s.budget.spent,
                s.budget.limit,
                s.outcomes_total,
                s.fitness.total
            );
            for g in &s.goals {
                let step = g.plan.as_ref().map_or(String::new(), |p| {
                    format!(" step {}/{}", p.next, p.steps.len())
                });
                println!("  {} [{:?}]{step}: {}", g.id, g.source, g.text);
            }
            for g in &s.recent_goals {
                println!(
                    "  {} {:?}: {} — {}",
                    g.id,
                    g.status,
                    g.text,
                    g.reflection.as_deref().unwrap_or("")
                );
            }
            for o in &s.outcomes {
                println!(
                    "    #{} {} {:?} {} ms",
                    o.seq, o.tool, o.class, o.duration_ms
                );
            }
        }
        SoulCommand::Nudge { text } => {
            let token = crate::cartridge_cli::admin_token(args.token_file.as_deref())?;
            let resp = client
                .post(format!("{base}/soul/nudge"))
                .bearer_auth(token)
                .json(&NudgeRequest { text: text.clone() })
                .send()
                .await
                .with_context(|| format!("cannot reach {base}"))?;
            if !resp.status().is_success() {
                return Err(fail(resp).await);
            }
            let r: NudgeResponse = resp.json().await?;
            if r.duplicate {
                println!("already active as {}: {}", r.goal.id, r.goal.text);
            } else {
                println!("goal {}: {}", r.goal.id, r.goal.text);
            }
        }
        SoulCommand::Chat { message } => {
            let token = crate::cartridge_cli::admin_token(args.token_file.as_deref())?;
            let resp = client
                .post(format!("{base}/soul/chat"))
                .bearer_auth(token)
                .json(&ChatRequest {
                    message: message.clone(),
                })
                .send()
                .await
                .with_context(|| format!("cannot reach {base}"))?;
            if !resp.status().is_success() {
                return Err(fail(resp).await);
            }
            let r: ChatResponse = resp.json().await?;
            println!("{}", r.answer);
            for c in &r.tool_calls {
                println!("  {} {:?}: {}", c.tool, c.class, c.detail);
            }
            if r.answer.is_empty() && r.tool_calls.is_empty() {
                bail!("empty answer");
            }
        }
    }
    Ok(())
}
