#!/usr/bin/env node
'use strict';
// Compiles every src/*.sol with solc-js (the exact version pinned in package.json) through
// --standard-json and writes artifacts/<Name>.json plus artifacts/deployments.json.
//
//   node build.js           regenerate the committed artifacts
//   node build.js --check   regenerate in memory; exit 1 if the committed artifacts differ, or if
//                           README.md does not state the deterministic registry address
//
// Each src/<Name>.sol must define a contract <Name>; only that contract gets an artifact.
// The only dependency is solc (keccak comes from lib/keccak.js).

const fs = require('fs');
const path = require('path');
const solc = require('solc');
const { keccak256, keccak256Hex } = require('./lib/keccak');

const ROOT = __dirname;
const SRC_DIR = path.join(ROOT, 'src');
const OUT_DIR = path.join(ROOT, 'artifacts');

// The ERC-8004 reference build settings. Changing anything here changes the bytecode, hence the
// deterministic CREATE2 address below.
const SETTINGS = {
  evmVersion: 'shanghai',
  optimizer: { enabled: true, runs: 200 },
};

// Deterministic dev-chain deployment: Arachnid's CREATE2 deployer (predeployed on anvil),
// called with data = salt ++ initcode.
const CREATE2_DEPLOYER = '0x4e59b44847b379578588920cA78FbF26c0B4956C';
const SALT_PREIMAGE = 'tempo-x402 swarm identity registry v1';
const DEPLOYED_CONTRACT = 'IdentityRegistry';

/** JSON with object keys sorted recursively (arrays keep their order), 2-space indent, final newline. */
function canonicalJson(value) {
  const sort = (v) => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]));
    }
    return v;
  };
  return JSON.stringify(sort(value), null, 2) + '\n';
}

/** EIP-55 mixed-case checksum of a 20-byte hex address. */
function toChecksumAddress(hex) {
  const lower = hex.toLowerCase().replace(/^0x/, '');
  const hash = keccak256(lower).toString('hex');
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(hash[i], 16) >= 8 ? lower[i].toUpperCase() : lower[i];
  return out;
}

/** CREATE2 address: keccak256(0xff ++ deployer ++ salt ++ keccak256(initcode))[12:]. */
function create2Address(deployer, saltHex, initcodeHex) {
  const buf = Buffer.concat([
    Buffer.from([0xff]),
    Buffer.from(deployer.replace(/^0x/, ''), 'hex'),
    Buffer.from(saltHex.replace(/^0x/, ''), 'hex'),
    keccak256(Buffer.from(initcodeHex.replace(/^0x/, ''), 'hex')),
  ]);
  return toChecksumAddress(keccak256(buf).subarray(12).toString('hex'));
}

/** Compiles src/*.sol; returns { files: Map<fileName, content> } of the expected artifacts. */
function build() {
  const solFiles = fs.readdirSync(SRC_DIR).filter((f) => f.endsWith('.sol')).sort();
  if (solFiles.length === 0) throw new Error(`no .sol files in ${SRC_DIR}`);

  const sources = {};
  for (const f of solFiles) sources[`src/${f}`] = { content: fs.readFileSync(path.join(SRC_DIR, f), 'utf8') };

  const input = {
    language: 'Solidity',
    sources,
    settings: {
      ...SETTINGS,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));

  const diagnostics = output.errors || [];
  for (const d of diagnostics) process.stderr.write(d.formattedMessage || `${d.severity}: ${d.message}\n`);
  if (diagnostics.some((d) => d.severity === 'error')) throw new Error('compilation failed');

  const version = solc.version();
  const files = new Map();
  const artifacts = {};
  for (const f of solFiles) {
    const name = path.basename(f, '.sol');
    const c = output.contracts && output.contracts[`src/${f}`] && output.contracts[`src/${f}`][name];
    if (!c) throw new Error(`src/${f} does not define a contract named ${name}`);
    const bytecode = c.evm.bytecode.object;
    if (!bytecode) throw new Error(`${name} has no bytecode (abstract contract or interface?)`);
    if (bytecode.includes('__$')) throw new Error(`${name} has unlinked library placeholders`);
    const artifact = {
      contractName: name,
      abi: c.abi,
      bytecode: '0x' + bytecode,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      compiler: { version, settings: SETTINGS },
    };
    artifacts[name] = artifact;
    // contractName, abi, bytecode, deployedBytecode, compiler: in that order; everything inside sorted.
    const ordered = {};
    for (const k of ['contractName', 'abi', 'bytecode', 'deployedBytecode', 'compiler']) {
      ordered[k] = JSON.parse(canonicalJson(artifact[k]));
    }
    files.set(`${name}.json`, JSON.stringify(ordered, null, 2) + '\n');
  }

  const registry = artifacts[DEPLOYED_CONTRACT];
  if (!registry) throw new Error(`missing ${DEPLOYED_CONTRACT} artifact`);
  const salt = keccak256Hex(SALT_PREIMAGE);
  const deployments = {
    create2Deployer: CREATE2_DEPLOYER,
    salt,
    [DEPLOYED_CONTRACT]: create2Address(CREATE2_DEPLOYER, salt, registry.bytecode),
  };
  files.set('deployments.json', JSON.stringify(deployments, null, 2) + '\n');

  return { files, version };
}

function main() {
  const check = process.argv.includes('--check');
  const { files, version } = build();
  const existing = fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR).filter((f) => f.endsWith('.json')) : [];
  const stale = existing.filter((f) => !files.has(f)).sort();

  if (check) {
    const problems = [];
    for (const [name, content] of files) {
      const p = path.join(OUT_DIR, name);
      if (!fs.existsSync(p)) problems.push(`missing  artifacts/${name}`);
      else if (fs.readFileSync(p, 'utf8') !== content) problems.push(`differs  artifacts/${name}`);
    }
    for (const f of stale) problems.push(`stale    artifacts/${f} (no source in src/)`);
    const depPath = path.join(OUT_DIR, 'deployments.json');
    if (fs.existsSync(depPath)) {
      let before = {};
      try {
        before = JSON.parse(fs.readFileSync(depPath, 'utf8'));
      } catch (_) {}
      const after = JSON.parse(files.get('deployments.json'));
      if (before[DEPLOYED_CONTRACT] !== after[DEPLOYED_CONTRACT]) {
        problems.push(
          `the deterministic ${DEPLOYED_CONTRACT} address changes: ${before[DEPLOYED_CONTRACT]} -> ${after[DEPLOYED_CONTRACT]}` +
            ' (update README.md and every place that expects the old one)',
        );
      }
    }
    const readme = path.join(ROOT, 'README.md');
    const address = JSON.parse(files.get('deployments.json'))[DEPLOYED_CONTRACT];
    if (fs.existsSync(readme) && !fs.readFileSync(readme, 'utf8').includes(address)) {
      problems.push(`README.md does not state the deterministic ${DEPLOYED_CONTRACT} address ${address}`);
    }
    if (problems.length) {
      console.error(`Committed artifacts do not match the sources compiled with solc ${version}:`);
      for (const p of problems) console.error(`  ${p}`);
      console.error('Regenerate with `cd contracts && npm ci && node build.js` and commit artifacts/.');
      console.error('(If only the compiler differs, node_modules is stale: run `npm ci` first.)');
      process.exit(1);
    }
    console.log(`artifacts up to date (${files.size} files, solc ${version})`);
    return;
  }

  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, content] of files) {
    const p = path.join(OUT_DIR, name);
    const changed = !fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== content;
    if (changed) fs.writeFileSync(p, content);
    console.log(`${changed ? 'wrote    ' : 'unchanged'} artifacts/${name}`);
  }
  for (const f of stale) {
    fs.unlinkSync(path.join(OUT_DIR, f));
    console.log(`removed   artifacts/${f}`);
  }
  const dep = JSON.parse(files.get('deployments.json'));
  console.log(`solc ${version}; ${DEPLOYED_CONTRACT} via CREATE2 at ${dep[DEPLOYED_CONTRACT]} (salt ${dep.salt})`);
}

module.exports = { build, create2Address, toChecksumAddress, CREATE2_DEPLOYER, SALT_PREIMAGE };

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(`build.js: ${e.message}`);
    process.exit(1);
  }
}
