//! Contract interfaces (standard ABIs) and the committed registry artifact.

use alloy::primitives::{Address, B256, Bytes, address, b256};
use alloy::sol;

sol! {
    /// ERC-8004 IdentityRegistry (the subset of the standard ABI the node uses).
    #[sol(rpc)]
    interface IIdentityRegistry {
        event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
        event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);
        function register() external returns (uint256 agentId);
        function setAgentURI(uint256 agentId, string newURI) external;
        function tokenURI(uint256 agentId) external view returns (string);
        function ownerOf(uint256 agentId) external view returns (address);
        function getAgentWallet(uint256 agentId) external view returns (address);
        function getVersion() external pure returns (string);
    }

    /// TIP-20 token (ERC-20 subset).
    #[sol(rpc)]
    interface ITip20 {
        function balanceOf(address owner) external view returns (uint256);
        function transfer(address to, uint256 amount) external returns (bool);
        function decimals() external view returns (uint8);
    }
}

/// pathUSD, the default TIP-20 stablecoin (6 decimals).
pub const PATH_USD: Address = address!("0x20c0000000000000000000000000000000000000");
/// Arachnid's deterministic CREATE2 deployer (predeployed on anvil).
pub const CREATE2_DEPLOYER: Address = address!("0x4e59b44847b379578588920cA78FbF26c0B4956C");
/// Canonical ERC-8004 IdentityRegistry on mainnets (incl. Tempo mainnet 4217).
pub const CANONICAL_REGISTRY_MAINNET: Address =
    address!("0x8004A169FB4a3325136EB29fA0ceB6D2e539a432");
/// Canonical ERC-8004 IdentityRegistry address pattern on testnets.
pub const CANONICAL_REGISTRY_TESTNET: Address =
    address!("0x8004A818BFB912233c491871b3d84c89A494BD9e");

/// The committed artifact of `contracts/src/IdentityRegistry.sol`.
const ARTIFACT: &str = include_str!("../../contracts/artifacts/IdentityRegistry.json");
/// The committed deterministic deployment (`contracts/artifacts/deployments.json`).
const DEPLOYMENTS: &str = include_str!("../../contracts/artifacts/deployments.json");

/// Creation bytecode of the bundled IdentityRegistry.
pub fn registry_initcode() -> Bytes {
    let v: serde_json::Value = serde_json::from_str(ARTIFACT).expect("committed artifact is JSON");
    let hex = v["bytecode"]
        .as_str()
        .or_else(|| v["bytecode"]["object"].as_str())
        .expect("artifact has bytecode");
    hex.parse().expect("artifact bytecode is hex")
}

/// CREATE2 salt of the bundled registry on dev chains.
pub fn registry_salt() -> B256 {
    let v: serde_json::Value =
        serde_json::from_str(DEPLOYMENTS).expect("committed deployments is JSON");
    v["salt"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(b256!(
            "0x0000000000000000000000000000000000000000000000000000000000000000"
        ))
}

/// Address of the bundled registry when deployed through [`CREATE2_DEPLOYER`] with
/// [`registry_salt`]: the same on every dev chain.
pub fn dev_registry_address() -> Address {
    CREATE2_DEPLOYER.create2_from_code(registry_salt(), registry_initcode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_address_matches_the_committed_deployment() {
        let v: serde_json::Value = serde_json::from_str(DEPLOYMENTS).unwrap();
        let committed: Address = v["IdentityRegistry"].as_str().unwrap().parse().unwrap();
        assert_eq!(dev_registry_address(), committed);
    }
}
