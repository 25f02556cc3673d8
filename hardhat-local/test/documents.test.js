const { expect } = require("chai");
const { ethers } = require("hardhat");
const { DocumentKind, devFixture, deployFixture, accredit, loadFixture, time } = require("./fixtures");
const { shouldGateOnAccreditation } = require("./behaviors/accreditationGate.behavior");

const SERIES = ethers.id("framework:national-qualifications");
const DIGEST = (v) => ethers.sha256(ethers.toUtf8Bytes(`document v${v}`));
const CID = (v) => `bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzd${v}`;

/** Dev registry plus `issuer` accredited (not a governor). */
async function publisherFixture() {
  const f = await devFixture();
  await accredit(f.registry, f.governors, f.issuer);
  return f;
}

function publish(registry, who, { kind = DocumentKind.Catalog, series = SERIES, version = 1, digest, cid, effectiveFrom = 0 }) {
  return registry
    .connect(who)
    .publishDocument(kind, series, version, digest ?? DIGEST(version), cid ?? CID(version), effectiveFrom);
}

describe("Documents", function () {
  it("a governor publishes the Framework", async function () {
    const { registry, governors } = await loadFixture(deployFixture);
    const g = governors[1];
    const effectiveFrom = (await time.latest()) + 3600;
    await expect(publish(registry, g, { kind: DocumentKind.Framework, version: 1, effectiveFrom }))
      .to.emit(registry, "DocumentPublished")
      .withArgs(g.address, DocumentKind.Framework, SERIES, 1n, DIGEST(1), CID(1), effectiveFrom);
    const d = await registry.document(g.address, DocumentKind.Framework, SERIES, 1);
    expect(d.digest).to.equal(DIGEST(1));
    expect(d.effectiveFrom).to.equal(BigInt(effectiveFrom));
    expect(d.publishedAt).to.equal(BigInt(await time.latest()));
    expect(d.cid).to.equal(CID(1));
    expect(await registry.latestDocumentVersion(g.address, DocumentKind.Framework, SERIES)).to.equal(1n);
  });

  it("the Framework is only by governors, even for an accredited account", async function () {
    const { registry, issuer, outsider } = await loadFixture(publisherFixture);
    for (const who of [issuer, outsider]) {
      await expect(publish(registry, who, { kind: DocumentKind.Framework }))
        .to.be.revertedWithCustomError(registry, "RegistryNotPublisher")
        .withArgs(who.address);
    }
  });

  it("an accredited account publishes every other kind", async function () {
    const { registry, issuer } = await loadFixture(publisherFixture);
    for (const kind of [DocumentKind.Catalog, DocumentKind.RuleSet, DocumentKind.Programme, DocumentKind.IssuerProfile]) {
      await expect(publish(registry, issuer, { kind }))
        .to.emit(registry, "DocumentPublished")
        .withArgs(issuer.address, kind, SERIES, 1n, DIGEST(1), CID(1), 0);
      expect(await registry.latestDocumentVersion(issuer.address, kind, SERIES)).to.equal(1n);
    }
  });

  it("a governor needs no accreditation for any kind", async function () {
    const { registry, governors } = await loadFixture(devFixture);
    await expect(publish(registry, governors[0], { kind: DocumentKind.RuleSet })).to.emit(registry, "DocumentPublished");
  });

  it("versions strictly increase per publisher, kind and series; gaps are allowed", async function () {
    const { registry, issuer } = await loadFixture(publisherFixture);
    await expect(publish(registry, issuer, { version: 0 }))
      .to.be.revertedWithCustomError(registry, "RegistryDocumentVersionNotNewer")
      .withArgs(SERIES, 0n, 0n);
    await publish(registry, issuer, { version: 1 });
    await expect(publish(registry, issuer, { version: 1 }))
      .to.be.revertedWithCustomError(registry, "RegistryDocumentVersionNotNewer")
      .withArgs(SERIES, 1n, 1n);
    await publish(registry, issuer, { version: 3 });
    await expect(publish(registry, issuer, { version: 2 }))
      .to.be.revertedWithCustomError(registry, "RegistryDocumentVersionNotNewer")
      .withArgs(SERIES, 2n, 3n);
    expect(await registry.latestDocumentVersion(issuer.address, DocumentKind.Catalog, SERIES)).to.equal(3n);
    // earlier versions stay readable; the skipped one is empty
    expect((await registry.document(issuer.address, DocumentKind.Catalog, SERIES, 1)).digest).to.equal(DIGEST(1));
    expect((await registry.document(issuer.address, DocumentKind.Catalog, SERIES, 2)).digest).to.equal(ethers.ZeroHash);
    // other kinds, series and publishers have their own counters
    await expect(publish(registry, issuer, { kind: DocumentKind.RuleSet, version: 1 })).to.emit(registry, "DocumentPublished");
    await expect(publish(registry, issuer, { series: ethers.id("other"), version: 1 })).to.emit(registry, "DocumentPublished");
  });

  it("series are namespaced by publisher", async function () {
    const { registry, governors, issuer } = await loadFixture(publisherFixture);
    await publish(registry, issuer, { version: 5 });
    await expect(publish(registry, governors[0], { version: 1 })).to.emit(registry, "DocumentPublished");
    expect(await registry.latestDocumentVersion(governors[0].address, DocumentKind.Catalog, SERIES)).to.equal(1n);
    expect(await registry.latestDocumentVersion(issuer.address, DocumentKind.Catalog, SERIES)).to.equal(5n);
  });

  it("refuses an empty digest", async function () {
    const { registry, governors, issuer } = await loadFixture(publisherFixture);
    for (const who of [governors[0], issuer]) {
      await expect(publish(registry, who, { digest: ethers.ZeroHash })).to.be.revertedWithCustomError(
        registry,
        "RegistryEmptyDigest",
      );
    }
  });

  it("an unknown document is empty and its latest version 0", async function () {
    const { registry, outsider } = await loadFixture(devFixture);
    const d = await registry.document(outsider.address, DocumentKind.Programme, SERIES, 1);
    expect(d.digest).to.equal(ethers.ZeroHash);
    expect(d.cid).to.equal("");
    expect(await registry.latestDocumentVersion(outsider.address, DocumentKind.Programme, SERIES)).to.equal(0n);
  });

  shouldGateOnAccreditation(devFixture, {
    actor: (ctx) => ctx.issuer,
    act: (ctx, a) => publish(ctx.registry, a, { kind: DocumentKind.IssuerProfile }),
    expected: {
      active: null,
      never: (ctx, a) => ["RegistryNotPublisher", a.address],
      suspended: (ctx, a) => ["RegistryNotPublisher", a.address],
      withdrawn: (ctx, a) => ["RegistryNotPublisher", a.address],
      expired: (ctx, a) => ["RegistryNotPublisher", a.address],
      // notYetValid: see the known issue below
    },
  });

  // Known issue (reported): publishDocument checks validUntil but not validFrom, unlike
  // anchorBatch and recordConversion.
  it("refuses an account whose accreditation has not started", async function () {
    const { registry, governors, issuer } = await loadFixture(devFixture);
    const from = (await time.latest()) + 86400;
    await accredit(registry, governors, issuer, { validFrom: from, validUntil: from + 86400 });
    await expect(publish(registry, issuer, {}))
      .to.be.revertedWithCustomError(registry, "RegistryNotPublisher")
      .withArgs(issuer.address);
  });
});
