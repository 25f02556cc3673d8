const { expect } = require("chai");
const { ethers } = require("hardhat");
const {
  CredentialStatus,
  anchoredFixture,
  accredit,
  scope,
  buildTree,
  boundRoot,
  loadFixture,
  time,
} = require("./fixtures");
const { shouldGateOnAccreditation, randomBytes32 } = require("./behaviors/accreditationGate.behavior");

const PROGRAMME = ethers.id("programme:BSc-Computing");
const PROGRAMME_2 = ethers.id("programme:BEng-Software");
const RULES = ethers.id("ruleset:v1");
const LEARNER = ethers.id("salt|learner-42");
/** SHA-256 of the evidence off chain (presentation, decision, officer); any bytes32 here. */
const EVIDENCE = ethers.id("evidence:conversion-1");
const CONVERTER_SCOPE = scope(0xffn, 0xfn, 8n, true);

const NO_INDEX = ethers.MaxUint256;
/** The outcome id of a source: SHA-256 of its credential id off chain; any bytes32 here. */
const outcomeOf = (h) => ethers.id(`outcome:${h}`);

/** anchoredFixture plus `institution` accredited with the conversion right. */
let anchoredBatch = null;
let anchoredIssuer = ethers.ZeroAddress;

async function conversionFixture() {
  const f = await anchoredFixture();
  anchoredBatch = f.batch;
  anchoredIssuer = f.issuer.address;
  await accredit(f.registry, f.governors, f.institution, { scope: CONVERTER_SCOPE });
  return f;
}

/**
 * Records with every source proved in the fixture's anchored batch, each its own outcome and
 * without a status index, unless `roots`, `outcomes` or `indexes` say otherwise.
 */
function record(
  registry,
  who,
  {
    id,
    sources,
    roots,
    outcomes,
    indexes,
    batch = anchoredBatch,
    programme = PROGRAMME,
    credits = 150,
    evidence = EVIDENCE,
  },
) {
  const tuples = sources.map((h, i) => [
    roots ? roots[i] : batch.root,
    h,
    outcomes ? outcomes[i] : outcomeOf(h),
    indexes ? indexes[i] : NO_INDEX,
    batch.hashes.includes(h) ? batch.proofOf(h) : [],
  ]);
  return registry.connect(who).recordConversion(id, LEARNER, tuples, programme, credits, RULES, evidence);
}

describe("Conversions", function () {
  it("CREDIT_DECIMALS is 2 and NO_STATUS_INDEX the largest uint256", async function () {
    const { registry } = await loadFixture(conversionFixture);
    expect(await registry.CREDIT_DECIMALS()).to.equal(2n);
    expect(await registry.NO_STATUS_INDEX()).to.equal(NO_INDEX);
  });

  it("records a conversion with its sources", async function () {
    const { registry, institution, batch } = await loadFixture(conversionFixture);
    const id = ethers.id("conversion-1");
    const sources = batch.hashes.slice(0, 2);
    await expect(record(registry, institution, { id, sources, credits: 450 }))
      .to.emit(registry, "ConversionRecorded")
      .withArgs(id, institution.address, PROGRAMME, LEARNER, sources, 450n, RULES, EVIDENCE);
    const c = await registry.conversion(id);
    expect(c.learnerCommitment).to.equal(LEARNER);
    expect(c.programmeId).to.equal(PROGRAMME);
    expect(c.ruleSetDigest).to.equal(RULES);
    expect(c.evidenceDigest).to.equal(EVIDENCE);
    expect(c.institution).to.equal(institution.address);
    expect(c.credits).to.equal(450n);
    expect(c.recordedAt).to.equal(BigInt(await time.latest()));
    expect(c.flagged).to.equal(false);
    expect([...c.sources]).to.deep.equal(sources);
    for (const s of sources) {
      expect(await registry.conversionOf(anchoredIssuer, outcomeOf(s), institution.address, PROGRAMME)).to.equal(id);
      expect(await registry.conversionOf(anchoredIssuer, outcomeOf(s), institution.address, PROGRAMME_2)).to.equal(
        ethers.ZeroHash,
      );
      expect([...(await registry.conversionsOfSource(anchoredIssuer, s))]).to.deep.equal([id]);
    }
  });

  it("an unknown conversion id is empty", async function () {
    const { registry } = await loadFixture(conversionFixture);
    const c = await registry.conversion(ethers.id("nothing"));
    expect(c.institution).to.equal(ethers.ZeroAddress);
    expect(c.sources).to.deep.equal([]);
    expect(await registry.conversionsOfSource(anchoredIssuer, ethers.id("nothing"))).to.deep.equal([]);
  });

  it("refuses an accredited account without the conversion right", async function () {
    const { registry, governors, outsider, batch } = await loadFixture(conversionFixture);
    await accredit(registry, governors, outsider, { scope: scope(0xffn, 0xfn, 8n, false) });
    await expect(record(registry, outsider, { id: randomBytes32(), sources: [batch.hashes[0]] }))
      .to.be.revertedWithCustomError(registry, "RegistryNotConverter")
      .withArgs(outsider.address);
  });

  it("refuses a conversion without sources", async function () {
    const { registry, institution } = await loadFixture(conversionFixture);
    await expect(record(registry, institution, { id: randomBytes32(), sources: [] })).to.be.revertedWithCustomError(
      registry,
      "RegistryNoSources",
    );
  });

  it("refuses a conversion id already taken", async function () {
    const { registry, institution, batch } = await loadFixture(conversionFixture);
    const id = ethers.id("conversion-1");
    await record(registry, institution, { id, sources: [batch.hashes[0]] });
    await expect(record(registry, institution, { id, sources: [batch.hashes[1]], programme: PROGRAMME_2 }))
      .to.be.revertedWithCustomError(registry, "RegistryConversionExists")
      .withArgs(id);
  });

  it("refuses a revoked or suspended source", async function () {
    const { registry, issuer, institution, batch } = await loadFixture(conversionFixture);
    const [revoked, suspended] = batch.hashes;
    await registry.connect(issuer).revoke(batch.root, revoked, batch.proofOf(revoked), 1);
    await registry.connect(issuer).suspend(batch.root, suspended, batch.proofOf(suspended), 1);
    await expect(record(registry, institution, { id: randomBytes32(), sources: [batch.hashes[5], revoked] }))
      .to.be.revertedWithCustomError(registry, "RegistrySourceRevoked")
      .withArgs(revoked);
    await expect(record(registry, institution, { id: randomBytes32(), sources: [suspended] }))
      .to.be.revertedWithCustomError(registry, "RegistrySourceSuspended")
      .withArgs(suspended);
    // once the suspension is lifted the source converts
    await registry.connect(issuer).liftSuspension(suspended);
    await expect(record(registry, institution, { id: randomBytes32(), sources: [suspended] })).to.emit(
      registry,
      "ConversionRecorded",
    );
  });

  it("refuses a double conversion into the same programme, naming the existing id", async function () {
    const { registry, governors, institution, issuer2, batch } = await loadFixture(conversionFixture);
    const first = ethers.id("conversion-1");
    const [a, b, c] = batch.hashes;
    await record(registry, institution, { id: first, sources: [a, b] });
    await expect(record(registry, institution, { id: ethers.id("conversion-2"), sources: [c, b] }))
      .to.be.revertedWithCustomError(registry, "RegistryAlreadyConverted")
      .withArgs(b, PROGRAMME, first);
    // c was not consumed by the failed attempt
    expect(await registry.conversionOf(anchoredIssuer, outcomeOf(c), institution.address, PROGRAMME)).to.equal(
      ethers.ZeroHash,
    );
    // another institution's programme of the same id is another programme (its own namespace)
    await accredit(registry, governors, issuer2, { scope: CONVERTER_SCOPE });
    await expect(record(registry, issuer2, { id: ethers.id("conversion-3"), sources: [a] })).to.emit(
      registry,
      "ConversionRecorded",
    );
  });

  it("refuses a source that is not in the root it names (issue 12)", async function () {
    const { registry, issuer, issuer2, institution, batch } = await loadFixture(conversionFixture);
    // a revoked credential named under another account's root would skip the status checks
    const revoked = batch.hashes[0];
    await registry.connect(issuer).revoke(batch.root, revoked, batch.proofOf(revoked), 1);
    const tree = ethers.id("an anchored root without the source");
    await registry.connect(issuer2).anchorBatch(tree, 1, scope());
    const elsewhere = boundRoot(tree, issuer2.address);
    await expect(record(registry, institution, { id: randomBytes32(), sources: [revoked], roots: [elsewhere] }))
      .to.be.revertedWithCustomError(registry, "RegistryInvalidProof")
      .withArgs(elsewhere, revoked);
  });

  it("programme ids are the institution's own: another college cannot squat them (issue 12)", async function () {
    const { registry, governors, institution, issuer2, batch } = await loadFixture(conversionFixture);
    await accredit(registry, governors, issuer2, { scope: CONVERTER_SCOPE });
    const h = batch.hashes[0];
    await record(registry, issuer2, { id: ethers.id("squat"), sources: [h] });
    await expect(record(registry, institution, { id: ethers.id("genuine"), sources: [h] })).to.emit(
      registry,
      "ConversionRecorded",
    );
  });

  it("refuses a source listed twice in one conversion", async function () {
    const { registry, institution, batch } = await loadFixture(conversionFixture);
    const id = ethers.id("conversion-dup");
    const h = batch.hashes[0];
    await expect(record(registry, institution, { id, sources: [h, h] }))
      .to.be.revertedWithCustomError(registry, "RegistryAlreadyConverted")
      .withArgs(h, PROGRAMME, id);
  });

  it("converts the same source into another programme", async function () {
    const { registry, institution, batch } = await loadFixture(conversionFixture);
    const h = batch.hashes[0];
    const [c1, c2] = [ethers.id("c1"), ethers.id("c2")];
    await record(registry, institution, { id: c1, sources: [h] });
    await expect(record(registry, institution, { id: c2, sources: [h], programme: PROGRAMME_2 })).to.emit(
      registry,
      "ConversionRecorded",
    );
    expect([...(await registry.conversionsOfSource(anchoredIssuer, h))]).to.deep.equal([c1, c2]);
  });

  it("revoking a source flags every conversion built on it", async function () {
    const { registry, issuer, institution, batch } = await loadFixture(conversionFixture);
    const [h, other] = batch.hashes;
    const [c1, c2, c3] = [ethers.id("c1"), ethers.id("c2"), ethers.id("c3")];
    await record(registry, institution, { id: c1, sources: [h, other] });
    await record(registry, institution, { id: c2, sources: [h], programme: PROGRAMME_2 });
    await record(registry, institution, { id: c3, sources: [batch.hashes[2]], programme: PROGRAMME_2 });
    const tx = registry.connect(issuer).revoke(batch.root, h, batch.proofOf(h), 9);
    await expect(tx).to.emit(registry, "ConversionFlagged").withArgs(c1, h);
    await expect(tx).to.emit(registry, "ConversionFlagged").withArgs(c2, h);
    expect((await registry.conversion(c1)).flagged).to.equal(true);
    expect((await registry.conversion(c2)).flagged).to.equal(true);
    expect((await registry.conversion(c3)).flagged).to.equal(false);
  });

  it("revoking an unconverted credential, or suspending a converted one, flags nothing", async function () {
    const { registry, issuer, institution, batch } = await loadFixture(conversionFixture);
    const [converted, plain] = batch.hashes;
    const id = ethers.id("c1");
    await record(registry, institution, { id, sources: [converted] });
    await expect(registry.connect(issuer).revoke(batch.root, plain, batch.proofOf(plain), 1)).to.not.emit(
      registry,
      "ConversionFlagged",
    );
    await expect(registry.connect(issuer).suspend(batch.root, converted, batch.proofOf(converted), 1)).to.not.emit(
      registry,
      "ConversionFlagged",
    );
    expect((await registry.conversion(id)).flagged).to.equal(false);
    expect((await registry.credentialState(anchoredIssuer, converted)).status).to.equal(CredentialStatus.Suspended);
  });

  // Zero is what conversionOf answers for "none": as an id it would reopen its sources.
  it("refuses conversion id zero (it would reopen its sources)", async function () {
    const { registry, institution, batch } = await loadFixture(conversionFixture);
    const h = batch.hashes[0];
    await expect(record(registry, institution, { id: ethers.ZeroHash, sources: [h] }))
      .to.be.revertedWithCustomError(registry, "RegistryEmptyConversionId");
  });

  it("refuses a source whose batch root is unknown", async function () {
    const { registry, institution, batch } = await loadFixture(conversionFixture);
    const h = batch.hashes[0];
    const unknown = ethers.id("not-a-root");
    await expect(record(registry, institution, { id: ethers.id("c-unknown"), sources: [h], roots: [unknown] }))
      .to.be.revertedWithCustomError(registry, "RegistryUnknownBatch")
      .withArgs(unknown);
  });

  it("converts an outcome once, whatever hash it comes under (issue 12)", async function () {
    const { registry, issuer, institution, batch } = await loadFixture(conversionFixture);
    // the same credential id re-issued: a new hash, anchored again, the same outcome id
    const [original, reissued] = [batch.hashes[0], ethers.id("re-signed copy")];
    const again = buildTree([reissued, ethers.id("filler")], issuer.address);
    await registry.connect(issuer).anchorBatch(again.treeRoot, 2, scope());
    const first = ethers.id("first");
    await record(registry, institution, { id: first, sources: [original] });
    await expect(
      record(registry, institution, {
        id: ethers.id("second"),
        sources: [reissued],
        outcomes: [outcomeOf(original)],
        batch: again,
      }),
    )
      .to.be.revertedWithCustomError(registry, "RegistryAlreadyConverted")
      .withArgs(reissued, PROGRAMME, first);
  });

  it("checks a source's status bit and flags the record when the bit is revoked", async function () {
    const { registry, issuer, institution, batch } = await loadFixture(conversionFixture);
    const [a, b, c] = batch.hashes;
    await registry.connect(issuer).revokeIndex(70, 1);
    await registry.connect(issuer).suspendIndexes([71], 1);
    await expect(record(registry, institution, { id: randomBytes32(), sources: [a], indexes: [70] }))
      .to.be.revertedWithCustomError(registry, "RegistrySourceRevoked")
      .withArgs(a);
    await expect(record(registry, institution, { id: randomBytes32(), sources: [b], indexes: [71] }))
      .to.be.revertedWithCustomError(registry, "RegistrySourceSuspended")
      .withArgs(b);
    const id = ethers.id("with-bits");
    await record(registry, institution, { id, sources: [c, b], indexes: [72, NO_INDEX] });
    expect((await registry.conversion(id)).flagged).to.equal(false);
    await registry.connect(issuer).suspendIndexes([72], 1); // suspension does not flag
    expect((await registry.conversion(id)).flagged).to.equal(false);
    await registry.connect(issuer).revokeIndex(72, 1);
    expect((await registry.conversion(id)).flagged).to.equal(true);
  });

  it("keeps each conversion's own evidence digest, and the event carries it", async function () {
    const { registry, institution, batch } = await loadFixture(conversionFixture);
    const [first, second] = [ethers.id("evidence-a"), ethers.id("evidence-b")];
    const a = ethers.id("conversion-a");
    const b = ethers.id("conversion-b");
    await record(registry, institution, { id: a, sources: [batch.hashes[0]], evidence: first });
    await expect(record(registry, institution, { id: b, sources: [batch.hashes[1]], evidence: second }))
      .to.emit(registry, "ConversionRecorded")
      .withArgs(b, institution.address, PROGRAMME, LEARNER, [batch.hashes[1]], 150n, RULES, second);
    expect((await registry.conversion(a)).evidenceDigest).to.equal(first);
    expect((await registry.conversion(b)).evidenceDigest).to.equal(second);
  });

  shouldGateOnAccreditation(anchoredFixture, {
    actor: (ctx) => ctx.institution,
    act: (ctx, a) => record(ctx.registry, a, { id: randomBytes32(), sources: [ctx.batch.hashes[0]], batch: ctx.batch }),
    scope: CONVERTER_SCOPE,
    expected: {
      active: null,
      never: (ctx, a) => ["RegistryNotConverter", a.address],
      suspended: (ctx, a) => ["RegistryNotConverter", a.address],
      withdrawn: (ctx, a) => ["RegistryNotConverter", a.address],
      notYetValid: (ctx, a) => ["RegistryNotConverter", a.address],
      expired: (ctx, a) => ["RegistryNotConverter", a.address],
    },
  });
});
