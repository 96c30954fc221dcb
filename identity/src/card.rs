//! The ERC-8004 registration file ("agent card") of a node, and its binding to the libp2p key.
//!
//! The card lists how to reach the node (`services`: gateway URL, libp2p peer id and multiaddrs,
//! iroh endpoint id) and carries a **binding**: a signature by the node's libp2p key over
//! `(chain id, registry, agent id, wallet, peer id)`. The chain proves wallet → card (only the
//! owner can set the URI); the signature proves peer id → wallet. A card that claims another
//! node's peer id cannot carry a valid signature for its own agent id and wallet, and is rejected.

use alloy::primitives::{Address, U256};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use libp2p::identity::{Keypair, PublicKey};
use libp2p::{Multiaddr, PeerId};
use serde::{Deserialize, Serialize};

/// `type` of an ERC-8004 registration file.
pub const REGISTRATION_TYPE: &str = "https://eips.ethereum.org/EIPS/eip-8004#registration-v1";
/// Prefix of on-chain card URIs.
pub const DATA_URI_PREFIX: &str = "data:application/json;base64,";
/// Largest card accepted from the chain, in bytes of URI.
pub const MAX_CARD_URI: usize = 16 * 1024;
/// Domain separator of the binding signature.
const BINDING_DOMAIN: &str = "tempo-x402 swarm identity binding v1";

/// One `services` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// Service name: `web`, `libp2p`, `iroh`, ...
    pub name: String,
    /// Where to reach it.
    pub endpoint: String,
    /// libp2p listen addresses (only on the `libp2p` entry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub multiaddrs: Vec<String>,
}

/// One `registrations` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    /// Agent id in the registry.
    pub agent_id: u64,
    /// `eip155:<chain id>:<registry address>`.
    pub agent_registry: String,
}

/// The signed link between the libp2p key and the on-chain identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    /// libp2p peer id.
    pub peer_id: String,
    /// Wallet that owns the agent.
    pub wallet: String,
    /// Base64 signature by the libp2p key over the binding message.
    pub signature: String,
}

/// An ERC-8004 registration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentCard {
    /// Always [`REGISTRATION_TYPE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// Node name.
    pub name: String,
    /// What the agent is.
    pub description: String,
    /// How to reach it.
    pub services: Vec<Service>,
    /// Accepts x402 payments.
    pub x402_support: bool,
    /// Currently running.
    pub active: bool,
    /// Where it is registered.
    pub registrations: Vec<Registration>,
    /// Binding of the libp2p key to the wallet and agent id (project extension).
    pub x402_swarm: Binding,
}

/// Why a card was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CardError {
    /// URI is not an on-chain JSON `data:` URI.
    #[error("agent URI is not a base64 JSON data URI")]
    NotDataUri,
    /// Too large.
    #[error("agent URI of {0} bytes exceeds {MAX_CARD_URI}")]
    TooLarge(usize),
    /// Not base64 / JSON / the expected shape.
    #[error("malformed registration file: {0}")]
    Malformed(String),
    /// Wrong `type`.
    #[error("registration file type {0:?} is not registration-v1")]
    WrongType(String),
    /// Not registered under this agent id on this registry.
    #[error("registration file does not list agent {agent_id} of {registry}")]
    WrongRegistration {
        /// Agent id from the chain.
        agent_id: u64,
        /// Expected `agentRegistry`.
        registry: String,
    },
    /// Binding wallet is not the on-chain owner.
    #[error("binding wallet {claimed} is not the agent owner {owner}")]
    WrongOwner {
        /// Wallet in the card.
        claimed: String,
        /// Owner on chain.
        owner: String,
    },
    /// Peer id unusable or signature invalid.
    #[error("binding signature does not verify for peer {0}")]
    BadSignature(String),
}

/// `eip155:<chain id>:<registry>`.
pub fn agent_registry(chain_id: u64, registry: Address) -> String {
    format!("eip155:{chain_id}:{registry}")
}

fn binding_message(
    chain_id: u64,
    registry: Address,
    agent_id: u64,
    wallet: Address,
    peer: &PeerId,
) -> Vec<u8> {
    format!(
        "{BINDING_DOMAIN}\nchain:{chain_id}\nregistry:{registry}\nagent:{agent_id}\nwallet:{wallet}\npeer:{peer}"
    )
    .into_bytes()
}

/// What a node puts in its card.
#[derive(Debug, Clone)]
pub struct CardInput<'a> {
    /// Node name.
    pub name: &'a str,
    /// Gateway URL.
    pub gateway: Option<&'a str>,
    /// libp2p listen addresses.
    pub multiaddrs: Vec<String>,
    /// Chain id.
    pub chain_id: u64,
    /// Registry address.
    pub registry: Address,
    /// Agent id.
    pub agent_id: u64,
    /// Wallet (owner).
    pub wallet: Address,
}

impl AgentCard {
    /// Builds and signs this node's card.
    pub fn build(input: &CardInput<'_>, key: &Keypair) -> AgentCard {
        let peer = key.public().to_peer_id();
        let signature = key
            .sign(&binding_message(
                input.chain_id,
                input.registry,
                input.agent_id,
                input.wallet,
                &peer,
            ))
            .expect("ed25519 signing is infallible");
        let mut multiaddrs = input.multiaddrs.clone();
        multiaddrs.sort();
        multiaddrs.dedup();
        let mut services = Vec::new();
        if let Some(g) = input.gateway {
            services.push(Service {
                name: "web".into(),
                endpoint: g.to_string(),
                multiaddrs: vec![],
            });
        }
        services.push(Service {
            name: "libp2p".into(),
            endpoint: peer.to_base58(),
            multiaddrs,
        });
        // Reserved for weight blobs: the iroh endpoint id is the same ed25519 public key.
        if let Ok(ed) = key.public().try_into_ed25519() {
            services.push(Service {
                name: "iroh".into(),
                endpoint: alloy::primitives::hex::encode(ed.to_bytes()),
                multiaddrs: vec![],
            });
        }
        AgentCard {
            kind: REGISTRATION_TYPE.into(),
            name: input.name.to_string(),
            description: "tempo-x402 swarm node".into(),
            services,
            x402_support: true,
            active: true,
            registrations: vec![Registration {
                agent_id: input.agent_id,
                agent_registry: agent_registry(input.chain_id, input.registry),
            }],
            x402_swarm: Binding {
                peer_id: peer.to_base58(),
                wallet: input.wallet.to_string(),
                signature: BASE64.encode(signature),
            },
        }
    }

    /// The card as an on-chain `data:` URI.
    pub fn to_data_uri(&self) -> String {
        let json = serde_json::to_vec(self).expect("card serializes");
        format!("{DATA_URI_PREFIX}{}", BASE64.encode(json))
    }

    /// Parses a `data:` URI.
    pub fn from_data_uri(uri: &str) -> Result<AgentCard, CardError> {
        if uri.len() > MAX_CARD_URI {
            return Err(CardError::TooLarge(uri.len()));
        }
        let b64 = uri
            .strip_prefix(DATA_URI_PREFIX)
            .ok_or(CardError::NotDataUri)?;
        let json = BASE64
            .decode(b64)
            .map_err(|e| CardError::Malformed(e.to_string()))?;
        let card: AgentCard =
            serde_json::from_slice(&json).map_err(|e| CardError::Malformed(e.to_string()))?;
        if card.kind != REGISTRATION_TYPE {
            return Err(CardError::WrongType(card.kind));
        }
        Ok(card)
    }

    /// Verifies the card registered as `agent_id` on (`chain_id`, `registry`), owned on chain by
    /// `owner`. Returns the peer id it binds.
    pub fn verify(
        &self,
        chain_id: u64,
        registry: Address,
        agent_id: u64,
        owner: Address,
    ) -> Result<PeerId, CardError> {
        let expected = agent_registry(chain_id, registry);
        if !self
            .registrations
            .iter()
            .any(|r| r.agent_id == agent_id && r.agent_registry.eq_ignore_ascii_case(&expected))
        {
            return Err(CardError::WrongRegistration {
                agent_id,
                registry: expected,
            });
        }
        let wallet: Address = self
            .x402_swarm
            .wallet
            .parse()
            .map_err(|_| CardError::Malformed("binding wallet is not an address".into()))?;
        if wallet != owner {
            return Err(CardError::WrongOwner {
                claimed: wallet.to_string(),
                owner: owner.to_string(),
            });
        }
        let bad = || CardError::BadSignature(self.x402_swarm.peer_id.clone());
        let peer: PeerId = self.x402_swarm.peer_id.parse().map_err(|_| bad())?;
        let public = public_key_of(&peer).ok_or_else(bad)?;
        let signature = BASE64
            .decode(&self.x402_swarm.signature)
            .map_err(|_| bad())?;
        let message = binding_message(chain_id, registry, agent_id, wallet, &peer);
        if !public.verify(&message, &signature) {
            return Err(bad());
        }
        Ok(peer)
    }

    /// The gateway URL, if listed.
    pub fn gateway(&self) -> Option<&str> {
        self.service("web").map(|s| s.endpoint.as_str())
    }

    /// The libp2p addresses listed.
    pub fn multiaddrs(&self) -> Vec<Multiaddr> {
        self.service("libp2p")
            .map(|s| s.multiaddrs.iter().filter_map(|a| a.parse().ok()).collect())
            .unwrap_or_default()
    }

    fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// The public key embedded in an Ed25519 peer id (identity multihash).
fn public_key_of(peer: &PeerId) -> Option<PublicKey> {
    let mh = peer.as_ref();
    if mh.code() != 0 {
        return None;
    }
    PublicKey::try_decode_protobuf(mh.digest()).ok()
}

/// Chain-side u256 agent id as u64 (ids above u64 are not produced by sane registries).
pub fn agent_id_u64(id: U256) -> Option<u64> {
    u64::try_from(id).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(key: &Keypair, wallet: Address, agent_id: u64) -> (CardInput<'static>, PeerId) {
        let _ = key;
        (
            CardInput {
                name: "n",
                gateway: Some("http://127.0.0.1:4023"),
                multiaddrs: vec!["/ip4/127.0.0.1/tcp/4024".into()],
                chain_id: 42431,
                registry: Address::repeat_byte(0x84),
                agent_id,
                wallet,
            },
            key.public().to_peer_id(),
        )
    }

    #[test]
    fn card_round_trips_and_verifies() {
        let key = Keypair::generate_ed25519();
        let wallet = Address::repeat_byte(1);
        let (inp, peer) = input(&key, wallet, 7);
        let card = AgentCard::build(&inp, &key);
        let uri = card.to_data_uri();
        assert!(uri.starts_with(DATA_URI_PREFIX));
        let back = AgentCard::from_data_uri(&uri).unwrap();
        assert_eq!(back, card);
        assert_eq!(back.verify(42431, inp.registry, 7, wallet), Ok(peer));
        assert_eq!(back.gateway(), Some("http://127.0.0.1:4023"));
        assert_eq!(back.multiaddrs().len(), 1);
        let json: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&card).unwrap()).unwrap();
        assert_eq!(json["x402Support"], true);
        assert_eq!(json["registrations"][0]["agentId"], 7);
    }

    #[test]
    fn forged_and_mismatched_cards_are_rejected() {
        let victim = Keypair::generate_ed25519();
        let attacker_wallet = Address::repeat_byte(2);
        let victim_wallet = Address::repeat_byte(1);
        let (inp, _) = input(&victim, victim_wallet, 3);
        let victims_card = AgentCard::build(&inp, &victim);
        // Copied verbatim under another agent id: the signature names agent 3.
        let mut copied = victims_card.clone();
        copied.registrations[0].agent_id = 9;
        assert!(matches!(
            copied.verify(42431, inp.registry, 9, victim_wallet),
            Err(CardError::BadSignature(_))
        ));
        // Claimed by another owner.
        assert!(matches!(
            victims_card.verify(42431, inp.registry, 3, attacker_wallet),
            Err(CardError::WrongOwner { .. })
        ));
        // Attacker re-signs with its own key but keeps the victim's peer id.
        let attacker = Keypair::generate_ed25519();
        let (ainp, _) = input(&attacker, attacker_wallet, 9);
        let mut forged = AgentCard::build(&ainp, &attacker);
        forged.x402_swarm.peer_id = victim.public().to_peer_id().to_base58();
        assert!(matches!(
            forged.verify(42431, ainp.registry, 9, attacker_wallet),
            Err(CardError::BadSignature(_))
        ));
        // Other registry.
        assert!(matches!(
            victims_card.verify(42431, Address::repeat_byte(5), 3, victim_wallet),
            Err(CardError::WrongRegistration { .. })
        ));
        assert_eq!(
            AgentCard::from_data_uri("https://x"),
            Err(CardError::NotDataUri)
        );
        assert!(matches!(
            AgentCard::from_data_uri(&format!("{DATA_URI_PREFIX}!!!")),
            Err(CardError::Malformed(_))
        ));
    }
}
