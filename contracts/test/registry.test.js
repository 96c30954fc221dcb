'use strict';
// End-to-end test of the committed IdentityRegistry artifact on a real chain: anvil 1.7.1 in Tempo mode
// (`--network tempo --hardfork T2 --chain-id 42431`), started on a free port and stopped by this file.
// Talks plain JSON-RPC with fetch and sends from anvil's unlocked dev accounts (eth_sendTransaction),
// so it needs no Ethereum library; ABI coding, keccak and secp256k1 signing are done by hand below.
// Run: `npm test` (or `node --test test/`) in contracts/.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { keccak256, keccak256Hex } = require('../lib/keccak');
const { create2Address, toChecksumAddress, SALT_PREIMAGE } = require('../build');

const ROOT = path.join(__dirname, '..');
const ANVIL = path.join(ROOT, 'node_modules', '.bin', 'anvil');
const ARTIFACT = require('../artifacts/IdentityRegistry.json');
const DEPLOYMENTS = require('../artifacts/deployments.json');
const CHAIN_ID = 42431n;
const ZERO = '0x0000000000000000000000000000000000000000';

// ---------------------------------------------------------------------------------------------
// Hex and ABI helpers (just the types the registry uses)
// ---------------------------------------------------------------------------------------------

const strip0x = (h) => h.replace(/^0x/, '');
const hexBuf = (h) => Buffer.from(strip0x(h), 'hex');
const bufHex = (b) => '0x' + Buffer.from(b).toString('hex');
const word = (n) => Buffer.from(BigInt(n).toString(16).padStart(64, '0'), 'hex');
const padRight = (b) => Buffer.concat([b, Buffer.alloc((32 - (b.length % 32)) % 32)]);
const lower = (a) => a.toLowerCase();

/** Splits "a,(b,c)[],d" at top-level commas. */
function splitTypes(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

const isDynamic = (t) =>
  t === 'string' || t === 'bytes' || t.endsWith('[]') ||
  (t.startsWith('(') && splitTypes(t.slice(1, -1)).some(isDynamic));

function encodeOne(t, v) {
  if (t.endsWith('[]')) return Buffer.concat([word(v.length), encode(v.map(() => t.slice(0, -2)), v)]);
  if (t.startsWith('(')) return encode(splitTypes(t.slice(1, -1)), v);
  if (t === 'string' || t === 'bytes') {
    const b = t === 'string' ? Buffer.from(v, 'utf8') : hexBuf(v);
    return Buffer.concat([word(b.length), padRight(b)]);
  }
  if (t === 'address') return Buffer.concat([Buffer.alloc(12), hexBuf(v)]);
  if (t === 'bool') return word(v ? 1 : 0);
  if (/^bytes\d+$/.test(t)) return padRight(hexBuf(v));
  if (/^uint\d+$/.test(t)) return word(v);
  throw new Error(`unsupported type ${t}`);
}

/** abi.encode(types..., values...) */
function encode(types, values) {
  const heads = [];
  const tails = [];
  let tailOffset = 32 * types.length;
  types.forEach((t, i) => {
    const enc = encodeOne(t, values[i]);
    if (isDynamic(t)) {
      heads.push(word(tailOffset));
      tails.push(enc);
      tailOffset += enc.length;
    } else {
      heads.push(enc);
    }
  });
  return Buffer.concat([...heads, ...tails]);
}

/** abi.decode for static words, string and bytes. */
function decode(types, hex) {
  const b = hexBuf(hex);
  const at = (off) => BigInt(bufHex(b.subarray(off, off + 32)));
  return types.map((t, i) => {
    const head = 32 * i;
    if (t === 'string' || t === 'bytes') {
      const off = Number(at(head));
      const len = Number(at(off));
      const data = b.subarray(off + 32, off + 32 + len);
      return t === 'string' ? data.toString('utf8') : bufHex(data);
    }
    if (t === 'address') return toChecksumAddress(bufHex(b.subarray(head + 12, head + 32)));
    if (t === 'bool') return at(head) !== 0n;
    if (/^uint\d+$/.test(t)) return at(head);
    if (/^bytes\d+$/.test(t)) return bufHex(b.subarray(head, head + Number(t.slice(5))));
    throw new Error(`unsupported type ${t}`);
  });
}

const typesOf = (sig) => splitTypes(sig.slice(sig.indexOf('(') + 1, -1));
const selector = (sig) => keccak256(sig).subarray(0, 4);
/** Calldata of `sig` (e.g. "register(string)") applied to `args`. */
const calldata = (sig, ...args) => bufHex(Buffer.concat([selector(sig), encode(typesOf(sig), args)]));
const topic = (sig) => keccak256Hex(sig);
const addrTopic = (a) => bufHex(Buffer.concat([Buffer.alloc(12), hexBuf(a)]));
const uintTopic = (n) => bufHex(word(n));
/** Revert data of `require(false, msg)` and of custom errors. */
const errorString = (msg) => calldata('Error(string)', msg);
const customError = (sig, ...args) => calldata(sig, ...args);

// ---------------------------------------------------------------------------------------------
// secp256k1 (point multiplication by node's ECDH, the rest in BigInt)
// ---------------------------------------------------------------------------------------------

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const modPow = (b, e, m) => {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};

/** k·G as {x, y} */
function mulG(k) {
  const ecdh = crypto.createECDH('secp256k1');
  ecdh.setPrivateKey(word(k));
  const pub = ecdh.getPublicKey(); // 0x04 ‖ x ‖ y
  return { x: BigInt(bufHex(pub.subarray(1, 33))), y: BigInt(bufHex(pub.subarray(33, 65))), raw: pub };
}

function randomScalar() {
  for (;;) {
    const k = BigInt(bufHex(crypto.randomBytes(32)));
    if (k > 0n && k < N) return k;
  }
}

const addressOfKey = (priv) => toChecksumAddress(bufHex(keccak256(mulG(priv).raw.subarray(1)).subarray(12)));

/** Low-s ECDSA signature r ‖ s ‖ v (v = 27/28) of a 32-byte digest, as the registry expects. */
function signDigest(digest, priv) {
  const z = BigInt(bufHex(digest));
  for (;;) {
    const k = randomScalar();
    const R = mulG(k);
    if (R.x >= N) continue; // keeps the recovery id in {0, 1}
    const r = R.x;
    let s = (modPow(k, N - 2n, N) * ((z + r * priv) % N)) % N;
    if (s === 0n) continue;
    let recid = Number(R.y & 1n);
    if (s > N / 2n) {
      s = N - s;
      recid ^= 1;
    }
    return { r, s, v: 27 + recid };
  }
}
const sigBytes = ({ r, s, v }) => bufHex(Buffer.concat([word(r), word(s), Buffer.from([v])]));

// ---------------------------------------------------------------------------------------------
// anvil and JSON-RPC
// ---------------------------------------------------------------------------------------------

let anvil;
let rpcUrl;
let rpcId = 0;

function startAnvil() {
  return new Promise((resolve, reject) => {
    const args = ['--network', 'tempo', '--hardfork', 'T2', '--chain-id', String(CHAIN_ID), '-p', '0', '--host', '127.0.0.1'];
    const child = spawn(ANVIL, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`anvil did not start within 30 s:\n${out}`));
    }, 30_000);
    const onData = (d) => {
      out += d;
      const m = out.match(/Listening on ([\d.]+):(\d+)/);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeListener('data', onData);
        child.stdout.resume(); // keep draining
        resolve({ child, url: `http://${m[1]}:${m[2]}` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${ANVIL} (did you run \`npm ci\`?): ${e.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code}:\n${out}`));
    });
  });
}

async function rpc(method, params = []) {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const body = await res.json();
  if (body.error) {
    const e = new Error(`${method}: ${body.error.message}`);
    e.data = body.error.data;
    throw e;
  }
  return body.result;
}

/** eth_sendTransaction from an unlocked dev account; returns the receipt, which must be successful. */
async function send(from, to, data) {
  const tx = { from, data };
  if (to) tx.to = to;
  const hash = await rpc('eth_sendTransaction', [tx]);
  let receipt = null;
  for (let i = 0; i < 100 && !receipt; i++) {
    receipt = await rpc('eth_getTransactionReceipt', [hash]);
    if (!receipt) await new Promise((r) => setTimeout(r, 50)); // automine, but not always synchronous
  }
  assert.ok(receipt, `no receipt for ${hash}`);
  assert.equal(receipt.status, '0x1', `transaction ${hash} reverted`);
  // Tempo receipts also carry the fee payment: an ERC-20 Transfer log of the fee token (a TIP-20
  // precompile at 0x20c0…), same topic0 as the ERC-721 Transfer. Keep only the logs under test.
  const target = lower(receipt.contractAddress || to);
  return { ...receipt, logs: receipt.logs.filter((l) => lower(l.address) === target) };
}

const call = (to, data, from) => rpc('eth_call', [{ to, data, ...(from ? { from } : {}) }, 'latest']);

/** Asserts that eth_call reverts with exactly `expected` revert data. */
async function assertReverts(to, data, from, expected) {
  let err;
  try {
    await call(to, data, from);
  } catch (e) {
    err = e;
  }
  assert.ok(err, 'expected a revert');
  assert.equal(err.data, expected, `revert data of ${err.message}`);
}

async function latestTimestamp() {
  const block = await rpc('eth_getBlockByNumber', ['latest', false]);
  return BigInt(block.timestamp);
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

let accounts; // checksummed dev accounts
let registry; // the CREATE2-deployed instance
const view = async (sig, types, ...args) => decode(types, await call(registry, calldata(sig, ...args)));

const T = {
  Transfer: topic('Transfer(address,address,uint256)'),
  Approval: topic('Approval(address,address,uint256)'),
  Registered: topic('Registered(uint256,string,address)'),
  MetadataSet: topic('MetadataSet(uint256,string,string,bytes)'),
  URIUpdated: topic('URIUpdated(uint256,string,address)'),
};
const AGENT_WALLET_TOPIC = keccak256Hex('agentWallet');

function registeredId(receipt) {
  const log = receipt.logs.find((l) => l.topics[0] === T.Registered);
  assert.ok(log, 'no Registered event');
  return BigInt(log.topics[1]);
}

before(async () => {
  ({ child: anvil, url: rpcUrl } = await startAnvil());
  accounts = (await rpc('eth_accounts')).map(toChecksumAddress);
});

after(() => {
  if (anvil) anvil.kill('SIGTERM');
});
process.on('exit', () => {
  if (anvil && anvil.exitCode === null) anvil.kill('SIGKILL'); // never leave an anvil behind
});

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

test('anvil runs in Tempo mode with chain id 42431 and the CREATE2 deployer predeployed', async () => {
  assert.equal(BigInt(await rpc('eth_chainId')), CHAIN_ID);
  assert.match(await rpc('web3_clientVersion'), /anvil/i);
  assert.notEqual(await rpc('eth_getCode', [DEPLOYMENTS.create2Deployer, 'latest']), '0x');
  // pathUSD (a TIP-20 precompile) exists only in Tempo mode
  assert.notEqual(await rpc('eth_getCode', ['0x20c0000000000000000000000000000000000000', 'latest']), '0x');
});

test('local keccak agrees with the chain (web3_sha3) on the salt and the EIP-712 typehash', async () => {
  assert.equal(await rpc('web3_sha3', [bufHex(Buffer.from(SALT_PREIMAGE))]), DEPLOYMENTS.salt);
  assert.equal(DEPLOYMENTS.salt, keccak256Hex(SALT_PREIMAGE));
  const typehash = 'AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)';
  assert.equal(keccak256Hex(typehash), '0x678b53cd718d595370ab070ebf48edfdcd834beac116bf23e625fc7f4d5b7d32');
  assert.equal(await rpc('web3_sha3', [bufHex(Buffer.from(typehash))]), keccak256Hex(typehash));
});

test('CREATE2 deployment lands at the committed deterministic address', async () => {
  const data = DEPLOYMENTS.salt + strip0x(ARTIFACT.bytecode);
  const computed = create2Address(DEPLOYMENTS.create2Deployer, DEPLOYMENTS.salt, ARTIFACT.bytecode);
  assert.equal(computed, DEPLOYMENTS.IdentityRegistry);
  // the deployer returns the new address (20 bytes) from a dry run
  const predicted = await call(DEPLOYMENTS.create2Deployer, data, accounts[0]);
  assert.equal(toChecksumAddress(predicted), DEPLOYMENTS.IdentityRegistry);

  const receipt = await send(accounts[0], DEPLOYMENTS.create2Deployer, data);
  console.log(`# CREATE2 deployment gas used: ${BigInt(receipt.gasUsed)}`);
  registry = DEPLOYMENTS.IdentityRegistry;
  assert.equal(await rpc('eth_getCode', [registry, 'latest']), ARTIFACT.deployedBytecode);
  // a second deployment with the same salt fails
  await assert.rejects(call(DEPLOYMENTS.create2Deployer, data, accounts[0]));
});

test('plain CREATE deployment works too', async () => {
  const receipt = await send(accounts[9], null, ARTIFACT.bytecode);
  const addr = receipt.contractAddress;
  assert.ok(addr);
  assert.equal(await rpc('eth_getCode', [addr, 'latest']), ARTIFACT.deployedBytecode);
  assert.deepEqual(decode(['string'], await call(addr, calldata('getVersion()'))), ['2.0.0']);
});

test('ERC-721 metadata, ERC-165 and version', async () => {
  assert.deepEqual(await view('name()', ['string']), ['AgentIdentity']);
  assert.deepEqual(await view('symbol()', ['string']), ['AGENT']);
  assert.deepEqual(await view('getVersion()', ['string']), ['2.0.0']);
  for (const id of ['0x01ffc9a7', '0x80ac58cd', '0x5b5e139f']) {
    assert.deepEqual(await view('supportsInterface(bytes4)', ['bool'], id), [true], id);
  }
  for (const id of ['0xffffffff', '0x49064906', '0x00000000']) {
    assert.deepEqual(await view('supportsInterface(bytes4)', ['bool'], id), [false], id);
  }
  await assertReverts(registry, calldata('balanceOf(address)', ZERO), null, customError('ERC721InvalidOwner(address)', ZERO));
});

const URI0 = 'data:application/json;base64,eyJ0eXBlIjoiaHR0cHM6Ly9laXBzLmV0aGVyZXVtLm9yZy9FSVBTL2VpcC04MDA0I3JlZ2lzdHJhdGlvbi12MSJ9';

test('register(string): agent 0, Transfer + Registered + MetadataSet(agentWallet), tokenURI, owner, wallet', async () => {
  const [a0] = accounts;
  // dry run returns the id the registration will get
  assert.deepEqual(decode(['uint256'], await call(registry, calldata('register(string)', URI0), a0)), [0n]);

  const receipt = await send(a0, registry, calldata('register(string)', URI0));
  console.log(`# register(string) gas used (${URI0.length}-byte URI): ${BigInt(receipt.gasUsed)}`);
  const logs = receipt.logs;
  assert.equal(logs.length, 3);
  for (const l of logs) assert.equal(lower(l.address), lower(registry));

  assert.deepEqual(logs[0].topics, [T.Transfer, addrTopic(ZERO), addrTopic(a0), uintTopic(0)]);

  assert.deepEqual(logs[1].topics, [T.Registered, uintTopic(0), addrTopic(lower(a0))]);
  assert.equal(logs[1].data, bufHex(encode(['string'], [URI0])));
  assert.deepEqual(decode(['string'], logs[1].data), [URI0]);

  assert.deepEqual(logs[2].topics, [T.MetadataSet, uintTopic(0), AGENT_WALLET_TOPIC]);
  assert.deepEqual(decode(['string', 'bytes'], logs[2].data), ['agentWallet', lower(a0)]);

  assert.deepEqual(await view('tokenURI(uint256)', ['string'], 0), [URI0]);
  assert.deepEqual(await view('ownerOf(uint256)', ['address'], 0), [a0]);
  assert.deepEqual(await view('balanceOf(address)', ['uint256'], a0), [1n]);
  assert.deepEqual(await view('getAgentWallet(uint256)', ['address'], 0), [a0]);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 0, 'agentWallet'), [lower(a0)]);
  assert.deepEqual(await view('isAuthorizedOrOwner(address,uint256)', ['bool'], a0, 0), [true]);
  assert.deepEqual(await view('isAuthorizedOrOwner(address,uint256)', ['bool'], accounts[1], 0), [false]);
});

test('register() and register(string,(string,bytes)[]) assign consecutive ids', async () => {
  const [, a1, a2] = accounts;
  const r1 = await send(a1, registry, calldata('register()'));
  assert.equal(registeredId(r1), 1n);
  assert.deepEqual(decode(['string'], r1.logs.find((l) => l.topics[0] === T.Registered).data), ['']);
  assert.deepEqual(await view('tokenURI(uint256)', ['string'], 1), ['']);
  assert.deepEqual(await view('getAgentWallet(uint256)', ['address'], 1), [a1]);

  const entries = [['x402', '0x01'], ['endpoint', bufHex(Buffer.from('https://node.example'))]];
  const r2 = await send(a2, registry, calldata('register(string,(string,bytes)[])', 'ipfs://agent2', entries));
  assert.equal(registeredId(r2), 2n);
  const metaLogs = r2.logs.filter((l) => l.topics[0] === T.MetadataSet);
  assert.equal(metaLogs.length, 3); // agentWallet + 2 entries
  assert.deepEqual(metaLogs.map((l) => l.topics[2]), [AGENT_WALLET_TOPIC, keccak256Hex('x402'), keccak256Hex('endpoint')]);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 2, 'x402'), ['0x01']);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 2, 'endpoint'), [entries[1][1]]);
  assert.deepEqual(await view('tokenURI(uint256)', ['string'], 2), ['ipfs://agent2']);

  // the reserved key cannot be smuggled in at registration
  await assertReverts(
    registry,
    calldata('register(string,(string,bytes)[])', 'x', [['agentWallet', '0x1234']]),
    a2,
    errorString('reserved key'),
  );
});

test('setAgentURI emits URIUpdated; only owner/approved/operator', async () => {
  const [a0, a1, , a3] = accounts;
  const receipt = await send(a0, registry, calldata('setAgentURI(uint256,string)', 0, 'https://a0.example/card.json'));
  assert.equal(receipt.logs.length, 1);
  assert.deepEqual(receipt.logs[0].topics, [T.URIUpdated, uintTopic(0), addrTopic(lower(a0))]);
  assert.deepEqual(decode(['string'], receipt.logs[0].data), ['https://a0.example/card.json']);
  assert.deepEqual(await view('tokenURI(uint256)', ['string'], 0), ['https://a0.example/card.json']);

  await assertReverts(registry, calldata('setAgentURI(uint256,string)', 0, 'x'), a1, errorString('Not authorized'));
  await assertReverts(
    registry,
    calldata('setAgentURI(uint256,string)', 99, 'x'),
    a0,
    customError('ERC721NonexistentToken(uint256)', 99),
  );
  await assertReverts(registry, calldata('tokenURI(uint256)', 99), null, customError('ERC721NonexistentToken(uint256)', 99));

  // an approved address may update the URI too
  const approval = await send(a0, registry, calldata('approve(address,uint256)', a3, 0));
  assert.deepEqual(approval.logs[0].topics, [T.Approval, addrTopic(lower(a0)), addrTopic(lower(a3)), uintTopic(0)]);
  assert.deepEqual(await view('getApproved(uint256)', ['address'], 0), [a3]);
  assert.deepEqual(await view('isAuthorizedOrOwner(address,uint256)', ['bool'], a3, 0), [true]);
  const r2 = await send(a3, registry, calldata('setAgentURI(uint256,string)', 0, URI0));
  assert.equal(r2.logs[0].topics[2], addrTopic(lower(a3)));

  // and so may an operator
  await send(a1, registry, calldata('setApprovalForAll(address,bool)', a3, true));
  assert.deepEqual(await view('isApprovedForAll(address,address)', ['bool'], a1, a3), [true]);
  assert.deepEqual(await view('isAuthorizedOrOwner(address,uint256)', ['bool'], a3, 1), [true]);
  await send(a3, registry, calldata('setAgentURI(uint256,string)', 1, 'ipfs://agent1'));
  assert.deepEqual(await view('tokenURI(uint256)', ['string'], 1), ['ipfs://agent1']);
  await assertReverts(
    registry,
    calldata('isAuthorizedOrOwner(address,uint256)', a3, 99),
    null,
    customError('ERC721NonexistentToken(uint256)', 99),
  );
});

test('setMetadata stores and emits; "agentWallet" is reserved', async () => {
  const [a0, a1] = accounts;
  const value = bufHex(Buffer.from('/ip4/127.0.0.1/tcp/4001'));
  const receipt = await send(a0, registry, calldata('setMetadata(uint256,string,bytes)', 0, 'libp2p', value));
  assert.deepEqual(receipt.logs[0].topics, [T.MetadataSet, uintTopic(0), keccak256Hex('libp2p')]);
  assert.deepEqual(decode(['string', 'bytes'], receipt.logs[0].data), ['libp2p', value]);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 0, 'libp2p'), [value]);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 0, 'unknown'), ['0x']);

  await assertReverts(
    registry,
    calldata('setMetadata(uint256,string,bytes)', 0, 'agentWallet', lower(a1)),
    a0,
    errorString('reserved key'),
  );
  await assertReverts(registry, calldata('setMetadata(uint256,string,bytes)', 0, 'k', '0x01'), a1, errorString('Not authorized'));
  await assertReverts(
    registry,
    calldata('setMetadata(uint256,string,bytes)', 99, 'k', '0x01'),
    a0,
    customError('ERC721NonexistentToken(uint256)', 99),
  );
});

/** EIP-712 digest of AgentWalletSet for the registry at `registry` on chain 42431. */
function agentWalletDigest(agentId, newWallet, owner, deadline) {
  const domainTypehash = keccak256('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)');
  const domain = keccak256(
    encode(
      ['bytes32', 'bytes32', 'bytes32', 'uint256', 'address'],
      [bufHex(domainTypehash), keccak256Hex('ERC8004IdentityRegistry'), keccak256Hex('1'), CHAIN_ID, registry],
    ),
  );
  const typehash = keccak256Hex('AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)');
  const struct = keccak256(encode(['bytes32', 'uint256', 'address', 'address', 'uint256'], [typehash, agentId, newWallet, owner, deadline]));
  return keccak256(Buffer.concat([Buffer.from([0x19, 0x01]), domain, struct]));
}

test('setAgentWallet: EIP-712 ECDSA signature of the new wallet, deadline window, high-s rejected', async () => {
  const [a0, a1] = accounts;
  // sanity of the local signer: anvil's dev key 0 is account 0
  assert.equal(addressOfKey(0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80n), a0);

  const key = randomScalar();
  const wallet = addressOfKey(key);
  const now = await latestTimestamp();
  const deadline = now + 120n;
  const digest = agentWalletDigest(0, wallet, a0, deadline);
  const sig = signDigest(digest, key);
  const setWallet = (sigHex, dl = deadline, w = wallet) =>
    calldata('setAgentWallet(uint256,address,uint256,bytes)', 0, w, dl, sigHex);

  // revert paths (checked with eth_call)
  await assertReverts(registry, setWallet(sigBytes(sig)), a1, errorString('Not authorized'));
  await assertReverts(registry, setWallet(sigBytes(sig), deadline, ZERO), a0, errorString('bad wallet'));
  await assertReverts(registry, setWallet(sigBytes(sig), now - 1n), a0, errorString('expired'));
  await assertReverts(registry, setWallet(sigBytes(sig), now + 600n), a0, errorString('deadline too far'));
  const highS = { r: sig.r, s: N - sig.s, v: sig.v ^ 1 }; // the same signature, malleated
  await assertReverts(registry, setWallet(sigBytes(highS)), a0, errorString('invalid wallet sig'));
  const otherKey = signDigest(digest, randomScalar());
  await assertReverts(registry, setWallet(sigBytes(otherKey)), a0, errorString('invalid wallet sig'));
  await assertReverts(registry, setWallet('0x' + '00'.repeat(64)), a0, errorString('invalid wallet sig'));
  // a signature for another owner (the digest binds the owner) does not verify
  const forOther = signDigest(agentWalletDigest(0, wallet, a1, deadline), key);
  await assertReverts(registry, setWallet(sigBytes(forOther)), a0, errorString('invalid wallet sig'));

  const receipt = await send(a0, registry, setWallet(sigBytes(sig)));
  assert.deepEqual(receipt.logs[0].topics, [T.MetadataSet, uintTopic(0), AGENT_WALLET_TOPIC]);
  assert.deepEqual(decode(['string', 'bytes'], receipt.logs[0].data), ['agentWallet', lower(wallet)]);
  assert.deepEqual(await view('getAgentWallet(uint256)', ['address'], 0), [wallet]);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 0, 'agentWallet'), [lower(wallet)]);
});

test('setAgentWallet: ERC-1271 fallback for contract wallets; unsetAgentWallet', async () => {
  const [, a1] = accounts;
  const solc = require('solc');
  const source = fs.readFileSync(path.join(__dirname, 'ERC1271WalletMock.sol'), 'utf8');
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'ERC1271WalletMock.sol': { content: source } },
        settings: { evmVersion: 'shanghai', outputSelection: { '*': { '*': ['evm.bytecode.object'] } } },
      }),
    ),
  );
  const bytecode = out.contracts['ERC1271WalletMock.sol'].ERC1271WalletMock.evm.bytecode.object;
  const mock = toChecksumAddress((await send(a1, null, '0x' + bytecode)).contractAddress);

  const deadline = (await latestTimestamp()) + 60n;
  const digest = agentWalletDigest(1, mock, a1, deadline);
  const setWallet = (sigHex) => calldata('setAgentWallet(uint256,address,uint256,bytes)', 1, mock, deadline, sigHex);
  await assertReverts(registry, setWallet(bufHex(keccak256('wrong'))), a1, errorString('invalid wallet sig'));
  await send(a1, registry, setWallet(bufHex(digest)));
  assert.deepEqual(await view('getAgentWallet(uint256)', ['address'], 1), [mock]);

  // a contract without onERC721Received is not a valid safeTransfer receiver
  await assertReverts(
    registry,
    calldata('safeTransferFrom(address,address,uint256)', a1, mock, 1),
    a1,
    customError('ERC721InvalidReceiver(address)', mock),
  );

  const receipt = await send(a1, registry, calldata('unsetAgentWallet(uint256)', 1));
  assert.deepEqual(receipt.logs[0].topics, [T.MetadataSet, uintTopic(1), AGENT_WALLET_TOPIC]);
  assert.deepEqual(decode(['string', 'bytes'], receipt.logs[0].data), ['agentWallet', '0x']);
  assert.deepEqual(await view('getAgentWallet(uint256)', ['address'], 1), [ZERO]);
  await assertReverts(registry, calldata('unsetAgentWallet(uint256)', 0), a1, errorString('Not authorized'));
});

test('a transfer clears agentWallet and approvals; the URI stays', async () => {
  const [a0, a1, a2, a3, , , a6] = accounts;
  // agent 2 belongs to a2, agentWallet = a2
  assert.deepEqual(await view('getAgentWallet(uint256)', ['address'], 2), [a2]);
  await assertReverts(
    registry,
    calldata('transferFrom(address,address,uint256)', a2, a6, 2),
    a0,
    customError('ERC721InsufficientApproval(address,uint256)', a0, 2),
  );
  await assertReverts(
    registry,
    calldata('transferFrom(address,address,uint256)', a1, a6, 2),
    a2,
    customError('ERC721IncorrectOwner(address,uint256,address)', a1, 2, a2),
  );
  await assertReverts(
    registry,
    calldata('transferFrom(address,address,uint256)', a2, ZERO, 2),
    a2,
    customError('ERC721InvalidReceiver(address)', ZERO),
  );

  await send(a2, registry, calldata('approve(address,uint256)', a3, 2));
  const receipt = await send(a2, registry, calldata('transferFrom(address,address,uint256)', a2, a6, 2));
  assert.equal(receipt.logs.length, 2);
  assert.deepEqual(receipt.logs[0].topics, [T.MetadataSet, uintTopic(2), AGENT_WALLET_TOPIC]);
  assert.deepEqual(decode(['string', 'bytes'], receipt.logs[0].data), ['agentWallet', '0x']);
  assert.deepEqual(receipt.logs[1].topics, [T.Transfer, addrTopic(lower(a2)), addrTopic(lower(a6)), uintTopic(2)]);

  assert.deepEqual(await view('getAgentWallet(uint256)', ['address'], 2), [ZERO]);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 2, 'agentWallet'), ['0x']);
  assert.deepEqual(await view('ownerOf(uint256)', ['address'], 2), [a6]);
  assert.deepEqual(await view('getApproved(uint256)', ['address'], 2), [ZERO]);
  assert.deepEqual(await view('balanceOf(address)', ['uint256'], a2), [0n]);
  assert.deepEqual(await view('balanceOf(address)', ['uint256'], a6), [1n]);
  assert.deepEqual(await view('tokenURI(uint256)', ['string'], 2), ['ipfs://agent2']);
  assert.deepEqual(await view('getMetadata(uint256,string)', ['bytes'], 2, 'x402'), ['0x01']);

  // safeTransferFrom to an EOA, by an operator of the owner
  await send(a6, registry, calldata('setApprovalForAll(address,bool)', a3, true));
  await send(a3, registry, calldata('safeTransferFrom(address,address,uint256,bytes)', a6, a2, 2, '0x'));
  assert.deepEqual(await view('ownerOf(uint256)', ['address'], 2), [a2]);
  // a new registration still starts with the registrant as wallet, and ids keep counting
  const r = await send(a6, registry, calldata('register(string)', 'ipfs://agent-next'));
  assert.equal(registeredId(r), 3n);
});
