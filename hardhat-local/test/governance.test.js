const { expect } = require("chai");
const { ethers } = require("hardhat");
const { anyValue } = require("@nomicfoundation/hardhat-chai-matchers/withArgs");
const {
  GOVERNOR_ROLE,
  DEFAULT_ADMIN_ROLE,
  deployFixture,
  devFixture,
  govern,
  proposeOnly,
  loadFixture,
  time,
  DAY,
} = require("./fixtures");
const { shouldBeGovernanceOnly } = require("./behaviors/governanceOnly.behavior");

describe("Governance", function () {
  describe("deployment", function () {
    it("seats the governors and the quorum", async function () {
      const { registry, governors, outsider } = await loadFixture(deployFixture);
      expect(await registry.governorCount()).to.equal(3n);
      expect(await registry.quorum()).to.equal(2n);
      expect(await registry.proposalCount()).to.equal(0n);
      for (const g of governors) {
        expect(await registry.isGovernor(g.address)).to.equal(true);
        expect(await registry.hasRole(GOVERNOR_ROLE, g.address)).to.equal(true);
      }
      expect(await registry.isGovernor(outsider.address)).to.equal(false);
      expect(await registry.GOVERNOR_ROLE()).to.equal(GOVERNOR_ROLE);
      expect(await registry.DEFAULT_ADMIN_ROLE()).to.equal(DEFAULT_ADMIN_ROLE);
      expect(await registry.getRoleAdmin(GOVERNOR_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, governors[0].address)).to.equal(false);
    });

    it("emits GovernorAdded for each governor and QuorumChanged once", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      const tx = registry.deploymentTransaction();
      for (const g of governors) await expect(tx).to.emit(registry, "GovernorAdded").withArgs(g.address);
      await expect(tx).to.emit(registry, "QuorumChanged").withArgs(0n, 2n);
      // the admin of GOVERNOR_ROLE stays DEFAULT_ADMIN_ROLE, which nobody holds
      await expect(tx).to.not.emit(registry, "RoleAdminChanged");
    });

    it("reports ERC-165 support for IAccessControl", async function () {
      const { registry } = await loadFixture(deployFixture);
      expect(await registry.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
      expect(await registry.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await registry.supportsInterface("0xffffffff")).to.equal(false);
    });

    describe("refuses bad constructor arguments", function () {
      let Registry, signers;
      before(async function () {
        Registry = await ethers.getContractFactory("CreditBankRegistry");
        signers = (await ethers.getSigners()).slice(0, 3).map((s) => s.address);
      });

      it("quorum zero", async function () {
        await expect(Registry.deploy(signers, 0))
          .to.be.revertedWithCustomError(Registry, "RegistryInvalidQuorum")
          .withArgs(0n, 3n);
      });

      it("quorum above the governor count", async function () {
        await expect(Registry.deploy(signers, 4))
          .to.be.revertedWithCustomError(Registry, "RegistryInvalidQuorum")
          .withArgs(4n, 3n);
      });

      it("no governors", async function () {
        await expect(Registry.deploy([], 1))
          .to.be.revertedWithCustomError(Registry, "RegistryInvalidQuorum")
          .withArgs(1n, 0n);
      });

      it("the zero address as a governor", async function () {
        await expect(Registry.deploy([signers[0], ethers.ZeroAddress], 1)).to.be.revertedWithCustomError(
          Registry,
          "RegistryZeroAddress",
        );
      });

      it("a governor listed twice", async function () {
        await expect(Registry.deploy([signers[0], signers[1], signers[0]], 2))
          .to.be.revertedWithCustomError(Registry, "RegistryGovernorExists")
          .withArgs(signers[0]);
      });
    });
  });

  describe("propose", function () {
    it("records the proposal and the proposer's approval, below quorum without executing", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const action = registry.interface.encodeFunctionData("addGovernor", [newGovernor.address]);
      const tx = registry.connect(governors[0]).propose(action);
      await expect(tx)
        .to.emit(registry, "ProposalCreated")
        .withArgs(1n, governors[0].address, ethers.keccak256(action));
      await expect(tx).to.emit(registry, "ProposalApproved").withArgs(1n, governors[0].address, 1n);
      await expect(tx).to.not.emit(registry, "ProposalExecuted");
      await expect(tx).to.not.emit(registry, "GovernorAdded");

      expect(await registry.proposalCount()).to.equal(1n);
      const p = await registry.proposal(1n);
      expect(p.actionHash).to.equal(ethers.keccak256(action));
      expect(p.proposer).to.equal(governors[0].address);
      expect(p.approvals).to.equal(1n);
      expect(p.executed).to.equal(false);
      expect(await registry.proposalAction(1n)).to.equal(action);
      expect(await registry.hasApproved(1n, governors[0].address)).to.equal(true);
      expect(await registry.hasApproved(1n, governors[1].address)).to.equal(false);
      expect(await registry.isGovernor(newGovernor.address)).to.equal(false);
    });

    it("returns increasing ids from 1", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      const action = registry.interface.encodeFunctionData("setQuorum", [3]);
      expect(await registry.connect(governors[0]).propose.staticCall(action)).to.equal(1n);
      await registry.connect(governors[0]).propose(action);
      expect(await registry.connect(governors[1]).propose.staticCall(action)).to.equal(2n);
    });

    it("is refused to a non-governor", async function () {
      const { registry, outsider } = await loadFixture(deployFixture);
      const action = registry.interface.encodeFunctionData("addGovernor", [outsider.address]);
      await expect(registry.connect(outsider).propose(action))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, GOVERNOR_ROLE);
    });

    it("executes at once when the quorum is 1", async function () {
      const { registry, governors, newGovernor } = await loadFixture(devFixture);
      const action = registry.interface.encodeFunctionData("addGovernor", [newGovernor.address]);
      const tx = registry.connect(governors[0]).propose(action);
      await expect(tx).to.emit(registry, "ProposalApproved").withArgs(1n, governors[0].address, 1n);
      await expect(tx).to.emit(registry, "ProposalExecuted").withArgs(1n);
      await expect(tx).to.emit(registry, "GovernorAdded").withArgs(newGovernor.address);
      expect((await registry.proposal(1n)).executed).to.equal(true);
    });

    it("reverts as a whole when the action fails at quorum 1", async function () {
      const { registry, governors } = await loadFixture(devFixture);
      const action = registry.interface.encodeFunctionData("addGovernor", [governors[0].address]);
      await expect(registry.connect(governors[0]).propose(action))
        .to.be.revertedWithCustomError(registry, "RegistryGovernorExists")
        .withArgs(governors[0].address);
      expect(await registry.proposalCount()).to.equal(0n);
    });
  });

  describe("approve (2-of-3)", function () {
    it("executes on the approval that meets the quorum", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      const tx = registry.connect(governors[1]).approve(id);
      await expect(tx).to.emit(registry, "ProposalApproved").withArgs(id, governors[1].address, 2n);
      await expect(tx).to.emit(registry, "ProposalExecuted").withArgs(id);
      await expect(tx).to.emit(registry, "GovernorAdded").withArgs(newGovernor.address);
      await expect(tx)
        .to.emit(registry, "RoleGranted")
        .withArgs(GOVERNOR_ROLE, newGovernor.address, await registry.getAddress());
      const p = await registry.proposal(id);
      expect(p.approvals).to.equal(2n);
      expect(p.executed).to.equal(true);
      expect(await registry.isGovernor(newGovernor.address)).to.equal(true);
      expect(await registry.governorCount()).to.equal(4n);
    });

    it("refuses a later approval once executed", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const { proposalId } = await govern(registry, governors, "addGovernor", [newGovernor.address]);
      await expect(registry.connect(governors[2]).approve(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryProposalAlreadyExecuted")
        .withArgs(proposalId);
    });

    it("refuses a second approval by the same governor", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      await expect(registry.connect(governors[0]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryProposalAlreadyApproved")
        .withArgs(id, governors[0].address);
    });

    it("refuses unknown proposal ids", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      await expect(registry.connect(governors[0]).approve(0n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProposal")
        .withArgs(0n);
      await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      await expect(registry.connect(governors[1]).approve(2n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProposal")
        .withArgs(2n);
    });

    it("is refused to a non-governor", async function () {
      const { registry, governors, outsider } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "setQuorum", [3]);
      await expect(registry.connect(outsider).approve(id))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, GOVERNOR_ROLE);
    });

    it("bubbles the action's custom error and leaves the proposal pending", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [governors[2].address]);
      await expect(registry.connect(governors[1]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryGovernorExists")
        .withArgs(governors[2].address);
      const p = await registry.proposal(id);
      expect(p.executed).to.equal(false);
      expect(p.approvals).to.equal(1n);
      expect(await registry.hasApproved(id, governors[1].address)).to.equal(false);
    });

    it("reverts the executing approval when the action is not a registry function", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      await registry.connect(governors[0]).propose("0xdeadbeef");
      await expect(registry.connect(governors[1]).approve(1n)).to.be.reverted;
    });
  });

  describe("reject (2-of-3)", function () {
    it("counts a rejection and leaves the proposal open while the quorum can still be reached", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      const tx = registry.connect(governors[1]).reject(id);
      await expect(tx).to.emit(registry, "ProposalRejected").withArgs(id, governors[1].address, 1n);
      await expect(tx).to.not.emit(registry, "ProposalDefeated");
      expect(await registry.rejections(id)).to.equal(1n);
      expect(await registry.hasRejected(id, governors[1].address)).to.equal(true);
      expect(await registry.hasRejected(id, governors[2].address)).to.equal(false);
      await expect(registry.connect(governors[2]).approve(id)).to.emit(registry, "ProposalExecuted").withArgs(id);
      expect(await registry.isGovernor(newGovernor.address)).to.equal(true);
    });

    it("defeats the proposal once the rest cannot reach the quorum, and nothing runs it after", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      await registry.connect(governors[1]).reject(id);
      const tx = registry.connect(governors[2]).reject(id);
      await expect(tx).to.emit(registry, "ProposalRejected").withArgs(id, governors[2].address, 2n);
      await expect(tx).to.emit(registry, "ProposalDefeated").withArgs(id);
      await expect(registry.connect(governors[0]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryProposalDefeated")
        .withArgs(id);
      expect((await registry.proposal(id)).executed).to.equal(false);
      expect(await registry.isGovernor(newGovernor.address)).to.equal(false);
    });

    it("lets a governor decide once: no rejection after an approval, no approval after a rejection", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      await expect(registry.connect(governors[0]).reject(id))
        .to.be.revertedWithCustomError(registry, "RegistryProposalAlreadyApproved")
        .withArgs(id, governors[0].address);
      await registry.connect(governors[1]).reject(id);
      await expect(registry.connect(governors[1]).reject(id))
        .to.be.revertedWithCustomError(registry, "RegistryProposalAlreadyRejected")
        .withArgs(id, governors[1].address);
      await expect(registry.connect(governors[1]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryProposalAlreadyRejected")
        .withArgs(id, governors[1].address);
    });

    it("refuses unknown, executed, lapsed and outsiders' rejections", async function () {
      const { registry, governors, newGovernor, outsider } = await loadFixture(deployFixture);
      await expect(registry.connect(governors[1]).reject(7n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProposal")
        .withArgs(7n);
      const { proposalId } = await govern(registry, governors, "addGovernor", [newGovernor.address]);
      await expect(registry.connect(governors[2]).reject(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryProposalAlreadyExecuted")
        .withArgs(proposalId);
      const id = await proposeOnly(registry, governors[0], "setQuorum", [3]);
      await expect(registry.connect(outsider).reject(id))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, GOVERNOR_ROLE);
      await time.increase(15 * DAY);
      await expect(registry.connect(governors[1]).reject(id)).to.be.revertedWithCustomError(
        registry,
        "RegistryProposalExpired"
      );
    });
  });

  describe("addGovernor", function () {
    it("refuses the zero address", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [ethers.ZeroAddress]);
      await expect(registry.connect(governors[1]).approve(id)).to.be.revertedWithCustomError(
        registry,
        "RegistryZeroAddress",
      );
    });

    it("lets the new governor propose", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      await govern(registry, governors, "addGovernor", [newGovernor.address]);
      await expect(registry.connect(newGovernor).propose(registry.interface.encodeFunctionData("setQuorum", [3])))
        .to.emit(registry, "ProposalCreated")
        .withArgs(2n, newGovernor.address, anyValue);
    });
  });

  describe("removeGovernor", function () {
    it("removes a governor", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      const { tx } = await govern(registry, governors, "removeGovernor", [governors[2].address]);
      await expect(tx).to.emit(registry, "GovernorRemoved").withArgs(governors[2].address);
      await expect(tx)
        .to.emit(registry, "RoleRevoked")
        .withArgs(GOVERNOR_ROLE, governors[2].address, await registry.getAddress());
      expect(await registry.governorCount()).to.equal(2n);
      expect(await registry.isGovernor(governors[2].address)).to.equal(false);
      await expect(registry.connect(governors[2]).propose("0x"))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(governors[2].address, GOVERNOR_ROLE);
    });

    it("refuses a non-governor", async function () {
      const { registry, governors, outsider } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "removeGovernor", [outsider.address]);
      await expect(registry.connect(governors[1]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryNotAGovernor")
        .withArgs(outsider.address);
    });

    it("refuses to leave fewer governors than the quorum", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      await govern(registry, governors, "setQuorum", [3]);
      const id = await proposeOnly(registry, governors[0], "removeGovernor", [governors[2].address]);
      await registry.connect(governors[1]).approve(id);
      await expect(registry.connect(governors[2]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidQuorum")
        .withArgs(3n, 2n);
    });

    // A removal bumps the governor epoch: approvals gathered before it no longer count.
    it("does not count approvals of a governor removed since", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const pending = await proposeOnly(registry, governors[2], "addGovernor", [newGovernor.address]);
      await govern(registry, governors, "removeGovernor", [governors[2].address]);
      await expect(registry.connect(governors[0]).approve(pending))
        .to.be.revertedWithCustomError(registry, "RegistryProposalStale")
        .withArgs(pending);
      expect(await registry.isGovernor(newGovernor.address)).to.equal(false);
    });
  });

  describe("expiry and quorum changes (issue 12)", function () {
    it("a proposal expires PROPOSAL_LIFETIME after it was made", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const lifetime = await registry.PROPOSAL_LIFETIME();
      expect(lifetime).to.equal(BigInt(14 * DAY));
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      const expiresAt = (await registry.proposal(id)).expiresAt;
      expect(expiresAt).to.equal(BigInt(await time.latest()) + lifetime);
      await time.increaseTo(expiresAt + 1n);
      await expect(registry.connect(governors[1]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryProposalExpired")
        .withArgs(id, expiresAt);
      expect(await registry.isGovernor(newGovernor.address)).to.equal(false);
    });

    it("a proposal may still be approved on its last second", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      const expiresAt = (await registry.proposal(id)).expiresAt;
      await time.setNextBlockTimestamp(expiresAt);
      await expect(registry.connect(governors[1]).approve(id)).to.emit(registry, "ProposalExecuted").withArgs(id);
    });

    it("a quorum change makes pending proposals stale", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      // approved by one of two under the old quorum; the new quorum of 3 must count afresh
      const pending = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      await govern(registry, governors, "setQuorum", [3]);
      await expect(registry.connect(governors[1]).approve(pending))
        .to.be.revertedWithCustomError(registry, "RegistryProposalStale")
        .withArgs(pending);
      // and lowering it cannot turn old approvals into an instant majority
      const low = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      await govern(registry, governors, "setQuorum", [1]);
      await expect(registry.connect(governors[1]).approve(low))
        .to.be.revertedWithCustomError(registry, "RegistryProposalStale")
        .withArgs(low);
      expect(await registry.isGovernor(newGovernor.address)).to.equal(false);
    });
  });

  describe("setQuorum", function () {
    it("changes the quorum", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      const { tx } = await govern(registry, governors, "setQuorum", [3]);
      await expect(tx).to.emit(registry, "QuorumChanged").withArgs(2n, 3n);
      expect(await registry.quorum()).to.equal(3n);
    });

    it("refuses zero and more than the governors", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      let id = await proposeOnly(registry, governors[0], "setQuorum", [0]);
      await expect(registry.connect(governors[1]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidQuorum")
        .withArgs(0n, 3n);
      id = await proposeOnly(registry, governors[0], "setQuorum", [4]);
      await expect(registry.connect(governors[1]).approve(id))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidQuorum")
        .withArgs(4n, 3n);
    });

    it("makes the next proposal wait for the new quorum", async function () {
      const { registry, governors, newGovernor } = await loadFixture(deployFixture);
      await govern(registry, governors, "setQuorum", [3]);
      const id = await proposeOnly(registry, governors[0], "addGovernor", [newGovernor.address]);
      await expect(registry.connect(governors[1]).approve(id)).to.not.emit(registry, "ProposalExecuted");
      await expect(registry.connect(governors[2]).approve(id)).to.emit(registry, "ProposalExecuted").withArgs(id);
    });
  });

  shouldBeGovernanceOnly(deployFixture, "addGovernor", (ctx) => [ctx.outsider.address]);
  shouldBeGovernanceOnly(deployFixture, "removeGovernor", (ctx) => [ctx.governors[2].address]);
  shouldBeGovernanceOnly(deployFixture, "setQuorum", () => [1]);

  describe("roles outside governance", function () {
    it("nobody can grantRole GOVERNOR_ROLE: no account holds the admin role", async function () {
      const { registry, governors, outsider } = await loadFixture(deployFixture);
      for (const caller of [governors[0], outsider]) {
        await expect(registry.connect(caller).grantRole(GOVERNOR_ROLE, outsider.address))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
      }
    });

    it("not even the registry itself through a proposal", async function () {
      const { registry, governors, outsider } = await loadFixture(deployFixture);
      const id = await proposeOnly(registry, governors[0], "grantRole", [GOVERNOR_ROLE, outsider.address]);
      await expect(registry.connect(governors[1]).approve(id))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(await registry.getAddress(), DEFAULT_ADMIN_ROLE);
    });

    it("nobody can revokeRole a governor", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      await expect(registry.connect(governors[0]).revokeRole(GOVERNOR_ROLE, governors[1].address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(governors[0].address, DEFAULT_ADMIN_ROLE);
    });

    it("a governor may renounce while the quorum can still be met", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      const tx = registry.connect(governors[2]).renounceRole(GOVERNOR_ROLE, governors[2].address);
      await expect(tx).to.emit(registry, "GovernorRemoved").withArgs(governors[2].address);
      await expect(tx)
        .to.emit(registry, "RoleRevoked")
        .withArgs(GOVERNOR_ROLE, governors[2].address, governors[2].address);
      expect(await registry.governorCount()).to.equal(2n);
      expect(await registry.isGovernor(governors[2].address)).to.equal(false);
    });

    it("renounceRole below the quorum fails", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      await registry.connect(governors[2]).renounceRole(GOVERNOR_ROLE, governors[2].address);
      await expect(registry.connect(governors[1]).renounceRole(GOVERNOR_ROLE, governors[1].address))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidQuorum")
        .withArgs(2n, 1n);
      expect(await registry.governorCount()).to.equal(2n);
    });

    it("the only governor of a dev chain cannot renounce", async function () {
      const { registry, governors } = await loadFixture(devFixture);
      await expect(registry.connect(governors[0]).renounceRole(GOVERNOR_ROLE, governors[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidQuorum")
        .withArgs(1n, 0n);
    });

    it("renouncing for another account fails and changes nothing", async function () {
      const { registry, governors } = await loadFixture(deployFixture);
      await expect(
        registry.connect(governors[0]).renounceRole(GOVERNOR_ROLE, governors[1].address),
      ).to.be.revertedWithCustomError(registry, "AccessControlBadConfirmation");
      expect(await registry.governorCount()).to.equal(3n);
      expect(await registry.isGovernor(governors[1].address)).to.equal(true);
    });

    it("renouncing a role not held is a no-op", async function () {
      const { registry, outsider } = await loadFixture(deployFixture);
      const tx = registry.connect(outsider).renounceRole(GOVERNOR_ROLE, outsider.address);
      await expect(tx).to.not.emit(registry, "GovernorRemoved");
      await expect(tx).to.not.emit(registry, "RoleRevoked");
      expect(await registry.governorCount()).to.equal(3n);
    });
  });
});
