//! The soul's wallet: a [`BudgetedPayer`] that pays other peers with the node's wallet, within
//! `--soul-budget` per rolling day and `--soul-max-per-request`; its ledger lives in the sled
//! tree `soul_wallet` (docs/payments.md, "Soul spending").

use std::sync::Arc;
use std::time::Duration;

use alloy::providers::{Provider, ProviderBuilder};
use anyhow::Context;
use tokio::sync::watch;
use x402_identity::IdentityStatus;
use x402_identity::wallet::{INSECURE_DEV_PASSWORD, Wallets};
use x402_payments::budget::{Budget, BudgetedPayer, PayerConfig, PayerWallet};

use crate::cli::RunArgs;

/// sled tree of the soul's spending ledger.
pub const TREE: &str = "soul_wallet";
/// The budget's rolling window.
pub const WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// The budget the flags ask for.
pub fn budget(args: &RunArgs) -> Budget {
    Budget {
        limit: args.soul_budget.units(),
        window: WINDOW,
        max_per_request: args.soul_max_per_request.units(),
    }
}

/// Opens the payer and its ledger (what was spent reloads). It pays once [`start`] has
/// unlocked the wallet; the soul takes an `Arc` of it.
pub fn open(args: &RunArgs, db: &sled::Db) -> anyhow::Result<Arc<BudgetedPayer>> {
    let tree = db.open_tree(TREE)?;
    let payer = BudgetedPayer::open(tree, PayerConfig::new(budget(args)))
        .context("cannot open the soul's spending ledger")?;
    Ok(Arc::new(payer))
}

/// Gives `payer` the node's wallet once the identity task has created it and the chain answers
/// its id (never on an offline node; not without a keystore password on a non-dev chain).
pub fn start(
    args: &RunArgs,
    rpc: String,
    payer: Arc<BudgetedPayer>,
    mut identity: watch::Receiver<Arc<IdentityStatus>>,
) -> anyhow::Result<()> {
    let password = crate::identity::wallet_password(args)?;
    let dir = args.data_dir.join("keystore");
    let key_file = args.wallet_key_file.clone();
    let dev_chain = args.dev_chain || args.chain_is_dev;
    tokio::spawn(async move {
        if identity.wait_for(|s| s.wallet.is_some()).await.is_err() {
            return;
        }
        let password = match password {
            Some(p) => p,
            None if dev_chain => INSECURE_DEV_PASSWORD.to_string(),
            None => return tracing::info!("soul wallet disabled: no keystore password"),
        };
        let wallets = match tokio::task::spawn_blocking(move || {
            Wallets::load_or_create(&dir, &password, key_file.as_deref())
        })
        .await
        {
            Ok(Ok(w)) => w,
            Ok(Err(e)) => return tracing::error!(error = %e, "soul wallet disabled: keystore"),
            Err(e) => return tracing::error!(error = %e, "soul wallet disabled"),
        };
        let Ok(url) = rpc.parse() else {
            return tracing::error!(rpc = %x402_identity::chain::public_url(&rpc), "soul wallet disabled: bad RPC URL");
        };
        let provider = ProviderBuilder::new().connect_http(url);
        let mut backoff = Duration::from_secs(1);
        let chain_id = loop {
            match provider.get_chain_id().await {
                Ok(id) => break id,
                Err(e) => {
                    tracing::debug!(error = %e, "soul wallet: chain id not known yet");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        };
        let address = wallets.wallet.address();
        payer.set_wallet(PayerWallet {
            signer: wallets.wallet,
            chain_id,
            rpc,
        });
        let budget = payer.budget();
        tracing::info!(payer = %address, limit = budget.limit, max_per_request = budget.max_per_request, "soul wallet ready");
    });
    Ok(())
}
