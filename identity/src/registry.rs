//! ERC-8004 registration of this node and discovery of the others from registry events.

use std::collections::BTreeMap;

use alloy::network::EthereumWallet;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::{Filter, TransactionReceipt, TransactionRequest};
use alloy::sol_types::{SolCall, SolEvent};
use libp2p::PeerId;
use serde::{Deserialize, Serialize};

use crate::card::{AgentCard, CardError, agent_id_u64};
use crate::chain::{Chain, ChainError};
use crate::contracts::IIdentityRegistry;
use crate::wallet::Wallets;

/// Most blocks asked for in one `eth_getLogs`.
const LOG_CHUNK: u64 = 10_000;

/// A peer found in the registry with a valid card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisteredPeer {
    /// Agent id.
    pub agent_id: u64,
    /// Owner wallet.
    pub wallet: Address,
    /// The card.
    pub card: AgentCard,
}

/// A card that failed validation.
#[derive(Debug, Clone)]
pub struct RejectedCard {
    /// Agent id.
    pub agent_id: u64,
    /// Why.
    pub error: CardError,
}

/// Registry handle for one chain.
#[derive(Debug, Clone)]
pub struct Registry {
    chain: Chain,
    address: Address,
}

impl Registry {
    /// The registry at `address` on `chain`.
    pub fn new(chain: Chain, address: Address) -> Self {
        Registry { chain, address }
    }

    /// Registry address.
    pub fn address(&self) -> Address {
        self.address
    }

    /// The chain.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    fn read(&self) -> IIdentityRegistry::IIdentityRegistryInstance<&alloy::providers::DynProvider> {
        IIdentityRegistry::new(self.address, &self.chain.provider)
    }

    /// Owner of `agent_id`.
    pub async fn owner_of(&self, agent_id: u64) -> Result<Address, ChainError> {
        self.read()
            .ownerOf(U256::from(agent_id))
            .call()
            .await
            .map_err(ChainError::from)
    }

    /// Current URI of `agent_id`.
    pub async fn token_uri(&self, agent_id: u64) -> Result<String, ChainError> {
        self.read()
            .tokenURI(U256::from(agent_id))
            .call()
            .await
            .map_err(ChainError::from)
    }

    /// The agent id owned by `wallet`: `known` if still owned, else the latest `Registered`
    /// event naming `wallet` as owner. `None` when the wallet never registered.
    pub async fn find_agent(
        &self,
        wallet: Address,
        known: Option<u64>,
    ) -> Result<Option<u64>, ChainError> {
        if let Some(id) = known
            && self.owner_of(id).await.ok() == Some(wallet)
        {
            return Ok(Some(id));
        }
        let filter = Filter::new()
            .address(self.address)
            .event_signature(IIdentityRegistry::Registered::SIGNATURE_HASH)
            .topic2(wallet.into_word())
            .from_block(0);
        let logs = self.chain.provider.get_logs(&filter).await?;
        for log in logs.iter().rev() {
            if let Ok(ev) = log.log_decode::<IIdentityRegistry::Registered>()
                && let Some(id) = agent_id_u64(ev.inner.data.agentId)
                && self.owner_of(id).await.ok() == Some(wallet)
            {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// Sends `data` to the registry from the wallet and waits for a successful receipt.
    async fn transact(
        &self,
        wallets: &Wallets,
        data: Vec<u8>,
        what: &str,
    ) -> Result<TransactionReceipt, ChainError> {
        let provider = ProviderBuilder::new()
            .wallet(EthereumWallet::from(wallets.wallet.clone()))
            .connect_provider(self.chain.provider.clone());
        let tx = TransactionRequest::default()
            .with_to(self.address)
            .with_input(data);
        let receipt = provider
            .send_transaction(tx)
            .await
            .map_err(|source| ChainError::Send {
                what: what.into(),
                source,
            })?
            .get_receipt()
            .await
            .map_err(|source| ChainError::Receipt {
                what: what.into(),
                source,
            })?;
        if !receipt.status() {
            return Err(ChainError::Transaction(format!("{what} reverted")));
        }
        Ok(receipt)
    }

    /// Registers `wallets.wallet` as a new agent; returns its id.
    pub async fn register(&self, wallets: &Wallets) -> Result<u64, ChainError> {
        let receipt = self
            .transact(
                wallets,
                IIdentityRegistry::registerCall {}.abi_encode(),
                "register()",
            )
            .await?;
        receipt
            .inner
            .logs()
            .iter()
            .find_map(|l| l.log_decode::<IIdentityRegistry::Registered>().ok())
            .and_then(|ev| agent_id_u64(ev.inner.data.agentId))
            .ok_or_else(|| ChainError::Transaction("no Registered event in the receipt".into()))
    }

    /// Sets the URI of `agent_id` (owner only).
    pub async fn set_uri(
        &self,
        wallets: &Wallets,
        agent_id: u64,
        uri: String,
    ) -> Result<(), ChainError> {
        let call = IIdentityRegistry::setAgentURICall {
            agentId: U256::from(agent_id),
            newURI: uri,
        };
        self.transact(wallets, call.abi_encode(), "setAgentURI")
            .await
            .map(|_| ())
    }

    /// Reads `Registered`/`URIUpdated` events in blocks `(after, latest]`, validates each card
    /// against the on-chain owner and returns the valid ones (latest per agent), the rejected
    /// ones and the block scanned up to.
    pub async fn scan(
        &self,
        after: Option<u64>,
    ) -> Result<(Vec<RegisteredPeer>, Vec<RejectedCard>, u64), ChainError> {
        let latest = self.chain.provider.get_block_number().await?;
        let mut uris: BTreeMap<u64, String> = BTreeMap::new();
        let mut from = after.map_or(0, |b| b + 1);
        while from <= latest {
            let to = (from + LOG_CHUNK - 1).min(latest);
            let filter = Filter::new()
                .address(self.address)
                .event_signature(vec![
                    IIdentityRegistry::Registered::SIGNATURE_HASH,
                    IIdentityRegistry::URIUpdated::SIGNATURE_HASH,
                ])
                .from_block(from)
                .to_block(to);
            let logs = self.chain.provider.get_logs(&filter).await?;
            for log in logs {
                if let Ok(ev) = log.log_decode::<IIdentityRegistry::Registered>() {
                    if let Some(id) = agent_id_u64(ev.inner.data.agentId) {
                        uris.insert(id, ev.inner.data.agentURI.clone());
                    }
                } else if let Ok(ev) = log.log_decode::<IIdentityRegistry::URIUpdated>()
                    && let Some(id) = agent_id_u64(ev.inner.data.agentId)
                {
                    uris.insert(id, ev.inner.data.newURI.clone());
                }
            }
            from = to + 1;
        }
        let mut valid = Vec::new();
        let mut rejected = Vec::new();
        for (agent_id, uri) in uris {
            if uri.is_empty() {
                continue; // registered, card not written yet
            }
            let card = match AgentCard::from_data_uri(&uri) {
                Ok(c) => c,
                Err(error) => {
                    rejected.push(RejectedCard { agent_id, error });
                    continue;
                }
            };
            let owner = self.owner_of(agent_id).await?;
            match card.verify(self.chain.chain_id, self.address, agent_id, owner) {
                Ok(_) => valid.push(RegisteredPeer {
                    agent_id,
                    wallet: owner,
                    card,
                }),
                Err(error) => rejected.push(RejectedCard { agent_id, error }),
            }
        }
        Ok((valid, rejected, latest))
    }
}

impl RegisteredPeer {
    /// The bound peer id (already verified by [`Registry::scan`]).
    pub fn peer_id(&self) -> Option<PeerId> {
        self.card.x402_swarm.peer_id.parse().ok()
    }
}
