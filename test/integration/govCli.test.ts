import { expect } from "chai";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Interface, parseUnits } from "ethers";
import { network } from "hardhat";
import { GOVERNANCE } from "../../deploy/config/localhost.js";
import {
  execute,
  feeChangeAction,
  formatStatus,
  GovernanceError,
  loadGovernance,
  propose,
  proposalStatus,
  queue,
  resolveTarget,
  vote,
} from "../../deploy/governance/lib.js";
import { describeRevert } from "../../deploy/governance/errors.js";
import { deployLocalGovernance } from "../../deploy/lib/governance.js";
import { buildManifest, writeManifest } from "../../deploy/lib/manifest.js";
import { deployLocalProtocol } from "../../deploy/lib/protocol.js";
import { IndexVault__factory, TMAI__factory, VeTMAI__factory } from "../../types/ethers-contracts/index.js";

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(GovernanceError);
    return (err as Error).message;
  }
  throw new Error("expected a GovernanceError");
}

describe("governance CLI library (npm run gov) on the local stack", function () {
  it("locks and delegates, proposes a fee change, votes, queues, executes; errors say what to do", async function () {
    const { ethers, networkHelpers } = await network.create();
    const [deployer, holder, delegatee, nobody] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!, { fundAccounts: [holder!.address] });
    const g = await deployLocalGovernance(deployer!, d);
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-gov-")), "localhost.json");
    await writeManifest(
      manifestPath,
      buildManifest(d, { network: "hardhat", chainId: 31337, rpcUrl: "in-process", startBlock: 0 }, { governance: g }),
    );
    const gov = await loadGovernance(manifestPath);
    expect(gov.governor).to.equal(g.governor);

    // A holder locks TMAI for a year and delegates its votes to another account, which proposes.
    const WEEK = 7 * 86_400;
    const veTmai = VeTMAI__factory.connect(d.ve, holder);
    await (await TMAI__factory.connect(d.tmai, holder).approve(d.ve, 2n ** 256n - 1n)).wait();
    await (await veTmai.createLock(parseUnits("50000", 18), (await networkHelpers.time.latest()) + 52 * WEEK)).wait();
    await (await veTmai.delegate(delegatee!.address)).wait();
    await networkHelpers.mine(2);

    const vault = IndexVault__factory.connect(d.demoIndex, deployer);
    const action = feeChangeAction(resolveTarget(gov, "DemoIndex"), "management", "0.03");
    // Error path: an account without veTMAI cannot propose, and is told the numbers.
    expect(await errorOf(propose(gov, nobody!, [action], "Raise the fee"))).to.equal(
      "not enough voting power: you have 0.0 veTMAI, threshold is 1000.0 veTMAI. " +
        "Lock TMAI (or get votes delegated) and try again; power counts from the second after the lock.",
    );

    const proposed = await propose(gov, delegatee!, [action], "Raise the GDEMO management fee to 3 %");
    let status = await proposalStatus(gov, ethers.provider, proposed.proposalId);
    expect(status.state).to.equal("Pending");
    expect(status.proposer).to.equal(delegatee!.address);
    expect(await errorOf(vote(gov, delegatee!, proposed.proposalId, "for"))).to.match(
      /^Proposal is Pending: voting starts at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; vote after that$/,
    );

    await networkHelpers.time.increaseTo(proposed.snapshot + 1n);
    const voted = await vote(gov, delegatee!, proposed.proposalId, "for", "fees fund the stakers");
    expect(voted.weight > 0n).to.equal(true);
    await vote(gov, deployer!, proposed.proposalId, "abstain");
    expect(await errorOf(queue(gov, delegatee!, proposed.proposalId))).to.match(
      /^Proposal is Active: voting ends at .*Z; queue after that$/,
    );
    status = await proposalStatus(gov, ethers.provider, proposed.proposalId);
    expect(status.state).to.equal("Active");
    expect(status.votes.for).to.equal(voted.weight);
    expect(status.votes.abstain > 0n).to.equal(true);
    expect(status.quorumReached).to.equal(status.votes.for + status.votes.abstain);
    expect(formatStatus(status).join("\n")).to.match(
      /state: +Active[\s\S]*quorum: .* veTMAI of .* veTMAI needed \(reached\)/,
    );

    await networkHelpers.time.increaseTo(status.deadline + 1n);
    const queued = await queue(gov, nobody!, proposed.proposalId);
    expect((await proposalStatus(gov, ethers.provider, proposed.proposalId)).state).to.equal("Queued");
    expect(await errorOf(execute(gov, nobody!, proposed.proposalId))).to.match(
      /^Proposal is Queued: the timelock delay ends at .*Z \(in \d+ s\); execute after that$/,
    );
    expect(
      queued.eta - BigInt(await networkHelpers.time.latest()) <= BigInt(GOVERNANCE.timelockMinDelaySeconds),
    ).to.equal(true);
    await networkHelpers.time.increaseTo(queued.eta);
    await execute(gov, nobody!, proposed.proposalId);
    expect((await proposalStatus(gov, ethers.provider, proposed.proposalId)).state).to.equal("Executed");
    expect(await vault.managementFee()).to.equal(parseUnits("0.03", 18));
  });
});

describe("governance CLI errors: revert data decoded by name", function () {
  it("names custom errors with their arguments, reasons, panics, and says when it does not know one", function () {
    const vault = IndexVault__factory.createInterface();
    expect(
      describeRevert(vault.encodeErrorResult("FeeTooHigh", [parseUnits("0.5", 18), parseUnits("0.05", 18)])),
    ).to.equal("FeeTooHigh(fee: 500000000000000000, max: 50000000000000000): 50 % is above the cap of 5 %");
    const admin = "0x" + "00".repeat(32);
    const account = "0x000000000000000000000000000000000000dEaD";
    expect(describeRevert(vault.encodeErrorResult("AccessControlUnauthorizedAccount", [account, admin]))).to.equal(
      `AccessControlUnauthorizedAccount(account: ${account}, neededRole: ${admin}): ${account} does not hold DEFAULT_ADMIN_ROLE`,
    );
    const builtin = new Interface(["error Error(string)", "error Panic(uint256)"]);
    expect(describeRevert(builtin.encodeErrorResult("Error", ["not allowed"]))).to.equal('reverted: "not allowed"');
    expect(describeRevert(builtin.encodeErrorResult("Panic", [0x11]))).to.equal(
      "panicked: arithmetic overflow or underflow (0x11)",
    );
    expect(describeRevert("0xdeadbeef")).to.equal("reverted with an unknown error 0xdeadbeef");
    expect(describeRevert("0x")).to.equal("reverted without a reason");
  });
});
