// Gas of the registry's hot paths on the in-process Hardhat network, from transaction receipts.
// Anchors real StandardMerkleTrees of random credential hashes and checks the per-credential
// targets. Prints a table and writes gas-report.json beside package.json.
// Run: npm run gas   (hardhat run scripts/gas-report.js)
const fs = require("fs");
const path = require("path");
const { ethers } = require("hardhat");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");

const SIZES = [1, 10, 100, 1000];
// Target gas per credential at a batch size.
const TARGETS = { 100: 600, 1000: 100 };
const SCOPE = [0b1n, 0b1n, 4n, false]; // fields, outcomeTypes, maxLevel, canConvert
const CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const OUTPUT = path.join(__dirname, "..", "gas-report.json");

const randomHash = () => ethers.hexlify(ethers.randomBytes(32));

function buildTree(n) {
  const hashes = Array.from({ length: n }, randomHash);
  const tree = StandardMerkleTree.of(
    hashes.map((h) => [h]),
    ["bytes32"],
  );
  return { tree, hashes, proof: (i) => tree.getProof(i) };
}

async function gasOf(txPromise) {
  const receipt = await (await txPromise).wait();
  return Number(receipt.gasUsed);
}

async function main() {
  const [governor, issuer] = await ethers.getSigners();
  const Registry = await ethers.getContractFactory("CreditBankRegistry");
  const registry = await Registry.deploy([governor.address], 1);
  await registry.waitForDeployment();

  const now = (await ethers.provider.getBlock("latest")).timestamp;
  const action = registry.interface.encodeFunctionData("accredit", [
    issuer.address,
    ethers.id("did:web:issuer.example"),
    [0xffn, 0xfn, 8n, true],
    now,
    now + 365 * 24 * 3600,
    false,
  ]);
  await (await registry.connect(governor).propose(action)).wait(); // quorum 1: executes at once
  const asIssuer = registry.connect(issuer);

  const anchors = [];
  const trees = {};
  for (const n of SIZES) {
    const t = buildTree(n);
    trees[n] = t;
    const gas = await gasOf(asIssuer.anchorBatch(t.tree.root, n, SCOPE));
    const perCredential = gas / n;
    const target = TARGETS[n];
    anchors.push({
      batchSize: n,
      gas,
      gasPerCredential: Math.round(perCredential * 100) / 100,
      target: target ?? null,
      pass: target === undefined ? null : perCredential <= target,
    });
  }

  // Receipts carry the root bound to the issuer; their paths end with the issuer's leaf.
  const big = trees[1000];
  const bound = await registry.boundRoot(big.tree.root, issuer.address);
  const senderLeaf = ethers.keccak256(ethers.keccak256(ethers.zeroPadValue(issuer.address, 32)));
  big.proof = ((proof) => (i) => [...proof(i), senderLeaf])(big.proof);
  const revokeGas = await gasOf(asIssuer.revoke(bound, big.hashes[0], big.proof(0), 1));
  const many = Array.from({ length: 10 }, (_, i) => 1 + i * 97);
  const revokeManyGas = await gasOf(
    asIssuer.revokeMany(
      bound,
      many.map((i) => big.hashes[i]),
      many.map((i) => big.proof(i)),
      1,
    ),
  );
  // Two sources, each with its inclusion proof; one carries a status list index.
  const NO_INDEX = ethers.MaxUint256;
  const sources = [999, 998].map((i, k) => [bound, big.hashes[i], randomHash(), k ? 7n : NO_INDEX, big.proof(i)]);
  const conversionGas = await gasOf(
    asIssuer.recordConversion(randomHash(), randomHash(), sources, ethers.id("programme"), 450, randomHash(), randomHash()),
  );
  const publishGas = await gasOf(
    asIssuer.publishDocument(1, ethers.id("catalog:issuer"), 1, ethers.sha256("0x01"), CID, now),
  );

  // Status bits (issue 12): targets from receipts.
  const firstBitGas = await gasOf(asIssuer.revokeIndex(1024, 1));
  const usedWordGas = await gasOf(asIssuer.revokeIndex(1025, 1));
  const hundred = Array.from({ length: 100 }, (_, i) => 4096 + i);
  const hundredGas = await gasOf(asIssuer.revokeIndexes(hundred, 1));
  const statusBits = [
    { what: "revokeIndex, first bit of a word", gas: firstBitGas, target: 50000 },
    { what: "revokeIndex, a word already in use", gas: usedWordGas, target: 30000 },
    { what: "revokeIndexes, 100 in one tx, per credential", gas: hundredGas / 100, target: 5000 },
  ].map((r) => ({ ...r, pass: r.gas <= r.target }));

  const report = {
    network: "hardhat (in-process)",
    compiler: `solc-js ${require("solc/package.json").version}`,
    anchorBatch: anchors,
    revoke: { gas: revokeGas, treeSize: 1000, proofLength: big.proof(0).length },
    revokeMany: { items: 10, gas: revokeManyGas, gasPerCredential: revokeManyGas / 10 },
    recordConversion: { sources: 2, withStatusIndex: 1, gas: conversionGas },
    publishDocument: { kind: "Catalog", cidLength: CID.length, gas: publishGas },
    statusBits,
  };

  const pad = (v, w) => String(v).padStart(w);
  console.log("anchorBatch (real StandardMerkleTree roots, receipt.gasUsed)");
  console.log(`${"batch size".padEnd(10)} | ${pad("gas", 8)} | ${pad("gas/credential", 14)} | target`);
  console.log(`${"-".repeat(10)}-+-${"-".repeat(8)}-+-${"-".repeat(14)}-+-${"-".repeat(14)}`);
  for (const a of anchors) {
    const verdict = a.target === null ? "" : `<= ${a.target} ${a.pass ? "PASS" : "FAIL"}`;
    console.log(`${pad(a.batchSize, 10)} | ${pad(a.gas, 8)} | ${pad(a.gasPerCredential.toFixed(2), 14)} | ${verdict}`);
  }
  console.log("");
  console.log(`revoke (1 proof of ${report.revoke.proofLength} nodes, 1000-tree)  ${pad(revokeGas, 8)} gas`);
  console.log(`revokeMany (10 items, 1000-tree)          ${pad(revokeManyGas, 8)} gas  (${revokeManyGas / 10} per credential)`);
  console.log(`recordConversion (2 proved sources, 1 index) ${pad(conversionGas, 5)} gas`);
  console.log(`publishDocument (Catalog, ${CID.length}-char CID)     ${pad(publishGas, 8)} gas`);
  for (const r of statusBits) {
    console.log(`${r.what.padEnd(42)}${pad(r.gas, 8)} gas  <= ${r.target} ${r.pass ? "PASS" : "FAIL"}`);
  }

  fs.writeFileSync(OUTPUT, JSON.stringify(report, null, 2) + "\n");
  console.log(`\nwrote ${path.relative(process.cwd(), OUTPUT)}`);
  if (anchors.some((a) => a.pass === false) || statusBits.some((r) => !r.pass)) {
    console.error("gas target missed");
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
