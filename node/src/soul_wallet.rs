//! The soul's wallet: a [`BudgetedPayer`] that pays other peers with the node's wallet, within
//! `--soul-budget` per rolling day and `--soul-max-per-request`; its ledger lives in the sled
//! tree `soul_wallet` (docs/payments.md, "Soul spending").

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use x402_payments::budget::{Budget, BudgetedPayer, PayerConfig};

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

/// Opens the payer and its ledger (what was spent reloads). It pays once the payments task
/// has unlocked the node's wallet (`payments::start`); the soul takes an `Arc` of it.
pub fn open(args: &RunArgs, db: &sled::Db) -> anyhow::Result<Arc<BudgetedPayer>> {
    let tree = db.open_tree(TREE)?;
    let payer = BudgetedPayer::open(tree, PayerConfig::new(budget(args)))
        .context("cannot open the soul's spending ledger")?;
    Ok(Arc::new(payer))
}
