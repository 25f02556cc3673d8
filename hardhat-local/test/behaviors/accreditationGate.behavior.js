// Shared behaviour: an action that needs the caller's accreditation in force right now.
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time, accredit, govern, WIDE, DAY } = require("../fixtures");

/**
 * Runs `act` as an account in each accreditation state and checks the outcome.
 *
 * @param fixture A fixture returning { registry, governors, ... }.
 * @param options.actor (ctx) => the signer that acts.
 * @param options.act (ctx, actor) => a transaction promise.
 * @param options.expected Per state, (ctx, actor, window) => [errorName, ...args], or null when
 *   the action must succeed; a state left out is not tested here.
 *   States: never, suspended, withdrawn, notYetValid, expired, active.
 */
function shouldGateOnAccreditation(fixture, { actor, act, expected, scope = WIDE }) {
  const setups = {
    never: async () => ({}),
    active: async (ctx, a) => {
      await accredit(ctx.registry, ctx.governors, a, { scope });
      return {};
    },
    suspended: async (ctx, a) => {
      await accredit(ctx.registry, ctx.governors, a, { scope });
      await govern(ctx.registry, ctx.governors, "suspendAccreditation", [a.address]);
      return {};
    },
    withdrawn: async (ctx, a) => {
      await accredit(ctx.registry, ctx.governors, a, { scope });
      await govern(ctx.registry, ctx.governors, "withdrawAccreditation", [a.address]);
      return {};
    },
    notYetValid: async (ctx, a) => {
      const validFrom = (await time.latest()) + DAY;
      await accredit(ctx.registry, ctx.governors, a, { scope, validFrom, validUntil: validFrom + DAY });
      return { validFrom };
    },
    expired: async (ctx, a) => {
      const validUntil = (await time.latest()) + 60;
      await accredit(ctx.registry, ctx.governors, a, { scope, validUntil });
      await time.increase(120);
      return { validUntil };
    },
  };

  const labels = {
    never: "never accredited",
    active: "accredited and in its window",
    suspended: "suspended",
    withdrawn: "withdrawn",
    notYetValid: "accredited but not yet valid",
    expired: "whose accreditation expired",
  };

  describe("accreditation gate", function () {
    for (const [state, outcome] of Object.entries(expected)) {
      it(outcome === null ? `allows an account ${labels[state]}` : `refuses an account ${labels[state]}`, async function () {
        const ctx = await loadFixture(fixture);
        const a = actor(ctx);
        const window = await setups[state](ctx, a);
        const call = act(ctx, a);
        if (outcome === null) {
          await expect(call).not.to.be.reverted;
        } else {
          const [name, ...args] = outcome(ctx, a, window);
          await expect(call)
            .to.be.revertedWithCustomError(ctx.registry, name)
            .withArgs(...args);
        }
      });
    }
  });
}

/** A fresh random bytes32, for roots and ids a gate test does not care about. */
const randomBytes32 = () => ethers.hexlify(ethers.randomBytes(32));

module.exports = { shouldGateOnAccreditation, randomBytes32 };
