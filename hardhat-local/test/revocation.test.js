const { expect } = require("chai");
const { ethers } = require("hardhat");
const {
  CredentialStatus,
  anchoredFixture,
  govern,
  buildTree,
  credentialHashes,
  scope,
  loadFixture,
  time,
} = require("./fixtures");

describe("Revocation", function () {
  const REASON = 7;

  describe("revoke", function () {
    it("revokes a credential of the caller's batch", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[3];
      await expect(registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), REASON))
        .to.emit(registry, "CredentialRevoked")
        .withArgs(h, batch.root, issuer.address, REASON);
      const s = await registry.credentialState(issuer.address, h);
      expect(s.status).to.equal(CredentialStatus.Revoked);
      expect(s.reason).to.equal(BigInt(REASON));
      expect(s.changedAt).to.equal(BigInt(await time.latest()));
      expect(s.issuer).to.equal(issuer.address);
      expect(s.root).to.equal(batch.root);
      // neighbours are untouched
      expect((await registry.credentialState(issuer.address, batch.hashes[4])).status).to.equal(CredentialStatus.Active);
    });

    it("is final: a second revoke fails", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[0];
      await registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), REASON);
      await expect(registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), REASON))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialAlreadyRevoked")
        .withArgs(h);
    });

    it("is refused to any account but the batch's issuer", async function () {
      const { registry, issuer2, outsider, governors, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[0];
      for (const who of [issuer2, outsider, governors[0]]) {
        await expect(registry.connect(who).revoke(batch.root, h, batch.proofOf(h), REASON))
          .to.be.revertedWithCustomError(registry, "RegistryNotBatchIssuer")
          .withArgs(batch.root, who.address);
      }
    });

    it("refuses an unknown root", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const other = buildTree(credentialHashes(4, "never-anchored"));
      const h = other.hashes[0];
      await expect(registry.connect(issuer).revoke(other.root, h, other.proofOf(h), REASON))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownBatch")
        .withArgs(other.root);
      expect(batch.root).to.not.equal(other.root);
    });

    it("refuses a bad proof: another leaf's proof, a hash outside the tree, an empty proof", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[1];
      const outside = ethers.id("not in the batch");
      for (const [hash, proof] of [
        [h, batch.proofOf(batch.hashes[2])],
        [outside, batch.proofOf(h)],
        [h, []],
      ]) {
        await expect(registry.connect(issuer).revoke(batch.root, hash, proof, REASON))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidProof")
          .withArgs(batch.root, hash);
      }
    });

    it("stays possible after the issuer's accreditation is withdrawn", async function () {
      const { registry, governors, issuer, batch } = await loadFixture(anchoredFixture);
      await govern(registry, governors, "withdrawAccreditation", [issuer.address]);
      const h = batch.hashes[0];
      await expect(registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), REASON)).to.emit(
        registry,
        "CredentialRevoked",
      );
    });

    it("a revoked hash stays revoked when its issuer anchors it again under another root (issue 12)", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[0];
      await registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), REASON);
      const again = buildTree([h, ethers.id("re-anchored filler")], issuer.address);
      await registry.connect(issuer).anchorBatch(again.treeRoot, 2, scope());
      expect((await registry.credentialState(issuer.address, h)).status).to.equal(CredentialStatus.Revoked);
      await expect(registry.connect(issuer).revoke(again.root, h, again.proofOf(h), REASON))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialAlreadyRevoked")
        .withArgs(h);
    });

    // States are keyed by (issuer, hash): revoking through a forged batch leaves the owner's alone.
    it("another issuer cannot revoke a credential through its own batch", async function () {
      const { registry, issuer, issuer2, batch } = await loadFixture(anchoredFixture);
      const victim = batch.hashes[0];
      const forged = buildTree([victim, ethers.id("filler")], issuer2.address);
      await registry.connect(issuer2).anchorBatch(forged.treeRoot, 2, scope());
      await registry.connect(issuer2).revoke(forged.root, victim, forged.proofOf(victim), REASON);
      expect((await registry.credentialState(issuer.address, victim)).status).to.equal(CredentialStatus.Active);
    });
  });

  describe("revokeMany", function () {
    it("revokes several credentials of one batch", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const hs = batch.hashes.slice(0, 3);
      const tx = registry.connect(issuer).revokeMany(batch.root, hs, hs.map(batch.proofOf), REASON);
      for (const h of hs) await expect(tx).to.emit(registry, "CredentialRevoked").withArgs(h, batch.root, issuer.address, REASON);
      for (const h of hs) expect((await registry.credentialState(issuer.address, h)).status).to.equal(CredentialStatus.Revoked);
    });

    it("refuses arrays of different lengths", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const hs = batch.hashes.slice(0, 3);
      await expect(
        registry.connect(issuer).revokeMany(batch.root, hs, hs.slice(0, 2).map(batch.proofOf), REASON),
      ).to.be.revertedWithCustomError(registry, "RegistryLengthMismatch");
      await expect(
        registry.connect(issuer).revokeMany(batch.root, hs.slice(0, 2), hs.map(batch.proofOf), REASON),
      ).to.be.revertedWithCustomError(registry, "RegistryLengthMismatch");
    });

    it("is all-or-nothing: one bad proof reverts the lot", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const hs = batch.hashes.slice(0, 3);
      const proofs = hs.map(batch.proofOf);
      proofs[2] = batch.proofOf(batch.hashes[5]);
      await expect(registry.connect(issuer).revokeMany(batch.root, hs, proofs, REASON))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidProof")
        .withArgs(batch.root, hs[2]);
      expect((await registry.credentialState(issuer.address, hs[0])).status).to.equal(CredentialStatus.Active);
    });

    it("refuses a hash listed twice and a non-issuer", async function () {
      const { registry, issuer, issuer2, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[0];
      await expect(registry.connect(issuer).revokeMany(batch.root, [h, h], [batch.proofOf(h), batch.proofOf(h)], REASON))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialAlreadyRevoked")
        .withArgs(h);
      await expect(registry.connect(issuer2).revokeMany(batch.root, [h], [batch.proofOf(h)], REASON))
        .to.be.revertedWithCustomError(registry, "RegistryNotBatchIssuer")
        .withArgs(batch.root, issuer2.address);
    });

    it("does nothing for empty arrays", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      await expect(registry.connect(issuer).revokeMany(batch.root, [], [], REASON)).to.not.emit(
        registry,
        "CredentialRevoked",
      );
    });
  });

  describe("suspend / liftSuspension / revoke state machine", function () {
    it("suspends, lifts and suspends again", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[2];
      await expect(registry.connect(issuer).suspend(batch.root, h, batch.proofOf(h), 3))
        .to.emit(registry, "CredentialSuspended")
        .withArgs(h, batch.root, issuer.address, 3);
      let s = await registry.credentialState(issuer.address, h);
      expect(s.status).to.equal(CredentialStatus.Suspended);
      expect(s.reason).to.equal(3n);
      expect(s.issuer).to.equal(issuer.address);
      expect(s.root).to.equal(batch.root);

      await expect(registry.connect(issuer).suspend(batch.root, h, batch.proofOf(h), 3))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialAlreadySuspended")
        .withArgs(h);

      await expect(registry.connect(issuer).liftSuspension(h))
        .to.emit(registry, "CredentialSuspensionLifted")
        .withArgs(h, issuer.address);
      s = await registry.credentialState(issuer.address, h);
      expect(s.status).to.equal(CredentialStatus.Active);
      expect(s.changedAt).to.equal(BigInt(await time.latest()));

      await expect(registry.connect(issuer).liftSuspension(h))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialNotSuspended")
        .withArgs(h);
      await expect(registry.connect(issuer).suspend(batch.root, h, batch.proofOf(h), 4)).to.emit(
        registry,
        "CredentialSuspended",
      );
    });

    it("revokes a suspended credential; a revoked one can be neither suspended nor lifted", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[2];
      await registry.connect(issuer).suspend(batch.root, h, batch.proofOf(h), 3);
      await expect(registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), REASON))
        .to.emit(registry, "CredentialRevoked")
        .withArgs(h, batch.root, issuer.address, REASON);
      await expect(registry.connect(issuer).suspend(batch.root, h, batch.proofOf(h), 3))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialAlreadyRevoked")
        .withArgs(h);
      await expect(registry.connect(issuer).liftSuspension(h))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialNotSuspended")
        .withArgs(h);
    });

    it("lifting a never-touched credential fails", async function () {
      const { registry, issuer, batch } = await loadFixture(anchoredFixture);
      await expect(registry.connect(issuer).liftSuspension(batch.hashes[0]))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialNotSuspended")
        .withArgs(batch.hashes[0]);
    });

    it("only the suspending issuer may lift", async function () {
      const { registry, issuer, issuer2, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[1];
      await registry.connect(issuer).suspend(batch.root, h, batch.proofOf(h), 1);
      // issuer2's own word on h is untouched, so there is nothing of its own to lift
      await expect(registry.connect(issuer2).liftSuspension(h))
        .to.be.revertedWithCustomError(registry, "RegistryCredentialNotSuspended")
        .withArgs(h);
      expect((await registry.credentialState(issuer.address, h)).status).to.equal(CredentialStatus.Suspended);
    });

    it("suspend checks issuer, root and proof like revoke", async function () {
      const { registry, issuer, issuer2, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[1];
      await expect(registry.connect(issuer2).suspend(batch.root, h, batch.proofOf(h), 1))
        .to.be.revertedWithCustomError(registry, "RegistryNotBatchIssuer")
        .withArgs(batch.root, issuer2.address);
      const unknown = ethers.id("unknown root");
      await expect(registry.connect(issuer).suspend(unknown, h, batch.proofOf(h), 1))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownBatch")
        .withArgs(unknown);
      await expect(registry.connect(issuer).suspend(batch.root, h, batch.proofOf(batch.hashes[0]), 1))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidProof")
        .withArgs(batch.root, h);
    });
  });

  describe("views", function () {
    it("credentialState of an untouched hash is Active with zeros", async function () {
      const { registry } = await loadFixture(anchoredFixture);
      const s = await registry.credentialState(ethers.ZeroAddress, ethers.id("anything"));
      expect(s.status).to.equal(CredentialStatus.Active);
      expect(s.reason).to.equal(0n);
      expect(s.changedAt).to.equal(0n);
      expect(s.issuer).to.equal(ethers.ZeroAddress);
      expect(s.root).to.equal(ethers.ZeroHash);
    });

    it("verifyInclusion and leafOf agree with the JS tree", async function () {
      const { registry, batch } = await loadFixture(anchoredFixture);
      const h = batch.hashes[9];
      expect(await registry.leafOf(h)).to.equal(batch.leafOf(h));
      expect(await registry.verifyInclusion(batch.root, h, batch.proofOf(h))).to.equal(true);
      expect(await registry.verifyInclusion(batch.root, h, batch.proofOf(batch.hashes[8]))).to.equal(false);
      expect(await registry.verifyInclusion(ethers.ZeroHash, h, batch.proofOf(h))).to.equal(false);
    });
  });
});
