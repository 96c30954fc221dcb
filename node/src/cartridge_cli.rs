//! `x402-node cartridge new|deploy|list|rollback|delete`: manage a node's cartridges over HTTP;
//! `verify-corpus`: check the training corpus locally (no node).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use base64::Engine as _;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

/// Flags of `x402-node cartridge`.
#[derive(Debug, Clone, Args)]
pub struct CartridgeArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: CartridgeCommand,
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

/// Cartridge subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum CartridgeCommand {
    /// Write a starter cartridge (`<dir>/<slug>/src/lib.rs` and its Cargo.toml).
    New {
        /// Slug of the cartridge.
        slug: String,
        /// Parent folder.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Deploy (or replace) a cartridge from a lib.rs, a crate folder, a .wasm file, or a file
    /// of the training corpus (`--from-corpus NAME`).
    Deploy {
        /// Slug of the cartridge (served at /c/<slug>).
        #[arg(
            required_unless_present = "from_corpus",
            conflicts_with = "from_corpus"
        )]
        slug: Option<String>,
        /// lib.rs, folder containing src/lib.rs, or .wasm module.
        #[arg(
            required_unless_present = "from_corpus",
            conflicts_with = "from_corpus"
        )]
        path: Option<PathBuf>,
        /// Deploy this corpus cartridge (`<slug>` or `<tier>/<slug>`) under its slug.
        #[arg(long, value_name = "NAME")]
        from_corpus: Option<String>,
        /// The corpus folder of `--from-corpus`.
        #[arg(long, value_name = "DIR", default_value = "training_data/cartridges")]
        corpus: PathBuf,
        /// Price per request, e.g. "$0.001"; "$0" is free (default: kept, or the node's default).
        #[arg(long)]
        price: Option<String>,
    },
    /// List the node's cartridges.
    List,
    /// Restore the previous version of a cartridge (the replaced one is kept: rolling back
    /// again restores it).
    Rollback {
        /// Slug of the cartridge.
        slug: String,
    },
    /// Delete a cartridge and its KV.
    Delete {
        /// Slug of the cartridge.
        slug: String,
    },
    /// Verify the training corpus locally (no node): compile every `<tier>/<name>.rs` in one
    /// cargo build, validate each module in the engine, run its smoke cases; exits non-zero
    /// on any failure.
    VerifyCorpus {
        /// The corpus folder.
        #[arg(default_value = "training_data/cartridges")]
        dir: PathBuf,
        /// Persistent build dir (default: $XDG_CACHE_HOME/x402/corpus or ~/.cache/x402/corpus).
        #[arg(long)]
        build_dir: Option<PathBuf>,
        /// Parallel cargo jobs (default: the number of cores).
        #[arg(long, short)]
        jobs: Option<usize>,
    },
}

/// Runs a cartridge subcommand.
pub async fn run(args: CartridgeArgs) -> anyhow::Result<()> {
    let gateway = args.gateway.trim_end_matches('/').to_string();
    match &args.command {
        CartridgeCommand::New { slug, dir } => new(slug, dir),
        CartridgeCommand::List => {
            let body = send(reqwest::Client::new().get(format!("{gateway}/c"))).await?;
            print_list(&body);
            Ok(())
        }
        CartridgeCommand::VerifyCorpus {
            dir,
            build_dir,
            jobs,
        } => {
            crate::verify_corpus::run(crate::verify_corpus::VerifyOptions {
                dir: dir.clone(),
                build_dir: build_dir
                    .clone()
                    .unwrap_or_else(crate::verify_corpus::default_build_dir),
                jobs: jobs.unwrap_or_else(|| {
                    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
                }),
            })
            .await
        }
        CartridgeCommand::Deploy {
            slug,
            path,
            price,
            from_corpus,
            corpus,
        } => {
            let (slug, source) = match (from_corpus, slug, path) {
                (Some(name), _, _) => {
                    let file = corpus_file(corpus, name)?;
                    (file.slug, Source::Text(file.source))
                }
                (None, Some(slug), Some(path)) => (slug.clone(), Source::Path(path.clone())),
                _ => bail!("give a slug and a path, or --from-corpus NAME"),
            };
            let mut body = json!({ "slug": slug });
            match source {
                Source::Text(text) => body["source"] = text.into(),
                Source::Path(path) if path.extension().is_some_and(|e| e == "wasm") => {
                    let bytes = std::fs::read(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    body["wasm_base64"] = base64::engine::general_purpose::STANDARD
                        .encode(bytes)
                        .into();
                }
                Source::Path(path) => body["source"] = read_source(&path)?.into(),
            }
            if let Some(price) = price {
                body["price"] = price.clone().into();
            }
            let request = reqwest::Client::new()
                .post(format!("{gateway}/admin/cartridges"))
                .bearer_auth(token(&args)?)
                .timeout(Duration::from_secs(600))
                .json(&body);
            let body = send(request).await?;
            print_info("deployed", &body["cartridge"]);
            Ok(())
        }
        CartridgeCommand::Rollback { slug } => {
            let request = reqwest::Client::new()
                .post(format!("{gateway}/admin/cartridges/{slug}/rollback"))
                .bearer_auth(token(&args)?);
            let body = send(request).await?;
            print_info("rolled back", &body["cartridge"]);
            Ok(())
        }
        CartridgeCommand::Delete { slug } => {
            let request = reqwest::Client::new()
                .delete(format!("{gateway}/admin/cartridges/{slug}"))
                .bearer_auth(token(&args)?);
            send(request).await?;
            println!("deleted {slug}");
            Ok(())
        }
    }
}

/// What `deploy` sends.
enum Source {
    /// Rust source already read (a corpus file).
    Text(String),
    /// A file or folder to read.
    Path(PathBuf),
}

/// The corpus file `name` (`<slug>` or `<tier>/<slug>`) of the corpus at `dir`.
fn corpus_file(dir: &Path, name: &str) -> anyhow::Result<x402_cartridge::corpus::CorpusFile> {
    let loaded = x402_cartridge::corpus::load(dir)
        .with_context(|| format!("cannot read the corpus {}", dir.display()))?;
    let matches = |tier: &str, slug: &str| name == slug || name == format!("{tier}/{slug}");
    if let Some(file) = loaded.files.into_iter().find(|f| matches(&f.tier, &f.slug)) {
        return Ok(file);
    }
    let wanted = name.rsplit('/').next().unwrap_or(name);
    if let Some(error) = loaded
        .errors
        .iter()
        .find(|e| e.path().file_stem().is_some_and(|s| s == wanted))
    {
        bail!("corpus file {name:?} is not valid: {error}");
    }
    bail!("no corpus cartridge {name:?} in {}", dir.display())
}

fn new(slug: &str, dir: &Path) -> anyhow::Result<()> {
    if !x402_cartridge::valid_slug(slug) {
        bail!("invalid slug {slug:?}: use 1-64 characters from [A-Za-z0-9_-]");
    }
    let root = dir.join(slug);
    let lib = root.join("src/lib.rs");
    if lib.exists() {
        bail!("{} already exists", lib.display());
    }
    std::fs::create_dir_all(root.join("src"))?;
    std::fs::write(&lib, x402_cartridge::template::lib_rs(slug))?;
    std::fs::write(
        root.join("Cargo.toml"),
        x402_cartridge::template::cargo_toml(slug),
    )?;
    println!(
        "wrote {} (deploy: x402-node cartridge deploy {slug} {})",
        lib.display(),
        lib.display()
    );
    Ok(())
}

fn read_source(path: &Path) -> anyhow::Result<String> {
    let file = if path.is_dir() {
        [path.join("src/lib.rs"), path.join("lib.rs")]
            .into_iter()
            .find(|p| p.is_file())
            .with_context(|| format!("no src/lib.rs or lib.rs in {}", path.display()))?
    } else {
        path.to_path_buf()
    };
    std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))
}

/// The admin token: `--token-file`, else `X402_ADMIN_TOKEN`, else the default data dir's file.
fn token(args: &CartridgeArgs) -> anyhow::Result<String> {
    admin_token(args.token_file.as_deref())
}

/// The admin token: `file`, else `X402_ADMIN_TOKEN`, else the default data dir's file.
pub(crate) fn admin_token(file: Option<&Path>) -> anyhow::Result<String> {
    if let Some(file) = file {
        return read_token(file);
    }
    if let Ok(token) = std::env::var("X402_ADMIN_TOKEN") {
        return Ok(token.trim().to_string());
    }
    let data_dir =
        std::env::var_os("X402_DATA_DIR").map_or_else(|| PathBuf::from("x402-data"), PathBuf::from);
    let file = crate::admin::token_path(&data_dir);
    if file.is_file() {
        return read_token(&file);
    }
    bail!("no admin token: pass --token-file <data-dir>/admin.token or set X402_ADMIN_TOKEN")
}

fn read_token(file: &Path) -> anyhow::Result<String> {
    Ok(std::fs::read_to_string(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .trim()
        .to_string())
}

/// Sends `request`; a non-2xx answer becomes an error carrying the node's message.
async fn send(request: reqwest::RequestBuilder) -> anyhow::Result<Value> {
    let response = request.send().await.context("cannot reach the node")?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let body: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    if !status.is_success() {
        let message = body["error"]
            .as_str()
            .map_or_else(|| body.to_string(), str::to_string);
        bail!("{status}: {message}");
    }
    Ok(body)
}

fn print_info(what: &str, info: &Value) {
    println!(
        "{what} {} version {} ({}, {}, {} bytes, hash {})",
        info["slug"].as_str().unwrap_or("?"),
        info["version"],
        info["kind"].as_str().unwrap_or("?"),
        info["price"].as_str().unwrap_or("?"),
        info["wasm_bytes"],
        info["hash"].as_str().unwrap_or("?"),
    );
}

fn print_list(body: &Value) {
    let empty = Vec::new();
    let list = body["cartridges"].as_array().unwrap_or(&empty);
    if list.is_empty() {
        println!("no cartridges");
        return;
    }
    println!(
        "{:<24} {:<12} {:>7} {:>10}  hash",
        "slug", "kind", "version", "price"
    );
    for c in list {
        println!(
            "{:<24} {:<12} {:>7} {:>10}  {}",
            c["slug"].as_str().unwrap_or("?"),
            c["kind"].as_str().unwrap_or("?"),
            c["version"],
            c["price"].as_str().unwrap_or("?"),
            c["hash"].as_str().unwrap_or("?").get(..16).unwrap_or(""),
        );
    }
}
