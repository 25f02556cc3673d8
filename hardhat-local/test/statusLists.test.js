// Status bits (issue 12): words keyed by (issuer account, word index), one bit per credential's
// status list index; revoking or suspending sets a bit, alone or batched, with no Merkle proof.
const { expect } = require("chai");
const {
  CredentialStatus,
  anchoredFixture,
  loadFixture,
} = require("./fixtures");

const Purpose = { Revocation: 0n, Suspension: 1n };
const REASON = 4;
const bit = (index) => 1n << BigInt(index % 256);

describe("Status lists", function () {
  describe("revokeIndex / revokeIndexes", function () {
    it("sets the index's bit in the caller's revocation word and emits IndexesRevoked", async function () {
      const { registry, issuer, issuer2 } = await loadFixture(anchoredFixture);
      await expect(registry.connect(issuer).revokeIndex(300, REASON))
        .to.emit(registry, "IndexesRevoked")
        .withArgs(issuer.address, 1n, bit(300), REASON);
      expect(await registry.statusWord(issuer.address, Purpose.Revocation, 1)).to.equal(bit(300));
      expect(await registry.indexStatus(issuer.address, 300)).to.equal(CredentialStatus.Revoked);
      // the neighbour, the other purpose and another issuer's list are untouched
      expect(await registry.indexStatus(issuer.address, 301)).to.equal(CredentialStatus.Active);
      expect(await registry.statusWord(issuer.address, Purpose.Suspension, 1)).to.equal(0n);
      expect(await registry.indexStatus(issuer2.address, 300)).to.equal(CredentialStatus.Active);
    });

    it("is final: revoking a revoked index fails, alone or in a batch", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      await registry.connect(issuer).revokeIndex(7, REASON);
      await expect(registry.connect(issuer).revokeIndex(7, REASON))
        .to.be.revertedWithCustomError(registry, "RegistryIndexAlreadyRevoked")
        .withArgs(issuer.address, 7n);
      await expect(registry.connect(issuer).revokeIndexes([5, 6, 7, 8], REASON))
        .to.be.revertedWithCustomError(registry, "RegistryIndexAlreadyRevoked")
        .withArgs(issuer.address, 7n);
      expect(await registry.indexStatus(issuer.address, 5)).to.equal(CredentialStatus.Active);
    });

    it("revokes many across words in one transaction, one event per word", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      const indexes = [0, 1, 255, 256, 1000, 1001];
      const tx = registry.connect(issuer).revokeIndexes(indexes, REASON);
      await expect(tx)
        .to.emit(registry, "IndexesRevoked")
        .withArgs(issuer.address, 0n, bit(0) | bit(1) | bit(255), REASON);
      await expect(tx)
        .to.emit(registry, "IndexesRevoked")
        .withArgs(issuer.address, 1n, bit(256), REASON);
      await expect(tx)
        .to.emit(registry, "IndexesRevoked")
        .withArgs(issuer.address, 3n, bit(1000) | bit(1001), REASON);
      for (const i of indexes) expect(await registry.indexStatus(issuer.address, i)).to.equal(CredentialStatus.Revoked);
      expect(await registry.indexStatus(issuer.address, 2)).to.equal(CredentialStatus.Active);
    });

    it("accepts indexes in any order, and refuses one listed twice", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      await registry.connect(issuer).revokeIndexes([600, 3, 601, 4], REASON);
      for (const i of [3, 4, 600, 601]) {
        expect(await registry.indexStatus(issuer.address, i)).to.equal(CredentialStatus.Revoked);
      }
      await expect(registry.connect(issuer).revokeIndexes([10, 11, 10], REASON))
        .to.be.revertedWithCustomError(registry, "RegistryIndexListedTwice")
        .withArgs(10n);
    });

    it("refuses an empty list", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      await expect(registry.connect(issuer).revokeIndexes([], REASON)).to.be.revertedWithCustomError(
        registry,
        "RegistryNoIndexes",
      );
    });
  });

  describe("suspendIndexes / liftIndexSuspensions", function () {
    it("suspends, lifts and suspends again; revocation wins over suspension", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      await expect(registry.connect(issuer).suspendIndexes([20, 21], REASON))
        .to.emit(registry, "IndexesSuspended")
        .withArgs(issuer.address, 0n, bit(20) | bit(21), REASON);
      expect(await registry.indexStatus(issuer.address, 20)).to.equal(CredentialStatus.Suspended);
      await expect(registry.connect(issuer).liftIndexSuspensions([20]))
        .to.emit(registry, "IndexSuspensionsLifted")
        .withArgs(issuer.address, 0n, bit(20));
      expect(await registry.indexStatus(issuer.address, 20)).to.equal(CredentialStatus.Active);
      await registry.connect(issuer).suspendIndexes([20], REASON);
      await registry.connect(issuer).revokeIndex(21, REASON);
      expect(await registry.indexStatus(issuer.address, 21)).to.equal(CredentialStatus.Revoked);
    });

    it("refuses to suspend a suspended or revoked index, or lift one not suspended", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      await registry.connect(issuer).suspendIndexes([30], REASON);
      await expect(registry.connect(issuer).suspendIndexes([31, 30], REASON))
        .to.be.revertedWithCustomError(registry, "RegistryIndexAlreadySuspended")
        .withArgs(issuer.address, 30n);
      await registry.connect(issuer).revokeIndex(32, REASON);
      await expect(registry.connect(issuer).suspendIndexes([32], REASON))
        .to.be.revertedWithCustomError(registry, "RegistryIndexAlreadyRevoked")
        .withArgs(issuer.address, 32n);
      await expect(registry.connect(issuer).liftIndexSuspensions([30, 33]))
        .to.be.revertedWithCustomError(registry, "RegistryIndexNotSuspended")
        .withArgs(issuer.address, 33n);
      // a revoked index whose suspension is lifted stays revoked
      await registry.connect(issuer).revokeIndex(30, REASON);
      await registry.connect(issuer).liftIndexSuspensions([30]);
      expect(await registry.indexStatus(issuer.address, 30)).to.equal(CredentialStatus.Revoked);
    });

    it("an account sets bits only in its own lists", async function () {
      const { registry, issuer, issuer2 } = await loadFixture(anchoredFixture);
      await registry.connect(issuer2).suspendIndexes([40], REASON);
      expect(await registry.indexStatus(issuer.address, 40)).to.equal(CredentialStatus.Active);
      await expect(registry.connect(issuer).liftIndexSuspensions([40]))
        .to.be.revertedWithCustomError(registry, "RegistryIndexNotSuspended")
        .withArgs(issuer.address, 40n);
    });
  });

  describe("gas (targets of issue 12)", function () {
    const gasOf = async (tx) => Number((await (await tx).wait()).gasUsed);

    it("first bit of a word <= 50,000; another bit of a used word <= 30,000", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      expect(await gasOf(registry.connect(issuer).revokeIndex(5000, REASON))).to.be.at.most(50000);
      expect(await gasOf(registry.connect(issuer).revokeIndex(5001, REASON))).to.be.at.most(30000);
    });

    it("100 revocations in one transaction <= 5,000 per credential", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      const indexes = Array.from({ length: 100 }, (_, i) => 2000 + i);
      expect((await gasOf(registry.connect(issuer).revokeIndexes(indexes, REASON))) / 100).to.be.at.most(5000);
    });
  });
});
