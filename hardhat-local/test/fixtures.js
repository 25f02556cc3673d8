// Shared fixtures and helpers of the registry tests: deploy, govern by quorum, build trees.
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");

const GOVERNOR_ROLE = ethers.id("GOVERNOR_ROLE");
const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
const DAY = 24 * 60 * 60;
const YEAR = 365 * DAY;

// Enum values of ICreditBankRegistry.
const AccreditationStatus = { None: 0n, Active: 1n, Suspended: 2n, Withdrawn: 3n };
const CredentialStatus = { Active: 0n, Suspended: 1n, Revoked: 2n };
const DocumentKind = { Framework: 0n, Catalog: 1n, RuleSet: 2n, Programme: 3n, IssuerProfile: 4n };

/** A Scope tuple in ABI order: [fields, outcomeTypes, maxLevel, canConvert]. */
function scope(fields = 0b111n, outcomeTypes = 0b11n, maxLevel = 6n, canConvert = false) {
  return [BigInt(fields), BigInt(outcomeTypes), BigInt(maxLevel), canConvert];
}

/** A wide scope for issuers and branches; narrower scopes are cut from it. */
const WIDE = scope(0xffn, 0xfn, 8n, true);

async function deploy(governors, quorum) {
  const Registry = await ethers.getContractFactory("CreditBankRegistry");
  const registry = await Registry.deploy(
    governors.map((g) => g.address),
    quorum,
  );
  await registry.waitForDeployment();
  return registry;
}

function namedSigners(signers, governorCount) {
  const governors = signers.slice(0, governorCount);
  const [outsider, issuer, issuer2, branch, branch2, institution, newGovernor] = signers.slice(governorCount);
  return { governors, outsider, issuer, issuer2, branch, branch2, institution, newGovernor };
}

/** Production shape: three governors, any two decide. */
async function deployFixture() {
  const signers = await ethers.getSigners();
  const named = namedSigners(signers, 3);
  const registry = await deploy(named.governors, 2);
  return { registry, ...named };
}

/** Development chain: one governor decides alone. */
async function devFixture() {
  const signers = await ethers.getSigners();
  const named = namedSigners(signers, 1);
  const registry = await deploy(named.governors, 1);
  return { registry, ...named };
}

/**
 * Runs a governance-only function through propose and enough approvals to meet the quorum.
 * Returns the transaction of the approval that executed it (the propose one when quorum is 1).
 */
async function govern(registry, governors, fn, args) {
  const action = registry.interface.encodeFunctionData(fn, args);
  const quorum = await registry.quorum();
  const proposeTx = await registry.connect(governors[0]).propose(action);
  const proposalId = await registry.proposalCount();
  let lastTx = proposeTx;
  for (let i = 1; i < Number(quorum); ++i) {
    lastTx = await registry.connect(governors[i]).approve(proposalId);
  }
  return { tx: lastTx, proposalId };
}

/** Proposes only, returning the proposal id, so a test can drive the approvals itself. */
async function proposeOnly(registry, governor, fn, args) {
  const action = registry.interface.encodeFunctionData(fn, args);
  await registry.connect(governor).propose(action);
  return registry.proposalCount();
}

/** Accredits an account through governance, valid from now for `years` years. */
async function accredit(registry, governors, account, opts = {}) {
  const now = await time.latest();
  const {
    didHash = ethers.id(`did:web:${account.address.toLowerCase()}`),
    scope: s = WIDE,
    validFrom = now,
    validUntil = now + YEAR,
    isBranch = false,
  } = opts;
  return govern(registry, governors, "accredit", [account.address, didHash, s, validFrom, validUntil, isBranch]);
}

/** Deterministic credential hashes: keccak256 of a label and an index. */
function credentialHashes(n, label = "credential") {
  return Array.from({ length: n }, (_, i) => ethers.id(`${label}-${i}`));
}

/** The leaf that binds a tree root to its sender: leafOf(bytes32(uint256(uint160(account)))). */
function senderLeaf(account) {
  return ethers.keccak256(ethers.keccak256(ethers.zeroPadValue(account, 32)));
}

/** The root a tree is anchored under by `account` (the contract's boundRoot). */
function boundRoot(treeRoot, account) {
  const leaf = senderLeaf(account);
  const [a, b] = BigInt(treeRoot) < BigInt(leaf) ? [treeRoot, leaf] : [leaf, treeRoot];
  return ethers.keccak256(ethers.concat([a, b]));
}

/**
 * An OpenZeppelin StandardMerkleTree over bytes32 credential hashes, with proof lookup. Given the
 * anchoring account, `root` and `proofOf` are those of the bound batch (what receipts carry) and
 * `treeRoot` is what anchorBatch takes.
 */
function buildTree(hashes, account) {
  const tree = StandardMerkleTree.of(
    hashes.map((h) => [h]),
    ["bytes32"],
  );
  const index = new Map();
  for (const [i, [h]] of tree.entries()) index.set(h, i);
  const tail = account ? [senderLeaf(account)] : [];
  return {
    tree,
    treeRoot: tree.root,
    root: account ? boundRoot(tree.root, account) : tree.root,
    hashes,
    proofOf: (h) => [...tree.getProof(index.get(h)), ...tail],
    leafOf: (h) => tree.leafHash([h]),
  };
}

/** Dev registry, an issuer accredited with the WIDE scope, and one anchored batch of 10. */
async function anchoredFixture() {
  const f = await devFixture();
  await accredit(f.registry, f.governors, f.issuer);
  await accredit(f.registry, f.governors, f.issuer2);
  const batch = buildTree(credentialHashes(10), f.issuer.address);
  await f.registry.connect(f.issuer).anchorBatch(batch.treeRoot, 10, scope());
  return { ...f, batch };
}

module.exports = {
  GOVERNOR_ROLE,
  DEFAULT_ADMIN_ROLE,
  DAY,
  YEAR,
  WIDE,
  AccreditationStatus,
  CredentialStatus,
  DocumentKind,
  scope,
  deploy,
  deployFixture,
  devFixture,
  anchoredFixture,
  govern,
  proposeOnly,
  accredit,
  credentialHashes,
  buildTree,
  boundRoot,
  senderLeaf,
  loadFixture,
  time,
};
