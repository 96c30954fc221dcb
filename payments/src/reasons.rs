//! Standard error reason strings (character for character those of the TS/Go x402 SDKs).

#![allow(missing_docs)]

pub const UNSUPPORTED_PAYLOAD_TYPE: &str = "unsupported_payload_type";
pub const INVALID_SCHEME: &str = "invalid_exact_evm_scheme";
pub const NETWORK_MISMATCH: &str = "invalid_exact_evm_network_mismatch";
pub const TRANSACTION_FAILED: &str = "invalid_exact_evm_transaction_failed";
pub const INVALID_X402_VERSION: &str = "invalid_x402_version";
pub const INVALID_PERMIT2_SIGNATURE: &str = "invalid_permit2_signature";
pub const INVALID_PERMIT2_SPENDER: &str = "invalid_permit2_spender";
pub const PERMIT2_RECIPIENT_MISMATCH: &str = "invalid_permit2_recipient_mismatch";
pub const PERMIT2_ALLOWANCE_REQUIRED: &str = "permit2_allowance_required";
pub const PERMIT2_AMOUNT_MISMATCH: &str = "permit2_amount_mismatch";
pub const PERMIT2_DEADLINE_EXPIRED: &str = "permit2_deadline_expired";
pub const PERMIT2_NOT_YET_VALID: &str = "permit2_not_yet_valid";
pub const PERMIT2_INSUFFICIENT_BALANCE: &str = "permit2_insufficient_balance";
pub const PERMIT2_INVALID_AMOUNT: &str = "permit2_invalid_amount";
pub const PERMIT2_INVALID_DESTINATION: &str = "permit2_invalid_destination";
pub const PERMIT2_INVALID_NONCE: &str = "permit2_invalid_nonce";
pub const PERMIT2_INVALID_OWNER: &str = "permit2_invalid_owner";
pub const PERMIT2_PAYMENT_TOO_EARLY: &str = "permit2_payment_too_early";
pub const PERMIT2_PROXY_NOT_DEPLOYED: &str = "permit2_proxy_not_deployed";
pub const PERMIT2_SIMULATION_FAILED: &str = "permit2_simulation_failed";
pub const PERMIT2_TOKEN_MISMATCH: &str = "permit2_token_mismatch";
pub const PERMIT2_2612_AMOUNT_MISMATCH: &str = "permit2_2612_amount_mismatch";
pub const INVALID_EIP2612_EXTENSION_FORMAT: &str = "invalid_eip2612_extension_format";
pub const EIP2612_FROM_MISMATCH: &str = "eip2612_from_mismatch";
pub const EIP2612_ASSET_MISMATCH: &str = "eip2612_asset_mismatch";
pub const EIP2612_SPENDER_NOT_PERMIT2: &str = "eip2612_spender_not_permit2";
pub const EIP2612_DEADLINE_EXPIRED: &str = "eip2612_deadline_expired";
pub const UNEXPECTED_SETTLE_ERROR: &str = "unexpected_settle_error";
pub const UNEXPECTED_VERIFY_ERROR: &str = "unexpected_verify_error";
/// Legacy scheme reasons (EIP-3009-style names of the TS set, reused for `tempo-tip20`).
pub const INVALID_SIGNATURE: &str = "invalid_exact_evm_signature";
pub const RECIPIENT_MISMATCH: &str = "invalid_exact_evm_recipient_mismatch";
pub const VALID_BEFORE: &str = "invalid_exact_evm_payload_authorization_valid_before";
pub const VALID_AFTER: &str = "invalid_exact_evm_payload_authorization_valid_after";
pub const AUTHORIZATION_VALUE: &str = "invalid_exact_evm_authorization_value";
pub const NONCE_ALREADY_USED: &str = "invalid_exact_evm_nonce_already_used";
pub const INSUFFICIENT_BALANCE: &str = "invalid_exact_evm_insufficient_balance";
pub const SIMULATION_FAILED: &str = "invalid_exact_evm_transaction_simulation_failed";
/// `tempo-tip20` token is not the asset (no standard string exists for this case).
pub const TOKEN_MISMATCH: &str = "invalid_exact_evm_token_mismatch";
/// A settled-but-unserved payment was already redeemed once (this node's own reason).
pub const PAYMENT_ALREADY_REDEEMED: &str = "payment_already_redeemed";
/// A settled-but-unserved payment presented for another resource, recipient, asset or a
/// higher price than it settled for (this node's own reason).
pub const PAYMENT_NOT_REDEEMABLE_HERE: &str = "payment_not_redeemable_here";
