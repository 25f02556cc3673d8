const { expect } = require("chai");
const { ethers } = require("hardhat");
const {
  WIDE,
  YEAR,
  scope,
  devFixture,
  anchoredFixture,
  accredit,
  buildTree,
  boundRoot,
  credentialHashes,
  loadFixture,
  time,
} = require("./fixtures");
const { shouldGateOnAccreditation, randomBytes32 } = require("./behaviors/accreditationGate.behavior");

describe("Anchoring", function () {
  async function issuerFixture() {
    const f = await devFixture();
    await accredit(f.registry, f.governors, f.issuer, { scope: scope(0b11n, 0b11n, 4n, false) });
    await accredit(f.registry, f.governors, f.issuer2);
    return f;
  }

  it("anchors a root and records issuer, time and block", async function () {
    const { registry, issuer } = await loadFixture(issuerFixture);
    const { root, treeRoot } = buildTree(credentialHashes(3), issuer.address);
    const s = scope(0b1n, 0b10n, 4n);
    const tx = await registry.connect(issuer).anchorBatch(treeRoot, 3, s);
    await expect(tx).to.emit(registry, "BatchAnchored").withArgs(root, issuer.address, 3n, s, treeRoot);
    const receipt = await tx.wait();
    const b = await registry.batch(root);
    expect(b.issuer).to.equal(issuer.address);
    expect(b.anchoredAt).to.equal(BigInt(await time.latest()));
    expect(b.blockNumber).to.equal(BigInt(receipt.blockNumber));
  });

  it("batch() of an unknown root is empty", async function () {
    const { registry } = await loadFixture(issuerFixture);
    const b = await registry.batch(randomBytes32());
    expect(b.issuer).to.equal(ethers.ZeroAddress);
    expect(b.anchoredAt).to.equal(0n);
    expect(b.blockNumber).to.equal(0n);
  });

  it("refuses an empty batch", async function () {
    const { registry, issuer } = await loadFixture(issuerFixture);
    await expect(registry.connect(issuer).anchorBatch(randomBytes32(), 0, scope(0n, 0n, 0n))).to.be.revertedWithCustomError(
      registry,
      "RegistryEmptyBatch",
    );
  });

  it("refuses a tree root its issuer anchored before", async function () {
    const { registry, issuer } = await loadFixture(issuerFixture);
    const { root, treeRoot } = buildTree(credentialHashes(2), issuer.address);
    await registry.connect(issuer).anchorBatch(treeRoot, 2, scope(1n, 1n, 1n));
    await expect(registry.connect(issuer).anchorBatch(treeRoot, 2, scope(1n, 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "RegistryBatchAlreadyAnchored")
      .withArgs(root);
    expect((await registry.batch(root)).issuer).to.equal(issuer.address);
  });

  it("a front-run copy of a tree root cannot take over the issuer's batch (issue 12)", async function () {
    const { registry, issuer, issuer2 } = await loadFixture(issuerFixture);
    const { root } = buildTree(credentialHashes(4, "victim"));
    // issuer2 saw the pending transaction and sends the same root first
    await registry.connect(issuer2).anchorBatch(root, 4, scope(1n, 1n, 1n));
    await expect(registry.connect(issuer).anchorBatch(root, 4, scope(1n, 1n, 1n))).to.emit(registry, "BatchAnchored");
    // each is recorded under its own bound root; the issuer's receipts name its own
    expect((await registry.batch(boundRoot(root, issuer.address))).issuer).to.equal(issuer.address);
    expect((await registry.batch(boundRoot(root, issuer2.address))).issuer).to.equal(issuer2.address);
  });

  it("refuses a scope wider than the accreditation, in each dimension", async function () {
    const { registry, issuer } = await loadFixture(issuerFixture);
    for (const s of [scope(0b100n, 1n, 1n), scope(1n, 0b100n, 1n), scope(1n, 1n, 5n), scope(1n, 1n, 1n, true)]) {
      await expect(registry.connect(issuer).anchorBatch(randomBytes32(), 1, s))
        .to.be.revertedWithCustomError(registry, "RegistryOutOfScope")
        .withArgs(issuer.address);
    }
    await expect(registry.connect(issuer).anchorBatch(randomBytes32(), 1, scope(0b11n, 0b11n, 4n))).to.emit(
      registry,
      "BatchAnchored",
    );
  });

  it("accepts anchoring on the last second of validity and refuses the next", async function () {
    const { registry, governors, issuer } = await loadFixture(devFixture);
    const now = await time.latest();
    await accredit(registry, governors, issuer, { validFrom: now, validUntil: now + 100 });
    await time.setNextBlockTimestamp(now + 100);
    await expect(registry.connect(issuer).anchorBatch(randomBytes32(), 1, scope())).to.emit(registry, "BatchAnchored");
    await expect(registry.connect(issuer).anchorBatch(randomBytes32(), 1, scope()))
      .to.be.revertedWithCustomError(registry, "RegistryAccreditationExpired")
      .withArgs(issuer.address, now + 100);
  });

  it("accepts anchoring from the first second of validity", async function () {
    const { registry, governors, issuer } = await loadFixture(devFixture);
    const from = (await time.latest()) + 100;
    await accredit(registry, governors, issuer, { validFrom: from, validUntil: from + YEAR });
    await time.setNextBlockTimestamp(from - 1);
    await expect(registry.connect(issuer).anchorBatch(randomBytes32(), 1, scope()))
      .to.be.revertedWithCustomError(registry, "RegistryAccreditationNotYetValid")
      .withArgs(issuer.address, from);
    await time.setNextBlockTimestamp(from);
    await expect(registry.connect(issuer).anchorBatch(randomBytes32(), 1, scope())).to.emit(registry, "BatchAnchored");
  });

  it("a governor without accreditation may not anchor", async function () {
    const { registry, governors } = await loadFixture(devFixture);
    await expect(registry.connect(governors[0]).anchorBatch(randomBytes32(), 1, scope()))
      .to.be.revertedWithCustomError(registry, "RegistryNotAccredited")
      .withArgs(governors[0].address);
  });

  shouldGateOnAccreditation(devFixture, {
    actor: (ctx) => ctx.issuer,
    act: (ctx, a) => ctx.registry.connect(a).anchorBatch(randomBytes32(), 1, scope()),
    expected: {
      active: null,
      never: (ctx, a) => ["RegistryNotAccredited", a.address],
      suspended: (ctx, a) => ["RegistryAccreditationSuspended", a.address],
      withdrawn: (ctx, a) => ["RegistryNotAccredited", a.address],
      notYetValid: (ctx, a, w) => ["RegistryAccreditationNotYetValid", a.address, w.validFrom],
      expired: (ctx, a, w) => ["RegistryAccreditationExpired", a.address, w.validUntil],
    },
  });

  describe("gas", function () {
    it("is flat in the batch size: count 1 and count 1000 cost the same, below 60,000", async function () {
      const { registry, issuer } = await loadFixture(anchoredFixture);
      const gasOf = async (n, label) => {
        const { root } = buildTree(credentialHashes(n, label));
        const receipt = await (await registry.connect(issuer).anchorBatch(root, n, WIDE)).wait();
        return receipt.gasUsed;
      };
      const one = await gasOf(1, "gas-one");
      const thousand = await gasOf(1000, "gas-thousand");
      const diff = one > thousand ? one - thousand : thousand - one;
      expect(diff).to.be.lte(300n);
      expect(one).to.be.lt(60000n);
      expect(thousand).to.be.lt(60000n);
    });
  });
});
