// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Test-only smart-contract wallet, compiled by registry.test.js (not a build artifact):
///      a "signature" is valid iff it is exactly the 32-byte digest being signed.
contract ERC1271WalletMock {
    function isValidSignature(bytes32 hash, bytes calldata signature) external pure returns (bytes4) {
        return keccak256(signature) == keccak256(abi.encodePacked(hash)) ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
