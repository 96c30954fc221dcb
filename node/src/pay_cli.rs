//! `x402-node pay URL`: requests a URL and pays its 402 (`exact` or `tempo-tip20`) with the
//! node's wallet or a key file.

use std::path::PathBuf;

use alloy::primitives::U256;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use x402_identity::wallet::{INSECURE_DEV_PASSWORD, Wallets};
use x402_payments::Price;
use x402_payments::client::{AllowanceMode, PayingClient, Scheme};

/// How to obtain a missing allowance (to Permit2 for exact, to the facilitator for tempo-tip20).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Allowance {
    /// exact: gasless permit through eip2612GasSponsoring when offered, else an approve
    /// transaction; tempo-tip20: an approve(facilitator) transaction.
    Auto,
    /// Only eip2612GasSponsoring (tempo-tip20 without allowance fails).
    Sponsoring,
    /// Only a one-time approve transaction from the payer.
    Approve,
    /// Neither (exact: the server answers 412; tempo-tip20 without allowance fails).
    None,
}

/// Scheme to pay with when offered (else the other one).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemeArg {
    /// exact with Permit2.
    Exact,
    /// The legacy tempo-tip20 (approve the facilitator, signed PaymentAuthorization).
    #[value(name = "tempo-tip20")]
    TempoTip20,
}

/// Flags of `x402-node pay`.
#[derive(Debug, Clone, Args)]
pub struct PayArgs {
    /// URL of a paid resource.
    pub url: String,
    /// Refuse to pay more than this (dollars, e.g. $0.01).
    #[arg(long)]
    pub max_amount: Option<String>,
    /// HTTP method.
    #[arg(short = 'X', long = "request", default_value = "GET")]
    pub method: String,
    /// Request body (sent as application/json).
    #[arg(short = 'd', long = "data")]
    pub data: Option<String>,
    /// File holding the payer's hex private key (else the wallet keystore in --data-dir).
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// Data dir of the node whose wallet pays.
    #[arg(long, env = "X402_DATA_DIR", default_value = "x402-data")]
    pub data_dir: PathBuf,
    /// Chain RPC, to check and obtain the allowance to Permit2 or to the facilitator (default:
    /// Moderato).
    #[arg(long, env = "X402_CHAIN_RPC", default_value = x402_identity::MODERATO_RPC)]
    pub chain_rpc: String,
    /// What to do without an allowance.
    #[arg(long, value_enum, default_value = "auto")]
    pub allowance: Allowance,
    /// Scheme to pay with when the server offers it (else the other one).
    #[arg(long, value_enum, default_value = "exact")]
    pub scheme: SchemeArg,
    /// How much to approve Permit2 (exact) or the facilitator (tempo-tip20) for when an
    /// approve transaction is needed (dollars; default: exactly the current payment; never an
    /// unlimited allowance unless this asks for it).
    #[arg(long)]
    pub approve_amount: Option<String>,
    /// The chain is a dev chain: without X402_WALLET_PASSWORD, the node wallet's keystore is
    /// opened with the documented insecure dev password.
    #[arg(long)]
    pub chain_is_dev: bool,
    /// Assets this payer pays in (repeatable; default: pathUSD only). Any other is refused.
    #[arg(long = "asset")]
    pub assets: Vec<alloy::primitives::Address>,
}

/// Runs `pay`: body on stdout; amount and transaction on stderr; non-zero exit on failure.
pub async fn run(args: PayArgs) -> anyhow::Result<()> {
    let signer = match &args.key_file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .trim()
            .parse()
            .with_context(|| format!("{} must hold one hex private key", path.display()))?,
        None => {
            let password = match std::env::var("X402_WALLET_PASSWORD") {
                Ok(p) => p,
                Err(_) if args.chain_is_dev => {
                    eprintln!(
                        "warning: X402_WALLET_PASSWORD not set; using the insecure dev-chain password"
                    );
                    INSECURE_DEV_PASSWORD.to_string()
                }
                Err(_) => bail!(
                    "set X402_WALLET_PASSWORD to open the wallet in {} (or pass --key-file)",
                    args.data_dir.display()
                ),
            };
            let dir = args.data_dir.join("keystore");
            anyhow::ensure!(
                dir.join("wallet.json").exists(),
                "no wallet in {} (run the node once, or pass --key-file)",
                dir.display()
            );
            Wallets::load_or_create(&dir, &password, None)?.wallet
        }
    };
    let dollars = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<u64>> {
        v.as_ref()
            .map(|m| {
                m.parse::<Price>()
                    .map(|p| p.units())
                    .with_context(|| format!("{flag} {m:?}"))
            })
            .transpose()
    };
    let max = dollars("--max-amount", &args.max_amount)?;
    let approval = dollars("--approve-amount", &args.approve_amount)?;
    let method: reqwest::Method = args
        .method
        .to_ascii_uppercase()
        .parse()
        .context("bad --request method")?;
    let client = PayingClient::new(signer)
        .max_amount(max)
        .chain_rpc(Some(args.chain_rpc.clone()))
        .allowance_mode(match args.allowance {
            Allowance::Auto => AllowanceMode::Auto,
            Allowance::Sponsoring => AllowanceMode::SponsoringOnly,
            Allowance::Approve => AllowanceMode::Approve,
            Allowance::None => AllowanceMode::None,
        })
        .scheme(match args.scheme {
            SchemeArg::Exact => Scheme::Exact,
            SchemeArg::TempoTip20 => Scheme::TempoTip20,
        });
    let client = match approval {
        Some(units) => client
            .facilitator_approval(U256::from(units))
            .permit2_approval(U256::from(units)),
        None => client,
    };
    // The chain id is pinned to --chain-rpc's (PayingClient asks it).
    let client = if args.assets.is_empty() {
        client
    } else {
        client.assets(args.assets.clone())
    };
    let paid = client
        .send(method, &args.url, args.data.map(String::into_bytes))
        .await?;
    use std::io::Write;
    std::io::stdout().write_all(&paid.body)?;
    if !paid.body.ends_with(b"\n") {
        println!();
    }
    if let (Some(req), Some(s)) = (&paid.requirement, &paid.settlement) {
        if s.success {
            let units: u64 = req.amount.parse().unwrap_or(0);
            eprintln!(
                "paid {} ({} units of {}) to {} from {} with {}: transaction {}",
                Price::from_units(units),
                req.amount,
                req.asset,
                req.pay_to,
                client.address(),
                req.scheme,
                s.transaction
            );
        } else {
            eprintln!(
                "settlement failed: {} {}",
                s.error_reason.as_deref().unwrap_or(""),
                s.error_message.as_deref().unwrap_or("")
            );
        }
    }
    if !(200..300).contains(&paid.status) {
        let reason = paid
            .challenge
            .and_then(|c| c.error)
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        bail!("HTTP {}{reason}", paid.status);
    }
    Ok(())
}
