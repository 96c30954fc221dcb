//! The node's tools for the soul. Each acts in process through the node's own services: the
//! cartridge engine (which compiles in its build sandbox), the gossip handle, and HTTP GETs of
//! live peers' free routes. None runs a shell, writes outside the data dir, reads a secret or
//! touches the node's binary or source.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_cartridge::{Cartridges, DeploySource};
use x402_llm::ToolSpec;
use x402_p2p::envelope::ProbeBody;
use x402_p2p::{NetworkHandle, Payload};
use x402_soul::{Observer, Tool, ToolCtx, ToolError};

use super::corpus::{self, Corpus};
use super::observe::NodeObserver;

/// Most expensive price the soul may set on a cartridge, micro-USD ($0.10).
const MAX_PRICE_MICROS: u64 = 100_000;
/// Most cartridges the soul may deploy (new slugs past it are refused).
const MAX_OWNED: usize = 32;
/// Largest peer answer read.
const MAX_PEER_BODY: usize = 64 * 1024;
/// Deadline of a peer request.
const PEER_TIMEOUT: Duration = Duration::from_secs(5);
/// Least time between two gossip publications.
const PUBLISH_GAP: Duration = Duration::from_secs(30);
/// Draft names: the slug pattern, short enough for the `soul-draft-` prefix.
const DRAFT_SCHEMA_MAX: usize = 48;

fn draft_name(args: &Value, key: &str) -> Result<String, ToolError> {
    let name = args[key].as_str().unwrap_or_default();
    if name.len() <= DRAFT_SCHEMA_MAX
        && x402_cartridge::valid_slug(name)
        && !name.starts_with("soul-draft-")
    {
        Ok(name.to_string())
    } else {
        Err(ToolError::Refused(format!(
            "`{key}` must be 1 to {DRAFT_SCHEMA_MAX} characters of [A-Za-z0-9_-], not starting \
             with soul-draft-"
        )))
    }
}

fn scratch(draft: &str) -> String {
    format!("soul-draft-{draft}")
}

/// The memory key marking a slug the soul deployed (it may replace or roll back only those).
fn owned_key(slug: &str) -> String {
    format!("owned:{slug}")
}

fn owns(ctx: &ToolCtx, slug: &str) -> bool {
    ctx.store.recall(&owned_key(slug)).ok().flatten().is_some()
}

/// `cartridge_write`: a draft from the corpus, the built-in template or given source.
pub struct CartridgeWrite {
    /// The corpus.
    pub corpus: Arc<Corpus>,
}

impl Tool for CartridgeWrite {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "cartridge_write".into(),
            description: "Write a cartridge draft (a no_std Rust lib.rs of cartridge ABI v2) into \
                          the soul's draft area: from a corpus cartridge of the same name, the \
                          built-in template, or the given source."
                .into(),
            parameters: json!({"type":"object","properties":{
                "draft":{"type":"string","maxLength":DRAFT_SCHEMA_MAX},
                "from":{"type":"string","enum":["corpus","builtin","source"]},
                "source":{"type":"string","maxLength":x402_soul::store::MAX_DRAFT_BYTES}
            },"required":["draft","from"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        ctx: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let draft = draft_name(args, "draft")?;
            let from = args["from"].as_str().unwrap_or_default();
            let source = match from {
                "corpus" => self.corpus.source(&draft).ok_or_else(|| {
                    ToolError::failed(format!("no corpus cartridge named {draft}"))
                })?,
                "builtin" => x402_cartridge::template::lib_rs(&draft),
                _ => args["source"]
                    .as_str()
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| ToolError::Refused("`from: source` needs `source`".into()))?
                    .to_string(),
            };
            ctx.store
                .save_draft(&draft, &source)
                .map_err(|e| ToolError::Refused(e.to_string()))?;
            Ok(json!({ "draft": draft, "from": from, "bytes": source.len(),
                       "smoke_cases": corpus::smoke_cases(&draft, &source).len() }))
        })
    }
}

/// Runs the smoke cases of `source` against `slug`; an error names the first failing case.
async fn smoke(cartridges: &Cartridges, slug: &str, source: &str) -> Result<Value, ToolError> {
    let mut passed = Vec::new();
    for (i, case) in corpus::smoke_cases(slug, source).iter().enumerate() {
        let (resp, _) = cartridges
            .handle(slug, case.request.to_request())
            .await
            .map_err(|e| ToolError::caused(format!("smoke case {i} did not run"), e))?;
        if let Err(why) = x402_cartridge::corpus::check_response(case, &resp) {
            return Err(ToolError::failed(format!(
                "smoke case {i} ({} {}): {}",
                case.request.method,
                case.request.path,
                x402_soul::types::cut(&why, 200)
            )));
        }
        passed.push(json!({ "path": case.request.path, "status": resp.status }));
    }
    Ok(json!(passed))
}

/// `cartridge_compile_test`: deploys a draft to its scratch slug (compiled in the build
/// sandbox) and runs its smoke cases.
pub struct CartridgeCompileTest {
    /// The node's cartridges.
    pub cartridges: Cartridges,
}

impl Tool for CartridgeCompileTest {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "cartridge_compile_test".into(),
            description: "Compile a draft in the sandbox, deploy it free under soul-draft-<draft> \
                          and run its smoke cases (default: GET / answers 200)."
                .into(),
            parameters: json!({"type":"object","properties":{
                "draft":{"type":"string","maxLength":DRAFT_SCHEMA_MAX}
            },"required":["draft"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        ctx: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let draft = draft_name(args, "draft")?;
            let source = ctx
                .store
                .draft(&draft)
                .map_err(|e| ToolError::caused("drafts unreadable", e))?
                .ok_or_else(|| ToolError::failed(format!("no draft named {draft}")))?;
            let slug = scratch(&draft);
            let info = self
                .cartridges
                .deploy(&slug, DeploySource::Rust(source.clone()), Some("$0"))
                .await
                .map_err(|e| ToolError::caused(format!("{slug} did not deploy"), e))?;
            let passed = smoke(&self.cartridges, &slug, &source).await?;
            Ok(
                json!({ "scratch": slug, "hash": info.hash, "wasm_bytes": info.wasm_bytes,
                       "smoke": passed }),
            )
        })
    }
}

/// `cartridge_deploy`: publishes a tested draft under its final slug with a price.
pub struct CartridgeDeploy {
    /// The node's cartridges.
    pub cartridges: Cartridges,
}

impl Tool for CartridgeDeploy {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "cartridge_deploy".into(),
            description: "Publish a draft that passed cartridge_compile_test under a slug with a \
                          price per request (at most $0.10), re-run its smoke cases there and \
                          drop the scratch copy. Only new slugs or slugs the soul deployed."
                .into(),
            parameters: json!({"type":"object","properties":{
                "draft":{"type":"string","maxLength":DRAFT_SCHEMA_MAX},
                "slug":{"type":"string","maxLength":DRAFT_SCHEMA_MAX},
                "price":{"type":"string","maxLength":16}
            },"required":["draft","slug","price"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        ctx: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let draft = draft_name(args, "draft")?;
            let slug = draft_name(args, "slug")?;
            let price_text = args["price"].as_str().unwrap_or_default();
            let price: x402_cartridge::Price = price_text
                .parse()
                .map_err(|e| ToolError::Refused(format!("invalid price {price_text:?}: {e}")))?;
            if price.units() > MAX_PRICE_MICROS {
                return Err(ToolError::Refused(format!(
                    "price {price_text} is over $0.10"
                )));
            }
            if self.cartridges.info(&slug).is_some() && !owns(ctx, &slug) {
                return Err(ToolError::Refused(format!(
                    "{slug} is served and was not deployed by the soul"
                )));
            }
            if !owns(ctx, &slug) && ctx.store.memory_count("owned:") >= MAX_OWNED {
                return Err(ToolError::Refused(format!(
                    "the soul already deployed {MAX_OWNED} cartridges"
                )));
            }
            let source = ctx
                .store
                .draft(&draft)
                .map_err(|e| ToolError::caused("drafts unreadable", e))?
                .ok_or_else(|| ToolError::failed(format!("no draft named {draft}")))?;
            let wasm = self.cartridges.wasm(&scratch(&draft)).ok_or_else(|| {
                ToolError::failed(format!("{draft} has not passed cartridge_compile_test"))
            })?;
            ctx.store
                .remember(&owned_key(&slug), &json!({ "draft": draft }))
                .map_err(|e| ToolError::Refused(e.to_string()))?;
            let info = self
                .cartridges
                .deploy(&slug, DeploySource::Wasm(wasm), Some(price_text))
                .await
                .map_err(|e| ToolError::caused(format!("{slug} did not deploy"), e))?;
            let passed = match smoke(&self.cartridges, &slug, &source).await {
                Ok(p) => p,
                Err(e) => {
                    // Never leave a failing cartridge serving: restore or remove it.
                    if self.cartridges.rollback(&slug).await.is_err() {
                        let _ = self.cartridges.delete(&slug).await;
                    }
                    return Err(e);
                }
            };
            let _ = self.cartridges.delete(&scratch(&draft)).await;
            Ok(
                json!({ "slug": slug, "version": info.version, "price": info.price,
                       "hash": info.hash, "route": format!("/c/{slug}"), "smoke": passed }),
            )
        })
    }
}

/// `cartridge_rollback`: restores the previous version of a cartridge the soul deployed.
pub struct CartridgeRollback {
    /// The node's cartridges.
    pub cartridges: Cartridges,
}

impl Tool for CartridgeRollback {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "cartridge_rollback".into(),
            description: "Restore the previous version of a cartridge the soul deployed.".into(),
            parameters: json!({"type":"object","properties":{
                "slug":{"type":"string","maxLength":DRAFT_SCHEMA_MAX}
            },"required":["slug"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        ctx: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let slug = draft_name(args, "slug")?;
            if !owns(ctx, &slug) {
                return Err(ToolError::Refused(format!(
                    "{slug} was not deployed by the soul"
                )));
            }
            let info = self
                .cartridges
                .rollback(&slug)
                .await
                .map_err(|e| ToolError::caused(format!("{slug} not rolled back"), e))?;
            Ok(json!({ "slug": slug, "version": info.version }))
        })
    }
}

/// `read_status`: the node's own snapshot.
pub struct ReadStatus {
    /// The observer.
    pub observer: Arc<NodeObserver>,
}

impl Tool for ReadStatus {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "read_status".into(),
            description:
                "Read this node's status: peers, queen, Psi, cartridges, IQ, weights round.".into(),
            parameters: json!({"type":"object","properties":{}}),
        }
    }

    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let s = self.observer.observe().await;
            serde_json::to_value(s).map_err(|e| ToolError::caused("status not serializable", e))
        })
    }
}

/// A GET of a live peer's free route: `gateway` must be the gateway a live member announced
/// (no arbitrary URLs), the answer is cut at [`MAX_PEER_BODY`].
pub struct PeerGet {
    /// Tool name (`peer_cartridges` or `discovery`).
    pub name: &'static str,
    /// The route.
    pub path: &'static str,
    /// The observer (live peers' gateways).
    pub observer: Arc<NodeObserver>,
    /// HTTP client.
    pub client: reqwest::Client,
}

impl Tool for PeerGet {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: self.name.into(),
            description: format!(
                "GET {} of a live peer (its announced gateway URL); free, bounded.",
                self.path
            ),
            parameters: json!({"type":"object","properties":{
                "gateway":{"type":"string","maxLength":200}
            },"required":["gateway"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        _: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let gateway = args["gateway"]
                .as_str()
                .unwrap_or_default()
                .trim_end_matches('/');
            if !self
                .observer
                .peer_gateways()
                .iter()
                .any(|g| g.trim_end_matches('/') == gateway)
            {
                return Err(ToolError::Refused(format!(
                    "{gateway} is not the gateway of a live peer"
                )));
            }
            let url = format!("{gateway}{}", self.path);
            let mut resp = self
                .client
                .get(&url)
                .timeout(PEER_TIMEOUT)
                .send()
                .await
                .map_err(|e| ToolError::caused(format!("GET {url} failed"), e))?;
            let status = resp.status().as_u16();
            let mut body = Vec::new();
            while let Some(chunk) = resp
                .chunk()
                .await
                .map_err(|e| ToolError::caused(format!("GET {url}: body"), e))?
            {
                body.extend_from_slice(&chunk);
                if body.len() > MAX_PEER_BODY {
                    return Err(ToolError::failed(format!("GET {url}: answer over 64 KiB")));
                }
            }
            if status != 200 {
                return Err(ToolError::failed(format!("GET {url} answered {status}")));
            }
            let v: Value = serde_json::from_slice(&body)
                .map_err(|e| ToolError::caused(format!("GET {url}: not JSON"), e))?;
            Ok(summarise(&v))
        })
    }
}

/// A short summary of a peer's answer (counts and the first slugs/resources).
fn summarise(v: &Value) -> Value {
    if let Some(list) = v["cartridges"].as_array() {
        let slugs: Vec<&Value> = list.iter().take(16).map(|c| &c["slug"]).collect();
        return json!({ "cartridges": list.len(), "slugs": slugs });
    }
    if let Some(items) = v["items"].as_array().or_else(|| v["resources"].as_array()) {
        let urls: Vec<&Value> = items.iter().take(16).map(|i| &i["resource"]).collect();
        return json!({ "resources": items.len(), "first": urls });
    }
    json!({ "keys": v.as_object().map(|o| o.keys().take(16).cloned().collect::<Vec<_>>()) })
}

/// `publish`: a short note on the probe topic, at most one per 30 s.
pub struct Publish {
    /// The gossip handle.
    pub network: NetworkHandle,
    /// Time of the last publication.
    pub last: Mutex<Option<Instant>>,
}

impl Tool for Publish {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "publish".into(),
            description: "Publish a short note (at most 200 bytes) to the swarm's probe topic; at \
                          most one every 30 s."
                .into(),
            parameters: json!({"type":"object","properties":{
                "text":{"type":"string","maxLength":200}
            },"required":["text"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        _: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            {
                let mut last = self.last.lock().expect("publish lock");
                if last.is_some_and(|t| t.elapsed() < PUBLISH_GAP) {
                    return Err(ToolError::Refused(
                        "at most one publication every 30 s".into(),
                    ));
                }
                *last = Some(Instant::now());
            }
            let text = args["text"].as_str().unwrap_or_default().to_string();
            let id = x402_soul::types::now_ms();
            self.network
                .publish(Payload::Probe(ProbeBody {
                    id,
                    data: format!("soul: {text}"),
                }))
                .await
                .map_err(|e| ToolError::caused("not published", e))?;
            Ok(json!({ "published": id }))
        })
    }
}

/// `pay`: requests a live peer's route and pays its 402 through the budgeted payer
/// (`--soul-budget`): refused past the budget, before anything is signed; every spend is in the
/// payer's ledger (sled tree `soul_wallet`) and in the outcome's `spent_micros`.
pub struct Pay {
    /// The payer.
    pub payer: Arc<x402_payments::budget::BudgetedPayer>,
    /// The observer (live peers' gateways).
    pub observer: Arc<NodeObserver>,
}

impl Tool for Pay {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "pay".into(),
            description: "GET a URL under a live peer's gateway and pay its HTTP 402 (x402 exact) \
                          within the soul's budget (--soul-budget); refused past it, before \
                          anything is signed."
                .into(),
            parameters: json!({"type":"object","properties":{
                "url":{"type":"string","maxLength":300}
            },"required":["url"]}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        _: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let url = args["url"].as_str().unwrap_or_default();
            let under_peer = self.observer.peer_gateways().iter().any(|g| {
                let g = g.trim_end_matches('/');
                url.strip_prefix(g)
                    .is_some_and(|rest| rest.starts_with('/'))
            });
            if !under_peer {
                return Err(ToolError::Refused(format!(
                    "{url} is not under a live peer's gateway"
                )));
            }
            let paid = self
                .payer
                .pay(url, reqwest::Method::GET, None)
                .await
                .map_err(|e| match e {
                    x402_payments::budget::PayError::NotReady
                    | x402_payments::budget::PayError::Refused { .. } => {
                        ToolError::Refused(x402_soul::types::cut(&error_text(&e), 300))
                    }
                    other => ToolError::caused("payment failed", other),
                })?;
            if paid.status >= 400 {
                return Err(ToolError::failed(format!(
                    "GET {url} answered {} after paying {} units",
                    paid.status, paid.amount
                )));
            }
            Ok(json!({ "status": paid.status, "amount": paid.amount,
                       "transaction": paid.transaction, "entry": paid.entry,
                       "spent_micros": paid.amount, "bytes": paid.body.len() }))
        })
    }
}

fn error_text(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
