// Shared behaviour: a governance-only function refuses every direct caller.
const { expect } = require("chai");
const { loadFixture } = require("../fixtures");

/**
 * @param fixture A fixture returning { registry, governors, outsider }.
 * @param fn The function name.
 * @param argsOf (ctx) => the call's arguments.
 */
function shouldBeGovernanceOnly(fixture, fn, argsOf) {
  describe(`${fn} is governance-only`, function () {
    it("refuses a governor calling it directly", async function () {
      const ctx = await loadFixture(fixture);
      const [governor] = ctx.governors;
      await expect(ctx.registry.connect(governor)[fn](...argsOf(ctx)))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryOnlyThroughProposal")
        .withArgs(governor.address);
    });

    it("refuses an outsider calling it directly", async function () {
      const ctx = await loadFixture(fixture);
      await expect(ctx.registry.connect(ctx.outsider)[fn](...argsOf(ctx)))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryOnlyThroughProposal")
        .withArgs(ctx.outsider.address);
    });
  });
}

module.exports = { shouldBeGovernanceOnly };
