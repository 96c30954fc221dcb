// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Receiver hook of ERC-721 safe transfers and safe mints.
interface IERC721Receiver {
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data)
        external
        returns (bytes4);
}

/// @dev Signature validation of smart-contract wallets (ERC-1271).
interface IERC1271 {
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4);
}

/// @title ERC-8004 IdentityRegistry (minimal, non-upgradeable)
/// @notice Every agent is an ERC-721 token ("AgentIdentity" / "AGENT") whose tokenURI is the agent's
///         registration file (`agentURI`). The external ABI, events, revert reasons, EIP-712 domain and
///         typehash are those of the ERC-8004 reference IdentityRegistry 2.0.0, so clients written for
///         the canonical deployments work unchanged against this contract (e.g. on local dev chains).
///         It has no owner, no proxy and no upgrade path; the reference's UUPS/Ownable/ERC-4906/ERC-5267
///         extras are left out.
/// @dev Self-contained: the ERC-721 part follows OpenZeppelin 5 semantics and reverts with the same
///      ERC-6093 custom errors; the ERC-8004 part reverts with the reference's string reasons.
contract IdentityRegistry {
    // ---------------------------------------------------------------------------------------------
    // Types, events, errors
    // ---------------------------------------------------------------------------------------------

    struct MetadataEntry {
        string metadataKey;
        bytes metadataValue;
    }

    // ERC-8004
    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    event MetadataSet(
        uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue
    );
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);

    // ERC-721
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    // ERC-6093 (the errors OpenZeppelin's ERC721 uses, hence the canonical registry too)
    error ERC721InvalidOwner(address owner);
    error ERC721NonexistentToken(uint256 tokenId);
    error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner);
    error ERC721InvalidReceiver(address receiver);
    error ERC721InsufficientApproval(address operator, uint256 tokenId);
    error ERC721InvalidApprover(address approver);
    error ERC721InvalidOperator(address operator);

    // ---------------------------------------------------------------------------------------------
    // Constants
    // ---------------------------------------------------------------------------------------------

    /// @dev Reserved metadata key holding the agent's payment wallet (20 bytes, abi.encodePacked).
    string private constant AGENT_WALLET_KEY = "agentWallet";
    bytes32 private constant AGENT_WALLET_KEY_HASH = keccak256("agentWallet");

    bytes32 private constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant EIP712_NAME_HASH = keccak256("ERC8004IdentityRegistry");
    bytes32 private constant EIP712_VERSION_HASH = keccak256("1");
    /// @dev = 0x678b53cd718d595370ab070ebf48edfdcd834beac116bf23e625fc7f4d5b7d32
    bytes32 private constant AGENT_WALLET_SET_TYPEHASH =
        keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)");

    uint256 private constant MAX_DEADLINE_DELAY = 5 minutes;
    bytes4 private constant ERC1271_MAGICVALUE = 0x1626ba7e;
    /// @dev secp256k1n / 2: signatures with a larger `s` are malleable copies and are rejected (EIP-2).
    uint256 private constant SECP256K1N_HALF = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    // ---------------------------------------------------------------------------------------------
    // Storage
    // ---------------------------------------------------------------------------------------------

    /// @dev Next agent id; the first agent is id 0.
    uint256 private _lastId;

    mapping(uint256 tokenId => address) private _owners;
    mapping(address owner => uint256) private _balances;
    mapping(uint256 tokenId => address) private _tokenApprovals;
    mapping(address owner => mapping(address operator => bool)) private _operatorApprovals;

    mapping(uint256 agentId => string) private _agentURIs;
    /// @dev Includes the reserved "agentWallet" entry, which getAgentWallet reads.
    mapping(uint256 agentId => mapping(string metadataKey => bytes)) private _metadata;

    // ---------------------------------------------------------------------------------------------
    // ERC-8004: registration
    // ---------------------------------------------------------------------------------------------

    /// @notice Registers a new agent owned by the caller, with an empty agentURI.
    function register() external returns (uint256 agentId) {
        agentId = _register("");
        _checkOnERC721Received(address(0), msg.sender, agentId, "");
    }

    /// @notice Registers a new agent owned by the caller.
    function register(string calldata agentURI) external returns (uint256 agentId) {
        agentId = _register(agentURI);
        _checkOnERC721Received(address(0), msg.sender, agentId, "");
    }

    /// @notice Registers a new agent owned by the caller, with extra metadata ("agentWallet" is reserved).
    function register(string calldata agentURI, MetadataEntry[] calldata metadata)
        external
        returns (uint256 agentId)
    {
        agentId = _register(agentURI);
        for (uint256 i; i < metadata.length; i++) {
            _requireNotReserved(metadata[i].metadataKey);
            _metadata[agentId][metadata[i].metadataKey] = metadata[i].metadataValue;
            emit MetadataSet(agentId, metadata[i].metadataKey, metadata[i].metadataKey, metadata[i].metadataValue);
        }
        _checkOnERC721Received(address(0), msg.sender, agentId, "");
    }

    /// @dev Mints agent `_lastId++` to the caller, sets its URI and its agentWallet to the caller.
    ///      Events in the reference order: Transfer, Registered, MetadataSet("agentWallet").
    ///      The callers make the safe-mint receiver check last, once all state is written.
    function _register(string memory agentURI) private returns (uint256 agentId) {
        agentId = _lastId++;
        bytes memory wallet = abi.encodePacked(msg.sender);
        _metadata[agentId][AGENT_WALLET_KEY] = wallet;
        _agentURIs[agentId] = agentURI;

        _balances[msg.sender] += 1;
        _owners[agentId] = msg.sender;
        emit Transfer(address(0), msg.sender, agentId);

        emit Registered(agentId, agentURI, msg.sender);
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, wallet);
    }

    /// @notice Replaces the agent's registration file URI. Owner, approved or operator only.
    function setAgentURI(uint256 agentId, string calldata newURI) external {
        _requireAuthorized(agentId);
        _agentURIs[agentId] = newURI;
        emit URIUpdated(agentId, newURI, msg.sender);
    }

    // ---------------------------------------------------------------------------------------------
    // ERC-8004: metadata
    // ---------------------------------------------------------------------------------------------

    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        return _metadata[agentId][metadataKey];
    }

    /// @notice Sets one metadata entry. Owner, approved or operator only; "agentWallet" is reserved.
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external {
        _requireAuthorized(agentId);
        _requireNotReserved(metadataKey);
        _metadata[agentId][metadataKey] = metadataValue;
        emit MetadataSet(agentId, metadataKey, metadataKey, metadataValue);
    }

    // ---------------------------------------------------------------------------------------------
    // ERC-8004: agent wallet
    // ---------------------------------------------------------------------------------------------

    /// @notice The agent's payment wallet (x402 `payTo`), address(0) when unset or after a transfer.
    function getAgentWallet(uint256 agentId) external view returns (address) {
        return address(bytes20(_metadata[agentId][AGENT_WALLET_KEY]));
    }

    /// @notice Sets the agent's wallet, proven by the new wallet's EIP-712 signature over
    ///         AgentWalletSet(agentId, newWallet, owner, deadline); ECDSA first, then ERC-1271.
    ///         Owner, approved or operator only; `now <= deadline <= now + 5 minutes`.
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature)
        external
    {
        address owner = _requireAuthorized(agentId);
        require(newWallet != address(0), "bad wallet");
        require(block.timestamp <= deadline, "expired");
        require(deadline <= block.timestamp + MAX_DEADLINE_DELAY, "deadline too far");

        bytes32 structHash = keccak256(abi.encode(AGENT_WALLET_SET_TYPEHASH, agentId, newWallet, owner, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));

        // EOAs (and EIP-7702 delegated EOAs) sign with their key; anything else falls back to ERC-1271.
        if (_recover(digest, signature) != newWallet) {
            (bool ok, bytes memory res) =
                newWallet.staticcall(abi.encodeCall(IERC1271.isValidSignature, (digest, signature)));
            require(ok && res.length >= 32 && abi.decode(res, (bytes4)) == ERC1271_MAGICVALUE, "invalid wallet sig");
        }

        bytes memory wallet = abi.encodePacked(newWallet);
        _metadata[agentId][AGENT_WALLET_KEY] = wallet;
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, wallet);
    }

    /// @notice Clears the agent's wallet. Owner, approved or operator only.
    function unsetAgentWallet(uint256 agentId) external {
        _requireAuthorized(agentId);
        _clearAgentWallet(agentId);
    }

    /// @notice True if `spender` is the agent's owner, its approved address or an operator of the owner.
    ///         Reverts with ERC721NonexistentToken for an unknown agent.
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool) {
        return _isAuthorized(ownerOf(agentId), spender, agentId);
    }

    function getVersion() external pure returns (string memory) {
        return "2.0.0";
    }

    // ---------------------------------------------------------------------------------------------
    // ERC-721 / ERC-721 Metadata / ERC-165
    // ---------------------------------------------------------------------------------------------

    // name, symbol and supportsInterface are `view` as in the standard ABI (OpenZeppelin's are view);
    // `virtual` only keeps solc from suggesting `pure`.

    function name() external view virtual returns (string memory) {
        return "AgentIdentity";
    }

    function symbol() external view virtual returns (string memory) {
        return "AGENT";
    }

    /// @notice The agent's registration file URI (agentURI).
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        ownerOf(tokenId);
        return _agentURIs[tokenId];
    }

    function supportsInterface(bytes4 interfaceId) external view virtual returns (bool) {
        return interfaceId == 0x01ffc9a7 // ERC-165
            || interfaceId == 0x80ac58cd // ERC-721
            || interfaceId == 0x5b5e139f; // ERC-721 Metadata
    }

    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        return _balances[owner];
    }

    function ownerOf(uint256 tokenId) public view returns (address) {
        address owner = _owners[tokenId];
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        return owner;
    }

    function approve(address to, uint256 tokenId) external {
        address owner = ownerOf(tokenId);
        if (msg.sender != owner && !_operatorApprovals[owner][msg.sender]) revert ERC721InvalidApprover(msg.sender);
        _tokenApprovals[tokenId] = to;
        emit Approval(owner, to, tokenId);
    }

    function getApproved(uint256 tokenId) external view returns (address) {
        ownerOf(tokenId);
        return _tokenApprovals[tokenId];
    }

    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC721InvalidOperator(address(0));
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operatorApprovals[owner][operator];
    }

    function transferFrom(address from, address to, uint256 tokenId) public {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        address owner = _owners[tokenId];
        if (!_isAuthorized(owner, msg.sender, tokenId)) {
            if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
            revert ERC721InsufficientApproval(msg.sender, tokenId);
        }
        if (owner != from) revert ERC721IncorrectOwner(from, tokenId, owner);

        // ERC-8004: a verified wallet never follows the agent to a new owner (mints don't come here).
        _clearAgentWallet(tokenId);

        delete _tokenApprovals[tokenId];
        unchecked {
            _balances[from] -= 1;
            _balances[to] += 1;
        }
        _owners[tokenId] = to;
        emit Transfer(from, to, tokenId);
    }

    function safeTransferFrom(address from, address to, uint256 tokenId) external {
        safeTransferFrom(from, to, tokenId, "");
    }

    function safeTransferFrom(address from, address to, uint256 tokenId, bytes memory data) public {
        transferFrom(from, to, tokenId);
        _checkOnERC721Received(from, to, tokenId, data);
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _isAuthorized(address owner, address spender, uint256 tokenId) private view returns (bool) {
        return spender != address(0)
            && (owner == spender || _operatorApprovals[owner][spender] || _tokenApprovals[tokenId] == spender);
    }

    /// @dev Reverts ERC721NonexistentToken for an unknown agent, "Not authorized" for anyone but its
    ///      owner, approved address or operator. Returns the owner.
    function _requireAuthorized(uint256 agentId) private view returns (address owner) {
        owner = ownerOf(agentId);
        require(_isAuthorized(owner, msg.sender, agentId), "Not authorized");
    }

    function _requireNotReserved(string calldata metadataKey) private pure {
        require(keccak256(bytes(metadataKey)) != AGENT_WALLET_KEY_HASH, "reserved key");
    }

    function _clearAgentWallet(uint256 agentId) private {
        delete _metadata[agentId][AGENT_WALLET_KEY];
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, "");
    }

    /// @dev EIP-712 domain {name: "ERC8004IdentityRegistry", version: "1", chainId, verifyingContract}.
    ///      Computed per call, so it is always right for the current chain id and address.
    function _domainSeparator() private view returns (bytes32) {
        return keccak256(
            abi.encode(EIP712_DOMAIN_TYPEHASH, EIP712_NAME_HASH, EIP712_VERSION_HASH, block.chainid, address(this))
        );
    }

    /// @dev ECDSA recovery of a 65-byte r‖s‖v signature; address(0) for any malformed, high-s or invalid one.
    function _recover(bytes32 digest, bytes calldata signature) private pure returns (address) {
        if (signature.length != 65) return address(0);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > SECP256K1N_HALF) return address(0);
        return ecrecover(digest, v, r, s);
    }

    /// @dev ERC-721 receiver check for safe mints and safe transfers to contracts.
    function _checkOnERC721Received(address from, address to, uint256 tokenId, bytes memory data) private {
        if (to.code.length == 0) return;
        try IERC721Receiver(to).onERC721Received(msg.sender, from, tokenId, data) returns (bytes4 retval) {
            if (retval != IERC721Receiver.onERC721Received.selector) revert ERC721InvalidReceiver(to);
        } catch (bytes memory reason) {
            if (reason.length == 0) revert ERC721InvalidReceiver(to);
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }
}
