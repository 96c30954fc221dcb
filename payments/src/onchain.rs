//! Contract interfaces, EIP-712 structs and addresses the payment schemes use.

use alloy::primitives::{Address, Bytes, address};

/// Canonical Permit2 (predeployed on anvil in Tempo mode and on Tempo).
pub const PERMIT2: Address = address!("0x000000000022D473030F116dDEE9F6B43aC78BA3");
/// Canonical x402 exact Permit2 proxy.
pub const EXACT_PERMIT2_PROXY: Address = address!("0x402085c248EeA27D92E8b30b2C58ed07f9E20001");
/// pathUSD, the default asset.
pub const PATH_USD: Address = x402_identity::contracts::PATH_USD;

mod bindings {
    #![allow(clippy::too_many_arguments, missing_docs)]
    alloy::sol! {
    /// TIP-20 (ERC-20 + EIP-2612) subset.
    #[sol(rpc)]
    interface ITip20Token {
        function name() external view returns (string);
        function balanceOf(address owner) external view returns (uint256);
        function allowance(address owner, address spender) external view returns (uint256);
        function approve(address spender, uint256 amount) external returns (bool);
        function transferFrom(address from, address to, uint256 amount) external returns (bool);
        function nonces(address owner) external view returns (uint256);
        function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
    }

    /// Permit2 (signature-transfer side) subset and its errors.
    #[sol(rpc)]
    interface IPermit2 {
        function nonceBitmap(address owner, uint256 wordPos) external view returns (uint256);
        error InvalidNonce();
        error InvalidSignature();
        error InvalidSigner();
        error SignatureExpired(uint256 signatureDeadline);
        error InvalidAmount(uint256 maxAmount);
    }

    /// The x402 exact Permit2 proxy (published interface).
    #[sol(rpc)]
    interface IExactProxy {
        struct TokenPermissions { address token; uint256 amount; }
        struct PermitTransferFrom { TokenPermissions permitted; uint256 nonce; uint256 deadline; }
        struct Witness { address to; uint256 validAfter; }
        struct EIP2612Permit { uint256 value; uint256 deadline; bytes32 r; bytes32 s; uint8 v; }
        function PERMIT2() external view returns (address);
        function settle(PermitTransferFrom permit, address owner, Witness witness, bytes signature) external;
        function settleWithPermit(EIP2612Permit permit2612, PermitTransferFrom permit, address owner, Witness witness, bytes signature) external;
        error InvalidDestination();
        error PaymentTooEarly();
        error InvalidOwner();
        error InvalidAmount();
        error Permit2612AmountMismatch();
    }
    }
}
pub use bindings::{IExactProxy, IPermit2, ITip20Token};

/// EIP-712 structs signed by payers.
pub mod eip712 {
    use alloy::sol;

    sol! {
        /// Permit2 token permission.
        struct TokenPermissions { address token; uint256 amount; }
        /// The x402 exact witness.
        struct Witness { address to; uint256 validAfter; }
        /// What the payer signs for Permit2 (`spender` = the proxy).
        struct PermitWitnessTransferFrom {
            TokenPermissions permitted;
            address spender;
            uint256 nonce;
            uint256 deadline;
            Witness witness;
        }
        /// EIP-2612 permit (TIP-20 from hardfork T2).
        struct Permit { address owner; address spender; uint256 value; uint256 nonce; uint256 deadline; }
        /// Legacy `tempo-tip20` authorization (domain `x402-tempo`).
        struct PaymentAuthorization {
            address from;
            address to;
            uint256 value;
            address token;
            uint256 validAfter;
            uint256 validBefore;
            bytes32 nonce;
        }
    }
}

const PROXY_ARTIFACT: &str = include_str!("../../contracts/artifacts/x402ExactPermit2Proxy.json");

/// Runtime code of the bundled proxy (`contracts/src/x402ExactPermit2Proxy.sol`), placed at
/// [`EXACT_PERMIT2_PROXY`] on development chains.
pub fn proxy_runtime_code() -> Bytes {
    let v: serde_json::Value =
        serde_json::from_str(PROXY_ARTIFACT).expect("committed artifact is JSON");
    v["deployedBytecode"]
        .as_str()
        .expect("artifact has deployedBytecode")
        .parse()
        .expect("deployedBytecode is hex")
}

#[cfg(test)]
mod tests {
    use super::eip712::*;
    use super::*;
    use alloy::primitives::{b256, keccak256};
    use alloy::sol_types::SolStruct;

    #[test]
    fn typehashes_match_the_reference() {
        assert_eq!(
            keccak256(PermitWitnessTransferFrom::eip712_encode_type().as_bytes()),
            b256!("0xebc156cd23678a74c94df13d772ef5478420637f0c94bd10d509e1dc98f521c7")
        );
        assert_eq!(
            keccak256(Witness::eip712_encode_type().as_bytes()),
            b256!("0xd97b3239a7f32295517bd14cb074edfdd188dfe5eb42f802bb26d4fd1eb12c37")
        );
        assert_eq!(
            keccak256(Permit::eip712_encode_type().as_bytes()),
            b256!("0x6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9")
        );
        assert_eq!(
            keccak256(PaymentAuthorization::eip712_encode_type().as_bytes()),
            b256!("0x95b3c9fd30200bd0401e003b1697c98b46fb163f6663aeeb3aba38408da48de5")
        );
        use alloy::sol_types::SolCall;
        assert_eq!(IExactProxy::settleCall::SELECTOR, [0x13, 0xcd, 0x3b, 0x53]);
        assert_eq!(
            IExactProxy::settleWithPermitCall::SELECTOR,
            [0xfa, 0x34, 0x03, 0x78]
        );
        assert!(proxy_runtime_code().len() > 1000);
    }
}
