// Cross-check: proofs of @openzeppelin/merkle-tree's StandardMerkleTree hold inside the contract.
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");
const { devFixture, accredit, buildTree, credentialHashes, scope, senderLeaf, loadFixture } = require("./fixtures");

describe("Merkle cross-check with StandardMerkleTree", function () {
  async function issuerFixture() {
    const f = await devFixture();
    await accredit(f.registry, f.governors, f.issuer);
    return f;
  }

  it("leafOf(h) equals the tree's leaf hash, keccak256(keccak256(abi.encode(h)))", async function () {
    const { registry } = await loadFixture(issuerFixture);
    for (const h of credentialHashes(5, "leaf")) {
      const tree = StandardMerkleTree.of([[h]], ["bytes32"]);
      const manual = ethers.keccak256(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32"], [h])));
      expect(await registry.leafOf(h)).to.equal(tree.leafHash([h]));
      expect(await registry.leafOf(h)).to.equal(manual);
    }
  });

  for (const n of [1, 2, 3, 10, 100]) {
    it(`accepts every proof of a ${n}-hash tree in verifyInclusion and revoke/revokeMany`, async function () {
      const { registry, issuer } = await loadFixture(issuerFixture);
      const batch = buildTree(credentialHashes(n, `tree-${n}`), issuer.address);
      if (n === 1) {
        expect(batch.treeRoot).to.equal(batch.leafOf(batch.hashes[0]));
        expect(batch.proofOf(batch.hashes[0])).to.deep.equal([senderLeaf(issuer.address)]);
      }
      await registry.connect(issuer).anchorBatch(batch.treeRoot, n, scope());
      expect(await registry.boundRoot(batch.treeRoot, issuer.address)).to.equal(batch.root);
      for (const h of batch.hashes) {
        // the bound root is one more sorted-pair level: any OpenZeppelin verifier accepts it
        expect(StandardMerkleTree.verify(batch.root, ["bytes32"], [h], batch.proofOf(h))).to.equal(true);
        expect(await registry.verifyInclusion(batch.root, h, batch.proofOf(h))).to.equal(true, h);
      }
      // revoke() for every proof of the small trees, and for the first, a middle and the last of
      // the 100-hash tree; revokeMany() for the other 97 in one transaction
      const single = n <= 10 ? batch.hashes : [0, 50, 99].map((i) => batch.hashes[i]);
      for (const h of single) {
        await expect(registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), 1))
          .to.emit(registry, "CredentialRevoked")
          .withArgs(h, batch.root, issuer.address, 1);
      }
      const rest = batch.hashes.filter((h) => !single.includes(h));
      if (rest.length > 0) {
        const receipt = await (
          await registry.connect(issuer).revokeMany(batch.root, rest, rest.map(batch.proofOf), 1)
        ).wait();
        const revoked = receipt.logs
          .map((l) => registry.interface.parseLog(l))
          .filter((e) => e && e.name === "CredentialRevoked")
          .map((e) => e.args.credentialHash);
        expect(revoked).to.have.members(rest);
      }
    });
  }

  it("refuses proofs against the wrong root or for a foreign hash", async function () {
    const { registry } = await loadFixture(issuerFixture);
    const a = buildTree(credentialHashes(10, "a"));
    const b = buildTree(credentialHashes(10, "b"));
    for (const h of a.hashes) {
      expect(await registry.verifyInclusion(b.root, h, a.proofOf(h))).to.equal(false);
    }
    expect(await registry.verifyInclusion(a.root, b.hashes[0], a.proofOf(a.hashes[0]))).to.equal(false);
  });

  it("refuses an internal node passed off as a credential hash (no second preimage)", async function () {
    const { registry } = await loadFixture(issuerFixture);
    const batch = buildTree(credentialHashes(4, "nodes"));
    const proof = batch.proofOf(batch.hashes[0]);
    // the parent of leaf 0 and its sibling, offered with the rest of the path
    const [l, r] = [batch.leafOf(batch.hashes[0]), proof[0]].sort();
    const parent = ethers.keccak256(ethers.concat([l, r]));
    expect(await registry.verifyInclusion(batch.root, parent, proof.slice(1))).to.equal(false);
  });
});
