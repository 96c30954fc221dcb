//! Access to a Tempo chain: what kind of chain it is, balances, funding, registry deployment.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;

use crate::contracts::{
    CANONICAL_REGISTRY_MAINNET, CANONICAL_REGISTRY_TESTNET, CREATE2_DEPLOYER, ITip20, PATH_USD,
    dev_registry_address, registry_initcode, registry_salt,
};

/// Tempo Moderato (testnet), the default chain.
pub const MODERATO_RPC: &str = "https://rpc.moderato.tempo.xyz";
/// Chain id of Moderato.
pub const MODERATO_CHAIN_ID: u64 = 42431;
/// Chain id of the local replica (`--dev-chain`), distinct from Moderato's and mainnet's so
/// that nothing signed for it can be replayed on a real chain.
pub const DEV_CHAIN_ID: u64 = 31337;
/// Chain id of Tempo mainnet.
pub const MAINNET_CHAIN_ID: u64 = 4217;
/// A wallet holding less than this (6 decimals: 10 pathUSD) is funded.
pub const MIN_BALANCE: u64 = 10_000_000;
/// Amount sent from a dev account when funding (1,000 pathUSD).
pub const DEV_FUNDING: u64 = 1_000_000_000;

/// Errors talking to the chain.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// RPC URL unusable.
    #[error("invalid chain RPC URL {0:?}")]
    BadUrl(String),
    /// Transport or JSON-RPC error.
    #[error("chain RPC error")]
    Rpc(#[from] alloy::transports::TransportError),
    /// A contract read failed (transport, revert or an undecodable answer).
    #[error("contract call failed")]
    Call(#[from] alloy::contract::Error),
    /// The faucet answered with a JSON-RPC error.
    #[error("faucet tempo_fundAddress failed")]
    Faucet(#[source] alloy::transports::TransportError),
    /// A transaction could not be sent.
    #[error("{what}: cannot send the transaction")]
    Send {
        /// The call.
        what: String,
        /// Why.
        #[source]
        source: alloy::transports::TransportError,
    },
    /// The receipt of a sent transaction did not come.
    #[error("{what}: no receipt")]
    Receipt {
        /// The call.
        what: String,
        /// Why.
        #[source]
        source: alloy::providers::PendingTransactionError,
    },
    /// No registry on this chain and none configured.
    #[error("no ERC-8004 identity registry found on chain {0}; pass --identity-registry")]
    NoRegistry(u64),
    /// A transaction reverted or was not mined.
    #[error("transaction failed: {0}")]
    Transaction(String),
    /// A chain marked as a dev chain has a real chain's id.
    #[error(
        "refusing to treat chain {0} as a dev chain: it has the id of a real Tempo chain (start \
         the replica with a distinct chain id, e.g. {DEV_CHAIN_ID})"
    )]
    RealChainId(u64),
}

/// `scheme://host[:port]` of an RPC URL: what may be shown publicly (no credentials, path or
/// query, which often carry an API key).
pub fn public_url(url: &str) -> String {
    match url.parse::<alloy::transports::http::reqwest::Url>() {
        Ok(u) => {
            let host = u.host_str().unwrap_or("");
            match u.port() {
                Some(p) => format!("{}://{host}:{p}", u.scheme()),
                None => format!("{}://{host}", u.scheme()),
            }
        }
        Err(_) => "<invalid URL>".into(),
    }
}

/// What kind of chain the RPC serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainKind {
    /// A dev chain, only when the operator says so (`--dev-chain`, `--chain-is-dev`): funds
    /// from anvil's accounts, registry deployed deterministically, bundled proxy placed with
    /// `anvil_setCode`, documented insecure keystore password.
    Dev,
    /// Tempo Moderato: funds from `tempo_fundAddress`.
    Moderato,
    /// Tempo mainnet: no faucet; canonical registry.
    Mainnet,
    /// Anything else.
    Other,
}

/// A connected chain.
#[derive(Clone)]
pub struct Chain {
    /// RPC URL.
    pub rpc: String,
    /// Chain id.
    pub chain_id: u64,
    /// Kind.
    pub kind: ChainKind,
    /// Read-only provider (no signer).
    pub provider: DynProvider,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("rpc", &self.rpc)
            .field("chain_id", &self.chain_id)
            .field("kind", &self.kind)
            .finish()
    }
}

impl Chain {
    /// Connects and classifies the chain by its id (never a dev chain: see
    /// [`Chain::connect_dev`]).
    pub async fn connect(url: &str) -> Result<Chain, ChainError> {
        Chain::open(url, false).await
    }

    /// Connects to a chain the operator declared a dev chain (an anvil). Refused when its id is
    /// Moderato's or mainnet's.
    pub async fn connect_dev(url: &str) -> Result<Chain, ChainError> {
        Chain::open(url, true).await
    }

    /// [`Chain::connect`] or [`Chain::connect_dev`].
    pub async fn open(url: &str, dev: bool) -> Result<Chain, ChainError> {
        let parsed: alloy::transports::http::reqwest::Url =
            url.parse().map_err(|_| ChainError::BadUrl(url.into()))?;
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(parsed)
            .erased();
        let chain_id = provider.get_chain_id().await?;
        let real = [MODERATO_CHAIN_ID, MAINNET_CHAIN_ID].contains(&chain_id);
        if dev && real {
            return Err(ChainError::RealChainId(chain_id));
        }
        let kind = if dev {
            ChainKind::Dev
        } else if chain_id == MODERATO_CHAIN_ID {
            ChainKind::Moderato
        } else if chain_id == MAINNET_CHAIN_ID {
            ChainKind::Mainnet
        } else {
            ChainKind::Other
        };
        Ok(Chain {
            rpc: url.to_string(),
            chain_id,
            kind,
            provider,
        })
    }

    /// pathUSD balance of `who`, in base units.
    pub async fn balance(&self, who: Address) -> Result<U256, ChainError> {
        ITip20::new(PATH_USD, &self.provider)
            .balanceOf(who)
            .call()
            .await
            .map_err(ChainError::from)
    }

    /// Makes sure `who` holds at least [`MIN_BALANCE`] pathUSD. Returns true if it funded.
    pub async fn ensure_funded(&self, who: Address) -> Result<bool, ChainError> {
        if self.kind == ChainKind::Dev {
            // Tempo has no native token and reports a huge placeholder balance for every account,
            // so its pool never rejects a transaction for lack of "ETH". anvil's Tempo mode still
            // checks a native balance, which is 0 for fresh accounts: mirror the real chain.
            let native = self.provider.get_balance(who).await?;
            if native.is_zero() {
                let _: serde_json::Value = self
                    .provider
                    .raw_request(
                        "anvil_setBalance".into(),
                        (who, U256::from(10).pow(U256::from(22))),
                    )
                    .await?;
            }
        }
        if self.balance(who).await? >= U256::from(MIN_BALANCE) {
            return Ok(false);
        }
        match self.kind {
            ChainKind::Dev => {
                let data = ITip20::transferCall {
                    to: who,
                    amount: U256::from(DEV_FUNDING),
                }
                .abi_encode();
                self.send_from_dev(PATH_USD, data.into()).await?;
            }
            ChainKind::Moderato => {
                // Check the JSON-RPC result: an HTTP 200 can still carry an error.
                let result: serde_json::Value = self
                    .provider
                    .raw_request("tempo_fundAddress".into(), (who,))
                    .await
                    .map_err(ChainError::Faucet)?;
                tracing::info!(%who, ?result, "faucet funded address");
            }
            ChainKind::Mainnet | ChainKind::Other => {
                return Err(ChainError::Transaction(format!(
                    "{who} holds less than {MIN_BALANCE} pathUSD base units and this chain has no faucet"
                )));
            }
        }
        Ok(true)
    }

    /// Sends a transaction from the first unlocked dev account (anvil assigns the nonce, so
    /// concurrent nodes do not collide) and waits for success.
    async fn send_from_dev(&self, to: Address, data: Bytes) -> Result<(), ChainError> {
        let accounts = self.provider.get_accounts().await?;
        let from = *accounts
            .first()
            .ok_or_else(|| ChainError::Transaction("dev chain has no unlocked account".into()))?;
        let tx = TransactionRequest::default()
            .with_from(from)
            .with_to(to)
            .with_input(data);
        let receipt = self
            .provider
            .send_transaction(tx)
            .await
            .map_err(|source| ChainError::Send {
                what: "dev transaction".into(),
                source,
            })?
            .get_receipt()
            .await
            .map_err(|source| ChainError::Receipt {
                what: "dev transaction".into(),
                source,
            })?;
        if !receipt.status() {
            return Err(ChainError::Transaction(format!(
                "dev transaction {} reverted",
                receipt.transaction_hash
            )));
        }
        Ok(())
    }

    /// The identity registry to use: `configured`, else the chain profile's.
    /// On dev chains the bundled registry is deployed at its deterministic address if missing.
    pub async fn identity_registry(
        &self,
        configured: Option<Address>,
    ) -> Result<Address, ChainError> {
        if let Some(a) = configured {
            return Ok(a);
        }
        let candidate = match self.kind {
            ChainKind::Dev => {
                let addr = dev_registry_address();
                if !self.has_code(addr).await? {
                    let mut data = registry_salt().to_vec();
                    data.extend_from_slice(&registry_initcode());
                    // Several nodes may race here: a losing deployment reverts; what matters is
                    // that the code is there afterwards.
                    if let Err(e) = self.send_from_dev(CREATE2_DEPLOYER, data.into()).await {
                        tracing::debug!(error = %e, "registry deployment raced");
                    }
                    if !self.has_code(addr).await? {
                        return Err(ChainError::Transaction(
                            "identity registry deployment failed".into(),
                        ));
                    }
                    tracing::info!(registry = %addr, "deployed the identity registry on the dev chain");
                }
                addr
            }
            ChainKind::Mainnet => CANONICAL_REGISTRY_MAINNET,
            ChainKind::Moderato | ChainKind::Other => CANONICAL_REGISTRY_TESTNET,
        };
        if self.has_code(candidate).await? {
            Ok(candidate)
        } else {
            Err(ChainError::NoRegistry(self.chain_id))
        }
    }

    async fn has_code(&self, addr: Address) -> Result<bool, ChainError> {
        Ok(!self.provider.get_code_at(addr).await?.is_empty())
    }
}
